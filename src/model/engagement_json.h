/* engagement_json.h — engagement in the plan's interchange: dialturn-plan/1's
 * "engagement" key (doc/dialturn.1, "INTERCHANGE ADDITIONS").
 *
 * Kept in struct plan as its canonical JSON (p->engagement), as money's
 * sections are: engagement_read_json() checks a document's (after the themes
 * and actions, whose refs it resolves) and keeps a canonical copy, every
 * member in a fixed order with nulls written; engagement_load_plan() reads
 * the database's; engagement_store() writes it through the ledger, events
 * and feedback matched by ref and participants by position, so importing the
 * same file twice changes nothing and export is byte-identical. */
#ifndef DIALTURN_ENGAGEMENT_JSON_H
#define DIALTURN_ENGAGEMENT_JSON_H
#include "model/db.h"
#include "model/plan.h"
#include <jansson.h>

/* Checks doc's "engagement" (absent or an array) and keeps it in p.
 * Returns 0, or -1 with "engagement[0].feedback[1].theme: ..." in err. */
int engagement_read_json(struct plan *p, json_t *doc, char *err, size_t errlen);

/* Loads the database's engagement into p.  Returns 0 or -1 (db->err). */
int engagement_load_plan(struct db *db, struct plan *p);

/* Writes p's engagement through the ledger, inside the caller's
 * transaction.  Returns 0 or -1 (db->err). */
int engagement_store(struct db *db, const struct plan *p);

/* The section as written (a new reference, events sorted by ref), or NULL
 * when empty. */
json_t *engagement_section(const struct plan *p);

#endif

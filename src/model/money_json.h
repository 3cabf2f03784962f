/* money_json.h — cost agreements and expenses in the plan's interchange:
 * dialturn-plan/1's "agreements" and "expenses" keys (doc/dialturn.1,
 * "INTERCHANGE ADDITIONS").
 *
 * Kept in struct plan as their JSON (p->agreements, p->expenses), as the
 * panel's sections are: money_read_json() checks a document's and keeps a
 * copy; money_load_plan() reads the database's; money_store() writes them
 * through the ledger, each row matched by its ref (an agreement's shares by
 * position), so importing the same file twice changes nothing.  Receipts are
 * documents, which the interchange does not carry. */
#ifndef DIALTURN_MONEY_JSON_H
#define DIALTURN_MONEY_JSON_H
#include "model/db.h"
#include "model/plan.h"
#include <jansson.h>

/* Checks doc's "agreements" and "expenses" (each absent or an array) and
 * keeps them in p.  Returns 0, or -1 with "agreements[2].shares: ..." in err. */
int money_read_json(struct plan *p, json_t *doc, char *err, size_t errlen);

/* Loads the database's agreements and expenses into p.  Returns 0 or -1 (db->err). */
int money_load_plan(struct db *db, struct plan *p);

/* Writes p's agreements and expenses through the ledger, inside the
 * caller's transaction.  Returns 0 or -1 (db->err). */
int money_store(struct db *db, const struct plan *p);

/* The sections as written (new references, sorted by ref), or NULL when empty. */
json_t *money_agreements_section(const struct plan *p);
json_t *money_expenses_section(const struct plan *p);

#endif

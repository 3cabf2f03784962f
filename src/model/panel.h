/* panel.h — the independent panel and its meetings in the plan interchange.
 *
 * The "panel" and "meetings" sections of dialturn-plan/1 (plan-format.md) are
 * kept in struct plan as their canonical JSON: panel_read_json() checks and
 * normalises a document's sections (every field present, keys in the
 * format's order, arrays in ref or time order) and merges them, by ref, into
 * what the plan already holds; panel_store() writes them through the ledger;
 * panel_load() reads them back into the same canonical form, so export →
 * import → export is byte-identical.  The web layer edits a meeting the same
 * way: load it, change the JSON, store it (model/meeting.h).
 *
 *   "panel": {"remit": Markdown,
 *             "members": [{"ref", "person", "role", "appointed_by",
 *                          "appointed_on", "ended_on",
 *                          "leads": [{"kind": theme|action|recommendation, "ref"}]}]}
 *   "meetings": [{"ref", "kind", "title", "starts_at", "ends_at", "place",
 *                 "webcast_url", "open", "status", "agenda", "minutes", "sequence",
 *                 "attendance": [{"person", "kind", "presence"}],
 *                 "items": [{"title", "exempt_paragraph", "exempt_reason",
 *                            "presenter", "minutes", "decision",
 *                            "declarations": [{"person", "kind", "nature"}]}],
 *                 "actions": [{"ref", "item", "text", "owner", "due", "action",
 *                              "done_on"}],
 *                 "corrections": [{"on", "note"}]}]
 *
 * Times are UTC, "YYYY-MM-DDTHH:MM:SSZ".  An item is exempt exactly when it
 * cites its paragraph (1-7) of Schedule 12A to the Local Government Act 1972. */
#ifndef DIALTURN_PANEL_H
#define DIALTURN_PANEL_H
#include "model/db.h"
#include "model/plan.h"
#include <jansson.h>
#include <stdbool.h>

/* Checks the "panel" and "meetings" members of doc (either may be absent)
 * against p (refs of people, themes, actions and recommendations must
 * resolve) and merges them into p->panel and p->meetings.  Returns 0, or -1
 * with "path.field: problem" in err. */
int panel_read_json(struct plan *p, json_t *doc, char *err, size_t errlen);

/* Checks and normalises one meeting object (as the format holds it) against
 * p's people and actions; `path` ("meetings[2]") prefixes messages.  Returns
 * a new reference, or NULL with "path.field: problem" in err. */
json_t *meeting_normalise(const struct plan *p, json_t *m, const char *path, char *err,
                          size_t errlen);

/* Reads the panel and the meetings from db into p->panel and p->meetings
 * (canonical form; both NULL when there are none).  Returns 0, or -1 with
 * db->err set. */
int panel_load(struct db *db, struct plan *p);

/* panel_load() into *panel and *meetings (new references or NULL); with
 * `ids`, each meeting keeps its row's "id" and each item its "item_id", for
 * the pages (model/meeting.h).  Returns 0, or -1 with db->err set. */
int panel_load_all(struct db *db, json_t **panel, json_t **meetings, bool ids);

/* Writes p->panel and p->meetings through the ledger, in the caller's
 * transaction (rows that did not change are left alone).  Returns 0, or -1
 * with db->err set. */
int panel_store(struct db *db, const struct plan *p);

/* Writes one canonical meeting object through the ledger (its children
 * keyed by position, the rows beyond the new lists deleted).  Returns the
 * meeting's id, or -1 with db->err set. */
int64_t meeting_store(struct db *db, json_t *m);

/* The sections as the export writes them: new references, or NULL when the
 * plan has none (the member is then left out of the document). */
json_t *panel_section(const struct plan *p);
json_t *meetings_section(const struct plan *p);

/* Whether s is a UTC time "YYYY-MM-DDTHH:MM:SSZ". */
bool panel_time_valid(const char *s);

#endif

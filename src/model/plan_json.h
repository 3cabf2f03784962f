/* plan_json.h — the interchange format "dialturn-plan/1" (plan-format.md).
 *
 * plan_read_json() merges a parsed document into a plan, object by object and
 * keyed by ref; each object in the document is its whole new state (absent
 * fields take their defaults).  It refuses the first problem it meets, naming
 * the JSON path and field; the caller then throws the plan away, so nothing is
 * half-imported.  plan_write_json() produces the canonical export: keys in the
 * format's order, arrays in ref or date order, two-space indentation. */
#ifndef DIALTURN_PLAN_JSON_H
#define DIALTURN_PLAN_JSON_H
#include "model/plan.h"
#include <jansson.h>

#define PLAN_FORMAT "dialturn-plan/1"

/* Merges doc into p.  Returns 0, or -1 with "path: problem" in err. */
int plan_read_json(struct plan *p, json_t *doc, char *err, size_t errlen);

/* Parses the text of a document and merges it into p, as json_loadb() with
 * JSON_REJECT_DUPLICATES then plan_read_json() would, with the same outcome
 * and messages, but without ever holding the tree of all the updates.
 * Returns 0; -1 with "path: problem" in err; or -2 when the text is not
 * valid JSON, with jansson's error for the whole text in *je.  `data` is
 * borrowed. */
int plan_read_json_text(struct plan *p, const char *data, size_t len, json_error_t *je, char *err,
                        size_t errlen);

/* Builds the export document (new reference; caller decrefs). */
json_t *plan_to_json(const struct plan *p);

/* Dumps a document in the canonical text form, with a final newline.
 * Returns a malloc'd string the caller frees. */
char *plan_dump_json(const json_t *doc);

#endif

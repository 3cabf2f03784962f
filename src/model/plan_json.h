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

/* Builds the export document (new reference; caller decrefs). */
json_t *plan_to_json(const struct plan *p);

/* Dumps a document in the canonical text form, with a final newline.
 * Returns a malloc'd string the caller frees. */
char *plan_dump_json(const json_t *doc);

#endif

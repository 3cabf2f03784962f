/* plan_json.h — the interchange format "dialturn-plan/1" (plan-format.md).
 *
 * plan_read_json() merges a parsed document into a plan, object by object and
 * keyed by ref; each object in the document is its whole new state (absent
 * fields take their defaults).  It refuses the first problem it meets, naming
 * the JSON path and field; the caller then throws the plan away, so nothing is
 * half-imported.  The writers (model/plan_write.c) produce the canonical
 * export: keys in the format's order, arrays in ref or date order, two-space
 * indentation, a final newline; plan_write_json() streams it, the others
 * build it whole, and both give the same bytes. */
#ifndef DIALTURN_PLAN_JSON_H
#define DIALTURN_PLAN_JSON_H
#include "model/plan.h"
#include <jansson.h>
#include <stdio.h>

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

/* The message of the JSON syntax error *je in the input `name` (NULL: none):
 * "name:LINE:COLUMN: what jansson says", into err[errlen].  jansson quotes
 * the input near the error, which may be any bytes (half a character, a
 * terminal escape), so its text is made safe (lib/text.h, text_printf). */
void plan_json_syntax_message(const char *name, const json_error_t *je, char *err, size_t errlen);

/* Builds the export document (new reference; caller decrefs). */
json_t *plan_to_json(const struct plan *p);

/* Dumps a document in the canonical text form, with a final newline.
 * Returns a malloc'd string the caller frees, or NULL when jansson refuses
 * (never an abort: the document comes from data). */
char *plan_dump_json(const json_t *doc);

/* Writes the export document of p to f, byte for byte what
 * plan_dump_json(plan_to_json(p)) returns, without building it whole: each
 * element of an array is built, written and freed in turn, so the memory
 * needed is that of one element beside the plan.  Stops at the first failed
 * write.  Returns 0, or -1 with errno set by that write, or EILSEQ when an
 * element holds text jansson refuses (not valid UTF-8: plan_load refuses
 * such rows first, naming them, so this is a last guard; nothing is left
 * out silently).  f is the caller's to flush, check and close: stdio may
 * report a failure only then. */
int plan_write_json(const struct plan *p, FILE *f);

/* Values as the format writes them: a string, or null for a field not set
 * (NULL); a date as YYYY-MM-DD, or null for DAY_NONE; the ref of the object
 * at index i of p's array arr, or null for -1.  New references. */
json_t *plan_json_str(const char *s);
json_t *plan_json_date(day_t d);
#define PLAN_JSON_REF(p, arr, i) ((i) >= 0 ? json_string((p)->arr[(i)].ref) : json_null())
/* The refs of a list of links (to recommendations when `recs`, else to
 * actions), in natural order, so the text does not depend on the order the
 * links were stored in.  A new reference. */
json_t *plan_json_refs(const struct plan *p, const struct p_links *l, bool recs);

/* The export document of p as text, the same bytes again, built by the same
 * stream into memory: the text (33 MB for 10,000 actions over 36 months)
 * without the tree (~250 MB).  Returns a malloc'd string the caller frees,
 * or NULL (errno EILSEQ) when an element holds text jansson refuses. */
char *plan_json_text(const struct plan *p);

#endif

/* section_json.h — what the interchange's sections kept as JSON trees share
 * (the panel, meetings, engagement, agreements and expenses: model/panel.h,
 * engagement_json.h, money_json.h): their order, their written form, and
 * finding a stored row by its ref while importing them. */
#ifndef DIALTURN_SECTION_JSON_H
#define DIALTURN_SECTION_JSON_H
#include "model/db.h"
#include <jansson.h>
#include <stdint.h>

/* Sorts the elements of the JSON array a in place with cmp, a qsort
 * comparator over json_t *const * (the order the interchange writes). */
void section_sort(json_t *a, int (*cmp)(const void *, const void *));

/* A comparator for section_sort: two objects by their "ref", in natural
 * order (lib/natcmp.h: A2 before A10). */
int section_cmp_ref(const void *a, const void *b);

/* A section as written: a deep copy of array a sorted by ref (a new
 * reference, the caller's), or NULL when a is NULL or empty (the key is then
 * left out of the document). */
json_t *section_written(const json_t *a);

/* The id of the row that `sql` finds, with :ref bound to ref, or when ref is
 * NULL with :parent and :pos bound (a child row by its position): 0 when
 * there is none, -1 on error (db->err names `what`). */
int64_t section_find_id(struct db *db, const char *sql, const char *what, const char *ref,
                        int64_t parent, int64_t pos);

/* Member `key` of object o as text, or NULL when absent or not a string. */
const char *section_text(const json_t *o, const char *key);

#endif

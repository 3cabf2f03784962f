/* section_json.c — see section_json.h. */
#include "model/section_json.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include <stdlib.h>

void section_sort(json_t *a, int (*cmp)(const void *, const void *))
{
    size_t n = json_array_size(a);
    if (n < 2)
        return;
    json_t **v = xmalloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(a, i));
    qsort(v, n, sizeof *v, cmp);
    json_array_clear(a);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, v[i]);
    free(v);
}

int section_cmp_ref(const void *a, const void *b)
{
    return natcmp(json_string_value(json_object_get(*(json_t *const *)a, "ref")),
                  json_string_value(json_object_get(*(json_t *const *)b, "ref")));
}

json_t *section_written(const json_t *a)
{
    if (!a || !json_array_size(a))
        return NULL;
    json_t *copy = json_deep_copy(a);
    section_sort(copy, section_cmp_ref);
    return copy;
}

int64_t section_find_id(struct db *db, const char *sql, const char *what, const char *ref,
                        int64_t parent, int64_t pos)
{
    /* lint-ok: section_find_id is itself an SQL sink, its callers' SQL checked */
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    if (ref) {
        db_bind_text(st, ":ref", ref);
    } else {
        db_bind_int(st, ":parent", parent);
        db_bind_int(st, ":pos", pos);
    }
    int rc = db_step(db, st, what);
    int64_t id = rc == 1 ? sqlite3_column_int64(st, 0) : rc == 0 ? 0 : -1;
    sqlite3_reset(st);
    return id;
}

const char *section_text(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

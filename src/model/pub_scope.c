/* pub_scope.c — resolving the public month. */
#include "model/pub_scope.h"
#include <stdio.h>
#include <string.h>

/* Fills the derived fields for month m (or none when m < 0). */
static void set_month(struct pub_scope *s, int m)
{
    s->month = m;
    if (m < 0) {
        snprintf(s->month_s, sizeof s->month_s, "0000-00");
        s->end = DAY_NONE;
    } else {
        month_format(m, s->month_s);
        s->end = month_last_day(m);
    }
}

enum pub_scope_result pub_scope_resolve(struct db *db, const char *as_at, struct pub_scope *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, "SELECT max(month) FROM period WHERE status = 'signed_off'");
    if (!st)
        return PUB_SCOPE_ERROR;
    int latest = -1;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
        !month_parse(db_col_text(st, 0), &latest))
        latest = -1;
    sqlite3_reset(st);
    out->latest = latest;
    if (!as_at || !*as_at) {
        set_month(out, latest);
        return PUB_SCOPE_OK;
    }
    int m;
    if (!month_parse(as_at, &m))
        return PUB_SCOPE_BAD;
    st = db_prepare(db, "SELECT 1 FROM period WHERE month = :month AND status = 'signed_off'");
    if (!st)
        return PUB_SCOPE_ERROR;
    db_bind_text(st, ":month", as_at);
    bool signed_off = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    if (!signed_off)
        return PUB_SCOPE_NOT_PUBLIC;
    set_month(out, m);
    out->as_at = m != latest;
    return PUB_SCOPE_OK;
}

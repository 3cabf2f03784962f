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

/* Reads the seal of month m into *h (left zeroed when m < 0 or unsealed) and
 * returns 0, or -1 on a database error. */
static int seal_of(struct db *db, int m, struct record_head *h)
{
    memset(h, 0, sizeof *h);
    if (m < 0)
        return 0;
    char ms[MONTH_LEN];
    month_format(m, ms);
    return record_head_get(db, ms, h) < 0 ? -1 : 0;
}

enum pub_scope_result pub_scope_resolve(struct db *db, const char *as_at, struct pub_scope *out)
{
    memset(out, 0, sizeof *out);
    /* main.period: on a record connection `period` is already a month's view */
    sqlite3_stmt *st =
        db_prepare(db, "SELECT max(month) FROM main.period WHERE status = 'signed_off'");
    if (!st)
        return PUB_SCOPE_ERROR;
    int latest = -1;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
        !month_parse(db_col_text(st, 0), &latest))
        latest = -1;
    sqlite3_reset(st);
    out->latest = latest;
    if (seal_of(db, latest, &out->latest_head))
        return PUB_SCOPE_ERROR;
    int m = latest;
    if (as_at && *as_at) {
        if (!month_parse(as_at, &m))
            return PUB_SCOPE_BAD;
        st = db_prepare(db,
                        "SELECT 1 FROM main.period WHERE month = :month AND status = 'signed_off'");
        if (!st)
            return PUB_SCOPE_ERROR;
        db_bind_text(st, ":month", as_at);
        bool signed_off = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        if (!signed_off)
            return PUB_SCOPE_NOT_PUBLIC;
    }
    set_month(out, m);
    out->as_at = m != latest;
    if (m == latest)
        out->head = out->latest_head;
    else if (seal_of(db, m, &out->head))
        return PUB_SCOPE_ERROR;
    if (record_use(db, m, out->head.seq, out->head.hash))
        return PUB_SCOPE_ERROR;
    return PUB_SCOPE_OK;
}

int pub_scope_use(struct db *db, const struct pub_scope *s)
{
    return record_use(db, s->month, s->head.seq, s->head.hash);
}

struct pub_scope pub_scope_latest(const struct pub_scope *s)
{
    struct pub_scope l = *s;
    set_month(&l, s->latest);
    l.as_at = false;
    l.head = s->latest_head;
    return l;
}

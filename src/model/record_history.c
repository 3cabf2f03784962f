/* record_history.c — the history tables (sql/007) made right after a bulk
 * write, and checked against the ledger.
 *
 * The history is what the record of a signed-off month is read from, so it
 * must say exactly what the ledger says: for every ledger entry that puts a
 * row of a table with a history, one state with from_seq = the entry's seq,
 * the row's values in the entry, and to_seq = the seq of the row's next entry
 * (NULL: none).  A file migrated to 007 with rows already in it also holds,
 * for each row then present, one state with from_seq 0: the row as the ledger
 * stood just before the first entry the history has. */
#include "model/record.h"
#include "model/ledger.h"
#include "lib/buf.h"
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int record_history_rebuild(struct db *db, int64_t since)
{
    for (size_t i = 0; i < table_nhistories; i++) {
        const struct table_history *h = &table_histories[i];
        for (size_t k = 0; k < sizeof h->rebuild_sql / sizeof *h->rebuild_sql; k++) {
            sqlite3_stmt *st = db_prepare(db, h->rebuild_sql[k]);
            if (!st)
                return -1;
            db_bind_int(st, ":since", since);
            int rc = db_step(db, st, h->name);
            sqlite3_reset(st);
            if (rc < 0)
                return -1;
        }
    }
    return 0;
}

/* ---- checking ------------------------------------------------------------------------ */

/* One stream of states ordered by (id, from): a history table's rows, or the
 * states the ledger gives. */
enum hist_source {
    HS_HISTORY,    /* scan_sql or scan_zero_sql: from_seq, to_seq, id, cols... */
    HS_LEDGER,     /* row_id, seq, next seq, entry: the puts from :from on */
    HS_LEDGER_ZERO /* row_id, entry, next seq: the last entry of each row before :from */
};

struct hist_cursor {
    enum hist_source src;
    const struct table *t;
    const char *what; /* for errors */
    sqlite3_stmt *st;
    bool have;        /* a state is loaded */
    int64_t id, from; /* the row and where its state begins (0: before the history) */
    int64_t to;       /* where it ends, 0 for NULL */
    json_t *state;    /* owned */
};

/* A history row's values as a ledger state: each by the type SQLite holds it
 * in, so that a text put where the ledger has a number differs. */
static json_t *history_state(const struct table *t, sqlite3_stmt *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(sqlite3_column_int64(st, 2)));
    for (size_t i = 0; i < t->ncols; i++) {
        int c = (int)i + 3;
        json_t *v;
        switch (sqlite3_column_type(st, c)) {
        case SQLITE_INTEGER:
            v = json_integer(sqlite3_column_int64(st, c));
            break;
        case SQLITE_FLOAT:
            v = json_real(sqlite3_column_double(st, c));
            break;
        case SQLITE_TEXT:
            v = json_string((const char *)sqlite3_column_text(st, c));
            if (!v) /* not UTF-8: no ledger state holds it */
                v = json_string("(text that is not UTF-8)");
            break;
        case SQLITE_NULL:
            v = json_null();
            break;
        default:
            v = json_string("(a blob)");
        }
        json_object_set_new(o, t->cols[i].name, v);
    }
    return o;
}

/* Loads the cursor's next state.  Returns 1, 0 at the end, -1 (db->err). */
static int cursor_next(struct db *db, struct hist_cursor *c)
{
    json_decref(c->state);
    c->state = NULL;
    c->have = false;
    for (;;) {
        int r = db_step(db, c->st, c->what);
        if (r <= 0)
            return r;
        if (c->src == HS_HISTORY) {
            c->from = sqlite3_column_int64(c->st, 0);
            /* NULL reads 0; a stored 0, which no entry has, must not pass for it */
            c->to = sqlite3_column_type(c->st, 1) == SQLITE_NULL ? 0
                    : sqlite3_column_int64(c->st, 1) == 0        ? -1
                                                                 : sqlite3_column_int64(c->st, 1);
            c->id = sqlite3_column_int64(c->st, 2);
            c->state = history_state(c->t, c->st);
            c->have = true;
            return 1;
        }
        int entry_col = c->src == HS_LEDGER ? 3 : 1;
        c->id = sqlite3_column_int64(c->st, 0);
        c->from = c->src == HS_LEDGER ? sqlite3_column_int64(c->st, 1) : 0;
        c->to = sqlite3_column_int64(c->st, 2); /* NULL reads 0 */
        json_t *e = json_loads(db_col_text(c->st, entry_col), 0, NULL);
        json_t *s = json_object_get(e, "state");
        if (json_is_object(s)) {
            c->state = json_incref(s);
            c->have = true;
        }
        json_decref(e);
        if (c->have)
            return 1;
        /* a deletion: no state */
    }
}

/* "NULL" or the number, for messages. */
static const char *seq_text(int64_t seq, char buf[24])
{
    if (seq == 0)
        return "NULL";
    snprintf(buf, 24, "%" PRId64, seq);
    return buf;
}

/* Compares the two streams state by state; on the first difference sets
 * db->err naming the history table, the row, its from_seq and the column. */
static int history_merge(struct db *db, const struct table_history *h, struct hist_cursor *want,
                         struct hist_cursor *got)
{
    const struct table *t = &tables[h->t];
    if (cursor_next(db, want) < 0 || cursor_next(db, got) < 0)
        return -1;
    char a[24], b[24];
    while (want->have || got->have) {
        int cmp = !got->have                ? -1
                  : !want->have             ? 1
                  : want->id != got->id     ? (want->id < got->id ? -1 : 1)
                  : want->from != got->from ? (want->from < got->from ? -1 : 1)
                                            : 0;
        if (cmp < 0) {
            if (want->from)
                snprintf(db->err, sizeof db->err,
                         "%s: %s row %" PRId64 " has no state from ledger entry %" PRId64
                         " (the history was altered behind the ledger's back)",
                         h->name, t->name, want->id, want->from);
            else
                snprintf(db->err, sizeof db->err,
                         "%s: %s row %" PRId64 " has no state from before the history began"
                         " (from_seq 0), which the ledger gives it",
                         h->name, t->name, want->id);
            return -1;
        }
        if (cmp > 0) {
            snprintf(db->err, sizeof db->err,
                     "%s: row %" PRId64 ", from_seq %" PRId64
                     ", is a state the ledger never recorded (forged behind its back)",
                     h->name, got->id, got->from);
            return -1;
        }
        if (want->to != got->to) {
            snprintf(db->err, sizeof db->err,
                     "%s: row %" PRId64 ", from_seq %" PRId64
                     ": column to_seq is %s but the ledger's next entry for the row is %s",
                     h->name, got->id, got->from, seq_text(got->to, a), seq_text(want->to, b));
            return -1;
        }
        for (size_t i = 0; i < t->ncols; i++) {
            json_t *x = json_object_get(got->state, t->cols[i].name);
            json_t *y = json_object_get(want->state, t->cols[i].name);
            if (json_equal(x, y) || (json_is_null(x) && !y))
                continue;
            char *sx = ledger_canonical(x), *sy = y ? ledger_canonical(y) : xstrdup("nothing");
            if (want->from)
                snprintf(db->err, sizeof db->err,
                         "%s: row %" PRId64 ", from_seq %" PRId64
                         ": column %s is %.80s in the history but %.80s in ledger entry %" PRId64,
                         h->name, got->id, got->from, t->cols[i].name, sx, sy, want->from);
            else
                snprintf(db->err, sizeof db->err,
                         "%s: row %" PRId64 ", from_seq 0: column %s is %.80s in the history "
                         "but %.80s in the ledger before the history began",
                         h->name, got->id, t->cols[i].name, sx, sy);
            free(sx);
            free(sy);
            return -1;
        }
        if (cursor_next(db, want) < 0 || cursor_next(db, got) < 0)
            return -1;
    }
    return 0;
}

/* The states of every row of table h from the ledger, from entry `from` on. */
static const char sql_ledger_states[] =
    "SELECT row_id, seq, lead(seq) OVER (PARTITION BY row_id ORDER BY seq), entry "
    "FROM ledger WHERE tbl = :tbl AND seq >= :from ORDER BY row_id, seq";
/* The state of every row of table h just before entry `from`, and the seq of
 * its next entry. */
static const char sql_ledger_before[] =
    "SELECT l.row_id, l.entry, (SELECT min(n.seq) FROM ledger n WHERE n.tbl = l.tbl "
    "AND n.row_id = l.row_id AND n.seq >= :from) FROM ledger l WHERE l.tbl = :tbl "
    "AND l.seq = (SELECT max(p.seq) FROM ledger p WHERE p.tbl = l.tbl AND p.row_id = l.row_id "
    "AND p.seq < :from) ORDER BY l.row_id";

/* Checks one history table from entry `from` on, and its states of before. */
static int history_check_table(struct db *db, const struct table_history *h, int64_t from)
{
    const struct table *t = &tables[h->t];
    for (int zero = 0; zero < 2; zero++) {
        if (zero && from <= 1)
            break; /* the history holds every entry: nothing came before it */
        struct hist_cursor want = {
            .src = zero ? HS_LEDGER_ZERO : HS_LEDGER,
            .t = t,
            .what = "ledger",
            .st = db_prepare(db, zero ? sql_ledger_before : sql_ledger_states)};
        if (!want.st)
            return -1;
        db_bind_text(want.st, ":tbl", t->name);
        db_bind_int(want.st, ":from", from);
        struct hist_cursor got = {.src = HS_HISTORY,
                                  .t = t,
                                  .what = h->name,
                                  .st = db_prepare(db, zero ? h->scan_zero_sql : h->scan_sql)};
        if (!got.st)
            return -1;
        if (!zero)
            db_bind_int(got.st, ":from", from);
        int rc = history_merge(db, h, &want, &got);
        json_decref(want.state);
        json_decref(got.state);
        sqlite3_reset(want.st);
        sqlite3_reset(got.st);
        if (rc)
            return -1;
    }
    return 0;
}

/* Where the history begins: 1 when it holds every entry, else (a file
 * migrated to 007 with rows in it) just after the last entry, of a table with
 * a history, that came before its first recorded state.  Every month must
 * have been sealed after that, or its record would read states the history
 * cannot vouch for.  Returns 0, or -1 (db->err). */
static int history_begins(struct db *db, int64_t *from)
{
    int64_t least = INT64_MAX;
    bool zero = false;
    for (size_t i = 0; i < table_nhistories; i++) {
        sqlite3_stmt *st = db_prepare(db, table_histories[i].bounds_sql);
        if (!st)
            return -1;
        int r = db_step(db, st, table_histories[i].name);
        if (r > 0) {
            if (sqlite3_column_type(st, 0) != SQLITE_NULL && sqlite3_column_int64(st, 0) < least)
                least = sqlite3_column_int64(st, 0);
            zero |= sqlite3_column_int64(st, 1) > 0;
        }
        sqlite3_reset(st);
        if (r < 0)
            return -1;
    }
    *from = 1;
    if (!zero)
        return 0;
    for (size_t i = 0; i < table_nhistories; i++) {
        sqlite3_stmt *st =
            db_prepare(db, "SELECT max(seq) FROM ledger WHERE tbl = :tbl AND seq < :least");
        if (!st)
            return -1;
        db_bind_text(st, ":tbl", tables[table_histories[i].t].name);
        db_bind_int(st, ":least", least);
        int r = db_step(db, st, "ledger");
        if (r > 0 && sqlite3_column_int64(st, 0) + 1 > *from)
            *from = sqlite3_column_int64(st, 0) + 1;
        sqlite3_reset(st);
        if (r < 0)
            return -1;
    }
    sqlite3_stmt *st =
        db_prepare(db, "SELECT month, head_seq FROM month_record ORDER BY head_seq LIMIT 1");
    if (!st)
        return -1;
    int r = db_step(db, st, "month_record");
    if (r > 0 && sqlite3_column_int64(st, 1) < *from - 1)
        snprintf(db->err, sizeof db->err,
                 "the history of the plan's rows begins after ledger entry %" PRId64
                 ", but month %s was sealed at entry %" PRId64 ", before it",
                 *from - 1, db_col_text(st, 0), (int64_t)sqlite3_column_int64(st, 1));
    bool early = r > 0 && sqlite3_column_int64(st, 1) < *from - 1;
    sqlite3_reset(st);
    return r < 0 || early ? -1 : 0;
}

int record_history_verify(struct db *db)
{
    int64_t from;
    if (history_begins(db, &from))
        return -1;
    for (size_t i = 0; i < table_nhistories; i++)
        if (history_check_table(db, &table_histories[i], from))
            return -1;
    return 0;
}

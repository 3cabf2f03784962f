/* pub_assurance.c — the panel's public assurance (see pub_assurance.h): one
 * query over the ledger up to the month's seal, then one per rated item for
 * the council's side. */
#include "model/pub_assurance.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each assurance row's state at the seal (its latest ledger entry up to
 * :head, by index ledger_row), of signed-off months up to :month, with the
 * rater's name as the ledger held it then; newest month first per item. */
static const char sql_ratings[] =
    "WITH st AS ("
    "  SELECT l.entry FROM ledger l"
    "   WHERE l.tbl = 'assurance' AND l.seq <= :head"
    "     AND l.seq = (SELECT max(l2.seq) FROM ledger l2"
    "                   WHERE l2.tbl = 'assurance' AND l2.row_id = l.row_id"
    "                     AND l2.seq <= :head)),"
    " r AS ("
    "  SELECT json_extract(entry, '$.state.period_id') AS period_id,"
    "         json_extract(entry, '$.state.theme_id') AS theme_id,"
    "         json_extract(entry, '$.state.action_id') AS action_id,"
    "         json_extract(entry, '$.state.account_id') AS account_id,"
    "         json_extract(entry, '$.state.level') AS level,"
    "         json_extract(entry, '$.state.comment') AS comment"
    "    FROM st WHERE json_extract(entry, '$.op') = 'put')"
    " SELECT p.month, t.ref, a.ref, r.level, r.comment,"
    "        (SELECT json_extract(la.entry, '$.state.name') FROM ledger la"
    "          WHERE la.tbl = 'account' AND la.row_id = r.account_id AND la.seq <= :head"
    "          ORDER BY la.seq DESC LIMIT 1)"
    "   FROM r JOIN period p ON p.id = r.period_id"
    "   LEFT JOIN theme t ON t.id = r.theme_id"
    "   LEFT JOIN action a ON a.id = r.action_id"
    "  WHERE p.status = 'signed_off' AND p.month <= :month"
    "    AND (t.ref IS NOT NULL OR a.ref IS NOT NULL)";

/* The council's accepted ratings of a theme's actions, or of one action, in
 * a month (the record's updates). */
static const char sql_council_theme[] =
    "SELECT u.confidence, count(*) FROM progress_update u"
    "  JOIN action a ON a.id = u.action_id JOIN theme t ON t.id = a.theme_id"
    "  JOIN period p ON p.id = u.period_id"
    " WHERE t.ref = :ref AND p.month = :month AND u.state = 'accepted'"
    "   AND p.status = 'signed_off' AND u.confidence IS NOT NULL"
    " GROUP BY u.confidence";
static const char sql_council_action[] =
    "SELECT u.confidence, count(*) FROM progress_update u"
    "  JOIN action a ON a.id = u.action_id JOIN period p ON p.id = u.period_id"
    " WHERE a.ref = :ref AND p.month = :month AND u.state = 'accepted'"
    "   AND p.status = 'signed_off' AND u.confidence IS NOT NULL"
    " GROUP BY u.confidence";

/* A rating as read, before items are formed. */
struct row {
    char month[MONTH_LEN];
    char *ref;
    bool is_action;
    struct pub_assurance_rating r;
};

/* Orders rows by kind (themes first), ref, month (newest first), member. */
static int cmp_row(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->is_action != y->is_action)
        return x->is_action ? 1 : -1;
    int c = natcmp(x->ref, y->ref);
    if (c)
        return c;
    c = strcmp(y->month, x->month);
    return c ? c : strcmp(x->r.member, y->r.member);
}

/* Reads the council's side of item it.  Returns 0 or -1. */
static int load_council(struct db *db, const struct scale *s, struct pub_assurance_item *it)
{
    sqlite3_stmt *st = db_prepare(db, it->is_action ? sql_council_action : sql_council_theme);
    int rc;
    if (!st)
        return -1;
    db_bind_text(st, ":ref", it->ref);
    db_bind_text(st, ":month", it->month);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int lv = scale_level(s, db_col_text(st, 0));
        if (lv >= 0 && lv < PUB_ASSURANCE_LEVELS) {
            it->council[lv] += (size_t)sqlite3_column_int64(st, 1);
            it->ncouncil += (size_t)sqlite3_column_int64(st, 1);
        }
    }
    if (rc != SQLITE_DONE)
        db_set_error(db, "reading the council's ratings");
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int pub_assurance_load(struct db *db, const struct pub_scope *scope, const struct scale *s,
                       struct pub_assurance *out)
{
    struct row *rows = NULL;
    size_t nrows = 0, cap = 0, icap = 0;
    int rc, ret = -1;
    memset(out, 0, sizeof *out);
    if (scope->month < 0 || scope->head.seq <= 0)
        return 0;
    sqlite3_stmt *st = db_prepare(db, sql_ratings);
    if (!st)
        return -1;
    db_bind_int(st, ":head", scope->head.seq);
    db_bind_text(st, ":month", scope->month_s);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && nrows < PUB_ASSURANCE_MAX_ROWS) {
        rows = xgrow(rows, nrows, &cap, sizeof *rows);
        struct row *x = &rows[nrows++];
        memset(x, 0, sizeof *x);
        snprintf(x->month, sizeof x->month, "%s", db_col_text(st, 0));
        x->is_action = sqlite3_column_type(st, 1) == SQLITE_NULL;
        x->ref = xstrdup(db_col_text(st, x->is_action ? 2 : 1));
        x->r.level = scale_level(s, db_col_text(st, 3));
        x->r.comment = xstrdup(db_col_text(st, 4));
        x->r.member = xstrdup(db_col_text(st, 5));
    }
    if (rc != SQLITE_DONE) {
        if (rc == SQLITE_ROW)
            snprintf(db->err, sizeof db->err, "more than %d assurance ratings",
                     PUB_ASSURANCE_MAX_ROWS);
        else
            db_set_error(db, "reading the panel's ratings");
        sqlite3_reset(st);
        goto out;
    }
    sqlite3_reset(st);
    if (nrows > 1)
        qsort(rows, nrows, sizeof *rows, cmp_row);
    /* each item keeps the ratings of its newest month */
    for (size_t i = 0; i < nrows; i++) {
        struct row *x = &rows[i];
        struct pub_assurance_item *it = out->n ? &out->v[out->n - 1] : NULL;
        if (!it || it->is_action != x->is_action || strcmp(it->ref, x->ref) != 0) {
            out->v = xgrow(out->v, out->n, &icap, sizeof *out->v);
            it = &out->v[out->n++];
            memset(it, 0, sizeof *it);
            it->ref = x->ref;
            it->is_action = x->is_action;
            memcpy(it->month, x->month, sizeof it->month);
            x->ref = NULL;
        } else if (strcmp(it->month, x->month) != 0) {
            continue; /* an older month of the same item */
        }
        it->ratings = xrealloc(it->ratings, (it->nratings + 1) * sizeof *it->ratings);
        it->ratings[it->nratings++] = x->r;
        memset(&x->r, 0, sizeof x->r);
    }
    for (size_t i = 0; i < out->n; i++)
        if (load_council(db, s, &out->v[i]))
            goto out;
    ret = 0;
out:
    for (size_t i = 0; i < nrows; i++) {
        free(rows[i].ref);
        free(rows[i].r.member);
        free(rows[i].r.comment);
    }
    free(rows);
    if (ret)
        pub_assurance_free(out);
    return ret;
}

const struct pub_assurance_item *pub_assurance_find(const struct pub_assurance *a, bool is_action,
                                                    const char *ref)
{
    for (size_t i = 0; a && i < a->n; i++)
        if (a->v[i].is_action == is_action && strcmp(a->v[i].ref, ref) == 0)
            return &a->v[i];
    return NULL;
}

void pub_assurance_free(struct pub_assurance *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++) {
        free(a->v[i].ref);
        for (size_t k = 0; k < a->v[i].nratings; k++)
            free(a->v[i].ratings[k].member), free(a->v[i].ratings[k].comment);
        free(a->v[i].ratings);
    }
    free(a->v);
    memset(a, 0, sizeof *a);
}

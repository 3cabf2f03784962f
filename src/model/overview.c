/* overview.c — the queries behind the plan page (see overview.h). */
#include "model/overview.h"
#include "lib/buf.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_org[] = "SELECT name, rating_scale FROM organisation WHERE id = 1";

/* Themes in plan order (id: the order they were created in). */
static const char sql_themes[] = "SELECT t.id, t.ref, t.title, p.name"
                                 "  FROM theme t LEFT JOIN person p ON p.id = t.lead_id"
                                 " ORDER BY t.id";

/* Every action with its owner and its current confidence, grouped by theme in
 * the order of sql_themes.  The correlated subquery finds, per action, the
 * latest accepted update in a signed-off period; it walks the action's updates
 * through the UNIQUE (action_id, period_id) index, a handful of rows each. */
static const char sql_actions[] =
    "SELECT a.theme_id, a.ref, a.title, o.name, o.role, a.finish, a.status,"
    "       u.confidence, pe.month"
    "  FROM action a"
    "  LEFT JOIN person o ON o.id = a.owner_id"
    "  LEFT JOIN progress_update u ON u.id = ("
    "       SELECT pu.id FROM progress_update pu JOIN period pp ON pp.id = pu.period_id"
    "        WHERE pu.action_id = a.id AND pu.state = 'accepted'"
    "          AND pp.status = 'signed_off'"
    "        ORDER BY pp.month DESC LIMIT 1)"
    "  LEFT JOIN period pe ON pe.id = u.period_id"
    " ORDER BY a.theme_id, a.id";

/* Copies a text column; "" for NULL.  The caller owns the result. */
static char *col_dup(sqlite3_stmt *st, int i)
{
    return xstrdup(db_col_text(st, i));
}

/* Copies a text column, keeping NULL as NULL.  The caller owns the result. */
static char *col_dup_null(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? xstrdup(s) : NULL;
}

/* Reads the organisation row into out->org_name and out->rating_scale.
 * Returns 0, or -1 with db->err set (including when the row is missing). */
static int load_org(struct db *db, struct overview *out)
{
    sqlite3_stmt *st = db_prepare(db, sql_org);
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->org_name = col_dup(st, 0);
        out->rating_scale = col_dup(st, 1);
    } else if (rc == SQLITE_DONE) {
        snprintf(db->err, sizeof db->err, "the database has no organisation (run `dialturn init`)");
    } else {
        db_set_error(db, "reading the organisation");
    }
    sqlite3_reset(st); /* end the statement's read so the cache holds no snapshot */
    return rc == SQLITE_ROW ? 0 : -1;
}

/* Reads all themes into out->themes; their ids go to *ids (same order, owned
 * by the caller, free()).  Returns 0, or -1 with db->err set. */
static int load_themes(struct db *db, struct overview *out, int64_t **ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_themes);
    size_t cap = 0;
    int rc;
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->nthemes == OVERVIEW_MAX_ROWS) {
            snprintf(db->err, sizeof db->err, "more than %d themes", OVERVIEW_MAX_ROWS);
            goto out;
        }
        if (out->nthemes == cap) {
            cap = cap ? cap * 2 : 16;
            out->themes = xrealloc(out->themes, cap * sizeof *out->themes);
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        struct overview_theme *t = &out->themes[out->nthemes];
        (*ids)[out->nthemes] = sqlite3_column_int64(st, 0);
        *t = (struct overview_theme){
            .ref = col_dup(st, 1), .title = col_dup(st, 2), .lead_name = col_dup(st, 3)};
        out->nthemes++;
    }
    if (rc != SQLITE_DONE)
        db_set_error(db, "reading themes");
out:
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Appends an empty action to theme `t` and returns it (zeroed, owned by t).
 * `cap` is the theme's allocated capacity, tracked by the caller. */
static struct overview_action *theme_push(struct overview_theme *t, size_t *cap)
{
    if (t->nactions == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        t->actions = xrealloc(t->actions, *cap * sizeof *t->actions);
    }
    struct overview_action *a = &t->actions[t->nactions++];
    memset(a, 0, sizeof *a);
    return a;
}

/* Reads all actions and hangs each on its theme.  Both queries are ordered by
 * theme id, so one forward cursor over `ids` places every action.  Returns 0,
 * or -1 with db->err set. */
static int load_actions(struct db *db, struct overview *out, const int64_t *ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_actions);
    size_t ti = 0, cap = 0;
    int rc;
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t theme_id = sqlite3_column_int64(st, 0);
        while (ti < out->nthemes && ids[ti] < theme_id) {
            ti++;
            cap = 0; /* the next theme's array starts empty */
        }
        if (ti == out->nthemes || ids[ti] != theme_id) {
            snprintf(db->err, sizeof db->err, "action %s: theme %lld is missing",
                     db_col_text(st, 1), (long long)theme_id);
            goto out;
        }
        if (out->nactions == OVERVIEW_MAX_ROWS) {
            snprintf(db->err, sizeof db->err, "more than %d actions", OVERVIEW_MAX_ROWS);
            goto out;
        }
        struct overview_action *a = theme_push(&out->themes[ti], &cap);
        a->ref = col_dup(st, 1);
        a->title = col_dup(st, 2);
        a->owner_name = col_dup(st, 3);
        a->owner_role = col_dup(st, 4);
        a->finish = db_col_date(st, 5);
        a->status = col_dup(st, 6);
        a->confidence = col_dup_null(st, 7);
        a->confidence_month = a->confidence ? col_dup_null(st, 8) : NULL;
        out->nactions++;
    }
    if (rc != SQLITE_DONE)
        db_set_error(db, "reading actions");
out:
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int overview_load(struct db *db, struct overview *out)
{
    int64_t *ids = NULL;
    int ret = -1;
    /* One snapshot for all three queries, unless the caller already holds a
     * transaction (then it is theirs and already one snapshot). */
    bool own_txn = sqlite3_get_autocommit(db->h);

    memset(out, 0, sizeof *out);
    if (own_txn && db_exec(db, "BEGIN"))
        return -1;
    if (load_org(db, out) || load_themes(db, out, &ids) || load_actions(db, out, ids))
        goto out;
    ret = 0;
out:
    if (own_txn) {
        if (ret == 0 && db_exec(db, "COMMIT"))
            ret = -1;
        if (ret != 0)
            db_rollback(db);
    }
    free(ids);
    if (ret != 0)
        overview_free(out);
    return ret;
}

void overview_free(struct overview *ov)
{
    if (!ov)
        return;
    for (size_t i = 0; i < ov->nthemes; i++) {
        struct overview_theme *t = &ov->themes[i];
        for (size_t j = 0; j < t->nactions; j++) {
            struct overview_action *a = &t->actions[j];
            free(a->ref);
            free(a->title);
            free(a->owner_name);
            free(a->owner_role);
            free(a->status);
            free(a->confidence);
            free(a->confidence_month);
        }
        free(t->actions);
        free(t->ref);
        free(t->title);
        free(t->lead_name);
    }
    free(ov->themes);
    free(ov->org_name);
    free(ov->rating_scale);
    memset(ov, 0, sizeof *ov);
}

int overview_org_name(struct db *db, char *out, size_t outlen)
{
    sqlite3_stmt *st = db_prepare(db, sql_org);
    int ret = -1;
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *name = db_col_text(st, 0);
        size_t n = strlen(name);
        if (outlen > 0) {
            if (n >= outlen) {
                n = outlen - 1;
                while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
                    n--; /* do not cut a UTF-8 sequence in half */
            }
            memcpy(out, name, n);
            out[n] = '\0';
        }
        ret = 0;
    } else if (rc == SQLITE_DONE) {
        snprintf(db->err, sizeof db->err, "the database has no organisation (run `dialturn init`)");
    } else {
        db_set_error(db, "reading the organisation");
    }
    sqlite3_reset(st);
    return ret;
}

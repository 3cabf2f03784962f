/* schedule.c — loading what the forward pass needs in five queries. */
#include "model/schedule.h"
#include "lib/buf.h"
#include <stdlib.h>
#include <string.h>

static char *dup_col(sqlite3_stmt *st, int i)
{
    return xstrdup(db_col_text(st, i));
}

static int load_themes(struct db *db, struct schedule *s, struct strmap *theme_ix)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT id, ref, title FROM theme ORDER BY ref");
    if (!st)
        return -1;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (s->nthemes == cap) {
            cap = cap ? cap * 2 : 16;
            s->themes = xrealloc(s->themes, cap * sizeof *s->themes);
        }
        strmap_set(theme_ix, db_col_text(st, 0), s->nthemes);
        s->themes[s->nthemes++] = (struct s_theme){dup_col(st, 1), dup_col(st, 2)};
    }
    sqlite3_reset(st);
    return 0;
}

/* Actions in ref order; ids map to indices through `id_ix` (decimal id keys). */
static int load_actions(struct db *db, struct schedule *s, struct strmap *theme_ix,
                        struct strmap *id_ix)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT id, ref, theme_id, status, start, finish, "
                                      "baseline_finish, completed_on FROM action ORDER BY ref");
    if (!st)
        return -1;
    size_t cap = 0, t;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (s->nactions == cap) {
            cap = cap ? cap * 2 : 64;
            s->actions = xrealloc(s->actions, cap * sizeof *s->actions);
        }
        struct s_action *a = &s->actions[s->nactions];
        memset(a, 0, sizeof *a);
        a->ref = dup_col(st, 1);
        a->theme = strmap_get(theme_ix, db_col_text(st, 2), &t) ? (long)t : -1;
        a->status = (enum action_status)action_status_parse(db_col_text(st, 3));
        a->start = db_col_date(st, 4);
        a->finish = db_col_date(st, 5);
        a->baseline_finish = db_col_date(st, 6);
        a->completed_on = db_col_date(st, 7);
        a->confidence = -1;
        a->reported = DAY_NONE;
        strmap_set(id_ix, db_col_text(st, 0), s->nactions);
        strmap_set(&s->by_ref, a->ref, s->nactions);
        s->nactions++;
    }
    sqlite3_reset(st);
    return 0;
}

static int load_deps(struct db *db, struct schedule *s, struct strmap *id_ix)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT action_id, depends_on_id FROM action_dep");
    if (!st)
        return -1;
    size_t a, b;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!strmap_get(id_ix, db_col_text(st, 0), &a) || !strmap_get(id_ix, db_col_text(st, 1), &b))
            continue;
        struct s_action *x = &s->actions[a];
        if (x->npred == x->cappred) {
            x->cappred = x->cappred ? x->cappred * 2 : 4;
            x->pred = xrealloc(x->pred, x->cappred * sizeof *x->pred);
        }
        x->pred[x->npred++] = b;
    }
    sqlite3_reset(st);
    return 0;
}

/* The latest accepted update per action in scope; SQLite's max() picks the row. */
static int load_latest(struct db *db, int month, struct schedule *s, struct strmap *id_ix)
{
    sqlite3_stmt *st = db_prepare(
        db, "SELECT u.action_id, max(p.month), u.confidence, u.forecast_finish "
            "FROM progress_update u JOIN period p ON p.id = u.period_id "
            "WHERE u.state = 'accepted' AND p.month <= :month GROUP BY u.action_id");
    if (!st)
        return -1;
    char m[MONTH_LEN];
    if (month == INT32_MAX)
        db_bind_text(st, ":month", "9999-12");
    else {
        month_format(month, m);
        db_bind_text(st, ":month", m);
    }
    size_t a;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!strmap_get(id_ix, db_col_text(st, 0), &a))
            continue;
        s->actions[a].confidence =
            sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : scale_level(s->scale, db_col_text(st, 2));
        s->actions[a].reported = db_col_date(st, 3);
    }
    sqlite3_reset(st);
    return 0;
}

static int load_rest(struct db *db, struct schedule *s, struct strmap *id_ix)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT ref, action_id, due, baseline_due, achieved_on "
                                      "FROM milestone ORDER BY ref");
    if (!st)
        return -1;
    size_t cap = 0, a;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (s->nmilestones == cap) {
            cap = cap ? cap * 2 : 64;
            s->milestones = xrealloc(s->milestones, cap * sizeof *s->milestones);
        }
        s->milestones[s->nmilestones++] = (struct s_milestone){
            dup_col(st, 0),
            sqlite3_column_type(st, 1) != SQLITE_NULL && strmap_get(id_ix, db_col_text(st, 1), &a)
                ? (long)a
                : -1,
            db_col_date(st, 2), db_col_date(st, 3), db_col_date(st, 4)};
    }
    sqlite3_reset(st);
    /* a retired action no longer answers anything: it left the plan */
    st = db_prepare(db, "SELECT r.ref FROM recommendation r WHERE NOT EXISTS ("
                        "SELECT 1 FROM action_answer aa JOIN action a ON a.id = aa.action_id "
                        "WHERE aa.recommendation_id = r.id AND a.status != 'retired') "
                        "ORDER BY r.ref");
    if (!st)
        return -1;
    cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (s->nuncovered == cap) {
            cap = cap ? cap * 2 : 8;
            s->uncovered = xrealloc(s->uncovered, cap * sizeof *s->uncovered);
        }
        s->uncovered[s->nuncovered++] = dup_col(st, 0);
    }
    sqlite3_reset(st);
    return 0;
}

int schedule_load(struct db *db, int month, struct schedule *s)
{
    memset(s, 0, sizeof *s);
    struct strmap theme_ix = STRMAP_INIT, id_ix = STRMAP_INIT;
    sqlite3_stmt *st = db_prepare(db, "SELECT rating_scale FROM organisation");
    if (!st)
        return -1;
    s->scale = scale_find(sqlite3_step(st) == SQLITE_ROW ? db_col_text(st, 0) : "confidence3");
    sqlite3_reset(st);
    if (!s->scale)
        s->scale = scale_find("confidence3");
    int rc = load_themes(db, s, &theme_ix) || load_actions(db, s, &theme_ix, &id_ix) ||
                     load_deps(db, s, &id_ix) || load_latest(db, month, s, &id_ix) ||
                     load_rest(db, s, &id_ix)
                 ? -1
                 : 0;
    strmap_free(&theme_ix);
    strmap_free(&id_ix);
    return rc;
}

void schedule_fp(const struct schedule *s, struct fp_action *fa)
{
    for (size_t i = 0; i < s->nactions; i++) {
        const struct s_action *a = &s->actions[i];
        fa[i] = (struct fp_action){.start = a->start,
                                   .finish = a->finish,
                                   .reported = a->reported,
                                   .completed_on = a->status == ST_COMPLETE ? a->completed_on
                                                                            : DAY_NONE,
                                   .pred = a->pred,
                                   .npred = a->npred,
                                   .es = DAY_NONE,
                                   .ff = DAY_NONE};
    }
}

void schedule_free(struct schedule *s)
{
    for (size_t i = 0; i < s->nthemes; i++)
        free(s->themes[i].ref), free(s->themes[i].title);
    for (size_t i = 0; i < s->nactions; i++)
        free(s->actions[i].ref), free(s->actions[i].pred);
    for (size_t i = 0; i < s->nmilestones; i++)
        free(s->milestones[i].ref);
    for (size_t i = 0; i < s->nuncovered; i++)
        free(s->uncovered[i]);
    free(s->themes), free(s->actions), free(s->milestones), free(s->uncovered);
    strmap_free(&s->by_ref);
    memset(s, 0, sizeof *s);
}

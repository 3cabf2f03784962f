/* schedule.c — loading what the forward pass needs in a handful of queries,
 * counting either every accepted update (the CLI) or the public ones only
 * (pub_scope.h), and the public status rule. */
#include "model/schedule.h"
#include "lib/buf.h"
#include <stdlib.h>
#include <string.h>

/* Copies a text column ("" for NULL); the caller owns the copy. */
static char *dup_col(sqlite3_stmt *st, int i)
{
    return xstrdup(db_col_text(st, i));
}

/* Finishes a statement's loop: resets it and turns a step result other than
 * SQLITE_DONE into db->err.  Returns 0 or -1. */
static int step_done(struct db *db, sqlite3_stmt *st, int rc, const char *what)
{
    if (rc != SQLITE_DONE)
        db_set_error(db, what);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Maps row ids to array indices.  Ids are SQLite rowids, dense in practice, so a
 * plain array indexed by id beats hashing their text on every row. */
struct idmap {
    long *ix;     /* ix[id] = index, or -1; owned */
    int64_t size; /* ids 0..size-1 are covered */
};

static int idmap_init(struct db *db, struct idmap *m, const char *max_sql)
{
    sqlite3_stmt *st = db_prepare(db, max_sql);
    if (!st)
        return -1;
    m->size = (sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0) + 1;
    sqlite3_reset(st);
    m->ix = xmalloc((size_t)m->size * sizeof *m->ix);
    for (int64_t i = 0; i < m->size; i++)
        m->ix[i] = -1;
    return 0;
}

/* The index stored for the id in column `col`, or -1 (also for NULL). */
static long idmap_get(const struct idmap *m, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return -1;
    int64_t id = sqlite3_column_int64(st, col);
    return id >= 0 && id < m->size ? m->ix[id] : -1;
}

static int load_themes(struct db *db, struct schedule *s, struct idmap *theme_ix)
{
    if (idmap_init(db, theme_ix, "SELECT coalesce(max(id), 0) FROM theme"))
        return -1;
    sqlite3_stmt *st = db_prepare(db, "SELECT id, ref, title FROM theme ORDER BY ref");
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        s->themes = xgrow(s->themes, s->nthemes, &cap, sizeof *s->themes);
        int64_t id = sqlite3_column_int64(st, 0);
        if (id >= 0 && id < theme_ix->size)
            theme_ix->ix[id] = (long)s->nthemes;
        s->themes[s->nthemes++] = (struct s_theme){dup_col(st, 1), dup_col(st, 2)};
    }
    return step_done(db, st, rc, "reading themes");
}

/* qsort order of milestones by ref. */
static int cmp_milestone_ref(const void *a, const void *b)
{
    return strcmp(((const struct s_milestone *)a)->ref, ((const struct s_milestone *)b)->ref);
}

/* The pieces of the queries below, each with and without a list of action
 * ids (schedule_load_public_some). */
#define ONLY_IDS     " IN (SELECT value FROM json_each(:only))"
#define ACTION_COLS  "SELECT id, ref, theme_id, status, start, finish, baseline_finish, completed_on"
#define LATEST_COLS  "SELECT action_id, period_id, confidence, forecast_finish"
#define LATEST_ORDER " ORDER BY action_id DESC, period_id DESC"

/* Actions in ref order (with their titles when `titles`); ids map to indices
 * through `id_ix`.  Each starts with no counted update and the plan row's
 * status.  Returns 0 or -1 (db->err). */
static int load_actions(struct db *db, struct schedule *s, struct idmap *theme_ix,
                        struct idmap *id_ix, bool titles, const char *only)
{
    if (idmap_init(db, id_ix, "SELECT coalesce(max(id), 0) FROM action"))
        return -1;
    /* without titles the covering index action_schedule (sql/003) answers */
    static const char *const sql[2][2] = {
        {ACTION_COLS " FROM action ORDER BY ref", ACTION_COLS ", title FROM action ORDER BY ref"},
        {ACTION_COLS " FROM action WHERE id" ONLY_IDS " ORDER BY ref",
         ACTION_COLS ", title FROM action WHERE id" ONLY_IDS " ORDER BY ref"},
    };
    sqlite3_stmt *st = db_prepare(db, sql[only != NULL][titles]);
    if (!st)
        return -1;
    if (only)
        db_bind_text(st, ":only", only);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        s->actions = xgrow(s->actions, s->nactions, &cap, sizeof *s->actions);
        struct s_action *a = &s->actions[s->nactions];
        memset(a, 0, sizeof *a);
        a->id = sqlite3_column_int64(st, 0);
        a->ref = dup_col(st, 1);
        a->theme = idmap_get(theme_ix, st, 2);
        a->status = action_status_of_row(db_col_text(st, 3));
        a->start = db_col_date(st, 4);
        a->finish = db_col_date(st, 5);
        a->baseline_finish = db_col_date(st, 6);
        a->completed_on = db_col_date(st, 7);
        a->title = titles ? dup_col(st, 8) : NULL;
        a->pub_status = a->status;
        a->done = action_completed_on(a->status, a->completed_on);
        a->confidence = a->prev_confidence = a->month = -1;
        a->reported = DAY_NONE;
        s->nactions++;
    }
    if (step_done(db, st, rc, "reading actions"))
        return -1;
    /* rows come in ref order from the covering index action_schedule (sql/003) */
    for (size_t i = 0; i < s->nactions; i++)
        if (s->actions[i].id >= 0 && s->actions[i].id < id_ix->size)
            id_ix->ix[s->actions[i].id] = (long)i;
    return 0;
}

static int load_deps(struct db *db, struct schedule *s, struct idmap *id_ix)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT action_id, depends_on_id FROM action_dep");
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long a = idmap_get(id_ix, st, 0), b = idmap_get(id_ix, st, 1);
        if (a < 0 || b < 0)
            continue;
        struct s_action *x = &s->actions[a];
        x->pred = xgrow(x->pred, x->npred, &x->cappred, sizeof *x->pred);
        x->pred[x->npred++] = (size_t)b;
    }
    return step_done(db, st, rc, "reading dependencies");
}

/* Sets each action's pub_status and done to its status at `on` (rules.h,
 * rule_status_at), given `ustatus[i]`, the status of action i's latest counted
 * update (meaningful when its month >= 0).  Reads when a signed-off version
 * retired each action and the first ledger entry of each action (the record
 * that created or imported it: its date and the status it gave).  Returns 0
 * or -1 (db->err). */
static int status_at(struct db *db, struct schedule *s, const struct idmap *id_ix, day_t on,
                     const int *ustatus)
{
    size_t n = s->nactions;
    day_t *retired = xmalloc((n + 1) * sizeof *retired), *made = xmalloc((n + 1) * sizeof *made);
    int *made_status = xmalloc((n + 1) * sizeof *made_status), rc, ret = -1;
    for (size_t i = 0; i < n; i++)
        retired[i] = made[i] = DAY_NONE, made_status[i] = -1;
    /* a version carries an item it retired as retired from then on: the first
     * signed-off one is when it left the plan */
    sqlite3_stmt *st = db_prepare(db, "SELECT a.id, min(v.signed_off_on) FROM version_item i "
                                      "JOIN plan_version v ON v.id = i.version_id "
                                      "JOIN action a ON a.ref = i.ref "
                                      "WHERE i.kind = 'action' AND i.retired_reason IS NOT NULL "
                                      "AND v.signed_off_on IS NOT NULL GROUP BY a.id");
    if (!st)
        goto out;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long a = idmap_get(id_ix, st, 0);
        if (a >= 0)
            retired[a] = db_col_date(st, 1);
    }
    if (step_done(db, st, rc, "reading retirements"))
        goto out;
    st = db_prepare(db, "SELECT id, substr(json_extract(e, '$.at'), 1, 10), "
                        "json_extract(e, '$.state.status') FROM (SELECT a.id, "
                        "(SELECT entry FROM ledger WHERE tbl = 'action' AND row_id = a.id "
                        "ORDER BY seq LIMIT 1) AS e FROM action a)");
    if (!st)
        goto out;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long a = idmap_get(id_ix, st, 0);
        if (a < 0)
            continue;
        made[a] = db_col_date(st, 1);
        made_status[a] = action_status_parse(db_col_text(st, 2));
    }
    if (step_done(db, st, rc, "reading how actions were created"))
        goto out;
    for (size_t i = 0; i < n; i++) {
        struct s_action *x = &s->actions[i];
        struct status_facts f = {retired[i], x->completed_on, x->month >= 0 ? ustatus[i] : -1,
                                 made_status[i], made[i]};
        x->pub_status = rule_status_at(&f, on, &x->done);
    }
    ret = 0;
out:
    free(retired), free(made), free(made_status);
    return ret;
}

/* The latest counted update per action, and the level of the one before it.
 * Periods are few, so their months are looked up in C; the updates come from
 * a covering index (the public count also reads each update's status, for
 * the public status).  Counted: accepted, in a period whose month is not
 * after `month` and, when `public`, signed off.  When `public`, each action's
 * pub_status and done then follow schedule_public_status() at s->end; else
 * rule_status_at() at `on` (status_at).
 * Returns 0 or -1 (db->err). */
static int load_latest(struct db *db, int month, day_t on, bool public, const char *only,
                       struct schedule *s, struct idmap *id_ix)
{
    struct idmap period_month; /* period id → its month, or -1 when not counted */
    int *best = NULL, *second = NULL, *ustatus = NULL, rc, ret = -1;
    if (idmap_init(db, &period_month, "SELECT coalesce(max(id), 0) FROM period"))
        return -1;
    sqlite3_stmt *st = db_prepare(db, "SELECT id, month, status FROM period");
    if (!st)
        goto out;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int m;
        int64_t id = sqlite3_column_int64(st, 0);
        if (public && strcmp(db_col_text(st, 2), "signed_off") != 0)
            continue;
        if (month_parse(db_col_text(st, 1), &m) && m <= month && id >= 0 && id < period_month.size)
            period_month.ix[id] = m;
    }
    if (step_done(db, st, rc, "reading periods"))
        goto out;
    /* newest period first: when period ids follow months, as they do, the first
     * two rows per action are its picks and the rest are skipped unparsed */
    static const char *const sql[2][2] = {
        {LATEST_COLS " FROM progress_update WHERE state = 'accepted'" LATEST_ORDER,
         LATEST_COLS ", status FROM progress_update WHERE state = 'accepted'" LATEST_ORDER},
        {LATEST_COLS
         " FROM progress_update WHERE state = 'accepted' AND action_id" ONLY_IDS LATEST_ORDER,
         LATEST_COLS ", status FROM progress_update WHERE state = 'accepted' AND action_id" ONLY_IDS
             LATEST_ORDER},
    };
    /* both read each update's status: the status at D (rules.h) needs it */
    st = db_prepare(db, sql[only != NULL][1]);
    if (!st)
        goto out;
    if (only)
        db_bind_text(st, ":only", only);
    best = xcalloc(s->nactions + 1, sizeof *best);     /* month of the pick, 0 = none */
    second = xcalloc(s->nactions + 1, sizeof *second); /* month of the one before */
    ustatus = xcalloc(s->nactions + 1, sizeof *ustatus);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long m = idmap_get(&period_month, st, 1), a = idmap_get(id_ix, st, 0);
        if (m < 0 || a < 0 || (int)m <= second[a] || (int)m == best[a])
            continue;
        struct s_action *x = &s->actions[a];
        int level = sqlite3_column_type(st, 2) == SQLITE_NULL
                        ? -1
                        : scale_level(s->scale, db_col_text(st, 2));
        if ((int)m < best[a]) { /* between the one before and the pick */
            second[a] = (int)m;
            x->prev_confidence = level;
            continue;
        }
        second[a] = best[a];
        x->prev_confidence = x->confidence;
        best[a] = (int)m;
        x->month = (int)m;
        x->confidence = level;
        x->reported = db_col_date(st, 3);
        ustatus[a] = action_status_parse(db_col_text(st, 4));
    }
    if (step_done(db, st, rc, "reading progress updates"))
        goto out;
    for (size_t i = 0; public && i < s->nactions; i++) {
        struct s_action *x = &s->actions[i];
        x->pub_status = schedule_public_status(x->status, x->completed_on, s->end,
                                               x->month >= 0 ? ustatus[i] : -1, &x->done);
    }
    if (!public && status_at(db, s, id_ix, on, ustatus))
        goto out;
    ret = 0;
out:
    free(best), free(second), free(ustatus);
    free(period_month.ix);
    return ret;
}

static int load_rest(struct db *db, struct schedule *s, struct idmap *id_ix)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT ref, action_id, due, baseline_due, achieved_on "
                                      "FROM milestone");
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        s->milestones = xgrow(s->milestones, s->nmilestones, &cap, sizeof *s->milestones);
        s->milestones[s->nmilestones++] =
            (struct s_milestone){dup_col(st, 0), idmap_get(id_ix, st, 1), db_col_date(st, 2),
                                 db_col_date(st, 3), db_col_date(st, 4)};
    }
    if (step_done(db, st, rc, "reading milestones"))
        return -1;
    if (s->nmilestones > 1)
        qsort(s->milestones, s->nmilestones, sizeof *s->milestones, cmp_milestone_ref);
    /* a retired action no longer answers anything: it left the plan */
    st = db_prepare(db, "SELECT r.ref FROM recommendation r WHERE NOT EXISTS ("
                        "SELECT 1 FROM action_answer aa JOIN action a ON a.id = aa.action_id "
                        "WHERE aa.recommendation_id = r.id AND a.status != 'retired') "
                        "ORDER BY r.ref");
    if (!st)
        return -1;
    cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        s->uncovered = xgrow(s->uncovered, s->nuncovered, &cap, sizeof *s->uncovered);
        s->uncovered[s->nuncovered++] = dup_col(st, 0);
    }
    return step_done(db, st, rc, "reading recommendations");
}

/* Reads the organisation's rating scale into s->scale (confidence3 when
 * unknown).  Returns 0 or -1 (db->err). */
static int load_scale(struct db *db, struct schedule *s)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT rating_scale FROM organisation");
    if (!st)
        return -1;
    s->scale = scale_find(sqlite3_step(st) == SQLITE_ROW ? db_col_text(st, 0) : "confidence3");
    sqlite3_reset(st);
    if (!s->scale)
        s->scale = scale_find("confidence3");
    return 0;
}

/* Loads the scale, themes, actions, dependencies and the counted updates
 * (load_latest says which count) into *s, zeroed first; *id_ix gets the
 * action id map (the caller frees id_ix->ix).  Returns 0 or -1 (db->err). */
static int load_plan(struct db *db, int month, day_t on, bool public, const char *only, day_t end,
                     struct schedule *s, struct idmap *id_ix)
{
    memset(s, 0, sizeof *s);
    s->end = end;
    struct idmap theme_ix = {NULL, 0};
    *id_ix = (struct idmap){NULL, 0};
    int rc = load_scale(db, s) || load_themes(db, s, &theme_ix) ||
                     load_actions(db, s, &theme_ix, id_ix, public, only) ||
                     (!only && load_deps(db, s, id_ix)) ||
                     load_latest(db, month, on, public, only, s, id_ix)
                 ? -1
                 : 0;
    free(theme_ix.ix);
    return rc;
}

int schedule_load(struct db *db, day_t on, struct schedule *s)
{
    struct idmap id_ix;
    int rc = load_plan(db, date_month(on), on, false, NULL, DAY_NONE, s, &id_ix) ||
                     load_rest(db, s, &id_ix)
                 ? -1
                 : 0;
    free(id_ix.ix);
    return rc;
}

int schedule_load_public(struct db *db, const struct pub_scope *scope, struct schedule *s)
{
    return schedule_load_public_some(db, scope, NULL, s);
}

int schedule_load_public_some(struct db *db, const struct pub_scope *scope, const char *only,
                              struct schedule *s)
{
    struct idmap id_ix;
    int rc = load_plan(db, scope->month, DAY_NONE, true, only,
                       scope->month >= 0 ? scope->end : DAY_NONE, s, &id_ix);
    free(id_ix.ix);
    return rc;
}

enum action_status schedule_public_status(enum action_status plan_status, day_t completed_on,
                                          day_t end, int upd_status, day_t *done)
{
    *done = DAY_NONE;
    if (completed_on != DAY_NONE && end != DAY_NONE && completed_on <= end) {
        *done = completed_on;
        return ST_COMPLETE;
    }
    if (plan_status == ST_RETIRED)
        return ST_RETIRED;
    /* complete only with a completion dated by then: an update saying
     * complete without one reads in progress (DESIGN.md, "Status at D") */
    if (upd_status == ST_COMPLETE)
        return ST_IN_PROGRESS;
    if (upd_status >= 0 && upd_status < ST__MAX)
        return (enum action_status)upd_status;
    return ST_NOT_STARTED;
}

void schedule_fp(const struct schedule *s, struct fp_action *fa)
{
    for (size_t i = 0; i < s->nactions; i++) {
        const struct s_action *a = &s->actions[i];
        fa[i] = (struct fp_action){.start = a->start,
                                   .finish = a->finish,
                                   .reported = a->reported,
                                   .completed_on = a->done,
                                   .pred = a->pred,
                                   .npred = a->npred,
                                   .es = DAY_NONE,
                                   .ff = DAY_NONE};
        if (s->end != DAY_NONE && (a->start == DAY_NONE || a->finish == DAY_NONE))
            fa[i].start = fa[i].finish = s->end; /* a damaged row stands still */
    }
}

void schedule_free(struct schedule *s)
{
    for (size_t i = 0; i < s->nthemes; i++)
        free(s->themes[i].ref), free(s->themes[i].title);
    for (size_t i = 0; i < s->nactions; i++)
        free(s->actions[i].ref), free(s->actions[i].title), free(s->actions[i].pred);
    for (size_t i = 0; i < s->nmilestones; i++)
        free(s->milestones[i].ref);
    for (size_t i = 0; i < s->nuncovered; i++)
        free(s->uncovered[i]);
    free(s->themes), free(s->actions), free(s->milestones), free(s->uncovered);
    memset(s, 0, sizeof *s);
}

long schedule_find(const struct schedule *s, const char *ref)
{
    size_t lo = 0, hi = s->nactions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->actions[mid].ref, ref);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

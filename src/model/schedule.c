/* schedule.c — loading what the forward pass needs in five queries. */
#include "model/schedule.h"
#include "lib/buf.h"
#include <stdlib.h>
#include <string.h>

static char *dup_col(sqlite3_stmt *st, int i)
{
    return xstrdup(db_col_text(st, i));
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
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (s->nthemes == cap) {
            cap = cap ? cap * 2 : 16;
            s->themes = xrealloc(s->themes, cap * sizeof *s->themes);
        }
        int64_t id = sqlite3_column_int64(st, 0);
        if (id >= 0 && id < theme_ix->size)
            theme_ix->ix[id] = (long)s->nthemes;
        s->themes[s->nthemes++] = (struct s_theme){dup_col(st, 1), dup_col(st, 2)};
    }
    sqlite3_reset(st);
    return 0;
}

/* Actions in ref order; ids map to indices through `id_ix` (decimal id keys). */
static int cmp_milestone_ref(const void *a, const void *b)
{
    return strcmp(((const struct s_milestone *)a)->ref, ((const struct s_milestone *)b)->ref);
}

static int load_actions(struct db *db, struct schedule *s, struct idmap *theme_ix,
                        struct idmap *id_ix)
{
    if (idmap_init(db, id_ix, "SELECT coalesce(max(id), 0) FROM action"))
        return -1;
    sqlite3_stmt *st = db_prepare(db, "SELECT id, ref, theme_id, status, start, finish, "
                                      "baseline_finish, completed_on FROM action ORDER BY ref");
    if (!st)
        return -1;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (s->nactions == cap) {
            cap = cap ? cap * 2 : 64;
            s->actions = xrealloc(s->actions, cap * sizeof *s->actions);
        }
        struct s_action *a = &s->actions[s->nactions];
        memset(a, 0, sizeof *a);
        a->id = sqlite3_column_int64(st, 0);
        a->ref = dup_col(st, 1);
        a->theme = idmap_get(theme_ix, st, 2);
        a->status = (enum action_status)action_status_parse(db_col_text(st, 3));
        a->start = db_col_date(st, 4);
        a->finish = db_col_date(st, 5);
        a->baseline_finish = db_col_date(st, 6);
        a->completed_on = db_col_date(st, 7);
        a->confidence = -1;
        a->reported = DAY_NONE;
        s->nactions++;
    }
    sqlite3_reset(st);
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
    while (sqlite3_step(st) == SQLITE_ROW) {
        long a = idmap_get(id_ix, st, 0), b = idmap_get(id_ix, st, 1);
        if (a < 0 || b < 0)
            continue;
        struct s_action *x = &s->actions[a];
        if (x->npred == x->cappred) {
            x->cappred = x->cappred ? x->cappred * 2 : 4;
            x->pred = xrealloc(x->pred, x->cappred * sizeof *x->pred);
        }
        x->pred[x->npred++] = (size_t)b;
    }
    sqlite3_reset(st);
    return 0;
}

/* The latest accepted update per action in scope.  Periods are few, so their
 * months are looked up in C; the updates come from a covering index. */
static int load_latest(struct db *db, int month, struct schedule *s, struct idmap *id_ix)
{
    struct idmap period_month; /* period id → its month, or -1 when after `month` */
    if (idmap_init(db, &period_month, "SELECT coalesce(max(id), 0) FROM period"))
        return -1;
    sqlite3_stmt *st = db_prepare(db, "SELECT id, month FROM period");
    if (!st) {
        free(period_month.ix);
        return -1;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        int m;
        int64_t id = sqlite3_column_int64(st, 0);
        if (month_parse(db_col_text(st, 1), &m) && m <= month && id >= 0 && id < period_month.size)
            period_month.ix[id] = m;
    }
    sqlite3_reset(st);
    /* newest period first: when period ids follow months, as they do, the first
     * row per action is its pick and the rest are skipped without parsing */
    st = db_prepare(db, "SELECT action_id, period_id, confidence, forecast_finish "
                        "FROM progress_update WHERE state = 'accepted' "
                        "ORDER BY action_id DESC, period_id DESC");
    if (!st) {
        free(period_month.ix);
        return -1;
    }
    int *best = xcalloc(s->nactions + 1, sizeof *best); /* month of the pick, 0 = none */
    while (sqlite3_step(st) == SQLITE_ROW) {
        long m = idmap_get(&period_month, st, 1), a = idmap_get(id_ix, st, 0);
        if (m < 0 || a < 0 || (int)m <= best[a])
            continue;
        best[a] = (int)m;
        s->actions[a].confidence = sqlite3_column_type(st, 2) == SQLITE_NULL
                                       ? -1
                                       : scale_level(s->scale, db_col_text(st, 2));
        s->actions[a].reported = db_col_date(st, 3);
    }
    sqlite3_reset(st);
    free(best);
    free(period_month.ix);
    return 0;
}

static int load_rest(struct db *db, struct schedule *s, struct idmap *id_ix)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT ref, action_id, due, baseline_due, achieved_on "
                                      "FROM milestone");
    if (!st)
        return -1;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (s->nmilestones == cap) {
            cap = cap ? cap * 2 : 64;
            s->milestones = xrealloc(s->milestones, cap * sizeof *s->milestones);
        }
        s->milestones[s->nmilestones++] =
            (struct s_milestone){dup_col(st, 0), idmap_get(id_ix, st, 1), db_col_date(st, 2),
                                 db_col_date(st, 3), db_col_date(st, 4)};
    }
    sqlite3_reset(st);
    qsort(s->milestones, s->nmilestones, sizeof *s->milestones, cmp_milestone_ref);
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
    struct idmap theme_ix = {NULL, 0}, id_ix = {NULL, 0};
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
    free(theme_ix.ix);
    free(id_ix.ix);
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

/* report.c — the monthly progress report, built from a month's record
 * (report.h). */
#include "model/report.h"
#include "lib/natcmp.h"
#include "model/assurance.h"
#include "model/overview.h"
#include "model/pub_scope.h"
#include "model/schedule.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The previous signed-off month: on a record connection pointed at M,
 * `period` holds the signed-off months up to M. */
static const char sql_prev[] = "SELECT max(month) FROM period WHERE status = 'signed_off' "
                               "AND month < :month";
static const char sql_signed_off[] =
    "SELECT signed_off_on FROM main.period WHERE month = :month AND status = 'signed_off'";
/* M's public narratives of the actions in :ids (a JSON array of row ids):
 * one look-up of (action, month) each, in the unique index, where a join
 * from the month's period read every update row of the record. */
static const char sql_narratives[] =
    "SELECT u.action_id, u.narrative FROM json_each(:ids) j CROSS JOIN progress_update u "
    "WHERE u.action_id = j.value AND u.state = 'accepted' AND u.period_id = "
    "(SELECT id FROM period WHERE month = :month AND status = 'signed_off')";
static const char sql_versions[] = "SELECT number, title, signed_off_on FROM plan_version "
                                   "WHERE status IN ('signed_off', 'superseded') ORDER BY number";
static const char sql_statement[] = "SELECT body FROM main.report_statement WHERE month = :month";
/* Whether, between P's seal (:p) and M's (:m), anything entered the record
 * that changes what P's updates say: a correction (public from the first
 * sign-off after it) or the sign-off of a month up to P (:month).  The
 * updates of a sealed month never change (sql/007), so otherwise M's record
 * shows exactly P's updates, and M's overview holds them. */
static const char sql_prev_moved[] =
    "SELECT EXISTS (SELECT 1 FROM main.ledger WHERE tbl = 'update_correction' "
    "AND seq > :p AND seq <= :m) OR EXISTS (SELECT 1 FROM main.ledger l "
    "JOIN main.period p ON p.id = l.row_id WHERE l.tbl = 'period' AND l.seq > :p "
    "AND l.seq <= :m AND p.month <= :month)";
/* P's plan rows, on a record connection pointed at P. */
static const char sql_prev_actions[] =
    "SELECT id, ref, theme_id, status, finish, baseline_finish, completed_on FROM action";
static const char sql_prev_themes[] = "SELECT id, ref FROM theme";

const char *report_section_title(enum report_section s)
{
    static const char *const t[RS__MAX] = {
        [RS_STATEMENT] = "Covering statement",
        [RS_HEADLINE] = "Headline",
        [RS_RECOMMENDATIONS] = "Progress against the recommendations",
        [RS_RED_LINE] = "The red line",
        [RS_ASSURANCE] = "The panel's assurance",
        [RS_NOT_REPORTED] = "Actions that did not report",
        [RS_LATE] = "Overdue and slipped actions",
        [RS_MILESTONES] = "Milestones",
        [RS_MEASURES] = "Measures",
        [RS_CHANGES] = "Changes to the plan",
    };
    return s < RS__MAX ? t[s] : "";
}

const char *report_section_id(enum report_section s)
{
    static const char *const t[RS__MAX] = {
        [RS_STATEMENT] = "statement",
        [RS_HEADLINE] = "headline",
        [RS_RECOMMENDATIONS] = "recommendations",
        [RS_RED_LINE] = "red-line",
        [RS_ASSURANCE] = "assurance",
        [RS_NOT_REPORTED] = "not-reported",
        [RS_LATE] = "late",
        [RS_MILESTONES] = "milestones",
        [RS_MEASURES] = "measures",
        [RS_CHANGES] = "changes",
    };
    return s < RS__MAX ? t[s] : "";
}

const char *report_level_label(const struct scale *s, int level)
{
    return level >= 0 && level < s->nlevels ? s->levels[level].label : "Not rated";
}

const char *report_days_heading(enum report_count c)
{
    return c == RC_OVERDUE ? "Days overdue" : c == RC_SLIPPED ? "Days slipped" : NULL;
}

const char *report_action_date_heading(enum report_count c)
{
    return c == RC_SLIPPED ? "Baseline finish" : "Planned finish";
}

day_t report_action_date(const struct report_action *a, enum report_count c)
{
    return c == RC_SLIPPED ? a->baseline : a->finish;
}

const char *report_ms_date_heading(enum report_count c)
{
    return c == RC_SLIPPED ? "Forecast" : "Due";
}

day_t report_ms_date(const struct report_milestone *m, enum report_count c)
{
    return c == RC_SLIPPED ? m->forecast : m->due;
}

void report_title(const struct report *r, struct buf *b)
{
    static const char *const names[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
    int m;
    if (month_parse(r->month, &m))
        buf_printf(b, "Monthly progress report: %s %d", names[m % 12], m / 12);
    else
        buf_printf(b, "Monthly progress report: %s", r->month);
}

/* --- lists --------------------------------------------------------------------------- */

static struct report_action *list_add(struct report_list *l)
{
    l->v = xgrow(l->v, l->n, &l->cap, sizeof *l->v);
    struct report_action *a = &l->v[l->n++];
    memset(a, 0, sizeof *a);
    return a;
}

/* Frees every action of l, and l's array. */
static void list_free(struct report_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].ref);
        free(l->v[i].title);
        free(l->v[i].owner);
        free(l->v[i].theme_ref);
        free(l->v[i].narrative);
        free(l->v[i].note);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Appends a zeroed milestone to l and returns it (the list owns it). */
static struct report_milestone *ms_add(struct report_ms_list *l)
{
    l->v = xgrow(l->v, l->n, &l->cap, sizeof *l->v);
    struct report_milestone *m = &l->v[l->n++];
    memset(m, 0, sizeof *m);
    return m;
}

/* Frees every milestone of l, and l's array. */
static void ms_free(struct report_ms_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].ref);
        free(l->v[i].title);
        free(l->v[i].action_ref);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Most days first, then natural ref order. */
static int by_days(const void *a, const void *b)
{
    const struct report_action *x = a, *y = b;
    if (x->days != y->days)
        return x->days > y->days ? -1 : 1;
    return natcmp(x->ref, y->ref);
}

/* Milestones: most days first, then natural ref order. */
static int ms_by_days(const void *a, const void *b)
{
    const struct report_milestone *x = a, *y = b;
    if (x->days != y->days)
        return x->days > y->days ? -1 : 1;
    return natcmp(x->ref, y->ref);
}

/* Milestones: by the day achieved, then natural ref order. */
static int ms_by_achieved(const void *a, const void *b)
{
    const struct report_milestone *x = a, *y = b;
    if (x->achieved_on != y->achieved_on)
        return x->achieved_on < y->achieved_on ? -1 : 1;
    return natcmp(x->ref, y->ref);
}

/* --- row ids ------------------------------------------------------------------------- */

struct id_index {
    int64_t id;
    size_t i;
};

/* id_index entries by row id. */
static int by_id(const void *a, const void *b)
{
    const struct id_index *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The actions of ov by row id (malloc'd; the caller frees it). */
static struct id_index *ids_of(const struct overview *ov)
{
    struct id_index *ix = xcalloc(ov->nactions ? ov->nactions : 1, sizeof *ix);
    for (size_t i = 0; i < ov->nactions; i++)
        ix[i] = (struct id_index){ov->actions[i].id, i};
    qsort(ix, ov->nactions, sizeof *ix, by_id);
    return ix;
}

/* The index of the row with `id` in ix (n entries), or -1. */
static long id_find(const struct id_index *ix, size_t n, int64_t id)
{
    struct id_index key = {id, 0};
    const struct id_index *hit = bsearch(&key, ix, n, sizeof *ix, by_id);
    return hit ? (long)hit->i : -1;
}

/* --- the previous report's plan ------------------------------------------------------- */

/* What the report compares with, copied out of P's overview (which is gone by
 * the time M's is read). */
struct prev_action {
    char *ref; /* owned */
    enum action_status status;
    int level;
    day_t finish, baseline;
};

struct prev_plan {
    struct prev_action *a; /* natural ref order, as the overview's */
    size_t n;
    char **theme_refs; /* owned */
    struct report_counts *theme_counts;
    size_t nthemes;
    struct report_counts total;
    int *versions; /* signed-off version numbers in P's record */
    size_t nversions;
};

/* Frees everything p owns and zeroes it. */
static void prev_free(struct prev_plan *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->a[i].ref);
    free(p->a);
    for (size_t i = 0; i < p->nthemes; i++)
        free(p->theme_refs[i]);
    free(p->theme_refs);
    free(p->theme_counts);
    free(p->versions);
    memset(p, 0, sizeof *p);
}

/* Adds one action's status and level to c. */
static void counts_add(struct report_counts *c, enum action_status st, int level, int nlevels)
{
    c->actions++;
    if (st < ST__MAX)
        c->by_status[st]++;
    if (level >= 0 && level < nlevels && level < REPORT_MAX_LEVELS)
        c->by_level[level]++;
    else
        c->unrated++;
}

/* The signed-off version numbers of the record db shows, into *out and *n. */
static int load_version_numbers(struct db *db, int **out, size_t *n, struct report *r)
{
    sqlite3_stmt *st = db_prepare(db, sql_versions);
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    *out = NULL;
    *n = 0;
    while ((rc = db_step(db, st, "reading the plan versions")) == 1) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        (*out)[(*n)++] = sqlite3_column_int(st, 0);
        if (r) {
            r->versions = xrealloc(r->versions, (r->nversions + 1) * sizeof *r->versions);
            r->versions[r->nversions++] = (struct report_version){
                sqlite3_column_int(st, 0), xstrdup(db_col_text(st, 1)), db_col_date(st, 2)};
        }
    }
    sqlite3_reset(st);
    return rc;
}

/* Copies into *p what the report of `month` (P) showed: each action's status,
 * level and dates, the counts per theme and in all, and the signed-off
 * versions, from P's record.  Leaves db pointed at P's record.  Returns 0, or
 * -1 with db->err set. */
static int load_prev(struct db *db, const char *month, struct prev_plan *p, int nlevels)
{
    struct pub_scope scope;
    if (pub_scope_resolve(db, month, &scope) != PUB_SCOPE_OK)
        return -1;
    const struct overview *ov;
    if (overview_get(db, scope.month, &ov))
        return -1;
    p->n = ov->nactions;
    p->a = xcalloc(p->n ? p->n : 1, sizeof *p->a);
    for (size_t i = 0; i < ov->nactions; i++) {
        const struct overview_action *a = &ov->actions[i];
        p->a[i] = (struct prev_action){xstrdup(a->ref), ov->state[i].status, ov->state[i].level,
                                       a->finish, a->baseline_finish};
        counts_add(&p->total, ov->state[i].status, ov->state[i].level, nlevels);
    }
    p->nthemes = ov->nthemes;
    p->theme_refs = xcalloc(p->nthemes ? p->nthemes : 1, sizeof *p->theme_refs);
    p->theme_counts = xcalloc(p->nthemes ? p->nthemes : 1, sizeof *p->theme_counts);
    for (size_t t = 0; t < ov->nthemes; t++) {
        p->theme_refs[t] = xstrdup(ov->themes[t].ref);
        for (size_t k = ov->theme_start[t]; k < ov->theme_start[t + 1]; k++) {
            size_t i = ov->plan_order[k];
            counts_add(&p->theme_counts[t], ov->state[i].status, ov->state[i].level, nlevels);
        }
    }
    return load_version_numbers(db, &p->versions, &p->nversions, NULL);
}

/* P's themes into p (refs, zeroed counts) and *tix (by row id, malloc'd).
 * Returns 0, or -1 with db->err set. */
static int prev_themes(struct db *db, struct prev_plan *p, struct id_index **tix)
{
    sqlite3_stmt *st = db_prepare(db, sql_prev_themes);
    size_t cap = 0;
    int rc;
    *tix = NULL;
    if (!st)
        return -1;
    while ((rc = db_step(db, st, "reading the previous month's themes")) == 1) {
        if (p->nthemes == cap) {
            cap = cap ? 2 * cap : 16;
            p->theme_refs = xrealloc(p->theme_refs, cap * sizeof *p->theme_refs);
            *tix = xrealloc(*tix, cap * sizeof **tix);
        }
        (*tix)[p->nthemes] = (struct id_index){sqlite3_column_int64(st, 0), p->nthemes};
        p->theme_refs[p->nthemes++] = xstrdup(db_col_text(st, 1));
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    p->theme_counts = xcalloc(p->nthemes ? p->nthemes : 1, sizeof *p->theme_counts);
    if (p->nthemes)
        qsort(*tix, p->nthemes, sizeof **tix, by_id);
    return 0;
}

/* Fills *p as load_prev() does, but without reading P's plan whole: P's
 * levels and public statuses come from the updates M's overview (ov, its
 * actions by row id in ix) holds up to P, with the rule of the overview
 * itself (overview_latest_update(), schedule_public_status()), and only P's
 * action and theme rows are read from its record.  That holds when M's record
 * shows P's updates unchanged (sql_prev_moved) and every action of P is still
 * in M's plan; otherwise returns 0 and P is read whole.  An action is matched
 * with M's by ref, as load_prev()'s list is.  Leaves db pointed at P's record.
 * Returns 1 when done, 0 (p untouched), or -1 with db->err set. */
static int prev_from_overview(struct db *db, const struct overview *ov, const struct id_index *ix,
                              int64_t mseq, const char *month, struct prev_plan *p, int nlevels)
{
    struct pub_scope scope;
    int pm;
    if (!month_parse(month, &pm) || pub_scope_resolve(db, month, &scope) != PUB_SCOPE_OK)
        return -1;
    sqlite3_stmt *st = db_prepare(db, sql_prev_moved);
    if (!st)
        return -1;
    db_bind_int(st, ":p", scope.head.seq);
    db_bind_int(st, ":m", mseq);
    db_bind_text(st, ":month", month);
    int rc = db_step(db, st, "comparing two months' records");
    bool moved = rc != 1 || sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (moved)
        return 0;
    struct prev_plan q = {0};
    struct id_index *tix = NULL;
    struct prev_action *rows = NULL;
    size_t nrows = 0, cap = 0;
    size_t *slot = xmalloc((ov->nactions + 1) * sizeof *slot);
    for (size_t i = 0; i < ov->nactions; i++)
        slot[i] = SIZE_MAX;
    day_t end = month_last_day(pm);
    int ret = -1;
    if (prev_themes(db, &q, &tix) || !(st = db_prepare(db, sql_prev_actions)))
        goto out;
    ret = 1;
    while ((rc = db_step(db, st, "reading the previous month's actions")) == 1) {
        long i = id_find(ix, ov->nactions, sqlite3_column_int64(st, 0));
        long t = id_find(tix, q.nthemes, sqlite3_column_int64(st, 2));
        if (i < 0 || t < 0 || nrows >= OVERVIEW_MAX_ROWS) {
            ret = 0; /* not in M's plan (or damaged): read P whole */
            break;
        }
        const char *ref = db_col_text(st, 1);
        enum action_status plan = action_status_of_row(db_col_text(st, 3));
        day_t completed = action_completed_on(plan, db_col_date(st, 6)), done;
        const struct overview_update *u = overview_latest_update(ov, (size_t)i, pm);
        struct prev_action a = {
            .status = schedule_public_status(plan, completed, end, u ? u->status : -1, &done),
            .level = u ? u->level : -1,
            .finish = db_col_date(st, 4),
            .baseline = db_col_date(st, 5)};
        counts_add(&q.total, a.status, a.level, nlevels);
        counts_add(&q.theme_counts[t], a.status, a.level, nlevels);
        if (strcmp(ref, ov->actions[i].ref) != 0)
            i = overview_find_action(ov, ref); /* renamed since: P's ref is another's now */
        if (i < 0)
            continue; /* its ref is in no action of M's */
        a.ref = xstrdup(ref);
        rows = xgrow(rows, nrows, &cap, sizeof *rows);
        slot[i] = nrows;
        rows[nrows++] = a;
    }
    sqlite3_reset(st);
    if (rc < 0)
        ret = -1;
    if (ret == 1 && load_version_numbers(db, &q.versions, &q.nversions, NULL) < 0)
        ret = -1;
    if (ret == 1) {
        /* in M's natural ref order, which the matched refs share */
        q.a = xcalloc(nrows ? nrows : 1, sizeof *q.a);
        for (size_t i = 0; i < ov->nactions; i++)
            if (slot[i] != SIZE_MAX)
                q.a[q.n++] = rows[slot[i]];
        nrows = 0; /* their refs are q's now */
        *p = q;
        memset(&q, 0, sizeof q);
    }
out:
    for (size_t k = 0; k < nrows; k++)
        free(rows[k].ref);
    free(rows);
    free(slot);
    free(tix);
    prev_free(&q);
    return ret;
}

/* --- the month's updates -------------------------------------------------------------- */

/* What M's updates say of one action (by overview index). */
struct upd_facts {
    bool in_month;     /* an accepted update in M */
    int level;         /* its level, -1 unrated */
    int earlier;       /* the level of the latest earlier update, -1 none/unrated */
    bool any_before;   /* some earlier update exists */
    int earlier_month; /* the month number of that latest earlier update */
    char *narrative;   /* M's narrative, kept only at the lowest level; owned */
};

/* Fills f (one per action of ov, by index) from the public updates up to
 * `month`, as the overview read them: M's own (its level) and the level of
 * the latest earlier one; then reads M's narratives of the actions rated at
 * the scale's lowest level, the only ones the report quotes (reading every
 * update's row again cost a tenth of the report).  Returns 0, or -1 with
 * db->err set. */
static int load_updates(struct db *db, const struct overview *ov, const struct id_index *ix,
                        const char *month, const struct scale *sc, struct upd_facts *f)
{
    int m;
    if (!month_parse(month, &m)) {
        snprintf(db->err, sizeof db->err, "not a month: %s", month);
        return -1;
    }
    struct buf ids = BUF_INIT;
    size_t nlow = 0;
    for (size_t i = 0; i < ov->nactions; i++) {
        struct upd_facts *u = &f[i];
        *u = (struct upd_facts){false, -1, -1, false, -1, NULL};
        for (size_t k = ov->upd_start[i]; k < ov->upd_start[i + 1]; k++) {
            const struct overview_update *x = &ov->updates[k];
            if (x->month == m) {
                u->in_month = true;
                u->level = x->level;
            } else if (x->month < m && x->month > u->earlier_month) {
                u->earlier = x->level;
                u->earlier_month = x->month;
                u->any_before = true;
            }
        }
        if (u->in_month && u->level >= 0 && u->level == sc->nlevels - 1)
            buf_printf(&ids, "%s%" PRId64, nlow++ ? "," : "[", ov->actions[i].id);
    }
    if (!nlow) {
        buf_free(&ids);
        return 0;
    }
    buf_putc(&ids, ']');
    sqlite3_stmt *st = db_prepare(db, sql_narratives);
    int rc = -1;
    if (!st)
        goto out;
    db_bind_text(st, ":month", month);
    db_bind_text(st, ":ids", buf_str(&ids));
    while ((rc = db_step(db, st, "reading the month's updates")) == 1) {
        long i = id_find(ix, ov->nactions, sqlite3_column_int64(st, 0));
        if (i >= 0 && !f[i].narrative)
            f[i].narrative = xstrdup(db_col_text(st, 1));
    }
    sqlite3_reset(st);
out:
    buf_free(&ids);
    return rc;
}

/* --- building ------------------------------------------------------------------------- */

static void fill_action(struct report_action *x, const struct overview *ov, size_t i,
                        const struct prev_action *p)
{
    const struct overview_action *a = &ov->actions[i];
    x->ref = xstrdup(a->ref);
    x->title = xstrdup(a->title);
    x->owner = xstrdup(a->owner >= 0 ? ov->people[a->owner].name : "");
    x->theme_ref = xstrdup(ov->themes[a->theme].ref);
    x->status = ov->state[i].status;
    x->level = ov->state[i].level;
    x->prev_level = p ? p->level : -1;
    x->finish = a->finish;
    x->baseline = a->baseline_finish;
    x->forecast = ov->state[i].forecast;
}

/* Appends "WHAT FROM to TO" to b (after "; " unless b is empty). */
static void note_dates(struct buf *b, const char *what, day_t from, day_t to)
{
    char f[DATE_LEN] = "not set", t[DATE_LEN] = "not set";
    if (from != DAY_NONE)
        date_format(from, f);
    if (to != DAY_NONE)
        date_format(to, t);
    buf_printf(b, "%s%s %s to %s", b->len ? "; " : "", what, f, t);
}

/* The lists about actions, from M's overview and P's plan. */
static void build_actions(struct report *r, const struct overview *ov, const struct prev_plan *p,
                          const struct upd_facts *f)
{
    int nlevels = r->scale->nlevels;
    size_t pj = 0;
    for (size_t i = 0; i < ov->nactions; i++) {
        const struct overview_action *a = &ov->actions[i];
        const struct overview_state *s = &ov->state[i];
        /* both lists are in natural ref order: walk P's alongside */
        while (pj < p->n && natcmp(p->a[pj].ref, a->ref) < 0)
            pj++;
        const struct prev_action *pa =
            pj < p->n && strcmp(p->a[pj].ref, a->ref) == 0 ? &p->a[pj] : NULL;
        enum movement mv = f[i].in_month ? rule_movement(f[i].earlier, f[i].level) : MV_MISSING;
        struct report_theme *t = &r->themes[a->theme];
        counts_add(&t->now, s->status, s->level, nlevels);
        counts_add(&r->total, s->status, s->level, nlevels);
        t->now.movement[mv]++;
        r->total.movement[mv]++;
        if (f[i].in_month && f[i].level >= 0 && f[i].level == nlevels - 1)
            fill_action(list_add(&r->red_line), ov, i, pa),
                r->red_line.v[r->red_line.n - 1].narrative = xstrdup(f[i].narrative);
        bool expected = s->status != ST_RETIRED &&
                        !(s->completed_on != DAY_NONE && s->completed_on < r->start) &&
                        a->start <= r->end;
        if (expected && !f[i].in_month)
            fill_action(list_add(&r->not_reported), ov, i, pa);
        if (overview_overdue(ov, i, r->end)) {
            struct report_action *x = list_add(&r->overdue);
            fill_action(x, ov, i, pa);
            x->days = (int)(r->end - a->finish);
        }
        int slip;
        if (s->status != ST_RETIRED && overview_slip(ov, i, &slip) && slip > 0) {
            struct report_action *x = list_add(&r->slipped);
            fill_action(x, ov, i, pa);
            x->days = slip;
        }
        if (!r->prev_month[0])
            continue;
        if (!pa) {
            fill_action(list_add(&r->added), ov, i, pa);
        } else {
            if (s->status == ST_RETIRED && pa->status != ST_RETIRED)
                fill_action(list_add(&r->retired), ov, i, pa);
            if (pa->finish != a->finish || pa->baseline != a->baseline_finish) {
                struct report_action *x = list_add(&r->redated);
                fill_action(x, ov, i, pa);
                struct buf b = BUF_INIT;
                if (pa->finish != a->finish)
                    note_dates(&b, "planned finish", pa->finish, a->finish);
                if (pa->baseline != a->baseline_finish)
                    note_dates(&b, "baseline finish", pa->baseline, a->baseline_finish);
                x->note = buf_detach(&b);
            }
        }
    }
    if (r->overdue.n)
        qsort(r->overdue.v, r->overdue.n, sizeof *r->overdue.v, by_days);
    if (r->slipped.n)
        qsort(r->slipped.v, r->slipped.n, sizeof *r->slipped.v, by_days);
}

/* The themes of M's plan, each with P's counts when P had it. */
static void build_themes(struct report *r, const struct overview *ov, const struct prev_plan *p)
{
    r->nthemes = ov->nthemes;
    r->themes = xcalloc(r->nthemes ? r->nthemes : 1, sizeof *r->themes);
    for (size_t t = 0; t < ov->nthemes; t++) {
        struct report_theme *x = &r->themes[t];
        x->ref = xstrdup(ov->themes[t].ref);
        x->title = xstrdup(ov->themes[t].title);
        x->lead = xstrdup(ov->themes[t].lead >= 0 ? ov->people[ov->themes[t].lead].name : "");
        for (size_t k = 0; k < p->nthemes; k++)
            if (strcmp(p->theme_refs[k], x->ref) == 0) {
                x->prev = p->theme_counts[k];
                x->in_prev = true;
            }
    }
    r->total_prev = p->total;
}

/* Progress against each recommendation: its answering actions counted by
 * their status at M, from M's recommendations as the public pages have them
 * (kept once per sealed month, model/record_memo.h).  Returns 0, or -1 with
 * db->err set. */
static int build_recs(struct report *r, struct db *db, const struct pub_scope *scope,
                      const struct overview *ov)
{
    const struct pub_recs *recs;
    if (pub_recs_get(db, scope, &recs))
        return -1;
    r->nrecs = recs->nrecs;
    r->recs = xcalloc(recs->nrecs ? recs->nrecs : 1, sizeof *r->recs);
    for (size_t i = 0; i < recs->nrecs; i++) {
        const struct pub_rec *pr = &recs->recs[i];
        struct report_rec *x = &r->recs[i];
        x->review_ref = xstrdup(recs->reviews[pr->review].ref);
        x->review_title = xstrdup(recs->reviews[pr->review].title);
        x->ref = xstrdup(pr->ref);
        x->text = xstrdup(pr->text);
        x->covered = pr->covered;
        x->answers = pr->nanswers;
        struct buf b = BUF_INIT;
        for (size_t k = 0; k < pr->nanswers; k++) {
            size_t j = pr->answers[k];
            const char *ref = recs->actions.v[j].ref;
            /* a sealed month's recommendations take their actions from its
             * overview, in its order (pub_data.c): the same index, else by ref */
            long ai = j < ov->nactions && recs->actions.v[j].id == ov->actions[j].id
                          ? (long)j
                          : overview_find_action(ov, ref);
            if (ai >= 0)
                x->by_status[ov->state[ai].status]++;
            buf_printf(&b, "%s%s", k ? ", " : "", ref);
        }
        x->actions = buf_detach(&b);
    }
    return 0;
}

/* Fills x from milestone i of ms. */
static void ms_fill(struct report_milestone *x, const struct pub_milestones *ms, size_t i)
{
    const struct pub_milestone *m = &ms->v[i];
    x->ref = xstrdup(m->ref);
    x->title = xstrdup(m->title);
    x->action_ref = xstrdup(m->action >= 0 ? ms->actions.v[m->action].ref : "");
    x->due = m->due;
    x->baseline_due = m->baseline_due;
    x->achieved_on = m->achieved_on;
    x->forecast = m->forecast;
}

/* The public milestones overdue (due, and forecast, by M's end and not
 * achieved) and slipped at M's end, and those achieved
 * after P's last day (prev_end; DAY_NONE: any) and by M's.  Returns 0, or -1
 * with db->err set. */
static int build_milestones(struct report *r, struct db *db, const struct pub_scope *scope,
                            day_t prev_end)
{
    const struct pub_milestones *ms;
    if (pub_milestones_get(db, scope, &ms)) /* as /milestones has them */
        return -1;
    for (size_t i = 0; i < ms->n; i++) {
        const struct pub_milestone *m = &ms->v[i];
        /* overdue: not achieved, and even its forecast is past, whether or
         * not it slipped on the way (a slipped one is in both lists, as an
         * action late and slipped is) */
        if (m->state == PMS_OVERDUE ||
            (m->state == PMS_SLIPPED && m->forecast != DAY_NONE && m->forecast <= r->end)) {
            struct report_milestone *x = ms_add(&r->ms_overdue);
            ms_fill(x, ms, i);
            x->days = (int)(r->end - m->due);
        }
        if (m->state == PMS_SLIPPED) {
            struct report_milestone *x = ms_add(&r->ms_slipped);
            ms_fill(x, ms, i);
            x->days = m->slip_days;
        }
        if (m->achieved_on != DAY_NONE && m->achieved_on <= r->end &&
            (prev_end == DAY_NONE || m->achieved_on > prev_end))
            ms_fill(ms_add(&r->ms_met), ms, i);
    }
    if (r->ms_overdue.n)
        qsort(r->ms_overdue.v, r->ms_overdue.n, sizeof *r->ms_overdue.v, ms_by_days);
    if (r->ms_slipped.n)
        qsort(r->ms_slipped.v, r->ms_slipped.n, sizeof *r->ms_slipped.v, ms_by_days);
    if (r->ms_met.n)
        qsort(r->ms_met.v, r->ms_met.n, sizeof *r->ms_met.v, ms_by_achieved);
    return 0;
}

/* The panel's ratings of M recorded by its sign-off that differ from the
 * council's: a rating recorded later is no part of M's record. */
static int build_assurance(struct report *r, struct db *db, const struct overview *ov,
                           const struct upd_facts *f)
{
    /* the council's levels: M's rated updates, which the overview holds */
    struct assurance_council *c = xmalloc((ov->nactions + 1) * sizeof *c);
    size_t n = 0;
    for (size_t i = 0; i < ov->nactions; i++)
        if (f[i].in_month && f[i].level >= 0)
            c[n++] = (struct assurance_council){ov->actions[i].id,
                                                ov->themes[ov->actions[i].theme].id, f[i].level};
    struct assurance_period ap;
    int rc = assurance_load_council(db, r->month, c, n, &ap);
    free(c);
    if (rc <= 0)
        return rc;
    for (size_t i = 0; i < ap.nitems; i++) {
        const struct assurance_item *it = &ap.items[i];
        for (size_t k = 0; k < it->nratings; k++) {
            const struct assurance_rating *x = &it->ratings[k];
            if (!x->differs || strcmp(x->at, r->head.sealed_at) > 0)
                continue;
            r->assurance = xrealloc(r->assurance, (r->nassurance + 1) * sizeof *r->assurance);
            r->assurance[r->nassurance++] =
                (struct report_assurance){xstrdup(it->ref), xstrdup(it->title), it->is_action,
                                          it->council,      x->level,           xstrdup(x->member)};
        }
    }
    assurance_period_free(&ap);
    return 0;
}

/* Keeps of r->versions (every signed-off version in M's record) those not in
 * P's. */
static void versions_since(struct report *r, const struct prev_plan *p)
{
    size_t k = 0;
    for (size_t i = 0; i < r->nversions; i++) {
        bool before = false;
        for (size_t j = 0; j < p->nversions; j++)
            before = before || p->versions[j] == r->versions[i].number;
        if (before)
            free(r->versions[i].title);
        else
            r->versions[k++] = r->versions[i];
    }
    r->nversions = k;
}

/* Reads the first column of the one-row query sql (bound :month) into *out
 * (malloc'd; left alone when there is no row or it is NULL).  Returns 0, or
 * -1 with db->err set. */
static int read_text(struct db *db, const char *sql, const char *month, char **out,
                     const char *what)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    db_bind_text(st, ":month", month);
    int rc = db_step(db, st, what);
    if (rc == 1 && sqlite3_column_type(st, 0) != SQLITE_NULL)
        *out = xstrdup(db_col_text(st, 0));
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

int report_build(struct db *db, const char *month, struct report *out)
{
    return report_build_since(db, month, month, out);
}

int report_build_since(struct db *db, const char *month, const char *since, struct report *out)
{
    memset(out, 0, sizeof *out);
    struct prev_plan prev = {0};
    struct upd_facts *facts = NULL;
    struct id_index *ix = NULL;
    const struct overview *ov = NULL;
    int rc = -1, m;
    struct pub_scope scope;
    enum pub_scope_result sr = pub_scope_resolve(db, month, &scope);
    if (sr == PUB_SCOPE_BAD || sr == PUB_SCOPE_NOT_PUBLIC || !month_parse(month, &m))
        return 0;
    if (sr != PUB_SCOPE_OK)
        return -1;
    struct pub_org org;
    if (pub_org_load(db, &org)) {
        pub_org_free(&org);
        return -1;
    }
    out->org_name = xstrdup(org.name);
    out->scale = org.scale;
    pub_org_free(&org);
    memcpy(out->month, scope.month_s, MONTH_LEN);
    out->start = month_first_day(m);
    out->end = month_last_day(m);
    out->head = scope.head;
    char *so = NULL;
    if (read_text(db, sql_signed_off, month, &so, "reading the sign-off"))
        goto out;
    if (!so || !date_parse(so, &out->signed_off_on))
        out->signed_off_on = DAY_NONE;
    free(so);
    so = NULL;
    if (read_text(db, sql_prev, since, &so, "finding the previous report"))
        goto out;
    if (so)
        memcpy(out->prev_month, so, strlen(so) < MONTH_LEN ? strlen(so) + 1 : 1);
    free(so);
    if (read_text(db, sql_statement, month, &out->statement, "reading the covering statement"))
        goto out;
    int nlevels = out->scale->nlevels;
    day_t prev_end = DAY_NONE;
    if (overview_get(db, scope.month, &ov))
        goto out;
    ix = ids_of(ov);
    if (out->prev_month[0]) {
        int pm, got;
        if (!month_parse(out->prev_month, &pm) ||
            (got = prev_from_overview(db, ov, ix, scope.head.seq, out->prev_month, &prev,
                                      nlevels)) < 0 ||
            (got == 0 && load_prev(db, out->prev_month, &prev, nlevels) < 0))
            goto out;
        prev_end = month_last_day(pm);
        /* back to M's record, and M's overview (held since it was obtained,
         * so the same one, on a record connection) */
        const struct overview *again;
        if (pub_scope_use(db, &scope) || overview_get(db, scope.month, &again))
            goto out;
        if (again != ov) {
            ov = again;
            free(ix);
            ix = ids_of(ov);
        }
    }
    int *nums = NULL;
    size_t nnums = 0;
    int vr = load_version_numbers(db, &nums, &nnums, out);
    free(nums);
    if (vr < 0)
        goto out;
    if (out->prev_month[0])
        versions_since(out, &prev);
    facts = xcalloc(ov->nactions ? ov->nactions : 1, sizeof *facts);
    if (load_updates(db, ov, ix, month, out->scale, facts) < 0)
        goto out;
    build_themes(out, ov, &prev);
    build_actions(out, ov, &prev, facts);
    if (build_recs(out, db, &scope, ov) || build_milestones(out, db, &scope, prev_end) ||
        build_assurance(out, db, ov, facts) < 0 ||
        pub_measures_load(db, &scope, NULL, &out->measures))
        goto out;
    rc = 1;
out:
    if (facts && ov)
        for (size_t i = 0; i < ov->nactions; i++)
            free(facts[i].narrative);
    free(facts);
    free(ix);
    prev_free(&prev);
    if (rc != 1)
        report_free(out);
    return rc;
}

void report_free(struct report *r)
{
    free(r->org_name);
    free(r->statement);
    for (size_t i = 0; i < r->nthemes; i++) {
        free(r->themes[i].ref);
        free(r->themes[i].title);
        free(r->themes[i].lead);
    }
    free(r->themes);
    for (size_t i = 0; i < r->nrecs; i++) {
        free(r->recs[i].review_ref);
        free(r->recs[i].review_title);
        free(r->recs[i].ref);
        free(r->recs[i].text);
        free(r->recs[i].actions);
    }
    free(r->recs);
    list_free(&r->red_line);
    list_free(&r->not_reported);
    list_free(&r->overdue);
    list_free(&r->slipped);
    list_free(&r->added);
    list_free(&r->retired);
    list_free(&r->redated);
    ms_free(&r->ms_overdue);
    ms_free(&r->ms_slipped);
    ms_free(&r->ms_met);
    pub_measures_free(&r->measures);
    for (size_t i = 0; i < r->nversions; i++)
        free(r->versions[i].title);
    free(r->versions);
    for (size_t i = 0; i < r->nassurance; i++) {
        free(r->assurance[i].ref);
        free(r->assurance[i].title);
        free(r->assurance[i].member);
    }
    free(r->assurance);
    memset(r, 0, sizeof *r);
}

/* pub_home.c — the home page's queries, and the rules of DESIGN.md applied to
 * what they load (see pub_home.h).
 *
 * A handful of fixed queries, none per row: the organisation, the signed-off
 * months, the public schedule at the month shown (model/schedule.h: actions,
 * dependencies, public updates, public status; as at an earlier month, at the
 * latest month too), and the public milestones. */
#include "model/pub_home.h"
#include "model/pub_data.h"
#include "model/record_memo.h"
#include "model/org.h"
#include "lib/buf.h"
#include "model/schedule.h"
#include "lib/natcmp.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_period[] =
    "SELECT pe.signed_off_on, pn.name"
    "  FROM period pe LEFT JOIN person pn ON pn.id = pe.signed_off_by_id"
    " WHERE pe.month = :month AND pe.status = 'signed_off'";
static const char sql_prev[] = "SELECT max(month) FROM period"
                               " WHERE status = 'signed_off' AND month < :month";
/* every signed-off month, whichever month's record is in scope: main.period */
static const char sql_months[] = "SELECT month FROM main.period"
                                 " WHERE status = 'signed_off' AND month <= :month"
                                 " ORDER BY month DESC";
static const char sql_milestones[] = "SELECT m.ref, m.title, a.ref, m.action_id, m.due,"
                                     "       m.achieved_on"
                                     "  FROM milestone m LEFT JOIN action a ON a.id = m.action_id"
                                     " WHERE m.public = 1"
                                     " ORDER BY m.due, m.ref";

/* Reads the organisation's name and scale.  Returns 0 or -1 (db->err). */
static int load_org(struct db *db, struct pub_home *out)
{
    char *slug = NULL;
    int rc = org_read(db, &out->org_name, &slug, &out->scale);
    free(slug);
    return rc;
}

/* Reads when signed-off month `month` was signed off, and by whom (a new
 * string in *by, or NULL).  Returns 0 or -1 (db->err). */
static int load_period(struct db *db, const char *month, day_t *on, char **by)
{
    sqlite3_stmt *st = db_prepare(db, sql_period);
    if (!st)
        return -1;
    db_bind_text(st, ":month", month);
    int rc = sqlite3_step(st);
    *on = DAY_NONE;
    if (rc == SQLITE_ROW) {
        *on = db_col_date(st, 0);
        if (by && sqlite3_column_type(st, 1) != SQLITE_NULL)
            *by = xstrdup(db_col_text(st, 1));
    } else if (rc != SQLITE_DONE) {
        db_set_error(db, "reading a period");
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Writes the signed-off month before `month` into prev ("" if none).
 * Returns 0 or -1 (db->err). */
static int load_prev(struct db *db, const char *month, char prev[MONTH_LEN])
{
    sqlite3_stmt *st = db_prepare(db, sql_prev);
    if (!st)
        return -1;
    db_bind_text(st, ":month", month);
    int rc = sqlite3_step(st);
    prev[0] = '\0';
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        snprintf(prev, MONTH_LEN, "%s", db_col_text(st, 0));
    else if (rc != SQLITE_ROW)
        db_set_error(db, "reading periods");
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* Reads the signed-off months up to the latest into out->months.  Returns 0
 * or -1 (db->err). */
static int load_months(struct db *db, struct pub_home *out)
{
    char latest[MONTH_LEN];
    size_t cap = 0;
    int rc;
    month_format(out->scope.latest, latest);
    sqlite3_stmt *st = db_prepare(db, sql_months);
    if (!st)
        return -1;
    db_bind_text(st, ":month", latest);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->nmonths == PUB_HOME_MAX_ROWS) {
            snprintf(db->err, sizeof db->err, "more than %d periods", PUB_HOME_MAX_ROWS);
            goto out;
        }
        out->months = xgrow(out->months, out->nmonths, &cap, sizeof *out->months);
        snprintf(out->months[out->nmonths++], MONTH_LEN, "%s", db_col_text(st, 0));
    }
    if (rc != SQLITE_DONE)
        db_set_error(db, "reading periods");
out:
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Appends an item for action a to list l.  The item owns copies of the strings. */
static struct pub_home_item *list_push(struct pub_home_list *l, const struct s_action *a)
{
    l->v = xgrow(l->v, l->n, &l->cap, sizeof *l->v);
    struct pub_home_item *it = &l->v[l->n++];
    *it = (struct pub_home_item){xstrdup(a->ref), xstrdup(a->title), -1, -1, -1, -1, 0};
    return it;
}

/* qsort comparator: items in natural ref order. */
static int item_cmp(const void *x, const void *y)
{
    return natcmp(((const struct pub_home_item *)x)->ref, ((const struct pub_home_item *)y)->ref);
}

/* Sorts a list into natural ref order. */
static void list_sort(struct pub_home_list *l)
{
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, item_cmp);
}

/* Frees a list's items and the list's array, and empties it. */
static void list_free(struct pub_home_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].ref);
        free(l->v[i].title);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Runs the forward pass over the public schedule s.  Returns a malloc'd array
 * of s->nactions fp_actions (the caller frees), with ff set, or NULL on a
 * dependency cycle. */
static struct fp_action *forecast(const struct schedule *s)
{
    struct fp_action *fa = xcalloc(s->nactions ? s->nactions : 1, sizeof *fa);
    schedule_fp(s, fa);
    if (rule_forward_pass(fa, s->nactions, NULL, NULL) != 0) {
        free(fa);
        return NULL;
    }
    return fa;
}

/* The month's headline: statuses, ratings, movements, overdue and slipped
 * actions, from the public schedule s at the month shown.  `fa` is the
 * forward pass (NULL after a cycle). */
static void compute_month(struct pub_home *out, const struct schedule *s,
                          const struct fp_action *fa)
{
    day_t end = out->scope.end;
    for (size_t i = 0; i < s->nactions; i++) {
        const struct s_action *a = &s->actions[i];
        int st = (int)a->pub_status;
        bool in_month = a->month >= 0 && a->month == out->scope.month;
        out->by_status[st]++;
        int lv = in_month ? a->confidence : -1; /* its rating IN the month */
        if (lv >= 0 && lv < PUB_HOME_MAX_LEVELS) {
            out->by_level[lv]++;
            out->nrated++;
        } else if (st != ST_RETIRED) {
            out->nunrated++;
        }
        if (rule_overdue((enum action_status)st, a->finish, end))
            list_push(&out->overdue, a)->days = rule_slip(end, a->finish);
        if (fa && st != ST_RETIRED && a->baseline_finish != DAY_NONE &&
            fa[i].ff > a->baseline_finish)
            list_push(&out->slipped, a)->days = rule_slip(fa[i].ff, a->baseline_finish);
        /* the latest rating before the month */
        int prev = in_month ? a->prev_confidence : a->confidence;
        switch (rule_movement(prev, lv)) {
        case MV_IMPROVED: {
            struct pub_home_item *it = list_push(&out->improved, a);
            it->from_level = prev;
            it->to_level = lv;
            break;
        }
        case MV_DECLINED: {
            struct pub_home_item *it = list_push(&out->declined, a);
            it->from_level = prev;
            it->to_level = lv;
            break;
        }
        case MV_NEW:
            out->nnew++;
            break;
        case MV_UNCHANGED:
            out->nunchanged++;
            break;
        case MV_MISSING:
            break;
        }
    }
    list_sort(&out->overdue);
    list_sort(&out->slipped);
    list_sort(&out->improved);
    list_sort(&out->declined);
}

/* As-at only: the actions whose public confidence or status at the latest
 * month (public schedule l) differs from what it was at the month shown (s,
 * loaded from the same snapshot: the same actions in the same order). */
static void compute_changes(struct pub_home *out, const struct schedule *s,
                            const struct schedule *l)
{
    for (size_t i = 0; i < s->nactions && i < l->nactions; i++) {
        const struct s_action *a = &s->actions[i];
        int ls = a->confidence, ll = l->actions[i].confidence;
        int ss = (int)a->pub_status, sl = (int)l->actions[i].pub_status;
        if (ls == ll && ss == sl)
            continue;
        struct pub_home_item *it = list_push(&out->changed, a);
        it->from_level = ls;
        it->to_level = ll;
        it->from_status = ss;
        it->to_status = sl;
    }
    list_sort(&out->changed);
}

/* Appends a milestone to an array of capacity *cap. */
static void ms_push(struct pub_home_milestone **v, size_t *n, size_t *cap,
                    struct pub_home_milestone m)
{
    *v = xgrow(*v, *n, cap, sizeof **v);
    (*v)[(*n)++] = m;
}

/* qsort comparator: milestones by achieved date, then natural ref order. */
static int ms_achieved_cmp(const void *x, const void *y)
{
    const struct pub_home_milestone *a = x, *b = y;
    if (a->achieved_on != b->achieved_on)
        return a->achieved_on < b->achieved_on ? -1 : 1;
    return natcmp(a->ref, b->ref);
}

/* Reads the public milestones: the next ones not achieved by the month shown
 * (due order) or, with `since` (as at an earlier month, read from the latest
 * month's record, which knows what was achieved later), those achieved after
 * the month shown up to the latest.  Returns 0 or -1 (db->err). */
static int load_milestones(struct db *db, struct pub_home *out, const struct schedule *s,
                           const struct fp_action *fa, bool since_list)
{
    sqlite3_stmt *st = db_prepare(db, sql_milestones);
    size_t capnext = 0, capsince = 0, seen = 0;
    day_t end = out->scope.end, latest_end = month_last_day(out->scope.latest);
    int rc;
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (++seen > PUB_HOME_MAX_ROWS) {
            snprintf(db->err, sizeof db->err, "more than %d milestones", PUB_HOME_MAX_ROWS);
            goto out;
        }
        day_t due = db_col_date(st, 4), achieved = db_col_date(st, 5);
        bool done = achieved != DAY_NONE && achieved <= end;
        bool since = since_list && achieved != DAY_NONE && achieved > end && achieved <= latest_end;
        if (since_list ? !since : (done || due == DAY_NONE || out->nnext == PUB_HOME_NEXT))
            continue;
        long x =
            sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : schedule_find(s, db_col_text(st, 2));
        struct pub_home_milestone m = {
            .ref = xstrdup(db_col_text(st, 0)),
            .title = xstrdup(db_col_text(st, 1)),
            .action_ref =
                sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : xstrdup(db_col_text(st, 2)),
            .due = due,
            .forecast =
                fa && x >= 0 ? rule_milestone_forecast(due, fa[x].ff, s->actions[x].finish) : due,
            .achieved_on = DAY_NONE};
        if (!since_list) {
            ms_push(&out->next, &out->nnext, &capnext, m);
            continue;
        }
        m.achieved_on = achieved;
        ms_push(&out->achieved_since, &out->nachieved_since, &capsince, m);
    }
    if (rc != SQLITE_DONE)
        db_set_error(db, "reading milestones");
out:
    sqlite3_reset(st);
    if (out->nachieved_since > 1)
        qsort(out->achieved_since, out->nachieved_since, sizeof *out->achieved_since,
              ms_achieved_cmp);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The ratings of every signed-off month's report up to the one shown (the
 * record's updates are those already: the filter repeats the public rule). */
static const char sql_trend[] =
    "SELECT p.month, u.confidence, count(*) FROM progress_update u"
    "  JOIN period p ON p.id = u.period_id"
    " WHERE u.state = 'accepted' AND p.status = 'signed_off' AND p.month <= :month"
    "   AND u.confidence IS NOT NULL"
    " GROUP BY p.month, u.confidence ORDER BY p.month";

/* Loads out->trend.  Returns 0 or -1 (db->err). */
static int load_trend(struct db *db, struct pub_home *out)
{
    sqlite3_stmt *st = db_prepare(db, sql_trend);
    size_t cap = 0;
    int rc;
    if (!st)
        return -1;
    db_bind_text(st, ":month", out->scope.month_s);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *m = db_col_text(st, 0);
        if (!out->ntrend || strcmp(out->trend[out->ntrend - 1].month, m) != 0) {
            if (out->ntrend >= PUB_HOME_MAX_ROWS)
                break;
            out->trend = xgrow(out->trend, out->ntrend, &cap, sizeof *out->trend);
            struct pub_home_month *t = &out->trend[out->ntrend++];
            memset(t, 0, sizeof *t);
            snprintf(t->month, sizeof t->month, "%s", m);
        }
        struct pub_home_month *t = &out->trend[out->ntrend - 1];
        int lv = scale_level(out->scale, db_col_text(st, 1));
        if (lv >= 0 && lv < PUB_HOME_MAX_LEVELS) {
            size_t k = (size_t)sqlite3_column_int64(st, 2);
            t->by_level[lv] += k;
            t->nrated += k;
        }
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        db_set_error(db, "reading the confidence trend");
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* Counts the measures by status at the end of `month` (values dated by then,
 * as the record shows the measures) into *d.  Returns 0 or -1. */
static int load_dials(struct db *db, const struct pub_home *h, int month, struct pub_home_dials *d)
{
    struct pub_scope at = h->scope;
    struct pub_measures ms = {0};
    at.month = month;
    month_format(month, at.month_s);
    at.end = month_last_day(month);
    if (pub_measures_load(db, &at, NULL, &ms))
        return -1;
    memset(d, 0, sizeof *d);
    memcpy(d->month, at.month_s, sizeof d->month);
    for (size_t i = 0; i < ms.n; i++)
        if ((unsigned)ms.v[i].state < 4)
            d->by_state[ms.v[i].state]++, d->n++;
    pub_measures_free(&ms);
    return 0;
}

/* Everything after the organisation, inside the caller's transaction.
 * Returns 0 or -1 (db->err). */
static int load_all(struct db *db, struct pub_home *out)
{
    struct schedule s, l = {0};
    struct fp_action *fa = NULL;
    int ret = -1;

    if (schedule_load_public(db, &out->scope, &s))
        goto out;
    if (s.nactions > PUB_HOME_MAX_ROWS) {
        snprintf(db->err, sizeof db->err, "more than %d actions", PUB_HOME_MAX_ROWS);
        goto out;
    }
    out->nthemes = s.nthemes;
    out->nactions = s.nactions;
    if (out->scope.month < 0) {
        ret = 0; /* nothing signed off: nothing more is public */
        goto out;
    }
    if (load_period(db, out->scope.month_s, &out->signed_off_on, &out->signed_off_by) ||
        load_prev(db, out->scope.month_s, out->prev_month) || load_months(db, out))
        goto out;
    if (load_trend(db, out) || load_dials(db, out, out->scope.month, &out->dials))
        goto out;
    if (out->ntrend > 1) {
        int first;
        if (month_parse(out->trend[0].month, &first) &&
            load_dials(db, out, first, &out->first_dials))
            goto out;
    }
    fa = forecast(&s);
    out->cycle = fa == NULL;
    compute_month(out, &s, fa);
    if (out->scope.as_at) {
        /* the latest month, from its own record */
        struct pub_scope latest = pub_scope_latest(&out->scope);
        memcpy(out->latest_month, latest.month_s, sizeof out->latest_month);
        if (pub_scope_use(db, &latest) ||
            load_period(db, out->latest_month, &out->latest_signed_off_on, NULL) ||
            schedule_load_public(db, &latest, &l) || load_milestones(db, out, &s, fa, true) ||
            pub_scope_use(db, &out->scope))
            goto out;
        compute_changes(out, &s, &l);
    }
    if (load_milestones(db, out, &s, fa, false))
        goto out;
    ret = 0;
out:
    free(fa);
    schedule_free(&s);
    schedule_free(&l);
    return ret;
}

int pub_home_load(struct db *db, const struct pub_scope *scope, struct pub_home *out)
{
    int ret = -1;
    bool own_txn = sqlite3_get_autocommit(db->h); /* one snapshot for every query */

    memset(out, 0, sizeof *out);
    out->scope = *scope;
    if (own_txn && db_exec(db, "BEGIN"))
        return -1;
    if (load_org(db, out) || load_all(db, out))
        goto out;
    ret = 0;
out:
    if (own_txn) {
        if (ret == 0 && db_exec(db, "COMMIT"))
            ret = -1;
        if (ret != 0)
            db_rollback(db);
    }
    if (ret != 0)
        pub_home_free(out);
    return ret;
}

/* Frees an array of n milestones. */
static void ms_free(struct pub_home_milestone *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].ref);
        free(v[i].title);
        free(v[i].action_ref);
    }
    free(v);
}

void pub_home_free(struct pub_home *h)
{
    if (!h)
        return;
    free(h->org_name);
    free(h->months);
    free(h->signed_off_by);
    list_free(&h->overdue);
    list_free(&h->slipped);
    list_free(&h->improved);
    list_free(&h->declined);
    list_free(&h->changed);
    ms_free(h->next, h->nnext);
    ms_free(h->achieved_since, h->nachieved_since);
    free(h->trend);
    memset(h, 0, sizeof *h);
}

/* Frees a pub_home made by pub_home_get (the memo's destructor). */
static void home_destroy(void *p)
{
    pub_home_free(p);
    free(p);
}

/* Builds the home page's figures for record_memo_obtain (ctx: the scope). */
static void *home_build(struct db *db, void *ctx, size_t *bytes)
{
    struct pub_home *h = xmalloc(sizeof *h);
    if (pub_home_load(db, ctx, h)) {
        free(h);
        return NULL;
    }
    return h;
}

int pub_home_get(struct db *db, const struct pub_scope *scope, const struct pub_home **out)
{
    /* as at an earlier month the page also compares it with the latest */
    char key[32];
    void *obj;
    snprintf(key, sizeof key, "%lld", (long long)scope->latest_head.seq);
    int rc = record_memo_obtain(db, MEMO_HOME, key, home_build, (void *)scope, home_destroy, &obj);
    *out = obj;
    return rc;
}

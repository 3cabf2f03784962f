/* pub_home.c — the home page's queries, and the rules of DESIGN.md applied to
 * what they load (see pub_home.h).
 *
 * A handful of fixed queries, none per row: the organisation, the plan's size,
 * the signed-off months, the actions, their dependencies, every public
 * update up to the latest signed-off month (a few per action), and the public
 * milestones.  Each action's updates are then walked once to find its state
 * at the month shown and at the latest month. */
#include "model/pub_home.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_org[] = "SELECT name, rating_scale FROM organisation WHERE id = 1";
static const char sql_nthemes[] = "SELECT count(*) FROM theme";
static const char sql_period[] =
    "SELECT pe.signed_off_on, pn.name"
    "  FROM period pe LEFT JOIN person pn ON pn.id = pe.signed_off_by_id"
    " WHERE pe.month = :month AND pe.status = 'signed_off'";
static const char sql_prev[] = "SELECT max(month) FROM period"
                               " WHERE status = 'signed_off' AND month < :month";
static const char sql_months[] = "SELECT month FROM period"
                                 " WHERE status = 'signed_off' AND month <= :month"
                                 " ORDER BY month DESC";
static const char sql_actions[] = "SELECT id, ref, title, status, start, finish, baseline_finish,"
                                  "       completed_on"
                                  "  FROM action ORDER BY id";
static const char sql_deps[] = "SELECT action_id, depends_on_id FROM action_dep";
/* The public fragment of pub_scope.h, up to the latest signed-off month. */
static const char sql_updates[] =
    "SELECT u.action_id, p.month, u.status, u.confidence, u.forecast_finish"
    "  FROM progress_update u JOIN period p ON p.id = u.period_id"
    " WHERE u.state = 'accepted' AND p.status = 'signed_off' AND p.month <= :month"
    " ORDER BY u.action_id, p.month";
static const char sql_milestones[] = "SELECT m.ref, m.title, a.ref, m.action_id, m.due,"
                                     "       m.achieved_on"
                                     "  FROM milestone m LEFT JOIN action a ON a.id = m.action_id"
                                     " WHERE m.public = 1"
                                     " ORDER BY m.due, m.ref";

/* One public update, as much of it as the home page needs. */
struct h_update {
    bool has;       /* false: no such update */
    int month;      /* its period's month */
    int status;     /* enum action_status */
    int level;      /* confidence (scale index), -1 for none */
    day_t forecast; /* forecast finish, DAY_NONE when not given */
};

/* One action of the current plan with the public updates that matter here. */
struct h_action {
    int64_t id;
    char *ref, *title;      /* owned */
    int plan_status;        /* the live row's status (only "retired" is used) */
    day_t start, finish;    /* current plan */
    day_t baseline;         /* baseline finish, DAY_NONE when not set */
    day_t completed_on;     /* DAY_NONE unless complete */
    struct h_update at_s;   /* latest public update up to the month shown */
    struct h_update in_s;   /* its public update IN the month shown */
    struct h_update prev_s; /* latest public update before the month shown */
    struct h_update at_l;   /* latest public update up to the latest month */
    size_t *pred;           /* indices of the actions it depends on; owned */
    size_t npred, cappred;
};

/* The loaded plan: actions in id order (for lookups by id). */
struct h_plan {
    struct h_action *v; /* owned */
    size_t n, cap;
};

/* Frees the plan's actions. */
static void plan_release(struct h_plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].ref);
        free(p->v[i].title);
        free(p->v[i].pred);
    }
    free(p->v);
    memset(p, 0, sizeof *p);
}

/* Finds the action with row id `id` (the array is in id order): its index,
 * or -1. */
static long plan_by_id(const struct h_plan *p, int64_t id)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->v[mid].id == id)
            return (long)mid;
        if (p->v[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Reads the organisation's name and scale.  Returns 0 or -1 (db->err). */
static int load_org(struct db *db, struct pub_home *out)
{
    sqlite3_stmt *st = db_prepare(db, sql_org);
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->org_name = xstrdup(db_col_text(st, 0));
        out->scale = scale_find(db_col_text(st, 1));
    } else if (rc == SQLITE_DONE) {
        snprintf(db->err, sizeof db->err, "the database has no organisation (run `dialturn init`)");
    } else {
        db_set_error(db, "reading the organisation");
    }
    sqlite3_reset(st);
    if (!out->scale)
        out->scale = scale_find("confidence3");
    return rc == SQLITE_ROW ? 0 : -1;
}

/* Runs a one-number query (no parameters) into *n.  Returns 0 or -1. */
static int load_count(struct db *db, const char *sql, size_t *n)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(st, 0);
    else
        db_set_error(db, "counting");
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
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
        if (out->nmonths == cap) {
            cap = cap ? cap * 2 : 16;
            out->months = xrealloc(out->months, cap * sizeof *out->months);
        }
        snprintf(out->months[out->nmonths++], MONTH_LEN, "%s", db_col_text(st, 0));
    }
    if (rc != SQLITE_DONE)
        db_set_error(db, "reading periods");
out:
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Reads every action of the current plan into p, in id order.  Returns 0 or -1. */
static int load_actions(struct db *db, struct h_plan *p)
{
    sqlite3_stmt *st = db_prepare(db, sql_actions);
    int rc;
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (p->n == PUB_HOME_MAX_ROWS) {
            snprintf(db->err, sizeof db->err, "more than %d actions", PUB_HOME_MAX_ROWS);
            goto out;
        }
        if (p->n == p->cap) {
            p->cap = p->cap ? p->cap * 2 : 64;
            p->v = xrealloc(p->v, p->cap * sizeof *p->v);
        }
        struct h_action *a = &p->v[p->n++];
        memset(a, 0, sizeof *a);
        a->id = sqlite3_column_int64(st, 0);
        a->ref = xstrdup(db_col_text(st, 1));
        a->title = xstrdup(db_col_text(st, 2));
        a->plan_status = action_status_parse(db_col_text(st, 3));
        a->start = db_col_date(st, 4);
        a->finish = db_col_date(st, 5);
        a->baseline = db_col_date(st, 6);
        a->completed_on = db_col_date(st, 7);
    }
    if (rc != SQLITE_DONE)
        db_set_error(db, "reading actions");
out:
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Hangs each dependency on its action as a predecessor index.  Returns 0 or -1. */
static int load_deps(struct db *db, struct h_plan *p)
{
    sqlite3_stmt *st = db_prepare(db, sql_deps);
    int rc;
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long a = plan_by_id(p, sqlite3_column_int64(st, 0));
        long b = plan_by_id(p, sqlite3_column_int64(st, 1));
        if (a < 0 || b < 0)
            continue;
        struct h_action *x = &p->v[a];
        if (x->npred == x->cappred) {
            x->cappred = x->cappred ? x->cappred * 2 : 4;
            x->pred = xrealloc(x->pred, x->cappred * sizeof *x->pred);
        }
        x->pred[x->npred++] = (size_t)b;
    }
    if (rc != SQLITE_DONE)
        db_set_error(db, "reading dependencies");
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Walks every public update up to month `latest` (in action, month order) and
 * keeps, per action, those pub_home needs about month `s`.  Returns 0 or -1. */
static int load_updates(struct db *db, struct h_plan *p, const struct scale *scale, int s,
                        int latest)
{
    char latest_s[MONTH_LEN];
    month_format(latest, latest_s);
    sqlite3_stmt *st = db_prepare(db, sql_updates);
    int rc;
    if (!st)
        return -1;
    db_bind_text(st, ":month", latest_s);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long a = plan_by_id(p, sqlite3_column_int64(st, 0));
        struct h_update u = {.has = true, .level = -1};
        if (a < 0 || !month_parse(db_col_text(st, 1), &u.month))
            continue;
        u.status = action_status_parse(db_col_text(st, 2));
        if (u.status < 0)
            continue; /* the schema's CHECK makes this impossible */
        if (sqlite3_column_type(st, 3) != SQLITE_NULL)
            u.level = scale_level(scale, db_col_text(st, 3));
        u.forecast = db_col_date(st, 4);
        struct h_action *x = &p->v[a];
        if (u.month <= s)
            x->at_s = u;
        if (u.month == s)
            x->in_s = u;
        if (u.month < s)
            x->prev_s = u;
        x->at_l = u;
    }
    if (rc != SQLITE_DONE)
        db_set_error(db, "reading progress updates");
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The public status of action a at the month ending `end`, given its latest
 * public update up to then (pub_home.h says the rule). */
static int status_at(const struct h_action *a, const struct h_update *u, day_t end)
{
    if (a->completed_on != DAY_NONE && a->completed_on <= end)
        return ST_COMPLETE;
    if (u->has)
        return u->status;
    return a->plan_status == ST_RETIRED ? ST_RETIRED : ST_NOT_STARTED;
}

/* Appends an item for action a to list l.  The item owns copies of the strings. */
static struct pub_home_item *list_push(struct pub_home_list *l, const struct h_action *a)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
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

/* Runs the forward pass over the plan as it stood at the month ending `end`.
 * Returns a malloc'd array of p->n fp_actions (the caller frees), with ff set,
 * or NULL on a dependency cycle. */
static struct fp_action *forecast(const struct h_plan *p, day_t end)
{
    struct fp_action *fa = xcalloc(p->n ? p->n : 1, sizeof *fa);
    for (size_t i = 0; i < p->n; i++) {
        const struct h_action *a = &p->v[i];
        day_t done = DAY_NONE;
        if (status_at(a, &a->at_s, end) == ST_COMPLETE) {
            if (a->completed_on != DAY_NONE && a->completed_on <= end)
                done = a->completed_on;
            else if (a->at_s.forecast != DAY_NONE)
                done = a->at_s.forecast;
            else
                done = a->finish;
        }
        fa[i] = (struct fp_action){.start = a->start,
                                   .finish = a->finish,
                                   .reported = a->at_s.has ? a->at_s.forecast : DAY_NONE,
                                   .completed_on = done,
                                   .pred = a->pred,
                                   .npred = a->npred,
                                   .es = DAY_NONE,
                                   .ff = DAY_NONE};
        if (fa[i].start == DAY_NONE || fa[i].finish == DAY_NONE) {
            /* a damaged row: let it stand still rather than trip the pass */
            fa[i].start = fa[i].finish = end;
        }
    }
    if (rule_forward_pass(fa, p->n, NULL, NULL) != 0) {
        free(fa);
        return NULL;
    }
    return fa;
}

/* The month's headline: statuses, ratings, movements, overdue and slipped
 * actions.  `fa` is the forward pass (NULL after a cycle). */
static void compute_month(struct pub_home *out, const struct h_plan *p, const struct fp_action *fa)
{
    day_t end = out->scope.end;
    for (size_t i = 0; i < p->n; i++) {
        const struct h_action *a = &p->v[i];
        int st = status_at(a, &a->at_s, end);
        out->by_status[st]++;
        int lv = a->in_s.has ? a->in_s.level : -1;
        if (lv >= 0 && lv < PUB_HOME_MAX_LEVELS) {
            out->by_level[lv]++;
            out->nrated++;
        } else if (st != ST_RETIRED) {
            out->nunrated++;
        }
        if (rule_overdue((enum action_status)st, a->finish, end))
            list_push(&out->overdue, a)->days = rule_slip(end, a->finish);
        if (fa && st != ST_RETIRED && a->baseline != DAY_NONE && fa[i].ff > a->baseline)
            list_push(&out->slipped, a)->days = rule_slip(fa[i].ff, a->baseline);
        int prev = a->prev_s.has ? a->prev_s.level : -1;
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
 * month differs from what it was at the month shown. */
static void compute_changes(struct pub_home *out, const struct h_plan *p)
{
    day_t end = out->scope.end, latest_end = month_last_day(out->scope.latest);
    for (size_t i = 0; i < p->n; i++) {
        const struct h_action *a = &p->v[i];
        int ls = a->at_s.has ? a->at_s.level : -1, ll = a->at_l.has ? a->at_l.level : -1;
        int ss = status_at(a, &a->at_s, end), sl = status_at(a, &a->at_l, latest_end);
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
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
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
 * (due order) and, as at an earlier month, those achieved since.  Returns 0
 * or -1 (db->err). */
static int load_milestones(struct db *db, struct pub_home *out, const struct h_plan *p,
                           const struct fp_action *fa)
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
        bool since =
            out->scope.as_at && achieved != DAY_NONE && achieved > end && achieved <= latest_end;
        if (done || due == DAY_NONE || (out->nnext == PUB_HOME_NEXT && !since))
            continue;
        long x = sqlite3_column_type(st, 3) == SQLITE_NULL
                     ? -1
                     : plan_by_id(p, sqlite3_column_int64(st, 3));
        struct pub_home_milestone m = {
            .ref = xstrdup(db_col_text(st, 0)),
            .title = xstrdup(db_col_text(st, 1)),
            .action_ref =
                sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : xstrdup(db_col_text(st, 2)),
            .due = due,
            .forecast = fa && x >= 0 ? rule_milestone_forecast(due, fa[x].ff, p->v[x].finish) : due,
            .achieved_on = DAY_NONE};
        if (out->nnext < PUB_HOME_NEXT) {
            ms_push(&out->next, &out->nnext, &capnext, m);
            if (!since)
                continue;
            m.ref = xstrdup(m.ref); /* the second list gets its own copies */
            m.title = xstrdup(m.title);
            m.action_ref = m.action_ref ? xstrdup(m.action_ref) : NULL;
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

/* Everything after the organisation, inside the caller's transaction.
 * Returns 0 or -1 (db->err). */
static int load_all(struct db *db, struct pub_home *out)
{
    struct h_plan p = {0};
    struct fp_action *fa = NULL;
    int ret = -1;

    if (load_count(db, sql_nthemes, &out->nthemes) || load_actions(db, &p))
        goto out;
    out->nactions = p.n;
    if (out->scope.month < 0) {
        ret = 0; /* nothing signed off: nothing more is public */
        goto out;
    }
    if (load_period(db, out->scope.month_s, &out->signed_off_on, &out->signed_off_by) ||
        load_prev(db, out->scope.month_s, out->prev_month) || load_months(db, out) ||
        load_deps(db, &p) || load_updates(db, &p, out->scale, out->scope.month, out->scope.latest))
        goto out;
    fa = forecast(&p, out->scope.end);
    out->cycle = fa == NULL;
    compute_month(out, &p, fa);
    if (out->scope.as_at) {
        month_format(out->scope.latest, out->latest_month);
        if (load_period(db, out->latest_month, &out->latest_signed_off_on, NULL))
            goto out;
        compute_changes(out, &p);
    }
    if (load_milestones(db, out, &p, fa))
        goto out;
    ret = 0;
out:
    free(fa);
    plan_release(&p);
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
    memset(h, 0, sizeof *h);
}

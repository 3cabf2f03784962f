/* pub_data.c — the queries behind the public record's data pages and API
 * (see pub_data.h).  Every query is fixed text with bound parameters; every
 * update it counts passes the public rule of pub_scope.h. */
#include "model/pub_data.h"
#include "model/record_memo.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include "model/overview.h"
#include "model/schedule.h"
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

static const char sql_org[] =
    "SELECT name, slug, timezone, rating_scale FROM organisation WHERE id = 1";

static const char sql_periods[] = "SELECT p.month, p.signed_off_on, r.head_seq, r.head_hash"
                                  "  FROM period p LEFT JOIN main.month_record r"
                                  "    ON r.period_id = p.id"
                                  " WHERE p.status = 'signed_off' AND p.month <= :month"
                                  " ORDER BY p.month";

static const char sql_reviews[] = "SELECT id, ref, title, author, published_on, url FROM review";
static const char sql_recs[] = "SELECT id, ref, review_id, text FROM recommendation";
static const char sql_answers[] = "SELECT recommendation_id, action_id FROM action_answer";
static const char sql_rec_answers[] =
    "SELECT a.id, a.ref, a.title, a.status, a.start, a.finish, a.baseline_finish, a.completed_on"
    "  FROM action_answer aa JOIN action a ON a.id = aa.action_id"
    " WHERE aa.recommendation_id = :rec";

static const char sql_milestones[] = "SELECT ref, action_id, title, due, baseline_due, achieved_on"
                                     "  FROM milestone WHERE public = 1";

static const char sql_measures[] =
    "SELECT m.id, m.ref, m.title, m.unit, m.direction, m.baseline, m.baseline_date,"
    "       m.target, m.target_date, m.tolerance_pct, t.ref, t.title"
    "  FROM measure m LEFT JOIN theme t ON t.id = m.theme_id"
    " WHERE :ref IS NULL OR m.ref = :ref";

/* Values up to the scope's last day (:end NULL when nothing is signed off:
 * then no row passes). */
static const char sql_values[] = "SELECT v.measure_id, v.date, v.value"
                                 "  FROM measure_value v JOIN measure m ON m.id = v.measure_id"
                                 " WHERE (:ref IS NULL OR m.ref = :ref) AND v.date <= :end"
                                 " ORDER BY v.measure_id, v.date";

static const char sql_measure_actions[] =
    "SELECT ma.measure_id, a.ref, a.title, a.status"
    "  FROM measure_action ma JOIN measure m ON m.id = ma.measure_id"
    "  JOIN action a ON a.id = ma.action_id"
    " WHERE :ref IS NULL OR m.ref = :ref";

/* ---- helpers ------------------------------------------------------------------------ */

/* Copies a text column ("" for NULL); the caller owns the copy. */
static char *col_dup(sqlite3_stmt *st, int i)
{
    return xstrdup(db_col_text(st, i));
}

/* Copies a text column, keeping NULL as NULL; the caller owns the copy. */
static char *col_dup_null(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? xstrdup(s) : NULL;
}

/* Finishes a statement's loop: resets it and turns a non-DONE step result into
 * db->err.  Returns 0 or -1. */
static int step_done(struct db *db, sqlite3_stmt *st, int rc, const char *what)
{
    if (rc != SQLITE_DONE)
        db_set_error(db, what);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Opens one read snapshot unless the caller already holds a transaction.
 * Sets *own to whether we opened it.  Returns 0 or -1 (db->err). */
static int read_begin(struct db *db, bool *own)
{
    *own = sqlite3_get_autocommit(db->h) != 0;
    return *own ? db_exec(db, "BEGIN") : 0;
}

/* Ends the snapshot read_begin opened; returns rc, or -1 if COMMIT fails. */
static int read_end(struct db *db, bool own, int rc)
{
    if (!own)
        return rc;
    if (rc == 0 && db_exec(db, "COMMIT"))
        rc = -1;
    if (rc != 0)
        db_rollback(db);
    return rc;
}

/* qsort, except that an array already in order (as rows mostly come), or
 * empty or of one element (possibly NULL), is left alone: qsort's base must
 * not be NULL even when n is 0, and checking the order costs n - 1
 * comparisons where glibc's merge sort makes n log n / 2 even of sorted rows. */
static void sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    const char *v = base;
    size_t i = 1;
    while (i < n && cmp(v + (i - 1) * size, v + i * size) <= 0)
        i++;
    if (i < n)
        qsort(base, n, size, cmp);
}

/* Maps row ids to array indices by binary search over (id, index) pairs. */
struct id_ix {
    int64_t id;
    size_t ix;
};

/* qsort order of id_ix by id. */
static int cmp_id(const void *a, const void *b)
{
    int64_t x = ((const struct id_ix *)a)->id, y = ((const struct id_ix *)b)->id;
    return x < y ? -1 : x > y;
}

/* The index stored for the id in column `col` of st, or -1 (also for NULL). */
static long id_lookup(const struct id_ix *m, size_t n, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return -1;
    struct id_ix key = {sqlite3_column_int64(st, col), 0};
    const struct id_ix *hit = bsearch(&key, m, n, sizeof *m, cmp_id);
    return hit ? (long)hit->ix : -1;
}

/* Builds the id → index map of n objects whose ids are read by id_of.
 * Returns a malloc'd array sorted by id (the caller frees it). */
static struct id_ix *id_map(const void *v, size_t n, size_t size, int64_t (*id_of)(const void *))
{
    struct id_ix *m = xmalloc((n + 1) * sizeof *m);
    for (size_t i = 0; i < n; i++)
        m[i] = (struct id_ix){id_of((const char *)v + i * size), i};
    sort(m, n, sizeof *m, cmp_id);
    return m;
}

/* id_of for id_map over actions. */
static int64_t action_id(const void *p)
{
    return ((const struct pub_action *)p)->id;
}

/* id_of for id_map over measures. */
static int64_t measure_id(const void *p)
{
    return ((const struct pub_measure *)p)->id;
}

/* ---- organisation and periods ------------------------------------------------------- */

int pub_org_load(struct db *db, struct pub_org *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, sql_org);
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->name = col_dup(st, 0);
        out->slug = col_dup(st, 1);
        out->timezone = col_dup(st, 2);
        out->scale = scale_find(db_col_text(st, 3));
    } else if (rc == SQLITE_DONE) {
        snprintf(db->err, sizeof db->err, "the database has no organisation");
    } else {
        db_set_error(db, "reading the organisation");
    }
    sqlite3_reset(st);
    if (!out->scale)
        out->scale = scale_find("confidence3");
    return rc == SQLITE_ROW ? 0 : -1;
}

void pub_org_free(struct pub_org *o)
{
    if (!o)
        return;
    free(o->name), free(o->slug), free(o->timezone);
    memset(o, 0, sizeof *o);
}

int pub_periods_load(struct db *db, const struct pub_scope *scope, struct pub_periods *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, sql_periods);
    if (!st)
        return -1;
    db_bind_text(st, ":month", scope->month_s);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->v = xgrow(out->v, out->n, &cap, sizeof *out->v);
        struct pub_period *p = &out->v[out->n++];
        snprintf(p->month, sizeof p->month, "%s", db_col_text(st, 0));
        p->signed_off_on = db_col_date(st, 1);
        p->head_seq = sqlite3_column_int64(st, 2);
        snprintf(p->head_hash, sizeof p->head_hash, "%s", db_col_text(st, 3));
    }
    return step_done(db, st, rc, "reading periods");
}

void pub_periods_free(struct pub_periods *p)
{
    if (!p)
        return;
    free(p->v);
    memset(p, 0, sizeof *p);
}

/* ---- actions ------------------------------------------------------------------------ */

/* qsort order of actions by natural ref. */
static int cmp_action(const void *a, const void *b)
{
    return natcmp(((const struct pub_action *)a)->ref, ((const struct pub_action *)b)->ref);
}

/* Frees the actions' strings and arrays and zeroes the list. */
static void actions_free(struct pub_actions *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i].ref), free(a->v[i].title);
    free(a->v);
    memset(a, 0, sizeof *a);
}

/* Runs the forward pass of DESIGN.md over the public schedule s and writes FF
 * into ff[i] (s->nactions entries), with the public status rule of
 * schedule_public_status() (as the home page and the plan pages use it, so a
 * milestone's forecast agrees with its action's everywhere).  Returns false on
 * a dependency cycle (import refuses them; then every ff is DAY_NONE). */
static bool public_pass(const struct schedule *s, day_t *ff)
{
    struct fp_action *fa = xcalloc(s->nactions + 1, sizeof *fa);
    schedule_fp(s, fa);
    bool ok = rule_forward_pass(fa, s->nactions, NULL, NULL) == 0;
    for (size_t i = 0; i < s->nactions; i++)
        ff[i] = ok ? fa[i].ff : DAY_NONE;
    free(fa);
    return ok;
}

/* Copies into a what the sealed month's overview ov holds of each action: the
 * same facts the public schedule gives (the plan row, the latest public
 * update up to the month, the public forward pass), read once for the month
 * and shared with every page of it, where the schedule would read the plan
 * again for the recommendations and again for the milestones.  The month is
 * kept only when rated, which is the only time it is shown. */
static void actions_of_overview(const struct overview *ov, bool forecast, struct pub_actions *a)
{
    a->scale = ov->scale;
    a->v = xcalloc(ov->nactions + 1, sizeof *a->v);
    for (size_t i = 0; i < ov->nactions; i++) {
        const struct overview_action *x = &ov->actions[i];
        const struct overview_state *st = &ov->state[i];
        struct pub_action *y = &a->v[a->n++];
        *y = (struct pub_action){.id = x->id,
                                 .ref = xstrdup(x->ref),
                                 .title = xstrdup(x->title),
                                 .status = x->plan_status,
                                 .start = x->start,
                                 .finish = x->finish,
                                 .baseline_finish = x->baseline_finish,
                                 .completed_on = x->completed_on,
                                 .level = st->level,
                                 .reported = st->reported,
                                 .ff = forecast ? st->forecast : DAY_NONE};
        if (st->level >= 0 && st->month >= 0)
            month_format(st->month, y->month);
    }
}

/* Loads the public schedule at `scope` into a: the organisation's scale and
 * every action with its latest public update, in natural ref order; with
 * `forecast`, each action's ff from public_pass (and *cycle whether the plan
 * has a dependency cycle), else ff is DAY_NONE.  *ids receives the id → index
 * map (malloc'd, sorted by id, a->n entries; the caller frees it).  Returns 0
 * or -1 (db->err). */
static int actions_load(struct db *db, const struct pub_scope *scope, bool forecast,
                        struct pub_actions *a, struct id_ix **ids, bool *cycle)
{
    const struct overview *ov;
    if (db->record && scope->month >= 0 && scope->month == db->record_month &&
        overview_get(db, scope->month, &ov) == 0) {
        actions_of_overview(ov, forecast, a);
        if (cycle)
            *cycle = false;
        sort(a->v, a->n, sizeof *a->v, cmp_action);
        *ids = id_map(a->v, a->n, sizeof *a->v, action_id);
        return 0;
    }
    /* not a sealed month's record, or its plan has a dependency cycle (which
     * the overview refuses and the milestones report): read the schedule */
    struct schedule s;
    if (schedule_load_public(db, scope, &s)) {
        schedule_free(&s);
        return -1;
    }
    day_t *ff = xmalloc((s.nactions + 1) * sizeof *ff);
    bool ok = true;
    if (forecast)
        ok = public_pass(&s, ff);
    if (cycle)
        *cycle = !ok;
    a->scale = s.scale;
    a->v = xcalloc(s.nactions + 1, sizeof *a->v);
    for (size_t i = 0; i < s.nactions; i++) {
        struct s_action *x = &s.actions[i];
        struct pub_action *y = &a->v[a->n++];
        *y = (struct pub_action){.id = x->id,
                                 .ref = x->ref,
                                 .title = x->title,
                                 .status = x->status,
                                 .start = x->start,
                                 .finish = x->finish,
                                 .baseline_finish = x->baseline_finish,
                                 .completed_on = x->completed_on,
                                 .level = x->confidence,
                                 .reported = x->reported,
                                 .ff = forecast ? ff[i] : DAY_NONE};
        if (x->month >= 0)
            month_format(x->month, y->month);
        x->ref = x->title = NULL; /* now a's */
    }
    free(ff);
    schedule_free(&s);
    sort(a->v, a->n, sizeof *a->v, cmp_action);
    *ids = id_map(a->v, a->n, sizeof *a->v, action_id);
    return 0;
}

long pub_action_find(const struct pub_actions *a, const char *ref)
{
    return natfind(a->v, a->n, sizeof *a->v, offsetof(struct pub_action, ref), ref);
}

/* ---- recommendations ---------------------------------------------------------------- */

/* qsort order of reviews by natural ref. */
static int cmp_review(const void *a, const void *b)
{
    return natcmp(((const struct pub_review *)a)->ref, ((const struct pub_review *)b)->ref);
}

/* qsort order of recommendations: by review index (already in review order),
 * then natural ref. */
static int cmp_rec(const void *a, const void *b)
{
    const struct pub_rec *x = a, *y = b;
    if (x->review != y->review)
        return x->review < y->review ? -1 : 1;
    return natcmp(x->ref, y->ref);
}

/* qsort order of action indices (actions are in natural order already). */
static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* id_of for id_map over reviews. */
static int64_t review_id(const void *p)
{
    return ((const struct pub_review *)p)->id;
}

/* id_of for id_map over recommendations. */
static int64_t rec_id(const void *p)
{
    return ((const struct pub_rec *)p)->id;
}

/* Reads the reviews in natural order; *ids gets their id map (caller frees).
 * Returns 0 or -1. */
static int reviews_load(struct db *db, struct pub_recs *out, struct id_ix **ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_reviews);
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->reviews = xgrow(out->reviews, out->nreviews, &cap, sizeof *out->reviews);
        out->reviews[out->nreviews++] = (struct pub_review){.id = sqlite3_column_int64(st, 0),
                                                            .ref = col_dup(st, 1),
                                                            .title = col_dup(st, 2),
                                                            .author = col_dup(st, 3),
                                                            .published_on = db_col_date(st, 4),
                                                            .url = col_dup_null(st, 5)};
    }
    if (step_done(db, st, rc, "reading reviews"))
        return -1;
    sort(out->reviews, out->nreviews, sizeof *out->reviews, cmp_review);
    *ids = id_map(out->reviews, out->nreviews, sizeof *out->reviews, review_id);
    return 0;
}

/* Reads the recommendations, hangs them on their reviews (already sorted),
 * and returns their id map in *ids (caller frees).  Returns 0 or -1. */
static int recs_read(struct db *db, struct pub_recs *out, const struct id_ix *rev_ids,
                     struct id_ix **ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_recs);
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long rv = id_lookup(rev_ids, out->nreviews, st, 2);
        if (rv < 0)
            continue; /* a foreign key keeps this from happening */
        out->recs = xgrow(out->recs, out->nrecs, &cap, sizeof *out->recs);
        out->recs[out->nrecs++] = (struct pub_rec){.id = sqlite3_column_int64(st, 0),
                                                   .ref = col_dup(st, 1),
                                                   .text = col_dup(st, 3),
                                                   .review = (size_t)rv};
    }
    if (step_done(db, st, rc, "reading recommendations"))
        return -1;
    sort(out->recs, out->nrecs, sizeof *out->recs, cmp_rec);
    for (size_t i = 0; i < out->nrecs; i++) {
        struct pub_review *rv = &out->reviews[out->recs[i].review];
        if (rv->nrecs++ == 0)
            rv->first = i;
    }
    *ids = id_map(out->recs, out->nrecs, sizeof *out->recs, rec_id);
    return 0;
}

/* Links every recommendation to the actions answering it and decides its
 * coverage: a retired action no longer answers anything (it left the plan),
 * the rule of schedule.c.  Returns 0 or -1. */
static int answers_load(struct db *db, struct pub_recs *out, const struct id_ix *rec_ids,
                        const struct id_ix *act_ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_answers);
    if (!st)
        return -1;
    size_t *caps = xcalloc(out->nrecs + 1, sizeof *caps);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long r = id_lookup(rec_ids, out->nrecs, st, 0);
        long a = id_lookup(act_ids, out->actions.n, st, 1);
        if (r < 0 || a < 0)
            continue;
        struct pub_rec *x = &out->recs[r];
        x->answers = xgrow(x->answers, x->nanswers, &caps[r], sizeof *x->answers);
        x->answers[x->nanswers++] = (size_t)a;
    }
    free(caps);
    if (step_done(db, st, rc, "reading answers"))
        return -1;
    for (size_t i = 0; i < out->nrecs; i++) {
        struct pub_rec *x = &out->recs[i];
        sort(x->answers, x->nanswers, sizeof *x->answers, cmp_size);
        for (size_t j = 0; j < x->nanswers && !x->covered; j++)
            x->covered = out->actions.v[x->answers[j]].status != ST_RETIRED;
        out->ncovered += x->covered;
    }
    return 0;
}

int pub_recs_load(struct db *db, const struct pub_scope *scope, struct pub_recs *out)
{
    struct id_ix *act_ids = NULL, *rev_ids = NULL, *rec_ids = NULL;
    bool own;
    memset(out, 0, sizeof *out);
    if (read_begin(db, &own))
        return -1;
    int rc = actions_load(db, scope, false, &out->actions, &act_ids, NULL) ||
                     reviews_load(db, out, &rev_ids) || recs_read(db, out, rev_ids, &rec_ids) ||
                     answers_load(db, out, rec_ids, act_ids)
                 ? -1
                 : 0;
    rc = read_end(db, own, rc);
    free(act_ids), free(rev_ids), free(rec_ids);
    if (rc)
        pub_recs_free(out);
    return rc;
}

/* The actions answering recommendation `rec` (a row id) into a, with their
 * plan rows' status, in natural ref order; confidence unknown (-1) yet.
 * Returns 0 or -1. */
static int rec_answers_load(struct db *db, int64_t rec, struct pub_actions *a)
{
    sqlite3_stmt *st = db_prepare(db, sql_rec_answers);
    if (!st)
        return -1;
    db_bind_int(st, ":rec", rec);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        a->v = xgrow(a->v, a->n, &cap, sizeof *a->v);
        a->v[a->n++] = (struct pub_action){.id = sqlite3_column_int64(st, 0),
                                           .ref = col_dup(st, 1),
                                           .title = col_dup(st, 2),
                                           .status = action_status_of_row(db_col_text(st, 3)),
                                           .start = db_col_date(st, 4),
                                           .finish = db_col_date(st, 5),
                                           .baseline_finish = db_col_date(st, 6),
                                           .completed_on = db_col_date(st, 7),
                                           .level = -1,
                                           .reported = DAY_NONE,
                                           .ff = DAY_NONE};
    }
    if (step_done(db, st, rc, "reading answers"))
        return -1;
    sort(a->v, a->n, sizeof *a->v, cmp_action);
    return 0;
}

/* Fills in the latest public update of a->v[from..to) (the page shown), read
 * for those actions alone; also sets a->scale.  Returns 0 or -1. */
static int rec_page_latest(struct db *db, const struct pub_scope *scope, struct pub_actions *a,
                           size_t from, size_t to)
{
    json_t *ids = json_array();
    for (size_t i = from; i < to && i < a->n; i++)
        json_array_append_new(ids, json_integer(a->v[i].id));
    char *text = json_dumps(ids, JSON_COMPACT);
    json_decref(ids);
    struct schedule s;
    int rc = schedule_load_public_some(db, scope, text, &s);
    free(text);
    a->scale = s.scale;
    for (size_t k = 0; rc == 0 && k < s.nactions; k++) {
        const struct s_action *x = &s.actions[k];
        for (size_t i = from; i < to && i < a->n; i++) {
            struct pub_action *y = &a->v[i];
            if (y->id != x->id)
                continue;
            y->level = x->confidence;
            y->reported = x->reported;
            if (x->month >= 0)
                month_format(x->month, y->month);
        }
    }
    schedule_free(&s);
    return rc;
}

int pub_rec_load(struct db *db, const struct pub_scope *scope, const char *ref, size_t from,
                 size_t to, struct pub_recs *out, long *index)
{
    struct id_ix *rev_ids = NULL, *rec_ids = NULL;
    bool own;
    memset(out, 0, sizeof *out);
    *index = -1;
    if (read_begin(db, &own))
        return -1;
    int rc = reviews_load(db, out, &rev_ids) || recs_read(db, out, rev_ids, &rec_ids) ? -1 : 0;
    for (size_t i = 0; rc == 0 && i < out->nrecs && *index < 0; i++)
        if (strcmp(out->recs[i].ref, ref) == 0)
            *index = (long)i;
    if (rc == 0 && *index >= 0) {
        struct pub_rec *x = &out->recs[*index];
        rc = rec_answers_load(db, x->id, &out->actions) ||
                     rec_page_latest(db, scope, &out->actions, from, to)
                 ? -1
                 : 0;
        x->nanswers = out->actions.n;
        x->answers = xmalloc((x->nanswers + 1) * sizeof *x->answers);
        for (size_t j = 0; j < x->nanswers; j++) {
            x->answers[j] = j;
            x->covered = x->covered || out->actions.v[j].status != ST_RETIRED;
        }
        out->ncovered = x->covered;
    }
    rc = read_end(db, own, rc);
    free(rev_ids), free(rec_ids);
    if (rc)
        pub_recs_free(out);
    return rc;
}

void pub_recs_free(struct pub_recs *r)
{
    if (!r)
        return;
    actions_free(&r->actions);
    for (size_t i = 0; i < r->nreviews; i++) {
        struct pub_review *x = &r->reviews[i];
        free(x->ref), free(x->title), free(x->author), free(x->url);
    }
    for (size_t i = 0; i < r->nrecs; i++)
        free(r->recs[i].ref), free(r->recs[i].text), free(r->recs[i].answers);
    free(r->reviews), free(r->recs);
    memset(r, 0, sizeof *r);
}

/* ---- milestones --------------------------------------------------------------------- */

const char *pub_ms_state_name(enum pub_ms_state s)
{
    static const char *const names[] = {"achieved", "achieved_late", "slipped", "overdue",
                                        "upcoming"};
    return (unsigned)s < sizeof names / sizeof *names ? names[s] : "upcoming";
}

/* qsort order of milestones by natural ref. */
static int cmp_milestone(const void *a, const void *b)
{
    return natcmp(((const struct pub_milestone *)a)->ref, ((const struct pub_milestone *)b)->ref);
}

/* The date a milestone sits at on the timeline. */
static day_t timeline_day(const struct pub_milestone *m)
{
    return m->achieved_on != DAY_NONE ? m->achieved_on : m->forecast;
}

/* qsort_r order of timeline indices into the milestones `ctx`: by timeline
 * day, then natural ref (the indices are in natural order already). */
static int cmp_timeline(const void *a, const void *b, void *ctx)
{
    const struct pub_milestone *v = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    day_t x = timeline_day(&v[i]), y = timeline_day(&v[j]);
    if (x != y)
        return x < y ? -1 : 1;
    return i < j ? -1 : i > j;
}

/* Forecasts and classifies one milestone against the scope's end. */
static void milestone_judge(struct pub_milestone *m, const struct pub_actions *a,
                            const struct pub_scope *scope)
{
    day_t base = m->baseline_due != DAY_NONE ? m->baseline_due : m->due;
    if (m->achieved_on != DAY_NONE) {
        m->forecast = m->achieved_on;
        m->slip_days = rule_slip(m->achieved_on, base);
        m->state = m->slip_days > 0 ? PMS_ACHIEVED_LATE : PMS_ACHIEVED;
        return;
    }
    m->forecast = m->action >= 0
                      ? rule_milestone_forecast(m->due, a->v[m->action].ff, a->v[m->action].finish)
                      : m->due;
    m->slip_days = rule_slip(m->forecast, base);
    if (m->slip_days > 0)
        m->state = PMS_SLIPPED;
    else if (scope->end != DAY_NONE && m->forecast != DAY_NONE && m->forecast <= scope->end)
        m->state = PMS_OVERDUE;
    else
        m->state = PMS_UPCOMING;
}

/* Reads the public milestones; achievements after the scope's end are not yet
 * public and are dropped.  Returns 0 or -1. */
static int milestones_read(struct db *db, const struct pub_scope *scope, struct pub_milestones *out,
                           const struct id_ix *ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_milestones);
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->v = xgrow(out->v, out->n, &cap, sizeof *out->v);
        struct pub_milestone *m = &out->v[out->n++];
        *m = (struct pub_milestone){.ref = col_dup(st, 0),
                                    .action = id_lookup(ids, out->actions.n, st, 1),
                                    .title = col_dup(st, 2),
                                    .due = db_col_date(st, 3),
                                    .baseline_due = db_col_date(st, 4),
                                    .achieved_on = db_col_date(st, 5)};
        if (m->achieved_on != DAY_NONE && (scope->end == DAY_NONE || m->achieved_on > scope->end))
            m->achieved_on = DAY_NONE;
    }
    return step_done(db, st, rc, "reading milestones");
}

int pub_milestones_load(struct db *db, const struct pub_scope *scope, struct pub_milestones *out)
{
    struct id_ix *ids = NULL;
    bool own;
    memset(out, 0, sizeof *out);
    if (read_begin(db, &own))
        return -1;
    int rc = actions_load(db, scope, true, &out->actions, &ids, &out->cycle) ||
                     milestones_read(db, scope, out, ids)
                 ? -1
                 : 0;
    rc = read_end(db, own, rc);
    free(ids);
    if (rc) {
        pub_milestones_free(out);
        return -1;
    }
    sort(out->v, out->n, sizeof *out->v, cmp_milestone);
    out->timeline = xmalloc((out->n + 1) * sizeof *out->timeline);
    for (size_t i = 0; i < out->n; i++) {
        milestone_judge(&out->v[i], &out->actions, scope);
        out->counts[out->v[i].state]++;
        out->timeline[i] = i;
    }
    qsort_r(out->timeline, out->n, sizeof *out->timeline, cmp_timeline, out->v);
    return 0;
}

void pub_milestones_free(struct pub_milestones *m)
{
    if (!m)
        return;
    actions_free(&m->actions);
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i].ref), free(m->v[i].title);
    free(m->v), free(m->timeline);
    memset(m, 0, sizeof *m);
}

/* ---- measures ----------------------------------------------------------------------- */

/* qsort order of measures by natural ref. */
static int cmp_measure(const void *a, const void *b)
{
    return natcmp(((const struct pub_measure *)a)->ref, ((const struct pub_measure *)b)->ref);
}

/* qsort order of linked actions by natural ref. */
static int cmp_link(const void *a, const void *b)
{
    return natcmp(((const struct pub_link *)a)->ref, ((const struct pub_link *)b)->ref);
}

/* Reads the measures (all, or the one named `ref`) in natural order and
 * returns their id map in *ids (caller frees).  Returns 0 or -1. */
static int measures_read(struct db *db, const char *ref, struct pub_measures *out,
                         struct id_ix **ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_measures);
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->v = xgrow(out->v, out->n, &cap, sizeof *out->v);
        struct pub_measure *m = &out->v[out->n++];
        *m = (struct pub_measure){
            .id = sqlite3_column_int64(st, 0),
            .ref = col_dup(st, 1),
            .title = col_dup(st, 2),
            .unit = col_dup(st, 3),
            .up = strcmp(db_col_text(st, 4), "down") != 0,
            .has_baseline = sqlite3_column_type(st, 5) != SQLITE_NULL,
            .baseline = sqlite3_column_double(st, 5),
            .baseline_date = db_col_date(st, 6),
            .has_target = sqlite3_column_type(st, 7) != SQLITE_NULL,
            .target = sqlite3_column_double(st, 7),
            .target_date = db_col_date(st, 8),
            .tolerance_pct = (long)sqlite3_column_int64(st, 9),
            .theme_ref = col_dup_null(st, 10),
            .theme_title = col_dup_null(st, 11),
            .state = MS_NO_DATA,
        };
    }
    if (step_done(db, st, rc, "reading measures"))
        return -1;
    sort(out->v, out->n, sizeof *out->v, cmp_measure);
    *ids = id_map(out->v, out->n, sizeof *out->v, measure_id);
    return 0;
}

/* Reads the public values (dated up to the scope's end), oldest first.
 * Returns 0 or -1. */
static int values_read(struct db *db, const struct pub_scope *scope, const char *ref,
                       struct pub_measures *out, const struct id_ix *ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_values);
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref);
    db_bind_date(st, ":end", scope->end);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = id_lookup(ids, out->n, st, 0);
        day_t d = db_col_date(st, 1);
        if (i < 0 || d == DAY_NONE)
            continue;
        struct pub_measure *m = &out->v[i];
        m->values = xgrow(m->values, m->nvalues, &m->capvalues, sizeof *m->values);
        m->values[m->nvalues++] = (struct pub_value){d, sqlite3_column_double(st, 2)};
    }
    return step_done(db, st, rc, "reading measure values");
}

/* Reads the actions linked to the measures.  Returns 0 or -1. */
static int links_read(struct db *db, const char *ref, struct pub_measures *out,
                      const struct id_ix *ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_measure_actions);
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = id_lookup(ids, out->n, st, 0);
        if (i < 0)
            continue;
        struct pub_measure *m = &out->v[i];
        m->actions = xgrow(m->actions, m->nactions, &m->capactions, sizeof *m->actions);
        m->actions[m->nactions++] = (struct pub_link){col_dup(st, 1), col_dup(st, 2),
                                                      action_status_of_row(db_col_text(st, 3))};
    }
    return step_done(db, st, rc, "reading measure actions");
}

const struct pub_value *pub_measure_latest(const struct pub_measure *m)
{
    return m->nvalues ? &m->values[m->nvalues - 1] : NULL;
}

bool pub_measure_planned(const struct pub_measure *m, day_t d, double *out)
{
    if (!m->has_baseline || !m->has_target || m->baseline_date == DAY_NONE ||
        m->target_date == DAY_NONE || d < m->baseline_date)
        return false;
    if (d >= m->target_date || m->target_date <= m->baseline_date) {
        *out = m->target;
        return true;
    }
    *out = m->baseline + (m->target - m->baseline) * (double)(d - m->baseline_date) /
                             (double)(m->target_date - m->baseline_date);
    return true;
}

/* v to one decimal, as %g prints it ("54.6", "1450", "-3.5"). */
static double one_decimal(double v)
{
    double r = round(v * 10) / 10;
    return r == 0 ? 0 : r; /* no "-0" */
}

void pub_measure_trajectory_text(const struct pub_measure *m, struct buf *out)
{
    const struct pub_value *last = pub_measure_latest(m);
    double p;
    if (!last) {
        buf_puts(out, "No data");
        return;
    }
    if (!pub_measure_planned(m, last->date, &p)) {
        buf_puts(out, "No trajectory");
        return;
    }
    char d[DATE_LEN];
    date_format(last->date, d);
    double diff = one_decimal(last->value - p);
    buf_printf(out, "Planned %g on %s; the latest value, %g, is ", one_decimal(p), d,
               one_decimal(last->value));
    if (diff == 0)
        buf_puts(out, "on it");
    else
        buf_printf(out, "%g %s", fabs(diff), (diff > 0) == m->up ? "ahead of it" : "behind it");
}

int pub_measures_load(struct db *db, const struct pub_scope *scope, const char *ref,
                      struct pub_measures *out)
{
    struct id_ix *ids = NULL;
    bool own;
    memset(out, 0, sizeof *out);
    if (read_begin(db, &own))
        return -1;
    int rc = measures_read(db, ref, out, &ids) || values_read(db, scope, ref, out, ids) ||
                     links_read(db, ref, out, ids)
                 ? -1
                 : 0;
    rc = read_end(db, own, rc);
    free(ids);
    if (rc) {
        pub_measures_free(out);
        return -1;
    }
    for (size_t i = 0; i < out->n; i++) {
        struct pub_measure *m = &out->v[i];
        const struct pub_value *last = pub_measure_latest(m);
        sort(m->actions, m->nactions, sizeof *m->actions, cmp_link);
        /* with no target there is nothing to judge against; with no baseline
         * the tolerance band is empty */
        if (m->has_target)
            m->state =
                rule_measure_status(m->up, m->has_baseline ? m->baseline : m->target, m->target,
                                    (double)m->tolerance_pct, last != NULL, last ? last->value : 0);
    }
    return 0;
}

void pub_measures_free(struct pub_measures *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        struct pub_measure *x = &m->v[i];
        free(x->ref), free(x->title), free(x->unit), free(x->theme_ref), free(x->theme_title);
        for (size_t j = 0; j < x->nactions; j++)
            free(x->actions[j].ref), free(x->actions[j].title);
        free(x->values), free(x->actions);
    }
    free(m->v);
    memset(m, 0, sizeof *m);
}

/* --- kept per sealed month (record_memo.h) ----------------------------------------------- */

static void recs_destroy(void *p)
{
    pub_recs_free(p);
    free(p);
}

/* Builds a month's recommendations for record_memo_obtain (ctx: the scope). */
static void *recs_build(struct db *db, void *ctx, size_t *bytes)
{
    struct pub_recs *x = xcalloc(1, sizeof *x);
    if (pub_recs_load(db, ctx, x)) {
        pub_recs_free(x);
        free(x);
        return NULL;
    }
    return x;
}

int pub_recs_get(struct db *db, const struct pub_scope *scope, const struct pub_recs **out)
{
    void *obj;
    int rc = record_memo_obtain(db, MEMO_RECS, "", recs_build, (void *)scope, recs_destroy, &obj);
    *out = obj;
    return rc;
}

static void milestones_destroy(void *p)
{
    pub_milestones_free(p);
    free(p);
}

/* Builds a month's milestones for record_memo_obtain (ctx: the scope). */
static void *milestones_build(struct db *db, void *ctx, size_t *bytes)
{
    struct pub_milestones *x = xcalloc(1, sizeof *x);
    if (pub_milestones_load(db, ctx, x)) {
        pub_milestones_free(x);
        free(x);
        return NULL;
    }
    return x;
}

int pub_milestones_get(struct db *db, const struct pub_scope *scope,
                       const struct pub_milestones **out)
{
    void *obj;
    int rc = record_memo_obtain(db, MEMO_MILESTONES, "", milestones_build, (void *)scope,
                                milestones_destroy, &obj);
    *out = obj;
    return rc;
}

static void measures_destroy(void *p)
{
    pub_measures_free(p);
    free(p);
}

/* Builds a month's measures for record_memo_obtain (ctx: the scope). */
static void *measures_build(struct db *db, void *ctx, size_t *bytes)
{
    struct pub_measures *x = xcalloc(1, sizeof *x);
    if (pub_measures_load(db, ctx, NULL, x)) {
        pub_measures_free(x);
        free(x);
        return NULL;
    }
    return x;
}

int pub_measures_get(struct db *db, const struct pub_scope *scope, const struct pub_measures **out)
{
    void *obj;
    int rc = record_memo_obtain(db, MEMO_MEASURES, "", measures_build, (void *)scope,
                                measures_destroy, &obj);
    *out = obj;
    return rc;
}

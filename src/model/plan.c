/* plan.c — the in-memory plan: building it, loading it from the database and
 * storing it back through the ledger. */
#include "model/plan.h"
#include "model/money_json.h"
#include "model/engagement_json.h"
#include "model/panel.h"
#include "model/correction.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include "model/ledger.h"
#include "lib/text.h" /* utf8_valid: a row changed behind our back */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Makes room for one more object in array `name` and zeroes it. */
#define GROW(p, name)                                                                              \
    do {                                                                                           \
        (p)->name = xgrow((p)->name, (p)->n_##name, &(p)->cap_##name, sizeof *(p)->name);          \
        memset(&(p)->name[(p)->n_##name], 0, sizeof *(p)->name);                                   \
    } while (0)

void plan_set_str(char **slot, const char *s)
{
    free(*slot);
    *slot = s ? xstrdup(s) : NULL;
}

void links_add(struct p_links *l, long v)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i] == v)
            return;
    l->v = xgrow(l->v, l->n, &l->cap, sizeof *l->v);
    l->v[l->n++] = v;
}

void links_clear(struct p_links *l)
{
    l->n = 0;
}

long plan_find(const struct strmap *m, const char *ref)
{
    size_t v;
    return ref && strmap_get(m, ref, &v) ? (long)v : -1;
}

long plan_find_update(const struct plan *p, long action, long period)
{
    size_t v;
    return pairmap_get(&p->m_updates, action, period, &v) ? (long)v : -1;
}

long plan_find_value(const struct plan *p, long measure, day_t date)
{
    size_t v;
    return pairmap_get(&p->m_values, measure, date, &v) ? (long)v : -1;
}

long plan_find_version(const struct plan *p, int number)
{
    char k[24];
    snprintf(k, sizeof k, "%d", number);
    return plan_find(&p->m_versions, k);
}

long plan_find_period(const struct plan *p, int month)
{
    char k[24];
    snprintf(k, sizeof k, "%d", month);
    return plan_find(&p->m_periods, k);
}

void plan_reindex(struct plan *p)
{
    struct strmap *maps[] = {&p->m_people,     &p->m_reviews, &p->m_recs,
                             &p->m_versions,   &p->m_themes,  &p->m_actions,
                             &p->m_milestones, &p->m_periods, &p->m_measures};
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++) {
        strmap_free(maps[i]);
        *maps[i] = (struct strmap)STRMAP_INIT;
    }
    pairmap_free(&p->m_updates);
    pairmap_free(&p->m_values);
    char k[48];
    for (size_t i = 0; i < p->n_people; i++)
        strmap_set(&p->m_people, p->people[i].ref, i);
    for (size_t i = 0; i < p->n_reviews; i++)
        strmap_set(&p->m_reviews, p->reviews[i].ref, i);
    for (size_t i = 0; i < p->n_recs; i++)
        strmap_set(&p->m_recs, p->recs[i].ref, i);
    for (size_t i = 0; i < p->n_versions; i++) {
        snprintf(k, sizeof k, "%d", p->versions[i].number);
        strmap_set(&p->m_versions, k, i);
    }
    for (size_t i = 0; i < p->n_themes; i++)
        strmap_set(&p->m_themes, p->themes[i].ref, i);
    for (size_t i = 0; i < p->n_actions; i++)
        strmap_set(&p->m_actions, p->actions[i].ref, i);
    for (size_t i = 0; i < p->n_milestones; i++)
        strmap_set(&p->m_milestones, p->milestones[i].ref, i);
    for (size_t i = 0; i < p->n_periods; i++) {
        snprintf(k, sizeof k, "%d", p->periods[i].month);
        strmap_set(&p->m_periods, k, i);
    }
    for (size_t i = 0; i < p->n_updates; i++)
        pairmap_set(&p->m_updates, p->updates[i].action, p->updates[i].period, i);
    for (size_t i = 0; i < p->n_measures; i++)
        strmap_set(&p->m_measures, p->measures[i].ref, i);
    for (size_t i = 0; i < p->n_values; i++)
        pairmap_set(&p->m_values, p->values[i].measure, p->values[i].date, i);
}

/* The adders: append a zeroed object, register its key, set "none" defaults. */
size_t plan_add_person(struct plan *p, const char *ref)
{
    GROW(p, people);
    p->people[p->n_people].ref = xstrdup(ref);
    strmap_set(&p->m_people, ref, p->n_people);
    return p->n_people++;
}

size_t plan_add_review(struct plan *p, const char *ref)
{
    GROW(p, reviews);
    p->reviews[p->n_reviews].ref = xstrdup(ref);
    p->reviews[p->n_reviews].published_on = DAY_NONE;
    strmap_set(&p->m_reviews, ref, p->n_reviews);
    return p->n_reviews++;
}

size_t plan_add_rec(struct plan *p, const char *ref)
{
    GROW(p, recs);
    p->recs[p->n_recs].ref = xstrdup(ref);
    p->recs[p->n_recs].review = -1;
    strmap_set(&p->m_recs, ref, p->n_recs);
    return p->n_recs++;
}

size_t plan_add_version(struct plan *p, int number)
{
    char k[24];
    snprintf(k, sizeof k, "%d", number);
    GROW(p, versions);
    struct p_version *v = &p->versions[p->n_versions];
    v->number = number;
    v->approved_on = v->signed_off_on = DAY_NONE;
    strmap_set(&p->m_versions, k, p->n_versions);
    return p->n_versions++;
}

size_t plan_add_theme(struct plan *p, const char *ref)
{
    GROW(p, themes);
    p->themes[p->n_themes].ref = xstrdup(ref);
    p->themes[p->n_themes].lead = -1;
    strmap_set(&p->m_themes, ref, p->n_themes);
    return p->n_themes++;
}

size_t plan_add_action(struct plan *p, const char *ref)
{
    GROW(p, actions);
    struct p_action *a = &p->actions[p->n_actions];
    a->ref = xstrdup(ref);
    a->theme = a->owner = a->member = a->panel_lead = -1;
    a->start = a->finish = a->baseline_finish = a->completed_on = DAY_NONE;
    a->src_index = -1;
    strmap_set(&p->m_actions, ref, p->n_actions);
    return p->n_actions++;
}

size_t plan_add_milestone(struct plan *p, const char *ref)
{
    GROW(p, milestones);
    struct p_milestone *m = &p->milestones[p->n_milestones];
    m->ref = xstrdup(ref);
    m->action = -1;
    m->due = m->baseline_due = m->achieved_on = DAY_NONE;
    m->public = true;
    strmap_set(&p->m_milestones, ref, p->n_milestones);
    return p->n_milestones++;
}

size_t plan_add_period(struct plan *p, int month)
{
    char k[24];
    snprintf(k, sizeof k, "%d", month);
    GROW(p, periods);
    struct p_period *pe = &p->periods[p->n_periods];
    pe->month = month;
    pe->signed_off_on = DAY_NONE;
    pe->signed_off_by = -1;
    strmap_set(&p->m_periods, k, p->n_periods);
    return p->n_periods++;
}

size_t plan_add_update(struct plan *p, long action, long period)
{
    GROW(p, updates);
    struct p_update *u = &p->updates[p->n_updates];
    u->action = action;
    u->period = period;
    u->author = -1;
    u->confidence = -1;
    u->forecast_finish = DAY_NONE;
    pairmap_set(&p->m_updates, action, period, p->n_updates);
    return p->n_updates++;
}

size_t plan_add_measure(struct plan *p, const char *ref)
{
    GROW(p, measures);
    struct p_measure *m = &p->measures[p->n_measures];
    m->ref = xstrdup(ref);
    m->theme = -1;
    m->up = true;
    m->baseline_date = m->target_date = DAY_NONE;
    strmap_set(&p->m_measures, ref, p->n_measures);
    return p->n_measures++;
}

size_t plan_add_value(struct plan *p, long measure, day_t date)
{
    GROW(p, values);
    p->values[p->n_values].measure = measure;
    p->values[p->n_values].date = date;
    pairmap_set(&p->m_values, measure, date, p->n_values);
    return p->n_values++;
}

void plan_free(struct plan *p)
{
    for (size_t i = 0; p->update_notes && i < p->n_updates; i++)
        free(p->update_notes[i]);
    free(p->update_notes);
    json_decref(p->panel);
    json_decref(p->meetings);
    json_decref(p->agreements);
    json_decref(p->expenses);
    json_decref(p->engagement);
    json_decref(p->corrections);
    json_decref(p->corrections_new);
    free(p->org.name);
    free(p->org.slug);
    free(p->org.timezone);
    for (size_t i = 0; i < p->n_people; i++) {
        struct p_person *x = &p->people[i];
        free(x->ref), free(x->name), free(x->role), free(x->kind);
    }
    for (size_t i = 0; i < p->n_reviews; i++) {
        struct p_review *x = &p->reviews[i];
        free(x->ref), free(x->title), free(x->author), free(x->url);
    }
    for (size_t i = 0; i < p->n_recs; i++)
        free(p->recs[i].ref), free(p->recs[i].text);
    for (size_t i = 0; i < p->n_versions; i++) {
        struct p_version *x = &p->versions[i];
        free(x->title), free(x->status), free(x->approval_ref);
    }
    for (size_t i = 0; i < p->n_themes; i++)
        free(p->themes[i].ref), free(p->themes[i].title);
    for (size_t i = 0; i < p->n_actions; i++) {
        struct p_action *x = &p->actions[i];
        free(x->ref), free(x->title), free(x->description), free(x->closure_criteria);
        free(x->answers.v), free(x->depends_on.v);
    }
    for (size_t i = 0; i < p->n_milestones; i++)
        free(p->milestones[i].ref), free(p->milestones[i].title);
    for (size_t i = 0; i < p->n_periods; i++)
        free(p->periods[i].status);
    for (size_t i = 0; i < p->n_updates; i++)
        free(p->updates[i].state), free(p->updates[i].narrative);
    for (size_t i = 0; i < p->n_measures; i++) {
        struct p_measure *x = &p->measures[i];
        free(x->ref), free(x->title), free(x->unit), free(x->actions.v);
    }
    free(p->people), free(p->reviews), free(p->recs), free(p->versions), free(p->themes);
    free(p->actions), free(p->milestones), free(p->periods), free(p->updates);
    free(p->measures), free(p->values);
    struct strmap *maps[] = {&p->m_people,     &p->m_reviews, &p->m_recs,
                             &p->m_versions,   &p->m_themes,  &p->m_actions,
                             &p->m_milestones, &p->m_periods, &p->m_measures};
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
        strmap_free(maps[i]);
    pairmap_free(&p->m_updates);
    pairmap_free(&p->m_values);
    memset(p, 0, sizeof *p);
}

/* ---- loading ---------------------------------------------------------------------- */

/* Objects are loaded in id order, so an id is found by binary search. */
#define ID_TO_INDEX(fn, type, name)                                                                \
    static long fn(const struct plan *p, sqlite3_stmt *st, int col)                                \
    {                                                                                              \
        if (sqlite3_column_type(st, col) == SQLITE_NULL)                                           \
            return -1;                                                                             \
        int64_t id = sqlite3_column_int64(st, col);                                                \
        size_t lo = 0, hi = p->n_##name;                                                           \
        while (lo < hi) {                                                                          \
            size_t mid = (lo + hi) / 2;                                                            \
            if (p->name[mid].id < id)                                                              \
                lo = mid + 1;                                                                      \
            else                                                                                   \
                hi = mid;                                                                          \
        }                                                                                          \
        return lo < p->n_##name && p->name[lo].id == id ? (long)lo : -1;                           \
    }
ID_TO_INDEX(person_of, p_person, people)
ID_TO_INDEX(review_of, p_review, reviews)
ID_TO_INDEX(rec_of, p_recommendation, recs)
ID_TO_INDEX(theme_of, p_theme, themes)
ID_TO_INDEX(action_of, p_action, actions)
ID_TO_INDEX(period_of, p_period, periods)
ID_TO_INDEX(measure_of, p_measure, measures)

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? xstrdup(s) : NULL;
}

/* Checks that every text column of the current row of st (a row of `table`)
 * is valid UTF-8, as everything written through the application is: a row
 * changed behind its back may hold anything, and the writers (jansson) refuse
 * such text.  Returns 0, or -1 with db->err naming the table, the row (its
 * id, when the query's first column is "id") and the column. */
static int row_text_check(struct db *db, const char *table, sqlite3_stmt *st)
{
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n; i++) {
        if (sqlite3_column_type(st, i) != SQLITE_TEXT)
            continue;
        const char *s = (const char *)sqlite3_column_text(st, i);
        if (!s || utf8_valid(s, (size_t)sqlite3_column_bytes(st, i)))
            continue;
        if (strcmp(sqlite3_column_name(st, 0), "id") == 0)
            snprintf(db->err, sizeof db->err,
                     "%s row %" PRId64 ": column %s is not valid UTF-8 (changed outside "
                     "dialturn? `dialturn verify` names the change)",
                     table, (int64_t)sqlite3_column_int64(st, 0), sqlite3_column_name(st, i));
        else
            snprintf(db->err, sizeof db->err,
                     "%s: column %s is not valid UTF-8 (changed outside dialturn? "
                     "`dialturn verify` names the change)",
                     table, sqlite3_column_name(st, i));
        return -1;
    }
    return 0;
}

/* Runs a SELECT of `table` and calls row() per result, each checked first
 * (row_text_check); every query here is fixed text. */
static int each_row(struct db *db, const char *table, const char *sql, struct plan *p,
                    void (*row)(struct plan *, sqlite3_stmt *))
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (row_text_check(db, table, st)) {
            sqlite3_reset(st);
            return -1;
        }
        row(p, st);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "load");
        return -1;
    }
    return 0;
}

static void load_org(struct plan *p, sqlite3_stmt *st)
{
    p->org.name = col_dup(st, 0);
    p->org.slug = col_dup(st, 1);
    p->org.timezone = col_dup(st, 2);
    p->org.scale = scale_find(db_col_text(st, 3));
    p->org.stored = true;
}

static void load_person(struct plan *p, sqlite3_stmt *st)
{
    size_t k = plan_add_person(p, db_col_text(st, 1));
    struct p_person *x = &p->people[k];
    x->id = sqlite3_column_int64(st, 0);
    x->name = col_dup(st, 2);
    x->role = col_dup(st, 3);
    x->kind = col_dup(st, 4);
}

static void load_review(struct plan *p, sqlite3_stmt *st)
{
    size_t k = plan_add_review(p, db_col_text(st, 1));
    struct p_review *x = &p->reviews[k];
    x->id = sqlite3_column_int64(st, 0);
    x->title = col_dup(st, 2);
    x->author = col_dup(st, 3);
    x->published_on = db_col_date(st, 4);
    x->url = col_dup(st, 5);
}

static void load_rec(struct plan *p, sqlite3_stmt *st)
{
    size_t k = plan_add_rec(p, db_col_text(st, 1));
    struct p_recommendation *x = &p->recs[k];
    x->id = sqlite3_column_int64(st, 0);
    x->review = review_of(p, st, 2);
    x->text = col_dup(st, 3);
}

static void load_version(struct plan *p, sqlite3_stmt *st)
{
    size_t k = plan_add_version(p, sqlite3_column_int(st, 1));
    struct p_version *x = &p->versions[k];
    x->id = sqlite3_column_int64(st, 0);
    x->title = col_dup(st, 2);
    x->status = col_dup(st, 3);
    x->approved_on = db_col_date(st, 4);
    x->approval_ref = col_dup(st, 5);
    x->signed_off_on = db_col_date(st, 6);
}

static void load_theme(struct plan *p, sqlite3_stmt *st)
{
    size_t k = plan_add_theme(p, db_col_text(st, 1));
    struct p_theme *x = &p->themes[k];
    x->id = sqlite3_column_int64(st, 0);
    x->title = col_dup(st, 2);
    x->lead = person_of(p, st, 3);
}

static void load_action(struct plan *p, sqlite3_stmt *st)
{
    size_t k = plan_add_action(p, db_col_text(st, 1));
    struct p_action *x = &p->actions[k];
    x->id = sqlite3_column_int64(st, 0);
    x->theme = theme_of(p, st, 2);
    x->title = col_dup(st, 3);
    x->description = col_dup(st, 4);
    x->owner = person_of(p, st, 5);
    x->member = person_of(p, st, 6);
    x->panel_lead = person_of(p, st, 7);
    x->start = db_col_date(st, 8);
    x->finish = db_col_date(st, 9);
    x->baseline_finish = db_col_date(st, 10);
    x->status = action_status_of_row(db_col_text(st, 11));
    x->completed_on = db_col_date(st, 12);
    x->closure_criteria = col_dup(st, 13);
}

static void load_answer(struct plan *p, sqlite3_stmt *st)
{
    long a = action_of(p, st, 0), r = rec_of(p, st, 1);
    if (a >= 0 && r >= 0)
        links_add(&p->actions[a].answers, r);
}

static void load_dep(struct plan *p, sqlite3_stmt *st)
{
    long a = action_of(p, st, 0), b = action_of(p, st, 1);
    if (a >= 0 && b >= 0)
        links_add(&p->actions[a].depends_on, b);
}

static void load_milestone(struct plan *p, sqlite3_stmt *st)
{
    size_t k = plan_add_milestone(p, db_col_text(st, 1));
    struct p_milestone *x = &p->milestones[k];
    x->id = sqlite3_column_int64(st, 0);
    x->action = action_of(p, st, 2);
    x->title = col_dup(st, 3);
    x->due = db_col_date(st, 4);
    x->baseline_due = db_col_date(st, 5);
    x->achieved_on = db_col_date(st, 6);
    x->public = sqlite3_column_int(st, 7) != 0;
}

static void load_period(struct plan *p, sqlite3_stmt *st)
{
    int month = 0;
    month_parse(db_col_text(st, 1), &month);
    size_t k = plan_add_period(p, month);
    struct p_period *x = &p->periods[k];
    x->id = sqlite3_column_int64(st, 0);
    x->status = col_dup(st, 2);
    x->signed_off_on = db_col_date(st, 3);
    x->signed_off_by = person_of(p, st, 4);
}

static void load_update(struct plan *p, sqlite3_stmt *st)
{
    size_t k = plan_add_update(p, action_of(p, st, 1), period_of(p, st, 2));
    struct p_update *x = &p->updates[k];
    x->id = sqlite3_column_int64(st, 0);
    x->state = col_dup(st, 3);
    x->status = action_status_of_row(db_col_text(st, 4));
    x->percent = sqlite3_column_int(st, 5);
    x->confidence = p->org.scale && sqlite3_column_type(st, 6) != SQLITE_NULL
                        ? scale_level(p->org.scale, db_col_text(st, 6))
                        : -1;
    x->narrative = col_dup(st, 7);
    x->forecast_finish = db_col_date(st, 8);
    x->author = person_of(p, st, 9);
}

static void load_measure(struct plan *p, sqlite3_stmt *st)
{
    size_t k = plan_add_measure(p, db_col_text(st, 1));
    struct p_measure *x = &p->measures[k];
    x->id = sqlite3_column_int64(st, 0);
    x->title = col_dup(st, 2);
    x->unit = col_dup(st, 3);
    x->up = strcmp(db_col_text(st, 4), "up") == 0;
    x->has_baseline = sqlite3_column_type(st, 5) != SQLITE_NULL;
    x->baseline = sqlite3_column_double(st, 5);
    x->baseline_date = db_col_date(st, 6);
    x->has_target = sqlite3_column_type(st, 7) != SQLITE_NULL;
    x->target = sqlite3_column_double(st, 7);
    x->target_date = db_col_date(st, 8);
    x->tolerance_pct = sqlite3_column_int(st, 9);
    x->theme = theme_of(p, st, 10);
}

static void load_measure_action(struct plan *p, sqlite3_stmt *st)
{
    long m = measure_of(p, st, 0), a = action_of(p, st, 1);
    if (m >= 0 && a >= 0)
        links_add(&p->measures[m].actions, a);
}

static void load_value(struct plan *p, sqlite3_stmt *st)
{
    size_t k = plan_add_value(p, measure_of(p, st, 1), db_col_date(st, 2));
    struct p_value *x = &p->values[k];
    x->id = sqlite3_column_int64(st, 0);
    x->value = sqlite3_column_double(st, 3);
}

int plan_load(struct db *db, struct plan *p)
{
    static const struct {
        const char *table; /* for a message naming a bad row */
        const char *sql;
        void (*row)(struct plan *, sqlite3_stmt *);
    } steps[] = {
        {"organisation", "SELECT name, slug, timezone, rating_scale FROM organisation", load_org},
        {"person", "SELECT id, ref, name, role, kind FROM person ORDER BY id", load_person},
        {"review", "SELECT id, ref, title, author, published_on, url FROM review ORDER BY id",
         load_review},
        {"recommendation", "SELECT id, ref, review_id, text FROM recommendation ORDER BY id",
         load_rec},
        {"plan_version",
         "SELECT id, number, title, status, approved_on, approval_ref, signed_off_on "
         "FROM plan_version ORDER BY id",
         load_version},
        {"theme", "SELECT id, ref, title, lead_id FROM theme ORDER BY id", load_theme},
        {"action",
         "SELECT id, ref, theme_id, title, description, owner_id, member_id, panel_lead_id, "
         "start, finish, baseline_finish, status, completed_on, closure_criteria "
         "FROM action ORDER BY id",
         load_action},
        {"action_answer", "SELECT action_id, recommendation_id FROM action_answer ORDER BY id",
         load_answer},
        {"action_dep", "SELECT action_id, depends_on_id FROM action_dep ORDER BY id", load_dep},
        {"milestone",
         "SELECT id, ref, action_id, title, due, baseline_due, achieved_on, public "
         "FROM milestone ORDER BY id",
         load_milestone},
        {"period",
         "SELECT id, month, status, signed_off_on, signed_off_by_id FROM period ORDER BY id",
         load_period},
        {"progress_update",
         "SELECT id, action_id, period_id, state, status, percent, confidence, narrative, "
         "forecast_finish, author_id FROM progress_update ORDER BY id",
         load_update},
        {"measure",
         "SELECT id, ref, title, unit, direction, baseline, baseline_date, target, target_date, "
         "tolerance_pct, theme_id FROM measure ORDER BY id",
         load_measure},
        {"measure_action", "SELECT measure_id, action_id FROM measure_action ORDER BY id",
         load_measure_action},
        {"measure_value", "SELECT id, measure_id, date, value FROM measure_value ORDER BY id",
         load_value},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (each_row(db, steps[i].table, steps[i].sql, p, steps[i].row))
            return -1;
    /* the panel's business is no part of a month's record: a record
     * connection (the public downloads) leaves it out */
    if (db->record)
        return 0;
    return panel_load(db, p) || money_load_plan(db, p) || engagement_load_plan(db, p) ||
                   correction_load_plan(db, p)
               ? -1
               : 0;
}

/* ---- storing ----------------------------------------------------------------------
 *
 * Each object becomes a ledger_row, its columns set in table.c's order; the
 * ledger writes the row and its entry straight from those values. */

/* A reference column: the stored id of object i of `arr` (stored earlier), or null. */
#define ROW_REF(r, col, p, arr, i)                                                                 \
    ((i) >= 0 ? ledger_row_int((r), (col), (p)->arr[(i)].id) : ledger_row_null((r), (col)))

/* Puts one row through the ledger and remembers the id. */
static int put(struct db *db, const struct ledger_row *r, int64_t *id)
{
    int64_t got = ledger_put_row(db, r, 1);
    if (got < 0)
        return -1;
    *id = got;
    return 0;
}

/* Makes the link rows of one owner (action_id or measure_id = owner) match
 * `want` (target ids): deletes rows no longer wanted, inserts missing ones.
 * `fresh` says the owner was inserted just now, so it has no rows yet. */
static int store_links(struct db *db, enum table_id t, const char *list_sql, bool fresh,
                       int64_t owner, const int64_t *want, size_t nwant, const char *owner_col,
                       const char *target_col)
{
    bool *have = xcalloc(nwant ? nwant : 1, sizeof *have);
    int rc = 0;
    int64_t *drop = NULL;
    size_t ndrop = 0, drop_cap = 0;
    /* a row stored in this same import has no links yet: skip the query */
    if (!fresh) {
        sqlite3_stmt *st = db_prepare(db, list_sql);
        if (!st) {
            free(have);
            return -1;
        }
        db_bind_int(st, ":owner", owner);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0), target = sqlite3_column_int64(st, 1);
            size_t i = 0;
            while (i < nwant && want[i] != target)
                i++;
            if (i < nwant) {
                have[i] = true;
            } else {
                drop = xgrow(drop, ndrop, &drop_cap, sizeof *drop);
                drop[ndrop++] = id;
            }
        }
        sqlite3_reset(st);
    }
    for (size_t i = 0; rc == 0 && i < ndrop; i++)
        rc = ledger_delete(db, t, drop[i]);
    for (size_t i = 0; rc == 0 && i < nwant; i++) {
        if (have[i])
            continue;
        struct ledger_row r;
        ledger_row_init(&r, t, 0);
        ledger_row_int(&r, owner_col, owner);
        ledger_row_int(&r, target_col, want[i]);
        rc = ledger_put_row(db, &r, 0) < 0 ? -1 : 0;
    }
    free(drop);
    free(have);
    return rc;
}

static int store_action_links(struct db *db, struct plan *p, struct p_action *a, bool was_new)
{
    int64_t *ids = xmalloc((a->answers.n + a->depends_on.n + 1) * sizeof *ids);
    for (size_t i = 0; i < a->answers.n; i++)
        ids[i] = p->recs[a->answers.v[i]].id;
    int rc = store_links(db, T_ACTION_ANSWER,
                         "SELECT id, recommendation_id FROM action_answer WHERE action_id = :owner",
                         was_new, a->id, ids, a->answers.n, "action_id", "recommendation_id");
    for (size_t i = 0; i < a->depends_on.n; i++)
        ids[i] = p->actions[a->depends_on.v[i]].id;
    if (rc == 0)
        rc = store_links(db, T_ACTION_DEP,
                         "SELECT id, depends_on_id FROM action_dep WHERE action_id = :owner",
                         was_new, a->id, ids, a->depends_on.n, "action_id", "depends_on_id");
    free(ids);
    return rc;
}

static int store_org(struct db *db, struct plan *p)
{
    struct ledger_row r;
    ledger_row_init(&r, T_ORGANISATION, 1);
    ledger_row_text(&r, "name", p->org.name);
    ledger_row_text(&r, "slug", p->org.slug);
    ledger_row_text(&r, "timezone", p->org.timezone);
    ledger_row_text(&r, "rating_scale", p->org.scale->name);
    int64_t id;
    return put(db, &r, &id);
}

static int store_people(struct db *db, struct plan *p)
{
    for (size_t i = 0; i < p->n_people; i++) {
        struct p_person *x = &p->people[i];
        struct ledger_row r;
        ledger_row_init(&r, T_PERSON, x->id);
        ledger_row_text(&r, "ref", x->ref);
        ledger_row_text(&r, "name", x->name);
        ledger_row_text(&r, "role", x->role ? x->role : "");
        ledger_row_text(&r, "kind", x->kind);
        if (put(db, &r, &x->id))
            return -1;
    }
    return 0;
}

static int store_reviews(struct db *db, struct plan *p)
{
    for (size_t i = 0; i < p->n_reviews; i++) {
        struct p_review *x = &p->reviews[i];
        struct ledger_row r;
        ledger_row_init(&r, T_REVIEW, x->id);
        ledger_row_text(&r, "ref", x->ref);
        ledger_row_text(&r, "title", x->title);
        ledger_row_text(&r, "author", x->author);
        ledger_row_date(&r, "published_on", x->published_on);
        ledger_row_text(&r, "url", x->url);
        if (put(db, &r, &x->id))
            return -1;
    }
    for (size_t i = 0; i < p->n_recs; i++) {
        struct p_recommendation *x = &p->recs[i];
        struct ledger_row r;
        ledger_row_init(&r, T_RECOMMENDATION, x->id);
        ledger_row_text(&r, "ref", x->ref);
        ROW_REF(&r, "review_id", p, reviews, x->review);
        ledger_row_text(&r, "text", x->text);
        if (put(db, &r, &x->id))
            return -1;
    }
    return 0;
}

static int store_versions_themes(struct db *db, struct plan *p)
{
    for (size_t i = 0; i < p->n_versions; i++) {
        struct p_version *x = &p->versions[i];
        struct ledger_row r;
        ledger_row_init(&r, T_PLAN_VERSION, x->id);
        ledger_row_int(&r, "number", x->number);
        ledger_row_text(&r, "title", x->title);
        ledger_row_text(&r, "status", x->status);
        ledger_row_date(&r, "approved_on", x->approved_on);
        ledger_row_text(&r, "approval_ref", x->approval_ref);
        ledger_row_date(&r, "signed_off_on", x->signed_off_on);
        if (put(db, &r, &x->id))
            return -1;
    }
    for (size_t i = 0; i < p->n_themes; i++) {
        struct p_theme *x = &p->themes[i];
        struct ledger_row r;
        ledger_row_init(&r, T_THEME, x->id);
        ledger_row_text(&r, "ref", x->ref);
        ledger_row_text(&r, "title", x->title);
        ROW_REF(&r, "lead_id", p, people, x->lead);
        if (put(db, &r, &x->id))
            return -1;
    }
    return 0;
}

static int store_actions(struct db *db, struct plan *p)
{
    bool *was_new = xcalloc(p->n_actions ? p->n_actions : 1, sizeof *was_new);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < p->n_actions; i++) {
        struct p_action *x = &p->actions[i];
        was_new[i] = x->id == 0;
        struct ledger_row r;
        ledger_row_init(&r, T_ACTION, x->id);
        ledger_row_text(&r, "ref", x->ref);
        ROW_REF(&r, "theme_id", p, themes, x->theme);
        ledger_row_text(&r, "title", x->title);
        ledger_row_text(&r, "description", x->description ? x->description : "");
        ROW_REF(&r, "owner_id", p, people, x->owner);
        ROW_REF(&r, "member_id", p, people, x->member);
        ROW_REF(&r, "panel_lead_id", p, people, x->panel_lead);
        ledger_row_date(&r, "start", x->start);
        ledger_row_date(&r, "finish", x->finish);
        ledger_row_date(&r, "baseline_finish", x->baseline_finish);
        ledger_row_text(&r, "status", action_status_name(x->status));
        ledger_row_date(&r, "completed_on", x->completed_on);
        ledger_row_text(&r, "closure_criteria", x->closure_criteria ? x->closure_criteria : "");
        rc = put(db, &r, &x->id);
    }
    /* links after every action has an id, since dependencies point forward too */
    for (size_t i = 0; rc == 0 && i < p->n_actions; i++)
        rc = store_action_links(db, p, &p->actions[i], was_new[i]);
    free(was_new);
    return rc;
}

static int store_milestones_periods(struct db *db, struct plan *p)
{
    for (size_t i = 0; i < p->n_milestones; i++) {
        struct p_milestone *x = &p->milestones[i];
        struct ledger_row r;
        ledger_row_init(&r, T_MILESTONE, x->id);
        ledger_row_text(&r, "ref", x->ref);
        ROW_REF(&r, "action_id", p, actions, x->action);
        ledger_row_text(&r, "title", x->title);
        ledger_row_date(&r, "due", x->due);
        ledger_row_date(&r, "baseline_due", x->baseline_due);
        ledger_row_date(&r, "achieved_on", x->achieved_on);
        ledger_row_int(&r, "public", x->public);
        if (put(db, &r, &x->id))
            return -1;
    }
    for (size_t i = 0; i < p->n_periods; i++) {
        struct p_period *x = &p->periods[i];
        char m[MONTH_LEN];
        month_format(x->month, m);
        struct ledger_row r;
        ledger_row_init(&r, T_PERIOD, x->id);
        ledger_row_text(&r, "month", m);
        ledger_row_text(&r, "status", x->status);
        ledger_row_date(&r, "signed_off_on", x->signed_off_on);
        ROW_REF(&r, "signed_off_by_id", p, people, x->signed_off_by);
        if (put(db, &r, &x->id))
            return -1;
    }
    return 0;
}

static int store_updates(struct db *db, struct plan *p)
{
    for (size_t i = 0; i < p->n_updates; i++) {
        struct p_update *x = &p->updates[i];
        struct ledger_row r;
        ledger_row_init(&r, T_PROGRESS_UPDATE, x->id);
        ROW_REF(&r, "action_id", p, actions, x->action);
        ROW_REF(&r, "period_id", p, periods, x->period);
        ledger_row_text(&r, "state", x->state);
        ledger_row_text(&r, "status", action_status_name(x->status));
        ledger_row_int(&r, "percent", x->percent);
        ledger_row_text(&r, "confidence",
                        x->confidence >= 0 ? p->org.scale->levels[x->confidence].key : NULL);
        ledger_row_text(&r, "narrative", x->narrative ? x->narrative : "");
        ledger_row_date(&r, "forecast_finish", x->forecast_finish);
        ROW_REF(&r, "author_id", p, people, x->author);
        if (put(db, &r, &x->id)) {
            /* name the update, as the file does (a signed-off month's refuses) */
            char m[MONTH_LEN], why[sizeof db->err];
            month_format(p->periods[x->period].month, m);
            snprintf(why, sizeof why, "%s", db->err);
            text_printf(db->err, sizeof db->err, "the update of %s for %s: %s",
                        p->actions[x->action].ref, m, why);
            return -1;
        }
    }
    return 0;
}

static int store_measures(struct db *db, struct plan *p)
{
    for (size_t i = 0; i < p->n_measures; i++) {
        struct p_measure *x = &p->measures[i];
        bool was_new = x->id == 0;
        struct ledger_row r;
        ledger_row_init(&r, T_MEASURE, x->id);
        ledger_row_text(&r, "ref", x->ref);
        ledger_row_text(&r, "title", x->title);
        ledger_row_text(&r, "unit", x->unit ? x->unit : "");
        ledger_row_text(&r, "direction", x->up ? "up" : "down");
        if (x->has_baseline)
            ledger_row_real(&r, "baseline", x->baseline);
        else
            ledger_row_null(&r, "baseline");
        ledger_row_date(&r, "baseline_date", x->baseline_date);
        if (x->has_target)
            ledger_row_real(&r, "target", x->target);
        else
            ledger_row_null(&r, "target");
        ledger_row_date(&r, "target_date", x->target_date);
        ledger_row_int(&r, "tolerance_pct", x->tolerance_pct);
        ROW_REF(&r, "theme_id", p, themes, x->theme);
        if (put(db, &r, &x->id))
            return -1;
        int64_t *ids = xmalloc((x->actions.n + 1) * sizeof *ids);
        for (size_t j = 0; j < x->actions.n; j++)
            ids[j] = p->actions[x->actions.v[j]].id;
        int rc = store_links(db, T_MEASURE_ACTION,
                             "SELECT id, action_id FROM measure_action WHERE measure_id = :owner",
                             was_new, x->id, ids, x->actions.n, "measure_id", "action_id");
        free(ids);
        if (rc)
            return -1;
    }
    for (size_t i = 0; i < p->n_values; i++) {
        struct p_value *x = &p->values[i];
        struct ledger_row r;
        ledger_row_init(&r, T_MEASURE_VALUE, x->id);
        ROW_REF(&r, "measure_id", p, measures, x->measure);
        ledger_row_date(&r, "date", x->date);
        ledger_row_real(&r, "value", x->value);
        if (put(db, &r, &x->id))
            return -1;
    }
    return 0;
}

int plan_store(struct db *db, struct plan *p)
{
    if (!p->org.scale) {
        snprintf(db->err, sizeof db->err, "the organisation has no rating scale");
        return -1;
    }
    if (store_org(db, p) || store_people(db, p) || store_reviews(db, p) ||
        store_versions_themes(db, p) || store_actions(db, p) || store_milestones_periods(db, p) ||
        store_updates(db, p) || store_measures(db, p) || panel_store(db, p) || money_store(db, p) ||
        engagement_store(db, p))
        return -1;
    p->org.stored = true;
    return 0;
}

/* ---- export order ----------------------------------------------------------------- */

/* qsort has no context argument, so the comparators read this; export runs on
 * one thread at a time per plan, and the pointer is set just before sorting. */
static _Thread_local const struct plan *sort_plan;

static size_t *identity(size_t n)
{
    size_t *ix = xmalloc((n ? n : 1) * sizeof *ix);
    for (size_t i = 0; i < n; i++)
        ix[i] = i;
    return ix;
}

#define ORDER_BY_REF(fn, name)                                                                     \
    static int cmp_##name(const void *a, const void *b)                                            \
    {                                                                                              \
        return natcmp(sort_plan->name[*(const size_t *)a].ref,                                     \
                      sort_plan->name[*(const size_t *)b].ref);                                    \
    }                                                                                              \
    size_t *fn(const struct plan *p)                                                               \
    {                                                                                              \
        size_t *ix = identity(p->n_##name);                                                        \
        sort_plan = p;                                                                             \
        qsort(ix, p->n_##name, sizeof *ix, cmp_##name);                                            \
        return ix;                                                                                 \
    }
ORDER_BY_REF(plan_order_people, people)
ORDER_BY_REF(plan_order_reviews, reviews)
ORDER_BY_REF(plan_order_recs, recs)
ORDER_BY_REF(plan_order_themes, themes)
ORDER_BY_REF(plan_order_actions, actions)
ORDER_BY_REF(plan_order_milestones, milestones)
ORDER_BY_REF(plan_order_measures, measures)

static int cmp_versions(const void *a, const void *b)
{
    int x = sort_plan->versions[*(const size_t *)a].number;
    int y = sort_plan->versions[*(const size_t *)b].number;
    return (x > y) - (x < y);
}

static int cmp_periods(const void *a, const void *b)
{
    int x = sort_plan->periods[*(const size_t *)a].month;
    int y = sort_plan->periods[*(const size_t *)b].month;
    return (x > y) - (x < y);
}

static int cmp_updates(const void *a, const void *b)
{
    const struct p_update *x = &sort_plan->updates[*(const size_t *)a];
    const struct p_update *y = &sort_plan->updates[*(const size_t *)b];
    int c = natcmp(sort_plan->actions[x->action].ref, sort_plan->actions[y->action].ref);
    if (c)
        return c;
    int mx = sort_plan->periods[x->period].month, my = sort_plan->periods[y->period].month;
    return (mx > my) - (mx < my);
}

static int cmp_values(const void *a, const void *b)
{
    const struct p_value *x = &sort_plan->values[*(const size_t *)a];
    const struct p_value *y = &sort_plan->values[*(const size_t *)b];
    int c = natcmp(sort_plan->measures[x->measure].ref, sort_plan->measures[y->measure].ref);
    return c ? c : (x->date > y->date) - (x->date < y->date);
}

#define ORDER_WITH(fn, name, cmp)                                                                  \
    size_t *fn(const struct plan *p)                                                               \
    {                                                                                              \
        size_t *ix = identity(p->n_##name);                                                        \
        sort_plan = p;                                                                             \
        qsort(ix, p->n_##name, sizeof *ix, cmp);                                                   \
        return ix;                                                                                 \
    }
ORDER_WITH(plan_order_versions, versions, cmp_versions)
ORDER_WITH(plan_order_periods, periods, cmp_periods)
ORDER_WITH(plan_order_updates, updates, cmp_updates)
ORDER_WITH(plan_order_values, values, cmp_values)

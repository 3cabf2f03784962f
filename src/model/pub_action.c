/* pub_action.c — the queries behind one action's public page (see
 * pub_action.h).  Each is indexed by the action's row id and reads a handful
 * of rows; the forecasts come from the overview. */
#include "model/pub_action.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_detail[] =
    "SELECT a.description, a.closure_criteria, m.ref, m.name, m.role, p.ref, p.name, p.role"
    "  FROM action a"
    "  LEFT JOIN person m ON m.id = a.member_id"
    "  LEFT JOIN person p ON p.id = a.panel_lead_id"
    " WHERE a.id = :id";

static const char sql_answers[] = "SELECT r.ref FROM action_answer aa"
                                  "  JOIN recommendation r ON r.id = aa.recommendation_id"
                                  " WHERE aa.action_id = :id";

static const char sql_needed_by[] = "SELECT a.ref FROM action_dep d"
                                    "  JOIN action a ON a.id = d.action_id"
                                    " WHERE d.depends_on_id = :id";

static const char sql_milestones[] = "SELECT ref, title, due, baseline_due, achieved_on"
                                     "  FROM milestone WHERE action_id = :id AND public = 1";

/* The public rule of pub_scope.h, for one action. */
static const char sql_history[] =
    "SELECT p.month, u.status, u.percent, u.confidence, u.narrative, u.forecast_finish,"
    "       w.ref, w.name, w.role, u.id"
    "  FROM progress_update u"
    "  JOIN period p ON p.id = u.period_id"
    "  LEFT JOIN person w ON w.id = u.author_id"
    " WHERE u.action_id = :id AND u.state = 'accepted'"
    "   AND p.status = 'signed_off' AND p.month <= :month"
    " ORDER BY p.month";

/* The evidence of the same public updates: web links, and documents only
 * when public.  An update is frozen once its month is signed off, and with it
 * its evidence. */
static const char sql_evidence[] = "SELECT p.month, e.label, e.url, e.document_id"
                                   "  FROM progress_update u"
                                   "  JOIN period p ON p.id = u.period_id"
                                   "  JOIN evidence e ON e.update_id = u.id"
                                   "  LEFT JOIN document d ON d.id = e.document_id"
                                   " WHERE u.action_id = :id AND u.state = 'accepted'"
                                   "   AND p.status = 'signed_off' AND p.month <= :month"
                                   "   AND (e.url IS NOT NULL OR d.public = 1)"
                                   " ORDER BY p.month, e.id";

/* Reads a person from columns i..i+2 (ref, name, role); all NULL when the
 * ref is NULL. */
static struct pub_action_person col_person(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return (struct pub_action_person){NULL, NULL, NULL};
    return (struct pub_action_person){xstrdup(db_col_text(st, i)), xstrdup(db_col_text(st, i + 1)),
                                      xstrdup(db_col_text(st, i + 2))};
}

/* Frees the strings of a person (not the struct). */
static void person_free(struct pub_action_person *p)
{
    free(p->ref), free(p->name), free(p->role);
}

/* Ends a step loop: 0 when it finished, else -1 with db->err (`what` names
 * the query; a full list is a limit). */
static int step_end(struct db *db, sqlite3_stmt *st, int rc, const char *what)
{
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc == SQLITE_ROW)
        snprintf(db->err, sizeof db->err, "%s: more than %d rows", what, PUB_ACTION_MAX_ROWS);
    else
        db_set_error(db, what);
    return -1;
}

/* Loads the description, closure criteria and people.  Returns 0 or -1. */
static int load_detail(struct db *db, int64_t id, struct pub_action_detail *a)
{
    sqlite3_stmt *st = db_prepare(db, sql_detail);
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        a->description = xstrdup(db_col_text(st, 0));
        a->closure_criteria = xstrdup(db_col_text(st, 1));
        a->member = col_person(st, 2);
        a->panel_lead = col_person(st, 5);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        snprintf(db->err, sizeof db->err, "action %lld is gone", (long long)id);
        return -1;
    }
    return rc == SQLITE_ROW ? 0 : step_end(db, st, rc, "reading the action");
}

/* Orders strings naturally (qsort of char *). */
static int cmp_ref(const void *a, const void *b)
{
    return natcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs a query of one ref column bound to :id into a natural-ordered list.
 * Returns 0 or -1. */
static int load_refs(struct db *db, const char *sql, int64_t id, const char *what, char ***out,
                     size_t *n)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    size_t cap = 0;
    int rc;
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < PUB_ACTION_MAX_ROWS) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        (*out)[(*n)++] = xstrdup(db_col_text(st, 0));
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, cmp_ref);
    return step_end(db, st, rc, what);
}

/* Orders milestones by due date, then ref (qsort). */
static int cmp_milestone(const void *a, const void *b)
{
    const struct pub_action_milestone *x = a, *y = b;
    if (x->due != y->due)
        return x->due < y->due ? -1 : 1;
    return natcmp(x->ref, y->ref);
}

/* Loads the public milestones with their forecasts.  Returns 0 or -1. */
static int load_milestones(struct db *db, const struct overview *ov, size_t i,
                           struct pub_action_detail *a)
{
    sqlite3_stmt *st = db_prepare(db, sql_milestones);
    const struct overview_action *x = &ov->actions[i];
    day_t end = ov->month >= 0 ? month_last_day(ov->month) : DAY_NONE;
    size_t cap = 0;
    int rc;
    if (!st)
        return -1;
    db_bind_int(st, ":id", x->id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->nmilestones < PUB_ACTION_MAX_ROWS) {
        a->milestones = xgrow(a->milestones, a->nmilestones, &cap, sizeof *a->milestones);
        day_t due = db_col_date(st, 2), achieved = db_col_date(st, 4);
        if (achieved != DAY_NONE && (end == DAY_NONE || achieved > end))
            achieved = DAY_NONE; /* not yet achieved as the scope saw it */
        a->milestones[a->nmilestones++] = (struct pub_action_milestone){
            xstrdup(db_col_text(st, 0)),
            xstrdup(db_col_text(st, 1)),
            due,
            db_col_date(st, 3),
            due == DAY_NONE ? DAY_NONE
                            : rule_milestone_forecast(due, ov->state[i].forecast, x->finish),
            achieved};
    }
    if (a->nmilestones > 1)
        qsort(a->milestones, a->nmilestones, sizeof *a->milestones, cmp_milestone);
    return step_end(db, st, rc, "reading milestones");
}

/* Loads the public updates up to the overview's month.  Returns 0 or -1. */
static int load_history(struct db *db, const struct overview *ov, int64_t id,
                        struct pub_action_detail *a)
{
    sqlite3_stmt *st = db_prepare(db, sql_history);
    char month[MONTH_LEN] = "0000-00"; /* matches nothing when nothing is public */
    size_t cap = 0;
    int rc;
    if (!st)
        return -1;
    if (ov->month >= 0)
        month_format(ov->month, month);
    db_bind_int(st, ":id", id);
    db_bind_text(st, ":month", month);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && a->nhistory < PUB_ACTION_MAX_ROWS) {
        int m;
        if (!month_parse(db_col_text(st, 0), &m))
            continue;
        a->history = xgrow(a->history, a->nhistory, &cap, sizeof *a->history);
        a->history[a->nhistory++] = (struct pub_action_update){
            sqlite3_column_int64(st, 9),
            m,
            xstrdup(db_col_text(st, 1)),
            sqlite3_column_int(st, 2),
            sqlite3_column_type(st, 3) == SQLITE_NULL ? -1
                                                      : scale_level(ov->scale, db_col_text(st, 3)),
            xstrdup(db_col_text(st, 4)),
            db_col_date(st, 5),
            col_person(st, 6),
            0,
            0,
            NULL,
            0};
    }
    return step_end(db, st, rc, "reading updates");
}

/* Loads the corrections the record holds of the action's updates and ties
 * each update to its own.  Returns 0 or -1. */
static int load_corrections(struct db *db, int64_t id, struct pub_action_detail *a)
{
    if (correction_list(db, id, &a->corrections, &a->ncorrections))
        return -1;
    /* both lists are in month order, and an update's corrections adjoin */
    for (size_t i = 0; i < a->nhistory; i++) {
        struct pub_action_update *u = &a->history[i];
        for (size_t k = 0; k < a->ncorrections; k++)
            if (a->corrections[k].update_id == u->id && u->ncorr++ == 0)
                u->corr_first = k;
    }
    return 0;
}

/* Attaches the evidence of the loaded updates (history, oldest first), each
 * row to the update of its month.  Returns 0 or -1. */
static int load_evidence(struct db *db, const struct overview *ov, int64_t id,
                         struct pub_action_detail *a)
{
    if (a->nhistory == 0)
        return 0;
    sqlite3_stmt *st = db_prepare(db, sql_evidence);
    char month[MONTH_LEN] = "0000-00";
    size_t k = 0, rows = 0, cap = 0;
    int rc;
    if (!st)
        return -1;
    if (ov->month >= 0)
        month_format(ov->month, month);
    db_bind_int(st, ":id", id);
    db_bind_text(st, ":month", month);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && rows++ < PUB_ACTION_MAX_ROWS) {
        int m;
        if (!month_parse(db_col_text(st, 0), &m))
            continue;
        while (k < a->nhistory && a->history[k].month < m)
            k++, cap = 0;
        if (k == a->nhistory)
            break;
        struct pub_action_update *u = &a->history[k];
        if (u->month != m)
            continue;
        u->evidence = xgrow(u->evidence, u->nevidence, &cap, sizeof *u->evidence);
        u->evidence[u->nevidence++] = (struct pub_action_evidence){
            xstrdup(db_col_text(st, 1)),
            sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : xstrdup(db_col_text(st, 2)),
            sqlite3_column_int64(st, 3)};
    }
    if (rc == SQLITE_ROW && k == a->nhistory)
        rc = SQLITE_DONE; /* the rest belong to no loaded update */
    return step_end(db, st, rc, "reading evidence");
}

int pub_action_load(struct db *db, const struct overview *ov, size_t index,
                    struct pub_action_detail *out)
{
    int64_t id = ov->actions[index].id;
    bool own_txn = sqlite3_get_autocommit(db->h);
    int ret = -1;
    memset(out, 0, sizeof *out);
    out->index = index;
    if (own_txn && db_exec(db, "BEGIN"))
        return -1;
    if (load_detail(db, id, out) ||
        load_refs(db, sql_answers, id, "reading recommendations", &out->answers, &out->nanswers) ||
        load_refs(db, sql_needed_by, id, "reading dependants", &out->needed_by, &out->nneeded_by) ||
        load_milestones(db, ov, index, out) || load_history(db, ov, id, out) ||
        load_corrections(db, id, out) || load_evidence(db, ov, id, out))
        goto out;
    ret = 0;
out:
    if (own_txn && !sqlite3_get_autocommit(db->h)) {
        if (ret == 0 && db_exec(db, "COMMIT"))
            ret = -1;
        if (ret != 0)
            db_rollback(db);
    }
    if (ret != 0)
        pub_action_free(out);
    return ret;
}

/* Frees a list of n strings. */
static void refs_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void pub_action_free(struct pub_action_detail *a)
{
    if (!a)
        return;
    free(a->description);
    free(a->closure_criteria);
    person_free(&a->member);
    person_free(&a->panel_lead);
    refs_free(a->answers, a->nanswers);
    refs_free(a->needed_by, a->nneeded_by);
    for (size_t i = 0; i < a->nmilestones; i++)
        free(a->milestones[i].ref), free(a->milestones[i].title);
    free(a->milestones);
    for (size_t i = 0; i < a->nhistory; i++) {
        free(a->history[i].status);
        free(a->history[i].narrative);
        person_free(&a->history[i].author);
        for (size_t e = 0; e < a->history[i].nevidence; e++)
            free(a->history[i].evidence[e].label), free(a->history[i].evidence[e].url);
        free(a->history[i].evidence);
    }
    free(a->history);
    correction_list_free(a->corrections, a->ncorrections);
    memset(a, 0, sizeof *a);
}

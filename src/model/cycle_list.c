/* cycle_list.c — the workspace's reads of the monthly cycle (cycle_list.h). */
#include "model/cycle_list.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A copy of column i as a string ("" for NULL). */
static char *col_dup(sqlite3_stmt *st, int i)
{
    return xstrdup(db_col_text(st, i));
}

/* Copies column i into a fixed buffer. */
static void col_copy(sqlite3_stmt *st, int i, char *out, size_t size)
{
    snprintf(out, size, "%s", db_col_text(st, i));
}

static void evidence_free(struct cycle_evidence *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].label);
        free(e[i].url);
    }
    free(e);
}

/* Loads the evidence of an update (`closure` false) or a proposal. */
static int evidence_load(struct db *db, bool closure, int64_t owner, struct cycle_evidence **out,
                         size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st =
        db_prepare(db, closure ? "SELECT label, url, coalesce(document_id, 0), id FROM evidence "
                                 "WHERE closure_id = :owner ORDER BY id"
                               : "SELECT label, url, coalesce(document_id, 0), id FROM evidence "
                                 "WHERE update_id = :owner ORDER BY id");
    if (!st)
        return -1;
    db_bind_int(st, ":owner", owner);
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < CYCLE_LIST_MAX) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct cycle_evidence *e = &(*out)[(*n)++];
        e->label = col_dup(st, 0);
        e->url = sqlite3_column_type(st, 1) == SQLITE_NULL ? NULL : col_dup(st, 1);
        e->document_id = sqlite3_column_int64(st, 2);
        e->id = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        db_set_error(db, "evidence");
        evidence_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

/* -- updates -------------------------------------------------------------------- */

void cycle_update_free(struct cycle_update *u)
{
    if (!u)
        return;
    free(u->action_ref);
    free(u->action_title);
    free(u->owner_name);
    free(u->narrative);
    free(u->author_name);
    free(u->return_comment);
    evidence_free(u->evidence, u->nevidence);
    memset(u, 0, sizeof *u);
}

void cycle_updates_free(struct cycle_update *u, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cycle_update_free(&u[i]);
    free(u);
}

/* The columns update_row() reads. */
#define UPDATE_COLS                                                                                \
    "SELECT u.id, a.ref, a.title, coalesce(o.name, ''), p.month, u.state, u.status, u.percent, "   \
    "coalesce(u.confidence, ''), u.narrative, coalesce(u.forecast_finish, ''), "                   \
    "coalesce(au.name, ''), (SELECT r.comment FROM update_review r WHERE r.update_id = u.id "      \
    "AND r.decision = 'returned' ORDER BY r.id DESC LIMIT 1), t.ref, coalesce(o.ref, ''), "        \
    "pp.month, coalesce(pu.status, ''), coalesce(pu.percent, 0), coalesce(pu.confidence, '') "     \
    "FROM progress_update u JOIN action a ON a.id = u.action_id JOIN theme t ON t.id = "           \
    "a.theme_id "                                                                                  \
    "JOIN period p ON p.id = u.period_id LEFT JOIN person o ON o.id = a.owner_id "                 \
    "LEFT JOIN person au ON au.id = u.author_id "                                                  \
    "LEFT JOIN progress_update pu ON pu.id = (SELECT x.id FROM progress_update x "                 \
    "JOIN period xp ON xp.id = x.period_id WHERE x.action_id = u.action_id "                       \
    "AND x.state = 'accepted' AND xp.month < p.month ORDER BY xp.month DESC LIMIT 1) "             \
    "LEFT JOIN period pp ON pp.id = pu.period_id "

static void update_row(sqlite3_stmt *st, struct cycle_update *u)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    u->action_ref = col_dup(st, 1);
    u->action_title = col_dup(st, 2);
    u->owner_name = col_dup(st, 3);
    col_copy(st, 4, u->month, sizeof u->month);
    col_copy(st, 5, u->state, sizeof u->state);
    col_copy(st, 6, u->status, sizeof u->status);
    u->percent = sqlite3_column_int(st, 7);
    col_copy(st, 8, u->confidence, sizeof u->confidence);
    u->narrative = col_dup(st, 9);
    col_copy(st, 10, u->forecast_finish, sizeof u->forecast_finish);
    u->author_name = col_dup(st, 11);
    u->return_comment = sqlite3_column_type(st, 12) == SQLITE_NULL ? NULL : col_dup(st, 12);
    col_copy(st, 13, u->theme_ref, sizeof u->theme_ref);
    col_copy(st, 14, u->owner_ref, sizeof u->owner_ref);
    u->has_prev = sqlite3_column_type(st, 15) != SQLITE_NULL;
    col_copy(st, 15, u->prev_month, sizeof u->prev_month);
    col_copy(st, 16, u->prev_status, sizeof u->prev_status);
    u->prev_percent = sqlite3_column_int(st, 17);
    col_copy(st, 18, u->prev_confidence, sizeof u->prev_confidence);
}

/* Steps a one-row update query and loads its evidence: 1, 0 or -1. */
static int update_one(struct db *db, sqlite3_stmt *st, struct cycle_update *out)
{
    memset(out, 0, sizeof *out);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        update_row(st, out);
    else if (rc != SQLITE_DONE)
        db_set_error(db, "update");
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;
    if (evidence_load(db, false, out->id, &out->evidence, &out->nevidence)) {
        cycle_update_free(out);
        return -1;
    }
    return 1;
}

int cycle_update_load(struct db *db, int64_t id, struct cycle_update *out)
{
    sqlite3_stmt *st = db_prepare(db, UPDATE_COLS "WHERE u.id = :id");
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    return update_one(db, st, out);
}

/* One entry of the queue as first read: enough to order it and find a page. */
struct queue_key {
    int64_t id;
    char month[MONTH_LEN];
    char *ref; /* owned */
};

/* Queue order: oldest month first, then action ref in natural order. */
static int by_month_ref(const void *x, const void *y)
{
    const struct queue_key *a = x, *b = y;
    int c = strcmp(a->month, b->month);
    return c ? c : natcmp(a->ref, b->ref);
}

/* The review queue: the submitted updates of the months not signed off.  It
 * starts from those few months and reaches their submitted updates through
 * the index progress_update_period (CROSS JOIN keeps that order: left to
 * choose, SQLite scans every update of every month, 83,737 at 10,000 actions,
 * to find the 3,535 queued). */
#define QUEUED                                                                                     \
    "FROM period p CROSS JOIN progress_update u ON u.period_id = p.id "                            \
    "JOIN action a ON a.id = u.action_id JOIN theme t ON t.id = a.theme_id "                       \
    "LEFT JOIN person o ON o.id = a.owner_id "                                                     \
    "WHERE u.state = 'submitted' AND p.status <> 'signed_off' "

/* Every queued update's id, month and ref, in queue order, into *keys.
 * Returns 0 or -1. */
static int queue_keys(struct db *db, const struct cycle_queue_filter *f, struct queue_key **keys,
                      size_t *n)
{
    *keys = NULL;
    *n = 0;
    sqlite3_stmt *st =
        db_prepare(db, "SELECT u.id, p.month, a.ref " QUEUED
                       "AND (:theme = '' OR t.ref = :theme) AND (:owner = '' OR o.ref = :owner) "
                       "AND (:confidence = '' OR u.confidence = :confidence)");
    if (!st)
        return -1;
    db_bind_text(st, ":theme", f && f->theme ? f->theme : "");
    db_bind_text(st, ":owner", f && f->owner ? f->owner : "");
    db_bind_text(st, ":confidence", f && f->confidence ? f->confidence : "");
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < CYCLE_LIST_MAX) {
        *keys = xgrow(*keys, *n, &cap, sizeof **keys);
        struct queue_key *k = &(*keys)[(*n)++];
        k->id = sqlite3_column_int64(st, 0);
        col_copy(st, 1, k->month, sizeof k->month);
        k->ref = col_dup(st, 2);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        db_set_error(db, "review queue");
        return -1;
    }
    if (*n > 1)
        qsort(*keys, *n, sizeof **keys, by_month_ref);
    return 0;
}

/* Loads the updates keys[0..n) with their evidence, in that order, into
 * out[0..n): two queries, whatever n.  Returns 0 or -1. */
static int queue_rows(struct db *db, const struct queue_key *keys, size_t n,
                      struct cycle_update *out)
{
    json_t *ids = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(ids, json_integer(keys[i].id));
    char *text = json_dumps(ids, JSON_COMPACT);
    json_decref(ids);
    int rc = -1;
    sqlite3_stmt *st =
        db_prepare(db, UPDATE_COLS "WHERE u.id IN (SELECT value FROM json_each(:ids))");
    if (st) {
        db_bind_text(st, ":ids", text);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            for (size_t i = 0; i < n; i++)
                if (keys[i].id == id && out[i].id == 0)
                    update_row(st, &out[i]);
        }
        sqlite3_reset(st);
        rc = step == SQLITE_DONE ? 0 : -1;
        if (rc)
            db_set_error(db, "review queue");
    }
    st = rc ? NULL
            : db_prepare(db, "SELECT update_id, label, url, coalesce(document_id, 0), id "
                             "FROM evidence WHERE update_id IN (SELECT value FROM json_each(:ids)) "
                             "ORDER BY id");
    if (st) {
        db_bind_text(st, ":ids", text);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            for (size_t i = 0; i < n; i++) {
                if (out[i].id != id)
                    continue;
                struct cycle_update *u = &out[i];
                u->evidence = xrealloc(u->evidence, (u->nevidence + 1) * sizeof *u->evidence);
                struct cycle_evidence *e = &u->evidence[u->nevidence++];
                e->label = col_dup(st, 1);
                e->url = sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : col_dup(st, 2);
                e->document_id = sqlite3_column_int64(st, 3);
                e->id = sqlite3_column_int64(st, 4);
            }
        }
        sqlite3_reset(st);
        rc = step == SQLITE_DONE ? 0 : -1;
        if (rc)
            db_set_error(db, "evidence");
    } else {
        rc = -1;
    }
    free(text);
    return rc;
}

int cycle_queue_page(struct db *db, size_t per_page, size_t page, int64_t with_id,
                     const struct cycle_queue_filter *filter, struct cycle_queue *out)
{
    memset(out, 0, sizeof *out);
    struct queue_key *keys;
    size_t n;
    if (queue_keys(db, filter, &keys, &n))
        return -1;
    out->total = n;
    out->pages = n ? (n + per_page - 1) / per_page : 1;
    out->page = page;
    for (size_t i = 0; with_id && i < n; i++)
        if (keys[i].id == with_id)
            out->page = i / per_page + 1;
    int rc = 1;
    if (out->page < 1 || out->page > out->pages) {
        rc = 0;
    } else {
        size_t from = (out->page - 1) * per_page;
        out->first = from + 1;
        out->n = n - from < per_page ? n - from : per_page;
        out->v = xcalloc(out->n ? out->n : 1, sizeof *out->v);
        if (out->n && queue_rows(db, keys + from, out->n, out->v)) {
            cycle_queue_free(out);
            rc = -1;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(keys[i].ref);
    free(keys);
    return rc;
}

/* The distinct (ref, name) pairs of query `sql` (two columns) into *out. */
static int choices(struct db *db, const char *sql, struct cycle_queue_choice **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < CYCLE_LIST_MAX) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct cycle_queue_choice *c = &(*out)[(*n)++];
        col_copy(st, 0, c->ref, sizeof c->ref);
        c->name = col_dup(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        db_set_error(db, "review queue");
        return -1;
    }
    return 0;
}

int cycle_queue_choices(struct db *db, struct cycle_queue_choice **themes, size_t *nthemes,
                        struct cycle_queue_choice **owners, size_t *nowners)
{
    *owners = NULL;
    *nowners = 0;
    if (choices(db, "SELECT DISTINCT t.ref, t.title " QUEUED "ORDER BY t.ref", themes, nthemes) ==
            0 &&
        choices(db, "SELECT DISTINCT o.ref, o.name " QUEUED "AND o.id IS NOT NULL ORDER BY o.name",
                owners, nowners) == 0)
        return 0;
    cycle_queue_choices_free(*themes, *nthemes);
    *themes = NULL;
    *nthemes = 0;
    return -1;
}

void cycle_queue_choices_free(struct cycle_queue_choice *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(c[i].name);
    free(c);
}

void cycle_queue_free(struct cycle_queue *q)
{
    if (!q)
        return;
    cycle_updates_free(q->v, q->n);
    memset(q, 0, sizeof *q);
}

/* -- the update form ------------------------------------------------------------ */

void cycle_form_free(struct cycle_form *f)
{
    if (!f)
        return;
    free(f->action_ref);
    free(f->action_title);
    free(f->closure_criteria);
    cycle_update_free(&f->upd);
    cycle_update_free(&f->prev);
    memset(f, 0, sizeof *f);
}

/* Pre-fills a fresh update from the action's latest accepted one, or from
 * the plan row. */
static int form_prefill(struct db *db, struct cycle_form *f)
{
    struct cycle_update *u = &f->upd;
    u->action_ref = xstrdup(f->action_ref);
    u->action_title = xstrdup(f->action_title);
    u->owner_name = xstrdup("");
    u->narrative = xstrdup("");
    u->author_name = xstrdup("");
    snprintf(u->month, sizeof u->month, "%s", f->month);
    bool reportable =
        strcmp(f->action_status, "in_progress") == 0 || strcmp(f->action_status, "blocked") == 0;
    snprintf(u->status, sizeof u->status, "%s", reportable ? f->action_status : "not_started");
    sqlite3_stmt *st = db_prepare(
        db, "SELECT u.status, u.percent, coalesce(u.confidence, ''), "
            "coalesce(u.forecast_finish, '') FROM progress_update u "
            "JOIN period p ON p.id = u.period_id "
            "WHERE u.action_id = :action AND u.state = 'accepted' ORDER BY p.month DESC LIMIT 1");
    if (!st)
        return -1;
    db_bind_int(st, ":action", f->action_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *s = db_col_text(st, 0);
        if (strcmp(s, "not_started") == 0 || strcmp(s, "in_progress") == 0 ||
            strcmp(s, "blocked") == 0)
            snprintf(u->status, sizeof u->status, "%s", s);
        u->percent = sqlite3_column_int(st, 1);
        col_copy(st, 2, u->confidence, sizeof u->confidence);
        col_copy(st, 3, u->forecast_finish, sizeof u->forecast_finish);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_set_error(db, "latest update");
        return -1;
    }
    return 0;
}

int cycle_form_load(struct db *db, const char *ref, struct cycle_form *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st =
        db_prepare(db, "SELECT id, coalesce(owner_id, 0), ref, title, closure_criteria, status, "
                       "finish, coalesce(baseline_finish, '') FROM action WHERE ref = :ref");
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref ? ref : "");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->action_id = sqlite3_column_int64(st, 0);
        out->owner_id = sqlite3_column_int64(st, 1);
        out->action_ref = col_dup(st, 2);
        out->action_title = col_dup(st, 3);
        out->closure_criteria = col_dup(st, 4);
        col_copy(st, 5, out->action_status, sizeof out->action_status);
        col_copy(st, 6, out->finish, sizeof out->finish);
        col_copy(st, 7, out->baseline_finish, sizeof out->baseline_finish);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE)
            return 0;
        db_set_error(db, "action");
        return -1;
    }
    struct cycle_period p;
    int found = cycle_period_open_now(db, &p);
    if (found < 0)
        goto fail;
    out->has_period = found;
    if (found) {
        snprintf(out->month, sizeof out->month, "%s", p.month);
        st = db_prepare(db, UPDATE_COLS "WHERE u.action_id = :action AND u.period_id = :period");
        if (!st)
            goto fail;
        db_bind_int(st, ":action", out->action_id);
        db_bind_int(st, ":period", p.id);
        int got = update_one(db, st, &out->upd);
        if (got < 0)
            goto fail;
        out->exists = got;
    }
    if (!out->exists && form_prefill(db, out))
        goto fail;
    st = db_prepare(db, UPDATE_COLS "WHERE u.action_id = :action AND u.state = 'accepted' "
                                    "AND (:month = '' OR p.month < :month) "
                                    "ORDER BY p.month DESC LIMIT 1");
    if (!st)
        goto fail;
    db_bind_int(st, ":action", out->action_id);
    db_bind_text(st, ":month", out->month);
    int prev = update_one(db, st, &out->prev);
    if (prev < 0)
        goto fail;
    out->has_prev = prev;
    return 1;
fail:
    cycle_form_free(out);
    return -1;
}

/* -- my updates due ------------------------------------------------------------------ */

void cycle_due_free(struct cycle_due *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(d[i].ref);
        free(d[i].title);
    }
    free(d);
}

static int due_by_ref(const void *x, const void *y)
{
    return natcmp(((const struct cycle_due *)x)->ref, ((const struct cycle_due *)y)->ref);
}

int cycle_due_list(struct db *db, int64_t person_id, int64_t period_id, struct cycle_due **out,
                   size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(
        db, "SELECT a.ref, a.title, coalesce(u.state, ''), coalesce(u.id, 0), "
            "EXISTS (SELECT 1 FROM closure c WHERE c.action_id = a.id AND c.state = 'proposed') "
            "FROM action a LEFT JOIN progress_update u "
            "ON u.action_id = a.id AND u.period_id = :period "
            "WHERE a.owner_id = :person AND a.status NOT IN ('complete', 'retired')");
    if (!st)
        return -1;
    db_bind_int(st, ":period", period_id);
    db_bind_int(st, ":person", person_id);
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < CYCLE_LIST_MAX) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct cycle_due *d = &(*out)[(*n)++];
        d->ref = col_dup(st, 0);
        d->title = col_dup(st, 1);
        col_copy(st, 2, d->state, sizeof d->state);
        d->update_id = sqlite3_column_int64(st, 3);
        d->closure_pending = sqlite3_column_int(st, 4) != 0;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        db_set_error(db, "updates due");
        cycle_due_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, due_by_ref);
    return 0;
}

/* -- the chase list ---------------------------------------------------------------- */

void cycle_chase_free(struct cycle_chase *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nowners; i++) {
        struct cycle_chase_owner *o = &c->owners[i];
        for (size_t j = 0; j < o->nrows; j++) {
            free(o->rows[j].ref);
            free(o->rows[j].title);
        }
        free(o->rows);
        free(o->name);
        free(o->role);
    }
    free(c->owners);
    memset(c, 0, sizeof *c);
}

/* One chase row as read, before grouping. */
struct chase_raw {
    int64_t owner; /* person id, 0 for none */
    char *name, *role;
    struct cycle_chase_row row;
};

static int chase_order(const void *x, const void *y)
{
    const struct chase_raw *a = x, *b = y;
    if ((a->owner == 0) != (b->owner == 0))
        return a->owner == 0 ? 1 : -1; /* no owner last */
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    if (a->owner != b->owner)
        return a->owner < b->owner ? -1 : 1;
    return natcmp(a->row.ref, b->row.ref);
}

/* The actions to chase in period :period: not complete or retired, and their
 * update missing, a draft or returned. */
#define CHASE_FROM                                                                                 \
    "FROM action a LEFT JOIN progress_update u "                                                   \
    "ON u.action_id = a.id AND u.period_id = :period "                                             \
    "LEFT JOIN person pe ON pe.id = a.owner_id "                                                   \
    "WHERE a.status NOT IN ('complete', 'retired') "                                               \
    "AND (u.state IS NULL OR u.state IN ('draft', 'returned'))"

int cycle_chase_count(struct db *db, size_t *n)
{
    *n = 0;
    struct cycle_period p;
    int found = cycle_period_open_now(db, &p);
    if (found <= 0)
        return found;
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) " CHASE_FROM);
    if (!st)
        return -1;
    db_bind_int(st, ":period", p.id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(st, 0);
    else
        db_set_error(db, "chase list");
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int cycle_chase_load(struct db *db, struct cycle_chase *out)
{
    memset(out, 0, sizeof *out);
    struct cycle_period p;
    int found = cycle_period_open_now(db, &p);
    if (found <= 0)
        return found;
    return cycle_chase_of(db, &p, out);
}

int cycle_chase_of(struct db *db, const struct cycle_period *period, struct cycle_chase *out)
{
    memset(out, 0, sizeof *out);
    const struct cycle_period p = *period;
    out->has_period = true;
    snprintf(out->month, sizeof out->month, "%s", p.month);
    sqlite3_stmt *st =
        db_prepare(db, "SELECT a.ref, a.title, coalesce(u.state, ''), coalesce(pe.id, 0), "
                       "coalesce(pe.name, ''), coalesce(pe.role, '') " CHASE_FROM);
    if (!st)
        return -1;
    db_bind_int(st, ":period", p.id);
    struct chase_raw *raw = NULL;
    size_t n = 0;
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < CYCLE_LIST_MAX) {
        raw = xgrow(raw, n, &cap, sizeof *raw);
        struct chase_raw *r = &raw[n++];
        r->row.ref = col_dup(st, 0);
        r->row.title = col_dup(st, 1);
        col_copy(st, 2, r->row.state, sizeof r->row.state);
        r->owner = sqlite3_column_int64(st, 3);
        r->name = col_dup(st, 4);
        r->role = col_dup(st, 5);
    }
    sqlite3_reset(st);
    bool failed = rc != SQLITE_DONE && rc != SQLITE_ROW;
    if (failed)
        db_set_error(db, "chase list");
    if (n > 1)
        qsort(raw, n, sizeof *raw, chase_order);
    /* group: the rows move into their owner's array; names and roles are
     * kept once per owner */
    size_t owners_cap = 0, rows_cap = 0;
    for (size_t i = 0; i < n; i++) {
        struct cycle_chase_owner *o = out->nowners ? &out->owners[out->nowners - 1] : NULL;
        if (!o || i == 0 || raw[i].owner != raw[i - 1].owner) {
            out->owners = xgrow(out->owners, out->nowners, &owners_cap, sizeof *out->owners);
            rows_cap = 0;
            o = &out->owners[out->nowners++];
            memset(o, 0, sizeof *o);
            o->name = raw[i].name;
            o->role = raw[i].role;
        } else {
            free(raw[i].name);
            free(raw[i].role);
        }
        o->rows = xgrow(o->rows, o->nrows, &rows_cap, sizeof *o->rows);
        o->rows[o->nrows++] = raw[i].row;
        out->total++;
    }
    free(raw);
    if (failed) {
        cycle_chase_free(out);
        return -1;
    }
    return 0;
}

/* -- closure proposals ------------------------------------------------------------- */

void cycle_closure_free(struct cycle_closure *c)
{
    if (!c)
        return;
    free(c->action_ref);
    free(c->action_title);
    free(c->criteria);
    free(c->evidence);
    free(c->comment);
    free(c->proposed_by);
    free(c->decided_by);
    evidence_free(c->links, c->nlinks);
    memset(c, 0, sizeof *c);
}

void cycle_closures_free(struct cycle_closure *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cycle_closure_free(&c[i]);
    free(c);
}

/* The columns closure_row() reads. */
#define CLOSURE_COLS                                                                               \
    "SELECT c.id, a.ref, a.title, a.closure_criteria, a.panel_lead_id IS NOT NULL, c.state, "      \
    "c.decided_by_id IS NOT NULL, c.evidence, c.comment, coalesce(pa.name, ''), "                  \
    "coalesce(da.name, ''), c.proposed_at, coalesce(c.decided_at, ''), "                           \
    "coalesce(cc.completed_on, '') "                                                               \
    "FROM closure c JOIN action a ON a.id = c.action_id "                                          \
    "LEFT JOIN closure_completion cc ON cc.closure_id = c.id "                                     \
    "LEFT JOIN account pa ON pa.id = c.proposed_by_id "                                            \
    "LEFT JOIN account da ON da.id = c.decided_by_id "

static void closure_row(sqlite3_stmt *st, struct cycle_closure *c)
{
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    c->action_ref = col_dup(st, 1);
    c->action_title = col_dup(st, 2);
    c->criteria = col_dup(st, 3);
    c->panel_led = sqlite3_column_int(st, 4) != 0;
    const char *state = db_col_text(st, 5);
    bool decided = sqlite3_column_int(st, 6) != 0;
    c->stage = strcmp(state, "accepted") == 0   ? CLOSURE_ACCEPTED
               : strcmp(state, "returned") == 0 ? CLOSURE_RETURNED
               : decided                        ? CLOSURE_AWAITING_PANEL
                                                : CLOSURE_AWAITING_PMO;
    c->evidence = col_dup(st, 7);
    c->comment = col_dup(st, 8);
    c->proposed_by = col_dup(st, 9);
    c->decided_by = col_dup(st, 10);
    col_copy(st, 11, c->proposed_at, sizeof c->proposed_at);
    col_copy(st, 12, c->decided_at, sizeof c->decided_at);
    col_copy(st, 13, c->completed_on, sizeof c->completed_on);
}

/* Steps a closure query into an array (max rows), loading each one's links. */
static int closures_read(struct db *db, sqlite3_stmt *st, size_t max, struct cycle_closure **out,
                         size_t *n)
{
    *out = NULL;
    *n = 0;
    int rc = SQLITE_DONE;
    size_t cap = 0;
    while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        closure_row(st, &(*out)[(*n)++]);
    }
    if (*n == max)
        rc = SQLITE_DONE;
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "closure");
        goto fail;
    }
    for (size_t i = 0; i < *n; i++)
        if (evidence_load(db, true, (*out)[i].id, &(*out)[i].links, &(*out)[i].nlinks))
            goto fail;
    return 0;
fail:
    cycle_closures_free(*out, *n);
    *out = NULL;
    *n = 0;
    return -1;
}

int cycle_closures_pending(struct db *db, struct cycle_closure **out, size_t *n)
{
    sqlite3_stmt *st = db_prepare(db, CLOSURE_COLS "WHERE c.state = 'proposed' ORDER BY c.id");
    if (!st)
        return -1;
    return closures_read(db, st, CYCLE_LIST_MAX, out, n);
}

/* Reads at most one proposal into *out: 1, 0 or -1. */
static int closure_one(struct db *db, sqlite3_stmt *st, struct cycle_closure *out)
{
    struct cycle_closure *arr;
    size_t n;
    memset(out, 0, sizeof *out);
    if (closures_read(db, st, 1, &arr, &n))
        return -1;
    if (!n)
        return 0;
    *out = arr[0];
    free(arr);
    return 1;
}

int cycle_closure_latest(struct db *db, const char *ref, struct cycle_closure *out)
{
    sqlite3_stmt *st = db_prepare(db, CLOSURE_COLS "WHERE a.ref = :ref ORDER BY c.id DESC");
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref ? ref : "");
    return closure_one(db, st, out);
}

int cycle_closure_load(struct db *db, int64_t id, struct cycle_closure *out)
{
    sqlite3_stmt *st = db_prepare(db, CLOSURE_COLS "WHERE c.id = :id");
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    return closure_one(db, st, out);
}

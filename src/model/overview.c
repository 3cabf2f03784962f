/* overview.c — the public plan index: kept in the record memo for a sealed
 * month, per thread otherwise (see overview.h).
 *
 * Two layers.  The base is the plan as stored, independent of scope: people,
 * themes and actions in natural ref order, each action's predecessors, and
 * each action's public updates (accepted, in a signed-off period) as (month,
 * level, forecast), oldest first.  A view is the base at one scope month: each
 * action's current level and forecast finish and the counts per theme.  A base
 * costs a scan of every update, so it is kept until the database changes; a
 * view costs one pass over the actions and the forward pass, so the few most
 * recently used months are kept beside it. */
#include "model/overview.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include "model/record_memo.h"
#include "model/schedule.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OV_VIEWS 6 /* scope months kept per database */
#define OV_BASES 8 /* databases kept per thread (a server may hold several) */

static const char sql_org[] = "SELECT name, rating_scale FROM organisation WHERE id = 1";
static const char sql_data_version[] = "PRAGMA data_version";
static const char sql_ledger_head[] = "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1";
static const char sql_people[] = "SELECT id, ref, name, role FROM person";
static const char sql_themes[] = "SELECT id, ref, title, lead_id FROM theme";
static const char sql_actions[] = "SELECT id, ref, title, theme_id, owner_id, status, start, "
                                  "finish, baseline_finish, completed_on FROM action";
static const char sql_deps[] = "SELECT action_id, depends_on_id FROM action_dep";
static const char sql_periods[] = "SELECT id, month FROM period WHERE status = 'signed_off'";
/* Every accepted update, in action order from the partial covering index
 * progress_update_accepted (sql/002); the period's status is checked in C
 * against the signed-off periods read just before. */
static const char sql_updates[] =
    "SELECT action_id, period_id, confidence, forecast_finish, status "
    "FROM progress_update WHERE state = 'accepted' "
    "ORDER BY action_id";

/* What identifies the database's content: any change moves one of these. */
struct ov_version {
    const struct db *db;  /* the connection read (identity only, not owned) */
    int64_t data_version; /* PRAGMA data_version: commits by other connections */
    int64_t changes;      /* sqlite3_total_changes64: changes by this one */
    int64_t seq;          /* the ledger's last seq (0 when empty) */
    char hash[65];        /* and its hash, hex ("" when empty) */
};

/* One public update of an action, as much as an overview needs. */

/* The plan as stored, at one version; everything owned. */
struct ov_base {
    struct ov_version version;
    const struct scale *scale;
    struct overview_person *people;
    size_t npeople;
    struct overview_theme *themes;
    size_t nthemes;
    struct overview_action *actions;
    size_t nactions;
    size_t *preds;       /* every action's predecessors, end to end */
    size_t *plan_order;  /* nactions indices */
    size_t *theme_start; /* nthemes + 1 offsets into plan_order */
    size_t *owners;      /* person indices */
    size_t nowners;
    struct overview_update *updates; /* grouped by action, each group by month */
    size_t *upd_start;               /* action i's updates: [upd_start[i], upd_start[i + 1]) */
};

/* The base at one scope month; `ov` points into the base and into this. */
struct ov_view {
    struct overview ov;
    struct overview_state *state;         /* owned */
    struct overview_counts *theme_counts; /* owned */
    unsigned long used;                   /* LRU tick of the last use */
};

/* One database's entry in a thread's cache. */
struct ov_entry {
    struct ov_base *base;            /* NULL when the entry is free */
    struct ov_view *views[OV_VIEWS]; /* NULL slots are free */
    unsigned long used;              /* LRU tick of the last use */
};

/* One thread's cache. */
struct ov_cache {
    struct ov_entry entries[OV_BASES];
    unsigned long tick; /* counts uses, for LRU */
};

/* Row id → array index, as (id, index) pairs sorted by id. */
struct ov_idpair {
    int64_t id;
    size_t ix;
};

struct ov_idmap {
    struct ov_idpair *p; /* owned */
    size_t n;
    size_t last;     /* the last hit: rows often come in id order */
    long *direct;    /* owned: index by id, -1 for none, when the ids are dense */
    int64_t ndirect; /* ids below this are in direct */
};

/* --- small helpers -------------------------------------------------------------- */

/* Copies a text column ("" for NULL); the caller owns the result. */
static char *col_dup(sqlite3_stmt *st, int i)
{
    return xstrdup(db_col_text(st, i));
}

/* Orders (id, index) pairs by id (qsort). */
static int cmp_idpair(const void *a, const void *b)
{
    int64_t x = ((const struct ov_idpair *)a)->id, y = ((const struct ov_idpair *)b)->id;
    return x < y ? -1 : x > y;
}

/* Sorts the map's pairs for idmap_get, and when the ids are dense (row ids
 * mostly are) fills a table indexed by id: a search per updated row was a
 * tenth of an overview's build. */
static void idmap_sort(struct ov_idmap *m)
{
    if (m->n) /* an empty map may have no array, and qsort wants one */
        qsort(m->p, m->n, sizeof *m->p, cmp_idpair);
    m->last = 0;
    if (m->n && m->p[0].id >= 0 && m->p[m->n - 1].id < 4 * (int64_t)m->n + 1024) {
        m->ndirect = m->p[m->n - 1].id + 1;
        m->direct = xmalloc((size_t)m->ndirect * sizeof *m->direct);
        for (int64_t i = 0; i < m->ndirect; i++)
            m->direct[i] = -1;
        for (size_t i = 0; i < m->n; i++)
            m->direct[m->p[i].id] = (long)m->p[i].ix;
    }
}

/* Frees what the map owns. */
static void idmap_free(struct ov_idmap *m)
{
    free(m->p);
    free(m->direct);
}

/* The index stored for the id in column `col`, or -1 (also for NULL). */
static long idmap_get(struct ov_idmap *m, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL || m->n == 0)
        return -1;
    int64_t id = sqlite3_column_int64(st, col);
    if (m->direct)
        return id >= 0 && id < m->ndirect ? m->direct[id] : -1;
    if (m->p[m->last].id == id)
        return (long)m->p[m->last].ix;
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->p[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == m->n || m->p[lo].id != id)
        return -1;
    m->last = lo;
    return (long)m->p[lo].ix;
}

/* Reports a failed step (or a limit) and returns -1. */
static int load_fail(struct db *db, int rc, const char *what)
{
    if (rc == SQLITE_ROW)
        snprintf(db->err, sizeof db->err, "%s: more than %d rows", what, OVERVIEW_MAX_ROWS);
    else
        db_set_error(db, what);
    return -1;
}

/* --- the version ------------------------------------------------------------------ */

/* Reads what identifies the content now.  Returns 0, or -1 (db->err). */
static int read_version(struct db *db, struct ov_version *v)
{
    memset(v, 0, sizeof *v);
    v->db = db;
    if (db->record) {
        /* A record connection shows a sealed month, which never changes
         * (record.h): the head and month it shows are its whole version,
         * whatever is written meanwhile. */
        v->seq = db->record_seq;
        v->data_version = db->record_month;
        return 0;
    }
    v->changes = sqlite3_total_changes64(db->h);
    sqlite3_stmt *st = db_prepare(db, sql_data_version);
    if (!st)
        return -1;
    if (sqlite3_step(st) != SQLITE_ROW) {
        db_set_error(db, "reading the data version");
        sqlite3_reset(st);
        return -1;
    }
    v->data_version = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!(st = db_prepare(db, sql_ledger_head)))
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        v->seq = sqlite3_column_int64(st, 0);
        snprintf(v->hash, sizeof v->hash, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_set_error(db, "reading the ledger's head");
        return -1;
    }
    return 0;
}

/* Whether two versions name the same content of the same connection. */
static bool version_same(const struct ov_version *a, const struct ov_version *b)
{
    return a->db == b->db && a->data_version == b->data_version && a->changes == b->changes &&
           a->seq == b->seq && strcmp(a->hash, b->hash) == 0;
}

/* --- loading the base ---------------------------------------------------------------- */

/* Orders people by ref, naturally (qsort). */
static int cmp_person(const void *a, const void *b)
{
    return natcmp(((const struct overview_person *)a)->ref,
                  ((const struct overview_person *)b)->ref);
}

/* Orders actions by ref, naturally (qsort). */
static int cmp_action(const void *a, const void *b)
{
    return natcmp(((const struct overview_action *)a)->ref,
                  ((const struct overview_action *)b)->ref);
}

/* Orders themes by ref, naturally (qsort). */
static int cmp_theme(const void *a, const void *b)
{
    return natcmp(((const struct overview_theme *)a)->ref, ((const struct overview_theme *)b)->ref);
}

/* Loads the organisation's scale.  Returns 0 or -1 (db->err). */
static int load_scale(struct db *db, struct ov_base *b)
{
    sqlite3_stmt *st = db_prepare(db, sql_org);
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        b->scale = scale_find(db_col_text(st, 1));
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
        snprintf(db->err, sizeof db->err, "the database has no organisation (run `dialturn init`)");
        return -1;
    }
    if (rc != SQLITE_ROW)
        return load_fail(db, rc, "reading the organisation");
    if (!b->scale)
        b->scale = scale_find("confidence3");
    return 0;
}

/* Loads people in ref order and maps their ids.  Returns 0 or -1 (db->err). */
static int load_people(struct db *db, struct ov_base *b, struct ov_idmap *ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_people);
    size_t cap = 0;
    int rc;
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && b->npeople < OVERVIEW_MAX_ROWS) {
        b->people = xgrow(b->people, b->npeople, &cap, sizeof *b->people);
        b->people[b->npeople++] = (struct overview_person){
            sqlite3_column_int64(st, 0), col_dup(st, 1), col_dup(st, 2), col_dup(st, 3)};
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return load_fail(db, rc, "reading people");
    if (b->npeople)
        qsort(b->people, b->npeople, sizeof *b->people, cmp_person);
    ids->p = xmalloc((b->npeople + 1) * sizeof *ids->p);
    for (size_t i = 0; i < b->npeople; i++)
        ids->p[i] = (struct ov_idpair){b->people[i].id, i};
    ids->n = b->npeople;
    idmap_sort(ids);
    return 0;
}

/* Loads themes in ref order and maps their ids.  Returns 0 or -1 (db->err). */
static int load_themes(struct db *db, struct ov_base *b, struct ov_idmap *people,
                       struct ov_idmap *ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_themes);
    size_t n = 0, cap = 0;
    int rc;
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < OVERVIEW_MAX_ROWS) {
        b->themes = xgrow(b->themes, n, &cap, sizeof *b->themes);
        b->themes[n++] = (struct overview_theme){sqlite3_column_int64(st, 0), col_dup(st, 1),
                                                 col_dup(st, 2), idmap_get(people, st, 3)};
    }
    sqlite3_reset(st);
    if (n)
        qsort(b->themes, n, sizeof *b->themes, cmp_theme);
    else
        b->themes = xmalloc(sizeof *b->themes);
    ids->p = xmalloc((n + 1) * sizeof *ids->p);
    for (size_t i = 0; i < n; i++)
        ids->p[i] = (struct ov_idpair){b->themes[i].id, i};
    b->nthemes = ids->n = n;
    idmap_sort(ids);
    return rc == SQLITE_DONE ? 0 : load_fail(db, rc, "reading themes");
}

/* Loads actions in ref order and maps their ids.  An action whose theme is
 * missing cannot be placed, and says so.  Returns 0 or -1 (db->err). */
static int load_actions(struct db *db, struct ov_base *b, struct ov_idmap *themes,
                        struct ov_idmap *people, struct ov_idmap *ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_actions);
    size_t cap = 0;
    int rc;
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && b->nactions < OVERVIEW_MAX_ROWS) {
        long theme = idmap_get(themes, st, 3);
        if (theme < 0) {
            snprintf(db->err, sizeof db->err, "action %s: its theme is missing",
                     db_col_text(st, 1));
            sqlite3_reset(st);
            return -1;
        }
        b->actions = xgrow(b->actions, b->nactions, &cap, sizeof *b->actions);
        enum action_status status = action_status_of_row(db_col_text(st, 5));
        b->actions[b->nactions++] = (struct overview_action){
            .id = sqlite3_column_int64(st, 0),
            .ref = col_dup(st, 1),
            .title = col_dup(st, 2),
            .theme = (size_t)theme,
            .owner = idmap_get(people, st, 4),
            .plan_status = status,
            .start = db_col_date(st, 6),
            .finish = db_col_date(st, 7),
            .baseline_finish = db_col_date(st, 8),
            .completed_on = action_completed_on(status, db_col_date(st, 9)),
        };
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return load_fail(db, rc, "reading actions");
    size_t sorted = 1; /* rows come in the order they were made: mostly ref order */
    while (sorted < b->nactions && cmp_action(&b->actions[sorted - 1], &b->actions[sorted]) <= 0)
        sorted++;
    if (sorted < b->nactions)
        qsort(b->actions, b->nactions, sizeof *b->actions, cmp_action);
    ids->p = xmalloc((b->nactions + 1) * sizeof *ids->p);
    for (size_t i = 0; i < b->nactions; i++)
        ids->p[i] = (struct ov_idpair){b->actions[i].id, i};
    ids->n = b->nactions;
    idmap_sort(ids);
    return 0;
}

/* Orders array indices ascending (qsort). */
static int cmp_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Loads the dependencies into one array, grouped by action (counting sort),
 * and points each action at its group.  Returns 0 or -1 (db->err). */
static int load_deps(struct db *db, struct ov_base *b, struct ov_idmap *ids)
{
    sqlite3_stmt *st = db_prepare(db, sql_deps);
    size_t(*pairs)[2] = NULL, n = 0, cap = 0;
    int rc;
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < OVERVIEW_MAX_ROWS) {
        long a = idmap_get(ids, st, 0), p = idmap_get(ids, st, 1);
        if (a < 0 || p < 0)
            continue;
        pairs = xgrow(pairs, n, &cap, sizeof *pairs);
        pairs[n][0] = (size_t)a;
        pairs[n++][1] = (size_t)p;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(pairs);
        return load_fail(db, rc, "reading dependencies");
    }
    size_t *start = xcalloc(b->nactions + 1, sizeof *start);
    for (size_t k = 0; k < n; k++)
        start[pairs[k][0] + 1]++;
    for (size_t i = 0; i < b->nactions; i++)
        start[i + 1] += start[i];
    b->preds = xmalloc((n + 1) * sizeof *b->preds);
    for (size_t i = 0; i < b->nactions; i++) {
        b->actions[i].pred = b->preds + start[i];
        b->actions[i].npred = 0;
    }
    for (size_t k = 0; k < n; k++) {
        struct overview_action *a = &b->actions[pairs[k][0]];
        b->preds[start[pairs[k][0]] + a->npred++] = pairs[k][1];
    }
    free(start);
    free(pairs);
    /* each action's predecessors in ref order (index order is ref order) */
    for (size_t i = 0; i < b->nactions; i++)
        qsort(b->preds + (b->actions[i].pred - b->preds), b->actions[i].npred, sizeof(size_t),
              cmp_index);
    return 0;
}

/* Loads the signed-off periods' months by id.  Returns 0 or -1 (db->err). */
static int load_periods(struct db *db, struct ov_idmap *months)
{
    sqlite3_stmt *st = db_prepare(db, sql_periods);
    size_t cap = 0;
    int rc;
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && months->n < OVERVIEW_MAX_ROWS) {
        int m;
        if (!month_parse(db_col_text(st, 1), &m) || m < 0)
            continue;
        months->p = xgrow(months->p, months->n, &cap, sizeof *months->p);
        months->p[months->n++] = (struct ov_idpair){sqlite3_column_int64(st, 0), (size_t)m};
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return load_fail(db, rc, "reading periods");
    idmap_sort(months);
    return 0;
}

/* Loads every public update (accepted, in a signed-off period) and groups
 * them by action (a counting sort), each group oldest first (an insertion
 * sort: an action has a few dozen updates at most, mostly in order already).
 * Returns 0 or -1 (db->err). */
static int load_updates(struct db *db, struct ov_base *b, struct ov_idmap *ids)
{
    struct ov_idmap months = {0};
    struct overview_update *rows = NULL;
    sqlite3_stmt *st = NULL;
    size_t n = 0, cap = 0;
    int rc = -1;
    if (load_periods(db, &months) || !(st = db_prepare(db, sql_updates)))
        goto out;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < OVERVIEW_MAX_UPDATES) {
        long a = idmap_get(ids, st, 0), m = idmap_get(&months, st, 1);
        if (a < 0 || m < 0)
            continue; /* not in a signed-off period: never public */
        rows = xgrow(rows, n, &cap, sizeof *rows);
        rows[n++] =
            (struct overview_update){.action = (size_t)a,
                                     .month = (int)m,
                                     .status = action_status_parse(db_col_text(st, 4)),
                                     .level = sqlite3_column_type(st, 2) == SQLITE_NULL
                                                  ? -1
                                                  : scale_level(b->scale, db_col_text(st, 2)),
                                     .forecast = db_col_date(st, 3)};
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        if (rc == SQLITE_ROW)
            snprintf(db->err, sizeof db->err, "more than %d public updates", OVERVIEW_MAX_UPDATES);
        else
            db_set_error(db, "reading updates");
        rc = -1;
        goto out;
    }
    size_t *next = xcalloc(b->nactions + 1, sizeof *next);
    b->upd_start = xcalloc(b->nactions + 1, sizeof *b->upd_start);
    for (size_t k = 0; k < n; k++)
        b->upd_start[rows[k].action + 1]++;
    for (size_t i = 0; i < b->nactions; i++)
        b->upd_start[i + 1] += b->upd_start[i];
    memcpy(next, b->upd_start, b->nactions * sizeof *next);
    b->updates = xmalloc((n + 1) * sizeof *b->updates);
    for (size_t k = 0; k < n; k++)
        b->updates[next[rows[k].action]++] = rows[k];
    free(next);
    for (size_t i = 0; i < b->nactions; i++) {
        struct overview_update *g = b->updates + b->upd_start[i];
        size_t len = b->upd_start[i + 1] - b->upd_start[i];
        for (size_t j = 1; j < len; j++) {
            struct overview_update u = g[j];
            size_t k = j;
            for (; k > 0 && g[k - 1].month > u.month; k--)
                g[k] = g[k - 1];
            g[k] = u;
        }
    }
    rc = 0;
out:
    free(rows);
    idmap_free(&months);
    return rc;
}

/* Orders owners by name, then ref; `ctx` is the base (qsort_r). */
static int cmp_owner(const void *a, const void *b, void *ctx)
{
    const struct ov_base *base = ctx;
    const struct overview_person *x = &base->people[*(const size_t *)a];
    const struct overview_person *y = &base->people[*(const size_t *)b];
    int c = strcmp(x->name, y->name);
    return c ? c : natcmp(x->ref, y->ref);
}

/* Fills the derived orders: plan order (themes in ref order, each theme's
 * actions in ref order: a counting sort, as actions are in ref order already)
 * and the people who own an action, by name. */
static void order(struct ov_base *b)
{
    size_t *next = xcalloc(b->nthemes + 1, sizeof *next);
    b->theme_start = xcalloc(b->nthemes + 1, sizeof *b->theme_start);
    for (size_t i = 0; i < b->nactions; i++)
        b->theme_start[b->actions[i].theme + 1]++;
    for (size_t t = 0; t < b->nthemes; t++)
        b->theme_start[t + 1] += b->theme_start[t];
    memcpy(next, b->theme_start, b->nthemes * sizeof *next);
    b->plan_order = xmalloc((b->nactions + 1) * sizeof *b->plan_order);
    for (size_t i = 0; i < b->nactions; i++)
        b->plan_order[next[b->actions[i].theme]++] = i;
    free(next);

    bool *owns = xcalloc(b->npeople + 1, sizeof *owns);
    for (size_t i = 0; i < b->nactions; i++)
        if (b->actions[i].owner >= 0)
            owns[b->actions[i].owner] = true;
    b->owners = xmalloc((b->npeople + 1) * sizeof *b->owners);
    for (size_t p = 0; p < b->npeople; p++)
        if (owns[p])
            b->owners[b->nowners++] = p;
    free(owns);
    if (b->nowners)
        qsort_r(b->owners, b->nowners, sizeof *b->owners, cmp_owner, b);
}

/* Frees a base and everything it owns.  NULL is allowed. */
static void base_free(struct ov_base *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->npeople; i++)
        free(b->people[i].ref), free(b->people[i].name), free(b->people[i].role);
    for (size_t i = 0; i < b->nthemes; i++)
        free(b->themes[i].ref), free(b->themes[i].title);
    for (size_t i = 0; i < b->nactions; i++)
        free(b->actions[i].ref), free(b->actions[i].title);
    free(b->people), free(b->themes), free(b->actions), free(b->preds);
    free(b->plan_order), free(b->theme_start), free(b->owners), free(b->updates);
    free(b->upd_start);
    free(b);
}

/* Loads a base in one read transaction (unless the caller holds one).
 * Returns it (free with base_free), or NULL with the reason in db->err. */
static struct ov_base *base_load(struct db *db)
{
    struct ov_base *b = xcalloc(1, sizeof *b);
    struct ov_idmap people = {0}, themes = {0}, actions = {0};
    bool own_txn = sqlite3_get_autocommit(db->h);
    int ok = 0;
    if (own_txn && db_exec(db, "BEGIN"))
        goto out;
    if (read_version(db, &b->version) || load_scale(db, b) || load_people(db, b, &people) ||
        load_themes(db, b, &people, &themes) || load_actions(db, b, &themes, &people, &actions) ||
        load_deps(db, b, &actions) || load_updates(db, b, &actions))
        goto out;
    order(b);
    ok = 1;
out:
    if (own_txn && !sqlite3_get_autocommit(db->h)) {
        if (ok && db_exec(db, "COMMIT"))
            ok = 0;
        if (!ok)
            db_rollback(db);
    }
    idmap_free(&people), idmap_free(&themes), idmap_free(&actions);
    if (!ok) {
        base_free(b);
        return NULL;
    }
    return b;
}

/* --- views ---------------------------------------------------------------------------- */

/* Frees a view (not the base it points into).  NULL is allowed. */
static void view_free(struct ov_view *v)
{
    if (!v)
        return;
    free(v->state);
    free(v->theme_counts);
    free(v);
}

/* Adds an action in state s to counts c. */
static void count(struct overview_counts *c, const struct overview_state *s)
{
    c->actions++;
    c->by_status[s->status]++;
    if (s->level >= 0 && s->level < OVERVIEW_MAX_LEVELS)
        c->by_level[s->level]++;
    else
        c->unrated++;
}

/* Action a in state s as the forward pass takes it (rules.h).  The pass
 * needs both planned dates; only a damaged row lacks one. */
static struct fp_action fp_of(const struct overview_action *a, const struct overview_state *s)
{
    day_t start = a->start != DAY_NONE ? a->start : a->finish;
    day_t finish = a->finish != DAY_NONE ? a->finish : start;
    if (start == DAY_NONE)
        start = finish = 0;
    return (struct fp_action){.start = start,
                              .finish = finish,
                              .reported = s->reported,
                              .completed_on = s->completed_on,
                              .pred = a->pred,
                              .npred = a->npred,
                              .es = DAY_NONE,
                              .ff = DAY_NONE};
}

void overview_fp(const struct overview *ov, struct fp_action *fp)
{
    for (size_t i = 0; i < ov->nactions; i++)
        fp[i] = fp_of(&ov->actions[i], &ov->state[i]);
}

/* The latest of updates[start[i] .. start[i + 1]) (each action's by month)
 * with a month not after `month`, or NULL. */
static const struct overview_update *latest_update(const struct overview_update *updates,
                                                   const size_t *start, size_t i, int month)
{
    for (size_t k = start[i + 1]; k > start[i]; k--)
        if (updates[k - 1].month <= month)
            return &updates[k - 1];
    return NULL;
}

const struct overview_update *overview_latest_update(const struct overview *ov, size_t i, int month)
{
    return latest_update(ov->updates, ov->upd_start, i, month);
}

/* Builds the view of base b at `month`: each action's latest public update up
 * to that month, its public status (overview.h), the forward pass, and the
 * counts.  Returns it, or NULL with a
 * reason in err (a dependency cycle, which import refuses). */
static struct ov_view *view_build(const struct ov_base *b, int month, char *err, size_t errlen)
{
    struct ov_view *v = xcalloc(1, sizeof *v);
    struct fp_action *fp = xcalloc(b->nactions + 1, sizeof *fp);
    day_t end = month >= 0 ? month_last_day(month) : DAY_NONE;
    size_t *cycle = NULL, ncycle = 0;
    v->state = xcalloc(b->nactions + 1, sizeof *v->state);
    v->theme_counts = xcalloc(b->nthemes + 1, sizeof *v->theme_counts);
    for (size_t i = 0; i < b->nactions; i++) {
        const struct overview_action *a = &b->actions[i];
        struct overview_state *s = &v->state[i];
        const struct overview_update *u = latest_update(b->updates, b->upd_start, i, month);
        s->level = u ? u->level : -1;
        s->month = u && u->level >= 0 ? u->month : -1;
        day_t reported = u ? u->forecast : DAY_NONE, done = DAY_NONE;
        /* the public status (overview.h) and, when complete, the finish */
        s->status =
            schedule_public_status(a->plan_status, a->completed_on, end, u ? u->status : -1, &done);
        s->completed_on = done;
        s->reported = reported;
        fp[i] = fp_of(a, s);
    }
    if (rule_forward_pass(fp, b->nactions, &cycle, &ncycle) != 0) {
        snprintf(err, errlen, "dependency cycle through %s",
                 ncycle ? b->actions[cycle[0]].ref : "?");
        free(cycle);
        free(fp);
        view_free(v);
        return NULL;
    }
    for (size_t i = 0; i < b->nactions; i++) {
        v->state[i].forecast = fp[i].ff;
        count(&v->theme_counts[b->actions[i].theme], &v->state[i]);
        count(&v->ov.total, &v->state[i]);
    }
    free(fp);
    v->ov = (struct overview){.scale = b->scale,
                              .month = month,
                              .people = b->people,
                              .npeople = b->npeople,
                              .themes = b->themes,
                              .nthemes = b->nthemes,
                              .actions = b->actions,
                              .nactions = b->nactions,
                              .plan_order = b->plan_order,
                              .theme_start = b->theme_start,
                              .owners = b->owners,
                              .nowners = b->nowners,
                              .updates = b->updates,
                              .upd_start = b->upd_start,
                              .state = v->state,
                              .theme_counts = v->theme_counts,
                              .total = v->ov.total};
    return v;
}

/* --- the per-thread cache -------------------------------------------------------------- */

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int cache_key_rc = -1; /* written once, under cache_once */

/* Drops an entry's base and views, leaving it free. */
static void entry_empty(struct ov_entry *e)
{
    for (size_t i = 0; i < OV_VIEWS; i++) {
        view_free(e->views[i]);
        e->views[i] = NULL;
    }
    base_free(e->base);
    e->base = NULL;
}

/* The thread-key destructor: runs when a thread that used the cache exits. */
static void cache_destroy(void *p)
{
    struct ov_cache *c = p;
    for (size_t i = 0; i < OV_BASES; i++)
        entry_empty(&c->entries[i]);
    free(c);
}

/* Creates the thread key of the cache, once per process (pthread_once). */
static void cache_key_init(void)
{
    cache_key_rc = pthread_key_create(&cache_key, cache_destroy);
}

/* This thread's cache, created on first use; NULL if no key could be made. */
static struct ov_cache *cache_mine(void)
{
    pthread_once(&cache_once, cache_key_init);
    if (cache_key_rc != 0)
        return NULL;
    struct ov_cache *c = pthread_getspecific(cache_key);
    if (!c) {
        c = xcalloc(1, sizeof *c);
        if (pthread_setspecific(cache_key, c) != 0) {
            free(c);
            return NULL;
        }
    }
    return c;
}

void overview_cache_clear(void)
{
    pthread_once(&cache_once, cache_key_init);
    if (cache_key_rc != 0)
        return;
    struct ov_cache *c = pthread_getspecific(cache_key);
    if (c) {
        pthread_setspecific(cache_key, NULL);
        cache_destroy(c);
    }
}

/* The entry of `db` in cache c, or else the one to reuse for it (a free one,
 * or the least recently used). */
static struct ov_entry *entry_for(struct ov_cache *c, const struct db *db)
{
    struct ov_entry *pick = &c->entries[0];
    for (size_t i = 0; i < OV_BASES; i++) {
        struct ov_entry *e = &c->entries[i];
        /* a record connection keeps one entry per month it shows */
        if (e->base && e->base->version.db == db &&
            (!db->record || (e->base->version.seq == db->record_seq &&
                             e->base->version.data_version == db->record_month)))
            return e;
        if (pick->base && (!e->base || e->used < pick->used))
            pick = e;
    }
    return pick;
}

/* --- a sealed month's, shared (record_memo.h) ------------------------------------------ */

/* A sealed month's overview: the base its record shows, and the view at it. */
struct ov_sealed {
    struct ov_base *base;
    struct ov_view *view;
};

static void sealed_destroy(void *p)
{
    struct ov_sealed *x = p;
    view_free(x->view);
    base_free(x->base);
    free(x);
}

/* Builds a sealed month's overview for record_memo_obtain (ctx: the month). */
static void *sealed_build(struct db *db, void *ctx, size_t *bytes)
{
    struct ov_sealed *x = xcalloc(1, sizeof *x);
    if (!(x->base = base_load(db)) ||
        !(x->view = view_build(x->base, *(const int *)ctx, db->err, sizeof db->err))) {
        sealed_destroy(x);
        return NULL;
    }
    return x;
}

int overview_get(struct db *db, int month, const struct overview **out)
{
    if (db->record && month >= 0 && month == db->record_month) {
        /* a sealed month: built once for every thread */
        void *obj;
        *out = NULL;
        if (record_memo_obtain(db, MEMO_OVERVIEW, "", sealed_build, &month, sealed_destroy, &obj))
            return -1;
        *out = &((struct ov_sealed *)obj)->view->ov;
        return 0;
    }
    struct ov_cache *c = cache_mine();
    struct ov_version now;
    *out = NULL;
    if (!c) {
        snprintf(db->err, sizeof db->err, "cannot keep a per-thread cache");
        return -1;
    }
    if (read_version(db, &now))
        return -1;
    struct ov_entry *e = entry_for(c, db);
    e->used = ++c->tick;
    if (!e->base || !version_same(&e->base->version, &now)) {
        entry_empty(e);
        if (!(e->base = base_load(db)))
            return -1;
    }
    size_t slot = 0;
    for (size_t i = 0; i < OV_VIEWS; i++) {
        struct ov_view *v = e->views[i];
        if (v && v->ov.month == month) {
            v->used = c->tick;
            *out = &v->ov;
            return 0;
        }
        if (!v || (e->views[slot] && v->used < e->views[slot]->used))
            slot = i; /* a free slot, or else the least recently used */
    }
    struct ov_view *v = view_build(e->base, month, db->err, sizeof db->err);
    if (!v)
        return -1;
    view_free(e->views[slot]);
    e->views[slot] = v;
    v->used = c->tick;
    *out = &v->ov;
    return 0;
}

/* --- the organisation's name ------------------------------------------------------------- */

int overview_org_name(struct db *db, char *out, size_t outlen)
{
    sqlite3_stmt *st = db_prepare(db, sql_org);
    int ret = -1;
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *name = db_col_text(st, 0);
        size_t n = strlen(name);
        if (outlen > 0) {
            if (n >= outlen) {
                n = outlen - 1;
                while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
                    n--; /* do not cut a UTF-8 sequence in half */
            }
            memcpy(out, name, n);
            out[n] = '\0';
        }
        ret = 0;
    } else if (rc == SQLITE_DONE) {
        snprintf(db->err, sizeof db->err, "the database has no organisation (run `dialturn init`)");
    } else {
        db_set_error(db, "reading the organisation");
    }
    sqlite3_reset(st);
    return ret;
}

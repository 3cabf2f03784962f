/* pub_feed.c — the queries behind the Atom feeds (see pub_feed.h). */
#include "model/pub_feed.h"
#include "model/pub_assurance.h"
#include "model/correction.h"
#include "model/record_memo.h"
#include "model/org.h"
#include "lib/buf.h"
#include "model/rules.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_action[] = "SELECT id, ref, title FROM action WHERE ref = :ref";
static const char sql_theme[] = "SELECT id, ref, title FROM theme WHERE ref = :ref";

/* The latest signed-off months in scope, newest first. */
static const char sql_periods[] = "SELECT month, signed_off_on FROM period"
                                  " WHERE status = 'signed_off' AND month <= :month"
                                  " ORDER BY month DESC LIMIT :limit";

/* Every public update's month and rating with the rating of the action's
 * public update before it (the movement rule's "previous"). */
static const char sql_movements[] =
    "SELECT p.month, u.confidence,"
    "       lag(u.confidence) OVER (PARTITION BY u.action_id ORDER BY p.month)"
    "  FROM progress_update u JOIN period p ON p.id = u.period_id"
    " WHERE u.state = 'accepted' AND p.status = 'signed_off' AND p.month <= :month";

/* The latest public updates: of all actions, of one action, of one theme's
 * actions.  Three statements, not one with "(:x IS NULL OR ...)" filters: such
 * a filter hides the action_id index and made each action's feed scan every
 * accepted update (8 ms on 10,000 actions; publish writes 10,000 feeds). */
#define SQL_UPDATES_HEAD                                                                           \
    "SELECT a.ref, a.title, p.month, p.signed_off_on, u.status, u.percent, u.confidence,"          \
    "       u.narrative, u.id"                                                                     \
    "  FROM progress_update u"                                                                     \
    "  JOIN period p ON p.id = u.period_id"                                                        \
    "  JOIN action a ON a.id = u.action_id"                                                        \
    " WHERE u.state = 'accepted' AND p.status = 'signed_off' AND p.month <= :month"
#define SQL_UPDATES_TAIL " ORDER BY p.month DESC, a.id LIMIT :limit"
static const char sql_updates[] = SQL_UPDATES_HEAD SQL_UPDATES_TAIL;
static const char sql_updates_action[] =
    SQL_UPDATES_HEAD " AND u.action_id = :action" SQL_UPDATES_TAIL;
static const char sql_updates_theme[] =
    SQL_UPDATES_HEAD " AND a.theme_id = :theme" SQL_UPDATES_TAIL;

/* Reads the organisation.  Returns 0 or -1 (db->err). */
static int load_org(struct db *db, struct pub_feed *out)
{
    return org_read(db, &out->org_name, &out->slug, &out->scale);
}

/* Looks up the action or theme called `ref` with query `sql`: its id in *id
 * and its ref and title into out.  Returns 0, 1 when there is none, or -1. */
static int load_subject(struct db *db, const char *sql, const char *ref, int64_t *id,
                        struct pub_feed *out)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        out->ref = xstrdup(db_col_text(st, 1));
        out->title = xstrdup(db_col_text(st, 2));
    } else if (rc != SQLITE_DONE) {
        db_set_error(db, "looking up the feed's subject");
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* Makes room for one more entry (capacity PUB_FEED_MAX, allocated by the
 * caller) and returns it zeroed. */
static struct pub_feed_entry *entry_push(struct pub_feed *f)
{
    struct pub_feed_entry *e = &f->v[f->n++];
    memset(e, 0, sizeof *e);
    e->level = -1;
    return e;
}

/* The date an entry of `month` carries: its sign-off date, else its last day. */
static day_t entry_date(sqlite3_stmt *st, int col, const char *month)
{
    day_t d = db_col_date(st, col);
    int m;
    if (d == DAY_NONE && month_parse(month, &m))
        d = month_last_day(m);
    return d;
}

/* Site feed: one report entry per signed-off month in scope (newest first, up
 * to PUB_FEED_MAX), with its counts and movements.  Returns 0 or -1. */
static int load_reports(struct db *db, const struct pub_scope *scope, struct pub_feed *out)
{
    sqlite3_stmt *st = db_prepare(db, sql_periods);
    int rc;
    if (!st)
        return -1;
    db_bind_text(st, ":month", scope->month_s);
    db_bind_int(st, ":limit", PUB_FEED_MAX);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < PUB_FEED_MAX) {
        struct pub_feed_entry *e = entry_push(out);
        e->is_report = true;
        snprintf(e->month, sizeof e->month, "%s", db_col_text(st, 0));
        e->updated = entry_date(st, 1, e->month);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        db_set_error(db, "reading periods");
        return -1;
    }
    size_t nreports = out->n;
    if (nreports == 0)
        return 0;
    st = db_prepare(db, sql_movements);
    if (!st)
        return -1;
    db_bind_text(st, ":month", scope->month_s);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *month = db_col_text(st, 0);
        struct pub_feed_entry *e = NULL;
        for (size_t i = 0; i < nreports && !e; i++)
            if (strcmp(out->v[i].month, month) == 0)
                e = &out->v[i];
        if (!e)
            continue; /* a month older than the feed reaches */
        int cur = sqlite3_column_type(st, 1) == SQLITE_NULL
                      ? -1
                      : scale_level(out->scale, db_col_text(st, 1));
        int prev = sqlite3_column_type(st, 2) == SQLITE_NULL
                       ? -1
                       : scale_level(out->scale, db_col_text(st, 2));
        e->nupdates++;
        if (cur >= 0 && cur < PUB_FEED_MAX_LEVELS)
            e->by_level[cur]++;
        enum movement mv = rule_movement(prev, cur);
        e->nimproved += mv == MV_IMPROVED;
        e->ndeclined += mv == MV_DECLINED;
    }
    if (rc != SQLITE_DONE)
        db_set_error(db, "reading movements");
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Appends the latest public updates (filtered to one action or theme when its
 * id is not 0) until the feed holds PUB_FEED_MAX entries.  Returns 0 or -1. */
static int load_updates(struct db *db, const struct pub_scope *scope, int64_t action, int64_t theme,
                        struct pub_feed *out)
{
    sqlite3_stmt *st = db_prepare(db, action  ? sql_updates_action
                                      : theme ? sql_updates_theme
                                              : sql_updates);
    int rc;
    if (!st)
        return -1;
    db_bind_text(st, ":month", scope->month_s);
    if (action)
        db_bind_int(st, ":action", action);
    if (theme)
        db_bind_int(st, ":theme", theme);
    db_bind_int(st, ":limit", (int64_t)(PUB_FEED_MAX - out->n));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < PUB_FEED_MAX) {
        struct pub_feed_entry *e = entry_push(out);
        e->action_ref = xstrdup(db_col_text(st, 0));
        e->action_title = xstrdup(db_col_text(st, 1));
        snprintf(e->month, sizeof e->month, "%s", db_col_text(st, 2));
        e->updated = entry_date(st, 3, e->month);
        e->status = action_status_parse(db_col_text(st, 4));
        e->percent = sqlite3_column_int(st, 5);
        if (sqlite3_column_type(st, 6) != SQLITE_NULL)
            e->level = scale_level(out->scale, db_col_text(st, 6));
        e->narrative = xstrdup(db_col_text(st, 7));
        if (correction_notes(db, out->scale, sqlite3_column_int64(st, 8), &e->corrected)) {
            sqlite3_reset(st);
            return -1;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        db_set_error(db, "reading progress updates");
        return -1;
    }
    return 0;
}

/* Orders entries newest month first and a month's report before its updates;
 * 0 for entries that may stay as loaded. */
static int entry_cmp(const void *x, const void *y)
{
    const struct pub_feed_entry *a = x, *b = y;
    int c = strcmp(b->month, a->month);
    if (c)
        return c;
    if (a->is_report != b->is_report)
        return a->is_report ? -1 : 1;
    return 0;
}

/* Gives each update entry the panel's published ratings of its action for
 * its month: the ratings the public pages of the scope show (the latest
 * month the panel rated the action, up to the scope's month), when that is
 * the entry's month.  Returns 0 or -1 (db->err). */
static int load_panel(struct db *db, const struct pub_scope *scope, struct pub_feed *out)
{
    struct pub_assurance a;
    if (pub_assurance_load(db, scope, out->scale, &a))
        return -1;
    for (size_t i = 0; i < out->n; i++) {
        struct pub_feed_entry *e = &out->v[i];
        const struct pub_assurance_item *it =
            e->is_report ? NULL : pub_assurance_find(&a, true, e->action_ref);
        if (!it || !it->nratings || strcmp(it->month, e->month) != 0)
            continue;
        struct buf b = BUF_INIT;
        for (size_t k = 0; k < it->nratings; k++) {
            const struct pub_assurance_rating *r = &it->ratings[k];
            int l = r->level;
            buf_printf(&b, "%sThe panel's assurance, %s: %s", k ? "\n" : "", r->member,
                       l >= 0 && l < out->scale->nlevels ? out->scale->levels[l].label
                                                         : "a level no longer on the scale");
            if (r->comment && *r->comment)
                buf_printf(&b, ", because %s", r->comment);
            size_t n = b.len;
            if (n && !strchr(".!?", b.data[n - 1]))
                buf_putc(&b, '.');
        }
        e->panel = buf_detach(&b);
        buf_free(&b);
    }
    pub_assurance_free(&a);
    return 0;
}

/* Everything after the organisation.  Returns 0, 1 (no such subject) or -1. */
static int load_all(struct db *db, const struct pub_scope *scope, enum pub_feed_kind kind,
                    const char *ref, struct pub_feed *out)
{
    int64_t action = 0, theme = 0;
    int rc;
    if (kind == PUB_FEED_ACTION && (rc = load_subject(db, sql_action, ref, &action, out)) != 0)
        return rc;
    if (kind == PUB_FEED_THEME && (rc = load_subject(db, sql_theme, ref, &theme, out)) != 0)
        return rc;
    out->v = xcalloc(PUB_FEED_MAX, sizeof *out->v);
    if (scope->month < 0)
        return 0; /* nothing signed off: an empty feed */
    if (kind == PUB_FEED_SITE && load_reports(db, scope, out))
        return -1;
    if (out->n < PUB_FEED_MAX && load_updates(db, scope, action, theme, out))
        return -1;
    /* the reports and the updates each come newest first: keep each run's
     * order and interleave by month (a stable merge by insertion) */
    for (size_t i = 1; i < out->n; i++) {
        struct pub_feed_entry e = out->v[i];
        size_t j = i;
        while (j > 0 && entry_cmp(&out->v[j - 1], &e) > 0) {
            out->v[j] = out->v[j - 1];
            j--;
        }
        out->v[j] = e;
    }
    for (size_t i = 0; i < out->n; i++)
        if (out->updated == DAY_NONE || out->v[i].updated > out->updated)
            out->updated = out->v[i].updated;
    return load_panel(db, scope, out);
}

int pub_feed_load(struct db *db, const struct pub_scope *scope, enum pub_feed_kind kind,
                  const char *ref, struct pub_feed *out)
{
    int ret = -1;
    bool own_txn = sqlite3_get_autocommit(db->h); /* one snapshot for every query */

    memset(out, 0, sizeof *out);
    out->kind = kind;
    out->updated = DAY_NONE;
    if (own_txn && db_exec(db, "BEGIN"))
        return -1;
    ret = load_org(db, out);
    if (ret == 0)
        ret = load_all(db, scope, kind, ref, out);
    if (own_txn) {
        if (ret >= 0 && db_exec(db, "COMMIT"))
            ret = -1;
        if (ret < 0)
            db_rollback(db);
    }
    if (ret != 0) {
        pub_feed_free(out);
        out->updated = DAY_NONE;
    }
    return ret;
}

void pub_feed_free(struct pub_feed *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].action_ref);
        free(f->v[i].action_title);
        free(f->v[i].narrative);
        free(f->v[i].corrected);
        free(f->v[i].panel);
    }
    free(f->v);
    free(f->org_name);
    free(f->slug);
    free(f->ref);
    free(f->title);
    memset(f, 0, sizeof *f);
}

static void feed_destroy(void *p)
{
    pub_feed_free(p);
    free(p);
}

/* What feed_build reads and answers. */
struct feed_ctx {
    const struct pub_scope *scope;
    enum pub_feed_kind kind;
    const char *ref;
    int rc; /* pub_feed_load's */
};

/* Builds a feed for record_memo_obtain. */
static void *feed_build(struct db *db, void *ctx, size_t *bytes)
{
    struct feed_ctx *c = ctx;
    struct pub_feed *f = xcalloc(1, sizeof *f);
    c->rc = pub_feed_load(db, c->scope, c->kind, c->ref, f);
    if (c->rc == 0)
        return f;
    free(f);
    if (c->rc > 0) /* no such ref: nothing kept, nothing wrong */
        db->err[0] = '\0';
    return NULL;
}

int pub_feed_get(struct db *db, const struct pub_scope *scope, enum pub_feed_kind kind,
                 const char *ref, const struct pub_feed **out)
{
    struct buf key = BUF_INIT;
    struct feed_ctx c = {scope, kind, ref, -1};
    void *obj;
    buf_printf(&key, "%d %s", (int)kind, ref ? ref : "");
    int rc = record_memo_obtain(db, MEMO_FEED, buf_str(&key), feed_build, &c, feed_destroy, &obj);
    buf_free(&key);
    *out = obj;
    if (rc == 0)
        return 0;
    return c.rc > 0 ? c.rc : -1;
}

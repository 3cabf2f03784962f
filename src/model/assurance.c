/* assurance.c — the panel's ratings beside the council's self-assessment
 * (see assurance.h).  A period loads in four queries: the period, the
 * themes, the period's rated accepted updates, and its assurance rows; the
 * comparison is assembled in memory. */
#include "model/limits.h"
#include "model/assurance.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include "model/ledger.h"
#include "model/org.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char sql_period[] = "SELECT id, month, status FROM period WHERE month = :month";

static const char sql_months[] = "SELECT month FROM period ORDER BY month DESC";

static const char sql_themes[] = "SELECT id, ref, title FROM theme";

/* The council's self-assessment: the confidence of every accepted update of
 * the period (index progress_update_period). */
static const char sql_council[] = "SELECT a.id, a.theme_id, u.confidence"
                                  "  FROM progress_update u JOIN action a ON a.id = u.action_id"
                                  " WHERE u.period_id = :period AND u.state = 'accepted'"
                                  "   AND u.confidence IS NOT NULL";

static const char sql_ratings[] =
    "SELECT s.theme_id, s.action_id, s.account_id, ac.name, s.level, s.comment, s.at,"
    "       a.ref, a.title, a.theme_id"
    "  FROM assurance s"
    "  JOIN account ac ON ac.id = s.account_id"
    "  LEFT JOIN action a ON a.id = s.action_id"
    " WHERE s.period_id = :period";

static const char sql_theme_by_ref[] = "SELECT id FROM theme WHERE ref = :ref";
static const char sql_action_by_ref[] = "SELECT id, theme_id FROM action WHERE ref = :ref";

/* The council's level of one action, or (worst of) one theme's actions. */
static const char sql_council_action[] =
    "SELECT u.confidence FROM progress_update u"
    " WHERE u.action_id = :action AND u.period_id = :period AND u.state = 'accepted'"
    "   AND u.confidence IS NOT NULL";
static const char sql_council_theme[] =
    "SELECT u.confidence FROM progress_update u JOIN action a ON a.id = u.action_id"
    " WHERE a.theme_id = :theme AND u.period_id = :period AND u.state = 'accepted'"
    "   AND u.confidence IS NOT NULL";

static const char sql_existing[] =
    "SELECT id FROM assurance WHERE period_id = :period AND account_id = :account"
    "   AND coalesce(theme_id, 0) = :theme AND coalesce(action_id, 0) = :action";

/* A rating as read by sql_ratings, before it is placed. */
struct rating_row {
    int64_t theme_id, action_id, action_theme_id;
    char *action_ref, *action_title;
    struct assurance_rating r;
};

static void rating_free(struct assurance_rating *r)
{
    free(r->member);
    free(r->level_key);
    free(r->comment);
}

void assurance_period_free(struct assurance_period *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nitems; i++) {
        struct assurance_item *it = &p->items[i];
        free(it->ref);
        free(it->title);
        free(it->theme_ref);
        for (size_t k = 0; k < it->nratings; k++)
            rating_free(&it->ratings[k]);
        free(it->ratings);
    }
    free(p->items);
    free(p->differences);
    memset(p, 0, sizeof *p);
}

static int cmp_item_ref(const void *a, const void *b)
{
    const struct assurance_item *x = a, *y = b;
    return natcmp(x->ref, y->ref);
}

static int cmp_council(const void *a, const void *b)
{
    const struct assurance_council *x = a, *y = b;
    return (x->action_id > y->action_id) - (x->action_id < y->action_id);
}

static int cmp_rating_member(const void *a, const void *b)
{
    const struct assurance_rating *x = a, *y = b;
    int c = strcmp(x->member, y->member);
    return c ? c : (x->account_id > y->account_id) - (x->account_id < y->account_id);
}

/* The council's level of action `id`, or -1 (rows sorted by action id). */
static int council_of_action(const struct assurance_council *c, size_t n, int64_t id)
{
    struct assurance_council key = {id, 0, -1};
    const struct assurance_council *hit = bsearch(&key, c, n, sizeof *c, cmp_council);
    return hit ? hit->level : -1;
}

/* Ends a step loop: 0 when it finished, else -1 with db->err. */
static int step_end(struct db *db, sqlite3_stmt *st, int rc, size_t n, const char *what)
{
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc == SQLITE_ROW && n >= ASSURANCE_MAX_ROWS)
        snprintf(db->err, sizeof db->err, "%s: more than %d rows", what, ASSURANCE_MAX_ROWS);
    else
        db_set_error(db, what);
    return -1;
}

/* Reads every theme into items (unsorted).  Returns 0 or -1. */
static int load_themes(struct db *db, struct assurance_period *p, size_t *cap)
{
    sqlite3_stmt *st = db_prepare(db, sql_themes);
    if (!st)
        return -1;
    int rc = SQLITE_DONE;
    while (p->nitems < ASSURANCE_MAX_ROWS && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        p->items = xgrow(p->items, p->nitems, cap, sizeof *p->items);
        struct assurance_item *it = &p->items[p->nitems++];
        memset(it, 0, sizeof *it);
        it->id = sqlite3_column_int64(st, 0);
        it->ref = xstrdup(db_col_text(st, 1));
        it->theme_ref = xstrdup(it->ref);
        it->title = xstrdup(db_col_text(st, 2));
        it->council = -1;
    }
    if (p->nitems >= ASSURANCE_MAX_ROWS)
        rc = SQLITE_ROW;
    return step_end(db, st, rc, p->nitems, "themes");
}

/* Reads the period's rated accepted updates, sorted by action id. */
static int load_council(struct db *db, const struct assurance_period *p,
                        struct assurance_council **out, size_t *n)
{
    sqlite3_stmt *st = db_prepare(db, sql_council);
    if (!st)
        return -1;
    db_bind_int(st, ":period", p->period_id);
    size_t cap = 0;
    int rc = SQLITE_DONE;
    while (*n < ASSURANCE_MAX_ROWS && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        (*out)[(*n)++] =
            (struct assurance_council){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                       scale_level(p->scale, db_col_text(st, 2))};
    }
    if (*n >= ASSURANCE_MAX_ROWS)
        rc = SQLITE_ROW;
    if (step_end(db, st, rc, *n, "accepted updates"))
        return -1;
    if (*n)
        qsort(*out, *n, sizeof **out, cmp_council);
    return 0;
}

/* Reads the period's ratings. */
static int load_ratings(struct db *db, const struct assurance_period *p, struct rating_row **out,
                        size_t *n)
{
    sqlite3_stmt *st = db_prepare(db, sql_ratings);
    if (!st)
        return -1;
    db_bind_int(st, ":period", p->period_id);
    size_t cap = 0;
    int rc = SQLITE_DONE;
    while (*n < ASSURANCE_MAX_ROWS && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct rating_row *x = &(*out)[(*n)++];
        memset(x, 0, sizeof *x);
        x->theme_id = sqlite3_column_int64(st, 0);
        x->action_id = sqlite3_column_int64(st, 1);
        x->r.account_id = sqlite3_column_int64(st, 2);
        x->r.member = xstrdup(db_col_text(st, 3));
        x->r.level_key = xstrdup(db_col_text(st, 4));
        x->r.level = scale_level(p->scale, x->r.level_key);
        x->r.comment = xstrdup(db_col_text(st, 5));
        snprintf(x->r.at, sizeof x->r.at, "%s", db_col_text(st, 6));
        x->action_ref = xstrdup(db_col_text(st, 7));
        x->action_title = xstrdup(db_col_text(st, 8));
        x->action_theme_id = sqlite3_column_int64(st, 9);
    }
    if (*n >= ASSURANCE_MAX_ROWS)
        rc = SQLITE_ROW;
    return step_end(db, st, rc, *n, "assurance");
}

/* Moves rating x into item it (taking its strings). */
static void item_add_rating(struct assurance_item *it, struct rating_row *x, size_t *cap)
{
    it->ratings = xgrow(it->ratings, it->nratings, cap, sizeof *it->ratings);
    x->r.differs = x->r.level != it->council;
    it->differs |= x->r.differs;
    it->ratings[it->nratings++] = x->r;
    memset(&x->r, 0, sizeof x->r);
}

/* Builds the final list: each theme (by ref) with its council level and
 * ratings, followed by the actions rated in it (by ref). */
static void assemble(struct assurance_period *p, const struct assurance_council *c, size_t nc,
                     struct rating_row *rr, size_t nr)
{
    size_t nthemes = p->nitems;
    if (nthemes)
        qsort(p->items, nthemes, sizeof *p->items, cmp_item_ref);
    struct assurance_item *themes = p->items;
    p->items = NULL;
    p->nitems = 0;
    size_t cap = 0;
    for (size_t t = 0; t < nthemes; t++) {
        struct assurance_item *th = &themes[t];
        for (size_t k = 0; k < nc; k++) {
            if (c[k].theme_id != th->id || c[k].level < 0)
                continue;
            th->nassessed++;
            if (c[k].level < ASSURANCE_LEVELS)
                th->by_level[c[k].level]++;
            if (c[k].level > th->council)
                th->council = c[k].level;
        }
        size_t rcap = 0;
        for (size_t k = 0; k < nr; k++)
            if (rr[k].theme_id == th->id && !rr[k].action_id)
                item_add_rating(th, &rr[k], &rcap);
        p->items = xgrow(p->items, p->nitems, &cap, sizeof *p->items);
        p->items[p->nitems++] = *th;
        /* the actions of this theme that someone rated, each once */
        size_t first = p->nitems;
        for (size_t k = 0; k < nr; k++) {
            if (!rr[k].action_id || rr[k].action_theme_id != th->id || !rr[k].r.member)
                continue;
            p->items = xgrow(p->items, p->nitems, &cap, sizeof *p->items);
            struct assurance_item *a = &p->items[p->nitems++];
            memset(a, 0, sizeof *a);
            a->is_action = true;
            a->id = rr[k].action_id;
            a->ref = rr[k].action_ref;
            a->title = rr[k].action_title;
            rr[k].action_ref = rr[k].action_title = NULL;
            a->theme_ref = xstrdup(th->ref);
            a->council = council_of_action(c, nc, a->id);
            a->nassessed = a->council >= 0;
            size_t acap = 0;
            for (size_t j = k; j < nr; j++)
                if (rr[j].action_id == a->id && rr[j].r.member)
                    item_add_rating(a, &rr[j], &acap);
        }
        if (p->nitems - first > 1)
            qsort(&p->items[first], p->nitems - first, sizeof *p->items, cmp_item_ref);
    }
    free(themes);
    for (size_t i = 0; i < p->nitems; i++) {
        struct assurance_item *it = &p->items[i];
        if (it->nratings > 1)
            qsort(it->ratings, it->nratings, sizeof *it->ratings, cmp_rating_member);
        if (it->differs) {
            p->differences = xrealloc(p->differences, (p->ndifferences + 1) * sizeof(size_t));
            p->differences[p->ndifferences++] = i;
        }
    }
}

/* Reads the period row of `month`.  Returns 1, 0 (none) or -1. */
static int find_period(struct db *db, const char *month, int64_t *id, char *status, size_t slen)
{
    sqlite3_stmt *st = db_prepare(db, sql_period);
    if (!st)
        return -1;
    db_bind_text(st, ":month", month);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        if (status)
            snprintf(status, slen, "%s", db_col_text(st, 2));
    } else if (rc != SQLITE_DONE) {
        db_set_error(db, "period");
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The organisation's scale; -1 (db->err) when there is no organisation. */
static int read_scale(struct db *db, const struct scale **scale)
{
    char *name = NULL, *slug = NULL;
    int rc = org_read(db, &name, &slug, scale);
    free(name);
    free(slug);
    return rc;
}

/* assurance_load() with the council's levels given (`given`: n of them in
 * c, any order), or else read here. */
static int load(struct db *db, const char *month, bool given, const struct assurance_council *gc,
                size_t n, struct assurance_period *out)
{
    memset(out, 0, sizeof *out);
    int found = find_period(db, month, &out->period_id, out->status, sizeof out->status);
    if (found <= 0)
        return found;
    snprintf(out->month, sizeof out->month, "%s", month);
    struct assurance_council *c = NULL;
    struct rating_row *rr = NULL;
    size_t nc = 0, nr = 0, cap = 0;
    int rc = -1;
    if (given) {
        c = xmalloc((n + 1) * sizeof *c);
        if (n)
            memcpy(c, gc, n * sizeof *c);
        if (n > 1)
            qsort(c, n, sizeof *c, cmp_council);
        nc = n;
    }
    if (read_scale(db, &out->scale) || load_themes(db, out, &cap) ||
        (!given && load_council(db, out, &c, &nc)) || load_ratings(db, out, &rr, &nr))
        goto out;
    assemble(out, c, nc, rr, nr);
    rc = 1;
out:
    for (size_t i = 0; i < nr; i++) {
        rating_free(&rr[i].r);
        free(rr[i].action_ref);
        free(rr[i].action_title);
    }
    free(rr);
    free(c);
    if (rc < 0)
        assurance_period_free(out);
    return rc;
}

int assurance_load(struct db *db, const char *month, struct assurance_period *out)
{
    return load(db, month, false, NULL, 0, out);
}

int assurance_load_council(struct db *db, const char *month, const struct assurance_council *c,
                           size_t n, struct assurance_period *out)
{
    return load(db, month, true, c, c ? n : 0, out);
}

int assurance_months(struct db *db, char (**out)[MONTH_LEN], size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, sql_months);
    if (!st)
        return -1;
    size_t cap = 0;
    int rc = SQLITE_DONE;
    while (*n < ASSURANCE_MAX_ROWS && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        snprintf((*out)[(*n)++], MONTH_LEN, "%s", db_col_text(st, 0));
    }
    if (*n >= ASSURANCE_MAX_ROWS)
        rc = SQLITE_ROW;
    if (step_end(db, st, rc, *n, "periods")) {
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

/* Adds field and message to errs; returns ASSURANCE_INVALID. */
static enum assurance_rc invalid(struct field_errors *errs, const char *field, const char *msg)
{
    ferr_add(errs, field, "%s", msg);
    return ASSURANCE_INVALID;
}

/* The council's level of a theme (worst of its actions) or an action in a
 * period: sets *level (-1 when none).  Returns 0 or -1. */
static int council_level(struct db *db, const struct scale *s, int64_t period, int64_t theme,
                         int64_t action, int *level)
{
    sqlite3_stmt *st = db_prepare(db, action ? sql_council_action : sql_council_theme);
    if (!st)
        return -1;
    db_bind_int(st, ":period", period);
    if (action)
        db_bind_int(st, ":action", action);
    else
        db_bind_int(st, ":theme", theme);
    *level = -1;
    int rc = SQLITE_DONE;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int l = scale_level(s, db_col_text(st, 0));
        if (l > *level)
            *level = l;
    }
    return step_end(db, st, rc, 0, "council's level");
}

/* Looks up the id (and, for an action, the theme) of a ref.  Returns 1, 0, -1. */
static int find_ref(struct db *db, const char *sql, const char *ref, int64_t *id)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        db_set_error(db, "ref");
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The checks and the write, inside the caller's transaction. */
static enum assurance_rc record(struct db *db, const struct session_user *u,
                                const struct assurance_input *in, struct field_errors *err,
                                int64_t *id)
{
    const char *period = in->period ? in->period : "", *theme = in->theme ? in->theme : "",
               *action = in->action ? in->action : "", *level = in->level ? in->level : "",
               *comment = in->comment ? in->comment : "";
    const struct scale *s;
    int64_t period_id = 0, theme_id = 0, action_id = 0;
    int found = find_period(db, period, &period_id, NULL, 0);
    if (found < 0 || read_scale(db, &s))
        return ASSURANCE_ERROR;
    if (!found)
        return invalid(err, "period",
                       "There is no such reporting period: choose a month that "
                       "has been opened");
    if (!*theme && !*action)
        return invalid(err, "theme",
                       "Choose the theme you are rating, or give the reference of "
                       "an action");
    if (*theme && *action)
        return invalid(err, "action", "Rate a theme or an action, not both: clear one of them");
    found = *theme ? find_ref(db, sql_theme_by_ref, theme, &theme_id)
                   : find_ref(db, sql_action_by_ref, action, &action_id);
    if (found < 0)
        return ASSURANCE_ERROR;
    if (!found)
        return *theme ? invalid(err, "theme", "There is no theme with that reference")
                      : invalid(err, "action",
                                "There is no action with that reference: check "
                                "it on the plan");
    int lv = scale_level(s, level), council;
    if (lv < 0) {
        char keys[160], msg[256];
        scale_describe(s, keys, sizeof keys);
        snprintf(msg, sizeof msg, "Choose a rating: one of %s", keys);
        return invalid(err, "level", msg);
    }
    if (council_level(db, s, period_id, theme_id, action_id, &council))
        return ASSURANCE_ERROR;
    if (lv != council && !comment[strspn(comment, " \t\r\n")]) {
        char msg[256];
        if (council < 0)
            snprintf(msg, sizeof msg,
                     "Say why you rate it %s: the council has not assessed it "
                     "this month",
                     s->levels[lv].label);
        else
            snprintf(msg, sizeof msg,
                     "Say why your rating (%s) differs from the council's self-assessment (%s)",
                     s->levels[lv].label, s->levels[council].label);
        return invalid(err, "comment", msg);
    }
    if (strlen(comment) > ASSURANCE_COMMENT_MAX)
        return invalid(err, "comment", "The comment must be 4,000 characters or fewer");
    if (limits_text(comment, LIMIT_NARRATIVE, true))
        return invalid(err, "comment",
                       "The comment must be text (UTF-8) without control characters");

    sqlite3_stmt *st = db_prepare(db, sql_existing);
    if (!st)
        return ASSURANCE_ERROR;
    db_bind_int(st, ":period", period_id);
    db_bind_int(st, ":account", u->account_id);
    db_bind_int(st, ":theme", theme_id);
    db_bind_int(st, ":action", action_id);
    int64_t existing = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    char at[21];
    date_now_utc(at);
    json_t *state = json_pack(
        "{s:o, s:I, s:o, s:o, s:I, s:s, s:s, s:s}", "id",
        existing ? json_integer(existing) : json_null(), "period_id", (json_int_t)period_id,
        "theme_id", theme_id ? json_integer(theme_id) : json_null(), "action_id",
        action_id ? json_integer(action_id) : json_null(), "account_id", (json_int_t)u->account_id,
        "level", s->levels[lv].key, "comment", comment, "at", at);
    *id = ledger_put(db, T_ASSURANCE, state, 0);
    json_decref(state);
    return *id < 0 ? ASSURANCE_ERROR : ASSURANCE_OK;
}

enum assurance_rc assurance_record(struct db *db, const struct session_user *u,
                                   const struct assurance_input *in, struct field_errors *errs,
                                   int64_t *id)
{
    ferr_free(errs); /* starts empty */
    *id = 0;
    if (!u || !role_has(u->role, CAP_ASSURE)) {
        ferr_add(errs, "", "Only panel members record assurance");
        return ASSURANCE_DENIED;
    }
    if (db_begin(db))
        return ASSURANCE_ERROR;
    enum assurance_rc rc = record(db, u, in, errs, id);
    if (rc == ASSURANCE_OK && db_commit(db))
        rc = ASSURANCE_ERROR;
    if (rc != ASSURANCE_OK) {
        char why[sizeof db->err];
        memcpy(why, db->err, sizeof why);
        db_rollback(db);
        memcpy(db->err, why, sizeof why);
    }
    return rc;
}

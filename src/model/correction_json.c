/* correction_json.c — the "corrections" section of dialturn-plan/1: the
 * corrections of signed-off months' updates, out of a file and into another
 * (see correction.h). */
#include "model/correction.h"
#include "model/ledger.h"
#include "model/panel.h"
#include "model/plan.h"
#include "model/record.h"
#include "model/rules.h"
#include "model/scale.h"
#include "lib/natcmp.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The keys of a correction, in the order the export writes them. */
static const char *const keys[] = {"action",       "period", "field",       "old_value",
                                   "new_value",    "reason", "by",          "by_name",
                                   "corrected_on", "at",     "public_from", NULL};

/* Every correction, in the order made, with the ref of the action, the month
 * of the update, the maker's person (the row's own, else its account's) and
 * the month whose sign-off first sealed it (NULL: none yet). */
static const char sql_load[] =
    "SELECT a.ref, pr.month, c.field, c.old_value, c.new_value, c.reason, pe.ref, c.by_name,"
    " c.corrected_on, c.at, (SELECT min(r.month) FROM main.month_record r WHERE r.head_seq >="
    " (SELECT min(l.seq) FROM main.ledger l WHERE l.tbl = 'update_correction' AND l.row_id = c.id))"
    " FROM main.update_correction c JOIN main.progress_update u ON u.id = c.update_id"
    " JOIN main.action a ON a.id = u.action_id JOIN main.period pr ON pr.id = u.period_id"
    " LEFT JOIN main.account ac ON ac.id = c.account_id"
    " LEFT JOIN main.person pe ON pe.id = coalesce(c.person_id, ac.person_id) ORDER BY c.id";

/* A text column as a JSON value: a string, or null. */
static json_t *col_json(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? json_null()
                                                     : json_string(db_col_text(st, i));
}

/* Orders two corrections as the export writes them: by action (natural
 * order), then month.  Within one update the order made is kept by the
 * stable sort below. */
static int cmp_correction(json_t *x, json_t *y)
{
    int k = natcmp(json_string_value(json_object_get(x, "action")),
                   json_string_value(json_object_get(y, "action")));
    return k ? k
             : strcmp(json_string_value(json_object_get(x, "period")),
                      json_string_value(json_object_get(y, "period")));
}

/* Sorts a, stably (insertion: corrections are few, and ties keep the order
 * they were made in). */
static void sort_stable(json_t *a)
{
    size_t n = json_array_size(a);
    for (size_t i = 1; i < n; i++) {
        json_t *e = json_incref(json_array_get(a, i));
        size_t j = i;
        while (j > 0 && cmp_correction(json_array_get(a, j - 1), e) > 0) {
            json_array_set(a, j, json_array_get(a, j - 1));
            j--;
        }
        json_array_set_new(a, j, e);
    }
}

int correction_load_plan(struct db *db, struct plan *p)
{
    sqlite3_stmt *st = db_prepare(db, sql_load);
    if (!st)
        return -1;
    json_t *a = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *o = json_object();
        for (int i = 0; keys[i]; i++)
            json_object_set_new(o, keys[i], col_json(st, i));
        json_array_append_new(a, o);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(a);
        db_set_error(db, "reading the corrections");
        return -1;
    }
    sort_stable(a);
    json_decref(p->corrections);
    p->corrections = a;
    return 0;
}

json_t *corrections_section(const struct plan *p)
{
    return p->corrections && json_array_size(p->corrections) ? json_incref(p->corrections) : NULL;
}

/* ---- reading ----------------------------------------------------------------------------- */

struct chk {
    struct plan *p;
    char path[64]; /* "corrections[3]" */
    char *err;
    size_t errlen;
};

/* Refuses with "path.field: message".  Returns -1. */
__attribute__((format(printf, 3, 4))) static int fail(struct chk *c, const char *field,
                                                      const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(c->err, c->errlen, "%s%s%s: %s", c->path, field ? "." : "", field ? field : "", msg);
    return -1;
}

/* A member that must be a non-empty string (or, with `nullable`, null or
 * absent: *out NULL).  Returns 0 or -1. */
static int get_str(struct chk *c, json_t *o, const char *key, bool nullable, const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if ((!v || json_is_null(v)) && nullable)
        return 0;
    if (!v)
        return fail(c, key, "is required");
    if (!json_is_string(v))
        return fail(c, key, "must be a string%s", nullable ? " or null" : "");
    if (json_string_length(v) == 0)
        return fail(c, key, "must not be empty%s", nullable ? " (null for none)" : "");
    if (strlen(json_string_value(v)) != json_string_length(v))
        return fail(c, key, "must not contain a NUL character");
    *out = json_string_value(v);
    return 0;
}

/* The value field `field` of update x reads as written (as correction.c
 * stores it: text, NULL for none), into buf; returns buf or NULL. */
static const char *update_value(const struct plan *p, const struct p_update *x, const char *field,
                                char *buf, size_t len)
{
    if (strcmp(field, "status") == 0)
        return action_status_name(x->status);
    if (strcmp(field, "percent") == 0) {
        snprintf(buf, len, "%d", x->percent);
        return buf;
    }
    if (strcmp(field, "confidence") == 0)
        return x->confidence >= 0 ? p->org.scale->levels[x->confidence].key : NULL;
    if (strcmp(field, "narrative") == 0)
        return x->narrative;
    if (x->forecast_finish == DAY_NONE)
        return NULL;
    date_format(x->forecast_finish, buf);
    return buf;
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The value of a string member (NULL when null or absent). */
static const char *sval(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Checks one correction e (at index i of the document's list `a`, whose
 * earlier elements are checked already) and returns its canonical form (new
 * reference), or NULL. */
static json_t *check_one(struct chk *c, json_t *a, size_t i, json_t *e)
{
    struct plan *p = c->p;
    if (!json_is_object(e)) {
        fail(c, NULL, "must be an object");
        return NULL;
    }
    const char *k;
    json_t *v;
    json_object_foreach(e, k, v)
    {
        bool known = false;
        for (size_t j = 0; keys[j] && !known; j++)
            known = strcmp(keys[j], k) == 0;
        if (!known) {
            fail(c, k, "unknown key");
            return NULL;
        }
    }
    const char *s[11];
    for (int j = 0; keys[j]; j++) {
        bool nullable = j == 3 || j == 4 || j == 6 || j == 10; /* old, new, by, public_from */
        if (get_str(c, e, keys[j], nullable, &s[j]))
            return NULL;
    }
    const char *action = s[0], *period = s[1], *field = s[2], *old = s[3], *now = s[4],
               *reason = s[5], *by = s[6], *on = s[8], *at = s[9], *from = s[10];
    size_t ai, bi;
    int month, from_month;
    if (!strmap_get(&p->m_actions, action, &ai)) {
        fail(c, "action", "no action has ref \"%s\"", action);
        return NULL;
    }
    if (!month_parse(period, &month)) {
        fail(c, "period", "must be a month written YYYY-MM");
        return NULL;
    }
    long pi = plan_find_period(p, month);
    long ui = pi >= 0 ? plan_find_update(p, (long)ai, pi) : -1;
    if (ui < 0) {
        fail(c, "period", "action %s has no update in %s", action, period);
        return NULL;
    }
    const struct p_update *x = &p->updates[ui];
    const struct p_period *pe = &p->periods[pi];
    if (strcmp(x->state, "accepted") != 0 || strcmp(pe->status, "signed_off") != 0) {
        fail(c, "period",
             "the update of %s in %s is not an accepted update of a signed-off month: only those "
             "are corrected",
             action, period);
        return NULL;
    }
    if (!correction_field_ok(field)) {
        fail(c, "field", "must be one of status, percent, confidence, narrative, forecast_finish");
        return NULL;
    }
    char why[300];
    if (!correction_value_ok(p->org.scale, field, now, why, sizeof why)) {
        fail(c, "new_value", "%s", why);
        return NULL;
    }
    if (same(old, now)) {
        fail(c, "new_value", "is old_value: a correction changes the value");
        return NULL;
    }
    if (strlen(reason) > CORRECTION_REASON_MAX) {
        fail(c, "reason", "must be %d bytes or fewer", CORRECTION_REASON_MAX);
        return NULL;
    }
    if (by && !strmap_get(&p->m_people, by, &bi)) {
        fail(c, "by", "no person has ref \"%s\"", by);
        return NULL;
    }
    day_t d;
    if (!date_parse(on, &d)) {
        fail(c, "corrected_on", "must be a real date written YYYY-MM-DD");
        return NULL;
    }
    if (d <= month_last_day(month) || (pe->signed_off_on != DAY_NONE && d < pe->signed_off_on)) {
        fail(c, "corrected_on", "%s is before %s was signed off: a correction comes after", on,
             period);
        return NULL;
    }
    if (!panel_time_valid(at) || strncmp(at, on, 10) != 0) {
        fail(c, "at", "must be the time it was made, YYYY-MM-DDTHH:MM:SSZ (UTC), on corrected_on");
        return NULL;
    }
    if (from) {
        long fi = month_parse(from, &from_month) ? plan_find_period(p, from_month) : -1;
        if (fi < 0 || strcmp(p->periods[fi].status, "signed_off") != 0) {
            fail(c, "public_from", "must be a signed-off month of periods, or null");
            return NULL;
        }
        if (from_month <= month) {
            fail(c, "public_from",
                 "%s is not after %s: a correction is public only from a later "
                 "month's sign-off",
                 from, period);
            return NULL;
        }
        if (p->periods[fi].signed_off_on != DAY_NONE && p->periods[fi].signed_off_on < d) {
            fail(c, "public_from", "%s was signed off before the correction was made (%s)", from,
                 on);
            return NULL;
        }
    }
    /* in order with the earlier corrections of the same update: made later,
     * public no earlier, and each field's old value the one before it */
    char buf[DATE_LEN > 16 ? DATE_LEN : 16];
    const char *before = update_value(p, x, field, buf, sizeof buf);
    for (size_t j = 0; j < i; j++) {
        json_t *f = json_array_get(a, j);
        if (!same(sval(f, "action"), action) || !same(sval(f, "period"), period))
            continue;
        if (strcmp(sval(f, "at"), at) > 0) {
            fail(c, "at",
                 "is before that of corrections[%zu], made earlier: list them in the "
                 "order made",
                 j);
            return NULL;
        }
        const char *pf = sval(f, "public_from");
        if (from && (!pf || strcmp(pf, from) > 0)) {
            fail(c, "public_from", "is before that of corrections[%zu], made earlier", j);
            return NULL;
        }
        if (strcmp(sval(f, "field"), field) == 0)
            before = sval(f, "new_value");
    }
    if (!same(old, before)) {
        fail(c, "old_value", "must be the value the %s read before this correction (%s%s%s)", field,
             before ? "\"" : "", before ? before : "null", before ? "\"" : "");
        return NULL;
    }
    json_t *o = json_object();
    for (int j = 0; keys[j]; j++)
        json_object_set_new(o, keys[j], s[j] ? json_string(s[j]) : json_null());
    return o;
}

/* Whether two corrections are of the same update. */
static bool same_update(json_t *x, json_t *y)
{
    return cmp_correction(x, y) == 0;
}

int correction_read_json(struct plan *p, json_t *doc, char *err, size_t errlen)
{
    struct chk c = {.p = p, .err = err, .errlen = errlen};
    json_t *in = json_object_get(doc, "corrections");
    if (!in)
        return 0;
    snprintf(c.path, sizeof c.path, "corrections");
    if (!json_is_array(in))
        return fail(&c, NULL, "must be an array");
    json_t *a = json_array(); /* the document's, checked and canonical */
    size_t i;
    json_t *e;
    int rc = 0;
    json_array_foreach(in, i, e)
    {
        snprintf(c.path, sizeof c.path, "corrections[%zu]", i);
        json_t *o = check_one(&c, a, i, e);
        if (!o) {
            rc = -1;
            break;
        }
        json_array_append_new(a, o);
    }
    if (!p->corrections)
        p->corrections = json_array();
    if (!p->corrections_new)
        p->corrections_new = json_array();
    /* Matched with what the file holds, update by update and in the order
     * made: the n-th of an update must be the file's n-th, and those beyond
     * the file's are new.  A correction is a record: never changed, never
     * removed (a document that lists fewer leaves the rest as they are). */
    json_array_foreach(a, i, e)
    {
        if (rc)
            break;
        size_t nth = 0, k, have = 0;
        for (k = 0; k < i; k++)
            nth += same_update(json_array_get(a, k), e);
        json_t *f, *match = NULL;
        json_array_foreach(p->corrections, k, f)
        {
            if (same_update(f, e) && have++ == nth)
                match = f;
        }
        snprintf(c.path, sizeof c.path, "corrections[%zu]", i);
        if (match && !json_equal(match, e))
            rc = fail(&c, NULL,
                      "differs from the correction of %s in %s the file holds in its place: a "
                      "correction is a record and never changes",
                      sval(e, "action"), sval(e, "period"));
        else if (!match) {
            json_array_append(p->corrections, e);
            json_array_append(p->corrections_new, e);
        }
    }
    sort_stable(p->corrections);
    json_decref(a);
    return rc;
}

/* ---- storing ------------------------------------------------------------------------------ */

/* Writes correction e of p through the ledger (its update and person stored
 * already).  Returns 0, or -1 with db->err set. */
static int store_one(struct db *db, const struct plan *p, json_t *e)
{
    size_t ai, bi;
    int month;
    strmap_get(&p->m_actions, sval(e, "action"), &ai);
    month_parse(sval(e, "period"), &month);
    long ui = plan_find_update(p, (long)ai, plan_find_period(p, month));
    struct ledger_row row;
    ledger_row_init(&row, T_UPDATE_CORRECTION, 0);
    ledger_row_int(&row, "update_id", p->updates[ui].id);
    ledger_row_text(&row, "field", sval(e, "field"));
    ledger_row_text(&row, "old_value", sval(e, "old_value"));
    ledger_row_text(&row, "new_value", sval(e, "new_value"));
    ledger_row_text(&row, "reason", sval(e, "reason"));
    ledger_row_null(&row, "account_id"); /* made in another file */
    ledger_row_text(&row, "by_name", sval(e, "by_name"));
    ledger_row_text(&row, "corrected_on", sval(e, "corrected_on"));
    ledger_row_text(&row, "at", sval(e, "at"));
    if (sval(e, "by") && strmap_get(&p->m_people, sval(e, "by"), &bi))
        ledger_row_int(&row, "person_id", p->people[bi].id);
    else
        ledger_row_null(&row, "person_id");
    return ledger_put_row(db, &row, 0) < 0 ? -1 : 0;
}

/* Writes the new corrections whose public_from is `month` (NULL: none),
 * in the order made.  Returns how many, or -1 with db->err set. */
static int store_public_from(struct db *db, const struct plan *p, const char *month)
{
    size_t i;
    json_t *e;
    int n = 0;
    json_array_foreach(p->corrections_new, i, e)
    {
        if (!same(sval(e, "public_from"), month))
            continue;
        if (store_one(db, p, e))
            return -1;
        n++;
    }
    return n;
}

int correction_store_plan(struct db *db, const struct plan *p)
{
    if (!json_array_size(p->corrections_new))
        return 0;
    /* the signed-off months not sealed yet, oldest first: each correction is
     * written just before the seal of the month it became public from, so in
     * this file too it is public from exactly that month */
    sqlite3_stmt *st =
        db_prepare(db, "SELECT p.id, p.month FROM main.period p "
                       "WHERE p.status = 'signed_off' AND NOT EXISTS "
                       "(SELECT 1 FROM main.month_record r WHERE r.period_id = p.id) "
                       "ORDER BY p.month");
    if (!st)
        return -1;
    struct unsealed {
        int64_t id;
        char month[MONTH_LEN];
    } *m = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        m = xgrow(m, n, &cap, sizeof *m);
        m[n].id = sqlite3_column_int64(st, 0);
        snprintf(m[n++].month, MONTH_LEN, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(m);
        db_set_error(db, "reading the months to seal");
        return -1;
    }
    /* each public_from must be one of them: a month sealed already has its
     * head, and a correction written now would be public only from the next */
    size_t i;
    json_t *e;
    json_array_foreach(p->corrections_new, i, e)
    {
        const char *f = sval(e, "public_from");
        size_t j = 0;
        while (f && j < n && strcmp(m[j].month, f) != 0)
            j++;
        if (f && j == n) {
            snprintf(db->err, sizeof db->err,
                     "corrections: the correction of %s in %s made at %s became public from %s, "
                     "whose record this file has sealed already (import it into a file without "
                     "that month's record)",
                     sval(e, "action"), sval(e, "period"), sval(e, "at"), f);
            free(m);
            return -1;
        }
    }
    for (i = 0; i < n; i++) {
        if (store_public_from(db, p, m[i].month) < 0 || record_seal(db, m[i].id, m[i].month)) {
            free(m);
            return -1;
        }
    }
    free(m);
    return store_public_from(db, p, NULL) < 0 ? -1 : 0;
}

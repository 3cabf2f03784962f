/* version.c — listing versions and moving them through their life: a new
 * draft, its edits, submission, approval and sign-off (see version.h). */
#include "model/limits.h"
#include "lib/text.h"
#include "model/version.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include "model/ledger.h"
#include "model/mail.h"
#include "model/record.h"
#include "model/version_set.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[VK__MAX] = {"theme", "action", "milestone", "measure"};
static const char *const kind_sections[VK__MAX] = {"themes", "actions", "milestones", "measures"};

const char *vkind_name(enum vkind k)
{
    return k < VK__MAX ? kind_names[k] : NULL;
}

const char *vkind_section(enum vkind k)
{
    return k < VK__MAX ? kind_sections[k] : NULL;
}

int vkind_parse(const char *s)
{
    for (int k = 0; s && k < VK__MAX; k++)
        if (strcmp(s, kind_names[k]) == 0 || strcmp(s, kind_sections[k]) == 0)
            return k;
    return -1;
}

/* ---- reading ---------------------------------------------------------------------- */

/* A version's items and retired items.  The signed-off version of a regime
 * made before versions held content (the demo) has no items until the next
 * draft starts (version_new_draft): its content is the live plan, counted
 * from the live tables so that the list does not say it holds nothing. */
#define VERSION_COUNTS                                                                             \
    "CASE WHEN v.status = 'signed_off' AND NOT EXISTS (SELECT 1 FROM version_item i "              \
    " WHERE i.version_id = v.id) THEN (SELECT count(*) FROM theme) + (SELECT count(*) FROM "       \
    " action) + (SELECT count(*) FROM milestone) + (SELECT count(*) FROM measure) "                \
    "ELSE (SELECT count(*) FROM version_item i WHERE i.version_id = v.id) END, "                   \
    "CASE WHEN v.status = 'signed_off' AND NOT EXISTS (SELECT 1 FROM version_item i "              \
    " WHERE i.version_id = v.id) THEN (SELECT count(*) FROM action WHERE status = 'retired') "     \
    "ELSE (SELECT count(*) FROM version_item i WHERE i.version_id = v.id "                         \
    " AND i.retired_reason IS NOT NULL) END "

static const char sql_versions[] =
    "SELECT v.id, v.number, v.title, v.status, v.approved_on, v.approval_ref, "
    "v.signed_off_on, " VERSION_COUNTS "FROM plan_version v ORDER BY v.number";
static const char sql_version[] =
    "SELECT v.id, v.number, v.title, v.status, v.approved_on, v.approval_ref, "
    "v.signed_off_on, " VERSION_COUNTS "FROM plan_version v WHERE v.number = :number";

static void info_row(sqlite3_stmt *st, struct version_info *v)
{
    v->id = sqlite3_column_int64(st, 0);
    v->number = sqlite3_column_int(st, 1);
    v->title = xstrdup(db_col_text(st, 2));
    snprintf(v->status, sizeof v->status, "%s", db_col_text(st, 3));
    v->approved_on = db_col_date(st, 4);
    v->approval_ref =
        sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : xstrdup(db_col_text(st, 5));
    v->signed_off_on = db_col_date(st, 6);
    v->items = (size_t)sqlite3_column_int64(st, 7);
    v->retired = (size_t)sqlite3_column_int64(st, 8);
}

void version_info_free(struct version_info *v)
{
    free(v->title);
    free(v->approval_ref);
    memset(v, 0, sizeof *v);
}

void version_list_free(struct version_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        version_info_free(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

int version_list(struct db *db, struct version_list *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, sql_versions);
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->v = xgrow(out->v, out->n, &cap, sizeof *out->v);
        info_row(st, &out->v[out->n++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "versions");
        version_list_free(out);
        return -1;
    }
    return 0;
}

int version_get(struct db *db, int number, struct version_info *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, sql_version);
    if (!st)
        return -1;
    db_bind_int(st, ":number", number);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        info_row(st, out);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_set_error(db, "version");
        return -1;
    }
    return rc == SQLITE_ROW;
}

int version_draft_number(struct db *db)
{
    static const char sql[] = "SELECT number FROM plan_version WHERE status = 'draft' "
                              "ORDER BY number DESC LIMIT 1";
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    int rc = sqlite3_step(st), n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_set_error(db, "draft version");
        return -1;
    }
    return n;
}

void version_items_free(struct version_items *it)
{
    for (size_t i = 0; i < it->n; i++) {
        free(it->v[i].ref);
        free(it->v[i].retired_reason);
        json_decref(it->v[i].body);
    }
    free(it->v);
    memset(it, 0, sizeof *it);
}

int version_items_load(struct db *db, int number, struct version_items *out)
{
    memset(out, 0, sizeof *out);
    struct version_info vi;
    int found = version_get(db, number, &vi);
    if (found <= 0)
        return found;
    struct vset s = {0};
    int rc = vset_load(db, vi.id, &s);
    version_info_free(&vi);
    if (rc) {
        vset_free(&s);
        return -1;
    }
    out->v = xcalloc(s.n + 1, sizeof *out->v);
    for (size_t i = 0; i < s.n; i++) {
        struct vset_item *x = &s.v[i];
        out->v[i] = (struct version_item){x->id, x->kind, x->ref, x->body, x->retired};
        x->ref = x->retired = NULL; /* moved */
        x->body = NULL;
    }
    out->n = s.n;
    vset_free(&s);
    return 1;
}

const struct version_item *version_items_find(const struct version_items *it, enum vkind kind,
                                              const char *ref)
{
    for (size_t i = 0; ref && i < it->n; i++)
        if (it->v[i].kind == kind && strcmp(it->v[i].ref, ref) == 0)
            return &it->v[i];
    return NULL;
}

/* ---- changing --------------------------------------------------------------------- */

enum version_rc version_refuse(struct field_errors *fe, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ferr_vadd(fe, field, fmt, ap);
    va_end(ap);
    return VERSION_REFUSED;
}

enum version_rc version_finish(struct db *db, enum version_rc rc)
{
    if (rc == VERSION_OK && db_commit(db) == 0)
        return VERSION_OK;
    char why[sizeof db->err];
    snprintf(why, sizeof why, "%s", db->err);
    db_rollback(db);
    snprintf(db->err, sizeof db->err, "%s", why);
    return rc == VERSION_OK ? VERSION_ERROR : rc;
}

/* How people read a version status ("submitted", "signed off"); static. */
static const char *status_words(const char *status)
{
    if (strcmp(status, "draft") == 0)
        return "a draft";
    return strcmp(status, "signed_off") == 0 ? "signed off" : status;
}

/* Writes version v's row with the given status and dates through the ledger. */
static int put_version(struct db *db, const struct version_info *v, const char *status)
{
    json_t *s = json_pack(
        "{s:I, s:i, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)v->id, "number", v->number,
        "title", v->title, "status", status, "approved_on", json_null(), "approval_ref",
        v->approval_ref ? json_string(v->approval_ref) : json_null(), "signed_off_on", json_null());
    char d[DATE_LEN];
    if (v->approved_on != DAY_NONE) {
        date_format(v->approved_on, d);
        json_object_set_new(s, "approved_on", json_string(d));
    }
    if (v->signed_off_on != DAY_NONE) {
        date_format(v->signed_off_on, d);
        json_object_set_new(s, "signed_off_on", json_string(d));
    }
    int rc = ledger_put(db, T_PLAN_VERSION, s, 1) < 0 ? -1 : 0;
    json_decref(s);
    return rc;
}

/* The version on its way (draft, submitted or approved) into *v: 1 found, 0 none, -1. */
static int open_version(struct db *db, struct version_info *v)
{
    static const char sql[] = "SELECT number FROM plan_version "
                              "WHERE status IN ('draft', 'submitted', 'approved') "
                              "ORDER BY number LIMIT 1";
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    int rc = sqlite3_step(st), number = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_set_error(db, "versions");
        return -1;
    }
    return rc == SQLITE_ROW ? version_get(db, number, v) : 0;
}

/* The latest signed-off version into *v: 1 found, 0 none, -1. */
static int signed_off_version(struct db *db, struct version_info *v)
{
    static const char sql[] = "SELECT number FROM plan_version WHERE status = 'signed_off' "
                              "ORDER BY number DESC LIMIT 1";
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    int rc = sqlite3_step(st), number = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_set_error(db, "versions");
        return -1;
    }
    return rc == SQLITE_ROW ? version_get(db, number, v) : 0;
}

static int next_number(struct db *db)
{
    static const char sql[] = "SELECT coalesce(max(number), 0) + 1 FROM plan_version";
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    if (n < 0)
        db_set_error(db, "versions");
    return n;
}

/* Fills s with the live plan's items (for a version without any). */
static int items_from_live(struct db *db, struct vset *s)
{
    struct plan p = {0};
    int rc = plan_load(db, &p);
    if (rc == 0)
        vset_from_plan(s, &p);
    plan_free(&p);
    return rc;
}

bool version_blank(const char *s)
{
    if (!s)
        return true;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return *s == '\0';
}

enum version_rc version_new_draft(struct db *db, const char *title, int *number,
                                  struct field_errors *fe)
{
    if (version_blank(title))
        return version_refuse(fe, "title", "give the new version a title");
    if (strlen(title) > 200)
        return version_refuse(fe, "title", "keep it to 200 characters");
    const char *why = limits_text(title, 200, false);
    if (why)
        return version_refuse(fe, "title", "%s", why);
    if (db_begin(db))
        return VERSION_ERROR;
    struct version_info open, base = {0};
    struct vset s = {0};
    enum version_rc rc = VERSION_ERROR;
    int got = open_version(db, &open);
    if (got == 1) {
        rc = version_refuse(fe, "",
                            "version %d is %s: it must be signed off before a new draft starts",
                            open.number, status_words(open.status));
        version_info_free(&open);
        return version_finish(db, rc);
    }
    if (got < 0)
        return version_finish(db, rc);
    int has_base = signed_off_version(db, &base);
    int n = next_number(db);
    if (has_base < 0 || n < 0)
        goto out;
    if (has_base) {
        if (vset_load(db, base.id, &s))
            goto out;
        if (s.n == 0) { /* give the base its content, so the draft can be compared with it */
            if (items_from_live(db, &s) || vset_store(db, &s))
                goto out;
        }
    } else if (items_from_live(db, &s)) {
        goto out;
    }
    json_t *row =
        json_pack("{s:n, s:i, s:s, s:s, s:n, s:n, s:n}", "id", "number", n, "title", title,
                  "status", "draft", "approved_on", "approval_ref", "signed_off_on");
    int64_t id = ledger_put(db, T_PLAN_VERSION, row, 0);
    json_decref(row);
    if (id < 0)
        goto out;
    s.version_id = id;
    for (size_t i = 0; i < s.n; i++) {
        s.v[i].id = 0;
        s.v[i].dirty = true;
    }
    if (vset_store(db, &s))
        goto out;
    *number = n;
    rc = VERSION_OK;
out:
    vset_free(&s);
    version_info_free(&base);
    return version_finish(db, rc);
}

/* Loads version `number` for a step from `want` status; refuses otherwise. */
static enum version_rc step_from(struct db *db, int number, const char *want,
                                 struct version_info *v, struct field_errors *fe)
{
    int got = version_get(db, number, v);
    if (got < 0)
        return VERSION_ERROR;
    if (got == 0)
        return version_refuse(fe, "version", "there is no version %d", number);
    if (strcmp(v->status, want) != 0) {
        static const char *const how[][2] = {{"draft", "it must be submitted first"},
                                             {"submitted", "cabinet must approve it first"},
                                             {"approved", "the panel must sign it off first"}};
        const char *why = "";
        for (size_t i = 0; i < sizeof how / sizeof how[0]; i++)
            if (strcmp(how[i][0], v->status) == 0)
                why = how[i][1];
        return version_refuse(fe, "", "version %d is %s, not %s%s%s", number,
                              status_words(v->status), status_words(want), *why ? ": " : "", why);
    }
    return VERSION_OK;
}

enum version_rc version_submit(struct db *db, int number, struct field_errors *fe)
{
    if (db_begin(db))
        return VERSION_ERROR;
    struct version_info v = {0};
    struct vset s = {0};
    struct plan p = {0};
    enum version_rc rc = step_from(db, number, "draft", &v, fe);
    if (rc == VERSION_OK)
        rc = vset_load(db, v.id, &s) ? VERSION_ERROR : vset_check(db, &s, &p, fe);
    if (rc == VERSION_OK &&
        (put_version(db, &v, "submitted") || mail_on_version(db, number, false)))
        rc = VERSION_ERROR;
    plan_free(&p);
    vset_free(&s);
    version_info_free(&v);
    return version_finish(db, rc);
}

enum version_rc version_approve(struct db *db, int number, day_t on, const char *minute_ref,
                                struct field_errors *fe)
{
    if (on == DAY_NONE)
        return version_refuse(fe, "approved_on", "give the date cabinet approved the version");
    if (on > date_today())
        return version_refuse(fe, "approved_on", "cabinet's approval cannot be in the future");
    if (version_blank(minute_ref))
        return version_refuse(fe, "approval_ref",
                              "give the minute reference of cabinet's approval");
    if (strlen(minute_ref) > 200)
        return version_refuse(fe, "approval_ref", "keep it to 200 characters");
    if (limits_text(minute_ref, 200, false))
        return version_refuse(fe, "approval_ref", "must be text without control characters");
    if (db_begin(db))
        return VERSION_ERROR;
    struct version_info v = {0};
    enum version_rc rc = step_from(db, number, "submitted", &v, fe);
    if (rc == VERSION_OK) {
        v.approved_on = on;
        free(v.approval_ref);
        v.approval_ref = xstrdup(minute_ref);
        if (put_version(db, &v, "approved") || mail_on_version(db, number, true))
            rc = VERSION_ERROR;
    }
    version_info_free(&v);
    return version_finish(db, rc);
}

/* Writes a version_event row (sql/013) through the ledger. */
static int put_event(struct db *db, int64_t version_id, const char *kind, const char *reason,
                     day_t approved_on, int64_t account_id, const char *by_name)
{
    char at[DATE_TIME_LEN];
    date_now_utc(at);
    struct ledger_row row;
    ledger_row_init(&row, T_VERSION_EVENT, 0);
    ledger_row_int(&row, "version_id", version_id);
    ledger_row_text(&row, "kind", kind);
    ledger_row_text(&row, "reason", reason);
    ledger_row_date(&row, "approved_on", approved_on);
    if (account_id)
        ledger_row_int(&row, "account_id", account_id);
    else
        ledger_row_null(&row, "account_id");
    ledger_row_text(&row, "by_name", by_name && *by_name ? by_name : "the command line");
    ledger_row_date(&row, "made_on", date_today());
    ledger_row_text(&row, "at", at);
    return ledger_put_row(db, &row, 0) < 0 ? -1 : 0;
}

/* Refuses a missing, over-long or control-laden reason. */
static enum version_rc reason_check(const char *reason, struct field_errors *fe)
{
    if (version_blank(reason))
        return version_refuse(fe, "reason", "say why");
    if (strlen(reason) > VERSION_REASON_MAX)
        return version_refuse(fe, "reason", "keep it to %d characters", VERSION_REASON_MAX);
    if (limits_text(reason, VERSION_REASON_MAX, true))
        return version_refuse(fe, "reason", "must be text without control characters");
    return VERSION_OK;
}

enum version_rc version_return(struct db *db, int number, const char *reason, int64_t account_id,
                               const char *by_name, struct field_errors *fe)
{
    enum version_rc rc = reason_check(reason, fe);
    if (rc)
        return rc;
    if (db_begin(db))
        return VERSION_ERROR;
    struct version_info v = {0};
    rc = step_from(db, number, "submitted", &v, fe);
    if (rc == VERSION_OK &&
        (put_version(db, &v, "draft") ||
         put_event(db, v.id, "returned", reason, DAY_NONE, account_id, by_name)))
        rc = VERSION_ERROR;
    version_info_free(&v);
    return version_finish(db, rc);
}

/* The approval date in force for version id: the latest correction's, else
 * `entered`.  DAY_NONE stays DAY_NONE.  Returns -1 on a database error. */
static int approval_in_force(struct db *db, int64_t id, day_t entered, day_t *out)
{
    *out = entered;
    sqlite3_stmt *st =
        db_prepare(db, "SELECT approved_on FROM version_event WHERE version_id = :id "
                       "AND kind = 'approval_corrected' ORDER BY id DESC LIMIT 1");
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    int rc = sqlite3_step(st);
    day_t d;
    if (rc == SQLITE_ROW && date_parse(db_col_text(st, 0), &d))
        *out = d;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_set_error(db, "version events");
        return -1;
    }
    return 0;
}

enum version_rc version_correct_approval(struct db *db, int number, day_t on, const char *reason,
                                         int64_t account_id, const char *by_name,
                                         struct field_errors *fe)
{
    if (on == DAY_NONE)
        return version_refuse(fe, "approved_on", "give the date cabinet approved the version");
    if (on > date_today())
        return version_refuse(fe, "approved_on", "cabinet's approval cannot be in the future");
    enum version_rc rc = reason_check(reason, fe);
    if (rc)
        return rc;
    if (db_begin(db))
        return VERSION_ERROR;
    struct version_info v = {0};
    int got = version_get(db, number, &v);
    day_t now = DAY_NONE;
    char a[DATE_LEN], o[DATE_LEN];
    if (got < 0) {
        rc = VERSION_ERROR;
    } else if (got == 0) {
        rc = version_refuse(fe, "version", "there is no version %d", number);
    } else if (v.approved_on == DAY_NONE) {
        rc = version_refuse(fe, "", "version %d is %s: it has no approval date to correct", number,
                            status_words(v.status));
    } else if (approval_in_force(db, v.id, v.approved_on, &now)) {
        rc = VERSION_ERROR;
    } else if (on == now) {
        date_format(on, o);
        rc = version_refuse(fe, "approved_on", "the approval date is %s already", o);
    } else if (v.signed_off_on != DAY_NONE && on > v.signed_off_on) {
        date_format(on, o);
        date_format(v.signed_off_on, a);
        rc = version_refuse(fe, "approved_on",
                            "%s is after the panel's sign-off on %s: cabinet "
                            "approves a version before the panel signs it off",
                            o, a);
    } else if (put_event(db, v.id, "approval_corrected", reason, on, account_id, by_name)) {
        rc = VERSION_ERROR;
    }
    version_info_free(&v);
    return version_finish(db, rc);
}

void version_events_free(struct version_event *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].reason);
        free(e[i].by_name);
    }
    free(e);
}

int version_events(struct db *db, int number, struct version_event **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT e.kind, e.reason, e.approved_on, e.by_name, "
                                      "e.made_on FROM version_event e JOIN plan_version v "
                                      "ON v.id = e.version_id WHERE v.number = :number "
                                      "ORDER BY e.id");
    if (!st)
        return -1;
    db_bind_int(st, ":number", number);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct version_event *e = &(*out)[(*n)++];
        e->returned = strcmp(db_col_text(st, 0), "returned") == 0;
        e->reason = xstrdup(db_col_text(st, 1));
        if (!date_parse(db_col_text(st, 2), &e->approved_on))
            e->approved_on = DAY_NONE;
        e->by_name = xstrdup(db_col_text(st, 3));
        if (!date_parse(db_col_text(st, 4), &e->made_on))
            e->made_on = DAY_NONE;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "version events");
        version_events_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

enum version_rc version_sign_off(struct db *db, int number, day_t on, struct field_errors *fe)
{
    if (on == DAY_NONE)
        return version_refuse(fe, "signed_off_on",
                              "give the date the panel signed the version off");
    if (on > date_today())
        return version_refuse(fe, "signed_off_on", "the panel's sign-off cannot be in the future");
    if (db_begin(db))
        return VERSION_ERROR;
    struct version_info v = {0}, prev = {0};
    struct vset s = {0};
    struct plan p = {0};
    enum version_rc rc = step_from(db, number, "approved", &v, fe);
    char a[DATE_LEN], o[DATE_LEN];
    if (rc == VERSION_OK && approval_in_force(db, v.id, v.approved_on, &v.approved_on))
        rc = VERSION_ERROR;
    if (rc == VERSION_OK && v.approved_on != DAY_NONE && on < v.approved_on) {
        date_format(v.approved_on, a);
        date_format(on, o);
        rc = version_refuse(fe, "signed_off_on", "%s is before cabinet's approval on %s", o, a);
    }
    /* the plan of a signed-off month never changes: a version takes effect
     * after every month already signed off, and after the version before it */
    int sealed = -1;
    if (rc == VERSION_OK && record_sealed_month(db, &sealed))
        rc = VERSION_ERROR;
    if (rc == VERSION_OK && sealed >= 0 && on <= month_last_day(sealed)) {
        char m[MONTH_LEN];
        month_format(sealed, m);
        date_format(on, o);
        rc = version_refuse(fe, "signed_off_on",
                            "%s is within the months already signed off (up to %s), whose "
                            "plan never changes: the panel's sign-off is dated after %s",
                            o, m, m);
    }
    int had = rc == VERSION_OK ? signed_off_version(db, &prev) : 0;
    if (had < 0)
        rc = VERSION_ERROR;
    if (rc == VERSION_OK && had && prev.signed_off_on != DAY_NONE && on < prev.signed_off_on) {
        date_format(prev.signed_off_on, a);
        date_format(on, o);
        rc = version_refuse(fe, "signed_off_on",
                            "%s is before version %d's sign-off on %s, which it follows", o,
                            prev.number, a);
    }
    if (rc == VERSION_OK && had && put_version(db, &prev, "superseded"))
        rc = VERSION_ERROR;
    if (rc == VERSION_OK)
        rc = vset_load(db, v.id, &s) ? VERSION_ERROR : vset_check(db, &s, &p, fe);
    if (rc == VERSION_OK && plan_store(db, &p)) /* the live plan becomes this version */
        rc = VERSION_ERROR;
    if (rc == VERSION_OK) {
        v.signed_off_on = on;
        if (put_version(db, &v, "signed_off"))
            rc = VERSION_ERROR;
    }
    plan_free(&p);
    vset_free(&s);
    version_info_free(&prev);
    version_info_free(&v);
    return version_finish(db, rc);
}

/* correction.c — corrections to the updates of signed-off months (see correction.h). */
#include "model/correction.h"
#include "lib/text.h"
#include "model/limits.h"
#include "model/cycle_int.h"
#include "model/ledger.h"
#include "model/scale.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fields a correction may change: the update's columns. */
static const char *const fields[] = {"status", "percent", "confidence", "narrative",
                                     "forecast_finish"};
#define NFIELDS (sizeof fields / sizeof *fields)

/* The update corrected: the accepted one of the action in the month, and
 * whether that month is signed off.  (The month is the real table's: on the
 * writer's connection there is no record view.) */
static const char sql_find[] = "SELECT u.id, p.status, u.state, a.start FROM action a"
                               "  JOIN progress_update u ON u.action_id = a.id"
                               "  JOIN period p ON p.id = u.period_id"
                               " WHERE a.ref = :ref AND p.month = :month";

/* The value the field reads now: the latest correction's, else the update's.
 * The column name is chosen from `fields` (fixed text per field). */
static const char *const sql_current[NFIELDS] = {
    "SELECT coalesce((SELECT c.new_value FROM update_correction c WHERE c.update_id = u.id"
    " AND c.field = 'status' ORDER BY c.id DESC LIMIT 1), u.status) FROM progress_update u"
    " WHERE u.id = :id",
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM update_correction c WHERE c.update_id = u.id AND"
    " c.field = 'percent') THEN (SELECT c.new_value FROM update_correction c WHERE"
    " c.update_id = u.id AND c.field = 'percent' ORDER BY c.id DESC LIMIT 1)"
    " ELSE CAST(u.percent AS TEXT) END FROM progress_update u WHERE u.id = :id",
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM update_correction c WHERE c.update_id = u.id AND"
    " c.field = 'confidence') THEN (SELECT c.new_value FROM update_correction c WHERE"
    " c.update_id = u.id AND c.field = 'confidence' ORDER BY c.id DESC LIMIT 1)"
    " ELSE u.confidence END FROM progress_update u WHERE u.id = :id",
    "SELECT coalesce((SELECT c.new_value FROM update_correction c WHERE c.update_id = u.id"
    " AND c.field = 'narrative' ORDER BY c.id DESC LIMIT 1), u.narrative) FROM progress_update u"
    " WHERE u.id = :id",
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM update_correction c WHERE c.update_id = u.id AND"
    " c.field = 'forecast_finish') THEN (SELECT c.new_value FROM update_correction c WHERE"
    " c.update_id = u.id AND c.field = 'forecast_finish' ORDER BY c.id DESC LIMIT 1)"
    " ELSE u.forecast_finish END FROM progress_update u WHERE u.id = :id",
};

/* Columns of a correction as read, after the action's id and the month. */
#define SELECT_CORRECTION                                                                          \
    "SELECT u.action_id, p.month, c.id, c.update_id, c.field, c.old_value, c.new_value,"           \
    " c.reason, c.by_name, c.corrected_on FROM update_correction c"                                \
    " JOIN main.progress_update u ON u.id = c.update_id"                                           \
    " JOIN main.period p ON p.id = u.period_id"

static const char sql_list[] = SELECT_CORRECTION " WHERE u.action_id = :id ORDER BY p.month, c.id";
static const char sql_list_update[] = SELECT_CORRECTION " WHERE c.update_id = :id ORDER BY c.id";
static const char sql_list_all[] = SELECT_CORRECTION " ORDER BY u.action_id, p.month, c.id";

bool correction_field_ok(const char *field)
{
    for (size_t i = 0; field && i < NFIELDS; i++)
        if (strcmp(fields[i], field) == 0)
            return true;
    return false;
}

/* The index of field in `fields`, or -1. */
static int field_index(const char *field)
{
    for (size_t i = 0; field && i < NFIELDS; i++)
        if (strcmp(fields[i], field) == 0)
            return (int)i;
    return -1;
}

/* Checks value v for field f and writes the value to store in *out (NULL for
 * none; points into v or is NULL).  Adds a message on "value" and returns
 * false when v is not one the field takes. */
static bool value_check(const struct scale *sc, int f, const char *v, const char **out,
                        struct field_errors *errs)
{
    *out = cycle_blank(v) ? NULL : v;
    switch (f) {
    case 0: /* status: those an owner may report; 'complete' only closure gives */
        if (*out && (strcmp(v, "not_started") == 0 || strcmp(v, "in_progress") == 0 ||
                     strcmp(v, "blocked") == 0))
            return true;
        cycle_err(errs, "value", "A status must be not_started, in_progress or blocked");
        return false;
    case 1: { /* percent */
        size_t n = *out ? strlen(v) : 0;
        bool ok = n >= 1 && n <= 3 && strspn(v, "0123456789") == n && atoi(v) <= 100;
        if (ok && !(n > 1 && v[0] == '0'))
            return true;
        cycle_err(errs, "value", "A percentage must be a whole number from 0 to 100");
        return false;
    }
    case 2: { /* confidence: a level, or none */
        if (!*out || scale_level(sc, v) >= 0)
            return true;
        char levels[128];
        scale_describe(sc, levels, sizeof levels);
        cycle_err(errs, "value", "A confidence level must be one of: %s (or empty for none)",
                  levels);
        return false;
    }
    case 3: /* narrative */
        if (!*out) {
            cycle_err(errs, "value", "Enter the narrative as it should read");
            return false;
        }
        if (utf8_chars(v) > LIMIT_NARRATIVE) { /* characters, as every form counts */
            cycle_err(errs, "value", "The narrative must be 20,000 characters or fewer");
            return false;
        }
        return true;
    default: { /* forecast_finish: a date, or none */
        day_t d;
        if (!*out || date_parse(v, &d))
            return true;
        cycle_err(errs, "value",
                  "A forecast finish must be a real date written YYYY-MM-DD (or empty for none)");
        return false;
    }
    }
}

bool correction_value_ok(const struct scale *sc, const char *field, const char *v, char *why,
                         size_t whylen)
{
    struct field_errors errs = FERR_INIT;
    const char *out;
    int f = field_index(field);
    bool ok = f >= 0 && value_check(sc, f, v, &out, &errs);
    snprintf(why, whylen, "%s", f < 0 ? "unknown field" : ferr_first(&errs));
    ferr_free(&errs);
    return ok;
}

/* Reads the value field f of update id reads now into *out (malloc'd; NULL
 * for none).  Returns 0, or -1 (db->err). */
static int current_value(struct db *db, int64_t id, int f, char **out)
{
    *out = NULL;
    sqlite3_stmt *st = db_prepare(db, sql_current[f]);
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    int r = db_step(db, st, "reading the update");
    if (r > 0 && sqlite3_column_type(st, 0) != SQLITE_NULL)
        *out = xstrdup(db_col_text(st, 0));
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

enum cycle_rc correction_make(struct db *db, const struct session_user *u,
                              const struct correction_input *in, struct field_errors *errs,
                              int64_t *id)
{
    ferr_free(errs); /* the refusals of this attempt only */
    enum cycle_rc rc = cycle_need(u, CAP_CORRECT, errs);
    if (rc)
        return rc;
    int f = field_index(in->field);
    int m;
    if (cycle_blank(in->ref))
        cycle_err(errs, "action", "Enter the reference of the action whose update to correct");
    if (!in->month || !month_parse(in->month, &m))
        cycle_err(errs, "period", "Enter the month of the update, written YYYY-MM");
    if (f < 0)
        cycle_err(errs, "field",
                  "Choose the field to correct: status, percent, confidence, narrative or "
                  "forecast_finish");
    if (cycle_blank(in->reason))
        cycle_err(errs, "reason", "Enter the reason for the correction: it is published with it");
    else if (strlen(in->reason) > CORRECTION_REASON_MAX)
        cycle_err(errs, "reason", "The reason must be 2,000 characters or fewer");
    const struct scale *sc = cycle_scale(db);
    if (!sc)
        return CYCLE_ERROR;
    const char *value = NULL;
    if (f >= 0)
        value_check(sc, f, in->value, &value, errs);
    if (errs->n)
        return CYCLE_INVALID;

    if (db_begin(db))
        return CYCLE_ERROR;
    sqlite3_stmt *st = db_prepare(db, sql_find);
    if (!st)
        return cycle_abort(db, CYCLE_ERROR);
    db_bind_text(st, ":ref", in->ref);
    db_bind_text(st, ":month", in->month);
    int r = db_step(db, st, "finding the update");
    int64_t uid = r > 0 ? sqlite3_column_int64(st, 0) : 0;
    bool signed_off = r > 0 && strcmp(db_col_text(st, 1), "signed_off") == 0;
    bool accepted = r > 0 && strcmp(db_col_text(st, 2), "accepted") == 0;
    day_t start = DAY_NONE, forecast;
    if (r > 0 && !date_parse(db_col_text(st, 3), &start))
        start = DAY_NONE;
    sqlite3_reset(st);
    if (r < 0)
        return cycle_abort(db, CYCLE_ERROR);
    if (r == 0 || !accepted) {
        cycle_err(errs, "period", "Action %s has no accepted update in %s", in->ref, in->month);
        return cycle_abort(db, CYCLE_NOT_FOUND);
    }
    if (!signed_off) {
        cycle_err(errs, "period",
                  "%s is not signed off: its updates are still reviewed in the monthly cycle, "
                  "not corrected",
                  in->month);
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    /* the rule of the monthly update (cycle_update.c) and of the imports */
    if (value && strcmp(fields[f], "forecast_finish") == 0 && date_parse(value, &forecast) &&
        start != DAY_NONE && forecast < start) {
        char s[DATE_LEN];
        date_format(start, s);
        cycle_err(errs, "value", "A forecast finish must not be before the action's start (%s)", s);
        return cycle_abort(db, CYCLE_INVALID);
    }
    char *old = NULL;
    if (current_value(db, uid, f, &old))
        return cycle_abort(db, CYCLE_ERROR);
    if ((!old && !value) || (old && value && strcmp(old, value) == 0)) {
        cycle_err(errs, "value", "The update's %s already reads so: nothing to correct", fields[f]);
        free(old);
        return cycle_abort(db, CYCLE_INVALID);
    }
    char at[21], on[DATE_LEN];
    date_now_utc(at);
    snprintf(on, sizeof on, "%.10s", at);
    struct ledger_row row;
    ledger_row_init(&row, T_UPDATE_CORRECTION, 0);
    ledger_row_int(&row, "update_id", uid);
    ledger_row_text(&row, "field", fields[f]);
    ledger_row_text(&row, "old_value", old);
    ledger_row_text(&row, "new_value", value);
    ledger_row_text(&row, "reason", in->reason);
    ledger_row_int(&row, "account_id", u->account_id);
    ledger_row_text(&row, "by_name", u->name);
    ledger_row_text(&row, "corrected_on", on);
    ledger_row_text(&row, "at", at);
    if (u->person_id > 0)
        ledger_row_int(&row, "person_id", u->person_id);
    else
        ledger_row_null(&row, "person_id");
    int64_t cid = ledger_put_row(db, &row, 0);
    free(old);
    if (cid < 0 || db_commit(db))
        return cycle_abort(db, CYCLE_ERROR);
    if (id)
        *id = cid;
    return CYCLE_OK;
}

/* Runs a list query (st prepared and bound), appending to *out. */
static int list_run(struct db *db, sqlite3_stmt *st, struct correction **out, int64_t **ids,
                    size_t *n)
{
    size_t cap = 0, icap = 0;
    int rc;
    *out = NULL;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        if (ids) {
            *ids = xgrow(*ids, *n, &icap, sizeof **ids);
            (*ids)[*n] = sqlite3_column_int64(st, 0);
        }
        struct correction *c = &(*out)[(*n)++];
        memset(c, 0, sizeof *c);
        snprintf(c->month, sizeof c->month, "%s", db_col_text(st, 1));
        c->id = sqlite3_column_int64(st, 2);
        c->update_id = sqlite3_column_int64(st, 3);
        snprintf(c->field, sizeof c->field, "%s", db_col_text(st, 4));
        c->old_value =
            sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : xstrdup(db_col_text(st, 5));
        c->new_value =
            sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL : xstrdup(db_col_text(st, 6));
        c->reason = xstrdup(db_col_text(st, 7));
        c->by_name = xstrdup(db_col_text(st, 8));
        snprintf(c->corrected_on, sizeof c->corrected_on, "%s", db_col_text(st, 9));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "reading corrections");
        correction_list_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

int correction_list(struct db *db, int64_t action_id, struct correction **out, size_t *n)
{
    sqlite3_stmt *st = db_prepare(db, sql_list);
    if (!st)
        return -1;
    db_bind_int(st, ":id", action_id);
    return list_run(db, st, out, NULL, n);
}

int correction_list_all(struct db *db, struct correction **out, int64_t **action_ids, size_t *n)
{
    sqlite3_stmt *st = db_prepare(db, sql_list_all);
    *action_ids = NULL;
    if (!st)
        return -1;
    int rc = list_run(db, st, out, action_ids, n);
    if (rc) {
        free(*action_ids);
        *action_ids = NULL;
    }
    return rc;
}

int correction_notes(struct db *db, const struct scale *sc, int64_t update_id, char **out)
{
    struct correction *c;
    size_t n;
    *out = NULL;
    sqlite3_stmt *st = db_prepare(db, sql_list_update);
    if (!st)
        return -1;
    db_bind_int(st, ":id", update_id);
    if (list_run(db, st, &c, NULL, &n))
        return -1;
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(&b, '\n');
        correction_note(sc, &c[i], &b);
    }
    *out = n ? buf_detach(&b) : NULL;
    buf_free(&b);
    correction_list_free(c, n);
    return 0;
}

int correction_months(struct db *db, int64_t action_id, char (**months)[MONTH_LEN], size_t *n)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT p.month FROM main.progress_update u"
                                      " JOIN main.period p ON p.id = u.period_id"
                                      " WHERE u.action_id = :id AND u.state = 'accepted'"
                                      " AND p.status = 'signed_off' ORDER BY p.month DESC");
    size_t cap = 0;
    int rc;
    *months = NULL;
    *n = 0;
    if (!st)
        return -1;
    db_bind_int(st, ":id", action_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *months = xgrow(*months, *n, &cap, sizeof **months);
        snprintf((*months)[(*n)++], MONTH_LEN, "%s", db_col_text(st, 0));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "listing the signed-off months");
        free(*months);
        *months = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

void correction_list_free(struct correction *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++) {
        free(c[i].old_value);
        free(c[i].new_value);
        free(c[i].reason);
        free(c[i].by_name);
    }
    free(c);
}

/* Appends value v of field f as people read it. */
static void value_text(const struct scale *sc, const char *field, const char *v, struct buf *out)
{
    if (!v) {
        buf_puts(out, "none");
    } else if (strcmp(field, "status") == 0) {
        buf_puts(out, strcmp(v, "not_started") == 0   ? "not started"
                      : strcmp(v, "in_progress") == 0 ? "in progress"
                                                      : v);
    } else if (strcmp(field, "percent") == 0) {
        buf_printf(out, "%s%% complete", v);
    } else if (strcmp(field, "confidence") == 0) {
        int l = sc ? scale_level(sc, v) : -1;
        buf_puts(out, l >= 0 ? sc->levels[l].label : v);
        buf_puts(out, " confidence");
    } else if (strcmp(field, "narrative") == 0) {
        buf_printf(out, "\xe2\x80\x9c%s\xe2\x80\x9d", v);
    } else {
        buf_puts(out, v);
    }
}

void correction_note(const struct scale *sc, const struct correction *c, struct buf *out)
{
    const char *what = strcmp(c->field, "forecast_finish") == 0 ? "forecast finish" : c->field;
    buf_printf(out, "Corrected on %s by %s: %s was ", c->corrected_on, c->by_name, what);
    value_text(sc, c->field, c->old_value, out);
    buf_puts(out, ", now ");
    value_text(sc, c->field, c->new_value, out);
    buf_printf(out, ", because %s", c->reason);
    size_t n = strlen(c->reason);
    if (n == 0 || !strchr(".!?", c->reason[n - 1]))
        buf_putc(out, '.');
}

int correction_actor(struct db *db, const char *username, struct session_user *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, "SELECT id, name, role, coalesce(person_id, 0) FROM account"
                                      " WHERE username = :username AND disabled = 0");
    if (!st)
        return -1;
    db_bind_text(st, ":username", username);
    int r = db_step(db, st, "reading the account");
    if (r > 0) {
        int role = role_parse(db_col_text(st, 2));
        out->account_id = sqlite3_column_int64(st, 0);
        snprintf(out->name, sizeof out->name, "%s", db_col_text(st, 1));
        snprintf(out->username, sizeof out->username, "%s", username);
        out->role = role < 0 ? ROLE_VIEWER : (enum role)role;
        out->person_id = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    return r;
}

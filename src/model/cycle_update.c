/* cycle_update.c — an owner's monthly update, and the programme office's review of it. */
#include "model/limits.h"
#include "model/cycle_int.h"
#include "model/cycle_list.h"
#include "model/ledger.h"
#include "model/mail.h"
#include "model/scale.h"
#include "model/rules.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The statuses an owner may report: 'complete' comes only through closure. */
static bool reportable_status(const char *s)
{
    return strcmp(s, "not_started") == 0 || strcmp(s, "in_progress") == 0 ||
           strcmp(s, "blocked") == 0;
}

const struct scale *cycle_scale(struct db *db)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT rating_scale FROM organisation WHERE id = 1");
    if (!st)
        return NULL;
    const struct scale *s = NULL;
    if (sqlite3_step(st) == SQLITE_ROW)
        s = scale_find(db_col_text(st, 0));
    sqlite3_reset(st);
    return s ? s : scale_find("confidence3");
}

/* Parses a percentage "0" … "100" (digits only). */
static bool parse_percent(const char *s, int *out)
{
    if (!s || !*s || strlen(s) > 3)
        return false;
    int v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        v = v * 10 + (*p - '0');
    }
    if (v > 100)
        return false;
    *out = v;
    return true;
}

/* Checks every field of an update of an action that starts on `start`
 * (DAY_NONE: unknown), adding a message per problem.  Fills the parsed
 * percent.  Returns true when all is well.  The rules are those plan_check
 * applies to an imported update (plan_check.c), so the form, the API and the
 * imports refuse the same things. */
static bool update_check(const struct scale *sc, day_t start, const struct cycle_update_input *in,
                         struct field_errors *errs, int *percent, size_t *nlinks)
{
    size_t before = errs->n;
    const char *why;
    const char *status = in->status ? in->status : "";
    if (cycle_blank(status))
        cycle_err(errs, "status", "Select the action's status");
    else if (strcmp(status, "complete") == 0)
        cycle_err(errs, "status",
                  "An action becomes complete only when its closure is accepted: propose "
                  "closing it instead");
    else if (!reportable_status(status))
        cycle_err(errs, "status", "Status must be not started, in progress or blocked");

    if (cycle_blank(in->percent))
        cycle_err(errs, "percent", "Enter the percentage complete, from 0 to 100");
    else if (!parse_percent(in->percent, percent))
        cycle_err(errs, "percent", "Percentage complete must be a whole number from 0 to 100");
    else if (reportable_status(status) &&
             (why = limits_percent(action_status_parse(status), *percent)))
        cycle_err(errs, "percent", "Percentage complete %s", why);

    char levels[128];
    scale_describe(sc, levels, sizeof levels);
    if (cycle_blank(in->confidence)) {
        if (in->submit)
            cycle_err(errs, "confidence", "Select a confidence level (%s) to submit", levels);
    } else if (scale_level(sc, in->confidence) < 0) {
        cycle_err(errs, "confidence", "Confidence must be one of: %s", levels);
    }

    if (cycle_blank(in->narrative)) {
        if (in->submit)
            cycle_err(errs, "narrative",
                      "Enter the narrative: what was done this month and what comes next "
                      "(needed to submit)");
    } else if ((why = limits_text(in->narrative, LIMIT_NARRATIVE, true))) {
        cycle_err(errs, "narrative", "The narrative %s", why);
    }

    day_t d;
    if (!cycle_blank(in->forecast_finish) && !date_parse(in->forecast_finish, &d))
        cycle_err(errs, "forecast_finish",
                  "Forecast finish must be a real date written YYYY-MM-DD, for example "
                  "2015-09-30");
    else if (!cycle_blank(in->forecast_finish) && (why = limits_date(d)))
        cycle_err(errs, "forecast_finish", "Forecast finish %s", why);
    else if (!cycle_blank(in->forecast_finish) && start != DAY_NONE && d < start) {
        char s[DATE_LEN];
        date_format(start, s);
        cycle_err(errs, "forecast_finish",
                  "Forecast finish must not be before the action's start (%s)", s);
    }

    *nlinks = cycle_links_check(in->links, in->nlinks, errs);
    return errs->n == before;
}

enum cycle_rc cycle_update_save(struct db *db, const struct session_user *u, const char *ref,
                                const struct cycle_update_input *in, struct field_errors *errs,
                                int64_t *id)
{
    ferr_free(errs); /* starts empty */
    *id = 0;
    struct cycle_action a;
    enum cycle_rc rc = cycle_begin_owned(db, u, ref, "no update is due", &a, errs);
    if (rc)
        return rc;
    struct cycle_period p;
    int found = cycle_period_open_now(db, &p);
    if (found < 0)
        return cycle_abort(db, CYCLE_ERROR);
    if (!found) {
        cycle_err(errs, "", "No period is open for updates: the programme office opens each month");
        return cycle_abort(db, CYCLE_CONFLICT);
    }

    sqlite3_stmt *st = db_prepare(db, "SELECT id, state FROM progress_update "
                                      "WHERE action_id = :action AND period_id = :period");
    if (!st)
        return cycle_abort(db, CYCLE_ERROR);
    db_bind_int(st, ":action", a.id);
    db_bind_int(st, ":period", p.id);
    int64_t old = 0;
    char state[16] = "";
    if (sqlite3_step(st) == SQLITE_ROW) {
        old = sqlite3_column_int64(st, 0);
        snprintf(state, sizeof state, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    if (strcmp(state, "submitted") == 0) {
        cycle_err(errs, "",
                  "The update of %s for %s is submitted and awaits review: it can be changed "
                  "only if the programme office returns it",
                  ref, p.month);
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    if (strcmp(state, "accepted") == 0) {
        cycle_err(errs, "", "The update of %s for %s was accepted: it can no longer change", ref,
                  p.month);
        return cycle_abort(db, CYCLE_CONFLICT);
    }

    const struct scale *sc = cycle_scale(db);
    if (!sc)
        return cycle_abort(db, CYCLE_ERROR);
    int percent = 0;
    size_t nlinks = 0;
    if (!update_check(sc, a.start, in, errs, &percent, &nlinks))
        return cycle_abort(db, CYCLE_INVALID);

    json_t *s =
        json_pack("{s:o, s:I, s:I, s:s, s:s, s:i, s:o, s:s, s:o, s:I}", "id",
                  old ? json_integer(old) : json_null(), "action_id", (json_int_t)a.id, "period_id",
                  (json_int_t)p.id, "state", in->submit ? "submitted" : "draft", "status",
                  in->status, "percent", percent, "confidence",
                  cycle_blank(in->confidence) ? json_null() : json_string(in->confidence),
                  "narrative", in->narrative ? in->narrative : "", "forecast_finish",
                  cycle_blank(in->forecast_finish) ? json_null() : json_string(in->forecast_finish),
                  "author_id", (json_int_t)u->person_id);
    int64_t uid = s ? ledger_put(db, T_PROGRESS_UPDATE, s, 0) : -1;
    json_decref(s);
    if (uid < 0 || cycle_links_store(db, false, uid, in->links, in->nlinks))
        return cycle_abort(db, CYCLE_ERROR);
    rc = cycle_docs_store(db, u, false, uid, in->uploads, in->nuploads, in->remove, in->nremove,
                          errs);
    if (rc)
        return cycle_abort(db, rc);
    if (in->saved && cycle_update_load(db, uid, in->saved) <= 0)
        return cycle_abort(db, CYCLE_ERROR);
    if (db_commit(db)) {
        if (in->saved)
            cycle_update_free(in->saved);
        return cycle_abort(db, CYCLE_ERROR);
    }
    *id = uid;
    return CYCLE_OK;
}

/* Makes action `action_id` take `status` (a reportable one), unless it is
 * complete or retired.  Returns 0, or -1 (db->err). */
static int action_follow(struct db *db, int64_t action_id, const char *status)
{
    if (!reportable_status(status))
        return 0;
    json_t *s = ledger_row_state(db, T_ACTION, action_id);
    if (!s) {
        snprintf(db->err, sizeof db->err, "action %" PRId64 " vanished", action_id);
        return -1;
    }
    const char *now = json_string_value(json_object_get(s, "status"));
    int rc = 0;
    if (now && strcmp(now, "complete") != 0 && strcmp(now, "retired") != 0 &&
        strcmp(now, status) != 0) {
        json_object_set_new(s, "status", json_string(status));
        rc = ledger_put(db, T_ACTION, s, 0) < 0 ? -1 : 0;
    }
    json_decref(s);
    return rc;
}

enum cycle_rc cycle_review(struct db *db, const struct session_user *u, int64_t update_id,
                           bool accept, const char *comment, struct field_errors *errs)
{
    ferr_free(errs); /* starts empty */
    enum cycle_rc rc = cycle_need(u, CAP_REVIEW, errs);
    if (rc)
        return rc;
    if (!accept && cycle_blank(comment))
        return cycle_err(errs, "comment",
                         "Enter a comment saying what the owner should change before "
                         "resubmitting");
    const char *why = limits_text(comment, LIMIT_NARRATIVE, true);
    if (why)
        return cycle_err(errs, "comment", "The comment %s", why);
    if (db_begin(db))
        return CYCLE_ERROR;
    json_t *s = ledger_row_state(db, T_PROGRESS_UPDATE, update_id);
    if (!s) {
        cycle_err(errs, "", "There is no update %" PRId64, update_id);
        return cycle_abort(db, CYCLE_NOT_FOUND);
    }
    const char *state = json_string_value(json_object_get(s, "state"));
    if (!state || strcmp(state, "submitted") != 0) {
        cycle_err(errs, "", "This update is %s, not submitted: only submitted updates are reviewed",
                  state ? state : "unreadable");
        json_decref(s);
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    /* a signed-off month is frozen, whatever an import left in it */
    sqlite3_stmt *st = db_prepare(db, "SELECT month, status FROM period WHERE id = :id");
    if (!st) {
        json_decref(s);
        return cycle_abort(db, CYCLE_ERROR);
    }
    db_bind_int(st, ":id", json_integer_value(json_object_get(s, "period_id")));
    bool frozen = sqlite3_step(st) == SQLITE_ROW && strcmp(db_col_text(st, 1), "signed_off") == 0;
    if (frozen)
        cycle_err(errs, "", "%s is signed off: its updates no longer change", db_col_text(st, 0));
    sqlite3_reset(st);
    if (frozen) {
        json_decref(s);
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    char at[21];
    date_now_utc(at);
    json_t *r = json_pack("{s:n, s:I, s:s, s:s, s:o, s:s}", "id", "update_id",
                          (json_int_t)update_id, "decision", accept ? "accepted" : "returned",
                          "comment", comment ? comment : "", "account_id",
                          u->account_id ? json_integer(u->account_id) : json_null(), "at", at);
    int64_t rid = ledger_put(db, T_UPDATE_REVIEW, r, 0);
    json_decref(r);
    json_object_set_new(s, "state", json_string(accept ? "accepted" : "returned"));
    int bad = rid < 0 || ledger_put(db, T_PROGRESS_UPDATE, s, 0) < 0;
    if (!bad && accept) {
        const char *status = json_string_value(json_object_get(s, "status"));
        bad = action_follow(db, json_integer_value(json_object_get(s, "action_id")),
                            status ? status : "");
    }
    json_decref(s);
    if (bad || mail_on_review(db, update_id, accept, comment) || db_commit(db))
        return cycle_abort(db, CYCLE_ERROR);
    return CYCLE_OK;
}

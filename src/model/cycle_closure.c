/* cycle_closure.c — proposing to close an action, and deciding on it (cycle.h). */
#include "model/limits.h"
#include "model/cycle_int.h"
#include "model/ledger.h"
#include "model/mail.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cycle_closure_default_date(struct db *db, day_t *out)
{
    struct cycle_period p;
    int found = cycle_period_open_now(db, &p);
    int m;
    if (found < 0)
        return -1;
    *out = found && month_parse(p.month, &m) ? month_last_day(m) : date_today();
    return 0;
}

/* The action's planned start, or DAY_NONE.  Returns 0 or -1 (db->err). */
static int action_start(struct db *db, int64_t action_id, day_t *out)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT start FROM action WHERE id = :id");
    if (!st)
        return -1;
    db_bind_int(st, ":id", action_id);
    *out = sqlite3_step(st) == SQLITE_ROW ? db_col_date(st, 0) : DAY_NONE;
    sqlite3_reset(st);
    return 0;
}

/* Checks the completion date a proposal gives (field completed_on): a real
 * date, not before the action's start `start`, not after `latest` (the last
 * day of the open period, or today) nor after today.  Adds a message to errs
 * when it is refused; *on gets the date. */
static void completion_check(const char *text, day_t start, day_t latest, day_t *on,
                             struct field_errors *errs)
{
    char d[DATE_LEN];
    *on = DAY_NONE;
    if (cycle_blank(text)) {
        cycle_err(errs, "completed_on", "Enter the date the action was completed");
    } else if (!date_parse(text, on)) {
        cycle_err(errs, "completed_on",
                  "The completion date must be a real date written YYYY-MM-DD, for example "
                  "2015-04-30");
    } else if (start != DAY_NONE && *on < start) {
        date_format(start, d);
        cycle_err(errs, "completed_on",
                  "The completion date must be on or after the action's start, %s", d);
    } else if (*on > latest || *on > date_today()) {
        date_format(latest < date_today() ? latest : date_today(), d);
        cycle_err(errs, "completed_on",
                  "The completion date cannot be in the future: %s at the latest", d);
    }
}

enum cycle_rc cycle_closure_propose(struct db *db, const struct session_user *u, const char *ref,
                                    const char *evidence, const char *completed_on,
                                    const struct cycle_link *links, size_t nlinks,
                                    const struct document_upload *uploads, size_t nuploads,
                                    struct field_errors *errs, int64_t *id)
{
    ferr_free(errs); /* starts empty */
    *id = 0;
    struct cycle_action a;
    enum cycle_rc rc = cycle_begin_owned(db, u, ref, "it needs no closing", &a, errs);
    if (rc)
        return rc;
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM closure "
                                      "WHERE action_id = :action AND state = 'proposed'");
    if (!st)
        return cycle_abort(db, CYCLE_ERROR);
    db_bind_int(st, ":action", a.id);
    int64_t pending = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (pending) {
        cycle_err(errs, "", "A proposal to close %s already awaits a decision", ref);
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    if (cycle_blank(evidence))
        cycle_err(errs, "evidence", "Enter the evidence that the closure criteria are met");
    else if (limits_text(evidence, LIMIT_NARRATIVE, true))
        cycle_err(errs, "evidence", "The evidence %s",
                  limits_text(evidence, LIMIT_NARRATIVE, true));
    day_t start, latest, on;
    if (action_start(db, a.id, &start) || cycle_closure_default_date(db, &latest))
        return cycle_abort(db, CYCLE_ERROR);
    completion_check(completed_on, start, latest, &on, errs);
    cycle_links_check(links, nlinks, errs);
    if (errs->n)
        return cycle_abort(db, CYCLE_INVALID);

    char at[21];
    date_now_utc(at);
    json_t *s =
        json_pack("{s:n, s:I, s:s, s:s, s:s, s:o, s:s, s:n, s:n}", "id", "action_id",
                  (json_int_t)a.id, "state", "proposed", "evidence", evidence, "comment", "",
                  "proposed_by_id", u->account_id ? json_integer(u->account_id) : json_null(),
                  "proposed_at", at, "decided_by_id", "decided_at");
    int64_t cid = s ? ledger_put(db, T_CLOSURE, s, 0) : -1;
    json_decref(s);
    char d[DATE_LEN];
    date_format(on, d);
    json_t *c = cid < 0 ? NULL
                        : json_pack("{s:n, s:I, s:s}", "id", "closure_id", (json_int_t)cid,
                                    "completed_on", d);
    int64_t done = c ? ledger_put(db, T_CLOSURE_COMPLETION, c, 0) : -1;
    json_decref(c);
    if (cid < 0 || done < 0 || cycle_links_store(db, true, cid, links, nlinks))
        return cycle_abort(db, CYCLE_ERROR);
    rc = cycle_docs_store(db, u, true, cid, uploads, nuploads, NULL, 0, errs);
    if (rc)
        return cycle_abort(db, rc);
    if (mail_on_closure_proposed(db, cid) || db_commit(db))
        return cycle_abort(db, CYCLE_ERROR);
    *id = cid;
    return CYCLE_OK;
}

/* Sets action `action_id` complete on `on`.  Returns 0, or -1 (db->err). */
static int action_complete(struct db *db, int64_t action_id, day_t on)
{
    json_t *s = ledger_row_state(db, T_ACTION, action_id);
    if (!s) {
        snprintf(db->err, sizeof db->err, "action %" PRId64 " vanished", action_id);
        return -1;
    }
    char d[DATE_LEN];
    date_format(on, d);
    json_object_set_new(s, "status", json_string("complete"));
    json_object_set_new(s, "completed_on", json_string(d));
    int rc = ledger_put(db, T_ACTION, s, 0) < 0 ? -1 : 0;
    json_decref(s);
    return rc;
}

/* The completion date of proposal `id`: the one it gave, or for a proposal
 * made before proposals gave one, the day it was proposed (`proposed_at`).
 * Returns 0 or -1 (db->err). */
static int completion_date(struct db *db, int64_t id, const char *proposed_at, day_t *out)
{
    sqlite3_stmt *st =
        db_prepare(db, "SELECT completed_on FROM closure_completion WHERE closure_id = :id");
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    *out = sqlite3_step(st) == SQLITE_ROW ? db_col_date(st, 0) : DAY_NONE;
    sqlite3_reset(st);
    char day[DATE_LEN] = "";
    if (*out == DAY_NONE && proposed_at && strlen(proposed_at) >= DATE_LEN - 1) {
        memcpy(day, proposed_at, DATE_LEN - 1);
        day[DATE_LEN - 1] = '\0';
        if (!date_parse(day, out))
            *out = DAY_NONE;
    }
    if (*out == DAY_NONE) {
        snprintf(db->err, sizeof db->err, "closure %" PRId64 " has no completion date", id);
        return -1;
    }
    return 0;
}

enum cycle_rc cycle_closure_decide(struct db *db, const struct session_user *u, int64_t id,
                                   bool accept, const char *comment, struct field_errors *errs)
{
    ferr_free(errs); /* starts empty */
    enum cycle_rc rc = cycle_need(u, CAP_CLOSE, errs);
    if (rc)
        return rc;
    if (!accept && cycle_blank(comment))
        return cycle_err(errs, "comment",
                         "Enter a comment saying why the action is not ready to close");
    const char *why = limits_text(comment, LIMIT_NARRATIVE, true);
    if (why)
        return cycle_err(errs, "comment", "The comment %s", why);
    if (db_begin(db))
        return CYCLE_ERROR;
    json_t *s = ledger_row_state(db, T_CLOSURE, id);
    if (!s) {
        cycle_err(errs, "", "There is no closure proposal %" PRId64, id);
        return cycle_abort(db, CYCLE_NOT_FOUND);
    }
    int64_t action_id = json_integer_value(json_object_get(s, "action_id"));
    const char *state = json_string_value(json_object_get(s, "state"));
    bool awaiting_panel = json_is_integer(json_object_get(s, "decided_by_id"));
    sqlite3_stmt *st =
        db_prepare(db, "SELECT ref, coalesce(panel_lead_id, 0), status FROM action WHERE id = :id");
    if (!st) {
        json_decref(s);
        return cycle_abort(db, CYCLE_ERROR);
    }
    db_bind_int(st, ":id", action_id);
    char ref[64] = "", status[16] = "";
    bool panel_led = false;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(ref, sizeof ref, "%s", db_col_text(st, 0));
        panel_led = sqlite3_column_int64(st, 1) != 0;
        snprintf(status, sizeof status, "%s", db_col_text(st, 2));
    }
    sqlite3_reset(st);

    bool panel = u->role == ROLE_PANEL;
    rc = CYCLE_OK;
    if (!state || strcmp(state, "proposed") != 0) {
        cycle_err(errs, "", "This proposal to close %s was already %s", ref,
                  state ? state : "decided");
        rc = CYCLE_CONFLICT;
    } else if (panel && !panel_led) {
        cycle_err(errs, "", "Action %s is not panel-led: the programme office decides its closure",
                  ref);
        rc = CYCLE_DENIED;
    } else if (panel && !awaiting_panel) {
        cycle_err(errs, "",
                  "The programme office decides on closing %s first; the panel then confirms it",
                  ref);
        rc = CYCLE_CONFLICT;
    } else if (!panel && awaiting_panel) {
        cycle_err(errs, "", "The programme office has accepted closing %s; it now awaits the panel",
                  ref);
        rc = CYCLE_CONFLICT;
    } else if (accept && (strcmp(status, "complete") == 0 || strcmp(status, "retired") == 0)) {
        cycle_err(errs, "", "Action %s is already %s", ref, status);
        rc = CYCLE_CONFLICT;
    }
    if (rc) {
        json_decref(s);
        return cycle_abort(db, rc);
    }

    /* the programme office's acceptance of a panel-led action waits for the panel */
    bool completes = accept && (panel || !panel_led);
    char at[21];
    date_now_utc(at);
    json_object_set_new(s, "state",
                        json_string(!accept     ? "returned"
                                    : completes ? "accepted"
                                                : "proposed"));
    json_object_set_new(s, "comment", json_string(comment ? comment : ""));
    json_object_set_new(s, "decided_by_id",
                        u->account_id ? json_integer(u->account_id) : json_null());
    json_object_set_new(s, "decided_at", json_string(at));
    day_t on = DAY_NONE;
    int bad = completes &&
              completion_date(db, id, json_string_value(json_object_get(s, "proposed_at")), &on);
    bad = bad || ledger_put(db, T_CLOSURE, s, 0) < 0;
    json_decref(s);
    if (!bad && completes)
        bad = action_complete(db, action_id, on);
    if (bad || db_commit(db))
        return cycle_abort(db, CYCLE_ERROR);
    return CYCLE_OK;
}

/* cycle_closure.c — proposing to close an action, and deciding on it (cycle.h). */
#include "model/cycle_int.h"
#include "model/ledger.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum cycle_rc cycle_closure_propose(struct db *db, const struct session_user *u, const char *ref,
                                    const char *evidence, const struct cycle_link *links,
                                    size_t nlinks, const struct document_upload *uploads,
                                    size_t nuploads, struct cycle_errors *errs, int64_t *id)
{
    errs->n = 0;
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
    else if (strlen(evidence) > CYCLE_NARRATIVE)
        cycle_err(errs, "evidence", "The evidence must be 20,000 characters or fewer");
    cycle_links_check(links, nlinks, errs);
    if (errs->n)
        return cycle_abort(db, CYCLE_INVALID);

    char at[21];
    cycle_now(at);
    json_t *s =
        json_pack("{s:n, s:I, s:s, s:s, s:s, s:o, s:s, s:n, s:n}", "id", "action_id",
                  (json_int_t)a.id, "state", "proposed", "evidence", evidence, "comment", "",
                  "proposed_by_id", u->account_id ? json_integer(u->account_id) : json_null(),
                  "proposed_at", at, "decided_by_id", "decided_at");
    int64_t cid = s ? ledger_put(db, T_CLOSURE, s, 0) : -1;
    json_decref(s);
    if (cid < 0 || cycle_links_store(db, true, cid, links, nlinks))
        return cycle_abort(db, CYCLE_ERROR);
    rc = cycle_docs_store(db, u, true, cid, uploads, nuploads, NULL, 0, errs);
    if (rc)
        return cycle_abort(db, rc);
    if (db_commit(db))
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

enum cycle_rc cycle_closure_decide(struct db *db, const struct session_user *u, int64_t id,
                                   bool accept, const char *comment, day_t on,
                                   struct cycle_errors *errs)
{
    errs->n = 0;
    enum cycle_rc rc = cycle_need(u, CAP_CLOSE, errs);
    if (rc)
        return rc;
    if (!accept && cycle_blank(comment))
        return cycle_err(errs, "comment",
                         "Enter a comment saying why the action is not ready to close");
    if (comment && strlen(comment) > CYCLE_NARRATIVE)
        return cycle_err(errs, "comment", "The comment must be 20,000 characters or fewer");
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
    cycle_now(at);
    json_object_set_new(s, "state",
                        json_string(!accept     ? "returned"
                                    : completes ? "accepted"
                                                : "proposed"));
    json_object_set_new(s, "comment", json_string(comment ? comment : ""));
    json_object_set_new(s, "decided_by_id",
                        u->account_id ? json_integer(u->account_id) : json_null());
    json_object_set_new(s, "decided_at", json_string(at));
    int bad = ledger_put(db, T_CLOSURE, s, 0) < 0;
    json_decref(s);
    if (!bad && completes)
        bad = action_complete(db, action_id, on);
    if (bad || db_commit(db))
        return cycle_abort(db, CYCLE_ERROR);
    return CYCLE_OK;
}

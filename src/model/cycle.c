/* cycle.c — the cycle's shared helpers and its periods: open, close, sign off. */
#include "lib/text.h"
#include "model/cycle_int.h"
#include "model/document.h"
#include "model/ledger.h"
#include "model/mail.h"
#include "model/record.h"
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* -- shared helpers -------------------------------------------------------------- */

enum cycle_rc cycle_err(struct field_errors *errs, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ferr_vadd(errs, field, fmt, ap);
    va_end(ap);
    return CYCLE_INVALID;
}

bool cycle_blank(const char *s)
{
    for (; s && *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

enum cycle_rc cycle_abort(struct db *db, enum cycle_rc rc)
{
    db_rollback(db);
    return rc;
}

int cycle_action_find(struct db *db, const char *ref, struct cycle_action *a)
{
    memset(a, 0, sizeof *a);
    sqlite3_stmt *st = db_prepare(
        db, "SELECT id, coalesce(owner_id, 0), coalesce(panel_lead_id, 0), status, start "
            "FROM action "
            "WHERE ref = :ref");
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref ? ref : "");
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        a->id = sqlite3_column_int64(st, 0);
        a->owner_id = sqlite3_column_int64(st, 1);
        a->panel_lead_id = sqlite3_column_int64(st, 2);
        snprintf(a->status, sizeof a->status, "%s", db_col_text(st, 3));
        if (!date_parse(db_col_text(st, 4), &a->start))
            a->start = DAY_NONE;
    }
    sqlite3_reset(st);
    return found;
}

enum cycle_rc cycle_need(const struct session_user *u, enum cap cap, struct field_errors *errs)
{
    if (u && role_has(u->role, cap))
        return CYCLE_OK;
    cycle_err(errs, "", "Your role (%s) cannot %s", u ? role_label(u->role) : "signed out",
              cap_label(cap));
    return CYCLE_DENIED;
}

enum cycle_rc cycle_begin_owned(struct db *db, const struct session_user *u, const char *ref,
                                const char *closed_why, struct cycle_action *a,
                                struct field_errors *errs)
{
    enum cycle_rc rc = cycle_need(u, CAP_UPDATE, errs);
    if (rc)
        return rc;
    if (db_begin(db))
        return CYCLE_ERROR;
    int found = cycle_action_find(db, ref, a);
    if (found < 0)
        return cycle_abort(db, CYCLE_ERROR);
    if (!found) {
        cycle_err(errs, "", "There is no action %s", ref ? ref : "");
        return cycle_abort(db, CYCLE_NOT_FOUND);
    }
    if ((rc = cycle_need_owner(u, a, ref, errs)))
        return cycle_abort(db, rc);
    if (strcmp(a->status, "complete") == 0 || strcmp(a->status, "retired") == 0) {
        cycle_err(errs, "", "Action %s is %s: %s", ref, a->status, closed_why);
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    return CYCLE_OK;
}

enum cycle_rc cycle_need_owner(const struct session_user *u, const struct cycle_action *a,
                               const char *ref, struct field_errors *errs)
{
    if (!u->person_id) {
        cycle_err(errs, "",
                  "Your account is not linked to a person of the plan, so you own no actions");
        return CYCLE_DENIED;
    }
    if (a->owner_id != u->person_id) {
        cycle_err(errs, "",
                  "You are not the owner of action %s: only its owner updates it and proposes "
                  "closing it",
                  ref);
        return CYCLE_DENIED;
    }
    return CYCLE_OK;
}

/* Whether s starts with http:// or https:// and has something after it. */
static bool web_address(const char *s)
{
    size_t skip = strncmp(s, "http://", 7) == 0 ? 7 : strncmp(s, "https://", 8) == 0 ? 8 : 0;
    if (!skip || !s[skip])
        return false;
    for (const char *p = s; *p; p++)
        if (isspace((unsigned char)*p) || (unsigned char)*p < 0x20)
            return false;
    return true;
}

size_t cycle_links_check(const struct cycle_link *links, size_t n, struct field_errors *errs)
{
    size_t keep = 0;
    bool bad = false;
    for (size_t i = 0; i < n; i++) {
        const char *label = links[i].label ? links[i].label : "";
        const char *url = links[i].url ? links[i].url : "";
        if (cycle_blank(label) && cycle_blank(url))
            continue;
        char field[32];
        if (cycle_blank(label) || strlen(label) > CYCLE_LABEL_MAX) {
            snprintf(field, sizeof field, "evidence_label_%u", (unsigned)(i + 1));
            cycle_err(errs, field,
                      cycle_blank(label)
                          ? "Enter a label for evidence link %zu"
                          : "The label of evidence link %zu must be 200 characters or fewer",
                      i + 1);
            bad = true;
        }
        if (!web_address(url) || strlen(url) > CYCLE_URL_MAX) {
            snprintf(field, sizeof field, "evidence_url_%u", (unsigned)(i + 1));
            cycle_err(errs, field,
                      cycle_blank(url)
                          ? "Enter the web address of evidence link %zu, or clear its label"
                          : "The address of evidence link %zu must be a web address starting "
                            "with https:// or http:// (no spaces, at most 2,000 characters)",
                      i + 1);
            bad = true;
        }
        keep++;
    }
    if (keep > CYCLE_MAX_LINKS) {
        cycle_err(errs, "evidence_label_1", "Give at most %d evidence links", CYCLE_MAX_LINKS);
        bad = true;
    }
    return bad ? SIZE_MAX : keep;
}

int cycle_links_store(struct db *db, bool closure, int64_t owner, const struct cycle_link *links,
                      size_t n)
{
    sqlite3_stmt *st = db_prepare(db, closure ? "SELECT id FROM evidence WHERE closure_id = :owner "
                                                "AND url IS NOT NULL ORDER BY id"
                                              : "SELECT id FROM evidence WHERE update_id = :owner "
                                                "AND url IS NOT NULL ORDER BY id");
    if (!st)
        return -1;
    db_bind_int(st, ":owner", owner);
    int64_t *old = NULL;
    size_t nold = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        old = xgrow(old, nold, &cap, sizeof *old);
        old[nold++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < nold; i++)
        rc = ledger_delete(db, T_EVIDENCE, old[i]);
    free(old);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (cycle_blank(links[i].label) && cycle_blank(links[i].url))
            continue;
        json_t *s = json_pack("{s:n, s:o, s:o, s:s, s:s, s:n}", "id", "update_id",
                              closure ? json_null() : json_integer(owner), "closure_id",
                              closure ? json_integer(owner) : json_null(), "label", links[i].label,
                              "url", links[i].url, "document_id");
        rc = ledger_put(db, T_EVIDENCE, s, 0) < 0 ? -1 : 0;
        json_decref(s);
    }
    return rc;
}

/* The last part of a file name as browsers send it ("C:\\x\\a.pdf" → "a.pdf"). */
static const char *file_base(const char *name)
{
    const char *b = name ? name : "";
    for (const char *p = b; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    return b;
}

enum cycle_rc cycle_docs_store(struct db *db, const struct session_user *u, bool closure,
                               int64_t owner, const struct document_upload *uploads, size_t n,
                               const int64_t *remove, size_t nremove, struct field_errors *errs)
{
    if (n && !role_has(u->role, CAP_UPLOAD)) {
        cycle_err(errs, "evidence_file", "Your role (%s) cannot upload documents",
                  role_label(u->role));
        return CYCLE_DENIED;
    }
    for (size_t i = 0; !closure && i < nremove; i++) {
        sqlite3_stmt *st = db_prepare(db, "SELECT id FROM evidence WHERE id = :id "
                                          "AND update_id = :owner AND document_id IS NOT NULL");
        if (!st)
            return CYCLE_ERROR;
        db_bind_int(st, ":id", remove[i]);
        db_bind_int(st, ":owner", owner);
        bool mine = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        if (mine && ledger_delete(db, T_EVIDENCE, remove[i]))
            return CYCLE_ERROR;
    }
    for (size_t i = 0; i < n; i++) {
        struct document_upload up = uploads[i];
        up.public = false; /* evidence is for the reviewers; the public sees the narrative */
        up.account_id = u->account_id;
        int64_t doc;
        enum document_result dr = document_put(db, &up, &doc);
        if (dr == DOCUMENT_ERROR)
            return CYCLE_ERROR;
        if (dr != DOCUMENT_OK) {
            const char *why = db->err;
            if (strncmp(why, "file: ", 6) == 0)
                why += 6;
            cycle_err(errs, "evidence_file", "%s", why);
            return CYCLE_INVALID;
        }
        const char *label = file_base(up.name);
        json_t *s = json_pack("{s:n, s:o, s:o, s:s, s:n, s:I}", "id", "update_id",
                              closure ? json_null() : json_integer(owner), "closure_id",
                              closure ? json_integer(owner) : json_null(), "label",
                              *label ? label : "document", "url", "document_id", (json_int_t)doc);
        int64_t eid = s ? ledger_put(db, T_EVIDENCE, s, 0) : -1;
        json_decref(s);
        if (eid < 0)
            return CYCLE_ERROR;
    }
    return CYCLE_OK;
}

/* -- periods ------------------------------------------------------------------- */

static const char *const period_codes[] = {"open", "closed", "signed_off"};
static const char *const period_labels[] = {"Open", "Closed", "Signed off"};

const char *period_state_code(enum period_state s)
{
    return (unsigned)s <= PERIOD_SIGNED_OFF ? period_codes[s] : "?";
}

const char *period_state_label(enum period_state s)
{
    return (unsigned)s <= PERIOD_SIGNED_OFF ? period_labels[s] : "?";
}

static enum period_state period_state_parse(const char *s)
{
    return strcmp(s, "open") == 0     ? PERIOD_OPEN
           : strcmp(s, "closed") == 0 ? PERIOD_CLOSED
                                      : PERIOD_SIGNED_OFF;
}

/* The columns every period query reads, in the order period_row() expects. */
#define PERIOD_COLS                                                                                \
    "SELECT p.id, p.month, p.status, coalesce(p.signed_off_on, ''), coalesce(pe.name, ''), "       \
    "(SELECT count(*) FROM progress_update u WHERE u.period_id = p.id AND u.state = 'draft'), "    \
    "(SELECT count(*) FROM progress_update u WHERE u.period_id = p.id AND u.state = "              \
    "'submitted'), "                                                                               \
    "(SELECT count(*) FROM progress_update u WHERE u.period_id = p.id AND u.state = "              \
    "'accepted'), "                                                                                \
    "(SELECT count(*) FROM progress_update u WHERE u.period_id = p.id AND u.state = "              \
    "'returned') "                                                                                 \
    "FROM period p LEFT JOIN person pe ON pe.id = p.signed_off_by_id "

static void period_row(sqlite3_stmt *st, struct cycle_period *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    snprintf(p->month, sizeof p->month, "%s", db_col_text(st, 1));
    p->state = period_state_parse(db_col_text(st, 2));
    snprintf(p->signed_off_on, sizeof p->signed_off_on, "%s", db_col_text(st, 3));
    snprintf(p->signed_off_by, sizeof p->signed_off_by, "%s", db_col_text(st, 4));
    p->n_draft = (size_t)sqlite3_column_int64(st, 5);
    p->n_submitted = (size_t)sqlite3_column_int64(st, 6);
    p->n_accepted = (size_t)sqlite3_column_int64(st, 7);
    p->n_returned = (size_t)sqlite3_column_int64(st, 8);
}

int cycle_periods(struct db *db, struct cycle_period **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, PERIOD_COLS "ORDER BY p.month DESC");
    if (!st)
        return -1;
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        period_row(st, &(*out)[(*n)++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "periods");
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

/* Runs a one-row period query; returns 1 found, 0 not, -1 error. */
static int period_one(struct db *db, sqlite3_stmt *st, struct cycle_period *out)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        period_row(st, out);
    else if (rc != SQLITE_DONE)
        db_set_error(db, "period");
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int cycle_period_find(struct db *db, const char *month, struct cycle_period *out)
{
    sqlite3_stmt *st = db_prepare(db, PERIOD_COLS "WHERE p.month = :month");
    if (!st)
        return -1;
    db_bind_text(st, ":month", month ? month : "");
    return period_one(db, st, out);
}

int cycle_period_open_now(struct db *db, struct cycle_period *out)
{
    sqlite3_stmt *st =
        db_prepare(db, PERIOD_COLS "WHERE p.status = 'open' ORDER BY p.month DESC LIMIT 1");
    if (!st)
        return -1;
    return period_one(db, st, out);
}

int cycle_next_month(struct db *db, char out[MONTH_LEN])
{
    sqlite3_stmt *st = db_prepare(db, "SELECT max(month) FROM period");
    if (!st)
        return -1;
    int m = -1;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
        !month_parse(db_col_text(st, 0), &m))
        m = -1;
    sqlite3_reset(st);
    if (m < 0) {
        out[0] = '\0';
        return 0;
    }
    month_format(m + 1, out);
    return 1;
}

/* "March 2015" for "2015-03" (the text as given when it is not a month). */
static void month_words(const char *month, char out[32])
{
    static const char *const names[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
    int m;
    if (month_parse(month, &m))
        snprintf(out, 32, "%s %d", names[m % 12], m / 12);
    else
        snprintf(out, 32, "%.31s", month);
}

/* Finds the period of `month` for a change: CYCLE_INVALID for a malformed
 * month, CYCLE_NOT_FOUND when there is none (messages in errs). */
static enum cycle_rc period_for_change(struct db *db, const char *month, struct cycle_period *p,
                                       struct field_errors *errs)
{
    int m;
    if (!month || !month_parse(month, &m))
        return cycle_err(errs, "month", "Month must be written YYYY-MM, for example 2015-03");
    int found = cycle_period_find(db, month, p);
    if (found < 0)
        return CYCLE_ERROR;
    if (!found) {
        char w[32];
        month_words(month, w);
        cycle_err(errs, "month", "There is no period for %s", w);
        return CYCLE_NOT_FOUND;
    }
    return CYCLE_OK;
}

/* Writes period p with a new status (and sign-off facts) through the ledger. */
static int period_put(struct db *db, const struct cycle_period *p, enum period_state to, day_t on,
                      int64_t by)
{
    json_t *s = ledger_row_state(db, T_PERIOD, p->id);
    if (!s) {
        snprintf(db->err, sizeof db->err, "period %s vanished", p->month);
        return -1;
    }
    char d[DATE_LEN];
    if (on != DAY_NONE)
        date_format(on, d);
    json_object_set_new(s, "status", json_string(period_state_code(to)));
    json_object_set_new(s, "signed_off_on", on != DAY_NONE ? json_string(d) : json_null());
    json_object_set_new(s, "signed_off_by_id", by ? json_integer(by) : json_null());
    int rc = ledger_put(db, T_PERIOD, s, 0) < 0 ? -1 : 0;
    json_decref(s);
    return rc;
}

enum cycle_rc cycle_period_open(struct db *db, const struct session_user *u, const char *month,
                                char opened[MONTH_LEN], struct field_errors *errs)
{
    ferr_free(errs); /* starts empty */
    opened[0] = '\0';
    enum cycle_rc rc = cycle_need(u, CAP_PERIODS, errs);
    if (rc)
        return rc;
    if (db_begin(db))
        return CYCLE_ERROR;
    sqlite3_stmt *st = db_prepare(db, "SELECT month, status FROM period "
                                      "WHERE status <> 'signed_off' ORDER BY month DESC LIMIT 1");
    if (!st)
        return cycle_abort(db, CYCLE_ERROR);
    if (sqlite3_step(st) == SQLITE_ROW) {
        char w[32];
        month_words(db_col_text(st, 0), w);
        bool open = strcmp(db_col_text(st, 1), "open") == 0;
        sqlite3_reset(st);
        cycle_err(errs, "",
                  open ? "%s is still open: close it and have it signed off before opening "
                         "the next month"
                       : "%s is closed but not signed off yet: the executive signs it off "
                         "before the next month opens",
                  w);
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    sqlite3_reset(st);
    char next[MONTH_LEN];
    int has_next = cycle_next_month(db, next);
    if (has_next < 0)
        return cycle_abort(db, CYCLE_ERROR);
    int m;
    if (cycle_blank(month)) {
        if (!has_next) {
            cycle_err(errs, "month", "Enter the month to open, for example 2015-03");
            return cycle_abort(db, CYCLE_INVALID);
        }
        month = next;
    } else if (!month_parse(month, &m)) {
        cycle_err(errs, "month", "Month must be written YYYY-MM, for example 2015-03");
        return cycle_abort(db, CYCLE_INVALID);
    } else if (has_next && strcmp(month, next) != 0) {
        char w[32];
        month_words(next, w);
        cycle_err(errs, "month", "The next period is %s: months are opened in order", w);
        return cycle_abort(db, CYCLE_INVALID);
    }
    json_t *s = json_pack("{s:n, s:s, s:s, s:n, s:n}", "id", "month", month, "status", "open",
                          "signed_off_on", "signed_off_by_id");
    int64_t id = ledger_put(db, T_PERIOD, s, 0);
    json_decref(s);
    if (id < 0 || mail_on_period_open(db, month) || db_commit(db))
        return cycle_abort(db, CYCLE_ERROR);
    snprintf(opened, MONTH_LEN, "%s", month);
    return CYCLE_OK;
}

enum cycle_rc cycle_period_close(struct db *db, const struct session_user *u, const char *month,
                                 struct field_errors *errs)
{
    ferr_free(errs); /* starts empty */
    enum cycle_rc rc = cycle_need(u, CAP_PERIODS, errs);
    if (rc)
        return rc;
    if (db_begin(db))
        return CYCLE_ERROR;
    struct cycle_period p;
    if ((rc = period_for_change(db, month, &p, errs)))
        return cycle_abort(db, rc);
    if (p.state != PERIOD_OPEN) {
        char w[32];
        month_words(p.month, w);
        cycle_err(errs, "", p.state == PERIOD_CLOSED ? "%s is already closed" : "%s is signed off",
                  w);
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    if (period_put(db, &p, PERIOD_CLOSED, DAY_NONE, 0) || db_commit(db))
        return cycle_abort(db, CYCLE_ERROR);
    return CYCLE_OK;
}

enum cycle_rc cycle_period_sign_off(struct db *db, const struct session_user *u, const char *month,
                                    day_t on, struct field_errors *errs)
{
    ferr_free(errs); /* starts empty */
    enum cycle_rc rc = cycle_need(u, CAP_SIGN_OFF, errs);
    if (rc)
        return rc;
    if (db_begin(db))
        return CYCLE_ERROR;
    struct cycle_period p;
    if ((rc = period_for_change(db, month, &p, errs)))
        return cycle_abort(db, rc);
    char w[32];
    month_words(p.month, w);
    if (p.state == PERIOD_OPEN) {
        cycle_err(errs, "", "%s is still open for updates: the programme office closes it first",
                  w);
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    if (p.state == PERIOD_SIGNED_OFF) {
        cycle_err(errs, "", "%s was already signed off on %s", w, p.signed_off_on);
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    if (p.n_submitted) {
        cycle_err(errs, "",
                  "%zu %s of %s still await%s review: the programme office accepts or returns "
                  "them before the month is signed off",
                  p.n_submitted, p.n_submitted == 1 ? "update" : "updates", w,
                  p.n_submitted == 1 ? "s" : "");
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    /* the record of the month is sealed in the same transaction (record.h) */
    if (period_put(db, &p, PERIOD_SIGNED_OFF, on, u->person_id) || record_seal(db, p.id, p.month) ||
        mail_on_period_signed_off(db, p.month) || db_commit(db))
        return cycle_abort(db, CYCLE_ERROR);
    return CYCLE_OK;
}

enum cycle_rc cycle_period_reopen(struct db *db, const struct session_user *u, const char *month,
                                  const char *reason, struct field_errors *errs)
{
    ferr_free(errs); /* starts empty */
    enum cycle_rc rc = cycle_need(u, CAP_PERIODS, errs);
    if (rc)
        return rc;
    if (db_begin(db))
        return CYCLE_ERROR;
    struct cycle_period p;
    if ((rc = period_for_change(db, month, &p, errs)))
        return cycle_abort(db, rc);
    char w[32];
    month_words(p.month, w);
    if (p.state == PERIOD_SIGNED_OFF) {
        cycle_err(errs, "",
                  "%s was signed off on %s: a signed-off month is the public record and never "
                  "reopens. A mistake in it is put right with a correction",
                  w, p.signed_off_on);
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    if (p.state == PERIOD_OPEN) {
        cycle_err(errs, "", "%s is open already", w);
        return cycle_abort(db, CYCLE_CONFLICT);
    }
    if (cycle_blank(reason)) {
        cycle_err(errs, "reason", "Say why %s reopens: the owners and the record will read it", w);
        return cycle_abort(db, CYCLE_INVALID);
    }
    if (strlen(reason) > CYCLE_REASON_MAX) {
        cycle_err(errs, "reason", "The reason must be at most %d characters", CYCLE_REASON_MAX);
        return cycle_abort(db, CYCLE_INVALID);
    }
    char at[DATE_TIME_LEN];
    date_now_utc(at);
    struct ledger_row row;
    ledger_row_init(&row, T_PERIOD_REOPENING, 0);
    ledger_row_int(&row, "period_id", p.id);
    ledger_row_text(&row, "reason", reason);
    ledger_row_int(&row, "account_id", u->account_id);
    ledger_row_text(&row, "by_name", u->name);
    ledger_row_text(&row, "at", at);
    if (ledger_put_row(db, &row, 0) < 0 || period_put(db, &p, PERIOD_OPEN, DAY_NONE, 0) ||
        db_commit(db))
        return cycle_abort(db, CYCLE_ERROR);
    return CYCLE_OK;
}

void cycle_reopenings_free(struct cycle_reopening *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].reason);
        free(v[i].by_name);
    }
    free(v);
}

int cycle_reopenings(struct db *db, struct cycle_reopening **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT p.month, r.reason, r.by_name, r.at "
                                      "FROM period_reopening r JOIN period p ON p.id = r.period_id "
                                      "ORDER BY r.id DESC");
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct cycle_reopening *r = &(*out)[(*n)++];
        snprintf(r->month, sizeof r->month, "%s", db_col_text(st, 0));
        r->reason = xstrdup(db_col_text(st, 1));
        r->by_name = xstrdup(db_col_text(st, 2));
        snprintf(r->at, sizeof r->at, "%s", db_col_text(st, 3));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "period reopenings");
        cycle_reopenings_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

/* route.c — the route table and the dispatcher.
 *
 * Every URL the server answers is in `routes` below, with the capability it
 * needs: reading this table is reading the site's permission map.  The
 * dispatcher does the checks every handler would otherwise repeat (limits,
 * method, capability, database), so handlers are straight-line code. */
#include "lib/html.h"
#include "model/pub_scope.h"
#include "lib/text.h"
#include "web/engagement.h"
#include "web/meetings.h"
#include "web/money.h"
#include "web/server.h"
#include "web/web.h"
#include <sodium.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -- the declared input of each route (field.h) -----------------------------------------
 *
 * What each route takes, checked by the dispatcher before its handler runs. */

#define Q(n, t)        FTYPED(FIELD_QUERY, n, t, 0)
#define P(n, t)        FTYPED(FIELD_PATH, n, t, FIELD_REQUIRED)
#define F(n, t)        FTYPED(FIELD_FORM, n, t, 0)
#define F_REQ(n, t)    FTYPED(FIELD_FORM, n, t, FIELD_REQUIRED)
#define F_TEXT(n, mx)  FTEXT(FIELD_FORM, n, mx, 0)
#define F_LINES(n, mx) FTEXT(FIELD_FORM, n, mx, FIELD_MULTILINE)
#define AS_AT          Q("as_at", FIELD_MONTH)
#define PAGE           FINT(FIELD_QUERY, "page", 1, 100000, 0)
#define DONE           FTEXT(FIELD_QUERY, "done", 32, 0)

static const char *const statuses[] = {"not_started", "in_progress", "complete",
                                       "blocked",     "retired",     NULL};
static const char *const update_statuses[] = {"not_started", "in_progress", "complete", "blocked",
                                              NULL};
static const char *const true_false[] = {"1", "true", "0", "false", NULL};
static const char *const search_types[] = {"actions",         "updates",    "measures",
                                           "recommendations", "milestones", "themes",
                                           "meetings",        "reports",    NULL};
static const char *const decisions[] = {"accept", "return", NULL};
static const char *const intents[] = {"submit", "draft", "save", "preview", NULL};
static const char *const yes_no[] = {"yes", "no", NULL};
static const char *const user_ops[] = {"role", "password", "details", "disable", "enable", NULL};
static const char *const role_codes[] = {"admin", "pmo",         "owner",  "executive",
                                         "panel", "secretariat", "viewer", NULL};
static const char *const kinds[] = {"themes", "actions", "milestones", "measures", NULL};
static const char *const kind_names[] = {"theme", "action", "milestone", "measure", NULL};
static const char *const directions[] = {"up", "down", NULL};

static const struct field_spec f_scope[] = {AS_AT, FIELD_END};
static const struct field_spec f_scope_ref[] = {AS_AT, P("ref", FIELD_REF), FIELD_END};
static const struct field_spec f_scope_page[] = {AS_AT, PAGE, FIELD_END};
static const struct field_spec f_scope_ref_page[] = {AS_AT, P("ref", FIELD_REF), PAGE, FIELD_END};
static const struct field_spec f_ref[] = {P("ref", FIELD_REF), FIELD_END};
/* a slip of 1 day to 10 years; the page shows its form without one */
static const struct field_spec f_impact[] = {AS_AT, P("ref", FIELD_REF),
                                             FINT(FIELD_QUERY, "days", 1, 3650, 0), FIELD_END};
static const struct field_spec f_api_impact[] = {
    AS_AT, P("ref", FIELD_REF), FINT(FIELD_QUERY, "days", 1, 3650, FIELD_REQUIRED), FIELD_END};
static const struct field_spec f_plan[] = {AS_AT,
                                           PAGE,
                                           Q("theme", FIELD_REF),
                                           Q("owner", FIELD_REF),
                                           FENUM(FIELD_QUERY, "status", statuses, 0),
                                           Q("confidence", FIELD_REF),
                                           FENUM(FIELD_QUERY, "overdue", true_false, 0),
                                           FIELD_END};
static const struct field_spec f_api_actions[] = {AS_AT,
                                                  FINT(FIELD_QUERY, "limit", 1, 200, 0),
                                                  FTEXT(FIELD_QUERY, "cursor", 200, 0),
                                                  Q("theme", FIELD_REF),
                                                  Q("owner", FIELD_REF),
                                                  FENUM(FIELD_QUERY, "status", statuses, 0),
                                                  Q("confidence", FIELD_REF),
                                                  FENUM(FIELD_QUERY, "overdue", true_false, 0),
                                                  FIELD_END};
/* The search terms `q` are not declared: search takes any text as words (a
 * query of bytes that are not UTF-8 or of control characters finds nothing
 * and answers 200, quoting nothing live), and counts its own 200 characters. */
static const struct field_spec f_search[] = {AS_AT, FENUM(FIELD_QUERY, "type", search_types, 0),
                                             PAGE, FIELD_END};
/* The sign-in form's `next` is not declared: whatever it holds, auth.c's
 * safe_next() sends to /work unless it is a path on this site, and a link
 * with a bad one must still let its reader sign in. */
static const struct field_spec f_login[] = {F_TEXT("username", 64), F_TEXT("password", 256),
                                            F_TEXT("csrf", 64), FIELD_END};
static const struct field_spec f_csrf[] = {F_TEXT("csrf", 64), FIELD_END};
/* accounts */
static const struct field_spec f_users_page[] = {FTEXT(FIELD_QUERY, "added", 64, 0), FIELD_END};
static const struct field_spec f_users_add[] = {F_TEXT("csrf", 64),
                                                F_TEXT("username", 64),
                                                F_TEXT("name", 200),
                                                FENUM(FIELD_FORM, "role", role_codes, 0),
                                                F("person", FIELD_REF),
                                                F_TEXT("password", 256),
                                                FIELD_END};
static const struct field_spec f_user_page[] = {FTEXT(FIELD_PATH, "username", 64, FIELD_REQUIRED),
                                                DONE, FIELD_END};
static const struct field_spec f_user_post[] = {FTEXT(FIELD_PATH, "username", 64, FIELD_REQUIRED),
                                                F_TEXT("csrf", 64),
                                                FENUM(FIELD_FORM, "op", user_ops, FIELD_REQUIRED),
                                                FENUM(FIELD_FORM, "role", role_codes, 0),
                                                F_TEXT("password", 256),
                                                F_TEXT("password_confirm", 256),
                                                F_TEXT("name", 200),
                                                F("person", FIELD_REF),
                                                FENUM(FIELD_FORM, "confirm", yes_no, 0),
                                                FIELD_END};
static const struct field_spec f_my_account[] = {DONE, FIELD_END};
static const struct field_spec f_my_password[] = {
    F_TEXT("csrf", 64), F_TEXT("current_password", 256), F_TEXT("new_password", 256),
    F_TEXT("confirm_password", 256), FIELD_END};
static const struct field_spec f_my_token[] = {F_TEXT("csrf", 64), F_TEXT("token_name", 200),
                                               FIELD_END};
static const struct field_spec f_token_revoke[] = {P("id", FIELD_ID), F_TEXT("csrf", 64),
                                                   FIELD_END};
/* monthly cycle */
static const struct field_spec f_work[] = {DONE, FIELD_END};
static const struct field_spec f_update_page[] = {P("ref", FIELD_REF), DONE, FIELD_END};
static const struct field_spec f_update[] = {
    P("ref", FIELD_REF),
    F_TEXT("csrf", 64),
    FENUM(FIELD_FORM, "status", update_statuses, 0),
    FINT(FIELD_FORM, "percent", 0, 100, 0),
    F("confidence", FIELD_REF),
    F_LINES("narrative", 20000),
    F("forecast_finish", FIELD_DATE),
    FTEXT(FIELD_FORM, "evidence_label", 200, FIELD_REPEATED),
    FTYPED(FIELD_FORM, "evidence_url", FIELD_URL, FIELD_REPEATED),
    FTYPED(FIELD_FORM, "remove_evidence", FIELD_ID, FIELD_REPEATED),
    FTYPED(FIELD_FORM, "evidence_file", FIELD_FILE, FIELD_REPEATED),
    FENUM(FIELD_FORM, "intent", intents, 0),
    FIELD_END};
static const struct field_spec f_api_update[] = {
    P("ref", FIELD_REF),
    FENUM(FIELD_JSON, "status", update_statuses, 0),
    FINT(FIELD_JSON, "percent", 0, 100, 0),
    FTYPED(FIELD_JSON, "confidence", FIELD_REF, 0),
    FTEXT(FIELD_JSON, "narrative", 20000, FIELD_MULTILINE),
    FTYPED(FIELD_JSON, "forecast_finish", FIELD_DATE, 0),
    FTYPED(FIELD_JSON, "evidence", FIELD_LIST, 0),
    FTYPED(FIELD_JSON, "submit", FIELD_BOOL, 0),
    FIELD_END};
static const struct field_spec f_review_page[] = {
    PAGE,     DONE, Q("theme", FIELD_REF), Q("owner", FIELD_REF), Q("confidence", FIELD_REF),
    FIELD_END};
static const struct field_spec f_review_one[] = {P("id", FIELD_ID), FIELD_END};
static const struct field_spec f_review[] = {
    P("id", FIELD_ID), F_TEXT("csrf", 64), FENUM(FIELD_FORM, "decision", decisions, FIELD_REQUIRED),
    F_LINES("comment", 20000), FIELD_END};
static const struct field_spec f_periods_page[] = {DONE, FIELD_END};
static const struct field_spec f_period_open[] = {F_TEXT("csrf", 64), F("month", FIELD_MONTH),
                                                  FIELD_END};
static const struct field_spec f_period_close_page[] = {P("month", FIELD_MONTH), FIELD_END};
static const struct field_spec f_period_close[] = {P("month", FIELD_MONTH), F_TEXT("csrf", 64),
                                                   FENUM(FIELD_FORM, "confirm", yes_no, 0),
                                                   FIELD_END};
static const struct field_spec f_period_reopen[] = {P("month", FIELD_MONTH), F_TEXT("csrf", 64),
                                                    F_LINES("reason", 2000), FIELD_END};
static const struct field_spec f_period_sign_off[] = {P("month", FIELD_MONTH), F_TEXT("csrf", 64),
                                                      FENUM(FIELD_FORM, "confirm", yes_no, 0),
                                                      FIELD_END};
static const struct field_spec f_closure_page[] = {P("ref", FIELD_REF), DONE, FIELD_END};
static const struct field_spec f_closure[] = {P("ref", FIELD_REF), F_TEXT("csrf", 64),
                                              F_LINES("evidence", 20000),
                                              F("completed_on", FIELD_DATE), FIELD_END};
static const struct field_spec f_closures_page[] = {DONE, FIELD_END};
static const struct field_spec f_closure_decide[] = {
    P("id", FIELD_ID), F_TEXT("csrf", 64), FENUM(FIELD_FORM, "decision", decisions, FIELD_REQUIRED),
    F_LINES("comment", 20000), FIELD_END};
/* documents, assurance, history */
static const struct field_spec f_documents_page[] = {FTYPED(FIELD_QUERY, "uploaded", FIELD_ID, 0),
                                                     FIELD_END};
static const struct field_spec f_documents[] = {F_TEXT("csrf", 64),
                                                FTYPED(FIELD_FORM, "file", FIELD_FILE, 0),
                                                FENUM(FIELD_FORM, "public", yes_no, 0), FIELD_END};
static const struct field_spec f_document[] = {P("id", FIELD_ID), FIELD_END};
static const struct field_spec f_assurance_page[] = {
    Q("period", FIELD_MONTH), FTEXT(FIELD_QUERY, "recorded", 32, 0), FIELD_END};
static const struct field_spec f_assurance[] = {F_TEXT("csrf", 64),
                                                F("period", FIELD_MONTH),
                                                F("theme", FIELD_REF),
                                                F("action", FIELD_REF),
                                                F("level", FIELD_REF),
                                                F_LINES("comment", 4000),
                                                FIELD_END};
/* versions and plan editing */
static const struct field_spec f_versions_page[] = {DONE, FIELD_END};
static const struct field_spec f_versions[] = {F_TEXT("csrf", 64), F_TEXT("title", 200), FIELD_END};
static const struct field_spec f_version_page[] = {
    FINT(FIELD_PATH, "n", 1, 1000000, FIELD_REQUIRED), DONE, Q("ref", FIELD_REF),
    FENUM(FIELD_QUERY, "kind", kind_names, 0), FIELD_END};
static const struct field_spec f_version_step[] = {
    FINT(FIELD_PATH, "n", 1, 1000000, FIELD_REQUIRED), F_TEXT("csrf", 64), FIELD_END};
static const struct field_spec f_version_approve[] = {
    FINT(FIELD_PATH, "n", 1, 1000000, FIELD_REQUIRED), F_TEXT("csrf", 64),
    F("approved_on", FIELD_DATE), F_TEXT("approval_ref", 200), FIELD_END};
static const struct field_spec f_version_sign_off[] = {
    FINT(FIELD_PATH, "n", 1, 1000000, FIELD_REQUIRED), F_TEXT("csrf", 64),
    F("signed_off_on", FIELD_DATE), FIELD_END};
static const struct field_spec f_version_return[] = {
    FINT(FIELD_PATH, "n", 1, 1000000, FIELD_REQUIRED), F_TEXT("csrf", 64), F_LINES("reason", 2000),
    FIELD_END};
static const struct field_spec f_version_approval_date[] = {
    FINT(FIELD_PATH, "n", 1, 1000000, FIELD_REQUIRED), F_TEXT("csrf", 64),
    F("corrected_on", FIELD_DATE), F_LINES("reason", 2000), FIELD_END};
static const struct field_spec f_version_diff[] = {
    FINT(FIELD_PATH, "a", 1, 1000000, FIELD_REQUIRED),
    FINT(FIELD_PATH, "b", 1, 1000000, FIELD_REQUIRED), FIELD_END};
static const struct field_spec f_item_new_page[] = {
    FENUM(FIELD_PATH, "kind", kinds, FIELD_REQUIRED), FIELD_END};
static const struct field_spec f_item_page[] = {FENUM(FIELD_PATH, "kind", kinds, FIELD_REQUIRED),
                                                P("ref", FIELD_REF), FIELD_END};
/* every field of the four kinds' forms; each kind's form sends its own */
#define ITEM_FIELDS                                                                                \
    F_TEXT("csrf", 64), F_TEXT("title", 500), F_LINES("description", 20000),                       \
        F("theme", FIELD_REF), F("owner", FIELD_REF), F("member", FIELD_REF),                      \
        F("panel_lead", FIELD_REF), F("start", FIELD_DATE), F("finish", FIELD_DATE),               \
        F("due", FIELD_DATE), F_TEXT("depends_on", 2000), F_LINES("closure_criteria", 20000),      \
        F("lead", FIELD_REF), F("action", FIELD_REF), F_TEXT("unit", 200),                         \
        FENUM(FIELD_FORM, "direction", directions, 0), F("baseline", FIELD_DECIMAL),               \
        F("baseline_date", FIELD_DATE), F("target", FIELD_DECIMAL), F("target_date", FIELD_DATE),  \
        FINT(FIELD_FORM, "tolerance_pct", 0, 1000, 0), F_TEXT("actions", 2000),                    \
        FTYPED(FIELD_FORM, "answers", FIELD_REF, FIELD_REPEATED), F("public", FIELD_BOOL)
static const struct field_spec f_item_new[] = {FENUM(FIELD_PATH, "kind", kinds, FIELD_REQUIRED),
                                               F("ref", FIELD_REF), ITEM_FIELDS, FIELD_END};
static const struct field_spec f_item[] = {FENUM(FIELD_PATH, "kind", kinds, FIELD_REQUIRED),
                                           P("ref", FIELD_REF), ITEM_FIELDS, FIELD_END};
static const struct field_spec f_item_retire[] = {FENUM(FIELD_PATH, "kind", kinds, FIELD_REQUIRED),
                                                  P("ref", FIELD_REF), F_TEXT("csrf", 64),
                                                  F_LINES("reason", 20000), FIELD_END};
static const struct field_spec f_item_reinstate[] = {
    FENUM(FIELD_PATH, "kind", kinds, FIELD_REQUIRED), P("ref", FIELD_REF), F_TEXT("csrf", 64),
    FIELD_END};

/* corrections of a signed-off month's update (model/correction.h) */
static const char *const correction_fields[] = {"status",    "percent",         "confidence",
                                                "narrative", "forecast_finish", NULL};
static const struct field_spec f_corrections_page[] = {P("ref", FIELD_REF), DONE, FIELD_END};
static const struct field_spec f_corrections[] = {P("ref", FIELD_REF),
                                                  F_TEXT("csrf", 64),
                                                  F("period", FIELD_MONTH),
                                                  FENUM(FIELD_FORM, "field", correction_fields, 0),
                                                  F_LINES("value", 20000),
                                                  F_LINES("reason", 2000),
                                                  FIELD_END};

/* e-mail (model/mail.h): the log, my settings, following and its tokens */
static const struct field_spec f_mail_log[] = {PAGE, FIELD_END};
static const struct field_spec f_done[] = {DONE, FIELD_END};
static const struct field_spec f_account_mail[] = {F_TEXT("csrf", 64), F_TEXT("address", 254),
                                                   FTEXT(FIELD_FORM, "kind", 32, FIELD_REPEATED),
                                                   FIELD_END};
static const struct field_spec f_follow_page[] = {FTEXT(FIELD_QUERY, "topic", 80, 0), FIELD_END};
static const struct field_spec f_follow[] = {F_TEXT("csrf", 64), F_TEXT("topic", 80),
                                             F_TEXT("address", 254), FIELD_END};
static const struct field_spec f_mail_token[] = {FTEXT(FIELD_QUERY, "t", 128, 0), FIELD_END};

/* monthly reports (model/report.h): "2015-09", "2015-09.md" or "2015-09.pdf" */
static const struct field_spec f_report[] = {FTEXT(FIELD_PATH, "month", 16, FIELD_REQUIRED),
                                             FIELD_END};
static const char *const sos_kinds[] = {"scheduled", "requested", "letter", NULL};
static const struct field_spec f_sos_public[] = {FTEXT(FIELD_PATH, "ref", 48, FIELD_REQUIRED),
                                                 FIELD_END};
static const struct field_spec f_sos_list[] = {DONE, FIELD_END};
static const struct field_spec f_sos_api_list[] = {AS_AT, FINT(FIELD_QUERY, "limit", 1, 200, 0),
                                                   Q("cursor", FIELD_REF), FIELD_END};
static const struct field_spec f_sos_start[] = {F_TEXT("csrf", 64),
                                                F_TEXT("ref", 40),
                                                F_TEXT("title", 200),
                                                FENUM(FIELD_FORM, "kind", sos_kinds, 0),
                                                F("from", FIELD_MONTH),
                                                F("to", FIELD_MONTH),
                                                FIELD_END};
static const struct field_spec f_sos_page[] = {P("ref", FIELD_REF), DONE, FIELD_END};
static const struct field_spec f_sos_button[] = {P("ref", FIELD_REF), F_TEXT("csrf", 64),
                                                 FIELD_END};
static const struct field_spec f_sos_section[] = {P("ref", FIELD_REF), P("key", FIELD_REF),
                                                  F_TEXT("csrf", 64), F_LINES("assessment", 40000),
                                                  FIELD_END};
static const struct field_spec f_sos_response[] = {P("ref", FIELD_REF),
                                                   F_TEXT("csrf", 64),
                                                   F("response_on", FIELD_DATE),
                                                   F_LINES("response", 40000),
                                                   F("response_document", FIELD_ID),
                                                   FIELD_END};
static const struct field_spec f_statement_page[] = {P("month", FIELD_MONTH), DONE, FIELD_END};
static const struct field_spec f_statement[] = {P("month", FIELD_MONTH), F_TEXT("csrf", 64),
                                                F_LINES("statement", 20000), FIELD_END};

/* the dials and the milestones (model/dials.h) */
static const struct field_spec f_dial[] = {P("ref", FIELD_REF),
                                           F_TEXT("csrf", 64),
                                           F("month", FIELD_MONTH),
                                           F_TEXT("value", 30),
                                           F_LINES("note", 2000),
                                           F_TEXT("source", 500),
                                           FIELD_END};
static const struct field_spec f_api_dial[] = {
    P("ref", FIELD_REF),
    FTYPED(FIELD_JSON, "month", FIELD_MONTH, FIELD_REQUIRED),
    FTYPED(FIELD_JSON, "value", FIELD_DECIMAL, FIELD_REQUIRED),
    FTEXT(FIELD_JSON, "note", 2000, FIELD_MULTILINE),
    FTEXT(FIELD_JSON, "source", 500, 0),
    FIELD_END};
static const struct field_spec f_ms_work[] = {P("ref", FIELD_REF), F_TEXT("csrf", 64),
                                              F("achieved_on", FIELD_DATE),
                                              F_LINES("evidence", 2000), FIELD_END};
static const struct field_spec f_api_ms[] = {
    P("ref", FIELD_REF), FTYPED(FIELD_JSON, "achieved_on", FIELD_DATE, FIELD_REQUIRED),
    FTEXT(FIELD_JSON, "evidence", 2000, FIELD_MULTILINE), FIELD_END};

/* the panel and its meetings (model/meeting.h) */
static const struct field_spec f_calendar[] = {FTEXT(FIELD_PATH, "token", 80, FIELD_REQUIRED),
                                               FIELD_END};
static const struct field_spec f_ref_done[] = {P("ref", FIELD_REF), DONE, FIELD_END};
static const struct field_spec f_meeting_part[] = {P("ref", FIELD_REF),
                                                   FTEXT(FIELD_PATH, "part", 32, FIELD_REQUIRED),
                                                   F_TEXT("csrf", 64), FIELD_END};
static const struct field_spec f_meeting_item[] = {P("ref", FIELD_REF),
                                                   FINT(FIELD_PATH, "n", 1, 10000, FIELD_REQUIRED),
                                                   F_TEXT("csrf", 64), FIELD_END};
/* a series of meetings: the handler checks each field and names it (model/recur.h) */
static const struct field_spec f_meeting_series[] = {F_TEXT("csrf", 64),
                                                     F_TEXT("prefix", 64),
                                                     F_TEXT("title", 500),
                                                     F_TEXT("kind", 32),
                                                     F_TEXT("place", 500),
                                                     F_TEXT("webcast_url", 2000),
                                                     F_TEXT("open", 8),
                                                     F_TEXT("freq", 16),
                                                     F_TEXT("interval", 8),
                                                     F_TEXT("nth", 8),
                                                     F_TEXT("weekday", 16),
                                                     F_TEXT("first", 16),
                                                     F_TEXT("time", 8),
                                                     F_TEXT("ends", 8),
                                                     F_TEXT("until", 16),
                                                     F_TEXT("count", 8),
                                                     FIELD_END};
static const char *const question_decisions[] = {"accept", "reject", "answer", NULL};
static const struct field_spec f_meeting_question[] = {
    P("ref", FIELD_REF),  F_TEXT("csrf", 64),        F_TEXT("name", 200),
    F_TEXT("email", 254), F_LINES("question", 2000), FIELD_END};
static const struct field_spec f_work_question[] = {
    P("ref", FIELD_REF),    P("id", FIELD_ID),
    F_TEXT("csrf", 64),     FENUM(FIELD_FORM, "decision", question_decisions, FIELD_REQUIRED),
    F_LINES("text", 20000), FIELD_END};
static const char *const member_roles[] = {"chair", "vice_chair", "member", "ex_officio", NULL};
static const char *const member_ops[] = {"role", "end", "leads", NULL};
static const struct field_spec f_panel_add[] = {
    F_TEXT("csrf", 64),
    FTYPED(FIELD_FORM, "person", FIELD_REF, FIELD_REQUIRED),
    FENUM(FIELD_FORM, "role", member_roles, FIELD_REQUIRED),
    F_TEXT("appointed_by", 200),
    FTYPED(FIELD_FORM, "appointed_on", FIELD_DATE, 0),
    FIELD_END};
static const struct field_spec f_panel_member[] = {
    P("ref", FIELD_REF),
    F_TEXT("csrf", 64),
    FENUM(FIELD_FORM, "op", member_ops, FIELD_REQUIRED),
    FENUM(FIELD_FORM, "role", member_roles, 0),
    FTYPED(FIELD_FORM, "ended_on", FIELD_DATE, 0),
    F_TEXT("themes", 2000),
    F_TEXT("actions", 2000),
    F_TEXT("recommendations", 2000),
    FIELD_END};
static const struct field_spec f_calendar_revoke[] = {P("id", FIELD_ID), F_TEXT("csrf", 64),
                                                      FIELD_END};
/* money */
static const char *const expense_kinds[] = {"panel", "programme", NULL};
static const struct field_spec f_money_page[] = {PAGE, DONE, FIELD_END};
static const struct field_spec f_money_expense[] = {F_TEXT("csrf", 64),
                                                    FENUM(FIELD_FORM, "kind", expense_kinds, 0),
                                                    F("incurred_on", FIELD_DATE),
                                                    F_TEXT("claimant", 200),
                                                    F_TEXT("category", 32),
                                                    F_LINES("description", 2000),
                                                    F_TEXT("amount", 32),
                                                    F_TEXT("day_rate", 32),
                                                    F_TEXT("days", 16),
                                                    F_TEXT("paid_by", 32),
                                                    FTYPED(FIELD_FORM, "receipt", FIELD_FILE, 0),
                                                    FIELD_END};
static const struct field_spec f_money_agreement[] = {F_TEXT("csrf", 64),
                                                      F_TEXT("title", 200),
                                                      F("starts_on", FIELD_DATE),
                                                      F("ends_on", FIELD_DATE),
                                                      F("agreed_on", FIELD_DATE),
                                                      F_TEXT("council_percent", 16),
                                                      F_TEXT("department_percent", 16),
                                                      FIELD_END};
static const struct field_spec f_money_statement[] = {Q("from", FIELD_DATE), Q("to", FIELD_DATE),
                                                      FIELD_END};

/* engagement */
static const char *const eng_kinds[] = {
    "partners", "group_leaders", "scrutiny_chairs", "mps", "staff", "residents", NULL};
static const char *const eng_part_kinds[] = {"organisation", "group", NULL};
#define ENG_PART(n)                                                                                \
    F_TEXT("part_name_" #n, 200), FENUM(FIELD_FORM, "part_kind_" #n, eng_part_kinds, 0),           \
        F_TEXT("part_count_" #n, 16)
#define ENG_EVENT_FIELDS                                                                           \
    F_TEXT("csrf", 64), FENUM(FIELD_FORM, "kind", eng_kinds, 0), F("held_on", FIELD_DATE),         \
        F_TEXT("title", 200), F_TEXT("place", 200), F_LINES("summary", 10000),                     \
        FENUM(FIELD_FORM, "public", yes_no, 0), ENG_PART(1), ENG_PART(2), ENG_PART(3),             \
        ENG_PART(4), ENG_PART(5), ENG_PART(6), ENG_PART(7), ENG_PART(8)
static const struct field_spec f_eng_public[] = {Q("theme", FIELD_REF), PAGE, FIELD_END};
static const struct field_spec f_eng_event[] = {P("event", FIELD_REF), FIELD_END};
static const struct field_spec f_eng_api_event[] = {AS_AT, P("ref", FIELD_REF), FIELD_END};
static const struct field_spec f_eng_work_event[] = {P("event", FIELD_REF), DONE, FIELD_END};
static const struct field_spec f_eng_new[] = {ENG_EVENT_FIELDS, FIELD_END};
static const struct field_spec f_eng_save[] = {P("event", FIELD_REF), ENG_EVENT_FIELDS, FIELD_END};
static const struct field_spec f_eng_feedback[] = {P("event", FIELD_REF), F_TEXT("csrf", 64),
                                                   F("theme", FIELD_REF), F_LINES("said", 10000),
                                                   FIELD_END};
static const struct field_spec f_eng_respond[] = {P("event", FIELD_REF),
                                                  P("fb", FIELD_REF),
                                                  F_TEXT("csrf", 64),
                                                  F_LINES("response", 10000),
                                                  F("responded_on", FIELD_DATE),
                                                  F("action", FIELD_REF),
                                                  FIELD_END};

/* clang-format off */
static const struct route routes[] = {
    /* method  pattern                  handler         capability  flags  fields */
    {"GET",    "/",                     page_home,      CAP_PUBLIC, ROUTE_CACHE, f_scope},
    {"GET",    "/plan",                 page_plan,      CAP_PUBLIC, ROUTE_CACHE, f_plan},
    {"GET",    "/healthz",              page_healthz,   CAP_PUBLIC, ROUTE_TEXT, NULL},
    {"GET",    "/metrics",              page_metrics,   CAP_OPERATE, ROUTE_TEXT | ROUTE_TOKEN, NULL},
    {"GET",    "/assets/dialturn.css",  page_asset_css, CAP_PUBLIC, ROUTE_NODB, NULL},
    /* -- signing in and out -- */
    {"GET",    "/login",                page_login,     CAP_PUBLIC, 0, NULL},
    {"POST",   "/login",                post_login,     CAP_PUBLIC, ROUTE_MUTATING | ROUTE_LOGIN,
     f_login},
    {"POST",   "/logout",               post_logout,    CAP_SIGNED_IN, ROUTE_MUTATING, f_csrf},
    /* -- plan, themes, actions -- */
    {"GET",    "/themes",               page_themes,    CAP_PUBLIC, ROUTE_CACHE, f_scope},
    {"GET",    "/themes/{ref}",         page_theme,     CAP_PUBLIC, ROUTE_CACHE, f_scope_ref_page},
    {"GET",    "/actions/{ref}",        page_action,    CAP_PUBLIC, ROUTE_CACHE | ROUTE_ENGAGED,
     f_scope_ref},
    {"GET",    "/actions/{ref}/impact", page_action_impact, CAP_PUBLIC, ROUTE_CACHE, f_impact},
    {"GET",    "/critical-path",        page_critical,  CAP_PUBLIC, ROUTE_CACHE, f_scope},
    /* -- recommendations, milestones, measures, periods, downloads -- */
    {"GET",    "/recommendations",      page_recommendations,  CAP_PUBLIC, ROUTE_CACHE, f_scope},
    {"GET",    "/recommendations/{ref}", page_recommendation,  CAP_PUBLIC, ROUTE_CACHE,
     f_scope_ref_page},
    {"GET",    "/milestones",           page_milestones,       CAP_PUBLIC, ROUTE_CACHE,
     f_scope_page},
    {"GET",    "/measures",             page_measures,         CAP_PUBLIC, ROUTE_CACHE, f_scope},
    {"GET",    "/measures/{ref}",       page_measure,          CAP_PUBLIC, ROUTE_CACHE,
     f_scope_ref},
    {"GET",    "/data",                 page_data,             CAP_PUBLIC, ROUTE_CACHE, f_scope},
    {"GET",    "/data/plan.json",       page_data_plan_json,   CAP_PUBLIC, ROUTE_CACHE, f_scope},
    {"GET",    "/data/actions.csv",     page_data_actions_csv, CAP_PUBLIC, ROUTE_CACHE, f_scope},
    {"GET",    "/data/updates.csv",     page_data_updates_csv, CAP_PUBLIC, ROUTE_CACHE, f_scope},
    {"GET",    "/data/measure_values.csv", page_data_values_csv, CAP_PUBLIC, ROUTE_CACHE, f_scope},
    /* -- home, search, feeds, accessibility -- */
    {"GET",    "/search",                 page_search,        CAP_PUBLIC, 0, f_search},
    {"GET",    "/feed.atom",              page_feed_site,     CAP_PUBLIC, ROUTE_CACHE, NULL},
    {"GET",    "/actions/{ref}/feed.atom", page_feed_action,  CAP_PUBLIC, ROUTE_CACHE, f_ref},
    {"GET",    "/themes/{ref}/feed.atom", page_feed_theme,    CAP_PUBLIC, ROUTE_CACHE, f_ref},
    {"GET",    "/accessibility",          page_accessibility, CAP_PUBLIC, ROUTE_NODB, NULL},
    {"GET",    "/api/v1/openapi.json",  api_openapi,    CAP_PUBLIC, ROUTE_JSON | ROUTE_NODB, NULL},
    /* -- API: plan, themes, actions -- */
    {"GET",    "/api/v1/themes",        api_themes,     CAP_PUBLIC, ROUTE_JSON, f_scope},
    {"GET",    "/api/v1/themes/{ref}",  api_theme,      CAP_PUBLIC, ROUTE_JSON, f_scope_ref},
    {"GET",    "/api/v1/actions",       api_actions,    CAP_PUBLIC, ROUTE_JSON, f_api_actions},
    {"GET",    "/api/v1/actions/{ref}", api_action,     CAP_PUBLIC, ROUTE_JSON, f_scope_ref},
    {"GET",    "/api/v1/actions/{ref}/impact", api_action_impact, CAP_PUBLIC, ROUTE_JSON,
     f_api_impact},
    {"GET",    "/api/v1/critical-path", api_critical,   CAP_PUBLIC, ROUTE_JSON, f_scope},
    /* -- API: recommendations, milestones, measures, periods, organisation -- */
    {"GET",    "/api/v1/organisation",   api_organisation,    CAP_PUBLIC, ROUTE_JSON, f_scope},
    {"GET",    "/api/v1/periods",        api_periods,         CAP_PUBLIC, ROUTE_JSON, f_scope},
    {"GET",    "/api/v1/recommendations", api_recommendations, CAP_PUBLIC, ROUTE_JSON, f_scope},
    {"GET",    "/api/v1/milestones",     api_milestones,      CAP_PUBLIC, ROUTE_JSON, f_scope},
    {"GET",    "/api/v1/measures",       api_measures,        CAP_PUBLIC, ROUTE_JSON, f_scope},
    {"GET",    "/api/v1/measures/{ref}", api_measure,         CAP_PUBLIC, ROUTE_JSON, f_scope_ref},
    /* -- accounts -- */
    {"GET",    "/work/users",            page_users,     CAP_USERS, 0, f_users_page},
    {"POST",   "/work/users",            post_users,     CAP_USERS,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_users_add},
    {"GET",    "/work/users/{username}", page_user,      CAP_USERS, 0, f_user_page},
    {"POST",   "/work/users/{username}", post_user,      CAP_USERS,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_user_post},
    {"GET",    "/work/account",          page_my_account, CAP_SIGNED_IN, 0, f_my_account},
    {"POST",   "/work/account/password", post_my_password, CAP_SIGNED_IN,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_my_password},
    {"POST",   "/work/account/tokens",   post_my_token,  CAP_SIGNED_IN,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_my_token},
    {"POST",   "/work/account/tokens/{id}/revoke", post_my_token_revoke, CAP_SIGNED_IN,
     ROUTE_MUTATING, f_token_revoke},
    /* -- monthly cycle -- */
    {"GET",    "/work",                  page_work,      CAP_SIGNED_IN, 0, f_work},
    {"GET",    "/work/updates/{ref}",    page_update,    CAP_UPDATE, 0, f_update_page},
    {"POST",   "/work/updates/{ref}",    post_update,    CAP_UPDATE,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_update},
    {"GET",    "/work/review",           page_review,    CAP_REVIEW, 0, f_review_page},
    {"GET",    "/work/review/{id}",      page_review_one, CAP_REVIEW, 0, f_review_one},
    {"POST",   "/work/review/{id}",      post_review,    CAP_REVIEW,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_review},
    {"GET",    "/work/chase",            page_chase,     CAP_REVIEW, 0, NULL},
    {"GET",    "/work/periods",          page_periods,   CAP_SIGNED_IN, 0, f_periods_page},
    {"POST",   "/work/periods",          post_period_open, CAP_PERIODS, ROUTE_MUTATING,
     f_period_open},
    {"GET",    "/work/periods/{month}/close", page_period_close, CAP_PERIODS, 0,
     f_period_close_page},
    {"POST",   "/work/periods/{month}/close", post_period_close, CAP_PERIODS, ROUTE_MUTATING,
     f_period_close},
    {"POST",   "/work/periods/{month}/reopen", post_period_reopen, CAP_PERIODS, ROUTE_MUTATING,
     f_period_reopen},
    {"POST",   "/work/periods/{month}/sign-off", post_period_sign_off, CAP_SIGN_OFF,
     ROUTE_MUTATING, f_period_sign_off},
    {"GET",    "/work/actions/{ref}/closure", page_closure, CAP_UPDATE, 0, f_closure_page},
    {"POST",   "/work/actions/{ref}/closure", post_closure, CAP_UPDATE, ROUTE_MUTATING, f_closure},
    {"GET",    "/work/closures",         page_closures,  CAP_CLOSE, 0, f_closures_page},
    {"POST",   "/work/closures/{id}",    post_closure_decide, CAP_CLOSE, ROUTE_MUTATING,
     f_closure_decide},
    {"POST",   "/api/v1/actions/{ref}/update", api_update, CAP_UPDATE,
     ROUTE_JSON | ROUTE_MUTATING, f_api_update},
    /* -- the dials and the milestones -- */
    {"GET",    "/work/measures",         page_dials,     CAP_MEASURES, 0, f_done},
    {"GET",    "/work/measures/{ref}",   page_dial,      CAP_MEASURES, 0, f_ref_done},
    {"POST",   "/work/measures/{ref}",   post_dial,      CAP_MEASURES,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_dial},
    {"POST",   "/api/v1/measures/{ref}/values", api_dial_value, CAP_MEASURES,
     ROUTE_JSON | ROUTE_MUTATING, f_api_dial},
    {"GET",    "/work/milestones",       page_ms_work,   CAP_MILESTONES, 0, f_done},
    {"POST",   "/work/milestones/{ref}", post_ms_work,   CAP_MILESTONES,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_ms_work},
    {"POST",   "/api/v1/milestones/{ref}/achieved", api_ms_achieved, CAP_MILESTONES,
     ROUTE_JSON | ROUTE_MUTATING, f_api_ms},
    {"GET",    "/work/export.xlsx",      page_export_xlsx, CAP_READ_RESTRICTED, 0, NULL},
    /* -- documents, assurance, history, corrections -- */
    {"GET",    "/work/documents",        page_documents, CAP_SIGNED_IN, 0, f_documents_page},
    {"POST",   "/work/documents",        post_documents, CAP_UPLOAD,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_documents},
    {"GET",    "/documents/{id}",        page_document,  CAP_PUBLIC, 0, f_document},
    {"GET",    "/work/assurance",        page_assurance, CAP_READ_RESTRICTED, 0, f_assurance_page},
    {"POST",   "/work/assurance",        post_assurance, CAP_ASSURE,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_assurance},
    {"GET",    "/work/actions/{ref}/history", page_history, CAP_READ_HISTORY, 0, f_ref},
    {"GET",    "/work/actions/{ref}/corrections", page_correction, CAP_CORRECT, 0, f_corrections_page},
    {"POST",   "/work/actions/{ref}/corrections", post_correction, CAP_CORRECT, ROUTE_MUTATING,
     f_corrections},
    /* -- versions and plan editing -- */
    {"GET",    "/work/versions",         page_versions,  CAP_SIGNED_IN, 0, f_versions_page},
    {"POST",   "/work/versions",         post_versions,  CAP_EDIT_PLAN,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_versions},
    {"GET",    "/work/versions/{n}",     page_version,   CAP_SIGNED_IN, 0, f_version_page},
    {"POST",   "/work/versions/{n}/submit", post_version_submit, CAP_EDIT_PLAN, ROUTE_MUTATING,
     f_version_step},
    {"POST",   "/work/versions/{n}/approve", post_version_approve, CAP_APPROVE_VERSION,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_version_approve},
    {"POST",   "/work/versions/{n}/sign-off", post_version_sign_off, CAP_SIGN_OFF_VERSION,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_version_sign_off},
    {"POST",   "/work/versions/{n}/return", post_version_return, CAP_APPROVE_VERSION,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_version_return},
    {"POST",   "/work/versions/{n}/approval-date", post_version_approval_date, CAP_APPROVE_VERSION,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_version_approval_date},
    {"GET",    "/work/versions/{a}/diff/{b}", page_version_diff, CAP_SIGNED_IN, 0, f_version_diff},
    {"GET",    "/work/plan/{kind}/new",  page_plan_item_new, CAP_EDIT_PLAN, 0, f_item_new_page},
    {"POST",   "/work/plan/{kind}/new",  post_plan_item_new, CAP_EDIT_PLAN,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_item_new},
    {"GET",    "/work/plan/{kind}/{ref}", page_plan_item, CAP_EDIT_PLAN, 0, f_item_page},
    {"POST",   "/work/plan/{kind}/{ref}", post_plan_item, CAP_EDIT_PLAN,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_item},
    {"POST",   "/work/plan/{kind}/{ref}/retire", post_plan_item_retire, CAP_EDIT_PLAN,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_item_retire},
    {"POST",   "/work/plan/{kind}/{ref}/reinstate", post_plan_item_reinstate, CAP_EDIT_PLAN,
     ROUTE_MUTATING, f_item_reinstate},
    /* -- e-mail -- */
    {"GET",    "/work/mail",             page_mail_log,  CAP_MAIL_LOG, 0, f_mail_log},
    {"GET",    "/work/account/mail",     page_account_mail, CAP_SIGNED_IN, 0, f_done},
    {"POST",   "/work/account/mail",     post_account_mail, CAP_SIGNED_IN, ROUTE_MUTATING,
     f_account_mail},
    {"GET",    "/follow",                page_follow,    CAP_PUBLIC, 0, f_follow_page},
    {"POST",   "/follow",                post_follow,    CAP_PUBLIC, ROUTE_MUTATING | ROUTE_LOGIN,
     f_follow},
    {"GET",    "/follow/confirm",        page_follow_confirm, CAP_PUBLIC, 0, f_mail_token},
    {"POST",   "/follow/confirm",        post_follow_confirm, CAP_PUBLIC,
     ROUTE_MUTATING | ROUTE_MAIL_TOKEN, f_mail_token},
    {"GET",    "/unsubscribe",           page_unsubscribe, CAP_PUBLIC, 0, f_mail_token},
    {"POST",   "/unsubscribe",           post_unsubscribe, CAP_PUBLIC,
     ROUTE_MUTATING | ROUTE_MAIL_TOKEN, f_mail_token},
    /* -- monthly progress reports: public once the month is signed off; the
          covering statement is written before, by whoever signs the month off -- */
    {"GET",    "/reports",               page_reports,   CAP_PUBLIC, ROUTE_LIVE, NULL},
    /* -- reports to the Secretary of State: public once published (page_sos.c) -- */
    {"GET",    "/reports.atom",          page_reports_atom, CAP_PUBLIC, ROUTE_LIVE, NULL},
    {"GET",    "/reports/sos/{ref}",     page_sos_public, CAP_PUBLIC, ROUTE_LIVE, f_sos_public},
    {"GET",    "/api/v1/reports/sos",    api_sos_reports, CAP_PUBLIC, ROUTE_JSON | ROUTE_LIVE,
     f_sos_api_list},
    {"GET",    "/api/v1/reports/sos/{ref}", api_sos_report, CAP_PUBLIC, ROUTE_JSON | ROUTE_LIVE,
     f_scope_ref},
    {"GET",    "/work/sos",              page_work_sos,  CAP_READ_RESTRICTED, 0, f_sos_list},
    {"POST",   "/work/sos",              post_work_sos,  CAP_SOS_DRAFT, ROUTE_MUTATING,
     f_sos_start},
    {"GET",    "/work/sos/{ref}",        page_work_sos_report, CAP_READ_RESTRICTED, 0, f_sos_page},
    {"POST",   "/work/sos/{ref}/refresh", post_sos_refresh, CAP_SOS_DRAFT, ROUTE_MUTATING,
     f_sos_button},
    {"POST",   "/work/sos/{ref}/sections/{key}", post_sos_section, CAP_SOS_ASSESS,
     ROUTE_MUTATING, f_sos_section},
    {"POST",   "/work/sos/{ref}/approve", post_sos_approve, CAP_SOS_ASSESS, ROUTE_MUTATING,
     f_sos_button},
    {"POST",   "/work/sos/{ref}/publish", post_sos_publish, CAP_SOS_DRAFT, ROUTE_MUTATING,
     f_sos_button},
    {"POST",   "/work/sos/{ref}/response", post_sos_response, CAP_SOS_DRAFT, ROUTE_MUTATING,
     f_sos_response},
    {"GET",    "/reports/{month}",       page_report,    CAP_PUBLIC, ROUTE_CACHE, f_report},
    {"GET",    "/work/periods/{month}/statement", page_report_statement, CAP_SIGN_OFF, 0,
     f_statement_page},
    {"POST",   "/work/periods/{month}/statement", post_report_statement, CAP_SIGN_OFF,
     ROUTE_MUTATING, f_statement},
    /* -- the panel and its meetings: public pages read live (no month's record holds them);
          what each reader sees is model/meeting.h's exempt rule.  The workspace's forms
          are many and read by page_meetings_work.c, which checks each; here the path -- */
    {"GET",    "/panel",                 page_panel,     CAP_PUBLIC, ROUTE_LIVE, NULL},
    {"GET",    "/meetings",              page_meetings,  CAP_PUBLIC, ROUTE_LIVE, NULL},
    {"GET",    "/meetings.ics",          page_meetings_ics, CAP_PUBLIC, ROUTE_LIVE | ROUTE_TEXT, NULL},
    {"GET",    "/meetings.atom",         page_meetings_atom, CAP_PUBLIC, ROUTE_LIVE, NULL},
    {"GET",    "/meetings/{ref}",        page_meeting,   CAP_PUBLIC, ROUTE_LIVE, f_ref},
    {"GET",    "/meetings/{ref}/agenda.pdf", page_meeting_agenda_pdf, CAP_PUBLIC, ROUTE_LIVE, f_ref},
    {"GET",    "/meetings/{ref}/minutes.pdf", page_meeting_minutes_pdf, CAP_PUBLIC, ROUTE_LIVE,
     f_ref},
    {"POST",   "/meetings/{ref}/questions", post_meeting_question, CAP_PUBLIC,
     ROUTE_MUTATING | ROUTE_LOGIN, f_meeting_question},
    {"GET",    "/calendars/{token}",     page_calendar_private, CAP_PUBLIC, ROUTE_LIVE | ROUTE_TEXT,
     f_calendar},
    {"GET",    "/api/v1/panel",          api_panel,      CAP_PUBLIC, ROUTE_JSON | ROUTE_LIVE, f_scope},
    {"GET",    "/api/v1/panel/popolo.json", api_panel_popolo, CAP_PUBLIC, ROUTE_JSON | ROUTE_LIVE,
     f_scope},
    {"GET",    "/api/v1/meetings",       api_meetings,   CAP_PUBLIC, ROUTE_JSON | ROUTE_LIVE, f_scope},
    {"GET",    "/api/v1/meetings/{ref}", api_meeting,    CAP_PUBLIC, ROUTE_JSON | ROUTE_LIVE,
     f_scope_ref},
    {"GET",    "/work/meetings",         page_work_meetings, CAP_MEETINGS, 0, f_done},
    {"POST",   "/work/meetings",         post_work_meetings, CAP_MEETINGS, ROUTE_MUTATING, f_csrf},
    {"POST",   "/work/meetings/series",  post_work_meetings_series, CAP_MEETINGS, ROUTE_MUTATING,
     f_meeting_series},
    {"GET",    "/work/meetings/{ref}",   page_work_meeting, CAP_MEETINGS, 0, f_ref_done},
    {"POST",   "/work/meetings/{ref}/{part}", post_work_meeting, CAP_MEETINGS, ROUTE_MUTATING,
     f_meeting_part},
    {"POST",   "/work/meetings/{ref}/items/{n}", post_work_meeting_item, CAP_MEETINGS,
     ROUTE_MUTATING, f_meeting_item},
    {"POST",   "/work/meetings/{ref}/questions/{id}", post_work_meeting_question, CAP_MEETINGS,
     ROUTE_MUTATING, f_work_question},
    {"GET",    "/work/panel",            page_work_panel, CAP_MEETINGS, 0, f_done},
    {"POST",   "/work/panel/members",    post_work_panel, CAP_MEETINGS, ROUTE_MUTATING, f_panel_add},
    {"POST",   "/work/panel/members/{ref}", post_work_panel_member, CAP_MEETINGS, ROUTE_MUTATING,
     f_panel_member},
    {"GET",    "/work/calendar",         page_work_calendar, CAP_READ_CLOSED, 0, f_done},
    {"POST",   "/work/calendar",         post_work_calendar, CAP_READ_CLOSED, ROUTE_MUTATING, f_csrf},
    {"POST",   "/work/calendar/{id}/revoke", post_work_calendar_revoke, CAP_READ_CLOSED,
     ROUTE_MUTATING, f_calendar_revoke},
    /* -- engagement: public pages read live (no month's record holds them), showing
          only public events' responded feedback; the workspace -- */
    {"GET",    "/engagement",            page_engagement, CAP_PUBLIC, ROUTE_LIVE, f_eng_public},
    {"GET",    "/engagement/{event}",    page_engagement_event, CAP_PUBLIC, ROUTE_LIVE, f_eng_event},
    {"GET",    "/api/v1/engagement",     api_engagement, CAP_PUBLIC, ROUTE_JSON | ROUTE_LIVE, f_scope},
    {"GET",    "/api/v1/engagement/{ref}", api_engagement_event, CAP_PUBLIC,
     ROUTE_JSON | ROUTE_LIVE, f_eng_api_event},
    {"GET",    "/work/engagement",       page_work_engagement, CAP_ENGAGEMENT, 0, f_done},
    {"GET",    "/work/engagement/new",   page_work_engagement_new, CAP_ENGAGEMENT, 0, NULL},
    {"POST",   "/work/engagement/new",   post_work_engagement_new, CAP_ENGAGEMENT,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_eng_new},
    {"GET",    "/work/engagement/{event}", page_work_engagement_event, CAP_ENGAGEMENT, 0,
     f_eng_work_event},
    {"POST",   "/work/engagement/{event}", post_work_engagement_event, CAP_ENGAGEMENT,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_eng_save},
    {"POST",   "/work/engagement/{event}/feedback", post_work_engagement_feedback, CAP_ENGAGEMENT,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_eng_feedback},
    {"POST",   "/work/engagement/{event}/feedback/{fb}", post_work_engagement_respond,
     CAP_ENGAGEMENT, ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_eng_respond},
    /* -- money: public totals read live (no month's record holds them); the workspace -- */
    {"GET",    "/money",                 page_money,     CAP_PUBLIC, ROUTE_LIVE, NULL},
    {"GET",    "/api/v1/money",          api_money,      CAP_PUBLIC, ROUTE_JSON | ROUTE_LIVE, f_scope},
    {"GET",    "/work/money",            page_work_money, CAP_MONEY, 0, f_money_page},
    {"GET",    "/work/money/expenses",   page_work_money_expense, CAP_MONEY, 0, NULL},
    {"POST",   "/work/money/expenses",   post_work_money_expense, CAP_MONEY,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_money_expense},
    {"GET",    "/work/money/agreements", page_work_money_agreement, CAP_MONEY, 0, NULL},
    {"POST",   "/work/money/agreements", post_work_money_agreement, CAP_MONEY,
     ROUTE_MUTATING | ROUTE_FORM_ERRORS, f_money_agreement},
    {"GET",    "/work/money/statement",  page_work_money_statement, CAP_MONEY, 0,
     f_money_statement},
    {"GET",    "/work/money/statement.csv", page_work_money_statement_csv, CAP_MONEY, ROUTE_TEXT,
     f_money_statement},
    {"GET",    "/work/money/expenses.csv", page_work_money_expenses_csv, CAP_MONEY, ROUTE_TEXT,
     NULL},
};
/* clang-format on */

#define NROUTES (sizeof routes / sizeof *routes)

/* Where a GET goes of a form's POST path that no GET route answers: the
 * address a refused form leaves in the bar, reloaded or bookmarked, is sent
 * (303) to the page of the form, a GET route over the same {captures}.
 * route_check refuses a form's POST path that neither a GET route nor a line
 * here answers, so no reload of a form's address is a 405. */
/* clang-format off */
static const struct {
    const char *pattern, *to;
} reloads[] = {
    {"/logout",                            "/"},
    {"/work/account/password",             "/work/account"},
    {"/work/account/tokens",               "/work/account"},
    {"/work/account/tokens/{id}/revoke",   "/work/account"},
    {"/work/periods/{month}/reopen",       "/work/periods"},
    {"/work/periods/{month}/sign-off",     "/work/periods"},
    {"/work/closures/{id}",                "/work/closures"},
    {"/work/versions/{n}/submit",          "/work/versions/{n}"},
    {"/work/versions/{n}/approve",         "/work/versions/{n}"},
    {"/work/versions/{n}/sign-off",        "/work/versions/{n}"},
    {"/work/versions/{n}/return",          "/work/versions/{n}"},
    {"/work/versions/{n}/approval-date",   "/work/versions/{n}"},
    {"/work/plan/{kind}/{ref}/retire",     "/work/plan/{kind}/{ref}"},
    {"/work/plan/{kind}/{ref}/reinstate",  "/work/plan/{kind}/{ref}"},
    {"/work/meetings/series",              "/work/meetings"},
    {"/work/meetings/{ref}/{part}",        "/work/meetings/{ref}"},
    {"/work/meetings/{ref}/items/{n}",     "/work/meetings/{ref}"},
    {"/work/calendar/{id}/revoke",         "/work/calendar"},
    {"/work/milestones/{ref}",             "/work/milestones"},
    {"/meetings/{ref}/questions",          "/meetings/{ref}"},
    {"/work/meetings/{ref}/questions/{id}", "/work/meetings/{ref}"},
    {"/work/panel/members",                "/work/panel"},
    {"/work/engagement/{event}/feedback",  "/work/engagement/{event}"},
    {"/work/engagement/{event}/feedback/{fb}", "/work/engagement/{event}"},
    {"/work/panel/members/{ref}",          "/work/panel"},
    {"/work/sos/{ref}/refresh",            "/work/sos/{ref}"},
    {"/work/sos/{ref}/sections/{key}",     "/work/sos/{ref}"},
    {"/work/sos/{ref}/approve",            "/work/sos/{ref}"},
    {"/work/sos/{ref}/publish",            "/work/sos/{ref}"},
    {"/work/sos/{ref}/response",           "/work/sos/{ref}"},
};
/* clang-format on */
#define NRELOADS (sizeof reloads / sizeof *reloads)

/* The reload page of POST pattern `pattern`, or NULL. */
static const char *reload_of(const char *pattern)
{
    for (size_t i = 0; i < NRELOADS; i++)
        if (strcmp(reloads[i].pattern, pattern) == 0)
            return reloads[i].to;
    return NULL;
}

/* Where one {name} capture sits: the name in the pattern, the value in the path. */
struct capture {
    const char *name; /* points into the pattern, just after '{' */
    size_t namelen;   /* up to the '}' */
    size_t off;       /* offset of the value in the path */
    size_t len;       /* length of the value (one non-empty segment) */
};

/* Matches `path` against `pattern` character by character, except that a
 * "{name}" segment matches one non-empty path segment (no '/').  Fills caps
 * (up to WEB_MAX_PARAMS) and *ncaps.  Returns true on a whole match. */
static bool route_match(const char *pattern, const char *path, struct capture *caps, size_t *ncaps)
{
    const char *p = pattern, *s = path;
    *ncaps = 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *end = strchrnul(s, '/');
            if (!close || end == s || *ncaps == WEB_MAX_PARAMS)
                return false;
            caps[(*ncaps)++] = (struct capture){p + 1, (size_t)(close - p - 1), (size_t)(s - path),
                                                (size_t)(end - s)};
            p = close + 1;
            s = end;
        } else if (*p++ != *s++) {
            return false;
        }
    }
    return *p == '\0' && *s == '\0';
}

/* Copies the captures into r->params.  Names and values both live in one owned
 * allocation, r->pathcopy, as "name\0value\0" pairs. */
static void set_params(struct req *r, const struct capture *caps, size_t ncaps)
{
    size_t need = 1;
    for (size_t i = 0; i < ncaps; i++)
        need += caps[i].namelen + caps[i].len + 2;
    char *p = r->pathcopy = xmalloc(need);
    for (size_t i = 0; i < ncaps; i++) {
        r->params[i].name = p;
        memcpy(p, caps[i].name, caps[i].namelen);
        p += caps[i].namelen;
        *p++ = '\0';
        r->params[i].value = p;
        memcpy(p, r->path + caps[i].off, caps[i].len);
        p += caps[i].len;
        *p++ = '\0';
    }
    r->nparams = ncaps;
}

/* Adds `method` (and HEAD after GET) to the comma-separated Allow list. */
static void allow_add(char *allow, size_t size, const char *method)
{
    size_t n = strlen(allow);
    snprintf(allow + n, size - n, "%s%s%s", n ? ", " : "", method,
             strcmp(method, "GET") == 0 ? ", HEAD" : "");
}

/* Whether the requester holds `cap`: everyone holds CAP_PUBLIC; the rest
 * come with the signed-in user's role (model/role.c). */
static bool req_may(const struct req *r, enum cap cap)
{
    return cap == CAP_PUBLIC || (r->user && role_has(r->user->role, cap));
}

/* Opens the worker's read-write connection for r, acting as the signed-in
 * user (or "web").  Answers 503 and returns false when it cannot be opened. */
static bool want_wdb(struct req *r)
{
    if (r->wdb)
        return true;
    char err[512] = "no server (publishing)";
    if (!r->srv) {
        req_error(r, 503, NULL);
        return false;
    }
    r->wdb = server_worker_wdb(r->srv, r->cfg, err, sizeof err);
    if (!r->wdb) {
        fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri, err);
        req_error(r, 503, NULL);
        return false;
    }
    db_set_actor(r->wdb, "web"); /* the connection outlives the last request's user */
    r->wdb->busy = false;        /* and its last request's error */
    return true;
}

/* The bearer token of "Authorization: Bearer TOKEN", or NULL. */
static const char *bearer(const struct req *r)
{
    const char *a = r->authorization;
    if (!a || strncasecmp(a, "Bearer ", 7) != 0)
        return NULL;
    a += 7;
    while (*a == ' ')
        a++;
    return *a ? a : NULL;
}

/* Finds who is asking: the session of the cookie, or, on the write API, the
 * API token (cookies do not count there, so a page cannot make a browser
 * write through the API).  Sets r->user when someone is found.  Returns
 * false when it answered (a database failure). */
static bool authenticate(struct req *r)
{
    const struct route *rt = r->route;
    bool api_write = (rt->flags & ROUTE_JSON) && (rt->flags & ROUTE_MUTATING);
    bool by_token = api_write || ((rt->flags & ROUTE_TOKEN) && bearer(r));
    const char *token = by_token ? bearer(r) : r->cookie_session;
    if ((rt->flags & ROUTE_NODB) || !r->srv || !token || !*token) {
        if ((rt->flags & ROUTE_MUTATING) && !want_wdb(r))
            return false;
        return true;
    }
    if (!want_wdb(r))
        return false;
    int found = by_token ? api_token_find(r->wdb, token, &r->user_store)
                         : session_find(r->wdb, token, time(NULL), &r->user_store);
    if (found < 0) {
        fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri, r->wdb->err);
        req_error(r, 500, NULL);
        return false;
    }
    if (found) {
        r->user = &r->user_store;
        db_set_actor(r->wdb, r->user->username);
    }
    return true;
}

/* Checks the route's capability.  An anonymous reader asking for a page is
 * sent to sign in and brought back; a signed-in user who lacks the
 * capability is told which roles hold it.  Returns false when it answered. */
static bool authorize(struct req *r)
{
    const struct route *rt = r->route;
    if (req_may(r, rt->cap))
        return true;
    if (!r->user) {
        if ((rt->flags & (ROUTE_JSON | ROUTE_TOKEN))) {
            req_error(r, 401, "This needs an API token: send \"Authorization: Bearer TOKEN\".");
        } else if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0) {
            struct buf to = BUF_INIT;
            html_printf(&to, "/login?next=%U", r->path);
            req_redirect(r, buf_str(&to));
            buf_free(&to);
        } else {
            req_error(r, 403,
                      "You are not signed in, or your session has ended. Sign in and "
                      "try again.");
        }
        return false;
    }
    char who[160], why[512];
    cap_holders(rt->cap, who, sizeof who);
    snprintf(why, sizeof why,
             "You are signed in as %s, whose role (%s) does not allow you to %s. "
             "That needs the role of %s.",
             r->user->username, role_label(r->user->role), cap_label(rt->cap), who);
    req_error(r, 403, why);
    return false;
}

/* Checks the CSRF token of a state-changing form: the session's token, or
 * for the sign-in form (no session yet) the double-submit cookie.  The API's
 * writes carry a token in a header instead, which a page cannot forge.
 * Returns false when it answered 403. */
static bool check_csrf(struct req *r)
{
    const struct route *rt = r->route;
    if (!(rt->flags & ROUTE_MUTATING))
        return true;
    if (rt->flags & ROUTE_JSON) /* authenticate() took only a bearer token */
        return true;
    if (rt->flags & ROUTE_MAIL_TOKEN) /* the handler checks the mail's token */
        return true;
    const char *sent = req_form(r, "csrf");
    const char *want = (rt->flags & ROUTE_LOGIN) ? r->cookie_csrf : r->user ? r->user->csrf : NULL;
    size_t n = want ? strlen(want) : 0;
    if (sent && n == TOKEN_HEX_LEN && strlen(sent) == n && sodium_memcmp(sent, want, n) == 0)
        return true;
    req_error(r, 403,
              "This form has expired or did not come from this site. Go back, reload "
              "the page and try again.");
    return false;
}

/* The declaration of field `name` arriving `where` on route rt, or NULL. */
static const struct field_spec *spec_of(const struct route *rt, enum field_where where,
                                        const char *name)
{
    for (const struct field_spec *f = rt->fields; f && f->name; f++)
        if (f->where == where && strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* Checks one value of field f, adding its refusal to r->ferr.  Returns
 * whether it passed. */
static bool check_value(struct req *r, const struct field_spec *f, const char *v, size_t len)
{
    struct buf why = BUF_INIT;
    bool ok = field_check(f, v, len, &why);
    if (!ok)
        ferr_add(&r->ferr, f->name, "%s", buf_str(&why));
    buf_free(&why);
    return ok;
}

/* Adds the refusal of required field f, absent or empty. */
static void check_missing(struct req *r, const struct field_spec *f)
{
    struct buf why = BUF_INIT;
    field_missing(f, &why);
    ferr_add(&r->ferr, f->name, "%s", buf_str(&why));
    buf_free(&why);
}

/* Checks one member `v` of a JSON body against its declaration f. */
static void check_json_value(struct req *r, const struct field_spec *f, json_t *v)
{
    switch (f->type) {
    case FIELD_INT:
        if (!json_is_integer(v) || json_integer_value(v) < f->min || json_integer_value(v) > f->max)
            ferr_add(&r->ferr, f->name, "Give a whole number from %lld to %lld", f->min, f->max);
        return;
    case FIELD_ID:
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            ferr_add(&r->ferr, f->name, "Give an id: a whole number from 1");
        return;
    case FIELD_DECIMAL:
        if (!json_is_number(v))
            ferr_add(&r->ferr, f->name, "Give a number");
        return;
    case FIELD_BOOL:
        if (!json_is_boolean(v))
            ferr_add(&r->ferr, f->name, "Give true or false");
        return;
    case FIELD_LIST:
        if (!json_is_array(v))
            ferr_add(&r->ferr, f->name, "Give an array");
        return;
    default:
        if (!json_is_string(v))
            ferr_add(&r->ferr, f->name, "Give a string");
        else
            check_value(r, f, json_string_value(v), json_string_length(v));
    }
}

/* The name of the member whose value sits just before byte `pos` of r's
 * JSON body (the key of the nearest '"name":' before it), in a static
 * buffer, or NULL when there is none or it is not a plain name. */
static const char *overflow_member(const struct req *r, size_t pos)
{
    static _Thread_local char name[FERR_FIELD_MAX];
    const char *b = r->body.data;
    size_t i = pos < r->body.len ? pos : r->body.len;
    while (i > 0 && b[i - 1] != ':')
        i--;
    if (i == 0)
        return NULL;
    i--; /* at ':' */
    while (i > 0 && (b[i - 1] == ' ' || b[i - 1] == '\t' || b[i - 1] == '\n' || b[i - 1] == '\r'))
        i--;
    if (i == 0 || b[i - 1] != '"')
        return NULL;
    size_t end = --i, start = i;
    while (start > 0 && b[start - 1] != '"')
        start--;
    if (start == 0 || end - start == 0 || end - start >= sizeof name)
        return NULL;
    for (size_t k = start; k < end; k++)
        if (!(b[k] == '_' || (b[k] >= 'a' && b[k] <= 'z') || (b[k] >= '0' && b[k] <= '9')))
            return NULL;
    memcpy(name, b + start, end - start);
    name[end - start] = '\0';
    return name;
}

/* Checks the JSON object of the body against the route's FIELD_JSON
 * declarations: a member not declared is refused (a misspelt key would
 * otherwise be silently dropped); null counts as absent. */
static void check_json(struct req *r)
{
    const struct route *rt = r->route;
    json_error_t jerr;
    json_t *doc = req_json_body(r, &jerr);
    if (!doc && strstr(jerr.text, "overflow")) {
        /* a number too large for a double ("1e999"): name the member it is the value of */
        const char *name = overflow_member(r, jerr.position);
        const struct field_spec *f = name ? spec_of(rt, FIELD_JSON, name) : NULL;
        if (f) {
            ferr_add(&r->ferr, f->name, "Give a finite number: this one is too large");
            return;
        }
    }
    if (!doc && strstr(jerr.text, "duplicate object key")) {
        ferr_add(&r->ferr, "", "The body gives a member twice: give each once");
        return;
    }
    if (!doc || !json_is_object(doc)) {
        ferr_add(&r->ferr, "", "The body must be a JSON object (valid UTF-8)");
        json_decref(doc);
        return;
    }
    const char *key;
    json_t *val;
    json_object_foreach(doc, key, val)
    {
        const struct field_spec *f = spec_of(rt, FIELD_JSON, key);
        if (!f) {
            struct buf known = BUF_INIT;
            for (const struct field_spec *k = rt->fields; k && k->name; k++)
                if (k->where == FIELD_JSON)
                    buf_printf(&known, "%s%s", known.len ? ", " : "", k->name);
            ferr_add(&r->ferr, key, "Unknown field %s: the fields are %s", key, buf_str(&known));
            buf_free(&known);
        } else if (!json_is_null(val)) {
            check_json_value(r, f, val);
        }
    }
    for (const struct field_spec *f = rt->fields; f && f->name; f++) {
        json_t *v = f->where == FIELD_JSON ? json_object_get(doc, f->name) : NULL;
        if (f->where == FIELD_JSON && (f->flags & FIELD_REQUIRED) && (!v || json_is_null(v)))
            check_missing(r, f);
    }
    json_decref(doc);
}

/* Checks the declared input of r's route before its handler runs: every
 * capture, query argument, form field and JSON member declared (field.h),
 * each occurrence, and the required ones present.  On a state-changing form
 * every field's name and text must also be UTF-8, declared or not (what is
 * stored is text).  Undeclared query arguments and form fields are ignored;
 * undeclared JSON members are refused.  The refusals go in r->ferr; then a
 * malformed capture is answered 404 (no such thing can exist), anything
 * else 400 naming each field, except that a ROUTE_FORM_ERRORS handler gets
 * its form's refusals to show at their fields.  Returns false when it
 * answered. */
bool route_check_inputs(struct req *r)
{
    const struct route *rt = r->route;
    bool path_bad = false, query_bad = false;
    if (rt->flags & ROUTE_MUTATING) {
        for (size_t i = 0; i < r->nform; i++) {
            const struct req_field *x = &r->form[i];
            if (!text_utf8_valid(x->name))
                ferr_add(&r->ferr, x->name, "This field's name is not text (UTF-8)");
            else if (!x->filename && !spec_of(rt, FIELD_FORM, x->name) &&
                     (!text_utf8_valid(x->value) || strlen(x->value) != x->len))
                ferr_add(&r->ferr, x->name, "Enter text (UTF-8): what was sent is not");
        }
    }
    bool json = false;
    for (const struct field_spec *f = rt->fields; f && f->name; f++) {
        size_t given = 0, seen = 0;
        size_t before = r->ferr.n;
        if (f->where == FIELD_PATH) {
            const char *v = req_param(r, f->name);
            if (v && !check_value(r, f, v, strlen(v)))
                path_bad = true;
            given = v && *v;
        } else if (f->where == FIELD_QUERY) {
            for (size_t i = 0; i < r->nargs; i++) {
                if (strcmp(r->args[i].name, f->name) != 0)
                    continue;
                const char *v = r->args[i].value ? r->args[i].value : "";
                check_value(r, f, v, strlen(v));
                given += *v != '\0';
            }
        } else if (f->where == FIELD_FORM) {
            for (size_t i = 0; i < r->nform; i++) {
                const struct req_field *x = &r->form[i];
                if (strcmp(x->name, f->name) != 0)
                    continue;
                if (f->type == FIELD_FILE) {
                    given += x->filename && x->filename[0];
                    continue;
                }
                if (f->flags & FIELD_REPEATED) {
                    /* each occurrence is its own input on the form: "evidence_url_2" */
                    char name[FERR_FIELD_MAX];
                    snprintf(name, sizeof name, "%s_%zu", f->name, ++seen);
                    struct field_spec one = *f;
                    one.name = name;
                    check_value(r, &one, x->value, x->len);
                } else {
                    check_value(r, f, x->value, x->len);
                }
                given += x->len > 0;
            }
        } else {
            json = true;
            continue;
        }
        if (given > 1 && !(f->flags & FIELD_REPEATED))
            ferr_add(&r->ferr, f->name, "Send this field once");
        if (!given && (f->flags & FIELD_REQUIRED))
            check_missing(r, f);
        query_bad |= f->where == FIELD_QUERY && r->ferr.n > before;
    }
    if (json && (rt->flags & ROUTE_MUTATING))
        check_json(r);
    if (!r->ferr.n)
        return true;
    if ((rt->flags & ROUTE_FORM_ERRORS) && !path_bad && !query_bad)
        return true; /* the handler shows them on its form */
    req_refuse(r, path_bad ? 404 : 400, &r->ferr);
    return false;
}

/* A GET of a form's POST path that no GET route answers (the address a
 * refused form leaves in the bar, reloaded): answers 303 to its page in
 * reloads[], the {captures} taken from the path (URL-escaped).  Returns
 * false when the path has none. */
static bool reload_answer(struct req *r)
{
    struct capture c[WEB_MAX_PARAMS];
    size_t nc;
    for (size_t i = 0; i < NRELOADS; i++) {
        if (!route_match(reloads[i].pattern, r->path, c, &nc))
            continue;
        struct buf to = BUF_INIT;
        for (const char *p = reloads[i].to; *p;) {
            const char *open = strchr(p, '{');
            if (!open) {
                buf_append(&to, p, strlen(p));
                break;
            }
            buf_append(&to, p, (size_t)(open - p));
            const char *close = strchr(open, '}'); /* route_check: every { has its } */
            for (size_t k = 0; k < nc; k++)
                if (c[k].namelen == (size_t)(close - open - 1) &&
                    strncmp(c[k].name, open + 1, c[k].namelen) == 0) {
                    char *value = xstrndup(r->path + c[k].off, c[k].len);
                    html_printf(&to, "%U", value);
                    free(value);
                }
            p = close + 1;
        }
        r->allow[0] = '\0';
        req_redirect(r, buf_str(&to));
        buf_free(&to);
        return true;
    }
    return false;
}

bool route_resolve(struct req *r)
{
    struct capture caps[WEB_MAX_PARAMS], c[WEB_MAX_PARAMS];
    size_t ncaps = 0, nc;
    const struct route *hit = NULL;
    /* HEAD is GET without the body (libmicrohttpd drops the body). */
    const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;

    if (r->uri_len > WEB_MAX_URI) {
        req_error(r, 414, NULL);
        return false;
    }
    if (r->too_many_args) {
        req_error(r, 400, "The web address has more query parameters than any page here takes.");
        return false;
    }
    if (r->bad_request) {
        req_error(r, 400, r->bad_request);
        return false;
    }
    /* A form's literal address in reloads[] ("/work/meetings/series") goes
     * before a GET route whose capture would take its last segment for a ref
     * ("/work/meetings/{ref}"): reloading the form's address means its page. */
    if (strcmp(method, "GET") == 0)
        for (size_t i = 0; i < NRELOADS; i++)
            if (!strchr(reloads[i].pattern, '{') && strcmp(reloads[i].pattern, r->path) == 0 &&
                reload_answer(r))
                return false;
    r->allow[0] = '\0';
    for (size_t i = 0; i < NROUTES; i++) {
        if (!route_match(routes[i].pattern, r->path, c, &nc))
            continue;
        allow_add(r->allow, sizeof r->allow, routes[i].method);
        if (!hit && strcmp(routes[i].method, method) == 0) {
            hit = &routes[i];
            memcpy(caps, c, nc * sizeof *c);
            ncaps = nc;
        }
    }
    if (!hit) {
        if (!r->allow[0]) {
            req_error(r, 404, NULL);
            return false;
        }
        if (strcmp(method, "GET") == 0 && reload_answer(r))
            return false;
        req_error(r, 405, NULL); /* r->allow goes out as the Allow header */
        return false;
    }
    r->allow[0] = '\0';
    r->route = hit;
    set_params(r, caps, ncaps);
    return true;
}

void route_dispatch(struct req *r)
{
    const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
    if (!route_resolve(r))
        return;
    const struct route *hit = r->route;
    /* Public pages read a record connection (model/record.h): the plan as
     * the latest signed-off month's record holds it, and nothing unsigned. */
    bool public_read =
        hit->cap == CAP_PUBLIC && strcmp(hit->method, "GET") == 0 && !(hit->flags & ROUTE_LIVE);
    if (!(hit->flags & ROUTE_NODB) && !r->db) { /* publish brings its own connection */
        char err[512];
        r->db = public_read ? server_worker_pdb(r->srv, r->cfg, err, sizeof err)
                            : server_worker_db(r->srv, r->cfg, err, sizeof err);
        if (!r->db) {
            fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri, err);
            req_error(r, 503, NULL);
            return;
        }
    }
    if (r->db && record_is_connection(r->db)) {
        struct pub_scope latest;
        if (pub_scope_resolve(r->db, NULL, &latest) != PUB_SCOPE_OK) {
            fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri, r->db->err);
            req_error(r, 500, NULL);
            return;
        }
        r->record = latest.latest_head;
        r->record_latest = latest.latest;
    }
    if (!authenticate(r) || !authorize(r) || !check_csrf(r) || !route_check_inputs(r))
        return;
    /* a page made for a signed-in person is never a shared version of the page */
    if (strcmp(method, "GET") == 0 && !r->user && cond_not_modified(r)) {
        r->status = 304;
        return;
    }
    if (r->etag[0] && (hit->flags & ROUTE_CACHE) && server_cache_lookup(r))
        return;
    r->status = 200;
    r->content_type = CT_HTML;
    if (r->db)
        r->db->busy = false;
    if (r->wdb)
        r->wdb->busy = false;
    if (hit->handler(r) != 0) {
        fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri,
                r->err[0] ? r->err : "handler failed");
        if ((r->db && r->db->busy) || (r->wdb && r->wdb->busy)) {
            /* other writers held the database past the busy timeout: nothing
             * was written (the transaction rolled back), and asking again works */
            r->retry_after = 2;
            req_error(r, 503,
                      "The record is busy with other changes. Nothing was saved: "
                      "try again in a moment.");
        } else {
            req_error(r, 500, NULL);
        }
    } else if (r->ferr.n && r->status != 400) {
        /* a ROUTE_FORM_ERRORS handler that could not show its form (not
         * this reader's, no such thing): the refusal is still the answer */
        if (r->status < 400)
            fprintf(stderr, "dialturn: bug: %s %s answered %u to a refused form\n", r->method,
                    r->log_uri, r->status);
        req_refuse(r, 400, &r->ferr);
    }
    /* The worker's connection serves the next request too: a handler that
     * left a transaction open must not hand it on half-done. */
    if (r->wdb && !sqlite3_get_autocommit(r->wdb->h)) {
        fprintf(stderr, "dialturn: bug: %s %s left a transaction open; rolled back\n", r->method,
                r->log_uri);
        db_rollback(r->wdb);
    }
}

void web_routes_print(FILE *out)
{
    for (size_t i = 0; i < NROUTES; i++) {
        const struct route *rt = &routes[i];
        fprintf(out, "%s\t%s\t%s\t", rt->method, rt->pattern, cap_label(rt->cap));
        if (rt->cap == CAP_PUBLIC)
            fprintf(out, "anyone");
        for (int k = 0, n = 0; rt->cap != CAP_PUBLIC && k < ROLE__MAX; k++)
            if (role_has((enum role)k, rt->cap))
                fprintf(out, "%s%s", n++ ? "," : "", role_code((enum role)k));
        fprintf(out, "\n");
    }
}

/* What is wrong with rt's declared fields, or NULL: a {capture} of its
 * pattern not declared, a field without a name or type, an enum without
 * choices, a JSON member on a route that takes no JSON body, a form field
 * on a route that takes no form. */
static const char *fields_problem(const struct route *rt)
{
    for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *close = strchr(p, '}');
        if (!close)
            return "a { without }";
        bool found = false;
        for (const struct field_spec *f = rt->fields; f && f->name; f++)
            found |= f->where == FIELD_PATH && strlen(f->name) == (size_t)(close - p - 1) &&
                     strncmp(f->name, p + 1, (size_t)(close - p - 1)) == 0;
        if (!found)
            return "a {capture} of the pattern is not a declared field";
    }
    for (const struct field_spec *f = rt->fields; f && f->name; f++) {
        if (!f->name[0] || f->type >= FIELD__MAX)
            return "a field without a name or a type";
        if (f->type == FIELD_ENUM && (!f->choices || !f->choices[0]))
            return "an enum field without choices";
        if (f->where == FIELD_JSON && !((rt->flags & ROUTE_JSON) && (rt->flags & ROUTE_MUTATING)))
            return "a JSON member declared on a route that takes no JSON body";
        if (f->where == FIELD_FORM && (strcmp(rt->method, "POST") != 0 || (rt->flags & ROUTE_JSON)))
            return "a form field declared on a route that takes no form";
        if (f->where == FIELD_PATH && !strstr(rt->pattern, f->name))
            return "a path field that the pattern does not capture";
    }
    return NULL;
}

void web_routes_json(FILE *out)
{
    json_t *list = json_array();
    for (size_t i = 0; i < NROUTES; i++) {
        const struct route *rt = &routes[i];
        json_t *roles = json_array(), *fields = json_array();
        for (int k = 0; rt->cap != CAP_PUBLIC && k < ROLE__MAX; k++)
            if (role_has((enum role)k, rt->cap))
                json_array_append_new(roles, json_string(role_code((enum role)k)));
        for (const struct field_spec *f = rt->fields; f && f->name; f++) {
            json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:b}", "name", f->name, "in",
                                  field_where_name(f->where), "type", field_type_name(f->type),
                                  "required", (f->flags & FIELD_REQUIRED) != 0, "repeated",
                                  (f->flags & FIELD_REPEATED) != 0);
            if (f->type == FIELD_TEXT) {
                json_object_set_new(o, "max", json_integer(f->max));
                json_object_set_new(o, "multiline", json_boolean(f->flags & FIELD_MULTILINE));
            } else if (f->type == FIELD_INT) {
                json_object_set_new(o, "min", json_integer(f->min));
                json_object_set_new(o, "max", json_integer(f->max));
            } else if (f->type == FIELD_ENUM) {
                json_t *c = json_array();
                for (size_t k = 0; f->choices[k]; k++)
                    json_array_append_new(c, json_string(f->choices[k]));
                json_object_set_new(o, "choices", c);
            }
            json_array_append_new(fields, o);
        }
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:o, s:o}", "method",
                                              rt->method, "pattern", rt->pattern, "capability",
                                              cap_label(rt->cap), "public", rt->cap == CAP_PUBLIC,
                                              "json", (rt->flags & ROUTE_JSON) != 0, "mutating",
                                              (rt->flags & ROUTE_MUTATING) != 0, "roles", roles,
                                              "fields", fields));
        const char *reload = strcmp(rt->method, "POST") == 0 ? reload_of(rt->pattern) : NULL;
        if (reload)
            json_object_set_new(json_array_get(list, json_array_size(list) - 1), "reload",
                                json_string(reload));
    }
    json_dumpf(list, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(list);
}

/* Whether a GET route has exactly `pattern`. */
static bool get_route_of(const char *pattern)
{
    for (size_t i = 0; i < NROUTES; i++)
        if (strcmp(routes[i].method, "GET") == 0 && strcmp(routes[i].pattern, pattern) == 0)
            return true;
    return false;
}

/* Sets *why to what is wrong with rt's reload and returns true, or returns
 * false: a form's POST (not the API's) must answer a GET of its path, by a
 * GET route of the same pattern or by its reload page, which must be a GET
 * route whose {captures} are all rt's. */
static bool reload_problem(const struct route *rt, const char **why)
{
    bool form_post = strcmp(rt->method, "POST") == 0 && !(rt->flags & ROUTE_JSON);
    const char *reload = form_post ? reload_of(rt->pattern) : NULL;
    if (form_post && !reload && !get_route_of(rt->pattern))
        *why = "a form's POST path must answer GET: add a GET route of the same pattern or "
               "a line in reloads[]";
    else if (reload && (get_route_of(rt->pattern) || !get_route_of(reload)))
        *why = "the reload page must be a GET route, for a path no GET route answers";
    else
        for (const char *p = reload ? strchr(reload, '{') : NULL; p && !*why;
             p = strchr(p + 1, '{')) {
            const char *close = strchr(p, '}');
            char name[64];
            if (close && (size_t)(close - p) < sizeof name)
                snprintf(name, sizeof name, "%.*s", (int)(close - p + 1), p);
            if (!close || (size_t)(close - p) >= sizeof name || !strstr(rt->pattern, name))
                *why = "a {capture} of the reload page is not one of the route's";
        }
    return *why != NULL;
}

int route_check(char *err, size_t errlen)
{
    for (size_t i = 0; i < NROUTES; i++) {
        const struct route *rt = &routes[i];
        const char *why = NULL;
        if (!rt->method || !rt->method[0])
            why = "no method";
        else if (!rt->pattern || rt->pattern[0] != '/')
            why = "pattern must start with '/'";
        else if (!rt->handler)
            why = "no handler";
        else if (rt->cap <= CAP__UNSET || rt->cap >= CAP__MAX)
            why = "no capability";
        else if ((rt->flags & ROUTE_MUTATING) && strcmp(rt->method, "POST") != 0)
            why = "a mutating route must be a POST";
        else if ((rt->flags & ROUTE_MUTATING) && rt->cap == CAP_PUBLIC &&
                 !(rt->flags & (ROUTE_LOGIN | ROUTE_MAIL_TOKEN)))
            why = "a public route cannot change anything";
        else if ((rt->flags & ROUTE_CACHE) &&
                 (rt->cap != CAP_PUBLIC || strcmp(rt->method, "GET") != 0))
            why = "only a public GET route can be cached";
        else if (!reload_problem(rt, &why))
            why = fields_problem(rt);
        if (why) {
            snprintf(err, errlen, "route %zu (%s %s): %s", i, rt->method ? rt->method : "?",
                     rt->pattern ? rt->pattern : "?", why);
            return -1;
        }
    }
    return 0;
}

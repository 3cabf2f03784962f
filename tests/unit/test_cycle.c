/* test_cycle.c — the monthly cycle (model/cycle.h): periods opened in order,
 * closed and signed off; owners' drafts and submissions; the programme
 * office's review; the chase list; closure with and without the panel; and the
 * point of it all: nothing reaches the public record before the executive
 * signs the month off, and nothing changes after.  Each test imports a small
 * plan into a fresh temporary database and acts as accounts of each role,
 * refusals included. */
#include "lib/hash.h"
#include "model/cycle.h"
#include "model/cycle_list.h"
#include "model/document.h"
#include "model/ledger.h"
#include "model/overview.h"
#include "model/pub_action.h"
#include "model/search.h"
#include "testdb.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* March is signed off with A1's accepted update; nothing else is open.
 * o1 owns A1, A3 (panel-led by chair), A4 (retired); o2 owns A2 and A10; A5
 * has no owner. */
static const char *plan_doc =
    "{\"format\": \"dialturn-plan/1\","
    " \"organisation\": {\"name\": \"Test Council\", \"slug\": \"test\","
    "   \"timezone\": \"Europe/London\", \"rating_scale\": \"confidence3\"},"
    " \"people\": ["
    "  {\"ref\": \"ceo\", \"name\": \"Chief Executive\", \"role\": \"CE\", \"kind\": \"officer\"},"
    "  {\"ref\": \"o1\", \"name\": \"Olive Owner\", \"role\": \"Director\", \"kind\": \"officer\"},"
    "  {\"ref\": \"o2\", \"name\": \"Bob Builder\", \"role\": \"Head of Works\","
    "   \"kind\": \"officer\"},"
    "  {\"ref\": \"chair\", \"name\": \"Panel Chair\", \"role\": \"Chair\", \"kind\": \"panel\"}],"
    " \"themes\": [{\"ref\": \"T1\", \"title\": \"Governance\", \"lead\": \"ceo\"}],"
    " \"actions\": ["
    "  {\"ref\": \"A1\", \"theme\": \"T1\", \"title\": \"First\", \"owner\": \"o1\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-09-30\", \"status\": \"in_progress\","
    "   \"closure_criteria\": \"Policy adopted\"},"
    "  {\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Second\", \"owner\": \"o2\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-09-30\", \"status\": \"not_started\"},"
    "  {\"ref\": \"A3\", \"theme\": \"T1\", \"title\": \"Third\", \"owner\": \"o1\","
    "   \"panel_lead\": \"chair\", \"start\": \"2015-03-01\", \"finish\": \"2015-09-30\","
    "   \"status\": \"in_progress\", \"closure_criteria\": \"Panel satisfied\"},"
    "  {\"ref\": \"A4\", \"theme\": \"T1\", \"title\": \"Gone\", \"owner\": \"o1\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-03-31\", \"status\": \"retired\"},"
    "  {\"ref\": \"A5\", \"theme\": \"T1\", \"title\": \"Orphan\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-09-30\", \"status\": \"in_progress\"},"
    "  {\"ref\": \"A10\", \"theme\": \"T1\", \"title\": \"Tenth\", \"owner\": \"o2\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-09-30\", \"status\": \"in_progress\"}],"
    " \"periods\": ["
    "  {\"month\": \"2015-03\", \"status\": \"signed_off\", \"signed_off_on\": \"2015-04-10\","
    "   \"signed_off_by\": \"ceo\"}],"
    " \"updates\": ["
    "  {\"action\": \"A1\", \"period\": \"2015-03\", \"state\": \"accepted\", \"status\":"
    "   \"in_progress\", \"percent\": 10, \"confidence\": \"medium\", \"narrative\": \"March\","
    "   \"forecast_finish\": \"2015-10-31\", \"author\": \"o1\"}]}";

static char path[64];
static struct db *db;
static struct session_user pmo, exec_, owner1, owner2, panel, viewer, stranger;
static struct field_errors errs;

/* The id of person `ref` (0 for NULL). */
static int64_t person(const char *ref)
{
    return ref ? testdb_id(db, "SELECT id FROM person WHERE ref = :ref", ref) : 0;
}

/* Adds an account (through the ledger, with a placeholder password hash:
 * these tests never sign in) and returns it as a request's user. */
static struct session_user account(const char *username, enum role role, const char *person_ref)
{
    struct session_user u;
    memset(&u, 0, sizeof u);
    u.person_id = person(person_ref);
    u.role = role;
    snprintf(u.username, sizeof u.username, "%s", username);
    snprintf(u.name, sizeof u.name, "Name of %s", username);
    json_t *s = json_pack("{s:n, s:s, s:s, s:s, s:o, s:s, s:i, s:s}", "id", "username", username,
                          "name", u.name, "role", role_code(role), "person_id",
                          u.person_id ? json_integer(u.person_id) : json_null(), "pw_hash", "x",
                          "disabled", 0, "created_on", "2015-01-01");
    cr_assert_eq(db_begin(db), 0, "%s", db->err);
    u.account_id = ledger_put(db, T_ACCOUNT, s, 0);
    cr_assert_gt(u.account_id, 0, "%s", db->err);
    cr_assert_eq(db_commit(db), 0, "%s", db->err);
    json_decref(s);
    return u;
}

static void setup(void)
{
    crypto_init();
    testdb_path(path, sizeof path, "cycle");
    db = testdb_create(path, plan_doc);
    db_set_actor(db, "test");
    pmo = account("pmo", ROLE_PMO, NULL);
    exec_ = account("ceo", ROLE_EXECUTIVE, "ceo");
    owner1 = account("olive", ROLE_OWNER, "o1");
    owner2 = account("bob", ROLE_OWNER, "o2");
    panel = account("chair", ROLE_PANEL, "chair");
    viewer = account("viewer", ROLE_VIEWER, NULL);
    stranger = account("nobody", ROLE_OWNER, NULL);
}

static void teardown(void)
{
    overview_cache_clear();
    testdb_close(db, path);
}

TestSuite(cycle, .init = setup, .fini = teardown);

/* Asserts that errs names `field` with a message containing `text`. */
static void assert_error(const char *field, const char *text)
{
    for (size_t i = 0; i < errs.n; i++)
        if (strcmp(errs.e[i].field, field) == 0) {
            cr_assert(strstr(errs.e[i].message, text), "message for %s: \"%s\" lacks \"%s\"", field,
                      errs.e[i].message, text);
            return;
        }
    cr_assert_fail("no message for field \"%s\" (first: %s)", field, ferr_first(&errs));
}

static void assert_said(const char *text)
{
    cr_assert(strstr(ferr_first(&errs), text), "\"%s\" lacks \"%s\"", ferr_first(&errs), text);
}

static day_t d(const char *iso)
{
    day_t x;
    cr_assert(date_parse(iso, &x), "%s", iso);
    return x;
}

/* Opens April (the month after March) as the programme office. */
static void open_april(void)
{
    char m[MONTH_LEN];
    cr_assert_eq(cycle_period_open(db, &pmo, NULL, m, &errs), CYCLE_OK, "%s %s", ferr_first(&errs),
                 db->err);
    cr_assert_str_eq(m, "2015-04");
}

/* A complete, valid update input. */
static struct cycle_update_input good(bool submit, const char *narrative)
{
    return (struct cycle_update_input){.status = "in_progress",
                                       .percent = "40",
                                       .confidence = "high",
                                       .narrative = narrative,
                                       .forecast_finish = "2015-11-30",
                                       .submit = submit};
}

static int64_t save(const struct session_user *u, const char *ref,
                    const struct cycle_update_input *in)
{
    int64_t id = 0;
    enum cycle_rc rc = cycle_update_save(db, u, ref, in, &errs, &id);
    cr_assert_eq(rc, CYCLE_OK, "save %s: %d %s %s", ref, rc, ferr_first(&errs), db->err);
    cr_assert_gt(id, 0);
    return id;
}

/* A column of one row, as text ("" for NULL), for checking what was stored. */
static char *cell(const char *sql, int64_t id)
{
    static char out[256];
    sqlite3_stmt *st = db_prepare(db, sql);
    cr_assert_not_null(st, "%s", db->err);
    db_bind_int(st, ":id", id);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s (%lld)", sql, (long long)id);
    snprintf(out, sizeof out, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    return out;
}

static const char *update_state(int64_t id)
{
    return cell("SELECT state FROM progress_update WHERE id = :id", id);
}

/* "status completed_on" of action `ref`, e.g. "complete 2015-04-21". */
static const char *action_col_status(const char *ref)
{
    static char out[64];
    sqlite3_stmt *st = db_prepare(db, "SELECT status, coalesce(completed_on, '') FROM action "
                                      "WHERE ref = :ref");
    cr_assert_not_null(st, "%s", db->err);
    db_bind_text(st, ":ref", ref);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "no action %s", ref);
    snprintf(out, sizeof out, "%s %s", db_col_text(st, 0), db_col_text(st, 1));
    sqlite3_reset(st);
    return out;
}

/* -- periods ------------------------------------------------------------------------ */

Test(cycle, the_next_month_opens_and_only_one_at_a_time)
{
    char m[MONTH_LEN], next[MONTH_LEN];
    cr_assert_eq(cycle_next_month(db, next), 1);
    cr_assert_str_eq(next, "2015-04");
    cr_assert_eq(cycle_period_open(db, &pmo, "2015-06", m, &errs), CYCLE_INVALID);
    assert_error("month", "The next period is April 2015");
    open_april();
    cr_assert_eq(cycle_period_open(db, &pmo, NULL, m, &errs), CYCLE_CONFLICT);
    assert_said("April 2015 is still open");
    cr_assert_eq(cycle_period_close(db, &pmo, "2015-04", &errs), CYCLE_OK, "%s", ferr_first(&errs));
    cr_assert_eq(cycle_period_open(db, &pmo, "2015-05", m, &errs), CYCLE_CONFLICT);
    assert_said("April 2015 is closed but not signed off");
    cr_assert_eq(cycle_period_close(db, &pmo, "2015-04", &errs), CYCLE_CONFLICT);
    assert_said("already closed");
    cr_assert_eq(cycle_period_close(db, &pmo, "2015-07", &errs), CYCLE_NOT_FOUND);
    assert_error("month", "There is no period for July 2015");
    cr_assert_eq(cycle_period_close(db, &pmo, "July", &errs), CYCLE_INVALID);
    assert_error("month", "YYYY-MM");
    cr_assert_eq(cycle_period_sign_off(db, &exec_, "2015-04", d("2015-05-08"), &errs), CYCLE_OK,
                 "%s", ferr_first(&errs));
    cr_assert_eq(cycle_period_open(db, &pmo, "", m, &errs), CYCLE_OK, "%s", ferr_first(&errs));
    cr_assert_str_eq(m, "2015-05");
}

Test(cycle, any_month_opens_first_but_it_must_be_given)
{
    char p2[64];
    testdb_path(p2, sizeof p2, "cycle-empty");
    struct db *e = testdb_create(p2, "{\"format\": \"dialturn-plan/1\", \"organisation\": "
                                     "{\"name\": \"E\", \"slug\": \"e\", \"timezone\": "
                                     "\"Europe/London\", \"rating_scale\": \"dca5\"}}");
    char m[MONTH_LEN];
    cr_assert_eq(cycle_next_month(e, m), 0);
    cr_assert_eq(cycle_period_open(e, &pmo, NULL, m, &errs), CYCLE_INVALID);
    assert_error("month", "Enter the month to open");
    cr_assert_eq(cycle_period_open(e, &pmo, "2015-13", m, &errs), CYCLE_INVALID);
    assert_error("month", "YYYY-MM");
    cr_assert_eq(cycle_period_open(e, &pmo, "2016-02", m, &errs), CYCLE_OK, "%s %s",
                 ferr_first(&errs), e->err);
    cr_assert_str_eq(m, "2016-02");
    testdb_close(e, p2);
}

Test(cycle, only_the_roles_that_may_run_periods_do)
{
    char m[MONTH_LEN];
    cr_assert_eq(cycle_period_open(db, &owner1, NULL, m, &errs), CYCLE_DENIED);
    assert_said("cannot open and close reporting periods");
    cr_assert_eq(cycle_period_open(db, &exec_, NULL, m, &errs), CYCLE_DENIED);
    open_april();
    cr_assert_eq(cycle_period_close(db, &viewer, "2015-04", &errs), CYCLE_DENIED);
    cr_assert_eq(cycle_period_close(db, &pmo, "2015-04", &errs), CYCLE_OK);
    cr_assert_eq(cycle_period_sign_off(db, &pmo, "2015-04", d("2015-05-08"), &errs), CYCLE_DENIED,
                 "the programme office does not sign months off");
    assert_said("cannot sign a month off");
    cr_assert_eq(cycle_period_sign_off(db, &panel, "2015-04", d("2015-05-08"), &errs),
                 CYCLE_DENIED);
}

Test(cycle, a_closed_month_reopens_with_a_reason_until_it_is_signed_off)
{
    open_april();
    cr_assert_eq(cycle_period_reopen(db, &pmo, "2015-04", "Late", &errs), CYCLE_CONFLICT,
                 "an open month is open already");
    cr_assert_eq(cycle_period_close(db, &pmo, "2015-04", &errs), CYCLE_OK);
    cr_assert_eq(cycle_period_reopen(db, &owner1, "2015-04", "Let me", &errs), CYCLE_DENIED);
    cr_assert_eq(cycle_period_reopen(db, &exec_, "2015-04", "Why not", &errs), CYCLE_DENIED);
    cr_assert_eq(cycle_period_reopen(db, &pmo, "2015-04", " \n", &errs), CYCLE_INVALID);
    cr_assert_str_eq(errs.e[0].field, "reason");
    cr_assert_eq(cycle_period_reopen(db, &pmo, "2015-04", "Olive was away", &errs), CYCLE_OK, "%s",
                 ferr_first(&errs));
    struct cycle_period p;
    cr_assert_eq(cycle_period_find(db, "2015-04", &p), 1);
    cr_assert_eq(p.state, PERIOD_OPEN, "reopened: owners can save again");
    struct cycle_reopening *r;
    size_t n;
    cr_assert_eq(cycle_reopenings(db, &r, &n), 0, "%s", db->err);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(r[0].month, "2015-04");
    cr_assert_str_eq(r[0].reason, "Olive was away");
    cr_assert_str_eq(r[0].by_name, "Name of pmo");
    cycle_reopenings_free(r, n);
    cr_assert_eq(cycle_period_close(db, &pmo, "2015-04", &errs), CYCLE_OK);
    cr_assert_eq(cycle_period_sign_off(db, &exec_, "2015-04", d("2015-05-08"), &errs), CYCLE_OK,
                 "%s", ferr_first(&errs));
    cr_assert_eq(cycle_period_reopen(db, &pmo, "2015-04", "Too late", &errs), CYCLE_CONFLICT,
                 "a signed-off month never reopens");
    assert_said("never reopens");
    cr_assert_eq(cycle_period_find(db, "2015-04", &p), 1);
    cr_assert_eq(p.state, PERIOD_SIGNED_OFF);
}

Test(cycle, sign_off_needs_a_closed_month_with_nothing_awaiting_review)
{
    open_april();
    struct cycle_update_input in = good(true, "Done a lot");
    save(&owner1, "A1", &in);
    save(&owner2, "A2", &in);
    cr_assert_eq(cycle_period_sign_off(db, &exec_, "2015-04", d("2015-05-08"), &errs),
                 CYCLE_CONFLICT);
    assert_said("still open for updates");
    cr_assert_eq(cycle_period_close(db, &pmo, "2015-04", &errs), CYCLE_OK);
    cr_assert_eq(cycle_period_sign_off(db, &exec_, "2015-04", d("2015-05-08"), &errs),
                 CYCLE_CONFLICT);
    assert_said("2 updates of April 2015 still await review");
    struct cycle_queue qp;
    cr_assert_eq(cycle_queue_page(db, 20, 1, 0, NULL, &qp), 1, "%s", db->err);
    cr_assert_eq(qp.n, 2);
    cr_assert_eq(qp.total, 2);
    struct cycle_update *q = qp.v;
    cr_assert_str_eq(q[0].action_ref, "A1", "queue order: month, then ref");
    cr_assert_str_eq(q[1].action_ref, "A2");
    cr_assert_str_eq(q[1].narrative, "Done a lot", "the page's rows are read whole");

    /* a page at a time: one a page, the second page holds A2, a third none */
    struct cycle_queue one;
    cr_assert_eq(cycle_queue_page(db, 1, 2, 0, NULL, &one), 1, "%s", db->err);
    cr_assert_eq(one.pages, 2);
    cr_assert_eq(one.first, 2);
    cr_assert_eq(one.n, 1);
    cr_assert_str_eq(one.v[0].action_ref, "A2");
    cycle_queue_free(&one);
    cr_assert_eq(cycle_queue_page(db, 1, 3, 0, NULL, &one), 0, "no third page");
    cr_assert_eq(cycle_queue_page(db, 1, 1, q[1].id, NULL, &one), 1, "the page holding an update");
    cr_assert_eq(one.page, 2);
    cycle_queue_free(&one);

    cr_assert_eq(cycle_review(db, &pmo, q[0].id, true, "", &errs), CYCLE_OK, "%s",
                 ferr_first(&errs));
    cr_assert_eq(cycle_period_sign_off(db, &exec_, "2015-04", d("2015-05-08"), &errs),
                 CYCLE_CONFLICT);
    assert_said("1 update of April 2015 still awaits review");
    cr_assert_eq(cycle_review(db, &pmo, q[1].id, false, "Say more", &errs), CYCLE_OK);
    cycle_queue_free(&qp);
    cr_assert_eq(cycle_period_sign_off(db, &exec_, "2015-04", d("2015-05-08"), &errs), CYCLE_OK,
                 "%s", ferr_first(&errs));
    struct cycle_period p;
    cr_assert_eq(cycle_period_find(db, "2015-04", &p), 1);
    cr_assert_eq(p.state, PERIOD_SIGNED_OFF);
    cr_assert_str_eq(p.signed_off_on, "2015-05-08");
    cr_assert_str_eq(p.signed_off_by, "Chief Executive");
    cr_assert_eq(p.n_accepted, 1);
    cr_assert_eq(p.n_returned, 1);
    cr_assert_eq(cycle_period_sign_off(db, &exec_, "2015-04", d("2015-05-09"), &errs),
                 CYCLE_CONFLICT);
    assert_said("already signed off on 2015-05-08");
}

/* -- updates ------------------------------------------------------------------------ */

Test(cycle, an_owner_updates_only_their_own_actions)
{
    open_april();
    struct cycle_update_input in = good(false, "Draft");
    int64_t id;
    cr_assert_eq(cycle_update_save(db, &owner2, "A1", &in, &errs, &id), CYCLE_DENIED);
    assert_said("You are not the owner of action A1");
    cr_assert_eq(cycle_update_save(db, &stranger, "A1", &in, &errs, &id), CYCLE_DENIED);
    assert_said("not linked to a person");
    cr_assert_eq(cycle_update_save(db, &pmo, "A1", &in, &errs, &id), CYCLE_DENIED);
    assert_said("cannot submit monthly updates");
    cr_assert_eq(cycle_update_save(db, &owner1, "A99", &in, &errs, &id), CYCLE_NOT_FOUND);
    assert_said("There is no action A99");
    cr_assert_eq(cycle_update_save(db, &owner1, "A4", &in, &errs, &id), CYCLE_CONFLICT);
    assert_said("A4 is retired");
    id = save(&owner1, "A1", &in);
    cr_assert_str_eq(update_state(id), "draft");
    cr_assert_str_eq(cell("SELECT author_id FROM progress_update WHERE id = :id", id),
                     cell("SELECT id FROM person WHERE ref = 'o1' AND :id > 0", 1));
}

Test(cycle, no_update_without_an_open_period)
{
    struct cycle_update_input in = good(false, "Draft");
    int64_t id;
    cr_assert_eq(cycle_update_save(db, &owner1, "A1", &in, &errs, &id), CYCLE_CONFLICT);
    assert_said("No period is open");
}

Test(cycle, submitting_needs_a_narrative_and_a_confidence)
{
    open_april();
    struct cycle_update_input in = good(true, "   ");
    in.confidence = "";
    int64_t id;
    cr_assert_eq(cycle_update_save(db, &owner1, "A1", &in, &errs, &id), CYCLE_INVALID);
    assert_error("narrative", "Enter the narrative");
    assert_error("confidence", "high, medium, low");
    cr_assert_eq(id, 0);
    /* a draft may lack both */
    in.submit = false;
    id = save(&owner1, "A1", &in);
    cr_assert_str_eq(update_state(id), "draft");
}

Test(cycle, every_field_is_checked_and_named)
{
    open_april();
    struct cycle_link links[] = {{"Minutes", "javascript:alert(1)"}, {"", ""}, {"", "https://x"}};
    struct cycle_update_input in = {.status = "complete",
                                    .percent = "101",
                                    .confidence = "amber",
                                    .narrative = "Fine",
                                    .forecast_finish = "2015-02-30",
                                    .links = links,
                                    .nlinks = 3,
                                    .submit = true};
    int64_t id;
    cr_assert_eq(cycle_update_save(db, &owner1, "A1", &in, &errs, &id), CYCLE_INVALID);
    assert_error("status", "complete only when its closure is accepted");
    assert_error("percent", "whole number from 0 to 100");
    assert_error("confidence", "one of: high, medium, low");
    assert_error("forecast_finish", "real date");
    assert_error("evidence_url_1", "https:// or http://");
    assert_error("evidence_label_3", "Enter a label for evidence link 3");
    in.status = "";
    in.percent = "";
    cr_assert_eq(cycle_update_save(db, &owner1, "A1", &in, &errs, &id), CYCLE_INVALID);
    assert_error("status", "Select the action's status");
    assert_error("percent", "Enter the percentage complete");
    in.status = "nonsense";
    in.percent = "-1";
    cr_assert_eq(cycle_update_save(db, &owner1, "A1", &in, &errs, &id), CYCLE_INVALID);
    assert_error("status", "not started, in progress or blocked");
    assert_error("percent", "whole number");
    /* nothing was stored by any refusal */
    cr_assert_str_eq(cell("SELECT count(*) FROM progress_update WHERE period_id = "
                          "(SELECT id FROM period WHERE month = '2015-04') AND :id",
                          1),
                     "0");
}

Test(cycle, evidence_links_are_kept_with_the_update_and_replaced_on_save)
{
    open_april();
    struct cycle_link links[] = {{"Cabinet minutes", "https://example.org/minutes"},
                                 {"", ""},
                                 {"Report", "http://example.org/report.pdf"}};
    struct cycle_update_input in = good(false, "Draft with links");
    in.links = links;
    in.nlinks = 3;
    int64_t id = save(&owner1, "A1", &in);
    struct cycle_update u;
    cr_assert_eq(cycle_update_load(db, id, &u), 1, "%s", db->err);
    cr_assert_eq(u.nevidence, 2);
    cr_assert_str_eq(u.evidence[0].label, "Cabinet minutes");
    cr_assert_str_eq(u.evidence[1].url, "http://example.org/report.pdf");
    cycle_update_free(&u);
    in.nlinks = 1;
    cr_assert_eq(save(&owner1, "A1", &in), id, "the same update is saved again");
    cr_assert_eq(cycle_update_load(db, id, &u), 1);
    cr_assert_eq(u.nevidence, 1);
    cycle_update_free(&u);
}

Test(cycle, a_submitted_update_waits_for_review_and_a_return_needs_a_comment)
{
    open_april();
    struct cycle_update_input in = good(true, "First go");
    in.status = "blocked";
    int64_t id = save(&owner1, "A1", &in), other;
    cr_assert_str_eq(update_state(id), "submitted");
    cr_assert_eq(cycle_update_save(db, &owner1, "A1", &in, &errs, &other), CYCLE_CONFLICT);
    assert_said("awaits review");
    cr_assert_eq(cycle_review(db, &owner1, id, true, "", &errs), CYCLE_DENIED);
    cr_assert_eq(cycle_review(db, &exec_, id, true, "", &errs), CYCLE_DENIED);
    cr_assert_eq(cycle_review(db, &pmo, id, false, "  ", &errs), CYCLE_INVALID);
    assert_error("comment", "Enter a comment");
    cr_assert_str_eq(update_state(id), "submitted", "a refused return changes nothing");
    cr_assert_eq(cycle_review(db, &pmo, id + 100, true, "", &errs), CYCLE_NOT_FOUND);
    cr_assert_eq(cycle_review(db, &pmo, id, false, "Which milestone slipped?", &errs), CYCLE_OK,
                 "%s", ferr_first(&errs));
    cr_assert_str_eq(update_state(id), "returned");
    cr_assert_eq(cycle_review(db, &pmo, id, true, "", &errs), CYCLE_CONFLICT,
                 "a returned update is not reviewed again until resubmitted");

    /* the owner sees the comment, edits and resubmits the same update */
    struct cycle_form f;
    cr_assert_eq(cycle_form_load(db, "A1", &f), 1, "%s", db->err);
    cr_assert(f.exists);
    cr_assert_str_eq(f.upd.state, "returned");
    cr_assert_str_eq(f.upd.return_comment, "Which milestone slipped?");
    cycle_form_free(&f);
    in.narrative = "Second go: the June milestone slipped";
    cr_assert_eq(save(&owner1, "A1", &in), id);
    cr_assert_str_eq(update_state(id), "submitted");
    cr_assert_eq(cycle_review(db, &pmo, id, true, "", &errs), CYCLE_OK);
    cr_assert_str_eq(update_state(id), "accepted");
    cr_assert_str_eq(action_col_status("A1"), "blocked ", "the action follows its update");
    cr_assert_eq(cycle_update_save(db, &owner1, "A1", &in, &errs, &other), CYCLE_CONFLICT);
    assert_said("was accepted");

    /* both decisions are kept, with who made them */
    char want[128];
    snprintf(want, sizeof want, "returned:Which milestone slipped?:%lld|accepted::%lld",
             (long long)pmo.account_id, (long long)pmo.account_id);
    cr_assert_str_eq(cell("SELECT group_concat(decision || ':' || comment || ':' || account_id, "
                          "'|') FROM (SELECT * FROM update_review WHERE update_id = :id "
                          "ORDER BY id)",
                          id),
                     want);
}

Test(cycle, signing_off_freezes_the_month)
{
    open_april();
    struct cycle_update_input in = good(true, "Submitted");
    int64_t id = save(&owner1, "A1", &in);
    in.submit = false;
    int64_t draft = save(&owner2, "A2", &in);
    cr_assert_eq(cycle_review(db, &pmo, id, true, "", &errs), CYCLE_OK);
    cr_assert_eq(cycle_period_close(db, &pmo, "2015-04", &errs), CYCLE_OK);
    int64_t other;
    cr_assert_eq(cycle_update_save(db, &owner2, "A2", &in, &errs, &other), CYCLE_CONFLICT,
                 "a closed month takes no more updates");
    cr_assert_eq(cycle_period_sign_off(db, &exec_, "2015-04", d("2015-05-08"), &errs), CYCLE_OK,
                 "%s", ferr_first(&errs));
    char before[256];
    snprintf(before, sizeof before, "%s",
             cell("SELECT group_concat(state || status || percent || narrative) FROM "
                  "progress_update WHERE period_id = (SELECT period_id FROM progress_update "
                  "WHERE id = :id)",
                  id));
    cr_assert_eq(cycle_update_save(db, &owner2, "A2", &in, &errs, &other), CYCLE_CONFLICT);
    cr_assert_eq(cycle_review(db, &pmo, draft, true, "", &errs), CYCLE_CONFLICT);
    cr_assert_str_eq(cell("SELECT group_concat(state || status || percent || narrative) FROM "
                          "progress_update WHERE period_id = (SELECT period_id FROM "
                          "progress_update WHERE id = :id)",
                          id),
                     before);
}

Test(cycle, an_import_cannot_add_an_update_to_a_signed_off_month)
{
    const char *doc = "{\"format\": \"dialturn-plan/1\", \"updates\": ["
                      "  {\"action\": \"A2\", \"period\": \"2015-03\", \"state\": \"submitted\","
                      "   \"status\": \"in_progress\", \"percent\": 5, \"narrative\": \"Late\"}]}";
    char err[512];
    cr_assert_neq(plan_import(db, "test.json", doc, strlen(doc), NULL, err, sizeof err), 0);
    cr_assert(strstr(err, "signed-off month"), "%s", err);
    cr_assert_str_eq(
        cell("SELECT count(*) FROM progress_update WHERE narrative = 'Late' AND :id", 1), "0");
    struct cycle_queue q;
    cr_assert_eq(cycle_queue_page(db, 20, 1, 0, NULL, &q), 1, "%s", db->err);
    cr_assert_eq(q.total, 0, "the queue holds only months not yet signed off");
    cycle_queue_free(&q);
}

/* -- the public record --------------------------------------------------------------- */

/* Whether the public record (overview, action page history, search) shows
 * `marker` or a rating for A1 in April. */
static bool public_shows_april(const char *marker)
{
    struct pub_scope scope;
    cr_assert_eq(pub_scope_resolve(db, NULL, &scope), PUB_SCOPE_OK);
    const struct overview *ov;
    cr_assert_eq(overview_get(db, scope.month, &ov), 0, "%s", db->err);
    long i = overview_find_action(ov, "A1");
    cr_assert_geq(i, 0);
    struct pub_action_detail a;
    cr_assert_eq(pub_action_load(db, ov, (size_t)i, &a), 0, "%s", db->err);
    bool seen = false;
    for (size_t k = 0; k < a.nhistory; k++)
        if (strstr(a.history[k].narrative, marker))
            seen = true;
    pub_action_free(&a);
    int april;
    month_parse("2015-04", &april);
    bool rated = ov->state[i].month == april;
    struct search_result res;
    cr_assert_eq(search_run(db, marker, 1u << SEARCH_UPDATE, &scope, 1, &res), 0, "%s", db->err);
    bool found = res.total[SEARCH_UPDATE] > 0;
    search_result_free(&res);
    cr_assert_eq(seen, rated, "history and rating agree");
    cr_assert_eq(seen, found, "history and search agree");
    return seen;
}

Test(cycle, nothing_is_public_until_the_month_is_signed_off)
{
    open_april();
    struct cycle_update_input in = good(false, "Zebracorn draft");
    int64_t id = save(&owner1, "A1", &in);
    cr_assert_not(public_shows_april("Zebracorn"), "a draft is never public");
    in.submit = true;
    save(&owner1, "A1", &in);
    cr_assert_not(public_shows_april("Zebracorn"), "a submitted update is not public");
    cr_assert_eq(cycle_review(db, &pmo, id, false, "More", &errs), CYCLE_OK);
    cr_assert_not(public_shows_april("Zebracorn"), "a returned update is not public");
    save(&owner1, "A1", &in);
    cr_assert_eq(cycle_review(db, &pmo, id, true, "", &errs), CYCLE_OK);
    cr_assert_not(public_shows_april("Zebracorn"), "accepted in an open month: not public");
    cr_assert_eq(cycle_period_close(db, &pmo, "2015-04", &errs), CYCLE_OK);
    cr_assert_not(public_shows_april("Zebracorn"), "accepted in a closed month: not public");
    cr_assert_eq(cycle_period_sign_off(db, &exec_, "2015-04", d("2015-05-08"), &errs), CYCLE_OK);
    cr_assert(public_shows_april("Zebracorn"), "signed off: public");
}

/* -- lists ---------------------------------------------------------------------------- */

Test(cycle, my_updates_due_lists_the_owners_live_actions)
{
    open_april();
    struct cycle_period p;
    cr_assert_eq(cycle_period_open_now(db, &p), 1);
    struct cycle_update_input in = good(false, "Draft");
    int64_t id = save(&owner1, "A3", &in);
    struct cycle_due *due;
    size_t n;
    cr_assert_eq(cycle_due_list(db, owner1.person_id, p.id, &due, &n), 0, "%s", db->err);
    cr_assert_eq(n, 2, "A1 and A3; not the retired A4");
    cr_assert_str_eq(due[0].ref, "A1");
    cr_assert_str_eq(due[0].state, "");
    cr_assert_str_eq(due[1].ref, "A3");
    cr_assert_str_eq(due[1].state, "draft");
    cr_assert_eq(due[1].update_id, id);
    cycle_due_free(due, n);
    cr_assert_eq(cycle_due_list(db, owner2.person_id, p.id, &due, &n), 0);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(due[0].ref, "A2");
    cr_assert_str_eq(due[1].ref, "A10", "natural order: A2 before A10");
    cycle_due_free(due, n);
}

Test(cycle, the_chase_list_groups_the_late_by_owner)
{
    struct cycle_chase c;
    size_t count = 1;
    cr_assert_eq(cycle_chase_count(db, &count), 0);
    cr_assert_eq(count, 0, "no open month: nothing to chase");
    cr_assert_eq(cycle_chase_load(db, &c), 0);
    cr_assert_not(c.has_period);
    cr_assert_eq(c.total, 0);
    cycle_chase_free(&c);
    open_april();
    struct cycle_update_input in = good(true, "In");
    int64_t a2 = save(&owner2, "A2", &in);
    in.submit = false;
    save(&owner1, "A3", &in);
    cr_assert_eq(cycle_review(db, &pmo, a2, false, "Redo", &errs), CYCLE_OK);
    in.submit = true;
    save(&owner2, "A10", &in);
    cr_assert_eq(cycle_chase_load(db, &c), 0, "%s", db->err);
    cr_assert(c.has_period);
    cr_assert_str_eq(c.month, "2015-04");
    cr_assert_eq(c.total, 4, "A1 missing, A3 draft, A2 returned, A5 missing");
    cr_assert_eq(c.nowners, 3);
    cr_assert_str_eq(c.owners[0].name, "Bob Builder");
    cr_assert_str_eq(c.owners[0].role, "Head of Works");
    cr_assert_eq(c.owners[0].nrows, 1);
    cr_assert_str_eq(c.owners[0].rows[0].ref, "A2");
    cr_assert_str_eq(c.owners[0].rows[0].state, "returned");
    cr_assert_str_eq(c.owners[1].name, "Olive Owner");
    cr_assert_eq(c.owners[1].nrows, 2);
    cr_assert_str_eq(c.owners[1].rows[0].ref, "A1");
    cr_assert_str_eq(c.owners[1].rows[0].state, "");
    cr_assert_str_eq(c.owners[1].rows[1].state, "draft");
    cr_assert_str_eq(c.owners[2].name, "", "actions with no owner come last");
    cr_assert_str_eq(c.owners[2].rows[0].ref, "A5");
    cycle_chase_free(&c);
    cr_assert_eq(cycle_chase_count(db, &count), 0, "%s", db->err);
    cr_assert_eq(count, 4, "the home page's count agrees with the list");
}

Test(cycle, the_form_starts_from_the_latest_accepted_update)
{
    open_april();
    struct cycle_form f;
    cr_assert_eq(cycle_form_load(db, "A1", &f), 1, "%s", db->err);
    cr_assert(f.has_period);
    cr_assert_str_eq(f.month, "2015-04");
    cr_assert_not(f.exists);
    cr_assert_str_eq(f.upd.status, "in_progress");
    cr_assert_eq(f.upd.percent, 10);
    cr_assert_str_eq(f.upd.confidence, "medium");
    cr_assert_str_eq(f.upd.forecast_finish, "2015-10-31");
    cr_assert_str_eq(f.upd.narrative, "", "the narrative is the month's own");
    cr_assert_str_eq(f.closure_criteria, "Policy adopted");
    cycle_form_free(&f);
    cr_assert_eq(cycle_form_load(db, "A99", &f), 0);
}

Test(cycle, the_review_queue_shows_submitted_updates_only)
{
    open_april();
    struct cycle_link links[] = {{"Minutes", "https://example.org/m"}};
    struct cycle_update_input in = good(true, "**Bold** claim");
    in.links = links;
    in.nlinks = 1;
    save(&owner2, "A10", &in);
    save(&owner2, "A2", &in);
    in.submit = false;
    save(&owner1, "A1", &in);
    struct cycle_queue qp;
    cr_assert_eq(cycle_queue_page(db, 20, 1, 0, NULL, &qp), 1, "%s", db->err);
    cr_assert_eq(qp.n, 2, "the draft is not in the queue");
    struct cycle_update *q = qp.v;
    cr_assert_str_eq(q[0].action_ref, "A2");
    cr_assert_str_eq(q[1].action_ref, "A10");
    cr_assert_str_eq(q[0].owner_name, "Bob Builder");
    cr_assert_str_eq(q[0].author_name, "Bob Builder");
    cr_assert_str_eq(q[0].narrative, "**Bold** claim");
    cr_assert_eq(q[0].nevidence, 1);
    cr_assert_str_eq(q[0].evidence[0].url, "https://example.org/m");
    cr_assert_eq(q[1].nevidence, 1, "each update gets its own evidence");
    cycle_queue_free(&qp);
}

/* -- closure -------------------------------------------------------------------------- */

/* The completion date the closure proposals of these tests give. */
#define DONE_ON "2015-04-21"

static int64_t propose(const struct session_user *u, const char *ref, const char *evidence)
{
    int64_t id = 0;
    enum cycle_rc rc =
        cycle_closure_propose(db, u, ref, evidence, DONE_ON, NULL, 0, NULL, 0, &errs, &id);
    cr_assert_eq(rc, CYCLE_OK, "propose %s: %s %s", ref, ferr_first(&errs), db->err);
    return id;
}

Test(cycle, closure_is_proposed_by_the_owner_with_evidence)
{
    int64_t id;
    cr_assert_eq(
        cycle_closure_propose(db, &owner2, "A1", "Done", DONE_ON, NULL, 0, NULL, 0, &errs, &id),
        CYCLE_DENIED);
    cr_assert_eq(
        cycle_closure_propose(db, &pmo, "A1", "Done", DONE_ON, NULL, 0, NULL, 0, &errs, &id),
        CYCLE_DENIED);
    cr_assert_eq(
        cycle_closure_propose(db, &owner1, "A1", " ", DONE_ON, NULL, 0, NULL, 0, &errs, &id),
        CYCLE_INVALID);
    assert_error("evidence", "Enter the evidence");
    struct cycle_link bad[] = {{"x", "ftp://x"}};
    cr_assert_eq(
        cycle_closure_propose(db, &owner1, "A1", "Done", DONE_ON, bad, 1, NULL, 0, &errs, &id),
        CYCLE_INVALID);
    assert_error("evidence_url_1", "http");
    struct cycle_link links[] = {{"Policy", "https://example.org/policy"}};
    cr_assert_eq(cycle_closure_propose(db, &owner1, "A1", "Adopted in March", DONE_ON, links, 1,
                                       NULL, 0, &errs, &id),
                 CYCLE_OK, "%s", ferr_first(&errs));
    cr_assert_eq(
        cycle_closure_propose(db, &owner1, "A1", "Again", DONE_ON, NULL, 0, NULL, 0, &errs, &id),
        CYCLE_CONFLICT);
    assert_said("already awaits a decision");
    struct cycle_closure c;
    cr_assert_eq(cycle_closure_latest(db, "A1", &c), 1, "%s", db->err);
    cr_assert_eq(c.stage, CLOSURE_AWAITING_PMO);
    cr_assert_str_eq(c.criteria, "Policy adopted");
    cr_assert_str_eq(c.proposed_by, "Name of olive");
    cr_assert_eq(c.nlinks, 1);
    cycle_closure_free(&c);
    cr_assert_eq(
        cycle_closure_propose(db, &owner1, "A4", "Gone", DONE_ON, NULL, 0, NULL, 0, &errs, &id),
        CYCLE_CONFLICT);
}

/* The completion date is the owner's to give, and the action completes on it:
 * never the day the proposal or its acceptance was made. */
Test(cycle, a_closure_is_dated_by_its_completion_not_the_clock)
{
    int64_t id;
    const char *bad[][2] = {{"", "Enter the date"},
                            {"2015-02-30", "real date"},
                            {"yesterday", "real date"},
                            {"2014-01-01", "on or after the action's start"},
                            {"2999-01-01", "cannot be in the future"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(cycle_closure_propose(db, &owner1, "A1", "Done", bad[i][0], NULL, 0, NULL, 0,
                                           &errs, &id),
                     CYCLE_INVALID, "%s", bad[i][0]);
        assert_error("completed_on", bad[i][1]);
    }
    id = propose(&owner1, "A1", "Adopted");
    struct cycle_closure c;
    cr_assert_eq(cycle_closure_load(db, id, &c), 1);
    cr_assert_str_eq(c.completed_on, DONE_ON);
    cycle_closure_free(&c);
    cr_assert_eq(cycle_closure_decide(db, &pmo, id, true, "", &errs), CYCLE_OK);
    cr_assert_str_eq(action_col_status("A1"), "complete " DONE_ON);
    struct verify_result v;
    cr_assert_eq(ledger_verify(db, &v), 0, "%s", db->err);
}

Test(cycle, the_programme_office_accepts_or_returns_closure)
{
    int64_t id = propose(&owner1, "A1", "Adopted");
    cr_assert_eq(cycle_closure_decide(db, &owner1, id, true, "", &errs), CYCLE_DENIED);
    cr_assert_eq(cycle_closure_decide(db, &panel, id, true, "", &errs), CYCLE_DENIED,
                 "A1 is not panel-led");
    assert_said("not panel-led");
    cr_assert_eq(cycle_closure_decide(db, &pmo, id, false, "", &errs), CYCLE_INVALID);
    assert_error("comment", "Enter a comment");
    cr_assert_eq(cycle_closure_decide(db, &pmo, id, false, "Show the minute", &errs), CYCLE_OK);
    cr_assert_str_eq(action_col_status("A1"), "in_progress ");
    struct cycle_closure c;
    cr_assert_eq(cycle_closure_load(db, id, &c), 1);
    cr_assert_eq(c.stage, CLOSURE_RETURNED);
    cr_assert_str_eq(c.comment, "Show the minute");
    cycle_closure_free(&c);
    int64_t again = propose(&owner1, "A1", "Adopted: minute 12");
    cr_assert_eq(cycle_closure_decide(db, &pmo, again, true, "", &errs), CYCLE_OK, "%s",
                 ferr_first(&errs));
    cr_assert_str_eq(action_col_status("A1"), "complete 2015-04-21");
    cr_assert_eq(cycle_closure_decide(db, &pmo, again, true, "", &errs), CYCLE_CONFLICT);
    /* complete: no longer due, no more updates */
    open_april();
    struct cycle_update_input in = good(false, "x");
    int64_t u;
    cr_assert_eq(cycle_update_save(db, &owner1, "A1", &in, &errs, &u), CYCLE_CONFLICT);
}

Test(cycle, a_panel_led_action_closes_only_with_the_panel)
{
    int64_t id = propose(&owner1, "A3", "Panel can see it");
    cr_assert_eq(cycle_closure_decide(db, &panel, id, true, "", &errs), CYCLE_CONFLICT,
                 "the programme office decides first");
    assert_said("programme office decides on closing A3 first");
    cr_assert_eq(cycle_closure_decide(db, &pmo, id, true, "Good", &errs), CYCLE_OK);
    cr_assert_str_eq(action_col_status("A3"), "in_progress ", "not complete without the panel");
    struct cycle_closure *pending;
    size_t n;
    cr_assert_eq(cycle_closures_pending(db, &pending, &n), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(pending[0].stage, CLOSURE_AWAITING_PANEL);
    cr_assert(pending[0].panel_led);
    cycle_closures_free(pending, n);
    cr_assert_eq(cycle_closure_decide(db, &pmo, id, true, "", &errs), CYCLE_CONFLICT);
    assert_said("awaits the panel");
    cr_assert_eq(cycle_closure_decide(db, &panel, id, true, "Agreed", &errs), CYCLE_OK, "%s",
                 ferr_first(&errs));
    cr_assert_str_eq(action_col_status("A3"), "complete " DONE_ON, "the date the owner gave");
    cr_assert_eq(cycle_closures_pending(db, &pending, &n), 0);
    cr_assert_eq(n, 0);
    cycle_closures_free(pending, n);
}

Test(cycle, the_panel_may_return_a_panel_led_closure)
{
    int64_t id = propose(&owner1, "A3", "Panel can see it");
    cr_assert_eq(cycle_closure_decide(db, &pmo, id, true, "", &errs), CYCLE_OK);
    cr_assert_eq(cycle_closure_decide(db, &panel, id, false, "Not yet", &errs), CYCLE_OK);
    cr_assert_str_eq(action_col_status("A3"), "in_progress ");
    struct cycle_closure c;
    cr_assert_eq(cycle_closure_latest(db, "A3", &c), 1);
    cr_assert_eq(c.stage, CLOSURE_RETURNED);
    cr_assert_str_eq(c.decided_by, "Name of chair");
    cycle_closure_free(&c);
}

/* -- the ledger ------------------------------------------------------------------------- */

Test(cycle, every_change_of_a_month_is_in_the_ledger)
{
    int64_t head = atoll(cell("SELECT max(seq) FROM ledger WHERE :id", 1));
    open_april();
    struct cycle_link links[] = {{"Minutes", "https://example.org/m"}};
    struct cycle_update_input in = good(true, "Ledgered");
    in.links = links;
    in.nlinks = 1;
    int64_t id = save(&owner1, "A1", &in);
    cr_assert_eq(cycle_review(db, &pmo, id, true, "", &errs), CYCLE_OK);
    cr_assert_eq(cycle_period_close(db, &pmo, "2015-04", &errs), CYCLE_OK);
    cr_assert_eq(cycle_period_sign_off(db, &exec_, "2015-04", d("2015-05-08"), &errs), CYCLE_OK);
    int64_t c = propose(&owner1, "A3", "Done");
    cr_assert_eq(cycle_closure_decide(db, &pmo, c, true, "", &errs), CYCLE_OK);
    struct verify_result v;
    cr_assert_eq(ledger_verify(db, &v), 0, "%s", db->err);
    cr_assert_str_eq(cell("SELECT count(*) FROM ledger WHERE tbl IN ('progress_update', "
                          "'update_review', 'evidence', 'period', 'closure') AND seq > :id",
                          head),
                     "9", "update×2, review, evidence, period×3, closure×2");
}

/* -- uploaded documents as evidence ------------------------------------------------------ */

Test(cycle, documents_are_kept_with_the_update_restricted_until_taken_off)
{
    open_april();
    static const char notes[] = "Minutes of the April board\n";
    struct document_upload up = {.data = notes,
                                 .len = sizeof notes - 1,
                                 .name = "C:\\papers\\minutes.txt",
                                 .declared_type = "text/plain",
                                 .public = true};
    struct cycle_update_input in = good(false, "With a paper");
    in.uploads = &up;
    in.nuploads = 1;
    int64_t id = save(&owner1, "A1", &in);
    struct cycle_update u;
    cr_assert_eq(cycle_update_load(db, id, &u), 1, "%s", db->err);
    cr_assert_eq(u.nevidence, 1);
    cr_assert_str_eq(u.evidence[0].label, "minutes.txt");
    cr_assert_null(u.evidence[0].url);
    int64_t doc = u.evidence[0].document_id, ev = u.evidence[0].id;
    cycle_update_free(&u);
    cr_assert_str_eq(
        cell("SELECT public || ':' || uploaded_by_id FROM document WHERE id = :id", doc),
        cell("SELECT '0:' || :id", owner1.account_id),
        "evidence is restricted, whatever the upload asked, and is the owner's");
    /* saving again keeps the document; naming it takes it off */
    in.uploads = NULL;
    in.nuploads = 0;
    save(&owner1, "A1", &in);
    cr_assert_eq(cycle_update_load(db, id, &u), 1);
    cr_assert_eq(u.nevidence, 1, "the document stays when the links are saved again");
    cycle_update_free(&u);
    in.remove = &ev;
    in.nremove = 1;
    save(&owner1, "A1", &in);
    cr_assert_eq(cycle_update_load(db, id, &u), 1);
    cr_assert_eq(u.nevidence, 0);
    cycle_update_free(&u);
}

Test(cycle, a_refused_file_refuses_the_whole_save)
{
    open_april();
    static const unsigned char junk[] = {0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00};
    struct document_upload up = {.data = junk, .len = sizeof junk, .name = "tool.exe"};
    struct cycle_update_input in = good(true, "With a program");
    in.uploads = &up;
    in.nuploads = 1;
    int64_t id;
    cr_assert_eq(cycle_update_save(db, &owner1, "A1", &in, &errs, &id), CYCLE_INVALID);
    assert_error("evidence_file", "tool.exe is not a type dialturn accepts");
    cr_assert_str_eq(cell("SELECT count(*) FROM progress_update WHERE :id AND period_id = "
                          "(SELECT id FROM period WHERE month = '2015-04')",
                          1),
                     "0", "nothing of the update was stored");
    cr_assert_str_eq(cell("SELECT count(*) FROM document WHERE :id", 1), "0");
}

Test(cycle, a_closure_proposal_takes_documents_too)
{
    static const char report[] = "Register published\n";
    struct document_upload up = {.data = report, .len = sizeof report - 1, .name = "register.txt"};
    int64_t id;
    cr_assert_eq(cycle_closure_propose(db, &owner1, "A1", "See the paper", DONE_ON, NULL, 0, &up, 1,
                                       &errs, &id),
                 CYCLE_OK, "%s %s", ferr_first(&errs), db->err);
    struct cycle_closure c;
    cr_assert_eq(cycle_closure_load(db, id, &c), 1);
    cr_assert_eq(c.nlinks, 1);
    cr_assert_str_eq(c.links[0].label, "register.txt");
    cr_assert_gt(c.links[0].document_id, 0);
    cycle_closure_free(&c);
}

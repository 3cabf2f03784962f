/* test_assurance.c — panel members record their own ratings beside the
 * council's self-assessment (an action's accepted confidence; a theme's
 * worst), must say why when they differ, and the comparison lists the
 * differences.  Only panel members may record. */
#include "lib/hash.h"
#include "model/assurance.h"
#include "model/ledger.h"
#include "testdb.h"
#include <criterion/criterion.h>
#include <string.h>

/* The refusals of the latest write (emptied by each). */
static struct field_errors err;

/* T1 has A1 (accepted high in March) and A2 (accepted low in March), so its
 * self-assessment is low; A3 in T2 has only a submitted update (not counted),
 * so T2 has none.  April has nothing accepted. */
static const char *plan_doc =
    "{\"format\": \"dialturn-plan/1\","
    " \"organisation\": {\"name\": \"Test Council\", \"slug\": \"test\","
    "   \"timezone\": \"Europe/London\", \"rating_scale\": \"confidence3\"},"
    " \"people\": [{\"ref\": \"ceo\", \"name\": \"Chief Executive\", \"role\": \"CE\","
    "   \"kind\": \"officer\"}],"
    " \"themes\": [{\"ref\": \"T2\", \"title\": \"Children\", \"lead\": null},"
    "  {\"ref\": \"T1\", \"title\": \"Governance\", \"lead\": \"ceo\"}],"
    " \"actions\": ["
    "  {\"ref\": \"A1\", \"theme\": \"T1\", \"title\": \"First\", \"owner\": \"ceo\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-06-30\", \"status\": \"in_progress\"},"
    "  {\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Second\", \"owner\": \"ceo\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-06-30\", \"status\": \"in_progress\"},"
    "  {\"ref\": \"A3\", \"theme\": \"T2\", \"title\": \"Third\", \"owner\": \"ceo\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-06-30\", \"status\": \"in_progress\"}],"
    " \"periods\": [{\"month\": \"2015-03\", \"status\": \"closed\"},"
    "  {\"month\": \"2015-04\", \"status\": \"open\"}],"
    " \"updates\": ["
    "  {\"action\": \"A1\", \"period\": \"2015-03\", \"state\": \"accepted\", \"status\":"
    "   \"in_progress\", \"percent\": 10, \"confidence\": \"high\", \"narrative\": \"x\"},"
    "  {\"action\": \"A2\", \"period\": \"2015-03\", \"state\": \"accepted\", \"status\":"
    "   \"in_progress\", \"percent\": 10, \"confidence\": \"low\", \"narrative\": \"x\"},"
    "  {\"action\": \"A3\", \"period\": \"2015-03\", \"state\": \"submitted\", \"status\":"
    "   \"in_progress\", \"percent\": 10, \"confidence\": \"high\", \"narrative\": \"x\"}]}";

static char path[64];
static struct db *db;
static struct session_user chair, member, pmo;

/* Adds an account row through the ledger and describes it as signed in. */
static void add_account(struct session_user *u, const char *username, const char *name,
                        enum role role)
{
    json_t *s = json_pack("{s:n, s:s, s:s, s:s, s:n, s:s, s:i, s:s}", "id", "username", username,
                          "name", name, "role", role_code(role), "person_id", "pw_hash", "x",
                          "disabled", 0, "created_on", "2015-03-01");
    cr_assert_eq(db_begin(db), 0);
    int64_t id = ledger_put(db, T_ACCOUNT, s, 0);
    cr_assert_geq(id, 1, "%s", db->err);
    cr_assert_eq(db_commit(db), 0);
    json_decref(s);
    memset(u, 0, sizeof *u);
    u->account_id = id;
    u->role = role;
    snprintf(u->username, sizeof u->username, "%s", username);
    snprintf(u->name, sizeof u->name, "%s", name);
}

static void setup(void)
{
    crypto_init();
    testdb_path(path, sizeof path, "assurance");
    db = testdb_create(path, plan_doc);
    add_account(&chair, "chair", "Panel Chair", ROLE_PANEL);
    add_account(&member, "member", "Another Member", ROLE_PANEL);
    add_account(&pmo, "pmo", "Programme Office", ROLE_PMO);
}

static void teardown(void)
{
    testdb_close(db, path);
}

/* Records a rating; returns the result, errs filled. */
static enum assurance_rc rate(const struct session_user *u, const char *period, const char *theme,
                              const char *action, const char *level, const char *comment,
                              struct field_errors *errs)
{
    struct assurance_input in = {period, theme, action, level, comment};
    int64_t id;
    return assurance_record(db, u, &in, errs, &id);
}

TestSuite(assurance, .init = setup, .fini = teardown);

Test(assurance, council_levels_are_the_accepted_confidences_and_the_worst_for_a_theme)
{
    struct assurance_period p;
    cr_assert_eq(assurance_load(db, "2015-03", &p), 1, "%s", db->err);
    cr_assert_str_eq(p.status, "closed");
    cr_assert_eq(p.nitems, 2);
    cr_assert_str_eq(p.items[0].ref, "T1", "themes by ref");
    cr_assert_eq(p.items[0].council, 2, "T1: the worst of high and low is low");
    cr_assert_eq(p.items[0].nassessed, 2);
    cr_assert_str_eq(p.items[1].ref, "T2");
    cr_assert_eq(p.items[1].council, -1, "a submitted update is not a self-assessment");
    cr_assert_eq(p.ndifferences, 0);
    assurance_period_free(&p);
    cr_assert_eq(assurance_load(db, "2015-09", &p), 0, "no such period");
}

Test(assurance, a_differing_rating_needs_a_comment_and_is_listed)
{
    cr_assert_eq(rate(&chair, "2015-03", "T1", "", "medium", "", &err), ASSURANCE_INVALID);
    cr_assert_str_eq(err.e[0].field, "comment");
    cr_assert(strstr(ferr_first(&err), "Medium") && strstr(ferr_first(&err), "Low"), "%s",
              ferr_first(&err));
    cr_assert_eq(rate(&chair, "2015-03", "T1", "", "medium", "Better than they say", &err),
                 ASSURANCE_OK, "%s %s", ferr_first(&err), db->err);
    /* agreeing needs no comment */
    cr_assert_eq(rate(&member, "2015-03", "T1", "", "low", "", &err), ASSURANCE_OK, "%s",
                 ferr_first(&err));
    /* an action, rated against its own accepted confidence */
    cr_assert_eq(rate(&member, "2015-03", "", "A1", "high", NULL, &err), ASSURANCE_OK, "%s",
                 ferr_first(&err));

    struct assurance_period p;
    cr_assert_eq(assurance_load(db, "2015-03", &p), 1, "%s", db->err);
    cr_assert_eq(p.nitems, 3);
    const struct assurance_item *t1 = &p.items[0], *a1 = &p.items[1];
    cr_assert_str_eq(t1->ref, "T1");
    cr_assert_eq(t1->nratings, 2);
    cr_assert_str_eq(t1->ratings[0].member, "Another Member", "by name");
    cr_assert(!t1->ratings[0].differs);
    cr_assert_str_eq(t1->ratings[1].member, "Panel Chair");
    cr_assert(t1->ratings[1].differs);
    cr_assert_str_eq(t1->ratings[1].comment, "Better than they say");
    cr_assert(t1->differs);
    cr_assert(a1->is_action, "a rated action follows its theme");
    cr_assert_str_eq(a1->ref, "A1");
    cr_assert_str_eq(a1->theme_ref, "T1");
    cr_assert_eq(a1->council, 0);
    cr_assert(!a1->differs);
    cr_assert_eq(p.ndifferences, 1);
    cr_assert_eq(p.differences[0], 0);
    assurance_period_free(&p);
}

Test(assurance, council_levels_given_compare_as_read)
{
    cr_assert_eq(rate(&chair, "2015-03", "T1", "", "medium", "Better than they say", &err),
                 ASSURANCE_OK, "%s %s", ferr_first(&err), db->err);
    cr_assert_eq(rate(&member, "2015-03", "", "A2", "low", "", &err), ASSURANCE_OK, "%s",
                 ferr_first(&err));
    int64_t t1 = testdb_id(db, "SELECT id FROM theme WHERE ref = :ref", "T1");
    /* A2 low, A1 high: in any order, as the month's updates give them */
    const struct assurance_council c[] = {
        {testdb_id(db, "SELECT id FROM action WHERE ref = :ref", "A2"), t1, 2},
        {testdb_id(db, "SELECT id FROM action WHERE ref = :ref", "A1"), t1, 0},
    };
    struct assurance_period read, given;
    cr_assert_eq(assurance_load(db, "2015-03", &read), 1, "%s", db->err);
    cr_assert_eq(assurance_load_council(db, "2015-03", c, 2, &given), 1, "%s", db->err);
    cr_assert_eq(given.nitems, read.nitems);
    for (size_t i = 0; i < read.nitems; i++) {
        cr_assert_str_eq(given.items[i].ref, read.items[i].ref);
        cr_assert_eq(given.items[i].council, read.items[i].council, "%s", read.items[i].ref);
        cr_assert_eq(given.items[i].nassessed, read.items[i].nassessed);
        cr_assert_eq(given.items[i].differs, read.items[i].differs);
    }
    cr_assert_eq(given.items[0].council, 2, "T1: the worst of the levels given");
    cr_assert_eq(given.ndifferences, 1);
    assurance_period_free(&read);
    assurance_period_free(&given);
    /* none given: nothing assessed, so the rating of A2 differs too */
    cr_assert_eq(assurance_load_council(db, "2015-03", NULL, 0, &given), 1, "%s", db->err);
    cr_assert_eq(given.items[0].council, -1);
    cr_assert_eq(given.ndifferences, 2);
    assurance_period_free(&given);
}

Test(assurance, rating_what_the_council_did_not_assess_needs_a_comment)
{
    cr_assert_eq(rate(&chair, "2015-03", "T2", "", "low", "", &err), ASSURANCE_INVALID);
    cr_assert_str_eq(err.e[0].field, "comment");
    cr_assert(strstr(ferr_first(&err), "not assessed"), "%s", ferr_first(&err));
    cr_assert_eq(rate(&chair, "2015-03", "T2", "", "low", "No accepted update", &err),
                 ASSURANCE_OK);
    struct assurance_period p;
    cr_assert_eq(assurance_load(db, "2015-03", &p), 1);
    cr_assert_eq(p.ndifferences, 1);
    cr_assert_str_eq(p.items[p.differences[0]].ref, "T2");
    assurance_period_free(&p);
}

Test(assurance, a_second_rating_replaces_the_first_and_the_ledger_keeps_both)
{
    cr_assert_eq(rate(&chair, "2015-03", "T1", "", "high", "Much better", &err), ASSURANCE_OK);
    cr_assert_eq(rate(&chair, "2015-03", "T1", "", "low", "", &err), ASSURANCE_OK);
    struct assurance_period p;
    cr_assert_eq(assurance_load(db, "2015-03", &p), 1);
    cr_assert_eq(p.items[0].nratings, 1);
    cr_assert_str_eq(p.items[0].ratings[0].level_key, "low");
    cr_assert_eq(p.ndifferences, 0);
    assurance_period_free(&p);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db->h, "SELECT count(*) FROM ledger WHERE tbl = 'assurance'", -1, &st, NULL);
    sqlite3_step(st);
    cr_assert_eq(sqlite3_column_int(st, 0), 2);
    sqlite3_finalize(st);
    struct verify_result r;
    cr_assert_eq(ledger_verify(db, &r), 0, "%s", db->err);
}

Test(assurance, bad_input_is_refused_naming_the_field)
{
    cr_assert_eq(rate(&chair, "2015-09", "T1", "", "low", "", &err), ASSURANCE_INVALID);
    cr_assert_str_eq(err.e[0].field, "period");
    cr_assert_eq(rate(&chair, "2015-03", "", "", "low", "", &err), ASSURANCE_INVALID);
    cr_assert_str_eq(err.e[0].field, "theme");
    cr_assert_eq(rate(&chair, "2015-03", "T1", "A1", "low", "", &err), ASSURANCE_INVALID);
    cr_assert_str_eq(err.e[0].field, "action");
    cr_assert_eq(rate(&chair, "2015-03", "", "A99", "low", "", &err), ASSURANCE_INVALID);
    cr_assert_str_eq(err.e[0].field, "action");
    cr_assert_eq(rate(&chair, "2015-03", "T9", "", "low", "", &err), ASSURANCE_INVALID);
    cr_assert_str_eq(err.e[0].field, "theme");
    cr_assert_eq(rate(&chair, "2015-03", "T1", "", "amber", "", &err), ASSURANCE_INVALID);
    cr_assert_str_eq(err.e[0].field, "level");
    cr_assert(strstr(ferr_first(&err), "high, medium, low"), "%s", ferr_first(&err));
    char long_comment[ASSURANCE_COMMENT_MAX + 2];
    memset(long_comment, 'x', sizeof long_comment - 1);
    long_comment[sizeof long_comment - 1] = '\0';
    cr_assert_eq(rate(&chair, "2015-03", "T1", "", "high", long_comment, &err), ASSURANCE_INVALID);
    cr_assert_str_eq(err.e[0].field, "comment");
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db->h, "SELECT count(*) FROM assurance", -1, &st, NULL);
    sqlite3_step(st);
    cr_assert_eq(sqlite3_column_int(st, 0), 0, "nothing was written");
    sqlite3_finalize(st);
}

Test(assurance, only_panel_members_record)
{
    cr_assert_eq(rate(&pmo, "2015-03", "T1", "", "low", "", &err), ASSURANCE_DENIED);
    cr_assert(strstr(ferr_first(&err), "panel"), "%s", ferr_first(&err));
    cr_assert_eq(rate(NULL, "2015-03", "T1", "", "low", "", &err), ASSURANCE_DENIED);
}

Test(assurance, months_newest_first)
{
    char(*m)[MONTH_LEN];
    size_t n;
    cr_assert_eq(assurance_months(db, &m, &n), 0);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(m[0], "2015-04");
    cr_assert_str_eq(m[1], "2015-03");
    free(m);
}

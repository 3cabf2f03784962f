/* test_pub_data.c — the public record's data: plan_public_filter removes
 * exactly what the public may not see, and the loaders behind /measures,
 * /milestones and /recommendations apply the rules of DESIGN.md to the public
 * updates only.  Each test imports one small plan (inline JSON) into a fresh
 * temporary database. */
#include "lib/hash.h"
#include "model/plan_json.h"
#include "model/plan_public.h"
#include "model/pub_data.h"
#include "testdb.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Periods: 2015-03 and 2015-04 signed off, 2015-05 closed, 2015-06 open.
 * A1's public forecast is April's (2015-08-31): May's accepted update is in a
 * period not signed off.  A2 depends on A1.  A9 is retired (so R3, answered
 * only by A9, is uncovered); R10 is answered by nothing.  A10 is complete on
 * 2015-06-20, after the latest public month.  Every update the public must
 * not see has SECRET in its narrative. */
static const char *plan_doc =
    "{\"format\": \"dialturn-plan/1\","
    " \"organisation\": {\"name\": \"Test Council\", \"slug\": \"test\","
    "   \"timezone\": \"Europe/London\", \"rating_scale\": \"confidence3\"},"
    " \"people\": [{\"ref\": \"ceo\", \"name\": \"Chief Executive\", \"role\": \"CE\","
    "   \"kind\": \"officer\"}],"
    " \"reviews\": [{\"ref\": \"rv\", \"title\": \"The review\", \"author\": \"Reviewer\","
    "   \"published_on\": \"2014-12-09\", \"url\": \"https://example.org/review\","
    "   \"recommendations\": [{\"ref\": \"R10\", \"text\": \"Ten\"}, {\"ref\": \"R1\", \"text\": "
    "   \"One\"}, {\"ref\": \"R2\", \"text\": \"Two\"}, {\"ref\": \"R3\", \"text\": \"Three\"}]}],"
    " \"versions\": [{\"number\": 1, \"title\": \"Year one\", \"status\": \"signed_off\","
    "   \"approved_on\": \"2015-02-16\", \"signed_off_on\": \"2015-03-23\"},"
    "  {\"number\": 2, \"title\": \"SECRET draft\", \"status\": \"draft\"}],"
    " \"themes\": [{\"ref\": \"T1\", \"title\": \"Theme\", \"lead\": \"ceo\"}],"
    " \"actions\": ["
    "  {\"ref\": \"A1\", \"theme\": \"T1\", \"title\": \"First\", \"owner\": \"ceo\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-06-30\", \"baseline_finish\": "
    "   \"2015-06-30\", \"status\": \"in_progress\", \"answers\": [\"R1\"]},"
    "  {\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Second\", \"start\": \"2015-07-01\","
    "   \"finish\": \"2015-09-30\", \"status\": \"not_started\", \"answers\": [\"R1\", \"R2\"],"
    "   \"depends_on\": [\"A1\"]},"
    "  {\"ref\": \"A9\", \"theme\": \"T1\", \"title\": \"Gone\", \"start\": \"2015-03-01\","
    "   \"finish\": \"2015-04-30\", \"status\": \"retired\", \"answers\": [\"R3\"]},"
    "  {\"ref\": \"A10\", \"theme\": \"T1\", \"title\": \"Done late\", \"start\": \"2015-03-01\","
    "   \"finish\": \"2015-05-31\", \"status\": \"complete\", \"completed_on\": \"2015-06-20\"}],"
    " \"milestones\": ["
    "  {\"ref\": \"M1\", \"action\": \"A1\", \"title\": \"A1 halfway\", \"due\": \"2015-06-15\","
    "   \"baseline_due\": \"2015-06-15\"},"
    "  {\"ref\": \"M2\", \"action\": \"A2\", \"title\": \"A2 done\", \"due\": \"2015-09-30\","
    "   \"baseline_due\": \"2015-09-15\"},"
    "  {\"ref\": \"M3\", \"title\": \"Theme event\", \"due\": \"2015-04-10\","
    "   \"baseline_due\": \"2015-04-10\", \"achieved_on\": \"2015-04-12\"},"
    "  {\"ref\": \"M4\", \"title\": \"SECRET internal\", \"due\": \"2015-05-01\","
    "   \"public\": false},"
    "  {\"ref\": \"M5\", \"action\": \"A10\", \"title\": \"A10 done\", \"due\": \"2015-05-31\","
    "   \"baseline_due\": \"2015-05-31\", \"achieved_on\": \"2015-06-20\"},"
    "  {\"ref\": \"M6\", \"title\": \"Missed\", \"due\": \"2015-04-01\"},"
    "  {\"ref\": \"M7\", \"title\": \"Later\", \"due\": \"2016-01-01\"}],"
    " \"periods\": ["
    "  {\"month\": \"2015-03\", \"status\": \"signed_off\", \"signed_off_on\": \"2015-04-10\","
    "   \"signed_off_by\": \"ceo\"},"
    "  {\"month\": \"2015-04\", \"status\": \"signed_off\", \"signed_off_on\": \"2015-05-11\","
    "   \"signed_off_by\": \"ceo\"},"
    "  {\"month\": \"2015-05\", \"status\": \"closed\"},"
    "  {\"month\": \"2015-06\", \"status\": \"open\"}],"
    " \"updates\": ["
    "  {\"action\": \"A1\", \"period\": \"2015-03\", \"state\": \"accepted\", \"status\":"
    "   \"in_progress\", \"percent\": 10, \"confidence\": \"medium\", \"narrative\": \"March\","
    "   \"forecast_finish\": \"2015-07-31\", \"author\": \"ceo\"},"
    "  {\"action\": \"A1\", \"period\": \"2015-04\", \"state\": \"accepted\", \"status\":"
    "   \"in_progress\", \"percent\": 20, \"confidence\": \"high\", \"narrative\": \"April\","
    "   \"forecast_finish\": \"2015-08-31\", \"author\": \"ceo\"},"
    "  {\"action\": \"A1\", \"period\": \"2015-05\", \"state\": \"accepted\", \"status\":"
    "   \"in_progress\", \"percent\": 30, \"confidence\": \"low\", \"narrative\": \"SECRET may\","
    "   \"forecast_finish\": \"2015-12-31\", \"author\": \"ceo\"},"
    "  {\"action\": \"A1\", \"period\": \"2015-06\", \"state\": \"submitted\", \"status\":"
    "   \"in_progress\", \"percent\": 40, \"confidence\": \"low\", \"narrative\": \"SECRET june\"},"
    "  {\"action\": \"A2\", \"period\": \"2015-04\", \"state\": \"submitted\", \"status\":"
    "   \"in_progress\", \"percent\": 5, \"confidence\": \"low\", \"narrative\": \"SECRET sub\","
    "   \"forecast_finish\": \"2016-06-30\"},"
    "  {\"action\": \"A2\", \"period\": \"2015-03\", \"state\": \"returned\", \"status\":"
    "   \"in_progress\", \"percent\": 5, \"confidence\": \"low\", \"narrative\": \"SECRET ret\"}],"
    " \"measures\": ["
    "  {\"ref\": \"K1\", \"title\": \"Up\", \"unit\": \"%\", \"direction\": \"up\", \"baseline\":"
    "   40, \"baseline_date\": \"2015-01-31\", \"target\": 80, \"target_date\": \"2016-01-31\","
    "   \"tolerance_pct\": 10, \"theme\": \"T1\", \"actions\": [\"A2\", \"A1\"]},"
    "  {\"ref\": \"K2\", \"title\": \"Down\", \"unit\": \"days\", \"direction\": \"down\","
    "   \"baseline\": 30, \"baseline_date\": \"2015-01-31\", \"target\": 20,"
    "   \"target_date\": \"2016-01-31\", \"tolerance_pct\": 10},"
    "  {\"ref\": \"K3\", \"title\": \"Empty\", \"unit\": \"\", \"direction\": \"up\","
    "   \"baseline\": 1, \"target\": 2, \"tolerance_pct\": 0},"
    "  {\"ref\": \"K10\", \"title\": \"No target\", \"unit\": \"\", \"direction\": \"up\","
    "   \"tolerance_pct\": 0}],"
    " \"measure_values\": ["
    "  {\"measure\": \"K1\", \"date\": \"2015-03-31\", \"value\": 50},"
    "  {\"measure\": \"K1\", \"date\": \"2015-04-30\", \"value\": 77},"
    "  {\"measure\": \"K1\", \"date\": \"2015-05-31\", \"value\": 85},"
    "  {\"measure\": \"K2\", \"date\": \"2015-04-15\", \"value\": 19},"
    "  {\"measure\": \"K2\", \"date\": \"2015-03-15\", \"value\": 25.5},"
    "  {\"measure\": \"K10\", \"date\": \"2015-03-31\", \"value\": 3}]}";

static char path[64];
static struct db *db;

static void setup(void)
{
    crypto_init();
    testdb_path(path, sizeof path, "pubdata");
    db = testdb_create(path, plan_doc);
}

static void teardown(void)
{
    testdb_close(db, path);
}

/* Resolves the scope for as_at (NULL: the latest) and expects success. */
static struct pub_scope scope_at(const char *as_at)
{
    struct pub_scope s;
    cr_assert_eq(pub_scope_resolve(db, as_at, &s), PUB_SCOPE_OK);
    return s;
}

/* "YYYY-MM-DD" → day. */
static day_t day(const char *s)
{
    day_t d;
    cr_assert(date_parse(s, &d), "bad date in test: %s", s);
    return d;
}

TestSuite(pub_data, .init = setup, .fini = teardown);

/* ---- plan_public_filter ---- */

Test(pub_data, filter_keeps_only_accepted_updates_of_signed_off_months)
{
    struct pub_scope s = scope_at(NULL);
    cr_assert_str_eq(s.month_s, "2015-04");
    struct plan p = {0};
    cr_assert_eq(plan_public_load(db, &s, &p), 0, "%s", db->err);

    cr_assert_eq(p.n_periods, 2);
    cr_assert_neq(plan_find_period(&p, p.periods[0].month), -1);
    long mar = plan_find_period(&p, 2015 * 12 + 2), apr = plan_find_period(&p, 2015 * 12 + 3);
    cr_assert(mar >= 0 && apr >= 0);
    cr_assert_eq(plan_find_period(&p, 2015 * 12 + 4), -1, "the closed May is gone");

    cr_assert_eq(p.n_updates, 2, "A1 in March and April only");
    long a1 = plan_find(&p.m_actions, "A1"), a2 = plan_find(&p.m_actions, "A2");
    for (size_t i = 0; i < p.n_updates; i++) {
        cr_assert_str_eq(p.updates[i].state, "accepted");
        cr_assert_eq(p.updates[i].action, a1);
        cr_assert(strstr(p.updates[i].narrative, "SECRET") == NULL);
        /* the renumbered period and the rebuilt map agree */
        cr_assert_eq(plan_find_update(&p, a1, p.updates[i].period), (long)i);
    }
    cr_assert_eq(plan_find_update(&p, a2, apr), -1, "A2's submitted update is gone");

    cr_assert_eq(p.n_values, 5, "K1's May value is after the month");
    long k1 = plan_find(&p.m_measures, "K1");
    cr_assert_eq(plan_find_value(&p, k1, day("2015-05-31")), -1);
    cr_assert_geq(plan_find_value(&p, k1, day("2015-04-30")), 0);

    cr_assert_eq(p.n_milestones, 6, "M4 is not public");
    cr_assert_eq(plan_find(&p.m_milestones, "M4"), -1);
    long m5 = plan_find(&p.m_milestones, "M5"), m3 = plan_find(&p.m_milestones, "M3");
    cr_assert_eq(p.milestones[m5].achieved_on, DAY_NONE, "achieved after the month");
    cr_assert_eq(p.milestones[m3].achieved_on, day("2015-04-12"));

    cr_assert_eq(p.n_versions, 1, "the draft version is not public");
    cr_assert_eq(p.n_actions, 4, "actions stay");
    cr_assert_eq(p.n_recs, 4, "recommendations stay");
    cr_assert_eq(p.n_measures, 4, "measures stay");

    char err[512];
    cr_assert_eq(plan_check(&p, err, sizeof err), 0, "the public plan is a valid plan: %s", err);
    json_t *doc = plan_to_json(&p);
    char *text = plan_dump_json(doc);
    json_decref(doc);
    cr_assert(strstr(text, "SECRET") == NULL, "nothing unpublished: %s", text);
    free(text);
    plan_free(&p);
}

Test(pub_data, filter_as_at_an_earlier_month)
{
    struct pub_scope s = scope_at("2015-03");
    cr_assert(s.as_at);
    struct plan p = {0};
    cr_assert_eq(plan_public_load(db, &s, &p), 0, "%s", db->err);
    cr_assert_eq(p.n_periods, 1);
    cr_assert_eq(p.n_updates, 1);
    cr_assert_str_eq(p.updates[0].narrative, "March");
    cr_assert_eq(p.n_values, 3, "K1 and K2 in March, K10");
    long m3 = plan_find(&p.m_milestones, "M3");
    cr_assert_eq(p.milestones[m3].achieved_on, DAY_NONE, "M3 was achieved in April");
    plan_free(&p);
}

Test(pub_data, filter_with_nothing_signed_off_keeps_no_progress)
{
    struct pub_scope s = {.month = -1, .month_s = "0000-00", .end = DAY_NONE, .latest = -1};
    struct plan p = {0};
    cr_assert_eq(plan_public_load(db, &s, &p), 0, "%s", db->err);
    cr_assert_eq(p.n_periods, 0);
    cr_assert_eq(p.n_updates, 0);
    cr_assert_eq(p.n_values, 0);
    for (size_t i = 0; i < p.n_milestones; i++)
        cr_assert_eq(p.milestones[i].achieved_on, DAY_NONE);
    plan_free(&p);
}

Test(pub_data, public_plan_reimports_into_a_fresh_database_unchanged)
{
    struct pub_scope s = scope_at(NULL);
    struct plan p = {0};
    cr_assert_eq(plan_public_load(db, &s, &p), 0, "%s", db->err);
    json_t *doc = plan_to_json(&p);
    char *first = plan_dump_json(doc);
    json_decref(doc);
    plan_free(&p);

    char other[80];
    snprintf(other, sizeof other, "%s-copy.db", path);
    struct db *d2 = testdb_create(other, first);
    struct plan q = {0};
    cr_assert_eq(plan_load(d2, &q), 0, "%s", d2->err);
    doc = plan_to_json(&q);
    char *second = plan_dump_json(doc);
    json_decref(doc);
    cr_assert_str_eq(first, second);
    plan_free(&q);
    testdb_close(d2, other);
    free(first);
    free(second);
}

/* ---- measures ---- */

Test(pub_data, measure_status_per_measure)
{
    struct pub_scope s = scope_at(NULL);
    struct pub_measures ms;
    cr_assert_eq(pub_measures_load(db, &s, NULL, &ms), 0, "%s", db->err);
    cr_assert_eq(ms.n, 4);
    cr_assert_str_eq(ms.v[0].ref, "K1"); /* natural order: K10 last */
    cr_assert_str_eq(ms.v[3].ref, "K10");
    /* K1: up, 40 → 80, tolerance 10% of 40 = 4; latest public value 77 (May's 85 is later) */
    cr_assert_eq(ms.v[0].nvalues, 2);
    cr_assert_float_eq(pub_measure_latest(&ms.v[0])->value, 77, 1e-9);
    cr_assert_eq(ms.v[0].state, MS_NEAR);
    cr_assert_str_eq(ms.v[0].theme_ref, "T1");
    cr_assert_eq(ms.v[0].nactions, 2);
    cr_assert_str_eq(ms.v[0].actions[0].ref, "A1");
    /* K2: down, target 20; latest by date is April's 19 */
    cr_assert_eq(ms.v[1].nvalues, 2);
    cr_assert_eq(pub_measure_latest(&ms.v[1])->date, day("2015-04-15"));
    cr_assert_eq(ms.v[1].state, MS_ON_TARGET);
    cr_assert_null(ms.v[1].theme_ref);
    cr_assert_eq(ms.v[2].state, MS_NO_DATA, "K3 has no values");
    cr_assert_eq(ms.v[3].state, MS_NO_DATA, "K10 has no target");
    pub_measures_free(&ms);

    /* as at March: K1's latest is 50, more than 4 short of 80: off */
    s = scope_at("2015-03");
    cr_assert_eq(pub_measures_load(db, &s, "K1", &ms), 0, "%s", db->err);
    cr_assert_eq(ms.n, 1);
    cr_assert_eq(ms.v[0].nvalues, 1);
    cr_assert_eq(ms.v[0].state, MS_OFF);
    pub_measures_free(&ms);

    cr_assert_eq(pub_measures_load(db, &s, "K99", &ms), 0, "%s", db->err);
    cr_assert_eq(ms.n, 0);
    pub_measures_free(&ms);
}

/* ---- milestones ---- */

/* The loaded milestone with `ref`. */
static const struct pub_milestone *ms_find(const struct pub_milestones *ms, const char *ref)
{
    for (size_t i = 0; i < ms->n; i++)
        if (strcmp(ms->v[i].ref, ref) == 0)
            return &ms->v[i];
    cr_assert_fail("milestone %s missing", ref);
    return NULL;
}

Test(pub_data, milestone_forecasts_use_public_updates_only)
{
    struct pub_scope s = scope_at(NULL);
    struct pub_milestones ms;
    cr_assert_eq(pub_milestones_load(db, &s, &ms), 0, "%s", db->err);
    cr_assert_eq(ms.n, 6, "public milestones only");
    cr_assert(!ms.cycle);

    /* FF(A1) = April's forecast 2015-08-31 (May's 2015-12-31 is not public);
     * F(A1) = 2015-06-30: 62 days late, so M1 moves 62 days */
    const struct pub_milestone *m = ms_find(&ms, "M1");
    cr_assert_eq(m->forecast, day("2015-08-16"));
    cr_assert_eq(m->slip_days, 62);
    cr_assert_eq(m->state, PMS_SLIPPED);
    cr_assert_str_eq(ms.actions.v[m->action].ref, "A1");

    /* A2: ES = FF(A1) + 1 = 2015-09-01, D = 91 days, so FF = 2015-12-01, 62
     * days after F = 2015-09-30; its submitted forecast does not count */
    m = ms_find(&ms, "M2");
    cr_assert_eq(m->forecast, day("2015-12-01"));
    cr_assert_eq(m->slip_days, 77, "against the baseline due 2015-09-15");

    m = ms_find(&ms, "M3");
    cr_assert_eq(m->state, PMS_ACHIEVED_LATE);
    cr_assert_eq(m->forecast, day("2015-04-12"));
    cr_assert_eq(m->slip_days, 2);

    /* A10's completion (2015-06-20) and M5's achievement are after April */
    m = ms_find(&ms, "M5");
    cr_assert_eq(m->achieved_on, DAY_NONE);
    cr_assert_eq(m->forecast, day("2015-05-31"));
    cr_assert_eq(m->state, PMS_UPCOMING);

    m = ms_find(&ms, "M6");
    cr_assert_eq(m->state, PMS_OVERDUE, "due 2015-04-01, not achieved by 2015-04-30");
    cr_assert_eq(ms_find(&ms, "M7")->state, PMS_UPCOMING);
    cr_assert_eq(ms.counts[PMS_UPCOMING], 2);
    cr_assert_eq(ms.counts[PMS_SLIPPED], 2);
    cr_assert_str_eq(pub_ms_state_name(PMS_ACHIEVED_LATE), "achieved_late");

    /* the timeline: by achieved or forecast date */
    cr_assert_str_eq(ms.v[ms.timeline[0]].ref, "M6");
    cr_assert_str_eq(ms.v[ms.timeline[1]].ref, "M3");
    cr_assert_str_eq(ms.v[ms.timeline[ms.n - 1]].ref, "M7");
    pub_milestones_free(&ms);

    /* as at March: A1's forecast is 2015-07-31, 31 days late */
    s = scope_at("2015-03");
    cr_assert_eq(pub_milestones_load(db, &s, &ms), 0, "%s", db->err);
    m = ms_find(&ms, "M1");
    cr_assert_eq(m->forecast, day("2015-07-16"));
    cr_assert_eq(ms_find(&ms, "M3")->state, PMS_UPCOMING, "achieved only in April");
    cr_assert_eq(ms_find(&ms, "M3")->forecast, day("2015-04-10"));
    pub_milestones_free(&ms);
}

/* ---- recommendations ---- */

Test(pub_data, coverage_ignores_retired_actions)
{
    struct pub_scope s = scope_at(NULL);
    struct pub_recs rc;
    cr_assert_eq(pub_recs_load(db, &s, &rc), 0, "%s", db->err);
    cr_assert_eq(rc.nreviews, 1);
    cr_assert_eq(rc.reviews[0].nrecs, 4);
    cr_assert_str_eq(rc.reviews[0].url, "https://example.org/review");
    static const char *const order[] = {"R1", "R2", "R3", "R10"};
    for (size_t i = 0; i < 4; i++)
        cr_assert_str_eq(rc.recs[i].ref, order[i]);
    cr_assert_eq(rc.ncovered, 2);
    cr_assert(rc.recs[0].covered);
    cr_assert_eq(rc.recs[0].nanswers, 2);
    cr_assert_str_eq(rc.actions.v[rc.recs[0].answers[0]].ref, "A1");
    cr_assert_str_eq(rc.actions.v[rc.recs[0].answers[1]].ref, "A2");
    cr_assert(!rc.recs[2].covered, "R3 is answered only by the retired A9");
    cr_assert_eq(rc.recs[2].nanswers, 1);
    cr_assert(!rc.recs[3].covered, "R10 is answered by nothing");

    /* A1's confidence is April's accepted High, not May's Low */
    const struct pub_action *a1 = &rc.actions.v[rc.recs[0].answers[0]];
    cr_assert_str_eq(rc.actions.scale->levels[a1->level].key, "high");
    cr_assert_str_eq(a1->month, "2015-04");
    cr_assert_eq(rc.actions.v[rc.recs[0].answers[1]].level, -1, "A2 has no accepted update");
    pub_recs_free(&rc);
}

/* One recommendation's page reads its answering actions only, and the
 * confidence of the page's slice only, with the same answers as the whole. */
Test(pub_data, one_recommendation_reads_its_page_alone)
{
    struct pub_scope s = scope_at(NULL);
    struct pub_recs rc;
    long i;
    cr_assert_eq(pub_rec_load(db, &s, "R1", 0, 50, &rc, &i), 0, "%s", db->err);
    cr_assert_eq(i, 0);
    cr_assert_str_eq(rc.recs[i].ref, "R1");
    cr_assert(rc.recs[i].covered);
    cr_assert_eq(rc.recs[i].nanswers, 2);
    cr_assert_eq(rc.actions.n, 2, "only R1's actions are read");
    const struct pub_action *a1 = &rc.actions.v[rc.recs[i].answers[0]];
    cr_assert_str_eq(a1->ref, "A1");
    cr_assert_str_eq(a1->title, "First");
    cr_assert_str_eq(rc.actions.scale->levels[a1->level].key, "high", "April's, not May's");
    cr_assert_str_eq(a1->month, "2015-04");
    cr_assert_str_eq(rc.actions.v[rc.recs[i].answers[1]].ref, "A2");
    cr_assert_eq(rc.actions.v[rc.recs[i].answers[1]].level, -1, "A2 has no accepted update");
    pub_recs_free(&rc);

    /* a page starting at the second action: A1's confidence is not read */
    cr_assert_eq(pub_rec_load(db, &s, "R1", 1, 51, &rc, &i), 0, "%s", db->err);
    cr_assert_eq(rc.actions.v[0].level, -1);
    cr_assert_str_eq(rc.actions.v[1].ref, "A2");
    pub_recs_free(&rc);

    /* retired answers only: not covered; unknown ref: no index */
    cr_assert_eq(pub_rec_load(db, &s, "R3", 0, 50, &rc, &i), 0, "%s", db->err);
    cr_assert_eq(i, 2);
    cr_assert(!rc.recs[i].covered, "R3 is answered only by the retired A9");
    cr_assert_eq(rc.recs[i].nanswers, 1);
    pub_recs_free(&rc);
    cr_assert_eq(pub_rec_load(db, &s, "R99", 0, 50, &rc, &i), 0, "%s", db->err);
    cr_assert_eq(i, -1);
    pub_recs_free(&rc);
}

Test(pub_data, periods_and_organisation)
{
    struct pub_scope s = scope_at(NULL);
    struct pub_periods ps;
    cr_assert_eq(pub_periods_load(db, &s, &ps), 0, "%s", db->err);
    cr_assert_eq(ps.n, 2);
    cr_assert_str_eq(ps.v[0].month, "2015-03");
    cr_assert_eq(ps.v[1].signed_off_on, day("2015-05-11"));
    pub_periods_free(&ps);
    s = scope_at("2015-03");
    cr_assert_eq(pub_periods_load(db, &s, &ps), 0, "%s", db->err);
    cr_assert_eq(ps.n, 1);
    pub_periods_free(&ps);

    struct pub_scope bad;
    cr_assert_eq(pub_scope_resolve(db, "2015-05", &bad), PUB_SCOPE_NOT_PUBLIC);
    cr_assert_eq(pub_scope_resolve(db, "2015-5", &bad), PUB_SCOPE_BAD);

    struct pub_org org;
    cr_assert_eq(pub_org_load(db, &org), 0, "%s", db->err);
    cr_assert_str_eq(org.name, "Test Council");
    cr_assert_str_eq(org.scale->name, "confidence3");
    pub_org_free(&org);
}

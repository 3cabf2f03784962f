/* test_pub_action.c — the public view of the plan's actions: the overview
 * (current confidence, forecasts, counts, filters, pages, keyset) and one
 * action's details, at the latest public month and as at earlier ones.  The
 * public rule is the point: an accepted update in a closed or open month, and
 * any draft, submitted or returned update, must never count.  Each test
 * imports one small plan (inline JSON) into a fresh temporary database. */
#include "lib/hash.h"
#include "lib/text.h"
#include "model/overview.h"
#include "model/pub_action.h"
#include "testdb.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Periods: 2015-03 and 2015-04 signed off, 2015-05 closed, 2015-06 open.
 * A1: accepted medium (March), high (April), low (May: closed, not public).
 * A2 depends on A1; only a submitted and a returned update (never public).
 * A3: an accepted low update in June (open: not public) and a draft in April;
 *     due 2015-04-30 and in progress, so overdue from May.
 * A4 retired, A10 complete.  Every text the public must not see has SECRET. */
static const char *plan_doc =
    "{\"format\": \"dialturn-plan/1\","
    " \"organisation\": {\"name\": \"Test Council\", \"slug\": \"test\","
    "   \"timezone\": \"Europe/London\", \"rating_scale\": \"confidence3\"},"
    " \"people\": ["
    "  {\"ref\": \"ceo\", \"name\": \"Chief Executive\", \"role\": \"CE\", \"kind\": \"officer\"},"
    "  {\"ref\": \"dcs\", \"name\": \"Director\", \"role\": \"DCS\", \"kind\": \"officer\"},"
    "  {\"ref\": \"leader\", \"name\": \"Leader\", \"role\": \"Leader of the Council\","
    "   \"kind\": \"member\"},"
    "  {\"ref\": \"chair\", \"name\": \"Panel Chair\", \"role\": \"Chair\", \"kind\": \"panel\"}],"
    " \"reviews\": [{\"ref\": \"rv\", \"title\": \"The review\", \"author\": \"Reviewer\","
    "   \"published_on\": \"2014-12-09\","
    "   \"recommendations\": [{\"ref\": \"R1\", \"text\": \"One\"},"
    "   {\"ref\": \"R2\", \"text\": \"Two\"}, {\"ref\": \"R10\", \"text\": \"Ten\"}]}],"
    " \"themes\": [{\"ref\": \"T1\", \"title\": \"Governance\", \"lead\": \"ceo\"},"
    "  {\"ref\": \"T2\", \"title\": \"Children\", \"lead\": null}],"
    " \"actions\": ["
    "  {\"ref\": \"A1\", \"theme\": \"T1\", \"title\": \"First\", \"description\": \"Do it\","
    "   \"owner\": \"ceo\", \"member\": \"leader\", \"panel_lead\": \"chair\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-06-30\", \"baseline_finish\": "
    "   \"2015-06-30\", \"status\": \"in_progress\", \"answers\": [\"R10\", \"R1\"],"
    "   \"closure_criteria\": \"Done when done\"},"
    "  {\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Second\", \"owner\": \"dcs\","
    "   \"start\": \"2015-07-01\", \"finish\": \"2015-09-30\", \"baseline_finish\": "
    "   \"2015-09-30\", \"status\": \"not_started\", \"answers\": [\"R2\"],"
    "   \"depends_on\": [\"A1\"]},"
    "  {\"ref\": \"A3\", \"theme\": \"T2\", \"title\": \"Third\", \"owner\": \"dcs\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-04-30\", \"status\": \"in_progress\"},"
    "  {\"ref\": \"A4\", \"theme\": \"T2\", \"title\": \"Gone\", \"start\": \"2015-03-01\","
    "   \"finish\": \"2015-03-31\", \"status\": \"retired\"},"
    "  {\"ref\": \"A10\", \"theme\": \"T2\", \"title\": \"Done\", \"owner\": \"ceo\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-05-31\", \"baseline_finish\": "
    "   \"2015-05-31\", \"status\": \"complete\", \"completed_on\": \"2015-05-20\"}],"
    " \"milestones\": ["
    "  {\"ref\": \"M1\", \"action\": \"A1\", \"title\": \"Halfway\", \"due\": \"2015-06-15\","
    "   \"baseline_due\": \"2015-06-15\"},"
    "  {\"ref\": \"M2\", \"action\": \"A1\", \"title\": \"SECRET internal\","
    "   \"due\": \"2015-05-01\", \"public\": false},"
    "  {\"ref\": \"M3\", \"action\": \"A1\", \"title\": \"Later\", \"due\": \"2015-05-01\","
    "   \"achieved_on\": \"2015-05-10\"},"
    "  {\"ref\": \"M4\", \"action\": \"A1\", \"title\": \"Early\", \"due\": \"2015-04-15\","
    "   \"achieved_on\": \"2015-04-20\"}],"
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
    "  {\"action\": \"A2\", \"period\": \"2015-04\", \"state\": \"submitted\", \"status\":"
    "   \"in_progress\", \"percent\": 5, \"confidence\": \"low\", \"narrative\": \"SECRET sub\","
    "   \"forecast_finish\": \"2016-06-30\"},"
    "  {\"action\": \"A2\", \"period\": \"2015-03\", \"state\": \"returned\", \"status\":"
    "   \"in_progress\", \"percent\": 5, \"confidence\": \"low\", \"narrative\": \"SECRET ret\"},"
    "  {\"action\": \"A3\", \"period\": \"2015-04\", \"state\": \"draft\", \"status\":"
    "   \"in_progress\", \"percent\": 5, \"confidence\": \"low\", \"narrative\": \"SECRET draft\"},"
    "  {\"action\": \"A3\", \"period\": \"2015-06\", \"state\": \"accepted\", \"status\":"
    "   \"in_progress\", \"percent\": 50, \"confidence\": \"low\", \"narrative\": \"SECRET open\","
    "   \"forecast_finish\": \"2015-12-31\"}]}";

/* Signs May off: A1's accepted May update becomes public. */
static const char *sign_off_may =
    "{\"format\": \"dialturn-plan/1\", \"periods\": ["
    "  {\"month\": \"2015-05\", \"status\": \"signed_off\", \"signed_off_on\": \"2015-06-10\","
    "   \"signed_off_by\": \"ceo\"}]}";

static char path[64];
static struct db *db;

static void setup(void)
{
    crypto_init();
    testdb_path(path, sizeof path, "pubaction");
    db = testdb_create(path, plan_doc);
}

static void teardown(void)
{
    overview_cache_clear();
    testdb_close(db, path);
}

TestSuite(pub_action, .init = setup, .fini = teardown);

/* The overview at the month written "YYYY-MM" ("" for the latest). */
static const struct overview *at(const char *month)
{
    struct pub_scope scope;
    const struct overview *ov;
    cr_assert_eq(pub_scope_resolve(db, month, &scope), PUB_SCOPE_OK, "month %s", month);
    cr_assert_eq(overview_get(db, scope.month, &ov), 0, "%s", db->err);
    return ov;
}

static day_t d(const char *iso)
{
    day_t x;
    cr_assert(date_parse(iso, &x), "%s", iso);
    return x;
}

static int month_of(const char *m)
{
    int x;
    cr_assert(month_parse(m, &x));
    return x;
}

/* The index of action `ref`, which must exist. */
static size_t ix(const struct overview *ov, const char *ref)
{
    long i = overview_find_action(ov, ref);
    cr_assert_geq(i, 0, "no action %s", ref);
    return (size_t)i;
}

Test(pub_action, natural_ref_order_and_plan_order)
{
    const struct overview *ov = at("");
    const char *refs[] = {"A1", "A2", "A3", "A4", "A10"};
    cr_assert_eq(ov->nactions, 5);
    for (size_t i = 0; i < 5; i++)
        cr_assert_str_eq(ov->actions[i].ref, refs[i]);
    const char *plan[] = {"A1", "A2", "A3", "A4", "A10"}; /* T1: A1 A2; T2: A3 A4 A10 */
    for (size_t i = 0; i < 5; i++)
        cr_assert_str_eq(ov->actions[ov->plan_order[i]].ref, plan[i]);
    cr_assert_eq(ov->nthemes, 2);
    cr_assert_str_eq(ov->people[ov->themes[0].lead].ref, "ceo");
    cr_assert_eq(ov->themes[1].lead, -1);
    cr_assert_eq(ov->nowners, 2); /* ceo and dcs own actions; leader and chair do not */
}

Test(pub_action, latest_confidence_counts_only_signed_off_accepted_updates)
{
    const struct overview *ov = at("");
    size_t a1 = ix(ov, "A1"), a2 = ix(ov, "A2"), a3 = ix(ov, "A3");
    cr_assert_eq(ov->month, month_of("2015-04"));
    cr_assert_eq(ov->state[a1].level, 0, "A1 is High in April (May is not signed off)");
    cr_assert_eq(ov->state[a1].month, month_of("2015-04"));
    cr_assert_eq(ov->state[a2].level, -1, "submitted and returned updates never count");
    cr_assert_eq(ov->state[a2].month, -1);
    cr_assert_eq(ov->state[a3].level, -1, "an accepted update in an open month never counts");
}

Test(pub_action, forward_pass_uses_public_forecasts_only)
{
    const struct overview *ov = at("");
    size_t a1 = ix(ov, "A1"), a2 = ix(ov, "A2"), a3 = ix(ov, "A3"), a10 = ix(ov, "A10");
    int slip;
    cr_assert_eq(ov->state[a1].forecast, d("2015-08-31"), "April's forecast, not May's");
    cr_assert(overview_slip(ov, a1, &slip));
    cr_assert_eq(slip, 62);
    /* A2 starts the day after A1's forecast and keeps its 91 days */
    cr_assert_eq(ov->state[a2].forecast, d("2015-12-01"));
    cr_assert(overview_slip(ov, a2, &slip));
    cr_assert_eq(slip, 62);
    cr_assert_eq(ov->state[a3].forecast, d("2015-04-30"), "the open month's forecast is ignored");
    cr_assert(overview_slip(ov, a3, &slip), "the baseline defaults to the finish");
    cr_assert_eq(slip, 0);
    /* completed on 20 May, after the public month: not complete yet */
    cr_assert_eq(ov->state[a10].forecast, d("2015-05-31"));
}

Test(pub_action, as_at_an_earlier_month_shows_the_earlier_rating)
{
    const struct overview *ov = at("2015-03");
    size_t a1 = ix(ov, "A1"), a2 = ix(ov, "A2");
    cr_assert_eq(ov->state[a1].level, 1, "Medium in March");
    cr_assert_eq(ov->state[a1].month, month_of("2015-03"));
    cr_assert_eq(ov->state[a1].forecast, d("2015-07-31"));
    cr_assert_eq(ov->state[a2].forecast, d("2015-10-31"));
    /* and back: the latest is still High (each month has its own view) */
    ov = at("");
    cr_assert_eq(ov->state[ix(ov, "A1")].level, 0);
    cr_assert_eq(at("2015-03")->state[a1].level, 1);
}

Test(pub_action, status_is_the_public_record)
{
    const struct overview *ov = at("");
    cr_assert_eq(ov->state[ix(ov, "A1")].status, ST_IN_PROGRESS, "April's update says so");
    cr_assert_eq(ov->state[ix(ov, "A3")].status, ST_NOT_STARTED,
                 "the plan says in progress, but no public update does");
    cr_assert_eq(ov->state[ix(ov, "A4")].status, ST_RETIRED);
    cr_assert_eq(ov->state[ix(ov, "A10")].status, ST_NOT_STARTED, "complete only after April");
    cr_assert_eq(ov->state[ix(ov, "A10")].completed_on, DAY_NONE);
    cr_assert_eq(ov->actions[ix(ov, "A10")].plan_status, ST_COMPLETE);
}

Test(pub_action, nothing_public_means_nothing_rated)
{
    const struct overview *ov;
    cr_assert_eq(overview_get(db, -1, &ov), 0, "%s", db->err);
    for (size_t i = 0; i < ov->nactions; i++)
        cr_assert_eq(ov->state[i].level, -1);
    cr_assert_eq(ov->state[ix(ov, "A1")].forecast, d("2015-06-30"));
    cr_assert_eq(ov->total.unrated, 5);
}

Test(pub_action, scope_refuses_bad_and_unpublished_months)
{
    struct pub_scope scope;
    cr_assert_eq(pub_scope_resolve(db, "2015-13", &scope), PUB_SCOPE_BAD);
    cr_assert_eq(pub_scope_resolve(db, "April", &scope), PUB_SCOPE_BAD);
    cr_assert_eq(pub_scope_resolve(db, "2015-05", &scope), PUB_SCOPE_NOT_PUBLIC, "closed");
    cr_assert_eq(pub_scope_resolve(db, "2015-06", &scope), PUB_SCOPE_NOT_PUBLIC, "open");
    cr_assert_eq(pub_scope_resolve(db, "2015-03", &scope), PUB_SCOPE_OK);
    cr_assert(scope.as_at);
    cr_assert_eq(overview_overdue_on(&scope), d("2015-03-31"));
}

Test(pub_action, counts_by_theme_status_and_confidence)
{
    const struct overview *ov = at("");
    const struct overview_counts *t1 = &ov->theme_counts[0], *t2 = &ov->theme_counts[1];
    cr_assert_eq(t1->actions, 2);
    cr_assert_eq(t1->by_status[ST_IN_PROGRESS], 1);
    cr_assert_eq(t1->by_status[ST_NOT_STARTED], 1);
    cr_assert_eq(t1->by_level[0], 1);
    cr_assert_eq(t1->unrated, 1);
    cr_assert_eq(t2->actions, 3);
    cr_assert_eq(t2->by_status[ST_RETIRED], 1);
    cr_assert_eq(t2->by_status[ST_COMPLETE], 0, "A10's completion is not public yet");
    cr_assert_eq(t2->by_status[ST_NOT_STARTED], 2);
    cr_assert_eq(t2->unrated, 3);
    cr_assert_eq(ov->total.actions, 5);
    cr_assert_eq(ov->total.by_level[0] + ov->total.unrated, 5);
}

/* Runs a filter from query values and returns how many actions match,
 * checking the refs listed in plan order when `want` is not NULL. */
static size_t run_filter(const struct overview *ov, const char *theme, const char *owner,
                         const char *status, const char *confidence, const char *overdue,
                         const char *want)
{
    struct overview_filter f;
    char why[256], got[128] = "";
    size_t rows[16], n, total;
    const char *bad = overview_filter_parse(ov, theme, owner, status, confidence, overdue,
                                            d("2015-05-01"), &f, why, sizeof why);
    cr_assert_null(bad, "%s", why);
    overview_select(ov, &f, true, 0, 0, 16, rows, &n, &total);
    cr_assert_eq(n, total);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(got);
        snprintf(got + len, sizeof got - len, "%s%s", i ? " " : "", ov->actions[rows[i]].ref);
    }
    if (want)
        cr_assert_str_eq(got, want);
    return total;
}

Test(pub_action, filters)
{
    const struct overview *ov = at("");
    run_filter(ov, NULL, NULL, NULL, NULL, NULL, "A1 A2 A3 A4 A10");
    run_filter(ov, "", "", "", "", "", "A1 A2 A3 A4 A10");
    run_filter(ov, "T1", NULL, NULL, NULL, NULL, "A1 A2");
    run_filter(ov, "T2", NULL, NULL, NULL, NULL, "A3 A4 A10");
    run_filter(ov, NULL, "dcs", NULL, NULL, NULL, "A2 A3");
    run_filter(ov, "T2", "dcs", NULL, NULL, NULL, "A3");
    run_filter(ov, NULL, NULL, "in_progress", NULL, NULL, "A1");
    run_filter(ov, NULL, NULL, "not_started", NULL, NULL, "A2 A3 A10");
    run_filter(ov, NULL, NULL, NULL, "high", NULL, "A1");
    run_filter(ov, NULL, NULL, NULL, "low", NULL, "");
    run_filter(ov, NULL, NULL, NULL, "none", NULL, "A2 A3 A4 A10");
    /* overdue on 2015-05-01: A3 (due 30 April, in progress); not A4 (retired) */
    run_filter(ov, NULL, NULL, NULL, NULL, "1", "A3");
    run_filter(ov, NULL, NULL, NULL, NULL, "true", "A3");
    run_filter(ov, NULL, NULL, NULL, NULL, "0", "A1 A2 A3 A4 A10");
}

Test(pub_action, bad_filter_values_name_the_parameter)
{
    const struct overview *ov = at("");
    struct overview_filter f;
    char why[256];
    struct {
        const char *q[5];
        const char *param;
    } cases[] = {
        {{"T9", NULL, NULL, NULL, NULL}, "theme"},
        {{NULL, "nobody", NULL, NULL, NULL}, "owner"},
        {{NULL, NULL, "done", NULL, NULL}, "status"},
        {{NULL, NULL, NULL, "amber", NULL}, "confidence"},
        {{NULL, NULL, NULL, NULL, "yes"}, "overdue"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *bad =
            overview_filter_parse(ov, cases[i].q[0], cases[i].q[1], cases[i].q[2], cases[i].q[3],
                                  cases[i].q[4], 0, &f, why, sizeof why);
        cr_assert_not_null(bad);
        cr_assert_str_eq(bad, cases[i].param);
        cr_assert(strncmp(why, cases[i].param, strlen(cases[i].param)) == 0, "%s", why);
    }
}

Test(pub_action, pages_and_keyset)
{
    const struct overview *ov = at("");
    struct overview_filter f = {-1, -1, -1, OVERVIEW_ANY, false, 0};
    size_t rows[4], n, total;
    overview_select(ov, &f, true, 0, 2, 2, rows, &n, &total);
    cr_assert_eq(total, 5);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(ov->actions[rows[0]].ref, "A3");
    cr_assert_str_eq(ov->actions[rows[1]].ref, "A4");
    overview_select(ov, &f, true, 0, 4, 2, rows, &n, &total);
    cr_assert_eq(n, 1, "the last page is short");
    f.owner = overview_find_person(ov, "dcs"); /* the general path counts the same way */
    overview_select(ov, &f, true, 0, 1, 2, rows, &n, &total);
    cr_assert_eq(total, 2);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(ov->actions[rows[0]].ref, "A3");
    /* keyset by ref: after A4 comes A10 (natural order), then nothing */
    f.owner = -1;
    overview_select(ov, &f, false, overview_after(ov, "A4"), 0, 4, rows, &n, NULL);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(ov->actions[rows[0]].ref, "A10");
    cr_assert_eq(overview_after(ov, "A10"), ov->nactions);
    cr_assert_eq(overview_after(ov, "A0"), 0);
    cr_assert_eq(overview_after(ov, "A1"), 1);
    cr_assert(ref_valid("A10"));
    cr_assert_not(ref_valid(""));
    cr_assert_not(ref_valid("A 1"));
    cr_assert_not(ref_valid("<script>"));
}

Test(pub_action, details_history_and_milestones)
{
    const struct overview *ov = at("");
    struct pub_action_detail a;
    cr_assert_eq(pub_action_load(db, ov, ix(ov, "A1"), &a), 0, "%s", db->err);
    cr_assert_str_eq(a.description, "Do it");
    cr_assert_str_eq(a.closure_criteria, "Done when done");
    cr_assert_str_eq(a.member.ref, "leader");
    cr_assert_str_eq(a.panel_lead.name, "Panel Chair");
    cr_assert_eq(a.nanswers, 2);
    cr_assert_str_eq(a.answers[0], "R1");
    cr_assert_str_eq(a.answers[1], "R10");
    cr_assert_eq(a.nneeded_by, 1);
    cr_assert_str_eq(a.needed_by[0], "A2");
    cr_assert_eq(a.nhistory, 2, "March and April; not May (closed)");
    cr_assert_str_eq(a.history[0].narrative, "March");
    cr_assert_eq(a.history[0].level, 1);
    cr_assert_str_eq(a.history[1].narrative, "April");
    cr_assert_eq(a.history[1].forecast_finish, d("2015-08-31"));
    cr_assert_str_eq(a.history[1].author.role, "CE");
    cr_assert_eq(a.nmilestones, 3, "the private milestone is left out");
    cr_assert_str_eq(a.milestones[0].ref, "M4"); /* by due date */
    cr_assert_eq(a.milestones[0].achieved_on, d("2015-04-20"));
    cr_assert_str_eq(a.milestones[1].ref, "M3");
    cr_assert_eq(a.milestones[1].achieved_on, DAY_NONE, "achieved after the public month");
    cr_assert_str_eq(a.milestones[2].ref, "M1");
    /* due + max(0, FF − F) = 15 June + 62 days */
    cr_assert_eq(a.milestones[2].forecast, d("2015-08-16"));
    pub_action_free(&a);

    ov = at("2015-03");
    cr_assert_eq(pub_action_load(db, ov, ix(ov, "A1"), &a), 0, "%s", db->err);
    cr_assert_eq(a.nhistory, 1, "as at March: March alone");
    cr_assert_eq(a.milestones[0].achieved_on, DAY_NONE, "M4 was achieved in April");
    pub_action_free(&a);
}

Test(pub_action, no_unpublished_text_in_any_history)
{
    for (int k = 0; k < 2; k++) {
        const struct overview *ov = at(k ? "2015-03" : "");
        for (size_t i = 0; i < ov->nactions; i++) {
            struct pub_action_detail a;
            cr_assert_eq(pub_action_load(db, ov, i, &a), 0, "%s", db->err);
            for (size_t h = 0; h < a.nhistory; h++)
                cr_assert_null(strstr(a.history[h].narrative, "SECRET"), "%s", ov->actions[i].ref);
            for (size_t m = 0; m < a.nmilestones; m++)
                cr_assert_null(strstr(a.milestones[m].title, "SECRET"));
            pub_action_free(&a);
        }
    }
}

Test(pub_action, signing_off_a_month_refreshes_the_cache)
{
    const struct overview *ov = at("");
    cr_assert_eq(ov->state[ix(ov, "A1")].level, 0);
    testdb_import(db, sign_off_may);
    ov = at("");
    size_t a1 = ix(ov, "A1");
    cr_assert_eq(ov->month, month_of("2015-05"));
    cr_assert_eq(ov->state[a1].level, 2, "May's Low is public now");
    cr_assert_eq(ov->state[a1].forecast, d("2015-12-31"));
    cr_assert_eq(ov->state[ix(ov, "A3")].level, -1, "June is still open");
    size_t a10 = ix(ov, "A10");
    cr_assert_eq(ov->state[a10].status, ST_COMPLETE, "completed on 20 May, now public");
    cr_assert_eq(ov->state[a10].completed_on, d("2015-05-20"));
    cr_assert_eq(ov->state[a10].forecast, d("2015-05-20"));
    /* the April view is rebuilt too: still High */
    cr_assert_eq(at("2015-04")->state[a1].level, 0);
}

Test(pub_action, unknown_refs)
{
    const struct overview *ov = at("");
    cr_assert_eq(overview_find_action(ov, "A99"), -1);
    cr_assert_eq(overview_find_action(ov, NULL), -1);
    cr_assert_eq(overview_find_theme(ov, "T9"), -1);
    cr_assert_eq(overview_find_person(ov, "nobody"), -1);
    cr_assert_eq(overview_find_person(ov, "chair"), (long)overview_find_person(ov, "chair"));
    cr_assert_geq(overview_find_person(ov, "chair"), 0);
}

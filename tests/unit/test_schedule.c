/* test_schedule.c — the schedule behind the forward pass: schedule_load
 * counts every accepted update up to a month whatever its period's status
 * (the CLI's `status` and `impact`); schedule_load_public counts only accepted
 * updates in signed-off periods up to the public scope and gives each action
 * its public status (pub_scope.h, pub_home.h).  Each test imports one small
 * plan (inline JSON) into a fresh temporary database. */
#include "model/import.h"
#include "model/pub_scope.h"
#include "model/schedule.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Periods: 2015-03 and 2015-04 signed off, 2015-05 closed, 2015-06 open.
 * A1: accepted medium (March), high (April), low (May: closed, not public).
 * A2 depends on A1; April's accepted update says complete (forecast
 * 2015-09-30) although the plan row is not complete.
 * A3: only a submitted update (never counted).
 * A9 is retired in the plan, though its public March update says blocked.
 * A10 is complete on 2015-06-20, after the latest public month. */
static const char *plan_doc =
    "{\"format\": \"dialturn-plan/1\","
    " \"organisation\": {\"name\": \"Test Council\", \"slug\": \"test\","
    "   \"timezone\": \"Europe/London\", \"rating_scale\": \"confidence3\"},"
    " \"people\": [{\"ref\": \"ceo\", \"name\": \"Chief Executive\", \"role\": \"CE\","
    "   \"kind\": \"officer\"}],"
    " \"themes\": [{\"ref\": \"T1\", \"title\": \"Theme\", \"lead\": \"ceo\"}],"
    " \"actions\": ["
    "  {\"ref\": \"A1\", \"theme\": \"T1\", \"title\": \"First\", \"start\": \"2015-03-01\","
    "   \"finish\": \"2015-06-30\", \"baseline_finish\": \"2015-06-30\","
    "   \"status\": \"in_progress\"},"
    "  {\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Second\", \"start\": \"2015-07-01\","
    "   \"finish\": \"2015-09-30\", \"status\": \"in_progress\", \"depends_on\": [\"A1\"]},"
    "  {\"ref\": \"A3\", \"theme\": \"T1\", \"title\": \"Third\", \"start\": \"2015-03-01\","
    "   \"finish\": \"2015-04-30\", \"status\": \"not_started\"},"
    "  {\"ref\": \"A9\", \"theme\": \"T1\", \"title\": \"Gone\", \"start\": \"2015-03-01\","
    "   \"finish\": \"2015-04-30\", \"status\": \"retired\"},"
    "  {\"ref\": \"A10\", \"theme\": \"T1\", \"title\": \"Done late\", \"start\": \"2015-03-01\","
    "   \"finish\": \"2015-05-31\", \"status\": \"complete\", \"completed_on\": \"2015-06-20\"}],"
    " \"periods\": ["
    "  {\"month\": \"2015-03\", \"status\": \"signed_off\", \"signed_off_on\": \"2015-04-10\"},"
    "  {\"month\": \"2015-04\", \"status\": \"signed_off\", \"signed_off_on\": \"2015-05-11\"},"
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
    "   \"blocked\", \"percent\": 30, \"confidence\": \"low\", \"narrative\": \"May\","
    "   \"forecast_finish\": \"2015-12-31\", \"author\": \"ceo\"},"
    "  {\"action\": \"A2\", \"period\": \"2015-04\", \"state\": \"accepted\", \"status\":"
    "   \"complete\", \"percent\": 100, \"confidence\": \"high\", \"narrative\": \"Done\","
    "   \"forecast_finish\": \"2015-09-30\", \"author\": \"ceo\"},"
    "  {\"action\": \"A3\", \"period\": \"2015-04\", \"state\": \"submitted\", \"status\":"
    "   \"in_progress\", \"percent\": 5, \"confidence\": \"low\", \"narrative\": \"Sub\"},"
    "  {\"action\": \"A9\", \"period\": \"2015-03\", \"state\": \"accepted\", \"status\":"
    "   \"blocked\", \"percent\": 0, \"narrative\": \"Stuck\", \"author\": \"ceo\"}]}";

static char path[64];
static struct db *db;

static void setup(void)
{
    char err[512];
    snprintf(path, sizeof path, "/tmp/dialturn-schedule-%d.db", (int)getpid());
    remove(path);
    db = db_open(path, DB_OPEN_CREATE, err, sizeof err);
    cr_assert_not_null(db, "%s", err);
    struct import_counts counts;
    cr_assert_eq(plan_import(db, "test.json", plan_doc, strlen(plan_doc), &counts, err, sizeof err),
                 0, "%s", err);
}

static void teardown(void)
{
    char p[80];
    db_close(db);
    remove(path);
    snprintf(p, sizeof p, "%s-wal", path);
    remove(p);
    snprintf(p, sizeof p, "%s-shm", path);
    remove(p);
}

TestSuite(schedule, .init = setup, .fini = teardown);

/* The public scope at `as_at` (NULL: the latest signed-off month). */
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

/* "YYYY-MM" → month number. */
static int month(const char *s)
{
    int m;
    cr_assert(month_parse(s, &m), "bad month in test: %s", s);
    return m;
}

/* The action with `ref`, which must be there. */
static const struct s_action *action(const struct schedule *s, const char *ref)
{
    long i = schedule_find(s, ref);
    cr_assert_geq(i, 0, "action %s missing", ref);
    return &s->actions[i];
}

/* The level of `key` in the schedule's scale. */
static int level(const struct schedule *s, const char *key)
{
    int l = scale_level(s->scale, key);
    cr_assert_geq(l, 0, "no level %s", key);
    return l;
}

Test(schedule, public_status_rule)
{
    day_t end = day("2015-04-30"), done;
    /* complete by the month's end, whatever an update says */
    cr_assert_eq(schedule_public_status(ST_COMPLETE, day("2015-04-20"), end, ST_BLOCKED, &done),
                 ST_COMPLETE);
    cr_assert_eq(done, day("2015-04-20"));
    /* completed after the end: the latest public update's status */
    cr_assert_eq(schedule_public_status(ST_COMPLETE, day("2015-05-01"), end, ST_IN_PROGRESS, &done),
                 ST_IN_PROGRESS);
    cr_assert_eq(done, DAY_NONE);
    /* only the update says complete, with no completion dated by then: in
     * progress (DESIGN.md, "Status at D") */
    cr_assert_eq(schedule_public_status(ST_IN_PROGRESS, DAY_NONE, end, ST_COMPLETE, &done),
                 ST_IN_PROGRESS);
    cr_assert_eq(done, DAY_NONE);
    cr_assert_eq(schedule_public_status(ST_COMPLETE, day("2015-05-20"), end, ST_COMPLETE, &done),
                 ST_IN_PROGRESS);
    cr_assert_eq(done, DAY_NONE);
    /* no public update: retired if the plan retired it, otherwise not started */
    cr_assert_eq(schedule_public_status(ST_RETIRED, DAY_NONE, end, -1, &done), ST_RETIRED);
    cr_assert_eq(schedule_public_status(ST_BLOCKED, DAY_NONE, end, -1, &done), ST_NOT_STARTED);
    cr_assert_eq(done, DAY_NONE);
    /* a retirement signed off with a plan version wins over the last update */
    cr_assert_eq(schedule_public_status(ST_RETIRED, DAY_NONE, end, ST_IN_PROGRESS, &done),
                 ST_RETIRED);
    cr_assert_eq(done, DAY_NONE);
    /* nothing signed off (no end): a completion is not public */
    cr_assert_eq(schedule_public_status(ST_COMPLETE, day("2015-04-20"), DAY_NONE, -1, &done),
                 ST_NOT_STARTED);
}

Test(schedule, public_counts_signed_off_months_only)
{
    struct pub_scope sc = scope_at(NULL);
    struct schedule s;
    cr_assert_eq(schedule_load_public(db, &sc, &s), 0, "%s", db->err);
    cr_assert_eq(s.nactions, 5);
    cr_assert_eq(s.nthemes, 1);
    cr_assert_eq(s.end, day("2015-04-30"));

    /* A1: April's high (May's closed-month low is not public); March's medium before it */
    const struct s_action *a = action(&s, "A1");
    cr_assert_str_eq(a->title, "First");
    cr_assert_eq(a->month, month("2015-04"));
    cr_assert_eq(a->confidence, level(&s, "high"));
    cr_assert_eq(a->prev_confidence, level(&s, "medium"));
    cr_assert_eq(a->reported, day("2015-08-31"));
    cr_assert_eq(a->pub_status, ST_IN_PROGRESS);
    cr_assert_eq(a->status, ST_IN_PROGRESS);

    /* A2: the update says complete but no completion is dated: in progress
     * (DESIGN.md, "Status at D") */
    a = action(&s, "A2");
    cr_assert_eq(a->pub_status, ST_IN_PROGRESS);
    cr_assert_eq(a->status, ST_IN_PROGRESS, "the plan row's status stays");
    cr_assert_eq(a->done, DAY_NONE);
    cr_assert_eq(a->prev_confidence, -1);
    cr_assert_eq(a->npred, 1);
    cr_assert_str_eq(s.actions[a->pred[0]].ref, "A1");

    /* A3: a submitted update never counts */
    a = action(&s, "A3");
    cr_assert_eq(a->month, -1);
    cr_assert_eq(a->confidence, -1);
    cr_assert_eq(a->reported, DAY_NONE);
    cr_assert_eq(a->pub_status, ST_NOT_STARTED);

    /* A9: retired in the plan (only a signed-off plan version retires an
     * action, and that is public), so its earlier blocked update no longer
     * decides; unrated */
    a = action(&s, "A9");
    cr_assert_eq(a->pub_status, ST_RETIRED);
    cr_assert_eq(a->month, month("2015-03"));
    cr_assert_eq(a->confidence, -1);

    /* A10: completed in June, after April: not yet complete in public */
    a = action(&s, "A10");
    cr_assert_eq(a->status, ST_COMPLETE);
    cr_assert_eq(a->pub_status, ST_NOT_STARTED);
    cr_assert_eq(a->done, DAY_NONE);

    /* the forward pass: A2 (91 days) starts the day after A1's forecast,
     * 2015-09-01, so it finishes 2015-12-01, after its reported 2015-09-30 */
    struct fp_action *fa = calloc(s.nactions, sizeof *fa);
    cr_assert_not_null(fa);
    schedule_fp(&s, fa);
    cr_assert_eq(rule_forward_pass(fa, s.nactions, NULL, NULL), 0);
    cr_assert_eq(fa[schedule_find(&s, "A1")].ff, day("2015-08-31"));
    cr_assert_eq(fa[schedule_find(&s, "A2")].ff, day("2015-12-01"));
    cr_assert_eq(fa[schedule_find(&s, "A10")].ff, day("2015-05-31"));
    free(fa);
    schedule_free(&s);
}

Test(schedule, public_as_at_an_earlier_month)
{
    struct pub_scope sc = scope_at("2015-03");
    struct schedule s;
    cr_assert_eq(schedule_load_public(db, &sc, &s), 0, "%s", db->err);
    const struct s_action *a = action(&s, "A1");
    cr_assert_eq(a->month, month("2015-03"));
    cr_assert_eq(a->confidence, level(&s, "medium"));
    cr_assert_eq(a->prev_confidence, -1);
    cr_assert_eq(a->reported, day("2015-07-31"));
    cr_assert_eq(action(&s, "A2")->pub_status, ST_NOT_STARTED, "April's update is later");
    schedule_free(&s);
}

Test(schedule, public_with_nothing_signed_off_counts_nothing)
{
    struct pub_scope sc = {.month = -1, .month_s = "0000-00", .end = DAY_NONE, .latest = -1};
    struct schedule s;
    cr_assert_eq(schedule_load_public(db, &sc, &s), 0, "%s", db->err);
    cr_assert_eq(s.nactions, 5);
    cr_assert_eq(s.end, DAY_NONE);
    for (size_t i = 0; i < s.nactions; i++) {
        cr_assert_eq(s.actions[i].month, -1);
        cr_assert_eq(s.actions[i].done, DAY_NONE);
    }
    cr_assert_eq(action(&s, "A9")->pub_status, ST_RETIRED);
    cr_assert_eq(action(&s, "A10")->pub_status, ST_NOT_STARTED);
    schedule_free(&s);
}

Test(schedule, cli_counts_accepted_updates_of_any_period)
{
    struct schedule s;
    cr_assert_eq(schedule_load(db, day("2099-12-31"), &s), 0, "%s", db->err);
    /* May is only closed, but the CLI counts its accepted update */
    const struct s_action *a = action(&s, "A1");
    cr_assert_null(a->title);
    cr_assert_eq(a->month, month("2015-05"));
    cr_assert_eq(a->confidence, level(&s, "low"));
    cr_assert_eq(a->prev_confidence, level(&s, "high"));
    cr_assert_eq(a->reported, day("2015-12-31"));
    cr_assert_eq(a->pub_status, ST_BLOCKED, "the status of its latest accepted update (May)");
    /* completion is the plan row's completed_on, once it has come */
    cr_assert_eq(action(&s, "A10")->done, day("2015-06-20"));
    cr_assert_eq(action(&s, "A2")->done, DAY_NONE, "an update alone does not complete it");
    cr_assert_eq(action(&s, "A2")->pub_status, ST_IN_PROGRESS, "complete without completed_on");
    /* no signed-off version retired A9: its accepted March update speaks */
    cr_assert_eq(action(&s, "A9")->pub_status, ST_BLOCKED);
    /* A3 has no accepted update: the status it was imported with, from then on */
    cr_assert_eq(action(&s, "A3")->pub_status, ST_NOT_STARTED);

    /* up to April: April's high */
    schedule_free(&s);
    cr_assert_eq(schedule_load(db, day("2015-04-30"), &s), 0, "%s", db->err);
    cr_assert_eq(action(&s, "A1")->confidence, level(&s, "high"));
    cr_assert_eq(action(&s, "A1")->prev_confidence, level(&s, "medium"));
    schedule_free(&s);
}

/* Status at D (DESIGN.md): each action as it stood on the date asked about,
 * never as the plan row says today. */
Test(schedule, cli_status_at_a_date)
{
    struct schedule s;
    cr_assert_eq(schedule_load(db, day("2015-04-30"), &s), 0, "%s", db->err);
    cr_assert_eq(action(&s, "A1")->pub_status, ST_IN_PROGRESS, "April's update");
    cr_assert_eq(action(&s, "A2")->pub_status, ST_IN_PROGRESS, "says complete, no completed_on");
    cr_assert_eq(action(&s, "A9")->pub_status, ST_BLOCKED);
    /* imported today, complete on 2015-06-20: not started in April 2015 */
    cr_assert_eq(action(&s, "A10")->pub_status, ST_NOT_STARTED);
    cr_assert_eq(action(&s, "A10")->done, DAY_NONE, "not complete yet: the pass forecasts it");
    cr_assert_eq(action(&s, "A3")->pub_status, ST_NOT_STARTED, "before it was imported");
    schedule_free(&s);

    cr_assert_eq(schedule_load(db, day("2015-06-20"), &s), 0, "%s", db->err);
    cr_assert_eq(action(&s, "A10")->pub_status, ST_COMPLETE, "on its completed_on");
    cr_assert_eq(action(&s, "A10")->done, day("2015-06-20"));
    cr_assert_eq(action(&s, "A1")->pub_status, ST_BLOCKED, "May's update");
    schedule_free(&s);
}

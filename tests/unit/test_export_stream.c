/* test_export_stream.c — the streamed export (plan_write_json) writes exactly
 * the bytes of jansson's dump of the whole tree (plan_dump_json(plan_to_json)):
 * on a plan with every kind of object, unicode, escapes, nested and empty
 * arrays, nulls and reals; on an empty plan; on the bundled demo.  So does
 * the stream into memory (plan_json_text).  An element jansson refuses is an
 * error (EILSEQ), and a failed write is reported with its errno. */
#include "lib/embedded.h"
#include "model/plan_json.h"
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every section, every field kind: a review without recommendations, actions
 * with and without answers and dependencies, null refs and dates, a private
 * milestone, an update without confidence, measures with and without
 * baseline and target, reals with and without fractions, and text in several
 * scripts with quotes, backslashes, a slash, a tab and newlines. */
static const char *full =
    "{\"format\": \"dialturn-plan/1\","
    " \"organisation\": {\"name\": \"Ville d\\u2019\\u00c9t\\u00e9 \\\"Test\\\"\","
    "   \"slug\": \"ete\", \"timezone\": \"Europe/London\", \"rating_scale\": \"dca5\"},"
    " \"people\": [{\"ref\": \"ceo\", \"name\": \"Zo\\u00eb \\u5f20\", \"role\": null,"
    "   \"kind\": \"officer\"}, {\"ref\": \"cllr\", \"name\": \"M\\u00e1ire\","
    "   \"role\": \"Leader\", \"kind\": \"member\"}],"
    " \"reviews\": [{\"ref\": \"rv\", \"title\": \"Review \\ud83d\\udcdd\", \"author\": \"A/B\","
    "   \"published_on\": \"2014-12-09\", \"url\": \"https://example.org/r?a=1&b=2\","
    "   \"recommendations\": [{\"ref\": \"R10\", \"text\": \"Ten\"},"
    "   {\"ref\": \"R2\", \"text\": \"line one\\nline two\\ttabbed \\\\ back\"}]},"
    "  {\"ref\": \"empty\", \"title\": \"No recommendations\", \"recommendations\": []}],"
    " \"versions\": [{\"number\": 1, \"title\": \"One\", \"status\": \"signed_off\","
    "   \"approved_on\": \"2015-02-16\", \"approval_ref\": \"Cabinet 16/2\","
    "   \"signed_off_on\": \"2015-03-23\"}, {\"number\": 2, \"title\": \"Two\","
    "   \"status\": \"draft\"}],"
    " \"themes\": [{\"ref\": \"T1\", \"title\": \"Th\\u00e8me\", \"lead\": \"ceo\"},"
    "   {\"ref\": \"T2\", \"title\": \"Leaderless\"}],"
    " \"actions\": [{\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Second \\\"quoted\\\"\","
    "   \"description\": \"# Heading\\n\\n- a\\n- b\\n\", \"owner\": \"ceo\","
    "   \"member\": \"cllr\", \"start\": \"2015-03-01\", \"finish\": \"2015-06-30\","
    "   \"status\": \"complete\", \"completed_on\": \"2015-06-20\","
    "   \"answers\": [\"R2\", \"R10\"], \"depends_on\": [\"A10\", \"A1\"],"
    "   \"closure_criteria\": \"\\u2713 done\"},"
    "  {\"ref\": \"A10\", \"theme\": \"T2\", \"title\": \"First\","
    "   \"start\": \"2015-01-01\", \"finish\": \"2015-02-28\"},"
    "  {\"ref\": \"A1\", \"theme\": \"T1\", \"title\": \"Bare\", \"start\": \"2015-01-01\","
    "   \"finish\": \"2015-01-31\"}],"
    " \"milestones\": [{\"ref\": \"M1\", \"action\": \"A2\", \"title\": \"Half\","
    "   \"due\": \"2015-04-30\", \"achieved_on\": \"2015-04-29\"},"
    "  {\"ref\": \"M2\", \"action\": \"A10\", \"title\": \"Hidden\", \"due\": \"2015-02-01\","
    "   \"public\": false}],"
    " \"periods\": [{\"month\": \"2015-03\", \"status\": \"signed_off\","
    "   \"signed_off_on\": \"2015-04-10\", \"signed_off_by\": \"ceo\"},"
    "  {\"month\": \"2015-04\", \"status\": \"open\"}],"
    " \"updates\": [{\"action\": \"A2\", \"period\": \"2015-03\", \"state\": \"accepted\","
    "   \"status\": \"in_progress\", \"percent\": 40, \"confidence\": \"amber_green\","
    "   \"narrative\": \"**Good** progress \\u2014 \\u00e0 suivre\\n\\n> quoted\","
    "   \"forecast_finish\": \"2015-07-31\", \"author\": \"ceo\"},"
    "  {\"action\": \"A2\", \"period\": \"2015-04\", \"state\": \"draft\","
    "   \"status\": \"complete\", \"percent\": 100},"
    "  {\"action\": \"A10\", \"period\": \"2015-03\", \"state\": \"submitted\","
    "   \"status\": \"not_started\", \"percent\": 0, \"confidence\": \"red\","
    "   \"narrative\": \"\"}],"
    " \"measures\": [{\"ref\": \"K1\", \"title\": \"Rate\", \"unit\": \"%\","
    "   \"direction\": \"down\", \"baseline\": 27.0, \"baseline_date\": \"2015-01-31\","
    "   \"target\": 15.5, \"target_date\": \"2016-03-31\", \"tolerance_pct\": 10,"
    "   \"theme\": \"T1\", \"actions\": [\"A2\", \"A10\"]},"
    "  {\"ref\": \"K2\", \"title\": \"Count\", \"unit\": null, \"direction\": \"up\"}],"
    " \"measure_values\": [{\"measure\": \"K1\", \"date\": \"2015-02-28\", \"value\": 26.1},"
    "  {\"measure\": \"K1\", \"date\": \"2015-03-31\", \"value\": 0.1},"
    "  {\"measure\": \"K2\", \"date\": \"2015-03-31\", \"value\": 12345678901234.5},"
    "  {\"measure\": \"K2\", \"date\": \"2015-04-30\", \"value\": -3}]}";

/* Reads a document into a fresh plan, checked as import checks it. */
static void read_plan(const char *text, struct plan *p)
{
    char err[512] = "";
    json_error_t je;
    int rc = plan_read_json_text(p, text, strlen(text), &je, err, sizeof err);
    cr_assert_eq(rc, 0, "test plan: %s %s", err, rc == -2 ? je.text : "");
    cr_assert_eq(plan_check(p, err, sizeof err), 0, "test plan: %s", err);
}

/* The plan streamed to memory.  Returns a malloc'd string the caller frees. */
static char *streamed(const struct plan *p)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    cr_assert_eq(plan_write_json(p, f), 0, "plan_write_json: %s", strerror(errno));
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(strlen(text), len, "no NUL in the stream");
    return text;
}

/* Asserts that the stream, the stream into memory (plan_json_text) and the
 * whole tree's dump of p are the same bytes, naming the first difference;
 * returns the text (malloc'd, caller frees). */
static char *expect_same(const struct plan *p)
{
    json_t *doc = plan_to_json(p);
    char *whole = plan_dump_json(doc);
    json_decref(doc);
    char *stream = streamed(p);
    size_t i = 0;
    while (whole[i] && whole[i] == stream[i])
        i++;
    cr_assert_eq(whole[i], stream[i],
                 "the stream differs from the tree's dump at byte %zu:\n"
                 "tree:   ...%.60s\nstream: ...%.60s",
                 i, whole + (i > 20 ? i - 20 : 0), stream + (i > 20 ? i - 20 : 0));
    char *text = plan_json_text(p);
    cr_assert_str_eq(text, stream, "plan_json_text differs from plan_write_json");
    free(text);
    free(stream);
    return whole;
}

Test(export_stream, every_kind_of_object_is_streamed_as_jansson_dumps_it)
{
    struct plan p = {0};
    read_plan(full, &p);
    char *text = expect_same(&p);
    /* the fixture reaches what it means to: nesting, escapes, nulls, empties */
    cr_assert(strstr(text, "\"recommendations\": []"), "%s", text);
    cr_assert(strstr(text, "\"depends_on\": [\n        \"A1\",\n        \"A10\"\n      ]"), "%s",
              text);
    cr_assert(strstr(text, "line one\\nline two\\ttabbed \\\\ back"), "%s", text);
    cr_assert(strstr(text, "\xc3\x89t\xc3\xa9"), "UTF-8 written as is: %s", text);
    cr_assert(strstr(text, "\"confidence\": null"), "%s", text);
    cr_assert(strstr(text, "\"baseline\": 27.0,"), "%s", text);
    cr_assert(strstr(text, "\"value\": 12345678901234.5\n"), "%s", text);
    /* and it reads back to the same text */
    struct plan q = {0};
    read_plan(text, &q);
    char *again = streamed(&q);
    cr_assert_str_eq(text, again);
    free(again);
    free(text);
    plan_free(&q);
    plan_free(&p);
}

Test(export_stream, an_empty_plan_has_empty_arrays)
{
    struct plan p = {0};
    read_plan("{\"format\": \"dialturn-plan/1\", \"organisation\": {\"name\": \"Empty\"}}", &p);
    char *text = expect_same(&p);
    cr_assert(strstr(text, "\"people\": [],\n  \"reviews\": [],"), "%s", text);
    cr_assert(strstr(text, "\"measure_values\": []\n}\n"), "%s", text);
    free(text);
    plan_free(&p);
}

Test(export_stream, the_demo_streams_to_its_bundled_file)
{
    const struct embedded_file *demo = embedded_find("data/demo/birmingham-2015.json");
    cr_assert_not_null(demo);
    struct plan p = {0};
    read_plan((const char *)demo->data, &p);
    char *text = expect_same(&p);
    cr_assert_eq(strlen(text), demo->size);
    cr_assert(memcmp(text, demo->data, demo->size) == 0, "the demo does not export to itself");
    free(text);
    plan_free(&p);
}

/* Where jansson refuses a value of an element (a string that is not UTF-8:
 * the readers and plan_load never let one in), the writers fail with EILSEQ
 * rather than leave the row out of the export in silence. */
Test(export_stream, an_element_jansson_refuses_is_an_error_not_a_missing_row)
{
    struct plan p = {0};
    read_plan(full, &p);
    long a10 = plan_find(&p.m_actions, "A10");
    plan_set_str(&p.actions[a10].title, "bad \xff byte");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    errno = 0;
    cr_assert_eq(plan_write_json(&p, f), -1, "the stream refuses the action");
    cr_assert_eq(errno, EILSEQ, "errno %d: %s", errno, strerror(errno));
    fclose(f);
    free(text);
    errno = 0;
    cr_assert_null(plan_json_text(&p), "the text refuses the action");
    cr_assert_eq(errno, EILSEQ, "errno %d: %s", errno, strerror(errno));
    plan_free(&p);
}

Test(export_stream, a_failed_write_returns_its_errno)
{
    const struct embedded_file *demo = embedded_find("data/demo/birmingham-2015.json");
    struct plan p = {0};
    read_plan((const char *)demo->data, &p);
    FILE *f = fopen("/dev/full", "w");
    cr_assert_not_null(f);
    errno = 0;
    cr_assert_eq(plan_write_json(&p, f), -1, "190 kB into /dev/full");
    cr_assert_eq(errno, ENOSPC, "errno %d: %s", errno, strerror(errno));
    fclose(f);
    plan_free(&p);
}

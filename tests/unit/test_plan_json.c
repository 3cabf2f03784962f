/* test_plan_json.c — the reader refuses bad documents naming the JSON path and
 * field, and the writer gives back what it read. */
#include "lib/buf.h"
#include "model/plan_json.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static const char *base =
    "{\"format\": \"dialturn-plan/1\","
    " \"organisation\": {\"name\": \"Test\", \"slug\": \"test\", \"timezone\": \"Europe/London\","
    "   \"rating_scale\": \"confidence3\"},"
    " \"people\": [{\"ref\": \"ceo\", \"name\": \"Chief Executive\", \"role\": \"CE\","
    "   \"kind\": \"officer\"}],"
    " \"reviews\": [{\"ref\": \"rv\", \"title\": \"Review\", \"recommendations\": "
    "   [{\"ref\": \"R1\", \"text\": \"Do it\"}]}],"
    " \"themes\": [{\"ref\": \"T1\", \"title\": \"Theme\", \"lead\": \"ceo\"}],"
    " \"actions\": [{\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Second\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-06-30\", \"depends_on\": [\"A10\"]},"
    "  {\"ref\": \"A10\", \"theme\": \"T1\", \"title\": \"First\", \"owner\": \"ceo\","
    "   \"start\": \"2015-01-01\", \"finish\": \"2015-02-28\", \"answers\": [\"R1\"]}],"
    " \"periods\": [{\"month\": \"2015-03\", \"status\": \"open\"}],"
    " \"updates\": [{\"action\": \"A2\", \"period\": \"2015-03\", \"state\": \"draft\","
    "   \"status\": \"in_progress\", \"percent\": 10, \"confidence\": \"medium\"}]}";

/* Reads `text` into a fresh plan; returns the reader's result and message. */
static int read_doc(const char *text, char *err, size_t n, struct plan *p)
{
    json_error_t je;
    json_t *doc = json_loads(text, 0, &je);
    cr_assert_not_null(doc, "test JSON: %s", je.text);
    int rc = plan_read_json(p, doc, err, n);
    if (rc == 0)
        rc = plan_check(p, err, n);
    json_decref(doc);
    return rc;
}

/* Replaces the first `from` in base by `to` and expects a refusal mentioning `want`. */
static void expect_refusal(const char *from, const char *to, const char *want)
{
    const char *at = strstr(base, from);
    cr_assert_not_null(at, "fixture lacks %s", from);
    size_t n = strlen(base) - strlen(from) + strlen(to) + 1;
    char *doc = malloc(n);
    snprintf(doc, n, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
    struct plan p = {0};
    char err[512] = "";
    cr_assert_eq(read_doc(doc, err, sizeof err, &p), -1, "accepted: %s", doc);
    cr_assert(strstr(err, want), "expected \"%s\" in: %s", want, err);
    plan_free(&p);
    free(doc);
}

Test(plan_json, reads_a_valid_document_with_forward_dependencies)
{
    struct plan p = {0};
    char err[512] = "";
    cr_assert_eq(read_doc(base, err, sizeof err, &p), 0, "%s", err);
    cr_assert_eq(p.n_actions, 2);
    long a2 = plan_find(&p.m_actions, "A2"), a10 = plan_find(&p.m_actions, "A10");
    cr_assert_eq(p.actions[a2].depends_on.n, 1);
    cr_assert_eq(p.actions[a2].depends_on.v[0], a10);
    cr_assert_eq(p.actions[a2].baseline_finish, p.actions[a2].finish); /* default */
    cr_assert_eq(p.updates[0].confidence, 1);                          /* medium */
    plan_free(&p);
}

Test(plan_json, refusals_name_path_and_field)
{
    expect_refusal("\"owner\": \"ceo\"", "\"owner\": \"nobody\"",
                   "actions[1].owner: no person with ref \"nobody\"");
    expect_refusal("\"title\": \"Second\"", "\"titel\": \"Second\"",
                   "actions[0].titel: unknown field");
    expect_refusal("\"finish\": \"2015-06-30\"", "\"finish\": \"2015-02-30\"",
                   "actions[0].finish: must be a date");
    expect_refusal("\"finish\": \"2015-06-30\"", "\"finish\": \"2015-02-01\"",
                   "actions[0].finish: 2015-02-01 is before start 2015-03-01");
    expect_refusal("\"confidence\": \"medium\"", "\"confidence\": \"amber\"",
                   "updates[0].confidence: \"amber\" is not a level of the confidence3 scale");
    expect_refusal("\"percent\": 10", "\"percent\": 101", "updates[0].percent");
    expect_refusal("\"period\": \"2015-03\", \"state\"", "\"period\": \"2015-04\", \"state\"",
                   "updates[0].period: month 2015-04 is not in periods");
    expect_refusal("{\"ref\": \"A10\"", "{\"ref\": \"A2\"",
                   "actions[1].ref: duplicate action \"A2\"");
    expect_refusal("\"answers\": [\"R1\"]", "\"answers\": [\"R1\"], \"depends_on\": [\"A2\"]",
                   "dependency cycle");
    expect_refusal("\"format\": \"dialturn-plan/1\"", "\"format\": \"other/2\"", "format: must be");
    expect_refusal("\"people\": [", "\"engagement\": [1], \"people\": [",
                   "engagement[0]: must be an object");
    expect_refusal("\"people\": [",
                   "\"engagement\": [{\"ref\": \"E1\", \"kind\": \"partners\", \"held_on\": "
                   "\"2015-02-04\", \"title\": \"T\", \"summary\": \"S\", \"public\": true, "
                   "\"feedback\": [{\"ref\": \"F1\", \"said\": \"x\", \"status\": \"received\", "
                   "\"response\": \"early\"}]}], \"people\": [",
                   "engagement[0].feedback[0]: received feedback has no response");
    expect_refusal("\"people\": [", "\"panel\": [1], \"people\": [", "panel: must be an object");
    expect_refusal("\"people\": [",
                   "\"meetings\": [{\"ref\": \"M1\", \"title\": \"T\", \"starts_at\": "
                   "\"2015-06-11T11:00:00Z\", \"webcast_url\": \"ftp://x\"}], \"people\": [",
                   "meetings[0].webcast_url: must be an http or https address");
    expect_refusal("\"status\": \"open\"", "\"status\": \"open\", \"x\": 1",
                   "periods[0].x: unknown field");
}

Test(plan_json, write_then_read_gives_the_same_text)
{
    struct plan p = {0}, q = {0};
    char err[512] = "";
    cr_assert_eq(read_doc(base, err, sizeof err, &p), 0, "%s", err);
    json_t *d1 = plan_to_json(&p);
    char *t1 = plan_dump_json(d1);
    cr_assert_eq(read_doc(t1, err, sizeof err, &q), 0, "%s", err);
    json_t *d2 = plan_to_json(&q);
    char *t2 = plan_dump_json(d2);
    cr_assert_str_eq(t1, t2);
    /* natural order: A2 before A10 */
    cr_assert_lt(strstr(t1, "\"ref\": \"A2\""), strstr(t1, "\"ref\": \"A10\""));
    json_decref(d1), json_decref(d2);
    free(t1), free(t2);
    plan_free(&p), plan_free(&q);
}

/* ---- the updates parsed on a second thread (plan_prep.c) ---- */

#define N_ACTIONS 30
#define N_MONTHS  12
#define MUTATED   250 /* an update past the first batches the thread hands over */

/* A document with N_ACTIONS x N_MONTHS updates, update MUTATED written as `odd`
 * (NULL: like the others). */
static char *many_updates(const char *odd)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "{\"format\": \"dialturn-plan/1\", \"organisation\": {\"name\": \"T\", \"slug\": "
                 "\"t\", \"rating_scale\": \"confidence3\"}, \"people\": [{\"ref\": \"ceo\", "
                 "\"name\": \"C\"}], \"themes\": [{\"ref\": \"T1\", \"title\": \"Theme\"}], "
                 "\"actions\": [");
    for (int a = 0; a < N_ACTIONS; a++)
        buf_printf(&b,
                   "%s{\"ref\": \"A%d\", \"theme\": \"T1\", \"title\": \"Action %d\", "
                   "\"start\": \"2015-01-01\", \"finish\": \"2016-06-30\"}",
                   a ? ", " : "", a, a);
    buf_puts(&b, "], \"periods\": [");
    for (int m = 1; m <= N_MONTHS; m++)
        buf_printf(&b, "%s{\"month\": \"2015-%02d\", \"status\": \"signed_off\"}",
                   m > 1 ? ", " : "", m);
    buf_puts(&b, "], \"updates\": [");
    for (int i = 0; i < N_ACTIONS * N_MONTHS; i++) {
        if (i)
            buf_puts(&b, ", ");
        if (i == MUTATED && odd)
            buf_puts(&b, odd);
        else
            buf_printf(&b,
                       "{\"action\": \"A%d\", \"period\": \"2015-%02d\", \"state\": "
                       "\"accepted\", \"status\": \"in_progress\", \"percent\": %d, "
                       "\"confidence\": \"high\", \"narrative\": \"Update \\u00e9 %d\", "
                       "\"forecast_finish\": \"2016-01-31\", \"author\": \"ceo\"}",
                       i / N_MONTHS, i % N_MONTHS + 1, i % 101, i);
    }
    buf_puts(&b, "], \"measures\": []}");
    return buf_detach(&b);
}

/* Reads text both ways, the text path (split, updates on the second thread)
 * and the whole tree, and expects the same result, message and plan. */
static void same_both_ways(const char *odd)
{
    char *text = many_updates(odd);
    struct plan p = {0}, q = {0};
    char e1[600] = "", e2[600] = "";
    json_error_t je;
    int r1 = plan_read_json_text(&p, text, strlen(text), &je, e1, sizeof e1);
    json_t *doc = json_loadb(text, strlen(text), JSON_REJECT_DUPLICATES, NULL);
    int r2 = doc ? plan_read_json(&q, doc, e2, sizeof e2) : -2;
    json_decref(doc);
    cr_assert_eq(r1, r2, "%s: text path %d (%s), tree %d (%s)", odd ? odd : "plain", r1, e1, r2,
                 e2);
    if (r1 == -1)
        cr_assert_str_eq(e1, e2, "%s", odd);
    if (r1 == 0) {
        cr_assert_eq(p.n_updates, (size_t)N_ACTIONS * N_MONTHS);
        char *t1 = plan_json_text(&p), *t2 = plan_json_text(&q);
        cr_assert_str_eq(t1, t2, "%s", odd ? odd : "plain");
        free(t1), free(t2);
    }
    plan_free(&p), plan_free(&q);
    free(text);
}

Test(plan_json, updates_read_on_a_second_thread_as_on_one)
{
    static const char *const odd[] = {
        NULL,
        /* accepted, with defaults and nulls */
        "{\"action\": \"A20\", \"period\": \"2015-11\"}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"narrative\": null, \"author\": null, "
        "\"confidence\": null, \"forecast_finish\": null}",
        /* refused, each for one reason */
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"x\": 1}",
        "{\"action\": \"A99\", \"period\": \"2015-11\"}",
        "{\"action\": 20, \"period\": \"2015-11\"}",
        "{\"period\": \"2015-11\"}",
        "{\"action\": \"A20\", \"period\": \"2015-13\"}",
        "{\"action\": \"A20\", \"period\": \"2016-01\"}",
        "{\"action\": \"A20\", \"period\": \"2015-10\"}", /* the update before it, again */
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"state\": \"done\"}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"state\": null}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"status\": \"finished\"}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"percent\": 101}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"percent\": \"10\"}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"percent\": null}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"narrative\": 5}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"narrative\": \"a\\u0000b\"}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"forecast_finish\": \"2015-02-30\"}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"author\": \"nobody\"}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"author\": 7}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"confidence\": \"amber\"}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"confidence\": 3}",
        "{\"action\": \"A20\", \"period\": \"2015-11\", \"action\": \"A21\"}",
        "5",
        "{\"action\": }",
    };
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
        same_both_ways(odd[i]);
}

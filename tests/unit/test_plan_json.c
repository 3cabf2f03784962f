/* test_plan_json.c — the reader refuses bad documents naming the JSON path and
 * field, and the writer gives back what it read. */
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
    expect_refusal("\"people\": [", "\"panel\": [1], \"people\": [", "panel: is reserved");
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

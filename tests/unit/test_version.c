/* test_version.c — plan versions: a draft is edited apart from the live
 * plan, refused edits change nothing, the steps go in order, sign-off makes
 * the version the live plan and sets the baselines, and the diff lists
 * exactly what changed.  Each test imports one small plan (inline JSON) whose
 * version 1 is signed off but has no items yet, like the demo. */
#include "lib/hash.h"
#include "model/ledger.h"
#include "model/version.h"
#include "testdb.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A1 is complete; A2 depends on A1; A3 on A2; A4 is in progress. */
static const char *plan_doc =
    "{\"format\": \"dialturn-plan/1\","
    " \"organisation\": {\"name\": \"Test Council\", \"slug\": \"test\"},"
    " \"people\": [{\"ref\": \"ceo\", \"name\": \"Chief Executive\"},"
    "   {\"ref\": \"pmo\", \"name\": \"Programme Officer\"},"
    "   {\"ref\": \"cfo\", \"name\": \"Finance Director\"}],"
    " \"reviews\": [{\"ref\": \"rv\", \"title\": \"The review\", \"recommendations\": ["
    "   {\"ref\": \"R1\", \"text\": \"One\"}, {\"ref\": \"R2\", \"text\": \"Two\"}]}],"
    " \"versions\": [{\"number\": 1, \"title\": \"Year one\", \"status\": \"signed_off\","
    "   \"approved_on\": \"2015-02-16\", \"signed_off_on\": \"2015-03-23\"}],"
    " \"themes\": [{\"ref\": \"T1\", \"title\": \"Governance\", \"lead\": \"ceo\"},"
    "   {\"ref\": \"T2\", \"title\": \"Finance\", \"lead\": \"cfo\"}],"
    " \"actions\": ["
    "  {\"ref\": \"A1\", \"theme\": \"T1\", \"title\": \"Appoint the office\", \"owner\": \"ceo\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-03-31\", \"status\": \"complete\","
    "   \"completed_on\": \"2015-03-28\", \"answers\": [\"R1\"]},"
    "  {\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Monthly report\", \"owner\": \"pmo\","
    "   \"start\": \"2015-04-01\", \"finish\": \"2015-04-30\", \"status\": \"in_progress\","
    "   \"answers\": [\"R2\"], \"depends_on\": [\"A1\"]},"
    "  {\"ref\": \"A3\", \"theme\": \"T1\", \"title\": \"Public site\", \"owner\": \"pmo\","
    "   \"start\": \"2015-05-01\", \"finish\": \"2015-05-31\", \"depends_on\": [\"A2\"]},"
    "  {\"ref\": \"A4\", \"theme\": \"T2\", \"title\": \"Budget gap\", \"owner\": \"cfo\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-09-30\", \"status\": \"in_progress\"}],"
    " \"milestones\": [{\"ref\": \"M1\", \"action\": \"A2\", \"title\": \"First report\","
    "   \"due\": \"2015-04-30\"}],"
    " \"measures\": [{\"ref\": \"K1\", \"title\": \"Budget gap\", \"unit\": \"£m\","
    "   \"direction\": \"down\", \"baseline\": 100.0, \"target\": 0.0, \"theme\": \"T2\","
    "   \"actions\": [\"A4\"]}]}";

static char path[64];
static struct db *db;

static void setup(void)
{
    crypto_init();
    testdb_path(path, sizeof path, "version");
    db = testdb_create(path, plan_doc);
    db_set_actor(db, "test");
}

/* The field errors of the latest model call, and what it said as one line
 * ("field: message; ..."), or the database's words when it refused nothing. */
static struct field_errors fe_;
static char said_[2048];

/* Empties the field errors for the next model call and hands them to it. */
static struct field_errors *fresh(void)
{
    ferr_free(&fe_);
    return &fe_;
}

static void teardown(void)
{
    ferr_free(&fe_);
    testdb_close(db, path);
}

TestSuite(version, .init = setup, .fini = teardown);

static const char *said(void)
{
    struct buf line = BUF_INIT;
    ferr_line(&fe_, &line);
    snprintf(said_, sizeof said_, "%s", fe_.n ? buf_str(&line) : db->err);
    buf_free(&line);
    return said_;
}

/* One text column of the live row of `ref` in `table` ("" for NULL). */
static char *live(const char *sql, const char *ref)
{
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK, "%s",
                 sqlite3_errmsg(db->h));
    sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "no row for %s: %s", ref, sql);
    const char *t = (const char *)sqlite3_column_text(st, 0);
    char *out = strdup(t ? t : "");
    sqlite3_finalize(st);
    return out;
}

static void expect_live(const char *sql, const char *ref, const char *want)
{
    char *got = live(sql, ref);
    cr_expect_str_eq(got, want, "%s for %s", sql, ref);
    free(got);
}

#define ACTION_FINISH   "SELECT finish FROM action WHERE ref = ?"
#define ACTION_BASELINE "SELECT baseline_finish FROM action WHERE ref = ?"
#define ACTION_TITLE    "SELECT title FROM action WHERE ref = ?"
#define ACTION_STATUS   "SELECT status FROM action WHERE ref = ?"
#define ACTION_DONE     "SELECT completed_on FROM action WHERE ref = ?"
#define ACTION_OWNER    "SELECT p.ref FROM action a JOIN person p ON p.id = a.owner_id WHERE a.ref = ?"
#define VERSION_STATUS  "SELECT status FROM plan_version WHERE number = ?"

static int new_draft(void)
{
    int n = 0;
    cr_assert_eq(version_new_draft(db, "Year two", &n, fresh()), VERSION_OK, "%s", said());
    return n;
}

/* Puts an action body given as JSON text into the draft; returns the result. */
static enum version_rc put(enum vkind k, const char *json)
{
    json_error_t je;
    json_t *o = json_loads(json, 0, &je);
    cr_assert_not_null(o, "bad test JSON: %s", je.text);
    enum version_rc rc = version_put_item(db, k, o, VPUT_ANY, fresh());
    json_decref(o);
    return rc;
}

/* The draft's body of action ref, canonical, malloc'd. */
static char *item_text(int number, enum vkind k, const char *ref)
{
    struct version_items it;
    cr_assert_eq(version_items_load(db, number, &it), 1);
    const struct version_item *x = version_items_find(&it, k, ref);
    cr_assert_not_null(x, "no item %s", ref);
    char *s = ledger_canonical(x->body);
    version_items_free(&it);
    return s;
}

static void expect_verify(void)
{
    struct verify_result r;
    cr_expect_eq(ledger_verify(db, &r), 0, "%s", said());
}

static const char *a2_late =
    "{\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Monthly report\", \"owner\": \"pmo\","
    " \"start\": \"2015-04-01\", \"finish\": \"2015-06-30\", \"answers\": [\"R2\"],"
    " \"depends_on\": [\"A1\"]}";

/* The edits of the main story: re-date A2, re-word A3, re-own A4, add A5, retire M1. */
static void edit_draft(void)
{
    cr_assert_eq(put(VK_ACTION, a2_late), VERSION_OK, "%s", said());
    cr_assert_eq(put(VK_ACTION, "{\"ref\": \"A3\", \"theme\": \"T1\", \"title\": \"Open data "
                                "site\", \"owner\": \"pmo\", \"start\": \"2015-05-01\", "
                                "\"finish\": \"2015-05-31\", \"depends_on\": [\"A2\"]}"),
                 VERSION_OK, "%s", said());
    cr_assert_eq(put(VK_ACTION, "{\"ref\": \"A4\", \"theme\": \"T2\", \"title\": \"Budget gap\", "
                                "\"owner\": \"ceo\", \"start\": \"2015-03-01\", "
                                "\"finish\": \"2015-09-30\"}"),
                 VERSION_OK, "%s", said());
    cr_assert_eq(put(VK_ACTION, "{\"ref\": \"A5\", \"theme\": \"T2\", \"title\": \"MARKER "
                                "savings plan\", \"owner\": \"cfo\", \"start\": \"2015-07-01\", "
                                "\"finish\": \"2015-12-31\", \"answers\": [\"R1\"]}"),
                 VERSION_OK, "%s", said());
    cr_assert_eq(version_retire_item(db, VK_MILESTONE, "M1", "Folded into A2's closure.", fresh()),
                 VERSION_OK, "%s", said());
}

Test(version, new_draft_copies_the_signed_off_plan)
{
    cr_assert_eq(new_draft(), 2);
    struct version_list l;
    cr_assert_eq(version_list(db, &l), 0, "%s", said());
    cr_assert_eq(l.n, 2);
    cr_expect_str_eq(l.v[0].status, "signed_off");
    cr_expect_eq(l.v[0].items, 8, "version 1 gets its items from the live plan");
    cr_expect_str_eq(l.v[1].status, "draft");
    cr_expect_eq(l.v[1].items, 8);
    version_list_free(&l);
    struct version_diff d;
    cr_assert_eq(version_diff(db, 1, 2, &d, fresh()), VERSION_OK, "%s", said());
    cr_expect_eq(d.n, 0, "a fresh draft holds the same plan");
    version_diff_free(&d);
    /* the items hold the plan, not delivery state */
    char *a1 = item_text(2, VK_ACTION, "A1");
    cr_expect_null(strstr(a1, "complete"), "%s", a1);
    cr_expect_not_null(strstr(a1, "\"answers\":[\"R1\"]"), "%s", a1);
    free(a1);
    expect_verify();
}

Test(version, one_version_on_its_way_at_a_time)
{
    new_draft();
    int n = 0;
    cr_expect_eq(version_new_draft(db, "Another", &n, fresh()), VERSION_REFUSED);
    cr_expect_not_null(strstr(said(), "version 2 is a draft"), "%s", said());
    cr_expect_eq(version_new_draft(db, "  ", &n, fresh()), VERSION_REFUSED);
    cr_expect_not_null(strstr(said(), "title"), "%s", said());
}

Test(version, drafts_never_touch_the_live_plan)
{
    new_draft();
    edit_draft();
    expect_live(ACTION_FINISH, "A2", "2015-04-30");
    expect_live(ACTION_TITLE, "A3", "Public site");
    expect_live(ACTION_OWNER, "A4", "cfo");
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db->h, "SELECT count(*) FROM action WHERE title LIKE '%MARKER%'", -1, &st,
                       NULL);
    sqlite3_step(st);
    cr_expect_eq(sqlite3_column_int(st, 0), 0, "the added action is not live");
    sqlite3_finalize(st);
    cr_assert_eq(version_submit(db, 2, fresh()), VERSION_OK, "%s", said());
    cr_assert_eq(version_approve(db, 2, date_from_ymd(2016, 2, 16), "Cabinet minute 123", fresh()),
                 VERSION_OK, "%s", said());
    expect_live(ACTION_FINISH, "A2", "2015-04-30");
    expect_verify();
}

Test(version, sign_off_applies_the_version_and_sets_baselines)
{
    new_draft();
    edit_draft();
    cr_assert_eq(version_retire_item(db, VK_ACTION, "A3", "No longer needed.", fresh()), VERSION_OK,
                 "%s", said());
    cr_assert_eq(version_submit(db, 2, fresh()), VERSION_OK, "%s", said());
    cr_assert_eq(version_approve(db, 2, date_from_ymd(2016, 2, 16), "Cabinet minute 123", fresh()),
                 VERSION_OK, "%s", said());
    cr_assert_eq(version_sign_off(db, 2, date_from_ymd(2016, 3, 1), fresh()), VERSION_OK, "%s",
                 said());
    expect_live(ACTION_FINISH, "A2", "2015-06-30");
    expect_live(ACTION_BASELINE, "A2", "2015-06-30");
    expect_live(ACTION_STATUS, "A2", "in_progress"); /* delivery state kept */
    expect_live(ACTION_TITLE, "A3", "Open data site");
    expect_live(ACTION_STATUS, "A3", "retired");
    expect_live(ACTION_OWNER, "A4", "ceo");
    expect_live(ACTION_STATUS, "A5", "not_started");
    expect_live(ACTION_BASELINE, "A5", "2015-12-31");
    expect_live(ACTION_STATUS, "A1", "complete");
    expect_live(ACTION_DONE, "A1", "2015-03-28");
    expect_live("SELECT public FROM milestone WHERE ref = ?", "M1", "0");
    expect_live(VERSION_STATUS, "1", "superseded");
    expect_live(VERSION_STATUS, "2", "signed_off");
    expect_live("SELECT signed_off_on FROM plan_version WHERE number = ?", "2", "2016-03-01");
    expect_live("SELECT approval_ref FROM plan_version WHERE number = ?", "2",
                "Cabinet minute 123");
    expect_verify();
    /* the next draft starts from version 2 */
    cr_assert_eq(new_draft(), 3);
    struct version_diff d;
    cr_assert_eq(version_diff(db, 2, 3, &d, fresh()), VERSION_OK, "%s", said());
    cr_expect_eq(d.n, 0);
    version_diff_free(&d);
}

/* Finds the change (ref, change, field) in d; NULL if absent. */
static const struct version_change *change(const struct version_diff *d, const char *ref,
                                           const char *what, const char *field)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].ref, ref) == 0 && strcmp(d->v[i].change, what) == 0 &&
            (!field || (d->v[i].field && strcmp(d->v[i].field, field) == 0)))
            return &d->v[i];
    return NULL;
}

Test(version, diff_lists_exactly_what_changed)
{
    new_draft();
    edit_draft();
    struct version_diff d;
    cr_assert_eq(version_diff(db, 1, 2, &d, fresh()), VERSION_OK, "%s", said());
    const struct version_change *c = change(&d, "A2", "re-dated", "finish");
    cr_assert_not_null(c);
    cr_expect_str_eq(c->from, "2015-04-30");
    cr_expect_str_eq(c->to, "2015-06-30");
    c = change(&d, "A3", "re-worded", "title");
    cr_assert_not_null(c);
    cr_expect_str_eq(c->from, "Public site");
    cr_expect_str_eq(c->to, "Open data site");
    c = change(&d, "A4", "re-owned", "owner");
    cr_assert_not_null(c);
    cr_expect_str_eq(c->from, "cfo");
    cr_expect_str_eq(c->to, "ceo");
    c = change(&d, "A5", "added", NULL);
    cr_assert_not_null(c);
    cr_expect_eq(c->kind, VK_ACTION);
    cr_expect_str_eq(c->to, "MARKER savings plan");
    c = change(&d, "M1", "retired", NULL);
    cr_assert_not_null(c);
    cr_expect_eq(c->kind, VK_MILESTONE);
    cr_expect_str_eq(c->reason, "Folded into A2's closure.");
    cr_expect_eq(d.n, 5, "exactly five changes, got %zu", d.n);
    /* and in JSON */
    json_t *j = version_diff_json(&d);
    cr_expect_eq(json_integer_value(json_object_get(j, "from")), 1);
    cr_expect_eq(json_integer_value(json_object_get(j, "to")), 2);
    json_t *first = json_array_get(json_object_get(j, "changes"), 0);
    cr_expect_str_eq(json_string_value(json_object_get(first, "kind")), "action");
    cr_expect_str_eq(json_string_value(json_object_get(first, "ref")), "A2");
    json_decref(j);
    version_diff_free(&d);
    /* reinstating M1 and re-linking A2 */
    cr_assert_eq(version_retire_item(db, VK_MILESTONE, "M1", NULL, fresh()), VERSION_OK, "%s",
                 said());
    cr_assert_eq(put(VK_ACTION, "{\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Monthly "
                                "report\", \"owner\": \"pmo\", \"start\": \"2015-04-01\", "
                                "\"finish\": \"2015-06-30\", \"answers\": [\"R1\", \"R2\"]}"),
                 VERSION_OK, "%s", said());
    cr_assert_eq(version_diff(db, 1, 2, &d, fresh()), VERSION_OK, "%s", said());
    cr_expect_null(change(&d, "M1", "retired", NULL));
    c = change(&d, "A2", "re-linked", "answers");
    cr_assert_not_null(c);
    cr_expect_str_eq(c->from, "R2");
    cr_expect_str_eq(c->to, "R1, R2");
    c = change(&d, "A2", "re-linked", "depends_on");
    cr_assert_not_null(c);
    cr_expect_str_eq(c->from, "A1");
    cr_expect_str_eq(c->to, "");
    version_diff_free(&d);
    cr_expect_eq(version_diff(db, 1, 9, &d, fresh()), VERSION_REFUSED);
    cr_expect_str_eq(said(), "version: there is no version 9");
    version_diff_free(&d);
}

/* Each bad edit is refused naming the item and field, and leaves the draft as it was. */
Test(version, bad_edits_are_refused_and_change_nothing)
{
    new_draft();
    char *before = item_text(2, VK_ACTION, "A2");
    static const struct {
        const char *body, *want;
    } bad[] = {
        {"{\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"x\", \"start\": \"2015-04-01\", "
         "\"finish\": \"2015-03-01\"}",
         "actions[A2].finish: 2015-03-01 is before start 2015-04-01"},
        {"{\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"x\", \"owner\": \"nobody\", "
         "\"start\": \"2015-04-01\", \"finish\": \"2015-04-30\"}",
         "actions[A2].owner: no person with ref \"nobody\""},
        {"{\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"x\", \"start\": \"2015-04-01\", "
         "\"finish\": \"2015-04-30\", \"depends_on\": [\"A3\"]}",
         "dependency cycle"},
        {"{\"ref\": \"A2\", \"theme\": \"T9\", \"title\": \"x\", \"start\": \"2015-04-01\", "
         "\"finish\": \"2015-04-30\"}",
         "actions[A2].theme: no theme with ref \"T9\""},
        {"{\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"x\", \"start\": \"2015-04-01\", "
         "\"finish\": \"2015-04-30\", \"status\": \"complete\"}",
         "actions[A2].status: unknown field"},
        {"{\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"\", \"start\": \"2015-04-01\", "
         "\"finish\": \"2015-04-30\"}",
         "actions[A2].title: must not be empty"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_expect_eq(put(VK_ACTION, bad[i].body), VERSION_REFUSED, "case %zu accepted", i);
        cr_expect_not_null(strstr(said(), bad[i].want), "case %zu: %s", i, said());
        char *after = item_text(2, VK_ACTION, "A2");
        cr_expect_str_eq(after, before, "case %zu changed the draft", i);
        free(after);
    }
    /* the field names the item by ref and the key, for the form to put it at its input */
    cr_expect_eq(put(VK_ACTION, bad[0].body), VERSION_REFUSED);
    cr_assert_eq(fe_.n, 1, "%s", said());
    cr_expect_str_eq(fe_.e[0].field, "actions[A2].finish");
    cr_expect_str_eq(fe_.e[0].message, "2015-03-01 is before start 2015-04-01 (action A2)");
    free(before);
    /* a milestone's action must exist */
    cr_expect_eq(put(VK_MILESTONE, "{\"ref\": \"M9\", \"action\": \"A99\", \"title\": \"x\", "
                                   "\"due\": \"2015-04-30\"}"),
                 VERSION_REFUSED);
    cr_expect_not_null(strstr(said(), "milestones[M9].action"), "%s", said());
    /* retiring needs a reason; a completed action stays */
    cr_expect_eq(version_retire_item(db, VK_ACTION, "A2", " ", fresh()), VERSION_REFUSED);
    cr_expect_not_null(strstr(said(), "reason"), "%s", said());
    cr_expect_eq(version_retire_item(db, VK_ACTION, "A1", "Done", fresh()), VERSION_REFUSED);
    cr_expect_not_null(strstr(said(), "complete"), "%s", said());
    cr_expect_eq(version_retire_item(db, VK_ACTION, "A99", "Why", fresh()), VERSION_REFUSED);
    expect_verify();
}

Test(version, steps_go_in_order)
{
    new_draft();
    day_t on = date_from_ymd(2016, 2, 16);
    cr_expect_eq(version_approve(db, 2, on, "Minute 1", fresh()), VERSION_REFUSED);
    cr_expect_not_null(strstr(said(), "version 2 is a draft, not submitted"), "%s", said());
    cr_expect_eq(version_sign_off(db, 2, on, fresh()), VERSION_REFUSED);
    expect_live(VERSION_STATUS, "2", "draft");
    cr_assert_eq(version_submit(db, 2, fresh()), VERSION_OK, "%s", said());
    /* submitted is frozen */
    cr_expect_eq(put(VK_ACTION, a2_late), VERSION_REFUSED);
    cr_expect_not_null(strstr(said(), "no draft"), "%s", said());
    cr_expect_eq(version_submit(db, 2, fresh()), VERSION_REFUSED);
    cr_expect_eq(version_approve(db, 2, on, "", fresh()), VERSION_REFUSED);
    cr_expect_not_null(strstr(said(), "approval_ref"), "%s", said());
    cr_expect_eq(version_approve(db, 2, DAY_NONE, "Minute 1", fresh()), VERSION_REFUSED);
    cr_expect_not_null(strstr(said(), "approved_on"), "%s", said());
    /* an approval is the event's own date: never one still to come */
    cr_expect_eq(version_approve(db, 2, date_today() + 1, "Minute 1", fresh()), VERSION_REFUSED);
    cr_expect_not_null(strstr(said(), "approved_on: cabinet's approval cannot be in the future"),
                       "%s", said());
    cr_assert_eq(version_approve(db, 2, on, "Minute 1", fresh()), VERSION_OK, "%s", said());
    cr_expect_eq(version_sign_off(db, 2, date_today() + 1, fresh()), VERSION_REFUSED);
    cr_expect_not_null(
        strstr(said(), "signed_off_on: the panel's sign-off cannot be in the future"), "%s",
        said());
    cr_expect_eq(version_sign_off(db, 2, date_from_ymd(2016, 1, 1), fresh()), VERSION_REFUSED);
    cr_expect_not_null(strstr(said(), "before cabinet's approval"), "%s", said());
    cr_expect_eq(version_sign_off(db, 1, on, fresh()), VERSION_REFUSED);
    cr_expect_eq(version_sign_off(db, 7, on, fresh()), VERSION_REFUSED);
    cr_assert_eq(version_sign_off(db, 2, on, fresh()), VERSION_OK, "%s", said());
    expect_verify();
}

Test(version, import_into_the_draft_is_whole_or_nothing)
{
    new_draft();
    json_t *doc = json_loads(
        "{\"format\": \"dialturn-plan/1\", \"people\": [{\"ref\": \"x\", \"name\": \"x\"}],"
        " \"actions\": [{\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Monthly report\","
        "  \"start\": \"2015-04-01\", \"finish\": \"2015-07-31\", \"status\": \"complete\","
        "  \"baseline_finish\": \"2015-04-30\"},"
        "  {\"ref\": \"A6\", \"theme\": \"T2\", \"title\": \"New\", \"start\": \"2015-08-01\","
        "  \"finish\": \"2015-07-01\"}]}",
        0, NULL);
    cr_assert_not_null(doc);
    size_t n = 0;
    char *before = item_text(2, VK_ACTION, "A2");
    cr_expect_eq(version_import_draft(db, doc, &n, fresh()), VERSION_REFUSED);
    cr_expect_not_null(strstr(said(), "actions[A6].finish"), "%s", said());
    char *after = item_text(2, VK_ACTION, "A2");
    cr_expect_str_eq(after, before, "a refused import changed the draft");
    free(after);
    json_object_set_new(json_array_get(json_object_get(doc, "actions"), 1), "finish",
                        json_string("2015-09-30"));
    cr_assert_eq(version_import_draft(db, doc, &n, fresh()), VERSION_OK, "%s", said());
    cr_expect_eq(n, 2);
    after = item_text(2, VK_ACTION, "A2");
    cr_expect_not_null(strstr(after, "\"finish\":\"2015-07-31\""), "%s", after);
    cr_expect_null(strstr(after, "complete"), "%s", after);
    free(after);
    free(before);
    json_decref(doc);
    expect_live(ACTION_FINISH, "A2", "2015-04-30");
    expect_verify();
}

Test(version, adding_and_replacing_say_which)
{
    new_draft();
    json_t *a2 = json_pack("{s:s}", "ref", "A2");
    cr_expect_eq(version_put_item(db, VK_ACTION, a2, VPUT_NEW, fresh()), VERSION_REFUSED);
    json_decref(a2);
    cr_expect_str_eq(said(), "ref: draft version 2 already has action A2");
    json_t *o = json_loads(a2_late, 0, NULL);
    json_object_set_new(o, "ref", json_string("A77"));
    cr_expect_eq(version_put_item(db, VK_ACTION, o, VPUT_EXISTING, fresh()), VERSION_REFUSED);
    cr_expect_str_eq(said(), "ref: draft version 2 has no action A77");
    cr_expect_eq(version_put_item(db, VK_ACTION, o, VPUT_NEW, fresh()), VERSION_OK, "%s", said());
    json_decref(o);
    struct version_choices c;
    cr_assert_eq(version_choices_load(db, &c), 0, "%s", said());
    cr_expect_eq(c.npeople, 3);
    cr_expect_str_eq(c.people[0].ref, "ceo");
    cr_expect_eq(c.nrecs, 2);
    cr_expect_str_eq(c.recs[1].label, "Two");
    version_choices_free(&c);
}

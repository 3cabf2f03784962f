/* test_history.c — an action's history from the ledger shows who changed
 * what, old → new, and its public variant shows only what the public may
 * see: never a draft, a review's comment, a private milestone or anything of
 * a month not signed off.  Every text the public must not see has SECRET. */
#include "lib/hash.h"
#include "model/history.h"
#include "model/ledger.h"
#include "testdb.h"
#include <criterion/criterion.h>
#include <string.h>

/* March signed off (A1 accepted medium), April closed (A1 accepted low, not
 * public yet), May open (A1 draft). */
static const char *plan_doc =
    "{\"format\": \"dialturn-plan/1\","
    " \"organisation\": {\"name\": \"Test Council\", \"slug\": \"test\","
    "   \"timezone\": \"Europe/London\", \"rating_scale\": \"confidence3\"},"
    " \"people\": [{\"ref\": \"ceo\", \"name\": \"Chief Executive\", \"role\": \"CE\","
    "   \"kind\": \"officer\"},"
    "  {\"ref\": \"dcs\", \"name\": \"Director\", \"role\": \"DCS\", \"kind\": \"officer\"}],"
    " \"reviews\": [{\"ref\": \"rv\", \"title\": \"The review\", \"author\": \"Reviewer\","
    "   \"published_on\": \"2014-12-09\","
    "   \"recommendations\": [{\"ref\": \"R1\", \"text\": \"One\"}]}],"
    " \"themes\": [{\"ref\": \"T1\", \"title\": \"Governance\", \"lead\": \"ceo\"}],"
    " \"actions\": ["
    "  {\"ref\": \"A1\", \"theme\": \"T1\", \"title\": \"First\", \"owner\": \"ceo\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-06-30\", \"status\": \"in_progress\","
    "   \"answers\": [\"R1\"], \"depends_on\": [\"A2\"]},"
    "  {\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Second\", \"owner\": \"dcs\","
    "   \"start\": \"2015-01-01\", \"finish\": \"2015-02-28\", \"status\": \"complete\","
    "   \"completed_on\": \"2015-02-20\"}],"
    " \"milestones\": ["
    "  {\"ref\": \"M1\", \"action\": \"A1\", \"title\": \"Halfway\", \"due\": \"2015-05-15\"},"
    "  {\"ref\": \"M2\", \"action\": \"A1\", \"title\": \"SECRET internal\","
    "   \"due\": \"2015-05-01\", \"public\": false}],"
    " \"periods\": ["
    "  {\"month\": \"2015-03\", \"status\": \"signed_off\", \"signed_off_on\": \"2015-04-10\"},"
    "  {\"month\": \"2015-04\", \"status\": \"closed\"},"
    "  {\"month\": \"2015-05\", \"status\": \"open\"}],"
    " \"updates\": ["
    "  {\"action\": \"A1\", \"period\": \"2015-03\", \"state\": \"accepted\", \"status\":"
    "   \"in_progress\", \"percent\": 10, \"confidence\": \"medium\", \"narrative\": \"March\","
    "   \"author\": \"ceo\"},"
    "  {\"action\": \"A1\", \"period\": \"2015-04\", \"state\": \"accepted\", \"status\":"
    "   \"blocked\", \"percent\": 20, \"confidence\": \"low\", \"narrative\": \"SECRET april\","
    "   \"author\": \"ceo\"},"
    "  {\"action\": \"A1\", \"period\": \"2015-05\", \"state\": \"draft\", \"status\":"
    "   \"in_progress\", \"percent\": 30, \"confidence\": \"low\","
    "   \"narrative\": \"SECRET draft\", \"author\": \"ceo\"}]}";

static char path[64];
static struct db *db;

static void setup(void)
{
    crypto_init();
    testdb_path(path, sizeof path, "history");
    db = testdb_create(path, plan_doc);
    json_t *s = json_pack("{s:n, s:s, s:s, s:s, s:n, s:s, s:i, s:s}", "id", "username", "alice",
                          "name", "Alice Smith", "role", "pmo", "person_id", "pw_hash", "x",
                          "disabled", 0, "created_on", "2015-03-01");
    cr_assert_eq(db_begin(db), 0);
    cr_assert_geq(ledger_put(db, T_ACCOUNT, s, 0), 1, "%s", db->err);
    cr_assert_eq(db_commit(db), 0);
    json_decref(s);
}

static void teardown(void)
{
    testdb_close(db, path);
}

/* Changes one field of row `id` of table t as `actor`, in its own transaction. */
static void change(const char *actor, enum table_id t, int64_t id, const char *col, json_t *v)
{
    db_set_actor(db, actor);
    json_t *s = ledger_row_state(db, t, id);
    cr_assert_not_null(s, "%s %lld", tables[t].name, (long long)id);
    json_object_set_new(s, col, v);
    cr_assert_eq(db_begin(db), 0);
    cr_assert_geq(ledger_put(db, t, s, 0), 1, "%s", db->err);
    cr_assert_eq(db_commit(db), 0);
    json_decref(s);
}

static int64_t id_of(const char *sql)
{
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK, "%s", sql);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sql);
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

/* The last change of `field` in an entry about `subject` (and its entry), or NULL. */
static const struct history_change *find(const struct history *h, const char *subject,
                                         const char *field, const struct history_entry **entry)
{
    for (size_t i = h->n; i > 0; i--) {
        const struct history_entry *e = &h->entries[i - 1];
        if (strcmp(e->subject, subject) != 0)
            continue;
        for (size_t k = 0; k < e->nchanges; k++) {
            if (strcmp(e->changes[k].field, field) == 0) {
                if (entry)
                    *entry = e;
                return &e->changes[k];
            }
        }
    }
    return NULL;
}

/* Whether any text of the history contains `needle`. */
static bool mentions(const struct history *h, const char *needle)
{
    for (size_t i = 0; i < h->n; i++) {
        const struct history_entry *e = &h->entries[i];
        if (strstr(e->subject, needle) || strstr(e->actor, needle))
            return true;
        for (size_t k = 0; k < e->nchanges; k++)
            if ((e->changes[k].old_value && strstr(e->changes[k].old_value, needle)) ||
                (e->changes[k].new_value && strstr(e->changes[k].new_value, needle)))
                return true;
    }
    return false;
}

/* A few changes after the import, by alice: the title, a milestone's date,
 * the draft's narrative, a review with a comment, a dependency removed. */
static void make_changes(void)
{
    int64_t a1 = id_of("SELECT id FROM action WHERE ref = 'A1'");
    change("alice", T_ACTION, a1, "title", json_string("First, renamed"));
    change("alice", T_MILESTONE, id_of("SELECT id FROM milestone WHERE ref = 'M1'"), "due",
           json_string("2015-06-01"));
    int64_t draft = id_of("SELECT u.id FROM progress_update u JOIN period p ON p.id = "
                          "u.period_id WHERE p.month = '2015-05'");
    change("alice", T_PROGRESS_UPDATE, draft, "narrative", json_string("SECRET draft, again"));
    db_set_actor(db, "alice");
    json_t *r =
        json_pack("{s:n, s:I, s:s, s:s, s:I, s:s}", "id", "update_id", (json_int_t)draft,
                  "decision", "returned", "comment", "SECRET reviewer comment", "account_id",
                  (json_int_t)id_of("SELECT id FROM account"), "at", "2015-05-03T10:00:00Z");
    cr_assert_eq(db_begin(db), 0);
    cr_assert_geq(ledger_put(db, T_UPDATE_REVIEW, r, 0), 1, "%s", db->err);
    cr_assert_eq(ledger_delete(db, T_ACTION_DEP, id_of("SELECT id FROM action_dep")), 0);
    cr_assert_eq(db_commit(db), 0);
    json_decref(r);
    /* the live status follows April's accepted update (not public yet) */
    change("alice", T_ACTION, a1, "status", json_string("blocked"));
}

TestSuite(history, .init = setup, .fini = teardown);

Test(history, shows_who_changed_what_from_what)
{
    make_changes();
    struct history h;
    cr_assert_eq(history_load(db, "A1", NULL, &h), 1, "%s", db->err);
    cr_assert_str_eq(h.ref, "A1");
    cr_assert_gt(h.n, 5);
    cr_assert_str_eq(h.entries[0].subject, "Action A1");
    cr_assert_eq(h.entries[0].op, HISTORY_CREATED);
    for (size_t i = 1; i < h.n; i++)
        cr_assert_gt(h.entries[i].seq, h.entries[i - 1].seq, "in ledger order");

    const struct history_entry *e;
    const struct history_change *c = find(&h, "Action A1", "title", &e);
    cr_assert_not_null(c);
    cr_assert_eq(e->op, HISTORY_CHANGED);
    cr_assert_eq(e->nchanges, 1, "only what changed");
    cr_assert_str_eq(c->old_value, "First");
    cr_assert_str_eq(c->new_value, "First, renamed");
    cr_assert_str_eq(e->actor, "Alice Smith", "the account's name");
    bool imported = false;
    for (size_t k = 0; k < h.entries[0].nchanges; k++)
        if (strcmp(h.entries[0].changes[k].field, "title") == 0)
            imported = strcmp(h.entries[0].changes[k].new_value, "First") == 0 &&
                       !h.entries[0].changes[k].old_value;
    cr_assert(imported, "the import created it with its first title");

    c = find(&h, "Milestone M1", "due", &e);
    cr_assert_not_null(c);
    cr_assert_eq(e->op, HISTORY_CHANGED);
    cr_assert_eq(e->nchanges, 1, "only what changed");
    cr_assert_str_eq(c->old_value, "2015-05-15");
    cr_assert_str_eq(c->new_value, "2015-06-01");
    cr_assert_str_eq(e->actor, "Alice Smith");

    c = find(&h, "Update for 2015-05", "narrative", &e);
    cr_assert_not_null(c);
    cr_assert_eq(e->op, HISTORY_CHANGED);
    cr_assert_str_eq(c->old_value, "SECRET draft");
    cr_assert_str_eq(c->new_value, "SECRET draft, again");
    c = find(&h, "Review of the update for 2015-05", "comment", &e);
    cr_assert_not_null(c);
    cr_assert_str_eq(c->new_value, "SECRET reviewer comment");
    c = find(&h, "Review of the update for 2015-05", "decision", NULL);
    cr_assert_str_eq(c->new_value, "Returned");
    c = find(&h, "Update for 2015-03", "confidence", NULL);
    cr_assert_str_eq(c->new_value, "Medium", "levels by their label");
    c = find(&h, "Action A1", "owner_id", NULL);
    cr_assert_str_eq(c->new_value, "Chief Executive", "ids by name");
    c = find(&h, "Action A1", "theme_id", NULL);
    cr_assert_str_eq(c->new_value, "T1 Governance");

    bool deleted = false;
    for (size_t i = 0; i < h.n; i++)
        if (h.entries[i].op == HISTORY_DELETED &&
            strcmp(h.entries[i].subject, "Depends on action A2") == 0)
            deleted = true;
    cr_assert(deleted, "a removed dependency stays in the history");
    cr_assert(mentions(&h, "SECRET"), "the full history has it all");
    history_free(&h);
    cr_assert_eq(history_load(db, "A99", NULL, &h), 0);
}

Test(history, the_public_variant_never_shows_what_is_not_public)
{
    make_changes();
    struct pub_scope scope;
    cr_assert_eq(pub_scope_resolve(db, NULL, &scope), PUB_SCOPE_OK, "%s", db->err);
    cr_assert_str_eq(scope.month_s, "2015-03");
    struct history h;
    cr_assert_eq(history_load(db, "A1", &scope, &h), 1, "%s", db->err);
    cr_assert(!mentions(&h, "SECRET"), "no draft, review comment or private milestone");
    cr_assert(!mentions(&h, "Blocked"), "no status of a month not signed off");
    for (size_t i = 0; i < h.n; i++) {
        cr_assert_str_neq(h.entries[i].table, "update_review");
        cr_assert_str_neq(h.entries[i].subject, "Update for 2015-04");
        cr_assert(strncmp(h.entries[i].subject, "Update for 2015-05", 18) != 0);
    }
    /* what is public is there */
    const struct history_entry *e;
    const struct history_change *c = find(&h, "Update for 2015-03", "confidence", &e);
    cr_assert_not_null(c, "March's accepted update");
    cr_assert_eq(e->op, HISTORY_ACCEPTED);
    cr_assert_str_eq(c->new_value, "Medium");
    cr_assert_null(c->old_value);
    cr_assert_null(find(&h, "Update for 2015-03", "narrative", NULL));
    c = find(&h, "Milestone M1", "due", NULL);
    cr_assert_not_null(c);
    cr_assert_str_eq(c->new_value, "2015-06-01");
    c = find(&h, "Action A1", "title", NULL);
    cr_assert_not_null(c);
    history_free(&h);
}

Test(history, retirement_is_public_with_its_date_hidden_before_sign_off)
{
    int64_t a1 = id_of("SELECT id FROM action WHERE ref = 'A1'");
    change("alice", T_ACTION, a1, "status", json_string("retired"));
    struct pub_scope scope;
    cr_assert_eq(pub_scope_resolve(db, NULL, &scope), PUB_SCOPE_OK);
    struct history h;
    cr_assert_eq(history_load(db, "A1", &scope, &h), 1, "%s", db->err);
    const struct history_entry *e;
    const struct history_change *c = find(&h, "Action A1", "status", &e);
    cr_assert_not_null(c);
    cr_assert_str_eq(c->new_value, "Retired");
    cr_assert_null(c->old_value, "the status before is the live one, not public");
    history_free(&h);
}

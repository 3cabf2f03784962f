/* test_search.c — full-text search (sql/004_search.sql, model/search.c): the
 * triggers keep the index right on insert, update and delete through every
 * write path; unpublished updates are indexed but never returned; hostile
 * queries are words, never FTS5 syntax; results page through the groups.
 * Each test imports one small plan (inline JSON) into a fresh database. */
#include "lib/hash.h"
#include "lib/text.h"
#include "model/ledger.h"
#include "model/search.h"
#include "testdb.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* 2015-03 and 2015-04 signed off, 2015-05 closed, 2015-06 open.  Every
 * narrative the public must not see says "hidden"; the published ones say
 * "published".  A1's April narrative says "turnaround", March's "baseline". */
static const char *plan_doc =
    "{\"format\": \"dialturn-plan/1\","
    " \"organisation\": {\"name\": \"Test Council\", \"slug\": \"test\","
    "   \"timezone\": \"Europe/London\", \"rating_scale\": \"confidence3\"},"
    " \"people\": [{\"ref\": \"ceo\", \"name\": \"Chief Executive\", \"role\": \"CE\","
    "   \"kind\": \"officer\"}],"
    " \"themes\": [{\"ref\": \"T1\", \"title\": \"Theme\", \"lead\": \"ceo\"}],"
    " \"actions\": ["
    "  {\"ref\": \"A1\", \"theme\": \"T1\", \"title\": \"Strengthen partnerships\","
    "   \"description\": \"Agree a city partnership plan with the leadership group.\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-06-30\", \"status\": \"in_progress\"},"
    "  {\"ref\": \"A2\", \"theme\": \"T1\", \"title\": \"Recruit social workers\","
    "   \"description\": \"Recruitment and retention of children's social workers.\","
    "   \"start\": \"2015-03-01\", \"finish\": \"2015-09-30\", \"status\": \"in_progress\"}],"
    " \"periods\": ["
    "  {\"month\": \"2015-03\", \"status\": \"signed_off\", \"signed_off_on\": \"2015-04-10\"},"
    "  {\"month\": \"2015-04\", \"status\": \"signed_off\", \"signed_off_on\": \"2015-05-11\"},"
    "  {\"month\": \"2015-05\", \"status\": \"closed\"},"
    "  {\"month\": \"2015-06\", \"status\": \"open\"}],"
    " \"updates\": ["
    "  {\"action\": \"A1\", \"period\": \"2015-03\", \"state\": \"accepted\", \"status\":"
    "   \"in_progress\", \"percent\": 10, \"confidence\": \"medium\","
    "   \"narrative\": \"published baseline work on **partnership** charter\"},"
    "  {\"action\": \"A1\", \"period\": \"2015-04\", \"state\": \"accepted\", \"status\":"
    "   \"in_progress\", \"percent\": 20, \"confidence\": \"high\","
    "   \"narrative\": \"published turnaround\"},"
    "  {\"action\": \"A1\", \"period\": \"2015-05\", \"state\": \"accepted\", \"status\":"
    "   \"in_progress\", \"percent\": 30, \"confidence\": \"low\","
    "   \"narrative\": \"hidden accepted in a closed month\"},"
    "  {\"action\": \"A1\", \"period\": \"2015-06\", \"state\": \"draft\", \"status\":"
    "   \"in_progress\", \"percent\": 40, \"confidence\": \"low\","
    "   \"narrative\": \"hidden draft in an open month\"},"
    "  {\"action\": \"A2\", \"period\": \"2015-03\", \"state\": \"returned\", \"status\":"
    "   \"in_progress\", \"percent\": 5, \"confidence\": \"low\","
    "   \"narrative\": \"hidden returned\"},"
    "  {\"action\": \"A2\", \"period\": \"2015-04\", \"state\": \"submitted\", \"status\":"
    "   \"in_progress\", \"percent\": 5, \"confidence\": \"low\","
    "   \"narrative\": \"hidden submitted\"}],"
    " \"measures\": ["
    "  {\"ref\": \"K1\", \"title\": \"Social worker vacancy rate\", \"unit\": \"%\","
    "   \"direction\": \"down\", \"tolerance_pct\": 10},"
    "  {\"ref\": \"K2\", \"title\": \"Partnership satisfaction\", \"unit\": \"%\","
    "   \"direction\": \"up\", \"tolerance_pct\": 10}]}";

static char path[64];
static struct db *db;

static void setup(void)
{
    crypto_init();
    testdb_path(path, sizeof path, "search");
    db = testdb_create(path, plan_doc);
}

static void teardown(void)
{
    testdb_close(db, path);
}

TestSuite(search, .init = setup, .fini = teardown);

/* Runs one statement returning one integer. */
static long long query_int(const char *sql)
{
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db->h));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sql);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Runs SQL that returns nothing, expecting success. */
static void exec(const char *sql)
{
    cr_assert_eq(db_exec(db, sql), 0, "%s: %s", sql, db->err);
}

/* Drops the triggers that freeze a signed-off month, as someone editing the
 * file behind dialturn's back would (verify names that): the search index
 * must follow whatever happens to the rows. */
static void unfreeze(void)
{
    exec("DROP TRIGGER progress_update_frozen_u");
    exec("DROP TRIGGER progress_update_frozen_d");
    exec("DROP TRIGGER period_frozen_u");
}

/* The scope at the latest signed-off month. */
static struct pub_scope latest(void)
{
    struct pub_scope s;
    cr_assert_eq(pub_scope_resolve(db, NULL, &s), PUB_SCOPE_OK);
    return s;
}

/* Searches every group for q at the latest month, page 1, expecting success. */
static struct search_result run(const char *q)
{
    struct search_result r;
    struct pub_scope s = latest();
    cr_assert_eq(search_run(db, q, 7, &s, 1, &r), 0, "q=%s: %s", q, db->err);
    return r;
}

/* Whether some hit of `kind` has ref `ref`. */
static bool has_hit(const struct search_result *r, enum search_kind kind, const char *ref)
{
    for (size_t i = 0; i < r->nhits; i++)
        if (r->hits[i].kind == kind && strcmp(r->hits[i].ref, ref) == 0)
            return true;
    return false;
}

/* The FTS5 tables' own consistency checks (index against stored text). */
static void integrity(void)
{
    exec("INSERT INTO search_action (search_action) VALUES ('integrity-check')");
    exec("INSERT INTO search_update (search_update) VALUES ('integrity-check')");
    exec("INSERT INTO search_measure (search_measure) VALUES ('integrity-check')");
}

Test(search, every_row_is_indexed_on_insert)
{
    cr_assert_eq(query_int("SELECT count(*) FROM search_action"),
                 query_int("SELECT count(*) FROM action"));
    cr_assert_eq(query_int("SELECT count(*) FROM search_update"), 6);
    cr_assert_eq(query_int("SELECT count(*) FROM search_measure"), 2);
    integrity();
    struct search_result r = run("partnership");
    cr_assert(has_hit(&r, SEARCH_ACTION, "A1"), "A1 by its title (stemmed)");
    cr_assert(has_hit(&r, SEARCH_UPDATE, "A1"), "A1's March update");
    cr_assert(has_hit(&r, SEARCH_MEASURE, "K2"), "K2 by its title");
    cr_assert_eq(r.total[SEARCH_ACTION], 1);
    cr_assert_eq(r.total[SEARCH_MEASURE], 1);
    search_result_free(&r);

    r = run("a2");
    cr_assert(has_hit(&r, SEARCH_ACTION, "A2"), "an action by its ref");
    search_result_free(&r);
}

Test(search, the_migration_fills_the_index_from_existing_rows)
{
    /* empty the index, then run the migration's backfill statements again */
    exec("DELETE FROM search_action; DELETE FROM search_update; DELETE FROM search_measure;"
         "DELETE FROM search_action_text; DELETE FROM search_measure_text;"
         "INSERT INTO search_action_v (search_action_v) VALUES ('rebuild');"
         "INSERT INTO search_measure_v (search_measure_v) VALUES ('rebuild')");
    struct search_result r = run("partnership");
    cr_assert_eq(r.total_all, 0);
    search_result_free(&r);
    exec("INSERT INTO search_action (rowid, ref, title, description)"
         " SELECT id, ref, title, description FROM action;"
         "INSERT INTO search_update (rowid, narrative) SELECT id, narrative FROM progress_update;"
         "INSERT INTO search_measure (rowid, ref, title) SELECT id, ref, title FROM measure");
    /* sql/009's: every wording of the history */
    exec("INSERT INTO search_action_text (action_id, ref, title, description)"
         " SELECT id, ref, title, description FROM action_h"
         " GROUP BY id, ref, title, description ORDER BY min(from_seq), id;"
         "INSERT INTO search_action_v (rowid, ref, title, description)"
         " SELECT id, ref, title, description FROM search_action_text;"
         "INSERT INTO search_measure_text (measure_id, ref, title)"
         " SELECT id, ref, title FROM measure_h GROUP BY id, ref, title"
         " ORDER BY min(from_seq), id;"
         "INSERT INTO search_measure_v (rowid, ref, title)"
         " SELECT id, ref, title FROM search_measure_text");
    r = run("partnership");
    cr_assert_eq(r.total_all, 3);
    search_result_free(&r);
    cr_assert_eq(query_int("SELECT count(*) FROM sqlite_master"
                           " WHERE type = 'trigger' AND name LIKE 'search%'"),
                 12,
                 "three triggers per live table, one per table of wordings, and one for "
                 "the corrected narratives (sql/017)");
}

Test(search, an_update_through_import_reindexes_the_row)
{
    char *doc = xstrdup(plan_doc);
    char *p = strstr(doc, "Strengthen partnerships");
    cr_assert_not_null(p);
    memcpy(p, "Improve governance work", 23); /* same length */
    testdb_import(db, doc);
    /* a signed-off month's narrative cannot be rewritten by an import */
    p = strstr(doc, "published turnaround");
    memcpy(p, "published recoveryxx", 20);
    char err[512];
    cr_assert_neq(plan_import(db, "test.json", doc, strlen(doc), NULL, err, sizeof err), 0);
    cr_assert(strstr(err, "signed-off month"), "%s", err);
    free(doc);

    struct search_result r = run("governance");
    cr_assert(has_hit(&r, SEARCH_ACTION, "A1"), "the new title is found");
    search_result_free(&r);
    r = run("strengthen");
    cr_assert(!has_hit(&r, SEARCH_ACTION, "A1"), "the old title is gone");
    search_result_free(&r);
    r = run("turnaround");
    cr_assert_eq(r.total[SEARCH_UPDATE], 1, "the signed-off narrative stands");
    search_result_free(&r);
    r = run("recoveryxx");
    cr_assert_eq(r.total_all, 0, "the refused narrative is not indexed");
    search_result_free(&r);
    cr_assert_eq(query_int("SELECT count(*) FROM search_action"), 2, "no duplicate entry");
    integrity();
}

Test(search, an_update_behind_the_applications_back_reindexes_too)
{
    unfreeze();
    exec("UPDATE measure SET title = 'Agency staff costs' WHERE ref = 'K1'");
    exec("UPDATE progress_update SET state = 'accepted' WHERE narrative = 'hidden returned'");
    struct search_result r = run("returned");
    cr_assert_eq(r.total[SEARCH_UPDATE], 1, "accepting in a signed-off month publishes it");
    search_result_free(&r);
    r = run("agency");
    cr_assert(has_hit(&r, SEARCH_MEASURE, "K1"));
    search_result_free(&r);
    r = run("vacancy");
    cr_assert_eq(r.total_all, 0);
    search_result_free(&r);
    integrity();
}

Test(search, a_delete_removes_the_row_from_the_index)
{
    sqlite3_stmt *st;
    cr_assert_eq(
        sqlite3_prepare_v2(db->h, "SELECT id FROM measure WHERE ref = 'K2'", -1, &st, NULL),
        SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    cr_assert_eq(db_begin(db), 0);
    cr_assert_eq(ledger_delete(db, T_MEASURE, id), 0, "%s", db->err);
    cr_assert_eq(db_commit(db), 0);

    struct search_result r = run("satisfaction");
    cr_assert_eq(r.total_all, 0);
    search_result_free(&r);
    cr_assert_eq(query_int("SELECT count(*) FROM search_measure"), 1);

    unfreeze();
    exec("DELETE FROM progress_update WHERE narrative LIKE 'published turnaround'");
    r = run("turnaround");
    cr_assert_eq(r.total_all, 0);
    search_result_free(&r);
    cr_assert_eq(query_int("SELECT count(*) FROM search_update"), 5);
    integrity();
}

Test(search, a_rolled_back_write_leaves_the_index_as_it_was)
{
    cr_assert_eq(db_begin(db), 0);
    exec("UPDATE action SET title = 'Rolled back words' WHERE ref = 'A2'");
    db_rollback(db);
    struct search_result r = run("rolled");
    cr_assert_eq(r.total_all, 0);
    search_result_free(&r);
    r = run("recruit");
    cr_assert(has_hit(&r, SEARCH_ACTION, "A2"));
    search_result_free(&r);
}

Test(search, unpublished_updates_are_indexed_but_never_returned)
{
    cr_assert_eq(query_int("SELECT count(*) FROM search_update WHERE search_update MATCH 'hidden'"),
                 4, "drafts, submitted, returned and unsigned updates are in the index");
    struct search_result r = run("hidden");
    cr_assert_eq(r.total[SEARCH_UPDATE], 0);
    cr_assert_eq(r.total_all, 0);
    cr_assert_eq(r.nhits, 0);
    search_result_free(&r);
    r = run("published");
    cr_assert_eq(r.total[SEARCH_UPDATE], 2);
    for (size_t i = 0; i < r.nhits; i++)
        cr_assert_null(strstr(r.hits[i].snippet, "hidden"));
    search_result_free(&r);

    /* signing May off publishes its accepted update, with no reindexing */
    exec("UPDATE period SET status = 'signed_off', signed_off_on = '2015-06-10'"
         " WHERE month = '2015-05'");
    r = run("hidden");
    cr_assert_eq(r.total[SEARCH_UPDATE], 1);
    cr_assert_str_eq(r.hits[0].month, "2015-05");
    search_result_free(&r);
}

Test(search, updates_after_the_scope_month_are_not_returned)
{
    struct pub_scope s;
    struct search_result r;
    cr_assert_eq(pub_scope_resolve(db, "2015-03", &s), PUB_SCOPE_OK);
    cr_assert_eq(search_run(db, "published", 7, &s, 1, &r), 0, "%s", db->err);
    cr_assert_eq(r.total[SEARCH_UPDATE], 1);
    cr_assert_str_eq(r.hits[0].month, "2015-03");
    search_result_free(&r);
}

Test(search, matches_are_marked_in_titles_and_snippets)
{
    struct search_result r = run("charter");
    cr_assert_eq(r.nhits, 1);
    cr_assert_not_null(strstr(r.hits[0].snippet, "\x01"
                                                 "charter"
                                                 "\x02"),
                       "%s", r.hits[0].snippet);
    cr_assert_str_eq(r.hits[0].title, "Strengthen partnerships", "updates show the plain title");
    search_result_free(&r);
    r = run("recruit");
    cr_assert(has_hit(&r, SEARCH_ACTION, "A2"));
    cr_assert_not_null(strstr(r.hits[0].title, "\x01"
                                               "Recruit"
                                               "\x02"),
                       "%s", r.hits[0].title);
    search_result_free(&r);
}

Test(search, query_terms_are_quoted_strings)
{
    struct {
        const char *q, *fts;
        size_t nterms;
    } cases[] = {
        {"partner", "\"partner\"", 1},
        {"  two   words ", "\"two\" \"words\"", 2},
        {"NEAR(", "\"NEAR(\"", 1},
        {"a OR", "\"a\" \"OR\"", 2},
        {"say \"hi\"", "\"say\" \"\"\"hi\"\"\"", 2},
        {"recruit*", "\"recruit\" *", 1},
        {"*", "", 0},
        {"\"", "", 0},
        {"- + ^ : ( )", "", 0},
        {"col:val", "\"col:val\"", 1},
        {"", "", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct buf b = BUF_INIT;
        size_t n = search_fts_query(cases[i].q, &b);
        cr_assert_eq(n, cases[i].nterms, "q=%s", cases[i].q);
        cr_assert_str_eq(buf_str(&b), cases[i].fts, "q=%s", cases[i].q);
        buf_free(&b);
    }
    struct buf b = BUF_INIT;
    cr_assert_eq(search_fts_query("a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3 4 5 "
                                  "6 7 8 9",
                                  &b),
                 SEARCH_MAX_TERMS);
    buf_free(&b);
}

Test(search, hostile_queries_never_fail)
{
    const char *hostile[] = {
        "\"",
        "*",
        "NEAR(",
        "a OR",
        "OR",
        "AND",
        "NOT",
        "a AND OR b",
        "\"\"\"",
        "(",
        ")",
        "NEAR(a b, 3)",
        "{ref title}: x",
        "ref:A1",
        "^start",
        "-minus",
        "+plus",
        "a*b",
        "**",
        "'",
        "';DROP TABLE action;--",
        "\x01\x02",
        "caf\xc3\xa9",
        "\xff\xfe",
        "\xed\xa0\x80",
        "%",
        "\\",
        "title:partnership OR ref:A2",
        "\"unterminated",
        "NEAR(\"a\" \"b\")",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        struct search_result r = run(hostile[i]);
        search_result_free(&r);
    }
    char longq[SEARCH_Q_MAX + 1]; /* 50 terms of x"y: quotes inside every term */
    for (size_t i = 0; i < sizeof longq - 1; i++)
        longq[i] = "x\"y "[i % 4];
    longq[sizeof longq - 1] = '\0';
    struct search_result r = run(longq);
    search_result_free(&r);
    cr_assert_eq(query_int("SELECT count(*) FROM action"), 2, "nothing was dropped");
}

Test(search, characters_not_bytes_are_counted)
{
    cr_assert_eq(utf8_chars(""), 0);
    cr_assert_eq(utf8_chars("abc"), 3);
    cr_assert_eq(utf8_chars("caf\xc3\xa9"), 4);
    cr_assert_eq(utf8_chars("\xe2\x80\x94"), 1);
}

Test(search, results_page_through_the_groups)
{
    /* 23 more actions and 3 more measures about widgets: 23 + 3 = 26 results */
    struct buf doc = BUF_INIT;
    buf_puts(&doc, "{\"format\": \"dialturn-plan/1\", \"actions\": [");
    for (int i = 0; i < 23; i++)
        buf_printf(&doc,
                   "%s{\"ref\": \"W%d\", \"theme\": \"T1\", \"title\": \"Widget %d\","
                   " \"start\": \"2015-03-01\", \"finish\": \"2015-06-30\","
                   " \"status\": \"not_started\"}",
                   i ? ", " : "", i + 1, i + 1);
    buf_puts(&doc, "], \"measures\": [");
    for (int i = 0; i < 3; i++)
        buf_printf(&doc,
                   "%s{\"ref\": \"KW%d\", \"title\": \"Widget count %d\", \"unit\": \"\","
                   " \"direction\": \"up\", \"tolerance_pct\": 0}",
                   i ? ", " : "", i + 1, i + 1);
    buf_puts(&doc, "]}");
    testdb_import(db, buf_str(&doc));
    buf_free(&doc);

    struct pub_scope s = latest();
    struct search_result r;
    cr_assert_eq(search_run(db, "widget", 7, &s, 1, &r), 0, "%s", db->err);
    cr_assert_eq(r.total_all, 26);
    cr_assert_eq(r.npages, 2);
    cr_assert_eq(r.nhits, SEARCH_PAGE_SIZE);
    for (size_t i = 0; i < r.nhits; i++)
        cr_assert_eq(r.hits[i].kind, SEARCH_ACTION);
    search_result_free(&r);

    cr_assert_eq(search_run(db, "widget", 7, &s, 2, &r), 0, "%s", db->err);
    cr_assert_eq(r.nhits, 6);
    cr_assert_eq(r.hits[0].kind, SEARCH_ACTION);
    cr_assert_eq(r.hits[2].kind, SEARCH_ACTION);
    cr_assert_eq(r.hits[3].kind, SEARCH_MEASURE);
    cr_assert_eq(r.hits[5].kind, SEARCH_MEASURE);
    search_result_free(&r);

    cr_assert_eq(search_run(db, "widget", 7, &s, 3, &r), 0, "%s", db->err);
    cr_assert_eq(r.nhits, 0, "past the last page: no hits");
    search_result_free(&r);

    cr_assert_eq(search_run(db, "widget", 1u << SEARCH_MEASURE, &s, 1, &r), 0, "%s", db->err);
    cr_assert_eq(r.total_all, 3, "one group alone");
    cr_assert_eq(r.nhits, 3);
    cr_assert_eq(r.total[SEARCH_ACTION], 0);
    search_result_free(&r);
}

Test(search, nothing_signed_off_returns_no_update)
{
    unfreeze();
    exec("UPDATE period SET status = 'closed'");
    struct search_result r = run("published");
    cr_assert_eq(r.total[SEARCH_UPDATE], 0);
    search_result_free(&r);
}

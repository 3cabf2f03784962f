/* test_ledger.c — the ledger writes rows and entries together, chains them,
 * and verify names what was changed behind its back. */
#include "lib/hash.h"
#include "model/heads.h"
#include "model/ledger.h"
#include "model/record.h"
#include <sodium.h>
#include "testdb.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static char path[64];
static struct db *db;

static void setup(void)
{
    crypto_init();
    testdb_path(path, sizeof path, "ledger");
    db = testdb_open(path);
}

static void teardown(void)
{
    testdb_close(db, path);
}

/* Puts a person in its own transaction; returns the id. */
static int64_t put_person(int64_t id, const char *ref, const char *name)
{
    json_t *s = json_pack("{s:o, s:s, s:s, s:s, s:s}", "id", id ? json_integer(id) : json_null(),
                          "ref", ref, "name", name, "role", "", "kind", "officer");
    cr_assert_eq(db_begin(db), 0);
    int64_t got = ledger_put(db, T_PERSON, s, 1);
    cr_assert_geq(got, 1, "%s", db->err);
    cr_assert_eq(db_commit(db), 0);
    json_decref(s);
    return got;
}

static long ledger_count(void)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db->h, "SELECT count(*) FROM ledger", -1, &st, NULL);
    sqlite3_step(st);
    long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

TestSuite(ledger, .init = setup, .fini = teardown);

Test(ledger, put_writes_row_and_entry_and_verifies)
{
    int64_t id = put_person(0, "ceo", "Chief Executive");
    put_person(id, "ceo", "Chief Executive Officer");
    struct verify_result r;
    cr_assert_eq(ledger_verify(db, &r), 0, "%s", db->err);
    cr_assert_eq(r.entries, 2);
    cr_assert_eq(r.rows, 1);
    cr_assert_eq(strlen(r.head), 64);
}

Test(ledger, unchanged_put_adds_no_entry)
{
    int64_t id = put_person(0, "ceo", "Chief Executive");
    put_person(id, "ceo", "Chief Executive");
    cr_assert_eq(ledger_count(), 1);
}

Test(ledger, entries_chain_previous_hash)
{
    put_person(0, "a", "A");
    put_person(0, "b", "B");
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db->h, "SELECT prev_hash, hash, entry FROM ledger ORDER BY seq", -1, &st,
                       NULL);
    char prev[SHA256_HEX_LEN] = {0}, h[SHA256_HEX_LEN];
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(st, 0);
        const char *e = (const char *)sqlite3_column_text(st, 2);
        if (n == 0)
            cr_assert_str_eq(p, "0000000000000000000000000000000000000000000000000000000000000000");
        else
            cr_assert_str_eq(p, prev);
        sha256_hex2(p, 64, e, strlen(e), h);
        cr_assert_str_eq(h, (const char *)sqlite3_column_text(st, 1));
        memcpy(prev, h, sizeof prev);
        n++;
    }
    sqlite3_finalize(st);
    cr_assert_eq(n, 2);
}

Test(ledger, verify_names_a_row_changed_behind_its_back)
{
    put_person(0, "ceo", "Chief Executive");
    cr_assert_eq(db_exec(db, "UPDATE person SET name = 'Someone else' WHERE ref = 'ceo'"), 0);
    struct verify_result r;
    cr_assert_eq(ledger_verify(db, &r), -1);
    cr_assert(strstr(db->err, "person row 1 (ref ceo)"), "%s", db->err);
    cr_assert(strstr(db->err, "column name"), "%s", db->err);
}

Test(ledger, verify_names_an_inserted_and_a_deleted_row)
{
    put_person(0, "ceo", "Chief Executive");
    db_exec(db, "INSERT INTO person(ref, name, role, kind) VALUES('x', 'X', '', 'officer')");
    struct verify_result r;
    cr_assert_eq(ledger_verify(db, &r), -1);
    cr_assert(strstr(db->err, "not in the ledger"), "%s", db->err);
    db_exec(db, "DELETE FROM person");
    cr_assert_eq(ledger_verify(db, &r), -1);
    cr_assert(strstr(db->err, "missing from the table"), "%s", db->err);
}

Test(ledger, ledger_is_append_only_and_altered_entries_are_caught)
{
    put_person(0, "ceo", "Chief Executive");
    cr_assert_neq(db_exec(db, "UPDATE ledger SET hash = 'x'"), 0);
    cr_assert_neq(db_exec(db, "DELETE FROM ledger"), 0);
    db_exec(db, "DROP TRIGGER ledger_no_update");
    db_exec(db, "UPDATE ledger SET entry = replace(entry, 'Chief', 'Deputy')");
    struct verify_result r;
    cr_assert_eq(ledger_verify(db, &r), -1);
    cr_assert(strstr(db->err, "ledger entry 1 was altered"), "%s", db->err);
}

Test(ledger, delete_is_recorded)
{
    int64_t id = put_person(0, "ceo", "Chief Executive");
    cr_assert_eq(db_begin(db), 0);
    cr_assert_eq(ledger_delete(db, T_PERSON, id), 0);
    cr_assert_eq(db_commit(db), 0);
    struct verify_result r;
    cr_assert_eq(ledger_verify(db, &r), 0, "%s", db->err);
    cr_assert_eq(r.entries, 2);
    cr_assert_eq(r.rows, 0);
}

Test(ledger, failed_put_rolls_back_with_its_entry)
{
    put_person(0, "ceo", "Chief Executive");
    json_t *s = json_pack("{s:n, s:s, s:s, s:s, s:s}", "id", "ref", "ceo", "name", "Dup", "role",
                          "", "kind", "officer");
    cr_assert_eq(db_begin(db), 0);
    cr_assert_eq(ledger_put(db, T_PERSON, s, 1), -1); /* UNIQUE(ref) */
    db_rollback(db);
    json_decref(s);
    cr_assert_eq(ledger_count(), 1);
}

Test(db, refuses_a_file_from_a_newer_binary)
{
    char p[64], err[512];
    testdb_path(p, sizeof p, "newer");
    struct db *d = testdb_open(p);
    db_exec(d, "PRAGMA user_version = 999");
    db_close(d);
    d = db_open(p, 0, err, sizeof err);
    cr_assert_null(d);
    cr_assert(strstr(err, "newer dialturn"), "%s", err);
    testdb_remove(p);
}

Test(db, missing_file_is_named)
{
    char err[512];
    struct db *d = db_open("/nonexistent/x.db", DB_OPEN_MUST_EXIST, err, sizeof err);
    cr_assert_null(d);
    cr_assert(strstr(err, "no such database"), "%s", err);
}

/* ---- the canonical text written without jansson ------------------------------------ */

/* Builds a measure row (text, real, int and null columns) and its JSON twin;
 * the direct writer must give exactly ledger_canonical()'s bytes. */
static void check_measure(int64_t id, const char *ref, const char *title, double baseline,
                          bool has_target, double target, int64_t tolerance)
{
    struct ledger_row r;
    ledger_row_init(&r, T_MEASURE, id);
    ledger_row_text(&r, "ref", ref);
    ledger_row_text(&r, "title", title);
    ledger_row_text(&r, "unit", NULL);
    ledger_row_text(&r, "direction", "down");
    ledger_row_real(&r, "baseline", baseline);
    ledger_row_date(&r, "baseline_date", date_from_ymd(2015, 3, 31));
    if (has_target)
        ledger_row_real(&r, "target", target);
    else
        ledger_row_null(&r, "target");
    ledger_row_date(&r, "target_date", DAY_NONE);
    ledger_row_int(&r, "tolerance_pct", tolerance);
    ledger_row_null(&r, "theme_id");
    json_t *j = json_pack("{s:o, s:s, s:s, s:n, s:s, s:f, s:s, s:o, s:n, s:I, s:n}", "id",
                          id ? json_integer(id) : json_null(), "ref", ref, "title", title, "unit",
                          "direction", "down", "baseline", baseline, "baseline_date", "2015-03-31",
                          "target", has_target ? json_real(target) : json_null(), "target_date",
                          "tolerance_pct", (json_int_t)tolerance, "theme_id");
    cr_assert_not_null(j);
    char *want = ledger_canonical(j);
    struct buf got = BUF_INIT;
    cr_assert_eq(ledger_state_text(&r, id, &got), 0);
    cr_assert_str_eq(buf_str(&got), want);
    free(want);
    buf_free(&got);
    json_decref(j);
}

Test(ledger, direct_canonical_text_matches_jansson)
{
    check_measure(1, "K1", "plain", 26.1, true, 1e21, 10);
    check_measure(0, "K2", "quote \" backslash \\ slash / tab \t nl \n cr \r", -0.0, false, 0, -5);
    check_measure(INT64_MAX, "K3", "\x01\x1f\x7f \b\f control", 1e-5, true, -1.5e-300, INT64_MIN);
    check_measure(42, "K4", "caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80 \xe4\xb8\xad", 0.1 + 0.2,
                  true, 123456789012345678.0, 0);
    check_measure(7, "K5", "", 3.0, true, 2.5e-7, 100);
    check_measure(8, "K6", "1e21", 1e22, true, 5e-324, 1);
    check_measure(9, "K7", "\"\"\\\\", 1.7976931348623157e308, true, 100, -1);
}

Test(ledger, direct_canonical_text_refuses_invalid_utf8)
{
    struct ledger_row r;
    ledger_row_init(&r, T_PERSON, 1);
    ledger_row_text(&r, "ref", "p1");
    ledger_row_text(&r, "name", "bad \xc3\x28");
    ledger_row_text(&r, "role", "");
    ledger_row_text(&r, "kind", "officer");
    struct buf b = BUF_INIT;
    cr_assert_eq(ledger_state_text(&r, 1, &b), -1);
    buf_free(&b);
    const char *overlong[] = {"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"};
    for (size_t i = 0; i < 4; i++) {
        ledger_row_init(&r, T_PERSON, 1);
        ledger_row_text(&r, "ref", "p1");
        ledger_row_text(&r, "name", overlong[i]);
        ledger_row_text(&r, "role", "");
        ledger_row_text(&r, "kind", "officer");
        cr_assert_eq(ledger_state_text(&r, 1, &b), -1, "case %zu", i);
        cr_assert_null(json_string(overlong[i]), "jansson refuses case %zu too", i);
        buf_free(&b);
    }
}

/* Every entry written through ledger_put_row hashes like the JSON path's did:
 * the stored entry text re-canonicalised by jansson is unchanged. */
Test(ledger, stored_entries_are_canonical)
{
    int64_t id = put_person(0, "p\xc3\xa9", "Name with \"quotes\"\n and \x01");
    put_person(id, "p\xc3\xa9", "Another \\ name");
    cr_assert_eq(db_begin(db), 0);
    cr_assert_eq(ledger_delete(db, T_PERSON, id), 0, "%s", db->err);
    cr_assert_eq(db_commit(db), 0);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db->h, "SELECT entry FROM ledger ORDER BY seq", -1, &st, NULL);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *e = (const char *)sqlite3_column_text(st, 0);
        json_t *j = json_loads(e, 0, NULL);
        cr_assert_not_null(j, "%s", e);
        char *again = ledger_canonical(j);
        cr_assert_str_eq(again, e);
        free(again);
        json_decref(j);
        n++;
    }
    sqlite3_finalize(st);
    cr_assert_eq(n, 3);
}

/* ---- bulk writes ---------------------------------------------------------------------- */

Test(db, bulk_mode_checks_foreign_keys_once_at_the_end)
{
    char p[64], err[512];
    testdb_path(p, sizeof p, "bulkfk");
    testdb_remove(p);
    struct db *d = db_open(p, DB_OPEN_CREATE | DB_OPEN_BULK, err, sizeof err);
    cr_assert_not_null(d, "%s", err);
    cr_assert_eq(db_exec(d, "INSERT INTO period (id, month, status) VALUES (1, '2015-03', 'open')"),
                 0, "%s", d->err);
    /* no such action: accepted row by row in this mode, refused at the end */
    cr_assert_eq(db_exec(d, "INSERT INTO progress_update (action_id, period_id, state, status, "
                            "percent, narrative) VALUES (42, 1, 'draft', 'in_progress', 0, '')"),
                 0, "%s", d->err);
    cr_assert_eq(db_bulk_finish(d), -1);
    cr_assert(strstr(d->err, "progress_update refers to a missing action"), "%s", d->err);
    db_close(d);
    testdb_remove(p);
}

/* Writes the same rows one at a time into db and in bulk mode into another
 * database, with a fixed clock: the two chains must be identical. */
Test(ledger, bulk_hashing_makes_the_same_chain)
{
    setenv("DIALTURN_NOW", "2026-01-02T03:04:05Z", 1);
    char p2[64];
    testdb_path(p2, sizeof p2, "ledger-bulk");
    struct db *b = testdb_open(p2);
    struct db *both[2] = {db, b};
    for (int k = 0; k < 2; k++) {
        struct db *d = both[k];
        cr_assert_eq(db_begin(d), 0);
        if (k)
            cr_assert_eq(ledger_bulk_begin(d), 0, "%s", d->err);
        /* more rows than the ring holds, with deletions among them */
        for (int i = 0; i < 10000; i++) {
            struct ledger_row r;
            char ref[32], name[48];
            snprintf(ref, sizeof ref, "p%d", i);
            snprintf(name, sizeof name, "Person \xc3\xa9 %d", i);
            ledger_row_init(&r, T_PERSON, 0);
            ledger_row_text(&r, "ref", ref);
            ledger_row_text(&r, "name", name);
            ledger_row_text(&r, "role", "");
            ledger_row_text(&r, "kind", "officer");
            int64_t id = ledger_put_row(d, &r, 0);
            cr_assert_gt(id, 0, "%s", d->err);
            if (i % 1000 == 999)
                cr_assert_eq(ledger_delete(d, T_PERSON, id), 0, "%s", d->err);
        }
        if (k) {
            cr_assert_eq(ledger_bulk_end(d), 0, "%s", d->err);
            /* the history triggers read a ledger table that lagged behind */
            cr_assert_eq(record_history_rebuild(d, 0), 0, "%s", d->err);
        }
        cr_assert_eq(db_commit(d), 0, "%s", d->err);
    }
    struct verify_result r1, r2;
    cr_assert_eq(ledger_verify(db, &r1), 0, "%s", db->err);
    cr_assert_eq(ledger_verify(b, &r2), 0, "%s", b->err);
    cr_assert_eq(r1.entries, 10010);
    cr_assert_eq(r2.entries, r1.entries);
    cr_assert_str_eq(r2.head, r1.head, "the same entries in the same order");
    testdb_close(b, p2);
    unsetenv("DIALTURN_NOW");
}

/* The history of every row, as text, in one order. */
static char *history_dump(struct db *d)
{
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(d->h,
                                    "SELECT group_concat(from_seq || ',' || coalesce(to_seq, '-') "
                                    "|| ',' || id || ',' || name, ';') FROM "
                                    "(SELECT * FROM person_h ORDER BY id, from_seq)",
                                    -1, &st, NULL),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    char *s = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return s;
}

/* After a bulk write, the rebuilt history is the one the triggers make one
 * write at a time, and verify checks it against the ledger. */
Test(ledger, bulk_history_is_rebuilt_exactly)
{
    char p2[64];
    testdb_path(p2, sizeof p2, "ledger-hist");
    struct db *b = testdb_open(p2);
    struct db *both[2] = {db, b};
    for (int k = 0; k < 2; k++) {
        struct db *d = both[k];
        cr_assert_eq(db_begin(d), 0);
        if (k)
            cr_assert_eq(ledger_bulk_begin(d), 0, "%s", d->err);
        for (int i = 0; i < 6000; i++) { /* more than the ring: the ledger table lags */
            struct ledger_row r;
            char ref[32], name[32];
            snprintf(ref, sizeof ref, "p%d", i % 3000);
            snprintf(name, sizeof name, "Name %d", i);
            ledger_row_init(&r, T_PERSON, i < 3000 ? 0 : i - 3000 + 1);
            ledger_row_text(&r, "ref", ref);
            ledger_row_text(&r, "name", name);
            ledger_row_text(&r, "role", "");
            ledger_row_text(&r, "kind", "officer");
            cr_assert_gt(ledger_put_row(d, &r, 0), 0, "%s", d->err);
        }
        cr_assert_eq(ledger_delete(d, T_PERSON, 7), 0, "%s", d->err);
        if (k) {
            cr_assert_eq(ledger_bulk_end(d), 0, "%s", d->err);
            cr_assert_eq(record_history_rebuild(d, 0), 0, "%s", d->err);
        }
        cr_assert_eq(db_commit(d), 0, "%s", d->err);
    }
    char *h1 = history_dump(db), *h2 = history_dump(b);
    cr_assert_str_eq(h1, h2);
    free(h1);
    free(h2);
    struct verify_result r;
    cr_assert_eq(ledger_verify(b, &r), 0, "%s", b->err);
    cr_assert_eq(sqlite3_exec(b->h,
                              "UPDATE person_h SET name = 'Forged' WHERE id = 9 AND to_seq IS NULL",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    cr_assert_eq(ledger_verify(b, &r), -1);
    cr_assert(strstr(b->err, "person_h: row 9, from_seq 3009: column name"), "%s", b->err);
    testdb_close(b, p2);
}

/* verify stops at a step that fails instead of reading it as the end. */
Test(ledger, a_failing_step_is_an_error)
{
    put_person(0, "a", "A");
    cr_assert_eq(sqlite3_exec(db->h, "PRAGMA query_only = 1", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO person (ref, name, role, kind) "
                                      "VALUES ('b', 'B', '', 'officer')");
    cr_assert_not_null(st);
    cr_assert_eq(db_step(db, st, "person"), -1);
    cr_assert(strstr(db->err, "person: "), "%s", db->err);
    sqlite3_reset(st);
}

/* Heads: the ledger extends its own, not a rewritten one; signatures bind
 * the organisation, month, seq and hash. */
Test(ledger, heads_are_checked_and_signed)
{
    put_person(0, "a", "A");
    put_person(0, "b", "B");
    struct verify_result r;
    cr_assert_eq(ledger_verify(db, &r), 0, "%s", db->err);
    char text[256], err[256];
    snprintf(text, sizeof text, "# published\n2015-03 2 %s\n", r.head);
    struct published_head *h;
    size_t n;
    cr_assert_eq(heads_parse(text, &h, &n, err, sizeof err), 0, "%s", err);
    cr_assert_eq(n, 1);
    cr_assert_eq(heads_check(db, h, n, NULL, ""), 0, "%s", db->err);
    h[0].seq = 1; /* entry 1 has another hash */
    cr_assert_eq(heads_check(db, h, n, NULL, ""), -1);
    cr_assert(strstr(db->err, "rewritten"), "%s", db->err);
    h[0].seq = 3; /* beyond the ledger */
    cr_assert_eq(heads_check(db, h, n, NULL, ""), -1);
    cr_assert(strstr(db->err, "no entry 3"), "%s", db->err);
    h[0].seq = 2;
    unsigned char pk[HEADS_PK_BYTES], sk[HEADS_SK_BYTES];
    crypto_sign_keypair(pk, sk);
    char sig[HEADS_SIG_HEX_LEN];
    heads_sign(sk, "org", "2015-03", 2, r.head, sig);
    sodium_hex2bin(h[0].sig, sizeof h[0].sig, sig, 128, NULL, NULL, NULL);
    h[0].has_sig = true;
    cr_assert_eq(heads_check(db, h, n, pk, "org"), 0, "%s", db->err);
    cr_assert_eq(heads_check(db, h, n, pk, "another-org"), -1);
    cr_assert(strstr(db->err, "signature"), "%s", db->err);
    snprintf(text, sizeof text, "2015-3 2 %s\n", r.head);
    free(h);
    cr_assert_eq(heads_parse(text, &h, &n, err, sizeof err), -1);
    cr_assert(strstr(err, "line 1: MONTH"), "%s", err);
}

/* test_ledger.c — the ledger writes rows and entries together, chains them,
 * and verify names what was changed behind its back. */
#include "lib/hash.h"
#include "model/ledger.h"
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

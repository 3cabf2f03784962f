/* test_document.c — uploads are stored by content hash, checked by content
 * (size, type, the declared type), shared between identical uploads, kept
 * from readers who may not read them, and verified: a blob altered behind
 * dialturn's back is named. */
#include "lib/hash.h"
#include "model/document.h"
#include "model/ledger.h"
#include "testdb.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static char path[64];
static struct db *db;
static int64_t alice, bob; /* two accounts */

static const char pdf[] = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
static const char docx[] = "PK\x03\x04\x14\0\0\0[Content_Types].xml<Types/>PK\x01\x02"
                           "word/document.xml";

/* Adds an account row through the ledger (what the accounts module does). */
static int64_t add_account(const char *username)
{
    json_t *s = json_pack("{s:n, s:s, s:s, s:s, s:n, s:s, s:i, s:s}", "id", "username", username,
                          "name", username, "role", "owner", "person_id", "pw_hash", "x",
                          "disabled", 0, "created_on", "2015-03-01");
    cr_assert_eq(db_begin(db), 0);
    int64_t id = ledger_put(db, T_ACCOUNT, s, 0);
    cr_assert_geq(id, 1, "%s", db->err);
    cr_assert_eq(db_commit(db), 0);
    json_decref(s);
    return id;
}

static void setup(void)
{
    crypto_init();
    testdb_path(path, sizeof path, "document");
    db = testdb_open(path);
    alice = add_account("alice");
    bob = add_account("bob");
}

static void teardown(void)
{
    testdb_close(db, path);
}

/* Stores bytes as `name` declared as `type`; returns the result, *id set on success. */
static enum document_result store(const void *data, size_t len, const char *name, const char *type,
                                  bool public, int64_t by, int64_t *id)
{
    struct document_upload up = {data, len, name, type, public, by};
    *id = 0;
    return document_store(db, &up, id);
}

static long count(const char *sql)
{
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

TestSuite(document, .init = setup, .fini = teardown);

Test(document, stores_by_hash_and_serves_the_detected_type)
{
    int64_t id;
    cr_assert_eq(store(pdf, sizeof pdf - 1, "C:\\fakepath\\Panel paper.pdf", "application/pdf",
                       true, alice, &id),
                 DOCUMENT_OK, "%s", db->err);
    struct document d;
    cr_assert_eq(document_get(db, id, true, &d), 1, "%s", db->err);
    char want[SHA256_HEX_LEN];
    sha256_hex2(pdf, sizeof pdf - 1, "", 0, want);
    cr_assert_str_eq(d.sha256, want);
    cr_assert_str_eq(d.name, "Panel paper.pdf");
    cr_assert_str_eq(d.content_type, "application/pdf");
    cr_assert_eq(d.size, (int64_t)(sizeof pdf - 1));
    cr_assert(d.public);
    cr_assert_eq(d.uploaded_by_id, alice);
    cr_assert_str_eq(d.uploaded_by, "alice");
    cr_assert_eq(memcmp(d.data, pdf, sizeof pdf - 1), 0);
    document_free(&d);
    struct verify_result r;
    cr_assert_eq(ledger_verify(db, &r), 0, "%s", db->err);
}

Test(document, same_bytes_twice_share_one_blob_but_not_the_record)
{
    int64_t a, b;
    cr_assert_eq(store(png, sizeof png - 1, "a.png", "image/png", true, alice, &a), DOCUMENT_OK);
    cr_assert_eq(store(png, sizeof png - 1, "b.png", NULL, false, bob, &b), DOCUMENT_OK);
    cr_assert_neq(a, b);
    cr_assert_eq(count("SELECT count(*) FROM document"), 2);
    cr_assert_eq(count("SELECT count(*) FROM document_blob"), 1);
    struct document d;
    cr_assert_eq(document_get(db, b, false, &d), 1);
    cr_assert_str_eq(d.name, "b.png");
    cr_assert(!d.public);
    cr_assert_null(d.data);
    document_free(&d);
}

Test(document, too_large_is_refused_with_the_limit_named)
{
    size_t n = DOCUMENT_MAX + 1;
    char *big = calloc(1, n);
    memcpy(big, "%PDF-1.4\n", 9);
    int64_t id;
    cr_assert_eq(store(big, n, "big.pdf", "application/pdf", true, alice, &id), DOCUMENT_TOO_LARGE);
    cr_assert(strstr(db->err, "file: big.pdf") && strstr(db->err, "at most 10 MB"), "%s", db->err);
    cr_assert_eq(count("SELECT count(*) FROM document_blob"), 0);
    cr_assert_eq(count("SELECT count(*) FROM document"), 0);
    /* exactly the limit is fine */
    cr_assert_eq(store(big, DOCUMENT_MAX, "big.pdf", "application/pdf", true, alice, &id),
                 DOCUMENT_OK, "%s", db->err);
    free(big);
}

Test(document, types_are_decided_by_content)
{
    int64_t id;
    static const char elf[] = "\x7f"
                              "ELF\2\1\1\0\0\0\0";
    cr_assert_eq(store(elf, sizeof elf - 1, "tool.pdf", NULL, true, alice, &id), DOCUMENT_REFUSED);
    cr_assert(strstr(db->err, "file: tool.pdf is not a type dialturn accepts"), "%s", db->err);
    static const char html[] = "<html><script>alert(1)</script></html>";
    /* text is text: served as text/plain whatever the name says */
    cr_assert_eq(store(html, sizeof html - 1, "page.html", NULL, true, alice, &id), DOCUMENT_OK);
    struct document d;
    cr_assert_eq(document_get(db, id, false, &d), 1);
    cr_assert_str_eq(d.content_type, "text/plain; charset=utf-8");
    document_free(&d);
    static const char csv[] = "ref,title\nA1,Café\n";
    cr_assert_eq(
        store(csv, sizeof csv - 1, "actions.CSV", "application/vnd.ms-excel", true, alice, &id),
        DOCUMENT_OK, "%s", db->err);
    cr_assert_eq(document_get(db, id, false, &d), 1);
    cr_assert_str_eq(d.content_type, "text/csv; charset=utf-8");
    document_free(&d);
    static const char latin1[] = "caf\xe9\n";
    cr_assert_eq(store(latin1, sizeof latin1 - 1, "notes.txt", "text/plain", true, alice, &id),
                 DOCUMENT_REFUSED);
    static const char nul[] = "a\0b";
    cr_assert_eq(store(nul, 3, "notes.txt", "text/plain", true, alice, &id), DOCUMENT_REFUSED);
    cr_assert_eq(store("", 0, "empty.txt", "text/plain", true, alice, &id), DOCUMENT_REFUSED);
    cr_assert(strstr(db->err, "empty"), "%s", db->err);
}

Test(document, office_files_are_zips_with_their_name)
{
    int64_t id;
    cr_assert_eq(store(docx, sizeof docx - 1, "report.docx", NULL, true, alice, &id), DOCUMENT_OK,
                 "%s", db->err);
    struct document d;
    cr_assert_eq(document_get(db, id, false, &d), 1);
    cr_assert(strstr(d.content_type, "wordprocessingml"));
    document_free(&d);
    /* the same ZIP named otherwise, or a plain ZIP, is refused */
    cr_assert_eq(store(docx, sizeof docx - 1, "report.zip", NULL, true, alice, &id),
                 DOCUMENT_REFUSED);
    cr_assert_eq(store(docx, sizeof docx - 1, "report.xlsx", NULL, true, alice, &id),
                 DOCUMENT_REFUSED);
    static const char zip[] = "PK\x03\x04\x14\0\0\0payload.exe";
    cr_assert_eq(store(zip, sizeof zip - 1, "report.docx", NULL, true, alice, &id),
                 DOCUMENT_REFUSED);
}

Test(document, a_declared_type_that_disagrees_is_refused)
{
    int64_t id;
    cr_assert_eq(store(png, sizeof png - 1, "chart.png", "application/pdf", true, alice, &id),
                 DOCUMENT_REFUSED);
    cr_assert(strstr(db->err, "file: chart.png") && strstr(db->err, "holds a PNG image"), "%s",
              db->err);
    cr_assert_eq(count("SELECT count(*) FROM document"), 0);
    /* parameters and case do not matter; octet-stream declares nothing */
    cr_assert_eq(store(pdf, sizeof pdf - 1, "a.pdf", "Application/PDF; x=y", true, alice, &id),
                 DOCUMENT_OK);
    cr_assert_eq(store(pdf, sizeof pdf - 1, "a.pdf", "application/octet-stream", true, alice, &id),
                 DOCUMENT_OK);
}

Test(document, names_must_be_clean)
{
    int64_t id;
    cr_assert_eq(store(pdf, sizeof pdf - 1, "a\nb.pdf", NULL, true, alice, &id), DOCUMENT_REFUSED);
    cr_assert(strstr(db->err, "control characters"), "%s", db->err);
    cr_assert_eq(store(pdf, sizeof pdf - 1, "dir/", NULL, true, alice, &id), DOCUMENT_REFUSED);
    cr_assert(strstr(db->err, "no name"), "%s", db->err);
    char safe[64];
    document_ascii_name("Rapport \"final\";\r\nété.pdf", safe, sizeof safe);
    cr_assert_str_eq(safe, "Rapport _final_____t_.pdf");
    document_ascii_name("", safe, sizeof safe);
    cr_assert_str_eq(safe, "document");
}

Test(document, served_only_as_an_allowed_type)
{
    cr_assert_str_eq(document_served_type("application/pdf"), "application/pdf");
    /* a record altered to say text/html is never served as a page */
    cr_assert_str_eq(document_served_type("text/html"), "application/octet-stream");
    cr_assert_str_eq(document_type_label("text/csv; charset=utf-8"), "CSV");
    cr_assert_str_eq(document_type_label("text/html"), "File");
}

Test(document, restricted_ones_only_to_their_uploader_and_readers_of_restricted)
{
    int64_t pub, res;
    cr_assert_eq(store(pdf, sizeof pdf - 1, "public.pdf", NULL, true, alice, &pub), DOCUMENT_OK);
    cr_assert_eq(store(png, sizeof png - 1, "closed.png", NULL, false, alice, &res), DOCUMENT_OK);
    struct document d;
    cr_assert_eq(document_get(db, res, false, &d), 1);
    cr_assert(!document_may_read(&d, 0, false), "anonymous");
    cr_assert(!document_may_read(&d, bob, false), "another account without the right");
    cr_assert(document_may_read(&d, alice, false), "its uploader");
    cr_assert(document_may_read(&d, bob, true), "a reader of restricted material");
    document_free(&d);
    cr_assert_eq(document_get(db, pub, false, &d), 1);
    cr_assert(document_may_read(&d, 0, false));
    document_free(&d);

    struct document *v;
    size_t n;
    cr_assert_eq(document_list(db, 0, false, &v, &n), 0);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(v[0].name, "public.pdf");
    document_list_free(v, n);
    cr_assert_eq(document_list(db, bob, false, &v, &n), 0);
    cr_assert_eq(n, 1);
    document_list_free(v, n);
    cr_assert_eq(document_list(db, alice, false, &v, &n), 0);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(v[0].name, "closed.png", "newest first");
    document_list_free(v, n);
    cr_assert_eq(document_list(db, bob, true, &v, &n), 0);
    cr_assert_eq(n, 2);
    document_list_free(v, n);
    cr_assert_eq(document_get(db, 999, false, &d), 0);
}

Test(document, verify_names_a_blob_altered_behind_its_back)
{
    int64_t id;
    cr_assert_eq(store(pdf, sizeof pdf - 1, "paper.pdf", NULL, true, alice, &id), DOCUMENT_OK);
    struct verify_result r;
    cr_assert_eq(ledger_verify(db, &r), 0, "%s", db->err);
    long n;
    cr_assert_eq(document_verify(db, &n), 0);
    cr_assert_eq(n, 1);
    char sha[SHA256_HEX_LEN];
    sha256_hex2(pdf, sizeof pdf - 1, "", 0, sha);
    cr_assert_eq(db_exec(db, "UPDATE document_blob SET data = CAST('%PDF-forged' AS BLOB)"), 0);
    cr_assert_eq(ledger_verify(db, &r), -1);
    cr_assert(strstr(db->err, "document_blob") && strstr(db->err, sha) &&
                  strstr(db->err, "altered"),
              "%s", db->err);
    cr_assert_eq(db_exec(db, "DELETE FROM document_blob"), 0);
    cr_assert_eq(ledger_verify(db, &r), -1);
    cr_assert(strstr(db->err, "document row 1 (name paper.pdf)") && strstr(db->err, "missing"),
              "%s", db->err);
    cr_assert_eq(document_get(db, id, true, &(struct document){0}), -1);
}

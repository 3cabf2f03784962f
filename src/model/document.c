/* document.c — storing, checking, finding and verifying uploaded documents
 * (see document.h). */
#include "lib/text.h"
#include "model/document.h"
#include "lib/text.h"
#include "lib/buf.h"
#include "model/ledger.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char sql_blob_put[] =
    "INSERT OR IGNORE INTO document_blob(sha256, data) VALUES(:sha256, :data)";

static const char sql_get[] =
    "SELECT d.id, d.sha256, d.name, d.content_type, d.size, d.public, d.uploaded_by_id,"
    "       a.name, d.uploaded_at"
    "  FROM document d LEFT JOIN account a ON a.id = d.uploaded_by_id"
    " WHERE d.id = :id";

static const char sql_blob_get[] = "SELECT data FROM document_blob WHERE sha256 = :sha256";

static const char sql_list[] =
    "SELECT d.id, d.sha256, d.name, d.content_type, d.size, d.public, d.uploaded_by_id,"
    "       a.name, d.uploaded_at"
    "  FROM document d LEFT JOIN account a ON a.id = d.uploaded_by_id"
    " WHERE d.public = 1 OR :all = 1 OR (:me > 0 AND d.uploaded_by_id = :me)"
    " ORDER BY d.id DESC LIMIT :limit";

static const char sql_verify_blobs[] = "SELECT sha256, data FROM document_blob ORDER BY sha256";

static const char sql_verify_docs[] =
    "SELECT d.id, d.name, d.sha256, d.size, b.sha256 IS NOT NULL, length(b.data)"
    "  FROM document d LEFT JOIN document_blob b ON b.sha256 = d.sha256"
    " WHERE b.sha256 IS NULL OR length(b.data) != d.size"
    " ORDER BY d.id LIMIT 1";

/* Per kind: what it is called in messages, the type it is served with, and
 * the types a browser may declare for it (besides none and
 * application/octet-stream, which declare nothing). */
static const struct kind_info {
    const char *label;
    const char *type;
    const char *name; /* for people, in lists */
    const char *declared[6];
} kinds[DOCUMENT__MAX] = {
    [DOCUMENT_PDF] = {"a PDF document",
                      "application/pdf",
                      "PDF",
                      {"application/pdf", "application/x-pdf"}},
    [DOCUMENT_PNG] = {"a PNG image", "image/png", "PNG image", {"image/png"}},
    [DOCUMENT_JPEG] = {"a JPEG image",
                       "image/jpeg",
                       "JPEG image",
                       {"image/jpeg", "image/pjpeg", "image/jpg"}},
    [DOCUMENT_GIF] = {"a GIF image", "image/gif", "GIF image", {"image/gif"}},
    [DOCUMENT_TEXT] = {"plain text",
                       "text/plain; charset=utf-8",
                       "Text",
                       {"text/plain", "text/csv", "text/markdown", "text/x-markdown"}},
    [DOCUMENT_CSV] = {"CSV text",
                      "text/csv; charset=utf-8",
                      "CSV",
                      {"text/csv", "text/plain", "application/csv", "text/x-csv",
                       "application/vnd.ms-excel", "text/comma-separated-values"}},
    [DOCUMENT_DOCX] = {"a Word document (DOCX)",
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       "Word document",
                       {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}},
    [DOCUMENT_XLSX] = {"an Excel workbook (XLSX)",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       "Excel workbook",
                       {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}},
    [DOCUMENT_PPTX] = {"a PowerPoint presentation (PPTX)",
                       "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       "PowerPoint presentation",
                       {"application/vnd.openxmlformats-officedocument.presentationml."
                        "presentation"}},
};

const char *document_served_type(const char *content_type)
{
    for (int k = 0; content_type && k < DOCUMENT__MAX; k++)
        if (strcmp(kinds[k].type, content_type) == 0)
            return kinds[k].type;
    return "application/octet-stream";
}

const char *document_type_label(const char *content_type)
{
    for (int k = 0; content_type && k < DOCUMENT__MAX; k++)
        if (strcmp(kinds[k].type, content_type) == 0)
            return kinds[k].name;
    return "File";
}

const char *document_kind_type(enum document_kind k)
{
    return (unsigned)k < DOCUMENT__MAX ? kinds[k].type : NULL;
}

void document_free(struct document *d)
{
    if (!d)
        return;
    free(d->name);
    free(d->content_type);
    free(d->uploaded_by);
    free(d->data);
    memset(d, 0, sizeof *d);
}

void document_list_free(struct document *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        document_free(&d[i]);
    free(d);
}

/* Whether s (len bytes) is UTF-8 text: well-formed (lib/text.h) with no NUL. */
static bool utf8_text(const unsigned char *s, size_t len)
{
    return !memchr(s, 0, len) && utf8_valid((const char *)s, len);
}

/* Whether `name` ends with `ext` (".docx"), ignoring case. */
static bool ends_with(const char *name, const char *ext)
{
    size_t n = name ? strlen(name) : 0, e = strlen(ext);
    return n >= e && strcasecmp(name + n - e, ext) == 0;
}

/* Whether `needle` occurs in the first len bytes of `hay`. */
static bool has_bytes(const void *hay, size_t len, const char *needle)
{
    return memmem(hay, len, needle, strlen(needle)) != NULL;
}

int document_detect(const void *data, size_t len, const char *name)
{
    const unsigned char *p = data;
    if (len == 0)
        return -1;
    if (len >= 5 && memcmp(p, "%PDF-", 5) == 0)
        return DOCUMENT_PDF;
    if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return DOCUMENT_PNG;
    if (len >= 3 && memcmp(p, "\xff\xd8\xff", 3) == 0)
        return DOCUMENT_JPEG;
    if (len >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
        return DOCUMENT_GIF;
    if (len >= 4 && memcmp(p, "PK\x03\x04", 4) == 0) {
        /* Office Open XML: a ZIP whose (uncompressed) directory names
         * [Content_Types].xml and the part folder of its kind. */
        if (!has_bytes(p, len, "[Content_Types].xml"))
            return -1;
        if (ends_with(name, ".docx") && has_bytes(p, len, "word/"))
            return DOCUMENT_DOCX;
        if (ends_with(name, ".xlsx") && has_bytes(p, len, "xl/"))
            return DOCUMENT_XLSX;
        if (ends_with(name, ".pptx") && has_bytes(p, len, "ppt/"))
            return DOCUMENT_PPTX;
        return -1;
    }
    if (utf8_text(p, len))
        return ends_with(name, ".csv") ? DOCUMENT_CSV : DOCUMENT_TEXT;
    return -1;
}

/* Whether the declared type (parameters and case ignored) agrees with kind k:
 * no declaration, application/octet-stream, or one of k's types. */
static bool declared_agrees(enum document_kind k, const char *declared)
{
    if (!declared)
        return true;
    while (*declared == ' ')
        declared++;
    size_t n = strcspn(declared, "; \t");
    if (n == 0 || (n == 24 && strncasecmp(declared, "application/octet-stream", n) == 0))
        return true;
    for (size_t i = 0; i < sizeof kinds[k].declared / sizeof *kinds[k].declared; i++) {
        const char *t = kinds[k].declared[i];
        if (t && strlen(t) == n && strncasecmp(declared, t, n) == 0)
            return true;
    }
    return false;
}

/* The last part of a path as a browser may send it ("C:\fakepath\a.pdf"). */
static const char *base_name(const char *name)
{
    const char *b = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    return b;
}

/* Checks the name: present, short enough, UTF-8 without control characters.
 * Returns NULL when fine, else the reason (static). */
static const char *name_problem(const char *name)
{
    size_t n = strlen(name);
    if (n == 0)
        return "file: The file has no name; choose the file again";
    if (n > DOCUMENT_NAME_MAX)
        return "file: The file's name is longer than 255 bytes; rename it and try again";
    if (!utf8_text((const unsigned char *)name, n))
        return "file: The file's name is not valid UTF-8; rename it and try again";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return "file: The file's name has control characters; rename it and try again";
    return NULL;
}

/* Checks the upload; on a refusal writes the reason into db->err.  Sets
 * *kind.  Returns DOCUMENT_OK, DOCUMENT_TOO_LARGE or DOCUMENT_REFUSED. */
static enum document_result check_upload(struct db *db, const struct document_upload *up,
                                         const char *name, int *kind)
{
    const char *why = name_problem(name);
    if (why) {
        snprintf(db->err, sizeof db->err, "%s", why);
        return DOCUMENT_REFUSED;
    }
    if (up->len > DOCUMENT_MAX) {
        /* MB as every hint on the site counts them: 1,048,576 bytes; rounded up,
         * so a file just over the limit never reads "10.0 MB" */
        unsigned long tenths = (unsigned long)((up->len * 10 + (1u << 20) - 1) >> 20);
        snprintf(db->err, sizeof db->err,
                 "file: %s is %lu.%lu MB, and a document may be at most %u MB: make it smaller "
                 "or split it into parts",
                 TEXT_CLIP(name, 200), tenths / 10, tenths % 10, DOCUMENT_MAX >> 20);
        return DOCUMENT_TOO_LARGE;
    }
    if (up->len == 0) {
        snprintf(db->err, sizeof db->err, "file: %s is empty", TEXT_CLIP(name, 200));
        return DOCUMENT_REFUSED;
    }
    *kind = document_detect(up->data, up->len, name);
    if (*kind < 0) {
        snprintf(db->err, sizeof db->err,
                 "file: %s is not a type dialturn accepts: upload a PDF, PNG, JPEG or GIF, "
                 "plain text or CSV (UTF-8), or a DOCX, XLSX or PPTX file",
                 TEXT_CLIP(name, 200));
        return DOCUMENT_REFUSED;
    }
    if (!declared_agrees(*kind, up->declared_type)) {
        bool known = false; /* is what the browser called it a kind we take at all? */
        for (int k = 0; k < DOCUMENT__MAX && !known; k++)
            known = declared_agrees((enum document_kind)k, up->declared_type);
        if (!known)
            snprintf(db->err, sizeof db->err,
                     "file: %s is not a type dialturn accepts%s: upload a PDF, PNG, JPEG or GIF, "
                     "plain text or CSV (UTF-8), or a DOCX, XLSX or PPTX file (save a web page "
                     "as a PDF, or give its address as an evidence link)",
                     TEXT_CLIP(name, 200),
                     strncasecmp(up->declared_type, "text/html", 9) == 0 ? " (it is a web page)"
                                                                         : "");
        else
            snprintf(db->err, sizeof db->err,
                     "file: %s is named as one kind of file but holds %s: check that you chose "
                     "the right file, and that its name ends as its kind does",
                     TEXT_CLIP(name, 200), kinds[*kind].label);
        return DOCUMENT_REFUSED;
    }
    return DOCUMENT_OK;
}

enum document_result document_put(struct db *db, const struct document_upload *up, int64_t *id)
{
    const char *name = base_name(up->name ? up->name : "");
    int kind;
    enum document_result rc = check_upload(db, up, name, &kind);
    if (rc != DOCUMENT_OK)
        return rc;
    char sha[SHA256_HEX_LEN], at[21];
    sha256_hex2(up->data, up->len, "", 0, sha);
    date_now_utc(at);

    sqlite3_stmt *st = db_prepare(db, sql_blob_put);
    if (!st)
        return DOCUMENT_ERROR;
    db_bind_text(st, ":sha256", sha);
    sqlite3_bind_blob(st, sqlite3_bind_parameter_index(st, ":data"), up->data, (int)up->len,
                      SQLITE_STATIC);
    int ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        db_set_error(db, "document_blob");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st); /* the bytes are the caller's: do not keep a pointer */
    if (!ok)
        return DOCUMENT_ERROR;

    json_t *state = json_pack("{s:n, s:s, s:s, s:s, s:I, s:i, s:o, s:s}", "id", "sha256", sha,
                              "name", name, "content_type", kinds[kind].type, "size",
                              (json_int_t)up->len, "public", up->public ? 1 : 0, "uploaded_by_id",
                              up->account_id > 0 ? json_integer(up->account_id) : json_null(),
                              "uploaded_at", at);
    int64_t got = ledger_put(db, T_DOCUMENT, state, 0);
    json_decref(state);
    if (got < 0)
        return DOCUMENT_ERROR;
    *id = got;
    return DOCUMENT_OK;
}

enum document_result document_store(struct db *db, const struct document_upload *up, int64_t *id)
{
    if (db_begin(db))
        return DOCUMENT_ERROR;
    enum document_result rc = document_put(db, up, id);
    if (rc == DOCUMENT_OK && db_commit(db))
        rc = DOCUMENT_ERROR;
    if (rc != DOCUMENT_OK) {
        char why[sizeof db->err];
        memcpy(why, db->err, sizeof why);
        db_rollback(db);
        memcpy(db->err, why, sizeof why);
    }
    return rc;
}

/* Fills *d from a row of sql_get or sql_list (no bytes). */
static void col_document(sqlite3_stmt *st, struct document *d)
{
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(st, 0);
    snprintf(d->sha256, sizeof d->sha256, "%s", db_col_text(st, 1));
    d->name = xstrdup(db_col_text(st, 2));
    d->content_type = xstrdup(db_col_text(st, 3));
    d->size = sqlite3_column_int64(st, 4);
    d->public = sqlite3_column_int(st, 5) != 0;
    d->uploaded_by_id = sqlite3_column_int64(st, 6);
    d->uploaded_by = xstrdup(db_col_text(st, 7));
    snprintf(d->uploaded_at, sizeof d->uploaded_at, "%s", db_col_text(st, 8));
}

/* Reads the blob of d into d->data.  Returns 0, or -1 (db->err) when it is
 * missing or its size is not the record's. */
static int load_bytes(struct db *db, struct document *d)
{
    sqlite3_stmt *st = db_prepare(db, sql_blob_get);
    if (!st)
        return -1;
    db_bind_text(st, ":sha256", d->sha256);
    int rc = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        int n = sqlite3_column_bytes(st, 0);
        const void *p = sqlite3_column_blob(st, 0);
        if (n == d->size) {
            d->data = xmalloc((size_t)n + 1);
            if (n)
                memcpy(d->data, p, (size_t)n);
            ((char *)d->data)[n] = '\0';
            rc = 0;
        } else {
            snprintf(db->err, sizeof db->err,
                     "document %" PRId64 ": its bytes are %d long, not %" PRId64, d->id, n,
                     d->size);
        }
    } else {
        snprintf(db->err, sizeof db->err, "document %" PRId64 ": its bytes (%s) are missing", d->id,
                 d->sha256);
    }
    sqlite3_reset(st);
    return rc;
}

int document_get(struct db *db, int64_t id, bool with_data, struct document *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, sql_get);
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        col_document(st, out);
    else if (rc != SQLITE_DONE)
        db_set_error(db, "document");
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;
    if (with_data && load_bytes(db, out)) {
        document_free(out);
        return -1;
    }
    return 1;
}

int document_list(struct db *db, int64_t account_id, bool can_read_restricted,
                  struct document **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, sql_list);
    if (!st)
        return -1;
    db_bind_int(st, ":all", can_read_restricted ? 1 : 0);
    db_bind_int(st, ":me", account_id);
    db_bind_int(st, ":limit", DOCUMENT_LIST_MAX);
    struct document *v = NULL;
    size_t cnt = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = xgrow(v, cnt, &cap, sizeof *v);
        col_document(st, &v[cnt++]);
    }
    if (rc != SQLITE_DONE) {
        db_set_error(db, "document list");
        sqlite3_reset(st);
        document_list_free(v, cnt);
        return -1;
    }
    sqlite3_reset(st);
    *out = v;
    *n = cnt;
    return 0;
}

bool document_may_read(const struct document *doc, int64_t account_id, bool can_read_restricted)
{
    return doc->public || can_read_restricted ||
           (account_id > 0 && doc->uploaded_by_id == account_id);
}

void document_ascii_name(const char *name, char *out, size_t size)
{
    size_t j = 0;
    for (const char *p = name; *p && j + 1 < size; p++) {
        unsigned char c = (unsigned char)*p;
        bool ok = c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' && c != '%';
        if (c == ' ')
            ok = true;
        if ((c & 0xC0) == 0x80) /* a UTF-8 continuation: its lead byte was replaced */
            continue;
        out[j++] = ok ? (char)c : '_';
    }
    out[j] = '\0';
    if (j == 0)
        snprintf(out, size, "document");
}

int document_verify(struct db *db, long *checked)
{
    *checked = 0;
    sqlite3_stmt *st = db_prepare(db, sql_verify_blobs);
    if (!st)
        return -1;
    int rc = 0, step;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = db_col_text(st, 0);
        const void *p = sqlite3_column_blob(st, 1);
        int n = sqlite3_column_bytes(st, 1);
        char sha[SHA256_HEX_LEN];
        sha256_hex2(p ? p : "", (size_t)n, "", 0, sha);
        if (strcmp(sha, key) != 0) {
            snprintf(db->err, sizeof db->err,
                     "document_blob %.64s: its bytes were altered (their SHA-256 is %s)", key, sha);
            rc = -1;
        } else {
            (*checked)++;
        }
    }
    if (rc == 0 && step != SQLITE_DONE) {
        db_set_error(db, "document_blob");
        rc = -1;
    }
    sqlite3_reset(st);
    if (rc)
        return rc;
    st = db_prepare(db, sql_verify_docs);
    if (!st)
        return -1;
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        if (sqlite3_column_int(st, 4) == 0)
            snprintf(db->err, sizeof db->err,
                     "document row %lld (name %s): its bytes (document_blob %.64s) are missing",
                     (long long)sqlite3_column_int64(st, 0), TEXT_CLIP(db_col_text(st, 1), 120),
                     db_col_text(st, 2));
        else
            snprintf(db->err, sizeof db->err,
                     "document row %lld (name %s): its size is %lld but its bytes "
                     "(document_blob %.64s) are %lld long",
                     (long long)sqlite3_column_int64(st, 0), TEXT_CLIP(db_col_text(st, 1), 120),
                     (long long)sqlite3_column_int64(st, 3), db_col_text(st, 2),
                     (long long)sqlite3_column_int64(st, 5));
        rc = -1;
    } else if (step != SQLITE_DONE) {
        db_set_error(db, "document");
        rc = -1;
    }
    sqlite3_reset(st);
    return rc;
}

/* document.h — uploaded files: papers, evidence, reports.
 *
 * A document is two rows: its record in `document` (name, type, size, public
 * or restricted, who uploaded it and when; written through the ledger) and
 * its bytes in `document_blob`, keyed by the SHA-256 of those bytes.  The same
 * bytes uploaded twice share one blob but get two records.  The blob is not
 * ledgered: its key is its content's hash, which `verify` recomputes
 * (document_verify, called from ledger_verify).
 *
 * What is accepted is decided by the content, never by the browser: the bytes
 * must be one of PDF, PNG, JPEG, GIF, plain text or CSV (valid UTF-8, no NUL)
 * or Office Open XML (a ZIP holding [Content_Types].xml, named .docx, .xlsx or
 * .pptx); a type the browser declared must agree with what the bytes are; the
 * type the file is served with is the detected one.
 *
 * Who may read: anyone a public document; a restricted one only holders of
 * CAP_READ_RESTRICTED and the account that uploaded it.  This module knows
 * nothing of HTTP or of roles beyond that flag. */
#ifndef DIALTURN_DOCUMENT_H
#define DIALTURN_DOCUMENT_H
#include "lib/hash.h"
#include "model/db.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DOCUMENT_MAX      (10u << 20) /* bytes in one document, at most (10 MiB) */
#define DOCUMENT_NAME_MAX 255         /* bytes in a document's name, at most */
#define DOCUMENT_LIST_MAX 1000        /* records one listing returns, newest first */

/* What a document's bytes are, as detected. */
enum document_kind {
    DOCUMENT_PDF,
    DOCUMENT_PNG,
    DOCUMENT_JPEG,
    DOCUMENT_GIF,
    DOCUMENT_TEXT,
    DOCUMENT_CSV,
    DOCUMENT_DOCX,
    DOCUMENT_XLSX,
    DOCUMENT_PPTX,
    DOCUMENT__MAX
};

/* One document's record; strings owned (document_free).  `data` is NULL
 * unless the bytes were asked for. */
struct document {
    int64_t id;
    char sha256[SHA256_HEX_LEN]; /* hex SHA-256 of the bytes: the blob's key */
    char *name;                  /* the name it was uploaded with (no directories) */
    char *content_type;          /* the detected type it is served with */
    int64_t size;                /* bytes */
    bool public;                 /* false: restricted */
    int64_t uploaded_by_id;      /* account id; 0 when not uploaded by an account */
    char *uploaded_by;           /* that account's name; "" when none */
    char uploaded_at[21];        /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
    void *data;                  /* the bytes (size of them, NUL-terminated), or NULL */
};
void document_free(struct document *d);                /* frees the members, not d */
void document_list_free(struct document *d, size_t n); /* frees the array too */

/* An upload as received; nothing owned (the caller's buffers). */
struct document_upload {
    const void *data;          /* the bytes */
    size_t len;                /* how many */
    const char *name;          /* the file's name as given (a path is cut to its last part) */
    const char *declared_type; /* the type the sender declared, or NULL/"" when none */
    bool public;               /* false: restricted */
    int64_t account_id;        /* who uploads; 0 for none (the command line) */
};

enum document_result {
    DOCUMENT_OK = 0,
    DOCUMENT_TOO_LARGE = 1, /* more than DOCUMENT_MAX bytes: db->err says so */
    DOCUMENT_REFUSED = 2,   /* empty, a type not allowed, a type that disagrees with the
                               declared one, a bad name: db->err names the field */
    DOCUMENT_ERROR = -1     /* the database failed: db->err */
};

/* Detects what `data` is (see above); `name` decides between text and CSV
 * and names the Office Open XML kind.  Returns the kind, or -1 when the bytes
 * are none of those allowed. */
int document_detect(const void *data, size_t len, const char *name);

/* The Content-Type a kind is served with ("application/pdf",
 * "text/plain; charset=utf-8"); static.  NULL when out of range. */
const char *document_kind_type(enum document_kind k);

/* The static Content-Type to serve a stored record's `content_type` with:
 * one of the allowed kinds' types, or "application/octet-stream" for anything
 * else (a record altered behind dialturn's back is never served as HTML). */
const char *document_served_type(const char *content_type);

/* What people call a stored `content_type` ("PDF", "Word document"); static. */
const char *document_type_label(const char *content_type);

/* Checks and stores an upload inside the caller's transaction (the cycle's
 * evidence uploads join the update's transaction): the record through the
 * ledger, the bytes with INSERT OR IGNORE.  On success sets *id.  On
 * DOCUMENT_TOO_LARGE or DOCUMENT_REFUSED nothing was written; on
 * DOCUMENT_ERROR the caller rolls back. */
enum document_result document_put(struct db *db, const struct document_upload *up, int64_t *id);

/* document_put in its own transaction, rolled back on any failure. */
enum document_result document_store(struct db *db, const struct document_upload *up, int64_t *id);

/* Loads document `id` (with its bytes when `with_data`).  Returns 1 and
 * fills *out (free with document_free), 0 when there is no such document,
 * or -1 (db->err). */
int document_get(struct db *db, int64_t id, bool with_data, struct document *out);

/* Every document the reader may read, newest first, up to DOCUMENT_LIST_MAX:
 * the public ones, those `account_id` uploaded, and, when
 * `can_read_restricted`, the rest.  Returns 0 with a new array in *out (free
 * with document_list_free; no bytes), or -1 (db->err). */
int document_list(struct db *db, int64_t account_id, bool can_read_restricted,
                  struct document **out, size_t *n);

/* Whether the reader may read `doc`: it is public, or the reader holds
 * CAP_READ_RESTRICTED (`can_read_restricted`), or uploaded it (account_id,
 * 0 for an anonymous reader). */
bool document_may_read(const struct document *doc, int64_t account_id, bool can_read_restricted);

/* Makes `name` safe for a Content-Disposition filename="...": printable ASCII
 * only, no quotes, backslashes, semicolons or control characters (each other
 * byte becomes '_'), at most size - 1 bytes, never empty ("document"). */
void document_ascii_name(const char *name, char *out, size_t size);

/* For `dialturn verify`: every blob's key is the SHA-256 of its bytes, and
 * every document record has its blob, of its size.  Sets *checked to the
 * blobs checked.  Returns 0, or -1 with db->err naming the first bad one. */
int document_verify(struct db *db, long *checked);

#endif

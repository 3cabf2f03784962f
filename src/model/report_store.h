/* report_store.h — the monthly report stored, and the covering statement.
 *
 * Once month M is signed off its report, in each format, is stored the first
 * time it is asked for: the bytes as a public document (model/document.h: by
 * content hash, the document row with the hash on the ledger) and a
 * report_document row (sql/011) naming it, through the ledger.  From then on
 * it is served from there, byte for byte, whatever changes later.
 *
 * The covering statement of M is written before M is signed off, and is
 * refused after. */
#ifndef DIALTURN_REPORT_STORE_H
#define DIALTURN_REPORT_STORE_H
#include "lib/buf.h"
#include "model/db.h"
#include <stdint.h>

/* Reads the stored report of month ("YYYY-MM") in format ("html", "md",
 * "pdf") into out (appended).  Returns 1 when stored, 0 when not, -1 with
 * db->err set. */
int report_stored(struct db *db, const char *month, const char *format, struct buf *out);

/* Stores the report bytes of a signed-off month in its own transaction,
 * unless one is stored already (then nothing is written).  Returns 0, or -1
 * with db->err set. */
int report_store(struct db *db, const char *month, const char *format, const void *data,
                 size_t len);

/* The covering statement of month, as stored, into *body (malloc'd; NULL when
 * none).  Returns 0, or -1 with db->err. */
int report_statement_get(struct db *db, const char *month, char **body);

enum report_statement_rc {
    STATEMENT_OK = 0,
    STATEMENT_NO_PERIOD = 1, /* no such period */
    STATEMENT_SIGNED = 2,    /* the month is signed off: the statement is fixed */
    STATEMENT_INVALID = 3,   /* too long, or not text */
    STATEMENT_ERROR = -1     /* db->err */
};
#define REPORT_STATEMENT_MAX 20000 /* bytes of a covering statement, at most */

/* Writes the covering statement of month through the ledger, as account_id
 * (0: none), in its own transaction. */
enum report_statement_rc report_statement_put(struct db *db, const char *month, const char *body,
                                              int64_t account_id);

#endif

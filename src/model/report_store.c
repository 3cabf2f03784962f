/* report_store.c — the stored monthly reports and the covering statements
 * (report_store.h). */
#include "model/report_store.h"
#include "lib/text.h"
#include "model/document.h"
#include "model/ledger.h"
#include <stdio.h>
#include <string.h>

/* main.: on a record connection these tables are not views, but say so. */
static const char sql_stored[] =
    "SELECT b.data FROM main.report_document r JOIN main.document d ON d.id = r.document_id "
    "JOIN main.document_blob b ON b.sha256 = d.sha256 WHERE r.month = :month AND r.format = "
    ":format";
static const char sql_exists[] =
    "SELECT 1 FROM main.report_document WHERE month = :month AND format = :format";
static const char sql_signed[] = "SELECT id, status FROM main.period WHERE month = :month";
static const char sql_statement[] =
    "SELECT id, body FROM main.report_statement WHERE month = :month";

int report_stored(struct db *db, const char *month, const char *format, struct buf *out)
{
    sqlite3_stmt *st = db_prepare(db, sql_stored);
    if (!st)
        return -1;
    db_bind_text(st, ":month", month);
    db_bind_text(st, ":format", format);
    int rc = db_step(db, st, "reading the stored report");
    if (rc == 1)
        buf_append(out, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
    sqlite3_reset(st);
    return rc;
}

int report_store(struct db *db, const char *month, const char *format, const void *data, size_t len)
{
    if (db_begin(db))
        return -1;
    sqlite3_stmt *st = db_prepare(db, sql_exists);
    if (!st)
        goto fail;
    db_bind_text(st, ":month", month);
    db_bind_text(st, ":format", format);
    int rc = db_step(db, st, "looking for a stored report");
    sqlite3_reset(st);
    if (rc < 0)
        goto fail;
    if (rc == 1) { /* another request stored it first: theirs stands */
        db_rollback(db);
        return 0;
    }
    char name[64];
    snprintf(name, sizeof name, "report-%.7s.%.4s", month, format);
    struct document_upload up = {data, len, name, NULL, true, 0};
    int64_t doc;
    enum document_result dr = document_put(db, &up, &doc);
    if (dr != DOCUMENT_OK) {
        if (dr != DOCUMENT_ERROR)
            snprintf(db->err, sizeof db->err, "storing the report of %.7s: refused", month);
        goto fail;
    }
    struct ledger_row row;
    ledger_row_init(&row, T_REPORT_DOCUMENT, 0);
    ledger_row_text(&row, "month", month);
    ledger_row_text(&row, "format", format);
    ledger_row_int(&row, "document_id", doc);
    if (ledger_put_row(db, &row, 0) < 0 || db_commit(db))
        goto fail;
    return 0;
fail:
    db_rollback(db);
    return -1;
}

int report_statement_get(struct db *db, const char *month, char **body)
{
    *body = NULL;
    sqlite3_stmt *st = db_prepare(db, sql_statement);
    if (!st)
        return -1;
    db_bind_text(st, ":month", month);
    int rc = db_step(db, st, "reading the covering statement");
    if (rc == 1)
        *body = xstrdup(db_col_text(st, 1));
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

enum report_statement_rc report_statement_put(struct db *db, const char *month, const char *body,
                                              int64_t account_id)
{
    if (!body || strlen(body) > REPORT_STATEMENT_MAX || !text_utf8_valid(body))
        return STATEMENT_INVALID;
    if (db_begin(db))
        return STATEMENT_ERROR;
    enum report_statement_rc rc = STATEMENT_ERROR;
    sqlite3_stmt *st = db_prepare(db, sql_signed);
    if (!st)
        goto out;
    db_bind_text(st, ":month", month);
    int found = db_step(db, st, "reading the period");
    bool signed_off = found == 1 && strcmp(db_col_text(st, 1), "signed_off") == 0;
    sqlite3_reset(st);
    if (found <= 0) {
        rc = found == 0 ? STATEMENT_NO_PERIOD : STATEMENT_ERROR;
        goto out;
    }
    if (signed_off) {
        rc = STATEMENT_SIGNED;
        goto out;
    }
    st = db_prepare(db, sql_statement);
    if (!st)
        goto out;
    db_bind_text(st, ":month", month);
    found = db_step(db, st, "reading the covering statement");
    int64_t id = found == 1 ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (found < 0)
        goto out;
    char now[DATE_TIME_LEN];
    date_now_utc(now);
    struct ledger_row row;
    ledger_row_init(&row, T_REPORT_STATEMENT, id);
    ledger_row_text(&row, "month", month);
    ledger_row_text(&row, "body", body);
    if (account_id)
        ledger_row_int(&row, "written_by_id", account_id);
    else
        ledger_row_null(&row, "written_by_id");
    ledger_row_text(&row, "written_at", now);
    if (ledger_put_row(db, &row, 0) < 0 || db_commit(db))
        goto out;
    return STATEMENT_OK;
out:
    db_rollback(db);
    return rc;
}

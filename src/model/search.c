/* search.c — the queries behind /search (see search.h). */
#include "model/search.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per group: how many public rows match.  The update count carries the same
 * public filter as the update page query, so counts never include a draft.
 *
 * The index holds the live text.  On a record connection (model/record.h)
 * `action` and `measure` are a signed-off month's rows, so a match counts only
 * when the row's indexed text is still the record's: words a later version
 * put in a title are never found (nor shown) in an earlier month's record. */
#define SAME_ACTION                                                                                \
    " AND search_action.title = a.title AND search_action.description = a.description"
#define SAME_MEASURE " AND search_measure.ref = m.ref AND search_measure.title = m.title"
static const char sql_count_action[] =
    "SELECT count(*) FROM search_action JOIN action a ON a.id = search_action.rowid"
    " WHERE search_action MATCH :q" SAME_ACTION;
static const char sql_count_update[] = "SELECT count(*) FROM search_update"
                                       "  JOIN progress_update u ON u.id = search_update.rowid"
                                       "  JOIN period p ON p.id = u.period_id"
                                       " WHERE search_update MATCH :q AND u.state = 'accepted'"
                                       "   AND p.status = 'signed_off' AND p.month <= :month";
static const char sql_count_measure[] =
    "SELECT count(*) FROM search_measure JOIN measure m ON m.id = search_measure.rowid"
    " WHERE search_measure MATCH :q" SAME_MEASURE;

/* Per group: one slice of the matches, best first (bm25 with the ref and title
 * weighing more than the description), ties by ref.  char(1) and char(2) are
 * SEARCH_MARK_OPEN and SEARCH_MARK_CLOSE. */
static const char sql_page_action[] =
    "SELECT a.ref, highlight(search_action, 1, char(1), char(2)),"
    "       snippet(search_action, 2, char(1), char(2), '…', 24)"
    "  FROM search_action JOIN action a ON a.id = search_action.rowid"
    " WHERE search_action MATCH :q" SAME_ACTION
    " ORDER BY bm25(search_action, 10.0, 5.0, 1.0), a.ref"
    " LIMIT :limit OFFSET :offset";
static const char sql_page_update[] =
    "SELECT a.ref, a.title, snippet(search_update, 0, char(1), char(2), '…', 24), p.month"
    "  FROM search_update"
    "  JOIN progress_update u ON u.id = search_update.rowid"
    "  JOIN period p ON p.id = u.period_id"
    "  JOIN action a ON a.id = u.action_id"
    " WHERE search_update MATCH :q AND u.state = 'accepted'"
    "   AND p.status = 'signed_off' AND p.month <= :month"
    " ORDER BY bm25(search_update), p.month DESC, a.ref"
    " LIMIT :limit OFFSET :offset";
static const char sql_page_measure[] =
    "SELECT m.ref, highlight(search_measure, 1, char(1), char(2))"
    "  FROM search_measure JOIN measure m ON m.id = search_measure.rowid"
    " WHERE search_measure MATCH :q" SAME_MEASURE " ORDER BY bm25(search_measure, 10.0, 5.0), m.ref"
    " LIMIT :limit OFFSET :offset";

static const char *const sql_count[SEARCH__KINDS] = {sql_count_action, sql_count_update,
                                                     sql_count_measure};
static const char *const sql_page[SEARCH__KINDS] = {sql_page_action, sql_page_update,
                                                    sql_page_measure};

/* Whether c separates terms: ASCII white space. */
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether the n bytes at s hold anything the tokenizer could index: an ASCII
 * letter or digit, or any non-ASCII byte (most are letters; a phrase of
 * punctuation alone is harmless anyway: FTS5 matches it with nothing). */
static bool has_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return true;
    }
    return false;
}

size_t search_fts_query(const char *q, struct buf *out)
{
    size_t nterms = 0;
    const char *p = q ? q : "";
    while (*p && nterms < SEARCH_MAX_TERMS) {
        while (is_space(*p))
            p++;
        const char *start = p;
        while (*p && !is_space(*p))
            p++;
        size_t len = (size_t)(p - start);
        bool prefix = false;
        while (len > 1 && start[len - 1] == '*') { /* "partner*": words starting so */
            len--;
            prefix = true;
        }
        if (len == 0 || !has_word(start, len))
            continue;
        if (nterms)
            buf_putc(out, ' ');
        buf_putc(out, '"');
        for (size_t i = 0; i < len; i++) {
            if (start[i] == '"')
                buf_putc(out, '"'); /* a quote inside a string is doubled */
            buf_putc(out, start[i]);
        }
        buf_putc(out, '"');
        if (prefix)
            buf_puts(out, " *");
        nterms++;
    }
    return nterms;
}

/* Copies a text column (marked or not); "" for NULL.  The caller owns it. */
static char *col_dup(sqlite3_stmt *st, int i)
{
    return xstrdup(db_col_text(st, i));
}

/* Counts the public matches of group k into out->total[k].  Returns 0, or -1
 * with db->err set. */
static int count_group(struct db *db, enum search_kind k, const char *fts,
                       const struct pub_scope *scope, struct search_result *out)
{
    sqlite3_stmt *st = db_prepare(db, sql_count[k]);
    if (!st)
        return -1;
    db_bind_text(st, ":q", fts);
    if (k == SEARCH_UPDATE)
        db_bind_text(st, ":month", scope->month_s);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        out->total[k] = (size_t)sqlite3_column_int64(st, 0);
    else
        db_set_error(db, "counting search results");
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* Appends `limit` matches of group k starting at its `offset`-th to out->hits
 * (which has room for SEARCH_PAGE_SIZE).  Returns 0, or -1 with db->err set. */
static int load_group(struct db *db, enum search_kind k, const char *fts,
                      const struct pub_scope *scope, size_t offset, size_t limit,
                      struct search_result *out)
{
    sqlite3_stmt *st = db_prepare(db, sql_page[k]);
    int rc;
    if (!st)
        return -1;
    db_bind_text(st, ":q", fts);
    db_bind_int(st, ":limit", (int64_t)limit);
    db_bind_int(st, ":offset", (int64_t)offset);
    if (k == SEARCH_UPDATE)
        db_bind_text(st, ":month", scope->month_s);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->nhits < SEARCH_PAGE_SIZE) {
        struct search_hit *h = &out->hits[out->nhits++];
        memset(h, 0, sizeof *h);
        h->kind = k;
        h->ref = col_dup(st, 0);
        h->title = col_dup(st, 1);
        h->snippet = k == SEARCH_MEASURE ? xstrdup("") : col_dup(st, 2);
        if (k == SEARCH_UPDATE)
            snprintf(h->month, sizeof h->month, "%s", db_col_text(st, 3));
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        db_set_error(db, "searching");
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Counts every group asked for, then loads the page's slice of the list that
 * runs through the groups in enum order.  Returns 0 or -1 (db->err). */
static int run(struct db *db, const char *fts, unsigned kinds, const struct pub_scope *scope,
               size_t page, struct search_result *out)
{
    for (int k = 0; k < SEARCH__KINDS; k++) {
        if (!(kinds & (1u << k)))
            continue;
        if (count_group(db, (enum search_kind)k, fts, scope, out))
            return -1;
        out->total_all += out->total[k];
    }
    out->npages = (out->total_all + SEARCH_PAGE_SIZE - 1) / SEARCH_PAGE_SIZE;
    if (page < 1 || page > out->npages)
        return 0;
    size_t from = (page - 1) * SEARCH_PAGE_SIZE, to = from + SEARCH_PAGE_SIZE;
    size_t start = 0; /* where group k begins in the whole list */
    out->hits = xcalloc(SEARCH_PAGE_SIZE, sizeof *out->hits);
    for (int k = 0; k < SEARCH__KINDS; k++) {
        if (!(kinds & (1u << k)))
            continue;
        size_t end = start + out->total[k];
        size_t lo = from > start ? from : start, hi = to < end ? to : end;
        if (lo < hi && load_group(db, (enum search_kind)k, fts, scope, lo - start, hi - lo, out))
            return -1;
        start = end;
    }
    return 0;
}

int search_run(struct db *db, const char *q, unsigned kinds, const struct pub_scope *scope,
               size_t page, struct search_result *out)
{
    struct buf fts = BUF_INIT;
    int ret = -1;
    bool own_txn = sqlite3_get_autocommit(db->h); /* one snapshot for counts and page */

    memset(out, 0, sizeof *out);
    out->nterms = search_fts_query(q, &fts);
    if (out->nterms == 0)
        return 0;
    if (own_txn && db_exec(db, "BEGIN"))
        goto out;
    ret = run(db, buf_str(&fts), kinds, scope, page, out);
    if (own_txn) {
        if (ret == 0 && db_exec(db, "COMMIT"))
            ret = -1;
        if (ret != 0)
            db_rollback(db);
    }
out:
    buf_free(&fts);
    if (ret != 0)
        search_result_free(out);
    return ret;
}

void search_result_free(struct search_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->nhits; i++) {
        free(res->hits[i].ref);
        free(res->hits[i].title);
        free(res->hits[i].snippet);
    }
    free(res->hits);
    memset(res, 0, sizeof *res);
}

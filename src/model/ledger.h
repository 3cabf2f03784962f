/* ledger.h — the append-only, hash-chained record of every change.
 *
 * Every row written to a domain table goes through ledger_put() or
 * ledger_delete(), which write the row and append, in the caller's transaction,
 * an entry holding the row's full new state:
 *
 *   entry = canonical JSON {"actor","at","op","row","seq","state","table"}
 *   hash  = SHA-256(previous entry's hash || entry), hex; the first entry's
 *           previous hash is 64 zeros.
 *
 * ledger_verify() recomputes the chain and replays the entries, comparing the
 * last state of every (table, row) with the row in the table, so an edit made
 * behind dialturn's back (sqlite3 shell, another program) is caught and named.
 * A column an entry does not name (added by a later migration) replays as
 * NULL. */
#ifndef DIALTURN_LEDGER_H
#define DIALTURN_LEDGER_H
#include "lib/buf.h"
#include "lib/hash.h"
#include "model/db.h"
#include "model/table.h"
#include <jansson.h>

/* Writes `state` into table t (insert when its "id" is null or absent, upsert
 * otherwise) and appends the ledger entry.  `state` must hold every column of
 * t and nothing else; it is borrowed, and on success its "id" is set and its
 * REAL columns normalised to reals.  If `skip_unchanged`, an existing row equal
 * to `state` is left alone and no entry is written.  Returns the row id, or -1
 * with db->err set.  Call inside a transaction. */
int64_t ledger_put(struct db *db, enum table_id t, json_t *state, int skip_unchanged);

/* For a long run of writes in one transaction (an import): from
 * ledger_bulk_begin() the entries' text and hashes are made on a second
 * thread while this one writes the rows, and each entry is inserted once it
 * is made, so the ledger table lags behind the appends until
 * ledger_bulk_end(), which inserts the rest and stops the thread.  Nothing
 * may read the ledger in between, and the actor must not change.  Call both
 * inside the transaction; call ledger_bulk_end() even after a failure (it
 * then just stops the thread; the caller rolls back).  Both return 0 or -1
 * with db->err set; the entries are the same as without them. */
int ledger_bulk_begin(struct db *db);
int ledger_bulk_end(struct db *db);

/* The most columns a domain table has after `id` (table.c); checked once. */
#define LEDGER_MAX_COLS 20

/* One column value of a row assembled for ledger_put_row(). */
struct ledger_val {
    enum ledger_kind { LV_NULL, LV_INT, LV_REAL, LV_TEXT } kind;
    int64_t i;     /* LV_INT */
    double d;      /* LV_REAL */
    const char *s; /* LV_TEXT: UTF-8, borrowed (or in the row's own date slot) */
};

/* A row of one table, its values set column by column in the schema order
 * of table.c by the ledger_row_* setters, which abort when a name is not the
 * next column (a bug, caught the first time the code runs).  Lives on the
 * caller's stack; owns nothing but its date slots. */
struct ledger_row {
    enum table_id t;
    int64_t id; /* 0: a new row */
    size_t n;   /* columns set so far */
    struct ledger_val v[LEDGER_MAX_COLS];
    char dates[LEDGER_MAX_COLS][DATE_LEN]; /* text of dates set with ledger_row_date */
};

void ledger_row_init(struct ledger_row *r, enum table_id t, int64_t id);
void ledger_row_null(struct ledger_row *r, const char *col);
void ledger_row_int(struct ledger_row *r, const char *col, int64_t v);
void ledger_row_real(struct ledger_row *r, const char *col, double v);
void ledger_row_text(struct ledger_row *r, const char *col, const char *s); /* NULL: null */
void ledger_row_date(struct ledger_row *r, const char *col, day_t d);       /* DAY_NONE: null */

/* ledger_put() for a row assembled with the setters, without a JSON object:
 * the entry's canonical text is written straight from the values and is
 * byte for byte what ledger_canonical() makes of the equivalent state.  Every
 * column must be set.  Returns the row id, or -1 with db->err set. */
int64_t ledger_put_row(struct db *db, const struct ledger_row *r, int skip_unchanged);

/* Appends to out the canonical text of r's state with the given id (0: null),
 * as ledger_canonical() writes it; -1 (and out unchanged in meaning) when a
 * text is not valid UTF-8.  For the ledger and its tests. */
int ledger_state_text(const struct ledger_row *r, int64_t id, struct buf *out);

/* Deletes row `id` of table t and appends an entry with a null state.
 * Returns 0, or -1 with db->err set. */
int ledger_delete(struct db *db, enum table_id t, int64_t id);

/* Reads row `id` of table t as a state object (new reference; NULL if
 * absent, or with db->err naming the column when the row holds text that is
 * not valid UTF-8). */
json_t *ledger_row_state(struct db *db, enum table_id t, int64_t id);

struct verify_result {
    long entries;              /* ledger entries whose hash was recomputed */
    long rows;                 /* table rows compared with their replayed state */
    char head[SHA256_HEX_LEN]; /* hash of the last entry ("" if none) */
    bool search_structure;     /* FTS5's own integrity-check ran (integrity.h) */
};

/* Verifies the chain and replays it against the tables; then checks what the
 * replay does not cover: every month's seal against the entry it names
 * (record_verify_seals), the history tables against the entries
 * (record_history_verify), the schema against the migrations
 * (integrity_schema), the search index against its rows (integrity_search),
 * and the documents' bytes.  Any SQLite error stops it.  Returns 0 when all
 * agree, or -1 with db->err naming the first broken entry, differing row or
 * object. */
int ledger_verify(struct db *db, struct verify_result *out);

/* The ledger's head: the last entry's seq (0 when empty) and time ("" when
 * empty; else "YYYY-MM-DDTHH:MM:SSZ").  Every change moves it, which makes it
 * the version of everything derived from the database (HTTP validators).
 * Returns 0, or -1 (db->err). */
int ledger_head(struct db *db, int64_t *seq, char at[21]);

/* The canonical dump of a JSON value used in entries (sorted keys, compact).
 * Returns a malloc'd string the caller frees. */
char *ledger_canonical(const json_t *v);

#endif

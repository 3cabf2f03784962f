/* record.h — the record of a signed-off month (DESIGN.md, "The record of a
 * month").
 *
 * When month M is signed off, its record is sealed in the same transaction:
 * a month_record row (sql/006) fixes the ledger's head at that moment, H
 * entries ending in hash X.  Everything public about M is the plan as the
 * ledger stood at H: the version then in force, its titles, baselines and
 * retirements, the statuses its rows held, and the accepted updates of the
 * signed-off months up to M.  The history tables (sql/007) keep every state a
 * plan row has had with the span of ledger entries over which it held, so the
 * state at H is one indexed read.  Nothing done later (a new version, a
 * closure, a correction, a private draft) changes what M shows.
 *
 * The public reads through a "record connection": a read-only connection on
 * which record_connect() has made TEMP views that shadow the plan's tables
 * (SQLite resolves an unqualified name in `temp` before `main`).  Each view
 * shows the table as it stood at the head of the month in scope, and
 * progress_update shows only the accepted updates of signed-off months up to
 * it; period, only those months.  So every public query — pages, feeds, API,
 * downloads, search, publish — reads the record without knowing it, and
 * nothing private or unsigned can reach it.  record_use() chooses the month;
 * pub_scope_resolve() calls it.  The real tables stay reachable as main.NAME
 * for the few queries that must see them (which months are signed off).
 *
 * While nothing is signed off, the record connection shows the plan as it
 * stands and no update at all. */
#ifndef DIALTURN_RECORD_H
#define DIALTURN_RECORD_H
#include "lib/date.h"
#include "model/db.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A month's seal: the ledger's head when it was signed off. */
struct record_head {
    int64_t seq;        /* entries in the ledger then (0: none) */
    char hash[65];      /* the last one's hash, hex ("" when seq is 0) */
    char month[8];      /* "YYYY-MM" */
    char sealed_at[21]; /* "YYYY-MM-DDTHH:MM:SSZ", when the record was sealed */
};

/* Seals the record of the signed-off period `period_id` (month "YYYY-MM"):
 * appends its month_record row through the ledger, with the head as it stands
 * before that row.  Call inside the caller's transaction, after the period's
 * own change.  Returns 0, or -1 with db->err set. */
int record_seal(struct db *db, int64_t period_id, const char *month);

/* Seals, oldest first, every signed-off period that has no record yet: the
 * months an import brought in, and those of a file written before records
 * existed.  Inside the caller's transaction.  Returns how many it sealed, or
 * -1 with db->err set. */
int record_seal_missing(struct db *db);

/* Reads month's seal into *out.  Returns 1 when found, 0 when the month has
 * no record, -1 with db->err set. */
int record_head_get(struct db *db, const char *month, struct record_head *out);

/* The latest signed-off month (month number, lib/date.h) into *month, or -1
 * when none is: every date up to its last day is in a sealed record, which a
 * later change may correct, with a reason, but never quietly move.  Reads the
 * real tables (main), so on a record connection too.  Returns 0, or -1 with
 * db->err set. */
int record_sealed_month(struct db *db, int *month);

/* Every month's seal, oldest month first: *out (malloc'd, the caller frees
 * it) holds *n of them.  Returns 0, or -1 with db->err set. */
int record_heads_list(struct db *db, struct record_head **out, size_t *n);

/* Checks every seal against the ledger: the entry at head_seq exists and has
 * head_hash (so a rewrite of the ledger before a sealed month is caught), the
 * month_record row was written by the entry right after it, and every
 * signed-off month has its seal.  Returns 0, or -1 with db->err naming the
 * month. */
int record_verify_seals(struct db *db);

/* After a bulk write (ledger_bulk_begin) the history tables' spans are those
 * of a ledger table that lagged behind the appends: this makes the states of
 * entries since + 1 onward again from the entries themselves, exactly as the
 * triggers of sql/007 make them one write at a time.  Inside the transaction,
 * after ledger_bulk_end().  Returns 0, or -1 with db->err set. */
int record_history_rebuild(struct db *db, int64_t since);

/* Checks the history tables against the ledger: each state of a row, its
 * from_seq, to_seq and every column, must be one the ledger recorded, and
 * every state the ledger recorded must be there (record_history.c).  Returns
 * 0, or -1 with db->err naming the table, row, from_seq and column. */
int record_history_verify(struct db *db);

/* Makes db, a read-only connection, a record connection (above).  Call once,
 * right after opening.  Returns 0, or -1 with db->err set. */
int record_connect(struct db *db);

/* Whether record_connect() was called on db. */
bool record_is_connection(struct db *db);

/* Points a record connection at the record of `month` (month number, see
 * lib/date.h) sealed at ledger head `head_seq`, whose hash is `head_hash`
 * (what identifies the record for record_memo.h); month < 0 shows the live plan
 * with no updates (nothing is signed off).  Returns 0, or -1 with db->err set.
 * A no-op (0) on a connection that is not a record connection. */
int record_use(struct db *db, int month, int64_t head_seq, const char *head_hash);

#endif

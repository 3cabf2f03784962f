/* integrity.h — what verify checks besides the ledger's own replay: that the
 * schema is the one the migrations make (so the append-only, frozen-month,
 * history and search triggers are all in place, with their exact SQL), and
 * that the search index holds exactly the text of the rows it indexes. */
#ifndef DIALTURN_INTEGRITY_H
#define DIALTURN_INTEGRITY_H
#include "model/db.h"
#include <stdbool.h>

/* Compares every table, index, view and trigger of the file (sqlite_schema)
 * with those the binary's embedded migrations (sql/) create in an empty
 * database: same names, same kinds, same SQL text.  Returns 0, or -1 with
 * db->err naming the first object that is missing, added or different. */
int integrity_schema(struct db *db);

/* Checks the FTS5 search tables of sql/004: each row's text is exactly its
 * source row's (search_action: action's ref, title, description;
 * search_update: progress_update's narrative; search_measure: measure's ref
 * and title), with no row extra or missing; and FTS5's own integrity-check
 * (its index against its text).  That check is a write statement to SQLite:
 * on a read-only connection it runs on a second, read-write connection inside
 * a transaction that is rolled back, and *structure_checked is false when the
 * file cannot be opened for writing (a write-protected backup).  Returns 0,
 * or -1 with db->err naming the table and row. */
int integrity_search(struct db *db, bool *structure_checked);

#endif

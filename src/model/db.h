/* db.h — one SQLite database file, one organisation.
 *
 * A `struct db` wraps one connection: WAL, foreign keys on, migrations from sql/
 * applied on open.  Statements are prepared once per connection and cached by
 * the address of their (static) SQL text; parameters are bound by name and an
 * unknown name is a programming error that aborts.  A connection belongs to one
 * thread at a time. */
#ifndef DIALTURN_DB_H
#define DIALTURN_DB_H
#include "lib/date.h"
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db_cached {
    const char *sql;    /* static SQL text: the cache key is its address */
    sqlite3_stmt *stmt; /* prepared statement, owned by the cache */
};

struct db {
    sqlite3 *h;              /* the connection, owned */
    struct db_cached *cache; /* prepared statements, owned */
    size_t ncache, capcache; /* entries used and allocated */
    char err[512];           /* last error, for the caller to report */
    bool busy;               /* that error was another connection's lock held past the busy
                                timeout (SQLITE_BUSY or SQLITE_LOCKED): try again, not a fault */
    char *actor;             /* who changes are recorded as (ledger), owned */
    bool readonly;           /* opened read-only */
    bool record;             /* a record connection (model/record.h): the plan's
                                tables are views of a signed-off month's record */
    int64_t record_seq;      /* on a record connection: the head shown (record_use) */
    int record_month;        /* and its month (-1: none signed off) */
    char record_hash[65];    /* and the head's hash (record_use; "" when none) */
    /* The ledger's head, cached for the length of one write transaction: only
     * this connection can append while it holds the write lock. */
    bool head_known;    /* head_seq and head_hash are valid */
    int64_t head_seq;   /* seq of the last entry (0: none) */
    char head_hash[65]; /* its hash, hex */
    /* Between ledger_bulk_begin() and ledger_bulk_end(): the thread making
     * the entries (ledger.c), owned; else NULL. */
    struct ledger_hasher *hasher;
};

enum db_open_flags {
    DB_OPEN_CREATE = 1,   /* create the file if missing */
    DB_OPEN_READONLY = 2, /* no writes; no migrations (refused if the schema is older) */
    DB_OPEN_MUST_EXIST = 4,
    /* A file this process has just created and will discard unless one bulk
     * write succeeds (import into a new file): no rollback journal and no WAL
     * until db_bulk_finish(), so the data is written once, straight into the
     * file, instead of into the WAL and again by the checkpoint.  A failed
     * statement or transaction cannot be undone in this mode: the caller must
     * delete the file on any error, and must not give it its real name before
     * db_bulk_finish() has succeeded. */
    DB_OPEN_BULK = 8
};

/* Opens `path` and brings its schema up to date.  Returns a new db (free with
 * db_close) or NULL with a one-line reason in `err`. */
struct db *db_open(const char *path, int flags, char *err, size_t errlen);
void db_close(struct db *db);

/* Ends the DB_OPEN_BULK mode of a connection outside any transaction: checks
 * every foreign key (not checked row by row in that mode) and the file becomes
 * an ordinary WAL database with synchronous = FULL and foreign keys on, as
 * db_open makes every other file.  Returns 0, or -1 with db->err set (a broken
 * key is a bug; the caller discards the file). */
int db_bulk_finish(struct db *db);

/* Settles SQLite's process-wide options; call once, first thing in main(),
 * before any connection is opened. */
void db_library_init(void);

/* The schema version this binary writes (the highest migration in sql/). */
int db_schema_version(void);

/* Returns the cached statement for `sql` (a static string), reset and with its
 * bindings cleared; NULL on a prepare error (message in db->err).  The statement
 * stays owned by the cache: do not finalize it. */
sqlite3_stmt *db_prepare(struct db *db, const char *sql);

/* Bind by name (":name").  A name the statement lacks aborts: that is a bug. */
void db_bind_text(sqlite3_stmt *st, const char *name, const char *v); /* NULL binds NULL */
/* db_bind_text() without SQLite's copy, for the writes of an import: v must
 * stay as it is until the statement has been stepped and reset (db_prepare
 * clears every binding before a statement is used again). */
void db_bind_text_static(sqlite3_stmt *st, const char *name, const char *v);
void db_bind_int(sqlite3_stmt *st, const char *name, int64_t v);
void db_bind_double(sqlite3_stmt *st, const char *name, double v);
void db_bind_null(sqlite3_stmt *st, const char *name);
void db_bind_date(sqlite3_stmt *st, const char *name, day_t d); /* DAY_NONE binds NULL */

/* Column helpers: text as "" when NULL; dates as DAY_NONE when NULL or malformed. */
const char *db_col_text(sqlite3_stmt *st, int i);
day_t db_col_date(sqlite3_stmt *st, int i);

/* Steps st once: 1 when it gave a row, 0 when it is done, -1 on any other
 * result with db->err set to "what: SQLite's message" (a corrupt page, an I/O
 * error: never to be read as the end of the rows). */
int db_step(struct db *db, sqlite3_stmt *st, const char *what);

/* The embedded migration that brings a file to schema `version` (its SQL
 * text), or NULL when this binary has none. */
const char *db_migration_sql(int version);

/* Runs one statement without results.  Returns 0, or -1 with db->err (and
 * db->busy) set. */
int db_exec(struct db *db, const char *sql);

/* Transactions: every change is one transaction with its ledger entries. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* Records db->err from the connection's last error, prefixed by `what`,
 * and db->busy from whether that error was a lock held elsewhere. */
void db_set_error(struct db *db, const char *what);

/* Sets who subsequent changes are recorded as in the ledger (copied). */
void db_set_actor(struct db *db, const char *actor);

#endif

/* import.c — the import transaction shared by the CLI and the demo. */
#include "model/import.h"
#include "model/correction.h"
#include "model/record.h"
#include "model/ledger.h"
#include "lib/buf.h"
#include "model/plan_csv.h"
#include "model/plan_json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* ---- search index in bulk ----------------------------------------------------------
 *
 * The FTS5 triggers of sql/004_search.sql index each row as it is written.  An
 * FTS5 table flushes its pending terms at the end of every statement that
 * touches it, so an import that writes 100,000 rows one statement at a time
 * builds 100,000 tiny index segments and merges them over and over: about a
 * third of a large import's time.  Inside the import's transaction, the
 * insert and update triggers are therefore dropped, the rows are written, the
 * index entries of exactly the rows that got a ledger entry in this import are
 * replaced in one statement per table, and the triggers are created again from
 * the text SQLite kept for them.  Other connections only ever see the
 * committed result, with the triggers in place; a rollback restores them.  The
 * delete triggers stay: an import never deletes those rows, and if it did they
 * would still do their work. */

static const struct {
    const char *name;     /* as created by sql/004_search.sql */
    const char *drop_sql; /* fixed text: DDL cannot bind a name */
} bulk_triggers[] = {
    {"search_action_ai", "DROP TRIGGER search_action_ai"},
    {"search_action_au", "DROP TRIGGER search_action_au"},
    {"search_update_ai", "DROP TRIGGER search_update_ai"},
    {"search_update_au", "DROP TRIGGER search_update_au"},
    {"search_measure_ai", "DROP TRIGGER search_measure_ai"},
    {"search_measure_au", "DROP TRIGGER search_measure_au"},
    /* sql/009: these index the history's states, which record_history_rebuild()
     * makes again in one statement per table after bulk_search_end() has put
     * them back: each wording is indexed then, in one flush */
    {"search_action_text_ai", "DROP TRIGGER search_action_text_ai"},
    {"search_measure_text_ai", "DROP TRIGGER search_measure_text_ai"},
};
#define N_BULK_TRIGGERS (sizeof bulk_triggers / sizeof bulk_triggers[0])

/* Index entries replaced after a bulk write: those of every row with a ledger
 * entry after :seq (rows that no longer exist just lose theirs), which is the
 * state the triggers would have left. */
static const char *const reindex_sql[] = {
    "DELETE FROM search_action WHERE rowid IN "
    "(SELECT row_id FROM ledger WHERE tbl = 'action' AND seq > :seq)",
    "INSERT INTO search_action (rowid, ref, title, description) "
    "SELECT id, ref, title, description FROM action WHERE id IN "
    "(SELECT row_id FROM ledger WHERE tbl = 'action' AND seq > :seq)",
    "DELETE FROM search_update WHERE rowid IN "
    "(SELECT row_id FROM ledger WHERE tbl = 'progress_update' AND seq > :seq)",
    "INSERT INTO search_update (rowid, narrative) "
    "SELECT id, narrative FROM progress_update WHERE id IN "
    "(SELECT row_id FROM ledger WHERE tbl = 'progress_update' AND seq > :seq)",
    "DELETE FROM search_measure WHERE rowid IN "
    "(SELECT row_id FROM ledger WHERE tbl = 'measure' AND seq > :seq)",
    "INSERT INTO search_measure (rowid, ref, title) "
    "SELECT id, ref, title FROM measure WHERE id IN "
    "(SELECT row_id FROM ledger WHERE tbl = 'measure' AND seq > :seq)",
    NULL,
};

/* The same when the ledger was empty before the import: every row is new,
 * the index is empty, and each table is indexed whole without the lists of
 * ids (an import into a new file). */
static const char *const index_all_sql[] = {
    "INSERT INTO search_action (rowid, ref, title, description) "
    "SELECT id, ref, title, description FROM action",
    "INSERT INTO search_update (rowid, narrative) SELECT id, narrative FROM progress_update",
    "INSERT INTO search_measure (rowid, ref, title) SELECT id, ref, title FROM measure",
    NULL,
};

struct bulk_search {
    char *create_sql[N_BULK_TRIGGERS]; /* each trigger's CREATE text, owned; NULL if not dropped */
    int64_t seq;                       /* the ledger's last seq before the import's writes */
};

/* Frees the saved trigger text. */
static void bulk_search_free(struct bulk_search *b)
{
    for (size_t i = 0; i < N_BULK_TRIGGERS; i++) {
        free(b->create_sql[i]);
        b->create_sql[i] = NULL;
    }
}

/* Notes the ledger's head and drops the triggers, keeping their text in b.
 * When any of them is missing (a schema this code does not know), nothing is
 * dropped and the triggers, if any, do the indexing as usual.  Returns 0, or
 * -1 with db->err set.  Call inside the transaction. */
static int bulk_search_begin(struct db *db, struct bulk_search *b)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT coalesce(max(seq), 0) FROM ledger");
    if (!st)
        return -1;
    b->seq = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    for (size_t i = 0; i < N_BULK_TRIGGERS; i++) {
        st =
            db_prepare(db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = :name");
        if (!st)
            return -1;
        db_bind_text(st, ":name", bulk_triggers[i].name);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            b->create_sql[i] = xstrdup(db_col_text(st, 0));
        sqlite3_reset(st);
        if (!b->create_sql[i]) {
            bulk_search_free(b);
            return 0;
        }
    }
    for (size_t i = 0; i < N_BULK_TRIGGERS; i++)
        if (db_exec(db, bulk_triggers[i].drop_sql))
            return -1;
    return 0;
}

/* Brings the index up to date with the rows written since bulk_search_begin()
 * and creates the triggers again.  Returns 0, or -1 with db->err set (the
 * caller rolls back, which restores the triggers). */
static int bulk_search_end(struct db *db, struct bulk_search *b)
{
    if (!b->create_sql[0])
        return 0; /* nothing was dropped */
    const char *const *sql = b->seq ? reindex_sql : index_all_sql;
    for (size_t i = 0; sql[i]; i++) {
        sqlite3_stmt *st = db_prepare(db, sql[i]);
        if (!st)
            return -1;
        if (b->seq)
            db_bind_int(st, ":seq", b->seq);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            db_set_error(db, "search index");
            return -1;
        }
    }
    /* The text is the schema's own, as SQLite stored it when the migration ran:
     * executing it recreates exactly the triggers that were dropped. */
    for (size_t i = 0; i < N_BULK_TRIGGERS; i++)
        if (db_exec(db, b->create_sql[i]))
            return -1;
    return 0;
}

/* Is the input CSV?  By its name, else by its first non-blank byte. */
static bool looks_like_csv(const char *name, const char *data, size_t len)
{
    size_t n = strlen(name);
    if (n > 4 && strcmp(name + n - 4, ".csv") == 0)
        return true;
    if (n > 5 && strcmp(name + n - 5, ".json") == 0)
        return false;
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    return i == len || data[i] != '{';
}

/* Merges the input into p; names the input and the place in it on error. */
static int merge_input(struct plan *p, const char *name, const char *data, size_t len, char *err,
                       size_t errlen)
{
    char why[600];
    if (looks_like_csv(name, data, len)) {
        if (plan_read_csv(p, data, len, why, sizeof why)) {
            snprintf(err, errlen, "%s: %s", name, why);
            return -1;
        }
        return 0;
    }
    json_error_t je;
    int rc = plan_read_json_text(p, data, len, &je, why, sizeof why);
    if (rc == -2)
        plan_json_syntax_message(name, &je, err, errlen);
    else if (rc)
        snprintf(err, errlen, "%s: %s", name, why);
    str_cut_utf8(err); /* the reader's message, cut to fit, never inside a character */
    rc = rc ? -1 : 0;
    return rc;
}

/* plan_store() with the ledger's entries made on a second thread meanwhile
 * (ledger_bulk_begin, called before); stops that thread whatever happens.
 * The ledger table lags behind the writes meanwhile, so the spans the history
 * triggers give the rows are wrong until record_history_rebuild() makes them
 * again from the entries.
 * Returns 0 or -1 (db->err). */
static int store_all(struct db *db, struct plan *p)
{
    char why[sizeof db->err];
    int rc = plan_store(db, p);
    if (rc)
        memcpy(why, db->err, sizeof why); /* the first error is the one to tell */
    if (ledger_bulk_end(db) && rc == 0)
        rc = -1;
    else if (rc)
        memcpy(db->err, why, sizeof why);
    return rc;
}

int plan_import(struct db *db, const char *name, const char *data, size_t len,
                struct import_counts *counts, char *err, size_t errlen)
{
    return plan_import_org(db, name, data, len, NULL, counts, err, errlen);
}

int plan_import_org(struct db *db, const char *name, const char *data, size_t len, const char *org,
                    struct import_counts *counts, char *err, size_t errlen)
{
    struct plan p = {0};
    char before[sizeof counts->renamed_from] = "";
    struct bulk_search bulk = {0};
    char why[600];
    int rc = -1;
    /* a large import touches every page once: let them stay in memory rather
     * than spill to the WAL mid-transaction */
    db_exec(db, "PRAGMA cache_size = -32768");
    /* Each upsert (triggers, foreign keys, ON CONFLICT) keeps a statement
     * journal of the pages it changes, and once one outgrows 64 KiB SQLite
     * keeps it in a temporary file: a million small writes to /var/tmp for a
     * large import, half its time.  In memory it is one statement's pages at
     * a time.  Temporary storage only: the database's durability is untouched. */
    db_exec(db, "PRAGMA temp_store = MEMORY");
    if (db_begin(db) || plan_load(db, &p)) {
        snprintf(err, errlen, "%s", db->err);
    } else if (p.org.stored && p.org.name &&
               (size_t)snprintf(before, sizeof before, "%s", p.org.name) >= sizeof before) {
        snprintf(err, errlen, "the organisation's name is longer than %zu bytes",
                 sizeof before - 1);
    } else if (merge_input(&p, name, data, len, err, errlen) == 0) {
        if (org)
            plan_set_str(&p.org.name, org);
        if (plan_check(&p, why, sizeof why))
            snprintf(err, errlen, "%s: %s", name, why);
        else if (bulk_search_begin(db, &bulk) || ledger_bulk_begin(db))
            snprintf(err, errlen, "%s", db->err);
        else if (store_all(db, &p) || bulk_search_end(db, &bulk) ||
                 record_history_rebuild(db, bulk.seq) || correction_store_plan(db, &p) ||
                 record_seal_missing(db) < 0 || db_commit(db))
            snprintf(err, errlen, "%s: %s", name, db->err); /* what of the file was refused */
        else
            rc = 0;
    }
    if (rc)
        db_rollback(db);
    else if (counts) {
        *counts = (struct import_counts){p.n_actions, p.n_updates, p.n_measures, ""};
        if (*before && p.org.name && strcmp(before, p.org.name) != 0)
            memcpy(counts->renamed_from, before, sizeof before);
    }
    plan_free(&p);
    bulk_search_free(&bulk);
    db_exec(db, "PRAGMA cache_size = -2000");
    db_exec(db, "PRAGMA temp_store = DEFAULT");
    return rc;
}

/* Creates, exclusively, the partial file for `path` and writes its name to
 * tmp: "path.partial-PID", or with "-N" after it when a process that died
 * left one with that PID.  The mode is SQLite's own for a new file (0644 less
 * the umask).  Returns 0, or -1 with errno set. */
static int partial_create(const char *path, char *tmp, size_t tmplen)
{
    for (int n = 0; n < 100; n++) {
        int w = n ? snprintf(tmp, tmplen, "%s.partial-%ld-%d", path, (long)getpid(), n)
                  : snprintf(tmp, tmplen, "%s.partial-%ld", path, (long)getpid());
        if (w < 0 || (size_t)w >= tmplen) {
            errno = ENAMETOOLONG;
            return -1;
        }
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0)
            return close(fd);
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

/* Gives the finished file its name, refusing to replace a file created at
 * `path` meanwhile.  renameat2's RENAME_NOREPLACE does it in one step; a file
 * system without it gets link() and unlink(), which refuse the same way.
 * Returns 0, or -1 with errno set. */
static int partial_publish(const char *tmp, const char *path)
{
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
    if (link(tmp, path) != 0)
        return -1;
    unlink(tmp);
    return 0;
}

int plan_import_new(const char *path, const char *actor, const char *name, const char *data,
                    size_t len, const char *org, struct import_counts *counts, char *err,
                    size_t errlen)
{
    char tmp[4096];
    if (partial_create(path, tmp, sizeof tmp)) {
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        return -1;
    }
    int rc = -1;
    struct db *db = db_open(tmp, DB_OPEN_CREATE | DB_OPEN_BULK, err, errlen);
    if (db) {
        db_set_actor(db, actor);
        if (plan_import_org(db, name, data, len, org, counts, err, errlen) == 0) {
            if (db_bulk_finish(db))
                snprintf(err, errlen, "%s: %s", path, db->err);
            else
                rc = 0;
        }
        db_close(db); /* the last connection: SQLite checkpoints and removes the -wal */
    }
    if (rc == 0 && partial_publish(tmp, path)) {
        snprintf(err, errlen, "%s: %s", path,
                 errno == EEXIST ? "created by someone else during the import" : strerror(errno));
        rc = -1;
    }
    if (rc) {
        /* nothing half-made is left behind; -wal and -shm exist only if
         * db_bulk_finish got as far as WAL mode */
        char side[sizeof tmp + 8];
        unlink(tmp);
        snprintf(side, sizeof side, "%s-wal", tmp);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", tmp);
        unlink(side);
    }
    return rc;
}

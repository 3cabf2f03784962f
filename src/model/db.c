/* db.c — connection, migrations and the statement cache. */
#include "model/db.h"
#include "model/record.h"
#include "lib/buf.h"
#include "lib/embedded.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void db_set_error(struct db *db, const char *what)
{
    snprintf(db->err, sizeof db->err, "%s: %s", what, sqlite3_errmsg(db->h));
    int code = sqlite3_errcode(db->h) & 0xff;
    db->busy = code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

/* Migrations are the embedded files sql/NNN_name.sql; NNN is the schema version
 * the file brings the database to.  Returns the version or -1 if not a migration. */
static int migration_number(const char *path)
{
    if (strncmp(path, "sql/", 4) != 0)
        return -1;
    const char *p = path + 4;
    if (p[0] < '0' || p[0] > '9')
        return -1;
    return atoi(p);
}

int db_schema_version(void)
{
    int v = 0;
    for (size_t i = 0; i < embedded_count; i++) {
        int n = migration_number(embedded_files[i].path);
        if (n > v)
            v = n;
    }
    return v;
}

const char *db_migration_sql(int version)
{
    for (size_t i = 0; i < embedded_count; i++)
        if (migration_number(embedded_files[i].path) == version)
            return (const char *)embedded_files[i].data;
    return NULL;
}

static int user_version(struct db *db)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Applies, in order and each in its own transaction, every migration newer than
 * the file.  A file newer than this binary is refused rather than misread. */
static int migrate(struct db *db, const char *path)
{
    int have = user_version(db), want = db_schema_version();
    if (have < 0) {
        db_set_error(db, path);
        return -1;
    }
    if (have > want) {
        snprintf(db->err, sizeof db->err,
                 "%s: written by a newer dialturn (schema %d; this binary knows %d)", path, have,
                 want);
        return -1;
    }
    if (have < want && db->readonly) {
        snprintf(db->err, sizeof db->err, "%s: schema %d is older than %d; open it read-write once",
                 path, have, want);
        return -1;
    }
    for (int v = have + 1; v <= want; v++) {
        const struct embedded_file *f = NULL;
        for (size_t i = 0; i < embedded_count; i++)
            if (migration_number(embedded_files[i].path) == v)
                f = &embedded_files[i];
        if (!f) {
            snprintf(db->err, sizeof db->err, "migration %d is missing from this binary", v);
            return -1;
        }
        /* PRAGMA takes no parameters: v is a migration number from the
         * embedded table, an int, never text from outside */
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v);
        if (db_begin(db) ||
            db_exec(db, (const char *)f->data) || /* lint-ok: an embedded sql/ migration */
            db_exec(db, pragma) ||                /* lint-ok: an integer, formatted above */
            db_commit(db)) {
            char why[sizeof db->err];
            snprintf(why, sizeof why, "%s", db->err);
            db_rollback(db);
            snprintf(db->err, sizeof db->err, "%s: %s: %.300s", path, f->path, why);
            return -1;
        }
    }
    /* A file from before records (006) has signed-off months and no seal:
     * they are sealed now, at the head as it stands (record.h). */
    if (have > 0 && have < 6 && want >= 6) {
        if (db_begin(db) || record_seal_missing(db) < 0 || db_commit(db)) {
            db_rollback(db);
            return -1;
        }
    }
    return 0;
}

struct db *db_open(const char *path, int flags, char *err, size_t errlen)
{
    if ((flags & DB_OPEN_MUST_EXIST) && access(path, F_OK) != 0) {
        snprintf(err, errlen, "%s: no such database (create it with `dialturn init`)", path);
        return NULL;
    }
    struct db *db = xcalloc(1, sizeof *db);
    db->readonly = flags & DB_OPEN_READONLY;
    db->actor = xstrdup("system");
    int oflags = db->readonly
                     ? SQLITE_OPEN_READONLY
                     : SQLITE_OPEN_READWRITE | ((flags & DB_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
    oflags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, db->h ? sqlite3_errmsg(db->h) : "cannot open");
        db_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db->h, 5000);
    sqlite3_extended_result_codes(db->h, 1);
    if (db->readonly && user_version(db) >= 0 && user_version(db) < db_schema_version()) {
        /* an older file: bring it up to date once through a writable connection */
        db_close(db);
        struct db *rw = db_open(path, flags & ~DB_OPEN_READONLY & ~DB_OPEN_CREATE, err, errlen);
        if (!rw)
            return NULL;
        db_close(rw);
        return db_open(path, flags, err, errlen);
    }
    /* DB_OPEN_BULK: no journal at all (see db.h).  Besides the WAL's second
     * copy of every page this saves the statement journal SQLite otherwise
     * keeps for each upsert with triggers: 10k x 36 import 3.4 -> 2.8 s
     * user+sys.  The pages are still synced at commit (synchronous below). */
    const char *journal =
        (flags & DB_OPEN_BULK) ? "PRAGMA journal_mode = OFF" : "PRAGMA journal_mode = WAL";
    /* DB_OPEN_BULK checks foreign keys once, in db_bulk_finish(): per row,
     * each insert opens its parents' cursors again (4% of a large import). */
    const char *fk =
        (flags & DB_OPEN_BULK) ? "PRAGMA foreign_keys = OFF" : "PRAGMA foreign_keys = ON";
    /* A new file gets 8 KiB pages, not SQLite's 4 KiB: a ledger entry is half
     * a kilobyte, and a 10k-action import writes 4% fewer bytes and a tenth
     * less time.  It must come before the first table (and before WAL); on an
     * existing file it changes nothing. */
    /* Every commit is durable (FULL: the WAL is synced at each commit, so a
     * change the server has answered for survives a power cut), except in
     * DB_OPEN_BULK, whose file is new and renamed into place only when whole,
     * so a crash loses nothing that was promised. */
    const char *sync =
        (flags & DB_OPEN_BULK) ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL";
    if (((flags & DB_OPEN_CREATE) && !db->readonly && db_exec(db, "PRAGMA page_size = 8192")) ||
        (!db->readonly && db_exec(db, journal)) || db_exec(db, fk) || db_exec(db, sync) ||
        migrate(db, path)) {
        snprintf(err, errlen, "%s", db->err);
        db_close(db);
        return NULL;
    }
    return db;
}

void db_library_init(void)
{
    /* SQLite counts every allocation under a global mutex for
     * sqlite3_memory_used(), which dialturn never asks: 5% of an import. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_bulk_finish(struct db *db)
{
    /* every foreign key, checked in one pass (see db_open) */
    sqlite3_stmt *fk;
    if (sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &fk, NULL) != SQLITE_OK) {
        db_set_error(db, "foreign_key_check");
        return -1;
    }
    int step = sqlite3_step(fk);
    if (step == SQLITE_ROW)
        snprintf(db->err, sizeof db->err, "bug: row %lld of %s refers to a missing %s",
                 (long long)sqlite3_column_int64(fk, 1), (const char *)sqlite3_column_text(fk, 0),
                 (const char *)sqlite3_column_text(fk, 2));
    else if (step != SQLITE_DONE)
        db_set_error(db, "foreign_key_check");
    sqlite3_finalize(fk);
    if (step != SQLITE_DONE || db_exec(db, "PRAGMA foreign_keys = ON"))
        return -1;
    /* journal_mode answers with the mode in force: anything but "wal" (say, a
     * file system without shared memory) would leave a file with no journal */
    sqlite3_stmt *st;
    int ok = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode = WAL", -1, &st, NULL) == SQLITE_OK &&
             sqlite3_step(st) == SQLITE_ROW &&
             sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    if (!ok)
        db_set_error(db, "journal_mode = WAL");
    sqlite3_finalize(st);
    if (!ok)
        return -1;
    return db_exec(db, "PRAGMA synchronous = FULL");
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->ncache; i++)
        sqlite3_finalize(db->cache[i].stmt);
    free(db->cache);
    sqlite3_close(db->h);
    free(db->actor);
    free(db);
}

sqlite3_stmt *db_prepare(struct db *db, const char *sql)
{
    for (size_t i = 0; i < db->ncache; i++) {
        if (db->cache[i].sql == sql) {
            sqlite3_stmt *st = db->cache[i].stmt;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
    }
    sqlite3_stmt *st;
    /* lint-ok: db_prepare's callers are checked, each passes fixed text */
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        db_set_error(db, "prepare");
        return NULL;
    }
    db->cache = xgrow(db->cache, db->ncache, &db->capcache, sizeof *db->cache);
    db->cache[db->ncache++] = (struct db_cached){sql, st};
    return st;
}

/* Finds a named parameter; a missing one means the SQL and the code disagree. */
static int param_index(sqlite3_stmt *st, const char *name)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i == 0) {
        fprintf(stderr, "dialturn: bug: no parameter %s in: %s\n", name, sqlite3_sql(st));
        abort();
    }
    return i;
}

void db_bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = param_index(st, name);
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

void db_bind_text_static(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = param_index(st, name);
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

void db_bind_int(sqlite3_stmt *st, const char *name, int64_t v)
{
    sqlite3_bind_int64(st, param_index(st, name), v);
}

void db_bind_double(sqlite3_stmt *st, const char *name, double v)
{
    sqlite3_bind_double(st, param_index(st, name), v);
}

void db_bind_null(sqlite3_stmt *st, const char *name)
{
    sqlite3_bind_null(st, param_index(st, name));
}

void db_bind_date(sqlite3_stmt *st, const char *name, day_t d)
{
    if (d == DAY_NONE) {
        db_bind_null(st, name);
        return;
    }
    char s[DATE_LEN];
    date_format(d, s);
    db_bind_text(st, name, s);
}

const char *db_col_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

day_t db_col_date(sqlite3_stmt *st, int i)
{
    day_t d;
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s && date_parse(s, &d) ? d : DAY_NONE;
}

int db_step(struct db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    db_set_error(db, what);
    return -1;
}

int db_exec(struct db *db, const char *sql)
{
    char *msg = NULL;
    /* lint-ok: db_exec's callers are checked, each passes fixed text */
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(db->err, sizeof db->err, "%s", msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        int code = sqlite3_errcode(db->h) & 0xff;
        db->busy = code == SQLITE_BUSY || code == SQLITE_LOCKED;
        return -1;
    }
    return 0;
}

int db_begin(struct db *db)
{
    db->head_known = false;
    return db_exec(db, "BEGIN IMMEDIATE");
}

int db_commit(struct db *db)
{
    return db_exec(db, "COMMIT");
}

void db_rollback(struct db *db)
{
    db->head_known = false;
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

void db_set_actor(struct db *db, const char *actor)
{
    free(db->actor);
    db->actor = xstrdup(actor ? actor : "system");
}

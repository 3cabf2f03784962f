/* testdb.h — a fresh temporary database for the unit tests (header only).
 *
 *   testdb_path(buf, size, "name")  "/tmp/dialturn-name-PID.db"; Criterion runs
 *                                   each test in its own process, so each test
 *                                   gets its own file
 *   testdb_open(path)               a new database there (anything left at the
 *                                   path is removed first)
 *   testdb_import(db, doc)          imports an inline JSON plan
 *   testdb_create(path, doc)        testdb_open + testdb_import
 *   testdb_close(db, path)          closes it and removes its files
 *   testdb_remove(path)             removes the file and its -wal and -shm
 *   testdb_id(db, sql, ref)         the row id the one-row query sql (bound
 *                                   :ref) gives, e.g. an action's by its ref
 *
 * Every step asserts its success with the error message. */
#ifndef DIALTURN_TESTDB_H
#define DIALTURN_TESTDB_H

#include "model/db.h"
#include "model/import.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static inline void testdb_path(char *buf, size_t size, const char *name)
{
    int n = snprintf(buf, size, "/tmp/dialturn-%s-%d.db", name, (int)getpid());
    cr_assert(n > 0 && (size_t)n < size, "test database path too long for %s", name);
}

static inline void testdb_remove(const char *path)
{
    char p[256];
    remove(path);
    snprintf(p, sizeof p, "%s-wal", path);
    remove(p);
    snprintf(p, sizeof p, "%s-shm", path);
    remove(p);
}

static inline struct db *testdb_open(const char *path)
{
    char err[512];
    testdb_remove(path);
    struct db *db = db_open(path, DB_OPEN_CREATE, err, sizeof err);
    cr_assert_not_null(db, "%s", err);
    return db;
}

static inline void testdb_import(struct db *db, const char *doc)
{
    char err[512];
    cr_assert_eq(plan_import(db, "test.json", doc, strlen(doc), NULL, err, sizeof err), 0, "%s",
                 err);
}

static inline struct db *testdb_create(const char *path, const char *doc)
{
    struct db *db = testdb_open(path);
    testdb_import(db, doc);
    return db;
}

static inline void testdb_close(struct db *db, const char *path)
{
    db_close(db);
    testdb_remove(path);
}

static inline int64_t testdb_id(struct db *db, const char *sql, const char *ref)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    cr_assert_not_null(st, "%s", db->err);
    db_bind_text(st, ":ref", ref);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "no row for %s", ref);
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return id;
}

#endif

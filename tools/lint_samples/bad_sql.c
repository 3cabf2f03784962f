/* Samples the checker must refuse: a finding is expected on each marked line. */
#include <sqlite3.h>
#include <stdio.h>

static void bad_sql(struct db *db, sqlite3 *h, const char *table, int id)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT * FROM %s", table);
    db_prepare(db, sql); /* want-lint: a local array printed into */
    db_prepare(db,       /* want-lint: the format is on the next line */
               buf_str(&query));
    sqlite3_prepare_v2(h, table, -1, NULL, NULL); /* want-lint: a parameter of an extern function */
    char *q = sqlite3_mprintf("DELETE FROM t WHERE id = %d", id); /* want-lint */
    sqlite3_exec(h, /* want-lint: a call split over lines, the SQL a call */
                 q,
                 NULL, NULL, NULL);
    db_exec(db, id ? "BEGIN" : table); /* want-lint: one branch is not fixed */
    db_prepare(db, p->select_text); /* want-lint: a member not named *sql */
}

static int run(struct db *db, const char *sql)
{
    return db_exec(db, sql); /* want-lint: a caller below passes a built string */
}

static void callers(struct db *db, const char *name)
{
    run(db, "VACUUM");
    run(db, name);
}

static void scopes(struct db *db, int id)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT %d", id);
    db_prepare(db, sql); /* want-lint: the fixed `sql` of good_scope is another variable */
    const char *q = "SELECT 1";
    if (id)
        q = buf_str(&query);
    db_prepare(db, q); /* want-lint: q is assigned again */
}

static void good_scope(struct db *db)
{
    const char *sql = "SELECT 2";
    db_prepare(db, sql);
}

/* integrity.c — the schema against the migrations, and the search index
 * against its rows. */
#include "model/integrity.h"
#include "lib/buf.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every object of a schema but SQLite's statistics (ANALYZE may add them at
 * any time), in one order for both sides. */
static const char sql_schema[] = "SELECT type, name, tbl_name, sql FROM sqlite_schema "
                                 "WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name";

/* Makes, in memory, the schema the embedded migrations create.  Returns the
 * connection (the caller closes it), or NULL with db->err set. */
static sqlite3 *schema_expected(struct db *db)
{
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) !=
        SQLITE_OK) {
        snprintf(db->err, sizeof db->err, "schema: cannot open a database in memory");
        sqlite3_close(h);
        return NULL;
    }
    int want = db_schema_version();
    for (int v = 1; v <= want; v++) {
        const char *sql = db_migration_sql(v);
        char *msg = NULL;
        /* lint-ok: an embedded sql/ migration */
        if (!sql || sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
            snprintf(db->err, sizeof db->err, "schema: migration %d: %s", v,
                     msg ? msg : "missing from this binary");
            sqlite3_free(msg);
            sqlite3_close(h);
            return NULL;
        }
    }
    return h;
}

/* Steps a statement of the expected schema's connection: 1, 0, or -1 (db->err). */
static int step_expected(struct db *db, sqlite3 *h, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    snprintf(db->err, sizeof db->err, "schema: %s", sqlite3_errmsg(h));
    return -1;
}

/* Orders two rows of sql_schema by (type, name). */
static int schema_cmp(sqlite3_stmt *a, sqlite3_stmt *b)
{
    int c = strcmp(db_col_text(a, 0), db_col_text(b, 0));
    return c ? c : strcmp(db_col_text(a, 1), db_col_text(b, 1));
}

int integrity_schema(struct db *db)
{
    sqlite3 *mem = schema_expected(db);
    if (!mem)
        return -1;
    sqlite3_stmt *want = NULL;
    sqlite3_stmt *got = db_prepare(db, sql_schema);
    int rc = -1;
    if (!got)
        goto out;
    if (sqlite3_prepare_v2(mem, sql_schema, -1, &want, NULL) != SQLITE_OK) {
        snprintf(db->err, sizeof db->err, "schema: %s", sqlite3_errmsg(mem));
        goto out;
    }
    int hw = step_expected(db, mem, want), hg = db_step(db, got, "schema");
    while (hw >= 0 && hg >= 0 && (hw || hg)) {
        int c = !hg ? -1 : !hw ? 1 : schema_cmp(want, got);
        if (c < 0) {
            snprintf(db->err, sizeof db->err,
                     "schema: %s %s is missing (the migrations create it; dropped behind "
                     "dialturn's back)",
                     db_col_text(want, 0), db_col_text(want, 1));
            goto out;
        }
        if (c > 0) {
            snprintf(db->err, sizeof db->err,
                     "schema: %s %s is not one the migrations create (added behind dialturn's "
                     "back)",
                     db_col_text(got, 0), db_col_text(got, 1));
            goto out;
        }
        if (strcmp(db_col_text(want, 2), db_col_text(got, 2)) != 0 ||
            strcmp(db_col_text(want, 3), db_col_text(got, 3)) != 0) {
            snprintf(db->err, sizeof db->err,
                     "schema: %s %s is not the one the migrations create (its SQL differs)",
                     db_col_text(got, 0), db_col_text(got, 1));
            goto out;
        }
        hw = step_expected(db, mem, want);
        hg = db_step(db, got, "schema");
    }
    rc = hw < 0 || hg < 0 ? -1 : 0;
out:
    if (got)
        sqlite3_reset(got);
    sqlite3_finalize(want);
    sqlite3_close(mem);
    return rc;
}

/* ---- the search index ----------------------------------------------------------------- */

struct search_table {
    const char *fts;    /* the FTS5 table */
    const char *source; /* the table it indexes */
    /* The first row (by id) that differs: id, missing from the index, extra
     * in it, the first column that differs. */
    const char *diff_sql;
    const char *check_sql; /* FTS5's integrity-check */
};

static const struct search_table search_tables[] = {
    {"search_action", "action",
     "SELECT coalesce(a.id, s.rowid), s.rowid IS NULL, a.id IS NULL, "
     "CASE WHEN a.ref IS NOT s.ref THEN 'ref' WHEN a.title IS NOT s.title THEN 'title' "
     "ELSE 'description' END "
     "FROM action a FULL JOIN search_action s ON s.rowid = a.id "
     "WHERE a.id IS NULL OR s.rowid IS NULL OR a.ref IS NOT s.ref OR a.title IS NOT s.title "
     "OR a.description IS NOT s.description ORDER BY 1 LIMIT 1",
     "INSERT INTO search_action (search_action, rank) VALUES ('integrity-check', 1)"},
    {"search_update", "progress_update",
     "SELECT coalesce(u.id, s.rowid), s.rowid IS NULL, u.id IS NULL, 'narrative' "
     "FROM progress_update u FULL JOIN search_update s ON s.rowid = u.id "
     "WHERE u.id IS NULL OR s.rowid IS NULL OR u.narrative IS NOT s.narrative "
     "ORDER BY 1 LIMIT 1",
     "INSERT INTO search_update (search_update, rank) VALUES ('integrity-check', 1)"},
    {"search_measure", "measure",
     "SELECT coalesce(m.id, s.rowid), s.rowid IS NULL, m.id IS NULL, "
     "CASE WHEN m.ref IS NOT s.ref THEN 'ref' ELSE 'title' END "
     "FROM measure m FULL JOIN search_measure s ON s.rowid = m.id "
     "WHERE m.id IS NULL OR s.rowid IS NULL OR m.ref IS NOT s.ref OR m.title IS NOT s.title "
     "ORDER BY 1 LIMIT 1",
     "INSERT INTO search_measure (search_measure, rank) VALUES ('integrity-check', 1)"},
    /* sql/009: every wording of every state in the history, and nothing else */
    {"search_action_v", "action",
     "SELECT id, missing, 1 - missing, 'wording' FROM ("
     "SELECT h.id AS id, 1 AS missing FROM action_h h WHERE NOT EXISTS (SELECT 1 FROM "
     "search_action_text t WHERE t.action_id = h.id AND t.ref IS h.ref AND t.title IS h.title "
     "AND t.description IS h.description) UNION ALL "
     "SELECT t.action_id, 0 FROM search_action_text t WHERE NOT EXISTS (SELECT 1 FROM action_h h "
     "WHERE h.id = t.action_id AND h.ref IS t.ref AND h.title IS t.title "
     "AND h.description IS t.description)) ORDER BY 1 LIMIT 1",
     "INSERT INTO search_action_v (search_action_v, rank) VALUES ('integrity-check', 1)"},
    {"search_measure_v", "measure",
     "SELECT id, missing, 1 - missing, 'wording' FROM ("
     "SELECT h.id AS id, 1 AS missing FROM measure_h h WHERE NOT EXISTS (SELECT 1 FROM "
     "search_measure_text t WHERE t.measure_id = h.id AND t.ref IS h.ref AND t.title IS h.title) "
     "UNION ALL SELECT t.measure_id, 0 FROM search_measure_text t WHERE NOT EXISTS (SELECT 1 "
     "FROM measure_h h WHERE h.id = t.measure_id AND h.ref IS t.ref AND h.title IS t.title)) "
     "ORDER BY 1 LIMIT 1",
     "INSERT INTO search_measure_v (search_measure_v, rank) VALUES ('integrity-check', 1)"},
    /* sql/017: the new wording of every correction of a narrative, and nothing else */
    {"search_correction", "update_correction",
     "SELECT coalesce(c.id, s.rowid), s.rowid IS NULL, c.id IS NULL, 'narrative' "
     "FROM (SELECT id, new_value FROM update_correction WHERE field = 'narrative') c "
     "FULL JOIN search_correction s ON s.rowid = c.id "
     "WHERE c.id IS NULL OR s.rowid IS NULL OR c.new_value IS NOT s.narrative "
     "ORDER BY 1 LIMIT 1",
     "INSERT INTO search_correction (search_correction, rank) VALUES ('integrity-check', 1)"},
};
#define N_SEARCH_TABLES (sizeof search_tables / sizeof search_tables[0])

/* Runs FTS5's integrity-check of every search table on connection h.
 * Returns 0, 1 when h cannot write (not checked), -1 with db->err set. */
static int search_structure(struct db *db, sqlite3 *h)
{
    for (size_t i = 0; i < N_SEARCH_TABLES; i++) {
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(h, search_tables[i].check_sql, -1, &st, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if ((rc & 0xff) == SQLITE_READONLY)
            return 1;
        if (rc != SQLITE_DONE) {
            snprintf(db->err, sizeof db->err,
                     "search index %s: FTS5's integrity-check fails: %s (its index was altered "
                     "behind dialturn's back)",
                     search_tables[i].fts, sqlite3_errmsg(h));
            return -1;
        }
    }
    return 0;
}

int integrity_search(struct db *db, bool *structure_checked)
{
    *structure_checked = false;
    for (size_t i = 0; i < N_SEARCH_TABLES; i++) {
        const struct search_table *t = &search_tables[i];
        sqlite3_stmt *st = db_prepare(db, t->diff_sql);
        if (!st)
            return -1;
        int r = db_step(db, st, t->fts);
        if (r > 0) {
            int64_t id = sqlite3_column_int64(st, 0);
            if (sqlite3_column_int(st, 1))
                snprintf(db->err, sizeof db->err,
                         "search index %s lacks %s row %" PRId64 " (removed behind dialturn's "
                         "back)",
                         t->fts, t->source, id);
            else if (sqlite3_column_int(st, 2))
                snprintf(db->err, sizeof db->err,
                         "search index %s has row %" PRId64 ", which no %s row has (forged "
                         "behind dialturn's back)",
                         t->fts, id, t->source);
            else
                snprintf(db->err, sizeof db->err,
                         "search index %s row %" PRId64 ": its %s is not that of %s row %" PRId64
                         " (altered behind dialturn's back)",
                         t->fts, id, db_col_text(st, 3), t->source, id);
        }
        sqlite3_reset(st);
        if (r != 0)
            return -1;
    }
    if (!db->readonly) {
        int rc = search_structure(db, db->h);
        *structure_checked = rc == 0;
        return rc < 0 ? -1 : 0;
    }
    /* a second connection that may write, whose transaction changes nothing
     * and is rolled back */
    const char *path = sqlite3_db_filename(db->h, "main");
    sqlite3 *h = NULL;
    int rc = 0;
    if (!path || !*path ||
        sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return 0; /* not checked */
    }
    sqlite3_busy_timeout(h, 5000);
    sqlite3_extended_result_codes(h, 1);
    if (sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) == SQLITE_OK) {
        rc = search_structure(db, h);
        sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
        *structure_checked = rc == 0;
    }
    sqlite3_close(h);
    return rc < 0 ? -1 : 0;
}

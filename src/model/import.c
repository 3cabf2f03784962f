/* import.c — the import transaction shared by the CLI and the demo. */
#include "model/import.h"
#include "model/plan_csv.h"
#include "model/plan_json.h"
#include <stdio.h>
#include <string.h>

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
    json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc) {
        snprintf(err, errlen, "%s:%d:%d: %s", name, je.line, je.column, je.text);
        return -1;
    }
    int rc = plan_read_json(p, doc, why, sizeof why);
    json_decref(doc);
    if (rc)
        snprintf(err, errlen, "%s: %s", name, why);
    return rc;
}

int plan_import(struct db *db, const char *name, const char *data, size_t len,
                struct import_counts *counts, char *err, size_t errlen)
{
    struct plan p = {0};
    char why[600];
    int rc = -1;
    /* a large import touches every page once: let them stay in memory rather
     * than spill to the WAL mid-transaction */
    db_exec(db, "PRAGMA cache_size = -32768");
    if (db_begin(db) || plan_load(db, &p)) {
        snprintf(err, errlen, "%s", db->err);
    } else if (merge_input(&p, name, data, len, err, errlen) == 0) {
        if (plan_check(&p, why, sizeof why))
            snprintf(err, errlen, "%s: %s", name, why);
        else if (plan_store(db, &p) || db_commit(db))
            snprintf(err, errlen, "%s", db->err);
        else
            rc = 0;
    }
    if (rc)
        db_rollback(db);
    else if (counts)
        *counts = (struct import_counts){p.n_actions, p.n_updates, p.n_measures};
    plan_free(&p);
    db_exec(db, "PRAGMA cache_size = -2000");
    return rc;
}

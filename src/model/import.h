/* import.h — one import as one transaction: load, merge, check, store. */
#ifndef DIALTURN_IMPORT_H
#define DIALTURN_IMPORT_H
#include "model/db.h"
#include "model/plan.h"

struct import_counts {
    size_t actions, updates, measures; /* totals in the plan after the import */
    char renamed_from[1024]; /* the organisation's name before, when the import changed it;
                               "" otherwise */
};

/* Merges `data` (a dialturn-plan/1 JSON document, or a CSV of one kind when
 * `name` ends in .csv or the data does not start with '{') into db, in one
 * transaction with its ledger entries.  `name` is used in messages.  Returns 0,
 * or -1 with "name: where: problem" in err and the database unchanged. */
int plan_import(struct db *db, const char *name, const char *data, size_t len,
                struct import_counts *counts, char *err, size_t errlen);

/* plan_import(), with the organisation's name set to `org` (when not NULL)
 * whatever the file and the input say: `dialturn import --org`.  Without it
 * the input's name replaces the file's, and counts->renamed_from says so. */
int plan_import_org(struct db *db, const char *name, const char *data, size_t len, const char *org,
                    struct import_counts *counts, char *err, size_t errlen);

/* Imports `data` as plan_import() does into `path`, a file that must not exist
 * yet, written as "path.partial-PID" without a journal (DB_OPEN_BULK) and given
 * its name only once the import has committed and the file is an ordinary WAL
 * database.  A failed import, or a process that dies midway, leaves no file
 * named `path`; the first removes its partial file, the second leaves one
 * whose name says what it is.  `actor` is recorded in the ledger; `org` is as
 * for plan_import_org.  Returns 0,
 * or -1 with a one-line reason in err. */
int plan_import_new(const char *path, const char *actor, const char *name, const char *data,
                    size_t len, const char *org, struct import_counts *counts, char *err,
                    size_t errlen);

#endif

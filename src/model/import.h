/* import.h — one import as one transaction: load, merge, check, store. */
#ifndef DIALTURN_IMPORT_H
#define DIALTURN_IMPORT_H
#include "model/db.h"
#include "model/plan.h"

struct import_counts {
    size_t actions, updates, measures; /* totals in the plan after the import */
};

/* Merges `data` (a dialturn-plan/1 JSON document, or a CSV of one kind when
 * `name` ends in .csv or the data does not start with '{') into db, in one
 * transaction with its ledger entries.  `name` is used in messages.  Returns 0,
 * or -1 with "name: where: problem" in err and the database unchanged. */
int plan_import(struct db *db, const char *name, const char *data, size_t len,
                struct import_counts *counts, char *err, size_t errlen);

#endif

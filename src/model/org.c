/* org.c — reading the organisation row. */
#include "model/org.h"
#include <stdio.h>

int org_identity(struct db *db, char *name, size_t namelen, char *slug, size_t sluglen)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT name, slug FROM organisation");
    if (!st)
        return -1;
    int rc = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(name, namelen, "%s", db_col_text(st, 0));
        snprintf(slug, sluglen, "%s", db_col_text(st, 1));
        rc = 0;
    } else {
        snprintf(db->err, sizeof db->err, "no organisation in this file");
    }
    sqlite3_reset(st);
    return rc;
}

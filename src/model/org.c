/* org.c — reading the organisation row. */
#include "model/org.h"
#include "lib/buf.h"
#include "model/scale.h"
#include <stdio.h>
#include <stdlib.h>

int org_read(struct db *db, char **name, char **slug, const struct scale **scale)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT name, slug, rating_scale FROM organisation");
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *name = xstrdup(db_col_text(st, 0));
        *slug = xstrdup(db_col_text(st, 1));
        *scale = scale_find(db_col_text(st, 2));
    } else if (rc == SQLITE_DONE) {
        snprintf(db->err, sizeof db->err, "the database has no organisation (run `dialturn init`)");
    } else {
        db_set_error(db, "reading the organisation");
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW && !*scale)
        *scale = scale_find("confidence3");
    return rc == SQLITE_ROW ? 0 : -1;
}

int org_identity(struct db *db, char *name, size_t namelen, char *slug, size_t sluglen)
{
    char *n = NULL, *s = NULL;
    const struct scale *sc = NULL;
    if (org_read(db, &n, &s, &sc))
        return -1;
    snprintf(name, namelen, "%s", n);
    snprintf(slug, sluglen, "%s", s);
    free(n);
    free(s);
    return 0;
}

int org_timezone(struct db *db, char *out, size_t outlen)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT timezone FROM organisation WHERE id = 1");
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE)
            snprintf(db->err, sizeof db->err, "no organisation: not a dialturn database yet");
        else
            db_set_error(db, "reading the organisation");
        sqlite3_reset(st);
        return -1;
    }
    snprintf(out, outlen, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    return 0;
}

/* org.h — the organisation a database file holds. */
#ifndef DIALTURN_ORG_H
#define DIALTURN_ORG_H
#include "model/db.h"

struct scale;

/* Reads the organisation row: name and slug (malloc'd, the caller frees) and
 * rating scale (confidence3 if the row names none known).  Returns 0, or -1
 * with the reason in db->err (no organisation row: not a dialturn regime yet). */
int org_read(struct db *db, char **name, char **slug, const struct scale **scale);

/* Copies the organisation's name and slug (each truncated to fit).  Returns
 * 0, or -1 with the reason in db->err (no organisation row: not a dialturn
 * regime yet). */
int org_identity(struct db *db, char *name, size_t namelen, char *slug, size_t sluglen);

/* Copies the organisation's time zone (an IANA name, "Europe/London"), in
 * which the pages show times.  Returns 0, or -1 (db->err). */
int org_timezone(struct db *db, char *out, size_t outlen);

#endif

/* backup.h — copies of an organisation's database file, taken while the
 * server writes to it, and putting one back.
 *
 * A copy is SQLite's online backup of one read transaction: every change
 * committed before the copy began is in it, and nothing half-made is.  It is
 * written under a partial name, checked (PRAGMA quick_check), flushed to the
 * disk and only then given its name, so a name in a backup directory always
 * means a whole, durable copy. */
#ifndef DIALTURN_BACKUP_H
#define DIALTURN_BACKUP_H
#include "model/db.h"
#include <stddef.h>
#include <time.h>

/* Copies the database of `src` into `dest`, a file that must not exist.
 * Returns 0, or -1 with a one-line reason in err; on failure no file is left
 * at dest. */
int backup_copy(struct db *src, const char *dest, char *err, size_t errlen);

/* Puts the copy at `from` in the place of the database at `to` (which may
 * not exist yet), in one transaction of the database's own: a server reading
 * `to` meanwhile sees the old file or the restored one, never a mixture, and
 * its connections stay valid.  The caller checks `from` first (ledger_verify);
 * this copies whatever it is given.  Returns 0, or -1 with a one-line reason
 * in err. */
int backup_restore(const char *from, const char *to, char *err, size_t errlen);

/* The name of a copy of the organisation `slug` taken at `t`:
 * "SLUG-YYYYMMDDTHHMMSSZ.db" (UTC), so that names sort by time. */
void backup_name(const char *slug, time_t t, char *out, size_t outlen);

/* Whether `name` (a file name, no directory) is a copy of `slug` named by
 * backup_name; its time in *t when it is. */
bool backup_name_parse(const char *name, const char *slug, time_t *t);

/* Lists DIR's database files (*.db, not hidden), sorted, as paths "DIR/NAME"
 * in *out: the organisations a server of DIR serves and a backup of DIR
 * copies.  *out and each path are malloc'd, the caller's to free.  Returns how
 * many, or -1 with the reason in err. */
long backup_list_dbs(const char *dir, char ***out, char *err, size_t errlen);

#endif

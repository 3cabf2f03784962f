/* backup.c — online copies and restores (backup.h). */
#include "model/backup.h"
#include "lib/buf.h"
#include "lib/heap.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* How long a copy or a restore waits for a writer's lock before giving up. */
#define BACKUP_BUSY_MS 10000

/* Flushes the file at `path` (and, when `dir` is set, the directory holding
 * it, so that a new name is durable too).  Returns 0 or -1 with errno set. */
static int sync_path(const char *path, bool dir)
{
    char copy[4096];
    if (dir) {
        if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy) {
            errno = ENAMETOOLONG;
            return -1;
        }
        path = dirname(copy);
    }
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

int backup_copy(struct db *src, const char *dest, char *err, size_t errlen)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.partial-%ld", dest, (long)getpid()) >= (int)sizeof tmp) {
        snprintf(err, errlen, "%s: the name is too long", dest);
        return -1;
    }
    if (access(dest, F_OK) == 0) {
        snprintf(err, errlen, "%s already exists", dest);
        return -1;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        return -1;
    }
    close(fd);
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(tmp, &h, SQLITE_OPEN_READWRITE, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(h, "main", src->h, "main") : NULL;
    if (b) {
        /* one step: the whole file from one read transaction of the source */
        sqlite3_busy_timeout(h, BACKUP_BUSY_MS);
        do
            rc = sqlite3_backup_step(b, -1);
        while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        rc = sqlite3_backup_finish(b);
    } else if (rc == SQLITE_OK) {
        rc = sqlite3_errcode(h);
    }
    const char *why = rc == SQLITE_OK ? NULL : sqlite3_errmsg(h);
    char check[128] = "";
    if (!why) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(h, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            snprintf(check, sizeof check, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        if (strcmp(check, "ok") != 0)
            why = *check ? check : "the copy could not be checked";
    }
    if (why)
        snprintf(err, errlen, "%s: %s", dest, why);
    /* the copy is an ordinary file from here: one connection, closed, leaves
     * no -wal beside it (its journal mode is the source's) */
    if (sqlite3_close(h) != SQLITE_OK && !why) {
        snprintf(err, errlen, "%s: cannot close the copy", dest);
        why = err;
    }
    if (!why && (sync_path(tmp, false) || linkat(AT_FDCWD, tmp, AT_FDCWD, dest, 0) ||
                 sync_path(dest, true))) {
        snprintf(err, errlen, "%s: %s", dest, strerror(errno));
        why = err;
    }
    unlink(tmp);
    char side[sizeof tmp + 8];
    snprintf(side, sizeof side, "%s-wal", tmp);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", tmp);
    unlink(side);
    return why ? -1 : 0;
}

int backup_restore(const char *from, const char *to, char *err, size_t errlen)
{
    sqlite3 *src = NULL, *dst = NULL;
    int rc = sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", from, src ? sqlite3_errmsg(src) : "cannot open");
        sqlite3_close(src);
        return -1;
    }
    rc = sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dst, "main", src, "main") : NULL;
    if (b) {
        /* one step, one write transaction on `to`: readers see all or nothing */
        sqlite3_busy_timeout(dst, BACKUP_BUSY_MS);
        do
            rc = sqlite3_backup_step(b, -1);
        while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        rc = sqlite3_backup_finish(b);
    } else if (rc == SQLITE_OK) {
        rc = sqlite3_errcode(dst);
    }
    if (rc != SQLITE_OK)
        snprintf(err, errlen, "%s: %s", to, dst ? sqlite3_errmsg(dst) : "cannot open");
    sqlite3_close(dst);
    sqlite3_close(src);
    return rc == SQLITE_OK ? 0 : -1;
}

void backup_name(const char *slug, time_t t, char *out, size_t outlen)
{
    struct tm tm;
    char when[32];
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", &tm);
    snprintf(out, outlen, "%s-%s.db", slug, when);
}

bool backup_name_parse(const char *name, const char *slug, time_t *t)
{
    size_t n = strlen(slug);
    /* SLUG-YYYYMMDDTHHMMSSZ.db */
    if (strncmp(name, slug, n) != 0 || name[n] != '-' || strlen(name + n + 1) != 19 ||
        strcmp(name + n + 17, ".db") != 0)
        return false;
    const char *w = name + n + 1;
    for (int i = 0; i < 16; i++) {
        bool digit = i != 8 && i != 15;
        if (digit ? (w[i] < '0' || w[i] > '9') : w[i] != (i == 8 ? 'T' : 'Z'))
            return false;
    }
    struct tm tm = {0};
    if (!strptime(w, "%Y%m%dT%H%M%SZ", &tm))
        return false;
    *t = timegm(&tm);
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

long backup_list_dbs(const char *dir, char ***out, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    char **paths = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 3, ".db") != 0 || e->d_name[0] == '.')
            continue;
        struct buf p = BUF_INIT;
        buf_printf(&p, "%s/%s", dir, e->d_name);
        paths = xrealloc(paths, (n + 1) * sizeof *paths);
        paths[n++] = buf_detach(&p);
    }
    closedir(d);
    if (n > 1)
        qsort(paths, n, sizeof *paths, cmp_str);
    *out = paths;
    return (long)n;
}

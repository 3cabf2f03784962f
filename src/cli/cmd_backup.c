/* cmd_backup.c — `dialturn backup` and `dialturn restore`: copies taken while
 * the server runs, kept in rotation, and one put back only once `verify`
 * passes on it. */
#include "cli/cli.h"
#include "lib/buf.h"
#include "lib/heap.h"
#include "model/backup.h"
#include "model/ledger.h"
#include "model/org.h"
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BACKUP_KEEP     14 /* copies kept per organisation unless --keep says */
#define BACKUP_KEEP_MAX 10000

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes all but the newest `keep` copies of `slug` in `dir`.  Returns how
 * many were removed, or -1 with the reason in err. */
static long rotate(const char *dir, const char *slug, unsigned keep, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    time_t t;
    while ((e = readdir(d)))
        if (backup_name_parse(e->d_name, slug, &t)) {
            names = xrealloc(names, (n + 1) * sizeof *names);
            names[n++] = xstrdup(e->d_name);
        }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_name); /* the names sort by time */
    long removed = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + keep < n) {
            struct buf p = BUF_INIT;
            buf_printf(&p, "%s/%s", dir, names[i]);
            if (unlink(buf_str(&p)) == 0)
                removed++;
            else if (removed >= 0) {
                snprintf(err, errlen, "%s: %s", buf_str(&p), strerror(errno));
                removed = -1;
            }
            buf_free(&p);
        }
        free(names[i]);
    }
    free(names);
    return removed;
}

/* Copies one organisation's file into `dir` under backup_name, then rotates.
 * Prints one line.  Returns EXIT_OK or EXIT_USER (message printed). */
static int backup_into(const char *path, const char *dir, unsigned keep, time_t now)
{
    char err[1024], name[160], slug[72], orgname[8];
    struct db *db = db_open(path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return cli_fail("backup", "%s", err);
    int rc = EXIT_OK;
    if (org_identity(db, orgname, sizeof orgname, slug, sizeof slug)) {
        rc = cli_fail("backup", "%s: %s", path, db->err);
    } else {
        backup_name(slug, now, name, sizeof name);
        struct buf dest = BUF_INIT;
        buf_printf(&dest, "%s/%s", dir, name);
        long removed = 0;
        if (backup_copy(db, buf_str(&dest), err, sizeof err) ||
            (removed = rotate(dir, slug, keep, err, sizeof err)) < 0)
            rc = cli_fail("backup", "%s", err);
        else
            printf("backed up %s to %s (%ld older cop%s removed, %u kept)\n", path, buf_str(&dest),
                   removed, removed == 1 ? "y" : "ies", keep);
        buf_free(&dest);
    }
    db_close(db);
    return rc;
}

int cmd_backup(int argc, char **argv)
{
    static const struct option opts[] = {{"dir", required_argument, NULL, 'd'},
                                         {"keep", required_argument, NULL, 'k'},
                                         {NULL, 0, NULL, 0}};
    const char *dir = NULL;
    unsigned keep = BACKUP_KEEP;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'd') {
            dir = optarg;
        } else if (c == 'k') {
            char *end;
            unsigned long v = strtoul(optarg, &end, 10);
            if (!*optarg || *end || optarg[0] == '-' || v < 1 || v > BACKUP_KEEP_MAX)
                return cli_usage("backup", "--keep expects a whole number from 1 to %d",
                                 BACKUP_KEEP_MAX);
            keep = (unsigned)v;
        } else {
            return cli_option_error("backup", c, argv);
        }
    }
    char err[1024];
    if (!dir) {
        /* FILE DEST: one copy, to a name of the caller's choosing */
        if (optind != argc - 2)
            return cli_usage("backup", "expects FILE DEST, or FILE|DIR --dir BACKUPS");
        const char *path = argv[optind], *dest = argv[optind + 1];
        struct db *db = db_open(path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
        if (!db)
            return cli_fail("backup", "%s", err);
        int rc = EXIT_OK;
        if (backup_copy(db, dest, err, sizeof err))
            rc = cli_fail("backup", "%s", err);
        else
            printf("backed up %s to %s\n", path, dest);
        db_close(db);
        return rc;
    }
    if (optind != argc - 1)
        return cli_usage("backup", "expects FILE or DIR with --dir");
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return cli_fail("backup", "%s: %s", dir, strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return cli_fail("backup", "%s: not a directory", dir);
    const char *src = argv[optind];
    time_t now = time(NULL);
    if (stat(src, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        char **paths = NULL;
        long n = backup_list_dbs(src, &paths, err, sizeof err);
        if (n < 0)
            return cli_fail("backup", "%s", err);
        if (n == 0)
            return cli_fail("backup", "%s: no database files (*.db) to back up", src);
        int rc = EXIT_OK;
        for (long i = 0; i < n; i++) {
            if (backup_into(paths[i], dir, keep, now) != EXIT_OK)
                rc = EXIT_USER; /* go on with the others: one bad file stops no copy */
            free(paths[i]);
        }
        free(paths);
        return rc;
    }
    return backup_into(src, dir, keep, now);
}

/* Runs the whole of `verify` on the file at path and reads its organisation's
 * slug into slug[72]; prints its failure. */
static int verify_file(const char *path, int flags, struct verify_result *r, char *slug)
{
    char err[1024], name[8];
    struct db *db = db_open(path, flags | DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return strncmp(err, path, strlen(path)) == 0 ? cli_fail("restore", "%s", err)
                                                     : cli_fail("restore", "%s: %s", path, err);
    int rc = EXIT_OK;
    if (ledger_verify(db, r) || org_identity(db, name, sizeof name, slug, 72))
        rc = cli_fail("restore", "%s: %s", path, db->err);
    db_close(db);
    return rc;
}

int cmd_restore(int argc, char **argv)
{
    static const struct option opts[] = {{NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    if ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1)
        return cli_option_error("restore", c, argv);
    if (optind != argc - 2)
        return cli_usage("restore", "expects BACKUP FILE");
    const char *from = argv[optind], *to = argv[optind + 1];
    struct verify_result r;
    char slug[72], was[72], name[8], err[1024];
    /* the copy must prove itself before it takes anyone's place */
    if (verify_file(from, DB_OPEN_READONLY, &r, slug) != EXIT_OK)
        return cli_fail("restore", "%s does not verify: nothing was restored", from);
    struct buf kept = BUF_INIT;
    if (access(to, F_OK) == 0) {
        /* a copy of another organisation would take this one's place unseen */
        struct db *cur = db_open(to, DB_OPEN_READONLY, err, sizeof err);
        if (cur && org_identity(cur, name, sizeof name, was, sizeof was) == 0 &&
            strcmp(was, slug) != 0) {
            db_close(cur);
            return cli_fail("restore",
                            "%s is a copy of \"%s\" but %s holds \"%s\": nothing "
                            "was restored",
                            from, slug, to, was);
        }
        db_close(cur);
        /* what is there now is kept beside it, under a name no server serves */
        char stamp[64];
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
        buf_printf(&kept, "%s.before-restore-%s", to, stamp);
        struct db *db = db_open(to, DB_OPEN_READONLY, err, sizeof err);
        int brc = db ? backup_copy(db, buf_str(&kept), err, sizeof err) : -1;
        db_close(db);
        if (brc) {
            buf_free(&kept);
            return cli_fail("restore", "cannot keep the current file: %s", err);
        }
    }
    int rc = EXIT_OK;
    if (backup_restore(from, to, err, sizeof err))
        rc = cli_fail("restore", "%s", err);
    /* read-write: a copy from an older dialturn gets its migrations now */
    else if (verify_file(to, 0, &r, was) != EXIT_OK)
        rc = cli_fail("restore", "%s was restored but does not verify", to);
    else if (kept.len)
        printf("restored %s to %s (%ld ledger entries, head %s); the file it replaced is %s\n",
               from, to, r.entries, r.head[0] ? r.head : "(empty)", buf_str(&kept));
    else
        printf("restored %s to %s (%ld ledger entries, head %s)\n", from, to, r.entries,
               r.head[0] ? r.head : "(empty)");
    buf_free(&kept);
    return rc;
}

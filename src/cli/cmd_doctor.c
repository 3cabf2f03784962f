/* cmd_doctor.c — `dialturn doctor`: what an operator should fix, one line a
 * check, for each organisation's file: pending migrations, SQLite's own
 * integrity check, the whole of `verify`, mail the relay keeps waiting, how
 * old the last backup is, a WAL
 * that never shrinks, and who may read the file.  It changes nothing (an older
 * file is looked at, not migrated). */
#include "cli/cli.h"
#include "lib/buf.h"
#include "model/backup.h"
#include "model/ledger.h"
#include "model/mail.h"
#include "model/org.h"
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define DOCTOR_BACKUP_HOURS 26            /* a daily backup, with slack for its random delay */
#define DOCTOR_WAL_BYTES    (256ll << 20) /* a WAL this large is not being checkpointed */
#define DOCTOR_MAIL_WAIT    3600          /* seconds a mail may wait for the relay */

/* One organisation's report: lines and the number of problems. */
struct report {
    const char *path;
    int problems;
};

static void line(struct report *r, bool problem, const char *check, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Prints "PATH: CHECK: ok|PROBLEM: what"; counts problems. */
static void line(struct report *r, bool problem, const char *check, const char *fmt, ...)
{
    va_list ap;
    printf("%s: %-10s %s", r->path, check, problem ? "PROBLEM: " : "");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (problem)
        r->problems++;
}

/* The file's schema version, read without migrating it; -1 when unreadable. */
static int peek_version(const char *path, char *why, size_t whylen)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    else
        snprintf(why, whylen, "%s", h ? sqlite3_errmsg(h) : "cannot open");
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

/* The newest copy of slug in dir, by the time its name says; 0 when none. */
static time_t newest_backup(const char *dir, const char *slug)
{
    DIR *d = opendir(dir);
    time_t newest = 0, t;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (backup_name_parse(e->d_name, slug, &t) && t > newest)
            newest = t;
    if (d)
        closedir(d);
    return newest;
}

static int doctor_one(const char *path, const char *backups, unsigned max_hours)
{
    struct report r = {path, 0};
    char why[512];
    int have = peek_version(path, why, sizeof why), want = db_schema_version();
    if (have < 0) {
        line(&r, true, "open", "%s", why);
        return r.problems;
    }
    if (have > want)
        line(&r, true, "schema",
             "written by a newer dialturn (schema %d; this one knows %d): upgrade the binary", have,
             want);
    else if (have < want)
        line(&r, false, "schema",
             "migrations pending (schema %d; this dialturn writes %d): they run, each in its "
             "own transaction, when the server or any command next opens the file",
             have, want);
    else
        line(&r, false, "schema", "ok (schema %d)", have);
    if (have > want)
        return r.problems;

    /* SQLite's own check, then the whole of verify, on a migrated view: a
     * read-only connection refuses an older schema, so an older file is
     * checked for integrity only */
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    struct buf bad = BUF_INIT;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "PRAGMA integrity_check(20)", -1, &st, NULL) == SQLITE_OK) {
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *m = (const char *)sqlite3_column_text(st, 0);
            if (m && strcmp(m, "ok") != 0)
                buf_printf(&bad, "%s%s", bad.len ? "; " : "", m);
        }
        if (rc != SQLITE_DONE)
            buf_printf(&bad, "%s%s", bad.len ? "; " : "", sqlite3_errmsg(h));
    } else {
        buf_printf(&bad, "%s", h ? sqlite3_errmsg(h) : "cannot open");
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    line(&r, bad.len > 0, "integrity", "%s", bad.len ? buf_str(&bad) : "ok");
    buf_free(&bad);

    char slug[72] = "", name[8];
    if (have == want) {
        struct db *db = db_open(path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, why, sizeof why);
        struct verify_result vr;
        if (!db)
            line(&r, true, "verify", "%s", why);
        else if (ledger_verify(db, &vr))
            line(&r, true, "verify", "%s", db->err);
        else
            line(&r, false, "verify", "ok: %ld ledger entries, head %s", vr.entries,
                 vr.head[0] ? vr.head : "(empty)");
        if (db && org_identity(db, name, sizeof name, slug, sizeof slug))
            slug[0] = '\0';
        size_t queued, sent, failed;
        int64_t oldest;
        if (db &&
            (mail_outbox_counts(db, &queued, &sent, &failed) || mail_outbox_oldest(db, &oldest))) {
            line(&r, true, "mail", "%s", db->err);
        } else if (db) {
            int64_t wait = oldest ? (int64_t)time(NULL) - oldest : 0;
            if (wait > DOCTOR_MAIL_WAIT)
                line(&r, true, "mail",
                     "%zu mail%s waiting, the oldest for %.1f hours: is the relay reachable? "
                     "(`dialturn mail send %s` says why)",
                     queued, queued == 1 ? "" : "s", (double)wait / 3600, path);
            else
                line(&r, false, "mail", "ok: %zu waiting, %zu sent, %zu failed%s", queued, sent,
                     failed, failed ? " (each with its reason at /work/mail)" : "");
        }
        db_close(db);
    }

    if (backups && !*slug) {
        line(&r, true, "backup",
             "the organisation's slug cannot be read, so its copies cannot be "
             "found");
    } else if (backups) {
        time_t last = newest_backup(backups, slug), now = time(NULL);
        if (!last)
            line(&r, true, "backup", "no copy of \"%s\" in %s: run `dialturn backup %s --dir %s`",
                 slug, backups, path, backups);
        else if (now - last > (time_t)max_hours * 3600)
            line(&r, true, "backup",
                 "the newest copy in %s is %.1f hours old (more than %u): is the backup timer "
                 "running? (systemctl status dialturn-backup.timer)",
                 backups, (double)(now - last) / 3600, max_hours);
        else
            line(&r, false, "backup", "ok: the newest copy is %.1f hours old",
                 (double)(now - last) / 3600);
    }

    struct buf wal = BUF_INIT;
    buf_printf(&wal, "%s-wal", path);
    struct stat sb;
    if (stat(buf_str(&wal), &sb) == 0 && sb.st_size > DOCTOR_WAL_BYTES)
        line(&r, true, "wal",
             "%s is %lld MB: a reader that never ends keeps SQLite from checkpointing; "
             "restart the server",
             buf_str(&wal), (long long)sb.st_size >> 20);
    buf_free(&wal);
    if (stat(path, &sb) == 0 && (sb.st_mode & S_IROTH))
        line(&r, true, "access",
             "anyone on this machine may read it (mode %03o), password hashes and sessions "
             "included: chmod o-r %s",
             (unsigned)(sb.st_mode & 0777), path);
    else
        line(&r, false, "access", "ok");
    return r.problems;
}

int cmd_doctor(int argc, char **argv)
{
    static const struct option opts[] = {{"backups", required_argument, NULL, 'b'},
                                         {"max-backup-age", required_argument, NULL, 'a'},
                                         {NULL, 0, NULL, 0}};
    const char *backups = NULL;
    unsigned max_hours = DOCTOR_BACKUP_HOURS;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'b') {
            backups = optarg;
        } else if (c == 'a') {
            char *end;
            unsigned long v = strtoul(optarg, &end, 10);
            if (!*optarg || *end || optarg[0] == '-' || v < 1 || v > 24 * 366)
                return cli_usage("doctor", "--max-backup-age expects hours, from 1 to 8784");
            max_hours = (unsigned)v;
        } else {
            return cli_option_error("doctor", c, argv);
        }
    }
    if (optind != argc - 1)
        return cli_usage("doctor", "expects one FILE or DIR");
    const char *src = argv[optind];
    struct stat sb;
    if (stat(src, &sb) != 0)
        return cli_fail("doctor", "%s: %s", src, strerror(errno));
    int problems = 0;
    if (S_ISDIR(sb.st_mode)) {
        char err[512], **paths = NULL;
        long n = backup_list_dbs(src, &paths, err, sizeof err);
        if (n < 0)
            return cli_fail("doctor", "%s", err);
        if (n == 0)
            return cli_fail("doctor", "%s: no database files (*.db)", src);
        for (long i = 0; i < n; i++) {
            problems += doctor_one(paths[i], backups, max_hours);
            free(paths[i]);
        }
        free(paths);
    } else {
        problems = doctor_one(src, backups, max_hours);
    }
    if (problems)
        printf("%d problem%s to fix\n", problems, problems == 1 ? "" : "s");
    else
        printf("nothing to fix\n");
    return problems ? EXIT_USER : EXIT_OK;
}

/* cmd_serve.c — `serve` and `demo`: the web server over a database file. */
#include "cli/cli.h"
#include "lib/embedded.h"
#include "model/account.h"
#include "lib/buf.h"
#include "model/backup.h"
#include "model/import.h"
#include "model/org.h"
#include "web/server.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_LISTEN "127.0.0.1:8080"
#define DEMO_PLAN      "data/demo/birmingham-2015.json"
#define DEMO_NOTICE                                                                                \
    "Demonstration: the structure and dates follow Birmingham City Council's improvement "         \
    "regime after the Kerslake Review (2015-16); the monthly updates, ratings and narratives "     \
    "are illustrative, and people appear by role, not by name."

/* Reads a whole number from 1 to max for option `name` into *out.  Returns
 * 0, or the usage error's exit code. */
static int limit_arg(const char *name, const char *arg, unsigned max, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(arg, &end, 10);
    if (!*arg || *end || arg[0] == '-' || v < 1 || v > max)
        return cli_usage("serve", "--%s expects a whole number from 1 to %u", name, max);
    *out = (unsigned)v;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
                                         {"routes", no_argument, NULL, 'r'},
                                         {"route-fields", no_argument, NULL, 'f'},
                                         {"max-per-address", required_argument, NULL, 'm'},
                                         {"request-timeout", required_argument, NULL, 't'},
                                         {"trust-proxy", required_argument, NULL, 'p'},
                                         {"backup-dir", required_argument, NULL, 'b'},
                                         {"smtp-relay", required_argument, NULL, 's'},
                                         {"mail-retry", required_argument, NULL, 'M'},
                                         {NULL, 0, NULL, 0}};
    const char *listen = DEFAULT_LISTEN;
    struct web_options options = {0};
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'l') {
            listen = optarg;
        } else if (c == 'm') {
            if ((rc = limit_arg("max-per-address", optarg, 1024, &options.per_address)))
                return rc;
        } else if (c == 't') {
            if ((rc = limit_arg("request-timeout", optarg, 3600, &options.request_s)))
                return rc;
        } else if (c == 'p') {
            options.trusted_proxy = optarg;
        } else if (c == 'b') {
            options.backup_dir = optarg;
        } else if (c == 'f') { /* the routes and their declared input, as JSON */
            web_routes_json(stdout);
            return EXIT_OK;
        } else if (c == 's') {
            options.smtp_relay = optarg;
        } else if (c == 'M') {
            if ((rc = limit_arg("mail-retry", optarg, 3600, &options.mail_backoff_s)))
                return rc;
        } else if (c == 'r') { /* the permission map, for audits: needs no FILE */
            web_routes_print(stdout);
            return EXIT_OK;
        } else {
            return cli_option_error("serve", c, argv);
        }
    }
    if (optind != argc - 1)
        return cli_usage("serve", "expects one FILE or DIR");
    char err[512];
    if (web_serve(argv[optind], listen, NULL, &options, err, sizeof err))
        return cli_fail("serve", "%s", err);
    return EXIT_OK;
}

/* Publishes one organisation's file into `out`; prints one line. */
static int publish_one(const char *path, const char *out)
{
    char err[512];
    struct publish_stats st;
    if (web_publish(path, out, &st, err, sizeof err))
        return cli_fail("publish", "%s", err);
    printf("published %zu pages (%zu files, %.1f MB) to %s in %.2f s", st.pages, st.files,
           (double)st.bytes / 1e6, out, st.seconds);
    if (st.broken)
        printf("; %zu links led to missing pages", st.broken);
    printf("\n");
    return EXIT_OK;
}

int cmd_publish(int argc, char **argv)
{
    static const struct option opts[] = {{"out", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
    const char *out = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'o')
            out = optarg;
        else
            return cli_option_error("publish", c, argv);
    }
    if (optind != argc - 1 || !out)
        return cli_usage("publish", "expects FILE|DIR --out OUT");
    const char *src = argv[optind];
    struct stat sb;
    if (stat(src, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return publish_one(src, out);
    /* a directory of organisations: each under OUT/SLUG/, as the server has them */
    char err[512], **paths = NULL;
    long n = backup_list_dbs(src, &paths, err, sizeof err);
    if (n < 0)
        return cli_fail("publish", "%s", err);
    if (n == 0)
        return cli_fail("publish", "%s: no database files (*.db) to publish", src);
    if (mkdir(out, 0755) != 0 && errno != EEXIST)
        return cli_fail("publish", "%s: %s", out, strerror(errno));
    int rc = EXIT_OK;
    struct buf seen = BUF_INIT; /* "/slug/" of each organisation published */
    for (long i = 0; i < n; i++) {
        char name[8], slug[72], key[80];
        struct db *db = db_open(paths[i], DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
        if (!db || org_identity(db, name, sizeof name, slug, sizeof slug)) {
            rc = cli_fail("publish", "%s: %s", paths[i], db ? db->err : err);
        } else if (snprintf(key, sizeof key, "/%s/", slug) > 0 && strstr(buf_str(&seen), key)) {
            rc = cli_fail("publish", "%s: another file has the slug \"%s\"", paths[i], slug);
        } else {
            buf_puts(&seen, key + (seen.len ? 1 : 0)); /* "/a/b/" */
            struct buf dir = BUF_INIT;
            buf_printf(&dir, "%s/%s", out, slug);
            if (publish_one(paths[i], buf_str(&dir)) != EXIT_OK)
                rc = EXIT_USER;
            buf_free(&dir);
        }
        db_close(db);
        free(paths[i]);
    }
    buf_free(&seen);
    free(paths);
    return rc;
}

/* The demo's accounts: one per role, tied to people of the demo plan, all
 * with DEMO_PASSWORD, so that anyone trying the demo can sign in as each
 * kind of person.  A real database starts with none (`dialturn user add`). */
#define DEMO_PASSWORD "dialturn-demo"
static const struct {
    const char *username, *name, *person; /* person: a ref of the demo plan, or NULL */
    enum role role;
} demo_accounts[] = {
    {"admin", "Demo administrator", NULL, ROLE_ADMIN},
    {"pmo", "Head of Performance", "head-performance", ROLE_PMO},
    {"hr", "Head of HR", "head-hr", ROLE_OWNER},
    {"solicitor", "City Solicitor", "monitoring-officer", ROLE_OWNER},
    {"ceo", "Chief Executive", "ceo", ROLE_EXECUTIVE},
    {"chair", "Panel Chair", "panel-chair", ROLE_PANEL},
    {"secretariat", "DCLG Lead Official", "dclg-lead", ROLE_SECRETARIAT},
    {"viewer", "Demo viewer", NULL, ROLE_VIEWER},
};

/* Adds the demo accounts.  Returns 0, or -1 with db->err set (a refusal,
 * which the fixed table above should never meet, as its one line). */
static int add_demo_accounts(struct db *db)
{
    struct field_errors fe = FERR_INIT;
    for (size_t i = 0; i < sizeof demo_accounts / sizeof *demo_accounts; i++)
        if (account_add(db, demo_accounts[i].username, demo_accounts[i].name, demo_accounts[i].role,
                        demo_accounts[i].person, DEMO_PASSWORD, &fe) < 0) {
            if (fe.n) {
                struct buf line = BUF_INIT;
                ferr_line(&fe, &line);
                snprintf(db->err, sizeof db->err, "demo account %s: %s", demo_accounts[i].username,
                         buf_str(&line));
                buf_free(&line);
                ferr_free(&fe);
            }
            return -1;
        }
    return 0;
}

/* Creates the demo database from the plan compiled into the binary. */
static int create_demo(const char *path)
{
    const struct embedded_file *f = embedded_find(DEMO_PLAN);
    if (!f)
        return cli_fail("demo", "this binary was built without %s", DEMO_PLAN);
    char err[1024];
    struct db *db = db_open(path, DB_OPEN_CREATE, err, sizeof err);
    if (!db)
        return cli_fail("demo", "%s", err);
    db_set_actor(db, "cli:demo");
    int rc = plan_import(db, DEMO_PLAN, (const char *)f->data, f->size, NULL, err, sizeof err);
    if (rc == 0 && add_demo_accounts(db) != 0) {
        snprintf(err, sizeof err, "demo accounts: %.900s", db->err);
        rc = -1;
    }
    char why[900];
    if (rc == 0 && demo_sos_reports(db, path, why, sizeof why) != 0) {
        snprintf(err, sizeof err, "demo reports to the Secretary of State: %s", why);
        rc = -1;
    }
    db_close(db);
    if (rc) {
        remove(path);
        return cli_fail("demo", "%s", err);
    }
    printf("created the demo database %s; sign in at /login as admin, pmo, hr, solicitor, ceo, "
           "chair, secretariat or viewer, password %s\n",
           path, DEMO_PASSWORD);
    return EXIT_OK;
}

int cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
                                         {"db", required_argument, NULL, 'd'},
                                         {"create-only", no_argument, NULL, 'c'},
                                         {NULL, 0, NULL, 0}};
    const char *listen = DEFAULT_LISTEN, *path = "demo.db";
    bool create_only = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'l')
            listen = optarg;
        else if (c == 'd')
            path = optarg;
        else if (c == 'c')
            create_only = true;
        else
            return cli_option_error("demo", c, argv);
    }
    if (optind != argc)
        return cli_usage("demo", "takes no FILE (use --db FILE)");
    if (access(path, F_OK) != 0 && create_demo(path) != EXIT_OK)
        return EXIT_USER;
    if (create_only)
        return EXIT_OK;
    char err[512];
    if (web_serve(path, listen, DEMO_NOTICE, NULL, err, sizeof err))
        return cli_fail("demo", "%s", err);
    return EXIT_OK;
}

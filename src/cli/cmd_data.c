/* cmd_data.c — init, import, export, verify, backup: moving a regime in and
 * out of its database file, and proving the file has not been tampered with. */
#include "cli/cli.h"
#include "lib/buf.h"
#include "model/import.h"
#include "model/ledger.h"
#include "model/plan_csv.h"
#include "model/plan_json.h"
#include "model/version.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {{"org", required_argument, NULL, 'o'},
                                         {"scale", required_argument, NULL, 's'},
                                         {"slug", required_argument, NULL, 'g'},
                                         {NULL, 0, NULL, 0}};
    const char *org = NULL, *scale = "confidence3", *slug = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'o')
            org = optarg;
        else if (c == 's')
            scale = optarg;
        else if (c == 'g')
            slug = optarg;
        else
            return cli_option_error("init", c, argv);
    }
    if (optind != argc - 1)
        return cli_usage("init", "expects one FILE");
    if (!org || !*org)
        return cli_usage("init", "--org NAME is required");
    if (!scale_find(scale))
        return cli_usage("init", "--scale must be confidence3 or dca5");
    const char *path = argv[optind];
    if (access(path, F_OK) == 0)
        return cli_fail("init", "%s already exists", path);
    char err[512];
    struct db *db = db_open(path, DB_OPEN_CREATE, err, sizeof err);
    if (!db)
        return cli_fail("init", "%s", err);
    /* the organisation row is the first ledger entry */
    struct plan p = {0};
    p.org.name = xstrdup(org);
    p.org.slug = xstrdup(slug ? slug : "organisation");
    p.org.timezone = xstrdup("Europe/London");
    p.org.scale = scale_find(scale);
    db_set_actor(db, "cli:init");
    int rc = db_begin(db) || plan_store(db, &p) || db_commit(db);
    if (rc) {
        db_rollback(db);
        cli_fail("init", "%s", db->err);
    }
    plan_free(&p);
    db_close(db);
    if (rc) {
        remove(path);
        return EXIT_USER;
    }
    printf("created %s for %s (rating scale %s)\n", path, org, scale);
    return EXIT_OK;
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {{"as", required_argument, NULL, 'a'},
                                         {"draft", no_argument, NULL, 'd'},
                                         {NULL, 0, NULL, 0}};
    const char *actor = "cli:import";
    bool draft = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'a')
            actor = optarg;
        else if (c == 'd')
            draft = true;
        else
            return cli_option_error("import", c, argv);
    }
    if (optind != argc - 2)
        return cli_usage("import", "expects FILE and INPUT");
    const char *path = argv[optind], *input = argv[optind + 1];
    char err[1024];
    size_t len;
    char *data = cli_read_file(input, &len, err, sizeof err);
    if (!data)
        return cli_fail("import", "%s", err);
    /* --draft: the plan part of INPUT goes into the draft version's items
     * (model/version.h), never into the live tables; checked and refused whole. */
    if (draft) {
        json_error_t je;
        json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
        free(data);
        if (!doc)
            return cli_fail("import", "%s:%d:%d: %s", input, je.line, je.column, je.text);
        struct db *ddb = db_open(path, DB_OPEN_MUST_EXIST, err, sizeof err);
        if (!ddb) {
            json_decref(doc);
            return cli_fail("import", "%s", err);
        }
        db_set_actor(ddb, actor);
        size_t count = 0;
        int drc = EXIT_OK;
        if (version_import_draft(ddb, doc, &count) != VERSION_OK)
            drc = cli_fail("import", "%s: %s", input, ddb->err);
        else
            printf("imported %s into the draft version %d of %s: %zu items\n", input,
                   version_draft_number(ddb), path, count);
        json_decref(doc);
        db_close(ddb);
        return drc;
    }
    struct import_counts n;
    int rc = EXIT_OK;
    if (access(path, F_OK) != 0) {
        /* a new file: written without a journal under a partial name, named
         * when complete (model/import.h); 10k x 36 in ~0.6 s less user+sys */
        if (plan_import_new(path, actor, input, data, len, &n, err, sizeof err))
            rc = cli_fail("import", "%s", err);
    } else {
        struct db *db = db_open(path, DB_OPEN_CREATE, err, sizeof err);
        if (!db) {
            free(data);
            return cli_fail("import", "%s", err);
        }
        db_set_actor(db, actor);
        if (plan_import(db, input, data, len, &n, err, sizeof err))
            rc = cli_fail("import", "%s", err);
        db_close(db);
    }
    if (rc == EXIT_OK)
        printf("imported %s into %s: %zu actions, %zu updates, %zu measures\n", input, path,
               n.actions, n.updates, n.measures);
    free(data);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"kind", required_argument, NULL, 'k'},
                                         {NULL, 0, NULL, 0}};
    const char *format = "json", *out = NULL, *kind = "actions";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'f')
            format = optarg;
        else if (c == 'o')
            out = optarg;
        else if (c == 'k')
            kind = optarg;
        else
            return cli_option_error("export", c, argv);
    }
    if (optind != argc - 1)
        return cli_usage("export", "expects one FILE");
    if (strcmp(format, "json") != 0 && strcmp(format, "csv") != 0)
        return cli_usage("export", "--format must be json or csv");
    enum csv_kind ck = csv_kind_parse(kind);
    if ((int)ck < 0)
        return cli_usage("export", "--kind must be actions, updates or measure_values");
    char err[512];
    struct db *db = db_open(argv[optind], DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return cli_fail("export", "%s", err);
    struct plan p = {0};
    int rc = EXIT_OK;
    if (plan_load(db, &p)) {
        rc = cli_fail("export", "%s", db->err);
    } else {
        char *text;
        if (strcmp(format, "json") == 0) {
            json_t *doc = plan_to_json(&p);
            text = plan_dump_json(doc);
            json_decref(doc);
        } else {
            text = plan_write_csv(&p, ck);
        }
        if (cli_write_file(out, text, strlen(text), err, sizeof err))
            rc = cli_fail("export", "%s", err);
        free(text);
    }
    plan_free(&p);
    db_close(db);
    return rc;
}

int cmd_verify(int argc, char **argv)
{
    if (argc != 2)
        return cli_usage("verify", "expects one FILE");
    if (argv[1][0] == '-')
        return cli_usage("verify", "unknown option %s", argv[1]);
    char err[512];
    struct db *db = db_open(argv[1], DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return cli_fail("verify", "%s", err);
    struct verify_result r;
    int rc = EXIT_OK;
    if (ledger_verify(db, &r))
        rc = cli_fail("verify", "%s: %s", argv[1], db->err);
    else
        printf("%s: ok: %ld ledger entries, %ld rows agree; head %.16s\n", argv[1], r.entries,
               r.rows, r.head[0] ? r.head : "(empty)");
    db_close(db);
    return rc;
}

int cmd_backup(int argc, char **argv)
{
    if (argc != 3)
        return cli_usage("backup", "expects FILE and DEST");
    if (argv[1][0] == '-' || argv[2][0] == '-')
        return cli_usage("backup", "unknown option %s", argv[argv[1][0] == '-' ? 1 : 2]);
    if (access(argv[2], F_OK) == 0)
        return cli_fail("backup", "%s already exists", argv[2]);
    char err[512];
    struct db *db = db_open(argv[1], DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return cli_fail("backup", "%s", err);
    sqlite3 *dest = NULL;
    int rc = sqlite3_open(argv[2], &dest);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dest, "main", db->h, "main") : NULL;
    if (b) {
        sqlite3_backup_step(b, -1);
        rc = sqlite3_backup_finish(b);
    }
    int out = EXIT_OK;
    if (!b || rc != SQLITE_OK) {
        out = cli_fail("backup", "%s: %s", argv[2], sqlite3_errmsg(dest));
        sqlite3_close(dest);
        remove(argv[2]);
    } else {
        sqlite3_close(dest);
        printf("backed up %s to %s\n", argv[1], argv[2]);
    }
    db_close(db);
    return out;
}

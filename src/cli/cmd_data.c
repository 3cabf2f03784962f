/* cmd_data.c — init, import, export, backup: moving a regime in and out of
 * its database file (verify, heads and key are in cmd_verify.c). */
#include "cli/cli.h"
#include "lib/buf.h"
#include "model/import.h"
#include "model/ledger.h"
#include "model/plan_csv.h"
#include "model/xlsx.h"
#include "model/plan_json.h"
#include "model/version.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
                                         {"org", required_argument, NULL, 'o'},
                                         {NULL, 0, NULL, 0}};
    const char *actor = "cli:import", *org = NULL;
    bool draft = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'a')
            actor = optarg;
        else if (c == 'd')
            draft = true;
        else if (c == 'o')
            org = optarg;
        else
            return cli_option_error("import", c, argv);
    }
    if (optind != argc - 2)
        return cli_usage("import", "expects FILE and INPUT");
    if (org && !*org)
        return cli_usage("import", "--org needs the organisation's name");
    if (org && draft)
        return cli_usage("import", "--org names the organisation; a draft version has none");
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
        if (!doc) {
            char msg[400];
            plan_json_syntax_message(input, &je, msg, sizeof msg);
            return cli_fail("import", "%s", msg);
        }
        struct db *ddb = db_open(path, DB_OPEN_MUST_EXIST, err, sizeof err);
        if (!ddb) {
            json_decref(doc);
            return cli_fail("import", "%s", err);
        }
        db_set_actor(ddb, actor);
        size_t count = 0;
        int drc = EXIT_OK;
        struct field_errors fe = FERR_INIT;
        enum version_rc vrc = version_import_draft(ddb, doc, &count, &fe);
        if (vrc == VERSION_REFUSED) {
            struct buf line = BUF_INIT;
            ferr_line(&fe, &line);
            drc = cli_fail("import", "%s: %s", input, buf_str(&line));
            buf_free(&line);
        } else if (vrc != VERSION_OK) {
            drc = cli_fail("import", "%s: %s", input, ddb->err);
        } else {
            printf("imported %s into the draft version %d of %s: %zu items\n", input,
                   version_draft_number(ddb), path, count);
        }
        ferr_free(&fe);
        json_decref(doc);
        db_close(ddb);
        return drc;
    }
    struct import_counts n;
    int rc = EXIT_OK;
    if (access(path, F_OK) != 0) {
        /* a new file: written without a journal under a partial name, named
         * when complete (model/import.h); 10k x 36 in ~0.6 s less user+sys */
        if (plan_import_new(path, actor, input, data, len, org, &n, err, sizeof err))
            rc = cli_fail("import", "%s", err);
    } else {
        struct db *db = db_open(path, DB_OPEN_CREATE, err, sizeof err);
        if (!db) {
            free(data);
            return cli_fail("import", "%s", err);
        }
        db_set_actor(db, actor);
        if (plan_import_org(db, input, data, len, org, &n, err, sizeof err))
            rc = cli_fail("import", "%s", err);
        db_close(db);
    }
    if (rc == EXIT_OK) {
        printf("imported %s into %s: %zu actions, %zu updates, %zu measures\n", input, path,
               n.actions, n.updates, n.measures);
        /* a file made by `init` for one organisation, given another's plan */
        if (*n.renamed_from && org)
            printf("the organisation's name changed from \"%s\" to \"%s\"\n", n.renamed_from, org);
        else if (*n.renamed_from)
            printf("the organisation's name changed from \"%s\" to the one in %s; "
                   "import with --org NAME to choose it\n",
                   n.renamed_from, input);
    }
    free(data);
    return rc;
}

/* Where an export goes: standard output; the --out path itself when it names
 * something other than a regular file (a device such as /dev/full, a pipe, a
 * symbolic link, written through as a shell's ">" would), which must not be
 * replaced; or a new file beside it, renamed over it only once complete, so
 * that a failed export leaves no partial file at --out. */
struct export_out {
    const char *path; /* the --out path, or NULL for standard output */
    FILE *f;          /* owned, unless it is stdout */
    struct buf tmp;   /* the new file's name; empty when writing in place */
};

/* Opens where the export goes (out as given to --out, or NULL).  Returns 0, or
 * -1 with "PATH: reason" in err. */
static int export_open(struct export_out *o, const char *out, char *err, size_t errlen)
{
    *o = (struct export_out){.tmp = BUF_INIT};
    if (!out || strcmp(out, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    o->path = out;
    struct stat st;
    if (lstat(out, &st) == 0 && !S_ISREG(st.st_mode)) {
        o->f = fopen(out, "wb");
    } else {
        buf_printf(&o->tmp, "%s.tmp.%ld", out, (long)getpid());
        o->f = fopen(buf_str(&o->tmp), "wbx");
    }
    if (!o->f) {
        snprintf(err, errlen, "%s: %s", out, strerror(errno));
        buf_free(&o->tmp);
        return -1;
    }
    return 0;
}

/* Finishes the export: unless a write already failed (werr, its errno, or
 * 0), flushes and closes the output, checking that every byte reached it, and
 * renames the new file over --out; after any failure removes the new file.
 * Returns 0, or -1 with "PATH: reason" in err. */
static int export_close(struct export_out *o, int werr, char *err, size_t errlen)
{
    if (!werr && fflush(o->f) != 0)
        werr = errno;
    if (!werr && ferror(o->f))
        werr = EIO;
    if (o->f != stdout && fclose(o->f) != 0 && !werr)
        werr = errno;
    if (!werr && o->tmp.len && rename(buf_str(&o->tmp), o->path) != 0)
        werr = errno;
    if (werr && o->tmp.len)
        remove(buf_str(&o->tmp));
    if (werr)
        snprintf(err, errlen, "%s: %s", o->path ? o->path : "standard output", strerror(werr));
    buf_free(&o->tmp);
    return werr ? -1 : 0;
}

/* Writes p to out (--out, or NULL for standard output): JSON streamed element
 * by element (plan_write_json), never held whole: 33 MB of text and a tree of
 * ~250 MB for 10,000 actions over 36 months; CSV, one kind of row, as one
 * string.  Returns 0, or -1 with "PATH: reason" in err. */
static int export_write(const struct plan *p, bool json, enum csv_kind ck, const char *out,
                        char *err, size_t errlen)
{
    struct export_out o;
    if (export_open(&o, out, err, errlen))
        return -1;
    int werr = 0;
    if (json) {
        if (plan_write_json(p, o.f))
            werr = errno;
    } else {
        char *text = plan_write_csv(p, ck);
        size_t n = strlen(text);
        errno = 0;
        if (fwrite(text, 1, n, o.f) != n)
            werr = errno ? errno : EIO;
        free(text);
    }
    return export_close(&o, werr, err, errlen);
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"kind", required_argument, NULL, 'k'},
                                         {NULL, 0, NULL, 0}};
    const char *format = NULL, *out = NULL, *kind = NULL;
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
    /* --kind names a kind of CSV row: alone it means CSV; JSON has every kind */
    if (!format)
        format = kind ? "csv" : "json";
    bool xlsx = strcmp(format, "xlsx") == 0;
    if (strcmp(format, "json") != 0 && strcmp(format, "csv") != 0 && !xlsx)
        return cli_usage("export", "--format must be json, csv or xlsx");
    if (xlsx && kind)
        return cli_usage("export", "--kind chooses the rows of a CSV export; XLSX has a sheet "
                                   "for each kind");
    if (xlsx && (!out || strcmp(out, "-") == 0))
        return cli_usage("export", "--format xlsx writes a file: give it with --out PATH");
    if (kind && strcmp(format, "json") == 0)
        return cli_usage("export",
                         "--kind chooses the rows of a CSV export; JSON holds every kind");
    enum csv_kind ck = csv_kind_parse(kind ? kind : "actions");
    if ((int)ck < 0)
        return cli_usage("export", "--kind must be actions, updates or measure_values");
    char err[512];
    struct db *db = db_open(argv[optind], DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return cli_fail("export", "%s", err);
    struct plan p = {0};
    int rc = EXIT_OK;
    if (plan_load(db, &p))
        rc = cli_fail("export", "%s", db->err);
    /* the plan is all the writers need: the database (and its cache) goes first */
    db_close(db);
    if (rc == EXIT_OK && xlsx) {
        /* written beside --out and renamed over it once complete, as the
         * other formats are */
        struct buf tmp = BUF_INIT;
        buf_printf(&tmp, "%s.tmp.%ld", out, (long)getpid());
        if (plan_write_xlsx(&p, buf_str(&tmp), err, sizeof err))
            rc = cli_fail("export", "%s", err);
        else if (rename(buf_str(&tmp), out) != 0) {
            rc = cli_fail("export", "%s: %s", out, strerror(errno));
            remove(buf_str(&tmp));
        }
        buf_free(&tmp);
    } else if (rc == EXIT_OK &&
               export_write(&p, strcmp(format, "json") == 0, ck, out, err, sizeof err))
        rc = cli_fail("export", "%s", err);
    plan_free(&p);
    return rc;
}

/* cmd_report.c — `report FILE monthly`: a month's progress report, as the
 * public site serves it, from the command line. */
#include "cli/cli.h"
#include "lib/buf.h"
#include "model/org.h"
#include "model/record.h"
#include "model/document.h"
#include "model/report_store.h"
#include "model/sos.h"
#include "web/web.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* Writes len bytes to path ("-" or NULL: standard output), replacing a
 * regular file only once every byte is written.  Returns 0, or -1 with the
 * reason in err. */
static int write_out(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
    if (!path || strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
            snprintf(err, errlen, "standard output: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    struct buf tmp = BUF_INIT;
    buf_printf(&tmp, "%s.tmp", path);
    FILE *f = fopen(buf_str(&tmp), "wb");
    int rc = -1;
    if (f && fwrite(data, 1, len, f) == len && fclose(f) == 0) {
        f = NULL;
        rc = rename(buf_str(&tmp), path);
    }
    if (rc) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        if (f)
            fclose(f);
        remove(buf_str(&tmp));
    }
    buf_free(&tmp);
    return rc;
}

/* The published report to the Secretary of State `ref` in format into body.
 * Returns 1, 0 when there is no published report ref, -1 with err. */
static int sos_bytes(struct db *db, const char *ref, const char *format, struct buf *body,
                     char *err, size_t errlen)
{
    struct sos_report s;
    int rc = sos_get(db, ref, true, &s);
    if (rc <= 0) {
        if (rc < 0)
            snprintf(err, errlen, "%s", db->err);
        return rc;
    }
    if (strcmp(format, "md") == 0) {
        buf_printf(body,
                   "# %s\n\n%s, reference %s, covering %s to %s; approved %s, published %s.\n",
                   s.title, sos_kind_label(s.kind), s.ref, s.from, s.to,
                   s.approved_on ? s.approved_on : "-", s.published_on ? s.published_on : "-");
        for (size_t i = 0; i < s.nsec; i++) {
            buf_printf(body, "\n## %zu. %s\n\n%s", i + 1, s.sec[i].title, s.sec[i].assessment);
            if (body->len && body->data[body->len - 1] != '\n')
                buf_putc(body, '\n');
            if (*s.sec[i].figures)
                buf_printf(body, "\n%s", s.sec[i].figures);
        }
        if (s.response_on) {
            buf_printf(body, "\n## The Secretary of State's response\n\nReceived on %s.\n",
                       s.response_on);
            if (s.response_document_id) /* the site's address of the letter */
                buf_printf(body, "\n[The Secretary of State's letter](/documents/%lld)\n",
                           (long long)s.response_document_id);
            if (s.response)
                buf_printf(body, "\n%s\n", s.response);
        }
        sos_free(&s);
        return 1;
    }
    struct document d;
    rc = document_get(db, strcmp(format, "pdf") == 0 ? s.pdf_document_id : s.html_document_id, true,
                      &d);
    sos_free(&s);
    if (rc == 1) {
        buf_append(body, d.data, (size_t)d.size);
        document_free(&d);
        return 1;
    }
    snprintf(err, errlen, "%s", rc < 0 ? db->err : "the stored document is missing");
    return -1;
}

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {{"period", required_argument, NULL, 'p'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"ref", required_argument, NULL, 'r'},
                                         {NULL, 0, NULL, 0}};
    const char *period = NULL, *format = "html", *out = NULL, *ref = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            period = optarg;
            break;
        case 'f':
            format = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'r':
            ref = optarg;
            break;
        default:
            return cli_option_error("report", c, argv);
        }
    }
    bool sos = argc - optind == 2 && strcmp(argv[optind + 1], "sos") == 0;
    if (argc - optind != 2 || (!sos && strcmp(argv[optind + 1], "monthly") != 0))
        return cli_usage("report", "expects FILE monthly --period YYYY-MM, or FILE sos --ref REF");
    if (strcmp(format, "html") && strcmp(format, "md") && strcmp(format, "pdf"))
        return cli_usage("report", "--format must be html, md or pdf, not %s", format);
    if (sos) {
        if (!ref)
            return cli_usage("report", "--ref REF is required");
        char err[512];
        struct db *db =
            db_open(argv[optind], DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
        if (!db)
            return cli_fail("report", "%s", err);
        struct buf body = BUF_INIT;
        int got = sos_bytes(db, ref, format, &body, err, sizeof err);
        int rc = EXIT_OK;
        if (got < 0)
            rc = cli_fail("report", "%s", err);
        else if (got == 0)
            rc = cli_fail("report", "there is no published report to the Secretary of State %s",
                          ref);
        else if (write_out(out, body.data, body.len, err, sizeof err))
            rc = cli_fail("report", "%s", err);
        buf_free(&body);
        db_close(db);
        return rc;
    }
    if (!period)
        return cli_usage("report", "--period YYYY-MM is required");
    int m;
    if (!month_parse(period, &m))
        return cli_usage("report", "--period %s is not a month (YYYY-MM)", period);
    if (strcmp(format, "html") && strcmp(format, "md") && strcmp(format, "pdf"))
        return cli_usage("report", "--format must be html, md or pdf, not %s", format);
    char err[512];
    struct db *db = db_open(argv[optind], DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return cli_fail("report", "%s", err);
    struct web_config cfg;
    memset(&cfg, 0, sizeof cfg);
    int rc = EXIT_USER;
    struct buf body = BUF_INIT;
    if (record_connect(db) ||
        org_identity(db, cfg.org_name, sizeof cfg.org_name, cfg.slug, sizeof cfg.slug)) {
        cli_fail("report", "%s", db->err);
        goto out;
    }
    /* the stored report, when the site has served it, else the same made now */
    int got = report_stored(db, period, format, &body);
    if (got == 0)
        got = report_render(db, &cfg, period, format, &body, err, sizeof err);
    else if (got < 0)
        snprintf(err, sizeof err, "%s", db->err);
    if (got < 0) {
        cli_fail("report", "%s", err);
        goto out;
    }
    if (got == 0) {
        cli_fail("report", "%s is not a signed-off month: it has no report", period);
        goto out;
    }
    if (write_out(out, body.data, body.len, err, sizeof err)) {
        cli_fail("report", "%s", err);
        goto out;
    }
    rc = EXIT_OK;
out:
    buf_free(&body);
    db_close(db);
    return rc;
}

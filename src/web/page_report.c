/* page_report.c — the monthly progress reports on the public site, and the
 * covering statement in the workspace.
 *
 * GET /reports lists the signed-off months; GET /reports/{month} gives a
 * month's report as a page, /reports/{month}.md as Markdown and
 * /reports/{month}.pdf as a PDF.  A month that is not signed off has no
 * report (404).  The first time a format is asked for, the report is made
 * from the month's record and stored (model/report_store.h); it is served
 * from there ever after, byte for byte, so the page carries no reader's
 * details (no signed-in header). */
#include "lib/html.h"
#include "lib/text.h"
#include "model/report.h"
#include "model/report_store.h"
#include "model/sos.h"
#include "web/view_report.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_months[] =
    "SELECT month FROM main.period WHERE status = 'signed_off' ORDER BY month";

int page_reports(struct req *r)
{
    sqlite3_stmt *st = db_prepare(r->db, sql_months);
    if (!st)
        return req_model_error(r);
    char(*months)[MONTH_LEN] = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(r->db, st, "listing the signed-off months")) == 1) {
        months = xgrow(months, n, &cap, sizeof *months);
        text_clip(months[n++], MONTH_LEN, db_col_text(st, 0));
    }
    sqlite3_reset(st);
    if (rc < 0) {
        free(months);
        return req_model_error(r);
    }
    struct sos_report *sos;
    size_t nsos;
    if (sos_list(r->db, true, &sos, &nsos)) {
        free(months);
        return req_model_error(r);
    }
    struct view_site site = WEB_SITE_R(r);
    site.path = r->path;
    view_reports(&r->out, &site, (const char(*)[MONTH_LEN])months, n, sos, nsos);
    sos_list_free(sos, nsos);
    free(months);
    return 0;
}

int report_render(struct db *db, const struct web_config *cfg, const char *month,
                  const char *format, struct buf *out, char *err, size_t errlen)
{
    struct report rep;
    int rc = report_build(db, month, &rep);
    if (rc <= 0) {
        snprintf(err, errlen, "%s", rc < 0 ? db->err : "not a signed-off month");
        return rc;
    }
    if (strcmp(format, "md") == 0) {
        report_markdown(out, &rep);
    } else if (strcmp(format, "pdf") == 0) {
        if (report_pdf(out, &rep, err, errlen)) {
            report_free(&rep);
            return -1;
        }
    } else {
        struct view_site site = WEB_SITE(cfg);
        site.notice = NULL; /* how a server was started is no part of the record */
        char path[sizeof "/reports/" + MONTH_LEN];
        snprintf(path, sizeof path, "/reports/%s", month);
        site.path = path; /* the menu marks the Reports section as current */
        view_report(out, &site, &rep);
    }
    report_free(&rep);
    return 1;
}

/* Splits "2015-09.pdf" into the month and the format; false if it is neither
 * a month nor a month with a known format. */
static bool parse_target(const char *s, char month[MONTH_LEN], const char **format)
{
    const char *dot = strchr(s, '.');
    size_t n = dot ? (size_t)(dot - s) : strlen(s);
    int m;
    if (n != MONTH_LEN - 1)
        return false;
    memcpy(month, s, n);
    month[n] = '\0';
    if (!month_parse(month, &m))
        return false;
    *format = !dot                       ? "html"
              : strcmp(dot, ".md") == 0  ? "md"
              : strcmp(dot, ".pdf") == 0 ? "pdf"
                                         : NULL;
    return *format != NULL;
}

int page_report(struct req *r)
{
    char month[MONTH_LEN];
    const char *format;
    if (!parse_target(req_param(r, "month"), month, &format)) {
        req_error(r, 404, NULL);
        return 0;
    }
    struct buf body = BUF_INIT;
    int rc = report_stored(r->db, month, format, &body);
    if (rc < 0)
        return req_model_error(r);
    if (rc == 0) {
        char err[512];
        rc = report_render(r->db, r->cfg, month, format, &body, err, sizeof err);
        if (rc < 0) {
            buf_free(&body);
            text_printf(r->err, sizeof r->err, "report %s: %s", month, err);
            return -1;
        }
        if (rc == 0) {
            buf_free(&body);
            req_error(r, 404, "There is no report for this month: it has not been signed off.");
            return 0;
        }
        struct db *w = r->srv ? server_worker_wdb(r->srv, r->cfg, err, sizeof err) : NULL;
        if (w) { /* the first to ask stores it; what is stored is served from now on */
            struct buf stored = BUF_INIT;
            if (report_store(w, month, format, body.data, body.len) == 0 &&
                report_stored(w, month, format, &stored) == 1) {
                buf_free(&body);
                body = stored;
            } else {
                fprintf(stderr, "dialturn: storing the report of %s: %s\n", month, w->err);
                buf_free(&stored);
            }
        }
    }
    buf_free(&r->out);
    r->out = body;
    if (strcmp(format, "md") == 0)
        r->content_type = "text/markdown; charset=utf-8";
    else if (strcmp(format, "pdf") == 0)
        r->content_type = "application/pdf";
    return 0;
}

/* The statement's month from the path, if it has a period; else answers 404. */
static bool statement_month(struct req *r, char month[MONTH_LEN])
{
    int m;
    const char *s = req_param(r, "month");
    if (!s || strlen(s) != MONTH_LEN - 1 || !month_parse(s, &m)) {
        req_error(r, 404, NULL);
        return false;
    }
    memcpy(month, s, MONTH_LEN);
    return true;
}

static const char sql_period[] = "SELECT status FROM main.period WHERE month = :month";

/* Whether the month has a period (1), and whether it is signed off. */
static int period_state(struct db *db, const char *month, bool *signed_off)
{
    sqlite3_stmt *st = db_prepare(db, sql_period);
    if (!st)
        return -1;
    db_bind_text(st, ":month", month);
    int rc = db_step(db, st, "reading the period");
    *signed_off = rc == 1 && strcmp(db_col_text(st, 0), "signed_off") == 0;
    sqlite3_reset(st);
    return rc;
}

int page_report_statement(struct req *r)
{
    char month[MONTH_LEN];
    bool signed_off;
    if (!statement_month(r, month))
        return 0;
    int rc = period_state(r->db, month, &signed_off);
    if (rc < 0)
        return req_model_error(r);
    if (rc == 0) {
        req_error(r, 404, "There is no period for this month.");
        return 0;
    }
    char *body;
    if (report_statement_get(r->db, month, &body))
        return req_model_error(r);
    struct view_site site = WEB_SITE_R(r);
    view_report_statement(&r->out, &site, month, body ? body : "", !signed_off, NULL);
    free(body);
    return 0;
}

int post_report_statement(struct req *r)
{
    char month[MONTH_LEN];
    if (!statement_month(r, month))
        return 0;
    const char *body = req_form(r, "statement");
    struct view_site site = WEB_SITE_R(r);
    switch (report_statement_put(r->wdb, month, body ? body : "", r->user->account_id)) {
    case STATEMENT_OK:
        break;
    case STATEMENT_NO_PERIOD:
        req_error(r, 404, "There is no period for this month.");
        return 0;
    case STATEMENT_SIGNED:
        r->status = 409;
        view_report_statement(&r->out, &site, month, body ? body : "", false,
                              "This month is signed off: its covering statement can no longer "
                              "be changed.");
        return 0;
    case STATEMENT_INVALID:
        r->status = 400;
        view_report_statement(&r->out, &site, month, "", true,
                              "The statement must be text of at most 20,000 bytes.");
        return 0;
    case STATEMENT_ERROR:
        text_printf(r->err, sizeof r->err, "statement: %s", r->wdb->err);
        return -1;
    }
    struct buf to = BUF_INIT;
    html_printf(&to, "/work/periods/%U/statement?saved=1", month);
    req_redirect(r, buf_str(&to));
    buf_free(&to);
    return 0;
}

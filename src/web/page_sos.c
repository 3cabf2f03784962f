/* page_sos.c — the reports to the Secretary of State (model/sos.h): the
 * public page, its PDF and the Atom feed of every published report, and the
 * workspace where the secretariat starts and publishes a report, the panel
 * writes it and the chair approves it.
 *
 * The public side reads only published reports (sos_get's published_only),
 * and serves the text and the PDF stored at publication, byte for byte; the
 * response is shown beside them once it is attached.  A draft or an approved
 * report is nowhere on it. */
#include "lib/html.h"
#include "lib/text.h"
#include "model/document.h"
#include "model/report.h"
#include "model/sos.h"
#include "web/view_sos.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sos_render(struct db *pdb, const char *org, const struct sos_report *s, day_t day,
               struct buf *html, struct buf *pdf, char *err, size_t errlen)
{
    struct report rep;
    char *figures[16] = {0};
    int rc = sos_build(pdb, s->from, s->to, &rep, figures);
    if (rc <= 0) {
        snprintf(err, errlen, "%s", rc < 0 ? pdb->err : "the last month covered is not signed off");
        return -1;
    }
    for (size_t i = 0; i < sos_nsections; i++)
        free(figures[i]);
    if (html)
        view_sos_article(html, org, s, &rep);
    rc = 0;
    if (pdf) {
        struct report_doc_section secs[16];
        size_t n = 0;
        for (size_t i = 0; i < s->nsec && n < 16; i++) {
            const struct sos_section_def *d = NULL;
            for (size_t k = 0; k < sos_nsections; k++)
                if (strcmp(sos_sections[k].key, s->sec[i].key) == 0)
                    d = &sos_sections[k];
            secs[n++] = (struct report_doc_section){
                s->sec[i].title, d ? d->figures : NULL, d ? d->nfigures : 0,
                d && d->meetings ? s->sec[i].figures : NULL, s->sec[i].assessment};
        }
        char date[DATE_LEN], line[512];
        date_format(day, date);
        snprintf(line, sizeof line,
                 "%s to the Secretary of State, reference %s. It covers %s to %s, from the "
                 "records of the signed-off months%s%s. Approved by the panel's chair on %s; "
                 "published on %s.",
                 sos_kind_label(s->kind), s->ref, s->from, s->to,
                 rep.prev_month[0] ? ", compared with " : "", rep.prev_month,
                 s->approved_on ? s->approved_on : "(not yet)", date);
        struct report_doc doc = {s->title, org, line, date, &rep, secs, n, NULL};
        rc = report_pdf_doc(pdf, &doc, err, errlen);
    }
    report_free(&rep);
    return rc;
}

/* --- public ------------------------------------------------------------------------------ */

/* Reads the bytes of document id into out.  Returns 1, 0 when none, -1. */
static int doc_bytes(struct db *db, int64_t id, struct buf *out)
{
    struct document d;
    int rc = document_get(db, id, true, &d);
    if (rc == 1) {
        buf_append(out, d.data, (size_t)d.size);
        document_free(&d);
    }
    return rc;
}

int page_sos_public(struct req *r)
{
    const char *target = req_param(r, "ref");
    char ref[SOS_REF_MAX + 8];
    text_clip(ref, sizeof ref, target ? target : "");
    size_t n = strlen(ref);
    bool want_pdf = n > 4 && strcmp(ref + n - 4, ".pdf") == 0;
    if (want_pdf)
        ref[n - 4] = '\0';
    struct sos_report s;
    int rc = sos_get(r->db, ref, true, &s);
    if (rc < 0)
        return req_model_error(r);
    if (rc == 0) {
        req_error(r, 404, "There is no published report with this reference.");
        return 0;
    }
    struct buf body = BUF_INIT;
    rc = doc_bytes(r->db, want_pdf ? s.pdf_document_id : s.html_document_id, &body);
    if (rc <= 0) {
        sos_free(&s);
        buf_free(&body);
        if (rc == 0)
            text_printf(r->err, sizeof r->err, "report %s: its stored document is missing", ref);
        return rc < 0 ? req_model_error(r) : -1;
    }
    buf_reset(&r->out);
    if (want_pdf) {
        buf_free(&r->out);
        r->out = body;
        r->content_type = "application/pdf";
    } else {
        struct document letter; /* the Secretary of State's letter, when attached */
        int got = s.response_on && s.response_document_id
                      ? document_get(r->db, s.response_document_id, false, &letter)
                      : 0;
        if (got < 0) {
            sos_free(&s);
            buf_free(&body);
            return req_model_error(r);
        }
        struct view_site site = WEB_SITE_R(r);
        site.path = r->path;
        view_sos_public(&r->out, &site, &s, body.data, body.len, got ? &letter : NULL);
        if (got)
            document_free(&letter);
        buf_free(&body);
    }
    sos_free(&s);
    return 0;
}

int page_reports_atom(struct req *r)
{
    struct sos_report *v;
    size_t n;
    if (sos_list(r->db, true, &v, &n))
        return req_model_error(r);
    const char *slug = r->cfg->slug[0] ? r->cfg->slug : "dialturn";
    const char *latest = "2000-01-01";
    for (size_t i = 0; i < n; i++) {
        const char *at = v[i].response_on && strcmp(v[i].response_on, v[i].published_on) > 0
                             ? v[i].response_on
                             : v[i].published_on;
        if (strcmp(at, latest) > 0)
            latest = at;
    }
    buf_reset(&r->out);
    html_printf(&r->out,
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-GB\">\n"
                "<id>tag:dialturn,2015:%U/reports</id>\n"
                "<title>%h: reports and letters to the Secretary of State</title>\n"
                "<link rel=\"self\" type=\"application/atom+xml\" href=\"/reports.atom\"/>\n"
                "<link rel=\"alternate\" type=\"text/html\" href=\"/reports\"/>\n"
                "<updated>%hT00:00:00Z</updated>\n<author><name>%h</name></author>\n"
                "<generator>dialturn</generator>\n",
                slug, r->cfg->org_name, latest, r->cfg->org_name);
    for (size_t i = 0; i < n; i++) {
        const struct sos_report *s = &v[i];
        const char *at = s->response_on && strcmp(s->response_on, s->published_on) > 0
                             ? s->response_on
                             : s->published_on;
        html_printf(&r->out,
                    "<entry>\n<id>tag:dialturn,2015:%U/reports/sos/%U</id>\n<title>%h</title>\n"
                    "<link rel=\"alternate\" type=\"text/html\" href=\"/reports/sos/%U\"/>\n"
                    "<link rel=\"enclosure\" type=\"application/pdf\" "
                    "href=\"/reports/sos/%U.pdf\"/>\n"
                    "<published>%hT00:00:00Z</published>\n<updated>%hT00:00:00Z</updated>\n"
                    "<summary>%h, covering %h to %h, published %h.%h</summary>\n",
                    slug, s->ref, s->title, s->ref, s->ref, s->published_on, at,
                    sos_kind_label(s->kind), s->from, s->to, s->published_on,
                    s->response_on ? " The Secretary of State's response is attached." : "");
        if (s->response_on && s->response_document_id)
            html_printf(&r->out,
                        "<link rel=\"related\" title=\"The Secretary of State's letter\" "
                        "href=\"/documents/%ld\"/>\n",
                        (long)s->response_document_id);
        html_printf(&r->out, "</entry>\n");
    }
    html_printf(&r->out, "</feed>\n");
    sos_list_free(v, n);
    r->content_type = CT_ATOM;
    return 0;
}

/* --- workspace ----------------------------------------------------------------------------- */

static const char sql_months[] =
    "SELECT month FROM main.period WHERE status = 'signed_off' ORDER BY month";

static int show_list(struct req *r, const struct sos_start *form, const struct field_errors *fe)
{
    struct sos_report *v;
    size_t n;
    if (sos_list(r->db, false, &v, &n))
        return req_model_error(r);
    sqlite3_stmt *st = db_prepare(r->db, sql_months);
    if (!st) {
        sos_list_free(v, n);
        return req_model_error(r);
    }
    char(*months)[MONTH_LEN] = NULL;
    size_t nm = 0, cap = 0;
    int rc;
    while ((rc = db_step(r->db, st, "listing the signed-off months")) == 1) {
        months = xgrow(months, nm, &cap, sizeof *months);
        text_clip(months[nm++], MONTH_LEN, db_col_text(st, 0));
    }
    sqlite3_reset(st);
    if (rc < 0) {
        free(months);
        sos_list_free(v, n);
        return req_model_error(r);
    }
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/sos";
    const char *done = req_arg(r, "done");
    buf_reset(&r->out);
    view_sos_list(&r->out, &site,
                  &(struct view_sos_list){v, n, role_has(r->user->role, CAP_SOS_DRAFT),
                                          (const char(*)[MONTH_LEN])months, nm, form, fe,
                                          done && *done ? "The report is started" : NULL});
    free(months);
    sos_list_free(v, n);
    return 0;
}

int page_work_sos(struct req *r)
{
    return show_list(r, NULL, NULL);
}

int post_work_sos(struct req *r)
{
    struct sos_start in = {req_form(r, "ref"),  req_form(r, "kind"), req_form(r, "title"),
                           req_form(r, "from"), req_form(r, "to"),   DAY_NONE};
    char err[512];
    struct db *pdb = r->srv ? server_worker_pdb(r->srv, r->cfg, err, sizeof err) : NULL;
    if (!pdb) {
        text_printf(r->err, sizeof r->err, "sos: no record connection");
        return -1;
    }
    struct field_errors fe = FERR_INIT;
    enum sos_rc rc = sos_start(r->wdb, pdb, &in, r->user->account_id, &fe);
    if (rc == SOS_ERROR) {
        ferr_free(&fe);
        text_printf(r->err, sizeof r->err, "sos start: %s", r->wdb->err);
        return -1;
    }
    if (rc != SOS_OK) {
        r->status = 400;
        int out = show_list(r, &in, &fe);
        ferr_free(&fe);
        return out;
    }
    struct buf to = BUF_INIT;
    html_printf(&to, "/work/sos/%U?done=started", in.ref);
    req_redirect(r, buf_str(&to));
    buf_free(&to);
    return 0;
}

static const char *done_text(const char *done)
{
    static const char *const v[][2] = {
        {"started", "The report is started: its figures are frozen"},
        {"refreshed", "The figures are frozen again"},
        {"saved", "The assessment is saved"},
        {"approved", "The report is approved"},
        {"published", "The report is published"},
        {"response", "The response is saved"},
    };
    for (size_t i = 0; done && i < sizeof v / sizeof *v; i++)
        if (strcmp(done, v[i][0]) == 0)
            return v[i][1];
    return NULL;
}

/* The report's workspace page, with the failed form's errors. */
static int show_report(struct req *r, const char *key, const char *typed, const char *resp_on,
                       const char *resp, const char *resp_doc, const struct field_errors *fe)
{
    struct sos_report s;
    int rc = sos_get(r->db, req_param(r, "ref"), false, &s);
    if (rc < 0)
        return req_model_error(r);
    if (rc == 0) {
        req_error(r, 404, "There is no report with this reference.");
        return 0;
    }
    struct buf preview = BUF_INIT;
    char err[512];
    if (s.state == SOS_PUBLISHED) {
        if (doc_bytes(r->db, s.html_document_id, &preview) < 0) {
            sos_free(&s);
            return req_model_error(r);
        }
    } else {
        struct db *pdb = r->srv ? server_worker_pdb(r->srv, r->cfg, err, sizeof err) : NULL;
        if (!pdb ||
            sos_render(pdb, r->cfg->org_name, &s, date_today(), &preview, NULL, err, sizeof err)) {
            sos_free(&s);
            buf_free(&preview);
            text_printf(r->err, sizeof r->err, "sos preview: %s", pdb ? err : "no connection");
            return -1;
        }
    }
    struct view_site site = WEB_SITE_R(r);
    site.path = r->path;
    buf_reset(&r->out);
    view_sos_work(
        &r->out, &site,
        &(struct view_sos_work){&s, buf_str(&preview), role_has(r->user->role, CAP_SOS_DRAFT),
                                role_has(r->user->role, CAP_SOS_ASSESS), key, typed, resp_on, resp,
                                resp_doc, fe, done_text(req_arg(r, "done"))});
    buf_free(&preview);
    sos_free(&s);
    return 0;
}

int page_work_sos_report(struct req *r)
{
    return show_report(r, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* Answers an outcome of a change: the page again with its errors, 404, 500,
 * or the redirect to the report's page saying `done`. */
static int answer(struct req *r, enum sos_rc rc, struct field_errors *fe, const char *done,
                  const char *key, const char *typed, const char *resp_on, const char *resp,
                  const char *resp_doc)
{
    int out = 0;
    if (rc == SOS_ERROR) {
        text_printf(r->err, sizeof r->err, "sos: %s", r->wdb->err);
        out = -1;
    } else if (rc == SOS_NOT_FOUND) {
        req_error(r, 404, "There is no such report or section.");
    } else if (rc == SOS_REFUSED) {
        bool state = ferr_find(fe, "state") != NULL;
        r->status = state ? 409 : 400;
        out = show_report(r, key, typed, resp_on, resp, resp_doc, fe);
    } else {
        struct buf to = BUF_INIT;
        html_printf(&to, "/work/sos/%U?done=%U", req_param(r, "ref"), done);
        req_redirect(r, buf_str(&to));
        buf_free(&to);
    }
    ferr_free(fe);
    return out;
}

int post_sos_refresh(struct req *r)
{
    char err[512];
    struct db *pdb = r->srv ? server_worker_pdb(r->srv, r->cfg, err, sizeof err) : NULL;
    if (!pdb) {
        text_printf(r->err, sizeof r->err, "sos: no record connection");
        return -1;
    }
    struct field_errors fe = FERR_INIT;
    enum sos_rc rc = sos_refresh(r->wdb, pdb, req_param(r, "ref"), NULL, NULL, &fe);
    return answer(r, rc, &fe, "refreshed", NULL, NULL, NULL, NULL, NULL);
}

int post_sos_section(struct req *r)
{
    struct field_errors fe = FERR_INIT;
    const char *key = req_param(r, "key"), *body = req_form(r, "assessment");
    enum sos_rc rc = sos_assess(r->wdb, req_param(r, "ref"), key, body ? body : "", &fe);
    if (rc == SOS_REFUSED && ferr_find(&fe, "assessment")) { /* name the section's input */
        struct field_errors named = FERR_INIT;
        struct buf f = BUF_INIT;
        buf_printf(&f, "assessment-%s", key);
        ferr_add(&named, buf_str(&f), "%s", ferr_find(&fe, "assessment"));
        buf_free(&f);
        ferr_free(&fe);
        fe = named;
    }
    return answer(r, rc, &fe, "saved", key, body, NULL, NULL, NULL);
}

int post_sos_approve(struct req *r)
{
    struct field_errors fe = FERR_INIT;
    enum sos_rc rc = sos_approve(r->wdb, req_param(r, "ref"), r->user->account_id,
                                 r->user->person_id, date_today(), &fe);
    return answer(r, rc, &fe, "approved", NULL, NULL, NULL, NULL, NULL);
}

int post_sos_publish(struct req *r)
{
    struct field_errors fe = FERR_INIT;
    struct sos_report s;
    int got = sos_get(r->wdb, req_param(r, "ref"), false, &s);
    if (got < 0)
        return req_model_error(r);
    if (got == 0)
        return answer(r, SOS_NOT_FOUND, &fe, NULL, NULL, NULL, NULL, NULL, NULL);
    if (s.state != SOS_APPROVED) {
        sos_free(&s);
        ferr_add(&fe, "state", "Only an approved report can be published.");
        return answer(r, SOS_REFUSED, &fe, NULL, NULL, NULL, NULL, NULL, NULL);
    }
    char err[512];
    struct db *pdb = r->srv ? server_worker_pdb(r->srv, r->cfg, err, sizeof err) : NULL;
    struct buf html = BUF_INIT, pdf = BUF_INIT;
    day_t today = date_today();
    char d[DATE_LEN];
    date_format(today, d);
    free(s.published_on);
    s.published_on = xstrdup(d); /* the text says when it was published */
    int rc = pdb ? sos_render(pdb, r->cfg->org_name, &s, today, &html, &pdf, err, sizeof err) : -1;
    sos_free(&s);
    if (rc) {
        buf_free(&html);
        buf_free(&pdf);
        text_printf(r->err, sizeof r->err, "sos publish: %s", pdb ? err : "no connection");
        return -1;
    }
    enum sos_rc src =
        sos_publish(r->wdb, req_param(r, "ref"), today, &html, &pdf, r->user->account_id, &fe);
    buf_free(&html);
    buf_free(&pdf);
    return answer(r, src, &fe, "published", NULL, NULL, NULL, NULL, NULL);
}

int post_sos_response(struct req *r)
{
    struct field_errors fe = FERR_INIT;
    const char *on = req_form(r, "response_on"), *body = req_form(r, "response"),
               *doc = req_form(r, "response_document");
    enum sos_rc rc =
        sos_respond(r->wdb, req_param(r, "ref"), on, body, req_id(r, "response_document"), &fe);
    return answer(r, rc, &fe, "response", NULL, NULL, on, body, doc ? doc : "");
}

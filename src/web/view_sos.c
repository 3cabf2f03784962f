/* view_sos.c — the reports to the Secretary of State: the article (what is
 * published), the public page, and the workspace (view_sos.h). */
#include "web/view_sos.h"
#include "lib/html.h"
#include "lib/markdown.h"
#include "web/view_report.h"
#include <stdio.h>
#include <string.h>

static void covers(struct buf *b, const struct sos_report *s)
{
    view_month(b, s->from);
    if (strcmp(s->from, s->to) != 0) {
        html_printf(b, " to ");
        view_month(b, s->to);
    }
}

void view_sos_article(struct buf *b, const char *org, const struct sos_report *s,
                      const struct report *rep)
{
    html_printf(b,
                "<div class=\"dialturn-report dialturn-sos\">\n<span "
                "class=\"govuk-caption-l\">%h: %h</span>\n<h1 class=\"govuk-heading-xl\">%h</h1>\n"
                "<p class=\"govuk-body\">The independent improvement panel to the Secretary of "
                "State, reference %h. It covers ",
                org, sos_kind_label(s->kind), s->title, s->ref);
    covers(b, s);
    html_printf(b, ", from the records of the signed-off months");
    if (rep && rep->prev_month[0])
        html_printf(b, ", compared with %h", rep->prev_month);
    html_printf(b, ".");
    if (s->approved_on)
        html_printf(b, " Approved by the panel's chair on %h.", s->approved_on);
    if (s->published_on)
        html_printf(b, " Published on %h.", s->published_on);
    html_printf(b, "</p>\n<nav class=\"dialturn-report__contents\" aria-labelledby=\"contents\">\n"
                   "<h2 class=\"govuk-heading-m\" id=\"contents\">Contents</h2>\n"
                   "<ol class=\"govuk-list govuk-list--number\">\n");
    for (size_t i = 0; i < s->nsec; i++)
        html_printf(b, "<li><a class=\"govuk-link\" href=\"#sos-%h\">%h</a></li>\n", s->sec[i].key,
                    s->sec[i].title);
    html_printf(b, "</ol>\n</nav>\n");
    for (size_t i = 0; i < s->nsec; i++) {
        const struct sos_section *sec = &s->sec[i];
        const struct sos_section_def *d = NULL;
        for (size_t k = 0; k < sos_nsections; k++)
            if (strcmp(sos_sections[k].key, sec->key) == 0)
                d = &sos_sections[k];
        html_printf(b,
                    "<section class=\"dialturn-report__section\" aria-labelledby=\"sos-%h\">\n"
                    "<h2 class=\"govuk-heading-l\" id=\"sos-%h\">%zu. %h</h2>\n",
                    sec->key, sec->key, i + 1, sec->title);
        html_printf(b, "<div class=\"dialturn-sos__assessment\">\n");
        if (*sec->assessment)
            markdown_html(b, sec->assessment);
        else
            html_printf(b, "<p class=\"govuk-body\"><em>The panel has not written this "
                           "assessment yet.</em></p>\n");
        html_printf(b, "</div>\n");
        if (d && rep)
            for (size_t k = 0; k < d->nfigures; k++)
                view_report_section(b, rep, d->figures[k]);
        if (d && d->meetings)
            markdown_html(b, sec->figures);
        html_printf(b, "</section>\n");
    }
    html_printf(b, "</div>\n");
}

void view_sos_public(struct buf *b, const struct view_site *site, const struct sos_report *s,
                     const char *article, size_t article_len, const struct document *letter)
{
    view_page_begin(b, site, s->title);
    buf_append(b, article, article_len); /* stored at publication from view_sos_article */
    html_printf(b,
                "<p class=\"govuk-body dialturn-no-print\">Also as <a class=\"govuk-link\" "
                "href=\"/reports/sos/%U.pdf\">PDF</a>.</p>\n"
                "<section class=\"dialturn-report__section\" aria-labelledby=\"response\">\n"
                "<h2 class=\"govuk-heading-l\" id=\"response\">The Secretary of State's "
                "response</h2>\n",
                s->ref);
    if (s->response_on) {
        html_printf(b, "<p class=\"govuk-body\">Received on %h.</p>\n", s->response_on);
        if (letter)
            html_printf(
                b,
                "<p class=\"govuk-body\" id=\"response-letter\"><a class=\"govuk-link\" "
                "href=\"/documents/%ld\">The Secretary of State's letter</a> (%h, %h)</p>\n",
                (long)letter->id, document_type_label(letter->content_type), letter->name);
        if (s->response)
            markdown_html(b, s->response);
    } else
        html_printf(b, "<p class=\"govuk-body\">No response has been received yet.</p>\n");
    html_printf(b, "</section>\n");
    view_page_end(b, site);
}

static void error_of(struct buf *b, const struct field_errors *fe, const char *field)
{
    const char *m = fe ? ferr_find(fe, field) : NULL;
    if (m)
        html_printf(b,
                    "<p class=\"govuk-error-message\" id=\"%h-error\"><span "
                    "class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                    field, m);
}

static void month_select(struct buf *b, const char *name, const char *label,
                         const char (*months)[MONTH_LEN], size_t n, const char *chosen,
                         const struct field_errors *fe)
{
    bool bad = fe && ferr_find(fe, name);
    html_printf(b,
                "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%h\">%h"
                "</label>\n",
                bad ? " govuk-form-group--error" : "", name, label);
    error_of(b, fe, name);
    html_printf(b, "<select class=\"govuk-select\" id=\"%h\" name=\"%h\">\n", name, name);
    for (size_t i = n; i-- > 0;)
        html_printf(b, "<option value=\"%h\"%s>%h</option>\n", months[i],
                    chosen && strcmp(chosen, months[i]) == 0 ? " selected" : "", months[i]);
    html_printf(b, "</select></div>\n");
}

void view_sos_list(struct buf *b, const struct view_site *site, const struct view_sos_list *v)
{
    view_page_begin(b, site, "Reports to the Secretary of State");
    view_errors_summary(b, v->fe ? v->fe->e : NULL, v->fe ? v->fe->n : 0);
    view_done_banner(b, v->done);
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Reports to the Secretary of State</h1>\n"
                   "<p class=\"govuk-body\">The secretariat starts a report; the panel writes "
                   "its assessment of each section around the figures; the chair approves it; "
                   "the secretariat publishes it. Nothing is public before publication.</p>\n");
    if (!v->n)
        html_printf(b, "<p class=\"govuk-body\">No report has been started.</p>\n");
    else {
        html_printf(b, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
                       "govuk-table__caption--m\">Reports</caption>\n<thead "
                       "class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th "
                       "scope=\"col\" class=\"govuk-table__header\">Report</th><th scope=\"col\" "
                       "class=\"govuk-table__header\">Covers</th><th scope=\"col\" "
                       "class=\"govuk-table__header\">State</th></tr></thead>\n<tbody "
                       "class=\"govuk-table__body\">\n");
        for (size_t i = 0; i < v->n; i++) {
            const struct sos_report *s = &v->v[i];
            html_printf(b,
                        "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                        "class=\"govuk-link\" href=\"/work/sos/%U\">%h</a> %h</td><td "
                        "class=\"govuk-table__cell\">",
                        s->ref, s->ref, s->title);
            covers(b, s);
            html_printf(b, "</td><td class=\"govuk-table__cell\">%h</td></tr>\n",
                        sos_state_label(s->state));
        }
        html_printf(b, "</tbody></table>\n");
    }
    if (v->can_start && v->nmonths) {
        const struct sos_start *f = v->form;
        html_printf(b, "<h2 class=\"govuk-heading-l\">Start a report</h2>\n"
                       "<form method=\"post\" action=\"/work/sos\" novalidate>\n");
        view_csrf_field(b, site);
        const char *fields[2][3] = {{"ref", "Reference, such as SOS-2015-12", f ? f->ref : ""},
                                    {"title", "Title", f ? f->title : ""}};
        for (int i = 0; i < 2; i++) {
            bool bad = v->fe && ferr_find(v->fe, fields[i][0]);
            html_printf(b,
                        "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" "
                        "for=\"%h\">%h</label>\n",
                        bad ? " govuk-form-group--error" : "", fields[i][0], fields[i][1]);
            error_of(b, v->fe, fields[i][0]);
            html_printf(b,
                        "<input class=\"govuk-input\" id=\"%h\" name=\"%h\" type=\"text\" "
                        "value=\"%h\"></div>\n",
                        fields[i][0], fields[i][0], fields[i][2] ? fields[i][2] : "");
        }
        static const char *const kinds[3][2] = {{"scheduled", "Scheduled report"},
                                                {"requested", "Requested by the department"},
                                                {"letter", "Letter"}};
        const char *kind = f && f->kind ? f->kind : "scheduled";
        html_printf(b, "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\">"
                       "<legend class=\"govuk-fieldset__legend\">Kind</legend>\n");
        error_of(b, v->fe, "kind");
        html_printf(b, "<div class=\"govuk-radios\" data-module=\"govuk-radios\">\n");
        for (int i = 0; i < 3; i++)
            html_printf(b,
                        "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                        "id=\"kind%s\" name=\"kind\" type=\"radio\" value=\"%h\"%s><label "
                        "class=\"govuk-label govuk-radios__label\" for=\"kind%s\">%h</label>"
                        "</div>\n",
                        i == 0   ? ""
                        : i == 1 ? "-requested"
                                 : "-letter",
                        kinds[i][0], strcmp(kind, kinds[i][0]) == 0 ? " checked" : "",
                        i == 0   ? ""
                        : i == 1 ? "-requested"
                                 : "-letter",
                        kinds[i][1]);
        html_printf(b, "</div></fieldset></div>\n");
        month_select(b, "from", "First month covered", v->months, v->nmonths,
                     f && f->from ? f->from : v->months[0], v->fe);
        month_select(b, "to", "Last month covered", v->months, v->nmonths,
                     f && f->to ? f->to : v->months[v->nmonths - 1], v->fe);
        html_printf(b, "<button type=\"submit\" class=\"govuk-button\" "
                       "data-module=\"govuk-button\">Start the report</button>\n</form>\n");
    }
    view_page_end(b, site);
}

/* A form of one button posting to /work/sos/REF/what. */
static void button_form(struct buf *b, const struct view_site *site, const char *ref,
                        const char *what, const char *label, const char *hint)
{
    html_printf(b, "<form method=\"post\" action=\"/work/sos/%U/%h\" novalidate>\n", ref, what);
    view_csrf_field(b, site);
    html_printf(b,
                "<p class=\"govuk-body\">%h</p>\n<button type=\"submit\" class=\"govuk-button\" "
                "data-module=\"govuk-button\" id=\"%h\">%h</button>\n</form>\n",
                hint, what, label);
}

void view_sos_work(struct buf *b, const struct view_site *site, const struct view_sos_work *v)
{
    const struct sos_report *s = v->s;
    view_page_begin(b, site, s->title);
    view_errors_summary(b, v->fe ? v->fe->e : NULL, v->fe ? v->fe->n : 0);
    view_done_banner(b, v->done);
    html_printf(b,
                "<span class=\"govuk-caption-l\">%h, %h</span>\n<h1 "
                "class=\"govuk-heading-xl\">%h</h1>\n<dl class=\"govuk-summary-list\">\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "State</dt><dd class=\"govuk-summary-list__value\" id=\"state\">%h</dd></div>\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Covers</dt><dd class=\"govuk-summary-list__value\">",
                s->ref, sos_kind_label(s->kind), s->title, sos_state_label(s->state));
    covers(b, s);
    html_printf(b,
                "</dd></div>\n<div class=\"govuk-summary-list__row\"><dt "
                "class=\"govuk-summary-list__key\">Figures frozen</dt><dd "
                "class=\"govuk-summary-list__value\">%h</dd></div>\n</dl>\n",
                s->refreshed_at);
    if (s->state == SOS_PUBLISHED)
        html_printf(b,
                    "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/reports/sos/%U\">"
                    "The published report</a> (<a class=\"govuk-link\" "
                    "href=\"/reports/sos/%U.pdf\">PDF</a>)</p>\n",
                    s->ref, s->ref);
    if (s->state == SOS_DRAFT && v->can_draft) {
        html_printf(b, "<h2 class=\"govuk-heading-m\">Refresh the figures</h2>\n");
        button_form(b, site, s->ref, "refresh", "Refresh the figures",
                    "Freeze the figures again from the records of the months covered.");
    }
    if (s->state == SOS_DRAFT && v->can_assess) {
        html_printf(b, "<h2 class=\"govuk-heading-l\">The panel's assessment</h2>\n");
        for (size_t i = 0; i < s->nsec; i++) {
            const struct sos_section *sec = &s->sec[i];
            char field[64];
            snprintf(field, sizeof field, "assessment-%s", sec->key);
            bool failed = v->key && strcmp(v->key, sec->key) == 0;
            const char *text = failed && v->typed ? v->typed : sec->assessment;
            bool bad = v->fe && ferr_find(v->fe, field);
            html_printf(b,
                        "<form method=\"post\" action=\"/work/sos/%U/sections/%U\" novalidate>\n",
                        s->ref, sec->key);
            view_csrf_field(b, site);
            html_printf(b,
                        "<div class=\"govuk-form-group%s\"><label class=\"govuk-label "
                        "govuk-label--m\" for=\"%h\">%zu. %h (Markdown)</label>\n",
                        bad ? " govuk-form-group--error" : "", field, i + 1, sec->title);
            error_of(b, v->fe, field);
            html_printf(b,
                        "<textarea class=\"govuk-textarea\" id=\"%h\" name=\"assessment\" "
                        "rows=\"8\">%h</textarea></div>\n<button type=\"submit\" "
                        "class=\"govuk-button govuk-button--secondary\" "
                        "data-module=\"govuk-button\">Save<span class=\"govuk-visually-hidden\"> "
                        "%h</span></button>\n</form>\n",
                        field, text, sec->title);
        }
        html_printf(b, "<h2 class=\"govuk-heading-m\">Approve</h2>\n");
        error_of(b, v->fe, "approve");
        button_form(b, site, s->ref, "approve", "Approve the report",
                    "The chair approves the report once every section has its assessment: "
                    "nothing can change after.");
    }
    if (s->state == SOS_APPROVED && v->can_draft) {
        html_printf(b, "<h2 class=\"govuk-heading-m\">Publish</h2>\n");
        button_form(b, site, s->ref, "publish", "Publish the report",
                    "Publishing puts the report and its PDF on the public site, for good.");
    }
    if (s->state == SOS_PUBLISHED && v->can_draft) {
        bool bd = v->fe && ferr_find(v->fe, "response_on"),
             bt = v->fe && ferr_find(v->fe, "response");
        html_printf(b,
                    "<h2 class=\"govuk-heading-m\">The Secretary of State's response</h2>\n"
                    "<form method=\"post\" action=\"/work/sos/%U/response\" novalidate>\n",
                    s->ref);
        view_csrf_field(b, site);
        html_printf(b,
                    "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" "
                    "for=\"response_on\">Date received (YYYY-MM-DD)</label>\n",
                    bd ? " govuk-form-group--error" : "");
        error_of(b, v->fe, "response_on");
        html_printf(b,
                    "<input class=\"govuk-input govuk-input--width-10\" id=\"response_on\" "
                    "name=\"response_on\" type=\"text\" value=\"%h\"></div>\n"
                    "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" "
                    "for=\"response\">Response (Markdown; may be empty when the letter is "
                    "attached)</label>\n",
                    v->response_on   ? v->response_on
                    : s->response_on ? s->response_on
                                     : "",
                    bt ? " govuk-form-group--error" : "");
        error_of(b, v->fe, "response");
        html_printf(b,
                    "<textarea class=\"govuk-textarea\" id=\"response\" name=\"response\" "
                    "rows=\"8\">%h</textarea></div>\n",
                    v->response   ? v->response
                    : s->response ? s->response
                                  : "");
        bool bl = v->fe && ferr_find(v->fe, "response_document");
        char current[24] = "";
        if (s->response_document_id)
            snprintf(current, sizeof current, "%ld", (long)s->response_document_id);
        html_printf(b,
                    "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" "
                    "for=\"response_document\">The letter itself: its document number "
                    "(optional)</label>\n<div class=\"govuk-hint\" id=\"response_document-hint\">"
                    "Upload the letter as a public document on the <a class=\"govuk-link\" "
                    "href=\"/work/documents\">documents page</a>, then give its number here. "
                    "The text above may then be left empty.</div>\n",
                    bl ? " govuk-form-group--error" : "");
        error_of(b, v->fe, "response_document");
        html_printf(b,
                    "<input class=\"govuk-input govuk-input--width-5\" id=\"response_document\" "
                    "name=\"response_document\" type=\"text\" inputmode=\"numeric\" "
                    "aria-describedby=\"response_document-hint\" value=\"%h\"></div>\n",
                    v->response_document ? v->response_document : current);
        if (s->response_document_id)
            html_printf(b,
                        "<p class=\"govuk-body\">Attached now: <a class=\"govuk-link\" "
                        "href=\"/documents/%ld\">document %ld</a>.</p>\n",
                        (long)s->response_document_id, (long)s->response_document_id);
        html_printf(b, "<button type=\"submit\" class=\"govuk-button\" "
                       "data-module=\"govuk-button\">Save the response</button>\n</form>\n");
    }
    html_printf(b, "<h2 class=\"govuk-heading-l\">Preview</h2>\n");
    if (v->preview)
        buf_append(b, v->preview, strlen(v->preview));
    view_page_end(b, site);
}

/* view_documents.c — the documents page (the list and the upload form), and
 * the error summary and success banner the helper-D forms share.  GOV.UK
 * Frontend patterns: a label for every input, the error summary linking to
 * the fields, the notification banner after a change. */
#include "lib/html.h"
#include "model/document.h"
#include "web/view.h"
#include <stdio.h>
#include <string.h>

/* The message for field `id`, or NULL. */
static const char *error_for(const struct view_documents *v, const char *id)
{
    for (size_t i = 0; i < v->nerrors; i++)
        if (strcmp(v->errors[i].field, id) == 0)
            return v->errors[i].message;
    return NULL;
}

/* A size for people: "512 bytes", "14 KB", "2.3 MB". */
static void format_size(int64_t n, char *out, size_t size)
{
    if (n < 1024)
        snprintf(out, size, "%lld bytes", (long long)n);
    else if (n < 1024 * 1024)
        snprintf(out, size, "%lld KB", (long long)((n + 1023) / 1024));
    else
        snprintf(out, size, "%.1f MB", (double)n / (1024.0 * 1024.0));
}

static void documents_table(struct buf *b, const struct view_documents *v)
{
    html_printf(b, "<h2 class=\"govuk-heading-m\">Documents you can read</h2>\n");
    if (!v->n) {
        html_printf(b, "<p class=\"govuk-body\">No document has been uploaded yet.</p>\n");
        return;
    }
    if (v->n >= DOCUMENT_LIST_MAX)
        html_printf(b, "<p class=\"govuk-body\">The newest %d documents are listed.</p>\n",
                    DOCUMENT_LIST_MAX);
    view_table_open(b, "Documents");
    html_printf(b, "<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-visually-hidden\">Documents, newest first</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Name</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Type</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Size</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Who can read it</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Uploaded</th>"
                   "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < v->n; i++) {
        const struct document *d = &v->docs[i];
        char id[24], size[32];
        snprintf(id, sizeof id, "%lld", (long long)d->id);
        format_size(d->size, size, sizeof size);
        html_printf(b,
                    "<tr class=\"govuk-table__row\">"
                    "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                    "href=\"/documents/%U\">%h</a></td>"
                    "<td class=\"govuk-table__cell\">%h</td>"
                    "<td class=\"govuk-table__cell\">%h</td>"
                    "<td class=\"govuk-table__cell\">",
                    id, d->name, document_type_label(d->content_type), size);
        if (d->public)
            html_printf(b, "<strong class=\"govuk-tag govuk-tag--green\">Public</strong>");
        else
            html_printf(b, "<strong class=\"govuk-tag govuk-tag--grey\">Restricted</strong>");
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        view_time(b, d->uploaded_at);
        if (d->uploaded_by[0])
            html_printf(b, " by %h", d->uploaded_by);
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

/* One radio of the "public" question. */
static void public_radio(struct buf *b, const char *id, const char *value, const char *label,
                         const char *hint, bool checked)
{
    html_printf(b,
                "<div class=\"govuk-radios__item\">\n"
                "<input class=\"govuk-radios__input\" id=\"%h\" name=\"public\" type=\"radio\" "
                "value=\"%h\" aria-describedby=\"%h-hint\"%s>\n"
                "<label class=\"govuk-label govuk-radios__label\" for=\"%h\">%h</label>\n"
                "<div id=\"%h-hint\" class=\"govuk-hint govuk-radios__hint\">%h</div>\n"
                "</div>\n",
                id, value, id, checked ? " checked" : "", id, label, id, hint);
}

static void upload_form(struct buf *b, const struct view_site *site, const struct view_documents *v)
{
    const char *file_error = error_for(v, "file"), *public_error = error_for(v, "public");
    const char *choice = v->public_choice ? v->public_choice : "";
    html_printf(b,
                "<h2 class=\"govuk-heading-m\">Upload a document</h2>\n"
                "<form method=\"post\" action=\"/work/documents\" enctype=\"multipart/form-data\" "
                "novalidate>\n");
    view_csrf_field(b, site);
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label\" for=\"file\">The file</label>\n"
                "<div id=\"file-hint\" class=\"govuk-hint\">A PDF, PNG, JPEG or GIF, plain text "
                "or CSV (UTF-8), or a Word, Excel or PowerPoint file (DOCX, XLSX, PPTX); 10 MB at "
                "most.</div>\n",
                file_error ? " govuk-form-group--error" : "");
    if (file_error)
        html_printf(b,
                    "<p id=\"file-error\" class=\"govuk-error-message\">"
                    "<span class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                    file_error);
    html_printf(b,
                "<input class=\"govuk-file-upload%s\" id=\"file\" name=\"file\" type=\"file\" "
                "accept=\".pdf,.png,.jpg,.jpeg,.gif,.txt,.csv,.docx,.xlsx,.pptx\" "
                "aria-describedby=\"file-hint%s\">\n"
                "</div>\n",
                file_error ? " govuk-file-upload--error" : "", file_error ? " file-error" : "");
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<fieldset class=\"govuk-fieldset\"%s>\n"
                "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">"
                "Who can read it?</legend>\n",
                public_error ? " govuk-form-group--error" : "",
                public_error ? " aria-describedby=\"public-error\"" : "");
    if (public_error)
        html_printf(b,
                    "<p id=\"public-error\" class=\"govuk-error-message\">"
                    "<span class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                    public_error);
    html_printf(b, "<div class=\"govuk-radios\" data-module=\"govuk-radios\">\n");
    public_radio(b, "public", "no", "Restricted",
                 "Only the programme office, the executive, the panel and its secretariat, and "
                 "you.",
                 strcmp(choice, "no") == 0);
    public_radio(b, "public-yes", "yes", "Public",
                 "Anyone, on the public site, once it is linked from there.",
                 strcmp(choice, "yes") == 0);
    html_printf(b, "</div>\n</fieldset>\n</div>\n"
                   "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Upload</button>\n"
                   "</form>\n");
}

void view_documents(struct buf *b, const struct view_site *site, const struct view_documents *v)
{
    view_page_begin(b, site, v->nerrors ? "Error: Documents" : "Documents");
    view_errors_summary(b, v->errors, v->nerrors);
    view_done_banner(b, v->done);
    html_printf(b, "<h1 class=\"govuk-heading-l\">Documents</h1>\n"
                   "<p class=\"govuk-body\">Papers, evidence and reports, kept in dialturn by "
                   "their content. A restricted document is shown only to those who may read "
                   "restricted material and to whoever uploaded it; it never appears on the "
                   "public site.</p>\n");
    if (v->can_upload)
        upload_form(b, site, v);
    documents_table(b, v);
    view_page_end(b, site);
}

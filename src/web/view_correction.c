/* view_correction.c — the form that corrects an update of a signed-off month,
 * with the corrections made so far as the public will read them. */
#include "lib/html.h"
#include "lib/text.h"
#include "model/correction.h"
#include "web/view.h"
#include "web/view_cycle_int.h"
#include <stdio.h>
#include <string.h>

/* The fields a correction may change, with their names for people. */
static const char *const field_codes[] = {"status", "percent", "confidence", "narrative",
                                          "forecast_finish"};
static const char *const field_labels[] = {"Status", "Percentage complete", "Confidence",
                                           "Narrative", "Forecast finish"};

/* Opens a form group for `field`, with its label and hint, and its error. */
static bool group_begin(struct buf *b, const struct field_errors *errs, const char *field,
                        const char *label, const char *hint)
{
    bool err = vc_error_for(errs, field) != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label govuk-label--s\" for=\"%h\">%h</label>\n"
                "<div id=\"%h-hint\" class=\"govuk-hint\">%h</div>\n",
                err ? " govuk-form-group--error" : "", field, label, field, hint);
    vc_field_error(b, errs, field, "");
    return err;
}

void view_correction(struct buf *b, const struct view_site *site, const struct view_correction *v)
{
    const struct correction_input *in = v->in;
    const struct field_errors *errs = v->errors;
    char title[160];
    snprintf(title, sizeof title, "%sCorrect an update of %s", errs && errs->n ? "Error: " : "",
             TEXT_CLIP(v->action_ref, 60));
    view_page_begin(b, site, title);
    html_printf(b, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n"
                   "<a href=\"/work\" class=\"govuk-back-link\">Back to the workspace</a>\n");
    view_done_banner(b, v->done);
    vc_error_summary(b, errs, "");
    html_printf(b,
                "<span class=\"govuk-caption-l\">Correcting a signed-off month</span>\n"
                "<h1 class=\"govuk-heading-l\">%h: %h</h1>\n"
                "<p class=\"govuk-body\">A signed-off month's updates never change. A "
                "correction is a new record, kept in the ledger with your name, the date and "
                "your reason. The month's own record stays as it was signed off; from the next "
                "month signed off, the public site shows the update as corrected, with the "
                "correction beside it.</p>\n",
                v->action_ref, v->action_title);
    html_printf(b, "<h2 class=\"govuk-heading-m\">Corrections made</h2>\n");
    if (v->ncorrections == 0)
        html_printf(b, "<p class=\"govuk-body\">None.</p>\n");
    else
        html_printf(b, "<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (size_t i = 0; i < v->ncorrections; i++) {
        struct buf note = BUF_INIT;
        correction_note(v->scale, &v->corrections[i], &note);
        html_printf(b, "<li>%h: %h</li>\n", v->corrections[i].month, buf_str(&note));
        buf_free(&note);
    }
    if (v->ncorrections)
        html_printf(b, "</ul>\n");
    if (v->nmonths == 0) {
        html_printf(b, "<p class=\"govuk-body\">This action has no accepted update in a "
                       "signed-off month: there is nothing to correct.</p>\n</div>\n</div>\n");
        view_page_end(b, site);
        return;
    }
    html_printf(b,
                "<h2 class=\"govuk-heading-m\">Make a correction</h2>\n"
                "<form method=\"post\" action=\"/work/actions/%U/corrections\" novalidate>\n",
                v->action_ref);
    view_csrf_field(b, site);
    const char *month = in && in->month ? in->month : "";
    bool err = group_begin(b, errs, "period", "Month", "The signed-off month of the update.");
    html_printf(b,
                "<select class=\"govuk-select%s\" id=\"period\" name=\"period\" "
                "aria-describedby=\"period-hint\">\n",
                err ? " govuk-select--error" : "");
    for (size_t i = 0; i < v->nmonths; i++)
        html_printf(b, "<option value=\"%h\"%s>%h</option>\n", v->months[i],
                    strcmp(month, v->months[i]) == 0 ? " selected" : "", v->months[i]);
    html_printf(b, "</select>\n</div>\n");
    const char *field = in && in->field ? in->field : "";
    err = group_begin(b, errs, "field", "Field", "What the update got wrong.");
    html_printf(b,
                "<select class=\"govuk-select%s\" id=\"field\" name=\"field\" "
                "aria-describedby=\"field-hint\">\n",
                err ? " govuk-select--error" : "");
    for (size_t i = 0; i < sizeof field_codes / sizeof *field_codes; i++)
        html_printf(b, "<option value=\"%h\"%s>%h</option>\n", field_codes[i],
                    strcmp(field, field_codes[i]) == 0 ? " selected" : "", field_labels[i]);
    html_printf(b, "</select>\n</div>\n");
    err = group_begin(b, errs, "value", "It should read",
                      "As stored: a status (not_started, in_progress, blocked), a percentage "
                      "(0 to 100), a confidence level's key, a date YYYY-MM-DD, or the "
                      "narrative's text. Empty for none, where the field may be empty.");
    html_printf(b,
                "<textarea class=\"govuk-textarea%s\" id=\"value\" name=\"value\" rows=\"3\" "
                "aria-describedby=\"value-hint%s\">%h</textarea>\n</div>\n",
                err ? " govuk-textarea--error" : "", err ? " value-error" : "",
                in && in->value ? in->value : "");
    err = group_begin(b, errs, "reason", "Reason",
                      "Why the update was wrong. It is published with the correction.");
    html_printf(b,
                "<textarea class=\"govuk-textarea%s\" id=\"reason\" name=\"reason\" rows=\"3\" "
                "aria-describedby=\"reason-hint%s\">%h</textarea>\n</div>\n",
                err ? " govuk-textarea--error" : "", err ? " reason-error" : "",
                in && in->reason ? in->reason : "");
    html_printf(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Record the correction</button>\n</form>\n</div>\n</div>\n");
    view_page_end(b, site);
}

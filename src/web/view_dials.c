/* view_dials.c — the workspace's pages for the dials and the milestones. */
#include "web/view_dials.h"
#include "lib/html.h"
#include "lib/text.h"
#include "web/view_cycle_int.h"
#include <stdio.h>
#include <string.h>

/* A value as pages show it: up to 15 significant digits, no exponent for
 * the figures a council reports. */
static void fmt_value(double v, char out[40])
{
    snprintf(out, 40, "%.15g", v);
}

void view_dials(struct buf *b, const struct view_site *site, const struct view_dials *v)
{
    view_page_begin(b, site, "Measures: record the month's values");
    html_printf(b, "<a href=\"/work\" class=\"govuk-back-link\">Back to the workspace</a>\n");
    view_done_banner(b, v->done);
    html_printf(b, "<h1 class=\"govuk-heading-l\">Measures</h1>\n");
    if (v->due_month[0])
        html_printf(b,
                    "<p class=\"govuk-body\">Values are due for <strong>%h</strong>. Each value "
                    "is public once its month is signed off; a value for a month already signed "
                    "off is a correction, published beside the original.</p>\n",
                    v->due_month);
    else
        html_printf(b, "<p class=\"govuk-body\">The plan has no reporting month yet: values "
                       "are entered once the programme office opens one.</p>\n");
    if (v->n == 0) {
        html_printf(b, "<p class=\"govuk-body\">The plan has no measures.</p>\n");
        view_page_end(b, site);
        return;
    }
    view_table_open(b, "Measures and the value due");
    html_printf(b,
                "<table class=\"govuk-table\">\n"
                "<caption class=\"govuk-table__caption govuk-table__caption--m\" "
                "id=\"dials-caption\">Measures and the value due for %h</caption>\n"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Measure</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Latest value</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">%h</th>"
                "</tr></thead>\n<tbody class=\"govuk-table__body\">\n",
                v->due_month[0] ? v->due_month : "the month",
                v->due_month[0] ? v->due_month : "Due");
    for (size_t i = 0; i < v->n; i++) {
        const struct dial_row *r = &v->rows[i];
        char latest[40] = "", due[40] = "";
        if (r->has_latest)
            fmt_value(r->latest, latest);
        if (r->has_due)
            fmt_value(r->due_value, due);
        html_printf(
            b,
            "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
            "<a class=\"govuk-link\" href=\"/work/measures/%U\">%h: %h</a></th>",
            r->ref, r->ref, r->title);
        if (r->has_latest)
            html_printf(b, "<td class=\"govuk-table__cell\">%h %h (%h)</td>", latest, r->unit,
                        r->latest_month);
        else
            html_printf(b, "<td class=\"govuk-table__cell\">None yet</td>");
        if (r->has_due)
            html_printf(b,
                        "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag "
                        "govuk-tag--green\">Entered</strong> %h %h</td></tr>\n",
                        due, r->unit);
        else
            html_printf(b,
                        "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag "
                        "govuk-tag--yellow\">Due</strong> <a class=\"govuk-link\" "
                        "href=\"/work/measures/%U\">Enter<span class=\"govuk-visually-hidden\"> "
                        "the value of %h</span></a></td></tr>\n",
                        r->ref, r->ref);
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
    view_page_end(b, site);
}

/* Opens a form group for `field` with its label and hint, and its error. */
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

/* The entries made so far, as a table. */
static void entries_table(struct buf *b, const struct view_dial *v)
{
    html_printf(b, "<h2 class=\"govuk-heading-m\">Values entered</h2>\n");
    if (v->nentries == 0) {
        html_printf(b, "<p class=\"govuk-body\">None on the web or the API yet (values "
                       "imported from a file are on the public page).</p>\n");
        return;
    }
    view_table_open(b, "Values entered");
    html_printf(b, "<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-table__caption govuk-visually-hidden\" "
                   "id=\"entries-caption\">Values entered, by month</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Month</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Value</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Entered</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Note and source</th>"
                   "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < v->nentries; i++) {
        const struct dial_entry *e = &v->entries[i];
        char val[40], old[40] = "";
        fmt_value(e->value, val);
        if (e->has_old)
            fmt_value(e->old_value, old);
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%h</td>"
                    "<td class=\"govuk-table__cell\">%h",
                    e->month, val);
        if (e->correction)
            html_printf(b,
                        " <strong class=\"govuk-tag govuk-tag--orange\">Correction</strong> "
                        "(was %h)",
                        old);
        else if (e->has_old)
            html_printf(b, " (replaced the draft %h)", old);
        html_printf(b, "</td><td class=\"govuk-table__cell\">%h, ", e->by_name);
        vc_stamp(b, e->at);
        html_printf(b, "</td><td class=\"govuk-table__cell\">%h", e->note);
        if (e->source[0])
            html_printf(b, "%sSource: %h", e->note[0] ? "<br>" : "", e->source);
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

void view_dial(struct buf *b, const struct view_site *site, const struct view_dial *v)
{
    const struct dial_input *in = v->in;
    const struct field_errors *errs = v->errors;
    char title[200];
    snprintf(title, sizeof title, "%sRecord a value of %s", errs && errs->n ? "Error: " : "",
             TEXT_CLIP(v->ref, 60));
    view_page_begin(b, site, title);
    html_printf(b, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n"
                   "<a href=\"/work/measures\" class=\"govuk-back-link\">Back to the "
                   "measures</a>\n");
    view_done_banner(b, v->done);
    vc_error_summary(b, errs, "");
    html_printf(b,
                "<span class=\"govuk-caption-l\">Measure %h</span>\n"
                "<h1 class=\"govuk-heading-l\">%h</h1>\n"
                "<p class=\"govuk-body\">One value a month, in %h. It is public once its month "
                "is signed off (<a class=\"govuk-link\" href=\"/measures/%U\">the public "
                "page</a>). While the month is open a new value replaces the draft; once it is "
                "signed off a new value is a correction, kept in the ledger and published "
                "beside the original with your note.</p>\n",
                v->ref, v->title, v->unit, v->ref);
    if (v->nmonths == 0) {
        html_printf(b, "<p class=\"govuk-body\">There is no reporting month to enter a value "
                       "for yet.</p>\n");
    } else {
        html_printf(b, "<form method=\"post\" action=\"/work/measures/%U\" novalidate>\n", v->ref);
        view_csrf_field(b, site);
        const char *month = in && in->month && in->month[0] ? in->month : v->due_month;
        bool err = group_begin(b, errs, "month", "Month", "The month the value is for.");
        html_printf(b,
                    "<select class=\"govuk-select%s\" id=\"month\" name=\"month\" "
                    "aria-describedby=\"month-hint\">\n",
                    err ? " govuk-select--error" : "");
        for (size_t i = 0; i < v->nmonths; i++)
            html_printf(b, "<option value=\"%h\"%s>%h%s</option>\n", v->months[i].month,
                        strcmp(month, v->months[i].month) == 0 ? " selected" : "",
                        v->months[i].month, v->months[i].sealed ? " (signed off)" : "");
        html_printf(b, "</select>\n</div>\n");
        err = group_begin(b, errs, "value", "Value",
                          "A number such as 42, -1 or 3.5; no commas or units.");
        html_printf(b,
                    "<input class=\"govuk-input govuk-input--width-10%s\" id=\"value\" "
                    "name=\"value\" type=\"text\" inputmode=\"decimal\" spellcheck=\"false\" "
                    "aria-describedby=\"value-hint%s\" value=\"%h\">\n</div>\n",
                    err ? " govuk-input--error" : "", err ? " value-error" : "",
                    in && in->value ? in->value : "");
        err = group_begin(b, errs, "source", "Source (optional)",
                          "Where the figure comes from: a system, a return, a report.");
        html_printf(b,
                    "<input class=\"govuk-input%s\" id=\"source\" name=\"source\" type=\"text\" "
                    "aria-describedby=\"source-hint%s\" value=\"%h\">\n</div>\n",
                    err ? " govuk-input--error" : "", err ? " source-error" : "",
                    in && in->source ? in->source : "");
        err = group_begin(b, errs, "note", "Note",
                          "Optional, except for a correction of a signed-off month: then say "
                          "why. It is published with the value.");
        html_printf(b,
                    "<textarea class=\"govuk-textarea%s\" id=\"note\" name=\"note\" rows=\"3\" "
                    "aria-describedby=\"note-hint%s\">%h</textarea>\n</div>\n",
                    err ? " govuk-textarea--error" : "", err ? " note-error" : "",
                    in && in->note ? in->note : "");
        html_printf(b, "<button type=\"submit\" class=\"govuk-button\" "
                       "data-module=\"govuk-button\">Record the value</button>\n</form>\n");
    }
    html_printf(b, "</div>\n</div>\n");
    entries_table(b, v);
    view_page_end(b, site);
}

/* One milestone's form: achieved on (date) and evidence, ids suffixed with
 * "-REF" so that each form's fields are distinct. */
static void ms_form(struct buf *b, const struct view_site *site, const struct view_ms_work *v,
                    const struct dial_milestone *m)
{
    bool failed = v->in && v->in->ref && strcmp(v->in->ref, m->ref) == 0;
    const struct field_errors *errs = failed ? v->errors : NULL;
    char sfx[80];
    snprintf(sfx, sizeof sfx, "-%s", TEXT_CLIP(m->ref, 64));
    html_printf(b, "<form method=\"post\" action=\"/work/milestones/%U\" novalidate>\n", m->ref);
    view_csrf_field(b, site);
    bool err = vc_error_for(errs, "achieved_on") != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label\" for=\"achieved_on%h\">Achieved on<span "
                "class=\"govuk-visually-hidden\"> (%h)</span></label>\n"
                "<div id=\"achieved_on%h-hint\" class=\"govuk-hint\">YYYY-MM-DD, not in the "
                "future</div>\n",
                err ? " govuk-form-group--error" : "", sfx, m->ref, sfx);
    vc_field_error(b, errs, "achieved_on", sfx);
    html_printf(b,
                "<input class=\"govuk-input govuk-input--width-10%s\" id=\"achieved_on%h\" "
                "name=\"achieved_on\" type=\"text\" spellcheck=\"false\" "
                "aria-describedby=\"achieved_on%h-hint\" value=\"%h\">\n</div>\n",
                err ? " govuk-input--error" : "", sfx, sfx,
                failed && v->in->achieved_on ? v->in->achieved_on : v->today);
    err = vc_error_for(errs, "evidence") != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label\" for=\"evidence%h\">Evidence<span "
                "class=\"govuk-visually-hidden\"> for %h</span></label>\n"
                "<div class=\"govuk-hint\" id=\"evidence%h-hint\">A link or a sentence. Needed "
                "when the date, or the one it replaces, is in a month already signed off: say "
                "why.</div>\n",
                err ? " govuk-form-group--error" : "", sfx, m->ref, sfx);
    vc_field_error(b, errs, "evidence", sfx);
    html_printf(b,
                "<textarea class=\"govuk-textarea%s\" id=\"evidence%h\" name=\"evidence\" "
                "aria-describedby=\"evidence%h-hint\" rows=\"2\">%h</textarea>\n</div>\n"
                "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Mark achieved<span "
                "class=\"govuk-visually-hidden\">: %h</span></button>\n</form>\n",
                err ? " govuk-textarea--error" : "", sfx, sfx,
                failed && v->in->evidence ? v->in->evidence : "", m->ref);
}

void view_ms_work(struct buf *b, const struct view_site *site, const struct view_ms_work *v)
{
    char title[120];
    snprintf(title, sizeof title, "%sMilestones: mark achieved",
             v->errors && v->errors->n ? "Error: " : "");
    view_page_begin(b, site, title);
    html_printf(b, "<a href=\"/work\" class=\"govuk-back-link\">Back to the workspace</a>\n");
    view_done_banner(b, v->done);
    if (v->in && v->in->ref) {
        char sfx[80];
        snprintf(sfx, sizeof sfx, "-%s", TEXT_CLIP(v->in->ref, 64));
        vc_error_summary(b, v->errors, sfx);
    }
    html_printf(b, "<h1 class=\"govuk-heading-l\">Milestones</h1>\n"
                   "<p class=\"govuk-body\">Mark a milestone achieved with the date it was "
                   "met and, if you have it, the evidence. The ledger keeps who marked it and "
                   "when; the public roadmap shows it once the month is signed off, and the "
                   "monthly report lists it among the milestones met.</p>\n");
    size_t open = 0, done = 0;
    for (size_t i = 0; i < v->n; i++)
        v->ms[i].achieved_on[0] ? done++ : open++;
    html_printf(b, "<h2 class=\"govuk-heading-m\">Not yet achieved (%zu)</h2>\n", open);
    if (!open)
        html_printf(b, "<p class=\"govuk-body\">None.</p>\n");
    for (size_t i = 0; i < v->n; i++) {
        const struct dial_milestone *m = &v->ms[i];
        if (m->achieved_on[0])
            continue;
        html_printf(b,
                    "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-"
                    "wrapper\"><h3 class=\"govuk-summary-card__title\">%h: %h</h3></div>\n"
                    "<div class=\"govuk-summary-card__content\">\n<p class=\"govuk-body\">",
                    m->ref, m->title);
        if (m->action_ref)
            html_printf(b, "Action <a class=\"govuk-link\" href=\"/actions/%U\">%h</a>. ",
                        m->action_ref, m->action_ref);
        if (m->due[0])
            html_printf(b, "Due %h.", m->due);
        html_printf(b, "</p>\n");
        ms_form(b, site, v, m);
        html_printf(b, "</div></div>\n");
    }
    html_printf(b, "<h2 class=\"govuk-heading-m\">Achieved (%zu)</h2>\n", done);
    if (!done) {
        html_printf(b, "<p class=\"govuk-body\">None.</p>\n");
        view_page_end(b, site);
        return;
    }
    view_table_open(b, "Milestones achieved");
    html_printf(b, "<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-table__caption govuk-visually-hidden\" "
                   "id=\"ms-done-caption\">Milestones achieved</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Milestone</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Due</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Achieved on</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Evidence</th>"
                   "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < v->n; i++) {
        const struct dial_milestone *m = &v->ms[i];
        if (!m->achieved_on[0])
            continue;
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                    "class=\"govuk-table__header\">%h: %h</th><td class=\"govuk-table__cell\">%h"
                    "</td><td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">"
                    "%h</td></tr>\n",
                    m->ref, m->title, m->due, m->achieved_on, m->evidence ? m->evidence : "");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
    view_page_end(b, site);
}

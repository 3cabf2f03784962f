/* view_closure.c — closing an action: the owner's proposal, and the decisions
 * of the programme office and the panel. */
#include "lib/text.h"
#include "lib/html.h"
#include "lib/markdown.h"
#include "web/view.h"
#include "web/view_cycle_int.h"
#include <stdio.h>
#include <string.h>

/* Where a proposal stands, as a tag. */
static void stage_tag(struct buf *b, enum closure_stage s)
{
    static const char *const labels[] = {"Awaiting the programme office", "Awaiting the panel",
                                         "Accepted", "Returned"};
    static const char *const tags[] = {"govuk-tag--blue", "govuk-tag--purple", "govuk-tag--green",
                                       "govuk-tag--red"};
    if ((unsigned)s > CLOSURE_RETURNED)
        return;
    html_printf(b, "<strong class=\"govuk-tag %s\">%s</strong>", tags[s], labels[s]);
}

/* A proposal's facts: stage, who proposed it and when, the evidence, the
 * latest decision's comment. */
static void proposal(struct buf *b, const struct cycle_closure *c)
{
    html_printf(b, "<dl class=\"govuk-summary-list\">\n"
                   "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "Stage</dt><dd class=\"govuk-summary-list__value\">");
    stage_tag(b, c->stage);
    html_printf(b,
                "</dd></div>\n<div class=\"govuk-summary-list__row\"><dt "
                "class=\"govuk-summary-list__key\">Proposed by</dt><dd "
                "class=\"govuk-summary-list__value\">%h, ",
                c->proposed_by[0] ? c->proposed_by : "Unknown");
    vc_stamp(b, c->proposed_at);
    html_printf(b, "</dd></div>\n");
    if (c->completed_on[0])
        html_printf(b,
                    "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                    "Completed on</dt><dd class=\"govuk-summary-list__value\">%h</dd></div>\n",
                    c->completed_on);
    if (c->decided_by[0]) {
        html_printf(b,
                    "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                    "Latest decision</dt><dd class=\"govuk-summary-list__value\">%h, ",
                    c->decided_by);
        vc_stamp(b, c->decided_at);
        if (c->comment[0])
            html_printf(b, ": %h", c->comment);
        html_printf(b, "</dd></div>\n");
    }
    html_printf(b, "</dl>\n<h3 class=\"govuk-heading-s\">Evidence</h3>\n"
                   "<div class=\"dialturn-narrative\">\n");
    markdown_html(b, c->evidence);
    html_printf(b, "</div>\n");
    if (c->nlinks) { /* the text is the evidence; links and documents only add to it */
        html_printf(b, "<h3 class=\"govuk-heading-s\">Links and documents</h3>\n");
        vc_evidence(b, c->links, c->nlinks);
    }
}

void view_closure(struct buf *b, const struct view_site *site, const struct view_closure *v)
{
    const struct cycle_form *f = v->f;
    char title[160];
    snprintf(title, sizeof title, "%sClose %s", v->errors && v->errors->n ? "Error: " : "",
             TEXT_CLIP(f->action_ref, 60));
    view_page_begin(b, site, title);
    html_printf(b, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n"
                   "<a href=\"/work\" class=\"govuk-back-link\">Back to the workspace</a>\n");
    view_done_banner(b, v->done);
    vc_error_summary(b, v->errors, "");
    html_printf(b,
                "<span class=\"govuk-caption-l\">Closing an action</span>\n"
                "<h1 class=\"govuk-heading-l\">%h: %h</h1>\n"
                "<p class=\"govuk-body\">An action is complete only when its closure is "
                "accepted: by the programme office, and then the panel where the panel "
                "leads on it. Show how the closure criteria are met.</p>\n"
                "<div class=\"govuk-inset-text\"><strong>Closure criteria:</strong> %h</div>\n",
                f->action_ref, f->action_title,
                f->closure_criteria[0] ? f->closure_criteria : "None recorded");
    if (v->latest) {
        html_printf(b, "<h2 class=\"govuk-heading-m\">The latest proposal</h2>\n");
        proposal(b, v->latest);
    }
    if (v->why_not) {
        html_printf(b, "<p class=\"govuk-body\">%h</p>\n</div>\n</div>\n", v->why_not);
        view_page_end(b, site);
        return;
    }
    html_printf(b,
                "<h2 class=\"govuk-heading-m\">%s</h2>\n"
                "<form method=\"post\" action=\"/work/actions/%U/closure\" "
                "enctype=\"multipart/form-data\" novalidate>\n",
                v->latest ? "Propose closing it again" : "Propose closing it", f->action_ref);
    view_csrf_field(b, site);
    bool err = vc_error_for(v->errors, "evidence") != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label govuk-label--s\" for=\"evidence\">Evidence</label>\n"
                "<div id=\"evidence-hint\" class=\"govuk-hint\">How each closure criterion is "
                "met, with dates and where the proof is. You can use Markdown.</div>\n",
                err ? " govuk-form-group--error" : "");
    vc_field_error(b, v->errors, "evidence", "");
    html_printf(b,
                "<textarea class=\"govuk-textarea%s\" id=\"evidence\" name=\"evidence\" "
                "rows=\"8\" aria-describedby=\"evidence-hint%s\">%h</textarea>\n</div>\n",
                err ? " govuk-textarea--error" : "", err ? " evidence-error" : "",
                v->evidence ? v->evidence : "");
    err = vc_error_for(v->errors, "completed_on") != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label govuk-label--s\" for=\"completed_on\">Completed on"
                "</label>\n<div id=\"completed_on-hint\" class=\"govuk-hint\">The date the "
                "action was completed, for example 2015-04-30: no later than the end of the "
                "month open for updates. Accepting the closure completes the action on this "
                "date.</div>\n",
                err ? " govuk-form-group--error" : "");
    vc_field_error(b, v->errors, "completed_on", "");
    html_printf(b,
                "<input class=\"govuk-input govuk-input--width-10%s\" id=\"completed_on\" "
                "name=\"completed_on\" type=\"text\" inputmode=\"numeric\" "
                "aria-describedby=\"completed_on-hint%s\" value=\"%h\">\n</div>\n",
                err ? " govuk-input--error" : "", err ? " completed_on-error" : "",
                v->completed_on ? v->completed_on : "");
    vc_links_fieldset(b, v->links, v->nlinks, v->errors);
    vc_file_field(b, NULL, 0, v->errors);
    html_printf(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Propose closing</button>\n</form>\n</div>\n</div>\n");
    view_page_end(b, site);
}

/* One proposal with the decision form, when the reader's role decides now. */
static void closure_item(struct buf *b, const struct view_site *site, const struct view_closures *v,
                         const struct cycle_closure *c)
{
    char suffix[32];
    snprintf(suffix, sizeof suffix, "-%ld", (long)c->id);
    bool failed = v->failed_id == c->id;
    const struct field_errors *errs = failed ? v->errors : NULL;
    html_printf(b,
                "<section class=\"govuk-!-margin-bottom-9\" aria-labelledby=\"closure%h\">\n"
                "<h2 class=\"govuk-heading-m\" id=\"closure%h\">%h: %h</h2>\n"
                "<div class=\"govuk-inset-text\"><strong>Closure criteria:</strong> %h</div>\n",
                suffix, suffix, c->action_ref, c->action_title,
                c->criteria[0] ? c->criteria : "None recorded");
    proposal(b, c);
    bool mine = v->panel ? c->stage == CLOSURE_AWAITING_PANEL : c->stage == CLOSURE_AWAITING_PMO;
    if (!mine) {
        html_printf(b, "<p class=\"govuk-body\">%s</p>\n</section>\n",
                    c->stage == CLOSURE_AWAITING_PANEL
                        ? "The programme office has accepted it; a panel member confirms it."
                        : "The programme office decides on it first.");
        return;
    }
    bool err = vc_error_for(errs, "comment") != NULL;
    html_printf(b, "<form method=\"post\" action=\"/work/closures/%ld\" novalidate>\n",
                (long)c->id);
    view_csrf_field(b, site);
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label\" for=\"comment%h\">Comment</label>\n"
                "<div id=\"comment%h-hint\" class=\"govuk-hint\">Needed to return it: say what "
                "is missing. Optional when accepting.%s</div>\n",
                err ? " govuk-form-group--error" : "", suffix, suffix,
                !v->panel && c->panel_led
                    ? " The panel leads on this action, so a panel member confirms the closure "
                      "after you accept it."
                    : "");
    vc_field_error(b, errs, "comment", suffix);
    html_printf(b,
                "<textarea class=\"govuk-textarea%s\" id=\"comment%h\" name=\"comment\" rows=\"3\" "
                "aria-describedby=\"comment%h-hint%s%h%s\">%h</textarea>\n</div>\n"
                "<div class=\"govuk-button-group\">\n"
                "<button type=\"submit\" name=\"decision\" value=\"accept\" class=\"govuk-button\" "
                "data-module=\"govuk-button\">Accept<span class=\"govuk-visually-hidden\"> "
                "closing %h</span></button>\n"
                "<button type=\"submit\" name=\"decision\" value=\"return\" class=\"govuk-button "
                "govuk-button--warning\" data-module=\"govuk-button\">Return<span "
                "class=\"govuk-visually-hidden\"> the proposal for %h</span></button>\n"
                "</div>\n</form>\n</section>\n",
                err ? " govuk-textarea--error" : "", suffix, suffix, err ? " comment" : "",
                err ? suffix : "", err ? "-error" : "", failed && v->comment ? v->comment : "",
                c->action_ref, c->action_ref);
}

void view_closures(struct buf *b, const struct view_site *site, const struct view_closures *v)
{
    view_page_begin(b, site,
                    v->errors && v->errors->n ? "Error: Closing actions" : "Closing actions");
    html_printf(b,
                "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
    view_done_banner(b, v->done);
    if (v->failed_id) {
        char suffix[32];
        snprintf(suffix, sizeof suffix, "-%ld", (long)v->failed_id);
        vc_error_summary(b, v->errors, suffix);
    }
    html_printf(b, "<h1 class=\"govuk-heading-l\">Closing actions</h1>\n");
    if (!v->n)
        html_printf(b, "<p class=\"govuk-body\">No proposal to close an action awaits a "
                       "decision.</p>\n");
    for (size_t i = 0; i < v->n; i++)
        closure_item(b, site, v, &v->c[i]);
    html_printf(b, "</div>\n</div>\n");
    view_page_end(b, site);
}

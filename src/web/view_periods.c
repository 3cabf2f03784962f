/* view_periods.c — the page that confirms closing a month for updates, and
 * the list of a month's actions that have not reported, which that page and
 * the sign-off form (view_review.c) share. */
#include "lib/html.h"
#include "model/cycle.h"
#include "model/cycle_list.h"
#include "web/view.h"
#include "web/view_cycle_int.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* How many rows of c are in `state` ("" no update, draft, returned). */
static size_t count_state(const struct cycle_chase *c, const char *state)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nowners; i++)
        for (size_t j = 0; j < c->owners[i].nrows; j++)
            n += strcmp(c->owners[i].rows[j].state, state) == 0;
    return n;
}

/* The actions of c in `state` as a list, each with its owner (name and role),
 * linked to the action's page. */
static void state_list(struct buf *b, const struct cycle_chase *c, const char *state)
{
    html_printf(b, "<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (size_t i = 0; i < c->nowners; i++) {
        const struct cycle_chase_owner *o = &c->owners[i];
        for (size_t j = 0; j < o->nrows; j++) {
            const struct cycle_chase_row *row = &o->rows[j];
            if (strcmp(row->state, state) != 0)
                continue;
            html_printf(b, "<li><a class=\"govuk-link\" href=\"/actions/%U\">%h %h</a> &mdash; ",
                        row->ref, row->ref, row->title);
            /* the role only when it says more than the name ("Head of HR") */
            bool role = o->role[0] && strcasecmp(o->role, o->name) != 0;
            if (o->name[0])
                html_printf(b, "%h%s%h</li>\n", o->name, role ? ", " : "", role ? o->role : "");
            else
                html_printf(b, "no owner</li>\n");
        }
    }
    html_printf(b, "</ul>\n");
}

void vp_unreported(struct buf *b, const struct cycle_chase *c)
{
    static const struct {
        const char *state, *one, *many;
    } kinds[] = {
        {"", "action has no update at all", "actions have no update at all"},
        {"draft", "update is a draft its owner never submitted",
         "updates are drafts their owners never submitted"},
        {"returned", "update was returned and not resubmitted",
         "updates were returned and not resubmitted"},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        size_t n = count_state(c, kinds[k].state);
        if (!n)
            continue;
        html_printf(b, "<h3 class=\"govuk-heading-s\">%zu %s</h3>\n", n,
                    n == 1 ? kinds[k].one : kinds[k].many);
        state_list(b, c, kinds[k].state);
    }
}

void view_period_close(struct buf *b, const struct view_site *site,
                       const struct view_period_close *v)
{
    const struct cycle_period *p = v->period;
    const struct cycle_chase *c = v->outstanding;
    bool failed = v->errors && v->errors->n;
    view_page_begin(b, site,
                    failed ? "Error: Close the month for updates" : "Close the month for updates");
    html_printf(b,
                "<a href=\"/work/periods\" class=\"govuk-back-link\">Reporting periods</a>\n"
                "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
    vc_error_summary(b, v->errors, "");
    html_printf(b, "<span class=\"govuk-caption-l\">");
    view_month(b, p->month);
    html_printf(b, "</span>\n<h1 class=\"govuk-heading-l\">Close ");
    view_month(b, p->month);
    html_printf(b, " for updates?</h1>\n");
    if (p->state != PERIOD_OPEN) {
        html_printf(b,
                    "<p class=\"govuk-body\">This month is %s: there is nothing to close. "
                    "<a class=\"govuk-link\" href=\"/work/periods\">See every month</a>."
                    "</p>\n</div>\n</div>\n",
                    p->state == PERIOD_CLOSED ? "closed already" : "signed off");
        view_page_end(b, site);
        return;
    }
    html_printf(b, "<p class=\"govuk-body\">Once closed, owners can no longer save or submit "
                   "updates for this month. Review goes on. Until the month is signed off "
                   "you can reopen it, saying why.</p>\n");
    size_t outstanding = p->n_submitted + (c ? c->total : 0);
    if (!outstanding) {
        html_printf(b, "<p class=\"govuk-body\">Nothing is outstanding: every action has an "
                       "accepted update for this month.</p>\n");
    } else {
        html_printf(b,
                    "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
                    "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
                    "<span class=\"govuk-visually-hidden\">Warning</span>%zu %s still "
                    "outstanding.</strong></div>\n"
                    "<h2 class=\"govuk-heading-m\">Still outstanding</h2>\n",
                    outstanding, outstanding == 1 ? "thing is" : "things are");
        if (p->n_submitted)
            html_printf(b,
                        "<h3 class=\"govuk-heading-s\">%zu %s</h3>\n"
                        "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/work/review\">"
                        "Review %s</a> before or after closing: the month cannot be signed off "
                        "while any await review.</p>\n",
                        p->n_submitted,
                        p->n_submitted == 1 ? "submitted update awaits review"
                                            : "submitted updates await review",
                        p->n_submitted == 1 ? "it" : "them");
        if (c && c->total) {
            vp_unreported(b, c);
            html_printf(b, "<p class=\"govuk-body\">Closing leaves these actions without an "
                           "update for this month. <a class=\"govuk-link\" href=\"/work/chase\">"
                           "Chase their owners</a> first if you can still wait.</p>\n");
        }
    }
    html_printf(b,
                "<form method=\"post\" action=\"/work/periods/%U/close\" novalidate>\n"
                "<input type=\"hidden\" name=\"confirm\" value=\"yes\">\n",
                p->month);
    view_csrf_field(b, site);
    html_printf(b, "<div class=\"govuk-button-group\">\n"
                   "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
                   "data-module=\"govuk-button\">Close ");
    view_month(b, p->month);
    html_printf(b, " for updates</button>\n"
                   "<a class=\"govuk-link\" href=\"/work/periods\">Cancel</a>\n</div>\n"
                   "</form>\n</div>\n</div>\n");
    view_page_end(b, site);
}

/* view_review.c — the programme office's and the executive's pages of the
 * month: the review queue, the chase list, the periods. */
#include "lib/html.h"
#include "lib/markdown.h"
#include "model/rules.h"
#include "model/scale.h"
#include "web/view.h"
#include "web/view_cycle_int.h"
#include <stdio.h>
#include <string.h>

/* -- the review queue ----------------------------------------------------------------- */

static void summary_row_open(struct buf *b, const char *key)
{
    html_printf(b,
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h"
                "</dt><dd class=\"govuk-summary-list__value\">",
                key);
}

/* How a rating moved since the action's last accepted update, in words. */
static void movement(struct buf *b, const struct scale *sc, const struct cycle_update *u)
{
    int now = scale_level(sc, u->confidence), was = scale_level(sc, u->prev_confidence);
    if (!u->has_prev || was < 0) {
        html_printf(b, "No earlier rating");
        return;
    }
    /* the scale's levels are best first */
    const char *how = now < 0     ? "Unrated, was"
                      : now < was ? "Up from"
                      : now > was ? "Down from"
                                  : "Same as";
    html_printf(b, "%h %h in ", how, sc->levels[was].label);
    view_month(b, u->prev_month);
}

/* The update's facts as a summary list, each with last month's beside it. */
static void update_facts(struct buf *b, const struct scale *sc, const struct cycle_update *u)
{
    html_printf(b, "<dl class=\"govuk-summary-list\">\n");
    summary_row_open(b, "Owner");
    html_printf(b, "%h</dd></div>\n", u->owner_name[0] ? u->owner_name : "No owner");
    summary_row_open(b, "Written by");
    html_printf(b, "%h</dd></div>\n", u->author_name[0] ? u->author_name : "Unknown");
    summary_row_open(b, "Status");
    view_status_tag(b, action_status_parse(u->status));
    if (u->has_prev)
        html_printf(b, " <span class=\"govuk-body-s\">(was %h)</span>",
                    view_status_label((enum action_status)action_status_parse(u->prev_status)));
    html_printf(b, "</dd></div>\n");
    summary_row_open(b, "Percentage complete");
    html_printf(b, "%d%%", u->percent);
    if (u->has_prev)
        html_printf(b, " <span class=\"govuk-body-s\">(was %d%%)</span>", u->prev_percent);
    html_printf(b, "</dd></div>\n");
    summary_row_open(b, "Confidence");
    view_confidence(b, sc, scale_level(sc, u->confidence), -1);
    html_printf(b, "<br><span class=\"govuk-body-s\">");
    movement(b, sc, u);
    html_printf(b, "</span></dd></div>\n");
    summary_row_open(b, "Forecast finish");
    day_t d;
    view_date(b, date_parse(u->forecast_finish, &d) ? d : DAY_NONE);
    html_printf(b, "</dd></div>\n</dl>\n");
}

void view_review_one(struct buf *b, const struct view_site *site, const struct view_review_one *v)
{
    const struct cycle_update *u = v->u;
    char title[200];
    snprintf(title, sizeof title, "%sReview %s", v->errors && v->errors->n ? "Error: " : "",
             u->action_ref);
    view_page_begin(b, site, title);
    html_printf(b, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n"
                   "<a href=\"/work/review\" class=\"govuk-back-link\">Back to the review "
                   "queue</a>\n");
    vc_error_summary(b, v->errors, "");
    html_printf(b, "<span class=\"govuk-caption-l\">");
    view_month(b, u->month);
    html_printf(b, "</span>\n<h1 class=\"govuk-heading-l\">%h: %h</h1>\n<p class=\"govuk-body\">",
                u->action_ref, u->action_title);
    vc_state_tag(b, u->state);
    html_printf(b, "</p>\n");
    update_facts(b, v->scale, u);
    html_printf(
        b, "<h2 class=\"govuk-heading-m\">Narrative</h2>\n<div class=\"dialturn-narrative\">\n");
    markdown_html(b, u->narrative);
    html_printf(b, "</div>\n<h2 class=\"govuk-heading-m\">Evidence</h2>\n");
    vc_evidence(b, u->evidence, u->nevidence);
    if (u->return_comment)
        html_printf(b,
                    "<div class=\"govuk-inset-text\">Returned before with the comment: %h</div>\n",
                    u->return_comment);
    if (strcmp(u->state, "submitted") != 0) {
        html_printf(b, "<p class=\"govuk-body\">This update is not awaiting review: there is "
                       "nothing to decide. <a class=\"govuk-link\" href=\"/work/review\">See the "
                       "updates that are</a>.</p>\n</div>\n</div>\n");
        view_page_end(b, site);
        return;
    }
    bool err = vc_error_for(v->errors, "comment") != NULL;
    html_printf(b,
                "<h2 class=\"govuk-heading-m\">Your decision</h2>\n"
                "<form method=\"post\" action=\"/work/review/%ld\" novalidate>\n",
                (long)u->id);
    view_csrf_field(b, site);
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label\" for=\"comment\">Comment for the owner</label>\n"
                "<div id=\"comment-hint\" class=\"govuk-hint\">Needed to return the update: "
                "say what to change. Optional when accepting. Up to 20,000 characters.</div>\n",
                err ? " govuk-form-group--error" : "");
    vc_field_error(b, v->errors, "comment", "");
    html_printf(b,
                "<textarea class=\"govuk-textarea%s\" id=\"comment\" name=\"comment\" rows=\"3\" "
                "aria-describedby=\"comment-hint%s\">%h</textarea>\n</div>\n"
                "<div class=\"govuk-button-group\">\n"
                "<button type=\"submit\" id=\"decision\" name=\"decision\" value=\"accept\" "
                "class=\"govuk-button\" data-module=\"govuk-button\">Accept</button>\n"
                "<button type=\"submit\" name=\"decision\" value=\"return\" class=\"govuk-button "
                "govuk-button--warning\" data-module=\"govuk-button\">Return to the owner"
                "</button>\n</div>\n</form>\n</div>\n</div>\n",
                err ? " govuk-textarea--error" : "", err ? " comment-error" : "",
                v->comment ? v->comment : "");
    view_page_end(b, site);
}

/* One <option> of a filter, selected when it is `current`. */
static void option(struct buf *b, const char *value, const char *current, const char *label)
{
    html_printf(b, "<option value=\"%h\"%s>%h</option>\n", value,
                current && strcmp(value, current) == 0 ? " selected" : "", label);
}

static void select_open(struct buf *b, const char *id, const char *label, const char *any)
{
    html_printf(b,
                "<div class=\"govuk-grid-column-one-third\">\n"
                "<div class=\"govuk-form-group dialturn-filter\">\n"
                "<label class=\"govuk-label\" for=\"%h\">%h</label>\n"
                "<select class=\"govuk-select govuk-!-width-full\" id=\"%h\" name=\"%h\">\n"
                "<option value=\"\">%h</option>\n",
                id, label, id, id, any);
}

static void review_filters(struct buf *b, const struct view_review *v)
{
    html_printf(b, "<form method=\"get\" action=\"/work/review\" class=\"dialturn-filters\" "
                   "novalidate>\n<h2 class=\"govuk-heading-s\">Filter the queue</h2>\n"
                   "<div class=\"govuk-grid-row\">\n");
    select_open(b, "theme", "Theme", "All themes");
    for (size_t i = 0; i < v->nthemes; i++) {
        char label[300];
        snprintf(label, sizeof label, "%s %s", v->themes[i].ref, v->themes[i].name);
        option(b, v->themes[i].ref, v->filter.theme, label);
    }
    html_printf(b, "</select>\n</div>\n</div>\n");
    select_open(b, "owner", "Owner", "All owners");
    for (size_t i = 0; i < v->nowners; i++)
        option(b, v->owners[i].ref, v->filter.owner, v->owners[i].name);
    html_printf(b, "</select>\n</div>\n</div>\n");
    select_open(b, "confidence", "Confidence rating", "Any rating");
    for (int i = 0; i < v->scale->nlevels; i++)
        option(b, v->scale->levels[i].key, v->filter.confidence, v->scale->levels[i].label);
    html_printf(b, "</select>\n</div>\n</div>\n</div>\n"
                   "<div class=\"govuk-button-group\">\n"
                   "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                   "data-module=\"govuk-button\">Apply filters</button>\n"
                   "<a class=\"govuk-link\" href=\"/work/review\">Clear filters</a>\n"
                   "</div>\n</form>\n");
}

static void review_table(struct buf *b, const struct view_review *v)
{
    view_table_open(b, "Updates awaiting review");
    html_printf(b, "<table class=\"govuk-table dialturn-review-queue\">\n"
                   "<caption class=\"govuk-table__caption govuk-table__caption--m\">Updates "
                   "awaiting review</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Update</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Owner and theme</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Confidence, against the "
                   "last accepted update</th>"
                   "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < v->n; i++) {
        const struct cycle_update *u = &v->queue[i];
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
                    "<a class=\"govuk-link\" href=\"/work/review/%ld\"><strong>%h</strong> %h</a>"
                    "<br><span class=\"govuk-body-s\">",
                    (long)u->id, u->action_ref, u->action_title);
        view_month(b, u->month);
        html_printf(b,
                    "</span></td><td class=\"govuk-table__cell\">%h<br>"
                    "<span class=\"govuk-body-s\">Theme %h</span></td>"
                    "<td class=\"govuk-table__cell\">",
                    u->owner_name[0] ? u->owner_name : "No owner", u->theme_ref);
        view_status_tag(b, action_status_parse(u->status));
        html_printf(b, " %d%%</td><td class=\"govuk-table__cell\">", u->percent);
        view_confidence(b, v->scale, scale_level(v->scale, u->confidence), -1);
        html_printf(b, "<br><span class=\"govuk-body-s\">");
        movement(b, v->scale, u);
        html_printf(b, "</span></td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

void view_review(struct buf *b, const struct view_site *site, const struct view_review *v)
{
    view_page_begin(b, site, "Review updates");
    html_printf(b, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-full\">\n");
    view_done_banner(b, v->done);
    html_printf(b, "<h1 class=\"govuk-heading-l\">Review updates</h1>\n");
    bool filtered = (v->filter.theme && v->filter.theme[0]) ||
                    (v->filter.owner && v->filter.owner[0]) ||
                    (v->filter.confidence && v->filter.confidence[0]);
    if (!v->total && !filtered) {
        html_printf(b, "<p class=\"govuk-body\">No updates await review. <a class=\"govuk-link\" "
                       "href=\"/work/chase\">See who still owes one</a>.</p>\n</div>\n</div>\n");
        view_page_end(b, site);
        return;
    }
    html_printf(b, "<p class=\"govuk-body\">Open each update to accept it, or to return it to its "
                   "owner with a comment saying what to change. Accepted updates become public "
                   "only when the month is signed off.</p>\n");
    review_filters(b, v);
    html_printf(b, "<p class=\"govuk-body dialturn-showing\">");
    if (!v->total)
        html_printf(b, "No update awaiting review matches these filters.");
    else if (v->pages > 1)
        html_printf(b, "%zu %s%s: showing %zu to %zu.", v->total,
                    v->total == 1 ? "update" : "updates", filtered ? " match" : " await review",
                    v->first, v->first + v->n - 1);
    else
        html_printf(b, "%zu %s%s.", v->total, v->total == 1 ? "update" : "updates",
                    filtered ? (v->total == 1 ? " matches" : " match")
                             : (v->total == 1 ? " awaits review" : " await review"));
    html_printf(b, "</p>\n");
    if (v->n)
        review_table(b, v);
    struct buf q = BUF_INIT;
    if (v->filter.theme && v->filter.theme[0])
        html_printf(&q, "theme=%U&", v->filter.theme);
    if (v->filter.owner && v->filter.owner[0])
        html_printf(&q, "owner=%U&", v->filter.owner);
    if (v->filter.confidence && v->filter.confidence[0])
        html_printf(&q, "confidence=%U&", v->filter.confidence);
    view_pagination(b, site, "/work/review", buf_str(&q), v->page, v->pages);
    buf_free(&q);
    html_printf(b, "</div>\n</div>\n");
    view_page_end(b, site);
}

/* -- the chase list ------------------------------------------------------------------- */

void view_chase(struct buf *b, const struct view_site *site, const struct cycle_chase *c)
{
    view_page_begin(b, site, "Chase list");
    html_printf(b,
                "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
    if (c->has_period) {
        html_printf(b, "<span class=\"govuk-caption-l\">");
        view_month(b, c->month);
        html_printf(b, "</span>\n");
    }
    html_printf(b, "<h1 class=\"govuk-heading-l\">Chase list</h1>\n");
    if (!c->has_period) {
        html_printf(b, "<p class=\"govuk-body\">No month is open for updates, so nobody is "
                       "late. <a class=\"govuk-link\" href=\"/work/periods\">Open the next "
                       "month</a>.</p>\n</div>\n</div>\n");
        view_page_end(b, site);
        return;
    }
    if (!c->total) {
        html_printf(b, "<p class=\"govuk-body\">Every action has a submitted or accepted update "
                       "for this month.</p>\n</div>\n</div>\n");
        view_page_end(b, site);
        return;
    }
    html_printf(b,
                "<p class=\"govuk-body\">%zu %s still %s no submitted update for this month: "
                "missing, a draft, or returned and not yet resubmitted.</p>\n",
                c->total, c->total == 1 ? "action" : "actions", c->total == 1 ? "has" : "have");
    for (size_t i = 0; i < c->nowners; i++) {
        const struct cycle_chase_owner *o = &c->owners[i];
        if (o->name[0])
            html_printf(b,
                        "<h2 class=\"govuk-heading-m\">%h%s%h%s <span "
                        "class=\"govuk-body\">(%zu)</span></h2>\n",
                        o->name, o->role[0] ? ", " : "", o->role, "", o->nrows);
        else
            html_printf(b,
                        "<h2 class=\"govuk-heading-m\">No owner <span class=\"govuk-body\">"
                        "(%zu)</span></h2>\n<p class=\"govuk-body\">These actions have no owner "
                        "to write their update: give each one an owner in the plan.</p>\n",
                        o->nrows);
        html_printf(b, "<ul class=\"govuk-list\">\n");
        for (size_t j = 0; j < o->nrows; j++) {
            html_printf(b, "<li><strong>%h</strong> %h ", o->rows[j].ref, o->rows[j].title);
            vc_state_tag(b, o->rows[j].state);
            html_printf(b, "</li>\n");
        }
        html_printf(b, "</ul>\n");
    }
    html_printf(b, "</div>\n</div>\n");
    view_page_end(b, site);
}

/* -- the periods -------------------------------------------------------------------- */

static void period_table(struct buf *b, const struct view_periods *v)
{
    view_table_open(b, "Reporting periods");
    html_printf(b, "<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-table__caption govuk-table__caption--m\">Every "
                   "month</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Month</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">State</th>"
                   "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Drafts</th>"
                   "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Submitted</th>"
                   "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Returned</th>"
                   "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Accepted</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Signed off</th>"
                   "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    static const char *const tags[] = {"govuk-tag--blue", "govuk-tag--yellow", "govuk-tag--green"};
    for (size_t i = 0; i < v->n; i++) {
        const struct cycle_period *p = &v->periods[i];
        html_printf(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                       "class=\"govuk-table__header\">");
        view_month(b, p->month);
        html_printf(b,
                    "</th><td class=\"govuk-table__cell\"><strong class=\"govuk-tag %s\">%h"
                    "</strong></td>"
                    "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%zu</td>"
                    "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%zu</td>"
                    "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%zu</td>"
                    "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%zu</td>"
                    "<td class=\"govuk-table__cell\">",
                    tags[p->state], period_state_label(p->state), p->n_draft, p->n_submitted,
                    p->n_returned, p->n_accepted);
        if (p->state == PERIOD_SIGNED_OFF) {
            day_t d;
            view_date(b, date_parse(p->signed_off_on, &d) ? d : DAY_NONE);
            if (p->signed_off_by[0])
                html_printf(b, " by %h", p->signed_off_by);
        } else {
            html_printf(b, "Not yet");
        }
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

/* The form that opens the next month (the role may; no month is unfinished). */
static void open_form(struct buf *b, const struct view_site *site, const struct view_periods *v)
{
    const struct field_errors *errs = v->failed_month && !v->failed_month[0] ? v->errors : NULL;
    html_printf(b, "<h2 class=\"govuk-heading-m\">Open the next month</h2>\n"
                   "<form method=\"post\" action=\"/work/periods\" novalidate>\n");
    view_csrf_field(b, site);
    if (v->next && v->next[0]) {
        html_printf(b, "<p class=\"govuk-body\">Months are reported in order: the next is ");
        view_month(b, v->next);
        html_printf(b,
                    ". Opening it lets owners write their updates.</p>\n"
                    "<input type=\"hidden\" name=\"month\" value=\"%h\">\n"
                    "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                    "Open ",
                    v->next);
        view_month(b, v->next);
        html_printf(b, "</button>\n</form>\n");
        return;
    }
    bool err = vc_error_for(errs, "month") != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label\" for=\"month\">First month to report</label>\n"
                "<div id=\"month-hint\" class=\"govuk-hint\">Written YYYY-MM, for example "
                "2015-03. Later months follow in order.</div>\n",
                err ? " govuk-form-group--error" : "");
    vc_field_error(b, errs, "month", "");
    html_printf(b,
                "<input class=\"govuk-input govuk-input--width-5%s\" id=\"month\" name=\"month\" "
                "type=\"text\" value=\"%h\" aria-describedby=\"month-hint%s\" "
                "spellcheck=\"false\">\n</div>\n"
                "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Open the month</button>\n</form>\n",
                err ? " govuk-input--error" : "", v->month ? v->month : "",
                err ? " month-error" : "");
}

/* The way to close the open month: a link to the page that lists what is
 * still outstanding and confirms (view_periods.c). */
static void close_link(struct buf *b, const struct cycle_period *p)
{
    html_printf(b, "<h2 class=\"govuk-heading-m\">Close ");
    view_month(b, p->month);
    html_printf(b,
                " for updates</h2>\n<p class=\"govuk-body\">Owners can no longer save or "
                "submit; review goes on. You will see what is still outstanding before it "
                "closes.</p>\n"
                "<a class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\" "
                "href=\"/work/periods/%U/close\">Close ",
                p->month);
    view_month(b, p->month);
    html_printf(b, "&hellip;</a>\n");
}

/* The form that reopens a closed, unsigned month, with its reason. */
static void reopen_form(struct buf *b, const struct view_site *site, const struct view_periods *v,
                        const struct cycle_period *p)
{
    char suffix[16];
    snprintf(suffix, sizeof suffix, "-%s", p->month);
    const struct field_errors *errs =
        v->failed_month && strcmp(v->failed_month, p->month) == 0 ? v->errors : NULL;
    bool err = vc_error_for(errs, "reason") != NULL;
    html_printf(b, "<h2 class=\"govuk-heading-m\">Reopen ");
    view_month(b, p->month);
    html_printf(b,
                " for updates</h2>\n<p class=\"govuk-body\">Owners can save and submit again "
                "until you close it. Your reason is kept with the month's record.</p>\n"
                "<form method=\"post\" action=\"/work/periods/%U/reopen\" novalidate>\n",
                p->month);
    view_csrf_field(b, site);
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label\" for=\"reason%h\">Why it reopens</label>\n"
                "<div id=\"reason%h-hint\" class=\"govuk-hint\">For example: two owners were "
                "on leave when it closed. Up to 2,000 characters.</div>\n",
                err ? " govuk-form-group--error" : "", suffix, suffix);
    vc_field_error(b, errs, "reason", suffix);
    html_printf(b,
                "<textarea class=\"govuk-textarea%s\" id=\"reason%h\" name=\"reason\" rows=\"3\" "
                "aria-describedby=\"reason%h-hint%s%h%s\">%h</textarea>\n</div>\n"
                "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Reopen ",
                err ? " govuk-textarea--error" : "", suffix, suffix, err ? " reason" : "",
                err ? suffix : "", err ? "-error" : "", errs && v->reason ? v->reason : "");
    view_month(b, p->month);
    html_printf(b, "</button>\n</form>\n");
}

static void sign_off_form(struct buf *b, const struct view_site *site, const struct view_periods *v,
                          const struct cycle_period *p)
{
    char suffix[16];
    snprintf(suffix, sizeof suffix, "-%s", p->month);
    const struct field_errors *errs =
        v->failed_month && strcmp(v->failed_month, p->month) == 0 ? v->errors : NULL;
    bool err = vc_error_for(errs, "confirm") != NULL;
    html_printf(b, "<h2 class=\"govuk-heading-m\">Sign off ");
    view_month(b, p->month);
    html_printf(b, "</h2>\n");
    if (p->n_submitted) {
        /* sign-off would be refused: say why instead of offering it */
        html_printf(b,
                    "<div class=\"govuk-inset-text\">This month cannot be signed off yet: "
                    "%zu %s still await%s review. The programme office accepts or returns "
                    "%s first; then the sign-off appears here.</div>\n",
                    p->n_submitted, p->n_submitted == 1 ? "update" : "updates",
                    p->n_submitted == 1 ? "s" : "", p->n_submitted == 1 ? "it" : "them");
        return;
    }
    const struct cycle_chase *c = v->unreported;
    if (c && c->total) {
        html_printf(b,
                    "<p class=\"govuk-body\">%zu %s did not report for this month. The public "
                    "record will show %s without an update for it.</p>\n",
                    c->total, c->total == 1 ? "action" : "actions", c->total == 1 ? "it" : "them");
        vp_unreported(b, c);
    } else {
        html_printf(b, "<p class=\"govuk-body\">Every action reported for this month.</p>\n");
    }
    html_printf(b, "<form method=\"post\" action=\"/work/periods/%U/sign-off\" novalidate>\n",
                p->month);
    view_csrf_field(b, site);
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<fieldset class=\"govuk-fieldset\">\n"
                "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">"
                "Confirm the sign-off</legend>\n",
                err ? " govuk-form-group--error" : "");
    vc_field_error(b, errs, "confirm", suffix);
    html_printf(b,
                "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n"
                "<div class=\"govuk-checkboxes__item\">\n"
                "<input class=\"govuk-checkboxes__input\" id=\"confirm%h\" name=\"confirm\" "
                "type=\"checkbox\" value=\"yes\">\n"
                "<label class=\"govuk-label govuk-checkboxes__label\" for=\"confirm%h\">"
                "I sign this month off: ",
                suffix, suffix);
    if (p->n_accepted == 1)
        html_printf(b, "its 1 accepted update becomes public");
    else if (p->n_accepted)
        html_printf(b, "its %zu accepted updates become public", p->n_accepted);
    else
        html_printf(b, "it has no accepted update to make public");
    html_printf(b, ", and none of its updates can change after this</label>\n"
                   "</div>\n</div>\n</fieldset>\n</div>\n"
                   "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Sign off ");
    view_month(b, p->month);
    html_printf(b, "</button>\n</form>\n");
}

/* The months reopened, newest first, with who and why. */
static void reopenings_list(struct buf *b, const struct view_periods *v)
{
    if (!v->nreopenings)
        return;
    html_printf(b, "<h2 class=\"govuk-heading-m\">Months reopened</h2>\n"
                   "<ul class=\"govuk-list\">\n");
    for (size_t i = 0; i < v->nreopenings; i++) {
        const struct cycle_reopening *r = &v->reopenings[i];
        html_printf(b, "<li>");
        view_month(b, r->month);
        html_printf(b, " reopened ");
        view_time(b, r->at);
        html_printf(b, " by %h: &ldquo;%h&rdquo;</li>\n", r->by_name, r->reason);
    }
    html_printf(b, "</ul>\n");
}

void view_periods(struct buf *b, const struct view_site *site, const struct view_periods *v)
{
    view_page_begin(b, site,
                    v->errors && v->errors->n ? "Error: Reporting periods" : "Reporting periods");
    html_printf(b, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-full\">\n");
    view_done_banner(b, v->done);
    if (v->failed_month) {
        char suffix[16] = "";
        if (v->failed_month[0])
            snprintf(suffix, sizeof suffix, "-%s", v->failed_month);
        vc_error_summary(b, v->errors, suffix);
    }
    html_printf(b, "<h1 class=\"govuk-heading-l\">Reporting periods</h1>\n"
                   "<p class=\"govuk-body\">Each month is opened by the programme office, "
                   "closed for updates when the owners have reported, and signed off by the "
                   "executive. Only signed-off months are public.</p>\n");
    const struct cycle_period *unfinished = NULL;
    for (size_t i = 0; i < v->n; i++)
        if (v->periods[i].state != PERIOD_SIGNED_OFF && !unfinished)
            unfinished = &v->periods[i];
    if (v->can_open) {
        if (unfinished) {
            html_printf(b, "<p class=\"govuk-body\">The next month can be opened once ");
            view_month(b, unfinished->month);
            html_printf(b, " is %s.</p>\n",
                        unfinished->state == PERIOD_OPEN ? "closed and signed off" : "signed off");
        } else {
            open_form(b, site, v);
        }
    }
    for (size_t i = 0; i < v->n; i++) {
        const struct cycle_period *p = &v->periods[i];
        if (p->state == PERIOD_OPEN && v->can_close)
            close_link(b, p);
        if (p->state == PERIOD_CLOSED && v->can_sign_off)
            sign_off_form(b, site, v, p);
        if (p->state == PERIOD_CLOSED && v->can_reopen)
            reopen_form(b, site, v, p);
    }
    if (v->n)
        period_table(b, v);
    else
        html_printf(b, "<p class=\"govuk-body\">No month has been opened yet.</p>\n");
    reopenings_list(b, v);
    html_printf(b, "</div>\n</div>\n");
    view_page_end(b, site);
}

/* view_data.c — the public record's data pages: recommendations coverage,
 * the milestones roadmap, the measures and one measure, and open data.
 *
 * GOV.UK Frontend markup (govuk-table, govuk-tag, govuk-summary-list, ...).
 * Every status is said in words inside its tag, so colour is never the only
 * cue.  When the page shows an earlier month (site->scope->as_at), every link
 * to another dated page keeps ?as_at so the reader stays in that month. */
#include "lib/html.h"
#include "model/dials.h"
#include "model/pub_data.h"
#include "web/view.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

/* A code and how a page shows it: words and a govuk-tag modifier (literals). */
struct tag_label {
    const char *text;     /* shown */
    const char *modifier; /* "govuk-tag--green" */
};

/* Measure states, indexed by enum measure_state. */
static const struct tag_label measure_tags[] = {
    [MS_ON_TARGET] = {"On target", "govuk-tag--green"},
    [MS_NEAR] = {"Near target", "govuk-tag--yellow"},
    [MS_OFF] = {"Off target", "govuk-tag--red"},
    [MS_NO_DATA] = {"No data", "govuk-tag--grey"},
};

/* Milestone states, indexed by enum pub_ms_state. */
static const struct tag_label milestone_tags[] = {
    [PMS_ACHIEVED] = {"Achieved", "govuk-tag--green"},
    [PMS_ACHIEVED_LATE] = {"Achieved late", "govuk-tag--yellow"},
    [PMS_SLIPPED] = {"Slipped", "govuk-tag--red"},
    [PMS_OVERDUE] = {"Overdue", "govuk-tag--orange"},
    [PMS_UPCOMING] = {"Upcoming", "govuk-tag--blue"},
};

/* Appends a tag: <strong class="govuk-tag MODIFIER">TEXT</strong>. */
static void tag(struct buf *b, const struct tag_label *t)
{
    html_printf(b, "<strong class=\"govuk-tag %h\">%h</strong>", t->modifier, t->text);
}

/* Writes "?as_at=YYYY-MM" into out when the page shows an earlier month, else
 * "": the suffix every link to a dated page carries.  Returns out. */
static const char *asat_query(const struct view_site *site, char out[24])
{
    if (site->scope && site->scope->as_at)
        snprintf(out, 24, "?as_at=%s", site->scope->month_s);
    else
        out[0] = '\0';
    return out;
}

/* Appends "(as at March 2015)"-style words naming the month the page shows,
 * or that nothing has been signed off yet. */
static void scope_words(struct buf *b, const struct view_site *site)
{
    if (!site->scope || site->scope->month < 0) {
        html_printf(b, "no monthly report has been signed off yet");
        return;
    }
    html_printf(b, "the monthly reports signed off up to ");
    view_month(b, site->scope->month_s);
}

/* "N day" / "N days". */
static void days_words(struct buf *b, int n)
{
    html_printf(b, "%d %h", n, n == 1 || n == -1 ? "day" : "days");
}

/* ---- recommendations ---------------------------------------------------------------- */

/* One recommendation: heading with its anchor, text, coverage, and the table of
 * the actions answering it, rows [from, to) of them.  On the list page
 * (`detail` false) the heading is an h3 and a long list stops at
 * VIEW_REC_ACTIONS with a link to the recommendation's own page, so that a
 * plan of thousands of actions keeps the page readable (and small). */
static void render_rec(struct buf *b, const struct pub_recs *rc, const struct pub_rec *x,
                       const char *q, bool detail, size_t from, size_t to)
{
    if (detail)
        html_printf(b,
                    "<section class=\"recommendation\" id=\"%h\">\n<p class=\"govuk-body-l\">"
                    "%h</p>\n",
                    x->ref, x->text);
    else
        html_printf(b,
                    "<section class=\"recommendation\" id=\"%h\" "
                    "aria-labelledby=\"%h-heading\">\n"
                    "<h3 class=\"govuk-heading-m\" id=\"%h-heading\">Recommendation %h</h3>\n"
                    "<p class=\"govuk-body\">%h</p>\n",
                    x->ref, x->ref, x->ref, x->ref, x->text);
    if (!x->covered) {
        html_printf(b, "<div class=\"govuk-warning-text\">\n"
                       "<span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>\n"
                       "<strong class=\"govuk-warning-text__text\">"
                       "<span class=\"govuk-visually-hidden\">Warning</span> "
                       "<strong class=\"govuk-tag govuk-tag--red\">Not covered</strong> "
                       "No action in the plan answers this recommendation");
        html_printf(b, "%h.</strong>\n</div>\n",
                    x->nanswers ? " (the actions that did have been retired)" : "");
    }
    if (x->nanswers == 0) {
        html_printf(b, "</section>\n");
        return;
    }
    html_printf(
        b,
        "<div class=\"dialturn-table-container\" role=\"region\" aria-label=\"Recommendations and "
        "the actions answering them\" tabindex=\"0\">\n<table class=\"govuk-table\">\n"
        "<caption class=\"govuk-table__caption govuk-table__caption--s\">"
        "Actions answering recommendation %h</caption>\n"
        "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
        "<th scope=\"col\" class=\"govuk-table__header\">Action</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Confidence</th>"
        "</tr></thead>\n<tbody class=\"govuk-table__body\">\n",
        x->ref);
    for (size_t j = from; j < to && j < x->nanswers; j++) {
        const struct pub_action *a = &rc->actions.v[x->answers[j]];
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
                    "<a class=\"govuk-link\" href=\"/actions/%U%h\">%h</a> %h</td>"
                    "<td class=\"govuk-table__cell\">",
                    a->ref, q, a->ref, a->title);
        view_status_tag(b, a->status);
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        view_confidence(b, rc->actions.scale, a->level, -1);
        if (a->level >= 0) {
            html_printf(b, " <span class=\"govuk-body-s\">");
            view_month(b, a->month);
            html_printf(b, "</span>");
        }
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n</div>\n");
    if (!detail && x->nanswers > to)
        html_printf(b,
                    "<p class=\"govuk-body\">Showing %zu of %zu actions. <a class=\"govuk-link\" "
                    "href=\"/recommendations/%U%h\">See all %zu actions answering "
                    "recommendation %h</a>.</p>\n",
                    to, x->nanswers, x->ref, q, x->nanswers, x->ref);
    html_printf(b, "</section>\n");
}

/* The coverage summary: "N of M recommendations answered by at least one
 * action", and the uncovered ones linked to their anchors. */
static void render_coverage(struct buf *b, const struct pub_recs *rc)
{
    html_printf(b,
                "<div class=\"govuk-inset-text\" id=\"coverage\">\n"
                "<p class=\"govuk-body\"><strong>%zu of %zu %h answered by at least one "
                "action</strong>.</p>\n",
                rc->ncovered, rc->nrecs, rc->nrecs == 1 ? "recommendation" : "recommendations");
    if (rc->ncovered < rc->nrecs) {
        html_printf(b, "<p class=\"govuk-body\">Not covered: ");
        size_t shown = 0;
        for (size_t i = 0; i < rc->nrecs; i++) {
            if (rc->recs[i].covered)
                continue;
            html_printf(b, "%h<a class=\"govuk-link\" href=\"#%U\">%h</a>", shown++ ? ", " : "",
                        rc->recs[i].ref, rc->recs[i].ref);
        }
        html_printf(b, ".</p>\n");
    }
    html_printf(b, "</div>\n");
}

/* Whether a review's link is safe to offer: http or https only (no
 * javascript: or data: URLs from the database). */
static bool web_url(const char *url)
{
    return url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0);
}

void view_recommendation(struct buf *b, const struct view_site *site, const struct pub_recs *rc,
                         size_t i, size_t page, size_t pages)
{
    const struct pub_rec *x = &rc->recs[i];
    const struct pub_review *rv = &rc->reviews[x->review];
    char q[24], title[96];
    asat_query(site, q);
    snprintf(title, sizeof title, "Recommendation %s", x->ref);
    view_page_begin(b, site, title);
    html_printf(b,
                "<a href=\"/recommendations%h#%U\" class=\"govuk-back-link\">All "
                "recommendations</a>\n"
                "<span class=\"govuk-caption-l\">%h</span>\n"
                "<h1 class=\"govuk-heading-xl\">Recommendation %h</h1>\n",
                q, x->ref, rv->title, x->ref);
    size_t from = (page - 1) * VIEW_REC_PAGE, to = from + VIEW_REC_PAGE;
    render_rec(b, rc, x, q, true, from, to);
    if (x->nanswers) {
        char first[24], last[24], all[24];
        snprintf(first, sizeof first, "%zu", from + 1);
        snprintf(last, sizeof last, "%zu", to < x->nanswers ? to : x->nanswers);
        snprintf(all, sizeof all, "%zu", x->nanswers);
        html_printf(b,
                    "<p class=\"govuk-body dialturn-showing\">Showing %h to %h of %h actions "
                    "answering it. Confidence is from ",
                    first, last, all);
        scope_words(b, site);
        html_printf(b, ".</p>\n");
    }
    char path[96];
    snprintf(path, sizeof path, "/recommendations/%s", x->ref);
    view_pagination(b, site, path, "", page, pages);
    view_page_end(b, site);
}

void view_recommendations(struct buf *b, const struct view_site *site, const struct pub_recs *rc)
{
    char q[24];
    asat_query(site, q);
    view_page_begin(b, site, "Recommendations");
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Recommendations</h1>\n"
                   "<p class=\"govuk-body-l\">Every recommendation of a review must be answered "
                   "by at least one action in the improvement plan. A recommendation answered "
                   "only by retired actions is not covered. Confidence is from ");
    scope_words(b, site);
    html_printf(b, ".</p>\n");
    if (rc->nrecs == 0) {
        html_printf(b, "<p class=\"govuk-body\">No reviews or recommendations have been "
                       "recorded yet.</p>\n");
        view_page_end(b, site);
        return;
    }
    render_coverage(b, rc);
    for (size_t i = 0; i < rc->nreviews; i++) {
        const struct pub_review *rv = &rc->reviews[i];
        html_printf(b,
                    "<section class=\"review\" aria-labelledby=\"review-%h\">\n"
                    "<h2 class=\"govuk-heading-l\" id=\"review-%h\">%h</h2>\n"
                    "<p class=\"govuk-body\">",
                    rv->ref, rv->ref, rv->title);
        if (rv->author && rv->author[0])
            html_printf(b, "By %h. ", rv->author);
        if (rv->published_on != DAY_NONE) {
            html_printf(b, "Published ");
            view_date(b, rv->published_on);
            html_printf(b, ". ");
        }
        if (web_url(rv->url))
            html_printf(b,
                        "<a class=\"govuk-link\" href=\"%h\" rel=\"noopener\">Read the "
                        "review<span class=\"govuk-visually-hidden\"> %h</span></a>.",
                        rv->url, rv->title);
        html_printf(b, "</p>\n");
        if (rv->nrecs == 0)
            html_printf(b, "<p class=\"govuk-body\">No recommendations recorded.</p>\n");
        for (size_t j = rv->first; j < rv->first + rv->nrecs; j++)
            render_rec(b, rc, &rc->recs[j], q, false, 0, VIEW_REC_ACTIONS);
        html_printf(b, "</section>\n");
    }
    view_page_end(b, site);
}

/* ---- milestones --------------------------------------------------------------------- */

/* The status cell of a milestone: its tag and how early or late. */
static void milestone_status(struct buf *b, const struct pub_milestone *m)
{
    tag(b, &milestone_tags[m->state]);
    if (m->state == PMS_ACHIEVED_LATE || m->state == PMS_SLIPPED) {
        html_printf(b, " <span class=\"govuk-body-s\">");
        days_words(b, m->slip_days);
        html_printf(b, " late</span>");
    }
}

/* One row of a month's table. */
static void milestone_row(struct buf *b, const struct pub_milestones *ms,
                          const struct pub_milestone *m, const char *q)
{
    html_printf(b,
                "<tr class=\"govuk-table__row\" id=\"%h\">"
                "<td class=\"govuk-table__cell\"><span class=\"govuk-!-font-weight-bold\">%h"
                "</span> %h</td><td class=\"govuk-table__cell\">",
                m->ref, m->ref, m->title);
    if (m->action >= 0) {
        const struct pub_action *a = &ms->actions.v[m->action];
        html_printf(b, "<a class=\"govuk-link\" href=\"/actions/%U%h\">%h</a> %h", a->ref, q,
                    a->ref, a->title);
    } else {
        html_printf(b, "Whole plan");
    }
    html_printf(b, "</td><td class=\"govuk-table__cell\">");
    view_date(b, m->baseline_due != DAY_NONE ? m->baseline_due : m->due);
    html_printf(b, "</td><td class=\"govuk-table__cell\">");
    if (m->achieved_on != DAY_NONE) {
        html_printf(b, "Achieved ");
        view_date(b, m->achieved_on);
    } else {
        html_printf(b, "Forecast ");
        view_date(b, m->forecast);
    }
    html_printf(b, "</td><td class=\"govuk-table__cell\">");
    milestone_status(b, m);
    html_printf(b, "</td></tr>\n");
}

/* The counts of each state as a summary list, and the next few milestones. */
static void milestone_summary(struct buf *b, const struct view_site *site,
                              const struct pub_milestones *ms, size_t page)
{
    html_printf(b, "<dl class=\"govuk-summary-list\">\n");
    for (size_t s = 0; s <= PMS_UPCOMING; s++)
        html_printf(b,
                    "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                    "%h</dt><dd class=\"govuk-summary-list__value\">%zu</dd></div>\n",
                    milestone_tags[s].text, ms->counts[s]);
    html_printf(b, "</dl>\n");
    day_t end = site->scope ? site->scope->end : DAY_NONE;
    size_t shown = 0;
    for (size_t i = 0; i < ms->n && shown < 3; i++) {
        const struct pub_milestone *m = &ms->v[ms->timeline[i]];
        if (m->achieved_on != DAY_NONE || (end != DAY_NONE && m->forecast <= end))
            continue;
        if (shown++ == 0)
            html_printf(b, "<div class=\"govuk-inset-text\">\n"
                           "<h2 class=\"govuk-heading-s\">Next on the journey</h2>\n"
                           "<ul class=\"govuk-list\">\n");
        /* on this page an anchor; on another, that page's address */
        html_printf(b, "<li><a class=\"govuk-link\" href=\"");
        size_t at = i / VIEW_MS_PAGE + 1;
        if (at != page) {
            html_printf(b, "/milestones?page=%zu", at);
            view_as_at(b, site, '&');
        }
        html_printf(b, "#%U\">%h</a>, forecast ", m->ref, m->title);
        view_date(b, m->forecast);
        if (m->state == PMS_SLIPPED) {
            html_printf(b, " (");
            days_words(b, m->slip_days);
            html_printf(b, " later than planned)");
        }
        html_printf(b, "</li>\n");
    }
    if (shown)
        html_printf(b, "</ul>\n</div>\n");
}

void view_milestones(struct buf *b, const struct view_site *site, const struct pub_milestones *ms,
                     size_t page, size_t pages)
{
    char q[24];
    asat_query(site, q);
    view_page_begin(b, site, "Milestones");
    html_printf(b, "<h1 class=\"govuk-heading-xl\">The journey ahead</h1>\n"
                   "<p class=\"govuk-body-l\">The public milestones of the improvement plan, "
                   "month by month: what has been achieved, what is next, and what has slipped "
                   "against the dates in the signed-off plan. Forecasts follow the plan's "
                   "dependencies and the forecasts in ");
    scope_words(b, site);
    html_printf(b, ".</p>\n");
    if (ms->cycle)
        html_printf(b, "<div class=\"govuk-inset-text\">The plan's dependencies form a cycle, "
                       "so forecasts show the due dates.</div>\n");
    if (ms->n == 0) {
        html_printf(b, "<p class=\"govuk-body\">No public milestones yet.</p>\n");
        view_page_end(b, site);
        return;
    }
    milestone_summary(b, site, ms, page);
    size_t from = (page - 1) * VIEW_MS_PAGE,
           to = from + VIEW_MS_PAGE < ms->n ? from + VIEW_MS_PAGE : ms->n;
    if (pages > 1)
        html_printf(
            b,
            "<p class=\"govuk-body dialturn-showing\">Showing milestones %zu to %zu of %zu, "
            "in order of date.</p>\n",
            from + 1, to, ms->n);
    int open_month = -1;
    for (size_t i = from; i < to; i++) {
        const struct pub_milestone *m = &ms->v[ms->timeline[i]];
        day_t d = m->achieved_on != DAY_NONE ? m->achieved_on : m->forecast;
        int month = d == DAY_NONE ? -1 : date_month(d);
        if (i == from || month != open_month) {
            char ms_s[MONTH_LEN] = "none";
            if (month >= 0)
                month_format(month, ms_s);
            if (i > from)
                html_printf(b, "</tbody>\n</table>\n</div>\n</section>\n");
            html_printf(b,
                        "<section class=\"milestone-month\" aria-labelledby=\"month-%h\">\n"
                        "<h2 class=\"govuk-heading-m\" id=\"month-%h\">",
                        ms_s, ms_s);
            if (month >= 0)
                view_month(b, ms_s);
            else
                html_printf(b, "Not dated");
            html_printf(b,
                        "</h2>\n<div class=\"dialturn-table-container\" role=\"region\" "
                        "aria-label=\"Milestones\" tabindex=\"0\">\n<table class=\"govuk-table\">\n"
                        "<caption class=\"govuk-table__caption govuk-visually-hidden\">"
                        "Milestones in ");
            if (month >= 0)
                view_month(b, ms_s);
            html_printf(b, "</caption>\n"
                           "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                           "<th scope=\"col\" class=\"govuk-table__header\">Milestone</th>"
                           "<th scope=\"col\" class=\"govuk-table__header\">Action</th>"
                           "<th scope=\"col\" class=\"govuk-table__header\">Planned</th>"
                           "<th scope=\"col\" class=\"govuk-table__header\">Achieved or "
                           "forecast</th>"
                           "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                           "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
            open_month = month;
        }
        milestone_row(b, ms, m, q);
    }
    html_printf(b, "</tbody>\n</table>\n</div>\n</section>\n");
    view_pagination(b, site, "/milestones", "", page, pages);
    view_page_end(b, site);
}

/* ---- measures ----------------------------------------------------------------------- */

/* A value with its unit, or "Not set". */
static void value_text(struct buf *b, bool has, double v, const char *unit)
{
    char s[96];
    if (!has) {
        html_printf(b, "Not set");
        return;
    }
    view_format_value(v, unit, s, sizeof s);
    html_printf(b, "%h", s);
}

/* A value and, under it, its date ("on" or "by"). */
static void value_cell(struct buf *b, bool has, double v, const char *unit, day_t d,
                       const char *when)
{
    html_printf(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
    value_text(b, has, v, unit);
    if (has && d != DAY_NONE) {
        html_printf(b, "<br><span class=\"govuk-body-s\">%h ", when);
        view_date(b, d);
        html_printf(b, "</span>");
    }
    html_printf(b, "</td>");
}

void view_measures(struct buf *b, const struct view_site *site, const struct pub_measures *ms)
{
    char q[24];
    asat_query(site, q);
    view_page_begin(b, site, "Measures");
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Measures</h1>\n"
                   "<p class=\"govuk-body-l\">Are the dials turning? Each measure's latest value "
                   "against its target: on target, near target (within its tolerance), or off "
                   "target. Values up to the end of ");
    if (site->scope && site->scope->month >= 0)
        view_month(b, site->scope->month_s);
    else
        html_printf(b, "the first signed-off month");
    html_printf(b, ".</p>\n");
    if (ms->n == 0) {
        html_printf(b, "<p class=\"govuk-body\">No measures have been set yet.</p>\n");
        view_page_end(b, site);
        return;
    }
    html_printf(b, "<div class=\"dialturn-table-container\" role=\"region\" "
                   "aria-label=\"Measures\" tabindex=\"0\">\n<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-table__caption govuk-table__caption--m\">"
                   "Measures, their targets and latest values</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Measure</th>"
                   "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Baseline</th>"
                   "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Target</th>"
                   "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Latest</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Trend</th>"
                   "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < ms->n; i++) {
        const struct pub_measure *m = &ms->v[i];
        const struct pub_value *last = pub_measure_latest(m);
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                    "class=\"govuk-table__header\"><a class=\"govuk-link\" "
                    "href=\"/measures/%U%h\">%h</a> <span class=\"govuk-body-s\">(%h is "
                    "better)</span></th>",
                    m->ref, q, m->title, m->up ? "higher" : "lower");
        value_cell(b, m->has_baseline, m->baseline, m->unit, m->baseline_date, "on");
        value_cell(b, m->has_target, m->target, m->unit, m->target_date, "by");
        value_cell(b, last != NULL, last ? last->value : 0, m->unit, last ? last->date : DAY_NONE,
                   "on");
        html_printf(b, "<td class=\"govuk-table__cell\">");
        tag(b, &measure_tags[m->state]);
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        view_sparkline(b, m);
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n</div>\n");
    view_page_end(b, site);
}

/* One row of the measure's summary list. */
static void summary_key(struct buf *b, const char *key)
{
    html_printf(b,
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "%h</dt><dd class=\"govuk-summary-list__value\">",
                key);
}

/* The planned value on day d: the straight line from the baseline (date,
 * value) to the target (date, value), the target after its date.  Returns
 * false when there is no plan to read (no baseline or target, or d is before
 * the baseline). */
static bool planned_on(const struct pub_measure *m, day_t d, double *out)
{
    return pub_measure_planned(m, d, out);
}

/* How many decimals (0 to 3) v needs. */
static int decimals_of(double v)
{
    for (int d = 0; d < 3; d++, v *= 10)
        if (fabs(v - round(v)) < 1e-6)
            return d;
    return 3;
}

/* The decimals to show planned values with: as many as the measure's own
 * figures use, at least one. */
static double planned_scale(const struct pub_measure *m)
{
    int d = 1;
    for (size_t i = 0; i < m->nvalues; i++)
        if (decimals_of(m->values[i].value) > d)
            d = decimals_of(m->values[i].value);
    if (m->has_baseline && decimals_of(m->baseline) > d)
        d = decimals_of(m->baseline);
    if (m->has_target && decimals_of(m->target) > d)
        d = decimals_of(m->target);
    return pow(10, d);
}

/* The data table the chart stands for: date, value, planned value. */
static void values_table(struct buf *b, const struct pub_measure *m)
{
    char s[96];
    double scale = planned_scale(m);
    if (m->nvalues == 0) {
        html_printf(b, "<p class=\"govuk-body\">No values have been reported yet.</p>\n");
        return;
    }
    html_printf(b,
                "<div class=\"dialturn-table-container\" role=\"region\" aria-label=\"Values of "
                "the measure\" tabindex=\"0\">\n<table class=\"govuk-table\" id=\"values\">\n"
                "<caption class=\"govuk-table__caption govuk-table__caption--m\">Values of %h"
                "</caption>\n"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Date</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Value</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Planned</th></tr></thead>\n<tbody class=\"govuk-table__body\">\n",
                m->title);
    for (size_t i = 0; i < m->nvalues; i++) {
        double p;
        html_printf(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        view_date(b, m->values[i].date);
        view_format_value(m->values[i].value, m->unit, s, sizeof s);
        html_printf(b,
                    "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%h</td>"
                    "<td class=\"govuk-table__cell govuk-table__cell--numeric\">",
                    s);
        if (planned_on(m, m->values[i].date, &p)) {
            view_format_value(round(p * scale) / scale, m->unit, s, sizeof s);
            html_printf(b, "%h", s);
        } else {
            html_printf(b, "Not planned");
        }
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n</div>\n");
}

/* The measure's facts as a summary list. */
static void measure_facts(struct buf *b, const struct pub_measure *m, const char *q)
{
    const struct pub_value *last = pub_measure_latest(m);
    html_printf(b, "<dl class=\"govuk-summary-list\">\n");
    summary_key(b, "Status");
    tag(b, &measure_tags[m->state]);
    html_printf(b, "</dd></div>\n");
    summary_key(b, "Latest value");
    if (last) {
        value_text(b, true, last->value, m->unit);
        html_printf(b, " on ");
        view_date(b, last->date);
    } else {
        html_printf(b, "No data yet");
    }
    html_printf(b, "</dd></div>\n");
    summary_key(b, "Against the trajectory");
    struct buf traj = BUF_INIT;
    pub_measure_trajectory_text(m, &traj);
    html_printf(b, "%h</dd></div>\n", buf_str(&traj));
    buf_free(&traj);
    summary_key(b, "Better when");
    html_printf(b, "%h</dd></div>\n", m->up ? "Higher" : "Lower");
    summary_key(b, "Unit");
    html_printf(b, "%h</dd></div>\n", m->unit[0] ? m->unit : "None");
    summary_key(b, "Baseline");
    value_text(b, m->has_baseline, m->baseline, m->unit);
    if (m->has_baseline && m->baseline_date != DAY_NONE) {
        html_printf(b, " on ");
        view_date(b, m->baseline_date);
    }
    html_printf(b, "</dd></div>\n");
    summary_key(b, "Target");
    value_text(b, m->has_target, m->target, m->unit);
    if (m->has_target && m->target_date != DAY_NONE) {
        html_printf(b, " by ");
        view_date(b, m->target_date);
    }
    html_printf(b, "</dd></div>\n");
    summary_key(b, "Tolerance");
    html_printf(b,
                "%ld%% of the distance from baseline to target: a value that misses the target "
                "by no more than this is near target</dd></div>\n",
                m->tolerance_pct);
    summary_key(b, "Theme");
    if (m->theme_ref)
        html_printf(b, "<a class=\"govuk-link\" href=\"/themes/%U%h\">%h</a> %h", m->theme_ref, q,
                    m->theme_ref, m->theme_title);
    else
        html_printf(b, "None");
    html_printf(b, "</dd></div>\n");
    summary_key(b, "Actions");
    if (m->nactions == 0)
        html_printf(b, "None");
    else
        html_printf(b, "<ul class=\"govuk-list\">");
    for (size_t i = 0; i < m->nactions; i++) {
        html_printf(b, "<li><a class=\"govuk-link\" href=\"/actions/%U%h\">%h</a> %h ",
                    m->actions[i].ref, q, m->actions[i].ref, m->actions[i].title);
        view_status_tag(b, m->actions[i].status);
        html_printf(b, "</li>");
    }
    if (m->nactions)
        html_printf(b, "</ul>");
    html_printf(b, "</dd></div>\n</dl>\n");
}

/* The corrections of signed-off months' values this record holds, each
 * beside the value it corrected. */
static void corrections_list(struct buf *b, const struct pub_measure *m,
                             const struct dial_entry *corr, size_t ncorr)
{
    if (ncorr == 0)
        return;
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"corrections\">Corrections</h2>\n"
                   "<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (size_t i = 0; i < ncorr; i++) {
        char was[64], now[64];
        view_format_value(corr[i].old_value, m->unit, was, sizeof was);
        view_format_value(corr[i].value, m->unit, now, sizeof now);
        char on[DATE_LEN];
        snprintf(on, sizeof on, "%.10s", corr[i].at);
        html_printf(b, "<li>");
        view_month(b, corr[i].month);
        html_printf(b, ": corrected on %h by %h: the value was %h, now %h", on, corr[i].by_name,
                    was, now);
        if (corr[i].note[0])
            html_printf(b, ", because %h", corr[i].note);
        if (corr[i].source[0])
            html_printf(b, " (source: %h)", corr[i].source);
        html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n");
}

void view_measure(struct buf *b, const struct view_site *site, const struct pub_measure *m,
                  const struct dial_entry *corr, size_t ncorr)
{
    char q[24];
    asat_query(site, q);
    view_page_begin(b, site, m->title);
    html_printf(b,
                "<a class=\"govuk-back-link\" href=\"/measures%h\">All measures</a>\n"
                "<span class=\"govuk-caption-l\">Measure %h</span>\n"
                "<h1 class=\"govuk-heading-xl\">%h</h1>\n",
                q, m->ref, m->title);
    measure_facts(b, m, q);
    html_printf(b,
                "<h2 class=\"govuk-heading-l\">Trend</h2>\n<div class=\"chart-wrapper "
                "dialturn-chart__scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Chart: %h "
                "over time\">\n",
                m->title);
    view_chart_trend(b, m);
    html_printf(b, "</div>\n");
    values_table(b, m);
    corrections_list(b, m, corr, ncorr);
    view_page_end(b, site);
}

/* ---- open data ---------------------------------------------------------------------- */

/* One download: its link (keeping the month) and what it holds. */
struct download {
    const char *path, *name, *format, *about;
};

static const struct download downloads[] = {
    {"/data/plan.json", "plan.json", "JSON",
     "The whole public record in the dialturn-plan/1 interchange format: the organisation, "
     "people, reviews and recommendations, approved plan versions, themes, actions, public "
     "milestones, signed-off months and their accepted progress updates, measures and their "
     "values. It re-imports with dialturn import."},
    {"/data/actions.csv", "actions.csv", "CSV",
     "Every action in the plan: theme, owner, planned dates, status, the recommendations it "
     "answers and the actions it depends on."},
    {"/data/updates.csv", "updates.csv", "CSV",
     "The accepted monthly progress updates of the signed-off months: status, percent "
     "complete, confidence, narrative and forecast finish."},
    {"/data/measure_values.csv", "measure_values.csv", "CSV",
     "Every value of every measure, by date."},
};

void view_data(struct buf *b, const struct view_site *site, const struct pub_periods *periods)
{
    char q[24];
    asat_query(site, q);
    view_page_begin(b, site, "Open data");
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Open data</h1>\n"
                   "<p class=\"govuk-body-l\">The improvement plan and the progress reported "
                   "on it, free to download and reuse. The files hold what this site shows: ");
    scope_words(b, site);
    html_printf(b,
                ". Nothing that has not been signed off is in them.</p>\n"
                "<div class=\"dialturn-table-container\" role=\"region\" aria-label=\"Signed-off "
                "monthly reports\" tabindex=\"0\">\n<table class=\"govuk-table\">\n"
                "<caption class=\"govuk-table__caption govuk-table__caption--m\">Downloads"
                "</caption>\n"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">File</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Format</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">What it holds</th>"
                "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < sizeof downloads / sizeof *downloads; i++)
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
                    "<a class=\"govuk-link\" href=\"%h%h\" download>%h</a></td>"
                    "<td class=\"govuk-table__cell\">%h</td>"
                    "<td class=\"govuk-table__cell\">%h</td></tr>\n",
                    downloads[i].path, q, downloads[i].name, downloads[i].format,
                    downloads[i].about);
    html_printf(b, "</tbody>\n</table>\n</div>\n"
                   "<p class=\"govuk-body\">CSV files follow RFC 4180 in UTF-8 with ISO 8601 "
                   "dates; their columns are the field names of the JSON format. Dates in the "
                   "plan are the current plan's; baseline dates are those of the last "
                   "signed-off plan version.</p>\n"
                   "<h2 class=\"govuk-heading-l\">API</h2>\n"
                   "<p class=\"govuk-body\">The same data as JSON, one resource at a time, "
                   "under <code>/api/v1/</code>: ");
    static const char *const api[] = {"organisation", "periods", "recommendations", "milestones",
                                      "measures"};
    for (size_t i = 0; i < sizeof api / sizeof *api; i++)
        html_printf(b, "%h<a class=\"govuk-link\" href=\"/api/v1/%h%h\">%h</a>", i ? ", " : "",
                    api[i], q, api[i]);
    html_printf(b, ". Every download and resource takes <code>?as_at=YYYY-MM</code> to show "
                   "the record as it stood at the end of an earlier signed-off month.</p>\n"
                   "<h2 class=\"govuk-heading-l\">Signed-off months</h2>\n");
    if (periods->n == 0) {
        html_printf(b, "<p class=\"govuk-body\">No month has been signed off yet.</p>\n");
        view_page_end(b, site);
        return;
    }
    html_printf(b, "<p class=\"govuk-body\">The downloads as they stood at the end of each "
                   "month:</p>\n<ul class=\"govuk-list\">\n");
    for (size_t i = periods->n; i-- > 0;) {
        html_printf(b, "<li><a class=\"govuk-link\" href=\"/data?as_at=%U\">", periods->v[i].month);
        view_month(b, periods->v[i].month);
        html_printf(b, "</a>");
        if (periods->v[i].signed_off_on != DAY_NONE) {
            html_printf(b, ", signed off ");
            view_date(b, periods->v[i].signed_off_on);
        }
        html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n");
    view_page_end(b, site);
}

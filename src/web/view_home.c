/* view_home.c — the public home page: how the plan stands at a signed-off
 * month, and (as at an earlier month) what has changed since. */
#include "lib/html.h"
#include "model/pub_home.h"
#include "web/view.h"
#include <stdio.h>
#include <string.h>

/* Appends " → " read aloud as "to". */
static void arrow(struct buf *b)
{
    html_printf(b, " <span aria-hidden=\"true\">→</span>"
                   "<span class=\"govuk-visually-hidden\"> to </span> ");
}

/* Appends a link to action `ref` showing its ref and title (keeping the
 * month of an as-at view). */
static void action_link(struct buf *b, const struct view_site *site, const char *ref,
                        const char *title)
{
    html_printf(b, "<a class=\"govuk-link\" href=\"/actions/%U", ref);
    view_as_at(b, site, '?');
    html_printf(b, "\">%h</a> %h", ref, title);
}

/* n as a whole percentage of total (0 when total is 0). */
static int percent(size_t n, size_t total)
{
    return total ? (int)((n * 100 + total / 2) / total) : 0;
}

/* The opening paragraph: which month, when and by whom it was signed off. */
static void render_lede(struct buf *b, const struct pub_home *h)
{
    html_printf(b, "<p class=\"govuk-body-l\">Figures from the monthly progress report for "
                   "<strong>");
    view_month(b, h->scope.month_s);
    html_printf(b, "</strong>");
    if (h->signed_off_on != DAY_NONE) {
        html_printf(b, ", signed off on ");
        view_date(b, h->signed_off_on);
        if (h->signed_off_by)
            html_printf(b, " by %h", h->signed_off_by);
    }
    html_printf(b, ". Only signed-off reports are published here.</p>\n");
    if (h->scope.head.hash[0])
        html_printf(b,
                    "<p class=\"govuk-body-s\" id=\"ledger-head\">This month's record is sealed "
                    "at entry %ld of the ledger, hash <code class=\"dialturn-hash\">%h</code>: "
                    "anyone holding it can check that nothing before it was rewritten "
                    "(<code>dialturn verify --head</code>).</p>\n",
                    (long)h->scope.head.seq, h->scope.head.hash);
}

/* Actions by status, as a summary list. */
static void render_statuses(struct buf *b, const struct view_site *site, const struct pub_home *h)
{
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"status\">Actions by status</h2>\n"
                   "<dl class=\"govuk-summary-list\">\n");
    for (int s = 0; s < ST__MAX; s++) {
        html_printf(
            b, "<div class=\"govuk-summary-list__row\">\n<dt class=\"govuk-summary-list__key\">");
        view_status_tag(b, s);
        html_printf(b, "</dt>\n<dd class=\"govuk-summary-list__value\">%zu</dd>\n</div>\n",
                    h->by_status[s]);
    }
    html_printf(b,
                "</dl>\n<p class=\"govuk-body\">%zu %h in all. <a class=\"govuk-link\" "
                "href=\"/plan",
                h->nactions, h->nactions == 1 ? "action" : "actions");
    view_as_at(b, site, '?');
    html_printf(b, "\">See every action in the plan</a>.</p>\n");
}

/* The month's ratings as one stacked SVG bar (widths in thousandths, drawn
 * with presentation attributes, so the page needs no inline style) followed
 * by the same numbers as text, so colour is never the only cue. */
static void render_confidence(struct buf *b, const struct pub_home *h)
{
    const struct scale *s = h->scale;
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"confidence\">Confidence in ");
    view_month(b, h->scope.month_s);
    html_printf(b, "</h2>\n");
    if (h->nrated == 0) {
        html_printf(b, "<p class=\"govuk-body\">No action was given a confidence rating in "
                       "this month's report.</p>\n");
        return;
    }
    html_printf(b,
                "<p class=\"govuk-body\">How confident the organisation was in each of the "
                "%zu %h rated that month.</p>\n"
                "<svg class=\"dialturn-bar\" viewBox=\"0 0 1000 40\" "
                "preserveAspectRatio=\"none\" width=\"100%%\" height=\"40\" focusable=\"false\" "
                "role=\"img\" aria-labelledby=\"confidence-bar-title\">\n"
                "<title id=\"confidence-bar-title\">Confidence ratings: ",
                h->nrated, h->nrated == 1 ? "action" : "actions");
    for (int i = 0; i < s->nlevels && i < PUB_HOME_MAX_LEVELS; i++)
        html_printf(b, "%h%zu %h", i ? ", " : "", h->by_level[i], s->levels[i].label);
    html_printf(b, "</title>\n");
    size_t x = 0, seen = 0;
    for (int i = 0; i < s->nlevels && i < PUB_HOME_MAX_LEVELS; i++) {
        if (!h->by_level[i])
            continue;
        seen += h->by_level[i];
        size_t right = seen * 1000 / h->nrated; /* the last segment ends at 1000 exactly */
        html_printf(b, "<rect x=\"%zu\" y=\"0\" width=\"%zu\" height=\"40\" fill=\"%h\"/>\n", x,
                    right - x, s->levels[i].colour);
        x = right;
    }
    html_printf(b, "</svg>\n<ul class=\"govuk-list dialturn-bar-key\">\n");
    for (int i = 0; i < s->nlevels && i < PUB_HOME_MAX_LEVELS; i++) {
        html_printf(b, "<li>");
        view_confidence(b, s, i, -1);
        html_printf(b, " %zu (%d%%)</li>\n", h->by_level[i], percent(h->by_level[i], h->nrated));
    }
    html_printf(b, "</ul>\n");
    if (h->nunrated)
        html_printf(b,
                    "<p class=\"govuk-body-s\">%zu other %h not rated that month (not "
                    "started, finished earlier, or no update accepted).</p>\n",
                    h->nunrated, h->nunrated == 1 ? "action was" : "actions were");
}

/* "Are the dials turning?": the measures by status at the month shown, and
 * against the first signed-off month, in one line. */
static void render_dials(struct buf *b, const struct view_site *site, const struct pub_home *h)
{
    const struct pub_home_dials *d = &h->dials, *f = &h->first_dials;
    if (d->n == 0)
        return;
    html_printf(b, "<p class=\"govuk-body-l\" id=\"dials\"><strong>Are the dials turning?</strong> "
                   "At the end of ");
    view_month(b, d->month);
    html_printf(b, ", %zu of the %zu %h %h on target, %zu near it and %zu off it", d->by_state[0],
                d->n, d->n == 1 ? "measure" : "measures", d->by_state[0] == 1 ? "was" : "were",
                d->by_state[1], d->by_state[2]);
    if (d->by_state[3])
        html_printf(b, " (%zu with no data)", d->by_state[3]);
    if (f->n) {
        html_printf(b, "; at the end of ");
        view_month(b, f->month);
        html_printf(b, ", the first report, %zu %h on target, %zu near and %zu off", f->by_state[0],
                    f->by_state[0] == 1 ? "was" : "were", f->by_state[1], f->by_state[2]);
        if (f->by_state[3])
            html_printf(b, " (%zu with no data yet)", f->by_state[3]);
    }
    html_printf(b, ". <a class=\"govuk-link\" href=\"/measures");
    view_as_at(b, site, '?');
    html_printf(b, "\">See the measures</a>.</p>\n");
}

/* The chart's drawing area in its viewBox (0 0 TREND_W TREND_H). */
enum { TREND_W = 640, TREND_H = 240, TREND_L = 48, TREND_R = 8, TREND_T = 8, TREND_B = 40 };

/* Confidence across every signed-off month up to the one shown: a 100%%
 * stacked bar per month in the scale's colours, then the same figures as a
 * table, so colour is never the only cue. */
static void render_trend(struct buf *b, const struct pub_home *h)
{
    const struct scale *s = h->scale;
    if (h->ntrend < 2)
        return;
    int nl = s->nlevels < PUB_HOME_MAX_LEVELS ? s->nlevels : PUB_HOME_MAX_LEVELS;
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"trend\">Confidence month by month</h2>\n"
                   "<p class=\"govuk-body\">The share of actions at each level in every signed-off "
                   "report, from ");
    view_month(b, h->trend[0].month);
    html_printf(b, " to ");
    view_month(b, h->trend[h->ntrend - 1].month);
    html_printf(b, ".</p>\n<figure class=\"dialturn-chart\">\n"
                   "<div class=\"dialturn-chart__scroll\" role=\"region\" tabindex=\"0\" "
                   "aria-label=\"Chart: confidence month by month\">\n"
                   "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                   "focusable=\"false\" aria-labelledby=\"trend-title\" ");
    html_printf(
        b,
        "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">\n<title id=\"trend-title\">Share of "
        "actions at each confidence level, by month; the table below gives the "
        "figures</title>\n",
        TREND_W, TREND_H, TREND_W, TREND_H);
    int plot_w = TREND_W - TREND_L - TREND_R, plot_h = TREND_H - TREND_T - TREND_B;
    int slot = plot_w / (int)h->ntrend, bar = slot * 3 / 4 > 2 ? slot * 3 / 4 : 2;
    int every = (int)(h->ntrend + 5) / 6; /* at most 6 month labels (and the last) */
    html_printf(b, "<g class=\"chart__axis\" fill=\"#0b0c0c\" font-size=\"14\">\n");
    for (int pct = 0; pct <= 100; pct += 50) {
        int y = TREND_T + plot_h - plot_h * pct / 100;
        html_printf(b,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#b1b4b6\"/>"
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d%%</text>\n",
                    TREND_L, y, TREND_W - TREND_R, y, TREND_L - 6, y + 5, pct);
    }
    for (size_t i = 0; i < h->ntrend; i++) {
        const struct pub_home_month *t = &h->trend[i];
        int x = TREND_L + (int)i * slot + (slot - bar) / 2, y = TREND_T + plot_h;
        size_t seen = 0;
        for (int l = nl - 1; l >= 0 && t->nrated; l--) { /* the worst level at the bottom */
            if (!t->by_level[l])
                continue;
            size_t before = seen;
            seen += t->by_level[l];
            int y1 = TREND_T + plot_h - (int)(seen * (size_t)plot_h / t->nrated);
            int y0 = TREND_T + plot_h - (int)(before * (size_t)plot_h / t->nrated);
            html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%h\"/>\n", x,
                        y1, bar, y0 - y1, s->levels[l].colour);
        }
        bool last = i + 1 == h->ntrend;
        if (((int)i % every == 0 && (last || (int)(h->ntrend - 1 - i) >= every)) || last) {
            int m;
            char label[16] = "";
            static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
            if (month_parse(t->month, &m))
                snprintf(label, sizeof label, "%s %02d", mon[m % 12], (m / 12) % 100);
            int cx = x + bar / 2;
            bool edge = cx > TREND_W - TREND_R - 24;
            html_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"%h\">%h</text>\n",
                        edge ? TREND_W - TREND_R : cx, y + 22, edge ? "end" : "middle", label);
        }
    }
    html_printf(b, "</g>\n</svg>\n</div>\n<ul class=\"govuk-list dialturn-bar-key\">\n");
    for (int l = 0; l < nl; l++) {
        html_printf(b, "<li>");
        view_confidence(b, s, l, -1);
        html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n<details class=\"govuk-details\">\n"
                   "<summary class=\"govuk-details__summary\"><span "
                   "class=\"govuk-details__summary-text\">Confidence month by month as a table"
                   "</span></summary>\n<div class=\"govuk-details__text\">\n");
    view_table_open(b, "Confidence month by month");
    html_printf(b, "<table class=\"govuk-table\">\n<caption class=\"govuk-table__caption "
                   "govuk-visually-hidden\">Actions at each confidence level, by month</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Month</th>");
    for (int l = 0; l < nl; l++)
        html_printf(b,
                    "<th scope=\"col\" class=\"govuk-table__header "
                    "govuk-table__header--numeric\">%h</th>",
                    s->levels[l].label);
    html_printf(b, "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = h->ntrend; i-- > 0;) {
        const struct pub_home_month *t = &h->trend[i];
        html_printf(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                       "class=\"govuk-table__header\">");
        view_month(b, t->month);
        html_printf(b, "</th>");
        for (int l = 0; l < nl; l++)
            html_printf(b,
                        "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%zu "
                        "(%d%%)</td>",
                        t->by_level[l], percent(t->by_level[l], t->nrated));
        html_printf(b, "</tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
    html_printf(b, "</div>\n</details>\n</figure>\n");
}

/* How many actions a home-page list shows: the page is a summary, and a plan
 * of thousands of actions must not make it megabytes; the rest is a link away. */
#define HOME_LIST_MAX 20

/* After a capped list: "and N more" with a link to where all of them are. */
static void more_link(struct buf *b, const struct view_site *site, size_t n, const char *href,
                      char sep)
{
    if (n <= HOME_LIST_MAX)
        return;
    html_printf(b, "<p class=\"govuk-body\">And %zu more: <a class=\"govuk-link\" href=\"%h",
                n - HOME_LIST_MAX, href);
    view_as_at(b, site, sep);
    html_printf(b, "\">see them all in the plan</a>.</p>\n");
}

/* A <details> listing the actions of `l` with their days late, or nothing. */
static void render_late_list(struct buf *b, const struct view_site *site, const char *summary,
                             const struct pub_home_list *l, const char *all_href, char sep)
{
    if (l->n == 0)
        return;
    html_printf(b,
                "<details class=\"govuk-details\">\n"
                "<summary class=\"govuk-details__summary\">"
                "<span class=\"govuk-details__summary-text\">%h</span></summary>\n"
                "<div class=\"govuk-details__text\">\n<ul class=\"govuk-list\">\n",
                summary);
    for (size_t i = 0; i < l->n && i < HOME_LIST_MAX; i++) {
        html_printf(b, "<li>");
        action_link(b, site, l->v[i].ref, l->v[i].title);
        html_printf(b, " (%d %h)</li>\n", l->v[i].days, l->v[i].days == 1 ? "day" : "days");
    }
    html_printf(b, "</ul>\n");
    more_link(b, site, l->n, all_href, sep);
    html_printf(b, "</div>\n</details>\n");
}

/* Overdue and slipped actions: counts, then the lists behind them. */
static void render_late(struct buf *b, const struct view_site *site, const struct pub_home *h)
{
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"late\">Overdue and slipped actions</h2>\n"
                   "<dl class=\"govuk-summary-list\">\n"
                   "<div class=\"govuk-summary-list__row\">\n"
                   "<dt class=\"govuk-summary-list__key\">Overdue at the end of ");
    view_month(b, h->scope.month_s);
    html_printf(b,
                "</dt>\n<dd class=\"govuk-summary-list__value\">%zu</dd>\n</div>\n"
                "<div class=\"govuk-summary-list__row\">\n"
                "<dt class=\"govuk-summary-list__key\">Forecast to finish later than "
                "their baseline</dt>\n<dd class=\"govuk-summary-list__value\">",
                h->overdue.n);
    if (h->cycle)
        html_printf(b, "Not known: the plan's dependencies form a cycle");
    else
        html_printf(b, "%zu", h->slipped.n);
    html_printf(b, "</dd>\n</div>\n</dl>\n"
                   "<p class=\"govuk-body-s\">Overdue: not complete and past its planned finish. "
                   "Slipped: its forecast finish is later than the baseline date in the "
                   "signed-off plan.</p>\n");
    render_late_list(b, site, "Overdue actions and days past their planned finish", &h->overdue,
                     "/plan?overdue=1", '&');
    render_late_list(b, site, "Slipped actions and days later than baseline", &h->slipped, "/plan",
                     '?');
}

/* A table of milestones; `achieved` adds the achieved date, else the forecast. */
static void render_milestone_table(struct buf *b, const struct view_site *site, const char *caption,
                                   const struct pub_home_milestone *v, size_t n, bool achieved,
                                   day_t end)
{
    html_printf(b,
                "<div class=\"dialturn-table-container\" role=\"region\" aria-label=\"%h\" "
                "tabindex=\"0\">\n<table class=\"govuk-table\">\n"
                "<caption class=\"govuk-table__caption govuk-visually-hidden\">%h</caption>\n"
                "<thead class=\"govuk-table__head\">\n<tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Milestone</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Action</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Due</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">%h</th>"
                "</tr>\n</thead>\n<tbody class=\"govuk-table__body\">\n",
                caption, caption, achieved ? "Achieved" : "Forecast");
    for (size_t i = 0; i < n; i++) {
        const struct pub_home_milestone *m = &v[i];
        html_printf(b,
                    "<tr class=\"govuk-table__row\">\n"
                    "<td class=\"govuk-table__cell\">%h</td>\n<td class=\"govuk-table__cell\">",
                    m->title);
        if (m->action_ref) {
            html_printf(b, "<a class=\"govuk-link\" href=\"/actions/%U", m->action_ref);
            view_as_at(b, site, '?');
            html_printf(b, "\">%h</a>", m->action_ref);
        } else
            html_printf(b, "Theme milestone");
        html_printf(b, "</td>\n<td class=\"govuk-table__cell\">");
        view_date(b, m->due);
        html_printf(b, "</td>\n<td class=\"govuk-table__cell\">");
        if (achieved) {
            view_date(b, m->achieved_on);
        } else {
            view_date(b, m->forecast);
            if (m->due <= end)
                html_printf(b, " <strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>");
            else if (m->forecast > m->due)
                html_printf(b, " <strong class=\"govuk-tag govuk-tag--orange\">Late</strong>");
        }
        html_printf(b, "</td>\n</tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n</div>\n");
}

/* The next public milestones not yet achieved. */
static void render_next(struct buf *b, const struct view_site *site, const struct pub_home *h)
{
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"milestones\">Milestones due next</h2>\n");
    if (h->nnext == 0) {
        html_printf(b, "<p class=\"govuk-body\">Every public milestone had been achieved by "
                       "the end of ");
        view_month(b, h->scope.month_s);
        html_printf(b, ".</p>\n");
    } else {
        render_milestone_table(b, site, "Milestones due next", h->next, h->nnext, false,
                               h->scope.end);
    }
    html_printf(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/milestones");
    view_as_at(b, site, '?');
    html_printf(b, "\">See every milestone on the roadmap</a></p>\n");
}

/* One list of movements (improved or declined), each "ref title: from → to". */
static void render_moves(struct buf *b, const struct view_site *site, const struct pub_home *h,
                         const char *heading, const struct pub_home_list *l, bool with_status)
{
    html_printf(b, "<h3 class=\"govuk-heading-s\">%h (%zu)</h3>\n", heading, l->n);
    if (l->n == 0) {
        html_printf(b, "<p class=\"govuk-body\">None.</p>\n");
        return;
    }
    html_printf(b, "<ul class=\"govuk-list govuk-list--spaced\">\n");
    for (size_t i = 0; i < l->n && i < HOME_LIST_MAX; i++) {
        const struct pub_home_item *it = &l->v[i];
        html_printf(b, "<li>");
        action_link(b, site, it->ref, it->title);
        html_printf(b, "<br>");
        if (it->from_level != it->to_level || !with_status) {
            html_printf(b, "Confidence: ");
            view_confidence(b, h->scale, it->from_level, -1);
            arrow(b);
            view_confidence(b, h->scale, it->to_level, -1);
        }
        if (with_status && it->from_status != it->to_status) {
            if (it->from_level != it->to_level)
                html_printf(b, "<br>");
            html_printf(b, "Status: ");
            view_status_tag(b, it->from_status);
            arrow(b);
            view_status_tag(b, it->to_status);
        }
        html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n");
    more_link(b, site, l->n, "/plan", '?');
}

/* The month's confidence movements against each action's previous rating. */
static void render_movements(struct buf *b, const struct view_site *site, const struct pub_home *h)
{
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"changes\">Recent changes</h2>\n"
                   "<p class=\"govuk-body\">Confidence in ");
    view_month(b, h->scope.month_s);
    if (h->prev_month[0]) {
        html_printf(b, " against each action's rating before it (the previous report was for ");
        view_month(b, h->prev_month);
        html_printf(b, ")");
    }
    html_printf(b,
                ". %zu unchanged, %zu rated for the first time.</p>\n"
                "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-one-half\">\n",
                h->nunchanged, h->nnew);
    render_moves(b, site, h, "Improved", &h->improved, false);
    html_printf(b, "</div>\n<div class=\"govuk-grid-column-one-half\">\n");
    render_moves(b, site, h, "Declined", &h->declined, false);
    html_printf(b, "</div>\n</div>\n");
}

/* As at an earlier month: what the later signed-off reports changed. */
static void render_since(struct buf *b, const struct view_site *site, const struct pub_home *h)
{
    html_printf(b, "<h2 class=\"govuk-heading-l\" id=\"since\">What has changed since ");
    view_month(b, h->scope.month_s);
    html_printf(b, "</h2>\n<p class=\"govuk-body\">Reports have been signed off up to ");
    view_month(b, h->latest_month);
    if (h->latest_signed_off_on != DAY_NONE) {
        html_printf(b, " (signed off on ");
        view_date(b, h->latest_signed_off_on);
        html_printf(b, ")");
    }
    html_printf(b, ". <a class=\"govuk-link\" href=\"/\">See how things stand now</a>.</p>\n");
    render_moves(b, site, h, "Actions whose confidence or status has changed", &h->changed, true);
    html_printf(b, "<h3 class=\"govuk-heading-s\">Milestones achieved since (%zu)</h3>\n",
                h->nachieved_since);
    if (h->nachieved_since == 0)
        html_printf(b, "<p class=\"govuk-body\">None.</p>\n");
    else
        render_milestone_table(b, site, "Milestones achieved since", h->achieved_since,
                               h->nachieved_since < HOME_LIST_MAX ? h->nachieved_since
                                                                  : HOME_LIST_MAX,
                               true, h->scope.end);
    if (h->nachieved_since > HOME_LIST_MAX) {
        html_printf(b,
                    "<p class=\"govuk-body\">And %zu more: <a class=\"govuk-link\" "
                    "href=\"/milestones",
                    h->nachieved_since - HOME_LIST_MAX);
        view_as_at(b, site, '?');
        html_printf(b, "\">see every milestone on the roadmap</a>.</p>\n");
    }
}

/* Links to the home page as it stood at each earlier signed-off month (plain
 * links rather than a form, so that a published static copy keeps them). */
static void render_earlier(struct buf *b, const struct pub_home *h)
{
    if (h->nmonths < 2)
        return;
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"earlier\">Earlier reports</h2>\n"
                   "<details class=\"govuk-details\">\n"
                   "<summary class=\"govuk-details__summary\"><span "
                   "class=\"govuk-details__summary-text\">See the site as it stood at the end of "
                   "an earlier month</span></summary>\n"
                   "<div class=\"govuk-details__text\">\n<ul class=\"govuk-list\">\n");
    for (size_t i = 0; i < h->nmonths; i++) {
        bool shown = strcmp(h->months[i], h->scope.month_s) == 0;
        html_printf(b, "<li>");
        if (shown) {
            html_printf(b, "<strong aria-current=\"page\">");
            view_month(b, h->months[i]);
            html_printf(b, "</strong> (shown)");
        } else if (i == 0) {
            html_printf(b, "<a class=\"govuk-link\" href=\"/\">");
            view_month(b, h->months[i]);
            html_printf(b, "</a> (the latest)");
        } else {
            html_printf(b, "<a class=\"govuk-link\" href=\"/?as_at=%U\">", h->months[i]);
            view_month(b, h->months[i]);
            html_printf(b, "</a>");
        }
        html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n</div>\n</details>\n");
}

/* Links to follow the plan: search, the feed, the plan. */
static void render_follow(struct buf *b, const struct view_site *site)
{
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"follow\">Find and follow</h2>\n");
    if (site->live) /* a published static copy has no server to search */
        html_printf(
            b, "<form method=\"get\" action=\"/search\" role=\"search\">\n"
               "<div class=\"govuk-form-group\">\n"
               "<label class=\"govuk-label\" for=\"home-q\">Search actions, updates, measures, "
               "recommendations and milestones</label>\n"
               "<input class=\"govuk-input govuk-!-width-two-thirds\" id=\"home-q\" name=\"q\" "
               "type=\"search\" maxlength=\"200\">\n"
               "</div>\n"
               "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
               "Search</button>\n"
               "</form>\n");
    html_printf(b, "<ul class=\"govuk-list\">\n"
                   "<li><a class=\"govuk-link\" href=\"/feed.atom\">Follow the monthly reports "
                   "and updates (Atom feed)</a></li>\n");
    if (site->live) /* a form of the live site */
        html_printf(b, "<li><a class=\"govuk-link\" href=\"/follow\">Follow the monthly "
                       "reports by e-mail</a></li>\n");
    html_printf(b, "<li><a class=\"govuk-link\" href=\"/plan");
    view_as_at(b, site, '?');
    html_printf(b, "\">The improvement plan</a></li>\n"
                   "<li><a class=\"govuk-link\" href=\"/accessibility\">Accessibility "
                   "statement</a></li>\n"
                   "</ul>\n");
}

void view_home(struct buf *b, const struct view_site *site, const struct pub_home *h)
{
    view_page_begin(b, site, "Progress on the improvement plan");
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Progress on the improvement plan</h1>\n");
    if (h->scope.month < 0) {
        html_printf(b,
                    "<div class=\"govuk-inset-text\">\n"
                    "<p class=\"govuk-body\">No monthly report has been signed off yet. "
                    "Progress is published here once a month's report is signed off.</p>\n"
                    "</div>\n"
                    "<p class=\"govuk-body\">The plan has %zu %h in %zu %h. "
                    "<a class=\"govuk-link\" href=\"/plan\">See the plan</a>.</p>\n",
                    h->nactions, h->nactions == 1 ? "action" : "actions", h->nthemes,
                    h->nthemes == 1 ? "theme" : "themes");
        render_follow(b, site);
        view_page_end(b, site);
        return;
    }
    render_lede(b, h);
    render_dials(b, site, h);
    html_printf(b, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-one-half\">\n");
    render_statuses(b, site, h);
    html_printf(b, "</div>\n<div class=\"govuk-grid-column-one-half\">\n");
    render_confidence(b, h);
    html_printf(b, "</div>\n</div>\n");
    render_trend(b, h);
    render_late(b, site, h);
    render_next(b, site, h);
    render_movements(b, site, h);
    if (h->scope.as_at)
        render_since(b, site, h);
    render_earlier(b, h);
    render_follow(b, site);
    view_page_end(b, site);
}

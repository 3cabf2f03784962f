/* view_impact.c — "what if this action slips?" (GET /actions/{ref}/impact)
 * and the critical path with its roadmap (GET /critical-path).
 *
 * The roadmap is inline SVG needing no script and no inline style, as the
 * other charts (view_chart_trend.c): per action a thin grey bar from planned
 * start to baseline finish and a thicker bar from earliest start to forecast
 * finish, drawn dark and labelled "critical" when the action is on the plan's
 * critical path, so that colour is never the only cue; each public milestone
 * a diamond at its forecast; a dashed line at the date of the view.  On a
 * phone the figure scrolls sideways inside a focusable region, and the
 * tables beside it give every figure as text. */
#include "lib/html.h"
#include "model/pub_critical.h"
#include "web/view.h"
#include <stdlib.h>

/* Roadmap geometry, in viewBox units. */
enum {
    RM_W = 960,
    RM_LABEL = 96, /* the ref column */
    RM_RIGHT = 16,
    RM_TOP = 40, /* the year labels */
    RM_ROW = 24,
    RM_BOTTOM = 16,
    RM_MAX_ROWS = 400, /* a larger plan gets the tables only */
};

/* A link to action i of the overview with its title. */
static void action_link(struct buf *b, const struct view_site *site, const struct overview *ov,
                        size_t i)
{
    html_printf(b, "<a class=\"govuk-link\" href=\"/actions/%U", ov->actions[i].ref);
    view_as_at(b, site, '?');
    html_printf(b, "\">%h</a> %h", ov->actions[i].ref, ov->actions[i].title);
}

/* The breadcrumbs of a page under the plan, the action's theme and action. */
static void crumbs(struct buf *b, const struct view_site *site, const struct overview *ov,
                   long action)
{
    html_printf(b,
                "<nav class=\"govuk-breadcrumbs\" aria-label=\"Breadcrumb\">\n"
                "<ol class=\"govuk-breadcrumbs__list\">\n"
                "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" "
                "href=\"/plan");
    view_as_at(b, site, '?');
    html_printf(b, "\">Improvement plan</a></li>\n");
    if (action >= 0) {
        html_printf(b,
                    "<li class=\"govuk-breadcrumbs__list-item\"><a "
                    "class=\"govuk-breadcrumbs__link\" href=\"/actions/%U",
                    ov->actions[action].ref);
        view_as_at(b, site, '?');
        html_printf(b, "\">Action %h</a></li>\n", ov->actions[action].ref);
    }
    html_printf(b, "</ol>\n</nav>\n");
}

void view_impact(struct buf *b, const struct view_site *site, const struct overview *ov,
                 size_t target, int days, const struct pub_impact *im)
{
    const struct overview_action *x = &ov->actions[target];
    struct buf title = BUF_INIT;
    buf_printf(&title, "What if action %s slips?", x->ref);
    view_page_begin(b, site, buf_str(&title));
    crumbs(b, site, ov, (long)target);
    html_printf(b,
                "<span class=\"govuk-caption-xl\">Action %h: %h</span>\n"
                "<h1 class=\"govuk-heading-xl\">%h</h1>\n"
                "<p class=\"govuk-body\">Its forecast finish is ",
                x->ref, x->title, buf_str(&title));
    buf_free(&title);
    view_date(b, ov->state[target].forecast);
    html_printf(b, ". Say how many days later it might finish to see every action and public "
                   "milestone whose forecast would move: each action that depends on it starts "
                   "no earlier than the day after what it depends on finishes, and a milestone "
                   "moves with its action's lateness. These are the same figures as "
                   "<code>dialturn impact</code>.</p>\n");
    html_printf(b,
                "<form class=\"dialturn-impact-form\" method=\"get\" action=\"/actions/%U/impact\" "
                "novalidate>\n",
                x->ref);
    if (site->scope && site->scope->as_at)
        html_printf(b, "<input type=\"hidden\" name=\"as_at\" value=\"%h\">\n",
                    site->scope->month_s);
    html_printf(b,
                "<div class=\"govuk-form-group\">\n"
                "<label class=\"govuk-label govuk-label--s\" for=\"days\">Days late</label>\n"
                "<div class=\"govuk-hint\" id=\"days-hint\">A whole number from 1 to 3650</div>\n"
                "<input class=\"govuk-input govuk-input--width-4\" id=\"days\" name=\"days\" "
                "type=\"text\" inputmode=\"numeric\" spellcheck=\"false\" "
                "aria-describedby=\"days-hint\"");
    if (days > 0)
        html_printf(b, " value=\"%d\"", days);
    html_printf(b, ">\n</div>\n<button type=\"submit\" class=\"govuk-button\" "
                   "data-module=\"govuk-button\">Show what moves</button>\n</form>\n");
    if (!im) {
        view_page_end(b, site);
        return;
    }
    html_printf(b, "<h2 class=\"govuk-heading-l\" id=\"moved\">");
    html_printf(b, "If %h finishes %d %s later, %zu %s move%s</h2>\n", x->ref, days,
                days == 1 ? "day" : "days", im->n, im->n == 1 ? "item" : "items",
                im->n == 1 ? "s" : "");
    if (im->n == 0) {
        html_printf(b, "<p class=\"govuk-body\">%s</p>\n",
                    ov->state[target].completed_on != DAY_NONE
                        ? "The action is complete: a finished action cannot slip."
                        : "Nothing moves.");
        view_page_end(b, site);
        return;
    }
    view_table_open(b, "Actions and milestones that move");
    html_printf(b, "<table class=\"govuk-table\" id=\"impact\">\n"
                   "<caption class=\"govuk-table__caption govuk-visually-hidden\">Actions and "
                   "milestones whose forecast moves, by new date</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Kind</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Item</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Forecast now</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Forecast after</th>"
                   "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Days</th></tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t k = 0; k < im->n; k++) {
        const struct impact_move *m = &im->moves[k];
        html_printf(b,
                    "<tr class=\"govuk-table__row\" data-kind=\"%s\"><td "
                    "class=\"govuk-table__cell\">%s</td><th scope=\"row\" "
                    "class=\"govuk-table__header\">",
                    m->is_milestone ? "milestone" : "action",
                    m->is_milestone ? "Milestone" : "Action");
        if (m->is_milestone) {
            const struct pub_milestone *ms = &im->ms->v[m->index];
            html_printf(b, "<a class=\"govuk-link\" href=\"/milestones");
            view_as_at(b, site, '?');
            html_printf(b, "#%U\">%h</a> %h", ms->ref, ms->ref, ms->title);
        } else {
            action_link(b, site, ov, m->index);
        }
        html_printf(b, "</th><td class=\"govuk-table__cell\">");
        view_date(b, m->from);
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        view_date(b, m->to);
        html_printf(b,
                    "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%s%d</td>"
                    "</tr>\n",
                    m->days > 0 ? "+" : "", m->days);
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
    view_page_end(b, site);
}

/* One critical path as a table: each action, its theme, start and finish. */
static void path_table(struct buf *b, const struct view_site *site, const struct overview *ov,
                       const struct pub_critical *c, const struct critical_path *p,
                       const char *label, const char *id)
{
    if (p->n == 0) {
        html_printf(b, "<p class=\"govuk-body\">No action that is not retired.</p>\n");
        return;
    }
    html_printf(b, "<p class=\"govuk-body\">Forecast to finish on ");
    view_date(b, c->ff[p->chain[p->n - 1]]);
    html_printf(b, ", through %zu %s.</p>\n", p->n, p->n == 1 ? "action" : "actions");
    view_table_open(b, label);
    html_printf(b,
                "<table class=\"govuk-table\" id=\"%h\">\n"
                "<caption class=\"govuk-table__caption govuk-visually-hidden\">%h</caption>\n"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Step</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Action</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Theme</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Earliest start</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Forecast finish</th>"
                "</tr></thead>\n<tbody class=\"govuk-table__body\">\n",
                id, label);
    for (size_t k = 0; k < p->n; k++) {
        size_t i = p->chain[k];
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%zu</td>"
                    "<th scope=\"row\" class=\"govuk-table__header\">",
                    k + 1);
        action_link(b, site, ov, i);
        html_printf(b,
                    "</th><td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">",
                    ov->themes[ov->actions[i].theme].ref);
        view_date(b, c->es[i]);
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        view_date(b, c->ff[i]);
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

/* The x of day d on a roadmap spanning [d0, d1]. */
static int rm_x(day_t d, day_t d0, day_t d1)
{
    long span = (long)d1 - d0 > 0 ? (long)d1 - d0 : 1;
    return RM_LABEL + (int)(((long)d - d0) * (RM_W - RM_LABEL - RM_RIGHT) / span);
}

/* Widens [*lo, *hi] to hold d (unless DAY_NONE). */
static void widen(day_t d, day_t *lo, day_t *hi)
{
    if (d == DAY_NONE)
        return;
    if (*lo == DAY_NONE || d < *lo)
        *lo = d;
    if (*hi == DAY_NONE || d > *hi)
        *hi = d;
}

/* The roadmap of the actions that are not retired, in plan order. */
static void roadmap(struct buf *b, const struct view_site *site, const struct overview *ov,
                    const struct pub_critical *c, day_t today)
{
    size_t *rows = xmalloc((ov->nactions + 1) * sizeof *rows), n = 0;
    day_t lo = DAY_NONE, hi = DAY_NONE;
    for (size_t k = 0; k < ov->nactions; k++) {
        size_t i = ov->plan_order[k];
        if (ov->state[i].status == ST_RETIRED)
            continue;
        rows[n++] = i;
        widen(ov->actions[i].start, &lo, &hi);
        widen(ov->actions[i].baseline_finish, &lo, &hi);
        widen(c->es[i], &lo, &hi);
        widen(c->ff[i], &lo, &hi);
    }
    for (size_t j = 0; j < c->ms->n; j++)
        widen(c->ms->v[j].forecast, &lo, &hi);
    html_printf(b, "<h2 class=\"govuk-heading-l\" id=\"roadmap\">Roadmap</h2>\n");
    if (n == 0 || n > RM_MAX_ROWS || lo == DAY_NONE) {
        html_printf(b, "<p class=\"govuk-body\">%s</p>\n",
                    n == 0 ? "The plan has no action to draw."
                           : "The plan has too many actions to draw on one chart; the tables "
                             "above give the critical path.");
        free(rows);
        return;
    }
    widen(today, &lo, &hi);
    /* whole years either side, so the year labels sit on the axis */
    int y0 = date_month(lo) / 12, y1 = date_month(hi) / 12 + 1;
    day_t d0 = date_from_ymd(y0, 1, 1), d1 = date_from_ymd(y1, 1, 1);
    int height = RM_TOP + (int)n * RM_ROW + RM_BOTTOM;
    html_printf(b, "<p class=\"govuk-body\">Each action not retired, by theme: the thin grey bar "
                   "runs from its planned start to its baseline finish, the thicker bar from its "
                   "earliest start to its forecast finish. Actions on the critical path are drawn "
                   "in black and marked with an asterisk (*); public milestones are diamonds at "
                   "their forecast; the dashed line is ");
    view_date(b, today);
    html_printf(b, ", the date of this view.</p>\n"
                   "<ul class=\"chart-key dialturn-roadmap-key\">"
                   "<li class=\"dialturn-roadmap-key__baseline\">Baseline</li>"
                   "<li class=\"dialturn-roadmap-key__forecast\">Forecast</li>"
                   "<li class=\"dialturn-roadmap-key__critical\">Forecast, critical path (*)</li>"
                   "</ul>\n");
    html_printf(b,
                "<figure class=\"dialturn-chart dialturn-roadmap\">\n"
                "<div class=\"dialturn-chart__scroll\" role=\"region\" tabindex=\"0\" "
                "aria-label=\"Chart: roadmap, baseline against forecast\">\n"
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                "focusable=\"false\" aria-labelledby=\"roadmap-title roadmap-desc\" "
                "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">\n"
                "<title id=\"roadmap-title\">Roadmap: baseline against forecast of %zu "
                "actions</title>\n<desc id=\"roadmap-desc\">%zu actions on the critical path are "
                "marked with an asterisk; the tables on this page and each action's page give "
                "the dates as text.</desc>\n",
                RM_W, height, RM_W, height, n, c->plan.n);
    /* years: a grid line and a label at each 1 January */
    for (int y = y0; y <= y1; y++) {
        int x = rm_x(date_from_ymd(y, 1, 1), d0, d1);
        html_printf(b,
                    "<line class=\"chart__grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                    "stroke=\"#b1b4b6\"/>\n",
                    x, RM_TOP - 8, x, height - RM_BOTTOM);
        if (y < y1)
            html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#0b0c0c\">%d</text>\n",
                        x + 4, RM_TOP - 14, y);
    }
    for (size_t r = 0; r < n; r++) {
        size_t i = rows[r];
        const struct overview_action *a = &ov->actions[i];
        int y = RM_TOP + (int)r * RM_ROW;
        bool crit = c->on_path[i];
        html_printf(b, "<g><title>%h %h</title>\n", a->ref, a->title);
        html_printf(b, "<text x=\"4\" y=\"%d\" font-size=\"14\" fill=\"#0b0c0c\"%s>%h%s</text>\n",
                    y + 16, crit ? " font-weight=\"bold\"" : "", a->ref, crit ? " *" : "");
        if (a->start != DAY_NONE && a->baseline_finish != DAY_NONE &&
            a->baseline_finish >= a->start) {
            int xa = rm_x(a->start, d0, d1), xb = rm_x(a->baseline_finish, d0, d1);
            html_printf(b,
                        "<rect class=\"dialturn-roadmap__baseline\" x=\"%d\" y=\"%d\" "
                        "width=\"%d\" height=\"5\" fill=\"#505a5f\"/>\n",
                        xa, y + 3, xb - xa > 1 ? xb - xa : 1);
        }
        if (c->es[i] != DAY_NONE && c->ff[i] != DAY_NONE) {
            day_t s = c->es[i] <= c->ff[i] ? c->es[i] : c->ff[i];
            int xa = rm_x(s, d0, d1), xb = rm_x(c->ff[i], d0, d1);
            html_printf(b,
                        "<rect class=\"dialturn-roadmap__%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
                        "height=\"10\" fill=\"%s\"/>\n",
                        crit ? "critical" : "forecast", xa, y + 10, xb - xa > 2 ? xb - xa : 2,
                        crit ? "#0b0c0c" : "#1d70b8");
        }
        html_printf(b, "</g>\n");
    }
    /* milestones of the drawn actions, on their action's row */
    for (size_t j = 0; j < c->ms->n; j++) {
        const struct pub_milestone *m = &c->ms->v[j];
        long ai = m->action >= 0 ? overview_find_action(ov, c->ms->actions.v[m->action].ref) : -1;
        if (ai < 0 || m->forecast == DAY_NONE)
            continue;
        size_t r = 0;
        while (r < n && rows[r] != (size_t)ai)
            r++;
        if (r == n)
            continue;
        int x = rm_x(m->forecast, d0, d1), y = RM_TOP + (int)r * RM_ROW + 15;
        html_printf(b,
                    "<path class=\"dialturn-roadmap__milestone\" d=\"M%d %d l6 6 l-6 6 l-6 -6 z\" "
                    "fill=\"#ffffff\" stroke=\"#0b0c0c\" stroke-width=\"2\"><title>%h %h</title>"
                    "</path>\n",
                    x, y - 6, m->ref, m->title);
    }
    int xt = rm_x(today, d0, d1);
    html_printf(b,
                "<line class=\"dialturn-roadmap__today\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                "stroke=\"#d4351c\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n"
                "</svg>\n</div>\n</figure>\n",
                xt, RM_TOP - 8, xt, height - RM_BOTTOM);
    (void)site;
    free(rows);
}

void view_critical(struct buf *b, const struct view_site *site, const struct overview *ov,
                   const struct pub_critical *c, day_t today)
{
    view_page_begin(b, site, "Critical path");
    crumbs(b, site, ov, -1);
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Critical path</h1>\n"
                   "<p class=\"govuk-body\">The critical path is the chain of actions that decides "
                   "when the plan, or a theme, finishes. It ends at the action with the latest "
                   "forecast finish and runs back through each action's predecessor that set its "
                   "earliest start (the predecessor finishes the day before it can start, and that "
                   "start, not a later forecast of its own, sets its finish). Any of these actions "
                   "that is not complete finishing a day later moves the end a day later. Retired "
                   "actions are left out.</p>\n"
                   "<h2 class=\"govuk-heading-l\" id=\"plan\">The whole plan</h2>\n");
    path_table(b, site, ov, c, &c->plan, "Critical path of the whole plan", "path-plan");
    html_printf(b, "<h2 class=\"govuk-heading-l\" id=\"themes\">By theme</h2>\n");
    for (size_t t = 0; t < ov->nthemes; t++) {
        struct buf label = BUF_INIT, id = BUF_INIT;
        buf_printf(&label, "Critical path of theme %s", ov->themes[t].ref);
        buf_printf(&id, "path-%s", ov->themes[t].ref);
        html_printf(b, "<h3 class=\"govuk-heading-m\" id=\"theme-%h\">%h %h</h3>\n",
                    ov->themes[t].ref, ov->themes[t].ref, ov->themes[t].title);
        path_table(b, site, ov, c, &c->themes[t], buf_str(&label), buf_str(&id));
        buf_free(&label);
        buf_free(&id);
    }
    roadmap(b, site, ov, c, today);
    view_page_end(b, site);
}

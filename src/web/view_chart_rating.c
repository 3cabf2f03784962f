/* view_chart_rating.c — an action's rating history as a step chart drawn by
 * the server: inline SVG, no script, no inline style (the CSP forbids it), so
 * colours are presentation attributes and classes.  Months run left to right,
 * the scale's levels top (best) to bottom (worst); the line holds each rating
 * until the next one.  The same data follows as a table, for screen readers
 * and for anyone who would rather read numbers. */
#include "lib/html.h"
#include "web/view.h"
#include <stdbool.h>
#include <stdio.h>

#define CH_WIDTH  640 /* viewBox width */
#define CH_LEFT   120 /* room for the level labels */
#define CH_RIGHT  24  /* room for the last point */
#define CH_TOP    24  /* above the best level */
#define CH_ROW    48  /* between levels */
#define CH_BOTTOM 56  /* room for the month labels */
#define CH_LABELS 8   /* at most this many month labels */

static const char *const month_short[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* The x of month m, for months m0..m1 across the plot (the middle when
 * there is only one). */
static int x_of(int m, int m0, int m1)
{
    int w = CH_WIDTH - CH_LEFT - CH_RIGHT;
    if (m1 <= m0)
        return CH_LEFT + w / 2;
    return CH_LEFT + (int)((long)(m - m0) * w / (m1 - m0));
}

/* The y of level l (0 = best, at the top). */
static int y_of(int l)
{
    return CH_TOP + l * CH_ROW;
}

/* "Mar 2015" for month m into out. */
static void month_abbrev(int m, char out[16])
{
    snprintf(out, 16, "%s %d", month_short[((m % 12) + 12) % 12], m / 12);
}

/* The axes: a grid line and label per level, the months along the bottom. */
static void render_axes(struct buf *b, const struct scale *s, int m0, int m1, int height)
{
    html_printf(b, "<g class=\"chart__axis\">\n");
    for (int l = 0; l < s->nlevels; l++)
        html_printf(b,
                    "<line class=\"chart__grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                    "stroke=\"#b1b4b6\" stroke-width=\"1\"/>\n"
                    "<text class=\"chart__label\" x=\"%d\" y=\"%d\" text-anchor=\"end\" "
                    "fill=\"#0b0c0c\" font-size=\"16\">%h</text>\n",
                    CH_LEFT - 8, y_of(l), CH_WIDTH - CH_RIGHT + 8, y_of(l), CH_LEFT - 16,
                    y_of(l) + 5, s->levels[l].label);
    int base = height - CH_BOTTOM + 16;
    html_printf(b,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#0b0c0c\" "
                "stroke-width=\"1\"/>\n",
                CH_LEFT - 8, base, CH_WIDTH - CH_RIGHT + 8, base);
    int span = m1 - m0, step = span < CH_LABELS ? 1 : (span + CH_LABELS - 1) / CH_LABELS;
    for (int m = m0; m <= m1; m += step) {
        char label[16];
        month_abbrev(m, label);
        int x = x_of(m, m0, m1);
        /* a label centred near the right edge would be cut off: end it there */
        bool edge = x > CH_WIDTH - CH_RIGHT - 32;
        html_printf(b,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#0b0c0c\" "
                    "stroke-width=\"1\"/>\n"
                    "<text class=\"chart__label\" x=\"%d\" y=\"%d\" text-anchor=\"%h\" "
                    "fill=\"#0b0c0c\" font-size=\"14\">%h</text>\n",
                    x, base, x, base + 6, edge ? x + 8 : x, base + 24, edge ? "end" : "middle",
                    label);
    }
    html_printf(b, "</g>\n");
}

/* The data table that follows the chart. */
static void render_table(struct buf *b, const struct scale *s, const struct view_rating_point *p,
                         size_t n, const char *subject)
{
    html_printf(b,
                "<table class=\"govuk-table dialturn-chart-data\">\n"
                "<caption class=\"govuk-table__caption govuk-table__caption--s\">%h: the "
                "chart's data</caption>\n"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Month</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Confidence</th>"
                "</tr></thead>\n<tbody class=\"govuk-table__body\">\n",
                subject);
    for (size_t i = 0; i < n; i++) {
        char m[MONTH_LEN];
        month_format(p[i].month, m);
        html_printf(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                       "class=\"govuk-table__header\">");
        view_month(b, m);
        html_printf(b, "</th><td class=\"govuk-table__cell\">");
        view_confidence(b, s, p[i].level, -1);
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
}

void view_chart_rating(struct buf *b, const struct scale *s, const struct view_rating_point *p,
                       size_t n, const char *subject)
{
    if (n == 0 || !s || s->nlevels < 1)
        return;
    int m0 = p[0].month, m1 = p[n - 1].month;
    int height = CH_TOP + (s->nlevels - 1) * CH_ROW + CH_BOTTOM;
    char first[MONTH_LEN], last[MONTH_LEN];
    month_format(m0, first);
    month_format(m1, last);

    html_printf(b,
                "<figure class=\"dialturn-chart\">\n"
                "<div class=\"dialturn-chart__scroll\" role=\"region\" tabindex=\"0\" "
                "aria-label=\"Chart: %h\">\n"
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                "focusable=\"false\" aria-labelledby=\"rating-chart-title rating-chart-desc\" "
                "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">\n"
                "<title id=\"rating-chart-title\">%h</title>\n"
                "<desc id=\"rating-chart-desc\">",
                subject, CH_WIDTH, height, CH_WIDTH, height, subject);
    html_printf(b, "%zu %s from ", n, n == 1 ? "rating" : "ratings");
    view_month(b, first);
    html_printf(b, " (%h) to ", s->levels[p[0].level].label);
    view_month(b, last);
    html_printf(b, " (%h). The table below gives each month's rating.</desc>\n",
                s->levels[p[n - 1].level].label);
    render_axes(b, s, m0, m1, height);

    if (n > 1) {
        html_printf(b,
                    "<path class=\"chart__line\" fill=\"none\" stroke=\"#0b0c0c\" "
                    "stroke-width=\"3\" d=\"M%d %d",
                    x_of(p[0].month, m0, m1), y_of(p[0].level));
        for (size_t i = 1; i < n; i++)
            html_printf(b, " H%d V%d", x_of(p[i].month, m0, m1), y_of(p[i].level));
        html_printf(b, "\"/>\n");
    }
    /* points shrink when the months crowd together (to 2px at the least) */
    int gap = m1 > m0 ? (CH_WIDTH - CH_LEFT - CH_RIGHT) / (m1 - m0) : CH_ROW;
    int radius = gap >= 16 ? 7 : gap / 2 > 2 ? gap / 2 : 2;
    for (size_t i = 0; i < n; i++) {
        char label[16];
        month_abbrev(p[i].month, label);
        const struct scale_level *lv = &s->levels[p[i].level];
        html_printf(b,
                    "<circle class=\"chart__point\" cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%h\" "
                    "stroke=\"#0b0c0c\" stroke-width=\"2\"><title>%h: %h</title></circle>\n",
                    x_of(p[i].month, m0, m1), y_of(p[i].level), radius, lv->colour, label,
                    lv->label);
    }
    html_printf(b, "</svg>\n</div>\n");
    render_table(b, s, p, n, subject);
    html_printf(b, "</figure>\n");
}

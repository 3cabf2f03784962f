/* view_chart_trend.c — a measure's trend as SVG, and the number formats the
 * measure pages share.
 *
 * The charts are inline SVG that needs no script and no inline style (the
 * CSP forbids it): shapes carry class names for the stylesheet (chart,
 * chart__axis, chart__line, chart__point, chart__target, chart__trajectory,
 * chart__band) and presentation attributes so that they still draw without
 * it.  Lines differ in dash pattern as well as colour, so colour is never the
 * only cue; each chart is role="img" with a <title> and <desc>, and the page
 * gives the numbers again as a table. */
#include "lib/html.h"
#include "model/pub_data.h"
#include "web/view.h"
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The trend chart's drawing area inside its viewBox (0 0 CHART_W CHART_H). */
enum {
    CHART_W = 640,
    CHART_H = 320,
    PAD_L = 72,    /* the least room for the value labels (fit_axes widens it) */
    LABEL_GAP = 6, /* between a value label's end and the drawing area */
    LABEL_EM = 10, /* a label character's width at font-size 14, with room to spare
                      (DejaVu Sans's digits are 8.9; drawn, nearer 9.3) */
    PAD_R = 16,
    PAD_T = 16,
    PAD_B = 88, /* room for the month labels and two rows of legend */
    SPARK_W = 120,
    SPARK_H = 32,
};

void view_format_number(double v, char *out, size_t n)
{
    char raw[64];
    if (!isfinite(v)) {
        snprintf(out, n, "–");
        return;
    }
    if (v == 0)
        v = 0; /* no "-0" */
    snprintf(raw, sizeof raw, "%.10g", v);
    if (strchr(raw, 'e')) { /* huge or tiny: leave as it is */
        snprintf(out, n, "%s", raw);
        return;
    }
    /* group the integer part's digits in threes */
    const char *s = raw;
    size_t o = 0;
    if (*s == '-' && o + 1 < n)
        out[o++] = *s++;
    size_t digits = strspn(s, "0123456789");
    for (size_t i = 0; i < digits && o + 1 < n; i++) {
        if (i > 0 && (digits - i) % 3 == 0 && digits >= 4 && o + 2 < n)
            out[o++] = ',';
        out[o++] = s[i];
    }
    out[o] = '\0';
    snprintf(out + o, n - o, "%s", s + digits);
}

void view_format_value(double v, const char *unit, char *out, size_t n)
{
    char num[64];
    view_format_number(v, num, sizeof num);
    if (!unit || !*unit || strcmp(unit, "count") == 0 || strcmp(unit, "number") == 0) {
        snprintf(out, n, "%s", num);
    } else if (strcmp(unit, "%") == 0) {
        snprintf(out, n, "%s%%", num);
    } else if (strncmp(unit, "£", strlen("£")) == 0) { /* "£k": "£1,450k" */
        const char *neg = num[0] == '-' ? "-" : "";
        snprintf(out, n, "%s£%s%s", neg, num + (num[0] == '-'), unit + strlen("£"));
    } else {
        snprintf(out, n, "%s %s", num, unit);
    }
}

void view_format_day(day_t d, char *out, size_t n)
{
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (d == DAY_NONE) {
        snprintf(out, n, "%s", "");
        return;
    }
    char iso[DATE_LEN];
    date_format(d, iso);
    int m = (iso[5] - '0') * 10 + (iso[6] - '0');
    int day = (iso[8] - '0') * 10 + (iso[9] - '0');
    snprintf(out, n, "%d %s %.4s", day, mon[(m + 11) % 12], iso);
}

/* Formats a coordinate with one decimal into out (for points and lengths). */
static void fmt_coord(double v, char out[24])
{
    snprintf(out, 24, "%.1f", v);
}

/* The chart's scales: days across, values up. */
struct axes {
    day_t x0, x1;     /* first and last day shown */
    double y0, y1;    /* lowest and highest value shown */
    double left, top; /* the drawing area's origin in the viewBox */
    double w, h;      /* and its size */
};

/* x of day d in the viewBox. */
static double ax_x(const struct axes *a, day_t d)
{
    return a->left + (double)(d - a->x0) / (double)(a->x1 - a->x0) * a->w;
}

/* y of value v in the viewBox (values grow upwards). */
static double ax_y(const struct axes *a, double v)
{
    return a->top + a->h - (v - a->y0) / (a->y1 - a->y0) * a->h;
}

/* Widens [lo, hi] to include v. */
static void extend(double *lo, double *hi, double v)
{
    if (v < *lo)
        *lo = v;
    if (v > *hi)
        *hi = v;
}

/* Widens [lo, hi] to include day d (unless DAY_NONE). */
static void extend_day(day_t *lo, day_t *hi, day_t d)
{
    if (d == DAY_NONE)
        return;
    if (*lo == DAY_NONE || d < *lo)
        *lo = d;
    if (*hi == DAY_NONE || d > *hi)
        *hi = d;
}

/* The near band's width: tolerance % of |target − baseline| (rules.h). */
static double tolerance_of(const struct pub_measure *m)
{
    if (!m->has_target || !m->has_baseline)
        return 0;
    return fabs(m->target - m->baseline) * (double)m->tolerance_pct / 100.0;
}

/* A "nice" step (1, 2 or 5 × 10^k) giving about `want` steps over span. */
static double nice_step(double span, int want)
{
    double raw = span / want, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/* The number of value gridlines above the lowest. */
static long tick_count(const struct axes *a, double ystep)
{
    long nticks = lround((a->y1 - a->y0) / ystep); /* about 5 by fit_axes */
    return nticks < 1 || nticks > 20 ? 1 : nticks;
}

/* The label of value gridline i (0 the lowest). */
static void tick_label(const struct axes *a, double ystep, long i, const char *unit, char *out,
                       size_t n)
{
    double v = a->y0 + (double)i * ystep;
    view_format_value(fabs(v) < ystep / 1e6 ? 0 : v, unit, out, n);
}

/* Characters (not bytes) in UTF-8 text. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Fits the axes to everything the chart draws: values, baseline, target and
 * its band, and the dates of all of them. */
static void fit_axes(const struct pub_measure *m, struct axes *a, double *ystep)
{
    day_t x0 = DAY_NONE, x1 = DAY_NONE;
    double lo = HUGE_VAL, hi = -HUGE_VAL, tol = tolerance_of(m);
    for (size_t i = 0; i < m->nvalues; i++) {
        extend_day(&x0, &x1, m->values[i].date);
        extend(&lo, &hi, m->values[i].value);
    }
    if (m->has_baseline) {
        extend_day(&x0, &x1, m->baseline_date);
        extend(&lo, &hi, m->baseline);
    }
    if (m->has_target) {
        extend_day(&x0, &x1, m->target_date);
        extend(&lo, &hi, m->target + (m->up ? -tol : tol));
        extend(&lo, &hi, m->target);
    }
    if (x0 == DAY_NONE)
        x0 = x1 = date_today();
    if (x1 - x0 < 30) { /* one date: give it a month either side */
        x0 -= 15;
        x1 += 15;
    }
    if (!(lo <= hi) || !isfinite(lo) || !isfinite(hi))
        lo = 0, hi = 1;
    if (hi - lo < 1e-9)
        lo -= 1, hi += 1;
    double step = nice_step(hi - lo, 5);
    a->y0 = floor(lo / step) * step;
    a->y1 = ceil(hi / step) * step;
    if (a->y1 - a->y0 < step)
        a->y1 = a->y0 + step;
    a->x0 = x0;
    a->x1 = x1;
    a->top = PAD_T;
    a->h = CHART_H - PAD_T - PAD_B;
    /* the value labels end LABEL_GAP before the drawing area: room for the
       longest ("10.5 days") at the chart's left edge */
    size_t longest = 0;
    for (long i = 0, nticks = tick_count(a, step); i <= nticks; i++) {
        char lbl[64];
        tick_label(a, step, i, m->unit, lbl, sizeof lbl);
        size_t c = utf8_chars(lbl);
        longest = c > longest ? c : longest;
    }
    double need = (double)(LABEL_GAP + 4 + LABEL_EM * longest);
    a->left = need > PAD_L ? need : PAD_L;
    if (a->left > CHART_W / 2) /* a unit too long to fit: keep a drawing area */
        a->left = CHART_W / 2;
    a->w = CHART_W - a->left - PAD_R;
    *ystep = step;
}

/* The axes: value gridlines with labels, month ticks with labels. */
static void draw_axes(struct buf *b, const struct axes *a, double ystep, const char *unit)
{
    char x0[24], x1[24], y[24], lbl[64], t[24];
    fmt_coord(a->left, x0);
    fmt_coord(a->left + a->w, x1);
    html_printf(b,
                "<g class=\"chart__axis\" fill=\"none\" stroke=\"#b1b4b6\" stroke-width=\"1\">\n");
    long nticks = tick_count(a, ystep);
    for (long i = 0; i <= nticks; i++) {
        fmt_coord(ax_y(a, a->y0 + i * ystep), y);
        html_printf(b, "<line x1=\"%h\" y1=\"%h\" x2=\"%h\" y2=\"%h\"/>\n", x0, y, x1, y);
    }
    char bottom[24], top[24];
    fmt_coord(a->top + a->h, bottom);
    fmt_coord(a->top + a->h + 6, top);
    /* month ticks: about eight across the span */
    int m0 = date_month(a->x0), m1 = date_month(a->x1);
    int every = (m1 - m0) / 8 + 1;
    for (int m = m0 + 1; m <= m1; m++) {
        if ((m - (m0 + 1)) % every != 0)
            continue;
        fmt_coord(ax_x(a, month_first_day(m)), t);
        html_printf(b, "<line x1=\"%h\" y1=\"%h\" x2=\"%h\" y2=\"%h\"/>\n", t, bottom, t, top);
    }
    html_printf(b, "<line x1=\"%h\" y1=\"%h\" x2=\"%h\" y2=\"%h\" stroke=\"#0b0c0c\"/>\n", x0,
                bottom, x1, bottom);
    html_printf(b, "</g>\n<g class=\"chart__axis\" fill=\"#0b0c0c\" font-size=\"14\">\n");
    for (long i = 0; i <= nticks; i++) {
        fmt_coord(ax_y(a, a->y0 + (double)i * ystep) + 4, y);
        fmt_coord(a->left - LABEL_GAP, t);
        tick_label(a, ystep, i, unit, lbl, sizeof lbl);
        html_printf(b, "<text x=\"%h\" y=\"%h\" text-anchor=\"end\">%h</text>\n", t, y, lbl);
    }
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    fmt_coord(a->top + a->h + 20, y);
    for (int m = m0 + 1; m <= m1; m++) {
        if ((m - (m0 + 1)) % every != 0)
            continue;
        fmt_coord(ax_x(a, month_first_day(m)), t);
        char label[16];
        snprintf(label, sizeof label, "%s %02d", mon[m % 12], (m / 12) % 100);
        /* a label centred near the right edge would be cut off: end it there */
        bool edge = ax_x(a, month_first_day(m)) > CHART_W - PAD_R - 24;
        html_printf(b, "<text x=\"%h\" y=\"%h\" text-anchor=\"%h\">%h</text>\n", t, y,
                    edge ? "end" : "middle", label);
    }
    html_printf(b, "</g>\n");
}

/* The legend under the axis: a sample of each line style and its name. */
static void draw_legend(struct buf *b, const struct pub_measure *m)
{
    struct item {
        const char *cls, *stroke, *dash, *text;
        bool show;
    } items[] = {
        {"chart__line", "#1d70b8", "", "Actual values", true},
        {"chart__trajectory", "#505a5f", "6 4", "Planned trajectory",
         m->has_baseline && m->has_target && m->baseline_date != DAY_NONE &&
             m->target_date != DAY_NONE},
        {"chart__target", "#00703c", "2 3", "Target", m->has_target},
    };
    /* items flow left to right and wrap to a second row within the viewBox
       (about 8 units a character at font-size 14) */
    int x = PAD_L, row = CHART_H - 36;
    html_printf(b, "<g class=\"chart__legend\" font-size=\"14\" fill=\"#0b0c0c\">\n");
    for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
        if (!items[i].show)
            continue;
        int w = 30 + 8 * (int)strlen(items[i].text);
        if (x > PAD_L && x + w > CHART_W - PAD_R)
            x = PAD_L, row += 22;
        html_printf(b,
                    "<line class=\"%h\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%h\" "
                    "stroke-width=\"2\" stroke-dasharray=\"%h\"/>"
                    "<text x=\"%d\" y=\"%d\">%h</text>\n",
                    items[i].cls, x, row - 4, x + 24, row - 4, items[i].stroke,
                    items[i].dash[0] ? items[i].dash : "none", x + 30, row, items[i].text);
        x += w + 24;
    }
    if (m->has_target && m->has_baseline && m->tolerance_pct > 0) {
        static const char band[] = "Near target (tolerance)";
        if (x > PAD_L && x + 30 + 8 * (int)strlen(band) > CHART_W - PAD_R)
            x = PAD_L, row += 22;
        html_printf(b,
                    "<rect class=\"chart__band\" x=\"%d\" y=\"%d\" width=\"24\" height=\"10\" "
                    "fill=\"#00703c\" fill-opacity=\"0.15\"/><text x=\"%d\" y=\"%d\">%h</text>\n",
                    x, row - 9, x + 30, row, band);
    }
    html_printf(b, "</g>\n");
}

/* The target line, the tolerance band on its worse side, and the planned
 * trajectory from the baseline to the target. */
static void draw_plan(struct buf *b, const struct pub_measure *m, const struct axes *a)
{
    char x0[24], x1[24], y0[24], y1[24], h[24];
    fmt_coord(a->left, x0);
    fmt_coord(a->left + a->w, x1);
    if (!m->has_target)
        return;
    double tol = tolerance_of(m);
    if (tol > 0) {
        double edge = m->up ? m->target - tol : m->target + tol;
        double top = ax_y(a, fmax(edge, m->target)), bottom = ax_y(a, fmin(edge, m->target));
        fmt_coord(top, y0);
        fmt_coord(bottom - top, h);
        char w[24];
        fmt_coord(a->w, w);
        html_printf(b,
                    "<rect class=\"chart__band\" x=\"%h\" y=\"%h\" width=\"%h\" height=\"%h\" "
                    "fill=\"#00703c\" fill-opacity=\"0.15\"/>\n",
                    x0, y0, w, h);
    }
    fmt_coord(ax_y(a, m->target), y0);
    html_printf(b,
                "<line class=\"chart__target\" x1=\"%h\" y1=\"%h\" x2=\"%h\" y2=\"%h\" "
                "stroke=\"#00703c\" stroke-width=\"2\" stroke-dasharray=\"2 3\"/>\n",
                x0, y0, x1, y0);
    if (m->has_baseline && m->baseline_date != DAY_NONE && m->target_date != DAY_NONE) {
        fmt_coord(ax_x(a, m->baseline_date), x0);
        fmt_coord(ax_y(a, m->baseline), y0);
        fmt_coord(ax_x(a, m->target_date), x1);
        fmt_coord(ax_y(a, m->target), y1);
        html_printf(b,
                    "<line class=\"chart__trajectory\" x1=\"%h\" y1=\"%h\" x2=\"%h\" y2=\"%h\" "
                    "stroke=\"#505a5f\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n",
                    x0, y0, x1, y1);
    }
}

/* The values: one polyline and a point per value, each point with a
 * <title> naming its date and value (a tooltip for pointer users). */
static void draw_values(struct buf *b, const struct pub_measure *m, const struct axes *a)
{
    char x[24], y[24], day[24], val[64];
    if (m->nvalues == 0)
        return;
    html_printf(b, "<polyline class=\"chart__line\" fill=\"none\" stroke=\"#1d70b8\" "
                   "stroke-width=\"3\" points=\"");
    for (size_t i = 0; i < m->nvalues; i++) {
        fmt_coord(ax_x(a, m->values[i].date), x);
        fmt_coord(ax_y(a, m->values[i].value), y);
        html_printf(b, "%h%h,%h", i ? " " : "", x, y);
    }
    html_printf(b, "\"/>\n");
    for (size_t i = 0; i < m->nvalues; i++) {
        fmt_coord(ax_x(a, m->values[i].date), x);
        fmt_coord(ax_y(a, m->values[i].value), y);
        view_format_day(m->values[i].date, day, sizeof day);
        view_format_value(m->values[i].value, m->unit, val, sizeof val);
        html_printf(b,
                    "<circle class=\"chart__point\" cx=\"%h\" cy=\"%h\" r=\"4\" "
                    "fill=\"#1d70b8\"><title>%h: %h</title></circle>\n",
                    x, y, day, val);
    }
}

void view_chart_trend(struct buf *b, const struct pub_measure *m)
{
    struct axes a;
    double ystep;
    char base[64] = "", target[64] = "", latest[64] = "", d1[24], d2[24];
    fit_axes(m, &a, &ystep);

    if (m->has_baseline) {
        view_format_value(m->baseline, m->unit, base, sizeof base);
        view_format_day(m->baseline_date, d1, sizeof d1);
    }
    if (m->has_target) {
        view_format_value(m->target, m->unit, target, sizeof target);
        view_format_day(m->target_date, d2, sizeof d2);
    }
    html_printf(b,
                "<svg class=\"chart chart--trend\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
                "role=\"img\" aria-labelledby=\"chart-title chart-desc\" focusable=\"false\" "
                "xmlns=\"http://www.w3.org/2000/svg\">\n"
                "<title id=\"chart-title\">%h: values over time against the planned "
                "trajectory</title>\n<desc id=\"chart-desc\">",
                CHART_W, CHART_H, m->title);
    if (m->has_baseline)
        html_printf(b, "Baseline %h%h%h. ", base, m->baseline_date != DAY_NONE ? " on " : "",
                    m->baseline_date != DAY_NONE ? d1 : "");
    if (m->has_target)
        html_printf(b, "Target %h%h%h. ", target, m->target_date != DAY_NONE ? " by " : "",
                    m->target_date != DAY_NONE ? d2 : "");
    const struct pub_value *last = pub_measure_latest(m);
    if (last) {
        view_format_value(last->value, m->unit, latest, sizeof latest);
        view_format_day(last->date, d1, sizeof d1);
        html_printf(b, "%zu values; the latest is %h on %h. ", m->nvalues, latest, d1);
    } else {
        html_printf(b, "No values reported yet. ");
    }
    html_printf(b, "The table below gives every value.</desc>\n");
    draw_axes(b, &a, ystep, m->unit);
    draw_plan(b, m, &a);
    draw_values(b, m, &a);
    draw_legend(b, m);
    html_printf(b, "</svg>\n");
}

void view_sparkline(struct buf *b, const struct pub_measure *m)
{
    if (m->nvalues == 0) {
        html_printf(b, "<span class=\"govuk-body-s\">No data</span>");
        return;
    }
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (size_t i = 0; i < m->nvalues; i++)
        extend(&lo, &hi, m->values[i].value);
    if (m->has_target)
        extend(&lo, &hi, m->target);
    if (hi - lo < 1e-9)
        lo -= 1, hi += 1;
    day_t x0 = m->values[0].date, x1 = m->values[m->nvalues - 1].date;
    if (x1 == x0)
        x0 -= 1, x1 += 1;
    struct axes a = {x0, x1, lo, hi, 2, 3, SPARK_W - 4, SPARK_H - 6};
    char first[64], last[64], d0[24], d1[24], x[24], y[24], x2[24];
    view_format_value(m->values[0].value, m->unit, first, sizeof first);
    view_format_value(m->values[m->nvalues - 1].value, m->unit, last, sizeof last);
    view_format_day(m->values[0].date, d0, sizeof d0);
    view_format_day(m->values[m->nvalues - 1].date, d1, sizeof d1);
    html_printf(b,
                "<svg class=\"chart chart--spark\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                "height=\"%d\" role=\"img\" aria-labelledby=\"spark-%h\" focusable=\"false\" "
                "xmlns=\"http://www.w3.org/2000/svg\">"
                "<title id=\"spark-%h\">Trend of %h: %zu %h from %h (%h) to %h (%h)</title>",
                SPARK_W, SPARK_H, SPARK_W, SPARK_H, m->ref, m->ref, m->ref, m->nvalues,
                m->nvalues == 1 ? "value" : "values", first, d0, last, d1);
    if (m->has_target) {
        fmt_coord(ax_y(&a, m->target), y);
        fmt_coord(a.left + a.w, x2);
        html_printf(b,
                    "<line class=\"chart__target\" x1=\"2\" y1=\"%h\" x2=\"%h\" y2=\"%h\" "
                    "stroke=\"#00703c\" stroke-width=\"1\" stroke-dasharray=\"2 2\"/>",
                    y, x2, y);
    }
    html_printf(b, "<polyline class=\"chart__line\" fill=\"none\" stroke=\"#1d70b8\" "
                   "stroke-width=\"2\" points=\"");
    for (size_t i = 0; i < m->nvalues; i++) {
        fmt_coord(ax_x(&a, m->values[i].date), x);
        fmt_coord(ax_y(&a, m->values[i].value), y);
        html_printf(b, "%h%h,%h", i ? " " : "", x, y);
    }
    fmt_coord(ax_x(&a, m->values[m->nvalues - 1].date), x);
    fmt_coord(ax_y(&a, m->values[m->nvalues - 1].value), y);
    html_printf(b,
                "\"/><circle class=\"chart__point\" cx=\"%h\" cy=\"%h\" r=\"2.5\" "
                "fill=\"#1d70b8\"/></svg>",
                x, y);
}

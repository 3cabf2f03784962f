/* report_pdf.c — the monthly report and the reports to the Secretary of
 * State typeset as PDFs (report.h), with the typesetting the PDFs share
 * (pdf_doc.h): A4, a running header, a first page with the title, the
 * record's seal and the contents (links with page numbers), each section an
 * entry of the outline, the PDF tagged (pdf_doc.h: headings, paragraphs,
 * tables, the charts as figures).  The measures' trend charts are drawn as
 * paths, so they stay vectors.  The
 * title, author and creation date (the month's sign-off or the report's
 * publication, never the moment this ran, so the same record gives the same
 * bytes) are the document's metadata. */
#include "model/report.h"
#include "lib/markdown.h"
#include "model/pdf_doc.h"
#include <stdio.h>
#include <string.h>

_Static_assert(RS__MAX <= PDF_MARKS, "a mark for each section");

static void section(struct pdf *p, enum report_section s)
{
    pdf_doc_section(p, report_section_title(s));
}

static void fmt_date(char out[DATE_LEN], day_t d)
{
    if (d == DAY_NONE)
        snprintf(out, DATE_LEN, "not set");
    else
        date_format(d, out);
}

/* --- the sections --------------------------------------------------------------------- */

static void count_text(char *out, size_t n, size_t now, size_t prev, bool hp)
{
    if (hp && now != prev)
        snprintf(out, n, "%zu (%+ld)", now, (long)now - (long)prev);
    else
        snprintf(out, n, "%zu", now);
}

static void headline_row(struct pdf *p, const struct pdf_table *t, const struct report *r,
                         const char *label, const struct report_counts *now,
                         const struct report_counts *prev, bool hp, enum pdf_font f)
{
    char cells[16][32];
    const char *cp[16];
    size_t k = 0;
    cp[k++] = label;
    snprintf(cells[k], sizeof cells[k], "%zu", now->actions);
    cp[k] = cells[k], k++;
    for (int s = 0; s < ST__MAX; s++, k++)
        count_text(cells[k], sizeof cells[k], now->by_status[s], prev->by_status[s], hp),
            cp[k] = cells[k];
    for (int l = 0; l < r->scale->nlevels && k < 15; l++, k++)
        count_text(cells[k], sizeof cells[k], now->by_level[l], prev->by_level[l], hp),
            cp[k] = cells[k];
    count_text(cells[k], sizeof cells[k], now->unrated, prev->unrated, hp);
    cp[k] = cells[k];
    pdf_row(p, t, cp, f, false);
}

static void pdf_headline(struct pdf *p, const struct report *r)
{
    static const char *const st[ST__MAX] = {"Not started", "In progress", "Complete", "Blocked",
                                            "Retired"};
    bool hp = r->prev_month[0] != '\0';
    char text[256];
    section(p, RS_HEADLINE);
    if (hp)
        snprintf(text, sizeof text,
                 "Actions by status and by confidence at the end of the month, with the change "
                 "since the report of %s in brackets.",
                 r->prev_month);
    else
        snprintf(text, sizeof text,
                 "Actions by status and by confidence at the end of the "
                 "month (the first report: nothing to compare with).");
    pdf_para(p, text, F_BODY);
    size_t ncols = 2 + ST__MAX + (size_t)r->scale->nlevels + 1;
    double w[16];
    const char *head[16];
    w[0] = 0.2;
    head[0] = "Theme";
    w[1] = 0.07;
    head[1] = "Actions";
    double rest = (1.0 - 0.27) / (double)(ncols - 2);
    for (size_t i = 2; i < ncols; i++)
        w[i] = rest;
    for (int s = 0; s < ST__MAX; s++)
        head[2 + s] = st[s];
    for (int l = 0; l < r->scale->nlevels; l++)
        head[2 + ST__MAX + l] = r->scale->levels[l].label;
    head[ncols - 1] = "Not rated";
    struct pdf_table t = {ncols, w, head, ~1u, F_TINY_BOLD};
    pdf_table_begin(p, &t);
    for (size_t i = 0; i < r->nthemes; i++) {
        char label[512];
        snprintf(label, sizeof label, "%s %s", r->themes[i].ref, r->themes[i].title);
        headline_row(p, &t, r, label, &r->themes[i].now, &r->themes[i].prev,
                     hp && r->themes[i].in_prev, F_TINY);
    }
    headline_row(p, &t, r, "All themes", &r->total, &r->total_prev, hp, F_TINY_BOLD);
    pdf_table_end(p);
    const size_t *mv = r->total.movement;
    snprintf(text, sizeof text,
             "Confidence this month: %zu improved, %zu declined, %zu unchanged, %zu rated for the "
             "first time, %zu without a rated update.",
             mv[MV_IMPROVED], mv[MV_DECLINED], mv[MV_UNCHANGED], mv[MV_NEW], mv[MV_MISSING]);
    pdf_para(p, text, F_BODY);
}

static void pdf_recs(struct pdf *p, const struct report *r)
{
    static const double w[] = {0.5, 0.25, 0.25};
    static const char *head[] = {"Recommendation", "Actions", "Progress"};
    struct pdf_table t = {3, w, head, 0, F_SMALL_BOLD};
    section(p, RS_RECOMMENDATIONS);
    if (!r->nrecs)
        pdf_para(p, "No review recommendations are recorded.", F_BODY);
    for (size_t i = 0; i < r->nrecs; i++) {
        const struct report_rec *x = &r->recs[i];
        if (i == 0 || strcmp(x->review_ref, r->recs[i - 1].review_ref) != 0) {
            if (i)
                pdf_table_end(p);
            pdf_subheading(p, x->review_title);
            pdf_table_begin(p, &t);
        }
        struct buf a = BUF_INIT, b = BUF_INIT;
        buf_printf(&a, "%s %s%s", x->ref, x->text, x->covered ? "" : " (not answered)");
        buf_printf(&b, "%zu of %zu complete", x->by_status[ST_COMPLETE], x->answers);
        if (x->by_status[ST_IN_PROGRESS])
            buf_printf(&b, ", %zu in progress", x->by_status[ST_IN_PROGRESS]);
        if (x->by_status[ST_BLOCKED])
            buf_printf(&b, ", %zu blocked", x->by_status[ST_BLOCKED]);
        if (x->by_status[ST_NOT_STARTED])
            buf_printf(&b, ", %zu not started", x->by_status[ST_NOT_STARTED]);
        if (x->by_status[ST_RETIRED])
            buf_printf(&b, ", %zu retired", x->by_status[ST_RETIRED]);
        const char *cells[] = {buf_str(&a), x->actions, buf_str(&b)};
        pdf_row(p, &t, cells, F_SMALL, false);
        buf_free(&a);
        buf_free(&b);
    }
    if (r->nrecs)
        pdf_table_end(p);
}

static void pdf_red_line(struct pdf *p, const struct report *r)
{
    char text[256];
    const char *low = r->scale->levels[r->scale->nlevels - 1].label;
    section(p, RS_RED_LINE);
    if (!r->red_line.n)
        snprintf(text, sizeof text, "No action was rated %s this month.", low);
    else
        snprintf(text, sizeof text, "%zu actions were rated %s this month.", r->red_line.n, low);
    pdf_para(p, text, F_BODY);
    for (size_t i = 0; i < r->red_line.n; i++) {
        const struct report_action *a = &r->red_line.v[i];
        struct buf b = BUF_INIT;
        buf_printf(&b, "%s %s", a->ref, a->title);
        pdf_subheading(p, buf_str(&b));
        buf_reset(&b);
        buf_printf(&b, "Owner: %s. Previous report: %s.", a->owner[0] ? a->owner : "none named",
                   report_level_label(r->scale, a->prev_level));
        pdf_para(p, buf_str(&b), F_SMALL);
        buf_reset(&b);
        markdown_text(&b, a->narrative);
        pdf_para(p, buf_str(&b), F_BODY);
        buf_free(&b);
    }
}

static void pdf_assurance(struct pdf *p, const struct report *r)
{
    static const double w[] = {0.5, 0.15, 0.2, 0.15};
    static const char *head[] = {"Theme or action", "Council", "Panel member", "Panel"};
    struct pdf_table t = {4, w, head, 0, F_SMALL_BOLD};
    section(p, RS_ASSURANCE);
    if (!r->nassurance) {
        pdf_para(p, "No rating by the panel differed from the council's this month.", F_BODY);
        return;
    }
    pdf_table_begin(p, &t);
    for (size_t i = 0; i < r->nassurance; i++) {
        const struct report_assurance *a = &r->assurance[i];
        struct buf label = BUF_INIT;
        buf_printf(&label, "%s %s", a->ref, a->title);
        const char *cells[] = {buf_str(&label), report_level_label(r->scale, a->council), a->member,
                               report_level_label(r->scale, a->panel)};
        pdf_row(p, &t, cells, F_SMALL, false);
        buf_free(&label);
    }
    pdf_table_end(p);
}

static void action_table(struct pdf *p, const struct report_list *l, enum report_count c)
{
    static const double w4[] = {0.46, 0.24, 0.15, 0.15};
    static const double w5[] = {0.34, 0.2, 0.16, 0.16, 0.14};
    const char *days = report_days_heading(c);
    const char *head[] = {"Action", "Owner", report_action_date_heading(c), "Forecast", days};
    struct pdf_table t = {days ? 5 : 4, days ? w5 : w4, head, days ? 1u << 4 : 0, F_SMALL_BOLD};
    pdf_table_begin(p, &t);
    for (size_t i = 0; i < l->n; i++) {
        const struct report_action *a = &l->v[i];
        char label[600], f[DATE_LEN], fc[DATE_LEN], d[16];
        snprintf(label, sizeof label, "%s %s", a->ref, a->title);
        fmt_date(f, report_action_date(a, c));
        fmt_date(fc, a->forecast);
        snprintf(d, sizeof d, "%d", a->days);
        const char *cells[] = {label, a->owner, f, fc, d};
        pdf_row(p, &t, cells, F_SMALL, false);
    }
    pdf_table_end(p);
}

static void pdf_late(struct pdf *p, const struct report *r)
{
    char text[128];
    section(p, RS_NOT_REPORTED);
    if (!r->not_reported.n)
        pdf_para(p, "Every action due to report did so.", F_BODY);
    else {
        snprintf(text, sizeof text, "%zu actions had no accepted update this month.",
                 r->not_reported.n);
        pdf_para(p, text, F_BODY);
        action_table(p, &r->not_reported, RC_NONE);
    }
    section(p, RS_LATE);
    pdf_subheading(p, "Overdue actions");
    if (!r->overdue.n)
        pdf_para(p, "No action is overdue.", F_BODY);
    else
        action_table(p, &r->overdue, RC_OVERDUE);
    pdf_subheading(p, "Slipped actions");
    if (!r->slipped.n)
        pdf_para(p, "No action's forecast is later than its baseline.", F_BODY);
    else
        action_table(p, &r->slipped, RC_SLIPPED);
}

static void ms_table(struct pdf *p, const struct report_ms_list *l, enum report_count c)
{
    static const double w[] = {0.38, 0.11, 0.17, 0.17, 0.17};
    const char *days = report_days_heading(c);
    const char *head[] = {"Milestone", "Action", "Baseline", report_ms_date_heading(c),
                          days ? days : "Achieved"};
    struct pdf_table t = {5, w, head, days ? 1u << 4 : 0, F_SMALL_BOLD};
    pdf_table_begin(p, &t);
    for (size_t i = 0; i < l->n; i++) {
        const struct report_milestone *m = &l->v[i];
        char label[600], b[DATE_LEN], d[DATE_LEN], last[DATE_LEN];
        snprintf(label, sizeof label, "%s %s", m->ref, m->title);
        fmt_date(b, m->baseline_due);
        fmt_date(d, report_ms_date(m, c));
        if (days)
            snprintf(last, sizeof last, "%d", m->days);
        else
            fmt_date(last, m->achieved_on);
        const char *cells[] = {label, m->action_ref, b, d, last};
        pdf_row(p, &t, cells, F_SMALL, false);
    }
    pdf_table_end(p);
}

static void pdf_milestones(struct pdf *p, const struct report *r)
{
    section(p, RS_MILESTONES);
    pdf_subheading(p, "Met since the last report");
    if (!r->ms_met.n)
        pdf_para(p, "No milestone was met.", F_BODY);
    else
        ms_table(p, &r->ms_met, RC_NONE);
    pdf_subheading(p, "Overdue milestones");
    if (!r->ms_overdue.n)
        pdf_para(p, "No milestone is overdue.", F_BODY);
    else
        ms_table(p, &r->ms_overdue, RC_OVERDUE);
    pdf_subheading(p, "Slipped milestones");
    if (!r->ms_slipped.n)
        pdf_para(p, "No milestone has slipped.", F_BODY);
    else
        ms_table(p, &r->ms_slipped, RC_SLIPPED);
}

/* A measure's values as a small line chart (paths: vectors) in the box at
 * (x, y, w, h), with its baseline and target as dashed lines and the planned
 * trajectory dotted. */
static void chart(struct pdf *p, const struct pub_measure *m, double x, double y, double w,
                  double h)
{
    if (!m->nvalues)
        return;
    double lo = m->values[0].value, hi = lo;
    for (size_t i = 0; i < m->nvalues; i++) {
        lo = m->values[i].value < lo ? m->values[i].value : lo;
        hi = m->values[i].value > hi ? m->values[i].value : hi;
    }
    if (m->has_target) {
        lo = m->target < lo ? m->target : lo;
        hi = m->target > hi ? m->target : hi;
    }
    if (m->has_baseline) {
        lo = m->baseline < lo ? m->baseline : lo;
        hi = m->baseline > hi ? m->baseline : hi;
    }
    if (hi - lo < 1e-9)
        hi = lo + 1;
    day_t d0 = m->values[0].date, d1 = m->values[m->nvalues - 1].date;
    if (d1 <= d0)
        d1 = d0 + 1;
#define CX(d) (x + 4 + (w - 8) * (double)((d)-d0) / (double)(d1 - d0))
#define CY(v) (y + h - 4 - (h - 8) * ((v)-lo) / (hi - lo))
    if (p->measuring)
        return;
    pdf_tag_begin(p, "Figure", NULL);
    cairo_t *cr = p->cr;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.95, 0.95, 0.95);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    double dash[] = {3, 2};
    cairo_set_line_width(cr, 0.8);
    if (m->has_target) {
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_source_rgb(cr, 0.0, 0.44, 0.24);
        cairo_move_to(cr, x, CY(m->target));
        cairo_line_to(cr, x + w, CY(m->target));
        cairo_stroke(cr);
    }
    if (m->has_baseline) {
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
        cairo_move_to(cr, x, CY(m->baseline));
        cairo_line_to(cr, x + w, CY(m->baseline));
        cairo_stroke(cr);
    }
    /* the planned trajectory over the chart's dates: straight from the
     * baseline to the target, flat after the target's date */
    double p0, p1, pt;
    if (pub_measure_planned(m, d0 > m->baseline_date ? d0 : m->baseline_date, &p0) &&
        pub_measure_planned(m, d1, &p1)) {
        day_t s = d0 > m->baseline_date ? d0 : m->baseline_date;
        double dot[] = {1.5, 1.5};
        cairo_set_dash(cr, dot, 2, 0);
        cairo_set_line_width(cr, 1.0);
        cairo_set_source_rgb(cr, 0.31, 0.35, 0.37);
        cairo_move_to(cr, CX(s), CY(p0));
        if (m->target_date > s && m->target_date < d1 &&
            pub_measure_planned(m, m->target_date, &pt))
            cairo_line_to(cr, CX(m->target_date), CY(pt));
        cairo_line_to(cr, CX(d1), CY(p1));
        cairo_stroke(cr);
    }
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_width(cr, 1.5);
    cairo_set_source_rgb(cr, 0.11, 0.44, 0.72);
    for (size_t i = 0; i < m->nvalues; i++) {
        if (i == 0)
            cairo_move_to(cr, CX(m->values[i].date), CY(m->values[i].value));
        else
            cairo_line_to(cr, CX(m->values[i].date), CY(m->values[i].value));
    }
    cairo_stroke(cr);
    for (size_t i = 0; i < m->nvalues; i++) {
        cairo_arc(cr, CX(m->values[i].date), CY(m->values[i].value), 1.6, 0, 6.2832);
        cairo_fill(cr);
    }
    cairo_restore(cr);
    pdf_tag_end(p, "Figure");
#undef CX
#undef CY
}

static void pdf_measures(struct pdf *p, const struct report *r)
{
    static const char *const state[] = {"on target", "near target", "off target", "no data"};
    section(p, RS_MEASURES);
    if (!r->measures.n)
        pdf_para(p, "No measures are recorded.", F_BODY);
    for (size_t i = 0; i < r->measures.n; i++) {
        const struct pub_measure *m = &r->measures.v[i];
        const struct pub_value *last = pub_measure_latest(m);
        struct buf b = BUF_INIT;
        buf_printf(&b, "%s %s", m->ref, m->title);
        double th = pdf_measure(p, buf_str(&b), F_BOLD, PDF_TEXT_W * 0.62);
        buf_reset(&b);
        buf_printf(&b, "Baseline: ");
        if (m->has_baseline)
            buf_printf(&b, "%g %s", m->baseline, m->unit);
        else
            buf_puts(&b, "not set");
        buf_puts(&b, "\nTarget: ");
        if (m->has_target)
            buf_printf(&b, "%g %s", m->target, m->unit);
        else
            buf_puts(&b, "not set");
        buf_puts(&b, "\nLatest: ");
        if (last) {
            char d[DATE_LEN];
            date_format(last->date, d);
            buf_printf(&b, "%g %s (%s)", last->value, m->unit, d);
        } else
            buf_puts(&b, "no data");
        buf_puts(&b, "\nTrajectory: ");
        pub_measure_trajectory_text(m, &b);
        buf_printf(&b, "\nStatus: %s", state[m->state <= MS_NO_DATA ? m->state : MS_NO_DATA]);
        double fh = pdf_measure(p, buf_str(&b), F_SMALL, PDF_TEXT_W * 0.62);
        double h = th + fh + 4 > 64 ? th + fh + 4 : 64;
        pdf_room(p, h + 8);
        double y0 = p->y;
        struct buf t = BUF_INIT;
        buf_printf(&t, "%s %s", m->ref, m->title);
        pdf_measure(p, buf_str(&t), F_BOLD, PDF_TEXT_W * 0.62);
        pdf_show(p, PDF_MARGIN, y0);
        pdf_measure(p, buf_str(&b), F_SMALL, PDF_TEXT_W * 0.62);
        pdf_show(p, PDF_MARGIN, y0 + th + 2);
        chart(p, m, PDF_MARGIN + PDF_TEXT_W * 0.66, y0, PDF_TEXT_W * 0.34, 60);
        p->y = y0 + h + 8;
        buf_free(&t);
        buf_free(&b);
    }
}

static void pdf_list(struct pdf *p, const char *heading, const struct report_list *l)
{
    pdf_subheading(p, heading);
    if (!l->n) {
        pdf_para(p, "None.", F_BODY);
        return;
    }
    for (size_t i = 0; i < l->n; i++) {
        struct buf b = BUF_INIT;
        buf_printf(&b, "• %s %s", l->v[i].ref, l->v[i].title);
        if (l->v[i].note)
            buf_printf(&b, ": %s", l->v[i].note);
        pdf_para(p, buf_str(&b), F_SMALL);
        buf_free(&b);
    }
}

static void pdf_changes(struct pdf *p, const struct report *r)
{
    section(p, RS_CHANGES);
    if (!r->prev_month[0]) {
        pdf_para(p, "This is the first report: the plan is as signed off.", F_BODY);
        return;
    }
    char text[128];
    snprintf(text, sizeof text, "Since the report of %s.", r->prev_month);
    pdf_para(p, text, F_BODY);
    pdf_subheading(p, "Plan versions signed off");
    if (!r->nversions)
        pdf_para(p, "None.", F_BODY);
    for (size_t i = 0; i < r->nversions; i++) {
        struct buf b = BUF_INIT;
        char d[DATE_LEN];
        fmt_date(d, r->versions[i].signed_off_on);
        buf_printf(&b, "• Version %d: %s, signed off %s", r->versions[i].number,
                   r->versions[i].title, d);
        pdf_para(p, buf_str(&b), F_SMALL);
        buf_free(&b);
    }
    pdf_list(p, "Actions added", &r->added);
    pdf_list(p, "Actions retired", &r->retired);
    pdf_list(p, "Actions re-dated", &r->redated);
}

/* Pages 2 on, recorded. */
static void body(struct pdf *p, const void *arg)
{
    const struct report *r = arg;
    section(p, RS_STATEMENT);
    if (r->statement && *r->statement) {
        struct buf b = BUF_INIT;
        markdown_text(&b, r->statement);
        pdf_para(p, buf_str(&b), F_BODY);
        buf_free(&b);
    } else
        pdf_para(p, "No covering statement was written for this month.", F_BODY);
    pdf_headline(p, r);
    pdf_recs(p, r);
    pdf_red_line(p, r);
    pdf_assurance(p, r);
    pdf_late(p, r);
    pdf_milestones(p, r);
    pdf_measures(p, r);
    pdf_changes(p, r);
}

/* One monthly section, as body() draws it. */
static void pdf_section(struct pdf *p, const struct report *r, enum report_section s)
{
    switch (s) {
    case RS_HEADLINE:
        pdf_headline(p, r);
        break;
    case RS_RECOMMENDATIONS:
        pdf_recs(p, r);
        break;
    case RS_RED_LINE:
        pdf_red_line(p, r);
        break;
    case RS_ASSURANCE:
        pdf_assurance(p, r);
        break;
    case RS_NOT_REPORTED:
    case RS_LATE:
        pdf_late(p, r);
        break;
    case RS_MILESTONES:
        pdf_milestones(p, r);
        break;
    case RS_MEASURES:
        pdf_measures(p, r);
        break;
    case RS_CHANGES:
        pdf_changes(p, r);
        break;
    case RS_STATEMENT:
    case RS__MAX:
        break;
    }
}

int report_pdf(struct buf *b, const struct report *r, char *err, size_t errlen)
{
    struct buf title = BUF_INIT, line = BUF_INIT;
    report_title(r, &title);
    char so[DATE_LEN];
    fmt_date(so, r->signed_off_on);
    buf_printf(&line, "Signed off %s. The record of %s: ledger entry %lld, hash %s.", so, r->month,
               (long long)r->head.seq, r->head.hash);
    struct pdf p = {0};
    p.title = buf_str(&title);
    p.org = r->org_name;
    p.front_line = buf_str(&line);
    char date[DATE_LEN];
    date_format(r->signed_off_on != DAY_NONE ? r->signed_off_on : r->end, date);
    int rc = pdf_contents_doc(b, &p, body, r, date, err, errlen);
    buf_free(&title);
    buf_free(&line);
    return rc;
}

/* --- a report to the Secretary of State --------------------------------------------- */

static void doc_body(struct pdf *p, const void *arg)
{
    const struct report_doc *d = arg;
    for (size_t i = 0; i < d->n; i++) {
        const struct report_doc_section *s = &d->v[i];
        pdf_doc_section(p, s->title);
        if (s->assessment_md && *s->assessment_md)
            pdf_markdown(p, s->assessment_md);
        else
            pdf_para(p, "The panel has not written this assessment yet.", F_BODY);
        p->nested = true;
        for (size_t k = 0; k < s->nfigures; k++)
            pdf_section(p, d->r, s->figures[k]);
        p->nested = false;
        if (s->figures_md)
            pdf_markdown(p, s->figures_md);
    }
    if (d->response_md) {
        pdf_doc_section(p, "The Secretary of State's response");
        pdf_markdown(p, d->response_md);
    }
}

int report_pdf_doc(struct buf *b, const struct report_doc *d, char *err, size_t errlen)
{
    struct pdf p = {0};
    p.title = d->title;
    p.org = d->org;
    p.front_line = d->front_line;
    return pdf_contents_doc(b, &p, doc_body, d, d->date, err, errlen);
}

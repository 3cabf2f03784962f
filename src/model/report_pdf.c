/* report_pdf.c — the monthly report typeset as a PDF with cairo and pango
 * (report.h).
 *
 * A4 portrait, 20 mm margins.  The first page has the title, the record's
 * seal and the contents, each entry a link to its section with the page it
 * starts on; every page has a running header (organisation, title, page
 * number).  Each section is an entry in the document's outline, and the
 * contents link to each (by page and position).  Debian 12's cairo (1.16)
 * writes no document structure that survives the recorded pages below, so the
 * PDF is not tagged.  The measures' trend charts are
 * drawn as paths, so they stay vectors.  The title, author and creation date
 * (the month's sign-off, never the moment this ran, so the same record gives
 * the same bytes) are the document's metadata.
 *
 * The text is laid out once: from page 2 on, each page is drawn into a cairo
 * recording surface as it fills, so that the page each section starts on is
 * known when the first page, with the contents, is drawn; the recorded pages
 * are then played into the PDF after it, as vectors and glyphs.  (Laying out
 * twice, once to count pages and once to draw, took 4.8 s of CPU for a plan
 * of 10,000 actions.) */
#include "model/report.h"
#include "lib/markdown.h"
#include "model/pdf_doc.h"
#include <cairo-pdf.h>
#include <stdio.h>
#include <string.h>

_Static_assert(RS__MAX <= PDF_MARKS, "a mark for each section");

static void section(struct pdf *p, enum report_section s)
{
    char text[128];
    snprintf(text, sizeof text, "%d. %s", (int)s + 1, report_section_title(s));
    double h = pdf_measure(p, text, F_H2, PDF_TEXT_W);
    if (pdf_room(p, h + 60))
        pdf_measure(p, text, F_H2, PDF_TEXT_W);
    p->mark_page[s] = p->page;
    p->mark_y[s] = p->y;
    pdf_show(p, PDF_MARGIN, p->y + 6);
    p->y += h + 14;
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

static void action_table(struct pdf *p, const struct report_list *l, const char *days)
{
    static const double w4[] = {0.46, 0.24, 0.15, 0.15};
    static const double w5[] = {0.34, 0.2, 0.16, 0.16, 0.14};
    const char *head[] = {"Action", "Owner", "Planned finish", "Forecast", days};
    struct pdf_table t = {days ? 5 : 4, days ? w5 : w4, head, days ? 1u << 4 : 0, F_SMALL_BOLD};
    pdf_table_begin(p, &t);
    for (size_t i = 0; i < l->n; i++) {
        const struct report_action *a = &l->v[i];
        char label[600], f[DATE_LEN], fc[DATE_LEN], d[16];
        snprintf(label, sizeof label, "%s %s", a->ref, a->title);
        fmt_date(f, a->finish);
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
        action_table(p, &r->not_reported, NULL);
    }
    section(p, RS_LATE);
    pdf_subheading(p, "Overdue actions");
    if (!r->overdue.n)
        pdf_para(p, "No action is overdue.", F_BODY);
    else
        action_table(p, &r->overdue, "Days overdue");
    pdf_subheading(p, "Slipped actions");
    if (!r->slipped.n)
        pdf_para(p, "No action's forecast is later than its baseline.", F_BODY);
    else
        action_table(p, &r->slipped, "Days slipped");
}

static void ms_table(struct pdf *p, const struct report_ms_list *l, const char *days)
{
    static const double w[] = {0.38, 0.11, 0.17, 0.17, 0.17};
    const char *head[] = {"Milestone", "Action", "Baseline", "Due", days ? days : "Achieved"};
    struct pdf_table t = {5, w, head, days ? 1u << 4 : 0, F_SMALL_BOLD};
    pdf_table_begin(p, &t);
    for (size_t i = 0; i < l->n; i++) {
        const struct report_milestone *m = &l->v[i];
        char label[600], b[DATE_LEN], d[DATE_LEN], last[DATE_LEN];
        snprintf(label, sizeof label, "%s %s", m->ref, m->title);
        fmt_date(b, m->baseline_due);
        fmt_date(d, m->due);
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
        ms_table(p, &r->ms_met, NULL);
    pdf_subheading(p, "Overdue milestones");
    if (!r->ms_overdue.n)
        pdf_para(p, "No milestone is overdue.", F_BODY);
    else
        ms_table(p, &r->ms_overdue, "Days overdue");
    pdf_subheading(p, "Slipped milestones");
    if (!r->ms_slipped.n)
        pdf_para(p, "No milestone has slipped.", F_BODY);
    else
        ms_table(p, &r->ms_slipped, "Days slipped");
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

/* The first page: title, seal, contents (links with page numbers). */
static void front(struct pdf *p, const struct report *r)
{
    p->page = 1;
    p->y = PDF_TOP;
    pdf_header(p);
    p->y += 12;
    double h = pdf_measure(p, p->title, F_H1, PDF_TEXT_W);
    pdf_show(p, PDF_MARGIN, p->y);
    p->y += h + 10;
    char so[DATE_LEN];
    fmt_date(so, r->signed_off_on);
    struct buf b = BUF_INIT;
    buf_printf(&b, "Signed off %s. The record of %s: ledger entry %lld, hash %s.", so, r->month,
               (long long)r->head.seq, r->head.hash);
    pdf_para(p, buf_str(&b), F_SMALL);
    buf_free(&b);
    p->y += 8;
    h = pdf_measure(p, "Contents", F_H2, PDF_TEXT_W);
    pdf_show(p, PDF_MARGIN, p->y);
    p->y += h + 8;
    for (int s = 0; s < RS__MAX; s++) {
        char text[128], num[16], dest[64];
        snprintf(text, sizeof text, "%d. %s", s + 1, report_section_title((enum report_section)s));
        snprintf(num, sizeof num, "%d", p->mark_page[s]);
        h = pdf_measure(p, text, F_BODY, PDF_TEXT_W - 40);
        snprintf(dest, sizeof dest, "page=%d pos=[%.0f %.0f]", p->mark_page[s], PDF_MARGIN,
                 p->mark_y[s]);
        cairo_tag_begin(p->cr, CAIRO_TAG_LINK, dest);
        cairo_set_source_rgb(p->cr, 0.11, 0.44, 0.72);
        pdf_show(p, PDF_MARGIN, p->y);
        pdf_measure(p, num, F_BODY, 40);
        pango_layout_set_alignment(p->layout, PANGO_ALIGN_RIGHT);
        pdf_show(p, PDF_MARGIN + PDF_TEXT_W - 40, p->y);
        pango_layout_set_alignment(p->layout, PANGO_ALIGN_LEFT);
        cairo_set_source_rgb(p->cr, 0.04, 0.05, 0.05);
        cairo_tag_end(p->cr, CAIRO_TAG_LINK);
        p->y += h + 4;
    }
    p->y += 12;
}

/* Pages 2 on, recorded. */
static void body(struct pdf *p, const struct report *r)
{
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

int report_pdf(struct buf *b, const struct report *r, char *err, size_t errlen)
{
    struct buf title = BUF_INIT;
    report_title(r, &title);
    struct pdf p = {0};
    p.title = buf_str(&title);
    p.org = r->org_name;
    /* pages 2 on, recorded as they fill */
    pdf_open(&p, pdf_page_surface());
    p.page = 2;
    p.y = PDF_TOP;
    pdf_header(&p);
    body(&p, r);
    p.pages = xgrow(p.pages, p.npages, &p.cappages, sizeof *p.pages);
    p.pages[p.npages++] = p.surf;
    cairo_destroy(p.cr);
    /* the PDF: the first page with the contents, then the recorded pages */
    size_t start = b->len;
    p.surf = cairo_pdf_surface_create_for_stream(pdf_write_buf, b, PDF_PAGE_W, PDF_PAGE_H);
    p.cr = cairo_create(p.surf);
    pango_cairo_update_layout(p.cr, p.layout);
    char when[32];
    char so[DATE_LEN];
    date_format(r->signed_off_on != DAY_NONE ? r->signed_off_on : r->end, so);
    snprintf(when, sizeof when, "%sT00:00:00Z", so);
    pdf_metadata(p.surf, p.title, r->org_name, when);
    for (int s = 0; s < RS__MAX; s++) {
        char text[128], link[64];
        snprintf(text, sizeof text, "%d. %s", s + 1, report_section_title((enum report_section)s));
        snprintf(link, sizeof link, "page=%d pos=[%.0f %.0f]", p.mark_page[s], PDF_MARGIN,
                 p.mark_y[s]);
        cairo_pdf_surface_add_outline(p.surf, CAIRO_PDF_OUTLINE_ROOT, text, link, 0);
    }
    front(&p, r);
    cairo_show_page(p.cr);
    for (size_t i = 0; i < p.npages; i++) {
        cairo_set_source_surface(p.cr, p.pages[i], 0, 0);
        cairo_paint(p.cr);
        cairo_show_page(p.cr);
        cairo_surface_destroy(p.pages[i]);
    }
    free(p.pages);
    cairo_surface_finish(p.surf);
    cairo_status_t st = cairo_surface_status(p.surf);
    pdf_close(&p);
    buf_free(&title);
    if (st != CAIRO_STATUS_SUCCESS) {
        b->len = start;
        snprintf(err, errlen, "making the PDF: %s", cairo_status_to_string(st));
        return -1;
    }
    return 0;
}

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
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#define PAGE_W      595.276 /* A4, points */
#define PAGE_H      841.890
#define MARGIN      56.69           /* 20 mm */
#define TOP         (MARGIN + 22.0) /* below the running header */
#define BOTTOM      (PAGE_H - MARGIN)
#define TEXT_W      (PAGE_W - 2 * MARGIN)
#define CELL_PAD    3.0
#define PDF_MAX_SEC 16 /* sections of a document: the contents and the outline */

enum pdf_font {
    F_BODY,
    F_SMALL,
    F_BOLD,
    F_SMALL_BOLD,
    F_TINY,
    F_TINY_BOLD,
    F_H1,
    F_H2,
    F_H3,
    F__MAX
};

struct pdf {
    cairo_surface_t *surf; /* the PDF (second pass) or a scratch image (first) */
    cairo_t *cr;
    cairo_surface_t **pages; /* the recorded pages 2, 3, ...; owned */
    size_t npages, cappages;
    double sec_y[PDF_MAX_SEC];        /* where on its page each section starts */
    PangoLayout *col[8];              /* one layout per table column, reused */
    double y;                         /* where the next block starts */
    int page;                         /* 1-based */
    const char *title;                /* the running header's text */
    const char *org;                  /* the organisation */
    int sec_page[PDF_MAX_SEC];        /* the page each section starts on (first pass fills) */
    char sec_title[PDF_MAX_SEC][160]; /* "1. Headline", as the contents and outline give it */
    int nsec;                         /* sections so far */
    bool nested;                      /* the monthly sections inside another document: their
                                         headings are subheadings, not sections */
    const char *front_line;           /* the first page's line under the title */
    PangoFontDescription *font[F__MAX];
    PangoLayout *layout; /* one layout, reused for every block */
};

static const char *const font_spec[F__MAX] = {
    [F_BODY] = "DejaVu Sans 9.5",      [F_SMALL] = "DejaVu Sans 8",
    [F_BOLD] = "DejaVu Sans Bold 9.5", [F_SMALL_BOLD] = "DejaVu Sans Bold 8",
    [F_TINY] = "DejaVu Sans 7",        [F_TINY_BOLD] = "DejaVu Sans Bold 7",
    [F_H1] = "DejaVu Sans Bold 20",    [F_H2] = "DejaVu Sans Bold 14",
    [F_H3] = "DejaVu Sans Bold 11",
};

/* Lays out text in font at width w; returns its height. */
static double measure(struct pdf *p, const char *text, enum pdf_font f, double w)
{
    pango_layout_set_font_description(p->layout, p->font[f]);
    pango_layout_set_width(p->layout, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(p->layout, text, -1);
    int lw, lh;
    pango_layout_get_size(p->layout, &lw, &lh);
    return (double)lh / PANGO_SCALE;
}

/* Draws what measure() last laid out, at (x, y). */
static void show(struct pdf *p, double x, double y)
{
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, p->layout);
}

/* The running header: organisation, title and page number, over a rule. */
static void header(struct pdf *p)
{
    char right[32];
    snprintf(right, sizeof right, "Page %d", p->page);
    cairo_set_source_rgb(p->cr, 0.31, 0.35, 0.38);
    measure(p, p->org, F_SMALL, TEXT_W * 0.6);
    show(p, MARGIN, MARGIN - 8);
    double h = measure(p, right, F_SMALL, TEXT_W * 0.3);
    pango_layout_set_alignment(p->layout, PANGO_ALIGN_RIGHT);
    show(p, MARGIN + TEXT_W * 0.7, MARGIN - 8);
    pango_layout_set_alignment(p->layout, PANGO_ALIGN_LEFT);
    measure(p, p->title, F_SMALL, TEXT_W);
    show(p, MARGIN, MARGIN - 8 + h);
    cairo_set_line_width(p->cr, 0.5);
    cairo_move_to(p->cr, MARGIN, TOP - 4);
    cairo_line_to(p->cr, MARGIN + TEXT_W, TOP - 4);
    cairo_stroke(p->cr);
    cairo_set_source_rgb(p->cr, 0.04, 0.05, 0.05);
}

static cairo_surface_t *page_surface(void)
{
    cairo_rectangle_t r = {0, 0, PAGE_W, PAGE_H};
    return cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
}

/* Keeps the page being drawn and starts recording the next. */
static void new_page(struct pdf *p)
{
    p->pages = xgrow(p->pages, p->npages, &p->cappages, sizeof *p->pages);
    p->pages[p->npages++] = p->surf;
    cairo_destroy(p->cr);
    p->surf = page_surface();
    p->cr = cairo_create(p->surf);
    pango_cairo_update_layout(p->cr, p->layout);
    for (size_t c = 0; c < sizeof p->col / sizeof *p->col; c++)
        if (p->col[c])
            pango_cairo_update_layout(p->cr, p->col[c]);
    p->page++;
    p->y = TOP;
    header(p);
}

/* Makes room for h points, starting a page when they do not fit.  Returns
 * whether it did (the new page's header then used the layout). */
static bool room(struct pdf *p, double h)
{
    if (p->y + h > BOTTOM && p->y > TOP) {
        new_page(p);
        return true;
    }
    return false;
}

/* A paragraph of plain text; one longer than the room left goes a line at
 * a time. */
static void para(struct pdf *p, const char *text, enum pdf_font f)
{
    double h = measure(p, text, f, TEXT_W);
    const char *nl = strchr(text, '\n');
    if (h > BOTTOM - p->y && nl) { /* does not fit: one line of the text at a time */
        char *first = g_strndup(text, (gsize)(nl - text));
        para(p, first, f);
        g_free(first);
        p->y -= 6;
        para(p, nl + 1, f);
        return;
    }
    if (room(p, h))
        measure(p, text, f, TEXT_W);
    show(p, MARGIN, p->y);
    p->y += h + 6;
}

static void subheading(struct pdf *p, const char *text)
{
    double h = measure(p, text, F_H3, TEXT_W);
    if (room(p, h + 40)) /* keep a heading with what follows */
        measure(p, text, F_H3, TEXT_W);
    show(p, MARGIN, p->y + 4);
    p->y += h + 10;
}

/* A numbered section of the document: recorded for the contents and the
 * outline. */
static void doc_section(struct pdf *p, const char *title)
{
    if (p->nsec >= PDF_MAX_SEC)
        return;
    char *text = p->sec_title[p->nsec];
    snprintf(text, sizeof p->sec_title[0], "%d. %s", p->nsec + 1, title);
    double h = measure(p, text, F_H2, TEXT_W);
    if (room(p, h + 60))
        measure(p, text, F_H2, TEXT_W);
    p->sec_page[p->nsec] = p->page;
    p->sec_y[p->nsec] = p->y;
    p->nsec++;
    show(p, MARGIN, p->y + 6);
    p->y += h + 14;
}

static void section(struct pdf *p, enum report_section s)
{
    if (p->nested)
        subheading(p, report_section_title(s));
    else
        doc_section(p, report_section_title(s));
}

/* --- tables --------------------------------------------------------------------------- */

struct table {
    size_t ncols;
    const double *w;         /* column widths as fractions of the text width */
    const char **head;       /* column headings */
    unsigned numeric;        /* bit i: column i right-aligned */
    enum pdf_font head_font; /* the heading row's */
};

static double cell_x(const struct table *t, size_t c)
{
    double x = MARGIN;
    for (size_t i = 0; i < c; i++)
        x += t->w[i] * TEXT_W;
    return x;
}

/* Lays the cells of a row out, one layout per column; returns its height. */
static double row_layout(struct pdf *p, const struct table *t, const char *const *cells,
                         enum pdf_font f)
{
    double h = 0;
    for (size_t c = 0; c < t->ncols && c < sizeof p->col / sizeof *p->col; c++) {
        if (!p->col[c]) {
            p->col[c] = pango_layout_new(pango_layout_get_context(p->layout));
            pango_layout_set_wrap(p->col[c], PANGO_WRAP_WORD_CHAR);
        }
        PangoLayout *l = p->col[c];
        pango_layout_set_font_description(l, p->font[f]);
        pango_layout_set_width(l, (int)((t->w[c] * TEXT_W - 2 * CELL_PAD) * PANGO_SCALE));
        pango_layout_set_alignment(l,
                                   t->numeric & (1u << c) ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        pango_layout_set_text(l, cells[c] ? cells[c] : "", -1);
        int lw, lh;
        pango_layout_get_size(l, &lw, &lh);
        if ((double)lh / PANGO_SCALE > h)
            h = (double)lh / PANGO_SCALE;
    }
    return h + 2 * CELL_PAD;
}

/* Draws one row (cells[ncols]) in font f; a page break repeats the heading. */
static void row(struct pdf *p, const struct table *t, const char *const *cells, enum pdf_font f,
                bool is_head)
{
    double h = row_layout(p, t, cells, f);
    if (p->y + h > BOTTOM && p->y > TOP) {
        new_page(p);
        if (!is_head)
            row(p, t, t->head, t->head_font, true);
        h = row_layout(p, t, cells, f);
    }
    for (size_t c = 0; c < t->ncols && c < sizeof p->col / sizeof *p->col; c++) {
        cairo_move_to(p->cr, cell_x(t, c) + CELL_PAD, p->y + CELL_PAD);
        pango_cairo_show_layout(p->cr, p->col[c]);
    }
    cairo_set_line_width(p->cr, is_head ? 1.0 : 0.4);
    cairo_set_source_rgb(p->cr, 0.69, 0.71, 0.72);
    cairo_move_to(p->cr, MARGIN, p->y + h);
    cairo_line_to(p->cr, MARGIN + TEXT_W, p->y + h);
    cairo_stroke(p->cr);
    cairo_set_source_rgb(p->cr, 0.04, 0.05, 0.05);
    p->y += h;
}

static void table_begin(struct pdf *p, const struct table *t)
{
    room(p, 40);
    row(p, t, t->head, t->head_font, true);
}

static void table_end(struct pdf *p)
{
    p->y += 10;
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

static void headline_row(struct pdf *p, const struct table *t, const struct report *r,
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
    row(p, t, cp, f, false);
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
    para(p, text, F_BODY);
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
    struct table t = {ncols, w, head, ~1u, F_TINY_BOLD};
    table_begin(p, &t);
    for (size_t i = 0; i < r->nthemes; i++) {
        char label[512];
        snprintf(label, sizeof label, "%s %s", r->themes[i].ref, r->themes[i].title);
        headline_row(p, &t, r, label, &r->themes[i].now, &r->themes[i].prev,
                     hp && r->themes[i].in_prev, F_TINY);
    }
    headline_row(p, &t, r, "All themes", &r->total, &r->total_prev, hp, F_TINY_BOLD);
    table_end(p);
    const size_t *mv = r->total.movement;
    snprintf(text, sizeof text,
             "Confidence this month: %zu improved, %zu declined, %zu unchanged, %zu rated for the "
             "first time, %zu without a rated update.",
             mv[MV_IMPROVED], mv[MV_DECLINED], mv[MV_UNCHANGED], mv[MV_NEW], mv[MV_MISSING]);
    para(p, text, F_BODY);
}

static void pdf_recs(struct pdf *p, const struct report *r)
{
    static const double w[] = {0.5, 0.25, 0.25};
    static const char *head[] = {"Recommendation", "Actions", "Progress"};
    struct table t = {3, w, head, 0, F_SMALL_BOLD};
    section(p, RS_RECOMMENDATIONS);
    if (!r->nrecs)
        para(p, "No review recommendations are recorded.", F_BODY);
    for (size_t i = 0; i < r->nrecs; i++) {
        const struct report_rec *x = &r->recs[i];
        if (i == 0 || strcmp(x->review_ref, r->recs[i - 1].review_ref) != 0) {
            if (i)
                table_end(p);
            subheading(p, x->review_title);
            table_begin(p, &t);
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
        row(p, &t, cells, F_SMALL, false);
        buf_free(&a);
        buf_free(&b);
    }
    if (r->nrecs)
        table_end(p);
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
    para(p, text, F_BODY);
    for (size_t i = 0; i < r->red_line.n; i++) {
        const struct report_action *a = &r->red_line.v[i];
        struct buf b = BUF_INIT;
        buf_printf(&b, "%s %s", a->ref, a->title);
        subheading(p, buf_str(&b));
        buf_reset(&b);
        buf_printf(&b, "Owner: %s. Previous report: %s.", a->owner[0] ? a->owner : "none named",
                   report_level_label(r->scale, a->prev_level));
        para(p, buf_str(&b), F_SMALL);
        buf_reset(&b);
        markdown_text(&b, a->narrative);
        para(p, buf_str(&b), F_BODY);
        buf_free(&b);
    }
}

static void pdf_assurance(struct pdf *p, const struct report *r)
{
    static const double w[] = {0.5, 0.15, 0.2, 0.15};
    static const char *head[] = {"Theme or action", "Council", "Panel member", "Panel"};
    struct table t = {4, w, head, 0, F_SMALL_BOLD};
    section(p, RS_ASSURANCE);
    if (!r->nassurance) {
        para(p, "No rating by the panel differed from the council's this month.", F_BODY);
        return;
    }
    table_begin(p, &t);
    for (size_t i = 0; i < r->nassurance; i++) {
        const struct report_assurance *a = &r->assurance[i];
        struct buf label = BUF_INIT;
        buf_printf(&label, "%s %s", a->ref, a->title);
        const char *cells[] = {buf_str(&label), report_level_label(r->scale, a->council), a->member,
                               report_level_label(r->scale, a->panel)};
        row(p, &t, cells, F_SMALL, false);
        buf_free(&label);
    }
    table_end(p);
}

static void action_table(struct pdf *p, const struct report_list *l, const char *days)
{
    static const double w4[] = {0.46, 0.24, 0.15, 0.15};
    static const double w5[] = {0.34, 0.2, 0.16, 0.16, 0.14};
    const char *head[] = {"Action", "Owner", "Planned finish", "Forecast", days};
    struct table t = {days ? 5 : 4, days ? w5 : w4, head, days ? 1u << 4 : 0, F_SMALL_BOLD};
    table_begin(p, &t);
    for (size_t i = 0; i < l->n; i++) {
        const struct report_action *a = &l->v[i];
        char label[600], f[DATE_LEN], fc[DATE_LEN], d[16];
        snprintf(label, sizeof label, "%s %s", a->ref, a->title);
        fmt_date(f, a->finish);
        fmt_date(fc, a->forecast);
        snprintf(d, sizeof d, "%d", a->days);
        const char *cells[] = {label, a->owner, f, fc, d};
        row(p, &t, cells, F_SMALL, false);
    }
    table_end(p);
}

static void pdf_late(struct pdf *p, const struct report *r)
{
    char text[128];
    section(p, RS_NOT_REPORTED);
    if (!r->not_reported.n)
        para(p, "Every action due to report did so.", F_BODY);
    else {
        snprintf(text, sizeof text, "%zu actions had no accepted update this month.",
                 r->not_reported.n);
        para(p, text, F_BODY);
        action_table(p, &r->not_reported, NULL);
    }
    section(p, RS_LATE);
    subheading(p, "Overdue actions");
    if (!r->overdue.n)
        para(p, "No action is overdue.", F_BODY);
    else
        action_table(p, &r->overdue, "Days overdue");
    subheading(p, "Slipped actions");
    if (!r->slipped.n)
        para(p, "No action's forecast is later than its baseline.", F_BODY);
    else
        action_table(p, &r->slipped, "Days slipped");
}

static void ms_table(struct pdf *p, const struct report_ms_list *l, const char *days)
{
    static const double w[] = {0.38, 0.11, 0.17, 0.17, 0.17};
    const char *head[] = {"Milestone", "Action", "Baseline", "Due", days ? days : "Achieved"};
    struct table t = {5, w, head, days ? 1u << 4 : 0, F_SMALL_BOLD};
    table_begin(p, &t);
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
        row(p, &t, cells, F_SMALL, false);
    }
    table_end(p);
}

static void pdf_milestones(struct pdf *p, const struct report *r)
{
    section(p, RS_MILESTONES);
    subheading(p, "Met since the last report");
    if (!r->ms_met.n)
        para(p, "No milestone was met.", F_BODY);
    else
        ms_table(p, &r->ms_met, NULL);
    subheading(p, "Overdue milestones");
    if (!r->ms_overdue.n)
        para(p, "No milestone is overdue.", F_BODY);
    else
        ms_table(p, &r->ms_overdue, "Days overdue");
    subheading(p, "Slipped milestones");
    if (!r->ms_slipped.n)
        para(p, "No milestone has slipped.", F_BODY);
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
        para(p, "No measures are recorded.", F_BODY);
    for (size_t i = 0; i < r->measures.n; i++) {
        const struct pub_measure *m = &r->measures.v[i];
        const struct pub_value *last = pub_measure_latest(m);
        struct buf b = BUF_INIT;
        buf_printf(&b, "%s %s", m->ref, m->title);
        double th = measure(p, buf_str(&b), F_BOLD, TEXT_W * 0.62);
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
        double fh = measure(p, buf_str(&b), F_SMALL, TEXT_W * 0.62);
        double h = th + fh + 4 > 64 ? th + fh + 4 : 64;
        room(p, h + 8);
        double y0 = p->y;
        struct buf t = BUF_INIT;
        buf_printf(&t, "%s %s", m->ref, m->title);
        measure(p, buf_str(&t), F_BOLD, TEXT_W * 0.62);
        show(p, MARGIN, y0);
        measure(p, buf_str(&b), F_SMALL, TEXT_W * 0.62);
        show(p, MARGIN, y0 + th + 2);
        chart(p, m, MARGIN + TEXT_W * 0.66, y0, TEXT_W * 0.34, 60);
        p->y = y0 + h + 8;
        buf_free(&t);
        buf_free(&b);
    }
}

static void pdf_list(struct pdf *p, const char *heading, const struct report_list *l)
{
    subheading(p, heading);
    if (!l->n) {
        para(p, "None.", F_BODY);
        return;
    }
    for (size_t i = 0; i < l->n; i++) {
        struct buf b = BUF_INIT;
        buf_printf(&b, "• %s %s", l->v[i].ref, l->v[i].title);
        if (l->v[i].note)
            buf_printf(&b, ": %s", l->v[i].note);
        para(p, buf_str(&b), F_SMALL);
        buf_free(&b);
    }
}

static void pdf_changes(struct pdf *p, const struct report *r)
{
    section(p, RS_CHANGES);
    if (!r->prev_month[0]) {
        para(p, "This is the first report: the plan is as signed off.", F_BODY);
        return;
    }
    char text[128];
    snprintf(text, sizeof text, "Since the report of %s.", r->prev_month);
    para(p, text, F_BODY);
    subheading(p, "Plan versions signed off");
    if (!r->nversions)
        para(p, "None.", F_BODY);
    for (size_t i = 0; i < r->nversions; i++) {
        struct buf b = BUF_INIT;
        char d[DATE_LEN];
        fmt_date(d, r->versions[i].signed_off_on);
        buf_printf(&b, "• Version %d: %s, signed off %s", r->versions[i].number,
                   r->versions[i].title, d);
        para(p, buf_str(&b), F_SMALL);
        buf_free(&b);
    }
    pdf_list(p, "Actions added", &r->added);
    pdf_list(p, "Actions retired", &r->retired);
    pdf_list(p, "Actions re-dated", &r->redated);
}

/* The first page: title, the line under it, contents (links with page
 * numbers). */
static void front(struct pdf *p)
{
    p->page = 1;
    p->y = TOP;
    header(p);
    p->y += 12;
    double h = measure(p, p->title, F_H1, TEXT_W);
    show(p, MARGIN, p->y);
    p->y += h + 10;
    para(p, p->front_line, F_SMALL);
    p->y += 8;
    h = measure(p, "Contents", F_H2, TEXT_W);
    show(p, MARGIN, p->y);
    p->y += h + 8;
    for (int s = 0; s < p->nsec; s++) {
        char num[16], dest[64];
        snprintf(num, sizeof num, "%d", p->sec_page[s]);
        h = measure(p, p->sec_title[s], F_BODY, TEXT_W - 40);
        snprintf(dest, sizeof dest, "page=%d pos=[%.0f %.0f]", p->sec_page[s], MARGIN, p->sec_y[s]);
        cairo_tag_begin(p->cr, CAIRO_TAG_LINK, dest);
        cairo_set_source_rgb(p->cr, 0.11, 0.44, 0.72);
        show(p, MARGIN, p->y);
        measure(p, num, F_BODY, 40);
        pango_layout_set_alignment(p->layout, PANGO_ALIGN_RIGHT);
        show(p, MARGIN + TEXT_W - 40, p->y);
        pango_layout_set_alignment(p->layout, PANGO_ALIGN_LEFT);
        cairo_set_source_rgb(p->cr, 0.04, 0.05, 0.05);
        cairo_tag_end(p->cr, CAIRO_TAG_LINK);
        p->y += h + 4;
    }
    p->y += 12;
}

/* Pages 2 on, recorded. */
static void body(struct pdf *p, const void *arg)
{
    const struct report *r = arg;
    section(p, RS_STATEMENT);
    if (r->statement && *r->statement) {
        struct buf b = BUF_INIT;
        markdown_text(&b, r->statement);
        para(p, buf_str(&b), F_BODY);
        buf_free(&b);
    } else
        para(p, "No covering statement was written for this month.", F_BODY);
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

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static void pdf_open(struct pdf *p, cairo_surface_t *surf)
{
    p->surf = surf;
    p->cr = cairo_create(surf);
    p->layout = pango_cairo_create_layout(p->cr);
    /* the same glyph positions at any resolution: both passes agree */
    PangoContext *ctx = pango_layout_get_context(p->layout);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_layout_context_changed(p->layout);
    for (int f = 0; f < F__MAX; f++)
        p->font[f] = pango_font_description_from_string(font_spec[f]);
}

static void pdf_close(struct pdf *p)
{
    for (int f = 0; f < F__MAX; f++)
        pango_font_description_free(p->font[f]);
    for (size_t c = 0; c < sizeof p->col / sizeof *p->col; c++)
        if (p->col[c])
            g_object_unref(p->col[c]);
    g_object_unref(p->layout);
    cairo_destroy(p->cr);
    cairo_surface_destroy(p->surf);
}

/* Typesets a document: body() draws pages 2 on (recorded), then the first
 * page with the contents, then the recorded pages, into b.  p has its
 * title, org and front_line; date ("YYYY-MM-DD") is the metadata's.  Returns
 * 0, or -1 with err. */
static int pdf_make(struct buf *b, struct pdf *p, void (*draw)(struct pdf *, const void *),
                    const void *arg, const char *date, char *err, size_t errlen)
{
    /* pages 2 on, recorded as they fill */
    pdf_open(p, page_surface());
    p->page = 2;
    p->y = TOP;
    header(p);
    draw(p, arg);
    p->pages = xgrow(p->pages, p->npages, &p->cappages, sizeof *p->pages);
    p->pages[p->npages++] = p->surf;
    cairo_destroy(p->cr);
    /* the PDF: the first page with the contents, then the recorded pages */
    size_t start = b->len;
    p->surf = cairo_pdf_surface_create_for_stream(write_buf, b, PAGE_W, PAGE_H);
    p->cr = cairo_create(p->surf);
    pango_cairo_update_layout(p->cr, p->layout);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE, p->title);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_AUTHOR, p->org);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR, "dialturn");
    char when[32];
    snprintf(when, sizeof when, "%.10sT00:00:00Z", date);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATE_DATE, when);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_MOD_DATE, when);
    for (int s = 0; s < p->nsec; s++) {
        char link[64];
        snprintf(link, sizeof link, "page=%d pos=[%.0f %.0f]", p->sec_page[s], MARGIN, p->sec_y[s]);
        cairo_pdf_surface_add_outline(p->surf, CAIRO_PDF_OUTLINE_ROOT, p->sec_title[s], link, 0);
    }
    front(p);
    cairo_show_page(p->cr);
    for (size_t i = 0; i < p->npages; i++) {
        cairo_set_source_surface(p->cr, p->pages[i], 0, 0);
        cairo_paint(p->cr);
        cairo_show_page(p->cr);
        cairo_surface_destroy(p->pages[i]);
    }
    free(p->pages);
    p->pages = NULL;
    cairo_surface_finish(p->surf);
    cairo_status_t st = cairo_surface_status(p->surf);
    pdf_close(p);
    if (st != CAIRO_STATUS_SUCCESS) {
        b->len = start;
        snprintf(err, errlen, "making the PDF: %s", cairo_status_to_string(st));
        return -1;
    }
    return 0;
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
    int rc = pdf_make(b, &p, body, r, date, err, errlen);
    buf_free(&title);
    buf_free(&line);
    return rc;
}

/* --- a report to the Secretary of State --------------------------------------------- */

/* Markdown set block by block: a heading as a subheading, a list item with a
 * bullet, every other block as a paragraph (its inline text plain). */
static void pdf_markdown(struct pdf *p, const char *md)
{
    const char *s = md ? md : "";
    while (*s) {
        while (*s == '\n' || *s == '\r')
            s++;
        if (!*s)
            break;
        /* a block: up to a blank line, or one line for a heading or a list item */
        bool heading = *s == '#';
        bool item = (s[0] == '-' || s[0] == '*') && s[1] == ' ';
        const char *e = s;
        for (;;) {
            const char *nl = strchr(e, '\n');
            if (!nl) {
                e = s + strlen(s);
                break;
            }
            e = nl;
            const char *next = nl + 1;
            if (heading || *next == '\n' || *next == '\r' || !*next ||
                ((next[0] == '-' || next[0] == '*') && next[1] == ' ') || *next == '#')
                break;
            e = next;
        }
        char *block = g_strndup(s, (gsize)(e - s));
        struct buf t = BUF_INIT;
        if (item)
            buf_puts(&t, "\u2022 ");
        markdown_text(&t, heading ? block + strspn(block, "# ") : item ? block + 2 : block);
        if (t.len) {
            if (heading)
                subheading(p, buf_str(&t));
            else
                para(p, buf_str(&t), F_BODY);
        }
        buf_free(&t);
        g_free(block);
        s = e;
    }
}

static void doc_body(struct pdf *p, const void *arg)
{
    const struct report_doc *d = arg;
    for (size_t i = 0; i < d->n; i++) {
        const struct report_doc_section *s = &d->v[i];
        doc_section(p, s->title);
        if (s->assessment_md && *s->assessment_md)
            pdf_markdown(p, s->assessment_md);
        else
            para(p, "The panel has not written this assessment yet.", F_BODY);
        p->nested = true;
        for (size_t k = 0; k < s->nfigures; k++)
            pdf_section(p, d->r, s->figures[k]);
        p->nested = false;
        if (s->figures_md)
            pdf_markdown(p, s->figures_md);
    }
    if (d->response_md) {
        doc_section(p, "The Secretary of State's response");
        pdf_markdown(p, d->response_md);
    }
}

int report_pdf_doc(struct buf *b, const struct report_doc *d, char *err, size_t errlen)
{
    struct pdf p = {0};
    p.title = d->title;
    p.org = d->org;
    p.front_line = d->front_line;
    return pdf_make(b, &p, doc_body, d, d->date, err, errlen);
}

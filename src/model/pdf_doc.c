/* pdf_doc.c — the typesetting the PDFs share (pdf_doc.h). */
#include "model/pdf_doc.h"
#include <cairo-pdf.h>
#include <stdio.h>
#include <string.h>

static const char *const font_spec[F__MAX] = {
    [F_BODY] = "DejaVu Sans 9.5",      [F_SMALL] = "DejaVu Sans 8",
    [F_BOLD] = "DejaVu Sans Bold 9.5", [F_SMALL_BOLD] = "DejaVu Sans Bold 8",
    [F_TINY] = "DejaVu Sans 7",        [F_TINY_BOLD] = "DejaVu Sans Bold 7",
    [F_H1] = "DejaVu Sans Bold 20",    [F_H2] = "DejaVu Sans Bold 14",
    [F_H3] = "DejaVu Sans Bold 11",
};

double pdf_measure(struct pdf *p, const char *text, enum pdf_font f, double w)
{
    pango_layout_set_font_description(p->layout, p->font[f]);
    pango_layout_set_width(p->layout, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(p->layout, text, -1);
    int lw, lh;
    pango_layout_get_size(p->layout, &lw, &lh);
    return (double)lh / PANGO_SCALE;
}

void pdf_show(struct pdf *p, double x, double y)
{
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, p->layout);
}

void pdf_header(struct pdf *p)
{
    char right[32];
    snprintf(right, sizeof right, "Page %d", p->page);
    cairo_set_source_rgb(p->cr, 0.31, 0.35, 0.38);
    pdf_measure(p, p->org, F_SMALL, PDF_TEXT_W * 0.6);
    pdf_show(p, PDF_MARGIN, PDF_MARGIN - 8);
    double h = pdf_measure(p, right, F_SMALL, PDF_TEXT_W * 0.3);
    pango_layout_set_alignment(p->layout, PANGO_ALIGN_RIGHT);
    pdf_show(p, PDF_MARGIN + PDF_TEXT_W * 0.7, PDF_MARGIN - 8);
    pango_layout_set_alignment(p->layout, PANGO_ALIGN_LEFT);
    pdf_measure(p, p->title, F_SMALL, PDF_TEXT_W);
    pdf_show(p, PDF_MARGIN, PDF_MARGIN - 8 + h);
    cairo_set_line_width(p->cr, 0.5);
    cairo_move_to(p->cr, PDF_MARGIN, PDF_TOP - 4);
    cairo_line_to(p->cr, PDF_MARGIN + PDF_TEXT_W, PDF_TOP - 4);
    cairo_stroke(p->cr);
    cairo_set_source_rgb(p->cr, 0.04, 0.05, 0.05);
}

cairo_surface_t *pdf_page_surface(void)
{
    cairo_rectangle_t r = {0, 0, PDF_PAGE_W, PDF_PAGE_H};
    return cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
}

void pdf_new_page(struct pdf *p)
{
    if (p->direct) {
        cairo_show_page(p->cr);
    } else {
        p->pages = xgrow(p->pages, p->npages, &p->cappages, sizeof *p->pages);
        p->pages[p->npages++] = p->surf;
        cairo_destroy(p->cr);
        p->surf = pdf_page_surface();
        p->cr = cairo_create(p->surf);
        pango_cairo_update_layout(p->cr, p->layout);
        for (size_t c = 0; c < sizeof p->col / sizeof *p->col; c++)
            if (p->col[c])
                pango_cairo_update_layout(p->cr, p->col[c]);
    }
    p->page++;
    p->y = PDF_TOP;
    pdf_header(p);
}

bool pdf_room(struct pdf *p, double h)
{
    if (p->y + h > PDF_BOTTOM && p->y > PDF_TOP) {
        pdf_new_page(p);
        return true;
    }
    return false;
}

/* One longer than the room left goes a line at a time. */
void pdf_para_at(struct pdf *p, const char *text, enum pdf_font f, double indent)
{
    double w = PDF_TEXT_W - indent;
    double h = pdf_measure(p, text, f, w);
    const char *nl = strchr(text, '\n');
    if (h > PDF_BOTTOM - p->y && nl) { /* does not fit: one line of the text at a time */
        char *first = g_strndup(text, (gsize)(nl - text));
        pdf_para_at(p, first, f, indent);
        g_free(first);
        p->y -= 6;
        pdf_para_at(p, nl + 1, f, indent);
        return;
    }
    if (pdf_room(p, h))
        pdf_measure(p, text, f, w);
    pdf_show(p, PDF_MARGIN + indent, p->y);
    p->y += h + 6;
}

void pdf_para(struct pdf *p, const char *text, enum pdf_font f)
{
    pdf_para_at(p, text, f, 0);
}

void pdf_heading(struct pdf *p, const char *text, enum pdf_font f)
{
    double h = pdf_measure(p, text, f, PDF_TEXT_W);
    if (pdf_room(p, h + (f == F_H2 ? 60 : 40))) /* keep a heading with what follows */
        pdf_measure(p, text, f, PDF_TEXT_W);
    pdf_show(p, PDF_MARGIN, p->y + (f == F_H2 ? 6 : 4));
    p->y += h + (f == F_H2 ? 14 : 10);
}

void pdf_subheading(struct pdf *p, const char *text)
{
    pdf_heading(p, text, F_H3);
}

/* --- tables --------------------------------------------------------------------------- */

static double cell_x(const struct pdf_table *t, size_t c)
{
    double x = PDF_MARGIN;
    for (size_t i = 0; i < c; i++)
        x += t->w[i] * PDF_TEXT_W;
    return x;
}

/* Lays the cells of a row out, one layout per column; returns its height. */
static double row_layout(struct pdf *p, const struct pdf_table *t, const char *const *cells,
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
        pango_layout_set_width(l, (int)((t->w[c] * PDF_TEXT_W - 2 * PDF_CELL_PAD) * PANGO_SCALE));
        pango_layout_set_alignment(l,
                                   t->numeric & (1u << c) ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        pango_layout_set_text(l, cells[c] ? cells[c] : "", -1);
        int lw, lh;
        pango_layout_get_size(l, &lw, &lh);
        if ((double)lh / PANGO_SCALE > h)
            h = (double)lh / PANGO_SCALE;
    }
    return h + 2 * PDF_CELL_PAD;
}

void pdf_row(struct pdf *p, const struct pdf_table *t, const char *const *cells, enum pdf_font f,
             bool is_head)
{
    double h = row_layout(p, t, cells, f);
    if (p->y + h > PDF_BOTTOM && p->y > PDF_TOP) {
        pdf_new_page(p);
        if (!is_head)
            pdf_row(p, t, t->head, t->head_font, true);
        h = row_layout(p, t, cells, f);
    }
    for (size_t c = 0; c < t->ncols && c < sizeof p->col / sizeof *p->col; c++) {
        cairo_move_to(p->cr, cell_x(t, c) + PDF_CELL_PAD, p->y + PDF_CELL_PAD);
        pango_cairo_show_layout(p->cr, p->col[c]);
    }
    cairo_set_line_width(p->cr, is_head ? 1.0 : 0.4);
    cairo_set_source_rgb(p->cr, 0.69, 0.71, 0.72);
    cairo_move_to(p->cr, PDF_MARGIN, p->y + h);
    cairo_line_to(p->cr, PDF_MARGIN + PDF_TEXT_W, p->y + h);
    cairo_stroke(p->cr);
    cairo_set_source_rgb(p->cr, 0.04, 0.05, 0.05);
    p->y += h;
}

void pdf_table_begin(struct pdf *p, const struct pdf_table *t)
{
    pdf_room(p, 40);
    pdf_row(p, t, t->head, t->head_font, true);
}

void pdf_table_end(struct pdf *p)
{
    p->y += 10;
}

/* --- the document --------------------------------------------------------------------- */

cairo_status_t pdf_write_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

void pdf_open(struct pdf *p, cairo_surface_t *surf)
{
    p->surf = surf;
    p->cr = cairo_create(surf);
    p->layout = pango_cairo_create_layout(p->cr);
    /* the same glyph positions at any resolution: recorded and direct pages agree */
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

void pdf_close(struct pdf *p)
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

void pdf_metadata(cairo_surface_t *surf, const char *title, const char *author, const char *when)
{
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, author);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "dialturn");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, when);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, when);
}

#if defined(__SANITIZE_ADDRESS__)
/* fontconfig keeps its configuration and caches for the life of the process
 * and frees them only in FcFini(), which pango gives no safe point to call:
 * the sanitizer build is told those are not dialturn's leaks. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}
#endif

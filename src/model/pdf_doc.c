/* pdf_doc.c — the typesetting the PDFs share (pdf_doc.h). */
#include "model/pdf_doc.h"
#include "lib/markdown.h"
#include <assert.h>
#include <stdio.h>
#include <string.h>

PDF_LIB_FUNCTIONS(DYNLIB_POINTER)
static struct dynlib libpangocairo = DYNLIB("libpangocairo-1.0.so.0", PDF_LIB_FUNCTIONS);

int pdf_libs_open(char *err, size_t errlen)
{
    char why[256];
    if (dynlib_open(&libpangocairo, why, sizeof why) == 0)
        return 0;
    snprintf(err, errlen, "making the PDF: %s", why);
    return -1;
}

static const char *const font_spec[F__MAX] = {
    [F_BODY] = "DejaVu Sans 9.5",      [F_SMALL] = "DejaVu Sans 8",
    [F_BOLD] = "DejaVu Sans Bold 9.5", [F_SMALL_BOLD] = "DejaVu Sans Bold 8",
    [F_TINY] = "DejaVu Sans 7",        [F_TINY_BOLD] = "DejaVu Sans Bold 7",
    [F_H1] = "DejaVu Sans Bold 20",    [F_H2] = "DejaVu Sans Bold 14",
    [F_H3] = "DejaVu Sans Bold 11",
};

/* The advance of printable ASCII character c in font f (laid out alone once),
 * and the height of one line of f; makes the probe these and the words are
 * laid out in. */
static double advance(struct pdf *p, enum pdf_font f, unsigned char c)
{
    double *a = &p->adv[f][c - 0x20];
    if (!p->probe)
        p->probe = pango_layout_new(pango_layout_get_context(p->layout));
    if (*a == 0) {
        char one[2] = {(char)c, '\0'};
        pango_layout_set_font_description(p->probe, p->font[f]);
        pango_layout_set_text(p->probe, one, 1);
        int lw, lh;
        pango_layout_get_size(p->probe, &lw, &lh);
        *a = lw > 0 ? (double)lw / PANGO_SCALE : 1e-6;
        if (p->line_h[f] == 0) {
            pango_layout_set_text(p->probe, "Hg", -1);
            pango_layout_get_size(p->probe, &lw, &lh);
            p->line_h[f] = (double)lh / PANGO_SCALE;
            p->base_h[f] = (double)pango_layout_get_baseline(p->probe) / PANGO_SCALE;
        }
    }
    return *a;
}

/* A word as pango laid it out alone: its width and, when one run of one
 * font covers it, its glyphs, kept for both runs of a document (the fonts
 * are the same: hinting is off). */
struct pdf_word {
    double width;
    PangoGlyphItem *item; /* its glyphs, one run of the font's ASCII item (owned) */
};

static void word_free(void *v)
{
    struct pdf_word *w = v;
    pango_glyph_item_free(w->item);
    g_free(w);
}

/* The item (font, script, language) pango gives printable ASCII in font f,
 * from laying out one letter once; NULL when that takes more than one run. */
static const PangoItem *ascii_item(struct pdf *p, enum pdf_font f)
{
    if (!p->ascii[f]) {
        advance(p, f, 'x'); /* the probe */
        pango_layout_set_font_description(p->probe, p->font[f]);
        pango_layout_set_text(p->probe, "x", 1);
        PangoLayoutLine *line = pango_layout_get_line_readonly(p->probe, 0);
        if (!line || !line->runs || line->runs->next)
            return NULL;
        p->ascii[f] = pango_item_copy(((PangoGlyphItem *)line->runs->data)->item);
    }
    return p->ascii[f];
}

/* The word w (n bytes, printable ASCII) in font f, shaped once and kept;
 * NULL when it is too long to keep, holds another byte, or the font's ASCII
 * takes more than one run (then pango lays the text out). */
static const struct pdf_word *word_of(struct pdf *p, enum pdf_font f, const char *w, size_t n)
{
    char key[80];
    if (n > sizeof key - 4)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)w[i] < 0x20 || (unsigned char)w[i] >= 0x7f)
            return NULL;
    key[0] = (char)('A' + f);
    memcpy(key + 1, w, n);
    key[n + 1] = '\0';
    if (!p->words)
        p->words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, word_free);
    struct pdf_word *hit = g_hash_table_lookup(p->words, key);
    if (hit)
        return hit;
    const PangoItem *base = ascii_item(p, f);
    if (!base)
        return NULL;
    /* one run of the font, shaped as a layout shapes it, without the
     * layout's itemizing and line breaking (most of the cost of the 19,000
     * words of the long tables) */
    PangoItem *item = pango_item_copy((PangoItem *)base);
    item->offset = 0;
    item->length = (int)n;
    item->num_chars = (int)n;
    PangoGlyphItem run = {.item = item, .glyphs = pango_glyph_string_new()};
    PangoContext *ctx = pango_layout_get_context(p->layout);
    pango_shape_with_flags(w, (int)n, w, (int)n, &item->analysis, run.glyphs,
                           pango_context_get_round_glyph_positions(ctx)
                               ? PANGO_SHAPE_ROUND_POSITIONS
                               : PANGO_SHAPE_NONE);
    hit = g_new0(struct pdf_word, 1);
    hit->width = (double)pango_glyph_string_get_width(run.glyphs) / PANGO_SCALE;
    hit->item = pango_glyph_item_copy(&run);
    pango_item_free(item);
    pango_glyph_string_free(run.glyphs);
    g_hash_table_insert(p->words, g_strdup(key), hit);
    return hit;
}

/* How close to the width a line may come before the estimate below gives up. */
#define PDF_EST_MARGIN 1.0

/* Whether text is words of letters, digits and , . ' ( ) & : ; between
 * single spaces: no fallback font, and a line breaks only at a space. */
static bool plain_words(const char *text)
{
    if (!*text || *text == ' ')
        return false;
    for (const char *s = text; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' ? s[1] == ' ' || !s[1]
                     : !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || strchr(",.'()&:;", c)))
            return false;
    }
    return true;
}

/* The first line of the plain words at s in width w and font f (space: the
 * font's space): the end of its last word in *end; returns its width, or -1
 * when that is not beyond doubt (a word wider than the line, or the next
 * word would end within PDF_EST_MARGIN of the width, where only pango can
 * say).  count_lines() and draw_words() break lines by it alike. */
static double line_of(struct pdf *p, enum pdf_font f, const char *s, double w, double space,
                      const char **end)
{
    double line = -1;
    *end = s;
    while (*s) {
        size_t n = strcspn(s, " ");
        const struct pdf_word *x = word_of(p, f, s, n);
        if (!x || x->width > w - PDF_EST_MARGIN)
            return -1;
        double with = line < 0 ? x->width : line + space + x->width;
        if (line >= 0 && with > w - PDF_EST_MARGIN)
            return with > w + PDF_EST_MARGIN ? line : -1;
        line = with;
        *end = s + n;
        s = *end + (**end == ' ');
    }
    return line;
}

/* How many lines text takes at width w in font f, without laying it out, or
 * 0 when that is not beyond doubt (unless exact, the measuring run counts
 * such a text and the drawing run draws it in these lines, draw_words):
 * plain words (plain_words), each shaped once, broken by line_of().  The
 * text is then that many lines of p->line_h[f]. */
static int count_lines(struct pdf *p, const char *text, enum pdf_font f, double w)
{
    if (!plain_words(text))
        return 0;
    double space = advance(p, f, ' ');
    int lines = 0;
    for (const char *s = text, *end; *s; s = end + (*end == ' '), lines++)
        if (line_of(p, f, s, w, space, &end) < 0)
            return 0;
    return lines;
}

/* --- words drawn as kept glyphs ------------------------------------------------------- */

/* Draws the line [s, end) of words at (x, baseline) as one run of glyphs:
 * the words' kept glyphs end to end, each word's last glyph advanced by the
 * space after it, so that word k starts where pango's line would put it; the
 * line's text goes with the glyphs (what a reader copies).  One run per line
 * as pango draws it: a run per word made cairo's page analysis, which
 * gathers every operation's extents into one region, half as slow again.
 * Every word is one count_lines() kept, shaped in the font's one item. */
static void draw_line(struct pdf *p, enum pdf_font f, const char *s, const char *end, double x,
                      double baseline, double space)
{
    int nglyphs = 0;
    for (const char *q = s; q < end;) {
        size_t n = strcspn(q, " ");
        nglyphs += word_of(p, f, q, n)->item->glyphs->num_glyphs;
        q += n + (q[n] == ' ');
    }
    if (!nglyphs)
        return;
    PangoGlyphString *gs = pango_glyph_string_new();
    pango_glyph_string_set_size(gs, nglyphs);
    /* the text that goes with the glyphs: the words without the spaces, as
     * when each word was drawn alone (a reader's copy finds the spaces in the
     * gaps; with them in the text too, it had two) */
    struct buf words = BUF_INIT;
    int k = 0;
    double at = 0; /* where the next word starts, from x */
    int units = 0; /* where the glyphs so far end, in pango units */
    for (const char *q = s; q < end;) {
        size_t n = strcspn(q, " ");
        const struct pdf_word *g = word_of(p, f, q, n);
        const PangoGlyphString *wg = g->item->glyphs;
        int start = (int)(at * PANGO_SCALE + 0.5);
        if (k > 0) /* the space before this word, on the glyph before it */
            gs->glyphs[k - 1].geometry.width += start - units;
        units = start;
        for (int i = 0; i < wg->num_glyphs; i++, k++) {
            gs->glyphs[k] = wg->glyphs[i];
            gs->log_clusters[k] = wg->log_clusters[i] + (int)words.len;
            units += wg->glyphs[i].geometry.width;
        }
        buf_append(&words, q, n);
        at += g->width + space;
        q += n + (q[n] == ' ');
    }
    PangoItem *item = pango_item_copy((PangoItem *)ascii_item(p, f));
    item->offset = 0;
    item->length = (int)words.len;
    item->num_chars = (int)words.len; /* ASCII */
    PangoGlyphItem run = {.item = item, .glyphs = gs};
    cairo_move_to(p->cr, x, baseline);
    pango_cairo_show_glyph_item(p->cr, buf_str(&words), &run);
    pango_item_free(item);
    pango_glyph_string_free(gs);
    buf_free(&words);
}

/* Draws text, which count_lines() counted at width w, in the same lines, top
 * left at (x, y), each line from its words' kept glyphs (draw_line).
 * Shaping each cell of the long tables anew was a third of the PDF's time;
 * their words repeat. */
static void draw_words(struct pdf *p, const char *text, enum pdf_font f, double x, double y,
                       double w, bool right)
{
    double space = advance(p, f, ' ');
    const char *end;
    for (double top = y; *text; top += p->line_h[f], text = end + (*end == ' ')) {
        /* the same words, widths and width as count_lines() had: never -1
         * (and were it, stopping here is all a release build can do) */
        double line = line_of(p, f, text, w, space, &end);
        assert(line >= 0);
        if (line < 0)
            break;
        draw_line(p, f, text, end, right ? x + w - line : x, top + p->base_h[f], space);
    }
}

double pdf_measure(struct pdf *p, const char *text, enum pdf_font f, double w)
{
    /* measuring: the estimate; drawing: the same lines, for pdf_show() to
     * draw word by word (draw_words) */
    int n = p->exact ? 0 : count_lines(p, text, f, w);
    p->shown = n && !p->measuring ? text : NULL;
    p->shown_font = f;
    p->shown_w = w;
    if (n)
        return n * p->line_h[f];
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
    if (p->measuring)
        return;
    if (p->shown) {
        draw_words(p, p->shown, p->shown_font, x, y, p->shown_w,
                   pango_layout_get_alignment(p->layout) == PANGO_ALIGN_RIGHT);
        return;
    }
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

void pdf_tag_begin(struct pdf *p, const char *tag, const char *attributes)
{
    if (p->direct && !p->measuring)
        cairo_tag_begin(p->cr, tag, attributes);
}

void pdf_tag_end(struct pdf *p, const char *tag)
{
    if (p->direct && !p->measuring)
        cairo_tag_end(p->cr, tag);
}

/* Strokes the rules pdf_row() kept, those under header rows and the others
 * each as one path, and forgets them. */
static void rules_flush(struct pdf *p)
{
    if (!p->nrules)
        return;
    cairo_set_source_rgb(p->cr, 0.69, 0.71, 0.72);
    for (int head = 0; head < 2; head++) {
        bool any = false;
        for (int i = 0; i < p->nrules; i++)
            if (p->rule_head[i] == (head != 0)) {
                cairo_move_to(p->cr, PDF_MARGIN, p->rule_y[i]);
                cairo_line_to(p->cr, PDF_MARGIN + PDF_TEXT_W, p->rule_y[i]);
                any = true;
            }
        if (any) {
            cairo_set_line_width(p->cr, head ? 1.0 : 0.4);
            cairo_stroke(p->cr);
        }
    }
    cairo_set_source_rgb(p->cr, 0.04, 0.05, 0.05);
    p->nrules = 0;
}

void pdf_page_end(struct pdf *p)
{
    rules_flush(p);
    cairo_show_page(p->cr);
}

void pdf_new_page(struct pdf *p)
{
    if (p->direct && !p->measuring)
        pdf_page_end(p);
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
    pdf_tag_begin(p, "P", NULL);
    pdf_show(p, PDF_MARGIN + indent, p->y);
    pdf_tag_end(p, "P");
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
    const char *tag = f == F_H2 ? "H2" : "H3";
    pdf_tag_begin(p, tag, NULL);
    pdf_show(p, PDF_MARGIN, p->y + (f == F_H2 ? 6 : 4));
    pdf_tag_end(p, tag);
    p->y += h + (f == F_H2 ? 14 : 10);
}

void pdf_subheading(struct pdf *p, const char *text)
{
    pdf_heading(p, text, F_H3);
}

void pdf_doc_section(struct pdf *p, const char *title)
{
    if (p->nested) {
        pdf_subheading(p, title);
        return;
    }
    if (p->nmarks >= PDF_MARKS)
        return;
    char *text = p->mark_title[p->nmarks];
    snprintf(text, sizeof p->mark_title[0], "%d. %s", p->nmarks + 1, title);
    double h = pdf_measure(p, text, F_H2, PDF_TEXT_W);
    if (pdf_room(p, h + 60)) /* keep a heading with what follows */
        pdf_measure(p, text, F_H2, PDF_TEXT_W);
    p->mark_page[p->nmarks] = p->page;
    p->mark_y[p->nmarks] = p->y;
    p->nmarks++;
    pdf_tag_begin(p, "H2", NULL);
    pdf_show(p, PDF_MARGIN, p->y + 6);
    pdf_tag_end(p, "H2");
    p->y += h + 14;
}

void pdf_markdown(struct pdf *p, const char *md)
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
                pdf_subheading(p, buf_str(&t));
            else
                pdf_para(p, buf_str(&t), F_BODY);
        }
        buf_free(&t);
        g_free(block);
        s = e;
    }
}

/* --- tables --------------------------------------------------------------------------- */

static double cell_x(const struct pdf_table *t, size_t c)
{
    double x = PDF_MARGIN;
    for (size_t i = 0; i < c; i++)
        x += t->w[i] * PDF_TEXT_W;
    return x;
}

/* Cell texts up to this long are laid out once and kept (dates, days,
 * owners, statuses: most cells of the long tables repeat), up to
 * PDF_CELL_KEEP of them; longer ones are laid out in their column's layout
 * each time.  Shaping and line breaking were most of the PDF's time. */
#define PDF_CELL_SHORT 24
#define PDF_CELL_KEEP  4096

/* A new layout on p's context, wrapping as every cell does (the caller owns it). */
static PangoLayout *cell_layout_new(struct pdf *p)
{
    PangoLayout *l = pango_layout_new(pango_layout_get_context(p->layout));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    return l;
}

static void cell_set(struct pdf *p, PangoLayout *l, enum pdf_font f, int width, bool right,
                     const char *text)
{
    pango_layout_set_font_description(l, p->font[f]);
    pango_layout_set_width(l, width);
    pango_layout_set_alignment(l, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, text, -1);
}

/* The layout of one cell: a kept one for a short text, else column c's. */
static PangoLayout *cell_layout(struct pdf *p, size_t c, enum pdf_font f, int width, bool right,
                                const char *text)
{
    size_t n = strlen(text);
    if (n <= PDF_CELL_SHORT) {
        char key[PDF_CELL_SHORT + 32];
        snprintf(key, sizeof key, "%d %d %d %s", (int)f, width, right, text);
        if (!p->cells)
            p->cells = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
        PangoLayout *l = g_hash_table_lookup(p->cells, key);
        if (l)
            return l;
        if (g_hash_table_size(p->cells) < PDF_CELL_KEEP) {
            l = cell_layout_new(p);
            cell_set(p, l, f, width, right, text);
            g_hash_table_insert(p->cells, g_strdup(key), l);
            return l;
        }
    }
    if (!p->col[c])
        p->col[c] = cell_layout_new(p);
    cell_set(p, p->col[c], f, width, right, text);
    return p->col[c];
}

/* Lays the cells of a row out (p->cell); returns its height. */
static double row_layout(struct pdf *p, const struct pdf_table *t, const char *const *cells,
                         enum pdf_font f)
{
    double h = 0;
    for (size_t c = 0; c < t->ncols && c < sizeof p->col / sizeof *p->col; c++) {
        const char *text = cells[c] ? cells[c] : "";
        double w = t->w[c] * PDF_TEXT_W - 2 * PDF_CELL_PAD;
        /* while drawing, the texts the measuring run counted are drawn word by
         * word (draw_words), in the same lines */
        int n = p->exact ? 0 : count_lines(p, text, f, w);
        p->cell[c] = NULL;
        p->cell_text[c] = text;
        if (n) {
            h = n * p->line_h[f] > h ? n * p->line_h[f] : h;
            continue;
        }
        PangoLayout *l =
            cell_layout(p, c, f, (int)(w * PANGO_SCALE), (t->numeric & (1u << c)) != 0, text);
        p->cell[c] = l;
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
    if (p->measuring) {
        p->y += h;
        return;
    }
    pdf_tag_begin(p, "TR", NULL);
    for (size_t c = 0; c < t->ncols && c < sizeof p->col / sizeof *p->col; c++) {
        pdf_tag_begin(p, is_head ? "TH" : "TD", NULL);
        if (p->cell[c]) {
            cairo_move_to(p->cr, cell_x(t, c) + PDF_CELL_PAD, p->y + PDF_CELL_PAD);
            pango_cairo_show_layout(p->cr, p->cell[c]);
        } else {
            draw_words(p, p->cell_text[c], f, cell_x(t, c) + PDF_CELL_PAD, p->y + PDF_CELL_PAD,
                       t->w[c] * PDF_TEXT_W - 2 * PDF_CELL_PAD, (t->numeric & (1u << c)) != 0);
        }
        pdf_tag_end(p, is_head ? "TH" : "TD");
    }
    pdf_tag_end(p, "TR");
    if (p->nrules == PDF_RULES)
        rules_flush(p);
    p->rule_y[p->nrules] = p->y + h;
    p->rule_head[p->nrules++] = is_head;
    p->y += h;
}

void pdf_table_begin(struct pdf *p, const struct pdf_table *t)
{
    pdf_room(p, 40);
    pdf_tag_begin(p, "Table", NULL);
    pdf_row(p, t, t->head, t->head_font, true);
}

void pdf_table_end(struct pdf *p)
{
    pdf_tag_end(p, "Table");
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
    if (p->cells)
        g_hash_table_destroy(p->cells);
    if (p->probe)
        g_object_unref(p->probe);
    if (p->words)
        g_hash_table_destroy(p->words);
    for (int f = 0; f < F__MAX; f++)
        if (p->ascii[f])
            pango_item_free(p->ascii[f]);
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

/* The first page: title, the line under it, the contents (links with page
 * numbers). */
static void front(struct pdf *p)
{
    p->page = 1;
    p->y = PDF_TOP;
    pdf_header(p);
    p->y += 12;
    double h = pdf_measure(p, p->title, F_H1, PDF_TEXT_W);
    pdf_tag_begin(p, "H1", NULL);
    pdf_show(p, PDF_MARGIN, p->y);
    pdf_tag_end(p, "H1");
    p->y += h + 10;
    pdf_para(p, p->front_line ? p->front_line : "", F_SMALL);
    p->y += 8;
    h = pdf_measure(p, "Contents", F_H2, PDF_TEXT_W);
    pdf_tag_begin(p, "H2", NULL);
    pdf_show(p, PDF_MARGIN, p->y);
    pdf_tag_end(p, "H2");
    p->y += h + 8;
    pdf_tag_begin(p, "TOC", NULL);
    for (int s = 0; s < p->nmarks; s++) {
        char num[16], dest[64];
        snprintf(num, sizeof num, "%d", p->mark_page[s]);
        h = pdf_measure(p, p->mark_title[s], F_BODY, PDF_TEXT_W - 40);
        snprintf(dest, sizeof dest, "page=%d pos=[%.0f %.0f]", p->mark_page[s], PDF_MARGIN,
                 p->mark_y[s]);
        pdf_tag_begin(p, "TOCI", NULL);
        cairo_tag_begin(p->cr, CAIRO_TAG_LINK, dest);
        cairo_set_source_rgb(p->cr, 0.11, 0.44, 0.72);
        pdf_show(p, PDF_MARGIN, p->y);
        pdf_measure(p, num, F_BODY, 40);
        pango_layout_set_alignment(p->layout, PANGO_ALIGN_RIGHT);
        pdf_show(p, PDF_MARGIN + PDF_TEXT_W - 40, p->y);
        pango_layout_set_alignment(p->layout, PANGO_ALIGN_LEFT);
        cairo_set_source_rgb(p->cr, 0.04, 0.05, 0.05);
        cairo_tag_end(p->cr, CAIRO_TAG_LINK);
        pdf_tag_end(p, "TOCI");
        p->y += h + 4;
    }
    pdf_tag_end(p, "TOC");
    p->y += 12;
}

/* Where the sections of a document start, as one run found them. */
struct marks {
    int n, last_page;
    int page[PDF_MARKS];
    double y[PDF_MARKS];
};

static void marks_of(const struct pdf *p, struct marks *m)
{
    memset(m, 0, sizeof *m);
    m->n = p->nmarks;
    m->last_page = p->page;
    memcpy(m->page, p->mark_page, sizeof m->page);
    memcpy(m->y, p->mark_y, sizeof m->y);
}

/* One go at the document: measured, then drawn into b.  Returns 0, 1 when
 * the runs disagreed (b as it was), or -1 with err (b as it was). */
static int contents_doc_once(struct buf *b, struct pdf *p, void (*draw)(struct pdf *, const void *),
                             const void *arg, const char *date, bool exact, char *err,
                             size_t errlen)
{
    const struct pdf keep = *p; /* title, org, front_line */
    /* the first run: where the sections fall, nothing drawn */
    pdf_open(p, pdf_page_surface());
    p->measuring = true;
    p->exact = exact;
    p->page = 2;
    p->y = PDF_TOP;
    pdf_header(p);
    draw(p, arg);
    struct marks measured;
    marks_of(p, &measured);
    char titles[PDF_MARKS][160];
    memcpy(titles, p->mark_title, sizeof titles);
    /* what the measuring learnt of the words and characters, for the drawing */
    GHashTable *words = p->words;
    double adv[F__MAX][95], line_h[F__MAX], base_h[F__MAX];
    memcpy(adv, p->adv, sizeof adv);
    memcpy(line_h, p->line_h, sizeof line_h);
    memcpy(base_h, p->base_h, sizeof base_h);
    p->words = NULL;
    pdf_close(p);
    *p = keep;
    /* the PDF: the first page with the contents, then the rest as it fills */
    size_t start = b->len;
    pdf_open(p, cairo_pdf_surface_create_for_stream(pdf_write_buf, b, PDF_PAGE_W, PDF_PAGE_H));
    p->direct = true;
    p->exact = exact; /* drawn as measured: the same texts by their words (draw_words) */
    p->words = words;
    memcpy(p->adv, adv, sizeof adv);
    memcpy(p->line_h, line_h, sizeof line_h);
    memcpy(p->base_h, base_h, sizeof base_h);
    char when[32];
    snprintf(when, sizeof when, "%.10sT00:00:00Z", date);
    pdf_metadata(p->surf, p->title, p->org, when);
    p->nmarks = measured.n;
    memcpy(p->mark_page, measured.page, sizeof p->mark_page);
    memcpy(p->mark_y, measured.y, sizeof p->mark_y);
    memcpy(p->mark_title, titles, sizeof titles);
    for (int s = 0; s < p->nmarks; s++) {
        char link[64];
        snprintf(link, sizeof link, "page=%d pos=[%.0f %.0f]", p->mark_page[s], PDF_MARGIN,
                 p->mark_y[s]);
        cairo_pdf_surface_add_outline(p->surf, CAIRO_PDF_OUTLINE_ROOT, p->mark_title[s], link, 0);
    }
    pdf_tag_begin(p, "Document", NULL);
    front(p);
    pdf_page_end(p);
    p->nmarks = 0;
    p->page = 2;
    p->y = PDF_TOP;
    pdf_header(p);
    draw(p, arg);
    pdf_tag_end(p, "Document");
    pdf_page_end(p);
    cairo_surface_finish(p->surf);
    cairo_status_t st = cairo_surface_status(p->surf);
    struct marks drawn;
    marks_of(p, &drawn);
    pdf_close(p);
    if (st != CAIRO_STATUS_SUCCESS) {
        b->len = start;
        snprintf(err, errlen, "making the PDF: %s", cairo_status_to_string(st));
        return -1;
    }
    if (memcmp(&measured, &drawn, sizeof drawn) != 0) {
        b->len = start;
        return 1;
    }
    return 0;
}

int pdf_contents_doc(struct buf *b, struct pdf *p, void (*draw)(struct pdf *, const void *),
                     const void *arg, const char *date, char *err, size_t errlen)
{
    if (pdf_libs_open(err, errlen))
        return -1;
    const struct pdf keep = *p;
    int rc = contents_doc_once(b, p, draw, arg, date, false, err, errlen);
    if (rc == 1) { /* an estimate was wrong: measure every text */
        *p = keep;
        rc = contents_doc_once(b, p, draw, arg, date, true, err, errlen);
    }
    if (rc == 1) {
        snprintf(err, errlen, "making the PDF: the pages moved between two runs");
        rc = -1;
    }
    return rc;
}

/* gcc says it builds with AddressSanitizer by __SANITIZE_ADDRESS__, clang
 * (the fuzzing build) by __has_feature(address_sanitizer). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PDF_DOC_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PDF_DOC_ASAN 1
#endif

#if defined(PDF_DOC_ASAN)
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

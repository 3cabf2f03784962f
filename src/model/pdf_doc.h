/* pdf_doc.h — the typesetting the PDFs share (cairo and pango): the monthly
 * report and the reports to the Secretary of State (report_pdf.c) and the
 * meetings' agenda packs and minutes (meeting_pdf.c).
 *
 * A4 portrait, 20 mm margins, DejaVu Sans; every page has a running header
 * (organisation, title, page number over a rule).  Text flows down the page
 * from p->y and a block that does not fit starts a new page.  Pages go
 * straight into the PDF (direct).  A document whose first page lists where
 * its sections start (the report's contents) is typeset twice by
 * pdf_contents_doc(): first only measured (nothing drawn; the lines of a
 * plain-ASCII text are counted from its words' widths, not laid out), then
 * drawn, the first page first (such a text drawn in those lines, each word
 * from the glyphs pango shaped for it once).
 *
 * The PDF is tagged (cairo_tag_begin): headings H1–H3, paragraphs P, tables
 * Table/TR/TH/TD, charts Figure (cairo 1.16 takes no alternative text),
 * links Link, all under Document.  The running header is left out of the
 * structure. */
#ifndef DIALTURN_PDF_DOC_H
#define DIALTURN_PDF_DOC_H
#include "lib/buf.h"
#include "lib/dynlib.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stddef.h>

/* pango, cairo and glib are opened by pdf_libs_open() (lib/dynlib.h), which
 * must have succeeded before any other function here or of theirs is
 * called: the PDFs' entry points (report_pdf.h, meeting_pdf.h) call it. */
#define PDF_LIB_FUNCTIONS(X)                                                                       \
    X(cairo_arc)                                                                                   \
    X(cairo_create)                                                                                \
    X(cairo_destroy)                                                                               \
    X(cairo_fill)                                                                                  \
    X(cairo_font_options_create)                                                                   \
    X(cairo_font_options_destroy)                                                                  \
    X(cairo_font_options_set_hint_metrics)                                                         \
    X(cairo_font_options_set_hint_style)                                                           \
    X(cairo_line_to)                                                                               \
    X(cairo_move_to)                                                                               \
    X(cairo_pdf_surface_add_outline)                                                               \
    X(cairo_pdf_surface_create_for_stream)                                                         \
    X(cairo_pdf_surface_set_metadata)                                                              \
    X(cairo_recording_surface_create)                                                              \
    X(cairo_rectangle)                                                                             \
    X(cairo_restore)                                                                               \
    X(cairo_save)                                                                                  \
    X(cairo_set_dash)                                                                              \
    X(cairo_set_line_width)                                                                        \
    X(cairo_set_source_rgb)                                                                        \
    X(cairo_show_page)                                                                             \
    X(cairo_status_to_string)                                                                      \
    X(cairo_stroke)                                                                                \
    X(cairo_surface_destroy)                                                                       \
    X(cairo_surface_finish)                                                                        \
    X(cairo_surface_status)                                                                        \
    X(cairo_tag_begin)                                                                             \
    X(cairo_tag_end)                                                                               \
    X(g_free)                                                                                      \
    X(g_hash_table_destroy)                                                                        \
    X(g_hash_table_insert)                                                                         \
    X(g_hash_table_lookup)                                                                         \
    X(g_hash_table_new_full)                                                                       \
    X(g_hash_table_size)                                                                           \
    X(g_malloc)                                                                                    \
    X(g_malloc0)                                                                                   \
    X(g_malloc_n)                                                                                  \
    X(g_malloc0_n)                                                                                 \
    X(g_object_unref)                                                                              \
    X(g_str_equal)                                                                                 \
    X(g_str_hash)                                                                                  \
    X(g_strdup)                                                                                    \
    X(g_strndup)                                                                                   \
    X(g_utf8_strlen)                                                                               \
    X(pango_cairo_context_set_font_options)                                                        \
    X(pango_cairo_create_layout)                                                                   \
    X(pango_cairo_show_glyph_item)                                                                 \
    X(pango_cairo_show_layout)                                                                     \
    X(pango_context_get_round_glyph_positions)                                                     \
    X(pango_font_description_free)                                                                 \
    X(pango_font_description_from_string)                                                          \
    X(pango_glyph_item_copy)                                                                       \
    X(pango_glyph_item_free)                                                                       \
    X(pango_glyph_string_free)                                                                     \
    X(pango_glyph_string_get_width)                                                                \
    X(pango_glyph_string_new)                                                                      \
    X(pango_glyph_string_set_size)                                                                 \
    X(pango_item_copy)                                                                             \
    X(pango_item_free)                                                                             \
    X(pango_layout_context_changed)                                                                \
    X(pango_layout_get_alignment)                                                                  \
    X(pango_layout_get_baseline)                                                                   \
    X(pango_layout_get_context)                                                                    \
    X(pango_layout_get_line_readonly)                                                              \
    X(pango_layout_get_size)                                                                       \
    X(pango_layout_new)                                                                            \
    X(pango_layout_set_alignment)                                                                  \
    X(pango_layout_set_font_description)                                                           \
    X(pango_layout_set_text)                                                                       \
    X(pango_layout_set_width)                                                                      \
    X(pango_layout_set_wrap)                                                                       \
    X(pango_shape_with_flags)
PDF_LIB_FUNCTIONS(DYNLIB_EXTERN_POINTER)
#undef g_str_equal /* glib's call-site macro: the function is passed, not called */
#define cairo_arc                               (*dl_cairo_arc)
#define cairo_create                            (*dl_cairo_create)
#define cairo_destroy                           (*dl_cairo_destroy)
#define cairo_fill                              (*dl_cairo_fill)
#define cairo_font_options_create               (*dl_cairo_font_options_create)
#define cairo_font_options_destroy              (*dl_cairo_font_options_destroy)
#define cairo_font_options_set_hint_metrics     (*dl_cairo_font_options_set_hint_metrics)
#define cairo_font_options_set_hint_style       (*dl_cairo_font_options_set_hint_style)
#define cairo_line_to                           (*dl_cairo_line_to)
#define cairo_move_to                           (*dl_cairo_move_to)
#define cairo_pdf_surface_add_outline           (*dl_cairo_pdf_surface_add_outline)
#define cairo_pdf_surface_create_for_stream     (*dl_cairo_pdf_surface_create_for_stream)
#define cairo_pdf_surface_set_metadata          (*dl_cairo_pdf_surface_set_metadata)
#define cairo_recording_surface_create          (*dl_cairo_recording_surface_create)
#define cairo_rectangle                         (*dl_cairo_rectangle)
#define cairo_restore                           (*dl_cairo_restore)
#define cairo_save                              (*dl_cairo_save)
#define cairo_set_dash                          (*dl_cairo_set_dash)
#define cairo_set_line_width                    (*dl_cairo_set_line_width)
#define cairo_set_source_rgb                    (*dl_cairo_set_source_rgb)
#define cairo_show_page                         (*dl_cairo_show_page)
#define cairo_status_to_string                  (*dl_cairo_status_to_string)
#define cairo_stroke                            (*dl_cairo_stroke)
#define cairo_surface_destroy                   (*dl_cairo_surface_destroy)
#define cairo_surface_finish                    (*dl_cairo_surface_finish)
#define cairo_surface_status                    (*dl_cairo_surface_status)
#define cairo_tag_begin                         (*dl_cairo_tag_begin)
#define cairo_tag_end                           (*dl_cairo_tag_end)
#define g_free                                  (*dl_g_free)
#define g_hash_table_destroy                    (*dl_g_hash_table_destroy)
#define g_hash_table_insert                     (*dl_g_hash_table_insert)
#define g_hash_table_lookup                     (*dl_g_hash_table_lookup)
#define g_hash_table_new_full                   (*dl_g_hash_table_new_full)
#define g_hash_table_size                       (*dl_g_hash_table_size)
#define g_malloc                                (*dl_g_malloc)
#define g_malloc0                               (*dl_g_malloc0)
#define g_malloc_n                              (*dl_g_malloc_n)
#define g_malloc0_n                             (*dl_g_malloc0_n)
#define g_object_unref                          (*dl_g_object_unref)
#define g_str_equal                             (*dl_g_str_equal)
#define g_str_hash                              (*dl_g_str_hash)
#define g_strdup                                (*dl_g_strdup)
#define g_strndup                               (*dl_g_strndup)
#define g_utf8_strlen                           (*dl_g_utf8_strlen)
#define pango_cairo_context_set_font_options    (*dl_pango_cairo_context_set_font_options)
#define pango_cairo_create_layout               (*dl_pango_cairo_create_layout)
#define pango_cairo_show_glyph_item             (*dl_pango_cairo_show_glyph_item)
#define pango_cairo_show_layout                 (*dl_pango_cairo_show_layout)
#define pango_context_get_round_glyph_positions (*dl_pango_context_get_round_glyph_positions)
#define pango_font_description_free             (*dl_pango_font_description_free)
#define pango_font_description_from_string      (*dl_pango_font_description_from_string)
#define pango_glyph_item_copy                   (*dl_pango_glyph_item_copy)
#define pango_glyph_item_free                   (*dl_pango_glyph_item_free)
#define pango_glyph_string_free                 (*dl_pango_glyph_string_free)
#define pango_glyph_string_get_width            (*dl_pango_glyph_string_get_width)
#define pango_glyph_string_new                  (*dl_pango_glyph_string_new)
#define pango_glyph_string_set_size             (*dl_pango_glyph_string_set_size)
#define pango_item_copy                         (*dl_pango_item_copy)
#define pango_item_free                         (*dl_pango_item_free)
#define pango_layout_context_changed            (*dl_pango_layout_context_changed)
#define pango_layout_get_alignment              (*dl_pango_layout_get_alignment)
#define pango_layout_get_baseline               (*dl_pango_layout_get_baseline)
#define pango_layout_get_context                (*dl_pango_layout_get_context)
#define pango_layout_get_line_readonly          (*dl_pango_layout_get_line_readonly)
#define pango_layout_get_size                   (*dl_pango_layout_get_size)
#define pango_layout_new                        (*dl_pango_layout_new)
#define pango_layout_set_alignment              (*dl_pango_layout_set_alignment)
#define pango_layout_set_font_description       (*dl_pango_layout_set_font_description)
#define pango_layout_set_text                   (*dl_pango_layout_set_text)
#define pango_layout_set_width                  (*dl_pango_layout_set_width)
#define pango_layout_set_wrap                   (*dl_pango_layout_set_wrap)
#define pango_shape_with_flags                  (*dl_pango_shape_with_flags)

/* Opens libpangocairo (and through it pango, cairo and glib) the first time.
 * Returns 0, or -1 with the reason in err. */
int pdf_libs_open(char *err, size_t errlen);

#define PDF_PAGE_W   595.276 /* A4, points */
#define PDF_PAGE_H   841.890
#define PDF_MARGIN   56.69               /* 20 mm */
#define PDF_TOP      (PDF_MARGIN + 22.0) /* below the running header */
#define PDF_BOTTOM   (PDF_PAGE_H - PDF_MARGIN)
#define PDF_TEXT_W   (PDF_PAGE_W - 2 * PDF_MARGIN)
#define PDF_CELL_PAD 3.0
#define PDF_MARKS    16 /* places a document may remember (outline, contents) */

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

/* Rules under table rows kept for one stroke (pdf_page_end), at most. */
#define PDF_RULES 256

struct pdf {
    cairo_surface_t *surf;    /* the PDF (direct), or a page nothing is drawn on; owned */
    cairo_t *cr;              /* owned */
    bool direct;              /* surf is a PDF surface: pages and structure tags go into it */
    bool measuring;           /* only where blocks fall: nothing is drawn */
    bool exact;               /* while measuring, lay every text out (no estimate) */
    double adv[F__MAX][95];   /* measuring: printable ASCII advances per font, 0 unknown */
    double line_h[F__MAX];    /* one line's height per font, 0 unknown */
    double base_h[F__MAX];    /* and its baseline, from the line's top */
    PangoLayout *probe;       /* lays single characters and words out; owned */
    GHashTable *words;        /* font and word → its width and glyphs (struct pdf_word),
                                 kept from the measuring run for the drawing; owned */
    PangoItem *ascii[F__MAX]; /* per font, the item printable ASCII is shaped in; owned */
    double mark_y[PDF_MARKS]; /* where on its page each remembered place is */
    int mark_page[PDF_MARKS]; /* the page it is on */
    char mark_title[PDF_MARKS][160];    /* "1. Headline": its entry in contents and outline */
    int nmarks;                         /* places remembered so far */
    bool nested;                        /* pdf_doc_section() draws a subheading instead */
    const char *front_line;             /* the contents page's line under the title (borrowed) */
    PangoLayout *col[8];                /* one layout per table column, reused; owned */
    PangoLayout *cell[8];               /* the layout each cell of the last row laid out in
                                           (col[c] or one of cells'; borrowed), or NULL
                                           when its words are drawn one by one */
    const char *cell_text[8];           /* each cell's text (borrowed from the row) */
    GHashTable *cells;                  /* short cell texts laid out once: key "font width
                                           align text" → PangoLayout (both owned) */
    double y;                           /* where the next block starts */
    int page;                           /* 1-based */
    const char *title;                  /* the running header's text (borrowed) */
    const char *org;                    /* the organisation (borrowed) */
    PangoFontDescription *font[F__MAX]; /* owned */
    PangoLayout *layout;                /* one layout, reused for every block; owned */
    double rule_y[PDF_RULES];           /* drawing: the rules under this page's table rows, */
    bool rule_head[PDF_RULES];          /* and which are under a header row, stroked */
    int nrules;                         /* together as the page ends (pdf_page_end) */
    const char *shown;                  /* drawing: the text pdf_measure() last took, when
                                           pdf_show() draws it by its words, else NULL
                                           (borrowed: it must outlive the pdf_show()) */
    enum pdf_font shown_font;           /* and its font */
    double shown_w;                     /* and its width */
};

/* Starts drawing on surf (taken: pdf_close destroys it): a context, the
 * layout and the fonts, with hinting off so glyph positions do not depend on
 * the surface. */
void pdf_open(struct pdf *p, cairo_surface_t *surf);
/* Frees what pdf_open made and the surface being drawn. */
void pdf_close(struct pdf *p);
/* A new recording surface of one page (the caller owns it). */
cairo_surface_t *pdf_page_surface(void);
/* A structure tag ("P", "H2", "Table", "Figure", ...) around what is drawn
 * until pdf_tag_end(p, tag); nothing unless p->direct and drawing. */
void pdf_tag_begin(struct pdf *p, const char *tag, const char *attributes);
void pdf_tag_end(struct pdf *p, const char *tag);
/* A cairo write function appending to the struct buf closure. */
cairo_status_t pdf_write_buf(void *closure, const unsigned char *data, unsigned int len);
/* Sets the PDF's title, author, creator ("dialturn") and its creation and
 * modification dates (`when`, "YYYY-MM-DDTHH:MM:SSZ"; never the moment of
 * making, so the same input gives the same bytes). */
void pdf_metadata(cairo_surface_t *surf, const char *title, const char *author, const char *when);

/* Lays out text in font at width w; returns its height (unless exact,
 * perhaps counted from its words' widths, the layout then untouched, and
 * drawn by pdf_show() word by word). */
double pdf_measure(struct pdf *p, const char *text, enum pdf_font f, double w);
/* Draws what pdf_measure() last laid out, at (x, y): the text it took must
 * still be there. */
void pdf_show(struct pdf *p, double x, double y);
/* The running header of the current page. */
void pdf_header(struct pdf *p);
/* Ends the page and starts the next (its header drawn, y at the top). */
void pdf_new_page(struct pdf *p);

/* Ends the page being drawn (cairo_show_page), after stroking the rules its
 * table rows left (pdf_row): one stroke per weight, not one per row, which
 * made cairo's writing of the page a twentieth slower. */
void pdf_page_end(struct pdf *p);
/* Makes room for h points, starting a page when they do not fit.  Returns
 * whether it did (the new page's header then used the layout). */
bool pdf_room(struct pdf *p, double h);
/* A paragraph of plain text at the margin, indented by `indent` points. */
void pdf_para_at(struct pdf *p, const char *text, enum pdf_font f, double indent);
/* A paragraph of plain text across the text width. */
void pdf_para(struct pdf *p, const char *text, enum pdf_font f);
/* A heading kept with what follows it, in font f (F_H2 or F_H3). */
void pdf_heading(struct pdf *p, const char *text, enum pdf_font f);
/* A level-3 heading. */
void pdf_subheading(struct pdf *p, const char *text);

/* A numbered section of the document ("2. Title"), remembered for the
 * contents and the outline; while p->nested, a subheading that is neither
 * (sections of one document inside a section of another).  Past PDF_MARKS
 * sections nothing is drawn. */
void pdf_doc_section(struct pdf *p, const char *title);
/* Markdown set block by block: a heading as a subheading, a list item with a
 * bullet, every other block as a paragraph (its inline text plain). */
void pdf_markdown(struct pdf *p, const char *md);

/* A table: rows of cells, the heading row repeated after a page break. */
struct pdf_table {
    size_t ncols;
    const double *w;         /* column widths as fractions of the text width */
    const char **head;       /* column headings */
    unsigned numeric;        /* bit i: column i right-aligned */
    enum pdf_font head_font; /* the heading row's */
};
/* Draws one row (cells[ncols]) in font f. */
void pdf_row(struct pdf *p, const struct pdf_table *t, const char *const *cells, enum pdf_font f,
             bool is_head);
void pdf_table_begin(struct pdf *p, const struct pdf_table *t);
void pdf_table_end(struct pdf *p);

/* Typesets a document with a contents page into b: draw(p, arg) draws pages
 * 2 on, run twice: once measuring (p->measuring: where each section starts),
 * then into the PDF after the first page (title, p->front_line, the contents
 * with links and page numbers); each section is an entry of the outline.
 * Should the two runs disagree on a section's page (an estimate was wrong),
 * the PDF is made again, measuring every text exactly.  p is zeroed but for
 * its title, org and front_line; date ("YYYY-MM-DD...") is the metadata's.
 * Frees what it made (p's surfaces and layouts).  Returns 0, or -1 with err
 * (b as it was). */
int pdf_contents_doc(struct buf *b, struct pdf *p, void (*draw)(struct pdf *, const void *),
                     const void *arg, const char *date, char *err, size_t errlen);

#endif

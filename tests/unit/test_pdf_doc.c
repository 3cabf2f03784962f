/* test_pdf_doc.c — a document with a contents page is measured, then drawn:
 * the measuring run's estimates (lines from word widths) agree with pango's
 * layout, a disagreement is made good by measuring exactly, and the same
 * document gives the same bytes. */
#include "model/pdf_doc.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static int calls;

/* Sections of table rows whose labels wrap at many widths: plain ASCII (the
 * estimate's), with hyphens, with accents (pango's alone). */
static void rows(struct pdf *p, const void *arg)
{
    (void)arg;
    calls++;
    static const char *const words[] = {
        "Deliver", "the",   "shared",   "services", "with",       "a",       "medium-",  "term",
        "plan",    "(R12)", "Ciarán's", "council",  "governance", "O'Brien", "scrutiny,"};
    static const double w[] = {0.34, 0.2, 0.16, 0.16, 0.14};
    static const char *head[] = {"Action", "Owner", "Planned finish", "Forecast", "Days"};
    struct pdf_table t = {5, w, head, 1u << 4, F_SMALL_BOLD};
    unsigned seed = 7;
    for (int s = 0; s < 8; s++) {
        char title[32];
        snprintf(title, sizeof title, "Part %d", s + 1);
        pdf_doc_section(p, title);
        pdf_para(p, "Every action of this part, with its owner and its dates.", F_BODY);
        pdf_table_begin(p, &t);
        for (int r = 0; r < 60; r++) {
            char label[256] = "", owner[64], days[16];
            int n = 2 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 9;
            for (int k = 0; k < n; k++) {
                seed = seed * 1103515245u + 12345u;
                const char *wd = words[(seed >> 16) % (s < 4 ? 10 : 15)];
                strncat(label, k ? " " : "", sizeof label - strlen(label) - 1);
                strncat(label, wd, sizeof label - strlen(label) - 1);
            }
            snprintf(owner, sizeof owner, "%s Patel", r % 3 ? "Deborah" : "Amrit Mohammed");
            snprintf(days, sizeof days, "%d", r * 7);
            const char *cells[] = {label, owner, "2020-03-31", "2020-11-30", days};
            pdf_row(p, &t, cells, F_SMALL, false);
        }
        pdf_table_end(p);
    }
}

/* How many times `what` occurs in the PDF b. */
static size_t occurs(const struct buf *b, const char *what)
{
    size_t n = 0, len = strlen(what);
    for (const char *s = b->data, *end = b->data + b->len;
         (s = memmem(s, (size_t)(end - s), what, len)); s += len)
        n++;
    return n;
}

/* The pages of a PDF made by cairo ("/Type /Page", not "/Type /Pages"). */
static size_t pages(const struct buf *b)
{
    return occurs(b, "/Type /Page") - occurs(b, "/Type /Pages");
}

static int make(struct buf *b, void (*draw)(struct pdf *, const void *), char *err, size_t n)
{
    struct pdf p = {0};
    p.title = "A test document";
    p.org = "Test Borough Council";
    p.front_line = "Made by the unit tests.";
    return pdf_contents_doc(b, &p, draw, NULL, "2020-12-14", err, n);
}

Test(pdf_doc, the_estimates_agree_with_pango_and_the_bytes_repeat)
{
    struct buf a = BUF_INIT, b = BUF_INIT;
    char err[256] = "";
    calls = 0;
    cr_assert_eq(make(&a, rows, err, sizeof err), 0, "%s", err);
    cr_assert_eq(calls, 2, "the document was made again: an estimate was wrong (%d runs)", calls);
    cr_assert(a.len > 1000 && memcmp(a.data, "%PDF-", 5) == 0);
    cr_assert(memmem(a.data, a.len, "/StructTreeRoot", 15), "not tagged");
    cr_assert(memmem(a.data, a.len, "/S /TD", 6), "no table cells in the structure");
    cr_assert_eq(make(&b, rows, err, sizeof err), 0, "%s", err);
    cr_assert(a.len == b.len && memcmp(a.data, b.data, a.len) == 0, "not the same bytes");
    buf_free(&a);
    buf_free(&b);
}

/* The first drawing run puts a paragraph more before everything: the pages
 * move, so the document is measured and drawn again. */
static void moves_once(struct pdf *p, const void *arg)
{
    if (calls == 1)
        for (int i = 0; i < 30; i++)
            pdf_para(p, "A paragraph the measuring run did not see.", F_BODY);
    rows(p, arg);
}

Test(pdf_doc, pages_that_move_are_measured_again)
{
    struct buf a = BUF_INIT, b = BUF_INIT;
    char err[256] = "";
    calls = 0;
    cr_assert_eq(make(&a, moves_once, err, sizeof err), 0, "%s", err);
    cr_assert_eq(calls, 4, "%d runs", calls);
    cr_assert_eq(make(&b, rows, err, sizeof err), 0, "%s", err);
    /* the second attempt lays every text out with pango (exact), where the
     * first draws the plain ones word by word: the same pages */
    cr_assert_eq(pages(&a), pages(&b), "the second attempt has %zu pages, not %zu", pages(&a),
                 pages(&b));
    /* and the same table: its header and data cells, each tagged */
    cr_assert_gt(occurs(&a, "/S /TD"), 100, "%zu table cells in the structure",
                 occurs(&a, "/S /TD"));
    cr_assert_eq(occurs(&a, "/S /TD"), occurs(&b, "/S /TD"), "cells: %zu, exact %zu",
                 occurs(&a, "/S /TD"), occurs(&b, "/S /TD"));
    cr_assert_eq(occurs(&a, "/S /TH"), occurs(&b, "/S /TH"), "header cells: %zu, exact %zu",
                 occurs(&a, "/S /TH"), occurs(&b, "/S /TH"));
    buf_free(&a);
    buf_free(&b);
}

/* The lines a plain text is counted (and then drawn) in are the lines pango
 * lays it out in, at every width: the texts of rows() and more. */
Test(pdf_doc, counted_lines_are_pango_lines)
{
    static const char *const texts[] = {
        "Deliver the shared services with a plan (R12) council governance O'Brien scrutiny,",
        "A20, A46, A54, A74, A78, A83, A90, A112, A187, A192, A236, A260, A261, A323",
        "188 of 618 complete, 309 in progress, 18 blocked, 96 not started, 7 retired",
        "Establish the partnership board's terms of reference",
        "Procurement is under way and bids are due next month.",
    };
    struct pdf est = {0}, exact = {0};
    char err[256];
    cr_assert_eq(pdf_libs_open(err, sizeof err), 0, "%s", err);
    pdf_open(&est, pdf_page_surface());
    pdf_open(&exact, pdf_page_surface());
    est.measuring = exact.measuring = exact.exact = true;
    int compared = 0;
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        for (enum pdf_font f = F_BODY; f <= F_TINY_BOLD; f++)
            for (double w = 40; w < PDF_TEXT_W; w += 7.5) {
                double h = pdf_measure(&est, texts[i], f, w);
                double want = pdf_measure(&exact, texts[i], f, w);
                cr_assert_float_eq(h, want, 0.01, "\"%s\" in font %d at %.1f: %.2f, pango %.2f",
                                   texts[i], (int)f, w, h, want);
                compared++;
            }
    cr_assert_gt(compared, 1000);
    pdf_close(&est);
    pdf_close(&exact);
}

/* Every drawing run differs from its measuring run: an error, no bytes. */
static void always_moves(struct pdf *p, const void *arg)
{
    if (calls % 2 == 1)
        for (int i = 0; i < 30; i++)
            pdf_para(p, "A paragraph the measuring run did not see.", F_BODY);
    rows(p, arg);
}

Test(pdf_doc, pages_that_keep_moving_are_an_error)
{
    struct buf a = BUF_INIT;
    char err[256] = "";
    calls = 0;
    cr_assert_eq(make(&a, always_moves, err, sizeof err), -1);
    cr_assert(strstr(err, "moved"), "%s", err);
    cr_assert_eq(a.len, 0);
    buf_free(&a);
}

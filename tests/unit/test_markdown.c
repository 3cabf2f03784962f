/* test_markdown.c — narratives render safely: raw HTML and script links never
 * reach a page, and the text form keeps only the words. */
#include "lib/markdown.h"
#include <criterion/criterion.h>
#include <string.h>

static char *html_of(const char *md)
{
    struct buf b = BUF_INIT;
    markdown_html(&b, md);
    return buf_detach(&b);
}

Test(markdown, renders_emphasis_and_lists)
{
    char *h = html_of("Progress is **good**.\n\n- one\n- two\n");
    cr_assert(strstr(h, "<strong>good</strong>"), "%s", h);
    cr_assert(strstr(h, "<li>one</li>"), "%s", h);
    free(h);
}

Test(markdown, raw_html_and_script_links_are_suppressed)
{
    char *h =
        html_of("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=y>");
    cr_assert_null(strstr(h, "<script"), "%s", h);
    cr_assert_null(strstr(h, "javascript:"), "%s", h);
    cr_assert_null(strstr(h, "onerror"), "%s", h);
    free(h);
}

Test(markdown, empty_input_gives_nothing)
{
    char *h = html_of("");
    cr_assert_str_eq(h, "");
    free(h);
    h = html_of(NULL);
    cr_assert_str_eq(h, "");
    free(h);
}

Test(markdown, text_keeps_the_words)
{
    struct buf b = BUF_INIT;
    markdown_text(&b, "# Title\n\nSome **bold** text\nand `code`.\n\n- a\n- b\n");
    cr_assert_str_eq(buf_str(&b), "Title Some bold text and code. a b");
    buf_free(&b);
}

Test(markdown, malformed_utf8_in_a_code_block_becomes_replacement_characters)
{
    /* cmark copies a code block's bytes as they are (fuzz/crashes/markdown) */
    char *h = html_of("    ind\xfelted\n");
    cr_assert(strstr(h, "ind\xEF\xBF\xBDlted"), "%s", h);
    cr_assert_null(strchr(h, '\xfe'), "%s", h);
    free(h);
}

Test(markdown, raw_html_is_counted_and_the_first_named)
{
    char first[16];
    cr_assert_eq(markdown_raw_html("Plain **Markdown** only.", first, sizeof first), 0);
    cr_assert_str_eq(first, "");
    cr_assert_eq(markdown_raw_html("<div class=\"x\">\nA whole block</div>\n\nThen <b>bold</b>.",
                                   first, sizeof first),
                 3);                              /* the block, <b> and </b> */
    cr_assert_str_eq(first, "<div class=\"x\">"); /* its first line, clipped to fit */
    cr_assert_eq(
        markdown_raw_html("\xC3\xA9\xC3\xA9 <span title=\"\xC3\xA9\xC3\xA9\xC3\xA9\">x</span>",
                          first, 16),
        2);
    cr_assert_str_eq(first, "<span title=\"\xC3\xA9"); /* what fits in 15 bytes */
    cr_assert_eq(markdown_raw_html(NULL, first, sizeof first), 0);
}

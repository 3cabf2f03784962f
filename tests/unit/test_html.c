/* test_html.c — html_printf and html_escape: the one escaping path.
 *
 * Each case renders into a fresh buffer and compares the exact bytes, so a
 * change in what is escaped, or how, shows here first. */
#include "lib/html.h"
#include <criterion/criterion.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Renders with html_printf and returns the text; the caller frees it. */
#define RENDER(...)                                                                                \
    ({                                                                                             \
        struct buf b_ = BUF_INIT;                                                                  \
        html_printf(&b_, __VA_ARGS__);                                                             \
        buf_detach(&b_);                                                                           \
    })

/* Asserts that html_printf(fmt, ...) produces exactly `want`. */
#define EXPECT(want, ...)                                                                          \
    do {                                                                                           \
        char *got_ = RENDER(__VA_ARGS__);                                                          \
        cr_assert_str_eq(got_, (want));                                                            \
        free(got_);                                                                                \
    } while (0)

/* U+FFFD in UTF-8. */
#define FFFD "\xEF\xBF\xBD"

Test(html, escapes_all_five_special_characters)
{
    EXPECT("&amp;&lt;&gt;&quot;&#39;", "%h", "&<>\"'");
    EXPECT("<p>Tom &amp; Jerry&#39;s &lt;b&gt;</p>", "<p>%h</p>", "Tom & Jerry's <b>");
}

Test(html, script_tag_is_inert)
{
    EXPECT("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>", "<td>%h</td>",
           "<script>alert(1)</script>");
}

Test(html, attribute_breakout_is_escaped)
{
    EXPECT("<a title=\"&quot; onmouseover=&quot;x\">", "<a title=\"%h\">", "\" onmouseover=\"x");
    EXPECT("<a title='&#39; onclick=&#39;x'>", "<a title='%h'>", "' onclick='x");
}

Test(html, already_escaped_text_is_escaped_again)
{
    /* %h takes text, not markup: an entity in the data shows as typed */
    EXPECT("&amp;amp; &amp;#39;", "%h", "&amp; &#39;");
}

Test(html, plain_text_and_valid_utf8_pass_through)
{
    EXPECT("Birmingham City Council", "%h", "Birmingham City Council");
    EXPECT("Caf\xC3\xA9 \xE2\x80\x93 \xE2\x82\xAC"
           "5 \xF0\x9F\x98\x80",
           "%h",
           "Caf\xC3\xA9 \xE2\x80\x93 \xE2\x82\xAC"
           "5 \xF0\x9F\x98\x80");
    EXPECT("a\tb\nc\rd", "%h", "a\tb\nc\rd");
}

Test(html, null_and_empty_strings_print_nothing)
{
    EXPECT("[]", "[%h]", (const char *)NULL);
    EXPECT("[]", "[%h]", "");
    EXPECT("[]", "[%U]", (const char *)NULL);
    EXPECT("[]", "[%s]", (const char *)NULL);
}

Test(html, invalid_utf8_becomes_replacement_character)
{
    /* a lone continuation byte, a truncated sequence, bytes never valid */
    EXPECT("a" FFFD "b", "%h",
           "a\x80"
           "b");
    EXPECT("a" FFFD "b", "%h",
           "a\xC3"
           "b");
    EXPECT(FFFD FFFD, "%h", "\xFE\xFF");
    /* overlong encodings of '<' and '/' must not sneak markup through */
    EXPECT(FFFD FFFD, "%h", "\xC0\xBC");
    EXPECT(FFFD FFFD FFFD, "%h", "\xE0\x80\xAF");
    /* UTF-16 surrogates and code points above U+10FFFF are not UTF-8 */
    EXPECT(FFFD FFFD FFFD, "%h", "\xED\xA0\x80");
    EXPECT(FFFD FFFD FFFD FFFD, "%h", "\xF4\x90\x80\x80");
    /* a truncated sequence is one replacement (its maximal subpart) */
    EXPECT(FFFD "x", "%h", "\xE2\x82x");
    EXPECT(FFFD, "%h", "\xF0\x9F\x98");
    /* the byte after a bad sequence is decoded afresh */
    EXPECT(FFFD "&lt;", "%h", "\xE2<");
}

Test(html, invalid_utf8_in_html_escape_matches_printf)
{
    struct buf b = BUF_INIT;
    html_escape(&b, "x\xC3(<)");
    cr_assert_str_eq(buf_str(&b), "x" FFFD "(&lt;)");
    buf_free(&b);
}

Test(html, control_characters_become_replacement_character)
{
    EXPECT("a" FFFD "b" FFFD "c", "%h",
           "a\x01"
           "b\x7F"
           "c");
    EXPECT(FFFD "[0m", "%h", "\x1B[0m");
}

Test(html, url_encoding_of_reserved_characters)
{
    EXPECT("a%20b", "%U", "a b");
    EXPECT("a%2Fb%2F..%2Fc", "%U", "a/b/../c");
    EXPECT("%3F%26%3D%23%25%2B", "%U", "?&=#%+");
    EXPECT("%22%3C%3E%27", "%U", "\"<>'");
    EXPECT("A-z_0.9~", "%U", "A-z_0.9~");
}

Test(html, url_encoding_of_unicode)
{
    EXPECT("caf%C3%A9", "%U", "caf\xC3\xA9");
    EXPECT("%E2%80%93", "%U", "\xE2\x80\x93");
    EXPECT("%F0%9F%98%80", "%U", "\xF0\x9F\x98\x80");
    EXPECT("%FF", "%U", "\xFF"); /* invalid UTF-8 is still just bytes */
}

Test(html, url_in_attribute)
{
    EXPECT("<a href=\"/actions/A%201%3Cx%3E?q=a%26b\">A 1&lt;x&gt;</a>",
           "<a href=\"/actions/%U?q=%U\">%h</a>", "A 1<x>", "a&b", "A 1<x>");
}

Test(html, integers)
{
    EXPECT("0 -1 2147483647", "%d %d %d", 0, -1, INT32_MAX);
    EXPECT("-2147483648 10 -10 9", "%d %d %d %d", INT32_MIN, 10, -10, 9);
    EXPECT("-9223372036854775807", "%ld", -9223372036854775807L);
    EXPECT("-9223372036854775808 0", "%ld %ld", (long)INT64_MIN, 0L);
    EXPECT("0 100", "%zu %zu", (size_t)0, (size_t)100);
    EXPECT("18446744073709551615", "%zu", SIZE_MAX);
    EXPECT("3 actions", "%zu %s", (size_t)3, "actions");
}

Test(html, trusted_markup_and_percent)
{
    EXPECT("<strong class=\"tag tag--high\">High</strong>", "<strong class=\"tag %s\">%s</strong>",
           "tag--high", "High");
    EXPECT("100%", "%d%%", 100);
    EXPECT("no conversions", "no conversions");
    EXPECT("", "");
}

Test(html, appends_to_existing_content)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "<ul>");
    html_printf(&b, "<li>%h</li>", "a<b");
    html_printf(&b, "<li>%h</li>", "c&d");
    buf_puts(&b, "</ul>");
    cr_assert_str_eq(buf_str(&b), "<ul><li>a&lt;b</li><li>c&amp;d</li></ul>");
    buf_free(&b);
}

Test(html, long_strings)
{
    /* 1 MB of specials: every byte expands, the buffer grows many times */
    size_t n = 1 << 20;
    char *s = malloc(n + 1);
    cr_assert_not_null(s);
    for (size_t i = 0; i < n; i++)
        s[i] = "<&x"[i % 3];
    s[n] = '\0';
    struct buf b = BUF_INIT;
    html_printf(&b, "[%h]", s);
    size_t thirds = n / 3, rest = n % 3; /* rest: a '<' then maybe a '&' */
    size_t want = 2 + thirds * (4 + 5 + 1) + (rest >= 1 ? 4 : 0) + (rest >= 2 ? 5 : 0);
    cr_assert_eq(b.len, want);
    cr_assert_eq(strlen(buf_str(&b)), want);
    cr_assert_eq(memcmp(b.data, "[&lt;&amp;x&lt;", 15), 0);
    cr_assert_eq(b.data[b.len - 1], ']');
    buf_free(&b);

    /* long plain text and long URL components */
    memset(s, 'a', n);
    html_printf(&b, "%h", s);
    cr_assert_eq(b.len, n);
    buf_reset(&b);
    memset(s, ' ', n);
    html_printf(&b, "%U", s);
    cr_assert_eq(b.len, 3 * n);
    cr_assert_eq(memcmp(b.data, "%20%20", 6), 0);
    buf_free(&b);
    free(s);
}

Test(html, long_invalid_utf8)
{
    size_t n = 100000;
    char *s = malloc(n + 1);
    cr_assert_not_null(s);
    memset(s, 0x80, n);
    s[n] = '\0';
    struct buf b = BUF_INIT;
    html_escape(&b, s);
    cr_assert_eq(b.len, 3 * n);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(memcmp(b.data + 3 * i, FFFD, 3), 0);
    buf_free(&b);
    free(s);
}

Test(html, unknown_conversion_aborts, .signal = SIGABRT)
{
    struct buf b = BUF_INIT;
    html_printf(&b, "%x", 1);
}

/* printf's %u (unsigned) is no html_printf conversion: a caller who meant a
 * number must not get a URL-encoded string read from an int */
Test(html, printf_u_conversion_aborts, .signal = SIGABRT)
{
    struct buf b = BUF_INIT;
    html_printf(&b, "/work/periods/%u", 7u);
}

Test(html, lone_l_conversion_aborts, .signal = SIGABRT)
{
    struct buf b = BUF_INIT;
    html_printf(&b, "%lu", 1UL);
}

/* the argument count is checked before any argument is read */
Test(html, too_few_arguments_abort, .signal = SIGABRT)
{
    struct buf b = BUF_INIT;
    html_printf(&b, "<a href=\"/x/%U\">%h</a>", "ref");
}

Test(html, too_many_arguments_abort, .signal = SIGABRT)
{
    struct buf b = BUF_INIT;
    html_printf(&b, "<p>%d</p>", 1, 2);
}

Test(html, argument_count_fifteen)
{
    struct buf b = BUF_INIT;
    html_printf(&b, "%d%d%d%d%d%d%d%d%d%d%d%d%d%d%h", 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4,
                "<");
    cr_assert_str_eq(buf_str(&b), "12345678901234&lt;");
    buf_free(&b);
}

Test(html, trailing_percent_aborts, .signal = SIGABRT)
{
    struct buf b = BUF_INIT;
    html_printf(&b, "50%");
}

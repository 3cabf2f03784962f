/* markdown.c — cmark in safe mode (CMARK_OPT_UNSAFE is never passed, so raw
 * HTML becomes a comment and dangerous URLs are dropped). */
#include "lib/markdown.h"
#include <cmark.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The length of the well-formed UTF-8 character at s (no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0 when there is none. */
static size_t utf8_char(const unsigned char *s)
{
    unsigned c = s[0], cp;
    size_t len;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0; /* also stops at the terminating NUL */
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* cmark replaces malformed UTF-8 with U+FFFD in ordinary text but copies a
 * code block's bytes as they are, so a narrative with a stray byte in an
 * indented line made a page that was not UTF-8.  Returns md itself when it is
 * well-formed, else a copy (the caller frees it) with each malformed byte
 * replaced by U+FFFD. */
static const char *utf8_clean(const char *md, char **owned)
{
    const unsigned char *p = (const unsigned char *)md;
    size_t k;
    *owned = NULL;
    while (*p && (k = utf8_char(p)) != 0)
        p += k;
    if (!*p)
        return md;
    struct buf b = BUF_INIT;
    for (p = (const unsigned char *)md; *p; p += k ? k : 1) {
        k = utf8_char(p);
        if (k)
            buf_append(&b, p, k);
        else
            buf_puts(&b, "\xEF\xBF\xBD");
    }
    return *owned = buf_detach(&b);
}

void markdown_html(struct buf *b, const char *md)
{
    if (!md || !*md)
        return;
    char *owned;
    md = utf8_clean(md, &owned);
    char *html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
    free(owned);
    if (!html)
        abort();
    buf_puts(b, html);
    free(html);
}

/* Walks the parsed document and keeps the words: text and code literals, a
 * space for line breaks and between blocks. */
void markdown_text(struct buf *b, const char *md)
{
    if (!md || !*md)
        return;
    char *owned;
    md = utf8_clean(md, &owned);
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    free(owned);
    if (!doc)
        abort();
    cmark_iter *it = cmark_iter_new(doc);
    size_t start = b->len;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK) {
            const char *lit = cmark_node_get_literal(n);
            if (lit)
                buf_puts(b, lit);
        } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
                   (ev == CMARK_EVENT_EXIT && (t == CMARK_NODE_PARAGRAPH ||
                                               t == CMARK_NODE_HEADING || t == CMARK_NODE_ITEM))) {
            if (b->len > start && b->data[b->len - 1] != ' ')
                buf_putc(b, ' ');
        }
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    while (b->len > start && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
}

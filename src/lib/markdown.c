/* markdown.c — cmark in safe mode (CMARK_OPT_UNSAFE is never passed, so raw
 * HTML becomes a comment and dangerous URLs are dropped). */
#include "lib/markdown.h"
#include "lib/text.h"
#include <cmark.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* cmark replaces malformed UTF-8 with U+FFFD in ordinary text but copies a
 * code block's bytes as they are, so a narrative with a stray byte in an
 * indented line made a page that was not UTF-8.  Returns md itself when it is
 * well-formed, else a copy (the caller frees it) with each ill-formed
 * subpart replaced by one U+FFFD, as html_escape does. */
static const char *utf8_clean(const char *md, char **owned)
{
    *owned = NULL;
    if (utf8_valid(md, strlen(md)))
        return md;
    struct buf b = BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)md; *p;) {
        if (*p < 0x80) {
            buf_putc(&b, (char)*p++);
            continue;
        }
        /* the NUL that ends md is no continuation byte: no read passes it */
        bool ok;
        size_t k = utf8_seq(p, 4, &ok);
        if (ok)
            buf_append(&b, p, k);
        else
            buf_puts(&b, "\xEF\xBF\xBD");
        p += k;
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

size_t markdown_raw_html(const char *md, char *first, size_t n)
{
    first[0] = '\0';
    if (!md || !*md)
        return 0;
    char *owned;
    md = utf8_clean(md, &owned);
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    free(owned);
    if (!doc)
        abort();
    cmark_iter *it = cmark_iter_new(doc);
    size_t count = 0;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(node);
        if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_HTML_INLINE))
            continue;
        if (count++ == 0) {
            const char *lit = cmark_node_get_literal(node);
            size_t len = lit ? strcspn(lit, "\r\n") : 0;
            const char *gt = lit ? memchr(lit, '>', len) : NULL;
            if (gt) /* the tag, not what follows it */
                len = (size_t)(gt - lit) + 1;
            if (len >= n)
                len = n - 1;
            while (len > 0 && (lit[len] & 0xC0) == 0x80) /* not inside a character */
                len--;
            memcpy(first, lit ? lit : "", len);
            first[len] = '\0';
        }
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    return count;
}

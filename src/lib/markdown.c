/* markdown.c — cmark in safe mode (CMARK_OPT_UNSAFE is never passed, so raw
 * HTML becomes a comment and dangerous URLs are dropped). */
#include "lib/markdown.h"
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

void markdown_html(struct buf *b, const char *md)
{
    if (!md || !*md)
        return;
    char *html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
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
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
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

/* markdown.h — narratives as HTML through cmark, with raw HTML and unsafe
 * links (javascript:, data: other than images) suppressed: the one path by which
 * user-written Markdown reaches a page. */
#ifndef DIALTURN_MARKDOWN_H
#define DIALTURN_MARKDOWN_H
#include "lib/buf.h"

/* Appends the HTML for Markdown `md` (NULL or "" appends nothing). */
void markdown_html(struct buf *b, const char *md);

/* Appends a plain-text rendering of `md` (for feeds' summaries and search
 * snippets); the caller escapes it where it goes into markup. */
void markdown_text(struct buf *b, const char *md);

/* How many pieces of raw HTML `md` holds (a block or an inline tag), which
 * markdown_html leaves out: a whole block of HTML, a paragraph that starts
 * with a tag, becomes a comment, an inline tag disappears.  The first one,
 * clipped to its first tag (or line) and at a UTF-8 boundary, goes in first[0..n)
 * (n > 0; "" when none). */
size_t markdown_raw_html(const char *md, char *first, size_t n);

#endif

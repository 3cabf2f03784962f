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

#endif

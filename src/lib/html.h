/* html.h — the one way dynamic text reaches an HTML page.
 *
 * Every byte a page shows that did not come from a string literal in our own
 * source goes through html_printf()'s %h (or %u inside a URL).  Its format
 * string is always a literal in the caller; the conversions are our own, not
 * printf's, so gcc cannot check them and html_printf carries no format
 * attribute (a script in `make lint` checks the calls instead).
 *
 * Conversions:
 *   %h   const char *  text or quoted attribute value, HTML-escaped:
 *                      & < > " ' become &amp; &lt; &gt; &quot; &#39;;
 *                      invalid UTF-8 and C0 control characters (other than
 *                      tab, newline, carriage return) and DEL become U+FFFD.
 *                      NULL prints nothing.
 *   %u   const char *  a URL path segment or query component, percent-encoded:
 *                      everything but A-Z a-z 0-9 - . _ ~ becomes %XX (so a
 *                      space is %20, a slash %2F, each UTF-8 byte %XX).  The
 *                      output is safe inside a quoted attribute as it stands.
 *                      NULL prints nothing.
 *   %d   int
 *   %ld  long
 *   %zu  size_t
 *   %s   const char *  TRUSTED MARKUP, copied as is.  %s must never carry user
 *                      data or anything read from the database or the request:
 *                      only string literals and strings chosen from tables of
 *                      literals in our own code (labels, CSS class names).
 *   %%   a literal percent sign
 * Anything else after % is a bug in the caller: html_printf reports it on
 * stderr and aborts, as a mismatched argument list cannot be walked safely. */
#ifndef DIALTURN_HTML_H
#define DIALTURN_HTML_H
#include "lib/buf.h"
#include <stdarg.h>

/* Appends `fmt` to `b`, expanding the conversions above.  Allocation failure
 * aborts (see buf.h); nothing to free beyond `b` itself. */
void html_printf(struct buf *b, const char *fmt, ...);
void html_vprintf(struct buf *b, const char *fmt, va_list ap);

/* Appends `s` HTML-escaped exactly as %h does (NULL appends nothing). */
void html_escape(struct buf *b, const char *s);

#endif

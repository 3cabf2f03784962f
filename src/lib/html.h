/* html.h — the one way dynamic text reaches an HTML page.
 *
 * Every byte a page shows that did not come from a string literal in our own
 * source goes through html_printf()'s %h (or %U inside a URL).  Its format
 * string is always a literal in the caller; the conversions are our own, not
 * printf's, so gcc cannot check them and html_printf carries no format
 * attribute.  tools/lint_calls.py, a step of every build and of `make lint`,
 * checks every call instead, read whole across lines: each conversion is one
 * of those below, there are as many arguments as conversions, and each %s
 * argument follows the rule for trusted markup below.  No conversion shares a
 * letter with a printf conversion of another meaning: printf's %u (unsigned)
 * aborts here rather than URL-encoding a number read as a pointer.
 *
 * Conversions:
 *   %h   const char *  text or quoted attribute value, HTML-escaped:
 *                      & < > " ' become &amp; &lt; &gt; &quot; &#39;;
 *                      invalid UTF-8 and C0 control characters (other than
 *                      tab, newline, carriage return) and DEL become U+FFFD.
 *                      NULL prints nothing.
 *   %U   const char *  a URL path segment or query component, percent-encoded:
 *                      everything but A-Z a-z 0-9 - . _ ~ becomes %XX (so a
 *                      space is %20, a slash %2F, each UTF-8 byte %XX).  The
 *                      output is safe inside a quoted attribute as it stands.
 *                      NULL prints nothing.
 *   %d   int
 *   %ld  long
 *   %zu  size_t
 *   %s   const char *  TRUSTED MARKUP, copied as is.  %s must never carry user
 *                      data or anything read from the database or the request.
 *                      The lint accepts as its argument only: a string literal
 *                      (or macro of one); an element or member of a table this
 *                      file declares const (`static const char *const x[]`,
 *                      `static const struct {...} t[]`) of literals; a name,
 *                      member or function whose name ends in `_html` (markup
 *                      our own code built with html_printf or cmark, e.g.
 *                      `e->advice_html`, `buf_str(&body_html)`); a parameter of
 *                      a static function whose every caller in the file
 *                      passes one of these; and `?:` between any of them.
 *                      Anything else takes %h.
 *   %%   a literal percent sign
 * Anything else after % is a bug in the caller: html_printf reports it on
 * stderr and aborts, as a mismatched argument list cannot be walked safely. */
#ifndef DIALTURN_HTML_H
#define DIALTURN_HTML_H
#include "lib/buf.h"
#include <stdarg.h>

/* Appends `fmt` to `b`, expanding the conversions above.  Allocation failure
 * aborts (see buf.h); nothing to free beyond `b` itself.
 *
 * html_printf(b, fmt, ...) is a macro that counts its arguments at compile
 * time and passes the count on: html_printf_n aborts, before it reads any
 * argument, when the format's conversions are not that many, so a call the
 * lint did not see (a format that is no literal) still cannot walk past its
 * arguments.  At most 40 arguments after the format. */
#define html_printf(b, ...) html_printf_n((b), HTML_NARGS_(__VA_ARGS__) - 1, __VA_ARGS__)
void html_printf_n(struct buf *b, int nargs, const char *fmt, ...);
/* Appends `fmt` with the arguments of `ap`, which the caller vouches are as
 * many as its conversions (html_printf_n checks them first). */
void html_vprintf(struct buf *b, const char *fmt, va_list ap);

/* The number of its arguments, 1 to 41 (the format and up to 40 more). */
#define HTML_NARGS_(...)                                                                           \
    HTML_NARGS_PICK_(__VA_ARGS__, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26,  \
                     25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6,   \
                     5, 4, 3, 2, 1, 0)
#define HTML_NARGS_PICK_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16,    \
                         _17, _18, _19, _20, _21, _22, _23, _24, _25, _26, _27, _28, _29, _30,     \
                         _31, _32, _33, _34, _35, _36, _37, _38, _39, _40, _41, n, ...)            \
    n

/* Appends `s` HTML-escaped exactly as %h does (NULL appends nothing). */
void html_escape(struct buf *b, const char *s);

#endif

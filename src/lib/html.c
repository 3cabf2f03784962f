/* html.c — HTML and URL escaping behind html_printf's own conversions. */
#include "lib/html.h"
#include "lib/text.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* U+FFFD REPLACEMENT CHARACTER, in UTF-8. */
static const char replacement[] = "\xEF\xBF\xBD";

/* Returns the entity or replacement for an ASCII byte that cannot appear as
 * itself in HTML text or a quoted attribute, or NULL if it can. */
static const char *ascii_escape(unsigned char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    case '\t':
    case '\n':
    case '\r':
        return NULL;
    default:
        return c < 0x20 || c == 0x7F ? replacement : NULL;
    }
}

void html_escape(struct buf *b, const char *s)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p; /* start of bytes that pass through unchanged */
    while (*p) {
        const char *rep;
        size_t n = 1;
        if (*p < 0x80) {
            rep = ascii_escape(*p);
        } else {
            bool ok;
            /* a sequence is at most 4 bytes, and the NUL that ends s is
             * never a continuation byte, so no read passes it */
            n = utf8_seq(p, 4, &ok);
            rep = ok ? NULL : replacement;
        }
        if (rep) {
            buf_append(b, run, (size_t)(p - run));
            buf_puts(b, rep);
            run = p + n;
        }
        p += n;
    }
    buf_append(b, run, (size_t)(p - run));
}

/* Appends `s` percent-encoded for a URL path segment or query component
 * (RFC 3986: only the unreserved characters stay as they are). */
static void url_encode(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            buf_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(b, e, sizeof e);
        }
    }
}

/* A conversion html_printf does not know: the caller's format is wrong, and
 * the remaining arguments cannot be interpreted, so stop loudly. */
_Noreturn static void bad_conversion(const char *fmt, const char *at)
{
    fprintf(stderr, "dialturn: bug: html_printf: bad conversion at offset %zu in \"%.80s\"\n",
            (size_t)(at - fmt), fmt);
    abort();
}

/* Appends the decimal digits of v, with a minus sign when negative: what
 * "%d", "%ld" and "%zu" print, without vsnprintf's parsing of a format (a
 * long table prints tens of thousands of numbers). */
static void put_unsigned(struct buf *b, unsigned long long v, bool minus)
{
    char d[24];
    size_t i = sizeof d;
    do
        d[--i] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    if (minus)
        d[--i] = '-';
    buf_append(b, d + i, sizeof d - i);
}

static void put_signed(struct buf *b, long long v)
{
    /* the magnitude in unsigned arithmetic: -LLONG_MIN does not fit */
    put_unsigned(b, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
}

void html_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    const char *f = fmt;
    for (;;) {
        const char *pct = strchr(f, '%');
        if (!pct) {
            buf_puts(b, f);
            return;
        }
        buf_append(b, f, (size_t)(pct - f));
        f = pct + 1;
        switch (*f) {
        case 'h':
            html_escape(b, va_arg(ap, const char *));
            f += 1;
            break;
        case 'U':
            url_encode(b, va_arg(ap, const char *));
            f += 1;
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (s)
                buf_puts(b, s);
            f += 1;
            break;
        }
        case 'd':
            put_signed(b, va_arg(ap, int));
            f += 1;
            break;
        case 'l':
            if (f[1] != 'd')
                bad_conversion(fmt, pct);
            put_signed(b, va_arg(ap, long));
            f += 2;
            break;
        case 'z':
            if (f[1] != 'u')
                bad_conversion(fmt, pct);
            put_unsigned(b, va_arg(ap, size_t), false);
            f += 2;
            break;
        case '%':
            buf_putc(b, '%');
            f += 1;
            break;
        default:
            bad_conversion(fmt, pct);
        }
    }
}

/* The number of conversions in fmt that take an argument (all but %%), or -1
 * at a conversion html_printf does not know (*at is then where). */
static int conversion_count(const char *fmt, const char **at)
{
    int n = 0;
    for (const char *f = strchr(fmt, '%'); f; f = strchr(f, '%')) {
        *at = f;
        f++;
        if (*f == '%') {
            f++;
            continue;
        }
        if (*f == 'h' || *f == 'U' || *f == 's' || *f == 'd')
            f += 1;
        else if ((f[0] == 'l' && f[1] == 'd') || (f[0] == 'z' && f[1] == 'u'))
            f += 2;
        else
            return -1;
        n++;
    }
    return n;
}

void html_printf_n(struct buf *b, int nargs, const char *fmt, ...)
{
    const char *at = fmt;
    int want = conversion_count(fmt, &at);
    if (want < 0)
        bad_conversion(fmt, at);
    if (want != nargs) {
        fprintf(stderr,
                "dialturn: bug: html_printf: %d conversions but %d arguments in \"%.80s\"\n", want,
                nargs, fmt);
        abort();
    }
    va_list ap;
    va_start(ap, fmt);
    html_vprintf(b, fmt, ap);
    va_end(ap);
}

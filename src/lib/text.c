/* text.c — checks on text from outside, and quoting it in messages (text.h). */
#include "lib/text.h"
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

size_t utf8_seq(const unsigned char *p, size_t avail, bool *ok)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    size_t need;

    *ok = false;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c == 0xE0) {
        need = 2;
        lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
        need = 2;
    } else if (c == 0xED) {
        need = 2;
        hi = 0x9F;
    } else if (c == 0xF0) {
        need = 3;
        lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
        need = 3;
    } else if (c == 0xF4) {
        need = 3;
        hi = 0x8F;
    } else {
        return 1; /* a stray continuation byte, C0/C1 or F5..FF */
    }
    if (avail < 2 || p[1] < lo || p[1] > hi)
        return 1;
    for (size_t i = 2; i <= need; i++)
        if (i >= avail || p[i] < 0x80 || p[i] > 0xBF)
            return i;
    *ok = true;
    return need + 1;
}

bool utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        bool ok;
        i += utf8_seq(p + i, n - i, &ok);
        if (!ok)
            return false;
    }
    return true;
}

size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

bool text_has_control(const char *s, bool multiline)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F) {
            if (!(multiline && (*p == '\n' || *p == '\r' || *p == '\t')))
                return true;
        } else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            return true; /* C1 controls, U+0080..U+009F */
        }
    }
    return false;
}

void text_quote(struct buf *b, const char *s, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    while (i < n && i < max) {
        unsigned char c = p[i];
        if (c < 0x20 || c == 0x7F) {
            buf_printf(b, "\\x%02X", c);
            i++;
        } else if (c < 0x80) {
            buf_putc(b, (char)c);
            i++;
        } else {
            bool ok;
            size_t k = utf8_seq(p + i, n - i, &ok);
            if (ok && !(c == 0xC2 && p[i + 1] <= 0x9F))
                buf_append(b, p + i, k);
            else if (ok)
                buf_printf(b, "\\x%02X", p[i + 1]); /* a C1 control */
            else
                buf_puts(b, "\xEF\xBF\xBD");
            i += k;
        }
    }
    if (i < n)
        buf_puts(b, "…");
}

bool ref_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

bool number_parse(const char *s, double *out)
{
    const char *p = s;
    if (!p || !*p)
        return false;
    if (*p == '-')
        p++;
    size_t digits = strspn(p, "0123456789");
    p += digits;
    if (*p == '.') {
        size_t frac = strspn(p + 1, "0123456789");
        if (frac == 0)
            return false;
        digits += frac;
        p += 1 + frac;
    }
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        size_t exp = strspn(p, "0123456789");
        if (exp == 0)
            return false;
        p += exp;
    }
    if (*p)
        return false;
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* --- messages that quote input (text.h) ------------------------------------------------ */

static const char replacement[] = "\xEF\xBF\xBD";
static const char ellipsis[] = "\xE2\x80\xA6";

/* utf8_seq reads at most 4 bytes, and the NUL that ends a C string is never a
 * continuation byte, so no read passes it. */
bool text_utf8_valid(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        bool ok = true;
        p += *p < 0x80 ? 1 : utf8_seq(p, 4, &ok);
        if (!ok)
            return false;
    }
    return true;
}

/* The bytes to append for the piece at p (n bytes long, *ok says whether it
 * is a valid character): the piece itself, or U+FFFD. */
static const char *piece(const unsigned char *p, size_t n, bool ok, size_t *outn)
{
    if (!ok || (n == 1 && (*p < 0x20 || *p == 0x7F)) || (n == 2 && p[0] == 0xC2 && p[1] < 0xA0)) {
        *outn = sizeof replacement - 1;
        return replacement;
    }
    *outn = n;
    return (const char *)p;
}

void text_safe(struct buf *b, const char *s, size_t max)
{
    if (!s)
        return;
    size_t used = 0, room = max >= 3 ? max - 3 : 0; /* room left for "…" */
    size_t mark = b->len;                           /* where the text fits within room */
    bool cut = false;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        bool ok = true;
        size_t n = *p < 0x80 ? 1 : utf8_seq(p, 4, &ok), outn;
        const char *out = piece(p, n, ok, &outn);
        if (used + outn > max) {
            cut = true;
            break;
        }
        buf_append(b, out, outn);
        used += outn;
        if (used <= room)
            mark = b->len;
        p += n;
    }
    if (!b->data)
        buf_puts(b, "");
    if (cut && max >= 3) {
        b->len = mark;
        buf_append(b, ellipsis, sizeof ellipsis - 1);
    } else if (cut) {
        b->len = mark;
        b->data[b->len] = '\0';
    }
}

const char *text_clip(char *out, size_t size, const char *s)
{
    struct buf b = BUF_INIT;
    text_safe(&b, s, size - 1);
    memcpy(out, buf_str(&b), b.len + 1);
    buf_free(&b);
    return out;
}

const char *text_vprintf(char *out, size_t size, const char *fmt, va_list ap)
{
    struct buf raw = BUF_INIT;
    buf_vprintf(&raw, fmt, ap);
    text_clip(out, size, buf_str(&raw));
    buf_free(&raw);
    return out;
}

const char *text_printf(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vprintf(out, size, fmt, ap);
    va_end(ap);
    return out;
}

void text_thousands(long long n, char *out, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n);
    size_t o = 0;
    if (n < 0 && o + 1 < size)
        out[o++] = '-';
    for (int i = 0; i < len && o + 1 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0 && o + 1 < size)
            out[o++] = ',';
        if (o + 1 < size)
            out[o++] = digits[i];
    }
    out[o] = '\0';
}

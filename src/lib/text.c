/* text.c — cutting and cleaning outside text for messages (see text.h). */
#include "lib/text.h"
#include <stdarg.h>
#include <string.h>

/* U+FFFD REPLACEMENT CHARACTER and U+2026 HORIZONTAL ELLIPSIS, in UTF-8. */
static const char replacement[] = "\xEF\xBF\xBD";
static const char ellipsis[] = "\xE2\x80\xA6";

size_t text_utf8_seq(const unsigned char *p, bool *ok)
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
    if (p[1] < lo || p[1] > hi)
        return 1;
    for (size_t i = 2; i <= need; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return i;
    *ok = true;
    return need + 1;
}

bool text_utf8_valid(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        bool ok = true;
        p += *p < 0x80 ? 1 : text_utf8_seq(p, &ok);
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
        size_t n = *p < 0x80 ? 1 : text_utf8_seq(p, &ok), outn;
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

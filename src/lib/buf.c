/* buf.c — growable byte buffer and aborting allocators. */
#include "lib/buf.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes this thread has asked of the allocators below (xalloc_tally). */
static _Thread_local size_t tally;

size_t xalloc_tally(void)
{
    return tally;
}

void *xmalloc(size_t n)
{
    tally += n;
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("dialturn: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    tally += n * size;
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fputs("dialturn: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *xrealloc(void *p, size_t n)
{
    tally += n;
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("dialturn: out of memory\n", stderr);
        abort();
    }
    return q;
}

void *xgrow(void *v, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return v;
    size_t want = *cap ? *cap : 8;
    if (size == 0 || want > SIZE_MAX / 2 / size) {
        fputs("dialturn: array too large\n", stderr);
        abort();
    }
    *cap = want * 2;
    return xrealloc(v, *cap * size);
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Grows so that `extra` more bytes and a NUL fit; doubling keeps appends amortised O(1).
 * A size that would overflow aborts, as allocation failure does. */
static void buf_reserve(struct buf *b, size_t extra)
{
    if (extra > SIZE_MAX - 1 - b->len) {
        fputs("dialturn: buffer too large\n", stderr);
        abort();
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void buf_append(struct buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
    buf_append(b, &c, 1);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    buf_reserve(b, 64);
    int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    if (n >= 0 && (size_t)n >= b->cap - b->len) {
        buf_reserve(b, (size_t)n);
        n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
    }
    va_end(ap2);
    if (n > 0)
        b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *buf_detach(struct buf *b)
{
    char *s = b->data ? b->data : xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void buf_free(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

const char *buf_str(const struct buf *b)
{
    return b->data ? b->data : "";
}

char *str_cut_utf8(char *s)
{
    size_t n = strlen(s), lead = n;
    while (lead > 0 && lead + 4 > n && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0 || ((unsigned char)s[lead - 1] & 0xC0) != 0xC0)
        return s; /* ends in ASCII or in stray continuation bytes: nothing was cut */
    unsigned char c = (unsigned char)s[lead - 1];
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (n - (lead - 1) < need)
        s[lead - 1] = '\0';
    return s;
}

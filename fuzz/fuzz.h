/* fuzz.h — what the libFuzzer targets of fuzz/ share (header only).
 *
 *   fuzz_fail(fmt, ...)      says what invariant broke, on the fuzzer's own
 *                            stderr, and aborts: libFuzzer saves the input
 *   fuzz_cstr(data, n)       the input as a NUL-terminated string (malloc'd;
 *                            the caller frees); bytes after a NUL stay in it
 *   fuzz_utf8_ok(s, n)       strict UTF-8 (no overlongs, no surrogates, at
 *                            most U+10FFFF), as html_escape demands
 *
 * A target's LLVMFuzzerInitialize() calls fuzz_init() first: it keeps a copy
 * of stderr, because `make fuzz` runs the targets with -close_fd_mask=2 (the
 * server writes an access log line per request) and a broken invariant must
 * still be told. */
#ifndef DIALTURN_FUZZ_H
#define DIALTURN_FUZZ_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static FILE *fuzz_report; /* a copy of stderr made before libFuzzer may close it */

static inline void fuzz_init(void)
{
    int fd = dup(2);
    fuzz_report = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!fuzz_report)
        fuzz_report = stderr;
}

static inline void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    FILE *f = fuzz_report ? fuzz_report : stderr;
    va_start(ap, fmt);
    fputs("fuzz: invariant broken: ", f);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    fflush(f);
    va_end(ap);
    abort();
}

static inline char *fuzz_cstr(const uint8_t *data, size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        abort();
    if (n)
        memcpy(s, data, n);
    s[n] = '\0';
    return s;
}

static inline bool fuzz_utf8_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        size_t k;
        unsigned cp;
        if (c < 0x80) {
            p++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            k = 1, cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = 2, cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3, cp = c & 0x07;
        } else {
            return false;
        }
        if ((size_t)(end - p) <= k)
            return false;
        for (size_t i = 1; i <= k; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += k + 1;
    }
    return true;
}

#endif

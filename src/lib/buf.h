/* buf.h — a growable byte buffer, the one way text is assembled in dialturn.
 *
 * A `struct buf` owns its `data`; buf_free() releases it, buf_detach() hands it
 * to the caller.  Allocation failure aborts: there is no sensible recovery from
 * an out-of-memory in the middle of rendering, and checking every append would
 * bury the logic.  `data` is always NUL-terminated once anything was appended. */
#ifndef DIALTURN_BUF_H
#define DIALTURN_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* owned; NULL until the first append */
    size_t len; /* bytes used, not counting the terminating NUL */
    size_t cap; /* bytes allocated */
};

#define BUF_INIT                                                                                   \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* Returns the string (never NULL; "" when empty), which the caller now owns and
 * must free(); the buffer is left empty. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);
/* Returns the contents as a string (never NULL); still owned by the buffer. */
const char *buf_str(const struct buf *b);

/* Grows array v (of *cap elements of `size` bytes, n of them used) so that
 * it holds at least n + 1, doubling from 16; aborts when the size would
 * overflow, as on allocation failure.  Returns the (possibly moved) array. */
void *xgrow(void *v, size_t n, size_t *cap, size_t size);

/* Shortens the string s, when it ends inside a UTF-8 character (cut there
 * by a bounded snprintf into a fixed array), to end before that character.
 * Text that was valid UTF-8 before the cut stays valid.  Returns s. */
char *str_cut_utf8(char *s);

/* malloc/realloc/strdup that abort on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Bytes this thread has asked of the allocators above since it started (a
 * realloc counts its whole new size): what an object built between two
 * readings takes, at most, for a memory budget (model/record_memo.h). */
size_t xalloc_tally(void);

#endif

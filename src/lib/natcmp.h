/* natcmp.h — "natural" string order, the order of refs in exports and pages.
 *
 * Runs of digits compare by numeric value (A2 < A10), everything else bytewise;
 * equal numbers with different leading zeros fall back to bytewise order so the
 * order stays total. */
#ifndef DIALTURN_NATCMP_H
#define DIALTURN_NATCMP_H
#include <stddef.h>

int natcmp(const char *a, const char *b);

/* Binary search of `n` elements of `size` bytes at `base`, sorted in natural
 * order of the `char *` member at byte offset `ref_at` (offsetof), for
 * `ref`.  Returns the element's index, or -1 (also for a NULL ref). */
long natfind(const void *base, size_t n, size_t size, size_t ref_at, const char *ref);

#endif

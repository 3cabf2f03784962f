/* natcmp.c — natural order of refs. */
#include "lib/natcmp.h"
#include <string.h>

static int isdig(char c)
{
    return c >= '0' && c <= '9';
}

int natcmp(const char *a, const char *b)
{
    const char *a0 = a, *b0 = b;
    while (*a && *b) {
        if (isdig(*a) && isdig(*b)) {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t la = 0, lb = 0;
            while (isdig(a[la]))
                la++;
            while (isdig(b[lb]))
                lb++;
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = memcmp(a, b, la);
            if (c)
                return c < 0 ? -1 : 1;
            a += la;
            b += lb;
        } else {
            if (*a != *b)
                return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++;
            b++;
        }
    }
    if (*a || *b)
        return *a ? 1 : -1;
    int c = strcmp(a0, b0);
    return c < 0 ? -1 : c > 0;
}

long natfind(const void *base, size_t n, size_t size, size_t ref_at, const char *ref)
{
    size_t lo = 0, hi = n;
    while (ref && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *at;
        memcpy(&at, (const char *)base + mid * size + ref_at, sizeof at);
        int c = natcmp(at, ref);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

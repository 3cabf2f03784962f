/* test_pairmap.c — the (integer, integer) → index map of lib/pairmap.h: set,
 * replace, absent keys (including index 0 and negative or swapped keys), and
 * growth through many rehashes keeping every entry. */
#include "lib/pairmap.h"
#include <criterion/criterion.h>

Test(pairmap, empty_map_finds_nothing)
{
    struct pairmap m = PAIRMAP_INIT;
    size_t v = 7;
    cr_assert(!pairmap_get(&m, 0, 0, &v));
    cr_assert_eq(v, 7);
    pairmap_free(&m);
}

Test(pairmap, set_get_replace)
{
    struct pairmap m = PAIRMAP_INIT;
    size_t v;
    pairmap_set(&m, 1, 2, 0); /* index 0 is a value like any other */
    pairmap_set(&m, -5, 9, 3);
    cr_assert(pairmap_get(&m, 1, 2, &v));
    cr_assert_eq(v, 0);
    cr_assert(!pairmap_get(&m, 2, 1, &v), "the pair is ordered");
    cr_assert(pairmap_get(&m, -5, 9, &v));
    cr_assert_eq(v, 3);
    pairmap_set(&m, 1, 2, 42);
    cr_assert(pairmap_get(&m, 1, 2, &v));
    cr_assert_eq(v, 42);
    cr_assert_eq(m.len, 2);
    pairmap_free(&m);
    cr_assert(!pairmap_get(&m, 1, 2, &v));
}

Test(pairmap, grows_and_keeps_everything)
{
    struct pairmap m = PAIRMAP_INIT;
    size_t n = 0, v;
    for (int64_t a = 0; a < 1000; a++)
        for (int64_t b = 0; b < 36; b++)
            pairmap_set(&m, a, 24000 + b, n++);
    cr_assert_eq(m.len, n);
    n = 0;
    for (int64_t a = 0; a < 1000; a++)
        for (int64_t b = 0; b < 36; b++) {
            cr_assert(pairmap_get(&m, a, 24000 + b, &v));
            cr_assert_eq(v, n++);
        }
    cr_assert(!pairmap_get(&m, 1000, 24000, &v));
    cr_assert(!pairmap_get(&m, 0, 24036, &v));
    pairmap_free(&m);
}

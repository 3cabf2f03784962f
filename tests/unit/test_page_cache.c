/* test_page_cache.c — the page cache keeps to its byte budget whatever it is
 * given, and tells apart keys that differ anywhere. */
#include "web/page_cache.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const struct page_cache_hit meta = {.content_type = "text/html"};

Test(page_cache, keeps_to_its_budget_whatever_the_keys)
{
    enum { BUDGET = 256 * 1024 };
    struct page_cache *c = page_cache_new(BUDGET);
    char key[2100], body[3000];
    memset(body, 'b', sizeof body);
    /* many distinct long keys with small bodies: the keys are the cost */
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "0\x1f\"e\"\x1f/plan?pad=");
        memset(key + n, 'x', 2000);
        snprintf(key + n + 2000, sizeof key - (size_t)n - 2000, "&i=%d", i);
        page_cache_put(c, key, body, (size_t)(i % 7) * 400, &meta);
        cr_assert_leq(page_cache_bytes(c), BUDGET, "after %d entries", i + 1);
    }
    /* empty bodies still count */
    for (int i = 0; i < 50000; i++) {
        snprintf(key, sizeof key, "0\x1f\"e\"\x1f/?q=%d", i);
        page_cache_put(c, key, "", 0, &meta);
    }
    cr_assert_leq(page_cache_bytes(c), BUDGET);
    cr_assert_gt(page_cache_bytes(c), BUDGET / 2, "the cache is used");
    page_cache_free(c);
}

Test(page_cache, keys_differ_past_any_length)
{
    struct page_cache *c = page_cache_new(1 << 20);
    char a[1200], b[1200];
    memset(a, 'x', 1100);
    snprintf(a + 1100, sizeof a - 1100, "&status=blocked");
    memcpy(b, a, 1100);
    snprintf(b + 1100, sizeof b - 1100, "&status=complete");
    page_cache_put(c, a, "blocked", 7, &meta);
    struct page_cache_hit hit;
    cr_assert_not(page_cache_get(c, b, &hit), "a key that differs at byte 1100 is another page");
    cr_assert(page_cache_get(c, a, &hit));
    cr_assert_eq(hit.len, 7);
    cr_assert_eq(memcmp(hit.body, "blocked", 7), 0);
    free(hit.body);
    page_cache_free(c);
}

/* page_cache.h — rendered answers kept by version (see page_cache.c). */
#ifndef DIALTURN_PAGE_CACHE_H
#define DIALTURN_PAGE_CACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct page_cache;

/* An answer as stored and as handed back.  On a hit `body` is a malloc'd copy
 * the caller owns; the strings are static. */
struct page_cache_hit {
    char *body;
    size_t len;
    const char *content_type;
    const char *cache_control;
    char disposition[160];
    time_t last_modified;
    bool gz;
};

/* A cache holding at most max_bytes, counting each entry's key, body and
 * bookkeeping (an entry over an eighth of that is not kept).  Free with
 * page_cache_free. */
struct page_cache *page_cache_new(size_t max_bytes);
void page_cache_free(struct page_cache *c);

/* Fills *out and returns true when `key` is held. */
bool page_cache_get(struct page_cache *c, const char *key, struct page_cache_hit *out);

/* Keeps a copy of body under key (body and meta are copied; meta->body is not
 * read).  Safe from any thread. */
void page_cache_put(struct page_cache *c, const char *key, const void *body, size_t len,
                    const struct page_cache_hit *meta);

/* The bytes the cache counts against its budget now (never above it). */
size_t page_cache_bytes(struct page_cache *c);

#endif

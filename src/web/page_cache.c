/* page_cache.c — rendered answers kept by version, for a read-heavy site.
 *
 * A public page changes only when the ledger moves, the day turns or the
 * server restarts, and its ETag (conditional.c) names exactly that version.
 * So an answer stored under (organisation, ETag, request target) is valid for
 * as long as anyone asks for that key, and a spike of readers following one
 * link costs one render.  Entries of older versions are never asked for again
 * and leave first-in first-out under a byte budget, which counts everything
 * an entry holds (key, body and bookkeeping), so that no mix of addresses
 * (a distinct query string per request) can grow the cache past it.
 *
 * One mutex guards the table; a hit copies the body out under it (a memcpy of
 * tens of kilobytes), so no entry is shared with a response in flight. */
#include "web/page_cache.h"
#include "lib/buf.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 4096

/* Bytes an entry costs besides its key and body: the struct, and the
 * allocator's headers of its three blocks (about 16 bytes each on glibc). */
#define ENTRY_OVERHEAD (sizeof(struct entry) + 3 * 16)

struct entry {
    char *key;                /* "org\x1f etag\x1f target", owned */
    char *body;               /* the answer's body as sent, owned */
    size_t len;               /* its length */
    const char *content_type; /* a static string */
    const char *cache_control;
    char disposition[160];
    time_t last_modified;
    bool gz;             /* body is gzip-encoded */
    size_t cost;         /* bytes counted against the budget: key, body, overhead */
    struct entry *next;  /* in its bucket */
    struct entry *older; /* in insertion order (the oldest has none) */
    struct entry *newer;
};

struct page_cache {
    pthread_mutex_t lock;
    struct entry *buckets[BUCKETS];
    struct entry *oldest, *newest;
    size_t bytes, max_bytes, max_entry;
    uint64_t hits, misses;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

struct page_cache *page_cache_new(size_t max_bytes)
{
    struct page_cache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->max_bytes = max_bytes;
    c->max_entry = max_bytes / 8;
    return c;
}

static void entry_free(struct entry *e)
{
    free(e->key);
    free(e->body);
    free(e);
}

/* Unlinks e from its bucket and from the age list, and frees it. */
static void evict(struct page_cache *c, struct entry *e)
{
    struct entry **p = &c->buckets[hash(e->key) % BUCKETS];
    while (*p != e)
        p = &(*p)->next;
    *p = e->next;
    if (e->older)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    if (e->newer)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    c->bytes -= e->cost;
    entry_free(e);
}

void page_cache_free(struct page_cache *c)
{
    if (!c)
        return;
    while (c->oldest)
        evict(c, c->oldest);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

bool page_cache_get(struct page_cache *c, const char *key, struct page_cache_hit *out)
{
    pthread_mutex_lock(&c->lock);
    struct entry *e = c->buckets[hash(key) % BUCKETS];
    while (e && strcmp(e->key, key) != 0)
        e = e->next;
    if (e) {
        out->body = xmalloc(e->len ? e->len : 1);
        memcpy(out->body, e->body, e->len);
        out->len = e->len;
        out->content_type = e->content_type;
        out->cache_control = e->cache_control;
        memcpy(out->disposition, e->disposition, sizeof out->disposition);
        out->last_modified = e->last_modified;
        out->gz = e->gz;
        c->hits++;
    } else {
        c->misses++;
    }
    pthread_mutex_unlock(&c->lock);
    return e != NULL;
}

void page_cache_put(struct page_cache *c, const char *key, const void *body, size_t len,
                    const struct page_cache_hit *meta)
{
    size_t cost = len + strlen(key) + 1 + ENTRY_OVERHEAD;
    if (cost > c->max_entry)
        return;
    struct entry *e = xcalloc(1, sizeof *e);
    e->key = xstrdup(key);
    e->cost = cost;
    e->body = xmalloc(len ? len : 1);
    memcpy(e->body, body, len);
    e->len = len;
    e->content_type = meta->content_type;
    e->cache_control = meta->cache_control;
    memcpy(e->disposition, meta->disposition, sizeof e->disposition);
    e->last_modified = meta->last_modified;
    e->gz = meta->gz;
    size_t b = hash(key) % BUCKETS;
    pthread_mutex_lock(&c->lock);
    for (struct entry *x = c->buckets[b]; x; x = x->next) {
        if (strcmp(x->key, key) == 0) { /* two workers rendered it at once */
            pthread_mutex_unlock(&c->lock);
            entry_free(e);
            return;
        }
    }
    e->next = c->buckets[b];
    c->buckets[b] = e;
    e->older = c->newest;
    if (c->newest)
        c->newest->newer = e;
    else
        c->oldest = e;
    c->newest = e;
    c->bytes += cost;
    while (c->bytes > c->max_bytes && c->oldest)
        evict(c, c->oldest); /* may be e itself, when the budget is smaller than it */
    pthread_mutex_unlock(&c->lock);
}

size_t page_cache_bytes(struct page_cache *c)
{
    pthread_mutex_lock(&c->lock);
    size_t n = c->bytes;
    pthread_mutex_unlock(&c->lock);
    return n;
}

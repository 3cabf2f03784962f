/* pairmap.c — a 64-bit mix of the two integers with linear probing; grows at 50% load. */
#include "lib/pairmap.h"
#include "lib/buf.h"
#include <stdlib.h>

/* splitmix64's finaliser over the pair: consecutive keys (action i, period j)
 * spread over the whole table, not into runs that linear probing would walk. */
static uint64_t mix(int64_t a, int64_t b)
{
    uint64_t h = (uint64_t)a * 0x9e3779b97f4a7c15ULL ^ (uint64_t)b;
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

static struct pairmap_slot *find_slot(const struct pairmap *m, int64_t a, int64_t b)
{
    size_t i = mix(a, b) & (m->cap - 1);
    while (m->slots[i].value && (m->slots[i].a != a || m->slots[i].b != b))
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

static void grow(struct pairmap *m)
{
    struct pairmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i].value)
            *find_slot(m, old.slots[i].a, old.slots[i].b) = old.slots[i];
    free(old.slots);
}

void pairmap_set(struct pairmap *m, int64_t a, int64_t b, size_t value)
{
    if ((m->len + 1) * 2 > m->cap)
        grow(m);
    struct pairmap_slot *s = find_slot(m, a, b);
    if (!s->value)
        m->len++;
    *s = (struct pairmap_slot){a, b, value + 1};
}

bool pairmap_get(const struct pairmap *m, int64_t a, int64_t b, size_t *value)
{
    if (!m->cap)
        return false;
    const struct pairmap_slot *s = find_slot(m, a, b);
    if (!s->value)
        return false;
    *value = s->value - 1;
    return true;
}

void pairmap_free(struct pairmap *m)
{
    free(m->slots);
    *m = (struct pairmap)PAIRMAP_INIT;
}

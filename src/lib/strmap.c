/* strmap.c — FNV-1a hashing with linear probing; grows at 50% load. */
#include "lib/strmap.h"
#include "lib/buf.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static struct strmap_slot *find_slot(const struct strmap *m, const char *key)
{
    size_t i = fnv1a(key) & (m->cap - 1);
    while (m->slots[i].key && strcmp(m->slots[i].key, key) != 0)
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

static void grow(struct strmap *m)
{
    struct strmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i].key)
            *find_slot(m, old.slots[i].key) = old.slots[i];
    free(old.slots);
}

static struct strmap_slot *slot_for_insert(struct strmap *m, const char *key)
{
    if ((m->len + 1) * 2 > m->cap)
        grow(m);
    return find_slot(m, key);
}

bool strmap_add(struct strmap *m, const char *key, size_t value)
{
    struct strmap_slot *s = slot_for_insert(m, key);
    if (s->key)
        return false;
    s->key = xstrdup(key);
    s->value = value;
    m->len++;
    return true;
}

void strmap_set(struct strmap *m, const char *key, size_t value)
{
    struct strmap_slot *s = slot_for_insert(m, key);
    if (!s->key) {
        s->key = xstrdup(key);
        m->len++;
    }
    s->value = value;
}

bool strmap_get(const struct strmap *m, const char *key, size_t *value)
{
    if (!m->cap)
        return false;
    const struct strmap_slot *s = find_slot(m, key);
    if (!s->key)
        return false;
    *value = s->value;
    return true;
}

void strmap_free(struct strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    m->slots = NULL;
    m->cap = m->len = 0;
}

/* ratelimit.c — sliding windows per key, in a fixed table (ratelimit.h). */
#include "lib/ratelimit.h"
#include "lib/buf.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct ratelimit *ratelimit_new(void)
{
    struct ratelimit *rl = xcalloc(1, sizeof *rl);
    pthread_mutex_init(&rl->lock, NULL);
    return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->lock);
    free(rl);
}

void ratelimit_clear(struct ratelimit *rl)
{
    pthread_mutex_lock(&rl->lock);
    memset(rl->slots, 0, sizeof rl->slots);
    pthread_mutex_unlock(&rl->lock);
}

/* A key's hash, never all zero (that marks a free slot). */
static void key_hash(const char *key, unsigned char out[16])
{
    crypto_generichash(out, 16, (const unsigned char *)key, strlen(key), NULL, 0);
    unsigned char any = 0;
    for (int i = 0; i < 16; i++)
        any |= out[i];
    if (!any)
        out[0] = 1;
}

static bool slot_free(const struct ratelimit_slot *s)
{
    static const unsigned char zero[16];
    return memcmp(s->hash, zero, sizeof zero) == 0;
}

/* The slot of hash h; with `make`, a free one (or the stalest) taken for it
 * when it has none.  NULL when absent and not made. */
static struct ratelimit_slot *find(struct ratelimit *rl, const unsigned char h[16], bool make)
{
    struct ratelimit_slot *empty = NULL, *stalest = NULL;
    for (size_t i = 0; i < RATELIMIT_SLOTS; i++) {
        struct ratelimit_slot *s = &rl->slots[i];
        if (slot_free(s)) {
            if (!empty)
                empty = s;
        } else if (memcmp(s->hash, h, 16) == 0) {
            return s;
        } else if (!stalest || s->at[0] < stalest->at[0]) {
            stalest = s;
        }
    }
    if (!make)
        return NULL;
    struct ratelimit_slot *s = empty ? empty : stalest;
    memset(s, 0, sizeof *s);
    memcpy(s->hash, h, 16);
    return s;
}

/* Seconds until slot s (NULL: no events) admits one more event at `now`
 * under `rule`; 0 when it admits one now. */
static long wait_for(const struct ratelimit_slot *s, const struct ratelimit_rule *rule, time_t now)
{
    if (rule->max <= 0)
        return rule->window_s > 0 ? rule->window_s : 1;
    if (!s)
        return 0;
    /* the event that must leave the window first is the max-th newest */
    int k = rule->max < RATELIMIT_EVENTS ? rule->max : RATELIMIT_EVENTS;
    time_t t = s->at[k - 1];
    if (t == 0 || t + rule->window_s <= now)
        return 0;
    return (long)(t + rule->window_s - now);
}

long ratelimit_take(struct ratelimit *rl, const struct ratelimit_key *keys, size_t n, time_t now)
{
    unsigned char h[8][16];
    if (n > 8)
        n = 8;
    for (size_t i = 0; i < n; i++)
        key_hash(keys[i].key, h[i]);
    pthread_mutex_lock(&rl->lock);
    long wait = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ratelimit_slot *s = find(rl, h[i], false);
        for (size_t j = 0; j < keys[i].nrules; j++) {
            long w = wait_for(s, &keys[i].rules[j], now);
            if (w > wait)
                wait = w;
        }
    }
    if (wait == 0)
        for (size_t i = 0; i < n; i++) {
            struct ratelimit_slot *s = find(rl, h[i], true);
            memmove(&s->at[1], &s->at[0], (RATELIMIT_EVENTS - 1) * sizeof s->at[0]);
            s->at[0] = now;
        }
    pthread_mutex_unlock(&rl->lock);
    return wait;
}

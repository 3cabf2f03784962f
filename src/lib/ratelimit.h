/* ratelimit.h — counts events per key over sliding windows, in memory.
 *
 * For what must not be done too often by one client or to one address (the
 * follow form's confirmation mails).  A table holds RATELIMIT_SLOTS keys,
 * each with the times of its last RATELIMIT_EVENTS events; keys are kept as
 * a hash (BLAKE2b), never as given, so the table holds no address in clear.
 * When the table is full, the key whose last event is oldest is forgotten.
 * The server owns one, shared by its threads (a mutex inside), for as long as
 * it runs: a restart forgets it. */
#ifndef DIALTURN_RATELIMIT_H
#define DIALTURN_RATELIMIT_H
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define RATELIMIT_SLOTS  2048 /* keys remembered at once */
#define RATELIMIT_EVENTS 64   /* events remembered per key: no rule may allow more */

/* At most `max` events in any `window_s` seconds. */
struct ratelimit_rule {
    long window_s;
    int max;
};

/* One key (borrowed) and the rules it is held to (nrules of them, borrowed). */
struct ratelimit_key {
    const char *key;
    const struct ratelimit_rule *rules;
    size_t nrules;
};

struct ratelimit_slot {
    unsigned char hash[16];      /* the key's hash; all zero when the slot is free */
    time_t at[RATELIMIT_EVENTS]; /* event times, newest at [0]; 0 past the last */
};

struct ratelimit {
    pthread_mutex_t lock;                         /* guards slots */
    struct ratelimit_slot slots[RATELIMIT_SLOTS]; /* the keys, in no order */
};

/* A new, empty table (about 1 MB), owned by the caller: ratelimit_free. */
struct ratelimit *ratelimit_new(void);
void ratelimit_free(struct ratelimit *rl);

/* Forgets every key. */
void ratelimit_clear(struct ratelimit *rl);

/* Whether one more event of every key of keys[n] (n at most 8) at `now`
 * keeps each key within each of its rules.  When it does, the event is recorded for every
 * key and 0 returned; when not, nothing is recorded and the answer is the
 * seconds to wait (at least 1) until every key would be within its rules. */
long ratelimit_take(struct ratelimit *rl, const struct ratelimit_key *keys, size_t n, time_t now);

#endif

/* pairmap.h — (integer, integer) → index hash map (open addressing).
 *
 * For composite keys such as an update's (action, period): no key is
 * formatted or copied, so adding 84,000 updates costs no allocation per key
 * (the strmap with "action:period" strings did one snprintf and one strdup
 * each, and a cache miss on every probe to compare the strings). */
#ifndef DIALTURN_PAIRMAP_H
#define DIALTURN_PAIRMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pairmap_slot {
    int64_t a, b; /* the key */
    size_t value; /* the index stored under the key, plus one; 0 marks an empty slot */
};

struct pairmap {
    struct pairmap_slot *slots; /* owned */
    size_t cap, len;            /* slots allocated (power of two) and used */
};

#define PAIRMAP_INIT                                                                               \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Sets (a, b) → value, replacing any previous value. */
void pairmap_set(struct pairmap *m, int64_t a, int64_t b, size_t value);
/* Finds (a, b); returns true and stores its value in *value if present. */
bool pairmap_get(const struct pairmap *m, int64_t a, int64_t b, size_t *value);
/* Frees the slots; the map is empty and reusable afterwards. */
void pairmap_free(struct pairmap *m);

#endif

/* strmap.h — string → index hash map (open addressing), for resolving refs.
 *
 * Keys are copied and owned by the map; values are plain size_t indices.
 * Lookups are O(1) so that resolving 10,000 actions' references stays linear. */
#ifndef DIALTURN_STRMAP_H
#define DIALTURN_STRMAP_H
#include <stdbool.h>
#include <stddef.h>

struct strmap_slot {
    char *key;    /* owned; NULL when the slot is empty */
    size_t value; /* the index stored under key */
};

struct strmap {
    struct strmap_slot *slots; /* owned */
    size_t cap, len;           /* slots allocated (power of two) and used */
};

#define STRMAP_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Sets key → value; returns false (and changes nothing) if key was present. */
bool strmap_add(struct strmap *m, const char *key, size_t value);
/* Sets key → value, replacing any previous value. */
void strmap_set(struct strmap *m, const char *key, size_t value);
/* Finds key; returns true and stores its value in *value if present. */
bool strmap_get(const struct strmap *m, const char *key, size_t *value);
void strmap_free(struct strmap *m);

#endif

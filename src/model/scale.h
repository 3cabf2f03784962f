/* scale.h — the built-in rating scales (DESIGN.md "Rating scale").
 * One scale per organisation, chosen at creation; levels are best first, so a
 * level's index is its rank (0 = best) for movement and distribution. */
#ifndef DIALTURN_SCALE_H
#define DIALTURN_SCALE_H

struct scale_level {
    const char *key;    /* as stored and exchanged: "high", "amber_green" */
    const char *label;  /* as shown: "High", "Amber/Green" */
    const char *colour; /* CSS colour for tags and charts */
};

struct scale {
    const char *name;                 /* "confidence3" or "dca5" */
    const struct scale_level *levels; /* best first; static */
    int nlevels;
};

/* Returns the scale called `name`, or NULL. */
const struct scale *scale_find(const char *name);
/* Returns the index of level `key` in s, or -1. */
int scale_level(const struct scale *s, const char *key);
/* Lists the level keys as "high, medium, low" into out (for error messages). */
void scale_describe(const struct scale *s, char *out, unsigned long n);

#endif

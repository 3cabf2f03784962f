/* pub_assurance.h — the panel's assurance as the public sees it, beside the
 * council's own ratings (DESIGN.md "Assurance": challenge in plain sight).
 *
 * A public page of month N shows, for each theme and action the panel rated,
 * its ratings of the latest month (up to N) that has any, with each member's
 * reason, as they stood when N was signed off: they are read from the ledger
 * up to N's seal (record.h), so a rating recorded or changed later reaches
 * the public with the next signed-off month and never rewrites N's record.
 * Only signed-off months' ratings are read.  Beside them, the council's side
 * of that month: the confidence of the action's accepted update, or for a
 * theme how many of its actions' accepted updates hold each level (the
 * distribution, not one summary level).
 *
 * Ownership: pub_assurance_load() allocates everything in *out;
 * pub_assurance_free() releases it. */
#ifndef DIALTURN_PUB_ASSURANCE_H
#define DIALTURN_PUB_ASSURANCE_H
#include "lib/date.h"
#include "model/db.h"
#include "model/pub_scope.h"
#include "model/scale.h"
#include <stdbool.h>
#include <stddef.h>

#define PUB_ASSURANCE_LEVELS   8     /* levels counted (the built-in scales have 3 and 5) */
#define PUB_ASSURANCE_MAX_ROWS 20000 /* ratings read, at most (a bound against a damaged file) */

/* One panel member's rating; strings owned. */
struct pub_assurance_rating {
    char *member;  /* the member's name as it stood at the seal */
    int level;     /* index in the scale; -1 when the stored key is unknown */
    char *comment; /* the reason, plain text; "" when the rating agrees */
};

/* The panel's ratings of one theme or action in one month, and the
 * council's ratings of the same month. */
struct pub_assurance_item {
    char *ref;                            /* "T1", "A12"; owned */
    bool is_action;                       /* false: a theme */
    char month[MONTH_LEN];                /* the month rated */
    struct pub_assurance_rating *ratings; /* by member name; owned */
    size_t nratings;
    size_t council[PUB_ASSURANCE_LEVELS]; /* the council's accepted ratings that month
                                             by level (one at most for an action) */
    size_t ncouncil;                      /* their sum */
};

struct pub_assurance {
    struct pub_assurance_item *v; /* themes by ref, then actions by ref; owned */
    size_t n;
};

/* Loads the panel's public assurance at `scope` (on a record connection,
 * scope from pub_scope_resolve).  Nothing when nothing is signed off.
 * Returns 0, or -1 with db->err (out is then empty). */
int pub_assurance_load(struct db *db, const struct pub_scope *scope, const struct scale *s,
                       struct pub_assurance *out);

/* The item for theme (is_action false) or action `ref`, or NULL. */
const struct pub_assurance_item *pub_assurance_find(const struct pub_assurance *a, bool is_action,
                                                    const char *ref);

/* Frees everything *a owns and zeroes it.  NULL is allowed. */
void pub_assurance_free(struct pub_assurance *a);

#endif

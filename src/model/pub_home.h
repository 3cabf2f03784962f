/* pub_home.h — the figures on the public home page, at a public month.
 *
 * Everything here follows model/pub_scope.h: a progress update counts only
 * when it is ACCEPTED in a SIGNED-OFF period no later than the month asked
 * about; a milestone is achieved only if achieved_on is no later than that
 * month's last day.  Nothing here knows about HTTP or HTML.
 *
 * "Status at month M" is the public record's, never the live plan row's (which
 * may already hold what an unsigned month reported):
 *   - complete, if the action's completed_on is no later than M's last day;
 *   - else the status of its latest public update up to M;
 *   - else retired if the plan retired it, otherwise not started.
 * Confidence at M is the level of that latest public update (none if it has
 * none).  Overdue and slip follow DESIGN.md "Rules", on M's last day, with the
 * forward pass run over the current plan's dates and the public updates'
 * forecasts.
 *
 * Ownership: pub_home_load() allocates every pointer inside a `struct
 * pub_home`; pub_home_free() releases all of it. */
#ifndef DIALTURN_PUB_HOME_H
#define DIALTURN_PUB_HOME_H
#include "lib/date.h"
#include "model/db.h"
#include "model/pub_scope.h"
#include "model/rules.h"
#include "model/scale.h"
#include <stdbool.h>
#include <stddef.h>

#define PUB_HOME_NEXT       5 /* milestones listed as due next */
#define PUB_HOME_MAX_LEVELS 8 /* rating levels counted (the built-in scales have 3 and 5) */
#define PUB_HOME_MAX_ROWS                                                                          \
    5000000 /* actions or milestones loaded, at most: a bound against a                            \
               damaged file, far beyond any regime (thousands) */

/* One action in a list: a movement, a change since a month, or a late action. */
struct pub_home_item {
    char *ref, *title;          /* owned */
    int from_level, to_level;   /* confidence before and after (scale index); -1: none */
    int from_status, to_status; /* enum action_status before and after; -1: none */
    int days;                   /* overdue and slipped lists: days late; else 0 */
};

struct pub_home_list {
    struct pub_home_item *v; /* natural ref order; owned */
    size_t n, cap;
};

struct pub_home_milestone {
    char *ref, *title; /* owned */
    char *action_ref;  /* its action's ref; NULL for a theme's milestone; owned */
    day_t due;         /* current due date */
    day_t forecast;    /* due + the action's forecast slip (DESIGN.md); due if unknown */
    day_t achieved_on; /* DAY_NONE unless achieved (by the month it is listed for) */
};

struct pub_home {
    char *org_name;            /* owned */
    const struct scale *scale; /* the organisation's rating scale (static) */
    struct pub_scope scope;    /* the month shown (a copy of what was passed) */
    size_t nthemes, nactions;  /* the current plan's size */
    char (*months)[MONTH_LEN]; /* every signed-off month up to the latest, newest
                                  first (for choosing an as-at month); owned */
    size_t nmonths;

    /* The scope's month (all zero when nothing is signed off: scope.month < 0). */
    day_t signed_off_on;                  /* DAY_NONE when not recorded */
    char *signed_off_by;                  /* the signer's name, NULL when not recorded; owned */
    char prev_month[MONTH_LEN];           /* the signed-off month before it; "" if none */
    size_t by_status[ST__MAX];            /* every action by its status at the month */
    size_t by_level[PUB_HOME_MAX_LEVELS]; /* ratings given IN the month, by level */
    size_t nrated;                        /* their sum */
    size_t nunrated;                      /* actions not retired with no rating in the month */
    struct pub_home_list overdue;         /* overdue at the month's last day; days = by then */
    struct pub_home_list slipped;         /* forecast after baseline finish; days = slip */
    bool cycle;                           /* a dependency cycle: no forecasts, no slips */
    struct pub_home_milestone *next;      /* up to PUB_HOME_NEXT public milestones not
                                             achieved by the month, soonest due first */
    size_t nnext;
    struct pub_home_list improved; /* confidence movement in the month (rule_movement) */
    struct pub_home_list declined;
    size_t nnew, nunchanged; /* the other movements' counts (missing: not rated) */

    /* What has changed since (only when scope.as_at). */
    char latest_month[MONTH_LEN];              /* the latest signed-off month */
    day_t latest_signed_off_on;                /* when it was signed off; DAY_NONE if unknown */
    struct pub_home_list changed;              /* confidence or status differs now */
    struct pub_home_milestone *achieved_since; /* public, achieved after the month, by the
                                                  latest month's end, in date order */
    size_t nachieved_since;
};

/* Loads the home page's figures for `scope` (from pub_scope_resolve) in one
 * read transaction.  With nothing signed off (scope->month < 0) only the
 * organisation and the plan's size are loaded.  Returns 0 and fills *out (free
 * with pub_home_free), or -1 with the reason in db->err and *out empty. */
int pub_home_load(struct db *db, const struct pub_scope *scope, struct pub_home *out);

/* Frees everything *h owns and zeroes it.  NULL is allowed. */
void pub_home_free(struct pub_home *h);

/* pub_home_load() through this thread's memo (record_memo.h): on a record
 * connection a sealed month's figures are computed once per thread and month
 * (and, as at an earlier month, the latest month it is compared with), not on
 * every request.  *out belongs to the memo: valid until this thread's next
 * record_memo_put(); callers never free it.  Returns 0, or -1 with the reason
 * in db->err. */
int pub_home_get(struct db *db, const struct pub_scope *scope, const struct pub_home **out);

#endif

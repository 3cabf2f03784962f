/* pub_feed.h — what the Atom feeds say: the signed-off monthly reports and the
 * published progress updates, newest first.
 *
 * Published means what model/pub_scope.h says: an update is in a feed only
 * when it is ACCEPTED in a SIGNED-OFF period no later than the scope's month;
 * a monthly report only when its month is signed off.  Nothing here knows
 * about HTTP or XML (web/feed.c writes the document).
 *
 * Ownership: pub_feed_load() allocates every pointer inside a `struct
 * pub_feed`; pub_feed_free() releases all of it. */
#ifndef DIALTURN_PUB_FEED_H
#define DIALTURN_PUB_FEED_H
#include "lib/date.h"
#include "model/db.h"
#include "model/pub_scope.h"
#include "model/scale.h"
#include <stdbool.h>
#include <stddef.h>

#define PUB_FEED_MAX        50 /* entries in one feed, at most */
#define PUB_FEED_MAX_LEVELS 8  /* rating levels counted in a report entry */

enum pub_feed_kind {
    PUB_FEED_SITE,   /* every monthly report, then the latest updates */
    PUB_FEED_ACTION, /* one action's updates */
    PUB_FEED_THEME,  /* the updates of a theme's actions */
};

struct pub_feed_entry {
    bool is_report;        /* a monthly report (else one progress update) */
    char month[MONTH_LEN]; /* the period, "YYYY-MM" */
    day_t updated;         /* when the month was signed off; its last day if not recorded */
    /* a report */
    size_t nupdates;                      /* updates accepted in the month */
    size_t by_level[PUB_FEED_MAX_LEVELS]; /* their ratings, by scale level */
    size_t nimproved, ndeclined;          /* confidence movements (rules.h) */
    /* an update */
    char *action_ref, *action_title; /* owned; NULL for a report */
    int status;                      /* enum action_status */
    int percent;                     /* 0..100 */
    int level;                       /* confidence (scale index), -1 for none */
    char *narrative;                 /* Markdown, owned; NULL for a report */
    char *corrected;                 /* the record's corrections of it (model/correction.h), one
                                        sentence a line, owned; NULL when none */
    char *panel;                     /* the panel's assurance of the action for this month, as
                                        the public pages show it (model/pub_assurance.h), one
                                        sentence a line, owned; NULL when the panel published
                                        none */
};

struct pub_feed {
    enum pub_feed_kind kind;
    char *org_name, *slug;     /* the organisation's; owned */
    const struct scale *scale; /* its rating scale (static) */
    char *ref, *title;         /* the action or theme; NULL for the site feed; owned */
    struct pub_feed_entry *v;  /* newest first (reports before updates of their
                                  month); at most PUB_FEED_MAX; owned */
    size_t n;
    day_t updated; /* the newest entry's date; DAY_NONE when empty */
};

/* Loads the feed of `kind` (for an action or theme, the one with `ref`) up to
 * the scope's month, in one read transaction.  The site feed holds a report
 * entry for each of the latest signed-off months (up to PUB_FEED_MAX) and fills
 * the rest with the latest updates.  Returns 0 and fills *out (free with
 * pub_feed_free); 1 when no action or theme has `ref` (*out empty); or -1
 * with the reason in db->err (*out empty). */
int pub_feed_load(struct db *db, const struct pub_scope *scope, enum pub_feed_kind kind,
                  const char *ref, struct pub_feed *out);

/* Frees everything *f owns and zeroes it.  NULL is allowed. */
void pub_feed_free(struct pub_feed *f);

/* pub_feed_load() through the memo (model/record_memo.h): a sealed month's
 * feed is made once for every thread.  *out belongs to the memo (never freed
 * by the caller; held until this thread's record_memo_release()); it is NULL
 * when the result is not 0.  Returns as pub_feed_load. */
int pub_feed_get(struct db *db, const struct pub_scope *scope, enum pub_feed_kind kind,
                 const char *ref, const struct pub_feed **out);

#endif

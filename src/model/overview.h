/* overview.h — the plan at a glance: themes, their actions, current confidence.
 *
 * The one query module behind the public plan page.  It knows nothing of HTTP
 * or HTML: overview_load() fills plain structs that a view renders.
 *
 * Ownership: every pointer inside a `struct overview` (all strings and arrays,
 * at every level) is allocated by overview_load() and owned by the struct;
 * overview_free() releases all of it.  Nothing points into SQLite's memory, so
 * the struct outlives the statements and the connection that filled it.
 *
 * "Current confidence" follows DESIGN.md: the level of the action's latest
 * ACCEPTED update in a SIGNED-OFF period (only signed-off periods are public),
 * and that period's month.  Drafts, submitted and returned updates, and updates
 * in open or closed periods never show. */
#ifndef DIALTURN_OVERVIEW_H
#define DIALTURN_OVERVIEW_H
#include "lib/date.h"
#include "model/db.h"
#include <stddef.h>

/* Upper bound on themes and on actions loaded, so that a damaged or hostile
 * file cannot make one page request allocate without limit. */
#define OVERVIEW_MAX_ROWS 50000

struct overview_action {
    char *ref;              /* "A1" */
    char *title;            /* one line */
    char *owner_name;       /* owner's name; "" when the action has no owner */
    char *owner_role;       /* owner's role; "" when no owner */
    day_t finish;           /* planned finish (current plan); DAY_NONE if unreadable */
    char *status;           /* not_started, in_progress, complete, blocked, retired */
    char *confidence;       /* level (high/medium/low or green..red), NULL when none */
    char *confidence_month; /* "YYYY-MM" of that update's period, NULL when none */
};

struct overview_theme {
    char *ref;                       /* "T1" */
    char *title;                     /* one line */
    char *lead_name;                 /* lead's name; "" when the theme has no lead */
    struct overview_action *actions; /* in plan order; NULL when nactions == 0 */
    size_t nactions;                 /* number of actions */
};

struct overview {
    char *org_name;                /* organisation.name */
    char *rating_scale;            /* "confidence3" or "dca5" */
    struct overview_theme *themes; /* in plan order; NULL when nthemes == 0 */
    size_t nthemes;                /* number of themes */
    size_t nactions;               /* actions over all themes */
};

/* Loads the overview in one read transaction (three queries: organisation,
 * themes, actions with their current confidence), so the page is consistent
 * even while a writer commits.  Returns 0 and fills *out (free with
 * overview_free), or -1 with the reason in db->err and *out left empty (calling
 * overview_free on it is harmless). */
int overview_load(struct db *db, struct overview *out);

/* Frees everything *ov owns and zeroes it.  NULL is allowed. */
void overview_free(struct overview *ov);

/* Copies the organisation's name into out (truncated to outlen - 1 bytes at a
 * character boundary).  One cheap query: the server uses it to announce itself
 * and /healthz to prove the database answers.  Returns 0, or -1 with the reason
 * in db->err. */
int overview_org_name(struct db *db, char *out, size_t outlen);

#endif

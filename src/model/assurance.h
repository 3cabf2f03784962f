/* assurance.h — the panel's own rating of the plan, beside the council's.
 *
 * Each panel member (CAP_ASSURE) records, per period, their own rating of a
 * theme or of one action: a level of the organisation's scale (scale.h) and a
 * comment, which is required when the rating differs from the council's
 * self-assessment.  One rating per member, period and theme (or action): a
 * second one replaces the first (the ledger keeps both).
 *
 * The council's self-assessment in a period (DESIGN.md "Assurance"):
 *   - of an action: the confidence of its accepted update in that period;
 *   - of a theme: the worst level among the confidences of its actions'
 *     accepted updates in that period;
 *   - none when there is no such update (the panel's rating then differs).
 *
 * Pages show a theme's self-assessment as the distribution of its actions'
 * levels (by_level); the worst level remains the one a rating is compared
 * with, so a panel member who rates a theme above its weakest action says why.
 *
 * This is the panel's workspace: what the public sees of its ratings, once a
 * later month is signed off, is read by model/pub_assurance.h.  This module
 * knows nothing of HTTP. */
#ifndef DIALTURN_ASSURANCE_H
#define DIALTURN_ASSURANCE_H
#include "lib/ferr.h"
#include "lib/date.h"
#include "model/account.h"
#include "model/db.h"
#include "model/scale.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ASSURANCE_COMMENT_MAX 4000   /* bytes of a comment, at most */
#define ASSURANCE_MAX_ROWS    100000 /* themes, rated actions and ratings one load reads */
#define ASSURANCE_LEVELS      8      /* levels counted (the built-in scales have 3 and 5) */

/* One panel member's rating of a theme or action; strings owned. */
struct assurance_rating {
    int64_t account_id; /* the panel member's account */
    char *member;       /* their name */
    int level;          /* index in the scale (0 = best); -1 when the stored key is unknown */
    char *level_key;    /* as stored */
    char *comment;      /* plain text; may be "" when the rating agrees */
    char at[21];        /* when it was recorded, UTC "YYYY-MM-DDTHH:MM:SSZ" */
    bool differs;       /* level differs from the council's self-assessment */
};

/* A theme, or an action some member rated, with both assessments. */
struct assurance_item {
    bool is_action;   /* false: a theme */
    int64_t id;       /* the theme's or the action's row id */
    char *ref;        /* "T1", "A12" */
    char *title;      /* one line */
    char *theme_ref;  /* for an action, its theme's ref; for a theme, its own */
    int council;      /* the council's level (see top), -1 when none */
    size_t nassessed; /* for a theme: actions with a rated accepted update in the period */
    size_t by_level[ASSURANCE_LEVELS]; /* for a theme: those actions by their level (the
                                          distribution shown beside the panel's ratings) */
    struct assurance_rating *ratings;  /* by member name */
    size_t nratings;
    bool differs; /* some rating differs from the council's */
};

/* A period's assurance, for the comparison page; everything owned
 * (assurance_period_free). */
struct assurance_period {
    int64_t period_id;
    char month[MONTH_LEN];        /* "2015-03" */
    char status[16];              /* "open", "closed", "signed_off" */
    const struct scale *scale;    /* the organisation's (static) */
    struct assurance_item *items; /* every theme by ref, each followed by its rated actions */
    size_t nitems;
    size_t *differences; /* indices into items of those that differ, in the same order */
    size_t ndifferences;
};

/* Loads the assurance of period `month` ("YYYY-MM").  Returns 1 and fills
 * *out (free with assurance_period_free), 0 when there is no such period,
 * or -1 (db->err).  A handful of queries, whatever the plan's size. */
int assurance_load(struct db *db, const char *month, struct assurance_period *out);

/* An action's rated accepted update in the period: the council's level of it. */
struct assurance_council {
    int64_t action_id, theme_id; /* row ids */
    int level;                   /* index in the scale */
};

/* As assurance_load(), with the council's levels given (c, n of them, in
 * any order; only read) where the caller already holds the month's accepted
 * updates as the same connection shows them, as the monthly report does in
 * the month's overview: one read of the updates fewer. */
int assurance_load_council(struct db *db, const char *month, const struct assurance_council *c,
                           size_t n, struct assurance_period *out);

/* Frees everything *p owns and zeroes it.  NULL is allowed. */
void assurance_period_free(struct assurance_period *p);

/* Every month that has a period, newest first, as "YYYY-MM" strings in one
 * array (free()).  Returns 0, or -1 (db->err). */
int assurance_months(struct db *db, char (**out)[MONTH_LEN], size_t *n);

/* A rating as submitted; strings borrowed, NULL counts as "". */
struct assurance_input {
    const char *period;  /* "YYYY-MM" */
    const char *theme;   /* a theme's ref, or "" when rating an action */
    const char *action;  /* an action's ref, or "" when rating a theme */
    const char *level;   /* a level key of the organisation's scale */
    const char *comment; /* required when the level differs from the council's */
};

enum assurance_rc {
    ASSURANCE_OK = 0,
    ASSURANCE_INVALID = 1, /* errs names the field and what to fix */
    ASSURANCE_DENIED = 2,  /* the user does not hold CAP_ASSURE: errs says so */
    ASSURANCE_ERROR = -1   /* the database failed: db->err */
};

/* Records `u`'s rating (u must hold CAP_ASSURE: a second fence behind the
 * route table), in its own transaction through the ledger, replacing the
 * member's earlier rating of the same theme or action in the period.  Names
 * in errs (emptied first; initialised by the caller with FERR_INIT, who
 * frees it with ferr_free) the first field at fault, with what to fix
 * (the form field: "level", "comment", "theme", "action", "period"): an
 * unknown period, neither or both of a
 * theme and an action, an unknown one, a level not of the scale, a comment
 * missing where the level differs from the council's, or too long.  On
 * success sets *id to the rating's row id. */
enum assurance_rc assurance_record(struct db *db, const struct session_user *u,
                                   const struct assurance_input *in, struct field_errors *errs,
                                   int64_t *id);

#endif

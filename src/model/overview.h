/* overview.h — the public plan at a glance: every theme and action with its
 * current confidence, forecast finish and slip at a public scope, for the
 * plan, theme and action pages and the API.
 *
 * What counts (pub_scope.h): an update counts only when it is ACCEPTED and its
 * period is SIGNED OFF with a month not after the scope's month.  Drafts,
 * submitted and returned updates, and updates in open or closed periods, never
 * reach an overview.  "Current confidence" is the level of the action's latest
 * such update, and that update's month.  The forecast finish is the forward
 * pass of DESIGN.md over the whole plan, with each action's reported forecast
 * taken from the same update; slip is forecast − baseline finish.
 *
 * Why a cache: a forecast depends on every predecessor of an action, so it
 * takes the whole plan to compute, and a page of 50 rows must not load 10,000
 * actions per request.  On a record connection showing a sealed month
 * (record.h), which never changes, the overview is built once for every
 * thread and kept in the record memo (record_memo.h).  Otherwise
 * overview_get() keeps, per thread, the plan as last loaded (actions, themes,
 * people, dependencies and every public update's month, level and forecast)
 * and, for the few most recent scope months, the derived state.  It reloads
 * only when the database has changed: the ledger's head (every change through
 * dialturn appends to it) and SQLite's data_version (any commit by another
 * connection, even one behind dialturn's back) are its version.
 *
 * Ownership: an overview returned by overview_get() belongs to the memo
 * (held until the thread's record_memo_release()) or to the calling thread's
 * cache (valid until its next overview_get() or overview_cache_clear());
 * callers never free it.  Nothing in it points into
 * SQLite's memory. */
#ifndef DIALTURN_OVERVIEW_H
#define DIALTURN_OVERVIEW_H
#include "lib/date.h"
#include "model/db.h"
#include "model/pub_scope.h"
#include "model/rules.h"
#include "model/scale.h"
#include <stdbool.h>
#include <stddef.h>

/* Bounds, so that a damaged or hostile file cannot make one load allocate
 * without limit. */
#define OVERVIEW_MAX_ROWS    5000000  /* themes, people, actions, dependencies each */
#define OVERVIEW_MAX_UPDATES 20000000 /* public updates */
#define OVERVIEW_MAX_LEVELS  8        /* levels of a rating scale (dca5 has 5) */

struct overview_person {
    int64_t id; /* row id */
    char *ref;  /* "ceo" */
    char *name; /* "Mark Rogers" */
    char *role; /* "Chief Executive"; may be "" */
};

struct overview_theme {
    int64_t id;  /* row id */
    char *ref;   /* "T1" */
    char *title; /* one line */
    long lead;   /* index into people, or -1 */
};

struct overview_action {
    int64_t id;                     /* row id */
    char *ref;                      /* "A1" */
    char *title;                    /* one line */
    size_t theme;                   /* index into themes */
    long owner;                     /* index into people, or -1 */
    enum action_status plan_status; /* the plan row's: pages show state[i].status */
    day_t start, finish;            /* planned (current plan) */
    day_t baseline_finish;          /* DAY_NONE when not set */
    day_t completed_on;             /* the plan row's; DAY_NONE unless complete */
    const size_t *pred;             /* indices of the actions it depends on */
    size_t npred;                   /* their number */
};

/* An action at the overview's scope.  Its status is the public record's,
 * never the live plan row's (which may already hold what an unsigned month
 * reported), the same rule as the home page's (pub_home.h), applied by
 * schedule_public_status() (model/schedule.h):
 *   - complete, if the plan's completed_on is no later than the scope's last day;
 *   - else the status of its latest public update up to the scope's month;
 *   - else retired if the plan retired it, otherwise not started.
 * A complete action's forecast is its completed_on (or, when only an update
 * says complete, that update's forecast, else its planned finish). */
struct overview_state {
    enum action_status status; /* public status at the scope (above) */
    day_t completed_on;        /* when complete at the scope, else DAY_NONE */
    int level;                 /* rating level (index in the scale, 0 = best) of the latest
                                  public update; -1 when none or unrated */
    int month;                 /* month number of that update when level >= 0, else -1 */
    day_t forecast;            /* forecast finish FF (forward pass) */
    day_t reported;            /* forecast finish of the latest public update (R), or
                                  DAY_NONE */
};

/* A public update (accepted, in a signed-off month) as the overview read it. */
struct overview_update {
    size_t action;  /* index into actions */
    int month;      /* its period's month */
    int status;     /* enum action_status reported, or -1 when unreadable */
    int level;      /* level index, -1 when none or not on the scale */
    day_t forecast; /* forecast finish, DAY_NONE when not given */
};

/* Counts over a set of actions at the overview's scope. */
struct overview_counts {
    size_t actions;                       /* actions in the set */
    size_t by_status[ST__MAX];            /* by public status (enum action_status) */
    size_t by_level[OVERVIEW_MAX_LEVELS]; /* by current level */
    size_t unrated;                       /* actions with no current level */
};

struct overview {
    const struct scale *scale;            /* the organisation's rating scale */
    int month;                            /* the scope's month (-1: nothing public) */
    const struct overview_person *people; /* by ref, natural order */
    size_t npeople;
    const struct overview_theme *themes; /* by ref, natural order */
    size_t nthemes;
    const struct overview_action *actions; /* by ref, natural order (A2 < A10) */
    size_t nactions;
    const size_t *plan_order;  /* action indices by theme, then ref */
    const size_t *theme_start; /* theme t's actions are plan_order
                                  [theme_start[t], theme_start[t + 1]) */
    const size_t *owners;      /* people who own an action, by name */
    size_t nowners;
    const struct overview_update *updates;      /* every public update the record holds, by
                                                   action, each action's by month (some may be
                                                   after `month`, in an as-at view) */
    const size_t *upd_start;                    /* action i's are updates
                                                   [upd_start[i], upd_start[i + 1]) */
    const struct overview_state *state;         /* per action, same index as actions */
    const struct overview_counts *theme_counts; /* per theme, same index as themes */
    struct overview_counts total;               /* over the whole plan */
};

/* Returns in *out the overview at scope month `month` (pub_scope.month; -1
 * counts no update), from this thread's cache when the database has not
 * changed since it was built, else loading it in one read transaction.
 * Returns 0, or -1 with the reason in db->err (*out is then NULL). */
int overview_get(struct db *db, int month, const struct overview **out);

/* Frees this thread's cache (tests and tools call it before closing their
 * database; worker threads free theirs when they exit). */
void overview_cache_clear(void);

/* Fills fp (room for ov->nactions) with the actions as the overview's own
 * forward pass took them (planned dates, public reported forecast, public
 * completion, predecessors pointing into ov), es and ff unset: run
 * rule_forward_pass() or rule_impact() on it for the same forecasts. */
void overview_fp(const struct overview *ov, struct fp_action *fp);

/* Action i's latest public update with a month not after `month` (which may
 * be earlier than the overview's: its updates up to an earlier month are
 * those of that month's record, unless a correction was made public in
 * between), or NULL. */
const struct overview_update *overview_latest_update(const struct overview *ov, size_t i,
                                                     int month);

/* Finds by ref: the index of the action / theme / person, or -1. */
long overview_find_action(const struct overview *ov, const char *ref);
long overview_find_theme(const struct overview *ov, const char *ref);
long overview_find_person(const struct overview *ov, const char *ref);

/* The position in `actions` of the first action whose ref comes after `ref`
 * in natural order (nactions when none does): where a keyset page resumes. */
size_t overview_after(const struct overview *ov, const char *ref);

/* The date overdue is judged on (DESIGN.md, "One clock"): the last day of
 * the month shown; today only while no month is signed off. */
day_t overview_overdue_on(const struct pub_scope *scope);

/* Whether action i is overdue on `on` (rules.h). */
bool overview_overdue(const struct overview *ov, size_t i, day_t on);

/* Slip of action i in days (forecast − baseline finish), in *days; returns
 * false (and 0) when the action has no baseline. */
bool overview_slip(const struct overview *ov, size_t i, int *days);

/* Which actions a list shows.  Fields at their "any" value filter nothing. */
struct overview_filter {
    long theme;   /* theme index, or -1 for any */
    long owner;   /* person index, or -1 for any */
    int status;   /* enum action_status, or -1 for any */
    int level;    /* level index; OVERVIEW_UNRATED for none; OVERVIEW_ANY */
    bool overdue; /* only actions overdue on `on` */
    day_t on;     /* the date for `overdue` */
};
#define OVERVIEW_ANY     (-2)
#define OVERVIEW_UNRATED (-1)

/* The value of the confidence filter that selects actions with no rating. */
#define OVERVIEW_UNRATED_KEY "none"

/* Parses the filter parameters as they arrive in a query (each NULL or ""
 * for "any"): theme and owner are refs, status an action status name,
 * confidence a level key of the scale or "none", overdue "1"/"true" or
 * "0"/"false".  On success returns NULL and fills *f (with `on` for overdue).
 * Otherwise returns the name of the first bad parameter (a static string) and
 * writes a sentence saying what is wrong into why. */
const char *overview_filter_parse(const struct overview *ov, const char *theme, const char *owner,
                                  const char *status, const char *confidence, const char *overdue,
                                  day_t on, struct overview_filter *f, char *why, size_t whylen);

/* Whether action i passes filter f. */
bool overview_match(const struct overview *ov, size_t i, const struct overview_filter *f);

/* Walks the actions in plan order (by theme, then ref) when `plan_order`,
 * else in ref order from position `from`, and stores in rows the indices of
 * the matches number offset+1 .. offset+limit (rows has room for `limit`);
 * *nrows gets how many were stored.  When total is not NULL, the walk goes to
 * the end and *total gets every match; otherwise it stops once rows is full. */
void overview_select(const struct overview *ov, const struct overview_filter *f, bool plan_order,
                     size_t from, size_t offset, size_t limit, size_t *rows, size_t *nrows,
                     size_t *total);

/* Copies the organisation's name into out (truncated to outlen - 1 bytes at a
 * character boundary).  One cheap query: the server uses it to announce itself
 * and /healthz to prove the database answers.  Returns 0, or -1 with the reason
 * in db->err. */
int overview_org_name(struct db *db, char *out, size_t outlen);

#endif

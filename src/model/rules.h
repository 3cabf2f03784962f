/* rules.h — the exact rules of DESIGN.md ("Rules"), as pure functions.
 *
 * Nothing here touches the database: callers load plain structs, call these,
 * and render the results.  That keeps every rule unit-testable on hand-worked
 * cases.  Dates are day numbers (lib/date.h); DAY_NONE means "not set". */
#ifndef DIALTURN_RULES_H
#define DIALTURN_RULES_H
#include "lib/date.h"
#include <stdbool.h>
#include <stddef.h>

enum action_status { ST_NOT_STARTED, ST_IN_PROGRESS, ST_COMPLETE, ST_BLOCKED, ST_RETIRED, ST__MAX };

/* Overdue on date `on`: status not complete or retired, and planned finish < on. */
bool rule_overdue(enum action_status status, day_t finish, day_t on);

/* What the record says of one action, for its status at a date. */
struct status_facts {
    day_t retired_on;   /* signed_off_on of the first signed-off version that
                           retired it, or DAY_NONE */
    day_t completed_on; /* the action's completed_on, or DAY_NONE */
    int upd_status;     /* status (enum action_status) of its latest accepted
                           update in a month not after the date's, or -1 */
    int created_status; /* status it was given when created or imported, or -1 */
    day_t created_on;   /* date of that record (its ledger entry), or DAY_NONE */
};

/* Status at D (DESIGN.md, "Status at D"): retired if a signed-off version
 * retired it on or before `on`; complete if completed_on <= on; otherwise the
 * status of the latest counted update, then the status it was created with
 * from its creation date on, else not started.  A "complete" that does not
 * come with completed_on <= on reads in progress.  *done gets completed_on
 * when complete at `on`, else DAY_NONE (the forward pass's completed_on). */
enum action_status rule_status_at(const struct status_facts *f, day_t on, day_t *done);

/* Slip in days: forecast − baseline (positive = late); 0 if either is DAY_NONE. */
int rule_slip(day_t forecast, day_t baseline);

/* One action as the forward pass sees it.  Inputs are set by the caller;
 * `es` and `ff` are written by rule_forward_pass(). */
struct fp_action {
    day_t start;        /* planned start S (current plan) */
    day_t finish;       /* planned finish F (current plan) */
    day_t reported;     /* forecast finish of the latest accepted update, or DAY_NONE */
    day_t completed_on; /* set when the action is complete, else DAY_NONE */
    const size_t *pred; /* indices (into the same array) of predecessors; not owned */
    size_t npred;       /* number of predecessors */
    day_t es;           /* out: earliest start */
    day_t ff;           /* out: forecast finish */
};

/* Runs the forward pass of DESIGN.md over `n` actions:
 *   D = F − S; R = reported if set, else F;
 *   ES(B) = max(S, max over predecessors A of FF(A) + 1);
 *   FF(B) = completed_on if set, else max(R, ES(B) + D).
 * Returns 0 on success.  On a dependency cycle returns -1 and, if `cycle` is
 * not NULL, stores in *cycle a malloc'd array of the indices forming one cycle
 * in dependency order (each depends on the one before; the first depends on the
 * last) and its length in *ncycle; the caller frees *cycle. */
int rule_forward_pass(struct fp_action *a, size_t n, size_t **cycle, size_t *ncycle);

/* A milestone of action X is forecast at due + max(0, FF(X) − F(X)).
 * With no action (x_ff or x_finish DAY_NONE) the forecast is `due`. */
day_t rule_milestone_forecast(day_t due, day_t x_ff, day_t x_finish);

/* One milestone for the impact calculation. */
struct fp_milestone {
    size_t action; /* index of its action in the fp_action array, or SIZE_MAX for none */
    day_t due;     /* current due date */
};

/* Something whose forecast moved. */
struct impact_move {
    bool is_milestone; /* false: action; true: milestone */
    size_t index;      /* index into the actions or milestones array */
    day_t from, to;    /* forecast before and after */
    int days;          /* to − from */
};

/* The impact of slipping action `target` by `slip` days: runs the pass, sets
 * the target's reported forecast to FF(target) + slip, runs the pass again, and
 * lists every action and milestone whose forecast moved, ordered by `to` and then
 * actions before milestones and then by index (callers re-sort by ref when
 * needed).  The second pass recomputes only the target and the actions after a
 * moved forecast (the same dates as a whole pass; O(n + dependencies) once).
 * On success returns 0 and stores a malloc'd array in *moves (caller
 * frees) and its length in *nmoves; `a` holds the slipped pass afterwards.
 * Returns -1 on a dependency cycle (see rule_forward_pass). */
int rule_impact(struct fp_action *a, size_t n, const struct fp_milestone *m, size_t nm,
                size_t target, int slip, struct impact_move **moves, size_t *nmoves);

enum measure_state { MS_ON_TARGET, MS_NEAR, MS_OFF, MS_NO_DATA };

/* Measure status at a date: on target if the latest value meets the target in
 * the better direction (up: value >= target; down: value <= target); near if it
 * misses by no more than tolerance_pct % of |target − baseline|; off otherwise;
 * no data if has_value is false. */
enum measure_state rule_measure_status(bool up_is_better, double baseline, double target,
                                       double tolerance_pct, bool has_value, double latest);

enum movement { MV_IMPROVED, MV_DECLINED, MV_UNCHANGED, MV_NEW, MV_MISSING };

/* Confidence movement of an action in a period.  Levels are indices in the
 * rating scale, 0 = best; -1 = none.  `current` is the level of its accepted
 * update in the period; `previous` its level in the latest earlier period with
 * an accepted update.  missing if current is -1; new if previous is -1. */
enum movement rule_movement(int previous, int current);

/* Names for output: "not_started", ..., "on_target", "near", "off", "no_data",
 * "improved", ... Return static strings. */
const char *action_status_name(enum action_status s);
/* Parses a status name; returns -1 if unknown. */
int action_status_parse(const char *s);
/* The status of a stored action row: one these rules do not know (the
 * schema's CHECK keeps them out, a damaged file may not) reads as not
 * started, everywhere the record is read. */
enum action_status action_status_of_row(const char *s);
/* The date a stored action row was completed: its completed_on when its
 * status is complete, else DAY_NONE (a date left on a reopened action does
 * not count). */
day_t action_completed_on(enum action_status s, day_t completed_on);
const char *measure_state_name(enum measure_state s);
const char *movement_name(enum movement m);

#endif

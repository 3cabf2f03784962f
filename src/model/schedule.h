/* schedule.h — the plan as the forward pass sees it, loaded with a handful of
 * queries (no narratives, no N+1), for `status`, `impact` and pages.
 *
 * Two ways to count progress updates:
 *   - schedule_load(), for the CLI: every ACCEPTED update in a period whose
 *     month is not after the month of a given date D, whatever the period's
 *     status, and each action's status at D (rules.h, rule_status_at);
 *   - schedule_load_public(), for the public record (model/pub_scope.h): an
 *     accepted update counts only in a SIGNED-OFF period no later than the
 *     scope's month, and each action's status is the public one (below).
 *
 * Everything is owned by the schedule; schedule_free() releases it. */
#ifndef DIALTURN_SCHEDULE_H
#define DIALTURN_SCHEDULE_H
#include "model/db.h"
#include "model/pub_scope.h"
#include "model/rules.h"
#include "model/scale.h"

struct s_theme {
    char *ref, *title;
};

struct s_action {
    int64_t id;                    /* row id */
    char *ref;                     /* owned */
    char *title;                   /* owned; schedule_load_public only, else NULL */
    long theme;                    /* index into themes */
    enum action_status status;     /* the plan row's */
    enum action_status pub_status; /* the status at the schedule's date: for
                                      schedule_load_public the public status at the
                                      scope (schedule_public_status), for
                                      schedule_load the status at D (rule_status_at) */
    day_t start, finish, baseline_finish, completed_on;
    day_t done;          /* the finish the forward pass takes as complete at the
                            schedule's date (fp_action.completed_on), or DAY_NONE */
    int confidence;      /* level of the latest counted update, or -1 */
    int month;           /* month number of that update, or -1 when none */
    int prev_confidence; /* level of the latest counted update in an earlier
                            month than `month`, or -1 */
    day_t reported;      /* forecast finish of the latest counted update,
                            or DAY_NONE */
    size_t *pred;        /* predecessor indices, owned */
    size_t npred, cappred;
};

struct s_milestone {
    char *ref;
    long action; /* index into actions, or -1 */
    day_t due, baseline_due, achieved_on;
};

struct schedule {
    const struct scale *scale;
    day_t end; /* schedule_load_public: the scope's last day (DAY_NONE when nothing
                  is signed off); schedule_load: DAY_NONE */
    struct s_theme *themes;
    size_t nthemes;
    struct s_action *actions;
    size_t nactions;
    struct s_milestone *milestones;
    size_t nmilestones;
    char **uncovered; /* refs of recommendations no live action answers */
    size_t nuncovered;
};

/* Loads the schedule at date `on` (DESIGN.md, "One clock"): counting only
 * accepted updates in periods whose month is not after on's, in any period
 * status; each action's pub_status is its status at `on` and `done` its
 * completed_on when that is no later than `on`.  Returns 0 or -1 (db->err);
 * *s is then safe to free. */
int schedule_load(struct db *db, day_t on, struct schedule *s);

/* Loads the schedule as the public record has it at `scope` (from
 * pub_scope_resolve; scope->month < 0 counts no update): only accepted updates
 * in signed-off periods no later than scope->month count, actions carry their
 * titles, and pub_status and done follow schedule_public_status() at
 * scope->end.  Themes, actions and dependencies are loaded; milestones and
 * uncovered recommendations are not (public pages read their own, with the
 * public flag and titles).  Does not open a transaction: callers wanting one
 * snapshot hold one.  Returns 0 or -1 (db->err); *s is then safe to free. */
int schedule_load_public(struct db *db, const struct pub_scope *scope, struct schedule *s);

/* schedule_load_public() for the actions whose ids the JSON array `only`
 * lists (text, e.g. "[3,17]"; NULL: every action), without dependencies:
 * a page showing fifty actions of a large plan reads their rows and updates
 * only.  No forward pass can run on the result. */
int schedule_load_public_some(struct db *db, const struct pub_scope *scope, const char *only,
                              struct schedule *s);

/* Frees everything *s owns and zeroes it. */
void schedule_free(struct schedule *s);

/* The public status of an action at the month ending `end` (DESIGN.md, as
 * pub_home.h and overview.h state it), never the live plan row's:
 *   - complete, if completed_on is no later than `end`;
 *   - else retired, if the plan retired it: a retirement reaches the live plan
 *     only with the panel's sign-off of a plan version, which is public, and
 *     no later update can undo it;
 *   - else `upd_status`, the status of its latest public update (-1: none),
 *     except that an update saying complete without a completion dated by
 *     `end` reads in progress (DESIGN.md, "Status at D");
 *   - otherwise not started.
 * *done gets the finish the forward pass takes as complete: completed_on in
 * the first case, else DAY_NONE.  Pure. */
enum action_status schedule_public_status(enum action_status plan_status, day_t completed_on,
                                          day_t end, int upd_status, day_t *done);

/* Finds the action with `ref` (actions are sorted by ref): its index, or -1. */
long schedule_find(const struct schedule *s, const char *ref);

/* Fills fa (n = nactions, caller-allocated) from the schedule for rules.h:
 * planned dates, reported forecasts, `done` as completed_on, predecessors
 * (pointing into the schedule).  In a public schedule a damaged row missing a
 * planned date stands still at the scope's end rather than trip the pass. */
void schedule_fp(const struct schedule *s, struct fp_action *fa);

#endif

/* schedule.h — the plan as the forward pass sees it, loaded with a handful of
 * queries (no narratives, no N+1), for `status`, `impact` and pages.
 *
 * Everything is owned by the schedule; schedule_free() releases it. */
#ifndef DIALTURN_SCHEDULE_H
#define DIALTURN_SCHEDULE_H
#include "model/db.h"
#include "model/rules.h"
#include "model/scale.h"

struct s_theme {
    char *ref, *title;
};

struct s_action {
    int64_t id;                 /* row id */
    char *ref;
    long theme;                 /* index into themes */
    enum action_status status;
    day_t start, finish, baseline_finish, completed_on;
    int confidence;             /* level of the latest accepted update in scope, or -1 */
    day_t reported;             /* its forecast finish, or DAY_NONE */
    size_t *pred;               /* predecessor indices, owned */
    size_t npred, cappred;
};

struct s_milestone {
    char *ref;
    long action; /* index into actions, or -1 */
    day_t due, baseline_due, achieved_on;
};

struct schedule {
    const struct scale *scale;
    struct s_theme *themes;
    size_t nthemes;
    struct s_action *actions;
    size_t nactions;
    struct s_milestone *milestones;
    size_t nmilestones;
    char **uncovered; /* refs of recommendations no live action answers */
    size_t nuncovered;
};

/* Loads the schedule, counting only accepted updates in periods whose month is
 * not after `month` (pass INT32_MAX for all).  Returns 0 or -1 (db->err). */
int schedule_load(struct db *db, int month, struct schedule *s);
void schedule_free(struct schedule *s);

/* Finds the action with `ref` (actions are sorted by ref): its index, or -1. */
long schedule_find(const struct schedule *s, const char *ref);

/* Fills fa (n = nactions, caller-allocated) from the schedule for rules.h. */
void schedule_fp(const struct schedule *s, struct fp_action *fa);

#endif

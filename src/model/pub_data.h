/* pub_data.h — the public record's data: recommendations and their coverage,
 * the milestones roadmap with its forecasts, the measures and their values,
 * the organisation and its signed-off periods.
 *
 * The model behind /recommendations, /milestones, /measures, /data and their
 * /api/v1 twins.  Every loader takes the public scope (model/pub_scope.h) and
 * counts a progress update only when it is ACCEPTED in a SIGNED-OFF period no
 * later than scope->month; measure values only up to scope->end; a milestone
 * is achieved only if achieved_on <= scope->end.  Nothing here knows about HTTP
 * or HTML.
 *
 * Each loader runs a handful of fixed queries inside one read transaction (no
 * query per row), fills plain structs and owns everything in them: the matching
 * *_free() releases all of it.  On failure a loader returns -1 with the reason
 * in db->err and leaves its struct safe to free.
 *
 * Lists come in "natural" ref order (A2 before A10, lib/natcmp.h) unless said
 * otherwise. */
#ifndef DIALTURN_PUB_DATA_H
#define DIALTURN_PUB_DATA_H
#include "lib/buf.h"
#include "lib/date.h"
#include "model/db.h"
#include "model/pub_scope.h"
#include "model/rules.h"
#include "model/scale.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- the organisation and its public periods --- */

struct pub_org {
    char *name, *slug, *timezone; /* as stored; owned */
    const struct scale *scale;    /* its rating scale (static); confidence3 if unknown */
};

/* Loads the organisation row.  Returns 0, or -1 (db->err; also when the
 * database has no organisation). */
int pub_org_load(struct db *db, struct pub_org *out);
void pub_org_free(struct pub_org *o);

struct pub_period {
    char month[MONTH_LEN]; /* "YYYY-MM" */
    day_t signed_off_on;   /* DAY_NONE when not recorded */
    int64_t head_seq;      /* the ledger's head when the month was sealed (record.h): its
                              entries, and the last one's hash (hex; "" when unsealed) */
    char head_hash[65];
};

struct pub_periods {
    struct pub_period *v; /* signed-off months up to scope->month, oldest first; owned */
    size_t n;
};

/* Loads the signed-off periods not after the scope's month.  Returns 0 or -1. */
int pub_periods_load(struct db *db, const struct pub_scope *scope, struct pub_periods *out);
void pub_periods_free(struct pub_periods *p);

/* --- actions as the public sees them (shared by the loaders below) ---
 *
 * Loaded through the public schedule (model/schedule.h, schedule_load_public),
 * the single source of the public count for this module and the home page. */

struct pub_action {
    int64_t id;                /* row id */
    char *ref, *title;         /* owned */
    enum action_status status; /* current plan status */
    day_t start, finish;       /* planned (current plan) */
    day_t baseline_finish;     /* DAY_NONE when not set */
    day_t completed_on;        /* DAY_NONE unless complete */
    int level;                 /* confidence of its latest public update (scale index), or -1 */
    char month[MONTH_LEN];     /* that update's month; "" when level is -1 */
    day_t reported;            /* that update's forecast finish, or DAY_NONE */
    day_t ff;                  /* forecast finish (public forward pass); DAY_NONE if not run */
};

struct pub_actions {
    const struct scale *scale; /* the organisation's rating scale (static) */
    struct pub_action *v;      /* natural ref order; owned */
    size_t n;
};

/* Finds an action by ref in a loaded list: its index, or -1. */
long pub_action_find(const struct pub_actions *a, const char *ref);

/* --- recommendations and their coverage --- */

struct pub_review {
    int64_t id;                       /* row id */
    char *ref, *title, *author, *url; /* url NULL when not set; owned */
    day_t published_on;               /* DAY_NONE when not set */
    size_t first, nrecs;              /* its recommendations: recs[first .. first + nrecs) */
};

struct pub_rec {
    int64_t id;       /* row id */
    char *ref, *text; /* owned */
    size_t review;    /* index into reviews */
    size_t *answers;  /* indices into actions of every action that answers it, natural
                         order, retired ones included; owned */
    size_t nanswers;
    bool covered; /* answered by at least one action that is not retired */
};

struct pub_recs {
    struct pub_actions actions;
    struct pub_review *reviews; /* natural ref order; owned */
    size_t nreviews;
    struct pub_rec *recs; /* grouped by review in review order, then natural order */
    size_t nrecs;
    size_t ncovered; /* how many recs are covered */
};

/* Loads every review, recommendation and answering action, with each action's
 * latest public confidence.  A handful of queries.  Returns 0 or -1. */
int pub_recs_load(struct db *db, const struct pub_scope *scope, struct pub_recs *out);
void pub_recs_free(struct pub_recs *r);
/* pub_recs_load() through the memo (model/record_memo.h): a sealed month's
 * are computed once for every thread.  *out belongs to the memo (never freed
 * by the caller; held until this thread's record_memo_release()).  Returns 0,
 * or -1 with the reason in db->err. */
int pub_recs_get(struct db *db, const struct pub_scope *scope, const struct pub_recs **out);

/* What the page of one recommendation shows, read without the whole plan:
 * every review and recommendation; out->actions holds only the actions
 * answering `ref` (its answers index them; their plan status decides its
 * coverage), and only those in [from, to) of their natural order have their
 * latest public confidence read (the others keep level -1).  The other
 * recommendations have no answers and ncovered counts `ref` alone.  *index
 * gets the recommendation's index in out->recs, or -1 when there is none.
 * Returns 0 or -1; *out is then safe to free with pub_recs_free. */
int pub_rec_load(struct db *db, const struct pub_scope *scope, const char *ref, size_t from,
                 size_t to, struct pub_recs *out, long *index);

/* --- the milestones roadmap --- */

enum pub_ms_state {
    PMS_ACHIEVED,      /* achieved (by scope->end) no later than its baseline due date */
    PMS_ACHIEVED_LATE, /* achieved after its baseline due date */
    PMS_SLIPPED,       /* not achieved; forecast later than its baseline due date */
    PMS_OVERDUE,       /* not achieved, not slipped, but due before the scope's end */
    PMS_UPCOMING,      /* not achieved, on course, due after the scope's end */
};

struct pub_milestone {
    char *ref, *title;       /* owned */
    long action;             /* index into actions, or -1 (a milestone of a theme) */
    day_t due, baseline_due; /* baseline_due DAY_NONE when not set */
    day_t achieved_on;       /* DAY_NONE unless achieved by scope->end */
    day_t forecast;          /* achieved_on when achieved, else due + max(0, FF(X) - F(X)) */
    int slip_days;           /* forecast - (baseline_due, else due); positive = late */
    enum pub_ms_state state;
};

struct pub_milestones {
    struct pub_actions actions; /* every action, with ff from the public forward pass */
    struct pub_milestone *v;    /* PUBLIC milestones only, natural ref order; owned */
    size_t n;
    size_t *timeline;                /* indices into v by (achieved_on, else forecast), then ref */
    size_t counts[PMS_UPCOMING + 1]; /* milestones in each state */
    bool cycle;                      /* the plan has a dependency cycle: forecasts are due dates */
};

/* Loads the public milestones and forecasts them with the forward pass of
 * DESIGN.md over the current plan and the public updates, with the public
 * status rule the whole site uses (schedule_public_status).  A handful of
 * queries.  Returns 0 or -1. */
int pub_milestones_load(struct db *db, const struct pub_scope *scope, struct pub_milestones *out);
void pub_milestones_free(struct pub_milestones *m);
/* pub_milestones_load() through the memo (model/record_memo.h), as
 * pub_recs_get. */
int pub_milestones_get(struct db *db, const struct pub_scope *scope,
                       const struct pub_milestones **out);

/* Names for output: "achieved", "achieved_late", "slipped", "overdue", "upcoming". */
const char *pub_ms_state_name(enum pub_ms_state s);

/* --- measures --- */

struct pub_value {
    day_t date;
    double value;
};

struct pub_link {
    char *ref, *title;         /* owned */
    enum action_status status; /* current plan status */
};

struct pub_measure {
    int64_t id;
    char *ref, *title, *unit; /* owned */
    bool up;                  /* direction: up is better */
    bool has_baseline, has_target;
    double baseline, target;
    day_t baseline_date, target_date; /* DAY_NONE when not set */
    long tolerance_pct;
    char *theme_ref, *theme_title; /* NULL when the measure has no theme; owned */
    struct pub_value *values;      /* dated <= scope->end, oldest first; owned */
    size_t nvalues, capvalues;
    struct pub_link *actions; /* linked actions, natural order; owned */
    size_t nactions, capactions;
    enum measure_state state; /* rule_measure_status on the latest value; no data
                                 also when the measure has no target */
};

struct pub_measures {
    struct pub_measure *v; /* natural ref order; owned */
    size_t n;
};

/* Loads every measure (ref NULL) or the one with `ref` (out->n is 0 when there
 * is none), with its values up to scope->end and its linked actions.  Three
 * queries.  Returns 0 or -1. */
int pub_measures_load(struct db *db, const struct pub_scope *scope, const char *ref,
                      struct pub_measures *out);
void pub_measures_free(struct pub_measures *m);
/* Every measure (pub_measures_load with no ref) through the memo
 * (model/record_memo.h), as pub_recs_get. */
int pub_measures_get(struct db *db, const struct pub_scope *scope, const struct pub_measures **out);

/* The latest value of a loaded measure, or NULL when it has none. */
const struct pub_value *pub_measure_latest(const struct pub_measure *m);

/* The measure's planned trajectory at date d: the straight line from the
 * baseline (date, value) to the target (date, value), the target after its
 * date.  Returns false when there is no line to read (no baseline or target
 * or their dates, or d before the baseline's date). */
bool pub_measure_planned(const struct pub_measure *m, day_t d, double *out);

/* The latest value against the trajectory, in words, appended to out:
 * "Planned 54.6 on 2015-09-30; the latest value, 61, is 6.4 ahead of it"
 * (ahead or behind in the better direction, "on it" when equal to one
 * decimal), or "No trajectory" / "No data".  Figures to one decimal. */
void pub_measure_trajectory_text(const struct pub_measure *m, struct buf *out);

#endif

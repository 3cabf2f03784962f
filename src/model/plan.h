/* plan.h — a whole regime in memory: what import reads, export writes and
 * plan_store() puts through the ledger.
 *
 * Import works on a plan loaded from the database: the document is merged into
 * it by ref, the result is checked whole, and only then stored, so bad input
 * changes nothing.  Cross references are indices into the plan's arrays (-1 for
 * none); `id` is the row's id in the database (0 for a row not stored yet).
 * Every string is owned by the plan (NULL means "not set"); plan_free() frees
 * everything. */
#ifndef DIALTURN_PLAN_H
#define DIALTURN_PLAN_H
#include "lib/date.h"
#include "lib/pairmap.h"
#include "lib/strmap.h"
#include "model/db.h"
#include "model/rules.h"
#include "model/scale.h"
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct p_org {
    char *name, *slug, *timezone;
    const struct scale *scale; /* static */
    bool stored;               /* the organisation row exists */
};

struct p_person {
    int64_t id;
    char *ref, *name, *role, *kind;
};

struct p_review {
    int64_t id;
    char *ref, *title, *author, *url;
    day_t published_on;
};

struct p_recommendation {
    int64_t id;
    char *ref, *text;
    long review;
};

struct p_version {
    int64_t id;
    int number;
    char *title, *status, *approval_ref;
    day_t approved_on, signed_off_on;
};

struct p_theme {
    int64_t id;
    char *ref, *title;
    long lead; /* person */
};

struct p_links {
    long *v; /* indices, owned */
    size_t n, cap;
};

struct p_action {
    int64_t id;
    char *ref, *title, *description, *closure_criteria;
    long theme, owner, member, panel_lead;
    day_t start, finish, baseline_finish, completed_on;
    enum action_status status;
    struct p_links answers;    /* recommendations */
    struct p_links depends_on; /* actions */
    long src_index;            /* position in the JSON input's "actions", or -1 */
    long src_line;             /* line of the CSV input it came from, or 0 */
};

struct p_milestone {
    int64_t id;
    char *ref, *title;
    long action;
    day_t due, baseline_due, achieved_on;
    bool public;
};

struct p_period {
    int64_t id;
    int month;
    char *status;
    day_t signed_off_on;
    long signed_off_by; /* person */
};

struct p_update {
    int64_t id;
    long action, period, author;
    char *state, *narrative;
    enum action_status status;
    int percent;
    int confidence; /* level index in the scale, -1 for none */
    day_t forecast_finish;
};

struct p_measure {
    int64_t id;
    char *ref, *title, *unit;
    bool up; /* direction: up is better */
    bool has_baseline, has_target;
    double baseline, target;
    day_t baseline_date, target_date;
    long tolerance_pct;
    long theme;
    struct p_links actions;
};

struct p_value {
    int64_t id;
    long measure;
    day_t date;
    double value;
};

#define PLAN_ARRAY(type, name)                                                                     \
    struct type *name;                                                                             \
    size_t n_##name, cap_##name

struct plan {
    struct p_org org;
    PLAN_ARRAY(p_person, people);
    PLAN_ARRAY(p_review, reviews);
    PLAN_ARRAY(p_recommendation, recs);
    PLAN_ARRAY(p_version, versions);
    PLAN_ARRAY(p_theme, themes);
    PLAN_ARRAY(p_action, actions);
    PLAN_ARRAY(p_milestone, milestones);
    PLAN_ARRAY(p_period, periods);
    PLAN_ARRAY(p_update, updates);
    PLAN_ARRAY(p_measure, measures);
    PLAN_ARRAY(p_value, values);
    /* ref → index, one map per kind */
    struct strmap m_people, m_reviews, m_recs, m_versions, m_themes, m_actions, m_milestones,
        m_periods, m_measures;
    struct pairmap m_updates; /* (action, period) → index */
    struct pairmap m_values;  /* (measure, date) → index */
    /* Public downloads only (plan_public_load): per update, the corrections the
     * record holds of it (model/correction.h) as sentences, one a line, or NULL;
     * the array is NULL when the record holds none, and always elsewhere. */
    char **update_notes;
    /* the panel and its meetings, as their canonical JSON (model/panel.h);
     * owned, NULL when there are none */
    json_t *panel, *meetings;
    /* cost agreements and expenses, likewise (model/money_json.h) */
    json_t *agreements, *expenses;
    /* engagement, likewise (model/engagement_json.h) */
    json_t *engagement;
    /* the corrections (model/correction.h), as canonical JSON, and those of
     * them an import brings that the file did not hold; owned, NULL when none */
    json_t *corrections, *corrections_new;
};

/* Loads everything stored in db into p (which must be zeroed).  Returns 0, or
 * -1 with db->err set. */
int plan_load(struct db *db, struct plan *p);

/* Checks the whole plan against the rules of plan-format.md that span objects
 * (refs resolve, dates in order, completed_on iff complete, no cycles, ...).
 * Returns 0, or -1 with a message naming the object and field in err: by its
 * JSON path ("actions[3].finish") or CSV line when it came from the input,
 * else by its ref. */
int plan_check(const struct plan *p, char *err, size_t errlen);

/* Writes every object of p through the ledger (rows that did not change are
 * left alone), in the caller's transaction.  Returns 0, or -1 (db->err). */
int plan_store(struct db *db, struct plan *p);

void plan_free(struct plan *p);

/* Finders: index of the object with that ref, or -1. */
long plan_find(const struct strmap *m, const char *ref);

/* Adders used by the readers: return the index of a new zeroed object whose
 * ref is registered in its map (the object owns a copy of ref). */
size_t plan_add_person(struct plan *p, const char *ref);
size_t plan_add_review(struct plan *p, const char *ref);
size_t plan_add_rec(struct plan *p, const char *ref);
size_t plan_add_version(struct plan *p, int number);
size_t plan_add_theme(struct plan *p, const char *ref);
size_t plan_add_action(struct plan *p, const char *ref);
size_t plan_add_milestone(struct plan *p, const char *ref);
size_t plan_add_period(struct plan *p, int month);
size_t plan_add_update(struct plan *p, long action, long period);
size_t plan_add_measure(struct plan *p, const char *ref);
size_t plan_add_value(struct plan *p, long measure, day_t date);
/* The map keys for updates and values. */
long plan_find_update(const struct plan *p, long action, long period);
long plan_find_value(const struct plan *p, long measure, day_t date);
long plan_find_version(const struct plan *p, int number);
long plan_find_period(const struct plan *p, int month);

/* Rebuilds every ref map from the arrays, after objects were removed or
 * renumbered (plan_public_filter). */
void plan_reindex(struct plan *p);

void links_add(struct p_links *l, long v);
void links_clear(struct p_links *l);

/* Replaces *slot with a copy of s (or NULL). */
void plan_set_str(char **slot, const char *s);

/* Sorts an index permutation of kind objects in export order (natural ref
 * order; updates by action then period; values by measure then date).  Each
 * returns a malloc'd array of n indices the caller frees. */
size_t *plan_order_people(const struct plan *p);
size_t *plan_order_reviews(const struct plan *p);
size_t *plan_order_recs(const struct plan *p);
size_t *plan_order_versions(const struct plan *p);
size_t *plan_order_themes(const struct plan *p);
size_t *plan_order_actions(const struct plan *p);
size_t *plan_order_milestones(const struct plan *p);
size_t *plan_order_periods(const struct plan *p);
size_t *plan_order_updates(const struct plan *p);
size_t *plan_order_measures(const struct plan *p);
size_t *plan_order_values(const struct plan *p);

#endif

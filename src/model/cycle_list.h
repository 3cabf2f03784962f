/* cycle_list.h — what the workspace pages of the monthly cycle show: an
 * owner's updates due, the update form's facts, the review queue, the chase
 * list and closure proposals.  Read-only: each function runs its queries on
 * the connection it is given (a page's read transaction).
 *
 * These are the workspace's views, not the public's: they show drafts,
 * submitted and returned updates, which the public site never does
 * (model/pub_scope.h).
 *
 * Ownership: every struct filled here owns its strings and arrays (malloc'd);
 * each has a matching *_free that releases them (the pointer itself only
 * where the function says "the array too").  Nothing points into SQLite. */
#ifndef DIALTURN_CYCLE_LIST_H
#define DIALTURN_CYCLE_LIST_H
#include "lib/date.h"
#include "model/cycle.h"
#include "model/db.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CYCLE_LIST_MAX 20000 /* rows of any one list, at most */

/* One piece of evidence: a link, or (later) an uploaded document. */
struct cycle_evidence {
    int64_t id;          /* the evidence row */
    char *label;         /* as given */
    char *url;           /* http(s) address; NULL for a document */
    int64_t document_id; /* 0 for a link */
};

/* One progress update with what its pages need. */
struct cycle_update {
    int64_t id;                     /* 0: none yet (a form's empty update) */
    char *action_ref;               /* "A1" */
    char *action_title;             /* one line */
    char *owner_name;               /* the action's owner; "" when none */
    char month[MONTH_LEN];          /* its period */
    char state[12];                 /* draft, submitted, accepted, returned; "" when none */
    char status[16];                /* reported status code; "" when none */
    int percent;                    /* 0–100 */
    char confidence[24];            /* level key; "" when none */
    char *narrative;                /* Markdown as written; "" when none */
    char forecast_finish[DATE_LEN]; /* "" when none */
    char *author_name;              /* who wrote it; "" when unknown */
    struct cycle_evidence *evidence;
    size_t nevidence;
    char *return_comment; /* the comment of its latest return, or NULL if never returned */
    char theme_ref[72];   /* the action's theme */
    char owner_ref[72];   /* the action's owner (person ref); "" when none */
    /* the action's latest accepted update of an earlier month, to compare with */
    bool has_prev;
    char prev_month[MONTH_LEN];
    char prev_status[16];
    int prev_percent;
    char prev_confidence[24]; /* "" when it gave none */
};

/* Frees what u owns (not u) and zeroes it; NULL is allowed. */
void cycle_update_free(struct cycle_update *u);
/* Frees n updates and the array too. */
void cycle_updates_free(struct cycle_update *u, size_t n);

/* Update `id`.  Returns 1 and fills *out (free with cycle_update_free), 0
 * when there is none, or -1 (db->err). */
int cycle_update_load(struct db *db, int64_t id, struct cycle_update *out);

/* The update form's facts for action `ref`. */
struct cycle_form {
    int64_t action_id;
    int64_t owner_id;               /* the action's owner (person id), 0 when none */
    char *action_ref;               /* as stored */
    char *action_title;             /* one line */
    char *closure_criteria;         /* plain text; "" when none */
    char action_status[16];         /* the plan row's status */
    bool has_period;                /* a period is open for updates */
    char month[MONTH_LEN];          /* that period; "" when none */
    bool exists;                    /* upd is this period's update (else a fresh one) */
    struct cycle_update upd;        /* this period's update, or a fresh one pre-filled from
                                       the latest accepted update (status, percent,
                                       confidence, forecast finish) */
    char finish[DATE_LEN];          /* the plan's finish */
    char baseline_finish[DATE_LEN]; /* as first approved; "" when none recorded */
    bool has_prev;                  /* prev holds the latest accepted update of an
                                       earlier month (what the owner wrote last) */
    struct cycle_update prev;
};

/* Loads the form's facts for action `ref`.  Returns 1 and fills *out (free
 * with cycle_form_free), 0 when there is no such action, or -1 (db->err). */
int cycle_form_load(struct db *db, const char *ref, struct cycle_form *out);
void cycle_form_free(struct cycle_form *f);

/* One of an owner's actions and where its update for the open period stands. */
struct cycle_due {
    char *ref, *title;    /* the action */
    char state[12];       /* its update's state; "" when not started */
    int64_t update_id;    /* 0 when none */
    bool closure_pending; /* a proposal to close it awaits a decision */
};

/* The actions owned by person `person_id` that are neither complete nor
 * retired, in natural ref order, with the state of their update for period
 * `period_id` (0: no open period, every state ""). Returns 0 with a new array
 * in *out (free with cycle_due_free, which frees the array too), or -1. */
int cycle_due_list(struct db *db, int64_t person_id, int64_t period_id, struct cycle_due **out,
                   size_t *n);
void cycle_due_free(struct cycle_due *d, size_t n);

/* One page of the review queue: the submitted updates awaiting review, in
 * periods not yet signed off, oldest month first, then action ref; each with
 * its evidence and any earlier return's comment. */
/* What the review queue is narrowed to: each NULL or "" for any. */
struct cycle_queue_filter {
    const char *theme;      /* theme ref */
    const char *owner;      /* the action owner's person ref */
    const char *confidence; /* the update's confidence level key */
};

struct cycle_queue {
    struct cycle_update *v; /* the page's updates, in queue order; owned */
    size_t n;
    size_t first;       /* the queue position (from 1) of v[0] */
    size_t total;       /* updates in the whole queue */
    size_t page, pages; /* this page (from 1), and how many there are (at least 1) */
};

/* Loads page `page` of the queue at `per_page` updates a page, or, when
 * `with_id` is queued, the page that holds it.  The whole queue is ordered
 * from ids, months and refs alone; only the page's updates and their evidence
 * are read, in two queries.  Returns 1 and fills *out (cycle_queue_free), 0
 * when there is no such page, or -1 (db->err). */
int cycle_queue_page(struct db *db, size_t per_page, size_t page, int64_t with_id,
                     const struct cycle_queue_filter *filter, struct cycle_queue *out);

/* The themes and owners of the whole queue (before any filter), for its
 * filter form: refs with their names, in ref order. */
struct cycle_queue_choice {
    char ref[72];
    char *name; /* owned */
};
int cycle_queue_choices(struct db *db, struct cycle_queue_choice **themes, size_t *nthemes,
                        struct cycle_queue_choice **owners, size_t *nowners);
void cycle_queue_choices_free(struct cycle_queue_choice *c, size_t n);
void cycle_queue_free(struct cycle_queue *q);

/* The chase list of the open period: actions (not complete or retired) whose
 * update is missing, a draft or returned, grouped by owner. */
struct cycle_chase_row {
    char *ref, *title;
    char state[12]; /* "" (missing), draft or returned */
};
struct cycle_chase_owner {
    char *name; /* the owner's name; "" for actions with no owner (listed last) */
    char *role; /* their role; "" when none */
    struct cycle_chase_row *rows;
    size_t nrows;
};
struct cycle_chase {
    bool has_period;                  /* a period is open; when not, the list is empty */
    char month[MONTH_LEN];            /* that period */
    struct cycle_chase_owner *owners; /* by name */
    size_t nowners;
    size_t total; /* rows over all owners */
};

/* Loads the chase list.  Returns 0 and fills *out (cycle_chase_free), or -1. */
int cycle_chase_load(struct db *db, struct cycle_chase *out);
/* The same list for period p, open or closed: the actions that have not
 * reported in it.  Returns 0 and fills *out (cycle_chase_free), or -1. */
int cycle_chase_of(struct db *db, const struct cycle_period *p, struct cycle_chase *out);
/* How many rows the chase list has (0 when no period is open), counted by
 * SQLite: the workspace home shows the number only.  Returns 0 or -1. */
int cycle_chase_count(struct db *db, size_t *n);
void cycle_chase_free(struct cycle_chase *c);

/* Where a closure proposal stands. */
enum closure_stage {
    CLOSURE_AWAITING_PMO,   /* proposed; the programme office decides */
    CLOSURE_AWAITING_PANEL, /* the programme office accepted a panel-led action */
    CLOSURE_ACCEPTED,       /* the action is complete */
    CLOSURE_RETURNED        /* not yet: see the comment */
};

/* One closure proposal. */
struct cycle_closure {
    int64_t id;
    char *action_ref, *action_title;
    char *criteria; /* the action's closure criteria; "" when none */
    bool panel_led; /* the action has a panel lead */
    enum closure_stage stage;
    char *evidence;                       /* Markdown */
    char *comment;                        /* the latest decision's comment; "" when none */
    char *proposed_by;                    /* account name; "" when unknown */
    char *decided_by;                     /* account name of the latest decision; "" when none */
    char proposed_at[21], decided_at[21]; /* UTC "…Z"; "" when none */
    char completed_on[DATE_LEN];          /* the completion date it gives; "" when
                                             proposed before proposals gave one */
    struct cycle_evidence *links;
    size_t nlinks;
};
void cycle_closure_free(struct cycle_closure *c);            /* what c owns, not c */
void cycle_closures_free(struct cycle_closure *c, size_t n); /* the array too */

/* Proposals awaiting a decision (by the programme office or the panel),
 * oldest first.  Returns 0 with a new array (cycle_closures_free), or -1. */
int cycle_closures_pending(struct db *db, struct cycle_closure **out, size_t *n);

/* The latest proposal to close action `ref`.  Returns 1 and fills *out
 * (cycle_closure_free), 0 when there is none, or -1 (db->err). */
int cycle_closure_latest(struct db *db, const char *ref, struct cycle_closure *out);

/* Proposal `id`.  Returns 1 and fills *out, 0 when none, -1 (db->err). */
int cycle_closure_load(struct db *db, int64_t id, struct cycle_closure *out);

#endif

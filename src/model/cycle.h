/* cycle.h — the monthly cycle: periods, updates, review, sign-off, closure.
 *
 * A month runs:
 *   1. the programme office opens a period (cycle_period_open): the month
 *      after the latest period, or any month when there is none; refused
 *      while another period is open, or closed but not signed off;
 *   2. each owner saves drafts and submits one update per action they own
 *      (cycle_update_save); a submitted update cannot be changed until the
 *      programme office returns it;
 *   3. the programme office accepts or returns each submitted update
 *      (cycle_review; returning needs a comment); every decision is kept in
 *      update_review; accepting makes the action's status follow the update;
 *   4. the programme office closes the period for updates (open → closed);
 *   5. the executive signs it off (closed → signed_off), refused while
 *      submitted updates still await review.  From then on the period's
 *      updates never change, and its accepted updates are public
 *      (model/pub_scope.h): nothing of an open or closed period, and no
 *      draft, submitted or returned update, ever reaches the public site.
 *
 * Closure (an action is complete only when its closure is accepted):
 *   - the owner proposes closing an action with evidence (Markdown and links)
 *     against its closure criteria (cycle_closure_propose); one proposal at a
 *     time per action;
 *   - the programme office accepts or returns it (cycle_closure_decide;
 *     returning needs a comment).  When the action has no panel lead, the
 *     programme office's acceptance completes the action;
 *   - when the action has a panel lead (action.panel_lead_id), acceptance
 *     needs the panel too: the programme office's acceptance leaves the
 *     proposal awaiting the panel (stored as state 'proposed' with
 *     decided_by_id and decided_at set: the ledger keeps that decision), and a
 *     panel member's acceptance completes the action.  The panel decides only
 *     panel-led actions, and only after the programme office; either may
 *     return the proposal;
 *   - completing sets the action's status 'complete' and completed_on to the
 *     date of the decision.
 *
 * Who may: each write checks the actor's capability (model/role.h) as a
 * second fence behind the route table, and the domain rule beyond it: an
 * owner updates and proposes closure only for actions whose owner_id is the
 * account's person_id.
 *
 * Errors: every write returns an enum cycle_rc; the user errors fill the
 * caller's `struct field_errors` (lib/ferr.h: initialised with FERR_INIT,
 * emptied by each write before it starts, freed by the caller with
 * ferr_free) naming the field and saying what to fix, so that a form can
 * link each message to its field, the API can name it in its problem
 * details and the command line can say it in one line.  Every
 * write is one transaction (db_begin … db_commit) whose rows go through the
 * ledger (actor = db->actor), rolled back whole on any refusal or error. */
#ifndef DIALTURN_CYCLE_H
#define DIALTURN_CYCLE_H
#include "lib/date.h"
#include "lib/ferr.h"
#include "model/account.h"
#include "model/db.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a write came to; the positive values are the user's to fix. */
enum cycle_rc {
    CYCLE_OK = 0,
    CYCLE_INVALID = 1,   /* the input breaks a rule: errs names the fields (HTTP 400) */
    CYCLE_DENIED = 2,    /* this user may not do this to this thing (403) */
    CYCLE_NOT_FOUND = 3, /* no such action, period, update or proposal (404) */
    CYCLE_CONFLICT = 4,  /* not now: the state forbids it (409), errs says why */
    CYCLE_ERROR = -1     /* the database failed: db->err */
};

#define CYCLE_MAX_LINKS 20 /* evidence links on one update or proposal */
#define CYCLE_NARRATIVE                                                                            \
    20000                    /* characters of a narrative, evidence or comment, at most            \
                                (LIMIT_NARRATIVE: every form and the API say so) */
#define CYCLE_LABEL_MAX 200  /* bytes of an evidence link's label */
#define CYCLE_URL_MAX   2000 /* bytes of an evidence link's address */

struct scale;

/* The organisation's rating scale (confidence3 when the row names none
 * known), or NULL on a database error (db->err). */
const struct scale *cycle_scale(struct db *db);

/* -- periods ----------------------------------------------------------------- */

enum period_state { PERIOD_OPEN, PERIOD_CLOSED, PERIOD_SIGNED_OFF };

/* One reporting month as listed.  Plain data. */
struct cycle_period {
    int64_t id;
    char month[MONTH_LEN];        /* "2015-03" */
    enum period_state state;      /* open, closed, signed off */
    char signed_off_on[DATE_LEN]; /* "" unless signed off */
    char signed_off_by[128];      /* the person's name; "" when none */
    size_t n_draft, n_submitted;  /* its updates by state */
    size_t n_accepted, n_returned;
};

/* Status code as stored ("signed_off") and as people read it ("Signed off"); static. */
const char *period_state_code(enum period_state s);
const char *period_state_label(enum period_state s);

/* Every period, newest first.  Returns 0 with a new array in *out (free()),
 * or -1 (db->err). */
int cycle_periods(struct db *db, struct cycle_period **out, size_t *n);

/* The period of `month` ("YYYY-MM").  Returns 1 and fills *out, 0 when there
 * is none, or -1 (db->err). */
int cycle_period_find(struct db *db, const char *month, struct cycle_period *out);

/* The period open for updates (the latest, should there be several).
 * Returns 1 and fills *out, 0 when none is open, or -1 (db->err). */
int cycle_period_open_now(struct db *db, struct cycle_period *out);

/* The month the next period must be: the month after the latest period.
 * Returns 1 with it in out, 0 when there is no period yet (any month may be
 * opened), or -1 (db->err). */
int cycle_next_month(struct db *db, char out[MONTH_LEN]);

/* Opens a period (CAP_PERIODS).  `month` may be NULL or "" for the next
 * month; when given it must be that month (or, with no period yet, any month).
 * Refused (CYCLE_CONFLICT) while a period is open or closed but not signed
 * off, naming it.  On success writes the month opened into `opened`. */
enum cycle_rc cycle_period_open(struct db *db, const struct session_user *u, const char *month,
                                char opened[MONTH_LEN], struct field_errors *errs);

/* Closes the open period `month` for updates (CAP_PERIODS): open → closed.
 * Review goes on; owners can no longer save or submit. */
enum cycle_rc cycle_period_close(struct db *db, const struct session_user *u, const char *month,
                                 struct field_errors *errs);

#define CYCLE_REASON_MAX 2000 /* bytes of the reason a month reopens */

/* Reopens the closed, unsigned period `month` for updates (CAP_PERIODS):
 * closed → open, with `reason` (required) kept in a ledgered
 * period_reopening row beside the change.  Refused (CYCLE_CONFLICT) for a
 * signed-off month, which never reopens, and for one already open. */
enum cycle_rc cycle_period_reopen(struct db *db, const struct session_user *u, const char *month,
                                  const char *reason, struct field_errors *errs);

/* One reopening of a month, as listed.  reason and by_name owned. */
struct cycle_reopening {
    char month[MONTH_LEN];
    char *reason;           /* owned */
    char *by_name;          /* who reopened it, as named then; owned */
    char at[DATE_TIME_LEN]; /* UTC "…Z" */
};

/* Every reopening, newest first.  Returns 0 with a new array in *out (free
 * with cycle_reopenings_free, the array too), or -1 (db->err). */
int cycle_reopenings(struct db *db, struct cycle_reopening **out, size_t *n);
void cycle_reopenings_free(struct cycle_reopening *v, size_t n);

/* Signs the closed period `month` off (CAP_SIGN_OFF): closed → signed_off,
 * signed_off_on = `on`, signed_off_by_id = the account's person (or NULL).
 * Refused while any of its updates is still submitted (saying how many), and
 * for an open period (close it first). */
enum cycle_rc cycle_period_sign_off(struct db *db, const struct session_user *u, const char *month,
                                    day_t on, struct field_errors *errs);

/* -- updates ----------------------------------------------------------------- */

/* An evidence link as submitted; strings borrowed.  A link whose label and
 * url are both empty is skipped (an unused row of the form). */
struct cycle_link {
    const char *label;
    const char *url;
};

struct document_upload;

/* An update as submitted, every value as typed (NULL counts as "").
 * `percent` is text so that the form and the API get the same message. */
struct cycle_update; /* model/cycle_list.h */

struct cycle_update_input {
    const char *status;             /* not_started, in_progress, blocked */
    const char *percent;            /* "0" … "100" */
    const char *confidence;         /* a level key of the organisation's scale; "" for none */
    const char *narrative;          /* Markdown; required to submit */
    const char *forecast_finish;    /* "YYYY-MM-DD", or "" */
    const struct cycle_link *links; /* replace the update's evidence links */
    size_t nlinks;
    const struct document_upload *uploads; /* documents to add as evidence: stored
                                              restricted, labelled with their names */
    size_t nuploads;
    const int64_t *remove; /* evidence ids of the update's documents to take off it */
    size_t nremove;
    bool submit;                /* submit for review (else save a draft) */
    struct cycle_update *saved; /* when not NULL, filled (cycle_update_load) with the update
                                   as this save wrote it, read inside its own transaction, so
                                   no later writer's change shows in it; the caller frees it
                                   with cycle_update_free */
};

/* Saves (or submits) the update of action `ref` for the open period
 * (CAP_UPDATE; the account's person must own the action).  Creates the
 * update or changes its draft or returned one; a submitted or accepted update
 * is refused (CYCLE_CONFLICT), as is an action that is complete or retired,
 * or a time when no period is open.  Validates every field (status — not
 * 'complete', which only closure gives —, percent 0–100, confidence of the
 * scale, narrative and confidence required to submit, forecast a real date,
 * links with a label and an http/https address), reporting each in errs.
 * The update's evidence links are replaced by `in->links`; its documents are
 * kept, but for those named in `in->remove`, and `in->uploads` are added
 * (which needs CAP_UPLOAD; a file refused by model/document.h is reported
 * on the field "evidence_file").  On success sets *id to the update's id. */
enum cycle_rc cycle_update_save(struct db *db, const struct session_user *u, const char *ref,
                                const struct cycle_update_input *in, struct field_errors *errs,
                                int64_t *id);

/* Decides on submitted update `update_id` (CAP_REVIEW): accept, or return
 * with `comment` (required to return, optional to accept).  Records the
 * decision in update_review with the account and the time; accepting sets the
 * action's status to the update's (unless the action is complete or retired
 * by then).  Refused for an update that is not submitted (CYCLE_CONFLICT). */
enum cycle_rc cycle_review(struct db *db, const struct session_user *u, int64_t update_id,
                           bool accept, const char *comment, struct field_errors *errs);

/* -- closure ----------------------------------------------------------------- */

/* Proposes closing action `ref` (CAP_UPDATE; the account's person owns it)
 * with `evidence` (Markdown, required), the date it was completed
 * `completed_on` ("YYYY-MM-DD", required: not before the action's start, not
 * after the last day of the open period, nor after today), links and uploaded
 * documents (as for an update).  Refused while a proposal of the action awaits
 * a decision, and for an action complete or retired.  On success sets *id to
 * the proposal's id. */
enum cycle_rc cycle_closure_propose(struct db *db, const struct session_user *u, const char *ref,
                                    const char *evidence, const char *completed_on,
                                    const struct cycle_link *links, size_t nlinks,
                                    const struct document_upload *uploads, size_t nuploads,
                                    struct field_errors *errs, int64_t *id);

/* The default completion date a closure form offers: the last day of the
 * open period, or today when none is open.  Returns 0 or -1 (db->err). */
int cycle_closure_default_date(struct db *db, day_t *out);

/* Decides on proposal `id` (CAP_CLOSE): accept, or return with `comment`
 * (required to return).  The programme office decides first; on a panel-led
 * action its acceptance leaves the proposal awaiting the panel, whose
 * acceptance completes the action on the date the proposal gave (a proposal
 * made before proposals carried one: the day it was proposed).  See the top. */
enum cycle_rc cycle_closure_decide(struct db *db, const struct session_user *u, int64_t id,
                                   bool accept, const char *comment, struct field_errors *errs);

#endif

/* cycle_int.h — what the cycle's source files share (cycle.c, cycle_update.c,
 * cycle_closure.c, cycle_list.c, and correction.c, which corrects the updates
 * the cycle signed off); not for use elsewhere. */
#ifndef DIALTURN_CYCLE_INT_H
#define DIALTURN_CYCLE_INT_H
#include "model/cycle.h"
#include "model/role.h"

/* Appends one message for `field` ("" for none) to errs.  Returns CYCLE_INVALID, for `return
 * cycle_err(…)` when the caller means that; callers wanting another code ignore it. */
enum cycle_rc cycle_err(struct field_errors *errs, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An action as the cycle's rules need it.  Plain data. */
struct cycle_action {
    int64_t id;
    int64_t owner_id;      /* 0 when none */
    int64_t panel_lead_id; /* 0 when none */
    char status[16];       /* as stored: "in_progress" */
    day_t start;           /* the action's start; DAY_NONE if unreadable */
};

/* Finds action `ref`.  Returns 1 and fills *a, 0 when there is none, -1 (db->err). */
int cycle_action_find(struct db *db, const char *ref, struct cycle_action *a);

/* Checks that u holds `cap`: CYCLE_OK, or CYCLE_DENIED with a message saying
 * what the role cannot do. */
enum cycle_rc cycle_need(const struct session_user *u, enum cap cap, struct field_errors *errs);

/* Checks that u's person owns action `a` (named `ref` in the message):
 * CYCLE_OK, or CYCLE_DENIED. */
enum cycle_rc cycle_need_owner(const struct session_user *u, const struct cycle_action *a,
                               const char *ref, struct field_errors *errs);

/* The prologue of an owner's change to action `ref`: checks CAP_UPDATE,
 * begins the transaction, finds the action, checks u owns it and that it is
 * neither complete nor retired (`closed_why` ends that refusal: "no update
 * is due").  On CYCLE_OK the transaction is open and *a filled; otherwise
 * it has been rolled back and errs says why. */
enum cycle_rc cycle_begin_owned(struct db *db, const struct session_user *u, const char *ref,
                                const char *closed_why, struct cycle_action *a,
                                struct field_errors *errs);

/* Checks the evidence links, adding a message per bad one (fields
 * evidence_label_N / evidence_url_N, N from 1).  Returns how many links are
 * to be stored (blank rows skipped), or SIZE_MAX when one was bad. */
size_t cycle_links_check(const struct cycle_link *links, size_t n, struct field_errors *errs);

/* Replaces the evidence links of an update (`closure` false) or a closure
 * proposal (true) with `links` (blank rows skipped), through the ledger; its
 * documents stay.  Call inside a transaction.  Returns 0, or -1 (db->err). */
int cycle_links_store(struct db *db, bool closure, int64_t owner, const struct cycle_link *links,
                      size_t n);

/* Stores each upload as a restricted document of u's account and adds it as
 * evidence of the update or proposal `owner`, labelled with its file name;
 * first takes the update's document evidence named in `remove` off it.
 * Call inside a transaction.  Returns CYCLE_OK; CYCLE_DENIED without
 * CAP_UPLOAD; CYCLE_INVALID for a refused file (message on
 * "evidence_file"); CYCLE_ERROR (db->err). */
struct document_upload;
enum cycle_rc cycle_docs_store(struct db *db, const struct session_user *u, bool closure,
                               int64_t owner, const struct document_upload *uploads, size_t n,
                               const int64_t *remove, size_t nremove, struct field_errors *errs);

/* Whether s is NULL, empty or only white space. */
bool cycle_blank(const char *s);

/* Rolls back and returns rc: the one way a write gives up. */
enum cycle_rc cycle_abort(struct db *db, enum cycle_rc rc);

#endif

/* correction.h — correcting an update of a signed-off month (DESIGN.md, "The
 * record of a month": "a correction is a new, dated, visible record").
 *
 * A signed-off month's updates never change (sql/007).  A correction is a new
 * row of update_correction (sql/009): one field of one accepted update, its
 * value before and after, the reason, who made it and when, written through
 * the ledger in one transaction.  The update is left as it was.
 *
 * What the public sees: on a record connection (model/record.h) the
 * corrections are those whose ledger entry is within the month's head, so a
 * correction reaches no public surface before the next sign-off, and the
 * record of the corrected month itself (sealed before it) never shows it.
 * From the next month's record on, progress_update reads the corrected value
 * and every place that shows the update says so beside it:
 *   "Corrected on 2016-04-02 by Pat Office: status was in progress, now
 *    blocked, because …"
 *
 * Who may: CAP_CORRECT (the programme office and the chief executive). */
#ifndef DIALTURN_CORRECTION_H
#define DIALTURN_CORRECTION_H
#include "lib/buf.h"
#include "lib/date.h"
#include "model/account.h"
#include "model/cycle.h"
#include "model/db.h"
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define CORRECTION_REASON_MAX 2000 /* bytes of a reason */

/* A correction as asked for; every value as typed (NULL counts as ""). */
struct correction_input {
    const char *ref;    /* the action's ref */
    const char *month;  /* the signed-off month of the update, "YYYY-MM" */
    const char *field;  /* status, percent, confidence, narrative, forecast_finish */
    const char *value;  /* the value it should read ("" for none: confidence, forecast) */
    const char *reason; /* why; required */
};

/* One correction as read.  Strings owned (correction_list_free). */
struct correction {
    int64_t id;
    int64_t update_id;
    char month[MONTH_LEN];       /* the corrected update's month */
    char field[16];              /* as stored: "status" */
    char *old_value, *new_value; /* as stored; NULL for none */
    char *reason;
    char *by_name;               /* who made it */
    char corrected_on[DATE_LEN]; /* "YYYY-MM-DD" */
};

/* Whether `field` is one a correction may change. */
bool correction_field_ok(const char *field);

/* Records a correction by u (CAP_CORRECT) of the accepted update of action
 * in->ref in the signed-off month in->month, in one transaction with its
 * ledger entry.  Refuses with errs naming the field: an unknown action or
 * no accepted update in that month (CYCLE_NOT_FOUND), a month not signed off
 * (CYCLE_CONFLICT), a missing reason, an unknown field, a value that is not
 * one the field takes or that the update already reads (CYCLE_INVALID), a
 * role without the capability (CYCLE_DENIED).  On success sets *id. */
enum cycle_rc correction_make(struct db *db, const struct session_user *u,
                              const struct correction_input *in, struct field_errors *errs,
                              int64_t *id);

/* The corrections of action `action_id` that this connection shows (on a
 * record connection: those within the month's head), by update month then
 * in the order made.  Returns 0 with a new array in *out (NULL when none),
 * or -1 (db->err). */
int correction_list(struct db *db, int64_t action_id, struct correction **out, size_t *n);

/* Every correction of updates of signed-off months that this connection
 * shows, by action id, month and order made, with the action's id in
 * action_ids[i] (a new array).  Returns 0, or -1 (db->err). */
int correction_list_all(struct db *db, struct correction **out, int64_t **action_ids, size_t *n);

/* The sentences (correction_note) of the corrections of update `update_id`
 * that this connection shows, in the order made, one a line, in *out (a new
 * string; NULL when there is none).  Returns 0, or -1 (db->err). */
struct scale;
int correction_notes(struct db *db, const struct scale *sc, int64_t update_id, char **out);

/* The months whose accepted update of action `action_id` may be corrected:
 * signed-off months, newest first, in *months (a new array of "YYYY-MM").
 * Returns 0, or -1 (db->err). */
int correction_months(struct db *db, int64_t action_id, char (**months)[MONTH_LEN], size_t *n);

/* Frees n corrections and the array.  NULL is allowed. */
void correction_list_free(struct correction *c, size_t n);

/* Appends the sentence that stands beside the corrected update, plain text:
 * "Corrected on D by X: FIELD was OLD, now NEW, because REASON."  Values read
 * as people read them (a level's label from the organisation's scale, "60%",
 * "none"); a narrative is quoted whole. */
struct scale;
void correction_note(const struct scale *sc, const struct correction *c, struct buf *out);

/* Whether v (NULL or "" for none) is a value `field` takes, as
 * correction_make() judges it with the scale sc; when not, the reason in why. */
bool correction_value_ok(const struct scale *sc, const char *field, const char *v, char *why,
                         size_t whylen);

/* ---- the interchange (correction_json.c) ----------------------------------------------------
 * The "corrections" section of dialturn-plan/1, a top-level array, one object
 * per correction, by action (natural order), month, then in the order made:
 *   {"action": REF, "period": "YYYY-MM", "field": FIELD, "old_value": text|null,
 *    "new_value": text|null, "reason": text, "by": person REF|null, "by_name": text,
 *    "corrected_on": "YYYY-MM-DD", "at": "YYYY-MM-DDTHH:MM:SSZ",
 *    "public_from": "YYYY-MM"|null}
 * Values are as stored (a percent "25", a level's key, a date); "by" is the
 * maker's person; "public_from" the month whose sign-off made it public (null:
 * none yet).  Kept in struct plan as canonical JSON (p->corrections). */
struct plan;

/* Reads every correction of db into p->corrections (not on a record
 * connection: the public downloads carry the notes instead).  Returns 0, or
 * -1 (db->err). */
int correction_load_plan(struct db *db, struct plan *p);

/* Checks the "corrections" member of doc (absent: nothing) against p (an
 * accepted update of a signed-off month, a known field and a value it takes,
 * each old value the one before, dates in order, refs that resolve) and
 * merges it: the n-th correction of an update must be the one p holds in that
 * place, and those beyond are new (p->corrections_new).  Returns 0, or -1
 * with "corrections[i].field: problem" in err. */
int correction_read_json(struct plan *p, json_t *doc, char *err, size_t errlen);

/* The section as the export writes it: a new reference, or NULL when p holds
 * no correction (the member is then left out). */
json_t *corrections_section(const struct plan *p);

/* Writes p's new corrections through the ledger, after plan_store(), in the
 * import's transaction, and seals the signed-off months not sealed yet,
 * oldest first, each correction just before the seal of its public_from month
 * (those with none after them all), so that each is public from the same month
 * as in the file it came from.  Returns 0, or -1 (db->err). */
int correction_store_plan(struct db *db, const struct plan *p);

/* Finds the enabled account `username` and fills *out as a session would
 * (for the command line, which acts as a named account).  Returns 1 found,
 * 0 not (or disabled), -1 (db->err). */
int correction_actor(struct db *db, const char *username, struct session_user *out);

#endif

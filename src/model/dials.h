/* dials.h — the measures' values ("the dials") entered for a month, and
 * milestones marked achieved, on the web and through the write API
 * (DESIGN.md, "Measure", "Milestone", "The record of a month").
 *
 * A measure has at most one value per month, dated the month's last day
 * (measure_value).  Recording a value for month M (dial_record):
 *   - the value is a finite decimal ("12", "-3.5"), the month one of the
 *     plan's reporting months (a period), not after today's month;
 *   - while M is not signed off, a second entry replaces the draft;
 *   - once M is signed off, a second entry is a correction: it needs a note
 *     (why), and the month's own record still shows the value signed off,
 *     the next month signed off shows the new value with the correction
 *     beside it (measure_entry, sql/015);
 *   - each entry keeps its note, source, who and when (measure_entry), and
 *     the value and the entry go through the ledger in one transaction.
 * Nothing entered is public before its month's sign-off: the record
 * connection (model/record.h) shows measure values dated by the month in
 * scope as the ledger stood at its head, and the entries within the head.
 *
 * The same checks of the value and the date serve the CSV import
 * (dial_value_parse, dial_date_check).
 *
 * A milestone is marked achieved (dial_achieve) by the programme office or
 * the owner of its action, with the date (not in the future, not before the
 * plan's start: the earliest of its actions' starts and its first reporting
 * month) and optional evidence: milestone.achieved_on and a
 * milestone_achievement row in one transaction.  Public from the first
 * sign-off after it, when the monthly report lists it among the milestones
 * met if its date falls in that month.
 *
 * Who may: CAP_MEASURES (the programme office) for values; CAP_MILESTONES
 * (the programme office any milestone, an action owner those of their own
 * actions) for milestones. */
#ifndef DIALTURN_DIALS_H
#define DIALTURN_DIALS_H
#include "lib/date.h"
#include "lib/ferr.h"
#include "model/account.h"
#include "model/cycle.h"
#include "model/db.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIAL_NOTE_MAX   2000 /* bytes of a note or evidence text */
#define DIAL_SOURCE_MAX 500  /* bytes of a source */

/* Parses a value as typed: a JSON number (an optional minus sign, digits,
 * optionally a point and digits, optionally an exponent: "42", "-3.5",
 * "2e3"; no commas, units or spaces) of at most 30 characters whose value is
 * finite (not "1e999").  Returns whether it is one. */
bool dial_value_parse(const char *s, double *out);

/* Whether a value's date `d` may be recorded on `today`: a real date, not
 * after today's month (a month's value is dated its last day).  When not,
 * writes why into why (always terminated) and returns false. */
bool dial_date_check(day_t d, day_t today, char *why, size_t whylen);

/* A value as asked for; every string as typed (NULL counts as ""). */
struct dial_input {
    const char *ref;      /* the measure's ref */
    const char *month;    /* "YYYY-MM" */
    const char *value;    /* the decimal */
    const char *note;     /* optional, required for a correction */
    const char *source;   /* optional: where the figure comes from */
    const double *number; /* the value as a number (the API's JSON): used instead of
                             `value` when not NULL, and must be finite */
};

/* What dial_record wrote. */
struct dial_saved {
    int64_t value_id, entry_id;
    char month[MONTH_LEN];
    char date[DATE_LEN];
    double value;
    bool has_old; /* an earlier value was replaced (draft) or corrected */
    double old_value;
    bool correction; /* the month was signed off */
};

/* Records in->value for measure in->ref's month in->month by u (above).
 * Refuses with errs naming the field: no such measure (CYCLE_NOT_FOUND),
 * a bad value or month, a correction without a note, the value it already
 * reads (CYCLE_INVALID), a role without CAP_MEASURES (CYCLE_DENIED).  On
 * success fills *out (may be NULL). */
enum cycle_rc dial_record(struct db *db, const struct session_user *u, const struct dial_input *in,
                          struct field_errors *errs, struct dial_saved *out);

/* A measure as the form names it.  Strings owned (dial_measure_free). */
struct dial_measure {
    int64_t id;
    char *ref, *title, *unit;
};

/* Finds measure `ref`: 1 and *out filled, 0 when there is none, -1 (db->err). */
int dial_measure_find(struct db *db, const char *ref, struct dial_measure *out);
void dial_measure_free(struct dial_measure *m);

/* One entry of a measure as read (workspace and public pages).  Strings owned
 * by the list (dial_entries_free). */
struct dial_entry {
    int64_t id;
    char month[MONTH_LEN];
    bool correction;
    bool has_old;
    double old_value, value;
    char *note, *source, *by_name;
    char at[DATE_TIME_LEN];
};

/* The entries of measure `measure_id` this connection shows (on a record
 * connection: those of months up to the month in scope within its head), by
 * month then in the order made; `corrections_only` keeps only the
 * corrections.  Returns 0 with a new array in *out (NULL when none), or -1
 * (db->err). */
int dial_entries(struct db *db, int64_t measure_id, bool corrections_only, struct dial_entry **out,
                 size_t *n);
void dial_entries_free(struct dial_entry *e, size_t n);

/* A measure as the workspace lists it: the month a value is due for, and
 * the value of that month if entered. */
struct dial_row {
    int64_t id;
    char *ref, *title, *unit; /* owned */
    bool has_due;             /* a value is entered for the due month */
    double due_value;
    bool has_latest;
    char latest_month[MONTH_LEN];
    double latest;
};

/* Every measure in natural ref order, with the due month (*due_month: the
 * latest reporting month not signed off, else the latest signed off; "" when
 * the plan has no month) and the value each has for it.  Returns 0 with a new
 * array (dial_rows_free), or -1 (db->err). */
int dial_rows(struct db *db, char due_month[MONTH_LEN], struct dial_row **out, size_t *n);
void dial_rows_free(struct dial_row *r, size_t n);

/* A month a value may be entered for. */
struct dial_month {
    char month[MONTH_LEN];
    bool sealed; /* signed off: a second value is a correction */
};

/* The months a value may be entered for on `today`: the plan's reporting
 * months not after today's, latest first, in a new array.  Returns 0 or -1. */
int dial_months(struct db *db, day_t today, struct dial_month **out, size_t *n);

/* -- milestones ------------------------------------------------------------------------- */

struct milestone_input {
    const char *ref;         /* the milestone's ref */
    const char *achieved_on; /* "YYYY-MM-DD" */
    const char *evidence;    /* optional: a link or a sentence */
};

/* Marks milestone in->ref achieved on in->achieved_on by u (above), with its
 * ledger entries.  Refuses: no such milestone (CYCLE_NOT_FOUND); a date
 * missing, in the future or before the plan's start, evidence too long
 * (CYCLE_INVALID), or no evidence when the date it had or is given is up to
 * the end of the latest signed-off month (a correction of that record says
 * why: CYCLE_INVALID); a role without CAP_MILESTONES, or an owner marking a
 * milestone of an action not theirs (CYCLE_DENIED); a milestone already
 * achieved on that date (CYCLE_CONFLICT).  On success sets *id (may be NULL)
 * to the milestone_achievement row's. */
enum cycle_rc dial_achieve(struct db *db, const struct session_user *u,
                           const struct milestone_input *in, struct field_errors *errs,
                           int64_t *id);

/* A milestone as the workspace lists it. */
struct dial_milestone {
    char *ref, *title, *action_ref; /* owned; action_ref NULL when none */
    char due[DATE_LEN];             /* "" when none */
    char achieved_on[DATE_LEN];     /* "" when not achieved */
    char *evidence;                 /* the latest achievement's, NULL when none */
    bool mine;                      /* u may mark it */
};

/* The milestones u may mark (all for CAP_MILESTONES without ownership, the
 * programme office; those of u's actions for an owner), by due date then
 * ref.  Returns 0 with a new array (dial_milestones_free), or -1 (db->err). */
int dial_milestones(struct db *db, const struct session_user *u, struct dial_milestone **out,
                    size_t *n);
void dial_milestones_free(struct dial_milestone *m, size_t n);

#endif

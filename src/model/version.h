/* version.h — plan versions: the draft the programme office edits, its
 * submission, cabinet's approval, the panel's sign-off, and the comparison of
 * any two versions.
 *
 * A version's content is its rows in `version_item` (sql/005): one per theme,
 * action, milestone and measure, whose `body` is that object in plan-format
 * form (plan-format.md) as canonical JSON, holding the plan's content only:
 *
 *   theme      ref, title, lead
 *   action     ref, theme, title, description, owner, member, panel_lead,
 *              start, finish, answers, depends_on, closure_criteria
 *   milestone  ref, action, title, due, public
 *   measure    ref, title, unit, direction, baseline, baseline_date, target,
 *              target_date, tolerance_pct, theme, actions
 *
 * Delivery state (an action's status and completed_on, a milestone's
 * achieved_on) is never part of a version: updates and closure set it.  The
 * baselines (baseline_finish, baseline_due) are not either: sign-off sets them
 * from the version's dates.  Nothing is deleted: an item leaves the plan by
 * being retired with a reason, and can be reinstated.
 *
 * The live plan tables (theme, action, milestone, measure and their links)
 * are what the public site shows; they change only when a version is signed
 * off, which applies its items to them in the same transaction.  A draft is
 * therefore never public.
 *
 * Life of a version: draft → submitted (frozen) → approved (cabinet: date and
 * minute reference) → signed_off (panel: date) → superseded (when the next one
 * is signed off).  One version at a time may be on its way (draft, submitted
 * or approved).
 *
 * Every function that changes anything runs one transaction with its ledger
 * entries (actor = db->actor) and returns VERSION_OK; VERSION_REFUSED when
 * the request breaks a rule, with each problem added to the caller's field
 * errors `fe` (its field: a form input such as "approved_on", an item's key
 * as "actions[A7].finish", or "" for the version as a whole; the database is
 * then unchanged); or VERSION_ERROR with db->err set when the database
 * failed.  The caller owns fe and frees it whatever the result. */
#ifndef DIALTURN_VERSION_H
#define DIALTURN_VERSION_H
#include "lib/date.h"
#include "lib/ferr.h"
#include "model/db.h"
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum version_rc { VERSION_OK = 0, VERSION_REFUSED = 1, VERSION_ERROR = -1 };

/* The kinds of item, in the order pages and diffs list them. */
enum vkind { VK_THEME, VK_ACTION, VK_MILESTONE, VK_MEASURE, VK__MAX };

/* "theme", "action", "milestone", "measure"; static.  NULL when out of range. */
const char *vkind_name(enum vkind k);
/* The plan-format section: "themes", "actions", ...; static. */
const char *vkind_section(enum vkind k);
/* Parses a kind by its name or its section name; -1 when unknown. */
int vkind_parse(const char *s);

/* One version as listed.  Plain data but for title and approval_ref (owned). */
struct version_info {
    int64_t id;
    int number;
    char *title;        /* owned */
    char status[16];    /* draft, submitted, approved, signed_off, superseded */
    day_t approved_on;  /* DAY_NONE until approved */
    char *approval_ref; /* cabinet's minute reference, owned; NULL until approved */
    day_t signed_off_on;
    size_t items;   /* its items, retired ones included (for the signed-off version
                       of a regime whose versions hold no items yet, the live plan's) */
    size_t retired; /* of which retired */
};

struct version_list {
    struct version_info *v; /* by number, oldest first; owned */
    size_t n;
};

/* Every version.  Returns 0 with *out filled (free with version_list_free),
 * or -1 (db->err). */
int version_list(struct db *db, struct version_list *out);
void version_list_free(struct version_list *l);

/* Version `number` into *out (free with version_info_free).  Returns 1 when
 * found, 0 when there is none, -1 (db->err). */
int version_get(struct db *db, int number, struct version_info *out);
void version_info_free(struct version_info *v);

/* The version being edited (status draft): its number, 0 when there is none,
 * or -1 (db->err). */
int version_draft_number(struct db *db);

/* One item of a version. */
struct version_item {
    int64_t id;
    enum vkind kind;
    char *ref;            /* owned */
    json_t *body;         /* the plan-format object, a reference owned */
    char *retired_reason; /* owned; NULL unless retired */
};

struct version_items {
    struct version_item *v; /* by kind, then ref in natural order; owned */
    size_t n;
};

/* The items of version `number`.  Returns 1 with *out filled (free with
 * version_items_free), 0 when there is no such version, -1 (db->err). */
int version_items_load(struct db *db, int number, struct version_items *out);
void version_items_free(struct version_items *it);

/* The item (kind, ref) in `it`, or NULL. */
const struct version_item *version_items_find(const struct version_items *it, enum vkind kind,
                                              const char *ref);

/* Starts a new draft titled `title`, numbered after the highest version, with
 * the items of the latest signed-off version (retired ones stay retired).  If
 * that version has no items yet (a regime imported or made before versions
 * had content, like the demo), its items are first written from the live
 * tables, so that it can be compared with; with no signed-off version at all
 * the draft starts from the live tables.  Refused while another version is a
 * draft, submitted or approved.  *number gets the new number. */
enum version_rc version_new_draft(struct db *db, const char *title, int *number,
                                  struct field_errors *fe);

/* Whether version_put_item may add an item, replace one, or either. */
enum version_put {
    VPUT_ANY,     /* replace the item of that ref, or add it */
    VPUT_NEW,     /* add it; refused when the draft has one of that ref */
    VPUT_EXISTING /* replace it; refused when the draft has none of that ref */
};

/* Puts one item into the draft: `body` (borrowed) is the whole new object of
 * that kind as above, keyed by its "ref".  The whole draft is then checked as
 * the plan it would make (refs resolve, start not after finish, no dependency
 * cycle, ...); a refusal's field names the item and key, "actions[A7].finish".
 * Stored normalised (every key, lists in order). */
enum version_rc version_put_item(struct db *db, enum vkind kind, json_t *body,
                                 enum version_put mode, struct field_errors *fe);

/* What the plan's forms choose from: its people and its recommendations. */
struct version_choice {
    char *ref;   /* owned */
    char *label; /* owned: a person's name, a recommendation's text */
    char *role;  /* owned: a person's role; NULL for a recommendation */
};
struct version_choices {
    struct version_choice *people, *recs; /* in natural ref order; owned */
    size_t npeople, nrecs;
};

/* The choice of `ref` in c's people, or NULL. */
const struct version_choice *version_person(const struct version_choices *c, const char *ref);

/* Loads the people and recommendations.  Returns 0 (free with
 * version_choices_free), or -1 (db->err). */
int version_choices_load(struct db *db, struct version_choices *out);
void version_choices_free(struct version_choices *c);

/* Merges the plan part of a dialturn-plan/1 document (`doc`, borrowed) into
 * the draft: its themes, actions, milestones and measures replace the draft's
 * items of the same ref whole, or add items.  Other sections are ignored, and
 * so are the keys a version does not hold (status, completed_on,
 * baseline_finish, baseline_due, achieved_on).  Checked whole, refused whole.
 * *count gets the number of objects read. */
enum version_rc version_import_draft(struct db *db, json_t *doc, size_t *count,
                                     struct field_errors *fe);

/* Retires item (kind, ref) of the draft with `reason` (required), or, with
 * reason NULL, reinstates a retired one.  A completed action is not retired:
 * its completion is part of the record. */
enum version_rc version_retire_item(struct db *db, enum vkind kind, const char *ref,
                                    const char *reason, struct field_errors *fe);

/* Draft → submitted, after checking the whole draft; it is frozen from then. */
enum version_rc version_submit(struct db *db, int number, struct field_errors *fe);

/* Submitted → approved by cabinet on `on` (required) under minute reference
 * `minute_ref` (required). */
enum version_rc version_approve(struct db *db, int number, day_t on, const char *minute_ref,
                                struct field_errors *fe);

#define VERSION_REASON_MAX 2000 /* bytes of the reason a version is returned or corrected */

/* Submitted → draft again, returned by the executive with `reason`
 * (required), kept in a ledgered version_event row ('returned') that the
 * version's page shows its author.  `account_id` (0 on the command line)
 * and `by_name` say who. */
enum version_rc version_return(struct db *db, int number, const char *reason, int64_t account_id,
                               const char *by_name, struct field_errors *fe);

/* Corrects a mis-entered cabinet approval date of an approved, signed-off or
 * superseded version: a new ledgered version_event row ('approval_corrected')
 * holding the date `on` and `reason`, shown beside the date first entered,
 * which is never overwritten.  Refused for a date in the future, after the
 * panel's sign-off, or equal to the date in force. */
enum version_rc version_correct_approval(struct db *db, int number, day_t on, const char *reason,
                                         int64_t account_id, const char *by_name,
                                         struct field_errors *fe);

/* A return or an approval-date correction, as listed. */
struct version_event {
    bool returned;     /* returned to draft; else an approval date corrected */
    char *reason;      /* owned */
    day_t approved_on; /* the corrected date; DAY_NONE for a return */
    char *by_name;     /* owned */
    day_t made_on;
};

/* Version `number`'s events, oldest first.  Returns 0 with a new array in
 * *out (version_events_free frees it too), or -1 (db->err). */
int version_events(struct db *db, int number, struct version_event **out, size_t *n);
void version_events_free(struct version_event *e, size_t n);

/* Approved → signed off by the panel on `on` (required; not before the
 * approval in force: the latest correction's date, else the one entered).  The signed-off version
 * before it becomes superseded, and the version's items are applied to the live plan tables:
 * themes, actions, milestones and measures are upserted by ref with their links; each action's
 * baseline_finish becomes its finish and each milestone's baseline_due its due; retired actions get
 * status retired and retired milestones leave the public roadmap (public = false).  Delivery state
 * is kept from the live rows (a new action starts not_started).  All in one transaction. */
enum version_rc version_sign_off(struct db *db, int number, day_t on, struct field_errors *fe);

/* --- version_diff.c: comparing two versions --- */

/* One difference of one item.  An item can have several. */
struct version_change {
    enum vkind kind;
    char *ref;          /* owned */
    const char *change; /* static: added, retired, reinstated, re-worded, re-dated,
                           re-owned, re-linked, re-targeted, changed */
    const char *field;  /* static plan-format key, or NULL (retired, reinstated) */
    char *from, *to;    /* owned text of the old and new values; NULL for none
                           (lists as "R1, R2"; dates YYYY-MM-DD) */
    char *reason;       /* owned; the reason of a retirement, else NULL */
};

struct version_diff {
    int from, to;             /* the version numbers compared */
    struct version_change *v; /* by kind, then ref (natural order), then field; owned */
    size_t n, cap;
};

/* Compares version `from` with version `to` (either may be the draft).
 * Returns VERSION_OK with *out filled (free with version_diff_free),
 * VERSION_REFUSED when either version does not exist (fe says which),
 * or VERSION_ERROR. */
enum version_rc version_diff(struct db *db, int from, int to, struct version_diff *out,
                             struct field_errors *fe);
void version_diff_free(struct version_diff *d);

/* The diff as {"from","to","changes":[{"kind","ref","change","field","from",
 * "to","reason"}]} (new reference). */
json_t *version_diff_json(const struct version_diff *d);

#endif

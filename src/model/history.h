/* history.h — who changed what about an action, and when, from the ledger.
 *
 * Every change to the action's row and to the rows about it — its monthly
 * updates, the programme office's reviews of them, their evidence, the
 * corrections of them once signed off (model/correction.h), its milestones,
 * closure proposals, the recommendations it answers and the
 * actions it depends on — is an entry in the ledger holding the row's full
 * new state (ledger.h).  The history lists those entries in order, each with
 * the fields that differ from the row's previous state, old → new, with ids
 * turned into what people know them by (a person's name, a theme's ref, a
 * period's month).  Rows deleted since are found in the ledger too.
 *
 * The public variant shows only what the public may see (pub_scope.h):
 *   - changes to the action's plan fields (its status and completion date
 *     only through the signed-off updates: accepting an update in an
 *     unsigned month moves the live status, which is not public yet — except
 *     retirement, which the plan decides);
 *   - its public milestones (achievement dates only up to the scope's end);
 *   - the recommendations it answers and its dependencies;
 *   - for each update ACCEPTED in a SIGNED-OFF month up to the scope's month,
 *     the entry that accepted it, with its status, percent, confidence and
 *     forecast, and the corrections of it that the month's record holds
 *     (who, when, the field, old and new, the reason) — never a draft,
 *     submitted or returned state, a narrative before acceptance, a review's
 *     comment, evidence, a closure, or anything of an unsigned month.
 *
 * Rows deleted since are in the full history only: the public variant reads
 * the rows still in the tables (the plan's items are retired, not deleted),
 * so that the public page never scans the ledger.
 *
 * Queries: the action, its updates with their months, one query for every
 * ledger entry of every row about the action (joined on the ledger_row
 * index), and one per kind of id to name (people, themes, ...): the number
 * does not grow with the number of entries. */
#ifndef DIALTURN_HISTORY_H
#define DIALTURN_HISTORY_H
#include "model/db.h"
#include "model/pub_scope.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HISTORY_MAX_ENTRIES 20000 /* entries one history loads, at most */

enum history_op {
    HISTORY_CREATED, /* the row's first state */
    HISTORY_CHANGED, /* a later state: the changes list what differs */
    HISTORY_DELETED, /* the row was removed */
    HISTORY_ACCEPTED /* public variant: a month's update as accepted and signed off */
};

/* One field's change; strings owned. */
struct history_change {
    const char *field; /* the column's name ("forecast_finish"); static (table.c) */
    char *old_value;   /* as people read it ("" for none); NULL when the row was created */
    char *new_value;   /* as people read it ("" for none); NULL when the row was deleted */
};

/* One ledger entry about the action; strings owned. */
struct history_entry {
    int64_t seq;       /* the ledger entry's number */
    char at[21];       /* when, UTC "YYYY-MM-DDTHH:MM:SSZ" */
    char *actor;       /* who: the account's name, or the actor as recorded ("cli:import") */
    const char *table; /* the row's table ("progress_update"); static */
    int64_t row_id;    /* the row's id in it */
    char *subject;     /* what the row is, for people: "Update for 2015-03", "Milestone M1" */
    enum history_op op;
    struct history_change *changes; /* in column order; none for a deletion */
    size_t nchanges;
};

/* An action's history; everything owned (history_free). */
struct history {
    int64_t action_id;
    char *ref;               /* "A1" */
    char *title;             /* one line */
    int64_t owner_person_id; /* the owner's person id, 0 when none (who may read the full one) */
    struct history_entry *entries; /* by seq, oldest first */
    size_t n;
};

/* Loads the history of action `ref`.  With `scope` NULL, the full history
 * (the workspace); with a scope, the public variant at it (see top).
 * Returns 1 and fills *out (free with history_free), 0 when there is no such
 * action, or -1 (db->err). */
int history_load(struct db *db, const char *ref, const struct pub_scope *scope,
                 struct history *out);

/* Frees everything *h owns and zeroes it.  NULL is allowed. */
void history_free(struct history *h);

#endif

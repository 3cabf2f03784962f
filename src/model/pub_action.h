/* pub_action.h — one action as the public sees it at a scope: what the
 * overview (overview.h) knows of it, plus its description, people,
 * recommendations, dependants, public milestones and the history of its
 * public updates.
 *
 * The public rule (pub_scope.h) holds here too: the history lists only
 * ACCEPTED updates of SIGNED-OFF periods whose month is not after the scope's;
 * only milestones marked public appear, and a milestone counts as achieved
 * only on or before the scope's last day.  An update's evidence is its web
 * links and its public documents.
 *
 * Ownership: pub_action_load() allocates every string and array in a
 * `struct pub_action_detail`; pub_action_free() releases them all.  Nothing points
 * into SQLite's memory; `index` refers to the overview it was loaded with. */
#ifndef DIALTURN_PUB_ACTION_H
#define DIALTURN_PUB_ACTION_H
#include "lib/date.h"
#include "model/correction.h"
#include "model/db.h"
#include "model/overview.h"
#include <stddef.h>
#include <stdint.h>

/* Bound on the rows of each list of one action (a damaged file cannot make a
 * page allocate without limit). */
#define PUB_ACTION_MAX_ROWS 10000

/* A person as named on a public page; all NULL when there is none. */
struct pub_action_person {
    char *ref;  /* "ceo" */
    char *name; /* "Mark Rogers" */
    char *role; /* "Chief Executive"; may be "" */
};

struct pub_action_milestone {
    char *ref;          /* "M1" */
    char *title;        /* one line */
    day_t due;          /* current due date */
    day_t baseline_due; /* DAY_NONE when not set */
    day_t forecast;     /* due + max(0, FF(action) − F(action)) */
    day_t achieved_on;  /* DAY_NONE when not achieved by the scope's last day */
};

/* One piece of evidence of a public update: a web link, or a public
 * document (restricted documents are left out). */
struct pub_action_evidence {
    char *label;         /* as the owner wrote it */
    char *url;           /* "https://…", or NULL for a document */
    int64_t document_id; /* the public document's id when url is NULL */
};

/* One public update: accepted, in a signed-off period within the scope.  Its
 * values are as corrected in the scope's record (model/correction.h). */
struct pub_action_update {
    int64_t id;            /* the progress_update row */
    int month;             /* its period's month */
    char *status;          /* action status code reported */
    int percent;           /* 0-100 */
    int level;             /* level index in the scale, -1 when none */
    char *narrative;       /* Markdown, as written */
    day_t forecast_finish; /* DAY_NONE when not given */
    struct pub_action_person author;
    size_t corr_first, ncorr;             /* its corrections, in the order made:
                                             corrections[corr_first … corr_first + ncorr - 1] */
    struct pub_action_evidence *evidence; /* in the order given */
    size_t nevidence;
};

struct pub_action_detail {
    size_t index;                        /* into the overview's actions */
    char *description;                   /* plain text, "" when none */
    char *closure_criteria;              /* plain text, "" when none */
    struct pub_action_person member;     /* the accountable member */
    struct pub_action_person panel_lead; /* the panel member who leads on it */
    char **answers;                      /* recommendation refs, natural order */
    size_t nanswers;
    char **needed_by; /* refs of actions that depend on it, natural order */
    size_t nneeded_by;
    struct pub_action_milestone *milestones; /* public ones, by due date then ref */
    size_t nmilestones;
    struct pub_action_update *history; /* oldest first */
    size_t nhistory;
    struct correction *corrections; /* of its updates, in the record: by month, then made */
    size_t ncorrections;
};

/* Loads action `index` of overview `ov` (from overview_get at the scope's
 * month) in one read transaction.  Returns 0 and fills *out (free with
 * pub_action_free), or -1 with the reason in db->err (*out is then empty). */
int pub_action_load(struct db *db, const struct overview *ov, size_t index,
                    struct pub_action_detail *out);

/* Frees everything *a owns and zeroes it.  NULL is allowed. */
void pub_action_free(struct pub_action_detail *a);

#endif

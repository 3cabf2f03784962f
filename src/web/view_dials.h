/* view_dials.h — the workspace's pages for the dials and the milestones
 * (view_dials.c; model/dials.h): the measures with what is due this month,
 * one measure's form, and the milestones to mark achieved. */
#ifndef DIALTURN_VIEW_DIALS_H
#define DIALTURN_VIEW_DIALS_H
#include "lib/buf.h"
#include "lib/ferr.h"
#include "model/dials.h"
#include "web/view.h"

/* GET /work/measures.  Nothing owned. */
struct view_dials {
    const char *due_month; /* "" when the plan has no month */
    const struct dial_row *rows;
    size_t n;
    const char *done; /* banner text or NULL */
};
void view_dials(struct buf *b, const struct view_site *site, const struct view_dials *v);

/* GET/POST /work/measures/{ref}.  Nothing owned. */
struct view_dial {
    const char *ref, *title, *unit;
    const char *due_month;           /* the month preselected */
    const struct dial_month *months; /* the months offered, latest first */
    size_t nmonths;
    const struct dial_entry *entries; /* every entry so far, by month */
    size_t nentries;
    const struct dial_input *in;       /* the form as typed, or NULL */
    const struct field_errors *errors; /* or NULL */
    const char *done;
};
void view_dial(struct buf *b, const struct view_site *site, const struct view_dial *v);

/* GET/POST /work/milestones.  Nothing owned. */
struct view_ms_work {
    const struct dial_milestone *ms;
    size_t n;
    const struct milestone_input *in; /* the form that failed, or NULL */
    const struct field_errors *errors;
    const char *today; /* "YYYY-MM-DD": the date field's default */
    const char *done;
};
void view_ms_work(struct buf *b, const struct view_site *site, const struct view_ms_work *v);

#endif

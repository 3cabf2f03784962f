/* report.h — the monthly progress report of a signed-off month.
 *
 * A report of month M is built from M's record (model/record.h) and nothing
 * else: the plan as it stood when M was signed off, the accepted updates of
 * the signed-off months up to M, the measure values dated by M's last day.
 * The figures it compares with ("since the previous report") come from the
 * record of the previous signed-off month P, so nothing done after M's
 * sign-off can change a report (DESIGN.md, "The record of a month").  Every
 * rule is judged on M's last day (DESIGN.md, "One clock").
 *
 * The sections, as every output (HTML, Markdown, PDF) gives them:
 *   - the chief executive's covering statement (Markdown, written before
 *     sign-off; report_store.h);
 *   - the headline: per theme, actions by status and by confidence at M and
 *     at P, and each action's confidence movement in M (rules.h);
 *   - progress against each recommendation of each review: its answering
 *     actions by status at M;
 *   - the red line: every action whose update in M has the scale's lowest
 *     level, with its owner and narrative;
 *   - the panel's assurance where it differs from the council's rating: the
 *     ratings panel members recorded for M by its sign-off (model/assurance.h),
 *     each with the council's level and the member's;
 *   - the actions that did not report: not retired, not complete by the
 *     month's first day, planned to start by its last, and without an
 *     accepted update in M;
 *   - overdue actions (planned finish before M's last day, not complete or
 *     retired) with their days overdue, and slipped actions (forecast later
 *     than baseline) with their days;
 *   - overdue and slipped public milestones with their days, and those
 *     achieved after P's last day and by M's;
 *   - the measures: baseline, target, latest value, status, values;
 *   - what changed in the plan since P: plan versions signed off, actions
 *     added, retired and re-dated (planned or baseline finish moved).
 *
 * The model reads; nothing here knows about HTTP, HTML or PDF.  Everything
 * in a struct report is owned by it (report_free). */
#ifndef DIALTURN_REPORT_H
#define DIALTURN_REPORT_H
#include "lib/buf.h"
#include "lib/date.h"
#include "model/db.h"
#include "model/pub_data.h"
#include "model/record.h"
#include "model/rules.h"
#include "model/scale.h"
#include <stdbool.h>
#include <stddef.h>

#define REPORT_MAX_LEVELS 8 /* levels of a rating scale (dca5 has 5) */

/* Counts over a set of actions at one month. */
struct report_counts {
    size_t actions;                     /* actions in the set */
    size_t by_status[ST__MAX];          /* by status at the month */
    size_t by_level[REPORT_MAX_LEVELS]; /* by current confidence */
    size_t unrated;                     /* with no confidence yet */
    size_t movement[MV_MISSING + 1];    /* confidence movement in the month */
};

struct report_theme {
    char *ref, *title, *lead;  /* owned; lead "" when none */
    struct report_counts now;  /* at M */
    struct report_counts prev; /* at P (all zero when there is no P or the theme is new) */
    bool in_prev;              /* the theme was in P's plan */
};

/* One action in one of the lists. */
struct report_action {
    char *ref, *title, *owner, *theme_ref; /* owned; owner "" when none */
    enum action_status status;             /* at M */
    int level;                             /* current confidence (scale index), -1 none */
    int prev_level;                        /* at P, -1 none */
    day_t finish, baseline, forecast;      /* planned finish, baseline (DAY_NONE), forecast */
    int days;                              /* overdue or slipped lists: the days; else 0 */
    char *narrative;                       /* the red line: its update's narrative (Markdown);
                                              else NULL */
    char *note; /* the changes list: what changed, plain text; else NULL */
};

struct report_list {
    struct report_action *v; /* natural ref order unless said; owned */
    size_t n, cap;
};

/* Progress against one recommendation. */
struct report_rec {
    char *review_ref, *review_title; /* owned */
    char *ref, *text;                /* owned */
    size_t answers;                  /* answering actions (retired ones included) */
    size_t by_status[ST__MAX];       /* of those, by status at M */
    char *actions;                   /* their refs, ", "-separated; owned */
    bool covered;                    /* answered by an action that is not retired */
};

struct report_milestone {
    char *ref, *title, *action_ref; /* owned; action_ref "" for a theme's */
    day_t due, baseline_due, achieved_on, forecast;
    int days; /* overdue: days past due; slipped: slip; else 0 */
};

struct report_ms_list {
    struct report_milestone *v; /* owned */
    size_t n, cap;
};

/* A panel member's rating that differs from the council's. */
struct report_assurance {
    char *ref, *title; /* the theme's or action's; owned */
    bool is_action;
    int council;  /* the council's level, -1 none */
    int panel;    /* the member's level, -1 unknown */
    char *member; /* owned */
};

struct report_version {
    int number;          /* plan version number */
    char *title;         /* owned */
    day_t signed_off_on; /* DAY_NONE when not recorded */
};

struct report {
    char *org_name;             /* owned */
    const struct scale *scale;  /* the organisation's (static) */
    char month[MONTH_LEN];      /* M, "2015-09" */
    char prev_month[MONTH_LEN]; /* P, or "" for the first report */
    day_t start, end;           /* M's first and last day */
    day_t signed_off_on;        /* M's sign-off date (DAY_NONE when not recorded) */
    struct record_head head;    /* M's seal */
    char *statement;            /* the covering statement (Markdown), or NULL */
    struct report_theme *themes;
    size_t nthemes;
    struct report_counts total, total_prev;
    struct report_rec *recs; /* grouped by review, natural order */
    size_t nrecs;
    struct report_list red_line;        /* lowest level in M */
    struct report_assurance *assurance; /* differing ratings, themes then actions */
    size_t nassurance;
    struct report_list not_reported;  /* no accepted update in M */
    struct report_list overdue;       /* days overdue, most first */
    struct report_list slipped;       /* days slipped, most first */
    struct report_ms_list ms_overdue; /* most days first */
    struct report_ms_list ms_slipped; /* most days first */
    struct report_ms_list ms_met;     /* achieved since P's last day, by date */
    struct pub_measures measures;     /* values dated by M's last day */
    struct report_version *versions;  /* signed off since P, by number */
    size_t nversions;
    struct report_list added, retired, redated; /* since P */
};

/* Builds the report of `month` ("YYYY-MM") on db, a record connection
 * (record.h), which it leaves pointed at M's record.  Returns 1 when built
 * (free with report_free), 0 when month is not a signed-off month (nothing
 * to free), -1 with db->err set. */
int report_build(struct db *db, const char *month, struct report *out);

/* report_build comparing with the last signed-off month before `since`
 * (a month <= month) instead of the last before `month`: the figures of the
 * span since..month, as a report to the Secretary of State gives them (model/
 * sos.h).  report_build(db, m, out) is report_build_since(db, m, m, out). */
int report_build_since(struct db *db, const char *month, const char *since, struct report *out);

/* Frees everything r owns and zeroes it. */
void report_free(struct report *r);

/* The report's title: "Monthly progress report: September 2015". */
void report_title(const struct report *r, struct buf *b);

/* The headings of the sections, in order, as every output uses them (the
 * tests look for each in the PDF's text). */
enum report_section {
    RS_STATEMENT,
    RS_HEADLINE,
    RS_RECOMMENDATIONS,
    RS_RED_LINE,
    RS_ASSURANCE,
    RS_NOT_REPORTED,
    RS_LATE,
    RS_MILESTONES,
    RS_MEASURES,
    RS_CHANGES,
    RS__MAX
};
const char *report_section_title(enum report_section s);
/* The fragment id of a section in the HTML ("statement"); static. */
const char *report_section_id(enum report_section s);

/* The report as Markdown, appended to b: the same sections and figures as
 * the HTML.  Deterministic: the same report gives the same bytes. */
void report_markdown(struct buf *b, const struct report *r);

/* One section of the report as Markdown (its heading one level down, "###"),
 * as report_markdown gives it; RS_STATEMENT gives nothing. */
void report_markdown_section(struct buf *b, const struct report *r, enum report_section s);

/* The report as a PDF (report_pdf.c): A4, contents with page numbers, running
 * header, charts as vectors, outline, links and the title in its metadata.
 * Appends the bytes to b.  Returns 0, or -1 with a reason in err. */
int report_pdf(struct buf *b, const struct report *r, char *err, size_t errlen);

/* A document made of sections around the monthly report's figures (a report
 * to the Secretary of State, model/sos.h), for report_pdf_doc.  Nothing
 * owned. */
struct report_doc_section {
    const char *title;
    const enum report_section *figures; /* the monthly sections drawn as its figures */
    size_t nfigures;
    const char *figures_md;    /* more figures as Markdown (set as text), or NULL */
    const char *assessment_md; /* Markdown (set as text) */
};
struct report_doc {
    const char *title, *org, *front_line;
    const char *date;       /* "YYYY-MM-DD": the metadata's dates */
    const struct report *r; /* the figures */
    const struct report_doc_section *v;
    size_t n;
    const char *response_md; /* a last section, or NULL */
};

/* The document as a PDF, typeset as report_pdf typesets the monthly report
 * (the monthly sections' headings one level down).  Returns 0, or -1 with err. */
int report_pdf_doc(struct buf *b, const struct report_doc *d, char *err, size_t errlen);

/* A level's label, "Not rated" for -1. */
const char *report_level_label(const struct scale *s, int level);

/* What a table of actions or milestones counts, so that each shows the date
 * its days are counted from: overdue days run from the planned finish (an
 * action) or the due date (a milestone) to the month's end, slipped days from
 * the baseline to the forecast.  Every output heads and fills its tables by
 * these. */
enum report_count { RC_NONE, RC_OVERDUE, RC_SLIPPED };
/* The heading of the last column ("Days overdue"), NULL for RC_NONE; static. */
const char *report_days_heading(enum report_count c);
/* An action table's date column: "Baseline finish" and the baseline when
 * slipped, else "Planned finish" and the planned finish (the forecast comes
 * after it in every table). */
const char *report_action_date_heading(enum report_count c);
day_t report_action_date(const struct report_action *a, enum report_count c);
/* A milestone table's columns after "Baseline": "Forecast" and the forecast
 * when slipped, else "Due" and the due date. */
const char *report_ms_date_heading(enum report_count c);
day_t report_ms_date(const struct report_milestone *m, enum report_count c);

#endif

/* view.h — views: structs in, HTML out.
 *
 * A view takes what a model function loaded and a buffer, and appends a page.
 * Views never see the database or the request: what they show is exactly what
 * they are given, which keeps them testable with hand-made structs.  Every
 * dynamic byte goes through html_printf's %h (or %U in URLs). */
#ifndef DIALTURN_VIEW_H
#define DIALTURN_VIEW_H
#include "lib/buf.h"
#include "lib/ferr.h"
#include "lib/date.h"
#include "model/account.h"
#include "model/cycle_list.h"
#include "model/overview.h"
#include "model/pub_scope.h"

/* --- view_layout.c: the frame every page shares --- */

/* What every page frame shows about the site; strings are not owned. */
struct view_site {
    const char *org_name;            /* the organisation, in the header, title and footer */
    const char *notice;              /* a banner on every page (the demo says its data is
                                        illustrative), or NULL */
    const struct pub_scope *scope;   /* the public month a dated page shows, or NULL;
                                        when scope->as_at the frame says the page
                                        shows the site as it stood then */
    const char *path;                /* the page's own path, for the link to the latest view */
    const struct session_user *user; /* who is signed in, or NULL: the header then shows
                                        their name, the workspace and a sign-out button,
                                        and forms carry user->csrf */
    bool live;                       /* served by `dialturn serve` (not published as
                                        static files): the footer offers signing in */
};

/* --- view_auth.c: signing in --- */

/* What the sign-in form shows; strings not owned. */
struct view_login {
    const char *csrf;     /* the double-submit token for the hidden field */
    const char *next;     /* where to go after signing in (a checked path) */
    const char *username; /* as typed, kept after a failure; "" */
    const char *error;    /* what went wrong, or NULL */
};

/* The sign-in page. */
void view_login(struct buf *b, const struct view_site *site, const struct view_login *v);

/* Appends the hidden CSRF field every state-changing form carries
 * (<input type="hidden" name="csrf" value="...">), from site->user. */
void view_csrf_field(struct buf *b, const struct view_site *site);

/* Opens a page: doctype, <head> with `title` (the page's own title; the
 * organisation's name is appended), the skip link, the header naming the
 * organisation, the notice if any, and <main id="main">. */
void view_page_begin(struct buf *b, const struct view_site *site, const char *title);

/* Closes <main>, adds the footer naming the organisation, and ends the document. */
void view_page_end(struct buf *b, const struct view_site *site);

/* Wraps a wide table so that on a narrow screen it scrolls on its own, not the
 * page (WCAG 1.4.10 exempts data tables from reflow, not pages): a region
 * named `label`, focusable so keyboard users can scroll it.  Open before the
 * <table>, close after it. */
void view_table_open(struct buf *b, const char *label);
void view_table_close(struct buf *b);

/* Appends a date as <time datetime="2015-06-30">30 Jun 2015</time>; "Not set"
 * for DAY_NONE. */
void view_date(struct buf *b, day_t d);

/* Appends a time stored in UTC ("2015-03-04T10:00:00Z") as <time> in the
 * zone the server shows times in (server_use_timezone): "4 March 2015, 10:00
 * GMT"; the text as given, escaped, when it is not such a time. */
void view_time(struct buf *b, const char *at);

/* Appends a month "2015-03" as "March 2015" (or the text as given, escaped,
 * if it is not a month). */
void view_month(struct buf *b, const char *month);

/* -- plan, themes, actions -- */
/* --- view_plan.c: the plan, the themes, and what the action page shares --- */

/* A page of a list of actions (the plan, a theme) and where it sits. */
struct view_action_list {
    const size_t *rows; /* indices into the overview's actions, in order */
    size_t nrows;       /* rows on this page */
    size_t total;       /* actions that match, over all pages */
    size_t page;        /* this page, from 1 */
    size_t pages;       /* pages in all, at least 1 */
    size_t per_page;    /* rows per full page */
    day_t on;           /* the date overdue is judged on (overview_overdue_on) */
};

/* The plan page's filters as asked, kept in its form and links; each ""
 * (never NULL) when not set.  The values were checked by the handler. */
struct view_plan_filters {
    const char *theme;      /* theme ref */
    const char *owner;      /* person ref */
    const char *status;     /* action status code */
    const char *confidence; /* level key or "none" */
    bool overdue;           /* only overdue actions */
};

/* The improvement plan: the filter form (selects from the overview), how
 * many actions match, this page of them grouped by theme, and the
 * pagination; an empty state when nothing matches. */
void view_plan(struct buf *b, const struct view_site *site, const struct overview *ov,
               const struct view_plan_filters *f, const struct view_action_list *list);

/* The themes: each with its lead and its actions counted by status and by
 * confidence. */
void view_themes(struct buf *b, const struct view_site *site, const struct overview *ov);

/* One theme: its lead, counts, confidence distribution, feed link, and a
 * page of its actions. */
struct pub_assurance_item;
void view_theme(struct buf *b, const struct view_site *site, const struct overview *ov,
                size_t theme, const struct view_action_list *list,
                const struct pub_assurance_item *panel);

/* --- view_panel_assurance.c --- */

/* The "panel's assessment" section of a public theme or action page (`what`:
 * "theme" or "action"): the panel members' ratings and reasons beside the
 * council's ratings of the same month (for a theme, how many of its actions
 * held each level), or that none is published yet (it NULL). */
void view_panel_assurance(struct buf *b, const struct scale *s, const struct pub_assurance_item *it,
                          const char *what);

/* Appends a rating as a tag ("govuk-tag dialturn-tag--high") with the month
 * it was given in (month >= 0), or "Not yet rated" for level -1. */
void view_confidence(struct buf *b, const struct scale *s, int level, int month);

/* How people read an action status ("In progress"); static. */
const char *view_status_label(enum action_status st);

/* GOV.UK pagination of a list at `path` (query: raw, URL-encoded "name=value&"
 * pairs to keep, or ""), keeping as_at: previous, first, the neighbours of
 * `page`, last, next, with ellipses for the gaps.  Nothing for one page. */
void view_pagination(struct buf *b, const struct view_site *site, const char *path,
                     const char *query, size_t page, size_t pages);

/* Appends the as-at query ("?as_at=2015-04", or with '&' when `sep` is '&')
 * when the page shows an earlier month; nothing otherwise. */
void view_as_at(struct buf *b, const struct view_site *site, char sep);

/* Appends a person as "Name (Role)"; the name alone when the role is empty
 * or says the same (a post named by its title: "Head of Communications"). */
void view_person(struct buf *b, const char *name, const char *role);

/* --- view_action.c --- */
struct pub_action_detail;

struct history;
struct eng_data;
/* One action: its facts, forecast and slip, people, recommendations,
 * dependencies, milestones, rating history chart and public updates (newest
 * first), then `record`, the public part of its history from the ledger
 * (view_action_history), unless NULL; overdue is judged on `on`. */
void view_action(struct buf *b, const struct view_site *site, const struct overview *ov,
                 const struct pub_action_detail *a, day_t on, const struct history *record,
                 const struct pub_assurance_item *panel, const struct eng_data *engagement);

/* --- view_chart_rating.c --- */

/* One month's rating for the chart. */
struct view_rating_point {
    int month; /* month number (date.h) */
    int level; /* index in the scale, 0 = best */
};

/* A step chart of ratings over months as inline SVG (role="img" with a
 * <title> naming `subject`), best level at the top, followed by a table of
 * the same data.  Points must be in month order; nothing is drawn for n = 0. */
void view_chart_rating(struct buf *b, const struct scale *s, const struct view_rating_point *p,
                       size_t n, const char *subject);

/* -- recommendations, milestones, measures, periods, downloads -- */
/* --- view_data.c: recommendations, milestones, measures, open data --- */
/* --- view_impact.c: what a slip moves, the critical path and the roadmap --- */
struct pub_impact;
struct pub_critical;
/* The "what if it slips" page of action `target`: its GET form (days as
 * asked, 0 for none) and, when im is not NULL, every item that moves. */
void view_impact(struct buf *b, const struct view_site *site, const struct overview *ov,
                 size_t target, int days, const struct pub_impact *im);
/* The critical path of the plan and of each theme, and the roadmap with a
 * line at `today` (the date of the view). */
void view_critical(struct buf *b, const struct view_site *site, const struct overview *ov,
                   const struct pub_critical *c, day_t today);

struct pub_recs;
struct pub_milestones;
struct pub_measures;
struct pub_measure;
struct pub_periods;

#define VIEW_REC_ACTIONS 10 /* answering actions listed per recommendation on the list page */
#define VIEW_REC_PAGE    50 /* and per page of one recommendation's own page */

/* One recommendation: its review, text, coverage, and page `page` (of
 * `pages`) of the actions answering it. */
void view_recommendation(struct buf *b, const struct view_site *site, const struct pub_recs *rc,
                         size_t i, size_t page, size_t pages);

/* Each review with its recommendations (id="R1" each), the actions answering
 * them, the coverage summary and the uncovered ones flagged. */
void view_recommendations(struct buf *b, const struct view_site *site, const struct pub_recs *rc);
/* The journey ahead: the public milestones by month, achieved, next, slipped. */
#define VIEW_MS_PAGE 250 /* milestones per page of the journey ahead */
/* The journey ahead: the summary of every milestone, then page `page` (of
 * `pages`, VIEW_MS_PAGE milestones each) of the timeline. */
void view_milestones(struct buf *b, const struct view_site *site, const struct pub_milestones *ms,
                     size_t page, size_t pages);
/* Every measure with baseline, target, latest value, status and sparkline. */
void view_measures(struct buf *b, const struct view_site *site, const struct pub_measures *ms);
/* One measure: its facts, the trend chart with a table alternative, its
 * theme and actions. */
struct dial_entry;
/* One measure: its facts, trend chart, values, and the corrections of
 * signed-off months' values the record holds (corr, ncorr; model/dials.h). */
void view_measure(struct buf *b, const struct view_site *site, const struct pub_measure *m,
                  const struct dial_entry *corr, size_t ncorr);
/* The open data page: the downloads, the API, and the signed-off months. */
void view_data(struct buf *b, const struct view_site *site, const struct pub_periods *periods);

/* --- view_chart_trend.c: SVG charts (no script) and number formats --- */

/* The trend chart of a measure: values over time against the planned
 * trajectory (baseline to target), the target and its tolerance band;
 * role="img" with <title> and <desc>; the caller adds the data table. */
void view_chart_trend(struct buf *b, const struct pub_measure *m);
/* A small sparkline of a measure's values, role="img" with a <title>
 * (or "No data" text when it has none). */
void view_sparkline(struct buf *b, const struct pub_measure *m);
/* Formats a number for people: up to 10 significant digits, no trailing
 * zeros, thousands grouped ("1,450", "26.1").  Writes into out (n bytes). */
void view_format_number(double v, char *out, size_t n);
/* Formats a value with its unit: "26.1%", "£1,450k", "10.8 days"; units
 * "count" and "number" (and none) show the bare number. */
void view_format_value(double v, const char *unit, char *out, size_t n);
/* Formats a date as plain text "31 Mar 2015" (for SVG titles); "" for DAY_NONE. */
void view_format_day(day_t d, char *out, size_t n);
/* -- home, search, feeds, accessibility -- */

/* --- view_home.c --- */

struct pub_home;      /* model/pub_home.h */
struct search_result; /* model/search.h */

/* The home page: the month's headline (statuses, confidence bar, overdue and
 * slipped actions), milestones due next, the month's confidence movements,
 * and, as at an earlier month, what has changed since; or the empty state
 * when nothing is signed off yet.  site->scope should point at h->scope. */
void view_home(struct buf *b, const struct view_site *site, const struct pub_home *h);

/* How a page names an action status (enum action_status): "In progress".
 * Returns a static string; "Unknown" when out of range. */
/* --- view_tags.c --- */

/* An action status as a GOV.UK tag (its word from view_status_label). */
void view_status_tag(struct buf *b, int status);

/* --- view_search.c --- */

/* What the search page shows; strings are not owned. */
struct view_search {
    const char *q;                   /* the query as typed; "" when none */
    const char *type;                /* "actions", "updates", "measures"; NULL for all */
    size_t page;                     /* the page shown, 1 first */
    const struct search_result *res; /* NULL when there is no query yet */
    const char *as_at;               /* the month searched when it is not the latest
                                        ("YYYY-MM", kept in every link), or NULL */
};

/* The search page: the form with help text when there is no query, else the
 * results grouped by kind with highlighted snippets, pagination, or a helpful
 * empty state. */
void view_search(struct buf *b, const struct view_site *site, const struct view_search *s);

/* --- view_index.c --- */

struct view_org {
    const char *name; /* organisation.name */
    const char *slug; /* where its pages live: /slug/ */
};

/* The index of a server holding several organisations: a link to each. */
void view_org_index(struct buf *b, const struct view_site *site, const struct view_org *orgs,
                    size_t n);

/* --- view_error.c --- */

/* An error page for `status` with a heading, the standard advice, the
 * optional plain-text `detail` (escaped), and a link to the home page. */
void view_error(struct buf *b, const struct view_site *site, unsigned status, const char *detail);

/* The page answering a form or a web address whose fields were refused
 * (400, or 404 for a malformed part of the path): the GOV.UK error summary
 * listing each field and what to fix, each linking to its entry below. */
void view_field_errors(struct buf *b, const struct view_site *site, unsigned status,
                       const struct field_error *e, size_t n);

/* The reason phrase for `status` ("Not Found"); "Error" when unknown. */
const char *view_status_text(unsigned status);

/* -- accounts -- */
/* --- view_users.c: the accounts, one account, my account --- */

/* The accounts page: the table and the form to add one.  Strings not owned. */
struct view_users {
    const struct account *accounts; /* by username */
    size_t naccounts;
    const struct account_person *people; /* the plan's people, for the person select */
    size_t npeople;
    const char *done;                            /* what just succeeded, for the banner; or NULL */
    const char *username, *name, *role, *person; /* the add form as typed ("" when new) */
    const struct field_error *errors;            /* the add form's errors */
    size_t nerrors;
};
void view_users(struct buf *b, const struct view_site *site, const struct view_users *v);

/* One account: its facts and the forms to change its role, set its password,
 * disable or enable it. */
struct view_user {
    const struct account *account;
    const char *done;                 /* what just succeeded, or NULL */
    const struct field_error *errors; /* the submitted form's errors */
    size_t nerrors;
    bool self;                           /* the account is the viewer's own */
    const struct account_person *people; /* the plan's people, for the person select */
    size_t npeople;
    const char *name, *person; /* the details form as typed, or NULL for the stored */
};
void view_user(struct buf *b, const struct view_site *site, const struct view_user *v);

/* My account: who I am, the form to change my password, my API tokens and
 * the form to create one. */
struct view_my_account {
    const struct account *account;       /* mine */
    const struct api_token_info *tokens; /* newest first */
    size_t ntokens;
    const char *done;       /* what just succeeded, or NULL */
    const char *token_name; /* the token form as typed ("") */
    const struct field_error *errors;
    size_t nerrors;
};
void view_my_account(struct buf *b, const struct view_site *site, const struct view_my_account *v);

/* The page that shows a new API token, once, with how to use it. */
void view_token_created(struct buf *b, const struct view_site *site, const char *name,
                        const char *token);

/* -- monthly cycle -- */
/* --- view_cycle.c, view_review.c, view_closure.c: the workspace's month --- */
struct field_errors;
struct cycle_period;
struct cycle_due;
struct cycle_form;
struct cycle_link;
struct cycle_update;
struct cycle_chase;
struct cycle_reopening;
struct cycle_closure;
struct scale;

/* The workspace home: what the signed-in person's role has to do this month.
 * Every pointer may be NULL / every count 0 when the role has nothing there. */
struct view_work {
    const char *done;                   /* what just succeeded, for the banner; or NULL */
    const struct cycle_period *open;    /* the period open for updates, or NULL */
    const struct cycle_period *waiting; /* closed periods awaiting sign-off */
    size_t nwaiting;
    bool owner;                  /* show "my updates due" (CAP_UPDATE) */
    const struct cycle_due *due; /* the owner's actions and their updates */
    size_t ndue;
    bool reviewer;       /* show the queue and chase counts (CAP_REVIEW) */
    size_t queue, chase; /* submitted updates; actions still to report */
    bool closer;         /* show closures awaiting this role (CAP_CLOSE) */
    size_t closures;
    /* the plan version on its way that awaits this role's step: submitted for the
       executive's approval (CAP_APPROVE_VERSION), approved for the panel's sign-off
       (CAP_SIGN_OFF_VERSION); number 0 when none */
    int version_number;
    const char *version_title;  /* borrowed */
    const char *version_status; /* "submitted" or "approved" */
    day_t version_approved_on;  /* DAY_NONE unless approved */
};
void view_work(struct buf *b, const struct view_site *site, const struct view_work *v);

/* The update form's values: from the stored update, or as typed when the
 * form comes back with errors.  Strings not owned. */
struct view_update_values {
    const char *status, *percent, *confidence, *narrative, *forecast_finish;
    const struct cycle_link *links; /* evidence links */
    size_t nlinks;
};

/* The update form for one action in the open period. */
struct view_update_form {
    const struct cycle_form *f;        /* the action, the period, the stored update */
    const struct scale *scale;         /* the organisation's confidence levels */
    struct view_update_values values;  /* what the fields show */
    const char *why_not;               /* why it cannot be edited now, or NULL */
    const struct field_errors *errors; /* the submitted form's errors, or NULL */
    const char *done;                  /* what just succeeded, or NULL */
    bool preview;                      /* show the narrative rendered: nothing was saved */
    bool narrative_cut;                /* the narrative sent was over its limit: values.narrative is
                                          its first CYCLE_NARRATIVE characters, the rest not kept */
    size_t raw_html;                   /* pieces of raw HTML in values.narrative (not shown) */
    char raw_first[48];                /* the first of them, clipped */
};
void view_update_form(struct buf *b, const struct view_site *site,
                      const struct view_update_form *v);

/* The review queue: a row per submitted update (owner, theme, status, its
 * confidence against the last accepted update), each linking to its page. */
struct view_review {
    const struct cycle_update *queue; /* this page's updates */
    size_t n;                         /* on this page */
    size_t total;                     /* in the queue as filtered */
    size_t page, pages;               /* this page (from 1) and how many */
    size_t first;                     /* the number of this page's first update, from 1 */
    const struct scale *scale;
    const char *done;                                 /* what just succeeded, or NULL */
    struct cycle_queue_filter filter;                 /* ?theme, ?owner, ?confidence as asked */
    const struct cycle_queue_choice *themes, *owners; /* the filter's choices */
    size_t nthemes, nowners;
};
void view_review(struct buf *b, const struct view_site *site, const struct view_review *v);

/* One update awaiting review, its facts against the action's last accepted
 * update, and the form that accepts or returns it (at /work/review/{id}). */
struct view_review_one {
    const struct cycle_update *u;
    const struct scale *scale;
    const struct field_errors *errors; /* of a refused decision, or NULL */
    const char *comment;               /* its comment as typed, or NULL */
};
void view_review_one(struct buf *b, const struct view_site *site, const struct view_review_one *v);

/* The chase list: who still owes an update for the open period. */
void view_chase(struct buf *b, const struct view_site *site, const struct cycle_chase *c);

/* The periods: each month's state and counts, and the forms the role may use
 * (open the next month, close the open one, sign a closed one off). */
struct view_periods {
    const struct cycle_period *periods; /* newest first */
    size_t n;
    const char *next; /* the month the next period must be; "" when any */
    bool can_open, can_close, can_sign_off;
    const char *done;                     /* what just succeeded, or NULL */
    const char *failed_month;             /* the month whose form failed ("" for open) or NULL */
    const struct field_errors *errors;    /* that form's errors */
    const char *month;                    /* the open form's month as typed */
    bool can_reopen;                      /* CAP_PERIODS: reopen a closed, unsigned month */
    const char *reason;                   /* the reopen form's reason as typed, or NULL */
    const struct cycle_chase *unreported; /* the closed month's actions that did not report */
    const struct cycle_reopening *reopenings; /* newest first */
    size_t nreopenings;
};
void view_periods(struct buf *b, const struct view_site *site, const struct view_periods *v);

/* The page that confirms closing a month for updates: what is still
 * outstanding, by kind (awaiting review, drafts, returned, no update), with
 * links, then the button that closes it. */
struct view_period_close {
    const struct cycle_period *period;
    const struct cycle_chase *outstanding; /* its actions without a submitted update */
    const struct field_errors *errors;     /* a refused close, or NULL */
};
void view_period_close(struct buf *b, const struct view_site *site,
                       const struct view_period_close *v);

/* Closing an action: its criteria, the latest proposal and its state, and,
 * for its owner when none awaits a decision, the form to propose closure. */
struct view_closure {
    const struct cycle_form *f;         /* the action's facts */
    const struct cycle_closure *latest; /* the latest proposal, or NULL */
    const char *why_not;                /* why no proposal can be made now, or NULL */
    const char *evidence;               /* the form as typed */
    const char *completed_on;           /* as typed, or the default (the last day
                                           of the open period) */
    const struct cycle_link *links;
    size_t nlinks;
    const struct field_errors *errors;
    const char *done;
};
void view_closure(struct buf *b, const struct view_site *site, const struct view_closure *v);

/* Correcting an update of a signed-off month: the corrections made so far,
 * each as the public will read it, and the form. */
struct correction;
struct correction_input;
struct scale;
struct view_correction {
    const char *action_ref, *action_title;
    const struct scale *scale;            /* the organisation's, for the notes */
    const struct correction *corrections; /* made so far, by month */
    size_t ncorrections;
    const char (*months)[MONTH_LEN]; /* months whose update may be corrected, newest first */
    size_t nmonths;
    const struct correction_input *in; /* the form as typed, or NULL */
    const struct field_errors *errors;
    const char *done;
};
void view_correction(struct buf *b, const struct view_site *site, const struct view_correction *v);

/* Closure proposals awaiting a decision, with the accept / return forms the
 * reader's role may use. */
struct view_closures {
    const struct cycle_closure *c;
    size_t n;
    bool panel; /* the reader decides as the panel */
    const char *done;
    int64_t failed_id;
    const struct field_errors *errors;
    const char *comment;
};
void view_closures(struct buf *b, const struct view_site *site, const struct view_closures *v);

/* -- documents, assurance, history -- */
struct document;
struct assurance_period;
struct history;

/* --- view_form.c: what every form page of the workspace shares --- */

/* The GOV.UK error summary: "There is a problem" and each error linking to
 * its field (#field).  Nothing when n is 0. */
void view_errors_summary(struct buf *b, const struct field_error *e, size_t n);

/* The GOV.UK success banner saying `done` (plain text); nothing when NULL. */
void view_done_banner(struct buf *b, const char *done);

/* --- view_documents.c: the documents page --- */

/* The documents page: those the reader may read (newest first; restricted
 * ones marked) and, for those who may upload, the upload form.  Strings not
 * owned. */
struct view_documents {
    const struct document *docs; /* document_list's answer */
    size_t n;
    bool can_upload;                  /* show the upload form (CAP_UPLOAD) */
    const char *done;                 /* what just succeeded, for the banner; or NULL */
    const char *public_choice;        /* the form's "public" as sent: "yes", "no" or "" */
    const struct field_error *errors; /* the upload form's errors */
    size_t nerrors;
};
void view_documents(struct buf *b, const struct view_site *site, const struct view_documents *v);

/* --- view_assurance.c: the panel's ratings beside the council's --- */

/* The assurance page of one period.  Strings not owned. */
struct view_assurance {
    const struct assurance_period *p; /* the period's comparison */
    const char (*months)[MONTH_LEN];  /* every period's month, newest first, for the chooser */
    size_t nmonths;
    bool can_assure;                              /* show the form (CAP_ASSURE) */
    const char *done;                             /* what just succeeded, or NULL */
    const char *theme, *action, *level, *comment; /* the form as typed ("" when new) */
    const struct field_error *errors;             /* its errors */
    size_t nerrors;
};
void view_assurance(struct buf *b, const struct view_site *site, const struct view_assurance *v);

/* --- view_history.c: who changed what, from the ledger --- */

/* The "History" section of an action's public page: the public variant of
 * its history (history.h) as a table of when, who and what changed, folded
 * in a details element.  Appends a section, not a page. */
void view_action_history(struct buf *b, const struct history *h);

/* The workspace's history page of an action: every entry, with each field's
 * old and new value. */
void view_history(struct buf *b, const struct view_site *site, const struct history *h);

/* -- versions and plan editing -- */
/* --- view_versions.c, view_plan_edit.c: plan versions, their comparison and
 *     the draft's forms (model/version.h) --- */
struct version_info;
struct version_list;
struct version_items;
struct version_diff;
struct version_choices;
struct json_t;

/* The plan versions: the table with each version's state and dates, the step
 * each awaits (and a link or button for those who may take it), and the form
 * that starts a new draft.  Strings not owned. */
struct view_versions {
    const struct version_list *list;
    bool can_edit, can_approve, can_sign_off; /* the reader's capabilities */
    const char *done;                         /* what just succeeded, for the banner; or NULL */
    const char *title;                        /* the new-draft form as typed ("") */
    const struct field_error *errors;         /* that form's errors */
    size_t nerrors;
};
void view_versions(struct buf *b, const struct view_site *site, const struct view_versions *v);

/* One version: its state and dates, the form of the step it awaits (for
 * those who may take it), a link to compare it, and its items by kind. */
struct view_version {
    const struct version_info *v;
    const struct version_items *items;
    int compare_with; /* the version to compare it with (0: none) */
    bool can_edit, can_approve, can_sign_off;
    const char *done;                                       /* banner, or NULL */
    const char *approved_on, *approval_ref, *signed_off_on; /* the step's form as typed */
    const struct field_error *errors;                       /* the step's errors */
    size_t nerrors;
    const struct version_choices *choices; /* the plan's people, to name refs */
    const struct version_event *events;    /* returns and approval corrections, oldest first */
    size_t nevents;
    const char *reason;       /* the return or correction form's reason as typed */
    const char *corrected_on; /* the correction form's date as typed */
};
void view_version(struct buf *b, const struct view_site *site, const struct view_version *v);

/* The comparison of two versions, grouped by kind of change. */
void view_version_diff(struct buf *b, const struct view_site *site, const struct version_diff *d,
                       const struct version_info *from, const struct version_info *to);

/* The form adding or editing one item of the draft (kind: enum vkind), and
 * for an existing item the form that retires it (with a reason) or
 * reinstates it. */
struct view_item_form {
    int kind;                              /* enum vkind */
    int draft;                             /* the draft's number */
    bool is_new;                           /* adding: the ref is an input */
    const char *ref;                       /* the item's ref (as typed when new) */
    const struct json_t *values;           /* the fields: the stored body, or as typed (strings) */
    const char *retired_reason;            /* set when the draft retires it */
    const struct version_items *items;     /* the draft's items: themes and actions to choose */
    const struct version_choices *choices; /* people and recommendations to choose */
    const char *reason;                    /* the retire form as typed ("") */
    const struct field_error *errors;
    size_t nerrors;
};
void view_item_form(struct buf *b, const struct view_site *site, const struct view_item_form *v);

/* The page an editing link leads to when there is no draft: what to do. */
void view_no_draft(struct buf *b, const struct view_site *site, bool can_start);

#endif

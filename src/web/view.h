/* view.h — views: structs in, HTML out.
 *
 * A view takes what a model function loaded and a buffer, and appends a page.
 * Views never see the database or the request: what they show is exactly what
 * they are given, which keeps them testable with hand-made structs.  Every
 * dynamic byte goes through html_printf's %h (or %u in URLs). */
#ifndef DIALTURN_VIEW_H
#define DIALTURN_VIEW_H
#include "lib/buf.h"
#include "lib/date.h"
#include "model/overview.h"
#include "model/pub_scope.h"

/* --- view_layout.c: the frame every page shares --- */

/* What every page frame shows about the site; strings are not owned. */
struct view_site {
    const char *org_name; /* the organisation, in the header, title and footer */
    const char *notice;   /* a banner on every page (the demo says its data is
                             illustrative), or NULL */
    const struct pub_scope *scope; /* the public month a dated page shows, or NULL;
                                      when scope->as_at the frame says the page
                                      shows the site as it stood then */
    const char *path;     /* the page's own path, for the link to the latest view */
};

/* Opens a page: doctype, <head> with `title` (the page's own title; the
 * organisation's name is appended), the skip link, the header naming the
 * organisation, the notice if any, and <main id="main">. */
void view_page_begin(struct buf *b, const struct view_site *site, const char *title);

/* Closes <main>, adds the footer naming the organisation, and ends the document. */
void view_page_end(struct buf *b, const struct view_site *site);

/* Appends a date as <time datetime="2015-06-30">30 Jun 2015</time>; "Not set"
 * for DAY_NONE. */
void view_date(struct buf *b, day_t d);

/* Appends a month "2015-03" as "March 2015" (or the text as given, escaped,
 * if it is not a month). */
void view_month(struct buf *b, const char *month);

/* --- view_plan.c --- */

/* The improvement plan: every theme with a table of its actions and their
 * current confidence; an empty state when the plan has no actions. */
void view_plan(struct buf *b, const struct view_site *site, const struct overview *ov);

/* -- plan, themes, actions -- */
/* -- recommendations, milestones, measures, periods, downloads -- */
/* -- home, search, feeds, accessibility -- */

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
void view_error(struct buf *b, const struct view_site *site, unsigned status,
                const char *detail);

/* The reason phrase for `status` ("Not Found"); "Error" when unknown. */
const char *view_status_text(unsigned status);

#endif

/* engagement.h — the web side of engagement (model/engagement.h): the
 * handlers (page_engagement.c) and their views (view_engagement.c). */
#ifndef DIALTURN_WEB_ENGAGEMENT_H
#define DIALTURN_WEB_ENGAGEMENT_H
#include "lib/buf.h"
#include "lib/ferr.h"
#include "model/engagement.h"
#include "web/view.h"

struct req;

/* -- public: the public events and their responded feedback, read live -- */
int page_engagement(struct req *r);       /* GET /engagement?theme=&page= */
int page_engagement_event(struct req *r); /* GET /engagement/{event} */
int api_engagement(struct req *r);        /* GET /api/v1/engagement */
int api_engagement_event(struct req *r);  /* GET /api/v1/engagement/{ref} */

/* -- workspace (CAP_ENGAGEMENT) -- */
int page_work_engagement(struct req *r);          /* GET /work/engagement: the events */
int page_work_engagement_new(struct req *r);      /* GET /work/engagement/new: the event form */
int post_work_engagement_new(struct req *r);      /* POST /work/engagement/new: records one */
int page_work_engagement_event(struct req *r);    /* GET /work/engagement/{event} */
int post_work_engagement_event(struct req *r);    /* POST /work/engagement/{event}: its details */
int post_work_engagement_feedback(struct req *r); /* POST .../{event}/feedback: adds feedback */
int post_work_engagement_respond(struct req *r);  /* POST .../{event}/feedback/{fb} */

/* The section of an action's public page: the feedback that led to it
 * (feedback: of the data, already kept to the action).  Nothing when none. */
void view_engagement_for_action(struct buf *b, const struct eng_data *d);

/* A theme or an action to choose from; strings owned by the list. */
struct eng_choice {
    char ref[ENG_PLAN_REF_LEN];
    char *title;
};
struct eng_choices {
    struct eng_choice *themes, *actions;
    size_t nthemes, nactions;
};

/* The public list; nothing owned. */
struct view_eng_public {
    const struct eng_data *d;
    const struct eng_choices *c;
    const char *theme;   /* the filter, or NULL */
    const size_t *shown; /* indexes of the events on this page, newest first */
    size_t nshown;
    size_t page, pages;
};
void view_engagement_public(struct buf *b, const struct view_site *site,
                            const struct view_eng_public *v);

/* The public page of one event. */
void view_engagement_event(struct buf *b, const struct view_site *site, const struct eng_data *d,
                           size_t event, const struct eng_choices *c);

/* The workspace's list. */
void view_engagement_work(struct buf *b, const struct view_site *site, const struct eng_data *d,
                          const char *done);

/* The workspace's page of one event (event -1: the form of a new one).
 * Each form is shown as typed with its refusals when its input is given. */
struct view_eng_work {
    const struct eng_data *d;
    long event;
    const struct eng_choices *c;
    const char *done;
    const struct eng_event_input *ein; /* NULL: the event as stored */
    const struct field_errors *eerrs;
    const struct eng_feedback_input *fin;
    const struct field_errors *ferrs;
    const char *rref; /* the feedback whose response form failed, or NULL */
    const struct eng_response_input *rin;
    const struct field_errors *rerrs;
};
void view_engagement_work_event(struct buf *b, const struct view_site *site,
                                const struct view_eng_work *v);

#endif

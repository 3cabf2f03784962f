/* meetings.h — the web side of the panel and its meetings: handlers
 * (page_panel.c, page_meetings.c, page_meetings_work.c) and views
 * (view_panel.c, view_meetings.c).  Views take the JSON the model made
 * (model/panel.h, model/meeting.h), already redacted for the reader. */
#ifndef DIALTURN_WEB_MEETINGS_H
#define DIALTURN_WEB_MEETINGS_H
#include "lib/buf.h"
#include "lib/ferr.h"
#include "web/view.h"
#include <stdbool.h>
#include <jansson.h>

struct req;

/* -- public (page_panel.c, page_meetings.c) -- */
int page_panel(struct req *r);               /* GET /panel: who sits now and who sat before */
int page_meetings(struct req *r);            /* GET /meetings: upcoming and past */
int page_meeting(struct req *r);             /* GET /meetings/{ref}: agenda, papers, minutes */
int page_meeting_agenda_pdf(struct req *r);  /* GET /meetings/{ref}/agenda.pdf: the pack */
int page_meeting_minutes_pdf(struct req *r); /* GET /meetings/{ref}/minutes.pdf */
int page_meetings_ics(struct req *r);        /* GET /meetings.ics: the public calendar */
int page_meetings_atom(struct req *r);       /* GET /meetings.atom: public agendas and minutes */
int page_calendar_private(struct req *r);    /* GET /calendars/{token}: one person's calendar */
int api_panel(struct req *r);                /* GET /api/v1/panel */
int api_panel_popolo(struct req *r);         /* GET /api/v1/panel/popolo.json */
int api_meetings(struct req *r);             /* GET /api/v1/meetings */
int api_meeting(struct req *r);              /* GET /api/v1/meetings/{ref} */
int post_meeting_question(struct req *r);    /* POST /meetings/{ref}/questions: a resident asks */

/* Questions one client address may send (to any meeting of the
 * organisation) before the answer is 429 with Retry-After, besides the
 * per-address limit of model/question.h.  Counted in memory (lib/ratelimit.h). */
#define QUESTION_CLIENT_PER_HOUR 10
#define QUESTION_CLIENT_PER_DAY  30

/* The API's query check, as the other resources make it: as_at, when
 * given, must be a signed-off month (400 when malformed, 404 when not signed
 * off); the panel and its meetings are not part of a month's record, so they
 * answer as they stand.  Any other parameter is refused.  Returns false after
 * answering. */
bool meetings_api_args(struct req *r);

/* Whether `v`, the ?as_at of a resource no month's record holds, names a
 * signed-off month; answers 404 (or 500 on a database error) and returns
 * false when it does not.  Its form is the caller's to check. */
bool live_as_at_signed(struct req *r, const char *v);

/* -- workspace (page_meetings_work.c) -- */
int page_work_meetings(struct req *r);         /* GET /work/meetings: list, new meeting form */
int post_work_meetings(struct req *r);         /* POST /work/meetings: schedules a meeting */
int post_work_meetings_series(struct req *r);  /* POST /work/meetings/series: a series of them */
int page_work_meeting(struct req *r);          /* GET /work/meetings/{ref}: every form */
int post_work_meeting(struct req *r);          /* POST /work/meetings/{ref}/{part} */
int post_work_meeting_item(struct req *r);     /* POST /work/meetings/{ref}/items/{n} */
int post_work_meeting_question(struct req *r); /* POST /work/meetings/{ref}/questions/{id} */
int page_work_panel(struct req *r);            /* GET /work/panel: the membership */
int post_work_panel(struct req *r);            /* POST /work/panel/members: adds a member */
int post_work_panel_member(struct req *r); /* POST /work/panel/members/{ref}: op role|end|leads */
int page_work_calendar(struct req *r);     /* GET /work/calendar: private feed links */
int post_work_calendar(struct req *r);     /* POST /work/calendar: a new secret link */
int post_work_calendar_revoke(struct req *r); /* POST /work/calendar/{id}/revoke */

/* -- views -- */
/* The panel page: remit (Markdown), current members, past members; people
 * maps person refs to {"name", "role"}; today is "YYYY-MM-DD". */
void view_panel(struct buf *b, const struct view_site *site, json_t *panel, json_t *people,
                const char *today);
/* The meetings list: upcoming (from now, "YYYY-MM-DDTHH:MM:SSZ") then past. */
void view_meetings(struct buf *b, const struct view_site *site, json_t *meetings, const char *now);
/* Residents' questions on a public meeting's page (model/question.h). */
struct view_questions {
    json_t *accepted;                    /* the published questions: {"name", "question", "answer",
                                            "answered_at", "asked_at"} */
    bool form;                           /* the meeting takes questions now: show the form */
    const char *deadline;                /* the last day questions are taken, "YYYY-MM-DD" */
    const char *csrf;                    /* the form's double-submit token */
    const char *name, *email, *question; /* what was sent, re-shown after a refusal */
    const char *error_field, *error;     /* the refusal, or NULL */
    bool sent;                           /* a question was received just now */
};
/* One meeting as the reader may see it, with the actions arising carried
 * from earlier meetings (open ones, as {"meeting", "action"}) and the
 * residents' questions (NULL: none, no form). */
void view_meeting(struct buf *b, const struct view_site *site, json_t *m, json_t *people,
                  json_t *carried, const struct view_questions *q);
/* The person's name for a ref, or the ref. */
const char *view_person_name(json_t *people, const char *ref);

/* Errors of a workspace form, and what to re-show. */
struct view_meeting_form {
    const char *error_field;           /* the input id the error names, or NULL */
    const char *error;                 /* the message, or NULL */
    const char *done;                  /* a success banner, or NULL */
    const struct field_errors *errors; /* the series form's problems, by input id, or NULL */
    json_t *series;                    /* the series form's values to re-show, or NULL */
};
/* The secretariat's list of meetings with the form to schedule one. */
void view_work_meetings(struct buf *b, const struct view_site *site, json_t *meetings,
                        const struct view_meeting_form *f);
/* The secretariat's page of one meeting: every form, and the residents'
 * questions (model/question.h's question_list, all of them). */
void view_work_meeting(struct buf *b, const struct view_site *site, json_t *m, json_t *people,
                       json_t *questions, const struct view_meeting_form *f);
/* The secretariat's page of the panel's membership: every member (now, then
 * past) with the forms to change a role, end a membership and set the
 * matters led, and the form to add one. */
void view_work_panel(struct buf *b, const struct view_site *site, json_t *panel, json_t *people,
                     const struct view_meeting_form *f);
/* The private calendar links of the signed-in person: tokens is an array of
 * {"id", "created_on", "revoked_on"}; fresh the URL of one just made, or NULL. */
void view_work_calendar(struct buf *b, const struct view_site *site, json_t *tokens,
                        const char *fresh);

#endif

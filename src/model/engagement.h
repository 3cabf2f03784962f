/* engagement.h — "you said, we did" (DESIGN.md, "Engagement"): the events the
 * council held (partner events, sessions with group leaders, scrutiny chairs,
 * MPs, staff and residents), who took part (organisations and groups, with
 * how many came), the feedback received, the council's response and the plan
 * action it led to.
 *
 * An event is public or not.  Feedback is "received" until the council
 * responds; then "responded", with the response and its day.  What the
 * public sees (engagement_load with public_only): the public events, and of
 * their feedback only what was responded to; feedback still waiting for its
 * response, and everything of an event that is not public, reaches no public
 * surface.  On an action's public page, which shows a month's record, the
 * feedback that led to it appears once the month whose record holds the
 * response is signed off (engagement_for_action).
 *
 * Writes need CAP_ENGAGEMENT, are checked field by field (struct
 * field_errors) and are each one transaction through the ledger. */
#ifndef DIALTURN_ENGAGEMENT_H
#define DIALTURN_ENGAGEMENT_H
#include "lib/date.h"
#include "lib/ferr.h"
#include "model/cycle.h"
#include "model/db.h"
#include <stdbool.h>
#include <stdint.h>

#define ENG_REF_LEN       16    /* "E12", "F140" and the terminating NUL */
#define ENG_PLAN_REF_LEN  65    /* a theme's or an action's ref (64 at most) */
#define ENG_TITLE_MAX     200   /* bytes of a title, a place, a participant's name */
#define ENG_TEXT_MAX      10000 /* bytes of a summary, of what was said, of a response */
#define ENG_PARTICIPANTS  8     /* participants of one event, at most */
#define ENG_COUNT_MAX     100000
#define ENG_EARLIEST_YEAR 1990 /* events before this are refused as mistyped */

/* The kinds of event, NULL-ended ("partners", ...), and their labels. */
extern const char *const engagement_kinds[];
const char *engagement_kind_label(const char *code); /* "Partner event"; static */

/* One participant: an organisation or a group; strings owned. */
struct eng_participant {
    char *name;
    bool group; /* a group ("Residents of Ladywood ward"), else an organisation */
    int count;  /* how many took part for it; 0: not counted */
};

/* One item of feedback; strings owned. */
struct eng_feedback {
    int64_t id;
    char ref[ENG_REF_LEN];
    size_t event;                 /* index of its event in the data */
    char theme[ENG_PLAN_REF_LEN]; /* "" for none */
    char *said;
    bool responded;
    char *response;                /* "" until responded */
    char responded_on[DATE_LEN];   /* "" until responded */
    char action[ENG_PLAN_REF_LEN]; /* the action it led to, "" for none */
    int64_t seq;                   /* the ledger entry of its present state */
};

/* One event; strings and participants owned. */
struct eng_event {
    int64_t id;
    char ref[ENG_REF_LEN];
    char kind[20];
    char held_on[DATE_LEN];
    char *title, *place, *summary;
    bool public;
    struct eng_participant *parts;
    size_t nparts;
    size_t nfeedback; /* of the data's feedback */
};

/* Events by day then id; feedback by its event's order then id. */
struct eng_data {
    struct eng_event *events;
    size_t nevents;
    struct eng_feedback *feedback;
    size_t nfeedback;
};

/* Loads the events and feedback; public_only: the public events and their
 * responded feedback alone.  Returns 0, or -1 (db->err). */
int engagement_load(struct db *db, bool public_only, struct eng_data *out);
void engagement_free(struct eng_data *d);

/* The version of what the public sees of engagement, for the validators of
 * a page that shows it beside a month's record (the action page): *rows is
 * how many public events and feedback rows of public events there are,
 * *newest the newest ledger entry among them.  Whatever a reader could see
 * change (an event withdrawn, edited or published, its feedback answered)
 * moves one of the two; work on an event that is not public moves neither.
 * Returns 0, or -1 (db->err). */
int engagement_public_version(struct db *db, int64_t *rows, int64_t *newest);

/* The index of the event `ref`, or -1. */
long engagement_find(const struct eng_data *d, const char *ref);

/* Keeps in d only the public feedback that led to action `ref` and whose
 * present state the ledger held at entry `max_seq`, responded on or before
 * `last_day` (a month's record: its seal and last day).  Events stay. */
void engagement_for_action(struct eng_data *d, const char *ref, int64_t max_seq,
                           const char *last_day);

/* An event as typed.  public: "yes" or "no".  Participants: up to
 * ENG_PARTICIPANTS rows; a row with an empty name is skipped. */
struct eng_event_input {
    const char *kind, *held_on, *title, *place, *summary, *public;
    const char *part_name[ENG_PARTICIPANTS], *part_kind[ENG_PARTICIPANTS],
        *part_count[ENG_PARTICIPANTS];
};

/* Records an event (ref NULL: a new one, its ref in out_ref) or changes the
 * event `ref` with its participants.  Fields: kind, held_on, title, place,
 * summary, public, part_name_N, part_kind_N, part_count_N (N from 1). */
enum cycle_rc engagement_event_save(struct db *db, const struct session_user *u, const char *ref,
                                    const struct eng_event_input *in, struct field_errors *errs,
                                    char *out_ref);

/* Feedback as typed (fields: theme, said). */
struct eng_feedback_input {
    const char *theme, *said;
};

/* Records feedback received at event `event_ref`; sets out_ref. */
enum cycle_rc engagement_feedback_add(struct db *db, const struct session_user *u,
                                      const char *event_ref, const struct eng_feedback_input *in,
                                      struct field_errors *errs, char *out_ref);

/* The council's response as typed (fields: response, responded_on, action). */
struct eng_response_input {
    const char *response, *responded_on, *action;
};

/* Records (or corrects) the response to feedback `ref` of event
 * `event_ref`, and the action it led to; the feedback becomes "responded". */
enum cycle_rc engagement_respond(struct db *db, const struct session_user *u, const char *event_ref,
                                 const char *ref, const struct eng_response_input *in,
                                 struct field_errors *errs);

#endif

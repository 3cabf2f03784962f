/* meeting.h — who sees what of the panel's meetings, and the panel as Popolo.
 *
 * Closed means closed: an exempt item (one citing a paragraph of Schedule
 * 12A), a closed meeting, their papers, minutes, declarations and actions
 * arising reach only the panel, the secretariat and the people the meeting
 * lists (attendance).  Every surface — pages, API, calendars, publish — takes
 * its meetings through meeting_redact(), so the rule lives here once.  The
 * public sees that an exempt item was taken and under which paragraph, never
 * its title or content; of a closed meeting only that it took place and when;
 * of a draft agenda nothing. */
#ifndef DIALTURN_MEETING_H
#define DIALTURN_MEETING_H
#include "lib/buf.h"
#include "model/db.h"
#include <jansson.h>
#include <stdbool.h>

/* Who is looking. */
struct meeting_viewer {
    bool privileged;    /* the panel or the secretariat: sees everything */
    const char *person; /* the viewer's person ref (invitations), or NULL */
};

/* The anonymous reader. */
#define MEETING_PUBLIC ((struct meeting_viewer){false, NULL})

/* The only title the public sees of a closed meeting, wherever it is listed. */
#define MEETING_CLOSED_TITLE "Closed meeting of the panel"

/* What `v` may see of meeting m (canonical form, model/panel.h): a new
 * object, or NULL when v may not know of it.  The copy says "access":
 * "full" (everything), "public" (an open meeting, exempt items reduced to
 * {"exempt_paragraph", "exempt": true}) or "closed" (ref, kind, times and
 * status alone, titled "Closed meeting of the panel").  Minutes, decisions,
 * actions arising and corrections appear to the public once the minutes are
 * published. */
json_t *meeting_redact(json_t *m, const struct meeting_viewer *v);

/* Every meeting v may see, redacted, in time order (a new array; with ids
 * when the meetings carry them).  NULL meetings give an empty array. */
json_t *meeting_redact_all(json_t *meetings, const struct meeting_viewer *v);

/* The viewer for an account: privileged for the roles panel and
 * secretariat; person is the ref of person_id (0: none), written into
 * `person` (size 65).  Returns 0, or -1 with db->err set. */
int meeting_viewer_for(struct db *db, bool privileged, int64_t person_id, char person[65],
                       struct meeting_viewer *out);

/* Adds to each item of m (loaded with ids) its papers: "papers": [{"id",
 * "name", "public"}].  Returns 0, or -1 with db->err set. */
int meeting_papers_load(struct db *db, json_t *m);

/* Whether document `id` is a paper of an exempt item or of a closed
 * meeting.  Returns 1 or 0, or -1 with db->err set. */
int meeting_paper_closed(struct db *db, int64_t id);

/* When the meetings last changed: the time of the latest ledger entry of a
 * meeting table, "YYYY-MM-DDTHH:MM:SSZ" in at ("" when none).  Returns 0,
 * or -1 with db->err set. */
int meeting_last_change(struct db *db, char at[21]);

/* The panel as Popolo JSON (persons, organizations, memberships, posts),
 * from the panel section and the people: a new object.  `people` maps a
 * person ref to {"name", "role"}. */
json_t *meeting_popolo(json_t *panel, json_t *people, const char *org_name);

/* The people of the plan as {ref: {"name", "role"}} (a new object), read
 * from main.person.  NULL with db->err set on failure. */
json_t *meeting_people(struct db *db);

/* A meeting's agenda pack or its minutes as a PDF (meeting_pdf.c). */
enum meeting_pdf_what { MEETING_PDF_AGENDA, MEETING_PDF_MINUTES };
struct meeting_pdf_in {
    enum meeting_pdf_what what;
    json_t *meeting;      /* redacted for the reader (the public: MEETING_PUBLIC), with papers */
    json_t *people;       /* {ref: {"name", "role"}} (meeting_people) */
    json_t *carried;      /* open actions of earlier meetings, [{"meeting", "action"}], or NULL */
    json_t *questions;    /* the published residents' questions (question_list), or NULL */
    const char *org_name; /* the running header's and the metadata's author */
    const char *base;     /* path prefix of the site's pages ("" or "/slug"), for papers' links */
    const char *when;     /* the metadata's dates: when the meeting last changed, "…Z" */
};
/* Appends to b the PDF: A4, running header with page numbers, the title in
 * its metadata.  The agenda lists the items in order with their presenters
 * and public papers (their addresses), the actions carried and the
 * residents' questions; the minutes give attendance, declarations, minutes
 * and decision per item, the questions with their answers, actions arising
 * and corrections.  An exempt item shows only its paragraph of
 * Schedule 12A.  Returns 0, or -1 with err set (b unchanged). */
int meeting_pdf(struct buf *b, const struct meeting_pdf_in *in, char *err, size_t errlen);

/* Labels for people: kind of meeting, role on the panel, status, presence. */
const char *meeting_kind_label(const char *kind);
const char *meeting_role_label(const char *role);

#endif

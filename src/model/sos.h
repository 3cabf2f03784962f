/* sos.h — the panel's reports and letters to the Secretary of State
 * (sql/019).
 *
 * A report covers a span of signed-off months (from..to).  The secretariat
 * starts it; each section is pre-filled with the figures of the span, made
 * from the months' records by the monthly report's code (report.h,
 * report_build_since: the record of `to`, compared with the last signed-off
 * month before `from`) and frozen as Markdown in the section's row when the
 * report is started or refreshed (only while a draft).  The panel writes an
 * assessment per section (Markdown); the chair approves; the secretariat
 * publishes, which stores the page's text and the PDF as public documents
 * (their hashes on the ledger) that are served byte for byte from then on;
 * the Secretary of State's response is attached to a published report.
 *
 * Who the chair is: an account whose person of the plan is the panel's
 * current chair (panel_member role 'chair', not ended).  When the panel has
 * no current chair on record, any panel member's account may approve.
 *
 * Every change is one transaction with its ledger entries.  Nothing here
 * knows HTTP or HTML; everything a struct sos_report holds it owns. */
#ifndef DIALTURN_SOS_H
#define DIALTURN_SOS_H
#include "lib/date.h"
#include "lib/ferr.h"
#include "model/db.h"
#include "model/report.h"
#include <stdbool.h>
#include <stdint.h>

#define SOS_REF_MAX        40    /* bytes of a ref ("SOS-2015-12") */
#define SOS_TITLE_MAX      200   /* bytes of a title */
#define SOS_ASSESSMENT_MAX 40000 /* bytes of a section's assessment */
#define SOS_RESPONSE_MAX   40000 /* bytes of the response */

enum sos_state { SOS_DRAFT, SOS_APPROVED, SOS_PUBLISHED };
const char *sos_state_code(enum sos_state s);  /* "draft"; static */
const char *sos_state_label(enum sos_state s); /* "Draft"; static */
const char *sos_kind_label(const char *kind);  /* "Scheduled report"; static */

/* The fixed sections of every report, in order. */
struct sos_section_def {
    const char *key, *title;
    enum report_section figures[2]; /* the monthly report's sections that fill it */
    size_t nfigures;
    bool meetings; /* the panel's meetings held in the span */
};
extern const struct sos_section_def sos_sections[];
extern const size_t sos_nsections;

struct sos_section {
    int64_t id;
    char *key, *title, *figures, *assessment; /* owned */
};

struct sos_report {
    int64_t id;
    char *ref, *kind, *title;            /* owned */
    char from[MONTH_LEN], to[MONTH_LEN]; /* the months covered */
    enum sos_state state;
    char *started_on, *refreshed_at;           /* owned */
    char *approved_on, *published_on;          /* owned; NULL when not yet */
    char *response_on, *response;              /* owned; NULL when none (response: also when
                                                  only the letter is attached) */
    int64_t response_document_id;              /* the letter, a public document; 0: none */
    int64_t started_by_id, approved_by_id;     /* 0 when none */
    int64_t html_document_id, pdf_document_id; /* 0 until published */
    struct sos_section *sec;                   /* owned; empty in lists */
    size_t nsec;
};
void sos_free(struct sos_report *r);
void sos_list_free(struct sos_report *v, size_t n);

/* Reads report `ref` with its sections.  published_only: a report that is
 * not published is not found.  Returns 1, 0 when not found, -1 (db->err). */
int sos_get(struct db *db, const char *ref, bool published_only, struct sos_report *out);

/* Every report (published_only: the published ones), newest span first,
 * without sections.  Returns 0 with *out (sos_list_free), or -1. */
int sos_list(struct db *db, bool published_only, struct sos_report **out, size_t *n);

/* The section figures of the span as Markdown, one per sos_sections entry
 * (figures[i] malloc'd), and the report they come from (*rep, report_free),
 * built on pdb, a record connection.  Returns 1, 0 when `to` is not a
 * signed-off month, -1 (pdb->err). */
int sos_build(struct db *pdb, const char *from, const char *to, struct report *rep, char **figures);

/* What starting a report takes. */
struct sos_start {
    const char *ref, *kind, *title, *from, *to;
    day_t on; /* the day it is started (the demo's history); 0 or DAY_NONE: today */
};

/* Outcomes of the changes: refusals are in fe, by field. */
enum sos_rc {
    SOS_OK = 0,
    SOS_REFUSED = 1,   /* fe says why */
    SOS_NOT_FOUND = 2, /* no such report (or section) */
    SOS_ERROR = -1     /* wdb->err or pdb->err */
};

/* Starts a draft (the secretariat): ref unique, kind known, title given,
 * from <= to, both signed-off months.  The figures come from pdb. */
enum sos_rc sos_start(struct db *wdb, struct db *pdb, const struct sos_start *in,
                      int64_t account_id, struct field_errors *fe);

/* Re-freezes a draft's figures, over a new span when from/to are given
 * (NULL or "": the same). */
enum sos_rc sos_refresh(struct db *wdb, struct db *pdb, const char *ref, const char *from,
                        const char *to, struct field_errors *fe);

/* Writes a draft section's assessment (the panel). */
enum sos_rc sos_assess(struct db *wdb, const char *ref, const char *key, const char *body,
                       struct field_errors *fe);

/* Whether the account's person may approve as the chair (see above).
 * Returns 1, 0, or -1 (db->err). */
int sos_is_chair(struct db *db, int64_t person_id);

/* Approves a draft on `day` (the chair): refused for another person, and
 * for a report with a section without an assessment. */
enum sos_rc sos_approve(struct db *wdb, const char *ref, int64_t account_id, int64_t person_id,
                        day_t day, struct field_errors *fe);

/* Publishes an approved report on `day` (the secretariat), storing html (the
 * page's text) and pdf as public documents in the same transaction. */
enum sos_rc sos_publish(struct db *wdb, const char *ref, day_t day, const struct buf *html,
                        const struct buf *pdf, int64_t account_id, struct field_errors *fe);

/* Attaches (or replaces) the Secretary of State's response to a published
 * report: its date (not before publication, not in the future) and its text
 * (Markdown), the letter itself as document `document_id` (0: none), or both.
 * The document must exist and be public (refused at "response_document":
 * everything of a published report is public); text and document may not
 * both be missing (refused at "response"). */
enum sos_rc sos_respond(struct db *wdb, const char *ref, const char *date, const char *body,
                        int64_t document_id, struct field_errors *fe);

#endif

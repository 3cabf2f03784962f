/* view_sos.h — the reports to the Secretary of State as pages (view_sos.c). */
#ifndef DIALTURN_VIEW_SOS_H
#define DIALTURN_VIEW_SOS_H
#include "lib/buf.h"
#include "lib/ferr.h"
#include "model/document.h"
#include "model/sos.h"
#include "web/view.h"

/* The report's text: title, covers, contents, then each section with its
 * figures (drawn from rep, the span's report) and the panel's assessment.
 * What publication stores and the public page serves byte for byte; the
 * draft's preview in the workspace. */
void view_sos_article(struct buf *b, const char *org, const struct sos_report *s,
                      const struct report *rep);

/* The public page of a published report: the stored article, the links to
 * the PDF, and the Secretary of State's response when it has arrived: its
 * date, its text and the link to `letter` (the attached document's record;
 * NULL: none). */
void view_sos_public(struct buf *b, const struct view_site *site, const struct sos_report *s,
                     const char *article, size_t article_len, const struct document *letter);

/* The workspace list of every report, with the form to start one. */
struct view_sos_list {
    const struct sos_report *v;
    size_t n;
    bool can_start;
    const char (*months)[MONTH_LEN]; /* the signed-off months, oldest first */
    size_t nmonths;
    const struct sos_start *form; /* as typed; NULL: empty */
    const struct field_errors *fe;
    const char *done;
};
void view_sos_list(struct buf *b, const struct view_site *site, const struct view_sos_list *v);

/* The workspace page of one report: its state, the forms the reader may use,
 * then the preview (article, the draft's figures built now). */
struct view_sos_work {
    const struct sos_report *s;
    const char *preview;                /* view_sos_article's text */
    bool can_draft;                     /* the secretariat: refresh, publish, respond */
    bool can_assess;                    /* the panel: assessments, approval */
    const char *key;                    /* the section whose form failed, or NULL */
    const char *typed;                  /* what was typed in it */
    const char *response_on, *response; /* the response form as typed, or NULL */
    const char *response_document;      /* its document number as typed, or NULL */
    const struct field_errors *fe;
    const char *done;
};
void view_sos_work(struct buf *b, const struct view_site *site, const struct view_sos_work *v);

#endif

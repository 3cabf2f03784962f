/* view_cycle_int.h — what the monthly cycle's views share (view_cycle.c,
 * view_review.c, view_closure.c): error summaries, field errors,
 * state tags, evidence.  Not for use elsewhere. */
#ifndef DIALTURN_VIEW_CYCLE_INT_H
#define DIALTURN_VIEW_CYCLE_INT_H
#include "lib/buf.h"
#include "model/cycle.h"
#include "model/cycle_list.h"
#include <stdbool.h>

/* The GOV.UK error summary for errs (nothing when errs is NULL or empty):
 * each message links to the input with the id field + `suffix` ("" or
 * "-12" when a page holds one form per item); a message without a field is
 * plain text. */
void vc_error_summary(struct buf *b, const struct field_errors *errs, const char *suffix);

/* The message for `field`, or NULL. */
const char *vc_error_for(const struct field_errors *errs, const char *field);

/* Appends the inline error message of `field` (<p id="ID-error">, ID being
 * field + suffix) when there is one, and returns whether there was. */
bool vc_field_error(struct buf *b, const struct field_errors *errs, const char *field,
                    const char *suffix);

/* An update's state as a tag: "Not started" for "" (no update yet). */
void vc_state_tag(struct buf *b, const char *state);

/* A list of evidence: links open the address; documents say so. */
void vc_evidence(struct buf *b, const struct cycle_evidence *e, size_t n);

/* The evidence links fieldset of a form: rows evidence_label_N /
 * evidence_url_N for the given links and two blank ones more. */
void vc_links_fieldset(struct buf *b, const struct cycle_link *links, size_t n,
                       const struct field_errors *errs);

/* The upload field of a form (evidence_file) and, for the documents among
 * `docs` (evidence without a url), a "Remove" checkbox each (remove_evidence
 * = the evidence id). */
void vc_file_field(struct buf *b, const struct cycle_evidence *docs, size_t n,
                   const struct field_errors *errs);

/* "YYYY-MM-DDTHH:MM:SSZ" shown as a date (<time>), or the text escaped. */
void vc_stamp(struct buf *b, const char *stamp);

/* view_periods.c: the actions of c that have not reported, by kind (no
 * update, draft, returned), each linked with its owner's name and role. */
void vp_unreported(struct buf *b, const struct cycle_chase *c);

#endif

/* page_cycle.h — what the monthly cycle's handlers share (page_cycle.c,
 * page_review.c, page_closure.c).  Not for use elsewhere. */
#ifndef DIALTURN_PAGE_CYCLE_H
#define DIALTURN_PAGE_CYCLE_H
#include "model/cycle.h"
#include "web/web.h"

/* The banner text for the request's ?done= code (a static string from a
 * fixed table), or NULL for none or an unknown code. */
const char *pc_done(const struct req *r);

/* Redirects (303) to `fmt` expanded by html_printf with one argument:
 * "/work/updates/%U?done=saved" percent-encodes `arg` into the path. */
void pc_redirect(struct req *r, const char *fmt, const char *arg);

struct document_upload;

/* Fills *up from the form's evidence_file field (borrowing the request's
 * bytes) and returns 1, or returns 0 when no file was sent. */
size_t pc_form_upload(const struct req *r, struct document_upload *up);

/* Fills links[] (at most max) from the form's repeated evidence_label and
 * evidence_url fields, paired in order; strings belong to the request.
 * Returns how many rows were sent. */
size_t pc_form_links(const struct req *r, struct cycle_link *links, size_t max);

/* Copies the dispatcher's refusals of a ROUTE_FORM_ERRORS form (r->ferr)
 * into errs, for the form's own error display.  Returns whether there were
 * any: the handler then re-shows the form and changes nothing. */
bool pc_form_refused(const struct req *r, struct field_errors *errs);

/* Answers a model refusal that needs no form: CYCLE_DENIED as 403 and
 * CYCLE_NOT_FOUND as 404 with the model's message (returns 0: answered), a
 * database failure with r->err from db (returns -1).  Returns 1 for the
 * rest (CYCLE_INVALID, CYCLE_CONFLICT), which the caller renders. */
int pc_model_rc(struct req *r, struct db *db, enum cycle_rc rc, const struct field_errors *errs);

/* Renders the page that confirms closing the month of the path (page_periods.c)
 * with `status` and the refusal errs (or NULL); answers 404 itself for no such
 * month.  Returns 0, or -1 (r->err). */
int period_close_render(struct req *r, unsigned status, const struct field_errors *errs);

#endif

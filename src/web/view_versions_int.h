/* view_versions_int.h — what the views of plan versions share
 * (view_versions.c, view_plan_edit.c): form groups,
 * status tags and field names.  Not for use elsewhere. */
#ifndef DIALTURN_VIEW_VERSIONS_INT_H
#define DIALTURN_VIEW_VERSIONS_INT_H
#include "lib/buf.h"
#include "web/view.h"
#include <stdbool.h>

/* The message for input `field`, or NULL. */
const char *vv_error_for(const struct field_error *e, size_t n, const char *field);

/* Opens <div class="govuk-form-group"> for input `id` with its label (a
 * <label>, or a <legend> when `fieldset`: the caller then closes the
 * fieldset too), the hint and the error message; returns the error. */
const char *vv_group_open(struct buf *b, const char *id, const char *label, const char *hint,
                          bool fieldset, const struct field_error *e, size_t n);

/* aria-describedby naming the hint and the error of `id`, when there are any. */
void vv_described_by(struct buf *b, const char *id, bool hint, bool error);

/* A whole text input group: label, hint, error, the input showing `value`;
 * `width` is a GOV.UK width class ("govuk-input--width-10") or "". */
void vv_text(struct buf *b, const char *id, const char *label, const char *hint, const char *value,
             const char *width, const struct field_error *e, size_t n);

/* A whole textarea group. */
void vv_textarea(struct buf *b, const char *id, const char *label, const char *hint,
                 const char *value, int rows, const struct field_error *e, size_t n);

/* A version's status as a tag ("Draft", "Signed off"). */
void vv_status_tag(struct buf *b, const char *status);

/* How people read a version status ("Signed off"); static. */
const char *vv_status_label(const char *status);

/* How people read a field of an item ("Accountable member"); static. */
const char *vv_field_label(const char *field);

#endif

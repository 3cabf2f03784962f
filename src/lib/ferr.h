/* ferr.h — field errors: what a refusal says, field by field.
 *
 * One type carries the user's mistakes from wherever they are found (the
 * web layer's declared inputs, a model write) to wherever they are shown:
 * the form re-shown with each message at its field, the API's problem
 * details ("errors": [{field, message}]), the command line's one line.
 *
 * Each entry owns copies of its field name and message, both made safe for
 * any reader (valid UTF-8, no control characters: text_safe), so a message
 * that quotes input never passes on a terminal escape or half a character.
 * The list grows as needed. */
#ifndef DIALTURN_FERR_H
#define DIALTURN_FERR_H
#include "lib/buf.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define FERR_FIELD_MAX   128  /* bytes of a field name kept */
#define FERR_MESSAGE_MAX 1024 /* bytes of a message kept */

/* One problem: the field it concerns ("narrative", "evidence_url_2"; "" for
 * the form as a whole) and what to fix, in plain text.  The strings are
 * owned by the list they are in (const so that a view can take a literal). */
struct field_error {
    const char *field;
    const char *message;
};

/* The problems of one refusal, in the order found.  Zero-initialised
 * (FERR_INIT) it is empty; ferr_free releases it. */
struct field_errors {
    struct field_error *e; /* n entries, owned */
    size_t n, cap;
};

#define FERR_INIT ((struct field_errors){NULL, 0, 0})

/* Adds a problem with `field` (NULL counts as "") and the message made by
 * fmt.  Both are copied, made safe and cut (at a character boundary) to
 * FERR_FIELD_MAX and FERR_MESSAGE_MAX bytes. */
void ferr_add(struct field_errors *fe, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ferr_vadd(struct field_errors *fe, const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Adds every entry of `from` to fe whose field fe does not name yet. */
void ferr_merge(struct field_errors *fe, const struct field_errors *from);

/* The message for `field`, or NULL when fe names no problem with it. */
const char *ferr_find(const struct field_errors *fe, const char *field);

/* The first message ("" when none); points into fe. */
const char *ferr_first(const struct field_errors *fe);

/* Appends the problems as one line for the command line or a log:
 * "field: message; field: message" (a message without a field alone). */
void ferr_line(const struct field_errors *fe, struct buf *out);

/* Empties the list, keeping nothing.  fe may then be reused. */
void ferr_free(struct field_errors *fe);

#endif

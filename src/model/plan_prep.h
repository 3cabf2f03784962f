/* plan_prep.h — the "updates" of a plan document, parsed on a second thread.
 *
 * Parsing the updates is most of the reading of a large plan, and none of it
 * depends on the rest of the document: a second thread turns each element's
 * text into typed fields while the first parses and reads every other
 * section.  The thread only parses and checks types; every lookup, rule and
 * message stays with the reader (plan_json.c), in document order.  An
 * element that is anything but plain (not valid JSON, an unknown key, a
 * field of the wrong type or too long) is marked not `clean`, and the reader
 * reads it again from its text the ordinary way, which says what is wrong. */
#ifndef DIALTURN_PLAN_PREP_H
#define DIALTURN_PLAN_PREP_H

#include "lib/date.h"
#include <stdbool.h>
#include <stddef.h>

/* One JSON value's place in the document text. */
struct span {
    size_t off, len;
};

/* One element of "updates", as its fields stand in the text. */
struct pre_update {
    bool clean;          /* every field below is set; else read the element again */
    char action[65];     /* a ref: 1..64 bytes */
    char period[8];      /* "YYYY-MM" as written; checked by the reader */
    char author[65];     /* "" when absent or null */
    char confidence[32]; /* "" when absent or null */
    bool has_author, has_confidence;
    int state;       /* index into plan_prep_states */
    int status;      /* enum action_status */
    int percent;     /* 0..100 */
    day_t forecast;  /* DAY_NONE when absent or null */
    char *narrative; /* "" when absent or null; owned until the reader takes it */
};

/* The states an update may have, in the order `state` indexes. */
extern const char *const plan_prep_states[];

struct plan_prep; /* opaque */

/* Starts parsing the n elements at `elems` of `data` (both borrowed until
 * plan_prep_stop) on a second thread; if no thread can be started, each is
 * parsed on the caller's thread when asked for.  Never NULL. */
struct plan_prep *plan_prep_start(const char *data, const struct span *elems, size_t n);

/* Element i (< n), waiting for it if the thread has not got that far.  The
 * result stays the prep's; the caller may take its narrative (and set the
 * pointer to NULL). */
struct pre_update *plan_prep_get(struct plan_prep *pp, size_t i);

/* Stops the thread (at once: elements not reached are not parsed), waits for
 * it, and frees everything, narratives not taken included.  NULL is fine. */
void plan_prep_stop(struct plan_prep *pp);

#endif

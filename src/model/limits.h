/* limits.h — the domain's rules on single fields, in one place: every path
 * that writes (import JSON and CSV through plan_check, the plan editor and
 * `version --draft` through the same, the monthly update and closure paths,
 * the API) asks these, so none can take what another refuses.
 *
 * Each check returns NULL when the value passes, else a static message saying
 * what is wrong, for the caller to put after the field's name. */
#ifndef DIALTURN_LIMITS_H
#define DIALTURN_LIMITS_H
#include "lib/date.h"
#include <stdbool.h>

#define LIMIT_TITLE     500   /* characters of a title */
#define LIMIT_NARRATIVE 20000 /* characters of a narrative, description, evidence */
#define LIMIT_NAME      200   /* characters of a name, role, unit, author, reference */
#define LIMIT_YEAR_MIN  1900  /* dates are plausible from this year ... */
#define LIMIT_YEAR_MAX  2200  /* ... to this one */
#define LIMIT_NUMBER                                                                               \
    1e15 /* a measure's number (value, baseline, target) is within                                 \
            this of zero: any count, rate or sum of money a council                                \
            reports, and far from where a chart's arithmetic                                       \
            overflows */

/* Text of at most `max` characters: valid UTF-8 and no control characters
 * (newline and tab allowed when `multiline`).  NULL text passes. */
const char *limits_text(const char *s, unsigned max, bool multiline);

/* A date within LIMIT_YEAR_MIN..LIMIT_YEAR_MAX; DAY_NONE passes. */
const char *limits_date(day_t d);

/* A measure's number: finite and no further from zero than LIMIT_NUMBER. */
const char *limits_number(double v);

/* A date recording an event that has happened: not after today. */
const char *limits_past(day_t d);

/* A link: http:// or https:// and no white space or control characters;
 * NULL passes. */
const char *limits_url(const char *s);

/* An IANA time zone name ("Europe/London") that exists under
 * /usr/share/zoneinfo: letters, digits, '_', '-', '+' in '/'-separated parts,
 * none starting with '.'. */
const char *limits_timezone(const char *s);

/* Percent complete that agrees with the status: 0-100, 0 when not started,
 * 100 when complete.  `status` is an enum action_status. */
const char *limits_percent(int status, int percent);

#endif

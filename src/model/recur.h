/* recur.h — the days of a series of meetings (the secretariat schedules
 * them in one form; each day becomes its own meeting).
 *
 * Two rules, as RFC 5545's RRULE reads them:
 *   weekly   every `interval` weeks from the first day (FREQ=WEEKLY;INTERVAL=n)
 *   monthly  the nth weekday of every `interval`-th month, counted from the
 *            first day's month (FREQ=MONTHLY;BYDAY=2TH, or -1TH for the last);
 *            a month without that weekday (a 5th Thursday) has no meeting
 *            and is not counted, as RFC 5545 skips it.
 * The series ends at `until` (inclusive) or after `count` meetings,
 * whichever the rule gives; never more than RECUR_MAX.  A meeting's time
 * of day is local to the organisation's zone, so 10:00 stays 10:00 across a
 * change to or from summer time (recur_local_utc). */
#ifndef DIALTURN_RECUR_H
#define DIALTURN_RECUR_H
#include "lib/date.h"
#include <stdbool.h>

#define RECUR_MAX 60 /* meetings one series may make: five years of monthly meetings */

enum recur_freq { RECUR_WEEKLY, RECUR_MONTHLY };

struct recur_rule {
    enum recur_freq freq;
    int interval; /* weeks or months between meetings, 1 to 52 */
    int nth;      /* monthly: the nth weekday, 1 to 5, or -1 for the last */
    int weekday;  /* monthly: 0 Sunday to 6 Saturday */
    day_t first;  /* weekly: the first meeting; monthly: any day of the first month (a day
                     before it in that month gives no meeting) */
    day_t until;  /* the last day a meeting may fall on, or DAY_NONE */
    int count;    /* meetings wanted, or 0 (until `until`) */
};

/* The weekday of d: 0 Sunday to 6 Saturday. */
int recur_weekday(day_t d);

/* The nth (1-5, or -1: last) `weekday` of `month` (date.h's month number),
 * or DAY_NONE when the month has no such day. */
day_t recur_nth_weekday(int month, int nth, int weekday);

/* Writes the days of the series into days[RECUR_MAX] in order and returns
 * how many; -1 when it would make more than RECUR_MAX (or has no end: no
 * until and no count). */
int recur_days(const struct recur_rule *r, day_t days[RECUR_MAX]);

/* Day d at local time hh:mm in the process's zone (TZ), as UTC
 * "YYYY-MM-DDTHH:MM:SSZ" into out.  A time that does not exist that day (in
 * the hour skipped when summer time starts) is taken an hour later, as the
 * clocks read.  Returns false when it cannot be converted. */
bool recur_local_utc(day_t d, int hh, int mm, char out[DATE_TIME_LEN]);

#endif

/* date.h — calendar dates and months as plain integers.
 *
 * A date is a day number (days since 1970-01-01, proleptic Gregorian), so that
 * slips and durations are subtraction.  A month is year*12 + (month-1).  The
 * rules in DESIGN.md are stated in whole days; nothing here knows about time zones. */
#ifndef DIALTURN_DATE_H
#define DIALTURN_DATE_H
#include <stdbool.h>
#include <stdint.h>

typedef int32_t day_t;
#define DAY_NONE  INT32_MIN /* "no date" */
#define DATE_LEN  11        /* "YYYY-MM-DD" and NUL */
#define MONTH_LEN 8         /* "YYYY-MM" and NUL */

/* Parses exactly "YYYY-MM-DD" (a real calendar date, years 1000-9999). */
bool date_parse(const char *s, day_t *out);
/* Writes "YYYY-MM-DD" into out. */
void date_format(day_t d, char out[DATE_LEN]);
/* Parses exactly "YYYY-MM" into a month number. */
bool month_parse(const char *s, int *out);
void month_format(int month, char out[MONTH_LEN]);
/* The month a date falls in. */
int date_month(day_t d);
day_t month_first_day(int month);
day_t month_last_day(int month);
day_t date_from_ymd(int y, int m, int d);
/* Today in UTC; the environment variable DIALTURN_TODAY (YYYY-MM-DD) overrides it
 * so that tests and the demo are reproducible. */
day_t date_today(void);

#define DATE_TIME_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" and NUL */
/* Now in UTC as "YYYY-MM-DDTHH:MM:SSZ", the stamp of every recorded change;
 * the environment variable DIALTURN_NOW (the same form) overrides it for
 * tests. */
void date_now_utc(char out[DATE_TIME_LEN]);

#endif

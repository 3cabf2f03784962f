/* recur.c — the days of a series of meetings (recur.h). */
#include "model/recur.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

int recur_weekday(day_t d)
{
    int w = (int)((d + 4) % 7); /* 1970-01-01 was a Thursday */
    return w < 0 ? w + 7 : w;
}

day_t recur_nth_weekday(int month, int nth, int weekday)
{
    if (nth == -1) {
        day_t last = month_last_day(month);
        return last - (recur_weekday(last) - weekday + 7) % 7;
    }
    if (nth < 1 || nth > 5)
        return DAY_NONE;
    day_t first = month_first_day(month);
    day_t d = first + (weekday - recur_weekday(first) + 7) % 7 + 7 * (nth - 1);
    return d <= month_last_day(month) ? d : DAY_NONE;
}

int recur_days(const struct recur_rule *r, day_t days[RECUR_MAX])
{
    if (r->interval < 1 || (r->until == DAY_NONE && r->count <= 0) || r->count > RECUR_MAX)
        return -1;
    int n = 0;
    /* a month may have no meeting (no 5th weekday): look at most this many */
    for (int k = 0; k < RECUR_MAX * 12; k++) {
        day_t d;
        if (r->freq == RECUR_WEEKLY) {
            d = r->first + 7 * r->interval * k;
        } else {
            d = recur_nth_weekday(date_month(r->first) + r->interval * k, r->nth, r->weekday);
            if (d == DAY_NONE || d < r->first)
                continue;
        }
        if (r->until != DAY_NONE && d > r->until)
            break;
        if (r->count > 0 && n == r->count)
            break;
        if (n == RECUR_MAX)
            return -1;
        days[n++] = d;
    }
    return n;
}

bool recur_local_utc(day_t d, int hh, int mm, char out[DATE_TIME_LEN])
{
    char day[DATE_LEN];
    int y, mo, dd;
    date_format(d, day);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || sscanf(day, "%d-%d-%d", &y, &mo, &dd) != 3)
        return false;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = dd;
    tm.tm_hour = hh;
    tm.tm_min = mm;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    struct tm utc;
    if (t == (time_t)-1 || !gmtime_r(&t, &utc))
        return false;
    return strftime(out, DATE_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &utc) > 0;
}

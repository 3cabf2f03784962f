/* date.c — day numbers from civil dates (H. Hinnant's days_from_civil algorithm). */
#include "lib/date.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

day_t date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Splits a day number into year, month, day.  The shift to the 0000-03-01
 * epoch is done in 64 bits: near INT32_MAX it would overflow a day_t. */
static void ymd_from_day(day_t day, int *y, int *m, int *d)
{
    int64_t z = (int64_t)day + 719468;
    int era = (int)((z >= 0 ? z : z - 146096) / 146097);
    int doe = (int)(z - (int64_t)era * 146097);
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

/* Reads n digits as a number, or -1 if any is not a digit.  Dates are parsed
 * by the hundred thousand when a plan loads, so no strlen or atoi here. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Parses "YYYY-MM" at s (not checking what follows) into year and month. */
static bool ym_parse(const char *s, int *y, int *m)
{
    *y = digits(s, 4);
    if (*y < 1000 || s[4] != '-')
        return false;
    *m = digits(s + 5, 2);
    return *m >= 1 && *m <= 12;
}

bool month_parse(const char *s, int *out)
{
    int y, m;
    if (!s || !ym_parse(s, &y, &m) || s[7] != '\0')
        return false;
    *out = y * 12 + m - 1;
    return true;
}

bool date_parse(const char *s, day_t *out)
{
    int y, m;
    if (!s || !ym_parse(s, &y, &m) || s[7] != '-')
        return false;
    int d = digits(s + 8, 2); /* stops at a NUL, so s[10] exists after it */
    if (d < 1 || d > days_in_month(y, m) || s[10] != '\0')
        return false;
    *out = date_from_ymd(y, m, d);
    return true;
}

/* Writes the last `n` decimal digits of |v| into p[0..n), zero-padded. */
static void put_digits(char *p, int v, int n)
{
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + u % 10);
        u /= 10;
    }
}

/* Writes "YYYY-MM-DD" into out.  Digits are placed by hand rather than with
 * snprintf so that the output is exactly 10 characters whatever `d` is: a
 * year outside 0-9999 (never parsed, so a bug upstream, e.g. DAY_NONE) shows
 * its last four digits instead of overrunning the field. */
void date_format(day_t d, char out[DATE_LEN])
{
    int y, m, dd;
    ymd_from_day(d, &y, &m, &dd);
    put_digits(out, y, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, dd, 2);
    out[10] = '\0';
}

/* Writes "YYYY-MM" into out; exactly 7 characters, as date_format(). */
void month_format(int month, char out[MONTH_LEN])
{
    int y = month / 12, m = month % 12;
    if (m < 0) { /* floor division for months before year 0 */
        m += 12;
        y--;
    }
    put_digits(out, y, 4);
    out[4] = '-';
    put_digits(out + 5, m + 1, 2);
    out[7] = '\0';
}

int date_month(day_t d)
{
    int y, m, dd;
    ymd_from_day(d, &y, &m, &dd);
    return y * 12 + m - 1;
}

day_t month_first_day(int month)
{
    return date_from_ymd(month / 12, month % 12 + 1, 1);
}

day_t month_last_day(int month)
{
    return month_first_day(month + 1) - 1;
}

day_t date_today(void)
{
    day_t d;
    const char *env = getenv("DIALTURN_TODAY");
    if (env && date_parse(env, &d))
        return d;
    return (day_t)(time(NULL) / 86400);
}

void date_now_utc(char out[DATE_TIME_LEN])
{
    const char *env = getenv("DIALTURN_NOW");
    if (env && strlen(env) == DATE_TIME_LEN - 1) {
        memcpy(out, env, DATE_TIME_LEN);
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, DATE_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

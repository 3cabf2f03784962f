/* test_date.c — day numbers, parsing and formatting of dates and months. */
#include "lib/date.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* Parses `s`, failing the test if it is refused. */
static day_t must_parse(const char *s)
{
    day_t d = DAY_NONE;
    cr_assert(date_parse(s, &d), "refused %s", s);
    return d;
}

/* Asserts that `s` is refused and that the output is left alone. */
static void refused(const char *s)
{
    day_t d = 12345;
    cr_assert_not(date_parse(s, &d), "accepted \"%s\"", s ? s : "(null)");
    cr_assert_eq(d, 12345);
}

Test(date, known_day_numbers)
{
    /* Day 0 is 1970-01-01; 2015-01-01 is 45 years on, 11 of them leap
     * (1972 ... 2012): 45 × 365 + 11 = 16436; 2015-03-01 = 16436 + 31 + 28. */
    cr_assert_eq(must_parse("1970-01-01"), 0);
    cr_assert_eq(must_parse("1969-12-31"), -1);
    cr_assert_eq(must_parse("2015-01-01"), 16436);
    cr_assert_eq(must_parse("2015-03-01"), 16495);
    cr_assert_eq(date_from_ymd(2015, 3, 1), 16495);
    cr_assert_eq(date_from_ymd(1970, 1, 1), 0);
}

Test(date, parse_format_round_trip)
{
    char out[DATE_LEN];
    static const char *const samples[] = {"2015-03-01", "1000-01-01", "9999-12-31", "1969-12-31",
                                          "2000-02-29", "1900-03-01", "2016-12-31"};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        date_format(must_parse(samples[i]), out);
        cr_assert_str_eq(out, samples[i]);
    }
    /* Every day from 1890 to 2110, and every 97th day over the whole range:
     * format then parse gives the same day back, and days are consecutive. */
    day_t lo = date_from_ymd(1890, 1, 1), hi = date_from_ymd(2110, 12, 31);
    for (day_t d = lo; d <= hi; d++) {
        date_format(d, out);
        cr_assert_eq(strlen(out), 10);
        cr_assert_eq(must_parse(out), d, "%s", out);
    }
    lo = date_from_ymd(1000, 1, 1);
    hi = date_from_ymd(9999, 12, 31);
    for (day_t d = lo; d <= hi; d += 97) {
        date_format(d, out);
        cr_assert_eq(must_parse(out), d, "%s", out);
    }
}

Test(date, leap_years)
{
    cr_assert_eq(must_parse("2016-02-29") + 1, must_parse("2016-03-01"));
    cr_assert_eq(must_parse("2000-02-29") + 1, must_parse("2000-03-01")); /* 400: leap */
    refused("2015-02-29");                                                /* not leap */
    refused("1900-02-29");                                                /* 100: not leap */
    refused("2016-02-30");
    must_parse("2400-02-29");
    refused("2100-02-29");
}

Test(date, malformed_refused)
{
    refused("2015-3-01");
    refused("2015-03-1");
    refused("2015-13-01");
    refused("2015-00-10");
    refused("2015-01-00");
    refused("2015-04-31");
    refused("2015-01-32");
    refused("");
    refused(NULL);
    refused("2015-03-01x");
    refused("2015-03-01 ");
    refused(" 2015-03-01");
    refused("2015-03-01T00:00:00Z");
    refused("2015/03/01");
    refused("20150301");
    refused("2015-03-0a");
    refused("2015-03-+1");
    refused("+015-03-01");
    refused("-015-03-01");
    refused("0999-12-31"); /* years 1000-9999 only */
    refused("2015-03");
}

Test(date, format_is_always_ten_characters)
{
    /* Out of the supported range the text is meaningless, but it must be a
     * well-formed, bounded string and must not overflow on the way. */
    char out[DATE_LEN];
    day_t odd[] = {DAY_NONE, INT32_MAX, INT32_MIN + 1, date_from_ymd(12345, 6, 7),
                   date_from_ymd(-5, 1, 1)};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        memset(out, 'x', sizeof out);
        date_format(odd[i], out);
        cr_assert_eq(strlen(out), 10, "day %d gave \"%s\"", (int)odd[i], out);
    }
}

Test(month, parse_format_and_arithmetic)
{
    int m = -1;
    cr_assert(month_parse("2016-02", &m));
    cr_assert_eq(m, 2016 * 12 + 1);
    char out[MONTH_LEN];
    month_format(m, out);
    cr_assert_str_eq(out, "2016-02");

    char d[DATE_LEN];
    date_format(month_first_day(m), d);
    cr_assert_str_eq(d, "2016-02-01");
    date_format(month_last_day(m), d);
    cr_assert_str_eq(d, "2016-02-29");

    cr_assert(month_parse("2015-02", &m));
    date_format(month_last_day(m), d);
    cr_assert_str_eq(d, "2015-02-28");
    cr_assert(month_parse("1900-02", &m));
    date_format(month_last_day(m), d);
    cr_assert_str_eq(d, "1900-02-28");
    cr_assert(month_parse("2000-02", &m));
    date_format(month_last_day(m), d);
    cr_assert_str_eq(d, "2000-02-29");

    /* December's last day is the day before the next year's first. */
    cr_assert(month_parse("2015-12", &m));
    date_format(month_last_day(m), d);
    cr_assert_str_eq(d, "2015-12-31");
    cr_assert_eq(month_last_day(m) + 1, must_parse("2016-01-01"));
    month_format(m + 1, out);
    cr_assert_str_eq(out, "2016-01");

    cr_assert_eq(date_month(must_parse("2015-03-31")), 2015 * 12 + 2);
    cr_assert_eq(date_month(must_parse("2016-01-01")), 2016 * 12 + 0);
    cr_assert_eq(date_month(must_parse("1969-12-31")), 1969 * 12 + 11);
}

Test(month, malformed_refused)
{
    int m = 42;
    cr_assert_not(month_parse("2016-2", &m));
    cr_assert_not(month_parse("2016-13", &m));
    cr_assert_not(month_parse("2016-00", &m));
    cr_assert_not(month_parse("2016-02-01", &m));
    cr_assert_not(month_parse("2016-02 ", &m));
    cr_assert_not(month_parse("2016/02", &m));
    cr_assert_not(month_parse("0999-12", &m));
    cr_assert_not(month_parse("", &m));
    cr_assert_not(month_parse(NULL, &m));
    cr_assert_eq(m, 42);
}

Test(date, differences_across_year_boundaries)
{
    cr_assert_eq(must_parse("2016-01-01") - must_parse("2015-12-31"), 1);
    cr_assert_eq(must_parse("2016-01-01") - must_parse("2015-01-01"), 365);
    cr_assert_eq(must_parse("2017-01-01") - must_parse("2016-01-01"), 366); /* leap */
    cr_assert_eq(must_parse("2001-01-01") - must_parse("2000-01-01"), 366); /* 400 rule */
    cr_assert_eq(must_parse("1901-01-01") - must_parse("1900-01-01"), 365); /* 100 rule */
    cr_assert_eq(must_parse("2000-03-01") - must_parse("2000-02-28"), 2);
    cr_assert_eq(must_parse("1900-03-01") - must_parse("1900-02-28"), 1);
    cr_assert_eq(must_parse("1970-01-01") - must_parse("1969-12-31"), 1);
    cr_assert_eq(must_parse("2015-06-30") - must_parse("2014-12-09"), 203);
    /* 400 Gregorian years are exactly 146,097 days. */
    cr_assert_eq(must_parse("2400-01-01") - must_parse("2000-01-01"), 146097);
}

Test(date, today_can_be_pinned)
{
    setenv("DIALTURN_TODAY", "2015-06-30", 1);
    cr_assert_eq(date_today(), must_parse("2015-06-30"));
    /* A malformed override is ignored: the real clock, which is after 2024. */
    setenv("DIALTURN_TODAY", "2015-06-31", 1);
    cr_assert_gt(date_today(), must_parse("2024-01-01"));
    unsetenv("DIALTURN_TODAY");
    cr_assert_gt(date_today(), must_parse("2024-01-01"));
}

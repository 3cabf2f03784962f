/* test_recur.c — the days of a series of meetings: the nth weekday, month
 * ends, the 5th weekday a month does not have, the count and the end, the
 * maximum, and local times across summer time. */
#include "model/recur.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static day_t D(const char *s)
{
    day_t d = DAY_NONE;
    cr_assert(date_parse(s, &d), "refused %s", s);
    return d;
}

static int M(const char *s)
{
    int m = 0;
    cr_assert(month_parse(s, &m));
    return m;
}

/* Asserts days[0..n) are the dates of want (NULL-terminated). */
static void same_days(const day_t *days, int n, const char *const *want)
{
    int k = 0;
    for (; want[k]; k++) {
        cr_assert_lt(k, n, "only %d days, wanted %s next", n, want[k]);
        char got[DATE_LEN];
        date_format(days[k], got);
        cr_assert_str_eq(got, want[k], "day %d", k);
    }
    cr_assert_eq(n, k, "%d days, wanted %d", n, k);
}

Test(recur, weekday)
{
    cr_assert_eq(recur_weekday(D("1970-01-01")), 4); /* Thursday */
    cr_assert_eq(recur_weekday(D("1969-12-28")), 0); /* Sunday, before day 0 */
    cr_assert_eq(recur_weekday(D("2027-01-14")), 4);
    cr_assert_eq(recur_weekday(D("2024-02-29")), 4);
}

Test(recur, nth_weekday_and_month_ends)
{
    char s[DATE_LEN];
    date_format(recur_nth_weekday(M("2027-01"), 2, 4), s);
    cr_assert_str_eq(s, "2027-01-14"); /* second Thursday */
    date_format(recur_nth_weekday(M("2027-04"), 1, 4), s);
    cr_assert_str_eq(s, "2027-04-01"); /* the 1st itself */
    date_format(recur_nth_weekday(M("2024-02"), -1, 4), s);
    cr_assert_str_eq(s, "2024-02-29"); /* last Thursday, leap day */
    date_format(recur_nth_weekday(M("2027-02"), -1, 0), s);
    cr_assert_str_eq(s, "2027-02-28"); /* last Sunday is the month's last day */
    date_format(recur_nth_weekday(M("2027-12"), 5, 5), s);
    cr_assert_str_eq(s, "2027-12-31"); /* a 5th Friday on the year's last day */
    /* February 2027 has four Thursdays: no fifth */
    cr_assert_eq(recur_nth_weekday(M("2027-02"), 5, 4), DAY_NONE);
    cr_assert_eq(recur_nth_weekday(M("2027-02"), 6, 4), DAY_NONE);
}

Test(recur, monthly_second_thursday_for_a_count)
{
    struct recur_rule r = {RECUR_MONTHLY, 1, 2, 4, D("2027-01-01"), DAY_NONE, 4};
    day_t days[RECUR_MAX];
    int n = recur_days(&r, days);
    same_days(days, n,
              (const char *const[]){"2027-01-14", "2027-02-11", "2027-03-11", "2027-04-08", NULL});
}

Test(recur, monthly_skips_a_day_before_the_first)
{
    /* from 20 January: January's second Thursday (14th) has passed */
    struct recur_rule r = {RECUR_MONTHLY, 1, 2, 4, D("2027-01-20"), DAY_NONE, 2};
    day_t days[RECUR_MAX];
    same_days(days, recur_days(&r, days), (const char *const[]){"2027-02-11", "2027-03-11", NULL});
}

Test(recur, fifth_thursday_skips_the_months_without_one)
{
    /* 2027: Thursdays fall five times in April, July, September, December */
    struct recur_rule r = {RECUR_MONTHLY, 1, 5, 4, D("2027-01-01"), D("2027-12-31"), 0};
    day_t days[RECUR_MAX];
    same_days(days, recur_days(&r, days),
              (const char *const[]){"2027-04-29", "2027-07-29", "2027-09-30", "2027-12-30", NULL});
    /* with a count, the months skipped are not counted */
    r.until = DAY_NONE;
    r.count = 3;
    same_days(days, recur_days(&r, days),
              (const char *const[]){"2027-04-29", "2027-07-29", "2027-09-30", NULL});
}

Test(recur, quarterly_last_wednesday_until)
{
    struct recur_rule r = {RECUR_MONTHLY, 3, -1, 3, D("2027-01-01"), D("2027-10-27"), 0};
    day_t days[RECUR_MAX];
    same_days(days, recur_days(&r, days),
              (const char *const[]){"2027-01-27", "2027-04-28", "2027-07-28", "2027-10-27", NULL});
    r.until = D("2027-10-26"); /* the end is inclusive: a day earlier loses the last */
    cr_assert_eq(recur_days(&r, days), 3);
}

Test(recur, weekly_every_two_weeks_across_a_year_end)
{
    struct recur_rule r = {RECUR_WEEKLY, 2, 0, 0, D("2027-12-16"), D("2028-01-27"), 0};
    day_t days[RECUR_MAX];
    same_days(days, recur_days(&r, days),
              (const char *const[]){"2027-12-16", "2027-12-30", "2028-01-13", "2028-01-27", NULL});
}

Test(recur, the_maximum_and_no_end_are_refused)
{
    day_t days[RECUR_MAX];
    struct recur_rule r = {RECUR_WEEKLY, 1, 0, 0, D("2027-01-01"), DAY_NONE, RECUR_MAX};
    cr_assert_eq(recur_days(&r, days), RECUR_MAX);
    r.count = RECUR_MAX + 1;
    cr_assert_eq(recur_days(&r, days), -1);
    r.count = 0; /* no end at all */
    cr_assert_eq(recur_days(&r, days), -1);
    r.until = D("2030-01-01"); /* weekly for three years: too many */
    cr_assert_eq(recur_days(&r, days), -1);
    r.interval = 0;
    r.until = D("2027-02-01");
    cr_assert_eq(recur_days(&r, days), -1);
    /* an end before the first: none */
    r.interval = 1;
    r.until = D("2026-12-31");
    cr_assert_eq(recur_days(&r, days), 0);
}

Test(recur, local_times_across_summer_time)
{
    setenv("TZ", "Europe/London", 1);
    tzset();
    char at[DATE_TIME_LEN];
    cr_assert(recur_local_utc(D("2027-01-14"), 10, 0, at));
    cr_assert_str_eq(at, "2027-01-14T10:00:00Z"); /* GMT */
    cr_assert(recur_local_utc(D("2027-04-08"), 10, 0, at));
    cr_assert_str_eq(at, "2027-04-08T09:00:00Z"); /* BST: 10:00 local is 09:00 UTC */
    /* the days of the change: 28 March and 31 October 2027 */
    cr_assert(recur_local_utc(D("2027-03-28"), 10, 0, at));
    cr_assert_str_eq(at, "2027-03-28T09:00:00Z");
    cr_assert(recur_local_utc(D("2027-10-31"), 10, 0, at));
    cr_assert_str_eq(at, "2027-10-31T10:00:00Z");
    /* 01:30 on 28 March does not exist (the clocks go from 01:00 to 02:00):
       taken an hour later, 02:30 BST */
    cr_assert(recur_local_utc(D("2027-03-28"), 1, 30, at));
    cr_assert_str_eq(at, "2027-03-28T01:30:00Z");
    cr_assert_not(recur_local_utc(D("2027-03-28"), 24, 0, at));
    cr_assert_not(recur_local_utc(D("2027-03-28"), 10, 60, at));
}

/* test_field.c — the checks on declared input (web/field.c) and the
 * field-errors list that carries refusals (lib/ferr.c). */
#include "lib/ferr.h"
#include "lib/text.h"
#include "web/field.h"
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

/* Whether value v passes spec f; *why (when not NULL) gets the message. */
static bool passes(const struct field_spec *f, const char *v, size_t len)
{
    struct buf why = BUF_INIT;
    bool ok = field_check(f, v, len, &why);
    cr_assert(ok == (why.len == 0), "a refusal says why: %s", buf_str(&why));
    buf_free(&why);
    return ok;
}

static bool ok_s(const struct field_spec *f, const char *v)
{
    return passes(f, v, strlen(v));
}

Test(field, integers_are_digits_in_range)
{
    const struct field_spec page = FINT(FIELD_QUERY, "page", 1, 100000, 0);
    cr_assert(ok_s(&page, "1"));
    cr_assert(ok_s(&page, "100000"));
    cr_assert(ok_s(&page, "")); /* absent: whether it may be is FIELD_REQUIRED's business */
    const char *bad[] = {"zero",
                         "0",
                         "100001",
                         "0x10",
                         "1e3",
                         "+1",
                         "-1",
                         " 1",
                         "1 ",
                         "1.0",
                         "99999999999999999999999",
                         "١"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_assert(!ok_s(&page, bad[i]), "%s", bad[i]);
    const struct field_spec temp = FINT(FIELD_QUERY, "t", -50, 50, 0);
    cr_assert(ok_s(&temp, "-50"));
    cr_assert(!ok_s(&temp, "-51"));
    cr_assert(!ok_s(&temp, "-"));
}

Test(field, field_int_never_overflows)
{
    long long n;
    cr_assert(field_int("9223372036854775807", 0, INT64_MAX, &n) && n == INT64_MAX);
    cr_assert(!field_int("9223372036854775808", 0, INT64_MAX, &n));
    cr_assert(field_int("-9223372036854775808", INT64_MIN, 0, &n) && n == INT64_MIN);
    cr_assert(!field_int("-9223372036854775809", INT64_MIN, 0, &n));
    cr_assert(!field_int("18446744073709551617", 0, INT64_MAX, &n));
}

Test(field, ids_are_positive_whole_numbers)
{
    const struct field_spec id = FTYPED(FIELD_PATH, "id", FIELD_ID, FIELD_REQUIRED);
    cr_assert(ok_s(&id, "1"));
    cr_assert(ok_s(&id, "9223372036854775807"));
    cr_assert(!ok_s(&id, "0"));
    cr_assert(!ok_s(&id, "-1"));
    cr_assert(!ok_s(&id, "zero"));
    cr_assert(!ok_s(&id, "9223372036854775808"));
}

Test(field, decimals_are_finite)
{
    const struct field_spec d = FTYPED(FIELD_FORM, "baseline", FIELD_DECIMAL, 0);
    cr_assert(ok_s(&d, "12.5"));
    cr_assert(ok_s(&d, "-3"));
    cr_assert(ok_s(&d, "2e3"));
    const char *bad[] = {"nan",   "NaN",  "inf",    "-inf", "infinity", "1e999",
                         "0x1p3", "0x10", "twelve", "1,5",  " 1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_assert(!ok_s(&d, bad[i]), "%s", bad[i]);
}

Test(field, dates_and_months_are_real_and_plausible)
{
    const struct field_spec d = FTYPED(FIELD_FORM, "due", FIELD_DATE, 0);
    cr_assert(ok_s(&d, "2015-09-30"));
    cr_assert(ok_s(&d, "2016-02-29"));
    const char *bad[] = {"2015-02-30", "2015-13-01", "9999-12-31",       "1000-01-01",
                         "31/12/2015", "2015-9-30",  "2015-09-30T00:00", "20150930"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_assert(!ok_s(&d, bad[i]), "%s", bad[i]);
    const struct field_spec m = FTYPED(FIELD_QUERY, "as_at", FIELD_MONTH, 0);
    cr_assert(ok_s(&m, "2015-06"));
    cr_assert(!ok_s(&m, "2015-13"));
    cr_assert(!ok_s(&m, "June"));
    cr_assert(!ok_s(&m, "2015-06-01"));
}

Test(field, refs_enums_urls_and_flags)
{
    const struct field_spec ref = FTYPED(FIELD_PATH, "ref", FIELD_REF, FIELD_REQUIRED);
    cr_assert(ok_s(&ref, "A52"));
    cr_assert(!ok_s(&ref, "A 52"));
    cr_assert(!ok_s(&ref, "../etc/passwd"));
    static const char *const choices[] = {"accept", "return", NULL};
    const struct field_spec e = FENUM(FIELD_FORM, "decision", choices, 0);
    cr_assert(ok_s(&e, "return"));
    cr_assert(!ok_s(&e, "Return"));
    struct buf why = BUF_INIT;
    field_check(&e, "maybe", 5, &why);
    cr_assert_str_eq(buf_str(&why), "Choose one of accept or return");
    buf_free(&why);
    const struct field_spec u = FTYPED(FIELD_FORM, "evidence_url", FIELD_URL, 0);
    cr_assert(ok_s(&u, "https://example.org/report"));
    cr_assert(!ok_s(&u, "javascript:alert(1)"));
    cr_assert(!ok_s(&u, "http://example.org/a b"));
    const struct field_spec b = FTYPED(FIELD_FORM, "public", FIELD_BOOL, 0);
    cr_assert(ok_s(&b, "yes"));
    cr_assert(!ok_s(&b, "maybe"));
}

Test(field, text_is_utf8_within_its_length_without_controls)
{
    const struct field_spec t = FTEXT(FIELD_FORM, "title", 3, 0);
    cr_assert(ok_s(&t, "\xC3\xA9\xC3\xA9\xC3\xA9")); /* 3 characters, 6 bytes */
    cr_assert(!ok_s(&t, "abcd"));
    cr_assert(!ok_s(&t, "a\nb"));
    cr_assert(!ok_s(&t, "a\x1b"));
    cr_assert(!ok_s(&t, "\xC2\x85")); /* C1 */
    cr_assert(!ok_s(&t, "A\xFF"));
    cr_assert(!ok_s(&t, "\xED\xA0\x80")); /* a surrogate */
    cr_assert(!passes(&t, "a\0b", 3));    /* a NUL inside */
    const struct field_spec n = FTEXT(FIELD_FORM, "narrative", 100, FIELD_MULTILINE);
    cr_assert(ok_s(&n, "line one\r\n\tline two"));
    cr_assert(!ok_s(&n, "bell\x07"));
}

Test(ferr, carries_fields_and_messages_safely)
{
    struct field_errors fe = FERR_INIT;
    cr_assert_str_eq(ferr_first(&fe), "");
    for (int i = 0; i < 40; i++) /* grows as needed */
        ferr_add(&fe, "f", "message %d", i);
    cr_assert_eq(fe.n, 40);
    ferr_free(&fe);
    cr_assert_eq(fe.n, 0);
    ferr_add(&fe, "a\x1b[31m", "bad \xFF value\n%s", "x");
    cr_assert_str_eq(fe.e[0].field, "a\xEF\xBF\xBD[31m");
    cr_assert_str_eq(fe.e[0].message, "bad \xEF\xBF\xBD value\xEF\xBF\xBDx");
    ferr_add(&fe, "percent", "Enter a whole number from 0 to 100");
    cr_assert_str_eq(ferr_find(&fe, "percent"), "Enter a whole number from 0 to 100");
    cr_assert_null(ferr_find(&fe, "status"));
    struct field_errors more = FERR_INIT;
    ferr_add(&more, "percent", "another message");
    ferr_add(&more, "status", "Choose one");
    ferr_merge(&fe, &more);
    cr_assert_eq(fe.n, 3); /* percent kept its own message */
    cr_assert_str_eq(ferr_find(&fe, "percent"), "Enter a whole number from 0 to 100");
    struct buf line = BUF_INIT;
    ferr_line(&more, &line);
    cr_assert_str_eq(buf_str(&line), "percent: another message; status: Choose one");
    buf_free(&line);
    ferr_free(&more);
    ferr_free(&fe);
}

Test(ferr, cuts_long_text_at_a_character_boundary)
{
    struct field_errors fe = FERR_INIT;
    char big[4000];
    for (size_t i = 0; i + 2 < sizeof big; i += 2)
        memcpy(big + i, "\xC3\xA9", 2);
    big[sizeof big - 2] = '\0';
    ferr_add(&fe, big, "%s", big);
    cr_assert(strlen(fe.e[0].field) <= FERR_FIELD_MAX);
    cr_assert(strlen(fe.e[0].message) <= FERR_MESSAGE_MAX);
    cr_assert(text_utf8_valid(fe.e[0].field) && text_utf8_valid(fe.e[0].message));
    ferr_free(&fe);
}

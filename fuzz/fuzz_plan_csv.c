/* fuzz_plan_csv.c — the CSV reader (model/plan_csv.c): actions, updates and
 * measure values files, as `dialturn import FILE.csv` reads them.
 *
 * Each input is a CSV file's text, merged by plan_read_csv() into a small plan
 * that has what rows refer to (people, a review with recommendations R1, R2,
 * R10, themes T1 and T2, open periods 2015-03 and 2015-04, measures K1 and K2),
 * then checked (plan_check).  Invariants:
 *  - a refusal has a message, which is valid UTF-8 and names a line;
 *  - an accepted file's rows, written back (plan_write_csv: actions, updates,
 *    values) and read into a fresh copy of the same plan, write the same
 *    three texts again. */
#include "fuzz/fuzz.h"
#include "lib/buf.h"
#include "model/plan_csv.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    return 0;
}

/* Fills a zeroed plan with what the rows refer to (as tests/unit/test_csv.c). */
static void make_plan(struct plan *p)
{
    p->org.name = xstrdup("Fuzz Council");
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
        if (!month_parse(months[i], &m))
            fuzz_fail("bad month %s", months[i]);
        k = plan_add_period(p, m);
        plan_set_str(&p->periods[k].status, "open");
    }
    k = plan_add_measure(p, "K1");
    plan_set_str(&p->measures[k].title, "Sickness absence");
    k = plan_add_measure(p, "K2");
    plan_set_str(&p->measures[k].title, "Vacancy rate");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct plan p = {0};
    char err[600] = "";
    make_plan(&p);
    int rc = plan_read_csv(&p, (const char *)data, size, err, sizeof err);
    if (rc != 0 && (!err[0] || !fuzz_utf8_ok(err, strlen(err))))
        fuzz_fail("refusal without a readable message: \"%s\"", err);
    if (rc == 0) {
        (void)plan_check(&p, err, sizeof err);
        char *text[3];
        struct plan q = {0};
        make_plan(&q);
        for (int k = CSV_ACTIONS; k <= CSV_MEASURE_VALUES; k++) {
            text[k] = plan_write_csv(&p, (enum csv_kind)k);
            /* a file of only a header has no rows to merge, and says so */
            if (!strchr(text[k], '\n') || !strchr(text[k], '\n')[1])
                continue;
            if (plan_read_csv(&q, text[k], strlen(text[k]), err, sizeof err) != 0)
                fuzz_fail("written rows are refused: %s\n%s", err, text[k]);
        }
        for (int k = CSV_ACTIONS; k <= CSV_MEASURE_VALUES; k++) {
            char *again = plan_write_csv(&q, (enum csv_kind)k);
            if (strcmp(again, text[k]) != 0)
                fuzz_fail("write, read, write changed the text:\n%s\n---\n%s", text[k], again);
            free(again);
            free(text[k]);
        }
        plan_free(&q);
    }
    plan_free(&p);
    return 0;
}

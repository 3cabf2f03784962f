/* test_critical.c — the critical path and the ordered impact (model/critical.h)
 * on hand-built graphs: a chain, a diamond, a complete action, a finish set by
 * a reported forecast, themes, and a cycle refused with the cycle named.
 *
 * Dates are small day numbers; each expectation is worked by hand in the
 * comment above it (D = F − S; ES(B) = max(S, max FF(pred) + 1);
 * FF(B) = completed_on, else max(R, ES + D)). */
#include "model/critical.h"
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fp_action act(day_t s, day_t f)
{
    return (struct fp_action){.start = s,
                              .finish = f,
                              .reported = DAY_NONE,
                              .completed_on = DAY_NONE,
                              .pred = NULL,
                              .npred = 0,
                              .es = DAY_NONE,
                              .ff = DAY_NONE};
}

static const char *const refs[] = {"A1", "A2", "A3", "A4", "A5", "A6"};

/* The critical path of every action (group 0) as a string "A1 A2 A3". */
static void path_of(struct fp_action *a, size_t n, const long *group, long want, char *out,
                    size_t outlen)
{
    long all[6] = {0, 0, 0, 0, 0, 0};
    cr_assert_eq(rule_forward_pass(a, n, NULL, NULL), 0);
    struct critical_path p;
    critical_path(a, n, refs, group ? group : all, want, &p);
    out[0] = '\0';
    size_t len = 0;
    for (size_t i = 0; i < p.n; i++)
        len += (size_t)snprintf(out + len, outlen - len, "%s%s", i ? " " : "", refs[p.chain[i]]);
    critical_path_free(&p);
}

Test(critical, chain_is_the_whole_chain)
{
    /* A1 0..10, A2 11..20 after A1, A3 21..30 after A2: FF 10, 20, 30; each
     * ES = FF(pred) + 1 and each finish = ES + D, so all three are driven. */
    size_t p1[] = {0}, p2[] = {1};
    struct fp_action a[3] = {act(0, 10), act(11, 20), act(21, 30)};
    a[1].pred = p1, a[1].npred = 1;
    a[2].pred = p2, a[2].npred = 1;
    char s[64];
    path_of(a, 3, NULL, -1, s, sizeof s);
    cr_assert_str_eq(s, "A1 A2 A3");
}

Test(critical, diamond_follows_the_later_branch)
{
    /* A1 0..10; A2 11..20 after A1 (FF 20); A3 11..40 after A1 (FF 40);
     * A4 41..50 after A2 and A3: ES = max(41, 21, 41) = 41 = FF(A3) + 1, FF 50.
     * The path is A1 → A3 → A4; A2 has slack (its FF + 1 = 21 < 41). */
    size_t p1[] = {0}, p4[] = {1, 2};
    struct fp_action a[4] = {act(0, 10), act(11, 20), act(11, 40), act(41, 50)};
    a[1].pred = p1, a[1].npred = 1;
    a[2].pred = p1, a[2].npred = 1;
    a[3].pred = p4, a[3].npred = 2;
    char s[64];
    path_of(a, 4, NULL, -1, s, sizeof s);
    cr_assert_str_eq(s, "A1 A3 A4");
    /* A2 reports 45: FF(A2) = max(45, 11 + 9) = 45, set by its report, not by
     * A1; ES(A4) = 46 = FF(A2) + 1, FF(A4) = 46 + 9 = 55.  The path is A2 → A4. */
    a[1].reported = 45;
    path_of(a, 4, NULL, -1, s, sizeof s);
    cr_assert_str_eq(s, "A2 A4");
}

Test(critical, equal_branches_take_the_first_ref)
{
    /* A2 and A3 both finish 20: the tie goes to A2 (natural order). */
    size_t p1[] = {0}, p4[] = {2, 1};
    struct fp_action a[4] = {act(0, 10), act(11, 20), act(11, 20), act(21, 30)};
    a[1].pred = p1, a[1].npred = 1;
    a[2].pred = p1, a[2].npred = 1;
    a[3].pred = p4, a[3].npred = 2;
    char s[64];
    path_of(a, 4, NULL, -1, s, sizeof s);
    cr_assert_str_eq(s, "A1 A2 A4");
}

Test(critical, complete_action_starts_the_path)
{
    /* A1 -20..-5 (FF -5); A2 0..10 after A1, completed on 25 (FF 25); A3
     * 11..20 after A2: ES = max(11, 26) = 26, FF = 26 + 9 = 35, driven by A2.
     * A2 is complete: nothing drives a finished action, so the path is
     * A2 → A3 and A1 is off it. */
    size_t p1[] = {0}, p2[] = {1};
    struct fp_action a[3] = {act(-20, -5), act(0, 10), act(11, 20)};
    a[1].pred = p1, a[1].npred = 1;
    a[1].completed_on = 25;
    a[2].pred = p2, a[2].npred = 1;
    char s[64];
    path_of(a, 3, NULL, -1, s, sizeof s);
    cr_assert_str_eq(s, "A2 A3");
    cr_assert_eq(a[2].ff, 35);
}

Test(critical, finish_set_by_a_reported_forecast_stops_the_walk)
{
    /* A1 0..10; A2 11..20 after A1 reports 40: ES 11 = FF(A1) + 1 but
     * FF = max(40, 20) = 40 ≠ ES + D: A1 does not drive it; the path is A2. */
    size_t p1[] = {0};
    struct fp_action a[2] = {act(0, 10), act(11, 20)};
    a[1].pred = p1, a[1].npred = 1;
    a[1].reported = 40;
    char s[64];
    path_of(a, 2, NULL, -1, s, sizeof s);
    cr_assert_str_eq(s, "A2");
}

Test(critical, start_after_the_predecessor_has_slack)
{
    /* A2 planned 15..20 after A1 (FF 10): ES = max(15, 11) = 15, set by its
     * own start: no driver, the path is A2 alone. */
    size_t p1[] = {0};
    struct fp_action a[2] = {act(0, 10), act(15, 25)};
    a[1].pred = p1, a[1].npred = 1;
    char s[64];
    path_of(a, 2, NULL, -1, s, sizeof s);
    cr_assert_str_eq(s, "A2");
}

Test(critical, theme_path_crosses_themes_and_leaves_out_excluded)
{
    /* A1 (theme 0) 0..10; A2 (theme 1) 11..20 after A1; A3 (theme 0) 0..5;
     * A4 retired (group -1) 0..100.  Plan: A4 is left out, end A2 (FF 20),
     * path A1 → A2.  Theme 0: end A1 (FF 10), path A1.  Theme 1: A1 → A2. */
    size_t p1[] = {0};
    struct fp_action a[4] = {act(0, 10), act(11, 20), act(0, 5), act(0, 100)};
    a[1].pred = p1, a[1].npred = 1;
    long group[4] = {0, 1, 0, -1};
    char s[64];
    path_of(a, 4, group, -1, s, sizeof s);
    cr_assert_str_eq(s, "A1 A2");
    path_of(a, 4, group, 0, s, sizeof s);
    cr_assert_str_eq(s, "A1");
    path_of(a, 4, group, 1, s, sizeof s);
    cr_assert_str_eq(s, "A1 A2");
    path_of(a, 4, group, 7, s, sizeof s);
    cr_assert_str_eq(s, "");
}

Test(critical, slipping_any_action_on_the_path_moves_the_end_by_as_much)
{
    /* The diamond again: slipping A1 or A3 by 5 moves A4 from 50 to 55;
     * slipping A2 (slack 20) by 5 moves A2 only. */
    size_t p1[] = {0}, p4[] = {1, 2};
    struct fp_action a[4] = {act(0, 10), act(11, 20), act(11, 40), act(41, 50)};
    a[1].pred = p1, a[1].npred = 1;
    a[2].pred = p1, a[2].npred = 1;
    a[3].pred = p4, a[3].npred = 2;
    size_t targets[] = {0, 2, 3};
    for (size_t k = 0; k < 3; k++) {
        struct impact_move *mv;
        size_t n;
        cr_assert_eq(impact_sorted(a, 4, NULL, 0, refs, NULL, targets[k], 5, &mv, &n), 0);
        cr_assert_eq(a[3].ff, 55, "slipping %s", refs[targets[k]]);
        free(mv);
    }
    struct impact_move *mv;
    size_t n;
    cr_assert_eq(impact_sorted(a, 4, NULL, 0, refs, NULL, 1, 5, &mv, &n), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(mv[0].index, 1);
    cr_assert_eq(mv[0].days, 5);
    free(mv);
}

Test(critical, impact_is_ordered_by_date_then_natural_ref)
{
    /* A1 0..10 with A2 (11..20) and A3 (11..20) after it, and milestones M10
     * and M2 of A1 due 10 and 10.  Slipping A1 by 3: A1 10→13, A2 and A3
     * 20→23, M2 and M10 10→13.  Order: to 13: A1, M2, M10 (A before M,
     * M2 before M10); to 23: A2, A3. */
    static const char *const mrefs[] = {"M10", "M2"};
    size_t p1[] = {0};
    struct fp_action a[3] = {act(0, 10), act(11, 20), act(11, 20)};
    a[1].pred = p1, a[1].npred = 1;
    a[2].pred = p1, a[2].npred = 1;
    struct fp_milestone m[2] = {{0, 10}, {0, 10}};
    struct impact_move *mv;
    size_t n;
    cr_assert_eq(impact_sorted(a, 3, m, 2, refs, mrefs, 0, 3, &mv, &n), 0);
    cr_assert_eq(n, 5);
    const char *want[] = {"A1", "M2", "M10", "A2", "A3"};
    for (size_t i = 0; i < n; i++) {
        const char *got = mv[i].is_milestone ? mrefs[mv[i].index] : refs[mv[i].index];
        cr_assert_str_eq(got, want[i], "move %zu", i);
        cr_assert_eq(mv[i].days, 3);
    }
    free(mv);
    /* a complete action cannot slip: nothing moves */
    a[0].completed_on = 10;
    cr_assert_eq(impact_sorted(a, 3, m, 2, refs, mrefs, 0, 3, &mv, &n), 0);
    cr_assert_eq(n, 0);
    free(mv);
}

Test(critical, cycle_is_refused_and_named)
{
    /* A1 after A3, A2 after A1, A3 after A2: the pass refuses, naming
     * A1 → A2 → A3 (each depends on the one before, the first on the last). */
    size_t p1[] = {2}, p2[] = {0}, p3[] = {1};
    struct fp_action a[3] = {act(0, 10), act(11, 20), act(21, 30)};
    a[0].pred = p1, a[0].npred = 1;
    a[1].pred = p2, a[1].npred = 1;
    a[2].pred = p3, a[2].npred = 1;
    size_t *cycle = NULL, nc = 0;
    cr_assert_eq(rule_forward_pass(a, 3, &cycle, &nc), -1);
    cr_assert_eq(nc, 3);
    cr_assert_eq(cycle[0], 0);
    cr_assert_eq(cycle[1], 1);
    cr_assert_eq(cycle[2], 2);
    free(cycle);
    struct impact_move *mv = NULL;
    size_t n = 0;
    cr_assert_eq(impact_sorted(a, 3, NULL, 0, refs, NULL, 0, 3, &mv, &n), -1);
    cr_assert_null(mv);
}

Test(critical, impact_equals_running_the_whole_pass_again)
{
    /* rule_impact recomputes only what can move; on random plans its slipped
     * pass must equal a whole pass with the target's report set, action by
     * action, and its moves must be exactly the forecasts that differ. */
    uint64_t r = 12345;
    for (int round = 0; round < 50; round++) {
        enum { N = 60 };
        struct fp_action a[N], b[N];
        size_t pred[N * 3], used = 0;
        for (size_t i = 0; i < N; i++) {
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            day_t s = (day_t)(r >> 40) % 200;
            a[i] = act(s, s + 5 + (day_t)((r >> 20) % 40));
            if ((r >> 8) % 4 == 0)
                a[i].reported = a[i].finish + (day_t)((r >> 12) % 30);
            if ((r >> 16) % 7 == 0)
                a[i].completed_on = a[i].finish;
            a[i].pred = pred + used;
            for (size_t k = 0; k < 3 && i > 0; k++) {
                r = r * 6364136223846793005ull + 1442695040888963407ull;
                if ((r >> 30) % 2)
                    pred[used++] = (size_t)((r >> 33) % i);
            }
            a[i].npred = (size_t)(pred + used - a[i].pred);
        }
        size_t target = (size_t)(r >> 35) % N;
        int slip = 1 + (int)((r >> 45) % 20);
        memcpy(b, a, sizeof a);
        struct impact_move *mv;
        size_t n;
        cr_assert_eq(rule_impact(a, N, NULL, 0, target, slip, &mv, &n), 0);
        cr_assert_eq(rule_forward_pass(b, N, NULL, NULL), 0);
        day_t before[N];
        for (size_t i = 0; i < N; i++)
            before[i] = b[i].ff;
        b[target].reported = b[target].ff + slip;
        cr_assert_eq(rule_forward_pass(b, N, NULL, NULL), 0);
        size_t differ = 0;
        for (size_t i = 0; i < N; i++) {
            cr_assert_eq(a[i].ff, b[i].ff, "round %d action %zu", round, i);
            cr_assert_eq(a[i].es, b[i].es, "round %d action %zu", round, i);
            differ += b[i].ff != before[i];
        }
        cr_assert_eq(n, differ, "round %d", round);
        free(mv);
    }
}

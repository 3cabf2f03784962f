/* test_rules.c — the rules of DESIGN.md on hand-worked cases.
 *
 * Dates in the forward-pass cases are small day numbers (0, 10, 11, ...) so
 * that each expected value can be checked by hand from the comment above it:
 *   D = F − S;  R = reported, else F;
 *   ES(B) = max(S, max FF(pred) + 1);  FF(B) = completed_on, else max(R, ES + D). */
#include "model/rules.h"
#include <criterion/criterion.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* An action planned S..F with no update, not complete, no predecessors. */
static struct fp_action act(day_t s, day_t f)
{
    struct fp_action a = {.start = s,
                          .finish = f,
                          .reported = DAY_NONE,
                          .completed_on = DAY_NONE,
                          .pred = NULL,
                          .npred = 0,
                          .es = DAY_NONE,
                          .ff = DAY_NONE};
    return a;
}

/* Sets the predecessors of `a` (the array is not copied). */
static void deps(struct fp_action *a, const size_t *pred, size_t npred)
{
    a->pred = pred;
    a->npred = npred;
}

/* Asserts that `cycle` really is a cycle of `a` in dependency order: each entry
 * depends on the one before it, the first on the last, no entry twice. */
static void check_cycle(const struct fp_action *a, size_t n, const size_t *cycle, size_t len)
{
    cr_assert_gt(len, 0);
    for (size_t i = 0; i < len; i++) {
        cr_assert_lt(cycle[i], n);
        for (size_t j = 0; j < i; j++)
            cr_assert_neq(cycle[i], cycle[j], "index %zu twice in cycle", cycle[i]);
        size_t before = cycle[(i + len - 1) % len];
        bool found = false;
        for (size_t k = 0; k < a[cycle[i]].npred; k++)
            found = found || a[cycle[i]].pred[k] == before;
        cr_assert(found, "%zu does not depend on %zu", cycle[i], before);
    }
}

/* ---- forward pass ------------------------------------------------------------- */

Test(forward_pass, chain_slip_pushes_successors)
{
    /* A 0..10 (D 10), B 11..20 (D 9) after A, C 21..30 (D 9) after B.
     * On plan:   FF(A) = max(10, 0+10) = 10; ES(B) = max(11, 11) = 11, FF(B) = 20;
     *            ES(C) = max(21, 21) = 21, FF(C) = 30.
     * A reports 15: FF(A) = max(15, 10) = 15; ES(B) = max(11, 16) = 16,
     *            FF(B) = max(20, 16+9) = 25; ES(C) = max(21, 26) = 26, FF(C) = 35. */
    static const size_t pb[] = {0}, pc[] = {1};
    struct fp_action a[3] = {act(0, 10), act(11, 20), act(21, 30)};
    deps(&a[1], pb, 1);
    deps(&a[2], pc, 1);
    cr_assert_eq(rule_forward_pass(a, 3, NULL, NULL), 0);
    cr_assert_eq(a[0].es, 0);
    cr_assert_eq(a[0].ff, 10);
    cr_assert_eq(a[1].es, 11);
    cr_assert_eq(a[1].ff, 20);
    cr_assert_eq(a[2].es, 21);
    cr_assert_eq(a[2].ff, 30);

    a[0].reported = 15;
    cr_assert_eq(rule_forward_pass(a, 3, NULL, NULL), 0);
    cr_assert_eq(a[0].ff, 15);
    cr_assert_eq(a[1].es, 16);
    cr_assert_eq(a[1].ff, 25);
    cr_assert_eq(a[2].es, 26);
    cr_assert_eq(a[2].ff, 35);
}

Test(forward_pass, early_predecessor_does_not_pull_start_earlier)
{
    /* A 0..10 completed on 5: FF(A) = 5.  B 11..20 after A:
     * ES(B) = max(11, 5+1) = 11 (its own S wins), FF(B) = max(20, 11+9) = 20. */
    static const size_t pb[] = {0};
    struct fp_action a[2] = {act(0, 10), act(11, 20)};
    a[0].completed_on = 5;
    deps(&a[1], pb, 1);
    cr_assert_eq(rule_forward_pass(a, 2, NULL, NULL), 0);
    cr_assert_eq(a[0].ff, 5);
    cr_assert_eq(a[1].es, 11);
    cr_assert_eq(a[1].ff, 20);

    /* Same with an early reported forecast instead: R(A) = 7 < ES+D = 10, so
     * FF(A) = max(7, 10) = 10 — an early forecast does not move A either. */
    a[0].completed_on = DAY_NONE;
    a[0].reported = 7;
    cr_assert_eq(rule_forward_pass(a, 2, NULL, NULL), 0);
    cr_assert_eq(a[0].ff, 10);
    cr_assert_eq(a[1].es, 11);
    cr_assert_eq(a[1].ff, 20);
}

Test(forward_pass, reported_later_than_es_plus_d_wins)
{
    /* A 0..10 reports 12: FF(A) = max(12, 10) = 12.
     * B 11..20 (D 9) after A reports 30: ES(B) = max(11, 13) = 13,
     * ES+D = 22, FF(B) = max(30, 22) = 30 (the report wins).
     * With B reporting 21 instead: FF(B) = max(21, 22) = 22 (ES+D wins). */
    static const size_t pb[] = {0};
    struct fp_action a[2] = {act(0, 10), act(11, 20)};
    a[0].reported = 12;
    a[1].reported = 30;
    deps(&a[1], pb, 1);
    cr_assert_eq(rule_forward_pass(a, 2, NULL, NULL), 0);
    cr_assert_eq(a[0].ff, 12);
    cr_assert_eq(a[1].es, 13);
    cr_assert_eq(a[1].ff, 30);

    a[1].reported = 21;
    cr_assert_eq(rule_forward_pass(a, 2, NULL, NULL), 0);
    cr_assert_eq(a[1].ff, 22);
}

Test(forward_pass, completed_uses_completed_on)
{
    /* A 0..10 reported 20 but completed on 12: FF(A) = 12 (not max(20, 10)).
     * B 11..20 after A, completed on 16: ES(B) = max(11, 13) = 13, and
     * FF(B) = 16 even though ES+D = 22 — a finished action is where it finished.
     * C 21..30 after B: ES(C) = max(21, 17) = 21, FF(C) = 30. */
    static const size_t pb[] = {0}, pc[] = {1};
    struct fp_action a[3] = {act(0, 10), act(11, 20), act(21, 30)};
    a[0].reported = 20;
    a[0].completed_on = 12;
    a[1].completed_on = 16;
    deps(&a[1], pb, 1);
    deps(&a[2], pc, 1);
    cr_assert_eq(rule_forward_pass(a, 3, NULL, NULL), 0);
    cr_assert_eq(a[0].ff, 12);
    cr_assert_eq(a[1].es, 13);
    cr_assert_eq(a[1].ff, 16);
    cr_assert_eq(a[2].es, 21);
    cr_assert_eq(a[2].ff, 30);
}

Test(forward_pass, diamond_takes_max_of_predecessors)
{
    /* Stored out of dependency order on purpose: index 0 is the join.
     *   [1] A 0..10:                    FF = 10
     *   [2] B 11..20 after A:           ES = 11, FF = 20
     *   [3] C 11..15 after A, rep. 25:  ES = 11, FF = max(25, 15) = 25
     *   [0] D 21..30 (D 9) after B, C:  ES = max(21, 20+1, 25+1) = 26, FF = max(30, 35) = 35 */
    static const size_t pa[] = {1}, pd[] = {2, 3};
    struct fp_action a[4] = {act(21, 30), act(0, 10), act(11, 20), act(11, 15)};
    deps(&a[0], pd, 2);
    deps(&a[2], pa, 1);
    deps(&a[3], pa, 1);
    a[3].reported = 25;
    cr_assert_eq(rule_forward_pass(a, 4, NULL, NULL), 0);
    cr_assert_eq(a[1].ff, 10);
    cr_assert_eq(a[2].ff, 20);
    cr_assert_eq(a[3].ff, 25);
    cr_assert_eq(a[0].es, 26);
    cr_assert_eq(a[0].ff, 35);
}

Test(forward_pass, no_actions)
{
    size_t *cycle = NULL, ncycle = 0;
    cr_assert_eq(rule_forward_pass(NULL, 0, &cycle, &ncycle), 0);
    cr_assert_null(cycle);
}

Test(forward_pass, three_cycle_named)
{
    /* [1] depends on [4], [3] on [1], [4] on [3]: the cycle 1 → 3 → 4 → 1.
     * [0] depends on [3] (stuck behind the cycle but not in it) and is the
     * first leftover the search starts from; [2] is independent, 0..10.
     * Dependency order starting at the smallest index: {1, 3, 4}
     * (3 depends on 1, 4 on 3, and 1 — the first — on 4, the last). */
    static const size_t p0[] = {3}, p1[] = {4}, p3[] = {1}, p4[] = {3};
    struct fp_action a[5] = {act(0, 5), act(0, 5), act(0, 10), act(0, 5), act(0, 5)};
    deps(&a[0], p0, 1);
    deps(&a[1], p1, 1);
    deps(&a[3], p3, 1);
    deps(&a[4], p4, 1);
    size_t *cycle = NULL, ncycle = 0;
    cr_assert_eq(rule_forward_pass(a, 5, &cycle, &ncycle), -1);
    cr_assert_not_null(cycle);
    cr_assert_eq(ncycle, 3);
    check_cycle(a, 5, cycle, ncycle);
    cr_assert_eq(cycle[0], 1);
    cr_assert_eq(cycle[1], 3);
    cr_assert_eq(cycle[2], 4);
    free(cycle);
    /* The independent action is still computed; the stuck ones are not. */
    cr_assert_eq(a[2].ff, 10);
    cr_assert_eq(a[0].ff, DAY_NONE);
    cr_assert_eq(a[1].ff, DAY_NONE);

    /* Without a place for the cycle, still refused. */
    cr_assert_eq(rule_forward_pass(a, 5, NULL, NULL), -1);
}

Test(forward_pass, self_loop)
{
    /* [2] depends on itself; [0] and [1] are a fine chain. */
    static const size_t p1[] = {0}, p2[] = {2};
    struct fp_action a[3] = {act(0, 10), act(11, 20), act(0, 5)};
    deps(&a[1], p1, 1);
    deps(&a[2], p2, 1);
    size_t *cycle = NULL, ncycle = 0;
    cr_assert_eq(rule_forward_pass(a, 3, &cycle, &ncycle), -1);
    cr_assert_eq(ncycle, 1);
    cr_assert_eq(cycle[0], 2);
    free(cycle);
    cr_assert_eq(a[1].ff, 20);
}

Test(forward_pass, cycle_among_several_predecessors)
{
    /* [0] depends on [1] (fine, 0..10) and [2]; [2] depends on [0].
     * The search must step past [1] (done) to [2]: cycle {0, 2}. */
    static const size_t p0[] = {1, 2}, p2[] = {0};
    struct fp_action a[3] = {act(11, 20), act(0, 10), act(0, 5)};
    deps(&a[0], p0, 2);
    deps(&a[2], p2, 1);
    size_t *cycle = NULL, ncycle = 0;
    cr_assert_eq(rule_forward_pass(a, 3, &cycle, &ncycle), -1);
    cr_assert_eq(ncycle, 2);
    check_cycle(a, 3, cycle, ncycle);
    cr_assert_eq(cycle[0], 0);
    cr_assert_eq(cycle[1], 2);
    free(cycle);
}

Test(forward_pass, predecessor_out_of_range_asserts, .signal = SIGABRT)
{
    static const size_t p[] = {7};
    struct fp_action a[2] = {act(0, 10), act(0, 10)};
    deps(&a[1], p, 1);
    rule_forward_pass(a, 2, NULL, NULL);
}

/* Deterministic pseudo-random numbers for the large cases (xorshift64). */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Milliseconds of CPU time since some fixed point. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

Test(forward_pass, ten_thousand_actions_twenty_thousand_edges)
{
    /* A random DAG: a random permutation gives each action a rank, and each
     * edge goes from a lower rank to a higher one, so index order is no help.
     * Checked by the definition, not by hand: every ES and FF equals its rule. */
    enum { N = 10000, E = 20000 };
    uint64_t seed = 0x9e3779b97f4a7c15u;
    size_t *rank_of = malloc(N * sizeof *rank_of), *at = malloc(N * sizeof *at);
    for (size_t i = 0; i < N; i++)
        at[i] = i;
    for (size_t i = N - 1; i > 0; i--) {
        size_t j = rng_next(&seed) % (i + 1), t = at[i];
        at[i] = at[j];
        at[j] = t;
    }
    for (size_t r = 0; r < N; r++)
        rank_of[at[r]] = r;
    size_t *pred = malloc(E * sizeof *pred), *npred = calloc(N, sizeof *npred);
    size_t *owner = malloc(E * sizeof *owner);
    for (size_t e = 0; e < E; e++) {
        size_t r1 = rng_next(&seed) % (N - 1);
        size_t r2 = r1 + 1 + rng_next(&seed) % (N - 1 - r1);
        owner[e] = at[r2];
        npred[at[r2]]++;
        pred[e] = at[r1];
    }
    /* Group the edges by owner (counting sort) into one array. */
    size_t *start = calloc(N + 1, sizeof *start), *grouped = malloc(E * sizeof *grouped);
    for (size_t v = 0; v < N; v++)
        start[v + 1] = start[v] + npred[v];
    size_t *fill = malloc(N * sizeof *fill);
    for (size_t v = 0; v < N; v++)
        fill[v] = start[v];
    for (size_t e = 0; e < E; e++)
        grouped[fill[owner[e]]++] = pred[e];
    struct fp_action *a = malloc(N * sizeof *a);
    for (size_t v = 0; v < N; v++) {
        day_t s = (day_t)(rng_next(&seed) % 400);
        a[v] = act(s, s + (day_t)(rng_next(&seed) % 60));
        if (rng_next(&seed) % 4 == 0)
            a[v].reported = a[v].finish + (day_t)(rng_next(&seed) % 30);
        deps(&a[v], grouped + start[v], npred[v]);
    }
    double t0 = cpu_ms();
    cr_assert_eq(rule_forward_pass(a, N, NULL, NULL), 0);
    double ms = cpu_ms() - t0;
    cr_log_info("forward pass over %d actions, %d edges: %.2f ms", N, E, ms);
    cr_expect_lt(ms, 250.0, "took %.1f ms", ms); /* a few ms unsanitised; generous here */
    for (size_t v = 0; v < N; v++) {
        day_t es = a[v].start;
        for (size_t k = 0; k < a[v].npred; k++)
            if (a[a[v].pred[k]].ff + 1 > es)
                es = a[a[v].pred[k]].ff + 1;
        cr_assert_eq(a[v].es, es);
        day_t r = a[v].reported != DAY_NONE ? a[v].reported : a[v].finish;
        day_t byd = es + (a[v].finish - a[v].start);
        cr_assert_eq(a[v].ff, r > byd ? r : byd);
    }
    free(a);
    free(fill);
    free(grouped);
    free(start);
    free(owner);
    free(npred);
    free(pred);
    free(at);
    free(rank_of);
}

Test(forward_pass, long_cycle_found_without_recursion)
{
    /* 10,000 actions in one ring: [i] depends on [i-1], [0] on [9999].
     * Dependency order from the smallest index is 0, 1, 2, ..., 9999. */
    enum { N = 10000 };
    size_t *pred = malloc(N * sizeof *pred);
    struct fp_action *a = malloc(N * sizeof *a);
    for (size_t i = 0; i < N; i++) {
        pred[i] = (i + N - 1) % N;
        a[i] = act(0, 1);
        deps(&a[i], &pred[i], 1);
    }
    size_t *cycle = NULL, ncycle = 0;
    cr_assert_eq(rule_forward_pass(a, N, &cycle, &ncycle), -1);
    cr_assert_eq(ncycle, N);
    for (size_t i = 0; i < N; i++)
        cr_assert_eq(cycle[i], i);
    free(cycle);
    free(a);
    free(pred);
}

/* ---- milestones and impact ---------------------------------------------------- */

Test(milestone, forecast_with_and_without_slip)
{
    /* due 50, action planned to finish 10. */
    cr_assert_eq(rule_milestone_forecast(50, 10, 10), 50); /* on plan: 50 + max(0, 0) */
    cr_assert_eq(rule_milestone_forecast(50, 14, 10), 54); /* 4 late: 50 + 4 */
    cr_assert_eq(rule_milestone_forecast(50, 7, 10), 50);  /* early: 50 + max(0, -3) */
    cr_assert_eq(rule_milestone_forecast(50, DAY_NONE, 10), 50);
    cr_assert_eq(rule_milestone_forecast(50, 14, DAY_NONE), 50);
    cr_assert_eq(rule_milestone_forecast(DAY_NONE, 14, 10), DAY_NONE);
}

Test(impact, lists_exactly_the_moved_items_in_order)
{
    /* Actions (index: plan, predecessors):
     *   [0] A 0..10             FF 10
     *   [1] C 21..30 after B    ES 21, FF 30
     *   [2] D 0..40             FF 40
     *   [3] B 11..20 after A    ES 11, FF 20
     *   [4] E 11..20 after A    ES 11, FF 20
     *   [5] F 20..25 after A    ES 20, FF 25 (ten days of float)
     * Milestones: m0 on C due 30 -> 30; m1 on B due 18 -> 18; m2 on D due 40;
     *             m3 on no action due 60; m4 on E due 18 -> 18.
     * Slip A by 3: R(A) = 13, FF(A) = max(13, 10) = 13.
     *   B: ES max(11, 14) = 14, FF max(20, 23) = 23;  E likewise 23;
     *   C: ES max(21, 24) = 24, FF max(30, 33) = 33;
     *   F: ES max(20, 14) = 20, FF 25 — unmoved; D unmoved.
     *   m0 30 + (33 − 30) = 33; m1 18 + 3 = 21; m4 18 + 3 = 21; m2, m3 unmoved.
     * By `to`, then actions first, then index:
     *   A 10→13, m1 18→21, m4 18→21, B 20→23, E 20→23, C 30→33, m0 30→33. */
    static const size_t pa[] = {0}, pb[] = {3};
    struct fp_action a[6] = {act(0, 10),  act(21, 30), act(0, 40),
                             act(11, 20), act(11, 20), act(20, 25)};
    deps(&a[1], pb, 1);
    deps(&a[3], pa, 1);
    deps(&a[4], pa, 1);
    deps(&a[5], pa, 1);
    const struct fp_milestone m[5] = {{1, 30}, {3, 18}, {2, 40}, {SIZE_MAX, 60}, {4, 18}};
    static const struct impact_move want[] = {
        {false, 0, 10, 13, 3}, {true, 1, 18, 21, 3},  {true, 4, 18, 21, 3}, {false, 3, 20, 23, 3},
        {false, 4, 20, 23, 3}, {false, 1, 30, 33, 3}, {true, 0, 30, 33, 3},
    };
    struct impact_move *mv = NULL;
    size_t nmv = 0;
    cr_assert_eq(rule_impact(a, 6, m, 5, 0, 3, &mv, &nmv), 0);
    cr_assert_eq(nmv, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < nmv; i++) {
        cr_expect_eq(mv[i].is_milestone, want[i].is_milestone, "move %zu", i);
        cr_expect_eq(mv[i].index, want[i].index, "move %zu", i);
        cr_expect_eq(mv[i].from, want[i].from, "move %zu", i);
        cr_expect_eq(mv[i].to, want[i].to, "move %zu", i);
        cr_expect_eq(mv[i].days, want[i].days, "move %zu", i);
    }
    free(mv);
    /* `a` holds the slipped pass; the target's inputs are as they were. */
    cr_assert_eq(a[1].ff, 33);
    cr_assert_eq(a[5].ff, 25);
    cr_assert_eq(a[0].reported, DAY_NONE);
}

Test(impact, zero_slip_moves_nothing)
{
    static const size_t pb[] = {0};
    struct fp_action a[2] = {act(0, 10), act(11, 20)};
    deps(&a[1], pb, 1);
    const struct fp_milestone m[1] = {{1, 15}};
    struct impact_move *mv = NULL;
    size_t nmv = 99;
    cr_assert_eq(rule_impact(a, 2, m, 1, 0, 0, &mv, &nmv), 0);
    cr_assert_eq(nmv, 0);
    cr_assert_not_null(mv);
    free(mv);
}

Test(impact, slip_of_a_late_successor_only)
{
    /* A 0..10, B 11..20 after A; slip B by 5: R(B) = 25, FF(B) = 25.
     * A does not move (impact runs forward only).  Milestone on A due 8 stays. */
    static const size_t pb[] = {0};
    struct fp_action a[2] = {act(0, 10), act(11, 20)};
    deps(&a[1], pb, 1);
    const struct fp_milestone m[1] = {{0, 8}};
    struct impact_move *mv = NULL;
    size_t nmv = 0;
    cr_assert_eq(rule_impact(a, 2, m, 1, 1, 5, &mv, &nmv), 0);
    cr_assert_eq(nmv, 1);
    cr_assert_eq(mv[0].is_milestone, false);
    cr_assert_eq(mv[0].index, 1);
    cr_assert_eq(mv[0].from, 20);
    cr_assert_eq(mv[0].to, 25);
    cr_assert_eq(mv[0].days, 5);
    free(mv);
}

Test(impact, negative_slip_moves_earlier)
{
    /* A 0..10 reports 15: FF(A) = 15; B 11..20 after A: ES 16, FF 25.
     * Slip A by −3: R(A) = 12, FF(A) = max(12, 10) = 12; B: ES 13, FF 22.
     * Moves: A 15→12 (−3), B 25→22 (−3). */
    static const size_t pb[] = {0};
    struct fp_action a[2] = {act(0, 10), act(11, 20)};
    a[0].reported = 15;
    deps(&a[1], pb, 1);
    struct impact_move *mv = NULL;
    size_t nmv = 0;
    cr_assert_eq(rule_impact(a, 2, NULL, 0, 0, -3, &mv, &nmv), 0);
    cr_assert_eq(nmv, 2);
    cr_assert_eq(mv[0].index, 0);
    cr_assert_eq(mv[0].from, 15);
    cr_assert_eq(mv[0].to, 12);
    cr_assert_eq(mv[0].days, -3);
    cr_assert_eq(mv[1].index, 1);
    cr_assert_eq(mv[1].to, 22);
    cr_assert_eq(mv[1].days, -3);
    free(mv);
    cr_assert_eq(a[0].reported, 15);

    /* Slip by −10: R(A) = 5, but FF(A) = max(5, 0+10) = 10 — no earlier than
     * ES + D.  Moves: A 15→10 (−5); B ES 11, FF 20: 25→20 (−5). */
    cr_assert_eq(rule_impact(a, 2, NULL, 0, 0, -10, &mv, &nmv), 0);
    cr_assert_eq(nmv, 2);
    cr_assert_eq(mv[0].to, 10);
    cr_assert_eq(mv[0].days, -5);
    cr_assert_eq(mv[1].to, 20);
    cr_assert_eq(mv[1].days, -5);
    free(mv);
}

Test(impact, completed_target_does_not_move)
{
    /* A 0..10 completed on 8: FF(A) = 8; B 11..20 after A: ES 11, FF 20.
     * Slip A by 5: R(A) = 13, but the pass takes FF(A) = completed_on = 8 for a
     * complete action, so nothing moves: a finished action cannot slip. */
    static const size_t pb[] = {0};
    struct fp_action a[2] = {act(0, 10), act(11, 20)};
    a[0].completed_on = 8;
    deps(&a[1], pb, 1);
    struct impact_move *mv = NULL;
    size_t nmv = 0;
    cr_assert_eq(rule_impact(a, 2, NULL, 0, 0, 5, &mv, &nmv), 0);
    cr_assert_eq(nmv, 0);
    free(mv);
    cr_assert_eq(a[0].completed_on, 8);
    cr_assert_eq(a[0].reported, DAY_NONE);
}

Test(impact, zero_slip_with_reported_forecast_moves_nothing)
{
    /* A 0..10 reported 12 (FF 12); B after A.  Slip 0: R(A) = FF(A) = 12. */
    static const size_t pb[] = {0};
    struct fp_action a[2] = {act(0, 10), act(11, 20)};
    a[0].reported = 12;
    deps(&a[1], pb, 1);
    struct impact_move *mv = NULL;
    size_t nmv = 0;
    cr_assert_eq(rule_impact(a, 2, NULL, 0, 0, 0, &mv, &nmv), 0);
    cr_assert_eq(nmv, 0);
    free(mv);
}

Test(impact, completed_successor_does_not_move)
{
    /* A 0..10, B 11..20 after A completed on 19.  Slip A by 30: A 10→40,
     * B stays 19 (completed_on). */
    static const size_t pb[] = {0};
    struct fp_action a[2] = {act(0, 10), act(11, 20)};
    a[1].completed_on = 19;
    deps(&a[1], pb, 1);
    struct impact_move *mv = NULL;
    size_t nmv = 0;
    cr_assert_eq(rule_impact(a, 2, NULL, 0, 0, 30, &mv, &nmv), 0);
    cr_assert_eq(nmv, 1);
    cr_assert_eq(mv[0].index, 0);
    cr_assert_eq(mv[0].to, 40);
    free(mv);
}

Test(impact, cycle_refused)
{
    static const size_t p0[] = {1}, p1[] = {0};
    struct fp_action a[2] = {act(0, 10), act(11, 20)};
    deps(&a[0], p0, 1);
    deps(&a[1], p1, 1);
    struct impact_move *mv = NULL;
    size_t nmv = 0;
    cr_assert_eq(rule_impact(a, 2, NULL, 0, 0, 5, &mv, &nmv), -1);
    cr_assert_null(mv);
}

/* ---- overdue and slip ----------------------------------------------------------- */

Test(overdue, rules)
{
    /* finish 10, judged on 11 (late), 10 (due that day) and 9. */
    cr_assert(rule_overdue(ST_IN_PROGRESS, 10, 11));
    cr_assert(rule_overdue(ST_NOT_STARTED, 10, 11));
    cr_assert(rule_overdue(ST_BLOCKED, 10, 11));
    cr_assert_not(rule_overdue(ST_COMPLETE, 10, 11));
    cr_assert_not(rule_overdue(ST_RETIRED, 10, 11));
    cr_assert_not(rule_overdue(ST_IN_PROGRESS, 10, 10)); /* finish == on */
    cr_assert_not(rule_overdue(ST_IN_PROGRESS, 10, 9));
    cr_assert_not(rule_overdue(ST_COMPLETE, 10, 9));
    cr_assert_not(rule_overdue(ST_IN_PROGRESS, DAY_NONE, 11)); /* no finish, not overdue */
}

Test(slip, sign)
{
    cr_assert_eq(rule_slip(20, 15), 5);  /* late */
    cr_assert_eq(rule_slip(10, 15), -5); /* early */
    cr_assert_eq(rule_slip(15, 15), 0);
    cr_assert_eq(rule_slip(-3, 2), -5); /* before 1970 is fine */
    cr_assert_eq(rule_slip(DAY_NONE, 15), 0);
    cr_assert_eq(rule_slip(20, DAY_NONE), 0);
}

/* ---- measure status ------------------------------------------------------------- */

Test(measure, up_is_better)
{
    /* baseline 50, target 100, tolerance 10 %: band = 10 % of 50 = 5, so
     * 95 ≤ value < 100 is near. */
    cr_assert_eq(rule_measure_status(true, 50, 100, 10, true, 100), MS_ON_TARGET);
    cr_assert_eq(rule_measure_status(true, 50, 100, 10, true, 120), MS_ON_TARGET);
    cr_assert_eq(rule_measure_status(true, 50, 100, 10, true, 97), MS_NEAR);
    cr_assert_eq(rule_measure_status(true, 50, 100, 10, true, 95), MS_NEAR);   /* boundary */
    cr_assert_eq(rule_measure_status(true, 50, 100, 10, true, 94.99), MS_OFF); /* past it */
    cr_assert_eq(rule_measure_status(true, 50, 100, 10, true, 40), MS_OFF);
    cr_assert_eq(rule_measure_status(true, 50, 100, 10, false, 0), MS_NO_DATA);
    cr_assert_eq(rule_measure_status(true, 50, 100, 10, false, 100), MS_NO_DATA);
}

Test(measure, down_is_better)
{
    /* The plan-format example: baseline 27, target 15, tolerance 10 %:
     * band = 10 % of 12 = 1.2, so 15 < value ≤ 16.2 is near. */
    cr_assert_eq(rule_measure_status(false, 27, 15, 10, true, 15), MS_ON_TARGET);
    cr_assert_eq(rule_measure_status(false, 27, 15, 10, true, 14), MS_ON_TARGET);
    cr_assert_eq(rule_measure_status(false, 27, 15, 10, true, 15.6), MS_NEAR);
    cr_assert_eq(rule_measure_status(false, 27, 15, 10, true, 16.2), MS_NEAR); /* boundary */
    cr_assert_eq(rule_measure_status(false, 27, 15, 10, true, 16.21), MS_OFF); /* past it */
    cr_assert_eq(rule_measure_status(false, 27, 15, 10, true, 26.1), MS_OFF);
    cr_assert_eq(rule_measure_status(false, 27, 15, 10, false, 0), MS_NO_DATA);
}

Test(measure, boundary_survives_binary_rounding)
{
    /* up: baseline 0.1, target 1.1, tolerance 10 %: band 0.1, and 1.0 misses by
     * exactly 0.1 in decimal — but in binary miss × 100 = 10.000000000000009
     * against a band × 100 of 10.0, so a bare comparison would say off. */
    cr_assert_eq(rule_measure_status(true, 0.1, 1.1, 10, true, 1.0), MS_NEAR);
    cr_assert_eq(rule_measure_status(true, 0.1, 1.1, 10, true, 0.9999), MS_OFF);
    /* down: baseline 1.7, target 0.3, tolerance 10 %: band 0.14; 0.44 is on the
     * boundary (14.000000000000002 against 14.0 in binary). */
    cr_assert_eq(rule_measure_status(false, 1.7, 0.3, 10, true, 0.44), MS_NEAR);
    cr_assert_eq(rule_measure_status(false, 1.7, 0.3, 10, true, 0.4401), MS_OFF);
}

Test(measure, tolerance_zero)
{
    /* No band: anything short of the target is off. */
    cr_assert_eq(rule_measure_status(true, 50, 100, 0, true, 100), MS_ON_TARGET);
    cr_assert_eq(rule_measure_status(true, 50, 100, 0, true, 99.999), MS_OFF);
    cr_assert_eq(rule_measure_status(false, 27, 15, 0, true, 15), MS_ON_TARGET);
    cr_assert_eq(rule_measure_status(false, 27, 15, 0, true, 15.001), MS_OFF);
}

Test(measure, target_equal_to_baseline_has_no_band)
{
    /* |target − baseline| = 0, so even a large tolerance gives no band. */
    cr_assert_eq(rule_measure_status(true, 80, 80, 50, true, 80), MS_ON_TARGET);
    cr_assert_eq(rule_measure_status(true, 80, 80, 50, true, 79.9), MS_OFF);
}

/* ---- movement ---------------------------------------------------------------------- */

Test(movement, all_five_cases)
{
    /* Levels: 0 best (high), 1 medium, 2 low; -1 none. */
    cr_assert_eq(rule_movement(1, 0), MV_IMPROVED);
    cr_assert_eq(rule_movement(0, 2), MV_DECLINED);
    cr_assert_eq(rule_movement(1, 1), MV_UNCHANGED);
    cr_assert_eq(rule_movement(-1, 2), MV_NEW);
    cr_assert_eq(rule_movement(2, -1), MV_MISSING);
    cr_assert_eq(rule_movement(-1, -1), MV_MISSING); /* missing beats new */
}

/* ---- names --------------------------------------------------------------------------- */

Test(names, statuses_round_trip)
{
    static const char *const want[ST__MAX] = {"not_started", "in_progress", "complete", "blocked",
                                              "retired"};
    for (int s = 0; s < ST__MAX; s++) {
        cr_assert_str_eq(action_status_name((enum action_status)s), want[s]);
        cr_assert_eq(action_status_parse(want[s]), s);
    }
    cr_assert_eq(action_status_parse("done"), -1);
    cr_assert_eq(action_status_parse(""), -1);
    cr_assert_eq(action_status_parse("Complete"), -1);
    cr_assert_eq(action_status_parse(NULL), -1);
}

/* A stored row is read alike everywhere: a status the rules do not know is
 * "not started", and a completion date counts only on a complete action. */
Test(names, stored_rows)
{
    cr_assert_eq(action_status_of_row("blocked"), ST_BLOCKED);
    cr_assert_eq(action_status_of_row("complete"), ST_COMPLETE);
    cr_assert_eq(action_status_of_row("done"), ST_NOT_STARTED);
    cr_assert_eq(action_status_of_row(NULL), ST_NOT_STARTED);
    day_t d = date_from_ymd(2015, 9, 30);
    cr_assert_eq(action_completed_on(ST_COMPLETE, d), d);
    cr_assert_eq(action_completed_on(ST_IN_PROGRESS, d), DAY_NONE);
    cr_assert_eq(action_completed_on(ST_RETIRED, d), DAY_NONE);
    cr_assert_eq(action_completed_on(ST_COMPLETE, DAY_NONE), DAY_NONE);
}

Test(names, measure_states_and_movements)
{
    cr_assert_str_eq(measure_state_name(MS_ON_TARGET), "on_target");
    cr_assert_str_eq(measure_state_name(MS_NEAR), "near");
    cr_assert_str_eq(measure_state_name(MS_OFF), "off");
    cr_assert_str_eq(measure_state_name(MS_NO_DATA), "no_data");
    cr_assert_str_eq(movement_name(MV_IMPROVED), "improved");
    cr_assert_str_eq(movement_name(MV_DECLINED), "declined");
    cr_assert_str_eq(movement_name(MV_UNCHANGED), "unchanged");
    cr_assert_str_eq(movement_name(MV_NEW), "new");
    cr_assert_str_eq(movement_name(MV_MISSING), "missing");
}

/* Status at D: each clause of DESIGN.md in its order. */
Test(rules, status_at)
{
    day_t d0 = date_from_ymd(2015, 1, 1), d1 = date_from_ymd(2015, 6, 1),
          d2 = date_from_ymd(2015, 9, 30), done;
    struct status_facts f = {DAY_NONE, DAY_NONE, -1, ST_IN_PROGRESS, d1};
    cr_assert_eq(rule_status_at(&f, d0, &done), ST_NOT_STARTED, "before it was created");
    cr_assert_eq(rule_status_at(&f, d1, &done), ST_IN_PROGRESS, "from its creation on");
    f.upd_status = ST_BLOCKED;
    cr_assert_eq(rule_status_at(&f, d0, &done), ST_BLOCKED, "an update speaks for its month");
    f.upd_status = ST_COMPLETE;
    cr_assert_eq(rule_status_at(&f, d2, &done), ST_IN_PROGRESS, "complete without completed_on");
    cr_assert_eq(done, DAY_NONE);
    f.completed_on = d1;
    cr_assert_eq(rule_status_at(&f, d0, &done), ST_IN_PROGRESS, "completed later");
    cr_assert_eq(rule_status_at(&f, d1, &done), ST_COMPLETE, "completed on D");
    cr_assert_eq(done, d1);
    f.retired_on = d2;
    cr_assert_eq(rule_status_at(&f, d1, &done), ST_COMPLETE, "retired only later");
    cr_assert_eq(rule_status_at(&f, d2, &done), ST_RETIRED, "retired on D");
    cr_assert_eq(done, DAY_NONE);
}

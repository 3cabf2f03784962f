/* test_ratelimit.c — lib/ratelimit.h: a key is admitted up to each rule's
 * count in its window, then told how long to wait; a refusal records
 * nothing; keys are counted apart; one key over its limit refuses the event
 * for every key; a full table forgets the stalest key; a cleared one
 * forgets every key. */
#include "lib/ratelimit.h"
#include <criterion/criterion.h>
#include <stdio.h>

static const struct ratelimit_rule hour_day[] = {{3600, 3}, {86400, 5}};

static long take1(struct ratelimit *rl, const char *key, time_t now)
{
    struct ratelimit_key k = {key, hour_day, 2};
    return ratelimit_take(rl, &k, 1, now);
}

Test(ratelimit, admits_up_to_the_limit_then_says_how_long)
{
    struct ratelimit *rl = ratelimit_new();
    time_t t = 1000000;
    cr_assert_eq(take1(rl, "a", t), 0);
    cr_assert_eq(take1(rl, "a", t + 10), 0);
    cr_assert_eq(take1(rl, "a", t + 20), 0);
    cr_assert_eq(take1(rl, "a", t + 30), 3570, "the first event leaves the hour at t+3600");
    cr_assert_eq(take1(rl, "a", t + 40), 3560, "a refusal records nothing");
    cr_assert_eq(take1(rl, "b", t + 40), 0, "another key is counted apart");
    cr_assert_eq(take1(rl, "a", t + 3600), 0, "the hour has passed for the first");
    cr_assert_eq(take1(rl, "a", t + 3610), 0);
    cr_assert_eq(take1(rl, "a", t + 3620), 86400 - 3620,
                 "five in the day: wait for the first to go");
    ratelimit_free(rl);
}

Test(ratelimit, one_key_over_refuses_for_all)
{
    struct ratelimit *rl = ratelimit_new();
    static const struct ratelimit_rule one[] = {{60, 1}};
    struct ratelimit_key ks[] = {{"client", hour_day, 2}, {"victim", one, 1}};
    cr_assert_eq(ratelimit_take(rl, ks, 2, 100), 0);
    cr_assert_eq(ratelimit_take(rl, ks, 2, 110), 50);
    /* the refusal did not count against the client */
    struct ratelimit_key other[] = {{"client", hour_day, 2}, {"someone", one, 1}};
    cr_assert_eq(ratelimit_take(rl, other, 2, 120), 0);
    cr_assert_eq(ratelimit_take(rl, other + 0, 1, 130), 0);
    cr_assert_eq(ratelimit_take(rl, other + 0, 1, 140), 3600 - 40, "three in the hour");
    ratelimit_free(rl);
}

Test(ratelimit, a_full_table_forgets_the_stalest)
{
    struct ratelimit *rl = ratelimit_new();
    static const struct ratelimit_rule once[] = {{86400, 1}};
    char key[32];
    for (int i = 0; i < RATELIMIT_SLOTS; i++) {
        snprintf(key, sizeof key, "k%d", i);
        struct ratelimit_key k = {key, once, 1};
        cr_assert_eq(ratelimit_take(rl, &k, 1, 1000 + i), 0);
    }
    struct ratelimit_key k1 = {"k1", once, 1}, k0 = {"k0", once, 1}, nw = {"new", once, 1};
    cr_assert_gt(ratelimit_take(rl, &k1, 1, 5000), 0, "k1 is remembered");
    cr_assert_eq(ratelimit_take(rl, &nw, 1, 5000), 0, "a new key takes the stalest slot");
    cr_assert_eq(ratelimit_take(rl, &k0, 1, 5001), 0, "k0, the stalest, was forgotten");
    ratelimit_free(rl);
}

Test(ratelimit, cleared_forgets_everything)
{
    struct ratelimit *rl = ratelimit_new();
    static const struct ratelimit_rule once[] = {{86400, 1}};
    struct ratelimit_key k = {"k", once, 1};
    cr_assert_eq(ratelimit_take(rl, &k, 1, 100), 0);
    cr_assert_gt(ratelimit_take(rl, &k, 1, 101), 0);
    ratelimit_clear(rl);
    cr_assert_eq(ratelimit_take(rl, &k, 1, 102), 0);
    ratelimit_free(rl);
}

/* bench/critical.c — the speed target of issue 12 for the rules behind
 * `dialturn impact` and the critical path (model/critical.h): a generated plan
 * of 100,000 actions with 300,000 finish-to-start dependencies (each on an
 * earlier action, so no cycle), every third action reporting a later
 * forecast, 25,000 milestones.  Times, best of 5: the forward pass, the
 * critical path of the plan and of each of 20 themes, and the impact of
 * slipping an early action by 30 days (the pass run twice and the moves
 * ordered).  Target: < 100 ms each, in CPU time.  Prints one line per figure.
 * Usage: critical [ACTIONS [DEPENDENCIES]] */
#include "lib/buf.h"
#include "model/critical.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Seconds of this process's CPU time: on a shared machine the wall clock
 * counts the other processes' turns too (run.sh's figures are wall time on a
 * quiet machine; these stay comparable on a busy one). */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    size_t e = argc > 2 ? strtoul(argv[2], NULL, 10) : 300000;
    size_t nm = n / 4, themes = 20;
    struct fp_action *a = xcalloc(n, sizeof *a);
    size_t *pred = xmalloc(e * sizeof *pred), used = 0;
    char **refs = xmalloc(n * sizeof *refs), **mrefs = xmalloc(nm * sizeof *mrefs);
    long *group = xmalloc(n * sizeof *group);
    for (size_t i = 0; i < n; i++) {
        day_t s = 16000 + (day_t)(next() % 1500);
        a[i] = (struct fp_action){
            s, s + 30 + (day_t)(next() % 300), DAY_NONE, DAY_NONE, NULL, 0, DAY_NONE, DAY_NONE};
        if (i % 3 == 0)
            a[i].reported = a[i].finish + (day_t)(next() % 60);
        /* spread the edges evenly: action i gets its share of e */
        size_t want = (e * (i + 1)) / n - (e * i) / n;
        a[i].pred = pred + used;
        for (size_t k = 0; k < want && i > 0; k++)
            pred[used++] = (size_t)(next() % i);
        a[i].npred = (size_t)(pred + used - a[i].pred);
        struct buf b = BUF_INIT;
        buf_printf(&b, "A%zu", i + 1);
        refs[i] = xstrdup(buf_str(&b));
        buf_free(&b);
        group[i] = (long)(i % themes);
    }
    struct fp_milestone *m = xmalloc(nm * sizeof *m);
    for (size_t j = 0; j < nm; j++) {
        size_t x = (size_t)(next() % n);
        m[j] = (struct fp_milestone){x, a[x].finish};
        struct buf b = BUF_INIT;
        buf_printf(&b, "M%zu", j + 1);
        mrefs[j] = xstrdup(buf_str(&b));
        buf_free(&b);
    }
    double best_pass = 1e9, best_cp = 1e9, best_cpt = 1e9, best_imp = 1e9;
    size_t moved = 0, cplen = 0;
    for (int run = 0; run < 5; run++) {
        double t0 = now();
        if (rule_forward_pass(a, n, NULL, NULL)) {
            fprintf(stderr, "critical: a cycle in a generated acyclic plan\n");
            return 1;
        }
        double t1 = now();
        struct critical_path p;
        critical_path(a, n, (const char *const *)refs, group, -1, &p);
        cplen = p.n;
        critical_path_free(&p);
        double t2 = now();
        for (size_t t = 0; t < themes; t++) {
            critical_path(a, n, (const char *const *)refs, group, (long)t, &p);
            critical_path_free(&p);
        }
        double t3 = now();
        struct impact_move *mv;
        impact_sorted(a, n, m, nm, (const char *const *)refs, (const char *const *)mrefs, 10, 30,
                      &mv, &moved);
        free(mv);
        double t4 = now();
        best_pass = t1 - t0 < best_pass ? t1 - t0 : best_pass;
        best_cp = t2 - t1 + (t1 - t0) < best_cp ? t2 - t1 + (t1 - t0) : best_cp;
        best_cpt = t3 - t2 + (t1 - t0) < best_cpt ? t3 - t2 + (t1 - t0) : best_cpt;
        best_imp = t4 - t3 < best_imp ? t4 - t3 : best_imp;
    }
    printf("critical bench: %zu actions, %zu dependencies, %zu milestones (CPU time, best of 5)\n",
           n, used, nm);
    printf("  forward pass                          %7.1f ms\n", best_pass * 1e3);
    printf(
        "  critical path of the plan (with pass) %7.1f ms  (%zu actions on it)  target < 100 ms\n",
        best_cp * 1e3, cplen);
    printf("  critical path of %zu themes (with pass) %6.1f ms  target < 100 ms\n", themes,
           best_cpt * 1e3);
    printf("  impact of A11 +30 days                %7.1f ms  (%zu moved)  target < 100 ms\n",
           best_imp * 1e3, moved);
    for (size_t i = 0; i < n; i++)
        free(refs[i]);
    for (size_t j = 0; j < nm; j++)
        free(mrefs[j]);
    free(refs), free(mrefs), free(group), free(m), free(pred), free(a);
    return best_cp < 0.1 && best_cpt < 0.1 && best_imp < 0.1 ? 0 : 2;
}

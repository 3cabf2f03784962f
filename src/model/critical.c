/* critical.c — the critical path and the ordered impact of a slip (see
 * critical.h for the exact rule).  Pure functions over the forward pass. */
#include "model/critical.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

/* Whether action x (index xi) comes before action y (index yi) when two tie:
 * the first ref in natural order, then the lower index. */
static bool ref_first(const char *const *refs, size_t xi, size_t yi)
{
    int c = natcmp(refs[xi], refs[yi]);
    return c ? c < 0 : xi < yi;
}

/* The predecessor of b that set its earliest start, or SIZE_MAX when none
 * did (critical.h, "driver"). */
static size_t driver(const struct fp_action *a, const char *const *refs, size_t b)
{
    const struct fp_action *x = &a[b];
    if (x->completed_on != DAY_NONE || x->es == DAY_NONE || x->ff == DAY_NONE)
        return SIZE_MAX;
    /* the finish came from the start, not from a later reported forecast */
    if ((int64_t)x->ff != (int64_t)x->es + ((int64_t)x->finish - x->start))
        return SIZE_MAX;
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < x->npred; k++) {
        size_t p = x->pred[k];
        if (a[p].ff == DAY_NONE || (int64_t)a[p].ff + 1 != (int64_t)x->es)
            continue;
        if (best == SIZE_MAX || ref_first(refs, p, best))
            best = p;
    }
    return best;
}

void critical_path(const struct fp_action *a, size_t n, const char *const *refs, const long *group,
                   long want, struct critical_path *out)
{
    *out = (struct critical_path){NULL, 0};
    size_t end = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        if (group[i] < 0 || (want >= 0 && group[i] != want) || a[i].ff == DAY_NONE)
            continue;
        if (end == SIZE_MAX || a[i].ff > a[end].ff ||
            (a[i].ff == a[end].ff && ref_first(refs, i, end)))
            end = i;
    }
    if (end == SIZE_MAX)
        return;
    /* walked backwards from the end, then reversed; the dependencies are
     * acyclic (the pass succeeded), so the walk visits at most n actions */
    size_t *chain = xmalloc(n * sizeof *chain), len = 0;
    for (size_t v = end; v != SIZE_MAX; v = driver(a, refs, v)) {
        assert(len < n);
        chain[len++] = v;
    }
    for (size_t i = 0; i < len / 2; i++) {
        size_t t = chain[i];
        chain[i] = chain[len - 1 - i];
        chain[len - 1 - i] = t;
    }
    out->chain = chain;
    out->n = len;
}

void critical_path_free(struct critical_path *p)
{
    if (!p)
        return;
    free(p->chain);
    *p = (struct critical_path){NULL, 0};
}

/* The refs a sort of moves reads (qsort_r's context). */
struct move_refs {
    const char *const *aref, *const *mref;
};

static int cmp_move(const void *pa, const void *pb, void *ctx)
{
    const struct impact_move *x = pa, *y = pb;
    const struct move_refs *r = ctx;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    const char *rx = x->is_milestone ? r->mref[x->index] : r->aref[x->index];
    const char *ry = y->is_milestone ? r->mref[y->index] : r->aref[y->index];
    int c = natcmp(rx, ry);
    if (c)
        return c;
    if (x->is_milestone != y->is_milestone)
        return x->is_milestone ? 1 : -1;
    return x->index < y->index ? -1 : x->index > y->index;
}

int impact_sorted(struct fp_action *a, size_t n, const struct fp_milestone *m, size_t nm,
                  const char *const *aref, const char *const *mref, size_t target, int slip,
                  struct impact_move **moves, size_t *nmoves)
{
    if (rule_impact(a, n, m, nm, target, slip, moves, nmoves))
        return -1;
    struct move_refs r = {aref, mref};
    qsort_r(*moves, *nmoves, sizeof **moves, cmp_move, &r);
    return 0;
}

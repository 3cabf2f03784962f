/* pub_critical.c — the impact of a slip and the critical path on the public
 * record (see pub_critical.h): the overview's pass, critical.h's rules. */
#include "model/pub_critical.h"
#include "lib/buf.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The refs of the overview's actions, for ordering ties.  Caller frees. */
static const char **action_refs(const struct overview *ov)
{
    const char **r = xmalloc((ov->nactions + 1) * sizeof *r);
    for (size_t i = 0; i < ov->nactions; i++)
        r[i] = ov->actions[i].ref;
    return r;
}

int pub_impact_load(struct db *db, const struct pub_scope *scope, const struct overview *ov,
                    size_t target, int slip, struct pub_impact *out)
{
    memset(out, 0, sizeof *out);
    if (pub_milestones_get(db, scope, &out->ms))
        return -1;
    const struct pub_milestones *ms = out->ms;
    struct fp_action *fa = xcalloc(ov->nactions + 1, sizeof *fa);
    struct fp_milestone *fm = xcalloc(ms->n + 1, sizeof *fm);
    const char **mref = xmalloc((ms->n + 1) * sizeof *mref);
    const char **aref = action_refs(ov);
    overview_fp(ov, fa);
    for (size_t j = 0; j < ms->n; j++) {
        const struct pub_milestone *m = &ms->v[j];
        long x = m->action >= 0 ? overview_find_action(ov, ms->actions.v[m->action].ref) : -1;
        fm[j] = (struct fp_milestone){x >= 0 ? (size_t)x : SIZE_MAX, m->due};
        mref[j] = m->ref;
    }
    int rc =
        impact_sorted(fa, ov->nactions, fm, ms->n, aref, mref, target, slip, &out->moves, &out->n);
    if (rc)
        snprintf(db->err, sizeof db->err, "%s", "the plan has a dependency cycle");
    free(aref), free(mref), free(fm), free(fa);
    return rc;
}

void pub_impact_free(struct pub_impact *p)
{
    if (!p)
        return;
    free(p->moves);
    memset(p, 0, sizeof *p);
}

int pub_critical_load(struct db *db, const struct pub_scope *scope, const struct overview *ov,
                      struct pub_critical *out)
{
    memset(out, 0, sizeof *out);
    if (pub_milestones_get(db, scope, &out->ms))
        return -1;
    size_t n = ov->nactions;
    struct fp_action *fa = xcalloc(n + 1, sizeof *fa);
    overview_fp(ov, fa);
    if (rule_forward_pass(fa, n, NULL, NULL)) {
        free(fa);
        snprintf(db->err, sizeof db->err, "%s", "the plan has a dependency cycle");
        return -1;
    }
    const char **aref = action_refs(ov);
    long *group = xmalloc((n + 1) * sizeof *group);
    out->es = xmalloc((n + 1) * sizeof *out->es);
    out->ff = xmalloc((n + 1) * sizeof *out->ff);
    out->on_path = xcalloc(n + 1, sizeof *out->on_path);
    for (size_t i = 0; i < n; i++) {
        group[i] = ov->state[i].status == ST_RETIRED ? -1 : (long)ov->actions[i].theme;
        out->es[i] = fa[i].es;
        out->ff[i] = fa[i].ff;
    }
    critical_path(fa, n, aref, group, -1, &out->plan);
    for (size_t k = 0; k < out->plan.n; k++)
        out->on_path[out->plan.chain[k]] = true;
    out->themes = xcalloc(ov->nthemes + 1, sizeof *out->themes);
    out->nthemes = ov->nthemes;
    for (size_t t = 0; t < ov->nthemes; t++)
        critical_path(fa, n, aref, group, (long)t, &out->themes[t]);
    free(group), free(aref), free(fa);
    return 0;
}

void pub_critical_free(struct pub_critical *p)
{
    if (!p)
        return;
    for (size_t t = 0; p->themes && t < p->nthemes; t++)
        critical_path_free(&p->themes[t]);
    free(p->es), free(p->ff), free(p->on_path);
    critical_path_free(&p->plan);
    free(p->themes);
    memset(p, 0, sizeof *p);
}

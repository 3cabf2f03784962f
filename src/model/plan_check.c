/* plan_check.c — the rules of plan-format.md that span objects, run on the
 * merged plan before anything is stored. */
#include "lib/buf.h"
#include "model/plan.h"
#include <stdio.h>
#include <stdlib.h>

/* Names where an action's field came from: its JSON path, CSV line and
 * column, or (for a stored action the input did not touch) its ref. */
static void where(const struct p_action *a, const char *field, char *out, size_t n)
{
    if (a->src_index >= 0)
        snprintf(out, n, "actions[%ld].%s", a->src_index, field);
    else if (a->src_line > 0)
        snprintf(out, n, "line %ld, column %s", a->src_line, field);
    else
        snprintf(out, n, "action %s: %s", a->ref, field);
}

static int check_actions(const struct plan *p, char *err, size_t errlen)
{
    char at[160];
    for (size_t i = 0; i < p->n_actions; i++) {
        const struct p_action *a = &p->actions[i];
        char s[DATE_LEN], f[DATE_LEN];
        if (a->theme < 0) {
            where(a, "theme", at, sizeof at);
            snprintf(err, errlen, "%s: is required", at);
            return -1;
        }
        if (a->start > a->finish) {
            date_format(a->start, s);
            date_format(a->finish, f);
            where(a, "finish", at, sizeof at);
            snprintf(err, errlen, "%s: %s is before start %s (action %s)", at, f, s, a->ref);
            return -1;
        }
        if ((a->status == ST_COMPLETE) != (a->completed_on != DAY_NONE)) {
            where(a, "completed_on", at, sizeof at);
            snprintf(err, errlen,
                     a->status == ST_COMPLETE
                         ? "%s: is required when status is complete (action %s)"
                         : "%s: must be null unless status is complete (action %s)",
                     at, a->ref);
            return -1;
        }
    }
    return 0;
}

/* A dependency cycle would make forecasts meaningless: name it. */
static int check_cycles(const struct plan *p, char *err, size_t errlen)
{
    struct fp_action *fa = xcalloc(p->n_actions, sizeof *fa);
    size_t **preds = xcalloc(p->n_actions, sizeof *preds);
    for (size_t i = 0; i < p->n_actions; i++) {
        const struct p_action *a = &p->actions[i];
        preds[i] = xmalloc((a->depends_on.n + 1) * sizeof **preds);
        for (size_t j = 0; j < a->depends_on.n; j++)
            preds[i][j] = (size_t)a->depends_on.v[j];
        fa[i] = (struct fp_action){.start = a->start,
                                   .finish = a->finish,
                                   .reported = DAY_NONE,
                                   .completed_on = a->completed_on,
                                   .pred = preds[i],
                                   .npred = a->depends_on.n};
    }
    size_t *cycle = NULL, ncycle = 0;
    int rc = rule_forward_pass(fa, p->n_actions, &cycle, &ncycle);
    if (rc) {
        struct buf b = BUF_INIT;
        for (size_t i = 0; i < ncycle; i++)
            buf_printf(&b, "%s → ", p->actions[cycle[i]].ref);
        buf_puts(&b, ncycle ? p->actions[cycle[0]].ref : "?");
        char at[160];
        if (ncycle)
            where(&p->actions[cycle[0]], "depends_on", at, sizeof at);
        else
            snprintf(at, sizeof at, "depends_on");
        snprintf(err, errlen, "%s: dependency cycle %s", at, buf_str(&b));
        buf_free(&b);
    }
    free(cycle);
    for (size_t i = 0; i < p->n_actions; i++)
        free(preds[i]);
    free(preds);
    free(fa);
    return rc;
}

static int check_updates(const struct plan *p, char *err, size_t errlen)
{
    for (size_t i = 0; i < p->n_updates; i++) {
        const struct p_update *u = &p->updates[i];
        if (u->confidence >= p->org.scale->nlevels) {
            char m[MONTH_LEN];
            month_format(p->periods[u->period].month, m);
            snprintf(err, errlen, "update %s@%s: confidence: not a level of the %s scale",
                     p->actions[u->action].ref, m, p->org.scale->name);
            return -1;
        }
    }
    return 0;
}

int plan_check(const struct plan *p, char *err, size_t errlen)
{
    if (!p->org.name || !p->org.scale) {
        snprintf(err, errlen, "organisation: is required");
        return -1;
    }
    for (size_t i = 0; i < p->n_recs; i++) {
        if (p->recs[i].review < 0) {
            snprintf(err, errlen, "recommendation %s: has no review", p->recs[i].ref);
            return -1;
        }
    }
    return check_actions(p, err, errlen) || check_cycles(p, err, errlen) ||
                   check_updates(p, err, errlen)
               ? -1
               : 0;
}

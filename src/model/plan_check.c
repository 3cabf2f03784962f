/* plan_check.c — the rules of plan-format.md that span objects, run on the
 * merged plan before anything is stored. */
#include "lib/buf.h"
#include "lib/text.h"
#include "model/limits.h"
#include "model/plan.h"
#include <ctype.h>
#include <string.h>
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

/* Writes "WHERE.FIELD: WHY" into err for a refused field; WHERE is the
 * action's JSON path or CSV line when `a` is set, else "KIND REF".  Returns -1. */
static int refuse(char *err, size_t errlen, const struct p_action *a, const char *kind,
                  const char *ref, const char *field, const char *why)
{
    char at[160];
    struct buf q = BUF_INIT;
    if (a) {
        where(a, field, at, sizeof at);
        snprintf(err, errlen, "%s: %s", at, why);
        return -1;
    }
    text_quote(&q, ref ? ref : "", 64);
    snprintf(err, errlen, "%s %s: %s: %s", kind, buf_str(&q), field, why);
    buf_free(&q);
    return -1;
}

/* One field's check: refuse when `why` is set. */
#define FIELD(a, kind, ref, field, why_expr)                                                       \
    do {                                                                                           \
        const char *why_ = (why_expr);                                                             \
        if (why_)                                                                                  \
            return refuse(err, errlen, (a), (kind), (ref), (field), why_);                         \
    } while (0)

/* Whether two refs of one kind differ only in case ("a52" beside "A52"). */
static int check_refs_case(const char *kind, char **refs, size_t n, char *err, size_t errlen)
{
    struct strmap seen = {0};
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!refs[i])
            continue;
        char *low = xstrdup(refs[i]);
        for (char *c = low; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        size_t j;
        if (strmap_get(&seen, low, &j)) {
            char msg[200];
            snprintf(msg, sizeof msg, "differs from %s %s only in case", kind, refs[j]);
            rc = refuse(err, errlen, NULL, kind, refs[i], "ref", msg);
        } else {
            strmap_set(&seen, low, i);
        }
        free(low);
    }
    strmap_free(&seen);
    return rc;
}

/* Every kind's refs, unique ignoring case. */
static int check_refs(const struct plan *p, char *err, size_t errlen)
{
#define REFS(arr, n, kind)                                                                         \
    do {                                                                                           \
        char **r_ = xcalloc((n) + 1, sizeof *r_);                                                  \
        for (size_t i_ = 0; i_ < (n); i_++)                                                        \
            r_[i_] = (arr)[i_].ref;                                                                \
        int rc_ = check_refs_case(kind, r_, (n), err, errlen);                                     \
        free(r_);                                                                                  \
        if (rc_)                                                                                   \
            return -1;                                                                             \
    } while (0)
    REFS(p->people, p->n_people, "person");
    REFS(p->reviews, p->n_reviews, "review");
    REFS(p->recs, p->n_recs, "recommendation");
    REFS(p->themes, p->n_themes, "theme");
    REFS(p->actions, p->n_actions, "action");
    REFS(p->milestones, p->n_milestones, "milestone");
    REFS(p->measures, p->n_measures, "measure");
#undef REFS
    return 0;
}

/* The rules of model/limits.h on every field of the plan. */
static int check_fields(const struct plan *p, char *err, size_t errlen)
{
    const char *org = p->org.slug ? p->org.slug : "";
    FIELD(NULL, "organisation", org, "name", limits_text(p->org.name, LIMIT_NAME, false));
    if (p->org.timezone)
        FIELD(NULL, "organisation", org, "timezone", limits_timezone(p->org.timezone));
    for (size_t i = 0; i < p->n_people; i++) {
        const struct p_person *x = &p->people[i];
        FIELD(NULL, "person", x->ref, "name", limits_text(x->name, LIMIT_NAME, false));
        FIELD(NULL, "person", x->ref, "role", limits_text(x->role, LIMIT_NAME, false));
    }
    for (size_t i = 0; i < p->n_reviews; i++) {
        const struct p_review *x = &p->reviews[i];
        FIELD(NULL, "review", x->ref, "title", limits_text(x->title, LIMIT_TITLE, false));
        FIELD(NULL, "review", x->ref, "author", limits_text(x->author, LIMIT_NAME, false));
        FIELD(NULL, "review", x->ref, "url", limits_url(x->url));
        FIELD(NULL, "review", x->ref, "published_on", limits_date(x->published_on));
    }
    for (size_t i = 0; i < p->n_recs; i++)
        FIELD(NULL, "recommendation", p->recs[i].ref, "text",
              limits_text(p->recs[i].text, LIMIT_NARRATIVE, true));
    for (size_t i = 0; i < p->n_versions; i++) {
        const struct p_version *x = &p->versions[i];
        char num[24];
        snprintf(num, sizeof num, "%d", x->number);
        FIELD(NULL, "version", num, "title", limits_text(x->title, LIMIT_TITLE, false));
        FIELD(NULL, "version", num, "approval_ref",
              limits_text(x->approval_ref, LIMIT_NAME, false));
        FIELD(NULL, "version", num, "approved_on", limits_date(x->approved_on));
        FIELD(NULL, "version", num, "approved_on", limits_past(x->approved_on));
        FIELD(NULL, "version", num, "signed_off_on", limits_date(x->signed_off_on));
        FIELD(NULL, "version", num, "signed_off_on", limits_past(x->signed_off_on));
        if (x->approved_on != DAY_NONE && x->signed_off_on != DAY_NONE &&
            x->signed_off_on < x->approved_on)
            FIELD(NULL, "version", num, "signed_off_on", "is before approved_on");
    }
    for (size_t i = 0; i < p->n_themes; i++)
        FIELD(NULL, "theme", p->themes[i].ref, "title",
              limits_text(p->themes[i].title, LIMIT_TITLE, false));
    for (size_t i = 0; i < p->n_actions; i++) {
        const struct p_action *a = &p->actions[i];
        FIELD(a, NULL, NULL, "title", limits_text(a->title, LIMIT_TITLE, false));
        FIELD(a, NULL, NULL, "description", limits_text(a->description, LIMIT_NARRATIVE, true));
        FIELD(a, NULL, NULL, "closure_criteria",
              limits_text(a->closure_criteria, LIMIT_NARRATIVE, true));
        FIELD(a, NULL, NULL, "start", limits_date(a->start));
        FIELD(a, NULL, NULL, "finish", limits_date(a->finish));
        FIELD(a, NULL, NULL, "baseline_finish", limits_date(a->baseline_finish));
        FIELD(a, NULL, NULL, "completed_on", limits_date(a->completed_on));
    }
    for (size_t i = 0; i < p->n_milestones; i++) {
        const struct p_milestone *x = &p->milestones[i];
        FIELD(NULL, "milestone", x->ref, "title", limits_text(x->title, LIMIT_TITLE, false));
        FIELD(NULL, "milestone", x->ref, "due", limits_date(x->due));
        FIELD(NULL, "milestone", x->ref, "baseline_due", limits_date(x->baseline_due));
        FIELD(NULL, "milestone", x->ref, "achieved_on", limits_date(x->achieved_on));
    }
    size_t open = 0;
    for (size_t i = 0; i < p->n_periods; i++) {
        const struct p_period *x = &p->periods[i];
        char m[MONTH_LEN];
        month_format(x->month, m);
        FIELD(NULL, "period", m, "signed_off_on", limits_date(x->signed_off_on));
        if (x->status && strcmp(x->status, "open") == 0 && ++open > 1)
            FIELD(NULL, "period", m, "status", "only one period may be open at a time");
    }
    for (size_t i = 0; i < p->n_updates; i++) {
        const struct p_update *u = &p->updates[i];
        const struct p_action *a = &p->actions[u->action];
        char m[MONTH_LEN], at[128];
        month_format(p->periods[u->period].month, m);
        snprintf(at, sizeof at, "%s@%s", a->ref, m);
        FIELD(NULL, "update", at, "narrative", limits_text(u->narrative, LIMIT_NARRATIVE, true));
        FIELD(NULL, "update", at, "percent", limits_percent((int)u->status, u->percent));
        FIELD(NULL, "update", at, "forecast_finish", limits_date(u->forecast_finish));
        if (u->forecast_finish != DAY_NONE && a->start != DAY_NONE && u->forecast_finish < a->start)
            FIELD(NULL, "update", at, "forecast_finish", "is before the action's start");
    }
    for (size_t i = 0; i < p->n_measures; i++) {
        const struct p_measure *x = &p->measures[i];
        FIELD(NULL, "measure", x->ref, "title", limits_text(x->title, LIMIT_TITLE, false));
        FIELD(NULL, "measure", x->ref, "unit", limits_text(x->unit, LIMIT_NAME, false));
        FIELD(NULL, "measure", x->ref, "baseline_date", limits_date(x->baseline_date));
        FIELD(NULL, "measure", x->ref, "target_date", limits_date(x->target_date));
        if (x->has_baseline)
            FIELD(NULL, "measure", x->ref, "baseline", limits_number(x->baseline));
        if (x->has_target)
            FIELD(NULL, "measure", x->ref, "target", limits_number(x->target));
    }
    for (size_t i = 0; i < p->n_values; i++) {
        const char *ref = p->measures[p->values[i].measure].ref;
        FIELD(NULL, "measure value", ref, "date", limits_date(p->values[i].date));
        FIELD(NULL, "measure value", ref, "value", limits_number(p->values[i].value));
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
    return check_actions(p, err, errlen) || check_fields(p, err, errlen) ||
                   check_refs(p, err, errlen) || check_cycles(p, err, errlen) ||
                   check_updates(p, err, errlen)
               ? -1
               : 0;
}

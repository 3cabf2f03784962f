/* plan_public.c — cutting a loaded plan down to its public part (see
 * plan_public.h).  Arrays are compacted in place, keeping their order; the
 * ref maps are rebuilt by plan_reindex() at the end. */
#include "model/plan_public.h"
#include "model/correction.h"
#include "lib/buf.h"
#include "model/schedule.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether a stored state string equals `want` (NULL never does). */
static bool is(const char *s, const char *want)
{
    return s && strcmp(s, want) == 0;
}

/* Keeps the signed-off periods not after the scope's month.  Fills newix
 * (old index → new index, or -1 when removed). */
static void filter_periods(struct plan *p, const struct pub_scope *scope, long *newix)
{
    size_t k = 0;
    for (size_t i = 0; i < p->n_periods; i++) {
        struct p_period *x = &p->periods[i];
        if (!is(x->status, "signed_off") || scope->month < 0 || x->month > scope->month) {
            free(x->status);
            newix[i] = -1;
            continue;
        }
        newix[i] = (long)k;
        p->periods[k++] = *x;
    }
    p->n_periods = k;
}

/* Keeps the accepted updates of the periods kept, renumbering their period. */
static void filter_updates(struct plan *p, const long *newix)
{
    size_t k = 0;
    for (size_t i = 0; i < p->n_updates; i++) {
        struct p_update *x = &p->updates[i];
        long np = x->period >= 0 ? newix[x->period] : -1;
        if (np < 0 || !is(x->state, "accepted")) {
            free(x->state), free(x->narrative);
            continue;
        }
        x->period = np;
        p->updates[k++] = *x;
    }
    p->n_updates = k;
}

/* Keeps the measure values dated up to the scope's end. */
static void filter_values(struct plan *p, const struct pub_scope *scope)
{
    size_t k = 0;
    for (size_t i = 0; i < p->n_values; i++) {
        struct p_value *x = &p->values[i];
        if (scope->end == DAY_NONE || x->date == DAY_NONE || x->date > scope->end)
            continue;
        p->values[k++] = *x;
    }
    p->n_values = k;
}

/* Keeps the public milestones; an achievement after the scope's end is not
 * yet public. */
static void filter_milestones(struct plan *p, const struct pub_scope *scope)
{
    size_t k = 0;
    for (size_t i = 0; i < p->n_milestones; i++) {
        struct p_milestone *x = &p->milestones[i];
        if (!x->public) {
            free(x->ref), free(x->title);
            continue;
        }
        if (x->achieved_on != DAY_NONE && (scope->end == DAY_NONE || x->achieved_on > scope->end))
            x->achieved_on = DAY_NONE;
        p->milestones[k++] = *x;
    }
    p->n_milestones = k;
}

/* Keeps the plan versions cabinet has approved (approved, signed off,
 * superseded): a draft or submitted version is not yet public. */
static void filter_versions(struct plan *p)
{
    size_t k = 0;
    for (size_t i = 0; i < p->n_versions; i++) {
        struct p_version *x = &p->versions[i];
        if (is(x->status, "draft") || is(x->status, "submitted") || !x->status) {
            free(x->title), free(x->status), free(x->approval_ref);
            continue;
        }
        p->versions[k++] = *x;
    }
    p->n_versions = k;
}

/* Gives each action its public status at the scope (schedule_public_status,
 * as every public page does), never the live row's: the row may hold what an
 * update accepted in a month not yet signed off reported, or a closure dated
 * after the month.  Runs after filter_updates, so only public updates count. */
static void filter_action_status(struct plan *p, const struct pub_scope *scope)
{
    long *latest = xmalloc((p->n_actions + 1) * sizeof *latest);
    for (size_t i = 0; i < p->n_actions; i++)
        latest[i] = -1;
    for (size_t i = 0; i < p->n_updates; i++) {
        const struct p_update *u = &p->updates[i];
        if (u->action < 0 || (size_t)u->action >= p->n_actions)
            continue;
        long *l = &latest[u->action];
        if (*l < 0 || p->periods[u->period].month > p->periods[p->updates[*l].period].month)
            *l = (long)i;
    }
    for (size_t i = 0; i < p->n_actions; i++) {
        struct p_action *a = &p->actions[i];
        const struct p_update *u = latest[i] >= 0 ? &p->updates[latest[i]] : NULL;
        day_t done;
        a->status = schedule_public_status(a->status, a->completed_on, scope->end,
                                           u ? (int)u->status : -1, &done);
        a->completed_on = action_completed_on(a->status, a->completed_on);
    }
    free(latest);
}

void plan_public_filter(struct plan *p, const struct pub_scope *scope)
{
    long *newix = xmalloc((p->n_periods + 1) * sizeof *newix);
    filter_periods(p, scope, newix);
    filter_updates(p, newix);
    free(newix);
    filter_action_status(p, scope);
    filter_values(p, scope);
    filter_milestones(p, scope);
    filter_versions(p);
    plan_reindex(p);
}

/* Attaches to the public updates of p the corrections c (n of them) as
 * p->update_notes; nothing when n is 0. */
static void attach_corrections(struct plan *p, const struct correction *c, size_t n)
{
    if (n == 0 || p->n_updates == 0)
        return;
    p->update_notes = xcalloc(p->n_updates, sizeof *p->update_notes);
    for (size_t i = 0; i < p->n_updates; i++) {
        struct buf note = BUF_INIT;
        for (size_t k = 0; k < n; k++) {
            if (c[k].update_id != p->updates[i].id)
                continue;
            if (note.len)
                buf_putc(&note, '\n');
            correction_note(p->org.scale, &c[k], &note);
        }
        p->update_notes[i] = note.len ? buf_detach(&note) : NULL;
        buf_free(&note);
    }
}

int plan_public_load(struct db *db, const struct pub_scope *scope, struct plan *p)
{
    bool own = sqlite3_get_autocommit(db->h) != 0; /* else the caller's snapshot */
    struct correction *c = NULL;
    int64_t *cids = NULL;
    size_t nc = 0;
    if (own && db_exec(db, "BEGIN"))
        return -1;
    int rc = plan_load(db, p);
    if (rc == 0)
        rc = correction_list_all(db, &c, &cids, &nc);
    if (own) {
        if (rc == 0 && db_exec(db, "COMMIT"))
            rc = -1;
        if (rc != 0)
            db_rollback(db);
    }
    if (rc == 0) {
        plan_public_filter(p, scope);
        attach_corrections(p, c, nc);
    }
    correction_list_free(c, nc);
    free(cids);
    return rc;
}

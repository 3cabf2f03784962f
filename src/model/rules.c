/* rules.c — the rules of DESIGN.md ("Rules"): overdue, slip, the forward pass
 * and its impact, measure status and confidence movement.
 *
 * Pure functions over plain structs; nothing here knows about SQLite or HTTP.
 * Day arithmetic is done in 64 bits and asserted back into day_t, so a corrupt
 * date trips an assertion instead of silently wrapping (real dates, years
 * 1000-9999, are millions of days away from the limits). */
#include "model/rules.h"
#include "lib/buf.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Narrows a 64-bit day count back to day_t; asserts that it fits and is not
 * DAY_NONE (which would turn a date into "no date"). */
static day_t day_narrow(int64_t d)
{
    assert(d > (int64_t)DAY_NONE && d <= (int64_t)INT32_MAX);
    return (day_t)d;
}

/* Returns the later of two days. */
static day_t day_max(day_t a, day_t b)
{
    return a > b ? a : b;
}

/* Overdue on `on`: not complete or retired, and planned finish < on.  An action
 * with no planned finish (or a DAY_NONE `on`) is never overdue: DAY_NONE is
 * INT32_MIN and would otherwise compare as the earliest date of all. */
bool rule_overdue(enum action_status status, day_t finish, day_t on)
{
    if (status == ST_COMPLETE || status == ST_RETIRED)
        return false;
    if (finish == DAY_NONE || on == DAY_NONE)
        return false;
    return finish < on;
}

/* Status at D.  Each branch is one clause of DESIGN.md in its order: a
 * retirement reaches the plan only through a signed-off version, completion
 * only with its own date, and an update or the creating record count only
 * from when they were made. */
enum action_status rule_status_at(const struct status_facts *f, day_t on, day_t *done)
{
    *done = DAY_NONE;
    if (f->retired_on != DAY_NONE && on != DAY_NONE && f->retired_on <= on)
        return ST_RETIRED;
    if (f->completed_on != DAY_NONE && on != DAY_NONE && f->completed_on <= on) {
        *done = f->completed_on;
        return ST_COMPLETE;
    }
    int st = f->upd_status;
    if (st < 0 || st >= ST__MAX) {
        bool made = f->created_on != DAY_NONE && on != DAY_NONE && f->created_on <= on;
        st = made && f->created_status >= 0 && f->created_status < ST__MAX ? f->created_status
                                                                           : ST_NOT_STARTED;
    }
    return st == ST_COMPLETE ? ST_IN_PROGRESS : (enum action_status)st;
}

/* Slip in days, forecast − baseline (positive = late); 0 if either is unset. */
int rule_slip(day_t forecast, day_t baseline)
{
    if (forecast == DAY_NONE || baseline == DAY_NONE)
        return 0;
    int64_t d = (int64_t)forecast - baseline;
    assert(d >= INT32_MIN && d <= INT32_MAX);
    return (int)d;
}

/* Computes ES and FF of one action whose predecessors all have their FF.
 * Start and finish are required (import refuses an action without them). */
static void fp_compute(struct fp_action *a, struct fp_action *x)
{
    assert(x->start != DAY_NONE && x->finish != DAY_NONE);
    int64_t es = x->start;
    for (size_t k = 0; k < x->npred; k++) {
        int64_t after = (int64_t)a[x->pred[k]].ff + 1;
        if (after > es)
            es = after;
    }
    x->es = day_narrow(es);
    if (x->completed_on != DAY_NONE) {
        x->ff = x->completed_on;
        return;
    }
    day_t r = x->reported != DAY_NONE ? x->reported : x->finish;
    int64_t d = (int64_t)x->finish - x->start;
    x->ff = day_max(r, day_narrow(es + d));
}

/* Finds one cycle among the actions left over by Kahn's algorithm (those with
 * indeg[v] > 0).  Every leftover action has at least one leftover predecessor —
 * that is why its in-degree never reached 0 — so a depth-first walk that always
 * steps to such a predecessor never needs to backtrack and must revisit an
 * action within n steps; the walk from that action back to itself is a cycle.
 * The walk runs against the dependencies (each step goes to what the current
 * one depends on), so it is reversed into dependency order, then rotated to
 * start at its smallest index so that the named cycle is deterministic.
 * Returns a malloc'd array (caller frees) and its length in *len. */
static size_t *fp_find_cycle(const struct fp_action *a, size_t n, const size_t *indeg, size_t *len)
{
    size_t *pos = xmalloc(n * sizeof *pos); /* place of an action on the walk */
    size_t *path = xmalloc(n * sizeof *path);
    for (size_t i = 0; i < n; i++)
        pos[i] = SIZE_MAX;
    size_t v = 0;
    while (v < n && indeg[v] == 0)
        v++;
    assert(v < n);
    size_t depth = 0;
    while (pos[v] == SIZE_MAX) {
        pos[v] = depth;
        path[depth++] = v;
        size_t next = SIZE_MAX;
        for (size_t k = 0; k < a[v].npred && next == SIZE_MAX; k++)
            if (indeg[a[v].pred[k]] > 0)
                next = a[v].pred[k];
        assert(next != SIZE_MAX);
        v = next;
    }
    /* path[pos[v]] .. path[depth-1] is the cycle, each depending on the next. */
    size_t first = pos[v], m = depth - first;
    size_t *cycle = xmalloc(m * sizeof *cycle);
    size_t low = 0;
    for (size_t i = 0; i < m; i++) {
        cycle[i] = path[depth - 1 - i];
        if (cycle[i] < cycle[low])
            low = i;
    }
    for (size_t i = 0; i < m; i++)
        path[i] = cycle[(low + i) % m];
    memcpy(cycle, path, m * sizeof *cycle);
    free(pos);
    free(path);
    *len = m;
    return cycle;
}

/* Forward pass in dependency order by Kahn's algorithm: O(n + edges).  The
 * successor lists are built once in compressed form (offsets into one array).
 * On a cycle the actions that could not be reached get es = ff = DAY_NONE, and
 * one cycle is returned through `cycle` if asked for (caller frees *cycle). */
static int fp_run(struct fp_action *a, size_t n, size_t **cycle, size_t *ncycle, size_t **order);

int rule_forward_pass(struct fp_action *a, size_t n, size_t **cycle, size_t *ncycle)
{
    return fp_run(a, n, cycle, ncycle, NULL);
}

/* The pass itself; on success, when `order` is not NULL, *order gets the
 * actions in the order computed (a topological order; caller frees). */
static int fp_run(struct fp_action *a, size_t n, size_t **cycle, size_t *ncycle, size_t **order)
{
    assert(a || n == 0);
    assert(!cycle || ncycle);
    size_t *indeg = xcalloc(n, sizeof *indeg);
    size_t *off = xcalloc(n + 1, sizeof *off); /* successors of v: succ[off[v]..off[v+1]) */
    size_t edges = 0;
    for (size_t v = 0; v < n; v++) {
        assert(a[v].pred || a[v].npred == 0);
        for (size_t k = 0; k < a[v].npred; k++) {
            size_t p = a[v].pred[k];
            assert(p < n); /* a bad index is a caller's bug, not bad input */
            off[p + 1]++;
        }
        indeg[v] = a[v].npred;
        edges += a[v].npred;
    }
    for (size_t v = 0; v < n; v++)
        off[v + 1] += off[v];
    size_t *succ = xmalloc(edges * sizeof *succ);
    size_t *fill = xmalloc((n + 1) * sizeof *fill);
    memcpy(fill, off, (n + 1) * sizeof *fill);
    for (size_t v = 0; v < n; v++)
        for (size_t k = 0; k < a[v].npred; k++)
            succ[fill[a[v].pred[k]]++] = v;
    free(fill);

    /* queue[head..tail) waits to be computed; queue[0..head) is done, in order. */
    size_t *queue = xmalloc(n * sizeof *queue);
    size_t head = 0, tail = 0;
    for (size_t v = 0; v < n; v++)
        if (indeg[v] == 0)
            queue[tail++] = v;
    while (head < tail) {
        size_t v = queue[head++];
        fp_compute(a, &a[v]);
        for (size_t e = off[v]; e < off[v + 1]; e++)
            if (--indeg[succ[e]] == 0)
                queue[tail++] = succ[e];
    }

    int rc = 0;
    if (head < n) {
        rc = -1;
        for (size_t v = 0; v < n; v++)
            if (indeg[v] > 0)
                a[v].es = a[v].ff = DAY_NONE;
        if (cycle)
            *cycle = fp_find_cycle(a, n, indeg, ncycle);
    }
    if (rc == 0 && order) {
        *order = queue;
        queue = NULL;
    }
    free(queue);
    free(succ);
    free(off);
    free(indeg);
    return rc;
}

/* A milestone moves with its action's lateness, never earlier than its due
 * date.  DAY_NONE if the milestone itself has no due date. */
day_t rule_milestone_forecast(day_t due, day_t x_ff, day_t x_finish)
{
    if (due == DAY_NONE || x_ff == DAY_NONE || x_finish == DAY_NONE)
        return due;
    int64_t late = (int64_t)x_ff - x_finish;
    return late > 0 ? day_narrow(due + late) : due;
}

/* The forecast of milestone `m` given the actions' current pass. */
static day_t ms_forecast(const struct fp_action *a, size_t n, const struct fp_milestone *m)
{
    if (m->action == SIZE_MAX)
        return m->due;
    assert(m->action < n);
    return rule_milestone_forecast(m->due, a[m->action].ff, a[m->action].finish);
}

/* qsort order of moves: by `to`, then actions before milestones, then index. */
static int move_cmp(const void *pa, const void *pb)
{
    const struct impact_move *x = pa, *y = pb;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    if (x->is_milestone != y->is_milestone)
        return x->is_milestone ? 1 : -1;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    return 0;
}

/* Impact of slipping `target` by `slip` days, as DESIGN.md states it: set the
 * target's reported forecast to FF(target) + slip and run the same pass again.
 * A complete action keeps FF = completed_on, so a finished action does not
 * move (it cannot slip any more), and because FF = max(R, ES + D) a negative
 * slip moves the target earlier only as far as ES + D, as for any early
 * reported forecast.  The target's reported forecast is restored before
 * returning; its
 * es/ff and everyone else's hold the slipped pass.  Callers bound |slip| (a
 * slip past the representable dates is asserted).  *moves is malloc'd even
 * when *nmoves is 0; the caller frees it. */
int rule_impact(struct fp_action *a, size_t n, const struct fp_milestone *m, size_t nm,
                size_t target, int slip, struct impact_move **moves, size_t *nmoves)
{
    assert(target < n && moves && nmoves && (m || nm == 0));
    size_t *order = NULL;
    if (fp_run(a, n, NULL, NULL, &order) != 0)
        return -1;
    day_t *before = xmalloc((n + nm) * sizeof *before);
    for (size_t i = 0; i < n; i++)
        before[i] = a[i].ff;
    for (size_t j = 0; j < nm; j++)
        before[n + j] = ms_forecast(a, n, &m[j]);

    day_t saved_reported = a[target].reported;
    a[target].reported = day_narrow((int64_t)a[target].ff + slip);
    /* The pass again, in the first pass's order, recomputing only the target
     * and the actions with a predecessor whose FF moved: every other action
     * would be computed from the same inputs to the same dates, so the result
     * is the whole pass's, without its cost on a large plan. */
    bool *moved = xcalloc(n, sizeof *moved);
    size_t k = 0;
    while (order[k] != target)
        k++;
    for (; k < n; k++) {
        size_t v = order[k];
        bool redo = v == target;
        for (size_t p = 0; p < a[v].npred && !redo; p++)
            redo = moved[a[v].pred[p]];
        if (!redo)
            continue;
        day_t old = a[v].ff;
        fp_compute(a, &a[v]);
        moved[v] = a[v].ff != old;
    }
    free(moved);
    free(order);
    a[target].reported = saved_reported;

    struct impact_move *out = xmalloc((n + nm) * sizeof *out);
    k = 0;
    for (size_t i = 0; i < n + nm; i++) {
        bool is_ms = i >= n;
        day_t to = is_ms ? ms_forecast(a, n, &m[i - n]) : a[i].ff;
        if (to == before[i])
            continue;
        out[k].is_milestone = is_ms;
        out[k].index = is_ms ? i - n : i;
        out[k].from = before[i];
        out[k].to = to;
        out[k].days = rule_slip(to, before[i]);
        k++;
    }
    qsort(out, k, sizeof *out, move_cmp);
    free(before);
    *moves = out;
    *nmoves = k;
    return 0;
}

/* Absolute value without libm. */
static double dabs(double x)
{
    return x < 0 ? -x : x;
}

/* Measure status.  The near test is miss × 100 ≤ tolerance × |target − baseline|
 * (no division), with a relative slack of 1e-9 so that a value exactly on the
 * tolerance boundary in decimal (1.0 against 1.1, baseline 0.1, ± 10 %) is near
 * despite binary rounding; with tolerance 0 the slack is 0 too, so any miss is
 * off.  A negative tolerance counts as 0; a NaN value counts as no data. */
enum measure_state rule_measure_status(bool up_is_better, double baseline, double target,
                                       double tolerance_pct, bool has_value, double latest)
{
    if (!has_value || latest != latest)
        return MS_NO_DATA;
    double miss = up_is_better ? target - latest : latest - target;
    if (miss <= 0)
        return MS_ON_TARGET;
    double tol = tolerance_pct > 0 ? tolerance_pct : 0;
    double lhs = miss * 100.0, rhs = tol * dabs(target - baseline);
    double big = lhs > rhs ? lhs : rhs;
    return lhs <= rhs + big * 1e-9 && rhs > 0 ? MS_NEAR : MS_OFF;
}

/* Movement of confidence level (0 = best, -1 = none): missing beats new. */
enum movement rule_movement(int previous, int current)
{
    if (current < 0)
        return MV_MISSING;
    if (previous < 0)
        return MV_NEW;
    if (current < previous)
        return MV_IMPROVED;
    if (current > previous)
        return MV_DECLINED;
    return MV_UNCHANGED;
}

/* Output names, indexed by the enums; the spellings of plan-format.md. */
static const char *const status_names[ST__MAX] = {
    [ST_NOT_STARTED] = "not_started", [ST_IN_PROGRESS] = "in_progress", [ST_COMPLETE] = "complete",
    [ST_BLOCKED] = "blocked",         [ST_RETIRED] = "retired",
};

static const char *const measure_names[] = {
    [MS_ON_TARGET] = "on_target",
    [MS_NEAR] = "near",
    [MS_OFF] = "off",
    [MS_NO_DATA] = "no_data",
};

static const char *const movement_names[] = {
    [MV_IMPROVED] = "improved", [MV_DECLINED] = "declined", [MV_UNCHANGED] = "unchanged",
    [MV_NEW] = "new",           [MV_MISSING] = "missing",
};

#define NAMES_LEN(t) (sizeof(t) / sizeof((t)[0]))

/* Static name of an action status; "unknown" (and an assertion) if out of range. */
const char *action_status_name(enum action_status s)
{
    assert((size_t)s < NAMES_LEN(status_names));
    return (size_t)s < NAMES_LEN(status_names) ? status_names[s] : "unknown";
}

/* The status named `s`, as an int so that -1 can say "unknown" (also for NULL). */
int action_status_parse(const char *s)
{
    if (!s)
        return -1;
    for (size_t i = 0; i < NAMES_LEN(status_names); i++)
        if (strcmp(s, status_names[i]) == 0)
            return (int)i;
    return -1;
}

enum action_status action_status_of_row(const char *s)
{
    int st = action_status_parse(s);
    return st < 0 ? ST_NOT_STARTED : (enum action_status)st;
}

day_t action_completed_on(enum action_status s, day_t completed_on)
{
    return s == ST_COMPLETE ? completed_on : DAY_NONE;
}

/* Static name of a measure state; "unknown" (and an assertion) if out of range. */
const char *measure_state_name(enum measure_state s)
{
    assert((size_t)s < NAMES_LEN(measure_names));
    return (size_t)s < NAMES_LEN(measure_names) ? measure_names[s] : "unknown";
}

/* Static name of a movement; "unknown" (and an assertion) if out of range. */
const char *movement_name(enum movement mv)
{
    assert((size_t)mv < NAMES_LEN(movement_names));
    return (size_t)mv < NAMES_LEN(movement_names) ? movement_names[mv] : "unknown";
}

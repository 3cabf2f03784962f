/* overview_select.c — finding, filtering and paging the actions of an
 * overview (overview.h).  Pure functions over the overview's arrays: the
 * loading and caching live in overview.c. */
#include "model/overview.h"
#include "lib/natcmp.h"
#include <stdio.h>
#include <stddef.h>
#include <string.h>

long overview_find_action(const struct overview *ov, const char *ref)
{
    return natfind(ov->actions, ov->nactions, sizeof *ov->actions,
                   offsetof(struct overview_action, ref), ref);
}

long overview_find_theme(const struct overview *ov, const char *ref)
{
    for (size_t i = 0; ref && i < ov->nthemes; i++)
        if (strcmp(ov->themes[i].ref, ref) == 0)
            return (long)i;
    return -1;
}

long overview_find_person(const struct overview *ov, const char *ref)
{
    return natfind(ov->people, ov->npeople, sizeof *ov->people,
                   offsetof(struct overview_person, ref), ref);
}

size_t overview_after(const struct overview *ov, const char *ref)
{
    size_t lo = 0, hi = ov->nactions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (natcmp(ov->actions[mid].ref, ref) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

day_t overview_overdue_on(const struct pub_scope *scope)
{
    return scope && scope->month >= 0 ? scope->end : date_today();
}

bool overview_overdue(const struct overview *ov, size_t i, day_t on)
{
    return rule_overdue(ov->state[i].status, ov->actions[i].finish, on);
}

bool overview_slip(const struct overview *ov, size_t i, int *days)
{
    *days = 0;
    if (ov->actions[i].baseline_finish == DAY_NONE)
        return false;
    *days = rule_slip(ov->state[i].forecast, ov->actions[i].baseline_finish);
    return true;
}

/* Whether a query value is absent (NULL or ""). */
static bool unset(const char *v)
{
    return !v || !*v;
}

const char *overview_filter_parse(const struct overview *ov, const char *theme, const char *owner,
                                  const char *status, const char *confidence, const char *overdue,
                                  day_t on, struct overview_filter *f, char *why, size_t whylen)
{
    *f = (struct overview_filter){-1, -1, -1, OVERVIEW_ANY, false, on};
    if (!unset(theme) && (f->theme = overview_find_theme(ov, theme)) < 0) {
        snprintf(why, whylen, "theme: there is no theme with the reference given");
        return "theme";
    }
    if (!unset(owner) && (f->owner = overview_find_person(ov, owner)) < 0) {
        snprintf(why, whylen, "owner: there is no person with the reference given");
        return "owner";
    }
    if (!unset(status) && (f->status = action_status_parse(status)) < 0) {
        snprintf(why, whylen,
                 "status: expected one of not_started, in_progress, complete, "
                 "blocked, retired");
        return "status";
    }
    if (!unset(confidence)) {
        if (strcmp(confidence, OVERVIEW_UNRATED_KEY) == 0) {
            f->level = OVERVIEW_UNRATED;
        } else if ((f->level = scale_level(ov->scale, confidence)) < 0) {
            char levels[160];
            scale_describe(ov->scale, levels, sizeof levels);
            snprintf(why, whylen, "confidence: expected one of %s, " OVERVIEW_UNRATED_KEY, levels);
            return "confidence";
        }
    }
    if (!unset(overdue)) {
        if (strcmp(overdue, "1") == 0 || strcmp(overdue, "true") == 0) {
            f->overdue = true;
        } else if (strcmp(overdue, "0") != 0 && strcmp(overdue, "false") != 0) {
            snprintf(why, whylen, "overdue: expected 1 or 0 (true or false)");
            return "overdue";
        }
    }
    return NULL;
}

bool overview_match(const struct overview *ov, size_t i, const struct overview_filter *f)
{
    const struct overview_action *a = &ov->actions[i];
    if (f->theme >= 0 && a->theme != (size_t)f->theme)
        return false;
    if (f->owner >= 0 && a->owner != f->owner)
        return false;
    if (f->status >= 0 && ov->state[i].status != (enum action_status)f->status)
        return false;
    if (f->level != OVERVIEW_ANY && ov->state[i].level != f->level)
        return false;
    return !f->overdue || overview_overdue(ov, i, f->on);
}

void overview_select(const struct overview *ov, const struct overview_filter *f, bool plan_order,
                     size_t from, size_t offset, size_t limit, size_t *rows, size_t *nrows,
                     size_t *total)
{
    size_t seen = 0;
    *nrows = 0;
    if (plan_order && f->owner < 0 && f->status < 0 && f->level == OVERVIEW_ANY && !f->overdue) {
        /* the whole plan or one theme: a range of plan_order, nothing to test */
        size_t lo = f->theme >= 0 ? ov->theme_start[f->theme] : 0;
        size_t hi = f->theme >= 0 ? ov->theme_start[f->theme + 1] : ov->nactions;
        for (size_t k = lo + offset; k < hi && *nrows < limit; k++)
            rows[(*nrows)++] = ov->plan_order[k];
        if (total)
            *total = hi - lo;
        return;
    }
    for (size_t k = plan_order ? 0 : from; k < ov->nactions; k++) {
        size_t i = plan_order ? ov->plan_order[k] : k;
        if (!overview_match(ov, i, f))
            continue;
        if (seen >= offset && *nrows < limit)
            rows[(*nrows)++] = i;
        seen++;
        if (!total && *nrows == limit)
            break;
    }
    if (total)
        *total = seen;
}

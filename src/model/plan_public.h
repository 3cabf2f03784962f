/* plan_public.h — the public regime as a plan: what the open-data downloads
 * (/data/plan.json and the CSVs) are written from.
 *
 * plan_load() reads everything, drafts included; plan_public_filter() then
 * cuts the plan down to what the public may see at a scope (pub_scope.h), so
 * the ordinary writers (plan_json_text, plan_write_csv) produce the public
 * downloads and the result still re-imports with `dialturn import`. */
#ifndef DIALTURN_PLAN_PUBLIC_H
#define DIALTURN_PLAN_PUBLIC_H
#include "model/plan.h"
#include "model/pub_scope.h"

/* Removes from p, in place:
 *   - every period that is not signed off or whose month is after scope->month;
 *   - every update that is not accepted, or whose period was removed;
 *   - every measure value dated after scope->end;
 *   - every milestone that is not public, and the achievement (achieved_on)
 *     of a milestone achieved after scope->end;
 *   - every plan version not yet approved (status draft or submitted).
 * Keeps the rest (organisation, people, reviews and recommendations, themes,
 * actions, measures).  Indices between the remaining objects (an update's
 * period) are renumbered and the ref maps rebuilt, so p stays a consistent
 * plan.  Removed objects' memory is freed; p is still freed by plan_free(). */
void plan_public_filter(struct plan *p, const struct pub_scope *scope);

/* Loads the whole plan (plan_load, in one read snapshot) into p, which must
 * be zeroed, and filters it with plan_public_filter.  Returns 0, or -1 with
 * db->err set; either way the caller frees p with plan_free(). */
int plan_public_load(struct db *db, const struct pub_scope *scope, struct plan *p);

#endif

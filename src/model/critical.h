/* critical.h — the critical path of the plan and of each theme, and the
 * impact of a slip in the order people read it: the forward pass of rules.h
 * applied to a whole plan, shared by the command line (cmd_status.c) and the
 * public site and API (page_impact.c), so that both give the same figures
 * from one code path.
 *
 * The critical path, exactly.  After a successful rule_forward_pass():
 *   - the END of a set of actions is the one with the latest forecast finish
 *     FF (ties: the first ref in natural order, A2 before A10);
 *   - action B's DRIVER is the predecessor A with FF(A) + 1 = ES(B) (ties: the
 *     first ref in natural order), provided B is not complete and its finish
 *     was set by its start, FF(B) = ES(B) + (F(B) − S(B)), rather than by a
 *     later reported forecast alone; otherwise B has no driver;
 *   - the critical path is the chain from the end back through each action's
 *     driver until an action has none, listed first to last.
 * Every action on it has zero slack: slipping any one that is not complete by
 * N >= 1 days (rule_impact) moves the end's forecast by exactly N days.  The
 * chain may cross themes: a theme's path ends at the theme's latest finish
 * but starts wherever the work that drives it starts.
 *
 * Ownership: critical_path() allocates out->chain; critical_path_free()
 * releases it.  impact_sorted() allocates *moves; the caller frees it. */
#ifndef DIALTURN_CRITICAL_H
#define DIALTURN_CRITICAL_H
#include "model/rules.h"
#include <stddef.h>

struct critical_path {
    size_t *chain; /* action indices, first to end; owned; NULL when n == 0 */
    size_t n;      /* 0 when the set has no action */
};

/* The critical path (above) of the actions i with group[i] == want, or, when
 * want < 0, of every action with group[i] >= 0 (a caller leaves out retired
 * actions with a negative group).  `a` holds a successful forward pass;
 * refs[i] is action i's ref (for ties).  O(n + dependencies). */
void critical_path(const struct fp_action *a, size_t n, const char *const *refs, const long *group,
                   long want, struct critical_path *out);

/* Frees out->chain and zeroes *out.  NULL is allowed. */
void critical_path_free(struct critical_path *p);

/* rule_impact(), then its moves ordered as plan-format.md says for `dialturn
 * impact --json`: by new date, then by ref in natural order, an action before
 * a milestone of the same ref.  aref[i] / mref[j] name action i / milestone j.
 * Returns what rule_impact returns (-1 on a dependency cycle). */
int impact_sorted(struct fp_action *a, size_t n, const struct fp_milestone *m, size_t nm,
                  const char *const *aref, const char *const *mref, size_t target, int slip,
                  struct impact_move **moves, size_t *nmoves);

#endif

/* pub_critical.h — the impact of a slip and the critical path as the public
 * record has them at a scope: the overview's own forward pass (overview.h,
 * public updates of signed-off months only) fed to the rules of critical.h,
 * the same functions `dialturn impact` runs, and the PUBLIC milestones only
 * (pub_data.h: a milestone not marked public never appears).
 *
 * Ownership: pub_impact_load() and pub_critical_load() allocate what their
 * struct says is owned; the *_free() functions release it.  `ms` belongs to
 * the memo or the calling thread (pub_milestones_get) and the overview to its
 * cache: both stay valid for the request. */
#ifndef DIALTURN_PUB_CRITICAL_H
#define DIALTURN_PUB_CRITICAL_H
#include "model/critical.h"
#include "model/overview.h"
#include "model/pub_data.h"

struct pub_impact {
    struct impact_move *moves; /* owned; action index = into ov->actions, milestone
                                  index = into ms->v; ordered as critical.h says */
    size_t n;
    const struct pub_milestones *ms; /* not owned */
};

/* The impact of slipping action `target` of overview `ov` (at `scope`) by
 * `slip` days.  Returns 0, or -1 with the reason in db->err (a dependency
 * cycle, which import refuses, is reported there too). */
int pub_impact_load(struct db *db, const struct pub_scope *scope, const struct overview *ov,
                    size_t target, int slip, struct pub_impact *out);
void pub_impact_free(struct pub_impact *p);

struct pub_critical {
    day_t *es;                    /* per action of ov: earliest start; owned */
    day_t *ff;                    /* per action: forecast finish; owned */
    bool *on_path;                /* per action: on the plan's critical path; owned */
    struct critical_path plan;    /* of every action not retired */
    struct critical_path *themes; /* per theme of ov, same index; owned */
    size_t nthemes;
    const struct pub_milestones *ms; /* not owned */
};

/* The critical path of the plan and of each theme at `scope`; retired actions
 * are part of none.  Returns 0, or -1 with the reason in db->err. */
int pub_critical_load(struct db *db, const struct pub_scope *scope, const struct overview *ov,
                      struct pub_critical *out);
void pub_critical_free(struct pub_critical *p);

#endif

/* page_plan.c — GET /: the improvement plan, theme by theme. */
#include "model/overview.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>

/* Loads the overview from the worker's database and renders it.  Returns 0,
 * or -1 with the model's reason in r->err (the dispatcher answers 500). */
int page_plan(struct req *r)
{
    struct overview ov;
    if (overview_load(r->db, &ov) != 0) {
        snprintf(r->err, sizeof r->err, "%s", r->db->err);
        return -1;
    }
    view_plan(&r->out, &WEB_SITE(r->cfg), &ov);
    overview_free(&ov);
    return 0;
}

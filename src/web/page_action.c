/* page_action.c — GET /actions/{ref}: one action as the public sees it at
 * the requested month (?as_at), with its rating history. */
#include "lib/text.h"
#include "model/overview.h"
#include "model/history.h"
#include "model/pub_action.h"
#include "model/pub_assurance.h"
#include "model/engagement.h"
#include "web/engagement.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>

/* Resolves the month, finds the action in the overview (404 with a pointer
 * to the plan when there is none), loads its details and renders.  Returns
 * 0, or -1 with the model's reason in r->err. */
static int action_body(struct req *r)
{
    struct pub_scope scope;
    const struct overview *ov;
    struct pub_action_detail a;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (overview_get(r->db, scope.month, &ov))
        goto failed;
    const char *ref = req_param(r, "ref");
    long i = overview_find_action(ov, ref);
    if (i < 0) {
        char why[240];
        snprintf(why, sizeof why,
                 "There is no action %s in the improvement plan. The plan "
                 "page lists every action, and can be filtered by theme.",
                 ref_valid(ref) ? TEXT_CLIP(ref, 64) : "with that reference");
        req_error(r, 404, why);
        return 0;
    }
    if (pub_action_load(r->db, ov, (size_t)i, &a))
        goto failed;
    /* the "History" section: the public variant of the ledger's record */
    struct history record;
    int found = history_load(r->db, ref, &scope, &record);
    if (found < 0) {
        pub_action_free(&a);
        goto failed;
    }
    struct view_site site = WEB_SITE_R(r);
    site.scope = &scope;
    site.path = r->path;
    struct pub_assurance panel;
    if (pub_assurance_load(r->db, &scope, ov->scale, &panel)) {
        pub_action_free(&a);
        if (found)
            history_free(&record);
        goto failed;
    }
    /* the public feedback that led to the action, as far as the month's record
     * (its seal and its last day) holds its response */
    struct eng_data eng;
    if (engagement_load(r->db, true, &eng)) {
        pub_assurance_free(&panel);
        pub_action_free(&a);
        if (found)
            history_free(&record);
        goto failed;
    }
    char last_day[DATE_LEN] = "";
    if (scope.end != DAY_NONE)
        date_format(scope.end, last_day);
    engagement_for_action(&eng, ov->actions[i].ref, scope.head.seq, last_day);
    view_action(&r->out, &site, ov, &a, overview_overdue_on(&scope), found ? &record : NULL,
                pub_assurance_find(&panel, true, ov->actions[i].ref), &eng);
    engagement_free(&eng);
    pub_assurance_free(&panel);
    pub_action_free(&a);
    if (found)
        history_free(&record);
    return 0;
failed:
    return req_model_error(r);
}

int page_action(struct req *r)
{
    return page_read(r, action_body);
}

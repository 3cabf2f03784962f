/* page_history.c — an action's history from the ledger: the workspace's
 * full page (readers of restricted material and the action's owner) and the
 * public "History" section of the action page (model/history.h decides what
 * the public variant holds). */
#include "model/history.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>
#include <string.h>

/* Whether the signed-in reader may read the full history of an action whose
 * owner is person `owner`: with CAP_READ_RESTRICTED, or as its owner.  The
 * route requires CAP_READ_HISTORY, held by exactly the roles that can pass
 * this (those with CAP_READ_RESTRICTED, and owners), so the permission map
 * tells the truth and this adds only the ownership of the action. */
static bool may_read_full(const struct req *r, int64_t owner)
{
    return r->user && (role_has(r->user->role, CAP_READ_RESTRICTED) ||
                       (r->user->person_id && r->user->person_id == owner));
}

static int history_body(struct req *r)
{
    const char *ref = req_param(r, "ref");
    struct history h;
    int found = history_load(r->db, ref, NULL, &h);
    if (found < 0)
        return req_model_error(r);
    if (!found) {
        req_error(r, 404,
                  "There is no action with that reference. The plan page lists every "
                  "action.");
        return 0;
    }
    if (!may_read_full(r, h.owner_person_id)) {
        char why[512];
        snprintf(why, sizeof why,
                 "You are signed in as %s, whose role (%s) does not allow you to read restricted "
                 "material, and action %s is not yours. The full history of an action, with its "
                 "drafts and reviews, is for its owner and for the programme office, the "
                 "executive, the panel and its secretariat; its public history is on the "
                 "action's page.",
                 r->user->username, role_label(r->user->role), h.ref);
        history_free(&h);
        req_error(r, 403, why);
        return 0;
    }
    struct view_site site = WEB_SITE_R(r);
    site.path = r->path;
    r->content_type = CT_HTML;
    view_history(&r->out, &site, &h);
    history_free(&h);
    return 0;
}

int page_history(struct req *r)
{
    return page_read(r, history_body);
}

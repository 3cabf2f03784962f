/* page_closure.c — an owner proposes closing an action; the programme office
 * (and the panel, where it leads) decides. */
#include "lib/text.h"
#include "lib/html.h"
#include "model/cycle.h"
#include "model/cycle_list.h"
#include "model/document.h"
#include "web/page_cycle.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Renders the closure page of the action in the path with `status`: the
 * form as typed (evidence, links) or empty.  Answers 404 for no such
 * action and 403 for someone else's. */
static int closure_render(struct req *r, unsigned status, const char *evidence,
                          const char *completed_on, const struct cycle_link *links, size_t nlinks,
                          const struct field_errors *errs)
{
    const char *ref = req_param(r, "ref");
    struct cycle_form f;
    int found = cycle_form_load(r->db, ref, &f);
    if (found < 0)
        return req_model_error(r);
    if (!found) {
        char why[160];
        snprintf(why, sizeof why, "There is no action %s.", TEXT_CLIP(ref, 100));
        req_error(r, 404, why);
        return 0;
    }
    if (!r->user->person_id || f.owner_id != r->user->person_id) {
        char why[200];
        snprintf(why, sizeof why,
                 "You are not the owner of action %s: only its owner proposes closing it.",
                 TEXT_CLIP(f.action_ref, 100));
        cycle_form_free(&f);
        req_error(r, 403, why);
        return 0;
    }
    struct cycle_closure latest;
    int has = cycle_closure_latest(r->db, ref, &latest);
    if (has < 0) {
        cycle_form_free(&f);
        return req_model_error(r);
    }
    const char *why_not = NULL;
    if (strcmp(f.action_status, "complete") == 0)
        why_not = "This action is complete.";
    else if (strcmp(f.action_status, "retired") == 0)
        why_not = "This action is retired: it cannot be closed.";
    else if (has &&
             (latest.stage == CLOSURE_AWAITING_PMO || latest.stage == CLOSURE_AWAITING_PANEL))
        why_not = "This proposal awaits a decision. If it is returned, you can propose again.";
    char dflt[DATE_LEN] = "";
    day_t d;
    if (!completed_on && cycle_closure_default_date(r->db, &d) == 0)
        date_format(d, dflt);
    struct view_closure v = {
        .completed_on = completed_on ? completed_on : dflt,
        .f = &f,
        .latest = has ? &latest : NULL,
        .why_not = errs && errs->n ? NULL : why_not,
        .evidence = evidence,
        .links = links,
        .nlinks = nlinks,
        .errors = errs,
        .done = pc_done(r),
    };
    struct view_site site = WEB_SITE_R(r);
    buf_reset(&r->out);
    r->status = status;
    r->content_type = CT_HTML;
    r->cache_control = "no-store";
    view_closure(&r->out, &site, &v);
    if (has)
        cycle_closure_free(&latest);
    cycle_form_free(&f);
    return 0;
}

static int closure_body(struct req *r)
{
    return closure_render(r, 200, NULL, NULL, NULL, 0, NULL);
}

int page_closure(struct req *r)
{
    return page_read(r, closure_body);
}

static int post_closure_do(struct req *r, struct field_errors *errs)
{
    const char *ref = req_param(r, "ref"), *evidence = req_form(r, "evidence"),
               *completed_on = req_form(r, "completed_on");
    struct cycle_link links[CYCLE_MAX_LINKS + 4];
    size_t n = pc_form_links(r, links, sizeof links / sizeof *links);
    int64_t id;
    struct document_upload up;
    size_t nup = pc_form_upload(r, &up);
    enum cycle_rc rc = cycle_closure_propose(r->wdb, r->user, ref, evidence, completed_on, links, n,
                                             nup ? &up : NULL, nup, errs, &id);
    if (rc == CYCLE_OK) {
        pc_redirect(r, "/work/actions/%U/closure?done=proposed", ref);
        return 0;
    }
    int m = pc_model_rc(r, r->wdb, rc, errs);
    if (m <= 0)
        return m;
    return closure_render(r, rc == CYCLE_CONFLICT ? 409 : 400, evidence,
                          completed_on ? completed_on : "", links, n, errs);
}

int post_closure(struct req *r)
{
    struct field_errors errs = FERR_INIT;
    int rc = post_closure_do(r, &errs);
    ferr_free(&errs);
    return rc;
}

/* -- deciding ---------------------------------------------------------------------- */

static int closures_render(struct req *r, unsigned status, int64_t failed_id,
                           const struct field_errors *errs, const char *comment)
{
    struct cycle_closure *c;
    size_t n;
    if (cycle_closures_pending(r->db, &c, &n))
        return req_model_error(r);
    struct view_closures v = {
        .c = c,
        .n = n,
        .panel = r->user->role == ROLE_PANEL,
        .done = pc_done(r),
        .failed_id = failed_id,
        .errors = errs,
        .comment = comment,
    };
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/closures";
    buf_reset(&r->out);
    r->status = status;
    r->content_type = CT_HTML;
    r->cache_control = "no-store";
    view_closures(&r->out, &site, &v);
    cycle_closures_free(c, n);
    return 0;
}

static int closures_body(struct req *r)
{
    return closures_render(r, 200, 0, NULL, NULL);
}

int page_closures(struct req *r)
{
    return page_read(r, closures_body);
}

static int post_closure_decide_do(struct req *r, struct field_errors *errs)
{
    int64_t id = req_id(r, "id"); /* declared: the dispatcher answered 404 to anything else */
    const char *decision = req_form(r, "decision"), *comment = req_form(r, "comment");
    bool accept = decision && strcmp(decision, "accept") == 0;
    if (!accept && (!decision || strcmp(decision, "return") != 0)) {
        ferr_add(errs, "", "Choose Accept or Return");
        return closures_render(r, 400, id, errs, comment);
    }
    enum cycle_rc rc = cycle_closure_decide(r->wdb, r->user, id, accept, comment, errs);
    if (rc == CYCLE_OK) {
        struct cycle_closure c;
        int found = cycle_closure_load(r->wdb, id, &c);
        if (found < 0) {
            snprintf(r->err, sizeof r->err, "%s", r->wdb->err);
            return -1;
        }
        const char *to = "/work/closures?done=closure-returned";
        if (found && c.stage == CLOSURE_ACCEPTED)
            to = "/work/closures?done=closure-accepted";
        else if (found && c.stage == CLOSURE_AWAITING_PANEL)
            to = "/work/closures?done=closure-panel";
        if (found)
            cycle_closure_free(&c);
        req_redirect(r, to);
        return 0;
    }
    int m = pc_model_rc(r, r->wdb, rc, errs);
    if (m <= 0)
        return m;
    return closures_render(r, rc == CYCLE_CONFLICT ? 409 : 400, id, errs, comment);
}

int post_closure_decide(struct req *r)
{
    struct field_errors errs = FERR_INIT;
    int rc = post_closure_decide_do(r, &errs);
    ferr_free(&errs);
    return rc;
}

/* page_correction.c — correcting an update of a signed-off month: the form
 * under /work/actions/{ref}/corrections and its POST (model/correction.h). */
#include "lib/text.h"
#include "model/correction.h"
#include "model/cycle_list.h"
#include "web/page_cycle.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>

/* Renders the corrections page of the action in the path with `status`: the
 * corrections made so far and the form, as typed in `in` (or empty).
 * Answers 404 for no such action. */
static int correction_render(struct req *r, unsigned status, const struct correction_input *in,
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
    struct correction *c = NULL;
    size_t nc = 0, nm = 0;
    char(*months)[MONTH_LEN] = NULL;
    if (correction_list(r->db, f.action_id, &c, &nc) ||
        correction_months(r->db, f.action_id, &months, &nm)) {
        correction_list_free(c, nc);
        cycle_form_free(&f);
        return req_model_error(r);
    }
    struct view_correction v = {
        .action_ref = f.action_ref,
        .action_title = f.action_title,
        .scale = cycle_scale(r->db),
        .corrections = c,
        .ncorrections = nc,
        .months = months,
        .nmonths = nm,
        .in = in,
        .errors = errs,
        .done = pc_done(r),
    };
    struct view_site site = WEB_SITE_R(r);
    buf_reset(&r->out);
    r->status = status;
    r->content_type = CT_HTML;
    r->cache_control = "no-store";
    view_correction(&r->out, &site, &v);
    free(months);
    correction_list_free(c, nc);
    cycle_form_free(&f);
    return 0;
}

static int correction_body(struct req *r)
{
    return correction_render(r, 200, NULL, NULL);
}

/* GET /work/actions/{ref}/corrections */
int page_correction(struct req *r)
{
    return page_read(r, correction_body);
}

/* POST /work/actions/{ref}/corrections */
int post_correction(struct req *r)
{
    struct correction_input in = {
        .ref = req_param(r, "ref"),
        .month = req_form(r, "period"),
        .field = req_form(r, "field"),
        .value = req_form(r, "value"),
        .reason = req_form(r, "reason"),
    };
    struct field_errors errs = FERR_INIT;
    int64_t id;
    enum cycle_rc rc = correction_make(r->wdb, r->user, &in, &errs, &id);
    int m;
    if (rc == CYCLE_OK) {
        pc_redirect(r, "/work/actions/%U/corrections?done=corrected", in.ref);
        m = 0;
    } else if ((m = pc_model_rc(r, r->wdb, rc, &errs)) > 0) {
        m = correction_render(r, rc == CYCLE_CONFLICT ? 409 : 400, &in, &errs);
    }
    ferr_free(&errs);
    return m;
}

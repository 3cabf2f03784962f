/* page_periods.c — the page that confirms closing a month for updates
 * (GET /work/periods/{month}/close): what is still outstanding, by kind, and
 * the button that closes it.  The close itself, the reopening and the
 * sign-off are posted to page_review.c. */
#include "model/cycle.h"
#include "model/cycle_list.h"
#include "web/page_cycle.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>

int period_close_render(struct req *r, unsigned status, const struct field_errors *errs)
{
    struct cycle_period p;
    int found = cycle_period_find(r->db, req_param(r, "month"), &p);
    if (found < 0)
        return req_model_error(r);
    if (!found) {
        req_error(r, 404, "There is no such period.");
        return 0;
    }
    struct cycle_chase c = {0};
    if (p.state == PERIOD_OPEN && cycle_chase_of(r->db, &p, &c))
        return req_model_error(r);
    struct view_period_close v = {.period = &p, .outstanding = &c, .errors = errs};
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/periods";
    buf_reset(&r->out);
    r->status = status;
    r->content_type = CT_HTML;
    r->cache_control = "no-store";
    view_period_close(&r->out, &site, &v);
    cycle_chase_free(&c);
    return 0;
}

static int period_close_body(struct req *r)
{
    return period_close_render(r, 200, NULL);
}

int page_period_close(struct req *r)
{
    return page_read(r, period_close_body);
}

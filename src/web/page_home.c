/* page_home.c — GET /: the public home page, now or as at a signed-off month.
 *
 * Input: as_at, a month "YYYY-MM" (optional): 400 when malformed, 404 when that
 * month's report is not signed off. */
#include "model/pub_home.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>

/* Resolves the month shown, loads its figures and renders them.  Returns 0
 * (with 400 or 404 answered through req_error for a bad as_at), or -1 with the
 * model's reason in r->err. */
int page_home(struct req *r)
{
    struct pub_scope scope;
    const struct pub_home *h;

    switch (pub_scope_resolve(r->db, req_arg(r, "as_at"), &scope)) {
    case PUB_SCOPE_OK:
        break;
    case PUB_SCOPE_BAD:
        req_error(r, 400, "The month (as_at) must be written YYYY-MM, for example 2015-09.");
        return 0;
    case PUB_SCOPE_NOT_PUBLIC:
        req_error(r, 404, "No monthly report has been signed off for that month (as_at).");
        return 0;
    case PUB_SCOPE_ERROR:
    default:
        return req_model_error(r);
    }
    if (pub_home_get(r->db, &scope, &h) != 0)
        return req_model_error(r);
    struct view_site site = WEB_SITE_R(r);
    site.scope = &h->scope;
    site.path = "/";
    view_home(&r->out, &site, h);
    return 0;
}

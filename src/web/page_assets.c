/* page_assets.c — static assets compiled into the binary.
 *
 * The stylesheet is GOV.UK Frontend with dialturn's own styles
 * (assets/dialturn.scss), compiled by sass when the binary is built and linked
 * in through tools/embed, so the binary needs no file beside it.  It references
 * no fonts or images (the build checks), so it is the only asset. */
#include "lib/embedded.h"
#include "web/web.h"
#include <stdio.h>

#define ASSET_CSS_PATH "build/gen/dialturn.css" /* its name in the embedded list */

/* Serves the stylesheet from static storage (never copied or freed).  A day's
 * caching: its URL stays the same across builds, and pages revalidate daily.
 * Returns -1 (a 500) only if the build left the stylesheet out. */
int page_asset_css(struct req *r)
{
    const struct embedded_file *f = embedded_find(ASSET_CSS_PATH);
    if (!f) {
        snprintf(r->err, sizeof r->err, "%s is not embedded in this binary", ASSET_CSS_PATH);
        return -1;
    }
    r->content_type = CT_CSS;
    r->cache_control = "public, max-age=86400";
    req_static_body(r, f->data, f->size);
    return 0;
}

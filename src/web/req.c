/* req.c — the request context: inputs for handlers, error answers, cleanup. */
#include "lib/html.h"
#include "web/view.h"
#include "web/web.h"
#include <stdlib.h>
#include <string.h>

const char *req_arg(const struct req *r, const char *name)
{
    for (size_t i = 0; i < r->nargs; i++)
        if (strcmp(r->args[i].name, name) == 0)
            return r->args[i].value ? r->args[i].value : "";
    return NULL;
}

const char *req_param(const struct req *r, const char *name)
{
    for (size_t i = 0; i < r->nparams; i++)
        if (strcmp(r->params[i].name, name) == 0)
            return r->params[i].value;
    return NULL;
}

void req_error(struct req *r, unsigned status, const char *detail)
{
    buf_reset(&r->out);
    r->static_body = NULL;
    r->static_len = 0;
    r->status = status;
    r->cache_control = "no-store";
    if (r->route && (r->route->flags & ROUTE_TEXT)) {
        r->content_type = CT_TEXT;
        buf_printf(&r->out, "%u %s\n", status, view_status_text(status));
        return;
    }
    r->content_type = CT_HTML;
    view_error(&r->out, &WEB_SITE(r->cfg), status, detail);
}

void req_static_body(struct req *r, const void *data, size_t len)
{
    buf_reset(&r->out);
    r->static_body = data;
    r->static_len = len;
}

void req_free(struct req *r)
{
    if (!r)
        return;
    buf_free(&r->out);
    free(r->log_uri);
    free(r->pathcopy);
    free(r);
}

/* req.c — the request context: inputs for handlers, error answers, cleanup. */
#include "lib/html.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>
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
    r->disposition[0] = '\0';
    r->etag[0] = '\0'; /* an error is not a version of the page */
    r->last_modified = 0;
    if (r->route && (r->route->flags & ROUTE_TEXT)) {
        r->content_type = CT_TEXT;
        buf_printf(&r->out, "%u %s\n", status, view_status_text(status));
        return;
    }
    if ((r->route && (r->route->flags & ROUTE_JSON)) ||
        (r->path && strncmp(r->path, "/api/", 5) == 0)) {
        json_t *e = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", (int)status, "title",
                              view_status_text(status), "message",
                              detail ? detail : view_status_text(status));
        char *s = json_dumps(e, JSON_PRESERVE_ORDER);
        json_decref(e);
        r->content_type = CT_JSON;
        buf_puts(&r->out, s ? s : "{}");
        buf_putc(&r->out, '\n');
        free(s);
        return;
    }
    r->content_type = CT_HTML;
    view_error(&r->out, &WEB_SITE(r->cfg), status, detail);
}

int req_model_error(struct req *r)
{
    snprintf(r->err, sizeof r->err, "%s", r->db ? r->db->err : "no database");
    return -1;
}

int req_json(struct req *r, json_t *doc)
{
    /* 15 significant digits: 26.1 reads "26.1", not 26.100000000000001 */
    char *s = json_dumps(doc, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(doc);
    if (!s)
        abort(); /* jansson fails only on allocation */
    buf_reset(&r->out);
    buf_puts(&r->out, s);
    buf_putc(&r->out, '\n');
    free(s);
    r->status = 200;
    r->content_type = CT_JSON;
    return 0;
}

void req_download(struct req *r, const char *filename)
{
    snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"%s\"", filename);
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

/* req.c — the request context: inputs for handlers, error answers, cleanup. */
#include "lib/html.h"
#include "lib/text.h"
#include "model/record_memo.h"
#include "web/view.h"
#include "web/web.h"
#include <microhttpd.h>
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

const char *req_form(const struct req *r, const char *name)
{
    for (size_t i = 0; i < r->nform; i++)
        if (strcmp(r->form[i].name, name) == 0 && !r->form[i].filename)
            return r->form[i].value;
    return NULL;
}

size_t req_form_all(const struct req *r, const char *name, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nform; i++) {
        if (strcmp(r->form[i].name, name) != 0 || r->form[i].filename)
            continue;
        if (n < max)
            out[n] = r->form[i].value;
        n++;
    }
    return n;
}

const struct req_field *req_file(const struct req *r, const char *name)
{
    /* a file input left empty arrives as a part with an empty filename */
    for (size_t i = 0; i < r->nform; i++)
        if (strcmp(r->form[i].name, name) == 0 && r->form[i].filename && r->form[i].filename[0])
            return &r->form[i];
    return NULL;
}

void req_redirect(struct req *r, const char *path)
{
    buf_reset(&r->out);
    r->static_body = NULL;
    r->status = 303;
    r->content_type = CT_TEXT;
    r->etag[0] = '\0';
    free(r->location);
    /* every target is ours, made by a handler; whole, however long (a cut
     * path would land on another page) */
    r->location = xstrdup(path);
    buf_printf(&r->out, "See %s\n", path);
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
        if (detail) { /* what to do about it, made safe for a terminal */
            text_safe(&r->out, detail, 1024);
            buf_putc(&r->out, '\n');
        }
        return;
    }
    if ((r->route && (r->route->flags & ROUTE_JSON)) ||
        (r->path && strncmp(r->path, "/api/", 5) == 0)) {
        /* the detail may quote input: made valid UTF-8 so that jansson takes it */
        struct buf msg = BUF_INIT;
        text_safe(&msg, detail ? detail : view_status_text(status), 1024);
        json_t *e = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", (int)status, "title",
                              view_status_text(status), "message", buf_str(&msg));
        buf_free(&msg);
        char *s = e ? json_dumps(e, JSON_PRESERVE_ORDER) : NULL;
        json_decref(e);
        r->content_type = CT_JSON;
        buf_puts(&r->out, s ? s : "{}");
        buf_putc(&r->out, '\n');
        free(s);
        return;
    }
    r->content_type = CT_HTML;
    view_error(&r->out, &WEB_SITE_R(r), status, detail);
}

int req_model_error(struct req *r)
{
    snprintf(r->err, sizeof r->err, "%s", r->db ? r->db->err : "no database");
    return -1;
}

int req_json(struct req *r, json_t *doc)
{
    char *s = doc ? json_dumps(doc, REQ_JSON_FLAGS) : NULL;
    json_decref(doc);
    if (!s) {
        /* doc is NULL when a json_pack() or json_string() under it met text
         * that is not valid UTF-8: a fault of ours in cleaning a message, never
         * a reason to stop the server */
        snprintf(r->err, sizeof r->err, "the answer could not be encoded as JSON");
        req_error(r, 500, NULL);
        return 0;
    }
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

void req_memo_body(struct req *r, const struct record_bytes *b)
{
    buf_reset(&r->out);
    r->static_body = NULL;
    r->static_len = 0;
    record_memo_drop(r->body_hold);
    if ((r->body_hold = record_memo_hold(b))) {
        r->static_body = b->data;
        r->static_len = b->len;
    } else {
        buf_append(&r->out, b->data, b->len); /* not shared: freed after the request */
    }
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
    buf_free(&r->body);
    record_memo_drop(r->body_hold);
    for (size_t i = 0; i < r->nform; i++) {
        free(r->form[i].name);
        free(r->form[i].value);
        free(r->form[i].filename);
        free(r->form[i].content_type);
    }
    free(r->form);
    if (r->pp)
        MHD_destroy_post_processor(r->pp);
    free(r->log_uri);
    free(r->target);
    free(r->location);
    free(r->pathcopy);
    free(r);
}

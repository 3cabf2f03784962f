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

/* The value of `name` as a capture, a query argument or a form field, in that
 * order; NULL when none. */
static const char *any_value(const struct req *r, const char *name)
{
    const char *v = req_param(r, name);
    if (!v)
        v = req_arg(r, name);
    if (!v)
        v = req_form(r, name);
    return v;
}

long long req_int(const struct req *r, const char *name, long long absent)
{
    const char *v = any_value(r, name);
    long long n;
    return v && field_int(v, INT64_MIN, INT64_MAX, &n) ? n : absent;
}

int64_t req_id(const struct req *r, const char *name)
{
    const char *v = any_value(r, name);
    long long n;
    return v && field_int(v, 1, INT64_MAX, &n) ? (int64_t)n : 0;
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

/* Whether r is answered in JSON: an API route, or a path under /api/. */
static bool is_api(const struct req *r)
{
    return (r->route && (r->route->flags & ROUTE_JSON)) ||
           (r->path && strncmp(r->path, "/api/", 5) == 0);
}

/* Writes the problem details (RFC 9457) of `status` into r: type, title,
 * status, detail (`detail`, or the status's wording), and, when fe names
 * any, "errors": [{field, message}].  Every string is made valid UTF-8
 * without control characters (it may quote input), so jansson takes it. */
static void problem(struct req *r, unsigned status, const char *detail,
                    const struct field_errors *fe)
{
    struct buf msg = BUF_INIT;
    text_safe(&msg, detail ? detail : view_status_text(status), 1024);
    json_t *doc =
        json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", view_status_text(status),
                  "status", (int)status, "detail", buf_str(&msg));
    buf_free(&msg);
    if (doc && fe && fe->n) {
        json_t *list = json_array();
        for (size_t i = 0; i < fe->n; i++)
            json_array_append_new(list, json_pack("{s:s, s:s}", "field", fe->e[i].field, "message",
                                                  fe->e[i].message));
        json_object_set_new(doc, "errors", list);
    }
    char *s = doc ? json_dumps(doc, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
    json_decref(doc);
    r->content_type = CT_PROBLEM;
    buf_reset(&r->out);
    buf_puts(&r->out, s ? s : "{}");
    buf_putc(&r->out, '\n');
    free(s);
}

/* Makes r an error answer of `status`: no body yet, never cached. */
static void error_reset(struct req *r, unsigned status)
{
    buf_reset(&r->out);
    r->static_body = NULL;
    r->static_len = 0;
    r->status = status;
    r->cache_control = "no-store";
    r->disposition[0] = '\0';
    r->etag[0] = '\0'; /* an error is not a version of the page */
    r->last_modified = 0;
}

void req_problem(struct req *r, unsigned status, const char *detail, const struct field_errors *fe)
{
    error_reset(r, status);
    problem(r, status, detail, fe);
}

void req_refuse(struct req *r, unsigned status, const struct field_errors *fe)
{
    error_reset(r, status);
    struct buf detail = BUF_INIT;
    buf_puts(&detail, fe->n == 1 ? "A field is not right: " : "Some fields are not right: ");
    ferr_line(fe, &detail);
    if (r->route && (r->route->flags & ROUTE_TEXT)) {
        r->content_type = CT_TEXT;
        buf_printf(&r->out, "%u %s\n", status, view_status_text(status));
        text_safe(&r->out, buf_str(&detail), 1024);
        buf_putc(&r->out, '\n');
    } else if (is_api(r)) {
        problem(r, status, buf_str(&detail), fe);
    } else {
        r->content_type = CT_HTML;
        view_field_errors(&r->out, &WEB_SITE_R(r), status, fe->e, fe->n);
    }
    buf_free(&detail);
}

void req_error(struct req *r, unsigned status, const char *detail)
{
    error_reset(r, status);
    if (r->route && (r->route->flags & ROUTE_TEXT)) {
        r->content_type = CT_TEXT;
        buf_printf(&r->out, "%u %s\n", status, view_status_text(status));
        if (detail) { /* what to do about it, made safe for a terminal */
            text_safe(&r->out, detail, 1024);
            buf_putc(&r->out, '\n');
        }
        return;
    }
    if (is_api(r)) {
        problem(r, status, detail, NULL);
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

json_t *req_json_body(const struct req *r, json_error_t *err)
{
    return json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, err);
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
    ferr_free(&r->ferr);
    free(r);
}

/* fuzz_route.c — the request target as our code sees it, once libmicrohttpd
 * has split and decoded it: route matching and {name} captures
 * (route_resolve, the first half of route_dispatch), the query arguments as
 * collect_arg keeps them (req_arg), the declared fields as the dispatcher
 * checks them (route_check_inputs), and ?page as the list pages read it
 * (page_number).
 *
 * The input is one line, "METHOD PATH?QUERY" (anything after a newline is
 * ignored); the query is split on '&' and at the first '=' as
 * libmicrohttpd splits it, without decoding (decoded values may hold any
 * byte but NUL).  Invariants: a matched route answers the method (HEAD as
 * GET), its pattern rebuilt from the captures is the path, every capture is a
 * non-empty segment without '/', and req_param finds it; no match answers
 * 400, 404, 405 (with an Allow list) or 414 with valid UTF-8; req_arg finds
 * the first argument of each name; the input check passes or answers 400
 * or 404 with valid UTF-8; on a route that declares ?page and passed,
 * page_number gives a page from 1. */
#include "fuzz/fuzz.h"
#include "web/web.h"

static struct web_config cfg = {.org_name = "Fuzz Council"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    return 0;
}

/* Checks that r->route's pattern with r->params put in is r->path. */
static void check_match(const struct req *r, const char *method)
{
    const struct route *rt = r->route;
    if (strcmp(rt->method, strcmp(method, "HEAD") == 0 ? "GET" : method) != 0)
        fuzz_fail("%s %s matched a %s route", method, r->path, rt->method);
    struct buf b = BUF_INIT;
    size_t k = 0;
    for (const char *p = rt->pattern; *p; p++) {
        if (*p != '{') {
            buf_putc(&b, *p);
            continue;
        }
        const char *close = strchr(p, '}');
        if (k >= r->nparams)
            fuzz_fail("%s: fewer captures than the pattern %s has", r->path, rt->pattern);
        const struct req_kv *kv = &r->params[k++];
        if (strlen(kv->name) != (size_t)(close - p - 1) ||
            strncmp(kv->name, p + 1, strlen(kv->name)) != 0)
            fuzz_fail("%s: capture %zu is named %s in %s", r->path, k, kv->name, rt->pattern);
        if (!kv->value[0] || strchr(kv->value, '/'))
            fuzz_fail("%s: capture {%s} = \"%s\" is not one segment", r->path, kv->name, kv->value);
        const char *v = req_param(r, kv->name);
        if (!v || strcmp(v, kv->value) != 0)
            fuzz_fail("%s: req_param(%s) is not its capture", r->path, kv->name);
        buf_puts(&b, kv->value);
        p = close;
    }
    if (k != r->nparams || strcmp(buf_str(&b), r->path) != 0)
        fuzz_fail("%s matched %s, which rebuilds as %s", r->path, rt->pattern, buf_str(&b));
    buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = fuzz_cstr(data, size);
    line[strcspn(line, "\n")] = '\0';
    char *sp = strchr(line, ' ');
    if (!sp || sp == line) {
        free(line);
        return -1;
    }
    *sp = '\0';
    struct req *r = xcalloc(1, sizeof *r);
    r->cfg = &cfg;
    snprintf(r->method, sizeof r->method, "%s", line);
    char *target = sp + 1, *q = strchr(target, '?');
    r->uri_len = strlen(target);
    if (q) {
        *q++ = '\0';
        for (char *a = q; a;) {
            char *next = strchr(a, '&');
            if (next)
                *next++ = '\0';
            if (*a) {
                if (r->nargs == WEB_MAX_ARGS) {
                    r->too_many_args = true;
                    break;
                }
                char *eq = strchr(a, '=');
                if (eq)
                    *eq++ = '\0';
                r->args[r->nargs++] = (struct req_kv){a, eq};
            }
            a = next;
        }
    }
    r->path = target;
    if (route_resolve(r)) {
        check_match(r, line);
        if (r->status)
            fuzz_fail("a route was found and also answered %u", r->status);
        bool pages = false;
        for (const struct field_spec *f = r->route->fields; f && f->name; f++)
            pages |= f->where == FIELD_QUERY && strcmp(f->name, "page") == 0;
        if (!route_check_inputs(r)) {
            if (r->status != 400 && r->status != 404)
                fuzz_fail("the input check answered %u", r->status);
            if (!fuzz_utf8_ok(buf_str(&r->out), r->out.len))
                fuzz_fail("refusal %u is not valid UTF-8", r->status);
        } else if (pages) {
            /* the list pages read ?page only after the dispatcher checked it */
            size_t page = 0;
            if (page_number(r, &page) != 0 || page < 1)
                fuzz_fail("page_number gave page %zu after the check passed", page);
        }
    } else {
        if (r->status != 400 && r->status != 404 && r->status != 405 && r->status != 414)
            fuzz_fail("no route, and status %u", r->status);
        if (r->status == 405 && !r->allow[0])
            fuzz_fail("405 without an Allow list");
        if (!fuzz_utf8_ok(buf_str(&r->out), r->out.len))
            fuzz_fail("error page %u is not valid UTF-8", r->status);
    }
    for (size_t i = 0; i < r->nargs; i++) {
        size_t first = 0;
        while (strcmp(r->args[first].name, r->args[i].name) != 0)
            first++;
        const char *got = req_arg(r, r->args[i].name), *want = r->args[first].value;
        if (want ? got != want : !got || *got)
            fuzz_fail("req_arg(\"%s\") is not the first such argument", r->args[i].name);
    }
    req_free(r);
    free(line);
    return 0;
}

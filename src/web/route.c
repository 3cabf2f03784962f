/* route.c — the route table and the dispatcher.
 *
 * Every URL the server answers is in `routes` below, with the capability it
 * needs: reading this table is reading the site's permission map.  The
 * dispatcher does the checks every handler would otherwise repeat (limits,
 * method, capability, database), so handlers are straight-line code. */
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
static const struct route routes[] = {
    /* method  pattern                  handler         capability  flags */
    {"GET",    "/",                     page_home,      CAP_PUBLIC, 0},
    {"GET",    "/plan",                 page_plan,      CAP_PUBLIC, 0},
    {"GET",    "/healthz",              page_healthz,   CAP_PUBLIC, ROUTE_TEXT},
    {"GET",    "/assets/dialturn.css",  page_asset_css, CAP_PUBLIC, ROUTE_NODB},
    /* -- plan, themes, actions -- */
    {"GET",    "/themes",               page_themes,    CAP_PUBLIC, 0},
    {"GET",    "/themes/{ref}",         page_theme,     CAP_PUBLIC, 0},
    {"GET",    "/actions/{ref}",        page_action,    CAP_PUBLIC, 0},
    /* -- recommendations, milestones, measures, periods, downloads -- */
    {"GET",    "/recommendations",      page_recommendations,  CAP_PUBLIC, 0},
    {"GET",    "/milestones",           page_milestones,       CAP_PUBLIC, 0},
    {"GET",    "/measures",             page_measures,         CAP_PUBLIC, 0},
    {"GET",    "/measures/{ref}",       page_measure,          CAP_PUBLIC, 0},
    {"GET",    "/data",                 page_data,             CAP_PUBLIC, 0},
    {"GET",    "/data/plan.json",       page_data_plan_json,   CAP_PUBLIC, 0},
    {"GET",    "/data/actions.csv",     page_data_actions_csv, CAP_PUBLIC, 0},
    {"GET",    "/data/updates.csv",     page_data_updates_csv, CAP_PUBLIC, 0},
    {"GET",    "/data/measure_values.csv", page_data_values_csv, CAP_PUBLIC, 0},
    /* -- home, search, feeds, accessibility -- */
    {"GET",    "/search",                 page_search,        CAP_PUBLIC, 0},
    {"GET",    "/feed.atom",              page_feed_site,     CAP_PUBLIC, 0},
    {"GET",    "/actions/{ref}/feed.atom", page_feed_action,  CAP_PUBLIC, 0},
    {"GET",    "/themes/{ref}/feed.atom", page_feed_theme,    CAP_PUBLIC, 0},
    {"GET",    "/accessibility",          page_accessibility, CAP_PUBLIC, ROUTE_NODB},
    {"GET",    "/api/v1/openapi.json",  api_openapi,    CAP_PUBLIC, ROUTE_JSON | ROUTE_NODB},
    /* -- API: plan, themes, actions -- */
    {"GET",    "/api/v1/themes",        api_themes,     CAP_PUBLIC, ROUTE_JSON},
    {"GET",    "/api/v1/themes/{ref}",  api_theme,      CAP_PUBLIC, ROUTE_JSON},
    {"GET",    "/api/v1/actions",       api_actions,    CAP_PUBLIC, ROUTE_JSON},
    {"GET",    "/api/v1/actions/{ref}", api_action,     CAP_PUBLIC, ROUTE_JSON},
    /* -- API: recommendations, milestones, measures, periods, organisation -- */
    {"GET",    "/api/v1/organisation",   api_organisation,    CAP_PUBLIC, ROUTE_JSON},
    {"GET",    "/api/v1/periods",        api_periods,         CAP_PUBLIC, ROUTE_JSON},
    {"GET",    "/api/v1/recommendations", api_recommendations, CAP_PUBLIC, ROUTE_JSON},
    {"GET",    "/api/v1/milestones",     api_milestones,      CAP_PUBLIC, ROUTE_JSON},
    {"GET",    "/api/v1/measures",       api_measures,        CAP_PUBLIC, ROUTE_JSON},
    {"GET",    "/api/v1/measures/{ref}", api_measure,         CAP_PUBLIC, ROUTE_JSON},
};
/* clang-format on */

#define NROUTES (sizeof routes / sizeof *routes)

/* Where one {name} capture sits: the name in the pattern, the value in the path. */
struct capture {
    const char *name; /* points into the pattern, just after '{' */
    size_t namelen;   /* up to the '}' */
    size_t off;       /* offset of the value in the path */
    size_t len;       /* length of the value (one non-empty segment) */
};

/* Matches `path` against `pattern` character by character, except that a
 * "{name}" segment matches one non-empty path segment (no '/').  Fills caps
 * (up to WEB_MAX_PARAMS) and *ncaps.  Returns true on a whole match. */
static bool route_match(const char *pattern, const char *path, struct capture *caps, size_t *ncaps)
{
    const char *p = pattern, *s = path;
    *ncaps = 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *end = strchrnul(s, '/');
            if (!close || end == s || *ncaps == WEB_MAX_PARAMS)
                return false;
            caps[(*ncaps)++] = (struct capture){p + 1, (size_t)(close - p - 1), (size_t)(s - path),
                                                (size_t)(end - s)};
            p = close + 1;
            s = end;
        } else if (*p++ != *s++) {
            return false;
        }
    }
    return *p == '\0' && *s == '\0';
}

/* Copies the captures into r->params.  Names and values both live in one owned
 * allocation, r->pathcopy, as "name\0value\0" pairs. */
static void set_params(struct req *r, const struct capture *caps, size_t ncaps)
{
    size_t need = 1;
    for (size_t i = 0; i < ncaps; i++)
        need += caps[i].namelen + caps[i].len + 2;
    char *p = r->pathcopy = xmalloc(need);
    for (size_t i = 0; i < ncaps; i++) {
        r->params[i].name = p;
        memcpy(p, caps[i].name, caps[i].namelen);
        p += caps[i].namelen;
        *p++ = '\0';
        r->params[i].value = p;
        memcpy(p, r->path + caps[i].off, caps[i].len);
        p += caps[i].len;
        *p++ = '\0';
    }
    r->nparams = ncaps;
}

/* Adds `method` (and HEAD after GET) to the comma-separated Allow list. */
static void allow_add(char *allow, size_t size, const char *method)
{
    size_t n = strlen(allow);
    snprintf(allow + n, size - n, "%s%s%s", n ? ", " : "", method,
             strcmp(method, "GET") == 0 ? ", HEAD" : "");
}

/* Whether the requester holds `cap`: everyone holds CAP_PUBLIC; the rest
 * come with the signed-in user's role (model/role.c). */
static bool req_may(const struct req *r, enum cap cap)
{
    return cap == CAP_PUBLIC || (r->user && role_has(r->user->role, cap));
}

void route_dispatch(struct req *r)
{
    struct capture caps[WEB_MAX_PARAMS], c[WEB_MAX_PARAMS];
    size_t ncaps = 0, nc;
    const struct route *hit = NULL;
    /* HEAD is GET without the body (libmicrohttpd drops the body). */
    const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;

    if (r->uri_len > WEB_MAX_URI) {
        req_error(r, 414, NULL);
        return;
    }
    if (r->too_many_args) {
        req_error(r, 400, "The web address has more query parameters than any page here takes.");
        return;
    }
    r->allow[0] = '\0';
    for (size_t i = 0; i < NROUTES; i++) {
        if (!route_match(routes[i].pattern, r->path, c, &nc))
            continue;
        allow_add(r->allow, sizeof r->allow, routes[i].method);
        if (!hit && strcmp(routes[i].method, method) == 0) {
            hit = &routes[i];
            memcpy(caps, c, nc * sizeof *c);
            ncaps = nc;
        }
    }
    if (!hit) {
        if (!r->allow[0]) {
            req_error(r, 404, NULL);
            return;
        }
        req_error(r, 405, NULL); /* r->allow goes out as the Allow header */
        return;
    }
    r->allow[0] = '\0';
    r->route = hit;
    set_params(r, caps, ncaps);

    if (!req_may(r, hit->cap)) {
        req_error(r, 403, NULL);
        return;
    }
    if (hit->flags & ROUTE_MUTATING) { /* no CSRF check exists yet: never run one */
        fprintf(stderr, "dialturn: bug: %s %s is mutating but CSRF is not implemented\n",
                hit->method, hit->pattern);
        req_error(r, 500, NULL);
        return;
    }
    if (!(hit->flags & ROUTE_NODB) && !r->db) { /* publish brings its own connection */
        char err[512];
        r->db = server_worker_db(r->srv, r->cfg, err, sizeof err);
        if (!r->db) {
            fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri, err);
            req_error(r, 503, NULL);
            return;
        }
    }
    if (strcmp(method, "GET") == 0 && cond_not_modified(r)) {
        r->status = 304;
        return;
    }
    if (r->etag[0] && server_cache_lookup(r))
        return;
    r->status = 200;
    r->content_type = CT_HTML;
    if (hit->handler(r) != 0) {
        fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri,
                r->err[0] ? r->err : "handler failed");
        req_error(r, 500, NULL);
    }
}

int route_check(char *err, size_t errlen)
{
    for (size_t i = 0; i < NROUTES; i++) {
        const struct route *rt = &routes[i];
        const char *why = NULL;
        if (!rt->method || !rt->method[0])
            why = "no method";
        else if (!rt->pattern || rt->pattern[0] != '/')
            why = "pattern must start with '/'";
        else if (!rt->handler)
            why = "no handler";
        else if (rt->cap <= CAP__UNSET || rt->cap >= CAP__MAX)
            why = "no capability";
        else if (rt->flags & ROUTE_MUTATING)
            why = "mutating routes need CSRF protection, which does not exist yet";
        if (why) {
            snprintf(err, errlen, "route %zu (%s %s): %s", i, rt->method ? rt->method : "?",
                     rt->pattern ? rt->pattern : "?", why);
            return -1;
        }
    }
    return 0;
}

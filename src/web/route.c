/* route.c — the route table and the dispatcher.
 *
 * Every URL the server answers is in `routes` below, with the capability it
 * needs: reading this table is reading the site's permission map.  The
 * dispatcher does the checks every handler would otherwise repeat (limits,
 * method, capability, database), so handlers are straight-line code. */
#include "lib/html.h"
#include "model/pub_scope.h"
#include "lib/text.h"
#include "web/server.h"
#include "web/web.h"
#include <sodium.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
static const struct route routes[] = {
    /* method  pattern                  handler         capability  flags */
    {"GET",    "/",                     page_home,      CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/plan",                 page_plan,      CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/healthz",              page_healthz,   CAP_PUBLIC, ROUTE_TEXT},
    {"GET",    "/assets/dialturn.css",  page_asset_css, CAP_PUBLIC, ROUTE_NODB},
    /* -- signing in and out -- */
    {"GET",    "/login",                page_login,     CAP_PUBLIC, 0},
    {"POST",   "/login",                post_login,     CAP_PUBLIC, ROUTE_MUTATING | ROUTE_LOGIN},
    {"POST",   "/logout",               post_logout,    CAP_SIGNED_IN, ROUTE_MUTATING},
    /* -- plan, themes, actions -- */
    {"GET",    "/themes",               page_themes,    CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/themes/{ref}",         page_theme,     CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/actions/{ref}",        page_action,    CAP_PUBLIC, ROUTE_CACHE},
    /* -- recommendations, milestones, measures, periods, downloads -- */
    {"GET",    "/recommendations",      page_recommendations,  CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/recommendations/{ref}", page_recommendation,  CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/milestones",           page_milestones,       CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/measures",             page_measures,         CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/measures/{ref}",       page_measure,          CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/data",                 page_data,             CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/data/plan.json",       page_data_plan_json,   CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/data/actions.csv",     page_data_actions_csv, CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/data/updates.csv",     page_data_updates_csv, CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/data/measure_values.csv", page_data_values_csv, CAP_PUBLIC, ROUTE_CACHE},
    /* -- home, search, feeds, accessibility -- */
    {"GET",    "/search",                 page_search,        CAP_PUBLIC, 0},
    {"GET",    "/feed.atom",              page_feed_site,     CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/actions/{ref}/feed.atom", page_feed_action,  CAP_PUBLIC, ROUTE_CACHE},
    {"GET",    "/themes/{ref}/feed.atom", page_feed_theme,    CAP_PUBLIC, ROUTE_CACHE},
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
    /* -- accounts -- */
    {"GET",    "/work/users",            page_users,     CAP_USERS, 0},
    {"POST",   "/work/users",            post_users,     CAP_USERS, ROUTE_MUTATING},
    {"GET",    "/work/users/{username}", page_user,      CAP_USERS, 0},
    {"POST",   "/work/users/{username}", post_user,      CAP_USERS, ROUTE_MUTATING},
    {"GET",    "/work/account",          page_my_account, CAP_SIGNED_IN, 0},
    {"POST",   "/work/account/password", post_my_password, CAP_SIGNED_IN, ROUTE_MUTATING},
    {"POST",   "/work/account/tokens",   post_my_token,  CAP_SIGNED_IN, ROUTE_MUTATING},
    {"POST",   "/work/account/tokens/{id}/revoke", post_my_token_revoke, CAP_SIGNED_IN,
     ROUTE_MUTATING},
    /* -- monthly cycle -- */
    {"GET",    "/work",                  page_work,      CAP_SIGNED_IN, 0},
    {"GET",    "/work/updates/{ref}",    page_update,    CAP_UPDATE, 0},
    {"POST",   "/work/updates/{ref}",    post_update,    CAP_UPDATE, ROUTE_MUTATING},
    {"GET",    "/work/review",           page_review,    CAP_REVIEW, 0},
    {"POST",   "/work/review/{id}",      post_review,    CAP_REVIEW, ROUTE_MUTATING},
    {"GET",    "/work/chase",            page_chase,     CAP_REVIEW, 0},
    {"GET",    "/work/periods",          page_periods,   CAP_SIGNED_IN, 0},
    {"POST",   "/work/periods",          post_period_open, CAP_PERIODS, ROUTE_MUTATING},
    {"POST",   "/work/periods/{month}/close", post_period_close, CAP_PERIODS, ROUTE_MUTATING},
    {"POST",   "/work/periods/{month}/sign-off", post_period_sign_off, CAP_SIGN_OFF,
     ROUTE_MUTATING},
    {"GET",    "/work/actions/{ref}/closure", page_closure, CAP_UPDATE, 0},
    {"POST",   "/work/actions/{ref}/closure", post_closure, CAP_UPDATE, ROUTE_MUTATING},
    {"GET",    "/work/closures",         page_closures,  CAP_CLOSE, 0},
    {"POST",   "/work/closures/{id}",    post_closure_decide, CAP_CLOSE, ROUTE_MUTATING},
    {"POST",   "/api/v1/actions/{ref}/update", api_update, CAP_UPDATE,
     ROUTE_JSON | ROUTE_MUTATING},
    /* -- documents, assurance, history -- */
    {"GET",    "/work/documents",        page_documents, CAP_SIGNED_IN, 0},
    {"POST",   "/work/documents",        post_documents, CAP_UPLOAD, ROUTE_MUTATING},
    {"GET",    "/documents/{id}",        page_document,  CAP_PUBLIC, 0},
    {"GET",    "/work/assurance",        page_assurance, CAP_READ_RESTRICTED, 0},
    {"POST",   "/work/assurance",        post_assurance, CAP_ASSURE, ROUTE_MUTATING},
    {"GET",    "/work/actions/{ref}/history", page_history, CAP_READ_HISTORY, 0},
    /* -- versions and plan editing -- */
    {"GET",    "/work/versions",         page_versions,  CAP_SIGNED_IN, 0},
    {"POST",   "/work/versions",         post_versions,  CAP_EDIT_PLAN, ROUTE_MUTATING},
    {"GET",    "/work/versions/{n}",     page_version,   CAP_SIGNED_IN, 0},
    {"POST",   "/work/versions/{n}/submit", post_version_submit, CAP_EDIT_PLAN, ROUTE_MUTATING},
    {"POST",   "/work/versions/{n}/approve", post_version_approve, CAP_APPROVE_VERSION,
     ROUTE_MUTATING},
    {"POST",   "/work/versions/{n}/sign-off", post_version_sign_off, CAP_SIGN_OFF_VERSION,
     ROUTE_MUTATING},
    {"GET",    "/work/versions/{a}/diff/{b}", page_version_diff, CAP_SIGNED_IN, 0},
    {"GET",    "/work/plan/{kind}/new",  page_plan_item_new, CAP_EDIT_PLAN, 0},
    {"POST",   "/work/plan/{kind}/new",  post_plan_item_new, CAP_EDIT_PLAN, ROUTE_MUTATING},
    {"GET",    "/work/plan/{kind}/{ref}", page_plan_item, CAP_EDIT_PLAN, 0},
    {"POST",   "/work/plan/{kind}/{ref}", post_plan_item, CAP_EDIT_PLAN, ROUTE_MUTATING},
    {"POST",   "/work/plan/{kind}/{ref}/retire", post_plan_item_retire, CAP_EDIT_PLAN,
     ROUTE_MUTATING},
    {"POST",   "/work/plan/{kind}/{ref}/reinstate", post_plan_item_reinstate, CAP_EDIT_PLAN,
     ROUTE_MUTATING},
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

/* Opens the worker's read-write connection for r, acting as the signed-in
 * user (or "web").  Answers 503 and returns false when it cannot be opened. */
static bool want_wdb(struct req *r)
{
    if (r->wdb)
        return true;
    char err[512] = "no server (publishing)";
    if (!r->srv) {
        req_error(r, 503, NULL);
        return false;
    }
    r->wdb = server_worker_wdb(r->srv, r->cfg, err, sizeof err);
    if (!r->wdb) {
        fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri, err);
        req_error(r, 503, NULL);
        return false;
    }
    db_set_actor(r->wdb, "web"); /* the connection outlives the last request's user */
    return true;
}

/* The bearer token of "Authorization: Bearer TOKEN", or NULL. */
static const char *bearer(const struct req *r)
{
    const char *a = r->authorization;
    if (!a || strncasecmp(a, "Bearer ", 7) != 0)
        return NULL;
    a += 7;
    while (*a == ' ')
        a++;
    return *a ? a : NULL;
}

/* Finds who is asking: the session of the cookie, or, on the write API, the
 * API token (cookies do not count there, so a page cannot make a browser
 * write through the API).  Sets r->user when someone is found.  Returns
 * false when it answered (a database failure). */
static bool authenticate(struct req *r)
{
    const struct route *rt = r->route;
    bool api_write = (rt->flags & ROUTE_JSON) && (rt->flags & ROUTE_MUTATING);
    const char *token = api_write ? bearer(r) : r->cookie_session;
    if ((rt->flags & ROUTE_NODB) || !r->srv || !token || !*token) {
        if ((rt->flags & ROUTE_MUTATING) && !want_wdb(r))
            return false;
        return true;
    }
    if (!want_wdb(r))
        return false;
    int found = api_write ? api_token_find(r->wdb, token, &r->user_store)
                          : session_find(r->wdb, token, time(NULL), &r->user_store);
    if (found < 0) {
        fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri, r->wdb->err);
        req_error(r, 500, NULL);
        return false;
    }
    if (found) {
        r->user = &r->user_store;
        db_set_actor(r->wdb, r->user->username);
    }
    return true;
}

/* Checks the route's capability.  An anonymous reader asking for a page is
 * sent to sign in and brought back; a signed-in user who lacks the
 * capability is told which roles hold it.  Returns false when it answered. */
static bool authorize(struct req *r)
{
    const struct route *rt = r->route;
    if (req_may(r, rt->cap))
        return true;
    if (!r->user) {
        if ((rt->flags & ROUTE_JSON)) {
            req_error(r, 401, "This needs an API token: send \"Authorization: Bearer TOKEN\".");
        } else if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0) {
            struct buf to = BUF_INIT;
            html_printf(&to, "/login?next=%U", r->path);
            req_redirect(r, buf_str(&to));
            buf_free(&to);
        } else {
            req_error(r, 403,
                      "You are not signed in, or your session has ended. Sign in and "
                      "try again.");
        }
        return false;
    }
    char who[160], why[512];
    cap_holders(rt->cap, who, sizeof who);
    snprintf(why, sizeof why,
             "You are signed in as %s, whose role (%s) does not allow you to %s. "
             "That needs the role of %s.",
             r->user->username, role_label(r->user->role), cap_label(rt->cap), who);
    req_error(r, 403, why);
    return false;
}

/* Checks the CSRF token of a state-changing form: the session's token, or
 * for the sign-in form (no session yet) the double-submit cookie.  The API's
 * writes carry a token in a header instead, which a page cannot forge.
 * Returns false when it answered 403. */
static bool check_csrf(struct req *r)
{
    const struct route *rt = r->route;
    if (!(rt->flags & ROUTE_MUTATING))
        return true;
    if (rt->flags & ROUTE_JSON) /* authenticate() took only a bearer token */
        return true;
    const char *sent = req_form(r, "csrf");
    const char *want = (rt->flags & ROUTE_LOGIN) ? r->cookie_csrf : r->user ? r->user->csrf : NULL;
    size_t n = want ? strlen(want) : 0;
    if (sent && n == TOKEN_HEX_LEN && strlen(sent) == n && sodium_memcmp(sent, want, n) == 0)
        return true;
    req_error(r, 403,
              "This form has expired or did not come from this site. Go back, reload "
              "the page and try again.");
    return false;
}

/* Refuses, with 400 naming the field, a state-changing form whose text (a
 * field's name or value; files are bytes and exempt) or a path capture is not
 * valid UTF-8: what is stored is text, and the ledger's JSON takes nothing
 * else.  Returns false when it answered. */
static bool check_text(struct req *r)
{
    if (!(r->route->flags & ROUTE_MUTATING))
        return true;
    const char *bad = NULL;
    for (size_t i = 0; i < r->nparams && !bad; i++)
        if (!text_utf8_valid(r->params[i].value))
            bad = r->params[i].name;
    for (size_t i = 0; i < r->nform && !bad; i++)
        if (!r->form[i].filename &&
            (!text_utf8_valid(r->form[i].name) || !text_utf8_valid(r->form[i].value) ||
             strlen(r->form[i].value) != r->form[i].len))
            bad = r->form[i].name;
    if (!bad)
        return true;
    char why[200];
    text_printf(why, sizeof why, "The field %s is not text (UTF-8). Correct it and try again.",
                TEXT_CLIP(bad, 64));
    req_error(r, 400, why);
    return false;
}

bool route_resolve(struct req *r)
{
    struct capture caps[WEB_MAX_PARAMS], c[WEB_MAX_PARAMS];
    size_t ncaps = 0, nc;
    const struct route *hit = NULL;
    /* HEAD is GET without the body (libmicrohttpd drops the body). */
    const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;

    if (r->uri_len > WEB_MAX_URI) {
        req_error(r, 414, NULL);
        return false;
    }
    if (r->too_many_args) {
        req_error(r, 400, "The web address has more query parameters than any page here takes.");
        return false;
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
            return false;
        }
        req_error(r, 405, NULL); /* r->allow goes out as the Allow header */
        return false;
    }
    r->allow[0] = '\0';
    r->route = hit;
    set_params(r, caps, ncaps);
    return true;
}

void route_dispatch(struct req *r)
{
    const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
    if (!route_resolve(r))
        return;
    const struct route *hit = r->route;
    /* Public pages read a record connection (model/record.h): the plan as
     * the latest signed-off month's record holds it, and nothing unsigned. */
    bool public_read = hit->cap == CAP_PUBLIC && strcmp(hit->method, "GET") == 0;
    if (!(hit->flags & ROUTE_NODB) && !r->db) { /* publish brings its own connection */
        char err[512];
        r->db = public_read ? server_worker_pdb(r->srv, r->cfg, err, sizeof err)
                            : server_worker_db(r->srv, r->cfg, err, sizeof err);
        if (!r->db) {
            fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri, err);
            req_error(r, 503, NULL);
            return;
        }
    }
    if (r->db && record_is_connection(r->db)) {
        struct pub_scope latest;
        if (pub_scope_resolve(r->db, NULL, &latest) != PUB_SCOPE_OK) {
            fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri, r->db->err);
            req_error(r, 500, NULL);
            return;
        }
        r->record = latest.latest_head;
        r->record_latest = latest.latest;
    }
    if (!authenticate(r) || !authorize(r) || !check_csrf(r) || !check_text(r))
        return;
    /* a page made for a signed-in person is never a shared version of the page */
    if (strcmp(method, "GET") == 0 && !r->user && cond_not_modified(r)) {
        r->status = 304;
        return;
    }
    if (r->etag[0] && (hit->flags & ROUTE_CACHE) && server_cache_lookup(r))
        return;
    r->status = 200;
    r->content_type = CT_HTML;
    if (hit->handler(r) != 0) {
        fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri,
                r->err[0] ? r->err : "handler failed");
        req_error(r, 500, NULL);
    }
    /* The worker's connection serves the next request too: a handler that
     * left a transaction open must not hand it on half-done. */
    if (r->wdb && !sqlite3_get_autocommit(r->wdb->h)) {
        fprintf(stderr, "dialturn: bug: %s %s left a transaction open; rolled back\n", r->method,
                r->log_uri);
        db_rollback(r->wdb);
    }
}

void web_routes_print(FILE *out)
{
    for (size_t i = 0; i < NROUTES; i++) {
        const struct route *rt = &routes[i];
        fprintf(out, "%s\t%s\t%s\t", rt->method, rt->pattern, cap_label(rt->cap));
        if (rt->cap == CAP_PUBLIC)
            fprintf(out, "anyone");
        for (int k = 0, n = 0; rt->cap != CAP_PUBLIC && k < ROLE__MAX; k++)
            if (role_has((enum role)k, rt->cap))
                fprintf(out, "%s%s", n++ ? "," : "", role_code((enum role)k));
        fprintf(out, "\n");
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
        else if ((rt->flags & ROUTE_MUTATING) && strcmp(rt->method, "POST") != 0)
            why = "a mutating route must be a POST";
        else if ((rt->flags & ROUTE_MUTATING) && rt->cap == CAP_PUBLIC &&
                 !(rt->flags & ROUTE_LOGIN))
            why = "a public route cannot change anything";
        else if ((rt->flags & ROUTE_CACHE) &&
                 (rt->cap != CAP_PUBLIC || strcmp(rt->method, "GET") != 0))
            why = "only a public GET route can be cached";
        if (why) {
            snprintf(err, errlen, "route %zu (%s %s): %s", i, rt->method ? rt->method : "?",
                     rt->pattern ? rt->pattern : "?", why);
            return -1;
        }
    }
    return 0;
}

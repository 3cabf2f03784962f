/* web.h — what the parts of the web layer share: the request context, the
 * route table's types, and the handlers.  Not for use outside src/web/ (the
 * rest of dialturn sees only server.h).
 *
 * A request travels: server.c (libmicrohttpd glue: builds a `struct req`) →
 * route.c (finds the route, checks its capability, hands it the worker's
 * database) → a page_*.c handler (asks the model, calls a view) → view_*.c
 * (renders into r->out through html_printf) → server.c (adds the headers,
 * sends, logs).  Handlers and views never see libmicrohttpd. */
#ifndef DIALTURN_WEB_H
#define DIALTURN_WEB_H
#include "lib/buf.h"
#include "lib/ferr.h"
#include "web/field.h"
#include "model/account.h"
#include "model/db.h"
#include "model/record.h"
#include "model/role.h"
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define WEB_MAX_URI        2048        /* longer request targets get 414 */
#define WEB_MAX_ARGS       32          /* query arguments kept; more get 400 */
#define WEB_MAX_DISCARD    65536       /* body bytes of a GET we read and drop before closing */
#define WEB_MAX_PARAMS     4           /* {name} captures in one route pattern */
#define WEB_ORG_NAME_MAX   256         /* bytes of the organisation's name kept for error pages */
#define WEB_MAX_FORM       (1u << 20)  /* bytes of a form body without files */
#define WEB_MAX_BODY       (12u << 20) /* bytes of any request body (uploads); more gets 413 */
#define WEB_MAX_FIELDS     256         /* form fields kept; more gets 400 */
#define WEB_COOKIE_SESSION "dialturn_session" /* the session token */
#define WEB_COOKIE_CSRF    "dialturn_csrf"    /* the sign-in form's double-submit token */

/* Fixed for the life of the server: set before the daemon starts, then only
 * read, by every thread.  The only state the threads share besides the list of
 * open databases (server.c, under its own lock). */
struct web_config {
    const char *db_path;             /* the organisation's database file; not owned */
    char org_name[WEB_ORG_NAME_MAX]; /* read at start-up, for pages that need no query */
    const char *notice;              /* banner on every page, or NULL; not owned */
    time_t started;                  /* when the server started: part of every validator */
    size_t index;                    /* this organisation's place in the server's list */
    char slug[72];                   /* organisation.slug */
    char timezone[64];               /* organisation.timezone: where times are shown */
    char base[80];                   /* path prefix of its pages: "" alone, "/slug" in a
                                        directory of organisations */
};

/* The frame's facts for views, from the configuration (and, with
 * WEB_SITE_R, from the request: who is signed in). */
#define WEB_SITE(cfg) ((struct view_site){(cfg)->org_name, (cfg)->notice, NULL, NULL, NULL, false})
#define WEB_SITE_R(r)                                                                              \
    ((struct view_site){(r)->cfg->org_name, (r)->cfg->notice, NULL, NULL, (r)->user,               \
                        (r)->srv != NULL})

/* What a route requires of the requester: a capability (model/role.h).
 * CAP__UNSET is zero on purpose: a route whose entry forgets its capability is
 * refused at start-up (route_check) rather than silently public.  A route
 * other than CAP_PUBLIC is answered, for an anonymous reader, with a redirect
 * to the sign-in page (GET) or a 403 (anything else); for a signed-in user
 * who lacks the capability, with a 403 page saying which roles hold it. */
enum route_flags {
    ROUTE_NODB = 1,         /* needs no database (static assets): no connection is opened */
    ROUTE_TEXT = 2,         /* answers text/plain, so error bodies are plain text too */
    ROUTE_MUTATING = 4,     /* changes state (POST): the dispatcher checks the form's CSRF
                               token against the session's and gives the handler r->wdb.  On
                               a ROUTE_JSON route the requester must instead present an API
                               token ("Authorization: Bearer TOKEN"); cookies are ignored
                               there, so no CSRF applies; the body is JSON in r->body */
    ROUTE_JSON = 8,         /* answers JSON (the API), so errors are JSON too */
    ROUTE_LOGIN = 16,       /* the sign-in form's POST: CSRF by the double-submit cookie
                               (there is no session yet) */
    ROUTE_CACHE = 32,       /* a public page worth keeping rendered: its answers to readers
                               who are not signed in are kept in the server's page cache
                               by (organisation, ETag, whole request target) */
    ROUTE_FORM_ERRORS = 64, /* the handler re-shows its form with the dispatcher's
                               refusals (r->ferr) at their fields: it is called even when
                               r->ferr holds some, and must then change nothing */
    ROUTE_TOKEN = 128,      /* a page a machine reads (metrics): an API token
                               ("Authorization: Bearer TOKEN") is taken as well as a
                               session, and an anonymous reader gets 401, not the
                               sign-in page */
    ROUTE_MAIL_TOKEN = 256, /* a public POST reached from a link in a mail: the handler
                               checks the subscription token of its ?t=, which only the
                               mailbox knows, so no CSRF token applies (RFC 8058's
                               one-click unsubscribe comes from the mail client, with no
                               cookie) */
    ROUTE_LIVE = 512,       /* a public page about what no month's record holds (the
                               panel's meetings): read on the worker's ordinary connection,
                               its validators follow the ledger's head, never a month's seal */
    ROUTE_ENGAGED = 1024,   /* a page of a month's record that also shows the public
                               engagement beside it ("you said, we did" on an action), which
                               is read live: its validators, and so its page-cache key, add
                               engagement_public_version, so an event withdrawn from the
                               public leaves the page at once */
};

struct req;
struct MHD_PostProcessor;
struct MHD_Connection;

/* A handler fills r->out, r->status and r->content_type (or calls req_error)
 * and returns 0; or returns -1 with a reason in r->err for the log, and the
 * dispatcher answers 500. */
typedef int (*route_handler)(struct req *r);

struct route {
    const char *method;              /* "GET", "POST"; GET routes also answer HEAD */
    const char *pattern;             /* "/", "/assets/dialturn.css", "/actions/{ref}" */
    route_handler handler;           /* page_*() */
    enum cap cap;                    /* required capability */
    unsigned flags;                  /* enum route_flags */
    const struct field_spec *fields; /* what it takes (field.h), ended by FIELD_END; NULL
                                        for nothing.  Every {capture} must be declared */
};

/* A field of a submitted form (application/x-www-form-urlencoded or
 * multipart/form-data); owned by the request. */
struct req_field {
    char *name;         /* field name */
    char *value;        /* its value, NUL-terminated (files: the bytes, also NUL-terminated) */
    size_t len;         /* bytes in value */
    size_t cap;         /* bytes allocated for value (form.c) */
    char *filename;     /* for a file: the name the browser gave, else NULL */
    char *content_type; /* for a file: the type the browser gave, else NULL */
};

struct req_kv {
    const char *name;  /* as decoded by libmicrohttpd; valid for the request */
    const char *value; /* NULL for "?flag" without '=' */
};

/* One request, from the first line to the access log.  Created and freed by
 * server.c; handlers read the inputs and write the response fields. */
struct req {
    /* inputs, set by server.c before dispatch */
    const struct web_config *cfg;     /* immutable server configuration */
    struct server *srv;               /* the server, for route.c to reach the worker's database */
    char method[16];                  /* request method, truncated; "-" until known */
    const char *path;                 /* decoded path, no query; owned by libmicrohttpd */
    size_t uri_len;                   /* length of the raw request target (path and query) */
    char *target;                     /* the raw request target, whole, owned */
    char *log_uri;                    /* raw target made printable for the log, owned */
    struct req_kv args[WEB_MAX_ARGS]; /* query arguments, in order */
    size_t nargs;                     /* number used */
    bool too_many_args;               /* more than WEB_MAX_ARGS arrived */
    const char *bad_request;          /* why the request line or headers cannot be taken
                                         at their word (static), or NULL: answered 400 */
    struct timespec start;            /* CLOCK_MONOTONIC when the request line arrived */
    const char *if_none_match;        /* request headers, owned by libmicrohttpd; NULL if absent */
    const char *if_modified_since;
    const char *accept_encoding;
    const char *cookie_session;   /* the session cookie's value, or NULL */
    const char *cookie_csrf;      /* the sign-in form's double-submit cookie, or NULL */
    const char *authorization;    /* the Authorization header, or NULL */
    const char *body_type;        /* the request's Content-Type, or NULL */
    char address[64];             /* the client's address, as text */
    bool tls;                     /* served over TLS (cookies get Secure) */
    struct req_field *form;       /* the submitted form's fields, in order; owned */
    size_t nform, capform;        /* used, allocated */
    struct buf body;              /* a body that is not a form (application/json), up to
                                     WEB_MAX_FORM bytes; owned */
    size_t body_bytes;            /* body bytes received */
    bool body_too_large;          /* more than the limit arrived: answered 413 */
    bool bad_body;                /* the form could not be parsed: answered 400 */
    bool posting;                 /* a POST: its body is being read */
    struct MHD_PostProcessor *pp; /* parses the body while it arrives; owned */
    bool seen;                    /* the access handler has run once (headers are in) */
    size_t discarded;             /* request body bytes read and thrown away */
    struct field_errors ferr;     /* the declared input's refusals (route.c); owned */
    /* set by route.c */
    const struct route *route;            /* the matched route, NULL if none */
    struct req_kv params[WEB_MAX_PARAMS]; /* {name} captures; values point into `pathcopy` */
    size_t nparams;                       /* number used */
    char *pathcopy;                       /* owned copy of path holding the capture values */
    struct db *db; /* the worker thread's read-only connection (for public GET routes a record
                      connection, model/record.h); not owned */
    struct record_head record; /* on a record connection: the latest signed-off month's seal,
                                  which the public validators derive from */
    int record_latest;         /* that month's number, or -1 when none is signed off */
    struct db *wdb;            /* the worker's read-write connection, for ROUTE_MUTATING routes and
                                  sessions; its actor is the user's username; not owned */
    const struct session_user *user; /* who is signed in (or holds the API token), or NULL */
    struct session_user user_store;  /* what user points at */
    /* outputs */
    struct buf out;            /* response body (unless static_body is set), owned */
    const void *static_body;   /* body with static storage (embedded assets) or held from the
                                  record memo (body_hold), or NULL */
    size_t static_len;         /* its length */
    void *body_hold;           /* the record memo's hold on static_body (record_memo_hold),
                                  passed to the response that sends it; else dropped by
                                  req_free; NULL when static_body is static */
    unsigned status;           /* HTTP status; 0 until a response is chosen */
    const char *content_type;  /* static string, e.g. "text/html; charset=utf-8" */
    const char *cache_control; /* static string, or NULL for "no-cache" */
    char allow[64];            /* Allow header for 405, "" otherwise */
    long retry_after;          /* seconds for Retry-After (a 429), 0 for none */
    char disposition[160];     /* Content-Disposition (downloads), "" otherwise */
    char etag[128];            /* ETag of a cacheable GET, "" otherwise */
    char *location;            /* Location of a redirect, or NULL; owned */
    char set_cookie[2][256];   /* Set-Cookie headers, "" when unused */
    bool from_cache;           /* the body came from the page cache, as it is sent */
    bool body_gz;              /* the body is gzip-encoded already (from the page cache, or
                                  a kept download) */
    time_t last_modified;      /* Last-Modified of a cacheable GET, 0 otherwise */
    char err[512];             /* a handler's reason for a 500, for the log */
    size_t bytes;              /* body bytes sent, for the log */
    bool responded;            /* a response has been queued */
};

#define CT_HTML    "text/html; charset=utf-8"
#define CT_TEXT    "text/plain; charset=utf-8"
#define CT_CSS     "text/css; charset=utf-8"
#define CT_JSON    "application/json"
#define CT_PROBLEM "application/problem+json"
#define CT_ATOM    "application/atom+xml; charset=utf-8"
#define CT_CSV     "text/csv; charset=utf-8; header=present"
#define CT_SVG     "image/svg+xml"

/* --- req.c --- */

/* Returns the value of query argument `name` ("" for a bare "?name"), or NULL
 * when absent.  The string belongs to the request. */
const char *req_arg(const struct req *r, const char *name);

/* Returns the value of the route capture {name}, or NULL.  Belongs to the request. */
const char *req_param(const struct req *r, const char *name);

/* The value of declared integer field `name` (a capture, query argument or
 * form field, looked for in that order), which the dispatcher has checked
 * against its range; `absent` when it was not sent or was empty. */
long long req_int(const struct req *r, const char *name, long long absent);

/* The value of declared id field `name` (FIELD_ID), or 0 when absent. */
int64_t req_id(const struct req *r, const char *name);

/* Answers `status` (400; 404 for a malformed capture) refusing the fields
 * of fe: on the API, problem details (RFC 9457, application/problem+json)
 * with an "errors" array of {field, message}; on a page, the error page
 * whose summary lists each field and what to fix. */
void req_refuse(struct req *r, unsigned status, const struct field_errors *fe);

/* Answers `status` with problem details (RFC 9457): `detail` (plain text,
 * made safe) and, when fe is not NULL and names any, the "errors" array.
 * For the API's refusals that come from the model. */
void req_problem(struct req *r, unsigned status, const char *detail, const struct field_errors *fe);

/* Answers with an error page for `status` (400, 403, 404, 405, 414, 500, 503):
 * discards whatever the handler had written and renders the page (plain text
 * for ROUTE_TEXT routes).  `detail` is an optional sentence of plain text (it
 * is escaped) saying what to fix; NULL for the standard wording. */
void req_error(struct req *r, unsigned status, const char *detail);

/* Copies the model's reason (r->db->err) into r->err for the log and returns
 * -1, so that the dispatcher answers 500: `return req_model_error(r);`. */
int req_model_error(struct req *r);

/* How req_json() writes a document: keys in insertion order, compact, and 15
 * significant digits (26.1 reads "26.1", not 26.100000000000001). */
#define REQ_JSON_FLAGS (JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15))

/* Answers 200 with `doc` as JSON (keys in insertion order) and releases the
 * reference to doc.  A NULL doc (what json_pack returns when a string is not
 * valid UTF-8) is answered 500 and logged, never a crash.  Returns 0, so
 * handlers can `return req_json(r, doc);`. */
int req_json(struct req *r, json_t *doc);

/* The request's JSON body as jansson reads it, refusing an object with a key
 * twice (which of the two counts would otherwise be jansson's choice); NULL
 * when it is not JSON, with the reason in *err when err is not NULL.  The
 * caller owns the result (json_decref). */
json_t *req_json_body(const struct req *r, json_error_t *err);

/* Returns the value of form field `name` (the first, if repeated), or NULL
 * when absent.  The string belongs to the request. */
const char *req_form(const struct req *r, const char *name);

/* Fills out[] with up to max values of the repeated form field `name`, in
 * order; returns how many there were (may exceed max). */
size_t req_form_all(const struct req *r, const char *name, const char **out, size_t max);

/* Returns the uploaded file of field `name`, or NULL when none was sent (an
 * empty file input sends none). */
const struct req_field *req_file(const struct req *r, const char *name);

/* Answers 303 See Other to `path` (site-absolute, "/work"): after every
 * successful POST, so that reloading the page does not repeat it. */
void req_redirect(struct req *r, const char *path);

/* The double-submit token of a public form (ROUTE_LOGIN: the sign-in form,
 * following, a resident's question): the reader's cookie's, or a new one
 * set now (page_mail.c).  The page carrying it must not be shared by caches
 * (no-store, no ETag). */
void req_public_csrf(struct req *r, char csrf[TOKEN_HEX_LEN + 1]);

/* Marks the response as a file download named `filename` (a plain ASCII name
 * chosen by the handler, not user input). */
void req_download(struct req *r, const char *filename);

/* Makes the body a static buffer (not copied, never freed). */
void req_static_body(struct req *r, const void *data, size_t len);
/* Sends the bytes b, which the record memo keeps (model/record_memo.h): held
 * from the memo until the response has been sent, or copied when the memo
 * does not share them. */
struct record_bytes;
void req_memo_body(struct req *r, const struct record_bytes *b);

/* Frees everything the request owns, and the request itself.  NULL is allowed. */
void req_free(struct req *r);

/* --- form.c --- */

/* Reads the headers a POST needs and prepares to take its body: a form
 * (application/x-www-form-urlencoded, multipart/form-data) goes through
 * libmicrohttpd's post processor into r->form, anything else into r->body.
 * A body declared (Content-Length) larger than the limit sets
 * r->body_too_large at once, before any of it is read. */
void form_begin(struct MHD_Connection *conn, struct req *r);

/* Takes one piece of the body, up to WEB_MAX_FORM bytes (WEB_MAX_BODY for
 * multipart); a form that cannot be parsed sets r->bad_body, more than
 * WEB_MAX_FIELDS fields r->too_many_args, too many bytes r->body_too_large.
 * Returns false when the connection should be closed (far too much sent
 * after the limit).  The last field is complete once r->pp is destroyed. */
bool form_take(struct req *r, const char *data, size_t size);

/* --- route.c --- */

/* The first half of route_dispatch: the limits (414, 400 for too many query
 * arguments), then the route of r->method (HEAD as GET) and r->path, whose
 * {name} captures it copies into r->params (r->pathcopy).  Returns true with
 * r->route set; false after answering 414, 400, 404 or 405 (r->allow set). */
bool route_resolve(struct req *r);

/* Checks the declared input of r->route (set by route_resolve) before its
 * handler runs: path captures, query arguments, form fields and a JSON body,
 * each against its field_spec.  Returns true when the handler may run (a
 * ROUTE_FORM_ERRORS handler then finds its form's refusals in r->ferr);
 * false after answering 404 (a malformed capture) or 400 naming each field. */
bool route_check_inputs(struct req *r);

/* Runs the request through the route table: 414/400/404/405 as needed, the
 * capability check, the worker's database, then the handler (500 on failure).
 * Always leaves a status and a body in r. */
void route_dispatch(struct req *r);

/* Checks the route table once at start-up: every route has a method, a
 * pattern starting with '/', a handler and a capability; only POST changes
 * anything; every {capture} is a declared field, every field has a name and
 * a type, and JSON members are declared only on JSON routes.  Returns 0, or
 * -1 with the first problem in err. */
int route_check(char *err, size_t errlen);

/* --- server.c --- */

/* Returns this worker thread's read-only connection to the database of the
 * organisation `cfg` describes, opening it on first use; it stays open (owned
 * by the server) until the server stops.  Returns NULL with a reason in err
 * when it cannot be opened. */
struct db *server_worker_db(struct server *srv, const struct web_config *cfg, char *err,
                            size_t errlen);

/* The server's rate limits (lib/ratelimit.h), shared by its threads and
 * owned by the server; NULL without a server. */
struct ratelimit *server_limits(struct server *srv);

/* Returns this worker thread's record connection to the organisation's
 * database (model/record.h): what every public page reads, so that it shows
 * a signed-off month's record and nothing else; like server_worker_db
 * otherwise. */
struct db *server_worker_pdb(struct server *srv, const struct web_config *cfg, char *err,
                             size_t errlen);

/* Returns this worker thread's read-write connection to the organisation's
 * database, for changes and sessions; like server_worker_db otherwise. */
struct db *server_worker_wdb(struct server *srv, const struct web_config *cfg, char *err,
                             size_t errlen);

/* Answers r from the server's page cache when it holds this version of this
 * page (r->etag must be set; the route must be ROUTE_CACHE).  Returns true on
 * a hit; false without a server (publish), for another route, or on a miss. */
bool server_cache_lookup(struct req *r);

/* Writes the server's metrics in Prometheus's text format (version 0.0.4)
 * to out: requests by route and status, a histogram of their times, and of
 * the organisation `cfg`: its database's size and its last backup's time.
 * Without a server (publish) writes nothing. */
void server_metrics(const struct server *srv, const struct web_config *cfg, struct buf *out);

/* A month was signed off: the server builds its record memo in the
 * background (warm.h), without waiting for it.  No-op without a server. */
void server_warm(struct server *srv);

/* Makes the process show times in the organisations' zone (TZ), when they
 * share one that this system knows; otherwise times stay in UTC.  Call
 * before any thread starts: localtime_r then reads it safely. */
void server_use_timezone(const struct web_config *orgs, size_t n);

/* --- rebase.c --- */

/* Rewrites the site-absolute links of an HTML or Atom document (href="/…",
 * src="/…", action="/…") to start with `prefix` ("/slug"): how one server
 * serves a directory of organisations without every view knowing.  Returns
 * the new document in a buf the caller frees. */
struct buf rebase_links(const char *doc, size_t len, const char *prefix);

/* --- conditional.c --- */

/* Sets r->etag and r->last_modified for a GET (from the ledger's head when the
 * route uses the database) and says whether the client's copy, named by
 * If-None-Match or If-Modified-Since, is current: the answer is then 304. */
bool cond_not_modified(struct req *r);

/* Formats t as an IMF-fixdate for HTTP headers. */
void cond_format_date(time_t t, char out[32]);

/* --- handlers (page_*.c) --- */
int page_plan(struct req *r);      /* GET /: the improvement plan */
int page_healthz(struct req *r);   /* GET /healthz: "ok" once the database answers */
int page_metrics(struct req *r);   /* GET /metrics: Prometheus's text format, for operators */
int page_asset_css(struct req *r); /* GET /assets/dialturn.css */
int api_openapi(struct req *r);    /* GET /api/v1/openapi.json: the API's description */
/* -- signing in and out (auth.c) -- */
int page_login(struct req *r);  /* GET /login: the sign-in form */
int post_login(struct req *r);  /* POST /login: checks the password, starts a session */
int post_logout(struct req *r); /* POST /logout: ends the session */
/* -- plan, themes, actions -- */
struct pub_scope;
/* page_plan.c: resolves ?as_at into *scope (pub_scope.h).  A malformed value
 * is answered 400 and a month that is not signed off 404, both naming as_at.
 * Returns 0 when resolved, 1 when it answered (the handler then returns 0),
 * or -1 with the reason in r->err. */
int page_scope(struct req *r, struct pub_scope *scope);
/* page_plan.c: runs body(r) inside one read transaction on r->db, so that
 * all its queries see one snapshot (and take the file locks once, not per
 * statement).  Returns what body returns, or -1 with r->err set when the
 * transaction cannot begin. */
int page_read(struct req *r, route_handler body);
/* page_plan.c: reads ?page=N of a list (1 when absent) into *page: the
 * route declares it (route.c: 1 to 100000), so the dispatcher has answered
 * 400 naming it for anything else, the same on every list.  Returns 0; the
 * handler answers 404 past its last page. */
int page_number(struct req *r, size_t *page);
int page_themes(struct req *r); /* GET /themes: themes with counts */
int page_theme(struct req *r);  /* GET /themes/{ref}: one theme and its actions */
int page_action(struct req *r); /* GET /actions/{ref}: one action and its history */
int api_themes(struct req *r);  /* GET /api/v1/themes */
int api_theme(struct req *r);   /* GET /api/v1/themes/{ref} */
int api_actions(struct req *r); /* GET /api/v1/actions (filters, keyset pages) */
int api_action(struct req *r);  /* GET /api/v1/actions/{ref} */
/* page_impact.c: what a slip moves, the critical path (model/pub_critical.h) */
int page_action_impact(struct req *r); /* GET /actions/{ref}/impact?days=N */
int api_action_impact(struct req *r);  /* GET /api/v1/actions/{ref}/impact?days=N */
int page_critical(struct req *r);      /* GET /critical-path: paths and the roadmap */
int api_critical(struct req *r);       /* GET /api/v1/critical-path */
/* -- recommendations, milestones, measures, periods, downloads -- */
struct pub_scope;
int page_recommendations(struct req *r);  /* GET /recommendations: coverage of every review */
int page_recommendation(struct req *r);   /* GET /recommendations/{ref}: its actions, paged */
int page_milestones(struct req *r);       /* GET /milestones: the journey ahead */
int page_measures(struct req *r);         /* GET /measures: every measure, its status and trend */
int page_measure(struct req *r);          /* GET /measures/{ref}: one measure's trend chart */
int page_data(struct req *r);             /* GET /data: the open data downloads */
int page_data_plan_json(struct req *r);   /* GET /data/plan.json: the public dialturn-plan/1 */
int page_data_actions_csv(struct req *r); /* GET /data/actions.csv */
int page_data_updates_csv(struct req *r); /* GET /data/updates.csv: accepted, signed off */
int page_data_values_csv(struct req *r);  /* GET /data/measure_values.csv */
int api_organisation(struct req *r);      /* GET /api/v1/organisation */
int api_periods(struct req *r);           /* GET /api/v1/periods: signed-off months */
int api_recommendations(struct req *r);   /* GET /api/v1/recommendations */
int api_milestones(struct req *r);        /* GET /api/v1/milestones: public ones, forecast */
int api_measures(struct req *r);          /* GET /api/v1/measures */
int api_measure(struct req *r);           /* GET /api/v1/measures/{ref}: with values */
/* -- home, search, feeds, accessibility -- */
int page_home(struct req *r);          /* GET /: headline status, changes, milestones (as_at) */
int page_search(struct req *r);        /* GET /search?q=&type=&page= */
int page_feed_site(struct req *r);     /* GET /feed.atom: monthly reports and updates */
int page_feed_action(struct req *r);   /* GET /actions/{ref}/feed.atom */
int page_feed_theme(struct req *r);    /* GET /themes/{ref}/feed.atom */
int page_accessibility(struct req *r); /* GET /accessibility: the accessibility statement */
/* -- accounts -- */
int page_users(struct req *r);       /* GET /work/users: the accounts, and the form to add one */
int post_users(struct req *r);       /* POST /work/users: adds an account */
int page_user(struct req *r);        /* GET /work/users/{username}: one account's forms */
int post_user(struct req *r);        /* POST /work/users/{username}: op=disable|enable|role|
                                        password */
int page_my_account(struct req *r);  /* GET /work/account: my password and API tokens */
int post_my_password(struct req *r); /* POST /work/account/password: current + new twice */
int post_my_token(struct req *r);    /* POST /work/account/tokens: a new token, shown once */
int post_my_token_revoke(struct req *r); /* POST /work/account/tokens/{id}/revoke */

/* -- monthly cycle -- */
int page_work(struct req *r);            /* GET /work: what the role has to do this month */
int page_update(struct req *r);          /* GET /work/updates/{ref}: the update form */
int post_update(struct req *r);          /* POST /work/updates/{ref}: save a draft or submit */
int api_update(struct req *r);           /* POST /api/v1/actions/{ref}/update (token) */
int page_review(struct req *r);          /* GET /work/review: the review queue */
int page_review_one(struct req *r);      /* GET /work/review/{id}: one update to decide on */
int post_review(struct req *r);          /* POST /work/review/{id}: accept or return */
int page_chase(struct req *r);           /* GET /work/chase: who still owes an update */
int page_periods(struct req *r);         /* GET /work/periods: the months and their forms */
int post_period_open(struct req *r);     /* POST /work/periods: opens the next month */
int post_period_close(struct req *r);    /* POST /work/periods/{month}/close */
int page_period_close(struct req *r);    /* GET /work/periods/{month}/close: confirm */
int post_period_reopen(struct req *r);   /* POST /work/periods/{month}/reopen */
int post_period_sign_off(struct req *r); /* POST /work/periods/{month}/sign-off */
int page_closure(struct req *r);         /* GET /work/actions/{ref}/closure */
int post_closure(struct req *r);         /* POST /work/actions/{ref}/closure: propose */
int page_dials(struct req *r);           /* GET /work/measures */
int page_dial(struct req *r);            /* GET /work/measures/{ref} */
int post_dial(struct req *r);            /* POST /work/measures/{ref} */
int api_dial_value(struct req *r);       /* POST /api/v1/measures/{ref}/values (token) */
int page_ms_work(struct req *r);         /* GET /work/milestones */
int post_ms_work(struct req *r);         /* POST /work/milestones/{ref} */
int api_ms_achieved(struct req *r);      /* POST /api/v1/milestones/{ref}/achieved (token) */
int page_export_xlsx(struct req *r);     /* GET /work/export.xlsx */
int page_correction(struct req *r);      /* GET /work/actions/{ref}/corrections */
int post_correction(struct req *r);      /* POST /work/actions/{ref}/corrections */
int page_closures(struct req *r);        /* GET /work/closures: proposals awaiting a decision */
int post_closure_decide(struct req *r);  /* POST /work/closures/{id}: accept or return */

/* -- documents, assurance, history -- */
int page_documents(struct req *r); /* GET /work/documents: what the reader may read; upload form */
int post_documents(struct req *r); /* POST /work/documents: upload (multipart: file, public) */
int page_document(struct req *r);  /* GET /documents/{id}: the file, if the reader may read it */
int page_assurance(struct req *r); /* GET /work/assurance?period=: panel beside council */
int post_assurance(struct req *r); /* POST /work/assurance: a panel member's rating */
int page_history(struct req *r);   /* GET /work/actions/{ref}/history: every change */

/* -- versions and plan editing -- */
int page_versions(struct req *r);         /* GET /work/versions: the versions, a new draft */
int post_versions(struct req *r);         /* POST /work/versions: starts a draft (title) */
int page_version(struct req *r);          /* GET /work/versions/{n}: its items, its next step */
int post_version_submit(struct req *r);   /* POST /work/versions/{n}/submit */
int post_version_approve(struct req *r);  /* POST /work/versions/{n}/approve: approved_on,
                                             approval_ref */
int post_version_sign_off(struct req *r); /* POST /work/versions/{n}/sign-off: signed_off_on */
int post_version_return(struct req *r);   /* POST /work/versions/{n}/return */
int post_version_approval_date(struct req *r); /* POST /work/versions/{n}/approval-date */
int page_version_diff(struct req *r);          /* GET /work/versions/{a}/diff/{b} */
int page_plan_item_new(struct req *r);         /* GET /work/plan/{kind}/new: the form to add one */
int post_plan_item_new(struct req *r);       /* POST /work/plan/{kind}/new: adds it to the draft */
int page_plan_item(struct req *r);           /* GET /work/plan/{kind}/{ref}: its form */
int post_plan_item(struct req *r);           /* POST /work/plan/{kind}/{ref}: saves it */
int post_plan_item_retire(struct req *r);    /* POST /work/plan/{kind}/{ref}/retire: reason */
int post_plan_item_reinstate(struct req *r); /* POST /work/plan/{kind}/{ref}/reinstate */
/* -- monthly progress reports (page_report.c) -- */
int page_reports(struct req *r);          /* GET /reports: every signed-off month's report */
int page_report(struct req *r);           /* GET /reports/{month}[.md|.pdf]: one report */
int page_report_statement(struct req *r); /* GET /work/periods/{month}/statement */
/* page_sos.c: the reports to the Secretary of State */
int page_sos_public(struct req *r);      /* GET /reports/sos/{ref} (and {ref}.pdf) */
int page_reports_atom(struct req *r);    /* GET /reports.atom */
int page_work_sos(struct req *r);        /* GET /work/sos */
int post_work_sos(struct req *r);        /* POST /work/sos: start */
int page_work_sos_report(struct req *r); /* GET /work/sos/{ref} */
int post_sos_refresh(struct req *r);     /* POST /work/sos/{ref}/refresh */
int post_sos_section(struct req *r);     /* POST /work/sos/{ref}/sections/{key} */
int post_sos_approve(struct req *r);     /* POST /work/sos/{ref}/approve */
int post_sos_publish(struct req *r);     /* POST /work/sos/{ref}/publish */
int post_sos_response(struct req *r);    /* POST /work/sos/{ref}/response */
/* api_sos.c: the published reports in the read API (404 for any other) */
int api_sos_reports(struct req *r); /* GET /api/v1/reports/sos: a page of them */
int api_sos_report(struct req *r);  /* GET /api/v1/reports/sos/{ref}: one, with its sections */
struct sos_report;
/* The published text (view_sos_article) and the PDF of report s into html
 * and pdf (either NULL: not made), from its span's records on pdb, dated
 * `day`.  Returns 0, or -1 with err. */
int sos_render(struct db *pdb, const char *org, const struct sos_report *s, day_t day,
               struct buf *html, struct buf *pdf, char *err, size_t errlen);
int post_report_statement(struct req *r); /* POST /work/periods/{month}/statement */
/* Makes the report of `month` on db, a record connection, in `format`
 * ("html", "md", "pdf"), appending it to out; the page is framed for a reader
 * who is not signed in.  Returns 1, 0 when the month is not signed off, or
 * -1 with a reason in err. */
int report_render(struct db *db, const struct web_config *cfg, const char *month,
                  const char *format, struct buf *out, char *err, size_t errlen);

/* -- e-mail (page_mail.c) -- */
int page_mail_log(struct req *r);       /* GET /work/mail?page=: what was sent, failed, queued */
int page_account_mail(struct req *r);   /* GET /work/account/mail: my address, my choices */
int post_account_mail(struct req *r);   /* POST /work/account/mail: address, kind (repeated) */
int page_follow(struct req *r);         /* GET /follow?topic=: the public form to follow */
int post_follow(struct req *r);         /* POST /follow: address, topic; mails the confirmation */
int page_follow_confirm(struct req *r); /* GET /follow/confirm?t=: the button to confirm */
int post_follow_confirm(struct req *r); /* POST /follow/confirm?t=: confirms */
int page_unsubscribe(struct req *r);    /* GET /unsubscribe?t=: the button to unsubscribe */
int post_unsubscribe(struct req *r);    /* POST /unsubscribe?t=: unsubscribes (one click) */

#endif

/* server.h — the built-in web server (`dialturn serve`).
 *
 * Serves one organisation's database (or a directory of them) over HTTP on
 * libmicrohttpd with a pool of worker threads (one per CPU), each with its
 * own SQLite connections: a read-only one for pages, a read-write one for
 * sessions and the signed-in side's changes.  Put a TLS-terminating proxy in front of it for the
 * internet. */
#ifndef DIALTURN_SERVER_H
#define DIALTURN_SERVER_H
#include <stddef.h>
#include <stdio.h>

#define WEB_PER_ADDRESS 64u /* default: open connections from one client address */
#define WEB_REQUEST_S   30u /* default: seconds to send a whole request, headers and body */

/* How the server meets its clients: what one may take of it (zero means the
 * default), and whom to believe about who a client is. */
struct web_options {
    unsigned per_address;      /* open connections from one address; more are refused at once */
    unsigned request_s;        /* seconds from a connection's opening (or its last answer) to the
                                  last byte of the next request; then the connection is closed */
    const char *trusted_proxy; /* numeric address of the reverse proxy in front ("127.0.0.1"),
                                  or NULL: only a request from it has its client's address
                                  taken from X-Forwarded-For, for the sign-in throttle and
                                  the sessions' record; not owned */
    const char *backup_dir;    /* where `dialturn backup --dir` writes, so that /metrics can
                                  say when the last copy was taken; NULL: not said; not
                                  owned */
    const char *smtp_relay;    /* the relay mail goes through, over the organisations' own
                                  setting (`mail config`), or NULL; not owned */
    unsigned mail_backoff_s;   /* the first retry's delay of a deferred mail (0: default) */
};

/* Serves `db_path` on `listen`, with `notice` (or NULL) as a banner on every
 * page ("127.0.0.1:8080", "[::1]:8080"; port 0 picks
 * a free one), with `options` (NULL: the defaults).  Once listening, prints
 *     dialturn: serving <organisation name> on http://ADDR:PORT/
 * to stdout (flushed), then blocks until SIGINT or SIGTERM, lets requests in
 * flight finish (for up to two seconds; a second signal cuts that short), stops
 * and returns 0.  Returns -1 with a one-line reason in `err` if it cannot start
 * (database missing or unreadable, address unusable or in use).  Access log and
 * server errors go to stderr.  SIGINT and SIGTERM are blocked in the calling
 * thread while it runs and the previous mask is restored on return. */
int web_serve(const char *db_path, const char *listen, const char *notice,
              const struct web_options *options, char *err, size_t errlen);

/* What a publication wrote. */
struct publish_stats {
    size_t pages;   /* HTML and Atom documents */
    size_t files;   /* every file, pages included */
    size_t bytes;   /* their total size */
    size_t broken;  /* links to pages that answered 404 (should be 0) */
    double seconds; /* wall-clock time */
};

/* Writes the public site of `db_path` as static files under `out_dir`
 * (created if missing; files in it are overwritten): every page reachable
 * from the home page, the feeds, the data downloads and the stylesheet, with
 * relative links, and 404.html.  Fills *st.  Returns 0, or -1 with the reason
 * in err. */
int web_publish(const char *db_path, const char *out_dir, struct publish_stats *st, char *err,
                size_t errlen);

/* Prints the route table, one route a line: method, pattern, the
 * capability's meaning, and the codes of the roles that hold it
 * ("admin,pmo"; "anyone" for public routes), separated by tabs: the site's permission map, for
 * audits and for the authorization tests. */
void web_routes_print(FILE *out);

/* Writes the route table as JSON, for tests and audits: an array of
 * {method, pattern, capability, public, json, mutating, roles, fields}, each
 * field {name, in, type, required, repeated, and its limits: max, multiline,
 * min, choices}. */
void web_routes_json(FILE *out);

#endif

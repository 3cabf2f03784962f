/* server.c — libmicrohttpd glue: the daemon, worker databases, responses,
 * the access log, and stopping on a signal.
 *
 * Threads: libmicrohttpd runs a pool of worker threads (one per CPU), each
 * polling its own connections with epoll.  A request is handled entirely on
 * one worker, which has its own read-only SQLite connection, opened on the
 * worker's first request that needs it and found again through a pthread key
 * held in `struct server`.  The server keeps every connection it opened in a
 * list (under `lock`) and closes them after the daemon has stopped, when no
 * worker can be using one.  Nothing else is shared between threads except the
 * configuration, which is not written once the daemon starts. */
#include "lib/smtp.h"
#include "model/mail_send.h"
#include "web/server.h"
#include "lib/gzip.h"
#include "web/server_test.h"
#include "model/record_memo.h"
#include "lib/ratelimit.h"
#include "web/page_cache.h"
#include "model/backup.h"
#include "model/org.h"
#include "model/record.h"
#include "web/view.h"
#include "web/warm.h"
#include "web/web.h"
#include <dirent.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WEB_MAX_THREADS     64            /* worker pool bound, whatever the CPU count */
#define WEB_MAX_CONNECTIONS 1024u         /* open connections, over all workers */
#define WEB_TIMEOUT_S       30u           /* idle seconds before a connection is closed */
#define WEB_CONN_MEMORY     (64u * 1024u) /* per connection: request line, headers */
#define WEB_LOG_URI_MAX     512           /* bytes of the request target kept for the log */
#define WEB_DRAIN_MS        2000          /* how long requests in flight get at shutdown */

/* One connection as the deadline keeper sees it (server.c's own record,
 * libmicrohttpd's socket context).  From the moment the connection opens, or
 * its last answer was sent, the client has `request_s` seconds to send a
 * whole request, headers and body: libmicrohttpd's timeout counts only
 * silence, so a client trickling a header line every few seconds would
 * otherwise hold its connection for ever. */
struct conn_track {
    MHD_socket fd;                  /* the connection's socket, open while listed */
    struct timespec since;          /* CLOCK_MONOTONIC: when it began waiting for a request */
    bool reading;                   /* waiting for (part of) a request, not answering one */
    bool cut;                       /* the deadline passed: its socket was shut down */
    bool partial;                   /* a request line has come, its request has not */
    char address[64];               /* the client's address, for the log */
    struct conn_track *prev, *next; /* in struct server's list */
};

/* Request counts and times since the server started, for /metrics. */
#define METRIC_BUCKETS 10
static const double metric_le[METRIC_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                 0.025,  0.05,  0.1,    0.5,   1.0};
struct metric_count {
    const struct route *route; /* NULL: a request no route matched */
    unsigned status;
    unsigned long long n;
};
struct metrics {
    pthread_mutex_t lock;                  /* guards everything below */
    struct metric_count *by;               /* by (route, status), in order of first sight; owned */
    size_t nby, capby;                     /* used, allocated */
    unsigned long long le[METRIC_BUCKETS]; /* requests answered within metric_le[i] s */
    unsigned long long count;              /* every request */
    double sum_s;                          /* their total time */
};

struct server {
    struct web_config *orgs;    /* one per organisation; immutable once started; owned */
    size_t norgs;               /* how many */
    bool multi;                 /* a directory: each organisation under /slug/ */
    struct web_config site;     /* the frame of the index and of pages of no organisation */
    pthread_key_t dbkey;        /* this worker's struct db *[norgs], NULL until first needed */
    pthread_mutex_t lock;       /* guards dbs, ndbs, capdbs */
    struct db ***dbs;           /* every worker's array of connections, owned */
    size_t ndbs, capdbs;        /* used, allocated */
    struct page_cache *cache;   /* rendered answers by version, owned */
    struct ratelimit *limits;   /* what clients may not do too often (/follow), owned */
    unsigned request_s;         /* seconds a client has to send a whole request */
    char trusted_proxy[64];     /* the proxy whose X-Forwarded-For is believed; "" for none */
    const char *backup_dir;     /* where `backup --dir` writes, for /metrics; NULL: unknown */
    struct metrics metrics;     /* for /metrics */
    bool have_metrics;          /* metrics.lock is initialised */
    pthread_mutex_t conns_lock; /* guards conns and stopping */
    pthread_cond_t conns_cond;  /* wakes the deadline keeper to stop */
    struct conn_track conns;    /* list head of the open connections */
    bool stopping;              /* the deadline keeper should return */
    struct warmer *warmer;      /* builds the latest sealed month's record memo (warm.h), or
                                   NULL; owned */
};

#define WEB_CACHE_BYTES (64u * 1024u * 1024u) /* page cache budget */

/* The page cache's key: organisation, version (ETag) and the whole request
 * target as sent (never the log's shortened copy: two addresses that differ
 * only past its cut are two pages). */
static void cache_key(const struct req *r, struct buf *k)
{
    buf_printf(k, "%zu\x1f%s\x1f%s", r->cfg->index, r->etag, r->target);
}

bool server_cache_lookup(struct req *r)
{
    if (!r->srv || !r->srv->cache || !r->route || !(r->route->flags & ROUTE_CACHE))
        return false;
    struct buf k = BUF_INIT;
    struct page_cache_hit hit;
    cache_key(r, &k);
    bool found = page_cache_get(r->srv->cache, buf_str(&k), &hit);
    buf_free(&k);
    if (!found)
        return false;
    buf_reset(&r->out);
    buf_append(&r->out, hit.body, hit.len);
    free(hit.body);
    r->static_body = NULL;
    r->status = 200;
    r->content_type = hit.content_type;
    r->cache_control = hit.cache_control;
    memcpy(r->disposition, hit.disposition, sizeof r->disposition);
    r->last_modified = hit.last_modified;
    r->from_cache = true;
    r->body_gz = hit.gz;
    return true;
}

/* Headers on every response we build.  The policy allows our own stylesheet
 * and images only: no inline script or style, no framing, no <base>. */
static const char *const security_headers[][2] = {
    {"Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
};

/* This worker's array of connections, one slot per organisation, made on
 * first use and listed so that shutdown can close it.  NULL if it cannot be
 * remembered. */
static struct db **worker_dbs(struct server *srv)
{
    struct db **dbs = pthread_getspecific(srv->dbkey);
    if (dbs)
        return dbs;
    /* [0, norgs): read-only; [norgs, 2 norgs): read-write; then record connections */
    dbs = xcalloc(3 * srv->norgs, sizeof *dbs);
    pthread_mutex_lock(&srv->lock);
    srv->dbs = xgrow(srv->dbs, srv->ndbs, &srv->capdbs, sizeof *srv->dbs);
    srv->dbs[srv->ndbs++] = dbs;
    pthread_mutex_unlock(&srv->lock);
    /* if this fails the array stays listed (closed at shutdown) but unused */
    return pthread_setspecific(srv->dbkey, dbs) == 0 ? dbs : NULL;
}

/* A worker's connection reads the same pages request after request; through
 * SQLite's small page cache that meant a pread and a copy of each one every
 * time (the workspace pages of a 10k-action plan: half their time in the
 * kernel).  Mapped, the pages are read in place from the OS's cache, shared
 * by every connection: /work/review 105 -> 445 requests/s.  Returns db. */
static struct db *mapped(struct db *db)
{
    if (db)
        db_exec(db, "PRAGMA mmap_size = 268435456");
    return db;
}

struct db *server_worker_db(struct server *srv, const struct web_config *cfg, char *err,
                            size_t errlen)
{
    struct db **dbs = worker_dbs(srv);
    if (!dbs) {
        snprintf(err, errlen, "cannot remember the worker's databases");
        return NULL;
    }
    if (!dbs[cfg->index])
        dbs[cfg->index] =
            mapped(db_open(cfg->db_path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, errlen));
    return dbs[cfg->index];
}

struct ratelimit *server_limits(struct server *srv)
{
    return srv ? srv->limits : NULL;
}

struct db *server_worker_pdb(struct server *srv, const struct web_config *cfg, char *err,
                             size_t errlen)
{
    struct db **dbs = worker_dbs(srv);
    if (!dbs) {
        snprintf(err, errlen, "cannot remember the worker's databases");
        return NULL;
    }
    struct db **slot = &dbs[2 * srv->norgs + cfg->index];
    if (!*slot) {
        *slot = mapped(db_open(cfg->db_path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, errlen));
        if (*slot && record_connect(*slot)) {
            snprintf(err, errlen, "%s", (*slot)->err);
            db_close(*slot);
            *slot = NULL;
        }
    }
    return *slot;
}

struct db *server_worker_wdb(struct server *srv, const struct web_config *cfg, char *err,
                             size_t errlen)
{
    struct db **dbs = worker_dbs(srv);
    if (!dbs) {
        snprintf(err, errlen, "cannot remember the worker's databases");
        return NULL;
    }
    struct db **slot = &dbs[srv->norgs + cfg->index];
    if (!*slot)
        *slot = mapped(db_open(cfg->db_path, DB_OPEN_MUST_EXIST, err, errlen));
    return *slot;
}

/* Closes every worker connection.  Only after MHD_stop_daemon has joined the
 * workers. */
static void close_worker_dbs(struct server *srv)
{
    for (size_t i = 0; i < srv->ndbs; i++) {
        for (size_t k = 0; k < 3 * srv->norgs; k++)
            db_close(srv->dbs[i][k]);
        free(srv->dbs[i]);
    }
    free(srv->dbs);
    srv->dbs = NULL;
    srv->ndbs = srv->capdbs = 0;
}

/* The deadline keeper's record of conn, or NULL. */
static struct conn_track *track_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* Marks conn as waiting for a request from now (reading) or as answering one. */
static void track_reading(struct server *srv, struct MHD_Connection *conn, bool reading)
{
    struct conn_track *t = track_of(conn);
    if (!t)
        return;
    pthread_mutex_lock(&srv->conns_lock);
    t->reading = reading;
    t->partial = false;
    clock_gettime(CLOCK_MONOTONIC, &t->since);
    pthread_mutex_unlock(&srv->conns_lock);
}

/* libmicrohttpd calls this when a connection opens and when it closes (before
 * its socket is closed): the connection joins or leaves the list. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct server *srv = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        struct conn_track *t = xcalloc(1, sizeof *t);
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        t->fd = fd ? fd->connect_fd : MHD_INVALID_SOCKET;
        t->reading = true;
        clock_gettime(CLOCK_MONOTONIC, &t->since);
        snprintf(t->address, sizeof t->address, "unknown");
        if (ci && ci->client_addr)
            getnameinfo(ci->client_addr,
                        ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                               : sizeof(struct sockaddr_in),
                        t->address, sizeof t->address, NULL, 0, NI_NUMERICHOST);
        pthread_mutex_lock(&srv->conns_lock);
        t->next = srv->conns.next;
        t->prev = &srv->conns;
        t->next->prev = t;
        srv->conns.next = t;
        pthread_mutex_unlock(&srv->conns_lock);
        *socket_context = t;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        struct conn_track *t = *socket_context;
        pthread_mutex_lock(&srv->conns_lock);
        t->prev->next = t->next;
        t->next->prev = t->prev;
        pthread_mutex_unlock(&srv->conns_lock);
        free(t);
        *socket_context = NULL;
    }
}

/* The deadline keeper: once a second, shuts down the socket of every
 * connection that has been waiting for its request longer than request_s.
 * shutdown() leaves the descriptor open (libmicrohttpd closes it after the
 * CLOSED notice, which waits for our lock), and the worker then reads the
 * end of the stream and closes the connection itself. */
static void *deadline_keeper(void *cls)
{
    struct server *srv = cls;
    pthread_mutex_lock(&srv->conns_lock);
    while (!srv->stopping) {
        struct timespec now, wake;
        clock_gettime(CLOCK_MONOTONIC, &now);
        for (struct conn_track *t = srv->conns.next; t != &srv->conns; t = t->next) {
            if (!t->reading || t->cut || now.tv_sec - t->since.tv_sec < (time_t)srv->request_s)
                continue;
            t->cut = true;
            shutdown(t->fd, SHUT_RDWR);
            if (t->partial) /* an idle kept-alive connection goes without a word */
                fprintf(stderr, "dialturn: closed a connection from %s: no whole request in %u s\n",
                        t->address, srv->request_s);
        }
        clock_gettime(CLOCK_REALTIME, &wake);
        wake.tv_sec += 1;
        pthread_cond_timedwait(&srv->conns_cond, &srv->conns_lock, &wake);
    }
    pthread_mutex_unlock(&srv->conns_lock);
    return NULL;
}

/* Copies at most `max` bytes of `s` into a new string that is safe to print on
 * one line: bytes outside '!'..'~', and '\', become \xHH, so a request cannot
 * forge or split log lines.  The caller frees the result. */
static char *printable(const char *s, size_t max)
{
    static const char hex[] = "0123456789abcdef";
    struct buf b = BUF_INIT;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++) {
        if (n == max) {
            buf_puts(&b, "...");
            break;
        }
        if (*p > ' ' && *p < 0x7F && *p != '\\') {
            buf_putc(&b, (char)*p);
        } else {
            char e[4] = {'\\', 'x', hex[*p >> 4], hex[*p & 15]};
            buf_append(&b, e, sizeof e);
        }
    }
    return buf_detach(&b);
}

/* libmicrohttpd calls this once per request with the raw request target, as
 * soon as the request line is read: the start of the request's life.  Returns
 * the new request context (owned by the connection until on_completed). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct server *srv = cls;
    struct req *r = xcalloc(1, sizeof *r);
    clock_gettime(CLOCK_MONOTONIC, &r->start);
    r->cfg = srv->multi ? &srv->site : &srv->orgs[0];
    r->srv = srv;
    snprintf(r->method, sizeof r->method, "-");
    r->uri_len = strlen(uri);
    r->target = xstrdup(uri);
    r->log_uri = printable(uri, WEB_LOG_URI_MAX);
    struct conn_track *t = track_of(conn);
    if (t) {
        pthread_mutex_lock(&srv->conns_lock);
        t->partial = true;
        pthread_mutex_unlock(&srv->conns_lock);
    }
    return r;
}

/* Counts the Content-Length and Transfer-Encoding headers (MHD_KeyValueIterator). */
static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind, (void)value;
    unsigned *n = cls;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
        n[0]++;
    else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
        n[1]++;
    return MHD_YES;
}

/* Why a request cannot be taken at its word, or NULL.  A %00 in the target
 * decodes to a NUL that would cut the path or a value short ("/actions/A1%00x"
 * read as "/actions/A1"): no address here has one.  A body framed two ways
 * (two Content-Lengths, or one with chunked encoding) may be read otherwise
 * by a proxy in front: the shape of request smuggling, refused whole. */
static const char *request_doubt(struct MHD_Connection *conn, const char *target)
{
    for (const char *p = target; p && (p = strchr(p, '%')); p++)
        if (p[1] == '0' && p[2] == '0')
            return "The web address holds an encoded NUL byte (%00), which no address here has.";
    unsigned n[2] = {0, 0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_framing, n);
    if (n[0] > 1 || n[1] > 1 || (n[0] && n[1]))
        return "The request gives its length more than one way.";
    return NULL;
}

/* Collects one query argument into the request (MHD_KeyValueIterator). */
static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    struct req *r = cls;
    if (r->nargs == WEB_MAX_ARGS) {
        r->too_many_args = true;
        return MHD_NO; /* stop iterating */
    }
    r->args[r->nargs++] = (struct req_kv){key, value};
    return MHD_YES;
}

/* Types worth compressing: text of every kind, JSON, SVG. */
static bool compressible(const char *ct)
{
    return ct &&
           (strncmp(ct, "text/", 5) == 0 || strncmp(ct, "application/json", 16) == 0 ||
            strncmp(ct, "application/atom+xml", 20) == 0 || strncmp(ct, "image/svg+xml", 13) == 0);
}

/* Replaces the body with its gzip form when the client accepts it and it is
 * worth it (1 KiB or more of a compressible type).  Static bodies are
 * compressed into r->out, which then owns the result.  Returns whether the
 * body is now compressed. */
static bool maybe_gzip(struct req *r)
{
    const void *body = r->static_body ? r->static_body : r->out.data;
    size_t len = r->static_body ? r->static_len : r->out.len;
    if (len < 1024 || !compressible(r->content_type) || !gzip_accepted(r->accept_encoding) ||
        strcmp(r->method, "HEAD") == 0)
        return false;
    struct buf z = BUF_INIT;
    if (gzip_compress(body, len, &z) != 0) {
        buf_free(&z);
        return false;
    }
    buf_free(&r->out);
    r->out = z;
    r->static_body = NULL;
    r->static_len = 0;
    return true;
}

/* In a directory of organisations, the first path segment names one: point
 * the request at it and strip the prefix, or answer the index ("/") or a 404.
 * Returns true when the request has been answered here. */
static bool select_org(struct server *srv, struct req *r)
{
    if (strcmp(r->path, "/") == 0) {
        struct view_org *list = xcalloc(srv->norgs, sizeof *list);
        for (size_t i = 0; i < srv->norgs; i++)
            list[i] = (struct view_org){srv->orgs[i].org_name, srv->orgs[i].slug};
        view_org_index(&r->out, &WEB_SITE(&srv->site), list, srv->norgs);
        free(list);
        r->status = 200;
        r->content_type = CT_HTML;
        return true;
    }
    if (strncmp(r->path, "/assets/", 8) == 0)
        return false; /* shared by every organisation; needs no database */
    const char *seg = r->path + 1, *end = strchrnul(seg, '/');
    for (size_t i = 0; i < srv->norgs; i++) {
        if (strlen(srv->orgs[i].slug) == (size_t)(end - seg) &&
            strncmp(srv->orgs[i].slug, seg, (size_t)(end - seg)) == 0) {
            r->cfg = &srv->orgs[i];
            r->path = *end ? end : "/";
            return false;
        }
    }
    req_error(r, 404, "No organisation is published at this address.");
    return true;
}

/* Queues r's response with our headers.  The body buffer passes to
 * libmicrohttpd, which frees it.  Returns MHD_NO if the response could not be
 * built, which makes libmicrohttpd close the connection. */
static enum MHD_Result respond(struct MHD_Connection *conn, struct req *r)
{
    struct MHD_Response *resp;
    size_t len;
    bool ok = true;
    if (!r->from_cache && r->cfg->base[0] && !r->static_body && r->content_type &&
        (strncmp(r->content_type, "text/html", 9) == 0 ||
         strncmp(r->content_type, "application/atom+xml", 20) == 0)) {
        struct buf rebased = rebase_links(r->out.data ? r->out.data : "", r->out.len, r->cfg->base);
        buf_free(&r->out);
        r->out = rebased;
    }
    bool gz = r->from_cache || r->body_gz ? r->body_gz && r->status != 304
                                          : r->status != 304 && maybe_gzip(r);

    if (r->status == 304) {
        buf_reset(&r->out); /* a 304 has no body */
        r->static_body = NULL;
    }
    if (r->static_body) {
        len = r->static_len;
        if (r->body_hold) {
            /* bytes the record memo keeps: held until libmicrohttpd has sent them */
            resp = MHD_create_response_from_buffer_with_free_callback_cls(
                len, (void *)r->static_body, record_memo_drop, r->body_hold);
            if (resp)
                r->body_hold = NULL;
        } else {
            resp = MHD_create_response_from_buffer(len, (void *)r->static_body,
                                                   MHD_RESPMEM_PERSISTENT);
        }
    } else {
        len = r->out.len;
        char *body = buf_detach(&r->out);
        if (!r->from_cache && r->status == 200 && r->etag[0] && !r->user && r->srv &&
            r->srv->cache && r->route && (r->route->flags & ROUTE_CACHE) &&
            strcmp(r->method, "GET") == 0) {
            struct buf k = BUF_INIT;
            struct page_cache_hit meta = {.content_type = r->content_type,
                                          .cache_control = r->cache_control,
                                          .last_modified = r->last_modified,
                                          .gz = gz};
            memcpy(meta.disposition, r->disposition, sizeof meta.disposition);
            cache_key(r, &k);
            page_cache_put(r->srv->cache, buf_str(&k), body, len, &meta);
            buf_free(&k);
        }
        resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!resp)
            free(body);
    }
    if (!resp)
        return MHD_NO;
    for (size_t i = 0; i < sizeof security_headers / sizeof *security_headers; i++)
        ok &= MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]) ==
              MHD_YES;
    ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                  r->content_type ? r->content_type : CT_HTML) == MHD_YES;
    /* A page made for a signed-in person is theirs alone, and an answer that
     * sets a cookie carries a secret: no cache, shared or the browser's, keeps
     * either. */
    bool secret = r->user || r->set_cookie[0][0] || r->set_cookie[1][0];
    ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                                  secret             ? "private, no-store"
                                  : r->cache_control ? r->cache_control
                                                     : "no-cache") == MHD_YES;
    if (r->location) {
        struct buf loc = BUF_INIT;
        buf_printf(&loc, "%s%s", r->cfg->base, r->location);
        ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, buf_str(&loc)) == MHD_YES;
        buf_free(&loc);
    }
    for (size_t i = 0; i < sizeof r->set_cookie / sizeof *r->set_cookie; i++)
        if (r->set_cookie[i][0])
            ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie[i]) ==
                  MHD_YES;
    if (r->allow[0])
        ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow) == MHD_YES;
    if (r->retry_after > 0) {
        char secs[24];
        snprintf(secs, sizeof secs, "%ld", r->retry_after);
        ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, secs) == MHD_YES;
    }
    if (r->disposition[0])
        ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, r->disposition) ==
              MHD_YES;
    if (gz)
        ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip") == MHD_YES;
    if (compressible(r->content_type))
        ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding") == MHD_YES;
    if (r->etag[0] && (r->status == 200 || r->status == 304)) {
        char date[32];
        cond_format_date(r->last_modified, date);
        ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag) == MHD_YES;
        ok &= MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, date) == MHD_YES;
    }
    enum MHD_Result ret = ok ? MHD_queue_response(conn, r->status, resp) : MHD_NO;
    if (r->srv)
        track_reading(r->srv, conn, false); /* the request is in: answering */
    MHD_destroy_response(resp);
    r->responded = true;
    /* libmicrohttpd sends HEAD without the body */
    r->bytes = ret == MHD_YES && strcmp(r->method, "HEAD") != 0 ? len : 0;
    return ret;
}

/* Whether s is a numeric IPv4 or IPv6 address. */
static bool address_valid(const char *s)
{
    unsigned char bin[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, s, bin) == 1 || inet_pton(AF_INET6, s, bin) == 1;
}

/* Behind the trusted proxy, the client is the address the proxy put last in
 * X-Forwarded-For (nginx's $proxy_add_x_forwarded_for appends the address it
 * saw; what comes before it is whatever the client claimed, and not believed).
 * Leaves r->address alone when the header is missing or that entry is not an
 * address. */
static void forwarded_address(struct MHD_Connection *conn, struct req *r)
{
    const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (!xff)
        return;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    last += strspn(last, " \t");
    size_t n = strcspn(last, " \t");
    char a[sizeof r->address];
    if (n == 0 || n >= sizeof a || last[n + strspn(last + n, " \t")] != '\0')
        return;
    memcpy(a, last, n);
    a[n] = '\0';
    if (address_valid(a))
        memcpy(r->address, a, n + 1);
}

/* The client's address as text, for throttling and the sessions' record: the
 * connection's peer, or behind the trusted proxy the address it forwards. */
static void client_address(struct server *srv, struct MHD_Connection *conn, struct req *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(r->address, sizeof r->address, "unknown");
    if (!ci || !ci->client_addr)
        return;
    socklen_t sl = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                          : sizeof(struct sockaddr_in);
    if (getnameinfo(ci->client_addr, sl, r->address, sizeof r->address, NULL, 0, NI_NUMERICHOST) !=
        0)
        snprintf(r->address, sizeof r->address, "unknown");
    else if (srv && *srv->trusted_proxy && strcmp(r->address, srv->trusted_proxy) == 0)
        forwarded_address(conn, r);
}

/* The access handler.  libmicrohttpd calls it once the headers are in, then
 * with each piece of the body, then once more with none left.  GET, HEAD and
 * POST are answered on that last call, so that the connection can be kept
 * alive; a POST's body (a form, or JSON for the API) is parsed as it arrives,
 * up to WEB_MAX_FORM bytes (WEB_MAX_BODY for uploads; more is 413).  Any other
 * method is answered at once (404 or 405), and libmicrohttpd then closes the
 * connection rather than read the body.  A GET's stray body is read and
 * dropped, up to WEB_MAX_DISCARD bytes; beyond that the connection is closed. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct server *srv = cls;
    struct req *r = *con_cls;
    if (!r) /* on_uri always runs first; this only keeps a surprise from crashing */
        r = *con_cls = on_uri(cls, url, conn);
    if (r->responded) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (!r->seen) {
        r->seen = true;
        char *m = printable(method, sizeof r->method - 4);
        snprintf(r->method, sizeof r->method, "%s", m);
        free(m);
        r->path = url;
        MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, r);
        r->if_none_match =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
        r->if_modified_since =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
        r->accept_encoding =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
        r->cookie_session = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, WEB_COOKIE_SESSION);
        r->cookie_csrf = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, WEB_COOKIE_CSRF);
        r->authorization =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        r->body_type =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        /* dialturn speaks plain HTTP; a TLS-terminating proxy in front says
         * so, and cookies then get Secure (trusting it can only make them
         * stricter) */
        const char *proto = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
        r->tls = proto && strcasecmp(proto, "https") == 0;
        client_address(srv, conn, r);
        r->bad_request = request_doubt(conn, r->target);
        if (srv->multi && r->uri_len <= WEB_MAX_URI)
            select_org(srv, r); /* may answer (index, unknown organisation): status set */
        if (strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0)
            return MHD_YES;
        if (strcmp(method, MHD_HTTP_METHOD_POST) == 0) {
            r->posting = true;
            form_begin(conn, r);
            if (!r->body_too_large)
                return MHD_YES;
            req_error(r, 413, NULL); /* declared too large: answer before reading it */
        }
    } else if (*upload_data_size && r->posting) {
        bool keep = form_take(r, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return keep ? MHD_YES : MHD_NO;
    } else if (*upload_data_size) {
        r->discarded += *upload_data_size;
        *upload_data_size = 0;
        return r->discarded > WEB_MAX_DISCARD ? MHD_NO : MHD_YES;
    }
    if (r->pp) {
        /* flushes the last field; for a multipart body, MHD_NO when it ended
         * before its closing boundary: a cut-off upload is refused, never
         * stored short.  (A URL-encoded body's last name may come without
         * "=value", which a form may send: that one is kept as it was.) */
        bool multipart = r->body_type && strncasecmp(r->body_type, "multipart/", 10) == 0;
        if (MHD_destroy_post_processor(r->pp) != MHD_YES && multipart)
            r->bad_body = true;
        r->pp = NULL;
    }
    if (!r->status && r->body_too_large)
        req_error(r, 413, NULL);
    else if (!r->status && (r->bad_body || r->too_many_args))
        req_error(r, 400, "The form could not be read. Go back and try again.");
    else if (!r->status) {
        /* the request is in: the deadline is for sending it, not for the answer (the first
         * /data/plan.json of a month at 100,000 actions takes seconds to build) */
        if (r->srv)
            track_reading(r->srv, conn, false);
        route_dispatch(r);
    }
    enum MHD_Result ret = respond(conn, r);
    record_memo_release(); /* what the page read from the memo may give way again */
    return ret;
}

/* Counts one request answered with `status` in `s` seconds. */
static void metrics_count(struct metrics *m, const struct route *rt, unsigned status, double s)
{
    pthread_mutex_lock(&m->lock);
    size_t i = 0;
    while (i < m->nby && (m->by[i].route != rt || m->by[i].status != status))
        i++;
    if (i == m->nby) {
        m->by = xgrow(m->by, m->nby, &m->capby, sizeof *m->by);
        m->by[m->nby++] = (struct metric_count){rt, status, 0};
    }
    m->by[i].n++;
    for (int k = 0; k < METRIC_BUCKETS; k++)
        if (s <= metric_le[k])
            m->le[k]++;
    m->count++;
    m->sum_s += s;
    pthread_mutex_unlock(&m->lock);
}

/* Size in bytes of the file at path, 0 when there is none. */
static long long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

/* When the newest copy of `slug` in dir was taken (its name says), or 0. */
static time_t last_backup(const char *dir, const char *slug)
{
    DIR *d = dir ? opendir(dir) : NULL;
    time_t newest = 0, t;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (backup_name_parse(e->d_name, slug, &t) && t > newest)
            newest = t;
    if (d)
        closedir(d);
    return newest;
}

void server_warm(struct server *srv)
{
    if (srv)
        warm_wake(srv->warmer);
}

void server_metrics(const struct server *srv, const struct web_config *cfg, struct buf *out)
{
    if (!srv || !srv->have_metrics)
        return;
    struct metrics *m = (struct metrics *)&srv->metrics; /* the lock, not the server, changes */
    buf_puts(out, "# HELP dialturn_requests_total Requests answered, by route and status.\n"
                  "# TYPE dialturn_requests_total counter\n");
    pthread_mutex_lock(&m->lock);
    for (size_t i = 0; i < m->nby; i++)
        buf_printf(out, "dialturn_requests_total{method=\"%s\",route=\"%s\",status=\"%u\"} %llu\n",
                   m->by[i].route ? m->by[i].route->method : "",
                   m->by[i].route ? m->by[i].route->pattern : "unmatched", m->by[i].status,
                   m->by[i].n);
    buf_puts(out,
             "# HELP dialturn_request_seconds Time from a request's first line to its answer.\n"
             "# TYPE dialturn_request_seconds histogram\n");
    for (int k = 0; k < METRIC_BUCKETS; k++)
        buf_printf(out, "dialturn_request_seconds_bucket{le=\"%g\"} %llu\n", metric_le[k],
                   m->le[k]);
    buf_printf(out,
               "dialturn_request_seconds_bucket{le=\"+Inf\"} %llu\n"
               "dialturn_request_seconds_sum %.6f\n"
               "dialturn_request_seconds_count %llu\n",
               m->count, m->sum_s, m->count);
    pthread_mutex_unlock(&m->lock);
    struct record_memo_stats ms;
    record_memo_stats(&ms);
    buf_printf(out,
               "# HELP dialturn_record_memo_builds_total Objects the record memo built from a "
               "month's record since the server started (record_memo.h).\n"
               "# TYPE dialturn_record_memo_builds_total counter\n"
               "dialturn_record_memo_builds_total %zu\n"
               "# HELP dialturn_record_memo_bytes What the record memo keeps for every sealed "
               "month, as counted against its budget.\n"
               "# TYPE dialturn_record_memo_bytes gauge\n"
               "dialturn_record_memo_bytes %zu\n",
               ms.builds, ms.bytes);
    warm_metrics(srv->warmer, cfg, out);
    struct buf wal = BUF_INIT;
    buf_printf(&wal, "%s-wal", cfg->db_path);
    buf_printf(
        out,
        "# HELP dialturn_database_bytes Size of the organisation's database file and its WAL.\n"
        "# TYPE dialturn_database_bytes gauge\n"
        "dialturn_database_bytes{org=\"%s\",file=\"db\"} %lld\n"
        "dialturn_database_bytes{org=\"%s\",file=\"wal\"} %lld\n",
        cfg->slug, file_size(cfg->db_path), cfg->slug, file_size(buf_str(&wal)));
    buf_free(&wal);
    if (srv->backup_dir)
        buf_printf(out,
                   "# HELP dialturn_backup_last_seconds When the newest backup of the organisation "
                   "was taken (Unix time; 0: none).\n"
                   "# TYPE dialturn_backup_last_seconds gauge\n"
                   "dialturn_backup_last_seconds{org=\"%s\"} %lld\n",
                   cfg->slug, (long long)last_backup(srv->backup_dir, cfg->slug));
}

/* Called when libmicrohttpd is done with a request, however it ended: writes
 * the access log line (method, target, status, body bytes, microseconds) and
 * frees the request context. */
static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct req *r = *con_cls;
    struct timespec now;
    if (!r)
        return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long us = (long long)(now.tv_sec - r->start.tv_sec) * 1000000LL +
                   (now.tv_nsec - r->start.tv_nsec) / 1000;
    fprintf(stderr, "%s %s %u %zu %lld\n", r->method, r->log_uri, r->status, r->bytes, us);
    if (r->srv && r->srv->have_metrics)
        metrics_count(&r->srv->metrics, r->route, r->status, (double)us / 1e6);
    if (r->srv)
        track_reading(r->srv, conn, true); /* kept alive: the next request's time starts */
    req_free(r);
    *con_cls = NULL;
}

/* Splits "HOST:PORT" or "[V6]:PORT" into host and port.  Returns 0, or -1 with
 * the reason in err. */
static int split_listen(const char *spec, char *host, size_t hostlen, char *port, size_t portlen,
                        char *err, size_t errlen)
{
    const char *colon, *h = spec;
    size_t hl;
    if (spec[0] == '[') {
        const char *close = strchr(spec, ']');
        if (!close || close[1] != ':')
            goto bad;
        h = spec + 1;
        hl = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(spec, ':');
        if (!colon)
            goto bad;
        hl = (size_t)(colon - spec);
    }
    const char *p = colon + 1;
    size_t pl = strlen(p);
    if (hl == 0 || hl >= hostlen || pl == 0 || pl >= portlen || strspn(p, "0123456789") != pl ||
        atol(p) > 65535)
        goto bad;
    memcpy(host, h, hl);
    host[hl] = '\0';
    memcpy(port, p, pl + 1);
    return 0;
bad:
    snprintf(err, errlen, "--listen %.200s: expected HOST:PORT, like 127.0.0.1:8080", spec);
    return -1;
}

/* Opens a listening TCP socket on `listen` and writes the address it really
 * got (the port filled in when 0 was asked for) to addr as "HOST:PORT".
 * Returns the socket (the caller closes it), or -1 with the reason in err:
 * "127.0.0.1:8080: Address already in use". */
static int listen_socket(const char *spec, char *addr, size_t addrlen, char *err, size_t errlen)
{
    char host[256], port[8], h[NI_MAXHOST], s[NI_MAXSERV];
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    int fd = -1, saved = 0, rc;

    if (split_listen(spec, host, sizeof host, port, sizeof port, err, errlen))
        return -1;
    if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
        snprintf(err, errlen, "%.200s: %s", spec, gai_strerror(rc));
        return -1;
    }
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        int one = 1;
        (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 128) == 0)
            break;
        saved = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        snprintf(err, errlen, "%.200s: %s%s", spec, strerror(saved),
                 saved == EADDRINUSE ? " (is another server using that port?)" : "");
        return -1;
    }
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0 ||
        getnameinfo((struct sockaddr *)&ss, sl, h, sizeof h, s, sizeof s,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        snprintf(err, errlen, "%.200s: cannot read the bound address", spec);
        close(fd);
        return -1;
    }
    if (ss.ss_family == AF_INET6)
        snprintf(addr, addrlen, "[%s]:%s", h, s);
    else
        snprintf(addr, addrlen, "%s:%s", h, s);
    return fd;
}

/* Makes `s` safe to print on a terminal: control characters become '?'. */
static void terminal_safe(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            *s = '?';
}

/* Reads one organisation's name and slug with a connection of our own,
 * proving before we listen that the file exists, is a dialturn database of a
 * schema we know, and answers queries.  Returns 0, or -1 with the reason in err. */
static int load_org(struct web_config *cfg, char *err, size_t errlen)
{
    struct db *db = db_open(cfg->db_path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, errlen);
    if (!db)
        return -1;
    int rc = org_identity(db, cfg->org_name, sizeof cfg->org_name, cfg->slug, sizeof cfg->slug) ||
             org_timezone(db, cfg->timezone, sizeof cfg->timezone);
    if (rc != 0)
        snprintf(err, errlen, "%s: %s", cfg->db_path, db->err);
    db_close(db);
    return rc;
}

/* Fills srv->orgs from `path`: one file, or every *.db file of a directory
 * (each then under /slug/; two files with one slug are refused).  The paths
 * are kept in *owned (freed by the caller with free_paths).  Returns 0, or -1
 * with the reason in err. */
static int load_orgs(struct server *srv, const char *path, const char *notice, char ***owned,
                     size_t *nowned, char *err, size_t errlen)
{
    struct stat sb;
    char **paths = NULL;
    long n = 1;
    srv->multi = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
    if (srv->multi) {
        if ((n = backup_list_dbs(path, &paths, err, errlen)) < 0)
            return -1;
        if (n == 0) {
            snprintf(err, errlen, "%s: no database files (*.db) to serve", path);
            free(paths);
            return -1;
        }
    } else {
        paths = xmalloc(sizeof *paths);
        paths[0] = xstrdup(path);
    }
    *owned = paths;
    *nowned = (size_t)n;
    srv->norgs = (size_t)n;
    srv->orgs = xcalloc(srv->norgs, sizeof *srv->orgs);
    time_t now = time(NULL);
    srv->site = (struct web_config){.notice = notice, .started = now};
    snprintf(srv->site.org_name, sizeof srv->site.org_name, "Improvement plans");
    for (size_t i = 0; i < srv->norgs; i++) {
        struct web_config *c = &srv->orgs[i];
        *c = (struct web_config){.db_path = paths[i], .notice = notice, .started = now, .index = i};
        if (load_org(c, err, errlen))
            return -1;
        terminal_safe(c->org_name);
        if (srv->multi)
            snprintf(c->base, sizeof c->base, "/%s", c->slug);
        for (size_t k = 0; srv->multi && k < i; k++) {
            if (strcmp(srv->orgs[k].slug, c->slug) == 0) {
                snprintf(err, errlen, "%s and %s both have the slug \"%s\"", srv->orgs[k].db_path,
                         c->db_path, c->slug);
                return -1;
            }
        }
    }
    return 0;
}

/* Number of worker threads: one per online CPU, within 1..WEB_MAX_THREADS. */
static unsigned worker_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > WEB_MAX_THREADS ? WEB_MAX_THREADS : (unsigned)n;
}

/* After the first signal: stop accepting, give requests in flight up to
 * WEB_DRAIN_MS to finish (a second signal ends the wait), then stop the daemon,
 * which joins the workers.  Returns the listening socket, which is ours again
 * (or -1 if libmicrohttpd kept and closed it). */
static int stop_daemon(struct MHD_Daemon *d, const sigset_t *sigs)
{
    MHD_socket lfd = MHD_quiesce_daemon(d);
    for (int waited = 0; waited < WEB_DRAIN_MS; waited += 50) {
        const union MHD_DaemonInfo *info =
            MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        struct timespec tick = {0, 50 * 1000 * 1000};
        if (!info || info->num_connections == 0 || sigtimedwait(sigs, NULL, &tick) > 0)
            break;
    }
    MHD_stop_daemon(d);
    return lfd == MHD_INVALID_SOCKET ? -1 : lfd;
}

void server_use_timezone(const struct web_config *orgs, size_t n)
{
    if (!n || !orgs[0].timezone[0] || strstr(orgs[0].timezone, ".."))
        return;
    for (size_t i = 1; i < n; i++)
        if (strcmp(orgs[i].timezone, orgs[0].timezone) != 0)
            return; /* zones differ: one process has one TZ, so UTC for all */
    char file[128];
    snprintf(file, sizeof file, "/usr/share/zoneinfo/%s", orgs[0].timezone);
    if (access(file, R_OK) != 0)
        return; /* glibc would quietly use UTC and call it by the zone's name */
    setenv("TZ", orgs[0].timezone, 1);
    tzset();
}

int web_serve(const char *db_path, const char *listen_addr, const char *notice,
              const struct web_options *options, char *err, size_t errlen)
{
    struct server srv = {0};
    struct web_options lim = options ? *options : (struct web_options){0};
    pthread_t keeper;
    bool have_keeper = false, have_conns = false;
    char **paths = NULL;
    size_t npaths = 0;
    struct MHD_Daemon *d = NULL;
    struct mail_worker *mailer = NULL;
    sigset_t sigs, oldmask;
    char addr[NI_MAXHOST + NI_MAXSERV + 4];
    bool have_key = false, have_lock = false, masked = false;
    int fd = -1, ret = -1, sig;

    if (route_check(err, errlen) || load_orgs(&srv, db_path, notice, &paths, &npaths, err, errlen))
        goto out;
    server_use_timezone(srv.orgs, srv.norgs);
    if (smtp_global_init()) { /* libcurl's, before any thread exists */
        snprintf(err, errlen, "libcurl cannot be initialised");
        goto out;
    }
    if (pthread_mutex_init(&srv.lock, NULL) != 0) {
        snprintf(err, errlen, "cannot create a mutex");
        goto out;
    }
    have_lock = true;
    srv.conns.next = srv.conns.prev = &srv.conns;
    srv.request_s = lim.request_s ? lim.request_s : WEB_REQUEST_S;
    if (lim.trusted_proxy && !address_valid(lim.trusted_proxy)) {
        snprintf(err, errlen, "--trust-proxy %.100s: expected a numeric address, like 127.0.0.1",
                 lim.trusted_proxy);
        goto out;
    }
    if (lim.trusted_proxy)
        snprintf(srv.trusted_proxy, sizeof srv.trusted_proxy, "%s", lim.trusted_proxy);
    srv.backup_dir = lim.backup_dir;
    if (pthread_mutex_init(&srv.metrics.lock, NULL) != 0) {
        snprintf(err, errlen, "cannot create a mutex");
        goto out;
    }
    srv.have_metrics = true;
    if (pthread_mutex_init(&srv.conns_lock, NULL) != 0 ||
        pthread_cond_init(&srv.conns_cond, NULL) != 0) {
        snprintf(err, errlen, "cannot create a mutex");
        goto out;
    }
    have_conns = true;
    if (pthread_key_create(&srv.dbkey, NULL) != 0) {
        snprintf(err, errlen, "cannot create a thread key");
        goto out;
    }
    have_key = true;
    srv.cache = page_cache_new(WEB_CACHE_BYTES);
    srv.limits = ratelimit_new();
    if ((fd = listen_socket(listen_addr, addr, sizeof addr, err, errlen)) < 0)
        goto out;

    /* Block the stop signals before the workers exist, so that they inherit
     * the mask and the signals reach only sigwait() below. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &sigs, &oldmask) != 0) {
        snprintf(err, errlen, "cannot block signals");
        goto out;
    }
    masked = true;

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_POLL;
    d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &srv, MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
        MHD_OPTION_THREAD_POOL_SIZE, worker_count(), MHD_OPTION_CONNECTION_LIMIT,
        WEB_MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT, WEB_TIMEOUT_S,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_CONN_MEMORY, MHD_OPTION_URI_LOG_CALLBACK,
        on_uri, &srv, MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, lim.per_address ? lim.per_address : WEB_PER_ADDRESS,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, &srv, MHD_OPTION_END);
    if (!d) {
        snprintf(err, errlen, "%s: cannot start the HTTP server", addr);
        goto out;
    }
    fd = -1; /* the daemon's now, until quiesced */
    if (pthread_create(&keeper, NULL, deadline_keeper, &srv) != 0) {
        snprintf(err, errlen, "cannot start a thread");
        goto out;
    }
    have_keeper = true;
    /* the outbox's sender: one thread for every organisation served */
    if (!(mailer = mail_worker_start(
              paths, npaths,
              &(struct mail_send_options){lim.smtp_relay, lim.mail_backoff_s, false}))) {
        snprintf(err, errlen, "cannot start the mail sender");
        goto out;
    }

    /* the latest month's record, built before the first reader asks (not waited for) */
    srv.warmer = warm_start(srv.orgs, srv.norgs);

    if (srv.multi)
        printf("dialturn: serving %zu organisations on http://%s/\n", srv.norgs, addr);
    else
        printf("dialturn: serving %s on http://%s/\n", srv.orgs[0].org_name, addr);
    fflush(stdout);
    while (sigwait(&sigs, &sig) != 0)
        ;
    fprintf(stderr, "dialturn: stopping (signal %d)\n", sig);
    fd = stop_daemon(d, &sigs);
    d = NULL;
    ret = 0;
out:
    warm_stop(srv.warmer);
    mail_worker_stop(mailer);
    if (have_keeper) {
        pthread_mutex_lock(&srv.conns_lock);
        srv.stopping = true;
        pthread_cond_signal(&srv.conns_cond);
        pthread_mutex_unlock(&srv.conns_lock);
        pthread_join(keeper, NULL);
    }
    if (d)
        MHD_stop_daemon(d);
    if (fd >= 0)
        close(fd);
    close_worker_dbs(&srv);
    page_cache_free(srv.cache);
    ratelimit_free(srv.limits);
    if (have_key)
        pthread_key_delete(srv.dbkey);
    if (have_lock)
        pthread_mutex_destroy(&srv.lock);
    if (have_conns) {
        pthread_mutex_destroy(&srv.conns_lock);
        pthread_cond_destroy(&srv.conns_cond);
    }
    if (srv.have_metrics) {
        pthread_mutex_destroy(&srv.metrics.lock);
        free(srv.metrics.by);
    }
    if (masked)
        pthread_sigmask(SIG_SETMASK, &oldmask, NULL);
    for (size_t i = 0; i < npaths; i++)
        free(paths[i]);
    free(paths);
    free(srv.orgs);
    return ret;
}

/* ---- in process, for the fuzzers (server_test.h) ---------------------------------------- */

struct web_test {
    struct server srv;    /* as web_serve sets it up, for one database file */
    char **paths;         /* srv's database path, owned */
    size_t npaths;        /* 1 */
    struct MHD_Daemon *d; /* no listening socket, no thread: driven by MHD_run */
    bool have_key;        /* srv.dbkey was created */
};

void web_test_close(struct web_test *t)
{
    if (!t)
        return;
    if (t->d)
        MHD_stop_daemon(t->d);
    close_worker_dbs(&t->srv);
    page_cache_free(t->srv.cache);
    ratelimit_free(t->srv.limits);
    if (t->have_key)
        pthread_key_delete(t->srv.dbkey);
    pthread_mutex_destroy(&t->srv.lock);
    for (size_t i = 0; i < t->npaths; i++)
        free(t->paths[i]);
    free(t->paths);
    free(t->srv.orgs);
    free(t);
}

struct web_test *web_test_open(const char *db_path, char *err, size_t errlen)
{
    struct web_test *t = xcalloc(1, sizeof *t);
    pthread_mutex_init(&t->srv.lock, NULL);
    if (route_check(err, errlen) ||
        load_orgs(&t->srv, db_path, NULL, &t->paths, &t->npaths, err, errlen))
        goto fail;
    if (pthread_key_create(&t->srv.dbkey, NULL) != 0) {
        snprintf(err, errlen, "cannot create a thread key");
        goto fail;
    }
    t->have_key = true;
    t->srv.cache = page_cache_new(WEB_CACHE_BYTES);
    t->srv.limits = ratelimit_new();
    t->d = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, on_request, &t->srv,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_CONN_MEMORY,
                            MHD_OPTION_URI_LOG_CALLBACK, on_uri, &t->srv,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, &t->srv, MHD_OPTION_END);
    if (!t->d) {
        snprintf(err, errlen, "cannot start libmicrohttpd without a socket");
        goto fail;
    }
    return t;
fail:
    web_test_close(t);
    return NULL;
}

/* Whether the daemon still has a connection open. */
static bool test_busy(struct MHD_Daemon *d)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info && info->num_connections > 0;
}

int web_test_request(struct web_test *t, const char *raw, size_t len, struct buf *reply)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) != 0)
        return -1;
    struct sockaddr_in peer = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (MHD_add_connection(t->d, sv[0], (struct sockaddr *)&peer, sizeof peer) != MHD_YES) {
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    /* sv[0] is the daemon's now.  Send the request while reading the answer,
     * until the daemon closes its end; a request it waits on for ever (a body
     * shorter than announced) is cut off by closing ours. */
    size_t sent = 0;
    int idle = 0;
    bool open = true;
    char tmp[65536];
    while (open) {
        bool moved = false;
        if (sent < len) {
            ssize_t w = write(sv[1], raw + sent, len - sent);
            if (w > 0) {
                sent += (size_t)w;
                moved = true;
            }
        }
        MHD_run(t->d);
        ssize_t n = read(sv[1], tmp, sizeof tmp);
        if (n > 0) {
            buf_append(reply, tmp, (size_t)n);
            moved = true;
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            open = false;
        }
        idle = moved ? 0 : idle + 1;
        if (idle == 64)
            shutdown(sv[1], SHUT_WR);
        if (idle == 128)
            open = false;
    }
    close(sv[1]);
    for (int i = 0; i < 1000 && test_busy(t->d); i++)
        MHD_run(t->d);
    return 0;
}

long long web_test_changes(struct web_test *t)
{
    struct db **dbs = pthread_getspecific(t->srv.dbkey);
    struct db *w = dbs ? dbs[t->srv.norgs] : NULL;
    return w ? (long long)sqlite3_total_changes(w->h) : 0;
}

void web_test_forget(struct web_test *t)
{
    page_cache_free(t->srv.cache);
    t->srv.cache = page_cache_new(WEB_CACHE_BYTES);
}

void web_test_reset(struct web_test *t)
{
    close_worker_dbs(&t->srv);
    pthread_setspecific(t->srv.dbkey, NULL);
    page_cache_free(t->srv.cache);
    t->srv.cache = page_cache_new(WEB_CACHE_BYTES);
    ratelimit_clear(t->srv.limits);
}

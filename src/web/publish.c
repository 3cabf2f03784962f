/* publish.c — the public site as static files (`dialturn publish`).
 *
 * Publishing crawls the site in-process: it runs each URL through the same
 * route table and handlers the server uses (no HTTP), writes the answer to a
 * file, and follows the site-absolute links it finds.  So the static site is
 * exactly what the server shows, and any web server or CDN can serve it.
 *
 * URLs become files: "/" → index.html, "/plan" → plan/index.html,
 * "/plan?page=2" → plan/page-2/index.html, "/plan?as_at=2015-09" →
 * as-at/2015-09/plan/index.html, "/feed.atom" → feed.atom,
 * "/api/v1/periods" → api/v1/periods/index.json.  Links are
 * rewritten relative ("../plan/index.html") so the tree also works from disk.
 * Only query strings a static site can hold are followed (pages of a list,
 * the plan's links to a theme or the overdue actions, any dated page as at a
 * month); other links lose their query.  The pages themselves leave out what
 * needs a server (search, the plan's filter form): view_site.live is false. */
#include "lib/strmap.h"
#include "model/org.h"
#include "web/server.h"
#include "web/web.h"
#include "model/record.h"
#include "model/record_memo.h"
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define PUBLISH_WORKERS 2 /* threads rendering pages: one per core of the machine we run on */

/* The crawl: URLs to render, the ones already seen, and where files go.
 * Shared by the workers: everything below `lock` is read and written only
 * while holding it. */
struct crawl {
    const struct web_config *cfg; /* the organisation */
    const char *out;              /* output directory */
    pthread_mutex_t lock;
    pthread_cond_t more; /* the queue grew, or a worker finished a page */
    char **queue;        /* URLs ("/path?query"), owned */
    size_t nqueue, capqueue, next;
    size_t busy;        /* workers rendering a page now (which may queue more) */
    bool failed;        /* a page failed: everyone stops; err says why */
    struct strmap seen; /* every URL ever queued */
    struct publish_stats *st;
    char err[512];
};

/* Query parameters a static site can hold: the pages of a list, the plan's
 * links to one theme or to the overdue actions, and any dated page as at an
 * earlier month (an as-at view's links keep its month). */
static bool static_param(const char *path, const char *name, size_t len)
{
    if (len == 4 && strncmp(name, "page", 4) == 0)
        return true;
    if (len == 5 && strncmp(name, "theme", 5) == 0)
        return strcmp(path, "/plan") == 0;
    if (len == 7 && strncmp(name, "overdue", 7) == 0)
        return strcmp(path, "/plan") == 0;
    if (len == 5 && strncmp(name, "as_at", 5) == 0)
        return true;
    return false;
}

/* Whether every parameter of `query` is one static_param() allows. */
static bool static_query(const char *path, const char *query)
{
    for (const char *p = query; p && *p;) {
        const char *amp = strchrnul(p, '&'), *eq = memchr(p, '=', (size_t)(amp - p));
        if (!static_param(path, p, (size_t)((eq ? eq : amp) - p)))
            return false;
        p = *amp ? amp + 1 : amp;
    }
    return true;
}

/* Appends `s` with every byte outside [A-Za-z0-9.-] made filename-safe:
 * '=' becomes '-', '&' becomes '_', anything else _XX. */
static void put_safe(struct buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '-')
            buf_putc(b, (char)c);
        else if (c == '=')
            buf_putc(b, '-');
        else if (c == '&')
            buf_putc(b, '_');
        else
            buf_printf(b, "_%02X", c);
    }
}

/* The value of parameter `name` in `query` (raw "a=1&b=2"), copied into
 * `out` (made filename-safe); false when absent. */
static bool query_value(const char *query, const char *name, struct buf *out)
{
    size_t n = strlen(name);
    for (const char *p = query; p && *p;) {
        const char *amp = strchrnul(p, '&');
        if ((size_t)(amp - p) > n && strncmp(p, name, n) == 0 && p[n] == '=') {
            char *v = xstrndup(p + n + 1, (size_t)(amp - p) - n - 1);
            put_safe(out, v);
            free(v);
            return true;
        }
        if ((size_t)(amp - p) == n && strncmp(p, name, n) == 0)
            return true;
        p = *amp ? amp + 1 : amp;
    }
    return false;
}

/* The file (relative to the output directory) that holds URL path?query,
 * named as a reader would: a month's view under as-at/2015-09/, then the
 * path, then a directory per parameter ("theme-T1/", "overdue/",
 * "page-2/") and index.html (index.json for the read API). */
static void url_file(struct buf *b, const char *path, const char *query)
{
    struct buf v = BUF_INIT;
    if (query_value(query, "as_at", &v) && v.len)
        buf_printf(b, "as-at/%s/", buf_str(&v));
    const char *last = strrchr(path, '/');
    bool is_file = last && strchr(last, '.') != NULL;
    if (is_file) {
        buf_puts(b, path + 1);
        buf_free(&v);
        return;
    }
    if (strcmp(path, "/") != 0) {
        buf_puts(b, path + 1);
        if (b->len && b->data[b->len - 1] != '/')
            buf_putc(b, '/');
    }
    static const char *const dirs[][2] = {
        {"theme", "theme-"}, {"overdue", "overdue"}, {"page", "page-"}};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        buf_reset(&v);
        if (query_value(query, dirs[i][0], &v)) {
            buf_puts(b, dirs[i][1]);
            if (dirs[i][1][strlen(dirs[i][1]) - 1] == '-')
                buf_puts(b, buf_str(&v));
            buf_putc(b, '/');
        }
    }
    buf_free(&v);
    /* the read API answers JSON: named so, any web server sends it as JSON */
    buf_puts(b, strncmp(path, "/api/", 5) == 0 ? "index.json" : "index.html");
}

/* Queues a URL once, and wakes a worker waiting for one. */
static void enqueue(struct crawl *c, const char *url)
{
    pthread_mutex_lock(&c->lock);
    if (strmap_add(&c->seen, url, 0)) {
        c->queue = xgrow(c->queue, c->nqueue, &c->capqueue, sizeof *c->queue);
        c->queue[c->nqueue++] = xstrdup(url);
        pthread_cond_signal(&c->more);
    }
    pthread_mutex_unlock(&c->lock);
}

/* Decodes the HTML entities our views write in URLs (&amp; only, in practice,
 * plus the numeric forms html_printf may use). */
static void unescape_url(struct buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&' && n - i >= 5 && strncmp(s + i, "&amp;", 5) == 0) {
            buf_putc(b, '&');
            i += 4;
        } else if (s[i] == '&' && n - i >= 5 && strncmp(s + i, "&#38;", 5) == 0) {
            buf_putc(b, '&');
            i += 4;
        } else {
            buf_putc(b, s[i]);
        }
    }
}

/* Rewrites one site-absolute link (url, fragment excluded) as a path relative
 * to a file `depth` directories down, queueing it when the static site can
 * hold it. */
static void relink(struct crawl *c, struct buf *out, const char *url, int depth)
{
    struct buf path = BUF_INIT, file = BUF_INIT;
    const char *q = strchr(url, '?');
    buf_append(&path, url, q ? (size_t)(q - url) : strlen(url));
    const char *query = q ? q + 1 : NULL;
    if (query && !static_query(buf_str(&path), query))
        query = NULL; /* the page itself, without the parts a static site cannot do */
    if (query) {
        struct buf full = BUF_INIT;
        buf_printf(&full, "%s?%s", buf_str(&path), query);
        enqueue(c, buf_str(&full));
        buf_free(&full);
    } else {
        enqueue(c, buf_str(&path));
    }
    url_file(&file, buf_str(&path), query);
    for (int i = 0; i < depth; i++)
        buf_puts(out, "../");
    buf_puts(out, buf_str(&file));
    buf_free(&path);
    buf_free(&file);
}

/* Whether the quote at doc[i] opens an href, src or action attribute (the
 * name and '=' just before it, and a space or a newline before the name). */
static bool opener_before(const char *doc, size_t i)
{
    static const char *const names[] = {"href=", "src=", "action="};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        size_t n = strlen(names[k]);
        if (i >= n + 1 && memcmp(doc + i - n, names[k], n) == 0 &&
            (doc[i - n - 1] == ' ' || doc[i - n - 1] == '\n'))
            return true;
    }
    return false;
}

/* Copies an HTML or Atom document, rewriting every href/src/action="/…" to a
 * relative file path and queueing its target.  Finds the candidates with
 * memmem ("=\"/"), which skips the text between links at memory speed: a
 * byte-by-byte comparison against each opener was most of publishing's time. */
static void rewrite(struct crawl *c, const char *doc, size_t len, int depth, struct buf *out)
{
    size_t i = 0, from = 0;
    while (i < len) {
        const char *hit = memmem(doc + i, len - i, "=\"/", 3);
        if (!hit)
            break;
        size_t q = (size_t)(hit - doc) + 1; /* the opening quote; the '/' follows */
        i = q + 1;
        if (!opener_before(doc, q) || (q + 2 < len && doc[q + 2] == '/'))
            continue;                    /* not one of ours, or "//host": another site */
        const char *start = doc + q + 1; /* the '/' */
        const char *end = memchr(start, '"', len - (size_t)(start - doc));
        if (!end)
            break;
        buf_append(out, doc + from, (size_t)(start - (doc + from)));
        struct buf url = BUF_INIT;
        unescape_url(&url, start, (size_t)(end - start));
        char *hash = strchr(url.data, '#');
        char *frag = hash ? xstrdup(hash) : NULL;
        if (hash)
            *hash = '\0';
        relink(c, out, url.data, depth);
        if (frag)
            buf_puts(out, frag); /* fragments are [A-Za-z0-9-] refs: safe as they are */
        free(frag);
        buf_free(&url);
        from = i = (size_t)(end - doc);
    }
    buf_append(out, doc + from, len - from);
}

/* Creates every directory on the way to `file`. */
static int make_parents(char *file)
{
    for (char *p = strchr(file + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        int rc = mkdir(file, 0755);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

/* Writes data to out/rel. */
static int write_file(struct crawl *c, const char *rel, const void *data, size_t len)
{
    struct buf p = BUF_INIT;
    buf_printf(&p, "%s/%s", c->out, rel);
    FILE *f = NULL;
    int rc = -1;
    if (make_parents(p.data) == 0 && (f = fopen(p.data, "wb")) && fwrite(data, 1, len, f) == len)
        rc = 0;
    if (f && fclose(f) != 0)
        rc = -1;
    int e = errno;
    pthread_mutex_lock(&c->lock);
    if (rc)
        snprintf(c->err, sizeof c->err, "%s: %s", p.data, strerror(e));
    c->st->files++;
    c->st->bytes += len;
    pthread_mutex_unlock(&c->lock);
    buf_free(&p);
    return rc;
}

/* Percent-decodes a query component in place ('+' is a space). */
static void url_decode(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '+') {
            *w++ = ' ';
        } else if (*r == '%' && r[1] && r[2]) {
            char hex[3] = {r[1], r[2], 0};
            *w++ = (char)strtol(hex, NULL, 16);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* Writes heads.txt: every signed-off month's seal, one a line as `dialturn
 * heads` prints them ("MONTH SEQ HASH"), so that whoever keeps a copy of the
 * site can later prove with `dialturn verify --heads` that the ledger was not
 * rewritten behind what was published.  Returns 0, or -1 with c->err set. */
static int write_heads(struct crawl *c, struct db *db)
{
    struct record_head *h = NULL;
    size_t n = 0;
    if (record_heads_list(db, &h, &n)) {
        snprintf(c->err, sizeof c->err, "%s", db->err);
        return -1;
    }
    struct buf b = BUF_INIT;
    buf_printf(&b, "# The ledger's head when each month was signed off: MONTH ENTRIES HASH.\n"
                   "# Check a copy of the database with: dialturn verify FILE --heads heads.txt\n");
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s %lld %s\n", h[i].month, (long long)h[i].seq, h[i].hash);
    int rc = write_file(c, "heads.txt", buf_str(&b), b.len);
    buf_free(&b);
    free(h);
    return rc;
}

/* Builds the request the server would: path, decoded query arguments.  The
 * argument strings live in `store`, which the caller frees after the request. */
static struct req *make_req(struct crawl *c, struct db *db, const char *url, char **store)
{
    struct req *r = xcalloc(1, sizeof *r);
    r->cfg = c->cfg;
    r->db = db;
    snprintf(r->method, sizeof r->method, "GET");
    r->uri_len = strlen(url);
    r->log_uri = xstrdup(url);
    const char *q = strchr(url, '?');
    *store = xstrdup(url);
    char *s = *store;
    if (q) {
        s[q - url] = '\0';
        char *args = s + (q - url) + 1;
        for (char *a = args; *a && r->nargs < WEB_MAX_ARGS;) {
            char *amp = strchrnul(a, '&'), *next = *amp ? amp + 1 : amp;
            *amp = '\0';
            char *eq = strchr(a, '=');
            if (eq)
                *eq = '\0';
            url_decode(a);
            if (eq)
                url_decode(eq + 1);
            r->args[r->nargs++] = (struct req_kv){a, eq ? eq + 1 : NULL};
            a = next;
        }
    }
    r->path = s;
    return r;
}

/* Renders one URL with the worker's connection `db` and writes its file;
 * links found are queued. */
static int publish_one(struct crawl *c, struct db *db, const char *url)
{
    char *store;
    struct req *r = make_req(c, db, url, &store);
    route_dispatch(r);
    int rc = 0;
    if (r->status == 200) {
        const char *q = strchr(url, '?');
        struct buf path = BUF_INIT, file = BUF_INIT;
        buf_append(&path, url, q ? (size_t)(q - url) : strlen(url));
        url_file(&file, buf_str(&path), q ? q + 1 : NULL);
        int depth = 0;
        for (const char *p = file.data; *p; p++)
            depth += *p == '/';
        const char *body = r->static_body ? r->static_body : buf_str(&r->out);
        size_t len = r->static_body ? r->static_len : r->out.len;
        bool markup = r->content_type && (strncmp(r->content_type, "text/html", 9) == 0 ||
                                          strncmp(r->content_type, "application/atom", 16) == 0);
        if (markup) {
            struct buf out = BUF_INIT;
            rewrite(c, body, len, depth, &out);
            rc = write_file(c, file.data, out.data ? out.data : "", out.len);
            buf_free(&out);
            pthread_mutex_lock(&c->lock);
            c->st->pages++;
            pthread_mutex_unlock(&c->lock);
        } else {
            rc = write_file(c, file.data, body, len);
        }
        buf_free(&path);
        buf_free(&file);
    } else if (r->status >= 500) {
        pthread_mutex_lock(&c->lock);
        snprintf(c->err, sizeof c->err, "%.200s: the page failed (%u): %.250s", url, r->status,
                 r->err);
        pthread_mutex_unlock(&c->lock);
        rc = -1;
    } else {
        pthread_mutex_lock(&c->lock);
        c->st->broken++; /* a link to a page that does not exist */
        pthread_mutex_unlock(&c->lock);
    }
    req_free(r);
    free(store);
    record_memo_release(); /* what the page read from the memo may give way again */
    return rc;
}

/* One worker: takes the next URL, renders and writes it, until the queue is
 * empty and no worker is rendering (nothing more can be queued), or a page
 * failed.  Each worker has its own read-only connection (a connection
 * belongs to one thread at a time). */
struct worker {
    struct crawl *c;
    struct db *db; /* this worker's connection, owned by web_publish */
};

static void *crawl_worker(void *arg)
{
    struct worker *w = arg;
    struct crawl *c = w->c;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (!c->failed && c->next == c->nqueue && c->busy > 0)
            pthread_cond_wait(&c->more, &c->lock);
        if (c->failed || c->next == c->nqueue)
            break; /* failed, or nothing queued and nobody left to queue more */
        const char *url = c->queue[c->next++]; /* the string stays put when the array grows */
        c->busy++;
        pthread_mutex_unlock(&c->lock);
        int rc = publish_one(c, w->db, url);
        pthread_mutex_lock(&c->lock);
        c->busy--;
        if (rc)
            c->failed = true;
        pthread_cond_broadcast(&c->more);
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

int web_publish(const char *db_path, const char *out_dir, struct publish_stats *st, char *err,
                size_t errlen)
{
    static const char *const seeds[] = {
        "/",         "/plan",     "/themes",        "/recommendations", "/milestones",
        "/measures", "/data",     "/accessibility", "/feed.atom",       "/assets/dialturn.css",
        "/panel",    "/meetings", "/meetings.ics",  "/meetings.atom"};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(st, 0, sizeof *st);
    struct web_config cfg = {.db_path = db_path, .started = time(NULL)};
    struct crawl c = {.cfg = &cfg, .out = out_dir, .st = st};
    struct worker workers[PUBLISH_WORKERS] = {0};
    pthread_t threads[PUBLISH_WORKERS];
    size_t started = 0;
    int rc = -1;
    pthread_mutex_init(&c.lock, NULL);
    pthread_cond_init(&c.more, NULL);
    if (route_check(err, errlen))
        goto out;
    if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "%s: %s", out_dir, strerror(errno));
        goto out;
    }
    for (size_t i = 0; i < PUBLISH_WORKERS; i++) {
        workers[i] = (struct worker){&c, NULL};
        workers[i].db = db_open(db_path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, errlen);
        if (!workers[i].db)
            goto out;
        /* the public site is the record of the latest signed-off month */
        if (record_connect(workers[i].db)) {
            snprintf(err, errlen, "%s: %s", db_path, workers[i].db->err);
            goto out;
        }
    }
    if (org_identity(workers[0].db, cfg.org_name, sizeof cfg.org_name, cfg.slug, sizeof cfg.slug) ||
        org_timezone(workers[0].db, cfg.timezone, sizeof cfg.timezone)) {
        snprintf(err, errlen, "%s: %s", db_path, workers[0].db->err);
        goto out;
    }
    server_use_timezone(&cfg, 1); /* before the threads: they only read TZ */
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++)
        enqueue(&c, seeds[i]);
    for (; started < PUBLISH_WORKERS; started++)
        if (pthread_create(&threads[started], NULL, crawl_worker, &workers[started]) != 0)
            break;
    if (!started) {
        snprintf(err, errlen, "cannot start a thread to render pages");
        goto out;
    }
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    if (c.failed) {
        snprintf(err, errlen, "%s", c.err);
        goto out;
    }
    /* the page a web server shows for a missing file */
    char *store;
    struct req *r = make_req(&c, workers[0].db, "/this-page-does-not-exist", &store);
    route_dispatch(r);
    struct buf nf = BUF_INIT;
    rewrite(&c, buf_str(&r->out), r->out.len, 0, &nf);
    int wrc = write_file(&c, "404.html", buf_str(&nf), nf.len);
    buf_free(&nf);
    req_free(r);
    free(store);
    if (wrc || write_heads(&c, workers[0].db)) {
        snprintf(err, errlen, "%s", c.err);
        goto out;
    }
    rc = 0;
out:
    clock_gettime(CLOCK_MONOTONIC, &t1);
    st->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    for (size_t i = 0; i < c.nqueue; i++)
        free(c.queue[i]);
    free(c.queue);
    strmap_free(&c.seen);
    for (size_t i = 0; i < PUBLISH_WORKERS; i++)
        db_close(workers[i].db);
    pthread_cond_destroy(&c.more);
    pthread_mutex_destroy(&c.lock);
    return rc;
}

/* warm.c — builds the latest signed-off month's record memo in the
 * background (warm.h).
 *
 * One thread.  It sleeps on `wake` until warm_wake(), warm_stop() or
 * WARM_POLL_S seconds; then, for each organisation, it reads the latest
 * month's seal on its own record connection and, when that is not the seal
 * it last warmed, renders WARM_PATHS as an anonymous reader would, so that
 * the record memo holds what they compute.  The pages themselves go nowhere
 * (not even to the page cache: their validators are the server's to set).
 * warm_stop() sets `stopping`, which the connection's progress handler turns
 * into an interrupted query, so that a long build does not hold up the
 * server's shutdown. */
#include "web/warm.h"
#include "model/pub_scope.h"
#include "model/record_memo.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WARM_PROGRESS_OPS 10000 /* SQLite VM steps between looks at `stopping` */

/* What is rendered: every public page whose sealed-month objects the memo
 * keeps (the overview, the home page's figures, the milestones, the
 * recommendations, the measures, the site's feed, the API's documents and
 * the downloads), the pages read most first.  Each download is asked for
 * gzipped, which builds its plain bytes on the way. */
static const struct {
    const char *path;
    bool gzip;
} warm_paths[] = {
    {"/", false},
    {"/plan", false},
    {"/themes", false},
    {"/milestones", false},
    {"/recommendations", false},
    {"/measures", false},
    {"/feed.atom", false},
    {"/api/v1/actions", false},
    {"/api/v1/milestones", false},
    {"/api/v1/recommendations", false},
    {"/api/v1/measures", false},
    {"/data/plan.json", true},
    {"/data/actions.csv", true},
    {"/data/updates.csv", true},
    {"/data/measure_values.csv", true},
};

struct warmer {
    const struct web_config *orgs; /* not owned */
    size_t n;
    struct db **dbs; /* one record connection per organisation, opened on first use; owned
                        by the thread, closed when it ends */
    int64_t *warmed; /* per organisation: the head (entries) of the month last warmed, 0 none */
    pthread_t thread;
    pthread_mutex_t lock; /* guards woken, warmed */
    pthread_cond_t wake;
    bool woken;
    atomic_bool stopping;
};

/* The connection's progress handler: non-zero interrupts the query. */
static int stop_requested(void *cls)
{
    struct warmer *w = cls;
    return atomic_load(&w->stopping);
}

/* The record connection of organisation i, opened on first use; NULL (and
 * a line on stderr) when it cannot be. */
static struct db *warm_db(struct warmer *w, size_t i)
{
    if (w->dbs[i])
        return w->dbs[i];
    char err[512];
    struct db *db =
        db_open(w->orgs[i].db_path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    if (db && record_connect(db)) {
        snprintf(err, sizeof err, "%s", db->err);
        db_close(db);
        db = NULL;
    }
    if (!db) {
        fprintf(stderr, "dialturn: warming %s: %s\n", w->orgs[i].slug, err);
        return NULL;
    }
    sqlite3_progress_handler(db->h, WARM_PROGRESS_OPS, stop_requested, w);
    return w->dbs[i] = db;
}

/* Renders one public page as an anonymous GET on db, for what it leaves in
 * the memo.  Returns its status. */
static unsigned warm_page(const struct web_config *cfg, struct db *db, const char *path, bool gz)
{
    struct req *r = xcalloc(1, sizeof *r);
    r->cfg = cfg;
    r->db = db;
    snprintf(r->method, sizeof r->method, "GET");
    r->path = path;
    r->uri_len = strlen(path);
    r->log_uri = xstrdup(path);
    r->accept_encoding = gz ? "gzip" : NULL;
    route_dispatch(r);
    unsigned status = r->status;
    req_free(r);
    record_memo_release(); /* kept for everyone; held by nobody */
    return status;
}

/* Warms organisation i when its latest sealed month is not the one it last
 * warmed. */
static void warm_org(struct warmer *w, size_t i)
{
    struct db *db = warm_db(w, i);
    struct pub_scope scope;
    if (!db)
        return;
    if (pub_scope_resolve(db, NULL, &scope) != PUB_SCOPE_OK) {
        if (!atomic_load(&w->stopping))
            fprintf(stderr, "dialturn: warming %s: %s\n", w->orgs[i].slug, db->err);
        return;
    }
    pthread_mutex_lock(&w->lock);
    bool done = scope.latest < 0 || scope.latest_head.seq == w->warmed[i];
    pthread_mutex_unlock(&w->lock);
    if (done)
        return;
    struct timespec t0, t1;
    struct record_memo_stats before, after;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    record_memo_stats(&before);
    for (size_t k = 0; k < sizeof warm_paths / sizeof *warm_paths; k++) {
        if (atomic_load(&w->stopping))
            return;
        unsigned status = warm_page(&w->orgs[i], db, warm_paths[k].path, warm_paths[k].gzip);
        if (status != 200 && !atomic_load(&w->stopping))
            fprintf(stderr, "dialturn: warming %s: %s answered %u\n", w->orgs[i].slug,
                    warm_paths[k].path, status);
    }
    record_memo_stats(&after);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pthread_mutex_lock(&w->lock);
    w->warmed[i] = scope.latest_head.seq;
    pthread_mutex_unlock(&w->lock);
    fprintf(stderr, "dialturn: warmed the record of %s (%s) in %.2f s: %zu objects built\n",
            scope.latest_head.month, w->orgs[i].slug,
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
            after.builds - before.builds);
}

static void *warm_main(void *arg)
{
    struct warmer *w = arg;
    for (;;) {
        for (size_t i = 0; i < w->n && !atomic_load(&w->stopping); i++)
            warm_org(w, i);
        pthread_mutex_lock(&w->lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += WARM_POLL_S;
        while (!w->woken && !atomic_load(&w->stopping))
            if (pthread_cond_timedwait(&w->wake, &w->lock, &until) != 0)
                break; /* time for a look */
        w->woken = false;
        pthread_mutex_unlock(&w->lock);
        if (atomic_load(&w->stopping))
            break;
    }
    for (size_t i = 0; i < w->n; i++)
        db_close(w->dbs[i]);
    record_memo_release();
    return NULL;
}

/* Frees w's memory (its thread has ended or never started). */
static void warm_free(struct warmer *w)
{
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    free(w->dbs);
    free(w->warmed);
    free(w);
}

struct warmer *warm_start(const struct web_config *orgs, size_t n)
{
    struct warmer *w = xcalloc(1, sizeof *w);
    w->orgs = orgs;
    w->n = n;
    w->dbs = xcalloc(n ? n : 1, sizeof *w->dbs);
    w->warmed = xcalloc(n ? n : 1, sizeof *w->warmed);
    atomic_init(&w->stopping, false);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, warm_main, w) != 0) {
        warm_free(w);
        return NULL;
    }
    return w;
}

void warm_wake(struct warmer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->woken = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}

void warm_stop(struct warmer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    atomic_store(&w->stopping, true);
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    warm_free(w);
}

void warm_metrics(struct warmer *w, const struct web_config *cfg, struct buf *out)
{
    if (!w || cfg->index >= w->n)
        return;
    pthread_mutex_lock(&w->lock);
    int64_t seq = w->warmed[cfg->index];
    pthread_mutex_unlock(&w->lock);
    buf_printf(out,
               "# HELP dialturn_record_warmed_head The ledger head (entries) of the latest "
               "signed-off month whose record the server built before any reader asked (0: "
               "none yet).\n"
               "# TYPE dialturn_record_warmed_head gauge\n"
               "dialturn_record_warmed_head{org=\"%s\"} %lld\n",
               cfg->slug, (long long)seq);
}

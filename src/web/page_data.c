/* page_data.c — the public record's data pages and downloads:
 * /recommendations, /milestones, /measures, /measures/{ref}, /data and the
 * files under /data/.
 *
 * Each handler has the same beats: resolve the public month (?as_at), ask the
 * model (model/pub_data.h, model/plan_public.h), render.  The model applies
 * the public rule, so nothing unsigned or unaccepted reaches a page. */
#include "lib/gzip.h"
#include "model/plan_csv.h"
#include "model/plan_json.h"
#include "model/plan_public.h"
#include "model/pub_data.h"
#include "model/record_memo.h"
#include "web/view.h"
#include "model/dials.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The frame's facts for a page showing `scope`, whose own path is the request's. */
static struct view_site data_site(const struct req *r, const struct pub_scope *scope)
{
    struct view_site site = WEB_SITE_R(r);
    site.scope = scope;
    site.path = r->path;
    return site;
}

/* GET /recommendations: every review, its recommendations and the actions
 * answering them, with the coverage summary.  Returns 0, or -1 (500). */
int page_recommendations(struct req *r)
{
    struct pub_scope scope;
    const struct pub_recs *recs;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (pub_recs_get(r->db, &scope, &recs))
        return req_model_error(r);
    struct view_site site = data_site(r, &scope);
    view_recommendations(&r->out, &site, recs);
    return 0;
}

/* GET /recommendations/{ref}: one recommendation and every action answering
 * it, a page at a time (?page=N), from the month's recommendations as
 * /recommendations has them (kept once per sealed month).  Unknown ref or
 * page: 404; a page that is not a number: 400.  Returns 0, or -1 (500). */
int page_recommendation(struct req *r)
{
    struct pub_scope scope;
    const struct pub_recs *recs;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    const char *ref = req_param(r, "ref");
    size_t page;
    if (page_number(r, &page))
        return 0;
    if (pub_recs_get(r->db, &scope, &recs))
        return req_model_error(r);
    long i = -1;
    for (size_t k = 0; ref && k < recs->nrecs && i < 0; k++)
        if (strcmp(recs->recs[k].ref, ref) == 0)
            i = (long)k;
    size_t n = i >= 0 ? recs->recs[i].nanswers : 0;
    size_t pages = n ? (n + VIEW_REC_PAGE - 1) / VIEW_REC_PAGE : 1;
    if (i < 0 || page > pages) {
        req_error(r, 404,
                  i < 0 ? "There is no recommendation with that reference."
                        : "That page of the list does not exist.");
        return 0;
    }
    struct view_site site = data_site(r, &scope);
    view_recommendation(&r->out, &site, recs, (size_t)i, page, pages);
    return 0;
}

/* GET /milestones: the public milestones by month with their public
 * forecasts, VIEW_MS_PAGE a page (?page=N: 400 when not a number, 404 past
 * the last).  Returns 0, or -1 (500). */
int page_milestones(struct req *r)
{
    struct pub_scope scope;
    const struct pub_milestones *ms;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    size_t page;
    if (page_number(r, &page))
        return 0;
    if (pub_milestones_get(r->db, &scope, &ms))
        return req_model_error(r);
    size_t pages = ms->n ? (ms->n + VIEW_MS_PAGE - 1) / VIEW_MS_PAGE : 1;
    if (page > pages) {
        req_error(r, 404, "That page of the milestones does not exist.");
        return 0;
    }
    struct view_site site = data_site(r, &scope);
    view_milestones(&r->out, &site, ms, page, pages);
    return 0;
}

/* GET /measures: every measure with its status and sparkline.  Returns 0,
 * or -1 (500). */
int page_measures(struct req *r)
{
    struct pub_scope scope;
    const struct pub_measures *ms;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (pub_measures_get(r->db, &scope, &ms))
        return req_model_error(r);
    struct view_site site = data_site(r, &scope);
    view_measures(&r->out, &site, ms);
    return 0;
}

/* GET /measures/{ref}: one measure with its trend chart; 404 for an unknown
 * ref.  Returns 0, or -1 (500). */
int page_measure(struct req *r)
{
    struct pub_scope scope;
    struct pub_measures ms;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (pub_measures_load(r->db, &scope, req_param(r, "ref"), &ms))
        return req_model_error(r);
    if (ms.n == 0) {
        req_error(r, 404, "There is no measure with that reference.");
        pub_measures_free(&ms);
        return 0;
    }
    /* the corrections this record holds (a record connection shows only
     * those of months up to the one in scope, within its head) */
    struct dial_entry *corr = NULL;
    size_t ncorr = 0;
    if (dial_entries(r->db, ms.v[0].id, true, &corr, &ncorr)) {
        pub_measures_free(&ms);
        return req_model_error(r);
    }
    struct view_site site = data_site(r, &scope);
    view_measure(&r->out, &site, &ms.v[0], corr, ncorr);
    dial_entries_free(corr, ncorr);
    pub_measures_free(&ms);
    return 0;
}

/* GET /data: the downloads and the signed-off months to take them at.
 * Returns 0, or -1 (500). */
int page_data(struct req *r)
{
    struct pub_scope scope;
    struct pub_periods periods;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    /* every signed-off month is listed, whatever month the page shows */
    struct pub_scope all = scope;
    snprintf(all.month_s, sizeof all.month_s, "9999-12");
    if (pub_periods_load(r->db, &all, &periods))
        return req_model_error(r);
    struct view_site site = data_site(r, &scope);
    view_data(&r->out, &site, &periods);
    pub_periods_free(&periods);
    return 0;
}

/* What a download holds. */
enum download_kind { DL_PLAN_JSON, DL_ACTIONS, DL_UPDATES, DL_VALUES };

static const char *const download_stem[] = {"plan", "actions", "updates", "measure_values"};

/* What download_build makes. */
struct download_ctx {
    const struct pub_scope *scope;
    enum download_kind kind;
};

/* Builds a download's bytes for record_memo_obtain: the public plan at the
 * scope, written as dialturn-plan/1 JSON or as one kind of CSV. */
static void *download_build(struct db *db, void *ctx, size_t *bytes)
{
    const struct download_ctx *c = ctx;
    struct plan p = {0};
    if (plan_public_load(db, c->scope, &p)) {
        plan_free(&p);
        return NULL;
    }
    char *data = c->kind == DL_PLAN_JSON
                     ? plan_json_text(&p) /* the bytes of plan_to_json's dump, without its tree */
                     : plan_write_csv(&p, c->kind == DL_ACTIONS   ? CSV_ACTIONS
                                          : c->kind == DL_UPDATES ? CSV_UPDATES
                                                                  : CSV_MEASURE_VALUES);
    plan_free(&p);
    if (!data) { /* text jansson refuses: an error, never a download missing a row */
        snprintf(db->err, sizeof db->err, "the plan holds text that is not valid UTF-8");
        return NULL;
    }
    struct record_bytes *b = xmalloc(sizeof *b);
    b->data = data;
    b->len = strlen(b->data);
    *bytes = sizeof *b + b->len;
    return b;
}

/* Builds the gzip form of a download for record_memo_obtain, from its plain
 * bytes (themselves obtained from the memo). */
static void *download_gz_build(struct db *db, void *ctx, size_t *bytes)
{
    const struct download_ctx *c = ctx;
    void *plain;
    if (record_memo_obtain(db, MEMO_BYTES, download_stem[c->kind], download_build, ctx,
                           record_bytes_free, &plain))
        return NULL;
    const struct record_bytes *in = plain;
    struct buf z = BUF_INIT;
    if (gzip_compress(in->data, in->len, &z)) {
        buf_free(&z);
        snprintf(db->err, sizeof db->err, "cannot compress the download");
        return NULL;
    }
    struct record_bytes *b = xmalloc(sizeof *b);
    b->len = z.len;
    b->data = buf_detach(&z);
    *bytes = sizeof *b + b->len;
    return b;
}

/* Answers one download: the public plan at the requested month, written as
 * dialturn-plan/1 JSON or as one kind of CSV, named for that month
 * ("updates-2016-02.csv").  A sealed month's bytes, and their gzip form, are
 * made once and sent from the record memo (model/record_memo.h), not copied.
 * Returns 0, or -1 with r->err set. */
static int download(struct req *r, enum download_kind kind)
{
    struct pub_scope scope;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    struct download_ctx ctx = {&scope, kind};
    bool gz = gzip_accepted(r->accept_encoding) && strcmp(r->method, "HEAD") != 0;
    char key[32];
    snprintf(key, sizeof key, "%s%s", download_stem[kind], gz ? ".gz" : "");
    void *obj;
    if (record_memo_obtain(r->db, MEMO_BYTES, key, gz ? download_gz_build : download_build, &ctx,
                           record_bytes_free, &obj))
        return req_model_error(r);
    const struct record_bytes *b = obj;
    r->content_type = kind == DL_PLAN_JSON ? CT_JSON : CT_CSV;
    req_memo_body(r, b);
    r->body_gz = gz;
    char name[64];
    if (scope.month >= 0)
        snprintf(name, sizeof name, "%s-%s.%s", download_stem[kind], scope.month_s,
                 kind == DL_PLAN_JSON ? "json" : "csv");
    else
        snprintf(name, sizeof name, "%s.%s", download_stem[kind],
                 kind == DL_PLAN_JSON ? "json" : "csv");
    req_download(r, name);
    return 0;
}

/* GET /data/plan.json: the public regime as dialturn-plan/1. */
int page_data_plan_json(struct req *r)
{
    return download(r, DL_PLAN_JSON);
}

/* GET /data/actions.csv: the plan's actions. */
int page_data_actions_csv(struct req *r)
{
    return download(r, DL_ACTIONS);
}

/* GET /data/updates.csv: the accepted updates of signed-off months. */
int page_data_updates_csv(struct req *r)
{
    return download(r, DL_UPDATES);
}

/* GET /data/measure_values.csv: measure values up to the month. */
int page_data_values_csv(struct req *r)
{
    return download(r, DL_VALUES);
}

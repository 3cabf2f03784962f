/* api_data.c — the read API for the public record's data:
 *   GET /api/v1/organisation, /api/v1/periods, /api/v1/recommendations,
 *   /api/v1/milestones, /api/v1/measures, /api/v1/measures/{ref}.
 *
 * The same model as the pages (model/pub_data.h), so the API and the site
 * always agree; every resource takes ?as_at=YYYY-MM.  Lists are {"data": [...]}
 * in natural ref order; dates are "YYYY-MM-DD" or null.  Errors are JSON (the
 * routes are ROUTE_JSON): 400 for a malformed as_at, 404 for a month not
 * signed off or an unknown measure. */
#include "lib/buf.h"
#include "model/pub_data.h"
#include "model/record_memo.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A date as a JSON string, or null for DAY_NONE.  New reference. */
static json_t *jdate(day_t d)
{
    char s[DATE_LEN];
    if (d == DAY_NONE)
        return json_null();
    date_format(d, s);
    return json_string(s);
}

/* A string, or null.  New reference. */
static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* GET /api/v1/organisation: name, slug, zone, rating scale with its levels,
 * and the latest public month.  Returns 0, or -1 (500). */
int api_organisation(struct req *r)
{
    struct pub_scope scope;
    struct pub_org org;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (pub_org_load(r->db, &org))
        return req_model_error(r);
    json_t *levels = json_array();
    for (int i = 0; i < org.scale->nlevels; i++) {
        const struct scale_level *l = &org.scale->levels[i];
        json_array_append_new(levels, json_pack("{s:s, s:s, s:s}", "key", l->key, "label", l->label,
                                                "colour", l->colour));
    }
    json_t *doc =
        json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "name", org.name, "slug", org.slug, "timezone",
                  org.timezone, "rating_scale", org.scale->name, "levels", levels, "latest_period",
                  scope.month >= 0 ? json_string(scope.month_s) : json_null());
    pub_org_free(&org);
    return req_json(r, doc);
}

/* GET /api/v1/periods: the signed-off months up to the scope.  Returns 0,
 * or -1 (500). */
int api_periods(struct req *r)
{
    struct pub_scope scope;
    struct pub_periods periods;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (pub_periods_load(r->db, &scope, &periods))
        return req_model_error(r);
    json_t *data = json_array();
    for (size_t i = 0; i < periods.n; i++)
        json_array_append_new(
            data, json_pack("{s:s, s:s, s:o, s:{s:I, s:s}}", "month", periods.v[i].month, "status",
                            "signed_off", "signed_off_on", jdate(periods.v[i].signed_off_on),
                            "ledger_head", "entries", (json_int_t)periods.v[i].head_seq, "hash",
                            periods.v[i].head_hash));
    pub_periods_free(&periods);
    return req_json(r, json_pack("{s:o}", "data", data));
}

/* A document as req_json() writes it (with its final newline), kept in the
 * record memo: doc's reference is taken.  *bytes is its size.  NULL with
 * db->err set when it cannot be encoded. */
static struct record_bytes *json_bytes(struct db *db, json_t *doc, size_t *bytes)
{
    char *s = doc ? json_dumps(doc, REQ_JSON_FLAGS) : NULL;
    json_decref(doc);
    if (!s) {
        snprintf(db->err, sizeof db->err, "the answer could not be encoded as JSON");
        return NULL;
    }
    struct record_bytes *b = xmalloc(sizeof *b);
    b->len = strlen(s) + 1;
    b->data = xrealloc(s, b->len + 1);
    b->data[b->len - 1] = '\n';
    b->data[b->len] = '\0';
    *bytes = sizeof *b + b->len;
    return b;
}

/* Answers a document of the month in scope, made once per sealed month
 * (model/record_memo.h) under `key` by build (ctx: the scope).  Returns 0,
 * or -1 (500). */
static int memo_doc(struct req *r, const char *key, record_memo_build_fn build)
{
    struct pub_scope scope;
    void *doc;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (record_memo_obtain(r->db, MEMO_BYTES, key, build, &scope, record_bytes_free, &doc))
        return req_model_error(r);
    req_memo_body(r, doc);
    r->status = 200;
    r->content_type = CT_JSON;
    return 0;
}

/* Builds the document of /api/v1/recommendations for record_memo_obtain
 * (ctx: the scope): each recommendation, the live actions answering it and
 * whether it is covered. */
static void *recs_doc_build(struct db *db, void *ctx, size_t *bytes)
{
    const struct pub_recs *recs;
    if (pub_recs_get(db, ctx, &recs))
        return NULL;
    json_t *data = json_array();
    for (size_t i = 0; i < recs->nrecs; i++) {
        const struct pub_rec *x = &recs->recs[i];
        json_t *by = json_array();
        /* a retired action no longer answers anything (DESIGN.md: it left the plan) */
        for (size_t j = 0; j < x->nanswers; j++)
            if (recs->actions.v[x->answers[j]].status != ST_RETIRED)
                json_array_append_new(by, json_string(recs->actions.v[x->answers[j]].ref));
        json_array_append_new(data, json_pack("{s:s, s:s, s:s, s:o, s:b}", "ref", x->ref, "review",
                                              recs->reviews[x->review].ref, "text", x->text,
                                              "answered_by", by, "covered", x->covered));
    }
    return json_bytes(db, json_pack("{s:o}", "data", data), bytes);
}

/* GET /api/v1/recommendations: each recommendation, the live actions
 * answering it and whether it is covered; a sealed month's document is made
 * once.  Returns 0, or -1 (500). */
int api_recommendations(struct req *r)
{
    return memo_doc(r, "api/v1/recommendations", recs_doc_build);
}

/* Builds the document of /api/v1/milestones for record_memo_obtain (ctx:
 * the scope): the public milestones with their public forecasts, as
 * req_json() writes it. */
static void *milestones_doc_build(struct db *db, void *ctx, size_t *bytes)
{
    const struct pub_milestones *ms;
    if (pub_milestones_get(db, ctx, &ms))
        return NULL;
    json_t *data = json_array();
    for (size_t i = 0; i < ms->n; i++) {
        const struct pub_milestone *m = &ms->v[i];
        json_array_append_new(
            data,
            json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:i}", "ref", m->ref, "title", m->title,
                      "action",
                      m->action >= 0 ? json_string(ms->actions.v[m->action].ref) : json_null(),
                      "due", jdate(m->due), "baseline_due", jdate(m->baseline_due), "forecast",
                      jdate(m->forecast), "achieved_on", jdate(m->achieved_on), "slip_days",
                      m->slip_days));
    }
    return json_bytes(db, json_pack("{s:o}", "data", data), bytes);
}

/* GET /api/v1/milestones: the public milestones with their public forecasts;
 * a sealed month's document is made once.  Returns 0, or -1 (500). */
int api_milestones(struct req *r)
{
    return memo_doc(r, "api/v1/milestones", milestones_doc_build);
}

/* One measure as the API shows it; with `detail`, also its linked actions and
 * every public value.  New reference. */
static json_t *measure_json(const struct pub_measure *m, bool detail)
{
    const struct pub_value *last = pub_measure_latest(m);
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:s}", "ref", m->ref, "title",
        m->title, "unit", m->unit, "direction", m->up ? "up" : "down", "baseline",
        m->has_baseline ? json_real(m->baseline) : json_null(), "baseline_date",
        jdate(m->baseline_date), "target", m->has_target ? json_real(m->target) : json_null(),
        "target_date", jdate(m->target_date), "tolerance_pct", (json_int_t)m->tolerance_pct,
        "theme", jstr(m->theme_ref), "latest",
        last ? json_pack("{s:o, s:f}", "date", jdate(last->date), "value", last->value)
             : json_null(),
        "status", measure_state_name(m->state));
    if (!detail)
        return o;
    json_t *actions = json_array(), *values = json_array();
    for (size_t i = 0; i < m->nactions; i++)
        json_array_append_new(actions, json_string(m->actions[i].ref));
    for (size_t i = 0; i < m->nvalues; i++)
        json_array_append_new(values, json_pack("{s:o, s:f}", "date", jdate(m->values[i].date),
                                                "value", m->values[i].value));
    json_object_set_new(o, "actions", actions);
    json_object_set_new(o, "values", values);
    return o;
}

/* GET /api/v1/measures: every measure with its latest value and status.
 * Returns 0, or -1 (500). */
int api_measures(struct req *r)
{
    struct pub_scope scope;
    const struct pub_measures *ms;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (pub_measures_get(r->db, &scope, &ms))
        return req_model_error(r);
    json_t *data = json_array();
    for (size_t i = 0; i < ms->n; i++)
        json_array_append_new(data, measure_json(&ms->v[i], false));
    return req_json(r, json_pack("{s:o}", "data", data));
}

/* GET /api/v1/measures/{ref}: one measure with its actions and values; a
 * JSON 404 for an unknown ref.  Returns 0, or -1 (500). */
int api_measure(struct req *r)
{
    struct pub_scope scope;
    struct pub_measures ms;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (pub_measures_load(r->db, &scope, req_param(r, "ref"), &ms))
        return req_model_error(r);
    if (ms.n == 0) {
        pub_measures_free(&ms);
        req_error(r, 404, "There is no measure with that reference.");
        return 0;
    }
    json_t *doc = measure_json(&ms.v[0], true);
    pub_measures_free(&ms);
    return req_json(r, doc);
}

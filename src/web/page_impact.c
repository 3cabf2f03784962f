/* page_impact.c — what a slip moves and the critical path, on the public
 * site and in the API:
 *   GET /actions/{ref}/impact?days=N       the form and what moves
 *   GET /api/v1/actions/{ref}/impact?days=N the same as JSON
 *   GET /critical-path                      the critical path and the roadmap
 *   GET /api/v1/critical-path               the same as JSON
 * All read the public record at ?as_at (model/pub_critical.h), through the
 * rules `dialturn impact` runs (model/critical.h), so the figures agree.
 * `days` is declared in route.c (1-3650): the dispatcher refuses anything
 * else, naming it, before these run. */
#include "lib/text.h"
#include "model/pub_critical.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>

/* A date as a JSON string, or null.  New reference. */
static json_t *j_date(day_t d)
{
    char s[DATE_LEN];
    if (d == DAY_NONE)
        return json_null();
    date_format(d, s);
    return json_string(s);
}

/* A string that may not be valid UTF-8 (a damaged file) becomes null. */
static json_t *j_str(const char *s)
{
    json_t *v = s ? json_string(s) : NULL;
    return v ? v : json_null();
}

/* Resolves the scope and the overview, and the action {ref} (404 when none).
 * Returns 0 with *index set, 1 when it answered, -1 on a model error. */
static int begin(struct req *r, struct pub_scope *scope, const struct overview **ov, long *index)
{
    int rc = page_scope(r, scope);
    if (rc)
        return rc;
    if (overview_get(r->db, scope->month, ov))
        return req_model_error(r);
    if (!index)
        return 0;
    const char *ref = req_param(r, "ref");
    *index = overview_find_action(*ov, ref);
    if (*index < 0) {
        char why[200];
        snprintf(why, sizeof why,
                 "There is no action %s in the improvement plan. The plan page lists every "
                 "action.",
                 ref_valid(ref) ? TEXT_CLIP(ref, 64) : "with that reference");
        req_error(r, 404, why);
        return 1;
    }
    return 0;
}

/* The declared `days` (route.c: 1-3650), or 0 when not given. */
static int days_param(struct req *r)
{
    return (int)req_int(r, "days", 0);
}

static int impact_body(struct req *r)
{
    struct pub_scope scope;
    const struct overview *ov;
    long i;
    int rc = begin(r, &scope, &ov, &i);
    if (rc)
        return rc < 0 ? -1 : 0;
    int days = days_param(r);
    struct pub_impact im;
    if (days > 0 && pub_impact_load(r->db, &scope, ov, (size_t)i, days, &im))
        return req_model_error(r);
    struct view_site site = WEB_SITE_R(r);
    site.scope = &scope;
    site.path = r->path;
    view_impact(&r->out, &site, ov, (size_t)i, days, days > 0 ? &im : NULL);
    if (days > 0)
        pub_impact_free(&im);
    return 0;
}

static int api_impact_body(struct req *r)
{
    struct pub_scope scope;
    const struct overview *ov;
    long i;
    int rc = begin(r, &scope, &ov, &i);
    if (rc)
        return rc < 0 ? -1 : 0;
    int days = days_param(r);
    struct pub_impact im;
    if (pub_impact_load(r->db, &scope, ov, (size_t)i, days, &im))
        return req_model_error(r);
    json_t *moved = json_array();
    for (size_t k = 0; k < im.n; k++) {
        const struct impact_move *m = &im.moves[k];
        json_t *x = json_object();
        json_object_set_new(x, "kind", json_string(m->is_milestone ? "milestone" : "action"));
        json_object_set_new(
            x, "ref", j_str(m->is_milestone ? im.ms->v[m->index].ref : ov->actions[m->index].ref));
        json_object_set_new(x, "from", j_date(m->from));
        json_object_set_new(x, "to", j_date(m->to));
        json_object_set_new(x, "days", json_integer(m->days));
        json_array_append_new(moved, x);
    }
    pub_impact_free(&im);
    json_t *doc = json_object();
    json_object_set_new(doc, "action", j_str(ov->actions[i].ref));
    json_object_set_new(doc, "slip_days", json_integer(days));
    json_object_set_new(doc, "as_at", scope.month >= 0 ? json_string(scope.month_s) : json_null());
    json_object_set_new(doc, "moved", moved);
    return req_json(r, doc);
}

static int critical_body(struct req *r)
{
    struct pub_scope scope;
    const struct overview *ov;
    int rc = begin(r, &scope, &ov, NULL);
    if (rc)
        return rc < 0 ? -1 : 0;
    struct pub_critical c;
    if (pub_critical_load(r->db, &scope, ov, &c))
        return req_model_error(r);
    struct view_site site = WEB_SITE_R(r);
    site.scope = &scope;
    site.path = r->path;
    view_critical(&r->out, &site, ov, &c, overview_overdue_on(&scope));
    pub_critical_free(&c);
    return 0;
}

/* One path as {"finish", "path": [{"ref", "title", "theme", "start", "finish"}]}. */
static json_t *j_path(const struct overview *ov, const struct pub_critical *c,
                      const struct critical_path *p)
{
    json_t *path = json_array();
    for (size_t k = 0; k < p->n; k++) {
        size_t i = p->chain[k];
        json_t *x = json_object();
        json_object_set_new(x, "ref", j_str(ov->actions[i].ref));
        json_object_set_new(x, "title", j_str(ov->actions[i].title));
        json_object_set_new(x, "theme", j_str(ov->themes[ov->actions[i].theme].ref));
        json_object_set_new(x, "start", j_date(c->es[i]));
        json_object_set_new(x, "finish", j_date(c->ff[i]));
        json_array_append_new(path, x);
    }
    json_t *o = json_object();
    json_object_set_new(o, "finish", j_date(p->n ? c->ff[p->chain[p->n - 1]] : DAY_NONE));
    json_object_set_new(o, "path", path);
    return o;
}

static int api_critical_body(struct req *r)
{
    struct pub_scope scope;
    const struct overview *ov;
    int rc = begin(r, &scope, &ov, NULL);
    if (rc)
        return rc < 0 ? -1 : 0;
    struct pub_critical c;
    if (pub_critical_load(r->db, &scope, ov, &c))
        return req_model_error(r);
    json_t *themes = json_array();
    for (size_t t = 0; t < ov->nthemes; t++) {
        json_t *o = json_object();
        json_object_set_new(o, "ref", j_str(ov->themes[t].ref));
        json_object_set_new(o, "title", j_str(ov->themes[t].title));
        json_t *p = j_path(ov, &c, &c.themes[t]);
        json_object_update(o, p);
        json_decref(p);
        json_array_append_new(themes, o);
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "as_at", scope.month >= 0 ? json_string(scope.month_s) : json_null());
    json_object_set_new(doc, "plan", j_path(ov, &c, &c.plan));
    json_object_set_new(doc, "themes", themes);
    pub_critical_free(&c);
    return req_json(r, doc);
}

int page_action_impact(struct req *r)
{
    return page_read(r, impact_body);
}

int api_action_impact(struct req *r)
{
    return page_read(r, api_impact_body);
}

int page_critical(struct req *r)
{
    return page_read(r, critical_body);
}

int api_critical(struct req *r)
{
    return page_read(r, api_critical_body);
}

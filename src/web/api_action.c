/* api_action.c — the JSON API of the plan: /api/v1/themes, /api/v1/themes/{ref},
 * /api/v1/actions (filters, keyset pages by ref) and /api/v1/actions/{ref}.
 *
 * The same model as the pages (model/overview.h, model/pub_action.h), so the
 * same public rule: only accepted updates of signed-off months up to ?as_at
 * count.  Errors go through req_error, which answers JSON on these routes.
 * Lists answer {"data": [...]}, one item answers the object itself (as
 * data/openapi.json describes).  Dates are "YYYY-MM-DD", months "YYYY-MM"; a
 * value not set is null. */
#include "lib/text.h"
#include "model/overview.h"
#include "model/pub_action.h"
#include "model/pub_assurance.h"
#include "web/web.h"
#include <stdio.h>
#include <string.h>

#define API_LIMIT_DEFAULT 50
#define API_LIMIT_MAX     200

/* A date as a JSON string, or null for DAY_NONE.  New reference. */
static json_t *j_date(day_t d)
{
    char s[DATE_LEN];
    if (d == DAY_NONE)
        return json_null();
    date_format(d, s);
    return json_string(s);
}

/* A month number as "YYYY-MM", or null when negative.  New reference. */
static json_t *j_month(int m)
{
    char s[MONTH_LEN];
    if (m < 0)
        return json_null();
    month_format(m, s);
    return json_string(s);
}

/* A string that may not be valid UTF-8 (a damaged file): jansson refuses
 * those, so they become null rather than failing the answer.  New reference. */
static json_t *j_str(const char *s)
{
    json_t *v = s ? json_string(s) : NULL;
    return v ? v : json_null();
}

/* {"ref","name","role"} of person p of the overview, or null.  New reference. */
static json_t *j_person(const struct overview *ov, long p)
{
    if (p < 0)
        return json_null();
    const struct overview_person *x = &ov->people[p];
    json_t *o = json_object();
    json_object_set_new(o, "ref", j_str(x->ref));
    json_object_set_new(o, "name", j_str(x->name));
    json_object_set_new(o, "role", j_str(x->role));
    return o;
}

/* The same for a person loaded with an action's details. */
static json_t *j_pub_person(const struct pub_action_person *p)
{
    if (!p->ref)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "ref", j_str(p->ref));
    json_object_set_new(o, "name", j_str(p->name));
    json_object_set_new(o, "role", j_str(p->role));
    return o;
}

/* A level index as its key, or null.  New reference. */
static json_t *j_level(const struct overview *ov, int level)
{
    if (level < 0 || level >= ov->scale->nlevels)
        return json_null();
    return json_string(ov->scale->levels[level].key);
}

/* An array of strings.  New reference. */
static json_t *j_refs(char *const *refs, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, j_str(refs[i]));
    return a;
}

/* A theme: ref, title, lead, actions, by_status, by_confidence.  New reference. */
static json_t *j_theme(const struct overview *ov, size_t t)
{
    const struct overview_counts *c = &ov->theme_counts[t];
    json_t *o = json_object(), *st = json_object(), *lv = json_object();
    json_object_set_new(o, "ref", j_str(ov->themes[t].ref));
    json_object_set_new(o, "title", j_str(ov->themes[t].title));
    json_object_set_new(o, "lead", j_person(ov, ov->themes[t].lead));
    json_object_set_new(o, "actions", json_integer((json_int_t)c->actions));
    for (int s = 0; s < ST__MAX; s++)
        json_object_set_new(st, action_status_name((enum action_status)s),
                            json_integer((json_int_t)c->by_status[s]));
    for (int l = 0; l < ov->scale->nlevels; l++)
        json_object_set_new(lv, ov->scale->levels[l].key, json_integer((json_int_t)c->by_level[l]));
    json_object_set_new(o, "by_status", st);
    json_object_set_new(o, "by_confidence", lv);
    return o;
}

/* The summary of action i, overdue judged on `on`.  New reference. */
static json_t *j_summary(const struct overview *ov, size_t i, day_t on)
{
    const struct overview_action *a = &ov->actions[i];
    const struct overview_state *s = &ov->state[i];
    int slip; /* 0 when there is no baseline (baseline_finish is then null) */
    overview_slip(ov, i, &slip);
    json_t *o = json_object();
    json_object_set_new(o, "ref", j_str(a->ref));
    json_object_set_new(o, "theme", j_str(ov->themes[a->theme].ref));
    json_object_set_new(o, "title", j_str(a->title));
    json_object_set_new(o, "owner", j_person(ov, a->owner));
    json_object_set_new(o, "start", j_date(a->start));
    json_object_set_new(o, "finish", j_date(a->finish));
    json_object_set_new(o, "baseline_finish", j_date(a->baseline_finish));
    json_object_set_new(o, "forecast_finish", j_date(s->forecast));
    json_object_set_new(o, "slip_days", json_integer(slip));
    json_object_set_new(o, "status", json_string(action_status_name(s->status)));
    json_object_set_new(o, "completed_on", j_date(s->completed_on));
    json_object_set_new(o, "confidence", j_level(ov, s->level));
    json_object_set_new(o, "confidence_month", j_month(s->level >= 0 ? s->month : -1));
    json_object_set_new(o, "overdue", json_boolean(overview_overdue(ov, i, on)));
    return o;
}

/* Resolves ?as_at and loads the overview.  Returns 0, 1 when it answered (an
 * error for the client), or -1 with r->err set. */
static int api_begin(struct req *r, struct pub_scope *scope, const struct overview **ov)
{
    int rc = page_scope(r, scope);
    if (rc)
        return rc;
    if (overview_get(r->db, scope->month, ov)) {
        return req_model_error(r);
    }
    return 0;
}

/* GET /api/v1/themes, inside its read transaction. */
static int api_themes_body(struct req *r)
{
    struct pub_scope scope;
    const struct overview *ov;
    int rc = api_begin(r, &scope, &ov);
    if (rc)
        return rc < 0 ? -1 : 0;
    json_t *data = json_array();
    for (size_t t = 0; t < ov->nthemes; t++)
        json_array_append_new(data, j_theme(ov, t));
    json_t *doc = json_object();
    json_object_set_new(doc, "data", data);
    return req_json(r, doc);
}

/* The panel's assessment of a theme or action beside the council's
 * (pub_assurance.h), or null when none is published.  New reference. */
static json_t *j_assurance(const struct overview *ov, const struct pub_assurance_item *it)
{
    if (!it)
        return json_null();
    json_t *o = json_object(), *council = json_object(), *list = json_array();
    json_object_set_new(o, "period", json_string(it->month));
    for (int l = 0; l < ov->scale->nlevels && l < PUB_ASSURANCE_LEVELS; l++)
        json_object_set_new(council, ov->scale->levels[l].key,
                            json_integer((json_int_t)it->council[l]));
    json_object_set_new(o, "council", council);
    for (size_t i = 0; i < it->nratings; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "member", j_str(it->ratings[i].member));
        json_object_set_new(r, "level", j_level(ov, it->ratings[i].level));
        json_object_set_new(r, "comment", j_str(it->ratings[i].comment));
        json_array_append_new(list, r);
    }
    json_object_set_new(o, "ratings", list);
    return o;
}

/* Adds "assurance" (j_assurance) of theme or action `ref` at `scope` to o.
 * Returns 0, or -1 with db->err. */
static int add_assurance(struct req *r, const struct pub_scope *scope, const struct overview *ov,
                         bool is_action, const char *ref, json_t *o)
{
    struct pub_assurance panel;
    if (pub_assurance_load(r->db, scope, ov->scale, &panel))
        return -1;
    json_object_set_new(o, "assurance",
                        j_assurance(ov, pub_assurance_find(&panel, is_action, ref)));
    pub_assurance_free(&panel);
    return 0;
}

/* GET /api/v1/themes/{ref}, inside its read transaction. */
static int api_theme_body(struct req *r)
{
    struct pub_scope scope;
    const struct overview *ov;
    const char *ref = req_param(r, "ref");
    int rc = api_begin(r, &scope, &ov);
    if (rc)
        return rc < 0 ? -1 : 0;
    long t = overview_find_theme(ov, ref);
    if (t < 0) {
        char why[160];
        snprintf(why, sizeof why, "There is no theme %s in the plan.",
                 ref_valid(ref) ? ref : "with that reference");
        req_error(r, 404, why);
        return 0;
    }
    json_t *o = j_theme(ov, (size_t)t), *refs = json_array();
    for (size_t k = ov->theme_start[t]; k < ov->theme_start[t + 1]; k++)
        json_array_append_new(refs, j_str(ov->actions[ov->plan_order[k]].ref));
    json_object_set_new(o, "action_refs", refs);
    if (add_assurance(r, &scope, ov, false, ov->themes[t].ref, o)) {
        json_decref(o);
        return req_model_error(r);
    }
    return req_json(r, o);
}

/* Reads ?limit (1..API_LIMIT_MAX, default API_LIMIT_DEFAULT).  Returns 0, or
 * 1 after answering 400. */
static int read_limit(struct req *r, size_t *limit)
{
    const char *v = req_arg(r, "limit");
    size_t n = 0;
    *limit = API_LIMIT_DEFAULT;
    if (!v)
        return 0;
    for (const char *p = v; *p && n <= API_LIMIT_MAX; p++)
        n = *p >= '0' && *p <= '9' ? n * 10 + (size_t)(*p - '0') : API_LIMIT_MAX + 1;
    if (n < 1 || n > API_LIMIT_MAX) {
        req_error(r, 400, "limit: give a whole number from 1 to 200.");
        return 1;
    }
    *limit = n;
    return 0;
}

/* GET /api/v1/actions, inside its read transaction. */
static int api_actions_body(struct req *r)
{
    struct pub_scope scope;
    const struct overview *ov;
    struct overview_filter f;
    size_t limit, nrows, rows[API_LIMIT_MAX + 1], from = 0;
    char why[256];
    int rc = api_begin(r, &scope, &ov);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (read_limit(r, &limit))
        return 0;
    if (overview_filter_parse(ov, req_arg(r, "theme"), req_arg(r, "owner"), req_arg(r, "status"),
                              req_arg(r, "confidence"), req_arg(r, "overdue"),
                              overview_overdue_on(&scope), &f, why, sizeof why)) {
        req_error(r, 400, why);
        return 0;
    }
    const char *cursor = req_arg(r, "cursor");
    if (cursor && *cursor) {
        if (!ref_valid(cursor)) {
            req_error(r, 400, "cursor: give the next_cursor of the previous page, as it was.");
            return 0;
        }
        from = overview_after(ov, cursor);
    }
    /* one row more than asked says whether there is a next page */
    overview_select(ov, &f, false, from, 0, limit + 1, rows, &nrows, NULL);
    json_t *data = json_array();
    for (size_t k = 0; k < nrows && k < limit; k++)
        json_array_append_new(data, j_summary(ov, rows[k], f.on));
    json_t *doc = json_object();
    json_object_set_new(doc, "data", data);
    json_object_set_new(doc, "next_cursor",
                        nrows > limit ? j_str(ov->actions[rows[limit - 1]].ref) : json_null());
    return req_json(r, doc);
}

/* The milestones of a loaded action.  New reference. */
static json_t *j_milestones(const struct pub_action_detail *a)
{
    json_t *list = json_array();
    for (size_t i = 0; i < a->nmilestones; i++) {
        const struct pub_action_milestone *m = &a->milestones[i];
        json_t *o = json_object();
        json_object_set_new(o, "ref", j_str(m->ref));
        json_object_set_new(o, "title", j_str(m->title));
        json_object_set_new(o, "due", j_date(m->due));
        json_object_set_new(o, "baseline_due", j_date(m->baseline_due));
        json_object_set_new(o, "forecast", j_date(m->forecast));
        json_object_set_new(o, "achieved_on", j_date(m->achieved_on));
        json_array_append_new(list, o);
    }
    return list;
}

/* The corrections of update u as the record holds them, in the order made:
 * each with the field, its value before and after (as stored), the reason,
 * who made it and when, and the sentence the pages show.  New reference. */
static json_t *j_corrections(const struct overview *ov, const struct pub_action_detail *a,
                             const struct pub_action_update *u)
{
    json_t *list = json_array();
    for (size_t k = u->corr_first; k < u->corr_first + u->ncorr; k++) {
        const struct correction *c = &a->corrections[k];
        struct buf note = BUF_INIT;
        correction_note(ov->scale, c, &note);
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:s}", "corrected_on", c->corrected_on,
                            "by", c->by_name, "field", c->field, "was", j_str(c->old_value), "now",
                            j_str(c->new_value), "reason", c->reason, "note", buf_str(&note)));
        buf_free(&note);
    }
    return list;
}

/* The public updates of a loaded action, oldest first.  New reference. */
static json_t *j_history(const struct overview *ov, const struct pub_action_detail *a)
{
    json_t *list = json_array();
    for (size_t i = 0; i < a->nhistory; i++) {
        const struct pub_action_update *u = &a->history[i];
        json_t *o = json_object();
        json_object_set_new(o, "period", j_month(u->month));
        json_object_set_new(o, "status", j_str(u->status));
        json_object_set_new(o, "percent", json_integer(u->percent));
        json_object_set_new(o, "confidence", j_level(ov, u->level));
        json_object_set_new(o, "narrative", j_str(u->narrative));
        json_object_set_new(o, "forecast_finish", j_date(u->forecast_finish));
        json_object_set_new(o, "author", j_pub_person(&u->author));
        if (u->ncorr)
            json_object_set_new(o, "corrections", j_corrections(ov, a, u));
        json_t *ev = json_array();
        for (size_t k = 0; k < u->nevidence; k++) {
            const struct pub_action_evidence *e = &u->evidence[k];
            json_t *x = json_object();
            json_object_set_new(x, "label", j_str(e->label));
            if (e->url) {
                json_object_set_new(x, "url", j_str(e->url));
            } else {
                char doc[48];
                snprintf(doc, sizeof doc, "/documents/%lld", (long long)e->document_id);
                json_object_set_new(x, "document", json_string(doc));
            }
            json_array_append_new(ev, x);
        }
        json_object_set_new(o, "evidence", ev);
        json_array_append_new(list, o);
    }
    return list;
}

/* GET /api/v1/actions/{ref}, inside its read transaction. */
static int api_action_body(struct req *r)
{
    struct pub_scope scope;
    const struct overview *ov;
    struct pub_action_detail a;
    const char *ref = req_param(r, "ref");
    int rc = api_begin(r, &scope, &ov);
    if (rc)
        return rc < 0 ? -1 : 0;
    long i = overview_find_action(ov, ref);
    if (i < 0) {
        char why[160];
        snprintf(why, sizeof why, "There is no action %s in the plan.",
                 ref_valid(ref) ? ref : "with that reference");
        req_error(r, 404, why);
        return 0;
    }
    if (pub_action_load(r->db, ov, (size_t)i, &a)) {
        return req_model_error(r);
    }
    const struct overview_action *x = &ov->actions[i];
    json_t *o = j_summary(ov, (size_t)i, overview_overdue_on(&scope)), *deps = json_array();
    for (size_t k = 0; k < x->npred; k++)
        json_array_append_new(deps, j_str(ov->actions[x->pred[k]].ref));
    json_object_set_new(o, "description", j_str(a.description));
    json_object_set_new(o, "closure_criteria", j_str(a.closure_criteria));
    json_object_set_new(o, "member", j_pub_person(&a.member));
    json_object_set_new(o, "panel_lead", j_pub_person(&a.panel_lead));
    json_object_set_new(o, "answers", j_refs(a.answers, a.nanswers));
    json_object_set_new(o, "depends_on", deps);
    json_object_set_new(o, "needed_by", j_refs(a.needed_by, a.nneeded_by));
    json_object_set_new(o, "milestones", j_milestones(&a));
    json_object_set_new(o, "history", j_history(ov, &a));
    pub_action_free(&a);
    if (add_assurance(r, &scope, ov, true, x->ref, o)) {
        json_decref(o);
        return req_model_error(r);
    }
    return req_json(r, o);
}

int api_themes(struct req *r)
{
    return page_read(r, api_themes_body);
}

int api_theme(struct req *r)
{
    return page_read(r, api_theme_body);
}

int api_actions(struct req *r)
{
    return page_read(r, api_actions_body);
}

int api_action(struct req *r)
{
    return page_read(r, api_action_body);
}

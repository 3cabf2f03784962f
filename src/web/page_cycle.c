/* page_cycle.c — the workspace home, an owner's monthly update form, and the
 * same update through the write API.
 *
 * Each handler: reads its parameters, asks the model (whose writes check the
 * role and the ownership again and name the field at fault), renders.  A
 * form that fails comes back with status 400 (409 when the state forbids
 * it), the values as typed and an error summary; a form that succeeds
 * redirects (303) to a page whose banner says so. */
#include "lib/text.h"
#include "lib/html.h"
#include "model/cycle.h"
#include "model/cycle_list.h"
#include "model/document.h"
#include "model/rules.h"
#include "model/scale.h"
#include "web/page_cycle.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -- shared by the cycle's handlers (page_cycle.h) -------------------------------- */

/* What ?done= may say; the banner shows only these texts. */
static const struct {
    const char *code, *text;
} done_texts[] = {
    {"saved", "Your draft was saved"},
    {"submitted", "Your update was submitted for review"},
    {"accepted", "The update was accepted"},
    {"returned", "The update was returned to its owner with your comment"},
    {"opened", "The month was opened for updates"},
    {"closed", "The month was closed for updates"},
    {"signed-off", "The month was signed off: its accepted updates are now public"},
    {"proposed", "Your proposal to close the action was sent to the programme office"},
    {"closure-accepted", "The closure was accepted: the action is complete"},
    {"closure-panel", "The closure was accepted; it now awaits the panel"},
    {"closure-returned", "The closure proposal was returned with your comment"},
};

const char *pc_done(const struct req *r)
{
    const char *code = req_arg(r, "done");
    for (size_t i = 0; code && i < sizeof done_texts / sizeof *done_texts; i++)
        if (strcmp(code, done_texts[i].code) == 0)
            return done_texts[i].text;
    return NULL;
}

void pc_redirect(struct req *r, const char *fmt, const char *arg)
{
    struct buf to = BUF_INIT;
    html_printf(&to, fmt, arg); /* lint-ok: pc_redirect's callers are checked as html_printf's */
    req_redirect(r, buf_str(&to));
    buf_free(&to);
}

size_t pc_form_upload(const struct req *r, struct document_upload *up)
{
    const struct req_field *f = req_file(r, "evidence_file");
    if (!f || !f->filename || !f->filename[0])
        return 0;
    *up = (struct document_upload){
        .data = f->value, .len = f->len, .name = f->filename, .declared_type = f->content_type};
    return 1;
}

size_t pc_form_links(const struct req *r, struct cycle_link *links, size_t max)
{
    const char *labels[CYCLE_MAX_LINKS + 4], *urls[CYCLE_MAX_LINKS + 4];
    size_t cap = max < CYCLE_MAX_LINKS + 4 ? max : CYCLE_MAX_LINKS + 4;
    size_t nl = req_form_all(r, "evidence_label", labels, cap);
    size_t nu = req_form_all(r, "evidence_url", urls, cap);
    size_t n = nl > nu ? nl : nu;
    if (n > cap)
        n = cap;
    for (size_t i = 0; i < n; i++) {
        links[i].label = i < nl ? labels[i] : "";
        links[i].url = i < nu ? urls[i] : "";
    }
    return n;
}

int pc_model_rc(struct req *r, struct db *db, enum cycle_rc rc, const struct cycle_errors *errs)
{
    switch (rc) {
    case CYCLE_DENIED:
        req_error(r, 403, cycle_errors_first(errs));
        return 0;
    case CYCLE_NOT_FOUND:
        req_error(r, 404, cycle_errors_first(errs));
        return 0;
    case CYCLE_ERROR:
        snprintf(r->err, sizeof r->err, "%s", db->err);
        return -1;
    default:
        return 1;
    }
}

/* -- the workspace home ------------------------------------------------------------ */

static int work_body(struct req *r)
{
    const struct session_user *u = r->user;
    struct view_work v = {.done = pc_done(r)};
    struct cycle_period open, *periods = NULL, *waiting = NULL;
    struct cycle_due *due = NULL;
    struct cycle_closure *closures = NULL;
    size_t nperiods = 0, nclosures = 0;
    int rc = -1;
    int has = cycle_period_open_now(r->db, &open);
    if (has < 0 || cycle_periods(r->db, &periods, &nperiods))
        goto out;
    if (has)
        v.open = &open;
    waiting = xcalloc(nperiods ? nperiods : 1, sizeof *waiting);
    for (size_t i = 0; i < nperiods; i++) {
        if (periods[i].state == PERIOD_CLOSED)
            waiting[v.nwaiting++] = periods[i];
        if (periods[i].state != PERIOD_SIGNED_OFF)
            v.queue += periods[i].n_submitted;
    }
    v.waiting = waiting;
    if (role_has(u->role, CAP_UPDATE)) {
        v.owner = true;
        if (u->person_id && cycle_due_list(r->db, u->person_id, has ? open.id : 0, &due, &v.ndue))
            goto out;
        v.due = due;
    }
    if (role_has(u->role, CAP_REVIEW)) {
        v.reviewer = true;
        if (cycle_chase_count(r->db, &v.chase))
            goto out;
    }
    if (role_has(u->role, CAP_CLOSE)) {
        v.closer = true;
        if (cycle_closures_pending(r->db, &closures, &nclosures))
            goto out;
        enum closure_stage mine =
            u->role == ROLE_PANEL ? CLOSURE_AWAITING_PANEL : CLOSURE_AWAITING_PMO;
        for (size_t i = 0; i < nclosures; i++)
            v.closures += closures[i].stage == mine;
    }
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work";
    view_work(&r->out, &site, &v);
    rc = 0;
out:
    if (rc)
        snprintf(r->err, sizeof r->err, "%s", r->db->err);
    free(periods);
    free(waiting);
    cycle_due_free(due, v.ndue);
    cycle_closures_free(closures, nclosures);
    return rc;
}

int page_work(struct req *r)
{
    r->cache_control = "no-store";
    return page_read(r, work_body);
}

/* -- the update form -------------------------------------------------------------------- */

/* Why the update of form f cannot be edited now, or NULL when it can. */
static const char *update_why_not(const struct cycle_form *f)
{
    if (strcmp(f->action_status, "complete") == 0)
        return "This action is complete: no monthly update is due.";
    if (strcmp(f->action_status, "retired") == 0)
        return "This action is retired: no monthly update is due.";
    if (!f->has_period)
        return "No month is open for updates. The programme office opens each month; come "
               "back then.";
    if (f->exists && strcmp(f->upd.state, "submitted") == 0)
        return "This update is submitted and awaits review. It can be changed only if the "
               "programme office returns it to you.";
    if (f->exists && strcmp(f->upd.state, "accepted") == 0)
        return "This update was accepted. It can no longer change.";
    return NULL;
}

/* Loads the form of the action in the path, answering 404 or 403 itself.
 * Returns 1 loaded, 0 answered, -1 error. */
static int update_form_load(struct req *r, struct cycle_form *f)
{
    const char *ref = req_param(r, "ref");
    int found = cycle_form_load(r->db, ref, f);
    if (found < 0) {
        snprintf(r->err, sizeof r->err, "%s", r->db->err);
        return -1;
    }
    if (!found) {
        char why[160];
        snprintf(why, sizeof why, "There is no action %s.", TEXT_CLIP(ref, 100));
        req_error(r, 404, why);
        return 0;
    }
    if (!r->user->person_id || f->owner_id != r->user->person_id) {
        char why[200];
        snprintf(why, sizeof why,
                 "You are not the owner of action %s: only its owner writes its update.",
                 TEXT_CLIP(f->action_ref, 100));
        cycle_form_free(f);
        req_error(r, 403, why);
        return 0;
    }
    return 1;
}

/* Renders the update form with `status`: the values given, or the stored ones. */
static int update_render(struct req *r, unsigned status, const struct view_update_values *typed,
                         const struct cycle_errors *errs)
{
    struct cycle_form f;
    int got = update_form_load(r, &f);
    if (got <= 0)
        return got;
    const struct scale *sc = cycle_scale(r->db);
    if (!sc) {
        cycle_form_free(&f);
        snprintf(r->err, sizeof r->err, "%s", r->db->err);
        return -1;
    }
    struct cycle_link links[CYCLE_MAX_LINKS];
    char percent[8];
    struct view_update_values values;
    if (typed) {
        values = *typed;
    } else {
        size_t n = 0;
        for (size_t i = 0; i < f.upd.nevidence && n < CYCLE_MAX_LINKS; i++)
            if (f.upd.evidence[i].url)
                links[n++] = (struct cycle_link){f.upd.evidence[i].label, f.upd.evidence[i].url};
        snprintf(percent, sizeof percent, "%d", f.upd.percent);
        values = (struct view_update_values){
            f.upd.status, percent, f.upd.confidence, f.upd.narrative, f.upd.forecast_finish,
            links,        n};
    }
    struct view_update_form v = {
        .f = &f,
        .scale = sc,
        .values = values,
        .why_not = errs && errs->n ? NULL : update_why_not(&f),
        .errors = errs,
        .done = pc_done(r),
    };
    struct view_site site = WEB_SITE_R(r);
    buf_reset(&r->out);
    r->status = status;
    r->content_type = CT_HTML;
    r->cache_control = "no-store";
    view_update_form(&r->out, &site, &v);
    cycle_form_free(&f);
    return 0;
}

static int update_body(struct req *r)
{
    return update_render(r, 200, NULL, NULL);
}

int page_update(struct req *r)
{
    return page_read(r, update_body);
}

int post_update(struct req *r)
{
    const char *ref = req_param(r, "ref");
    struct cycle_link links[CYCLE_MAX_LINKS + 4];
    struct cycle_update_input in = {
        .status = req_form(r, "status"),
        .percent = req_form(r, "percent"),
        .confidence = req_form(r, "confidence"),
        .narrative = req_form(r, "narrative"),
        .forecast_finish = req_form(r, "forecast_finish"),
        .links = links,
        .nlinks = pc_form_links(r, links, sizeof links / sizeof *links),
        .submit = req_form(r, "intent") && strcmp(req_form(r, "intent"), "submit") == 0,
    };
    struct document_upload up;
    in.nuploads = pc_form_upload(r, &up);
    in.uploads = in.nuploads ? &up : NULL;
    const char *removes[CYCLE_MAX_LINKS];
    int64_t remove[CYCLE_MAX_LINKS];
    size_t nr = req_form_all(r, "remove_evidence", removes, CYCLE_MAX_LINKS);
    for (size_t i = 0; i < nr && i < CYCLE_MAX_LINKS; i++)
        if (removes[i] && *removes[i] && strspn(removes[i], "0123456789") == strlen(removes[i]) &&
            strlen(removes[i]) < 19)
            remove[in.nremove++] = strtoll(removes[i], NULL, 10);
    in.remove = remove;
    struct cycle_errors errs;
    int64_t id;
    enum cycle_rc rc = cycle_update_save(r->wdb, r->user, ref, &in, &errs, &id);
    if (rc == CYCLE_OK) {
        if (in.submit)
            req_redirect(r, "/work?done=submitted");
        else
            pc_redirect(r, "/work/updates/%U?done=saved", ref);
        return 0;
    }
    int m = pc_model_rc(r, r->wdb, rc, &errs);
    if (m <= 0)
        return m;
    struct view_update_values typed = {in.status,          in.percent, in.confidence, in.narrative,
                                       in.forecast_finish, links,      in.nlinks};
    return update_render(r, rc == CYCLE_CONFLICT ? 409 : 400, &typed, &errs);
}

/* -- the write API -------------------------------------------------------------------- */

/* Answers a JSON error naming `field` (may be NULL). */
static int api_fail(struct req *r, unsigned status, const char *field, const char *message)
{
    static const struct {
        unsigned status;
        const char *title;
    } titles[] = {{400, "Bad Request"}, {403, "Forbidden"}, {404, "Not Found"}, {409, "Conflict"}};
    const char *title = "Error";
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
        if (titles[i].status == status)
            title = titles[i].title;
    /* message and field may quote the request: made valid UTF-8, without
     * control characters, so that jansson takes them */
    struct buf msg = BUF_INIT, fld = BUF_INIT;
    text_safe(&msg, message, 1024);
    text_safe(&fld, field, 200);
    json_t *e = json_pack("{s:i, s:s, s:s}", "status", (int)status, "title", title, "message",
                          buf_str(&msg));
    if (field && *field)
        json_object_set_new(e, "field", json_string(buf_str(&fld)));
    buf_free(&msg);
    buf_free(&fld);
    req_json(r, json_pack("{s:o}", "error", e));
    r->status = status;
    r->cache_control = "no-store";
    return 0;
}

/* The update as the API answers it. */
static json_t *update_json(const struct cycle_update *u)
{
    json_t *ev = json_array();
    for (size_t i = 0; i < u->nevidence; i++) {
        json_t *e = json_pack("{s:s}", "label", u->evidence[i].label);
        if (u->evidence[i].url)
            json_object_set_new(e, "url", json_string(u->evidence[i].url));
        else
            json_object_set_new(e, "document_id", json_integer(u->evidence[i].document_id));
        json_array_append_new(ev, e);
    }
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:i, s:o, s:s, s:o, s:o}", "id", (json_int_t)u->id, "action",
        u->action_ref, "period", u->month, "state", u->state, "status", u->status, "percent",
        u->percent, "confidence", u->confidence[0] ? json_string(u->confidence) : json_null(),
        "narrative", u->narrative, "forecast_finish",
        u->forecast_finish[0] ? json_string(u->forecast_finish) : json_null(), "evidence", ev);
}

/* Reads member `name` of `o` as a string (or null, as ""), or answers 400. */
static bool api_string(struct req *r, json_t *o, const char *name, const char **out)
{
    json_t *v = json_object_get(o, name);
    if (!v || json_is_null(v)) {
        *out = "";
        return true;
    }
    if (!json_is_string(v)) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s must be a string", name);
        api_fail(r, 400, name, msg);
        return false;
    }
    *out = json_string_value(v);
    return true;
}

int api_update(struct req *r)
{
    static const char *const known[] = {"status",          "percent",  "confidence", "narrative",
                                        "forecast_finish", "evidence", "submit"};
    json_error_t jerr;
    json_t *doc = json_loadb(r->body.data ? r->body.data : "", r->body.len, 0, &jerr);
    if (!doc || !json_is_object(doc)) {
        json_decref(doc);
        return api_fail(r, 400, NULL, "The body must be a JSON object");
    }
    int rc = 0;
    const char *key;
    json_t *val;
    json_object_foreach(doc, key, val)
    {
        bool ok = false;
        for (size_t i = 0; i < sizeof known / sizeof *known; i++)
            ok |= strcmp(key, known[i]) == 0;
        if (!ok) {
            char msg[320];
            snprintf(msg, sizeof msg,
                     "Unknown field %s: the fields are status, percent, "
                     "confidence, narrative, forecast_finish, evidence, submit",
                     TEXT_CLIP(key, 100));
            rc = api_fail(r, 400, key, msg);
            goto out;
        }
    }
    struct cycle_update_input in = {0};
    char percent[24] = "";
    json_t *p = json_object_get(doc, "percent");
    if (p && !json_is_null(p)) {
        if (!json_is_integer(p) || json_integer_value(p) < 0 || json_integer_value(p) > 100) {
            rc = api_fail(r, 400, "percent", "percent must be a whole number from 0 to 100");
            goto out;
        }
        snprintf(percent, sizeof percent, "%lld", (long long)json_integer_value(p));
    }
    in.percent = percent;
    if (!api_string(r, doc, "status", &in.status) ||
        !api_string(r, doc, "confidence", &in.confidence) ||
        !api_string(r, doc, "narrative", &in.narrative) ||
        !api_string(r, doc, "forecast_finish", &in.forecast_finish))
        goto out;
    json_t *s = json_object_get(doc, "submit");
    if (s && !json_is_boolean(s) && !json_is_null(s)) {
        rc = api_fail(r, 400, "submit", "submit must be true or false");
        goto out;
    }
    in.submit = json_is_true(s);
    struct cycle_link links[CYCLE_MAX_LINKS];
    json_t *ev = json_object_get(doc, "evidence");
    if (ev && !json_is_null(ev)) {
        if (!json_is_array(ev) || json_array_size(ev) > CYCLE_MAX_LINKS) {
            rc = api_fail(r, 400, "evidence",
                          "evidence must be an array of at most 20 {\"label\", \"url\"} objects");
            goto out;
        }
        for (size_t i = 0; i < json_array_size(ev); i++) {
            json_t *e = json_array_get(ev, i);
            json_t *l = json_object_get(e, "label"), *u = json_object_get(e, "url");
            if (!json_is_object(e) || !json_is_string(l) || !json_is_string(u)) {
                rc = api_fail(r, 400, "evidence",
                              "each evidence link must be an object with a label and a url, "
                              "both strings");
                goto out;
            }
            links[i] = (struct cycle_link){json_string_value(l), json_string_value(u)};
        }
        in.links = links;
        in.nlinks = json_array_size(ev);
    }

    struct cycle_errors errs;
    int64_t id;
    struct cycle_update u; /* what this request wrote, read before its commit */
    in.saved = &u;
    enum cycle_rc mrc = cycle_update_save(r->wdb, r->user, req_param(r, "ref"), &in, &errs, &id);
    if (mrc == CYCLE_ERROR) {
        snprintf(r->err, sizeof r->err, "%s", r->wdb->err);
        rc = -1;
        goto out;
    }
    if (mrc != CYCLE_OK) {
        static const unsigned status[] = {[CYCLE_INVALID] = 400,
                                          [CYCLE_DENIED] = 403,
                                          [CYCLE_NOT_FOUND] = 404,
                                          [CYCLE_CONFLICT] = 409};
        rc = api_fail(r, status[mrc], errs.n ? errs.e[0].field : NULL, cycle_errors_first(&errs));
        goto out;
    }
    req_json(r, update_json(&u));
    cycle_update_free(&u);
    r->status = 201;
    r->cache_control = "no-store";
out:
    json_decref(doc);
    return rc;
}

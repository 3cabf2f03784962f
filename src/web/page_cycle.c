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
#include "lib/markdown.h"
#include "model/cycle.h"
#include "model/cycle_list.h"
#include "model/document.h"
#include "model/rules.h"
#include "model/scale.h"
#include "model/version.h"
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
    {"reopened", "The month was reopened for updates: owners can save and submit again"},
    {"signed-off", "The month was signed off: its accepted updates are now public"},
    {"proposed", "Your proposal to close the action was sent to the programme office"},
    {"closure-accepted", "The closure was accepted: the action is complete"},
    {"corrected", "The correction was recorded: it is published with the next month signed off"},
    {"value-recorded", "The value was recorded: it is public once its month is signed off"},
    {"value-corrected",
     "The correction was recorded: it is published beside the original with the next month "
     "signed off"},
    {"milestone-achieved",
     "The milestone was marked achieved: it is public once the month is signed off"},
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

bool pc_form_refused(const struct req *r, struct field_errors *errs)
{
    ferr_merge(errs, &r->ferr);
    return errs->n > 0;
}

int pc_model_rc(struct req *r, struct db *db, enum cycle_rc rc, const struct field_errors *errs)
{
    switch (rc) {
    case CYCLE_DENIED:
        req_error(r, 403, ferr_first(errs));
        return 0;
    case CYCLE_NOT_FOUND:
        req_error(r, 404, ferr_first(errs));
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
    struct version_list versions = {0};
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
    /* the version on its way, when its next step is this role's */
    bool approver = role_has(u->role, CAP_APPROVE_VERSION);
    bool signer = role_has(u->role, CAP_SIGN_OFF_VERSION);
    if (approver || signer) {
        if (version_list(r->db, &versions))
            goto out;
        for (size_t i = 0; i < versions.n; i++) {
            const struct version_info *vi = &versions.v[i];
            if ((approver && strcmp(vi->status, "submitted") == 0) ||
                (signer && strcmp(vi->status, "approved") == 0)) {
                v.version_number = vi->number;
                v.version_title = vi->title;
                v.version_status = vi->status;
                v.version_approved_on = vi->approved_on;
            }
        }
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
    version_list_free(&versions);
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

/* How the update form is shown after a POST that saved nothing. */
struct update_shown {
    bool preview;       /* with the narrative rendered */
    bool narrative_cut; /* the narrative was over its limit and is shown cut */
};

/* Renders the update form with `status`: the values given, or the stored ones. */
static int update_render(struct req *r, unsigned status, const struct view_update_values *typed,
                         const struct field_errors *errs, struct update_shown shown)
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
        .preview = shown.preview,
        .narrative_cut = shown.narrative_cut,
    };
    v.raw_html = markdown_raw_html(values.narrative, v.raw_first, sizeof v.raw_first);
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
    return update_render(r, 200, NULL, NULL, (struct update_shown){0});
}

int page_update(struct req *r)
{
    return page_read(r, update_body);
}

/* A copy of s cut after its first `max` characters (never inside one). */
static char *clip_chars(const char *s, size_t max)
{
    size_t i = 0, chars = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
            break;
    return xstrndup(s, i);
}

static int update_post(struct req *r, struct field_errors *errs, char **clipped)
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
    long long v;
    for (size_t i = 0; i < nr && i < CYCLE_MAX_LINKS; i++) /* ids, checked by the dispatcher */
        if (removes[i] && field_int(removes[i], 1, INT64_MAX, &v))
            remove[in.nremove++] = v;
    in.remove = remove;
    struct view_update_values typed = {in.status,          in.percent, in.confidence, in.narrative,
                                       in.forecast_finish, links,      in.nlinks};
    struct update_shown shown = {.preview = req_form(r, "intent") &&
                                            strcmp(req_form(r, "intent"), "preview") == 0};
    /* a refused narrative over its limit comes back cut to the limit (what
     * fits, at a character's boundary), never whole: a page echoing megabytes
     * helps nobody, and the message says the rest was not kept */
    if (in.narrative && utf8_chars(in.narrative) > CYCLE_NARRATIVE) {
        typed.narrative = *clipped = clip_chars(in.narrative, CYCLE_NARRATIVE);
        shown.narrative_cut = true;
    }
    if (pc_form_refused(r, errs)) /* the declared fields: nothing is saved */
        return update_render(r, 400, &typed, errs, shown);
    if (shown.preview) /* nothing is saved */
        return update_render(r, 200, &typed, errs, shown);
    char raw[48];
    if (in.submit && markdown_raw_html(in.narrative, raw, sizeof raw)) {
        ferr_add(errs, "narrative",
                 "Remove the HTML from the narrative (%s): it would not be shown. Write it "
                 "in Markdown, then submit",
                 raw);
        return update_render(r, 400, &typed, errs, shown);
    }
    int64_t id;
    enum cycle_rc rc = cycle_update_save(r->wdb, r->user, ref, &in, errs, &id);
    if (rc == CYCLE_OK) {
        if (in.submit)
            req_redirect(r, "/work?done=submitted");
        else
            pc_redirect(r, "/work/updates/%U?done=saved", ref);
        return 0;
    }
    int m = pc_model_rc(r, r->wdb, rc, errs);
    if (m <= 0)
        return m;
    return update_render(r, rc == CYCLE_CONFLICT ? 409 : 400, &typed, errs, shown);
}

int post_update(struct req *r)
{
    struct field_errors errs = FERR_INIT;
    char *clipped = NULL;
    int rc = update_post(r, &errs, &clipped);
    free(clipped);
    ferr_free(&errs);
    return rc;
}

/* -- the write API -------------------------------------------------------------------- */

/* Answers problem details (RFC 9457) of `status` saying `message`, with
 * `errs`' fields (may be NULL) in its "errors". */
static int api_fail(struct req *r, unsigned status, const char *message,
                    const struct field_errors *errs)
{
    req_problem(r, status, message, errs);
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

/* Member `name` of `o` as a string; "" when absent or null (the dispatcher
 * has checked its type against the route's declaration). */
static const char *api_string(json_t *o, const char *name)
{
    json_t *v = json_object_get(o, name);
    return json_is_string(v) ? json_string_value(v) : "";
}

int api_update(struct req *r)
{
    /* the dispatcher has checked the body against the route's declaration
     * (route.c): a JSON object of known members, each of its type and range */
    json_t *doc = req_json_body(r, NULL);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return api_fail(r, 400, "The body must be a JSON object", NULL);
    }
    int rc = 0;
    struct field_errors errs = FERR_INIT;
    struct cycle_update_input in = {0};
    char percent[24] = "";
    json_t *p = json_object_get(doc, "percent");
    if (json_is_integer(p))
        snprintf(percent, sizeof percent, "%lld", (long long)json_integer_value(p));
    in.percent = percent;
    in.status = api_string(doc, "status");
    in.confidence = api_string(doc, "confidence");
    in.narrative = api_string(doc, "narrative");
    in.forecast_finish = api_string(doc, "forecast_finish");
    in.submit = json_is_true(json_object_get(doc, "submit"));
    struct cycle_link links[CYCLE_MAX_LINKS];
    json_t *ev = json_object_get(doc, "evidence");
    if (json_is_array(ev)) {
        struct field_errors bad = FERR_INIT;
        if (json_array_size(ev) > CYCLE_MAX_LINKS)
            ferr_add(&bad, "evidence", "Give at most %d evidence links", CYCLE_MAX_LINKS);
        for (size_t i = 0; !bad.n && i < json_array_size(ev); i++) {
            json_t *e = json_array_get(ev, i);
            json_t *l = json_object_get(e, "label"), *u = json_object_get(e, "url");
            if (!json_is_object(e) || !json_is_string(l) || !json_is_string(u))
                ferr_add(&bad, "evidence",
                         "Each evidence link must be an object with a label and a url, both "
                         "strings");
            else
                links[i] = (struct cycle_link){json_string_value(l), json_string_value(u)};
        }
        if (bad.n) {
            rc = api_fail(r, 400, ferr_first(&bad), &bad);
            ferr_free(&bad);
            goto out;
        }
        in.links = links;
        in.nlinks = json_array_size(ev);
    }

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
        rc = api_fail(r, status[mrc], ferr_first(&errs), &errs);
        goto out;
    }
    req_json(r, update_json(&u));
    cycle_update_free(&u);
    r->status = 201;
    r->cache_control = "no-store";
out:
    ferr_free(&errs);
    json_decref(doc);
    return rc;
}

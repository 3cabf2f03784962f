/* page_engagement.c — engagement on the web: the public "you said, we did"
 * pages and API, read live (no month's record holds engagement; the public
 * reads only the public events' responded feedback), and the workspace's
 * events, feedback and responses (web/engagement.h). */
#include "web/engagement.h"
#include "lib/text.h"
#include "model/pub_scope.h"
#include "model/record.h"
#include "web/meetings.h"
#include "web/web.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 10 /* events on one page of the public list */

/* ---- what both sides read ----------------------------------------------------------------- */

static void choices_free(struct eng_choices *c)
{
    for (size_t i = 0; i < c->nthemes; i++)
        free(c->themes[i].title);
    for (size_t i = 0; i < c->nactions; i++)
        free(c->actions[i].title);
    free(c->themes);
    free(c->actions);
    memset(c, 0, sizeof *c);
}

static int choices_read(struct db *db, const char *sql, struct eng_choice **out, size_t *n)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    size_t cap = 0;
    int r;
    while ((r = db_step(db, st, "reading the plan's refs")) > 0) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct eng_choice *c = &(*out)[(*n)++];
        snprintf(c->ref, sizeof c->ref, "%s", db_col_text(st, 0));
        c->title = xstrdup(db_col_text(st, 1));
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

/* The plan's themes and actions, in ref order. */
static int choices_load(struct db *db, struct eng_choices *c)
{
    memset(c, 0, sizeof *c);
    if (choices_read(db, "SELECT ref, title FROM theme ORDER BY length(ref), ref", &c->themes,
                     &c->nthemes) ||
        choices_read(db, "SELECT ref, title FROM action ORDER BY length(ref), ref", &c->actions,
                     &c->nactions)) {
        choices_free(c);
        return -1;
    }
    return 0;
}

/* The connection the public reads the plan's titles on: the latest
 * signed-off month's record (model/record.h), as every public page shows the
 * plan.  The engagement itself is read live, but a version signed off since
 * that month is not public until a month is signed off under it.  NULL with
 * the reason in r->err. */
static struct db *public_plan_db(struct req *r)
{
    struct db *pdb = r->db;
    char err[256] = "";
    if (!record_is_connection(pdb) && r->srv) /* the server's pages: the worker's record one */
        pdb = server_worker_pdb(r->srv, r->cfg, err, sizeof err);
    if (pdb && pub_scope_resolve(pdb, NULL, &(struct pub_scope){0}) == PUB_SCOPE_OK)
        return pdb;
    text_printf(r->err, sizeof r->err, "engagement: the plan's record: %s", pdb ? pdb->err : err);
    return NULL;
}

/* Loads data and choices (the public's from the record: public_plan_db); on
 * failure the reason is in r->err. */
static int load(struct req *r, struct db *db, bool public_only, struct eng_data *d,
                struct eng_choices *c)
{
    if (engagement_load(db, public_only, d) == 0) {
        struct db *plan = c && public_only ? public_plan_db(r) : db;
        if (!plan) {
            engagement_free(d);
            return -1;
        }
        if (!c || choices_load(plan, c) == 0)
            return 0;
        engagement_free(d);
        db = plan;
    }
    text_printf(r->err, sizeof r->err, "engagement: %s", db->err);
    return -1;
}

/* ---- public ------------------------------------------------------------------------------- */

static int public_body(struct req *r)
{
    struct eng_data d;
    struct eng_choices c;
    if (load(r, r->db, true, &d, &c))
        return -1;
    const char *theme = req_arg(r, "theme");
    if (theme && !*theme)
        theme = NULL;
    /* the events with something to show, newest first */
    size_t *shown = xmalloc((d.nevents + 1) * sizeof *shown), n = 0;
    for (size_t k = d.nevents; k-- > 0;) {
        bool any = !theme;
        for (size_t i = 0; theme && i < d.nfeedback; i++)
            any |= d.feedback[i].event == k && strcmp(d.feedback[i].theme, theme) == 0;
        if (any)
            shown[n++] = k;
    }
    size_t page = (size_t)req_int(r, "page", 1);
    size_t pages = n ? (n + PER_PAGE - 1) / PER_PAGE : 1;
    int rc = 0;
    if (page > pages) {
        char why[120];
        snprintf(why, sizeof why, "page: there is no page %zu; the list has %zu.", page, pages);
        req_error(r, 404, why);
    } else {
        size_t first = (page - 1) * PER_PAGE;
        size_t count = n - first < PER_PAGE ? n - first : PER_PAGE;
        struct view_eng_public v = {&d, &c, theme, shown + first, count, page, pages};
        struct view_site site = WEB_SITE_R(r);
        site.path = "/engagement";
        view_engagement_public(&r->out, &site, &v);
    }
    free(shown);
    choices_free(&c);
    engagement_free(&d);
    return rc;
}

int page_engagement(struct req *r)
{
    return page_read(r, public_body);
}

/* The public event of the path, or -1 after answering 404. */
static long public_event(struct req *r, const struct eng_data *d)
{
    const char *ref = req_param(r, "event"); /* the page's capture; the API's is {ref} */
    long i = engagement_find(d, ref ? ref : req_param(r, "ref"));
    if (i < 0)
        req_error(r, 404,
                  "There is no public engagement event with that reference. The page "
                  "/engagement lists them all.");
    return i;
}

static int event_body(struct req *r)
{
    struct eng_data d;
    struct eng_choices c;
    if (load(r, r->db, true, &d, &c))
        return -1;
    long i = public_event(r, &d);
    if (i >= 0) {
        struct view_site site = WEB_SITE_R(r);
        site.path = "/engagement";
        view_engagement_event(&r->out, &site, &d, (size_t)i, &c);
    }
    choices_free(&c);
    engagement_free(&d);
    return 0;
}

int page_engagement_event(struct req *r)
{
    return page_read(r, event_body);
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* One public event as JSON, with its responded feedback. */
static json_t *event_json(const struct eng_data *d, size_t k)
{
    const struct eng_event *e = &d->events[k];
    json_t *parts = json_array(), *fb = json_array();
    for (size_t i = 0; i < e->nparts; i++)
        json_array_append_new(
            parts, json_pack("{s:s, s:s, s:o}", "name", e->parts[i].name, "kind",
                             e->parts[i].group ? "group" : "organisation", "count",
                             e->parts[i].count ? json_integer(e->parts[i].count) : json_null()));
    for (size_t i = 0; i < d->nfeedback; i++) {
        const struct eng_feedback *f = &d->feedback[i];
        if (f->event != k)
            continue;
        json_array_append_new(fb, json_pack("{s:s, s:o, s:s, s:s, s:s, s:o}", "ref", f->ref,
                                            "theme", str_or_null(f->theme), "said", f->said,
                                            "response", f->response, "responded_on",
                                            f->responded_on, "action", str_or_null(f->action)));
    }
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "ref", e->ref, "kind", e->kind,
                     "held_on", e->held_on, "title", e->title, "place", e->place, "summary",
                     e->summary, "participants", parts, "feedback", fb);
}

static int api_body(struct req *r)
{
    struct eng_data d;
    if (load(r, r->db, true, &d, NULL))
        return -1;
    json_t *events = json_array();
    for (size_t k = d.nevents; k-- > 0;)
        json_array_append_new(events, event_json(&d, k));
    engagement_free(&d);
    return req_json(r, json_pack("{s:o}", "data", events));
}

int api_engagement(struct req *r)
{
    if (!meetings_api_args(r)) /* as_at is checked and, as for the panel, not applied */
        return 0;
    return page_read(r, api_body);
}

static int api_event_body(struct req *r)
{
    struct eng_data d;
    if (load(r, r->db, true, &d, NULL))
        return -1;
    long i = public_event(r, &d);
    int rc = i >= 0 ? req_json(r, json_pack("{s:o}", "data", event_json(&d, (size_t)i))) : 0;
    engagement_free(&d);
    return rc;
}

int api_engagement_event(struct req *r)
{
    if (!meetings_api_args(r))
        return 0;
    return page_read(r, api_event_body);
}

/* ---- the workspace ------------------------------------------------------------------------ */

/* The banner of ?done=, from a fixed table; NULL for none. */
static const char *done_text(const struct req *r)
{
    const char *d = req_arg(r, "done");
    static const char *const codes[] = {"event", "saved", "feedback", "response", NULL};
    static const char *const texts[] = {"The event was recorded.", "The event was saved.",
                                        "The feedback was recorded.", "The response was recorded."};
    for (size_t i = 0; d && codes[i]; i++)
        if (strcmp(d, codes[i]) == 0)
            return texts[i];
    return NULL;
}

static int work_body(struct req *r)
{
    struct eng_data d;
    if (load(r, r->db, false, &d, NULL))
        return -1;
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/engagement";
    r->cache_control = "no-store";
    view_engagement_work(&r->out, &site, &d, done_text(r));
    engagement_free(&d);
    return 0;
}

int page_work_engagement(struct req *r)
{
    return page_read(r, work_body);
}

/* Shows the workspace page of the event (or the new-event form) with `status`
 * and v's forms as typed.  Reads on db (r->wdb after a POST). */
static int show_work(struct req *r, struct db *db, unsigned status, struct view_eng_work *v)
{
    struct eng_data d;
    struct eng_choices c;
    if (load(r, db, false, &d, &c))
        return -1;
    const char *ref = req_param(r, "event");
    v->d = &d;
    v->c = &c;
    v->event = ref ? engagement_find(&d, ref) : -1;
    if (ref && v->event < 0) {
        req_error(r, 404, "There is no engagement event with that reference.");
    } else {
        struct view_site site = WEB_SITE_R(r);
        site.path = "/work/engagement";
        buf_reset(&r->out);
        r->status = status;
        r->content_type = CT_HTML;
        r->cache_control = "no-store";
        view_engagement_work_event(&r->out, &site, v);
    }
    choices_free(&c);
    engagement_free(&d);
    return 0;
}

static int work_event_body(struct req *r)
{
    struct view_eng_work v = {0};
    v.done = done_text(r);
    return show_work(r, r->db, 200, &v);
}

int page_work_engagement_new(struct req *r)
{
    return page_read(r, work_event_body);
}

int page_work_engagement_event(struct req *r)
{
    return page_read(r, work_event_body);
}

/* Redirects to the event's workspace page with ?done=code. */
static void redirect(struct req *r, const char *ref, const char *done, const char *anchor)
{
    char to[128];
    snprintf(to, sizeof to, "/work/engagement/%s?done=%s%s%s", ref, done, anchor ? "#" : "",
             anchor ? anchor : ""); /* refs: letters, digits and ._- only */
    req_redirect(r, to);
}

/* Answers a write's result: rc and errs; shows v's forms again when refused. */
static int answer(struct req *r, enum cycle_rc rc, struct field_errors *errs,
                  struct view_eng_work *v, const char *what)
{
    if (rc == CYCLE_ERROR) {
        text_printf(r->err, sizeof r->err, "%s: %s", what, r->wdb->err);
        return -1;
    }
    if (rc == CYCLE_DENIED) {
        req_error(r, 403, errs->n ? errs->e[0].message : NULL);
        return 0;
    }
    if (rc == CYCLE_NOT_FOUND) {
        req_error(r, 404, "There is no engagement event or feedback with that reference.");
        return 0;
    }
    return show_work(r, r->wdb, rc == CYCLE_CONFLICT ? 409 : 400, v);
}

static void event_input(struct req *r, struct eng_event_input *in)
{
    in->kind = req_form(r, "kind");
    in->held_on = req_form(r, "held_on");
    in->title = req_form(r, "title");
    in->place = req_form(r, "place");
    in->summary = req_form(r, "summary");
    in->public = req_form(r, "public");
    for (int k = 0; k < ENG_PARTICIPANTS; k++) {
        char f[24];
        snprintf(f, sizeof f, "part_name_%d", k + 1);
        in->part_name[k] = req_form(r, f);
        snprintf(f, sizeof f, "part_kind_%d", k + 1);
        in->part_kind[k] = req_form(r, f);
        snprintf(f, sizeof f, "part_count_%d", k + 1);
        in->part_count[k] = req_form(r, f);
    }
}

/* Saves the event of the path (NULL: a new one). */
static int save_event(struct req *r, const char *ref)
{
    struct eng_event_input in;
    event_input(r, &in);
    struct field_errors errs = FERR_INIT;
    struct view_eng_work v = {.ein = &in, .eerrs = &errs};
    enum cycle_rc rc = CYCLE_INVALID;
    char out[ENG_REF_LEN];
    if (r->ferr.n) { /* the declared fields' refusals: shown at their fields */
        ferr_merge(&errs, &r->ferr);
        ferr_free(&r->ferr);
    } else {
        rc = engagement_event_save(r->wdb, r->user, ref, &in, &errs, out);
    }
    int res = 0;
    if (rc == CYCLE_OK)
        redirect(r, out, ref ? "saved" : "event", NULL);
    else
        res = answer(r, rc, &errs, &v, "event");
    ferr_free(&errs);
    return res;
}

int post_work_engagement_new(struct req *r)
{
    return save_event(r, NULL);
}

int post_work_engagement_event(struct req *r)
{
    return save_event(r, req_param(r, "event"));
}

int post_work_engagement_feedback(struct req *r)
{
    struct eng_feedback_input in = {req_form(r, "theme"), req_form(r, "said")};
    struct field_errors errs = FERR_INIT;
    struct view_eng_work v = {.fin = &in, .ferrs = &errs};
    enum cycle_rc rc = CYCLE_INVALID;
    char out[ENG_REF_LEN];
    const char *ev = req_param(r, "event");
    if (r->ferr.n) {
        ferr_merge(&errs, &r->ferr);
        ferr_free(&r->ferr);
    } else {
        rc = engagement_feedback_add(r->wdb, r->user, ev, &in, &errs, out);
    }
    int res = 0;
    if (rc == CYCLE_OK)
        redirect(r, ev, "feedback", out);
    else
        res = answer(r, rc, &errs, &v, "feedback");
    ferr_free(&errs);
    return res;
}

int post_work_engagement_respond(struct req *r)
{
    struct eng_response_input in = {req_form(r, "response"), req_form(r, "responded_on"),
                                    req_form(r, "action")};
    struct field_errors errs = FERR_INIT;
    const char *ev = req_param(r, "event"), *fb = req_param(r, "fb");
    struct view_eng_work v = {.rref = fb, .rin = &in, .rerrs = &errs};
    enum cycle_rc rc = CYCLE_INVALID;
    if (r->ferr.n) {
        ferr_merge(&errs, &r->ferr);
        ferr_free(&r->ferr);
    } else {
        rc = engagement_respond(r->wdb, r->user, ev, fb, &in, &errs);
    }
    int res = 0;
    if (rc == CYCLE_OK)
        redirect(r, ev, "response", fb);
    else
        res = answer(r, rc, &errs, &v, "response");
    ferr_free(&errs);
    return res;
}

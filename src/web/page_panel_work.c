/* page_panel_work.c — the secretariat keeps the panel's membership: adds a
 * member, changes a role, ends a membership, sets the matters each leads.
 *
 * The same beats as the meetings' workspace (page_meetings_work.c): load the
 * plan, change a copy of the panel section from the form, check it with
 * panel_read_json() (the interchange's own rules: roles, dates, people and
 * the refs of themes, actions and recommendations), and store it through the
 * ledger in one transaction.  /panel and Popolo read the same rows. */
#include "lib/date.h"
#include "model/meeting.h"
#include "model/panel.h"
#include "model/plan.h"
#include "web/meetings.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A form field: "" when absent. */
static const char *F(struct req *r, const char *name)
{
    const char *v = req_form(r, name);
    return v ? v : "";
}

/* Renders the membership page with f's messages.  Returns 0 or -1. */
static int show(struct req *r, const struct view_meeting_form *f)
{
    struct db *db = r->wdb ? r->wdb : r->db;
    json_t *panel = NULL, *ms = NULL;
    if (panel_load_all(db, &panel, &ms, false))
        return req_model_error(r);
    json_decref(ms);
    if (!panel)
        panel = json_pack("{s:s, s:[]}", "remit", "", "members");
    json_t *people = meeting_people(db);
    if (!people) {
        json_decref(panel);
        return req_model_error(r);
    }
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/panel";
    buf_reset(&r->out);
    view_work_panel(&r->out, &site, panel, people, f);
    json_decref(people);
    json_decref(panel);
    return 0;
}

int page_work_panel(struct req *r)
{
    const char *done = req_arg(r, "done");
    return show(
        r, &(struct view_meeting_form){.error_field = NULL,
                                       .error = NULL,
                                       .done = done && *done ? "The membership is saved" : NULL});
}

/* The input a checker's message names: "panel.members[0].appointed_on: ..."
 * → PREFIX-appointed_on (size 96). */
static void field_of(const char *err, const char *prefix, char field[96])
{
    if (strstr(err, ".leads")) { /* one input holds a kind's refs: name the first */
        snprintf(field, 96, "%s-themes", prefix);
        return;
    }
    const char *colon = strstr(err, ": ");
    size_t n = colon ? (size_t)(colon - err) : strlen(err);
    const char *start = err;
    for (size_t i = 0; i < n; i++)
        if (err[i] == '.')
            start = err + i + 1;
    int len = (int)(err + n - start);
    snprintf(field, 96, "%s-%.*s", prefix, len > 40 ? 40 : len, start);
    char *br = strchr(field, '[');
    if (br)
        *br = '\0';
}

/* Splits the refs in s (separated by spaces or commas) into leads of `kind`
 * appended to `leads`. */
static void add_leads(json_t *leads, const char *kind, const char *s)
{
    while (*s) {
        size_t skip = strspn(s, " ,\t\r\n"), len;
        s += skip;
        len = strcspn(s, " ,\t\r\n");
        if (len) {
            char *ref = xstrndup(s, len);
            json_array_append_new(leads, json_pack("{s:s, s:s}", "kind", kind, "ref", ref));
            free(ref);
        }
        s += len;
    }
}

/* Checks the changed member m (borrowed) with the plan's rules and stores
 * the panel; answers a redirect, or the page again naming the field (the
 * inputs' ids start with `prefix`).  Returns 0 or -1. */
static int save(struct req *r, struct plan *p, json_t *m, const char *prefix)
{
    char err[512] = "", field[96] = "";
    const char *from = json_string_value(json_object_get(m, "appointed_on"));
    const char *to = json_string_value(json_object_get(m, "ended_on"));
    json_t *doc = json_pack("{s:{s:[O]}}", "panel", "members", m);
    int rc = 0;
    if (from && to && strcmp(to, from) < 0) {
        snprintf(err, sizeof err, "The end of a membership cannot be before its appointment");
        snprintf(field, sizeof field, "%s-ended_on", prefix);
        rc = 1;
    } else if (panel_read_json(p, doc, err, sizeof err)) {
        field_of(err, prefix, field);
        rc = 1;
    }
    json_decref(doc);
    if (rc) {
        r->status = 400;
        return show(r,
                    &(struct view_meeting_form){.error_field = field, .error = err, .done = NULL});
    }
    json_decref(p->meetings); /* only the panel changes: the meetings are left alone */
    p->meetings = NULL;
    if (db_begin(r->wdb) || panel_store(r->wdb, p) || db_commit(r->wdb)) {
        db_rollback(r->wdb);
        snprintf(r->err, sizeof r->err, "%s", r->wdb->err);
        return -1;
    }
    req_redirect(r, "/work/panel?done=saved");
    return 0;
}

/* The member of ref in p, or NULL. */
static json_t *member(struct plan *p, const char *ref)
{
    json_t *m;
    size_t i;
    json_array_foreach(json_object_get(p->panel, "members"), i, m)
    {
        if (strcmp(json_string_value(json_object_get(m, "ref")), ref) == 0)
            return m;
    }
    return NULL;
}

int post_work_panel(struct req *r)
{
    struct plan p = {0};
    if (plan_load(r->wdb, &p)) {
        plan_free(&p);
        snprintf(r->err, sizeof r->err, "%s", r->wdb->err);
        return -1;
    }
    /* a new member's ref: the first "member-N" free */
    char ref[32];
    for (int n = (int)json_array_size(json_object_get(p.panel, "members")) + 1;; n++) {
        snprintf(ref, sizeof ref, "member-%d", n);
        if (!member(&p, ref))
            break;
    }
    const char *on = F(r, "appointed_on");
    json_t *m =
        json_pack("{s:s, s:s, s:s, s:s, s:o, s:n, s:[]}", "ref", ref, "person", F(r, "person"),
                  "role", F(r, "role"), "appointed_by", F(r, "appointed_by"), "appointed_on",
                  *on ? json_string(on) : json_null(), "ended_on", "leads");
    int rc = save(r, &p, m, "add");
    json_decref(m);
    plan_free(&p);
    return rc;
}

int post_work_panel_member(struct req *r)
{
    struct plan p = {0};
    if (plan_load(r->wdb, &p)) {
        plan_free(&p);
        snprintf(r->err, sizeof r->err, "%s", r->wdb->err);
        return -1;
    }
    const char *ref = req_param(r, "ref"), *op = F(r, "op");
    json_t *old = member(&p, ref);
    if (!old) {
        plan_free(&p);
        req_error(r, 404, "The panel has no member with that reference.");
        return 0;
    }
    json_t *m = json_deep_copy(old);
    if (strcmp(op, "role") == 0) {
        json_object_set_new(m, "role", json_string(F(r, "role")));
    } else if (strcmp(op, "end") == 0) {
        const char *to = F(r, "ended_on");
        json_object_set_new(m, "ended_on", *to ? json_string(to) : json_null());
    } else { /* leads */
        json_t *leads = json_array();
        add_leads(leads, "theme", F(r, "themes"));
        add_leads(leads, "action", F(r, "actions"));
        add_leads(leads, "recommendation", F(r, "recommendations"));
        json_object_set_new(m, "leads", leads);
    }
    int rc = save(r, &p, m, ref);
    json_decref(m);
    plan_free(&p);
    return rc;
}

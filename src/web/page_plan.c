/* page_plan.c — GET /plan (the actions, filtered and a page at a time),
 * GET /themes and GET /themes/{ref}, and the ?as_at resolution every page of
 * this slice shares.
 *
 * Each handler has the same beats: resolve the public month, read and check
 * the parameters (400 naming the first bad one), ask the model for the
 * overview (cached per worker: see model/overview.h), pick the page's rows,
 * render.  No request loads the whole plan unless the database has changed. */
#include "lib/text.h"
#include "model/overview.h"
#include "model/pub_assurance.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>
#include <string.h>

#define PLAN_PER_PAGE 50     /* actions on one page of a list */
#define PLAN_MAX_PAGE 100000 /* a page number beyond any list (10^5 × 50 rows) */

int page_scope(struct req *r, struct pub_scope *scope)
{
    switch (pub_scope_resolve(r->db, req_arg(r, "as_at"), scope)) {
    case PUB_SCOPE_OK:
        return 0;
    case PUB_SCOPE_BAD:
        req_error(r, 400, "as_at: give a month written YYYY-MM, such as 2015-06.");
        return 1;
    case PUB_SCOPE_NOT_PUBLIC:
        req_error(r, 404,
                  "as_at: that month is not a signed-off month, so nothing from it is "
                  "public.");
        return 1;
    case PUB_SCOPE_ERROR:
        break;
    }
    return req_model_error(r);
}

static const char sql_begin[] = "BEGIN";
static const char sql_commit[] = "COMMIT";

/* Steps a cached statement without results; returns its result code. */
static int step_once(struct db *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return SQLITE_ERROR;
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc;
}

int page_read(struct req *r, route_handler body)
{
    if (!sqlite3_get_autocommit(r->db->h))
        return body(r); /* already inside one */
    if (step_once(r->db, sql_begin) != SQLITE_DONE) {
        snprintf(r->err, sizeof r->err, "cannot begin a read: %s", sqlite3_errmsg(r->db->h));
        return -1;
    }
    int rc = body(r);
    if (step_once(r->db, sql_commit) != SQLITE_DONE)
        db_rollback(r->db); /* a read: nothing to keep either way */
    return rc;
}

/* The value of query argument `name`, or "" when absent. */
static const char *arg(const struct req *r, const char *name)
{
    const char *v = req_arg(r, name);
    return v ? v : "";
}

int page_number(struct req *r, size_t *page)
{
    /* declared in route.c as 1..PLAN_MAX_PAGE: the dispatcher refused anything else */
    *page = (size_t)req_int(r, "page", 1);
    return 0;
}

/* Selects page `page` of the actions matching f into rows (room for
 * PLAN_PER_PAGE) and fills *list.  Returns 0, or 1 after answering 404 when
 * the page is past the last one. */
static int pick_page(struct req *r, const struct overview *ov, const struct overview_filter *f,
                     size_t page, size_t *rows, struct view_action_list *list)
{
    size_t nrows, total;
    overview_select(ov, f, true, 0, (page - 1) * PLAN_PER_PAGE, PLAN_PER_PAGE, rows, &nrows,
                    &total);
    size_t pages = total ? (total + PLAN_PER_PAGE - 1) / PLAN_PER_PAGE : 1;
    if (page > pages) {
        char why[160];
        snprintf(why, sizeof why, "page: there is no page %zu; this list has %zu %s.", page, pages,
                 pages == 1 ? "page" : "pages");
        req_error(r, 404, why);
        return 1;
    }
    *list = (struct view_action_list){rows, nrows, total, page, pages, PLAN_PER_PAGE, f->on};
    return 0;
}

/* The frame's facts for a page showing `scope`, whose own path is the request's. */
static struct view_site plan_site(const struct req *r, const struct pub_scope *scope)
{
    struct view_site site = WEB_SITE_R(r);
    site.scope = scope;
    site.path = r->path;
    return site;
}

/* GET /plan, inside its read transaction. */
static int plan_body(struct req *r)
{
    struct pub_scope scope;
    const struct overview *ov;
    struct overview_filter f;
    struct view_action_list list;
    size_t page, rows[PLAN_PER_PAGE];
    char why[256];
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (page_number(r, &page))
        return 0;
    if (overview_get(r->db, scope.month, &ov))
        return req_model_error(r);
    struct view_plan_filters vf = {arg(r, "theme"), arg(r, "owner"), arg(r, "status"),
                                   arg(r, "confidence"), false};
    if (overview_filter_parse(ov, vf.theme, vf.owner, vf.status, vf.confidence,
                              req_arg(r, "overdue"), overview_overdue_on(&scope), &f, why,
                              sizeof why)) {
        req_error(r, 400, why);
        return 0;
    }
    vf.overdue = f.overdue;
    if (pick_page(r, ov, &f, page, rows, &list))
        return 0;
    struct view_site site = plan_site(r, &scope);
    view_plan(&r->out, &site, ov, &vf, &list);
    return 0;
}

/* GET /themes, inside its read transaction. */
static int themes_body(struct req *r)
{
    struct pub_scope scope;
    const struct overview *ov;
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (overview_get(r->db, scope.month, &ov))
        return req_model_error(r);
    struct view_site site = plan_site(r, &scope);
    view_themes(&r->out, &site, ov);
    return 0;
}

/* GET /themes/{ref}, inside its read transaction. */
static int theme_body(struct req *r)
{
    struct pub_scope scope;
    const struct overview *ov;
    struct view_action_list list;
    size_t page, rows[PLAN_PER_PAGE];
    const char *ref = req_param(r, "ref");
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    if (page_number(r, &page))
        return 0;
    if (overview_get(r->db, scope.month, &ov))
        return req_model_error(r);
    long t = overview_find_theme(ov, ref);
    if (t < 0) {
        char why[200];
        snprintf(why, sizeof why,
                 "There is no theme %s in the improvement plan. The "
                 "themes page lists every theme.",
                 ref_valid(ref) ? TEXT_CLIP(ref, 64) : "with that reference");
        req_error(r, 404, why);
        return 0;
    }
    struct overview_filter f = {t, -1, -1, OVERVIEW_ANY, false, overview_overdue_on(&scope)};
    if (pick_page(r, ov, &f, page, rows, &list))
        return 0;
    struct pub_assurance panel;
    if (pub_assurance_load(r->db, &scope, ov->scale, &panel))
        return req_model_error(r);
    struct view_site site = plan_site(r, &scope);
    view_theme(&r->out, &site, ov, (size_t)t, &list,
               pub_assurance_find(&panel, false, ov->themes[t].ref));
    pub_assurance_free(&panel);
    return 0;
}

int page_plan(struct req *r)
{
    return page_read(r, plan_body);
}

int page_themes(struct req *r)
{
    return page_read(r, themes_body);
}

int page_theme(struct req *r)
{
    return page_read(r, theme_body);
}

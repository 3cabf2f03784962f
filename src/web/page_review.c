/* page_review.c — the programme office's review queue and chase list, and
 * the periods page where months are opened, closed and signed off. */
#include "lib/html.h"
#include "model/cycle.h"
#include "model/cycle_list.h"
#include "web/page_cycle.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -- the review queue -------------------------------------------------------------- */

#define REVIEW_PAGE 20 /* updates shown on a page of the queue */

/* Renders the queue, REVIEW_PAGE updates a page (?page=N), narrowed by
 * ?theme, ?owner and ?confidence (declared on the route), so that a month
 * of thousands of submissions stays a page one can use.  Each row links to
 * the update's own page, where it is accepted or returned. */
static int review_body(struct req *r)
{
    const struct scale *sc = cycle_scale(r->db);
    if (!sc)
        return req_model_error(r);
    struct view_review v = {
        .scale = sc,
        .done = pc_done(r),
        .filter = {req_arg(r, "theme"), req_arg(r, "owner"), req_arg(r, "confidence")},
    };
    /* ?page is declared 1-100000, checked by the dispatcher */
    size_t page = (size_t)req_int(r, "page", 1);
    struct cycle_queue q;
    int found = cycle_queue_page(r->db, REVIEW_PAGE, page, 0, &v.filter, &q);
    if (found < 0)
        return req_model_error(r);
    if (found == 0) {
        req_error(r, 404, "That page of the review queue does not exist.");
        return 0;
    }
    struct cycle_queue_choice *themes, *owners;
    if (cycle_queue_choices(r->db, &themes, &v.nthemes, &owners, &v.nowners)) {
        cycle_queue_free(&q);
        return req_model_error(r);
    }
    v.themes = themes;
    v.owners = owners;
    v.queue = q.v;
    v.n = q.n;
    v.total = q.total;
    v.page = q.page;
    v.pages = q.pages;
    v.first = q.first;
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/review";
    r->cache_control = "no-store";
    view_review(&r->out, &site, &v);
    cycle_queue_free(&q);
    cycle_queue_choices_free(themes, v.nthemes);
    cycle_queue_choices_free(owners, v.nowners);
    return 0;
}

int page_review(struct req *r)
{
    return page_read(r, review_body);
}

/* Renders update {id} with `status`, with a refused decision's errors and
 * comment (or NULL): the page a POST to the same address re-renders. */
static int review_one_render(struct req *r, unsigned status, const struct field_errors *errs,
                             const char *comment)
{
    int64_t id = req_id(r, "id");
    const struct scale *sc = cycle_scale(r->db);
    if (!sc)
        return req_model_error(r);
    struct cycle_update u;
    int found = id ? cycle_update_load(r->db, id, &u) : 0;
    if (found < 0)
        return req_model_error(r);
    if (!found) {
        req_error(r, 404, "There is no such update.");
        return 0;
    }
    struct view_review_one v = {.u = &u, .scale = sc, .errors = errs, .comment = comment};
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/review";
    buf_reset(&r->out);
    r->status = status;
    r->content_type = CT_HTML;
    r->cache_control = "no-store";
    view_review_one(&r->out, &site, &v);
    cycle_update_free(&u);
    return 0;
}

static int review_one_body(struct req *r)
{
    return review_one_render(r, 200, NULL, NULL);
}

int page_review_one(struct req *r)
{
    return page_read(r, review_one_body);
}

static int post_review_do(struct req *r, struct field_errors *errs)
{
    int64_t id = req_id(r, "id");
    if (!id) {
        req_error(r, 404, "There is no such update.");
        return 0;
    }
    const char *decision = req_form(r, "decision"), *comment = req_form(r, "comment");
    if (pc_form_refused(r, errs)) /* the declared fields: nothing is decided */
        return review_one_render(r, 400, errs, comment);
    bool accept = decision && strcmp(decision, "accept") == 0;
    enum cycle_rc rc = cycle_review(r->wdb, r->user, id, accept, comment, errs);
    if (rc == CYCLE_OK) {
        req_redirect(r, accept ? "/work/review?done=accepted" : "/work/review?done=returned");
        return 0;
    }
    int m = pc_model_rc(r, r->wdb, rc, errs);
    if (m <= 0)
        return m;
    return review_one_render(r, rc == CYCLE_CONFLICT ? 409 : 400, errs, comment);
}

int post_review(struct req *r)
{
    struct field_errors errs = FERR_INIT;
    int rc = post_review_do(r, &errs);
    ferr_free(&errs);
    return rc;
}

/* -- the chase list ------------------------------------------------------------------ */

static int chase_body(struct req *r)
{
    struct cycle_chase c;
    if (cycle_chase_load(r->db, &c))
        return req_model_error(r);
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/chase";
    r->cache_control = "no-store";
    view_chase(&r->out, &site, &c);
    cycle_chase_free(&c);
    return 0;
}

int page_chase(struct req *r)
{
    return page_read(r, chase_body);
}

/* -- the periods --------------------------------------------------------------------- */

/* Renders the periods page with `status`; `failed_month` names the form that
 * failed ("" the open form; NULL none). */
static int periods_render(struct req *r, unsigned status, const char *failed_month,
                          const struct field_errors *errs, const char *month)
{
    struct cycle_period *p;
    size_t n;
    char next[MONTH_LEN];
    int has_next = cycle_next_month(r->db, next);
    if (has_next < 0 || cycle_periods(r->db, &p, &n))
        return req_model_error(r);
    struct cycle_reopening *reopenings;
    size_t nreopenings;
    if (cycle_reopenings(r->db, &reopenings, &nreopenings)) {
        free(p);
        return req_model_error(r);
    }
    /* the closed month (one at most: the next opens only after sign-off) and
       its actions that did not report, for the sign-off form */
    struct cycle_chase unreported = {0};
    bool has_unreported = false;
    for (size_t i = 0; i < n && !has_unreported; i++)
        if (p[i].state == PERIOD_CLOSED) {
            if (cycle_chase_of(r->db, &p[i], &unreported)) {
                free(p);
                cycle_reopenings_free(reopenings, nreopenings);
                return req_model_error(r);
            }
            has_unreported = true;
        }
    const struct session_user *u = r->user;
    struct view_periods v = {
        .periods = p,
        .n = n,
        .next = has_next ? next : "",
        .can_open = role_has(u->role, CAP_PERIODS),
        .can_close = role_has(u->role, CAP_PERIODS),
        .can_sign_off = role_has(u->role, CAP_SIGN_OFF),
        .done = pc_done(r),
        .failed_month = failed_month,
        .errors = errs,
        .month = month,
        .can_reopen = role_has(u->role, CAP_PERIODS),
        .reason = req_form(r, "reason"),
        .unreported = has_unreported ? &unreported : NULL,
        .reopenings = reopenings,
        .nreopenings = nreopenings,
    };
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/periods";
    buf_reset(&r->out);
    r->status = status;
    r->content_type = CT_HTML;
    r->cache_control = "no-store";
    view_periods(&r->out, &site, &v);
    free(p);
    cycle_reopenings_free(reopenings, nreopenings);
    cycle_chase_free(&unreported);
    return 0;
}

static int periods_body(struct req *r)
{
    return periods_render(r, 200, NULL, NULL, NULL);
}

int page_periods(struct req *r)
{
    return page_read(r, periods_body);
}

static int post_period_open_do(struct req *r, struct field_errors *errs)
{
    const char *month = req_form(r, "month");
    char opened[MONTH_LEN];
    enum cycle_rc rc = cycle_period_open(r->wdb, r->user, month, opened, errs);
    if (rc == CYCLE_OK) {
        req_redirect(r, "/work/periods?done=opened");
        return 0;
    }
    int m = pc_model_rc(r, r->wdb, rc, errs);
    if (m <= 0)
        return m;
    return periods_render(r, rc == CYCLE_CONFLICT ? 409 : 400, "", errs, month);
}

int post_period_open(struct req *r)
{
    struct field_errors errs = FERR_INIT;
    int rc = post_period_open_do(r, &errs);
    ferr_free(&errs);
    return rc;
}

static int post_period_close_do(struct req *r, struct field_errors *errs)
{
    const char *month = req_param(r, "month");
    const char *confirm = req_form(r, "confirm");
    if (!confirm || strcmp(confirm, "yes") != 0) {
        /* the close is confirmed on the page that lists what is outstanding */
        ferr_add(errs, "",
                 "Confirm the close on this page, which lists what is still "
                 "outstanding");
        return period_close_render(r, 400, errs);
    }
    enum cycle_rc rc = cycle_period_close(r->wdb, r->user, month, errs);
    if (rc == CYCLE_OK) {
        req_redirect(r, "/work/periods?done=closed");
        return 0;
    }
    if (rc == CYCLE_INVALID) /* the month is the path's: a malformed one names no page */
        rc = CYCLE_NOT_FOUND;
    int m = pc_model_rc(r, r->wdb, rc, errs);
    if (m <= 0)
        return m;
    return periods_render(r, 409, "", errs, NULL);
}

int post_period_close(struct req *r)
{
    struct field_errors errs = FERR_INIT;
    int rc = post_period_close_do(r, &errs);
    ferr_free(&errs);
    return rc;
}

static int post_period_reopen_do(struct req *r, struct field_errors *errs)
{
    const char *month = req_param(r, "month");
    const char *reason = req_form(r, "reason");
    enum cycle_rc rc = cycle_period_reopen(r->wdb, r->user, month, reason, errs);
    if (rc == CYCLE_OK) {
        req_redirect(r, "/work/periods?done=reopened");
        return 0;
    }
    int m = pc_model_rc(r, r->wdb, rc, errs);
    if (m <= 0)
        return m;
    return periods_render(r, rc == CYCLE_CONFLICT ? 409 : 400, month, errs, NULL);
}

int post_period_reopen(struct req *r)
{
    struct field_errors errs = FERR_INIT;
    int rc = post_period_reopen_do(r, &errs);
    ferr_free(&errs);
    return rc;
}

static int post_period_sign_off_do(struct req *r, struct field_errors *errs)
{
    const char *month = req_param(r, "month");
    const char *confirm = req_form(r, "confirm");
    enum cycle_rc rc;
    struct cycle_period p;
    int found = cycle_period_find(r->db, month, &p);
    if (found < 0)
        return req_model_error(r);
    if (!found) {
        req_error(r, 404, "There is no such period.");
        return 0;
    }
    if (!confirm || strcmp(confirm, "yes") != 0) {
        ferr_add(errs, "confirm", "Tick the box to confirm that you sign this month off");
        if (!role_has(r->user->role, CAP_SIGN_OFF)) { /* the route checks; say it the same way */
            req_error(r, 403, "Your role cannot sign a month off");
            return 0;
        }
        return periods_render(r, 400, p.month, errs, NULL);
    }
    rc = cycle_period_sign_off(r->wdb, r->user, month, date_today(), errs);
    if (rc == CYCLE_OK) {
        server_warm(r->srv); /* its record, built before the public asks */
        req_redirect(r, "/work/periods?done=signed-off");
        return 0;
    }
    if (rc == CYCLE_INVALID)
        rc = CYCLE_NOT_FOUND;
    int m = pc_model_rc(r, r->wdb, rc, errs);
    if (m <= 0)
        return m;
    return periods_render(r, 409, p.month, errs, NULL);
}

int post_period_sign_off(struct req *r)
{
    struct field_errors errs = FERR_INIT;
    int rc = post_period_sign_off_do(r, &errs);
    ferr_free(&errs);
    return rc;
}

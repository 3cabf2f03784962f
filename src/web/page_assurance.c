/* page_assurance.c — the panel's assurance: GET shows a month's comparison
 * (CAP_READ_RESTRICTED), POST records a panel member's rating (CAP_ASSURE,
 * checked again by the model).  The dispatcher has checked the capability
 * and, for the POST, the CSRF token. */
#include "lib/text.h"
#include "lib/html.h"
#include "model/assurance.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The form as typed, "" for what is absent. */
struct rating_form {
    const char *period, *theme, *action, *level, *comment;
};

/* A form field, "" when absent. */
static const char *field(const struct req *r, const char *name)
{
    const char *v = req_form(r, name);
    return v ? v : "";
}

/* Whether s is a month "YYYY-MM". */
static bool is_month(const char *s)
{
    int m;
    return s && strlen(s) == 7 && month_parse(s, &m);
}

/* Loads the month and renders its page with `status`, the form as typed
 * (or empty) and its error, and the banner `done`.  Answers 404 for a month
 * without a period.  Returns 0, or -1 (r->err). */
static int render(struct req *r, unsigned status, const char *month, const struct rating_form *f,
                  const struct field_error *e, size_t ne, const char *done)
{
    char(*months)[MONTH_LEN];
    size_t nmonths;
    if (assurance_months(r->db, &months, &nmonths))
        return req_model_error(r);
    if (!month && nmonths)
        month = months[0]; /* the latest */
    if (!month) {
        free(months);
        req_error(r, 404,
                  "No reporting period has been opened yet: assurance is recorded per "
                  "month, once the programme office opens one.");
        return 0;
    }
    struct assurance_period p;
    int found = assurance_load(r->db, month, &p);
    if (found <= 0) {
        free(months);
        if (found < 0)
            return req_model_error(r);
        char why[160];
        snprintf(why, sizeof why,
                 "There is no reporting period for %s. Choose one of the months on the "
                 "assurance page.",
                 month);
        req_error(r, 404, why);
        return 0;
    }
    struct view_site site = WEB_SITE_R(r);
    site.path = r->path;
    struct view_assurance v = {
        .p = &p,
        .months = (const char(*)[MONTH_LEN])months,
        .nmonths = nmonths,
        .can_assure = r->user && role_has(r->user->role, CAP_ASSURE),
        .done = done,
        .theme = f ? f->theme : "",
        .action = f ? f->action : "",
        .level = f ? f->level : "",
        .comment = f ? f->comment : "",
        .errors = e,
        .nerrors = ne,
    };
    r->status = status;
    r->content_type = CT_HTML;
    view_assurance(&r->out, &site, &v);
    assurance_period_free(&p);
    free(months);
    return 0;
}

static int assurance_body(struct req *r)
{
    const char *month = req_arg(r, "period");
    if (month && !*month)
        month = NULL;
    if (month && !is_month(month)) {
        req_error(r, 400, "period: give the month as YYYY-MM, for example 2015-03.");
        return 0;
    }
    const char *done = req_arg(r, "recorded") ? "Your rating was recorded." : NULL;
    return render(r, 200, month, NULL, NULL, 0, done);
}

int page_assurance(struct req *r)
{
    return page_read(r, assurance_body);
}

int post_assurance(struct req *r)
{
    struct rating_form f = {field(r, "period"), field(r, "theme"), field(r, "action"),
                            field(r, "level"), field(r, "comment")};
    struct assurance_input in = {f.period, f.theme, f.action, f.level, f.comment};
    struct field_errors err = FERR_INIT;
    int64_t id;
    int rc = 0;
    if (r->ferr.n) { /* the dispatcher refused the declared fields (route.c) */
        if (ferr_find(&r->ferr, "period") || !*f.period) /* no page to show the form on */
            req_refuse(r, 400, &r->ferr);
        else
            rc = render(r, 400, f.period, &f, r->ferr.e, r->ferr.n, NULL);
        return rc;
    }
    switch (assurance_record(r->wdb, r->user, &in, &err, &id)) {
    case ASSURANCE_OK:
        break;
    case ASSURANCE_DENIED:
        req_error(r, 403, ferr_first(&err));
        goto out;
    case ASSURANCE_ERROR:
        text_printf(r->err, sizeof r->err, "assurance: %s", r->wdb->err);
        rc = -1;
        goto out;
    case ASSURANCE_INVALID:
        if (ferr_find(&err, "period")) /* no page to show the form on */
            req_error(r, 400, ferr_first(&err));
        else
            rc = render(r, 400, f.period, &f, err.e, err.n, NULL);
        goto out;
    }
    struct buf to = BUF_INIT;
    html_printf(&to, "/work/assurance?period=%U&recorded=1", f.period);
    req_redirect(r, buf_str(&to));
    buf_free(&to);
out:
    ferr_free(&err);
    return rc;
}

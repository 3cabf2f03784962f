/* page_money.c — money on the web: the public totals per quarter, and the
 * workspace's expenses, agreements and statements (web/money.h). */
#include "web/money.h"
#include "lib/text.h"
#include "web/meetings.h"
#include "web/web.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50 /* expenses on one page of the workspace's list */

/* The banner of ?done=, from a fixed table; NULL for none. */
static const char *done_text(const struct req *r)
{
    const char *d = req_arg(r, "done");
    if (!d)
        return NULL;
    if (strcmp(d, "expense") == 0)
        return "The expense was recorded.";
    if (strcmp(d, "agreement") == 0)
        return "The cost agreement was recorded.";
    return NULL;
}

/* Answers a load failure. */
static int load(struct req *r, struct money_data *d)
{
    if (money_load(r->db, d) == 0)
        return 0;
    text_printf(r->err, sizeof r->err, "money: %s", r->db->err);
    return -1;
}

static int money_public_body(struct req *r)
{
    struct money_data d;
    if (load(r, &d))
        return -1;
    char today[DATE_LEN];
    date_format(date_today(), today);
    struct money_quarter *q;
    size_t n;
    money_quarters(&d, today, &q, &n);
    struct view_site site = WEB_SITE_R(r);
    site.path = r->path;
    view_money_public(&r->out, &site, q, n);
    free(q);
    money_data_free(&d);
    return 0;
}

int page_money(struct req *r)
{
    return page_read(r, money_public_body);
}

static int money_api_body(struct req *r)
{
    struct money_data d;
    if (load(r, &d))
        return -1;
    char today[DATE_LEN];
    date_format(date_today(), today);
    struct money_quarter *q;
    size_t n;
    money_quarters(&d, today, &q, &n);
    json_t *quarters = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            quarters, json_pack("{s:s, s:s, s:s, s:b, s:I, s:I, s:I, s:I}", "label", q[i].label,
                                "from", q[i].from, "to", q[i].to, "to_date", q[i].to_date,
                                "panel_pence", (json_int_t)q[i].panel_total, "programme_pence",
                                (json_int_t)q[i].programme_total, "council_share_pence",
                                (json_int_t)q[i].share[PARTY_COUNCIL], "department_share_pence",
                                (json_int_t)q[i].share[PARTY_DEPARTMENT]));
    free(q);
    money_data_free(&d);
    return req_json(r, json_pack("{s:o}", "quarters", quarters));
}

int api_money(struct req *r)
{
    if (!meetings_api_args(r)) /* as_at is checked and, as for the panel, not applied */
        return 0;
    return page_read(r, money_api_body);
}

/* ---- the workspace ------------------------------------------------------------------- */

static int work_body(struct req *r)
{
    struct money_data d;
    if (load(r, &d))
        return -1;
    size_t page = (size_t)req_int(r, "page", 1);
    size_t pages = d.nexpenses ? (d.nexpenses + PER_PAGE - 1) / PER_PAGE : 1;
    if (page > pages) {
        money_data_free(&d);
        char why[120];
        snprintf(why, sizeof why, "page: there is no page %zu; the list has %zu.", page, pages);
        req_error(r, 404, why);
        return 0;
    }
    struct view_money_work v = {&d, done_text(r), page, pages, PER_PAGE};
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/money";
    r->cache_control = "no-store";
    view_money_work(&r->out, &site, &v);
    money_data_free(&d);
    return 0;
}

int page_work_money(struct req *r)
{
    return page_read(r, work_body);
}

/* Shows the expense form with `status` (the POST's own path answers GET too). */
static int expense_form(struct req *r, unsigned status, const struct money_expense_input *in,
                        const struct field_errors *errs)
{
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/money";
    buf_reset(&r->out);
    r->status = status;
    r->content_type = CT_HTML;
    r->cache_control = "no-store";
    view_money_expense_form(&r->out, &site, in, errs);
    return 0;
}

int page_work_money_expense(struct req *r)
{
    return expense_form(r, 200, NULL, NULL);
}

int post_work_money_expense(struct req *r)
{
    const struct req_field *file = req_file(r, "receipt");
    struct document_upload up;
    bool has_file = file && file->filename && file->filename[0] && file->len;
    if (has_file)
        up = (struct document_upload){file->value,        file->len, file->filename,
                                      file->content_type, false,     r->user->account_id};
    struct money_expense_input in = {
        .kind = req_form(r, "kind"),
        .incurred_on = req_form(r, "incurred_on"),
        .claimant = req_form(r, "claimant"),
        .category = req_form(r, "category"),
        .description = req_form(r, "description"),
        .amount = req_form(r, "amount"),
        .day_rate = req_form(r, "day_rate"),
        .days = req_form(r, "days"),
        .paid_by = req_form(r, "paid_by"),
        .receipt = has_file ? &up : NULL,
    };
    struct field_errors errs = FERR_INIT;
    if (r->ferr.n) { /* the declared fields' refusals: shown at their fields */
        ferr_merge(&errs, &r->ferr);
        ferr_free(&r->ferr);
        int rc = expense_form(r, 400, &in, &errs);
        ferr_free(&errs);
        return rc;
    }
    char ref[MONEY_REF_LEN];
    enum cycle_rc rc = money_expense_add(r->wdb, r->user, &in, &errs, ref);
    int out = 0;
    if (rc == CYCLE_OK) {
        char to[64];
        snprintf(to, sizeof to, "/work/money?done=expense#%s", ref); /* ref: X and digits */
        req_redirect(r, to);
    } else if (rc == CYCLE_ERROR) {
        text_printf(r->err, sizeof r->err, "expense: %s", r->wdb->err);
        out = -1;
    } else if (rc == CYCLE_DENIED) {
        req_error(r, 403, errs.n ? errs.e[0].message : NULL);
    } else {
        out = expense_form(r, 400, &in, &errs);
    }
    ferr_free(&errs);
    return out;
}

static int agreement_form(struct req *r, unsigned status, const struct money_agreement_input *in,
                          const struct field_errors *errs)
{
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/money";
    buf_reset(&r->out);
    r->status = status;
    r->content_type = CT_HTML;
    r->cache_control = "no-store";
    view_money_agreement_form(&r->out, &site, in, errs);
    return 0;
}

int page_work_money_agreement(struct req *r)
{
    return agreement_form(r, 200, NULL, NULL);
}

int post_work_money_agreement(struct req *r)
{
    struct money_agreement_input in = {
        .title = req_form(r, "title"),
        .starts_on = req_form(r, "starts_on"),
        .ends_on = req_form(r, "ends_on"),
        .agreed_on = req_form(r, "agreed_on"),
        .council_percent = req_form(r, "council_percent"),
        .department_percent = req_form(r, "department_percent"),
    };
    struct field_errors errs = FERR_INIT;
    if (r->ferr.n) {
        ferr_merge(&errs, &r->ferr);
        ferr_free(&r->ferr);
        int rc = agreement_form(r, 400, &in, &errs);
        ferr_free(&errs);
        return rc;
    }
    int64_t id;
    enum cycle_rc rc = money_agreement_add(r->wdb, r->user, &in, &errs, &id);
    int out = 0;
    if (rc == CYCLE_OK) {
        req_redirect(r, "/work/money?done=agreement");
    } else if (rc == CYCLE_ERROR) {
        text_printf(r->err, sizeof r->err, "agreement: %s", r->wdb->err);
        out = -1;
    } else if (rc == CYCLE_DENIED) {
        req_error(r, 403, errs.n ? errs.e[0].message : NULL);
    } else {
        out = agreement_form(r, rc == CYCLE_CONFLICT ? 409 : 400, &in, &errs);
    }
    ferr_free(&errs);
    return out;
}

/* The statement's dates: ?from= and ?to=, by default from the first expense
 * (or today) to today.  Adds a refusal when from is after to. */
static void statement_dates(const struct req *r, const struct money_data *d, char *from, char *to,
                            struct field_errors *errs)
{
    const char *f = req_arg(r, "from"), *t = req_arg(r, "to");
    char today[DATE_LEN];
    date_format(date_today(), today);
    snprintf(to, DATE_LEN, "%s", t && *t ? t : today);
    snprintf(from, DATE_LEN, "%s", f && *f ? f : d->nexpenses ? d->expenses[0].incurred_on : today);
    if (strcmp(from, to) > 0)
        ferr_add(errs, "to", "The last day must not be before the first (%s)", from);
}

static int statement_body(struct req *r)
{
    struct money_data d;
    if (load(r, &d))
        return -1;
    char from[DATE_LEN], to[DATE_LEN];
    struct field_errors errs = FERR_INIT;
    statement_dates(r, &d, from, to, &errs);
    struct money_statement s;
    bool ok = errs.n == 0;
    if (ok)
        money_statement(&d, from, to, &s);
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/money";
    r->status = ok ? 200 : 400;
    r->cache_control = "no-store";
    view_money_statement(&r->out, &site, ok ? &s : NULL, from, to, &errs);
    if (ok)
        money_statement_free(&s);
    ferr_free(&errs);
    money_data_free(&d);
    return 0;
}

int page_work_money_statement(struct req *r)
{
    return page_read(r, statement_body);
}

/* Answers CSV text as an attachment named `name` (a literal). */
static void csv_answer(struct req *r, char *csv, const char *name)
{
    buf_reset(&r->out);
    buf_puts(&r->out, csv);
    free(csv);
    r->content_type = CT_CSV;
    r->cache_control = "no-store";
    snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"%s\"", name);
}

static int statement_csv_body(struct req *r)
{
    struct money_data d;
    if (load(r, &d))
        return -1;
    char from[DATE_LEN], to[DATE_LEN];
    struct field_errors errs = FERR_INIT;
    statement_dates(r, &d, from, to, &errs);
    if (errs.n) {
        req_refuse(r, 400, &errs);
    } else {
        struct money_statement s;
        money_statement(&d, from, to, &s);
        csv_answer(r, money_statement_csv(&s), "statement.csv");
        money_statement_free(&s);
    }
    ferr_free(&errs);
    money_data_free(&d);
    return 0;
}

int page_work_money_statement_csv(struct req *r)
{
    return page_read(r, statement_csv_body);
}

static int expenses_csv_body(struct req *r)
{
    struct money_data d;
    if (load(r, &d))
        return -1;
    csv_answer(r, money_expenses_csv(&d), "expenses.csv");
    money_data_free(&d);
    return 0;
}

int page_work_money_expenses_csv(struct req *r)
{
    return page_read(r, expenses_csv_body);
}

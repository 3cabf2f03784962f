/* money.h — the web side of money (model/money.h): the handlers
 * (page_money.c) and their views (view_money.c). */
#ifndef DIALTURN_WEB_MONEY_H
#define DIALTURN_WEB_MONEY_H
#include "lib/buf.h"
#include "lib/ferr.h"
#include "model/money.h"
#include "web/view.h"

struct req;

/* -- public -- */
int page_money(struct req *r); /* GET /money: the totals per financial quarter */
int api_money(struct req *r);  /* GET /api/v1/money: the same as JSON */

/* -- workspace (CAP_MONEY) -- */
int page_work_money(struct req *r);               /* GET /work/money: agreements and expenses */
int page_work_money_expense(struct req *r);       /* GET /work/money/expenses: the form */
int post_work_money_expense(struct req *r);       /* POST /work/money/expenses: records one */
int page_work_money_agreement(struct req *r);     /* GET /work/money/agreements: the form */
int post_work_money_agreement(struct req *r);     /* POST /work/money/agreements: records one */
int page_work_money_statement(struct req *r);     /* GET /work/money/statement?from=&to= */
int page_work_money_statement_csv(struct req *r); /* GET /work/money/statement.csv */
int page_work_money_expenses_csv(struct req *r);  /* GET /work/money/expenses.csv */

/* The workspace's list; nothing owned. */
struct view_money_work {
    const struct money_data *d;
    const char *done;   /* a banner's text, or NULL */
    size_t page, pages; /* of the expenses, newest first */
    size_t per_page;
};
void view_money_work(struct buf *b, const struct view_site *site, const struct view_money_work *v);

/* The expense form, as typed (in may be NULL for an empty form). */
void view_money_expense_form(struct buf *b, const struct view_site *site,
                             const struct money_expense_input *in, const struct field_errors *errs);

/* The agreement form, as typed (in may be NULL: the default shares). */
void view_money_agreement_form(struct buf *b, const struct view_site *site,
                               const struct money_agreement_input *in,
                               const struct field_errors *errs);

/* A statement of from..to, or the refusal of the dates asked for. */
void view_money_statement(struct buf *b, const struct view_site *site,
                          const struct money_statement *s, const char *from, const char *to,
                          const struct field_errors *errs);

/* The public page: the totals of each quarter. */
void view_money_public(struct buf *b, const struct view_site *site, const struct money_quarter *q,
                       size_t n);

#endif

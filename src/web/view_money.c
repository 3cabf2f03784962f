/* view_money.c — the pages of money (web/money.h). */
#include "web/money.h"
#include "lib/html.h"
#include "web/view_cycle_int.h"
#include <stdio.h>
#include <string.h>

/* Appends pence as "£1,234.56". */
static void pounds(struct buf *b, int64_t pence)
{
    char s[40];
    money_format(pence, s, sizeof s);
    html_printf(b, "%h", s);
}

/* Opens a table with a visible caption and its header row (cols: literals). */
static void table_begin(struct buf *b, const char *caption, const char *const *cols,
                        const bool *numeric)
{
    view_table_open(b, caption);
    html_printf(b,
                "<table class=\"govuk-table\">\n<caption class=\"govuk-table__caption "
                "govuk-table__caption--m\">%h</caption>\n<thead class=\"govuk-table__head\">"
                "<tr class=\"govuk-table__row\">",
                caption);
    for (size_t i = 0; cols[i]; i++)
        html_printf(b, "<th scope=\"col\" class=\"govuk-table__header%s\">%h</th>",
                    numeric && numeric[i] ? " govuk-table__header--numeric" : "", cols[i]);
    html_printf(b, "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
}

static void table_end(struct buf *b)
{
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

/* A cell of money, right-aligned. */
static void money_cell(struct buf *b, int64_t pence)
{
    html_printf(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
    pounds(b, pence);
    html_printf(b, "</td>");
}

/* A share in basis points as "50%" or "33.33%". */
static void share_text(struct buf *b, int bp)
{
    if (bp % 100)
        html_printf(b, "%d.%d%d%%", bp / 100, bp % 100 / 10, bp % 10);
    else
        html_printf(b, "%d%%", bp / 100);
}

void view_money_work(struct buf *b, const struct view_site *site, const struct view_money_work *v)
{
    const struct money_data *d = v->d;
    view_page_begin(b, site, "Money");
    view_done_banner(b, v->done);
    html_printf(b, "<h1 class=\"govuk-heading-l\">Money</h1>\n"
                   "<p class=\"govuk-body\">The panel's expenses and the programme's costs, shared "
                   "between the council and the department by the cost agreement in force on the "
                   "day each was incurred (half each where no agreement covers the day). Each "
                   "party's share of a total is rounded to the penny; the council takes any odd "
                   "penny.</p>\n"
                   "<div class=\"govuk-button-group\">\n"
                   "<a class=\"govuk-button\" data-module=\"govuk-button\" "
                   "href=\"/work/money/expenses\">Record an expense</a>\n"
                   "<a class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\" "
                   "href=\"/work/money/agreements\">Record a cost agreement</a>\n"
                   "<a class=\"govuk-link\" href=\"/work/money/statement\">Statement</a>\n"
                   "<a class=\"govuk-link\" href=\"/work/money/expenses.csv\">Expenses as CSV</a>\n"
                   "</div>\n");
    static const char *const acols[] = {"Agreement",  "Covers", "Council",
                                        "Department", "Agreed", NULL};
    if (!d->nagreements) {
        html_printf(b, "<h2 class=\"govuk-heading-m\">Cost agreements</h2>\n"
                       "<p class=\"govuk-body\">None recorded: every cost is shared half "
                       "each until one is.</p>\n");
    } else {
        table_begin(b, "Cost agreements", acols, NULL);
        for (size_t i = 0; i < d->nagreements; i++) {
            const struct money_agreement *a = &d->agreements[i];
            html_printf(b,
                        "<tr class=\"govuk-table__row\" id=\"%h\"><td "
                        "class=\"govuk-table__cell\">%h: %h</td><td class=\"govuk-table__cell\">"
                        "From ",
                        a->ref, a->ref, a->title);
            day_t day;
            date_parse(a->starts_on, &day);
            view_date(b, day);
            if (a->ends_on[0] && date_parse(a->ends_on, &day)) {
                html_printf(b, " to ");
                view_date(b, day);
            } else {
                html_printf(b, " until another starts");
            }
            html_printf(b, "</td><td class=\"govuk-table__cell\">");
            share_text(b, a->bp[PARTY_COUNCIL]);
            html_printf(b, "</td><td class=\"govuk-table__cell\">");
            share_text(b, a->bp[PARTY_DEPARTMENT]);
            html_printf(b, "</td><td class=\"govuk-table__cell\">");
            if (date_parse(a->agreed_on, &day))
                view_date(b, day);
            html_printf(b, "</td></tr>\n");
        }
        table_end(b);
    }
    if (!d->nexpenses) {
        html_printf(b, "<h2 class=\"govuk-heading-m\">Expenses and costs</h2>\n"
                       "<p class=\"govuk-body\">Nothing recorded yet.</p>\n");
        view_page_end(b, site);
        return;
    }
    static const char *const ecols[] = {"Ref",    "Incurred", "Claimant", "What",
                                        "Amount", "Paid by",  "Receipt",  NULL};
    static const bool numeric[] = {false, false, false, false, true, false, false};
    table_begin(b, "Expenses and costs, newest first", ecols, numeric);
    size_t first = (v->page - 1) * v->per_page;
    for (size_t k = first; k < d->nexpenses && k < first + v->per_page; k++) {
        const struct money_expense *e = &d->expenses[d->nexpenses - 1 - k];
        day_t day;
        html_printf(b,
                    "<tr class=\"govuk-table__row\" id=\"%h\"><td class=\"govuk-table__cell\">"
                    "%h</td><td class=\"govuk-table__cell\">",
                    e->ref, e->ref);
        if (date_parse(e->incurred_on, &day))
            view_date(b, day);
        html_printf(b,
                    "</td><td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">"
                    "%h%h%h",
                    e->claimant, e->programme ? "Programme: " : "",
                    money_category_label(e->category), e->description[0] ? ": " : "");
        html_printf(b, "%h", e->description);
        if (e->day_rate) {
            char rate[40], days[40];
            money_format(e->day_rate, rate, sizeof rate);
            money_plain(e->days_x100, days, sizeof days);
            html_printf(b, " <span class=\"govuk-body-s\">(%h a day for %h days)</span>", rate,
                        days);
        }
        html_printf(b, "</td>");
        money_cell(b, e->amount);
        html_printf(b, "<td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">",
                    money_party_label(e->paid_by));
        if (e->receipt_id)
            html_printf(b,
                        "<a class=\"govuk-link\" href=\"/documents/%ld\">Receipt<span "
                        "class=\"govuk-visually-hidden\"> for %h</span></a>",
                        (long)e->receipt_id, e->ref);
        else
            html_printf(b, "None");
        html_printf(b, "</td></tr>\n");
    }
    table_end(b);
    view_pagination(b, site, "/work/money", "", v->page, v->pages);
    view_page_end(b, site);
}

/* Opens a form group with its label, hint and error; returns whether in error. */
static bool group(struct buf *b, const struct field_errors *errs, const char *field,
                  const char *label, const char *hint)
{
    bool err = vc_error_for(errs, field) != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label govuk-label--s\" for=\"%h\">%h</label>\n",
                err ? " govuk-form-group--error" : "", field, label);
    if (hint)
        html_printf(b, "<div id=\"%h-hint\" class=\"govuk-hint\">%h</div>\n", field, hint);
    vc_field_error(b, errs, field, "");
    return err;
}

/* A one-line text input in its group. */
static void input(struct buf *b, const struct field_errors *errs, const char *field,
                  const char *label, const char *hint, const char *value, const char *width,
                  const char *mode)
{
    bool err = group(b, errs, field, label, hint);
    html_printf(b,
                "<input class=\"govuk-input %h%s\" id=\"%h\" name=\"%h\" type=\"text\" "
                "inputmode=\"%h\" spellcheck=\"false\"",
                width, err ? " govuk-input--error" : "", field, field, mode);
    if (hint || err)
        html_printf(b, " aria-describedby=\"%h%s%s%h%s\"", hint ? field : "", hint ? "-hint" : "",
                    hint && err ? " " : "", err ? field : "", err ? "-error" : "");
    html_printf(b, " value=\"%h\">\n</div>\n", value ? value : "");
}

void view_money_expense_form(struct buf *b, const struct view_site *site,
                             const struct money_expense_input *in, const struct field_errors *errs)
{
    bool failed = errs && errs->n;
    view_page_begin(b, site, failed ? "Error: Record an expense" : "Record an expense");
    html_printf(b, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n"
                   "<a href=\"/work/money\" class=\"govuk-back-link\">Back to money</a>\n");
    vc_error_summary(b, errs, "");
    html_printf(b, "<h1 class=\"govuk-heading-l\">Record an expense</h1>\n"
                   "<form method=\"post\" action=\"/work/money/expenses\" "
                   "enctype=\"multipart/form-data\" novalidate>\n");
    view_csrf_field(b, site);
    const char *kind = in && in->kind ? in->kind : "panel";
    bool err = vc_error_for(errs, "kind") != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n<fieldset class=\"govuk-fieldset\">\n"
                "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">What it is"
                "</legend>\n",
                err ? " govuk-form-group--error" : "");
    vc_field_error(b, errs, "kind", "");
    html_printf(b,
                "<div class=\"govuk-radios govuk-radios--small\" data-module=\"govuk-radios\">\n"
                "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                "id=\"kind\" name=\"kind\" type=\"radio\" value=\"panel\"%s>"
                "<label class=\"govuk-label govuk-radios__label\" for=\"kind\">The panel's "
                "expense</label></div>\n"
                "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                "id=\"kind-programme\" name=\"kind\" type=\"radio\" value=\"programme\"%s>"
                "<label class=\"govuk-label govuk-radios__label\" for=\"kind-programme\">A "
                "programme cost, such as an interim role</label></div>\n</div>\n</fieldset>\n"
                "</div>\n",
                strcmp(kind, "programme") != 0 ? " checked" : "",
                strcmp(kind, "programme") == 0 ? " checked" : "");
    input(b, errs, "incurred_on", "Date incurred", "YYYY-MM-DD, for example 2015-09-14",
          in ? in->incurred_on : NULL, "govuk-input--width-10", "numeric");
    input(b, errs, "claimant", "Claimant", "Who claimed it, or the role or supplier paid",
          in ? in->claimant : NULL, "govuk-!-width-two-thirds", "text");
    const char *cat = in && in->category ? in->category : "";
    err = group(b, errs, "category", "Category", NULL);
    html_printf(b,
                "<select class=\"govuk-select%s\" id=\"category\" name=\"category\">\n"
                "<option value=\"\">Choose a category</option>\n",
                err ? " govuk-select--error" : "");
    for (size_t i = 0; money_categories[i]; i++)
        html_printf(b, "<option value=\"%h\"%s>%h</option>\n", money_categories[i],
                    strcmp(cat, money_categories[i]) == 0 ? " selected" : "",
                    money_category_label(money_categories[i]));
    html_printf(b, "</select>\n</div>\n");
    err = group(b, errs, "description", "Description (optional)",
                "What it was for; 2,000 characters at most");
    html_printf(b,
                "<textarea class=\"govuk-textarea%s\" id=\"description\" name=\"description\" "
                "rows=\"2\" aria-describedby=\"description-hint\">%h</textarea>\n</div>\n",
                err ? " govuk-textarea--error" : "", in && in->description ? in->description : "");
    input(b, errs, "amount", "Amount in pounds",
          "For example 125.40. For a programme cost by the day, leave it empty and give the "
          "day rate and days below.",
          in ? in->amount : NULL, "govuk-input--width-10", "decimal");
    input(b, errs, "day_rate", "Day rate in pounds (programme costs only)", "For example 850",
          in ? in->day_rate : NULL, "govuk-input--width-10", "decimal");
    input(b, errs, "days", "Days (programme costs only)", "For example 4.5", in ? in->days : NULL,
          "govuk-input--width-5", "decimal");
    const char *paid = in && in->paid_by ? in->paid_by : "";
    err = group(b, errs, "paid_by", "Paid by", NULL);
    html_printf(b,
                "<select class=\"govuk-select%s\" id=\"paid_by\" name=\"paid_by\">\n"
                "<option value=\"\">Choose who paid</option>\n",
                err ? " govuk-select--error" : "");
    for (int p = 0; p < PARTY__MAX; p++)
        html_printf(b, "<option value=\"%h\"%s>%h</option>\n",
                    money_party_code((enum money_party)p),
                    strcmp(paid, money_party_code((enum money_party)p)) == 0 ? " selected" : "",
                    money_party_label((enum money_party)p));
    html_printf(b, "</select>\n</div>\n");
    err = group(b, errs, "receipt", "Receipt (optional)",
                "A PDF or a picture, 10 MiB at most. Receipts are restricted: only the workspace "
                "can read them.");
    html_printf(b,
                "<input class=\"govuk-file-upload%s\" id=\"receipt\" name=\"receipt\" "
                "type=\"file\" aria-describedby=\"receipt-hint\">\n</div>\n"
                "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Record the expense</button>\n</form>\n</div>\n</div>\n",
                err ? " govuk-file-upload--error" : "");
    view_page_end(b, site);
}

void view_money_agreement_form(struct buf *b, const struct view_site *site,
                               const struct money_agreement_input *in,
                               const struct field_errors *errs)
{
    bool failed = errs && errs->n;
    view_page_begin(b, site, failed ? "Error: Record a cost agreement" : "Record a cost agreement");
    html_printf(b, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n"
                   "<a href=\"/work/money\" class=\"govuk-back-link\">Back to money</a>\n");
    vc_error_summary(b, errs, "");
    html_printf(b, "<h1 class=\"govuk-heading-l\">Record a cost agreement</h1>\n"
                   "<p class=\"govuk-body\">An agreement fixes how the council and the department "
                   "share the costs from its first day. Where two agreements cover a day, the one "
                   "that started later applies.</p>\n"
                   "<form method=\"post\" action=\"/work/money/agreements\" novalidate>\n");
    view_csrf_field(b, site);
    input(b, errs, "title", "Title", "For example: Panel costs 2015-16", in ? in->title : NULL,
          "govuk-!-width-two-thirds", "text");
    input(b, errs, "starts_on", "First day it covers", "YYYY-MM-DD", in ? in->starts_on : NULL,
          "govuk-input--width-10", "numeric");
    input(b, errs, "ends_on", "Last day it covers (optional)",
          "Leave empty for an agreement that lasts until another starts", in ? in->ends_on : NULL,
          "govuk-input--width-10", "numeric");
    input(b, errs, "agreed_on", "Date agreed", "YYYY-MM-DD", in ? in->agreed_on : NULL,
          "govuk-input--width-10", "numeric");
    input(b, errs, "council_percent", "The council's share, %", "The default is 50",
          in && in->council_percent ? in->council_percent : "50", "govuk-input--width-5",
          "decimal");
    input(b, errs, "department_percent", "The department's share, %",
          "The two shares add up to 100",
          in && in->department_percent ? in->department_percent : "50", "govuk-input--width-5",
          "decimal");
    html_printf(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Record the agreement</button>\n</form>\n</div>\n</div>\n");
    view_page_end(b, site);
}

void view_money_statement(struct buf *b, const struct view_site *site,
                          const struct money_statement *s, const char *from, const char *to,
                          const struct field_errors *errs)
{
    bool failed = errs && errs->n;
    view_page_begin(b, site, failed ? "Error: Statement" : "Statement");
    html_printf(b, "<a href=\"/work/money\" class=\"govuk-back-link\">Back to money</a>\n");
    vc_error_summary(b, errs, "");
    html_printf(b, "<h1 class=\"govuk-heading-l\">Statement</h1>\n"
                   "<form method=\"get\" action=\"/work/money/statement\" novalidate>\n"
                   "<div class=\"dialturn-filters\">\n");
    input(b, errs, "from", "From", "YYYY-MM-DD", from, "govuk-input--width-10", "numeric");
    input(b, errs, "to", "To", "YYYY-MM-DD", to, "govuk-input--width-10", "numeric");
    html_printf(b, "</div>\n<button type=\"submit\" class=\"govuk-button "
                   "govuk-button--secondary\" data-module=\"govuk-button\">Show the statement"
                   "</button>\n</form>\n");
    if (!s) {
        view_page_end(b, site);
        return;
    }
    struct buf who = BUF_INIT;
    money_settlement(s, &who);
    html_printf(b,
                "<div class=\"govuk-panel govuk-panel--confirmation dialturn-statement\">\n"
                "<h2 class=\"govuk-panel__title\">%h</h2>\n<div class=\"govuk-panel__body\">"
                "From %h to %h: %zu %h, ",
                buf_str(&who), s->from, s->to, s->nexpenses,
                s->nexpenses == 1 ? "expense" : "expenses and costs");
    pounds(b, s->total);
    html_printf(b, " in all</div>\n</div>\n");
    buf_free(&who);
    static const char *const cols[] = {"Party", "Share", "Paid", "Balance", NULL};
    static const bool numeric[] = {false, true, true, true};
    table_begin(b, "Each party's share and balance", cols, numeric);
    for (int p = 0; p < PARTY__MAX; p++) {
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                    "class=\"govuk-table__header\">%h</th>",
                    money_party_label((enum money_party)p));
        money_cell(b, s->share[p]);
        money_cell(b, s->paid[p]);
        money_cell(b, s->balance[p]);
        html_printf(b, "</tr>\n");
    }
    table_end(b);
    html_printf(b, "<p class=\"govuk-body\">A positive balance is owed by that party; a "
                   "negative one is owed to it. The panel's expenses came to ");
    pounds(b, s->panel_total);
    html_printf(b, " and the programme's costs to ");
    pounds(b, s->programme_total);
    html_printf(b, ".</p>\n");
    if (s->ngroups) {
        static const char *const gcols[] = {
            "Agreement", "Items", "Total", "Council's share", "Department's share", NULL};
        static const bool gnum[] = {false, true, true, true, true};
        table_begin(b, "By agreement", gcols, gnum);
        for (size_t i = 0; i < s->ngroups; i++) {
            const struct money_group *g = &s->groups[i];
            int bp[PARTY__MAX];
            money_shares_of(g->agreement, bp);
            if (g->agreement)
                html_printf(b,
                            "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
                            "%h: %h (",
                            g->agreement->ref, g->agreement->title);
            else
                html_printf(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
                               "No agreement: the default (");
            share_text(b, bp[PARTY_COUNCIL]);
            html_printf(b, " / ");
            share_text(b, bp[PARTY_DEPARTMENT]);
            html_printf(b,
                        ")</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">"
                        "%zu</td>",
                        g->nexpenses);
            money_cell(b, g->total);
            money_cell(b, g->share[PARTY_COUNCIL]);
            money_cell(b, g->share[PARTY_DEPARTMENT]);
            html_printf(b, "</tr>\n");
        }
        table_end(b);
    }
    html_printf(b,
                "<p class=\"govuk-body\"><a class=\"govuk-link\" "
                "href=\"/work/money/statement.csv?from=%U&amp;to=%U\">This statement as CSV</a>"
                "</p>\n",
                s->from, s->to);
    view_page_end(b, site);
}

void view_money_public(struct buf *b, const struct view_site *site, const struct money_quarter *q,
                       size_t n)
{
    view_page_begin(b, site, "What the panel costs");
    html_printf(b, "<h1 class=\"govuk-heading-l\">What the panel costs</h1>\n"
                   "<p class=\"govuk-body\">The independent panel's expenses and the improvement "
                   "programme's costs, in total for each quarter of the financial year (April to "
                   "June is the first), and how they are shared between the council and the "
                   "department under the cost agreements.</p>\n");
    if (!n) {
        html_printf(b, "<p class=\"govuk-body\">No costs have been recorded yet.</p>\n");
        view_page_end(b, site);
        return;
    }
    static const char *const cols[] = {"Quarter",         "Panel's expenses",   "Programme costs",
                                       "Council's share", "Department's share", NULL};
    static const bool numeric[] = {false, true, true, true, true};
    table_begin(b, "Costs by quarter", cols, numeric);
    for (size_t i = n; i-- > 0;) {
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                    "class=\"govuk-table__header\">%h%s</th>",
                    q[i].label, q[i].to_date ? " (so far)" : "");
        money_cell(b, q[i].panel_total);
        money_cell(b, q[i].programme_total);
        money_cell(b, q[i].share[PARTY_COUNCIL]);
        money_cell(b, q[i].share[PARTY_DEPARTMENT]);
        html_printf(b, "</tr>\n");
    }
    table_end(b);
    html_printf(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/api/v1/money\">"
                   "These figures as JSON</a></p>\n");
    view_page_end(b, site);
}

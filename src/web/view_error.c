/* view_error.c — error pages that say what happened and what to do next,
 * in GOV.UK's error page pattern (a heading, plain advice, a way on). */
#include "lib/html.h"
#include "web/view.h"

/* One error page: the status, its heading (also the <title>), and advice. */
struct error_text {
    unsigned status;
    const char *reason;      /* HTTP reason phrase */
    const char *heading;     /* what the person reads */
    const char *advice_html; /* trusted markup: a literal from this table */
};

static const struct error_text errors[] = {
    {400, "Bad Request", "There is a problem with the web address",
     "<p class=\"govuk-body\">Check the web address is correct.</p>"},
    {401, "Unauthorized", "Sign in to continue",
     "<p class=\"govuk-body\">This needs an account. <a class=\"govuk-link\" "
     "href=\"/login\">Sign in</a>.</p>"},
    {403, "Forbidden", "You cannot see this page",
     "<p class=\"govuk-body\">If you think you should be able to, ask the person who "
     "looks after accounts here.</p>"},
    {404, "Not Found", "Page not found",
     "<p class=\"govuk-body\">If you typed the web address, check it is correct.</p>\n"
     "<p class=\"govuk-body\">If you pasted the web address, check you copied the entire "
     "address.</p>"},
    {405, "Method Not Allowed", "This page cannot be used that way",
     "<p class=\"govuk-body\">The page exists, but not for this kind of request. "
     "If you followed a link or a form, go back and try again.</p>"},
    {413, "Content Too Large", "What you sent is too large",
     "<p class=\"govuk-body\">A form may hold at most 1 MB of text, and a document "
     "at most 10 MB. Go back and send something smaller.</p>"},
    {414, "URI Too Long", "The web address is too long",
     "<p class=\"govuk-body\">Web addresses on this site are at most 2,048 characters. "
     "Check you copied the right address.</p>"},
    {429, "Too Many Requests", "Too many attempts",
     "<p class=\"govuk-body\">Wait 15 minutes, then try again.</p>"},
    {500, "Internal Server Error", "Sorry, there is a problem with the service",
     "<p class=\"govuk-body\">Try again later. The problem has been logged.</p>"},
    {503, "Service Unavailable", "Sorry, the service is unavailable",
     "<p class=\"govuk-body\">Try again later.</p>"},
};

/* Finds the entry for `status`, falling back to 500's. */
static const struct error_text *error_find(unsigned status)
{
    const struct error_text *fallback = NULL;
    for (size_t i = 0; i < sizeof errors / sizeof *errors; i++) {
        if (errors[i].status == status)
            return &errors[i];
        if (errors[i].status == 500)
            fallback = &errors[i];
    }
    return fallback;
}

const char *view_status_text(unsigned status)
{
    for (size_t i = 0; i < sizeof errors / sizeof *errors; i++)
        if (errors[i].status == status)
            return errors[i].reason;
    return "Error";
}

void view_error(struct buf *b, const struct view_site *site, unsigned status, const char *detail)
{
    const struct error_text *e = error_find(status);
    view_page_begin(b, site, e->heading);
    html_printf(b,
                "<div class=\"govuk-grid-row\">\n"
                "<div class=\"govuk-grid-column-two-thirds\">\n"
                "<h1 class=\"govuk-heading-l\">%h</h1>\n",
                e->heading);
    if (detail)
        html_printf(b, "<p class=\"govuk-body\">%h</p>\n", detail);
    html_printf(b,
                "%s\n"
                "<p class=\"govuk-body\"><a href=\"/\" class=\"govuk-link\">Go to the improvement "
                "plan</a></p>\n"
                "<p class=\"govuk-body-s error-code\">Error %d</p>\n"
                "</div>\n"
                "</div>\n",
                e->advice_html, (int)status);
    view_page_end(b, site);
}

void view_field_errors(struct buf *b, const struct view_site *site, unsigned status,
                       const struct field_error *e, size_t n)
{
    view_page_begin(b, site, "There is a problem with what was sent");
    html_printf(b, "<div class=\"govuk-grid-row\">\n"
                   "<div class=\"govuk-grid-column-two-thirds\">\n");
    view_errors_summary(b, e, n);
    html_printf(b, "<h1 class=\"govuk-heading-l\">There is a problem with what was sent</h1>\n");
    for (size_t i = 0; i < n; i++)
        html_printf(b, "<p class=\"govuk-body\" id=\"%h\">%h: %h</p>\n", e[i].field, e[i].field,
                    e[i].message);
    html_printf(b,
                "<p class=\"govuk-body\">Go back, correct what is listed and try again.</p>\n"
                "<p class=\"govuk-body-s error-code\">Error %d</p>\n"
                "</div>\n"
                "</div>\n",
                (int)status);
    view_page_end(b, site);
}

/* view_auth.c — the sign-in page. */
#include "lib/html.h"
#include "web/view.h"

void view_login(struct buf *b, const struct view_site *site, const struct view_login *v)
{
    view_page_begin(b, site, v->error ? "Error: Sign in" : "Sign in");
    html_printf(b, "<div class=\"govuk-grid-row\">\n"
                   "<div class=\"govuk-grid-column-two-thirds\">\n");
    if (v->error)
        view_errors_summary(b, &(struct field_error){"username", v->error}, 1);
    html_printf(b,
                "<h1 class=\"govuk-heading-l\">Sign in</h1>\n"
                "<p class=\"govuk-body\">Signing in is for the people who run the plan: the "
                "programme office, action owners, the executive and the panel. Everything public "
                "is on the <a class=\"govuk-link\" href=\"/\">public pages</a> without an "
                "account.</p>\n"
                "<form method=\"post\" action=\"/login\" novalidate>\n"
                "<input type=\"hidden\" name=\"csrf\" value=\"%h\">\n"
                "<input type=\"hidden\" name=\"next\" value=\"%h\">\n"
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label\" for=\"username\">Username</label>\n",
                v->csrf ? v->csrf : "", v->next, v->error ? " govuk-form-group--error" : "");
    if (v->error)
        html_printf(b,
                    "<p id=\"username-error\" class=\"govuk-error-message\">"
                    "<span class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                    v->error);
    html_printf(b,
                "<input class=\"govuk-input govuk-input--width-20%s\" id=\"username\" "
                "name=\"username\" type=\"text\" value=\"%h\" autocomplete=\"username\" "
                "spellcheck=\"false\" autocapitalize=\"none\"%s>\n"
                "</div>\n"
                "<div class=\"govuk-form-group\">\n"
                "<label class=\"govuk-label\" for=\"password\">Password</label>\n"
                "<input class=\"govuk-input govuk-input--width-20\" id=\"password\" "
                "name=\"password\" type=\"password\" autocomplete=\"current-password\">\n"
                "</div>\n"
                "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Sign in</button>\n"
                "</form>\n"
                "</div>\n"
                "</div>\n",
                v->error ? " govuk-input--error" : "", v->username,
                v->error ? " aria-describedby=\"username-error\"" : "");
    view_page_end(b, site);
}

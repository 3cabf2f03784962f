/* view_form.c — what every form page of the workspace shares: the GOV.UK
 * error summary that links each problem to its field, and the success
 * banner shown after a change went through (Post/Redirect/Get). */
#include "lib/html.h"
#include "web/view.h"

void view_errors_summary(struct buf *b, const struct field_error *e, size_t n)
{
    if (!n)
        return;
    html_printf(b, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">\n"
                   "<div role=\"alert\">\n"
                   "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>\n"
                   "<div class=\"govuk-error-summary__body\">\n"
                   "<ul class=\"govuk-list govuk-error-summary__list\">\n");
    for (size_t i = 0; i < n; i++)
        html_printf(b, "<li><a href=\"#%h\">%h</a></li>\n", e[i].field, e[i].message);
    html_printf(b, "</ul>\n</div>\n</div>\n</div>\n");
}

void view_done_banner(struct buf *b, const char *done)
{
    if (!done)
        return;
    html_printf(b,
                "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
                "role=\"alert\" aria-labelledby=\"govuk-notification-banner-title\" "
                "data-module=\"govuk-notification-banner\">\n"
                "<div class=\"govuk-notification-banner__header\">\n"
                "<h2 class=\"govuk-notification-banner__title\" "
                "id=\"govuk-notification-banner-title\">Success</h2>\n"
                "</div>\n"
                "<div class=\"govuk-notification-banner__content\">\n"
                "<p class=\"govuk-notification-banner__heading\">%h</p>\n"
                "</div>\n"
                "</div>\n",
                done);
}

/* view_index.c — the front page of a server holding several organisations. */
#include "lib/html.h"
#include "web/view.h"

void view_org_index(struct buf *b, const struct view_site *site, const struct view_org *orgs,
                    size_t n)
{
    view_page_begin(b, site, "Organisations");
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Improvement plans</h1>\n"
                   "<p class=\"govuk-body\">Each organisation below publishes its improvement "
                   "plan, the monthly progress reported on it and the independent panel's "
                   "oversight.</p>\n");
    if (n == 0) {
        html_printf(b, "<p class=\"govuk-body\">No organisation is published here yet.</p>\n");
    } else {
        html_printf(b, "<ul class=\"govuk-list govuk-list--spaced\">\n");
        for (size_t i = 0; i < n; i++)
            html_printf(b, "<li><a class=\"govuk-link\" href=\"/%U/\">%h</a></li>\n", orgs[i].slug,
                        orgs[i].name);
        html_printf(b, "</ul>\n");
    }
    view_page_end(b, site);
}

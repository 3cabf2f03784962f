/* view_panel_assurance.c — the panel's assurance on a public theme or action page,
 * beside the council's own ratings of the same month (model/pub_assurance.h). */
#include "lib/html.h"
#include "model/pub_assurance.h"
#include "web/view.h"

void view_panel_assurance(struct buf *b, const struct scale *s, const struct pub_assurance_item *it,
                          const char *what)
{
    html_printf(b, "<h2 class=\"govuk-heading-l\" id=\"assurance\">The panel's assessment</h2>\n");
    if (!it || it->nratings == 0) {
        html_printf(b,
                    "<p class=\"govuk-body\">The independent improvement panel has published no "
                    "rating of this %h yet. Its ratings are published with the next monthly "
                    "report signed off after they are made.</p>\n",
                    what);
        return;
    }
    html_printf(b,
                "<p class=\"govuk-body\">The independent improvement panel's own rating of this "
                "%h for ",
                what);
    view_month(b, it->month);
    html_printf(b, ", beside the council's.</p>\n<dl class=\"govuk-summary-list\">\n"
                   "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "The council's rating</dt><dd class=\"govuk-summary-list__value\">");
    if (it->ncouncil == 0) {
        html_printf(b, "Not rated that month");
    } else if (it->is_action) {
        for (int l = 0; l < s->nlevels && l < PUB_ASSURANCE_LEVELS; l++)
            if (it->council[l])
                view_confidence(b, s, l, -1);
    } else {
        html_printf(b, "Its actions that month: ");
        bool first = true;
        for (int l = 0; l < s->nlevels && l < PUB_ASSURANCE_LEVELS; l++) {
            if (!it->council[l])
                continue;
            html_printf(b, "%h", first ? "" : ", ");
            view_confidence(b, s, l, -1);
            html_printf(b, " %zu", it->council[l]);
            first = false;
        }
    }
    html_printf(b, "</dd></div>\n");
    for (size_t i = 0; i < it->nratings; i++) {
        const struct pub_assurance_rating *r = &it->ratings[i];
        html_printf(b,
                    "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                    "%h (panel)</dt><dd class=\"govuk-summary-list__value\">",
                    r->member);
        view_confidence(b, s, r->level, -1);
        if (r->comment[0])
            html_printf(b, "<p class=\"govuk-body dialturn-pre-line\">%h</p>", r->comment);
        html_printf(b, "</dd></div>\n");
    }
    html_printf(b, "</dl>\n");
}

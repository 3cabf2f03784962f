/* view_layout.c — the page frame (head, skip link, header, footer) and the
 * date formats every page uses. */
#include "lib/html.h"
#include "web/view.h"
#include <stdlib.h>
#include <string.h>

static const char *const month_long[12] = {"January",   "February", "March",    "April",
                                           "May",       "June",     "July",     "August",
                                           "September", "October",  "November", "December"};

void view_page_begin(struct buf *b, const struct view_site *site, const char *title)
{
    html_printf(b,
                "<!DOCTYPE html>\n"
                "<html lang=\"en-GB\">\n"
                "<head>\n"
                "<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>%h – %h</title>\n"
                "<link rel=\"stylesheet\" href=\"/assets/dialturn.css\">\n"
                "</head>\n"
                "<body>\n"
                "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n"
                "<header class=\"site-header\">\n"
                "<div class=\"width-container\">\n"
                "<a class=\"site-header__name\" href=\"/\">%h</a>\n"
                "</div>\n"
                "</header>\n"
                "<div class=\"width-container\">\n",
                title, site->org_name, site->org_name);
    if (site->notice)
        html_printf(b, "<p class=\"notice\" role=\"note\"><strong>%h</strong></p>\n",
                    site->notice);
    if (site->scope && site->scope->as_at) {
        char m[MONTH_LEN];
        month_format(site->scope->month, m);
        html_printf(b, "<p class=\"notice\" role=\"note\">You are looking at this page as it "
                       "stood at the end of ");
        view_month(b, m);
        html_printf(b, ", from the reports signed off by then. <a href=\"%h\">See it as it "
                       "stands now</a>.</p>\n",
                    site->path ? site->path : "/");
    }
    html_printf(b, "<main class=\"main\" id=\"main\" tabindex=\"-1\">\n");
}

void view_page_end(struct buf *b, const struct view_site *site)
{
    html_printf(b,
                "</main>\n"
                "</div>\n"
                "<footer class=\"site-footer\">\n"
                "<div class=\"width-container\">\n"
                "<p>%h: the improvement plan and the progress reported on it, "
                "from the signed-off monthly reports.</p>\n"
                "<p>Published with dialturn.</p>\n"
                "</div>\n"
                "</footer>\n"
                "</body>\n"
                "</html>\n",
                site->org_name);
}

void view_date(struct buf *b, day_t d)
{
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (d == DAY_NONE) {
        html_printf(b, "Not set");
        return;
    }
    char iso[DATE_LEN];
    date_format(d, iso); /* "YYYY-MM-DD": the parts are at fixed places */
    int m = (iso[5] - '0') * 10 + (iso[6] - '0');
    int day = (iso[8] - '0') * 10 + (iso[9] - '0');
    char year[5] = {iso[0], iso[1], iso[2], iso[3], '\0'};
    html_printf(b, "<time datetime=\"%h\">%d %h %h</time>", iso, day, mon[(m - 1) % 12], year);
}

void view_month(struct buf *b, const char *month)
{
    int mo;
    if (!month || !month_parse(month, &mo)) {
        html_printf(b, "%h", month);
        return;
    }
    html_printf(b, "%h %d", month_long[mo % 12], mo / 12);
}

/* view_panel.c — the public page of the panel: remit, current and past
 * members with their roles, who appointed them and the matters they lead. */
#include "lib/html.h"
#include "lib/markdown.h"
#include "model/meeting.h"
#include "web/meetings.h"
#include <string.h>

const char *view_person_name(json_t *people, const char *ref)
{
    json_t *who = json_object_get(people, ref ? ref : "");
    return who ? json_string_value(json_object_get(who, "name")) : ref;
}

/* Whether member m has ended on or before today. */
static bool past(json_t *m, const char *today)
{
    const char *end = json_string_value(json_object_get(m, "ended_on"));
    return end && strcmp(end, today) <= 0;
}

/* The matters a member leads, as links. */
static void leads(struct buf *b, json_t *m)
{
    static const struct {
        const char *kind, *path;
    } paths[] = {
        {"theme", "/themes/"}, {"action", "/actions/"}, {"recommendation", "/recommendations/"}};
    json_t *l;
    size_t i;
    if (!json_array_size(json_object_get(m, "leads"))) {
        html_printf(b, "None");
        return;
    }
    json_array_foreach(json_object_get(m, "leads"), i, l)
    {
        const char *kind = json_string_value(json_object_get(l, "kind"));
        const char *path = "/themes/";
        for (size_t k = 0; k < sizeof paths / sizeof *paths; k++)
            if (strcmp(paths[k].kind, kind) == 0)
                path = paths[k].path;
        html_printf(b, "%h<a class=\"govuk-link\" href=\"%h%U\">%h %h</a>", i ? ", " : "", path,
                    json_string_value(json_object_get(l, "ref")), kind,
                    json_string_value(json_object_get(l, "ref")));
    }
}

/* One table of members: current (`want_past` false) or past. */
static void members(struct buf *b, json_t *panel, json_t *people, const char *today, bool want_past)
{
    json_t *m;
    size_t i, n = 0;
    json_array_foreach(json_object_get(panel, "members"), i, m) n += past(m, today) == want_past;
    html_printf(b, "<h2 class=\"govuk-heading-m\">%h</h2>\n",
                want_past ? "Who sat on the panel before" : "Who sits on the panel now");
    if (!n) {
        html_printf(b, "<p class=\"govuk-body\">%h</p>\n",
                    want_past ? "No member has left the panel." : "The panel has no members yet.");
        return;
    }
    view_table_open(b, want_past ? "Past members" : "Current members");
    html_printf(b,
                "<table class=\"govuk-table\">\n<caption class=\"govuk-visually-hidden\">%h"
                "</caption>\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Member</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Role</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Appointed</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">%h</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Leads on</th>"
                "</tr></thead>\n<tbody class=\"govuk-table__body\">\n",
                want_past ? "Past members" : "Current members",
                want_past ? "Left" : "Appointed by");
    json_array_foreach(json_object_get(panel, "members"), i, m)
    {
        if (past(m, today) != want_past)
            continue;
        const char *pref = json_string_value(json_object_get(m, "person"));
        day_t d;
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                    "class=\"govuk-table__header\">%h</th><td class=\"govuk-table__cell\">%h"
                    "</td><td class=\"govuk-table__cell\">",
                    view_person_name(people, pref),
                    meeting_role_label(json_string_value(json_object_get(m, "role"))));
        if (date_parse(json_string_value(json_object_get(m, "appointed_on")), &d))
            view_date(b, d);
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        if (want_past && date_parse(json_string_value(json_object_get(m, "ended_on")), &d))
            view_date(b, d);
        else if (!want_past)
            html_printf(b, "%h", json_string_value(json_object_get(m, "appointed_by")));
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        leads(b, m);
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

void view_panel(struct buf *b, const struct view_site *site, json_t *panel, json_t *people,
                const char *today)
{
    view_page_begin(b, site, "The improvement panel");
    html_printf(b,
                "<h1 class=\"govuk-heading-xl\">The improvement panel</h1>\n"
                "<p class=\"govuk-body-l\"><a class=\"govuk-link\" href=\"/meetings\">The "
                "panel's meetings</a>: agendas, papers, minutes and residents' questions.</p>\n");
    const char *remit = json_string_value(json_object_get(panel, "remit"));
    if (remit && *remit) {
        html_printf(b, "<h2 class=\"govuk-heading-m\">What the panel is for</h2>\n"
                       "<div class=\"govuk-body\">");
        markdown_html(b, remit);
        html_printf(b, "</div>\n");
    }
    members(b, panel, people, today, false);
    members(b, panel, people, today, true);
    html_printf(b, "<h2 class=\"govuk-heading-m\">Meetings and data</h2>\n"
                   "<ul class=\"govuk-list\">"
                   "<li><a class=\"govuk-link\" href=\"/meetings\">The panel's meetings, agendas "
                   "and minutes</a></li>"
                   "<li><a class=\"govuk-link\" href=\"/meetings.ics\">The public meetings as a "
                   "calendar (iCalendar)</a></li>"
                   "<li><a class=\"govuk-link\" href=\"/money\">What the panel costs, and who "
                   "pays</a></li>"
                   "<li><a class=\"govuk-link\" href=\"/api/v1/panel/popolo.json\">The panel as "
                   "Popolo JSON</a></li></ul>\n");
    view_page_end(b, site);
}

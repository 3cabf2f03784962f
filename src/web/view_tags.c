/* view_tags.c — how an action's status looks on every page: one word, one
 * GOV.UK tag colour.  (Rating levels are view_confidence's, in view_plan.c.) */
#include "lib/html.h"
#include "web/view.h"

/* The tag modifier of each status, by enum action_status. */
static const char *const status_tags[ST__MAX] = {
    [ST_NOT_STARTED] = "govuk-tag--grey", [ST_IN_PROGRESS] = "govuk-tag--blue",
    [ST_COMPLETE] = "govuk-tag--green",   [ST_BLOCKED] = "govuk-tag--red",
    [ST_RETIRED] = "govuk-tag--grey",
};

void view_status_tag(struct buf *b, int status)
{
    if (status < 0 || status >= ST__MAX) {
        html_printf(b, "<strong class=\"govuk-tag govuk-tag--grey\">Unknown</strong>");
        return;
    }
    html_printf(b, "<strong class=\"govuk-tag %h\">%h</strong>", status_tags[status],
                view_status_label((enum action_status)status));
}

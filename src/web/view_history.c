/* view_history.c — who changed what about an action, and when: the
 * "History" section of the public action page (the public variant, folded
 * away) and the workspace's full history page.  Both render a history
 * loaded by model/history.c; every value is escaped. */
#include "lib/html.h"
#include "model/history.h"
#include "web/view.h"
#include <stdio.h>
#include <string.h>

#define LONG_VALUE 240 /* bytes past which a value is folded in a details element */

/* How people read a column's name: a few by hand, the rest from the name
 * ("forecast_finish" → "Forecast finish", "theme_id" → "Theme"). */
static void field_label(const char *col, char *out, size_t size)
{
    static const struct {
        const char *col, *label;
    } named[] = {
        {"owner_id", "Owner"},
        {"member_id", "Accountable member"},
        {"panel_lead_id", "Panel lead"},
        {"author_id", "Reported by"},
        {"account_id", "By"},
        {"proposed_by_id", "Proposed by"},
        {"decided_by_id", "Decided by"},
        {"depends_on_id", "Depends on"},
        {"recommendation_id", "Recommendation"},
        {"update_id", "Update"},
        {"closure_id", "Closure proposal"},
        {"document_id", "Document"},
        {"percent", "Percent complete"},
        {"url", "Address"},
        {"ref", "Reference"},
        {"at", "Time"},
        {"public", "Public"},
        {"state", "State"},
    };
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (strcmp(named[i].col, col) == 0) {
            snprintf(out, size, "%s", named[i].label);
            return;
        }
    size_t n = strlen(col);
    if (n > 3 && strcmp(col + n - 3, "_id") == 0)
        n -= 3;
    if (n >= size)
        n = size - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = col[i] == '_' ? ' ' : col[i];
    out[n] = '\0';
    if (out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 'a' + 'A');
}

/* Who made a change, for people: the account's name as the model gave it,
 * or what a command-line or system actor was. */
static void actor(struct buf *b, const char *who)
{
    if (strncmp(who, "cli:", 4) == 0)
        html_printf(b, "Command line (%h)", who + 4);
    else if (strcmp(who, "system") == 0 || strcmp(who, "web") == 0 || !who[0])
        html_printf(b, "dialturn");
    else
        html_printf(b, "%h", who);
}

/* One value: "none" when empty; a long one folded. */
static void value(struct buf *b, const char *v)
{
    if (!v[0]) {
        html_printf(b, "<span class=\"dialturn-unrated\">none</span>");
        return;
    }
    if (strlen(v) <= LONG_VALUE) {
        html_printf(b, "<span class=\"dialturn-pre-line\">%h</span>", v);
        return;
    }
    html_printf(b,
                "<details class=\"govuk-details dialturn-history-long\">"
                "<summary class=\"govuk-details__summary\">"
                "<span class=\"govuk-details__summary-text\">The text (%zu characters)</span>"
                "</summary><div class=\"govuk-details__text dialturn-pre-line\">%h</div>"
                "</details>",
                strlen(v), v);
}

/* What an entry did, as a short phrase. */
static const char *op_word(enum history_op op)
{
    switch (op) {
    case HISTORY_CREATED:
        return "added";
    case HISTORY_DELETED:
        return "removed";
    case HISTORY_ACCEPTED:
        return "accepted and signed off";
    default:
        return "changed";
    }
}

/* The changes of one entry as a list of "Field: old → new". */
static void changes(struct buf *b, const struct history_entry *e)
{
    if (e->op == HISTORY_DELETED) {
        html_printf(b, "Removed");
        return;
    }
    if (!e->nchanges) {
        html_printf(b, "No field changed");
        return;
    }
    html_printf(b, "<ul class=\"govuk-list dialturn-history-changes\">\n");
    for (size_t k = 0; k < e->nchanges; k++) {
        const struct history_change *c = &e->changes[k];
        char label[64];
        field_label(c->field, label, sizeof label);
        html_printf(b, "<li><span class=\"govuk-!-font-weight-bold\">%h</span>: ", label);
        if (c->old_value) {
            value(b, c->old_value);
            html_printf(b, " <span aria-hidden=\"true\">→</span>"
                           "<span class=\"govuk-visually-hidden\">changed to</span> ");
        }
        value(b, c->new_value ? c->new_value : "");
        html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n");
}

/* The table of entries, oldest first.  Without `updates_in_full` (the public
 * action page, which lists each signed-off update above), an update's row
 * links there instead of repeating its fields: the section stays small on
 * an action with years of updates. */
static void history_table(struct buf *b, const struct history *h, const char *caption,
                          bool updates_in_full)
{
    view_table_open(b, caption);
    html_printf(b,
                "<table class=\"govuk-table dialturn-history\">\n"
                "<caption class=\"govuk-visually-hidden\">%h</caption>\n"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">When</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Who</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">What</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">What changed</th>"
                "</tr></thead>\n<tbody class=\"govuk-table__body\">\n",
                caption);
    for (size_t i = 0; i < h->n; i++) {
        const struct history_entry *e = &h->entries[i];
        html_printf(b,
                    "<tr class=\"govuk-table__row\" id=\"entry-%ld\">"
                    "<td class=\"govuk-table__cell\">",
                    (long)e->seq);
        view_time(b, e->at);
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        actor(b, e->actor);
        html_printf(b,
                    "</td><td class=\"govuk-table__cell\">%h %h</td>"
                    "<td class=\"govuk-table__cell\">",
                    e->subject, op_word(e->op));
        if (!updates_in_full && strcmp(e->table, "progress_update") == 0)
            html_printf(b, "<a class=\"govuk-link\" href=\"#updates\">Shown with the progress "
                           "updates</a>");
        else
            changes(b, e);
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

void view_action_history(struct buf *b, const struct history *h)
{
    html_printf(b, "<h2 class=\"govuk-heading-l\" id=\"history\">History</h2>\n");
    if (!h->n) {
        html_printf(b, "<p class=\"govuk-body\">Nothing about this action has been recorded "
                       "yet.</p>\n");
        return;
    }
    html_printf(b,
                "<p class=\"govuk-body\">Every change to this action in the plan, to its public "
                "milestones, and each monthly update once it was accepted and the month signed "
                "off, from dialturn's tamper-evident record, oldest first.</p>\n"
                "<details class=\"govuk-details\">\n"
                "<summary class=\"govuk-details__summary\">"
                "<span class=\"govuk-details__summary-text\">Show the %zu recorded change%s"
                "</span></summary>\n<div class=\"govuk-details__text\">\n",
                h->n, h->n == 1 ? "" : "s");
    history_table(b, h, "Changes to the action, oldest first", false);
    html_printf(b, "</div>\n</details>\n");
}

void view_history(struct buf *b, const struct view_site *site, const struct history *h)
{
    struct buf title = BUF_INIT;
    buf_printf(&title, "History of %s: %s", h->ref, h->title);
    view_page_begin(b, site, buf_str(&title));
    buf_free(&title);
    html_printf(b,
                "<nav class=\"govuk-breadcrumbs\" aria-label=\"Breadcrumb\">\n"
                "<ol class=\"govuk-breadcrumbs__list\">\n"
                "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" "
                "href=\"/work\">Workspace</a></li>\n"
                "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" "
                "href=\"/actions/%U\">Action %h</a></li>\n"
                "</ol>\n</nav>\n"
                "<span class=\"govuk-caption-l\">Action %h</span>\n"
                "<h1 class=\"govuk-heading-l\">History: %h</h1>\n"
                "<p class=\"govuk-body\">Every change recorded about this action — its plan, its "
                "monthly updates from draft to decision, the programme office's reviews, evidence, "
                "milestones, closure proposals, the recommendations it answers and the actions it "
                "depends on — with each field's value before and after, oldest first. Drafts, "
                "reviews and anything of a month not yet signed off are not public.</p>\n",
                h->ref, h->ref, h->ref, h->title);
    if (!h->n)
        html_printf(b, "<p class=\"govuk-body\">Nothing has been recorded yet.</p>\n");
    else
        history_table(b, h, "Every recorded change, oldest first", true);
    view_page_end(b, site);
}

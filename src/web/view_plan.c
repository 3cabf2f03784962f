/* view_plan.c — the improvement plan page. */
#include "lib/html.h"
#include "web/view.h"
#include <string.h>

/* A stored code and how a page shows it.  The labels and classes are literals
 * from this file, so they may go through %s; the codes come from the database
 * and never do. */
struct label {
    const char *code;  /* as stored */
    const char *text;  /* shown */
    const char *class; /* CSS modifier for tags, or NULL */
};

/* Rating levels of both built-in scales, best first within each (DESIGN.md:
 * confidence3 = High, Medium, Low; dca5 = the delivery confidence assessment).
 * Colour comes from the class; the text is always there, so colour is never
 * the only cue. */
static const struct label levels_confidence3[] = {
    {"high", "High", "tag--high"},
    {"medium", "Medium", "tag--medium"},
    {"low", "Low", "tag--low"},
};
static const struct label levels_dca5[] = {
    {"green", "Green", "tag--green"},
    {"amber_green", "Amber/Green", "tag--amber-green"},
    {"amber", "Amber", "tag--amber"},
    {"amber_red", "Amber/Red", "tag--amber-red"},
    {"red", "Red", "tag--red"},
};

static const struct label statuses[] = {
    {"not_started", "Not started", NULL}, {"in_progress", "In progress", NULL},
    {"complete", "Complete", NULL},       {"blocked", "Blocked", NULL},
    {"retired", "Retired", NULL},
};

/* Finds `code` in a table of n labels; NULL when it is not there. */
static const struct label *label_find(const struct label *t, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(t[i].code, code) == 0)
            return &t[i];
    return NULL;
}

/* Renders an action's current confidence as a coloured tag with its month, or
 * "Not yet rated".  A level outside the organisation's scale (which import
 * refuses, so only a damaged file has one) shows as its code, escaped. */
static void render_confidence(struct buf *b, const char *scale, const struct overview_action *a)
{
    const struct label *l = NULL;
    if (!a->confidence) {
        html_printf(b, "<span class=\"unrated\">Not yet rated</span>");
        return;
    }
    if (scale && strcmp(scale, "dca5") == 0)
        l = label_find(levels_dca5, sizeof levels_dca5 / sizeof *levels_dca5, a->confidence);
    else
        l = label_find(levels_confidence3,
                       sizeof levels_confidence3 / sizeof *levels_confidence3, a->confidence);
    if (l)
        html_printf(b, "<strong class=\"tag %s\">%s</strong>", l->class, l->text);
    else
        html_printf(b, "<strong class=\"tag\">%h</strong>", a->confidence);
    if (a->confidence_month) {
        html_printf(b, "<span class=\"rating-month\">");
        view_month(b, a->confidence_month);
        html_printf(b, "</span>");
    }
}

/* One row of a theme's table. */
static void render_action(struct buf *b, const char *scale, const struct overview_action *a)
{
    const struct label *st =
        label_find(statuses, sizeof statuses / sizeof *statuses, a->status);

    html_printf(b, "<tr>\n<td class=\"ref\">%h</td>\n<td>%h</td>\n<td>", a->ref, a->title);
    if (a->owner_name[0] && a->owner_role[0])
        html_printf(b, "%h <span class=\"role\">(%h)</span>", a->owner_name, a->owner_role);
    else if (a->owner_name[0])
        html_printf(b, "%h", a->owner_name);
    else
        html_printf(b, "Not assigned");
    html_printf(b, "</td>\n<td class=\"date\">");
    view_date(b, a->finish);
    if (st)
        html_printf(b, "</td>\n<td>%s</td>\n<td>", st->text);
    else
        html_printf(b, "</td>\n<td>%h</td>\n<td>", a->status);
    render_confidence(b, scale, a);
    html_printf(b, "</td>\n</tr>\n");
}

/* One theme: heading, lead, and the table of its actions. */
static void render_theme(struct buf *b, const char *scale, const struct overview_theme *t)
{
    html_printf(b,
                "<section class=\"theme\" aria-labelledby=\"theme-%u\">\n"
                "<h2 id=\"theme-%u\"><span class=\"ref\">%h</span> %h</h2>\n",
                t->ref, t->ref, t->ref, t->title);
    if (t->lead_name[0])
        html_printf(b, "<p class=\"lead\">Lead: %h</p>\n", t->lead_name);
    if (t->nactions == 0) {
        html_printf(b, "<p>No actions in this theme yet.</p>\n</section>\n");
        return;
    }
    html_printf(b,
                "<table class=\"table\">\n"
                "<caption class=\"visually-hidden\">Actions in %h %h</caption>\n"
                "<thead>\n<tr>"
                "<th scope=\"col\">Ref</th>"
                "<th scope=\"col\">Action</th>"
                "<th scope=\"col\">Owner</th>"
                "<th scope=\"col\">Due</th>"
                "<th scope=\"col\">Status</th>"
                "<th scope=\"col\">Confidence</th>"
                "</tr>\n</thead>\n<tbody>\n",
                t->ref, t->title);
    for (size_t i = 0; i < t->nactions; i++)
        render_action(b, scale, &t->actions[i]);
    html_printf(b, "</tbody>\n</table>\n</section>\n");
}

void view_plan(struct buf *b, const struct overview *ov)
{
    view_page_begin(b, ov->org_name, "Improvement plan");
    html_printf(b, "<h1>Improvement plan</h1>\n");
    if (ov->nactions == 0) {
        html_printf(b, "<div class=\"empty\">\n"
                       "<p>No actions in the plan yet. "
                       "Import a plan with <code>dialturn import</code>.</p>\n"
                       "</div>\n");
        view_page_end(b, ov->org_name);
        return;
    }
    html_printf(b,
                "<p class=\"lede\">%zu %s in %zu %s. Confidence is the organisation's "
                "own rating of each action in its latest signed-off monthly report.</p>\n",
                ov->nactions, ov->nactions == 1 ? "action" : "actions", ov->nthemes,
                ov->nthemes == 1 ? "theme" : "themes");
    for (size_t i = 0; i < ov->nthemes; i++)
        render_theme(b, ov->rating_scale, &ov->themes[i]);
    view_page_end(b, ov->org_name);
}

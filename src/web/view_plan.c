/* view_plan.c — the improvement plan page. */
#include "lib/html.h"
#include "model/scale.h"
#include "web/view.h"
#include <string.h>

/* A stored code and how a page shows it.  The texts are literals from this
 * file; they still go through %h (which leaves them unchanged) so that %s
 * stays for markup alone.  The codes come from the database. */
struct label {
    const char *code; /* as stored */
    const char *text; /* shown */
};

/* The CSS modifier for each rating level of both built-in scales.  The level's
 * name (High, Amber/Green) comes from model/scale.h; its colour comes from the
 * stylesheet through this class; the name is always shown, so colour is never
 * the only cue. */
static const struct label level_classes[] = {
    {"high", "tag--high"},
    {"medium", "tag--medium"},
    {"low", "tag--low"},
    {"green", "tag--green"},
    {"amber_green", "tag--amber-green"},
    {"amber", "tag--amber"},
    {"amber_red", "tag--amber-red"},
    {"red", "tag--red"},
};

/* Action statuses as people read them. */
static const struct label statuses[] = {
    {"not_started", "Not started"}, {"in_progress", "In progress"}, {"complete", "Complete"},
    {"blocked", "Blocked"},         {"retired", "Retired"},
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
static void render_confidence(struct buf *b, const char *scale_name,
                              const struct overview_action *a)
{
    const struct scale *s = scale_find(scale_name);
    int i = s && a->confidence ? scale_level(s, a->confidence) : -1;

    if (!a->confidence) {
        html_printf(b, "<span class=\"unrated\">Not yet rated</span>");
        return;
    }
    if (i >= 0) {
        const struct scale_level *lv = &s->levels[i];
        const struct label *c =
            label_find(level_classes, sizeof level_classes / sizeof *level_classes, lv->key);
        html_printf(b, "<strong class=\"tag %h\">%h</strong>", c ? c->text : "", lv->label);
    } else {
        html_printf(b, "<strong class=\"tag\">%h</strong>", a->confidence);
    }
    if (a->confidence_month) {
        html_printf(b, "<span class=\"rating-month\">");
        view_month(b, a->confidence_month);
        html_printf(b, "</span>");
    }
}

/* One row of a theme's table. */
static void render_action(struct buf *b, const char *scale, const struct overview_action *a)
{
    const struct label *st = label_find(statuses, sizeof statuses / sizeof *statuses, a->status);

    html_printf(b, "<tr>\n<td class=\"ref\">%h</td>\n<td>%h</td>\n<td>", a->ref, a->title);
    if (a->owner_name[0] && a->owner_role[0])
        html_printf(b, "%h <span class=\"role\">(%h)</span>", a->owner_name, a->owner_role);
    else if (a->owner_name[0])
        html_printf(b, "%h", a->owner_name);
    else
        html_printf(b, "Not assigned");
    html_printf(b, "</td>\n<td class=\"date\">");
    view_date(b, a->finish);
    html_printf(b, "</td>\n<td>%h</td>\n<td>", st ? st->text : a->status);
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

void view_plan(struct buf *b, const struct view_site *site, const struct overview *ov)
{
    view_page_begin(b, site, "Improvement plan");
    html_printf(b, "<h1>Improvement plan</h1>\n");
    if (ov->nactions == 0) {
        html_printf(b, "<div class=\"empty\">\n"
                       "<p>No actions in the plan yet. "
                       "Import a plan with <code>dialturn import</code>.</p>\n"
                       "</div>\n");
        view_page_end(b, site);
        return;
    }
    html_printf(b,
                "<p class=\"lede\">%zu %s in %zu %s. Confidence is the organisation's "
                "own rating of each action in its latest signed-off monthly report.</p>\n",
                ov->nactions, ov->nactions == 1 ? "action" : "actions", ov->nthemes,
                ov->nthemes == 1 ? "theme" : "themes");
    for (size_t i = 0; i < ov->nthemes; i++)
        render_theme(b, ov->rating_scale, &ov->themes[i]);
    view_page_end(b, site);
}

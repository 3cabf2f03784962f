/* view_assurance.c — the panel's ratings beside the council's
 * self-assessment for one month: the differences first, then every theme
 * (and each action a member rated), and the form for panel members.  The
 * page is the workspace's: assurance is the panel's deliberation and is
 * never published. */
#include "lib/html.h"
#include "model/assurance.h"
#include "web/view.h"
#include <stdio.h>
#include <string.h>

/* The message for field `id`, or NULL. */
static const char *error_for(const struct view_assurance *v, const char *id)
{
    for (size_t i = 0; i < v->nerrors; i++)
        if (strcmp(v->errors[i].field, id) == 0)
            return v->errors[i].message;
    return NULL;
}

/* The error message paragraph of field `id`, when it has one. */
static void field_error(struct buf *b, const char *id, const char *error)
{
    if (error)
        html_printf(b,
                    "<p id=\"%h-error\" class=\"govuk-error-message\">"
                    "<span class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                    id, error);
}

/* The council's level, or that there is none. */
static void council_level(struct buf *b, const struct scale *s, int level)
{
    if (level < 0)
        html_printf(b, "<span class=\"dialturn-unrated\">No self-assessment</span>");
    else
        view_confidence(b, s, level, -1);
}

/* A theme's self-assessment: how many of its actions hold each level. */
static void theme_levels(struct buf *b, const struct scale *s, const struct assurance_item *it)
{
    bool first = true;
    for (int l = 0; l < s->nlevels && l < ASSURANCE_LEVELS; l++) {
        if (!it->by_level[l])
            continue;
        html_printf(b, "%h", first ? "" : " ");
        view_confidence(b, s, l, -1);
        html_printf(b, " %zu", it->by_level[l]);
        first = false;
    }
}

/* What an item is: "Theme T1: Governance" or "Action A1: First (theme T1)". */
static void item_name(struct buf *b, const struct assurance_item *it)
{
    if (it->is_action)
        html_printf(b, "Action <a class=\"govuk-link\" href=\"/actions/%U\">%h</a>: %h", it->ref,
                    it->ref, it->title);
    else
        html_printf(b, "Theme %h: %h", it->ref, it->title);
}

/* Each member's rating of an item, with their comment. */
static void ratings(struct buf *b, const struct scale *s, const struct assurance_item *it,
                    bool only_differing)
{
    if (!it->nratings) {
        html_printf(b, "<span class=\"dialturn-unrated\">Not rated by the panel</span>");
        return;
    }
    html_printf(b, "<ul class=\"govuk-list\">\n");
    for (size_t k = 0; k < it->nratings; k++) {
        const struct assurance_rating *r = &it->ratings[k];
        if (only_differing && !r->differs)
            continue;
        html_printf(b, "<li>%h: ", r->member);
        if (r->level >= 0)
            view_confidence(b, s, r->level, -1);
        else
            html_printf(b, "%h", r->level_key);
        if (r->comment[0])
            html_printf(b, "<br><span class=\"dialturn-pre-line\">%h</span>", r->comment);
        html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n");
}

static void differences(struct buf *b, const struct assurance_period *p)
{
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"differences\">Where the panel differs "
                   "from the council</h2>\n");
    if (!p->ndifferences) {
        html_printf(b, "<p class=\"govuk-body\">No panel member's rating differs from the "
                       "council's self-assessment this month.</p>\n");
        return;
    }
    html_printf(b, "<dl class=\"govuk-summary-list\">\n");
    for (size_t i = 0; i < p->ndifferences; i++) {
        const struct assurance_item *it = &p->items[p->differences[i]];
        html_printf(b, "<div class=\"govuk-summary-list__row\">\n"
                       "<dt class=\"govuk-summary-list__key\">");
        item_name(b, it);
        html_printf(b, "<br>Council: ");
        if (!it->is_action && it->nassessed)
            theme_levels(b, p->scale, it);
        else
            council_level(b, p->scale, it->council);
        html_printf(b, "</dt>\n<dd class=\"govuk-summary-list__value\">");
        ratings(b, p->scale, it, true);
        html_printf(b, "</dd>\n</div>\n");
    }
    html_printf(b, "</dl>\n");
}

static void comparison(struct buf *b, const struct assurance_period *p)
{
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"themes\">Every theme</h2>\n");
    if (!p->nitems) {
        html_printf(b, "<p class=\"govuk-body\">The plan has no themes yet.</p>\n");
        return;
    }
    view_table_open(b, "Assurance by theme");
    html_printf(b, "<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-visually-hidden\">The council's self-assessment and "
                   "the panel's ratings, by theme, each followed by the actions the panel rated"
                   "</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Theme or action</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Council's "
                   "self-assessment</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Panel members' ratings</th>"
                   "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < p->nitems; i++) {
        const struct assurance_item *it = &p->items[i];
        html_printf(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                       "class=\"govuk-table__header\">");
        item_name(b, it);
        if (it->differs)
            html_printf(b, " <strong class=\"govuk-tag govuk-tag--orange\">Differs</strong>");
        html_printf(b, "</th><td class=\"govuk-table__cell\">");
        if (it->is_action || it->nassessed == 0) {
            council_level(b, p->scale, it->council);
        } else {
            theme_levels(b, p->scale, it);
            html_printf(b, "<br><span class=\"govuk-body-s\">%zu rated action%s; the lowest is ",
                        it->nassessed, it->nassessed == 1 ? "" : "s");
            council_level(b, p->scale, it->council);
            html_printf(b, "</span>");
        }
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        ratings(b, p->scale, it, false);
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

/* The month chooser: a GET form. */
static void chooser(struct buf *b, const struct view_assurance *v)
{
    html_printf(b, "<form method=\"get\" action=\"/work/assurance\" class=\"dialturn-filters\">\n"
                   "<div class=\"govuk-form-group\">\n"
                   "<label class=\"govuk-label\" for=\"period\">Reporting month</label>\n"
                   "<select class=\"govuk-select\" id=\"period\" name=\"period\">\n");
    for (size_t i = 0; i < v->nmonths; i++) {
        html_printf(b, "<option value=\"%h\"%s>", v->months[i],
                    strcmp(v->months[i], v->p->month) == 0 ? " selected" : "");
        view_month(b, v->months[i]);
        html_printf(b, "</option>\n");
    }
    html_printf(b, "</select>\n</div>\n"
                   "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                   "data-module=\"govuk-button\">Show</button>\n"
                   "</form>\n");
}

static void rating_form(struct buf *b, const struct view_site *site, const struct view_assurance *v)
{
    const struct assurance_period *p = v->p;
    const char *e_theme = error_for(v, "theme"), *e_action = error_for(v, "action"),
               *e_level = error_for(v, "level"), *e_comment = error_for(v, "comment");
    html_printf(b,
                "<h2 class=\"govuk-heading-m\" id=\"record\">Record your rating</h2>\n"
                "<p class=\"govuk-body\">Your own rating for the month, of a theme or of one "
                "action. Rating the same theme or action again replaces your earlier rating "
                "(the record keeps both).</p>\n"
                "<form method=\"post\" action=\"/work/assurance\" novalidate>\n"
                "<input type=\"hidden\" name=\"period\" value=\"%h\">\n",
                p->month);
    view_csrf_field(b, site);

    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label\" for=\"theme\">Theme</label>\n"
                "<div id=\"theme-hint\" class=\"govuk-hint\">Leave this as it is to rate one "
                "action instead.</div>\n",
                e_theme ? " govuk-form-group--error" : "");
    field_error(b, "theme", e_theme);
    html_printf(b,
                "<select class=\"govuk-select%s\" id=\"theme\" name=\"theme\" "
                "aria-describedby=\"theme-hint%s\">\n"
                "<option value=\"\">Choose a theme</option>\n",
                e_theme ? " govuk-select--error" : "", e_theme ? " theme-error" : "");
    for (size_t i = 0; i < p->nitems; i++) {
        const struct assurance_item *it = &p->items[i];
        if (it->is_action)
            continue;
        html_printf(b, "<option value=\"%h\"", it->ref);
        if (strcmp(v->theme, it->ref) == 0)
            html_printf(b, " selected");
        html_printf(b, ">%h %h</option>\n", it->ref, it->title);
    }
    html_printf(b, "</select>\n</div>\n");

    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label\" for=\"action\">Or an action's reference</label>\n"
                "<div id=\"action-hint\" class=\"govuk-hint\">For example, A12. Leave it empty "
                "when rating a theme.</div>\n",
                e_action ? " govuk-form-group--error" : "");
    field_error(b, "action", e_action);
    html_printf(b,
                "<input class=\"govuk-input govuk-input--width-10%s\" id=\"action\" "
                "name=\"action\" type=\"text\" value=\"%h\" spellcheck=\"false\" "
                "aria-describedby=\"action-hint%s\">\n</div>\n",
                e_action ? " govuk-input--error" : "", v->action, e_action ? " action-error" : "");

    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<fieldset class=\"govuk-fieldset\"%s>\n"
                "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">"
                "Your rating</legend>\n",
                e_level ? " govuk-form-group--error" : "",
                e_level ? " aria-describedby=\"level-error\"" : "");
    field_error(b, "level", e_level);
    html_printf(b, "<div class=\"govuk-radios govuk-radios--small\" data-module=\"govuk-radios\">"
                   "\n");
    for (int l = 0; p->scale && l < p->scale->nlevels; l++) {
        const struct scale_level *lv = &p->scale->levels[l];
        char id[48];
        if (l == 0) /* the first radio takes the field's id: the error summary links to it */
            snprintf(id, sizeof id, "level");
        else
            snprintf(id, sizeof id, "level-%s", lv->key);
        html_printf(b,
                    "<div class=\"govuk-radios__item\">\n"
                    "<input class=\"govuk-radios__input\" id=\"%h\" name=\"level\" type=\"radio\" "
                    "value=\"%h\"%s>\n"
                    "<label class=\"govuk-label govuk-radios__label\" for=\"%h\">%h</label>\n"
                    "</div>\n",
                    id, lv->key, strcmp(v->level, lv->key) == 0 ? " checked" : "", id, lv->label);
    }
    html_printf(b, "</div>\n</fieldset>\n</div>\n");

    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label\" for=\"comment\">Comment</label>\n"
                "<div id=\"comment-hint\" class=\"govuk-hint\">Required when your rating differs "
                "from the council's self-assessment: say why. 4,000 characters at most.</div>\n",
                e_comment ? " govuk-form-group--error" : "");
    field_error(b, "comment", e_comment);
    html_printf(b,
                "<textarea class=\"govuk-textarea%s\" id=\"comment\" name=\"comment\" rows=\"5\" "
                "aria-describedby=\"comment-hint%s\">%h</textarea>\n</div>\n"
                "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Record rating</button>\n"
                "</form>\n",
                e_comment ? " govuk-textarea--error" : "", e_comment ? " comment-error" : "",
                v->comment);
}

void view_assurance(struct buf *b, const struct view_site *site, const struct view_assurance *v)
{
    const struct assurance_period *p = v->p;
    struct buf title = BUF_INIT;
    buf_printf(&title, "%sAssurance", v->nerrors ? "Error: " : "");
    view_page_begin(b, site, buf_str(&title));
    buf_free(&title);
    view_errors_summary(b, v->errors, v->nerrors);
    view_done_banner(b, v->done);
    html_printf(b, "<span class=\"govuk-caption-l\">");
    view_month(b, p->month);
    html_printf(b, "</span>\n<h1 class=\"govuk-heading-l\">Assurance</h1>\n");
    html_printf(b,
                "<p class=\"govuk-body\">Each panel member's own rating beside the council's "
                "self-assessment. The council's self-assessment of an action is the confidence of "
                "its accepted update for the month; of a theme, how many of its actions' accepted "
                "updates hold each level. A rating that differs from an action's level, or from a "
                "theme's lowest, needs a reason. The ratings and reasons are published beside the "
                "council's once the next monthly report is signed off.</p>\n");
    if (strcmp(p->status, "signed_off") == 0)
        html_printf(b, "<p class=\"govuk-body\">This month is signed off.</p>\n");
    else
        html_printf(b,
                    "<p class=\"govuk-body\">This month is %s: the council's "
                    "self-assessment may still change as updates are accepted.</p>\n",
                    strcmp(p->status, "open") == 0 ? "open for updates" : "closed for updates");
    chooser(b, v);
    differences(b, p);
    comparison(b, p);
    if (v->can_assure)
        rating_form(b, site, v);
    view_page_end(b, site);
}

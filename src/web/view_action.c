/* view_action.c — one action's public page: what it is, who answers for it,
 * when it will finish, what it answers and depends on, its milestones, and
 * the record of its signed-off monthly updates with the rating chart. */
#include "lib/html.h"
#include "lib/markdown.h"
#include "model/pub_action.h"
#include "web/engagement.h"
#include "web/view.h"
#include <stdlib.h>

/* Opens a summary list row with its key. */
static void row_begin(struct buf *b, const char *key)
{
    html_printf(b,
                "<div class=\"govuk-summary-list__row\">"
                "<dt class=\"govuk-summary-list__key\">%h</dt>"
                "<dd class=\"govuk-summary-list__value\">",
                key);
}

/* Closes a summary list row. */
static void row_end(struct buf *b)
{
    html_printf(b, "</dd></div>\n");
}

/* A summary row holding a date. */
static void row_date(struct buf *b, const char *key, day_t d)
{
    row_begin(b, key);
    view_date(b, d);
    row_end(b);
}

/* A summary row naming a person, or `none`. */
static void row_person(struct buf *b, const char *key, const struct pub_action_person *p,
                       const char *none)
{
    row_begin(b, key);
    if (!p->ref)
        html_printf(b, "%h", none);
    else
        view_person(b, p->name, p->role);
    row_end(b);
}

/* A summary row listing actions of the overview (indices; a negative one is
 * skipped): each linked by ref, with its title and forecast finish; `none`
 * when there is none. */
static void row_actions(struct buf *b, const struct view_site *site, const struct overview *ov,
                        const char *key, const long *ix, size_t n, const char *none)
{
    row_begin(b, key);
    if (n == 0)
        html_printf(b, "%h", none);
    else
        html_printf(b, "<ul class=\"govuk-list\">");
    for (size_t k = 0; k < n; k++) {
        if (ix[k] < 0)
            continue;
        const struct overview_action *y = &ov->actions[ix[k]];
        html_printf(b, "<li><a class=\"govuk-link\" href=\"/actions/%U", y->ref);
        view_as_at(b, site, '?');
        html_printf(b, "\">%h</a> %h, forecast to finish ", y->ref, y->title);
        view_date(b, ov->state[ix[k]].forecast);
        html_printf(b, "</li>");
    }
    if (n)
        html_printf(b, "</ul>");
    row_end(b);
}

/* Plain text with its line breaks kept, or `none` when empty. */
static void render_text(struct buf *b, const char *text, const char *none)
{
    if (!text || !text[0]) {
        html_printf(b, "%h", none);
        return;
    }
    html_printf(b, "<span class=\"dialturn-pre-line\">%h</span>", text);
}

/* The forecast finish and how it stands against the baseline. */
static void row_forecast(struct buf *b, const struct overview *ov, size_t i)
{
    int slip;
    row_begin(b, "Forecast finish");
    view_date(b, ov->state[i].forecast);
    if (overview_slip(ov, i, &slip)) {
        if (slip > 0)
            html_printf(b,
                        " <strong class=\"dialturn-slip dialturn-slip--late\">%d %s late "
                        "against the baseline</strong>",
                        slip, slip == 1 ? "day" : "days");
        else if (slip < 0)
            html_printf(b,
                        " <span class=\"dialturn-slip\">%d %s early against the baseline"
                        "</span>",
                        -slip, slip == -1 ? "day" : "days");
        else
            html_printf(b, " <span class=\"dialturn-slip\">on the baseline</span>");
    }
    row_end(b);
}

/* The facts: a summary list. */
static void render_facts(struct buf *b, const struct view_site *site, const struct overview *ov,
                         const struct pub_action_detail *a, day_t on)
{
    const struct overview_action *x = &ov->actions[a->index];
    const struct overview_theme *t = &ov->themes[x->theme];
    html_printf(b, "<dl class=\"govuk-summary-list\">\n");
    row_begin(b, "Status");
    html_printf(b, "%h", view_status_label(ov->state[a->index].status));
    if (ov->state[a->index].completed_on != DAY_NONE) {
        html_printf(b, " on ");
        view_date(b, ov->state[a->index].completed_on);
    }
    if (overview_overdue(ov, a->index, on))
        html_printf(b, " <strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>");
    row_end(b);
    row_begin(b, "Current confidence");
    view_confidence(b, ov->scale, ov->state[a->index].level, ov->state[a->index].month);
    row_end(b);
    row_begin(b, "Theme");
    html_printf(b, "<a class=\"govuk-link\" href=\"/themes/%U", t->ref);
    view_as_at(b, site, '?');
    html_printf(b, "\">%h %h</a>", t->ref, t->title);
    row_end(b);
    row_begin(b, "Owner");
    if (x->owner < 0) {
        html_printf(b, "Not assigned");
    } else {
        view_person(b, ov->people[x->owner].name, ov->people[x->owner].role);
    }
    row_end(b);
    row_person(b, "Accountable member", &a->member, "None named");
    row_person(b, "Panel lead", &a->panel_lead, "None named");
    row_date(b, "Planned start", x->start);
    row_date(b, "Planned finish", x->finish);
    row_date(b, "Baseline finish", x->baseline_finish);
    row_forecast(b, ov, a->index);
    row_begin(b, "Closure criteria");
    render_text(b, a->closure_criteria, "None recorded");
    row_end(b);
    row_begin(b, "Answers recommendations");
    if (a->nanswers == 0)
        html_printf(b, "None");
    for (size_t i = 0; i < a->nanswers; i++) {
        html_printf(b, "%s<a class=\"govuk-link\" href=\"/recommendations", i ? ", " : "");
        view_as_at(b, site, '?');
        html_printf(b, "#%U\">%h</a>", a->answers[i], a->answers[i]);
    }
    row_end(b);
    long *ix = xmalloc((x->npred + a->nneeded_by + 1) * sizeof *ix);
    for (size_t i = 0; i < x->npred; i++)
        ix[i] = (long)x->pred[i];
    row_actions(b, site, ov, "Depends on", ix, x->npred, "No other action");
    for (size_t i = 0; i < a->nneeded_by; i++)
        ix[i] = overview_find_action(ov, a->needed_by[i]);
    row_actions(b, site, ov, "Needed by", ix, a->nneeded_by, "No other action");
    free(ix);
    row_begin(b, "If it slips");
    /* a list, not lines: each link a touch target of its own at 375 px */
    html_printf(b, "<ul class=\"govuk-list\">");
    if (site->live) { /* a form of the live site: published copies have none */
        html_printf(b, "<li><a class=\"govuk-link\" href=\"/actions/%U/impact", x->ref);
        view_as_at(b, site, '?');
        html_printf(b, "\">What moves if this action finishes later</a></li>");
    }
    html_printf(b, "<li><a class=\"govuk-link\" href=\"/critical-path");
    view_as_at(b, site, '?');
    html_printf(b, "\">The critical path of the plan</a></li></ul>");
    row_end(b);
    row_begin(b, "Follow");
    html_printf(b,
                "<a class=\"govuk-link\" href=\"/actions/%U/feed.atom\">Atom feed of this "
                "action's published updates</a>",
                x->ref);
    if (site->live) /* a form of the live site: published copies have none */
        html_printf(b,
                    "<br><a class=\"govuk-link\" href=\"/follow?topic=action:%U\">Follow this "
                    "action by e-mail</a>",
                    x->ref);
    row_end(b);
    html_printf(b, "</dl>\n");
}

/* The public milestones of the action. */
static void render_milestones(struct buf *b, const struct pub_action_detail *a)
{
    html_printf(b, "<h2 class=\"govuk-heading-l\" id=\"milestones\">Milestones</h2>\n");
    if (a->nmilestones == 0) {
        html_printf(b, "<p class=\"govuk-body\">This action has no public milestones.</p>\n");
        return;
    }
    html_printf(b, "<div class=\"dialturn-table-container\" role=\"region\" tabindex=\"0\" "
                   "aria-label=\"Milestones of this action\">\n"
                   "<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-table__caption govuk-visually-hidden\">Milestones of "
                   "this action</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Milestone</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Due</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Baseline</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Forecast</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Achieved</th>"
                   "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < a->nmilestones; i++) {
        const struct pub_action_milestone *m = &a->milestones[i];
        html_printf(b,
                    "<tr class=\"govuk-table__row\" id=\"%U\"><th scope=\"row\" "
                    "class=\"govuk-table__header\">%h %h</th><td class=\"govuk-table__cell\">",
                    m->ref, m->ref, m->title);
        view_date(b, m->due);
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        view_date(b, m->baseline_due);
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        view_date(b, m->forecast);
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        if (m->achieved_on == DAY_NONE)
            html_printf(b, "Not yet");
        else
            view_date(b, m->achieved_on);
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n</div>\n");
}

/* The rating chart and its table, from the rated updates. */
static void render_chart(struct buf *b, const struct overview *ov,
                         const struct pub_action_detail *a)
{
    const struct overview_action *x = &ov->actions[a->index];
    struct view_rating_point *p = xmalloc((a->nhistory + 1) * sizeof *p);
    size_t n = 0;
    for (size_t i = 0; i < a->nhistory; i++)
        if (a->history[i].level >= 0 && a->history[i].level < ov->scale->nlevels)
            p[n++] = (struct view_rating_point){a->history[i].month, a->history[i].level};
    html_printf(b, "<h2 class=\"govuk-heading-l\" id=\"rating-history\">Confidence over time"
                   "</h2>\n");
    if (n == 0) {
        html_printf(b, "<p class=\"govuk-body\">No rating has been published for this action "
                       "yet.</p>\n");
    } else {
        struct buf subject = BUF_INIT;
        buf_printf(&subject, "Confidence in action %s by month", x->ref);
        view_chart_rating(b, ov->scale, p, n, buf_str(&subject));
        buf_free(&subject);
    }
    free(p);
}

/* The evidence given with update u of month m ("2015-09"): its links and
 * public documents, as a list under a heading of its own. */
static void render_evidence(struct buf *b, const struct pub_action_update *u, const char *m)
{
    if (u->nevidence == 0)
        return;
    html_printf(b,
                "<h4 class=\"govuk-heading-s\" id=\"evidence-%h\">Evidence</h4>\n"
                "<ul class=\"govuk-list govuk-list--bullet dialturn-evidence\" "
                "aria-labelledby=\"evidence-%h\">\n",
                m, m);
    for (size_t i = 0; i < u->nevidence; i++) {
        const struct pub_action_evidence *e = &u->evidence[i];
        if (e->url)
            html_printf(b,
                        "<li><a class=\"govuk-link\" href=\"%h\" rel=\"noopener "
                        "noreferrer\">%h</a></li>\n",
                        e->url, e->label);
        else
            html_printf(b,
                        "<li><a class=\"govuk-link\" href=\"/documents/%ld\">%h</a> "
                        "(document)</li>\n",
                        (long)e->document_id, e->label);
    }
    html_printf(b, "</ul>\n");
}

/* Every public update, newest first. */
static void render_history(struct buf *b, const struct overview *ov,
                           const struct pub_action_detail *a)
{
    html_printf(b, "<h2 class=\"govuk-heading-l\" id=\"updates\">Progress updates</h2>\n");
    if (a->nhistory == 0) {
        html_printf(b, "<p class=\"govuk-body\">No monthly update on this action has been "
                       "signed off yet.</p>\n");
        return;
    }
    html_printf(b, "<p class=\"govuk-body\">Each month's update as accepted and signed off in "
                   "the monthly report, newest first.</p>\n");
    for (size_t k = a->nhistory; k > 0; k--) {
        const struct pub_action_update *u = &a->history[k - 1];
        char m[MONTH_LEN];
        month_format(u->month, m);
        int st = action_status_parse(u->status);
        html_printf(b,
                    "<section class=\"dialturn-update\" aria-labelledby=\"update-%h\">\n"
                    "<h3 class=\"govuk-heading-m\" id=\"update-%h\">",
                    m, m);
        view_month(b, m);
        html_printf(b, "</h3>\n<dl class=\"govuk-summary-list govuk-summary-list--no-border\">\n");
        row_begin(b, "Status");
        html_printf(b, "%h", st >= 0 ? view_status_label((enum action_status)st) : u->status);
        row_end(b);
        row_begin(b, "Complete");
        html_printf(b, "%d%%", u->percent);
        row_end(b);
        row_begin(b, "Confidence");
        view_confidence(b, ov->scale, u->level, -1);
        row_end(b);
        row_date(b, "Forecast finish", u->forecast_finish);
        row_begin(b, "Reported by");
        if (!u->author.ref)
            html_printf(b, "Not recorded");
        else
            html_printf(b, "%h", u->author.role[0] ? u->author.role : u->author.name);
        row_end(b);
        html_printf(b, "</dl>\n<div class=\"govuk-body dialturn-narrative\">\n");
        markdown_html(b, u->narrative);
        html_printf(b, "</div>\n");
        render_evidence(b, u, m);
        for (size_t c = u->corr_first; c < u->corr_first + u->ncorr; c++) {
            struct buf note = BUF_INIT;
            correction_note(ov->scale, &a->corrections[c], &note);
            html_printf(b, "<div class=\"govuk-inset-text dialturn-correction\">%h</div>\n",
                        buf_str(&note));
            buf_free(&note);
        }
        html_printf(b, "</section>\n");
    }
}

void view_action(struct buf *b, const struct view_site *site, const struct overview *ov,
                 const struct pub_action_detail *a, day_t on, const struct history *record,
                 const struct pub_assurance_item *panel, const struct eng_data *engagement)
{
    const struct overview_action *x = &ov->actions[a->index];
    const struct overview_theme *t = &ov->themes[x->theme];
    struct buf title = BUF_INIT;
    buf_printf(&title, "%s: %s", x->ref, x->title);
    view_page_begin(b, site, buf_str(&title));
    buf_free(&title);
    html_printf(b,
                "<nav class=\"govuk-breadcrumbs\" aria-label=\"Breadcrumb\">\n"
                "<ol class=\"govuk-breadcrumbs__list\">\n"
                "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" "
                "href=\"/plan");
    view_as_at(b, site, '?');
    html_printf(b,
                "\">Improvement plan</a></li>\n"
                "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" "
                "href=\"/themes/%U",
                t->ref);
    view_as_at(b, site, '?');
    html_printf(b,
                "\">%h %h</a></li>\n</ol>\n</nav>\n"
                "<span class=\"govuk-caption-xl\">Action %h</span>\n"
                "<h1 class=\"govuk-heading-xl\">%h</h1>\n",
                t->ref, t->title, x->ref, x->title);
    if (a->description[0])
        html_printf(b, "<p class=\"govuk-body-l dialturn-pre-line\">%h</p>\n", a->description);
    render_facts(b, site, ov, a, on);
    render_milestones(b, a);
    render_chart(b, ov, a);
    if (panel) /* an action the panel never rated has no section: most are not rated */
        view_panel_assurance(b, ov->scale, panel, "action");
    if (engagement) /* the feedback that led to it, as the month's record holds it */
        view_engagement_for_action(b, engagement);
    render_history(b, ov, a);
    if (record)
        view_action_history(b, record);
    view_page_end(b, site);
}

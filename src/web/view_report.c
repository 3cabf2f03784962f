/* view_report.c — the monthly progress report as a page, and the list of
 * reports.  What the page shows is the struct report it is given (model/
 * report.h), section for section as the Markdown and the PDF give it. */
#include "lib/html.h"
#include "lib/markdown.h"
#include "web/view.h"
#include "web/view_report.h"
#include "model/sos.h"
#include <string.h>

static const char *const status_label[ST__MAX] = {"Not started", "In progress", "Complete",
                                                  "Blocked", "Retired"};

/* Set while a section is drawn inside a report to the Secretary of State
 * (view_report_section): its heading is one level down. */
static _Thread_local bool nested;

static void section_open(struct buf *b, enum report_section s)
{
    if (nested) {
        html_printf(b,
                    "<div class=\"dialturn-report__figures\">\n"
                    "<h3 class=\"govuk-heading-m\" id=\"%h\">%h</h3>\n",
                    report_section_id(s), report_section_title(s));
        return;
    }
    html_printf(b,
                "<section class=\"dialturn-report__section\" aria-labelledby=\"%h\">\n"
                "<h2 class=\"govuk-heading-l\" id=\"%h\">%h</h2>\n",
                report_section_id(s), report_section_id(s), report_section_title(s));
}

static void section_close(struct buf *b)
{
    if (nested)
        html_printf(b, "</div>\n");
    else
        html_printf(b, "</section>\n");
}

/* A count and, when it moved since the previous report, by how much. */
static void count_cell(struct buf *b, size_t now, size_t prev, bool has_prev)
{
    html_printf(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%zu", now);
    if (has_prev && now != prev) {
        long d = (long)now - (long)prev;
        html_printf(b, " <span class=\"dialturn-report__delta\">(%s%ld)</span>", d > 0 ? "+" : "",
                    d);
    }
    html_printf(b, "</td>");
}

static void counts_row(struct buf *b, const struct report *r, const char *ref, const char *title,
                       const struct report_counts *now, const struct report_counts *prev,
                       bool has_prev)
{
    html_printf(b,
                "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">");
    if (ref)
        html_printf(b, "%h %h", ref, title);
    else
        html_printf(b, "%h", title);
    html_printf(b, "</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">%zu</td>",
                now->actions);
    for (int s = 0; s < ST__MAX; s++)
        count_cell(b, now->by_status[s], prev->by_status[s], has_prev);
    for (int l = 0; l < r->scale->nlevels; l++)
        count_cell(b, now->by_level[l], prev->by_level[l], has_prev);
    count_cell(b, now->unrated, prev->unrated, has_prev);
    html_printf(b, "</tr>\n");
}

static void headline(struct buf *b, const struct report *r)
{
    bool hp = r->prev_month[0] != '\0';
    section_open(b, RS_HEADLINE);
    html_printf(b, "<p class=\"govuk-body\">Actions by status and by confidence at the end of ");
    view_month(b, r->month);
    if (hp) {
        html_printf(b, ", with the change since the report of ");
        view_month(b, r->prev_month);
        html_printf(b, " in brackets.</p>\n");
    } else
        html_printf(b, ". This is the first report: there is nothing to compare with.</p>\n");
    view_table_open(b, "Actions by theme, status and confidence");
    html_printf(b, "<table class=\"govuk-table dialturn-report__table\">\n<caption "
                   "class=\"govuk-table__caption govuk-table__caption--s\">Actions by theme"
                   "</caption>\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Theme</th>"
                   "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Actions</th>");
    for (int s = 0; s < ST__MAX; s++)
        html_printf(b,
                    "<th scope=\"col\" class=\"govuk-table__header "
                    "govuk-table__header--numeric\">%s</th>",
                    status_label[s]);
    for (int l = 0; l < r->scale->nlevels; l++)
        html_printf(b,
                    "<th scope=\"col\" class=\"govuk-table__header "
                    "govuk-table__header--numeric\">%h</th>",
                    r->scale->levels[l].label);
    html_printf(b, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Not rated</th></tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t t = 0; t < r->nthemes; t++) {
        const struct report_theme *x = &r->themes[t];
        counts_row(b, r, x->ref, x->title, &x->now, &x->prev, hp && x->in_prev);
    }
    counts_row(b, r, NULL, "All themes", &r->total, &r->total_prev, hp);
    html_printf(b, "</tbody></table>\n");
    view_table_close(b);
    const size_t *mv = r->total.movement;
    html_printf(b,
                "<p class=\"govuk-body\">Confidence this month: %zu improved, %zu declined, "
                "%zu unchanged, %zu rated for the first time, %zu without a rated update.</p>\n",
                mv[MV_IMPROVED], mv[MV_DECLINED], mv[MV_UNCHANGED], mv[MV_NEW], mv[MV_MISSING]);
    section_close(b);
}

static void recs(struct buf *b, const struct report *r)
{
    section_open(b, RS_RECOMMENDATIONS);
    if (!r->nrecs)
        html_printf(b, "<p class=\"govuk-body\">No review recommendations are recorded.</p>\n");
    for (size_t i = 0; i < r->nrecs; i++) {
        const struct report_rec *x = &r->recs[i];
        if (i == 0 || strcmp(x->review_ref, r->recs[i - 1].review_ref) != 0) {
            if (i)
                html_printf(b, "</tbody></table>\n");
            html_printf(b,
                        "<h3 class=\"govuk-heading-m\">%h</h3>\n<table class=\"govuk-table "
                        "dialturn-report__table\"><thead class=\"govuk-table__head\"><tr "
                        "class=\"govuk-table__row\"><th scope=\"col\" "
                        "class=\"govuk-table__header\">Recommendation</th><th scope=\"col\" "
                        "class=\"govuk-table__header\">Actions</th><th scope=\"col\" "
                        "class=\"govuk-table__header\">Progress</th></tr></thead>\n"
                        "<tbody class=\"govuk-table__body\">\n",
                        x->review_title);
        }
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                    "class=\"govuk-link\" href=\"/recommendations/%U\">%h</a> %h%s</td>"
                    "<td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">",
                    x->ref, x->ref, x->text,
                    x->covered ? ""
                               : " <strong class=\"govuk-tag govuk-tag--red\">Not "
                                 "answered</strong>",
                    x->actions);
        html_printf(b, "%zu of %zu complete", x->by_status[ST_COMPLETE], x->answers);
        if (x->by_status[ST_IN_PROGRESS])
            html_printf(b, ", %zu in progress", x->by_status[ST_IN_PROGRESS]);
        if (x->by_status[ST_BLOCKED])
            html_printf(b, ", %zu blocked", x->by_status[ST_BLOCKED]);
        if (x->by_status[ST_NOT_STARTED])
            html_printf(b, ", %zu not started", x->by_status[ST_NOT_STARTED]);
        if (x->by_status[ST_RETIRED])
            html_printf(b, ", %zu retired", x->by_status[ST_RETIRED]);
        html_printf(b, "</td></tr>\n");
    }
    if (r->nrecs)
        html_printf(b, "</tbody></table>\n");
    section_close(b);
}

static void action_link(struct buf *b, const struct report_action *a)
{
    html_printf(b, "<a class=\"govuk-link\" href=\"/actions/%U\">%h</a> %h", a->ref, a->ref,
                a->title);
}

static void red_line(struct buf *b, const struct report *r)
{
    section_open(b, RS_RED_LINE);
    const char *low = r->scale->levels[r->scale->nlevels - 1].label;
    if (!r->red_line.n)
        html_printf(b, "<p class=\"govuk-body\">No action was rated %h this month.</p>\n", low);
    else
        html_printf(b, "<p class=\"govuk-body\">%zu actions were rated %h this month.</p>\n",
                    r->red_line.n, low);
    for (size_t i = 0; i < r->red_line.n; i++) {
        const struct report_action *a = &r->red_line.v[i];
        html_printf(b, "<div class=\"dialturn-report__red\">\n<h3 class=\"govuk-heading-s\">");
        action_link(b, a);
        html_printf(b, "</h3>\n<p class=\"govuk-body-s\">Owner: %h. Previous report: %h.</p>\n",
                    a->owner[0] ? a->owner : "none named",
                    report_level_label(r->scale, a->prev_level));
        markdown_html(b, a->narrative ? a->narrative : "");
        html_printf(b, "</div>\n");
    }
    section_close(b);
}

static void assurance(struct buf *b, const struct report *r)
{
    section_open(b, RS_ASSURANCE);
    if (!r->nassurance) {
        html_printf(b, "<p class=\"govuk-body\">No rating by the panel differed from the "
                       "council's this month.</p>\n");
        section_close(b);
        return;
    }
    view_table_open(b, "Where the panel's rating differs");
    html_printf(b, "<table class=\"govuk-table dialturn-report__table\"><thead "
                   "class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" "
                   "class=\"govuk-table__header\">Theme or action</th><th scope=\"col\" "
                   "class=\"govuk-table__header\">Council</th><th scope=\"col\" "
                   "class=\"govuk-table__header\">Panel member</th><th scope=\"col\" "
                   "class=\"govuk-table__header\">Panel</th></tr></thead><tbody "
                   "class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < r->nassurance; i++) {
        const struct report_assurance *a = &r->assurance[i];
        html_printf(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        if (a->is_action)
            html_printf(b, "<a class=\"govuk-link\" href=\"/actions/%U\">%h</a> %h", a->ref, a->ref,
                        a->title);
        else
            html_printf(b, "<a class=\"govuk-link\" href=\"/themes/%U\">%h</a> %h", a->ref, a->ref,
                        a->title);
        html_printf(b,
                    "</td><td class=\"govuk-table__cell\">%h</td><td "
                    "class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">%h</td>"
                    "</tr>\n",
                    report_level_label(r->scale, a->council), a->member,
                    report_level_label(r->scale, a->panel));
    }
    html_printf(b, "</tbody></table>\n");
    view_table_close(b);
    section_close(b);
}

static void action_table(struct buf *b, const struct report_list *l, const char *caption,
                         enum report_count c)
{
    const char *days = report_days_heading(c);
    view_table_open(b, caption);
    html_printf(b,
                "<table class=\"govuk-table dialturn-report__table\"><caption "
                "class=\"govuk-table__caption govuk-table__caption--s\">%h</caption>"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Action</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Owner</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">%h</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Forecast</th>",
                caption, report_action_date_heading(c));
    if (days)
        html_printf(b,
                    "<th scope=\"col\" class=\"govuk-table__header "
                    "govuk-table__header--numeric\">%h</th>",
                    days);
    html_printf(b, "</tr></thead><tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < l->n; i++) {
        const struct report_action *a = &l->v[i];
        html_printf(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        action_link(b, a);
        html_printf(b,
                    "</td><td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">",
                    a->owner);
        view_date(b, report_action_date(a, c));
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        view_date(b, a->forecast);
        html_printf(b, "</td>");
        if (days)
            html_printf(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>",
                        a->days);
        html_printf(b, "</tr>\n");
    }
    html_printf(b, "</tbody></table>\n");
    view_table_close(b);
}

static void late(struct buf *b, const struct report *r)
{
    section_open(b, RS_NOT_REPORTED);
    if (!r->not_reported.n)
        html_printf(b, "<p class=\"govuk-body\">Every action due to report did so.</p>\n");
    else {
        html_printf(b,
                    "<p class=\"govuk-body\">%zu actions had no accepted update this month.</p>\n",
                    r->not_reported.n);
        action_table(b, &r->not_reported, "Actions without an update", RC_NONE);
    }
    section_close(b);
    section_open(b, RS_LATE);
    if (!r->overdue.n)
        html_printf(b, "<p class=\"govuk-body\">No action is overdue.</p>\n");
    else
        action_table(b, &r->overdue, "Overdue actions", RC_OVERDUE);
    if (!r->slipped.n)
        html_printf(b, "<p class=\"govuk-body\">No action's forecast is later than its "
                       "baseline.</p>\n");
    else
        action_table(b, &r->slipped, "Slipped actions", RC_SLIPPED);
    section_close(b);
}

static void ms_table(struct buf *b, const struct report_ms_list *l, const char *caption,
                     enum report_count c)
{
    const char *days = report_days_heading(c);
    view_table_open(b, caption);
    html_printf(b,
                "<table class=\"govuk-table dialturn-report__table\"><caption "
                "class=\"govuk-table__caption govuk-table__caption--s\">%h</caption>"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Milestone</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Baseline</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">%h</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">%h</th></tr></thead>"
                "<tbody class=\"govuk-table__body\">\n",
                caption, report_ms_date_heading(c), days ? days : "Achieved");
    for (size_t i = 0; i < l->n; i++) {
        const struct report_milestone *m = &l->v[i];
        html_printf(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%h %h",
                    m->ref, m->title);
        if (m->action_ref[0])
            html_printf(b, " (<a class=\"govuk-link\" href=\"/actions/%U\">%h</a>)", m->action_ref,
                        m->action_ref);
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        view_date(b, m->baseline_due);
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        view_date(b, report_ms_date(m, c));
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        if (days)
            html_printf(b, "%d", m->days);
        else
            view_date(b, m->achieved_on);
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody></table>\n");
    view_table_close(b);
}

static void milestones(struct buf *b, const struct report *r)
{
    section_open(b, RS_MILESTONES);
    if (!r->ms_met.n)
        html_printf(b, "<p class=\"govuk-body\">No milestone was met since the last "
                       "report.</p>\n");
    else
        ms_table(b, &r->ms_met, "Met since the last report", RC_NONE);
    if (!r->ms_overdue.n)
        html_printf(b, "<p class=\"govuk-body\">No milestone is overdue.</p>\n");
    else
        ms_table(b, &r->ms_overdue, "Overdue milestones", RC_OVERDUE);
    if (!r->ms_slipped.n)
        html_printf(b, "<p class=\"govuk-body\">No milestone has slipped.</p>\n");
    else
        ms_table(b, &r->ms_slipped, "Slipped milestones", RC_SLIPPED);
    section_close(b);
}

static void number(struct buf *b, bool has, double v)
{
    if (has)
        buf_printf(b, "%g", v);
    else
        html_printf(b, "Not set");
}

static void measures(struct buf *b, const struct report *r)
{
    static const char *const state[] = {"On target", "Near target", "Off target", "No data"};
    section_open(b, RS_MEASURES);
    if (!r->measures.n)
        html_printf(b, "<p class=\"govuk-body\">No measures are recorded.</p>\n");
    for (size_t i = 0; i < r->measures.n; i++) {
        const struct pub_measure *m = &r->measures.v[i];
        const struct pub_value *last = pub_measure_latest(m);
        html_printf(b,
                    "<div class=\"dialturn-report__measure\">\n<h3 class=\"govuk-heading-s\"><a "
                    "class=\"govuk-link\" href=\"/measures/%U\">%h</a> %h</h3>\n"
                    "<dl class=\"govuk-summary-list govuk-summary-list--no-border\">"
                    "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                    "Baseline</dt><dd class=\"govuk-summary-list__value\">",
                    m->ref, m->ref, m->title);
        number(b, m->has_baseline, m->baseline);
        html_printf(b,
                    " %h</dd></div><div class=\"govuk-summary-list__row\"><dt "
                    "class=\"govuk-summary-list__key\">Target</dt><dd "
                    "class=\"govuk-summary-list__value\">",
                    m->unit);
        number(b, m->has_target, m->target);
        html_printf(b,
                    " %h</dd></div><div class=\"govuk-summary-list__row\"><dt "
                    "class=\"govuk-summary-list__key\">Latest</dt><dd "
                    "class=\"govuk-summary-list__value\">",
                    m->unit);
        if (last) {
            buf_printf(b, "%g ", last->value);
            html_printf(b, "%h (", m->unit);
            view_date(b, last->date);
            html_printf(b, ")");
        } else
            html_printf(b, "No data");
        struct buf traj = BUF_INIT;
        pub_measure_trajectory_text(m, &traj);
        html_printf(b,
                    "</dd></div><div class=\"govuk-summary-list__row\"><dt "
                    "class=\"govuk-summary-list__key\">Trajectory</dt><dd "
                    "class=\"govuk-summary-list__value\">%h</dd></div>",
                    buf_str(&traj));
        buf_free(&traj);
        html_printf(b,
                    "<div class=\"govuk-summary-list__row\"><dt "
                    "class=\"govuk-summary-list__key\">Status</dt><dd "
                    "class=\"govuk-summary-list__value\">%s</dd></div></dl>\n",
                    state[m->state <= MS_NO_DATA ? m->state : MS_NO_DATA]);
        if (m->nvalues) {
            /* on a phone the chart scrolls sideways rather than shrink its labels */
            html_printf(b,
                        "<div class=\"dialturn-chart__scroll\" role=\"region\" tabindex=\"0\" "
                        "aria-label=\"Chart: %h\">\n",
                        m->title);
            view_chart_trend(b, m);
            html_printf(b, "</div>\n");
            html_printf(b,
                        "<details class=\"govuk-details\"><summary "
                        "class=\"govuk-details__summary\"><span "
                        "class=\"govuk-details__summary-text\">The values of %h</span></summary>"
                        "<div class=\"govuk-details__text\"><table class=\"govuk-table "
                        "dialturn-report__table\"><thead class=\"govuk-table__head\"><tr "
                        "class=\"govuk-table__row\"><th scope=\"col\" "
                        "class=\"govuk-table__header\">Date</th><th scope=\"col\" "
                        "class=\"govuk-table__header govuk-table__header--numeric\">Value (%h)"
                        "</th></tr></thead><tbody class=\"govuk-table__body\">\n",
                        m->ref, m->unit);
            for (size_t k = 0; k < m->nvalues; k++) {
                html_printf(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
                view_date(b, m->values[k].date);
                buf_printf(b,
                           "</td><td class=\"govuk-table__cell "
                           "govuk-table__cell--numeric\">%g</td></tr>\n",
                           m->values[k].value);
            }
            html_printf(b, "</tbody></table></div></details>\n");
        }
        html_printf(b, "</div>\n");
    }
    section_close(b);
}

static void action_list(struct buf *b, const char *heading, const struct report_list *l)
{
    html_printf(b, "<h3 class=\"govuk-heading-s\">%h</h3>\n", heading);
    if (!l->n) {
        html_printf(b, "<p class=\"govuk-body\">None.</p>\n");
        return;
    }
    html_printf(b, "<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (size_t i = 0; i < l->n; i++) {
        html_printf(b, "<li>");
        action_link(b, &l->v[i]);
        if (l->v[i].note)
            html_printf(b, ": %h", l->v[i].note);
        html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n");
}

static void changes(struct buf *b, const struct report *r)
{
    section_open(b, RS_CHANGES);
    if (!r->prev_month[0]) {
        html_printf(b, "<p class=\"govuk-body\">This is the first report: the plan is as "
                       "signed off.</p>\n");
        section_close(b);
        return;
    }
    html_printf(b, "<p class=\"govuk-body\">Since the report of ");
    view_month(b, r->prev_month);
    html_printf(b, ".</p>\n<h3 class=\"govuk-heading-s\">Plan versions signed off</h3>\n");
    if (!r->nversions)
        html_printf(b, "<p class=\"govuk-body\">None.</p>\n");
    else
        html_printf(b, "<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (size_t i = 0; i < r->nversions; i++) {
        html_printf(b, "<li>Version %d: %h, signed off ", r->versions[i].number,
                    r->versions[i].title);
        view_date(b, r->versions[i].signed_off_on);
        html_printf(b, "</li>\n");
    }
    if (r->nversions)
        html_printf(b, "</ul>\n");
    action_list(b, "Actions added", &r->added);
    action_list(b, "Actions retired", &r->retired);
    action_list(b, "Actions re-dated", &r->redated);
    section_close(b);
}

void view_report(struct buf *b, const struct view_site *site, const struct report *r)
{
    struct buf title = BUF_INIT;
    report_title(r, &title);
    view_page_begin(b, site, buf_str(&title));
    html_printf(b,
                "<div class=\"dialturn-report\">\n<span class=\"govuk-caption-l\">%h</span>\n"
                "<h1 class=\"govuk-heading-xl\">%h</h1>\n<p class=\"govuk-body\">Signed off ",
                r->org_name, buf_str(&title));
    view_date(b, r->signed_off_on);
    html_printf(b,
                ". The record of %h: ledger entry %ld, hash <code "
                "class=\"dialturn-hash\">%h</code>.</p>\n"
                "<p class=\"govuk-body dialturn-no-print\">Also as <a class=\"govuk-link\" "
                "href=\"/reports/%U.pdf\">PDF</a> and <a class=\"govuk-link\" "
                "href=\"/reports/%U.md\">Markdown</a>.</p>\n"
                "<nav class=\"dialturn-report__contents\" aria-labelledby=\"contents\">\n<h2 "
                "class=\"govuk-heading-m\" id=\"contents\">Contents</h2>\n<ol "
                "class=\"govuk-list govuk-list--number\">\n",
                r->month, (long)r->head.seq, r->head.hash, r->month, r->month);
    for (int s = 0; s < RS__MAX; s++)
        html_printf(b, "<li><a class=\"govuk-link\" href=\"#%h\">%h</a></li>\n",
                    report_section_id(s), report_section_title(s));
    html_printf(b, "</ol>\n</nav>\n");
    section_open(b, RS_STATEMENT);
    if (r->statement && *r->statement)
        markdown_html(b, r->statement);
    else
        html_printf(b, "<p class=\"govuk-body\">No covering statement was written for this "
                       "month.</p>\n");
    section_close(b);
    headline(b, r);
    recs(b, r);
    red_line(b, r);
    assurance(b, r);
    late(b, r);
    milestones(b, r);
    measures(b, r);
    changes(b, r);
    html_printf(b, "</div>\n");
    buf_free(&title);
    view_page_end(b, site);
}

void view_reports(struct buf *b, const struct view_site *site, const char (*months)[MONTH_LEN],
                  size_t n, const struct sos_report *sos, size_t nsos)
{
    view_page_begin(b, site, "Reports");
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Reports</h1>\n"
                   "<h2 class=\"govuk-heading-l\">Reports and letters to the Secretary of "
                   "State</h2>\n<p class=\"govuk-body\">The independent improvement panel's "
                   "assessment, with the Secretary of State's response when it has arrived "
                   "(also as an <a class=\"govuk-link\" href=\"/reports.atom\">Atom "
                   "feed</a>).</p>\n");
    if (!nsos)
        html_printf(b, "<p class=\"govuk-body\">None has been published yet.</p>\n");
    else
        html_printf(b, "<ul class=\"govuk-list\" id=\"sos-reports\">\n");
    for (size_t i = 0; i < nsos; i++) {
        const struct sos_report *s = &sos[i];
        html_printf(b,
                    "<li><a class=\"govuk-link\" href=\"/reports/sos/%U\">%h</a>, published %h"
                    " (<a class=\"govuk-link\" href=\"/reports/sos/%U.pdf\">PDF<span "
                    "class=\"govuk-visually-hidden\"> of %h</span></a>)",
                    s->ref, s->title, s->published_on, s->ref, s->title);
        if (s->response_on)
            html_printf(b, ", with the Secretary of State's response of %h", s->response_on);
        if (s->response_on && s->response_document_id)
            html_printf(b,
                        " (<a class=\"govuk-link\" href=\"/documents/%ld\">the letter<span "
                        "class=\"govuk-visually-hidden\"> answering %h</span></a>)",
                        (long)s->response_document_id, s->title);
        html_printf(b, "</li>\n");
    }
    if (nsos)
        html_printf(b, "</ul>\n");
    html_printf(b, "<h2 class=\"govuk-heading-l\">Monthly progress reports</h2>\n"
                   "<p class=\"govuk-body\">The chief executive's report of each signed-off "
                   "month, made from the month's record: what it says never changes.</p>\n");
    if (!n)
        html_printf(b, "<p class=\"govuk-body\">No month has been signed off yet.</p>\n");
    else
        html_printf(b, "<ul class=\"govuk-list\">\n");
    for (size_t i = n; i-- > 0;) {
        html_printf(b, "<li><a class=\"govuk-link\" href=\"/reports/%U\">", months[i]);
        view_month(b, months[i]);
        html_printf(b,
                    "</a> (<a class=\"govuk-link\" href=\"/reports/%U.pdf\">PDF<span "
                    "class=\"govuk-visually-hidden\"> of ",
                    months[i]);
        view_month(b, months[i]);
        html_printf(b, "</span></a>)</li>\n");
    }
    if (n)
        html_printf(b, "</ul>\n");
    view_page_end(b, site);
}

void view_report_statement(struct buf *b, const struct view_site *site, const char *month,
                           const char *body, bool editable, const char *error)
{
    view_page_begin(b, site, "Covering statement");
    html_printf(b, "<span class=\"govuk-caption-l\">");
    view_month(b, month);
    html_printf(b, "</span>\n<h1 class=\"govuk-heading-xl\">Covering statement</h1>\n");
    if (error)
        html_printf(b,
                    "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div "
                    "role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a "
                    "problem</h2><div class=\"govuk-error-summary__body\"><ul class=\"govuk-list "
                    "govuk-error-summary__list\"><li><a href=\"#statement\">%h</a></li></ul>"
                    "</div></div></div>\n",
                    error);
    if (!editable) {
        html_printf(b, "<p class=\"govuk-body\">This month is signed off: the statement is part "
                       "of its report and can no longer be changed.</p>\n");
        markdown_html(b, body);
        html_printf(b,
                    "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/reports/%U\">Read "
                    "the report</a></p>\n",
                    month);
        view_page_end(b, site);
        return;
    }
    html_printf(b,
                "<p class=\"govuk-body\">The chief executive's covering statement opens the "
                "month's progress report. It is public only once the month is signed off, "
                "and cannot be changed after.</p>\n<form method=\"post\" "
                "action=\"/work/periods/%U/statement\" novalidate>\n",
                month);
    view_csrf_field(b, site);
    html_printf(b,
                "<div class=\"govuk-form-group\"><label class=\"govuk-label govuk-label--m\" "
                "for=\"statement\">Statement (Markdown)</label><textarea class=\"govuk-textarea\" "
                "id=\"statement\" name=\"statement\" rows=\"16\">%h</textarea></div>\n"
                "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save "
                "statement</button>\n</form>\n",
                body);
    view_page_end(b, site);
}

void view_report_section(struct buf *b, const struct report *r, enum report_section s)
{
    nested = true;
    switch (s) {
    case RS_HEADLINE:
        headline(b, r);
        break;
    case RS_RECOMMENDATIONS:
        recs(b, r);
        break;
    case RS_RED_LINE:
        red_line(b, r);
        break;
    case RS_ASSURANCE:
        assurance(b, r);
        break;
    case RS_NOT_REPORTED:
    case RS_LATE:
        late(b, r);
        break;
    case RS_MILESTONES:
        milestones(b, r);
        break;
    case RS_MEASURES:
        measures(b, r);
        break;
    case RS_CHANGES:
        changes(b, r);
        break;
    case RS_STATEMENT:
    case RS__MAX:
        break;
    }
    nested = false;
}

/* view_plan.c — the improvement plan (filters, pages of actions grouped by
 * theme), the themes, one theme, and the pieces the action page shares: the
 * rating tag, status labels and the as-at query. */
#include "lib/html.h"
#include "web/view.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The CSS modifier for each rating level of both built-in scales (literals).
 * The level's label is always shown beside its colour, so colour is never
 * the only cue. */
static const struct {
    const char *key;   /* level key, as stored */
    const char *klass; /* "govuk-tag" modifier */
} level_classes[] = {
    {"high", "dialturn-tag--high"},
    {"medium", "dialturn-tag--medium"},
    {"low", "dialturn-tag--low"},
    {"green", "dialturn-tag--green"},
    {"amber_green", "dialturn-tag--amber-green"},
    {"amber", "dialturn-tag--amber"},
    {"amber_red", "dialturn-tag--amber-red"},
    {"red", "dialturn-tag--red"},
};

/* Action statuses as people read them, by enum action_status. */
static const char *const status_labels[ST__MAX] = {"Not started", "In progress", "Complete",
                                                   "Blocked", "Retired"};

const char *view_status_label(enum action_status st)
{
    return (unsigned)st < ST__MAX ? status_labels[st] : "Unknown";
}

/* The CSS modifier class of level `key`, or "" when there is none. */
static const char *level_class(const char *key)
{
    for (size_t i = 0; i < sizeof level_classes / sizeof *level_classes; i++)
        if (strcmp(level_classes[i].key, key) == 0)
            return level_classes[i].klass;
    return "";
}

void view_confidence(struct buf *b, const struct scale *s, int level, int month)
{
    if (level < 0 || !s || level >= s->nlevels) {
        html_printf(b, "<span class=\"dialturn-unrated\">Not yet rated</span>");
        return;
    }
    const struct scale_level *lv = &s->levels[level];
    html_printf(b, "<strong class=\"govuk-tag %h\">%h</strong>", level_class(lv->key), lv->label);
    if (month >= 0) {
        char m[MONTH_LEN];
        month_format(month, m);
        html_printf(b, " <span class=\"dialturn-rating-month\">");
        view_month(b, m);
        html_printf(b, "</span>");
    }
}

void view_as_at(struct buf *b, const struct view_site *site, char sep)
{
    if (site->scope && site->scope->as_at)
        html_printf(b, "%s%h", sep == '&' ? "&amp;as_at=" : "?as_at=", site->scope->month_s);
}

void view_person(struct buf *b, const char *name, const char *role)
{
    if (role && role[0] && strcasecmp(role, name) != 0)
        html_printf(b, "%h <span class=\"dialturn-role\">(%h)</span>", name, role);
    else
        html_printf(b, "%h", name);
}

/* Formats n with thousands separators ("10,000") into out. */
static void format_count(size_t n, char out[32])
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%zu", n), o = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

/* Appends "N thing" or "N things" with N formatted. */
static void render_count(struct buf *b, size_t n, const char *one, const char *many)
{
    char c[32];
    format_count(n, c);
    html_printf(b, "%h %h", c, n == 1 ? one : many);
}

/* Appends a person as "Name (Role)", or `none` when p < 0. */
static void render_person(struct buf *b, const struct overview *ov, long p, const char *none)
{
    if (p < 0) {
        html_printf(b, "%h", none);
        return;
    }
    view_person(b, ov->people[p].name, ov->people[p].role);
}

/* Appends the forecast finish and how late or early it is against the
 * baseline finish, naming that date: the planned finish shown beside it may
 * have moved since the baseline was signed off. */
static void render_forecast(struct buf *b, const struct overview *ov, size_t i)
{
    int slip;
    view_date(b, ov->state[i].forecast);
    if (!overview_slip(ov, i, &slip))
        return;
    if (slip > 0)
        html_printf(b,
                    "<br><strong class=\"dialturn-slip dialturn-slip--late\">%d %s late</strong>",
                    slip, slip == 1 ? "day" : "days");
    else if (slip < 0)
        html_printf(b, "<br><span class=\"dialturn-slip\">%d %s early</span>", -slip,
                    slip == -1 ? "day" : "days");
    else
        html_printf(b, "<br><span class=\"dialturn-slip\">On time</span>");
    html_printf(b, "<br><span class=\"dialturn-slip-base\">against baseline ");
    view_date(b, ov->actions[i].baseline_finish);
    html_printf(b, "</span>");
}

/* One action row: ref (link), title, owner, due, status, forecast, confidence. */
static void render_row(struct buf *b, const struct view_site *site, const struct overview *ov,
                       size_t i, day_t on)
{
    const struct overview_action *a = &ov->actions[i];
    html_printf(b,
                "<tr class=\"govuk-table__row\">\n"
                "<th scope=\"row\" class=\"govuk-table__header\">"
                "<a class=\"govuk-link\" href=\"/actions/%U",
                a->ref);
    view_as_at(b, site, '?');
    html_printf(b,
                "\">%h</a></th>\n<td class=\"govuk-table__cell\">%h</td>\n"
                "<td class=\"govuk-table__cell\">",
                a->ref, a->title);
    render_person(b, ov, a->owner, "Not assigned");
    html_printf(b, "</td>\n<td class=\"govuk-table__cell\">");
    view_date(b, a->finish);
    html_printf(b, "</td>\n<td class=\"govuk-table__cell\">%h",
                view_status_label(ov->state[i].status));
    if (overview_overdue(ov, i, on))
        html_printf(b, "<br><strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>");
    html_printf(b, "</td>\n<td class=\"govuk-table__cell\">");
    render_forecast(b, ov, i);
    html_printf(b, "</td>\n<td class=\"govuk-table__cell\">");
    view_confidence(b, ov->scale, ov->state[i].level, ov->state[i].month);
    html_printf(b, "</td>\n</tr>\n");
}

/* A table of rows[0..n) under a caption naming theme t. */
static void render_table(struct buf *b, const struct view_site *site, const struct overview *ov,
                         size_t t, const size_t *rows, size_t n, day_t on)
{
    html_printf(b,
                "<div class=\"dialturn-table-container\" role=\"region\" tabindex=\"0\" "
                "aria-label=\"Actions in theme %h\">\n"
                "<table class=\"govuk-table dialturn-actions\">\n"
                "<caption class=\"govuk-table__caption govuk-visually-hidden\">"
                "Actions in theme %h, %h</caption>\n"
                "<thead class=\"govuk-table__head\">\n<tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Ref</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Action</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Owner</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Due</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Forecast against baseline</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Confidence</th>"
                "</tr>\n</thead>\n<tbody class=\"govuk-table__body\">\n",
                ov->themes[t].ref, ov->themes[t].ref, ov->themes[t].title);
    for (size_t k = 0; k < n; k++)
        render_row(b, site, ov, rows[k], on);
    html_printf(b, "</tbody>\n</table>\n</div>\n");
}

/* "Showing 1 to 50 of 10,000 actions", as a live status for the list. */
static void render_showing(struct buf *b, const struct view_action_list *l)
{
    char from[32], to[32];
    size_t first = (l->page - 1) * l->per_page + 1;
    format_count(first, from);
    format_count(first + l->nrows - 1, to);
    html_printf(b, "<p class=\"govuk-body dialturn-showing\" role=\"status\">Showing %h to %h of ",
                from, to);
    render_count(b, l->total, "action", "actions");
    html_printf(b, "</p>\n");
}

/* The href of page n of a list at `path` with `query` (raw, URL-encoded
 * "name=value&" pairs, or ""), keeping as_at. */
static void page_href(struct buf *b, const struct view_site *site, const char *path,
                      const char *query, size_t n)
{
    html_printf(b, "%h?%hpage=%zu", path, query, n);
    view_as_at(b, site, '&');
}

/* One numbered item of the pagination. */
static void page_item(struct buf *b, const struct view_site *site, const char *path,
                      const char *query, size_t n, bool current)
{
    html_printf(b,
                "<li class=\"govuk-pagination__item%s\">"
                "<a class=\"govuk-link govuk-pagination__link\" href=\"",
                current ? " govuk-pagination__item--current" : "");
    page_href(b, site, path, query, n);
    html_printf(b, "\" aria-label=\"Page %zu\"", n);
    if (current)
        html_printf(b, " aria-current=\"page\"");
    html_printf(b, ">%zu</a></li>\n", n);
}

void view_pagination(struct buf *b, const struct view_site *site, const char *path,
                     const char *query, size_t page, size_t pages)
{
    const struct {
        size_t page, pages;
    } list = {page, pages}, *l = &list;
    if (l->pages <= 1)
        return;
    html_printf(b, "<nav class=\"govuk-pagination\" aria-label=\"Pagination\">\n");
    if (l->page > 1) {
        html_printf(b, "<div class=\"govuk-pagination__prev\">"
                       "<a class=\"govuk-link govuk-pagination__link\" href=\"");
        page_href(b, site, path, query, l->page - 1);
        html_printf(b,
                    "\" rel=\"prev\"><svg class=\"govuk-pagination__icon "
                    "govuk-pagination__icon--prev\" xmlns=\"http://www.w3.org/2000/svg\" "
                    "height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" "
                    "viewBox=\"0 0 15 13\"><path d=\"m6.5938-0.0078125-6.7266 6.7266 6.7441 "
                    "6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"
                    "\"></path></svg><span class=\"govuk-pagination__link-title\">Previous"
                    "<span class=\"govuk-visually-hidden\"> page</span></span></a></div>\n");
    }
    html_printf(b, "<ul class=\"govuk-pagination__list\">\n");
    size_t last_shown = 0;
    for (size_t n = 1; n <= l->pages; n++) {
        bool show = n == 1 || n == l->pages || (n + 1 >= l->page && n <= l->page + 1);
        if (!show)
            continue;
        if (last_shown && n > last_shown + 1)
            html_printf(b, "<li class=\"govuk-pagination__item "
                           "govuk-pagination__item--ellipses\">&ctdot;</li>\n");
        page_item(b, site, path, query, n, n == l->page);
        last_shown = n;
        if (n == 1 && l->page > 3)
            n = l->page - 2; /* jump over the gap (the loop adds one) */
        else if (n == l->page + 1 && l->pages > n + 1)
            n = l->pages - 1;
    }
    html_printf(b, "</ul>\n");
    if (l->page < l->pages) {
        html_printf(b, "<div class=\"govuk-pagination__next\">"
                       "<a class=\"govuk-link govuk-pagination__link\" href=\"");
        page_href(b, site, path, query, l->page + 1);
        html_printf(b, "\" rel=\"next\"><span class=\"govuk-pagination__link-title\">Next"
                       "<span class=\"govuk-visually-hidden\"> page</span></span>"
                       "<svg class=\"govuk-pagination__icon govuk-pagination__icon--next\" "
                       "xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" "
                       "aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\">"
                       "<path d=\"m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896"
                       "l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z\"></path>"
                       "</svg></a></div>\n");
    }
    html_printf(b, "</nav>\n");
}

/* The page's rows, one heading and table per run of one theme. */
static void render_groups(struct buf *b, const struct view_site *site, const struct overview *ov,
                          const struct view_action_list *l, bool headings)
{
    for (size_t k = 0; k < l->nrows;) {
        size_t t = ov->actions[l->rows[k]].theme, end = k;
        while (end < l->nrows && ov->actions[l->rows[end]].theme == t)
            end++;
        if (headings) {
            html_printf(b,
                        "<h2 class=\"govuk-heading-m\" id=\"theme-%U\">"
                        "<a class=\"govuk-link\" href=\"/themes/%U",
                        ov->themes[t].ref, ov->themes[t].ref);
            view_as_at(b, site, '?');
            html_printf(b, "\">%h %h</a></h2>\n", ov->themes[t].ref, ov->themes[t].title);
        }
        render_table(b, site, ov, t, l->rows + k, end - k, l->on);
        k = end;
    }
}

/* One <option>, selected when value equals `current`; its text is `label`,
 * then `more` in brackets when `bracket`, or after a space otherwise (none
 * when NULL). */
static void render_option(struct buf *b, const char *value, const char *current, const char *label,
                          const char *more, bool bracket)
{
    html_printf(b, "<option value=\"%h\"", value);
    if (strcmp(value, current) == 0)
        html_printf(b, " selected");
    html_printf(b, ">%h", label);
    if (more && more[0] && bracket)
        html_printf(b, " (%h)", more);
    else if (more && more[0])
        html_printf(b, " %h", more);
    html_printf(b, "</option>\n");
}

/* Opens a labelled select in a form group, in a quarter of the grid row. */
static void select_begin(struct buf *b, const char *id, const char *label, const char *any)
{
    html_printf(b,
                "<div class=\"govuk-grid-column-one-quarter\">\n"
                "<div class=\"govuk-form-group dialturn-filter\">\n"
                "<label class=\"govuk-label\" for=\"%h\">%h</label>\n"
                "<select class=\"govuk-select govuk-!-width-full\" id=\"%h\" name=\"%h\">\n"
                "<option value=\"\">%h</option>\n",
                id, label, id, id, any);
}

/* The filter form: a GET form with a select per filter, populated from the
 * overview, and the overdue checkbox.  Works without JavaScript. */
static void render_filters(struct buf *b, const struct view_site *site, const struct overview *ov,
                           const struct view_plan_filters *f)
{
    html_printf(b, "<form method=\"get\" action=\"/plan\" class=\"dialturn-filters\" "
                   "novalidate>\n<h2 class=\"govuk-heading-s\">Filter the actions</h2>\n");
    if (site->scope && site->scope->as_at)
        html_printf(b, "<input type=\"hidden\" name=\"as_at\" value=\"%h\">\n",
                    site->scope->month_s);
    html_printf(b, "<div class=\"govuk-grid-row\">\n");
    select_begin(b, "theme", "Theme", "All themes");
    for (size_t t = 0; t < ov->nthemes; t++)
        render_option(b, ov->themes[t].ref, f->theme, ov->themes[t].ref, ov->themes[t].title,
                      false);
    html_printf(b, "</select>\n</div>\n</div>\n");
    select_begin(b, "owner", "Owner", "All owners");
    for (size_t k = 0; k < ov->nowners; k++) {
        const struct overview_person *p = &ov->people[ov->owners[k]];
        render_option(b, p->ref, f->owner, p->name,
                      strcasecmp(p->role, p->name) != 0 ? p->role : NULL, true);
    }
    html_printf(b, "</select>\n</div>\n</div>\n");
    select_begin(b, "status", "Status", "Any status");
    for (int s = 0; s < ST__MAX; s++)
        render_option(b, action_status_name((enum action_status)s), f->status,
                      view_status_label((enum action_status)s), NULL, false);
    html_printf(b, "</select>\n</div>\n</div>\n");
    select_begin(b, "confidence", "Confidence", "Any confidence");
    for (int l = 0; l < ov->scale->nlevels; l++)
        render_option(b, ov->scale->levels[l].key, f->confidence, ov->scale->levels[l].label, NULL,
                      false);
    render_option(b, OVERVIEW_UNRATED_KEY, f->confidence, "Not yet rated", NULL, false);
    html_printf(b, "</select>\n</div>\n</div>\n");
    html_printf(b,
                "</div>\n"
                "<div class=\"govuk-form-group dialturn-filter\">\n"
                "<div class=\"govuk-checkboxes govuk-checkboxes--small\">\n"
                "<div class=\"govuk-checkboxes__item\">\n"
                "<input class=\"govuk-checkboxes__input\" id=\"overdue\" name=\"overdue\" "
                "type=\"checkbox\" value=\"1\"%s>\n"
                "<label class=\"govuk-label govuk-checkboxes__label\" for=\"overdue\">"
                "Overdue only</label>\n"
                "</div>\n</div>\n</div>\n"
                "<div class=\"govuk-button-group\">\n"
                "<button type=\"submit\" class=\"govuk-button\">Apply filters</button>\n"
                "<a class=\"govuk-link\" href=\"/plan",
                f->overdue ? " checked" : "");
    view_as_at(b, site, '?');
    html_printf(b, "\">Clear filters</a>\n</div>\n</form>\n");
}

/* The query of the current filters for pagination links: raw "name=value&"
 * pairs, values URL-encoded, into q. */
static void filter_query(struct buf *q, const struct view_plan_filters *f)
{
    if (f->theme[0])
        html_printf(q, "theme=%U&", f->theme);
    if (f->owner[0])
        html_printf(q, "owner=%U&", f->owner);
    if (f->status[0])
        html_printf(q, "status=%U&", f->status);
    if (f->confidence[0])
        html_printf(q, "confidence=%U&", f->confidence);
    if (f->overdue)
        html_printf(q, "overdue=1&");
}

/* A sentence on what the ratings are and which month they come from. */
static void render_scope_note(struct buf *b, const struct overview *ov)
{
    if (ov->month < 0) {
        html_printf(b, "<p class=\"govuk-body\">No monthly report has been signed off yet, so "
                       "no action has a published rating.</p>\n");
        return;
    }
    char m[MONTH_LEN];
    month_format(ov->month, m);
    html_printf(b, "<p class=\"govuk-body\">Confidence is the organisation's own rating of each "
                   "action in its latest signed-off monthly report, up to ");
    view_month(b, m);
    html_printf(b, ". Forecasts follow the reported dates through the plan's dependencies. "
                   "Days late or early compare the forecast with the action's baseline finish, "
                   "its date in the signed-off plan, which can differ from the planned finish "
                   "shown as Due.</p>\n");
}

void view_plan(struct buf *b, const struct view_site *site, const struct overview *ov,
               const struct view_plan_filters *f, const struct view_action_list *list)
{
    struct buf title = BUF_INIT;
    if (list->pages > 1)
        buf_printf(&title, "Improvement plan (page %zu of %zu)", list->page, list->pages);
    else
        buf_puts(&title, "Improvement plan");
    view_page_begin(b, site, buf_str(&title));
    buf_free(&title);
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Improvement plan</h1>\n"
                   "<p class=\"govuk-body-l\">");
    render_count(b, ov->nactions, "action", "actions");
    html_printf(b, " in ");
    render_count(b, ov->nthemes, "theme", "themes");
    html_printf(b, ". <a class=\"govuk-link\" href=\"/themes");
    view_as_at(b, site, '?');
    html_printf(b, "\">See the themes</a>. What partners, councillors, staff and residents "
                   "told the council, and what it did: <a class=\"govuk-link\" "
                   "href=\"/engagement\">you said, we did</a>.</p>\n");
    render_scope_note(b, ov);
    if (ov->nactions == 0) {
        html_printf(b, "<div class=\"govuk-inset-text\">No actions in the plan yet.</div>\n");
        view_page_end(b, site);
        return;
    }
    if (site->live) /* a published static copy has no server to filter */
        render_filters(b, site, ov, f);
    if (list->total == 0) {
        html_printf(b, "<div class=\"govuk-inset-text dialturn-empty\" role=\"status\">\n"
                       "<p class=\"govuk-body\">No actions match these filters.</p>\n"
                       "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/plan");
        view_as_at(b, site, '?');
        html_printf(b, "\">Clear the filters</a> to see every action.</p>\n</div>\n");
        view_page_end(b, site);
        return;
    }
    render_showing(b, list);
    render_groups(b, site, ov, list, true);
    struct buf q = BUF_INIT;
    filter_query(&q, f);
    view_pagination(b, site, "/plan", buf_str(&q), list->page, list->pages);
    buf_free(&q);
    view_page_end(b, site);
}

/* A header cell of the count tables. */
static void th_col(struct buf *b, const char *label)
{
    html_printf(b,
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "%h</th>",
                label);
}

/* A numeric cell. */
static void td_count(struct buf *b, size_t n)
{
    html_printf(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%zu</td>", n);
}

/* The row header of theme t (a link), or "All themes" for t < 0. */
static void theme_cell(struct buf *b, const struct view_site *site, const struct overview *ov,
                       long t)
{
    if (t < 0) {
        html_printf(b, "<th scope=\"row\" class=\"govuk-table__header\">All themes</th>");
        return;
    }
    html_printf(b,
                "<th scope=\"row\" class=\"govuk-table__header\"><a class=\"govuk-link\" "
                "href=\"/themes/%U",
                ov->themes[t].ref);
    view_as_at(b, site, '?');
    html_printf(b, "\">%h %h</a></th>", ov->themes[t].ref, ov->themes[t].title);
}

void view_themes(struct buf *b, const struct view_site *site, const struct overview *ov)
{
    view_page_begin(b, site, "Themes");
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Themes</h1>\n<p class=\"govuk-body-l\">The "
                   "plan's actions are grouped into ");
    render_count(b, ov->nthemes, "theme", "themes");
    html_printf(b, ", each with a lead. <a class=\"govuk-link\" href=\"/plan");
    view_as_at(b, site, '?');
    html_printf(b, "\">See every action</a>.</p>\n");
    render_scope_note(b, ov);
    if (ov->nthemes == 0) {
        html_printf(b, "<div class=\"govuk-inset-text\">No themes in the plan yet.</div>\n");
        view_page_end(b, site);
        return;
    }
    html_printf(b, "<h2 class=\"govuk-heading-m\">Status</h2>\n"
                   "<div class=\"dialturn-table-container\" role=\"region\" tabindex=\"0\" "
                   "aria-label=\"Actions in each theme by status\">\n"
                   "<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-table__caption govuk-table__caption--s\">"
                   "Actions in each theme by status</caption>\n"
                   "<thead class=\"govuk-table__head\">\n<tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Theme</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Lead</th>");
    th_col(b, "Actions");
    for (int s = 0; s < ST__MAX; s++)
        th_col(b, view_status_label((enum action_status)s));
    html_printf(b, "</tr>\n</thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t t = 0; t < ov->nthemes; t++) {
        const struct overview_counts *c = &ov->theme_counts[t];
        html_printf(b, "<tr class=\"govuk-table__row\">");
        theme_cell(b, site, ov, (long)t);
        html_printf(b, "<td class=\"govuk-table__cell\">");
        render_person(b, ov, ov->themes[t].lead, "No lead named");
        html_printf(b, "</td>");
        td_count(b, c->actions);
        for (int s = 0; s < ST__MAX; s++)
            td_count(b, c->by_status[s]);
        html_printf(b, "</tr>\n");
    }
    html_printf(b, "<tr class=\"govuk-table__row\">");
    theme_cell(b, site, ov, -1);
    html_printf(b, "<td class=\"govuk-table__cell\"></td>");
    td_count(b, ov->total.actions);
    for (int s = 0; s < ST__MAX; s++)
        td_count(b, ov->total.by_status[s]);
    html_printf(b, "</tr>\n</tbody>\n</table>\n</div>\n");

    html_printf(b, "<h2 class=\"govuk-heading-m\">Confidence</h2>\n"
                   "<div class=\"dialturn-table-container\" role=\"region\" tabindex=\"0\" "
                   "aria-label=\"Actions in each theme by current confidence\">\n"
                   "<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-table__caption govuk-table__caption--s\">"
                   "Actions in each theme by current confidence</caption>\n"
                   "<thead class=\"govuk-table__head\">\n<tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Theme</th>");
    for (int l = 0; l < ov->scale->nlevels; l++)
        th_col(b, ov->scale->levels[l].label);
    th_col(b, "Not yet rated");
    html_printf(b, "</tr>\n</thead>\n<tbody class=\"govuk-table__body\">\n");
    for (long t = 0; t <= (long)ov->nthemes; t++) {
        bool all = t == (long)ov->nthemes;
        const struct overview_counts *c = all ? &ov->total : &ov->theme_counts[t];
        html_printf(b, "<tr class=\"govuk-table__row\">");
        theme_cell(b, site, ov, all ? -1 : t);
        for (int l = 0; l < ov->scale->nlevels; l++)
            td_count(b, c->by_level[l]);
        td_count(b, c->unrated);
        html_printf(b, "</tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n</div>\n");
    view_page_end(b, site);
}

/* The breadcrumbs above a theme or action page: Plan > Themes > … */
static void render_crumbs(struct buf *b, const struct view_site *site)
{
    html_printf(b,
                "<nav class=\"govuk-breadcrumbs\" aria-label=\"Breadcrumb\">\n"
                "<ol class=\"govuk-breadcrumbs__list\">\n"
                "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" "
                "href=\"/plan");
    view_as_at(b, site, '?');
    html_printf(b,
                "\">Improvement plan</a></li>\n"
                "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" "
                "href=\"/themes");
    view_as_at(b, site, '?');
    html_printf(b, "\">Themes</a></li>\n</ol>\n</nav>\n");
}

void view_theme(struct buf *b, const struct view_site *site, const struct overview *ov,
                size_t theme, const struct view_action_list *list,
                const struct pub_assurance_item *panel)
{
    const struct overview_theme *t = &ov->themes[theme];
    const struct overview_counts *c = &ov->theme_counts[theme];
    struct buf title = BUF_INIT;
    buf_printf(&title, "%s %s", t->ref, t->title);
    view_page_begin(b, site, buf_str(&title));
    buf_free(&title);
    render_crumbs(b, site);
    html_printf(b,
                "<span class=\"govuk-caption-xl\">Theme %h</span>\n"
                "<h1 class=\"govuk-heading-xl\">%h</h1>\n"
                "<dl class=\"govuk-summary-list\">\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Lead</dt><dd class=\"govuk-summary-list__value\">",
                t->ref, t->title);
    render_person(b, ov, t->lead, "No lead named");
    html_printf(b, "</dd></div>\n"
                   "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "Actions</dt><dd class=\"govuk-summary-list__value\">");
    render_count(b, c->actions, "action", "actions");
    for (int s = 0; s < ST__MAX; s++)
        if (c->by_status[s])
            html_printf(b, "<br>%h: %zu", view_status_label((enum action_status)s),
                        c->by_status[s]);
    html_printf(b,
                "</dd></div>\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Follow</dt><dd class=\"govuk-summary-list__value\"><a class=\"govuk-link\" "
                "href=\"/themes/%U/feed.atom\">Atom feed of this theme's published updates</a>",
                t->ref);
    if (site->live) /* a form of the live site: published copies have none */
        html_printf(b,
                    "<br><a class=\"govuk-link\" href=\"/follow?topic=theme:%U\">Follow this "
                    "theme by e-mail</a>",
                    t->ref);
    html_printf(b, "</dd></div>\n</dl>\n");

    html_printf(b, "<h2 class=\"govuk-heading-m\">Confidence</h2>\n");
    render_scope_note(b, ov);
    html_printf(b, "<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-table__caption govuk-table__caption--s\">"
                   "Actions in this theme by current confidence</caption>\n"
                   "<thead class=\"govuk-table__head\">\n<tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Confidence</th>");
    th_col(b, "Actions");
    th_col(b, "Share");
    html_printf(b, "</tr>\n</thead>\n<tbody class=\"govuk-table__body\">\n");
    for (int l = 0; l <= ov->scale->nlevels; l++) {
        bool unrated = l == ov->scale->nlevels;
        size_t n = unrated ? c->unrated : c->by_level[l];
        html_printf(b, "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                       "class=\"govuk-table__header\">");
        view_confidence(b, ov->scale, unrated ? -1 : l, -1);
        html_printf(b, "</th>");
        td_count(b, n);
        html_printf(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d%%</td>",
                    c->actions ? (int)((n * 100 + c->actions / 2) / c->actions) : 0);
        html_printf(b, "</tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_panel_assurance(b, ov->scale, panel, "theme");
    html_printf(b, "<h2 class=\"govuk-heading-m\">Actions</h2>\n");
    if (list->total == 0) {
        html_printf(b, "<div class=\"govuk-inset-text\">No actions in this theme yet.</div>\n");
        view_page_end(b, site);
        return;
    }
    render_showing(b, list);
    render_groups(b, site, ov, list, false);
    struct buf path = BUF_INIT;
    html_printf(&path, "/themes/%U", t->ref);
    view_pagination(b, site, buf_str(&path), "", list->page, list->pages);
    buf_free(&path);
    view_page_end(b, site);
}

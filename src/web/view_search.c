/* view_search.c — the search page: form, help, grouped results, pagination. */
#include "lib/html.h"
#include "model/search.h"
#include "web/view.h"
#include <string.h>

/* Each group's heading and the value of `type` that shows it alone, in enum
 * search_kind order. */
static const struct {
    const char *heading;
    const char *type;
} groups[SEARCH__KINDS] = {
    {"Actions", "actions"},         {"Progress updates", "updates"},
    {"Measures", "measures"},       {"Recommendations", "recommendations"},
    {"Milestones", "milestones"},   {"Themes", "themes"},
    {"Panel meetings", "meetings"}, {"Reports to the Secretary of State", "reports"},
};

/* Appends text from the search index, escaped, with the index's match
 * markers turned into <mark> elements.  Markers are the only bytes that become
 * markup; an unbalanced marker in stored text can only open or close a mark
 * that is balanced before the end.  With `plain_md`, Markdown emphasis and code
 * marks ('*', '`') are dropped, as the rendered narrative would not show them. */
static void render_marked(struct buf *b, const char *s, bool plain_md)
{
    struct buf seg = BUF_INIT;
    bool open = false;
    for (const char *p = s ? s : "";; p++) {
        char c = *p;
        if (c != '\0' && c != SEARCH_MARK_OPEN && c != SEARCH_MARK_CLOSE) {
            if (!(plain_md && (c == '*' || c == '`')))
                buf_putc(&seg, c);
            continue;
        }
        html_escape(b, buf_str(&seg)); /* the escaper takes the text up to here */
        buf_reset(&seg);
        if (c == SEARCH_MARK_OPEN && !open) {
            html_printf(b, "<mark>");
            open = true;
        } else if (c != SEARCH_MARK_OPEN && open) {
            html_printf(b, "</mark>");
            open = false;
        }
        if (c == '\0')
            break;
    }
    buf_free(&seg);
}

/* Appends the link to a search for the same words, of group `type` (NULL for
 * all), on page `page`. */
static void search_href(struct buf *b, const struct view_search *s, const char *type, size_t page)
{
    html_printf(b, "/search?q=%U", s->q);
    if (s->as_at)
        html_printf(b, "&amp;as_at=%U", s->as_at);
    if (type)
        html_printf(b, "&amp;type=%U", type);
    if (page > 1)
        html_printf(b, "&amp;page=%zu", page);
}

/* The search form, with the words searched for filled in. */
static void render_form(struct buf *b, const struct view_search *s)
{
    html_printf(b,
                "<form method=\"get\" action=\"/search\" role=\"search\">\n"
                "<div class=\"govuk-form-group\">\n"
                "<label class=\"govuk-label govuk-label--m\" for=\"q\">Search the plan, its "
                "recommendations and milestones, the published updates and the measures</label>\n"
                "<div id=\"q-hint\" class=\"govuk-hint\">Enter one or more words, or a "
                "reference such as A12 or R3.</div>\n"
                "<input class=\"govuk-input govuk-!-width-two-thirds\" id=\"q\" name=\"q\" "
                "type=\"search\" maxlength=\"200\" spellcheck=\"false\" "
                "aria-describedby=\"q-hint\" value=\"%h\">\n"
                "</div>\n",
                s->q);
    if (s->type)
        html_printf(b, "<input type=\"hidden\" name=\"type\" value=\"%h\">\n", s->type);
    if (s->as_at)
        html_printf(b, "<input type=\"hidden\" name=\"as_at\" value=\"%h\">\n", s->as_at);
    html_printf(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Search</button>\n</form>\n");
}

/* What the search does, shown before anything is searched. */
static void render_help(struct buf *b)
{
    html_printf(b, "<h2 class=\"govuk-heading-m\">How search works</h2>\n"
                   "<ul class=\"govuk-list govuk-list--bullet\">\n"
                   "<li>Results contain every word you enter, in any order, in any form "
                   "(\"partnership\" also finds \"partnerships\").</li>\n"
                   "<li>End a word with * to find words that start with it: "
                   "<code>recruit*</code> finds \"recruitment\" and \"recruiting\".</li>\n"
                   "<li>Actions are found by reference, title and description; measures, "
                   "milestones and themes by reference and title; recommendations by "
                   "reference, text and the review that made them (\"Kerslake\").</li>\n"
                   "<li>Meetings of the panel are found by title, place, and the titles, "
                   "presenters and papers of their public agenda items; their minutes once "
                   "published.  Business taken in private is never searched.</li>\n"
                   "<li>The panel's reports to the Secretary of State are found by reference, "
                   "title, the panel's assessments and the Secretary of State's response, "
                   "once published.</li>\n"
                   "<li>Progress updates are found only once they are published: accepted and "
                   "part of a signed-off monthly report.</li>\n"
                   "</ul>\n");
}

/* One result: a linked heading and, for actions and updates, the snippet. */
static void render_hit(struct buf *b, const struct search_hit *h)
{
    html_printf(b, "<li class=\"dialturn-result\">\n<h3 class=\"govuk-heading-s\">");
    switch (h->kind) {
    case SEARCH_ACTION:
        html_printf(b, "<a class=\"govuk-link\" href=\"/actions/%U\">%h ", h->ref, h->ref);
        render_marked(b, h->title, false);
        html_printf(b, "</a>");
        break;
    case SEARCH_UPDATE:
        html_printf(b, "<a class=\"govuk-link\" href=\"/actions/%U\">%h %h</a>", h->ref, h->ref,
                    h->title);
        html_printf(b, "<span class=\"govuk-caption-m\">Progress update for ");
        view_month(b, h->month);
        html_printf(b, "</span>");
        break;
    case SEARCH_MEASURE:
    case SEARCH__KINDS:
        html_printf(b, "<a class=\"govuk-link\" href=\"/measures/%U\">%h ", h->ref, h->ref);
        render_marked(b, h->title, false);
        html_printf(b, "</a>");
        break;
    case SEARCH_RECOMMENDATION:
        html_printf(b, "<a class=\"govuk-link\" href=\"/recommendations/%U\">Recommendation %h</a>",
                    h->ref, h->ref);
        html_printf(b, "<span class=\"govuk-caption-m\">%h</span>", h->snippet);
        break;
    case SEARCH_MILESTONE:
        html_printf(b, "<a class=\"govuk-link\" href=\"/milestones#%U\">%h %h</a>", h->ref, h->ref,
                    h->title);
        if (h->snippet[0])
            html_printf(b, "<span class=\"govuk-caption-m\">Milestone of action %h</span>",
                        h->snippet);
        else
            html_printf(b, "<span class=\"govuk-caption-m\">Theme milestone</span>");
        break;
    case SEARCH_THEME:
        html_printf(b, "<a class=\"govuk-link\" href=\"/themes/%U\">Theme %h %h</a>", h->ref,
                    h->ref, h->title);
        break;
    case SEARCH_MEETING:
        html_printf(b, "<a class=\"govuk-link\" href=\"/meetings/%U\">%h</a>", h->ref, h->title);
        html_printf(b, "<span class=\"govuk-caption-m\">Panel meeting, ");
        view_time(b, h->at);
        html_printf(b, "</span>");
        break;
    case SEARCH_SOS:
        html_printf(b,
                    "<a class=\"govuk-link\" href=\"/reports/sos/%U\">%h</a>"
                    "<span class=\"govuk-caption-m\">%h, published %h</span>",
                    h->ref, h->title, h->ref, h->at);
        break;
    }
    html_printf(b, "</h3>\n");
    if (h->kind == SEARCH_RECOMMENDATION)
        html_printf(b, "<p class=\"govuk-body\">%h</p>\n", h->title);
    else if (h->snippet && h->snippet[0] && h->kind != SEARCH_MILESTONE) {
        html_printf(b, "<p class=\"govuk-body\">");
        render_marked(b, h->snippet,
                      h->kind == SEARCH_UPDATE || h->kind == SEARCH_MEETING ||
                          h->kind == SEARCH_SOS);
        html_printf(b, "</p>\n");
    }
    html_printf(b, "</li>\n");
}

/* Links to show one group alone (or all), with their counts. */
static void render_filters(struct buf *b, const struct view_search *s)
{
    const struct search_result *res = s->res;
    size_t all = 0;
    for (int k = 0; k < SEARCH__KINDS; k++)
        all += res->total[k];
    html_printf(b, "<nav aria-label=\"Kinds of result\">\n<ul class=\"govuk-list dialturn-"
                   "filters\">\n<li>");
    if (s->type) {
        html_printf(b, "<a class=\"govuk-link\" href=\"");
        search_href(b, s, NULL, 1);
        html_printf(b, "\">All results</a>");
    } else {
        html_printf(b, "<strong aria-current=\"page\">All results (%zu)</strong>", all);
    }
    html_printf(b, "</li>\n");
    for (int k = 0; k < SEARCH__KINDS; k++) {
        if (s->type && strcmp(s->type, groups[k].type) == 0) {
            html_printf(b, "<li><strong aria-current=\"page\">%h (%zu)</strong></li>\n",
                        groups[k].heading, res->total[k]);
        } else if (!s->type) {
            html_printf(b, "<li><a class=\"govuk-link\" href=\"");
            search_href(b, s, groups[k].type, 1);
            html_printf(b, "\">%h (%zu)</a></li>\n", groups[k].heading, res->total[k]);
        } else {
            html_printf(b, "<li><a class=\"govuk-link\" href=\"");
            search_href(b, s, groups[k].type, 1);
            html_printf(b, "\">%h</a></li>\n", groups[k].heading);
        }
    }
    html_printf(b, "</ul>\n</nav>\n");
}

/* One numbered page link of the pagination. */
static void page_item(struct buf *b, const struct view_search *s, size_t n)
{
    if (n == s->page)
        html_printf(b, "<li class=\"govuk-pagination__item govuk-pagination__item--current\">");
    else
        html_printf(b, "<li class=\"govuk-pagination__item\">");
    html_printf(b, "<a class=\"govuk-link govuk-pagination__link\" href=\"");
    search_href(b, s, s->type, n);
    html_printf(b, "\" aria-label=\"Page %zu\"", n);
    if (n == s->page)
        html_printf(b, " aria-current=\"page\"");
    html_printf(b, ">%zu</a></li>\n", n);
}

/* GOV.UK pagination: previous, the first and last pages, the current one and
 * its neighbours (with ellipses between), next. */
static void render_pagination(struct buf *b, const struct view_search *s)
{
    size_t last = s->res->npages, cur = s->page;
    if (last < 2)
        return;
    html_printf(b, "<nav class=\"govuk-pagination\" aria-label=\"Pages of results\">\n");
    if (cur > 1) {
        html_printf(b, "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link "
                       "govuk-pagination__link\" href=\"");
        search_href(b, s, s->type, cur - 1);
        html_printf(b, "\" rel=\"prev\"><span class=\"govuk-pagination__link-title\">Previous"
                       "<span class=\"govuk-visually-hidden\"> page</span></span></a></div>\n");
    }
    html_printf(b, "<ul class=\"govuk-pagination__list\">\n");
    for (size_t n = 1; n <= last; n++) {
        if (n == 1 || n == last || (n + 1 >= cur && n <= cur + 1)) {
            page_item(b, s, n);
        } else if (n == 2 || n == last - 1) {
            html_printf(b, "<li class=\"govuk-pagination__item "
                           "govuk-pagination__item--ellipses\">⋯</li>\n");
        }
    }
    html_printf(b, "</ul>\n");
    if (cur < last) {
        html_printf(b, "<div class=\"govuk-pagination__next\"><a class=\"govuk-link "
                       "govuk-pagination__link\" href=\"");
        search_href(b, s, s->type, cur + 1);
        html_printf(b, "\" rel=\"next\"><span class=\"govuk-pagination__link-title\">Next"
                       "<span class=\"govuk-visually-hidden\"> page</span></span></a></div>\n");
    }
    html_printf(b, "</nav>\n");
}

/* The results: a count, the filters, each group present on this page, then
 * pagination; or the empty state. */
static void render_results(struct buf *b, const struct view_search *s)
{
    const struct search_result *res = s->res;
    if (res->total_all == 0) {
        html_printf(b,
                    "<h2 class=\"govuk-heading-m\">No results for \"%h\"</h2>\n"
                    "<p class=\"govuk-body\">Improve your results by:</p>\n"
                    "<ul class=\"govuk-list govuk-list--bullet\">\n"
                    "<li>checking your spelling</li>\n"
                    "<li>using fewer words, or more general ones</li>\n"
                    "<li>ending a word with * to match its beginning</li>\n",
                    s->q);
        if (s->type)
            html_printf(b,
                        "<li><a class=\"govuk-link\" href=\"/search?q=%U\">searching every "
                        "kind of result</a></li>\n",
                        s->q);
        html_printf(b, "</ul>\n<p class=\"govuk-body\">Progress updates are searchable once "
                       "their monthly report is signed off. You can also "
                       "<a class=\"govuk-link\" href=\"/plan\">browse the whole plan</a>.</p>\n");
        return;
    }
    html_printf(b, "<p class=\"govuk-body\" role=\"status\">%h%zu %h for \"%h\"",
                res->more ? "More than " : "", res->total_all,
                res->total_all == 1 && !res->more ? "result" : "results", s->q);
    if (res->npages > 1)
        html_printf(b, " (page %zu of %zu)", s->page, res->npages);
    html_printf(b, "</p>\n");
    render_filters(b, s);
    for (size_t i = 0; i < res->nhits; i++) {
        const struct search_hit *h = &res->hits[i];
        if (i == 0 || res->hits[i - 1].kind != h->kind) {
            if (i > 0)
                html_printf(b, "</ul>\n");
            html_printf(b,
                        "<h2 class=\"govuk-heading-m\">%h <span class=\"govuk-caption-m\">"
                        "%zu found</span></h2>\n<ul class=\"govuk-list dialturn-results\">\n",
                        groups[h->kind].heading, res->total[h->kind]);
        }
        render_hit(b, h);
    }
    if (res->nhits)
        html_printf(b, "</ul>\n");
    render_pagination(b, s);
}

void view_search(struct buf *b, const struct view_site *site, const struct view_search *s)
{
    view_page_begin(b, site, s->q[0] ? "Search results" : "Search");
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Search</h1>\n");
    render_form(b, s);
    if (!s->res)
        render_help(b);
    else if (s->res->nterms == 0)
        html_printf(b, "<h2 class=\"govuk-heading-m\">Nothing to search for</h2>\n"
                       "<p class=\"govuk-body\">Enter at least one word made of letters or "
                       "numbers.</p>\n");
    else
        render_results(b, s);
    view_page_end(b, site);
}

/* page_search.c — GET /search: the public record's full-text search.
 *
 * Input, declared here and checked before the model sees it:
 *   q     the words to look for: at most SEARCH_Q_MAX characters (else 400);
 *         absent or blank shows the search form with help text
 *   type  "actions", "updates", "measures", "recommendations", "milestones",
 *         "themes", "meetings" or "reports" (to the Secretary of State): one group
 *         only (else 400)
 *   page  1, 2, ... (at most SEARCH_MAX_PAGE; else 400); past the last page 404
 *   as_at a signed-off month YYYY-MM: search its record, the words it showed
 *         (else 400, or 404 for a month not signed off); the latest by default */
#include "lib/text.h"
#include "model/search.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>
#include <string.h>

#define SEARCH_MAX_PAGE 100000 /* far beyond any real result list, short of overflow */

/* The groups `type` can name, in enum search_kind order. */
static const char *const type_names[SEARCH__KINDS] = {"actions",         "updates",    "measures",
                                                      "recommendations", "milestones", "themes",
                                                      "meetings",        "reports"};

/* Parses a page number "1".."100000" (digits only).  Returns it, or 0 when s
 * is not one. */
static size_t parse_page(const char *s)
{
    size_t n = 0;
    if (!s || !*s)
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        n = n * 10 + (size_t)(*s - '0');
        if (n > SEARCH_MAX_PAGE)
            return 0;
    }
    return n;
}

/* Whether s holds anything but white space. */
static bool has_text(const char *s)
{
    for (; s && *s; s++)
        if (!strchr(" \t\r\n\f\v", *s))
            return true;
    return false;
}

/* Reads and checks the inputs, runs the search, renders.  Returns 0 (with a
 * 400 or 404 answered through req_error when the input is wrong), or -1 with
 * the model's reason in r->err. */
int page_search(struct req *r)
{
    const char *q = req_arg(r, "q"), *type = req_arg(r, "type"), *page_s = req_arg(r, "page");
    struct view_site site = WEB_SITE_R(r);
    struct view_search vs = {q ? q : "", NULL, 1, NULL, NULL};
    unsigned kinds = (1u << SEARCH__KINDS) - 1;
    struct search_result res;
    struct pub_scope scope;

    site.path = "/search";
    if (q && utf8_chars(q) > SEARCH_Q_MAX) {
        req_error(r, 400, "The search terms (q) must be 200 characters or fewer.");
        return 0;
    }
    if (type && *type) {
        int k = 0;
        while (k < SEARCH__KINDS && strcmp(type, type_names[k]) != 0)
            k++;
        if (k == SEARCH__KINDS) {
            req_error(r, 400,
                      "The kind of result (type) must be actions, updates, measures, "
                      "recommendations, milestones, themes, meetings or reports.");
            return 0;
        }
        kinds = 1u << k;
        vs.type = type_names[k];
    }
    if (page_s && (vs.page = parse_page(page_s)) == 0) {
        req_error(r, 400, "The page number (page) must be a whole number from 1 to 100000.");
        return 0;
    }
    if (!has_text(q)) {
        vs.q = "";
        view_search(&r->out, &site, &vs);
        return 0;
    }
    /* ?as_at=YYYY-MM searches that signed-off month's record (search.h) */
    int rc = page_scope(r, &scope);
    if (rc)
        return rc < 0 ? -1 : 0;
    site.scope = &scope;
    vs.as_at = scope.as_at ? scope.month_s : NULL;
    if (search_run(r->db, q, kinds, &scope, vs.page, &res) != 0)
        return req_model_error(r);
    if (vs.page > 1 && vs.page > res.npages) {
        search_result_free(&res);
        req_error(r, 404, "There are not that many pages of results for this search.");
        return 0;
    }
    vs.res = &res;
    view_search(&r->out, &site, &vs);
    search_result_free(&res);
    return 0;
}

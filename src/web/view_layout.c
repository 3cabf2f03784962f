/* view_layout.c — the page frame every public page shares (GOV.UK Frontend's
 * page template: skip link, header naming the organisation, service
 * navigation, notices, main, footer) and the date formats every page uses.
 *
 * The header shows the organisation's own name as text: the crown and the
 * GOV.UK logotype are GOV.UK's alone.  The frame has no JavaScript, so the
 * navigation is a plain list that wraps on a phone (no "Menu" toggle). */
#include "lib/html.h"
#include "model/role.h"
#include "web/view.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const month_long[12] = {"January",   "February", "March",    "April",
                                           "May",       "June",     "July",     "August",
                                           "September", "October",  "November", "December"};

/* One entry of the service navigation.  All literals. */
struct nav_item {
    const char *href;     /* the section's own page */
    const char *label;    /* link text */
    const char *under[4]; /* path prefixes that belong to the section as well, or NULL */
    bool dated;           /* the page takes ?as_at: an as-at view's link keeps its month */
    bool live_only;       /* needs the server (a form's answer): not in a static copy */
};

static const struct nav_item nav_items[] = {
    {"/", "Home", {NULL}, true, false},
    {"/plan", "Plan", {"/themes", "/actions", "/engagement", NULL}, true, false},
    {"/recommendations", "Recommendations", {NULL}, true, false},
    {"/milestones", "Milestones", {NULL}, true, false},
    {"/measures", "Measures", {NULL}, true, false},
    {"/reports", "Reports", {NULL}, false, false},
    /* the panel's section holds its meetings: a tenth item would wrap the menu at
       desktop width (the panel page links to the meetings first thing, and to its costs) */
    {"/panel", "Panel", {"/meetings", "/money", NULL}, false, false},
    {"/search", "Search", {NULL}, false, true},
    {"/data", "Data", {NULL}, true, false},
};

/* Whether `path` is `prefix` or lies below it ("/themes/T1" under "/themes",
 * but not "/themesx"). */
static bool path_under(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* How `path` relates to a navigation item: 2 when it is the item's own page,
 * 1 when it is inside the item's section, 0 otherwise.  Home ("/") owns only
 * itself. */
static int nav_state(const struct nav_item *item, const char *path)
{
    if (!path)
        return 0;
    if (strcmp(path, item->href) == 0)
        return 2;
    if (strcmp(item->href, "/") == 0)
        return 0;
    if (path_under(path, item->href))
        return 1;
    for (size_t i = 0; i < sizeof item->under / sizeof *item->under && item->under[i]; i++)
        if (path_under(path, item->under[i]))
            return 1;
    return 0;
}

/* Appends the service navigation: one link per section, the current one
 * marked with aria-current ("page" on the section's own page, "true" inside
 * it) and, for people who override colours, a <strong>.  In an as-at view
 * the dated sections' links keep the month. */
static void render_nav(struct buf *b, const struct view_site *site)
{
    html_printf(b, "<div class=\"govuk-service-navigation\">\n"
                   "<div class=\"govuk-width-container\">\n"
                   "<div class=\"govuk-service-navigation__container\">\n"
                   "<nav aria-label=\"Menu\" class=\"govuk-service-navigation__wrapper\">\n"
                   "<ul class=\"govuk-service-navigation__list\" id=\"navigation\">\n");
    for (size_t i = 0; i < sizeof nav_items / sizeof *nav_items; i++) {
        const struct nav_item *it = &nav_items[i];
        if (it->live_only && !site->live)
            continue; /* a published static copy has no server to answer it */
        int st = nav_state(it, site->path);
        if (st == 0)
            html_printf(b,
                        "<li class=\"govuk-service-navigation__item\">"
                        "<a class=\"govuk-service-navigation__link\" href=\"%h",
                        it->href);
        else
            html_printf(b,
                        "<li class=\"govuk-service-navigation__item "
                        "govuk-service-navigation__item--active\">"
                        "<a class=\"govuk-service-navigation__link\" href=\"%h",
                        it->href);
        if (it->dated)
            view_as_at(b, site, '?');
        if (st == 0)
            html_printf(b, "\">%h</a></li>\n", it->label);
        else
            html_printf(b,
                        "\" aria-current=\"%h\">"
                        "<strong class=\"govuk-service-navigation__active-fallback\">%h</strong>"
                        "</a></li>\n",
                        st == 2 ? "page" : "true", it->label);
    }
    html_printf(b, "</ul>\n</nav>\n</div>\n</div>\n</div>\n");
}

/* The workspace's sections, each shown to those who hold its capability.
 * All literals. */
struct work_item {
    const char *href;  /* the section's page */
    const char *label; /* link text */
    enum cap cap;      /* who sees the link (the route checks again) */
};

static const struct work_item work_items[] = {
    {"/work", "Workspace", CAP_SIGNED_IN},
    {"/work/review", "Review", CAP_REVIEW},
    {"/work/chase", "Chase list", CAP_REVIEW},
    {"/work/closures", "Closures", CAP_CLOSE},
    {"/work/periods", "Periods", CAP_SIGNED_IN},
    {"/work/versions", "Plan versions", CAP_SIGNED_IN},
    {"/work/measures", "Measures", CAP_MEASURES},
    {"/work/milestones", "Milestones", CAP_MILESTONES},
    {"/work/assurance", "Assurance", CAP_READ_RESTRICTED},
    {"/work/documents", "Documents", CAP_SIGNED_IN},
    {"/work/meetings", "Meetings", CAP_MEETINGS},
    {"/work/panel", "Panel members", CAP_MEETINGS},
    {"/work/calendar", "Calendar", CAP_READ_CLOSED},
    {"/work/money", "Money", CAP_MONEY},
    {"/work/engagement", "Engagement", CAP_ENGAGEMENT},
    {"/work/users", "Users", CAP_USERS},
    {"/work/mail", "Mail sent", CAP_MAIL_LOG},
};

/* Appends, for a signed-in person, who they are, a sign-out button and the
 * workspace's navigation (the sections their role can use). */
static void render_user(struct buf *b, const struct view_site *site)
{
    const struct session_user *u = site->user;
    html_printf(b,
                "<div class=\"dialturn-userbar\">\n"
                "<div class=\"govuk-width-container dialturn-userbar__inner\">\n"
                "<p class=\"govuk-body-s dialturn-userbar__who\">Signed in as "
                "<strong>%h</strong> (%h) · <a class=\"govuk-link\" href=\"/work/account\">"
                "My account</a></p>\n"
                "<form method=\"post\" action=\"/logout\" class=\"dialturn-userbar__out\">\n",
                u->name, role_label(u->role));
    view_csrf_field(b, site);
    html_printf(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
                   "dialturn-button--small\" data-module=\"govuk-button\">Sign out</button>\n"
                   "</form>\n"
                   "</div>\n"
                   "</div>\n"
                   "<div class=\"govuk-service-navigation dialturn-worknav\">\n"
                   "<div class=\"govuk-width-container\">\n"
                   "<div class=\"govuk-service-navigation__container\">\n"
                   "<nav aria-label=\"Workspace\" class=\"govuk-service-navigation__wrapper\">\n"
                   "<ul class=\"govuk-service-navigation__list\">\n");
    for (size_t i = 0; i < sizeof work_items / sizeof *work_items; i++) {
        const struct work_item *it = &work_items[i];
        if (!role_has(u->role, it->cap))
            continue;
        const char *path = site->path ? site->path : "";
        /* the workspace home owns only itself; a section owns what lies below it */
        int st = strcmp(path, it->href) == 0                                    ? 2
                 : strcmp(it->href, "/work") != 0 && path_under(path, it->href) ? 1
                                                                                : 0;
        if (st == 0)
            html_printf(b,
                        "<li class=\"govuk-service-navigation__item\">"
                        "<a class=\"govuk-service-navigation__link\" href=\"%h\">%h</a></li>\n",
                        it->href, it->label);
        else
            html_printf(b,
                        "<li class=\"govuk-service-navigation__item "
                        "govuk-service-navigation__item--active\">"
                        "<a class=\"govuk-service-navigation__link\" href=\"%h\" "
                        "aria-current=\"%h\"><strong "
                        "class=\"govuk-service-navigation__active-fallback\">%h</strong>"
                        "</a></li>\n",
                        it->href, st == 2 ? "page" : "true", it->label);
    }
    html_printf(b, "</ul>\n</nav>\n</div>\n</div>\n</div>\n");
}

void view_csrf_field(struct buf *b, const struct view_site *site)
{
    if (site->user)
        html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%h\">\n", site->user->csrf);
}

/* Appends the "as at" banner: the page shows the site as it stood at the end
 * of an earlier signed-off month, with a link to the page as it is now. */
static void render_as_at(struct buf *b, const struct view_site *site)
{
    char m[MONTH_LEN];
    month_format(site->scope->month, m);
    html_printf(b, "<div class=\"govuk-notification-banner\" role=\"region\" "
                   "aria-labelledby=\"as-at-title\">\n"
                   "<div class=\"govuk-notification-banner__header\">\n"
                   "<h2 class=\"govuk-notification-banner__title\" id=\"as-at-title\">"
                   "Important</h2>\n"
                   "</div>\n"
                   "<div class=\"govuk-notification-banner__content\">\n"
                   "<p class=\"govuk-notification-banner__heading\">You are looking at this page "
                   "as it stood at the end of ");
    view_month(b, m);
    html_printf(b,
                ", from the reports signed off by then.</p>\n"
                "<p class=\"govuk-body\"><a class=\"govuk-notification-banner__link\" "
                "href=\"%h\">See it as it stands now</a>.</p>\n"
                "</div>\n"
                "</div>\n",
                site->path ? site->path : "/");
}

void view_page_begin(struct buf *b, const struct view_site *site, const char *title)
{
    html_printf(b,
                "<!DOCTYPE html>\n"
                "<html lang=\"en-GB\" class=\"govuk-template\">\n"
                "<head>\n"
                "<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, "
                "viewport-fit=cover\">\n"
                "<meta name=\"theme-color\" content=\"#0b0c0c\">\n"
                "<title>%h – %h</title>\n"
                "<link rel=\"icon\" href=\"data:,\">\n"
                "<link rel=\"stylesheet\" href=\"/assets/dialturn.css\">\n"
                "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feed.atom\" "
                "title=\"%h: published updates and reports\">\n"
                "</head>\n"
                "<body class=\"govuk-template__body\">\n"
                "<a href=\"#main-content\" class=\"govuk-skip-link\">Skip to main content</a>\n"
                "<header class=\"govuk-header govuk-header--full-width-border\">\n"
                "<div class=\"govuk-header__container govuk-width-container\">\n"
                "<div class=\"govuk-header__logo\">\n"
                "<a href=\"/",
                title, site->org_name, site->org_name);
    view_as_at(b, site, '?');
    html_printf(b,
                "\" class=\"govuk-header__link govuk-header__link--homepage "
                "dialturn-header__name\">%h</a>\n"
                "</div>\n"
                "</div>\n"
                "</header>\n",
                site->org_name);
    render_nav(b, site);
    if (site->user)
        render_user(b, site);
    html_printf(b, "<div class=\"govuk-width-container\">\n");
    if (site->notice)
        html_printf(b,
                    "<div class=\"govuk-phase-banner\">\n"
                    "<p class=\"govuk-phase-banner__content\">"
                    "<span class=\"govuk-phase-banner__text\">%h</span></p>\n"
                    "</div>\n",
                    site->notice);
    html_printf(b, "<main class=\"govuk-main-wrapper\" id=\"main-content\" tabindex=\"-1\">\n");
    if (site->scope && site->scope->as_at)
        render_as_at(b, site);
}

void view_page_end(struct buf *b, const struct view_site *site)
{
    html_printf(b,
                "</main>\n"
                "</div>\n"
                "<footer class=\"govuk-footer\">\n"
                "<div class=\"govuk-width-container\">\n"
                "<div class=\"govuk-footer__meta\">\n"
                "<div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">\n"
                "<h2 class=\"govuk-visually-hidden\">Support links</h2>\n"
                "<ul class=\"govuk-footer__inline-list\">\n"
                "<li class=\"govuk-footer__inline-list-item\">"
                "<a class=\"govuk-footer__link\" href=\"/accessibility\">Accessibility</a></li>\n"
                "<li class=\"govuk-footer__inline-list-item\">"
                "<a class=\"govuk-footer__link\" href=\"/data");
    view_as_at(b, site, '?');
    html_printf(b, "\">Open data</a></li>\n"
                   "<li class=\"govuk-footer__inline-list-item\">"
                   "<a class=\"govuk-footer__link\" href=\"/feed.atom\">Atom feed</a></li>\n");
    if (site->live && !site->user)
        html_printf(b, "<li class=\"govuk-footer__inline-list-item\">"
                       "<a class=\"govuk-footer__link\" href=\"/login\">Sign in</a></li>\n");
    html_printf(b,
                "</ul>\n"
                "<div class=\"govuk-footer__meta-custom\">\n"
                "<p class=\"govuk-body-s dialturn-footer__about\">%h: the improvement plan and "
                "the progress reported on it, from the signed-off monthly reports.</p>\n"
                "<p class=\"govuk-body-s\">Published with dialturn.</p>\n"
                "</div>\n"
                "</div>\n"
                "</div>\n"
                "</div>\n"
                "</footer>\n"
                "</body>\n"
                "</html>\n",
                site->org_name);
}

void view_date(struct buf *b, day_t d)
{
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (d == DAY_NONE) {
        html_printf(b, "Not set");
        return;
    }
    char iso[DATE_LEN];
    date_format(d, iso); /* "YYYY-MM-DD": the parts are at fixed places */
    int m = (iso[5] - '0') * 10 + (iso[6] - '0');
    int day = (iso[8] - '0') * 10 + (iso[9] - '0');
    char year[5] = {iso[0], iso[1], iso[2], iso[3], '\0'};
    html_printf(b, "<time datetime=\"%h\">%d %h %h</time>", iso, day, mon[(m - 1) % 12], year);
}

void view_time(struct buf *b, const char *at)
{
    struct tm utc = {0}, local;
    const char *end = at ? strptime(at, "%Y-%m-%dT%H:%M:%S", &utc) : NULL;
    time_t t = end ? timegm(&utc) : (time_t)-1;
    char text[64];
    if (t == (time_t)-1 || !localtime_r(&t, &local) ||
        !strftime(text, sizeof text, "%-d %B %Y, %H:%M %Z", &local)) {
        html_printf(b, "%h", at ? at : "");
        return;
    }
    html_printf(b, "<time datetime=\"%h\">%h</time>", at, text);
}

void view_month(struct buf *b, const char *month)
{
    int mo;
    if (!month || !month_parse(month, &mo)) {
        html_printf(b, "%h", month);
        return;
    }
    html_printf(b, "%h %d", month_long[mo % 12], mo / 12);
}

void view_table_open(struct buf *b, const char *label)
{
    html_printf(b,
                "<div class=\"dialturn-table-container\" role=\"region\" aria-label=\"%h\" "
                "tabindex=\"0\">\n",
                label);
}

void view_table_close(struct buf *b)
{
    html_printf(b, "</div>\n");
}

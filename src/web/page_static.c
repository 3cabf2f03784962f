/* page_static.c — pages whose words are fixed: the accessibility statement.
 *
 * The statement follows the model the UK government publishes for public
 * sector bodies (the Public Sector Bodies (Websites and Mobile Applications)
 * (No. 2) Accessibility Regulations 2018): who runs the site, how accessible it
 * is, how to report a problem, the enforcement procedure, the technical
 * position, and when it was prepared and last reviewed.  Only the
 * organisation's name varies. */
#include "lib/html.h"
#include "web/view.h"
#include "web/web.h"

/* When the statement's words were last checked against the site.  Change it
 * whenever the statement or the site's accessibility changes. */
#define A11Y_PREPARED "2026-11-22"
#define A11Y_REVIEWED "2026-11-22"

/* Appends a literal ISO date as a <time> element (view_date's format). */
static void literal_date(struct buf *b, const char *iso)
{
    day_t d;
    if (date_parse(iso, &d))
        view_date(b, d);
    else
        html_printf(b, "%h", iso);
}

/* The statement's body, after the heading. */
static void render_statement(struct buf *b, const char *org)
{
    html_printf(b,
                "<p class=\"govuk-body-l\">This statement applies to %h's public site for its "
                "improvement plan: the plan, the monthly progress reported on it, milestones, "
                "measures, search and feeds.</p>\n"
                "<p class=\"govuk-body\">This website is run by %h. We want as many people as "
                "possible to be able to use it. For example, you should be able to:</p>\n"
                "<ul class=\"govuk-list govuk-list--bullet\">\n"
                "<li>change colours, contrast levels and fonts using your browser or device "
                "settings</li>\n"
                "<li>zoom in up to 400%% without the text spilling off the screen</li>\n"
                "<li>navigate most of the website using just a keyboard or speech recognition "
                "software</li>\n"
                "<li>listen to most of the website using a screen reader (including the most "
                "recent versions of JAWS, NVDA and VoiceOver)</li>\n"
                "<li>use every page, search and form with JavaScript turned off: the site "
                "does not need JavaScript to work</li>\n"
                "</ul>\n"
                "<p class=\"govuk-body\">We have also made the text as simple as possible to "
                "understand. Ratings are always written out as words (for example "
                "&quot;High&quot;), never shown by colour alone, and every chart has its "
                "figures in text beside it.</p>\n",
                org, org);
    html_printf(b, "<h2 class=\"govuk-heading-m\">How accessible this website is</h2>\n"
                   "<p class=\"govuk-body\">We know some parts of this website are not fully "
                   "accessible:</p>\n"
                   "<ul class=\"govuk-list govuk-list--bullet\">\n"
                   "<li>progress narratives are written by the officers who report them, and "
                   "may use headings or link text that do not fit the page around them</li>\n"
                   "<li>some documents published as evidence, such as PDF files, may not be "
                   "fully accessible to screen reader software</li>\n"
                   "</ul>\n");
    html_printf(b,
                "<h2 class=\"govuk-heading-m\">Reporting accessibility problems with this "
                "website</h2>\n"
                "<p class=\"govuk-body\">We are always looking to improve the accessibility of "
                "this website. If you find any problems not listed on this page, or think we "
                "are not meeting accessibility requirements, contact %h's improvement "
                "programme office. Tell us:</p>\n"
                "<ul class=\"govuk-list govuk-list--bullet\">\n"
                "<li>the web address (URL) of the page</li>\n"
                "<li>what the problem is</li>\n"
                "<li>what computer and software you use, including any assistive "
                "technology</li>\n"
                "</ul>\n"
                "<p class=\"govuk-body\">If you need information on this website in a "
                "different format, like accessible PDF, large print, easy read, audio "
                "recording or braille, ask the same office. We will consider your request and "
                "get back to you within 5 working days.</p>\n"
                "<p class=\"govuk-body\">Everything on this site is also published as open "
                "data (CSV and JSON) and as an Atom feed, which you can read with the tools "
                "that suit you.</p>\n",
                org);
    html_printf(b, "<h2 class=\"govuk-heading-m\">Enforcement procedure</h2>\n"
                   "<p class=\"govuk-body\">The Equality and Human Rights Commission (EHRC) is "
                   "responsible for enforcing the Public Sector Bodies (Websites and Mobile "
                   "Applications) (No. 2) Accessibility Regulations 2018 (the &quot;accessibility "
                   "regulations&quot;). If you are not happy with how we respond to your "
                   "complaint, <a class=\"govuk-link\" "
                   "href=\"https://www.equalityadvisoryservice.com/\">contact the Equality "
                   "Advisory and Support Service (EASS)</a>.</p>\n"
                   "<p class=\"govuk-body\">If you are in Northern Ireland and are not happy with "
                   "how we respond to your complaint, you can contact the "
                   "<a class=\"govuk-link\" href=\"https://www.equalityni.org/Home\">Equality "
                   "Commission for Northern Ireland</a>.</p>\n");
    html_printf(b,
                "<h2 class=\"govuk-heading-m\">Technical information about this website's "
                "accessibility</h2>\n"
                "<p class=\"govuk-body\">%h is committed to making its website accessible, in "
                "accordance with the Public Sector Bodies (Websites and Mobile Applications) "
                "(No. 2) Accessibility Regulations 2018.</p>\n"
                "<h3 class=\"govuk-heading-s\">Compliance status</h3>\n"
                "<p class=\"govuk-body\">This website is partially compliant with the "
                "<a class=\"govuk-link\" href=\"https://www.w3.org/TR/WCAG22/\">Web Content "
                "Accessibility Guidelines version 2.2</a> AA standard, because of the content "
                "listed below.</p>\n"
                "<h3 class=\"govuk-heading-s\">Non-accessible content</h3>\n"
                "<p class=\"govuk-body\">Progress narratives and evidence documents are "
                "written and uploaded by officers. Their headings, link text and documents "
                "may not meet success criteria 1.3.1 (Info and Relationships), 2.4.4 (Link "
                "Purpose) and 2.4.6 (Headings and Labels).</p>\n"
                "<h3 class=\"govuk-heading-s\">What we do to keep the site accessible</h3>\n"
                "<p class=\"govuk-body\">Pages are built from the GOV.UK Design System's "
                "components, and the site's tests check its pages with automated "
                "accessibility tests (axe-core) in a browser. Charts are drawn as images with text "
                "alternatives, with their figures also given as text.</p>\n",
                org);
    html_printf(b, "<h2 class=\"govuk-heading-m\">Preparation of this accessibility "
                   "statement</h2>\n<p class=\"govuk-body\">This statement was prepared on ");
    literal_date(b, A11Y_PREPARED);
    html_printf(b, ". It was last reviewed on ");
    literal_date(b, A11Y_REVIEWED);
    html_printf(b, ".</p>\n");
}

/* GET /accessibility: needs no database (the organisation's name comes from
 * the configuration).  Returns 0. */
int page_accessibility(struct req *r)
{
    struct view_site site = WEB_SITE_R(r);
    site.path = "/accessibility";
    view_page_begin(&r->out, &site, "Accessibility statement");
    html_printf(&r->out, "<h1 class=\"govuk-heading-xl\">Accessibility statement for %h</h1>\n",
                r->cfg->org_name);
    render_statement(&r->out, r->cfg->org_name);
    view_page_end(&r->out, &site);
    return 0;
}

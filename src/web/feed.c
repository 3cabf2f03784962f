/* feed.c — the Atom feeds (RFC 4287): the site's, an action's, a theme's.
 *
 *   GET /feed.atom                 every signed-off monthly report, then the
 *                                  latest published updates (PUB_FEED_MAX in all)
 *   GET /actions/{ref}/feed.atom   one action's published updates
 *   GET /themes/{ref}/feed.atom    the published updates of a theme's actions
 *
 * The XML is written by hand, but every text node and attribute value goes
 * through html_printf's %h (XML needs nothing more than HTML's escaping; its
 * &#39; and &quot; are XML too) and every ref in a URL or tag URI through %U.
 * An update's narrative is rendered to HTML by markdown_html (safe mode) and
 * that HTML is escaped again as the text of <content type="html">.
 *
 * Identifiers are tag URIs (RFC 4151) that never change with the host or the
 * page layout: tag:dialturn,2015:<slug>/actions/A3 names action A3's feed,
 * .../actions/A3/updates/2015-03 its March 2015 update wherever it appears. */
#include "lib/html.h"
#include "lib/markdown.h"
#include "model/pub_feed.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>
#include <string.h>

#define TAG_PREFIX "tag:dialturn,2015:"

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

/* Writes "March 2015" for the month "2015-03" into out (the text as given when
 * it is not a month). */
static void month_text(const char *month, char *out, size_t n)
{
    int m;
    if (month_parse(month, &m))
        snprintf(out, n, "%s %d", month_names[m % 12], m / 12);
    else
        snprintf(out, n, "%s", month);
}

/* Writes "10 April 2015" for a date into out ("an unrecorded date" for none). */
static void date_text(day_t d, char *out, size_t n)
{
    char iso[DATE_LEN];
    if (d == DAY_NONE) {
        snprintf(out, n, "an unrecorded date");
        return;
    }
    date_format(d, iso);
    int mo = (iso[5] - '0') * 10 + (iso[6] - '0'), day = (iso[8] - '0') * 10 + (iso[9] - '0');
    snprintf(out, n, "%d %s %.4s", day, month_names[(mo + 11) % 12], iso);
}

/* Appends an RFC 3339 date-time for the start of day d (UTC). */
static void atom_time(struct buf *b, day_t d)
{
    char iso[DATE_LEN];
    date_format(d, iso);
    html_printf(b, "%hT00:00:00Z", iso);
}

/* XML 1.0 forbids U+FFFE and U+FFFF, which HTML escaping lets through as valid
 * UTF-8: replaces each (three bytes) with U+FFFD (three bytes) in place, so
 * that no stored text can make a feed unparseable. */
static void xml_sanitise(struct buf *b)
{
    for (size_t i = 0; i + 2 < b->len; i++) {
        unsigned char *p = (unsigned char *)b->data + i;
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            p[2] = 0xBD;
    }
}

/* The text "A3 — March 2015: In progress, High confidence" of an update. */
static void update_title(struct buf *b, const struct pub_feed *f, const struct pub_feed_entry *e)
{
    char month[32];
    month_text(e->month, month, sizeof month);
    html_printf(b, "%h — %h: %h", e->action_ref, month,
                view_status_label((enum action_status)e->status));
    if (e->level >= 0 && e->level < f->scale->nlevels)
        html_printf(b, ", %h confidence", f->scale->levels[e->level].label);
}

/* Appends each line of `text` (one sentence a line; NULL for none) as a paragraph. */
static void lines(struct buf *html, const char *text)
{
    for (const char *c = text; c && *c;) {
        const char *nl = strchr(c, '\n');
        size_t len = nl ? (size_t)(nl - c) : strlen(c);
        char *line = xstrndup(c, len);
        html_printf(html, "<p>%h</p>\n", line);
        free(line);
        c += len + (nl != NULL);
    }
}

/* One progress update as an entry: its HTML (facts, then the narrative) is
 * escaped as the text of <content type="html">. */
static void write_update(struct buf *b, const struct pub_feed *f, const struct pub_feed_entry *e)
{
    struct buf html = BUF_INIT;
    html_printf(&html, "<p><strong>%h %h</strong></p>\n<p>Status: %h. Percent complete: %d%%.",
                e->action_ref, e->action_title, view_status_label((enum action_status)e->status),
                e->percent);
    if (e->level >= 0 && e->level < f->scale->nlevels)
        html_printf(&html, " Confidence: %h.", f->scale->levels[e->level].label);
    html_printf(&html, "</p>\n");
    markdown_html(&html, e->narrative);
    lines(&html, e->corrected);
    lines(&html, e->panel);

    html_printf(b, "<entry>\n<id>" TAG_PREFIX "%U/actions/%U/updates/%h</id>\n<title>", f->slug,
                e->action_ref, e->month);
    update_title(b, f, e);
    html_printf(b, "</title>\n<updated>");
    atom_time(b, e->updated);
    html_printf(b,
                "</updated>\n"
                "<link rel=\"alternate\" type=\"text/html\" href=\"/actions/%U\"/>\n"
                "<content type=\"html\">%h</content>\n"
                "</entry>\n",
                e->action_ref, buf_str(&html));
    buf_free(&html);
}

/* One signed-off month as an entry: its counts and movements. */
static void write_report(struct buf *b, const struct pub_feed *f, const struct pub_feed_entry *e)
{
    char month[32], signed_on[40];
    month_text(e->month, month, sizeof month);
    date_text(e->updated, signed_on, sizeof signed_on);
    html_printf(b,
                "<entry>\n<id>" TAG_PREFIX "%U/reports/%h</id>\n"
                "<title>Progress report for %h: %zu %h reported, %zu improved, %zu declined"
                "</title>\n<updated>",
                f->slug, e->month, month, e->nupdates, e->nupdates == 1 ? "action" : "actions",
                e->nimproved, e->ndeclined);
    atom_time(b, e->updated);
    html_printf(b,
                "</updated>\n"
                "<link rel=\"alternate\" type=\"text/html\" href=\"/?as_at=%U\"/>\n"
                "<summary type=\"text\">The monthly progress report for %h was signed off on %h. "
                "%zu %h reported",
                e->month, month, signed_on, e->nupdates,
                e->nupdates == 1 ? "action was" : "actions were");
    for (int i = 0; i < f->scale->nlevels && i < PUB_FEED_MAX_LEVELS; i++)
        html_printf(b, "%h%zu %h", i ? ", " : ": ", e->by_level[i], f->scale->levels[i].label);
    html_printf(b,
                ". Against each action's previous rating, confidence improved for %zu and "
                "declined for %zu.</summary>\n</entry>\n",
                e->nimproved, e->ndeclined);
}

/* The whole document for a loaded feed. */
static void write_feed(struct buf *b, const struct pub_feed *f)
{
    html_printf(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                   "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-GB\">\n");
    switch (f->kind) {
    case PUB_FEED_SITE:
        html_printf(b,
                    "<id>" TAG_PREFIX "%U/feed</id>\n"
                    "<title>%h: improvement plan progress</title>\n"
                    "<link rel=\"self\" type=\"application/atom+xml\" href=\"/feed.atom\"/>\n"
                    "<link rel=\"alternate\" type=\"text/html\" href=\"/\"/>\n",
                    f->slug, f->org_name);
        break;
    case PUB_FEED_ACTION:
        html_printf(b,
                    "<id>" TAG_PREFIX "%U/actions/%U</id>\n"
                    "<title>%h: action %h — %h</title>\n"
                    "<link rel=\"self\" type=\"application/atom+xml\" "
                    "href=\"/actions/%U/feed.atom\"/>\n"
                    "<link rel=\"alternate\" type=\"text/html\" href=\"/actions/%U\"/>\n",
                    f->slug, f->ref, f->org_name, f->ref, f->title, f->ref, f->ref);
        break;
    case PUB_FEED_THEME:
        html_printf(b,
                    "<id>" TAG_PREFIX "%U/themes/%U</id>\n"
                    "<title>%h: theme %h — %h</title>\n"
                    "<link rel=\"self\" type=\"application/atom+xml\" "
                    "href=\"/themes/%U/feed.atom\"/>\n"
                    "<link rel=\"alternate\" type=\"text/html\" href=\"/themes/%U\"/>\n",
                    f->slug, f->ref, f->org_name, f->ref, f->title, f->ref, f->ref);
        break;
    }
    html_printf(b, "<updated>");
    atom_time(b, f->updated != DAY_NONE ? f->updated : date_today());
    html_printf(b,
                "</updated>\n<author><name>%h</name></author>\n"
                "<generator>dialturn</generator>\n",
                f->org_name);
    for (size_t i = 0; i < f->n; i++) {
        if (f->v[i].is_report)
            write_report(b, f, &f->v[i]);
        else
            write_update(b, f, &f->v[i]);
    }
    html_printf(b, "</feed>\n");
    xml_sanitise(b);
}

/* Loads the feed of `kind` (for `ref`) at the latest signed-off month and
 * answers it as Atom; 404 when no action or theme has `ref`.  Returns 0, or -1
 * with the model's reason in r->err. */
static int serve_feed(struct req *r, enum pub_feed_kind kind, const char *ref)
{
    struct pub_scope scope;
    const struct pub_feed *f;
    if (pub_scope_resolve(r->db, NULL, &scope) != PUB_SCOPE_OK) {
        return req_model_error(r);
    }
    int rc = pub_feed_get(r->db, &scope, kind, ref, &f);
    if (rc < 0) {
        return req_model_error(r);
    }
    if (rc > 0) {
        req_error(r, 404,
                  kind == PUB_FEED_THEME ? "There is no theme with that reference."
                                         : "There is no action with that reference.");
        return 0;
    }
    write_feed(&r->out, f);
    r->content_type = CT_ATOM;
    return 0;
}

/* GET /feed.atom (declared in web.h).  Returns as serve_feed() does. */
int page_feed_site(struct req *r)
{
    return serve_feed(r, PUB_FEED_SITE, NULL);
}

/* GET /actions/{ref}/feed.atom; 404 for an unknown ref. */
int page_feed_action(struct req *r)
{
    return serve_feed(r, PUB_FEED_ACTION, req_param(r, "ref"));
}

/* GET /themes/{ref}/feed.atom; 404 for an unknown ref. */
int page_feed_theme(struct req *r)
{
    return serve_feed(r, PUB_FEED_THEME, req_param(r, "ref"));
}

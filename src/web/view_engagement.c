/* view_engagement.c — the pages of engagement (web/engagement.h). */
#include "web/engagement.h"
#include "lib/html.h"
#include "lib/markdown.h"
#include "web/view_cycle_int.h"
#include <stdio.h>
#include <string.h>

/* Appends a day "4 February 2015" from "YYYY-MM-DD". */
static void day(struct buf *b, const char *s)
{
    day_t d;
    if (date_parse(s, &d))
        view_date(b, d);
}

static const char *choice_title(const struct eng_choice *c, size_t n, const char *ref)
{
    for (size_t i = 0; ref && i < n; i++)
        if (strcmp(c[i].ref, ref) == 0)
            return c[i].title;
    return NULL;
}

/* Who took part, as a list. */
static void participants(struct buf *b, const struct eng_event *e)
{
    if (!e->nparts)
        return;
    html_printf(b, "<h3 class=\"govuk-heading-s\">Who took part</h3>\n"
                   "<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (size_t k = 0; k < e->nparts; k++) {
        html_printf(b, "<li>%h", e->parts[k].name);
        if (e->parts[k].count)
            html_printf(b, " (%d %s)", e->parts[k].count,
                        e->parts[k].count == 1 ? "person" : "people");
        html_printf(b, "</li>\n");
    }
    html_printf(b, "</ul>\n");
}

/* One responded item: "You said" and "We did", with the action it led to. */
static void said_did(struct buf *b, const struct eng_feedback *f, const struct eng_choices *c)
{
    html_printf(b,
                "<hr class=\"govuk-section-break govuk-section-break--m "
                "govuk-section-break--visible\">\n"
                "<div class=\"dialturn-feedback\" id=\"%h\">\n<h3 class=\"govuk-heading-s\">%h",
                f->ref, f->ref);
    const char *tt = c ? choice_title(c->themes, c->nthemes, f->theme) : NULL;
    if (tt)
        html_printf(b, " <span class=\"govuk-caption-m\">%h</span>", tt);
    html_printf(b, "</h3>\n<p class=\"govuk-body govuk-!-font-weight-bold "
                   "govuk-!-margin-bottom-1\">You said</p>\n");
    markdown_html(b, f->said);
    if (!f->responded) {
        html_printf(b, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--grey\">"
                       "Awaiting a response</strong></p>\n</div>\n");
        return;
    }
    html_printf(b, "<p class=\"govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1\">"
                   "We did</p>\n");
    markdown_html(b, f->response);
    html_printf(b, "<p class=\"govuk-body-s\">Responded on ");
    day(b, f->responded_on);
    if (f->action[0]) {
        const char *at = c ? choice_title(c->actions, c->nactions, f->action) : NULL;
        html_printf(b, ". It led to action <a class=\"govuk-link\" href=\"/actions/%U\">%h%s%h</a>",
                    f->action, f->action, at ? ": " : "", at ? at : "");
    }
    html_printf(b, ".</p>\n</div>\n");
}

/* The theme filter, as a GET form. */
static void theme_filter(struct buf *b, const struct eng_choices *c, const char *theme)
{
    html_printf(b,
                "<form method=\"get\" action=\"/engagement\" class=\"govuk-!-margin-bottom-6\">\n"
                "<div class=\"govuk-form-group\">\n<label class=\"govuk-label\" "
                "for=\"theme\">Theme</label>\n<select class=\"govuk-select\" id=\"theme\" "
                "name=\"theme\">\n<option value=\"\">All themes</option>\n");
    for (size_t i = 0; i < c->nthemes; i++)
        html_printf(b, "<option value=\"%h\"%s>%h %h</option>\n", c->themes[i].ref,
                    theme && strcmp(theme, c->themes[i].ref) == 0 ? " selected" : "",
                    c->themes[i].ref, c->themes[i].title);
    html_printf(b, "</select>\n<button type=\"submit\" class=\"govuk-button "
                   "govuk-button--secondary govuk-!-margin-bottom-0\" data-module=\"govuk-button\">"
                   "Show</button>\n</div>\n</form>\n");
}

void view_engagement_public(struct buf *b, const struct view_site *site,
                            const struct view_eng_public *v)
{
    view_page_begin(b, site, "You said, we did");
    html_printf(b, "<h1 class=\"govuk-heading-xl\">You said, we did</h1>\n"
                   "<p class=\"govuk-body-l\">What partners, councillors, MPs, staff and "
                   "residents told the council at its engagement events, what the council did "
                   "in response, and the improvement plan's actions it led to.</p>\n"
                   "<p class=\"govuk-body\">Feedback appears here once the council has "
                   "responded to it.</p>\n");
    if (site->live) /* a published static copy has no server to filter */
        theme_filter(b, v->c, v->theme);
    if (!v->nshown) {
        const char *tt = v->theme ? choice_title(v->c->themes, v->c->nthemes, v->theme) : NULL;
        if (v->theme)
            html_printf(b,
                        "<p class=\"govuk-body\">No feedback with a response is published "
                        "for theme %h%s%h yet. <a class=\"govuk-link\" href=\"/engagement\">"
                        "Show all themes</a>.</p>\n",
                        v->theme, tt ? ": " : "", tt ? tt : "");
        else
            html_printf(b, "<p class=\"govuk-body\">No engagement is published yet.</p>\n");
        view_page_end(b, site);
        return;
    }
    for (size_t k = 0; k < v->nshown; k++) {
        const struct eng_event *e = &v->d->events[v->shown[k]];
        html_printf(b,
                    "<section class=\"govuk-!-margin-bottom-8\" aria-labelledby=\"ev-%h\">\n"
                    "<span class=\"govuk-caption-m\">%h, ",
                    e->ref, engagement_kind_label(e->kind));
        day(b, e->held_on);
        html_printf(b,
                    "</span>\n<h2 class=\"govuk-heading-m\" id=\"ev-%h\"><a class=\"govuk-link\" "
                    "href=\"/engagement/%U\">%h</a></h2>\n",
                    e->ref, e->ref, e->title);
        size_t shown = 0;
        for (size_t i = 0; i < v->d->nfeedback; i++) {
            const struct eng_feedback *f = &v->d->feedback[i];
            if (f->event != v->shown[k] || (v->theme && strcmp(f->theme, v->theme) != 0))
                continue;
            said_did(b, f, v->c);
            shown++;
        }
        if (!shown)
            html_printf(b, "<p class=\"govuk-body\">No response is published yet.</p>\n");
        html_printf(b, "</section>\n");
    }
    char q[96] = "";
    if (v->theme)
        snprintf(q, sizeof q, "theme=%s&", v->theme); /* a ref: URL-safe characters only */
    view_pagination(b, site, "/engagement", q, v->page, v->pages);
    view_page_end(b, site);
}

void view_engagement_event(struct buf *b, const struct view_site *site, const struct eng_data *d,
                           size_t event, const struct eng_choices *c)
{
    const struct eng_event *e = &d->events[event];
    view_page_begin(b, site, e->title);
    html_printf(b,
                "<nav class=\"govuk-breadcrumbs\" aria-label=\"Breadcrumb\">\n"
                "<ol class=\"govuk-breadcrumbs__list\">\n"
                "<li class=\"govuk-breadcrumbs__list-item\"><a class=\"govuk-breadcrumbs__link\" "
                "href=\"/engagement\">You said, we did</a></li>\n</ol>\n</nav>\n"
                "<span class=\"govuk-caption-xl\">%h %h</span>\n"
                "<h1 class=\"govuk-heading-xl\">%h</h1>\n"
                "<dl class=\"govuk-summary-list\">\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Held on</dt><dd class=\"govuk-summary-list__value\">",
                e->ref, engagement_kind_label(e->kind), e->title);
    day(b, e->held_on);
    html_printf(b, "</dd></div>\n");
    if (e->place[0])
        html_printf(b,
                    "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                    "Place</dt><dd class=\"govuk-summary-list__value\">%h</dd></div>\n",
                    e->place);
    html_printf(b, "</dl>\n");
    markdown_html(b, e->summary);
    participants(b, e);
    html_printf(b, "<h2 class=\"govuk-heading-l\">Feedback and the council's response</h2>\n");
    size_t n = 0;
    for (size_t i = 0; i < d->nfeedback; i++)
        if (d->feedback[i].event == event) {
            said_did(b, &d->feedback[i], c);
            n++;
        }
    if (!n)
        html_printf(b, "<p class=\"govuk-body\">No response is published yet.</p>\n");
    view_page_end(b, site);
}

void view_engagement_for_action(struct buf *b, const struct eng_data *d)
{
    if (!d->nfeedback)
        return;
    html_printf(b, "<h2 class=\"govuk-heading-l\" id=\"engagement\">You said, we did</h2>\n"
                   "<p class=\"govuk-body\">Feedback from engagement that led to this action, "
                   "and the council's response.</p>\n");
    for (size_t i = 0; i < d->nfeedback; i++) {
        const struct eng_feedback *f = &d->feedback[i];
        const struct eng_event *e = &d->events[f->event];
        html_printf(b,
                    "<div class=\"govuk-inset-text\">\n<p class=\"govuk-body-s\">"
                    "<a class=\"govuk-link\" href=\"/engagement/%U#%U\">%h</a>, ",
                    e->ref, f->ref, e->title);
        day(b, e->held_on);
        html_printf(b, "</p>\n<p class=\"govuk-body govuk-!-font-weight-bold "
                       "govuk-!-margin-bottom-1\">You said</p>\n");
        markdown_html(b, f->said);
        html_printf(b, "<p class=\"govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1\">"
                       "We did</p>\n");
        markdown_html(b, f->response);
        html_printf(b, "</div>\n");
    }
}

/* ---- the workspace ------------------------------------------------------------------------ */

void view_engagement_work(struct buf *b, const struct view_site *site, const struct eng_data *d,
                          const char *done)
{
    view_page_begin(b, site, "Engagement");
    view_done_banner(b, done);
    html_printf(b, "<h1 class=\"govuk-heading-l\">Engagement</h1>\n"
                   "<p class=\"govuk-body\">Events with partners, councillors, MPs, staff and "
                   "residents, the feedback received and the council's response. The public "
                   "page <a class=\"govuk-link\" href=\"/engagement\">You said, we did</a> shows "
                   "the public events' feedback once it has a response.</p>\n"
                   "<a class=\"govuk-button\" data-module=\"govuk-button\" "
                   "href=\"/work/engagement/new\">Record an event</a>\n");
    if (!d->nevents) {
        html_printf(b, "<p class=\"govuk-body\">No event recorded yet.</p>\n");
        view_page_end(b, site);
        return;
    }
    view_table_open(b, "Events, newest first");
    html_printf(b, "<table class=\"govuk-table\">\n<caption class=\"govuk-table__caption "
                   "govuk-table__caption--m\">Events, newest first</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Event</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Held</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Kind</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Public</th>"
                   "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Feedback</th>"
                   "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Awaiting a response</th></tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t k = d->nevents; k-- > 0;) {
        const struct eng_event *e = &d->events[k];
        size_t waiting = 0;
        for (size_t i = 0; i < d->nfeedback; i++)
            waiting += d->feedback[i].event == k && !d->feedback[i].responded;
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
                    "<a class=\"govuk-link\" href=\"/work/engagement/%U\">%h: %h</a></td>"
                    "<td class=\"govuk-table__cell\">",
                    e->ref, e->ref, e->title);
        day(b, e->held_on);
        html_printf(b,
                    "</td><td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">"
                    "%s</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%zu</td>"
                    "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%zu</td></tr>\n",
                    engagement_kind_label(e->kind), e->public ? "Yes" : "No", e->nfeedback,
                    waiting);
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
    view_page_end(b, site);
}

/* Opens a form group with its label and hint; returns whether in error. */
static bool group(struct buf *b, const struct field_errors *errs, const char *field,
                  const char *suffix, const char *label, const char *hint)
{
    bool err = vc_error_for(errs, field) != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label govuk-label--s\" for=\"%h%h\">%h</label>\n",
                err ? " govuk-form-group--error" : "", field, suffix, label);
    if (hint)
        html_printf(b, "<div id=\"%h%h-hint\" class=\"govuk-hint\">%h</div>\n", field, suffix,
                    hint);
    vc_field_error(b, errs, field, suffix);
    return err;
}

/* The aria-describedby of a field with an optional hint and error. */
static void described(struct buf *b, const char *field, const char *suffix, bool hint, bool err)
{
    if (!hint && !err)
        return;
    html_printf(b, " aria-describedby=\"");
    if (hint)
        html_printf(b, "%h%h-hint", field, suffix);
    if (err)
        html_printf(b, "%s%h%h-error", hint ? " " : "", field, suffix);
    html_printf(b, "\"");
}

static void input(struct buf *b, const struct field_errors *errs, const char *field,
                  const char *suffix, const char *label, const char *hint, const char *value,
                  const char *width)
{
    bool err = group(b, errs, field, suffix, label, hint);
    html_printf(b, "<input class=\"govuk-input %h%s\" id=\"%h%h\" name=\"%h\" type=\"text\"", width,
                err ? " govuk-input--error" : "", field, suffix, field);
    described(b, field, suffix, hint != NULL, err);
    html_printf(b, " value=\"%h\">\n</div>\n", value ? value : "");
}

static void textarea(struct buf *b, const struct field_errors *errs, const char *field,
                     const char *suffix, const char *label, const char *hint, const char *value,
                     int rows)
{
    bool err = group(b, errs, field, suffix, label, hint);
    html_printf(b, "<textarea class=\"govuk-textarea%s\" id=\"%h%h\" name=\"%h\" rows=\"%d\"",
                err ? " govuk-textarea--error" : "", field, suffix, field, rows);
    described(b, field, suffix, hint != NULL, err);
    html_printf(b, ">%h</textarea>\n</div>\n", value ? value : "");
}

/* A select of plan refs (themes or actions) with an empty first choice. */
static void ref_select(struct buf *b, const struct field_errors *errs, const char *field,
                       const char *suffix, const char *label, const char *none,
                       const struct eng_choice *c, size_t n, const char *value)
{
    bool err = group(b, errs, field, suffix, label, NULL);
    html_printf(b, "<select class=\"govuk-select%s\" id=\"%h%h\" name=\"%h\"",
                err ? " govuk-select--error" : "", field, suffix, field);
    described(b, field, suffix, false, err);
    html_printf(b, ">\n<option value=\"\">%h</option>\n", none);
    for (size_t i = 0; i < n; i++)
        html_printf(b, "<option value=\"%h\"%s>%h %h</option>\n", c[i].ref,
                    value && strcmp(value, c[i].ref) == 0 ? " selected" : "", c[i].ref, c[i].title);
    html_printf(b, "</select>\n</div>\n");
}

/* The event's form: as typed (in), or as stored (e), or empty. */
static void event_form(struct buf *b, const struct view_site *site, const struct eng_event *e,
                       const struct eng_event_input *in, const struct field_errors *errs)
{
    html_printf(b, "<form method=\"post\" action=\"/work/engagement/%s%h\" novalidate>\n",
                e ? "" : "new", e ? e->ref : "");
    view_csrf_field(b, site);
    const char *kind = in ? in->kind : e ? e->kind : NULL;
    bool err = group(b, errs, "kind", "", "Kind of event", NULL);
    html_printf(b,
                "<select class=\"govuk-select%s\" id=\"kind\" name=\"kind\"%s>\n"
                "<option value=\"\">Choose the kind</option>\n",
                err ? " govuk-select--error" : "", err ? " aria-describedby=\"kind-error\"" : "");
    for (size_t i = 0; engagement_kinds[i]; i++)
        html_printf(b, "<option value=\"%h\"%s>%h</option>\n", engagement_kinds[i],
                    kind && strcmp(kind, engagement_kinds[i]) == 0 ? " selected" : "",
                    engagement_kind_label(engagement_kinds[i]));
    html_printf(b, "</select>\n</div>\n");
    input(b, errs, "held_on", "", "Held on", "YYYY-MM-DD, for example 2015-02-04",
          in  ? in->held_on
          : e ? e->held_on
              : NULL,
          "govuk-input--width-10");
    input(b, errs, "title", "", "Title", NULL,
          in  ? in->title
          : e ? e->title
              : NULL,
          "govuk-!-width-full");
    input(b, errs, "place", "", "Place (optional)", NULL,
          in  ? in->place
          : e ? e->place
              : NULL,
          "govuk-!-width-two-thirds");
    textarea(b, errs, "summary", "", "Summary",
             "What the event was for and what happened; Markdown",
             in  ? in->summary
             : e ? e->summary
                 : NULL,
             5);
    const char *pub = in && in->public ? in->public : e ? (e->public ? "yes" : "no") : "yes";
    err = vc_error_for(errs, "public") != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n<fieldset class=\"govuk-fieldset\">\n"
                "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Shown to "
                "the public</legend>\n",
                err ? " govuk-form-group--error" : "");
    vc_field_error(b, errs, "public", "");
    html_printf(b,
                "<div class=\"govuk-radios govuk-radios--small govuk-radios--inline\" "
                "data-module=\"govuk-radios\">\n"
                "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                "id=\"public\" name=\"public\" type=\"radio\" value=\"yes\"%s><label "
                "class=\"govuk-label govuk-radios__label\" for=\"public\">Yes</label></div>\n"
                "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                "id=\"public-no\" name=\"public\" type=\"radio\" value=\"no\"%s><label "
                "class=\"govuk-label govuk-radios__label\" for=\"public-no\">No</label></div>\n"
                "</div>\n</fieldset>\n</div>\n",
                strcmp(pub, "no") != 0 ? " checked" : "", strcmp(pub, "no") == 0 ? " checked" : "");
    html_printf(b,
                "<fieldset class=\"govuk-fieldset\">\n<legend class=\"govuk-fieldset__legend "
                "govuk-fieldset__legend--m\">Who took part</legend>\n<div class=\"govuk-hint\">"
                "Organisations and groups, never private people; up to %d. Leave a row's name "
                "empty to remove it.</div>\n",
                ENG_PARTICIPANTS);
    for (int k = 0; k < ENG_PARTICIPANTS; k++) {
        const char *name = NULL, *pkind = NULL, *count = NULL;
        char cbuf[16] = "";
        if (in) {
            name = in->part_name[k];
            pkind = in->part_kind[k];
            count = in->part_count[k];
        } else if (e && (size_t)k < e->nparts) {
            name = e->parts[k].name;
            pkind = e->parts[k].group ? "group" : "organisation";
            if (e->parts[k].count)
                snprintf(cbuf, sizeof cbuf, "%d", e->parts[k].count);
            count = cbuf;
        }
        char f[3][24], label[3][40];
        snprintf(f[0], sizeof f[0], "part_name_%d", k + 1);
        snprintf(f[1], sizeof f[1], "part_kind_%d", k + 1);
        snprintf(f[2], sizeof f[2], "part_count_%d", k + 1);
        snprintf(label[0], sizeof label[0], "Participant %d", k + 1);
        snprintf(label[1], sizeof label[1], "Participant %d is", k + 1);
        snprintf(label[2], sizeof label[2], "How many came (participant %d)", k + 1);
        html_printf(b,
                    "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-one-half\">\n");
        input(b, errs, f[0], "", label[0], NULL, name, "govuk-!-width-full");
        html_printf(b, "</div>\n<div class=\"govuk-grid-column-one-quarter\">\n");
        err = group(b, errs, f[1], "", label[1], NULL);
        html_printf(b,
                    "<select class=\"govuk-select%s\" id=\"%h\" name=\"%h\">\n"
                    "<option value=\"organisation\"%s>An organisation</option>\n"
                    "<option value=\"group\"%s>A group</option>\n</select>\n</div>\n",
                    err ? " govuk-select--error" : "", f[1], f[1],
                    pkind && strcmp(pkind, "group") == 0 ? "" : " selected",
                    pkind && strcmp(pkind, "group") == 0 ? " selected" : "");
        html_printf(b, "</div>\n<div class=\"govuk-grid-column-one-quarter\">\n");
        input(b, errs, f[2], "", label[2], NULL, count, "govuk-input--width-5");
        html_printf(b, "</div>\n</div>\n");
    }
    html_printf(b,
                "</fieldset>\n<button type=\"submit\" class=\"govuk-button\" "
                "data-module=\"govuk-button\">%s</button>\n</form>\n",
                e ? "Save the event" : "Record the event");
}

void view_engagement_work_event(struct buf *b, const struct view_site *site,
                                const struct view_eng_work *v)
{
    const struct eng_event *e = v->event >= 0 ? &v->d->events[v->event] : NULL;
    bool failed =
        (v->eerrs && v->eerrs->n) || (v->ferrs && v->ferrs->n) || (v->rerrs && v->rerrs->n);
    char title[260];
    snprintf(title, sizeof title, "%s%s%s", failed ? "Error: " : "",
             e ? "Event " : "Record an event", e ? e->ref : "");
    view_page_begin(b, site, title);
    html_printf(b, "<a href=\"/work/engagement\" class=\"govuk-back-link\">Back to "
                   "engagement</a>\n");
    view_done_banner(b, v->done);
    vc_error_summary(b, v->eerrs, "");
    vc_error_summary(b, v->ferrs, "");
    if (v->rref) {
        char suffix[ENG_REF_LEN + 1];
        snprintf(suffix, sizeof suffix, "-%s", v->rref);
        vc_error_summary(b, v->rerrs, suffix);
    }
    if (!e) {
        html_printf(b, "<h1 class=\"govuk-heading-l\">Record an event</h1>\n");
        event_form(b, site, NULL, v->ein, v->eerrs);
        view_page_end(b, site);
        return;
    }
    html_printf(b,
                "<span class=\"govuk-caption-l\">%h, %h</span>\n"
                "<h1 class=\"govuk-heading-l\">%h</h1>\n",
                e->ref, engagement_kind_label(e->kind), e->title);
    if (e->public)
        html_printf(b,
                    "<p class=\"govuk-body\">Public: <a class=\"govuk-link\" "
                    "href=\"/engagement/%U\">its page</a> shows the feedback with a "
                    "response.</p>\n",
                    e->ref);
    else
        html_printf(b, "<p class=\"govuk-body\">Not public: nothing of this event is "
                       "published.</p>\n");
    html_printf(b, "<h2 class=\"govuk-heading-m\">Feedback</h2>\n");
    size_t n = 0;
    for (size_t i = 0; i < v->d->nfeedback; i++) {
        const struct eng_feedback *f = &v->d->feedback[i];
        if (f->event != (size_t)v->event)
            continue;
        n++;
        said_did(b, f, v->c);
        bool mine = v->rref && strcmp(v->rref, f->ref) == 0;
        const struct eng_response_input *rin = mine ? v->rin : NULL;
        const struct field_errors *rerrs = mine ? v->rerrs : NULL;
        char suffix[ENG_REF_LEN + 1];
        snprintf(suffix, sizeof suffix, "-%s", f->ref);
        html_printf(b,
                    "<details class=\"govuk-details\"%s>\n<summary class=\"govuk-details__"
                    "summary\"><span class=\"govuk-details__summary-text\">%s<span "
                    "class=\"govuk-visually-hidden\"> to %h</span></span></summary>\n"
                    "<div class=\"govuk-details__text\">\n"
                    "<form method=\"post\" action=\"/work/engagement/%h/feedback/%h\" "
                    "novalidate>\n",
                    mine || !f->responded ? " open" : "",
                    f->responded ? "Correct the response" : "Record the response", f->ref, e->ref,
                    f->ref);
        view_csrf_field(b, site);
        textarea(b, rerrs, "response", suffix, "The council's response",
                 "What the council did, or will do; Markdown",
                 rin            ? rin->response
                 : f->responded ? f->response
                                : NULL,
                 4);
        input(b, rerrs, "responded_on", suffix, "Responded on", "YYYY-MM-DD",
              rin ? rin->responded_on : f->responded_on, "govuk-input--width-10");
        ref_select(b, rerrs, "action", suffix, "The plan action it led to (optional)", "No action",
                   v->c->actions, v->c->nactions, rin ? rin->action : f->action);
        html_printf(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                       "data-module=\"govuk-button\">Save the response</button>\n</form>\n"
                       "</div>\n</details>\n");
    }
    if (!n)
        html_printf(b, "<p class=\"govuk-body\">No feedback recorded yet.</p>\n");
    html_printf(b,
                "<h2 class=\"govuk-heading-m\">Add feedback</h2>\n"
                "<form method=\"post\" action=\"/work/engagement/%h/feedback\" novalidate>\n",
                e->ref);
    view_csrf_field(b, site);
    ref_select(b, v->ferrs, "theme", "", "Theme (optional)", "No theme in particular", v->c->themes,
               v->c->nthemes, v->fin ? v->fin->theme : NULL);
    textarea(b, v->ferrs, "said", "", "What was said",
             "In the words of those who said it, by organisation or role; Markdown",
             v->fin ? v->fin->said : NULL, 4);
    html_printf(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                   "data-module=\"govuk-button\">Add the feedback</button>\n</form>\n"
                   "<h2 class=\"govuk-heading-m\">The event</h2>\n");
    event_form(b, site, e, v->ein, v->eerrs);
    view_page_end(b, site);
}

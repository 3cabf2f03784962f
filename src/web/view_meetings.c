/* view_meetings.c — the public pages of the panel's meetings: the list
 * (upcoming, then past) and one meeting (agenda, papers, attendance,
 * minutes, decisions, declarations, actions arising, corrections).  They
 * show what they are given: model/meeting.h has already taken out what the
 * reader may not see, and an exempt item arrives as its paragraph alone. */
#include "lib/html.h"
#include "lib/markdown.h"
#include "model/meeting.h"
#include "web/meetings.h"
#include <stdio.h>
#include <string.h>

/* Shorthand: string member k of o (NULL when absent or null). */
static const char *S(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* The status tag of a meeting that is not going ahead as planned. */
static void status_tag(struct buf *b, json_t *m)
{
    const char *st = S(m, "status");
    if (st && strcmp(st, "cancelled") == 0)
        html_printf(b, " <strong class=\"govuk-tag govuk-tag--red\">Cancelled</strong>");
    else if (st && strcmp(st, "postponed") == 0)
        html_printf(b, " <strong class=\"govuk-tag govuk-tag--yellow\">Postponed</strong>");
    if (!json_is_true(json_object_get(m, "open")))
        html_printf(b, " <strong class=\"govuk-tag govuk-tag--grey\">Closed</strong>");
}

/* One row of the list. */
static void list_row(struct buf *b, json_t *m)
{
    const char *access = S(m, "access");
    html_printf(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
    view_time(b, S(m, "starts_at"));
    html_printf(b, "</td><td class=\"govuk-table__cell\">");
    if (access && strcmp(access, "closed") == 0)
        html_printf(b, "%h", S(m, "title"));
    else
        html_printf(b, "<a class=\"govuk-link\" href=\"/meetings/%U\">%h</a>", S(m, "ref"),
                    S(m, "title"));
    status_tag(b, m);
    html_printf(b, "</td><td class=\"govuk-table__cell\">%h</td></tr>\n",
                meeting_kind_label(S(m, "kind")));
}

/* A table of the meetings on one side of now. */
static void list(struct buf *b, json_t *ms, const char *now, bool upcoming, const char *caption)
{
    json_t *m;
    size_t i, n = 0;
    json_array_foreach(ms, i, m) n += (strcmp(S(m, "starts_at"), now) >= 0) == upcoming;
    html_printf(b, "<h2 class=\"govuk-heading-m\">%h</h2>\n", caption);
    if (!n) {
        html_printf(b, "<p class=\"govuk-body\">None.</p>\n");
        return;
    }
    view_table_open(b, caption);
    html_printf(b,
                "<table class=\"govuk-table\">\n<caption class=\"govuk-visually-hidden\">%h"
                "</caption>\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">When</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Meeting</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Kind</th>"
                "</tr></thead>\n<tbody class=\"govuk-table__body\">\n",
                caption);
    /* upcoming soonest first; past most recent first */
    size_t total = json_array_size(ms);
    for (size_t k = 0; k < total; k++) {
        m = json_array_get(ms, upcoming ? k : total - 1 - k);
        if ((strcmp(S(m, "starts_at"), now) >= 0) == upcoming)
            list_row(b, m);
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

void view_meetings(struct buf *b, const struct view_site *site, json_t *meetings, const char *now)
{
    view_page_begin(b, site, "Meetings of the panel");
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Meetings of the panel</h1>\n"
                   "<p class=\"govuk-body\">The panel meets monthly and, in public, quarterly. "
                   "Agendas appear here when they are published, minutes once they are agreed. "
                   "Items taken in private are shown with the paragraph of Schedule 12A to the "
                   "Local Government Act 1972 that allows it.</p>\n"
                   "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/meetings.ics\">Add "
                   "the public meetings to your calendar</a> · <a class=\"govuk-link\" "
                   "href=\"/meetings.atom\">Follow agendas and minutes (Atom feed)</a> · "
                   "<a class=\"govuk-link\" href=\"/panel\">Who is on the panel</a></p>\n");
    list(b, meetings, now, true, "Upcoming meetings");
    list(b, meetings, now, false, "Past meetings");
    view_page_end(b, site);
}

/* A summary-list row with plain text. */
static void row(struct buf *b, const char *key, const char *value)
{
    html_printf(b,
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%h"
                "</dt><dd class=\"govuk-summary-list__value\">%h</dd></div>\n",
                key, value);
}

static void attendance(struct buf *b, json_t *m, json_t *people)
{
    static const struct {
        const char *kind, *presence, *heading;
    } groups[] = {{"member", "present", "Members present"},
                  {"member", "apologies", "Apologies"},
                  {"invited", NULL, "Invited"},
                  {"observer", NULL, "Observers"}};
    json_t *a;
    size_t i;
    if (!json_array_size(json_object_get(m, "attendance")))
        return;
    html_printf(
        b, "<h2 class=\"govuk-heading-m\">Attendance</h2>\n<dl class=\"govuk-summary-list\">\n");
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        struct buf names = BUF_INIT;
        json_array_foreach(json_object_get(m, "attendance"), i, a)
        {
            if (strcmp(S(a, "kind"), groups[g].kind) != 0 ||
                (groups[g].presence && strcmp(S(a, "presence"), groups[g].presence) != 0))
                continue;
            if (names.len)
                buf_puts(&names, ", ");
            buf_puts(&names, view_person_name(people, S(a, "person")));
        }
        if (names.len)
            row(b, groups[g].heading, buf_str(&names));
        buf_free(&names);
    }
    html_printf(b, "</dl>\n");
}

/* The body of one agenda item the reader may read whole. */
static void item_body(struct buf *b, json_t *it, json_t *people)
{
    const char *presenter = S(it, "presenter");
    if (presenter && *presenter)
        html_printf(b, "<p class=\"govuk-body\">Presented by %h.</p>\n", presenter);
    if (json_is_integer(json_object_get(it, "exempt_paragraph")))
        html_printf(b,
                    "<p class=\"govuk-body\"><strong>Exempt</strong> under paragraph %d of "
                    "Schedule 12A: %h</p>\n",
                    (int)json_integer_value(json_object_get(it, "exempt_paragraph")),
                    S(it, "exempt_reason"));
    json_t *p;
    size_t i;
    if (json_array_size(json_object_get(it, "papers"))) {
        html_printf(
            b, "<p class=\"govuk-body\">Papers:</p><ul class=\"govuk-list govuk-list--bullet\">");
        json_array_foreach(json_object_get(it, "papers"), i, p)
        {
            char id[24];
            snprintf(id, sizeof id, "%lld",
                     (long long)json_integer_value(json_object_get(p, "id")));
            html_printf(b, "<li><a class=\"govuk-link\" href=\"/documents/%U\">%h</a></li>", id,
                        S(p, "name"));
        }
        html_printf(b, "</ul>\n");
    }
    json_array_foreach(json_object_get(it, "declarations"), i, p)
    {
        html_printf(b, "<p class=\"govuk-body\">Declaration of interest: %h (%h): %h</p>\n",
                    view_person_name(people, S(p, "person")),
                    strcmp(S(p, "kind"), "pecuniary") == 0       ? "pecuniary"
                    : strcmp(S(p, "kind"), "non_pecuniary") == 0 ? "non-pecuniary"
                                                                 : "other",
                    S(p, "nature"));
    }
    const char *min = S(it, "minutes"), *dec = S(it, "decision");
    if (min && *min) {
        html_printf(b, "<h4 class=\"govuk-heading-s\">Minutes</h4><div class=\"govuk-body\">");
        markdown_html(b, min);
        html_printf(b, "</div>\n");
    }
    if (dec && *dec) {
        html_printf(b, "<h4 class=\"govuk-heading-s\">Decision</h4><div class=\"govuk-body\">");
        markdown_html(b, dec);
        html_printf(b, "</div>\n");
    }
}

static void action_row(struct buf *b, json_t *a, json_t *people, const char *from)
{
    day_t d;
    html_printf(b,
                "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%h</td>"
                "<td class=\"govuk-table__cell\">%h",
                S(a, "ref"), S(a, "text"));
    if (from)
        html_printf(b, " (from <a class=\"govuk-link\" href=\"/meetings/%U\">%h</a>)", from, from);
    if (S(a, "action"))
        html_printf(b, " — plan action <a class=\"govuk-link\" href=\"/actions/%U\">%h</a>",
                    S(a, "action"), S(a, "action"));
    html_printf(b, "</td><td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">",
                S(a, "owner") ? view_person_name(people, S(a, "owner")) : "");
    if (date_parse(S(a, "due"), &d))
        view_date(b, d);
    html_printf(b, "</td><td class=\"govuk-table__cell\">");
    if (date_parse(S(a, "done_on"), &d)) {
        html_printf(b, "Done ");
        view_date(b, d);
    } else {
        html_printf(b, "Open");
    }
    html_printf(b, "</td></tr>\n");
}

static void actions_table(struct buf *b, const char *caption, json_t *list, json_t *people,
                          bool carried)
{
    view_table_open(b, caption);
    html_printf(b,
                "<table class=\"govuk-table\">\n<caption class=\"govuk-table__caption "
                "govuk-table__caption--m\">%h</caption>\n<thead class=\"govuk-table__head\">"
                "<tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Ref</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Action</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Owner</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Due</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">State</th>"
                "</tr></thead>\n<tbody class=\"govuk-table__body\">\n",
                caption);
    json_t *a;
    size_t i;
    json_array_foreach(list, i, a)
    {
        if (carried)
            action_row(b, json_object_get(a, "action"), people, S(a, "meeting"));
        else
            action_row(b, a, people, NULL);
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

/* One text field of the question form (input, or a textarea when rows > 0). */
static void question_field(struct buf *b, const struct view_questions *q, const char *id,
                           const char *label, const char *hint, const char *value, int rows,
                           const char *extra)
{
    bool err = q->error_field && strcmp(q->error_field, id) == 0;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n<label class=\"govuk-label govuk-label--s\" "
                "for=\"%h\">%h</label>\n",
                err ? " govuk-form-group--error" : "", id, label);
    if (hint)
        html_printf(b, "<div id=\"%h-hint\" class=\"govuk-hint\">%h</div>\n", id, hint);
    if (err)
        html_printf(b,
                    "<p id=\"%h-error\" class=\"govuk-error-message\"><span "
                    "class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                    id, q->error);
    struct buf described = BUF_INIT;
    if (hint)
        html_printf(&described, "%h-hint", id);
    if (err)
        html_printf(&described, "%s%h-error", hint ? " " : "", id);
    if (rows > 0)
        html_printf(b, "<textarea class=\"govuk-textarea%s\" id=\"%h\" name=\"%h\" rows=\"%d\"",
                    err ? " govuk-textarea--error" : "", id, id, rows);
    else
        html_printf(b, "<input class=\"govuk-input%s\" id=\"%h\" name=\"%h\" %s",
                    err ? " govuk-input--error" : "", id, id, extra);
    if (described.len)
        html_printf(b, " aria-describedby=\"%h\"", buf_str(&described));
    buf_free(&described);
    if (rows > 0)
        html_printf(b, ">%h</textarea>\n</div>\n", value ? value : "");
    else
        html_printf(b, " value=\"%h\">\n</div>\n", value ? value : "");
}

/* The residents' questions: those published, with their answers, and the
 * form while the meeting takes them. */
static void questions(struct buf *b, const char *ref, const struct view_questions *q)
{
    json_t *x;
    size_t i;
    day_t d;
    if (!json_array_size(q->accepted) && !q->form && !q->sent)
        return;
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"questions\">Questions from "
                   "residents</h2>\n");
    if (q->sent)
        html_printf(b,
                    "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
                    "role=\"alert\" aria-labelledby=\"question-sent-title\">\n"
                    "<div class=\"govuk-notification-banner__header\"><h3 "
                    "class=\"govuk-notification-banner__title\" id=\"question-sent-title\">"
                    "Success</h3></div>\n<div class=\"govuk-notification-banner__content\">"
                    "<p class=\"govuk-notification-banner__heading\">Your question was "
                    "received.</p><p class=\"govuk-body\">The panel's secretariat reads every "
                    "question. If it is accepted it will appear on this page with its answer; "
                    "your e-mail address is never published.</p></div>\n</div>\n");
    json_array_foreach(q->accepted, i, x)
    {
        html_printf(b,
                    "<div class=\"dialturn-question\">\n<h3 class=\"govuk-heading-s\">Question "
                    "%zu, from %h</h3>\n<p class=\"govuk-body dialturn-pre\">%h</p>\n",
                    i + 1, S(x, "name"), S(x, "question"));
        if (S(x, "answer") && *S(x, "answer")) {
            html_printf(b, "<h4 class=\"govuk-heading-s\">Answer</h4>\n<div class=\"govuk-body\">");
            markdown_html(b, S(x, "answer"));
            html_printf(b, "</div>\n");
        } else {
            html_printf(b, "<p class=\"govuk-body\">Not answered yet.</p>\n");
        }
        html_printf(b, "</div>\n");
    }
    if (!q->form)
        return;
    if (date_parse(q->deadline, &d)) {
        html_printf(b, "<p class=\"govuk-body\">You can send the panel a question to be answered "
                       "at this meeting until the end of ");
        view_date(b, d);
        html_printf(b, ". The secretariat reads every question first: it publishes the "
                       "questions it accepts, with your name, and their answers. Your e-mail "
                       "address is used only to reply to you and is never published.</p>\n");
    }
    html_printf(b,
                "<form method=\"post\" action=\"/meetings/%U/questions\" novalidate>\n"
                "<input type=\"hidden\" name=\"csrf\" value=\"%h\">\n",
                ref, q->csrf ? q->csrf : "");
    question_field(b, q, "name", "Your name", "As you would like it published", q->name, 0,
                   "type=\"text\" autocomplete=\"name\" spellcheck=\"false\"");
    question_field(b, q, "email", "E-mail address", NULL, q->email, 0,
                   "type=\"email\" autocomplete=\"email\" spellcheck=\"false\"");
    question_field(b, q, "question", "Your question", "2,000 characters at most", q->question, 6,
                   "");
    html_printf(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Send question</button>\n</form>\n");
}

void view_meeting(struct buf *b, const struct view_site *site, json_t *m, json_t *people,
                  json_t *carried, const struct view_questions *q)
{
    const char *access = S(m, "access");
    bool full = access && strcmp(access, "full") == 0;
    if (q && q->error) {
        char title[600];
        snprintf(title, sizeof title, "Error: %s", S(m, "title"));
        view_page_begin(b, site, title);
        struct field_error e = {q->error_field, q->error};
        view_errors_summary(b, &e, 1);
    } else
        view_page_begin(b, site, S(m, "title"));
    html_printf(b, "<span class=\"govuk-caption-l\">%h</span>\n<h1 class=\"govuk-heading-xl\">%h",
                meeting_kind_label(S(m, "kind")), S(m, "title"));
    status_tag(b, m);
    html_printf(b, "</h1>\n");
    if (full && (!json_is_true(json_object_get(m, "open")) || strcmp(S(m, "agenda"), "draft") == 0))
        html_printf(b,
                    "<div class=\"govuk-inset-text\">You can see this %h because you are on the "
                    "panel, in its secretariat or invited: it is not public.</div>\n",
                    strcmp(S(m, "agenda"), "draft") == 0 ? "draft agenda" : "closed meeting");
    html_printf(b, "<dl class=\"govuk-summary-list\">\n<div class=\"govuk-summary-list__row\">"
                   "<dt class=\"govuk-summary-list__key\">When</dt>"
                   "<dd class=\"govuk-summary-list__value\">");
    view_time(b, S(m, "starts_at"));
    if (S(m, "ends_at")) {
        html_printf(b, " to ");
        view_time(b, S(m, "ends_at"));
    }
    html_printf(b, "</dd></div>\n");
    if (S(m, "place") && *S(m, "place"))
        row(b, "Where", S(m, "place"));
    if (S(m, "webcast_url"))
        html_printf(b,
                    "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                    "Webcast</dt><dd class=\"govuk-summary-list__value\"><a class=\"govuk-link\" "
                    "href=\"%h\">%h</a></dd></div>\n",
                    S(m, "webcast_url"), S(m, "webcast_url"));
    html_printf(b, "</dl>\n");
    /* the PDFs are the public's: an open meeting's published agenda and minutes */
    if (json_is_true(json_object_get(m, "open")) && S(m, "agenda") &&
        strcmp(S(m, "agenda"), "published") == 0) {
        html_printf(b,
                    "<ul class=\"govuk-list\"><li><a class=\"govuk-link\" "
                    "href=\"/meetings/%U/agenda.pdf\">Agenda pack (PDF)</a></li>",
                    S(m, "ref"));
        if (S(m, "minutes") && strcmp(S(m, "minutes"), "published") == 0)
            html_printf(b,
                        "<li><a class=\"govuk-link\" href=\"/meetings/%U/minutes.pdf\">Minutes "
                        "(PDF)</a></li>",
                        S(m, "ref"));
        html_printf(b, "</ul>\n");
    }
    attendance(b, m, people);
    html_printf(b, "<h2 class=\"govuk-heading-m\">Agenda</h2>\n");
    json_t *it;
    size_t i;
    if (!json_array_size(json_object_get(m, "items")))
        html_printf(b, "<p class=\"govuk-body\">No items yet.</p>\n");
    json_array_foreach(json_object_get(m, "items"), i, it)
    {
        if (json_is_true(json_object_get(it, "exempt"))) {
            html_printf(b,
                        "<h3 class=\"govuk-heading-s\">Item %zu: exempt item</h3>\n"
                        "<p class=\"govuk-body\">Taken in private under paragraph %d of "
                        "Schedule 12A to the Local Government Act 1972.</p>\n",
                        i + 1, (int)json_integer_value(json_object_get(it, "exempt_paragraph")));
            continue;
        }
        html_printf(b, "<h3 class=\"govuk-heading-s\">Item %zu: %h</h3>\n", i + 1, S(it, "title"));
        item_body(b, it, people);
    }
    if (json_array_size(json_object_get(m, "actions")))
        actions_table(b, "Actions arising", json_object_get(m, "actions"), people, false);
    if (json_array_size(carried))
        actions_table(b, "Actions carried from earlier meetings", carried, people, true);
    json_t *c;
    if (json_array_size(json_object_get(m, "corrections"))) {
        html_printf(b, "<h2 class=\"govuk-heading-m\">Corrections to these minutes</h2>\n"
                       "<ul class=\"govuk-list govuk-list--bullet\">");
        json_array_foreach(json_object_get(m, "corrections"), i, c)
        {
            day_t d;
            html_printf(b, "<li>");
            if (date_parse(S(c, "on"), &d))
                view_date(b, d);
            html_printf(b, ": %h</li>", S(c, "note"));
        }
        html_printf(b, "</ul>\n");
    }
    if (q)
        questions(b, S(m, "ref"), q);
    html_printf(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/meetings\">All "
                   "meetings</a></p>\n");
    view_page_end(b, site);
}

/* view_meetings_work.c — the secretariat's pages for the panel's meetings:
 * the list with the form to schedule one, and one meeting with a form for
 * each thing done to it; the private calendar links.  GOV.UK patterns: a
 * label for every input, the error summary linking to the field, the field's
 * own error message. */
#include "lib/html.h"
#include "model/meeting.h"
#include "web/meetings.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *S(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* The error summary for f. */
static void summary(struct buf *b, const struct view_meeting_form *f)
{
    if (f->error) {
        struct field_error e = {f->error_field ? f->error_field : "main-content", f->error};
        view_errors_summary(b, &e, 1);
    } else if (f->errors && f->errors->n) {
        view_errors_summary(b, f->errors->e, f->errors->n);
    }
    view_done_banner(b, f->done);
}

/* The message f has for input `id`, or NULL. */
static const char *field_message(const struct view_meeting_form *f, const char *id)
{
    if (f->error_field && strcmp(f->error_field, id) == 0)
        return f->error;
    return f->errors ? ferr_find(f->errors, id) : NULL;
}

/* Opens a form posting to /work/meetings/REF/PART (PART may be NULL: the list). */
static void form_open(struct buf *b, const struct view_site *site, const char *ref,
                      const char *part)
{
    if (!ref)
        html_printf(b, "<form method=\"post\" action=\"/work/meetings\" novalidate>\n");
    else
        html_printf(b, "<form method=\"post\" action=\"/work/meetings/%U/%h\" novalidate>\n", ref,
                    part);
    view_csrf_field(b, site);
}

/* A text input (type may be "text", "datetime-local", "date", "url", "number"). */
static void input(struct buf *b, const struct view_meeting_form *f, const char *id,
                  const char *name, const char *label, const char *type, const char *value)
{
    const char *msg = field_message(f, id);
    bool bad = msg != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%h\"><label class=\"govuk-label\" for=\"%h\">%h"
                "</label>",
                bad ? " govuk-form-group--error" : "", id, label);
    if (bad)
        html_printf(b,
                    "<p class=\"govuk-error-message\" id=\"%h-error\"><span "
                    "class=\"govuk-visually-hidden\">Error:</span> %h</p>",
                    id, msg);
    html_printf(b, "<input class=\"govuk-input\" id=\"%h\" name=\"%h\" type=\"%h\" value=\"%h\"",
                id, name, type, value ? value : "");
    if (bad)
        html_printf(b, " aria-describedby=\"%h-error\"", id);
    html_printf(b, "></div>\n");
}

/* A textarea. */
static void textarea(struct buf *b, const struct view_meeting_form *f, const char *id,
                     const char *name, const char *label, const char *value)
{
    bool bad = f->error_field && strcmp(f->error_field, id) == 0;
    html_printf(b,
                "<div class=\"govuk-form-group%h\"><label class=\"govuk-label\" for=\"%h\">%h"
                "</label>",
                bad ? " govuk-form-group--error" : "", id, label);
    if (bad)
        html_printf(b,
                    "<p class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">"
                    "Error:</span> %h</p>",
                    f->error);
    html_printf(b,
                "<textarea class=\"govuk-textarea\" id=\"%h\" name=\"%h\" rows=\"4\">%h"
                "</textarea></div>\n",
                id, name, value ? value : "");
}

/* A select of fixed options: values[i] shown as labels[i]. */
static void choice(struct buf *b, const char *id, const char *name, const char *label,
                   const char *const *values, const char *const *labels, const char *current)
{
    html_printf(b,
                "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"%h\">%h"
                "</label><select class=\"govuk-select\" id=\"%h\" name=\"%h\">",
                id, label, id, name);
    for (size_t i = 0; values[i]; i++)
        html_printf(b, "<option value=\"%h\"%h>%h</option>", values[i],
                    current && strcmp(current, values[i]) == 0 ? " selected" : "", labels[i]);
    html_printf(b, "</select></div>\n");
}

/* A select of the plan's people. */
static void people_select(struct buf *b, const char *id, const char *name, const char *label,
                          json_t *people, bool optional)
{
    html_printf(b,
                "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"%h\">%h"
                "</label><select class=\"govuk-select\" id=\"%h\" name=\"%h\">",
                id, label, id, name);
    if (optional)
        html_printf(b, "<option value=\"\">Nobody</option>");
    const char *ref;
    json_t *who;
    json_object_foreach(people, ref, who)
    {
        html_printf(b, "<option value=\"%h\">%h (%h)</option>", ref, S(who, "name"),
                    S(who, "role"));
    }
    html_printf(b, "</select></div>\n");
}

static void button(struct buf *b, const char *label, bool secondary)
{
    html_printf(b,
                "<button type=\"submit\" class=\"govuk-button%h\" data-module=\"govuk-button\">"
                "%h</button>\n</form>\n",
                secondary ? " govuk-button--secondary" : "", label);
}

/* A UTC time as the form's local "YYYY-MM-DDTHH:MM" (out size 17). */
static void local_value(const char *utc, char out[17])
{
    struct tm tm = {0}, local;
    out[0] = '\0';
    if (!utc || !strptime(utc, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return;
    time_t t = timegm(&tm);
    if (localtime_r(&t, &local))
        strftime(out, 17, "%Y-%m-%dT%H:%M", &local);
}

static const char *const kind_values[] = {"monthly", "quarterly_public", "extraordinary", NULL};
static const char *const kind_labels[] = {"Monthly", "Quarterly public", "Extraordinary", NULL};
static const char *const yes_no[] = {"yes", "no", NULL};
static const char *const open_labels[] = {"Open: the public may attend", "Closed", NULL};

/* The details fields (new meeting and edit). */
static void details_fields(struct buf *b, const struct view_meeting_form *f, json_t *m)
{
    char from[17] = "", to[17] = "";
    if (m) {
        local_value(S(m, "starts_at"), from);
        local_value(S(m, "ends_at"), to);
    }
    input(b, f, "title", "title", "Title", "text", m ? S(m, "title") : "");
    choice(b, "kind", "kind", "Kind of meeting", kind_values, kind_labels, m ? S(m, "kind") : NULL);
    input(b, f, "starts", "starts", "Starts (local time)", "datetime-local", from);
    input(b, f, "ends", "ends", "Ends (local time, optional)", "datetime-local", to);
    input(b, f, "place", "place", "Place", "text", m ? S(m, "place") : "");
    input(b, f, "webcast_url", "webcast_url", "Webcast address (http or https, optional)", "url",
          m ? S(m, "webcast_url") : "");
    choice(b, "open", "open", "Open or closed", yes_no, open_labels,
           m && !json_is_true(json_object_get(m, "open")) ? "no" : "yes");
}

static const char *const freq_values[] = {"monthly", "weekly", NULL};
static const char *const freq_labels[] = {"Monthly, on a weekday of the month",
                                          "Every so many weeks", NULL};
static const char *const nth_values[] = {"1", "2", "3", "4", "5", "last", NULL};
static const char *const nth_labels[] = {
    "First", "Second", "Third", "Fourth", "Fifth (months without one are skipped)", "Last", NULL};
static const char *const weekday_values[] = {"monday", "tuesday",  "wednesday", "thursday",
                                             "friday", "saturday", "sunday",    NULL};
static const char *const weekday_labels[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday",    NULL};

/* A select of the series form, with its error message. */
static void series_choice(struct buf *b, const struct view_meeting_form *f, const char *id,
                          const char *name, const char *label, const char *const *values,
                          const char *const *labels, const char *current)
{
    const char *msg = field_message(f, id);
    html_printf(b,
                "<div class=\"govuk-form-group%h\"><label class=\"govuk-label\" for=\"%h\">%h"
                "</label>",
                msg ? " govuk-form-group--error" : "", id, label);
    if (msg)
        html_printf(b,
                    "<p class=\"govuk-error-message\" id=\"%h-error\"><span "
                    "class=\"govuk-visually-hidden\">Error:</span> %h</p>",
                    id, msg);
    html_printf(b, "<select class=\"govuk-select\" id=\"%h\" name=\"%h\"", id, name);
    if (msg)
        html_printf(b, " aria-describedby=\"%h-error\"", id);
    html_printf(b, ">");
    for (size_t i = 0; values[i]; i++)
        html_printf(b, "<option value=\"%h\"%h>%h</option>", values[i],
                    current && strcmp(current, values[i]) == 0 ? " selected" : "", labels[i]);
    html_printf(b, "</select></div>\n");
}

/* The form to schedule a series of meetings: each becomes its own meeting. */
static void series_form(struct buf *b, const struct view_site *site,
                        const struct view_meeting_form *f)
{
    json_t *v = f->series;
#define V(k, dflt) (v && S(v, k) ? S(v, k) : (dflt))
    html_printf(b,
                "<h2 class=\"govuk-heading-m\" id=\"series\">Schedule a series of meetings</h2>\n"
                "<p class=\"govuk-body\">Each meeting of the series is a meeting of its own, "
                "with its own reference (the prefix and its date), which you can then move or "
                "cancel alone. At most 60 meetings.</p>\n"
                "<form method=\"post\" action=\"/work/meetings/series\" novalidate>\n");
    view_csrf_field(b, site);
    input(b, f, "s-prefix", "prefix", "Reference prefix (each meeting is PREFIX-YYYY-MM-DD)",
          "text", V("prefix", ""));
    input(b, f, "s-title", "title", "Title of each meeting", "text", V("title", ""));
    series_choice(b, f, "s-kind", "kind", "Kind of meeting", kind_values, kind_labels,
                  V("kind", "monthly"));
    series_choice(b, f, "s-freq", "freq", "How often", freq_values, freq_labels,
                  V("freq", "monthly"));
    input(b, f, "s-interval", "interval", "How many months or weeks apart (1: every month or week)",
          "number", V("interval", "1"));
    series_choice(b, f, "s-nth", "nth", "Monthly: which of the month's weekdays", nth_values,
                  nth_labels, V("nth", "2"));
    series_choice(b, f, "s-weekday", "weekday", "Monthly: the day of the week", weekday_values,
                  weekday_labels, V("weekday", "thursday"));
    input(b, f, "s-first", "first",
          "First day (weekly: the first meeting; monthly: the series starts that month)", "date",
          V("first", ""));
    input(b, f, "s-time", "time", "Starts at (local time, HH:MM)", "time", V("time", "10:00"));
    input(b, f, "s-ends", "ends", "Ends at (local time, optional)", "time", V("ends", ""));
    input(b, f, "s-until", "until", "Last day of the series (or give a number of meetings)", "date",
          V("until", ""));
    input(b, f, "s-count", "count", "Number of meetings (or give the last day)", "number",
          V("count", ""));
    input(b, f, "s-place", "place", "Place", "text", V("place", ""));
    input(b, f, "s-webcast_url", "webcast_url", "Webcast address (http or https, optional)", "url",
          V("webcast_url", ""));
    series_choice(b, f, "s-open", "open", "Open or closed", yes_no, open_labels, V("open", "yes"));
#undef V
    button(b, "Schedule the series", false);
}

void view_work_meetings(struct buf *b, const struct view_site *site, json_t *meetings,
                        const struct view_meeting_form *f)
{
    view_page_begin(b, site, f->error ? "Error: Meetings" : "Meetings");
    summary(b, f);
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Meetings of the panel</h1>\n");
    view_table_open(b, "Meetings");
    html_printf(b, "<table class=\"govuk-table\"><caption class=\"govuk-visually-hidden\">"
                   "Meetings</caption><thead class=\"govuk-table__head\"><tr "
                   "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">"
                   "When</th><th scope=\"col\" class=\"govuk-table__header\">Meeting</th><th "
                   "scope=\"col\" class=\"govuk-table__header\">Agenda</th><th scope=\"col\" "
                   "class=\"govuk-table__header\">Minutes</th></tr></thead><tbody "
                   "class=\"govuk-table__body\">\n");
    json_t *m;
    size_t i;
    json_array_foreach(meetings, i, m)
    {
        html_printf(b, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
        view_time(b, S(m, "starts_at"));
        html_printf(b,
                    "</td><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                    "href=\"/work/meetings/%U\">%h</a>%h</td><td class=\"govuk-table__cell\">"
                    "%h</td><td class=\"govuk-table__cell\">%h</td></tr>\n",
                    S(m, "ref"), S(m, "title"),
                    json_is_true(json_object_get(m, "open")) ? "" : " (closed)", S(m, "agenda"),
                    S(m, "minutes"));
    }
    html_printf(b, "</tbody></table>\n");
    view_table_close(b);
    html_printf(b, "<h2 class=\"govuk-heading-m\">Schedule a meeting</h2>\n");
    form_open(b, site, NULL, NULL);
    input(b, f, "ref", "ref", "Reference (letters, digits, '.', '_' or '-')", "text", "");
    details_fields(b, f, NULL);
    button(b, "Schedule the meeting", false);
    series_form(b, site, f);
    html_printf(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/work/calendar\">Your "
                   "private calendar of the meetings</a></p>\n");
    view_page_end(b, site);
}

static const char *const para_values[] = {"", "1", "2", "3", "4", "5", "6", "7", NULL};
static const char *const para_labels[] = {
    "Public item",
    "Exempt, paragraph 1: information about an individual",
    "Exempt, paragraph 2: information likely to identify an individual",
    "Exempt, paragraph 3: financial or business affairs",
    "Exempt, paragraph 4: labour relations consultations or negotiations",
    "Exempt, paragraph 5: legal professional privilege",
    "Exempt, paragraph 6: notices, orders or directions",
    "Exempt, paragraph 7: prevention, investigation or prosecution of crime",
    NULL};

/* The form of agenda item n (1-based). */
static void item_form(struct buf *b, const struct view_site *site,
                      const struct view_meeting_form *f, json_t *m, json_t *it, size_t n)
{
    char id[40], para[4] = "";
    json_t *p = json_object_get(it, "exempt_paragraph");
    if (json_is_integer(p))
        snprintf(para, sizeof para, "%d", (int)json_integer_value(p));
    html_printf(b, "<h3 class=\"govuk-heading-s\">Item %zu: %h%h</h3>\n", n, S(it, "title"),
                *para ? " (exempt)" : "");
    html_printf(b, "<form method=\"post\" action=\"/work/meetings/%U/items/%zu\" novalidate>\n",
                S(m, "ref"), n);
    view_csrf_field(b, site);
    snprintf(id, sizeof id, "item%zu-title", n);
    input(b, f, id, "title", "Title", "text", S(it, "title"));
    snprintf(id, sizeof id, "item%zu-para", n);
    choice(b, id, "exempt_paragraph", "Public or exempt (Schedule 12A)", para_values, para_labels,
           para);
    snprintf(id, sizeof id, "item%zu-reason", n);
    input(b, f, id, "exempt_reason", "Why it is exempt", "text", S(it, "exempt_reason"));
    snprintf(id, sizeof id, "item%zu-presenter", n);
    input(b, f, id, "presenter", "Presenter", "text", S(it, "presenter"));
    snprintf(id, sizeof id, "item%zu-minutes", n);
    textarea(b, f, id, "minutes", "Minutes (Markdown)", S(it, "minutes"));
    snprintf(id, sizeof id, "item%zu-decision", n);
    textarea(b, f, id, "decision", "Decision (Markdown)", S(it, "decision"));
    snprintf(id, sizeof id, "item%zu-correction", n);
    input(b, f, id, "correction", "Correction note (needed once the minutes are published)", "text",
          "");
    json_t *x;
    size_t i;
    json_array_foreach(json_object_get(it, "papers"), i, x)
    {
        char doc[24];
        snprintf(doc, sizeof doc, "%lld", (long long)json_integer_value(json_object_get(x, "id")));
        html_printf(b,
                    "<p class=\"govuk-body\">Paper: <a class=\"govuk-link\" "
                    "href=\"/documents/%U\">%h</a> (%h)</p>\n",
                    doc, S(x, "name"),
                    json_is_true(json_object_get(x, "public")) ? "public" : "restricted");
    }
    button(b, "Save the item", true);
}

static const char *const att_kinds[] = {"member", "invited", "observer", NULL};
static const char *const att_kind_labels[] = {"Panel member", "Invited", "Observer", NULL};
static const char *const presence[] = {"expected", "present", "apologies", NULL};
static const char *const presence_labels[] = {"Expected", "Present", "Apologies", NULL};
static const char *const decl_kinds[] = {"pecuniary", "non_pecuniary", "other", NULL};
static const char *const decl_labels[] = {"Pecuniary", "Non-pecuniary", "Other", NULL};
static const char *const status_values[] = {"scheduled", "postponed", "cancelled", NULL};
static const char *const status_labels[] = {"Scheduled", "Postponed", "Cancelled", NULL};

/* The residents' questions with the secretariat's decisions: accept,
 * reject with a reason (never published), answer an accepted one. */
static void work_questions(struct buf *b, const struct view_site *site,
                           const struct view_meeting_form *f, json_t *m, json_t *questions)
{
    json_t *q;
    size_t i;
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"questions\">Questions from residents"
                   "</h2>\n");
    if (!json_array_size(questions)) {
        html_printf(b, "<p class=\"govuk-body\">No questions have been sent for this meeting."
                       "</p>\n");
        return;
    }
    json_array_foreach(questions, i, q)
    {
        long long id = (long long)json_integer_value(json_object_get(q, "id"));
        char part[48], rid[48], aid[48];
        snprintf(part, sizeof part, "questions/%lld", id);
        snprintf(rid, sizeof rid, "q%lld-reason", id);
        snprintf(aid, sizeof aid, "q%lld-answer", id);
        const char *state = S(q, "state");
        html_printf(b,
                    "<div class=\"dialturn-question\">\n<h3 class=\"govuk-heading-s\">Question "
                    "from %h <strong class=\"govuk-tag govuk-tag--%s\">%h</strong></h3>\n"
                    "<p class=\"govuk-body-s\">%h · sent ",
                    S(q, "name"),
                    strcmp(state, "accepted") == 0   ? "green"
                    : strcmp(state, "rejected") == 0 ? "red"
                                                     : "yellow",
                    strcmp(state, "accepted") == 0   ? "Accepted"
                    : strcmp(state, "rejected") == 0 ? "Rejected"
                                                     : "Waiting for a decision",
                    S(q, "email"));
        view_time(b, S(q, "asked_at"));
        html_printf(b, "</p>\n<p class=\"govuk-body dialturn-pre\">%h</p>\n", S(q, "question"));
        if (strcmp(state, "rejected") == 0)
            html_printf(b, "<p class=\"govuk-body\">Rejected: %h</p>\n", S(q, "reason"));
        if (strcmp(state, "accepted") != 0) {
            form_open(b, site, S(m, "ref"), part);
            html_printf(b, "<input type=\"hidden\" name=\"decision\" value=\"accept\">\n");
            button(b, "Accept and publish the question", false);
        }
        if (strcmp(state, "pending") == 0) {
            form_open(b, site, S(m, "ref"), part);
            html_printf(b, "<input type=\"hidden\" name=\"decision\" value=\"reject\">\n");
            textarea(b, f, rid, "text", "Why it is rejected (not published)", "");
            button(b, "Reject the question", true);
        }
        if (strcmp(state, "accepted") == 0) {
            form_open(b, site, S(m, "ref"), part);
            html_printf(b, "<input type=\"hidden\" name=\"decision\" value=\"answer\">\n");
            textarea(b, f, aid, "text", "The answer (published with the question; Markdown)",
                     S(q, "answer"));
            button(b, *S(q, "answer") ? "Change the answer" : "Publish the answer", true);
        }
        html_printf(b, "</div>\n");
    }
}

void view_work_meeting(struct buf *b, const struct view_site *site, json_t *m, json_t *people,
                       json_t *questions, const struct view_meeting_form *f)
{
    view_page_begin(b, site, f->error ? "Error: Meeting" : S(m, "title"));
    summary(b, f);
    html_printf(b,
                "<span class=\"govuk-caption-l\">%h · agenda %h · minutes %h · version %d"
                "</span><h1 class=\"govuk-heading-xl\">%h</h1>\n<p class=\"govuk-body\"><a "
                "class=\"govuk-link\" href=\"/meetings/%U\">See it as the public page</a></p>\n",
                meeting_kind_label(S(m, "kind")), S(m, "agenda"), S(m, "minutes"),
                (int)json_integer_value(json_object_get(m, "sequence")), S(m, "title"),
                S(m, "ref"));
    if (strcmp(S(m, "agenda"), "draft") == 0) {
        form_open(b, site, S(m, "ref"), "publish-agenda");
        button(b, "Publish the agenda", false);
    } else if (strcmp(S(m, "minutes"), "draft") == 0) {
        form_open(b, site, S(m, "ref"), "publish-minutes");
        button(b, "Publish the minutes", false);
    }
    html_printf(b, "<h2 class=\"govuk-heading-m\">Details</h2>\n");
    form_open(b, site, S(m, "ref"), "details");
    details_fields(b, f, m);
    choice(b, "status", "status", "Status", status_values, status_labels, S(m, "status"));
    button(b, "Save the details", true);
    html_printf(b, "<h2 class=\"govuk-heading-m\">Agenda</h2>\n");
    json_t *it;
    size_t i;
    json_array_foreach(json_object_get(m, "items"), i, it) item_form(b, site, f, m, it, i + 1);
    html_printf(b, "<h3 class=\"govuk-heading-s\">Add an item</h3>\n");
    form_open(b, site, S(m, "ref"), "items");
    input(b, f, "new-title", "title", "Title", "text", "");
    choice(b, "new-para", "exempt_paragraph", "Public or exempt (Schedule 12A)", para_values,
           para_labels, "");
    input(b, f, "new-reason", "exempt_reason", "Why it is exempt", "text", "");
    input(b, f, "new-presenter", "presenter", "Presenter", "text", "");
    button(b, "Add the item", true);

    html_printf(b, "<h2 class=\"govuk-heading-m\">Attendance</h2>\n<ul class=\"govuk-list\">");
    json_t *a;
    json_array_foreach(json_object_get(m, "attendance"), i, a)
        html_printf(b, "<li>%h: %h, %h</li>", view_person_name(people, S(a, "person")),
                    S(a, "kind"), S(a, "presence"));
    html_printf(b, "</ul>\n");
    form_open(b, site, S(m, "ref"), "attendance");
    people_select(b, "att-person", "person", "Person", people, false);
    choice(b, "att-kind", "kind", "As", att_kinds, att_kind_labels, "member");
    choice(b, "att-presence", "presence", "Presence", presence, presence_labels, "expected");
    button(b, "Add to the attendance", true);

    html_printf(b, "<h2 class=\"govuk-heading-m\">Declarations of interest</h2>\n");
    form_open(b, site, S(m, "ref"), "declarations");
    input(b, f, "decl-item", "item", "Item number", "number", "");
    people_select(b, "decl-person", "person", "Who declares", people, false);
    choice(b, "decl-kind", "kind", "Kind of interest", decl_kinds, decl_labels, "other");
    input(b, f, "nature", "nature", "Nature of the interest", "text", "");
    button(b, "Record the declaration", true);

    html_printf(b, "<h2 class=\"govuk-heading-m\">Papers</h2>\n<p class=\"govuk-body\">Upload "
                   "the paper on the <a class=\"govuk-link\" href=\"/work/documents\">documents "
                   "page</a> (restricted for an exempt item or a closed meeting), then attach "
                   "it here by its number.</p>\n");
    form_open(b, site, S(m, "ref"), "papers");
    input(b, f, "paper-item", "item", "Item number", "number", "");
    input(b, f, "paper-document", "document", "Document number", "number", "");
    button(b, "Attach the paper", true);

    html_printf(b, "<h2 class=\"govuk-heading-m\">Actions arising</h2>\n<ul class=\"govuk-list\">");
    json_array_foreach(json_object_get(m, "actions"), i, a)
        html_printf(b, "<li>%h: %h (due %h)%h</li>", S(a, "ref"), S(a, "text"),
                    S(a, "due") ? S(a, "due") : "not set", S(a, "done_on") ? " — done" : "");
    html_printf(b, "</ul>\n");
    form_open(b, site, S(m, "ref"), "actions");
    input(b, f, "ref", "ref", "Reference", "text", "");
    input(b, f, "act-item", "item", "From item number (optional)", "number", "");
    input(b, f, "text", "text", "Action", "text", "");
    people_select(b, "owner", "owner", "Owner", people, true);
    input(b, f, "due", "due", "Due (YYYY-MM-DD)", "date", "");
    input(b, f, "action", "action", "Plan action it serves (ref, optional)", "text", "");
    button(b, "Add the action", true);
    form_open(b, site, S(m, "ref"), "done");
    input(b, f, "done-ref", "ref", "Reference of the action done", "text", "");
    input(b, f, "done_on", "done_on", "Done on (YYYY-MM-DD)", "date", "");
    button(b, "Mark it done", true);

    html_printf(b, "<h2 class=\"govuk-heading-m\">Corrections</h2>\n<ul class=\"govuk-list\">");
    json_array_foreach(json_object_get(m, "corrections"), i, a)
        html_printf(b, "<li>%h: %h</li>", S(a, "on"), S(a, "note"));
    html_printf(b, "</ul>\n");
    form_open(b, site, S(m, "ref"), "corrections");
    input(b, f, "note", "note", "A correction to record with the minutes", "text", "");
    button(b, "Record the correction", true);
    work_questions(b, site, f, m, questions);
    view_page_end(b, site);
}

void view_work_calendar(struct buf *b, const struct view_site *site, json_t *tokens,
                        const char *fresh)
{
    view_page_begin(b, site, "Your calendar of the panel's meetings");
    html_printf(b, "<h1 class=\"govuk-heading-xl\">Your calendar of the panel's meetings</h1>\n"
                   "<p class=\"govuk-body\">A private calendar shows every meeting you may see, "
                   "closed ones included. Anyone holding its address can read it: keep it "
                   "secret, and revoke it if it leaks.</p>\n");
    if (fresh)
        html_printf(b,
                    "<div class=\"govuk-panel govuk-panel--confirmation\"><h2 "
                    "class=\"govuk-panel__title\">Your new calendar address</h2><div "
                    "class=\"govuk-panel__body\"><code>%h</code></div></div>\n"
                    "<p class=\"govuk-body\">It is shown this once.</p>\n",
                    fresh);
    json_t *t;
    size_t i;
    html_printf(b, "<ul class=\"govuk-list\">");
    json_array_foreach(tokens, i, t)
    {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(t, "id")));
        html_printf(b, "<li>Calendar link made on %h", S(t, "created_on"));
        if (S(t, "revoked_on")) {
            html_printf(b, ", revoked on %h</li>", S(t, "revoked_on"));
            continue;
        }
        html_printf(b, " <form method=\"post\" action=\"/work/calendar/%U/revoke\">", id);
        view_csrf_field(b, site);
        html_printf(b, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
                       "data-module=\"govuk-button\">Revoke</button></form></li>");
    }
    html_printf(b, "</ul>\n<form method=\"post\" action=\"/work/calendar\">");
    view_csrf_field(b, site);
    button(b, "Make a new calendar address", false);
    view_page_end(b, site);
}

/* view_panel_work.c — the secretariat's page of the panel's membership. */
#include "lib/html.h"
#include "model/meeting.h"
#include "web/meetings.h"
#include <stdio.h>
#include <string.h>

static const char *S(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static const char *const roles[] = {"chair", "vice_chair", "member", "ex_officio", NULL};

/* The error message of input `id`, when f names it. */
static void field_error(struct buf *b, const struct view_meeting_form *f, const char *id)
{
    if (f->error_field && strcmp(f->error_field, id) == 0)
        html_printf(b,
                    "<p class=\"govuk-error-message\" id=\"%h-error\"><span "
                    "class=\"govuk-visually-hidden\">Error:</span> %h</p>",
                    id, f->error);
}

/* Opens a form group for input `id` with its label (and its error). */
static void group(struct buf *b, const struct view_meeting_form *f, const char *id,
                  const char *label)
{
    bool bad = f->error_field && strcmp(f->error_field, id) == 0;
    html_printf(b,
                "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%h\">%h"
                "</label>",
                bad ? " govuk-form-group--error" : "", id, label);
    field_error(b, f, id);
}

/* A text or date input, in its group. */
static void input(struct buf *b, const struct view_meeting_form *f, const char *id,
                  const char *name, const char *label, const char *type, const char *value,
                  const char *hint)
{
    bool bad = f->error_field && strcmp(f->error_field, id) == 0;
    group(b, f, id, label);
    if (hint)
        html_printf(b, "<div class=\"govuk-hint\" id=\"%h-hint\">%h</div>", id, hint);
    html_printf(b, "<input class=\"govuk-input%s\" id=\"%h\" name=\"%h\" type=\"%h\" value=\"%h\"",
                bad ? " govuk-input--error" : "", id, name, type, value ? value : "");
    if (hint && bad)
        html_printf(b, " aria-describedby=\"%h-hint %h-error\"", id, id);
    else if (hint || bad)
        html_printf(b, " aria-describedby=\"%h-%s\"", id, hint ? "hint" : "error");
    html_printf(b, "></div>\n");
}

/* A select of the panel's roles. */
static void role_select(struct buf *b, const struct view_meeting_form *f, const char *id,
                        const char *current)
{
    group(b, f, id, "Role");
    html_printf(b, "<select class=\"govuk-select\" id=\"%h\" name=\"role\">", id);
    for (size_t i = 0; roles[i]; i++)
        html_printf(b, "<option value=\"%h\"%s>%h</option>", roles[i],
                    strcmp(current, roles[i]) == 0 ? " selected" : "",
                    meeting_role_label(roles[i]));
    html_printf(b, "</select></div>\n");
}

static void form_open(struct buf *b, const struct view_site *site, const char *ref, const char *op)
{
    if (ref)
        html_printf(b,
                    "<form method=\"post\" action=\"/work/panel/members/%U\" novalidate>\n"
                    "<input type=\"hidden\" name=\"op\" value=\"%h\">\n",
                    ref, op);
    else
        html_printf(b, "<form method=\"post\" action=\"/work/panel/members\" novalidate>\n");
    view_csrf_field(b, site);
}

static void button(struct buf *b, const char *label, bool secondary)
{
    html_printf(b,
                "<button type=\"submit\" class=\"govuk-button%s\" data-module=\"govuk-button\">"
                "%h</button>\n</form>\n",
                secondary ? " govuk-button--secondary" : "", label);
}

/* The refs of m's leads of `kind`, space-separated, into out. */
static void leads_of(json_t *m, const char *kind, struct buf *out)
{
    json_t *l;
    size_t i;
    json_array_foreach(json_object_get(m, "leads"), i, l) if (strcmp(S(l, "kind"), kind) == 0)
    {
        if (out->len)
            buf_putc(out, ' ');
        buf_puts(out, S(l, "ref"));
    }
}

/* One member with the forms that change them. */
static void member(struct buf *b, const struct view_site *site, const struct view_meeting_form *f,
                   json_t *m, json_t *people)
{
    const char *ref = S(m, "ref");
    char id[96];
    html_printf(
        b,
        "<div class=\"govuk-summary-card\">\n<div class=\"govuk-summary-card__title-wrapper\">"
        "<h3 class=\"govuk-summary-card__title\" id=\"member-%h\">%h: %h</h3></div>\n"
        "<div class=\"govuk-summary-card__content\">\n<p class=\"govuk-body\">Appointed "
        "by %h",
        ref, view_person_name(people, S(m, "person")), meeting_role_label(S(m, "role")),
        *S(m, "appointed_by") ? S(m, "appointed_by") : "(not recorded)");
    if (*S(m, "appointed_on"))
        html_printf(b, " on %h", S(m, "appointed_on"));
    if (*S(m, "ended_on"))
        html_printf(b, "; membership ended on %h", S(m, "ended_on"));
    html_printf(b, ". Reference %h.</p>\n", ref);

    html_printf(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">\n");
    form_open(b, site, ref, "role");
    snprintf(id, sizeof id, "%s-role", ref);
    role_select(b, f, id, S(m, "role"));
    button(b, "Change the role", true);
    html_printf(b, "</div><div class=\"govuk-grid-column-one-half\">\n");
    form_open(b, site, ref, "end");
    snprintf(id, sizeof id, "%s-ended_on", ref);
    input(b, f, id, "ended_on", "Membership ended on", "date", S(m, "ended_on"),
          "Leave empty while they sit");
    button(b, "Save the end date", true);
    html_printf(b, "</div></div>\n");

    struct buf themes = BUF_INIT, actions = BUF_INIT, recs = BUF_INIT;
    leads_of(m, "theme", &themes);
    leads_of(m, "action", &actions);
    leads_of(m, "recommendation", &recs);
    form_open(b, site, ref, "leads");
    html_printf(b, "<fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend "
                   "govuk-fieldset__legend--s\">Matters they lead</legend>\n");
    snprintf(id, sizeof id, "%s-themes", ref);
    input(b, f, id, "themes", "Themes", "text", buf_str(&themes),
          "References separated by spaces, like T1 T3");
    snprintf(id, sizeof id, "%s-actions", ref);
    input(b, f, id, "actions", "Actions", "text", buf_str(&actions), NULL);
    snprintf(id, sizeof id, "%s-recommendations", ref);
    input(b, f, id, "recommendations", "Recommendations", "text", buf_str(&recs), NULL);
    html_printf(b, "</fieldset>\n");
    button(b, "Save the matters led", true);
    buf_free(&themes);
    buf_free(&actions);
    buf_free(&recs);
    html_printf(b, "</div>\n</div>\n");
}

void view_work_panel(struct buf *b, const struct view_site *site, json_t *panel, json_t *people,
                     const struct view_meeting_form *f)
{
    view_page_begin(b, site, f->error ? "Error: The panel's members" : "The panel's members");
    if (f->error) {
        struct field_error e = {f->error_field ? f->error_field : "main-content", f->error};
        view_errors_summary(b, &e, 1);
    }
    view_done_banner(b, f->done);
    html_printf(b, "<h1 class=\"govuk-heading-xl\">The panel's members</h1>\n"
                   "<p class=\"govuk-body\">Who sits on the panel, in what role, and the matters "
                   "each leads. Every change is recorded; the <a class=\"govuk-link\" "
                   "href=\"/panel\">public panel page</a> and its Popolo export follow.</p>\n");
    json_t *m;
    size_t i;
    for (int past = 0; past < 2; past++) {
        html_printf(b, "<h2 class=\"govuk-heading-m\">%s</h2>\n",
                    past ? "Past members" : "Members now");
        size_t n = 0;
        json_array_foreach(json_object_get(panel, "members"), i, m)
        {
            if ((*S(m, "ended_on") != '\0') != (past == 1))
                continue;
            member(b, site, f, m, people);
            n++;
        }
        if (!n)
            html_printf(b, "<p class=\"govuk-body\">None.</p>\n");
    }
    html_printf(b, "<h2 class=\"govuk-heading-m\">Add a member</h2>\n");
    form_open(b, site, NULL, NULL);
    group(b, f, "add-person", "Person");
    html_printf(b, "<select class=\"govuk-select\" id=\"add-person\" name=\"person\">");
    const char *ref;
    json_t *who;
    json_object_foreach(people, ref, who)
    {
        html_printf(b, "<option value=\"%h\">%h (%h)</option>", ref, S(who, "name"),
                    S(who, "role"));
    }
    html_printf(b, "</select></div>\n");
    role_select(b, f, "add-role", "member");
    input(b, f, "add-appointed_by", "appointed_by", "Appointed by", "text", "",
          "For example, the Secretary of State");
    input(b, f, "add-appointed_on", "appointed_on", "Appointed on", "date", "", NULL);
    button(b, "Add the member", false);
    view_page_end(b, site);
}

/* view_plan_edit.c — the forms that add or change one theme, action,
 * milestone or measure of the draft version, and retire or reinstate it.
 * GOV.UK Frontend patterns: a label for every input, hints for the formats,
 * the error summary linking to each field, dates as ISO text fields. */
#include "lib/text.h"
#include "lib/html.h"
#include "model/version.h"
#include "web/view.h"
#include "web/view_versions_int.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define DATE_HINT_FMT "For example, %s"

/* A field's value as text: strings as they are, lists joined with ", ",
 * numbers without needless digits; "" for null or absent.  Writes into out. */
static const char *val(const json_t *o, const char *key, char *out, size_t n)
{
    const json_t *v = json_object_get(o, key);
    out[0] = '\0';
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        snprintf(out, n, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(out, n, "%.15g", json_real_value(v));
    else if (json_is_array(v)) {
        size_t i, len = 0;
        const json_t *e;
        json_array_foreach(v, i, e)
        {
            const char *s = json_string_value(e);
            int w = snprintf(out + len, n - len, "%s%s", i ? ", " : "", s ? s : "");
            if (w < 0 || (size_t)w >= n - len)
                break;
            len += (size_t)w;
        }
    }
    return out;
}

/* Whether the list `key` of o holds `ref`. */
static bool has(const json_t *o, const char *key, const char *ref)
{
    size_t i;
    const json_t *e, *a = json_object_get(o, key);
    json_array_foreach(a, i, e)
    {
        const char *s = json_string_value(e);
        if (s && strcmp(s, ref) == 0)
            return true;
    }
    return false;
}

/* A select of people (with "None" first when optional). */
static void person_select(struct buf *b, const struct view_item_form *v, const char *id,
                          const char *label, const char *hint, bool optional)
{
    char tmp[64];
    const char *cur = val(v->values, id, tmp, sizeof tmp);
    const char *error = vv_group_open(b, id, label, hint, false, v->errors, v->nerrors);
    html_printf(b, "<select class=\"govuk-select%h\" id=\"%h\" name=\"%h\"",
                error ? " govuk-select--error" : "", id, id);
    vv_described_by(b, id, hint != NULL, error != NULL);
    html_printf(b, ">\n<option value=\"\"%h>%h</option>\n", *cur ? "" : " selected",
                optional ? "None" : "Choose a person");
    for (size_t i = 0; i < v->choices->npeople; i++) {
        const struct version_choice *c = &v->choices->people[i];
        html_printf(b, "<option value=\"%h\"%h>%h (%h)</option>\n", c->ref,
                    strcmp(c->ref, cur) == 0 ? " selected" : "", c->label, c->ref);
    }
    html_printf(b, "</select>\n</div>\n");
}

/* A select of the draft's items of one kind (themes or actions); retired
 * ones are offered only when already chosen. */
static void item_select(struct buf *b, const struct view_item_form *v, enum vkind kind,
                        const char *id, const char *label, const char *hint, bool optional)
{
    char tmp[64];
    const char *cur = val(v->values, id, tmp, sizeof tmp);
    const char *error = vv_group_open(b, id, label, hint, false, v->errors, v->nerrors);
    html_printf(b, "<select class=\"govuk-select%h\" id=\"%h\" name=\"%h\"",
                error ? " govuk-select--error" : "", id, id);
    vv_described_by(b, id, hint != NULL, error != NULL);
    html_printf(b, ">\n<option value=\"\"%h>%h</option>\n", *cur ? "" : " selected",
                optional ? "None" : "Choose one");
    for (size_t i = 0; i < v->items->n; i++) {
        const struct version_item *x = &v->items->v[i];
        bool chosen = strcmp(x->ref, cur) == 0;
        if (x->kind != kind || (x->retired_reason && !chosen))
            continue;
        html_printf(b, "<option value=\"%h\"%h>%h: %h</option>\n", x->ref,
                    chosen ? " selected" : "", x->ref,
                    json_string_value(json_object_get(x->body, "title")));
    }
    html_printf(b, "</select>\n</div>\n");
}

static void date_field(struct buf *b, const struct view_item_form *v, const char *id,
                       const char *label, const char *example)
{
    char hint[64], tmp[64];
    snprintf(hint, sizeof hint, DATE_HINT_FMT, example);
    vv_text(b, id, label, hint, val(v->values, id, tmp, sizeof tmp), "govuk-input--width-10",
            v->errors, v->nerrors);
}

static void text_field(struct buf *b, const struct view_item_form *v, const char *id,
                       const char *label, const char *hint, const char *width)
{
    char tmp[1024];
    vv_text(b, id, label, hint, val(v->values, id, tmp, sizeof tmp), width, v->errors, v->nerrors);
}

/* The recommendations as checkboxes; the first carries the id the error
 * summary links to. */
static void answers_field(struct buf *b, const struct view_item_form *v)
{
    const char *hint = "The review's recommendations this action answers.";
    const char *error =
        vv_group_open(b, "answers", "Recommendations answered", hint, true, v->errors, v->nerrors);
    (void)error;
    html_printf(b, "<div class=\"govuk-checkboxes govuk-checkboxes--small\" "
                   "data-module=\"govuk-checkboxes\">\n");
    for (size_t i = 0; i < v->choices->nrecs; i++) {
        const struct version_choice *c = &v->choices->recs[i];
        char id[96] = "answers";
        if (i)
            snprintf(id, sizeof id, "answers-%zu", i + 1);
        html_printf(b,
                    "<div class=\"govuk-checkboxes__item\">\n"
                    "<input class=\"govuk-checkboxes__input\" id=\"%h\" name=\"answers\" "
                    "type=\"checkbox\" value=\"%h\"%h>\n"
                    "<label class=\"govuk-label govuk-checkboxes__label\" for=\"%h\">%h: %h"
                    "</label>\n</div>\n",
                    id, c->ref, has(v->values, "answers", c->ref) ? " checked" : "", id, c->ref,
                    c->label);
    }
    if (!v->choices->nrecs)
        html_printf(b, "<p class=\"govuk-body\">There are no recommendations.</p>\n");
    html_printf(b, "</div>\n</fieldset>\n</div>\n");
}

static void action_fields(struct buf *b, const struct view_item_form *v)
{
    char tmp[8192];
    text_field(b, v, "title", "Title", NULL, "");
    vv_textarea(b, "description", "Description", "Optional.",
                val(v->values, "description", tmp, sizeof tmp), 4, v->errors, v->nerrors);
    item_select(b, v, VK_THEME, "theme", "Theme", NULL, false);
    person_select(b, v, "owner", "Owner", "The officer who delivers it and reports on it.", true);
    person_select(b, v, "member", "Accountable member", NULL, true);
    person_select(b, v, "panel_lead", "Panel lead", NULL, true);
    date_field(b, v, "start", "Planned start", "2015-04-01");
    date_field(b, v, "finish", "Planned finish", "2015-09-30");
    answers_field(b, v);
    text_field(b, v, "depends_on", "Depends on",
               "References of the actions that must finish before this one starts, separated "
               "by commas, for example A3, A12. Leave empty for none.",
               "govuk-input--width-20");
    vv_textarea(b, "closure_criteria", "Closure criteria",
                "What must be true, with evidence, before the action can be closed.",
                val(v->values, "closure_criteria", tmp, sizeof tmp), 3, v->errors, v->nerrors);
}

static void milestone_fields(struct buf *b, const struct view_item_form *v)
{
    text_field(b, v, "title", "Title", NULL, "");
    item_select(b, v, VK_ACTION, "action", "Action", "The action the milestone marks, if any.",
                true);
    date_field(b, v, "due", "Due", "2015-06-30");
    const json_t *pub = json_object_get(v->values, "public");
    bool on = !pub || json_is_true(pub) ||
              (json_is_string(pub) && strcmp(json_string_value(pub), "yes") == 0);
    vv_group_open(b, "public", "The public roadmap", NULL, true, v->errors, v->nerrors);
    html_printf(b,
                "<div class=\"govuk-checkboxes govuk-checkboxes--small\" "
                "data-module=\"govuk-checkboxes\">\n<div class=\"govuk-checkboxes__item\">\n"
                "<input class=\"govuk-checkboxes__input\" id=\"public\" name=\"public\" "
                "type=\"checkbox\" value=\"yes\"%h>\n"
                "<label class=\"govuk-label govuk-checkboxes__label\" for=\"public\">Show it on "
                "the public roadmap</label>\n</div>\n</div>\n</fieldset>\n</div>\n",
                on ? " checked" : "");
}

static void theme_fields(struct buf *b, const struct view_item_form *v)
{
    text_field(b, v, "title", "Title", NULL, "");
    person_select(b, v, "lead", "Lead", NULL, true);
}

static void measure_fields(struct buf *b, const struct view_item_form *v)
{
    char tmp[64];
    text_field(b, v, "title", "Title", NULL, "");
    text_field(b, v, "unit", "Unit", "For example, %, days, £m", "govuk-input--width-10");
    const char *dir = val(v->values, "direction", tmp, sizeof tmp);
    const char *error =
        vv_group_open(b, "direction", "Which way is better", NULL, true, v->errors, v->nerrors);
    (void)error;
    html_printf(b,
                "<div class=\"govuk-radios govuk-radios--small govuk-radios--inline\" "
                "data-module=\"govuk-radios\">\n"
                "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                "id=\"direction\" name=\"direction\" type=\"radio\" value=\"up\"%h>"
                "<label class=\"govuk-label govuk-radios__label\" for=\"direction\">Up</label>"
                "</div>\n"
                "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                "id=\"direction-down\" name=\"direction\" type=\"radio\" value=\"down\"%h>"
                "<label class=\"govuk-label govuk-radios__label\" for=\"direction-down\">Down"
                "</label></div>\n</div>\n</fieldset>\n</div>\n",
                strcmp(dir, "down") != 0 ? " checked" : "",
                strcmp(dir, "down") == 0 ? " checked" : "");
    text_field(b, v, "baseline", "Baseline value", "A number. Optional.", "govuk-input--width-10");
    date_field(b, v, "baseline_date", "Baseline date", "2015-03-31");
    text_field(b, v, "target", "Target value", "A number. Optional.", "govuk-input--width-10");
    date_field(b, v, "target_date", "Target date", "2016-03-31");
    text_field(b, v, "tolerance_pct", "Tolerance (%)",
               "How far from the target, as a percentage of the distance from baseline to "
               "target, still counts as near. A whole number.",
               "govuk-input--width-5");
    item_select(b, v, VK_THEME, "theme", "Theme", NULL, true);
    text_field(b, v, "actions", "Actions",
               "References of the actions that move this measure, separated by commas.",
               "govuk-input--width-20");
}

/* The retire form, or for a retired item the reinstate form. */
static void retire_form(struct buf *b, const struct view_site *site, const struct view_item_form *v,
                        const char *kind)
{
    const char *section = vkind_section((enum vkind)v->kind);
    if (v->retired_reason) {
        html_printf(b,
                    "<h2 class=\"govuk-heading-m\">Put it back in the plan</h2>\n"
                    "<form method=\"post\" action=\"/work/plan/%h/%U/reinstate\" novalidate>\n",
                    section, v->ref);
        view_csrf_field(b, site);
        html_printf(b,
                    "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                    "data-module=\"govuk-button\">Reinstate %h %h</button>\n</form>\n",
                    kind, v->ref);
        return;
    }
    html_printf(b,
                "<h2 class=\"govuk-heading-m\" id=\"retire\">Retire this %h</h2>\n"
                "<p class=\"govuk-body\">A retired %h leaves the plan when this version is signed "
                "off; nothing is deleted, and the reason is kept with the version.</p>\n"
                "<form method=\"post\" action=\"/work/plan/%h/%U/retire\" novalidate>\n",
                kind, kind, section, v->ref);
    view_csrf_field(b, site);
    vv_textarea(b, "reason", "Why it leaves the plan", NULL, v->reason, 3, v->errors, v->nerrors);
    html_printf(b,
                "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
                "data-module=\"govuk-button\">Retire %h %h</button>\n</form>\n",
                kind, v->ref);
}

void view_item_form(struct buf *b, const struct view_site *site, const struct view_item_form *v)
{
    const char *kind = vkind_name((enum vkind)v->kind);
    const char *section = vkind_section((enum vkind)v->kind);
    char title[160];
    if (v->is_new)
        snprintf(title, sizeof title, "%sAdd %s %s", v->nerrors ? "Error: " : "",
                 v->kind == VK_ACTION ? "an" : "a", kind);
    else
        snprintf(title, sizeof title, "%sEdit %s %s", v->nerrors ? "Error: " : "", kind,
                 TEXT_CLIP(v->ref, 64));
    view_page_begin(b, site, title);
    html_printf(b,
                "<a href=\"/work/versions/%d\" class=\"govuk-back-link\">Back to draft version "
                "%d</a>\n",
                v->draft, v->draft);
    view_errors_summary(b, v->errors, v->nerrors);
    html_printf(b,
                "<span class=\"govuk-caption-l\">Draft version %d</span>\n"
                "<h1 class=\"govuk-heading-l\">%h</h1>\n",
                v->draft, v->nerrors ? title + 7 : title);
    if (v->retired_reason)
        html_printf(b, "<div class=\"govuk-inset-text\">This draft retires %h %h: %h</div>\n", kind,
                    v->ref, v->retired_reason);
    html_printf(b, "<p class=\"govuk-body\">Changes go into the draft only. The public plan "
                   "changes when the panel signs the version off.</p>\n");
    if (v->is_new)
        html_printf(b, "<form method=\"post\" action=\"/work/plan/%h/new\" novalidate>\n", section);
    else
        html_printf(b, "<form method=\"post\" action=\"/work/plan/%h/%U\" novalidate>\n", section,
                    v->ref);
    view_csrf_field(b, site);
    if (v->is_new)
        vv_text(b, "ref", "Reference",
                "A short, unique reference: letters, digits, '.', '_' or '-', for example A52.",
                v->ref, "govuk-input--width-10", v->errors, v->nerrors);
    switch (v->kind) {
    case VK_THEME:
        theme_fields(b, v);
        break;
    case VK_ACTION:
        action_fields(b, v);
        break;
    case VK_MILESTONE:
        milestone_fields(b, v);
        break;
    default:
        measure_fields(b, v);
        break;
    }
    html_printf(b,
                "<div class=\"govuk-button-group\">\n"
                "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Save in the draft</button>\n"
                "<a class=\"govuk-link\" href=\"/work/versions/%d\">Cancel</a>\n</div>\n</form>\n",
                v->draft);
    if (!v->is_new)
        retire_form(b, site, v, kind);
    view_page_end(b, site);
}

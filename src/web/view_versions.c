/* view_versions.c — the plan versions, one version with its items and the
 * form of its next step, and the comparison of two versions; and the form
 * pieces the draft's editing pages share (view_versions_int.h).  GOV.UK
 * Frontend patterns: tables, summary lists, tags, error summaries linking to
 * the fields, notification banners. */
#include "lib/html.h"
#include "model/version.h"
#include "web/view.h"
#include "web/view_versions_int.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* ---- shared pieces ------------------------------------------------------------------ */

const char *vv_error_for(const struct field_error *e, size_t n, const char *field)
{
    for (size_t i = 0; i < n; i++)
        if (e[i].field && strcmp(e[i].field, field) == 0)
            return e[i].message;
    return NULL;
}

const char *vv_group_open(struct buf *b, const char *id, const char *label, const char *hint,
                          bool fieldset, const struct field_error *e, size_t n)
{
    const char *error = vv_error_for(e, n, id);
    html_printf(b, "<div class=\"govuk-form-group%s\">\n", error ? " govuk-form-group--error" : "");
    if (fieldset) {
        html_printf(b, "<fieldset class=\"govuk-fieldset\"");
        vv_described_by(b, id, hint != NULL, error != NULL);
        html_printf(b,
                    ">\n<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%h"
                    "</legend>\n",
                    label);
    } else {
        html_printf(b, "<label class=\"govuk-label govuk-label--s\" for=\"%h\">%h</label>\n", id,
                    label);
    }
    if (hint)
        html_printf(b, "<div id=\"%h-hint\" class=\"govuk-hint\">%h</div>\n", id, hint);
    if (error)
        html_printf(b,
                    "<p id=\"%h-error\" class=\"govuk-error-message\">"
                    "<span class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                    id, error);
    return error;
}

void vv_described_by(struct buf *b, const char *id, bool hint, bool error)
{
    if (!hint && !error)
        return;
    html_printf(b, " aria-describedby=\"");
    if (hint)
        html_printf(b, "%h-hint", id);
    if (hint && error)
        html_printf(b, " ");
    if (error)
        html_printf(b, "%h-error", id);
    html_printf(b, "\"");
}

void vv_text(struct buf *b, const char *id, const char *label, const char *hint, const char *value,
             const char *width, const struct field_error *e, size_t n)
{
    const char *error = vv_group_open(b, id, label, hint, false, e, n);
    html_printf(b,
                "<input class=\"govuk-input %h%s\" id=\"%h\" name=\"%h\" type=\"text\" "
                "value=\"%h\" spellcheck=\"false\"",
                width, error ? " govuk-input--error" : "", id, id, value ? value : "");
    vv_described_by(b, id, hint != NULL, error != NULL);
    html_printf(b, ">\n</div>\n");
}

void vv_textarea(struct buf *b, const char *id, const char *label, const char *hint,
                 const char *value, int rows, const struct field_error *e, size_t n)
{
    const char *error = vv_group_open(b, id, label, hint, false, e, n);
    html_printf(b, "<textarea class=\"govuk-textarea%s\" id=\"%h\" name=\"%h\" rows=\"%d\"",
                error ? " govuk-textarea--error" : "", id, id, rows);
    vv_described_by(b, id, hint != NULL, error != NULL);
    html_printf(b, ">%h</textarea>\n</div>\n", value ? value : "");
}

static const struct {
    const char *status, *label, *tag;
} statuses[] = {
    {"draft", "Draft", "govuk-tag--grey"},
    {"submitted", "Submitted", "govuk-tag--blue"},
    {"approved", "Approved by cabinet", "govuk-tag--turquoise"},
    {"signed_off", "Signed off", "govuk-tag--green"},
    {"superseded", "Superseded", "govuk-tag--grey"},
};

const char *vv_status_label(const char *status)
{
    for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
        if (strcmp(statuses[i].status, status) == 0)
            return statuses[i].label;
    return "Unknown";
}

void vv_status_tag(struct buf *b, const char *status)
{
    const char *tag = "govuk-tag--grey";
    for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
        if (strcmp(statuses[i].status, status) == 0)
            tag = statuses[i].tag;
    html_printf(b, "<strong class=\"govuk-tag %h\">%h</strong>", tag, vv_status_label(status));
}

const char *vv_field_label(const char *field)
{
    static const char *const labels[][2] = {
        {"title", "Title"},
        {"description", "Description"},
        {"closure_criteria", "Closure criteria"},
        {"theme", "Theme"},
        {"owner", "Owner"},
        {"member", "Accountable member"},
        {"panel_lead", "Panel lead"},
        {"lead", "Lead"},
        {"start", "Start"},
        {"finish", "Finish"},
        {"due", "Due"},
        {"answers", "Recommendations answered"},
        {"depends_on", "Depends on"},
        {"action", "Action"},
        {"actions", "Actions"},
        {"public", "On the public roadmap"},
        {"unit", "Unit"},
        {"direction", "Better when"},
        {"baseline", "Baseline"},
        {"baseline_date", "Baseline date"},
        {"target", "Target"},
        {"target_date", "Target date"},
        {"tolerance_pct", "Tolerance (%)"},
        {"ref", "Reference"},
        {"reason", "Reason"},
    };
    for (size_t i = 0; field && i < sizeof labels / sizeof *labels; i++)
        if (strcmp(labels[i][0], field) == 0)
            return labels[i][1];
    return "Field";
}

/* ---- small helpers --------------------------------------------------------------------- */

/* A string member of an item body, or NULL. */
static const char *jtext(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Shows a stored ISO date, or "Not set". */
static void show_date(struct buf *b, day_t d)
{
    view_date(b, d);
}

static void show_iso(struct buf *b, const char *iso)
{
    day_t d;
    show_date(b, iso && date_parse(iso, &d) ? d : DAY_NONE);
}

/* How many items of each kind, and of them retired. */
static void count_kinds(const struct version_items *it, size_t n[VK__MAX], size_t r[VK__MAX])
{
    for (int k = 0; k < VK__MAX; k++)
        n[k] = r[k] = 0;
    for (size_t i = 0; it && i < it->n; i++) {
        n[it->v[i].kind]++;
        if (it->v[i].retired_reason)
            r[it->v[i].kind]++;
    }
}

/* ---- the list ---------------------------------------------------------------------------- */

/* What the version awaits, with the link to do it for those who may. */
static void next_step(struct buf *b, const struct view_versions *v, const struct version_info *x)
{
    if (strcmp(x->status, "draft") == 0) {
        if (v->can_edit)
            html_printf(b,
                        "<a class=\"govuk-link\" href=\"/work/versions/%d\">Edit or submit "
                        "version %d</a>",
                        x->number, x->number);
        else
            html_printf(b, "Being drafted by the programme office");
    } else if (strcmp(x->status, "submitted") == 0) {
        if (v->can_approve)
            html_printf(b,
                        "<a class=\"govuk-link\" href=\"/work/versions/%d#approve\">Record "
                        "cabinet approval of version %d</a>",
                        x->number, x->number);
        else
            html_printf(b, "Awaiting cabinet approval");
    } else if (strcmp(x->status, "approved") == 0) {
        if (v->can_sign_off)
            html_printf(b,
                        "<a class=\"govuk-link\" href=\"/work/versions/%d#sign-off\">Record "
                        "the panel&#39;s sign-off of version %d</a>",
                        x->number, x->number);
        else
            html_printf(b, "Awaiting the panel&#39;s sign-off");
    } else if (strcmp(x->status, "signed_off") == 0) {
        html_printf(b, "The public plan");
    } else {
        html_printf(b, "None");
    }
}

void view_versions(struct buf *b, const struct view_site *site, const struct view_versions *v)
{
    view_page_begin(b, site, v->nerrors ? "Error: Plan versions" : "Plan versions");
    view_done_banner(b, v->done);
    view_errors_summary(b, v->errors, v->nerrors);
    html_printf(b, "<h1 class=\"govuk-heading-l\">Plan versions</h1>\n"
                   "<p class=\"govuk-body\">The programme office edits a draft of the plan and "
                   "submits it; the executive records cabinet&#39;s approval; the panel records "
                   "its sign-off, and the signed-off version becomes the public plan, its dates "
                   "the baselines. Until then nothing of a draft is public.</p>\n");
    const struct version_info *open = NULL;
    for (size_t i = 0; i < v->list->n; i++) {
        const struct version_info *x = &v->list->v[i];
        if (!strcmp(x->status, "draft") || !strcmp(x->status, "submitted") ||
            !strcmp(x->status, "approved"))
            open = x;
    }
    if (!v->list->n) {
        html_printf(b, "<p class=\"govuk-body\">There are no plan versions yet.</p>\n");
    } else {
        view_table_open(b, "Plan versions");
        html_printf(b, "<table class=\"govuk-table\">\n"
                       "<caption class=\"govuk-table__caption govuk-table__caption--m\">"
                       "Every version, newest first</caption>\n"
                       "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                       "<th scope=\"col\" class=\"govuk-table__header\">Version</th>"
                       "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                       "<th scope=\"col\" class=\"govuk-table__header\">Approved by cabinet</th>"
                       "<th scope=\"col\" class=\"govuk-table__header\">Signed off</th>"
                       "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--"
                       "numeric\">Items</th>"
                       "<th scope=\"col\" class=\"govuk-table__header\">Next step</th>"
                       "<th scope=\"col\" class=\"govuk-table__header\">Changes</th>"
                       "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
        for (size_t i = v->list->n; i-- > 0;) {
            const struct version_info *x = &v->list->v[i];
            html_printf(b,
                        "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                        "class=\"govuk-table__header\"><a class=\"govuk-link\" "
                        "href=\"/work/versions/%d\">Version %d</a><br>"
                        "<span class=\"govuk-body-s\">%h</span></th>"
                        "<td class=\"govuk-table__cell\">",
                        x->number, x->number, x->title);
            vv_status_tag(b, x->status);
            html_printf(b, "</td><td class=\"govuk-table__cell\">");
            if (x->approved_on != DAY_NONE) {
                show_date(b, x->approved_on);
                if (x->approval_ref)
                    html_printf(b, "<br><span class=\"govuk-body-s\">%h</span>", x->approval_ref);
            } else {
                html_printf(b, "Not yet");
            }
            html_printf(b, "</td><td class=\"govuk-table__cell\">");
            if (x->signed_off_on != DAY_NONE)
                show_date(b, x->signed_off_on);
            else
                html_printf(b, "Not yet");
            html_printf(b,
                        "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%zu"
                        "</td><td class=\"govuk-table__cell\">",
                        x->items);
            next_step(b, v, x);
            html_printf(b, "</td><td class=\"govuk-table__cell\">");
            if (i > 0)
                html_printf(b,
                            "<a class=\"govuk-link\" href=\"/work/versions/%d/diff/%d\">"
                            "Compare with version %d</a>",
                            v->list->v[i - 1].number, x->number, v->list->v[i - 1].number);
            html_printf(b, "</td></tr>\n");
        }
        html_printf(b, "</tbody>\n</table>\n");
        view_table_close(b);
    }
    if (!v->can_edit)
        goto end;
    html_printf(b, "<h2 class=\"govuk-heading-m\">Start a new draft</h2>\n");
    if (open) {
        html_printf(b,
                    "<p class=\"govuk-body\">Version %d (%h) must be signed off before a new "
                    "draft can start.</p>\n",
                    open->number, vv_status_label(open->status));
        goto end;
    }
    html_printf(b, "<p class=\"govuk-body\">The draft starts as a copy of the signed-off plan. "
                   "Edit its themes, actions, milestones and measures, then submit it.</p>\n"
                   "<form method=\"post\" action=\"/work/versions\" novalidate>\n");
    view_csrf_field(b, site);
    vv_text(b, "title", "Title of the new version", "For example, Year Two Action Plan", v->title,
            "", v->errors, v->nerrors);
    html_printf(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Start a new draft</button>\n</form>\n");
end:
    view_page_end(b, site);
}

/* ---- one version ------------------------------------------------------------------------ */

/* The returns of the version, newest first; the latest is shown to the
 * draft's author as what to fix. */
static void returns(struct buf *b, const struct view_version *v)
{
    size_t n = 0;
    for (size_t i = 0; i < v->nevents; i++)
        n += v->events[i].returned;
    if (!n)
        return;
    bool draft = strcmp(v->v->status, "draft") == 0;
    for (size_t i = v->nevents; i-- > 0;) {
        const struct version_event *e = &v->events[i];
        if (!e->returned)
            continue;
        if (draft) {
            html_printf(b,
                        "<div class=\"govuk-inset-text\" id=\"returned\">"
                        "<h2 class=\"govuk-heading-s\">Returned to draft by %h on ",
                        e->by_name);
            show_date(b, e->made_on);
            html_printf(b,
                        "</h2>\n<p class=\"govuk-body\">%h</p>\n<p class=\"govuk-body\">"
                        "Change what it asks, then submit the draft again.</p></div>\n",
                        e->reason);
            draft = false; /* older returns as a list */
            continue;
        }
        html_printf(b, "<p class=\"govuk-body-s\">Returned to draft by %h on ", e->by_name);
        show_date(b, e->made_on);
        html_printf(b, ": &ldquo;%h&rdquo;</p>\n", e->reason);
    }
}

/* The reason field of the return or the correction form. */
static void reason_field(struct buf *b, const struct view_version *v, const char *hint)
{
    vv_textarea(b, "reason", "Reason", hint, v->reason ? v->reason : "", 3, v->errors, v->nerrors);
}

/* The step the version awaits, as a form for those who may take it. */
static void step_form(struct buf *b, const struct view_site *site, const struct view_version *v)
{
    const struct version_info *x = v->v;
    if (strcmp(x->status, "draft") == 0 && v->can_edit) {
        html_printf(b,
                    "<h2 class=\"govuk-heading-m\" id=\"submit\">Edit the draft</h2>\n"
                    "<div class=\"govuk-button-group\">\n"
                    "<a class=\"govuk-button govuk-button--secondary\" "
                    "href=\"/work/plan/actions/new\">Add an action</a>\n"
                    "<a class=\"govuk-button govuk-button--secondary\" "
                    "href=\"/work/plan/milestones/new\">Add a milestone</a>\n"
                    "<a class=\"govuk-button govuk-button--secondary\" "
                    "href=\"/work/plan/themes/new\">Add a theme</a>\n"
                    "<a class=\"govuk-button govuk-button--secondary\" "
                    "href=\"/work/plan/measures/new\">Add a measure</a>\n"
                    "</div>\n"
                    "<p class=\"govuk-body\">Change an item by its reference in the lists "
                    "below. <a class=\"govuk-link\" href=\"/work/versions/%d/diff/%d\">See what "
                    "the draft changes</a>.</p>\n",
                    v->compare_with ? v->compare_with : x->number, x->number);
        html_printf(b, "<form method=\"post\" action=\"/work/versions/%d/submit\" novalidate>\n",
                    x->number);
        view_csrf_field(b, site);
        html_printf(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
                       "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
                       "<span class=\"govuk-visually-hidden\">Warning</span> Once submitted, "
                       "the draft cannot be changed.</strong></div>\n"
                       "<button type=\"submit\" class=\"govuk-button\" "
                       "data-module=\"govuk-button\">Submit for approval</button>\n</form>\n");
    } else if (strcmp(x->status, "submitted") == 0 && v->can_approve) {
        html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"approve\">Record cabinet&#39;s "
                       "approval</h2>\n");
        html_printf(b, "<form method=\"post\" action=\"/work/versions/%d/approve\" novalidate>\n",
                    x->number);
        view_csrf_field(b, site);
        vv_text(b, "approved_on", "Date cabinet approved it", "For example, 2016-03-14",
                v->approved_on, "govuk-input--width-10", v->errors, v->nerrors);
        vv_text(b, "approval_ref", "Minute reference", "For example, Cabinet minute 123/2016",
                v->approval_ref, "govuk-input--width-20", v->errors, v->nerrors);
        html_printf(b,
                    "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                    "Record approval</button>\n</form>\n");
        html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"return\">Return it to draft</h2>\n"
                       "<p class=\"govuk-body\">When cabinet asks for changes, return the "
                       "version: it becomes a draft again, and its author sees your reason.</p>\n");
        html_printf(b, "<form method=\"post\" action=\"/work/versions/%d/return\" novalidate>\n",
                    x->number);
        view_csrf_field(b, site);
        reason_field(b, v,
                     "What must change before it is submitted again. Up to 2,000 characters.");
        html_printf(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                       "data-module=\"govuk-button\">Return to draft</button>\n</form>\n");
    } else if (strcmp(x->status, "approved") == 0 && v->can_sign_off) {
        html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"sign-off\">Record the panel&#39;s "
                       "sign-off</h2>\n");
        html_printf(b, "<form method=\"post\" action=\"/work/versions/%d/sign-off\" novalidate>\n",
                    x->number);
        view_csrf_field(b, site);
        vv_text(b, "signed_off_on", "Date the panel signed it off", "For example, 2016-03-21",
                v->signed_off_on, "govuk-input--width-10", v->errors, v->nerrors);
        html_printf(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
                       "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
                       "<span class=\"govuk-visually-hidden\">Warning</span> The version "
                       "becomes the public plan at once, and its dates the baselines.</strong>"
                       "</div>\n"
                       "<button type=\"submit\" class=\"govuk-button\" "
                       "data-module=\"govuk-button\">Record sign-off</button>\n</form>\n");
    }
}

/* One row of the items table: the ref (a link to its form in an editable
 * draft), the title, what matters of it, and whether it is retired. */
/* Appends the person of `ref` as "Name (Role)", the ref itself when the plan
 * has no such person, or `none` when ref is NULL. */
static void person(struct buf *b, const struct version_choices *c, const char *ref,
                   const char *none)
{
    const struct version_choice *p = c && ref ? version_person(c, ref) : NULL;
    if (p)
        view_person(b, p->label, p->role ? p->role : "");
    else
        html_printf(b, "%h", ref ? ref : none);
}

static void item_row(struct buf *b, const struct version_item *x, bool editable,
                     const struct version_choices *c)
{
    const json_t *o = x->body;
    html_printf(b, "<tr class=\"govuk-table__row\" id=\"%h-%h\"><td class=\"govuk-table__cell\">",
                vkind_name(x->kind), x->ref);
    if (editable)
        html_printf(b, "<a class=\"govuk-link\" href=\"/work/plan/%h/%U\">%h</a>",
                    vkind_section(x->kind), x->ref, x->ref);
    else
        html_printf(b, "%h", x->ref);
    html_printf(b, "</td><td class=\"govuk-table__cell\">%h</td><td class=\"govuk-table__cell\">",
                jtext(o, "title"));
    switch (x->kind) {
    case VK_THEME:
        html_printf(b, "Lead: ");
        person(b, c, jtext(o, "lead"), "none");
        break;
    case VK_ACTION:
        html_printf(b, "Owner: ");
        person(b, c, jtext(o, "owner"), "none");
        html_printf(b, "<br>");
        show_iso(b, jtext(o, "start"));
        html_printf(b, " to ");
        show_iso(b, jtext(o, "finish"));
        break;
    case VK_MILESTONE:
        html_printf(b, "%h, due ", jtext(o, "action") ? jtext(o, "action") : "no action");
        show_iso(b, jtext(o, "due"));
        break;
    default:
        html_printf(b, "%h", jtext(o, "unit"));
        break;
    }
    html_printf(b, "</td><td class=\"govuk-table__cell\">");
    if (x->retired_reason)
        html_printf(b,
                    "<strong class=\"govuk-tag govuk-tag--grey\">Retired</strong> "
                    "<span class=\"govuk-body-s\">%h</span>",
                    x->retired_reason);
    else
        html_printf(b, "In the plan");
    html_printf(b, "</td></tr>\n");
}

void view_version(struct buf *b, const struct view_site *site, const struct view_version *v)
{
    const struct version_info *x = v->v;
    char title[64];
    snprintf(title, sizeof title, "%sPlan version %d", v->nerrors ? "Error: " : "", x->number);
    view_page_begin(b, site, title);
    view_done_banner(b, v->done);
    view_errors_summary(b, v->errors, v->nerrors);
    html_printf(b,
                "<span class=\"govuk-caption-l\">Plan version %d</span>\n"
                "<h1 class=\"govuk-heading-l\">%h</h1>\n"
                "<dl class=\"govuk-summary-list\">\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Status</dt><dd class=\"govuk-summary-list__value\">",
                x->number, x->title);
    vv_status_tag(b, x->status);
    html_printf(b, "</dd></div>\n<div class=\"govuk-summary-list__row\">"
                   "<dt class=\"govuk-summary-list__key\">Approved by cabinet</dt>"
                   "<dd class=\"govuk-summary-list__value\">");
    if (x->approved_on != DAY_NONE) {
        show_date(b, x->approved_on);
        html_printf(b, " (%h)", x->approval_ref ? x->approval_ref : "no minute reference");
        /* each correction beside the date first entered, never over it */
        day_t was = x->approved_on;
        for (size_t i = 0; i < v->nevents; i++) {
            const struct version_event *e = &v->events[i];
            if (e->returned)
                continue;
            html_printf(b, "<br><span class=\"govuk-body-s\">Corrected on ");
            show_date(b, e->made_on);
            html_printf(b, " by %h: the date was ", e->by_name);
            show_date(b, was);
            html_printf(b, ", now <strong>");
            show_date(b, e->approved_on);
            html_printf(b, "</strong>, because &ldquo;%h&rdquo;</span>", e->reason);
            was = e->approved_on;
        }
    } else {
        html_printf(b, "Not yet");
    }
    html_printf(b, "</dd></div>\n<div class=\"govuk-summary-list__row\">"
                   "<dt class=\"govuk-summary-list__key\">Signed off by the panel</dt>"
                   "<dd class=\"govuk-summary-list__value\">");
    if (x->signed_off_on != DAY_NONE)
        show_date(b, x->signed_off_on);
    else
        html_printf(b, "Not yet");
    size_t n[VK__MAX], r[VK__MAX];
    count_kinds(v->items, n, r);
    html_printf(b, "</dd></div>\n<div class=\"govuk-summary-list__row\">"
                   "<dt class=\"govuk-summary-list__key\">Items</dt>"
                   "<dd class=\"govuk-summary-list__value\">");
    if (!v->items->n && x->items)
        html_printf(b,
                    "%zu in the live plan, which this version is (they are listed here "
                    "once the next draft starts)",
                    x->items);
    else
        html_printf(b, "%zu themes, %zu actions, %zu milestones, %zu measures (%zu retired)",
                    n[VK_THEME], n[VK_ACTION], n[VK_MILESTONE], n[VK_MEASURE],
                    r[VK_THEME] + r[VK_ACTION] + r[VK_MILESTONE] + r[VK_MEASURE]);
    html_printf(b, "</dd></div>\n</dl>\n");
    returns(b, v);
    if (v->compare_with && strcmp(x->status, "draft") != 0)
        html_printf(b,
                    "<p class=\"govuk-body\"><a class=\"govuk-link\" "
                    "href=\"/work/versions/%d/diff/%d\">Compare with version %d</a></p>\n",
                    v->compare_with, x->number, v->compare_with);
    step_form(b, site, v);
    if (x->approved_on != DAY_NONE && v->can_approve) {
        html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"correct-approval\">Correct the "
                       "approval date</h2>\n<p class=\"govuk-body\">If the date of cabinet&#39;s "
                       "approval was entered wrongly, record the right one. The date first "
                       "entered stays on the record, with your correction beside it.</p>\n");
        html_printf(b,
                    "<form method=\"post\" action=\"/work/versions/%d/approval-date\" "
                    "novalidate>\n",
                    x->number);
        view_csrf_field(b, site);
        vv_text(b, "corrected_on", "The date cabinet approved it",
                "For example, 2016-03-14. Not in the future, nor after the panel's sign-off.",
                v->corrected_on ? v->corrected_on : "", "govuk-input--width-10", v->errors,
                v->nerrors);
        reason_field(b, v,
                     "Why the date was wrong, for example: the minute is dated 14 March. "
                     "Up to 2,000 characters.");
        html_printf(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                       "data-module=\"govuk-button\">Correct the date</button>\n</form>\n");
    }
    bool editable = strcmp(x->status, "draft") == 0 && v->can_edit;
    static const char *const headings[VK__MAX] = {"Themes", "Actions", "Milestones", "Measures"};
    for (int k = 0; k < VK__MAX; k++) {
        if (!n[k])
            continue;
        html_printf(b, "<h2 class=\"govuk-heading-m\">%s (%zu)</h2>\n", headings[k], n[k]);
        view_table_open(b, headings[k]);
        html_printf(b, "<table class=\"govuk-table\">\n"
                       "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                       "<th scope=\"col\" class=\"govuk-table__header\">Ref</th>"
                       "<th scope=\"col\" class=\"govuk-table__header\">Title</th>"
                       "<th scope=\"col\" class=\"govuk-table__header\">Details</th>"
                       "<th scope=\"col\" class=\"govuk-table__header\">In this version</th>"
                       "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
        for (size_t i = 0; i < v->items->n; i++)
            if ((int)v->items->v[i].kind == k)
                item_row(b, &v->items->v[i], editable, v->choices);
        html_printf(b, "</tbody>\n</table>\n");
        view_table_close(b);
    }
    view_page_end(b, site);
}

/* ---- the comparison --------------------------------------------------------------------- */

void view_version_diff(struct buf *b, const struct view_site *site, const struct version_diff *d,
                       const struct version_info *from, const struct version_info *to)
{
    static const struct {
        const char *change, *heading;
    } groups[] = {
        {"added", "Added"},         {"retired", "Retired"},         {"reinstated", "Reinstated"},
        {"re-worded", "Re-worded"}, {"re-dated", "Re-dated"},       {"re-owned", "Re-owned"},
        {"re-linked", "Re-linked"}, {"re-targeted", "Re-targeted"}, {"changed", "Other changes"},
    };
    char title[96];
    snprintf(title, sizeof title, "Changes from version %d to version %d", from->number,
             to->number);
    view_page_begin(b, site, title);
    html_printf(b,
                "<span class=\"govuk-caption-l\">Plan versions</span>\n"
                "<h1 class=\"govuk-heading-l\">Changes from version %d to version %d</h1>\n"
                "<p class=\"govuk-body\">From <a class=\"govuk-link\" href=\"/work/versions/%d\">"
                "version %d, %h</a> (",
                from->number, to->number, from->number, from->number, from->title);
    html_printf(b, "%h", vv_status_label(from->status));
    html_printf(b, ") to <a class=\"govuk-link\" href=\"/work/versions/%d\">version %d, %h</a> (",
                to->number, to->number, to->title);
    html_printf(b, "%h).</p>\n", vv_status_label(to->status));
    if (!d->n) {
        html_printf(b, "<p class=\"govuk-body\">The two versions hold the same plan.</p>\n");
        view_page_end(b, site);
        return;
    }
    html_printf(b, "<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        size_t count = 0;
        for (size_t i = 0; i < d->n; i++)
            count += strcmp(d->v[i].change, groups[g].change) == 0;
        if (count)
            html_printf(b, "<li><a class=\"govuk-link\" href=\"#%h\">%h</a>: %zu</li>\n",
                        groups[g].change, groups[g].heading, count);
    }
    html_printf(b, "</ul>\n");
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        size_t count = 0;
        for (size_t i = 0; i < d->n; i++)
            count += strcmp(d->v[i].change, groups[g].change) == 0;
        if (!count)
            continue;
        bool retired = strcmp(groups[g].change, "retired") == 0;
        bool added = strcmp(groups[g].change, "added") == 0;
        bool reinstated = strcmp(groups[g].change, "reinstated") == 0;
        html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"%h\">%h (%zu)</h2>\n", groups[g].change,
                    groups[g].heading, count);
        view_table_open(b, groups[g].heading);
        html_printf(b, "<table class=\"govuk-table\">\n<thead class=\"govuk-table__head\">"
                       "<tr class=\"govuk-table__row\">"
                       "<th scope=\"col\" class=\"govuk-table__header\">Item</th>");
        if (retired)
            html_printf(b, "<th scope=\"col\" class=\"govuk-table__header\">Reason</th>");
        else if (added)
            html_printf(b, "<th scope=\"col\" class=\"govuk-table__header\">Title</th>");
        else if (!reinstated)
            html_printf(b, "<th scope=\"col\" class=\"govuk-table__header\">Field</th>"
                           "<th scope=\"col\" class=\"govuk-table__header\">Was</th>"
                           "<th scope=\"col\" class=\"govuk-table__header\">Now</th>");
        html_printf(b, "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
        for (size_t i = 0; i < d->n; i++) {
            const struct version_change *c = &d->v[i];
            if (strcmp(c->change, groups[g].change) != 0)
                continue;
            html_printf(b,
                        "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                        "class=\"govuk-table__header\"><a class=\"govuk-link\" "
                        "href=\"/work/versions/%d#%h-%h\">%h %h</a></th>",
                        to->number, vkind_name(c->kind), c->ref, vkind_name(c->kind), c->ref);
            if (retired)
                html_printf(b, "<td class=\"govuk-table__cell\">%h</td>", c->reason);
            else if (added)
                html_printf(b, "<td class=\"govuk-table__cell\">%h</td>", c->to);
            else if (!reinstated)
                html_printf(b,
                            "<td class=\"govuk-table__cell\">%h</td>"
                            "<td class=\"govuk-table__cell\">%h</td>"
                            "<td class=\"govuk-table__cell\">%h</td>",
                            vv_field_label(c->field), c->from && *c->from ? c->from : "None",
                            c->to && *c->to ? c->to : "None");
            html_printf(b, "</tr>\n");
        }
        html_printf(b, "</tbody>\n</table>\n");
        view_table_close(b);
    }
    view_page_end(b, site);
}

/* ---- no draft ------------------------------------------------------------------------- */

void view_no_draft(struct buf *b, const struct view_site *site, bool can_start)
{
    view_page_begin(b, site, "There is no draft to edit");
    html_printf(b, "<h1 class=\"govuk-heading-l\">There is no draft to edit</h1>\n"
                   "<p class=\"govuk-body\">The plan is changed through a draft version, which "
                   "becomes the public plan when the panel signs it off.</p>\n");
    if (can_start)
        html_printf(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/work/versions\">"
                       "Start a new draft on the plan versions page</a>.</p>\n");
    else
        html_printf(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/work/versions\">"
                       "See the plan versions</a>.</p>\n");
    view_page_end(b, site);
}

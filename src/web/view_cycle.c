/* view_cycle.c — the workspace home and the monthly update form, and what the
 * cycle's views share (view_cycle_int.h). */
#include "lib/text.h"
#include "lib/html.h"
#include "lib/markdown.h"
#include "model/role.h"
#include "model/rules.h"
#include "model/scale.h"
#include "web/view.h"
#include "web/view_cycle_int.h"
#include <stdio.h>
#include <string.h>

/* -- shared ------------------------------------------------------------------------ */

const char *vc_error_for(const struct field_errors *errs, const char *field)
{
    for (size_t i = 0; errs && i < errs->n; i++)
        if (strcmp(errs->e[i].field, field) == 0)
            return errs->e[i].message;
    return NULL;
}

void vc_error_summary(struct buf *b, const struct field_errors *errs, const char *suffix)
{
    if (!errs || !errs->n)
        return;
    html_printf(b, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">\n"
                   "<div role=\"alert\">\n"
                   "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>\n"
                   "<div class=\"govuk-error-summary__body\">\n"
                   "<ul class=\"govuk-list govuk-error-summary__list\">\n");
    for (size_t i = 0; i < errs->n; i++) {
        const struct field_error *e = &errs->e[i];
        if (e->field[0])
            html_printf(b, "<li><a href=\"#%h%h\">%h</a></li>\n", e->field, suffix, e->message);
        else
            html_printf(b, "<li>%h</li>\n", e->message);
    }
    html_printf(b, "</ul>\n</div>\n</div>\n</div>\n");
}

bool vc_field_error(struct buf *b, const struct field_errors *errs, const char *field,
                    const char *suffix)
{
    const char *msg = vc_error_for(errs, field);
    if (!msg)
        return false;
    html_printf(b,
                "<p id=\"%h%h-error\" class=\"govuk-error-message\">"
                "<span class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                field, suffix, msg);
    return true;
}

void vc_state_tag(struct buf *b, const char *state)
{
    static const struct {
        const char *state, *label, *tag;
    } tags[] = {
        {"", "Not started", "govuk-tag--grey"},        {"draft", "Draft", "govuk-tag--yellow"},
        {"submitted", "Submitted", "govuk-tag--blue"}, {"returned", "Returned", "govuk-tag--red"},
        {"accepted", "Accepted", "govuk-tag--green"},
    };
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        if (strcmp(state ? state : "", tags[i].state) == 0) {
            html_printf(b, "<strong class=\"govuk-tag %s\">%s</strong>", tags[i].tag,
                        tags[i].label);
            return;
        }
    html_printf(b, "<strong class=\"govuk-tag govuk-tag--grey\">%h</strong>", state);
}

void vc_evidence(struct buf *b, const struct cycle_evidence *e, size_t n)
{
    if (!n) {
        html_printf(b, "<p class=\"govuk-body\">No evidence given.</p>\n");
        return;
    }
    html_printf(b, "<ul class=\"govuk-list govuk-list--bullet\">\n");
    for (size_t i = 0; i < n; i++) {
        if (e[i].url)
            html_printf(b,
                        "<li><a class=\"govuk-link\" href=\"%h\" rel=\"noreferrer noopener\">%h"
                        "</a> <span class=\"govuk-body-s\">(%h)</span></li>\n",
                        e[i].url, e[i].label, e[i].url);
        else
            html_printf(b,
                        "<li><a class=\"govuk-link\" href=\"/documents/%ld\">%h</a> "
                        "<span class=\"govuk-body-s\">(uploaded document)</span></li>\n",
                        (long)e[i].document_id, e[i].label);
    }
    html_printf(b, "</ul>\n");
}

void vc_links_fieldset(struct buf *b, const struct cycle_link *links, size_t n,
                       const struct field_errors *errs)
{
    size_t rows = n + 2 > CYCLE_MAX_LINKS ? (n > CYCLE_MAX_LINKS ? n : CYCLE_MAX_LINKS) : n + 2;
    html_printf(b, "<div class=\"govuk-form-group\">\n"
                   "<fieldset class=\"govuk-fieldset\" aria-describedby=\"evidence-hint\">\n"
                   "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">"
                   "Evidence links (optional)</legend>\n"
                   "<div id=\"evidence-hint\" class=\"govuk-hint\">A label and a web address "
                   "starting with https:// or http://, for each paper, minute or report that "
                   "shows the progress. Leave a row blank to skip it.</div>\n");
    for (size_t i = 0; i < rows; i++) {
        char num[16], lf[32], uf[32];
        snprintf(num, sizeof num, "%u", (unsigned)(i + 1));
        snprintf(lf, sizeof lf, "evidence_label_%u", (unsigned)(i + 1));
        snprintf(uf, sizeof uf, "evidence_url_%u", (unsigned)(i + 1));
        const char *label = i < n && links[i].label ? links[i].label : "";
        const char *url = i < n && links[i].url ? links[i].url : "";
        bool le = vc_error_for(errs, lf) != NULL, ue = vc_error_for(errs, uf) != NULL;
        html_printf(b,
                    "<div class=\"govuk-form-group%s\">\n"
                    "<label class=\"govuk-label\" for=\"%h\">Label of link %h</label>\n",
                    le ? " govuk-form-group--error" : "", lf, num);
        vc_field_error(b, errs, lf, "");
        html_printf(b,
                    "<input class=\"govuk-input govuk-!-width-two-thirds%s\" id=\"%h\" "
                    "name=\"evidence_label\" type=\"text\" value=\"%h\"%s%h%s>\n"
                    "</div>\n",
                    le ? " govuk-input--error" : "", lf, label, le ? " aria-describedby=\"" : "",
                    le ? lf : "", le ? "-error\"" : "");
        html_printf(b,
                    "<div class=\"govuk-form-group%s\">\n"
                    "<label class=\"govuk-label\" for=\"%h\">Web address of link %h</label>\n",
                    ue ? " govuk-form-group--error" : "", uf, num);
        vc_field_error(b, errs, uf, "");
        html_printf(b,
                    "<input class=\"govuk-input%s\" id=\"%h\" name=\"evidence_url\" type=\"url\" "
                    "value=\"%h\" spellcheck=\"false\" autocomplete=\"off\"%s%h%s>\n"
                    "</div>\n",
                    ue ? " govuk-input--error" : "", uf, url, ue ? " aria-describedby=\"" : "",
                    ue ? uf : "", ue ? "-error\"" : "");
    }
    html_printf(b, "</fieldset>\n</div>\n");
}

void vc_file_field(struct buf *b, const struct cycle_evidence *docs, size_t n,
                   const struct field_errors *errs)
{
    size_t ndocs = 0;
    for (size_t i = 0; i < n; i++)
        ndocs += docs[i].url == NULL;
    if (ndocs) {
        html_printf(b, "<div class=\"govuk-form-group\">\n"
                       "<fieldset class=\"govuk-fieldset\">\n"
                       "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">"
                       "Documents already attached</legend>\n"
                       "<div class=\"govuk-checkboxes govuk-checkboxes--small\" "
                       "data-module=\"govuk-checkboxes\">\n");
        for (size_t i = 0; i < n; i++) {
            if (docs[i].url)
                continue;
            char id[40], value[24];
            snprintf(id, sizeof id, "remove_evidence_%ld", (long)docs[i].id);
            snprintf(value, sizeof value, "%ld", (long)docs[i].id);
            html_printf(b,
                        "<div class=\"govuk-checkboxes__item\">\n"
                        "<input class=\"govuk-checkboxes__input\" id=\"%h\" "
                        "name=\"remove_evidence\" type=\"checkbox\" value=\"%h\">\n"
                        "<label class=\"govuk-label govuk-checkboxes__label\" for=\"%h\">"
                        "Remove %h</label>\n</div>\n",
                        id, value, id, docs[i].label);
        }
        html_printf(b, "</div>\n</fieldset>\n</div>\n");
    }
    bool err = vc_error_for(errs, "evidence_file") != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label govuk-label--s\" for=\"evidence_file\">Upload a "
                "document (optional)</label>\n"
                "<div id=\"evidence_file-hint\" class=\"govuk-hint\">A PDF, an image, a text "
                "or CSV file, or a Word, Excel or PowerPoint file, up to 10 MB. It is kept "
                "restricted: the programme office and the panel can read it, the public "
                "cannot.%s</div>\n",
                err ? " govuk-form-group--error" : "",
                errs && errs->n ? " If you chose a file before, choose it again." : "");
    vc_field_error(b, errs, "evidence_file", "");
    html_printf(b,
                "<input class=\"govuk-file-upload%s\" id=\"evidence_file\" "
                "name=\"evidence_file\" type=\"file\" aria-describedby=\"evidence_file-hint%s\">\n"
                "</div>\n",
                err ? " govuk-file-upload--error" : "", err ? " evidence_file-error" : "");
}

void vc_stamp(struct buf *b, const char *stamp)
{
    day_t d;
    char date[DATE_LEN];
    if (stamp && strlen(stamp) >= 10) {
        snprintf(date, sizeof date, "%.10s", stamp);
        if (date_parse(date, &d)) {
            view_date(b, d);
            return;
        }
    }
    html_printf(b, "%h", stamp);
}

/* -- the workspace home ------------------------------------------------------------- */

/* The link an owner follows for an action's update, by its state. */
static const char *due_link_text(const char *state)
{
    if (!*state)
        return "Write the update";
    if (strcmp(state, "draft") == 0)
        return "Continue the draft";
    if (strcmp(state, "returned") == 0)
        return "Revise and resubmit";
    return "View the update";
}

static void work_due(struct buf *b, const struct view_work *v)
{
    html_printf(b, "<h2 class=\"govuk-heading-m\">My updates due</h2>\n");
    if (!v->open) {
        html_printf(b, "<p class=\"govuk-body\">No month is open for updates. The programme "
                       "office opens each month; your actions will be listed here then.</p>\n");
    }
    if (!v->ndue) {
        html_printf(b, "<p class=\"govuk-body\">You own no actions that need a monthly update. "
                       "If that is wrong, ask the programme office to check that your account "
                       "is linked to you as the actions' owner.</p>\n");
        return;
    }
    view_table_open(b, "My updates due");
    html_printf(b, "<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-table__caption govuk-visually-hidden\">Your actions "
                   "and their updates this month</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Action</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">This month</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">What to do</th>"
                   "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < v->ndue; i++) {
        const struct cycle_due *d = &v->due[i];
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
                    "<strong>%h</strong> %h</td><td class=\"govuk-table__cell\">",
                    d->ref, d->title);
        if (v->open)
            vc_state_tag(b, d->state);
        else
            html_printf(b, "No open month");
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        if (v->open)
            html_printf(b,
                        "<a class=\"govuk-link\" href=\"/work/updates/%U\">%h"
                        "<span class=\"govuk-visually-hidden\"> for %h</span></a><br>",
                        d->ref, due_link_text(d->state), d->ref);
        html_printf(b,
                    "<a class=\"govuk-link\" href=\"/work/actions/%U/closure\">%h"
                    "<span class=\"govuk-visually-hidden\"> %h</span></a>",
                    d->ref, d->closure_pending ? "Closure awaiting a decision" : "Propose closing",
                    d->ref);
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

void view_work(struct buf *b, const struct view_site *site, const struct view_work *v)
{
    const struct session_user *u = site->user;
    view_page_begin(b, site, "Workspace");
    html_printf(b,
                "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
    view_done_banner(b, v->done);
    html_printf(b, "<h1 class=\"govuk-heading-l\">Workspace</h1>\n");
    if (v->open) {
        html_printf(b, "<p class=\"govuk-body-l\">");
        view_month(b, v->open->month);
        html_printf(b, " is open for updates.</p>\n");
    } else {
        html_printf(b, "<p class=\"govuk-body-l\">No month is open for updates.</p>\n");
    }
    if (v->owner)
        work_due(b, v);
    if (v->reviewer) {
        html_printf(b,
                    "<h2 class=\"govuk-heading-m\">This month</h2>\n"
                    "<dl class=\"govuk-summary-list\">\n"
                    "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                    "Updates awaiting review</dt><dd class=\"govuk-summary-list__value\">%zu</dd>"
                    "<dd class=\"govuk-summary-list__actions\"><a class=\"govuk-link\" "
                    "href=\"/work/review\">Review<span class=\"govuk-visually-hidden\"> "
                    "updates</span></a></dd></div>\n"
                    "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                    "Actions still to report</dt><dd class=\"govuk-summary-list__value\">%zu</dd>"
                    "<dd class=\"govuk-summary-list__actions\"><a class=\"govuk-link\" "
                    "href=\"/work/chase\">Chase<span class=\"govuk-visually-hidden\"> "
                    "owners</span></a></dd></div>\n"
                    "</dl>\n",
                    v->queue, v->chase);
    }
    if (v->closer)
        html_printf(b,
                    "<h2 class=\"govuk-heading-m\">Closing actions</h2>\n"
                    "<p class=\"govuk-body\">Proposals awaiting your decision: <strong>%zu"
                    "</strong>. <a class=\"govuk-link\" href=\"/work/closures\">Decide on "
                    "closures</a></p>\n",
                    v->closures);
    if (v->nwaiting) {
        html_printf(b, "<h2 class=\"govuk-heading-m\">Awaiting sign-off</h2>\n"
                       "<ul class=\"govuk-list govuk-list--bullet\">\n");
        for (size_t i = 0; i < v->nwaiting; i++) {
            html_printf(b, "<li>");
            view_month(b, v->waiting[i].month);
            html_printf(b, " is closed: %zu accepted, %zu awaiting review</li>\n",
                        v->waiting[i].n_accepted, v->waiting[i].n_submitted);
        }
        html_printf(b, "</ul>\n");
        if (u && role_has(u->role, CAP_SIGN_OFF))
            html_printf(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" "
                           "href=\"/work/periods\">Sign a month off</a></p>\n");
    }
    if (v->version_number) {
        bool approved = strcmp(v->version_status, "approved") == 0;
        html_printf(b,
                    "<h2 class=\"govuk-heading-m\">%s</h2>\n"
                    "<p class=\"govuk-body\">Version %d of the plan, &ldquo;%h&rdquo;, ",
                    approved ? "A plan version awaits the panel's sign-off"
                             : "A plan version awaits cabinet's approval",
                    v->version_number, v->version_title);
        if (approved) {
            html_printf(b, "was approved by cabinet on ");
            view_date(b, v->version_approved_on);
            html_printf(b, " and awaits the panel's sign-off.");
        } else {
            html_printf(b, "was submitted and awaits the record of cabinet's approval.");
        }
        html_printf(
            b, " <a class=\"govuk-link\" href=\"/work/versions/%d\">%s version %d</a></p>\n",
            v->version_number, approved ? "Sign off" : "Approve or return", v->version_number);
    }
    html_printf(b, "<h2 class=\"govuk-heading-m\">What you can do</h2>\n"
                   "<ul class=\"govuk-list\">\n");
    if (u && role_has(u->role, CAP_UPDATE))
        html_printf(b, "<li>Write your monthly updates and propose closing your actions, from "
                       "the list above</li>\n");
    if (u && role_has(u->role, CAP_REVIEW))
        html_printf(b, "<li><a class=\"govuk-link\" href=\"/work/review\">Review submitted "
                       "updates</a></li>\n<li><a class=\"govuk-link\" href=\"/work/chase\">See "
                       "who still owes an update</a></li>\n");
    if (u && role_has(u->role, CAP_PERIODS))
        html_printf(b, "<li><a class=\"govuk-link\" href=\"/work/periods\">Open and close "
                       "months</a></li>\n");
    if (u && role_has(u->role, CAP_SIGN_OFF))
        html_printf(b, "<li><a class=\"govuk-link\" href=\"/work/periods\">Sign a closed month "
                       "off, making it public</a></li>\n");
    if (u && role_has(u->role, CAP_CLOSE))
        html_printf(b, "<li><a class=\"govuk-link\" href=\"/work/closures\">Decide on closing "
                       "actions</a></li>\n");
    if (u && role_has(u->role, CAP_USERS))
        html_printf(b, "<li><a class=\"govuk-link\" href=\"/work/users\">Manage users: add "
                       "accounts, change roles, reset passwords, disable</a></li>\n");
    html_printf(b, "<li><a class=\"govuk-link\" href=\"/work/periods\">See every month and "
                   "where it stands</a></li>\n"
                   "<li><a class=\"govuk-link\" href=\"/\">See the public site</a></li>\n"
                   "</ul>\n</div>\n</div>\n");
    view_page_end(b, site);
}

/* -- the update form ----------------------------------------------------------------- */

/* One radio button; the first of a group carries the group's id (`name`)
 * so the error summary can link to it. */
static void radio(struct buf *b, const char *name, size_t i, const char *value, const char *label,
                  bool checked)
{
    char id[40];
    if (i == 0)
        snprintf(id, sizeof id, "%s", name);
    else
        snprintf(id, sizeof id, "%s-%u", name, (unsigned)(i + 1));
    html_printf(b,
                "<div class=\"govuk-radios__item\">\n"
                "<input class=\"govuk-radios__input\" id=\"%h\" name=\"%h\" type=\"radio\" "
                "value=\"%h\"%s>\n"
                "<label class=\"govuk-label govuk-radios__label\" for=\"%h\">%h</label>\n"
                "</div>\n",
                id, name, value, checked ? " checked" : "", id, label);
}

/* Opens a form group and its fieldset with a legend and a hint; writes the
 * inline error.  Close with "</div></fieldset></div>". */
static void fieldset_open(struct buf *b, const struct field_errors *errs, const char *field,
                          const char *legend, const char *hint)
{
    bool err = vc_error_for(errs, field) != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<fieldset class=\"govuk-fieldset\" aria-describedby=\"%h-hint%s%h%s\">\n"
                "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">%h</legend>\n"
                "<div id=\"%h-hint\" class=\"govuk-hint\">%h</div>\n",
                err ? " govuk-form-group--error" : "", field, err ? " " : "", err ? field : "",
                err ? "-error" : "", legend, field, hint);
    vc_field_error(b, errs, field, "");
}

/* A text input with its label, hint and error. */
static void text_field(struct buf *b, const struct field_errors *errs, const char *field,
                       const char *label, const char *hint, const char *value,
                       const char *width_class, const char *suffix)
{
    bool err = vc_error_for(errs, field) != NULL;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label govuk-label--m\" for=\"%h\">%h</label>\n"
                "<div id=\"%h-hint\" class=\"govuk-hint\">%h</div>\n",
                err ? " govuk-form-group--error" : "", field, label, field, hint);
    vc_field_error(b, errs, field, "");
    if (suffix)
        html_printf(b, "<div class=\"govuk-input__wrapper\">\n");
    html_printf(b,
                "<input class=\"govuk-input %s%s\" id=\"%h\" name=\"%h\" type=\"text\" "
                "value=\"%h\" aria-describedby=\"%h-hint%s%h%s\"%s>\n",
                width_class, err ? " govuk-input--error" : "", field, field, value, field,
                err ? " " : "", err ? field : "", err ? "-error" : "",
                suffix ? " inputmode=\"numeric\" spellcheck=\"false\"" : "");
    if (suffix)
        html_printf(b, "<div class=\"govuk-input__suffix\" aria-hidden=\"true\">%h</div>\n</div>\n",
                    suffix);
    html_printf(b, "</div>\n");
}

/* The stored update, read-only (when it cannot be edited now). */
static void update_summary(struct buf *b, const struct view_update_form *v)
{
    const struct cycle_update *u = &v->f->upd;
    int st = action_status_parse(u->status);
    int lv = scale_level(v->scale, u->confidence);
    html_printf(b, "<h2 class=\"govuk-heading-m\">The update</h2>\n"
                   "<dl class=\"govuk-summary-list\">\n"
                   "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "State</dt><dd class=\"govuk-summary-list__value\">");
    vc_state_tag(b, u->state);
    html_printf(b, "</dd></div>\n<div class=\"govuk-summary-list__row\"><dt "
                   "class=\"govuk-summary-list__key\">Status</dt><dd "
                   "class=\"govuk-summary-list__value\">");
    view_status_tag(b, st);
    html_printf(b,
                "</dd></div>\n<div class=\"govuk-summary-list__row\"><dt "
                "class=\"govuk-summary-list__key\">Percentage complete</dt><dd "
                "class=\"govuk-summary-list__value\">%d%%</dd></div>\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Confidence</dt><dd class=\"govuk-summary-list__value\">",
                u->percent);
    view_confidence(b, v->scale, lv, -1);
    html_printf(b, "</dd></div>\n<div class=\"govuk-summary-list__row\"><dt "
                   "class=\"govuk-summary-list__key\">Forecast finish</dt><dd "
                   "class=\"govuk-summary-list__value\">");
    day_t d;
    view_date(b, date_parse(u->forecast_finish, &d) ? d : DAY_NONE);
    html_printf(b, "</dd></div>\n</dl>\n<h3 class=\"govuk-heading-s\">Narrative</h3>\n"
                   "<div class=\"dialturn-narrative\">\n");
    markdown_html(b, u->narrative);
    html_printf(b, "</div>\n<h3 class=\"govuk-heading-s\">Evidence</h3>\n");
    vc_evidence(b, u->evidence, u->nevidence);
}

/* The plan's finish and its baseline, which the forecast is read against. */
static void plan_dates(struct buf *b, const struct cycle_form *f)
{
    day_t d;
    html_printf(b, "<dl class=\"govuk-summary-list govuk-summary-list--no-border "
                   "dialturn-plan-dates\">\n<div class=\"govuk-summary-list__row\">"
                   "<dt class=\"govuk-summary-list__key\">Planned finish</dt>"
                   "<dd class=\"govuk-summary-list__value\">");
    view_date(b, date_parse(f->finish, &d) ? d : DAY_NONE);
    html_printf(b, "</dd></div>\n<div class=\"govuk-summary-list__row\">"
                   "<dt class=\"govuk-summary-list__key\">Baseline finish</dt>"
                   "<dd class=\"govuk-summary-list__value\">");
    if (!f->baseline_finish[0])
        html_printf(b, "None recorded");
    else if (strcmp(f->baseline_finish, f->finish) == 0)
        html_printf(b, "The same: the finish has not moved since the plan was approved");
    else if (date_parse(f->baseline_finish, &d))
        view_date(b, d);
    html_printf(b, "</dd></div>\n</dl>\n");
}

/* The action's last accepted update (what the owner said last time, as the
 * programme office accepted it): its facts in the summary, the narrative
 * when opened. */
static void last_update(struct buf *b, const struct view_update_form *v)
{
    const struct cycle_form *f = v->f;
    if (!f->has_prev) {
        html_printf(b, "<p class=\"govuk-body\">This action has no accepted update yet: this "
                       "will be its first.</p>\n");
        return;
    }
    const struct cycle_update *u = &f->prev;
    int lv = scale_level(v->scale, u->confidence);
    html_printf(b, "<h2 class=\"govuk-heading-m\">Last accepted update: ");
    view_month(b, u->month);
    html_printf(b, "</h2>\n<dl class=\"govuk-summary-list dialturn-last-update\">\n"
                   "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "Status</dt><dd class=\"govuk-summary-list__value\">");
    view_status_tag(b, action_status_parse(u->status));
    html_printf(b,
                " %d%% complete</dd></div>\n<div class=\"govuk-summary-list__row\"><dt "
                "class=\"govuk-summary-list__key\">Confidence</dt><dd "
                "class=\"govuk-summary-list__value\">",
                u->percent);
    view_confidence(b, v->scale, lv, -1);
    html_printf(b, "</dd></div>\n<div class=\"govuk-summary-list__row\"><dt "
                   "class=\"govuk-summary-list__key\">Forecast finish</dt><dd "
                   "class=\"govuk-summary-list__value\">");
    day_t d;
    if (date_parse(u->forecast_finish, &d))
        view_date(b, d);
    else
        html_printf(b, "None given");
    html_printf(b, "</dd></div>\n</dl>\n<details class=\"govuk-details\">\n"
                   "<summary class=\"govuk-details__summary\"><span "
                   "class=\"govuk-details__summary-text\">Its narrative</span></summary>\n"
                   "<div class=\"govuk-details__text dialturn-narrative\">\n");
    markdown_html(b, u->narrative);
    html_printf(b, "</div>\n</details>\n");
}

/* The narrative field: its hint with its limit, its error (and, when it was
 * cut, that the rest was not kept), a warning when it holds HTML that would
 * not be shown, the preview button and, on a preview, the narrative as it
 * will read. */
static void narrative_field(struct buf *b, const struct view_update_form *v)
{
    const char *narrative = v->values.narrative ? v->values.narrative : "";
    bool nerr = vc_error_for(v->errors, "narrative") != NULL;
    bool warn = v->raw_html && !nerr;
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label govuk-label--m\" for=\"narrative\">Narrative</label>\n"
                "<div id=\"narrative-hint\" class=\"govuk-hint\">What was done this month, what "
                "comes next, and any risk or help needed. Needed to submit. Up to 20,000 "
                "characters. You can use Markdown: **bold**, lists with -, links as "
                "[text](https://...); HTML is not shown.</div>\n",
                nerr ? " govuk-form-group--error" : "");
    vc_field_error(b, v->errors, "narrative", "");
    if (v->narrative_cut)
        html_printf(b, "<p id=\"narrative-cut\" class=\"govuk-error-message\">"
                       "<span class=\"govuk-visually-hidden\">Error:</span> Only its first "
                       "20,000 characters are below: the rest was not kept.</p>\n");
    if (warn)
        html_printf(b,
                    "<p id=\"narrative-warning\" class=\"govuk-body dialturn-field-warning\">"
                    "<strong>HTML is not shown.</strong> The narrative holds HTML (%h%s), "
                    "which the page leaves out: a paragraph that starts with a tag is dropped "
                    "whole, and other tags are removed. Write it in Markdown instead.</p>\n",
                    v->raw_first, v->raw_html > 1 ? " and more" : "");
    html_printf(b,
                "<textarea class=\"govuk-textarea%s\" id=\"narrative\" name=\"narrative\" "
                "rows=\"10\" aria-describedby=\"narrative-hint%s%s%s\">%h</textarea>\n"
                "<button type=\"submit\" name=\"intent\" value=\"preview\" "
                "class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" "
                "data-module=\"govuk-button\">Preview the narrative</button>\n",
                nerr ? " govuk-textarea--error" : "", nerr ? " narrative-error" : "",
                v->narrative_cut ? " narrative-cut" : "", warn ? " narrative-warning" : "",
                narrative);
    if (v->preview) {
        html_printf(b, "<div class=\"dialturn-preview govuk-!-margin-top-4\" "
                       "aria-labelledby=\"preview-heading\" role=\"region\">\n"
                       "<h3 class=\"govuk-heading-s\" id=\"preview-heading\">Preview: the "
                       "narrative as it will read (not saved yet)</h3>\n");
        if (narrative[0]) {
            html_printf(b, "<div class=\"dialturn-narrative\">\n");
            markdown_html(b, narrative);
            html_printf(b, "</div>\n");
        } else {
            html_printf(b, "<p class=\"govuk-body\">The narrative is empty.</p>\n");
        }
        html_printf(b, "</div>\n");
    }
    html_printf(b, "</div>\n");
}

void view_update_form(struct buf *b, const struct view_site *site, const struct view_update_form *v)
{
    const struct cycle_form *f = v->f;
    const struct view_update_values *x = &v->values;
    char title[200];
    snprintf(title, sizeof title, "%sUpdate for %s", v->errors && v->errors->n ? "Error: " : "",
             TEXT_CLIP(f->action_ref, 60));
    view_page_begin(b, site, title);
    html_printf(b, "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n"
                   "<a href=\"/work\" class=\"govuk-back-link\">Back to the workspace</a>\n");
    view_done_banner(b, v->done);
    vc_error_summary(b, v->errors, "");
    html_printf(b, "<span class=\"govuk-caption-l\">");
    if (f->has_period) {
        html_printf(b, "Monthly update, ");
        view_month(b, f->month);
    } else {
        html_printf(b, "Monthly update");
    }
    html_printf(b,
                "</span>\n<h1 class=\"govuk-heading-l\">%h: %h</h1>\n"
                "<div class=\"govuk-inset-text\"><strong>Closure criteria:</strong> %h</div>\n",
                f->action_ref, f->action_title,
                f->closure_criteria[0] ? f->closure_criteria : "None recorded");
    /* a returned update keeps its comment in view while the owner reworks it */
    if (f->exists && f->upd.return_comment &&
        (strcmp(f->upd.state, "returned") == 0 || strcmp(f->upd.state, "draft") == 0))
        html_printf(b,
                    "<div class=\"govuk-warning-text\">\n"
                    "<span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>\n"
                    "<strong class=\"govuk-warning-text__text\">"
                    "<span class=\"govuk-visually-hidden\">Warning</span>"
                    "The programme office returned this update: %h</strong>\n</div>\n",
                    f->upd.return_comment);
    plan_dates(b, f);
    last_update(b, v);
    if (v->why_not) {
        html_printf(b, "<p class=\"govuk-body\">%h</p>\n", v->why_not);
        if (f->exists)
            update_summary(b, v);
        html_printf(b, "</div>\n</div>\n");
        view_page_end(b, site);
        return;
    }
    if (f->exists)
        html_printf(b, "<p class=\"govuk-body\">This update is ");
    if (f->exists) {
        vc_state_tag(b, f->upd.state);
        html_printf(b, ". Save a draft as often as you like; submit it when it is ready for the "
                       "programme office to review. A submitted update cannot be changed unless "
                       "it is returned to you.</p>\n");
    } else {
        html_printf(b, "<p class=\"govuk-body\">Save a draft as often as you like; submit it when "
                       "it is ready for the programme office to review. A submitted update "
                       "cannot be changed unless it is returned to you.</p>\n");
    }
    html_printf(b,
                "<form method=\"post\" action=\"/work/updates/%U\" "
                "enctype=\"multipart/form-data\" novalidate>\n",
                f->action_ref);
    view_csrf_field(b, site);

    static const char *const statuses[] = {"not_started", "in_progress", "blocked"};
    fieldset_open(b, v->errors, "status", "Status",
                  "Where the action stands. Complete is not offered: an action becomes complete "
                  "only when the programme office (and the panel, where it leads) accepts a "
                  "proposal to close it.");
    html_printf(b, "<div class=\"govuk-radios\" data-module=\"govuk-radios\">\n");
    for (size_t i = 0; i < 3; i++)
        radio(b, "status", i, statuses[i],
              view_status_label((enum action_status)action_status_parse(statuses[i])),
              x->status && strcmp(x->status, statuses[i]) == 0);
    html_printf(b, "</div>\n</fieldset>\n");
    html_printf(b,
                "<p class=\"govuk-body govuk-!-margin-top-4\"><a class=\"govuk-link\" "
                "href=\"/work/actions/%U/closure\">Propose closing %h instead</a></p>\n</div>\n",
                f->action_ref, f->action_ref);

    text_field(b, v->errors, "percent", "Percentage complete", "A whole number from 0 to 100.",
               x->percent ? x->percent : "", "govuk-input--width-3", "%");

    fieldset_open(b, v->errors, "confidence", "Confidence",
                  "How confident you are that the action will deliver on time. It is kept apart "
                  "from the percentage: an action can be 80% done and still doubtful. Needed to "
                  "submit.");
    html_printf(b, "<div class=\"govuk-radios\" data-module=\"govuk-radios\">\n");
    for (int i = 0; i < v->scale->nlevels; i++)
        radio(b, "confidence", (size_t)i, v->scale->levels[i].key, v->scale->levels[i].label,
              x->confidence && strcmp(x->confidence, v->scale->levels[i].key) == 0);
    html_printf(b, "</div>\n</fieldset>\n</div>\n");

    narrative_field(b, v);

    text_field(b, v->errors, "forecast_finish", "Forecast finish (optional)",
               "When you now expect the action to finish, written YYYY-MM-DD, for example "
               "2015-09-30. Leave blank if the planned finish still stands.",
               x->forecast_finish ? x->forecast_finish : "", "govuk-input--width-10", NULL);

    vc_links_fieldset(b, x->links, x->nlinks, v->errors);
    vc_file_field(b, f->exists ? f->upd.evidence : NULL, f->exists ? f->upd.nevidence : 0,
                  v->errors);

    html_printf(b,
                "<div class=\"govuk-button-group\">\n"
                "<button type=\"submit\" name=\"intent\" value=\"submit\" class=\"govuk-button\" "
                "data-module=\"govuk-button\">Submit</button>\n"
                "<button type=\"submit\" name=\"intent\" value=\"draft\" "
                "class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
                "Save draft</button>\n"
                "</div>\n</form>\n</div>\n</div>\n");
    view_page_end(b, site);
}

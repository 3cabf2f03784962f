/* view_users.c — the accounts page, one account's page, my account, and the
 * page that shows a new API token once.  GOV.UK Frontend patterns: a label
 * for every input, the error summary linking to the fields, the notification
 * banner after a change. */
#include "lib/html.h"
#include "model/role.h"
#include "web/view.h"
#include <stdio.h>
#include <string.h>

/* ---- shared pieces ------------------------------------------------------------------ */

/* The message for field `id`, or NULL. */
static const char *error_for(const struct field_error *e, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].field, id) == 0)
            return e[i].message;
    return NULL;
}

/* Opens a form group for input `id`, with its label, optional hint and
 * error message; the caller adds the input (see input_attrs) and closes it. */
static void group_open(struct buf *b, const char *id, const char *label, const char *hint,
                       const char *error)
{
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label\" for=\"%h\">%h</label>\n",
                error ? " govuk-form-group--error" : "", id, label);
    if (hint)
        html_printf(b, "<div id=\"%h-hint\" class=\"govuk-hint\">%h</div>\n", id, hint);
    if (error)
        html_printf(b,
                    "<p id=\"%h-error\" class=\"govuk-error-message\">"
                    "<span class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                    id, error);
}

/* The aria-describedby attribute naming the hint and error of `id`, if any. */
static void described_by(struct buf *b, const char *id, bool hint, bool error)
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

/* A text or password input in its group.  `value` NULL for a password. */
static void text_input(struct buf *b, const char *id, const char *label, const char *hint,
                       const char *type, const char *value, const char *autocomplete,
                       const char *width, const struct field_error *e, size_t ne)
{
    const char *error = error_for(e, ne, id);
    group_open(b, id, label, hint, error);
    html_printf(b, "<input class=\"govuk-input %h", width);
    if (error)
        html_printf(b, " govuk-input--error");
    html_printf(b, "\" id=\"%h\" name=\"%h\" type=\"%h\"", id, id, type);
    if (value)
        html_printf(b, " value=\"%h\"", value);
    html_printf(b, " autocomplete=\"%h\" spellcheck=\"false\"", autocomplete);
    described_by(b, id, hint != NULL, error != NULL);
    html_printf(b, ">\n</div>\n");
}

/* The role select, with `selected` (a role code, or "" for none yet). */
static void role_select(struct buf *b, const char *id, const char *label, const char *selected,
                        const struct field_error *e, size_t ne)
{
    const char *error = error_for(e, ne, id);
    group_open(b, id, label, "What the account may do.", error);
    html_printf(b, "<select class=\"govuk-select%s\" id=\"%h\" name=\"role\"",
                error ? " govuk-select--error" : "", id);
    described_by(b, id, true, error != NULL);
    html_printf(b, ">\n");
    if (!selected || !*selected)
        html_printf(b, "<option value=\"\" selected>Choose a role</option>\n");
    for (int i = 0; i < ROLE__MAX; i++) {
        const char *code = role_code((enum role)i);
        html_printf(b, "<option value=\"%h\"", code);
        if (selected && strcmp(selected, code) == 0)
            html_printf(b, " selected");
        html_printf(b, ">%h</option>\n", role_label((enum role)i));
    }
    html_printf(b, "</select>\n</div>\n");
}

/* The select of the plan's people (`selected` a ref, or "" for none). */
static void person_select(struct buf *b, const struct account_person *people, size_t npeople,
                          const char *selected, const struct field_error *e, size_t ne)
{
    const char *perr = error_for(e, ne, "person");
    group_open(b, "person", "Person in the plan",
               "Ties the account to a person of the plan, so that the actions they own are "
               "theirs to update. An action owner needs one.",
               perr);
    html_printf(b, "<select class=\"govuk-select%s\" id=\"person\" name=\"person\"",
                perr ? " govuk-select--error" : "");
    described_by(b, "person", true, perr != NULL);
    html_printf(b, ">\n<option value=\"\"%s>None</option>\n",
                !selected || !*selected ? " selected" : "");
    for (size_t i = 0; i < npeople; i++) {
        const struct account_person *p = &people[i];
        html_printf(b, "<option value=\"%h\"", p->ref);
        if (selected && strcmp(selected, p->ref) == 0)
            html_printf(b, " selected");
        html_printf(b, ">%h (%h)</option>\n", p->name, p->ref);
    }
    html_printf(b, "</select>\n</div>\n");
}

/* The warning that an action owner has no person, so no actions. */
static void no_person_warning(struct buf *b, const struct account *a)
{
    if (a->role != ROLE_OWNER || a->person_id)
        return;
    html_printf(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
                   "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
                   "<span class=\"govuk-visually-hidden\">Warning</span>This action owner is "
                   "not linked to a person in the plan, so they have no actions to update. "
                   "Choose who they are under &ldquo;Name and person&rdquo;.</strong></div>\n");
}

/* The status of an account as a tag. */
static void status_tag(struct buf *b, bool disabled)
{
    if (disabled)
        html_printf(b, "<strong class=\"govuk-tag govuk-tag--grey\">Disabled</strong>");
    else
        html_printf(b, "<strong class=\"govuk-tag govuk-tag--green\">Active</strong>");
}

/* ---- the accounts ------------------------------------------------------------------- */

static void users_table(struct buf *b, const struct view_users *v)
{
    if (!v->naccounts) {
        html_printf(b, "<p class=\"govuk-body\">There are no accounts yet.</p>\n");
        return;
    }
    view_table_open(b, "Accounts");
    html_printf(b, "<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-table__caption govuk-table__caption--m\">Accounts"
                   "</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Username</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Name</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Role</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Person in the plan</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                   "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < v->naccounts; i++) {
        const struct account *a = &v->accounts[i];
        html_printf(b,
                    "<tr class=\"govuk-table__row\">"
                    "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                    "href=\"/work/users/%U\">%h</a></td>"
                    "<td class=\"govuk-table__cell\">%h</td>"
                    "<td class=\"govuk-table__cell\">%h</td>"
                    "<td class=\"govuk-table__cell\">%h</td>"
                    "<td class=\"govuk-table__cell\">",
                    a->username, a->username, a->name, role_label(a->role),
                    a->person_ref           ? a->person_ref
                    : a->role == ROLE_OWNER ? "None: no actions to update"
                                            : "None");
        status_tag(b, a->disabled);
        html_printf(b, "</td></tr>\n");
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
}

static void users_add_form(struct buf *b, const struct view_site *site, const struct view_users *v)
{
    const struct field_error *e = v->errors;
    size_t ne = v->nerrors;
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"add\">Add an account</h2>\n"
                   "<form method=\"post\" action=\"/work/users\" novalidate>\n");
    view_csrf_field(b, site);
    text_input(b, "username", "Username",
               "1 to 64 characters: lowercase letters, digits, full stops, underscores and "
               "hyphens.",
               "text", v->username, "off", "govuk-input--width-20", e, ne);
    text_input(b, "name", "Full name", NULL, "text", v->name, "off", "govuk-!-width-two-thirds", e,
               ne);
    role_select(b, "role", "Role", v->role, e, ne);
    person_select(b, v->people, v->npeople, v->person, e, ne);
    char hint[96];
    snprintf(hint, sizeof hint,
             "At least %d characters. Give it to them in person; they can change it.",
             PASSWORD_MIN);
    text_input(b, "password", "Initial password", hint, "password", NULL, "new-password",
               "govuk-input--width-20", e, ne);
    html_printf(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Add account</button>\n"
                   "</form>\n");
}

void view_users(struct buf *b, const struct view_site *site, const struct view_users *v)
{
    view_page_begin(b, site, v->nerrors ? "Error: Users" : "Users");
    view_errors_summary(b, v->errors, v->nerrors);
    view_done_banner(b, v->done);
    html_printf(b, "<h1 class=\"govuk-heading-l\">Users</h1>\n"
                   "<p class=\"govuk-body\">The people who sign in, and what their role lets "
                   "them do. A disabled account cannot sign in and its API tokens stop "
                   "working; nothing it did is forgotten.</p>\n");
    users_table(b, v);
    users_add_form(b, site, v);
    view_page_end(b, site);
}

/* ---- one account -------------------------------------------------------------------- */

/* Opens a form that posts op `op` to the account's page. */
static void op_form_open(struct buf *b, const struct view_site *site, const struct account *a,
                         const char *op)
{
    html_printf(b,
                "<form method=\"post\" action=\"/work/users/%U\" novalidate>\n"
                "<input type=\"hidden\" name=\"op\" value=\"%h\">\n",
                a->username, op);
    view_csrf_field(b, site);
}

void view_user(struct buf *b, const struct view_site *site, const struct view_user *v)
{
    const struct account *a = v->account;
    const struct field_error *e = v->errors;
    size_t ne = v->nerrors;
    char title[128];
    snprintf(title, sizeof title, "%sAccount %s", ne ? "Error: " : "", a->username);
    view_page_begin(b, site, title);
    html_printf(b,
                "<a href=\"/work/users\" class=\"govuk-back-link\">All users</a>\n"
                "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
    view_errors_summary(b, e, ne);
    view_done_banner(b, v->done);
    html_printf(b,
                "<span class=\"govuk-caption-l\">Account</span>\n"
                "<h1 class=\"govuk-heading-l\">%h</h1>\n"
                "<dl class=\"govuk-summary-list\">\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Name</dt><dd class=\"govuk-summary-list__value\">%h</dd></div>\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Role</dt><dd class=\"govuk-summary-list__value\">%h</dd></div>\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Person in the plan</dt><dd class=\"govuk-summary-list__value\">%h</dd></div>\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Added</dt><dd class=\"govuk-summary-list__value\">",
                a->username, a->name, role_label(a->role), a->person_ref ? a->person_ref : "None");
    day_t added;
    if (date_parse(a->created_on, &added))
        view_date(b, added);
    html_printf(b, "</dd></div>\n"
                   "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "Status</dt><dd class=\"govuk-summary-list__value\">");
    status_tag(b, a->disabled);
    html_printf(b, "</dd></div>\n</dl>\n");
    no_person_warning(b, a);

    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"details\">Name and person</h2>\n");
    op_form_open(b, site, a, "details");
    text_input(b, "name", "Full name", NULL, "text", v->name ? v->name : a->name, "off",
               "govuk-!-width-two-thirds", e, ne);
    person_select(b, v->people, v->npeople, v->person ? v->person : a->person_ref, e, ne);
    html_printf(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Save name and person</button>\n</form>\n");

    html_printf(b, "<h2 class=\"govuk-heading-m\">Change the role</h2>\n");
    op_form_open(b, site, a, "role");
    role_select(b, "role", "Role", role_code(a->role), e, ne);
    html_printf(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Change role</button>\n</form>\n");

    html_printf(b, "<h2 class=\"govuk-heading-m\">Set a new password</h2>\n"
                   "<p class=\"govuk-body\">This signs the account out everywhere.</p>\n");
    op_form_open(b, site, a, "password");
    char hint[48];
    snprintf(hint, sizeof hint, "At least %d characters.", PASSWORD_MIN);
    text_input(b, "password", "New password", hint, "password", NULL, "new-password",
               "govuk-input--width-20", e, ne);
    text_input(b, "password_confirm", "Confirm the new password", NULL, "password", NULL,
               "new-password", "govuk-input--width-20", e, ne);
    html_printf(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Set password</button>\n</form>\n");

    if (a->disabled) {
        html_printf(b, "<h2 class=\"govuk-heading-m\">Enable the account</h2>\n"
                       "<p class=\"govuk-body\">It will be able to sign in again with its "
                       "password; its API tokens work again.</p>\n");
        op_form_open(b, site, a, "enable");
        html_printf(b, "<button type=\"submit\" class=\"govuk-button\" id=\"op-enable\" "
                       "data-module=\"govuk-button\">Enable account</button>\n</form>\n");
    } else {
        html_printf(b, "<h2 class=\"govuk-heading-m\">Disable the account</h2>\n"
                       "<p class=\"govuk-body\">It is signed out everywhere and its API tokens "
                       "stop working. Nothing it did is removed.</p>\n");
        if (v->self)
            html_printf(b, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__"
                           "icon\" aria-hidden=\"true\">!</span><strong class=\"govuk-warning-"
                           "text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
                           "This is your own account: you will be signed out.</strong></div>\n");
        op_form_open(b, site, a, "disable");
        const char *cerr = error_for(e, ne, "confirm");
        html_printf(b,
                    "<div class=\"govuk-form-group%s\">\n<fieldset class=\"govuk-fieldset\"%s>\n"
                    "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Confirm"
                    "</legend>\n",
                    cerr ? " govuk-form-group--error" : "",
                    cerr ? " aria-describedby=\"confirm-error\"" : "");
        if (cerr)
            html_printf(b,
                        "<p id=\"confirm-error\" class=\"govuk-error-message\">"
                        "<span class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                        cerr);
        html_printf(b,
                    "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">\n"
                    "<div class=\"govuk-checkboxes__item\">\n"
                    "<input class=\"govuk-checkboxes__input\" id=\"confirm\" name=\"confirm\" "
                    "type=\"checkbox\" value=\"yes\">\n"
                    "<label class=\"govuk-label govuk-checkboxes__label\" for=\"confirm\">"
                    "I disable %h (%h): they are signed out everywhere and cannot sign in"
                    "</label>\n</div>\n</div>\n</fieldset>\n</div>\n"
                    "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
                    "id=\"op-disable\" data-module=\"govuk-button\">Disable account</button>\n"
                    "</form>\n",
                    a->name, a->username);
    }
    html_printf(b, "</div>\n</div>\n");
    view_page_end(b, site);
}

/* ---- my account --------------------------------------------------------------------- */

static void tokens_table(struct buf *b, const struct view_site *site,
                         const struct view_my_account *v)
{
    if (!v->ntokens) {
        html_printf(b, "<p class=\"govuk-body\">You have no API tokens.</p>\n");
        return;
    }
    html_printf(b, "<table class=\"govuk-table\">\n"
                   "<caption class=\"govuk-table__caption govuk-visually-hidden\">Your API "
                   "tokens</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Name</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Created</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\"><span "
                   "class=\"govuk-visually-hidden\">Action</span></th>"
                   "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < v->ntokens; i++) {
        const struct api_token_info *t = &v->tokens[i];
        day_t d;
        html_printf(b,
                    "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%h</td>"
                    "<td class=\"govuk-table__cell\">",
                    t->name);
        if (date_parse(t->created_on, &d))
            view_date(b, d);
        html_printf(b, "</td><td class=\"govuk-table__cell\">");
        if (t->revoked_on[0] && date_parse(t->revoked_on, &d)) {
            html_printf(b, "Revoked ");
            view_date(b, d);
            html_printf(b, "</td><td class=\"govuk-table__cell\"></td></tr>\n");
            continue;
        }
        html_printf(b, "<strong class=\"govuk-tag govuk-tag--green\">Live</strong></td>"
                       "<td class=\"govuk-table__cell\">");
        html_printf(b, "<form method=\"post\" action=\"/work/account/tokens/%ld/revoke\">\n",
                    (long)t->id);
        view_csrf_field(b, site);
        html_printf(b,
                    "<button type=\"submit\" class=\"govuk-button govuk-button--warning "
                    "dialturn-button--small\" data-module=\"govuk-button\">Revoke"
                    "<span class=\"govuk-visually-hidden\"> %h</span></button>\n"
                    "</form></td></tr>\n",
                    t->name);
    }
    html_printf(b, "</tbody>\n</table>\n");
}

void view_my_account(struct buf *b, const struct view_site *site, const struct view_my_account *v)
{
    const struct account *a = v->account;
    const struct field_error *e = v->errors;
    size_t ne = v->nerrors;
    view_page_begin(b, site, ne ? "Error: My account" : "My account");
    html_printf(b,
                "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
    view_errors_summary(b, e, ne);
    view_done_banner(b, v->done);
    html_printf(b,
                "<h1 class=\"govuk-heading-l\">My account</h1>\n"
                "<dl class=\"govuk-summary-list\">\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Username</dt><dd class=\"govuk-summary-list__value\">%h</dd></div>\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Name</dt><dd class=\"govuk-summary-list__value\">%h</dd></div>\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Role</dt><dd class=\"govuk-summary-list__value\">%h</dd></div>\n"
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Person in the plan</dt><dd class=\"govuk-summary-list__value\">%h</dd></div>\n"
                "</dl>\n",
                a->username, a->name, role_label(a->role), a->person_ref ? a->person_ref : "None");

    html_printf(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/work/account/mail\">"
                   "My e-mail: the address dialturn mails and what I receive</a></p>\n");
    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"password-section\">Change my password"
                   "</h2>\n"
                   "<p class=\"govuk-body\">Your other sessions are signed out; this one stays "
                   "signed in.</p>\n"
                   "<form method=\"post\" action=\"/work/account/password\" novalidate>\n");
    view_csrf_field(b, site);
    text_input(b, "current_password", "Current password", NULL, "password", NULL,
               "current-password", "govuk-input--width-20", e, ne);
    char hint[48];
    snprintf(hint, sizeof hint, "At least %d characters.", PASSWORD_MIN);
    text_input(b, "new_password", "New password", hint, "password", NULL, "new-password",
               "govuk-input--width-20", e, ne);
    text_input(b, "confirm_password", "Confirm the new password", NULL, "password", NULL,
               "new-password", "govuk-input--width-20", e, ne);
    html_printf(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Change password</button>\n</form>\n");

    html_printf(b, "<h2 class=\"govuk-heading-m\" id=\"tokens\">API tokens</h2>\n"
                   "<p class=\"govuk-body\">A program that writes through the API "
                   "(<code>/api/v1/</code>) sends a token in the header "
                   "<code>Authorization: Bearer TOKEN</code> and may do what your role "
                   "allows. A token is shown once, when it is made; revoke one you no longer "
                   "need or may have lost.</p>\n");
    tokens_table(b, site, v);
    html_printf(b, "<h3 class=\"govuk-heading-s\">Create a token</h3>\n"
                   "<form method=\"post\" action=\"/work/account/tokens\" novalidate>\n");
    view_csrf_field(b, site);
    text_input(b, "token_name", "Token name", "What it is for, such as “monthly import”.", "text",
               v->token_name, "off", "govuk-input--width-20", e, ne);
    html_printf(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                   "data-module=\"govuk-button\">Create token</button>\n</form>\n"
                   "</div>\n</div>\n");
    view_page_end(b, site);
}

void view_token_created(struct buf *b, const struct view_site *site, const char *name,
                        const char *token)
{
    view_page_begin(b, site, "Your new API token");
    html_printf(b,
                "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n"
                "<div class=\"govuk-panel govuk-panel--confirmation\">\n"
                "<h1 class=\"govuk-panel__title\">API token created</h1>\n"
                "<div class=\"govuk-panel__body\">%h</div>\n"
                "</div>\n"
                "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
                "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
                "<span class=\"govuk-visually-hidden\">Warning</span>Copy the token now. It is "
                "shown only once: dialturn keeps only its hash.</strong></div>\n"
                "<label class=\"govuk-label govuk-label--s\" for=\"token\">Token</label>\n"
                "<input class=\"govuk-input govuk-!-font-family-monospace\" id=\"token\" "
                "type=\"text\" readonly value=\"%h\" spellcheck=\"false\" autocomplete=\"off\">\n"
                "<p class=\"govuk-body govuk-!-margin-top-4\">Send it with every write to the "
                "API:</p>\n"
                "<pre class=\"govuk-body\"><code>Authorization: Bearer %h"
                "</code></pre>\n"
                "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/work/account#tokens\">"
                "Back to my account</a></p>\n"
                "</div>\n</div>\n",
                name, token, token);
    view_page_end(b, site);
}

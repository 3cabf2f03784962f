/* view_mail.c — the pages of e-mail (view_mail.h). */
#include "web/view_mail.h"
#include "lib/html.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Appends Unix time t as view_time shows stored times; "—" for 0. */
static void unix_time(struct buf *b, time_t t)
{
    if (!t) {
        html_printf(b, "—");
        return;
    }
    struct tm tm;
    char at[32];
    gmtime_r(&t, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    view_time(b, at);
}

/* The GOV.UK tag of an outbox row's status. */
static const char *status_class(const char *status)
{
    if (strcmp(status, "sent") == 0)
        return "govuk-tag--green";
    if (strcmp(status, "failed") == 0)
        return "govuk-tag--red";
    return "govuk-tag--blue";
}

void view_mail_log(struct buf *b, const struct view_site *site, const struct view_mail_log *v)
{
    view_page_begin(b, site, "Mail sent");
    html_printf(b,
                "<h1 class=\"govuk-heading-l\">Mail sent</h1>\n"
                "<p class=\"govuk-body\">Every message dialturn has queued, newest first: "
                "%zu sent, %zu waiting to be sent, %zu failed. A failed message was refused "
                "by the relay (an unknown address, for example) or could not be sent after "
                "every retry; its reason is shown.</p>\n",
                v->sent, v->queued, v->failed);
    if (!v->relay)
        html_printf(b, "<div class=\"govuk-inset-text\">No relay is set, so nothing leaves: "
                       "an operator sets one with <code>dialturn mail config</code>.</div>\n");
    if (!v->n) {
        html_printf(b, "<p class=\"govuk-body\">Nothing has been queued yet.</p>\n");
        view_page_end(b, site);
        return;
    }
    view_table_open(b, "Mail sent");
    html_printf(b, "<table class=\"govuk-table\">\n<caption class=\"govuk-table__caption "
                   "govuk-visually-hidden\">Mail sent, newest first</caption>\n"
                   "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">Queued</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">To</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Subject</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Sent</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Last error</th>"
                   "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (size_t i = 0; i < v->n; i++) {
        const struct mail_row *m = &v->rows[i];
        html_printf(b,
                    "<tr class=\"govuk-table__row\" id=\"mail-%ld\"><td "
                    "class=\"govuk-table__cell\">",
                    (long)m->id);
        unix_time(b, m->created_at);
        html_printf(b,
                    "</td><td class=\"govuk-table__cell\">%h</td>"
                    "<td class=\"govuk-table__cell\">%h</td>"
                    "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag %h\">%h</strong>"
                    "%s</td><td class=\"govuk-table__cell\">",
                    m->recipient, m->subject, status_class(m->status),
                    strcmp(m->status, "sending") == 0 ? "queued" : m->status,
                    m->attempts > 1 ? " <span class=\"govuk-body-s\">(retried)</span>" : "");
        unix_time(b, m->sent_at);
        html_printf(b, "</td><td class=\"govuk-table__cell\">%h</td></tr>\n", m->last_error);
    }
    html_printf(b, "</tbody>\n</table>\n");
    view_table_close(b);
    view_pagination(b, site, "/work/mail", "", v->page, v->pages);
    view_page_end(b, site);
}

void view_account_mail(struct buf *b, const struct view_site *site,
                       const struct view_account_mail *v)
{
    view_page_begin(b, site, v->error ? "Error: My e-mail" : "My e-mail");
    html_printf(b,
                "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
    if (v->error) {
        struct field_error e = {"address", v->error};
        view_errors_summary(b, &e, 1);
    }
    view_done_banner(b, v->done);
    html_printf(b, "<h1 class=\"govuk-heading-l\">My e-mail</h1>\n"
                   "<p class=\"govuk-body\">dialturn mails you what the monthly cycle asks of "
                   "you. Give the address to send to, and choose what you receive.</p>\n"
                   "<form method=\"post\" action=\"/work/account/mail\" novalidate>\n");
    view_csrf_field(b, site);
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n"
                "<label class=\"govuk-label govuk-label--s\" for=\"address\">E-mail address"
                "</label>\n<div class=\"govuk-hint\" id=\"address-hint\">Leave it empty to "
                "receive nothing.</div>\n",
                v->error ? " govuk-form-group--error" : "");
    if (v->error)
        html_printf(b,
                    "<p id=\"address-error\" class=\"govuk-error-message\"><span "
                    "class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                    v->error);
    html_printf(b,
                "<input class=\"govuk-input govuk-input--width-30%s\" id=\"address\" "
                "name=\"address\" type=\"email\" spellcheck=\"false\" autocomplete=\"email\" "
                "aria-describedby=\"address-hint%s\" value=\"%h\">\n</div>\n",
                v->error ? " govuk-input--error" : "", v->error ? " address-error" : "",
                v->prefs->address);
    html_printf(b, "<div class=\"govuk-form-group\">\n<fieldset class=\"govuk-fieldset\" "
                   "aria-describedby=\"kinds-hint\">\n<legend class=\"govuk-fieldset__legend "
                   "govuk-fieldset__legend--s\">What I receive</legend>\n<div class=\"govuk-hint\" "
                   "id=\"kinds-hint\">You receive only what your role is sent.</div>\n"
                   "<div class=\"govuk-checkboxes govuk-checkboxes--small\" "
                   "data-module=\"govuk-checkboxes\">\n");
    for (int k = 0; k < MAIL_STAFF_KINDS; k++) {
        const char *code = mail_kind_code((enum mail_kind)k);
        html_printf(
            b,
            "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
            "id=\"kind-%h\" name=\"kind\" type=\"checkbox\" value=\"%h\"%s>"
            "<label class=\"govuk-label govuk-checkboxes__label\" for=\"kind-%h\">%h"
            "</label></div>\n",
            code, code, v->prefs->muted & (1u << k) ? "" : " checked", code,
            mail_kind_label((enum mail_kind)k));
    }
    html_printf(b, "</div>\n</fieldset>\n</div>\n"
                   "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                   "Save</button>\n</form>\n"
                   "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/work/account\">"
                   "Back to my account</a></p>\n");
    if (site->user && role_has(site->user->role, CAP_MAIL_LOG))
        html_printf(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/work/mail\">"
                       "Mail sent to everyone, and what failed</a></p>\n");
    html_printf(b, "</div>\n</div>\n");
    view_page_end(b, site);
}

void view_follow(struct buf *b, const struct view_site *site, const struct view_follow *v)
{
    bool one = v->topic && *v->topic;
    view_page_begin(b, site, v->error ? "Error: Follow by e-mail" : "Follow by e-mail");
    html_printf(b,
                "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n");
    if (v->sent) {
        html_printf(b,
                    "<div class=\"govuk-panel govuk-panel--confirmation\">\n"
                    "<h1 class=\"govuk-panel__title\">Check your e-mail</h1>\n"
                    "<div class=\"govuk-panel__body\">We have sent a link to confirm "
                    "</div>\n</div>\n"
                    "<p class=\"govuk-body\">Open the link in the message to start receiving "
                    "e-mail about: %h. Nothing is sent until you do. If no message arrives, "
                    "check the address and try again.</p>\n</div>\n</div>\n",
                    v->title);
        view_page_end(b, site);
        return;
    }
    if (v->error) {
        struct field_error e = {"address", v->error};
        view_errors_summary(b, &e, 1);
    }
    html_printf(b, "<h1 class=\"govuk-heading-l\">Follow by e-mail</h1>\n");
    if (one)
        html_printf(b,
                    "<p class=\"govuk-body\">Receive an e-mail about <strong>%h</strong> each "
                    "month, once its progress is signed off and published.</p>\n",
                    v->title);
    else
        html_printf(b, "<p class=\"govuk-body\">Receive an e-mail when something you follow is "
                       "published. To follow one action or theme, use the link on its page.</p>\n");
    html_printf(b,
                "<p class=\"govuk-body\">We send a link to confirm first; every message has a "
                "link to stop them. We use the address for nothing else.</p>\n"
                "<p class=\"govuk-body-s\">So that no one can fill someone else's mailbox, an "
                "e-mail address can be entered here at most %d times an hour and %d times a "
                "day, and one connection can use the form at most %d times an hour and %d "
                "times a day.</p>\n"
                "<form method=\"post\" action=\"/follow\" novalidate>\n"
                "<input type=\"hidden\" name=\"csrf\" value=\"%h\">\n",
                FOLLOW_ADDRESS_PER_HOUR, FOLLOW_ADDRESS_PER_DAY, FOLLOW_CLIENT_PER_HOUR,
                FOLLOW_CLIENT_PER_DAY, v->csrf);
    if (one) {
        html_printf(b, "<input type=\"hidden\" name=\"topic\" value=\"%h\">\n", v->topic);
    } else {
        html_printf(b, "<div class=\"govuk-form-group\">\n<fieldset class=\"govuk-fieldset\">\n"
                       "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">What "
                       "to follow</legend>\n<div class=\"govuk-radios\" "
                       "data-module=\"govuk-radios\">\n"
                       "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                       "id=\"topic\" name=\"topic\" type=\"radio\" value=\"reports\" checked>"
                       "<label class=\"govuk-label govuk-radios__label\" for=\"topic\">The "
                       "monthly progress reports</label></div>\n"
                       "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                       "id=\"topic-meetings\" name=\"topic\" type=\"radio\" value=\"meetings\">"
                       "<label class=\"govuk-label govuk-radios__label\" for=\"topic-meetings\">"
                       "The panel's public meetings</label></div>\n</div>\n</fieldset>\n</div>\n");
    }
    html_printf(b,
                "<div class=\"govuk-form-group%s\">\n<label class=\"govuk-label "
                "govuk-label--s\" for=\"address\">E-mail address</label>\n",
                v->error ? " govuk-form-group--error" : "");
    if (v->error)
        html_printf(b,
                    "<p id=\"address-error\" class=\"govuk-error-message\"><span "
                    "class=\"govuk-visually-hidden\">Error:</span> %h</p>\n",
                    v->error);
    html_printf(b,
                "<input class=\"govuk-input govuk-input--width-30%s\" id=\"address\" "
                "name=\"address\" type=\"email\" spellcheck=\"false\" autocomplete=\"email\"%s "
                "value=\"%h\">\n</div>\n"
                "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Follow</button>\n</form>\n</div>\n</div>\n",
                v->error ? " govuk-input--error" : "",
                v->error ? " aria-describedby=\"address-error\"" : "", v->address);
    view_page_end(b, site);
}

void view_mail_token(struct buf *b, const struct view_site *site, const char *what,
                     const char *token, const char *title, bool done)
{
    bool confirm = strcmp(what, "confirm") == 0;
    const char *heading = confirm ? (done ? "Subscription confirmed" : "Confirm your subscription")
                                  : (done ? "You are unsubscribed" : "Unsubscribe");
    view_page_begin(b, site, heading);
    html_printf(b,
                "<div class=\"govuk-grid-row\">\n<div class=\"govuk-grid-column-two-thirds\">\n"
                "<h1 class=\"govuk-heading-l\">%h</h1>\n",
                heading);
    if (done) {
        if (confirm)
            html_printf(b,
                        "<p class=\"govuk-body\">You will receive e-mail about %h when it is "
                        "published. Every message has a link to stop them.</p>\n",
                        title);
        else
            html_printf(b,
                        "<p class=\"govuk-body\">You will receive no more e-mail about %h.</p>\n",
                        title);
    } else {
        if (confirm)
            html_printf(b,
                        "<p class=\"govuk-body\">Confirm that you want e-mail about "
                        "<strong>%h</strong>.</p>\n",
                        title);
        else
            html_printf(b, "<p class=\"govuk-body\">Stop e-mail about <strong>%h</strong>.</p>\n",
                        title);
        html_printf(b,
                    "<form method=\"post\" action=\"/%s?t=%U\" novalidate>\n"
                    "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                    "%s</button>\n</form>\n",
                    confirm ? "follow/confirm" : "unsubscribe", token,
                    confirm ? "Confirm" : "Unsubscribe");
    }
    html_printf(b, "</div>\n</div>\n");
    view_page_end(b, site);
}

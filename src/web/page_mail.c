/* page_mail.c — the pages of e-mail: what was sent (/work/mail), my mail
 * (/work/account/mail), following by e-mail (/follow), and the two links a
 * mail carries: confirming a subscription and unsubscribing.
 *
 * /follow is public and changes something, so its form carries a CSRF
 * token by the double-submit cookie, as the sign-in form does (ROUTE_LOGIN).
 * The links of a mail carry the subscription's token instead, which only
 * its mailbox knows (ROUTE_MAIL_TOKEN): a GET shows a button (mail scanners
 * follow links), and a POST acts, from the button or from the mail client's
 * one-click unsubscribe (RFC 8058), without signing in.
 *
 * Each /follow asks the server to send a mail to whatever address was typed,
 * so it is rate-limited per e-mail address and per client address (the
 * limits are in view_mail.h); past them the answer is 429 with Retry-After
 * and the form again, saying when to try. */
#include "lib/ratelimit.h"
#include "lib/smtp.h"
#include "lib/text.h"
#include "model/mail.h"
#include "model/pub_scope.h"
#include "web/view_mail.h"
#include "web/web.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAIL_LOG_PER_PAGE 50

int page_mail_log(struct req *r)
{
    size_t page;
    if (page_number(r, &page))
        return 0;
    struct mail_row *buf = xcalloc(MAIL_LOG_PER_PAGE, sizeof *buf);
    struct view_mail_log v = {.rows = buf, .page = page};
    struct mail_settings s;
    size_t total;
    if (mail_settings_get(r->db, &s) || mail_outbox_counts(r->db, &v.queued, &v.sent, &v.failed) ||
        mail_outbox_page(r->db, page, MAIL_LOG_PER_PAGE, buf, &v.n, &total)) {
        free(buf);
        return req_model_error(r);
    }
    v.pages = total ? (total + MAIL_LOG_PER_PAGE - 1) / MAIL_LOG_PER_PAGE : 1;
    if (page > v.pages) {
        free(buf);
        req_error(r, 404, "There is no such page of the mail sent.");
        return 0;
    }
    v.relay = s.relay[0] != '\0';
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/mail"; /* its item in the workspace's menu is the current page */
    view_mail_log(&r->out, &site, &v);
    free(buf);
    return 0;
}

/* Renders my mail page with `status`. */
static int account_mail(struct req *r, unsigned status, const struct mail_prefs *p,
                        const char *done, const char *error)
{
    r->status = status;
    struct view_account_mail v = {.prefs = p, .done = done, .error = error};
    view_account_mail(&r->out, &WEB_SITE_R(r), &v);
    return 0;
}

int page_account_mail(struct req *r)
{
    struct mail_prefs p;
    if (mail_prefs_get(r->db, r->user->account_id, &p))
        return req_model_error(r);
    const char *done = req_arg(r, "done");
    return account_mail(r, 200, &p, done && strcmp(done, "saved") == 0 ? "Saved" : NULL, NULL);
}

int post_account_mail(struct req *r)
{
    struct mail_prefs p = {0};
    const char *address = req_form(r, "address");
    text_clip(p.address, sizeof p.address, address ? address : "");
    if (address && strlen(address) >= sizeof p.address)
        return account_mail(r, 400, &p, NULL, "The address is too long");
    const char *kinds[MAIL_STAFF_KINDS * 2];
    size_t n = req_form_all(r, "kind", kinds, MAIL_STAFF_KINDS * 2);
    for (int k = 0; k < MAIL_STAFF_KINDS; k++) {
        bool on = false;
        for (size_t i = 0; i < n && i < MAIL_STAFF_KINDS * 2; i++)
            on = on || strcmp(kinds[i], mail_kind_code((enum mail_kind)k)) == 0;
        if (!on)
            p.muted |= 1u << k;
    }
    int rc = mail_prefs_put(r->wdb, r->user->account_id, &p);
    if (rc < 0)
        return req_model_error(r);
    if (rc > 0)
        return account_mail(r, 400, &p, NULL, r->wdb->err);
    req_redirect(r, "/work/account/mail?done=saved");
    return 0;
}

/* Whether s is a token as we make them: TOKEN_HEX_LEN lowercase hex digits. */
static bool token_shaped(const char *s)
{
    return s && strlen(s) == TOKEN_HEX_LEN && strspn(s, "0123456789abcdef") == TOKEN_HEX_LEN;
}

void req_public_csrf(struct req *r, char csrf[TOKEN_HEX_LEN + 1])
{
    if (token_shaped(r->cookie_csrf)) {
        snprintf(csrf, TOKEN_HEX_LEN + 1, "%s", r->cookie_csrf);
        return;
    }
    unsigned char raw[TOKEN_HEX_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(csrf, TOKEN_HEX_LEN + 1, raw, sizeof raw);
    snprintf(r->set_cookie[0], sizeof r->set_cookie[0],
             WEB_COOKIE_CSRF "=%s; Path=%s; HttpOnly; SameSite=Strict%s", csrf,
             r->cfg->base[0] ? r->cfg->base : "/", r->tls ? "; Secure" : "");
}

/* Whether `topic` can be followed on the public record (nothing unsigned:
 * an action only once a signed-off plan has it).  1, 0, or -1 with r->err. */
static int public_topic(struct req *r, const char *topic, char *title, size_t size)
{
    char err[512];
    struct db *pdb = r->srv ? server_worker_pdb(r->srv, r->cfg, err, sizeof err) : r->db;
    struct pub_scope latest;
    if (!pdb || pub_scope_resolve(pdb, NULL, &latest) != PUB_SCOPE_OK) {
        snprintf(r->err, sizeof r->err, "%s", pdb ? pdb->err : err);
        return -1;
    }
    int rc = mail_topic_check(pdb, topic, title, size);
    if (rc < 0)
        snprintf(r->err, sizeof r->err, "%s", pdb->err);
    return rc;
}

/* Renders the follow form (or its confirmation) with `status`. */
static int follow_page(struct req *r, unsigned status, const char *csrf, const char *topic,
                       const char *title, const char *address, const char *error, bool sent)
{
    r->status = status;
    r->cache_control = "no-store";
    r->etag[0] = '\0'; /* the form carries this reader's token: never a shared page */
    struct view_follow v = {csrf, topic, title, address ? address : "", error, sent};
    view_follow(&r->out, &WEB_SITE_R(r), &v);
    return 0;
}

int page_follow(struct req *r)
{
    char csrf[TOKEN_HEX_LEN + 1], title[300] = "";
    const char *topic = req_arg(r, "topic");
    if (topic && *topic) {
        int ok = mail_topic_check(r->db, topic, title, sizeof title); /* the public record */
        if (ok < 0)
            return req_model_error(r);
        if (!ok) {
            req_error(r, 404, "There is nothing to follow by that name.");
            return 0;
        }
    }
    req_public_csrf(r, csrf);
    return follow_page(r, 200, csrf, topic, title, NULL, NULL, false);
}

_Static_assert(FOLLOW_CLIENT_PER_DAY <= RATELIMIT_EVENTS &&
                   FOLLOW_ADDRESS_PER_DAY <= RATELIMIT_EVENTS,
               "a limit the table cannot count");

/* Counts one request to mail `address` from this client in the server's
 * limits (each key names its organisation), when they allow it: 0, or the
 * seconds to wait (nothing counted). */
static long follow_limit(struct req *r, const char *address)
{
    static const struct ratelimit_rule per_address[] = {{3600, FOLLOW_ADDRESS_PER_HOUR},
                                                        {86400, FOLLOW_ADDRESS_PER_DAY}};
    static const struct ratelimit_rule per_client[] = {{3600, FOLLOW_CLIENT_PER_HOUR},
                                                       {86400, FOLLOW_CLIENT_PER_DAY}};
    char to[300], from[120];
    snprintf(to, sizeof to, "to %zu %s", r->cfg->index, address);
    for (char *p = to; *p; p++) /* the same mailbox however it is typed */
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    snprintf(from, sizeof from, "from %zu %s", r->cfg->index, r->address);
    struct ratelimit_key keys[] = {{to, per_address, 2}, {from, per_client, 2}};
    struct ratelimit *rl = server_limits(r->srv);
    return rl ? ratelimit_take(rl, keys, 2, time(NULL)) : 0;
}

int post_follow(struct req *r)
{
    const char *topic = req_form(r, "topic"), *address = req_form(r, "address");
    const char *csrf = r->cookie_csrf; /* the dispatcher checked the form's copy against it */
    char title[300] = "";
    int ok = topic ? public_topic(r, topic, title, sizeof title) : 0;
    if (ok < 0)
        return -1;
    if (!ok) {
        req_error(r, 400, "There is nothing to follow by that name.");
        return 0;
    }
    bool multi = strcmp(topic, "reports") == 0 || strcmp(topic, "meetings") == 0;
    const char *shown = multi ? "" : topic;
    if (address && smtp_address_valid(address)) {
        long wait = follow_limit(r, address);
        if (wait > 0) {
            char msg[300];
            long minutes = (wait + 59) / 60;
            if (minutes > 90)
                text_printf(msg, sizeof msg,
                            "Too many requests to follow by e-mail have come from your connection "
                            "or for this address. To protect people from unwanted mail, try "
                            "again in about %ld hours",
                            (minutes + 59) / 60);
            else
                text_printf(msg, sizeof msg,
                            "Too many requests to follow by e-mail have come from your connection "
                            "or for this address. To protect people from unwanted mail, try "
                            "again in %ld minute%s",
                            minutes, minutes == 1 ? "" : "s");
            r->retry_after = wait;
            return follow_page(r, 429, csrf, shown, title, address, msg, false);
        }
    }
    int rc = mail_follow(r->wdb, address ? address : "", topic, time(NULL));
    if (rc < 0)
        return req_model_error(r);
    if (rc > 0)
        return follow_page(r, 400, csrf, shown, title, address, r->wdb->err, false);
    return follow_page(r, 200, csrf, shown, title, address, NULL, true);
}

/* GET of a mail's link: the button that POSTs it. */
static int token_page(struct req *r, const char *what)
{
    char title[300];
    const char *t = req_arg(r, "t");
    int found = mail_token_find(r->db, t, title, sizeof title);
    if (found < 0)
        return req_model_error(r);
    if (!found) {
        req_error(r, 404, "This link is not one we sent, or it was replaced by a newer one.");
        return 0;
    }
    r->cache_control = "no-store";
    r->etag[0] = '\0';
    view_mail_token(&r->out, &WEB_SITE_R(r), what, t, title, false);
    return 0;
}

int page_follow_confirm(struct req *r)
{
    return token_page(r, "confirm");
}

int page_unsubscribe(struct req *r)
{
    return token_page(r, "unsubscribe");
}

/* POST of a mail's link: confirm or unsubscribe. */
static int token_post(struct req *r, bool confirm)
{
    char title[300];
    const char *t = req_arg(r, "t");
    int rc = confirm ? mail_confirm(r->wdb, t, time(NULL), title, sizeof title)
                     : mail_unsubscribe(r->wdb, t, time(NULL), title, sizeof title);
    if (rc < 0)
        return req_model_error(r);
    if (!rc) {
        req_error(r, 404, "This link is not one we sent, or it was replaced by a newer one.");
        return 0;
    }
    r->cache_control = "no-store";
    view_mail_token(&r->out, &WEB_SITE_R(r), confirm ? "confirm" : "unsubscribe", t, title, true);
    return 0;
}

int post_follow_confirm(struct req *r)
{
    return token_post(r, true);
}

int post_unsubscribe(struct req *r)
{
    return token_post(r, false);
}

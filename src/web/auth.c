/* auth.c — signing in and out.
 *
 * The sign-in form has no session to tie its CSRF token to, so it uses the
 * double-submit pattern: GET /login sets a random token in a SameSite=Strict
 * cookie and in the form; the dispatcher (ROUTE_LOGIN) accepts the POST only
 * when the two agree, which another site cannot arrange.  A successful
 * sign-in sets the session cookie (HttpOnly, SameSite=Lax) and sends the
 * person back to the page they asked for. */
#include "lib/text.h"
#include "lib/hash.h"
#include "web/view.h"
#include "web/web.h"
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The cookies' Path: the organisation's pages only, in a directory of them. */
static const char *cookie_path(const struct req *r)
{
    return r->cfg->base[0] ? r->cfg->base : "/";
}

/* Whether s is a token as we make them: TOKEN_HEX_LEN lowercase hex digits. */
static bool token_shaped(const char *s)
{
    if (!s || strlen(s) != TOKEN_HEX_LEN)
        return false;
    return strspn(s, "0123456789abcdef") == TOKEN_HEX_LEN;
}

/* Whether `s` (NUL-terminated, raw or decoded) is a path on this site and
 * nothing else: one leading '/', then no second '/', no backslash anywhere
 * (browsers read it as '/', making "/\host" another site's address), and no
 * control character, space or DEL anywhere (a browser drops a tab or newline
 * inside an address, so "/<TAB>/host" is "//host"). */
static bool site_path(const char *s)
{
    if (s[0] != '/' || s[1] == '/' || s[1] == '\\')
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == 0x7F || *p == '\\')
            return false;
    return true;
}

/* Where to go after signing in: `next` when it is a path on this site (see
 * site_path), both as it stands and with its percent-escapes decoded (so
 * "/%2F/host" and "/%09/host" are refused too), and at most 400 bytes; "/work"
 * otherwise.  Never another site: an open redirect would lend our address to
 * a phishing link. */
static const char *safe_next(const char *next)
{
    if (!next || strlen(next) > 400 || !site_path(next))
        return "/work";
    char decoded[401];
    size_t n = 0;
    for (const char *p = next; *p; n++) {
        if (p[0] == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
            char hex[3] = {p[1], p[2], '\0'};
            decoded[n] = (char)strtol(hex, NULL, 16);
            p += 3;
        } else {
            decoded[n] = *p++;
        }
        if (decoded[n] == '\0') /* %00 */
            return "/work";
    }
    decoded[n] = '\0';
    return site_path(decoded) ? next : "/work";
}

/* Renders the sign-in form with `status`, keeping the username typed. */
static int login_form(struct req *r, unsigned status, const char *csrf, const char *error,
                      const char *username)
{
    struct view_login v = {
        .csrf = csrf,
        .next = safe_next(req_form(r, "next") ? req_form(r, "next") : req_arg(r, "next")),
        .username = username ? username : "",
        .error = error,
    };
    buf_reset(&r->out);
    r->status = status;
    r->content_type = CT_HTML;
    r->cache_control = "no-store";
    view_login(&r->out, &WEB_SITE_R(r), &v);
    return 0;
}

int page_login(struct req *r)
{
    if (r->user) {
        req_redirect(r, safe_next(req_arg(r, "next")));
        return 0;
    }
    char csrf[TOKEN_HEX_LEN + 1];
    if (token_shaped(r->cookie_csrf)) {
        snprintf(csrf, sizeof csrf, "%s", r->cookie_csrf);
    } else {
        unsigned char raw[TOKEN_HEX_LEN / 2];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2hex(csrf, sizeof csrf, raw, sizeof raw);
        snprintf(r->set_cookie[0], sizeof r->set_cookie[0],
                 WEB_COOKIE_CSRF "=%s; Path=%s; HttpOnly; SameSite=Strict%s", csrf, cookie_path(r),
                 r->tls ? "; Secure" : "");
    }
    r->etag[0] = '\0'; /* the form carries this reader's token: never a shared page */
    return login_form(r, 200, csrf, NULL, NULL);
}

int post_login(struct req *r)
{
    const char *username = req_form(r, "username"), *password = req_form(r, "password");
    const char *csrf = r->cookie_csrf; /* the dispatcher checked the form's copy against it */
    if (!username || !*username || !password || !*password)
        return login_form(r, 400, csrf, "Enter your username and password", username);
    struct session_user u;
    char token[TOKEN_HEX_LEN + 1];
    switch (account_login(r->wdb, username, password, r->address, time(NULL), &u, token)) {
    case LOGIN_OK:
        break;
    case LOGIN_BAD:
        return login_form(r, 401, csrf, "The username or password is not right", username);
    case LOGIN_THROTTLED:
        return login_form(r, 429, csrf,
                          "Too many attempts to sign in from your address have failed. Wait a "
                          "few minutes, then try again",
                          username);
    case LOGIN_ERROR:
    default:
        text_printf(r->err, sizeof r->err, "sign-in: %s", r->wdb->err);
        return -1;
    }
    snprintf(r->set_cookie[0], sizeof r->set_cookie[0],
             WEB_COOKIE_SESSION "=%s; Path=%s; HttpOnly; SameSite=Lax%s", token, cookie_path(r),
             r->tls ? "; Secure" : "");
    req_redirect(r, safe_next(req_form(r, "next")));
    return 0;
}

int post_logout(struct req *r)
{
    if (r->cookie_session && session_end(r->wdb, r->cookie_session) != 0) {
        text_printf(r->err, sizeof r->err, "sign-out: %s", r->wdb->err);
        return -1;
    }
    snprintf(r->set_cookie[0], sizeof r->set_cookie[0],
             WEB_COOKIE_SESSION "=; Path=%s; HttpOnly; SameSite=Lax; Max-Age=0", cookie_path(r));
    req_redirect(r, "/?signed_out=1");
    return 0;
}

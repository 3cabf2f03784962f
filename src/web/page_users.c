/* page_users.c — the accounts (CAP_USERS) and my account (CAP_SIGNED_IN).
 *
 * Every handler: read the fields, check them (400 with the form again,
 * each error naming its field), ask the model on r->wdb (one transaction per
 * action, in the model), then 303 to a page that says what happened.  The
 * dispatcher has already checked the capability and the CSRF token.  Only
 * a new API token is answered directly (200): it is shown once and must not
 * travel in a URL. */
#include "lib/text.h"
#include "web/view.h"
#include "web/web.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds a form error: `message` for the input `field`. */
static void add_error(struct field_errors *fe, const char *field, const char *message)
{
    ferr_add(fe, field, "%s", message);
}

/* Adds the dispatcher's refusals of the form's declared fields (route.c)
 * for each field the handler's own checks did not name, and says whether
 * the form has any error. */
static bool form_refused(struct req *r, struct field_errors *fe)
{
    ferr_merge(fe, &r->ferr);
    return fe->n > 0;
}

/* How the account model's fields (model/account.h) are named on a form. */
struct field_map {
    const char *model; /* the model's field */
    const char *id;    /* the input it belongs to */
    const char *label; /* how the message begins, or "" to keep it as it is */
};

/* Puts the model's refusals `mfe` on the form: each at the input the map
 * gives its field, `fallback` for a field the map does not name, its phrase
 * after the label ("Password must be ...") or, without one, capitalised.
 * Returns false when there is none (the write failed: db->err). */
static bool model_refusal(struct field_errors *fe, const struct field_errors *mfe,
                          const struct field_map *map, size_t nmap, const char *fallback)
{
    for (size_t k = 0; k < mfe->n; k++) {
        const struct field_error *e = &mfe->e[k];
        const char *id = fallback, *label = "";
        for (size_t i = 0; i < nmap; i++)
            if (strcmp(e->field, map[i].model) == 0) {
                id = map[i].id;
                label = map[i].label;
            }
        if (*label)
            ferr_add(fe, id, "%s %s", label, e->message);
        else if (e->message[0] >= 'a' && e->message[0] <= 'z')
            ferr_add(fe, id, "%c%s", e->message[0] - 'a' + 'A', e->message + 1);
        else
            ferr_add(fe, id, "%s", e->message);
    }
    return mfe->n > 0;
}

/* The page frame for r, with its path for the navigation. */
static struct view_site site_of(const struct req *r)
{
    struct view_site s = WEB_SITE_R(r);
    s.path = r->path;
    return s;
}

/* A form field, trimmed of nothing, "" when absent. */
static const char *field(const struct req *r, const char *name)
{
    const char *v = req_form(r, name);
    return v ? v : "";
}

/* Fails the request with the write connection's reason (a 500). */
static int wdb_failure(struct req *r)
{
    text_printf(r->err, sizeof r->err, "%s", r->wdb->err);
    return -1;
}

/* Finds `username` in the account list (which stays owned by the caller). */
static const struct account *find_account(const struct account *a, size_t n, const char *username)
{
    for (size_t i = 0; username && i < n; i++)
        if (strcmp(a[i].username, username) == 0)
            return &a[i];
    return NULL;
}

static void not_found(struct req *r, const char *username)
{
    char why[200];
    bool shown = username && strlen(username) <= USERNAME_MAX &&
                 strspn(username, "abcdefghijklmnopqrstuvwxyz0123456789._-") == strlen(username);
    snprintf(why, sizeof why, "There is no account %s%s%s. The users page lists every account.",
             shown ? "'" : "", shown ? username : "with that name", shown ? "'" : "");
    req_error(r, 404, why);
}

/* ---- the accounts -------------------------------------------------------------------- */

/* What the add form holds as typed. */
struct add_form {
    const char *username, *name, *role, *person;
};

/* Renders the accounts page with `status`: the add form as typed and its
 * errors (or empty), and the banner `done`. */
static int render_users(struct req *r, unsigned status, const struct add_form *f,
                        const struct field_errors *fe, const char *done)
{
    struct account *a;
    size_t n;
    struct account_person *people;
    size_t npeople;
    if (account_list(r->db, &a, &n))
        return req_model_error(r);
    if (account_people(r->db, &people, &npeople)) {
        account_list_free(a, n);
        return req_model_error(r);
    }
    char banner[160];
    const char *added = req_arg(r, "added");
    if (!done && added && find_account(a, n, added)) {
        snprintf(banner, sizeof banner, "Account %s added", added);
        done = banner;
    }
    struct view_users v = {
        .accounts = a,
        .naccounts = n,
        .people = people,
        .npeople = npeople,
        .done = done,
        .username = f ? f->username : "",
        .name = f ? f->name : "",
        .role = f ? f->role : "",
        .person = f ? f->person : "",
        .errors = fe ? fe->e : NULL,
        .nerrors = fe ? fe->n : 0,
    };
    struct view_site site = site_of(r);
    r->status = status;
    r->cache_control = "no-store";
    view_users(&r->out, &site, &v);
    free(people);
    account_list_free(a, n);
    return 0;
}

int page_users(struct req *r)
{
    return render_users(r, 200, NULL, NULL, NULL);
}

static int users_add(struct req *r, struct field_errors *fe)
{
    struct add_form f = {field(r, "username"), field(r, "name"), field(r, "role"),
                         field(r, "person")};
    const char *password = field(r, "password");
    if (!*f.username)
        add_error(fe, "username", "Enter a username");
    if (!*f.name)
        add_error(fe, "name", "Enter the person's full name");
    int role = role_parse(f.role);
    if (role < 0)
        add_error(fe, "role", "Choose a role");
    if (!*password)
        add_error(fe, "password", "Enter an initial password");
    if (form_refused(r, fe))
        return render_users(r, 400, &f, fe, NULL);
    struct field_errors mfe = FERR_INIT;
    if (account_add(r->wdb, f.username, f.name, (enum role)role, *f.person ? f.person : NULL,
                    password, &mfe) < 0) {
        static const struct field_map map[] = {
            {"username", "username", "Username"},
            {"name", "name", "Full name"},
            {"password", "password", "Password"},
            {"person", "person", ""},
            {"role", "role", "Role"},
        };
        bool refused = model_refusal(fe, &mfe, map, sizeof map / sizeof *map, "username");
        ferr_free(&mfe);
        return refused ? render_users(r, 400, &f, fe, NULL) : wdb_failure(r);
    }
    struct buf to = BUF_INIT;
    buf_printf(&to, "/work/users?added=%s", f.username); /* checked: [a-z0-9._-] */
    req_redirect(r, buf_str(&to));
    buf_free(&to);
    return 0;
}

int post_users(struct req *r)
{
    struct field_errors fe = FERR_INIT;
    int rc = users_add(r, &fe);
    ferr_free(&fe);
    return rc;
}

/* ---- one account ------------------------------------------------------------------------- */

/* Renders one account's page with `status`, errors and banner. */
static int render_user(struct req *r, unsigned status, const char *username,
                       const struct field_errors *fe, const char *done)
{
    struct account *a;
    size_t n;
    struct account_person *people;
    size_t npeople;
    if (account_list(r->db, &a, &n))
        return req_model_error(r);
    if (account_people(r->db, &people, &npeople)) {
        account_list_free(a, n);
        return req_model_error(r);
    }
    const struct account *me = find_account(a, n, username);
    if (!me) {
        not_found(r, username);
        account_list_free(a, n);
        free(people);
        return 0;
    }
    char banner[200];
    const char *code = req_arg(r, "done");
    if (!done && code) {
        if (strcmp(code, "role") == 0)
            snprintf(banner, sizeof banner, "%s is now %s", me->username, role_label(me->role));
        else if (strcmp(code, "password") == 0)
            snprintf(banner, sizeof banner,
                     "New password set for %s; they are signed out everywhere", me->username);
        else if (strcmp(code, "disable") == 0)
            snprintf(banner, sizeof banner, "Account %s disabled", me->username);
        else if (strcmp(code, "enable") == 0)
            snprintf(banner, sizeof banner, "Account %s enabled", me->username);
        else if (strcmp(code, "details") == 0)
            snprintf(banner, sizeof banner, "Name and person of %s saved", me->username);
        else
            banner[0] = '\0';
        done = banner[0] ? banner : NULL;
    }
    struct view_user v = {
        .account = me,
        .done = done,
        .errors = fe ? fe->e : NULL,
        .nerrors = fe ? fe->n : 0,
        .self = r->user && r->user->account_id == me->id,
        .people = people,
        .npeople = npeople,
        /* the details form as typed, when it is the one that failed */
        .name = fe && strcmp(field(r, "op"), "details") == 0 ? field(r, "name") : NULL,
        .person = fe && strcmp(field(r, "op"), "details") == 0 ? field(r, "person") : NULL,
    };
    struct view_site site = site_of(r);
    r->status = status;
    r->cache_control = "no-store";
    view_user(&r->out, &site, &v);
    free(people);
    account_list_free(a, n);
    return 0;
}

int page_user(struct req *r)
{
    return render_user(r, 200, req_param(r, "username"), NULL, NULL);
}

static int user_change(struct req *r, struct field_errors *fe)
{
    const char *username = req_param(r, "username"), *op = field(r, "op");
    struct account *a;
    size_t n;
    if (account_list(r->db, &a, &n))
        return req_model_error(r);
    bool exists = find_account(a, n, username) != NULL;
    account_list_free(a, n);
    if (!exists) {
        not_found(r, username);
        return 0;
    }
    int rc;
    const char *fallback = "role";
    struct field_errors mfe = FERR_INIT;
    if (strcmp(op, "role") == 0) {
        int role = role_parse(field(r, "role"));
        if (role < 0)
            add_error(fe, "role", "Choose a role");
        if (form_refused(r, fe))
            return render_user(r, 400, username, fe, NULL);
        rc = account_set_role(r->wdb, username, (enum role)role, &mfe);
    } else if (strcmp(op, "password") == 0) {
        const char *pw = field(r, "password"), *again = field(r, "password_confirm");
        if (!*pw)
            add_error(fe, "password", "Enter a new password");
        else if (strcmp(pw, again) != 0)
            add_error(fe, "password_confirm", "Enter the same password twice");
        if (form_refused(r, fe))
            return render_user(r, 400, username, fe, NULL);
        fallback = "password";
        rc = account_set_password(r->wdb, username, pw, &mfe);
    } else if (strcmp(op, "details") == 0) {
        const char *name = field(r, "name");
        if (!*name)
            add_error(fe, "name", "Enter the person's full name");
        if (form_refused(r, fe))
            return render_user(r, 400, username, fe, NULL);
        fallback = "name";
        const char *person = field(r, "person");
        rc = account_set_details(r->wdb, username, name, *person ? person : NULL, &mfe);
    } else if (strcmp(op, "disable") == 0 && !r->ferr.n && strcmp(field(r, "confirm"), "yes")) {
        add_error(fe, "confirm", "Tick the box to confirm that you disable this account");
        return render_user(r, 400, username, fe, NULL);
    } else if ((strcmp(op, "disable") == 0 || strcmp(op, "enable") == 0) && !r->ferr.n) {
        fallback = op[0] == 'd' ? "op-disable" : "op-enable";
        rc = account_set_disabled(r->wdb, username, op[0] == 'd', &mfe);
    } else if (r->ferr.n) {
        req_refuse(r, 400, &r->ferr);
        return 0;
    } else {
        req_error(r, 400, "The form's op must be details, disable, enable, role or password.");
        return 0;
    }
    if (rc) {
        static const struct field_map map[] = {{"password", "password", "Password"},
                                               {"role", "role", "Role"},
                                               {"name", "name", "Full name"},
                                               {"person", "person", ""}};
        bool refused = model_refusal(fe, &mfe, map, sizeof map / sizeof *map, fallback);
        ferr_free(&mfe);
        return refused ? render_user(r, 400, username, fe, NULL) : wdb_failure(r);
    }
    struct buf to = BUF_INIT;
    buf_printf(&to, "/work/users/%s?done=%s", username, op); /* both checked above */
    req_redirect(r, buf_str(&to));
    buf_free(&to);
    return 0;
}

int post_user(struct req *r)
{
    struct field_errors fe = FERR_INIT;
    int rc = user_change(r, &fe);
    ferr_free(&fe);
    return rc;
}

/* ---- my account ---------------------------------------------------------------------------- */

/* Renders my account with `status`, the token form as typed, errors, banner. */
static int render_mine(struct req *r, unsigned status, const char *token_name,
                       const struct field_errors *fe, const char *done)
{
    struct account *a;
    size_t n;
    if (account_list(r->db, &a, &n))
        return req_model_error(r);
    const struct account *me = find_account(a, n, r->user->username);
    if (!me) { /* signed in a moment ago, so only a damaged file gets here */
        account_list_free(a, n);
        text_printf(r->err, sizeof r->err, "the signed-in account %s is not listed",
                    r->user->username);
        return -1;
    }
    struct api_token_info *t;
    size_t nt;
    if (api_token_list(r->db, r->user->account_id, &t, &nt)) {
        account_list_free(a, n);
        return req_model_error(r);
    }
    const char *code = req_arg(r, "done");
    if (!done && code && strcmp(code, "password") == 0)
        done = "Your password is changed; your other sessions are signed out";
    else if (!done && code && strcmp(code, "revoked") == 0)
        done = "The API token is revoked";
    struct view_my_account v = {
        .account = me,
        .tokens = t,
        .ntokens = nt,
        .done = done,
        .token_name = token_name ? token_name : "",
        .errors = fe ? fe->e : NULL,
        .nerrors = fe ? fe->n : 0,
    };
    struct view_site site = site_of(r);
    r->status = status;
    r->cache_control = "no-store";
    view_my_account(&r->out, &site, &v);
    free(t);
    account_list_free(a, n);
    return 0;
}

int page_my_account(struct req *r)
{
    return render_mine(r, 200, NULL, NULL, NULL);
}

/* Sets the session cookie to `token`, as signing in does (auth.c). */
static void set_session_cookie(struct req *r, const char *token)
{
    snprintf(r->set_cookie[0], sizeof r->set_cookie[0],
             WEB_COOKIE_SESSION "=%s; Path=%s; HttpOnly; SameSite=Lax%s", token,
             r->cfg->base[0] ? r->cfg->base : "/", r->tls ? "; Secure" : "");
}

static int my_password(struct req *r, struct field_errors *fe)
{
    const char *current = field(r, "current_password"), *pw = field(r, "new_password"),
               *again = field(r, "confirm_password");
    if (!*current)
        add_error(fe, "current_password", "Enter your current password");
    if (!*pw) {
        add_error(fe, "new_password", "Enter a new password");
    } else if (strlen(pw) < PASSWORD_MIN) {
        char msg[80];
        snprintf(msg, sizeof msg, "The new password must be at least %d characters", PASSWORD_MIN);
        add_error(fe, "new_password", msg);
    } else if (strcmp(pw, again) != 0) {
        add_error(fe, "confirm_password", "Enter the same new password twice");
    }
    if (form_refused(r, fe))
        return render_mine(r, 400, NULL, fe, NULL);

    /* the current password is checked as signing in checks it: throttled,
     * and a failure counts against the account */
    struct session_user u;
    char token[TOKEN_HEX_LEN + 1];
    char username[USERNAME_MAX + 1];
    snprintf(username, sizeof username, "%s", r->user->username);
    switch (account_login(r->wdb, username, current, r->address, time(NULL), &u, token)) {
    case LOGIN_OK:
        if (session_end(r->wdb, token))
            return wdb_failure(r);
        break;
    case LOGIN_BAD:
        add_error(fe, "current_password", "Your current password is not right");
        return render_mine(r, 400, NULL, fe, NULL);
    case LOGIN_THROTTLED:
        add_error(fe, "current_password",
                  "Too many attempts have failed. Wait a few minutes, then try again");
        return render_mine(r, 429, NULL, fe, NULL);
    case LOGIN_ERROR:
    default:
        return wdb_failure(r);
    }
    struct field_errors mfe = FERR_INIT;
    if (account_set_password(r->wdb, username, pw, &mfe)) {
        static const struct field_map map[] = {{"password", "new_password", "The new password"}};
        bool refused = model_refusal(fe, &mfe, map, 1, "new_password");
        ferr_free(&mfe);
        return refused ? render_mine(r, 400, NULL, fe, NULL) : wdb_failure(r);
    }
    /* the change ended every session, this one too: start a new one here */
    if (account_login(r->wdb, username, pw, r->address, time(NULL), &u, token) != LOGIN_OK) {
        req_redirect(r, "/login?next=/work/account");
        return 0;
    }
    set_session_cookie(r, token);
    sodium_memzero(token, sizeof token);
    req_redirect(r, "/work/account?done=password");
    return 0;
}

int post_my_password(struct req *r)
{
    struct field_errors fe = FERR_INIT;
    int rc = my_password(r, &fe);
    ferr_free(&fe);
    return rc;
}

static int my_token(struct req *r, struct field_errors *fe)
{
    const char *name = field(r, "token_name");
    if (!*name)
        add_error(fe, "token_name", "Enter a name for the token");
    if (form_refused(r, fe))
        return render_mine(r, 400, name, fe, NULL);
    char token[TOKEN_HEX_LEN + 1];
    struct field_errors mfe = FERR_INIT;
    if (api_token_create(r->wdb, r->user->account_id, name, token, &mfe) < 0) {
        static const struct field_map map[] = {{"name", "token_name", "The token's name"}};
        bool refused = model_refusal(fe, &mfe, map, 1, "token_name");
        ferr_free(&mfe);
        return refused ? render_mine(r, 400, name, fe, NULL) : wdb_failure(r);
    }
    struct view_site site = site_of(r);
    r->status = 200;
    r->cache_control = "no-store";
    view_token_created(&r->out, &site, name, token);
    sodium_memzero(token, sizeof token);
    return 0;
}

int post_my_token(struct req *r)
{
    struct field_errors fe = FERR_INIT;
    int rc = my_token(r, &fe);
    ferr_free(&fe);
    return rc;
}

int post_my_token_revoke(struct req *r)
{
    int rc = api_token_revoke(r->wdb, r->user->account_id, req_id(r, "id"));
    if (rc < 0)
        return wdb_failure(r);
    if (rc == 1) {
        req_error(r, 404, "You have no live API token with that number. My account lists yours.");
        return 0;
    }
    req_redirect(r, "/work/account?done=revoked");
    return 0;
}

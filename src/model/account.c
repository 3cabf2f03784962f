/* account.c — accounts, passwords, sessions, sign-in throttling, API tokens.
 *
 * Account and API-token rows go through the ledger (their state objects hold
 * every column, the argon2id string and the token's SHA-256 included: never
 * the secret).  Sessions and failures are plain rows (sql/005 says why).
 * Argon2id is slow on purpose, so passwords are hashed before a transaction
 * begins: the write lock is never held for the length of a hash. */
#include "model/limits.h"
#include "lib/text.h"
#include "model/account.h"
#include "lib/buf.h"
#include "lib/hash.h"
#include "model/ledger.h"
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOKEN_BYTES    32  /* 256 random bits */
#define SEEN_STEP_S    60  /* seen_at moves on only when older than this */
#define NAME_MAX_LEN   255 /* bytes of an account's display name (session_user.name) */
#define TOKEN_NAME_MAX 127 /* bytes of an API token's name (api_token_info.name) */

void account_free(struct account *a)
{
    if (!a)
        return;
    free(a->username);
    free(a->name);
    free(a->person_ref);
}

void account_list_free(struct account *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++)
        account_free(&a[i]);
    free(a);
}

/* ---- small helpers ------------------------------------------------------------------ */

static int fail(struct db *db, const char *msg)
{
    snprintf(db->err, sizeof db->err, "%s", msg);
    return -1;
}

/* Adds a refusal of `field` to fe (a mistake of the caller's, not a failure:
 * db->err is left alone).  Returns -1. */
static int refuse(struct field_errors *fe, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int refuse(struct field_errors *fe, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ferr_vadd(fe, field, fmt, ap);
    va_end(ap);
    return -1;
}

static bool username_ok(const char *u)
{
    size_t n = u ? strlen(u) : 0;
    if (n < 1 || n > USERNAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* Refuses (fe) a password that does not fit the rules; returns -1 then, else 0. */
static int password_check(struct field_errors *fe, const char *password)
{
    size_t n = password ? strlen(password) : 0;
    if (n < PASSWORD_MIN)
        return refuse(fe, "password", "must be at least %d characters", PASSWORD_MIN);
    if (n > PASSWORD_MAX)
        return refuse(fe, "password", "must be at most %d characters", PASSWORD_MAX);
    return 0;
}

/* Hashes a checked password into out (argon2id, interactive limits).  Returns
 * 0, or -1 with db->err set (out of memory, in practice). */
static int password_hash(struct db *db, const char *password, char out[crypto_pwhash_STRBYTES])
{
    if (crypto_init())
        return fail(db, "libsodium could not be initialised");
    if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return fail(db, "password: could not be hashed (out of memory)");
    return 0;
}

/* A hash no password is known to match, made once, so that signing in as an
 * unknown username costs the same time as a wrong password. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
    unsigned char pw[TOKEN_BYTES];
    if (crypto_init())
        return;
    randombytes_buf(pw, sizeof pw);
    if (crypto_pwhash_str_alg(dummy_hash, (const char *)pw, sizeof pw,
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13))
        dummy_hash[0] = '\0';
    sodium_memzero(pw, sizeof pw);
}

/* Writes a new random token (hex) into out. */
static void token_new(char out[TOKEN_HEX_LEN + 1])
{
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, TOKEN_HEX_LEN + 1, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
}

/* True when t is exactly TOKEN_HEX_LEN lowercase hex digits. */
static bool token_ok(const char *t)
{
    if (!t)
        return false;
    size_t i = 0;
    for (; t[i] && i <= TOKEN_HEX_LEN; i++)
        if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
            return false;
    return i == TOKEN_HEX_LEN;
}

/* What the database keeps of a token: the SHA-256 of its hex text. */
static void token_hash(const char *token, char out[SHA256_HEX_LEN])
{
    sha256_hex2(token, strlen(token), "", 0, out);
}

static void today(char out[DATE_LEN])
{
    date_format(date_today(), out);
}

/* Runs a statement without rows to completion and resets it.  Returns 0, or
 * -1 with db->err prefixed by `what`. */
static int step_done(struct db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    if (rc)
        db_set_error(db, what);
    sqlite3_reset(st);
    return rc;
}

/* The id of the account named `username`, 0 if none, -1 on error. */
static int64_t account_id_of(struct db *db, const char *username)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT id FROM account WHERE username = :username");
    if (!st)
        return -1;
    db_bind_text(st, ":username", username);
    int s = sqlite3_step(st);
    int64_t id = s == SQLITE_ROW ? sqlite3_column_int64(st, 0) : s == SQLITE_DONE ? 0 : -1;
    if (id < 0)
        db_set_error(db, "account");
    sqlite3_reset(st);
    return id;
}

/* Loads the state of the account named `username` (new reference), or NULL
 * with a refusal in fe (no such account) or db->err (a failure). */
static json_t *account_state(struct db *db, const char *username, struct field_errors *fe)
{
    int64_t id = account_id_of(db, username);
    if (id < 0)
        return NULL;
    if (id == 0) {
        refuse(fe, "username", "there is no account '%s'", TEXT_CLIP(username ? username : "", 64));
        return NULL;
    }
    json_t *s = ledger_row_state(db, T_ACCOUNT, id);
    if (!s)
        fail(db, "account: could not be read");
    return s;
}

/* Ends every session of the account.  Returns 0, or -1. */
static int sessions_end_all(struct db *db, int64_t account_id)
{
    sqlite3_stmt *st = db_prepare(db, "DELETE FROM session WHERE account_id = :account");
    if (!st)
        return -1;
    db_bind_int(st, ":account", account_id);
    return step_done(db, st, "session");
}

/* How many enabled administrators there are besides account `id`; -1 on error. */
static int64_t other_admins(struct db *db, int64_t id)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM account WHERE role = 'admin' AND "
                                      "disabled = 0 AND id <> :id");
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (n < 0)
        db_set_error(db, "account");
    sqlite3_reset(st);
    return n;
}

/* ---- accounts ----------------------------------------------------------------------- */

int64_t account_add(struct db *db, const char *username, const char *name, enum role role,
                    const char *person_ref, const char *password, struct field_errors *fe)
{
    ferr_free(fe);
    if (!username_ok(username))
        refuse(fe, "username", "must be 1 to 64 characters of a-z, 0-9, '.', '_' and '-'");
    if (!name || !*name)
        refuse(fe, "name", "must not be empty");
    else if (strlen(name) > NAME_MAX_LEN)
        refuse(fe, "name", "must be at most %d characters", NAME_MAX_LEN);
    else if (limits_text(name, NAME_MAX_LEN, false))
        refuse(fe, "name", "must be text (UTF-8) without control characters");
    if ((int)role < 0 || role >= ROLE__MAX)
        refuse(fe, "role", "unknown role");
    else if (role == ROLE_OWNER && !(person_ref && *person_ref))
        refuse(fe, "person",
               "an action owner must be linked to their person in the plan, or they will have no "
               "actions to update: choose who they are");
    password_check(fe, password);
    if (fe->n)
        return -1;
    char hash[crypto_pwhash_STRBYTES];
    if (password_hash(db, password, hash))
        return -1;

    if (db_begin(db))
        return -1;
    int64_t id = -1, person_id = 0;
    json_t *s = NULL;
    int64_t taken = account_id_of(db, username);
    if (taken < 0)
        goto out;
    if (taken > 0) {
        refuse(fe, "username", "'%s' is already taken", username);
        goto out;
    }
    if (person_ref && *person_ref) {
        sqlite3_stmt *st = db_prepare(db, "SELECT id FROM person WHERE ref = :ref");
        if (!st)
            goto out;
        db_bind_text(st, ":ref", person_ref);
        if (sqlite3_step(st) == SQLITE_ROW)
            person_id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (!person_id) {
            refuse(fe, "person", "the plan has no person '%s'", TEXT_CLIP(person_ref, 200));
            goto out;
        }
    }
    char on[DATE_LEN];
    today(on);
    s = json_pack("{s:n, s:s, s:s, s:s, s:o, s:s, s:i, s:s}", "id", "username", username, "name",
                  name, "role", role_code(role), "person_id",
                  person_id ? json_integer(person_id) : json_null(), "pw_hash", hash, "disabled", 0,
                  "created_on", on);
    if (!s) {
        refuse(fe, "name", "is not valid UTF-8");
        goto out;
    }
    id = ledger_put(db, T_ACCOUNT, s, 0);
    if (id >= 0 && db_commit(db))
        id = -1;
out:
    if (id < 0)
        db_rollback(db);
    json_decref(s);
    sodium_memzero(hash, sizeof hash);
    return id;
}

/* Loads the account's state, lets `change` edit it, writes it and, if
 * `end_sessions`, ends the account's sessions; one transaction.  `change`
 * returns 0, or -1 with a refusal in fe (or db->err set on a failure). */
static int account_change(struct db *db, const char *username,
                          int (*change)(struct db *, json_t *, const void *, struct field_errors *),
                          const void *arg, bool end_sessions, struct field_errors *fe)
{
    if (db_begin(db))
        return -1;
    int rc = -1;
    json_t *s = account_state(db, username, fe);
    if (!s || change(db, s, arg, fe))
        goto out;
    int64_t id = json_integer_value(json_object_get(s, "id"));
    if (ledger_put(db, T_ACCOUNT, s, 1) < 0)
        goto out;
    if (end_sessions && sessions_end_all(db, id))
        goto out;
    rc = db_commit(db);
out:
    if (rc)
        db_rollback(db);
    json_decref(s);
    return rc;
}

static int change_password(struct db *db, json_t *s, const void *arg, struct field_errors *fe)
{
    json_object_set_new(s, "pw_hash", json_string(arg));
    return 0;
}

int account_set_password(struct db *db, const char *username, const char *password,
                         struct field_errors *fe)
{
    ferr_free(fe);
    if (password_check(fe, password))
        return -1;
    char hash[crypto_pwhash_STRBYTES];
    if (password_hash(db, password, hash))
        return -1;
    int rc = account_change(db, username, change_password, hash, true, fe);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

/* Refuses to leave the organisation without an enabled administrator. */
static int keep_an_admin(struct db *db, json_t *s, struct field_errors *fe)
{
    const char *role = json_string_value(json_object_get(s, "role"));
    if (!role || strcmp(role, "admin") != 0 || json_integer_value(json_object_get(s, "disabled")))
        return 0;
    int64_t others = other_admins(db, json_integer_value(json_object_get(s, "id")));
    if (others < 0)
        return -1;
    if (others == 0)
        return refuse(fe, "username", "'%s' is the last enabled administrator; add another first",
                      TEXT_CLIP(json_string_value(json_object_get(s, "username")), 64));
    return 0;
}

static int change_disabled(struct db *db, json_t *s, const void *arg, struct field_errors *fe)
{
    bool disabled = *(const bool *)arg;
    if (disabled && keep_an_admin(db, s, fe))
        return -1;
    json_object_set_new(s, "disabled", json_integer(disabled));
    return 0;
}

int account_set_disabled(struct db *db, const char *username, bool disabled,
                         struct field_errors *fe)
{
    ferr_free(fe);
    return account_change(db, username, change_disabled, &disabled, disabled, fe);
}

static int change_role(struct db *db, json_t *s, const void *arg, struct field_errors *fe)
{
    enum role role = *(const enum role *)arg;
    if (role != ROLE_ADMIN && keep_an_admin(db, s, fe))
        return -1;
    if (role == ROLE_OWNER && json_is_null(json_object_get(s, "person_id")))
        return refuse(fe, "role",
                      "cannot be Action owner for an account with no person in the plan: choose "
                      "who they are under Name and person first");
    json_object_set_new(s, "role", json_string(role_code(role)));
    return 0;
}

/* The name and person an account is to have (change_details). */
struct account_details {
    const char *name, *person_ref;
};

static int change_details(struct db *db, json_t *s, const void *arg, struct field_errors *fe)
{
    const struct account_details *d = arg;
    int64_t person_id = 0;
    if (d->person_ref && *d->person_ref) {
        sqlite3_stmt *st = db_prepare(db, "SELECT id FROM person WHERE ref = :ref");
        if (!st)
            return -1;
        db_bind_text(st, ":ref", d->person_ref);
        int r = db_step(db, st, "reading the person");
        person_id = r > 0 ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (r < 0)
            return -1;
        if (!person_id)
            return refuse(fe, "person", "the plan has no person '%s'",
                          TEXT_CLIP(d->person_ref, 200));
    }
    const char *role = json_string_value(json_object_get(s, "role"));
    if (!person_id && role && strcmp(role, "owner") == 0)
        return refuse(fe, "person",
                      "an action owner must be linked to their person in the plan, or they "
                      "will have no actions to update: choose who they are");
    json_object_set_new(s, "name", json_string(d->name));
    json_object_set_new(s, "person_id", person_id ? json_integer(person_id) : json_null());
    return 0;
}

int account_set_details(struct db *db, const char *username, const char *name,
                        const char *person_ref, struct field_errors *fe)
{
    ferr_free(fe);
    if (!name || !*name)
        return refuse(fe, "name", "must not be empty");
    if (strlen(name) > NAME_MAX_LEN)
        return refuse(fe, "name", "must be at most %d characters", NAME_MAX_LEN);
    if (limits_text(name, NAME_MAX_LEN, false))
        return refuse(fe, "name", "must be text (UTF-8) without control characters");
    struct account_details d = {name, person_ref};
    /* a new person changes whose actions the account updates: its sessions end */
    return account_change(db, username, change_details, &d, true, fe);
}

int account_set_role(struct db *db, const char *username, enum role role, struct field_errors *fe)
{
    ferr_free(fe);
    if ((int)role < 0 || role >= ROLE__MAX)
        return refuse(fe, "role", "unknown role");
    return account_change(db, username, change_role, &role, false, fe);
}

int account_list(struct db *db, struct account **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st =
        db_prepare(db, "SELECT a.id, a.username, a.name, a.role, a.person_id, p.ref, a.disabled, "
                       "a.created_on FROM account a LEFT JOIN person p ON p.id = a.person_id "
                       "ORDER BY a.username");
    if (!st)
        return -1;
    struct account *v = NULL;
    size_t cnt = 0, cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        v = xgrow(v, cnt, &cap, sizeof *v);
        struct account *a = &v[cnt++];
        int role = role_parse(db_col_text(st, 3));
        *a = (struct account){
            .id = sqlite3_column_int64(st, 0),
            .username = xstrdup(db_col_text(st, 1)),
            .name = xstrdup(db_col_text(st, 2)),
            .role = role < 0 ? ROLE_VIEWER : (enum role)role,
            .person_id = sqlite3_column_int64(st, 4),
            .person_ref =
                sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : xstrdup(db_col_text(st, 5)),
            .disabled = sqlite3_column_int(st, 6) != 0,
        };
        snprintf(a->created_on, sizeof a->created_on, "%s", db_col_text(st, 7));
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE) {
        db_set_error(db, "account");
        account_list_free(v, cnt);
        return -1;
    }
    *out = v;
    *n = cnt;
    return 0;
}

int account_people(struct db *db, struct account_person **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT ref, name FROM person ORDER BY name, ref");
    if (!st)
        return -1;
    struct account_person *v = NULL;
    size_t cnt = 0, cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        v = xgrow(v, cnt, &cap, sizeof *v);
        snprintf(v[cnt].ref, sizeof v[cnt].ref, "%s", db_col_text(st, 0));
        snprintf(v[cnt].name, sizeof v[cnt].name, "%s", db_col_text(st, 1));
        cnt++;
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE) {
        db_set_error(db, "person");
        free(v);
        return -1;
    }
    *out = v;
    *n = cnt;
    return 0;
}

/* ---- signing in --------------------------------------------------------------------- */

/* Fills the account part of *out from columns first.. of st: id, username,
 * name, role, person_id. */
static void user_fill(struct session_user *out, sqlite3_stmt *st, int first)
{
    int role = role_parse(db_col_text(st, first + 3));
    out->account_id = sqlite3_column_int64(st, first);
    snprintf(out->username, sizeof out->username, "%s", db_col_text(st, first + 1));
    snprintf(out->name, sizeof out->name, "%s", db_col_text(st, first + 2));
    out->role = role < 0 ? ROLE_VIEWER : (enum role)role;
    out->person_id = sqlite3_column_int64(st, first + 4);
}

/* Failures since `since` of `username` from `address` (*pair, the latest at
 * *last, 0 if none) and of any username from `address` (*any).  Returns 0, or
 * -1 (db->err). */
static int failures(struct db *db, const char *username, const char *address, time_t since,
                    int64_t *pair, int64_t *last, int64_t *any)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*), coalesce(max(at), 0) FROM login_failure "
                                      "WHERE username = :username AND address = :address "
                                      "AND at > :since");
    if (!st)
        return -1;
    db_bind_text(st, ":username", username);
    db_bind_text(st, ":address", address);
    db_bind_int(st, ":since", (int64_t)since);
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    *pair = ok ? sqlite3_column_int64(st, 0) : 0;
    *last = ok ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_reset(st);
    if (ok && !(st = db_prepare(db, "SELECT count(*) FROM login_failure "
                                    "WHERE address = :address AND at > :since")))
        return -1;
    if (ok) {
        db_bind_text(st, ":address", address);
        db_bind_int(st, ":since", (int64_t)since);
        ok = sqlite3_step(st) == SQLITE_ROW;
        *any = ok ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
    }
    if (!ok)
        db_set_error(db, "login_failure");
    return ok ? 0 : -1;
}

/* The seconds the pair must wait after its last failure, having failed n
 * times in the window: none for the first LOGIN_FREE_TRIES, then
 * LOGIN_DELAY_S, doubling, up to LOGIN_DELAY_MAX_S. */
static int64_t pair_delay(int64_t n)
{
    if (n < LOGIN_FREE_TRIES)
        return 0;
    int64_t d = LOGIN_DELAY_S;
    for (int64_t k = LOGIN_FREE_TRIES; k < n && d < LOGIN_DELAY_MAX_S; k++)
        d *= 2;
    return d < LOGIN_DELAY_MAX_S ? d : LOGIN_DELAY_MAX_S;
}

/* Records one failed sign-in and forgets those past the window. */
static int failure_record(struct db *db, const char *username, const char *address, time_t now)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO login_failure (username, address, at) "
                                      "VALUES (:username, :address, :at)");
    if (!st)
        return -1;
    db_bind_text(st, ":username", username);
    db_bind_text(st, ":address", address);
    db_bind_int(st, ":at", (int64_t)now);
    if (step_done(db, st, "login_failure"))
        return -1;
    st = db_prepare(db, "DELETE FROM login_failure WHERE at <= :before");
    if (!st)
        return -1;
    db_bind_int(st, ":before", (int64_t)(now - LOGIN_WINDOW_S));
    return step_done(db, st, "login_failure");
}

/* Starts a session for out->account_id: its own transaction, which also
 * clears the failures of this username from this address (not those from
 * elsewhere: a guesser's delay does not end when the owner signs in) and
 * forgets expired sessions. */
static int session_start(struct db *db, const char *address, time_t now, struct session_user *out,
                         char token[TOKEN_HEX_LEN + 1])
{
    char hash[SHA256_HEX_LEN];
    token_new(token);
    token_new(out->csrf);
    token_hash(token, hash);
    if (db_begin(db))
        return -1;
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO session (token_hash, account_id, csrf, "
                                      "created_at, seen_at, address) VALUES (:hash, :account, "
                                      ":csrf, :now, :now, :address)");
    if (!st)
        goto fail;
    db_bind_text(st, ":hash", hash);
    db_bind_int(st, ":account", out->account_id);
    db_bind_text(st, ":csrf", out->csrf);
    db_bind_int(st, ":now", (int64_t)now);
    db_bind_text(st, ":address", address);
    if (step_done(db, st, "session"))
        goto fail;
    out->session_id = sqlite3_last_insert_rowid(db->h);
    st = db_prepare(db,
                    "DELETE FROM login_failure WHERE username = :username AND address = :address");
    if (!st)
        goto fail;
    db_bind_text(st, ":username", out->username);
    db_bind_text(st, ":address", address);
    if (step_done(db, st, "login_failure"))
        goto fail;
    st = db_prepare(db, "DELETE FROM session WHERE seen_at <= :idle OR created_at <= :absolute");
    if (!st)
        goto fail;
    db_bind_int(st, ":idle", (int64_t)(now - SESSION_IDLE_S));
    db_bind_int(st, ":absolute", (int64_t)(now - SESSION_ABSOLUTE_S));
    if (step_done(db, st, "session") || db_commit(db))
        goto fail;
    return 0;
fail:
    db_rollback(db);
    sodium_memzero(token, TOKEN_HEX_LEN + 1);
    return -1;
}

enum login_result account_login(struct db *db, const char *username, const char *password,
                                const char *address, time_t now, struct session_user *out,
                                char token[TOKEN_HEX_LEN + 1])
{
    memset(out, 0, sizeof *out);
    token[0] = '\0';
    if (crypto_init()) {
        fail(db, "libsodium could not be initialised");
        return LOGIN_ERROR;
    }
    pthread_once(&dummy_once, dummy_make);
    if (!address)
        address = "";
    /* usernames are lowercase; people type "Alice" */
    char user[USERNAME_MAX + 1];
    size_t ulen = username ? strlen(username) : 0;
    bool user_ok = ulen >= 1 && ulen <= USERNAME_MAX;
    for (size_t i = 0; user_ok && i <= ulen; i++)
        user[i] = (char)tolower((unsigned char)username[i]);
    if (user_ok)
        user_ok = username_ok(user);
    /* a malformed name is counted under its first 64 bytes */
    char key[USERNAME_MAX + 1];
    snprintf(key, sizeof key, "%s", user_ok ? user : username ? username : "");

    int64_t pair, last, any;
    if (failures(db, key, address, now - LOGIN_WINDOW_S, &pair, &last, &any))
        return LOGIN_ERROR;
    if (any >= LOGIN_MAX_PER_ADDR || (int64_t)now - last < pair_delay(pair))
        return LOGIN_THROTTLED;

    char stored[crypto_pwhash_STRBYTES] = "";
    bool found = false, disabled = true;
    if (user_ok) {
        sqlite3_stmt *st = db_prepare(db, "SELECT id, username, name, role, person_id, pw_hash, "
                                          "disabled FROM account WHERE username = :username");
        if (!st)
            return LOGIN_ERROR;
        db_bind_text(st, ":username", user);
        int s = sqlite3_step(st);
        if (s == SQLITE_ROW) {
            found = true;
            user_fill(out, st, 0);
            snprintf(stored, sizeof stored, "%s", db_col_text(st, 5));
            disabled = sqlite3_column_int(st, 6) != 0;
        }
        sqlite3_reset(st);
        if (s != SQLITE_ROW && s != SQLITE_DONE) {
            db_set_error(db, "account");
            return LOGIN_ERROR;
        }
    }
    /* the same work whether or not the username exists */
    size_t plen = password ? strlen(password) : 0;
    const char *pw = password && plen <= PASSWORD_MAX ? password : "";
    bool good = crypto_pwhash_str_verify(found ? stored : dummy_hash, pw, strlen(pw)) == 0;
    good = good && found && !disabled && plen > 0 && plen <= PASSWORD_MAX;
    sodium_memzero(stored, sizeof stored);
    if (!good) {
        memset(out, 0, sizeof *out);
        return failure_record(db, key, address, now) ? LOGIN_ERROR : LOGIN_BAD;
    }
    if (session_start(db, address, now, out, token)) {
        memset(out, 0, sizeof *out);
        return LOGIN_ERROR;
    }
    return LOGIN_OK;
}

/* ---- sessions ----------------------------------------------------------------------- */

int session_find(struct db *db, const char *token, time_t now, struct session_user *out)
{
    memset(out, 0, sizeof *out);
    if (!token_ok(token))
        return 0;
    char hash[SHA256_HEX_LEN];
    token_hash(token, hash);
    sqlite3_stmt *st = db_prepare(
        db, "SELECT s.id, s.token_hash, s.csrf, s.created_at, s.seen_at, a.disabled, a.id, "
            "a.username, a.name, a.role, a.person_id FROM session s JOIN account a ON "
            "a.id = s.account_id WHERE s.token_hash = :hash");
    if (!st)
        return -1;
    db_bind_text(st, ":hash", hash);
    int s = sqlite3_step(st);
    if (s != SQLITE_ROW) {
        sqlite3_reset(st);
        if (s == SQLITE_DONE)
            return 0;
        db_set_error(db, "session");
        return -1;
    }
    int64_t id = sqlite3_column_int64(st, 0);
    bool same = sodium_memcmp(db_col_text(st, 1), hash, SHA256_HEX_LEN - 1) == 0;
    snprintf(out->csrf, sizeof out->csrf, "%s", db_col_text(st, 2));
    time_t created = (time_t)sqlite3_column_int64(st, 3),
           seen = (time_t)sqlite3_column_int64(st, 4);
    bool disabled = sqlite3_column_int(st, 5) != 0;
    user_fill(out, st, 6);
    sqlite3_reset(st);
    bool expired = now - seen > SESSION_IDLE_S || now - created > SESSION_ABSOLUTE_S;
    if (!same || expired || disabled) {
        memset(out, 0, sizeof *out);
        if (!expired || db->readonly)
            return 0;
        st = db_prepare(db, "DELETE FROM session WHERE id = :id");
        if (!st)
            return -1;
        db_bind_int(st, ":id", id);
        return step_done(db, st, "session") ? -1 : 0;
    }
    out->session_id = id;
    if (now - seen > SEEN_STEP_S && !db->readonly) {
        st = db_prepare(db, "UPDATE session SET seen_at = :now WHERE id = :id");
        if (!st)
            return -1;
        db_bind_int(st, ":now", (int64_t)now);
        db_bind_int(st, ":id", id);
        if (step_done(db, st, "session"))
            return -1;
    }
    return 1;
}

int session_end(struct db *db, const char *token)
{
    if (!token_ok(token))
        return 0;
    char hash[SHA256_HEX_LEN];
    token_hash(token, hash);
    sqlite3_stmt *st = db_prepare(db, "DELETE FROM session WHERE token_hash = :hash");
    if (!st)
        return -1;
    db_bind_text(st, ":hash", hash);
    return step_done(db, st, "session");
}

/* ---- API tokens --------------------------------------------------------------------- */

int64_t api_token_create(struct db *db, int64_t account_id, const char *name,
                         char token[TOKEN_HEX_LEN + 1], struct field_errors *fe)
{
    token[0] = '\0';
    ferr_free(fe);
    if (!name || !*name)
        return refuse(fe, "name", "must not be empty");
    if (strlen(name) > TOKEN_NAME_MAX)
        return refuse(fe, "name", "must be at most %d characters", TOKEN_NAME_MAX);
    if (limits_text(name, TOKEN_NAME_MAX, false))
        return refuse(fe, "name", "must be text (UTF-8) without control characters");
    if (crypto_init()) {
        fail(db, "libsodium could not be initialised");
        return -1;
    }
    char raw[TOKEN_HEX_LEN + 1], hash[SHA256_HEX_LEN], on[DATE_LEN];
    token_new(raw);
    token_hash(raw, hash);
    today(on);
    if (db_begin(db))
        return -1;
    int64_t id = -1;
    json_t *s = NULL;
    sqlite3_stmt *st = db_prepare(db, "SELECT disabled FROM account WHERE id = :id");
    if (!st)
        goto out;
    db_bind_int(st, ":id", account_id);
    int r = sqlite3_step(st);
    int disabled = r == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    if (disabled != 0) {
        refuse(fe, "account", "%s", disabled > 0 ? "is disabled" : "no such account");
        goto out;
    }
    s = json_pack("{s:n, s:I, s:s, s:s, s:s, s:n}", "id", "account_id", (json_int_t)account_id,
                  "name", name, "token_hash", hash, "created_on", on, "revoked_on");
    if (!s) {
        refuse(fe, "name", "is not valid UTF-8");
        goto out;
    }
    id = ledger_put(db, T_API_TOKEN, s, 0);
    if (id >= 0 && db_commit(db))
        id = -1;
out:
    if (id < 0) {
        db_rollback(db);
    } else {
        memcpy(token, raw, sizeof raw);
    }
    sodium_memzero(raw, sizeof raw);
    json_decref(s);
    return id;
}

int api_token_find(struct db *db, const char *token, struct session_user *out)
{
    memset(out, 0, sizeof *out);
    if (!token_ok(token))
        return 0;
    char hash[SHA256_HEX_LEN];
    token_hash(token, hash);
    sqlite3_stmt *st =
        db_prepare(db, "SELECT t.token_hash, a.id, a.username, a.name, a.role, a.person_id "
                       "FROM api_token t JOIN account a ON a.id = t.account_id "
                       "WHERE t.token_hash = :hash AND t.revoked_on IS NULL AND a.disabled = 0");
    if (!st)
        return -1;
    db_bind_text(st, ":hash", hash);
    int s = sqlite3_step(st);
    int found = 0;
    if (s == SQLITE_ROW && sodium_memcmp(db_col_text(st, 0), hash, SHA256_HEX_LEN - 1) == 0) {
        user_fill(out, st, 1);
        out->via_token = true;
        found = 1;
    } else if (s != SQLITE_ROW && s != SQLITE_DONE) {
        db_set_error(db, "api_token");
        found = -1;
    }
    sqlite3_reset(st);
    return found;
}

int api_token_revoke(struct db *db, int64_t account_id, int64_t id)
{
    if (db_begin(db))
        return -1;
    int rc = -1;
    json_t *s = NULL;
    sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM api_token WHERE id = :id AND account_id = "
                                      ":account AND revoked_on IS NULL");
    if (!st)
        goto out;
    db_bind_int(st, ":id", id);
    db_bind_int(st, ":account", account_id);
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r == SQLITE_DONE) {
        rc = 1;
        goto out;
    }
    if (r != SQLITE_ROW) {
        db_set_error(db, "api_token");
        goto out;
    }
    s = ledger_row_state(db, T_API_TOKEN, id);
    if (!s) {
        fail(db, "api_token: could not be read");
        goto out;
    }
    char on[DATE_LEN];
    today(on);
    json_object_set_new(s, "revoked_on", json_string(on));
    if (ledger_put(db, T_API_TOKEN, s, 0) < 0)
        goto out;
    rc = db_commit(db);
out:
    if (rc)
        db_rollback(db);
    json_decref(s);
    return rc;
}

int api_token_list(struct db *db, int64_t account_id, struct api_token_info **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT id, name, created_on, revoked_on FROM api_token "
                                      "WHERE account_id = :account ORDER BY id DESC");
    if (!st)
        return -1;
    db_bind_int(st, ":account", account_id);
    struct api_token_info *v = NULL;
    size_t cnt = 0, cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        v = xgrow(v, cnt, &cap, sizeof *v);
        struct api_token_info *t = &v[cnt++];
        t->id = sqlite3_column_int64(st, 0);
        snprintf(t->name, sizeof t->name, "%s", db_col_text(st, 1));
        snprintf(t->created_on, sizeof t->created_on, "%s", db_col_text(st, 2));
        snprintf(t->revoked_on, sizeof t->revoked_on, "%s", db_col_text(st, 3));
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE) {
        db_set_error(db, "api_token");
        free(v);
        return -1;
    }
    *out = v;
    *n = cnt;
    return 0;
}

/* test_account.c — accounts, sign-in, sessions, throttling and API tokens:
 * what a person signing in notices (let in, refused, slowed down, signed
 * out), what an administrator notices (refusals naming the field), and what
 * an auditor notices (secrets never stored, the ledger still verifies). */
#include "lib/hash.h"
#include "model/account.h"
#include "model/ledger.h"
#include "testdb.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *plan_doc =
    "{\"format\": \"dialturn-plan/1\","
    " \"organisation\": {\"name\": \"Test Council\", \"slug\": \"test\","
    "   \"timezone\": \"Europe/London\", \"rating_scale\": \"confidence3\"},"
    " \"people\": ["
    "  {\"ref\": \"ceo\", \"name\": \"Chief Executive\", \"role\": \"CE\", \"kind\": \"officer\"},"
    "  {\"ref\": \"dcs\", \"name\": \"Director\", \"role\": \"DCS\", \"kind\": \"officer\"}]}";

#define PW     "correct horse battery"
#define T0     ((time_t)1430000000) /* a fixed "now" for sessions and failures */
#define ADDR   "192.0.2.1"
#define ADDR_2 "198.51.100.7"

static char path[64];
static struct db *db;

static void setup(void)
{
    cr_assert_eq(crypto_init(), 0);
    testdb_path(path, sizeof path, "account");
    db = testdb_create(path, plan_doc);
    db_set_actor(db, "test");
}

/* The refusals of the last write (model/account.h). */
static struct field_errors fe = FERR_INIT;

static void teardown(void)
{
    ferr_free(&fe);
    testdb_close(db, path);
}

TestSuite(account, .init = setup, .fini = teardown, .timeout = 120);

static int64_t add(const char *username, enum role role, const char *person)
{
    int64_t id = account_add(db, username, "Some One", role, person, PW, &fe);
    cr_assert_gt(id, 0, "adding %s: %s", username, db->err);
    return id;
}

/* Signs in and asserts the result; fills u and token. */
static void login_expect(const char *user, const char *pw, const char *addr, time_t now,
                         enum login_result want, struct session_user *u, char *token)
{
    enum login_result got = account_login(db, user, pw, addr, now, u, token);
    cr_assert_eq(got, want, "login %s: got %d, want %d (%s)", user, got, want, db->err);
}

static int64_t count(const char *sql)
{
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK, "%s", sql);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* The last write was refused with one problem, naming `field`. */
static void assert_err_names(const char *field)
{
    cr_assert_eq(fe.n, 1, "one refusal expected, got %zu (db: %s)", fe.n, db->err);
    cr_assert_str_eq(fe.e[0].field, field, "the refusal should name %s: %s: %s", field,
                     fe.e[0].field, fe.e[0].message);
}

Test(account, add_then_list_by_username)
{
    add("zoe", ROLE_PMO, NULL);
    int64_t id = add("amir.k", ROLE_OWNER, "dcs");
    struct account *a;
    size_t n;
    cr_assert_eq(account_list(db, &a, &n), 0, "%s", db->err);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(a[0].username, "amir.k");
    cr_assert_eq(a[0].id, id);
    cr_assert_eq(a[0].role, ROLE_OWNER);
    cr_assert_str_eq(a[0].person_ref, "dcs");
    cr_assert_gt(a[0].person_id, 0);
    cr_assert_not(a[0].disabled);
    cr_assert_eq(strlen(a[0].created_on), 10);
    cr_assert_str_eq(a[1].username, "zoe");
    cr_assert_null(a[1].person_ref);
    cr_assert_eq(a[1].person_id, 0);
    cr_assert_eq(a[1].role, ROLE_PMO);
    account_list_free(a, n);
}

Test(account, add_refuses_bad_input_naming_the_field)
{
    add("taken", ROLE_VIEWER, NULL);
    static const char *bad_names[] = {
        "",       "Alice", "al ice",
        "al/ice", "ålice", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        cr_assert_eq(account_add(db, bad_names[i], "N", ROLE_VIEWER, NULL, PW, &fe), -1, "%s",
                     bad_names[i]);
        assert_err_names("username");
    }
    cr_assert_eq(account_add(db, "taken", "N", ROLE_VIEWER, NULL, PW, &fe), -1);
    assert_err_names("username");
    cr_assert(strstr(ferr_first(&fe), "taken"), "%s", ferr_first(&fe));
    cr_assert_eq(account_add(db, "bob", "", ROLE_VIEWER, NULL, PW, &fe), -1);
    assert_err_names("name");
    cr_assert_eq(account_add(db, "bob", "Bob", ROLE_VIEWER, NULL, "short", &fe), -1);
    assert_err_names("password");
    cr_assert_eq(account_add(db, "bob", "Bob", ROLE_VIEWER, NULL, NULL, &fe), -1);
    assert_err_names("password");
    cr_assert_eq(account_add(db, "bob", "Bob", ROLE_VIEWER, "nobody", PW, &fe), -1);
    assert_err_names("person");
    cr_assert(strstr(ferr_first(&fe), "nobody"), "%s", ferr_first(&fe));
    cr_assert_eq(account_add(db, "bob", "Bob", ROLE_OWNER, NULL, PW, &fe), -1,
                 "an action owner needs their person");
    cr_assert_not_null(ferr_find(&fe, "person"), "%s", ferr_first(&fe));
    cr_assert_eq(account_add(db, "bob", "Bob", (enum role)ROLE__MAX, NULL, PW, &fe), -1);
    assert_err_names("role");
    /* the longest name allowed is 64 */
    add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ROLE_VIEWER, NULL);
    cr_assert_eq(count("SELECT count(*) FROM account"), 2, "nothing half-added");
}

Test(account, login_starts_a_session_that_session_find_finds)
{
    int64_t id = add("ann", ROLE_PMO, "ceo");
    struct session_user u, f;
    char token[TOKEN_HEX_LEN + 1];
    login_expect("ann", PW, ADDR, T0, LOGIN_OK, &u, token);
    cr_assert_eq(strlen(token), TOKEN_HEX_LEN);
    cr_assert_eq(strlen(u.csrf), TOKEN_HEX_LEN);
    cr_assert_eq(u.account_id, id);
    cr_assert_str_eq(u.username, "ann");
    cr_assert_eq(u.role, ROLE_PMO);
    cr_assert_gt(u.person_id, 0);
    cr_assert_gt(u.session_id, 0);
    cr_assert_not(u.via_token);
    cr_assert_eq(session_find(db, token, T0 + 10, &f), 1, "%s", db->err);
    cr_assert_eq(f.account_id, id);
    cr_assert_eq(f.session_id, u.session_id);
    cr_assert_str_eq(f.csrf, u.csrf);
    cr_assert_str_eq(f.name, "Some One");
    /* a typed capital is forgiven: usernames are lowercase */
    char t2[TOKEN_HEX_LEN + 1];
    login_expect("Ann", PW, ADDR, T0, LOGIN_OK, &u, t2);
    cr_assert_str_neq(t2, token, "each sign-in gets its own token");
}

Test(account, wrong_password_unknown_user_and_disabled_are_all_bad)
{
    add("ann", ROLE_PMO, NULL);
    add("admin", ROLE_ADMIN, NULL);
    struct session_user u;
    char token[TOKEN_HEX_LEN + 1];
    login_expect("ann", "wrong password!", ADDR, T0, LOGIN_BAD, &u, token);
    cr_assert_str_eq(token, "");
    cr_assert_eq(u.account_id, 0);
    cr_assert_eq(count("SELECT count(*) FROM login_failure WHERE username = 'ann'"), 1);
    login_expect("nobody", PW, ADDR, T0, LOGIN_BAD, &u, token);
    login_expect("", PW, ADDR, T0, LOGIN_BAD, &u, token);
    login_expect("ann", "", ADDR, T0, LOGIN_BAD, &u, token);
    cr_assert_eq(account_set_disabled(db, "ann", true, &fe), 0, "%s", db->err);
    login_expect("ann", PW, ADDR, T0, LOGIN_BAD, &u, token);
    cr_assert_eq(count("SELECT count(*) FROM login_failure"), 5);
    cr_assert_eq(account_set_disabled(db, "ann", false, &fe), 0, "%s", db->err);
    login_expect("ann", PW, ADDR_2, T0, LOGIN_OK, &u, token);
}

Test(account, failures_elsewhere_never_keep_the_right_password_out)
{
    add("ann", ROLE_PMO, NULL);
    add("bob", ROLE_PMO, NULL);
    struct session_user u;
    char token[TOKEN_HEX_LEN + 1];
    for (int i = 0; i < LOGIN_FREE_TRIES; i++)
        login_expect("ann", "wrong password!", ADDR_2, T0 + i, LOGIN_BAD, &u, token);
    /* from the guessing address, even the right password waits out the delay */
    login_expect("ann", PW, ADDR_2, T0 + 10, LOGIN_THROTTLED, &u, token);
    cr_assert_str_eq(token, "");
    /* from anywhere else it works at once, and leaves the guesser's delay alone */
    login_expect("ann", PW, ADDR, T0 + 10, LOGIN_OK, &u, token);
    login_expect("ann", "wrong password!", ADDR_2, T0 + 11, LOGIN_THROTTLED, &u, token);
    /* another account from the guessing address is not held up */
    login_expect("bob", PW, ADDR_2, T0 + 11, LOGIN_OK, &u, token);
}

Test(account, the_delay_doubles_up_to_its_cap)
{
    add("ann", ROLE_PMO, NULL);
    struct session_user u;
    char token[TOKEN_HEX_LEN + 1];
    time_t t = T0;
    for (int i = 0; i < LOGIN_FREE_TRIES; i++)
        login_expect("ann", "wrong password!", ADDR, t, LOGIN_BAD, &u, token);
    long delay = LOGIN_DELAY_S;
    for (int k = 0; k < 3; k++) {
        login_expect("ann", "wrong password!", ADDR, t + delay - 1, LOGIN_THROTTLED, &u, token);
        t += delay;
        login_expect("ann", "wrong password!", ADDR, t, LOGIN_BAD, &u, token);
        delay *= 2;
    }
    login_expect("ann", PW, ADDR, t + delay - 1, LOGIN_THROTTLED, &u, token);
    login_expect("ann", PW, ADDR, t + delay, LOGIN_OK, &u, token);
    /* the delay never exceeds its cap */
    add("cat", ROLE_PMO, NULL);
    t = T0 + 10 * LOGIN_WINDOW_S;
    for (int i = 0; i < LOGIN_FREE_TRIES; i++)
        login_expect("cat", "wrong password!", ADDR_2, t, LOGIN_BAD, &u, token);
    for (int i = 0; i < 8; i++) { /* 30 s doubled eight times would be over two hours */
        t += LOGIN_DELAY_MAX_S;
        login_expect("cat", "wrong password!", ADDR_2, t, LOGIN_BAD, &u, token);
    }
    login_expect("cat", PW, ADDR_2, t + LOGIN_DELAY_MAX_S, LOGIN_OK, &u, token);
}

Test(account, throttled_per_address)
{
    add("ann", ROLE_PMO, NULL);
    struct session_user u;
    char token[TOKEN_HEX_LEN + 1], name[32];
    for (int i = 0; i < LOGIN_MAX_PER_ADDR; i++) {
        snprintf(name, sizeof name, "guess%d", i);
        login_expect(name, "wrong password!", ADDR, T0, LOGIN_BAD, &u, token);
    }
    login_expect("ann", PW, ADDR, T0 + 1, LOGIN_THROTTLED, &u, token);
    login_expect("ann", PW, ADDR_2, T0 + 1, LOGIN_OK, &u, token);
}

Test(account, success_clears_the_username_failures)
{
    add("ann", ROLE_PMO, NULL);
    struct session_user u;
    char token[TOKEN_HEX_LEN + 1];
    for (int i = 0; i < LOGIN_FREE_TRIES - 1; i++)
        login_expect("ann", "wrong password!", ADDR, T0, LOGIN_BAD, &u, token);
    login_expect("ann", PW, ADDR, T0, LOGIN_OK, &u, token);
    cr_assert_eq(count("SELECT count(*) FROM login_failure WHERE username = 'ann'"), 0);
    for (int i = 0; i < LOGIN_FREE_TRIES - 1; i++)
        login_expect("ann", "wrong password!", ADDR, T0, LOGIN_BAD, &u, token);
    login_expect("ann", PW, ADDR, T0, LOGIN_OK, &u, token);
}

Test(account, idle_session_expires_and_is_deleted)
{
    add("ann", ROLE_PMO, NULL);
    struct session_user u, f;
    char token[TOKEN_HEX_LEN + 1];
    login_expect("ann", PW, ADDR, T0, LOGIN_OK, &u, token);
    cr_assert_eq(session_find(db, token, T0 + SESSION_IDLE_S, &f), 1, "%s", db->err);
    /* that use moved seen_at on, so the idle clock restarted */
    cr_assert_eq(session_find(db, token, T0 + 2 * SESSION_IDLE_S, &f), 1, "%s", db->err);
    cr_assert_eq(session_find(db, token, T0 + 3 * SESSION_IDLE_S + 1, &f), 0);
    cr_assert_eq(f.account_id, 0);
    cr_assert_eq(count("SELECT count(*) FROM session"), 0, "the expired session is deleted");
    cr_assert_eq(session_find(db, token, T0, &f), 0, "and stays gone");
}

Test(account, seen_at_moves_only_after_a_minute)
{
    add("ann", ROLE_PMO, NULL);
    struct session_user u, f;
    char token[TOKEN_HEX_LEN + 1];
    login_expect("ann", PW, ADDR, T0, LOGIN_OK, &u, token);
    cr_assert_eq(session_find(db, token, T0 + 60, &f), 1);
    cr_assert_eq(count("SELECT seen_at FROM session"), T0);
    cr_assert_eq(session_find(db, token, T0 + 61, &f), 1);
    cr_assert_eq(count("SELECT seen_at FROM session"), T0 + 61);
}

Test(account, absolute_expiry_ends_even_a_busy_session)
{
    add("ann", ROLE_PMO, NULL);
    struct session_user u, f;
    char token[TOKEN_HEX_LEN + 1];
    login_expect("ann", PW, ADDR, T0, LOGIN_OK, &u, token);
    time_t t = T0;
    for (; t + 3600 <= T0 + SESSION_ABSOLUTE_S; t += 3600)
        cr_assert_eq(session_find(db, token, t + 3600, &f), 1, "at +%ld", (long)(t + 3600 - T0));
    cr_assert_eq(session_find(db, token, T0 + SESSION_ABSOLUTE_S + 1, &f), 0);
    cr_assert_eq(count("SELECT count(*) FROM session"), 0);
}

Test(account, malformed_or_unknown_tokens_find_nothing)
{
    struct session_user f;
    cr_assert_eq(session_find(db, NULL, T0, &f), 0);
    cr_assert_eq(session_find(db, "", T0, &f), 0);
    cr_assert_eq(session_find(db, "abc", T0, &f), 0);
    cr_assert_eq(session_find(db, "' OR 1=1 --", T0, &f), 0);
    char t[TOKEN_HEX_LEN + 1];
    memset(t, 'a', TOKEN_HEX_LEN);
    t[TOKEN_HEX_LEN] = '\0';
    cr_assert_eq(session_find(db, t, T0, &f), 0);
    t[0] = 'A';
    cr_assert_eq(session_find(db, t, T0, &f), 0);
    cr_assert_eq(api_token_find(db, t, &f), 0);
}

Test(account, signing_out_ends_the_session)
{
    add("ann", ROLE_PMO, NULL);
    struct session_user u, f;
    char token[TOKEN_HEX_LEN + 1];
    login_expect("ann", PW, ADDR, T0, LOGIN_OK, &u, token);
    cr_assert_eq(session_end(db, token), 0, "%s", db->err);
    cr_assert_eq(session_find(db, token, T0, &f), 0);
}

Test(account, disabling_ends_sessions_and_refuses_the_account)
{
    add("ann", ROLE_PMO, NULL);
    add("admin", ROLE_ADMIN, NULL);
    struct session_user u, f;
    char token[TOKEN_HEX_LEN + 1];
    login_expect("ann", PW, ADDR, T0, LOGIN_OK, &u, token);
    cr_assert_eq(account_set_disabled(db, "ann", true, &fe), 0, "%s", db->err);
    cr_assert_eq(session_find(db, token, T0, &f), 0);
    cr_assert_eq(account_set_disabled(db, "ann", false, &fe), 0, "%s", db->err);
    cr_assert_eq(session_find(db, token, T0, &f), 0, "re-enabling does not revive a session");
    /* a session found while the account is disabled (set behind the model's back) is refused */
    login_expect("ann", PW, ADDR, T0, LOGIN_OK, &u, token);
    cr_assert_eq(sqlite3_exec(db->h, "UPDATE account SET disabled = 1 WHERE username = 'ann'", NULL,
                              NULL, NULL),
                 SQLITE_OK);
    cr_assert_eq(session_find(db, token, T0, &f), 0);
}

Test(account, new_password_ends_sessions_and_replaces_the_old)
{
    add("ann", ROLE_PMO, NULL);
    struct session_user u, f;
    char token[TOKEN_HEX_LEN + 1], t2[TOKEN_HEX_LEN + 1];
    login_expect("ann", PW, ADDR, T0, LOGIN_OK, &u, token);
    cr_assert_eq(account_set_password(db, "ann", "short", &fe), -1);
    assert_err_names("password");
    cr_assert_eq(session_find(db, token, T0, &f), 1, "a refused change changes nothing");
    cr_assert_eq(account_set_password(db, "ann", "a new long passphrase", &fe), 0, "%s", db->err);
    cr_assert_eq(session_find(db, token, T0, &f), 0);
    login_expect("ann", PW, ADDR, T0, LOGIN_BAD, &u, t2);
    login_expect("ann", "a new long passphrase", ADDR, T0, LOGIN_OK, &u, t2);
    cr_assert_eq(account_set_password(db, "nobody", "a new long passphrase", &fe), -1);
    assert_err_names("username");
}

Test(account, roles_change_but_the_last_admin_stays)
{
    add("root", ROLE_ADMIN, NULL);
    add("ann", ROLE_PMO, NULL);
    cr_assert_eq(account_set_role(db, "ann", ROLE_EXECUTIVE, &fe), 0, "%s", db->err);
    struct session_user u;
    char token[TOKEN_HEX_LEN + 1];
    login_expect("ann", PW, ADDR, T0, LOGIN_OK, &u, token);
    cr_assert_eq(u.role, ROLE_EXECUTIVE);
    cr_assert_eq(account_set_role(db, "root", ROLE_VIEWER, &fe), -1);
    assert_err_names("username");
    cr_assert(strstr(ferr_first(&fe), "last enabled administrator"), "%s", ferr_first(&fe));
    cr_assert_eq(account_set_disabled(db, "root", true, &fe), -1);
    assert_err_names("username");
    cr_assert_eq(account_set_role(db, "ann", ROLE_ADMIN, &fe), 0, "%s", db->err);
    cr_assert_eq(account_set_disabled(db, "root", true, &fe), 0, "%s", db->err);
    cr_assert_eq(account_set_role(db, "nobody", ROLE_ADMIN, &fe), -1);
    assert_err_names("username");
}

Test(account, api_tokens_create_find_list_revoke)
{
    int64_t ann = add("ann", ROLE_OWNER, "dcs");
    int64_t bob = add("bob", ROLE_PMO, NULL);
    add("root", ROLE_ADMIN, NULL);
    char tok[TOKEN_HEX_LEN + 1], tok2[TOKEN_HEX_LEN + 1];
    int64_t id = api_token_create(db, ann, "nightly import", tok, &fe);
    cr_assert_gt(id, 0, "%s", db->err);
    cr_assert_eq(strlen(tok), TOKEN_HEX_LEN);
    cr_assert_eq(api_token_create(db, ann, "", tok2, &fe), -1);
    assert_err_names("name");
    int64_t id2 = api_token_create(db, ann, "second", tok2, &fe);
    cr_assert_gt(id2, id);

    struct session_user f;
    cr_assert_eq(api_token_find(db, tok, &f), 1, "%s", db->err);
    cr_assert(f.via_token);
    cr_assert_eq(f.account_id, ann);
    cr_assert_eq(f.session_id, 0);
    cr_assert_str_eq(f.csrf, "");
    cr_assert_eq(f.role, ROLE_OWNER);
    cr_assert_str_eq(f.username, "ann");
    struct session_user s;
    cr_assert_eq(session_find(db, tok, T0, &s), 0, "an API token is not a session");

    struct api_token_info *l;
    size_t n;
    cr_assert_eq(api_token_list(db, ann, &l, &n), 0, "%s", db->err);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(l[0].name, "second", "newest first");
    cr_assert_str_eq(l[1].name, "nightly import");
    cr_assert_str_eq(l[1].revoked_on, "");
    free(l);

    cr_assert_eq(api_token_revoke(db, bob, id), 1, "not bob's to revoke");
    cr_assert_eq(api_token_find(db, tok, &f), 1);
    cr_assert_eq(api_token_revoke(db, ann, id), 0, "%s", db->err);
    cr_assert_eq(api_token_find(db, tok, &f), 0);
    cr_assert_eq(api_token_revoke(db, ann, id), 1, "already revoked");
    cr_assert_eq(api_token_list(db, ann, &l, &n), 0);
    cr_assert_eq(strlen(l[1].revoked_on), 10);
    free(l);

    /* a disabled account's tokens stop working */
    cr_assert_eq(api_token_find(db, tok2, &f), 1);
    cr_assert_eq(account_set_disabled(db, "ann", true, &fe), 0, "%s", db->err);
    cr_assert_eq(api_token_find(db, tok2, &f), 0);
    cr_assert_eq(api_token_create(db, ann, "third", tok, &fe), -1);
    assert_err_names("account");
    cr_assert_eq(account_set_disabled(db, "ann", false, &fe), 0, "%s", db->err);
    cr_assert_eq(api_token_find(db, tok2, &f), 1);
}

/* Whether the bytes of `needle` appear in the file at `p` (absent file: no). */
static bool file_holds(const char *p, const char *needle)
{
    FILE *f = fopen(p, "rb");
    if (!f)
        return false;
    struct buf b = BUF_INIT;
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, k);
    fclose(f);
    bool found = b.len >= strlen(needle) && memmem(b.data, b.len, needle, strlen(needle));
    buf_free(&b);
    return found;
}

static bool db_files_hold(const char *needle)
{
    char p[128];
    if (file_holds(path, needle))
        return true;
    snprintf(p, sizeof p, "%s-wal", path);
    return file_holds(p, needle);
}

Test(account, secrets_are_stored_hashed_and_the_ledger_verifies)
{
    int64_t ann = add("ann", ROLE_PMO, NULL);
    add("root", ROLE_ADMIN, NULL);
    struct session_user u;
    char session[TOKEN_HEX_LEN + 1], api[TOKEN_HEX_LEN + 1];
    login_expect("ann", "wrong password!", ADDR, T0, LOGIN_BAD, &u, session);
    login_expect("ann", PW, ADDR, T0, LOGIN_OK, &u, session);
    int64_t id = api_token_create(db, ann, "sync", api, &fe);
    cr_assert_gt(id, 0, "%s", db->err);
    cr_assert_eq(account_set_password(db, "ann", "another long one", &fe), 0, "%s", db->err);
    cr_assert_eq(account_set_role(db, "ann", ROLE_EXECUTIVE, &fe), 0, "%s", db->err);
    cr_assert_eq(account_set_disabled(db, "ann", true, &fe), 0, "%s", db->err);
    cr_assert_eq(account_set_disabled(db, "ann", false, &fe), 0, "%s", db->err);
    cr_assert_eq(api_token_revoke(db, ann, id), 0, "%s", db->err);
    login_expect("ann", "another long one", ADDR, T0, LOGIN_OK, &u, session);

    /* the secrets: neither token, nor either password, nor the csrf token's
     * hash standing in for it, are anywhere in the files */
    char hash[SHA256_HEX_LEN];
    sha256_hex2(api, strlen(api), "", 0, hash);
    cr_assert(db_files_hold(hash), "the token's hash is stored (the check can see the file)");
    cr_assert_not(db_files_hold(api), "raw API token in the database file");
    cr_assert_not(db_files_hold(session), "raw session token in the database file");
    cr_assert_not(db_files_hold(PW), "a password in the database file");
    cr_assert_not(db_files_hold("another long one"), "a password in the database file");
    cr_assert_eq(count("SELECT count(*) FROM account WHERE pw_hash LIKE '$argon2id$%'"), 2);

    /* accounts and tokens are in the ledger; sessions and failures are not */
    cr_assert_eq(count("SELECT count(*) FROM ledger WHERE tbl = 'account'"), 6);
    cr_assert_eq(count("SELECT count(*) FROM ledger WHERE tbl = 'api_token'"), 2);
    cr_assert_eq(count("SELECT count(*) FROM ledger WHERE tbl IN ('session', 'login_failure')"), 0);
    struct verify_result r;
    cr_assert_eq(ledger_verify(db, &r), 0, "%s", db->err);
}

Test(account, people_for_the_add_form_by_name)
{
    struct account_person *p;
    size_t n;
    cr_assert_eq(account_people(db, &p, &n), 0, "%s", db->err);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(p[0].name, "Chief Executive");
    cr_assert_str_eq(p[0].ref, "ceo");
    cr_assert_str_eq(p[1].ref, "dcs");
    free(p);
}

Test(account, every_write_connection_commits_durably)
{
    /* synchronous = FULL (2): a sign-in or a change the server answered for
     * is on disk when the commit returns */
    cr_assert_eq(count("PRAGMA synchronous"), 2);
}

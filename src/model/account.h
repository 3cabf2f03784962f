/* account.h — accounts, passwords, sign-in sessions, throttling, API tokens.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str, interactive
 * limits).  A session is a random 256-bit token held by the browser (hex, in a
 * cookie); the database keeps only its SHA-256, with the session's CSRF token
 * and its times, and forgets it after SESSION_IDLE_S without use or
 * SESSION_ABSOLUTE_S after sign-in.  API tokens are the same kind of secret,
 * shown once and stored hashed.  Failed sign-ins are counted per (username,
 * address) pair and per address over LOGIN_WINDOW_S.  After LOGIN_FREE_TRIES
 * failures of one pair, that pair must wait LOGIN_DELAY_S after its last
 * failure, doubling with each further failure up to LOGIN_DELAY_MAX_S; an
 * address with LOGIN_MAX_PER_ADDR failures over any accounts (password
 * spraying) waits out the window.  A throttled attempt is refused without
 * looking at the password.  Nothing is keyed by the account alone: failures
 * from elsewhere never keep the right password out.
 *
 * Account and API-token rows are part of the record (written through the
 * ledger, actor = db->actor); sessions and failures are not (see 005).  This
 * module knows nothing of HTTP: the web layer hands it tokens and addresses. */
#ifndef DIALTURN_ACCOUNT_H
#define DIALTURN_ACCOUNT_H
#include "lib/ferr.h"
#include "model/db.h"
#include "model/role.h"
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define SESSION_IDLE_S     (2 * 3600)  /* a session unused this long is over */
#define SESSION_ABSOLUTE_S (12 * 3600) /* and any session this long after sign-in */
#define LOGIN_WINDOW_S                                                                             \
    (60 * 60)                        /* failures older than this are forgotten: longer             \
                                        than the longest delay, so that delays grow */
#define LOGIN_FREE_TRIES   5         /* failures of one (username, address) before delays */
#define LOGIN_DELAY_S      30        /* the first delay; each further failure doubles it */
#define LOGIN_DELAY_MAX_S  (15 * 60) /* the longest delay */
#define LOGIN_MAX_PER_ADDR 20        /* failures per address, over all accounts, in the window */
#define PASSWORD_MIN       10        /* characters (bytes) in a password, at least */
#define PASSWORD_MAX       256
#define USERNAME_MAX       64
#define TOKEN_HEX_LEN      64 /* a session or API token as hex, without NUL */

/* One account as listed; strings owned (account_free). */
struct account {
    int64_t id;
    char *username; /* 1–64 of [a-z0-9._-] */
    char *name;     /* display name */
    enum role role;
    int64_t person_id; /* 0 when the account is not tied to a person of the plan */
    char *person_ref;  /* that person's ref, or NULL */
    bool disabled;
    char created_on[11]; /* YYYY-MM-DD */
};
void account_free(struct account *a);                /* frees the strings, not a */
void account_list_free(struct account *a, size_t n); /* frees the array too */

/* Who a request acts as: a signed-in session or an API token.  Plain data. */
struct session_user {
    int64_t session_id; /* 0 for an API token */
    int64_t account_id;
    int64_t person_id; /* 0 if none */
    char username[USERNAME_MAX + 1];
    char name[256];
    enum role role;
    char csrf[TOKEN_HEX_LEN + 1]; /* the session's form token; "" for an API token */
    bool via_token;               /* authenticated by an API token */
};

/* The writes below say what they refuse in `fe` (emptied first), one entry
 * per problem naming its field: "username", "name", "role", "person",
 * "password", "account".  A message is a phrase that follows the field's
 * name ("must be at least 12 characters"); the page puts its own label
 * before it, the command line prints ferr_line's "field: message".  A
 * failure (the database, libsodium) leaves fe empty and sets db->err.  Both
 * return -1. */

/* Adds an account.  `person_ref` (may be NULL) names a person of the plan.
 * Refuses a malformed or taken username, an empty name, an action owner with no
 * person, a password shorter than PASSWORD_MIN, an unknown person.  Runs its own
 * transaction.  Returns the new id, or -1. */
int64_t account_add(struct db *db, const char *username, const char *name, enum role role,
                    const char *person_ref, const char *password, struct field_errors *fe);

/* Sets a new password and ends the account's sessions.  Returns 0, or -1. */
int account_set_password(struct db *db, const char *username, const char *password,
                         struct field_errors *fe);

/* Disables (or re-enables) an account; disabling ends its sessions and stops
 * its API tokens working.  Refuses to disable the last enabled
 * administrator.  Returns 0, or -1. */
int account_set_disabled(struct db *db, const char *username, bool disabled,
                         struct field_errors *fe);

/* Changes an account's display name and the person of the plan it is tied
 * to (`person_ref` NULL or "" for none).  Refuses an empty or malformed name,
 * an unknown person, and no person for an action owner.  Ends the account's
 * sessions (who it acts for may have changed).  Returns 0, or -1. */
int account_set_details(struct db *db, const char *username, const char *name,
                        const char *person_ref, struct field_errors *fe);

/* Changes an account's role.  Refuses to take the last enabled
 * administrator's role away, and to make an account with no person an
 * action owner.  Returns 0, or -1. */
int account_set_role(struct db *db, const char *username, enum role role, struct field_errors *fe);

/* Every account, by username.  Returns 0 with a new array in *out (free with
 * account_list_free), or -1 (db->err). */
int account_list(struct db *db, struct account **out, size_t *n);

/* A person of the plan an account can be tied to (the add form's choices);
 * plain data. */
struct account_person {
    char ref[USERNAME_MAX + 1]; /* refs are 1-64 characters */
    char name[256];             /* truncated if longer */
};

/* The plan's people, by name.  Returns 0 with a new array in *out (free()),
 * or -1 (db->err). */
int account_people(struct db *db, struct account_person **out, size_t *n);

enum login_result {
    LOGIN_OK,        /* *out is filled, *token holds the new session's cookie value */
    LOGIN_BAD,       /* unknown user, wrong password or disabled: one answer for all */
    LOGIN_THROTTLED, /* too many recent failures of this username from this address, or
                        of any from this address */
    LOGIN_ERROR      /* the database failed: db->err */
};

/* Checks the throttle (see above), then the password; on success starts a
 * session (its own transaction) and clears the failures of this username from
 * this address; on failure records one.  `address` is the client's address
 * as text. */
enum login_result account_login(struct db *db, const char *username, const char *password,
                                const char *address, time_t now, struct session_user *out,
                                char token[TOKEN_HEX_LEN + 1]);

/* Finds the live session whose token is `token` (the cookie's value) and
 * fills *out.  Expired sessions are deleted; a session last seen more than a
 * minute ago has its time moved on.  Returns 1 when found, 0 when not (absent,
 * expired, account disabled, malformed token), or -1 (db->err). */
int session_find(struct db *db, const char *token, time_t now, struct session_user *out);

/* Ends the session whose token is `token` (signing out).  Returns 0, or -1. */
int session_end(struct db *db, const char *token);

/* Creates an API token for the account, named `name` (for the list).  Writes
 * the secret, which is shown once, into token.  Refuses (fe, as the writes
 * above) an empty or over-long name and a disabled account.  Returns the
 * token's id, or -1. */
int64_t api_token_create(struct db *db, int64_t account_id, const char *name,
                         char token[TOKEN_HEX_LEN + 1], struct field_errors *fe);

/* Finds the live (not revoked, account enabled) API token `token` and fills
 * *out (via_token set, csrf "").  Returns 1 found, 0 not, -1 error. */
int api_token_find(struct db *db, const char *token, struct session_user *out);

/* Revokes token `id` of account `account_id`.  Returns 0, 1 if no such live
 * token of that account, or -1 (db->err). */
int api_token_revoke(struct db *db, int64_t account_id, int64_t id);

/* One API token as listed; plain data. */
struct api_token_info {
    int64_t id;
    char name[128];
    char created_on[11];
    char revoked_on[11]; /* "" while live */
};

/* The account's tokens, newest first.  Returns 0 with a new array in *out
 * (free()), or -1 (db->err). */
int api_token_list(struct db *db, int64_t account_id, struct api_token_info **out, size_t *n);

#endif

/* mail.h — what dialturn tells people by e-mail, and the outbox it goes
 * through.
 *
 * Each event of the monthly cycle calls one mail_on_*() inside the write
 * transaction that makes the change: it renders the messages (plain text and
 * HTML, links absolute from the configured base URL) and queues them in
 * `mail_outbox`, so the mails exist exactly when the change does.  A worker
 * (mail_send.h) sends them later.  Staff are mailed at the address they gave
 * (mail_address), unless they muted that kind of mail; anyone may follow an
 * action, a theme, the reports or the meetings (mail_subscription), confirmed
 * by a link before anything is sent, and only about signed-off, public
 * things: a month's accepted updates once it is signed off.
 *
 * The outbox, addresses and subscriptions are operational data, like the
 * sessions: they are not in the ledger, and `verify` checks only their
 * schema. */
#ifndef DIALTURN_MAIL_H
#define DIALTURN_MAIL_H
#include "lib/date.h"
#include "model/db.h"
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The kinds of mail; staff may mute each of the first MAIL_STAFF_KINDS. */
enum mail_kind {
    MAIL_DUE,        /* a month opened: your updates are due */
    MAIL_REMINDER,   /* the deadline is near and your updates are not in */
    MAIL_RETURNED,   /* your update was returned, with the comment */
    MAIL_ACCEPTED,   /* your update was accepted */
    MAIL_CHASE,      /* (programme office) who has not submitted by the deadline */
    MAIL_VERSION,    /* a plan version awaits your approval or sign-off */
    MAIL_CLOSURE,    /* a closure proposal awaits your decision */
    MAIL_SIGNED_OFF, /* the month was signed off */
    MAIL_STAFF_KINDS,
    MAIL_CONFIRM = MAIL_STAFF_KINDS, /* confirm a subscription */
    MAIL_FOLLOW,                     /* to a subscriber: what was published */
    MAIL__KINDS
};

/* The kind's code ("due"), as stored in mail_outbox.kind; static. */
const char *mail_kind_code(enum mail_kind k);
/* What it is, for people ("Updates due when a month opens"); static. */
const char *mail_kind_label(enum mail_kind k);

#define MAIL_TEXT_MAX 512 /* bytes of a setting's value */

/* The organisation's mail settings (the one row of mail_setting). */
struct mail_settings {
    char relay[MAIL_TEXT_MAX];         /* smtp:// URL; "" sends nothing */
    char user[MAIL_TEXT_MAX];          /* "" for none */
    char password_file[MAIL_TEXT_MAX]; /* read when sending */
    char sender[MAIL_TEXT_MAX];        /* From: address; "" means dialturn@ the base's host */
    char base_url[MAIL_TEXT_MAX];      /* "https://plan.example.org", no trailing slash */
    int deadline_day;                  /* updates of month M are due on this day of M+1 */
    int reminder_days;                 /* owners are reminded this many days before */
};

/* Reads the settings.  Returns 0, or -1 with db->err set. */
int mail_settings_get(struct db *db, struct mail_settings *out);

/* Writes the settings, after checking them (the relay's scheme, the
 * addresses, the base URL's scheme, the days' ranges).  Runs its own
 * transaction.  Returns 0, or -1 with db->err set (naming the setting). */
int mail_settings_put(struct db *db, const struct mail_settings *s);

/* The date on which month `month`'s updates are due under s. */
day_t mail_deadline(const struct mail_settings *s, int month);

/* --- each account's address and choices ----------------------------------------- */

struct mail_prefs {
    char address[256]; /* "" when none given */
    unsigned muted;    /* bit (1u << kind) for each muted kind */
};

/* Reads account_id's address and choices (empty when none).  Returns 0, or -1. */
int mail_prefs_get(struct db *db, int64_t account_id, struct mail_prefs *out);

/* Sets them; an empty address removes the account from every mail.  Refuses
 * an invalid address (returns 1 with db->err saying why).  Runs its own
 * transaction.  Returns 0, 1, or -1 on a database failure. */
int mail_prefs_put(struct db *db, int64_t account_id, const struct mail_prefs *p);

/* --- subscriptions ---------------------------------------------------------------- */

#define MAIL_TOPIC_MAX 80 /* bytes of a topic */

/* Whether `topic` is one people can follow ("reports", "meetings",
 * "action:REF", "theme:REF" of an action or theme that exists), with its name
 * for people in `title` ("Action A1: Adopt the constitution").  Returns 1, 0
 * when it is not, -1 on a database failure. */
int mail_topic_check(struct db *db, const char *topic, char *title, size_t size);

/* Asks for `address` to follow `topic`: creates (or renews, if it was
 * unsubscribed or never confirmed) the subscription and queues the mail with
 * its confirmation link; an address that already follows the topic is sent
 * nothing (the answer to the person is the same, so the form tells no one
 * who follows what).  Runs its own transaction.  Returns 0, 1 when the
 * address or topic is invalid (db->err says which), -1 on failure. */
int mail_follow(struct db *db, const char *address, const char *topic, time_t now);

/* Confirms the subscription of `token` (from the confirmation link).
 * Returns 1 when confirmed (or already), 0 when no subscription has this
 * token, -1 on failure.  Copies its topic's name into title. */
int mail_confirm(struct db *db, const char *token, time_t now, char *title, size_t size);

/* Ends the subscription of `token`.  Returns 1 when it ended (or had), 0 when
 * no subscription has this token, -1 on failure. */
int mail_unsubscribe(struct db *db, const char *token, time_t now, char *title, size_t size);

/* Looks up the subscription of `token` without changing it: 1 and its
 * topic's name when found, 0 when not, -1 on failure. */
int mail_token_find(struct db *db, const char *token, char *title, size_t size);

/* --- events: each queues its mails inside the caller's transaction ------------- */

/* Month `month` ("2015-04") opened: each owner of actions still to deliver is
 * told which updates are due, and by when.  Returns 0, or -1 with db->err. */
int mail_on_period_open(struct db *db, const char *month);

/* Update `update_id` was accepted or returned (with `comment`): its action's
 * owner is told.  Returns 0, or -1. */
int mail_on_review(struct db *db, int64_t update_id, bool accept, const char *comment);

/* Closure proposal `closure_id` awaits a decision: the programme office, and
 * the panel when the action is panel-led, are told.  Returns 0, or -1. */
int mail_on_closure_proposed(struct db *db, int64_t closure_id);

/* Plan version `number` was submitted (awaiting the executive's approval) or
 * approved (awaiting the panel's sign-off): those who act next are told.
 * Returns 0, or -1. */
int mail_on_version(struct db *db, int number, bool approved);

/* Month `month` was signed off: every account that wants it is told, and
 * each confirmed subscriber to the reports, to an action with an accepted
 * update that month, or to that action's theme, gets what was published.
 * Returns 0, or -1. */
int mail_on_period_signed_off(struct db *db, const char *month);

/* Meeting `after` (canonical form, model/panel.h) is being stored in the
 * place of `before` (NULL when new): when its agenda or its minutes become
 * published, or its status becomes cancelled or postponed, each confirmed
 * follower of "meetings" is told, with what the public page shows of it
 * (model/meeting.h's redaction) and links to that page and to the public
 * calendar.  A meeting the public may not see, or a closed one, sends
 * nothing.  Returns 0, or -1 with db->err set. */
int mail_on_meeting(struct db *db, json_t *before, json_t *after);

/* What falls due on `today`: the reminder to owners whose updates of the
 * open month are not in, from `reminder_days` before the deadline to the
 * deadline; after the deadline, the chase list to the programme office.
 * Each is queued once (by its dedupe key) however often this runs.  Runs its
 * own transaction.  Returns the number of mails queued, or -1. */
int mail_schedule(struct db *db, day_t today);

/* --- the outbox, for the page of what was sent -------------------------------------- */

struct mail_row {
    int64_t id;
    char kind[24];
    char recipient[256];
    char subject[512];
    char status[16];
    int attempts;
    time_t created_at;
    time_t sent_at; /* 0 when not sent */
    char last_error[512];
};

/* One page (1-based, `per` rows) of the outbox, newest first, into out[per];
 * *n rows, *total in all.  Returns 0, or -1. */
int mail_outbox_page(struct db *db, size_t page, size_t per, struct mail_row *out, size_t *n,
                     size_t *total);

/* Rows by status: queued (including sending), sent, failed.  Returns 0, or -1. */
int mail_outbox_counts(struct db *db, size_t *queued, size_t *sent, size_t *failed);

/* When the oldest mail not yet sent (queued or being sent) was written to the
 * outbox (Unix time) into *created, 0 when there is none: how long the relay
 * has kept mail waiting.  Returns 0, or -1. */
int mail_outbox_oldest(struct db *db, int64_t *created);

#endif

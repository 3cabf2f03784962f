/* mail_follow.c — anyone's subscriptions: follow a topic, confirm by the
 * link mailed (double opt-in: nothing else is sent before), unsubscribe by
 * the link in every mail (RFC 8058 one-click). */
#include "lib/html.h"
#include "lib/smtp.h"
#include "lib/text.h"
#include "model/account.h"
#include "model/mail.h"
#include "model/mail_int.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

int mail_topic_check(struct db *db, const char *topic, char *title, size_t size)
{
    if (!topic || strlen(topic) >= MAIL_TOPIC_MAX)
        return 0;
    if (strcmp(topic, "reports") == 0) {
        text_clip(title, size, "The monthly progress reports");
        return 1;
    }
    if (strcmp(topic, "meetings") == 0) {
        text_clip(title, size, "The panel's public meetings");
        return 1;
    }
    bool action = strncmp(topic, "action:", 7) == 0, theme = strncmp(topic, "theme:", 6) == 0;
    if (!action && !theme)
        return 0;
    const char *ref = topic + (action ? 7 : 6);
    if (!ref_valid(ref))
        return 0;
    sqlite3_stmt *st =
        db_prepare(db, action ? "SELECT title FROM action WHERE ref = :ref AND status <> 'retired'"
                              : "SELECT title FROM theme WHERE ref = :ref");
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref);
    int rc = db_step(db, st, "topic");
    if (rc > 0) {
        char t[300];
        snprintf(t, sizeof t, "%s %s: %s", action ? "Action" : "Theme", ref,
                 TEXT_CLIP(db_col_text(st, 0), 200));
        text_clip(title, size, t);
    }
    sqlite3_reset(st);
    return rc;
}

/* Queues the confirmation mail of subscription `token` to `address`. */
static int queue_confirm(struct db *db, const char *address, const char *token, const char *title)
{
    struct mail_settings s;
    char org[256], subject[400];
    if (mail_settings_get(db, &s) || mail_org_name(db, org, sizeof org))
        return -1;
    struct buf url = BUF_INIT;
    mail_url(&url, &s, "/follow/confirm?t=%U", token);
    struct mail_body b;
    mail_body_begin(&b, NULL);
    struct buf p = BUF_INIT;
    buf_printf(&p, "Someone, we hope you, asked for e-mail from %s about: %s.", org, title);
    mail_body_para(&b, buf_str(&p));
    mail_body_para(&b, "Nothing will be sent until you confirm. If it was not you, ignore this "
                       "message and you will hear nothing more.");
    mail_body_link(&b, "Confirm the subscription", buf_str(&url));
    mail_body_end(&b, org, "You received this because this address was entered on the site.");
    snprintf(subject, sizeof subject, "Confirm: e-mail about %s", title);
    struct mail_out m = {.kind = MAIL_CONFIRM,
                         .to = address,
                         .subject = subject,
                         .text = buf_str(&b.text),
                         .html = buf_str(&b.html)};
    int rc = mail_queue(db, &m, &s);
    mail_body_free(&b);
    buf_free(&url);
    buf_free(&p);
    return rc < 0 ? -1 : 0;
}

int mail_follow(struct db *db, const char *address, const char *topic, time_t now)
{
    char title[300];
    if (!smtp_address_valid(address)) {
        snprintf(db->err, sizeof db->err, "Enter an e-mail address like name@example.org");
        return 1;
    }
    if (db_begin(db))
        return -1;
    int ok = mail_topic_check(db, topic, title, sizeof title);
    if (ok <= 0) {
        if (ok == 0)
            snprintf(db->err, sizeof db->err, "There is nothing to follow by that name");
        db_rollback(db);
        return ok < 0 ? -1 : 1;
    }
    sqlite3_stmt *st = db_prepare(db, "SELECT token, confirmed_at IS NOT NULL AND "
                                      "unsubscribed_at IS NULL FROM mail_subscription "
                                      "WHERE address = :address AND topic = :topic");
    if (!st)
        goto fail;
    db_bind_text(st, ":address", address);
    db_bind_text(st, ":topic", topic);
    int rc = db_step(db, st, "subscription");
    bool active = rc > 0 && sqlite3_column_int(st, 1);
    sqlite3_reset(st);
    if (rc < 0)
        goto fail;
    if (active)
        return db_commit(db) ? -1 : 0;
    /* a new token each time: a link mailed before stops working */
    unsigned char raw[32];
    char token[TOKEN_HEX_LEN + 1];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, sizeof token, raw, sizeof raw);
    st = db_prepare(db, "INSERT INTO mail_subscription (address, topic, token, created_at) "
                        "VALUES (:address, :topic, :token, :now) ON CONFLICT (address, topic) "
                        "DO UPDATE SET token = excluded.token, created_at = excluded.created_at, "
                        "confirmed_at = NULL, unsubscribed_at = NULL");
    if (!st)
        goto fail;
    db_bind_text(st, ":address", address);
    db_bind_text(st, ":topic", topic);
    db_bind_text(st, ":token", token);
    db_bind_int(st, ":now", (int64_t)now);
    if (db_step(db, st, "subscription") < 0 || queue_confirm(db, address, token, title) ||
        db_commit(db))
        goto fail;
    return 0;
fail:
    db_rollback(db);
    return -1;
}

/* Runs `sql` (binding :token and :now) on the subscription of `token` and
 * copies its topic's name; shared by confirm and unsubscribe. */
static int token_change(struct db *db, const char *sql, const char *token, time_t now, char *title,
                        size_t size)
{
    if (!token || strlen(token) != TOKEN_HEX_LEN)
        return 0;
    if (db_begin(db))
        return -1;
    int found = mail_token_find(db, token, title, size);
    if (found <= 0) {
        db_rollback(db);
        return found;
    }
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st) {
        db_rollback(db);
        return -1;
    }
    db_bind_text(st, ":token", token);
    db_bind_int(st, ":now", (int64_t)now);
    if (db_step(db, st, "subscription") < 0 || db_commit(db)) {
        db_rollback(db);
        return -1;
    }
    return 1;
}

int mail_confirm(struct db *db, const char *token, time_t now, char *title, size_t size)
{
    return token_change(db,
                        "UPDATE mail_subscription SET confirmed_at = coalesce(confirmed_at, :now) "
                        "WHERE token = :token AND unsubscribed_at IS NULL",
                        token, now, title, size);
}

int mail_unsubscribe(struct db *db, const char *token, time_t now, char *title, size_t size)
{
    return token_change(db,
                        "UPDATE mail_subscription SET unsubscribed_at = "
                        "coalesce(unsubscribed_at, :now) WHERE token = :token",
                        token, now, title, size);
}

int mail_token_find(struct db *db, const char *token, char *title, size_t size)
{
    if (!token || strlen(token) != TOKEN_HEX_LEN)
        return 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT topic FROM mail_subscription WHERE token = :token");
    if (!st)
        return -1;
    db_bind_text(st, ":token", token);
    int rc = db_step(db, st, "subscription");
    char topic[MAIL_TOPIC_MAX];
    if (rc > 0)
        text_clip(topic, sizeof topic, db_col_text(st, 0));
    sqlite3_reset(st);
    if (rc <= 0)
        return rc;
    if (mail_topic_check(db, topic, title, size) <= 0)
        text_clip(title, size, topic); /* the action was retired since: still a name */
    return 1;
}

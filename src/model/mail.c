/* mail.c — mail settings, each account's choices, subscriptions, queueing
 * and the outbox's listing.  The events are in mail_event.c, sending in
 * mail_send.c. */
#include "model/mail.h"
#include "lib/html.h"
#include "lib/smtp.h"
#include "lib/text.h"
#include "model/mail_int.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* clang-format off */
static const struct { const char *code, *label; } kinds[MAIL__KINDS] = {
    [MAIL_DUE]        = {"due", "Updates due, when a month opens"},
    [MAIL_REMINDER]   = {"reminder", "A reminder before the deadline, when updates are not in"},
    [MAIL_RETURNED]   = {"returned", "An update of yours returned, with the comment"},
    [MAIL_ACCEPTED]   = {"accepted", "An update of yours accepted"},
    [MAIL_CHASE]      = {"chase", "The chase list after the deadline (programme office)"},
    [MAIL_VERSION]    = {"version", "A plan version awaiting your approval or sign-off"},
    [MAIL_CLOSURE]    = {"closure", "A closure proposal awaiting your decision"},
    [MAIL_SIGNED_OFF] = {"signed_off", "A month signed off"},
    [MAIL_CONFIRM]    = {"confirm", "Confirming a subscription"},
    [MAIL_FOLLOW]     = {"follow", "What was published, to a subscriber"},
};
/* clang-format on */

const char *mail_kind_code(enum mail_kind k)
{
    return k < MAIL__KINDS ? kinds[k].code : "?";
}

const char *mail_kind_label(enum mail_kind k)
{
    return k < MAIL__KINDS ? kinds[k].label : "?";
}

/* Copies column i of st into out[size], cut at a character boundary. */
static void col_copy(sqlite3_stmt *st, int i, char *out, size_t size)
{
    text_clip(out, size, db_col_text(st, i));
}

int mail_settings_get(struct db *db, struct mail_settings *out)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT relay, username, password_file, sender, base_url, "
                                      "deadline_day, reminder_days FROM mail_setting WHERE id = 1");
    if (!st)
        return -1;
    int rc = db_step(db, st, "mail settings");
    if (rc <= 0) {
        if (rc == 0)
            snprintf(db->err, sizeof db->err, "mail settings: the row is missing");
        sqlite3_reset(st);
        return -1;
    }
    col_copy(st, 0, out->relay, sizeof out->relay);
    col_copy(st, 1, out->user, sizeof out->user);
    col_copy(st, 2, out->password_file, sizeof out->password_file);
    col_copy(st, 3, out->sender, sizeof out->sender);
    col_copy(st, 4, out->base_url, sizeof out->base_url);
    out->deadline_day = sqlite3_column_int(st, 5);
    out->reminder_days = sqlite3_column_int(st, 6);
    sqlite3_reset(st);
    return 0;
}

/* Whether s starts with one of the schemes of the NULL-terminated list. */
static bool has_scheme(const char *s, const char *const *schemes)
{
    for (; *schemes; schemes++)
        if (strncmp(s, *schemes, strlen(*schemes)) == 0 && s[strlen(*schemes)])
            return true;
    return false;
}

int mail_settings_put(struct db *db, const struct mail_settings *s)
{
    static const char *const relays[] = {"smtp://", "smtps://", NULL};
    static const char *const webs[] = {"https://", "http://", NULL};
    const char *bad = NULL;
    if (s->relay[0] && (!has_scheme(s->relay, relays) || text_has_control(s->relay, false)))
        bad = "relay: expected smtp://HOST[:PORT] or smtps://HOST[:PORT]";
    else if (s->sender[0] && !smtp_address_valid(s->sender))
        bad = "from: not an e-mail address";
    else if (!has_scheme(s->base_url, webs) || strpbrk(s->base_url, " \"'<>\\") ||
             text_has_control(s->base_url, false) || s->base_url[strlen(s->base_url) - 1] == '/')
        bad = "base-url: expected https://HOST[/PATH] without a trailing slash";
    else if (s->deadline_day < 1 || s->deadline_day > 28)
        bad = "deadline-day: expected a day from 1 to 28";
    else if (s->reminder_days < 0 || s->reminder_days > 27)
        bad = "reminder-days: expected a number from 0 to 27";
    else if (text_has_control(s->user, false) || text_has_control(s->password_file, false))
        bad = "user: control characters";
    if (bad) {
        snprintf(db->err, sizeof db->err, "%s", bad);
        return -1;
    }
    if (db_begin(db))
        return -1;
    sqlite3_stmt *st = db_prepare(
        db, "UPDATE mail_setting SET relay = :relay, username = :user, password_file = :pf, "
            "sender = :sender, base_url = :base, deadline_day = :dd, reminder_days = :rd "
            "WHERE id = 1");
    if (!st) {
        db_rollback(db);
        return -1;
    }
    db_bind_text(st, ":relay", s->relay);
    db_bind_text(st, ":user", s->user);
    db_bind_text(st, ":pf", s->password_file);
    db_bind_text(st, ":sender", s->sender);
    db_bind_text(st, ":base", s->base_url);
    db_bind_int(st, ":dd", s->deadline_day);
    db_bind_int(st, ":rd", s->reminder_days);
    if (db_step(db, st, "mail settings") < 0 || db_commit(db)) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

day_t mail_deadline(const struct mail_settings *s, int month)
{
    day_t next = month_first_day(month + 1);
    return next + (s->deadline_day - 1);
}

/* --- accounts ------------------------------------------------------------------------- */

int mail_prefs_get(struct db *db, int64_t account_id, struct mail_prefs *out)
{
    *out = (struct mail_prefs){0};
    sqlite3_stmt *st =
        db_prepare(db, "SELECT address, muted FROM mail_address WHERE account_id = :id");
    if (!st)
        return -1;
    db_bind_int(st, ":id", account_id);
    int rc = db_step(db, st, "mail address");
    if (rc > 0) {
        col_copy(st, 0, out->address, sizeof out->address);
        out->muted = (unsigned)sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

int mail_prefs_put(struct db *db, int64_t account_id, const struct mail_prefs *p)
{
    if (p->address[0] && !smtp_address_valid(p->address)) {
        snprintf(db->err, sizeof db->err,
                 "Enter an e-mail address like name@example.org, or leave it empty");
        return 1;
    }
    if (db_begin(db))
        return -1;
    sqlite3_stmt *st =
        db_prepare(db, "INSERT INTO mail_address (account_id, address, muted) "
                       "VALUES (:id, :address, :muted) ON CONFLICT (account_id) DO UPDATE "
                       "SET address = excluded.address, muted = excluded.muted");
    if (!st) {
        db_rollback(db);
        return -1;
    }
    db_bind_int(st, ":id", account_id);
    db_bind_text(st, ":address", p->address);
    db_bind_int(st, ":muted", p->muted & ((1u << MAIL_STAFF_KINDS) - 1));
    if (db_step(db, st, "mail address") < 0 || db_commit(db)) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

/* --- queueing -------------------------------------------------------------------------- */

/* The host of the base URL ("plan.example.org"), for Message-IDs and the
 * default sender. */
static void base_host(const struct mail_settings *s, char *out, size_t size)
{
    const char *p = strstr(s->base_url, "://");
    p = p ? p + 3 : s->base_url;
    size_t n = strcspn(p, "/:?#");
    if (n == 0 || n >= size) {
        snprintf(out, size, "dialturn.invalid");
        return;
    }
    memcpy(out, p, n);
    out[n] = '\0';
}

int mail_queue(struct db *db, const struct mail_out *m, const struct mail_settings *s)
{
    if (!smtp_address_valid(m->to))
        return 0; /* an address that was valid when stored always is; nothing to send to */
    unsigned char raw[16];
    char hex[33], host[256], mid[320];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    base_host(s, host, sizeof host);
    snprintf(mid, sizeof mid, "<%s.%s@%s>", mail_kind_code(m->kind), hex, host);
    sqlite3_stmt *st = db_prepare(
        db, "INSERT INTO mail_outbox (kind, dedupe, recipient, subject, body_text, body_html, "
            "unsubscribe, message_id, status, attempts, next_at, created_at, last_error) "
            "VALUES (:kind, :dedupe, :to, :subject, :text, :html, :unsub, :mid, 'queued', 0, "
            ":now, :now, '') ON CONFLICT (dedupe) DO NOTHING");
    if (!st)
        return -1;
    db_bind_text(st, ":kind", mail_kind_code(m->kind));
    db_bind_text(st, ":dedupe", m->dedupe);
    db_bind_text(st, ":to", m->to);
    db_bind_text(st, ":subject", m->subject);
    db_bind_text(st, ":text", m->text);
    db_bind_text(st, ":html", m->html);
    db_bind_text(st, ":unsub", m->unsubscribe ? m->unsubscribe : "");
    db_bind_text(st, ":mid", mid);
    db_bind_int(st, ":now", (int64_t)time(NULL));
    if (db_step(db, st, "mail outbox") < 0)
        return -1;
    return sqlite3_changes(db->h) > 0 ? 1 : 0;
}

void mail_url(struct buf *u, const struct mail_settings *s, const char *fmt, ...)
{
    buf_puts(u, s->base_url);
    va_list ap;
    va_start(ap, fmt);
    html_vprintf(u, fmt, ap);
    va_end(ap);
}

int mail_org_name(struct db *db, char *out, size_t size)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT name FROM organisation WHERE id = 1");
    if (!st)
        return -1;
    int rc = db_step(db, st, "organisation");
    text_clip(out, size, rc > 0 ? db_col_text(st, 0) : "dialturn");
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* --- bodies ---------------------------------------------------------------------------- */

void mail_body_begin(struct mail_body *b, const char *name)
{
    *b = (struct mail_body){BUF_INIT, BUF_INIT};
    buf_puts(&b->html, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"></head>"
                       "<body style=\"font-family: sans-serif; line-height: 1.4\">\n");
    if (name && *name) {
        buf_printf(&b->text, "Dear %s,\n\n", name);
        html_printf(&b->html, "<p>Dear %h,</p>\n", name);
    } else {
        buf_puts(&b->text, "Hello,\n\n");
        buf_puts(&b->html, "<p>Hello,</p>\n");
    }
}

/* Closes a list the HTML has open. */
static void end_list(struct mail_body *b)
{
    if (b->html.len >= 6 && strcmp(b->html.data + b->html.len - 6, "</li>\n") == 0)
        buf_puts(&b->html, "</ul>\n");
}

void mail_body_para(struct mail_body *b, const char *text)
{
    end_list(b);
    if (b->text.len && b->text.data[b->text.len - 2] != '\n')
        buf_putc(&b->text, '\n');
    buf_printf(&b->text, "%s\n\n", text);
    html_printf(&b->html, "<p>%h</p>\n", text);
}

void mail_body_item(struct mail_body *b, const char *text)
{
    if (!(b->html.len >= 6 && strcmp(b->html.data + b->html.len - 6, "</li>\n") == 0))
        buf_puts(&b->html, "<ul>\n");
    buf_printf(&b->text, "  * %s\n", text);
    html_printf(&b->html, "<li>%h</li>\n", text);
}

void mail_body_link(struct mail_body *b, const char *label, const char *url)
{
    end_list(b);
    if (b->text.len && b->text.data[b->text.len - 2] != '\n')
        buf_putc(&b->text, '\n');
    buf_printf(&b->text, "%s:\n%s\n\n", label, url);
    html_printf(&b->html, "<p><a href=\"%h\">%h</a></p>\n", url, label);
}

void mail_body_end(struct mail_body *b, const char *org, const char *why)
{
    end_list(b);
    buf_printf(&b->text, "-- \n%s, through dialturn.\n%s\n", org, why);
    html_printf(&b->html,
                "<hr><p style=\"color: #505a5f; font-size: smaller\">%h, through dialturn. "
                "%h</p>\n</body></html>\n",
                org, why);
}

void mail_body_free(struct mail_body *b)
{
    buf_free(&b->text);
    buf_free(&b->html);
}

/* --- the outbox's listing -------------------------------------------------------------- */

int mail_outbox_page(struct db *db, size_t page, size_t per, struct mail_row *out, size_t *n,
                     size_t *total)
{
    *n = *total = 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM mail_outbox");
    if (!st || db_step(db, st, "mail outbox") < 0)
        return -1;
    *total = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    st = db_prepare(db, "SELECT id, kind, recipient, subject, status, attempts, created_at, "
                        "coalesce(sent_at, 0), last_error FROM mail_outbox "
                        "ORDER BY id DESC LIMIT :per OFFSET :off");
    if (!st)
        return -1;
    db_bind_int(st, ":per", (int64_t)per);
    db_bind_int(st, ":off", (int64_t)((page - 1) * per));
    int rc = 0;
    while (*n < per && (rc = db_step(db, st, "mail outbox")) > 0) {
        struct mail_row *r = &out[(*n)++];
        r->id = sqlite3_column_int64(st, 0);
        col_copy(st, 1, r->kind, sizeof r->kind);
        col_copy(st, 2, r->recipient, sizeof r->recipient);
        col_copy(st, 3, r->subject, sizeof r->subject);
        col_copy(st, 4, r->status, sizeof r->status);
        r->attempts = sqlite3_column_int(st, 5);
        r->created_at = (time_t)sqlite3_column_int64(st, 6);
        r->sent_at = (time_t)sqlite3_column_int64(st, 7);
        col_copy(st, 8, r->last_error, sizeof r->last_error);
    }
    sqlite3_reset(st);
    return rc < 0 && *n < per ? -1 : 0;
}

int mail_outbox_oldest(struct db *db, int64_t *created)
{
    *created = 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT coalesce(min(created_at), 0) FROM mail_outbox"
                                      " WHERE status IN ('queued', 'sending')");
    if (!st)
        return -1;
    int rc = db_step(db, st, "mail outbox");
    if (rc > 0)
        *created = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

int mail_outbox_counts(struct db *db, size_t *queued, size_t *sent, size_t *failed)
{
    *queued = *sent = *failed = 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT status, count(*) FROM mail_outbox GROUP BY status");
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(db, st, "mail outbox")) > 0) {
        const char *s = db_col_text(st, 0);
        size_t k = (size_t)sqlite3_column_int64(st, 1);
        if (strcmp(s, "sent") == 0)
            *sent += k;
        else if (strcmp(s, "failed") == 0)
            *failed += k;
        else
            *queued += k;
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

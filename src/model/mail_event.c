/* mail_event.c — the mails of the monthly cycle: who is told what, when.
 * Every function here but mail_schedule runs inside the caller's write
 * transaction, so its mails are queued with the change or not at all. */
#include "lib/html.h"
#include "lib/text.h"
#include "model/mail.h"
#include "model/mail_int.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The accounts that receive `kind`: not disabled, with an address, not muted. */
#define RECIPIENT                                                                                  \
    "account a JOIN mail_address m ON m.account_id = a.id AND m.address <> '' "                    \
    "AND ((m.muted >> :kind) & 1) = 0 AND a.disabled = 0"

/* What every event needs: the settings and the organisation's name. */
struct ctx {
    struct mail_settings s;
    char org[256];
};

static int ctx_load(struct db *db, struct ctx *c)
{
    return mail_settings_get(db, &c->s) || mail_org_name(db, c->org, sizeof c->org) ? -1 : 0;
}

/* The footer of staff mail: where to change what one receives. */
static void staff_end(struct mail_body *b, const struct ctx *c)
{
    struct buf u = BUF_INIT, why = BUF_INIT;
    mail_url(&u, &c->s, "/work/account/mail");
    buf_printf(&why, "Choose what you receive: %s", buf_str(&u));
    mail_body_end(b, c->org, buf_str(&why));
    buf_free(&u);
    buf_free(&why);
}

/* Queues body b to `to` as `kind` with `subject` and the dedupe key (or NULL). */
static int send_body(struct db *db, const struct ctx *c, enum mail_kind kind, const char *to,
                     const char *subject, const char *dedupe, struct mail_body *b,
                     const char *unsub)
{
    struct mail_out m = {.kind = kind,
                         .dedupe = dedupe,
                         .to = to,
                         .subject = subject,
                         .text = buf_str(&b->text),
                         .html = buf_str(&b->html),
                         .unsubscribe = unsub};
    return mail_queue(db, &m, &c->s);
}

/* Month "2015-04" as "April 2015". */
static void month_name(const char *month, char out[32])
{
    static const char *const names[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
    int y = 0, m = 0;
    if (sscanf(month, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12)
        snprintf(out, 32, "%s %d", names[m - 1], y);
    else
        snprintf(out, 32, "%.20s", month);
}

/* One mail per owner listing their actions of the open month still to
 * report (`missing`: only those without a submitted or accepted update),
 * as `kind` (MAIL_DUE or MAIL_REMINDER).  Returns mails queued, or -1. */
static int owners_due(struct db *db, const struct ctx *c, const char *month, enum mail_kind kind,
                      bool missing)
{
    static const char sql[] =
        "SELECT a.id, m.address, a.name, x.ref, x.title FROM action x "
        "JOIN " RECIPIENT " AND a.person_id = x.owner_id "
        "WHERE x.status NOT IN ('complete', 'retired') AND (NOT :missing OR NOT EXISTS ("
        "  SELECT 1 FROM progress_update u JOIN period p ON p.id = u.period_id "
        "  WHERE u.action_id = x.id AND p.month = :month AND u.state IN ('submitted', "
        "'accepted'))) "
        "ORDER BY a.id, x.ref";
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    db_bind_int(st, ":kind", kind);
    db_bind_int(st, ":missing", missing);
    db_bind_text(st, ":month", month);
    int m;
    char when[32], deadline[DATE_LEN], subject[200], key[120];
    month_name(month, when);
    date_format(mail_deadline(&c->s, month_parse(month, &m) ? m : 0), deadline);
    snprintf(subject, sizeof subject, "%s: %s updates are due by %s",
             kind == MAIL_DUE ? "Updates due" : "Reminder", when, deadline);
    int rc, queued = 0;
    int64_t cur = 0;
    char to[256] = "";
    struct mail_body b = {BUF_INIT, BUF_INIT};
    struct buf u = BUF_INIT, line = BUF_INIT;
    /* the rows come by account: a mail is finished when the account changes */
    for (;;) {
        rc = db_step(db, st, "mail: owners");
        int64_t acct = rc > 0 ? sqlite3_column_int64(st, 0) : 0;
        if (cur && acct != cur) {
            buf_reset(&u);
            mail_url(&u, &c->s, "/work");
            mail_body_link(&b, "Write your updates", buf_str(&u));
            staff_end(&b, c);
            snprintf(key, sizeof key, "%s:%s:%" PRId64, mail_kind_code(kind), month, cur);
            int q = send_body(db, c, kind, to, subject, key, &b, NULL);
            mail_body_free(&b);
            if (q < 0) {
                rc = -1;
                break;
            }
            queued += q;
            cur = 0;
        }
        if (rc <= 0)
            break;
        if (!cur) {
            cur = acct;
            text_clip(to, sizeof to, db_col_text(st, 1));
            mail_body_begin(&b, db_col_text(st, 2));
            buf_reset(&line);
            buf_printf(&line,
                       kind == MAIL_DUE
                           ? "%s is open for updates. Yours are due by %s, for these actions:"
                           : "Your updates for %s are due by %s and these are not in yet:",
                       when, deadline);
            mail_body_para(&b, buf_str(&line));
        }
        buf_reset(&line);
        buf_printf(&line, "%s: %s", db_col_text(st, 3), db_col_text(st, 4));
        mail_body_item(&b, buf_str(&line));
    }
    sqlite3_reset(st);
    buf_free(&u);
    buf_free(&line);
    return rc < 0 ? -1 : queued;
}

int mail_on_period_open(struct db *db, const char *month)
{
    struct ctx c;
    if (ctx_load(db, &c))
        return -1;
    return owners_due(db, &c, month, MAIL_DUE, false) < 0 ? -1 : 0;
}

int mail_on_review(struct db *db, int64_t update_id, bool accept, const char *comment)
{
    struct ctx c;
    if (ctx_load(db, &c))
        return -1;
    enum mail_kind kind = accept ? MAIL_ACCEPTED : MAIL_RETURNED;
    sqlite3_stmt *st = db_prepare(
        db, "SELECT m.address, a.name, x.ref, x.title, p.month FROM progress_update u "
            "JOIN action x ON x.id = u.action_id JOIN period p ON p.id = u.period_id "
            "JOIN " RECIPIENT " AND a.person_id = x.owner_id WHERE u.id = :id ORDER BY a.id");
    if (!st)
        return -1;
    db_bind_int(st, ":kind", kind);
    db_bind_int(st, ":id", update_id);
    int rc;
    while ((rc = db_step(db, st, "mail: review")) > 0) {
        char when[32], subject[300];
        month_name(db_col_text(st, 4), when);
        snprintf(subject, sizeof subject, "%s update of %s %s", when,
                 TEXT_CLIP(db_col_text(st, 2), 64), accept ? "accepted" : "returned");
        struct mail_body b;
        struct buf line = BUF_INIT, u = BUF_INIT;
        mail_body_begin(&b, db_col_text(st, 1));
        buf_printf(&line, "The programme office %s your %s update of %s: %s.",
                   accept ? "accepted" : "returned", when, db_col_text(st, 2), db_col_text(st, 3));
        mail_body_para(&b, buf_str(&line));
        if (comment && *comment) {
            buf_reset(&line);
            buf_printf(&line, "%s: %s", accept ? "Their comment" : "What to change", comment);
            mail_body_para(&b, buf_str(&line));
        }
        mail_url(&u, &c.s, "/work/updates/%U", db_col_text(st, 2));
        mail_body_link(&b, accept ? "See the update" : "Change and resubmit the update",
                       buf_str(&u));
        staff_end(&b, &c);
        int q = send_body(db, &c, kind, db_col_text(st, 0), subject, NULL, &b, NULL);
        mail_body_free(&b);
        buf_free(&line);
        buf_free(&u);
        if (q < 0) {
            rc = -1;
            break;
        }
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

int mail_on_closure_proposed(struct db *db, int64_t closure_id)
{
    struct ctx c;
    if (ctx_load(db, &c))
        return -1;
    sqlite3_stmt *st = db_prepare(
        db, "SELECT m.address, a.name, x.ref, x.title FROM closure k "
            "JOIN action x ON x.id = k.action_id JOIN " RECIPIENT
            " AND (a.role = 'pmo' OR (a.role = 'panel' AND a.person_id = x.panel_lead_id)) "
            "WHERE k.id = :id ORDER BY a.id");
    if (!st)
        return -1;
    db_bind_int(st, ":kind", MAIL_CLOSURE);
    db_bind_int(st, ":id", closure_id);
    int rc;
    while ((rc = db_step(db, st, "mail: closure")) > 0) {
        char subject[300];
        snprintf(subject, sizeof subject, "Closure of %s proposed: your decision",
                 TEXT_CLIP(db_col_text(st, 2), 64));
        struct mail_body b;
        struct buf line = BUF_INIT, u = BUF_INIT;
        mail_body_begin(&b, db_col_text(st, 1));
        buf_printf(&line,
                   "The owner of %s: %s proposes to close it, with evidence against its "
                   "closure criteria. It awaits your decision.",
                   db_col_text(st, 2), db_col_text(st, 3));
        mail_body_para(&b, buf_str(&line));
        mail_url(&u, &c.s, "/work/closures");
        mail_body_link(&b, "Decide the closure", buf_str(&u));
        staff_end(&b, &c);
        int q = send_body(db, &c, MAIL_CLOSURE, db_col_text(st, 0), subject, NULL, &b, NULL);
        mail_body_free(&b);
        buf_free(&line);
        buf_free(&u);
        if (q < 0) {
            rc = -1;
            break;
        }
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

int mail_on_version(struct db *db, int number, bool approved)
{
    struct ctx c;
    if (ctx_load(db, &c))
        return -1;
    sqlite3_stmt *st = db_prepare(db, "SELECT m.address, a.name, v.title FROM plan_version v "
                                      "JOIN " RECIPIENT " AND a.role = :role "
                                      "WHERE v.number = :n ORDER BY a.id");
    if (!st)
        return -1;
    db_bind_int(st, ":kind", MAIL_VERSION);
    db_bind_text(st, ":role", approved ? "panel" : "executive");
    db_bind_int(st, ":n", number);
    int rc;
    while ((rc = db_step(db, st, "mail: version")) > 0) {
        char subject[300];
        snprintf(subject, sizeof subject, "Plan version %d awaits your %s", number,
                 approved ? "sign-off" : "approval");
        struct mail_body b;
        struct buf line = BUF_INIT, u = BUF_INIT, key = BUF_INIT;
        mail_body_begin(&b, db_col_text(st, 1));
        buf_printf(&line,
                   approved ? "Plan version %d (%s) was approved by cabinet and awaits the "
                              "panel's sign-off."
                            : "Plan version %d (%s) was submitted and awaits approval.",
                   number, db_col_text(st, 2));
        mail_body_para(&b, buf_str(&line));
        mail_url(&u, &c.s, "/work/versions/%d", number);
        mail_body_link(&b, "Review the version", buf_str(&u));
        staff_end(&b, &c);
        int q = send_body(db, &c, MAIL_VERSION, db_col_text(st, 0), subject, NULL, &b, NULL);
        mail_body_free(&b);
        buf_free(&line);
        buf_free(&u);
        buf_free(&key);
        if (q < 0) {
            rc = -1;
            break;
        }
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* The subscribers' mails of a signed-off month: one per subscription. */
static int subscribers_signed_off(struct db *db, const struct ctx *c, const char *month)
{
    /* reports: everyone who follows them; actions and themes: each accepted
     * update of the month, under the subscriptions to it or its theme */
    static const char sql[] =
        "SELECT s.id, s.address, s.token, s.topic, x.ref, x.title, u.status, u.percent, "
        "  coalesce(u.confidence, '') "
        "FROM mail_subscription s LEFT JOIN (progress_update u "
        "  JOIN period p ON p.id = u.period_id AND p.month = :month AND u.state = 'accepted' "
        "  JOIN action x ON x.id = u.action_id JOIN theme t ON t.id = x.theme_id) "
        "  ON s.topic = 'action:' || x.ref OR s.topic = 'theme:' || t.ref "
        "WHERE s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL "
        "  AND (s.topic = 'reports' OR x.id IS NOT NULL) "
        "ORDER BY s.id, x.ref";
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    db_bind_text(st, ":month", month);
    char when[32], subject[300], key[80], to[256] = "", topic[MAIL_TOPIC_MAX] = "";
    month_name(month, when);
    int rc;
    int64_t cur = 0;
    struct mail_body b = {BUF_INIT, BUF_INIT};
    struct buf line = BUF_INIT, u = BUF_INIT, unsub = BUF_INIT;
    for (;;) {
        rc = db_step(db, st, "mail: subscribers");
        int64_t id = rc > 0 ? sqlite3_column_int64(st, 0) : 0;
        if (cur && id != cur) {
            buf_reset(&u);
            mail_url(&u, &c->s, "/?as_at=%U", month);
            mail_body_link(&b, "The progress of the month", buf_str(&u));
            buf_reset(&line);
            buf_printf(&line, "You follow this by e-mail. Unsubscribe: %s", buf_str(&unsub));
            mail_body_end(&b, c->org, buf_str(&line));
            snprintf(key, sizeof key, "follow:%s:%" PRId64, month, cur);
            int q = send_body(db, c, MAIL_FOLLOW, to, subject, key, &b, buf_str(&unsub));
            mail_body_free(&b);
            if (q < 0) {
                rc = -1;
                break;
            }
            cur = 0;
        }
        if (rc <= 0)
            break;
        if (!cur) {
            cur = id;
            text_clip(to, sizeof to, db_col_text(st, 1));
            text_clip(topic, sizeof topic, db_col_text(st, 3));
            buf_reset(&unsub);
            mail_url(&unsub, &c->s, "/unsubscribe?t=%U", db_col_text(st, 2));
            mail_body_begin(&b, NULL);
            buf_reset(&line);
            if (strcmp(topic, "reports") == 0) {
                snprintf(subject, sizeof subject, "%s: the progress report for %s",
                         TEXT_CLIP(c->org, 100), when);
                buf_printf(&line, "%s's progress for %s has been signed off and published.", c->org,
                           when);
            } else {
                snprintf(subject, sizeof subject, "%s: progress on %s, %s", TEXT_CLIP(c->org, 100),
                         TEXT_CLIP(topic, MAIL_TOPIC_MAX), when);
                buf_printf(&line, "Progress for %s has been signed off and published:", when);
            }
            mail_body_para(&b, buf_str(&line));
        }
        if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
            buf_reset(&line);
            buf_printf(&line, "%s: %s (%s, %d%% complete%s%s)", db_col_text(st, 4),
                       db_col_text(st, 5), db_col_text(st, 6), sqlite3_column_int(st, 7),
                       *db_col_text(st, 8) ? ", confidence " : "", db_col_text(st, 8));
            for (char *p = line.data; p && *p; p++)
                if (*p == '_')
                    *p = ' ';
            mail_body_item(&b, buf_str(&line));
        }
    }
    sqlite3_reset(st);
    buf_free(&line);
    buf_free(&u);
    buf_free(&unsub);
    return rc < 0 ? -1 : 0;
}

int mail_on_period_signed_off(struct db *db, const char *month)
{
    struct ctx c;
    if (ctx_load(db, &c))
        return -1;
    sqlite3_stmt *st =
        db_prepare(db, "SELECT a.id, m.address, a.name FROM " RECIPIENT " ORDER BY a.id");
    if (!st)
        return -1;
    db_bind_int(st, ":kind", MAIL_SIGNED_OFF);
    char when[32], subject[200], key[120];
    month_name(month, when);
    snprintf(subject, sizeof subject, "%s signed off", when);
    int rc;
    while ((rc = db_step(db, st, "mail: signed off")) > 0) {
        struct mail_body b;
        struct buf line = BUF_INIT, u = BUF_INIT;
        mail_body_begin(&b, db_col_text(st, 2));
        buf_printf(&line, "%s was signed off: its progress is now the public record.", when);
        mail_body_para(&b, buf_str(&line));
        mail_url(&u, &c.s, "/?as_at=%U", month);
        mail_body_link(&b, "The month on the public site", buf_str(&u));
        staff_end(&b, &c);
        snprintf(key, sizeof key, "signed_off:%s:%" PRId64, month,
                 (int64_t)sqlite3_column_int64(st, 0));
        int q = send_body(db, &c, MAIL_SIGNED_OFF, db_col_text(st, 1), subject, key, &b, NULL);
        mail_body_free(&b);
        buf_free(&line);
        buf_free(&u);
        if (q < 0) {
            rc = -1;
            break;
        }
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    return subscribers_signed_off(db, &c, month);
}

/* The chase list after the deadline: to each programme office account, who
 * still owes which update of `month`.  Returns mails queued, or -1. */
static int chase(struct db *db, const struct ctx *c, const char *month)
{
    static const char sql[] =
        "SELECT coalesce(o.name, 'No owner'), x.ref, x.title FROM action x "
        "LEFT JOIN person o ON o.id = x.owner_id "
        "WHERE x.status NOT IN ('complete', 'retired') AND NOT EXISTS ("
        "  SELECT 1 FROM progress_update u JOIN period p ON p.id = u.period_id "
        "  WHERE u.action_id = x.id AND p.month = :month AND u.state IN ('submitted', 'accepted')) "
        "ORDER BY o.name, x.ref";
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    db_bind_text(st, ":month", month);
    struct buf list = BUF_INIT;
    size_t n = 0;
    int rc;
    while ((rc = db_step(db, st, "mail: chase")) > 0) {
        buf_printf(&list, "%s — %s: %s", db_col_text(st, 0), db_col_text(st, 1),
                   db_col_text(st, 2));
        buf_putc(&list, '\0');
        n++;
    }
    sqlite3_reset(st);
    if (rc < 0 || n == 0) {
        buf_free(&list);
        return rc < 0 ? -1 : 0;
    }
    st = db_prepare(db, "SELECT a.id, m.address, a.name FROM " RECIPIENT
                        " AND a.role = 'pmo' ORDER BY a.id");
    if (!st) {
        buf_free(&list);
        return -1;
    }
    db_bind_int(st, ":kind", MAIL_CHASE);
    char when[32], subject[200], key[120];
    month_name(month, when);
    snprintf(subject, sizeof subject, "Chase list: %zu %s updates not in by the deadline", n, when);
    int queued = 0;
    while ((rc = db_step(db, st, "mail: chase")) > 0) {
        struct mail_body b;
        struct buf u = BUF_INIT;
        mail_body_begin(&b, db_col_text(st, 2));
        mail_body_para(&b, "The deadline has passed and these updates are not in:");
        const char *p = list.data;
        for (size_t i = 0; i < n; i++, p += strlen(p) + 1)
            mail_body_item(&b, p);
        mail_url(&u, &c->s, "/work/chase");
        mail_body_link(&b, "The chase list", buf_str(&u));
        staff_end(&b, c);
        snprintf(key, sizeof key, "chase:%s:%" PRId64, month, (int64_t)sqlite3_column_int64(st, 0));
        int q = send_body(db, c, MAIL_CHASE, db_col_text(st, 1), subject, key, &b, NULL);
        mail_body_free(&b);
        buf_free(&u);
        if (q < 0) {
            rc = -1;
            break;
        }
        queued += q;
    }
    sqlite3_reset(st);
    buf_free(&list);
    return rc < 0 ? -1 : queued;
}

int mail_schedule(struct db *db, day_t today)
{
    struct ctx c;
    if (db_begin(db))
        return -1;
    if (ctx_load(db, &c))
        goto fail;
    sqlite3_stmt *st = db_prepare(db, "SELECT month FROM period WHERE status = 'open'");
    if (!st)
        goto fail;
    char month[MONTH_LEN] = "";
    int rc = db_step(db, st, "mail: open month");
    if (rc > 0)
        text_clip(month, sizeof month, db_col_text(st, 0));
    sqlite3_reset(st);
    if (rc < 0)
        goto fail;
    int m, queued = 0;
    if (rc > 0 && month_parse(month, &m)) {
        day_t deadline = mail_deadline(&c.s, m);
        int q = 0;
        if (today > deadline)
            q = chase(db, &c, month);
        else if (today >= deadline - c.s.reminder_days)
            q = owners_due(db, &c, month, MAIL_REMINDER, true);
        if (q < 0)
            goto fail;
        queued += q;
    }
    if (db_commit(db))
        goto fail;
    return queued;
fail:
    db_rollback(db);
    return -1;
}

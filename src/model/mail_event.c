/* mail_event.c — the mails of the monthly cycle: who is told what, when.
 *
 * Every mail has the same shape: a query gives its recipients (one or more
 * rows each), the first row opens the message, each row may add to it, and
 * the message is closed with its links and footer and queued.  That loop is
 * mail_each(), once; each kind of mail is an entry of `specs` (its query
 * and three small functions), and each event fills a struct mail_event and
 * names the entries it sends.  Every function here but mail_schedule runs
 * inside the caller's write transaction, so its mails are queued with the
 * change or not at all. */
#include "lib/html.h"
#include "lib/text.h"
#include "model/mail.h"
#include "model/mail_int.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The accounts that receive `kind`: not disabled, with an address, not muted. */
#define RECIPIENT                                                                                  \
    "account a JOIN mail_address m ON m.account_id = a.id AND m.address <> '' "                    \
    "AND ((m.muted >> :kind) & 1) = 0 AND a.disabled = 0"

int mail_ctx_load(struct db *db, struct mail_ctx *c)
{
    return mail_settings_get(db, &c->s) || mail_org_name(db, c->org, sizeof c->org) ? -1 : 0;
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

/* --- writing a draft ---------------------------------------------------------------- */

void mail_draft_para(struct mail_draft *d, const char *fmt, ...)
{
    struct buf line = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&line, fmt, ap);
    va_end(ap);
    mail_body_para(&d->b, buf_str(&line));
    buf_free(&line);
}

void mail_draft_item(struct mail_draft *d, const char *fmt, ...)
{
    struct buf line = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&line, fmt, ap);
    va_end(ap);
    mail_body_item(&d->b, buf_str(&line));
    buf_free(&line);
}

void mail_draft_link(struct mail_draft *d, const char *label, const char *fmt, ...)
{
    struct buf u = BUF_INIT;
    buf_puts(&u, d->c->s.base_url);
    va_list ap;
    va_start(ap, fmt);
    html_vprintf(&u, fmt, ap);
    va_end(ap);
    mail_body_link(&d->b, label, buf_str(&u));
    buf_free(&u);
}

/* --- the loop ------------------------------------------------------------------------- */

/* Binds each fact of ev the statement names. */
static void bind_event(sqlite3_stmt *st, enum mail_kind kind, const struct mail_event *ev)
{
    if (sqlite3_bind_parameter_index(st, ":kind"))
        db_bind_int(st, ":kind", kind);
    if (sqlite3_bind_parameter_index(st, ":month"))
        db_bind_text(st, ":month", ev->month);
    if (sqlite3_bind_parameter_index(st, ":id"))
        db_bind_int(st, ":id", ev->id);
    if (sqlite3_bind_parameter_index(st, ":n"))
        db_bind_int(st, ":n", ev->number);
    if (sqlite3_bind_parameter_index(st, ":role"))
        db_bind_text(st, ":role", ev->role);
    if (sqlite3_bind_parameter_index(st, ":flag"))
        db_bind_int(st, ":flag", ev->flag);
}

/* Ends d's body with its footer and queues it to `to`.  Returns 1, 0 or -1
 * as mail_queue. */
static int finish(struct db *db, const struct mail_spec *spec, struct mail_draft *d, const char *to,
                  const char *unsub)
{
    const struct mail_ctx *c = d->c;
    struct buf why = BUF_INIT, u = BUF_INIT;
    if (spec->subscriber) {
        buf_printf(&why, "You follow this by e-mail. Unsubscribe: %s", unsub);
    } else {
        mail_url(&u, &c->s, "/work/account/mail");
        buf_printf(&why, "Choose what you receive: %s", buf_str(&u));
    }
    mail_body_end(&d->b, c->org, buf_str(&why));
    struct mail_out m = {.kind = spec->kind,
                         .dedupe = d->key[0] ? d->key : NULL,
                         .to = to,
                         .subject = d->subject,
                         .text = buf_str(&d->b.text),
                         .html = buf_str(&d->b.html),
                         .unsubscribe = spec->subscriber ? unsub : NULL};
    int q = mail_queue(db, &m, &c->s);
    buf_free(&why);
    buf_free(&u);
    return q;
}

int mail_each(struct db *db, const struct mail_ctx *c, const struct mail_spec *spec,
              const struct mail_event *ev)
{
    sqlite3_stmt *st = db_prepare(db, spec->sql);
    if (!st)
        return -1;
    bind_event(st, spec->kind, ev);
    struct mail_draft d = {.c = c, .ev = ev, .kind = spec->kind};
    struct buf unsub = BUF_INIT;
    char to[256] = "";
    bool drafting = false;
    int rc, queued = 0;
    for (;;) {
        rc = db_step(db, st, spec->what);
        int64_t id = rc > 0 ? sqlite3_column_int64(st, 0) : 0;
        if (drafting && (rc <= 0 || id != d.to_id)) {
            d.st = NULL;
            if (spec->close)
                spec->close(&d);
            int q = finish(db, spec, &d, to, buf_str(&unsub));
            mail_body_free(&d.b);
            drafting = false;
            if (q < 0) {
                rc = -1;
                break;
            }
            queued += q;
        }
        if (rc <= 0)
            break;
        d.st = st;
        if (!drafting) {
            drafting = true;
            d.to_id = id;
            d.subject[0] = d.key[0] = '\0';
            text_clip(to, sizeof to, db_col_text(st, 1));
            buf_reset(&unsub);
            if (spec->subscriber)
                mail_url(&unsub, &c->s, "/unsubscribe?t=%U", db_col_text(st, 2));
            mail_body_begin(&d.b, spec->subscriber ? NULL : db_col_text(st, 2));
            spec->open(&d);
        }
        if (spec->row)
            spec->row(&d);
    }
    sqlite3_reset(st);
    buf_free(&unsub);
    return rc < 0 ? -1 : queued;
}

/* --- each kind of mail ------------------------------------------------------------------ */

/* The key "PREFIX:MONTH:RECIPIENT", which makes a mail of the month once-only. */
static void month_key(struct mail_draft *d, const char *prefix)
{
    snprintf(d->key, sizeof d->key, "%s:%s:%" PRId64, prefix, d->ev->month, d->to_id);
}

/* Updates due (MAIL_DUE) and the reminder (MAIL_REMINDER): each owner's
 * actions still to deliver (with :flag, only those without a submitted or
 * accepted update). */
static void due_open(struct mail_draft *d)
{
    const struct mail_event *ev = d->ev;
    bool due = d->kind == MAIL_DUE;
    snprintf(d->subject, sizeof d->subject, "%s: %s updates are due by %s",
             due ? "Updates due" : "Reminder", ev->when, ev->deadline);
    month_key(d, mail_kind_code(d->kind));
    mail_draft_para(d,
                    due ? "%s is open for updates. Yours are due by %s, for these actions:"
                        : "Your updates for %s are due by %s and these are not in yet:",
                    ev->when, ev->deadline);
}

static void due_row(struct mail_draft *d)
{
    mail_draft_item(d, "%s: %s", db_col_text(d->st, 3), db_col_text(d->st, 4));
}

static void due_close(struct mail_draft *d)
{
    mail_draft_link(d, "Write your updates", "/work");
}

/* An update returned or accepted: to its action's owner. */
static void review_open(struct mail_draft *d)
{
    sqlite3_stmt *st = d->st;
    bool accept = d->ev->flag;
    char when[32];
    month_name(db_col_text(st, 5), when);
    snprintf(d->subject, sizeof d->subject, "%s update of %s %s", when,
             TEXT_CLIP(db_col_text(st, 3), 64), accept ? "accepted" : "returned");
    mail_draft_para(d, "The programme office %s your %s update of %s: %s.",
                    accept ? "accepted" : "returned", when, db_col_text(st, 3), db_col_text(st, 4));
    if (d->ev->comment && *d->ev->comment)
        mail_draft_para(d, "%s: %s", accept ? "Their comment" : "What to change", d->ev->comment);
    mail_draft_link(d, accept ? "See the update" : "Change and resubmit the update",
                    "/work/updates/%U", db_col_text(st, 3));
}

/* A closure to decide: to the programme office, and the panel lead of a
 * panel-led action. */
static void closure_open(struct mail_draft *d)
{
    sqlite3_stmt *st = d->st;
    snprintf(d->subject, sizeof d->subject, "Closure of %s proposed: your decision",
             TEXT_CLIP(db_col_text(st, 3), 64));
    mail_draft_para(d,
                    "The owner of %s: %s proposes to close it, with evidence against its "
                    "closure criteria. It awaits your decision.",
                    db_col_text(st, 3), db_col_text(st, 4));
    mail_draft_link(d, "Decide the closure", "/work/closures");
}

/* A plan version to approve (the executive) or sign off (the panel). */
static void version_open(struct mail_draft *d)
{
    int number = d->ev->number;
    bool approved = d->ev->flag;
    snprintf(d->subject, sizeof d->subject, "Plan version %d awaits your %s", number,
             approved ? "sign-off" : "approval");
    mail_draft_para(d,
                    approved ? "Plan version %d (%s) was approved by cabinet and awaits the "
                               "panel's sign-off."
                             : "Plan version %d (%s) was submitted and awaits approval.",
                    number, db_col_text(d->st, 3));
    mail_draft_link(d, "Review the version", "/work/versions/%d", number);
}

/* The chase list after the deadline: to the programme office. */
static void chase_open(struct mail_draft *d)
{
    const struct mail_event *ev = d->ev;
    snprintf(d->subject, sizeof d->subject, "Chase list: %zu %s updates not in by the deadline",
             ev->nlist, ev->when);
    month_key(d, "chase");
    mail_body_para(&d->b, "The deadline has passed and these updates are not in:");
    const char *p = ev->list;
    for (size_t i = 0; i < ev->nlist; i++, p += strlen(p) + 1)
        mail_body_item(&d->b, p);
    mail_draft_link(d, "The chase list", "/work/chase");
}

/* The month signed off: to every account that wants it. */
static void signed_off_open(struct mail_draft *d)
{
    snprintf(d->subject, sizeof d->subject, "%s signed off", d->ev->when);
    month_key(d, "signed_off");
    mail_draft_para(d, "%s was signed off: its progress is now the public record.", d->ev->when);
    mail_draft_link(d, "The month on the public site", "/?as_at=%U", d->ev->month);
}

/* What was published in a signed-off month, to each subscription: the
 * reports, or an action's (or its theme's) accepted updates. */
static void published_open(struct mail_draft *d)
{
    const char *org = d->c->org, *when = d->ev->when;
    char topic[MAIL_TOPIC_MAX];
    text_clip(topic, sizeof topic, db_col_text(d->st, 3));
    month_key(d, "follow");
    if (strcmp(topic, "reports") == 0) {
        snprintf(d->subject, sizeof d->subject, "%s: the progress report for %s",
                 TEXT_CLIP(org, 100), when);
        mail_draft_para(d, "%s's progress for %s has been signed off and published.", org, when);
    } else {
        snprintf(d->subject, sizeof d->subject, "%s: progress on %s, %s", TEXT_CLIP(org, 100),
                 topic, when);
        mail_draft_para(d, "Progress for %s has been signed off and published:", when);
    }
}

static void published_row(struct mail_draft *d)
{
    sqlite3_stmt *st = d->st;
    if (sqlite3_column_type(st, 4) == SQLITE_NULL)
        return;
    struct buf line = BUF_INIT;
    buf_printf(&line, "%s: %s (%s, %d%% complete%s%s)", db_col_text(st, 4), db_col_text(st, 5),
               db_col_text(st, 6), sqlite3_column_int(st, 7),
               *db_col_text(st, 8) ? ", confidence " : "", db_col_text(st, 8));
    for (char *p = line.data; p && *p; p++)
        if (*p == '_')
            *p = ' ';
    mail_body_item(&d->b, buf_str(&line));
    buf_free(&line);
}

static void published_close(struct mail_draft *d)
{
    mail_draft_link(d, "The progress of the month", "/?as_at=%U", d->ev->month);
}

/* The actions of the open month still to deliver, by owner. */
#define DUE_SQL                                                                                    \
    "SELECT a.id, m.address, a.name, x.ref, x.title FROM action x "                                \
    "JOIN " RECIPIENT " AND a.person_id = x.owner_id "                                             \
    "WHERE x.status NOT IN ('complete', 'retired') AND (NOT :flag OR NOT EXISTS ("                 \
    "  SELECT 1 FROM progress_update u JOIN period p ON p.id = u.period_id "                       \
    "  WHERE u.action_id = x.id AND p.month = :month AND u.state IN ('submitted', "                \
    "'accepted'))) "                                                                               \
    "ORDER BY a.id, x.ref"
#define REVIEW_SQL                                                                                 \
    "SELECT a.id, m.address, a.name, x.ref, x.title, p.month FROM progress_update u "              \
    "JOIN action x ON x.id = u.action_id JOIN period p ON p.id = u.period_id "                     \
    "JOIN " RECIPIENT " AND a.person_id = x.owner_id WHERE u.id = :id ORDER BY a.id"

/* clang-format off */
/* The staff's mails, by kind. */
static const struct mail_spec specs[MAIL_STAFF_KINDS] = {
    [MAIL_DUE] = {MAIL_DUE, "mail: owners", DUE_SQL, false, due_open, due_row, due_close},
    [MAIL_REMINDER] = {MAIL_REMINDER, "mail: owners", DUE_SQL, false, due_open, due_row,
                       due_close},
    [MAIL_RETURNED] = {MAIL_RETURNED, "mail: review", REVIEW_SQL, false, review_open, NULL, NULL},
    [MAIL_ACCEPTED] = {MAIL_ACCEPTED, "mail: review", REVIEW_SQL, false, review_open, NULL, NULL},
    [MAIL_CHASE] = {MAIL_CHASE, "mail: chase",
        "SELECT a.id, m.address, a.name FROM " RECIPIENT " AND a.role = 'pmo' ORDER BY a.id",
        false, chase_open, NULL, NULL},
    [MAIL_VERSION] = {MAIL_VERSION, "mail: version",
        "SELECT a.id, m.address, a.name, v.title FROM plan_version v "
        "JOIN " RECIPIENT " AND a.role = :role WHERE v.number = :n ORDER BY a.id",
        false, version_open, NULL, NULL},
    [MAIL_CLOSURE] = {MAIL_CLOSURE, "mail: closure",
        "SELECT a.id, m.address, a.name, x.ref, x.title FROM closure k "
        "JOIN action x ON x.id = k.action_id JOIN " RECIPIENT
        " AND (a.role = 'pmo' OR (a.role = 'panel' AND a.person_id = x.panel_lead_id)) "
        "WHERE k.id = :id ORDER BY a.id",
        false, closure_open, NULL, NULL},
    [MAIL_SIGNED_OFF] = {MAIL_SIGNED_OFF, "mail: signed off",
        "SELECT a.id, m.address, a.name FROM " RECIPIENT " ORDER BY a.id",
        false, signed_off_open, NULL, NULL},
};

/* To the subscribers of a signed-off month: the reports' followers, and
 * each accepted update of the month under the subscriptions to its action
 * or its theme. */
static const struct mail_spec published = {MAIL_FOLLOW, "mail: subscribers",
    "SELECT s.id, s.address, s.token, s.topic, x.ref, x.title, u.status, u.percent, "
    "  coalesce(u.confidence, '') "
    "FROM mail_subscription s LEFT JOIN (progress_update u "
    "  JOIN period p ON p.id = u.period_id AND p.month = :month AND u.state = 'accepted' "
    "  JOIN action x ON x.id = u.action_id JOIN theme t ON t.id = x.theme_id) "
    "  ON s.topic = 'action:' || x.ref OR s.topic = 'theme:' || t.ref "
    "WHERE s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL "
    "  AND (s.topic = 'reports' OR x.id IS NOT NULL) "
    "ORDER BY s.id, x.ref",
    true, published_open, published_row, published_close};
/* clang-format on */

/* --- the events ----------------------------------------------------------------------- */

/* An event about `month`: its name for people and its deadline. */
static struct mail_event month_event(const struct mail_ctx *c, const char *month)
{
    struct mail_event ev = {.month = month};
    int m;
    month_name(month, ev.when);
    date_format(mail_deadline(&c->s, month_parse(month, &m) ? m : 0), ev.deadline);
    return ev;
}

/* Loads the context and sends spec's mails of ev.  Returns 0, or -1. */
static int send_one(struct db *db, enum mail_kind kind, struct mail_event *ev)
{
    struct mail_ctx c;
    if (mail_ctx_load(db, &c))
        return -1;
    if (ev->month) {
        struct mail_event m = month_event(&c, ev->month);
        snprintf(ev->when, sizeof ev->when, "%s", m.when);
        snprintf(ev->deadline, sizeof ev->deadline, "%s", m.deadline);
    }
    return mail_each(db, &c, &specs[kind], ev) < 0 ? -1 : 0;
}

int mail_on_period_open(struct db *db, const char *month)
{
    return send_one(db, MAIL_DUE, &(struct mail_event){.month = month});
}

int mail_on_review(struct db *db, int64_t update_id, bool accept, const char *comment)
{
    return send_one(db, accept ? MAIL_ACCEPTED : MAIL_RETURNED,
                    &(struct mail_event){.id = update_id, .flag = accept, .comment = comment});
}

int mail_on_closure_proposed(struct db *db, int64_t closure_id)
{
    return send_one(db, MAIL_CLOSURE, &(struct mail_event){.id = closure_id});
}

int mail_on_version(struct db *db, int number, bool approved)
{
    return send_one(db, MAIL_VERSION,
                    &(struct mail_event){.number = number,
                                         .flag = approved,
                                         .role = approved ? "panel" : "executive"});
}

int mail_on_period_signed_off(struct db *db, const char *month)
{
    struct mail_ctx c;
    if (mail_ctx_load(db, &c))
        return -1;
    struct mail_event ev = month_event(&c, month);
    return mail_each(db, &c, &specs[MAIL_SIGNED_OFF], &ev) < 0 ||
                   mail_each(db, &c, &published, &ev) < 0
               ? -1
               : 0;
}

/* The chase list after the deadline: to each programme office account, who
 * still owes which update of `month`.  Returns mails queued, or -1. */
static int chase(struct db *db, const struct mail_ctx *c, const char *month)
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
    struct mail_event ev = month_event(c, month);
    int rc;
    while ((rc = db_step(db, st, "mail: chase")) > 0) {
        buf_printf(&list, "%s — %s: %s", db_col_text(st, 0), db_col_text(st, 1),
                   db_col_text(st, 2));
        buf_putc(&list, '\0');
        ev.nlist++;
    }
    sqlite3_reset(st);
    ev.list = list.data;
    int queued = rc < 0 ? -1 : ev.nlist ? mail_each(db, c, &specs[MAIL_CHASE], &ev) : 0;
    buf_free(&list);
    return queued;
}

int mail_schedule(struct db *db, day_t today)
{
    struct mail_ctx c;
    if (db_begin(db))
        return -1;
    if (mail_ctx_load(db, &c))
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
        if (today > deadline) {
            q = chase(db, &c, month);
        } else if (today >= deadline - c.s.reminder_days) {
            struct mail_event ev = month_event(&c, month);
            ev.flag = true; /* only the updates not in */
            q = mail_each(db, &c, &specs[MAIL_REMINDER], &ev);
        }
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

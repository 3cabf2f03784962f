/* mail_send.c — claiming, sending and marking outbox rows; the worker. */
#include "model/mail_send.h"
#include "lib/buf.h"
#include "lib/smtp.h"
#include "lib/text.h"
#include "model/mail.h"
#include "model/mail_int.h"
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One claimed row; strings owned. */
struct claimed {
    int64_t id;
    char *to, *subject, *text, *html, *unsub, *message_id;
    time_t created;
    int attempts;
};

static void claimed_free(struct claimed *c)
{
    free(c->to);
    free(c->subject);
    free(c->text);
    free(c->html);
    free(c->unsub);
    free(c->message_id);
    *c = (struct claimed){0};
}

/* Puts back to 'queued' the rows claimed by a process that is no longer
 * running, or claimed longer ago than the lease. */
static int reclaim(struct db *db, time_t now)
{
    sqlite3_stmt *st = db_prepare(
        db, "SELECT id, claimed_by, claimed_at FROM mail_outbox WHERE status = 'sending'");
    if (!st)
        return -1;
    int64_t ids[64];
    size_t n = 0;
    int rc;
    while (n < 64 && (rc = db_step(db, st, "mail outbox")) > 0) {
        pid_t pid = (pid_t)sqlite3_column_int64(st, 1);
        time_t at = (time_t)sqlite3_column_int64(st, 2);
        bool dead = pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH);
        if (dead || at < now - MAIL_LEASE_S)
            ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    st = db_prepare(db, "UPDATE mail_outbox SET status = 'queued', claimed_by = NULL "
                        "WHERE id = :id AND status = 'sending'");
    if (!st)
        return -1;
    for (size_t i = 0; i < n; i++) {
        sqlite3_reset(st);
        db_bind_int(st, ":id", ids[i]);
        if (db_step(db, st, "mail outbox") < 0)
            return -1;
    }
    return 0;
}

/* Claims the oldest row due at `now`.  Returns 1 with *c filled, 0 when none
 * is due, -1 with db->err. */
static int claim(struct db *db, time_t now, struct claimed *c)
{
    /* most ticks find nothing: look without taking the write lock first */
    sqlite3_stmt *peek = db_prepare(db, "SELECT 1 FROM mail_outbox "
                                        "WHERE status IN ('queued', 'sending') LIMIT 1");
    if (!peek)
        return -1;
    int any = db_step(db, peek, "mail outbox");
    sqlite3_reset(peek);
    if (any <= 0)
        return any;
    if (db_begin(db))
        return -1;
    if (reclaim(db, now))
        goto fail;
    sqlite3_stmt *st = db_prepare(
        db, "SELECT id, recipient, subject, body_text, body_html, unsubscribe, message_id, "
            "created_at, attempts FROM mail_outbox WHERE status = 'queued' AND next_at <= :now "
            "ORDER BY next_at, id LIMIT 1");
    if (!st)
        goto fail;
    db_bind_int(st, ":now", (int64_t)now);
    int rc = db_step(db, st, "mail outbox");
    if (rc > 0) {
        c->id = sqlite3_column_int64(st, 0);
        c->to = xstrdup(db_col_text(st, 1));
        c->subject = xstrdup(db_col_text(st, 2));
        c->text = xstrdup(db_col_text(st, 3));
        c->html = xstrdup(db_col_text(st, 4));
        c->unsub = xstrdup(db_col_text(st, 5));
        c->message_id = xstrdup(db_col_text(st, 6));
        c->created = (time_t)sqlite3_column_int64(st, 7);
        c->attempts = sqlite3_column_int(st, 8) + 1;
    }
    sqlite3_reset(st);
    if (rc < 0)
        goto fail;
    if (rc == 0)
        return db_commit(db) ? -1 : 0;
    st = db_prepare(db, "UPDATE mail_outbox SET status = 'sending', claimed_by = :pid, "
                        "claimed_at = :now, attempts = attempts + 1 WHERE id = :id");
    if (!st)
        goto fail;
    db_bind_int(st, ":pid", (int64_t)getpid());
    db_bind_int(st, ":now", (int64_t)now);
    db_bind_int(st, ":id", c->id);
    if (db_step(db, st, "mail outbox") < 0 || db_commit(db))
        goto fail;
    return 1;
fail:
    claimed_free(c);
    db_rollback(db);
    return -1;
}

/* Records the outcome of sending row c.  Returns 0, or -1. */
static int mark(struct db *db, const struct claimed *c, enum smtp_rc how, const char *why,
                unsigned backoff_s)
{
    time_t now = time(NULL);
    const char *status = how == SMTP_SENT                   ? "sent"
                         : how == SMTP_REFUSED              ? "failed"
                         : c->attempts >= MAIL_MAX_ATTEMPTS ? "failed"
                                                            : "queued";
    long delay = (long)backoff_s << (c->attempts - 1 < 16 ? c->attempts - 1 : 16);
    if (delay > 3600)
        delay = 3600;
    sqlite3_stmt *st = db_prepare(
        db, "UPDATE mail_outbox SET status = :status, claimed_by = NULL, next_at = :next, "
            "sent_at = CASE WHEN :status = 'sent' THEN :now ELSE sent_at END, "
            "last_error = :why WHERE id = :id");
    if (!st)
        return -1;
    db_bind_text(st, ":status", status);
    db_bind_int(st, ":next", (int64_t)now + delay);
    db_bind_int(st, ":now", (int64_t)now);
    db_bind_text(st, ":why", why);
    db_bind_int(st, ":id", c->id);
    /* one statement: its own transaction, durable before the next claim */
    return db_step(db, st, "mail outbox") < 0 ? -1 : 0;
}

/* Reads the first line of the password file into out.  Returns 0, or -1. */
static int read_password(const char *path, char *out, size_t size)
{
    out[0] = '\0';
    if (!path || !*path)
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    if (!fgets(out, (int)size, f))
        out[0] = '\0';
    fclose(f);
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int mail_drain(struct db *db, const struct mail_send_options *o, struct mail_send_stats *stats)
{
    *stats = (struct mail_send_stats){0};
    if (!(o && o->no_schedule) && mail_schedule(db, date_today()) < 0)
        return -1;
    struct mail_settings s;
    if (mail_settings_get(db, &s))
        return -1;
    const char *relay = o && o->relay ? o->relay : s.relay;
    if (!*relay)
        return 0;
    char password[512], org[256];
    if (read_password(s.password_file, password, sizeof password)) {
        snprintf(db->err, sizeof db->err, "mail: cannot read the password file %.200s",
                 s.password_file);
        return -1;
    }
    if (mail_org_name(db, org, sizeof org))
        return -1;
    char host[256], sender[MAIL_TEXT_MAX + 16];
    const char *h = strstr(s.base_url, "://");
    h = h ? h + 3 : s.base_url;
    text_clip(host, sizeof host, h);
    host[strcspn(host, "/:?#")] = '\0';
    if (s.sender[0])
        snprintf(sender, sizeof sender, "%s", s.sender);
    else
        snprintf(sender, sizeof sender, "dialturn@%s", host[0] ? host : "localhost");
    struct smtp_relay r = {.url = relay, .user = s.user, .password = password};
    unsigned backoff = o && o->backoff_s ? o->backoff_s : MAIL_BACKOFF_S;
    /* a row the relay defers waits for its next_at, so each row is tried at
     * most once here */
    for (;;) {
        struct claimed c = {0};
        int rc = claim(db, time(NULL), &c);
        if (rc <= 0)
            return rc;
        struct smtp_message m = {.from = sender,
                                 .from_name = org,
                                 .to = c.to,
                                 .subject = c.subject,
                                 .text = c.text,
                                 .html = c.html,
                                 .message_id = c.message_id,
                                 .unsubscribe = c.unsub[0] ? c.unsub : NULL,
                                 .date = c.created};
        char why[512] = "";
        enum smtp_rc how = smtp_send(&r, &m, why, sizeof why);
        if (how == SMTP_SENT)
            stats->sent++;
        else if (how == SMTP_REFUSED || c.attempts >= MAIL_MAX_ATTEMPTS)
            stats->failed++;
        else
            stats->retry++;
        if (how != SMTP_SENT)
            fprintf(stderr, "dialturn: mail %" PRId64 " to %s: %s\n", c.id, c.to, why);
        rc = mark(db, &c, how, why, backoff);
        claimed_free(&c);
        if (rc)
            return -1;
        if (how == SMTP_TRY_LATER)
            return 0; /* the relay is unwell: the rest waits for the next round */
    }
}

struct mail_worker {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
    char *const *paths;
    size_t n;
    struct mail_send_options o;
    struct db **dbs;     /* one connection per file, opened when first needed; owned */
    unsigned long ticks; /* rounds done: the reminders are looked for every
                            MAIL_SCHEDULE_TICKS of them, the first included */
};

static void *worker_main(void *arg)
{
    struct mail_worker *w = arg;
    for (;;) {
        for (size_t i = 0; i < w->n; i++) {
            pthread_mutex_lock(&w->lock);
            bool stop = w->stopping;
            pthread_mutex_unlock(&w->lock);
            if (stop)
                break;
            char err[512];
            if (!w->dbs[i] &&
                !(w->dbs[i] = db_open(w->paths[i], DB_OPEN_MUST_EXIST, err, sizeof err))) {
                fprintf(stderr, "dialturn: mail: %s\n", err);
                continue;
            }
            db_set_actor(w->dbs[i], "mail");
            struct mail_send_stats st;
            struct mail_send_options o = w->o;
            o.no_schedule = w->ticks % MAIL_SCHEDULE_TICKS != 0;
            if (mail_drain(w->dbs[i], &o, &st))
                fprintf(stderr, "dialturn: mail: %s: %s\n", w->paths[i], w->dbs[i]->err);
        }
        w->ticks++;
        pthread_mutex_lock(&w->lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += MAIL_TICK_S;
        while (!w->stopping && pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT)
            ;
        bool stop = w->stopping;
        pthread_mutex_unlock(&w->lock);
        if (stop)
            return NULL;
    }
}

struct mail_worker *mail_worker_start(char *const *paths, size_t n,
                                      const struct mail_send_options *o)
{
    struct mail_worker *w = xcalloc(1, sizeof *w);
    w->paths = paths;
    w->n = n;
    if (o)
        w->o = *o;
    w->dbs = xcalloc(n ? n : 1, sizeof *w->dbs);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->wake);
        free(w->dbs);
        free(w);
        return NULL;
    }
    return w;
}

void mail_worker_stop(struct mail_worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    for (size_t i = 0; i < w->n; i++)
        db_close(w->dbs[i]);
    free(w->dbs);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    free(w);
}

/* mail_send.h — sending the outbox: a one-shot drain (`dialturn mail send`)
 * and the worker thread of `dialturn serve`.
 *
 * Delivery is at least once, and the same message each time.  A row is
 * claimed (status 'sending', this process's id, attempts + 1) and committed
 * before the relay is called, then marked sent in a second transaction.  A
 * process that dies between the two leaves the row claimed: it is taken
 * again once its claimer is no longer running (or its claim is older than
 * MAIL_LEASE_S), and sent again with the same Message-ID and Date, so the
 * rare duplicate of a crash in that window is the same message, which mail
 * systems recognise; nothing is ever lost.  (At most once would lose the
 * mail of every such crash, and an officer would not know.)  A relay that is
 * down or answers 4xx is tried again after MAIL_BACKOFF_S × 2^(attempts-1)
 * seconds (capped at an hour), up to MAIL_MAX_ATTEMPTS; a 5xx answer (an
 * unknown mailbox, a refused sender) fails the row at once.  Failed rows and
 * their reasons are listed on /work/mail. */
#ifndef DIALTURN_MAIL_SEND_H
#define DIALTURN_MAIL_SEND_H
#include "model/db.h"
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define MAIL_LEASE_S        300 /* a claim older than this is taken again */
#define MAIL_BACKOFF_S      30  /* the first retry's delay, by default */
#define MAIL_MAX_ATTEMPTS   10  /* then the row fails */
#define MAIL_TICK_S         1   /* the worker looks at the outbox this often */
#define MAIL_SCHEDULE_TICKS 60  /* and for reminders due (a write transaction) this often */

struct mail_send_options {
    const char *relay;  /* overrides the organisation's relay, or NULL */
    unsigned backoff_s; /* the first retry's delay (0: MAIL_BACKOFF_S) */
    bool no_schedule;   /* send only: do not look for reminders due (mail_schedule) */
};

struct mail_send_stats {
    size_t sent, failed, retry; /* rows sent, failed for good, left to try again */
};

/* Queues what falls due today (mail_schedule, unless o->no_schedule) and
 * sends every row of `db` that is due now, once each; rows the relay defers
 * are left for later.
 * Without a relay (neither in the settings nor in o) sends nothing.
 * Returns 0, or -1 with db->err set. */
int mail_drain(struct db *db, const struct mail_send_options *o, struct mail_send_stats *st);

struct mail_worker;

/* Starts a thread that drains the outbox of each of the n database files
 * every MAIL_TICK_S (each with its own connection, opened when first
 * needed), logging to stderr what it sends and why a row fails.  Returns the
 * worker, or NULL when no thread can be started.  `paths` must outlive it. */
struct mail_worker *mail_worker_start(char *const *paths, size_t n,
                                      const struct mail_send_options *o);

/* Stops the worker (after the message being sent, if any) and frees it.
 * NULL is allowed. */
void mail_worker_stop(struct mail_worker *w);

#endif

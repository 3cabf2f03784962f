/* warm.h — the latest signed-off month's record memo, built before anyone asks.
 *
 * What the public pages compute from a sealed month is kept once for the
 * server (model/record_memo.h), but someone has to compute it first: at
 * 100,000 actions 3-9 s for a page type and 20-30 s for /data/plan.json, paid
 * by the first reader after a sign-off or a restart.  The warmer is one
 * thread of `serve` that pays instead: when the server starts, when a month
 * is signed off on the web (warm_wake), and when its periodic look (every
 * WARM_POLL_S seconds) finds a month signed off by another process (the
 * command line), it renders the public pages whose sealed-month objects the
 * memo keeps, through the dispatcher, on a record connection of its own, and
 * throws the pages away: the memo keeps what they computed.  A reader who
 * asks meanwhile waits for the object being built or finds it built (the
 * memo builds each object once).  Neither the server's start nor a
 * sign-off's answer waits for it.
 *
 * Each warming writes one line to stderr (the access log):
 *     dialturn: warmed the record of 2016-02 (birmingham) in 0.42 s: 14 objects built */
#ifndef DIALTURN_WARM_H
#define DIALTURN_WARM_H
#include "lib/buf.h"
#include "web/web.h"
#include <stddef.h>

#define WARM_POLL_S 10 /* seconds between looks for a month signed off elsewhere */

struct warmer;

/* Starts the warmer over the organisations orgs[0..n) (not owned: they must
 * outlive it), which warms each at once.  Returns NULL when the thread cannot
 * be started (the server then runs without it). */
struct warmer *warm_start(const struct web_config *orgs, size_t n);

/* A month was signed off: look again now.  NULL is allowed. */
void warm_wake(struct warmer *w);

/* Stops the warmer (a build under way is interrupted) and frees it.  NULL is
 * allowed. */
void warm_stop(struct warmer *w);

/* Writes the warmer's metrics for organisation `cfg` to out (Prometheus's
 * text format): the ledger head (entries) of the latest month it warmed, 0
 * before the first. */
void warm_metrics(struct warmer *w, const struct web_config *cfg, struct buf *out);

#endif

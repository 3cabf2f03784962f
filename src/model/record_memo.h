/* record_memo.h — what public pages compute from a sealed month, kept once
 * for the whole process.
 *
 * A record connection (record.h) shows a sealed month, which never changes:
 * so what a page computes from it (the overview, the home page's figures, the
 * milestones' forecasts, a feed, the bytes of a download) is computed once
 * per database, head and month, and every worker thread reads the same copy.
 * The first thread to ask builds it; the others that ask meanwhile wait for
 * that build instead of starting their own.  A new seal needs no
 * invalidation: it is a new head, so a new key, and what older months keep
 * stays true for them.  The entries share a byte budget; the least recently
 * used one that nobody holds gives way.
 *
 * Only a record connection showing a signed-off month finds or keeps shared
 * objects, so nothing private or unsigned can reach them.  On any other
 * connection the object is built for the calling thread alone and freed at
 * its next record_memo_release() (or once it holds RECORD_MEMO_LOOSE newer
 * ones).
 *
 * Lifetime: an object obtained is held for the calling thread until it calls
 * record_memo_release(); the server calls it after each request, publish
 * after each page.  A response that sends an object's bytes after that holds
 * it with record_memo_hold(). */
#ifndef DIALTURN_RECORD_MEMO_H
#define DIALTURN_RECORD_MEMO_H
#include "model/db.h"
#include <stddef.h>

enum record_memo_kind {
    MEMO_OVERVIEW,   /* the overview (overview.h), key "" */
    MEMO_HOME,       /* struct pub_home, key: the latest month's head seq */
    MEMO_MILESTONES, /* struct pub_milestones, key "" */
    MEMO_RECS,       /* struct pub_recs, key "" */
    MEMO_MEASURES,   /* struct pub_measures, key "" */
    MEMO_FEED,       /* struct pub_feed, key "KIND REF" */
    MEMO_BYTES,      /* struct record_bytes: a download or an API document, key its name */
};

/* The byte budget shared by every sealed month's objects, as counted (an
 * object's count includes what its build allocated and freed again).  A
 * month's overview, home page, milestones, recommendations and measures
 * count 31 MB at 10,000 actions × 36 months and 237 MB at 100,000 × 12; its
 * /data/plan.json is 32 MB (1.3 MB gzipped) at 10,000.  So the budget keeps,
 * at 100,000 actions, the latest month, its download and an as-at month. */
#define RECORD_MEMO_BUDGET (1024u * 1024u * 1024u)

/* Objects built on other connections that a thread keeps until its next
 * record_memo_release(), at most. */
#define RECORD_MEMO_LOOSE 16

/* Bytes kept as they are sent: a download, an API document. */
struct record_bytes {
    char *data; /* owned */
    size_t len;
};

/* Builds the object for (db's record, kind, key): returns it (the memo owns
 * it from then on), with its size in *bytes (0: the allocations made while
 * building are counted, lib/buf.h's xalloc_tally), or NULL with db->err set. */
typedef void *(*record_memo_build_fn)(struct db *db, void *ctx, size_t *bytes);

/* The object for (db's record, kind, key): found, waited for while another
 * thread builds it, or built here with build(db, ctx, ...).  destroy frees
 * it.  On success returns 0 with *out held for this thread (above); on
 * failure -1 with db->err set and *out NULL. */
int record_memo_obtain(struct db *db, enum record_memo_kind kind, const char *key,
                       record_memo_build_fn build, void *ctx, void (*destroy)(void *), void **out);

/* Ends this thread's holds on what it obtained: the shared objects may give
 * way again, and those built for it alone are freed. */
void record_memo_release(void);

/* A hold on obj, a shared object obtained by this thread, beyond its next
 * record_memo_release(), to be ended with record_memo_drop(); NULL when obj
 * is not shared (the caller then copies what it needs). */
void *record_memo_hold(const void *obj);

/* Ends a hold taken by record_memo_hold(); any thread may.  NULL is allowed. */
void record_memo_drop(void *hold);

/* Sets the byte budget (tests); returns the previous one. */
size_t record_memo_budget(size_t bytes);

/* What the memo holds now, for the operator and the tests. */
struct record_memo_stats {
    size_t entries, bytes; /* shared objects kept, and their bytes */
    size_t builds;         /* objects built since start, shared or not */
};
void record_memo_stats(struct record_memo_stats *out);

/* Frees every shared object nobody holds and this thread's own (tests and
 * tools call it before closing their database). */
void record_memo_clear(void);

/* Frees a struct record_bytes (a destroy function for MEMO_BYTES). */
void record_bytes_free(void *p);

#endif

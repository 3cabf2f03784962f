/* record_memo.h — what a public page computes from a sealed month, kept.
 *
 * A record connection (record.h) shows a sealed month, which never changes:
 * so what a page computes from it (the home page's figures, the milestones'
 * forecasts, a feed) is computed once per thread and month and kept, instead
 * of on every request.  Each worker thread has its own small memo (threads
 * share nothing); the least recently used entry gives way.
 *
 * An object is found only on a record connection showing a signed-off month,
 * by (connection, the head and month shown, kind, key).  Otherwise nothing is
 * found and the object put is kept only until it gives way, so a caller
 * treats every object as borrowed from the memo either way. */
#ifndef DIALTURN_RECORD_MEMO_H
#define DIALTURN_RECORD_MEMO_H
#include "model/db.h"

enum record_memo_kind {
    MEMO_HOME,       /* struct pub_home, key "" (as at an earlier month: its latest's seq) */
    MEMO_MILESTONES, /* struct pub_milestones, key "" */
    MEMO_RECS,       /* struct pub_recs, key "" */
    MEMO_FEED,       /* struct pub_feed, key "KIND REF" */
};

/* The object kept for (db's record, kind, key), or NULL.  It belongs to the
 * memo: valid until this thread's next record_memo_put(). */
void *record_memo_get(struct db *db, enum record_memo_kind kind, const char *key);

/* Keeps obj (which the memo now owns and frees with destroy) for (db's
 * record, kind, key), in place of the least recently used entry, and returns
 * it. */
void *record_memo_put(struct db *db, enum record_memo_kind kind, const char *key, void *obj,
                      void (*destroy)(void *));

/* Frees this thread's memo (worker threads free theirs when they exit). */
void record_memo_clear(void);

#endif

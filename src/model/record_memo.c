/* record_memo.c — the process-wide memo of what public pages compute from a
 * sealed month (record_memo.h).
 *
 * One list of entries under one mutex.  An entry is found by (database file,
 * head seq and hash, month, kind, key), through a hash of them (a site
 * keeps one feed per action: 10,000 entries at 10,000 actions); while its
 * first thread builds it
 * (outside the lock) it is listed as not ready, and the threads that ask for
 * it meanwhile wait on `built`.  Each entry counts its holds: the threads
 * that obtained it since their last release, and responses still sending its
 * bytes.  Only an entry nobody holds gives way to the budget. */
#include "model/record_memo.h"
#include "lib/buf.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MEMO_BUCKETS 4096 /* hash buckets of the entries */

struct memo_entry {
    char *file;    /* the database file (its path), owned */
    int64_t seq;   /* the head shown */
    char hash[65]; /* and its hash */
    int month;     /* the month shown */
    enum record_memo_kind kind;
    char *key; /* owned */
    void *obj; /* owned once ready, freed with destroy */
    void (*destroy)(void *);
    size_t bytes;        /* obj's size, for the budget */
    unsigned long holds; /* threads and responses holding it */
    bool ready;          /* built; else a thread is building it */
    unsigned long used;  /* tick of the last use */
    struct memo_entry *next;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t built;                    /* an entry became ready, or its build failed */
    struct memo_entry *bucket[MEMO_BUCKETS]; /* every entry, by entry_hash */
    size_t entries, bytes;                   /* ready entries and their bytes */
    size_t budget;
    size_t builds;
    unsigned long tick;
} memo = {.lock = PTHREAD_MUTEX_INITIALIZER,
          .built = PTHREAD_COND_INITIALIZER,
          .budget = RECORD_MEMO_BUDGET};

/* An object built for one thread alone (not shared). */
struct loose {
    void *obj;
    void (*destroy)(void *);
};

/* One thread's holds, found through a thread key so that a thread that exits
 * ends them. */
struct mine {
    struct memo_entry **held; /* one per obtain since the last release */
    size_t nheld, capheld;
    struct loose loose[RECORD_MEMO_LOOSE]; /* oldest first */
    size_t nloose;
};

static pthread_key_t mine_key;
static pthread_once_t mine_once = PTHREAD_ONCE_INIT;
static int mine_key_rc = -1; /* written once, under mine_once */

static _Thread_local struct mine *mine; /* this thread's, or NULL */

static void mine_end(struct mine *m);

/* The thread key's destructor: a thread that exits ends its holds. */
static void mine_destroy(void *p)
{
    mine_end(p);
    free(p);
    mine = NULL;
}

/* Creates the thread key, once per process (pthread_once). */
static void mine_key_init(void)
{
    mine_key_rc = pthread_key_create(&mine_key, mine_destroy);
}

/* This thread's holds, made on first use. */
static struct mine *mine_get(void)
{
    if (!mine) {
        mine = xcalloc(1, sizeof *mine);
        pthread_once(&mine_once, mine_key_init);
        if (mine_key_rc == 0)
            pthread_setspecific(mine_key, mine);
    }
    return mine;
}

/* Frees an entry no longer listed, and its object. */
static void entry_free(struct memo_entry *e)
{
    if (e->obj && e->destroy)
        e->destroy(e->obj);
    free(e->file);
    free(e->key);
    free(e);
}

/* Unlinks, under the lock, the least recently used entries nobody holds
 * until the rest fit the budget; returns them as a list for the caller to
 * free once it has let go of the lock. */
static struct memo_entry *over_budget(void)
{
    struct memo_entry *out = NULL;
    while (memo.bytes > memo.budget) {
        struct memo_entry **pick = NULL;
        for (size_t b = 0; b < MEMO_BUCKETS; b++)
            for (struct memo_entry **p = &memo.bucket[b]; *p; p = &(*p)->next)
                if ((*p)->ready && (*p)->holds == 0 && (!pick || (*p)->used < (*pick)->used))
                    pick = p;
        if (!pick)
            break;
        struct memo_entry *e = *pick;
        *pick = e->next;
        memo.bytes -= e->bytes;
        memo.entries--;
        e->next = out;
        out = e;
    }
    return out;
}

/* Frees a list of unlinked entries (over_budget's). */
static void free_list(struct memo_entry *e)
{
    while (e) {
        struct memo_entry *next = e->next;
        entry_free(e);
        e = next;
    }
}

/* Ends every hold of thread m and frees what it built alone. */
static void mine_end(struct mine *m)
{
    if (!m)
        return;
    if (m->nheld) {
        pthread_mutex_lock(&memo.lock);
        for (size_t i = 0; i < m->nheld; i++)
            m->held[i]->holds--;
        struct memo_entry *gone = over_budget();
        pthread_mutex_unlock(&memo.lock);
        free_list(gone);
    }
    free(m->held);
    m->held = NULL;
    m->nheld = m->capheld = 0;
    for (size_t i = 0; i < m->nloose; i++)
        if (m->loose[i].destroy)
            m->loose[i].destroy(m->loose[i].obj);
    m->nloose = 0;
}

/* Whether db shows a sealed month, whose objects never change. */
static bool sealed(const struct db *db)
{
    return db->record && db->record_month >= 0;
}

/* Whether entry e is the object (kind, key) of the record db shows, in file. */
static bool same(const struct memo_entry *e, const char *file, const struct db *db,
                 enum record_memo_kind kind, const char *key)
{
    return e->seq == db->record_seq && e->month == db->record_month && e->kind == kind &&
           strcmp(e->hash, db->record_hash) == 0 && strcmp(e->key, key) == 0 &&
           strcmp(e->file, file) == 0;
}

/* The bucket of (the record db shows, kind, key): FNV-1a of them. */
static size_t entry_hash(const struct db *db, enum record_memo_kind kind, const char *key)
{
    uint64_t h = 1469598103934665603u;
    const uint64_t nums[] = {(uint64_t)db->record_seq, (uint64_t)(int64_t)db->record_month,
                             (uint64_t)kind};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
        h = (h ^ nums[i]) * 1099511628211u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return (size_t)(h % MEMO_BUCKETS);
}

/* Bytes counted by the shared objects this thread has built, so far.  A
 * build may obtain another object (the milestones read the month's
 * overview): that object's bytes are its own entry's, not its caller's. */
static _Thread_local size_t built_bytes;

/* Builds an object, counting its bytes when the builder does not (less what
 * the shared objects built meanwhile count themselves). */
static void *build_counted(struct db *db, record_memo_build_fn build, void *ctx, size_t *bytes)
{
    size_t before = xalloc_tally(), inner = built_bytes;
    *bytes = 0;
    void *obj = build(db, ctx, bytes);
    if (obj && *bytes == 0) {
        size_t all = xalloc_tally() - before, others = built_bytes - inner;
        *bytes = all > others ? all - others : 0;
    }
    return obj;
}

/* Builds an object for this thread alone. */
static int obtain_loose(struct db *db, record_memo_build_fn build, void *ctx,
                        void (*destroy)(void *), void **out)
{
    size_t bytes;
    *out = build_counted(db, build, ctx, &bytes);
    if (!*out)
        return -1;
    struct mine *m = mine_get();
    if (m->nloose == RECORD_MEMO_LOOSE) {
        if (m->loose[0].destroy)
            m->loose[0].destroy(m->loose[0].obj);
        memmove(m->loose, m->loose + 1, (RECORD_MEMO_LOOSE - 1) * sizeof *m->loose);
        m->nloose--;
    }
    m->loose[m->nloose++] = (struct loose){*out, destroy};
    pthread_mutex_lock(&memo.lock);
    memo.builds++;
    pthread_mutex_unlock(&memo.lock);
    return 0;
}

int record_memo_obtain(struct db *db, enum record_memo_kind kind, const char *key,
                       record_memo_build_fn build, void *ctx, void (*destroy)(void *), void **out)
{
    *out = NULL;
    if (!sealed(db))
        return obtain_loose(db, build, ctx, destroy, out);
    const char *file = sqlite3_db_filename(db->h, "main");
    file = file ? file : "";
    struct mine *m = mine_get();
    size_t h = entry_hash(db, kind, key);

    pthread_mutex_lock(&memo.lock);
    struct memo_entry *e;
    for (;;) {
        for (e = memo.bucket[h]; e && !same(e, file, db, kind, key); e = e->next)
            ;
        if (!e || e->ready)
            break;
        pthread_cond_wait(&memo.built, &memo.lock); /* another thread is building it */
    }
    if (e) {
        e->holds++;
        e->used = ++memo.tick;
        pthread_mutex_unlock(&memo.lock);
        m->held = xgrow(m->held, m->nheld, &m->capheld, sizeof *m->held);
        m->held[m->nheld++] = e;
        *out = e->obj;
        return 0;
    }
    e = xcalloc(1, sizeof *e);
    e->file = xstrdup(file);
    e->seq = db->record_seq;
    memcpy(e->hash, db->record_hash, sizeof e->hash);
    e->month = db->record_month;
    e->kind = kind;
    e->key = xstrdup(key);
    e->destroy = destroy;
    e->holds = 1;
    e->next = memo.bucket[h];
    memo.bucket[h] = e;
    pthread_mutex_unlock(&memo.lock);

    size_t bytes;
    void *obj = build_counted(db, build, ctx, &bytes);

    pthread_mutex_lock(&memo.lock);
    memo.builds++;
    struct memo_entry *gone = NULL;
    if (obj) {
        e->obj = obj;
        e->bytes = bytes;
        e->ready = true;
        e->used = ++memo.tick;
        memo.entries++;
        memo.bytes += bytes;
        gone = over_budget();
    } else {
        struct memo_entry **p = &memo.bucket[h];
        while (*p != e)
            p = &(*p)->next;
        *p = e->next;
    }
    pthread_cond_broadcast(&memo.built);
    pthread_mutex_unlock(&memo.lock);
    free_list(gone);
    if (!obj) {
        e->destroy = NULL;
        entry_free(e);
        return -1;
    }
    built_bytes += bytes;
    /* grown here, not before the build: a build that obtains another object
     * appends to this list itself */
    m->held = xgrow(m->held, m->nheld, &m->capheld, sizeof *m->held);
    m->held[m->nheld++] = e;
    *out = obj;
    return 0;
}

void record_memo_release(void)
{
    mine_end(mine);
}

void *record_memo_hold(const void *obj)
{
    struct mine *m = mine;
    for (size_t i = 0; m && obj && i < m->nheld; i++)
        if (m->held[i]->obj == obj) {
            pthread_mutex_lock(&memo.lock);
            m->held[i]->holds++;
            pthread_mutex_unlock(&memo.lock);
            return m->held[i];
        }
    return NULL;
}

void record_memo_drop(void *hold)
{
    struct memo_entry *e = hold;
    if (!e)
        return;
    pthread_mutex_lock(&memo.lock);
    e->holds--;
    struct memo_entry *gone = over_budget();
    pthread_mutex_unlock(&memo.lock);
    free_list(gone);
}

size_t record_memo_budget(size_t bytes)
{
    pthread_mutex_lock(&memo.lock);
    size_t was = memo.budget;
    memo.budget = bytes;
    struct memo_entry *gone = over_budget();
    pthread_mutex_unlock(&memo.lock);
    free_list(gone);
    return was;
}

void record_memo_stats(struct record_memo_stats *out)
{
    pthread_mutex_lock(&memo.lock);
    *out = (struct record_memo_stats){memo.entries, memo.bytes, memo.builds};
    pthread_mutex_unlock(&memo.lock);
}

void record_memo_clear(void)
{
    mine_end(mine);
    pthread_mutex_lock(&memo.lock);
    size_t budget = memo.budget;
    memo.budget = 0;
    struct memo_entry *gone = over_budget();
    memo.budget = budget;
    pthread_mutex_unlock(&memo.lock);
    free_list(gone);
}

void record_bytes_free(void *p)
{
    struct record_bytes *b = p;
    if (b)
        free(b->data);
    free(b);
}

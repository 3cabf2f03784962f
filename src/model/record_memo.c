/* record_memo.c — the per-thread memo of what public pages compute from a
 * sealed month (record_memo.h). */
#include "model/record_memo.h"
#include "lib/buf.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Entries per thread: the latest month's pages and a few as-at months.  At
 * 10,000 actions the largest (the milestones' forecasts) is a few MB. */
#define MEMO_SLOTS 16

struct memo_slot {
    const struct db *db; /* the connection (identity only), NULL when free */
    int64_t seq;         /* the head shown */
    int month;           /* the month shown */
    bool findable;       /* a sealed month: may be found again */
    enum record_memo_kind kind;
    char *key; /* owned */
    void *obj; /* owned, freed with destroy */
    void (*destroy)(void *);
    unsigned long used; /* when last put or found */
};

struct memo {
    struct memo_slot slot[MEMO_SLOTS];
    unsigned long tick;
};

static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;
static int memo_key_rc = -1; /* written once, under memo_once */

static void slot_empty(struct memo_slot *s)
{
    if (s->obj && s->destroy)
        s->destroy(s->obj);
    free(s->key);
    memset(s, 0, sizeof *s);
}

static void memo_destroy(void *p)
{
    struct memo *m = p;
    for (size_t i = 0; m && i < MEMO_SLOTS; i++)
        slot_empty(&m->slot[i]);
    free(m);
}

static void memo_key_init(void)
{
    memo_key_rc = pthread_key_create(&memo_key, memo_destroy);
}

static _Thread_local struct memo *mine; /* this thread's memo, or NULL */

/* This thread's memo, created on first use.  The thread key only frees it
 * when the thread exits (were no key to be had, it would outlive the thread). */
static struct memo *memo_mine(void)
{
    if (!mine) {
        mine = xcalloc(1, sizeof *mine);
        pthread_once(&memo_once, memo_key_init);
        if (memo_key_rc == 0)
            pthread_setspecific(memo_key, mine);
    }
    return mine;
}

/* Whether db shows a sealed month, whose pages never change. */
static bool sealed(const struct db *db)
{
    return db->record && db->record_month >= 0;
}

void *record_memo_get(struct db *db, enum record_memo_kind kind, const char *key)
{
    struct memo *m = sealed(db) ? mine : NULL;
    for (size_t i = 0; m && i < MEMO_SLOTS; i++) {
        struct memo_slot *s = &m->slot[i];
        if (s->findable && s->db == db && s->seq == db->record_seq &&
            s->month == db->record_month && s->kind == kind && strcmp(s->key, key) == 0) {
            s->used = ++m->tick;
            return s->obj;
        }
    }
    return NULL;
}

void *record_memo_put(struct db *db, enum record_memo_kind kind, const char *key, void *obj,
                      void (*destroy)(void *))
{
    struct memo *m = memo_mine();
    struct memo_slot *pick = &m->slot[0];
    for (size_t i = 0; i < MEMO_SLOTS; i++) {
        struct memo_slot *s = &m->slot[i];
        if (!s->db) {
            pick = s;
            break;
        }
        if (s->used < pick->used)
            pick = s;
    }
    slot_empty(pick);
    *pick =
        (struct memo_slot){db,  db->record_seq, db->record_month, sealed(db), kind, xstrdup(key),
                           obj, destroy,        ++m->tick};
    return obj;
}

void record_memo_clear(void)
{
    memo_destroy(mine);
    mine = NULL;
    pthread_once(&memo_once, memo_key_init);
    if (memo_key_rc == 0)
        pthread_setspecific(memo_key, NULL);
}

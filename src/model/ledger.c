/* ledger.c — writing rows through the hash-chained ledger, and verifying it. */
#include "model/ledger.h"
#include "model/document.h"  /* document_verify, for ledger_verify */
#include "model/integrity.h" /* the schema and the search index, for ledger_verify */
#include "model/record.h"    /* the seals and the history, for ledger_verify */
#include "lib/date.h"        /* date_now_utc: the time of an entry */
#include "lib/text.h"        /* utf8_seq: strings in an entry are UTF-8 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zero_hash[SHA256_HEX_LEN] =
    "0000000000000000000000000000000000000000000000000000000000000000";

char *ledger_canonical(const json_t *v)
{
    char *s =
        json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY | JSON_REAL_PRECISION(17));
    if (!s) /* a tree's strings were checked when made (json_string refuses
             * invalid UTF-8), so only allocation fails here: buf.h's policy.
             * v must not be NULL: callers say "absent" themselves. */
        abort();
    return s;
}

/* ---- canonical text without jansson ----------------------------------------------
 *
 * Entries are most of an import's work, so they are written straight from
 * the column values.  The rules are those of json_dumps() with JSON_COMPACT |
 * JSON_SORT_KEYS | JSON_REAL_PRECISION(17), which ledger_canonical() uses and
 * every stored entry was hashed with: keys in byte order, no spaces, strings
 * with only \\, \" and control characters escaped (\b \f \n \r \t, else
 * \u00XX in capitals), integers in decimal.  Reals, rare, are dumped by
 * jansson itself.  tests/unit/test_ledger.c compares both on awkward values. */

/* Appends s as a JSON string.  Returns -1 if s is not valid UTF-8. */
static int put_json_string(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s, *run = p;
    buf_putc(b, '"');
    while (*p) {
        unsigned c = *p;
        if (c >= 0x80) {
            /* well-formed as jansson requires; the NUL that ends s is no
             * continuation byte, so no read passes it */
            bool ok;
            size_t n = utf8_seq(p, 4, &ok);
            if (!ok)
                return -1;
            p += n;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            p++;
            continue;
        }
        buf_append(b, run, (size_t)(p - run));
        char esc[7] = {'\\', 0};
        size_t len = 2;
        switch (c) {
        case '"':
            esc[1] = '"';
            break;
        case '\\':
            esc[1] = '\\';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 0xF];
            len = 6;
        }
        buf_append(b, esc, len);
        run = ++p;
    }
    buf_append(b, run, (size_t)(p - run));
    buf_putc(b, '"');
    return 0;
}

static void put_json_int(struct buf *b, int64_t v)
{
    char s[24];
    int n = snprintf(s, sizeof s, "%" PRId64, v);
    buf_append(b, s, (size_t)n);
}

/* A real as jansson dumps it (its shortest round-trip form with ".0" or an
 * exponent, which is not worth re-deriving for a few values per import). */
static void put_json_real(struct buf *b, double d)
{
    json_t *r = json_real(d);
    char *s = r ? json_dumps(r, JSON_ENCODE_ANY | JSON_REAL_PRECISION(17)) : NULL;
    if (!s)
        abort(); /* json_real refuses only NaN and infinities, which SQLite never returns */
    buf_puts(b, s);
    free(s);
    json_decref(r);
}

/* Per table, the state's keys in byte order: -1 for "id", else a column index. */
static int sorted_keys[T__MAX][LEDGER_MAX_COLS + 1];
static pthread_once_t sorted_once = PTHREAD_ONCE_INIT;

static const char *key_name(const struct table *t, int k)
{
    return k < 0 ? "id" : t->cols[k].name;
}

static void sort_keys(void)
{
    for (int ti = 0; ti < T__MAX; ti++) {
        const struct table *t = &tables[ti];
        if (t->ncols > LEDGER_MAX_COLS)
            abort(); /* raise LEDGER_MAX_COLS */
        int *k = sorted_keys[ti];
        k[0] = -1;
        for (size_t i = 0; i < t->ncols; i++) { /* insertion sort: at most 21 names */
            size_t j = i + 1;
            while (j > 0 && strcmp(key_name(t, k[j - 1]), t->cols[i].name) > 0) {
                k[j] = k[j - 1];
                j--;
            }
            k[j] = (int)i;
        }
    }
}

int ledger_state_text(const struct ledger_row *r, int64_t id, struct buf *out)
{
    pthread_once(&sorted_once, sort_keys);
    const struct table *t = &tables[r->t];
    buf_putc(out, '{');
    for (size_t i = 0; i <= t->ncols; i++) {
        int k = sorted_keys[r->t][i];
        if (i)
            buf_putc(out, ',');
        buf_putc(out, '"');
        buf_puts(out, key_name(t, k));
        buf_append(out, "\":", 2);
        if (k < 0) {
            if (id)
                put_json_int(out, id);
            else
                buf_puts(out, "null");
            continue;
        }
        const struct ledger_val *v = &r->v[k];
        if (v->kind == LV_NULL)
            buf_puts(out, "null");
        else if (v->kind == LV_INT)
            put_json_int(out, v->i);
        else if (v->kind == LV_REAL)
            put_json_real(out, v->d);
        else if (put_json_string(out, v->s))
            return -1;
    }
    buf_putc(out, '}');
    return 0;
}

/* The next column of r must be `col`; returns its value slot. */
static struct ledger_val *next_col(struct ledger_row *r, const char *col)
{
    const struct table *t = &tables[r->t];
    if (r->n >= t->ncols || strcmp(t->cols[r->n].name, col) != 0) {
        fprintf(stderr, "dialturn: bug: %s column %zu is not %s\n", t->name, r->n, col);
        abort();
    }
    return &r->v[r->n++];
}

void ledger_row_init(struct ledger_row *r, enum table_id t, int64_t id)
{
    r->t = t;
    r->id = id;
    r->n = 0;
}

void ledger_row_null(struct ledger_row *r, const char *col)
{
    next_col(r, col)->kind = LV_NULL;
}

void ledger_row_int(struct ledger_row *r, const char *col, int64_t v)
{
    struct ledger_val *x = next_col(r, col);
    x->kind = LV_INT;
    x->i = v;
}

void ledger_row_real(struct ledger_row *r, const char *col, double v)
{
    struct ledger_val *x = next_col(r, col);
    x->kind = LV_REAL;
    x->d = v;
}

void ledger_row_text(struct ledger_row *r, const char *col, const char *s)
{
    struct ledger_val *x = next_col(r, col);
    x->kind = s ? LV_TEXT : LV_NULL;
    x->s = s;
}

void ledger_row_date(struct ledger_row *r, const char *col, day_t d)
{
    if (d == DAY_NONE) {
        ledger_row_null(r, col);
        return;
    }
    date_format(d, r->dates[r->n]);
    ledger_row_text(r, col, r->dates[r->n]);
}

/* Turns the current row of a statement made from t's select/scan SQL into a
 * state.  Returns NULL with db->err naming the table, row and column when a
 * text column is not valid UTF-8 (jansson refuses it): a row changed behind
 * the application's back, never read as null. */
static json_t *row_to_state(struct db *db, const struct table *t, sqlite3_stmt *st)
{
    json_t *o = json_object();
    int64_t id = sqlite3_column_int64(st, 0);
    json_object_set_new(o, "id", json_integer(id));
    for (size_t i = 0; i < t->ncols; i++) {
        int c = (int)i + 1;
        json_t *v;
        if (sqlite3_column_type(st, c) == SQLITE_NULL)
            v = json_null();
        else if (t->cols[i].type == COL_INT)
            v = json_integer(sqlite3_column_int64(st, c));
        else if (t->cols[i].type == COL_REAL)
            v = json_real(sqlite3_column_double(st, c));
        else
            v = json_string((const char *)sqlite3_column_text(st, c));
        if (!v) {
            snprintf(db->err, sizeof db->err,
                     "%s row %" PRId64 ": column %s is not valid UTF-8 (changed outside dialturn)",
                     t->name, id, t->cols[i].name);
            json_decref(o);
            return NULL;
        }
        json_object_set_new(o, t->cols[i].name, v);
    }
    return o;
}

json_t *ledger_row_state(struct db *db, enum table_id tid, int64_t id)
{
    const struct table *t = &tables[tid];
    sqlite3_stmt *st = db_prepare(db, t->select_sql);
    if (!st)
        return NULL;
    db_bind_int(st, ":id", id);
    json_t *o = sqlite3_step(st) == SQLITE_ROW ? row_to_state(db, t, st) : NULL;
    sqlite3_reset(st);
    return o;
}

/* Makes the text of one entry into e and its hash, after `prev`.  Returns 0,
 * or -1 when the actor is not valid UTF-8 (a bug). */
static int entry_make(const char *actor, const char *at, const char *op, int64_t row, int64_t seq,
                      const char *state, const char *tbl, const char prev[SHA256_HEX_LEN],
                      struct buf *e, char hash[SHA256_HEX_LEN])
{
    /* {"actor","at","op","row","seq","state","table"}: the keys in byte order */
    buf_puts(e, "{\"actor\":");
    if (put_json_string(e, actor))
        return -1;
    buf_puts(e, ",\"at\":");
    put_json_string(e, at);
    buf_puts(e, ",\"op\":");
    put_json_string(e, op);
    buf_puts(e, ",\"row\":");
    put_json_int(e, row);
    buf_puts(e, ",\"seq\":");
    put_json_int(e, seq);
    buf_puts(e, ",\"state\":");
    buf_puts(e, state ? state : "null");
    buf_puts(e, ",\"table\":");
    put_json_string(e, tbl);
    buf_putc(e, '}');
    sha256_hex2(prev, 64, e->data, e->len, hash);
    return 0;
}

/* Inserts one made entry.  Returns 0, or -1 with db->err set. */
static int entry_insert(struct db *db, int64_t seq, const char *tbl, int64_t row, const char *entry,
                        const char *prev, const char *hash)
{
    sqlite3_stmt *st =
        db_prepare(db, "INSERT INTO ledger(seq, tbl, row_id, entry, prev_hash, hash) "
                       "VALUES(:seq, :tbl, :row, :entry, :prev, :hash)");
    if (!st)
        return -1;
    db_bind_int(st, ":seq", seq);
    db_bind_text_static(st, ":tbl", tbl);
    db_bind_int(st, ":row", row);
    db_bind_text_static(st, ":entry", entry);
    db_bind_text_static(st, ":prev", prev);
    db_bind_text_static(st, ":hash", hash);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    if (rc)
        db_set_error(db, "ledger");
    sqlite3_reset(st);
    return rc;
}

/* Reads the head of the chain into db unless known.  Returns 0 or -1. */
static int head_load(struct db *db)
{
    if (db->head_known)
        return 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1");
    if (!st)
        return -1;
    db->head_seq = 0;
    memcpy(db->head_hash, zero_hash, sizeof db->head_hash);
    if (sqlite3_step(st) == SQLITE_ROW) {
        db->head_seq = sqlite3_column_int64(st, 0);
        snprintf(db->head_hash, sizeof db->head_hash, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    db->head_known = true;
    return 0;
}

/* ---- hashing beside the writes ------------------------------------------------------
 *
 * An import appends a hundred thousand entries, and making each entry's text
 * and hash is a good part of the writing thread's work.  Between
 * ledger_bulk_begin() and ledger_bulk_end() a second thread makes them, in
 * order, from the states the writer puts in a ring of slots, and the writer
 * inserts each finished entry a batch at a time (the rest at the end).
 * Entries, hashes and their order are exactly what ledger_append() makes one
 * at a time.  A slot keeps its buffers from one lap to the next, so neither
 * thread allocates per entry, nor frees what the other allocated (glibc's
 * arenas would then fight over their locks). */

#define BULK_RING 4096
/* Entries made, or inserted, at once: the threads meet under the lock once
 * per batch, not once per entry. */
#define BULK_BATCH 256

struct bulk_slot {
    /* the writer's part */
    const char *tbl, *op; /* static names */
    int64_t row;
    bool deletion;    /* no state */
    struct buf state; /* the row's canonical state, kept between laps */
    /* the hasher's part */
    int64_t seq;
    bool bad;         /* the actor is not valid UTF-8 */
    struct buf entry; /* kept between laps */
    char prev[SHA256_HEX_LEN], hash[SHA256_HEX_LEN];
};

/* Slots [dout, din) are made and wait to be inserted, [din, jin) wait to be
 * made, and the rest are free for the writer; a slot goes round in that
 * order, so each part of it has one thread at a time. */
struct ledger_hasher {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* a waiting side is woken (its flag says it waits) */
    struct bulk_slot ring[BULK_RING];
    size_t jin, din, dout; /* slots filled / made / inserted, ever */
    bool closing;          /* no more will be filled */
    bool finished;         /* the hasher has made its last */
    bool hwait, wwait;     /* the hasher / the writer waits on cv */
    const char *actor;     /* the db's, which stays put meanwhile */
    int64_t seq;           /* the chain's head: the hasher's alone until it ends */
    char hash[SHA256_HEX_LEN];
};

/* Makes one slot's entry after the hasher's head, and advances the head. */
static void hasher_make(struct ledger_hasher *h, struct bulk_slot *sl)
{
    char at[DATE_TIME_LEN];
    date_now_utc(at);
    sl->seq = h->seq + 1;
    memcpy(sl->prev, h->hash, sizeof sl->prev);
    buf_reset(&sl->entry);
    sl->bad = entry_make(h->actor, at, sl->op, sl->row, sl->seq,
                         sl->deletion ? NULL : buf_str(&sl->state), sl->tbl, sl->prev, &sl->entry,
                         sl->hash) != 0;
    if (!sl->bad) {
        h->seq = sl->seq;
        memcpy(h->hash, sl->hash, sizeof h->hash);
    }
}

/* The hasher: makes the filled slots in order, a batch at a time. */
static void *hasher_main(void *arg)
{
    struct ledger_hasher *h = arg;
    pthread_mutex_lock(&h->mu);
    for (;;) {
        size_t from = h->din, n = h->jin - h->din;
        if (n == 0) {
            if (h->closing)
                break;
            h->hwait = true;
            pthread_cond_wait(&h->cv, &h->mu);
            h->hwait = false;
            continue;
        }
        n = n < BULK_BATCH ? n : BULK_BATCH;
        pthread_mutex_unlock(&h->mu);
        for (size_t i = 0; i < n; i++)
            hasher_make(h, &h->ring[(from + i) % BULK_RING]);
        pthread_mutex_lock(&h->mu);
        h->din += n;
        if (h->wwait)
            pthread_cond_signal(&h->cv);
    }
    h->finished = true;
    if (h->wwait)
        pthread_cond_signal(&h->cv);
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

/* Inserts the entries made so far, in order.  Returns 0 or -1 (db->err). */
static int bulk_insert_ready(struct db *db)
{
    struct ledger_hasher *h = db->hasher;
    pthread_mutex_lock(&h->mu);
    size_t from = h->dout, to = h->din;
    pthread_mutex_unlock(&h->mu);
    int rc = 0;
    for (size_t i = from; rc == 0 && i < to; i++) {
        struct bulk_slot *sl = &h->ring[i % BULK_RING];
        if (sl->bad) {
            snprintf(db->err, sizeof db->err, "bug: the actor is not valid UTF-8");
            rc = -1;
        } else {
            rc = entry_insert(db, sl->seq, sl->tbl, sl->row, buf_str(&sl->entry), sl->prev,
                              sl->hash);
        }
    }
    pthread_mutex_lock(&h->mu);
    h->dout = to;
    pthread_mutex_unlock(&h->mu);
    return rc;
}

/* The next free slot for the writer, inserting made entries or waiting for
 * the hasher when the ring is full.  NULL (db->err) if an insert fails. */
static struct bulk_slot *bulk_slot_next(struct db *db)
{
    struct ledger_hasher *h = db->hasher;
    pthread_mutex_lock(&h->mu);
    while (h->jin - h->dout == BULK_RING) {
        if (h->din != h->dout) {
            pthread_mutex_unlock(&h->mu);
            if (bulk_insert_ready(db))
                return NULL;
            pthread_mutex_lock(&h->mu);
        } else {
            h->wwait = true;
            pthread_cond_wait(&h->cv, &h->mu);
            h->wwait = false;
        }
    }
    struct bulk_slot *sl = &h->ring[h->jin % BULK_RING];
    pthread_mutex_unlock(&h->mu);
    return sl;
}

/* Hands the slot bulk_slot_next() gave to the hasher, and inserts the made
 * entries once a batch of them waits.  Returns 0 or -1 (db->err). */
static int bulk_slot_fill(struct db *db, const char *tbl, int64_t row, const char *op,
                          bool deletion)
{
    struct ledger_hasher *h = db->hasher;
    pthread_mutex_lock(&h->mu);
    struct bulk_slot *sl = &h->ring[h->jin % BULK_RING];
    sl->tbl = tbl;
    sl->op = op;
    sl->row = row;
    sl->deletion = deletion;
    h->jin++;
    if (h->hwait && h->jin - h->din >= BULK_BATCH) /* waking it is a system call */
        pthread_cond_signal(&h->cv);
    size_t ready = h->din - h->dout;
    pthread_mutex_unlock(&h->mu);
    return ready >= BULK_BATCH ? bulk_insert_ready(db) : 0;
}

int ledger_bulk_begin(struct db *db)
{
    if (db->hasher)
        return 0;
    if (head_load(db))
        return -1;
    struct ledger_hasher *h = xcalloc(1, sizeof *h);
    h->actor = db->actor;
    h->seq = db->head_seq;
    memcpy(h->hash, db->head_hash, sizeof h->hash);
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    if (pthread_create(&h->thread, NULL, hasher_main, h) != 0) {
        /* no second thread: entries are made one at a time, as always */
        pthread_mutex_destroy(&h->mu);
        pthread_cond_destroy(&h->cv);
        free(h);
        return 0;
    }
    db->hasher = h;
    return 0;
}

int ledger_bulk_end(struct db *db)
{
    struct ledger_hasher *h = db->hasher;
    if (!h)
        return 0;
    pthread_mutex_lock(&h->mu);
    h->closing = true;
    if (h->hwait)
        pthread_cond_signal(&h->cv);
    pthread_mutex_unlock(&h->mu);
    int rc = 0;
    for (;;) { /* insert as the hasher makes them, until it has made the last */
        if (rc == 0 && bulk_insert_ready(db))
            rc = -1;
        pthread_mutex_lock(&h->mu);
        if (rc) /* nothing more will be inserted: let the hasher finish */
            h->dout = h->din;
        while (h->din == h->dout && !h->finished) {
            h->wwait = true;
            pthread_cond_wait(&h->cv, &h->mu);
            h->wwait = false;
            if (rc)
                h->dout = h->din;
        }
        bool more = h->din != h->dout;
        pthread_mutex_unlock(&h->mu);
        if (!more)
            break;
    }
    pthread_join(h->thread, NULL);
    db->head_seq = h->seq;
    memcpy(db->head_hash, h->hash, sizeof db->head_hash);
    db->head_known = rc == 0; /* after a failure the caller rolls back */
    db->hasher = NULL;
    for (size_t i = 0; i < BULK_RING; i++) {
        buf_free(&h->ring[i].state);
        buf_free(&h->ring[i].entry);
    }
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
    free(h);
    return rc;
}

/* Appends one entry after the current head of the chain; `state` is the
 * canonical text of the row's new state (taken: freed here), or NULL for a
 * deletion. */
static int ledger_append(struct db *db, const char *tbl, int64_t row, const char *op, char *state)
{
    char prev[SHA256_HEX_LEN], hash[SHA256_HEX_LEN], at[21];
    if (head_load(db)) {
        free(state);
        return -1;
    }
    int64_t seq = db->head_seq + 1;
    memcpy(prev, db->head_hash, sizeof prev);
    date_now_utc(at);
    struct buf e = BUF_INIT;
    int rc = entry_make(db->actor, at, op, row, seq, state, tbl, prev, &e, hash);
    free(state);
    if (rc)
        snprintf(db->err, sizeof db->err, "bug: the actor is not valid UTF-8");
    else
        rc = entry_insert(db, seq, tbl, row, e.data, prev, hash);
    if (rc) {
        db->head_known = false;
    } else {
        db->head_seq = seq;
        memcpy(db->head_hash, hash, sizeof db->head_hash);
    }
    buf_free(&e);
    return rc;
}

/* Reads one column's value from a JSON state into v, as ledger_put()
 * documents: REAL columns take integers as reals and INT columns booleans as
 * 0/1, and the state is normalised to match. */
static int json_col(struct db *db, const struct table *t, const struct col *c, json_t *state,
                    struct ledger_val *v)
{
    json_t *j = json_object_get(state, c->name);
    if (!j) {
        snprintf(db->err, sizeof db->err, "bug: %s state lacks column %s", t->name, c->name);
        return -1;
    }
    if (json_is_null(j)) {
        v->kind = LV_NULL;
    } else if (c->type == COL_REAL && json_is_number(j)) {
        v->kind = LV_REAL;
        v->d = json_number_value(j);
        json_object_set_new(state, c->name, json_real(v->d));
    } else if (c->type == COL_INT && json_is_integer(j)) {
        v->kind = LV_INT;
        v->i = json_integer_value(j);
    } else if (c->type == COL_INT && json_is_boolean(j)) {
        v->kind = LV_INT;
        v->i = json_is_true(j);
        json_object_set_new(state, c->name, json_integer(v->i));
    } else if (c->type == COL_TEXT && json_is_string(j)) {
        v->kind = LV_TEXT;
        v->s = json_string_value(j); /* stays alive: the state holds it */
    } else {
        snprintf(db->err, sizeof db->err, "bug: %s.%s has the wrong JSON type", t->name, c->name);
        return -1;
    }
    return 0;
}

/* Does the stored row `id` hold exactly r's values?  What json_equal() of
 * the stored state and the new one said: same types, same values. */
static bool row_unchanged(struct db *db, const struct ledger_row *r)
{
    const struct table *t = &tables[r->t];
    sqlite3_stmt *st = db_prepare(db, t->select_sql);
    if (!st)
        return false;
    db_bind_int(st, ":id", r->id);
    bool same = sqlite3_step(st) == SQLITE_ROW;
    for (size_t i = 0; same && i < t->ncols; i++) {
        int c = (int)i + 1;
        const struct ledger_val *v = &r->v[i];
        if (sqlite3_column_type(st, c) == SQLITE_NULL)
            same = v->kind == LV_NULL;
        else if (t->cols[i].type == COL_INT)
            same = v->kind == LV_INT && v->i == sqlite3_column_int64(st, c);
        else if (t->cols[i].type == COL_REAL)
            same = v->kind == LV_REAL && v->d == sqlite3_column_double(st, c);
        else
            same =
                v->kind == LV_TEXT && strcmp(v->s, (const char *)sqlite3_column_text(st, c)) == 0;
    }
    sqlite3_reset(st);
    return same;
}

int64_t ledger_put_row(struct db *db, const struct ledger_row *r, int skip_unchanged)
{
    const struct table *t = &tables[r->t];
    if (r->n != t->ncols) {
        snprintf(db->err, sizeof db->err, "bug: %s row has %zu of its %zu columns", t->name, r->n,
                 t->ncols);
        return -1;
    }
    int64_t id = r->id;
    if (id && skip_unchanged && row_unchanged(db, r))
        return id;
    sqlite3_stmt *st = db_prepare(db, t->upsert_sql);
    if (!st)
        return -1;
    if (id)
        db_bind_int(st, ":id", id);
    for (size_t i = 0; i < t->ncols; i++) {
        const struct ledger_val *v = &r->v[i];
        const char *param = t->cols[i].param;
        if (v->kind == LV_NULL)
            db_bind_null(st, param);
        else if (v->kind == LV_INT)
            db_bind_int(st, param, v->i);
        else if (v->kind == LV_REAL)
            db_bind_double(st, param, v->d);
        else
            db_bind_text_static(st, param, v->s); /* r outlives the step */
    }
    if (sqlite3_step(st) != SQLITE_DONE) {
        db_set_error(db, t->name);
        sqlite3_reset(st);
        return -1;
    }
    sqlite3_reset(st);
    if (!id)
        id = sqlite3_last_insert_rowid(db->h);
    if (db->hasher) { /* the state straight into a slot of the ring */
        struct bulk_slot *sl = bulk_slot_next(db);
        if (!sl)
            return -1;
        buf_reset(&sl->state);
        if (ledger_state_text(r, id, &sl->state)) {
            snprintf(db->err, sizeof db->err, "bug: a %s value is not valid UTF-8", t->name);
            return -1;
        }
        return bulk_slot_fill(db, t->name, id, "put", false) ? -1 : id;
    }
    struct buf state = BUF_INIT;
    int rc = ledger_state_text(r, id, &state);
    if (rc)
        snprintf(db->err, sizeof db->err, "bug: a %s value is not valid UTF-8", t->name);
    else
        rc = ledger_append(db, t->name, id, "put", buf_detach(&state));
    buf_free(&state);
    return rc ? -1 : id;
}

int64_t ledger_put(struct db *db, enum table_id tid, json_t *state, int skip_unchanged)
{
    const struct table *t = &tables[tid];
    if (json_object_size(state) > t->ncols + 1) {
        snprintf(db->err, sizeof db->err, "bug: %s state has columns the table lacks", t->name);
        return -1;
    }
    json_t *idv = json_object_get(state, "id");
    struct ledger_row r;
    ledger_row_init(&r, tid, json_is_integer(idv) ? json_integer_value(idv) : 0);
    for (size_t i = 0; i < t->ncols; i++, r.n++)
        if (json_col(db, t, &t->cols[i], state, &r.v[i]))
            return -1;
    int64_t id = ledger_put_row(db, &r, skip_unchanged);
    if (id > 0)
        json_object_set_new(state, "id", json_integer(id));
    return id;
}

int ledger_delete(struct db *db, enum table_id tid, int64_t id)
{
    const struct table *t = &tables[tid];
    sqlite3_stmt *st = db_prepare(db, t->delete_sql);
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    int ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_reset(st);
    if (!ok) {
        db_set_error(db, t->name);
        return -1;
    }
    if (db->hasher)
        return bulk_slot_next(db) ? bulk_slot_fill(db, t->name, id, "delete", true) : -1;
    return ledger_append(db, t->name, id, "delete", NULL);
}

/* Pass one: every entry's hash and link, and that its indexed columns agree
 * with the entry it indexes. */
static int verify_chain(struct db *db, struct verify_result *out)
{
    char prev[SHA256_HEX_LEN], hash[SHA256_HEX_LEN];
    memcpy(prev, zero_hash, sizeof prev);
    int64_t want = 1;
    sqlite3_stmt *st =
        db_prepare(db, "SELECT seq, tbl, row_id, entry, prev_hash, hash FROM ledger ORDER BY seq");
    if (!st)
        return -1;
    int rc = 0, r;
    /* a step that fails (a corrupt page, an I/O error) stops verify with the
     * error: it is never read as the end of the ledger */
    while (rc == 0 && (r = db_step(db, st, "ledger")) != 0) {
        if (r < 0) {
            rc = -1;
            break;
        }
        int64_t seq = sqlite3_column_int64(st, 0);
        const char *entry = db_col_text(st, 3);
        if (seq != want) {
            snprintf(db->err, sizeof db->err, "ledger entry %" PRId64 " is missing", want);
            rc = -1;
            break;
        }
        if (strcmp(db_col_text(st, 4), prev) != 0) {
            snprintf(db->err, sizeof db->err,
                     "ledger entry %" PRId64 ": its previous hash does not match entry %" PRId64,
                     seq, seq - 1);
            rc = -1;
            break;
        }
        sha256_hex2(prev, 64, entry, strlen(entry), hash);
        if (strcmp(hash, db_col_text(st, 5)) != 0) {
            snprintf(db->err, sizeof db->err,
                     "ledger entry %" PRId64 " was altered: its hash does not match its content",
                     seq);
            rc = -1;
            break;
        }
        json_t *e = json_loads(entry, 0, NULL);
        json_t *es = json_object_get(e, "seq"), *et = json_object_get(e, "table"),
               *er = json_object_get(e, "row");
        if (!e || json_integer_value(es) != seq || !json_is_string(et) ||
            strcmp(json_string_value(et), db_col_text(st, 1)) != 0 ||
            json_integer_value(er) != sqlite3_column_int64(st, 2)) {
            snprintf(db->err, sizeof db->err,
                     "ledger entry %" PRId64 ": its index columns disagree with its content", seq);
            rc = -1;
        }
        json_decref(e);
        memcpy(prev, hash, sizeof prev);
        want++;
        out->entries++;
    }
    sqlite3_reset(st);
    snprintf(out->head, sizeof out->head, "%s", out->entries ? prev : "");
    return rc;
}

/* Names a row for a person reading the error: "action 12 (ref A3)". */
static void row_label(const struct table *t, int64_t id, json_t *state, char *out, size_t n)
{
    json_t *l = t->label_col ? json_object_get(state, t->label_col) : NULL;
    if (json_is_string(l))
        snprintf(out, n, "%s row %" PRId64 " (%s %s)", t->name, id, t->label_col,
                 json_string_value(l));
    else
        snprintf(out, n, "%s row %" PRId64, t->name, id);
}

/* Says which column differs between a table row and its replayed state. */
static void describe_diff(struct db *db, const struct table *t, json_t *row, json_t *replayed,
                          int64_t seq)
{
    char label[160];
    row_label(t, json_integer_value(json_object_get(row, "id")), replayed, label, sizeof label);
    for (size_t i = 0; i < t->ncols; i++) {
        json_t *a = json_object_get(row, t->cols[i].name);
        json_t *b = json_object_get(replayed, t->cols[i].name);
        if (!json_equal(a, b)) {
            char *sa = a ? ledger_canonical(a) : xstrdup("absent"),
                 *sb = b ? ledger_canonical(b) : xstrdup("absent");
            snprintf(db->err, sizeof db->err,
                     "%s: column %s is %.80s in the table but %.80s in ledger entry %" PRId64,
                     label, t->cols[i].name, sa, sb, seq);
            free(sa);
            free(sb);
            return;
        }
    }
    snprintf(db->err, sizeof db->err, "%s differs from ledger entry %" PRId64, label, seq);
}

/* Pass two, per table: merges the rows (by id) with the last entry of each row
 * (by row id); every row must equal its replayed state and vice versa. */
static int verify_table(struct db *db, const struct table *t, struct verify_result *out)
{
    sqlite3_stmt *rows = db_prepare(db, t->scan_sql);
    sqlite3_stmt *last = db_prepare(
        db, "SELECT l.row_id, l.seq, l.entry FROM ledger l WHERE l.tbl = :tbl AND l.seq = "
            "(SELECT max(m.seq) FROM ledger m WHERE m.tbl = l.tbl AND m.row_id = l.row_id) "
            "ORDER BY l.row_id");
    if (!rows || !last)
        return -1;
    db_bind_text(last, ":tbl", t->name);
    int rc = 0, have_row = db_step(db, rows, t->name), have_last = 0;
    if (have_row >= 0)
        have_last = db_step(db, last, "ledger");
    if (have_row < 0 || have_last < 0)
        rc = -1;
    char label[160];
    while (rc == 0 && (have_row || have_last)) {
        int64_t rid = have_row ? sqlite3_column_int64(rows, 0) : INT64_MAX;
        int64_t lid = have_last ? sqlite3_column_int64(last, 0) : INT64_MAX;
        int64_t seq = have_last ? sqlite3_column_int64(last, 1) : 0;
        json_t *e = lid <= rid ? json_loads(db_col_text(last, 2), 0, NULL) : NULL;
        json_t *replayed = e ? json_object_get(e, "state") : NULL;
        /* a column added by a later migration (ALTER TABLE ... ADD COLUMN, NULL in the rows
           before it) is null in the entries written before it, which do not name it */
        for (size_t i = 0; json_is_object(replayed) && i < t->ncols; i++)
            if (!json_object_get(replayed, t->cols[i].name))
                json_object_set_new(replayed, t->cols[i].name, json_null());
        json_t *row = rid <= lid ? row_to_state(db, t, rows) : NULL;
        if (rid <= lid && !row) {
            rc = -1; /* not valid UTF-8: db->err names the row and column */
        } else if (rid < lid) {
            row_label(t, rid, row, label, sizeof label);
            snprintf(db->err, sizeof db->err, "%s is not in the ledger (added behind its back)",
                     label);
            rc = -1;
        } else if (rid > lid && !json_is_null(replayed)) {
            row_label(t, lid, replayed, label, sizeof label);
            snprintf(db->err, sizeof db->err,
                     "%s is missing from the table (ledger entry %" PRId64 " has it)", label, seq);
            rc = -1;
        } else if (rid == lid && json_is_null(replayed)) {
            row_label(t, rid, row, label, sizeof label);
            snprintf(db->err, sizeof db->err,
                     "%s was deleted in ledger entry %" PRId64 " but is in the table", label, seq);
            rc = -1;
        } else if (rid == lid && !json_equal(row, replayed)) {
            describe_diff(db, t, row, replayed, seq);
            rc = -1;
        }
        if (row)
            out->rows++;
        json_decref(row);
        json_decref(e);
        if (rc == 0 && rid <= lid && (have_row = db_step(db, rows, t->name)) < 0)
            rc = -1;
        if (rc == 0 && lid <= rid && (have_last = db_step(db, last, "ledger")) < 0)
            rc = -1;
    }
    sqlite3_reset(rows);
    sqlite3_reset(last);
    return rc;
}

int ledger_verify(struct db *db, struct verify_result *out)
{
    memset(out, 0, sizeof *out);
    if (verify_chain(db, out))
        return -1;
    for (int i = 0; i < T__MAX; i++)
        if (verify_table(db, &tables[i], out))
            return -1;
    /* What the replay does not cover: the seals of signed-off months against
     * the entries they name, the history the records are read from, the
     * schema (the triggers that keep the ledger append-only, the months
     * frozen and the history and search index right), and the search index,
     * which the public reads. */
    if (record_verify_seals(db) || record_history_verify(db) || integrity_schema(db) ||
        integrity_search(db, &out->search_structure))
        return -1;
    /* Documents' bytes are not ledgered but content-addressed: every blob's
     * key must be the SHA-256 of its bytes, and every document its blob
     * (document.c). */
    long blobs;
    if (document_verify(db, &blobs))
        return -1;
    return 0;
}

int ledger_head(struct db *db, int64_t *seq, char at[21])
{
    sqlite3_stmt *st = db_prepare(
        db, "SELECT seq, json_extract(entry, '$.at') FROM ledger ORDER BY seq DESC LIMIT 1");
    if (!st)
        return -1;
    *seq = 0;
    at[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        snprintf(at, 21, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    return 0;
}

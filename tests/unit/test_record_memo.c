/* test_record_memo.c — the process-wide memo of what a sealed month's pages
 * compute (model/record_memo.h): one build serves every thread, even those
 * that ask while it is being built; a new head is a new object; nothing is
 * shared from a connection that does not show a sealed month; the byte budget
 * frees only what nobody holds.  The memo reads only the connection's record
 * fields and file name, so the tests set those on an empty database. */
#include "lib/buf.h"
#include "model/record_memo.h"
#include "testdb.h"
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static atomic_int builds;    /* builder calls */
static atomic_int destroyed; /* objects freed */

/* A builder: an int holding the month, built slowly enough for other
 * threads to ask meanwhile. */
static void *build_int(struct db *db, void *ctx, size_t *bytes)
{
    atomic_fetch_add(&builds, 1);
    usleep(50 * 1000);
    int *v = xmalloc(sizeof *v);
    *v = db->record_month;
    *bytes = ctx ? *(size_t *)ctx : sizeof *v;
    return v;
}

/* A builder that fails. */
static void *build_fail(struct db *db, void *ctx, size_t *bytes)
{
    atomic_fetch_add(&builds, 1);
    snprintf(db->err, sizeof db->err, "no");
    return NULL;
}

static void destroy_int(void *p)
{
    atomic_fetch_add(&destroyed, 1);
    free(p);
}

/* Makes db look like a record connection showing `month` at head seq. */
static void show(struct db *db, int month, int64_t seq)
{
    db->record = true;
    db->record_month = month;
    db->record_seq = seq;
    snprintf(db->record_hash, sizeof db->record_hash, "%064lld", (long long)seq);
}

struct asker {
    const char *path;
    int got; /* the month the object holds, or -1 */
};

/* A thread with its own connection showing the same sealed month. */
static void *ask(void *arg)
{
    struct asker *a = arg;
    char err[512];
    struct db *db = db_open(a->path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    void *obj = NULL;
    a->got = -1;
    if (db) {
        show(db, 600, 7);
        if (record_memo_obtain(db, MEMO_HOME, "", build_int, NULL, destroy_int, &obj) == 0)
            a->got = *(int *)obj;
        record_memo_release();
        db_close(db);
    }
    return NULL;
}

Test(record_memo, one_build_serves_every_thread)
{
    char path[128];
    testdb_path(path, sizeof path, "memo-threads");
    db_close(testdb_open(path));
    atomic_store(&builds, 0);
    pthread_t t[6];
    struct asker a[6];
    for (size_t i = 0; i < 6; i++) {
        a[i] = (struct asker){path, -1};
        cr_assert_eq(pthread_create(&t[i], NULL, ask, &a[i]), 0);
    }
    for (size_t i = 0; i < 6; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(a[i].got, 600, "thread %zu got %d", i, a[i].got);
    }
    cr_assert_eq(atomic_load(&builds), 1, "built %d times", atomic_load(&builds));
    record_memo_clear();
    testdb_remove(path);
}

Test(record_memo, keyed_by_head_month_kind_and_key)
{
    char path[128];
    testdb_path(path, sizeof path, "memo-keys");
    struct db *db = testdb_open(path);
    atomic_store(&builds, 0);
    void *x, *y;
    show(db, 600, 7);
    cr_assert_eq(record_memo_obtain(db, MEMO_HOME, "", build_int, NULL, destroy_int, &x), 0);
    cr_assert_eq(record_memo_obtain(db, MEMO_HOME, "", build_int, NULL, destroy_int, &y), 0);
    cr_assert_eq(x, y);
    cr_assert_eq(atomic_load(&builds), 1);
    /* another key, kind, month or head: another object */
    cr_assert_eq(record_memo_obtain(db, MEMO_HOME, "k", build_int, NULL, destroy_int, &y), 0);
    cr_assert_neq(x, y);
    cr_assert_eq(record_memo_obtain(db, MEMO_RECS, "", build_int, NULL, destroy_int, &y), 0);
    cr_assert_neq(x, y);
    show(db, 601, 7);
    cr_assert_eq(record_memo_obtain(db, MEMO_HOME, "", build_int, NULL, destroy_int, &y), 0);
    cr_assert_eq(*(int *)y, 601);
    show(db, 600, 8); /* a new seal: the month's record is read at its own head */
    cr_assert_eq(record_memo_obtain(db, MEMO_HOME, "", build_int, NULL, destroy_int, &y), 0);
    cr_assert_neq(x, y);
    cr_assert_eq(atomic_load(&builds), 5);
    /* the first is still there for the first head */
    show(db, 600, 7);
    cr_assert_eq(record_memo_obtain(db, MEMO_HOME, "", build_int, NULL, destroy_int, &y), 0);
    cr_assert_eq(x, y);
    struct record_memo_stats st;
    record_memo_stats(&st);
    cr_assert_eq(st.entries, 5);
    record_memo_release();
    record_memo_clear();
    record_memo_stats(&st);
    cr_assert_eq(st.entries, 0);
    testdb_close(db, path);
}

Test(record_memo, nothing_shared_unless_sealed)
{
    char path[128];
    testdb_path(path, sizeof path, "memo-unsealed");
    struct db *db = testdb_open(path);
    atomic_store(&builds, 0);
    atomic_store(&destroyed, 0);
    void *x, *y;
    /* not a record connection: built each time, kept for this thread only */
    cr_assert_eq(record_memo_obtain(db, MEMO_HOME, "", build_int, NULL, destroy_int, &x), 0);
    cr_assert_eq(record_memo_obtain(db, MEMO_HOME, "", build_int, NULL, destroy_int, &y), 0);
    cr_assert_eq(atomic_load(&builds), 2);
    cr_assert_null(record_memo_hold(x));
    /* a record connection with nothing signed off: the same */
    show(db, -1, 0);
    cr_assert_eq(record_memo_obtain(db, MEMO_HOME, "", build_int, NULL, destroy_int, &y), 0);
    cr_assert_eq(atomic_load(&builds), 3);
    struct record_memo_stats st;
    record_memo_stats(&st);
    cr_assert_eq(st.entries, 0);
    record_memo_release();
    cr_assert_eq(atomic_load(&destroyed), 3);
    /* a failed build keeps nothing and says why */
    show(db, 600, 7);
    cr_assert_eq(record_memo_obtain(db, MEMO_HOME, "", build_fail, NULL, destroy_int, &x), -1);
    cr_assert_null(x);
    cr_assert_str_eq(db->err, "no");
    record_memo_stats(&st);
    cr_assert_eq(st.entries, 0);
    testdb_close(db, path);
}

Test(record_memo, budget_frees_only_what_nobody_holds)
{
    char path[128];
    testdb_path(path, sizeof path, "memo-budget");
    struct db *db = testdb_open(path);
    size_t was = record_memo_budget(1000), big = 600;
    atomic_store(&destroyed, 0);
    void *a, *b, *c;
    show(db, 600, 7);
    cr_assert_eq(record_memo_obtain(db, MEMO_BYTES, "a", build_int, &big, destroy_int, &a), 0);
    cr_assert_eq(record_memo_obtain(db, MEMO_BYTES, "b", build_int, &big, destroy_int, &b), 0);
    /* both held by this thread: over the budget, yet neither goes */
    struct record_memo_stats st;
    record_memo_stats(&st);
    cr_assert_eq(st.entries, 2);
    cr_assert_eq(atomic_load(&destroyed), 0);
    void *hold = record_memo_hold(b);
    cr_assert_not_null(hold);
    record_memo_release();
    /* a, held by nobody and least recently used, gives way; b is still held */
    record_memo_stats(&st);
    cr_assert_eq(st.entries, 1);
    cr_assert_eq(st.bytes, big);
    cr_assert_eq(atomic_load(&destroyed), 1);
    cr_assert_eq(*(int *)b, 600, "b is intact while held");
    record_memo_drop(hold);
    cr_assert_eq(record_memo_obtain(db, MEMO_BYTES, "c", build_int, &big, destroy_int, &c), 0);
    record_memo_release();
    record_memo_stats(&st);
    cr_assert_eq(st.entries, 1);
    cr_assert_eq(atomic_load(&destroyed), 2);
    record_memo_budget(was);
    record_memo_clear();
    testdb_close(db, path);
}

/* fuzz_plan_json.c — the import path of a "dialturn-plan/1" document.
 *
 * Each input is a document's text, read as `dialturn import` reads it:
 * plan_read_json_text() (the streaming reader, updates parsed on a second
 * thread by plan_prep.c) into a fresh plan, then plan_check().  Invariants:
 *  - the streaming reader and the tree reader (json_loadb with
 *    JSON_REJECT_DUPLICATES, then plan_read_json) agree on the outcome and
 *    the message, as plan_json.h promises;
 *  - a refusal has a message, which is valid UTF-8;
 *  - a document that passes the check exports (plan_json_text) to a text
 *    that reads and checks again and exports to the same bytes;
 *  - one input in 16 that passes is imported (plan_import) into a new
 *    in-memory database: load, merge, check, store, ledger, commit.
 *
 * Speed: the new database of an import is not made by running the
 * migrations again (sql/, a few milliseconds under ASan) but is a copy of a
 * template made once at start-up: the image of a fresh database with the
 * whole schema (sqlite3_serialize), put in place with sqlite3_deserialize on
 * one connection kept open, whose prepared statements then serve every
 * import.  Each import still meets an empty database at the current schema,
 * exactly what db_open(":memory:", DB_OPEN_CREATE) gives. */
#define _GNU_SOURCE 1 /* pthread_setattr_default_np */
#include "fuzz/fuzz.h"
#include "model/db.h"
#include "model/import.h"
#include "model/plan_json.h"
#include <pthread.h>

static struct db *idb;          /* the imports' connection, kept open */
static unsigned char *pristine; /* its empty database's image, sqlite3_malloc'd */
static sqlite3_int64 npristine;

static void cleanup(void)
{
    sqlite3_free(pristine);
    db_close(idb);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[1024];
    fuzz_init();
    db_library_init();
    /* the updates' reader thread (plan_prep.c), made per input: a 2 MiB
     * stack instead of glibc's 8 MiB (jansson's 2,048 levels of nesting
     * need a fraction of it), so ASan has less stack to map and clear */
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) || pthread_attr_setstacksize(&attr, (size_t)2 << 20) ||
        pthread_setattr_default_np(&attr))
        fuzz_fail("cannot set the threads' stack size");
    pthread_attr_destroy(&attr);
    idb = db_open(":memory:", DB_OPEN_CREATE, err, sizeof err);
    if (!idb)
        fuzz_fail("cannot open an in-memory database: %s", err);
    db_set_actor(idb, "fuzz");
    pristine = sqlite3_serialize(idb->h, "main", &npristine, 0);
    if (!pristine)
        fuzz_fail("cannot take the image of the empty database");
    atexit(cleanup);
    return 0;
}

/* Reads text into a fresh *p and checks it.  Returns the reader's code (-2:
 * not JSON), or the check's -1 as -3; the message in err. */
static int read_text(struct plan *p, const char *data, size_t len, char *err, size_t errlen)
{
    json_error_t je;
    int rc = plan_read_json_text(p, data, len, &je, err, errlen);
    if (rc == -2)
        plan_json_syntax_message(NULL, &je, err, errlen);
    else if (rc == 0 && plan_check(p, err, errlen))
        rc = -3;
    return rc;
}

/* The same through the tree reader. */
static int read_tree(struct plan *p, const char *data, size_t len, char *err, size_t errlen)
{
    json_error_t je;
    json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc) {
        plan_json_syntax_message(NULL, &je, err, errlen);
        return -2;
    }
    int rc = plan_read_json(p, doc, err, errlen);
    json_decref(doc);
    if (rc == 0 && plan_check(p, err, errlen))
        rc = -3;
    return rc;
}

/* Imports the document into a new in-memory database: the empty template
 * put back in place (see the top). */
static void import_once(const char *data, size_t len)
{
    char err[1024];
    unsigned char *img = sqlite3_malloc64((sqlite3_uint64)npristine);
    if (!img)
        fuzz_fail("out of memory");
    memcpy(img, pristine, (size_t)npristine);
    if (sqlite3_deserialize(idb->h, "main", img, npristine, npristine,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
        SQLITE_OK)
        fuzz_fail("cannot put the empty database back: %s", sqlite3_errmsg(idb->h));
    if (plan_import(idb, "fuzz.json", data, len, NULL, err, sizeof err) != 0)
        fuzz_fail("plan_import refused what the reader and the check accepted: %s", err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct plan a = {0}, b = {0};
    char ea[1024] = "", eb[1024] = "";
    int ra = read_text(&a, (const char *)data, size, ea, sizeof ea);
    int rb = read_tree(&b, (const char *)data, size, eb, sizeof eb);
    if (ra != rb || strcmp(ea, eb) != 0)
        fuzz_fail("the streaming reader said %d \"%s\", the tree reader %d \"%s\"", ra, ea, rb, eb);
    if (ra != 0 && (!ea[0] || !fuzz_utf8_ok(ea, strlen(ea))))
        fuzz_fail("refusal %d without a readable message: \"%s\"", ra, ea);
    if (ra == 0) {
        char *t1 = plan_json_text(&a);
        struct plan c = {0};
        char ec[1024] = "";
        if (read_text(&c, t1, strlen(t1), ec, sizeof ec) != 0)
            fuzz_fail("the export of an accepted plan is refused: %s\n%s", ec, t1);
        char *t2 = plan_json_text(&c);
        if (strcmp(t1, t2) != 0)
            fuzz_fail("export, import, export changed the text:\n%s\n---\n%s", t1, t2);
        free(t1);
        free(t2);
        plan_free(&c);
        static unsigned accepted;
        if (accepted++ % 16 == 0)
            import_once((const char *)data, size);
    }
    plan_free(&a);
    plan_free(&b);
    return 0;
}

/* fuzz_dispatch.c — whole requests through the server, over the demo database.
 *
 * At start-up the demo database is made as `dialturn demo --db FILE
 * --create-only` makes it (cmd_demo), in a temporary directory; each demo
 * account signs in once (a session, its CSRF token) and gets an API token;
 * the file's bytes are kept.  Each input is then one request, sent through
 * the server's own libmicrohttpd callbacks in this process (server_test.h):
 * libmicrohttpd's parsing of the request line, query and cookies, our
 * collect_arg, the form parser as we configure it and collect_field,
 * route_dispatch (route, sign-in, capability, CSRF, handler), and respond
 * (links, gzip, the page cache).
 *
 * The input's text:
 *     METHOD TARGET
 *     Header-Name: value          (any number of lines)
 *                                 (an empty line)
 *     body
 * in which {S0}..{S7} become the session tokens of the demo accounts admin,
 * pmo, hr, solicitor, ceo, chair, secretariat and viewer, {C0}..{C7} their
 * sessions' CSRF tokens, {T0}..{T7} their API tokens, and {L} a token for the
 * sign-in form's double-submit cookie.  The harness adds Host, Content-Length
 * and "Connection: close" (and drops such headers of the input, and Expect
 * and Transfer-Encoding, which would keep the connection waiting).
 *
 * Invariants: nothing crashes or leaks; an answer's status is 200..599; an
 * HTML answer (after gunzip) is valid UTF-8.  With FUZZ_VERBOSE set in the
 * environment, each request line is printed with its status line.  A request that changed the
 * database (a form that worked, a sign-in) is followed by putting the
 * original content back, so that every input meets the same database.
 *
 * Speed (each figure from `-runs=3000` over the seeds, CPU time): argon2id at
 * libsodium's interactive limits (64 MiB filled and unmapped per hash) was
 * two thirds of the harness's time, spent on every sign-in and every
 * password check, including the dummy hash of an unknown user.  The harness
 * therefore defines crypto_pwhash_str_alg itself: it calls libsodium's with
 * the minimum limits, so the demo accounts' hashes and the dummy hash are
 * cheap to make and to verify (crypto_pwhash_str_verify reads the limits from
 * the hash), while every line of our sign-in code runs as it does in the
 * server.  The database sits in /dev/shm when there is one, so a commit's
 * fsync and the restore cost no disk.
 *
 * The restore: the database as made is copied once into an in-memory
 * database (SQLite's backup API), and after a request that wrote, copied
 * back the same way into the file through a connection the harness keeps
 * open.  The server's own connections stay open (web_test_forget empties only
 * the page cache): they read the restored pages at their next transaction as
 * they would read another process's commit, with their prepared statements
 * and the record connections' views kept.  Before, the file was rewritten
 * and every connection closed and opened again (db_open, the record views,
 * each statement prepared anew) after every such request. */
#include "cli/cli.h"
#include "fuzz/fuzz.h"
#include "model/account.h"
#include "model/db.h"
#include "web/server_test.h"
#include <dlfcn.h>
#include <fcntl.h>
#include <sodium.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

#define NUSERS 8
static const char *const users[NUSERS] = {"admin", "pmo",   "hr",          "solicitor",
                                          "ceo",   "chair", "secretariat", "viewer"};
static char session[NUSERS][TOKEN_HEX_LEN + 1], csrf[NUSERS][TOKEN_HEX_LEN + 1],
    api[NUSERS][TOKEN_HEX_LEN + 1];
static const char login_csrf[] = "0123456789abcdef0123456789abcdef"
                                 "0123456789abcdef0123456789abcdef";
static char dir[64], path[96];
static sqlite3 *pristine; /* an in-memory copy of the database as made, owned */
static sqlite3 *restorer; /* a connection to the file, for the restore, owned */
static long long changes; /* web_test_changes() after the last request */
static struct web_test *server;

/* libsodium's crypto_pwhash_str_alg at its minimum limits (see the top). */
int crypto_pwhash_str_alg(char out[crypto_pwhash_STRBYTES], const char *const passwd,
                          unsigned long long passwdlen, unsigned long long opslimit,
                          size_t memlimit, int alg)
{
    typedef int (*str_alg_fn)(char *, const char *, unsigned long long, unsigned long long, size_t,
                              int);
    static str_alg_fn real;
    if (!real) {
        *(void **)&real = dlsym(RTLD_NEXT, "crypto_pwhash_str_alg");
        if (!real)
            fuzz_fail("libsodium's crypto_pwhash_str_alg is not found");
    }
    (void)opslimit;
    (void)memlimit;
    return real(out, passwd, passwdlen, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
                alg);
}

/* Copies the whole of database `from` over database `to` (backup API). */
static void copy_db(sqlite3 *to, sqlite3 *from)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b)
        fuzz_fail("cannot start a backup: %s", sqlite3_errmsg(to));
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        fuzz_fail("the backup stopped: %s", sqlite3_errstr(rc));
}

static int schema_version; /* PRAGMA schema_version of the database as made */

/* Reads an integer PRAGMA of connection h. */
static int pragma_int(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Puts the database as made back in the file (see the top).  The backup
 * API raises the destination's schema cookie, which made every server
 * connection parse the whole schema again and prepare its statements anew
 * after each restore (a fifth of the harness's time); the schema put back is
 * the one the cookie named, so the cookie goes back too. */
static void restore(void)
{
    copy_db(restorer, pristine);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA schema_version = %d", schema_version);
    int rc = sqlite3_exec(restorer, sql, NULL, NULL, NULL); /* lint-ok: an integer, above */
    if (rc != SQLITE_OK)
        fuzz_fail("cannot put the schema version back: %s", sqlite3_errmsg(restorer));
}

/* Keeps the database as made in memory and opens the restorer. */
static void keep_db(void)
{
    if (sqlite3_open(":memory:", &pristine) != SQLITE_OK ||
        sqlite3_open_v2(path, &restorer, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        fuzz_fail("cannot open %s for the restore", path);
    sqlite3_busy_timeout(restorer, 5000);
    copy_db(pristine, restorer);
    if ((schema_version = pragma_int(restorer, "PRAGMA schema_version")) < 0)
        fuzz_fail("cannot read the schema version: %s", sqlite3_errmsg(restorer));
}

static void cleanup(void)
{
    char p[128];
    web_test_close(server);
    sqlite3_close(restorer);
    sqlite3_close(pristine);
    const char *sfx[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, sfx[i]);
        unlink(p);
    }
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[512];
    fuzz_init();
    db_library_init();
    struct stat shm;
    snprintf(dir, sizeof dir, "%s/dialturn-fuzz-XXXXXX",
             stat("/dev/shm", &shm) == 0 && S_ISDIR(shm.st_mode) ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir))
        fuzz_fail("mkdtemp failed");
    snprintf(path, sizeof path, "%s/demo.db", dir);
    char *demo[] = {"demo", "--db", path, "--create-only", NULL};
    if (cmd_demo(4, demo) != 0)
        fuzz_fail("cannot create the demo database");
    struct db *db = db_open(path, DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        fuzz_fail("%s", err);
    for (size_t i = 0; i < NUSERS; i++) {
        struct session_user u;
        if (account_login(db, users[i], "dialturn-demo", "127.0.0.1", time(NULL), &u, session[i]) !=
            LOGIN_OK)
            fuzz_fail("cannot sign in as %s: %s", users[i], db->err);
        memcpy(csrf[i], u.csrf, sizeof csrf[i]);
        struct field_errors fe = FERR_INIT;
        if (api_token_create(db, u.account_id, "fuzz", api[i], &fe) < 0)
            fuzz_fail("cannot make an API token for %s: %s", users[i], db->err);
    }
    db_close(db);
    keep_db();
    server = web_test_open(path, err, sizeof err);
    if (!server)
        fuzz_fail("%s", err);
    atexit(cleanup);
    return 0;
}

/* Appends s[0..n) to b with the placeholders replaced. */
static void expand(struct buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '{' && i + 2 < n && s[i + 1] == 'L' && s[i + 2] == '}') {
            buf_puts(b, login_csrf);
            i += 2;
        } else if (s[i] == '{' && i + 3 < n && strchr("SCT", s[i + 1]) && s[i + 2] >= '0' &&
                   s[i + 2] < '0' + NUSERS && s[i + 3] == '}') {
            int k = s[i + 2] - '0';
            buf_puts(b, s[i + 1] == 'S' ? session[k] : s[i + 1] == 'C' ? csrf[k] : api[k]);
            i += 3;
        } else {
            buf_putc(b, s[i]);
        }
    }
}

/* Whether header line h (of n bytes) is one the harness sets or refuses. */
static bool dropped(const char *h, size_t n)
{
    static const char *const names[] = {
        "content-length:", "connection:", "host:", "expect:", "transfer-encoding:", NULL};
    for (size_t i = 0; names[i]; i++)
        if (n >= strlen(names[i]) && strncasecmp(h, names[i], strlen(names[i])) == 0)
            return true;
    return !memchr(h, ':', n) || memchr(h, '\r', n) || memchr(h, '\0', n);
}

/* Builds the raw request from the input. */
static void build(struct buf *req, const char *in, size_t n)
{
    const char *nl = memchr(in, '\n', n);
    size_t first = nl ? (size_t)(nl - in) : n;
    struct buf line = BUF_INIT, heads = BUF_INIT;
    expand(&line, in, first);
    for (size_t i = 0; i < line.len; i++)
        if (line.data[i] == '\r' || line.data[i] == '\0')
            line.data[i] = ' ';
    const char *p = nl ? nl + 1 : in + n, *end = in + n;
    while (p < end && *p != '\n') {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        size_t len = e ? (size_t)(e - p) : (size_t)(end - p);
        if (!dropped(p, len)) {
            expand(&heads, p, len);
            buf_puts(&heads, "\r\n");
        }
        p = e ? e + 1 : end;
    }
    if (p < end)
        p++; /* the empty line */
    struct buf body = BUF_INIT;
    expand(&body, p, (size_t)(end - p));
    buf_printf(req,
               "%s HTTP/1.1\r\nHost: fuzz\r\n%sContent-Length: %zu\r\nConnection: close\r\n\r\n",
               line.len ? buf_str(&line) : "GET /", buf_str(&heads), body.len);
    buf_append(req, body.data ? body.data : "", body.len);
    buf_free(&line);
    buf_free(&heads);
    buf_free(&body);
}

/* The value of header `name` ("content-type") in the head, or NULL; its
 * length in *n. */
static const char *header(const char *head, size_t hn, const char *name, size_t *n)
{
    size_t k = strlen(name);
    for (const char *p = head; p && p < head + hn;) {
        const char *e = memmem(p, (size_t)(head + hn - p), "\r\n", 2);
        if (!e)
            e = head + hn;
        if ((size_t)(e - p) > k && strncasecmp(p, name, k) == 0 && p[k] == ':') {
            const char *v = p + k + 1;
            while (v < e && *v == ' ')
                v++;
            *n = (size_t)(e - v);
            return v;
        }
        p = e + 2;
    }
    return NULL;
}

/* Inflates a gzip body into out.  Returns false if it is not gzip. */
static bool gunzip(const char *in, size_t n, struct buf *out)
{
    z_stream z = {0};
    char tmp[65536];
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return false;
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    int rc;
    do {
        z.next_out = (Bytef *)tmp;
        z.avail_out = sizeof tmp;
        rc = inflate(&z, Z_NO_FLUSH);
        buf_append(out, tmp, sizeof tmp - z.avail_out);
    } while (rc == Z_OK);
    inflateEnd(&z);
    return rc == Z_STREAM_END;
}

/* Checks one answer. */
static void check(const struct buf *reply, const struct buf *req)
{
    if (reply->len == 0)
        return; /* libmicrohttpd hung up on a request it could not parse */
    const char *r = reply->data;
    if (reply->len < 12 || strncmp(r, "HTTP/1.1 ", 9) != 0)
        fuzz_fail("no status line in the answer to:\n%s", buf_str(req));
    int status = atoi(r + 9);
    if (status < 200 || status > 599)
        fuzz_fail("status %d for:\n%s", status, buf_str(req));
    const char *end = memmem(r, reply->len, "\r\n\r\n", 4);
    if (!end)
        fuzz_fail("answer without the end of its headers, to:\n%s", buf_str(req));
    size_t hn = (size_t)(end - r), ctn = 0, cen = 0;
    const char *body = end + 4;
    size_t bn = reply->len - hn - 4;
    const char *ct = header(r, hn, "content-type", &ctn);
    const char *ce = header(r, hn, "content-encoding", &cen);
    if (!ct || ctn < 9 || strncmp(ct, "text/html", 9) != 0)
        return;
    struct buf plain = BUF_INIT;
    if (ce && cen == 4 && strncmp(ce, "gzip", 4) == 0) {
        if (!gunzip(body, bn, &plain))
            fuzz_fail("a gzip body that does not inflate, for:\n%s", buf_str(req));
        body = plain.data ? plain.data : "";
        bn = plain.len;
    }
    if (!fuzz_utf8_ok(body, bn))
        fuzz_fail("HTML answer (status %d) is not valid UTF-8, for:\n%s", status, buf_str(req));
    buf_free(&plain);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct buf req = BUF_INIT, reply = BUF_INIT;
    build(&req, (const char *)data, size);
    if (web_test_request(server, req.data, req.len, &reply) != 0)
        fuzz_fail("cannot hand a connection to the server");
    if (getenv("FUZZ_VERBOSE")) /* the request line and the status line, to see what it reaches */
        fprintf(fuzz_report, "%.*s -> %.*s\n", (int)strcspn(req.data, "\r"), req.data,
                (int)strcspn(buf_str(&reply), "\r"), buf_str(&reply));
    check(&reply, &req);
    long long now = web_test_changes(server);
    if (now != changes) {
        restore();
        web_test_forget(server);
    }
    changes = now;
    buf_free(&req);
    buf_free(&reply);
    return 0;
}

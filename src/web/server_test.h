/* server_test.h — the web server in process, for the fuzzers: the daemon of
 * `dialturn serve` with the same callbacks (on_uri, on_request: headers,
 * query, cookies, the form parser, route_dispatch, respond; on_completed),
 * but with no listening socket and no thread.  Each request is written to one
 * end of a socketpair whose other end is handed to libmicrohttpd, which the
 * caller's thread runs until it has answered and closed the connection.  Not
 * used by the server itself. */
#ifndef DIALTURN_SERVER_TEST_H
#define DIALTURN_SERVER_TEST_H
#include "lib/buf.h"
#include <stddef.h>

struct web_test;

/* Prepares to serve `db_path` (one database file) as web_serve would.
 * Returns the server, or NULL with the reason in err. */
struct web_test *web_test_open(const char *db_path, char *err, size_t errlen);

/* Sends `raw` (a whole HTTP/1.1 request, which should say "Connection:
 * close") and appends to *reply every byte the server sent back before it
 * closed the connection (nothing if it closed without answering).  Returns 0,
 * or -1 when no connection could be made. */
int web_test_request(struct web_test *t, const char *raw, size_t len, struct buf *reply);

/* Rows changed through the worker's read-write connection since it was
 * opened (0 when it is not open): how a caller knows a request wrote. */
long long web_test_changes(struct web_test *t);

/* Closes the worker's connections and empties the page cache, so that the
 * caller may replace the database file before the next request. */
void web_test_reset(struct web_test *t);

/* Empties the page cache and keeps the worker's connections: for a caller
 * that puts the database's content back through SQLite itself (the backup
 * API), which every open connection then reads. */
void web_test_forget(struct web_test *t);

/* Stops the daemon and frees everything.  NULL is fine. */
void web_test_close(struct web_test *t);

#endif

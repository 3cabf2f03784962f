/* gzip.h — gzip (RFC 1952) compression of a response body, through zlib. */
#ifndef DIALTURN_GZIP_H
#define DIALTURN_GZIP_H
#include "lib/buf.h"
#include <stdbool.h>

/* Appends the gzip compression of in[0..n) to out.  Returns 0, or -1 if zlib
 * failed (out is then left as it was). */
int gzip_compress(const void *in, size_t n, struct buf *out);

/* Whether an Accept-Encoding header value accepts gzip (not "gzip;q=0"). */
bool gzip_accepted(const char *accept_encoding);

#endif

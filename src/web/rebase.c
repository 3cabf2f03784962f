/* rebase.c — moving a page's site-absolute links under a prefix.
 *
 * Views write links as the single-organisation site has them ("/plan").  When
 * a server holds a directory of organisations, each lives under "/<slug>", and
 * this rewrite, done once per response, keeps every view ignorant of it. */
#include "web/web.h"
#include <string.h>

/* The attribute openings that carry a site-absolute URL in our markup. */
static const char *const openers[] = {"href=\"/", "src=\"/", "action=\"/"};

struct buf rebase_links(const char *doc, size_t len, const char *prefix)
{
    struct buf out = BUF_INIT;
    size_t i = 0, from = 0;
    while (i < len) {
        const char *hit = NULL;
        size_t hitlen = 0;
        if (doc[i] == 'h' || doc[i] == 's' || doc[i] == 'a') {
            for (size_t k = 0; k < sizeof openers / sizeof *openers; k++) {
                size_t n = strlen(openers[k]);
                if (len - i >= n && memcmp(doc + i, openers[k], n) == 0 &&
                    (i == 0 || doc[i - 1] == ' ' || doc[i - 1] == '\n')) {
                    hit = openers[k];
                    hitlen = n;
                    break;
                }
            }
        }
        /* "//host" is protocol-relative, not ours: leave it */
        if (hit && !(i + hitlen < len && doc[i + hitlen] == '/')) {
            buf_append(&out, doc + from, i + hitlen - 1 - from); /* up to the quote */
            buf_puts(&out, prefix);
            from = i + hitlen - 1; /* the '/' follows the prefix */
            i += hitlen;
        } else {
            i++;
        }
    }
    buf_append(&out, doc + from, len - from);
    return out;
}

/* fuzz_markdown.c — the one path by which user-written Markdown (narratives,
 * closure evidence) reaches a page: lib/markdown.c, cmark in safe mode, and
 * what the views do with its output (escaped again as %h into a feed's
 * <content type="html">; the text form for summaries).
 *
 * Each input is a narrative's text (cut at its first NUL, as a database
 * string is).  Invariants of markdown_html's output:
 *  - valid UTF-8;
 *  - markup only as cmark writes it: every '<' opens one of the tags cmark
 *    emits, or the "raw HTML omitted" comment; attributes only href, src,
 *    alt, title, class, start;
 *  - no href or src with a scheme other than http, https, mailto (and
 *    data:image/png|gif|jpeg|webp for src): javascript:, vbscript:, file:,
 *    data:text/html never get through;
 * and markdown_text's output is valid UTF-8 without a trailing space.  html_escape of either must
 * be valid UTF-8 and hold no '<'. */
#include "fuzz/fuzz.h"
#include "lib/html.h"
#include "lib/markdown.h"
#include <ctype.h>
#include <strings.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    return 0;
}

static const char *const tags[] = {"p",          "em", "strong", "a",  "img", "code", "pre",
                                   "blockquote", "ul", "ol",     "li", "h1",  "h2",   "h3",
                                   "h4",         "h5", "h6",     "hr", "br",  NULL};
static const char *const attrs[] = {"href", "src", "alt", "title", "class", "start", NULL};

static bool in_list(const char *const *list, const char *s, size_t n)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && strncmp(list[i], s, n) == 0)
            return true;
    return false;
}

/* Whether a URL cmark let through is one safe mode allows (what cmark's
 * _scan_dangerous_url refuses: javascript:, vbscript:, file:, data: other
 * than the four image types). */
static bool url_ok(const char *u, size_t n)
{
    static const char *const bad[] = {"javascript:", "vbscript:", "file:", "data:", NULL};
    static const char *const images[] = {"data:image/png", "data:image/gif", "data:image/jpeg",
                                         "data:image/webp", NULL};
    for (size_t i = 0; bad[i]; i++) {
        size_t k = strlen(bad[i]);
        if (n >= k && strncasecmp(u, bad[i], k) == 0) {
            for (size_t j = 0; i == 3 && images[j]; j++)
                if (n >= strlen(images[j]) && strncasecmp(u, images[j], strlen(images[j])) == 0)
                    return true;
            return false;
        }
    }
    return true;
}

/* Checks the markup of markdown_html's output; fails naming the problem. */
static void check_markup(const char *h, const char *md)
{
    static const char omitted[] = "<!-- raw HTML omitted -->";
    for (const char *p = strchr(h, '<'); p; p = strchr(p + 1, '<')) {
        if (strncmp(p, omitted, sizeof omitted - 1) == 0)
            continue;
        const char *q = p + 1 + (p[1] == '/');
        size_t n = 0;
        while (isalnum((unsigned char)q[n]))
            n++;
        if (!in_list(tags, q, n))
            fuzz_fail("markup cmark does not write: %.40s\nfrom: %s", p, md);
        const char *end = strchr(q, '>');
        if (!end)
            fuzz_fail("unclosed tag: %.40s\nfrom: %s", p, md);
        /* attributes: name="value" pairs, values without '"' (cmark escapes it) */
        const char *a = q + n;
        while (a < end) {
            while (a < end && (*a == ' ' || *a == '/'))
                a++;
            if (a == end)
                break;
            size_t an = 0;
            while (isalpha((unsigned char)a[an]))
                an++;
            if (!in_list(attrs, a, an) || a[an] != '=' || a[an + 1] != '"')
                fuzz_fail("attribute cmark does not write: %.40s\nfrom: %s", a, md);
            const char *v = a + an + 2, *ve = strchr(v, '"');
            if (!ve || ve > end)
                fuzz_fail("attribute value not closed: %.40s\nfrom: %s", a, md);
            if ((an == 4 && strncmp(a, "href", 4) == 0) || (an == 3 && strncmp(a, "src", 3) == 0)) {
                if (!url_ok(v, (size_t)(ve - v)))
                    fuzz_fail("dangerous URL let through: %.*s\nfrom: %s", (int)(ve - v), v, md);
            }
            a = ve + 1;
        }
    }
}

/* Escaping as a view does must give valid UTF-8 and no markup. */
static void check_escaped(const char *s)
{
    struct buf b = BUF_INIT;
    html_printf(&b, "%h", s);
    if (!fuzz_utf8_ok(b.data ? b.data : "", b.len) || memchr(b.data ? b.data : "", '<', b.len))
        fuzz_fail("escaped text is not plain UTF-8: %s", buf_str(&b));
    buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *md = fuzz_cstr(data, size);
    struct buf h = BUF_INIT, t = BUF_INIT;
    markdown_html(&h, md);
    if (!fuzz_utf8_ok(buf_str(&h), h.len))
        fuzz_fail("markdown_html wrote invalid UTF-8 from: %s", md);
    check_markup(buf_str(&h), md);
    check_escaped(buf_str(&h));
    markdown_text(&t, md);
    if (!fuzz_utf8_ok(buf_str(&t), t.len))
        fuzz_fail("markdown_text wrote invalid UTF-8 from: %s", md);
    if (t.len && t.data[t.len - 1] == ' ')
        fuzz_fail("markdown_text left a trailing space: \"%s\"", buf_str(&t));
    check_escaped(buf_str(&t));
    buf_free(&h);
    buf_free(&t);
    free(md);
    return 0;
}

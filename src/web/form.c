/* form.c — a POST's body as it arrives: a form (application/x-www-form-urlencoded
 * or multipart/form-data) through libmicrohttpd's post processor into the
 * request's fields, anything else (the API's JSON) into r->body; the limits. */
#include "web/web.h"
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Appends a piece of a form field to the request (MHD_PostDataIterator).
 * libmicrohttpd hands a long value over in pieces, each with its offset; a
 * piece at offset 0 starts a new field.  Returns MHD_NO (stop) past
 * WEB_MAX_FIELDS fields, and for a part without a name (libmicrohttpd passes
 * key NULL when a multipart part's name is not quoted), which makes the
 * form unreadable: answered 400. */
static enum MHD_Result collect_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *filename, const char *content_type,
                                     const char *transfer_encoding, const char *data, uint64_t off,
                                     size_t size)
{
    struct req *r = cls;
    if (!key) {
        r->bad_body = true;
        return MHD_NO;
    }
    struct req_field *f = r->nform ? &r->form[r->nform - 1] : NULL;
    if (off == 0 || !f || strcmp(f->name, key) != 0) {
        if (r->nform == WEB_MAX_FIELDS) {
            r->too_many_args = true;
            return MHD_NO;
        }
        if (r->nform == r->capform) {
            r->capform = r->capform ? 2 * r->capform : 16;
            r->form = xrealloc(r->form, r->capform * sizeof *r->form);
        }
        f = &r->form[r->nform++];
        *f = (struct req_field){.name = xstrdup(key), .value = xstrdup(""), .cap = 1};
        f->filename = filename ? xstrdup(filename) : NULL;
        f->content_type = content_type ? xstrdup(content_type) : NULL;
    }
    if (size) {
        /* doubling: a 10 MB file comes in thousands of pieces, and growing
           by each piece copied the whole value every time */
        while (f->cap < f->len + size + 1)
            f->value = xgrow(f->value, f->cap, &f->cap, 1);
        memcpy(f->value + f->len, data, size);
        f->len += size;
        f->value[f->len] = '\0';
    }
    return MHD_YES;
}

/* Whether the request's Content-Type (a media type, then parameters) is `type`. */
static bool body_is(const struct req *r, const char *type)
{
    size_t n = strlen(type);
    return r->body_type && strncasecmp(r->body_type, type, n) == 0 &&
           (r->body_type[n] == '\0' || r->body_type[n] == ';' || r->body_type[n] == ' ');
}

/* Reads the headers a POST needs and prepares to take its body: a form goes
 * through libmicrohttpd's parser, JSON into r->body.  A body declared larger
 * than the limit is answered 413 at once, before any of it is read. */
void form_begin(struct MHD_Connection *conn, struct req *r)
{
    const char *len =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    size_t limit = body_is(r, "multipart/form-data") ? WEB_MAX_BODY : WEB_MAX_FORM;
    if (len && strtoull(len, NULL, 10) > limit) {
        r->body_too_large = true;
        return;
    }
    if (body_is(r, "application/x-www-form-urlencoded") || body_is(r, "multipart/form-data"))
        r->pp = MHD_create_post_processor(conn, 16 * 1024, collect_field, r);
}

/* Takes one piece of the body.  Returns false when the connection should be
 * closed (far too much sent after the limit). */
bool form_take(struct req *r, const char *data, size_t size)
{
    size_t limit = body_is(r, "multipart/form-data") ? WEB_MAX_BODY : WEB_MAX_FORM;
    r->body_bytes += size;
    if (r->body_too_large || r->body_bytes > limit) {
        r->body_too_large = true;
        return r->body_bytes <= 2 * limit; /* read and drop a little, then hang up */
    }
    if (r->pp) {
        if (MHD_post_process(r->pp, data, size) != MHD_YES)
            r->bad_body = true;
    } else {
        buf_append(&r->body, data, size);
    }
    return true;
}

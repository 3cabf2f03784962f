/* page_documents.c — uploading, listing and downloading documents.
 *
 * The dispatcher has checked each route's capability (and, for the upload,
 * the CSRF token).  Who may read a restricted document is the model's rule
 * (document_may_read): the download route is public, so its handler applies
 * it — an anonymous reader learns nothing of a restricted document (404, as
 * for one that does not exist), a signed-in one who may not read it is told
 * so (403).  The file is served with the type detected at upload, never one
 * a browser declared, as an attachment. */
#include "lib/text.h"
#include "lib/html.h"
#include "model/document.h"
#include "model/meeting.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The reader's account (0 when anonymous) and whether they may read
 * restricted material. */
static int64_t reader(const struct req *r, bool *restricted)
{
    *restricted = r->user && role_has(r->user->role, CAP_READ_RESTRICTED);
    return r->user ? r->user->account_id : 0;
}

/* Renders the documents page with `status`, the upload form's errors and
 * choice, and the banner `done`. */
static int render(struct req *r, unsigned status, const struct field_error *e, size_t ne,
                  const char *choice, const char *done)
{
    bool restricted;
    int64_t me = reader(r, &restricted);
    struct document *docs;
    size_t n;
    if (document_list(r->db, me, restricted, &docs, &n))
        return req_model_error(r);
    /* papers taken in private are listed to the panel and its secretariat alone */
    if (!(r->user && role_has(r->user->role, CAP_READ_CLOSED))) {
        size_t kept = 0;
        for (size_t i = 0; i < n; i++) {
            int closed = meeting_paper_closed(r->db, docs[i].id);
            if (closed < 0) {
                for (size_t k = i; k < n; k++)
                    docs[kept++] = docs[k];
                document_list_free(docs, kept);
                return req_model_error(r);
            }
            if (closed)
                document_free(&docs[i]);
            else
                docs[kept++] = docs[i];
        }
        n = kept;
    }
    char banner[DOCUMENT_NAME_MAX + 64];
    const char *uploaded = req_arg(r, "uploaded");
    if (!done && uploaded) {
        done = "The document was uploaded.";
        for (size_t i = 0; i < n; i++) {
            char id[24];
            snprintf(id, sizeof id, "%lld", (long long)docs[i].id);
            if (strcmp(id, uploaded) == 0) {
                snprintf(banner, sizeof banner, "%s was uploaded.", docs[i].name);
                done = banner;
            }
        }
    }
    struct view_site site = WEB_SITE_R(r);
    site.path = r->path;
    struct view_documents v = {
        .docs = docs,
        .n = n,
        .can_upload = r->user && role_has(r->user->role, CAP_UPLOAD),
        .done = done,
        .public_choice = choice,
        .errors = e,
        .nerrors = ne,
    };
    r->status = status;
    r->content_type = CT_HTML;
    view_documents(&r->out, &site, &v);
    document_list_free(docs, n);
    return 0;
}

int page_documents(struct req *r)
{
    return render(r, 200, NULL, 0, "", NULL);
}

static int upload(struct req *r, struct field_errors *fe)
{
    const struct req_field *file = req_file(r, "file");
    const char *pub = req_form(r, "public");
    bool is_public = pub && strcmp(pub, "yes") == 0;
    if (!file)
        ferr_add(fe, "file", "Choose the file to upload");
    if (!pub || (strcmp(pub, "yes") != 0 && strcmp(pub, "no") != 0))
        ferr_add(fe, "public", "Say who can read the document: choose restricted or public");
    ferr_merge(fe, &r->ferr); /* the dispatcher's refusals of the declared fields */
    if (fe->n)
        return render(r, 400, fe->e, fe->n, pub ? pub : "", NULL);

    struct document_upload up = {file->value,        file->len, file->filename,
                                 file->content_type, is_public, r->user ? r->user->account_id : 0};
    int64_t id;
    enum document_result rc = document_store(r->wdb, &up, &id);
    if (rc == DOCUMENT_ERROR) {
        text_printf(r->err, sizeof r->err, "upload: %s", r->wdb->err);
        return -1;
    }
    if (rc != DOCUMENT_OK) {
        /* the model's "file: ..." names the field; people read the rest, which
         * begins with a capital or the file's name */
        const char *m = r->wdb->err;
        if (strncmp(m, "file: ", 6) == 0)
            m += 6;
        ferr_add(fe, "file", "%s", m);
        return render(r, rc == DOCUMENT_TOO_LARGE ? 413 : 400, fe->e, fe->n, pub, NULL);
    }
    char to[64];
    snprintf(to, sizeof to, "/work/documents?uploaded=%lld", (long long)id);
    req_redirect(r, to);
    return 0;
}

int post_documents(struct req *r)
{
    struct field_errors fe = FERR_INIT;
    int rc = upload(r, &fe);
    ferr_free(&fe);
    return rc;
}

/* Sets Content-Disposition: attachment with the name made safe (ASCII, no
 * quotes, backslashes or control characters) and, when it fits, the exact
 * name as filename*=UTF-8''... (RFC 6266). */
static void disposition(struct req *r, const char *name)
{
    char ascii[96];
    document_ascii_name(name, ascii, sizeof ascii);
    struct buf b = BUF_INIT;
    buf_printf(&b, "attachment; filename=\"%s\"; filename*=UTF-8''", ascii);
    html_printf(&b, "%U", name); /* percent-encoded: no quote, space or control survives */
    if (b.len < sizeof r->disposition)
        snprintf(r->disposition, sizeof r->disposition, "%s", buf_str(&b));
    else
        snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"%s\"", ascii);
    buf_free(&b);
}

int page_document(struct req *r)
{
    static const char gone[] = "There is no document at this address. Check the link, or ask "
                               "whoever gave it to you.";
    int64_t id = req_id(r, "id");
    struct document d;
    int found = id ? document_get(r->db, id, false, &d) : 0;
    if (found < 0)
        return req_model_error(r);
    if (!found) {
        req_error(r, 404, gone);
        return 0;
    }
    bool restricted;
    int64_t me = reader(r, &restricted);
    if (!document_may_read(&d, me, restricted)) {
        /* never say to the anonymous that a restricted document exists */
        if (!r->user) {
            req_error(r, 404, gone);
        } else {
            char why[512];
            snprintf(why, sizeof why,
                     "You are signed in as %s, whose role (%s) does not allow you to read "
                     "restricted material, and this document is restricted. It can be read by "
                     "the programme office, the executive, the panel and its secretariat, and by "
                     "whoever uploaded it.",
                     r->user->username, role_label(r->user->role));
            req_error(r, 403, why);
        }
        document_free(&d);
        return 0;
    }
    document_free(&d);
    /* a paper of an exempt item or a closed meeting: the panel and its secretariat alone */
    int closed = meeting_paper_closed(r->db, id);
    if (closed < 0)
        return req_model_error(r);
    if (closed && !(r->user && role_has(r->user->role, CAP_READ_CLOSED))) {
        if (!r->user)
            req_error(r, 404, gone);
        else
            req_error(r, 403,
                      "This is a paper of an item taken in private: only the panel and "
                      "its secretariat may read it.");
        return 0;
    }
    if (document_get(r->db, id, true, &d) != 1)
        return req_model_error(r);
    buf_reset(&r->out);
    buf_append(&r->out, d.data, (size_t)d.size);
    r->status = 200;
    r->content_type = document_served_type(d.content_type);
    r->cache_control = d.public ? "no-cache" : "private, no-store";
    disposition(r, d.name);
    document_free(&d);
    return 0;
}

/* fuzz_form.c — form and multipart bodies: libmicrohttpd's post processor as
 * the server configures it, and our collection of the fields (web/form.c:
 * form_begin, form_take, collect_field), then the lookups handlers use
 * (req_form, req_form_all, req_file).
 *
 * The input's first line is the request's Content-Type (say
 * "multipart/form-data; boundary=b" or "application/x-www-form-urlencoded"),
 * the rest its body.  The request is sent, with Content-Length and
 * "Connection: close", to a libmicrohttpd daemon in this process (no
 * listening socket, no thread; the connection is a socketpair) whose access
 * handler does with the body what the server's does.  Invariants, once the
 * body is in: at most WEB_MAX_FIELDS fields; every field has a name and a
 * value NUL-terminated at its length; req_form finds the first non-file field
 * of each name, req_form_all counts them all, req_file the first named file. */
#include "fuzz/fuzz.h"
#include "web/web.h"
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>

static struct MHD_Daemon *daemon_;

/* Checks the fields collected from one body. */
static void check_fields(const struct req *r)
{
    if (r->nform > WEB_MAX_FIELDS)
        fuzz_fail("%zu fields kept", r->nform);
    for (size_t i = 0; i < r->nform; i++) {
        const struct req_field *f = &r->form[i];
        if (!f->name || !f->value || f->value[f->len] != '\0')
            fuzz_fail("field %zu is not whole", i);
        const char *first = NULL, *all[4];
        const struct req_field *file = NULL;
        size_t n = 0;
        for (size_t k = 0; k < r->nform; k++) {
            if (strcmp(r->form[k].name, f->name) != 0)
                continue;
            if (!r->form[k].filename) {
                if (!first)
                    first = r->form[k].value;
                n++;
            } else if (!file && r->form[k].filename[0]) {
                file = &r->form[k];
            }
        }
        if (req_form(r, f->name) != first)
            fuzz_fail("req_form(\"%s\") is not the first such field", f->name);
        if (req_form_all(r, f->name, all, 4) != n)
            fuzz_fail("req_form_all(\"%s\") miscounts", f->name);
        if (req_file(r, f->name) != file)
            fuzz_fail("req_file(\"%s\") is not the first such file", f->name);
    }
}

/* The server's access handler, reduced to what it does with a POST body. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct req *r = *con_cls;
    if (!r) {
        r = *con_cls = xcalloc(1, sizeof *r);
        r->body_type =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        r->posting = true;
        form_begin(conn, r);
        return MHD_YES;
    }
    if (r->responded) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        bool keep = form_take(r, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return keep ? MHD_YES : MHD_NO;
    }
    if (r->pp) {
        MHD_destroy_post_processor(r->pp); /* flushes the last field */
        r->pp = NULL;
    }
    check_fields(r);
    r->responded = true;
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(conn, r->bad_body ? 400 : 200, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    req_free(*con_cls);
    *con_cls = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_init();
    daemon_ = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, on_request, NULL,
                               MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64u * 1024u),
                               MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!daemon_)
        fuzz_fail("cannot start libmicrohttpd");
    return 0;
}

/* Sends raw on a new connection and runs the daemon until it has closed it. */
static void send_request(const char *raw, size_t len)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) != 0)
        fuzz_fail("socketpair: %s", strerror(errno));
    struct sockaddr_in peer = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (MHD_add_connection(daemon_, sv[0], (struct sockaddr *)&peer, sizeof peer) != MHD_YES)
        fuzz_fail("MHD_add_connection failed");
    size_t sent = 0;
    int idle = 0;
    char tmp[4096];
    for (bool open = true; open;) {
        bool moved = false;
        if (sent < len) {
            ssize_t w = write(sv[1], raw + sent, len - sent);
            if (w > 0) {
                sent += (size_t)w;
                moved = true;
            }
        }
        MHD_run(daemon_);
        ssize_t n = read(sv[1], tmp, sizeof tmp);
        if (n > 0)
            moved = true;
        else if (n == 0 || (errno != EAGAIN && errno != EINTR))
            open = false;
        idle = moved ? 0 : idle + 1;
        if (idle == 64)
            shutdown(sv[1], SHUT_WR);
        if (idle == 128)
            open = false;
    }
    close(sv[1]);
    for (int i = 0; i < 1000; i++) {
        const union MHD_DaemonInfo *info =
            MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!info || info->num_connections == 0)
            break;
        MHD_run(daemon_);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data, *nl = memchr(in, '\n', size);
    size_t tl = nl ? (size_t)(nl - in) : size;
    if (memchr(in, '\r', tl) || memchr(in, '\0', tl))
        return -1; /* not a header value: libmicrohttpd refuses the request */
    const char *body = nl ? nl + 1 : in + size;
    size_t bl = (size_t)(in + size - body);
    struct buf req = BUF_INIT;
    buf_printf(&req,
               "POST /form HTTP/1.1\r\nHost: fuzz\r\nContent-Type: %.*s\r\n"
               "Content-Length: %zu\r\nConnection: close\r\n\r\n",
               (int)tl, in, bl);
    buf_append(&req, body, bl);
    send_request(req.data, req.len);
    buf_free(&req);
    return 0;
}

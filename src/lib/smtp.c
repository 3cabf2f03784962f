/* smtp.c — building a message's headers and sending it with libcurl. */
#include "lib/smtp.h"
#include "lib/dynlib.h"
#include "lib/text.h"
/* curl_easy_setopt is called through a pointer (lib/dynlib.h), which gcc's
 * type-checking macro cannot wrap */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* libcurl, opened by smtp_global_init() (lib/dynlib.h) */
#define CURL_FUNCTIONS(X)                                                                          \
    X(curl_easy_cleanup)                                                                           \
    X(curl_easy_getinfo)                                                                           \
    X(curl_easy_init)                                                                              \
    X(curl_easy_perform)                                                                           \
    X(curl_easy_setopt)                                                                            \
    X(curl_easy_strerror)                                                                          \
    X(curl_global_init)                                                                            \
    X(curl_mime_addpart)                                                                           \
    X(curl_mime_data)                                                                              \
    X(curl_mime_encoder)                                                                           \
    X(curl_mime_free)                                                                              \
    X(curl_mime_init)                                                                              \
    X(curl_mime_subparts)                                                                          \
    X(curl_mime_type)                                                                              \
    X(curl_slist_append)                                                                           \
    X(curl_slist_free_all)
CURL_FUNCTIONS(DYNLIB_POINTER)
static struct dynlib libcurl = DYNLIB("libcurl.so.4", CURL_FUNCTIONS);
/* curl.h checks the number of arguments of these two with function-like
 * macros of the same names */
#undef curl_easy_getinfo
#undef curl_easy_setopt
#define curl_easy_cleanup   (*dl_curl_easy_cleanup)
#define curl_easy_getinfo   (*dl_curl_easy_getinfo)
#define curl_easy_init      (*dl_curl_easy_init)
#define curl_easy_perform   (*dl_curl_easy_perform)
#define curl_easy_setopt    (*dl_curl_easy_setopt)
#define curl_easy_strerror  (*dl_curl_easy_strerror)
#define curl_global_init    (*dl_curl_global_init)
#define curl_mime_addpart   (*dl_curl_mime_addpart)
#define curl_mime_data      (*dl_curl_mime_data)
#define curl_mime_encoder   (*dl_curl_mime_encoder)
#define curl_mime_free      (*dl_curl_mime_free)
#define curl_mime_init      (*dl_curl_mime_init)
#define curl_mime_subparts  (*dl_curl_mime_subparts)
#define curl_mime_type      (*dl_curl_mime_type)
#define curl_slist_append   (*dl_curl_slist_append)
#define curl_slist_free_all (*dl_curl_slist_free_all)

bool smtp_address_valid(const char *s)
{
    if (!s)
        return false;
    size_t n = strlen(s);
    const char *at = strrchr(s, '@');
    if (n > SMTP_ADDRESS_MAX || !at || at == s || at[1] == '\0')
        return false;
    for (const char *p = s; p < at; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c >= 0x7F || strchr("\"<>(),;:[]\\@", c))
            return false;
    }
    /* the domain: labels of letters, digits and hyphens, not starting or
     * ending with a hyphen, separated by single dots */
    size_t label = 0;
    for (const char *p = at + 1;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '.' || c == '\0') {
            if (label == 0 || label > 63 || p[-1] == '-')
                return false;
            if (c == '\0')
                return true;
            label = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   (c == '-' && label > 0)) {
            label++;
        } else {
            return false;
        }
    }
}

/* Appends the base64 of n bytes at p (RFC 4648, with padding). */
static void base64(struct buf *b, const unsigned char *p, size_t n)
{
    static const char d[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        buf_putc(b, d[(v >> 18) & 63]);
        buf_putc(b, d[(v >> 12) & 63]);
        buf_putc(b, i + 1 < n ? d[(v >> 6) & 63] : '=');
        buf_putc(b, i + 2 < n ? d[v & 63] : '=');
    }
}

/* An encoded word holds at most 75 characters: "=?UTF-8?B?" and "?=" take
 * 12, leaving 63 for base64, that is 45 bytes of text (a multiple of 3). */
#define WORD_BYTES 45

void smtp_encode_header(struct buf *b, const char *text)
{
    struct buf clean = BUF_INIT;
    bool ascii = true;
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        unsigned char c = *p < ' ' || *p == 0x7F ? ' ' : *p;
        ascii = ascii && c < 0x80;
        buf_putc(&clean, (char)c);
    }
    const unsigned char *s = (const unsigned char *)buf_str(&clean);
    size_t n = clean.len;
    if (ascii && !strstr((const char *)s, "=?")) {
        buf_append(b, s, n);
        buf_free(&clean);
        return;
    }
    for (size_t i = 0, words = 0; i < n; words++) {
        size_t take = 0; /* whole UTF-8 characters, up to WORD_BYTES */
        while (i + take < n) {
            bool ok;
            size_t k = utf8_seq(s + i + take, n - i - take, &ok);
            if (k == 0)
                k = 1;
            if (take + k > WORD_BYTES)
                break;
            take += k;
        }
        if (take == 0) /* cannot happen: a character is at most 4 bytes */
            take = 1;
        if (words)
            buf_putc(b, ' ');
        buf_puts(b, "=?UTF-8?B?");
        base64(b, s + i, take);
        buf_puts(b, "?=");
        i += take;
    }
    buf_free(&clean);
}

void smtp_date(time_t t, char out[40])
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday,
             months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Appends an address header: "Name: display <addr>" or "Name: <addr>". */
static void address_header(struct buf *b, const char *name, const char *display, const char *addr)
{
    buf_printf(b, "%s: ", name);
    if (display && *display) {
        bool plain = true;
        for (const char *p = display; *p && plain; p++)
            plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                    (*p >= '0' && *p <= '9') || *p == ' ' || *p == '-' || *p == '.';
        if (plain)
            buf_printf(b, "\"%s\" ", display);
        else {
            smtp_encode_header(b, display);
            buf_putc(b, ' ');
        }
    }
    buf_printf(b, "<%s>\r\n", addr);
}

void smtp_headers(const struct smtp_message *m, struct buf *b)
{
    char date[40];
    smtp_date(m->date, date);
    buf_printf(b, "Date: %s\r\n", date);
    address_header(b, "From", m->from_name, m->from);
    address_header(b, "To", NULL, m->to);
    buf_puts(b, "Subject: ");
    smtp_encode_header(b, m->subject);
    buf_puts(b, "\r\n");
    buf_printf(b, "Message-ID: %s\r\n", m->message_id);
    buf_puts(b, "Auto-Submitted: auto-generated\r\n");
    if (m->unsubscribe && *m->unsubscribe) {
        buf_printf(b, "List-Unsubscribe: <%s>\r\n", m->unsubscribe);
        buf_puts(b, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
    }
}

int smtp_global_init(void)
{
    char err[256];
    if (dynlib_open(&libcurl, err, sizeof err)) {
        fprintf(stderr, "dialturn: mail cannot be sent: %s\n", err);
        return -1;
    }
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

/* Adds one part of type `type` holding `data` to the multipart `mime`, its
 * lines ending in CRLF as mail's do (so quoted-printable breaks lines there
 * rather than encoding each newline). */
static void add_part(curl_mime *mime, const char *data, const char *type)
{
    struct buf crlf = BUF_INIT;
    for (const char *p = data ? data : ""; *p; p++) {
        if (*p == '\n' && (p == data || p[-1] != '\r'))
            buf_putc(&crlf, '\r');
        buf_putc(&crlf, *p);
    }
    curl_mimepart *part = curl_mime_addpart(mime);
    curl_mime_data(part, crlf.data ? crlf.data : "", crlf.len); /* curl copies it */
    buf_free(&crlf);
    curl_mime_type(part, type);
    curl_mime_encoder(part, "quoted-printable");
}

enum smtp_rc smtp_send(const struct smtp_relay *relay, const struct smtp_message *m, char *err,
                       size_t errlen)
{
    enum smtp_rc rc = SMTP_TRY_LATER;
    char curl_err[CURL_ERROR_SIZE] = "";
    struct curl_slist *headers = NULL, *rcpt = NULL;
    curl_mime *mime = NULL, *alt = NULL;
    struct buf from = BUF_INIT, hdr = BUF_INIT;
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(err, errlen, "libcurl could not start a transfer");
        return SMTP_TRY_LATER;
    }
    smtp_headers(m, &hdr);
    /* one header a line, as libcurl takes them */
    for (char *line = hdr.data, *end; line && *line; line = end + 2) {
        end = strstr(line, "\r\n");
        *end = '\0';
        headers = curl_slist_append(headers, line);
    }
    buf_printf(&from, "<%s>", m->from);
    rcpt = curl_slist_append(rcpt, m->to);

    /* multipart/alternative: the plain text first, the HTML preferred */
    mime = curl_mime_init(c);
    alt = curl_mime_init(c);
    add_part(alt, m->text, "text/plain; charset=utf-8");
    add_part(alt, m->html, "text/html; charset=utf-8");
    curl_mimepart *part = curl_mime_addpart(mime);
    curl_mime_subparts(part, alt);
    curl_mime_type(part, "multipart/alternative");

    curl_easy_setopt(c, CURLOPT_URL, relay->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY); /* STARTTLS when offered */
    if (relay->user && *relay->user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, relay->user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, relay->password ? relay->password : "");
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, buf_str(&from));
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, relay->timeout_s > 0 ? relay->timeout_s : 30L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);

    CURLcode res = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (res == CURLE_OK) {
        rc = SMTP_SENT;
        err[0] = '\0';
    } else {
        /* 5xx is the relay's final word (an unknown mailbox, a refused
         * sender); anything else (no answer, 4xx) may pass later */
        rc = code >= 500 && code < 600 ? SMTP_REFUSED : SMTP_TRY_LATER;
        char why[200];
        text_printf(why, sizeof why, "%s", curl_err[0] ? curl_err : curl_easy_strerror(res));
        if (code)
            snprintf(err, errlen, "relay answered %ld: %s", code, why);
        else
            snprintf(err, errlen, "%s", why);
    }
    curl_easy_cleanup(c);
    curl_mime_free(mime);
    curl_slist_free_all(headers);
    curl_slist_free_all(rcpt);
    buf_free(&from);
    buf_free(&hdr);
    return rc;
}

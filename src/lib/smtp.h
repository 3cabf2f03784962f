/* smtp.h — one e-mail message, built and handed to an SMTP relay with
 * libcurl.
 *
 * A message is plain text and HTML (multipart/alternative, quoted-printable,
 * UTF-8) with the headers mail systems expect: Date, From, To, Subject
 * (RFC 2047 encoded when it is not ASCII), Message-ID, and for mail to
 * subscribers List-Unsubscribe with List-Unsubscribe-Post (RFC 8058).  The
 * relay is an smtp:// URL (STARTTLS when the relay offers it) or smtps://,
 * with a user and password when it wants them. */
#ifndef DIALTURN_SMTP_H
#define DIALTURN_SMTP_H
#include "lib/buf.h"
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define SMTP_ADDRESS_MAX 254 /* bytes of an address (RFC 5321's path limit, less <>) */

/* A message; every string is borrowed from the caller. */
struct smtp_message {
    const char *from;        /* the sender's address */
    const char *from_name;   /* its display name (UTF-8), or NULL */
    const char *to;          /* the one recipient's address */
    const char *subject;     /* UTF-8; control characters become spaces */
    const char *text;        /* the plain-text part, UTF-8 */
    const char *html;        /* the HTML part, UTF-8 */
    const char *message_id;  /* "<id@host>", fixed when the message was queued */
    const char *unsubscribe; /* an https:// or http:// URL for one-click unsubscribe, or
                                NULL (no List-Unsubscribe headers) */
    time_t date;             /* when the message was written (Date:) */
};

/* Where to send. */
struct smtp_relay {
    const char *url;      /* "smtp://host:port" or "smtps://host:port" */
    const char *user;     /* "" or NULL: no authentication */
    const char *password; /* with user */
    long timeout_s;       /* whole transfer, seconds (0: 30) */
};

enum smtp_rc {
    SMTP_SENT = 0,      /* the relay took the message */
    SMTP_REFUSED = 1,   /* a permanent refusal (5xx): sending again will not help */
    SMTP_TRY_LATER = 2, /* the relay is down, busy (4xx) or unreachable: try again */
};

/* Whether `s` is an address we send to: local@domain, at most
 * SMTP_ADDRESS_MAX bytes, the local part of printable ASCII without spaces,
 * quotes, angle brackets, commas or backslashes, the domain dot-separated
 * labels of letters, digits and hyphens. */
bool smtp_address_valid(const char *s);

/* Appends `text` as the value of a header: as it is when it is printable
 * ASCII, else as RFC 2047 encoded words ("=?UTF-8?B?...?=", each at most 75
 * characters, never splitting a UTF-8 character), separated by spaces.
 * Control characters (CR and LF among them) become spaces first, so a value
 * can never start another header. */
void smtp_encode_header(struct buf *b, const char *text);

/* Formats t as an RFC 5322 date in UTC ("Fri, 04 Dec 2026 15:58:14 +0000"). */
void smtp_date(time_t t, char out[40]);

/* Appends the message's own header lines to `b`, each ending in CRLF:
 * Date, From, To, Subject, Message-ID, Auto-Submitted, and List-Unsubscribe
 * and List-Unsubscribe-Post when m->unsubscribe is set.  (The MIME headers
 * come from libcurl with the body.) */
void smtp_headers(const struct smtp_message *m, struct buf *b);

/* Sends m through the relay.  Returns SMTP_SENT; or SMTP_REFUSED or
 * SMTP_TRY_LATER with a one-line reason in err (the relay's reply code
 * among it).  Safe to call from any thread once smtp_global_init() has run. */
enum smtp_rc smtp_send(const struct smtp_relay *relay, const struct smtp_message *m, char *err,
                       size_t errlen);

/* libcurl's process-wide set-up: call once, before any thread starts.
 * Returns 0, or -1 when libcurl cannot be initialised. */
int smtp_global_init(void);

#endif

/* mail_int.h — what the parts of model/mail*.c share; not for use elsewhere. */
#ifndef DIALTURN_MAIL_INT_H
#define DIALTURN_MAIL_INT_H
#include "lib/buf.h"
#include "model/mail.h"

/* One message to queue; every string borrowed. */
struct mail_out {
    enum mail_kind kind;
    const char *dedupe;      /* a key that makes the message once-only, or NULL */
    const char *to;          /* the address */
    const char *subject;     /* UTF-8 */
    const char *text;        /* the plain-text body */
    const char *html;        /* the HTML body (a whole document) */
    const char *unsubscribe; /* the one-click unsubscribe URL, or NULL */
};

/* Queues m in the caller's transaction, with a new Message-ID on the base
 * URL's host; a message whose dedupe key was queued before is dropped.
 * Returns 1 when queued, 0 when dropped, -1 with db->err set. */
int mail_queue(struct db *db, const struct mail_out *m, const struct mail_settings *s);

/* A message being written: the plain text and the HTML side by side. */
struct mail_body {
    struct buf text, html;
};

/* Starts a body: the HTML document's head and the greeting "Dear NAME," (or
 * "Hello," for NULL). */
void mail_body_begin(struct mail_body *b, const char *name);
/* Adds a paragraph of plain text (escaped in the HTML). */
void mail_body_para(struct mail_body *b, const char *text);
/* Adds a list item (call between paragraphs; consecutive items make one list). */
void mail_body_item(struct mail_body *b, const char *text);
/* Adds a link on a line of its own: `label` and the absolute `url`. */
void mail_body_link(struct mail_body *b, const char *label, const char *url);
/* Ends the body with the footer: who sent it, and `why` (a sentence). */
void mail_body_end(struct mail_body *b, const char *org, const char *why);
void mail_body_free(struct mail_body *b);

/* Appends base_url and the path `fmt` to u, with html_printf's conversions
 * (%u for a path segment).  The result is an absolute URL. */
void mail_url(struct buf *u, const struct mail_settings *s, const char *fmt, ...);

/* The organisation's name into out. Returns 0, or -1. */
int mail_org_name(struct db *db, char *out, size_t size);

#endif

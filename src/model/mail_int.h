/* mail_int.h — what the parts of model/mail*.c share; not for use elsewhere. */
#ifndef DIALTURN_MAIL_INT_H
#define DIALTURN_MAIL_INT_H
#include "lib/buf.h"
#include "model/mail.h"
#include <stdbool.h>
#include <stdint.h>

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

/* --- the events' mails, table-driven (mail_event.c) ------------------------------ */

/* What every event needs: the settings and the organisation's name. */
struct mail_ctx {
    struct mail_settings s;
    char org[256];
};

/* Reads them.  Returns 0, or -1 with db->err set. */
int mail_ctx_load(struct db *db, struct mail_ctx *c);

/* The facts of one event.  Each is bound to the query under its name when
 * the query names it (:month, :id, :n, :role, :flag; :kind is always the
 * spec's kind), and read by the spec's functions. */
struct mail_event {
    const char *month;       /* "2015-04", or NULL */
    int64_t id;              /* an update, a closure */
    int number;              /* a plan version */
    const char *role;        /* a role to mail */
    bool flag;               /* accepted, approved, only the missing updates */
    const char *comment;     /* the reviewer's comment, or NULL */
    char when[32];           /* the month for people: "April 2015" */
    char deadline[DATE_LEN]; /* its updates' deadline */
    const char *list;        /* lines, each ended by NUL (the chase list) */
    size_t nlist;            /* how many */
    const void *extra;       /* what a spec of its own needs (mail_meeting.c) */
};

/* One mail being written for one recipient, handed to a spec's functions. */
struct mail_draft {
    const struct mail_ctx *c;
    const struct mail_event *ev;
    enum mail_kind kind; /* the spec's */
    sqlite3_stmt *st;    /* the current row (not in close: it may be the next recipient's) */
    int64_t to_id;       /* column 0 of the recipient's rows */
    struct mail_body b;
    char subject[400];
    char key[160]; /* the dedupe key; "" for none */
};

/* One kind of mail: whom it goes to and how it reads. */
struct mail_spec {
    enum mail_kind kind;
    const char *what; /* names the query in errors */
    /* rows ordered by recipient: column 0 the recipient's id (account or
     * subscription), 1 the address, 2 the name to greet (staff) or the
     * subscription's token (subscriber); then the spec's own columns */
    const char *sql;
    bool subscriber; /* greet no one, end with the unsubscribe link (List-Unsubscribe
                        too); else greet by name, end with where to choose what one receives */
    void (*open)(struct mail_draft *d);  /* a recipient's first row: subject, key, opening */
    void (*row)(struct mail_draft *d);   /* each row (the first too), or NULL */
    void (*close)(struct mail_draft *d); /* after a recipient's last row: the links, or NULL */
};

/* Queues the mails of `spec` for event ev, in the caller's transaction: one
 * per recipient of its query.  Returns the number queued (not those dropped
 * by their dedupe key), or -1 with db->err set. */
int mail_each(struct db *db, const struct mail_ctx *c, const struct mail_spec *spec,
              const struct mail_event *ev);

/* Adds to d's body a paragraph, a list item, or a link labelled `label` to
 * the site's path `fmt` (html_printf's conversions, %U for a segment). */
void mail_draft_para(struct mail_draft *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mail_draft_item(struct mail_draft *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mail_draft_link(struct mail_draft *d, const char *label, const char *fmt, ...);

#endif

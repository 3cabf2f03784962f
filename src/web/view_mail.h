/* view_mail.h — the pages of e-mail: what was sent (/work/mail), my mail
 * (/work/account/mail), following by e-mail (/follow), confirming and
 * unsubscribing.  Strings are not owned. */
#ifndef DIALTURN_VIEW_MAIL_H
#define DIALTURN_VIEW_MAIL_H
#include "model/mail.h"
#include "web/view.h"

/* The outbox, a page of it, newest first. */
struct view_mail_log {
    const struct mail_row *rows;
    size_t n;
    size_t queued, sent, failed; /* the whole outbox by status */
    size_t page, pages;
    bool relay; /* a relay is set: without one nothing leaves */
};
void view_mail_log(struct buf *b, const struct view_site *site, const struct view_mail_log *v);

/* My address and the kinds of mail I receive. */
struct view_account_mail {
    const struct mail_prefs *prefs;
    const char *done;  /* what just succeeded, or NULL */
    const char *error; /* what to fix in the address, or NULL */
};
void view_account_mail(struct buf *b, const struct view_site *site,
                       const struct view_account_mail *v);

/* How often the follow form may be used (page_mail.c enforces it, the form
 * says it): per e-mail address, so that no one's mailbox can be filled with
 * confirmations, and per client address (behind `serve --trust-proxy`, the
 * address the proxy forwards), so that no one can ask for many.  Every
 * request with a valid address and topic counts, whether or not the address
 * already follows the topic, so the answer tells no one who follows what. */
#define FOLLOW_ADDRESS_PER_HOUR 5
#define FOLLOW_ADDRESS_PER_DAY  10
#define FOLLOW_CLIENT_PER_HOUR  20
#define FOLLOW_CLIENT_PER_DAY   60

/* The public form to follow a topic by e-mail (`topic` NULL or "" offers
 * the reports and the meetings), and the page after it ("check your mail"). */
struct view_follow {
    const char *csrf;    /* the double-submit token */
    const char *topic;   /* what is followed ("action:A1") */
    const char *title;   /* its name for people */
    const char *address; /* as typed */
    const char *error;   /* what to fix, or NULL */
    bool sent;           /* the form was taken: say to look for the confirmation */
};
void view_follow(struct buf *b, const struct view_site *site, const struct view_follow *v);

/* A page reached from a link in a mail: `what` is "confirm" or "unsubscribe".
 * Before (done false): a button that POSTs to the same address; after: what
 * happened.  `title` is the topic's name; `token` is put in the form's
 * address. */
void view_mail_token(struct buf *b, const struct view_site *site, const char *what,
                     const char *token, const char *title, bool done);

#endif

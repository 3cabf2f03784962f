/* pub_scope.h — what the public may see: signed-off months, up to a month.
 *
 * Only signed-off periods are public (DESIGN.md).  Every public query — pages,
 * feeds, downloads, API — counts an update only when it is ACCEPTED and its
 * period is SIGNED OFF with a month not after scope.month; measure values only
 * up to scope.end; milestones achieved only by scope.end.  The scope is the
 * latest signed-off month, or an earlier signed-off month asked for with
 * ?as_at=YYYY-MM ("the site as it stood then").
 *
 * The SQL fragment every such query uses (bind :month with scope.month_s):
 *   JOIN period p ON p.id = u.period_id
 *   WHERE u.state = 'accepted' AND p.status = 'signed_off' AND p.month <= :month */
#ifndef DIALTURN_PUB_SCOPE_H
#define DIALTURN_PUB_SCOPE_H
#include "lib/date.h"
#include "model/db.h"
#include "model/record.h"
#include <stdbool.h>

struct pub_scope {
    int month;               /* the month shown; -1 when nothing is signed off yet */
    char month_s[MONTH_LEN]; /* the same as "YYYY-MM" ("0000-00" when none: matches nothing) */
    day_t end;               /* last day of that month; DAY_NONE when none */
    int latest;              /* the latest signed-off month (-1 if none) */
    bool as_at;              /* an earlier month than the latest was asked for */
    struct record_head head; /* the month's seal (record.h); all zero when none */
    struct record_head latest_head; /* the latest month's seal: what every public
                                       page's validators derive from */
};

enum pub_scope_result {
    PUB_SCOPE_OK = 0,
    PUB_SCOPE_BAD = 1,        /* as_at is not YYYY-MM */
    PUB_SCOPE_NOT_PUBLIC = 2, /* as_at is not a signed-off month */
    PUB_SCOPE_ERROR = -1      /* database error, in db->err */
};

/* Resolves the scope: `as_at` NULL or "" means the latest signed-off month.
 * On a record connection (record.h) it also points the connection at that
 * month's record, so every query after it reads the month as it was signed
 * off. */
enum pub_scope_result pub_scope_resolve(struct db *db, const char *as_at, struct pub_scope *out);

/* Points a record connection at scope s's record again (a page that shows two
 * months, such as the home page as at an earlier month beside the latest,
 * reads each from its own record).  Returns 0, or -1 with db->err set; a
 * no-op on other connections. */
int pub_scope_use(struct db *db, const struct pub_scope *s);

/* The scope of the latest signed-off month, derived from s without a query. */
struct pub_scope pub_scope_latest(const struct pub_scope *s);

#endif

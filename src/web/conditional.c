/* conditional.c — HTTP validators and 304 answers (RFC 9110, section 13).
 *
 * Everything a page shows derives from the database, today's date (overdue
 * depends on it) and the binary.  So a page's version is the ledger's head
 * (every change moves it), the date, and when this server started (a new binary
 * means a restart).  The dispatcher asks before running the handler, so a
 * client with a current copy costs one indexed query, not a render. */
#include "lib/gzip.h"
#include "model/ledger.h"
#include "web/web.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Parses "YYYY-MM-DDTHH:MM:SSZ" (the ledger's time); 0 if malformed. */
static time_t parse_iso(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return end && *end == '\0' ? timegm(&tm) : 0;
}

/* Parses an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); 0 if malformed. */
static time_t parse_http_date(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = s ? strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm) : NULL;
    return end && *end == '\0' ? timegm(&tm) : 0;
}

void cond_format_date(time_t t, char out[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* Whether an If-None-Match value lists our tag.  "*" ("any version") is not
 * honoured: the check runs before the handler knows whether, say, the action
 * in the path exists, and a 304 for a missing action would be wrong. */
static bool etag_listed(const char *inm, const char *etag)
{
    return strstr(inm, etag) != NULL; /* also matches W/"...": weak comparison */
}

bool cond_not_modified(struct req *r)
{
    int64_t seq = 0;
    char at[21] = "";
    time_t modified = r->cfg->started;
    time_t now = time(NULL);
    time_t midnight = now - now % 86400;
    if (r->db) {
        if (ledger_head(r->db, &seq, at) != 0)
            return false; /* no validators: the handler runs and reports */
        time_t t = parse_iso(at);
        if (t > modified)
            modified = t;
        if (midnight > modified)
            modified = midnight;
    }
    char day[DATE_LEN];
    date_format(date_today(), day);
    snprintf(r->etag, sizeof r->etag, "\"%lld-%.4s%.2s%.2s-%lld%s\"", (long long)seq, day, day + 5,
             day + 8, (long long)r->cfg->started, gzip_accepted(r->accept_encoding) ? "-gz" : "");
    r->last_modified = modified;
    if (r->if_none_match) /* when present, it alone decides (RFC 9110 13.2.2) */
        return etag_listed(r->if_none_match, r->etag);
    time_t since = parse_http_date(r->if_modified_since);
    return since != 0 && modified <= since;
}

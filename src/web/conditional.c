/* conditional.c — HTTP validators and 304 answers (RFC 9110, section 13).
 *
 * A public page (read through a record connection, model/record.h) shows
 * only the record of a signed-off month, judged on that month's last day; so
 * its version is the latest month's seal (the ledger head it was signed off
 * at) and when this server started (a new binary means a restart).  Nothing
 * private moves it: a draft saved in the workspace changes no public page
 * and no public validator.  A page that shows the public engagement beside
 * the record (ROUTE_ENGAGED) adds that material's own version.  Only while no month is signed off
 * does a public page show the live plan, judged on today: then the ledger's head and the date are
 * its version.  Other pages read by an anonymous reader follow the ledger's head and the date too.
 * The dispatcher asks before running the handler, so a client with a current copy costs one indexed
 * query, not a render. */
#include "lib/gzip.h"
#include "model/engagement.h"
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
    const char *gz = gzip_accepted(r->accept_encoding) ? "-gz" : "";
    if (r->db && record_is_connection(r->db) && r->record_latest >= 0) {
        time_t t = parse_iso(r->record.sealed_at);
        if (t > modified)
            modified = t;
        int64_t rows = 0, newest = 0;
        if (r->route && (r->route->flags & ROUTE_ENGAGED) &&
            engagement_public_version(r->db, &rows, &newest) != 0)
            return false; /* no validators: the handler runs and reports */
        snprintf(r->etag, sizeof r->etag, "\"r%lld-%.12s-%lld-e%lld.%lld%s\"",
                 (long long)r->record.seq, r->record.hash, (long long)r->cfg->started,
                 (long long)rows, (long long)newest, gz);
    } else {
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
        snprintf(r->etag, sizeof r->etag, "\"%lld-%.4s%.2s%.2s-%lld%s\"", (long long)seq, day,
                 day + 5, day + 8, (long long)r->cfg->started, gz);
    }
    r->last_modified = modified;
    if (r->if_none_match) /* when present, it alone decides (RFC 9110 13.2.2) */
        return etag_listed(r->if_none_match, r->etag);
    time_t since = parse_http_date(r->if_modified_since);
    return since != 0 && modified <= since;
}

/* api_sos.c — the reports to the Secretary of State in the read API:
 * GET /api/v1/reports/sos (the published reports, newest span first, a page
 * at a time) and GET /api/v1/reports/sos/{ref} (one published report with
 * its sections and the Secretary of State's response).
 *
 * Only published reports exist here (sos_get's and sos_list's
 * published_only): a draft or an approved report answers 404 exactly as a
 * ref that was never used, so the API is no oracle for what is in the
 * works.  A report is not part of a month's record: as_at is checked, as
 * for the panel and its meetings, and the answer is as it stands. */
#include "lib/text.h"
#include "model/sos.h"
#include "web/field.h"
#include "web/meetings.h"
#include "web/web.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define SOS_API_LIMIT_DEFAULT 50
#define SOS_API_LIMIT_MAX     200

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* The link to a stored document, or null. */
static json_t *doc_link(int64_t id)
{
    if (!id)
        return json_null();
    char to[48];
    snprintf(to, sizeof to, "/documents/%lld", (long long)id);
    return json_string(to);
}

/* What the list and the one report share.  New reference. */
static json_t *summary_json(const struct sos_report *s)
{
    struct buf page = BUF_INIT, pdf = BUF_INIT;
    buf_printf(&page, "/reports/sos/%s", s->ref); /* refs: letters, digits, '-' and '_' */
    buf_printf(&pdf, "/reports/sos/%s.pdf", s->ref);
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "ref", s->ref, "kind",
                  s->kind, "title", s->title, "covers_from", s->from, "covers_to", s->to,
                  "published_on", s->published_on ? s->published_on : "", "url", buf_str(&page),
                  "pdf_url", buf_str(&pdf), "response_on", str_or_null(s->response_on),
                  "response_document_url", doc_link(s->response_on ? s->response_document_id : 0));
    buf_free(&page);
    buf_free(&pdf);
    return o;
}

/* The list's query: as_at (a signed-off month), limit, cursor; nothing else.
 * Their form is checked by the route's declared fields.  Returns false after
 * answering. */
static bool list_args(struct req *r, size_t *limit)
{
    *limit = SOS_API_LIMIT_DEFAULT;
    for (size_t i = 0; i < r->nargs; i++) {
        const char *name = r->args[i].name, *v = r->args[i].value ? r->args[i].value : "";
        if (strcmp(name, "limit") == 0) {
            long long n;
            if (!field_int(v, 1, SOS_API_LIMIT_MAX, &n)) {
                req_error(r, 400, "limit: give a whole number from 1 to 200.");
                return false;
            }
            *limit = (size_t)n;
        } else if (strcmp(name, "as_at") == 0) {
            if (!live_as_at_signed(r, v))
                return false;
        } else if (strcmp(name, "cursor") != 0) {
            req_error(r, 400,
                      "This resource takes no query parameter but as_at, limit and cursor.");
            return false;
        }
    }
    return true;
}

int api_sos_reports(struct req *r)
{
    size_t limit;
    if (!list_args(r, &limit))
        return 0;
    struct sos_report *v;
    size_t n;
    if (sos_list(r->db, true, &v, &n))
        return req_model_error(r);
    size_t from = 0;
    const char *cursor = req_arg(r, "cursor");
    if (cursor && *cursor) {
        while (from < n && strcmp(v[from].ref, cursor) != 0)
            from++;
        if (from == n) {
            sos_list_free(v, n);
            req_error(r, 400, "cursor: give the next_cursor of the previous page, as it was.");
            return 0;
        }
        from++;
    }
    json_t *data = json_array();
    size_t k = from;
    for (; k < n && k < from + limit; k++)
        json_array_append_new(data, summary_json(&v[k]));
    json_t *next = k < n ? json_string(v[k - 1].ref) : json_null();
    sos_list_free(v, n);
    return req_json(r, json_pack("{s:o, s:o}", "data", data, "next_cursor", next));
}

int api_sos_report(struct req *r)
{
    if (!meetings_api_args(r))
        return 0;
    struct sos_report s;
    int rc = sos_get(r->db, req_param(r, "ref"), true, &s);
    if (rc < 0)
        return req_model_error(r);
    if (rc == 0) { /* a draft or an approved report is not there either */
        req_error(r, 404, "There is no published report with this reference.");
        return 0;
    }
    json_t *o = summary_json(&s), *secs = json_array();
    json_object_set_new(o, "approved_on", str_or_null(s.approved_on));
    for (size_t i = 0; i < s.nsec; i++)
        json_array_append_new(secs, json_pack("{s:s, s:s, s:s, s:s}", "key", s.sec[i].key, "title",
                                              s.sec[i].title, "figures", s.sec[i].figures,
                                              "assessment", s.sec[i].assessment));
    json_object_set_new(o, "sections", secs);
    json_object_set_new(o, "response",
                        s.response_on ? json_pack("{s:s, s:o, s:o}", "received_on", s.response_on,
                                                  "text", str_or_null(s.response), "document_url",
                                                  doc_link(s.response_document_id))
                                      : json_null());
    sos_free(&s);
    return req_json(r, json_pack("{s:o}", "data", o));
}

/* page_meetings.c — the panel's meetings in public: the pages, the API and
 * the calendars.  Each handler loads the meetings, has model/meeting.h
 * redact them for whoever is asking, and renders what is left: the exempt
 * rule is never applied here, only obeyed. */
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/hash.h"
#include "lib/html.h"
#include "lib/ratelimit.h"
#include "lib/text.h"
#include "model/ical.h"
#include "model/meeting.h"
#include "model/panel.h"
#include "model/question.h"
#include "web/meetings.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Who is asking, as the exempt rule sees it; person is the storage for the
 * viewer's person ref.  Returns 0, or -1 (r->db->err). */
static int viewer(struct req *r, char person[65], struct meeting_viewer *v)
{
    if (!r->user) {
        *v = MEETING_PUBLIC;
        person[0] = '\0';
        return 0;
    }
    return meeting_viewer_for(r->db, role_has(r->user->role, CAP_READ_CLOSED), r->user->person_id,
                              person, v);
}

/* The meetings `v` may see, redacted (a new array; with ids and papers when
 * `papers`).  NULL with r->err set on failure. */
static json_t *visible(struct req *r, const struct meeting_viewer *v, bool papers)
{
    json_t *panel = NULL, *ms = NULL;
    if (panel_load_all(r->db, &panel, &ms, papers)) {
        req_model_error(r);
        return NULL;
    }
    json_decref(panel);
    json_t *m;
    size_t i;
    json_array_foreach(ms, i, m) if (papers && meeting_papers_load(r->db, m))
    {
        json_decref(ms);
        req_model_error(r);
        return NULL;
    }
    json_t *out = meeting_redact_all(ms, v);
    json_decref(ms);
    return out;
}

/* Now as "YYYY-MM-DDTHH:MM:SSZ". */
static void now_utc(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool live_as_at_signed(struct req *r, const char *v)
{
    static const char sql[] =
        "SELECT 1 FROM main.period WHERE month = :m AND status = 'signed_off'";
    sqlite3_stmt *st = db_prepare(r->db, sql);
    int rc = -1;
    if (st) {
        db_bind_text(st, ":m", v);
        rc = db_step(r->db, st, "as_at");
        sqlite3_reset(st);
    }
    if (rc != 1) {
        req_error(r, rc < 0 ? 500 : 404, rc < 0 ? NULL : "as_at is not a signed-off month.");
        return false;
    }
    return true;
}

bool meetings_api_args(struct req *r)
{
    int month;
    for (size_t i = 0; i < r->nargs; i++) {
        const char *v = r->args[i].value;
        if (strcmp(r->args[i].name, "as_at") != 0 || !v || !month_parse(v, &month)) {
            req_error(r, 400,
                      strcmp(r->args[i].name, "as_at") == 0
                          ? "as_at must be a month, YYYY-MM."
                          : "This resource takes no query parameter but as_at.");
            return false;
        }
        if (!live_as_at_signed(r, v))
            return false;
    }
    return true;
}

/* Removes the internal ids from a redacted meeting before it leaves as JSON. */
static void strip_ids(json_t *m)
{
    json_object_del(m, "id");
    json_t *it;
    size_t i;
    json_array_foreach(json_object_get(m, "items"), i, it) json_object_del(it, "item_id");
}

int page_meetings(struct req *r)
{
    char person[65], now[21];
    struct meeting_viewer v;
    if (viewer(r, person, &v))
        return req_model_error(r);
    json_t *ms = visible(r, &v, false);
    if (!ms)
        return -1;
    now_utc(now);
    struct view_site site = WEB_SITE_R(r);
    site.path = r->path;
    view_meetings(&r->out, &site, ms, now);
    json_decref(ms);
    return 0;
}

/* The meeting of ref among ms, or NULL. */
static json_t *find(json_t *ms, const char *ref)
{
    json_t *m;
    size_t i;
    json_array_foreach(ms, i, m) if (strcmp(json_string_value(json_object_get(m, "ref")), ref) ==
                                     0) return m;
    return NULL;
}

/* The open actions arising of the meetings before m that the reader sees:
 * [{"meeting": ref, "action": {...}}] (a new array). */
static json_t *carried(json_t *ms, json_t *m)
{
    json_t *out = json_array(), *x, *a;
    size_t i, k;
    json_array_foreach(ms, i, x)
    {
        if (x == m)
            break;
        json_array_foreach(json_object_get(x, "actions"), k,
                           a) if (json_is_null(json_object_get(a, "done_on")))
            json_array_append_new(
                out, json_pack("{s:O, s:O}", "meeting", json_object_get(x, "ref"), "action", a));
    }
    return out;
}

/* Renders meeting `ref` as the reader may see it, with the residents'
 * questions and, while it takes them, the form; q carries what a refused or
 * accepted question left (NULL: a plain visit).  Returns 0 (404 answered when
 * the reader may not know of it), or -1 (r->err). */
static int show_meeting(struct req *r, const char *ref, struct view_questions *q)
{
    char person[65], csrf[TOKEN_HEX_LEN + 1] = "", deadline[DATE_LEN] = "";
    struct meeting_viewer v;
    struct view_questions plain = {0};
    if (!q)
        q = &plain;
    if (viewer(r, person, &v))
        return req_model_error(r);
    json_t *ms = visible(r, &v, true);
    if (!ms)
        return -1;
    json_t *m = find(ms, ref);
    if (!m) {
        json_decref(ms);
        req_error(r, 404, "There is no meeting with that reference, or it is not public.");
        return 0;
    }
    json_t *people = meeting_people(r->db);
    if (!people) {
        json_decref(ms);
        return req_model_error(r);
    }
    struct view_site site = WEB_SITE_R(r);
    site.path = r->path;
    /* questions belong to open meetings alone; a closed one shows none to anyone */
    json_t *accepted = NULL;
    if (json_is_true(json_object_get(m, "open"))) {
        accepted = question_list(r->db, json_integer_value(json_object_get(m, "id")), false);
        if (!accepted) {
            json_decref(people);
            json_decref(ms);
            return req_model_error(r);
        }
        day_t d;
        q->form = site.live && question_taken(m, date_today(), &d);
        if (q->form) {
            date_format(d, deadline);
            req_public_csrf(r, csrf);
            r->cache_control = "no-store";
            r->etag[0] = '\0'; /* the form carries this reader's token */
        }
    }
    q->accepted = accepted;
    q->deadline = deadline;
    q->csrf = csrf;
    json_t *c = carried(ms, m);
    buf_reset(&r->out);
    view_meeting(&r->out, &site, m, people, c, q);
    json_decref(accepted);
    json_decref(c);
    json_decref(people);
    json_decref(ms);
    return 0;
}

int page_meeting(struct req *r)
{
    return show_meeting(r, req_param(r, "ref"), NULL);
}

_Static_assert(QUESTION_CLIENT_PER_DAY <= RATELIMIT_EVENTS, "a limit the table cannot count");

/* Counts one question from this client in the server's limits (the key
 * names the organisation) when they allow it: 0, or the seconds to wait
 * (nothing counted). */
static long question_limit(struct req *r)
{
    static const struct ratelimit_rule per_client[] = {{3600, QUESTION_CLIENT_PER_HOUR},
                                                       {86400, QUESTION_CLIENT_PER_DAY}};
    char from[120];
    snprintf(from, sizeof from, "question from %zu %s", r->cfg->index, r->address);
    struct ratelimit_key key = {from, per_client, 2};
    struct ratelimit *rl = server_limits(r->srv);
    return rl ? ratelimit_take(rl, &key, 1, time(NULL)) : 0;
}

int post_meeting_question(struct req *r)
{
    const char *ref = req_param(r, "ref");
    struct meeting_viewer pub = MEETING_PUBLIC; /* a question is for a public meeting */
    json_t *ms = visible(r, &pub, true);
    if (!ms)
        return -1;
    json_t *m = find(ms, ref);
    if (!m || !json_is_true(json_object_get(m, "open"))) {
        json_decref(ms);
        req_error(r, 404, "There is no public meeting with that reference.");
        return 0;
    }
    bool taken = question_taken(m, date_today(), NULL);
    int64_t id = json_integer_value(json_object_get(m, "id"));
    json_decref(ms);
    struct view_questions q = {0};
    q.name = req_form(r, "name");
    q.email = req_form(r, "email");
    q.question = req_form(r, "question");
    if (!taken) {
        req_error(r, 400,
                  "This meeting no longer takes questions: its deadline has passed, or it "
                  "is cancelled or postponed.");
        return 0;
    }
    /* a question that could be taken counts against its client's limit; one refused
       for an empty field does not */
    if (q.name && *q.name && q.email && *q.email && q.question && *q.question) {
        long wait = question_limit(r);
        if (wait > 0) {
            char msg[300];
            long minutes = (wait + 59) / 60;
            if (minutes > 90)
                text_printf(msg, sizeof msg,
                            "Too many questions have come from your connection. Try again in "
                            "about %ld hours",
                            (minutes + 59) / 60);
            else
                text_printf(msg, sizeof msg,
                            "Too many questions have come from your connection. Try again in %ld "
                            "minute%s",
                            minutes, minutes == 1 ? "" : "s");
            r->status = 429;
            r->retry_after = wait;
            q.error_field = "question";
            q.error = msg;
            return show_meeting(r, ref, &q);
        }
    }
    char now[DATE_TIME_LEN], field[32] = "";
    date_now_utc(now);
    int rc = question_ask(r->wdb, id, q.name, q.email, q.question, now, field);
    if (rc < 0) {
        snprintf(r->err, sizeof r->err, "%s", r->wdb->err);
        return -1;
    }
    if (rc > 0) {
        r->status = 400;
        q.error_field = field;
        q.error = r->wdb->err;
    } else {
        q.sent = true;
        q.name = q.email = q.question = NULL;
    }
    return show_meeting(r, ref, &q);
}

/* Answers the calendar of the meetings v may see. */
static int calendar(struct req *r, const struct meeting_viewer *v, const char *name)
{
    json_t *ms = visible(r, v, false);
    if (!ms)
        return -1;
    char calname[400];
    snprintf(calname, sizeof calname, "%s: %s", r->cfg->org_name, name);
    /* DTSTAMP: when the meetings last changed, so the same meetings are the
     * same bytes (caches, publish) */
    char at[21];
    struct tm tm = {0};
    time_t stamp = time(NULL);
    if (meeting_last_change(r->db, at) == 0 && strptime(at, "%Y-%m-%dT%H:%M:%SZ", &tm))
        stamp = timegm(&tm);
    struct ical_cal cal = {calname, r->cfg->slug[0] ? r->cfg->slug : "dialturn",
                           r->cfg->timezone[0] ? r->cfg->timezone : "Europe/London", r->cfg->base,
                           stamp};
    buf_reset(&r->out);
    int rc = ical_write(&r->out, &cal, ms);
    json_decref(ms);
    if (rc) {
        snprintf(r->err, sizeof r->err, "libical could not write the calendar");
        return -1;
    }
    r->content_type = "text/calendar; charset=utf-8";
    return 0;
}

int page_meetings_ics(struct req *r)
{
    struct meeting_viewer v = MEETING_PUBLIC; /* the shared feed: public whoever fetches it */
    return calendar(r, &v, "panel meetings");
}

/* The account of a live calendar token "HEX.ics" (0: none).  -1 on error. */
static int64_t token_account(struct req *r, const char *tok)
{
    static const char sql[] =
        "SELECT t.account_id, a.role, a.person_id FROM calendar_token t JOIN account a "
        "ON a.id = t.account_id WHERE t.token_hash = :h AND t.revoked_on IS NULL "
        "AND a.disabled = 0";
    size_t n = strlen(tok);
    if (n < 5 || strcmp(tok + n - 4, ".ics") != 0 || n - 4 > 128)
        return 0;
    char hex[SHA256_HEX_LEN];
    sha256_hex2(tok, n - 4, "", 0, hex);
    sqlite3_stmt *st = db_prepare(r->db, sql);
    if (!st)
        return -1;
    db_bind_text(st, ":h", hex);
    int rc = db_step(r->db, st, "calendar token");
    int64_t id = 0;
    if (rc == 1) {
        id = sqlite3_column_int64(st, 0);
        int role = role_parse(db_col_text(st, 1));
        r->user_store.role = role < 0 ? ROLE_VIEWER : (enum role)role;
        r->user_store.person_id = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : id;
}

int page_calendar_private(struct req *r)
{
    int64_t acc = token_account(r, req_param(r, "token"));
    if (acc < 0)
        return req_model_error(r);
    if (acc == 0) {
        req_error(r, 404, "There is no calendar at this address: it may have been revoked.");
        return 0;
    }
    char person[65];
    struct meeting_viewer v;
    if (meeting_viewer_for(r->db, role_has(r->user_store.role, CAP_READ_CLOSED),
                           r->user_store.person_id, person, &v))
        return req_model_error(r);
    return calendar(r, &v, "panel meetings (private)");
}

int api_meetings(struct req *r)
{
    if (!meetings_api_args(r))
        return 0;
    char person[65];
    struct meeting_viewer v;
    if (viewer(r, person, &v))
        return req_model_error(r);
    json_t *ms = visible(r, &v, false), *m;
    if (!ms)
        return -1;
    size_t i;
    json_array_foreach(ms, i, m) strip_ids(m);
    return req_json(r, json_pack("{s:o}", "data", ms));
}

int api_meeting(struct req *r)
{
    if (!meetings_api_args(r))
        return 0;
    char person[65];
    struct meeting_viewer v;
    if (viewer(r, person, &v))
        return req_model_error(r);
    json_t *ms = visible(r, &v, true);
    if (!ms)
        return -1;
    json_t *m = find(ms, req_param(r, "ref"));
    if (!m) {
        json_decref(ms);
        req_error(r, 404, "There is no meeting with that reference, or it is not public.");
        return 0;
    }
    /* the residents' questions the secretariat published, for every reader alike; a closed
       meeting takes none */
    json_t *qs = json_is_true(json_object_get(m, "open"))
                     ? question_list(r->db, json_integer_value(json_object_get(m, "id")), false)
                     : json_array();
    if (!qs) {
        json_decref(ms);
        return req_model_error(r);
    }
    json_object_set_new(m, "questions", qs);
    json_incref(m);
    json_decref(ms);
    strip_ids(m);
    return req_json(r, m);
}

/* ---- the Atom feed of the panel's public business ----------------------------------- */

#define TAG_PREFIX "tag:dialturn,2015:" /* as feed.c's: the feeds share one namespace */

/* When meeting row `id` last changed: its latest ledger entry's time, into
 * at ("" when none).  Returns 0, or -1 with db->err set. */
static int changed_at(struct db *db, int64_t id, char at[21])
{
    static const char sql[] = "SELECT json_extract(entry, '$.at') FROM ledger "
                              "WHERE tbl = 'meeting' AND row_id = :id ORDER BY seq DESC LIMIT 1";
    at[0] = '\0';
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    int rc = db_step(db, st, "meeting's last change");
    if (rc == 1)
        snprintf(at, 21, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* One entry of redacted public meeting m: `what` is "agenda" or "minutes". */
static void atom_entry(struct buf *b, const char *slug, json_t *m, const char *what,
                       const char *updated)
{
    const char *ref = json_string_value(json_object_get(m, "ref"));
    bool minutes = strcmp(what, "minutes") == 0;
    bool cancelled = strcmp(json_string_value(json_object_get(m, "status")), "cancelled") == 0;
    struct buf html = BUF_INIT;
    json_t *it;
    size_t i;
    html_printf(&html, "<p>");
    view_time(&html, json_string_value(json_object_get(m, "starts_at")));
    html_printf(&html, ", %h.%s</p>\n<ol>\n", json_string_value(json_object_get(m, "place")),
                cancelled ? " This meeting is cancelled." : "");
    json_array_foreach(json_object_get(m, "items"), i, it)
    {
        if (json_is_true(json_object_get(it, "exempt"))) {
            html_printf(&html,
                        "<li>An item taken in private under paragraph %d of Schedule 12A to "
                        "the Local Government Act 1972</li>\n",
                        (int)json_integer_value(json_object_get(it, "exempt_paragraph")));
            continue;
        }
        html_printf(&html, "<li>%h", json_string_value(json_object_get(it, "title")));
        const char *d = json_string_value(json_object_get(it, "decision"));
        if (minutes && d && *d)
            html_printf(&html, ": %h", d);
        html_printf(&html, "</li>\n");
    }
    html_printf(&html, "</ol>\n");
    html_printf(b,
                "<entry>\n<id>" TAG_PREFIX "%U/meetings/%U/%h</id>\n<title>%h: %h%h</title>\n"
                "<updated>%h</updated>\n"
                "<link rel=\"alternate\" type=\"text/html\" href=\"/meetings/%U\"/>\n"
                "<content type=\"html\">%h</content>\n</entry>\n",
                slug, ref, what, minutes ? "Minutes" : "Agenda",
                json_string_value(json_object_get(m, "title")), cancelled ? " (cancelled)" : "",
                updated, ref, buf_str(&html));
    buf_free(&html);
}

int page_meetings_atom(struct req *r)
{
    struct meeting_viewer v = MEETING_PUBLIC; /* the feed is public whoever fetches it */
    json_t *ms = visible(r, &v, true), *m;
    if (!ms)
        return -1;
    const char *slug = r->cfg->slug[0] ? r->cfg->slug : "dialturn";
    char latest[21] = "", at[21];
    struct buf entries = BUF_INIT;
    size_t i;
    /* latest meeting first; a closed meeting has no business to show */
    for (i = json_array_size(ms); i-- > 0;) {
        m = json_array_get(ms, i);
        if (strcmp(json_string_value(json_object_get(m, "access")), "public") != 0)
            continue;
        if (changed_at(r->db, json_integer_value(json_object_get(m, "id")), at)) {
            buf_free(&entries);
            json_decref(ms);
            return req_model_error(r);
        }
        if (!at[0])
            snprintf(at, sizeof at, "%s", json_string_value(json_object_get(m, "starts_at")));
        if (strcmp(at, latest) > 0)
            memcpy(latest, at, sizeof latest);
        if (strcmp(json_string_value(json_object_get(m, "minutes")), "published") == 0)
            atom_entry(&entries, slug, m, "minutes", at);
        atom_entry(&entries, slug, m, "agenda", at);
    }
    json_decref(ms);
    if (!latest[0])
        now_utc(latest);
    buf_reset(&r->out);
    html_printf(&r->out,
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-GB\">\n"
                "<id>" TAG_PREFIX "%U/meetings</id>\n"
                "<title>%h: meetings of the improvement panel</title>\n"
                "<link rel=\"self\" type=\"application/atom+xml\" href=\"/meetings.atom\"/>\n"
                "<link rel=\"alternate\" type=\"text/html\" href=\"/meetings\"/>\n"
                "<updated>%h</updated>\n<author><name>%h</name></author>\n"
                "<generator>dialturn</generator>\n",
                slug, r->cfg->org_name, latest, r->cfg->org_name);
    buf_append(&r->out, buf_str(&entries), entries.len);
    html_printf(&r->out, "</feed>\n");
    buf_free(&entries);
    r->content_type = CT_ATOM;
    return 0;
}

/* ---- the agenda pack and the minutes as PDFs ------------------------------------------ */

/* Answers the public PDF `what` of meeting {ref}: made from the public
 * redaction alone, whoever asks, so it may be passed on.  404 for a meeting
 * the public may not know of, a closed one, and minutes not yet published. */
static int meeting_pdf_page(struct req *r, enum meeting_pdf_what what)
{
    struct meeting_viewer pub = MEETING_PUBLIC;
    json_t *ms = visible(r, &pub, true);
    if (!ms)
        return -1;
    json_t *m = find(ms, req_param(r, "ref"));
    const char *access = m ? json_string_value(json_object_get(m, "access")) : NULL;
    const char *mins = m ? json_string_value(json_object_get(m, "minutes")) : NULL;
    if (!access || strcmp(access, "public") != 0 ||
        (what == MEETING_PDF_MINUTES && (!mins || strcmp(mins, "published") != 0))) {
        json_decref(ms);
        req_error(r, 404,
                  what == MEETING_PDF_MINUTES
                      ? "There are no published minutes of a public meeting with that reference."
                      : "There is no published agenda of a public meeting with that reference.");
        return 0;
    }
    json_t *people = meeting_people(r->db);
    char at[21];
    if (!people || changed_at(r->db, json_integer_value(json_object_get(m, "id")), at)) {
        json_decref(people);
        json_decref(ms);
        return req_model_error(r);
    }
    if (!at[0])
        snprintf(at, sizeof at, "%s", json_string_value(json_object_get(m, "starts_at")));
    json_t *qs = question_list(r->db, json_integer_value(json_object_get(m, "id")), false);
    if (!qs) {
        json_decref(people);
        json_decref(ms);
        return req_model_error(r);
    }
    json_t *c = what == MEETING_PDF_AGENDA ? carried(ms, m) : NULL;
    struct meeting_pdf_in in = {what, m, people, c, qs, r->cfg->org_name, r->cfg->base, at};
    buf_reset(&r->out);
    char err[256];
    int rc = meeting_pdf(&r->out, &in, err, sizeof err);
    json_decref(qs);
    json_decref(c);
    json_decref(people);
    json_decref(ms);
    if (rc) {
        snprintf(r->err, sizeof r->err, "%s", err);
        return -1;
    }
    r->content_type = "application/pdf";
    return 0;
}

int page_meeting_agenda_pdf(struct req *r)
{
    return meeting_pdf_page(r, MEETING_PDF_AGENDA);
}

int page_meeting_minutes_pdf(struct req *r)
{
    return meeting_pdf_page(r, MEETING_PDF_MINUTES);
}

/* page_meetings_work.c — the secretariat runs the panel's meetings: schedule,
 * agenda items, attendance, declarations, papers, minutes, actions arising,
 * publishing and corrections.
 *
 * Every change has the same beats: load the meeting as its canonical JSON
 * (model/panel.h), change the copy from the form, check it whole with
 * meeting_normalise(), raise its SEQUENCE, and store it through the ledger in
 * one transaction, with the mail to the meetings' followers when an agenda
 * or minutes are published or the meeting is cancelled or postponed
 * (model/mail.h).  A refusal re-shows the page with the field named. */
#include "lib/date.h"
#include "lib/text.h"
#include "model/ledger.h"
#include "model/mail.h"
#include "model/meeting.h"
#include "model/panel.h"
#include "model/plan.h"
#include "model/question.h"
#include "model/recur.h"
#include "web/meetings.h"
#include "web/web.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* All meetings in full, with ids and papers (a new array), or NULL (r->err). */
static json_t *all_meetings(struct req *r, struct db *db)
{
    json_t *panel = NULL, *ms = NULL, *m;
    if (panel_load_all(db, &panel, &ms, true)) {
        req_model_error(r);
        return NULL;
    }
    json_decref(panel);
    if (!ms)
        ms = json_array();
    size_t i;
    json_array_foreach(ms, i, m) if (meeting_papers_load(db, m))
    {
        json_decref(ms);
        req_model_error(r);
        return NULL;
    }
    return ms;
}

static json_t *find(json_t *ms, const char *ref)
{
    json_t *m;
    size_t i;
    json_array_foreach(ms, i, m)
    {
        if (strcmp(json_string_value(json_object_get(m, "ref")), ref ? ref : "") == 0)
            return m;
    }
    return NULL;
}

/* Renders the list page, with f's messages.  Returns 0 or -1. */
static int show_list(struct req *r, const struct view_meeting_form *f)
{
    json_t *ms = all_meetings(r, r->wdb ? r->wdb : r->db);
    if (!ms)
        return -1;
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/meetings";
    buf_reset(&r->out);
    view_work_meetings(&r->out, &site, ms, f);
    json_decref(ms);
    return 0;
}

/* Renders one meeting's page, with f's messages.  Returns 0 or -1. */
static int show_meeting(struct req *r, const char *ref, const struct view_meeting_form *f)
{
    struct db *db = r->wdb ? r->wdb : r->db;
    json_t *ms = all_meetings(r, db);
    if (!ms)
        return -1;
    json_t *m = find(ms, ref);
    if (!m) {
        json_decref(ms);
        req_error(r, 404, "There is no meeting with that reference.");
        return 0;
    }
    json_t *people = meeting_people(db);
    if (!people) {
        json_decref(ms);
        return req_model_error(r);
    }
    json_t *qs = question_list(db, json_integer_value(json_object_get(m, "id")), true);
    if (!qs) {
        json_decref(people);
        json_decref(ms);
        return req_model_error(r);
    }
    struct view_site site = WEB_SITE_R(r);
    site.path = r->path;
    buf_reset(&r->out);
    view_work_meeting(&r->out, &site, m, people, qs, f);
    json_decref(qs);
    json_decref(people);
    json_decref(ms);
    return 0;
}

/* What the banner of a meeting's page says after each change, by the `done`
 * its redirect carries (the part of the meeting changed). */
static const struct {
    const char *done, *text;
} done_texts[] = {
    {"created", "The meeting is scheduled"},
    {"details", "The meeting's details are saved"},
    {"publish-agenda", "The agenda is published"},
    {"publish-minutes", "The minutes are published"},
    {"items", "The agenda item is added"},
    {"item", "The agenda item is saved"},
    {"attendance", "The attendance is recorded"},
    {"declarations", "The declaration of interest is recorded"},
    {"actions", "The action arising is added"},
    {"done", "The action arising is marked done"},
    {"corrections", "The correction is recorded"},
    {"papers", "The paper is attached to its item"},
    {"question", "The question is saved"},
};

/* The entry of done_texts for `done`, or -1. */
static int done_index(const char *done)
{
    for (size_t i = 0; done && i < sizeof done_texts / sizeof done_texts[0]; i++)
        if (strcmp(done_texts[i].done, done) == 0)
            return (int)i;
    return -1;
}

int page_work_meetings(struct req *r)
{
    const char *done = req_arg(r, "done");
    return show_list(r,
                     &(struct view_meeting_form){.error_field = NULL,
                                                 .error = NULL,
                                                 .done = done && strcmp(done, "series") == 0
                                                             ? "The series of meetings is scheduled"
                                                             : NULL});
}

int page_work_meeting(struct req *r)
{
    int i = done_index(req_arg(r, "done"));
    return show_meeting(r, req_param(r, "ref"),
                        &(struct view_meeting_form){.error_field = NULL,
                                                    .error = NULL,
                                                    .done = i < 0 ? NULL : done_texts[i].text});
}

/* A form's local time "YYYY-MM-DDTHH:MM" (the organisation's zone, which
 * the server runs in) as UTC "YYYY-MM-DDTHH:MM:SSZ" in out.  Empty input
 * gives "".  Returns false when malformed. */
static bool local_to_utc(const char *in, char out[21])
{
    out[0] = '\0';
    if (!in || !*in)
        return true;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(in, "%Y-%m-%dT%H:%M", &tm);
    if (!end || (*end && strcmp(end, ":00") != 0))
        return false;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    struct tm utc;
    if (t == (time_t)-1 || !gmtime_r(&t, &utc))
        return false;
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return true;
}

/* A form field, trimmed of nothing: NULL when absent, as "". */
static const char *F(struct req *r, const char *name)
{
    const char *v = req_form(r, name);
    return v ? v : "";
}

/* Sets string key k of o from form field `name` ("" → null when nullable). */
static void set_field(json_t *o, const char *k, const char *v, bool nullable)
{
    if (nullable && !*v)
        json_object_set_new(o, k, json_null());
    else
        json_object_set_new(o, k, json_string(v));
}

/* The last component of a normaliser's path ("meeting.items[0].title: ..."
 * → "title"), written to field (size 64), for the error summary's link. */
static void error_field(const char *err, char field[64])
{
    const char *colon = strstr(err, ": ");
    size_t n = colon ? (size_t)(colon - err) : strlen(err);
    const char *start = err;
    for (size_t i = 0; i < n; i++)
        if (err[i] == '.')
            start = err + i + 1;
    size_t len = (size_t)(err + n - start);
    snprintf(field, 64, "%.*s", (int)(len > 63 ? 63 : len), start);
    char *br = strchr(field, '[');
    if (br)
        *br = '\0';
}

/* Meeting `ref` as stored (canonical, without ids) into *out, a new
 * reference or NULL when there is none.  Returns 0, or -1 with db->err. */
static int stored(struct db *db, const char *ref, json_t **out)
{
    json_t *panel = NULL, *ms = NULL;
    *out = NULL;
    if (panel_load_all(db, &panel, &ms, false))
        return -1;
    json_decref(panel);
    *out = find(ms, ref);
    json_incref(*out);
    json_decref(ms);
    return 0;
}

/* The address of meeting `ref`'s page with the banner for `done` (one of
 * done_texts) into back[n]. */
static void back_to(char *back, size_t n, const char *ref, const char *done)
{
    int i = done_index(done);
    snprintf(back, n, "/work/meetings/%s%s%s", ref,
             i < 0 ? "" : "?done=", i < 0 ? "" : done_texts[i].done); /* a checked ref: URL-safe */
}

/* Checks and stores meeting m (the caller's, borrowed) with its sequence
 * raised, and `also` when not NULL (a row tied to it, such as a paper), in
 * one transaction; answers: a redirect to `back`, or the page again with the
 * problem.  `fresh` when the meeting is new.  Returns 0 or -1. */
static int save(struct req *r, json_t *m, const char *back, bool fresh,
                const struct ledger_row *also)
{
    struct plan p = {0};
    char err[512] = "", field[64] = "";
    if (plan_load(r->wdb, &p)) {
        plan_free(&p);
        return req_model_error(r);
    }
    json_object_set_new(
        m, "sequence",
        json_integer(fresh ? 0 : json_integer_value(json_object_get(m, "sequence")) + 1));
    json_t *clean = meeting_normalise(&p, m, "meeting", err, sizeof err);
    plan_free(&p);
    if (!clean) {
        error_field(err, field);
        r->status = 400;
        struct view_meeting_form f = {.error_field = field, .error = err};
        return fresh ? show_list(r, &f)
                     : show_meeting(r, json_string_value(json_object_get(m, "ref")), &f);
    }
    /* the meeting as stored, for the mail of what changed (in the same
       transaction as the change, like every mail) */
    json_t *before = NULL;
    int rc = db_begin(r->wdb);
    if (!rc && !fresh && stored(r->wdb, json_string_value(json_object_get(clean, "ref")), &before))
        rc = -1;
    if (!rc && meeting_store(r->wdb, clean) < 0)
        rc = -1;
    if (!rc && also && ledger_put_row(r->wdb, also, 0) < 0)
        rc = -1;
    if (!rc && mail_on_meeting(r->wdb, before, clean))
        rc = -1;
    json_decref(before);
    json_decref(clean);
    if (rc || db_commit(r->wdb)) {
        db_rollback(r->wdb);
        return req_model_error(r);
    }
    req_redirect(r, back);
    return 0;
}

/* The meeting of the path, as stored (without ids or papers), a new
 * reference; NULL after answering 404 (r->status set) or on error. */
static json_t *load_one(struct req *r, bool *failed)
{
    json_t *panel = NULL, *ms = NULL;
    *failed = false;
    if (panel_load_all(r->wdb, &panel, &ms, false)) {
        *failed = true;
        req_model_error(r);
        return NULL;
    }
    json_decref(panel);
    json_t *m = find(ms, req_param(r, "ref"));
    json_incref(m);
    json_decref(ms);
    if (!m)
        req_error(r, 404, "There is no meeting with that reference.");
    return m;
}

/* Applies the details form (shared by a new meeting and an edit) to m.
 * Returns NULL, or the message for a field the normaliser cannot judge
 * (a time it cannot read), with its id in *field. */
static const char *apply_details(struct req *r, json_t *m, const char **field)
{
    char from[21], to[21];
    if (!local_to_utc(F(r, "starts"), from) || !*from) {
        *field = "starts";
        return "Enter when the meeting starts, as a date and time";
    }
    if (!local_to_utc(F(r, "ends"), to)) {
        *field = "ends";
        return "Enter when the meeting ends as a date and time, or leave it empty";
    }
    set_field(m, "title", F(r, "title"), false);
    set_field(m, "kind", F(r, "kind"), false);
    set_field(m, "starts_at", from, false);
    set_field(m, "ends_at", to, true);
    set_field(m, "place", F(r, "place"), false);
    set_field(m, "webcast_url", F(r, "webcast_url"), true);
    json_object_set_new(m, "open", json_boolean(strcmp(F(r, "open"), "yes") == 0));
    if (req_form(r, "status"))
        set_field(m, "status", F(r, "status"), false);
    return NULL;
}

int post_work_meetings(struct req *r)
{
    const char *ref = F(r, "ref");
    const char *field = NULL, *msg = NULL;
    json_t *m = json_pack("{s:s}", "ref", ref);
    if (!ref_valid(ref)) {
        field = "ref";
        msg = "Enter a reference of 1 to 64 letters, digits, '.', '_' or '-'";
    } else {
        msg = apply_details(r, m, &field);
    }
    if (!msg) {
        json_t *panel = NULL, *ms = NULL;
        if (panel_load_all(r->wdb, &panel, &ms, false)) {
            json_decref(m);
            return req_model_error(r);
        }
        if (find(ms, ref)) {
            field = "ref";
            msg = "A meeting with that reference exists: choose another";
        }
        json_decref(panel);
        json_decref(ms);
    }
    if (msg) {
        json_decref(m);
        r->status = 400;
        return show_list(
            r, &(struct view_meeting_form){.error_field = field, .error = msg, .done = NULL});
    }
    char back[160];
    back_to(back, sizeof back, ref, "created");
    int rc = save(r, m, back, true, NULL);
    json_decref(m);
    return rc;
}

/* Publishes the agenda or the minutes. */
static const char *part_publish(struct req *r, json_t *m, const char *what)
{
    json_object_set_new(m, what, json_string("published"));
    return NULL;
}

static const char *part_items(struct req *r, json_t *m)
{
    json_t *it = json_object();
    set_field(it, "title", F(r, "title"), false);
    const char *para = F(r, "exempt_paragraph");
    if (*para)
        json_object_set_new(it, "exempt_paragraph", json_integer(atoi(para)));
    set_field(it, "exempt_reason", F(r, "exempt_reason"), false);
    set_field(it, "presenter", F(r, "presenter"), false);
    json_array_append_new(json_object_get(m, "items"), it);
    return NULL;
}

static const char *part_attendance(struct req *r, json_t *m)
{
    json_array_append_new(json_object_get(m, "attendance"),
                          json_pack("{s:s, s:s, s:s}", "person", F(r, "person"), "kind",
                                    F(r, "kind"), "presence", F(r, "presence")));
    return NULL;
}

static const char *part_declarations(struct req *r, json_t *m, const char **field)
{
    json_t *it = json_array_get(json_object_get(m, "items"), (size_t)atoi(F(r, "item")) - 1);
    if (!it) {
        *field = "decl-item";
        return "Choose the agenda item the declaration is about";
    }
    json_array_append_new(json_object_get(it, "declarations"),
                          json_pack("{s:s, s:s, s:s}", "person", F(r, "person"), "kind",
                                    F(r, "kind"), "nature", F(r, "nature")));
    return NULL;
}

static const char *part_actions(struct req *r, json_t *m)
{
    json_t *a = json_object();
    set_field(a, "ref", F(r, "ref"), false);
    const char *item = F(r, "item");
    json_object_set_new(a, "item", *item ? json_integer(atoi(item)) : json_null());
    set_field(a, "text", F(r, "text"), false);
    set_field(a, "owner", F(r, "owner"), true);
    set_field(a, "due", F(r, "due"), true);
    set_field(a, "action", F(r, "action"), true);
    json_object_set_new(a, "done_on", json_null());
    json_array_append_new(json_object_get(m, "actions"), a);
    return NULL;
}

static const char *part_done(struct req *r, json_t *m, const char **field)
{
    json_t *a;
    size_t i;
    json_array_foreach(json_object_get(m, "actions"), i, a)
    {
        if (strcmp(json_string_value(json_object_get(a, "ref")), F(r, "ref")) == 0) {
            set_field(a, "done_on", F(r, "done_on"), false);
            return NULL;
        }
    }
    *field = "done-ref";
    return "Choose an action arising of this meeting";
}

static const char *part_corrections(struct req *r, json_t *m)
{
    char today[DATE_LEN];
    date_format(date_today(), today);
    json_array_append_new(json_object_get(m, "corrections"),
                          json_pack("{s:s, s:s}", "on", today, "note", F(r, "note")));
    return NULL;
}

/* Attaches a document to an item: a paper of an exempt item or a closed
 * meeting must be a restricted document, so that /documents never serves it
 * to the public.  Written straight through the ledger (papers are not part
 * of the interchange). */
static const char *part_papers(struct req *r, json_t *m, const char **field)
{
    static const char sql[] = "SELECT public FROM document WHERE id = :id";
    int n = atoi(F(r, "item"));
    json_t *it = json_array_get(json_object_get(m, "items"), (size_t)n - 1);
    if (!it) {
        *field = "paper-item";
        return "Choose the agenda item the paper belongs to";
    }
    long long doc = atoll(F(r, "document"));
    sqlite3_stmt *st = db_prepare(r->wdb, sql);
    if (!st)
        return "The database could not be read";
    db_bind_int(st, ":id", doc);
    int rc = db_step(r->wdb, st, "paper");
    int pub = rc == 1 ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    *field = "paper-document";
    if (pub < 0)
        return "Enter the number of an uploaded document";
    if (pub && (json_is_integer(json_object_get(it, "exempt_paragraph")) ||
                !json_is_true(json_object_get(m, "open"))))
        return "A paper of an exempt item or a closed meeting must be a restricted document: "
               "upload it as restricted";
    return NULL;
}

int post_work_meeting(struct req *r)
{
    bool failed;
    json_t *m = load_one(r, &failed);
    if (!m)
        return failed ? -1 : 0;
    const char *part = req_param(r, "part"), *field = NULL, *msg = NULL;
    char back[160];
    back_to(back, sizeof back, json_string_value(json_object_get(m, "ref")), part);
    struct ledger_row paper, *also = NULL;
    if (strcmp(part, "details") == 0)
        msg = apply_details(r, m, &field);
    else if (strcmp(part, "publish-agenda") == 0)
        msg = part_publish(r, m, "agenda");
    else if (strcmp(part, "publish-minutes") == 0)
        msg = part_publish(r, m, "minutes");
    else if (strcmp(part, "items") == 0)
        msg = part_items(r, m);
    else if (strcmp(part, "attendance") == 0)
        msg = part_attendance(r, m);
    else if (strcmp(part, "declarations") == 0)
        msg = part_declarations(r, m, &field);
    else if (strcmp(part, "actions") == 0)
        msg = part_actions(r, m);
    else if (strcmp(part, "done") == 0)
        msg = part_done(r, m, &field);
    else if (strcmp(part, "corrections") == 0)
        msg = part_corrections(r, m);
    else if (strcmp(part, "papers") == 0) {
        msg = part_papers(r, m, &field);
        if (!msg) {
            json_t *ids = NULL, *ms = NULL, *full;
            if (panel_load_all(r->wdb, &ids, &ms, true)) {
                json_decref(m);
                return req_model_error(r);
            }
            json_decref(ids);
            full = find(ms, json_string_value(json_object_get(m, "ref")));
            json_t *it =
                json_array_get(json_object_get(full, "items"), (size_t)atoi(F(r, "item")) - 1);
            /* stored with the meeting, whose SEQUENCE it raises, in one transaction */
            ledger_row_init(&paper, T_MEETING_PAPER, 0);
            ledger_row_int(&paper, "item_id", json_integer_value(json_object_get(it, "item_id")));
            ledger_row_int(&paper, "document_id", atoll(F(r, "document")));
            json_decref(ms);
            also = &paper;
        }
    } else {
        json_decref(m);
        req_error(r, 404, "There is no such change to a meeting.");
        return 0;
    }
    if (msg) {
        json_decref(m);
        r->status = 400;
        return show_meeting(
            r, req_param(r, "ref"),
            &(struct view_meeting_form){.error_field = field, .error = msg, .done = NULL});
    }
    int rc = save(r, m, back, false, also);
    json_decref(m);
    return rc;
}

int post_work_meeting_item(struct req *r)
{
    bool failed;
    json_t *m = load_one(r, &failed);
    if (!m)
        return failed ? -1 : 0;
    int n = atoi(req_param(r, "n"));
    json_t *it = n > 0 ? json_array_get(json_object_get(m, "items"), (size_t)n - 1) : NULL;
    if (!it) {
        json_decref(m);
        req_error(r, 404, "The meeting has no such agenda item.");
        return 0;
    }
    bool published = strcmp(json_string_value(json_object_get(m, "minutes")), "published") == 0;
    bool changed = strcmp(json_string_value(json_object_get(it, "minutes")), F(r, "minutes")) ||
                   strcmp(json_string_value(json_object_get(it, "decision")), F(r, "decision"));
    if (published && changed && !*F(r, "correction")) {
        char field[40];
        snprintf(field, sizeof field, "item%d-correction", n);
        json_decref(m);
        r->status = 400;
        return show_meeting(
            r, req_param(r, "ref"),
            &(struct view_meeting_form){.error_field = field,
                                        .error = "The minutes are published: say what the "
                                                 "correction is, and it will be shown with them"});
    }
    set_field(it, "title", F(r, "title"), false);
    const char *para = F(r, "exempt_paragraph");
    json_object_set_new(it, "exempt_paragraph", *para ? json_integer(atoi(para)) : json_null());
    set_field(it, "exempt_reason", F(r, "exempt_reason"), false);
    set_field(it, "presenter", F(r, "presenter"), false);
    set_field(it, "minutes", F(r, "minutes"), false);
    set_field(it, "decision", F(r, "decision"), false);
    if (published && changed) {
        char today[DATE_LEN], note[600];
        date_format(date_today(), today);
        text_printf(note, sizeof note, "Item %d: %s", n, F(r, "correction"));
        json_array_append_new(json_object_get(m, "corrections"),
                              json_pack("{s:s, s:s}", "on", today, "note", note));
    }
    char back[160];
    back_to(back, sizeof back, json_string_value(json_object_get(m, "ref")), "item");
    int rc = save(r, m, back, false, NULL);
    json_decref(m);
    return rc;
}

int post_work_meeting_question(struct req *r)
{
    bool failed;
    json_t *m = load_one(r, &failed);
    if (!m)
        return failed ? -1 : 0;
    json_decref(m);
    json_t *panel = NULL, *ms = NULL;
    if (panel_load_all(r->wdb, &panel, &ms, true))
        return req_model_error(r);
    json_decref(panel);
    int64_t meeting_id = json_integer_value(json_object_get(find(ms, req_param(r, "ref")), "id"));
    json_decref(ms);
    long long id = atoll(req_param(r, "id"));
    const char *decision = F(r, "decision");
    char now[DATE_TIME_LEN], back[160];
    date_now_utc(now);
    int rc = question_decide(r->wdb, meeting_id, id, decision, F(r, "text"), now);
    if (rc < 0) {
        snprintf(r->err, sizeof r->err, "%s", r->wdb->err);
        return -1;
    }
    if (rc == 2) {
        req_error(r, 404, "This meeting has no such question.");
        return 0;
    }
    if (rc == 1) {
        char field[48];
        snprintf(field, sizeof field, "q%lld-%s", id,
                 strcmp(decision, "reject") == 0 ? "reason" : "answer");
        r->status = 400;
        return show_meeting(
            r, req_param(r, "ref"),
            &(struct view_meeting_form){.error_field = field, .error = r->wdb->err, .done = NULL});
    }
    snprintf(back, sizeof back, "/work/meetings/%s?done=question#questions", req_param(r, "ref"));
    req_redirect(r, back);
    return 0;
}

/* ---- private calendars ------------------------------------------------------------- */

/* The signed-in account's calendar tokens: [{"id", "created_on", "revoked_on"}]. */
static json_t *tokens(struct req *r, struct db *db)
{
    static const char sql[] = "SELECT id, created_on, revoked_on FROM calendar_token "
                              "WHERE account_id = :a ORDER BY id";
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return NULL;
    db_bind_int(st, ":a", r->user->account_id);
    json_t *out = json_array();
    int rc;
    while ((rc = db_step(db, st, "calendar tokens")) == 1)
        json_array_append_new(out, json_pack("{s:I, s:s, s:o}", "id",
                                             (json_int_t)sqlite3_column_int64(st, 0), "created_on",
                                             db_col_text(st, 1), "revoked_on",
                                             sqlite3_column_type(st, 2) == SQLITE_NULL
                                                 ? json_null()
                                                 : json_string(db_col_text(st, 2))));
    sqlite3_reset(st);
    if (rc < 0) {
        json_decref(out);
        return NULL;
    }
    return out;
}

static int show_calendar(struct req *r, const char *fresh)
{
    json_t *t = tokens(r, r->wdb ? r->wdb : r->db);
    if (!t)
        return req_model_error(r);
    struct view_site site = WEB_SITE_R(r);
    site.path = "/work/calendar";
    buf_reset(&r->out);
    view_work_calendar(&r->out, &site, t, fresh);
    json_decref(t);
    return 0;
}

int page_work_calendar(struct req *r)
{
    return show_calendar(r, NULL);
}

int post_work_calendar(struct req *r)
{
    unsigned char raw[24];
    char tok[2 * sizeof raw + 1], hash[SHA256_HEX_LEN], today[DATE_LEN], url[200];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(tok, sizeof tok, raw, sizeof raw);
    sha256_hex2(tok, strlen(tok), "", 0, hash);
    date_format(date_today(), today);
    struct ledger_row row;
    ledger_row_init(&row, T_CALENDAR_TOKEN, 0);
    ledger_row_int(&row, "account_id", r->user->account_id);
    ledger_row_text(&row, "token_hash", hash);
    ledger_row_text(&row, "created_on", today);
    ledger_row_null(&row, "revoked_on");
    if (db_begin(r->wdb) || ledger_put_row(r->wdb, &row, 0) < 0 || db_commit(r->wdb)) {
        db_rollback(r->wdb);
        return req_model_error(r);
    }
    snprintf(url, sizeof url, "%s/calendars/%s.ics", r->cfg->base, tok);
    return show_calendar(r, url);
}

int post_work_calendar_revoke(struct req *r)
{
    static const char sql[] =
        "SELECT id FROM calendar_token WHERE id = :id AND account_id = :a AND revoked_on IS NULL";
    long long id = atoll(req_param(r, "id"));
    sqlite3_stmt *st = db_prepare(r->wdb, sql);
    if (!st)
        return req_model_error(r);
    db_bind_int(st, ":id", id);
    db_bind_int(st, ":a", r->user->account_id);
    int rc = db_step(r->wdb, st, "calendar token");
    sqlite3_reset(st);
    if (rc < 0)
        return req_model_error(r);
    if (rc == 0) {
        req_error(r, 404, "You have no such calendar link, or it is already revoked.");
        return 0;
    }
    json_t *state = ledger_row_state(r->wdb, T_CALENDAR_TOKEN, id);
    char today[DATE_LEN];
    date_format(date_today(), today);
    json_object_set_new(state, "revoked_on", json_string(today));
    if (db_begin(r->wdb) || ledger_put(r->wdb, T_CALENDAR_TOKEN, state, 0) < 0 ||
        db_commit(r->wdb)) {
        json_decref(state);
        db_rollback(r->wdb);
        return req_model_error(r);
    }
    json_decref(state);
    req_redirect(r, "/work/calendar");
    return 0;
}

/* ---- a series of meetings -------------------------------------------------------------- */

static const char *const weekday_names[] = {"sunday",   "monday", "tuesday",  "wednesday",
                                            "thursday", "friday", "saturday", NULL};

/* The index of v in a NULL-terminated list, or -1. */
static int index_of(const char *const *list, const char *v)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], v) == 0)
            return i;
    return -1;
}

/* A whole number from lo to hi in text v into *out; false when it is not. */
static bool whole(const char *v, int lo, int hi, int *out)
{
    if (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 6)
        return false;
    long n = strtol(v, NULL, 10);
    if (n < lo || n > hi)
        return false;
    *out = (int)n;
    return true;
}

/* A time of day "HH:MM" into *hh, *mm. */
static bool clock_time(const char *v, int *hh, int *mm)
{
    return strlen(v) == 5 && v[2] == ':' && whole((char[3]){v[0], v[1], 0}, 0, 23, hh) &&
           whole((char[3]){v[3], v[4], 0}, 0, 59, mm);
}

/* Reads the series form into rule and the times, adding each problem to fe
 * at its field's id ("s-…"). */
static void series_rule(struct req *r, struct recur_rule *rule, int t[4], struct field_errors *fe)
{
    *rule = (struct recur_rule){RECUR_MONTHLY, 1, 1, 0, DAY_NONE, DAY_NONE, 0};
    const char *freq = F(r, "freq");
    bool weekly = strcmp(freq, "weekly") == 0;
    if (!weekly && strcmp(freq, "monthly") != 0)
        ferr_add(fe, "s-freq", "Choose how often the meetings are: monthly or weekly");
    rule->freq = weekly ? RECUR_WEEKLY : RECUR_MONTHLY;
    if (!whole(F(r, "interval"), 1, weekly ? 52 : 12, &rule->interval))
        ferr_add(fe, "s-interval", "Enter how many %s apart the meetings are, from 1 to %d",
                 weekly ? "weeks" : "months", weekly ? 52 : 12);
    if (!date_parse(F(r, "first"), &rule->first))
        ferr_add(fe, "s-first", "Enter the date of the first meeting, as YYYY-MM-DD");
    if (!weekly) {
        const char *nth = F(r, "nth");
        if (strcmp(nth, "last") == 0)
            rule->nth = -1;
        else if (!whole(nth, 1, 5, &rule->nth))
            ferr_add(fe, "s-nth", "Choose which weekday of the month: first to fifth, or last");
        rule->weekday = index_of(weekday_names, F(r, "weekday"));
        if (rule->weekday < 0)
            ferr_add(fe, "s-weekday", "Choose the day of the week");
    }
    if (!clock_time(F(r, "time"), &t[0], &t[1]))
        ferr_add(fe, "s-time", "Enter the time the meetings start, as HH:MM (24-hour clock)");
    t[2] = t[3] = -1;
    if (*F(r, "ends") &&
        (!clock_time(F(r, "ends"), &t[2], &t[3]) || t[2] * 60 + t[3] <= t[0] * 60 + t[1]))
        ferr_add(fe, "s-ends",
                 "Enter the time the meetings end, as HH:MM after they start, or leave it empty");
    const char *until = F(r, "until"), *count = F(r, "count");
    if (*until && !date_parse(until, &rule->until))
        ferr_add(fe, "s-until",
                 "Enter the last day of the series as YYYY-MM-DD, or leave it empty");
    if (*count && !whole(count, 1, RECUR_MAX, &rule->count))
        ferr_add(fe, "s-count", "Enter how many meetings, from 1 to %d, or leave it empty",
                 RECUR_MAX);
    if (!*until && !*count)
        ferr_add(fe, "s-count", "Enter how many meetings, or the last day of the series");
}

/* The form's values, to re-show after a refusal (a new object). */
static json_t *series_values(struct req *r)
{
    static const char *const names[] = {
        "prefix",  "title",    "kind",  "place", "webcast_url", "open",  "freq",  "nth",
        "weekday", "interval", "first", "time",  "ends",        "until", "count", NULL};
    json_t *o = json_object();
    for (size_t i = 0; names[i]; i++)
        json_object_set_new(o, names[i], json_string(F(r, names[i])));
    return o;
}

int post_work_meetings_series(struct req *r)
{
    struct field_errors fe = FERR_INIT;
    struct recur_rule rule;
    int t[4];
    day_t days[RECUR_MAX];
    int n = 0;
    const char *prefix = F(r, "prefix");
    if (!ref_valid(prefix) || strlen(prefix) > 53)
        ferr_add(&fe, "s-prefix",
                 "Enter a reference prefix of 1 to 53 letters, digits, '.', '_' or '-': each "
                 "meeting's reference is the prefix and its date");
    series_rule(r, &rule, t, &fe);
    if (!fe.n) {
        n = recur_days(&rule, days);
        if (n < 0)
            ferr_add(&fe, *F(r, "count") ? "s-count" : "s-until",
                     "A series may hold at most %d meetings: give an earlier last day or fewer "
                     "meetings",
                     RECUR_MAX);
        else if (n == 0)
            ferr_add(&fe, "s-until", "No meeting falls between the first day and the last");
    }
    json_t *ms = NULL, *cleans = json_array();
    struct plan p = {0};
    if (!fe.n) {
        json_t *panel = NULL;
        if (panel_load_all(r->wdb, &panel, &ms, false) || plan_load(r->wdb, &p)) {
            json_decref(panel);
            json_decref(ms);
            json_decref(cleans);
            plan_free(&p);
            ferr_free(&fe);
            return req_model_error(r);
        }
        json_decref(panel);
    }
    for (int i = 0; i < n && !fe.n; i++) {
        char day[DATE_LEN], ref[72], from[DATE_TIME_LEN], to[DATE_TIME_LEN] = "";
        date_format(days[i], day);
        snprintf(ref, sizeof ref, "%s-%s", prefix, day);
        if (find(ms, ref)) {
            ferr_add(&fe, "s-prefix", "A meeting %s exists: choose another prefix", ref);
            break;
        }
        if (!recur_local_utc(days[i], t[0], t[1], from) ||
            (t[2] >= 0 && !recur_local_utc(days[i], t[2], t[3], to))) {
            ferr_add(&fe, "s-time", "The time on %s cannot be read in the organisation's zone",
                     day);
            break;
        }
        json_t *m =
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:i}", "ref", ref, "title", F(r, "title"),
                      "kind", F(r, "kind"), "starts_at", from, "place", F(r, "place"), "open",
                      strcmp(F(r, "open"), "yes") == 0, "sequence", 0);
        set_field(m, "ends_at", to, true);
        set_field(m, "webcast_url", F(r, "webcast_url"), true);
        char err[512] = "", field[64] = "", id[72];
        json_t *clean = meeting_normalise(&p, m, "meeting", err, sizeof err);
        json_decref(m);
        if (!clean) {
            error_field(err, field);
            snprintf(id, sizeof id, "s-%s", field);
            ferr_add(&fe, id, "%s", err);
            break;
        }
        json_array_append_new(cleans, clean);
    }
    plan_free(&p);
    json_decref(ms);
    if (fe.n) {
        json_decref(cleans);
        json_t *values = series_values(r);
        r->status = 400;
        int rc = show_list(r, &(struct view_meeting_form){.errors = &fe, .series = values});
        json_decref(values);
        ferr_free(&fe);
        return rc;
    }
    /* every meeting of the series, or none: one transaction */
    int rc = db_begin(r->wdb);
    json_t *m;
    size_t i;
    json_array_foreach(cleans, i, m)
    {
        if (!rc && (meeting_store(r->wdb, m) < 0 || mail_on_meeting(r->wdb, NULL, m)))
            rc = -1;
    }
    json_decref(cleans);
    if (rc || db_commit(r->wdb)) {
        db_rollback(r->wdb);
        return req_model_error(r);
    }
    req_redirect(r, "/work/meetings?done=series");
    return 0;
}

/* panel_store.c — the panel and meetings sections to and from the database.
 *
 * Rows are written through the ledger (model/ledger.h).  A meeting's children
 * are keyed by their position under it, so storing the same JSON twice
 * writes nothing, and a changed item rewrites that item's row alone. */
#include "model/ledger.h"
#include "model/panel.h"
#include "model/section_json.h"
#include "lib/natcmp.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_person[] = "SELECT id FROM main.person WHERE ref = :ref";
static const char sql_action[] = "SELECT id FROM main.action WHERE ref = :ref";

/* Sets reference column `col` to the id of the row `sql` finds for the
 * string `ref_v` (null when ref_v is not a string).  Returns 0 or -1. */
static int set_ref(struct db *db, struct ledger_row *r, const char *col, const char *sql,
                   json_t *ref_v)
{
    if (!json_is_string(ref_v)) {
        ledger_row_null(r, col);
        return 0;
    }
    int64_t id = section_find_id(db, sql, "panel lookup", json_string_value(ref_v), 0, 0);
    if (id <= 0) {
        if (id == 0)
            snprintf(db->err, sizeof db->err, "%s: no row has ref \"%.64s\"", col,
                     json_string_value(ref_v));
        return -1;
    }
    ledger_row_int(r, col, id);
    return 0;
}

/* Text column from a JSON string or null. */
static void set_text(struct ledger_row *r, const char *col, json_t *o, const char *key)
{
    ledger_row_text(r, col, json_string_value(json_object_get(o, key)));
}

/* Integer column from a JSON integer or null. */
static void set_int(struct ledger_row *r, const char *col, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        ledger_row_int(r, col, json_integer_value(v));
    else
        ledger_row_null(r, col);
}

/* Deletes, through the ledger, the rows of table t that `sql` (:parent,
 * :pos) lists, after `child` (when not NULL) deletes each one's children. */
static int delete_beyond(struct db *db, enum table_id t, const char *sql, int64_t parent,
                         int64_t pos, int (*child)(struct db *db, int64_t id))
{
    for (;;) {
        int64_t id = section_find_id(db, sql, "panel lookup", NULL, parent, pos);
        if (id < 0)
            return -1;
        if (id == 0)
            return 0;
        if ((child && child(db, id)) || ledger_delete(db, t, id))
            return -1;
    }
}

static int delete_item_children(struct db *db, int64_t item)
{
    static const char decl[] =
        "SELECT id FROM meeting_declaration WHERE item_id = :parent AND position >= :pos";
    static const char papers[] =
        "SELECT id FROM meeting_paper WHERE item_id = :parent AND id >= :pos";
    return delete_beyond(db, T_MEETING_DECLARATION, decl, item, 0, NULL) ||
                   delete_beyond(db, T_MEETING_PAPER, papers, item, 0, NULL)
               ? -1
               : 0;
}

static int store_member(struct db *db, json_t *m)
{
    static const char by_ref[] = "SELECT id FROM panel_member WHERE ref = :ref";
    static const char lead_at[] =
        "SELECT id FROM panel_lead WHERE member_id = :parent AND position = :pos";
    static const char lead_beyond[] =
        "SELECT id FROM panel_lead WHERE member_id = :parent AND position >= :pos";
    int64_t id = section_find_id(db, by_ref, "panel lookup",
                                 json_string_value(json_object_get(m, "ref")), 0, 0);
    if (id < 0)
        return -1;
    struct ledger_row r;
    ledger_row_init(&r, T_PANEL_MEMBER, id);
    set_text(&r, "ref", m, "ref");
    if (set_ref(db, &r, "person_id", sql_person, json_object_get(m, "person")))
        return -1;
    set_text(&r, "role", m, "role");
    set_text(&r, "appointed_by", m, "appointed_by");
    set_text(&r, "appointed_on", m, "appointed_on");
    set_text(&r, "ended_on", m, "ended_on");
    if ((id = ledger_put_row(db, &r, 1)) < 0)
        return -1;
    json_t *leads = json_object_get(m, "leads"), *l;
    size_t i;
    json_array_foreach(leads, i, l)
    {
        int64_t lid = section_find_id(db, lead_at, "panel lookup", NULL, id, (int64_t)i);
        if (lid < 0)
            return -1;
        ledger_row_init(&r, T_PANEL_LEAD, lid);
        ledger_row_int(&r, "member_id", id);
        ledger_row_int(&r, "position", (int64_t)i);
        set_text(&r, "kind", l, "kind");
        set_text(&r, "target", l, "ref");
        if (ledger_put_row(db, &r, 1) < 0)
            return -1;
    }
    return delete_beyond(db, T_PANEL_LEAD, lead_beyond, id, (int64_t)json_array_size(leads), NULL);
}

/* Writes the children listed in `key` of parent object o, one row each at
 * its position, with `fill` setting the columns after the parent and
 * position; deletes the rows beyond.  Returns 0 or -1. */
static int store_children(struct db *db, json_t *o, const char *key, enum table_id t,
                          const char *parent_col, int64_t parent, const char *at_sql,
                          const char *beyond_sql,
                          int (*fill)(struct db *db, struct ledger_row *r, json_t *e))
{
    json_t *a = json_object_get(o, key), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        int64_t id = section_find_id(db, at_sql, "panel lookup", NULL, parent, (int64_t)i);
        if (id < 0)
            return -1;
        struct ledger_row r;
        ledger_row_init(&r, t, id);
        ledger_row_int(&r, parent_col, parent);
        ledger_row_int(&r, "position", (int64_t)i);
        if (fill(db, &r, e) || ledger_put_row(db, &r, 1) < 0)
            return -1;
    }
    return delete_beyond(db, t, beyond_sql, parent, (int64_t)json_array_size(a),
                         t == T_MEETING_ITEM ? delete_item_children : NULL);
}

static int fill_attendance(struct db *db, struct ledger_row *r, json_t *e)
{
    if (set_ref(db, r, "person_id", sql_person, json_object_get(e, "person")))
        return -1;
    set_text(r, "kind", e, "kind");
    set_text(r, "presence", e, "presence");
    return 0;
}

static int fill_declaration(struct db *db, struct ledger_row *r, json_t *e)
{
    return fill_attendance(db, r, e) ? -1 : 0; /* person, kind; then nature */
}

static int fill_item(struct db *db, struct ledger_row *r, json_t *e)
{
    set_text(r, "title", e, "title");
    set_int(r, "exempt_paragraph", e, "exempt_paragraph");
    set_text(r, "exempt_reason", e, "exempt_reason");
    set_text(r, "presenter", e, "presenter");
    set_text(r, "minutes", e, "minutes");
    set_text(r, "decision", e, "decision");
    return 0;
}

static int fill_correction(struct db *db, struct ledger_row *r, json_t *e)
{
    set_text(r, "made_on", e, "on");
    set_text(r, "note", e, "note");
    return 0;
}

/* Declarations: person, kind and nature (attendance's fill sets presence). */
static int store_declarations(struct db *db, json_t *item, int64_t item_id)
{
    static const char at[] =
        "SELECT id FROM meeting_declaration WHERE item_id = :parent AND position = :pos";
    static const char beyond[] =
        "SELECT id FROM meeting_declaration WHERE item_id = :parent AND position >= :pos";
    json_t *a = json_object_get(item, "declarations"), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        int64_t id = section_find_id(db, at, "panel lookup", NULL, item_id, (int64_t)i);
        if (id < 0)
            return -1;
        struct ledger_row r;
        ledger_row_init(&r, T_MEETING_DECLARATION, id);
        ledger_row_int(&r, "item_id", item_id);
        ledger_row_int(&r, "position", (int64_t)i);
        if (set_ref(db, &r, "person_id", sql_person, json_object_get(e, "person")))
            return -1;
        set_text(&r, "kind", e, "kind");
        set_text(&r, "nature", e, "nature");
        if (ledger_put_row(db, &r, 1) < 0)
            return -1;
    }
    (void)fill_declaration;
    return delete_beyond(db, T_MEETING_DECLARATION, beyond, item_id, (int64_t)json_array_size(a),
                         NULL);
}

int64_t meeting_store(struct db *db, json_t *m)
{
    static const char by_ref[] = "SELECT id FROM meeting WHERE ref = :ref";
    static const char att_at[] =
        "SELECT id FROM meeting_attendance WHERE meeting_id = :parent AND position = :pos";
    static const char att_beyond[] =
        "SELECT id FROM meeting_attendance WHERE meeting_id = :parent AND position >= :pos";
    static const char item_at[] =
        "SELECT id FROM meeting_item WHERE meeting_id = :parent AND position = :pos";
    static const char item_beyond[] =
        "SELECT id FROM meeting_item WHERE meeting_id = :parent AND position >= :pos";
    static const char cor_at[] =
        "SELECT id FROM meeting_correction WHERE meeting_id = :parent AND position = :pos";
    static const char cor_beyond[] =
        "SELECT id FROM meeting_correction WHERE meeting_id = :parent AND position >= :pos";
    static const char act_ref[] = "SELECT id FROM meeting_action WHERE ref = :ref";
    int64_t id = section_find_id(db, by_ref, "panel lookup",
                                 json_string_value(json_object_get(m, "ref")), 0, 0);
    if (id < 0)
        return -1;
    struct ledger_row r;
    ledger_row_init(&r, T_MEETING, id);
    set_text(&r, "ref", m, "ref");
    set_text(&r, "kind", m, "kind");
    set_text(&r, "title", m, "title");
    set_text(&r, "starts_at", m, "starts_at");
    set_text(&r, "ends_at", m, "ends_at");
    set_text(&r, "place", m, "place");
    set_text(&r, "webcast_url", m, "webcast_url");
    ledger_row_int(&r, "open", json_is_true(json_object_get(m, "open")));
    set_text(&r, "status", m, "status");
    set_text(&r, "agenda_state", m, "agenda");
    set_text(&r, "minutes_state", m, "minutes");
    set_int(&r, "sequence", m, "sequence");
    if ((id = ledger_put_row(db, &r, 1)) < 0)
        return -1;
    if (store_children(db, m, "attendance", T_MEETING_ATTENDANCE, "meeting_id", id, att_at,
                       att_beyond, fill_attendance) ||
        store_children(db, m, "items", T_MEETING_ITEM, "meeting_id", id, item_at, item_beyond,
                       fill_item) ||
        store_children(db, m, "corrections", T_MEETING_CORRECTION, "meeting_id", id, cor_at,
                       cor_beyond, fill_correction))
        return -1;
    json_t *items = json_object_get(m, "items"), *e;
    size_t i;
    json_array_foreach(items, i, e)
    {
        int64_t iid = section_find_id(db, item_at, "panel lookup", NULL, id, (int64_t)i);
        if (iid <= 0 || store_declarations(db, e, iid))
            return -1;
    }
    json_array_foreach(json_object_get(m, "actions"), i, e)
    {
        int64_t aid = section_find_id(db, act_ref, "panel lookup",
                                      json_string_value(json_object_get(e, "ref")), 0, 0);
        if (aid < 0)
            return -1;
        ledger_row_init(&r, T_MEETING_ACTION, aid);
        set_text(&r, "ref", e, "ref");
        ledger_row_int(&r, "meeting_id", id);
        set_int(&r, "item", e, "item");
        set_text(&r, "text", e, "text");
        if (set_ref(db, &r, "owner_id", sql_person, json_object_get(e, "owner")))
            return -1;
        set_text(&r, "due", e, "due");
        if (set_ref(db, &r, "action_id", sql_action, json_object_get(e, "action")))
            return -1;
        set_text(&r, "done_on", e, "done_on");
        if (ledger_put_row(db, &r, 1) < 0)
            return -1;
    }
    return id;
}

/* The residents' questions of meeting m (row id) from the interchange, the
 * i-th matched to the meeting's i-th question (in the order asked): changed
 * ones rewritten, new ones added, through the ledger.  Questions the file
 * does not list are kept: an import never removes a resident's question.
 * The web edits them through model/question.h, never here (meeting_store
 * leaves them alone). */
static int store_questions(struct db *db, json_t *m, int64_t id)
{
    static const char nth[] =
        "SELECT id FROM meeting_question WHERE meeting_id = :parent ORDER BY id LIMIT 1 "
        "OFFSET :pos";
    json_t *q;
    size_t i;
    json_array_foreach(json_object_get(m, "questions"), i, q)
    {
        int64_t qid = section_find_id(db, nth, "panel lookup", NULL, id, (int64_t)i);
        if (qid < 0)
            return -1;
        struct ledger_row r;
        ledger_row_init(&r, T_MEETING_QUESTION, qid);
        ledger_row_int(&r, "meeting_id", id);
        set_text(&r, "asked_at", q, "asked_at");
        set_text(&r, "name", q, "name");
        set_text(&r, "email", q, "email");
        set_text(&r, "question", q, "question");
        set_text(&r, "state", q, "state");
        set_text(&r, "reason", q, "reason");
        set_text(&r, "answer", q, "answer");
        set_text(&r, "answered_at", q, "answered_at");
        if (ledger_put_row(db, &r, 1) < 0)
            return -1;
    }
    return 0;
}

int panel_store(struct db *db, const struct plan *p)
{
    if (p->panel) {
        struct ledger_row r;
        int64_t id = section_find_id(db, "SELECT id FROM panel_setting WHERE id = :ref",
                                     "panel lookup", "1", 0, 0);
        if (id < 0)
            return -1;
        ledger_row_init(&r, T_PANEL_SETTING, 1);
        set_text(&r, "remit", p->panel, "remit");
        if (ledger_put_row(db, &r, 1) < 0)
            return -1;
        json_t *m;
        size_t i;
        json_array_foreach(json_object_get(p->panel, "members"), i,
                           m) if (store_member(db, m)) return -1;
    }
    json_t *m;
    size_t i;
    json_array_foreach(p->meetings, i, m)
    {
        int64_t id = meeting_store(db, m);
        if (id < 0 || store_questions(db, m, id))
            return -1;
    }
    return 0;
}

/* ---- loading ------------------------------------------------------------------------- */

/* Column i as a JSON string, or null when NULL. */
static json_t *col_str(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL
               ? json_null()
               : json_string((const char *)sqlite3_column_text(st, i));
}

/* Column i as a JSON integer, or null when NULL. */
static json_t *col_int(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? json_null()
                                                     : json_integer(sqlite3_column_int64(st, i));
}

/* Runs `sql` with :id bound and appends, per row, what `row` builds. */
static int rows(struct db *db, const char *sql, int64_t id, json_t *into,
                json_t *(*row)(sqlite3_stmt *st))
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    if (id)
        db_bind_int(st, ":id", id);
    int rc;
    while ((rc = db_step(db, st, "panel load")) == 1)
        json_array_append_new(into, row(st));
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

static json_t *row_lead(sqlite3_stmt *st)
{
    return json_pack("{s:o, s:o}", "kind", col_str(st, 0), "ref", col_str(st, 1));
}

static json_t *row_member(sqlite3_stmt *st)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id", sqlite3_column_int64(st, 0),
                     "ref", col_str(st, 1), "person", col_str(st, 2), "role", col_str(st, 3),
                     "appointed_by", col_str(st, 4), "appointed_on", col_str(st, 5), "ended_on",
                     col_str(st, 6));
}

static json_t *row_meeting(sqlite3_stmt *st)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o}", "id",
                     sqlite3_column_int64(st, 0), "ref", col_str(st, 1), "kind", col_str(st, 2),
                     "title", col_str(st, 3), "starts_at", col_str(st, 4), "ends_at",
                     col_str(st, 5), "place", col_str(st, 6), "webcast_url", col_str(st, 7), "open",
                     sqlite3_column_int(st, 8), "status", col_str(st, 9), "agenda", col_str(st, 10),
                     "minutes", col_str(st, 11), "sequence", col_int(st, 12));
}

static json_t *row_attendance(sqlite3_stmt *st)
{
    return json_pack("{s:o, s:o, s:o}", "person", col_str(st, 0), "kind", col_str(st, 1),
                     "presence", col_str(st, 2));
}

static json_t *row_declaration(sqlite3_stmt *st)
{
    return json_pack("{s:o, s:o, s:o}", "person", col_str(st, 0), "kind", col_str(st, 1), "nature",
                     col_str(st, 2));
}

static json_t *row_item(sqlite3_stmt *st)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id", sqlite3_column_int64(st, 0),
                     "title", col_str(st, 1), "exempt_paragraph", col_int(st, 2), "exempt_reason",
                     col_str(st, 3), "presenter", col_str(st, 4), "minutes", col_str(st, 5),
                     "decision", col_str(st, 6));
}

static json_t *row_action(sqlite3_stmt *st)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "ref", col_str(st, 0), "item",
                     col_int(st, 1), "text", col_str(st, 2), "owner", col_str(st, 3), "due",
                     col_str(st, 4), "action", col_str(st, 5), "done_on", col_str(st, 6));
}

static json_t *row_correction(sqlite3_stmt *st)
{
    return json_pack("{s:o, s:o}", "on", col_str(st, 0), "note", col_str(st, 1));
}

/* Takes the internal "id" out of o and returns it. */
static int64_t take_id(json_t *o)
{
    int64_t id = json_integer_value(json_object_get(o, "id"));
    json_object_del(o, "id");
    return id;
}

static int load_meeting_children(struct db *db, json_t *m, int64_t id)
{
    static const char att[] =
        "SELECT p.ref, a.kind, a.presence FROM meeting_attendance a JOIN main.person p "
        "ON p.id = a.person_id WHERE a.meeting_id = :id ORDER BY a.position";
    static const char items[] =
        "SELECT id, title, exempt_paragraph, exempt_reason, presenter, minutes, decision "
        "FROM meeting_item WHERE meeting_id = :id ORDER BY position";
    static const char decl[] =
        "SELECT p.ref, d.kind, d.nature FROM meeting_declaration d JOIN main.person p "
        "ON p.id = d.person_id WHERE d.item_id = :id ORDER BY d.position";
    static const char acts[] =
        "SELECT a.ref, a.item, a.text, o.ref, a.due, x.ref, a.done_on FROM meeting_action a "
        "LEFT JOIN main.person o ON o.id = a.owner_id LEFT JOIN main.action x "
        "ON x.id = a.action_id WHERE a.meeting_id = :id";
    static const char cors[] = "SELECT made_on, note FROM meeting_correction "
                               "WHERE meeting_id = :id ORDER BY position";
    json_t *a = json_array(), *it = json_array(), *ac = json_array(), *co = json_array();
    json_object_set_new(m, "attendance", a);
    json_object_set_new(m, "items", it);
    json_object_set_new(m, "actions", ac);
    json_object_set_new(m, "corrections", co);
    if (rows(db, att, id, a, row_attendance) || rows(db, items, id, it, row_item) ||
        rows(db, acts, id, ac, row_action) || rows(db, cors, id, co, row_correction))
        return -1;
    section_sort(ac, section_cmp_ref);
    json_t *e;
    size_t i;
    json_array_foreach(it, i, e)
    {
        int64_t iid = take_id(e);
        json_t *d = json_array();
        json_object_set_new(e, "declarations", d);
        json_object_set_new(e, "item_id", json_integer(iid)); /* taken out by the caller */
        if (rows(db, decl, iid, d, row_declaration))
            return -1;
    }
    return 0;
}

static int cmp_meeting(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int k = strcmp(json_string_value(json_object_get(x, "starts_at")),
                   json_string_value(json_object_get(y, "starts_at")));
    return k ? k : section_cmp_ref(a, b);
}

int panel_load_all(struct db *db, json_t **panel, json_t **meetings, bool ids)
{
    static const char remit[] = "SELECT remit FROM panel_setting ORDER BY id LIMIT 1";
    static const char members[] =
        "SELECT m.id, m.ref, p.ref, m.role, m.appointed_by, m.appointed_on, m.ended_on "
        "FROM panel_member m JOIN main.person p ON p.id = m.person_id";
    static const char leads[] =
        "SELECT kind, target FROM panel_lead WHERE member_id = :id ORDER BY position";
    static const char meetings_sql[] =
        "SELECT id, ref, kind, title, starts_at, ends_at, place, webcast_url, open, status, "
        "agenda_state, minutes_state, sequence FROM meeting ORDER BY starts_at, ref";
    json_t *ms = json_array(), *mt = json_array(), *e;
    size_t i;
    *panel = *meetings = NULL;
    sqlite3_stmt *st = db_prepare(db, remit);
    if (!st)
        goto fail;
    int got = db_step(db, st, "panel remit");
    json_t *remit_v = got == 1 ? json_string((const char *)sqlite3_column_text(st, 0)) : NULL;
    sqlite3_reset(st);
    if (got < 0 || rows(db, members, 0, ms, row_member)) {
        json_decref(remit_v);
        goto fail;
    }
    section_sort(ms, section_cmp_ref);
    json_array_foreach(ms, i, e)
    {
        int64_t id = take_id(e);
        json_t *l = json_array();
        json_object_set_new(e, "leads", l);
        if (rows(db, leads, id, l, row_lead)) {
            json_decref(remit_v);
            goto fail;
        }
    }
    if (remit_v || json_array_size(ms))
        *panel =
            json_pack("{s:o, s:O}", "remit", remit_v ? remit_v : json_string(""), "members", ms);
    if (rows(db, meetings_sql, 0, mt, row_meeting))
        goto fail;
    json_array_foreach(mt, i, e)
    {
        int64_t id = json_integer_value(json_object_get(e, "id"));
        if (!ids)
            json_object_del(e, "id");
        if (load_meeting_children(db, e, id))
            goto fail;
        json_t *it;
        size_t k;
        if (!ids)
            json_array_foreach(json_object_get(e, "items"), k, it) json_object_del(it, "item_id");
    }
    section_sort(mt, cmp_meeting);
    if (json_array_size(mt))
        *meetings = json_incref(mt);
    json_decref(ms);
    json_decref(mt);
    return 0;
fail:
    json_decref(*panel);
    *panel = NULL;
    json_decref(ms);
    json_decref(mt);
    return -1;
}

static json_t *row_question(sqlite3_stmt *st)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "asked_at", col_str(st, 0), "name",
                     col_str(st, 1), "email", col_str(st, 2), "question", col_str(st, 3), "state",
                     col_str(st, 4), "reason", col_str(st, 5), "answer", col_str(st, 6),
                     "answered_at", col_str(st, 7));
}

int panel_load(struct db *db, struct plan *p)
{
    static const char qs[] =
        "SELECT asked_at, name, email, question, state, reason, answer, answered_at "
        "FROM meeting_question WHERE meeting_id = :id ORDER BY id";
    if (panel_load_all(db, &p->panel, &p->meetings, true))
        return -1;
    /* the plan is the backup: each meeting with its residents' questions, every one */
    json_t *m, *it;
    size_t i, k;
    json_array_foreach(p->meetings, i, m)
    {
        int64_t id = take_id(m);
        json_array_foreach(json_object_get(m, "items"), k, it) json_object_del(it, "item_id");
        json_t *q = json_array();
        if (rows(db, qs, id, q, row_question)) {
            json_decref(q);
            return -1;
        }
        if (json_array_size(q))
            json_object_set_new(m, "questions", q);
        else
            json_decref(q);
    }
    return 0;
}

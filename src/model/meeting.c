/* meeting.c — the exempt rule, once, and the panel as Popolo. */
#include "model/meeting.h"
#include <stdio.h>
#include <string.h>

/* Whether person ref p is listed in m's attendance. */
static bool listed(json_t *m, const char *p)
{
    json_t *a;
    size_t i;
    if (!p || !*p)
        return false;
    json_array_foreach(json_object_get(m, "attendance"), i, a)
    {
        const char *x = json_string_value(json_object_get(a, "person"));
        if (x && strcmp(x, p) == 0)
            return true;
    }
    return false;
}

/* Copies key k of src into dst when present. */
static void copy(json_t *dst, json_t *src, const char *k)
{
    json_t *v = json_object_get(src, k);
    if (v)
        json_object_set(dst, k, v);
}

/* The closed meeting as the public sees it. */
static json_t *closed_view(json_t *m)
{
    json_t *x = json_object();
    static const char *const keep[] = {"id",      "ref",    "kind",     "starts_at",
                                       "ends_at", "status", "sequence", NULL};
    for (size_t i = 0; keep[i]; i++)
        copy(x, m, keep[i]);
    json_object_set_new(x, "title", json_string(MEETING_CLOSED_TITLE));
    json_object_set_new(x, "open", json_false());
    json_object_set_new(x, "access", json_string("closed"));
    return x;
}

json_t *meeting_redact(json_t *m, const struct meeting_viewer *v)
{
    if (v->privileged || listed(m, v->person)) {
        json_t *x = json_deep_copy(m);
        json_object_set_new(x, "access", json_string("full"));
        return x;
    }
    const char *agenda = json_string_value(json_object_get(m, "agenda"));
    if (!agenda || strcmp(agenda, "published") != 0)
        return NULL;
    if (!json_is_true(json_object_get(m, "open")))
        return closed_view(m);
    bool minutes = json_is_string(json_object_get(m, "minutes")) &&
                   strcmp(json_string_value(json_object_get(m, "minutes")), "published") == 0;
    json_t *x = json_deep_copy(m), *items = json_array(), *acts = json_array(), *it, *a;
    json_object_set_new(x, "access", json_string("public"));
    size_t i;
    json_array_foreach(json_object_get(m, "items"), i, it)
    {
        json_t *y;
        if (json_is_integer(json_object_get(it, "exempt_paragraph"))) {
            y = json_object();
            copy(y, it, "exempt_paragraph");
            json_object_set_new(y, "exempt", json_true());
        } else {
            y = json_deep_copy(it);
            json_object_set_new(y, "exempt", json_false());
            if (!minutes) {
                json_object_set_new(y, "minutes", json_string(""));
                json_object_set_new(y, "decision", json_string(""));
                json_object_set_new(y, "declarations", json_array());
            }
            /* papers: the public ones only */
            json_t *ps = json_object_get(it, "papers");
            if (ps) {
                json_t *keep = json_array(), *p;
                size_t k;
                json_array_foreach(ps, k, p) if (json_is_true(json_object_get(p, "public")))
                    json_array_append(keep, p);
                json_object_set_new(y, "papers", keep);
            }
        }
        json_array_append_new(items, y);
    }
    json_object_set_new(x, "items", items);
    json_array_foreach(json_object_get(m, "actions"), i, a)
    {
        json_t *n = json_object_get(a, "item");
        json_t *item = json_is_integer(n) ? json_array_get(json_object_get(m, "items"),
                                                           (size_t)json_integer_value(n) - 1)
                                          : NULL;
        if (minutes && !(item && json_is_integer(json_object_get(item, "exempt_paragraph"))))
            json_array_append(acts, a);
    }
    json_object_set_new(x, "actions", acts);
    if (!minutes)
        json_object_set_new(x, "corrections", json_array());
    return x;
}

json_t *meeting_redact_all(json_t *meetings, const struct meeting_viewer *v)
{
    json_t *out = json_array(), *m;
    size_t i;
    json_array_foreach(meetings, i, m)
    {
        json_t *x = meeting_redact(m, v);
        if (x)
            json_array_append_new(out, x);
    }
    return out;
}

int meeting_viewer_for(struct db *db, bool privileged, int64_t person_id, char person[65],
                       struct meeting_viewer *out)
{
    static const char sql[] = "SELECT ref FROM main.person WHERE id = :id";
    person[0] = '\0';
    *out = (struct meeting_viewer){privileged, NULL};
    if (person_id <= 0)
        return 0;
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    db_bind_int(st, ":id", person_id);
    int rc = db_step(db, st, "viewer");
    if (rc == 1)
        snprintf(person, 65, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    out->person = person[0] ? person : NULL;
    return 0;
}

int meeting_papers_load(struct db *db, json_t *m)
{
    static const char sql[] = "SELECT d.id, d.name, d.public FROM meeting_paper p JOIN document d "
                              "ON d.id = p.document_id WHERE p.item_id = :id ORDER BY p.id";
    json_t *it;
    size_t i;
    json_array_foreach(json_object_get(m, "items"), i, it)
    {
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
            return -1;
        db_bind_int(st, ":id", json_integer_value(json_object_get(it, "item_id")));
        json_t *ps = json_array();
        int rc;
        while ((rc = db_step(db, st, "papers")) == 1)
            json_array_append_new(
                ps, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                              "name", db_col_text(st, 1), "public", sqlite3_column_int(st, 2)));
        sqlite3_reset(st);
        json_object_set_new(it, "papers", ps);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int meeting_paper_closed(struct db *db, int64_t id)
{
    static const char sql[] =
        "SELECT 1 FROM meeting_paper p JOIN meeting_item i ON i.id = p.item_id "
        "JOIN meeting m ON m.id = i.meeting_id WHERE p.document_id = :id "
        "AND (i.exempt_paragraph IS NOT NULL OR m.open = 0) LIMIT 1";
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    int rc = db_step(db, st, "paper");
    sqlite3_reset(st);
    return rc;
}

int meeting_last_change(struct db *db, char at[21])
{
    static const char sql[] =
        "SELECT json_extract(entry, '$.at') FROM ledger WHERE tbl IN ('meeting', "
        "'meeting_item', 'meeting_paper', 'meeting_attendance', 'meeting_declaration', "
        "'meeting_action', 'meeting_correction') ORDER BY seq DESC LIMIT 1";
    at[0] = '\0';
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    int rc = db_step(db, st, "meetings' last change");
    if (rc == 1)
        snprintf(at, 21, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

json_t *meeting_people(struct db *db)
{
    static const char sql[] = "SELECT ref, name, role FROM main.person ORDER BY ref";
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return NULL;
    json_t *o = json_object();
    int rc;
    while ((rc = db_step(db, st, "people")) == 1)
        json_object_set_new(
            o, db_col_text(st, 0),
            json_pack("{s:s, s:s}", "name", db_col_text(st, 1), "role", db_col_text(st, 2)));
    sqlite3_reset(st);
    if (rc < 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

const char *meeting_kind_label(const char *kind)
{
    if (kind && strcmp(kind, "quarterly_public") == 0)
        return "Quarterly public meeting";
    if (kind && strcmp(kind, "extraordinary") == 0)
        return "Extraordinary meeting";
    return "Monthly meeting";
}

const char *meeting_role_label(const char *role)
{
    if (role && strcmp(role, "chair") == 0)
        return "Chair";
    if (role && strcmp(role, "vice_chair") == 0)
        return "Vice chair";
    if (role && strcmp(role, "ex_officio") == 0)
        return "Ex officio member";
    return "Member";
}

json_t *meeting_popolo(json_t *panel, json_t *people, const char *org_name)
{
    json_t *persons = json_array(), *memberships = json_array(), *posts = json_array(), *m;
    json_t *orgs = json_pack("[{s:s, s:s, s:s}]", "id", "panel", "name",
                             "Independent improvement panel", "classification", "panel");
    json_t *seen = json_object();
    static const char *const roles[] = {"chair", "vice_chair", "member", "ex_officio", NULL};
    for (size_t i = 0; roles[i]; i++)
        json_array_append_new(posts, json_pack("{s:s, s:s, s:s}", "id", roles[i], "organization_id",
                                               "panel", "label", meeting_role_label(roles[i])));
    size_t i;
    json_array_foreach(json_object_get(panel, "members"), i, m)
    {
        const char *pref = json_string_value(json_object_get(m, "person"));
        json_t *who = json_object_get(people, pref);
        if (!json_object_get(seen, pref)) {
            json_object_set_new(seen, pref, json_true());
            json_array_append_new(
                persons, json_pack("{s:s, s:s}", "id", pref, "name",
                                   who ? json_string_value(json_object_get(who, "name")) : pref));
        }
        json_t *ms = json_pack(
            "{s:s, s:s, s:s, s:s, s:o}", "id", json_string_value(json_object_get(m, "ref")),
            "person_id", pref, "organization_id", "panel", "post_id",
            json_string_value(json_object_get(m, "role")), "role",
            json_string(meeting_role_label(json_string_value(json_object_get(m, "role")))));
        json_t *from = json_object_get(m, "appointed_on"), *to = json_object_get(m, "ended_on");
        if (json_is_string(from))
            json_object_set(ms, "start_date", from);
        if (json_is_string(to))
            json_object_set(ms, "end_date", to);
        json_array_append_new(memberships, ms);
    }
    json_decref(seen);
    json_t *doc = json_pack("{s:o, s:o, s:o, s:o}", "persons", persons, "organizations", orgs,
                            "memberships", memberships, "posts", posts);
    if (org_name)
        json_object_set_new(json_array_get(orgs, 0), "parent_name", json_string(org_name));
    return doc;
}

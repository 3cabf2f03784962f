/* history.c — an action's history from the ledger (see history.h).
 *
 * Three steps: read every ledger entry about the action in one query (rows
 * found in the tables and, for rows since deleted, in the ledger itself);
 * name the ids those entries mention, one query per kind of id; then walk
 * the entries in order, keeping each row's previous state, and list what
 * changed.  The public variant filters in the walk, and its query never
 * reads the restricted tables. */
#include "model/history.h"
#include "lib/buf.h"
#include "model/ledger.h"
#include "model/org.h"
#include "model/scale.h"
#include "model/table.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_action[] = "SELECT id, ref, title, owner_id FROM action WHERE ref = :ref";

/* The action's updates with their months and periods' statuses. */
static const char sql_updates[] = "SELECT u.id, u.state, p.month, p.status"
                                  "  FROM progress_update u JOIN period p ON p.id = u.period_id"
                                  " WHERE u.action_id = :id";

/* Every entry about the action: the rows in the tables, and rows the ledger
 * knows that are gone (milestones, answers, dependencies, closures and
 * evidence can be removed; updates and reviews are not). */
static const char sql_entries[] =
    "WITH u AS (SELECT id FROM progress_update WHERE action_id = :id),"
    "     c AS (SELECT id FROM closure WHERE action_id = :id),"
    "     r(tbl, row_id) AS ("
    "       SELECT 'action', :id"
    "       UNION SELECT 'progress_update', id FROM u"
    "       UNION SELECT 'update_review', id FROM update_review WHERE update_id IN u"
    "       UNION SELECT 'update_correction', id FROM update_correction WHERE update_id IN u"
    "       UNION SELECT 'closure', id FROM c"
    "       UNION SELECT 'evidence', id FROM evidence"
    "              WHERE update_id IN u OR closure_id IN c"
    "       UNION SELECT tbl, row_id FROM ledger"
    "              WHERE tbl IN ('milestone', 'action_answer', 'action_dep', 'closure')"
    "                AND json_extract(entry, '$.state.action_id') = :id"
    "       UNION SELECT tbl, row_id FROM ledger"
    "              WHERE tbl = 'evidence'"
    "                AND (json_extract(entry, '$.state.update_id') IN u"
    "                     OR json_extract(entry, '$.state.closure_id') IN c))"
    " SELECT l.seq, l.tbl, l.row_id, l.entry"
    "   FROM r JOIN ledger l ON l.tbl = r.tbl AND l.row_id = r.row_id"
    "  ORDER BY l.seq";

/* The same for the public variant: only the tables it may show, and only
 * rows still in them.  The public page is read (and published) once per
 * action, so it must not scan the ledger: the rows it shows are the plan's,
 * which are retired rather than deleted (DESIGN.md), so nothing public is
 * lost; the workspace's full history also finds rows since deleted. */
static const char sql_entries_public[] =
    "WITH r(tbl, row_id) AS ("
    "       SELECT 'action', :id"
    "       UNION SELECT 'progress_update', id FROM progress_update WHERE action_id = :id"
    "       UNION SELECT 'update_correction', id FROM update_correction WHERE update_id IN"
    "              (SELECT id FROM progress_update WHERE action_id = :id)"
    "       UNION SELECT 'milestone', id FROM milestone WHERE action_id = :id"
    "       UNION SELECT 'action_answer', id FROM action_answer WHERE action_id = :id"
    "       UNION SELECT 'action_dep', id FROM action_dep WHERE action_id = :id)"
    " SELECT l.seq, l.tbl, l.row_id, l.entry"
    "   FROM r JOIN ledger l ON l.tbl = r.tbl AND l.row_id = r.row_id"
    "  ORDER BY l.seq";

static const char sql_actors[] =
    "SELECT username, name FROM account WHERE username IN (SELECT value FROM json_each(:ids))";

/* Kinds of id a state mentions, and how each is named. */
enum ref_kind {
    REF_NONE,
    REF_PERSON,
    REF_ACCOUNT,
    REF_THEME,
    REF_ACTION,
    REF_REC,
    REF_PERIOD,
    REF_UPDATE,
    REF_DOCUMENT,
    REF__MAX
};

static const struct {
    const char *col;
    enum ref_kind kind;
} ref_cols[] = {
    {"owner_id", REF_PERSON},       {"member_id", REF_PERSON},       {"panel_lead_id", REF_PERSON},
    {"author_id", REF_PERSON},      {"proposed_by_id", REF_ACCOUNT}, {"decided_by_id", REF_ACCOUNT},
    {"account_id", REF_ACCOUNT},    {"theme_id", REF_THEME},         {"depends_on_id", REF_ACTION},
    {"recommendation_id", REF_REC}, {"period_id", REF_PERIOD},       {"update_id", REF_UPDATE},
    {"document_id", REF_DOCUMENT},
};

static const char *const ref_sql[REF__MAX] = {
    [REF_PERSON] = "SELECT id, name FROM person WHERE id IN (SELECT value FROM json_each(:ids))",
    [REF_ACCOUNT] = "SELECT id, name FROM account WHERE id IN (SELECT value FROM json_each(:ids))",
    [REF_THEME] = "SELECT id, ref || ' ' || title FROM theme"
                  " WHERE id IN (SELECT value FROM json_each(:ids))",
    [REF_ACTION] = "SELECT id, ref FROM action WHERE id IN (SELECT value FROM json_each(:ids))",
    [REF_REC] = "SELECT id, ref FROM recommendation"
                " WHERE id IN (SELECT value FROM json_each(:ids))",
    [REF_PERIOD] = "SELECT id, month FROM period WHERE id IN (SELECT value FROM json_each(:ids))",
    [REF_UPDATE] = "SELECT u.id, 'the update for ' || p.month"
                   "  FROM progress_update u JOIN period p ON p.id = u.period_id"
                   " WHERE u.id IN (SELECT value FROM json_each(:ids))",
    [REF_DOCUMENT] =
        "SELECT id, name FROM document WHERE id IN (SELECT value FROM json_each(:ids))",
};

/* One id and its name. */
struct named {
    int64_t id;
    char *name;
};

/* An account that made changes: its username (the recorded actor) and name. */
struct actor {
    char *username;
    char *name;
};

/* One update of the action: what the public rule and the subjects need. */
struct update_info {
    int64_t id;
    char month[MONTH_LEN];
    bool public; /* accepted, in a signed-off period within the scope */
};

/* One ledger entry as read. */
struct raw {
    int64_t seq;
    enum table_id t;
    int64_t row;
    json_t *e; /* the parsed entry, owned */
};

/* A row's previous state during the walk (borrowed from its raw entry). */
struct prev {
    enum table_id t;
    int64_t row;
    json_t *state;    /* last state; NULL when none yet or deleted */
    int64_t last_acc; /* public updates: seq of the last entry accepting it */
};

/* Everything the walk needs; freed by ctx_free. */
struct ctx {
    struct db *db;
    const struct pub_scope *scope; /* NULL: the full history */
    const struct scale *scale;
    struct raw *raw;
    size_t nraw;
    struct update_info *updates;
    size_t nupdates;
    struct named *names[REF__MAX];
    size_t nnames[REF__MAX];
    struct actor *actors;
    size_t nactors;
    struct prev *prevs;
    size_t nprevs, capprevs;
};

static void named_free(struct named *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].name);
    free(v);
}

static void ctx_free(struct ctx *c)
{
    for (size_t i = 0; i < c->nraw; i++)
        json_decref(c->raw[i].e);
    free(c->raw);
    free(c->updates);
    for (int k = 0; k < REF__MAX; k++)
        named_free(c->names[k], c->nnames[k]);
    for (size_t i = 0; i < c->nactors; i++)
        free(c->actors[i].username), free(c->actors[i].name);
    free(c->actors);
    free(c->prevs);
}

void history_free(struct history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++) {
        struct history_entry *e = &h->entries[i];
        free(e->actor);
        free(e->subject);
        for (size_t k = 0; k < e->nchanges; k++) {
            free(e->changes[k].old_value);
            free(e->changes[k].new_value);
        }
        free(e->changes);
    }
    free(h->entries);
    free(h->ref);
    free(h->title);
    memset(h, 0, sizeof *h);
}

static int cmp_named(const void *a, const void *b)
{
    const struct named *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static enum ref_kind ref_kind_of(const char *col)
{
    for (size_t i = 0; i < sizeof ref_cols / sizeof *ref_cols; i++)
        if (strcmp(ref_cols[i].col, col) == 0)
            return ref_cols[i].kind;
    return REF_NONE;
}

static const char *name_of(const struct ctx *c, enum ref_kind k, int64_t id)
{
    struct named key = {id, NULL};
    const struct named *hit = bsearch(&key, c->names[k], c->nnames[k], sizeof key, cmp_named);
    return hit ? hit->name : NULL;
}

static const struct update_info *update_of(const struct ctx *c, int64_t id)
{
    for (size_t i = 0; i < c->nupdates; i++)
        if (c->updates[i].id == id)
            return &c->updates[i];
    return NULL;
}

/* Reads the action's updates; marks those the public may see. */
static int load_updates(struct ctx *c, int64_t action_id)
{
    sqlite3_stmt *st = db_prepare(c->db, sql_updates);
    if (!st)
        return -1;
    db_bind_int(st, ":id", action_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        c->updates = xgrow(c->updates, c->nupdates, &cap, sizeof *c->updates);
        struct update_info *u = &c->updates[c->nupdates++];
        u->id = sqlite3_column_int64(st, 0);
        snprintf(u->month, sizeof u->month, "%s", db_col_text(st, 2));
        u->public = c->scope && strcmp(db_col_text(st, 1), "accepted") == 0 &&
                    strcmp(db_col_text(st, 3), "signed_off") == 0 &&
                    strcmp(u->month, c->scope->month_s) <= 0;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(c->db, "history: updates");
        return -1;
    }
    return 0;
}

/* Reads and parses every ledger entry about the action. */
static int load_entries(struct ctx *c, int64_t action_id)
{
    sqlite3_stmt *st = db_prepare(c->db, c->scope ? sql_entries_public : sql_entries);
    if (!st)
        return -1;
    db_bind_int(st, ":id", action_id);
    size_t cap = 0;
    int rc = SQLITE_DONE;
    while (c->nraw < HISTORY_MAX_ENTRIES && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const struct table *t = table_by_name(db_col_text(st, 1));
        json_t *e = json_loads(db_col_text(st, 3), 0, NULL);
        if (!t || !json_is_object(e)) {
            json_decref(e);
            continue; /* verify names a damaged entry; the history skips it */
        }
        c->raw = xgrow(c->raw, c->nraw, &cap, sizeof *c->raw);
        c->raw[c->nraw++] = (struct raw){sqlite3_column_int64(st, 0), (enum table_id)(t - tables),
                                         sqlite3_column_int64(st, 2), e};
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) {
        snprintf(c->db->err, sizeof c->db->err, "history: more than %d entries",
                 HISTORY_MAX_ENTRIES);
        return -1;
    }
    if (rc != SQLITE_DONE) {
        db_set_error(c->db, "history: ledger");
        return -1;
    }
    return 0;
}

/* Runs `sql` with :ids bound to the JSON array `ids`, reading its (id, name)
 * rows into a new array sorted by id. */
static int resolve(struct db *db, const char *sql, json_t *ids, struct named **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (json_array_size(ids) == 0)
        return 0;
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    char *text = ledger_canonical(ids);
    db_bind_text(st, ":ids", text);
    free(text);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        (*out)[(*n)++] = (struct named){sqlite3_column_int64(st, 0), xstrdup(db_col_text(st, 1))};
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "history: names");
        return -1;
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, cmp_named);
    return 0;
}

/* Appends v to the array unless it holds it already (the lists are short). */
static void append_unique(json_t *arr, json_t *v)
{
    for (size_t i = json_array_size(arr); i > 0; i--)
        if (json_equal(json_array_get(arr, i - 1), v))
            return;
    json_array_append(arr, v);
}

/* Names every id and actor the entries mention: one query per kind. */
static int load_names(struct ctx *c)
{
    json_t *ids[REF__MAX] = {0}, *actors = json_array();
    for (int k = 0; k < REF__MAX; k++)
        ids[k] = json_array();
    for (size_t i = 0; i < c->nraw; i++) {
        json_t *s = json_object_get(c->raw[i].e, "state");
        json_t *a = json_object_get(c->raw[i].e, "actor");
        if (json_is_string(a))
            append_unique(actors, a);
        const struct table *t = &tables[c->raw[i].t];
        for (size_t k = 0; json_is_object(s) && k < t->ncols; k++) {
            enum ref_kind kind = ref_kind_of(t->cols[k].name);
            json_t *v = json_object_get(s, t->cols[k].name);
            if (kind != REF_NONE && json_is_integer(v))
                append_unique(ids[kind], v);
        }
    }
    int rc = 0;
    for (int k = 1; rc == 0 && k < REF__MAX; k++)
        rc = resolve(c->db, ref_sql[k], ids[k], &c->names[k], &c->nnames[k]);
    if (rc == 0 && json_array_size(actors)) {
        sqlite3_stmt *st = db_prepare(c->db, sql_actors);
        if (!st) {
            rc = -1;
        } else {
            char *text = ledger_canonical(actors);
            db_bind_text(st, ":ids", text);
            free(text);
            size_t cap = 0;
            int step;
            while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                c->actors = xgrow(c->actors, c->nactors, &cap, sizeof *c->actors);
                c->actors[c->nactors++] =
                    (struct actor){xstrdup(db_col_text(st, 0)), xstrdup(db_col_text(st, 1))};
            }
            sqlite3_reset(st);
            if (step != SQLITE_DONE) {
                db_set_error(c->db, "history: actors");
                rc = -1;
            }
        }
    }
    for (int k = 0; k < REF__MAX; k++)
        json_decref(ids[k]);
    json_decref(actors);
    return rc;
}

/* Who made a change, for people: the account's name, else the actor as recorded. */
static char *actor_name(const struct ctx *c, const char *actor)
{
    for (size_t i = 0; i < c->nactors; i++)
        if (strcmp(c->actors[i].username, actor) == 0)
            return xstrdup(c->actors[i].name);
    return xstrdup(actor);
}

/* s, or `dflt` when s is NULL. */
static const char *or_else(const char *s, const char *dflt)
{
    return s ? s : dflt;
}

/* "in_progress" as people read it: "In progress". */
static char *words(const char *code)
{
    char *s = xstrdup(code);
    for (char *p = s; *p; p++)
        if (*p == '_')
            *p = ' ';
    if (s[0] >= 'a' && s[0] <= 'z')
        s[0] = (char)(s[0] - 'a' + 'A');
    return s;
}

/* A column's value as people read it ("" for none). */
static char *show_value(const struct ctx *c, const char *col, json_t *v)
{
    if (!v || json_is_null(v))
        return xstrdup("");
    enum ref_kind kind = ref_kind_of(col);
    if (kind != REF_NONE && json_is_integer(v)) {
        const char *nm = name_of(c, kind, json_integer_value(v));
        struct buf b = BUF_INIT;
        if (nm)
            buf_puts(&b, nm);
        else
            buf_printf(&b, "#%lld", (long long)json_integer_value(v));
        return buf_detach(&b);
    }
    if (strcmp(col, "public") == 0 && json_is_integer(v))
        return xstrdup(json_integer_value(v) ? "Yes" : "No");
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (strcmp(col, "confidence") == 0 || strcmp(col, "level") == 0) {
            int l = c->scale ? scale_level(c->scale, s) : -1;
            return xstrdup(l >= 0 ? c->scale->levels[l].label : s);
        }
        if (strcmp(col, "status") == 0 || strcmp(col, "state") == 0 || strcmp(col, "decision") == 0)
            return words(s);
        return xstrdup(s);
    }
    char *text = ledger_canonical(v);
    return text;
}

/* The row's previous-state slot, added when new. */
static struct prev *prev_of(struct ctx *c, enum table_id t, int64_t row)
{
    for (size_t i = 0; i < c->nprevs; i++)
        if (c->prevs[i].t == t && c->prevs[i].row == row)
            return &c->prevs[i];
    c->prevs = xgrow(c->prevs, c->nprevs, &c->capprevs, sizeof *c->prevs);
    c->prevs[c->nprevs] = (struct prev){t, row, NULL, 0};
    return &c->prevs[c->nprevs++];
}

/* What the row is, for people, from its state (or, deleted, its last one). */
static char *subject(const struct ctx *c, enum table_id t, int64_t row, json_t *s)
{
    struct buf b = BUF_INIT;
    json_t *v;
    const struct update_info *u;
    switch (t) {
    case T_ACTION:
        buf_printf(&b, "Action %s", or_else(json_string_value(json_object_get(s, "ref")), ""));
        break;
    case T_PROGRESS_UPDATE:
        u = update_of(c, row);
        buf_printf(&b, "Update for %s", u ? u->month : "a month");
        break;
    case T_UPDATE_REVIEW:
        v = json_object_get(s, "update_id");
        u = json_is_integer(v) ? update_of(c, json_integer_value(v)) : NULL;
        buf_printf(&b, "Review of the update for %s", u ? u->month : "a month");
        break;
    case T_UPDATE_CORRECTION:
        v = json_object_get(s, "update_id");
        u = json_is_integer(v) ? update_of(c, json_integer_value(v)) : NULL;
        buf_printf(&b, "Correction of the update for %s", u ? u->month : "a month");
        break;
    case T_EVIDENCE:
        buf_printf(&b, "Evidence: %s", or_else(json_string_value(json_object_get(s, "label")), ""));
        break;
    case T_MILESTONE:
        buf_printf(&b, "Milestone %s", or_else(json_string_value(json_object_get(s, "ref")), ""));
        break;
    case T_CLOSURE:
        buf_printf(&b, "Closure proposal %lld", (long long)row);
        break;
    case T_ACTION_ANSWER:
        v = json_object_get(s, "recommendation_id");
        buf_printf(&b, "Answers recommendation %s",
                   or_else(name_of(c, REF_REC, json_integer_value(v)), "(removed)"));
        break;
    case T_ACTION_DEP:
        v = json_object_get(s, "depends_on_id");
        buf_printf(&b, "Depends on action %s",
                   or_else(name_of(c, REF_ACTION, json_integer_value(v)), "(removed)"));
        break;
    default:
        buf_printf(&b, "%s %lld", tables[t].name, (long long)row);
    }
    return buf_detach(&b);
}

/* Whether the public variant shows column `col` of table t changing from
 * `old` to `new` (either may be NULL).  Sets *hide_old when only the new
 * value may be shown. */
static bool public_field(const struct ctx *c, enum table_id t, const char *col, json_t *old,
                         json_t *new, bool *hide_old)
{
    *hide_old = false;
    if (t == T_ACTION && strcmp(col, "completed_on") == 0)
        return false;
    if (t == T_ACTION && strcmp(col, "status") == 0) {
        /* only retirement: the rest of the live status follows unsigned months */
        const char *s = json_string_value(new);
        *hide_old = true;
        return s && strcmp(s, "retired") == 0;
    }
    if (t == T_MILESTONE && strcmp(col, "public") == 0)
        return false;
    if (t == T_UPDATE_CORRECTION) /* who and when as the correction names them */
        return strcmp(col, "account_id") != 0 && strcmp(col, "at") != 0;
    if (t == T_MILESTONE && strcmp(col, "achieved_on") == 0) {
        char end[DATE_LEN] = "";
        if (c->scope->end != DAY_NONE)
            date_format(c->scope->end, end);
        const char *a = json_string_value(old), *b = json_string_value(new);
        return end[0] && (!a || strcmp(a, end) <= 0) && (!b || strcmp(b, end) <= 0);
    }
    return true;
}

/* The columns an update's public entry shows. */
static bool public_update_col(const char *col)
{
    return strcmp(col, "status") == 0 || strcmp(col, "percent") == 0 ||
           strcmp(col, "confidence") == 0 || strcmp(col, "forecast_finish") == 0;
}

/* Appends the entry for one raw ledger entry to h, or nothing when it shows
 * no change (or, public, nothing the public may see).  Moves the row's
 * previous state on. */
static void walk_one(struct ctx *c, const struct raw *r, struct history *h, size_t *cap)
{
    json_t *state = json_object_get(r->e, "state");
    if (!json_is_object(state))
        state = NULL;
    struct prev *p = prev_of(c, r->t, r->row);
    json_t *old = p->state;
    bool pub = c->scope != NULL;
    if (pub && r->t == T_MILESTONE) {
        /* a milestone is seen only while public: the others never happened */
        json_t *flag = state ? json_object_get(state, "public") : NULL;
        if (state && json_integer_value(flag) != 1)
            return;
    }
    if (pub && r->t == T_PROGRESS_UPDATE) {
        const struct update_info *u = update_of(c, r->row);
        if (!u || !u->public || r->seq != p->last_acc)
            return;
        old = NULL; /* shown as the month's record, not as edits of a draft */
    }
    p->state = state;
    if (!state && !old)
        return;
    struct history_entry e = {0};
    e.seq = r->seq;
    snprintf(e.at, sizeof e.at, "%s", or_else(json_string_value(json_object_get(r->e, "at")), ""));
    e.actor = actor_name(c, or_else(json_string_value(json_object_get(r->e, "actor")), ""));
    e.table = tables[r->t].name;
    e.row_id = r->row;
    e.op = !state ? HISTORY_DELETED : !old ? HISTORY_CREATED : HISTORY_CHANGED;
    e.subject = subject(c, r->t, r->row, state ? state : old);
    const struct table *t = &tables[r->t];
    size_t ccap = 0;
    for (size_t k = 0; state && k < t->ncols; k++) {
        const char *col = t->cols[k].name;
        if (r->t != T_ACTION && strcmp(col, "action_id") == 0)
            continue;
        if (r->t == T_UPDATE_CORRECTION && strcmp(col, "update_id") == 0)
            continue; /* the subject names the update */
        json_t *a = old ? json_object_get(old, col) : NULL, *b = json_object_get(state, col);
        if (old ? json_equal(a, b) : json_is_null(b))
            continue;
        bool hide_old = false, show = true;
        if (pub && r->t == T_PROGRESS_UPDATE)
            show = public_update_col(col);
        else if (pub)
            show = public_field(c, r->t, col, a, b, &hide_old);
        if (!show)
            continue;
        e.changes = xgrow(e.changes, e.nchanges, &ccap, sizeof *e.changes);
        e.changes[e.nchanges++] = (struct history_change){
            col, old && !hide_old ? show_value(c, col, a) : NULL, show_value(c, col, b)};
    }
    if (e.op == HISTORY_CHANGED && e.nchanges == 0) {
        free(e.actor);
        free(e.subject);
        return;
    }
    if (pub && r->t == T_PROGRESS_UPDATE) /* the month's record, as accepted */
        e.op = HISTORY_ACCEPTED;
    h->entries = xgrow(h->entries, h->n, cap, sizeof *h->entries);
    h->entries[h->n++] = e;
}

/* Public variant: the last entry of each public update that accepted it. */
static void mark_accepting(struct ctx *c)
{
    for (size_t i = 0; i < c->nraw; i++) {
        const struct raw *r = &c->raw[i];
        if (r->t != T_PROGRESS_UPDATE)
            continue;
        json_t *s = json_object_get(r->e, "state");
        const char *st = json_string_value(json_object_get(s, "state"));
        if (st && strcmp(st, "accepted") == 0)
            prev_of(c, r->t, r->row)->last_acc = r->seq;
    }
}

int history_load(struct db *db, const char *ref, const struct pub_scope *scope, struct history *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, sql_action);
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->action_id = sqlite3_column_int64(st, 0);
        out->ref = xstrdup(db_col_text(st, 1));
        out->title = xstrdup(db_col_text(st, 2));
        out->owner_person_id = sqlite3_column_int64(st, 3);
    } else if (rc != SQLITE_DONE) {
        db_set_error(db, "history: action");
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;

    struct ctx c = {.db = db, .scope = scope};
    char *org = NULL, *slug = NULL;
    int res = -1;
    if (org_read(db, &org, &slug, &c.scale) || load_updates(&c, out->action_id) ||
        load_entries(&c, out->action_id) || load_names(&c))
        goto out;
    if (scope)
        mark_accepting(&c);
    size_t cap = 0;
    for (size_t i = 0; i < c.nraw; i++)
        walk_one(&c, &c.raw[i], out, &cap);
    res = 1;
out:
    free(org);
    free(slug);
    ctx_free(&c);
    if (res < 0)
        history_free(out);
    return res;
}

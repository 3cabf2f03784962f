/* version_set.c — one version's items in memory: loading, the bodies made
 * from a plan, the check of the plan they make, and storing them (see
 * version_set.h). */
#include "lib/text.h"
#include "model/version_set.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include "model/ledger.h"
#include "model/plan_json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const theme_keys[] = {"ref", "title", "lead", NULL};
static const char *const action_keys[] = {
    "ref",    "theme",   "title",      "description",      "owner", "member", "panel_lead", "start",
    "finish", "answers", "depends_on", "closure_criteria", NULL};
static const char *const milestone_keys[] = {"ref", "action", "title", "due", "public", NULL};
static const char *const measure_keys[] = {
    "ref",    "title",       "unit",          "direction", "baseline", "baseline_date",
    "target", "target_date", "tolerance_pct", "theme",     "actions",  NULL};

const char *const *vset_keys(enum vkind kind)
{
    static const char *const *const keys[VK__MAX] = {theme_keys, action_keys, milestone_keys,
                                                     measure_keys};
    return kind < VK__MAX ? keys[kind] : NULL;
}

/* ---- the set ---------------------------------------------------------------------- */

void vset_free(struct vset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].ref);
        free(s->v[i].retired);
        json_decref(s->v[i].body);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

struct vset_item *vset_add(struct vset *s, enum vkind kind, const char *ref)
{
    s->v = xgrow(s->v, s->n, &s->cap, sizeof *s->v);
    struct vset_item *it = &s->v[s->n++];
    *it = (struct vset_item){.kind = kind, .ref = xstrdup(ref), .dirty = true};
    return it;
}

struct vset_item *vset_find(struct vset *s, enum vkind kind, const char *ref)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].kind == kind && strcmp(s->v[i].ref, ref) == 0)
            return &s->v[i];
    return NULL;
}

static int cmp_items(const void *a, const void *b)
{
    const struct vset_item *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return natcmp(x->ref, y->ref);
}

int vset_load(struct db *db, int64_t version_id, struct vset *s)
{
    static const char sql[] = "SELECT id, kind, ref, body, retired_reason FROM version_item "
                              "WHERE version_id = :v ORDER BY id";
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    s->version_id = version_id;
    db_bind_int(st, ":v", version_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int kind = vkind_parse(db_col_text(st, 1));
        json_t *body = json_loads(db_col_text(st, 3), 0, NULL);
        if (kind < 0 || !json_is_object(body)) {
            json_decref(body);
            snprintf(db->err, sizeof db->err, "version_item %lld: unreadable kind or body",
                     (long long)sqlite3_column_int64(st, 0));
            sqlite3_reset(st);
            return -1;
        }
        struct vset_item *it = vset_add(s, (enum vkind)kind, db_col_text(st, 2));
        it->id = sqlite3_column_int64(st, 0);
        it->body = body;
        it->dirty = false;
        if (sqlite3_column_type(st, 4) != SQLITE_NULL)
            it->retired = xstrdup(db_col_text(st, 4));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "version items");
        return -1;
    }
    if (s->n > 1)
        qsort(s->v, s->n, sizeof *s->v, cmp_items);
    return 0;
}

int vset_store(struct db *db, struct vset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct vset_item *it = &s->v[i];
        if (!it->dirty)
            continue;
        char *body = ledger_canonical(it->body);
        json_t *st = json_pack(
            "{s:o, s:I, s:s, s:s, s:s, s:o}", "id", it->id ? json_integer(it->id) : json_null(),
            "version_id", (json_int_t)s->version_id, "kind", vkind_name(it->kind), "ref", it->ref,
            "body", body, "retired_reason", it->retired ? json_string(it->retired) : json_null());
        free(body);
        int64_t id = ledger_put(db, T_VERSION_ITEM, st, 1);
        json_decref(st);
        if (id < 0)
            return -1;
        it->id = id;
        it->dirty = false;
    }
    return 0;
}

/* ---- bodies from a plan ----------------------------------------------------------- */

json_t *vset_body(const struct plan *p, enum vkind kind, size_t ix)
{
    switch (kind) {
    case VK_THEME: {
        const struct p_theme *x = &p->themes[ix];
        return json_pack("{s:s, s:o, s:o}", "ref", x->ref, "title", plan_json_str(x->title), "lead",
                         PLAN_JSON_REF(p, people, x->lead));
    }
    case VK_ACTION: {
        const struct p_action *x = &p->actions[ix];
        return json_pack(
            "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "ref", x->ref, "theme",
            PLAN_JSON_REF(p, themes, x->theme), "title", plan_json_str(x->title), "description",
            plan_json_str(x->description ? x->description : ""), "owner",
            PLAN_JSON_REF(p, people, x->owner), "member", PLAN_JSON_REF(p, people, x->member),
            "panel_lead", PLAN_JSON_REF(p, people, x->panel_lead), "start",
            plan_json_date(x->start), "finish", plan_json_date(x->finish), "answers",
            plan_json_refs(p, &x->answers, true), "depends_on",
            plan_json_refs(p, &x->depends_on, false), "closure_criteria",
            plan_json_str(x->closure_criteria ? x->closure_criteria : ""));
    }
    case VK_MILESTONE: {
        const struct p_milestone *x = &p->milestones[ix];
        return json_pack("{s:s, s:o, s:o, s:o, s:b}", "ref", x->ref, "action",
                         PLAN_JSON_REF(p, actions, x->action), "title", plan_json_str(x->title),
                         "due", plan_json_date(x->due), "public", x->public);
    }
    case VK_MEASURE: {
        const struct p_measure *x = &p->measures[ix];
        return json_pack("{s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:o}", "ref", x->ref,
                         "title", plan_json_str(x->title), "unit",
                         plan_json_str(x->unit ? x->unit : ""), "direction", x->up ? "up" : "down",
                         "baseline", x->has_baseline ? json_real(x->baseline) : json_null(),
                         "baseline_date", plan_json_date(x->baseline_date), "target",
                         x->has_target ? json_real(x->target) : json_null(), "target_date",
                         plan_json_date(x->target_date), "tolerance_pct",
                         (json_int_t)x->tolerance_pct, "theme", PLAN_JSON_REF(p, themes, x->theme),
                         "actions", plan_json_refs(p, &x->actions, false));
    }
    case VK__MAX:
        break;
    }
    return NULL;
}

void vset_from_plan(struct vset *s, const struct plan *p)
{
    int64_t version_id = s->version_id;
    vset_free(s);
    s->version_id = version_id;
    for (size_t i = 0; i < p->n_themes; i++)
        vset_add(s, VK_THEME, p->themes[i].ref)->body = vset_body(p, VK_THEME, i);
    for (size_t i = 0; i < p->n_actions; i++) {
        struct vset_item *it = vset_add(s, VK_ACTION, p->actions[i].ref);
        it->body = vset_body(p, VK_ACTION, i);
        if (p->actions[i].status == ST_RETIRED)
            it->retired = xstrdup("Retired before plan versions were recorded.");
    }
    for (size_t i = 0; i < p->n_milestones; i++)
        vset_add(s, VK_MILESTONE, p->milestones[i].ref)->body = vset_body(p, VK_MILESTONE, i);
    for (size_t i = 0; i < p->n_measures; i++)
        vset_add(s, VK_MEASURE, p->measures[i].ref)->body = vset_body(p, VK_MEASURE, i);
    if (s->n > 1)
        qsort(s->v, s->n, sizeof *s->v, cmp_items);
}

/* ---- the check -------------------------------------------------------------------- */

/* The object item `it` becomes in the live plan p (new reference): its body,
 * with the delivery state of the live row of the same ref (or a new one's),
 * and without baselines, so that the reader takes them from the dates. */
static json_t *applied_object(const struct vset_item *it, const struct plan *p)
{
    json_t *o = json_deep_copy(it->body);
    if (it->kind == VK_ACTION) {
        long ix = plan_find(&p->m_actions, it->ref);
        const struct p_action *live = ix >= 0 ? &p->actions[ix] : NULL;
        enum action_status st = ST_NOT_STARTED;
        day_t done = DAY_NONE;
        if (live && live->status == ST_COMPLETE) { /* a completion is part of the record */
            st = ST_COMPLETE;
            done = live->completed_on;
        } else if (it->retired) {
            st = ST_RETIRED;
        } else if (live && live->status != ST_RETIRED) {
            st = live->status;
        }
        json_object_set_new(o, "status", json_string(action_status_name(st)));
        json_object_set_new(o, "completed_on", plan_json_date(done));
    } else if (it->kind == VK_MILESTONE) {
        long ix = plan_find(&p->m_milestones, it->ref);
        json_object_set_new(o, "achieved_on",
                            plan_json_date(ix >= 0 ? p->milestones[ix].achieved_on : DAY_NONE));
        if (it->retired) /* a retired milestone leaves the public roadmap */
            json_object_set_new(o, "public", json_false());
    }
    return o;
}

/* Adds a plan check's message ("actions[3].finish: 2015-03-01 is before
 * ...") to fe as its field and its words, with the item named by ref
 * ("actions[A7].finish"), which is what people know it by, not by its index
 * in the document the check was given.  refs[k] lists the refs of section k
 * in document order.  A message without "path: " is the whole draft's. */
static void refuse_by_ref(struct field_errors *fe, const char *msg, char **const refs[VK__MAX],
                          const size_t nrefs[VK__MAX])
{
    const char *colon = strstr(msg, ": ");
    if (!colon) {
        ferr_add(fe, "", "%s", msg);
        return;
    }
    struct buf field = {0};
    buf_append(&field, msg, (size_t)(colon - msg));
    const char *path = buf_str(&field);
    for (int k = 0; k < VK__MAX; k++) {
        const char *sec = vkind_section((enum vkind)k);
        size_t len = strlen(sec);
        if (strncmp(path, sec, len) != 0 || path[len] != '[')
            continue;
        char *end;
        unsigned long i = strtoul(path + len + 1, &end, 10);
        if (end == path + len + 1 || *end != ']' || i >= nrefs[k])
            break;
        struct buf named = {0};
        buf_printf(&named, "%s[%s]%s", sec, refs[k][i], end + 1);
        buf_free(&field);
        field = named;
        break;
    }
    ferr_add(fe, buf_str(&field), "%s", colon + 2);
    buf_free(&field);
}

enum version_rc vset_check(struct db *db, struct vset *s, struct plan *p, struct field_errors *fe)
{
    if (plan_load(db, p))
        return VERSION_ERROR;
    json_t *doc = json_object(), *sec[VK__MAX];
    char **refs[VK__MAX];
    size_t nrefs[VK__MAX] = {0};
    json_object_set_new(doc, "format", json_string(PLAN_FORMAT));
    for (int k = 0; k < VK__MAX; k++) {
        sec[k] = json_array();
        json_object_set_new(doc, vkind_section((enum vkind)k), sec[k]);
        refs[k] = xmalloc((s->n + 1) * sizeof *refs[k]);
    }
    for (size_t i = 0; i < s->n; i++) {
        struct vset_item *it = &s->v[i];
        json_array_append_new(sec[it->kind], applied_object(it, p));
        refs[it->kind][nrefs[it->kind]++] = it->ref;
    }
    char why[600];
    enum version_rc rc = VERSION_OK;
    if (plan_read_json(p, doc, why, sizeof why) || plan_check(p, why, sizeof why)) {
        refuse_by_ref(fe, why, refs, nrefs);
        rc = VERSION_REFUSED;
    }
    json_decref(doc);
    for (int k = 0; k < VK__MAX; k++)
        free(refs[k]);
    if (rc != VERSION_OK)
        return rc;
    /* normalise what changed: every key, lists sorted, as the plan reads it */
    for (size_t i = 0; i < s->n; i++) {
        struct vset_item *it = &s->v[i];
        if (!it->dirty)
            continue;
        const struct strmap *m = it->kind == VK_THEME       ? &p->m_themes
                                 : it->kind == VK_ACTION    ? &p->m_actions
                                 : it->kind == VK_MILESTONE ? &p->m_milestones
                                                            : &p->m_measures;
        long ix = plan_find(m, it->ref);
        if (ix < 0)
            continue;
        json_t *b = vset_body(p, it->kind, (size_t)ix);
        if (it->kind == VK_MILESTONE && it->retired) /* keep the item's own flag */
            json_object_set(b, "public", json_object_get(it->body, "public"));
        json_decref(it->body);
        it->body = b;
    }
    return VERSION_OK;
}

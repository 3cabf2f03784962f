/* version_edit.c — editing the draft version: putting an item, importing
 * the plan part of a document into it, retiring and reinstating items (see
 * version.h).  Each edit is checked against the whole draft before it is
 * stored. */
#include "lib/buf.h"
#include "lib/natcmp.h"
#include "model/version.h"
#include "model/version_set.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loads the draft (status draft) and its items inside the caller's
 * transaction.  Returns VERSION_OK, VERSION_REFUSED when there is no draft,
 * or VERSION_ERROR. */
static enum version_rc load_draft(struct db *db, struct version_info *v, struct vset *s,
                                  struct field_errors *fe)
{
    int n = version_draft_number(db);
    if (n < 0)
        return VERSION_ERROR;
    if (n == 0)
        return version_refuse(fe, "", "there is no draft version to edit: start a new draft first");
    if (version_get(db, n, v) != 1 || vset_load(db, v->id, s))
        return VERSION_ERROR;
    return VERSION_OK;
}

/* Checks that `o` is an item body of kind k: an object with a ref and only
 * the keys a version holds.  `where` names it in messages ("actions[2]"). */
static enum version_rc check_body(enum vkind k, json_t *o, const char *where,
                                  struct field_errors *fe)
{
    if (!json_is_object(o))
        return version_refuse(fe, where, "must be an object");
    json_t *ref = json_object_get(o, "ref");
    if (!json_is_string(ref) || json_string_length(ref) == 0 || json_string_length(ref) > 64) {
        char f[80];
        snprintf(f, sizeof f, "%s.ref", where); /* where is "actions[12]": short, ASCII */
        return version_refuse(fe, f, "is required (1-64 letters, digits, '.', '_' or '-')");
    }
    const char *const *keys = vset_keys(k);
    const char *key;
    json_t *val;
    json_object_foreach(o, key, val)
    {
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], key) != 0)
            i++;
        if (!keys[i]) {
            struct buf f = {0}; /* the item by ref: refs and keys are anyone's text */
            buf_printf(&f, "%s[%s].%s", vkind_section(k), json_string_value(ref), key);
            enum version_rc rc = version_refuse(
                fe, buf_str(&f), "unknown field (a %s of a plan version holds: %s%s)",
                vkind_name(k), keys[0], ", title, ...");
            buf_free(&f);
            return rc;
        }
    }
    return VERSION_OK;
}

/* Puts body (borrowed) into s as the item (kind, its ref). */
static void set_item(struct vset *s, enum vkind k, json_t *body)
{
    const char *ref = json_string_value(json_object_get(body, "ref"));
    struct vset_item *it = vset_find(s, k, ref);
    if (!it)
        it = vset_add(s, k, ref);
    json_decref(it->body);
    it->body = json_deep_copy(body);
    it->dirty = true;
}

/* Checks the edited draft whole and stores what changed. */
static enum version_rc check_and_store(struct db *db, struct vset *s, struct field_errors *fe)
{
    struct plan p = {0};
    enum version_rc rc = vset_check(db, s, &p, fe);
    plan_free(&p);
    if (rc == VERSION_OK && vset_store(db, s))
        rc = VERSION_ERROR;
    return rc;
}

enum version_rc version_put_item(struct db *db, enum vkind kind, json_t *body,
                                 enum version_put mode, struct field_errors *fe)
{
    if (kind >= VK__MAX)
        return version_refuse(fe, "kind", "must be theme, action, milestone or measure");
    if (db_begin(db))
        return VERSION_ERROR;
    struct version_info v = {0};
    struct vset s = {0};
    enum version_rc rc = load_draft(db, &v, &s, fe);
    if (rc == VERSION_OK)
        rc = check_body(kind, body, vkind_section(kind), fe);
    if (rc == VERSION_OK) {
        const char *ref = json_string_value(json_object_get(body, "ref"));
        bool have = vset_find(&s, kind, ref) != NULL;
        if (mode == VPUT_NEW && have)
            rc = version_refuse(fe, "ref", "draft version %d already has %s %s", v.number,
                                vkind_name(kind), ref);
        else if (mode == VPUT_EXISTING && !have)
            rc = version_refuse(fe, "ref", "draft version %d has no %s %s", v.number,
                                vkind_name(kind), ref);
    }
    if (rc == VERSION_OK) {
        set_item(&s, kind, body);
        rc = check_and_store(db, &s, fe);
    }
    vset_free(&s);
    version_info_free(&v);
    return version_finish(db, rc);
}

/* The keys of an exported object that a version does not hold: read past. */
static void drop_delivery_keys(json_t *o)
{
    static const char *const drop[] = {"status",       "completed_on", "baseline_finish",
                                       "baseline_due", "achieved_on",  NULL};
    for (size_t i = 0; drop[i]; i++)
        json_object_del(o, drop[i]);
}

enum version_rc version_import_draft(struct db *db, json_t *doc, size_t *count,
                                     struct field_errors *fe)
{
    json_t *f = json_is_object(doc) ? json_object_get(doc, "format") : NULL;
    if (!json_is_string(f) || strcmp(json_string_value(f), "dialturn-plan/1") != 0)
        return version_refuse(fe, "format", "must be \"dialturn-plan/1\"");
    if (db_begin(db))
        return VERSION_ERROR;
    struct version_info v = {0};
    struct vset s = {0};
    size_t n = 0;
    enum version_rc rc = load_draft(db, &v, &s, fe);
    for (int k = 0; rc == VERSION_OK && k < VK__MAX; k++) {
        json_t *a = json_object_get(doc, vkind_section((enum vkind)k)), *e;
        if (a && !json_is_array(a)) {
            rc = version_refuse(fe, vkind_section((enum vkind)k), "must be a list");
            break;
        }
        size_t i;
        json_array_foreach(a, i, e)
        {
            char where[48];
            snprintf(where, sizeof where, "%s[%zu]", vkind_section((enum vkind)k), i);
            json_t *o = json_is_object(e) ? json_deep_copy(e) : json_incref(e);
            if (json_is_object(o))
                drop_delivery_keys(o);
            rc = check_body((enum vkind)k, o, where, fe);
            if (rc == VERSION_OK) {
                set_item(&s, (enum vkind)k, o);
                n++;
            }
            json_decref(o);
            if (rc != VERSION_OK)
                break;
        }
    }
    if (rc == VERSION_OK)
        rc = check_and_store(db, &s, fe);
    if (rc == VERSION_OK && count)
        *count = n;
    vset_free(&s);
    version_info_free(&v);
    return version_finish(db, rc);
}

enum version_rc version_retire_item(struct db *db, enum vkind kind, const char *ref,
                                    const char *reason, struct field_errors *fe)
{
    if (kind >= VK__MAX)
        return version_refuse(fe, "kind", "must be theme, action, milestone or measure");
    if (reason && version_blank(reason))
        return version_refuse(fe, "reason", "say why the %s leaves the plan", vkind_name(kind));
    if (reason && strlen(reason) > 2000)
        return version_refuse(fe, "reason", "keep it to 2000 characters");
    if (db_begin(db))
        return VERSION_ERROR;
    struct version_info v = {0};
    struct vset s = {0};
    struct plan p = {0};
    enum version_rc rc = load_draft(db, &v, &s, fe);
    struct vset_item *it = rc == VERSION_OK ? vset_find(&s, kind, ref ? ref : "") : NULL;
    if (rc != VERSION_OK) {
        /* as it is */
    } else if (!it) {
        rc = version_refuse(fe, "ref", "version %d has no %s %s", v.number, vkind_name(kind),
                            ref ? ref : "");
    } else if (reason && it->retired) {
        rc = version_refuse(fe, "", "%s %s is already retired", vkind_name(kind), it->ref);
    } else if (!reason && !it->retired) {
        rc = version_refuse(fe, "", "%s %s is not retired", vkind_name(kind), it->ref);
    } else if (kind == VK_ACTION && reason) {
        if (plan_load(db, &p)) {
            rc = VERSION_ERROR;
        } else {
            long ix = plan_find(&p.m_actions, it->ref);
            if (ix >= 0 && p.actions[ix].status == ST_COMPLETE)
                rc = version_refuse(fe, "",
                                    "action %s is complete, and a completed action stays in the "
                                    "plan as the record of its delivery",
                                    it->ref);
        }
    }
    if (rc == VERSION_OK) {
        free(it->retired);
        it->retired = reason ? xstrdup(reason) : NULL;
        it->dirty = true;
        if (vset_store(db, &s))
            rc = VERSION_ERROR;
    }
    plan_free(&p);
    vset_free(&s);
    version_info_free(&v);
    return version_finish(db, rc);
}

/* ---- what the forms choose from ------------------------------------------------------ */

void version_choices_free(struct version_choices *c)
{
    for (size_t i = 0; i < c->npeople; i++)
        free(c->people[i].ref), free(c->people[i].label), free(c->people[i].role);
    for (size_t i = 0; i < c->nrecs; i++)
        free(c->recs[i].ref), free(c->recs[i].label), free(c->recs[i].role);
    free(c->people);
    free(c->recs);
    memset(c, 0, sizeof *c);
}

static int cmp_choice(const void *a, const void *b)
{
    return natcmp(((const struct version_choice *)a)->ref, ((const struct version_choice *)b)->ref);
}

/* Runs `sql` (two text columns: ref, label) into a sorted array. */
static int load_choices(struct db *db, const char *sql, struct version_choice **out, size_t *n)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        (*out)[(*n)++] = (struct version_choice){
            xstrdup(db_col_text(st, 0)), xstrdup(db_col_text(st, 1)),
            sqlite3_column_count(st) > 2 ? xstrdup(db_col_text(st, 2)) : NULL};
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "choices");
        return -1;
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, cmp_choice);
    return 0;
}

const struct version_choice *version_person(const struct version_choices *c, const char *ref)
{
    for (size_t i = 0; ref && i < c->npeople; i++)
        if (strcmp(c->people[i].ref, ref) == 0)
            return &c->people[i];
    return NULL;
}

int version_choices_load(struct db *db, struct version_choices *out)
{
    memset(out, 0, sizeof *out);
    if (load_choices(db, "SELECT ref, name, role FROM person", &out->people, &out->npeople) ||
        load_choices(db, "SELECT ref, text FROM recommendation", &out->recs, &out->nrecs)) {
        version_choices_free(out);
        return -1;
    }
    return 0;
}

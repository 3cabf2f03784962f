/* version_diff.c — what changed between two plan versions, item by item and
 * field by field (see version.h). */
#include "lib/buf.h"
#include "lib/natcmp.h"
#include "model/version.h"
#include "model/version_set.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What kind of change a difference in `key` is, for an item of kind k. */
static const char *change_of(enum vkind k, const char *key)
{
    static const struct {
        const char *key, *change;
    } map[] = {
        {"title", "re-worded"},
        {"description", "re-worded"},
        {"closure_criteria", "re-worded"},
        {"unit", "re-worded"},
        {"start", "re-dated"},
        {"finish", "re-dated"},
        {"due", "re-dated"},
        {"baseline_date", "re-dated"},
        {"target_date", "re-dated"},
        {"owner", "re-owned"},
        {"member", "re-owned"},
        {"panel_lead", "re-owned"},
        {"lead", "re-owned"},
        {"answers", "re-linked"},
        {"depends_on", "re-linked"},
        {"actions", "re-linked"},
        {"action", "re-linked"},
        {"baseline", "re-targeted"},
        {"target", "re-targeted"},
        {"tolerance_pct", "re-targeted"},
        {"direction", "re-targeted"},
    };
    if (k == VK_ACTION && strcmp(key, "theme") == 0)
        return "re-linked"; /* moved to another theme */
    if (k == VK_MEASURE && strcmp(key, "theme") == 0)
        return "re-linked";
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].key, key) == 0)
            return map[i].change;
    return "changed";
}

/* A value as text for people: strings as they are, lists joined with ", ",
 * numbers without needless digits, booleans yes/no; NULL for null or absent. */
static char *value_text(const json_t *v)
{
    char n[64];
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_string(v))
        return xstrdup(json_string_value(v));
    if (json_is_true(v))
        return xstrdup("yes");
    if (json_is_false(v))
        return xstrdup("no");
    if (json_is_integer(v)) {
        snprintf(n, sizeof n, "%lld", (long long)json_integer_value(v));
        return xstrdup(n);
    }
    if (json_is_real(v)) {
        snprintf(n, sizeof n, "%.15g", json_real_value(v));
        return xstrdup(n);
    }
    struct buf b = BUF_INIT;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        char *t = value_text(e);
        buf_printf(&b, "%s%s", i ? ", " : "", t ? t : "");
        free(t);
    }
    return buf_detach(&b);
}

static void add(struct version_diff *d, const struct vset_item *it, const char *change,
                const char *field, char *from, char *to, const char *reason)
{
    d->v = xgrow(d->v, d->n, &d->cap, sizeof *d->v);
    d->v[d->n++] = (struct version_change){
        it->kind, xstrdup(it->ref), change, field, from, to, reason ? xstrdup(reason) : NULL};
}

/* The differences of one item present in both versions. */
static void compare(struct version_diff *d, const struct vset_item *a, const struct vset_item *b)
{
    if (!a->retired && b->retired)
        add(d, b, "retired", NULL, NULL, NULL, b->retired);
    else if (a->retired && !b->retired)
        add(d, b, "reinstated", NULL, NULL, NULL, NULL);
    const char *const *keys = vset_keys(b->kind);
    for (size_t i = 0; keys[i]; i++) {
        if (strcmp(keys[i], "ref") == 0)
            continue;
        json_t *x = json_object_get(a->body, keys[i]), *y = json_object_get(b->body, keys[i]);
        bool xnull = !x || json_is_null(x), ynull = !y || json_is_null(y);
        if ((xnull && ynull) || (!xnull && !ynull && json_equal(x, y)))
            continue;
        add(d, b, change_of(b->kind, keys[i]), keys[i], value_text(x), value_text(y), NULL);
    }
}

static int cmp_key(const struct vset_item *a, const struct vset_item *b)
{
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return natcmp(a->ref, b->ref);
}

/* The id of version `number` (1), or 0 with a refusal in fe, or -1. */
static int find(struct db *db, int number, int64_t *id, struct field_errors *fe)
{
    struct version_info v;
    int got = version_get(db, number, &v);
    if (got == 1)
        *id = v.id;
    version_info_free(&v);
    if (got == 0)
        ferr_add(fe, "version", "there is no version %d", number);
    return got;
}

enum version_rc version_diff(struct db *db, int from, int to, struct version_diff *out,
                             struct field_errors *fe)
{
    memset(out, 0, sizeof *out);
    out->from = from;
    out->to = to;
    int64_t ida = 0, idb = 0;
    int fa = find(db, from, &ida, fe);
    if (fa <= 0)
        return fa < 0 ? VERSION_ERROR : VERSION_REFUSED;
    int fb = find(db, to, &idb, fe);
    if (fb <= 0)
        return fb < 0 ? VERSION_ERROR : VERSION_REFUSED;
    struct vset a = {0}, b = {0};
    if (vset_load(db, ida, &a) || vset_load(db, idb, &b)) {
        vset_free(&a);
        vset_free(&b);
        return VERSION_ERROR;
    }
    char gone[64];
    snprintf(gone, sizeof gone, "Not in version %d.", to);
    size_t i = 0, j = 0;
    while (i < a.n || j < b.n) {
        int c = i == a.n ? 1 : j == b.n ? -1 : cmp_key(&a.v[i], &b.v[j]);
        if (c < 0) {
            if (!a.v[i].retired)
                add(out, &a.v[i], "retired", NULL, NULL, NULL, gone);
            i++;
        } else if (c > 0) {
            const struct vset_item *it = &b.v[j++];
            add(out, it, "added", "title", NULL, value_text(json_object_get(it->body, "title")),
                NULL);
            if (it->retired)
                add(out, it, "retired", NULL, NULL, NULL, it->retired);
        } else {
            compare(out, &a.v[i++], &b.v[j++]);
        }
    }
    vset_free(&a);
    vset_free(&b);
    return VERSION_OK;
}

void version_diff_free(struct version_diff *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].ref);
        free(d->v[i].from);
        free(d->v[i].to);
        free(d->v[i].reason);
    }
    free(d->v);
    memset(d, 0, sizeof *d);
}

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *version_diff_json(const struct version_diff *d)
{
    json_t *changes = json_array();
    for (size_t i = 0; i < d->n; i++) {
        const struct version_change *c = &d->v[i];
        json_array_append_new(
            changes, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "kind", vkind_name(c->kind),
                               "ref", c->ref, "change", c->change, "field", jstr(c->field), "from",
                               jstr(c->from), "to", jstr(c->to), "reason", jstr(c->reason)));
    }
    return json_pack("{s:i, s:i, s:o}", "from", d->from, "to", d->to, "changes", changes);
}

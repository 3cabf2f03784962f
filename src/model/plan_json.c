/* plan_json.c — reading "dialturn-plan/1" (writing is plan_write.c).
 *
 * Reading is strict: unknown keys, wrong types, malformed dates, unknown refs,
 * duplicate refs and levels outside the organisation's scale are refused with
 * the JSON path of the offending field.  Cross-object rules (dates in order,
 * cycles, ...) are plan_check()'s, run on the merged whole. */
#include "model/plan_json.h"
#include "model/money_json.h"
#include "model/engagement_json.h"
#include "model/panel.h"
#include "model/correction.h"
#include "lib/text.h"
#include "lib/buf.h"
#include "model/plan_prep.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reading state: where we are, for messages, and the first error. */
struct rd {
    struct plan *p;
    char *err;
    size_t errlen;
    int failed;
    char path[128];          /* e.g. "actions[3]" */
    struct strmap seen;      /* "kind\x1fref" of objects met in this document */
    const struct lazy *lazy; /* the updates as unparsed text, or NULL (plan_read_json_text) */
};

/* The "updates" section kept as text: each element is parsed on a second
 * thread (plan_prep.h) while the rest of the document is read. */
struct lazy {
    const char *data;   /* the whole document, borrowed */
    struct span *elems; /* the elements, owned */
    size_t n;
    struct plan_prep *prep; /* parsing elems; owned */
};

static int fail(struct rd *r, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first error as "path.field: message". */
static int fail(struct rd *r, const char *field, const char *fmt, ...)
{
    if (r->failed)
        return -1;
    r->failed = 1;
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    text_vprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (field)
        text_printf(r->err, r->errlen, "%s%s%s: %s", r->path, r->path[0] ? "." : "", field, msg);
    else
        text_printf(r->err, r->errlen, "%s: %s", r->path[0] ? r->path : "(document)", msg);
    return -1;
}

/* Refuses keys not in `allowed` (NULL-terminated), so typos never pass silently. */
static int check_keys(struct rd *r, json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], key) != 0)
            i++;
        if (!allowed[i])
            return fail(r, key, "unknown field");
    }
    return 0;
}

/* A string field; absent or null gives `def` (which may be NULL); required
 * fields refuse both. */
static int get_str(struct rd *r, json_t *o, const char *key, bool required, const char *def,
                   char **out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required)
            return fail(r, key, v ? "must not be null" : "is required");
        plan_set_str(out, def);
        return 0;
    }
    if (!json_is_string(v))
        return fail(r, key, "must be a string");
    if (required && json_string_length(v) == 0)
        return fail(r, key, "must not be empty");
    if (strlen(json_string_value(v)) != json_string_length(v))
        return fail(r, key, "must not contain NUL characters");
    plan_set_str(out, json_string_value(v));
    return 0;
}

static int get_ref(struct rd *r, json_t *o, const char **out)
{
    json_t *v = json_object_get(o, "ref");
    if (!v)
        return fail(r, "ref", "is required");
    if (!json_is_string(v) || !ref_valid(json_string_value(v)))
        return fail(r, "ref", "must be 1-64 letters, digits, '.', '_' or '-'");
    *out = json_string_value(v);
    return 0;
}

/* Notes that this document defines kind/ref: false when it did already.
 * The key is "kind\x1fref", built without printf (an import makes one per
 * update). */
static bool seen_add(struct rd *r, const char *kind, const char *ref)
{
    struct buf k = BUF_INIT;
    buf_puts(&k, kind);
    buf_putc(&k, '\x1f');
    buf_puts(&k, ref);
    bool fresh = strmap_add(&r->seen, buf_str(&k), 0);
    buf_free(&k);
    return fresh;
}

/* seen_add(), refusing a second definition. */
static int first_time(struct rd *r, const char *kind, const char *ref, const char *field)
{
    if (!seen_add(r, kind, ref))
        return fail(r, field, "duplicate %s \"%s\"", kind, ref);
    return 0;
}

static int get_date(struct rd *r, json_t *o, const char *key, bool required, day_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required)
            return fail(r, key, "is required (a date, YYYY-MM-DD)");
        *out = DAY_NONE;
        return 0;
    }
    if (!json_is_string(v) || !date_parse(json_string_value(v), out))
        return fail(r, key, "must be a date YYYY-MM-DD");
    return 0;
}

/* One of `allowed` (NULL-terminated); absent gives `def`. */
static int get_enum(struct rd *r, json_t *o, const char *key, const char *const *allowed,
                    const char *def, char **out)
{
    json_t *v = json_object_get(o, key);
    if (!v && def) {
        plan_set_str(out, def);
        return 0;
    }
    if (!json_is_string(v))
        return fail(r, key, v ? "must be a string" : "is required");
    for (size_t i = 0; allowed[i]; i++) {
        if (strcmp(allowed[i], json_string_value(v)) == 0) {
            plan_set_str(out, allowed[i]);
            return 0;
        }
    }
    struct buf list = BUF_INIT;
    for (size_t i = 0; allowed[i]; i++)
        buf_printf(&list, "%s%s", i ? ", " : "", allowed[i]);
    fail(r, key, "\"%s\" is not one of: %s", TEXT_CLIP(json_string_value(v), 64), buf_str(&list));
    buf_free(&list);
    return -1;
}

static int get_status(struct rd *r, json_t *o, const char *key, enum action_status *out)
{
    static const char *const names[] = {"not_started", "in_progress", "complete",
                                        "blocked",     "retired",     NULL};
    char *s = NULL;
    if (get_enum(r, o, key, names, "not_started", &s))
        return -1;
    *out = (enum action_status)action_status_parse(s);
    free(s);
    return 0;
}

static int get_int(struct rd *r, json_t *o, const char *key, long min, long max, long def,
                   long *out)
{
    json_t *v = json_object_get(o, key);
    if (!v) {
        *out = def;
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return fail(r, key, "must be a whole number from %ld to %ld", min, max);
    *out = (long)json_integer_value(v);
    return 0;
}

static int get_real(struct rd *r, json_t *o, const char *key, bool required, bool *has, double *out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required)
            return fail(r, key, "is required (a number)");
        *has = false;
        *out = 0;
        return 0;
    }
    if (!json_is_number(v))
        return fail(r, key, "must be a number");
    *has = true;
    *out = json_number_value(v);
    return 0;
}

/* A reference to another object by ref: absent or null gives -1 unless required. */
static int get_link(struct rd *r, json_t *o, const char *key, const struct strmap *m,
                    const char *kind, bool required, long *out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required)
            return fail(r, key, "is required (a %s ref)", kind);
        *out = -1;
        return 0;
    }
    if (!json_is_string(v))
        return fail(r, key, "must be a %s ref (a string)", kind);
    *out = plan_find(m, json_string_value(v));
    if (*out < 0)
        return fail(r, key, "no %s with ref \"%s\"", kind, TEXT_CLIP(json_string_value(v), 64));
    return 0;
}

/* A list of refs into `links`. */
static int get_links(struct rd *r, json_t *o, const char *key, const struct strmap *m,
                     const char *kind, struct p_links *links)
{
    links_clear(links);
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v))
        return fail(r, key, "must be a list of %s refs", kind);
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        long ix = json_is_string(e) ? plan_find(m, json_string_value(e)) : -1;
        if (ix < 0) {
            char f[64];
            snprintf(f, sizeof f, "%s[%zu]", key, i);
            return json_is_string(e) ? fail(r, f, "no %s with ref \"%s\"", kind,
                                            TEXT_CLIP(json_string_value(e), 64))
                                     : fail(r, f, "must be a %s ref (a string)", kind);
        }
        links_add(links, ix);
    }
    return 0;
}

/* Iterates the array `key` of the document, setting the path per element. */
static json_t *section(struct rd *r, json_t *doc, const char *key)
{
    json_t *a = json_object_get(doc, key);
    snprintf(r->path, sizeof r->path, "%s", key);
    if (a && !json_is_array(a)) {
        fail(r, NULL, "must be a list");
        return NULL;
    }
    return a;
}

static int element(struct rd *r, const char *key, size_t i, json_t *e)
{
    snprintf(r->path, sizeof r->path, "%s[%zu]", key, i);
    if (!json_is_object(e))
        return fail(r, NULL, "must be an object");
    return 0;
}

/* ---- sections ------------------------------------------------------------------------ */

static int read_org(struct rd *r, json_t *doc)
{
    static const char *const keys[] = {"name", "slug", "timezone", "rating_scale", NULL};
    json_t *o = json_object_get(doc, "organisation");
    snprintf(r->path, sizeof r->path, "organisation");
    if (!o)
        return r->p->org.stored ? 0 : fail(r, NULL, "is required");
    if (!json_is_object(o))
        return fail(r, NULL, "must be an object");
    if (check_keys(r, o, keys) || get_str(r, o, "name", true, NULL, &r->p->org.name) ||
        get_str(r, o, "timezone", false, "Europe/London", &r->p->org.timezone))
        return -1;
    json_t *slug = json_object_get(o, "slug");
    if (slug && (!json_is_string(slug) || !ref_valid(json_string_value(slug))))
        return fail(r, "slug", "must be 1-64 letters, digits, '.', '_' or '-'");
    if (slug)
        plan_set_str(&r->p->org.slug, json_string_value(slug));
    else if (!r->p->org.slug)
        plan_set_str(&r->p->org.slug, "organisation");
    json_t *sc = json_object_get(o, "rating_scale");
    if (sc) {
        const struct scale *s = json_is_string(sc) ? scale_find(json_string_value(sc)) : NULL;
        if (!s)
            return fail(r, "rating_scale", "must be \"confidence3\" or \"dca5\"");
        if (r->p->org.scale && r->p->org.scale != s && r->p->n_updates > 0)
            return fail(r, "rating_scale",
                        "is \"%s\" in this database, which already holds ratings",
                        r->p->org.scale->name);
        r->p->org.scale = s;
    } else if (!r->p->org.scale) {
        r->p->org.scale = scale_find("confidence3");
    }
    return 0;
}

static int read_people(struct rd *r, json_t *doc)
{
    static const char *const keys[] = {"ref", "name", "role", "kind", NULL};
    static const char *const kinds[] = {"officer", "member", "panel", "external", NULL};
    json_t *a = section(r, doc, "people"), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        const char *ref;
        if (element(r, "people", i, e) || check_keys(r, e, keys) || get_ref(r, e, &ref) ||
            first_time(r, "person", ref, "ref"))
            return -1;
        long ix = plan_find(&r->p->m_people, ref);
        size_t k = ix >= 0 ? (size_t)ix : plan_add_person(r->p, ref);
        struct p_person *x = &r->p->people[k];
        if (get_str(r, e, "name", true, NULL, &x->name) ||
            get_str(r, e, "role", false, "", &x->role) ||
            get_enum(r, e, "kind", kinds, "officer", &x->kind))
            return -1;
    }
    return r->failed ? -1 : 0;
}

static int read_recs(struct rd *r, json_t *rev, long review)
{
    static const char *const keys[] = {"ref", "text", NULL};
    json_t *a = json_object_get(rev, "recommendations"), *e;
    if (a && !json_is_array(a))
        return fail(r, "recommendations", "must be a list");
    char base[64];
    snprintf(base, sizeof base, "%.63s", r->path);
    size_t i;
    json_array_foreach(a, i, e)
    {
        const char *ref;
        snprintf(r->path, sizeof r->path, "%.63s.recommendations[%zu]", base, i);
        if (!json_is_object(e))
            return fail(r, NULL, "must be an object");
        if (check_keys(r, e, keys) || get_ref(r, e, &ref) ||
            first_time(r, "recommendation", ref, "ref"))
            return -1;
        long ix = plan_find(&r->p->m_recs, ref);
        size_t k = ix >= 0 ? (size_t)ix : plan_add_rec(r->p, ref);
        struct p_recommendation *x = &r->p->recs[k];
        x->review = review;
        if (get_str(r, e, "text", true, NULL, &x->text))
            return -1;
    }
    return 0;
}

static int read_reviews(struct rd *r, json_t *doc)
{
    static const char *const keys[] = {"ref", "title",           "author", "published_on",
                                       "url", "recommendations", NULL};
    json_t *a = section(r, doc, "reviews"), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        const char *ref;
        if (element(r, "reviews", i, e) || check_keys(r, e, keys) || get_ref(r, e, &ref) ||
            first_time(r, "review", ref, "ref"))
            return -1;
        long ix = plan_find(&r->p->m_reviews, ref);
        if (ix < 0)
            ix = (long)plan_add_review(r->p, ref);
        struct p_review *x = &r->p->reviews[ix];
        if (get_str(r, e, "title", true, NULL, &x->title) ||
            get_str(r, e, "author", false, "", &x->author) ||
            get_date(r, e, "published_on", false, &x->published_on) ||
            get_str(r, e, "url", false, NULL, &x->url) || read_recs(r, e, ix))
            return -1;
    }
    return r->failed ? -1 : 0;
}

static int read_versions(struct rd *r, json_t *doc)
{
    static const char *const keys[] = {"number",       "title",         "status", "approved_on",
                                       "approval_ref", "signed_off_on", NULL};
    static const char *const states[] = {"draft",      "submitted",  "approved",
                                         "signed_off", "superseded", NULL};
    json_t *a = section(r, doc, "versions"), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        long number;
        char key[24];
        if (element(r, "versions", i, e) || check_keys(r, e, keys))
            return -1;
        if (!json_is_integer(json_object_get(e, "number")))
            return fail(r, "number", "is required (a whole number from 1)");
        if (get_int(r, e, "number", 1, 1000000, 1, &number))
            return -1;
        snprintf(key, sizeof key, "%ld", number);
        if (first_time(r, "version", key, "number"))
            return -1;
        long ix = plan_find_version(r->p, (int)number);
        size_t k = ix >= 0 ? (size_t)ix : plan_add_version(r->p, (int)number);
        struct p_version *x = &r->p->versions[k];
        if (get_str(r, e, "title", true, NULL, &x->title) ||
            get_enum(r, e, "status", states, "draft", &x->status) ||
            get_date(r, e, "approved_on", false, &x->approved_on) ||
            get_str(r, e, "approval_ref", false, NULL, &x->approval_ref) ||
            get_date(r, e, "signed_off_on", false, &x->signed_off_on))
            return -1;
    }
    return r->failed ? -1 : 0;
}

static int read_themes(struct rd *r, json_t *doc)
{
    static const char *const keys[] = {"ref", "title", "lead", NULL};
    json_t *a = section(r, doc, "themes"), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        const char *ref;
        if (element(r, "themes", i, e) || check_keys(r, e, keys) || get_ref(r, e, &ref) ||
            first_time(r, "theme", ref, "ref"))
            return -1;
        long ix = plan_find(&r->p->m_themes, ref);
        size_t k = ix >= 0 ? (size_t)ix : plan_add_theme(r->p, ref);
        struct p_theme *x = &r->p->themes[k];
        if (get_str(r, e, "title", true, NULL, &x->title) ||
            get_link(r, e, "lead", &r->p->m_people, "person", false, &x->lead))
            return -1;
    }
    return r->failed ? -1 : 0;
}

static const char *const action_keys[] = {
    "ref",    "theme",        "title",   "description", "owner",
    "member", "panel_lead",   "start",   "finish",      "baseline_finish",
    "status", "completed_on", "answers", "depends_on",  "closure_criteria",
    NULL};

/* Actions take two passes: all refs first, since depends_on may point forward. */
static int read_actions(struct rd *r, json_t *doc)
{
    json_t *a = section(r, doc, "actions"), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        const char *ref;
        if (element(r, "actions", i, e) || check_keys(r, e, action_keys) || get_ref(r, e, &ref) ||
            first_time(r, "action", ref, "ref"))
            return -1;
        if (plan_find(&r->p->m_actions, ref) < 0)
            plan_add_action(r->p, ref);
    }
    json_array_foreach(a, i, e)
    {
        snprintf(r->path, sizeof r->path, "actions[%zu]", i);
        struct p_action *x = &r->p->actions[plan_find(
            &r->p->m_actions, json_string_value(json_object_get(e, "ref")))];
        if (get_link(r, e, "theme", &r->p->m_themes, "theme", true, &x->theme) ||
            get_str(r, e, "title", true, NULL, &x->title) ||
            get_str(r, e, "description", false, "", &x->description) ||
            get_link(r, e, "owner", &r->p->m_people, "person", false, &x->owner) ||
            get_link(r, e, "member", &r->p->m_people, "person", false, &x->member) ||
            get_link(r, e, "panel_lead", &r->p->m_people, "person", false, &x->panel_lead) ||
            get_date(r, e, "start", true, &x->start) ||
            get_date(r, e, "finish", true, &x->finish) ||
            get_date(r, e, "baseline_finish", false, &x->baseline_finish) ||
            get_status(r, e, "status", &x->status) ||
            get_date(r, e, "completed_on", false, &x->completed_on) ||
            get_links(r, e, "answers", &r->p->m_recs, "recommendation", &x->answers) ||
            get_links(r, e, "depends_on", &r->p->m_actions, "action", &x->depends_on) ||
            get_str(r, e, "closure_criteria", false, "", &x->closure_criteria))
            return -1;
        if (!json_object_get(e, "baseline_finish"))
            x->baseline_finish = x->finish; /* a new action's baseline is its plan */
        x->src_index = (long)i;
    }
    return r->failed ? -1 : 0;
}

static int read_milestones(struct rd *r, json_t *doc)
{
    static const char *const keys[] = {"ref",          "action",      "title",  "due",
                                       "baseline_due", "achieved_on", "public", NULL};
    json_t *a = section(r, doc, "milestones"), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        const char *ref;
        if (element(r, "milestones", i, e) || check_keys(r, e, keys) || get_ref(r, e, &ref) ||
            first_time(r, "milestone", ref, "ref"))
            return -1;
        long ix = plan_find(&r->p->m_milestones, ref);
        size_t k = ix >= 0 ? (size_t)ix : plan_add_milestone(r->p, ref);
        struct p_milestone *x = &r->p->milestones[k];
        if (get_link(r, e, "action", &r->p->m_actions, "action", false, &x->action) ||
            get_str(r, e, "title", true, NULL, &x->title) || get_date(r, e, "due", true, &x->due) ||
            get_date(r, e, "baseline_due", false, &x->baseline_due) ||
            get_date(r, e, "achieved_on", false, &x->achieved_on))
            return -1;
        if (!json_object_get(e, "baseline_due"))
            x->baseline_due = x->due;
        json_t *pub = json_object_get(e, "public");
        if (pub && !json_is_boolean(pub))
            return fail(r, "public", "must be true or false");
        x->public = !pub || json_is_true(pub);
    }
    return r->failed ? -1 : 0;
}

static int read_periods(struct rd *r, json_t *doc)
{
    static const char *const keys[] = {"month", "status", "signed_off_on", "signed_off_by", NULL};
    static const char *const states[] = {"open", "closed", "signed_off", NULL};
    json_t *a = section(r, doc, "periods"), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        int month;
        if (element(r, "periods", i, e) || check_keys(r, e, keys))
            return -1;
        json_t *m = json_object_get(e, "month");
        if (!m || json_is_null(m))
            return fail(r, "month", "is required (a month YYYY-MM)");
        if (!json_is_string(m) || !month_parse(json_string_value(m), &month))
            return fail(r, "month", "must be a month YYYY-MM");
        if (first_time(r, "period", json_string_value(m), "month"))
            return -1;
        long ix = plan_find_period(r->p, month);
        size_t k = ix >= 0 ? (size_t)ix : plan_add_period(r->p, month);
        struct p_period *x = &r->p->periods[k];
        if (get_enum(r, e, "status", states, "open", &x->status) ||
            get_date(r, e, "signed_off_on", false, &x->signed_off_on) ||
            get_link(r, e, "signed_off_by", &r->p->m_people, "person", false, &x->signed_off_by))
            return -1;
    }
    return r->failed ? -1 : 0;
}

/* One element of "updates". */
static int read_update(struct rd *r, size_t i, json_t *e)
{
    static const char *const keys[] = {"action",  "period",     "state",     "status",
                                       "percent", "confidence", "narrative", "forecast_finish",
                                       "author",  NULL};
    static const char *const states[] = {"draft", "submitted", "accepted", "returned", NULL};
    long action, percent;
    int month;
    if (element(r, "updates", i, e) || check_keys(r, e, keys) ||
        get_link(r, e, "action", &r->p->m_actions, "action", true, &action))
        return -1;
    json_t *m = json_object_get(e, "period");
    if (!m || json_is_null(m))
        return fail(r, "period", "is required (a month YYYY-MM)");
    if (!json_is_string(m) || !month_parse(json_string_value(m), &month))
        return fail(r, "period", "must be a month YYYY-MM");
    long period = plan_find_period(r->p, month);
    if (period < 0)
        return fail(r, "period", "month %s is not in periods", json_string_value(m));
    char key[160];
    snprintf(key, sizeof key, "%s@%s", r->p->actions[action].ref, json_string_value(m));
    if (first_time(r, "update", key, "period"))
        return -1;
    long ix = plan_find_update(r->p, action, period);
    size_t k = ix >= 0 ? (size_t)ix : plan_add_update(r->p, action, period);
    struct p_update *x = &r->p->updates[k];
    if (get_enum(r, e, "state", states, "draft", &x->state) ||
        get_status(r, e, "status", &x->status) || get_int(r, e, "percent", 0, 100, 0, &percent) ||
        get_str(r, e, "narrative", false, "", &x->narrative) ||
        get_date(r, e, "forecast_finish", false, &x->forecast_finish) ||
        get_link(r, e, "author", &r->p->m_people, "person", false, &x->author))
        return -1;
    x->percent = (int)percent;
    json_t *c = json_object_get(e, "confidence");
    x->confidence = -1;
    if (c && !json_is_null(c)) {
        x->confidence = json_is_string(c) ? scale_level(r->p->org.scale, json_string_value(c)) : -1;
        if (x->confidence < 0) {
            char levels[128];
            scale_describe(r->p->org.scale, levels, sizeof levels);
            return fail(r, "confidence", "\"%s\" is not a level of the %s scale (%s)",
                        TEXT_CLIP(json_is_string(c) ? json_string_value(c) : "?", 32),
                        r->p->org.scale->name, levels);
        }
    }
    return 0;
}

/* read_update() for an element the parsing thread found plain: the lookups
 * and the duplicate check only.  Returns 0, or 1 when anything needs
 * read_update()'s closer look (which then says what is wrong); nothing has
 * been changed then. */
static int read_update_fast(struct rd *r, struct pre_update *u)
{
    struct plan *p = r->p;
    long action = plan_find(&p->m_actions, u->action);
    int month;
    if (action < 0 || !month_parse(u->period, &month))
        return 1;
    long period = plan_find_period(p, month);
    long author = u->has_author ? plan_find(&p->m_people, u->author) : -1;
    int level = u->has_confidence ? scale_level(p->org.scale, u->confidence) : -1;
    if (period < 0 || (u->has_author && author < 0) || (u->has_confidence && level < 0))
        return 1;
    /* read_update()'s first_time() key; a duplicate is left to it to refuse */
    const char *ref = p->actions[action].ref;
    char key[64 + 1 + sizeof u->period];
    if (strlen(ref) > 64)
        return 1;
    snprintf(key, sizeof key, "%s@%s", ref, u->period);
    if (!seen_add(r, "update", key))
        return 1;
    long ix = plan_find_update(p, action, period);
    size_t at = ix >= 0 ? (size_t)ix : plan_add_update(p, action, period);
    struct p_update *x = &p->updates[at];
    plan_set_str(&x->state, plan_prep_states[u->state]);
    x->status = (enum action_status)u->status;
    x->percent = u->percent;
    free(x->narrative);
    x->narrative = u->narrative; /* taken from the prep */
    u->narrative = NULL;
    x->forecast_finish = u->forecast;
    x->author = author;
    x->confidence = level;
    return 0;
}

static int read_updates(struct rd *r, json_t *doc)
{
    if (r->lazy) {
        snprintf(r->path, sizeof r->path, "updates");
        for (size_t i = 0; i < r->lazy->n; i++) {
            struct pre_update *u = plan_prep_get(r->lazy->prep, i);
            if (u->clean && read_update_fast(r, u) == 0)
                continue;
            const struct span *sp = &r->lazy->elems[i];
            json_t *e = json_loadb(r->lazy->data + sp->off, sp->len,
                                   JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
            if (!e) { /* the caller reports jansson's message for the whole text */
                snprintf(r->path, sizeof r->path, "updates[%zu]", i);
                return fail(r, NULL, "is not valid JSON");
            }
            int rc = read_update(r, i, e);
            json_decref(e);
            if (rc)
                return -1;
        }
        return r->failed ? -1 : 0;
    }
    json_t *a = section(r, doc, "updates"), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        if (read_update(r, i, e))
            return -1;
    }
    return r->failed ? -1 : 0;
}

static int read_measures(struct rd *r, json_t *doc)
{
    static const char *const keys[] = {"ref",           "title",         "unit",    "direction",
                                       "baseline",      "baseline_date", "target",  "target_date",
                                       "tolerance_pct", "theme",         "actions", NULL};
    static const char *const dirs[] = {"up", "down", NULL};
    json_t *a = section(r, doc, "measures"), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        const char *ref;
        char *dir = NULL;
        if (element(r, "measures", i, e) || check_keys(r, e, keys) || get_ref(r, e, &ref) ||
            first_time(r, "measure", ref, "ref"))
            return -1;
        long ix = plan_find(&r->p->m_measures, ref);
        size_t k = ix >= 0 ? (size_t)ix : plan_add_measure(r->p, ref);
        struct p_measure *x = &r->p->measures[k];
        if (get_str(r, e, "title", true, NULL, &x->title) ||
            get_str(r, e, "unit", false, "", &x->unit) ||
            get_enum(r, e, "direction", dirs, NULL, &dir))
            return -1;
        x->up = strcmp(dir, "up") == 0;
        free(dir);
        if (get_real(r, e, "baseline", false, &x->has_baseline, &x->baseline) ||
            get_date(r, e, "baseline_date", false, &x->baseline_date) ||
            get_real(r, e, "target", false, &x->has_target, &x->target) ||
            get_date(r, e, "target_date", false, &x->target_date) ||
            get_int(r, e, "tolerance_pct", 0, 1000, 0, &x->tolerance_pct) ||
            get_link(r, e, "theme", &r->p->m_themes, "theme", false, &x->theme) ||
            get_links(r, e, "actions", &r->p->m_actions, "action", &x->actions))
            return -1;
    }
    return r->failed ? -1 : 0;
}

static int read_values(struct rd *r, json_t *doc)
{
    static const char *const keys[] = {"measure", "date", "value", NULL};
    json_t *a = section(r, doc, "measure_values"), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        long measure;
        day_t date;
        bool has;
        double value;
        if (element(r, "measure_values", i, e) || check_keys(r, e, keys) ||
            get_link(r, e, "measure", &r->p->m_measures, "measure", true, &measure) ||
            get_date(r, e, "date", true, &date) || get_real(r, e, "value", true, &has, &value))
            return -1;
        char key[160], ds[DATE_LEN];
        date_format(date, ds);
        snprintf(key, sizeof key, "%s@%s", r->p->measures[measure].ref, ds);
        if (first_time(r, "measure value", key, "date"))
            return -1;
        long ix = plan_find_value(r->p, measure, date);
        size_t k = ix >= 0 ? (size_t)ix : plan_add_value(r->p, measure, date);
        r->p->values[k].value = value;
    }
    return r->failed ? -1 : 0;
}

/* plan_read_json(), with the updates in `lazy` (NULL: in doc). */
static int read_doc(struct plan *p, json_t *doc, const struct lazy *lazy, char *err, size_t errlen)
{
    static const char *const keys[] = {"format",   "organisation", "people",     "reviews",
                                       "versions", "themes",       "actions",    "milestones",
                                       "periods",  "updates",      "measures",   "measure_values",
                                       "panel",    "meetings",     "engagement", "agreements",
                                       "expenses", "corrections",  NULL};
    struct rd r = {.p = p, .err = err, .errlen = errlen, .lazy = lazy};
    if (!json_is_object(doc)) {
        snprintf(err, errlen, "the document must be a JSON object");
        return -1;
    }
    json_t *f = json_object_get(doc, "format");
    if (!json_is_string(f) || strcmp(json_string_value(f), PLAN_FORMAT) != 0) {
        snprintf(err, errlen, "format: must be \"%s\"", PLAN_FORMAT);
        return -1;
    }
    int rc = check_keys(&r, doc, keys) || read_org(&r, doc) || read_people(&r, doc) ||
                     read_reviews(&r, doc) || read_versions(&r, doc) || read_themes(&r, doc) ||
                     read_actions(&r, doc) || read_milestones(&r, doc) || read_periods(&r, doc) ||
                     read_updates(&r, doc) || read_measures(&r, doc) || read_values(&r, doc) ||
                     panel_read_json(p, doc, err, errlen) || money_read_json(p, doc, err, errlen) ||
                     engagement_read_json(p, doc, err, errlen) ||
                     correction_read_json(p, doc, err, errlen)
                 ? -1
                 : 0;
    strmap_free(&r.seen);
    return rc;
}

int plan_read_json(struct plan *p, json_t *doc, char *err, size_t errlen)
{
    return read_doc(p, doc, NULL, err, errlen);
}

/* ---- reading from text --------------------------------------------------------------
 *
 * jansson's tree of a whole document is about five times its text, and the
 * "updates" section is most of a large plan.  So the text is split first:
 * every top-level value but "updates" is parsed as before, the updates are
 * kept as the spans of their elements and parsed one at a time as they are
 * read.  The split only finds boundaries (strings skipped, brackets counted);
 * jansson still judges every byte, each value with the flags used for the
 * whole document, so the text is accepted exactly when the whole of it would
 * be.  Anything out of the ordinary (another shape, duplicate or odd keys,
 * deep nesting) takes the whole-document path, and so does the message of
 * any failure: a syntax error anywhere is reported, with jansson's line and
 * column, before any problem of content, as it always was. */

static size_t skip_ws(const char *d, size_t i, size_t n)
{
    while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
        i++;
    return i;
}

/* One past the end of the value starting at d[i], or 0 if the text ends
 * first or nests deeper than jansson would ever be asked to go here. */
static size_t value_end(const char *d, size_t i, size_t n)
{
    if (i >= n)
        return 0;
    if (d[i] != '{' && d[i] != '[' && d[i] != '"') { /* a number or a literal */
        size_t j = i;
        while (j < n && d[j] != ',' && d[j] != '}' && d[j] != ']' && d[j] != ' ' && d[j] != '\t' &&
               d[j] != '\n' && d[j] != '\r')
            j++;
        return j > i ? j : 0;
    }
    int depth = 0;
    for (size_t j = i; j < n; j++) {
        char c = d[j];
        if (c == '"') {
            for (j++; j < n && d[j] != '"'; j++)
                if (d[j] == '\\')
                    j++;
            if (j >= n)
                return 0;
            if (depth == 0)
                return j + 1;
        } else if (c == '{' || c == '[') {
            if (++depth > 32)
                return 0;
        } else if (c == '}' || c == ']') {
            if (--depth <= 0)
                return depth == 0 ? j + 1 : 0;
        }
    }
    return 0;
}

static json_t *parse_span(const char *d, size_t off, size_t end)
{
    return json_loadb(d + off, end - off, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
}

/* Splits the array at d[i] (a '[') into lz.  Returns false if unusual. */
static bool split_array(const char *d, size_t i, size_t n, struct lazy *lz)
{
    size_t cap = 0;
    i = skip_ws(d, i + 1, n);
    if (i < n && d[i] == ']')
        return true;
    for (;;) {
        size_t end = value_end(d, i, n);
        if (!end)
            return false;
        lz->elems = xgrow(lz->elems, lz->n, &cap, sizeof *lz->elems);
        lz->elems[lz->n++] = (struct span){i, end - i};
        i = skip_ws(d, end, n);
        if (i < n && d[i] == ']')
            return true;
        if (i >= n || d[i] != ',')
            return false;
        i = skip_ws(d, i + 1, n);
    }
}

/* One top-level member other than "updates", found by the scan. */
struct member {
    json_t *key; /* owned */
    size_t off, end;
};

/* Scans the top level of the text: each member's key and the span of its
 * value into m (at most `cap`), the elements of "updates" into lz.  Returns
 * the number of members, or -1 when the text should be parsed whole. */
static long scan_doc(const char *d, size_t n, struct member *m, size_t cap, struct lazy *lz,
                     bool *lazy_updates)
{
    size_t i = skip_ws(d, 0, n), nm = 0;
    if (i >= n || d[i] != '{')
        return -1;
    i = skip_ws(d, i + 1, n);
    for (;;) {
        if (i >= n || d[i] != '"')
            return -1;
        size_t kend = value_end(d, i, n);
        json_t *k = kend ? parse_span(d, i, kend) : NULL;
        const char *key = json_string_value(k);
        bool ok = key && strlen(key) == json_string_length(k) &&
                  !(*lazy_updates && strcmp(key, "updates") == 0);
        for (size_t j = 0; ok && j < nm; j++)
            ok = strcmp(json_string_value(m[j].key), key) != 0;
        i = ok ? skip_ws(d, kend, n) : n;
        if (i < n && d[i] == ':')
            i = skip_ws(d, i + 1, n);
        else
            ok = false;
        size_t vend = ok ? value_end(d, i, n) : 0;
        if (vend && strcmp(key, "updates") == 0 && d[i] == '[') {
            *lazy_updates = true;
            ok = split_array(d, i, n, lz);
            json_decref(k);
        } else if (vend && nm < cap) {
            m[nm++] = (struct member){k, i, vend};
        } else {
            json_decref(k);
            ok = false;
        }
        if (!ok)
            return -1;
        i = skip_ws(d, vend, n);
        if (i < n && d[i] == '}')
            return skip_ws(d, i + 1, n) == n ? (long)nm : -1;
        if (i >= n || d[i] != ',')
            return -1;
        i = skip_ws(d, i + 1, n);
    }
}

/* Builds doc from the text, "updates" going to lz, whose elements a second
 * thread starts parsing as soon as they are found, while this one parses
 * the other members.  Returns false when the text should be parsed whole
 * (doc and lz are then to be freed). */
static bool split_doc(const char *d, size_t n, json_t *doc, struct lazy *lz, bool *lazy_updates)
{
    struct member m[32] = {0};
    long nm = scan_doc(d, n, m, sizeof m / sizeof m[0], lz, lazy_updates);
    if (nm < 0) {
        for (size_t j = 0; j < sizeof m / sizeof m[0] && m[j].key; j++)
            json_decref(m[j].key);
        return false;
    }
    if (*lazy_updates)
        lz->prep = plan_prep_start(d, lz->elems, lz->n);
    bool ok = true;
    for (long j = 0; j < nm; j++) {
        json_t *v = ok ? parse_span(d, m[j].off, m[j].end) : NULL;
        ok = v && json_object_set_new(doc, json_string_value(m[j].key), v) == 0;
        json_decref(m[j].key);
    }
    if (!ok) { /* the whole text is parsed instead: the updates' parse is wasted */
        plan_prep_stop(lz->prep);
        lz->prep = NULL;
    }
    return ok;
}

void plan_json_syntax_message(const char *name, const json_error_t *je, char *err, size_t errlen)
{
    text_printf(err, errlen, "%s%s%d:%d: %s", name ? name : "", name ? ":" : "", je->line,
                je->column, je->text);
}

int plan_read_json_text(struct plan *p, const char *data, size_t len, json_error_t *je, char *err,
                        size_t errlen)
{
    json_t *doc = json_object();
    struct lazy lz = {.data = data};
    bool lazy_updates = false;
    int rc;
    if (split_doc(data, len, doc, &lz, &lazy_updates)) {
        rc = read_doc(p, doc, lazy_updates ? &lz : NULL, err, errlen);
        json_decref(doc);
        doc = NULL;
        if (rc) { /* a syntax error anywhere comes before this one */
            doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, je);
            if (!doc)
                rc = -2;
        }
    } else {
        json_decref(doc);
        doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, je);
        rc = doc ? plan_read_json(p, doc, err, errlen) : -2;
    }
    json_decref(doc);
    plan_prep_stop(lz.prep);
    free(lz.elems);
    return rc;
}

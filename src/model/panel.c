/* panel.c — the panel and meetings sections of the interchange: checked,
 * normalised, merged, stored through the ledger and loaded back. */
#include "model/panel.h"
#include "lib/natcmp.h"
#include "lib/text.h"
#include "model/ledger.h"
#include "model/section_json.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The state of one check: the first problem, with its JSON path. */
struct chk {
    const struct plan *p;
    char *err;
    size_t errlen;
    char path[160];
    bool failed;
};

static int fail(struct chk *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first problem as "path.field: message"; returns -1. */
static int fail(struct chk *c, const char *field, const char *fmt, ...)
{
    if (c->failed)
        return -1;
    c->failed = true;
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    text_vprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    text_printf(c->err, c->errlen, "%s%s%s: %s", c->path, field ? "." : "", field ? field : "",
                msg);
    return -1;
}

/* Refuses keys not in `allowed` (NULL-terminated). */
static int keys_ok(struct chk *c, json_t *o, const char *const *allowed)
{
    const char *key;
    json_t *v;
    if (!json_is_object(o))
        return fail(c, NULL, "must be an object");
    json_object_foreach(o, key, v)
    {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], key) != 0)
            i++;
        if (!allowed[i])
            return fail(c, key, "unknown field");
    }
    return 0;
}

/* Copies string field `key` of `in` into `out` (def when absent or null and
 * not required; null stays null when nullable).  Returns 0 or -1. */
static int str(struct chk *c, json_t *in, json_t *out, const char *key, bool required,
               bool nullable, const char *def)
{
    json_t *v = json_object_get(in, key);
    if (!v || json_is_null(v)) {
        if (required)
            return fail(c, key, "is required");
        json_object_set_new(out, key, nullable && !def ? json_null() : json_string(def ? def : ""));
        return 0;
    }
    if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
        return fail(c, key, "must be a string");
    if (required && json_string_length(v) == 0)
        return fail(c, key, "must not be empty");
    json_object_set_new(out, key, json_string(json_string_value(v)));
    return 0;
}

/* A string field that must be one of `allowed` (def when absent). */
static int enm(struct chk *c, json_t *in, json_t *out, const char *key, const char *const *allowed,
               const char *def)
{
    if (str(c, in, out, key, false, false, def))
        return -1;
    const char *v = json_string_value(json_object_get(out, key));
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(allowed[i], v) == 0)
            return 0;
    return fail(c, key, "must be one of the allowed values, not \"%s\"", TEXT_CLIP(v, 40));
}

/* A nullable date "YYYY-MM-DD". */
static int date(struct chk *c, json_t *in, json_t *out, const char *key, bool required)
{
    if (str(c, in, out, key, required, true, NULL))
        return -1;
    json_t *v = json_object_get(out, key);
    day_t d;
    if (json_is_string(v) && !date_parse(json_string_value(v), &d))
        return fail(c, key, "must be a date YYYY-MM-DD");
    return 0;
}

bool panel_time_valid(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!s || strlen(s) != 20)
        return false;
    const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!end || *end)
        return false;
    char back[21];
    time_t t = timegm(&tm);
    struct tm again;
    gmtime_r(&t, &again);
    strftime(back, sizeof back, "%Y-%m-%dT%H:%M:%SZ", &again);
    return strcmp(back, s) == 0; /* refuses 2015-02-30 and the like */
}

/* A nullable UTC time. */
static int utc(struct chk *c, json_t *in, json_t *out, const char *key, bool required)
{
    if (str(c, in, out, key, required, true, NULL))
        return -1;
    json_t *v = json_object_get(out, key);
    if (json_is_string(v) && !panel_time_valid(json_string_value(v)))
        return fail(c, key, "must be a UTC time YYYY-MM-DDTHH:MM:SSZ");
    return 0;
}

/* A nullable integer in [min, max]; def when absent (LONG_MIN: null). */
static int num(struct chk *c, json_t *in, json_t *out, const char *key, long min, long max,
               bool nullable, long def)
{
    json_t *v = json_object_get(in, key);
    if (!v || json_is_null(v)) {
        if (!v || nullable) {
            json_object_set_new(out, key,
                                nullable && (!v || def < min) ? json_null() : json_integer(def));
            return 0;
        }
        return fail(c, key, "must not be null");
    }
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return fail(c, key, "must be a whole number from %ld to %ld", min, max);
    json_object_set_new(out, key, json_integer(json_integer_value(v)));
    return 0;
}

/* A boolean (def when absent). */
static int boolean(struct chk *c, json_t *in, json_t *out, const char *key, bool def)
{
    json_t *v = json_object_get(in, key);
    if (v && !json_is_boolean(v))
        return fail(c, key, "must be true or false");
    json_object_set_new(out, key, json_boolean(v ? json_is_true(v) : def));
    return 0;
}

/* A reference (nullable unless required) that must name an object of map. */
static int link(struct chk *c, json_t *in, json_t *out, const char *key, const struct strmap *m,
                const char *what, bool required)
{
    if (str(c, in, out, key, required, true, NULL))
        return -1;
    json_t *v = json_object_get(out, key);
    if (json_is_string(v) && plan_find(m, json_string_value(v)) < 0)
        return fail(c, key, "no %s has ref \"%s\"", what, TEXT_CLIP(json_string_value(v), 64));
    return 0;
}

/* The array `key` of in (absent: empty), each element checked by `one`
 * into a new array set on out. */
static int list(struct chk *c, json_t *in, json_t *out, const char *key,
                json_t *(*one)(struct chk *c, json_t *e))
{
    json_t *a = json_object_get(in, key), *res = json_array(), *e;
    json_object_set_new(out, key, res);
    if (!a)
        return 0;
    if (!json_is_array(a))
        return fail(c, key, "must be an array");
    size_t len = strlen(c->path), i;
    json_array_foreach(a, i, e)
    {
        snprintf(c->path + len, sizeof c->path - len, ".%s[%zu]", key, i);
        json_t *x = one(c, e);
        if (!x)
            return -1;
        json_array_append_new(res, x);
    }
    c->path[len] = '\0';
    return 0;
}

/* Checks a ref field and copies it. */
static int ref(struct chk *c, json_t *in, json_t *out)
{
    json_t *v = json_object_get(in, "ref");
    if (!json_is_string(v) || !ref_valid(json_string_value(v)))
        return fail(c, "ref", "must be 1-64 letters, digits, '.', '_' or '-'");
    json_object_set_new(out, "ref", json_string(json_string_value(v)));
    return 0;
}

/* Frees x and returns NULL when the check failed, else x. */
static json_t *done(struct chk *c, json_t *x, int rc)
{
    if (rc || c->failed) {
        json_decref(x);
        return NULL;
    }
    return x;
}

/* ---- panel ------------------------------------------------------------------------- */

static json_t *lead_one(struct chk *c, json_t *e)
{
    static const char *const keys[] = {"kind", "ref", NULL};
    static const char *const kinds[] = {"theme", "action", "recommendation", NULL};
    json_t *x = json_object();
    int rc = keys_ok(c, e, keys) || enm(c, e, x, "kind", kinds, "theme") ||
             str(c, e, x, "ref", true, false, NULL);
    if (!rc) {
        const char *k = json_string_value(json_object_get(x, "kind"));
        const struct strmap *m = k[0] == 't'   ? &c->p->m_themes
                                 : k[0] == 'a' ? &c->p->m_actions
                                               : &c->p->m_recs;
        const char *r = json_string_value(json_object_get(x, "ref"));
        if (plan_find(m, r) < 0)
            rc = fail(c, "ref", "no %s has ref \"%s\"", k, TEXT_CLIP(r, 64));
    }
    return done(c, x, rc);
}

static json_t *member_one(struct chk *c, json_t *e)
{
    static const char *const keys[] = {"ref",          "person",   "role",  "appointed_by",
                                       "appointed_on", "ended_on", "leads", NULL};
    static const char *const roles[] = {"chair", "vice_chair", "member", "ex_officio", NULL};
    json_t *x = json_object();
    int rc = keys_ok(c, e, keys) || ref(c, e, x) ||
             link(c, e, x, "person", &c->p->m_people, "person", true) ||
             enm(c, e, x, "role", roles, "member") ||
             str(c, e, x, "appointed_by", false, false, "") ||
             date(c, e, x, "appointed_on", false) || date(c, e, x, "ended_on", false) ||
             list(c, e, x, "leads", lead_one);
    return done(c, x, rc);
}

/* ---- meetings ---------------------------------------------------------------------- */

static json_t *attend_one(struct chk *c, json_t *e)
{
    static const char *const keys[] = {"person", "kind", "presence", NULL};
    static const char *const kinds[] = {"member", "invited", "observer", NULL};
    static const char *const presence[] = {"expected", "present", "apologies", NULL};
    json_t *x = json_object();
    int rc = keys_ok(c, e, keys) || link(c, e, x, "person", &c->p->m_people, "person", true) ||
             enm(c, e, x, "kind", kinds, "member") ||
             enm(c, e, x, "presence", presence, "expected");
    return done(c, x, rc);
}

static json_t *decl_one(struct chk *c, json_t *e)
{
    static const char *const keys[] = {"person", "kind", "nature", NULL};
    static const char *const kinds[] = {"pecuniary", "non_pecuniary", "other", NULL};
    json_t *x = json_object();
    int rc = keys_ok(c, e, keys) || link(c, e, x, "person", &c->p->m_people, "person", true) ||
             enm(c, e, x, "kind", kinds, "other") || str(c, e, x, "nature", true, false, NULL);
    return done(c, x, rc);
}

static json_t *item_one(struct chk *c, json_t *e)
{
    static const char *const keys[] = {"title",   "exempt_paragraph", "exempt_reason", "presenter",
                                       "minutes", "decision",         "declarations",  NULL};
    json_t *x = json_object();
    int rc = keys_ok(c, e, keys) || str(c, e, x, "title", true, false, NULL) ||
             num(c, e, x, "exempt_paragraph", 1, 7, true, 0) ||
             str(c, e, x, "exempt_reason", false, false, "") ||
             str(c, e, x, "presenter", false, false, "") ||
             str(c, e, x, "minutes", false, false, "") ||
             str(c, e, x, "decision", false, false, "") || list(c, e, x, "declarations", decl_one);
    if (!rc && json_is_integer(json_object_get(x, "exempt_paragraph")) &&
        !json_string_length(json_object_get(x, "exempt_reason")))
        rc = fail(c, "exempt_reason", "an exempt item must say why it is exempt");
    return done(c, x, rc);
}

static json_t *action_one(struct chk *c, json_t *e)
{
    static const char *const keys[] = {"ref", "item",   "text",    "owner",
                                       "due", "action", "done_on", NULL};
    json_t *x = json_object();
    int rc = keys_ok(c, e, keys) || ref(c, e, x) || num(c, e, x, "item", 1, 999, true, 0) ||
             str(c, e, x, "text", true, false, NULL) ||
             link(c, e, x, "owner", &c->p->m_people, "person", false) ||
             date(c, e, x, "due", false) ||
             link(c, e, x, "action", &c->p->m_actions, "action", false) ||
             date(c, e, x, "done_on", false);
    return done(c, x, rc);
}

static json_t *correction_one(struct chk *c, json_t *e)
{
    static const char *const keys[] = {"on", "note", NULL};
    json_t *x = json_object();
    int rc =
        keys_ok(c, e, keys) || date(c, e, x, "on", true) || str(c, e, x, "note", true, false, NULL);
    return done(c, x, rc);
}

/* A resident's question (model/question.h), as the backup holds it: every
 * state, with the address, so that nothing is lost in a round trip. */
static json_t *question_one(struct chk *c, json_t *e)
{
    static const char *const keys[] = {"asked_at", "name",   "email",       "question", "state",
                                       "reason",   "answer", "answered_at", NULL};
    static const char *const states[] = {"pending", "accepted", "rejected", NULL};
    json_t *x = json_object();
    int rc = keys_ok(c, e, keys) || utc(c, e, x, "asked_at", true) ||
             str(c, e, x, "name", true, false, NULL) || str(c, e, x, "email", true, false, NULL) ||
             str(c, e, x, "question", true, false, NULL) ||
             enm(c, e, x, "state", states, "pending") || str(c, e, x, "reason", false, false, "") ||
             str(c, e, x, "answer", false, false, "") || utc(c, e, x, "answered_at", false);
    if (!rc && json_string_length(json_object_get(x, "answer")) &&
        !json_is_string(json_object_get(x, "answered_at")))
        rc = fail(c, "answered_at", "an answered question must say when it was answered");
    if (!rc && strcmp(json_string_value(json_object_get(x, "state")), "rejected") == 0 &&
        !json_string_length(json_object_get(x, "reason")))
        rc = fail(c, "reason", "a rejected question must say why");
    return done(c, x, rc);
}

static json_t *meeting_one(struct chk *c, json_t *e)
{
    static const char *const keys[] = {
        "ref",         "kind",  "title",   "starts_at",   "ends_at",   "place",
        "webcast_url", "open",  "status",  "agenda",      "minutes",   "sequence",
        "attendance",  "items", "actions", "corrections", "questions", NULL};
    static const char *const kinds[] = {"monthly", "quarterly_public", "extraordinary", NULL};
    static const char *const statuses[] = {"scheduled", "cancelled", "postponed", NULL};
    static const char *const states[] = {"draft", "published", NULL};
    json_t *x = json_object();
    int rc = keys_ok(c, e, keys) || ref(c, e, x) || enm(c, e, x, "kind", kinds, "monthly") ||
             str(c, e, x, "title", true, false, NULL) || utc(c, e, x, "starts_at", true) ||
             utc(c, e, x, "ends_at", false) || str(c, e, x, "place", false, false, "") ||
             str(c, e, x, "webcast_url", false, true, NULL) || boolean(c, e, x, "open", false) ||
             enm(c, e, x, "status", statuses, "scheduled") ||
             enm(c, e, x, "agenda", states, "draft") || enm(c, e, x, "minutes", states, "draft") ||
             num(c, e, x, "sequence", 0, 1000000, false, 0) ||
             list(c, e, x, "attendance", attend_one) || list(c, e, x, "items", item_one) ||
             list(c, e, x, "actions", action_one) || list(c, e, x, "corrections", correction_one) ||
             list(c, e, x, "questions", question_one);
    if (rc)
        return done(c, x, rc);
    /* residents' questions: in the backup when there are some (panel_load) */
    if (!json_array_size(json_object_get(x, "questions")))
        json_object_del(x, "questions");
    const char *url = json_string_value(json_object_get(x, "webcast_url"));
    if (url && strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
        return done(c, x, fail(c, "webcast_url", "must be an http or https address"));
    const char *from = json_string_value(json_object_get(x, "starts_at"));
    const char *to = json_string_value(json_object_get(x, "ends_at"));
    if (to && strcmp(to, from) < 0)
        return done(c, x, fail(c, "ends_at", "must not be before starts_at"));
    size_t nitems = json_array_size(json_object_get(x, "items")), i;
    json_t *a;
    json_array_foreach(json_object_get(x, "actions"), i, a)
    {
        json_t *it = json_object_get(a, "item");
        if (json_is_integer(it) && (size_t)json_integer_value(it) > nitems)
            return done(c, x,
                        fail(c, "actions",
                             "action %zu names item %lld, which the agenda "
                             "does not have",
                             i, (long long)json_integer_value(it)));
    }
    section_sort(json_object_get(x, "actions"), section_cmp_ref);
    return x;
}

json_t *meeting_normalise(const struct plan *p, json_t *m, const char *path, char *err,
                          size_t errlen)
{
    struct chk c = {.p = p, .err = err, .errlen = errlen};
    snprintf(c.path, sizeof c.path, "%s", path);
    return meeting_one(&c, m);
}

static int cmp_member(const void *a, const void *b)
{
    return section_cmp_ref(a, b);
}

static int cmp_meeting(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int k = strcmp(json_string_value(json_object_get(x, "starts_at")),
                   json_string_value(json_object_get(y, "starts_at")));
    return k ? k : section_cmp_ref(a, b);
}

/* Replaces or adds, by ref, each element of `in` in *into (created when NULL). */
static void merge_by_ref(json_t **into, json_t *in)
{
    if (!*into)
        *into = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(in, i, e)
    {
        const char *r = json_string_value(json_object_get(e, "ref"));
        size_t k, n = json_array_size(*into);
        for (k = 0; k < n; k++)
            if (strcmp(json_string_value(json_object_get(json_array_get(*into, k), "ref")), r) == 0)
                break;
        if (k < n)
            json_array_set(*into, k, e);
        else
            json_array_append(*into, e);
    }
}

/* Refuses a ref that appears twice in one array of objects (`what`). */
static int unique_refs(struct chk *c, json_t *a, const char *what)
{
    for (size_t i = 0; i < json_array_size(a); i++)
        for (size_t k = 0; k < i; k++)
            if (strcmp(json_string_value(json_object_get(json_array_get(a, i), "ref")),
                       json_string_value(json_object_get(json_array_get(a, k), "ref"))) == 0)
                return fail(c, NULL, "duplicate %s \"%s\"", what,
                            json_string_value(json_object_get(json_array_get(a, i), "ref")));
    return 0;
}

int panel_read_json(struct plan *p, json_t *doc, char *err, size_t errlen)
{
    struct chk c = {.p = p, .err = err, .errlen = errlen};
    json_t *panel = json_object_get(doc, "panel"), *meetings = json_object_get(doc, "meetings");
    json_t *members = NULL, *ms = NULL;
    int rc = 0;
    if (panel) {
        static const char *const keys[] = {"remit", "members", NULL};
        snprintf(c.path, sizeof c.path, "panel");
        json_t *x = json_object();
        rc = keys_ok(&c, panel, keys) || str(&c, panel, x, "remit", false, false, "") ||
             list(&c, panel, x, "members", member_one);
        if (!rc) {
            members = json_incref(json_object_get(x, "members"));
            rc = unique_refs(&c, members, "panel member");
        }
        if (!rc) {
            if (!p->panel)
                p->panel = json_pack("{s:s, s:[]}", "remit", "", "members");
            if (json_object_get(panel, "remit"))
                json_object_set(p->panel, "remit", json_object_get(x, "remit"));
            json_t *all = json_incref(json_object_get(p->panel, "members"));
            merge_by_ref(&all, members);
            section_sort(all, cmp_member);
            json_decref(all);
        }
        json_decref(x);
    }
    if (!rc && meetings) {
        snprintf(c.path, sizeof c.path, "meetings");
        if (!json_is_array(meetings)) {
            rc = fail(&c, NULL, "must be an array");
        } else {
            ms = json_array();
            size_t i;
            json_t *e;
            json_array_foreach(meetings, i, e)
            {
                snprintf(c.path, sizeof c.path, "meetings[%zu]", i);
                json_t *x = meeting_one(&c, e);
                if (!x) {
                    rc = -1;
                    break;
                }
                json_array_append_new(ms, x);
            }
            snprintf(c.path, sizeof c.path, "meetings");
            rc = rc || unique_refs(&c, ms, "meeting");
        }
        if (!rc) {
            merge_by_ref(&p->meetings, ms);
            section_sort(p->meetings, cmp_meeting);
            /* actions arising carry refs unique across all meetings */
            json_t *acts = json_array(), *m;
            size_t i, k;
            json_array_foreach(p->meetings, i, m)
            {
                json_t *a;
                json_array_foreach(json_object_get(m, "actions"), k, a) json_array_append(acts, a);
            }
            rc = unique_refs(&c, acts, "action arising");
            json_decref(acts);
        }
    }
    json_decref(members);
    json_decref(ms);
    return rc ? -1 : 0;
}

json_t *panel_section(const struct plan *p)
{
    if (!p->panel || (json_array_size(json_object_get(p->panel, "members")) == 0 &&
                      !json_string_length(json_object_get(p->panel, "remit"))))
        return NULL;
    return json_incref(p->panel);
}

json_t *meetings_section(const struct plan *p)
{
    return p->meetings && json_array_size(p->meetings) ? json_incref(p->meetings) : NULL;
}

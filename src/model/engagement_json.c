/* engagement_json.c — engagement in the plan's interchange (dialturn-plan/1,
 * key "engagement"; see engagement_json.h).
 *
 * An event:
 *   {"ref", "kind", "held_on", "title", "place", "summary", "public",
 *    "participants": [{"name", "kind": "organisation"|"group", "count"|null}],
 *    "feedback": [{"ref", "theme"|null, "said", "status": "received"|"responded",
 *                  "response", "responded_on"|null, "action"|null}]} */
#include "model/engagement_json.h"
#include "lib/date.h"
#include "lib/natcmp.h"
#include "lib/text.h"
#include "model/engagement.h"
#include "model/ledger.h"
#include "model/section_json.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- reading ------------------------------------------------------------------------ */

struct chk {
    const struct plan *p;
    char path[96];
    char *err;
    size_t errlen;
};

/* Writes "PATH.key: message" into err; returns -1. */
__attribute__((format(printf, 3, 4))) static int bad(struct chk *c, const char *key,
                                                     const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(c->err, c->errlen, "%s%s%s: %s", c->path, key ? "." : "", key ? key : "", msg);
    return -1;
}

static int only_keys(struct chk *c, json_t *o, const char *const *keys)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        bool known = false;
        for (size_t i = 0; keys[i]; i++)
            known |= strcmp(k, keys[i]) == 0;
        if (!known)
            return bad(c, NULL, "unknown field \"%s\"", TEXT_CLIP(k, 64));
    }
    return 0;
}

/* A string member copied to out: at most max bytes (0: a date), UTF-8 and
 * without control characters (line breaks allowed when multiline); absent
 * or null is null unless required ("" when empty_default). */
static int str(struct chk *c, json_t *in, json_t *out, const char *key, size_t max, bool required,
               bool multiline, bool empty_default)
{
    json_t *v = json_object_get(in, key);
    if (!v || json_is_null(v)) {
        if (required)
            return bad(c, key, "is required");
        json_object_set_new(out, key, empty_default ? json_string("") : json_null());
        return 0;
    }
    if (!json_is_string(v))
        return bad(c, key, "must be a string");
    const char *s = json_string_value(v);
    day_t d;
    if (max == 0 && (!date_parse(s, &d) || d < date_from_ymd(ENG_EARLIEST_YEAR, 1, 1)))
        return bad(c, key, "must be a date, YYYY-MM-DD, from %d", ENG_EARLIEST_YEAR);
    if (max && json_string_length(v) > max)
        return bad(c, key, "must be %zu characters or fewer", max);
    if (max && (strlen(s) != json_string_length(v) || text_has_control(s, multiline)))
        return bad(c, key, "must not hold control characters");
    if (required && !s[strspn(s, " \t\r\n")])
        return bad(c, key, "must not be empty");
    json_object_set_new(out, key, json_string(s));
    return 0;
}

/* A string member that is one of `codes`. */
static int one_of(struct chk *c, json_t *in, json_t *out, const char *key, const char *const *codes,
                  const char *list)
{
    const char *s = json_string_value(json_object_get(in, key));
    for (size_t i = 0; s && codes[i]; i++)
        if (strcmp(s, codes[i]) == 0) {
            json_object_set_new(out, key, json_string(s));
            return 0;
        }
    return bad(c, key, "must be one of %s", list);
}

/* A nullable ref naming an object of map m. */
static int link(struct chk *c, json_t *in, json_t *out, const char *key, const struct strmap *m,
                const char *what)
{
    json_t *v = json_object_get(in, key);
    if (!v || json_is_null(v)) {
        json_object_set_new(out, key, json_null());
        return 0;
    }
    if (!json_is_string(v) || !ref_valid(json_string_value(v)))
        return bad(c, key, "must be the ref of a %s", what);
    if (plan_find(m, json_string_value(v)) < 0)
        return bad(c, key, "no %s has ref \"%s\"", what, TEXT_CLIP(json_string_value(v), 64));
    json_object_set_new(out, key, json_string(json_string_value(v)));
    return 0;
}

/* A ref member: valid and shorter than ENG_REF_LEN. */
static int ref_member(struct chk *c, json_t *in, json_t *out)
{
    const char *ref = json_string_value(json_object_get(in, "ref"));
    if (!ref || !ref_valid(ref) || strlen(ref) >= ENG_REF_LEN)
        return bad(c, "ref", "must be letters, digits, '.', '_' or '-', %d characters at most",
                   ENG_REF_LEN - 1);
    json_object_set_new(out, "ref", json_string(ref));
    return 0;
}

static int participant(struct chk *c, json_t *in, json_t *out)
{
    static const char *const keys[] = {"name", "kind", "count", NULL};
    static const char *const kinds[] = {"organisation", "group", NULL};
    if (!json_is_object(in))
        return bad(c, NULL, "must be an object");
    if (only_keys(c, in, keys) || str(c, in, out, "name", ENG_TITLE_MAX, true, false, false) ||
        one_of(c, in, out, "kind", kinds, "\"organisation\", \"group\""))
        return -1;
    json_t *n = json_object_get(in, "count");
    if (n && !json_is_null(n) &&
        (!json_is_integer(n) || json_integer_value(n) < 1 || json_integer_value(n) > ENG_COUNT_MAX))
        return bad(c, "count", "must be a whole number from 1 to %d, or null", ENG_COUNT_MAX);
    json_object_set_new(out, "count", n && !json_is_null(n) ? json_incref(n) : json_null());
    return 0;
}

static int feedback(struct chk *c, json_t *in, json_t *out, const char *held_on)
{
    static const char *const keys[] = {"ref",      "theme",        "said",   "status",
                                       "response", "responded_on", "action", NULL};
    static const char *const statuses[] = {"received", "responded", NULL};
    if (!json_is_object(in))
        return bad(c, NULL, "must be an object");
    if (only_keys(c, in, keys) || ref_member(c, in, out) ||
        link(c, in, out, "theme", &c->p->m_themes, "theme") ||
        str(c, in, out, "said", ENG_TEXT_MAX, true, true, false) ||
        one_of(c, in, out, "status", statuses, "\"received\", \"responded\"") ||
        str(c, in, out, "response", ENG_TEXT_MAX, false, true, true) ||
        str(c, in, out, "responded_on", 0, false, false, false) ||
        link(c, in, out, "action", &c->p->m_actions, "action"))
        return -1;
    bool responded = strcmp(json_string_value(json_object_get(out, "status")), "responded") == 0;
    const char *on = json_string_value(json_object_get(out, "responded_on"));
    const char *resp = json_string_value(json_object_get(out, "response"));
    if (responded && (!on || !resp[strspn(resp, " \t\r\n")]))
        return bad(c, NULL, "responded feedback must have its response and responded_on");
    if (!responded && (on || *resp || !json_is_null(json_object_get(out, "action"))))
        return bad(c, NULL,
                   "received feedback has no response, responded_on or action yet: its status "
                   "is \"responded\" once it has");
    if (on && strcmp(on, held_on) < 0)
        return bad(c, "responded_on", "is before the event (%s)", held_on);
    return 0;
}

static int event(struct chk *c, json_t *in, json_t *out)
{
    static const char *const keys[] = {"ref",     "kind",   "held_on",      "title",    "place",
                                       "summary", "public", "participants", "feedback", NULL};
    if (!json_is_object(in))
        return bad(c, NULL, "must be an object");
    if (only_keys(c, in, keys) || ref_member(c, in, out) ||
        one_of(c, in, out, "kind", engagement_kinds,
               "partners, group_leaders, scrutiny_chairs, mps, staff, residents") ||
        str(c, in, out, "held_on", 0, true, false, false) ||
        str(c, in, out, "title", ENG_TITLE_MAX, true, false, false) ||
        str(c, in, out, "place", ENG_TITLE_MAX, false, false, true) ||
        str(c, in, out, "summary", ENG_TEXT_MAX, true, true, false))
        return -1;
    json_t *pub = json_object_get(in, "public");
    if (!json_is_boolean(pub))
        return bad(c, "public", "must be true or false");
    json_object_set_new(out, "public", json_boolean(json_is_true(pub)));
    char base[96];
    snprintf(base, sizeof base, "%s", c->path);
    static const char *const lists[] = {"participants", "feedback"};
    for (int l = 0; l < 2; l++) {
        json_t *a = json_object_get(in, lists[l]), *res = json_array(), *x;
        json_object_set_new(out, lists[l], res);
        if (a && !json_is_null(a) && !json_is_array(a))
            return bad(c, lists[l], "must be an array");
        if (l == 0 && json_array_size(a) > ENG_PARTICIPANTS)
            return bad(c, lists[l], "must have at most %d participants", ENG_PARTICIPANTS);
        size_t i;
        json_array_foreach(a, i, x)
        {
            snprintf(c->path, sizeof c->path, "%.60s.%s[%zu]", base, lists[l], i);
            json_t *o = json_object();
            json_array_append_new(res, o);
            if (l == 0 ? participant(c, x, o)
                       : feedback(c, x, o, json_string_value(json_object_get(out, "held_on"))))
                return -1;
        }
        snprintf(c->path, sizeof c->path, "%s", base);
    }
    section_sort(json_object_get(out, "feedback"), section_cmp_ref);
    return 0;
}

int engagement_read_json(struct plan *p, json_t *doc, char *err, size_t errlen)
{
    struct chk c = {.p = p, .err = err, .errlen = errlen};
    json_t *a = json_object_get(doc, "engagement");
    if (!a || json_is_null(a))
        return 0;
    snprintf(c.path, sizeof c.path, "engagement");
    if (!json_is_array(a))
        return bad(&c, NULL, "must be an array");
    json_t *res = json_array(), *x;
    size_t i;
    json_array_foreach(a, i, x)
    {
        snprintf(c.path, sizeof c.path, "engagement[%zu]", i);
        json_t *o = json_object();
        json_array_append_new(res, o);
        if (event(&c, x, o)) {
            json_decref(res);
            return -1;
        }
    }
    /* refs unique: events among events, feedback among all feedback */
    json_t *e, *f;
    size_t k, j;
    json_array_foreach(res, i, e)
    {
        for (k = 0; k < i; k++)
            if (strcasecmp(json_string_value(json_object_get(e, "ref")),
                           json_string_value(json_object_get(json_array_get(res, k), "ref"))) ==
                0) {
                snprintf(c.path, sizeof c.path, "engagement[%zu]", i);
                json_decref(res);
                return bad(&c, "ref", "is used twice");
            }
        json_array_foreach(json_object_get(e, "feedback"), j, f)
        {
            const char *ref = json_string_value(json_object_get(f, "ref"));
            for (k = 0; k <= i; k++) {
                json_t *g, *fb = json_object_get(json_array_get(res, k), "feedback");
                size_t m;
                json_array_foreach(fb, m, g)
                {
                    if ((k == i && m >= j) || g == f)
                        break;
                    if (strcasecmp(ref, json_string_value(json_object_get(g, "ref"))) == 0) {
                        snprintf(c.path, sizeof c.path, "engagement[%zu].feedback", i);
                        json_decref(res);
                        return bad(&c, NULL, "feedback ref %s is used twice", ref);
                    }
                }
            }
        }
    }
    section_sort(res, section_cmp_ref);
    json_decref(p->engagement);
    p->engagement = res;
    return 0;
}

/* ---- loading ---------------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

int engagement_load_plan(struct db *db, struct plan *p)
{
    struct eng_data d;
    if (engagement_load(db, false, &d))
        return -1;
    json_t *res = json_array();
    size_t f = 0;
    for (size_t i = 0; i < d.nevents; i++) {
        const struct eng_event *e = &d.events[i];
        json_t *parts = json_array(), *fb = json_array();
        for (size_t k = 0; k < e->nparts; k++)
            json_array_append_new(
                parts,
                json_pack("{s:s, s:s, s:o}", "name", e->parts[k].name, "kind",
                          e->parts[k].group ? "group" : "organisation", "count",
                          e->parts[k].count ? json_integer(e->parts[k].count) : json_null()));
        for (; f < d.nfeedback && d.feedback[f].event == i; f++) {
            const struct eng_feedback *x = &d.feedback[f];
            json_array_append_new(
                fb, json_pack("{s:s, s:o, s:s, s:s, s:s, s:o, s:o}", "ref", x->ref, "theme",
                              str_or_null(x->theme), "said", x->said, "status",
                              x->responded ? "responded" : "received", "response", x->response,
                              "responded_on", str_or_null(x->responded_on), "action",
                              str_or_null(x->action)));
        }
        section_sort(fb, section_cmp_ref);
        json_array_append_new(res, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o}", "ref",
                                             e->ref, "kind", e->kind, "held_on", e->held_on,
                                             "title", e->title, "place", e->place, "summary",
                                             e->summary, "public", e->public, "participants", parts,
                                             "feedback", fb));
    }
    engagement_free(&d);
    section_sort(res, section_cmp_ref);
    json_decref(p->engagement);
    p->engagement = res;
    return 0;
}

json_t *engagement_section(const struct plan *p)
{
    return section_written(p->engagement);
}

static const char sql_part[] =
    "SELECT id FROM engagement_participant WHERE event_id = :parent AND position = :pos";
static const char sql_parts_after[] =
    "SELECT id FROM engagement_participant WHERE event_id = :parent AND position > :pos"
    " ORDER BY position LIMIT 1";

int engagement_store(struct db *db, const struct plan *p)
{
    json_t *e;
    size_t i;
    json_array_foreach(p->engagement, i, e)
    {
        int64_t id = section_find_id(db, "SELECT id FROM engagement_event WHERE ref = :ref",
                                     "engagement lookup", section_text(e, "ref"), 0, 0);
        if (id < 0)
            return -1;
        struct ledger_row r;
        ledger_row_init(&r, T_ENGAGEMENT_EVENT, id);
        ledger_row_text(&r, "ref", section_text(e, "ref"));
        ledger_row_text(&r, "kind", section_text(e, "kind"));
        ledger_row_text(&r, "held_on", section_text(e, "held_on"));
        ledger_row_text(&r, "title", section_text(e, "title"));
        ledger_row_text(&r, "place", section_text(e, "place"));
        ledger_row_text(&r, "summary", section_text(e, "summary"));
        ledger_row_int(&r, "public", json_is_true(json_object_get(e, "public")));
        int64_t eid = ledger_put_row(db, &r, 1);
        if (eid < 0)
            return -1;
        if (id)
            eid = id;
        json_t *x;
        size_t k;
        json_t *parts = json_object_get(e, "participants");
        json_array_foreach(parts, k, x)
        {
            int64_t pid =
                section_find_id(db, sql_part, "engagement lookup", NULL, eid, (int64_t)k + 1);
            if (pid < 0)
                return -1;
            ledger_row_init(&r, T_ENGAGEMENT_PARTICIPANT, pid);
            ledger_row_int(&r, "event_id", eid);
            ledger_row_int(&r, "position", (int64_t)k + 1);
            ledger_row_text(&r, "name", section_text(x, "name"));
            ledger_row_text(&r, "kind", section_text(x, "kind"));
            json_t *n = json_object_get(x, "count");
            if (json_is_integer(n))
                ledger_row_int(&r, "count", json_integer_value(n));
            else
                ledger_row_null(&r, "count");
            if (ledger_put_row(db, &r, 1) < 0)
                return -1;
        }
        for (;;) { /* participants the file no longer lists */
            int64_t pid = section_find_id(db, sql_parts_after, "engagement lookup", NULL, eid,
                                          (int64_t)json_array_size(parts));
            if (pid < 0)
                return -1;
            if (!pid)
                break;
            if (ledger_delete(db, T_ENGAGEMENT_PARTICIPANT, pid))
                return -1;
        }
        json_array_foreach(json_object_get(e, "feedback"), k, x)
        {
            int64_t fid = section_find_id(db, "SELECT id FROM engagement_feedback WHERE ref = :ref",
                                          "engagement lookup", section_text(x, "ref"), 0, 0);
            if (fid < 0)
                return -1;
            ledger_row_init(&r, T_ENGAGEMENT_FEEDBACK, fid);
            ledger_row_text(&r, "ref", section_text(x, "ref"));
            ledger_row_int(&r, "event_id", eid);
            ledger_row_text(&r, "theme_ref", section_text(x, "theme"));
            ledger_row_text(&r, "said", section_text(x, "said"));
            ledger_row_text(&r, "status", section_text(x, "status"));
            ledger_row_text(&r, "response", section_text(x, "response"));
            ledger_row_text(&r, "responded_on", section_text(x, "responded_on"));
            ledger_row_text(&r, "action_ref", section_text(x, "action"));
            if (ledger_put_row(db, &r, 1) < 0)
                return -1;
        }
    }
    return 0;
}

/* plan_write.c — writing "dialturn-plan/1" (plan_json.h): the document built
 * whole as one jansson tree (plan_to_json, plan_dump_json), or streamed
 * section by section and element by element (plan_write_json).
 *
 * Both walk one table of the document's sections and call the same builder
 * for each element, so they cannot drift apart.  Jansson writes every value:
 * the stream dumps each element alone (a small tree, freed at once), with its
 * newlines re-indented to the element's depth in the document — JSON strings
 * never hold a raw newline (jansson writes "\n"), so every newline in a dump
 * is layout.  Between the elements the stream writes exactly the framing that
 * jansson's dumper (dump.c, do_dump and dump_indent) writes with JSON_INDENT:
 * "[", before each element a newline and the indentation of its depth, ","
 * after every element but the last, then a newline and the parent's
 * indentation and "]"; an empty array is "[]".  Objects likewise, with
 * "key": value members.  tests/unit/test_export_stream.c holds the two
 * writers to the same bytes. */
#include "model/plan_json.h"
#include "model/money_json.h"
#include "model/engagement_json.h"
#include "model/panel.h"
#include "model/correction.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Spaces per level of nesting, as JSON_INDENT() in PLAN_DUMP_FLAGS. */
#define PLAN_INDENT 2

/* The canonical dump: two-space indentation, keys in insertion order, reals
 * with 15 significant digits. */
#define PLAN_DUMP_FLAGS (JSON_INDENT(PLAN_INDENT) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* ---- values -------------------------------------------------------------------------- */

json_t *plan_json_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *plan_json_date(day_t d)
{
    if (d == DAY_NONE)
        return json_null();
    char s[DATE_LEN];
    date_format(d, s);
    return json_string(s);
}

/* qsort comparator of two refs in natural order ("A2" before "A10"). */
static int cmp_str(const void *a, const void *b)
{
    return natcmp(*(const char *const *)a, *(const char *const *)b);
}

json_t *plan_json_refs(const struct plan *p, const struct p_links *l, bool recs)
{
    const char **refs = xmalloc((l->n + 1) * sizeof *refs);
    for (size_t i = 0; i < l->n; i++)
        refs[i] = recs ? p->recs[l->v[i]].ref : p->actions[l->v[i]].ref;
    qsort(refs, l->n, sizeof *refs, cmp_str);
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, json_string(refs[i]));
    free(refs);
    return a;
}

/* ---- the sections' values, built whole ----------------------------------------------- */

/* "format": the format's name. */
static json_t *format_json(const struct plan *p)
{
    return json_string(PLAN_FORMAT);
}

/* "organisation": one object. */
static json_t *org_json(const struct plan *p)
{
    return json_pack("{s:o, s:o, s:o, s:s}", "name", plan_json_str(p->org.name), "slug",
                     plan_json_str(p->org.slug), "timezone", plan_json_str(p->org.timezone),
                     "rating_scale", p->org.scale ? p->org.scale->name : "confidence3");
}

/* "reviews": each with its recommendations nested.  Built whole: reviews are
 * few, and each pass over the recommendations needs their order. */
static json_t *reviews_json(const struct plan *p)
{
    json_t *a = json_array();
    size_t *ix = plan_order_reviews(p), *rx = plan_order_recs(p);
    for (size_t i = 0; i < p->n_reviews; i++) {
        const struct p_review *x = &p->reviews[ix[i]];
        json_t *recs = json_array();
        for (size_t j = 0; j < p->n_recs; j++) {
            const struct p_recommendation *c = &p->recs[rx[j]];
            if (c->review == (long)ix[i])
                json_array_append_new(
                    recs, json_pack("{s:s, s:o}", "ref", c->ref, "text", plan_json_str(c->text)));
        }
        json_array_append_new(a,
                              json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "ref", x->ref, "title",
                                        plan_json_str(x->title), "author", plan_json_str(x->author),
                                        "published_on", plan_json_date(x->published_on), "url",
                                        plan_json_str(x->url), "recommendations", recs));
    }
    free(ix);
    free(rx);
    return a;
}

/* ---- the elements of the sections that are arrays ------------------------------------
 * Each builds the element for the object at index i of the plan's array (a
 * new reference; NULL only if jansson refuses a value, e.g. invalid UTF-8,
 * and then the element is left out of the array, as json_array_append_new
 * leaves it out of the tree). */

static json_t *person_json(const struct plan *p, size_t i)
{
    const struct p_person *x = &p->people[i];
    return json_pack("{s:s, s:o, s:o, s:o}", "ref", x->ref, "name", plan_json_str(x->name), "role",
                     plan_json_str(x->role), "kind", plan_json_str(x->kind));
}

static json_t *version_json(const struct plan *p, size_t i)
{
    const struct p_version *x = &p->versions[i];
    return json_pack("{s:i, s:o, s:o, s:o, s:o, s:o}", "number", x->number, "title",
                     plan_json_str(x->title), "status", plan_json_str(x->status), "approved_on",
                     plan_json_date(x->approved_on), "approval_ref", plan_json_str(x->approval_ref),
                     "signed_off_on", plan_json_date(x->signed_off_on));
}

static json_t *theme_json(const struct plan *p, size_t i)
{
    const struct p_theme *x = &p->themes[i];
    return json_pack("{s:s, s:o, s:o}", "ref", x->ref, "title", plan_json_str(x->title), "lead",
                     PLAN_JSON_REF(p, people, x->lead));
}

static json_t *action_json(const struct plan *p, size_t i)
{
    const struct p_action *x = &p->actions[i];
    return json_pack(
        "{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "ref",
        x->ref, "theme", PLAN_JSON_REF(p, themes, x->theme), "title", plan_json_str(x->title),
        "description", plan_json_str(x->description), "owner", PLAN_JSON_REF(p, people, x->owner),
        "member", PLAN_JSON_REF(p, people, x->member), "panel_lead",
        PLAN_JSON_REF(p, people, x->panel_lead), "start", plan_json_date(x->start), "finish",
        plan_json_date(x->finish), "baseline_finish", plan_json_date(x->baseline_finish), "status",
        action_status_name(x->status), "completed_on", plan_json_date(x->completed_on), "answers",
        plan_json_refs(p, &x->answers, true), "depends_on",
        plan_json_refs(p, &x->depends_on, false), "closure_criteria",
        plan_json_str(x->closure_criteria));
}

static json_t *milestone_json(const struct plan *p, size_t i)
{
    const struct p_milestone *x = &p->milestones[i];
    return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:b}", "ref", x->ref, "action",
                     PLAN_JSON_REF(p, actions, x->action), "title", plan_json_str(x->title), "due",
                     plan_json_date(x->due), "baseline_due", plan_json_date(x->baseline_due),
                     "achieved_on", plan_json_date(x->achieved_on), "public", x->public);
}

static json_t *period_json(const struct plan *p, size_t i)
{
    const struct p_period *x = &p->periods[i];
    char m[MONTH_LEN];
    month_format(x->month, m);
    return json_pack("{s:s, s:o, s:o, s:o}", "month", m, "status", plan_json_str(x->status),
                     "signed_off_on", plan_json_date(x->signed_off_on), "signed_off_by",
                     PLAN_JSON_REF(p, people, x->signed_off_by));
}

static json_t *update_json(const struct plan *p, size_t i)
{
    const struct p_update *x = &p->updates[i];
    char m[MONTH_LEN];
    month_format(p->periods[x->period].month, m);
    json_t *o = json_pack(
        "{s:s, s:s, s:o, s:s, s:i, s:o, s:o, s:o, s:o}", "action", p->actions[x->action].ref,
        "period", m, "state", plan_json_str(x->state), "status", action_status_name(x->status),
        "percent", x->percent, "confidence",
        x->confidence >= 0 ? json_string(p->org.scale->levels[x->confidence].key) : json_null(),
        "narrative", plan_json_str(x->narrative), "forecast_finish",
        plan_json_date(x->forecast_finish), "author", PLAN_JSON_REF(p, people, x->author));
    /* a public download: the corrections the record holds of it */
    if (o && p->update_notes && p->update_notes[i])
        json_object_set_new(o, "correction", plan_json_str(p->update_notes[i]));
    return o;
}

static json_t *measure_json(const struct plan *p, size_t i)
{
    const struct p_measure *x = &p->measures[i];
    return json_pack(
        "{s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:o}", "ref", x->ref, "title",
        plan_json_str(x->title), "unit", plan_json_str(x->unit), "direction", x->up ? "up" : "down",
        "baseline", x->has_baseline ? json_real(x->baseline) : json_null(), "baseline_date",
        plan_json_date(x->baseline_date), "target",
        x->has_target ? json_real(x->target) : json_null(), "target_date",
        plan_json_date(x->target_date), "tolerance_pct", (json_int_t)x->tolerance_pct, "theme",
        PLAN_JSON_REF(p, themes, x->theme), "actions", plan_json_refs(p, &x->actions, false));
}

static json_t *value_json(const struct plan *p, size_t i)
{
    const struct p_value *x = &p->values[i];
    return json_pack("{s:s, s:o, s:f}", "measure", p->measures[x->measure].ref, "date",
                     plan_json_date(x->date), "value", x->value);
}

/* ---- the document --------------------------------------------------------------------- */

/* One top-level member of the document.  Either `whole` builds its value, or
 * it is an array of the plan's objects of one kind: `count` of them (the
 * offset of the count in struct plan), in the order `order` gives, each built
 * by `element`. */
struct section {
    const char *key;
    json_t *(*whole)(const struct plan *p);                 /* new reference, or NULL */
    size_t n_off;                                           /* offsetof(struct plan, n_...) */
    size_t *(*order)(const struct plan *p);                 /* malloc'd, caller frees */
    json_t *(*element)(const struct plan *p, size_t index); /* new reference, or NULL */
};

#define WHOLE(key, fn)                                                                             \
    {                                                                                              \
        key, fn, 0, NULL, NULL                                                                     \
    }
#define ARRAY(key, name, order, element)                                                           \
    {                                                                                              \
        key, NULL, offsetof(struct plan, n_##name), order, element                                 \
    }

/* The document's members, in the format's order (plan-format.md). */
static const struct section sections[] = {
    WHOLE("format", format_json),
    WHOLE("organisation", org_json),
    ARRAY("people", people, plan_order_people, person_json),
    WHOLE("reviews", reviews_json),
    ARRAY("versions", versions, plan_order_versions, version_json),
    ARRAY("themes", themes, plan_order_themes, theme_json),
    ARRAY("actions", actions, plan_order_actions, action_json),
    ARRAY("milestones", milestones, plan_order_milestones, milestone_json),
    ARRAY("periods", periods, plan_order_periods, period_json),
    ARRAY("updates", updates, plan_order_updates, update_json),
    ARRAY("measures", measures, plan_order_measures, measure_json),
    ARRAY("measure_values", values, plan_order_values, value_json),
    WHOLE("panel", panel_section),
    WHOLE("meetings", meetings_section),
    WHOLE("engagement", engagement_section),
    WHOLE("agreements", money_agreements_section),
    WHOLE("expenses", money_expenses_section),
    WHOLE("corrections", corrections_section),
};

#define N_SECTIONS (sizeof sections / sizeof sections[0])

/* How many objects an array section has in p. */
static size_t section_count(const struct plan *p, const struct section *s)
{
    return *(const size_t *)((const char *)p + s->n_off);
}

/* The whole value of one section, as a tree (new reference). */
static json_t *section_tree(const struct plan *p, const struct section *s)
{
    if (s->whole)
        return s->whole(p);
    json_t *a = json_array();
    size_t n = section_count(p, s), *ix = s->order(p);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, s->element(p, ix[i]));
    free(ix);
    return a;
}

json_t *plan_to_json(const struct plan *p)
{
    json_t *doc = json_object();
    for (size_t s = 0; s < N_SECTIONS; s++)
        json_object_set_new(doc, sections[s].key, section_tree(p, &sections[s]));
    return doc;
}

char *plan_dump_json(const json_t *doc)
{
    struct buf b = BUF_INIT;
    char *s = json_dumps(doc, PLAN_DUMP_FLAGS);
    if (!s)
        return NULL;
    buf_puts(&b, s);
    buf_putc(&b, '\n');
    free(s);
    return buf_detach(&b);
}

/* ---- streaming ------------------------------------------------------------------------ */

/* Where the stream goes, and the indentation of the value being dumped.
 * jansson hands its text over a few bytes at a time; the sink gathers it and
 * writes it in chunks of SINK_CHUNK (fwrite per token took a quarter of the
 * export's time). */
struct sink {
    FILE *f;      /* borrowed; NULL to keep the whole text in b */
    struct buf b; /* text not yet written, owned */
    size_t pad;   /* spaces to write after each newline jansson writes */
    int err;      /* errno of the first failed write, or 0 */
};

#define SINK_CHUNK 65536

/* Enough spaces for the deepest indentation the framing writes. */
static const char spaces[] = "        ";

/* Writes out what the sink holds; remembers the first failure, after which
 * nothing more is written.  Returns 0 or -1. */
static int sink_flush(struct sink *k)
{
    errno = 0;
    if (!k->err && k->b.len && fwrite(k->b.data, 1, k->b.len, k->f) != k->b.len)
        k->err = errno ? errno : EIO;
    buf_reset(&k->b);
    return k->err ? -1 : 0;
}

/* Adds n bytes to the stream.  Returns 0, or -1 once a write has failed. */
static int sink_put(struct sink *k, const char *s, size_t n)
{
    buf_append(&k->b, s, n);
    return k->f && k->b.len >= SINK_CHUNK ? sink_flush(k) : (k->err ? -1 : 0);
}

/* jansson's dump_indent() with indentation on: a newline and `depth` levels.
 * Returns 0 or -1. */
static int sink_indent(struct sink *k, int depth)
{
    size_t n = (size_t)depth * PLAN_INDENT;
    if (n >= sizeof spaces)
        abort(); /* the framing goes two levels deep, no more */
    return sink_put(k, "\n", 1) || sink_put(k, spaces, n) ? -1 : 0;
}

/* json_dump_callback()'s callback: passes jansson's text on, with k->pad
 * spaces after each newline so that a value dumped alone lands at its depth
 * in the document.  Returns 0, or -1 to stop the dump. */
static int sink_dump_cb(const char *buf, size_t size, void *data)
{
    struct sink *k = data;
    const char *nl;
    while ((nl = memchr(buf, '\n', size)) != NULL) {
        size_t n = (size_t)(nl - buf) + 1;
        if (sink_put(k, buf, n) || sink_put(k, spaces, k->pad))
            return -1;
        buf += n;
        size -= n;
    }
    return sink_put(k, buf, size);
}

/* Has jansson write v (stolen) as a value at `depth` of the document.
 * Returns 0 or -1. */
static int sink_value(struct sink *k, json_t *v, int depth)
{
    k->pad = (size_t)depth * PLAN_INDENT;
    if (k->pad >= sizeof spaces)
        abort();
    int rc = json_dump_callback(v, sink_dump_cb, k, PLAN_DUMP_FLAGS | JSON_ENCODE_ANY);
    json_decref(v);
    if (rc && !k->err)
        k->err = ENOMEM; /* jansson failed on its own: it only can for want of memory */
    return rc ? -1 : 0;
}

/* Before an element (or member) of a container at `depth`: "," after the
 * previous one, a newline and the element's indentation.  *first says
 * whether none has been written yet, and is cleared.  Returns 0 or -1. */
static int sink_next(struct sink *k, int depth, bool *first)
{
    bool was_first = *first;
    *first = false;
    if (!was_first && sink_put(k, ",", 1))
        return -1;
    return sink_indent(k, depth + 1);
}

/* After the last element of a container at `depth`: a newline and the
 * container's indentation, unless it was empty, then its closing bracket.
 * Returns 0 or -1. */
static int sink_close(struct sink *k, int depth, bool empty, char bracket)
{
    if (!empty && sink_indent(k, depth))
        return -1;
    return sink_put(k, &bracket, 1);
}

/* Streams the array of one section as the value of a member at depth 1:
 * each element built, dumped and freed in turn.  Returns 0 or -1. */
static int sink_array(struct sink *k, const struct plan *p, const struct section *s)
{
    size_t n = section_count(p, s), *ix = s->order(p);
    bool first = true;
    int rc = sink_put(k, "[", 1);
    for (size_t i = 0; i < n && rc == 0; i++) {
        json_t *e = s->element(p, ix[i]);
        if (!e) { /* never left out silently: the export would lose a row */
            k->err = EILSEQ;
            rc = -1;
        } else {
            rc = sink_next(k, 1, &first) || sink_value(k, e, 2) ? -1 : 0;
        }
    }
    free(ix);
    return rc || sink_close(k, 1, first, ']') ? -1 : 0;
}

/* Streams one member of the document ("key": value), or nothing when its
 * value is built whole and jansson refused it (json_object_set_new() leaves
 * such a member out).  Returns 0 or -1. */
static int sink_member(struct sink *k, const struct plan *p, const struct section *s, bool *first)
{
    json_t *v = s->whole ? s->whole(p) : NULL;
    if (s->whole && !v)
        return 0;
    if (sink_next(k, 0, first) || sink_value(k, json_string(s->key), 1) || sink_put(k, ": ", 2)) {
        json_decref(v);
        return -1;
    }
    return v ? sink_value(k, v, 1) : sink_array(k, p, s);
}

/* Streams the whole document, with its final newline, into k; stops at the
 * first failed write (k->err). */
static void sink_document(struct sink *k, const struct plan *p)
{
    bool first = true;
    sink_put(k, "{", 1);
    for (size_t s = 0; s < N_SECTIONS && !k->err; s++)
        sink_member(k, p, &sections[s], &first);
    sink_close(k, 0, first, '}');
    sink_put(k, "\n", 1);
}

int plan_write_json(const struct plan *p, FILE *f)
{
    struct sink k = {.f = f, .b = BUF_INIT};
    sink_document(&k, p);
    sink_flush(&k);
    buf_free(&k.b);
    if (k.err) {
        errno = k.err;
        return -1;
    }
    return 0;
}

char *plan_json_text(const struct plan *p)
{
    struct sink k = {.f = NULL, .b = BUF_INIT};
    sink_document(&k, p);
    if (k.err) {
        buf_free(&k.b);
        errno = k.err;
        return NULL;
    }
    return buf_detach(&k.b);
}

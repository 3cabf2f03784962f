/* page_plan_edit.c — editing the draft version in the browser (CAP_EDIT_PLAN):
 * the form of one theme, action, milestone or measure, adding one, and
 * retiring or reinstating one.  Routes: /work/plan/{kind}/new and
 * /work/plan/{kind}/{ref}[/retire|/reinstate], kind being themes, actions,
 * milestones or measures.
 *
 * A POST reads the form into the item's plan-format object, checks each
 * field's form (a date, a number), and hands the object to the model, which
 * checks the whole draft; any refusal comes back as a 400 with the form as
 * typed and the error at its field.  Success is a 303 to the draft's page,
 * which says what was saved.  Nothing here touches the public plan: the
 * model writes only the draft's items. */
#include "lib/text.h"
#include "model/version.h"
#include "lib/text.h"
#include "model/limits.h"
#include "web/view.h"
#include "web/web.h"
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ANSWERS  512 /* recommendations one action can answer on a form */
#define MAX_TEXT_LEN 20000

/* Adds a form error for the input `field`, unless it has one already (one
 * message per field: the first found is the one to fix first). */
static void add_error(struct field_errors *fe, const char *field, const char *message)
{
    if (!ferr_find(fe, field))
        ferr_add(fe, field, "%s", message);
}

static struct view_site site_of(const struct req *r)
{
    struct view_site s = WEB_SITE_R(r);
    s.path = r->path;
    return s;
}

/* The kind in the route's {kind}: a plan-format section name, or -1. */
static int kind_param(const struct req *r)
{
    const char *k = req_param(r, "kind");
    int kind = vkind_parse(k);
    return kind >= 0 && strcmp(k, vkind_section((enum vkind)kind)) == 0 ? kind : -1;
}

static const char *field(const struct req *r, const char *name)
{
    const char *v = req_form(r, name);
    return v ? v : "";
}

/* The text of a textarea with the browser's CRLF line ends made LF, so that
 * an unchanged field compares equal. */
static json_t *text_value(const char *s)
{
    size_t n = strlen(s);
    char *t = xmalloc(n + 1), *o = t;
    for (const char *p = s; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n'))
            *o++ = *p;
    *o = '\0';
    json_t *v = json_string(t);
    free(t);
    return v ? v : json_string("");
}

/* "" → null, else the string. */
static json_t *ref_or_null(const char *s)
{
    return *s ? json_string(s) : json_null();
}

/* A list of refs typed as "A3, A12" (commas or spaces) → an array. */
static json_t *ref_list(const char *s)
{
    json_t *a = json_array();
    while (*s) {
        while (*s == ',' || isspace((unsigned char)*s))
            s++;
        size_t n = 0;
        while (s[n] && s[n] != ',' && !isspace((unsigned char)s[n]))
            n++;
        if (n) {
            char *ref = xstrndup(s, n);
            json_array_append_new(a, json_string(ref));
            free(ref);
        }
        s += n;
    }
    return a;
}

/* A date field: required or not; sets `key` in body (null when empty). */
static void date_value(json_t *body, const struct req *r, const char *key, const char *label,
                       bool required, struct field_errors *fe)
{
    const char *s = field(r, key);
    day_t d;
    char msg[160];
    if (!*s) {
        if (required) {
            snprintf(msg, sizeof msg, "Enter the %s date", label);
            add_error(fe, key, msg);
        }
        json_object_set_new(body, key, json_null());
    } else if (!date_parse(s, &d)) {
        snprintf(msg, sizeof msg, "Enter the %s as a date YYYY-MM-DD, for example 2015-09-30",
                 label);
        add_error(fe, key, msg);
    } else {
        json_object_set_new(body, key, json_string(s));
    }
}

/* A number field (optional): null when empty. */
static void number_value(json_t *body, const struct req *r, const char *key, const char *label,
                         struct field_errors *fe)
{
    const char *s = field(r, key);
    if (!*s) {
        json_object_set_new(body, key, json_null());
        return;
    }
    double v;
    if (!number_parse(s, &v)) { /* no nan, inf, 1e999 or hex: finite decimals only */
        char msg[160];
        snprintf(msg, sizeof msg, "Enter the %s as a number, for example 12.5", label);
        add_error(fe, key, msg);
        return;
    }
    json_object_set_new(body, key, json_real(v));
}

static void title_value(json_t *body, const struct req *r, struct field_errors *fe)
{
    const char *t = field(r, "title");
    bool blank = true;
    for (const char *p = t; *p; p++)
        blank = blank && isspace((unsigned char)*p);
    if (blank)
        add_error(fe, "title", "Enter a title");
    else if (limits_text(t, LIMIT_TITLE, false))
        add_error(fe, "title", "Keep the title to 500 characters, with no control characters");
    json_object_set_new(body, "title", text_value(t));
}

/* Reads the submitted form of an item of `kind` into the plan-format object
 * the model takes (new reference), noting each field's problem in fe; fills
 * *typed with what the form showed, for showing it again. */
static json_t *read_form(const struct req *r, enum vkind kind, const char *ref,
                         struct field_errors *fe, json_t **typed)
{
    json_t *body = json_pack("{s:s}", "ref", ref);
    json_t *t = *typed = json_object();
    static const char *const text_keys[] = {
        "title",       "description",   "theme",     "owner",      "member",           "panel_lead",
        "start",       "finish",        "due",       "depends_on", "closure_criteria", "lead",
        "action",      "unit",          "direction", "baseline",   "baseline_date",    "target",
        "target_date", "tolerance_pct", "actions",   NULL};
    for (size_t i = 0; text_keys[i]; i++)
        json_object_set_new(t, text_keys[i], json_string(field(r, text_keys[i])));
    title_value(body, r, fe);
    switch (kind) {
    case VK_THEME:
        json_object_set_new(body, "lead", ref_or_null(field(r, "lead")));
        break;
    case VK_ACTION: {
        const char *answers[MAX_ANSWERS];
        size_t n = req_form_all(r, "answers", answers, MAX_ANSWERS);
        json_t *a = json_array();
        for (size_t i = 0; i < n && i < MAX_ANSWERS; i++)
            json_array_append_new(a, json_string(answers[i]));
        json_object_set(t, "answers", a);
        json_object_set_new(body, "answers", a);
        if (!*field(r, "theme"))
            add_error(fe, "theme", "Choose the theme the action belongs to");
        json_object_set_new(body, "theme", ref_or_null(field(r, "theme")));
        json_object_set_new(body, "description", text_value(field(r, "description")));
        json_object_set_new(body, "owner", ref_or_null(field(r, "owner")));
        json_object_set_new(body, "member", ref_or_null(field(r, "member")));
        json_object_set_new(body, "panel_lead", ref_or_null(field(r, "panel_lead")));
        date_value(body, r, "start", "planned start", true, fe);
        date_value(body, r, "finish", "planned finish", true, fe);
        json_object_set_new(body, "depends_on", ref_list(field(r, "depends_on")));
        json_object_set_new(body, "closure_criteria", text_value(field(r, "closure_criteria")));
        break;
    }
    case VK_MILESTONE:
        json_object_set_new(body, "action", ref_or_null(field(r, "action")));
        date_value(body, r, "due", "due", true, fe);
        json_object_set_new(body, "public", json_boolean(req_form(r, "public") != NULL));
        json_object_set_new(t, "public", json_string(req_form(r, "public") ? "yes" : "no"));
        break;
    case VK_MEASURE: {
        json_object_set_new(body, "unit", text_value(field(r, "unit")));
        const char *dir = field(r, "direction");
        if (strcmp(dir, "up") != 0 && strcmp(dir, "down") != 0)
            add_error(fe, "direction", "Choose whether up or down is better");
        json_object_set_new(body, "direction", json_string(*dir ? dir : "up"));
        number_value(body, r, "baseline", "baseline", fe);
        date_value(body, r, "baseline_date", "baseline", false, fe);
        number_value(body, r, "target", "target", fe);
        date_value(body, r, "target_date", "target", false, fe);
        const char *tol = field(r, "tolerance_pct");
        char *end;
        long v = *tol ? strtol(tol, &end, 10) : 0;
        if (*tol && (*end || v < 0 || v > 1000))
            add_error(fe, "tolerance_pct", "Enter the tolerance as a whole number from 0 to 1000");
        json_object_set_new(body, "tolerance_pct", json_integer(v));
        json_object_set_new(body, "theme", ref_or_null(field(r, "theme")));
        json_object_set_new(body, "actions", ref_list(field(r, "actions")));
        break;
    }
    case VK__MAX:
        break;
    }
    for (const char *const *k = (const char *const[]){"description", "closure_criteria", NULL}; *k;
         k++)
        if (strlen(field(r, *k)) > MAX_TEXT_LEN)
            add_error(fe, *k, "Keep it to 20,000 characters");
    return body;
}

/* How a refusal's field is named on the form. */
static const char *label_of(const char *f)
{
    static const char *const labels[][2] = {
        {"title", "Title"},
        {"description", "Description"},
        {"theme", "Theme"},
        {"owner", "Owner"},
        {"member", "Accountable member"},
        {"panel_lead", "Panel lead"},
        {"start", "Planned start"},
        {"finish", "Planned finish"},
        {"answers", "Recommendations answered"},
        {"depends_on", "Depends on"},
        {"closure_criteria", "Closure criteria"},
        {"lead", "Lead"},
        {"action", "Action"},
        {"due", "Due"},
        {"unit", "Unit"},
        {"baseline", "Baseline value"},
        {"baseline_date", "Baseline date"},
        {"target", "Target value"},
        {"target_date", "Target date"},
        {"tolerance_pct", "Tolerance"},
        {"actions", "Actions"},
        {"direction", "Which way is better"},
        {"public", "The public roadmap"},
        {"ref", "Reference"},
        {"reason", "Reason"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (strcmp(labels[i][0], f) == 0)
            return labels[i][1];
    return NULL;
}

/* The model's refusals as form errors.  A problem with one of this item's
 * keys ("actions[A7].finish") goes to that input under its label ("Planned
 * finish: 2015-03-01 is before start ..."), and so do "ref" and "reason"; a
 * problem naming another item keeps its words whole ("actions[A3].start:
 * ...") at the input of the same key if the form has one, else at
 * `fallback`, as does a problem of the draft as a whole. */
static void refusals(struct field_errors *fe, const struct field_errors *model, enum vkind kind,
                     const char *ref, const char *fallback)
{
    struct buf own = BUF_INIT;
    buf_printf(&own, "%s[%s].", vkind_section(kind), ref);
    for (size_t i = 0; i < model->n; i++) {
        const char *f = model->e[i].field, *msg = model->e[i].message;
        bool mine = strncmp(f, buf_str(&own), own.len) == 0;
        const char *dot = strstr(f, "].");
        const char *key = mine ? f + own.len : dot ? dot + 2 : f;
        const char *label = *key ? label_of(key) : NULL;
        const char *at = label ? key : fallback;
        if (ferr_find(fe, at)) /* one message per input: the first found */
            continue;
        if (label && (mine || key == f))
            ferr_add(fe, at, "%s: %s", label, msg);
        else if (*f)
            ferr_add(fe, at, "%s: %s", f, msg);
        else
            ferr_add(fe, at, "%s", msg);
    }
    buf_free(&own);
}

/* What the form pages need: the draft, its items, the choices. */
struct form_data {
    int draft;
    struct version_items items;
    struct version_choices choices;
};

static void form_data_free(struct form_data *d)
{
    version_items_free(&d->items);
    version_choices_free(&d->choices);
}

/* Loads the draft and what its forms choose from.  Returns 1 when loaded, 0
 * when it answered (no draft), -1 on a failure (r->err). */
static int form_data_load(struct req *r, struct form_data *d, unsigned no_draft_status)
{
    memset(d, 0, sizeof *d);
    d->draft = version_draft_number(r->db);
    if (d->draft < 0)
        return req_model_error(r);
    if (d->draft == 0 && r->ferr.n) { /* a form refused: say what was wrong with it */
        req_refuse(r, 400, &r->ferr);
        return 0;
    }
    if (d->draft == 0) {
        struct view_site site = site_of(r);
        buf_reset(&r->out);
        r->status = no_draft_status;
        view_no_draft(&r->out, &site, true);
        return 0;
    }
    if (version_items_load(r->db, d->draft, &d->items) != 1 ||
        version_choices_load(r->db, &d->choices)) {
        form_data_free(d);
        return req_model_error(r);
    }
    return 1;
}

static void not_found(struct req *r, enum vkind kind, const char *ref)
{
    char why[200];
    snprintf(why, sizeof why, "The draft has no %s %s. The draft's page lists its items.",
             vkind_name(kind), TEXT_CLIP(ref, 64));
    req_error(r, 404, why);
}

/* Renders the form of (kind, ref) with `values` (a body or as typed). */
static void render(struct req *r, unsigned status, const struct form_data *d, enum vkind kind,
                   bool is_new, const char *ref, const json_t *values, const char *reason,
                   const struct field_errors *fe)
{
    const struct version_item *it = is_new ? NULL : version_items_find(&d->items, kind, ref);
    struct view_site site = site_of(r);
    struct view_item_form v = {.kind = (int)kind,
                               .draft = d->draft,
                               .is_new = is_new,
                               .ref = ref,
                               .values = (const struct json_t *)values,
                               .retired_reason = it ? it->retired_reason : NULL,
                               .items = &d->items,
                               .choices = &d->choices,
                               .reason = reason,
                               .errors = fe ? fe->e : NULL,
                               .nerrors = fe ? fe->n : 0};
    buf_reset(&r->out);
    r->status = status;
    view_item_form(&r->out, &site, &v);
}

static int item_body(struct req *r)
{
    int kind = kind_param(r);
    const char *ref = req_param(r, "ref");
    if (kind < 0) {
        req_error(r, 404, NULL);
        return 0;
    }
    struct form_data d;
    int got = form_data_load(r, &d, 200);
    if (got <= 0)
        return got;
    bool is_new = ref == NULL;
    const struct version_item *it = is_new ? NULL : version_items_find(&d.items, kind, ref);
    if (!is_new && !it) {
        not_found(r, (enum vkind)kind, ref);
    } else {
        json_t *empty = json_object();
        render(r, 200, &d, (enum vkind)kind, is_new, is_new ? "" : ref, it ? it->body : empty, "",
               NULL);
        json_decref(empty);
    }
    form_data_free(&d);
    return 0;
}

int page_plan_item(struct req *r)
{
    return page_read(r, item_body);
}

int page_plan_item_new(struct req *r)
{
    return page_read(r, item_body);
}

/* 303 to the draft's page with what happened to (kind, ref). */
static void done(struct req *r, int draft, enum vkind kind, const char *ref, const char *what)
{
    struct buf to = BUF_INIT;
    buf_printf(&to, "/work/versions/%d?done=%s&kind=%s&ref=", draft, what, vkind_name(kind));
    for (const char *p = ref; *p; p++) /* refs are [A-Za-z0-9._-]: nothing to encode */
        buf_putc(&to, *p);
    buf_printf(&to, "#%s-", vkind_name(kind));
    buf_puts(&to, ref);
    req_redirect(r, buf_str(&to));
    buf_free(&to);
}

/* Whether the draft has a live (or retired) item (kind, ref). */
static bool has_item(const struct form_data *d, enum vkind kind, const char *ref)
{
    return version_items_find(&d->items, kind, ref) != NULL;
}

/* A reference field that must name an item of `kind` in the draft, or a
 * person of the plan (kind VK__MAX); empty passes (the form's own checks say
 * when it is required). */
static void ref_check(struct field_errors *fe, const struct form_data *d, const json_t *body,
                      const char *key, enum vkind kind, const char *what)
{
    const char *ref = json_string_value(json_object_get(body, key));
    if (!ref || !*ref)
        return;
    bool ok = kind == VK__MAX ? version_person(&d->choices, ref) != NULL : has_item(d, kind, ref);
    if (!ok) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s: no %s with ref \"%s\"", label_of(key), what,
                 TEXT_CLIP(ref, 64));
        add_error(fe, key, msg);
    }
}

/* A list field whose every ref must name an item of `kind` in the draft,
 * the item itself excepted (it cannot depend on itself). */
static void ref_list_check(struct field_errors *fe, const struct form_data *d, const json_t *body,
                           const char *key, enum vkind kind, const char *self, const char *what)
{
    const json_t *a = json_object_get(body, key), *e;
    size_t i;
    json_array_foreach(a, i, e)
    {
        const char *ref = json_string_value(e);
        char msg[200];
        if (ref && self && strcmp(ref, self) == 0) {
            snprintf(msg, sizeof msg, "%s: an item cannot list itself (%s)", label_of(key),
                     TEXT_CLIP(ref, 64));
            add_error(fe, key, msg);
        } else if (ref && !has_item(d, kind, ref)) {
            snprintf(msg, sizeof msg, "%s: no %s with ref \"%s\"", label_of(key), what,
                     TEXT_CLIP(ref, 64));
            add_error(fe, key, msg);
        }
    }
}

/* The checks of one item against the draft that the model would make one at
 * a time, made here all together so that the form shows every refusal at
 * once: a reference already taken, references to nothing, a finish before
 * its start.  The model checks the whole draft again when it stores. */
static void item_checks(struct field_errors *fe, const struct form_data *d, enum vkind kind,
                        const json_t *body, bool is_new, const char *ref)
{
    if (is_new && ref_valid(ref) && has_item(d, kind, ref)) {
        char msg[200];
        snprintf(msg, sizeof msg, "Reference: draft version %d already has %s %s", d->draft,
                 vkind_name(kind), TEXT_CLIP(ref, 64));
        add_error(fe, "ref", msg);
    }
    switch (kind) {
    case VK_THEME:
        ref_check(fe, d, body, "lead", VK__MAX, "person");
        break;
    case VK_ACTION: {
        ref_check(fe, d, body, "theme", VK_THEME, "theme");
        ref_check(fe, d, body, "owner", VK__MAX, "person");
        ref_check(fe, d, body, "member", VK__MAX, "person");
        ref_check(fe, d, body, "panel_lead", VK__MAX, "person");
        ref_list_check(fe, d, body, "depends_on", VK_ACTION, ref, "action");
        const json_t *a = json_object_get(body, "answers"), *e;
        size_t i;
        json_array_foreach(a, i, e)
        {
            const char *rec = json_string_value(e);
            bool found = false;
            for (size_t j = 0; rec && j < d->choices.nrecs && !found; j++)
                found = strcmp(d->choices.recs[j].ref, rec) == 0;
            if (!found) {
                char msg[200];
                snprintf(msg, sizeof msg,
                         "Recommendations answered: no recommendation with ref "
                         "\"%s\"",
                         rec ? TEXT_CLIP(rec, 64) : "");
                add_error(fe, "answers", msg);
            }
        }
        const char *st = json_string_value(json_object_get(body, "start"));
        const char *fi = json_string_value(json_object_get(body, "finish"));
        day_t a0, b0;
        if (st && fi && date_parse(st, &a0) && date_parse(fi, &b0) && b0 < a0) {
            char msg[120];
            snprintf(msg, sizeof msg, "Planned finish: %s is before start %s", fi, st);
            add_error(fe, "finish", msg);
        }
        break;
    }
    case VK_MILESTONE:
        ref_check(fe, d, body, "action", VK_ACTION, "action");
        break;
    case VK_MEASURE:
        ref_check(fe, d, body, "theme", VK_THEME, "theme");
        ref_list_check(fe, d, body, "actions", VK_ACTION, NULL, "action");
        break;
    case VK__MAX:
        break;
    }
}

static int save(struct req *r, bool is_new)
{
    int kind = kind_param(r);
    if (kind < 0) {
        req_error(r, 404, NULL);
        return 0;
    }
    struct form_data d;
    int got = form_data_load(r, &d, 400);
    if (got <= 0)
        return got;
    const char *ref = is_new ? field(r, "ref") : req_param(r, "ref");
    struct field_errors fe = FERR_INIT;
    if (!is_new && !version_items_find(&d.items, (enum vkind)kind, ref)) {
        not_found(r, (enum vkind)kind, ref);
        form_data_free(&d);
        return 0;
    }
    if (is_new && !ref_valid(ref))
        add_error(&fe, "ref",
                  "Enter a reference of 1 to 64 letters, digits, '.', '_' or '-', for example A52");
    json_t *typed = NULL;
    json_t *body = read_form(r, (enum vkind)kind, ref, &fe, &typed);
    ferr_merge(&fe, &r->ferr); /* the dispatcher's refusals of the declared fields */
    item_checks(&fe, &d, (enum vkind)kind, body, is_new, ref);
    int rc = 0;
    if (fe.n == 0) {
        struct field_errors model = FERR_INIT;
        enum version_rc vrc = version_put_item(r->wdb, (enum vkind)kind, body,
                                               is_new ? VPUT_NEW : VPUT_EXISTING, &model);
        refusals(&fe, &model, (enum vkind)kind, ref, "title");
        ferr_free(&model);
        switch (vrc) {
        case VERSION_OK:
            done(r, d.draft, (enum vkind)kind, ref, "saved");
            goto out;
        case VERSION_REFUSED:
            break;
        case VERSION_ERROR:
            text_printf(r->err, sizeof r->err, "%s", r->wdb->err);
            rc = -1;
            goto out;
        }
    }
    render(r, 400, &d, (enum vkind)kind, is_new, ref, typed, "", &fe);
out:
    json_decref(body);
    json_decref(typed);
    form_data_free(&d);
    ferr_free(&fe);
    return rc;
}

int post_plan_item(struct req *r)
{
    return save(r, false);
}

int post_plan_item_new(struct req *r)
{
    return save(r, true);
}

/* Retires (reason != NULL) or reinstates (kind, ref) of the draft. */
static int retire(struct req *r, bool retiring)
{
    struct field_errors model = FERR_INIT; /* the model's refusal, if any */
    int kind = kind_param(r);
    const char *ref = req_param(r, "ref");
    if (kind < 0) {
        req_error(r, 404, NULL);
        return 0;
    }
    struct form_data d;
    int got = form_data_load(r, &d, 400);
    if (got <= 0)
        return got;
    const struct version_item *it = version_items_find(&d.items, (enum vkind)kind, ref);
    int rc = 0;
    if (!it) {
        not_found(r, (enum vkind)kind, ref);
        goto out;
    }
    const char *reason = field(r, "reason");
    bool blank = true;
    for (const char *p = reason; *p; p++)
        blank = blank && isspace((unsigned char)*p);
    if ((retiring && blank) || r->ferr.n) {
        struct field_errors fe = FERR_INIT;
        if (retiring && blank)
            ferr_add(&fe, "reason", "Say why the %s leaves the plan", vkind_name((enum vkind)kind));
        ferr_merge(&fe, &r->ferr); /* the dispatcher's refusals of the declared fields */
        render(r, 400, &d, (enum vkind)kind, false, ref, it->body, reason, &fe);
        ferr_free(&fe);
        goto out;
    }
    switch (version_retire_item(r->wdb, (enum vkind)kind, ref, retiring ? reason : NULL, &model)) {
    case VERSION_OK:
        done(r, d.draft, (enum vkind)kind, ref, retiring ? "retired" : "reinstated");
        break;
    case VERSION_REFUSED: {
        struct field_errors fe = FERR_INIT;
        refusals(&fe, &model, (enum vkind)kind, ref, retiring ? "reason" : "title");
        render(r, 400, &d, (enum vkind)kind, false, ref, it->body, reason, &fe);
        ferr_free(&fe);
        break;
    }
    case VERSION_ERROR:
        text_printf(r->err, sizeof r->err, "%s", r->wdb->err);
        rc = -1;
        break;
    }
out:
    ferr_free(&model);
    form_data_free(&d);
    return rc;
}

int post_plan_item_retire(struct req *r)
{
    return retire(r, true);
}

int post_plan_item_reinstate(struct req *r)
{
    return retire(r, false);
}

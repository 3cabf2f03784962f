/* page_versions.c — the plan versions (CAP_SIGNED_IN to read), starting a
 * draft and submitting it (CAP_EDIT_PLAN), cabinet's approval
 * (CAP_APPROVE_VERSION), the panel's sign-off (CAP_SIGN_OFF_VERSION), and the
 * comparison of two versions.
 *
 * Every POST: read the fields, check their form (400 with the page again,
 * each error naming its field), ask the model on r->wdb (one transaction,
 * in the model), then 303 to the version's page, which says what happened.
 * The dispatcher has already checked the capability and the CSRF token. */
#include "lib/text.h"
#include "model/version.h"
#include "web/view.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds a form error for the input `field`, its first letter made a capital. */
static void add_error(struct field_errors *fe, const char *field, const char *message)
{
    char first =
        message[0] >= 'a' && message[0] <= 'z' ? (char)(message[0] - 'a' + 'A') : message[0];
    ferr_add(fe, field, "%c%s", first, message[0] ? message + 1 : "");
}

/* The model's refusals as form errors: a problem with one of `fields` goes
 * to that input; any other to `fallback`, with its field's name before its
 * words ("version: there is no version 7"). */
static void refusals(struct field_errors *fe, const struct field_errors *model,
                     const char *const *fields, const char *fallback)
{
    for (size_t i = 0; i < model->n; i++) {
        const char *f = model->e[i].field, *msg = model->e[i].message;
        size_t k = 0;
        while (fields[k] && strcmp(fields[k], f) != 0)
            k++;
        if (fields[k]) {
            add_error(fe, f, msg);
        } else if (*f) {
            struct buf whole = BUF_INIT;
            buf_printf(&whole, "%s: %s", f, msg);
            add_error(fe, fallback, buf_str(&whole));
            buf_free(&whole);
        } else {
            add_error(fe, fallback, msg);
        }
    }
}

static struct view_site site_of(const struct req *r)
{
    struct view_site s = WEB_SITE_R(r);
    s.path = r->path;
    return s;
}

static bool may(const struct req *r, enum cap cap)
{
    return r->user && role_has(r->user->role, cap);
}

/* The version number in capture `name`, declared 1-1000000 (route.c). */
static int number_param(const struct req *r, const char *name)
{
    return (int)req_int(r, name, 0);
}

static const char *field(const struct req *r, const char *name)
{
    const char *v = req_form(r, name);
    return v ? v : "";
}

/* The banner for ?done= after a redirect (the words are ours; the number
 * is the version's). */
static const char *done_text(const struct req *r, int number, char *out, size_t n)
{
    const char *d = req_arg(r, "done");
    if (!d)
        return NULL;
    if (strcmp(d, "created") == 0)
        snprintf(out, n, "Draft version %d started", number);
    else if (strcmp(d, "submitted") == 0)
        snprintf(out, n, "Version %d submitted for approval", number);
    else if (strcmp(d, "approved") == 0)
        snprintf(out, n, "Cabinet's approval of version %d recorded", number);
    else if (strcmp(d, "returned") == 0)
        snprintf(out, n, "Version %d returned to draft with your reason", number);
    else if (strcmp(d, "approval_corrected") == 0)
        snprintf(out, n, "The approval date of version %d corrected", number);
    else if (strcmp(d, "signed_off") == 0)
        snprintf(
            out, n,
            "Version %d signed off: it is the live plan, and public from the next month signed off",
            number);
    else
        return NULL;
    return out;
}

/* The banner after an item's form (?done=saved|retired|reinstated&kind=&ref=),
 * for an item the version holds. */
static const char *item_done(const struct req *r, const struct version_items *items, int number,
                             char *out, size_t n)
{
    const char *d = req_arg(r, "done"), *ref = req_arg(r, "ref");
    int kind = vkind_parse(req_arg(r, "kind"));
    if (!d || kind < 0 || !version_items_find(items, (enum vkind)kind, ref))
        return NULL;
    if (strcmp(d, "saved") != 0 && strcmp(d, "retired") != 0 && strcmp(d, "reinstated") != 0)
        return NULL;
    const char *name = vkind_name((enum vkind)kind);
    snprintf(out, n, "%c%s %s %s in draft version %d", name[0] - 'a' + 'A', name + 1, ref, d,
             number);
    return out;
}

/* ---- the list ------------------------------------------------------------------------ */

static int render_list(struct req *r, unsigned status, const char *title,
                       const struct field_errors *fe)
{
    struct version_list l;
    if (version_list(r->db, &l))
        return req_model_error(r);
    struct view_site site = site_of(r);
    struct view_versions v = {.list = &l,
                              .can_edit = may(r, CAP_EDIT_PLAN),
                              .can_approve = may(r, CAP_APPROVE_VERSION),
                              .can_sign_off = may(r, CAP_SIGN_OFF_VERSION),
                              .title = title,
                              .errors = fe ? fe->e : NULL,
                              .nerrors = fe ? fe->n : 0};
    buf_reset(&r->out);
    r->status = status;
    view_versions(&r->out, &site, &v);
    version_list_free(&l);
    return 0;
}

static int versions_body(struct req *r)
{
    return render_list(r, 200, "", NULL);
}

int page_versions(struct req *r)
{
    return page_read(r, versions_body);
}

int post_versions(struct req *r)
{
    const char *title = field(r, "title");
    int n = 0;
    struct field_errors fe = FERR_INIT;
    static const char *const fields[] = {"title", NULL};
    if (r->ferr.n) { /* the dispatcher refused the declared fields (route.c) */
        int rc = render_list(r, 400, title, &r->ferr);
        return rc;
    }
    struct field_errors model = FERR_INIT;
    enum version_rc vrc = version_new_draft(r->wdb, title, &n, &model);
    refusals(&fe, &model, fields, "title");
    ferr_free(&model);
    switch (vrc) {
    case VERSION_OK: {
        char to[64];
        snprintf(to, sizeof to, "/work/versions/%d?done=created", n);
        req_redirect(r, to);
        return 0;
    }
    case VERSION_REFUSED:
        n = render_list(r, 400, title, &fe);
        ferr_free(&fe);
        return n;
    case VERSION_ERROR:
        break;
    }
    text_printf(r->err, sizeof r->err, "%s", r->wdb->err);
    return -1;
}

/* ---- one version ------------------------------------------------------------------- */

/* The version to compare `number` with: the latest signed-off (or
 * superseded) version before it, else the one before it; 0 for none. */
static int compare_with(const struct version_list *l, int number)
{
    int best = 0, prev = 0;
    for (size_t i = 0; i < l->n; i++) {
        const struct version_info *x = &l->v[i];
        if (x->number >= number)
            continue;
        prev = x->number;
        if (!strcmp(x->status, "signed_off") || !strcmp(x->status, "superseded"))
            best = x->number;
    }
    return best ? best : prev;
}

/* The form a step's page is re-rendered with, as typed. */
struct step_form {
    const char *approved_on, *approval_ref, *signed_off_on;
    const char *reason, *corrected_on; /* the return and correction forms */
};

static int render_version(struct req *r, int number, unsigned status, const struct step_form *f,
                          const struct field_errors *fe)
{
    struct version_info vi;
    int got = version_get(r->db, number, &vi);
    if (got < 0)
        return req_model_error(r);
    if (got == 0) {
        char why[96];
        snprintf(why, sizeof why, "There is no plan version %d.", number);
        req_error(r, 404, why);
        return 0;
    }
    struct version_items items;
    struct version_list l;
    if (version_items_load(r->db, number, &items) < 0) {
        version_info_free(&vi);
        return req_model_error(r);
    }
    if (version_list(r->db, &l)) {
        version_items_free(&items);
        version_info_free(&vi);
        return req_model_error(r);
    }
    struct version_choices choices;
    struct version_event *events = NULL;
    size_t nevents = 0;
    if (version_choices_load(r->db, &choices)) {
        version_list_free(&l);
        version_items_free(&items);
        version_info_free(&vi);
        return req_model_error(r);
    }
    if (version_events(r->db, number, &events, &nevents)) {
        version_choices_free(&choices);
        version_list_free(&l);
        version_items_free(&items);
        version_info_free(&vi);
        return req_model_error(r);
    }
    char banner[160];
    const char *done = fe ? NULL : done_text(r, number, banner, sizeof banner);
    if (!fe && !done)
        done = item_done(r, &items, number, banner, sizeof banner);
    struct view_site site = site_of(r);
    struct view_version v = {.v = &vi,
                             .items = &items,
                             .compare_with = compare_with(&l, number),
                             .can_edit = may(r, CAP_EDIT_PLAN),
                             .can_approve = may(r, CAP_APPROVE_VERSION),
                             .can_sign_off = may(r, CAP_SIGN_OFF_VERSION),
                             .done = done,
                             .approved_on = f ? f->approved_on : "",
                             .approval_ref = f ? f->approval_ref : "",
                             .signed_off_on = f ? f->signed_off_on : "",
                             .errors = fe ? fe->e : NULL,
                             .nerrors = fe ? fe->n : 0,
                             .choices = &choices,
                             .events = events,
                             .nevents = nevents,
                             .reason = f ? f->reason : NULL,
                             .corrected_on = f ? f->corrected_on : NULL};
    buf_reset(&r->out);
    r->status = status;
    view_version(&r->out, &site, &v);
    version_events_free(events, nevents);
    version_choices_free(&choices);
    version_list_free(&l);
    version_items_free(&items);
    version_info_free(&vi);
    return 0;
}

static int version_body(struct req *r)
{
    int number = number_param(r, "n");
    if (!number) {
        req_error(r, 404, "A plan version is named by its number, such as /work/versions/2.");
        return 0;
    }
    return render_version(r, number, 200, NULL, NULL);
}

int page_version(struct req *r)
{
    return page_read(r, version_body);
}

/* Ends a step: 303 to the version on success; the page again with the
 * refusal (400); or a failure (500). */
static int step_done(struct req *r, int number, enum version_rc rc, struct field_errors *model,
                     const char *done, const struct step_form *f, const char *const *fields,
                     const char *fallback)
{
    struct field_errors fe = FERR_INIT;
    refusals(&fe, model, fields, fallback);
    ferr_free(model);
    if (rc == VERSION_OK) {
        char to[80];
        snprintf(to, sizeof to, "/work/versions/%d?done=%s", number, done);
        req_redirect(r, to);
        ferr_free(&fe);
        return 0;
    }
    if (rc == VERSION_ERROR) {
        text_printf(r->err, sizeof r->err, "%s", r->wdb->err);
        ferr_free(&fe);
        return -1;
    }
    int out = render_version(r, number, 400, f, &fe);
    ferr_free(&fe);
    return out;
}

/* Checks a step's form: the dispatcher's refusals of its declared fields
 * (route.c) and the date field dates[0] ("" is no date), read into *on.
 * Returns true after answering 400 with the version's page and the form's
 * errors (render_version's result is then in r->err: it may fail). */
static bool refused(struct req *r, int number, const struct step_form *f, const char *const *dates,
                    day_t *on)
{
    struct field_errors fe = FERR_INIT;
    const char *text = field(r, dates[0]);
    *on = DAY_NONE;
    if (*text && !date_parse(text, on))
        add_error(&fe, dates[0], "Enter the date as YYYY-MM-DD, for example 2016-03-14");
    ferr_merge(&fe, &r->ferr);
    bool bad = fe.n > 0;
    if (bad && render_version(r, number, 400, f, &fe) < 0)
        req_error(r, 500, NULL);
    ferr_free(&fe);
    return bad;
}

int post_version_submit(struct req *r)
{
    int number = number_param(r, "n");
    if (!number) {
        req_error(r, 404, NULL);
        return 0;
    }
    static const char *const fields[] = {NULL};
    struct field_errors model = FERR_INIT;
    return step_done(r, number, version_submit(r->wdb, number, &model), &model, "submitted", NULL,
                     fields, "main-content");
}

int post_version_approve(struct req *r)
{
    int number = number_param(r, "n");
    if (!number) {
        req_error(r, 404, NULL);
        return 0;
    }
    struct step_form f = {field(r, "approved_on"), field(r, "approval_ref"), "", NULL, NULL};
    day_t on;
    if (refused(r, number, &f, (const char *const[]){"approved_on", NULL}, &on))
        return 0;
    static const char *const fields[] = {"approved_on", "approval_ref", NULL};
    struct field_errors model = FERR_INIT;
    return step_done(r, number, version_approve(r->wdb, number, on, f.approval_ref, &model), &model,
                     "approved", &f, fields, "main-content");
}

int post_version_sign_off(struct req *r)
{
    int number = number_param(r, "n");
    if (!number) {
        req_error(r, 404, NULL);
        return 0;
    }
    struct step_form f = {"", "", field(r, "signed_off_on"), NULL, NULL};
    day_t on;
    if (refused(r, number, &f, (const char *const[]){"signed_off_on", NULL}, &on))
        return 0;
    static const char *const fields[] = {"signed_off_on", NULL};
    struct field_errors model = FERR_INIT;
    return step_done(r, number, version_sign_off(r->wdb, number, on, &model), &model, "signed_off",
                     &f, fields, "main-content");
}

int post_version_return(struct req *r)
{
    int number = number_param(r, "n");
    if (!number) {
        req_error(r, 404, NULL);
        return 0;
    }
    struct step_form f = {"", "", "", field(r, "reason"), NULL};
    if (r->ferr.n) {
        struct field_errors fe = FERR_INIT;
        ferr_merge(&fe, &r->ferr);
        int rc = render_version(r, number, 400, &f, &fe);
        ferr_free(&fe);
        return rc;
    }
    static const char *const fields[] = {"reason", NULL};
    struct field_errors model = FERR_INIT;
    enum version_rc rc =
        version_return(r->wdb, number, f.reason, r->user->account_id, r->user->name, &model);
    return step_done(r, number, rc, &model, "returned", &f, fields, "main-content");
}

int post_version_approval_date(struct req *r)
{
    int number = number_param(r, "n");
    if (!number) {
        req_error(r, 404, NULL);
        return 0;
    }
    struct step_form f = {"", "", "", field(r, "reason"), field(r, "corrected_on")};
    day_t on;
    if (refused(r, number, &f, (const char *const[]){"corrected_on", NULL}, &on))
        return 0;
    struct field_errors model = FERR_INIT, named = FERR_INIT;
    enum version_rc rc = version_correct_approval(r->wdb, number, on, f.reason, r->user->account_id,
                                                  r->user->name, &model);
    /* the model names the date approved_on; on this form it is corrected_on */
    for (size_t i = 0; i < model.n; i++)
        ferr_add(&named,
                 strcmp(model.e[i].field, "approved_on") == 0 ? "corrected_on" : model.e[i].field,
                 "%s", model.e[i].message);
    ferr_free(&model);
    static const char *const fields[] = {"corrected_on", "reason", NULL};
    return step_done(r, number, rc, &named, "approval_corrected", &f, fields, "main-content");
}

/* ---- the comparison ------------------------------------------------------------------ */

static int diff_body(struct req *r)
{
    int a = number_param(r, "a"), b = number_param(r, "b");
    struct version_info va, vb;
    int ga = a ? version_get(r->db, a, &va) : 0;
    if (ga < 0)
        return req_model_error(r);
    int gb = b ? version_get(r->db, b, &vb) : 0;
    if (gb < 0) {
        if (ga)
            version_info_free(&va);
        return req_model_error(r);
    }
    if (ga != 1 || gb != 1) {
        if (ga == 1)
            version_info_free(&va);
        if (gb == 1)
            version_info_free(&vb);
        req_error(r, 404, "Compare two plan versions that exist, such as /work/versions/1/diff/2.");
        return 0;
    }
    struct version_diff d;
    int rc = 0;
    struct field_errors none = FERR_INIT; /* both exist: checked above */
    if (version_diff(r->db, a, b, &d, &none) != VERSION_OK) {
        rc = req_model_error(r);
    } else {
        struct view_site site = site_of(r);
        view_version_diff(&r->out, &site, &d, &va, &vb);
    }
    ferr_free(&none);
    version_diff_free(&d);
    version_info_free(&va);
    version_info_free(&vb);
    return rc;
}

int page_version_diff(struct req *r)
{
    return page_read(r, diff_body);
}

/* page_dials.c — the dials and the milestones in the workspace and through
 * the write API (model/dials.h):
 *   GET  /work/measures                    the measures, what is due this month
 *   GET  /work/measures/{ref}              one measure's form and its entries
 *   POST /work/measures/{ref}              records a value
 *   POST /api/v1/measures/{ref}/values     the same, JSON with a token
 *   GET  /work/milestones                  the milestones one may mark achieved
 *   POST /work/milestones/{ref}            marks one achieved
 *   POST /api/v1/milestones/{ref}/achieved the same, JSON with a token
 *   GET  /work/export.xlsx                 the plan as a spreadsheet for officers
 * The model checks the role, the ownership and every rule again; a refused
 * form comes back with status 400 (403, 404, 409 as the model says) and its
 * values as typed, a refused API call with problem details (RFC 9457). */
#include "lib/text.h"
#include "model/dials.h"
#include "model/plan.h"
#include "model/xlsx.h"
#include "web/page_cycle.h"
#include "web/view_dials.h"
#include "web/web.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const unsigned rc_status[] = {[CYCLE_OK] = 200,
                                     [CYCLE_INVALID] = 400,
                                     [CYCLE_DENIED] = 403,
                                     [CYCLE_NOT_FOUND] = 404,
                                     [CYCLE_CONFLICT] = 409};

/* -- the measures -------------------------------------------------------------------- */

static int dials_body(struct req *r)
{
    char due[MONTH_LEN];
    struct dial_row *rows = NULL;
    size_t n = 0;
    if (dial_rows(r->db, due, &rows, &n))
        return req_model_error(r);
    struct view_dials v = {.due_month = due, .rows = rows, .n = n, .done = pc_done(r)};
    struct view_site site = WEB_SITE_R(r);
    buf_reset(&r->out);
    r->content_type = CT_HTML;
    r->cache_control = "no-store";
    view_dials(&r->out, &site, &v);
    dial_rows_free(rows, n);
    return 0;
}

/* GET /work/measures */
int page_dials(struct req *r)
{
    return page_read(r, dials_body);
}

/* Renders the form of the measure in the path with `status`, as typed in
 * `in` (or empty).  Answers 404 for no such measure. */
static int dial_render(struct req *r, unsigned status, const struct dial_input *in,
                       const struct field_errors *errs)
{
    const char *ref = req_param(r, "ref");
    struct dial_measure m;
    int found = dial_measure_find(r->db, ref, &m);
    if (found < 0)
        return req_model_error(r);
    if (!found) {
        char why[160];
        snprintf(why, sizeof why, "There is no measure %s.", TEXT_CLIP(ref, 100));
        req_error(r, 404, why);
        return 0;
    }
    char due[MONTH_LEN];
    struct dial_row *rows = NULL;
    struct dial_month *months = NULL;
    struct dial_entry *entries = NULL;
    size_t nrows = 0, nmonths = 0, nentries = 0;
    int rc = 0;
    if (dial_rows(r->db, due, &rows, &nrows) ||
        dial_months(r->db, date_today(), &months, &nmonths) ||
        dial_entries(r->db, m.id, false, &entries, &nentries)) {
        rc = req_model_error(r);
    } else {
        struct view_dial v = {.ref = m.ref,
                              .title = m.title,
                              .unit = m.unit,
                              .due_month = due,
                              .months = months,
                              .nmonths = nmonths,
                              .entries = entries,
                              .nentries = nentries,
                              .in = in,
                              .errors = errs,
                              .done = pc_done(r)};
        struct view_site site = WEB_SITE_R(r);
        buf_reset(&r->out);
        r->status = status;
        r->content_type = CT_HTML;
        r->cache_control = "no-store";
        view_dial(&r->out, &site, &v);
    }
    dial_rows_free(rows, nrows);
    free(months);
    dial_entries_free(entries, nentries);
    dial_measure_free(&m);
    return rc;
}

static int dial_body(struct req *r)
{
    return dial_render(r, 200, NULL, NULL);
}

/* GET /work/measures/{ref} */
int page_dial(struct req *r)
{
    return page_read(r, dial_body);
}

/* POST /work/measures/{ref} */
int post_dial(struct req *r)
{
    struct dial_input in = {
        .ref = req_param(r, "ref"),
        .month = req_form(r, "month"),
        .value = req_form(r, "value"),
        .note = req_form(r, "note"),
        .source = req_form(r, "source"),
    };
    struct field_errors errs = FERR_INIT;
    int m;
    if (pc_form_refused(r, &errs)) {
        m = dial_render(r, 400, &in, &errs);
        ferr_free(&errs);
        return m;
    }
    struct dial_saved saved;
    enum cycle_rc rc = dial_record(r->wdb, r->user, &in, &errs, &saved);
    if (rc == CYCLE_OK) {
        if (saved.correction)
            pc_redirect(r, "/work/measures/%U?done=value-corrected", in.ref);
        else
            pc_redirect(r, "/work/measures/%U?done=value-recorded", in.ref);
        m = 0;
    } else if ((m = pc_model_rc(r, r->wdb, rc, &errs)) > 0) {
        m = dial_render(r, rc_status[rc], &in, &errs);
    }
    ferr_free(&errs);
    return m;
}

/* Member `name` of `o` as a string; "" when absent or null (the dispatcher
 * has checked its type against the route's declaration). */
static const char *api_string(json_t *o, const char *name)
{
    json_t *v = json_object_get(o, name);
    return json_is_string(v) ? json_string_value(v) : "";
}

/* Answers a model refusal or failure of the API (returns what the handler
 * returns). */
static int api_refuse(struct req *r, struct db *db, enum cycle_rc rc,
                      const struct field_errors *errs)
{
    if (rc == CYCLE_ERROR) {
        snprintf(r->err, sizeof r->err, "%s", db->err);
        return -1;
    }
    req_problem(r, rc_status[rc], ferr_first(errs), errs);
    return 0;
}

/* POST /api/v1/measures/{ref}/values: {"month", "value" (a number), "note",
 * "source"}; answers 201 with the value recorded. */
int api_dial_value(struct req *r)
{
    json_t *doc = req_json_body(r, NULL);
    if (!json_is_object(doc)) {
        json_decref(doc);
        req_problem(r, 400, "The body must be a JSON object", NULL);
        return 0;
    }
    json_t *jv = json_object_get(doc, "value");
    double number = json_is_number(jv) ? json_number_value(jv) : 0;
    struct dial_input in = {
        .ref = req_param(r, "ref"),
        .month = api_string(doc, "month"),
        .value = "",
        .note = api_string(doc, "note"),
        .source = api_string(doc, "source"),
        .number = json_is_number(jv) ? &number : NULL,
    };
    struct field_errors errs = FERR_INIT;
    struct dial_saved s;
    enum cycle_rc rc = dial_record(r->wdb, r->user, &in, &errs, &s);
    int ret = 0;
    if (rc != CYCLE_OK) {
        ret = api_refuse(r, r->wdb, rc, &errs);
    } else {
        json_t *out = json_pack(
            "{s:s, s:s, s:s, s:f, s:o, s:s, s:s, s:s}", "measure", in.ref, "month", s.month, "date",
            s.date, "value", s.value, "previous", s.has_old ? json_real(s.old_value) : json_null(),
            "kind", s.correction ? "correction" : "entry", "note", in.note, "source", in.source);
        req_json(r, out);
        r->status = 201;
        r->cache_control = "no-store";
    }
    ferr_free(&errs);
    json_decref(doc);
    return ret;
}

/* -- the milestones ------------------------------------------------------------------- */

static int ms_render(struct req *r, unsigned status, const struct milestone_input *in,
                     const struct field_errors *errs)
{
    struct dial_milestone *ms = NULL;
    size_t n = 0;
    if (dial_milestones(r->db, r->user, &ms, &n))
        return req_model_error(r);
    char today[DATE_LEN];
    date_format(date_today(), today);
    struct view_ms_work v = {
        .ms = ms, .n = n, .in = in, .errors = errs, .today = today, .done = pc_done(r)};
    struct view_site site = WEB_SITE_R(r);
    buf_reset(&r->out);
    r->status = status;
    r->content_type = CT_HTML;
    r->cache_control = "no-store";
    view_ms_work(&r->out, &site, &v);
    dial_milestones_free(ms, n);
    return 0;
}

static int ms_body(struct req *r)
{
    return ms_render(r, 200, NULL, NULL);
}

/* GET /work/milestones */
int page_ms_work(struct req *r)
{
    return page_read(r, ms_body);
}

/* POST /work/milestones/{ref} */
int post_ms_work(struct req *r)
{
    struct milestone_input in = {.ref = req_param(r, "ref"),
                                 .achieved_on = req_form(r, "achieved_on"),
                                 .evidence = req_form(r, "evidence")};
    struct field_errors errs = FERR_INIT;
    int m;
    if (pc_form_refused(r, &errs)) {
        m = ms_render(r, 400, &in, &errs);
        ferr_free(&errs);
        return m;
    }
    enum cycle_rc rc = dial_achieve(r->wdb, r->user, &in, &errs, NULL);
    if (rc == CYCLE_OK) {
        req_redirect(r, "/work/milestones?done=milestone-achieved");
        m = 0;
    } else if ((m = pc_model_rc(r, r->wdb, rc, &errs)) > 0) {
        m = ms_render(r, rc_status[rc], &in, &errs);
    }
    ferr_free(&errs);
    return m;
}

/* POST /api/v1/milestones/{ref}/achieved: {"achieved_on", "evidence"};
 * answers 201. */
int api_ms_achieved(struct req *r)
{
    json_t *doc = req_json_body(r, NULL);
    if (!json_is_object(doc)) {
        json_decref(doc);
        req_problem(r, 400, "The body must be a JSON object", NULL);
        return 0;
    }
    struct milestone_input in = {.ref = req_param(r, "ref"),
                                 .achieved_on = api_string(doc, "achieved_on"),
                                 .evidence = api_string(doc, "evidence")};
    struct field_errors errs = FERR_INIT;
    enum cycle_rc rc = dial_achieve(r->wdb, r->user, &in, &errs, NULL);
    int ret = 0;
    if (rc != CYCLE_OK) {
        ret = api_refuse(r, r->wdb, rc, &errs);
    } else {
        req_json(r, json_pack("{s:s, s:s, s:s}", "milestone", in.ref, "achieved_on", in.achieved_on,
                              "evidence", in.evidence));
        r->status = 201;
        r->cache_control = "no-store";
    }
    ferr_free(&errs);
    json_decref(doc);
    return ret;
}

/* -- the spreadsheet for officers ----------------------------------------------------- */

/* GET /work/export.xlsx: the plan as it stands as a workbook (model/xlsx.h),
 * written to a private temporary file, read back and removed. */
int page_export_xlsx(struct req *r)
{
    struct plan p = {0};
    if (plan_load(r->db, &p)) {
        plan_free(&p);
        return req_model_error(r);
    }
    const char *dir = getenv("TMPDIR");
    struct buf path = BUF_INIT;
    buf_printf(&path, "%s/dialturn-export-XXXXXX", dir && *dir ? dir : "/tmp");
    char *name = xstrdup(buf_str(&path));
    buf_free(&path);
    int fd = mkstemp(name);
    int rc = 0;
    char err[512];
    if (fd < 0) {
        snprintf(r->err, sizeof r->err, "export.xlsx: %s", strerror(errno));
        rc = -1;
    } else {
        close(fd);
        if (plan_write_xlsx(&p, name, err, sizeof err)) {
            snprintf(r->err, sizeof r->err, "%s", err);
            rc = -1;
        } else {
            FILE *f = fopen(name, "rb");
            buf_reset(&r->out);
            char chunk[65536];
            size_t n;
            while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
                buf_append(&r->out, chunk, n);
            if (!f || ferror(f)) {
                snprintf(r->err, sizeof r->err, "export.xlsx: cannot read it back");
                rc = -1;
            }
            if (f)
                fclose(f);
        }
        unlink(name);
    }
    free(name);
    plan_free(&p);
    if (rc == 0) {
        r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        r->cache_control = "no-store";
        req_download(r, "plan.xlsx");
    }
    return rc;
}

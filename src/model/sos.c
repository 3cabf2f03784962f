/* sos.c — reports and letters to the Secretary of State (sos.h). */
#include "model/sos.h"
#include "lib/text.h"
#include "model/document.h"
#include "model/ledger.h"
#include "model/meeting.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct sos_section_def sos_sections[] = {
    {"summary", "Summary", {RS_STATEMENT}, 0, false},
    {"recommendations", "Progress against the recommendations", {RS_RECOMMENDATIONS}, 1, false},
    {"themes", "Progress by theme", {RS_HEADLINE}, 1, false},
    {"milestones", "Milestones met and missed", {RS_MILESTONES, RS_LATE}, 2, false},
    {"confidence", "Confidence and assurance", {RS_RED_LINE, RS_ASSURANCE}, 2, false},
    {"measures", "Measures", {RS_MEASURES}, 1, false},
    {"meetings", "The panel's meetings", {RS_STATEMENT}, 0, true},
};
const size_t sos_nsections = sizeof sos_sections / sizeof *sos_sections;

static const char *const state_codes[] = {"draft", "approved", "published"};
static const char *const state_labels[] = {"Draft", "Approved", "Published"};

const char *sos_state_code(enum sos_state s)
{
    return (unsigned)s < 3 ? state_codes[s] : "?";
}

const char *sos_state_label(enum sos_state s)
{
    return (unsigned)s < 3 ? state_labels[s] : "?";
}

const char *sos_kind_label(const char *kind)
{
    if (kind && strcmp(kind, "scheduled") == 0)
        return "Scheduled report";
    if (kind && strcmp(kind, "requested") == 0)
        return "Report requested by the department";
    if (kind && strcmp(kind, "letter") == 0)
        return "Letter";
    return "Report";
}

/* main.: on a record connection too, these are the tables themselves. */
#define SOS_COLS                                                                                   \
    "id, ref, kind, title, covers_from, covers_to, state, started_on, started_by_id, "             \
    "refreshed_at, approved_on, approved_by_id, published_on, html_document_id, "                  \
    "pdf_document_id, response_on, response, response_document_id"
static const char sql_get[] = "SELECT " SOS_COLS " FROM main.sos_report WHERE ref = :ref";
static const char sql_list[] =
    "SELECT " SOS_COLS " FROM main.sos_report WHERE (:pub = 0 OR state = 'published') "
    "ORDER BY covers_to DESC, ref DESC";
static const char sql_sections[] =
    "SELECT id, key, title, figures, assessment FROM main.sos_section WHERE report_id = :id "
    "ORDER BY position";
static const char sql_signed[] =
    "SELECT 1 FROM main.period WHERE month = :month AND status = 'signed_off'";
static const char sql_meetings[] =
    "SELECT ref, title, substr(starts_at, 1, 10), kind, open FROM main.meeting "
    "WHERE agenda_state = 'published' AND status = 'scheduled' "
    "AND substr(starts_at, 1, 10) BETWEEN :from AND :to ORDER BY starts_at, ref";
static const char sql_chairs[] =
    "SELECT count(*), count(*) FILTER (WHERE person_id = :person) FROM main.panel_member "
    "WHERE role = 'chair' AND (ended_on IS NULL OR ended_on >= :today)";

static char *dup_or_null(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : xstrdup(db_col_text(st, i));
}

static void read_row(sqlite3_stmt *st, struct sos_report *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->ref = xstrdup(db_col_text(st, 1));
    r->kind = xstrdup(db_col_text(st, 2));
    r->title = xstrdup(db_col_text(st, 3));
    text_clip(r->from, MONTH_LEN, db_col_text(st, 4));
    text_clip(r->to, MONTH_LEN, db_col_text(st, 5));
    const char *state = db_col_text(st, 6);
    r->state = strcmp(state, "published") == 0  ? SOS_PUBLISHED
               : strcmp(state, "approved") == 0 ? SOS_APPROVED
                                                : SOS_DRAFT;
    r->started_on = xstrdup(db_col_text(st, 7));
    r->started_by_id = sqlite3_column_int64(st, 8);
    r->refreshed_at = xstrdup(db_col_text(st, 9));
    r->approved_on = dup_or_null(st, 10);
    r->approved_by_id = sqlite3_column_int64(st, 11);
    r->published_on = dup_or_null(st, 12);
    r->html_document_id = sqlite3_column_int64(st, 13);
    r->pdf_document_id = sqlite3_column_int64(st, 14);
    r->response_on = dup_or_null(st, 15);
    r->response = dup_or_null(st, 16);
    r->response_document_id = sqlite3_column_int64(st, 17);
}

void sos_free(struct sos_report *r)
{
    if (!r)
        return;
    free(r->ref);
    free(r->kind);
    free(r->title);
    free(r->started_on);
    free(r->refreshed_at);
    free(r->approved_on);
    free(r->published_on);
    free(r->response_on);
    free(r->response);
    for (size_t i = 0; i < r->nsec; i++) {
        free(r->sec[i].key);
        free(r->sec[i].title);
        free(r->sec[i].figures);
        free(r->sec[i].assessment);
    }
    free(r->sec);
    memset(r, 0, sizeof *r);
}

void sos_list_free(struct sos_report *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sos_free(&v[i]);
    free(v);
}

int sos_get(struct db *db, const char *ref, bool published_only, struct sos_report *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, sql_get);
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref);
    int rc = db_step(db, st, "reading the report to the Secretary of State");
    if (rc == 1)
        read_row(st, out);
    sqlite3_reset(st);
    if (rc != 1)
        return rc;
    if (published_only && out->state != SOS_PUBLISHED) {
        sos_free(out);
        return 0;
    }
    st = db_prepare(db, sql_sections);
    if (!st) {
        sos_free(out);
        return -1;
    }
    db_bind_int(st, ":id", out->id);
    size_t cap = 0;
    while ((rc = db_step(db, st, "reading the report's sections")) == 1) {
        out->sec = xgrow(out->sec, out->nsec, &cap, sizeof *out->sec);
        struct sos_section *s = &out->sec[out->nsec++];
        s->id = sqlite3_column_int64(st, 0);
        s->key = xstrdup(db_col_text(st, 1));
        s->title = xstrdup(db_col_text(st, 2));
        s->figures = xstrdup(db_col_text(st, 3));
        s->assessment = xstrdup(db_col_text(st, 4));
    }
    sqlite3_reset(st);
    if (rc < 0) {
        sos_free(out);
        return -1;
    }
    return 1;
}

int sos_list(struct db *db, bool published_only, struct sos_report **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, sql_list);
    if (!st)
        return -1;
    db_bind_int(st, ":pub", published_only);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(db, st, "listing the reports to the Secretary of State")) == 1) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        read_row(st, &(*out)[(*n)++]);
    }
    sqlite3_reset(st);
    if (rc < 0) {
        sos_list_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

/* The panel's meetings held in the span, as a Markdown list. */
static int meetings_md(struct db *db, const char *from, const char *to, struct buf *b)
{
    int fm, tm;
    if (!month_parse(from, &fm) || !month_parse(to, &tm))
        return 0;
    char first[DATE_LEN], last[DATE_LEN];
    date_format(month_first_day(fm), first);
    date_format(month_last_day(tm), last);
    sqlite3_stmt *st = db_prepare(db, sql_meetings);
    if (!st)
        return -1;
    db_bind_text(st, ":from", first);
    db_bind_text(st, ":to", last);
    size_t n = 0;
    int rc;
    while ((rc = db_step(db, st, "listing the meetings held")) == 1) {
        if (!n++)
            buf_printf(b, "Meetings of the panel held from %s to %s:\n\n", first, last);
        buf_printf(b, "- %s: ", db_col_text(st, 2));
        /* the report is published: a closed meeting is listed as the public
         * pages list it, by its kind and date, never by its title */
        bool open = sqlite3_column_int(st, 4) != 0;
        for (const char *p = open ? db_col_text(st, 1) : MEETING_CLOSED_TITLE; *p; p++) {
            if (strchr("\\`*_[]<>|#!{}", *p))
                buf_putc(b, '\\');
            buf_putc(b, *p == '\n' ? ' ' : *p);
        }
        buf_printf(b, " (%s, %s)\n",
                   strcmp(db_col_text(st, 3), "quarterly_public") == 0 ? "public meeting"
                   : strcmp(db_col_text(st, 3), "extraordinary") == 0  ? "extraordinary meeting"
                                                                       : "monthly meeting",
                   open ? "open" : "closed");
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (!n)
        buf_printf(b, "The panel held no meeting from %s to %s.\n", first, last);
    return 0;
}

int sos_build(struct db *pdb, const char *from, const char *to, struct report *rep, char **figures)
{
    int rc = report_build_since(pdb, to, from, rep);
    if (rc <= 0)
        return rc;
    for (size_t i = 0; i < sos_nsections; i++) {
        const struct sos_section_def *d = &sos_sections[i];
        struct buf b = BUF_INIT;
        for (size_t k = 0; k < d->nfigures; k++)
            report_markdown_section(&b, rep, d->figures[k]);
        if (d->meetings && meetings_md(pdb, from, to, &b) < 0) {
            buf_free(&b);
            for (size_t k = 0; k < i; k++)
                free(figures[k]);
            report_free(rep);
            return -1;
        }
        figures[i] = xstrdup(buf_str(&b));
        buf_free(&b);
    }
    return 1;
}

/* --- changes ------------------------------------------------------------------------- */

static int month_signed(struct db *db, const char *month)
{
    sqlite3_stmt *st = db_prepare(db, sql_signed);
    if (!st)
        return -1;
    db_bind_text(st, ":month", month);
    int rc = db_step(db, st, "reading the period");
    sqlite3_reset(st);
    return rc;
}

/* Checks the span: both signed-off months, from <= to.  Returns 0 (fe may
 * hold refusals), -1 (db->err). */
static int check_span(struct db *db, const char *from, const char *to, struct field_errors *fe)
{
    int m;
    const char *v[2] = {from, to}, *names[2] = {"from", "to"};
    bool ok = true;
    for (int i = 0; i < 2; i++) {
        if (!v[i] || !month_parse(v[i], &m)) {
            ferr_add(fe, names[i], "Give a month as YYYY-MM.");
            ok = false;
            continue;
        }
        int s = month_signed(db, v[i]);
        if (s < 0)
            return -1;
        if (!s) {
            ferr_add(fe, names[i], "%s is not a signed-off month: a report covers only those.",
                     v[i]);
            ok = false;
        }
    }
    if (ok && strcmp(from, to) > 0)
        ferr_add(fe, "to", "The last month covered cannot be before the first.");
    return 0;
}

static void put_report_row(struct ledger_row *row, const struct sos_report *r)
{
    ledger_row_init(row, T_SOS_REPORT, r->id);
    ledger_row_text(row, "ref", r->ref);
    ledger_row_text(row, "kind", r->kind);
    ledger_row_text(row, "title", r->title);
    ledger_row_text(row, "covers_from", r->from);
    ledger_row_text(row, "covers_to", r->to);
    ledger_row_text(row, "state", sos_state_code(r->state));
    ledger_row_text(row, "started_on", r->started_on);
    if (r->started_by_id)
        ledger_row_int(row, "started_by_id", r->started_by_id);
    else
        ledger_row_null(row, "started_by_id");
    ledger_row_text(row, "refreshed_at", r->refreshed_at);
    ledger_row_text(row, "approved_on", r->approved_on);
    if (r->approved_by_id)
        ledger_row_int(row, "approved_by_id", r->approved_by_id);
    else
        ledger_row_null(row, "approved_by_id");
    ledger_row_text(row, "published_on", r->published_on);
    if (r->html_document_id)
        ledger_row_int(row, "html_document_id", r->html_document_id);
    else
        ledger_row_null(row, "html_document_id");
    if (r->pdf_document_id)
        ledger_row_int(row, "pdf_document_id", r->pdf_document_id);
    else
        ledger_row_null(row, "pdf_document_id");
    ledger_row_text(row, "response_on", r->response_on);
    ledger_row_text(row, "response", r->response);
    if (r->response_document_id)
        ledger_row_int(row, "response_document_id", r->response_document_id);
    else
        ledger_row_null(row, "response_document_id");
}

static int put_report(struct db *db, struct sos_report *r)
{
    struct ledger_row row;
    put_report_row(&row, r);
    int64_t id = ledger_put_row(db, &row, 0);
    if (id < 0)
        return -1;
    if (!r->id)
        r->id = id;
    return 0;
}

static int put_section(struct db *db, int64_t report_id, size_t pos, const struct sos_section *s)
{
    struct ledger_row row;
    ledger_row_init(&row, T_SOS_SECTION, s->id);
    ledger_row_int(&row, "report_id", report_id);
    ledger_row_int(&row, "position", (int64_t)pos + 1);
    ledger_row_text(&row, "key", s->key);
    ledger_row_text(&row, "title", s->title);
    ledger_row_text(&row, "figures", s->figures);
    ledger_row_text(&row, "assessment", s->assessment);
    return ledger_put_row(db, &row, 1) < 0 ? -1 : 0;
}

static bool text_ok(const char *s, size_t max)
{
    return s && strlen(s) <= max && text_utf8_valid(s);
}

/* Freezes the figures of r's span into its sections (new ones when it has
 * none), inside the caller's transaction. */
static enum sos_rc freeze(struct db *wdb, struct db *pdb, struct sos_report *r,
                          struct field_errors *fe)
{
    struct report rep;
    char *figures[16] = {0};
    int rc = sos_build(pdb, r->from, r->to, &rep, figures);
    if (rc < 0) {
        snprintf(wdb->err, sizeof wdb->err, "%s", pdb->err);
        return SOS_ERROR;
    }
    if (rc == 0) {
        ferr_add(fe, "to", "%s is not a signed-off month.", r->to);
        return SOS_REFUSED;
    }
    report_free(&rep);
    enum sos_rc out = SOS_OK;
    for (size_t i = 0; i < sos_nsections; i++) {
        struct sos_section s = {0, (char *)sos_sections[i].key, (char *)sos_sections[i].title,
                                figures[i], ""};
        if (i < r->nsec) {
            s.id = r->sec[i].id;
            s.assessment = r->sec[i].assessment;
        }
        if (out == SOS_OK && put_section(wdb, r->id, i, &s))
            out = SOS_ERROR;
        free(figures[i]);
    }
    return out;
}

enum sos_rc sos_start(struct db *wdb, struct db *pdb, const struct sos_start *in,
                      int64_t account_id, struct field_errors *fe)
{
    const char *ref = in->ref ? in->ref : "";
    size_t n = strlen(ref);
    bool ref_ok = n > 0 && n <= SOS_REF_MAX;
    for (size_t i = 0; i < n && ref_ok; i++)
        ref_ok = (ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z') ||
                 (ref[i] >= '0' && ref[i] <= '9') || ref[i] == '-' || ref[i] == '_';
    if (!ref_ok)
        ferr_add(fe, "ref",
                 "Give a reference of letters, digits and hyphens, at most %d characters, such "
                 "as SOS-2015-12.",
                 SOS_REF_MAX);
    const char *kind = in->kind ? in->kind : "";
    if (strcmp(kind, "scheduled") && strcmp(kind, "requested") && strcmp(kind, "letter"))
        ferr_add(fe, "kind",
                 "Choose whether it is a scheduled report, a requested one or a "
                 "letter.");
    if (!in->title || !*in->title || !text_ok(in->title, SOS_TITLE_MAX))
        ferr_add(fe, "title", "Give a title of at most %d characters.", SOS_TITLE_MAX);
    if (db_begin(wdb))
        return SOS_ERROR;
    enum sos_rc rc = SOS_ERROR;
    if (check_span(wdb, in->from, in->to, fe))
        goto fail;
    if (ref_ok) {
        struct sos_report old;
        int got = sos_get(wdb, ref, false, &old);
        if (got < 0)
            goto fail;
        if (got) {
            sos_free(&old);
            ferr_add(fe, "ref", "There is already a report %s.", ref);
        }
    }
    if (fe->n) {
        rc = SOS_REFUSED;
        goto fail;
    }
    struct sos_report r = {0};
    r.ref = (char *)ref;
    r.kind = (char *)kind;
    r.title = (char *)in->title;
    text_clip(r.from, MONTH_LEN, in->from);
    text_clip(r.to, MONTH_LEN, in->to);
    r.state = SOS_DRAFT;
    char today[DATE_LEN], now[DATE_TIME_LEN];
    date_now_utc(now);
    text_clip(today, sizeof today, now);
    if (in->on && in->on != DAY_NONE) {
        date_format(in->on, today);
        snprintf(now, sizeof now, "%sT09:00:00Z", today);
    }
    r.started_on = today;
    r.started_by_id = account_id;
    r.refreshed_at = now;
    if (put_report(wdb, &r))
        goto fail;
    rc = freeze(wdb, pdb, &r, fe);
    if (rc != SOS_OK)
        goto fail;
    if (db_commit(wdb)) {
        rc = SOS_ERROR;
        goto fail;
    }
    return SOS_OK;
fail:
    db_rollback(wdb);
    return rc;
}

/* Reads the report in the transaction; refuses it unless in state `want`. */
static enum sos_rc load_in(struct db *wdb, const char *ref, enum sos_state want,
                           struct sos_report *r, struct field_errors *fe)
{
    int got = sos_get(wdb, ref ? ref : "", false, r);
    if (got < 0)
        return SOS_ERROR;
    if (!got)
        return SOS_NOT_FOUND;
    if (r->state != want) {
        ferr_add(fe, "state", "This report is %s: it must be %s for that.",
                 r->state == SOS_PUBLISHED  ? "published"
                 : r->state == SOS_APPROVED ? "approved"
                                            : "a draft",
                 want == SOS_DRAFT      ? "a draft"
                 : want == SOS_APPROVED ? "approved"
                                        : "published");
        sos_free(r);
        return SOS_REFUSED;
    }
    return SOS_OK;
}

enum sos_rc sos_refresh(struct db *wdb, struct db *pdb, const char *ref, const char *from,
                        const char *to, struct field_errors *fe)
{
    if (db_begin(wdb))
        return SOS_ERROR;
    struct sos_report r;
    enum sos_rc rc = load_in(wdb, ref, SOS_DRAFT, &r, fe);
    if (rc != SOS_OK) {
        db_rollback(wdb);
        return rc;
    }
    rc = SOS_ERROR;
    const char *f = from && *from ? from : r.from, *t = to && *to ? to : r.to;
    if (check_span(wdb, f, t, fe))
        goto out;
    if (fe->n) {
        rc = SOS_REFUSED;
        goto out;
    }
    text_clip(r.from, MONTH_LEN, f);
    text_clip(r.to, MONTH_LEN, t);
    char now[DATE_TIME_LEN];
    date_now_utc(now);
    free(r.refreshed_at);
    r.refreshed_at = xstrdup(now);
    if (put_report(wdb, &r))
        goto out;
    rc = freeze(wdb, pdb, &r, fe);
    if (rc == SOS_OK && db_commit(wdb))
        rc = SOS_ERROR;
out:
    if (rc != SOS_OK)
        db_rollback(wdb);
    sos_free(&r);
    return rc;
}

enum sos_rc sos_assess(struct db *wdb, const char *ref, const char *key, const char *body,
                       struct field_errors *fe)
{
    if (!text_ok(body ? body : "", SOS_ASSESSMENT_MAX)) {
        ferr_add(fe, "assessment", "The assessment must be text of at most %d bytes.",
                 SOS_ASSESSMENT_MAX);
        return SOS_REFUSED;
    }
    if (db_begin(wdb))
        return SOS_ERROR;
    struct sos_report r;
    enum sos_rc rc = load_in(wdb, ref, SOS_DRAFT, &r, fe);
    if (rc != SOS_OK) {
        db_rollback(wdb);
        return rc;
    }
    rc = SOS_NOT_FOUND;
    for (size_t i = 0; i < r.nsec; i++) {
        if (strcmp(r.sec[i].key, key ? key : "") != 0)
            continue;
        free(r.sec[i].assessment);
        r.sec[i].assessment = xstrdup(body ? body : "");
        rc = put_section(wdb, r.id, i, &r.sec[i]) || db_commit(wdb) ? SOS_ERROR : SOS_OK;
        break;
    }
    if (rc != SOS_OK)
        db_rollback(wdb);
    sos_free(&r);
    return rc;
}

int sos_is_chair(struct db *db, int64_t person_id)
{
    sqlite3_stmt *st = db_prepare(db, sql_chairs);
    if (!st)
        return -1;
    char today[DATE_LEN];
    date_format(date_today(), today);
    db_bind_int(st, ":person", person_id);
    db_bind_text(st, ":today", today);
    int rc = db_step(db, st, "finding the panel's chair");
    int chairs = rc == 1 ? sqlite3_column_int(st, 0) : 0;
    int is = rc == 1 ? sqlite3_column_int(st, 1) : 0;
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    return chairs == 0 || (person_id && is > 0);
}

enum sos_rc sos_approve(struct db *wdb, const char *ref, int64_t account_id, int64_t person_id,
                        day_t day, struct field_errors *fe)
{
    if (db_begin(wdb))
        return SOS_ERROR;
    struct sos_report r;
    enum sos_rc rc = load_in(wdb, ref, SOS_DRAFT, &r, fe);
    if (rc != SOS_OK) {
        db_rollback(wdb);
        return rc;
    }
    rc = SOS_ERROR;
    int chair = sos_is_chair(wdb, person_id);
    if (chair < 0)
        goto out;
    if (!chair)
        ferr_add(fe, "approve",
                 "Only the panel's chair approves a report to the Secretary of "
                 "State.");
    for (size_t i = 0; i < r.nsec; i++)
        if (!*r.sec[i].assessment) {
            struct buf f = BUF_INIT;
            buf_printf(&f, "assessment-%s", r.sec[i].key);
            ferr_add(fe, buf_str(&f), "The section \"%s\" has no assessment yet.", r.sec[i].title);
            buf_free(&f);
        }
    if (fe->n) {
        rc = SOS_REFUSED;
        goto out;
    }
    char d[DATE_LEN];
    date_format(day, d);
    free(r.approved_on);
    r.approved_on = xstrdup(d);
    r.approved_by_id = account_id;
    r.state = SOS_APPROVED;
    rc = put_report(wdb, &r) || db_commit(wdb) ? SOS_ERROR : SOS_OK;
out:
    if (rc != SOS_OK)
        db_rollback(wdb);
    sos_free(&r);
    return rc;
}

static int store_doc(struct db *wdb, const char *ref, const char *ext, const struct buf *b,
                     int64_t account_id, int64_t *id)
{
    char name[80];
    snprintf(name, sizeof name, "%s.%s", ref, ext);
    struct document_upload up = {b->data, b->len, name, NULL, true, account_id};
    enum document_result dr = document_put(wdb, &up, id);
    if (dr == DOCUMENT_OK)
        return 0;
    if (dr != DOCUMENT_ERROR)
        snprintf(wdb->err, sizeof wdb->err, "storing %s: refused", name);
    return -1;
}

enum sos_rc sos_publish(struct db *wdb, const char *ref, day_t day, const struct buf *html,
                        const struct buf *pdf, int64_t account_id, struct field_errors *fe)
{
    if (db_begin(wdb))
        return SOS_ERROR;
    struct sos_report r;
    enum sos_rc rc = load_in(wdb, ref, SOS_APPROVED, &r, fe);
    if (rc != SOS_OK) {
        db_rollback(wdb);
        return rc;
    }
    rc = SOS_ERROR;
    day_t approved;
    if (r.approved_on && date_parse(r.approved_on, &approved) && day < approved) {
        ferr_add(fe, "published_on", "A report cannot be published before it was approved (%s).",
                 r.approved_on);
        rc = SOS_REFUSED;
        goto out;
    }
    if (store_doc(wdb, r.ref, "html.txt", html, account_id, &r.html_document_id) ||
        store_doc(wdb, r.ref, "pdf", pdf, account_id, &r.pdf_document_id))
        goto out;
    char d[DATE_LEN];
    date_format(day, d);
    free(r.published_on);
    r.published_on = xstrdup(d);
    r.state = SOS_PUBLISHED;
    rc = put_report(wdb, &r) || db_commit(wdb) ? SOS_ERROR : SOS_OK;
out:
    if (rc != SOS_OK)
        db_rollback(wdb);
    sos_free(&r);
    return rc;
}

enum sos_rc sos_respond(struct db *wdb, const char *ref, const char *date, const char *body,
                        int64_t document_id, struct field_errors *fe)
{
    day_t d;
    if (!date || !date_parse(date, &d))
        ferr_add(fe, "response_on", "Give the date of the response as YYYY-MM-DD.");
    else if (d > date_today())
        ferr_add(fe, "response_on", "The response's date cannot be in the future.");
    bool has_body = body && *body;
    if (has_body && !text_ok(body, SOS_RESPONSE_MAX))
        ferr_add(fe, "response", "The response's text must be at most %d bytes.", SOS_RESPONSE_MAX);
    else if (!has_body && !document_id)
        ferr_add(fe, "response",
                 "Give the response's text, the number of the letter's document, or both.");
    if (db_begin(wdb))
        return SOS_ERROR;
    struct sos_report r;
    enum sos_rc rc = load_in(wdb, ref, SOS_PUBLISHED, &r, fe);
    if (rc != SOS_OK) {
        db_rollback(wdb);
        return rc;
    }
    rc = SOS_ERROR;
    if (document_id) { /* read in the transaction that stores it */
        struct document doc;
        int got = document_get(wdb, document_id, false, &doc);
        if (got < 0)
            goto out;
        if (!got)
            ferr_add(fe, "response_document",
                     "There is no document %lld: give the number of an "
                     "uploaded document.",
                     (long long)document_id);
        else if (!doc.public)
            ferr_add(fe, "response_document",
                     "Document %lld is restricted: a published report's response is public, so "
                     "upload the letter as a public document.",
                     (long long)document_id);
        if (got)
            document_free(&doc);
    }
    day_t pub;
    if (!ferr_find(fe, "response_on") && r.published_on && date_parse(r.published_on, &pub) &&
        d < pub)
        ferr_add(fe, "response_on",
                 "The response cannot be dated before the report's "
                 "publication (%s).",
                 r.published_on);
    if (fe->n) {
        rc = SOS_REFUSED;
        goto out;
    }
    free(r.response_on);
    free(r.response);
    r.response_on = xstrdup(date);
    r.response = has_body ? xstrdup(body) : NULL;
    r.response_document_id = document_id;
    rc = put_report(wdb, &r) || db_commit(wdb) ? SOS_ERROR : SOS_OK;
out:
    if (rc != SOS_OK)
        db_rollback(wdb);
    sos_free(&r);
    return rc;
}

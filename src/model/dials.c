/* dials.c — measure values for a month and milestones achieved (see dials.h). */
#include "model/dials.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include "model/cycle_int.h"
#include "model/ledger.h"
#include "model/limits.h"
#include "model/record.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool dial_value_parse(const char *s, double *out)
{
    if (!s)
        return false;
    size_t n = strlen(s), i = 0;
    if (n == 0 || n > 30)
        return false;
    if (s[i] == '-')
        i++;
    size_t d0 = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == d0)
        return false;
    if (i < n && s[i] == '.') {
        size_t f0 = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == f0)
            return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t e0 = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == e0)
            return false;
    }
    if (i != n)
        return false;
    double v = strtod(s, NULL);
    if (limits_number(v))
        return false;
    *out = v;
    return true;
}

bool dial_date_check(day_t d, day_t today, char *why, size_t whylen)
{
    if (d == DAY_NONE) {
        snprintf(why, whylen, "Enter a real date, written YYYY-MM-DD");
        return false;
    }
    if (date_month(d) > date_month(today)) {
        char t[DATE_LEN];
        date_format(today, t);
        snprintf(why, whylen, "A value cannot be for a month after this one (today is %s)", t);
        return false;
    }
    return true;
}

/* -- recording a value ------------------------------------------------------------------ */

static const char sql_measure[] = "SELECT id FROM measure WHERE ref = :ref";
static const char sql_period[] = "SELECT status FROM period WHERE month = :month";
/* The measure's value of the month: one a month (an import may have brought
 * two in a month before this rule; the latest date is the month's). */
static const char sql_value[] = "SELECT id, value, date FROM measure_value"
                                " WHERE measure_id = :m AND substr(date, 1, 7) = :month"
                                " ORDER BY date DESC, id DESC LIMIT 1";

enum cycle_rc dial_record(struct db *db, const struct session_user *u, const struct dial_input *in,
                          struct field_errors *errs, struct dial_saved *out)
{
    enum cycle_rc rc = cycle_need(u, CAP_MEASURES, errs);
    if (rc)
        return rc;
    int m = 0;
    double value = 0;
    const char *note = in->note ? in->note : "", *source = in->source ? in->source : "";
    day_t today = date_today();
    if (cycle_blank(in->ref))
        cycle_err(errs, "measure", "Enter the reference of the measure");
    if (!in->month || !month_parse(in->month, &m)) {
        cycle_err(errs, "month", "Enter the month the value is for, written YYYY-MM");
    } else {
        char why[160];
        if (!dial_date_check(month_last_day(m), today, why, sizeof why))
            cycle_err(errs, "month", "%s", why);
    }
    char typed[40]; /* the value as the messages quote it */
    snprintf(typed, sizeof typed, "%.30s", in->value ? in->value : "");
    if (in->number) {
        value = *in->number;
        snprintf(typed, sizeof typed, "%.15g", value);
        if (limits_number(value))
            cycle_err(errs, "value", "The value must be a number from -1e15 to 1e15");
    } else if (cycle_blank(in->value))
        cycle_err(errs, "value", "Enter the value, a number such as 42 or 3.5");
    else if (!dial_value_parse(in->value, &value))
        cycle_err(errs, "value",
                  "The value must be a number from -1e15 to 1e15 such as 42, -1 or 3.5 (no "
                  "commas or units)");
    if (strlen(note) > DIAL_NOTE_MAX)
        cycle_err(errs, "note", "The note must be 2,000 characters or fewer");
    if (strlen(source) > DIAL_SOURCE_MAX)
        cycle_err(errs, "source", "The source must be 500 characters or fewer");
    if (errs->n)
        return CYCLE_INVALID;

    if (db_begin(db))
        return CYCLE_ERROR;
    sqlite3_stmt *st = db_prepare(db, sql_measure);
    if (!st)
        return cycle_abort(db, CYCLE_ERROR);
    db_bind_text(st, ":ref", in->ref);
    int r = db_step(db, st, "finding the measure");
    int64_t mid = r > 0 ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (r < 0)
        return cycle_abort(db, CYCLE_ERROR);
    if (r == 0) {
        cycle_err(errs, "measure", "There is no measure %s", in->ref);
        return cycle_abort(db, CYCLE_NOT_FOUND);
    }
    if (!(st = db_prepare(db, sql_period)))
        return cycle_abort(db, CYCLE_ERROR);
    db_bind_text(st, ":month", in->month);
    r = db_step(db, st, "finding the month");
    bool sealed = r > 0 && strcmp(db_col_text(st, 0), "signed_off") == 0;
    sqlite3_reset(st);
    if (r < 0)
        return cycle_abort(db, CYCLE_ERROR);
    if (r == 0) {
        cycle_err(errs, "month",
                  "%s is not one of the plan's reporting months: the programme office opens "
                  "each month before its values are entered",
                  in->month);
        return cycle_abort(db, CYCLE_INVALID);
    }
    if (!(st = db_prepare(db, sql_value)))
        return cycle_abort(db, CYCLE_ERROR);
    db_bind_int(st, ":m", mid);
    db_bind_text(st, ":month", in->month);
    r = db_step(db, st, "finding the month's value");
    int64_t vid = r > 0 ? sqlite3_column_int64(st, 0) : 0;
    double old = r > 0 ? sqlite3_column_double(st, 1) : 0;
    char date[DATE_LEN];
    if (r > 0)
        snprintf(date, sizeof date, "%s", db_col_text(st, 2));
    else
        date_format(month_last_day(m), date);
    sqlite3_reset(st);
    if (r < 0)
        return cycle_abort(db, CYCLE_ERROR);
    bool correction = vid && sealed;
    if (vid && old == value) {
        cycle_err(errs, "value", "%s already reads %s for %s: nothing to change", in->ref, typed,
                  in->month);
        return cycle_abort(db, CYCLE_INVALID);
    }
    if (correction && cycle_blank(note)) {
        cycle_err(errs, "note",
                  "%s is signed off: this is a correction of its value, published beside the "
                  "original. Enter a note saying why",
                  in->month);
        return cycle_abort(db, CYCLE_INVALID);
    }
    struct ledger_row row;
    ledger_row_init(&row, T_MEASURE_VALUE, vid);
    ledger_row_int(&row, "measure_id", mid);
    ledger_row_text(&row, "date", date);
    ledger_row_real(&row, "value", value);
    int64_t id = ledger_put_row(db, &row, 0);
    if (id < 0)
        return cycle_abort(db, CYCLE_ERROR);
    char at[DATE_TIME_LEN];
    date_now_utc(at);
    ledger_row_init(&row, T_MEASURE_ENTRY, 0);
    ledger_row_int(&row, "value_id", id);
    ledger_row_text(&row, "month", in->month);
    ledger_row_text(&row, "kind", correction ? "correction" : "entry");
    if (vid)
        ledger_row_real(&row, "old_value", old);
    else
        ledger_row_null(&row, "old_value");
    ledger_row_real(&row, "value", value);
    ledger_row_text(&row, "note", note);
    ledger_row_text(&row, "source", source);
    ledger_row_int(&row, "account_id", u->account_id);
    ledger_row_text(&row, "by_name", u->name);
    ledger_row_text(&row, "at", at);
    int64_t eid = ledger_put_row(db, &row, 0);
    if (eid < 0 || db_commit(db))
        return cycle_abort(db, CYCLE_ERROR);
    if (out) {
        *out = (struct dial_saved){.value_id = id,
                                   .entry_id = eid,
                                   .value = value,
                                   .has_old = vid != 0,
                                   .old_value = old,
                                   .correction = correction};
        snprintf(out->month, sizeof out->month, "%s", in->month);
        snprintf(out->date, sizeof out->date, "%s", date);
    }
    return CYCLE_OK;
}

static const char sql_measure_find[] = "SELECT id, ref, title, unit FROM measure WHERE ref = :ref";

int dial_measure_find(struct db *db, const char *ref, struct dial_measure *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, sql_measure_find);
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref);
    int r = db_step(db, st, "finding the measure");
    if (r > 0) {
        out->id = sqlite3_column_int64(st, 0);
        out->ref = xstrdup(db_col_text(st, 1));
        out->title = xstrdup(db_col_text(st, 2));
        out->unit = xstrdup(db_col_text(st, 3));
    }
    sqlite3_reset(st);
    return r;
}

void dial_measure_free(struct dial_measure *m)
{
    free(m->ref);
    free(m->title);
    free(m->unit);
    memset(m, 0, sizeof *m);
}

/* -- reading the entries ---------------------------------------------------------------- */

/* On a record connection measure_entry is the view of record.c (months up to
 * the one in scope, entries within its head); on the writer's, the table. */
static const char sql_entries[] =
    "SELECT e.id, e.month, e.kind, e.old_value, e.value, e.note, e.source, e.by_name, e.at"
    "  FROM measure_entry e JOIN main.measure_value v ON v.id = e.value_id"
    " WHERE v.measure_id = :m AND (:corr = 0 OR e.kind = 'correction')"
    " ORDER BY e.month, e.id";

int dial_entries(struct db *db, int64_t measure_id, bool corrections_only, struct dial_entry **out,
                 size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, sql_entries);
    if (!st)
        return -1;
    db_bind_int(st, ":m", measure_id);
    db_bind_int(st, ":corr", corrections_only);
    size_t cap = 0;
    int r;
    while ((r = db_step(db, st, "reading the measure's entries")) > 0) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct dial_entry *e = &(*out)[(*n)++];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(st, 0);
        snprintf(e->month, sizeof e->month, "%s", db_col_text(st, 1));
        e->correction = strcmp(db_col_text(st, 2), "correction") == 0;
        e->has_old = sqlite3_column_type(st, 3) != SQLITE_NULL;
        e->old_value = sqlite3_column_double(st, 3);
        e->value = sqlite3_column_double(st, 4);
        e->note = xstrdup(db_col_text(st, 5));
        e->source = xstrdup(db_col_text(st, 6));
        e->by_name = xstrdup(db_col_text(st, 7));
        snprintf(e->at, sizeof e->at, "%s", db_col_text(st, 8));
    }
    sqlite3_reset(st);
    if (r < 0) {
        dial_entries_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

void dial_entries_free(struct dial_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].note);
        free(e[i].source);
        free(e[i].by_name);
    }
    free(e);
}

/* -- the workspace's list --------------------------------------------------------------- */

static const char sql_due_month[] =
    "SELECT coalesce((SELECT max(month) FROM period WHERE status <> 'signed_off'),"
    " (SELECT max(month) FROM period), '')";
static const char sql_rows[] = "SELECT m.id, m.ref, m.title, m.unit,"
                               " (SELECT v.value FROM measure_value v WHERE v.measure_id = m.id"
                               "   AND substr(v.date, 1, 7) = :due ORDER BY v.date DESC LIMIT 1),"
                               " (SELECT v.date FROM measure_value v WHERE v.measure_id = m.id"
                               "   ORDER BY v.date DESC LIMIT 1),"
                               " (SELECT v.value FROM measure_value v WHERE v.measure_id = m.id"
                               "   ORDER BY v.date DESC LIMIT 1)"
                               " FROM measure m";

static int row_cmp(const void *a, const void *b)
{
    return natcmp(((const struct dial_row *)a)->ref, ((const struct dial_row *)b)->ref);
}

int dial_rows(struct db *db, char due_month[MONTH_LEN], struct dial_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    due_month[0] = 0;
    sqlite3_stmt *st = db_prepare(db, sql_due_month);
    if (!st)
        return -1;
    int r = db_step(db, st, "finding the month due");
    if (r > 0)
        snprintf(due_month, MONTH_LEN, "%s", db_col_text(st, 0));
    sqlite3_reset(st);
    if (r < 0 || !(st = db_prepare(db, sql_rows)))
        return -1;
    db_bind_text(st, ":due", due_month);
    size_t cap = 0;
    while ((r = db_step(db, st, "listing the measures")) > 0) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct dial_row *x = &(*out)[(*n)++];
        memset(x, 0, sizeof *x);
        x->id = sqlite3_column_int64(st, 0);
        x->ref = xstrdup(db_col_text(st, 1));
        x->title = xstrdup(db_col_text(st, 2));
        x->unit = xstrdup(db_col_text(st, 3));
        x->has_due = sqlite3_column_type(st, 4) != SQLITE_NULL;
        x->due_value = sqlite3_column_double(st, 4);
        x->has_latest = sqlite3_column_type(st, 5) != SQLITE_NULL;
        if (x->has_latest)
            snprintf(x->latest_month, sizeof x->latest_month, "%.7s", db_col_text(st, 5));
        x->latest = sqlite3_column_double(st, 6);
    }
    sqlite3_reset(st);
    if (r < 0) {
        dial_rows_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, row_cmp);
    return 0;
}

void dial_rows_free(struct dial_row *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(r[i].ref);
        free(r[i].title);
        free(r[i].unit);
    }
    free(r);
}

static const char sql_months[] =
    "SELECT month, status = 'signed_off' FROM period WHERE month <= :now ORDER BY month DESC";

int dial_months(struct db *db, day_t today, struct dial_month **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, sql_months);
    if (!st)
        return -1;
    char now[MONTH_LEN];
    month_format(date_month(today), now);
    db_bind_text(st, ":now", now);
    size_t cap = 0;
    int r;
    while ((r = db_step(db, st, "listing the months")) > 0) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct dial_month *m = &(*out)[(*n)++];
        snprintf(m->month, sizeof m->month, "%s", db_col_text(st, 0));
        m->sealed = sqlite3_column_int(st, 1) != 0;
    }
    sqlite3_reset(st);
    if (r < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

/* -- milestones ------------------------------------------------------------------------- */

static const char sql_milestone[] =
    "SELECT ms.id, coalesce(a.owner_id, 0), coalesce(ms.achieved_on, ''), ms.action_id,"
    " ms.ref, ms.title, ms.due, ms.baseline_due, ms.public"
    " FROM milestone ms LEFT JOIN action a ON a.id = ms.action_id WHERE ms.ref = :ref";
/* The plan's start: the earliest of its actions' planned starts and the
 * first day of its first reporting month. */
static const char sql_plan_start[] = "SELECT min(d) FROM (SELECT min(start) AS d FROM action"
                                     " UNION ALL SELECT min(month) || '-01' FROM period)";

/* Whether u marks any milestone (the programme office, which edits the plan). */
static bool marks_any(const struct session_user *u)
{
    return role_has(u->role, CAP_EDIT_PLAN);
}

enum cycle_rc dial_achieve(struct db *db, const struct session_user *u,
                           const struct milestone_input *in, struct field_errors *errs, int64_t *id)
{
    enum cycle_rc rc = cycle_need(u, CAP_MILESTONES, errs);
    if (rc)
        return rc;
    day_t on = DAY_NONE, today = date_today();
    const char *evidence = in->evidence ? in->evidence : "";
    if (cycle_blank(in->achieved_on))
        cycle_err(errs, "achieved_on", "Enter the date the milestone was achieved");
    else if (!date_parse(in->achieved_on, &on))
        cycle_err(errs, "achieved_on", "Enter a real date, written YYYY-MM-DD");
    else if (on > today)
        cycle_err(errs, "achieved_on", "The date cannot be in the future");
    if (strlen(evidence) > DIAL_NOTE_MAX)
        cycle_err(errs, "evidence", "The evidence must be 2,000 characters or fewer");
    if (errs->n)
        return CYCLE_INVALID;
    if (db_begin(db))
        return CYCLE_ERROR;
    sqlite3_stmt *st = db_prepare(db, sql_milestone);
    if (!st)
        return cycle_abort(db, CYCLE_ERROR);
    db_bind_text(st, ":ref", in->ref);
    int r = db_step(db, st, "finding the milestone");
    if (r <= 0) {
        sqlite3_reset(st);
        if (r == 0)
            cycle_err(errs, "", "There is no milestone %s", in->ref ? in->ref : "");
        return cycle_abort(db, r == 0 ? CYCLE_NOT_FOUND : CYCLE_ERROR);
    }
    int64_t msid = sqlite3_column_int64(st, 0), owner = sqlite3_column_int64(st, 1);
    char was[DATE_LEN];
    snprintf(was, sizeof was, "%s", db_col_text(st, 2));
    bool has_action = sqlite3_column_type(st, 3) != SQLITE_NULL;
    int64_t action_id = sqlite3_column_int64(st, 3);
    char *ref = xstrdup(db_col_text(st, 4)), *title = xstrdup(db_col_text(st, 5));
    char due[DATE_LEN], baseline_due[DATE_LEN];
    snprintf(due, sizeof due, "%s", db_col_text(st, 6));
    snprintf(baseline_due, sizeof baseline_due, "%s", db_col_text(st, 7));
    int64_t pub = sqlite3_column_int64(st, 8);
    bool due_null = sqlite3_column_type(st, 6) == SQLITE_NULL;
    bool base_null = sqlite3_column_type(st, 7) == SQLITE_NULL;
    sqlite3_reset(st);
    rc = CYCLE_OK;
    if (!marks_any(u)) {
        if (!u->person_id || !owner || owner != u->person_id) {
            cycle_err(errs, "",
                      "Only the programme office or the owner of its action marks milestone %s "
                      "achieved",
                      ref);
            rc = CYCLE_DENIED;
        }
    }
    if (!rc && strcmp(was, in->achieved_on) == 0) {
        cycle_err(errs, "achieved_on", "Milestone %s is already recorded as achieved on %s", ref,
                  was);
        rc = CYCLE_CONFLICT;
    }
    day_t start = DAY_NONE;
    if (!rc) {
        if (!(st = db_prepare(db, sql_plan_start)) ||
            (r = db_step(db, st, "finding the plan's start")) < 0) {
            if (st)
                sqlite3_reset(st);
            rc = CYCLE_ERROR;
        } else {
            start = r > 0 ? db_col_date(st, 0) : DAY_NONE;
            sqlite3_reset(st);
            if (start != DAY_NONE && on < start) {
                char s[DATE_LEN];
                date_format(start, s);
                cycle_err(errs, "achieved_on", "The date cannot be before the plan's start, %s", s);
                rc = CYCLE_INVALID;
            }
        }
    }
    if (!rc) {
        /* a date up to the end of the latest signed-off month, the old one or
         * the new, is in a sealed record: changing it corrects that record,
         * which, as a measure's value in a signed-off month, says why */
        int sealed;
        if (record_sealed_month(db, &sealed)) {
            rc = CYCLE_ERROR;
        } else if (sealed >= 0) {
            day_t end = month_last_day(sealed), old_on;
            bool old_sealed = date_parse(was, &old_on) && old_on <= end;
            if ((old_sealed || on <= end) && cycle_blank(evidence)) {
                char m[MONTH_LEN];
                month_format(sealed, m);
                if (old_sealed)
                    cycle_err(errs, "evidence",
                              "Milestone %s was achieved on %s, which the signed-off record up to "
                              "%s holds: say in the evidence why the date changes",
                              ref, was, m);
                else
                    cycle_err(errs, "evidence",
                              "%s is in the signed-off record up to %s: say in the evidence why "
                              "the achievement is recorded after that month's sign-off",
                              in->achieved_on, m);
                rc = CYCLE_INVALID;
            }
        }
    }
    int64_t aid = -1;
    if (!rc) {
        struct ledger_row row;
        ledger_row_init(&row, T_MILESTONE, msid);
        ledger_row_text(&row, "ref", ref);
        if (has_action)
            ledger_row_int(&row, "action_id", action_id);
        else
            ledger_row_null(&row, "action_id");
        ledger_row_text(&row, "title", title);
        ledger_row_text(&row, "due", due_null ? NULL : due);
        ledger_row_text(&row, "baseline_due", base_null ? NULL : baseline_due);
        ledger_row_text(&row, "achieved_on", in->achieved_on);
        ledger_row_int(&row, "public", pub);
        char at[DATE_TIME_LEN];
        date_now_utc(at);
        if (ledger_put_row(db, &row, 0) < 0) {
            rc = CYCLE_ERROR;
        } else {
            ledger_row_init(&row, T_MILESTONE_ACHIEVEMENT, 0);
            ledger_row_int(&row, "milestone_id", msid);
            ledger_row_text(&row, "achieved_on", in->achieved_on);
            ledger_row_text(&row, "evidence", evidence);
            ledger_row_int(&row, "account_id", u->account_id);
            ledger_row_text(&row, "by_name", u->name);
            ledger_row_text(&row, "at", at);
            if ((aid = ledger_put_row(db, &row, 0)) < 0 || db_commit(db))
                rc = CYCLE_ERROR;
        }
    }
    free(ref);
    free(title);
    if (rc)
        return cycle_abort(db, rc);
    if (id)
        *id = aid;
    return CYCLE_OK;
}

static const char sql_milestones[] =
    "SELECT ms.ref, ms.title, a.ref, coalesce(ms.due, ''), coalesce(ms.achieved_on, ''),"
    " (SELECT x.evidence FROM milestone_achievement x WHERE x.milestone_id = ms.id"
    "   ORDER BY x.id DESC LIMIT 1),"
    " coalesce(a.owner_id, 0)"
    " FROM milestone ms LEFT JOIN action a ON a.id = ms.action_id"
    " WHERE (:any = 1 OR a.owner_id = :person)"
    " ORDER BY ms.due IS NULL, ms.due, ms.ref";

int dial_milestones(struct db *db, const struct session_user *u, struct dial_milestone **out,
                    size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, sql_milestones);
    if (!st)
        return -1;
    bool any = marks_any(u);
    db_bind_int(st, ":any", any);
    db_bind_int(st, ":person", u->person_id ? u->person_id : -1);
    size_t cap = 0;
    int r;
    while ((r = db_step(db, st, "listing the milestones")) > 0) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct dial_milestone *m = &(*out)[(*n)++];
        memset(m, 0, sizeof *m);
        m->ref = xstrdup(db_col_text(st, 0));
        m->title = xstrdup(db_col_text(st, 1));
        m->action_ref =
            sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : xstrdup(db_col_text(st, 2));
        snprintf(m->due, sizeof m->due, "%s", db_col_text(st, 3));
        snprintf(m->achieved_on, sizeof m->achieved_on, "%s", db_col_text(st, 4));
        m->evidence =
            sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : xstrdup(db_col_text(st, 5));
        m->mine = any || (u->person_id && sqlite3_column_int64(st, 6) == u->person_id);
    }
    sqlite3_reset(st);
    if (r < 0) {
        dial_milestones_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

void dial_milestones_free(struct dial_milestone *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(m[i].ref);
        free(m[i].title);
        free(m[i].action_ref);
        free(m[i].evidence);
    }
    free(m);
}

/* engagement.c — events, participants, feedback and responses (see engagement.h). */
#include "model/engagement.h"
#include "lib/buf.h"
#include "lib/text.h"
#include "model/ledger.h"
#include "model/role.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const engagement_kinds[] = {
    "partners", "group_leaders", "scrutiny_chairs", "mps", "staff", "residents", NULL};
static const char *const kind_labels[] = {"Partner event",   "Group leaders",
                                          "Scrutiny chairs", "Members of Parliament",
                                          "Staff",           "Residents"};

const char *engagement_kind_label(const char *code)
{
    for (size_t i = 0; code && engagement_kinds[i]; i++)
        if (strcmp(code, engagement_kinds[i]) == 0)
            return kind_labels[i];
    return "Event";
}

/* ---- reading -------------------------------------------------------------------------- */

static const char sql_events[] =
    "SELECT id, ref, kind, held_on, title, place, summary, public FROM engagement_event"
    " WHERE public = 1 OR :all = 1 ORDER BY held_on, id";
static const char sql_parts[] = "SELECT event_id, name, kind, coalesce(count, 0)"
                                " FROM engagement_participant ORDER BY event_id, position";
static const char sql_feedback[] =
    "SELECT f.id, f.ref, f.event_id, coalesce(f.theme_ref, ''), f.said, f.status, f.response,"
    " coalesce(f.responded_on, ''), coalesce(f.action_ref, ''),"
    " coalesce((SELECT max(l.seq) FROM main.ledger l WHERE l.tbl = 'engagement_feedback'"
    "   AND l.row_id = f.id), 0)"
    " FROM engagement_feedback f WHERE f.status = 'responded' OR :all = 1 ORDER BY f.id";

static const char sql_public_version[] =
    "WITH pub(tbl, id) AS ("
    "  SELECT 'engagement_event', id FROM main.engagement_event WHERE public = 1"
    "  UNION ALL SELECT 'engagement_feedback', f.id FROM main.engagement_feedback f"
    "  JOIN main.engagement_event e ON e.id = f.event_id WHERE e.public = 1)"
    " SELECT count(*), coalesce(max((SELECT max(l.seq) FROM main.ledger l"
    "   WHERE l.tbl = pub.tbl AND l.row_id = pub.id)), 0) FROM pub";

int engagement_public_version(struct db *db, int64_t *rows, int64_t *newest)
{
    *rows = *newest = 0;
    sqlite3_stmt *st = db_prepare(db, sql_public_version);
    if (!st)
        return -1;
    int r = db_step(db, st, "engagement version");
    if (r > 0) {
        *rows = sqlite3_column_int64(st, 0);
        *newest = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

/* The index of the event with id `id`, or -1. */
static long event_by_id(const struct eng_data *d, int64_t id)
{
    for (size_t i = 0; i < d->nevents; i++)
        if (d->events[i].id == id)
            return (long)i;
    return -1;
}

static int cmp_feedback(const void *a, const void *b)
{
    const struct eng_feedback *x = a, *y = b;
    if (x->event != y->event)
        return x->event < y->event ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

int engagement_load(struct db *db, bool public_only, struct eng_data *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    sqlite3_stmt *st = db_prepare(db, sql_events);
    if (!st)
        return -1;
    db_bind_int(st, ":all", public_only ? 0 : 1);
    int r;
    while ((r = db_step(db, st, "reading the events")) > 0) {
        out->events = xgrow(out->events, out->nevents, &cap, sizeof *out->events);
        struct eng_event *e = &out->events[out->nevents++];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(st, 0);
        snprintf(e->ref, sizeof e->ref, "%s", db_col_text(st, 1));
        snprintf(e->kind, sizeof e->kind, "%s", db_col_text(st, 2));
        snprintf(e->held_on, sizeof e->held_on, "%s", db_col_text(st, 3));
        e->title = xstrdup(db_col_text(st, 4));
        e->place = xstrdup(db_col_text(st, 5));
        e->summary = xstrdup(db_col_text(st, 6));
        e->public = sqlite3_column_int(st, 7) != 0;
    }
    sqlite3_reset(st);
    if (r < 0)
        goto fail;
    st = db_prepare(db, sql_parts);
    if (!st)
        goto fail;
    size_t pcap = 0;
    int64_t last = -1;
    while ((r = db_step(db, st, "reading the participants")) > 0) {
        long i = event_by_id(out, sqlite3_column_int64(st, 0));
        if (i < 0)
            continue;
        struct eng_event *e = &out->events[i];
        if (e->id != last)
            pcap = e->nparts;
        last = e->id;
        e->parts = xgrow(e->parts, e->nparts, &pcap, sizeof *e->parts);
        struct eng_participant *p = &e->parts[e->nparts++];
        p->name = xstrdup(db_col_text(st, 1));
        p->group = strcmp(db_col_text(st, 2), "group") == 0;
        p->count = sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    if (r < 0)
        goto fail;
    st = db_prepare(db, sql_feedback);
    if (!st)
        goto fail;
    db_bind_int(st, ":all", public_only ? 0 : 1);
    cap = 0;
    while ((r = db_step(db, st, "reading the feedback")) > 0) {
        long i = event_by_id(out, sqlite3_column_int64(st, 2));
        if (i < 0)
            continue; /* an event that is not public */
        out->feedback = xgrow(out->feedback, out->nfeedback, &cap, sizeof *out->feedback);
        struct eng_feedback *f = &out->feedback[out->nfeedback++];
        memset(f, 0, sizeof *f);
        f->id = sqlite3_column_int64(st, 0);
        snprintf(f->ref, sizeof f->ref, "%s", db_col_text(st, 1));
        f->event = (size_t)i;
        snprintf(f->theme, sizeof f->theme, "%s", db_col_text(st, 3));
        f->said = xstrdup(db_col_text(st, 4));
        f->responded = strcmp(db_col_text(st, 5), "responded") == 0;
        f->response = xstrdup(db_col_text(st, 6));
        snprintf(f->responded_on, sizeof f->responded_on, "%s", db_col_text(st, 7));
        snprintf(f->action, sizeof f->action, "%s", db_col_text(st, 8));
        f->seq = sqlite3_column_int64(st, 9);
        out->events[i].nfeedback++;
    }
    sqlite3_reset(st);
    if (r < 0)
        goto fail;
    if (out->nfeedback > 1)
        qsort(out->feedback, out->nfeedback, sizeof *out->feedback, cmp_feedback);
    return 0;
fail:
    engagement_free(out);
    return -1;
}

static void feedback_free(struct eng_feedback *f)
{
    free(f->said);
    free(f->response);
}

void engagement_free(struct eng_data *d)
{
    for (size_t i = 0; i < d->nevents; i++) {
        struct eng_event *e = &d->events[i];
        free(e->title);
        free(e->place);
        free(e->summary);
        for (size_t k = 0; k < e->nparts; k++)
            free(e->parts[k].name);
        free(e->parts);
    }
    for (size_t i = 0; i < d->nfeedback; i++)
        feedback_free(&d->feedback[i]);
    free(d->events);
    free(d->feedback);
    memset(d, 0, sizeof *d);
}

long engagement_find(const struct eng_data *d, const char *ref)
{
    for (size_t i = 0; ref && i < d->nevents; i++)
        if (strcmp(d->events[i].ref, ref) == 0)
            return (long)i;
    return -1;
}

void engagement_for_action(struct eng_data *d, const char *ref, int64_t max_seq,
                           const char *last_day)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nevents; i++)
        d->events[i].nfeedback = 0;
    for (size_t i = 0; i < d->nfeedback; i++) {
        struct eng_feedback *f = &d->feedback[i];
        bool keep = f->responded && d->events[f->event].public && strcmp(f->action, ref) == 0 &&
                    f->seq <= max_seq && last_day && strcmp(f->responded_on, last_day) <= 0;
        if (!keep) {
            feedback_free(f);
            continue;
        }
        d->events[f->event].nfeedback++;
        d->feedback[n++] = *f;
    }
    d->nfeedback = n;
}

/* ---- checking ------------------------------------------------------------------------- */

/* Checks text: required or not, at most max bytes, UTF-8, no control
 * character but line breaks and tabs when multiline. */
static void text_field(struct field_errors *errs, const char *field, const char *label,
                       const char *v, size_t max, bool required, bool multiline)
{
    if (!v || !v[strspn(v, " \t\r\n")]) {
        if (required)
            ferr_add(errs, field, "Enter %s", label);
        return;
    }
    if (strlen(v) > max)
        ferr_add(errs, field, "%c%s must be %zu characters or fewer", label[0] & ~0x20, label + 1,
                 max);
    else if (!text_utf8_valid(v))
        ferr_add(errs, field, "%c%s must be text (UTF-8)", label[0] & ~0x20, label + 1);
    else if (text_has_control(v, multiline))
        ferr_add(errs, field, "%c%s must not hold control characters", label[0] & ~0x20, label + 1);
}

/* Checks a date: a real one, not before ENG_EARLIEST_YEAR, not in the future. */
static bool date_field(struct field_errors *errs, const char *field, const char *label,
                       const char *v, day_t *out)
{
    *out = DAY_NONE;
    if (!v || !*v) {
        ferr_add(errs, field, "Enter %s as YYYY-MM-DD", label);
        return false;
    }
    if (!date_parse(v, out)) {
        ferr_add(errs, field, "%c%s must be a real date written YYYY-MM-DD", label[0] & ~0x20,
                 label + 1);
        return false;
    }
    if (*out < date_from_ymd(ENG_EARLIEST_YEAR, 1, 1)) {
        ferr_add(errs, field, "%c%s must not be before %d", label[0] & ~0x20, label + 1,
                 ENG_EARLIEST_YEAR);
        return false;
    }
    if (*out > date_today()) {
        ferr_add(errs, field, "%c%s must not be in the future", label[0] & ~0x20, label + 1);
        return false;
    }
    return true;
}

/* Whether `sql` finds a row for :ref: 1, 0, or -1. */
static int exists(struct db *db, const char *sql, const char *ref)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref);
    int r = db_step(db, st, "engagement lookup");
    sqlite3_reset(st);
    return r;
}

/* The id `sql` finds for :ref, 0 for none, -1. */
static int64_t id_of(struct db *db, const char *sql, const char *ref)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    db_bind_text(st, ":ref", ref);
    int r = db_step(db, st, "engagement lookup");
    int64_t id = r > 0 ? sqlite3_column_int64(st, 0) : r == 0 ? 0 : -1;
    sqlite3_reset(st);
    return id;
}

static const char sql_theme[] = "SELECT 1 FROM theme WHERE ref = :ref";
static const char sql_action[] = "SELECT 1 FROM action WHERE ref = :ref";
static const char sql_event_id[] = "SELECT id FROM engagement_event WHERE ref = :ref";
static const char sql_next_event[] =
    "SELECT coalesce(max(CAST(substr(ref, 2) AS INTEGER)), 0) FROM engagement_event"
    " WHERE ref GLOB 'E[0-9]*'";
static const char sql_next_feedback[] =
    "SELECT coalesce(max(CAST(substr(ref, 2) AS INTEGER)), 0) FROM engagement_feedback"
    " WHERE ref GLOB 'F[0-9]*'";
static const char sql_part_ids[] =
    "SELECT position, id FROM engagement_participant WHERE event_id = :ref ORDER BY position";

/* The next free ref "Pn" by `sql`. */
static int next_ref(struct db *db, const char *sql, char prefix, char *ref)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    int r = db_step(db, st, "numbering");
    int64_t n = r > 0 ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (r < 0)
        return -1;
    /* Ten digits are more events than any regime holds; the bound also
     * tells the compiler the ref fits ENG_REF_LEN. */
    if (n < 0 || n >= 9999999999) {
        snprintf(db->err, sizeof db->err, "no %c ref is left to number", prefix);
        return -1;
    }
    snprintf(ref, ENG_REF_LEN, "%c%" PRId64, prefix, n + 1);
    return 0;
}

/* Checks a plan ref in field `field` against `sql`; adds the refusal.
 * Returns -1 on a database error. */
static int plan_ref(struct db *db, struct field_errors *errs, const char *field, const char *what,
                    const char *sql, const char *v)
{
    if (!v || !*v)
        return 0;
    if (!ref_valid(v)) {
        ferr_add(errs, field, "Choose a %s from the list", what);
        return 0;
    }
    int r = exists(db, sql, v);
    if (r < 0)
        return -1;
    if (r == 0)
        ferr_add(errs, field, "There is no %s %s in the plan", what, v);
    return 0;
}

/* ---- writing ------------------------------------------------------------------------------ */

/* Checks the participants' rows; fills count[] (0: none) and says how many. */
static void check_parts(struct field_errors *errs, const struct eng_event_input *in,
                        int count[ENG_PARTICIPANTS])
{
    for (int k = 0; k < ENG_PARTICIPANTS; k++) {
        char f[32];
        count[k] = 0;
        const char *name = in->part_name[k];
        bool has_name = name && name[strspn(name, " \t")];
        const char *c = in->part_count[k];
        snprintf(f, sizeof f, "part_name_%d", k + 1);
        if (!has_name) {
            if (c && *c) {
                snprintf(f, sizeof f, "part_name_%d", k + 1);
                ferr_add(errs, f, "Enter the name of participant %d, or leave its count empty",
                         k + 1);
            }
            continue;
        }
        text_field(errs, f, "the participant's name", name, ENG_TITLE_MAX, true, false);
        const char *kind = in->part_kind[k];
        if (kind && *kind && strcmp(kind, "organisation") != 0 && strcmp(kind, "group") != 0) {
            snprintf(f, sizeof f, "part_kind_%d", k + 1);
            ferr_add(errs, f, "Choose whether participant %d is an organisation or a group", k + 1);
        }
        if (c && *c) {
            char *end;
            long v = strtol(c, &end, 10);
            snprintf(f, sizeof f, "part_count_%d", k + 1);
            if (*end || v < 1 || v > ENG_COUNT_MAX || c[0] == '+' || c[0] == ' ')
                ferr_add(errs, f, "How many took part must be a whole number from 1 to %d",
                         ENG_COUNT_MAX);
            else
                count[k] = (int)v;
        }
    }
}

enum cycle_rc engagement_event_save(struct db *db, const struct session_user *u, const char *ref,
                                    const struct eng_event_input *in, struct field_errors *errs,
                                    char *out_ref)
{
    ferr_free(errs);
    if (!role_has(u->role, CAP_ENGAGEMENT)) {
        ferr_add(errs, "", "Your role cannot record engagement");
        return CYCLE_DENIED;
    }
    bool known = false;
    for (size_t i = 0; in->kind && engagement_kinds[i]; i++)
        known |= strcmp(in->kind, engagement_kinds[i]) == 0;
    if (!known)
        ferr_add(errs, "kind", "Choose the kind of event");
    day_t held;
    date_field(errs, "held_on", "the day it was held", in->held_on, &held);
    text_field(errs, "title", "the event's title", in->title, ENG_TITLE_MAX, true, false);
    text_field(errs, "place", "the place", in->place, ENG_TITLE_MAX, false, false);
    text_field(errs, "summary", "a summary of the event", in->summary, ENG_TEXT_MAX, true, true);
    bool pub = in->public && strcmp(in->public, "yes") == 0;
    if (!in->public || (!pub && strcmp(in->public, "no") != 0))
        ferr_add(errs, "public", "Choose whether the event is shown to the public");
    int count[ENG_PARTICIPANTS];
    check_parts(errs, in, count);
    if (errs->n)
        return CYCLE_INVALID;

    if (db_begin(db))
        return CYCLE_ERROR;
    char eref[ENG_REF_LEN];
    int64_t id = 0;
    if (ref) {
        id = id_of(db, sql_event_id, ref);
        if (id < 0)
            goto fail;
        if (id == 0) {
            db_rollback(db);
            return CYCLE_NOT_FOUND;
        }
        snprintf(eref, sizeof eref, "%s", ref);
    } else if (next_ref(db, sql_next_event, 'E', eref)) {
        goto fail;
    }
    struct ledger_row row;
    ledger_row_init(&row, T_ENGAGEMENT_EVENT, id);
    ledger_row_text(&row, "ref", eref);
    ledger_row_text(&row, "kind", in->kind);
    ledger_row_text(&row, "held_on", in->held_on);
    ledger_row_text(&row, "title", in->title);
    ledger_row_text(&row, "place", in->place ? in->place : "");
    ledger_row_text(&row, "summary", in->summary);
    ledger_row_int(&row, "public", pub);
    int64_t eid = ledger_put_row(db, &row, 1);
    if (eid < 0)
        goto fail;
    if (id)
        eid = id;
    /* the participants: rows by position, the left-over ones deleted */
    int64_t old[ENG_PARTICIPANTS + 64] = {0};
    size_t nold = 0;
    sqlite3_stmt *st = db_prepare(db, sql_part_ids);
    if (!st)
        goto fail;
    db_bind_int(st, ":ref", eid);
    int r;
    while ((r = db_step(db, st, "reading the participants")) > 0)
        if (nold < sizeof old / sizeof old[0])
            old[nold++] = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    if (r < 0)
        goto fail;
    size_t pos = 0;
    for (int k = 0; k < ENG_PARTICIPANTS; k++) {
        const char *name = in->part_name[k];
        if (!name || !name[strspn(name, " \t")])
            continue;
        ledger_row_init(&row, T_ENGAGEMENT_PARTICIPANT, pos < nold ? old[pos] : 0);
        ledger_row_int(&row, "event_id", eid);
        ledger_row_int(&row, "position", (int64_t)pos + 1);
        ledger_row_text(&row, "name", name);
        ledger_row_text(
            &row, "kind",
            in->part_kind[k] && strcmp(in->part_kind[k], "group") == 0 ? "group" : "organisation");
        if (count[k])
            ledger_row_int(&row, "count", count[k]);
        else
            ledger_row_null(&row, "count");
        if (ledger_put_row(db, &row, 1) < 0)
            goto fail;
        pos++;
    }
    for (size_t k = pos; k < nold; k++)
        if (ledger_delete(db, T_ENGAGEMENT_PARTICIPANT, old[k]))
            goto fail;
    if (db_commit(db))
        goto fail;
    if (out_ref)
        snprintf(out_ref, ENG_REF_LEN, "%s", eref);
    return CYCLE_OK;
fail:
    db_rollback(db);
    return CYCLE_ERROR;
}

enum cycle_rc engagement_feedback_add(struct db *db, const struct session_user *u,
                                      const char *event_ref, const struct eng_feedback_input *in,
                                      struct field_errors *errs, char *out_ref)
{
    ferr_free(errs);
    if (!role_has(u->role, CAP_ENGAGEMENT)) {
        ferr_add(errs, "", "Your role cannot record engagement");
        return CYCLE_DENIED;
    }
    text_field(errs, "said", "what was said", in->said, ENG_TEXT_MAX, true, true);
    if (plan_ref(db, errs, "theme", "theme", sql_theme, in->theme))
        return CYCLE_ERROR;
    if (errs->n)
        return CYCLE_INVALID;
    if (db_begin(db))
        return CYCLE_ERROR;
    int64_t eid = id_of(db, sql_event_id, event_ref);
    if (eid <= 0) {
        db_rollback(db);
        return eid < 0 ? CYCLE_ERROR : CYCLE_NOT_FOUND;
    }
    char fref[ENG_REF_LEN];
    if (next_ref(db, sql_next_feedback, 'F', fref))
        goto fail;
    struct ledger_row row;
    ledger_row_init(&row, T_ENGAGEMENT_FEEDBACK, 0);
    ledger_row_text(&row, "ref", fref);
    ledger_row_int(&row, "event_id", eid);
    ledger_row_text(&row, "theme_ref", in->theme && *in->theme ? in->theme : NULL);
    ledger_row_text(&row, "said", in->said);
    ledger_row_text(&row, "status", "received");
    ledger_row_text(&row, "response", "");
    ledger_row_null(&row, "responded_on");
    ledger_row_null(&row, "action_ref");
    if (ledger_put_row(db, &row, 0) < 0 || db_commit(db))
        goto fail;
    if (out_ref)
        snprintf(out_ref, ENG_REF_LEN, "%s", fref);
    return CYCLE_OK;
fail:
    db_rollback(db);
    return CYCLE_ERROR;
}

static const char sql_feedback_one[] =
    "SELECT f.id, f.theme_ref, f.said, e.held_on FROM engagement_feedback f"
    " JOIN engagement_event e ON e.id = f.event_id WHERE f.ref = :f AND e.ref = :e";

enum cycle_rc engagement_respond(struct db *db, const struct session_user *u, const char *event_ref,
                                 const char *ref, const struct eng_response_input *in,
                                 struct field_errors *errs)
{
    ferr_free(errs);
    if (!role_has(u->role, CAP_ENGAGEMENT)) {
        ferr_add(errs, "", "Your role cannot record engagement");
        return CYCLE_DENIED;
    }
    text_field(errs, "response", "the council's response", in->response, ENG_TEXT_MAX, true, true);
    day_t on;
    bool date_ok =
        date_field(errs, "responded_on", "the day of the response", in->responded_on, &on);
    if (plan_ref(db, errs, "action", "action", sql_action, in->action))
        return CYCLE_ERROR;
    if (db_begin(db))
        return CYCLE_ERROR;
    sqlite3_stmt *st = db_prepare(db, sql_feedback_one);
    if (!st)
        goto fail;
    db_bind_text(st, ":f", ref);
    db_bind_text(st, ":e", event_ref);
    int r = db_step(db, st, "reading the feedback");
    if (r <= 0) {
        sqlite3_reset(st);
        if (r < 0)
            goto fail;
        db_rollback(db);
        return CYCLE_NOT_FOUND;
    }
    int64_t id = sqlite3_column_int64(st, 0);
    char *theme = sqlite3_column_type(st, 1) == SQLITE_NULL ? NULL : xstrdup(db_col_text(st, 1));
    char *said = xstrdup(db_col_text(st, 2));
    char held[DATE_LEN];
    snprintf(held, sizeof held, "%s", db_col_text(st, 3));
    sqlite3_reset(st);
    if (date_ok && strcmp(in->responded_on, held) < 0)
        ferr_add(errs, "responded_on", "The day of the response must not be before the event (%s)",
                 held);
    if (errs->n) {
        free(theme);
        free(said);
        db_rollback(db);
        return CYCLE_INVALID;
    }
    int64_t eid = id_of(db, sql_event_id, event_ref);
    if (eid <= 0) {
        free(theme);
        free(said);
        goto fail;
    }
    struct ledger_row row;
    ledger_row_init(&row, T_ENGAGEMENT_FEEDBACK, id);
    ledger_row_text(&row, "ref", ref);
    ledger_row_int(&row, "event_id", eid);
    ledger_row_text(&row, "theme_ref", theme);
    ledger_row_text(&row, "said", said);
    ledger_row_text(&row, "status", "responded");
    ledger_row_text(&row, "response", in->response);
    ledger_row_text(&row, "responded_on", in->responded_on);
    ledger_row_text(&row, "action_ref", in->action && *in->action ? in->action : NULL);
    bool ok = ledger_put_row(db, &row, 1) >= 0;
    free(theme);
    free(said);
    if (!ok || db_commit(db))
        goto fail;
    return CYCLE_OK;
fail:
    db_rollback(db);
    return CYCLE_ERROR;
}

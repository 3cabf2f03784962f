/* record.c — sealing a signed-off month and reading the public record. */
#include "model/record.h"
#include "model/ledger.h"
#include "lib/buf.h"
#include "lib/date.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The views of a record connection (record.h): each plan table as it stood at
 * the head in record_at, from its history (sql/007); only signed-off months up
 * to the month in scope and their accepted updates; the ledger up to the head.
 * What the public never sees at all is not in them: milestones that are not
 * public, plan versions not yet approved, measure values dated after the
 * month. */
#define AT_HEAD                                                                                    \
    "WHERE from_seq <= (SELECT head FROM record_at) "                                              \
    "AND (to_seq IS NULL OR to_seq > (SELECT head FROM record_at))"
#define SIGNED_UP_TO                                                                               \
    "SELECT id FROM main.period WHERE status = 'signed_off' "                                      \
    "AND month <= (SELECT month FROM record_at)"

/* A column of the record's progress_update: the update's own value, or the
 * latest correction's (update_correction, below) when one is in the record.
 * Whether an update has a correction at all is one look-up per row (the
 * LEFT JOIN of the view below, cc), not one per corrected column: the
 * corrected ids are made once per statement, and an update with no
 * correction (nearly all) costs nothing more. */
#define CORRECTED(col, type)                                                                       \
    "CASE WHEN cc.update_id IS NOT NULL AND EXISTS (SELECT 1 "                                     \
    "FROM temp.update_correction c WHERE c.update_id = u.id AND c.field = '" #col "') "            \
    "THEN (SELECT CAST(c.new_value AS " #type ") FROM temp.update_correction c "                   \
    "WHERE c.update_id = u.id AND c.field = '" #col "' ORDER BY c.id DESC LIMIT 1) "               \
    "ELSE u." #col " END AS " #col

/* clang-format off */
static const char view_progress_update[] =
    "CREATE TEMP VIEW progress_update AS SELECT u.id AS id, action_id, period_id, state, "
    CORRECTED(status, TEXT) ", "
    CORRECTED(percent, INTEGER) ", "
    CORRECTED(confidence, TEXT) ", "
    CORRECTED(narrative, TEXT) ", "
    CORRECTED(forecast_finish, TEXT) ", "
    "author_id FROM main.progress_update u "
    "LEFT JOIN (SELECT DISTINCT update_id FROM temp.update_correction) cc ON cc.update_id = u.id "
    "WHERE state = 'accepted' AND +period_id IN (" SIGNED_UP_TO ")";
/* clang-format on */

static const char *const views[] = {
    "CREATE TEMP TABLE record_at (head INTEGER NOT NULL, month TEXT NOT NULL, "
    "last_day TEXT NOT NULL)",
    "INSERT INTO record_at VALUES (0, '0000-00', '0000-00-00')",
    "CREATE TEMP VIEW person AS SELECT id, ref, name, role, kind FROM main.person_h " AT_HEAD,
    "CREATE TEMP VIEW review AS SELECT id, ref, title, author, published_on, url "
    "FROM main.review_h " AT_HEAD,
    "CREATE TEMP VIEW recommendation AS SELECT id, ref, review_id, text "
    "FROM main.recommendation_h " AT_HEAD,
    "CREATE TEMP VIEW plan_version AS SELECT id, number, title, status, approved_on, "
    "approval_ref, signed_off_on FROM main.plan_version_h " AT_HEAD
    " AND status NOT IN ('draft', 'submitted')",
    "CREATE TEMP VIEW theme AS SELECT id, ref, title, lead_id FROM main.theme_h " AT_HEAD,
    "CREATE TEMP VIEW action AS SELECT id, ref, theme_id, title, description, owner_id, "
    "member_id, panel_lead_id, start, finish, baseline_finish, status, completed_on, "
    "closure_criteria FROM main.action_h " AT_HEAD,
    "CREATE TEMP VIEW action_answer AS SELECT id, action_id, recommendation_id "
    "FROM main.action_answer_h " AT_HEAD,
    "CREATE TEMP VIEW action_dep AS SELECT id, action_id, depends_on_id "
    "FROM main.action_dep_h " AT_HEAD,
    "CREATE TEMP VIEW milestone AS SELECT id, ref, action_id, title, due, baseline_due, "
    "achieved_on, public FROM main.milestone_h " AT_HEAD " AND public = 1",
    "CREATE TEMP VIEW measure AS SELECT id, ref, title, unit, direction, baseline, "
    "baseline_date, target, target_date, tolerance_pct, theme_id FROM main.measure_h " AT_HEAD,
    "CREATE TEMP VIEW measure_action AS SELECT id, measure_id, action_id "
    "FROM main.measure_action_h " AT_HEAD,
    "CREATE TEMP VIEW measure_value AS SELECT id, measure_id, date, value "
    "FROM main.measure_value_h " AT_HEAD " AND date <= (SELECT last_day FROM record_at)",
    "CREATE TEMP VIEW period AS SELECT * FROM main.period WHERE id IN (" SIGNED_UP_TO ")",
    /* +period_id: the months are a filter, not an index to search by, so a
     * scan of the accepted updates in action order keeps its covering index
     * (progress_update_accepted) instead of a search per month and a sort */
    /* corrections (sql/009) whose ledger entry is within the head: a correction
     * is public from the first sign-off after it, never in the month it corrects */
    "CREATE TEMP VIEW update_correction AS SELECT * FROM main.update_correction c "
    "WHERE EXISTS (SELECT 1 FROM main.ledger l WHERE l.tbl = 'update_correction' "
    "AND l.row_id = c.id AND l.seq <= (SELECT head FROM record_at))",
    view_progress_update,
    /* measure entries (sql/015) of months up to the one in scope whose ledger
     * entry is within the head: a correction of a signed-off month's value is
     * public from the first sign-off after it, never in the month it corrects */
    "CREATE TEMP VIEW measure_entry AS SELECT * FROM main.measure_entry e "
    "WHERE e.month <= (SELECT month FROM record_at) AND EXISTS (SELECT 1 FROM main.ledger l "
    "WHERE l.tbl = 'measure_entry' AND l.row_id = e.id AND l.seq <= (SELECT head FROM record_at))",
    "CREATE TEMP VIEW ledger AS SELECT * FROM main.ledger "
    "WHERE seq <= (SELECT head FROM record_at)",
};

int record_connect(struct db *db)
{
    for (size_t i = 0; i < sizeof views / sizeof *views; i++)
        if (db_exec(db, views[i]))
            return -1;
    db->record = true;
    db->record_seq = 0; /* as the INSERT above left record_at */
    db->record_month = INT32_MIN;
    return 0;
}

bool record_is_connection(struct db *db)
{
    return db->record;
}

int record_use(struct db *db, int month, int64_t head_seq, const char *head_hash)
{
    if (!db->record)
        return 0;
    if (month < 0)
        head_seq = INT64_MAX; /* nothing signed off: the plan as it stands */
    if (db->record_seq == head_seq && db->record_month == month)
        return 0; /* already there: no write, so nothing that keys on changes moves */
    sqlite3_stmt *st = db_prepare(db, "UPDATE temp.record_at SET head = :head, month = :month, "
                                      "last_day = :last_day");
    if (!st)
        return -1;
    char m[MONTH_LEN] = "0000-00", last[DATE_LEN] = "0000-00-00";
    if (month >= 0) {
        month_format(month, m);
        date_format(month_last_day(month), last);
    }
    db_bind_int(st, ":head", head_seq);
    db_bind_text(st, ":month", m);
    db_bind_text(st, ":last_day", last);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "choosing the month's record");
        return -1;
    }
    db->record_seq = head_seq;
    db->record_month = month;
    snprintf(db->record_hash, sizeof db->record_hash, "%s", month >= 0 ? head_hash : "");
    return 0;
}

int record_head_get(struct db *db, const char *month, struct record_head *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(db, "SELECT head_seq, head_hash, month, sealed_at "
                                      "FROM main.month_record WHERE month = :month");
    if (!st)
        return -1;
    db_bind_text(st, ":month", month);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->seq = sqlite3_column_int64(st, 0);
        snprintf(out->hash, sizeof out->hash, "%s", db_col_text(st, 1));
        snprintf(out->month, sizeof out->month, "%s", db_col_text(st, 2));
        snprintf(out->sealed_at, sizeof out->sealed_at, "%s", db_col_text(st, 3));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_set_error(db, "reading the month's record");
        return -1;
    }
    return rc == SQLITE_ROW;
}

int record_sealed_month(struct db *db, int *month)
{
    *month = -1;
    sqlite3_stmt *st =
        db_prepare(db, "SELECT max(month) FROM main.period WHERE status = 'signed_off'");
    if (!st)
        return -1;
    int rc = db_step(db, st, "finding the latest signed-off month");
    if (rc > 0 && sqlite3_column_type(st, 0) != SQLITE_NULL &&
        !month_parse(db_col_text(st, 0), month))
        *month = -1;
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

int record_seal(struct db *db, int64_t period_id, const char *month)
{
    sqlite3_stmt *st =
        db_prepare(db, "SELECT seq, hash FROM main.ledger ORDER BY seq DESC LIMIT 1");
    if (!st)
        return -1;
    int64_t seq = 0;
    char hash[65] = "";
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        seq = sqlite3_column_int64(st, 0);
        snprintf(hash, sizeof hash, "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_set_error(db, "reading the ledger's head");
        return -1;
    }
    char at[21];
    date_now_utc(at);
    struct ledger_row row;
    ledger_row_init(&row, T_MONTH_RECORD, 0);
    ledger_row_int(&row, "period_id", period_id);
    ledger_row_text(&row, "month", month);
    ledger_row_int(&row, "head_seq", seq);
    ledger_row_text(&row, "head_hash", hash);
    ledger_row_text(&row, "sealed_at", at);
    return ledger_put_row(db, &row, 0) < 0 ? -1 : 0;
}

int record_seal_missing(struct db *db)
{
    /* collected first: sealing writes to the tables the query reads */
    sqlite3_stmt *st =
        db_prepare(db, "SELECT p.id, p.month FROM main.period p "
                       "WHERE p.status = 'signed_off' AND NOT EXISTS "
                       "(SELECT 1 FROM main.month_record r WHERE r.period_id = p.id) "
                       "ORDER BY p.month");
    if (!st)
        return -1;
    struct {
        int64_t id;
        char month[MONTH_LEN];
    } *todo = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        todo = xgrow(todo, n, &cap, sizeof *todo);
        todo[n].id = sqlite3_column_int64(st, 0);
        snprintf(todo[n].month, sizeof todo[n].month, "%s", db_col_text(st, 1));
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_set_error(db, "listing the months to seal");
        free(todo);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (record_seal(db, todo[i].id, todo[i].month)) {
            free(todo);
            return -1;
        }
    free(todo);
    return (int)n;
}

int record_heads_list(struct db *db, struct record_head **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT head_seq, head_hash, month, sealed_at "
                                      "FROM main.month_record ORDER BY month");
    if (!st)
        return -1;
    size_t cap = 0;
    int r;
    while ((r = db_step(db, st, "month_record")) > 0) {
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct record_head *h = &(*out)[(*n)++];
        memset(h, 0, sizeof *h);
        h->seq = sqlite3_column_int64(st, 0);
        snprintf(h->hash, sizeof h->hash, "%s", db_col_text(st, 1));
        snprintf(h->month, sizeof h->month, "%s", db_col_text(st, 2));
        snprintf(h->sealed_at, sizeof h->sealed_at, "%s", db_col_text(st, 3));
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

/* Checks one seal (month_record row `id`) against the ledger. */
static int seal_check(struct db *db, int64_t id, const char *month, int64_t seq, const char *hash)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT hash FROM main.ledger WHERE seq = :seq");
    if (!st)
        return -1;
    db_bind_int(st, ":seq", seq);
    int r = db_step(db, st, "ledger");
    int rc = r < 0 ? -1 : 0;
    if (r == 0 && seq != 0) {
        snprintf(db->err, sizeof db->err,
                 "month %s: its record names ledger entry %" PRId64 ", which does not exist", month,
                 seq);
        rc = -1;
    } else if ((r > 0 && strcmp(db_col_text(st, 0), hash) != 0) || (r == 0 && *hash)) {
        snprintf(db->err, sizeof db->err,
                 "month %s: its record says ledger entry %" PRId64
                 " has hash %.64s, but the ledger's has %.64s (the ledger was rewritten before "
                 "the month was sealed)",
                 month, seq, hash, r > 0 ? db_col_text(st, 0) : "none");
        rc = -1;
    }
    sqlite3_reset(st);
    if (rc)
        return -1;
    /* the seal's own entry is the one right after the head it records */
    st = db_prepare(db, "SELECT min(seq) FROM main.ledger "
                        "WHERE tbl = 'month_record' AND row_id = :id");
    if (!st)
        return -1;
    db_bind_int(st, ":id", id);
    r = db_step(db, st, "ledger");
    if (r > 0 && sqlite3_column_int64(st, 0) != seq + 1) {
        snprintf(db->err, sizeof db->err,
                 "month %s: its record was not written by ledger entry %" PRId64
                 ", the one after the head it records",
                 month, seq + 1);
        r = -1;
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

int record_verify_seals(struct db *db)
{
    sqlite3_stmt *st = db_prepare(
        db, "SELECT id, month, head_seq, head_hash FROM main.month_record ORDER BY month");
    if (!st)
        return -1;
    int r;
    while ((r = db_step(db, st, "month_record")) > 0) {
        char month[MONTH_LEN + 8], hash[65];
        snprintf(month, sizeof month, "%s", db_col_text(st, 1));
        snprintf(hash, sizeof hash, "%s", db_col_text(st, 3));
        int64_t id = sqlite3_column_int64(st, 0), seq = sqlite3_column_int64(st, 2);
        /* seal_check prepares other statements: this one stays where it is */
        if (seal_check(db, id, month, seq, hash)) {
            r = -1;
            break;
        }
    }
    sqlite3_reset(st);
    if (r < 0)
        return -1;
    st = db_prepare(db, "SELECT p.month FROM main.period p WHERE p.status = 'signed_off' "
                        "AND NOT EXISTS (SELECT 1 FROM main.month_record r "
                        "WHERE r.period_id = p.id) ORDER BY p.month LIMIT 1");
    if (!st)
        return -1;
    r = db_step(db, st, "period");
    if (r > 0)
        snprintf(db->err, sizeof db->err,
                 "month %s is signed off but has no record (its seal was removed)",
                 db_col_text(st, 0));
    sqlite3_reset(st);
    return r != 0 ? -1 : 0;
}

/* record.c — sealing a signed-off month and reading the public record. */
#include "model/record.h"
#include "model/ledger.h"
#include "lib/buf.h"
#include "lib/date.h"
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
    "CREATE TEMP VIEW progress_update AS SELECT * FROM main.progress_update "
    "WHERE state = 'accepted' AND period_id IN (" SIGNED_UP_TO ")",
    "CREATE TEMP VIEW ledger AS SELECT * FROM main.ledger "
    "WHERE seq <= (SELECT head FROM record_at)",
};

int record_connect(struct db *db)
{
    for (size_t i = 0; i < sizeof views / sizeof *views; i++)
        if (db_exec(db, views[i]))
            return -1;
    db->record = true;
    return 0;
}

bool record_is_connection(struct db *db)
{
    return db->record;
}

int record_use(struct db *db, int month, int64_t head_seq)
{
    if (!db->record)
        return 0;
    sqlite3_stmt *st = db_prepare(db, "UPDATE temp.record_at SET head = :head, month = :month, "
                                      "last_day = :last_day");
    if (!st)
        return -1;
    char m[MONTH_LEN] = "0000-00", last[DATE_LEN] = "0000-00-00";
    if (month >= 0) {
        month_format(month, m);
        date_format(month_last_day(month), last);
    } else {
        head_seq = INT64_MAX; /* nothing signed off: the plan as it stands */
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
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            todo = xrealloc(todo, cap * sizeof *todo);
        }
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

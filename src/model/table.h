/* table.h — what the ledger knows of each domain table.
 *
 * Every row change goes through the ledger (model/ledger.h), which writes rows
 * generically from a JSON object holding the row's full state.  This table
 * gives, per domain table, its columns and types and the fixed SQL text to
 * upsert, delete and read rows; the SQL is assembled at compile time from the
 * column lists in table.c, so it is never built at run time. */
#ifndef DIALTURN_TABLE_H
#define DIALTURN_TABLE_H
#include <stddef.h>

enum col_type { COL_INT, COL_REAL, COL_TEXT };

struct col {
    const char *name;  /* column name, also the JSON key in ledger states */
    const char *param; /* ":name", the bound parameter */
    enum col_type type;
};

struct table {
    const char *name;       /* SQL table name, also used in ledger entries */
    const struct col *cols; /* columns after `id`, in schema order */
    size_t ncols;
    const char *upsert_sql; /* INSERT ... ON CONFLICT(id) DO UPDATE, params :id and :col */
    const char *delete_sql; /* DELETE ... WHERE id = :id */
    const char *select_sql; /* SELECT id, cols... WHERE id = :id */
    const char *scan_sql;   /* SELECT id, cols... ORDER BY id */
    const char *label_col;  /* a column naming the row for people ("ref"), or NULL */
};

enum table_id {
    T_ORGANISATION,
    T_PERSON,
    T_REVIEW,
    T_RECOMMENDATION,
    T_PLAN_VERSION,
    T_THEME,
    T_ACTION,
    T_ACTION_ANSWER,
    T_ACTION_DEP,
    T_MILESTONE,
    T_PERIOD,
    T_PROGRESS_UPDATE,
    T_MEASURE,
    T_MEASURE_ACTION,
    T_MEASURE_VALUE,
    /* 005: the signed-in side */
    T_ACCOUNT,
    T_API_TOKEN,
    T_DOCUMENT,
    T_CLOSURE,
    T_EVIDENCE,
    T_UPDATE_REVIEW,
    T_ASSURANCE,
    T_VERSION_ITEM,
    /* 006: the record of a signed-off month */
    T_MONTH_RECORD,
    /* 008: the completion date a closure proposal gives */
    T_CLOSURE_COMPLETION,
    /* 009: a correction to an update of a signed-off month */
    T_UPDATE_CORRECTION,
    /* 011: the monthly report's covering statement and stored documents */
    T_REPORT_STATEMENT,
    T_REPORT_DOCUMENT,
    /* 012: the panel and its meetings */
    T_PANEL_SETTING,
    T_PANEL_MEMBER,
    T_PANEL_LEAD,
    T_MEETING,
    T_MEETING_ITEM,
    T_MEETING_PAPER,
    T_MEETING_ATTENDANCE,
    T_MEETING_DECLARATION,
    T_MEETING_ACTION,
    T_MEETING_CORRECTION,
    T_CALENDAR_TOKEN,
    /* 013: money */
    T_COST_AGREEMENT,
    T_AGREEMENT_SHARE,
    T_EXPENSE,
    /* 014: a month reopened, a version returned or its approval date corrected */
    T_PERIOD_REOPENING,
    T_VERSION_EVENT,
    /* 016: residents' questions to a public meeting */
    T_MEETING_QUESTION,
    /* 015: measure values entered on the web and the API; milestones achieved */
    T_MEASURE_ENTRY,
    T_MILESTONE_ACHIEVEMENT,
    /* 018: engagement */
    T_ENGAGEMENT_EVENT,
    T_ENGAGEMENT_PARTICIPANT,
    T_ENGAGEMENT_FEEDBACK,
    /* 019: reports to the Secretary of State */
    T_SOS_REPORT,
    T_SOS_SECTION,
    T__MAX
};

extern const struct table tables[T__MAX];

/* A table whose every state is kept in NAME_h (sql/007) with the span of
 * ledger entries over which it held (model/record.h).  The SQL is fixed text
 * made from the column lists, like the table's own. */
struct table_history {
    enum table_id t;
    const char *name; /* "action_h" */
    /* SELECT from_seq, to_seq, id, cols... of the states written from entry
     * :from on, ORDER BY id, from_seq */
    const char *scan_sql;
    /* SELECT from_seq, to_seq, id, cols... of the states that held before
     * the history began (from_seq 0), ORDER BY id */
    const char *scan_zero_sql;
    /* SELECT the least from_seq above 0 (NULL: none), the count of from_seq 0 */
    const char *bounds_sql;
    /* After ledger entries :since + 1 onward were written without the
     * triggers' positions being right (ledger_bulk_begin): these, in order,
     * remove the states those writes made and make them again from the
     * entries, exactly as the triggers make them one write at a time. */
    const char *rebuild_sql[4];
};

/* The tables with a history, and how many. */
extern const struct table_history table_histories[];
extern const size_t table_nhistories;

/* Returns the table called `name`, or NULL. */
const struct table *table_by_name(const char *name);

#endif

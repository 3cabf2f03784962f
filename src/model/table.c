/* table.c — the column lists of the domain tables, and the SQL made from them.
 *
 * Each X-macro list names a table's columns after `id`; the macros below turn
 * it into the column array and the four statements, as string literals joined
 * by the compiler.  Adding a column to sql/ means adding it here, and the
 * round-trip and verify tests fail until both agree. */
#include "model/table.h"
#include <string.h>

/* clang-format off */
#define ORGANISATION_COLS(X) X(name, TEXT) X(slug, TEXT) X(timezone, TEXT) X(rating_scale, TEXT)
#define PERSON_COLS(X)       X(ref, TEXT) X(name, TEXT) X(role, TEXT) X(kind, TEXT)
#define REVIEW_COLS(X)                                                                           \
    X(ref, TEXT) X(title, TEXT) X(author, TEXT) X(published_on, TEXT) X(url, TEXT)
#define RECOMMENDATION_COLS(X) X(ref, TEXT) X(review_id, INT) X(text, TEXT)
#define PLAN_VERSION_COLS(X)                                                                     \
    X(number, INT) X(title, TEXT) X(status, TEXT) X(approved_on, TEXT) X(approval_ref, TEXT)     \
    X(signed_off_on, TEXT)
#define THEME_COLS(X) X(ref, TEXT) X(title, TEXT) X(lead_id, INT)
#define ACTION_COLS(X)                                                                           \
    X(ref, TEXT) X(theme_id, INT) X(title, TEXT) X(description, TEXT) X(owner_id, INT)           \
    X(member_id, INT) X(panel_lead_id, INT) X(start, TEXT) X(finish, TEXT)                       \
    X(baseline_finish, TEXT) X(status, TEXT) X(completed_on, TEXT) X(closure_criteria, TEXT)
#define ACTION_ANSWER_COLS(X) X(action_id, INT) X(recommendation_id, INT)
#define ACTION_DEP_COLS(X)    X(action_id, INT) X(depends_on_id, INT)
#define MILESTONE_COLS(X)                                                                        \
    X(ref, TEXT) X(action_id, INT) X(title, TEXT) X(due, TEXT) X(baseline_due, TEXT)             \
    X(achieved_on, TEXT) X(public, INT)
#define PERIOD_COLS(X)                                                                           \
    X(month, TEXT) X(status, TEXT) X(signed_off_on, TEXT) X(signed_off_by_id, INT)
#define PROGRESS_UPDATE_COLS(X)                                                                  \
    X(action_id, INT) X(period_id, INT) X(state, TEXT) X(status, TEXT) X(percent, INT)           \
    X(confidence, TEXT) X(narrative, TEXT) X(forecast_finish, TEXT) X(author_id, INT)
#define MEASURE_COLS(X)                                                                          \
    X(ref, TEXT) X(title, TEXT) X(unit, TEXT) X(direction, TEXT) X(baseline, REAL)               \
    X(baseline_date, TEXT) X(target, REAL) X(target_date, TEXT) X(tolerance_pct, INT)            \
    X(theme_id, INT)
#define MEASURE_ACTION_COLS(X) X(measure_id, INT) X(action_id, INT)
#define MEASURE_VALUE_COLS(X)  X(measure_id, INT) X(date, TEXT) X(value, REAL)
#define ACCOUNT_COLS(X)                                                                          \
    X(username, TEXT) X(name, TEXT) X(role, TEXT) X(person_id, INT) X(pw_hash, TEXT)             \
    X(disabled, INT) X(created_on, TEXT)
#define API_TOKEN_COLS(X)                                                                        \
    X(account_id, INT) X(name, TEXT) X(token_hash, TEXT) X(created_on, TEXT) X(revoked_on, TEXT)
#define DOCUMENT_COLS(X)                                                                         \
    X(sha256, TEXT) X(name, TEXT) X(content_type, TEXT) X(size, INT) X(public, INT)              \
    X(uploaded_by_id, INT) X(uploaded_at, TEXT)
#define CLOSURE_COLS(X)                                                                          \
    X(action_id, INT) X(state, TEXT) X(evidence, TEXT) X(comment, TEXT) X(proposed_by_id, INT)   \
    X(proposed_at, TEXT) X(decided_by_id, INT) X(decided_at, TEXT)
#define EVIDENCE_COLS(X)                                                                         \
    X(update_id, INT) X(closure_id, INT) X(label, TEXT) X(url, TEXT) X(document_id, INT)
#define UPDATE_REVIEW_COLS(X)                                                                    \
    X(update_id, INT) X(decision, TEXT) X(comment, TEXT) X(account_id, INT) X(at, TEXT)
#define ASSURANCE_COLS(X)                                                                        \
    X(period_id, INT) X(theme_id, INT) X(action_id, INT) X(account_id, INT) X(level, TEXT)       \
    X(comment, TEXT) X(at, TEXT)
#define PERIOD_REOPENING_COLS(X)                                                                 \
    X(period_id, INT) X(reason, TEXT) X(account_id, INT) X(by_name, TEXT) X(at, TEXT)
#define VERSION_EVENT_COLS(X)                                                                    \
    X(version_id, INT) X(kind, TEXT) X(reason, TEXT) X(approved_on, TEXT) X(account_id, INT)     \
    X(by_name, TEXT) X(made_on, TEXT) X(at, TEXT)
#define VERSION_ITEM_COLS(X)                                                                     \
    X(version_id, INT) X(kind, TEXT) X(ref, TEXT) X(body, TEXT) X(retired_reason, TEXT)
#define MONTH_RECORD_COLS(X)                                                                     \
    X(period_id, INT) X(month, TEXT) X(head_seq, INT) X(head_hash, TEXT) X(sealed_at, TEXT)
#define CLOSURE_COMPLETION_COLS(X) X(closure_id, INT) X(completed_on, TEXT)
#define UPDATE_CORRECTION_COLS(X)                                                                \
    X(update_id, INT) X(field, TEXT) X(old_value, TEXT) X(new_value, TEXT) X(reason, TEXT)       \
    X(account_id, INT) X(by_name, TEXT) X(corrected_on, TEXT) X(at, TEXT) X(person_id, INT)
#define REPORT_STATEMENT_COLS(X)                                                                 \
    X(month, TEXT) X(body, TEXT) X(written_by_id, INT) X(written_at, TEXT)
#define REPORT_DOCUMENT_COLS(X) X(month, TEXT) X(format, TEXT) X(document_id, INT)
#define MEASURE_ENTRY_COLS(X)                                                                    \
    X(value_id, INT) X(month, TEXT) X(kind, TEXT) X(old_value, REAL) X(value, REAL)              \
    X(note, TEXT) X(source, TEXT) X(account_id, INT) X(by_name, TEXT) X(at, TEXT)
#define MILESTONE_ACHIEVEMENT_COLS(X)                                                            \
    X(milestone_id, INT) X(achieved_on, TEXT) X(evidence, TEXT) X(account_id, INT)               \
    X(by_name, TEXT) X(at, TEXT)
#define SOS_REPORT_COLS(X)                                                                       \
    X(ref, TEXT) X(kind, TEXT) X(title, TEXT) X(covers_from, TEXT) X(covers_to, TEXT)             \
    X(state, TEXT) X(started_on, TEXT) X(started_by_id, INT) X(refreshed_at, TEXT)               \
    X(approved_on, TEXT) X(approved_by_id, INT) X(published_on, TEXT) X(html_document_id, INT)   \
    X(pdf_document_id, INT) X(response_on, TEXT) X(response, TEXT)                              \
    X(response_document_id, INT)
#define SOS_SECTION_COLS(X)                                                                      \
    X(report_id, INT) X(position, INT) X(key, TEXT) X(title, TEXT) X(figures, TEXT)              \
    X(assessment, TEXT)
#define PANEL_SETTING_COLS(X) X(remit, TEXT)
#define PANEL_MEMBER_COLS(X)                                                                     \
    X(ref, TEXT) X(person_id, INT) X(role, TEXT) X(appointed_by, TEXT) X(appointed_on, TEXT)     \
    X(ended_on, TEXT)
#define PANEL_LEAD_COLS(X) X(member_id, INT) X(position, INT) X(kind, TEXT) X(target, TEXT)
#define MEETING_COLS(X)                                                                          \
    X(ref, TEXT) X(kind, TEXT) X(title, TEXT) X(starts_at, TEXT) X(ends_at, TEXT) X(place, TEXT) \
    X(webcast_url, TEXT) X(open, INT) X(status, TEXT) X(agenda_state, TEXT)                      \
    X(minutes_state, TEXT) X(sequence, INT)
#define MEETING_ITEM_COLS(X)                                                                     \
    X(meeting_id, INT) X(position, INT) X(title, TEXT) X(exempt_paragraph, INT)                  \
    X(exempt_reason, TEXT) X(presenter, TEXT) X(minutes, TEXT) X(decision, TEXT)
#define MEETING_PAPER_COLS(X) X(item_id, INT) X(document_id, INT)
#define MEETING_ATTENDANCE_COLS(X)                                                               \
    X(meeting_id, INT) X(position, INT) X(person_id, INT) X(kind, TEXT) X(presence, TEXT)
#define MEETING_DECLARATION_COLS(X)                                                              \
    X(item_id, INT) X(position, INT) X(person_id, INT) X(kind, TEXT) X(nature, TEXT)
#define MEETING_ACTION_COLS(X)                                                                   \
    X(ref, TEXT) X(meeting_id, INT) X(item, INT) X(text, TEXT) X(owner_id, INT) X(due, TEXT)     \
    X(action_id, INT) X(done_on, TEXT)
#define MEETING_CORRECTION_COLS(X)                                                               \
    X(meeting_id, INT) X(position, INT) X(made_on, TEXT) X(note, TEXT)
#define CALENDAR_TOKEN_COLS(X)                                                                   \
    X(account_id, INT) X(token_hash, TEXT) X(created_on, TEXT) X(revoked_on, TEXT)
#define COST_AGREEMENT_COLS(X)                                                                   \
    X(ref, TEXT) X(title, TEXT) X(starts_on, TEXT) X(ends_on, TEXT) X(agreed_on, TEXT)
#define AGREEMENT_SHARE_COLS(X)                                                                  \
    X(agreement_id, INT) X(position, INT) X(party, TEXT) X(share_bp, INT)
#define EXPENSE_COLS(X)                                                                          \
    X(ref, TEXT) X(kind, TEXT) X(incurred_on, TEXT) X(claimant, TEXT) X(category, TEXT)           \
    X(description, TEXT) X(amount_pence, INT) X(day_rate_pence, INT) X(days_x100, INT)           \
    X(paid_by, TEXT) X(receipt_id, INT)
#define MEETING_QUESTION_COLS(X)                                                                 \
    X(meeting_id, INT) X(asked_at, TEXT) X(name, TEXT) X(email, TEXT) X(question, TEXT)          \
    X(state, TEXT) X(reason, TEXT) X(answer, TEXT) X(answered_at, TEXT)
#define ENGAGEMENT_EVENT_COLS(X)                                                                 \
    X(ref, TEXT) X(kind, TEXT) X(held_on, TEXT) X(title, TEXT) X(place, TEXT) X(summary, TEXT)   \
    X(public, INT)
#define ENGAGEMENT_PARTICIPANT_COLS(X)                                                           \
    X(event_id, INT) X(position, INT) X(name, TEXT) X(kind, TEXT) X(count, INT)
#define ENGAGEMENT_FEEDBACK_COLS(X)                                                              \
    X(ref, TEXT) X(event_id, INT) X(theme_ref, TEXT) X(said, TEXT) X(status, TEXT)               \
    X(response, TEXT) X(responded_on, TEXT) X(action_ref, TEXT)

/* clang-format on */

#define COL_ENTRY(n, t) {#n, ":" #n, COL_##t},
#define COL_NAME(n, t)  "," #n
#define COL_PARAM(n, t) ",:" #n
#define COL_SET(n, t)   "," #n "=excluded." #n

#define TABLE(id, tname, LIST, label)                                                              \
    [id] = {#tname,                                                                                \
            tname##_cols,                                                                          \
            sizeof tname##_cols / sizeof tname##_cols[0],                                          \
            "INSERT INTO " #tname "(id" LIST(COL_NAME) ") VALUES(:id" LIST(                        \
                COL_PARAM) ") ON CONFLICT(id) DO UPDATE SET id=excluded.id" LIST(COL_SET),         \
            "DELETE FROM " #tname " WHERE id = :id",                                               \
            "SELECT id" LIST(COL_NAME) " FROM " #tname " WHERE id = :id",                          \
            "SELECT id" LIST(COL_NAME) " FROM " #tname " ORDER BY id",                             \
            label}

#define COLS(tname, LIST) static const struct col tname##_cols[] = {LIST(COL_ENTRY)};
COLS(organisation, ORGANISATION_COLS)
COLS(person, PERSON_COLS)
COLS(review, REVIEW_COLS)
COLS(recommendation, RECOMMENDATION_COLS)
COLS(plan_version, PLAN_VERSION_COLS)
COLS(theme, THEME_COLS)
COLS(action, ACTION_COLS)
COLS(action_answer, ACTION_ANSWER_COLS)
COLS(action_dep, ACTION_DEP_COLS)
COLS(milestone, MILESTONE_COLS)
COLS(period, PERIOD_COLS)
COLS(progress_update, PROGRESS_UPDATE_COLS)
COLS(measure, MEASURE_COLS)
COLS(measure_action, MEASURE_ACTION_COLS)
COLS(measure_value, MEASURE_VALUE_COLS)
COLS(account, ACCOUNT_COLS)
COLS(api_token, API_TOKEN_COLS)
COLS(document, DOCUMENT_COLS)
COLS(closure, CLOSURE_COLS)
COLS(evidence, EVIDENCE_COLS)
COLS(update_review, UPDATE_REVIEW_COLS)
COLS(assurance, ASSURANCE_COLS)
COLS(version_item, VERSION_ITEM_COLS)
COLS(month_record, MONTH_RECORD_COLS)
COLS(closure_completion, CLOSURE_COMPLETION_COLS)
COLS(update_correction, UPDATE_CORRECTION_COLS)
COLS(report_statement, REPORT_STATEMENT_COLS)
COLS(report_document, REPORT_DOCUMENT_COLS)
COLS(panel_setting, PANEL_SETTING_COLS)
COLS(panel_member, PANEL_MEMBER_COLS)
COLS(panel_lead, PANEL_LEAD_COLS)
COLS(meeting, MEETING_COLS)
COLS(meeting_item, MEETING_ITEM_COLS)
COLS(meeting_paper, MEETING_PAPER_COLS)
COLS(meeting_attendance, MEETING_ATTENDANCE_COLS)
COLS(meeting_declaration, MEETING_DECLARATION_COLS)
COLS(meeting_action, MEETING_ACTION_COLS)
COLS(meeting_correction, MEETING_CORRECTION_COLS)
COLS(calendar_token, CALENDAR_TOKEN_COLS)
COLS(cost_agreement, COST_AGREEMENT_COLS)
COLS(agreement_share, AGREEMENT_SHARE_COLS)
COLS(expense, EXPENSE_COLS)
COLS(period_reopening, PERIOD_REOPENING_COLS)
COLS(version_event, VERSION_EVENT_COLS)
COLS(meeting_question, MEETING_QUESTION_COLS)
COLS(measure_entry, MEASURE_ENTRY_COLS)
COLS(milestone_achievement, MILESTONE_ACHIEVEMENT_COLS)
COLS(engagement_event, ENGAGEMENT_EVENT_COLS)
COLS(engagement_participant, ENGAGEMENT_PARTICIPANT_COLS)
COLS(engagement_feedback, ENGAGEMENT_FEEDBACK_COLS)
COLS(sos_report, SOS_REPORT_COLS)
COLS(sos_section, SOS_SECTION_COLS)

const struct table tables[T__MAX] = {
    TABLE(T_ORGANISATION, organisation, ORGANISATION_COLS, "slug"),
    TABLE(T_PERSON, person, PERSON_COLS, "ref"),
    TABLE(T_REVIEW, review, REVIEW_COLS, "ref"),
    TABLE(T_RECOMMENDATION, recommendation, RECOMMENDATION_COLS, "ref"),
    TABLE(T_PLAN_VERSION, plan_version, PLAN_VERSION_COLS, "number"),
    TABLE(T_THEME, theme, THEME_COLS, "ref"),
    TABLE(T_ACTION, action, ACTION_COLS, "ref"),
    TABLE(T_ACTION_ANSWER, action_answer, ACTION_ANSWER_COLS, NULL),
    TABLE(T_ACTION_DEP, action_dep, ACTION_DEP_COLS, NULL),
    TABLE(T_MILESTONE, milestone, MILESTONE_COLS, "ref"),
    TABLE(T_PERIOD, period, PERIOD_COLS, "month"),
    TABLE(T_PROGRESS_UPDATE, progress_update, PROGRESS_UPDATE_COLS, NULL),
    TABLE(T_MEASURE, measure, MEASURE_COLS, "ref"),
    TABLE(T_MEASURE_ACTION, measure_action, MEASURE_ACTION_COLS, NULL),
    TABLE(T_MEASURE_VALUE, measure_value, MEASURE_VALUE_COLS, NULL),
    TABLE(T_ACCOUNT, account, ACCOUNT_COLS, "username"),
    TABLE(T_API_TOKEN, api_token, API_TOKEN_COLS, "name"),
    TABLE(T_DOCUMENT, document, DOCUMENT_COLS, "name"),
    TABLE(T_CLOSURE, closure, CLOSURE_COLS, NULL),
    TABLE(T_EVIDENCE, evidence, EVIDENCE_COLS, "label"),
    TABLE(T_UPDATE_REVIEW, update_review, UPDATE_REVIEW_COLS, NULL),
    TABLE(T_ASSURANCE, assurance, ASSURANCE_COLS, NULL),
    TABLE(T_VERSION_ITEM, version_item, VERSION_ITEM_COLS, "ref"),
    TABLE(T_MONTH_RECORD, month_record, MONTH_RECORD_COLS, "month"),
    TABLE(T_CLOSURE_COMPLETION, closure_completion, CLOSURE_COMPLETION_COLS, "completed_on"),
    TABLE(T_UPDATE_CORRECTION, update_correction, UPDATE_CORRECTION_COLS, "field"),
    TABLE(T_REPORT_STATEMENT, report_statement, REPORT_STATEMENT_COLS, "month"),
    TABLE(T_REPORT_DOCUMENT, report_document, REPORT_DOCUMENT_COLS, "month"),
    TABLE(T_PANEL_SETTING, panel_setting, PANEL_SETTING_COLS, NULL),
    TABLE(T_PANEL_MEMBER, panel_member, PANEL_MEMBER_COLS, "ref"),
    TABLE(T_PANEL_LEAD, panel_lead, PANEL_LEAD_COLS, "target"),
    TABLE(T_MEETING, meeting, MEETING_COLS, "ref"),
    TABLE(T_MEETING_ITEM, meeting_item, MEETING_ITEM_COLS, NULL),
    TABLE(T_MEETING_PAPER, meeting_paper, MEETING_PAPER_COLS, NULL),
    TABLE(T_MEETING_ATTENDANCE, meeting_attendance, MEETING_ATTENDANCE_COLS, NULL),
    TABLE(T_MEETING_DECLARATION, meeting_declaration, MEETING_DECLARATION_COLS, NULL),
    TABLE(T_MEETING_ACTION, meeting_action, MEETING_ACTION_COLS, "ref"),
    TABLE(T_MEETING_CORRECTION, meeting_correction, MEETING_CORRECTION_COLS, "made_on"),
    TABLE(T_CALENDAR_TOKEN, calendar_token, CALENDAR_TOKEN_COLS, NULL),
    TABLE(T_COST_AGREEMENT, cost_agreement, COST_AGREEMENT_COLS, "ref"),
    TABLE(T_AGREEMENT_SHARE, agreement_share, AGREEMENT_SHARE_COLS, "party"),
    TABLE(T_EXPENSE, expense, EXPENSE_COLS, "ref"),
    TABLE(T_PERIOD_REOPENING, period_reopening, PERIOD_REOPENING_COLS, NULL),
    TABLE(T_VERSION_EVENT, version_event, VERSION_EVENT_COLS, "kind"),
    TABLE(T_MEETING_QUESTION, meeting_question, MEETING_QUESTION_COLS, NULL),
    TABLE(T_MEASURE_ENTRY, measure_entry, MEASURE_ENTRY_COLS, "month"),
    TABLE(T_MILESTONE_ACHIEVEMENT, milestone_achievement, MILESTONE_ACHIEVEMENT_COLS,
          "achieved_on"),
    TABLE(T_ENGAGEMENT_EVENT, engagement_event, ENGAGEMENT_EVENT_COLS, "ref"),
    TABLE(T_ENGAGEMENT_PARTICIPANT, engagement_participant, ENGAGEMENT_PARTICIPANT_COLS, "name"),
    TABLE(T_ENGAGEMENT_FEEDBACK, engagement_feedback, ENGAGEMENT_FEEDBACK_COLS, "ref"),
    TABLE(T_SOS_REPORT, sos_report, SOS_REPORT_COLS, "ref"),
    TABLE(T_SOS_SECTION, sos_section, SOS_SECTION_COLS, "key"),
};

/* clang-format off */
#define COL_STATE(n, t) ",json_extract(entry,'$.state." #n "')"

#define HISTORY(id, tname, LIST)                                                                   \
    {id,                                                                                           \
     #tname "_h",                                                                                  \
     "SELECT from_seq, to_seq, id" LIST(COL_NAME) " FROM " #tname                                  \
     "_h WHERE from_seq >= :from ORDER BY id, from_seq",                                           \
     "SELECT from_seq, to_seq, id" LIST(COL_NAME) " FROM " #tname                                  \
     "_h WHERE from_seq = 0 ORDER BY id",                                                          \
     "SELECT min(from_seq) FILTER (WHERE from_seq > 0), count(*) FILTER (WHERE from_seq = 0) "     \
     "FROM " #tname "_h",                                                                          \
     {"DELETE FROM " #tname "_h WHERE from_seq > :since",                                          \
      "UPDATE " #tname "_h SET to_seq = NULL WHERE to_seq > :since",                               \
      "INSERT INTO " #tname "_h (from_seq, to_seq, id" LIST(COL_NAME) ") "                         \
      "SELECT seq, next_seq, row_id" LIST(COL_STATE) " FROM (SELECT seq, row_id, entry, "          \
      "lead(seq) OVER (PARTITION BY row_id ORDER BY seq) AS next_seq FROM ledger "                 \
      "WHERE tbl = '" #tname "' AND seq > :since) "                                                \
      "WHERE json_type(entry, '$.state') = 'object' ORDER BY seq",                                 \
      "UPDATE " #tname "_h SET to_seq = (SELECT min(seq) FROM ledger WHERE tbl = '" #tname        \
      "' AND row_id = " #tname "_h.id AND seq > :since) WHERE to_seq IS NULL AND from_seq <= "     \
      ":since"}}
/* clang-format on */

const struct table_history table_histories[] = {
    HISTORY(T_PERSON, person, PERSON_COLS),
    HISTORY(T_REVIEW, review, REVIEW_COLS),
    HISTORY(T_RECOMMENDATION, recommendation, RECOMMENDATION_COLS),
    HISTORY(T_PLAN_VERSION, plan_version, PLAN_VERSION_COLS),
    HISTORY(T_THEME, theme, THEME_COLS),
    HISTORY(T_ACTION, action, ACTION_COLS),
    HISTORY(T_ACTION_ANSWER, action_answer, ACTION_ANSWER_COLS),
    HISTORY(T_ACTION_DEP, action_dep, ACTION_DEP_COLS),
    HISTORY(T_MILESTONE, milestone, MILESTONE_COLS),
    HISTORY(T_MEASURE, measure, MEASURE_COLS),
    HISTORY(T_MEASURE_ACTION, measure_action, MEASURE_ACTION_COLS),
    HISTORY(T_MEASURE_VALUE, measure_value, MEASURE_VALUE_COLS),
};
const size_t table_nhistories = sizeof table_histories / sizeof table_histories[0];

const struct table *table_by_name(const char *name)
{
    for (int i = 0; i < T__MAX; i++)
        if (strcmp(tables[i].name, name) == 0)
            return &tables[i];
    return NULL;
}

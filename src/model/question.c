/* question.c — residents' questions (see question.h). */
#include "model/question.h"
#include "lib/smtp.h"
#include "model/ledger.h"
#include "model/limits.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

day_t question_deadline(const char *starts_at)
{
    struct tm tm = {0}, local;
    const char *end = starts_at ? strptime(starts_at, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
    if (!end || *end)
        return DAY_NONE;
    time_t t = timegm(&tm);
    if (!localtime_r(&t, &local))
        return DAY_NONE;
    day_t d = date_from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
    for (int n = 0; n < QUESTION_WORKING_DAYS;) {
        d--;
        int wd = (int)(((d % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday: 0 is Sunday */
        if (wd != 0 && wd != 6)
            n++;
    }
    return d;
}

/* Whether string key k of o is `want`. */
static bool is(json_t *o, const char *k, const char *want)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v && strcmp(v, want) == 0;
}

bool question_taken(json_t *m, day_t today, day_t *deadline)
{
    day_t d = question_deadline(json_string_value(json_object_get(m, "starts_at")));
    if (deadline)
        *deadline = d;
    return json_is_true(json_object_get(m, "open")) && is(m, "status", "scheduled") &&
           is(m, "agenda", "published") && d != DAY_NONE && today <= d;
}

/* Refuses with message msg on `f`: returns 1. */
static int refuse(struct db *db, char field[32], const char *f, const char *msg)
{
    snprintf(field, 32, "%s", f);
    snprintf(db->err, sizeof db->err, "%s", msg);
    return 1;
}

int question_ask(struct db *db, int64_t meeting_id, const char *name, const char *email,
                 const char *question, const char *now, char field[32])
{
    static const char sql_recent[] = "SELECT count(*) FROM meeting_question WHERE email = :e "
                                     "AND asked_at > strftime('%Y-%m-%dT%H:%M:%SZ', :now, "
                                     "'-1 day')";
    char addr[QUESTION_EMAIL_MAX + 1];
    const char *why;
    if (!name || !*name)
        return refuse(db, field, "name", "Enter your name");
    if ((why = limits_text(name, QUESTION_NAME_MAX, false)))
        return refuse(db, field, "name", "Your name must be 200 characters or fewer, on one line");
    if (!email || strlen(email) > QUESTION_EMAIL_MAX || !smtp_address_valid(email))
        return refuse(db, field, "email",
                      "Enter an e-mail address in the correct format, like name@example.com");
    if (!question || !*question)
        return refuse(db, field, "question", "Enter your question");
    if ((why = limits_text(question, QUESTION_TEXT_MAX, true)))
        return refuse(db, field, "question", "Your question must be 2,000 characters or fewer");
    size_t i;
    for (i = 0; email[i]; i++)
        addr[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ? email[i] + 32 : email[i]);
    addr[i] = '\0';
    if (db_begin(db))
        return -1;
    sqlite3_stmt *st = db_prepare(db, sql_recent);
    int rc = st ? 0 : -1;
    if (st) {
        db_bind_text(st, ":e", addr);
        db_bind_text(st, ":now", now);
        rc = db_step(db, st, "questions from an address");
        int64_t n = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        rc = rc < 0 ? -1 : n >= QUESTION_PER_DAY ? 1 : 0;
    }
    if (rc == 1) {
        db_rollback(db);
        return refuse(db, field, "email",
                      "This address has sent 3 questions in the last 24 hours: please wait "
                      "a day before sending another");
    }
    struct ledger_row r;
    ledger_row_init(&r, T_MEETING_QUESTION, 0);
    ledger_row_int(&r, "meeting_id", meeting_id);
    ledger_row_text(&r, "asked_at", now);
    ledger_row_text(&r, "name", name);
    ledger_row_text(&r, "email", addr);
    ledger_row_text(&r, "question", question);
    ledger_row_text(&r, "state", "pending");
    ledger_row_text(&r, "reason", "");
    ledger_row_text(&r, "answer", "");
    ledger_row_null(&r, "answered_at");
    if (rc || ledger_put_row(db, &r, 0) < 0 || db_commit(db)) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

json_t *question_list(struct db *db, int64_t meeting_id, bool all)
{
    static const char sql_all[] =
        "SELECT id, asked_at, name, email, question, state, reason, answer, answered_at "
        "FROM meeting_question WHERE meeting_id = :m ORDER BY id";
    static const char sql_public[] =
        "SELECT id, asked_at, name, '', question, state, '', answer, answered_at "
        "FROM meeting_question WHERE meeting_id = :m AND state = 'accepted' ORDER BY id";
    sqlite3_stmt *st = db_prepare(db, all ? sql_all : sql_public);
    if (!st)
        return NULL;
    db_bind_int(st, ":m", meeting_id);
    json_t *out = json_array();
    int rc;
    while ((rc = db_step(db, st, "questions")) == 1) {
        json_t *answered = sqlite3_column_type(st, 8) == SQLITE_NULL
                               ? json_null()
                               : json_string(db_col_text(st, 8));
        json_t *q = json_pack("{s:s, s:s, s:s, s:s, s:o}", "asked_at", db_col_text(st, 1), "name",
                              db_col_text(st, 2), "question", db_col_text(st, 4), "answer",
                              db_col_text(st, 7), "answered_at", answered);
        if (all) {
            json_object_set_new(q, "id", json_integer(sqlite3_column_int64(st, 0)));
            json_object_set_new(q, "email", json_string(db_col_text(st, 3)));
            json_object_set_new(q, "state", json_string(db_col_text(st, 5)));
            json_object_set_new(q, "reason", json_string(db_col_text(st, 6)));
        }
        json_array_append_new(out, q);
    }
    sqlite3_reset(st);
    if (rc < 0) {
        json_decref(out);
        return NULL;
    }
    return out;
}

int question_decide(struct db *db, int64_t meeting_id, int64_t id, const char *decision,
                    const char *text, const char *now)
{
    json_t *q = ledger_row_state(db, T_MEETING_QUESTION, id);
    if (!q || json_integer_value(json_object_get(q, "meeting_id")) != meeting_id) {
        json_decref(q);
        return 2;
    }
    const char *why = NULL;
    bool answer = strcmp(decision, "answer") == 0, reject = strcmp(decision, "reject") == 0;
    if ((answer || reject) && (!text || !*text))
        why = answer ? "Enter the answer" : "Say why the question is rejected";
    else if (answer && !is(q, "state", "accepted"))
        why = "Only an accepted question can be answered: accept it first";
    else if (text && (limits_text(text, QUESTION_ANSWER_MAX, true)))
        why = "The text must be 20,000 characters or fewer";
    if (why) {
        json_decref(q);
        snprintf(db->err, sizeof db->err, "%s", why);
        return 1;
    }
    if (answer) {
        json_object_set_new(q, "answer", json_string(text));
        json_object_set_new(q, "answered_at", json_string(now));
    } else if (reject) {
        json_object_set_new(q, "state", json_string("rejected"));
        json_object_set_new(q, "reason", json_string(text));
    } else {
        json_object_set_new(q, "state", json_string("accepted"));
        json_object_set_new(q, "reason", json_string(""));
    }
    int rc = db_begin(db);
    if (!rc && ledger_put(db, T_MEETING_QUESTION, q, 1) < 0)
        rc = -1;
    if (rc || db_commit(db)) {
        db_rollback(db);
        rc = -1;
    }
    json_decref(q);
    return rc;
}

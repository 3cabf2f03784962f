/* question.h — residents' questions to a public meeting of the panel
 * (sql/016_meeting_question.sql).
 *
 * Anyone may send a question for an open meeting that is scheduled, whose
 * agenda is published and whose question deadline has not passed: the end
 * of the day QUESTION_WORKING_DAYS working days (Monday to Friday) before the
 * day the meeting starts, in the organisation's zone.  A question arrives
 * pending; the secretariat accepts it (it is then published), rejects it with
 * a reason (never published), and answers an accepted one.  The public reads
 * only accepted questions, with the asker's name and the answer; the e-mail
 * address reaches no public surface.  Each address may send at most
 * QUESTION_PER_DAY questions in any 24 hours.  Every change is one ledgered
 * write. */
#ifndef DIALTURN_QUESTION_H
#define DIALTURN_QUESTION_H
#include "lib/date.h"
#include "model/db.h"
#include <jansson.h>
#include <stdbool.h>

#define QUESTION_WORKING_DAYS 3    /* the deadline, in working days before the meeting */
#define QUESTION_PER_DAY      3    /* questions one address may send in 24 hours */
#define QUESTION_NAME_MAX     200  /* characters of the asker's name */
#define QUESTION_EMAIL_MAX    254  /* bytes of an address */
#define QUESTION_TEXT_MAX     2000 /* characters of a question */
#define QUESTION_ANSWER_MAX   20000

/* The last day questions are taken for a meeting starting at `starts_at`
 * (UTC "YYYY-MM-DDTHH:MM:SSZ", its day taken in the local zone): that day
 * less QUESTION_WORKING_DAYS working days.  DAY_NONE when starts_at is not
 * such a time. */
day_t question_deadline(const char *starts_at);

/* Whether meeting m (canonical or redacted JSON) takes questions on `today`:
 * open, scheduled, agenda published and today no later than its deadline
 * (written to *deadline, which may be NULL). */
bool question_taken(json_t *m, day_t today, day_t *deadline);

/* Records a question for meeting `meeting_id` asked at `now`.  Returns 0;
 * 1 when the input is refused, with the form field at fault in field (size
 * 32: "name", "email" or "question") and the message in db->err; -1 on
 * failure (db->err).  Runs its own transaction. */
int question_ask(struct db *db, int64_t meeting_id, const char *name, const char *email,
                 const char *question, const char *now, char field[32]);

/* The questions of a meeting, oldest first (a new array): with `all`, every
 * one as {"id", "asked_at", "name", "email", "question", "state", "reason",
 * "answer", "answered_at"}; without, only the accepted ones as {"asked_at",
 * "name", "question", "answer", "answered_at"}, never the address.  NULL
 * with db->err set on failure. */
json_t *question_list(struct db *db, int64_t meeting_id, bool all);

/* The secretariat's decision on question `id` of meeting `meeting_id`:
 * "accept", "reject" (with `text` the reason, required) or "answer" (with
 * `text` the answer, required; the question must be accepted).  Returns 0;
 * 1 when refused (db->err says why); 404-like 2 when the meeting has no
 * such question; -1 on failure.  Runs its own transaction. */
int question_decide(struct db *db, int64_t meeting_id, int64_t id, const char *decision,
                    const char *text, const char *now);

#endif

/* demo_sos.c — the demo's reports to the Secretary of State (model/sos.h):
 * the panel's letter of July 2015 and its December 2015 report, sent on 11
 * January 2016, made as the workspace makes them (started by the
 * secretariat, assessed, approved by the chair, published) on the dates
 * they were.  The assessments paraphrase the public letters' themes (demo
 * facts): city partnership, the long-term financial strategy, senior
 * management capacity; the figures are the demo's records. */
#include "cli/cli.h"
#include "model/org.h"
#include "model/record.h"
#include "model/sos.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct demo_sos {
    const char *ref, *kind, *title, *from, *to, *started, *approved, *published;
    const char *assessment[7]; /* per sos_sections entry */
};

static const struct demo_sos reports[] = {
    {"SOS-2015-07",
     "letter",
     "Letter to the Secretary of State, July 2015",
     "2015-03",
     "2015-06",
     "2015-07-13",
     "2015-07-17",
     "2015-07-20",
     {"The council has made a start, but its commitment to change is not yet unconditional. "
      "The panel's concerns are the city partnership, the long-term financial strategy and "
      "the capacity of senior management.\n",
      "Every recommendation has an action answering it. Most are in progress; none is yet "
      "complete.\n",
      "Roles and culture (T1) and strategic planning (T2) are moving; the city partnership "
      "(T5) has not started in earnest.\n",
      "The strategic framework went to cabinet on 29 June 2015, later than planned.\n",
      "The council rates its confidence higher than the panel would in strategic planning.\n",
      "Too early to judge from the measures.\n",
      "The panel met in public on 11 June 2015, in the Council Chamber.\n"}},
    {"SOS-2015-12",
     "scheduled",
     "Report to the Secretary of State, December 2015",
     "2015-07",
     "2015-11",
     "2015-12-01",
     "2016-01-08",
     "2016-01-11",
     {"The council has made progress since our letter of July, but significant risks "
      "remain, and the pace is not yet what the review asked for. We organise our "
      "assessment by the three matters we raised then.\n\n"
      "### The city partnership\n\n"
      "The independent city leadership group the review called for (recommendation R8) is "
      "still being formed. Partners tell us they want to be part of it; the council must now "
      "let go of leading it. We expect the group to have met and agreed its purpose by March "
      "2016.\n\n"
      "### The long-term financial strategy\n\n"
      "The council has a budget for 2016/17 but not yet a financial plan to 2018/19 with no "
      "extra government money (recommendation R5). Savings are still found year by year. "
      "We ask to see the long-term plan before the budget is set in February.\n\n"
      "### Senior management capacity\n\n"
      "Interim appointments have held the line, and the new chief executive has begun to "
      "build a team; but too much still rests on too few people. The workforce strategy "
      "(recommendation R6) needs to show how permanent appointments will be made and kept.\n",
      "Progress against each recommendation is set out below. The panel's own appointment "
      "and reporting (R1, R2) are done; the boundary review (R4) is in hand with the "
      "commission; partnership working (R8, R9) lags.\n",
      "Leadership and culture (T1) and size and structure (T4) are broadly on track. "
      "Strategic planning (T2) and communities and partnerships (T5) are where the panel's "
      "concern lies.\n",
      "Milestones met since July include the strategic framework and the first staff "
      "survey. Those missed are mostly in the partnership theme.\n",
      "Where the panel's rating differs from the council's, we have said why. We do not "
      "yet share the council's confidence on the city partnership.\n",
      "The measures move slowly; we will look for the trajectory in the next report.\n",
      "Our public meetings in September and December heard from the leader, the chief "
      "executive and the opposition group leaders, and answered residents' questions.\n"}},
};

static const char sql_account[] = "SELECT id, person_id FROM account WHERE username = :u";

static int64_t account_of(struct db *db, const char *username, int64_t *person)
{
    sqlite3_stmt *st = db_prepare(db, sql_account);
    if (!st)
        return -1;
    db_bind_text(st, ":u", username);
    int64_t id = 0;
    if (db_step(db, st, "finding a demo account") == 1) {
        id = sqlite3_column_int64(st, 0);
        if (person)
            *person = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return id;
}

/* One report through its whole life. */
static int one(struct db *db, struct db *pdb, const struct demo_sos *d, const char *org, char *err,
               size_t errlen)
{
    struct field_errors fe = FERR_INIT;
    int64_t person = 0;
    int64_t sec = account_of(db, "secretariat", NULL);
    int64_t chair = account_of(db, "chair", &person);
    day_t started, approved, published;
    if (!date_parse(d->started, &started) || !date_parse(d->approved, &approved) ||
        !date_parse(d->published, &published))
        return -1;
    struct sos_start in = {d->ref, d->kind, d->title, d->from, d->to, started};
    enum sos_rc rc = sos_start(db, pdb, &in, sec, &fe);
    for (size_t i = 0; rc == SOS_OK && i < sos_nsections; i++)
        rc = sos_assess(db, d->ref, sos_sections[i].key, d->assessment[i], &fe);
    if (rc == SOS_OK)
        rc = sos_approve(db, d->ref, chair, person, approved, &fe);
    if (rc == SOS_OK) {
        struct sos_report s;
        if (sos_get(db, d->ref, false, &s) != 1)
            rc = SOS_ERROR;
        else {
            free(s.published_on);
            s.published_on = xstrdup(d->published);
            struct buf html = BUF_INIT, pdf = BUF_INIT;
            if (sos_render(pdb, org, &s, published, &html, &pdf, err, errlen))
                rc = SOS_ERROR;
            else
                rc = sos_publish(db, d->ref, published, &html, &pdf, sec, &fe);
            buf_free(&html);
            buf_free(&pdf);
            sos_free(&s);
            if (rc == SOS_ERROR && !err[0])
                snprintf(err, errlen, "%s", db->err);
            else if (rc == SOS_ERROR)
                return -1;
        }
    }
    if (rc != SOS_OK) {
        if (fe.n) {
            struct buf line = BUF_INIT;
            ferr_line(&fe, &line);
            snprintf(err, errlen, "report %s: %s", d->ref, buf_str(&line));
            buf_free(&line);
        } else if (!err[0])
            snprintf(err, errlen, "report %s: %s", d->ref,
                     rc == SOS_NOT_FOUND ? "not found" : db->err);
        ferr_free(&fe);
        return -1;
    }
    return 0;
}

int demo_sos_reports(struct db *db, const char *path, char *err, size_t errlen)
{
    err[0] = '\0';
    struct db *pdb = db_open(path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, errlen);
    if (!pdb)
        return -1;
    struct web_config cfg;
    memset(&cfg, 0, sizeof cfg);
    int rc = 0;
    if (record_connect(pdb) ||
        org_identity(pdb, cfg.org_name, sizeof cfg.org_name, cfg.slug, sizeof cfg.slug)) {
        snprintf(err, errlen, "%s", pdb->err);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < sizeof reports / sizeof *reports; i++)
        rc = one(db, pdb, &reports[i], cfg.org_name, err, errlen);
    db_close(pdb);
    return rc;
}

/* money.h — the panel's expenses, programme costs and the cost agreements
 * that share them (DESIGN.md, "Expense and cost agreement", "Expense split").
 *
 * Money is integer pence.  Two parties share the costs: the council and the
 * department.  A cost agreement fixes each party's share (in basis points,
 * hundredths of a percent, adding up to 10000) from its first day to its
 * last (or, without a last day, for as long as no later agreement starts).
 * An expense is shared by the agreement governing the day it was incurred:
 * of the agreements that cover that day, the one that started last; with
 * none, the default shares, council 50 % and department 50 %.
 *
 * The split of a total (money_split): each party but the council gets the
 * total times its share, rounded to the nearest penny with a half penny
 * rounded down; the council takes the rest, so any odd penny.  A statement
 * splits each agreement's total separately and adds the shares up; each
 * party's balance is its share less what it paid: positive, it owes that
 * much; negative, it is owed.
 *
 * Writes go through the ledger in one transaction each and need CAP_MONEY. */
#ifndef DIALTURN_MONEY_H
#define DIALTURN_MONEY_H
#include "lib/date.h"
#include "lib/ferr.h"
#include "model/cycle.h"
#include "model/db.h"
#include "model/document.h"
#include <stdbool.h>
#include <stdint.h>

enum money_party { PARTY_COUNCIL, PARTY_DEPARTMENT, PARTY__MAX };

#define MONEY_DEFAULT_COUNCIL_BP 5000      /* the default agreement: half each */
#define MONEY_AMOUNT_MAX         100000000 /* pence in one expense, at most (£1,000,000) */
#define MONEY_DAYS_MAX           36600     /* hundredths of a day in one programme cost */
#define MONEY_TEXT_MAX           200       /* bytes of a title, claimant */
#define MONEY_DESCRIPTION_MAX    2000      /* bytes of a description */
#define MONEY_REF_LEN            16

const char *money_party_code(enum money_party p);  /* "council"; static */
const char *money_party_label(enum money_party p); /* "The council"; static */
int money_party_parse(const char *s);              /* the party, or -1 */

/* Parses an amount of money as people write it: "12", "12.5", "12.50",
 * "£1,234.56" (commas only between groups of three digits).  Sets *pence.
 * Returns false for anything else, negative amounts and more than two
 * decimals. */
bool money_parse_pence(const char *s, int64_t *pence);

/* Writes pence as "£1,234.56" (or "-£0.50") into out (at least 32 bytes). */
void money_format(int64_t pence, char *out, size_t size);

/* Writes pence as "1234.56" (or "-0.50"), for CSV and JSON, into out. */
void money_plain(int64_t pence, char *out, size_t size);

/* The split of `total` pence by shares `bp` (adding up to 10000), by the rule
 * above, into out.  The parts add up to total exactly. */
void money_split(int64_t total, const int bp[PARTY__MAX], int64_t out[PARTY__MAX]);

/* A cost agreement; strings owned (money_data_free). */
struct money_agreement {
    int64_t id;
    char ref[MONEY_REF_LEN];
    char *title;
    char starts_on[DATE_LEN];
    char ends_on[DATE_LEN]; /* "" when open-ended */
    char agreed_on[DATE_LEN];
    int bp[PARTY__MAX];
};

/* An expense or a programme cost; strings owned (money_data_free). */
struct money_expense {
    int64_t id;
    char ref[MONEY_REF_LEN];
    bool programme; /* a programme cost, not the panel's expense */
    char incurred_on[DATE_LEN];
    char *claimant;
    char category[16];
    char *description;
    int64_t amount;    /* pence */
    int64_t day_rate;  /* pence a day; 0 unless a programme cost by the day */
    int64_t days_x100; /* days in hundredths; 0 likewise */
    enum money_party paid_by;
    int64_t receipt_id; /* the receipt's document, 0 for none */
};

/* Everything, agreements by start then id, expenses by date then id. */
struct money_data {
    struct money_agreement *agreements;
    size_t nagreements;
    struct money_expense *expenses;
    size_t nexpenses;
};

/* Loads it all.  Returns 0, or -1 (db->err). */
int money_load(struct db *db, struct money_data *out);
void money_data_free(struct money_data *d);

/* The agreement governing day `on` ("YYYY-MM-DD"), or NULL for the default. */
const struct money_agreement *money_agreement_for(const struct money_data *d, const char *on);

/* The share of each party under the agreements (or the default). */
void money_shares_of(const struct money_agreement *a, int out[PARTY__MAX]);

/* One agreement's part of a statement. */
struct money_group {
    const struct money_agreement *agreement; /* NULL: the default shares */
    size_t nexpenses;
    int64_t total;
    int64_t share[PARTY__MAX];
    int64_t paid[PARTY__MAX];
};

/* A statement of the expenses incurred from `from` to `to` (inclusive);
 * groups owned (money_statement_free), pointing into the data. */
struct money_statement {
    char from[DATE_LEN], to[DATE_LEN];
    size_t nexpenses;
    int64_t total, panel_total, programme_total;
    int64_t share[PARTY__MAX], paid[PARTY__MAX], balance[PARTY__MAX];
    struct money_group *groups; /* in the order of the agreements, the default last */
    size_t ngroups;
};

/* Works out the statement of d from `from` to `to` (dates "YYYY-MM-DD"). */
void money_statement(const struct money_data *d, const char *from, const char *to,
                     struct money_statement *out);
void money_statement_free(struct money_statement *s);

/* Who owes whom, in words: "The council owes the department £0.50." or
 * "Nobody owes anything." into out. */
void money_settlement(const struct money_statement *s, struct buf *out);

/* A financial quarter (April to June is Q1) with its totals. */
struct money_quarter {
    char label[48]; /* "2015-16 Q4: January to March 2016" */
    char from[DATE_LEN], to[DATE_LEN];
    bool to_date; /* the quarter had not ended on `today` */
    int64_t panel_total, programme_total;
    int64_t share[PARTY__MAX];
};

/* The quarters that hold expenses, oldest first, as far as `today`; the
 * array is malloc'd (the caller frees it). */
void money_quarters(const struct money_data *d, const char *today, struct money_quarter **out,
                    size_t *n);

/* A cost agreement as typed. */
struct money_agreement_input {
    const char *title, *starts_on, *ends_on, *agreed_on;
    const char *council_percent, *department_percent; /* "50", "33.33" */
};

/* Records an agreement; sets *id.  The refusals fill errs by field. */
enum cycle_rc money_agreement_add(struct db *db, const struct session_user *u,
                                  const struct money_agreement_input *in, struct field_errors *errs,
                                  int64_t *id);

/* An expense as typed.  A programme cost by the day gives day_rate and days
 * and no amount; anything else gives amount. */
struct money_expense_input {
    const char *kind; /* "panel" or "programme" */
    const char *incurred_on, *claimant, *category, *description;
    const char *amount, *day_rate, *days, *paid_by;
    const struct document_upload *receipt; /* NULL for none; stored restricted */
};

/* Records an expense; sets *ref (at least MONEY_REF_LEN bytes). */
enum cycle_rc money_expense_add(struct db *db, const struct session_user *u,
                                const struct money_expense_input *in, struct field_errors *errs,
                                char *ref);

/* The categories an expense may have, NULL-ended, with their labels. */
extern const char *const money_categories[];
const char *money_category_label(const char *code);

/* CSV of every expense (ref, kind, incurred_on, claimant, category,
 * description, amount, day_rate, days, paid_by, agreement).  Malloc'd. */
char *money_expenses_csv(const struct money_data *d);

/* CSV of a statement: one row per party (share, paid, balance), then one
 * per agreement and party.  Malloc'd. */
char *money_statement_csv(const struct money_statement *s);

#endif

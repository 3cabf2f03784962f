/* money.c — expenses, programme costs and cost agreements (see money.h). */
#include "model/money.h"
#include "lib/buf.h"
#include "lib/text.h"
#include "model/ledger.h"
#include "model/plan_csv.h"
#include "model/role.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const party_codes[PARTY__MAX] = {"council", "department"};
static const char *const party_labels[PARTY__MAX] = {"The council", "The department"};

const char *const money_categories[] = {"travel", "accommodation", "subsistence", "venue",
                                        "fees",   "interim",       "other",       NULL};
static const char *const category_labels[] = {"Travel", "Accommodation", "Subsistence", "Venue",
                                              "Fees",   "Interim role",  "Other"};

const char *money_party_code(enum money_party p)
{
    return (unsigned)p < PARTY__MAX ? party_codes[p] : "?";
}

const char *money_party_label(enum money_party p)
{
    return (unsigned)p < PARTY__MAX ? party_labels[p] : "?";
}

int money_party_parse(const char *s)
{
    for (int i = 0; s && i < PARTY__MAX; i++)
        if (strcmp(s, party_codes[i]) == 0)
            return i;
    return -1;
}

const char *money_category_label(const char *code)
{
    for (size_t i = 0; code && money_categories[i]; i++)
        if (strcmp(code, money_categories[i]) == 0)
            return category_labels[i];
    return code ? code : "";
}

/* ---- amounts ------------------------------------------------------------------------ */

/* Parses a decimal with at most `places` decimals into hundredths (places <=
 * 2): "12", "1,234.5".  At most 10 digits before the point. */
static bool parse_hundredths(const char *s, int places, int64_t *out)
{
    if (!s)
        return false;
    while (*s == ' ' || *s == '\t')
        s++;
    if (strncmp(s, "\xc2\xa3", 2) == 0) /* £ */
        s += 2;
    int64_t whole = 0;
    int digits = 0, group = -1; /* digits since the last comma; -1: none seen */
    const char *p = s;
    for (; *p && *p != '.'; p++) {
        if (*p == ',') {
            if (digits == 0 || (group >= 0 && group != 3) || (group < 0 && digits > 3))
                return false;
            group = 0;
            continue;
        }
        if (*p < '0' || *p > '9' || ++digits > 10)
            return false;
        whole = whole * 10 + (*p - '0');
        if (group >= 0)
            group++;
    }
    if (digits == 0 || (group >= 0 && group != 3))
        return false;
    int64_t frac = 0;
    int n = 0;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++) {
            if (++n > places)
                return false;
            frac = frac * 10 + (*p - '0');
        }
        if (n == 0)
            return false;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p)
        return false;
    for (; n < 2; n++)
        frac *= 10;
    *out = whole * 100 + frac;
    return true;
}

bool money_parse_pence(const char *s, int64_t *pence)
{
    return parse_hundredths(s, 2, pence);
}

/* Appends |v| hundredths to b as "1,234.56" (grouped) or "1234.56". */
static void hundredths(int64_t v, bool grouped, struct buf *b)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%" PRId64, v / 100);
    size_t n = strlen(digits);
    for (size_t i = 0; i < n; i++) {
        if (grouped && i && (n - i) % 3 == 0)
            buf_putc(b, ',');
        buf_putc(b, digits[i]);
    }
    buf_printf(b, ".%02d", (int)(v % 100));
}

/* Writes pence as text into out: "-" when negative, then prefix, then the
 * amount (grouped or not).  Built in a growing buffer, so no width is
 * guessed; 32 bytes of out hold any int64 ("-£92,233,720,368,547,758.07"). */
static void money_text(int64_t pence, const char *prefix, bool grouped, char *out, size_t size)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s%s", pence < 0 ? "-" : "", prefix);
    hundredths(pence < 0 ? -pence : pence, grouped, &b);
    snprintf(out, size, "%s", buf_str(&b));
    buf_free(&b);
}

void money_format(int64_t pence, char *out, size_t size)
{
    money_text(pence, "\xc2\xa3", true, out, size);
}

void money_plain(int64_t pence, char *out, size_t size)
{
    money_text(pence, "", false, out, size);
}

void money_split(int64_t total, const int bp[PARTY__MAX], int64_t out[PARTY__MAX])
{
    int64_t rest = total;
    for (int p = 0; p < PARTY__MAX; p++) {
        if (p == PARTY_COUNCIL)
            continue;
        /* total × bp / 10000 to the nearest penny, a half penny down */
        int64_t x = total * bp[p];
        int64_t q = x / 10000, r = x % 10000;
        out[p] = q + (r > 5000);
        rest -= out[p];
    }
    out[PARTY_COUNCIL] = rest;
}

/* ---- reading -------------------------------------------------------------------------- */

static const char sql_agreements[] =
    "SELECT a.id, a.ref, a.title, a.starts_on, coalesce(a.ends_on, ''), a.agreed_on,"
    " coalesce((SELECT s.share_bp FROM agreement_share s WHERE s.agreement_id = a.id"
    "   AND s.party = 'council'), 0),"
    " coalesce((SELECT s.share_bp FROM agreement_share s WHERE s.agreement_id = a.id"
    "   AND s.party = 'department'), 0)"
    " FROM cost_agreement a ORDER BY a.starts_on, a.id";

static const char sql_expenses[] =
    "SELECT id, ref, kind, incurred_on, claimant, category, description, amount_pence,"
    " coalesce(day_rate_pence, 0), coalesce(days_x100, 0), paid_by, coalesce(receipt_id, 0)"
    " FROM expense ORDER BY incurred_on, id";

void money_data_free(struct money_data *d)
{
    for (size_t i = 0; i < d->nagreements; i++)
        free(d->agreements[i].title);
    for (size_t i = 0; i < d->nexpenses; i++) {
        free(d->expenses[i].claimant);
        free(d->expenses[i].description);
    }
    free(d->agreements);
    free(d->expenses);
    memset(d, 0, sizeof *d);
}

int money_load(struct db *db, struct money_data *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    int rc;
    sqlite3_stmt *st = db_prepare(db, sql_agreements);
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->agreements = xgrow(out->agreements, out->nagreements, &cap, sizeof *out->agreements);
        struct money_agreement *a = &out->agreements[out->nagreements++];
        memset(a, 0, sizeof *a);
        a->id = sqlite3_column_int64(st, 0);
        snprintf(a->ref, sizeof a->ref, "%s", db_col_text(st, 1));
        a->title = xstrdup(db_col_text(st, 2));
        snprintf(a->starts_on, sizeof a->starts_on, "%s", db_col_text(st, 3));
        snprintf(a->ends_on, sizeof a->ends_on, "%s", db_col_text(st, 4));
        snprintf(a->agreed_on, sizeof a->agreed_on, "%s", db_col_text(st, 5));
        a->bp[PARTY_COUNCIL] = sqlite3_column_int(st, 6);
        a->bp[PARTY_DEPARTMENT] = sqlite3_column_int(st, 7);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        goto fail;
    cap = 0;
    st = db_prepare(db, sql_expenses);
    if (!st) {
        money_data_free(out);
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->expenses = xgrow(out->expenses, out->nexpenses, &cap, sizeof *out->expenses);
        struct money_expense *e = &out->expenses[out->nexpenses++];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(st, 0);
        snprintf(e->ref, sizeof e->ref, "%s", db_col_text(st, 1));
        e->programme = strcmp(db_col_text(st, 2), "programme") == 0;
        snprintf(e->incurred_on, sizeof e->incurred_on, "%s", db_col_text(st, 3));
        e->claimant = xstrdup(db_col_text(st, 4));
        snprintf(e->category, sizeof e->category, "%s", db_col_text(st, 5));
        e->description = xstrdup(db_col_text(st, 6));
        e->amount = sqlite3_column_int64(st, 7);
        e->day_rate = sqlite3_column_int64(st, 8);
        e->days_x100 = sqlite3_column_int64(st, 9);
        int p = money_party_parse(db_col_text(st, 10));
        e->paid_by = p < 0 ? PARTY_COUNCIL : (enum money_party)p;
        e->receipt_id = sqlite3_column_int64(st, 11);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return 0;
fail:
    db_set_error(db, "reading the expenses");
    money_data_free(out);
    return -1;
}

const struct money_agreement *money_agreement_for(const struct money_data *d, const char *on)
{
    const struct money_agreement *best = NULL;
    for (size_t i = 0; i < d->nagreements; i++) {
        const struct money_agreement *a = &d->agreements[i];
        if (strcmp(a->starts_on, on) > 0 || (a->ends_on[0] && strcmp(a->ends_on, on) < 0))
            continue;
        if (!best || strcmp(a->starts_on, best->starts_on) >= 0)
            best = a; /* in start order: the last that covers the day */
    }
    return best;
}

void money_shares_of(const struct money_agreement *a, int out[PARTY__MAX])
{
    if (a) {
        memcpy(out, a->bp, sizeof a->bp);
    } else {
        out[PARTY_COUNCIL] = MONEY_DEFAULT_COUNCIL_BP;
        out[PARTY_DEPARTMENT] = 10000 - MONEY_DEFAULT_COUNCIL_BP;
    }
}

/* ---- statements ---------------------------------------------------------------------- */

void money_statement(const struct money_data *d, const char *from, const char *to,
                     struct money_statement *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->from, sizeof out->from, "%s", from);
    snprintf(out->to, sizeof out->to, "%s", to);
    /* one group per agreement, then the default: index nagreements */
    struct money_group *g = xcalloc(d->nagreements + 1, sizeof *g);
    for (size_t i = 0; i < d->nagreements; i++)
        g[i].agreement = &d->agreements[i];
    for (size_t i = 0; i < d->nexpenses; i++) {
        const struct money_expense *e = &d->expenses[i];
        if (strcmp(e->incurred_on, from) < 0 || strcmp(e->incurred_on, to) > 0)
            continue;
        const struct money_agreement *a = money_agreement_for(d, e->incurred_on);
        struct money_group *x = &g[a ? (size_t)(a - d->agreements) : d->nagreements];
        x->nexpenses++;
        x->total += e->amount;
        x->paid[e->paid_by] += e->amount;
        out->nexpenses++;
        out->total += e->amount;
        *(e->programme ? &out->programme_total : &out->panel_total) += e->amount;
    }
    size_t n = 0;
    for (size_t i = 0; i <= d->nagreements; i++) {
        if (!g[i].nexpenses)
            continue;
        int bp[PARTY__MAX];
        money_shares_of(g[i].agreement, bp);
        money_split(g[i].total, bp, g[i].share);
        for (int p = 0; p < PARTY__MAX; p++) {
            out->share[p] += g[i].share[p];
            out->paid[p] += g[i].paid[p];
        }
        g[n++] = g[i];
    }
    for (int p = 0; p < PARTY__MAX; p++)
        out->balance[p] = out->share[p] - out->paid[p];
    out->groups = g;
    out->ngroups = n;
}

void money_statement_free(struct money_statement *s)
{
    free(s->groups);
    s->groups = NULL;
    s->ngroups = 0;
}

void money_settlement(const struct money_statement *s, struct buf *out)
{
    /* two parties: what one owes is what the other is owed */
    int64_t owes = s->balance[PARTY_COUNCIL];
    if (owes == 0) {
        buf_puts(out, "Nobody owes anything: each party has paid its share.");
        return;
    }
    enum money_party debtor = owes > 0 ? PARTY_COUNCIL : PARTY_DEPARTMENT;
    enum money_party creditor = owes > 0 ? PARTY_DEPARTMENT : PARTY_COUNCIL;
    char amount[32];
    money_format(owes > 0 ? owes : -owes, amount, sizeof amount);
    buf_printf(out, "%s owes the %s %s.", money_party_label(debtor), party_codes[creditor], amount);
}

/* The financial year's quarter of date s ("YYYY-MM-DD"): sets the first
 * and last days and the label. */
static void quarter_of(const char *s, struct money_quarter *q)
{
    static const char *const names[] = {"April to June", "July to September", "October to December",
                                        "January to March"};
    int y = atoi(s), m = atoi(s + 5);
    int fy = m >= 4 ? y : y - 1; /* the financial year starts in April */
    int k = ((m + 8) % 12) / 3;  /* April..June 0, ..., January..March 3 */
    int first = 4 + 3 * k;       /* the quarter's first month, 4..13 */
    int fy1 = first > 12 ? fy + 1 : fy;
    first = first > 12 ? first - 12 : first;
    int next = first + 3, ny = next > 12 ? fy1 + 1 : fy1;
    next = next > 12 ? next - 12 : next;
    char a[DATE_LEN], b[DATE_LEN];
    date_format(date_from_ymd(fy1, first, 1), a);
    date_format(date_from_ymd(ny, next, 1) - 1, b);
    snprintf(q->from, sizeof q->from, "%s", a);
    snprintf(q->to, sizeof q->to, "%s", b);
    snprintf(q->label, sizeof q->label, "%d-%02d Q%d: %s %d", fy, (fy + 1) % 100, k + 1, names[k],
             fy1);
}

void money_quarters(const struct money_data *d, const char *today, struct money_quarter **out,
                    size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < d->nexpenses; i++) {
        const struct money_expense *e = &d->expenses[i];
        if (strcmp(e->incurred_on, today) > 0)
            continue;
        struct money_quarter q;
        memset(&q, 0, sizeof q);
        quarter_of(e->incurred_on, &q);
        if (*n && strcmp((*out)[*n - 1].from, q.from) == 0)
            continue; /* expenses come in date order: this quarter is counted */
        struct money_statement s;
        money_statement(d, q.from, strcmp(q.to, today) > 0 ? today : q.to, &s);
        q.to_date = strcmp(q.to, today) > 0;
        q.panel_total = s.panel_total;
        q.programme_total = s.programme_total;
        memcpy(q.share, s.share, sizeof q.share);
        money_statement_free(&s);
        *out = xgrow(*out, *n, &cap, sizeof **out);
        (*out)[(*n)++] = q;
    }
}

/* ---- writing ---------------------------------------------------------------------------- */

/* Checks a required date field; adds the refusal. */
static bool date_field(struct field_errors *errs, const char *field, const char *label,
                       const char *v, bool required, day_t *out)
{
    *out = DAY_NONE;
    if (!v || !*v) {
        if (required)
            ferr_add(errs, field, "Enter the %s as YYYY-MM-DD", label);
        return !required;
    }
    if (!date_parse(v, out)) {
        ferr_add(errs, field, "The %s must be a real date written YYYY-MM-DD", label);
        return false;
    }
    return true;
}

/* Checks a required line of text of at most max bytes. */
static void text_field(struct field_errors *errs, const char *field, const char *label,
                       const char *v, size_t max, bool required)
{
    if (!v || !v[strspn(v, " \t\r\n")]) {
        if (required)
            ferr_add(errs, field, "Enter the %s", label);
        return;
    }
    if (strlen(v) > max)
        ferr_add(errs, field, "The %s must be %zu characters or fewer", label, max);
}

/* The next free ref "PREFIXn" in `table` (fixed SQL per table). */
static int next_ref(struct db *db, const char *sql, const char *prefix, char *ref)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    int r = db_step(db, st, "numbering");
    int64_t n = r > 0 ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (r < 0)
        return -1;
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s%" PRId64, prefix, n + 1);
    int rc = b.len < MONEY_REF_LEN ? 0 : -1;
    if (rc == 0)
        memcpy(ref, buf_str(&b), b.len + 1);
    else
        snprintf(db->err, sizeof db->err, "numbering: no %s reference left", prefix);
    buf_free(&b);
    return rc;
}

static const char sql_next_agreement[] =
    "SELECT coalesce(max(CAST(substr(ref, 3) AS INTEGER)), 0) FROM cost_agreement"
    " WHERE ref GLOB 'CA[0-9]*'";
static const char sql_next_expense[] = "SELECT coalesce(max(CAST(substr(ref, 2) AS INTEGER)), 0) "
                                       "FROM expense WHERE ref GLOB 'X[0-9]*'";
static const char sql_same_start[] = "SELECT ref FROM cost_agreement WHERE starts_on = :d";

/* A percentage "50" or "33.33" in basis points, or -1. */
static int percent_bp(const char *s)
{
    int64_t h;
    if (!s || !parse_hundredths(s, 2, &h) || h > 10000)
        return -1;
    return (int)h;
}

enum cycle_rc money_agreement_add(struct db *db, const struct session_user *u,
                                  const struct money_agreement_input *in, struct field_errors *errs,
                                  int64_t *id)
{
    ferr_free(errs);
    if (!role_has(u->role, CAP_MONEY)) {
        ferr_add(errs, "", "Your role cannot record cost agreements");
        return CYCLE_DENIED;
    }
    text_field(errs, "title", "agreement's title", in->title, MONEY_TEXT_MAX, true);
    day_t start, end, agreed;
    bool ok_start =
        date_field(errs, "starts_on", "first day it covers", in->starts_on, true, &start);
    bool ok_end = date_field(errs, "ends_on", "last day it covers", in->ends_on, false, &end);
    if (ok_start && ok_end && end != DAY_NONE && end < start)
        ferr_add(errs, "ends_on", "The last day must not be before the first day (%s)",
                 in->starts_on);
    if (date_field(errs, "agreed_on", "date it was agreed", in->agreed_on, true, &agreed) &&
        agreed > date_today())
        ferr_add(errs, "agreed_on", "The date it was agreed must not be in the future");
    int bp[PARTY__MAX] = {percent_bp(in->council_percent), percent_bp(in->department_percent)};
    static const char *const fields[PARTY__MAX] = {"council_percent", "department_percent"};
    bool shares_ok = true;
    for (int p = 0; p < PARTY__MAX; p++) {
        if (bp[p] < 0) {
            ferr_add(errs, fields[p],
                     "%s's share must be a percentage from 0 to 100, with at most two decimals",
                     money_party_label((enum money_party)p));
            shares_ok = false;
        }
    }
    if (shares_ok && bp[0] + bp[1] != 10000) {
        char sum[32];
        money_plain(bp[0] + bp[1], sum, sizeof sum);
        ferr_add(errs, "department_percent",
                 "The shares must add up to 100%%: these add up to %s%%", sum);
    }
    if (errs->n)
        return CYCLE_INVALID;
    if (db_begin(db))
        return CYCLE_ERROR;
    sqlite3_stmt *st = db_prepare(db, sql_same_start);
    if (!st)
        goto fail;
    db_bind_text(st, ":d", in->starts_on);
    int r = db_step(db, st, "reading the agreements");
    if (r > 0)
        ferr_add(errs, "starts_on",
                 "Agreement %s already starts on %s: give this one another first day",
                 TEXT_CLIP(db_col_text(st, 0), 16), in->starts_on);
    sqlite3_reset(st);
    if (r < 0)
        goto fail;
    if (r > 0) {
        db_rollback(db);
        return CYCLE_CONFLICT;
    }
    char ref[MONEY_REF_LEN];
    if (next_ref(db, sql_next_agreement, "CA", ref))
        goto fail;
    struct ledger_row row;
    ledger_row_init(&row, T_COST_AGREEMENT, 0);
    ledger_row_text(&row, "ref", ref);
    ledger_row_text(&row, "title", in->title);
    ledger_row_text(&row, "starts_on", in->starts_on);
    ledger_row_text(&row, "ends_on", end == DAY_NONE ? NULL : in->ends_on);
    ledger_row_text(&row, "agreed_on", in->agreed_on);
    int64_t aid = ledger_put_row(db, &row, 0);
    if (aid < 0)
        goto fail;
    for (int p = 0; p < PARTY__MAX; p++) {
        ledger_row_init(&row, T_AGREEMENT_SHARE, 0);
        ledger_row_int(&row, "agreement_id", aid);
        ledger_row_int(&row, "position", p + 1);
        ledger_row_text(&row, "party", party_codes[p]);
        ledger_row_int(&row, "share_bp", bp[p]);
        if (ledger_put_row(db, &row, 0) < 0)
            goto fail;
    }
    if (db_commit(db))
        goto fail;
    if (id)
        *id = aid;
    return CYCLE_OK;
fail:
    db_rollback(db);
    return CYCLE_ERROR;
}

enum cycle_rc money_expense_add(struct db *db, const struct session_user *u,
                                const struct money_expense_input *in, struct field_errors *errs,
                                char *ref)
{
    ferr_free(errs);
    if (!role_has(u->role, CAP_MONEY)) {
        ferr_add(errs, "", "Your role cannot record expenses");
        return CYCLE_DENIED;
    }
    bool programme = in->kind && strcmp(in->kind, "programme") == 0;
    if (!in->kind || (!programme && strcmp(in->kind, "panel") != 0))
        ferr_add(errs, "kind", "Choose whether this is the panel's expense or a programme cost");
    day_t on;
    if (date_field(errs, "incurred_on", "date it was incurred", in->incurred_on, true, &on) &&
        on > date_today())
        ferr_add(errs, "incurred_on", "The date it was incurred must not be in the future");
    text_field(errs, "claimant", programme ? "role or supplier" : "claimant", in->claimant,
               MONEY_TEXT_MAX, true);
    const char *category = in->category && *in->category ? in->category : NULL;
    bool known = false;
    for (size_t i = 0; category && money_categories[i]; i++)
        known |= strcmp(category, money_categories[i]) == 0;
    if (!known)
        ferr_add(errs, "category", "Choose a category");
    text_field(errs, "description", "description", in->description, MONEY_DESCRIPTION_MAX, false);
    int64_t amount = 0, rate = 0, days = 0;
    bool by_day = (in->day_rate && *in->day_rate) || (in->days && *in->days);
    if (by_day) {
        if (!programme)
            ferr_add(errs, "day_rate", "A day rate is for programme costs: give the amount");
        if (!money_parse_pence(in->day_rate, &rate) || rate <= 0 || rate > MONEY_AMOUNT_MAX)
            ferr_add(errs, "day_rate", "Enter the day rate in pounds, for example 850 or 850.00");
        if (!parse_hundredths(in->days, 2, &days) || days <= 0 || days > MONEY_DAYS_MAX)
            ferr_add(errs, "days", "Enter the days worked, from 0.01 to 366, for example 4.5");
        if (in->amount && *in->amount)
            ferr_add(errs, "amount", "Give either the amount or the day rate and days, not both");
        if (rate > 0 && days > 0) {
            amount = (rate * days + 50) / 100; /* to the nearest penny, a half penny up */
            if (amount > MONEY_AMOUNT_MAX)
                ferr_add(errs, "days",
                         "The cost would be more than \xc2\xa3"
                         "1,000,000: "
                         "record it as separate costs");
        }
    } else if (!money_parse_pence(in->amount, &amount) || amount <= 0 ||
               amount > MONEY_AMOUNT_MAX) {
        ferr_add(errs, "amount",
                 "Enter the amount in pounds, more than 0 and at most \xc2\xa3"
                 "1,000,000, "
                 "for example 125.40");
    }
    int paid_by = money_party_parse(in->paid_by);
    if (paid_by < 0)
        ferr_add(errs, "paid_by", "Choose who paid it: the council or the department");
    if (in->receipt && !role_has(u->role, CAP_UPLOAD))
        ferr_add(errs, "receipt", "Your role cannot upload documents");
    if (errs->n)
        return CYCLE_INVALID;

    if (db_begin(db))
        return CYCLE_ERROR;
    int64_t receipt = 0;
    if (in->receipt) {
        struct document_upload up = *in->receipt;
        up.public = false; /* a receipt names people and places: restricted */
        up.account_id = u->account_id;
        enum document_result dr = document_put(db, &up, &receipt);
        if (dr == DOCUMENT_TOO_LARGE || dr == DOCUMENT_REFUSED) {
            ferr_add(errs, "receipt", "%s", db->err);
            db_rollback(db);
            return CYCLE_INVALID;
        }
        if (dr != DOCUMENT_OK)
            goto fail;
    }
    char xref[MONEY_REF_LEN];
    if (next_ref(db, sql_next_expense, "X", xref))
        goto fail;
    struct ledger_row row;
    ledger_row_init(&row, T_EXPENSE, 0);
    ledger_row_text(&row, "ref", xref);
    ledger_row_text(&row, "kind", programme ? "programme" : "panel");
    ledger_row_text(&row, "incurred_on", in->incurred_on);
    ledger_row_text(&row, "claimant", in->claimant);
    ledger_row_text(&row, "category", category);
    ledger_row_text(&row, "description", in->description ? in->description : "");
    ledger_row_int(&row, "amount_pence", amount);
    if (by_day) {
        ledger_row_int(&row, "day_rate_pence", rate);
        ledger_row_int(&row, "days_x100", days);
    } else {
        ledger_row_null(&row, "day_rate_pence");
        ledger_row_null(&row, "days_x100");
    }
    ledger_row_text(&row, "paid_by", party_codes[paid_by]);
    if (receipt)
        ledger_row_int(&row, "receipt_id", receipt);
    else
        ledger_row_null(&row, "receipt_id");
    if (ledger_put_row(db, &row, 0) < 0 || db_commit(db))
        goto fail;
    if (ref)
        snprintf(ref, MONEY_REF_LEN, "%s", xref);
    return CYCLE_OK;
fail:
    db_rollback(db);
    return CYCLE_ERROR;
}

/* ---- CSV ---------------------------------------------------------------------------- */

char *money_expenses_csv(const struct money_data *d)
{
    struct csv_out o = {BUF_INIT, 0};
    static const char *const head[] = {"ref",      "kind",        "incurred_on", "claimant",
                                       "category", "description", "amount",      "day_rate",
                                       "days",     "paid_by",     "agreement",   NULL};
    for (const char *const *h = head; *h; h++)
        csv_out_text(&o, *h);
    csv_out_end(&o);
    for (size_t i = 0; i < d->nexpenses; i++) {
        const struct money_expense *e = &d->expenses[i];
        char amount[32], rate[32] = "", days[32] = "";
        money_plain(e->amount, amount, sizeof amount);
        if (e->day_rate) {
            money_plain(e->day_rate, rate, sizeof rate);
            money_plain(e->days_x100, days, sizeof days);
        }
        const struct money_agreement *a = money_agreement_for(d, e->incurred_on);
        csv_out_text(&o, e->ref);
        csv_out_text(&o, e->programme ? "programme" : "panel");
        csv_out_plain(&o, e->incurred_on);
        csv_out_text(&o, e->claimant);
        csv_out_text(&o, e->category);
        csv_out_text(&o, e->description);
        csv_out_plain(&o, amount);
        csv_out_plain(&o, rate);
        csv_out_plain(&o, days);
        csv_out_text(&o, party_codes[e->paid_by]);
        csv_out_text(&o, a ? a->ref : "default");
        csv_out_end(&o);
    }
    return buf_detach(&o.b);
}

/* Appends one statement row. */
static void statement_row(struct csv_out *o, const char *scope, const char *party, int64_t share,
                          int64_t paid, bool balance)
{
    char v[3][32];
    money_plain(share, v[0], sizeof v[0]);
    money_plain(paid, v[1], sizeof v[1]);
    money_plain(share - paid, v[2], sizeof v[2]);
    csv_out_text(o, scope);
    csv_out_text(o, party);
    csv_out_plain(o, v[0]);
    csv_out_plain(o, v[1]);
    csv_out_plain(o, balance ? v[2] : "");
    csv_out_end(o);
}

char *money_statement_csv(const struct money_statement *s)
{
    struct csv_out o = {BUF_INIT, 0};
    static const char *const head[] = {"scope", "party", "share", "paid", "balance", NULL};
    for (const char *const *h = head; *h; h++)
        csv_out_text(&o, *h);
    csv_out_end(&o);
    for (int p = 0; p < PARTY__MAX; p++)
        statement_row(&o, "total", party_codes[p], s->share[p], s->paid[p], true);
    for (size_t i = 0; i < s->ngroups; i++)
        for (int p = 0; p < PARTY__MAX; p++)
            statement_row(&o, s->groups[i].agreement ? s->groups[i].agreement->ref : "default",
                          party_codes[p], s->groups[i].share[p], s->groups[i].paid[p], false);
    return buf_detach(&o.b);
}

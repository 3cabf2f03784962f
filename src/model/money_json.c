/* money_json.c — cost agreements and expenses in the plan's interchange
 * (dialturn-plan/1, keys "agreements" and "expenses"; see money_json.h). */
#include "model/money_json.h"
#include "lib/date.h"
#include "lib/natcmp.h"
#include "lib/text.h"
#include "model/ledger.h"
#include "model/money.h"
#include "model/section_json.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- reading ------------------------------------------------------------------------ */

/* Writes "PATH: message" into err; returns -1. */
__attribute__((format(printf, 4, 5))) static int bad(char *err, size_t errlen, const char *path,
                                                     const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(err, errlen, "%s: %s", path, msg);
    return -1;
}

/* Checks that object o has only the keys `keys`. */
static int only_keys(json_t *o, const char *const *keys, const char *path, char *err, size_t errlen)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        bool known = false;
        for (size_t i = 0; keys[i]; i++)
            known |= strcmp(k, keys[i]) == 0;
        if (!known)
            return bad(err, errlen, path, "unknown field \"%s\"", TEXT_CLIP(k, 64));
    }
    return 0;
}

/* A required string of at most max bytes (0: a date "YYYY-MM-DD"). */
static int want_str(json_t *o, const char *key, size_t max, bool required, const char *path,
                    char *err, size_t errlen)
{
    json_t *v = json_object_get(o, key);
    char at[160];
    snprintf(at, sizeof at, "%s.%s", path, key);
    if (!v || json_is_null(v)) {
        if (required)
            return bad(err, errlen, at, "is required");
        return 0;
    }
    if (!json_is_string(v))
        return bad(err, errlen, at, "must be a string");
    const char *s = json_string_value(v);
    day_t d;
    if (max == 0 && !date_parse(s, &d))
        return bad(err, errlen, at, "must be a date, YYYY-MM-DD");
    if (max && json_string_length(v) > max)
        return bad(err, errlen, at, "must be %zu characters or fewer", max);
    if (max && required && !*s)
        return bad(err, errlen, at, "must not be empty");
    return 0;
}

/* An integer from lo to hi, or null when !required. */
static int want_int(json_t *o, const char *key, json_int_t lo, json_int_t hi, bool required,
                    const char *path, char *err, size_t errlen)
{
    json_t *v = json_object_get(o, key);
    char at[160];
    snprintf(at, sizeof at, "%s.%s", path, key);
    if (!v || json_is_null(v))
        return required ? bad(err, errlen, at, "is required") : 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return bad(err, errlen, at, "must be a whole number from %lld to %lld", (long long)lo,
                   (long long)hi);
    return 0;
}

/* Checks one agreement. */
static int read_agreement(json_t *a, const char *path, char *err, size_t errlen)
{
    static const char *const keys[] = {"ref",       "title",  "starts_on", "ends_on",
                                       "agreed_on", "shares", NULL};
    if (!json_is_object(a))
        return bad(err, errlen, path, "must be an object");
    if (only_keys(a, keys, path, err, errlen) ||
        want_str(a, "title", MONEY_TEXT_MAX, true, path, err, errlen) ||
        want_str(a, "starts_on", 0, true, path, err, errlen) ||
        want_str(a, "ends_on", 0, false, path, err, errlen) ||
        want_str(a, "agreed_on", 0, true, path, err, errlen))
        return -1;
    const char *from = json_string_value(json_object_get(a, "starts_on"));
    const char *to = json_string_value(json_object_get(a, "ends_on"));
    if (to && strcmp(to, from) < 0)
        return bad(err, errlen, path, "ends_on (%s) is before starts_on (%s)", to, from);
    json_t *sh = json_object_get(a, "shares");
    if (!json_is_object(sh))
        return bad(err, errlen, path,
                   "shares must be an object of basis points: {\"council\": 5000, "
                   "\"department\": 5000}");
    static const char *const parties[] = {"council", "department", NULL};
    char at[160];
    snprintf(at, sizeof at, "%s.shares", path);
    if (only_keys(sh, parties, at, err, errlen))
        return -1;
    json_int_t sum = 0;
    for (size_t i = 0; parties[i]; i++) {
        if (want_int(sh, parties[i], 0, 10000, true, at, err, errlen))
            return -1;
        sum += json_integer_value(json_object_get(sh, parties[i]));
    }
    if (sum != 10000)
        return bad(err, errlen, at, "must add up to 10000 basis points (100%%), not %lld",
                   (long long)sum);
    return 0;
}

/* Checks one expense. */
static int read_expense(json_t *e, const char *path, char *err, size_t errlen)
{
    static const char *const keys[] = {
        "ref",          "kind",           "incurred_on", "claimant", "category", "description",
        "amount_pence", "day_rate_pence", "days_x100",   "paid_by",  NULL};
    if (!json_is_object(e))
        return bad(err, errlen, path, "must be an object");
    if (only_keys(e, keys, path, err, errlen) ||
        want_str(e, "incurred_on", 0, true, path, err, errlen) ||
        want_str(e, "claimant", MONEY_TEXT_MAX, true, path, err, errlen) ||
        want_str(e, "description", MONEY_DESCRIPTION_MAX, false, path, err, errlen) ||
        want_int(e, "amount_pence", 1, MONEY_AMOUNT_MAX, true, path, err, errlen) ||
        want_int(e, "day_rate_pence", 1, MONEY_AMOUNT_MAX, false, path, err, errlen) ||
        want_int(e, "days_x100", 1, MONEY_DAYS_MAX, false, path, err, errlen))
        return -1;
    const char *kind = json_string_value(json_object_get(e, "kind"));
    if (!kind || (strcmp(kind, "panel") != 0 && strcmp(kind, "programme") != 0))
        return bad(err, errlen, path, "kind must be \"panel\" or \"programme\"");
    const char *cat = json_string_value(json_object_get(e, "category"));
    bool known = false;
    for (size_t i = 0; cat && money_categories[i]; i++)
        known |= strcmp(cat, money_categories[i]) == 0;
    if (!known)
        return bad(err, errlen, path,
                   "category must be one of travel, accommodation, subsistence, venue, fees, "
                   "interim, other");
    if (money_party_parse(json_string_value(json_object_get(e, "paid_by"))) < 0)
        return bad(err, errlen, path, "paid_by must be \"council\" or \"department\"");
    json_t *rate = json_object_get(e, "day_rate_pence"), *days = json_object_get(e, "days_x100");
    bool has_rate = rate && !json_is_null(rate), has_days = days && !json_is_null(days);
    if (has_rate != has_days)
        return bad(err, errlen, path, "day_rate_pence and days_x100 go together");
    if (has_rate) {
        if (strcmp(kind, "programme") != 0)
            return bad(err, errlen, path, "a day rate is for programme costs only");
        json_int_t want = (json_integer_value(rate) * json_integer_value(days) + 50) / 100;
        if (json_integer_value(json_object_get(e, "amount_pence")) != want)
            return bad(err, errlen, path,
                       "amount_pence must be day_rate_pence x days_x100 / 100 to the penny: %lld",
                       (long long)want);
    }
    return 0;
}

/* Checks array `key` of doc, each element by `one`, refs valid and unique;
 * keeps a copy sorted by ref in *out (NULL when absent). */
static int read_array(json_t *doc, const char *key,
                      int (*one)(json_t *, const char *, char *, size_t), json_t **out, char *err,
                      size_t errlen)
{
    json_t *a = json_object_get(doc, key);
    *out = NULL;
    if (!a || json_is_null(a))
        return 0;
    if (!json_is_array(a))
        return bad(err, errlen, key, "must be an array");
    json_t *x;
    size_t i;
    json_array_foreach(a, i, x)
    {
        char path[64];
        snprintf(path, sizeof path, "%s[%zu]", key, i);
        const char *ref = json_is_object(x) ? json_string_value(json_object_get(x, "ref")) : NULL;
        if (json_is_object(x) && (!ref || !ref_valid(ref) || strlen(ref) >= MONEY_REF_LEN))
            return bad(err, errlen, path,
                       "ref must be letters, digits, '.', '_' or '-', %d characters at most",
                       MONEY_REF_LEN - 1);
        if (one(x, path, err, errlen))
            return -1;
        for (size_t j = 0; j < i; j++)
            if (strcasecmp(ref, json_string_value(json_object_get(json_array_get(a, j), "ref"))) ==
                0)
                return bad(err, errlen, path, "ref %s is used twice", ref);
    }
    *out = json_deep_copy(a);
    return *out ? 0 : bad(err, errlen, key, "out of memory");
}

int money_read_json(struct plan *p, json_t *doc, char *err, size_t errlen)
{
    json_t *ag, *ex;
    if (read_array(doc, "agreements", read_agreement, &ag, err, errlen))
        return -1;
    if (read_array(doc, "expenses", read_expense, &ex, err, errlen)) {
        json_decref(ag);
        return -1;
    }
    /* two agreements may not start the same day (which would govern it?) */
    for (size_t i = 0; ag && i < json_array_size(ag); i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(json_string_value(json_object_get(json_array_get(ag, i), "starts_on")),
                       json_string_value(json_object_get(json_array_get(ag, j), "starts_on"))) ==
                0) {
                json_decref(ag);
                json_decref(ex);
                return bad(err, errlen, "agreements", "%s and %s start the same day",
                           json_string_value(json_object_get(json_array_get(ag, j), "ref")),
                           json_string_value(json_object_get(json_array_get(ag, i), "ref")));
            }
    json_decref(p->agreements);
    json_decref(p->expenses);
    p->agreements = ag;
    p->expenses = ex;
    return 0;
}

/* ---- loading and writing ------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

int money_load_plan(struct db *db, struct plan *p)
{
    struct money_data d;
    if (money_load(db, &d))
        return -1;
    json_t *ag = json_array(), *ex = json_array();
    for (size_t i = 0; i < d.nagreements; i++) {
        const struct money_agreement *a = &d.agreements[i];
        json_array_append_new(ag, json_pack("{s:s, s:s, s:s, s:o, s:s, s:{s:i, s:i}}", "ref",
                                            a->ref, "title", a->title, "starts_on", a->starts_on,
                                            "ends_on", str_or_null(a->ends_on), "agreed_on",
                                            a->agreed_on, "shares", "council", a->bp[PARTY_COUNCIL],
                                            "department", a->bp[PARTY_DEPARTMENT]));
    }
    for (size_t i = 0; i < d.nexpenses; i++) {
        const struct money_expense *e = &d.expenses[i];
        json_array_append_new(
            ex, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:s}", "ref", e->ref,
                          "kind", e->programme ? "programme" : "panel", "incurred_on",
                          e->incurred_on, "claimant", e->claimant, "category", e->category,
                          "description", e->description, "amount_pence", (json_int_t)e->amount,
                          "day_rate_pence", e->day_rate ? json_integer(e->day_rate) : json_null(),
                          "days_x100", e->days_x100 ? json_integer(e->days_x100) : json_null(),
                          "paid_by", money_party_code(e->paid_by)));
    }
    money_data_free(&d);
    section_sort(ag, section_cmp_ref);
    section_sort(ex, section_cmp_ref);
    json_decref(p->agreements);
    json_decref(p->expenses);
    p->agreements = ag;
    p->expenses = ex;
    return 0;
}

json_t *money_agreements_section(const struct plan *p)
{
    return section_written(p->agreements);
}

json_t *money_expenses_section(const struct plan *p)
{
    return section_written(p->expenses);
}

/* ---- storing -------------------------------------------------------------------------------- */

/* Sets integer column col from member key of o, or null. */
static void int_or_null(struct ledger_row *r, const char *col, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        ledger_row_int(r, col, json_integer_value(v));
    else
        ledger_row_null(r, col);
}

int money_store(struct db *db, const struct plan *p)
{
    json_t *x;
    size_t i;
    json_array_foreach(p->agreements, i, x)
    {
        int64_t id = section_find_id(db, "SELECT id FROM cost_agreement WHERE ref = :ref",
                                     "money lookup", section_text(x, "ref"), 0, 0);
        if (id < 0)
            return -1;
        struct ledger_row r;
        ledger_row_init(&r, T_COST_AGREEMENT, id);
        ledger_row_text(&r, "ref", section_text(x, "ref"));
        ledger_row_text(&r, "title", section_text(x, "title"));
        ledger_row_text(&r, "starts_on", section_text(x, "starts_on"));
        ledger_row_text(&r, "ends_on", section_text(x, "ends_on"));
        ledger_row_text(&r, "agreed_on", section_text(x, "agreed_on"));
        int64_t aid = ledger_put_row(db, &r, 1);
        if (aid < 0)
            return -1;
        static const char *const parties[] = {"council", "department"};
        for (int k = 0; k < 2; k++) {
            int64_t sid =
                section_find_id(db,
                                "SELECT id FROM agreement_share WHERE agreement_id = :parent"
                                " AND position = :pos",
                                "money lookup", NULL, aid, k + 1);
            if (sid < 0)
                return -1;
            ledger_row_init(&r, T_AGREEMENT_SHARE, sid);
            ledger_row_int(&r, "agreement_id", aid);
            ledger_row_int(&r, "position", k + 1);
            ledger_row_text(&r, "party", parties[k]);
            ledger_row_int(
                &r, "share_bp",
                json_integer_value(json_object_get(json_object_get(x, "shares"), parties[k])));
            if (ledger_put_row(db, &r, 1) < 0)
                return -1;
        }
    }
    json_array_foreach(p->expenses, i, x)
    {
        int64_t id = section_find_id(db, "SELECT id FROM expense WHERE ref = :ref", "money lookup",
                                     section_text(x, "ref"), 0, 0);
        if (id < 0)
            return -1;
        struct ledger_row r;
        ledger_row_init(&r, T_EXPENSE, id);
        ledger_row_text(&r, "ref", section_text(x, "ref"));
        ledger_row_text(&r, "kind", section_text(x, "kind"));
        ledger_row_text(&r, "incurred_on", section_text(x, "incurred_on"));
        ledger_row_text(&r, "claimant", section_text(x, "claimant"));
        ledger_row_text(&r, "category", section_text(x, "category"));
        const char *desc = section_text(x, "description");
        ledger_row_text(&r, "description", desc ? desc : "");
        int_or_null(&r, "amount_pence", x, "amount_pence");
        int_or_null(&r, "day_rate_pence", x, "day_rate_pence");
        int_or_null(&r, "days_x100", x, "days_x100");
        ledger_row_text(&r, "paid_by", section_text(x, "paid_by"));
        /* the interchange carries no documents: a receipt already in the file
         * stays with its expense */
        int64_t receipt = id ? section_find_id(db,
                                               "SELECT receipt_id FROM expense WHERE ref = :ref"
                                               " AND receipt_id IS NOT NULL",
                                               "money lookup", section_text(x, "ref"), 0, 0)
                             : 0;
        if (receipt < 0)
            return -1;
        if (receipt)
            ledger_row_int(&r, "receipt_id", receipt);
        else
            ledger_row_null(&r, "receipt_id");
        if (ledger_put_row(db, &r, 1) < 0)
            return -1;
    }
    return 0;
}

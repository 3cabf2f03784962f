/* field.c — the checks on declared input (field.h). */
#include "web/field.h"
#include "lib/date.h"
#include "lib/text.h"
#include "model/limits.h"
#include <string.h>

static const char *const type_names[FIELD__MAX] = {
    [FIELD_TEXT] = "text", [FIELD_INT] = "int",     [FIELD_DECIMAL] = "decimal",
    [FIELD_DATE] = "date", [FIELD_MONTH] = "month", [FIELD_REF] = "ref",
    [FIELD_ID] = "id",     [FIELD_ENUM] = "enum",   [FIELD_URL] = "url",
    [FIELD_BOOL] = "bool", [FIELD_FILE] = "file",   [FIELD_LIST] = "list",
};

const char *field_type_name(enum field_type t)
{
    return t < FIELD__MAX ? type_names[t] : "?";
}

const char *field_where_name(enum field_where w)
{
    static const char *const names[] = {"query", "path", "form", "json"};
    return (unsigned)w < sizeof names / sizeof *names ? names[w] : "?";
}

bool field_int(const char *s, long long min, long long max, long long *out)
{
    const char *p = s;
    bool neg = false;
    if (*p == '-' && min < 0) {
        neg = true;
        p++;
    }
    if (!*p)
        return false;
    unsigned long long v = 0, limit = neg ? (unsigned long long)INT64_MAX + 1 : INT64_MAX;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned d = (unsigned)(*p - '0');
        if (v > (limit - d) / 10)
            return false; /* would overflow */
        v = v * 10 + d;
    }
    long long n =
        neg ? (v == (unsigned long long)INT64_MAX + 1 ? INT64_MIN : -(long long)v) : (long long)v;
    if (n < min || n > max)
        return false;
    *out = n;
    return true;
}

void field_missing(const struct field_spec *f, struct buf *why)
{
    switch (f->type) {
    case FIELD_FILE:
        buf_puts(why, "Choose a file");
        break;
    case FIELD_ENUM:
    case FIELD_BOOL:
        buf_puts(why, "Choose one");
        break;
    default:
        buf_puts(why, "Enter a value: this is required");
    }
}

/* Appends "a, b or c" of the choices. */
static void choices_list(struct buf *why, const char *const *c)
{
    for (size_t i = 0; c && c[i]; i++)
        buf_printf(why, "%s%s", i == 0 ? "" : c[i + 1] ? ", " : " or ", c[i]);
}

bool field_check(const struct field_spec *f, const char *v, size_t len, struct buf *why)
{
    if (f->type == FIELD_FILE)
        return true; /* bytes; the model checks what it stores */
    if (strlen(v) != len || !utf8_valid(v, len)) {
        buf_puts(why, "Enter text (UTF-8): what was sent is not");
        return false;
    }
    if (!*v)
        return true;
    long long n;
    day_t d;
    int m;
    double x;
    const char *lim;
    switch (f->type) {
    case FIELD_TEXT:
        if (text_has_control(v, f->flags & FIELD_MULTILINE)) {
            buf_puts(why, f->flags & FIELD_MULTILINE
                              ? "Remove the control characters (only new lines and tabs may "
                                "appear)"
                              : "Remove the control characters and new lines");
            return false;
        }
        if (f->max > 0 && (n = (long long)utf8_chars(v)) > f->max) {
            char max[32], got[32];
            text_thousands(f->max, max, sizeof max);
            text_thousands(n, got, sizeof got);
            buf_printf(why, "Keep it to %s characters or fewer: this is %s", max, got);
            return false;
        }
        return true;
    case FIELD_INT:
        if (field_int(v, f->min, f->max, &n))
            return true;
        buf_printf(why, "Enter a whole number from %lld to %lld", f->min, f->max);
        return false;
    case FIELD_ID:
        if (field_int(v, 1, INT64_MAX, &n))
            return true;
        buf_puts(why, "Enter an id: a whole number from 1");
        return false;
    case FIELD_DECIMAL:
        if (number_parse(v, &x))
            return true;
        buf_puts(why, "Enter a number, for example 12.5");
        return false;
    case FIELD_DATE:
        if (len == 10 && date_parse(v, &d) && !limits_date(d))
            return true;
        buf_puts(why, "Enter a real date as YYYY-MM-DD, from 1900 to 2200, for example 2015-09-30");
        return false;
    case FIELD_MONTH:
        if (len == 7 && month_parse(v, &m) && v[0] >= '1')
            return true;
        buf_puts(why, "Enter a month as YYYY-MM, for example 2015-06");
        return false;
    case FIELD_REF:
        if (ref_valid(v))
            return true;
        buf_puts(why, "Enter a reference: 1 to 64 letters, digits, '.', '_' or '-'");
        return false;
    case FIELD_ENUM:
        for (size_t i = 0; f->choices && f->choices[i]; i++)
            if (strcmp(v, f->choices[i]) == 0)
                return true;
        buf_puts(why, "Choose one of ");
        choices_list(why, f->choices);
        return false;
    case FIELD_URL:
        if (!(lim = limits_url(v)))
            return true;
        buf_printf(why, "The web address %s", lim);
        return false;
    case FIELD_BOOL: {
        static const char *const yes_no[] = {"on", "yes", "true", "1", "no", "false", "0", NULL};
        for (size_t i = 0; yes_no[i]; i++)
            if (strcmp(v, yes_no[i]) == 0)
                return true;
        buf_puts(why, "Tick the box or leave it empty (on, yes, true, 1, no, false or 0)");
        return false;
    }
    case FIELD_FILE:
    case FIELD_LIST:
    case FIELD__MAX:
        break;
    }
    return true;
}

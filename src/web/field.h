/* field.h — declared input: what each route takes, and the checks on it.
 *
 * Every route in route.c lists its fields (query arguments, {captures}, form
 * fields, the keys of a JSON body) with a type and its limits.  The
 * dispatcher checks them all before the handler runs (route.c), so a handler
 * reads values that are already valid: req_int(r, "page"), req_id(r, "id"),
 * or req_arg / req_form for text.  The checks here are pure functions of the
 * value, so the unit tests and the fuzzers call them directly. */
#ifndef DIALTURN_FIELD_H
#define DIALTURN_FIELD_H
#include "lib/buf.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where a field arrives. */
enum field_where {
    FIELD_QUERY, /* ?name=value */
    FIELD_PATH,  /* a {name} capture of the route's pattern */
    FIELD_FORM,  /* a form field (urlencoded or multipart) */
    FIELD_JSON,  /* a member of the JSON object of the body */
};

/* What a field holds. */
enum field_type {
    FIELD_TEXT,    /* text: valid UTF-8, at most `max` characters, no control characters
                      (new lines and tabs too with FIELD_MULTILINE) */
    FIELD_INT,     /* a whole number from `min` to `max`: digits, '-' only when min < 0;
                      no '+', spaces, hex, words or overflow */
    FIELD_DECIMAL, /* a finite decimal number ("12.5", "-3", "2e3"): no nan, inf, 1e999,
                      hex floats */
    FIELD_DATE,    /* a calendar date YYYY-MM-DD from 1900 to 2200 */
    FIELD_MONTH,   /* a month YYYY-MM */
    FIELD_REF,     /* a ref: 1-64 ASCII letters, digits, '.', '_', '-' */
    FIELD_ID,      /* a row id: a whole number from 1 to 2^63 - 1 */
    FIELD_ENUM,    /* one of `choices` */
    FIELD_URL,     /* an http:// or https:// address, no spaces, at most 2,000 bytes */
    FIELD_BOOL,    /* a checkbox or flag: on, yes, true, 1, no, false, 0 (JSON: a boolean) */
    FIELD_FILE,    /* an uploaded file (multipart): bytes, not checked as text */
    FIELD_LIST,    /* JSON only: an array (its items are the handler's to check) */
    FIELD__MAX
};

#define FIELD_REQUIRED  1u /* must be present and not empty */
#define FIELD_REPEATED  2u /* may appear more than once (each occurrence is checked) */
#define FIELD_MULTILINE 4u /* text may hold new lines and tabs */

/* One declared field.  Lists end with an entry whose name is NULL. */
struct field_spec {
    const char *name;           /* the field's name, as sent */
    enum field_where where;     /* where it arrives */
    enum field_type type;       /* what it holds */
    unsigned flags;             /* FIELD_REQUIRED, FIELD_REPEATED, FIELD_MULTILINE */
    long long min, max;         /* FIELD_INT: the range; FIELD_TEXT: max characters */
    const char *const *choices; /* FIELD_ENUM: the values, NULL-terminated */
};

/* Checks one value `v` (len bytes; a C string, so a NUL inside fails as not
 * text) against spec f.  Returns true when it passes; else appends what to
 * fix, in plain text without the field's name ("Enter a whole number from 1
 * to 100000"), to why.  An empty value passes here: whether the field may be
 * empty is FIELD_REQUIRED's business (field_missing). */
bool field_check(const struct field_spec *f, const char *v, size_t len, struct buf *why);

/* Appends what to say when required field f is absent or empty. */
void field_missing(const struct field_spec *f, struct buf *why);

/* Parses a whole number from min to max as FIELD_INT does.  Returns true and
 * sets *out. */
bool field_int(const char *s, long long min, long long max, long long *out);

/* The type's name as the route listing shows it ("text", "int", "date"); static. */
const char *field_type_name(enum field_type t);

/* The place's name as the route listing shows it ("query", "path", "form", "json"). */
const char *field_where_name(enum field_where w);

/* Declarations for route.c's tables: the field's place, name, flags, limits. */
#define FTEXT(w, n, mx, fl)                                                                        \
    {                                                                                              \
        .name = (n), .where = (w), .type = FIELD_TEXT, .flags = (fl), .max = (mx)                  \
    }
#define FINT(w, n, lo, hi, fl)                                                                     \
    {                                                                                              \
        .name = (n), .where = (w), .type = FIELD_INT, .flags = (fl), .min = (lo), .max = (hi)      \
    }
#define FTYPED(w, n, t, fl)                                                                        \
    {                                                                                              \
        .name = (n), .where = (w), .type = (t), .flags = (fl)                                      \
    }
#define FENUM(w, n, ch, fl)                                                                        \
    {                                                                                              \
        .name = (n), .where = (w), .type = FIELD_ENUM, .flags = (fl), .choices = (ch)              \
    }
#define FIELD_END                                                                                  \
    {                                                                                              \
        .name = NULL                                                                               \
    }

#endif

/* ferr.c — field errors (ferr.h). */
#include "lib/ferr.h"
#include "lib/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ferr_vadd(struct field_errors *fe, const char *field, const char *fmt, va_list ap)
{
    struct buf raw = BUF_INIT, f = BUF_INIT, m = BUF_INIT;
    buf_vprintf(&raw, fmt, ap);
    text_safe(&f, field ? field : "", FERR_FIELD_MAX);
    text_safe(&m, buf_str(&raw), FERR_MESSAGE_MAX);
    buf_free(&raw);
    fe->e = xgrow(fe->e, fe->n, &fe->cap, sizeof *fe->e);
    fe->e[fe->n++] = (struct field_error){buf_detach(&f), buf_detach(&m)};
}

void ferr_add(struct field_errors *fe, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ferr_vadd(fe, field, fmt, ap);
    va_end(ap);
}

void ferr_merge(struct field_errors *fe, const struct field_errors *from)
{
    for (size_t i = 0; i < from->n; i++)
        if (!ferr_find(fe, from->e[i].field))
            ferr_add(fe, from->e[i].field, "%s", from->e[i].message);
}

const char *ferr_find(const struct field_errors *fe, const char *field)
{
    for (size_t i = 0; i < fe->n; i++)
        if (strcmp(fe->e[i].field, field) == 0)
            return fe->e[i].message;
    return NULL;
}

const char *ferr_first(const struct field_errors *fe)
{
    return fe->n ? fe->e[0].message : "";
}

void ferr_line(const struct field_errors *fe, struct buf *out)
{
    for (size_t i = 0; i < fe->n; i++) {
        if (i)
            buf_puts(out, "; ");
        if (fe->e[i].field[0])
            buf_printf(out, "%s: ", fe->e[i].field);
        buf_puts(out, fe->e[i].message);
    }
}

void ferr_free(struct field_errors *fe)
{
    for (size_t i = 0; i < fe->n; i++) {
        free((char *)fe->e[i].field);
        free((char *)fe->e[i].message);
    }
    free(fe->e);
    *fe = FERR_INIT;
}

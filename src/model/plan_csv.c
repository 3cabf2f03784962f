/* plan_csv.c — CSV import and export of actions, updates and measure values.
 *
 * Reading runs in two steps.  First libcsv (strict mode) splits the input into
 * records, which we copy; as each record completes it is checked as text (the
 * header names a kind and known columns; every row has the header's width;
 * every field is UTF-8 without NUL), so the first syntax error in file order
 * is the one reported.  Then the rows are read into the plan field by field
 * with the rules and the wording of the JSON reader (plan_json.c); actions
 * take two passes, refs first, since depends_on may point forward.
 *
 * libcsv does not count lines, so the input is fed to it one physical line at
 * a time (ending at LF, CRLF or a lone CR): the callbacks then know the line
 * being read, and each field remembers the line it starts on, even after a
 * quoted field that spans lines.
 *
 * Writing quotes through libcsv's csv_write, CRLF after every record
 * (RFC 4180), values spelled as the JSON export spells them.
 *
 * Formula injection (OWASP, "CSV Injection"): a spreadsheet runs a cell that
 * begins with '=', '+', '-', '@', a tab or a carriage return, so a narrative
 * "=HYPERLINK(...)" would run when a journalist opened a download.  Every
 * text cell written that begins with one of them gets a single quote in
 * front (csv_cell_neutral), which spreadsheets show as text; numbers and
 * dates are written as they are (a negative measure value stays a number).
 * Reading undoes it: a cell that begins with a quote followed by one of those
 * characters loses the quote, so export then import gives the same plan. */
#include "model/plan_csv.h"
#include "model/dials.h"
#include "lib/text.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include <csv.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether a spreadsheet would take a cell beginning with c for a formula. */
static bool formula_lead(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* ---- the columns of each kind ---------------------------------------------------------- */

enum {
    A_REF,
    A_THEME,
    A_TITLE,
    A_DESCRIPTION,
    A_OWNER,
    A_MEMBER,
    A_PANEL_LEAD,
    A_START,
    A_FINISH,
    A_BASELINE_FINISH,
    A_STATUS,
    A_COMPLETED_ON,
    A_ANSWERS,
    A_DEPENDS_ON,
    A_CLOSURE_CRITERIA
};
enum {
    U_ACTION,
    U_PERIOD,
    U_STATE,
    U_STATUS,
    U_PERCENT,
    U_CONFIDENCE,
    U_NARRATIVE,
    U_FORECAST_FINISH,
    U_AUTHOR
};
enum { V_MEASURE, V_DATE, V_VALUE };

#define MAX_COLS 16 /* more than any kind has */

/* Columns in the order of plan-format.md (which is the export order), indexed
 * by the enums above. */
static const char *const action_cols[] = {
    "ref",    "theme",        "title",   "description", "owner",
    "member", "panel_lead",   "start",   "finish",      "baseline_finish",
    "status", "completed_on", "answers", "depends_on",  "closure_criteria",
    NULL};
static const char *const update_cols[] = {"action",  "period",     "state",     "status",
                                          "percent", "confidence", "narrative", "forecast_finish",
                                          "author",  NULL};
static const char *const value_cols[] = {"measure", "date", "value", NULL};

static const int action_required[] = {A_REF, A_THEME, A_TITLE, A_START, A_FINISH, -1};
static const int update_required[] = {U_ACTION, U_PERIOD, -1};
static const int value_required[] = {V_MEASURE, V_DATE, V_VALUE, -1};

/* What a header must hold to be recognised as a kind. */
struct csv_kind_def {
    const char *name;        /* as in csv_kind_parse() and messages */
    const char *const *cols; /* every column, export order, NULL-terminated */
    const int *required;     /* indices into cols, -1-terminated */
};

static const struct csv_kind_def kind_defs[] = {
    [CSV_ACTIONS] = {"actions", action_cols, action_required},
    [CSV_UPDATES] = {"updates", update_cols, update_required},
    [CSV_MEASURE_VALUES] = {"measure_values", value_cols, value_required},
};
#define N_KINDS (sizeof kind_defs / sizeof kind_defs[0])

/* Returns the kind named s, or -1 (cast to the enum) if s names none. */
enum csv_kind csv_kind_parse(const char *s)
{
    for (size_t k = 0; s && k < N_KINDS; k++)
        if (strcmp(kind_defs[k].name, s) == 0)
            return (enum csv_kind)k;
    return (enum csv_kind)(-1);
}

/* ---- reading: records ------------------------------------------------------------------ */

struct csv_field {
    char *s;    /* owned copy, NUL-terminated (may hold NULs before len) */
    size_t len; /* bytes in s */
    long line;  /* physical line the field starts on */
};

struct csv_row {
    struct csv_field *f; /* owned */
    size_t n, cap;
    long line; /* physical line the record starts on */
};

/* Reading state: the plan, the first error, the records and where we are. */
struct crd {
    struct plan *p;
    char *err;
    size_t errlen;
    int failed;
    long line;            /* physical line being fed to libcsv (from 1) */
    long field_line;      /* line the field being parsed starts on */
    bool in_record;       /* a record has begun and not ended */
    struct csv_row cur;   /* the record being parsed */
    struct csv_row *rows; /* data records (the header is not kept); owned */
    size_t n_rows, cap_rows;
    bool have_header;
    enum csv_kind kind;
    int col[MAX_COLS];  /* for each column of the kind: its index in a row, or -1 */
    int note_col;       /* updates: the index of the public downloads' "correction", or -1 */
    size_t width;       /* fields in the header */
    struct strmap seen; /* "kind\x1fkey" of objects met in this file */
};

static int fail(struct crd *r, long line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records the first error as "line N, column C: message" (or "line N: message"
 * when no column applies); later errors are ignored.  Returns -1. */
static int fail(struct crd *r, long line, const char *column, const char *fmt, ...)
{
    if (r->failed)
        return -1;
    r->failed = 1;
    struct buf m = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&m, fmt, ap);
    va_end(ap);
    /* the message quotes the input: never pass on the control characters
     * (terminal escapes, shown as \xNN) or broken UTF-8 it may hold */
    struct buf q = BUF_INIT;
    if (column)
        buf_printf(&q, "line %ld, column %s: %s", line, column, buf_str(&m));
    else
        buf_printf(&q, "line %ld: %s", line, buf_str(&m));
    struct buf safe = BUF_INIT;
    text_quote(&safe, buf_str(&q), r->errlen > 8 ? r->errlen - 8 : 0);
    snprintf(r->err, r->errlen, "%s", buf_str(&safe));
    str_cut_utf8(r->err); /* cut to fit, never inside a character */
    buf_free(&m);
    buf_free(&q);
    buf_free(&safe);
    return -1;
}

/* Frees the fields of a row and empties it (keeping nothing). */
static void row_free(struct csv_row *row)
{
    for (size_t i = 0; i < row->n; i++)
        free(row->f[i].s);
    free(row->f);
    *row = (struct csv_row){0};
}

/* Checks a field as text: UTF-8 and no NUL.  `column` names it in the error.
 * Returns 0 or -1. */
static int check_text(struct crd *r, const struct csv_field *f, const char *column)
{
    if (!utf8_valid(f->s, f->len))
        return fail(r, f->line, column, "not valid UTF-8");
    if (strlen(f->s) != f->len)
        return fail(r, f->line, column, "must not contain NUL characters");
    return 0;
}

/* The column of the current kind called name, or -1. */
static int kind_column(enum csv_kind kind, const char *name)
{
    const char *const *cols = kind_defs[kind].cols;
    for (int i = 0; cols[i]; i++)
        if (strcmp(cols[i], name) == 0)
            return i;
    return -1;
}

/* True if the header row holds every column the kind requires. */
static bool header_fits(const struct csv_row *h, enum csv_kind kind)
{
    for (const int *q = kind_defs[kind].required; *q >= 0; q++) {
        size_t i = 0;
        while (i < h->n && strcmp(h->f[i].s, kind_defs[kind].cols[*q]) != 0)
            i++;
        if (i == h->n)
            return false;
    }
    return true;
}

/* Lists the kind's columns as "a, b, c" into b (for messages). */
static void describe_columns(struct buf *b, const char *const *cols)
{
    for (size_t i = 0; cols[i]; i++)
        buf_printf(b, "%s%s", i ? ", " : "", cols[i]);
}

/* Recognises the kind from the header and maps its columns; unknown, empty
 * and repeated column names are refused.  Returns 0 or -1. */
static int read_header(struct crd *r, const struct csv_row *h)
{
    for (size_t i = 0; i < h->n; i++) {
        if (!utf8_valid(h->f[i].s, h->f[i].len) || strlen(h->f[i].s) != h->f[i].len)
            return fail(r, h->line, NULL, "column %zu of the header is not valid UTF-8 text",
                        i + 1);
        if (h->f[i].len == 0)
            return fail(r, h->line, NULL, "column %zu of the header is empty", i + 1);
    }
    size_t k = 0;
    while (k < N_KINDS && !header_fits(h, (enum csv_kind)k))
        k++;
    if (k == N_KINDS)
        return fail(r, h->line, NULL,
                    "header matches none of actions, updates, measure_values (actions need "
                    "ref, theme, title, start, finish; updates need action, period; "
                    "measure_values need measure, date, value)");
    r->kind = (enum csv_kind)k;
    for (size_t c = 0; c < MAX_COLS; c++)
        r->col[c] = -1;
    r->note_col = -1;
    for (size_t i = 0; i < h->n; i++) {
        int c = kind_column(r->kind, h->f[i].s);
        /* /data/updates.csv comes back: its "correction" column is accepted
         * and each row's note checked (read_update) */
        if (c < 0 && r->kind == CSV_UPDATES && strcmp(h->f[i].s, "correction") == 0) {
            if (r->note_col >= 0)
                return fail(r, h->line, h->f[i].s, "appears twice in the header");
            r->note_col = (int)i;
            continue;
        }
        if (c < 0) {
            struct buf cols = BUF_INIT;
            describe_columns(&cols, kind_defs[k].cols);
            fail(r, h->line, h->f[i].s, "unknown column for %s (known: %s)", kind_defs[k].name,
                 buf_str(&cols));
            buf_free(&cols);
            return -1;
        }
        if (r->col[c] >= 0)
            return fail(r, h->line, h->f[i].s, "appears twice in the header");
        r->col[c] = (int)i;
    }
    r->width = h->n;
    return 0;
}

/* Checks a data row as text: the header's width, every field UTF-8. */
static int check_row(struct crd *r, const struct csv_row *row)
{
    if (row->n != r->width)
        return fail(r, row->line, NULL, "has %zu field%s but the header has %zu columns", row->n,
                    row->n == 1 ? "" : "s", r->width);
    const char *const *cols = kind_defs[r->kind].cols;
    for (size_t c = 0; cols[c]; c++)
        if (r->col[c] >= 0 && check_text(r, &row->f[r->col[c]], cols[c]))
            return -1;
    return 0;
}

/* libcsv's field callback: copies the field into the current record.  The
 * next field starts on the line being read, right after this one's comma. */
static void on_field(void *data, size_t len, void *arg)
{
    struct crd *r = arg;
    if (r->failed)
        return;
    r->cur.f = xgrow(r->cur.f, r->cur.n, &r->cur.cap, sizeof *r->cur.f);
    struct csv_field *f = &r->cur.f[r->cur.n++];
    const char *text = data;
    /* a quote that neutralised a formula (see the top of the file) goes */
    if (len >= 2 && text[0] == '\'' && formula_lead(text[1])) {
        text++;
        len--;
    }
    f->s = xmalloc(len + 1);
    if (len)
        memcpy(f->s, text, len);
    f->s[len] = '\0';
    f->len = len;
    f->line = r->field_line;
    r->field_line = r->line;
}

/* libcsv's record callback: the first record is the header, the others are
 * checked as text and kept for reading. */
static void on_record(int term, void *arg)
{
    struct crd *r = arg;
    r->in_record = false;
    if (r->failed) {
        row_free(&r->cur);
        return;
    }
    if (!r->have_header) {
        r->have_header = true;
        read_header(r, &r->cur);
        row_free(&r->cur);
        return;
    }
    if (check_row(r, &r->cur)) {
        row_free(&r->cur);
        return;
    }
    r->rows = xgrow(r->rows, r->n_rows, &r->cap_rows, sizeof *r->rows);
    r->rows[r->n_rows++] = r->cur;
    r->cur = (struct csv_row){0};
}

/* The end of the physical line that starts at pos: the index after its
 * terminator (LF, CRLF or a lone CR), or len. */
static size_t line_end(const char *data, size_t len, size_t pos)
{
    while (pos < len && data[pos] != '\n' && data[pos] != '\r')
        pos++;
    if (pos < len && data[pos] == '\r' && pos + 1 < len && data[pos + 1] == '\n')
        return pos + 2;
    return pos < len ? pos + 1 : len;
}

/* The header's name for field i of the record being parsed, or NULL. */
static const char *open_column(const struct crd *r, size_t i)
{
    if (!r->have_header || r->failed)
        return NULL;
    const char *const *cols = kind_defs[r->kind].cols;
    for (size_t c = 0; cols[c]; c++)
        if (r->col[c] == (int)i)
            return cols[c];
    return NULL;
}

/* Feeds one physical line [pos, end) to libcsv.  A line that is not empty
 * begins a record when none is open (libcsv skips empty lines between
 * records).  Returns 0 or -1. */
static int feed_line(struct crd *r, struct csv_parser *cp, const char *data, size_t pos, size_t end)
{
    r->line++;
    if (!r->in_record && data[pos] != '\n' && data[pos] != '\r') {
        r->in_record = true;
        r->cur.line = r->line;
        r->field_line = r->line;
    }
    if (csv_parse(cp, data + pos, end - pos, on_field, on_record, r) == end - pos)
        return r->failed ? -1 : 0;
    if (csv_error(cp) != CSV_EPARSE)
        abort(); /* out of memory, as xmalloc would */
    return fail(r, r->line, open_column(r, r->cur.n),
                "bad quoting (a quote inside an unquoted field, or text after a closing quote; "
                "write a quote inside a quoted field as \"\")");
}

/* libcsv's blank test: nothing is blank, so that unquoted fields keep their
 * spaces and a cell holds exactly what was typed, as a JSON string would. */
static int no_blanks(unsigned char c)
{
    return 0;
}

/* Splits data into records (the header checked and mapped, each row checked
 * as text).  Returns 0 or -1 with the error recorded. */
static int split_records(struct crd *r, const char *data, size_t len)
{
    struct csv_parser cp;
    if (csv_init(&cp, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI) != 0)
        abort(); /* out of memory, as xmalloc would */
    csv_set_space_func(&cp, no_blanks);
    int rc = -1;
    size_t pos = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a byte order mark, as spreadsheets write */
    while (pos < len) {
        size_t end = line_end(data, len, pos);
        if (feed_line(r, &cp, data, pos, end))
            goto out;
        pos = end;
    }
    if (csv_fini(&cp, on_field, on_record, r) != 0) {
        fail(r, r->field_line, open_column(r, r->cur.n),
             "quoted field is not closed by the end of the file");
        goto out;
    }
    if (!r->failed && !r->have_header)
        fail(r, 1, NULL,
             "no header row: the first line names the columns of actions, updates or "
             "measure_values");
    rc = r->failed ? -1 : 0;
out:
    csv_free(&cp);
    row_free(&r->cur);
    return rc;
}

/* ---- reading: fields ------------------------------------------------------------------- */

/* One field of a row, as the readers see it. */
struct cell {
    const char *s;   /* the text ("" when the column is absent) */
    bool present;    /* the header has the column */
    long line;       /* where it starts (the row's line when absent) */
    const char *col; /* the column's name */
};

/* The cell of column c (of the current kind) in row. */
static struct cell cell_of(const struct crd *r, const struct csv_row *row, int c)
{
    struct cell x = {"", false, row->line, kind_defs[r->kind].cols[c]};
    if (r->col[c] >= 0) {
        x.s = row->f[r->col[c]].s;
        x.present = true;
        x.line = row->f[r->col[c]].line;
    }
    return x;
}

/* "a" or "an" before a kind's name, for messages. */
static const char *article(const char *kind)
{
    return strchr("aeiou", kind[0]) ? "an" : "a";
}

/* Notes that this file defines kind/key; a second definition is refused. */
static int first_time(struct crd *r, const char *kind, const char *key, const struct cell *c)
{
    struct buf k = BUF_INIT;
    buf_printf(&k, "%s\x1f%s", kind, key);
    bool fresh = strmap_add(&r->seen, buf_str(&k), 0);
    buf_free(&k);
    if (!fresh)
        return fail(r, c->line, c->col, "duplicate %s \"%s\"", kind, TEXT_CLIP(key, 64));
    return 0;
}

/* A text field; an empty cell gives `def` (which may be NULL) unless the field
 * is required. */
static int get_str(struct crd *r, const struct cell *c, bool required, const char *def, char **out)
{
    if (!*c->s) {
        if (required)
            return fail(r, c->line, c->col, "must not be empty");
        plan_set_str(out, def);
        return 0;
    }
    plan_set_str(out, c->s);
    return 0;
}

/* A date YYYY-MM-DD; an empty cell gives DAY_NONE unless required. */
static int get_date(struct crd *r, const struct cell *c, bool required, day_t *out)
{
    if (!*c->s) {
        if (required)
            return fail(r, c->line, c->col, "is required (a date, YYYY-MM-DD)");
        *out = DAY_NONE;
        return 0;
    }
    if (!date_parse(c->s, out))
        return fail(r, c->line, c->col, "must be a date YYYY-MM-DD");
    return 0;
}

/* One of `allowed` (NULL-terminated); an empty cell gives `def`. */
static int get_enum(struct crd *r, const struct cell *c, const char *const *allowed,
                    const char *def, char **out)
{
    if (!*c->s) {
        plan_set_str(out, def);
        return 0;
    }
    for (size_t i = 0; allowed[i]; i++) {
        if (strcmp(allowed[i], c->s) == 0) {
            plan_set_str(out, allowed[i]);
            return 0;
        }
    }
    struct buf list = BUF_INIT;
    describe_columns(&list, allowed);
    fail(r, c->line, c->col, "\"%s\" is not one of: %s", TEXT_CLIP(c->s, 64), buf_str(&list));
    buf_free(&list);
    return -1;
}

/* An action status; an empty cell gives not_started. */
static int get_status(struct crd *r, const struct cell *c, enum action_status *out)
{
    static const char *const names[] = {"not_started", "in_progress", "complete",
                                        "blocked",     "retired",     NULL};
    char *s = NULL;
    if (get_enum(r, c, names, "not_started", &s))
        return -1;
    *out = (enum action_status)action_status_parse(s);
    free(s);
    return 0;
}

/* True if s is a number in JSON's grammar, -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?,
 * so that CSV accepts exactly the numbers the JSON reader does.  *integral
 * says whether it has neither fraction nor exponent. */
static bool json_number(const char *s, bool *integral)
{
    *integral = true;
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (isdigit((unsigned char)*s))
            s++;
    else
        return false;
    if (*s == '.') {
        *integral = false;
        if (!isdigit((unsigned char)*++s))
            return false;
        while (isdigit((unsigned char)*s))
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        *integral = false;
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!isdigit((unsigned char)*s))
            return false;
        while (isdigit((unsigned char)*s))
            s++;
    }
    return *s == '\0';
}

/* A whole number in [min, max]; an empty cell gives def. */
static int get_int(struct crd *r, const struct cell *c, long min, long max, long def, long *out)
{
    if (!*c->s) {
        *out = def;
        return 0;
    }
    bool integral;
    bool ok = json_number(c->s, &integral) && integral;
    long v = ok ? strtol(c->s, NULL, 10) : 0; /* saturates, far outside any range */
    if (!ok || v < min || v > max)
        return fail(r, c->line, c->col, "must be a whole number from %ld to %ld", min, max);
    *out = v;
    return 0;
}

/* A finite real number; an empty cell is refused if required, else "not set". */
static int get_real(struct crd *r, const struct cell *c, bool required, bool *has, double *out)
{
    bool integral;
    if (!*c->s) {
        if (required)
            return fail(r, c->line, c->col, "is required (a number)");
        *has = false;
        *out = 0;
        return 0;
    }
    if (!json_number(c->s, &integral))
        return fail(r, c->line, c->col, "must be a number");
    double v;
    if (!number_parse(c->s, &v))
        return fail(r, c->line, c->col, "must be a finite number");
    *has = true;
    *out = v;
    return 0;
}

/* A reference to another object by ref; an empty cell gives -1 unless required. */
static int get_link(struct crd *r, const struct cell *c, const struct strmap *m, const char *kind,
                    bool required, long *out)
{
    if (!*c->s) {
        if (required)
            return fail(r, c->line, c->col, "is required (%s %s ref)", article(kind), kind);
        *out = -1;
        return 0;
    }
    *out = plan_find(m, c->s);
    if (*out < 0)
        return fail(r, c->line, c->col, "no %s with ref \"%s\"", kind, TEXT_CLIP(c->s, 64));
    return 0;
}

/* A ';'-separated list of refs into links (spaces around a ref are allowed;
 * an empty cell is an empty list, an empty item is refused). */
static int get_links(struct crd *r, const struct cell *c, const struct strmap *m, const char *kind,
                     struct p_links *links)
{
    links_clear(links);
    if (!*c->s)
        return 0;
    const char *s = c->s;
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        size_t n = strcspn(s, ";");
        size_t t = n;
        while (t > 0 && (s[t - 1] == ' ' || s[t - 1] == '\t'))
            t--;
        char *ref = xstrndup(s, t);
        long ix = t ? plan_find(m, ref) : -1;
        if (ix < 0) {
            if (t)
                fail(r, c->line, c->col, "no %s with ref \"%s\"", kind, TEXT_CLIP(ref, 64));
            else
                fail(r, c->line, c->col,
                     "empty item in the list of %s refs (separate refs "
                     "with ';')",
                     kind);
            free(ref);
            return -1;
        }
        free(ref);
        links_add(links, ix);
        if (s[n] != ';')
            return 0;
        s += n + 1;
    }
}

/* A level of the organisation's rating scale; an empty cell gives -1 (none). */
static int get_level(struct crd *r, const struct cell *c, int *out)
{
    *out = -1;
    if (!*c->s)
        return 0;
    const struct scale *sc = r->p->org.scale;
    if (!sc)
        return fail(r, c->line, c->col, "the organisation has no rating scale yet");
    *out = scale_level(sc, c->s);
    if (*out < 0) {
        char levels[128];
        scale_describe(sc, levels, sizeof levels);
        return fail(r, c->line, c->col, "\"%s\" is not a level of the %s scale (%s)",
                    TEXT_CLIP(c->s, 32), sc->name, levels);
    }
    return 0;
}

/* ---- reading: kinds -------------------------------------------------------------------- */

/* Pass one over actions: every ref valid, once, and known to the plan, so
 * that depends_on may point forward. */
static int register_actions(struct crd *r)
{
    for (size_t i = 0; i < r->n_rows; i++) {
        struct cell c = cell_of(r, &r->rows[i], A_REF);
        if (!ref_valid(c.s))
            return fail(r, c.line, c.col, "must be 1-64 letters, digits, '.', '_' or '-'");
        if (first_time(r, "action", c.s, &c))
            return -1;
        if (plan_find(&r->p->m_actions, c.s) < 0)
            plan_add_action(r->p, c.s);
    }
    return 0;
}

/* Pass two: one action row replaces the whole action (an absent column gives
 * the JSON default; a new action's baseline is its plan). */
static int read_action(struct crd *r, const struct csv_row *row)
{
    struct plan *p = r->p;
    struct cell c[A_CLOSURE_CRITERIA + 1];
    for (int k = 0; k <= A_CLOSURE_CRITERIA; k++)
        c[k] = cell_of(r, row, k);
    struct p_action *x = &p->actions[plan_find(&p->m_actions, c[A_REF].s)];
    x->src_line = row->line;
    if (get_link(r, &c[A_THEME], &p->m_themes, "theme", true, &x->theme) ||
        get_str(r, &c[A_TITLE], true, NULL, &x->title) ||
        get_str(r, &c[A_DESCRIPTION], false, "", &x->description) ||
        get_link(r, &c[A_OWNER], &p->m_people, "person", false, &x->owner) ||
        get_link(r, &c[A_MEMBER], &p->m_people, "person", false, &x->member) ||
        get_link(r, &c[A_PANEL_LEAD], &p->m_people, "person", false, &x->panel_lead) ||
        get_date(r, &c[A_START], true, &x->start) || get_date(r, &c[A_FINISH], true, &x->finish) ||
        get_date(r, &c[A_BASELINE_FINISH], false, &x->baseline_finish) ||
        get_status(r, &c[A_STATUS], &x->status) ||
        get_date(r, &c[A_COMPLETED_ON], false, &x->completed_on) ||
        get_links(r, &c[A_ANSWERS], &p->m_recs, "recommendation", &x->answers) ||
        get_links(r, &c[A_DEPENDS_ON], &p->m_actions, "action", &x->depends_on) ||
        get_str(r, &c[A_CLOSURE_CRITERIA], false, "", &x->closure_criteria))
        return -1;
    if (!c[A_BASELINE_FINISH].present)
        x->baseline_finish = x->finish;
    return 0;
}

/* The key fields of an update row: its action, and a period the plan has.
 * Returns 0 with *action and *period set, or -1. */
static int update_key(struct crd *r, const struct csv_row *row, long *action, long *period)
{
    struct cell ca = cell_of(r, row, U_ACTION), cp = cell_of(r, row, U_PERIOD);
    int month;
    if (get_link(r, &ca, &r->p->m_actions, "action", true, action))
        return -1;
    if (!month_parse(cp.s, &month))
        return fail(r, cp.line, cp.col, "must be a month YYYY-MM");
    *period = plan_find_period(r->p, month);
    if (*period < 0)
        return fail(r, cp.line, cp.col, "month %s is not in periods", cp.s);
    struct buf key = BUF_INIT;
    buf_printf(&key, "%s@%s", r->p->actions[*action].ref, cp.s);
    int rc = first_time(r, "update", buf_str(&key), &cp);
    buf_free(&key);
    return rc;
}

/* One update row replaces the update of its action in its period. */
static int read_update(struct crd *r, const struct csv_row *row)
{
    static const char *const states[] = {"draft", "submitted", "accepted", "returned", NULL};
    struct plan *p = r->p;
    long action = -1, period = -1, percent = 0; /* set on success; -O2 cannot see it */
    if (update_key(r, row, &action, &period))
        return -1;
    /* A public download's row with a correction holds the corrected values,
     * not those signed off; taking them as the update's own would rewrite a
     * signed-off month and drop the record of the correction.  An empty note
     * (no correction) is nothing to import. */
    if (r->note_col >= 0 && row->f[r->note_col].len > 0)
        return fail(r, row->f[r->note_col].line, "correction",
                    "this row's values are as corrected (a public download), not as signed off: "
                    "corrections are imported only from the JSON interchange (dialturn export), "
                    "which keeps both; import that, or leave this column empty");
    long ix = plan_find_update(p, action, period);
    if (ix < 0) /* before indexing: adding may move the array */
        ix = (long)plan_add_update(p, action, period);
    struct p_update *x = &p->updates[ix];
    struct cell c[U_AUTHOR + 1];
    for (int k = 0; k <= U_AUTHOR; k++)
        c[k] = cell_of(r, row, k);
    if (get_enum(r, &c[U_STATE], states, "draft", &x->state) ||
        get_status(r, &c[U_STATUS], &x->status) || get_int(r, &c[U_PERCENT], 0, 100, 0, &percent) ||
        get_level(r, &c[U_CONFIDENCE], &x->confidence) ||
        get_str(r, &c[U_NARRATIVE], false, "", &x->narrative) ||
        get_date(r, &c[U_FORECAST_FINISH], false, &x->forecast_finish) ||
        get_link(r, &c[U_AUTHOR], &p->m_people, "person", false, &x->author))
        return -1;
    x->percent = (int)percent;
    return 0;
}

/* One value row sets the value of its measure on its date. */
static int read_value(struct crd *r, const struct csv_row *row)
{
    struct cell cm = cell_of(r, row, V_MEASURE), cd = cell_of(r, row, V_DATE),
                cv = cell_of(r, row, V_VALUE);
    long measure = -1; /* set on success; -O2 cannot see it */
    day_t date = DAY_NONE;
    bool has = false;
    double value = 0;
    if (get_link(r, &cm, &r->p->m_measures, "measure", true, &measure) ||
        get_date(r, &cd, true, &date) || get_real(r, &cv, true, &has, &value))
        return -1;
    struct buf key = BUF_INIT;
    buf_printf(&key, "%s@%s", r->p->measures[measure].ref, cd.s);
    int rc = first_time(r, "measure value", buf_str(&key), &cd);
    buf_free(&key);
    if (rc)
        return -1;
    /* the rules a value entered on the web follows (model/dials.h) */
    char why[160];
    if (!dial_value_parse(cv.s, &value))
        return fail(r, cv.line, cv.col, "must be a number from -1e15 to 1e15");
    if (!dial_date_check(date, date_today(), why, sizeof why))
        return fail(r, cd.line, cd.col, "%s", why);
    for (size_t i = 0; i < r->p->n_values; i++) {
        const struct p_value *o = &r->p->values[i];
        if (o->measure == measure && o->date != date && date_month(o->date) == date_month(date)) {
            char other[DATE_LEN];
            date_format(o->date, other);
            return fail(r, cd.line, cd.col,
                        "measure %s already has a value in that month (%s): one value a month",
                        r->p->measures[measure].ref, other);
        }
    }
    long ix = plan_find_value(r->p, measure, date);
    if (ix < 0) /* before indexing: adding may move the array */
        ix = (long)plan_add_value(r->p, measure, date);
    r->p->values[ix].value = value;
    return 0;
}

/* Reads every kept row into the plan. */
static int read_rows(struct crd *r)
{
    if (r->kind == CSV_ACTIONS && register_actions(r))
        return -1;
    for (size_t i = 0; i < r->n_rows; i++) {
        const struct csv_row *row = &r->rows[i];
        int rc = r->kind == CSV_ACTIONS   ? read_action(r, row)
                 : r->kind == CSV_UPDATES ? read_update(r, row)
                                          : read_value(r, row);
        if (rc)
            return -1;
    }
    return 0;
}

/* Splits, checks and reads the rows into p (see plan_csv.h); everything the
 * reader allocated is freed here, the plan owns what it was given. */
int plan_read_csv(struct plan *p, const char *data, size_t len, char *err, size_t errlen)
{
    struct crd r = {.p = p, .err = err, .errlen = errlen};
    int rc = split_records(&r, data, len) || read_rows(&r) ? -1 : 0;
    for (size_t i = 0; i < r.n_rows; i++)
        row_free(&r.rows[i]);
    free(r.rows);
    strmap_free(&r.seen);
    return rc;
}

/* ---- writing --------------------------------------------------------------------------- */

/* A record being written: fields are separated by commas, the record ends
 * with CRLF. */
/* True if s must be quoted: it holds a delimiter, a quote or a line break
 * (RFC 4180 2.6), or begins or ends with a blank that readers may trim. */
static bool needs_quotes(const char *s, size_t n)
{
    return strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
           s[n - 1] == '\t';
}

/* Appends one field; NULL and "" are an empty cell.  A text cell that a
 * spreadsheet would run gets a quote in front (see the top of the file).
 * Quoting is libcsv's: csv_write writes at most 2n+2 bytes for n. */
static void out_cell(struct csv_out *o, const char *s, bool text)
{
    if (o->nfield++)
        buf_putc(&o->b, ',');
    size_t n = s ? strlen(s) : 0;
    if (n == 0)
        return;
    struct buf neutral = BUF_INIT;
    if (text && formula_lead(s[0])) {
        buf_putc(&neutral, '\'');
        buf_append(&neutral, s, n);
        s = buf_str(&neutral);
        n = neutral.len;
    }
    if (!needs_quotes(s, n)) {
        buf_append(&o->b, s, n);
        buf_free(&neutral);
        return;
    }
    char *q = xmalloc(2 * n + 2);
    size_t w = csv_write(q, 2 * n + 2, s, n);
    buf_append(&o->b, q, w);
    free(q);
    buf_free(&neutral);
}

/* Appends one text field (out_cell). */
static void out_str(struct csv_out *o, const char *s)
{
    out_cell(o, s, true);
}

/* Appends a date, or an empty cell for DAY_NONE. */
static void out_date(struct csv_out *o, day_t d)
{
    char s[DATE_LEN] = "";
    if (d != DAY_NONE)
        date_format(d, s);
    out_cell(o, s, false);
}

/* Appends a number formatted with fmt. */
static void out_num(struct csv_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_num(struct csv_out *o, const char *fmt, ...)
{
    char s[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    out_cell(o, s, false); /* a number: "-3.5" stays one */
}

/* Ends the record. */
static void out_end(struct csv_out *o)
{
    buf_puts(&o->b, "\r\n");
    o->nfield = 0;
}

void csv_out_text(struct csv_out *o, const char *s)
{
    out_cell(o, s, true);
}

void csv_out_plain(struct csv_out *o, const char *s)
{
    out_cell(o, s, false);
}

void csv_out_end(struct csv_out *o)
{
    out_end(o);
}

/* Writes the header of a kind. */
static void out_header(struct csv_out *o, enum csv_kind kind, bool notes)
{
    for (const char *const *c = kind_defs[kind].cols; *c; c++)
        out_str(o, *c);
    if (notes) /* a public download whose record holds corrections */
        out_str(o, "correction");
    out_end(o);
}

/* qsort's comparison of two refs (const char *), natural order. */
static int cmp_ref(const void *a, const void *b)
{
    return natcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Appends a ';'-joined list of refs in natural order; ref_of gives each
 * linked object's ref. */
static void out_refs(struct csv_out *o, const struct p_links *l, const struct plan *p,
                     const char *(*ref_of)(const struct plan *, long))
{
    const char **refs = xmalloc((l->n + 1) * sizeof *refs);
    for (size_t i = 0; i < l->n; i++)
        refs[i] = ref_of(p, l->v[i]);
    qsort(refs, l->n, sizeof *refs, cmp_ref);
    struct buf s = BUF_INIT;
    for (size_t i = 0; i < l->n; i++)
        buf_printf(&s, "%s%s", i ? ";" : "", refs[i]);
    out_str(o, buf_str(&s));
    buf_free(&s);
    free(refs);
}

/* The ref of recommendation i (for out_refs). */
static const char *rec_ref(const struct plan *p, long i)
{
    return p->recs[i].ref;
}

/* The ref of action i (for out_refs). */
static const char *action_ref(const struct plan *p, long i)
{
    return p->actions[i].ref;
}

/* The ref of person i, or NULL for none. */
static const char *person_ref(const struct plan *p, long i)
{
    return i >= 0 ? p->people[i].ref : NULL;
}

/* Appends every action, in export order. */
static void write_actions(struct csv_out *o, const struct plan *p)
{
    size_t *ix = plan_order_actions(p);
    for (size_t i = 0; i < p->n_actions; i++) {
        const struct p_action *x = &p->actions[ix[i]];
        out_str(o, x->ref);
        out_str(o, x->theme >= 0 ? p->themes[x->theme].ref : NULL);
        out_str(o, x->title);
        out_str(o, x->description);
        out_str(o, person_ref(p, x->owner));
        out_str(o, person_ref(p, x->member));
        out_str(o, person_ref(p, x->panel_lead));
        out_date(o, x->start);
        out_date(o, x->finish);
        out_date(o, x->baseline_finish);
        out_str(o, action_status_name(x->status));
        out_date(o, x->completed_on);
        out_refs(o, &x->answers, p, rec_ref);
        out_refs(o, &x->depends_on, p, action_ref);
        out_str(o, x->closure_criteria);
        out_end(o);
    }
    free(ix);
}

/* Appends every update, in export order (action, then period). */
static void write_updates(struct csv_out *o, const struct plan *p)
{
    size_t *ix = plan_order_updates(p);
    for (size_t i = 0; i < p->n_updates; i++) {
        const struct p_update *x = &p->updates[ix[i]];
        char m[MONTH_LEN];
        month_format(p->periods[x->period].month, m);
        out_str(o, p->actions[x->action].ref);
        out_str(o, m);
        out_str(o, x->state);
        out_str(o, action_status_name(x->status));
        out_num(o, "%d", x->percent);
        out_str(o, x->confidence >= 0 && p->org.scale ? p->org.scale->levels[x->confidence].key
                                                      : NULL);
        out_str(o, x->narrative);
        out_date(o, x->forecast_finish);
        out_str(o, person_ref(p, x->author));
        if (p->update_notes)
            out_str(o, p->update_notes[ix[i]]);
        out_end(o);
    }
    free(ix);
}

/* Appends every measure value, in export order (measure, then date). */
static void write_values(struct csv_out *o, const struct plan *p)
{
    size_t *ix = plan_order_values(p);
    for (size_t i = 0; i < p->n_values; i++) {
        const struct p_value *x = &p->values[ix[i]];
        out_str(o, p->measures[x->measure].ref);
        out_date(o, x->date);
        out_num(o, "%.15g", x->value);
        out_end(o);
    }
    free(ix);
}

/* Writes the header and the rows of one kind (see plan_csv.h); returns a
 * malloc'd string the caller frees. */
char *plan_write_csv(const struct plan *p, enum csv_kind kind)
{
    struct csv_out o = {BUF_INIT, 0};
    out_header(&o, kind, kind == CSV_UPDATES && p->update_notes);
    if (kind == CSV_ACTIONS)
        write_actions(&o, p);
    else if (kind == CSV_UPDATES)
        write_updates(&o, p);
    else
        write_values(&o, p);
    return buf_detach(&o.b);
}

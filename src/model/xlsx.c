/* xlsx.c — the plan as a spreadsheet for officers (see xlsx.h). */
#include "model/xlsx.h"
#include "lib/buf.h"
#include "model/rules.h"
#include "model/scale.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define MAX_COLS 16

/* One sheet being written: the next row, and the widest text of each column
 * (in characters, capped) for its width. */
struct sheet {
    lxw_worksheet *ws;
    lxw_row_t row;
    int ncols;
    double width[MAX_COLS];
    lxw_error err; /* the first write that failed */
};

struct book {
    lxw_workbook *wb;
    lxw_format *head, *date, *wrap;
    lxw_format *level[8]; /* the confidence levels' fills, best first */
};

/* Notes the width a cell's text needs (UTF-8 characters, capped at 60). */
static void fit(struct sheet *s, int col, const char *text)
{
    double n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        n += (*p & 0xC0) != 0x80;
    if (n > 60)
        n = 60;
    if (n > s->width[col])
        s->width[col] = n;
}

static void note(struct sheet *s, lxw_error e)
{
    if (e != LXW_NO_ERROR && s->err == LXW_NO_ERROR)
        s->err = e;
}

/* A text cell: always a string, never a formula, whatever it starts with. */
static void put_text(struct sheet *s, int col, const char *text, lxw_format *f)
{
    if (!text || !*text)
        return;
    note(s, worksheet_write_string(s->ws, s->row, (lxw_col_t)col, text, f));
    fit(s, col, text);
}

static void put_number(struct sheet *s, int col, double v)
{
    note(s, worksheet_write_number(s->ws, s->row, (lxw_col_t)col, v, NULL));
    char t[32];
    snprintf(t, sizeof t, "%g", v);
    fit(s, col, t);
}

/* A date cell (a serial date formatted yyyy-mm-dd); nothing for DAY_NONE. */
static void put_date(struct sheet *s, const struct book *b, int col, day_t d)
{
    if (d == DAY_NONE)
        return;
    char t[DATE_LEN];
    date_format(d, t);
    lxw_datetime dt = {atoi(t), atoi(t + 5), atoi(t + 8), 0, 0, 0};
    note(s, worksheet_write_datetime(s->ws, s->row, (lxw_col_t)col, &dt, b->date));
    fit(s, col, t);
}

/* Starts a sheet with its header row: bold, frozen, filtered. */
static int sheet_begin(struct book *b, struct sheet *s, const char *name, const char *const *heads,
                       int n)
{
    *s = (struct sheet){.ws = workbook_add_worksheet(b->wb, name), .ncols = n};
    if (!s->ws)
        return -1;
    for (int i = 0; i < n; i++)
        put_text(s, i, heads[i], b->head);
    worksheet_freeze_panes(s->ws, 1, 0);
    s->row = 1;
    return 0;
}

/* Ends a sheet: the filter over its rows and the columns' widths. */
static lxw_error sheet_end(struct sheet *s)
{
    note(s,
         worksheet_autofilter(s->ws, 0, 0, s->row > 1 ? s->row - 1 : 0, (lxw_col_t)(s->ncols - 1)));
    for (int i = 0; i < s->ncols; i++)
        note(s, worksheet_set_column(s->ws, (lxw_col_t)i, (lxw_col_t)i, s->width[i] + 2, NULL));
    return s->err;
}

static const char *person_name(const struct plan *p, long i)
{
    return i >= 0 && (size_t)i < p->n_people ? p->people[i].name : NULL;
}

static const char *action_ref(const struct plan *p, long i)
{
    return i >= 0 && (size_t)i < p->n_actions ? p->actions[i].ref : NULL;
}

static lxw_error write_actions(struct book *b, const struct plan *p)
{
    static const char *const heads[] = {
        "Ref",   "Theme",  "Title",           "Description",  "Owner",     "Status",
        "Start", "Finish", "Baseline finish", "Completed on", "Depends on"};
    struct sheet s;
    if (sheet_begin(b, &s, "Actions", heads, 11))
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    size_t *ix = plan_order_actions(p);
    for (size_t k = 0; k < p->n_actions; k++, s.row++) {
        const struct p_action *a = &p->actions[ix[k]];
        put_text(&s, 0, a->ref, NULL);
        put_text(&s, 1, a->theme >= 0 ? p->themes[a->theme].ref : NULL, NULL);
        put_text(&s, 2, a->title, NULL);
        put_text(&s, 3, a->description, b->wrap);
        put_text(&s, 4, person_name(p, a->owner), NULL);
        put_text(&s, 5, action_status_name(a->status), NULL);
        put_date(&s, b, 6, a->start);
        put_date(&s, b, 7, a->finish);
        put_date(&s, b, 8, a->baseline_finish);
        put_date(&s, b, 9, a->completed_on);
        struct buf deps = BUF_INIT;
        for (size_t d = 0; d < a->depends_on.n; d++)
            buf_printf(&deps, "%s%s", d ? " " : "", action_ref(p, a->depends_on.v[d]));
        put_text(&s, 10, buf_str(&deps), NULL);
        buf_free(&deps);
    }
    free(ix);
    if (s.width[3] > 50)
        s.width[3] = 50;
    return sheet_end(&s);
}

static lxw_error write_milestones(struct book *b, const struct plan *p)
{
    static const char *const heads[] = {"Ref",          "Action",      "Title", "Due",
                                        "Baseline due", "Achieved on", "Public"};
    struct sheet s;
    if (sheet_begin(b, &s, "Milestones", heads, 7))
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    size_t *ix = plan_order_milestones(p);
    for (size_t k = 0; k < p->n_milestones; k++, s.row++) {
        const struct p_milestone *m = &p->milestones[ix[k]];
        put_text(&s, 0, m->ref, NULL);
        put_text(&s, 1, action_ref(p, m->action), NULL);
        put_text(&s, 2, m->title, NULL);
        put_date(&s, b, 3, m->due);
        put_date(&s, b, 4, m->baseline_due);
        put_date(&s, b, 5, m->achieved_on);
        put_text(&s, 6, m->public ? "yes" : "no", NULL);
    }
    free(ix);
    return sheet_end(&s);
}

/* One row of the Measures sheet: the measure's facts, then the value (when
 * v is not NULL). */
static void measure_row(struct book *b, struct sheet *s, const struct plan *p,
                        const struct p_measure *m, const struct p_value *v)
{
    put_text(s, 0, m->ref, NULL);
    put_text(s, 1, m->title, NULL);
    put_text(s, 2, m->unit, NULL);
    put_text(s, 3, m->up ? "higher" : "lower", NULL);
    if (m->has_baseline)
        put_number(s, 4, m->baseline);
    put_date(s, b, 5, m->baseline_date);
    if (m->has_target)
        put_number(s, 6, m->target);
    put_date(s, b, 7, m->target_date);
    put_number(s, 8, (double)m->tolerance_pct);
    put_text(s, 9, m->theme >= 0 ? p->themes[m->theme].ref : NULL, NULL);
    if (v) {
        put_date(s, b, 10, v->date);
        put_number(s, 11, v->value);
    }
    s->row++;
}

static lxw_error write_measures(struct book *b, const struct plan *p)
{
    static const char *const heads[] = {"Measure",     "Title",         "Unit",   "Better when",
                                        "Baseline",    "Baseline date", "Target", "Target date",
                                        "Tolerance %", "Theme",         "Date",   "Value"};
    struct sheet s;
    if (sheet_begin(b, &s, "Measures", heads, 12))
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    size_t *mx = plan_order_measures(p), *vx = plan_order_values(p);
    /* values are in measure order, and measures in the same natural order:
     * walk both */
    for (size_t k = 0; k < p->n_measures; k++) {
        long mi = (long)mx[k];
        bool any = false;
        for (size_t j = 0; j < p->n_values; j++) {
            const struct p_value *v = &p->values[vx[j]];
            if (v->measure != mi)
                continue;
            measure_row(b, &s, p, &p->measures[mi], v);
            any = true;
        }
        if (!any)
            measure_row(b, &s, p, &p->measures[mi], NULL);
    }
    free(mx);
    free(vx);
    return sheet_end(&s);
}

static lxw_error write_updates(struct book *b, const struct plan *p)
{
    static const char *const heads[] = {"Action",    "Period",          "State",
                                        "Status",    "Percent",         "Confidence",
                                        "Narrative", "Forecast finish", "Author"};
    struct sheet s;
    if (sheet_begin(b, &s, "Updates", heads, 9))
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    const struct scale *sc = p->org.scale;
    size_t *ix = plan_order_updates(p);
    for (size_t k = 0; k < p->n_updates; k++, s.row++) {
        const struct p_update *u = &p->updates[ix[k]];
        char month[MONTH_LEN];
        month_format(p->periods[u->period].month, month);
        put_text(&s, 0, action_ref(p, u->action), NULL);
        put_text(&s, 1, month, NULL);
        put_text(&s, 2, u->state, NULL);
        put_text(&s, 3, action_status_name(u->status), NULL);
        put_number(&s, 4, u->percent);
        if (sc && u->confidence >= 0 && u->confidence < sc->nlevels)
            put_text(&s, 5, sc->levels[u->confidence].label,
                     u->confidence < 8 ? b->level[u->confidence] : NULL);
        put_text(&s, 6, u->narrative, b->wrap);
        put_date(&s, b, 7, u->forecast_finish);
        put_text(&s, 8, person_name(p, u->author), NULL);
    }
    free(ix);
    if (s.width[6] > 60)
        s.width[6] = 60;
    return sheet_end(&s);
}

/* The fill of a level: its colour ("#rrggbb") with white text, so the
 * label stays readable on it. */
static lxw_format *level_format(lxw_workbook *wb, const char *colour)
{
    lxw_format *f = workbook_add_format(wb);
    if (colour && colour[0] == '#' && strlen(colour) == 7) {
        format_set_bg_color(f, (lxw_color_t)strtol(colour + 1, NULL, 16));
        format_set_font_color(f, LXW_COLOR_WHITE);
        format_set_bold(f);
    }
    return f;
}

int plan_write_xlsx(const struct plan *p, const char *path, char *err, size_t errlen)
{
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    struct book b = {.wb = workbook_new_opt(path, &opt)};
    if (!b.wb) {
        snprintf(err, errlen, "%s: cannot create the workbook", path);
        return -1;
    }
    b.head = workbook_add_format(b.wb);
    format_set_bold(b.head);
    format_set_bottom(b.head, LXW_BORDER_THIN);
    b.date = workbook_add_format(b.wb);
    format_set_num_format(b.date, "yyyy-mm-dd");
    b.wrap = workbook_add_format(b.wb);
    format_set_text_wrap(b.wrap);
    format_set_align(b.wrap, LXW_ALIGN_VERTICAL_TOP);
    const struct scale *sc = p->org.scale;
    for (int i = 0; sc && i < sc->nlevels && i < 8; i++)
        b.level[i] = level_format(b.wb, sc->levels[i].colour);
    workbook_set_properties(b.wb, &(lxw_doc_properties){
                                      .title = "Improvement plan",
                                      .company = p->org.name,
                                  });
    lxw_error e = write_actions(&b, p);
    if (e == LXW_NO_ERROR)
        e = write_milestones(&b, p);
    if (e == LXW_NO_ERROR)
        e = write_measures(&b, p);
    if (e == LXW_NO_ERROR)
        e = write_updates(&b, p);
    lxw_error ce = workbook_close(b.wb);
    if (e == LXW_NO_ERROR)
        e = ce;
    if (e != LXW_NO_ERROR) {
        snprintf(err, errlen, "%s: %s", path, lxw_strerror(e));
        remove(path);
        return -1;
    }
    return 0;
}

/* report_md.c — the monthly report as Markdown (report.h).
 *
 * Text from the plan is escaped so that it reads as the words it is, never as
 * Markdown structure: a title with "|" or "*" stays one table cell of plain
 * text.  The covering statement and the red line's narratives are Markdown
 * already and go in as written. */
#include "model/report.h"
#include <string.h>

/* Appends s with Markdown's punctuation escaped and line breaks as spaces. */
static void md_text(struct buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\n' || *s == '\r') {
            buf_putc(b, ' ');
            continue;
        }
        if (strchr("\\`*_[]<>|#!{}", *s))
            buf_putc(b, '\\');
        buf_putc(b, *s);
    }
}

static void md_date(struct buf *b, day_t d)
{
    char s[DATE_LEN];
    if (d == DAY_NONE) {
        buf_puts(b, "not set");
        return;
    }
    date_format(d, s);
    buf_puts(b, s);
}

static void md_heading(struct buf *b, enum report_section s)
{
    buf_printf(b, "\n## %s\n\n", report_section_title(s));
}

/* "5 (+2)": a count and its change since the previous report. */
static void md_count(struct buf *b, size_t now, size_t prev, bool has_prev)
{
    buf_printf(b, "%zu", now);
    if (has_prev && now != prev)
        buf_printf(b, " (%+ld)", (long)now - (long)prev);
}

static void md_counts_row(struct buf *b, const struct report *r, const char *label,
                          const struct report_counts *now, const struct report_counts *prev,
                          bool has_prev)
{
    buf_puts(b, "| ");
    md_text(b, label);
    buf_printf(b, " | %zu", now->actions);
    for (int s = 0; s < ST__MAX; s++) {
        buf_puts(b, " | ");
        md_count(b, now->by_status[s], prev->by_status[s], has_prev);
    }
    for (int l = 0; l < r->scale->nlevels; l++) {
        buf_puts(b, " | ");
        md_count(b, now->by_level[l], prev->by_level[l], has_prev);
    }
    buf_puts(b, " | ");
    md_count(b, now->unrated, prev->unrated, has_prev);
    buf_puts(b, " |\n");
}

static void md_headline(struct buf *b, const struct report *r)
{
    static const char *const st[ST__MAX] = {"Not started", "In progress", "Complete", "Blocked",
                                            "Retired"};
    bool hp = r->prev_month[0] != '\0';
    md_heading(b, RS_HEADLINE);
    if (hp)
        buf_printf(b,
                   "Actions by status and by confidence at the end of the month, with the "
                   "change since the report of %s in brackets.\n\n",
                   r->prev_month);
    else
        buf_puts(b, "Actions by status and by confidence at the end of the month (the first "
                    "report: nothing to compare with).\n\n");
    buf_puts(b, "| Theme | Actions");
    for (int s = 0; s < ST__MAX; s++)
        buf_printf(b, " | %s", st[s]);
    for (int l = 0; l < r->scale->nlevels; l++)
        buf_printf(b, " | %s", r->scale->levels[l].label);
    buf_puts(b, " | Not rated |\n|---|--:");
    for (int i = 0; i < ST__MAX + r->scale->nlevels + 1; i++)
        buf_puts(b, "|--:");
    buf_puts(b, "|\n");
    for (size_t t = 0; t < r->nthemes; t++) {
        const struct report_theme *x = &r->themes[t];
        struct buf label = BUF_INIT;
        buf_printf(&label, "%s %s", x->ref, x->title);
        md_counts_row(b, r, buf_str(&label), &x->now, &x->prev, hp && x->in_prev);
        buf_free(&label);
    }
    md_counts_row(b, r, "All themes", &r->total, &r->total_prev, hp);
    const size_t *mv = r->total.movement;
    buf_printf(b,
               "\nConfidence this month: %zu improved, %zu declined, %zu unchanged, %zu rated "
               "for the first time, %zu without a rated update.\n",
               mv[MV_IMPROVED], mv[MV_DECLINED], mv[MV_UNCHANGED], mv[MV_NEW], mv[MV_MISSING]);
}

static void md_recs(struct buf *b, const struct report *r)
{
    md_heading(b, RS_RECOMMENDATIONS);
    if (!r->nrecs) {
        buf_puts(b, "No review recommendations are recorded.\n");
        return;
    }
    for (size_t i = 0; i < r->nrecs; i++) {
        const struct report_rec *x = &r->recs[i];
        if (i == 0 || strcmp(x->review_ref, r->recs[i - 1].review_ref) != 0) {
            buf_puts(b, i ? "\n### " : "### ");
            md_text(b, x->review_title);
            buf_puts(b, "\n\n| Recommendation | Actions | Complete | In progress | Not started "
                        "| Blocked | Retired |\n|---|---|--:|--:|--:|--:|--:|\n");
        }
        buf_puts(b, "| ");
        md_text(b, x->ref);
        buf_puts(b, ": ");
        md_text(b, x->text);
        if (!x->covered)
            buf_puts(b, " (not answered by any action)");
        buf_puts(b, " | ");
        md_text(b, x->actions);
        buf_printf(b, " | %zu | %zu | %zu | %zu | %zu |\n", x->by_status[ST_COMPLETE],
                   x->by_status[ST_IN_PROGRESS], x->by_status[ST_NOT_STARTED],
                   x->by_status[ST_BLOCKED], x->by_status[ST_RETIRED]);
    }
}

static void md_action_label(struct buf *b, const struct report_action *a)
{
    md_text(b, a->ref);
    buf_puts(b, " ");
    md_text(b, a->title);
}

static void md_red_line(struct buf *b, const struct report *r)
{
    md_heading(b, RS_RED_LINE);
    const char *low = r->scale->levels[r->scale->nlevels - 1].label;
    if (!r->red_line.n) {
        buf_printf(b, "No action was rated %s this month.\n", low);
        return;
    }
    buf_printf(b, "%zu actions were rated %s this month.\n", r->red_line.n, low);
    for (size_t i = 0; i < r->red_line.n; i++) {
        const struct report_action *a = &r->red_line.v[i];
        buf_puts(b, "\n### ");
        md_action_label(b, a);
        buf_puts(b, "\n\nOwner: ");
        md_text(b, a->owner[0] ? a->owner : "none named");
        buf_puts(b, ". Previous report: ");
        buf_puts(b, report_level_label(r->scale, a->prev_level));
        buf_puts(b, ".\n\n");
        buf_puts(b, a->narrative ? a->narrative : "");
        buf_puts(b, "\n");
    }
}

static void md_assurance(struct buf *b, const struct report *r)
{
    md_heading(b, RS_ASSURANCE);
    if (!r->nassurance) {
        buf_puts(b, "No rating by the panel differed from the council's this month.\n");
        return;
    }
    buf_puts(b, "| Theme or action | Council | Panel member | Panel |\n|---|---|---|---|\n");
    for (size_t i = 0; i < r->nassurance; i++) {
        const struct report_assurance *a = &r->assurance[i];
        buf_puts(b, "| ");
        md_text(b, a->ref);
        buf_puts(b, " ");
        md_text(b, a->title);
        buf_printf(b, " | %s | ", report_level_label(r->scale, a->council));
        md_text(b, a->member);
        buf_printf(b, " | %s |\n", report_level_label(r->scale, a->panel));
    }
}

static void md_action_table(struct buf *b, const struct report_list *l, enum report_count c)
{
    const char *days = report_days_heading(c);
    buf_printf(b, "| Action | Owner | %s | Forecast |%s%s%s\n|---|---|---|---|%s\n",
               report_action_date_heading(c), days ? " " : "", days ? days : "", days ? " |" : "",
               days ? "--:|" : "");
    for (size_t i = 0; i < l->n; i++) {
        const struct report_action *a = &l->v[i];
        buf_puts(b, "| ");
        md_action_label(b, a);
        buf_puts(b, " | ");
        md_text(b, a->owner);
        buf_puts(b, " | ");
        md_date(b, report_action_date(a, c));
        buf_puts(b, " | ");
        md_date(b, a->forecast);
        if (days)
            buf_printf(b, " | %d", a->days);
        buf_puts(b, " |\n");
    }
}

static void md_late(struct buf *b, const struct report *r)
{
    md_heading(b, RS_NOT_REPORTED);
    if (!r->not_reported.n)
        buf_puts(b, "Every action due to report did so.\n");
    else {
        buf_printf(b, "%zu actions had no accepted update this month.\n\n", r->not_reported.n);
        md_action_table(b, &r->not_reported, RC_NONE);
    }
    md_heading(b, RS_LATE);
    buf_printf(b, "### Overdue actions\n\n");
    if (!r->overdue.n)
        buf_puts(b, "No action is overdue.\n");
    else
        md_action_table(b, &r->overdue, RC_OVERDUE);
    buf_printf(b, "\n### Slipped actions\n\n");
    if (!r->slipped.n)
        buf_puts(b, "No action's forecast is later than its baseline.\n");
    else
        md_action_table(b, &r->slipped, RC_SLIPPED);
}

static void md_ms_table(struct buf *b, const struct report_ms_list *l, enum report_count c)
{
    const char *days = report_days_heading(c);
    buf_printf(b, "| Milestone | Action | Baseline | %s | %s |\n|---|---|---|---|%s|\n",
               report_ms_date_heading(c), days ? days : "Achieved", days ? "--:" : "---");
    for (size_t i = 0; i < l->n; i++) {
        const struct report_milestone *m = &l->v[i];
        buf_puts(b, "| ");
        md_text(b, m->ref);
        buf_puts(b, " ");
        md_text(b, m->title);
        buf_puts(b, " | ");
        md_text(b, m->action_ref);
        buf_puts(b, " | ");
        md_date(b, m->baseline_due);
        buf_puts(b, " | ");
        md_date(b, report_ms_date(m, c));
        buf_puts(b, " | ");
        if (days)
            buf_printf(b, "%d", m->days);
        else
            md_date(b, m->achieved_on);
        buf_puts(b, " |\n");
    }
}

static void md_milestones(struct buf *b, const struct report *r)
{
    md_heading(b, RS_MILESTONES);
    buf_puts(b, "### Met since the last report\n\n");
    if (!r->ms_met.n)
        buf_puts(b, "No milestone was met.\n");
    else
        md_ms_table(b, &r->ms_met, RC_NONE);
    buf_puts(b, "\n### Overdue milestones\n\n");
    if (!r->ms_overdue.n)
        buf_puts(b, "No milestone is overdue.\n");
    else
        md_ms_table(b, &r->ms_overdue, RC_OVERDUE);
    buf_puts(b, "\n### Slipped milestones\n\n");
    if (!r->ms_slipped.n)
        buf_puts(b, "No milestone has slipped.\n");
    else
        md_ms_table(b, &r->ms_slipped, RC_SLIPPED);
}

static void md_number(struct buf *b, bool has, double v)
{
    if (has)
        buf_printf(b, "%g", v);
    else
        buf_puts(b, "not set");
}

static void md_measures(struct buf *b, const struct report *r)
{
    md_heading(b, RS_MEASURES);
    if (!r->measures.n) {
        buf_puts(b, "No measures are recorded.\n");
        return;
    }
    buf_puts(b, "| Measure | Baseline | Target | Latest | Trajectory | Status | Values |\n"
                "|---|--:|--:|--:|---|---|---|\n");
    for (size_t i = 0; i < r->measures.n; i++) {
        const struct pub_measure *m = &r->measures.v[i];
        const struct pub_value *last = pub_measure_latest(m);
        buf_puts(b, "| ");
        md_text(b, m->ref);
        buf_puts(b, " ");
        md_text(b, m->title);
        buf_puts(b, " (");
        md_text(b, m->unit);
        buf_puts(b, ") | ");
        md_number(b, m->has_baseline, m->baseline);
        buf_puts(b, " | ");
        md_number(b, m->has_target, m->target);
        buf_puts(b, " | ");
        if (last) {
            buf_printf(b, "%g (", last->value);
            md_date(b, last->date);
            buf_puts(b, ")");
        } else
            buf_puts(b, "no data");
        buf_puts(b, " | ");
        struct buf traj = BUF_INIT;
        pub_measure_trajectory_text(m, &traj);
        md_text(b, buf_str(&traj));
        buf_free(&traj);
        buf_printf(b, " | %s | ", measure_state_name(m->state));
        for (size_t k = 0; k < m->nvalues; k++)
            buf_printf(b, "%s%g", k ? ", " : "", m->values[k].value);
        buf_puts(b, " |\n");
    }
}

static void md_list(struct buf *b, const char *heading, const struct report_list *l,
                    const char *none)
{
    buf_printf(b, "### %s\n\n", heading);
    if (!l->n) {
        buf_printf(b, "%s\n\n", none);
        return;
    }
    for (size_t i = 0; i < l->n; i++) {
        buf_puts(b, "- ");
        md_action_label(b, &l->v[i]);
        if (l->v[i].note) {
            buf_puts(b, ": ");
            md_text(b, l->v[i].note);
        }
        buf_puts(b, "\n");
    }
    buf_puts(b, "\n");
}

static void md_changes(struct buf *b, const struct report *r)
{
    md_heading(b, RS_CHANGES);
    if (!r->prev_month[0]) {
        buf_puts(b, "This is the first report: the plan is as signed off.\n");
        return;
    }
    buf_printf(b, "Since the report of %s.\n\n### Plan versions signed off\n\n", r->prev_month);
    if (!r->nversions)
        buf_puts(b, "None.\n");
    for (size_t i = 0; i < r->nversions; i++) {
        buf_printf(b, "- Version %d: ", r->versions[i].number);
        md_text(b, r->versions[i].title);
        buf_puts(b, ", signed off ");
        md_date(b, r->versions[i].signed_off_on);
        buf_puts(b, "\n");
    }
    buf_puts(b, "\n");
    md_list(b, "Actions added", &r->added, "None.");
    md_list(b, "Actions retired", &r->retired, "None.");
    md_list(b, "Actions re-dated", &r->redated, "None.");
}

void report_markdown(struct buf *b, const struct report *r)
{
    struct buf t = BUF_INIT;
    report_title(r, &t);
    buf_puts(b, "# ");
    md_text(b, buf_str(&t));
    buf_free(&t);
    buf_puts(b, "\n\n");
    md_text(b, r->org_name);
    buf_puts(b, ". Signed off ");
    md_date(b, r->signed_off_on);
    buf_printf(b, "; the record of %s, ledger entry %lld, hash %s.\n", r->month,
               (long long)r->head.seq, r->head.hash);
    md_heading(b, RS_STATEMENT);
    if (r->statement && *r->statement) {
        buf_puts(b, r->statement);
        if (b->len && b->data[b->len - 1] != '\n')
            buf_putc(b, '\n');
    } else
        buf_puts(b, "No covering statement was written for this month.\n");
    md_headline(b, r);
    md_recs(b, r);
    md_red_line(b, r);
    md_assurance(b, r);
    md_late(b, r);
    md_milestones(b, r);
    md_measures(b, r);
    md_changes(b, r);
}

void report_markdown_section(struct buf *b, const struct report *r, enum report_section s)
{
    struct buf t = BUF_INIT;
    switch (s) {
    case RS_HEADLINE:
        md_headline(&t, r);
        break;
    case RS_RECOMMENDATIONS:
        md_recs(&t, r);
        break;
    case RS_RED_LINE:
        md_red_line(&t, r);
        break;
    case RS_ASSURANCE:
        md_assurance(&t, r);
        break;
    case RS_NOT_REPORTED:
    case RS_LATE:
        md_late(&t, r);
        break;
    case RS_MILESTONES:
        md_milestones(&t, r);
        break;
    case RS_MEASURES:
        md_measures(&t, r);
        break;
    case RS_CHANGES:
        md_changes(&t, r);
        break;
    case RS_STATEMENT:
    case RS__MAX:
        break;
    }
    /* every heading one level down: the section is part of a larger document */
    const char *p = buf_str(&t);
    bool line_start = true;
    for (; *p; p++) {
        if (line_start && *p == '#')
            buf_putc(b, '#');
        buf_putc(b, *p);
        line_start = *p == '\n';
    }
    buf_free(&t);
}

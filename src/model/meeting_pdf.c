/* meeting_pdf.c — a meeting's agenda pack and its minutes as one PDF each
 * (meeting.h), typeset as the reports are (pdf_doc.h).
 *
 * The meeting comes already redacted: the public PDFs are made from
 * meeting_redact(..., MEETING_PUBLIC) alone, so an exempt item here has only
 * its paragraph of Schedule 12A ("exempt": true) and nothing else to print.
 * The pages go straight into the PDF (no contents page to draw last). */
#include "lib/markdown.h"
#include "model/meeting.h"
#include "model/pdf_doc.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define S(o, k) json_string_value(json_object_get((o), (k)))

/* A UTC time "YYYY-MM-DDTHH:MM:SSZ" as the organisation's zone reads it
 * ("12 March 2015, 18:30 GMT"), or the text itself. */
static void fmt_time(struct buf *b, const char *at)
{
    struct tm utc = {0}, local;
    const char *end = at ? strptime(at, "%Y-%m-%dT%H:%M:%S", &utc) : NULL;
    time_t t = end ? timegm(&utc) : (time_t)-1;
    char text[64];
    if (t == (time_t)-1 || !localtime_r(&t, &local) ||
        !strftime(text, sizeof text, "%-d %B %Y, %H:%M %Z", &local))
        buf_puts(b, at ? at : "");
    else
        buf_puts(b, text);
}

/* A YYYY-MM-DD date as "12 March 2015", or the text itself. */
static void fmt_day(struct buf *b, const char *day)
{
    struct tm tm = {0};
    char text[32];
    const char *end = day ? strptime(day, "%Y-%m-%d", &tm) : NULL;
    if (end && !*end && strftime(text, sizeof text, "%-d %B %Y", &tm))
        buf_puts(b, text);
    else
        buf_puts(b, day ? day : "");
}

static const char *person(json_t *people, const char *ref)
{
    json_t *who = json_object_get(people, ref ? ref : "");
    const char *n = who ? S(who, "name") : NULL;
    return n ? n : ref ? ref : "";
}

/* Markdown as plain paragraphs, indented. */
static void md_para(struct pdf *p, const char *md, double indent)
{
    struct buf t = BUF_INIT;
    markdown_text(&t, md);
    while (t.len && t.data[t.len - 1] == '\n')
        t.data[--t.len] = '\0';
    pdf_para_at(p, buf_str(&t), F_BODY, indent);
    buf_free(&t);
}

/* The title block: kind, when, where, webcast, status. */
static void front(struct pdf *p, json_t *m, const char *heading)
{
    p->y += 6;
    double h = pdf_measure(p, heading, F_H1, PDF_TEXT_W);
    pdf_tag_begin(p, "H1", NULL);
    pdf_show(p, PDF_MARGIN, p->y);
    pdf_tag_end(p, "H1");
    p->y += h + 10;
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s of the improvement panel\nWhen: ", meeting_kind_label(S(m, "kind")));
    fmt_time(&b, S(m, "starts_at"));
    if (S(m, "ends_at")) {
        buf_puts(&b, " to ");
        fmt_time(&b, S(m, "ends_at"));
    }
    if (S(m, "place") && *S(m, "place"))
        buf_printf(&b, "\nWhere: %s", S(m, "place"));
    if (S(m, "webcast_url"))
        buf_printf(&b, "\nWebcast: %s", S(m, "webcast_url"));
    const char *status = S(m, "status");
    if (status && strcmp(status, "scheduled") != 0)
        buf_printf(&b, "\nThis meeting is %s.", status);
    pdf_para(p, buf_str(&b), F_BODY);
    buf_free(&b);
    p->y += 6;
}

/* The heading of item n; an exempt item says only where it was taken. */
static bool item_heading(struct pdf *p, json_t *it, size_t n)
{
    struct buf b = BUF_INIT;
    bool exempt = json_is_true(json_object_get(it, "exempt"));
    if (exempt)
        buf_printf(&b, "%zu. Exempt item", n);
    else
        buf_printf(&b, "%zu. %s", n, S(it, "title") ? S(it, "title") : "");
    pdf_subheading(p, buf_str(&b));
    buf_reset(&b);
    if (exempt) {
        buf_printf(&b,
                   "Taken in private (paragraph %d of Schedule 12A to the Local Government Act "
                   "1972).",
                   (int)json_integer_value(json_object_get(it, "exempt_paragraph")));
        pdf_para_at(p, buf_str(&b), F_BODY, 12);
    } else if (S(it, "presenter") && *S(it, "presenter")) {
        buf_printf(&b, "Presented by %s.", S(it, "presenter"));
        pdf_para_at(p, buf_str(&b), F_BODY, 12);
    }
    buf_free(&b);
    return !exempt;
}

/* The public papers of an item, each with its address (a link). */
static void papers(struct pdf *p, json_t *it, const char *base)
{
    json_t *x;
    size_t i;
    if (!json_array_size(json_object_get(it, "papers")))
        return;
    pdf_para_at(p, "Papers:", F_SMALL_BOLD, 12);
    json_array_foreach(json_object_get(it, "papers"), i, x)
    {
        struct buf b = BUF_INIT, url = BUF_INIT, tag = BUF_INIT;
        buf_printf(&url, "%s/documents/%lld", base ? base : "",
                   (long long)json_integer_value(json_object_get(x, "id")));
        buf_printf(&b, "• %s — %s", S(x, "name") ? S(x, "name") : "", buf_str(&url));
        buf_printf(&tag, "uri='%s'", buf_str(&url)); /* digits and slashes: nothing to quote */
        cairo_tag_begin(p->cr, CAIRO_TAG_LINK, buf_str(&tag));
        cairo_set_source_rgb(p->cr, 0.11, 0.44, 0.72);
        pdf_para_at(p, buf_str(&b), F_SMALL, 24);
        cairo_set_source_rgb(p->cr, 0.04, 0.05, 0.05);
        cairo_tag_end(p->cr, CAIRO_TAG_LINK);
        buf_free(&b);
        buf_free(&url);
        buf_free(&tag);
    }
}

/* A table of actions arising; carried ones name the meeting they arose at. */
static void actions(struct pdf *p, const char *heading, json_t *list, json_t *people, bool carried)
{
    static const double w[] = {0.19, 0.45, 0.2, 0.16};
    static const char *head[] = {"Ref", "Action", "Owner", "Due"};
    const struct pdf_table t = {4, w, head, 0, F_SMALL_BOLD};
    json_t *x;
    size_t i;
    if (!json_array_size(list))
        return;
    pdf_heading(p, heading, F_H2);
    pdf_table_begin(p, &t);
    json_array_foreach(list, i, x)
    {
        json_t *a = carried ? json_object_get(x, "action") : x;
        struct buf text = BUF_INIT, due = BUF_INIT;
        buf_puts(&text, S(a, "text") ? S(a, "text") : "");
        if (carried)
            buf_printf(&text, " (from %s)", S(x, "meeting") ? S(x, "meeting") : "");
        if (S(a, "action"))
            buf_printf(&text, "\nPlan action %s", S(a, "action"));
        if (S(a, "done_on")) {
            buf_puts(&due, "Done ");
            fmt_day(&due, S(a, "done_on"));
        } else
            fmt_day(&due, S(a, "due"));
        const char *cells[] = {S(a, "ref"), buf_str(&text),
                               S(a, "owner") ? person(people, S(a, "owner")) : "", buf_str(&due)};
        pdf_row(p, &t, cells, F_SMALL, false);
        buf_free(&text);
        buf_free(&due);
    }
    pdf_table_end(p);
}

/* The residents' questions the secretariat published, with their answers. */
static void questions(struct pdf *p, json_t *qs)
{
    json_t *q;
    size_t i;
    if (!json_array_size(qs))
        return;
    pdf_heading(p, "Questions from residents", F_H2);
    json_array_foreach(qs, i, q)
    {
        struct buf b = BUF_INIT;
        buf_printf(&b, "Question %zu, from %s", i + 1, S(q, "name") ? S(q, "name") : "");
        pdf_subheading(p, buf_str(&b));
        buf_free(&b);
        pdf_para_at(p, S(q, "question") ? S(q, "question") : "", F_BODY, 12);
        const char *ans = S(q, "answer");
        if (ans && *ans) {
            pdf_para_at(p, "Answer:", F_SMALL_BOLD, 12);
            md_para(p, ans, 12);
        } else {
            pdf_para_at(p, "Not answered yet.", F_BODY, 12);
        }
    }
}

static void agenda_body(struct pdf *p, json_t *m, json_t *people, json_t *carried, json_t *qs,
                        const char *base)
{
    json_t *it;
    size_t i;
    pdf_heading(p, "Agenda", F_H2);
    if (!json_array_size(json_object_get(m, "items")))
        pdf_para(p, "No items.", F_BODY);
    json_array_foreach(json_object_get(m, "items"), i, it)
    {
        if (item_heading(p, it, i + 1))
            papers(p, it, base);
    }
    actions(p, "Actions carried from earlier meetings", carried, people, true);
    questions(p, qs);
}

static void minutes_body(struct pdf *p, json_t *m, json_t *people, json_t *qs)
{
    static const struct {
        const char *kind, *presence, *heading;
    } groups[] = {{"member", "present", "Members present"},
                  {"member", "apologies", "Apologies"},
                  {"invited", NULL, "Invited"},
                  {"observer", NULL, "Observers"}};
    json_t *it, *x;
    size_t i, k;
    pdf_heading(p, "Attendance", F_H2);
    bool any = false;
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        struct buf names = BUF_INIT;
        json_array_foreach(json_object_get(m, "attendance"), i, x)
        {
            if (strcmp(S(x, "kind") ? S(x, "kind") : "", groups[g].kind) != 0 ||
                (groups[g].presence &&
                 strcmp(S(x, "presence") ? S(x, "presence") : "", groups[g].presence) != 0))
                continue;
            buf_puts(&names, names.len ? ", " : "");
            buf_puts(&names, person(people, S(x, "person")));
        }
        if (names.len) {
            struct buf line = BUF_INIT;
            buf_printf(&line, "%s: %s.", groups[g].heading, buf_str(&names));
            pdf_para(p, buf_str(&line), F_BODY);
            buf_free(&line);
            any = true;
        }
        buf_free(&names);
    }
    if (!any)
        pdf_para(p, "No attendance was recorded.", F_BODY);
    pdf_heading(p, "Declarations of interest", F_H2);
    any = false;
    json_array_foreach(json_object_get(m, "items"), i, it)
    {
        json_array_foreach(json_object_get(it, "declarations"), k, x)
        {
            struct buf b = BUF_INIT;
            const char *kind = S(x, "kind") ? S(x, "kind") : "";
            buf_printf(&b, "Item %zu: %s (%s): %s", i + 1, person(people, S(x, "person")),
                       strcmp(kind, "pecuniary") == 0       ? "pecuniary"
                       : strcmp(kind, "non_pecuniary") == 0 ? "non-pecuniary"
                                                            : "other",
                       S(x, "nature") ? S(x, "nature") : "");
            pdf_para(p, buf_str(&b), F_BODY);
            buf_free(&b);
            any = true;
        }
    }
    if (!any)
        pdf_para(p, "None.", F_BODY);
    pdf_heading(p, "Minutes", F_H2);
    json_array_foreach(json_object_get(m, "items"), i, it)
    {
        if (!item_heading(p, it, i + 1))
            continue;
        const char *min = S(it, "minutes"), *dec = S(it, "decision");
        if (min && *min)
            md_para(p, min, 12);
        if (dec && *dec) {
            pdf_para_at(p, "Decision:", F_SMALL_BOLD, 12);
            md_para(p, dec, 12);
        }
    }
    questions(p, qs);
    actions(p, "Actions arising", json_object_get(m, "actions"), people, false);
    if (json_array_size(json_object_get(m, "corrections"))) {
        pdf_heading(p, "Corrections to these minutes", F_H2);
        json_array_foreach(json_object_get(m, "corrections"), i, x)
        {
            struct buf b = BUF_INIT;
            fmt_day(&b, S(x, "on"));
            buf_printf(&b, ": %s", S(x, "note") ? S(x, "note") : "");
            pdf_para(p, buf_str(&b), F_BODY);
            buf_free(&b);
        }
    }
}

int meeting_pdf(struct buf *b, const struct meeting_pdf_in *in, char *err, size_t errlen)
{
    if (pdf_libs_open(err, errlen))
        return -1;
    bool minutes = in->what == MEETING_PDF_MINUTES;
    struct buf title = BUF_INIT;
    buf_printf(&title, "%s: %s", minutes ? "Minutes" : "Agenda", S(in->meeting, "title"));
    size_t start = b->len;
    struct pdf p = {0};
    p.direct = true;
    p.title = buf_str(&title);
    p.org = in->org_name;
    pdf_open(&p, cairo_pdf_surface_create_for_stream(pdf_write_buf, b, PDF_PAGE_W, PDF_PAGE_H));
    pdf_metadata(p.surf, p.title, in->org_name, in->when);
    p.page = 1;
    p.y = PDF_TOP;
    pdf_header(&p);
    pdf_tag_begin(&p, "Document", NULL);
    front(&p, in->meeting, buf_str(&title));
    if (minutes)
        minutes_body(&p, in->meeting, in->people, in->questions);
    else
        agenda_body(&p, in->meeting, in->people, in->carried, in->questions, in->base);
    pdf_tag_end(&p, "Document");
    pdf_page_end(&p);
    cairo_surface_finish(p.surf);
    cairo_status_t st = cairo_surface_status(p.surf);
    pdf_close(&p);
    buf_free(&title);
    if (st != CAIRO_STATUS_SUCCESS) {
        b->len = start;
        snprintf(err, errlen, "making the PDF: %s", cairo_status_to_string(st));
        return -1;
    }
    return 0;
}

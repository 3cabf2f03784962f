/* Samples the checker must accept: no line is marked. */
#include "lib/html.h"
#include <sqlite3.h>

#define COLS "SELECT id, title FROM action "
static const char sql_one[] = COLS "WHERE id = :id";
static const char *const sql_pair[2] = {"BEGIN", "COMMIT"};
static const struct {
    const char *tag, *label;
} tags[] = {{"govuk-tag--blue", "Open"}, {"govuk-tag--grey", "Closed"}};

static int each(struct db *db, const char *sql)
{
    return db_exec(db, sql);
}

static void fixed(struct db *db, const struct table *t, int k, bool closed)
{
    const char *sql = closed ? "SELECT 1" : "SELECT 2";
    db_prepare(db, sql_one);
    db_prepare(db,
               COLS
               "ORDER BY id");
    db_prepare(db, sql);
    db_prepare(db, t->select_sql);
    db_prepare(db, sql_pair[k]);
    db_prepare(db, closed ? sql_one : "SELECT 3");
    each(db, "VACUUM");
    each(db, sql_one);
}

static void cell(struct buf *b, const char *cls)
{
    html_printf(b, "<td class=\"%s\">", cls);
}

static void html(struct buf *b, const char *title, const char *ref, int k, long n, size_t z,
                 const char *summary_html)
{
    html_printf(b,
                "<a href=\"/actions/%U\">%h</a> %d %ld %zu 100%%",
                ref, title,
                k, n, z);
    html_printf(b, "<strong class=\"govuk-tag %s\">%s</strong>", tags[k].tag, tags[k].label);
    html_printf(b, "<p>%s</p>", k ? "yes" : "no");
    html_printf(b, "<div>%s</div>", summary_html);
    html_printf(b, "<div>%s</div>", buf_str(&body_html));
    html_printf(b, "<p>printf's %%u is not a conversion here</p>");
    cell(b, "govuk-table__cell");
    cell(b, k ? "a" : "b");
    /* html_printf(b, "%s", title) in a comment is not a call */
    const char *s = "html_printf(b, \"%s\", title)";
    (void)s;
}

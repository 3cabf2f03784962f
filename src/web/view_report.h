/* view_report.h — the monthly progress report's pages (view_report.c). */
#ifndef DIALTURN_VIEW_REPORT_H
#define DIALTURN_VIEW_REPORT_H
#include "lib/buf.h"
#include "model/report.h"
#include "web/view.h"

/* The report of one month: contents, then every section of report.h. */
void view_report(struct buf *b, const struct view_site *site, const struct report *r);

/* The list of reports: one per signed-off month in months (oldest first,
 * shown newest first). */
void view_reports(struct buf *b, const struct view_site *site, const char (*months)[MONTH_LEN],
                  size_t n);

/* The covering statement form of month `month` in the workspace: the text as
 * stored (or as typed, after an error), whether it may still be changed
 * (not once the month is signed off), and an error to show, or NULL. */
void view_report_statement(struct buf *b, const struct view_site *site, const char *month,
                           const char *body, bool editable, const char *error);

#endif

/* view_report.h — the monthly progress report's pages (view_report.c). */
#ifndef DIALTURN_VIEW_REPORT_H
#define DIALTURN_VIEW_REPORT_H
#include "lib/buf.h"
#include "model/report.h"
#include "web/view.h"

/* The report of one month: contents, then every section of report.h. */
void view_report(struct buf *b, const struct view_site *site, const struct report *r);

/* One section of the report (not the statement), its heading one level
 * down, as a part of a report to the Secretary of State (view_sos.c). */
void view_report_section(struct buf *b, const struct report *r, enum report_section s);

/* The list of reports: the published reports and letters to the Secretary
 * of State (sos, newest first), then one per signed-off month in months
 * (oldest first, shown newest first). */
struct sos_report;
void view_reports(struct buf *b, const struct view_site *site, const char (*months)[MONTH_LEN],
                  size_t n, const struct sos_report *sos, size_t nsos);

/* The covering statement form of month `month` in the workspace: the text as
 * stored (or as typed, after an error), whether it may still be changed
 * (not once the month is signed off), and an error to show, or NULL. */
void view_report_statement(struct buf *b, const struct view_site *site, const char *month,
                           const char *body, bool editable, const char *error);

#endif

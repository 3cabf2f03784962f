/* xlsx.h — the plan as a spreadsheet for officers (DESIGN.md, "XLSX export
 * for officers"), with libxlsxwriter.
 *
 * One sheet each: Actions, Milestones, Measures (a row per value, the
 * measure's facts repeated so that a filter keeps them), Updates.  Each has a
 * bold header row frozen above the rows, a filter on it, and column widths
 * fitted to what a column holds.  Dates are written as dates (a number
 * formatted yyyy-mm-dd), numbers as numbers, and every text as a string cell:
 * never as a formula, so a narrative that starts with "=" stays text
 * (formula injection).  The workspace's download and `dialturn export
 * --format xlsx` write the same workbook from the plan as it stands; it holds
 * drafts and private milestones, so only those who may read restricted
 * material download it. */
#ifndef DIALTURN_XLSX_H
#define DIALTURN_XLSX_H
#include "model/plan.h"
#include <stddef.h>

/* Writes p as a workbook to `path` (created or replaced).  Returns 0, or -1
 * with a one-line reason in err. */
int plan_write_xlsx(const struct plan *p, const char *path, char *err, size_t errlen);

#endif

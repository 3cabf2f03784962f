/* plan_csv.h — CSV import and export of actions, updates and measure values.
 *
 * One kind of row per file, recognised by its header; columns are the JSON
 * field names of plan-format.md (`answers` and `depends_on` as ';'-separated
 * refs).  Rows are merged into the plan by key like the JSON reader does: an
 * action by ref, an update by (action, period), a value by (measure, date).
 * CSV per RFC 4180, UTF-8, ISO dates; parsed with libcsv. */
#ifndef DIALTURN_PLAN_CSV_H
#define DIALTURN_PLAN_CSV_H
#include "model/plan.h"

enum csv_kind { CSV_ACTIONS, CSV_UPDATES, CSV_MEASURE_VALUES };

/* "actions", "updates", "measure_values" → kind; -1 if unknown. */
enum csv_kind csv_kind_parse(const char *s);

/* Merges the rows of a CSV file into p.  Returns 0, or -1 with
 * "line N, column FIELD: problem" in err (N counts physical lines from 1,
 * the header being line 1). */
int plan_read_csv(struct plan *p, const char *data, size_t len, char *err, size_t errlen);

/* Writes the rows of one kind, header first, in export order (as the JSON
 * export orders them).  Returns a malloc'd string the caller frees. */
char *plan_write_csv(const struct plan *p, enum csv_kind kind);

#endif

/* plan_csv.h — CSV import and export of actions, updates and measure values.
 *
 * One kind of row per file, recognised by its header; columns are the JSON
 * field names of plan-format.md (`answers` and `depends_on` as ';'-separated
 * refs).  Rows are merged into the plan by key like the JSON reader does: an
 * action by ref, an update by (action, period), a value by (measure, date).
 * CSV per RFC 4180, UTF-8, ISO dates; parsed with libcsv. */
#ifndef DIALTURN_PLAN_CSV_H
#define DIALTURN_PLAN_CSV_H
#include "lib/buf.h"
#include "model/plan.h"
#include <stdbool.h>

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

/* One CSV file being written, by every CSV writer of dialturn: RFC 4180
 * quoting (libcsv), a CRLF after each record, and a text cell that a
 * spreadsheet would run as a formula (it begins with '=', '+', '-', '@', a tab
 * or a carriage return) written with a single quote in front (OWASP's rule).
 * Start with {BUF_INIT, 0}; the caller owns b (buf_free or buf_detach). */
struct csv_out {
    struct buf b;
    size_t nfield; /* fields written in the current record */
};
void csv_out_text(struct csv_out *o, const char *s);  /* a text cell; NULL or "": empty */
void csv_out_plain(struct csv_out *o, const char *s); /* a number or a date, as it is */
void csv_out_end(struct csv_out *o);                  /* ends the record */

#endif

/* natcmp.h — "natural" string order, the order of refs in exports and pages.
 *
 * Runs of digits compare by numeric value (A2 < A10), everything else bytewise;
 * equal numbers with different leading zeros fall back to bytewise order so the
 * order stays total. */
#ifndef DIALTURN_NATCMP_H
#define DIALTURN_NATCMP_H

int natcmp(const char *a, const char *b);

#endif

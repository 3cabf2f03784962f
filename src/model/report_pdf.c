#include "model/report.h"
#include <stdio.h>
int report_pdf(struct buf *b, const struct report *r, char *err, size_t errlen)
{
    (void)b;
    (void)r;
    snprintf(err, errlen, "PDF not available");
    return -1;
}

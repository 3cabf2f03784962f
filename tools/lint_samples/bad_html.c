/* Samples the checker must refuse: a finding is expected on each marked line. */
#include "lib/html.h"

static void bad_html(struct buf *b, const char *title, const char *url, int n)
{
    html_printf(b, "<a href=\"/x/%u\">%h</a>", url, title); /* want-lint: %u is printf's */
    html_printf(b, "<p>%h %h</p>", title); /* want-lint: two conversions, one argument */
    html_printf(b, "<p>%d</p>", n, n); /* want-lint: one conversion, two arguments */
    html_printf(b, /* want-lint: %s of a variable, the call over three lines */
                "<p>%s</p>",
                title);
    html_printf(b, "<p>%x</p>", n); /* want-lint: no such conversion */
    html_printf(b, title); /* want-lint: the format is not a literal */
    html_printf(b, "<p>%s</p>", strdup(title)); /* want-lint: %s of a call */
    html_printf(b, "<p>%s</p>", n ? "yes" : url); /* want-lint: one branch is a variable */
    html_printf(b, "<p>%lu</p>", (unsigned long)n); /* want-lint: %lu is printf's */
}

static void wrap(struct buf *b, const char *cls)
{
    html_printf(b, "<div class=\"%s\">", cls); /* want-lint: a caller passes a variable */
}

static void wrap_callers(struct buf *b, const char *user)
{
    wrap(b, "govuk-grid-row");
    wrap(b, user);
}

static void redirects(struct req *r, const char *ref)
{
    pc_redirect(r, "/work/updates/%u?done=saved", ref); /* want-lint: %u */
}

/* page_health.c — GET /healthz: for load balancers and the tests. */
#include "model/overview.h"
#include "web/web.h"
#include <stdio.h>

/* Answers "ok" once a real query against the organisation's database
 * succeeds, so a healthy answer means the worker can serve pages; 503 (logged)
 * otherwise.  Returns 0: an unhealthy database is an answer, not a bug. */
int page_healthz(struct req *r)
{
    char name[WEB_ORG_NAME_MAX];
    if (overview_org_name(r->db, name, sizeof name) != 0) {
        fprintf(stderr, "dialturn: %s %s: %s\n", r->method, r->log_uri, r->db->err);
        req_error(r, 503, NULL);
        return 0;
    }
    r->content_type = CT_TEXT;
    r->cache_control = "no-store";
    buf_puts(&r->out, "ok\n");
    return 0;
}

/* Prometheus's text exposition format, for the operator's scraper (with an
 * administrator's API token) or an administrator signed in. */
int page_metrics(struct req *r)
{
    r->content_type = "text/plain; version=0.0.4; charset=utf-8";
    r->cache_control = "no-store";
    server_metrics(r->srv, r->cfg, &r->out);
    return 0;
}

/* page_health.c — GET /healthz: for load balancers and the tests. */
#include "model/mail.h"
#include "model/overview.h"
#include "web/web.h"
#include <stdio.h>
#include <time.h>

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
    /* the outbox of this organisation's file: mail the relay has not taken */
    size_t queued, sent, failed;
    int64_t oldest;
    if (mail_outbox_counts(r->db, &queued, &sent, &failed) || mail_outbox_oldest(r->db, &oldest))
        return req_model_error(r);
    int64_t age = oldest ? (int64_t)time(NULL) - oldest : 0;
    buf_printf(&r->out,
               "# HELP dialturn_mail_outbox Mails in the outbox, by status.\n"
               "# TYPE dialturn_mail_outbox gauge\n"
               "dialturn_mail_outbox{org=\"%s\",status=\"queued\"} %zu\n"
               "dialturn_mail_outbox{org=\"%s\",status=\"sent\"} %zu\n"
               "dialturn_mail_outbox{org=\"%s\",status=\"failed\"} %zu\n"
               "# HELP dialturn_mail_oldest_queued_seconds How long the oldest mail not yet "
               "sent has waited (0: none).\n"
               "# TYPE dialturn_mail_oldest_queued_seconds gauge\n"
               "dialturn_mail_oldest_queued_seconds{org=\"%s\"} %lld\n",
               r->cfg->slug, queued, r->cfg->slug, sent, r->cfg->slug, failed, r->cfg->slug,
               (long long)(age > 0 ? age : 0));
    return 0;
}

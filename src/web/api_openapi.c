/* api_openapi.c — the API's OpenAPI document, compiled into the binary from
 * data/openapi.json (tests/e2e/openapi_check.py holds the responses to it). */
#include "lib/embedded.h"
#include "web/web.h"
#include <stdio.h>

int api_openapi(struct req *r)
{
    const struct embedded_file *f = embedded_find("data/openapi.json");
    if (!f) {
        snprintf(r->err, sizeof r->err, "data/openapi.json is not in this binary");
        return -1;
    }
    req_static_body(r, f->data, f->size);
    r->content_type = CT_JSON;
    r->cache_control = "public, max-age=3600";
    return 0;
}

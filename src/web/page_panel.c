/* page_panel.c — the panel in public: who sits now, who sat before, its
 * remit; and the same as JSON and as Popolo. */
#include "lib/date.h"
#include "model/meeting.h"
#include "model/panel.h"
#include "web/meetings.h"
#include "web/web.h"
#include <string.h>

/* Loads the panel section (a new reference, or an empty panel) and the
 * people.  Returns 0, or -1 with r->err set. */
static int load(struct req *r, json_t **panel, json_t **people)
{
    json_t *ms = NULL;
    *people = NULL;
    if (panel_load_all(r->db, panel, &ms, false))
        return req_model_error(r);
    json_decref(ms); /* the meetings hold nothing the panel page shows */
    if (!*panel)
        *panel = json_pack("{s:s, s:[]}", "remit", "", "members");
    *people = meeting_people(r->db);
    if (!*people) {
        json_decref(*panel);
        return req_model_error(r);
    }
    return 0;
}

int page_panel(struct req *r)
{
    json_t *panel, *people;
    if (load(r, &panel, &people))
        return -1;
    char today[DATE_LEN];
    date_format(date_today(), today);
    struct view_site site = WEB_SITE_R(r);
    site.path = r->path;
    view_panel(&r->out, &site, panel, people, today);
    json_decref(panel);
    json_decref(people);
    return 0;
}

int api_panel(struct req *r)
{
    if (!meetings_api_args(r))
        return 0;
    json_t *panel, *people;
    if (load(r, &panel, &people))
        return -1;
    json_t *m;
    size_t i;
    json_array_foreach(json_object_get(panel, "members"), i, m)
    {
        json_t *who = json_object_get(people, json_string_value(json_object_get(m, "person")));
        json_object_set(m, "name", who ? json_object_get(who, "name") : json_null());
    }
    json_decref(people);
    return req_json(r, panel);
}

int api_panel_popolo(struct req *r)
{
    if (!meetings_api_args(r))
        return 0;
    json_t *panel, *people;
    if (load(r, &panel, &people))
        return -1;
    json_t *doc = meeting_popolo(panel, people, r->cfg->org_name);
    json_decref(panel);
    json_decref(people);
    return req_json(r, doc);
}

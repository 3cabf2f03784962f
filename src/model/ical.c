/* ical.c — meetings to iCalendar through libical. */
#include "model/ical.h"
#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

/* A UTC time "YYYY-MM-DDTHH:MM:SSZ" as a time in zone tz (UTC when NULL). */
static struct icaltimetype at_zone(const char *utc, icaltimezone *tz)
{
    struct icaltimetype t = icaltime_from_string(utc);
    if (icaltime_is_null_time(t))
        return t;
    t = icaltime_set_timezone(&t, icaltimezone_get_utc_timezone());
    return tz ? icaltime_convert_to_zone(t, tz) : t;
}

/* Adds a time property (DTSTART, DTEND) with its TZID parameter. */
static void add_time(icalcomponent *ev, icalproperty *p, icaltimezone *tz)
{
    if (tz)
        icalproperty_add_parameter(p, icalparameter_new_tzid(icaltimezone_get_tzid(tz)));
    icalcomponent_add_property(ev, p);
}

static icalcomponent *event(const struct ical_cal *cal, json_t *m, icaltimezone *tz)
{
    const char *ref = json_string_value(json_object_get(m, "ref"));
    const char *status = json_string_value(json_object_get(m, "status"));
    const char *access = json_string_value(json_object_get(m, "access"));
    json_t *to = json_object_get(m, "ends_at");
    char uid[200], url[400];
    snprintf(uid, sizeof uid, "meeting-%s@%s", ref, cal->slug ? cal->slug : "dialturn");
    snprintf(url, sizeof url, "%s/meetings/%s", cal->base_url ? cal->base_url : "", ref);
    icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    icalcomponent_add_property(ev, icalproperty_new_uid(uid));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(
                                       cal->stamp, 0, icaltimezone_get_utc_timezone())));
    add_time(
        ev,
        icalproperty_new_dtstart(at_zone(json_string_value(json_object_get(m, "starts_at")), tz)),
        tz);
    if (json_is_string(to))
        add_time(ev, icalproperty_new_dtend(at_zone(json_string_value(to), tz)), tz);
    icalcomponent_add_property(
        ev, icalproperty_new_summary(json_string_value(json_object_get(m, "title"))));
    json_t *place = json_object_get(m, "place");
    if (json_is_string(place) && json_string_length(place))
        icalcomponent_add_property(ev, icalproperty_new_location(json_string_value(place)));
    icalcomponent_add_property(ev, icalproperty_new_url(url));
    json_t *webcast = json_object_get(m, "webcast_url");
    if (json_is_string(webcast)) {
        char desc[600];
        snprintf(desc, sizeof desc, "Webcast: %s", json_string_value(webcast));
        icalcomponent_add_property(ev, icalproperty_new_description(desc));
    }
    icalcomponent_add_property(
        ev, icalproperty_new_status(
                status && strcmp(status, "cancelled") == 0   ? ICAL_STATUS_CANCELLED
                : status && strcmp(status, "postponed") == 0 ? ICAL_STATUS_TENTATIVE
                                                             : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property(
        ev, icalproperty_new_class(access && strcmp(access, "full") == 0 &&
                                           !json_is_true(json_object_get(m, "open"))
                                       ? ICAL_CLASS_CONFIDENTIAL
                                       : ICAL_CLASS_PUBLIC));
    icalcomponent_add_property(
        ev, icalproperty_new_sequence((int)json_integer_value(json_object_get(m, "sequence"))));
    return ev;
}

int ical_write(struct buf *out, const struct ical_cal *cal, json_t *meetings)
{
    icaltimezone *tz = cal->timezone && *cal->timezone && strcmp(cal->timezone, "UTC") != 0
                           ? icaltimezone_get_builtin_timezone(cal->timezone)
                           : NULL;
    icalcomponent *vc = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    icalcomponent_add_property(vc, icalproperty_new_prodid("-//dialturn//panel meetings//EN"));
    icalcomponent_add_property(vc, icalproperty_new_version("2.0"));
    icalcomponent_add_property(vc, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(vc, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    icalproperty *name = icalproperty_new_x(cal->name ? cal->name : "Panel meetings");
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalcomponent_add_property(vc, name);
    icalproperty *refresh = icalproperty_new_refreshinterval(icaldurationtype_from_int(3600));
    icalproperty_add_parameter(refresh, icalparameter_new_value(ICAL_VALUE_DURATION));
    icalcomponent_add_property(vc, refresh);
    if (tz) {
        icalcomponent *z = icaltimezone_get_component(tz);
        if (z)
            icalcomponent_add_component(vc, icalcomponent_new_clone(z));
    }
    json_t *m;
    size_t i;
    json_array_foreach(meetings, i, m) icalcomponent_add_component(vc, event(cal, m, tz));
    char *text = icalcomponent_as_ical_string_r(vc);
    icalcomponent_free(vc);
    if (!text)
        return -1;
    buf_puts(out, text);
    free(text);
    return 0;
}

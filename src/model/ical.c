/* ical.c — meetings to iCalendar through libical. */
#include "model/ical.h"
#include "lib/dynlib.h"
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libical, opened by ical_write() (lib/dynlib.h) */
#define ICAL_FUNCTIONS(X)                                                                          \
    X(icalcomponent_add_component)                                                                 \
    X(icalcomponent_add_property)                                                                  \
    X(icalcomponent_as_ical_string_r)                                                              \
    X(icalcomponent_free)                                                                          \
    X(icalcomponent_new)                                                                           \
    X(icalcomponent_new_clone)                                                                     \
    X(icaldurationtype_from_int)                                                                   \
    X(icalparameter_new_tzid)                                                                      \
    X(icalparameter_new_value)                                                                     \
    X(icalproperty_add_parameter)                                                                  \
    X(icalproperty_new_calscale)                                                                   \
    X(icalproperty_new_class)                                                                      \
    X(icalproperty_new_description)                                                                \
    X(icalproperty_new_dtend)                                                                      \
    X(icalproperty_new_dtstamp)                                                                    \
    X(icalproperty_new_dtstart)                                                                    \
    X(icalproperty_new_location)                                                                   \
    X(icalproperty_new_method)                                                                     \
    X(icalproperty_new_prodid)                                                                     \
    X(icalproperty_new_refreshinterval)                                                            \
    X(icalproperty_new_sequence)                                                                   \
    X(icalproperty_new_status)                                                                     \
    X(icalproperty_new_summary)                                                                    \
    X(icalproperty_new_uid)                                                                        \
    X(icalproperty_new_url)                                                                        \
    X(icalproperty_new_version)                                                                    \
    X(icalproperty_new_x)                                                                          \
    X(icalproperty_set_x_name)                                                                     \
    X(icaltime_convert_to_zone)                                                                    \
    X(icaltime_from_string)                                                                        \
    X(icaltime_from_timet_with_zone)                                                               \
    X(icaltime_is_null_time)                                                                       \
    X(icaltime_set_timezone)                                                                       \
    X(icaltimezone_get_builtin_timezone)                                                           \
    X(icaltimezone_get_component)                                                                  \
    X(icaltimezone_get_tzid)                                                                       \
    X(icaltimezone_get_utc_timezone)
ICAL_FUNCTIONS(DYNLIB_POINTER)
static struct dynlib libical = DYNLIB("libical.so.3", ICAL_FUNCTIONS);
#define icalcomponent_add_component       (*dl_icalcomponent_add_component)
#define icalcomponent_add_property        (*dl_icalcomponent_add_property)
#define icalcomponent_as_ical_string_r    (*dl_icalcomponent_as_ical_string_r)
#define icalcomponent_free                (*dl_icalcomponent_free)
#define icalcomponent_new                 (*dl_icalcomponent_new)
#define icalcomponent_new_clone           (*dl_icalcomponent_new_clone)
#define icaldurationtype_from_int         (*dl_icaldurationtype_from_int)
#define icalparameter_new_tzid            (*dl_icalparameter_new_tzid)
#define icalparameter_new_value           (*dl_icalparameter_new_value)
#define icalproperty_add_parameter        (*dl_icalproperty_add_parameter)
#define icalproperty_new_calscale         (*dl_icalproperty_new_calscale)
#define icalproperty_new_class            (*dl_icalproperty_new_class)
#define icalproperty_new_description      (*dl_icalproperty_new_description)
#define icalproperty_new_dtend            (*dl_icalproperty_new_dtend)
#define icalproperty_new_dtstamp          (*dl_icalproperty_new_dtstamp)
#define icalproperty_new_dtstart          (*dl_icalproperty_new_dtstart)
#define icalproperty_new_location         (*dl_icalproperty_new_location)
#define icalproperty_new_method           (*dl_icalproperty_new_method)
#define icalproperty_new_prodid           (*dl_icalproperty_new_prodid)
#define icalproperty_new_refreshinterval  (*dl_icalproperty_new_refreshinterval)
#define icalproperty_new_sequence         (*dl_icalproperty_new_sequence)
#define icalproperty_new_status           (*dl_icalproperty_new_status)
#define icalproperty_new_summary          (*dl_icalproperty_new_summary)
#define icalproperty_new_uid              (*dl_icalproperty_new_uid)
#define icalproperty_new_url              (*dl_icalproperty_new_url)
#define icalproperty_new_version          (*dl_icalproperty_new_version)
#define icalproperty_new_x                (*dl_icalproperty_new_x)
#define icalproperty_set_x_name           (*dl_icalproperty_set_x_name)
#define icaltime_convert_to_zone          (*dl_icaltime_convert_to_zone)
#define icaltime_from_string              (*dl_icaltime_from_string)
#define icaltime_from_timet_with_zone     (*dl_icaltime_from_timet_with_zone)
#define icaltime_is_null_time             (*dl_icaltime_is_null_time)
#define icaltime_set_timezone             (*dl_icaltime_set_timezone)
#define icaltimezone_get_builtin_timezone (*dl_icaltimezone_get_builtin_timezone)
#define icaltimezone_get_component        (*dl_icaltimezone_get_component)
#define icaltimezone_get_tzid             (*dl_icaltimezone_get_tzid)
#define icaltimezone_get_utc_timezone     (*dl_icaltimezone_get_utc_timezone)

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
    char err[256];
    if (dynlib_open(&libical, err, sizeof err)) {
        fprintf(stderr, "dialturn: calendars cannot be written: %s\n", err);
        return -1;
    }
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

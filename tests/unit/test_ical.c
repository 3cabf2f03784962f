/* test_ical.c — the meetings' calendar, parsed back by libical: one VEVENT a
 * meeting with a stable UID, its SEQUENCE and STATUS (a cancelled meeting
 * stays, saying so), times in the zone whose VTIMEZONE the calendar holds,
 * text escaped so that it comes back as it went in, and every line ending
 * in CRLF and no longer than 75 octets. */
#include "lib/buf.h"
#include "model/ical.h"
#include <criterion/criterion.h>
#include <libical/ical.h>
#include <string.h>

static const char *meetings_json =
    "[{\"ref\": \"PM-1\", \"kind\": \"quarterly_public\", \"title\": \"Public meeting; "
    "residents, partners, and a title long enough that the line must be folded twice over, "
    "at least\", \"starts_at\": \"2015-06-11T11:00:00Z\", \"ends_at\": "
    "\"2015-06-11T13:30:00Z\", \"place\": \"Council Chamber, Council House\", "
    "\"webcast_url\": \"https://example.org/live\", \"open\": true, \"status\": "
    "\"scheduled\", \"sequence\": 3, \"access\": \"public\"},"
    " {\"ref\": \"MM-2\", \"kind\": \"monthly\", \"title\": \"Closed meeting of the panel\", "
    "\"starts_at\": \"2015-12-14T12:00:00Z\", \"ends_at\": null, \"status\": \"cancelled\", "
    "\"sequence\": 1, \"open\": false, \"access\": \"closed\"}]";

/* The calendar of meetings_json as text (the caller frees the buf). */
static struct buf calendar(void)
{
    json_error_t je;
    json_t *ms = json_loads(meetings_json, 0, &je);
    cr_assert_not_null(ms, "%s", je.text);
    struct buf out = BUF_INIT;
    struct ical_cal cal = {"Test: panel meetings", "test", "Europe/London", "https://x.test",
                           1449100800};
    cr_assert_eq(ical_write(&out, &cal, ms), 0);
    json_decref(ms);
    return out;
}

Test(ical, lines_end_in_crlf_and_fold_at_75_octets)
{
    struct buf b = calendar();
    const char *s = buf_str(&b);
    size_t line = 0;
    bool folded = false;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\n') {
            cr_assert(i > 0 && s[i - 1] == '\r', "a bare LF at %zu", i);
            cr_assert_leq(line - 1, 75, "a line of %zu octets", line - 1);
            folded |= s[i + 1] == ' ';
            line = 0;
        } else {
            line++;
        }
    }
    cr_assert(folded, "the long title was not folded");
    buf_free(&b);
}

Test(ical, parses_back_with_every_point)
{
    struct buf b = calendar();
    icalcomponent *vc = icalparser_parse_string(buf_str(&b));
    cr_assert_not_null(vc);
    cr_assert_eq(icalcomponent_isa(vc), ICAL_VCALENDAR_COMPONENT);
    cr_assert_not_null(icalcomponent_get_first_property(vc, ICAL_REFRESHINTERVAL_PROPERTY));
    icalcomponent *tz = icalcomponent_get_first_component(vc, ICAL_VTIMEZONE_COMPONENT);
    cr_assert_not_null(tz, "no VTIMEZONE");
    int n = 0;
    for (icalcomponent *ev = icalcomponent_get_first_component(vc, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(vc, ICAL_VEVENT_COMPONENT), n++) {
        const char *uid = icalcomponent_get_uid(ev);
        cr_assert_not_null(icalcomponent_get_first_property(ev, ICAL_DTSTAMP_PROPERTY));
        if (strcmp(uid, "meeting-PM-1@test") == 0) {
            cr_assert_str_eq(icalcomponent_get_summary(ev),
                             "Public meeting; residents, partners, and a title long enough that "
                             "the line must be folded twice over, at least");
            cr_assert_str_eq(icalcomponent_get_location(ev), "Council Chamber, Council House");
            cr_assert_eq(icalcomponent_get_sequence(ev), 3);
            cr_assert_eq(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
            icalproperty *p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
            icalparameter *tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
            cr_assert_not_null(tzid);
            cr_assert(strstr(icalparameter_get_tzid(tzid), "Europe/London"));
            struct icaltimetype t = icalproperty_get_dtstart(p);
            cr_assert_eq(t.hour, 12, "11:00Z in June is 12:00 in London, not %d", t.hour);
        } else {
            cr_assert_str_eq(uid, "meeting-MM-2@test");
            cr_assert_eq(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
            cr_assert_eq(icalcomponent_get_sequence(ev), 1);
            struct icaltimetype t = icalcomponent_get_dtstart(ev);
            cr_assert_eq(t.hour, 12, "12:00Z in December is 12:00 in London");
        }
    }
    cr_assert_eq(n, 2, "every meeting, the cancelled one too, is in the calendar");
    icalcomponent_free(vc);
    buf_free(&b);
}

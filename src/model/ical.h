/* ical.h — the panel's meetings as iCalendar (RFC 5545), made with libical.
 *
 * One VEVENT per meeting the viewer may know of (model/meeting.h has
 * already redacted them): UID "meeting-REF@SLUG" (stable for the life of the
 * ref), DTSTAMP, DTSTART and DTEND in the organisation's zone with its
 * VTIMEZONE, SUMMARY (the redacted title: never an exempt one for the
 * public), LOCATION, URL, STATUS (CANCELLED kept in the feed, postponed
 * TENTATIVE), SEQUENCE (raised by every change), and the calendar's
 * REFRESH-INTERVAL (RFC 7986).  libical writes CRLF line ends, folds lines
 * at 75 octets and escapes text. */
#ifndef DIALTURN_ICAL_H
#define DIALTURN_ICAL_H
#include "lib/buf.h"
#include <jansson.h>
#include <time.h>

/* What the calendar is about. */
struct ical_cal {
    const char *name;     /* X-WR-CALNAME, e.g. "Birmingham City Council: panel meetings" */
    const char *slug;     /* the organisation's slug, in every UID */
    const char *timezone; /* the organisation's zone ("Europe/London"); unknown: UTC */
    const char *base_url; /* prefix of the meetings' page URLs ("https://host"), or "" */
    time_t stamp;         /* DTSTAMP of every event */
};

/* Appends to out the VCALENDAR of `meetings` (an array of redacted meeting
 * objects).  Returns 0, or -1 when libical refused or cannot be opened (out
 * unchanged; lib/dynlib.h). */
int ical_write(struct buf *out, const struct ical_cal *cal, json_t *meetings);

#endif

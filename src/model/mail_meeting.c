/* mail_meeting.c — mail to those who follow the panel's meetings: when an
 * agenda or minutes are published, and when a meeting is cancelled or
 * postponed.
 *
 * What a follower is told is what the public page shows, and nothing more:
 * the meeting goes through meeting_redact() for the public reader first,
 * and only an open meeting whose agenda is published is mailed about at
 * all (a closed meeting, or one the public cannot see yet, sends nothing).
 * An exempt item is named only as exempt, with its paragraph of Schedule
 * 12A, as on the page. */
#include "lib/text.h"
#include "model/mail.h"
#include "model/mail_int.h"
#include "model/meeting.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum meeting_event { EV_AGENDA, EV_MINUTES, EV_CANCELLED, EV_POSTPONED, EV__N };

/* What the mails of one event need: the meeting as the public sees it. */
struct meeting_mail {
    json_t *m; /* redacted for the public; borrowed */
    enum meeting_event event;
};

static const char *S(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* UTC time "YYYY-MM-DDTHH:MM:SSZ" in the organisation's zone, as the pages
 * show it ("15 January 2027, 10:00 GMT"), or its day alone; the text as
 * given when it is not such a time. */
static void local_time(const char *at, bool day, char *out, size_t size)
{
    struct tm utc = {0}, local;
    const char *end = strptime(at, "%Y-%m-%dT%H:%M:%S", &utc);
    time_t t = end ? timegm(&utc) : (time_t)-1;
    if (t == (time_t)-1 || !localtime_r(&t, &local) ||
        !(day ? strftime(out, size, "%-d %B %Y", &local)
              : strftime(out, size, "%-d %B %Y, %H:%M %Z", &local)))
        text_clip(out, size, at);
}

static void meeting_open(struct mail_draft *d)
{
    const struct meeting_mail *mm = d->ev->extra;
    json_t *m = mm->m;
    const char *org = d->c->org, *title = S(m, "title");
    char day[40], when[64];
    local_time(S(m, "starts_at"), true, day, sizeof day);
    local_time(S(m, "starts_at"), false, when, sizeof when);
    snprintf(d->key, sizeof d->key, "meeting:%s:%" PRId64 ":%d:%" PRId64, S(m, "ref"),
             (int64_t)json_integer_value(json_object_get(m, "sequence")), (int)mm->event, d->to_id);
    static const char *const what[EV__N] = {"agenda published", "minutes published", "cancelled",
                                            "postponed"};
    snprintf(d->subject, sizeof d->subject, "%s: %s — %s, %s", TEXT_CLIP(org, 100), what[mm->event],
             TEXT_CLIP(title, 120), day);
    switch (mm->event) {
    case EV_AGENDA:
        mail_draft_para(d, "The agenda of the panel's meeting \"%s\" is published.", title);
        break;
    case EV_MINUTES:
        mail_draft_para(d, "The minutes of the panel's meeting \"%s\" are published.", title);
        break;
    case EV_CANCELLED:
        mail_draft_para(d, "The panel's meeting \"%s\", which was to be held on %s, is cancelled.",
                        title, when);
        break;
    case EV_POSTPONED:
    case EV__N:
        mail_draft_para(d,
                        "The panel's meeting \"%s\", which was to be held on %s, is postponed. "
                        "Its new date will be published on the site.",
                        title, when);
        break;
    }
    if (mm->event == EV_AGENDA || mm->event == EV_MINUTES) {
        mail_draft_para(d, "When: %s", when);
        if (*S(m, "place"))
            mail_draft_para(d, "Where: %s", S(m, "place"));
        mail_body_para(&d->b, mm->event == EV_AGENDA ? "On the agenda:"
                                                     : "The items, and what was decided:");
        json_t *it;
        size_t i;
        json_array_foreach(json_object_get(m, "items"), i, it)
        {
            if (json_is_true(json_object_get(it, "exempt")))
                mail_draft_item(d,
                                "%zu. An item taken in private (exempt information, paragraph "
                                "%d of Schedule 12A)",
                                i + 1,
                                (int)json_integer_value(json_object_get(it, "exempt_paragraph")));
            else if (mm->event == EV_MINUTES && *S(it, "decision"))
                mail_draft_item(d, "%zu. %s: %s", i + 1, S(it, "title"), S(it, "decision"));
            else
                mail_draft_item(d, "%zu. %s", i + 1, S(it, "title"));
        }
    }
}

static void meeting_close(struct mail_draft *d)
{
    const struct meeting_mail *mm = d->ev->extra;
    mail_draft_link(d, "The meeting on the site", "/meetings/%U", S(mm->m, "ref"));
    mail_draft_link(d, "The panel's meetings in your calendar (iCalendar)", "/meetings.ics");
}

/* clang-format off */
static const struct mail_spec followers = {MAIL_FOLLOW, "mail: meeting followers",
    "SELECT s.id, s.address, s.token FROM mail_subscription s WHERE s.topic = 'meetings' "
    "AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL ORDER BY s.id",
    true, meeting_open, NULL, meeting_close};
/* clang-format on */

/* Whether key k of o is "published". */
static bool published(json_t *o, const char *k)
{
    return o && strcmp(S(o, k), "published") == 0;
}

int mail_on_meeting(struct db *db, json_t *before, json_t *after)
{
    bool happened[EV__N] = {
        [EV_AGENDA] = !published(before, "agenda") && published(after, "agenda"),
        [EV_MINUTES] = !published(before, "minutes") && published(after, "minutes"),
    };
    const char *was = before ? S(before, "status") : "", *now = S(after, "status");
    if (strcmp(was, now) != 0) {
        happened[EV_CANCELLED] = strcmp(now, "cancelled") == 0;
        happened[EV_POSTPONED] = strcmp(now, "postponed") == 0;
    }
    bool any = false;
    for (int e = 0; e < EV__N; e++)
        any = any || happened[e];
    if (!any)
        return 0;
    /* only what the public may see: an open meeting with its agenda out */
    json_t *pub = meeting_redact(after, &MEETING_PUBLIC);
    if (!pub || strcmp(S(pub, "access"), "public") != 0) {
        json_decref(pub);
        return 0;
    }
    struct mail_ctx c;
    int rc = mail_ctx_load(db, &c);
    for (int e = 0; !rc && e < EV__N; e++) {
        if (!happened[e])
            continue;
        struct meeting_mail mm = {pub, (enum meeting_event)e};
        struct mail_event ev = {.extra = &mm};
        if (mail_each(db, &c, &followers, &ev) < 0)
            rc = -1;
    }
    json_decref(pub);
    return rc;
}

/* limits.c — the domain's rules on single fields (limits.h). */
#include "model/limits.h"
#include "lib/text.h"
#include "model/rules.h"
#include <math.h>
#include <string.h>
#include <sys/stat.h>

const char *limits_text(const char *s, unsigned max, bool multiline)
{
    if (!s)
        return NULL;
    if (!utf8_valid(s, strlen(s)))
        return "is not valid UTF-8";
    if (text_has_control(s, multiline))
        return multiline ? "holds a control character (only new lines and tabs may appear)"
                         : "holds a control character or a new line";
    if (utf8_chars(s) > max) {
        switch (max) {
        case LIMIT_TITLE:
            return "must be 500 characters or fewer";
        case LIMIT_NARRATIVE:
            return "must be 20,000 characters or fewer";
        default:
            return "must be 200 characters or fewer";
        }
    }
    return NULL;
}

const char *limits_date(day_t d)
{
    if (d == DAY_NONE)
        return NULL;
    if (d < date_from_ymd(LIMIT_YEAR_MIN, 1, 1) || d > date_from_ymd(LIMIT_YEAR_MAX, 12, 31))
        return "must be a date from 1900 to 2200";
    return NULL;
}

const char *limits_number(double v)
{
    if (!isfinite(v) || v > LIMIT_NUMBER || v < -LIMIT_NUMBER)
        return "must be a number from -1e15 to 1e15";
    return NULL;
}

const char *limits_past(day_t d)
{
    return d != DAY_NONE && d > date_today() ? "cannot be in the future" : NULL;
}

const char *limits_url(const char *s)
{
    if (!s)
        return NULL;
    if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
        return "must be a web address starting http:// or https://";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7F)
            return "must not hold spaces or control characters";
    if (strlen(s) > 2000)
        return "must be 2,000 characters or fewer";
    return NULL;
}

const char *limits_timezone(const char *s)
{
    static const char bad[] = "must be a time zone name such as Europe/London";
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 64)
        return bad;
    bool part_start = true;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '/') {
            if (part_start)
                return bad;
            part_start = true;
            continue;
        }
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '+';
        if (!ok || (part_start && (c == '-' || c == '+')))
            return bad;
        part_start = false;
    }
    if (part_start)
        return bad;
    char path[96] = "/usr/share/zoneinfo/";
    memcpy(path + strlen(path), s, n + 1);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return "is not a known time zone (IANA name such as Europe/London)";
    return NULL;
}

const char *limits_percent(int status, int percent)
{
    if (percent < 0 || percent > 100)
        return "must be from 0 to 100";
    if (status == ST_NOT_STARTED && percent != 0)
        return "must be 0 when the status is not started";
    if (status == ST_COMPLETE && percent != 100)
        return "must be 100 when the status is complete";
    return NULL;
}

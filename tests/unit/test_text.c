/* test_text.c — cutting and cleaning outside text for messages (lib/text.c). */
#include "lib/text.h"
#include <criterion/criterion.h>
#include <string.h>

/* Whether s is valid UTF-8 with no control character: what jansson and a
 * reader's terminal can take. */
static bool clean(const char *s)
{
    if (!text_utf8_valid(s))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            return false;
    return true;
}

Test(text, clip_never_cuts_inside_a_character)
{
    /* every cut point across two-, three- and four-byte characters */
    const char *s = "ab\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E"
                    "cd";
    for (size_t size = 4; size < 24; size++) {
        char out[32];
        text_clip(out, size, s);
        cr_assert(strlen(out) < size, "size %zu: %s", size, out);
        cr_assert(clean(out), "size %zu: %s", size, out);
    }
    char out[64];
    cr_assert_str_eq(text_clip(out, sizeof out, s), s); /* whole when it fits */
}

Test(text, clip_marks_a_cut)
{
    char out[8];
    cr_assert_str_eq(text_clip(out, sizeof out, "abcdefghij"), "abcd\xE2\x80\xA6");
}

Test(text, replaces_invalid_utf8_and_control_characters)
{
    char out[64];
    cr_assert_str_eq(text_clip(out, sizeof out,
                               "a\x1b[31m\tb\nc\x7F"
                               "d"),
                     "a\xEF\xBF\xBD[31m\xEF\xBF\xBD"
                     "b\xEF\xBF\xBD"
                     "c\xEF\xBF\xBD"
                     "d");
    cr_assert_str_eq(text_clip(out, sizeof out, "x\xFFy\xC3"), "x\xEF\xBF\xBDy\xEF\xBF\xBD");
    cr_assert_str_eq(text_clip(out, sizeof out, "\xED\xA0\x80"),
                     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    cr_assert_str_eq(text_clip(out, sizeof out, "\xC2\x85"), "\xEF\xBF\xBD"); /* C1 NEL */
    cr_assert_str_eq(text_clip(out, sizeof out, "caf\xC3\xA9"), "caf\xC3\xA9");
}

Test(text, printf_cleans_the_whole_message)
{
    char out[16];
    /* snprintf would cut "é" in half at 15 bytes */
    text_printf(out, sizeof out, "field %s", "xxxxxxx\xC3\xA9\xC3\xA9");
    cr_assert(clean(out), "%s", out);
    cr_assert(strlen(out) < sizeof out);
    char big[64];
    cr_assert_str_eq(TEXT_CLIP("abc\xC3\xA9", 4), "a\xE2\x80\xA6");
    cr_assert_str_eq(text_printf(big, sizeof big, "[%s]", TEXT_CLIP("ok", 10)), "[ok]");
}

/* test_smtp.c — building a message: addresses, RFC 2047 subjects, the Date,
 * and the header block with and without List-Unsubscribe. */
#include "lib/smtp.h"
#include <criterion/criterion.h>
#include <string.h>

/* smtp_encode_header's output for s; the caller frees it. */
static char *encode(const char *s)
{
    struct buf b = BUF_INIT;
    smtp_encode_header(&b, s);
    return b.data ? buf_detach(&b) : strdup("");
}

Test(smtp, addresses)
{
    cr_assert(smtp_address_valid("olive@example.org"));
    cr_assert(smtp_address_valid("o.live+plan@mail.example.co.uk"));
    cr_assert(smtp_address_valid("a@localhost"));
    cr_assert_not(smtp_address_valid(""));
    cr_assert_not(smtp_address_valid("olive"));
    cr_assert_not(smtp_address_valid("@example.org"));
    cr_assert_not(smtp_address_valid("olive@"));
    cr_assert_not(smtp_address_valid("olive @example.org"));
    cr_assert_not(smtp_address_valid("olive@example..org"));
    cr_assert_not(smtp_address_valid("olive@-example.org"));
    cr_assert_not(smtp_address_valid("olive@example.org\r\nBcc: x@y.z"));
    cr_assert_not(smtp_address_valid("<olive@example.org>"));
    cr_assert_not(smtp_address_valid("ölive@example.org"));
    char long_one[300];
    memset(long_one, 'a', sizeof long_one);
    memcpy(long_one + 280, "@example.org", 13);
    cr_assert_not(smtp_address_valid(long_one));
}

Test(smtp, ascii_subjects_stay_as_they_are)
{
    char *s = encode("April 2015 updates are due");
    cr_assert_str_eq(s, "April 2015 updates are due");
    free(s);
}

Test(smtp, control_characters_cannot_start_a_header)
{
    char *s = encode("Hello\r\nBcc: victim@example.org");
    cr_assert_str_eq(s, "Hello  Bcc: victim@example.org");
    free(s);
}

Test(smtp, utf8_subjects_are_encoded_words)
{
    char *s = encode("Tëst");
    cr_assert_str_eq(s, "=?UTF-8?B?VMOrc3Q=?=");
    free(s);
    /* something that looks encoded is encoded, so it decodes to itself */
    s = encode("=?UTF-8?B?x?=");
    cr_assert_str_eq(s, "=?UTF-8?B?PT9VVEYtOD9CP3g/PQ==?=");
    free(s);
}

Test(smtp, long_subjects_split_between_characters)
{
    /* 30 two-byte characters: 60 bytes, more than one word's 45 */
    char in[61];
    for (int i = 0; i < 30; i++)
        memcpy(in + 2 * i, "é", 2);
    in[60] = '\0';
    char *s = encode(in);
    /* 22 characters (44 bytes) in the first word, 8 in the second */
    const char *space = strchr(s, ' ');
    cr_assert_not_null(space);
    cr_assert_leq((size_t)(space - s), 75);
    cr_assert_leq(strlen(space + 1), 75);
    cr_assert(strncmp(s, "=?UTF-8?B?", 10) == 0 && strncmp(space + 1, "=?UTF-8?B?", 10) == 0);
    cr_assert_null(strchr(space + 1, ' '));
    /* 44 bytes are 60 base64 characters, no padding */
    cr_assert_eq(space - s, 10 + 60 + 2);
    free(s);
}

Test(smtp, dates)
{
    char d[40];
    smtp_date(0, d);
    cr_assert_str_eq(d, "Thu, 01 Jan 1970 00:00:00 +0000");
    smtp_date(1796399894, d);
    cr_assert_str_eq(d, "Fri, 04 Dec 2026 15:58:14 +0000");
}

Test(smtp, headers)
{
    struct smtp_message m = {.from = "plan@example.org",
                             .from_name = "Tëst Council",
                             .to = "olive@example.org",
                             .subject = "Updates due",
                             .message_id = "<due.1@plan.example.org>",
                             .date = 0};
    struct buf b = BUF_INIT;
    smtp_headers(&m, &b);
    cr_assert_str_eq(buf_str(&b), "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"
                                  "From: =?UTF-8?B?VMOrc3QgQ291bmNpbA==?= <plan@example.org>\r\n"
                                  "To: <olive@example.org>\r\n"
                                  "Subject: Updates due\r\n"
                                  "Message-ID: <due.1@plan.example.org>\r\n"
                                  "Auto-Submitted: auto-generated\r\n");
    buf_reset(&b);
    m.from_name = "Test Council";
    m.unsubscribe = "https://plan.example.org/unsubscribe?t=ab";
    smtp_headers(&m, &b);
    cr_assert(strstr(buf_str(&b), "From: \"Test Council\" <plan@example.org>\r\n"));
    cr_assert(strstr(buf_str(&b),
                     "List-Unsubscribe: <https://plan.example.org/unsubscribe?t=ab>\r\n"
                     "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
    buf_free(&b);
}

/* text.h — checks on text that arrives from outside: UTF-8 well-formedness,
 * control characters, length in characters, refs, decimal numbers; and the
 * one way to quote such text back in a message without passing on what a
 * terminal would obey. */
#ifndef DIALTURN_TEXT_H
#define DIALTURN_TEXT_H
#include "lib/buf.h"
#include <stdbool.h>
#include <stddef.h>

/* Measures the UTF-8 sequence at p (avail >= 1 bytes; p[0] >= 0x80) against
 * the well-formed table of Unicode §3.9 (no overlongs, no surrogates, nothing
 * above U+10FFFF).  Returns the bytes it covers and sets *ok: a whole valid
 * sequence, or else the "maximal subpart" of a bad one (at least one byte),
 * which a decoder replaces with one U+FFFD as the WHATWG decoder does. */
size_t utf8_seq(const unsigned char *p, size_t avail, bool *ok);

/* Whether s[0..n) is well-formed UTF-8 (NUL bytes are; callers that take C
 * strings check for them apart). */
bool utf8_valid(const char *s, size_t n);

/* Characters (code points) in the valid UTF-8 string s. */
size_t utf8_chars(const char *s);

/* Whether s holds a control character (C0, DEL or C1) other than, when
 * `multiline`, newline, carriage return and tab. */
bool text_has_control(const char *s, bool multiline);

/* Appends s to b, quoted for a message: control characters as \xNN and each
 * ill-formed UTF-8 subpart as U+FFFD, cut (with "…") after `max` bytes of
 * input. */
void text_quote(struct buf *b, const char *s, size_t max);

/* Whether s is a ref (plan-format.md): 1-64 ASCII letters, digits, '.', '_'
 * or '-'. */
bool ref_valid(const char *s);

/* Parses a whole decimal number: an optional '-', digits with an optional
 * fraction, an optional exponent ("12", "-0.5", "2.5e3").  Refuses anything
 * else strtod() would take (hex, "nan", "inf", leading space, '+') and a
 * value that is not finite (1e999).  Returns true and sets *out. */
bool number_parse(const char *s, double *out);

#endif

/* text.h — checks on text that arrives from outside: UTF-8 well-formedness,
 * control characters, length in characters, refs, decimal numbers; and the
 * one way to quote such text back in a message without passing on what a
 * terminal would obey. */
#ifndef DIALTURN_TEXT_H
#define DIALTURN_TEXT_H
#include "lib/buf.h"
#include <stdarg.h>
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
/* Writes n with a comma between each three digits ("20,000") into out. */
void text_thousands(long long n, char *out, size_t size);

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

/* --- messages that quote input ---------------------------------------------------------
 *
 * A message that quotes its input (an unknown field, a ref that does not
 * exist) is read by people and sent as JSON, which must be valid UTF-8.  So
 * quoted input is cut only at a character boundary, never inside one, and
 * invalid UTF-8 and control characters become U+FFFD: a message never ends in
 * half a character (jansson refuses the string) and never echoes a control
 * character (a terminal escape, a forged line).  Fixed buffers filled by
 * snprintf cut bytes blindly; these functions do not. */

/* Whether the NUL-terminated `s` is entirely valid UTF-8. */
bool text_utf8_valid(const char *s);

/* Appends `s` (NULL: nothing) to b made safe for a message: invalid UTF-8 and
 * control characters (C0, DEL, C1; tab and newline too) become U+FFFD, and
 * when more than `max` bytes would be appended the text is cut at a character
 * boundary and ends with "…" (the whole stays within max bytes; max >= 3). */
void text_safe(struct buf *b, const char *s, size_t max);

/* Writes `s` made safe as text_safe does into out[size] (size >= 4), cut to
 * fit, and returns out: for quoting input inside a fixed-size message. */
const char *text_clip(char *out, size_t size, const char *s);

/* text_clip into a temporary of the enclosing block, for an argument of
 * snprintf: TEXT_CLIP(ref, 64) is ref cut to at most 64 bytes, made safe. */
#define TEXT_CLIP(s, max) text_clip((char[(max) + 1]){0}, (max) + 1, (s))

/* snprintf for messages: formats into a growing buffer, then writes the
 * result into out[size] made safe as text_safe does (so even a message whose
 * arguments were not clipped is never cut inside a character and carries no
 * control character).  Returns out. */
const char *text_printf(char *out, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *text_vprintf(char *out, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif

/* text.h — making text that came from outside safe to put in a message.
 *
 * A message that quotes its input (an unknown field, a ref that does not
 * exist) is read by people and sent as JSON, which must be valid UTF-8.  So
 * quoted input is cut only at a character boundary, never inside one, and
 * invalid UTF-8 and control characters become U+FFFD: a message never ends in
 * half a character (jansson refuses the string) and never echoes a control
 * character (a terminal escape, a forged line).  Fixed buffers filled by
 * snprintf cut bytes blindly; these functions do not. */
#ifndef DIALTURN_TEXT_H
#define DIALTURN_TEXT_H
#include "lib/buf.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Measures the UTF-8 sequence at `p` (first byte >= 0x80) against the
 * well-formed table of Unicode §3.9 (no overlongs, no surrogates, nothing
 * above U+10FFFF).  Returns the bytes it covers and sets *ok: a whole valid
 * sequence, or the "maximal subpart" of a bad one (at least one byte), which
 * a caller replaces with one U+FFFD as the WHATWG decoder does.  Never reads
 * past a NUL. */
size_t text_utf8_seq(const unsigned char *p, bool *ok);

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

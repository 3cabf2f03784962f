/* embedded.h — files compiled into the binary (migrations, assets). */
#ifndef DIALTURN_EMBEDDED_H
#define DIALTURN_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
    const char *path;          /* path as given to tools/embed, e.g. "sql/001_core.sql" */
    const unsigned char *data; /* contents, NUL-terminated; static, never freed */
    size_t size;               /* bytes, without the terminating NUL */
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_count;

/* Returns the embedded file at `path`, or NULL. */
const struct embedded_file *embedded_find(const char *path);

#endif

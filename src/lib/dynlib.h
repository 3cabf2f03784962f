/* dynlib.h — shared libraries opened by the code that uses them, when it first
 * does.
 *
 * libcurl (mail), libical (calendars) and pango with cairo (PDFs) bring 57 of
 * the 80 shared libraries dialturn would link, and loading them took 30 ms
 * of every command's start (a program linked with all 80 that does nothing
 * takes 46 ms of CPU here, 15 ms without those), while most commands and
 * most requests never use them.  So they are not linked: each user names the
 * functions it calls in an X-macro list, declares a pointer per function
 * (DYNLIB_POINTER, typed by the library's own prototype), redirects each name
 * to its pointer after the library's headers (#define f (*dl_f)), and opens
 * the library (dynlib_open) before its first call.
 *
 * A library that is missing is an error for what needed it (a PDF, a mail,
 * a calendar), with the loader's reason, never for anything else. */
#ifndef DIALTURN_DYNLIB_H
#define DIALTURN_DYNLIB_H
#include <stdbool.h>
#include <stddef.h>

/* A library and the functions wanted from it.  Define one per library with
 * DYNLIB(soname, LIST); the pointers named by LIST must be declared first. */
struct dynlib {
    const char *soname;       /* as the loader finds it: "libcurl.so.4" */
    const char *const *names; /* the functions, NULL-terminated */
    void **const *fns;        /* where each one's address goes, same order */
    bool done;                /* tried (under dynlib.c's lock) */
    bool ok;                  /* and every function was found */
    char err[256];            /* else why */
};

#define DYNLIB_POINTER(f)        __typeof__(f) *dl_##f;
#define DYNLIB_EXTERN_POINTER(f) extern __typeof__(f) *dl_##f;
#define DYNLIB_NAME_(f)          #f,
#define DYNLIB_ADDR_(f)          (void **)&dl_##f,
#define DYNLIB(soname, LIST)                                                                       \
    {                                                                                              \
        (soname), (const char *const[]){LIST(DYNLIB_NAME_) NULL},                                  \
            (void **const[]){LIST(DYNLIB_ADDR_) NULL}, false, false, ""                            \
    }

/* Opens l's library the first time (any thread; the others wait) and fills
 * its pointers.  Returns 0, or -1 with the reason in err ("libcurl.so.4:
 * cannot open shared object file ..."), every later time too. */
int dynlib_open(struct dynlib *l, char *err, size_t errlen);

#endif

/* dynlib.c — shared libraries opened when first used (dynlib.h). */
#include "lib/dynlib.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Opens l and fills its pointers; sets l->ok, or l->err. */
static void load(struct dynlib *l)
{
    /* never closed: the functions stay in use for the life of the process */
    void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(l->err, sizeof l->err, "%s", dlerror());
        return;
    }
    for (size_t i = 0; l->names[i]; i++) {
        void *fn = dlsym(h, l->names[i]);
        if (!fn) {
            snprintf(l->err, sizeof l->err, "%s: no %s", l->soname, l->names[i]);
            return;
        }
        *l->fns[i] = fn;
    }
    l->ok = true;
}

int dynlib_open(struct dynlib *l, char *err, size_t errlen)
{
    pthread_mutex_lock(&lock);
    if (!l->done) {
        load(l);
        l->done = true;
    }
    bool ok = l->ok;
    if (!ok && errlen)
        snprintf(err, errlen, "%s", l->err);
    pthread_mutex_unlock(&lock);
    return ok ? 0 : -1;
}

/* plan_prep.c — the "updates" of a plan document, parsed on a second thread
 * (see plan_prep.h). */
#include "model/plan_prep.h"
#include "lib/buf.h"
#include "model/rules.h"
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

const char *const plan_prep_states[] = {"draft", "submitted", "accepted", "returned", NULL};

/* How many elements the thread parses between telling the reader: often
 * enough that the reader rarely waits, seldom enough that the lock is cheap. */
#define PREP_BATCH 128

struct plan_prep {
    const char *data;
    const struct span *elems;
    size_t n;
    struct pre_update *v; /* n entries, owned */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t ready; /* elements parsed (under mu) */
    bool stop;    /* the reader wants no more (under mu) */
    pthread_t thread;
    bool threaded; /* `thread` was started and must be joined */
    size_t seen;   /* the reader's copy of `ready`, read without the lock */
    size_t next;   /* without a thread: the next element to parse */
};

/* Copies the string value v into out (cap bytes with its NUL).  False when v
 * is not a string, holds a NUL, or does not fit. */
static bool copy_str(json_t *v, char *out, size_t cap)
{
    if (!json_is_string(v))
        return false;
    size_t len = json_string_length(v);
    const char *s = json_string_value(v);
    if (len >= cap || strlen(s) != len)
        return false;
    memcpy(out, s, len + 1);
    return true;
}

/* Is v absent or null? */
static bool missing(json_t *v)
{
    return !v || json_is_null(v);
}

/* The index of v's string in names (NULL-terminated), or -1; `def` when v is
 * absent (null is not absent: the reader refuses it). */
static int pick(json_t *v, const char *const *names, int def)
{
    if (!v)
        return def;
    if (!json_is_string(v))
        return -1;
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], json_string_value(v)) == 0)
            return i;
    return -1;
}

/* Only keys the reader knows: anything else is for it to refuse. */
static bool known_keys(json_t *e)
{
    static const char *const keys[] = {"action",  "period",     "state",     "status",
                                       "percent", "confidence", "narrative", "forecast_finish",
                                       "author",  NULL};
    const char *key;
    json_t *v;
    json_object_foreach(e, key, v)
    {
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], key) != 0)
            i++;
        if (!keys[i])
            return false;
    }
    return true;
}

/* Reads the typed fields of e into u; false when any is out of the ordinary,
 * exactly where the reader's own checks (plan_json.c, read_update) would
 * refuse or look closer. */
static bool fields(json_t *e, struct pre_update *u)
{
    static const char *const statuses[] = {"not_started", "in_progress", "complete",
                                           "blocked",     "retired",     NULL};
    if (!json_is_object(e) || !known_keys(e) ||
        !copy_str(json_object_get(e, "action"), u->action, sizeof u->action) ||
        !copy_str(json_object_get(e, "period"), u->period, sizeof u->period))
        return false;
    json_t *a = json_object_get(e, "author"), *c = json_object_get(e, "confidence");
    u->has_author = !missing(a);
    u->has_confidence = !missing(c);
    if ((u->has_author && !copy_str(a, u->author, sizeof u->author)) ||
        (u->has_confidence && !copy_str(c, u->confidence, sizeof u->confidence)))
        return false;
    u->state = pick(json_object_get(e, "state"), plan_prep_states, 0);
    int s = pick(json_object_get(e, "status"), statuses, 0);
    if (u->state < 0 || s < 0)
        return false;
    u->status = action_status_parse(statuses[s]);
    json_t *pc = json_object_get(e, "percent");
    if (pc && (!json_is_integer(pc) || json_integer_value(pc) < 0 || json_integer_value(pc) > 100))
        return false;
    u->percent = pc ? (int)json_integer_value(pc) : 0;
    json_t *f = json_object_get(e, "forecast_finish");
    u->forecast = DAY_NONE;
    if (!missing(f) && (!json_is_string(f) || !date_parse(json_string_value(f), &u->forecast)))
        return false;
    json_t *nv = json_object_get(e, "narrative");
    if (missing(nv)) {
        u->narrative = xstrdup("");
        return true;
    }
    if (!json_is_string(nv) || strlen(json_string_value(nv)) != json_string_length(nv))
        return false;
    u->narrative = xstrdup(json_string_value(nv));
    return true;
}

/* Parses element i with the flags the reader uses for a single value. */
static void parse_one(struct plan_prep *pp, size_t i)
{
    const struct span *sp = &pp->elems[i];
    json_t *e =
        json_loadb(pp->data + sp->off, sp->len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
    struct pre_update *u = &pp->v[i];
    u->clean = e && fields(e, u);
    if (!u->clean) {
        free(u->narrative);
        u->narrative = NULL;
    }
    json_decref(e);
}

static void *prep_main(void *arg)
{
    struct plan_prep *pp = arg;
    for (size_t i = 0; i < pp->n;) {
        size_t end = i + PREP_BATCH < pp->n ? i + PREP_BATCH : pp->n;
        for (; i < end; i++)
            parse_one(pp, i);
        pthread_mutex_lock(&pp->mu);
        pp->ready = end;
        bool stop = pp->stop;
        pthread_cond_signal(&pp->cv);
        pthread_mutex_unlock(&pp->mu);
        if (stop)
            break;
    }
    return NULL;
}

struct plan_prep *plan_prep_start(const char *data, const struct span *elems, size_t n)
{
    struct plan_prep *pp = xcalloc(1, sizeof *pp);
    pp->data = data;
    pp->elems = elems;
    pp->n = n;
    pp->v = xcalloc(n ? n : 1, sizeof *pp->v);
    pthread_mutex_init(&pp->mu, NULL);
    pthread_cond_init(&pp->cv, NULL);
    pp->threaded = n > 0 && pthread_create(&pp->thread, NULL, prep_main, pp) == 0;
    return pp;
}

struct pre_update *plan_prep_get(struct plan_prep *pp, size_t i)
{
    if (!pp->threaded) { /* parse on this thread, in order */
        while (pp->next <= i)
            parse_one(pp, pp->next++);
        return &pp->v[i];
    }
    if (i >= pp->seen) {
        pthread_mutex_lock(&pp->mu);
        while (pp->ready <= i)
            pthread_cond_wait(&pp->cv, &pp->mu);
        pp->seen = pp->ready;
        pthread_mutex_unlock(&pp->mu);
    }
    return &pp->v[i];
}

void plan_prep_stop(struct plan_prep *pp)
{
    if (!pp)
        return;
    if (pp->threaded) {
        pthread_mutex_lock(&pp->mu);
        pp->stop = true;
        pthread_mutex_unlock(&pp->mu);
        pthread_join(pp->thread, NULL);
    }
    for (size_t i = 0; i < pp->n; i++)
        free(pp->v[i].narrative);
    free(pp->v);
    pthread_mutex_destroy(&pp->mu);
    pthread_cond_destroy(&pp->cv);
    free(pp);
}

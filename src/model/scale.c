/* scale.c — confidence3 (the seeds' High/Medium/Low) and dca5 (the UK delivery
 * confidence assessment). */
#include "model/scale.h"
#include <stdio.h>
#include <string.h>

static const struct scale_level confidence3[] = {
    {"high", "High", "#00703c"},
    {"medium", "Medium", "#f47738"},
    {"low", "Low", "#d4351c"},
};

static const struct scale_level dca5[] = {
    {"green", "Green", "#00703c"}, {"amber_green", "Amber/Green", "#85994b"},
    {"amber", "Amber", "#f47738"}, {"amber_red", "Amber/Red", "#e0562a"},
    {"red", "Red", "#d4351c"},
};

static const struct scale scales[] = {
    {"confidence3", confidence3, 3},
    {"dca5", dca5, 5},
};

const struct scale *scale_find(const char *name)
{
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++)
        if (name && strcmp(scales[i].name, name) == 0)
            return &scales[i];
    return NULL;
}

int scale_level(const struct scale *s, const char *key)
{
    for (int i = 0; key && i < s->nlevels; i++)
        if (strcmp(s->levels[i].key, key) == 0)
            return i;
    return -1;
}

void scale_describe(const struct scale *s, char *out, unsigned long n)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < s->nlevels && used < n; i++) {
        int w = snprintf(out + used, n - used, "%s%s", i ? ", " : "", s->levels[i].key);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

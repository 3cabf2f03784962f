/* cmd_status.c — `status` and `impact`: the rules of DESIGN.md applied to the
 * stored plan, as text for people or JSON (plan-format.md) for programs. */
#include "cli/cli.h"
#include "lib/buf.h"
#include "lib/natcmp.h"
#include "model/critical.h"
#include "model/schedule.h"
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *jdate(day_t d)
{
    char s[DATE_LEN];
    if (d == DAY_NONE)
        return json_null();
    date_format(d, s);
    return json_string(s);
}

/* Prints a JSON document with keys in insertion order and a final newline. */
static void print_json(json_t *doc)
{
    /* straight to stdout: no copy of a document of thousands of refs */
    if (json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0)
        putchar('\n');
}

/* Opens the database read-only and loads the schedule at `on`; on failure
 * prints why. */
static struct db *open_schedule(const char *cmd, const char *path, day_t on, struct schedule *s)
{
    char err[512];
    struct db *db = db_open(path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db) {
        cli_fail(cmd, "%s", err);
        return NULL;
    }
    if (schedule_load(db, on, s)) {
        cli_fail(cmd, "%s", db->err);
        db_close(db);
        return NULL;
    }
    return db;
}

/* Runs the forward pass; names a cycle if there is one.  Returns fa or NULL. */
static struct fp_action *forecast(const char *cmd, const struct schedule *s)
{
    struct fp_action *fa = xcalloc(s->nactions ? s->nactions : 1, sizeof *fa);
    schedule_fp(s, fa);
    size_t *cycle = NULL, n = 0;
    if (rule_forward_pass(fa, s->nactions, &cycle, &n)) {
        struct buf b = BUF_INIT;
        for (size_t i = 0; i < n; i++)
            buf_printf(&b, "%s → ", s->actions[cycle[i]].ref);
        buf_puts(&b, n ? s->actions[cycle[0]].ref : "?");
        cli_fail(cmd, "dependency cycle %s", buf_str(&b));
        buf_free(&b);
        free(cycle);
        free(fa);
        return NULL;
    }
    return fa;
}

/* qsort order of action indices by their refs in natural order (A2 before
 * A10), as plan-format.md lists overdue and slipped actions. */
static const struct schedule *nat_s;
static int cmp_nat(const void *pa, const void *pb)
{
    const size_t *a = pa, *b = pb;
    return natcmp(nat_s->actions[*a].ref, nat_s->actions[*b].ref);
}

/* One theme's figures as the JSON of plan-format.md, at `on`: each action
 * counted by its status at `on` (pub_status, see schedule_load). */
static json_t *theme_json(const struct schedule *s, const struct fp_action *fa, size_t t, day_t on,
                          const size_t *order)
{
    long by_status[ST__MAX] = {0};
    long by_level[8] = {0};
    json_t *overdue = json_array(), *slipped = json_array();
    long n = 0;
    for (size_t k = 0; k < s->nactions; k++) {
        size_t i = order[k];
        const struct s_action *a = &s->actions[i];
        if (a->theme != (long)t)
            continue;
        n++;
        by_status[a->pub_status]++;
        if (a->confidence >= 0 && a->confidence < 8)
            by_level[a->confidence]++;
        if (rule_overdue(a->pub_status, a->finish, on))
            json_array_append_new(overdue, json_string(a->ref));
        if (a->baseline_finish != DAY_NONE && fa[i].ff > a->baseline_finish) {
            /* built directly: json_pack parses its format on every call, and
             * a large plan has thousands of these */
            json_t *x = json_object();
            json_object_set_new(x, "ref", json_string(a->ref));
            json_object_set_new(x, "days", json_integer(rule_slip(fa[i].ff, a->baseline_finish)));
            json_array_append_new(slipped, x);
        }
    }
    json_t *bs = json_object(), *bl = json_object();
    for (int i = 0; i < ST__MAX; i++)
        json_object_set_new(bs, action_status_name((enum action_status)i),
                            json_integer(by_status[i]));
    for (int i = 0; i < s->scale->nlevels; i++)
        json_object_set_new(bl, s->scale->levels[i].key, json_integer(by_level[i]));
    return json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o}", "ref", s->themes[t].ref, "title",
                     s->themes[t].title, "actions", (json_int_t)n, "by_status", bs, "by_confidence",
                     bl, "overdue", overdue, "slipped", slipped);
}

/* The same figures for a person at a terminal. */
static void print_theme_text(const struct schedule *s, json_t *tj)
{
    printf("%s  %s\n", json_string_value(json_object_get(tj, "ref")),
           json_string_value(json_object_get(tj, "title")));
    printf("  %lld actions:", (long long)json_integer_value(json_object_get(tj, "actions")));
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(tj, "by_status"), k, v)
    {
        if (json_integer_value(v)) {
            /* "in_progress" is the JSON's word; people read "in progress" */
            printf(" ");
            for (const char *c = k; *c; c++)
                putchar(*c == '_' ? ' ' : *c);
            printf(" %lld", (long long)json_integer_value(v));
        }
    }
    printf("\n  confidence:");
    for (int i = 0; i < s->scale->nlevels; i++)
        printf(" %s %lld", s->scale->levels[i].label,
               (long long)json_integer_value(
                   json_object_get(json_object_get(tj, "by_confidence"), s->scale->levels[i].key)));
    printf("\n  overdue:");
    size_t i;
    json_array_foreach(json_object_get(tj, "overdue"), i, v) printf(" %s", json_string_value(v));
    if (!json_array_size(json_object_get(tj, "overdue")))
        printf(" none");
    printf("\n  slipped:");
    json_array_foreach(json_object_get(tj, "slipped"), i, v)
        printf(" %s (+%lldd)", json_string_value(json_object_get(v, "ref")),
               (long long)json_integer_value(json_object_get(v, "days")));
    if (!json_array_size(json_object_get(tj, "slipped")))
        printf(" none");
    printf("\n\n");
}

int cmd_status(int argc, char **argv)
{
    static const struct option opts[] = {{"as-of", required_argument, NULL, 'd'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    day_t on = date_today();
    bool as_json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'd' && !date_parse(optarg, &on))
            return cli_usage("status", "--as-of must be a date YYYY-MM-DD, not '%s'", optarg);
        if (c == 'j')
            as_json = true;
        if (c == '?' || c == ':')
            return cli_option_error("status", c, argv);
    }
    if (optind != argc - 1)
        return cli_usage("status", "expects one FILE");
    struct schedule s;
    struct db *db = open_schedule("status", argv[optind], on, &s);
    if (!db)
        return EXIT_USER;
    struct fp_action *fa = forecast("status", &s);
    int rc = EXIT_USER;
    if (fa) {
        /* the schedule is in byte order of refs (schedule_find needs it) */
        size_t *order = xmalloc((s.nactions + 1) * sizeof *order);
        for (size_t i = 0; i < s.nactions; i++)
            order[i] = i;
        nat_s = &s;
        qsort(order, s.nactions, sizeof *order, cmp_nat);
        json_t *themes = json_array(), *unc = json_array();
        for (size_t t = 0; t < s.nthemes; t++)
            json_array_append_new(themes, theme_json(&s, fa, t, on, order));
        free(order);
        for (size_t i = 0; i < s.nuncovered; i++)
            json_array_append_new(unc, json_string(s.uncovered[i]));
        json_t *doc = json_pack("{s:o, s:o, s:o}", "as_of", jdate(on), "themes", themes,
                                "uncovered_recommendations", unc);
        if (as_json) {
            print_json(doc);
        } else {
            char d[DATE_LEN];
            date_format(on, d);
            printf("Status as of %s\n\n", d);
            size_t i;
            json_t *tj;
            json_array_foreach(themes, i, tj) print_theme_text(&s, tj);
            printf("Recommendations no action answers:");
            for (size_t k = 0; k < s.nuncovered; k++)
                printf(" %s", s.uncovered[k]);
            printf("%s\n", s.nuncovered ? "" : " none");
        }
        json_decref(doc);
        rc = EXIT_OK;
    }
    free(fa);
    schedule_free(&s);
    db_close(db);
    return rc;
}

/* Why slipping action `t` by `slip` days moves nothing, for people: the
 * action itself moves unless the slip is none or it is already finished. */
static const char *impact_why_none(const struct schedule *s, size_t t, int slip)
{
    if (slip <= 0)
        return "Only a slip of one day or more can push later work back.";
    if (s->actions[t].done != DAY_NONE)
        return "The action is complete: a finished action cannot slip.";
    return "Nothing that follows it finishes later.";
}

/* Parses --slip as a whole number of days within ±100 years. */
static bool parse_days(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < -36500 || v > 36500)
        return false;
    *out = (int)v;
    return true;
}

/* One critical path as JSON: the date it ends and its actions, first to
 * last, each with its theme, earliest start and forecast finish. */
static json_t *path_json(const struct schedule *s, const struct fp_action *fa,
                         const struct critical_path *p)
{
    json_t *chain = json_array();
    for (size_t k = 0; k < p->n; k++) {
        size_t i = p->chain[k];
        long t = s->actions[i].theme;
        json_t *x = json_object();
        json_object_set_new(x, "ref", json_string(s->actions[i].ref));
        json_object_set_new(x, "theme", t >= 0 ? json_string(s->themes[t].ref) : json_null());
        json_object_set_new(x, "start", jdate(fa[i].es));
        json_object_set_new(x, "finish", jdate(fa[i].ff));
        json_array_append_new(chain, x);
    }
    return json_pack("{s:o, s:o}", "finish", jdate(p->n ? fa[p->chain[p->n - 1]].ff : DAY_NONE),
                     "path", chain);
}

/* The same path for people: "finish DATE: A1 → A3 → A7". */
static void print_path_text(const char *what, json_t *pj)
{
    json_t *path = json_object_get(pj, "path"), *v;
    size_t i;
    if (!json_array_size(path)) {
        printf("%s: no action\n", what);
        return;
    }
    printf("%s, finishing %s:", what, json_string_value(json_object_get(pj, "finish")));
    json_array_foreach(path, i, v)
        printf("%s%s", i ? " → " : " ", json_string_value(json_object_get(v, "ref")));
    printf("\n");
}

/* `impact FILE --critical`: the critical path of the plan and of each theme
 * (model/critical.h) at `on`; retired actions are not part of any. */
static int impact_critical(const char *file, day_t on, bool as_json)
{
    struct schedule s;
    struct db *db = open_schedule("impact", file, on, &s);
    if (!db)
        return EXIT_USER;
    struct fp_action *fa = forecast("impact", &s);
    int rc = EXIT_USER;
    if (fa) {
        const char **aref = xmalloc((s.nactions + 1) * sizeof *aref);
        long *group = xmalloc((s.nactions + 1) * sizeof *group);
        for (size_t i = 0; i < s.nactions; i++) {
            aref[i] = s.actions[i].ref;
            group[i] = s.actions[i].pub_status == ST_RETIRED ? -1
                       : s.actions[i].theme >= 0             ? s.actions[i].theme
                                                             : (long)s.nthemes;
        }
        struct critical_path p;
        critical_path(fa, s.nactions, aref, group, -1, &p);
        json_t *plan = path_json(&s, fa, &p), *themes = json_array();
        critical_path_free(&p);
        for (size_t t = 0; t < s.nthemes; t++) {
            critical_path(fa, s.nactions, aref, group, (long)t, &p);
            json_t *tj =
                json_pack("{s:s, s:s}", "ref", s.themes[t].ref, "title", s.themes[t].title);
            json_t *pj = path_json(&s, fa, &p);
            critical_path_free(&p);
            json_object_update(tj, pj);
            json_decref(pj);
            json_array_append_new(themes, tj);
        }
        free(aref);
        free(group);
        json_t *doc =
            json_pack("{s:o, s:o, s:o}", "as_of", jdate(on), "plan", plan, "themes", themes);
        if (as_json) {
            print_json(doc);
        } else {
            char d[DATE_LEN];
            date_format(on, d);
            printf("Critical path as of %s\n\n", d);
            print_path_text("The plan", plan);
            size_t i;
            json_t *tj;
            json_array_foreach(themes, i, tj)
            {
                struct buf w = BUF_INIT;
                buf_printf(&w, "%s %s", json_string_value(json_object_get(tj, "ref")),
                           json_string_value(json_object_get(tj, "title")));
                print_path_text(buf_str(&w), tj);
                buf_free(&w);
            }
        }
        json_decref(doc);
        rc = EXIT_OK;
    }
    free(fa);
    schedule_free(&s);
    db_close(db);
    return rc;
}

int cmd_impact(int argc, char **argv)
{
    static const struct option opts[] = {
        {"action", required_argument, NULL, 'a'}, {"slip", required_argument, NULL, 's'},
        {"as-of", required_argument, NULL, 'd'},  {"json", no_argument, NULL, 'j'},
        {"critical", no_argument, NULL, 'c'},     {NULL, 0, NULL, 0}};
    const char *ref = NULL;
    day_t on = date_today();
    int slip = 0, c;
    bool have_slip = false, as_json = false, critical = false;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'a')
            ref = optarg;
        else if (c == 's' && !(have_slip = parse_days(optarg, &slip)))
            return cli_usage("impact", "--slip must be a whole number of days, not '%s'", optarg);
        else if (c == 'd' && !date_parse(optarg, &on))
            return cli_usage("impact", "--as-of must be a date YYYY-MM-DD, not '%s'", optarg);
        else if (c == 'j')
            as_json = true;
        else if (c == 'c')
            critical = true;
        else if (c == '?' || c == ':')
            return cli_option_error("impact", c, argv);
    }
    if (critical) {
        if (optind != argc - 1 || ref || have_slip)
            return cli_usage("impact", "--critical expects FILE only (no --action or --slip)");
        return impact_critical(argv[optind], on, as_json);
    }
    if (optind != argc - 1 || !ref || !have_slip)
        return cli_usage("impact", "expects FILE --action REF --slip DAYS");
    struct schedule s;
    struct db *db = open_schedule("impact", argv[optind], on, &s);
    if (!db)
        return EXIT_USER;
    long found = schedule_find(&s, ref);
    size_t target = found < 0 ? 0 : (size_t)found;
    struct fp_action *fa = NULL;
    int rc = EXIT_USER;
    if (found < 0) {
        cli_fail("impact", "no action with ref \"%s\"", ref);
    } else if ((fa = forecast("impact", &s))) {
        struct fp_milestone *fm = xcalloc(s.nmilestones + 1, sizeof *fm);
        for (size_t i = 0; i < s.nmilestones; i++)
            fm[i] = (struct fp_milestone){
                s.milestones[i].action < 0 ? SIZE_MAX : (size_t)s.milestones[i].action,
                s.milestones[i].due};
        const char **aref = xmalloc((s.nactions + 1) * sizeof *aref);
        const char **mref = xmalloc((s.nmilestones + 1) * sizeof *mref);
        for (size_t i = 0; i < s.nactions; i++)
            aref[i] = s.actions[i].ref;
        for (size_t i = 0; i < s.nmilestones; i++)
            mref[i] = s.milestones[i].ref;
        struct impact_move *mv = NULL;
        size_t nmv = 0;
        schedule_fp(&s, fa);
        impact_sorted(fa, s.nactions, fm, s.nmilestones, aref, mref, target, slip, &mv, &nmv);
        free(aref);
        free(mref);
        json_t *moved = json_array();
        for (size_t i = 0; i < nmv; i++) {
            const char *r =
                mv[i].is_milestone ? s.milestones[mv[i].index].ref : s.actions[mv[i].index].ref;
            json_array_append_new(moved, json_pack("{s:s, s:s, s:o, s:o, s:i}", "kind",
                                                   mv[i].is_milestone ? "milestone" : "action",
                                                   "ref", r, "from", jdate(mv[i].from), "to",
                                                   jdate(mv[i].to), "days", mv[i].days));
        }
        json_t *doc =
            json_pack("{s:s, s:i, s:o}", "action", ref, "slip_days", slip, "moved", moved);
        if (as_json) {
            print_json(doc);
        } else {
            printf("Slipping %s by %d days moves %zu item%s%s\n", ref, slip, nmv,
                   nmv == 1 ? "" : "s", nmv ? ":" : ".");
            if (nmv == 0)
                printf("%s\n", impact_why_none(&s, target, slip));
            for (size_t i = 0; i < nmv; i++) {
                char f[DATE_LEN], t[DATE_LEN];
                date_format(mv[i].from, f);
                date_format(mv[i].to, t);
                printf("  %-9s %-12s %s → %s (%+d days)\n",
                       mv[i].is_milestone ? "milestone" : "action",
                       mv[i].is_milestone ? s.milestones[mv[i].index].ref
                                          : s.actions[mv[i].index].ref,
                       f, t, mv[i].days);
            }
        }
        json_decref(doc);
        free(mv);
        free(fm);
        rc = EXIT_OK;
    }
    free(fa);
    schedule_free(&s);
    db_close(db);
    return rc;
}

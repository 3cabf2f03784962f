/* cmd_version.c — `version` and `diff`: plan versions from the command line,
 * for scripts (the programme office works in the browser), and the
 * comparison of two versions. */
#include "cli/cli.h"
#include "lib/buf.h"
#include "model/version.h"
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints a JSON document with keys in insertion order and a final newline. */
static void print_json(json_t *doc)
{
    char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    if (s)
        printf("%s\n", s);
    free(s);
}

static json_t *jdate(day_t d)
{
    char s[DATE_LEN];
    if (d == DAY_NONE)
        return json_null();
    date_format(d, s);
    return json_string(s);
}

/* Parses a version number (a whole number from 1); 0 when malformed. */
static int parse_number(const char *s)
{
    char *end;
    long n = s ? strtol(s, &end, 10) : 0;
    return s && *s && *end == '\0' && n >= 1 && n <= 1000000 ? (int)n : 0;
}

/* Reports a model result: 0 for VERSION_OK, else the refusal (fe, as one
 * line) or the failure (db->err), and EXIT_USER.  Frees fe. */
static int report(const char *cmd, struct db *db, enum version_rc rc, struct field_errors *fe)
{
    int out = EXIT_OK;
    if (rc == VERSION_REFUSED) {
        struct buf line = BUF_INIT;
        ferr_line(fe, &line);
        out = cli_fail(cmd, "%s", buf_str(&line));
        buf_free(&line);
    } else if (rc != VERSION_OK) {
        out = cli_fail(cmd, "%s", db->err);
    }
    ferr_free(fe);
    return out;
}

static int version_list_cmd(struct db *db, bool json)
{
    struct version_list l;
    if (version_list(db, &l))
        return cli_fail("version", "%s", db->err);
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++) {
        const struct version_info *v = &l.v[i];
        if (json) {
            json_array_append_new(
                a, json_pack("{s:i, s:s, s:s, s:o, s:o, s:o, s:I, s:I}", "number", v->number,
                             "title", v->title, "status", v->status, "approved_on",
                             jdate(v->approved_on), "approval_ref",
                             v->approval_ref ? json_string(v->approval_ref) : json_null(),
                             "signed_off_on", jdate(v->signed_off_on), "items",
                             (json_int_t)v->items, "retired", (json_int_t)v->retired));
            continue;
        }
        char ap[DATE_LEN] = "-", so[DATE_LEN] = "-";
        if (v->approved_on != DAY_NONE)
            date_format(v->approved_on, ap);
        if (v->signed_off_on != DAY_NONE)
            date_format(v->signed_off_on, so);
        printf("%d  %-10s  approved %s  signed off %s  %zu items (%zu retired)  %s\n", v->number,
               v->status, ap, so, v->items, v->retired, v->title);
    }
    if (json)
        print_json(a);
    json_decref(a);
    version_list_free(&l);
    return EXIT_OK;
}

static int version_show_cmd(struct db *db, int number, bool json)
{
    struct version_items it;
    int got = version_items_load(db, number, &it);
    if (got < 0)
        return cli_fail("version", "%s", db->err);
    if (got == 0)
        return cli_fail("version", "there is no version %d", number);
    json_t *a = json_array();
    for (size_t i = 0; i < it.n; i++) {
        const struct version_item *x = &it.v[i];
        const char *title = json_string_value(json_object_get(x->body, "title"));
        if (json)
            json_array_append_new(
                a, json_pack("{s:s, s:s, s:O, s:o}", "kind", vkind_name(x->kind), "ref", x->ref,
                             "body", x->body, "retired_reason",
                             x->retired_reason ? json_string(x->retired_reason) : json_null()));
        else
            printf("%s %s  %s%s%s%s\n", vkind_name(x->kind), x->ref, title ? title : "",
                   x->retired_reason ? "  [retired: " : "",
                   x->retired_reason ? x->retired_reason : "", x->retired_reason ? "]" : "");
    }
    if (json)
        print_json(a);
    json_decref(a);
    version_items_free(&it);
    return EXIT_OK;
}

int cmd_version(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},      {"on", required_argument, NULL, 'o'},
        {"ref", required_argument, NULL, 'r'}, {"reason", required_argument, NULL, 'R'},
        {"as", required_argument, NULL, 'a'},  {NULL, 0, NULL, 0}};
    const char *on_text = NULL, *minute = NULL, *reason = NULL, *actor = "cli:version";
    bool json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'j')
            json = true;
        else if (c == 'o')
            on_text = optarg;
        else if (c == 'r')
            minute = optarg;
        else if (c == 'R')
            reason = optarg;
        else if (c == 'a')
            actor = optarg;
        else
            return cli_option_error("version", c, argv);
    }
    int npos = argc - optind;
    if (npos < 2)
        return cli_usage("version", "expects FILE and one of list, show, new, retire, "
                                    "reinstate, submit, approve, sign-off");
    const char *path = argv[optind], *sub = argv[optind + 1];
    char **args = argv + optind + 2;
    int nargs = npos - 2;
    struct {
        const char *name;
        int nargs;
        bool writes;
    } const subs[] = {{"list", 0, false},   {"show", 1, false},     {"new", 1, true},
                      {"retire", 2, true},  {"reinstate", 2, true}, {"submit", 1, true},
                      {"approve", 1, true}, {"sign-off", 1, true}};
    size_t k = 0, nsubs = sizeof subs / sizeof subs[0];
    while (k < nsubs && strcmp(subs[k].name, sub) != 0)
        k++;
    if (k == nsubs)
        return cli_usage("version", "unknown subcommand %s", sub);
    if (nargs != subs[k].nargs)
        return cli_usage("version", "%s expects %d argument%s", sub, subs[k].nargs,
                         subs[k].nargs == 1 ? "" : "s");
    int number = 0;
    if (strcmp(sub, "show") == 0 || strcmp(sub, "submit") == 0 || strcmp(sub, "approve") == 0 ||
        strcmp(sub, "sign-off") == 0) {
        number = parse_number(args[0]);
        if (!number)
            return cli_usage("version", "N must be a version number, a whole number from 1");
    }
    day_t on = DAY_NONE;
    if (on_text && !date_parse(on_text, &on))
        return cli_usage("version", "--on must be a date YYYY-MM-DD");
    int kind = -1;
    if (strcmp(sub, "retire") == 0 || strcmp(sub, "reinstate") == 0) {
        kind = vkind_parse(args[0]);
        if (kind < 0)
            return cli_usage("version", "KIND must be theme, action, milestone or measure");
    }
    if (strcmp(sub, "retire") == 0 && !reason)
        return cli_usage("version", "retire needs --reason TEXT");
    if (strcmp(sub, "approve") == 0 && (!on_text || !minute))
        return cli_usage("version", "approve needs --on DATE and --ref MINUTE");
    if (strcmp(sub, "sign-off") == 0 && !on_text)
        return cli_usage("version", "sign-off needs --on DATE");

    char err[512];
    struct db *db = subs[k].writes
                        ? db_open(path, DB_OPEN_MUST_EXIST, err, sizeof err)
                        : db_open(path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return cli_fail("version", "%s", err);
    db_set_actor(db, actor);
    int rc;
    struct field_errors fe = FERR_INIT; /* a refusal's problems; report() frees it */
    if (strcmp(sub, "list") == 0) {
        rc = version_list_cmd(db, json);
    } else if (strcmp(sub, "show") == 0) {
        rc = version_show_cmd(db, number, json);
    } else if (strcmp(sub, "new") == 0) {
        int n = 0;
        rc = report("version", db, version_new_draft(db, args[0], &n, &fe), &fe);
        if (rc == EXIT_OK)
            printf("started draft version %d: %s\n", n, args[0]);
    } else if (strcmp(sub, "retire") == 0 || strcmp(sub, "reinstate") == 0) {
        bool retire = strcmp(sub, "retire") == 0;
        rc = report("version", db,
                    version_retire_item(db, (enum vkind)kind, args[1], retire ? reason : NULL, &fe),
                    &fe);
        if (rc == EXIT_OK)
            printf("%s %s %s in the draft\n", retire ? "retired" : "reinstated",
                   vkind_name((enum vkind)kind), args[1]);
    } else if (strcmp(sub, "submit") == 0) {
        rc = report("version", db, version_submit(db, number, &fe), &fe);
        if (rc == EXIT_OK)
            printf("submitted version %d\n", number);
    } else if (strcmp(sub, "approve") == 0) {
        rc = report("version", db, version_approve(db, number, on, minute, &fe), &fe);
        if (rc == EXIT_OK)
            printf("version %d approved by cabinet on %s (%s)\n", number, on_text, minute);
    } else {
        rc = report("version", db, version_sign_off(db, number, on, &fe), &fe);
        if (rc == EXIT_OK)
            printf("version %d signed off on %s; it is now the live plan\n", number, on_text);
    }
    db_close(db);
    return rc;
}

/* Appends `s` cut to about `max` bytes on a character boundary, with "…";
 * "(none)" for NULL or "". */
static void put_short(struct buf *b, const char *s, size_t max)
{
    if (!s || !*s) {
        buf_puts(b, "(none)");
        return;
    }
    size_t n = strlen(s);
    if (n <= max) {
        buf_puts(b, s);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    buf_append(b, s, max);
    buf_puts(b, "…");
}

int cmd_diff(int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    bool json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'j')
            json = true;
        else
            return cli_option_error("diff", c, argv);
    }
    if (argc - optind != 3)
        return cli_usage("diff", "expects FILE, V1 and V2");
    int from = parse_number(argv[optind + 1]), to = parse_number(argv[optind + 2]);
    if (!from || !to)
        return cli_usage("diff", "V1 and V2 must be version numbers, whole numbers from 1");
    char err[512];
    struct db *db = db_open(argv[optind], DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db)
        return cli_fail("diff", "%s", err);
    struct version_diff d;
    struct field_errors fe = FERR_INIT;
    int rc = report("diff", db, version_diff(db, from, to, &d, &fe), &fe);
    if (rc == EXIT_OK && json) {
        json_t *doc = version_diff_json(&d);
        print_json(doc);
        json_decref(doc);
    } else if (rc == EXIT_OK) {
        struct buf b = BUF_INIT;
        for (size_t i = 0; i < d.n; i++) {
            const struct version_change *x = &d.v[i];
            buf_printf(&b, "%s %s  %s", vkind_name(x->kind), x->ref, x->change);
            if (strcmp(x->change, "added") == 0) {
                buf_puts(&b, "  ");
                put_short(&b, x->to, 70);
            } else if (x->field) {
                buf_printf(&b, "  %s ", x->field);
                put_short(&b, x->from, 70);
                buf_puts(&b, " → ");
                put_short(&b, x->to, 70);
            }
            if (x->reason) {
                buf_puts(&b, "  ");
                put_short(&b, x->reason, 140);
            }
            buf_putc(&b, '\n');
        }
        if (d.n == 0)
            buf_printf(&b, "versions %d and %d hold the same plan\n", from, to);
        fputs(buf_str(&b), stdout);
        buf_free(&b);
    }
    version_diff_free(&d);
    db_close(db);
    return rc;
}

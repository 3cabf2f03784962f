/* cmd_deploy.c — `dialturn deploy`: configuration for what runs in front of
 * dialturn, generated from the organisations' files so that it cannot drift
 * from them.  Today one kind: the nginx map from each organisation's slug to
 * the host that serves it (deploy/nginx-dialturn.conf includes it). */
#include "cli/cli.h"
#include "lib/buf.h"
#include "lib/text.h"
#include "model/backup.h"
#include "model/org.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Whether s is HOST:PORT as nginx's proxy_pass takes it: a name or an IPv4
 * address, or an IPv6 one in brackets, and a port; nothing that could end
 * the directive or start another. */
static bool upstream_valid(const char *s)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || !colon[1] || strlen(colon + 1) > 5 ||
        strspn(colon + 1, "0123456789") != strlen(colon + 1))
        return false;
    size_t hl = (size_t)(colon - s);
    if (s[0] == '[')
        return s[hl - 1] == ']' && hl > 2 && strspn(s + 1, "0123456789abcdefABCDEF:.") == hl - 2;
    return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == hl;
}

/* Appends "    SLUG UPSTREAM;" for each organisation in `path` (a file or a
 * directory of them) to *map, and "/SLUG/" to *seen.  Returns EXIT_OK or
 * EXIT_USER (message printed). */
static int map_host(const char *upstream, const char *path, struct buf *map, struct buf *seen)
{
    char err[512], **paths = NULL;
    long n = 1;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return cli_fail("deploy", "%s: %s", path, strerror(errno));
    if (S_ISDIR(sb.st_mode)) {
        if ((n = backup_list_dbs(path, &paths, err, sizeof err)) < 0)
            return cli_fail("deploy", "%s", err);
        if (n == 0)
            return cli_fail("deploy", "%s: no database files (*.db)", path);
    }
    int rc = EXIT_OK;
    for (long i = 0; i < n; i++) {
        const char *file = paths ? paths[i] : path;
        char name[8], slug[72], key[80];
        struct db *db = db_open(file, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
        if (!db || org_identity(db, name, sizeof name, slug, sizeof slug))
            rc = cli_fail("deploy", "%s: %s", file, db ? db->err : err);
        else if (!ref_valid(slug))
            rc = cli_fail("deploy", "%s: the slug \"%s\" cannot be a path", file, slug);
        else if (snprintf(key, sizeof key, "/%s/", slug) > 0 && strstr(buf_str(seen), key))
            rc = cli_fail("deploy", "%s: another organisation has the slug \"%s\"", file, slug);
        else {
            buf_puts(seen, key + (seen->len ? 1 : 0)); /* "/a/b/" */
            buf_printf(map, "    %-24s %s;\n", slug, upstream);
        }
        db_close(db);
        if (paths)
            free(paths[i]);
    }
    free(paths);
    return rc;
}

static int nginx_map(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage("deploy", "nginx-map expects UPSTREAM=PATH, one or more");
    struct buf map = BUF_INIT, seen = BUF_INIT;
    int rc = EXIT_OK;
    for (int i = 1; i < argc && rc == EXIT_OK; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq || eq == argv[i] || !eq[1]) {
            rc = cli_usage("deploy", "expected UPSTREAM=PATH, not '%s'", argv[i]);
            break;
        }
        *eq = '\0';
        if (!upstream_valid(argv[i]))
            rc = cli_usage("deploy", "'%s' is not HOST:PORT", argv[i]);
        else
            rc = map_host(argv[i], eq + 1, &map, &seen);
    }
    if (rc == EXIT_OK)
        printf("# Which host serves each organisation, by slug: written by\n"
               "# `dialturn deploy nginx-map`; an unknown slug has none (nginx answers 404).\n"
               "map $dialturn_org $dialturn_upstream {\n"
               "    %-24s %s;\n"
               "%s}\n",
               "default", "\"\"", buf_str(&map));
    buf_free(&map);
    buf_free(&seen);
    return rc;
}

int cmd_deploy(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "nginx-map") == 0)
        return nginx_map(argc - 1, argv + 1);
    return cli_usage("deploy", "expects nginx-map UPSTREAM=PATH...");
}

/* cmd_user.c — `user`: the accounts of the people who sign in.
 *
 *   user add FILE USERNAME --name NAME --role ROLE [--person REF] [--password-file PATH]
 *   user passwd FILE USERNAME [--password-file PATH]
 *   user disable|enable FILE USERNAME
 *   user role FILE USERNAME ROLE
 *   user list FILE [--json]
 *   user roles
 *
 * Passwords come from standard input (one line) or a file, never from the
 * command line, where other users of the machine could read them.  Changes
 * are recorded in the ledger as "cli:<the OS user's login name>". */
#include "cli/cli.h"
#include "lib/buf.h"
#include "lib/text.h"
#include "model/account.h"
#include <getopt.h>
#include <jansson.h>
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The options of every subcommand; each is checked against the one given. */
struct user_opts {
    const char *name;          /* --name (add) */
    const char *role;          /* --role (add) */
    const char *person;        /* --person (add) */
    const char *password_file; /* --password-file (add, passwd) */
    bool json;                 /* --json (list) */
};

/* Prints s and spaces after it to fill `width` characters, then a space. */
static void print_cell(const char *s, size_t width)
{
    size_t n = utf8_chars(s);
    printf("%s%*s ", s, (int)(width > n ? width - n : 0), "");
}

/* Sets the ledger's actor to "cli:" and the OS user's login name ("cli:cli"
 * when the name cannot be found). */
static void set_actor(struct db *db)
{
    char pwbuf[1024], actor[160];
    struct passwd pw, *res = NULL;
    const char *who = "cli";
    if (getpwuid_r(getuid(), &pw, pwbuf, sizeof pwbuf, &res) == 0 && res && res->pw_name &&
        *res->pw_name)
        who = res->pw_name;
    snprintf(actor, sizeof actor, "cli:%s", who);
    db_set_actor(db, actor);
}

/* Reads one line (the password) from `path`, or standard input for NULL,
 * into out (PASSWORD_MAX + 2 bytes), without its line ending.  Returns 0, or
 * -1 after printing why. */
static int read_password(const char *path, const char *username, char *out, size_t size)
{
    FILE *f = stdin;
    if (path) {
        f = fopen(path, "r");
        if (!f) {
            cli_fail("user", "--password-file: cannot open %s", path);
            return -1;
        }
    } else if (isatty(STDIN_FILENO)) {
        fprintf(stderr, "password for %s (one line): ", username);
    }
    char *got = fgets(out, (int)size, f);
    if (f != stdin)
        fclose(f);
    if (!got) {
        out[0] = '\0';
        cli_fail("user", "password: none given on %s", path ? path : "standard input");
        return -1;
    }
    size_t n = strcspn(out, "\r\n");
    if (out[n] == '\0' && n == size - 1) {
        sodium_memzero(out, size);
        cli_fail("user", "password: must be at most %d characters", PASSWORD_MAX);
        return -1;
    }
    out[n] = '\0';
    return 0;
}

/* Parses a role code, or prints the roles there are.  Returns the role or -1. */
static int parse_role(const char *code)
{
    int role = role_parse(code);
    if (role >= 0)
        return role;
    struct buf b = BUF_INIT;
    for (int i = 0; i < ROLE__MAX; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", role_code((enum role)i));
    cli_fail("user", "role: unknown role '%s' (one of %s; see `dialturn user roles`)", code,
             buf_str(&b));
    buf_free(&b);
    return -1;
}

static struct db *open_file(const char *path, bool write)
{
    char err[512];
    int flags = DB_OPEN_MUST_EXIST | (write ? 0 : DB_OPEN_READONLY);
    struct db *db = db_open(path, flags, err, sizeof err);
    if (!db) {
        cli_fail("user", "%s", err);
        return NULL;
    }
    if (write)
        set_actor(db);
    return db;
}

/* Whether the account exists; prints why not.  1 yes, 0 no, -1 error. */
static int account_exists(struct db *db, const char *username)
{
    struct account *a;
    size_t n;
    if (account_list(db, &a, &n)) {
        cli_fail("user", "%s", db->err);
        return -1;
    }
    int found = 0;
    for (size_t i = 0; i < n && !found; i++)
        found = strcmp(a[i].username, username) == 0;
    account_list_free(a, n);
    if (!found)
        cli_fail("user", "username: there is no account '%s'", username);
    return found;
}

static int user_add(const char *path, const char *username, const struct user_opts *o)
{
    if (!o->name)
        return cli_usage("user", "add needs --name NAME");
    if (!o->role)
        return cli_usage("user", "add needs --role ROLE");
    int role = parse_role(o->role);
    if (role < 0)
        return EXIT_USER;
    struct db *db = open_file(path, true);
    if (!db)
        return EXIT_USER;
    char pw[PASSWORD_MAX + 2];
    int rc = EXIT_USER;
    if (read_password(o->password_file, username, pw, sizeof pw) == 0) {
        struct field_errors fe = FERR_INIT;
        if (account_add(db, username, o->name, (enum role)role, o->person, pw, &fe) < 0) {
            cli_refused("user", &fe, db->err);
        } else {
            printf("added %s (%s) to %s\n", username, role_label((enum role)role), path);
            rc = EXIT_OK;
        }
        ferr_free(&fe);
    }
    sodium_memzero(pw, sizeof pw);
    db_close(db);
    return rc;
}

static int user_passwd(const char *path, const char *username, const struct user_opts *o)
{
    struct db *db = open_file(path, true);
    if (!db)
        return EXIT_USER;
    char pw[PASSWORD_MAX + 2];
    int rc = EXIT_USER;
    if (account_exists(db, username) == 1 &&
        read_password(o->password_file, username, pw, sizeof pw) == 0) {
        struct field_errors fe = FERR_INIT;
        if (account_set_password(db, username, pw, &fe)) {
            cli_refused("user", &fe, db->err);
        } else {
            printf("set a new password for %s; their sessions are ended\n", username);
            rc = EXIT_OK;
        }
        ferr_free(&fe);
    }
    sodium_memzero(pw, sizeof pw);
    db_close(db);
    return rc;
}

static int user_disable(const char *path, const char *username, bool disabled)
{
    struct db *db = open_file(path, true);
    if (!db)
        return EXIT_USER;
    int rc = EXIT_OK;
    struct field_errors fe = FERR_INIT;
    if (account_set_disabled(db, username, disabled, &fe))
        rc = cli_refused("user", &fe, db->err);
    else if (disabled)
        printf("disabled %s: signed out everywhere, API tokens stopped\n", username);
    else
        printf("enabled %s\n", username);
    ferr_free(&fe);
    db_close(db);
    return rc;
}

static int user_role(const char *path, const char *username, const char *code)
{
    int role = parse_role(code);
    if (role < 0)
        return EXIT_USER;
    struct db *db = open_file(path, true);
    if (!db)
        return EXIT_USER;
    int rc = EXIT_OK;
    struct field_errors fe = FERR_INIT;
    if (account_set_role(db, username, (enum role)role, &fe))
        rc = cli_refused("user", &fe, db->err);
    else
        printf("%s is now %s (%s)\n", username, role_label((enum role)role), code);
    ferr_free(&fe);
    db_close(db);
    return rc;
}

static int user_list(const char *path, bool json)
{
    struct db *db = open_file(path, false);
    if (!db)
        return EXIT_USER;
    struct account *a;
    size_t n;
    if (account_list(db, &a, &n)) {
        int rc = cli_fail("user", "%s", db->err);
        db_close(db);
        return rc;
    }
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(
                arr, json_pack("{s:s, s:s, s:s, s:o, s:b, s:s}", "username", a[i].username, "name",
                               a[i].name, "role", role_code(a[i].role), "person",
                               a[i].person_ref ? json_string(a[i].person_ref) : json_null(),
                               "disabled", a[i].disabled, "created_on", a[i].created_on));
        char *s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s)
            printf("%s\n", s);
        free(s);
        json_decref(arr);
    } else if (n == 0) {
        printf("no accounts yet (add one with `dialturn user add`)\n");
    } else {
        /* columns as wide as their widest value, in characters (not bytes) */
        const char *head[] = {"USERNAME", "NAME", "ROLE", "PERSON", "STATUS", "CREATED"};
        size_t w[5];
        for (size_t k = 0; k < 5; k++)
            w[k] = utf8_chars(head[k]);
        for (size_t i = 0; i < n; i++) {
            const char *cell[] = {a[i].username, a[i].name, role_code(a[i].role),
                                  a[i].person_ref ? a[i].person_ref : "-",
                                  a[i].disabled ? "disabled" : "active"};
            for (size_t k = 0; k < 5; k++)
                if (utf8_chars(cell[k]) > w[k])
                    w[k] = utf8_chars(cell[k]);
        }
        for (size_t k = 0; k < 5; k++)
            print_cell(head[k], w[k]);
        printf("%s\n", head[5]);
        for (size_t i = 0; i < n; i++) {
            const char *cell[] = {a[i].username, a[i].name, role_code(a[i].role),
                                  a[i].person_ref ? a[i].person_ref : "-",
                                  a[i].disabled ? "disabled" : "active"};
            for (size_t k = 0; k < 5; k++)
                print_cell(cell[k], w[k]);
            printf("%s\n", a[i].created_on);
        }
    }
    account_list_free(a, n);
    db_close(db);
    return EXIT_OK;
}

/* Every role and what it may do, from the one table in model/role.c. */
static int user_roles(void)
{
    for (int r = 0; r < ROLE__MAX; r++) {
        printf("%-12s %s: ", role_code((enum role)r), role_label((enum role)r));
        int k = 0;
        for (int c = CAP_SIGNED_IN; c < CAP__MAX; c++)
            if (role_has((enum role)r, (enum cap)c))
                printf("%s%s", k++ ? ", " : "", cap_label((enum cap)c));
        printf("\n");
    }
    return EXIT_OK;
}

/* Refuses an option that the subcommand does not take; `allowed` lists the
 * ones it does, each between spaces (" name role "). */
static int only(const char *sub, const char *allowed, const struct user_opts *o)
{
    const struct {
        const char *flag;
        bool given;
    } all[] = {{"name", o->name != NULL},
               {"role", o->role != NULL},
               {"person", o->person != NULL},
               {"password-file", o->password_file != NULL},
               {"json", o->json}};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        char want[32];
        snprintf(want, sizeof want, " %s ", all[i].flag);
        if (all[i].given && !strstr(allowed, want))
            return cli_usage("user", "%s does not take --%s", sub, all[i].flag);
    }
    return 0;
}

int cmd_user(int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},
        {"role", required_argument, NULL, 'r'},
        {"person", required_argument, NULL, 'p'},
        {"password-file", required_argument, NULL, 'f'},
        {"json", no_argument, NULL, 'j'},
        /* named, so that it is refused rather than taken for --password-file */
        {"password", required_argument, NULL, 'P'},
        {NULL, 0, NULL, 0},
    };
    struct user_opts o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'n')
            o.name = optarg;
        else if (c == 'r')
            o.role = optarg;
        else if (c == 'p')
            o.person = optarg;
        else if (c == 'f')
            o.password_file = optarg;
        else if (c == 'j')
            o.json = true;
        else if (c == 'P')
            return cli_usage("user", "passwords are read from standard input or "
                                     "--password-file, never from the command line");
        else
            return cli_option_error("user", c, argv);
    }
    int npos = argc - optind;
    char **pos = argv + optind;
    if (npos < 1)
        return cli_usage("user", "expects a subcommand: add, passwd, disable, enable, role, "
                                 "list or roles");
    const char *sub = pos[0];
    int rc;
    if (strcmp(sub, "add") == 0) {
        if ((rc = only(sub, " name role person password-file ", &o)))
            return rc;
        if (npos != 3)
            return cli_usage("user", "add expects FILE and USERNAME");
        return user_add(pos[1], pos[2], &o);
    }
    if (strcmp(sub, "passwd") == 0) {
        if ((rc = only(sub, " password-file ", &o)))
            return rc;
        if (npos != 3)
            return cli_usage("user", "passwd expects FILE and USERNAME");
        return user_passwd(pos[1], pos[2], &o);
    }
    if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) {
        if ((rc = only(sub, " ", &o)))
            return rc;
        if (npos != 3)
            return cli_usage("user", "%s expects FILE and USERNAME", sub);
        return user_disable(pos[1], pos[2], sub[0] == 'd');
    }
    if (strcmp(sub, "role") == 0) {
        if ((rc = only(sub, " ", &o)))
            return rc;
        if (npos != 4)
            return cli_usage("user", "role expects FILE, USERNAME and ROLE");
        return user_role(pos[1], pos[2], pos[3]);
    }
    if (strcmp(sub, "list") == 0) {
        if ((rc = only(sub, " json ", &o)))
            return rc;
        if (npos != 2)
            return cli_usage("user", "list expects FILE");
        return user_list(pos[1], o.json);
    }
    if (strcmp(sub, "roles") == 0) {
        if ((rc = only(sub, " ", &o)))
            return rc;
        if (npos != 1)
            return cli_usage("user", "roles takes no arguments");
        return user_roles();
    }
    return cli_usage("user", "unknown subcommand '%s'", sub);
}

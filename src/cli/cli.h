/* cli.h — the `dialturn` command line: git-style subcommands.
 *
 * Exit codes: 0 success; 1 a user error (one clear line on stderr); 2 usage.
 * Every command answers --help with its own usage. */
#ifndef DIALTURN_CLI_H
#define DIALTURN_CLI_H
#include <stdbool.h>
#include <stddef.h>

enum { EXIT_OK = 0, EXIT_USER = 1, EXIT_USAGE = 2 };

struct command {
    const char *name;                  /* "import" */
    const char *summary;               /* one line for `dialturn --help` */
    const char *help;                  /* the full usage text for `dialturn CMD --help` */
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

extern const struct command commands[];
extern const size_t ncommands;

int cli_main(int argc, char **argv);

/* Prints "dialturn CMD: message" to stderr; returns EXIT_USER. */
int cli_fail(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A model write's outcome on stderr, as one line: its refusals fe
 * ("dialturn CMD: field: message; field: message", ferr_line), or, when fe
 * holds none, the failure `why` (db->err).  Returns EXIT_USER.  Every
 * command prints a model's refusals through this one function. */
struct field_errors;
int cli_refused(const char *cmd, const struct field_errors *fe, const char *why);
/* Prints the usage error and a pointer to --help; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports a getopt_long failure (c is '?' or ':') naming the option; returns
 * EXIT_USAGE.  Commands pass ":" first in their optstring so that a missing
 * value is told apart from an unknown option. */
int cli_option_error(const char *cmd, int c, char **argv);
/* True when argv holds -h or --help; prints the command's help if so. */
bool cli_wants_help(const struct command *c, int argc, char **argv);
const struct command *cli_find(const char *name);

/* Reads a whole file (or stdin for "-") into a NUL-terminated malloc'd buffer.
 * Returns NULL with a reason in err. */
char *cli_read_file(const char *path, size_t *len, char *err, size_t errlen);

/* The commands. */
int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_impact(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_heads(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_deploy(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_publish(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_correct(int argc, char **argv);
int cmd_mail(int argc, char **argv);
/* plan versions (cmd_version.c) */
int cmd_version(int argc, char **argv);
int cmd_diff(int argc, char **argv);

/* demo_sos.c: the demo's reports to the Secretary of State, made through
 * the model on db (the demo's database at path, with its accounts).
 * Returns 0, or -1 with err. */
struct db;
int demo_sos_reports(struct db *db, const char *path, char *err, size_t errlen);

#endif

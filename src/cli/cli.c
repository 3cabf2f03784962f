/* cli.c — dispatching subcommands, help, and the file helpers they share. */
#include "cli/cli.h"
#include "lib/buf.h"
#include "lib/ferr.h"
#include "lib/hash.h"
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_fail(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "dialturn %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_USER;
}

int cli_refused(const char *cmd, const struct field_errors *fe, const char *why)
{
    if (!fe || fe->n == 0)
        return cli_fail(cmd, "%s", why);
    struct buf line = BUF_INIT;
    ferr_line(fe, &line);
    cli_fail(cmd, "%s", buf_str(&line));
    buf_free(&line);
    return EXIT_USER;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "dialturn %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see `dialturn %s --help`)\n", cmd);
    return EXIT_USAGE;
}

int cli_option_error(const char *cmd, int c, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "?";
    if (c == ':')
        return cli_usage(cmd, "option %s needs a value", arg);
    return cli_usage(cmd, "unknown option %s", arg);
}

const struct command *cli_find(const char *name)
{
    for (size_t i = 0; i < ncommands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

bool cli_wants_help(const struct command *c, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(c->help, stdout);
            return true;
        }
    }
    return false;
}

static void print_help(FILE *out)
{
    fputs("dialturn — the public record of an improvement plan under independent oversight\n\n"
          "usage: dialturn COMMAND [ARGS]\n\ncommands:\n",
          out);
    for (size_t i = 0; i < ncommands; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fputs("\n`dialturn COMMAND --help` tells more.  Exit status: 0 success, 1 error, 2 usage.\n",
          out);
}

int cli_main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        if (argc > 2 && cli_find(argv[2])) {
            fputs(cli_find(argv[2])->help, stdout);
            return EXIT_OK;
        }
        print_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("dialturn 0.1");
        return EXIT_OK;
    }
    const struct command *c = cli_find(argv[1]);
    if (!c) {
        fprintf(stderr, "dialturn: unknown command '%s' (see `dialturn --help`)\n", argv[1]);
        return EXIT_USAGE;
    }
    if (cli_wants_help(c, argc - 1, argv + 1))
        return EXIT_OK;
    opterr = 0; /* commands report bad options themselves, in one line */
    if (crypto_init())
        return cli_fail(c->name, "libsodium could not be initialised");
    return c->run(argc - 1, argv + 1);
}

/* Reads what is left of f into b, a chunk at a time (stdin, pipes). */
static int read_stream(FILE *f, struct buf *b)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(b, chunk, n);
    return ferror(f) ? -1 : 0;
}

char *cli_read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct buf b = BUF_INIT;
    struct stat sb;
    int bad = 0;
    if (f != stdin && fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
        /* a plan of tens of megabytes: one allocation of the right size and
         * one read into it, not a doubling buffer fed through a chunk */
        size_t want = (size_t)sb.st_size;
        b.data = xmalloc(want + 1);
        b.cap = want + 1;
        b.len = fread(b.data, 1, want, f);
        b.data[b.len] = '\0';
        bad = ferror(f) || read_stream(f, &b); /* anything it grew by meanwhile */
    } else {
        bad = read_stream(f, &b);
    }
    if (f != stdin)
        fclose(f);
    if (bad) {
        snprintf(err, errlen, "%s: read error", path);
        buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return buf_detach(&b);
}

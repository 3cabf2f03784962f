/* cmd_verify.c — verify, heads, key: proving a database file has not been
 * tampered with, and publishing and signing the heads that let anyone prove
 * it later (model/heads.h). */
#include "cli/cli.h"
#include "lib/buf.h"
#include "model/heads.h"
#include "model/ledger.h"
#include "model/record.h"
#include <getopt.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_verify(int argc, char **argv)
{
    static const struct option opts[] = {{"head", required_argument, NULL, 'H'},
                                         {"heads", required_argument, NULL, 'F'},
                                         {"key", required_argument, NULL, 'k'},
                                         {NULL, 0, NULL, 0}};
    struct published_head *heads = NULL;
    size_t nheads = 0;
    const char *heads_file = NULL, *key = NULL;
    char err[512];
    int c, rc = EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'H') {
            heads = xrealloc(heads, (nheads + 1) * sizeof *heads);
            if (heads_parse_arg(optarg, &heads[nheads++], err, sizeof err)) {
                free(heads);
                return cli_usage("verify", "%s", err);
            }
        } else if (c == 'F') {
            heads_file = optarg;
        } else if (c == 'k') {
            key = optarg;
        } else {
            free(heads);
            return cli_option_error("verify", c, argv);
        }
    }
    unsigned char pk[HEADS_PK_BYTES];
    if (optind != argc - 1)
        rc = cli_usage("verify", "expects one FILE");
    else if (key && !heads_file)
        rc = cli_usage("verify", "--key checks the signatures of the heads given with --heads");
    else if (key && heads_pk_parse(key, pk))
        rc = cli_usage("verify", "--key expects the public key in hex (64 digits)");
    if (rc == EXIT_OK && heads_file) {
        size_t len;
        char *text = cli_read_file(heads_file, &len, err, sizeof err);
        struct published_head *more = NULL;
        size_t nmore = 0;
        if (!text) {
            rc = cli_fail("verify", "%s", err);
        } else if (heads_parse(text, &more, &nmore, err, sizeof err)) {
            rc = cli_fail("verify", "%s: %s", heads_file, err);
        } else {
            heads = xrealloc(heads, (nheads + nmore + 1) * sizeof *heads);
            if (nmore)
                memcpy(heads + nheads, more, nmore * sizeof *more);
            nheads += nmore;
        }
        free(more);
        free(text);
    }
    if (rc != EXIT_OK) {
        free(heads);
        return rc;
    }
    const char *path = argv[optind];
    struct db *db = db_open(path, DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    if (!db) {
        free(heads);
        return cli_fail("verify", "%s", err);
    }
    struct verify_result r;
    char slug[128] = "";
    if (ledger_verify(db, &r) || (key && heads_org_slug(db, slug, sizeof slug)) ||
        heads_check(db, heads, nheads, key ? pk : NULL, slug)) {
        rc = cli_fail("verify", "%s: %s", path, db->err);
    } else {
        struct buf line = BUF_INIT;
        buf_printf(&line, "%s: ok: %ld ledger entries, %ld rows agree; head %s", path, r.entries,
                   r.rows, r.head[0] ? r.head : "(empty)");
        if (nheads)
            buf_printf(&line, "; extends %zu published head%s%s", nheads, nheads == 1 ? "" : "s",
                       key ? ", signatures good" : "");
        if (!r.search_structure)
            buf_puts(&line, "; search index structure not checked (the file is read-only)");
        printf("%s\n", buf_str(&line));
        buf_free(&line);
    }
    db_close(db);
    free(heads);
    return rc;
}

int cmd_heads(int argc, char **argv)
{
    static const struct option opts[] = {{"sign", required_argument, NULL, 's'},
                                         {NULL, 0, NULL, 0}};
    const char *keyfile = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 's')
            keyfile = optarg;
        else
            return cli_option_error("heads", c, argv);
    }
    if (optind != argc - 1)
        return cli_usage("heads", "expects one FILE");
    char err[512];
    unsigned char sk[HEADS_SK_BYTES];
    if (keyfile && heads_key_read(keyfile, sk, err, sizeof err))
        return cli_fail("heads", "%s", err);
    struct db *db = db_open(argv[optind], DB_OPEN_READONLY | DB_OPEN_MUST_EXIST, err, sizeof err);
    int rc = EXIT_OK;
    struct record_head *h = NULL;
    size_t n = 0;
    char slug[128] = "";
    if (!db)
        rc = cli_fail("heads", "%s", err);
    else if (record_heads_list(db, &h, &n) || (keyfile && heads_org_slug(db, slug, sizeof slug)))
        rc = cli_fail("heads", "%s: %s", argv[optind], db->err);
    struct buf out = BUF_INIT;
    for (size_t i = 0; rc == EXIT_OK && i < n; i++) {
        buf_printf(&out, "%s %" PRId64 " %s", h[i].month, h[i].seq, h[i].hash);
        if (keyfile) {
            char sig[HEADS_SIG_HEX_LEN];
            heads_sign(sk, slug, h[i].month, h[i].seq, h[i].hash, sig);
            buf_printf(&out, " %s", sig);
        }
        buf_putc(&out, '\n');
    }
    if (rc == EXIT_OK)
        fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
    free(h);
    sodium_memzero(sk, sizeof sk);
    db_close(db);
    return rc;
}

int cmd_key(int argc, char **argv)
{
    static const struct option opts[] = {{"out", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
    const char *out = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'o')
            out = optarg;
        else
            return cli_option_error("key", c, argv);
    }
    if (optind != argc - 1 || strcmp(argv[optind], "new") != 0)
        return cli_usage("key", "expects: key new --out KEYFILE");
    if (!out)
        return cli_usage("key", "--out KEYFILE is required");
    char err[512], pk[HEADS_PK_HEX_LEN];
    if (heads_key_new(out, pk, err, sizeof err))
        return cli_fail("key", "%s", err);
    printf("%s\n", pk);
    return EXIT_OK;
}

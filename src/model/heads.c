/* heads.c — published heads: reading them, checking the ledger extends them,
 * and the Ed25519 signatures on them (heads.h). */
#include "model/heads.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The first line of a secret key file; the key follows in hex on the next. */
static const char key_magic[] = "dialturn-ed25519-secret-key/1";

/* Is s exactly n lowercase hex digits? */
static bool is_hex(const char *s, size_t n)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return i == n;
}

/* Decodes n bytes from 2n hex digits (checked before). */
static void from_hex(const char *hex, unsigned char *out, size_t n)
{
    sodium_hex2bin(out, n, hex, 2 * n, NULL, NULL, NULL);
}

static bool is_month(const char *s)
{
    return strlen(s) == 7 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
           isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) && s[4] == '-' &&
           ((s[5] == '0' && s[6] >= '1' && s[6] <= '9') ||
            (s[5] == '1' && s[6] >= '0' && s[6] <= '2'));
}

/* A positive decimal seq, or 0. */
static int64_t parse_seq(const char *s)
{
    if (!*s || strlen(s) > 18)
        return 0;
    int64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (*s - '0');
    }
    return v;
}

int heads_parse(const char *text, struct published_head **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    int lineno = 0;
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        lineno++;
        char *line = xstrndup(p, len);
        p += len + (end ? 1 : 0);
        char *f[5] = {0};
        int nf = 0;
        for (char *save = NULL, *tok = strtok_r(line, " \t\r", &save); tok;
             tok = strtok_r(NULL, " \t\r", &save))
            f[nf < 5 ? nf++ : 4] = tok;
        if (nf == 0 || f[0][0] == '#') {
            free(line);
            continue;
        }
        const char *why = NULL;
        if (nf < 3 || nf > 4)
            why = "expected MONTH SEQ HASH [SIGNATURE]";
        else if (!is_month(f[0]))
            why = "MONTH is not YYYY-MM";
        else if (!parse_seq(f[1]))
            why = "SEQ is not a positive number";
        else if (!is_hex(f[2], 64))
            why = "HASH is not 64 lowercase hex digits";
        else if (nf == 4 && !is_hex(f[3], 2 * HEADS_SIG_BYTES))
            why = "SIGNATURE is not 128 lowercase hex digits";
        if (why) {
            snprintf(err, errlen, "line %d: %s", lineno, why);
            free(line);
            free(*out);
            *out = NULL;
            *n = 0;
            return -1;
        }
        *out = xgrow(*out, *n, &cap, sizeof **out);
        struct published_head *h = &(*out)[(*n)++];
        memset(h, 0, sizeof *h);
        snprintf(h->month, sizeof h->month, "%s", f[0]);
        h->seq = parse_seq(f[1]);
        memcpy(h->hash, f[2], 65);
        if (nf == 4) {
            h->has_sig = true;
            from_hex(f[3], h->sig, sizeof h->sig);
        }
        h->line = lineno;
        free(line);
    }
    return 0;
}

int heads_parse_arg(const char *arg, struct published_head *h, char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    const char *colon = strchr(arg, ':');
    const char *hash = colon ? colon + 1 : arg;
    if (colon) {
        char seq[24];
        size_t len = (size_t)(colon - arg);
        if (len >= sizeof seq) {
            snprintf(err, errlen, "--head %s: SEQ is not a positive number", arg);
            return -1;
        }
        memcpy(seq, arg, len);
        seq[len] = '\0';
        if (!(h->seq = parse_seq(seq))) {
            snprintf(err, errlen, "--head %s: SEQ is not a positive number", arg);
            return -1;
        }
    }
    if (!is_hex(hash, 64)) {
        snprintf(err, errlen, "--head %s: expected HASH or SEQ:HASH, HASH 64 lowercase hex digits",
                 arg);
        return -1;
    }
    memcpy(h->hash, hash, 65);
    return 0;
}

void heads_signed_text(struct buf *b, const char *slug, const char *month, int64_t seq,
                       const char *hash)
{
    buf_printf(b, "dialturn-head/1 %s %s %" PRId64 " %s", slug, month, seq, hash);
}

void heads_sign(const unsigned char sk[HEADS_SK_BYTES], const char *slug, const char *month,
                int64_t seq, const char *hash, char sig_hex[HEADS_SIG_HEX_LEN])
{
    struct buf b = BUF_INIT;
    heads_signed_text(&b, slug, month, seq, hash);
    unsigned char sig[HEADS_SIG_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)b.data, b.len, sk);
    sodium_bin2hex(sig_hex, HEADS_SIG_HEX_LEN, sig, sizeof sig);
    buf_free(&b);
}

int heads_org_slug(struct db *db, char *slug, size_t len)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT slug FROM main.organisation ORDER BY id LIMIT 1");
    if (!st)
        return -1;
    int r = db_step(db, st, "organisation");
    if (r > 0)
        snprintf(slug, len, "%s", db_col_text(st, 0));
    else if (r == 0)
        snprintf(db->err, sizeof db->err, "the file has no organisation");
    sqlite3_reset(st);
    return r > 0 ? 0 : -1;
}

/* Names a head for messages: "head 2015-03 719 e5df873d…" or "head e5df…". */
static void head_name(const struct published_head *h, char *out, size_t n)
{
    if (h->month[0])
        snprintf(out, n, "head %s %" PRId64 " %.16s… (line %d)", h->month, h->seq, h->hash,
                 h->line);
    else if (h->seq)
        snprintf(out, n, "head %" PRId64 ":%.16s…", h->seq, h->hash);
    else
        snprintf(out, n, "head %.16s…", h->hash);
}

/* Checks one head's place in the ledger.  Returns 0, or -1 (db->err). */
static int head_extended(struct db *db, const struct published_head *h, const char *name)
{
    sqlite3_stmt *st;
    if (!h->seq) {
        st = db_prepare(db, "SELECT seq FROM main.ledger WHERE hash = :hash");
        if (!st)
            return -1;
        db_bind_text(st, ":hash", h->hash);
        int r = db_step(db, st, "ledger");
        sqlite3_reset(st);
        if (r == 0)
            snprintf(db->err, sizeof db->err,
                     "%s: no ledger entry has this hash: the ledger does not extend it (rewritten "
                     "or cut back)",
                     name);
        return r > 0 ? 0 : -1;
    }
    st = db_prepare(db, "SELECT hash, (SELECT max(seq) FROM main.ledger) FROM main.ledger "
                        "WHERE seq = :seq");
    if (!st)
        return -1;
    db_bind_int(st, ":seq", h->seq);
    int r = db_step(db, st, "ledger");
    if (r == 0)
        snprintf(db->err, sizeof db->err,
                 "%s: the ledger has no entry %" PRId64 ": it does not extend the head (cut back)",
                 name, h->seq);
    else if (r > 0 && strcmp(db_col_text(st, 0), h->hash) != 0) {
        snprintf(db->err, sizeof db->err,
                 "%s: the ledger's entry %" PRId64 " has hash %.16s…: it does not extend the head "
                 "(rewritten)",
                 name, h->seq, db_col_text(st, 0));
        r = -1;
    }
    sqlite3_reset(st);
    return r > 0 ? 0 : -1;
}

int heads_check(struct db *db, const struct published_head *h, size_t n, const unsigned char *pk,
                const char *slug)
{
    char name[128];
    for (size_t i = 0; i < n; i++) {
        head_name(&h[i], name, sizeof name);
        if (pk) {
            if (!h[i].has_sig || !h[i].month[0]) {
                snprintf(db->err, sizeof db->err, "%s is not signed", name);
                return -1;
            }
            struct buf b = BUF_INIT;
            heads_signed_text(&b, slug, h[i].month, h[i].seq, h[i].hash);
            int bad =
                crypto_sign_verify_detached(h[i].sig, (const unsigned char *)b.data, b.len, pk);
            buf_free(&b);
            if (bad) {
                snprintf(db->err, sizeof db->err,
                         "%s: the signature is not the key's over organisation %.60s's head", name,
                         slug);
                return -1;
            }
        }
        if (head_extended(db, &h[i], name))
            return -1;
    }
    return 0;
}

int heads_key_new(const char *path, char pk_hex[HEADS_PK_HEX_LEN], char *err, size_t errlen)
{
    unsigned char pk[HEADS_PK_BYTES], sk[HEADS_SK_BYTES];
    char sk_hex[2 * HEADS_SK_BYTES + 1];
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium cannot be used");
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    crypto_sign_keypair(pk, sk);
    sodium_bin2hex(sk_hex, sizeof sk_hex, sk, sizeof sk);
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s\n%s\n", key_magic, sk_hex);
    int rc = fchmod(fd, 0600) == 0 && write(fd, b.data, b.len) == (ssize_t)b.len ? 0 : -1;
    if (rc)
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
    if (close(fd) != 0 && rc == 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc)
        unlink(path);
    sodium_memzero(b.data, b.len);
    buf_free(&b);
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(sk_hex, sizeof sk_hex);
    sodium_bin2hex(pk_hex, HEADS_PK_HEX_LEN, pk, sizeof pk);
    return rc;
}

int heads_key_read(const char *path, unsigned char sk[HEADS_SK_BYTES], char *err, size_t errlen)
{
    FILE *f = fopen(path, "re");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char line[2 * HEADS_SK_BYTES + 64];
    int rc = -1;
    bool magic = fgets(line, sizeof line, f) != NULL;
    if (magic) {
        line[strcspn(line, "\r\n")] = '\0';
        magic = strcmp(line, key_magic) == 0;
    }
    if (magic && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (is_hex(line, 2 * HEADS_SK_BYTES)) {
            from_hex(line, sk, HEADS_SK_BYTES);
            rc = 0;
        }
    }
    sodium_memzero(line, sizeof line);
    fclose(f);
    if (rc)
        snprintf(err, errlen, "%s: not a dialturn secret key (made by `dialturn key new`)", path);
    return rc;
}

int heads_pk_parse(const char *hex, unsigned char pk[HEADS_PK_BYTES])
{
    if (!is_hex(hex, 2 * HEADS_PK_BYTES))
        return -1;
    from_hex(hex, pk, HEADS_PK_BYTES);
    return 0;
}

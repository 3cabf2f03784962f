/* heads.h — published ledger heads, and the organisation's signatures on them.
 *
 * A month's seal (model/record.h) fixes the ledger's head when it was signed
 * off: entry SEQ with hash HASH.  Published outside the database — one line
 * per month, "MONTH SEQ HASH", as `dialturn heads` prints them — a head lets
 * anyone prove later that the ledger still extends it: entry SEQ exists, has
 * hash HASH, and the chain from it onward verifies.  A rewrite of the ledger
 * before SEQ, however consistent (hashes recomputed, seals forged), changes
 * entry SEQ's hash and is caught.
 *
 * The organisation may sign each head with an Ed25519 key kept outside the
 * database (libsodium's crypto_sign_detached): the line then ends with the
 * signature, in hex, of the canonical text
 *
 *   dialturn-head/1 SLUG MONTH SEQ HASH
 *
 * (SLUG the organisation's slug, SEQ in decimal, HASH in lowercase hex, one
 * space between, no newline), so that a head cannot be moved to another
 * organisation, month or entry. */
#ifndef DIALTURN_HEADS_H
#define DIALTURN_HEADS_H
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/hash.h"
#include "model/db.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HEADS_SIG_BYTES   64  /* crypto_sign_BYTES */
#define HEADS_PK_BYTES    32  /* crypto_sign_PUBLICKEYBYTES */
#define HEADS_SK_BYTES    64  /* crypto_sign_SECRETKEYBYTES */
#define HEADS_SIG_HEX_LEN 129 /* 128 hex digits and NUL */
#define HEADS_PK_HEX_LEN  65  /* 64 hex digits and NUL */

/* One published head. */
struct published_head {
    char month[MONTH_LEN]; /* "YYYY-MM"; "" for a head given as a hash alone */
    int64_t seq;           /* the entry; 0 when given as a hash alone (found by it) */
    char hash[SHA256_HEX_LEN];
    bool has_sig; /* sig holds a signature */
    unsigned char sig[HEADS_SIG_BYTES];
    int line; /* its line in the heads file, 0 for --head */
};

/* Reads a heads file: one head a line, "MONTH SEQ HASH" or "MONTH SEQ HASH
 * SIGNATURE", fields separated by spaces or tabs; blank lines and lines
 * starting with '#' are skipped.  *out (malloc'd, the caller frees it) holds
 * *n heads.  Returns 0, or -1 with err naming the line and field. */
int heads_parse(const char *text, struct published_head **out, size_t *n, char *err, size_t errlen);

/* Reads one head given on the command line: "HASH" or "SEQ:HASH".  Returns
 * 0, or -1 with err set. */
int heads_parse_arg(const char *arg, struct published_head *h, char *err, size_t errlen);

/* Appends the canonical text a head's signature is made over (above). */
void heads_signed_text(struct buf *b, const char *slug, const char *month, int64_t seq,
                       const char *hash);

/* Signs a head with secret key sk; sig_hex gets the signature in hex. */
void heads_sign(const unsigned char sk[HEADS_SK_BYTES], const char *slug, const char *month,
                int64_t seq, const char *hash, char sig_hex[HEADS_SIG_HEX_LEN]);

/* Reads the organisation's slug into slug.  Returns 0, or -1 (db->err). */
int heads_org_slug(struct db *db, char *slug, size_t len);

/* Checks that the ledger extends every head, in order: entry SEQ exists and
 * has hash HASH (a head given as a hash alone: some entry has it).  With pk,
 * every head must carry a signature by that key over its canonical text for
 * the organisation `slug`, checked first.  The chain from the head onward is
 * ledger_verify()'s to check, which the caller runs.  Returns 0, or -1 with
 * db->err naming the first head that fails and why. */
int heads_check(struct db *db, const struct published_head *h, size_t n, const unsigned char *pk,
                const char *slug);

/* Makes a new key pair and writes the secret key to `path`, which must not
 * exist, readable by its owner only (0600); pk_hex gets the public key in
 * hex.  Returns 0, or -1 with err set. */
int heads_key_new(const char *path, char pk_hex[HEADS_PK_HEX_LEN], char *err, size_t errlen);

/* Reads the secret key written by heads_key_new().  Returns 0, or -1 with err
 * set.  The caller wipes sk (sodium_memzero) when done. */
int heads_key_read(const char *path, unsigned char sk[HEADS_SK_BYTES], char *err, size_t errlen);

/* Reads a public key given in hex.  Returns 0, or -1 if it is not 64 hex
 * digits. */
int heads_pk_parse(const char *hex, unsigned char pk[HEADS_PK_BYTES]);

#endif

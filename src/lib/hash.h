/* hash.h — SHA-256 (libsodium) as lowercase hex. */
#ifndef DIALTURN_HASH_H
#define DIALTURN_HASH_H
#include <stddef.h>

#define SHA256_HEX_LEN 65 /* 64 hex digits and NUL */

/* Hashes `a` (alen bytes) followed by `b` (blen bytes) into hex. */
void sha256_hex2(const void *a, size_t alen, const void *b, size_t blen, char out[SHA256_HEX_LEN]);
/* Initialises libsodium once; returns 0, or -1 if it cannot be used. */
int crypto_init(void);

#endif

/* hash.c — SHA-256 through libsodium. */
#include "lib/hash.h"
#include <sodium.h>

int crypto_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

void sha256_hex2(const void *a, size_t alen, const void *b, size_t blen, char out[SHA256_HEX_LEN])
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, a, alen);
    crypto_hash_sha256_update(&st, b, blen);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, SHA256_HEX_LEN, h, sizeof h);
}

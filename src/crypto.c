/*
 * libsodium wrapper.  argon2id parameters: 2 passes over 19 MiB, the
 * OWASP minimum, which keeps a login near 50 ms on one core here while
 * making offline guessing expensive.
 */
#include "crypto.h"

#include <sodium.h>
#include <string.h>

#include "str.h"

#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u * 1024u * 1024u)

int
hl_crypto_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void
hl_crypto_random(void *p, size_t len)
{
	randombytes_buf(p, len);
}

void
hl_crypto_sha256(const void *p, size_t len,
    unsigned char out[HL_CRYPTO_SHA256_LEN])
{
	crypto_hash_sha256(out, p, len);
}

void
hl_crypto_sha256_hex(const void *p, size_t len, char out[65])
{
	unsigned char h[HL_CRYPTO_SHA256_LEN];

	crypto_hash_sha256(h, p, len);
	hl_hex_encode(h, sizeof(h), out);
}

/* libsodium's init/update/final form takes a key of any length (it is
 * hashed first when longer than the block, as RFC 2104 says). */
void
hl_crypto_hmac_sha256(const void *key, size_t key_len, const void *p,
    size_t len, unsigned char out[HL_CRYPTO_SHA256_LEN])
{
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, key, key_len);
	crypto_auth_hmacsha256_update(&st, p, len);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

bool
hl_crypto_equal(const void *a, const void *b, size_t len)
{
	return sodium_memcmp(a, b, len) == 0;
}

int
hl_crypto_pwhash(const char *password, char out[HL_CRYPTO_PWHASH_LEN])
{
	if (crypto_pwhash_str_alg(out, password, strlen(password), PW_OPSLIMIT,
	        PW_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	return 0;
}

bool
hl_crypto_pwverify(const char *encoded, const char *password)
{
	return crypto_pwhash_str_verify(encoded, password, strlen(password)) ==
	    0;
}

bool
hl_crypto_pwhash_needs_rehash(const char *encoded)
{
	return crypto_pwhash_str_needs_rehash(encoded, PW_OPSLIMIT,
	           PW_MEMLIMIT) != 0;
}

/*
 * The only libsodium user: random bytes, SHA-256, HMAC-SHA256, argon2id
 * password hashes and constant-time comparison.  hl_crypto_init() must run once
 * before any thread uses the others.
 */
#ifndef HL_CRYPTO_H
#define HL_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#define HL_CRYPTO_SHA256_LEN 32
/* Longest encoded argon2id string, with its NUL. */
#define HL_CRYPTO_PWHASH_LEN 128

/* Returns 0, or -1 when libsodium cannot start (no entropy source). */
int hl_crypto_init(void);
void hl_crypto_random(void *p, size_t len);
void hl_crypto_sha256(const void *p, size_t len,
    unsigned char out[HL_CRYPTO_SHA256_LEN]);
/* SHA-256 as 64 lower-case hex characters + NUL. */
void hl_crypto_sha256_hex(const void *p, size_t len, char out[65]);
/* HMAC-SHA256 (RFC 2104) of p[0..len) under a key of any length: webhook
 * signatures (Standard Webhooks, DingTalk). */
void hl_crypto_hmac_sha256(const void *key, size_t key_len, const void *p,
    size_t len, unsigned char out[HL_CRYPTO_SHA256_LEN]);
bool hl_crypto_equal(const void *a, const void *b, size_t len);

/*
 * argon2id with at least 19 MiB of memory and 2 passes (OWASP minimum);
 * out receives the encoded string ($argon2id$v=19$m=...).  Returns 0, or
 * -1 when the memory cannot be had.
 */
int hl_crypto_pwhash(const char *password, char out[HL_CRYPTO_PWHASH_LEN]);
/* True when password matches the encoded hash. */
bool hl_crypto_pwverify(const char *encoded, const char *password);
/* True when encoded was made with weaker parameters than today's. */
bool hl_crypto_pwhash_needs_rehash(const char *encoded);

#endif /* HL_CRYPTO_H */

/* Small libc subset and console formatting for the femtosim firmware (no external libc). */
#ifndef FEMTOSIM_KLIB_H
#define FEMTOSIM_KLIB_H
#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* Formats into buf (always NUL-terminated when cap > 0); returns the length written.
 * Conversions: %d %i %u %x %X %c %s %p %% with flags '0' '-', width, and l / ll. */
size_t k_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap);
size_t k_snprintf(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Unsigned/signed 64-bit to decimal/hex text; returns length (no NUL). */
size_t k_u64_to_str(char *out, uint64_t v, unsigned base, int upper);

/* Console output of one formatted line at a time, serialised against other threads. */
void k_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void k_write(const char *s, size_t len);
#endif

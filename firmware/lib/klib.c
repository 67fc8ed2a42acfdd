/* Small libc subset and console formatting for the femtosim firmware. */
#include "klib.h"
#include "../kernel/port.h"

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
        while (n >= 4) {
            *(uint32_t *)d = *(const uint32_t *)s;
            d += 4;
            s += 4;
            n -= 4;
        }
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    while (n && ((uintptr_t)d & 3)) {
        *d++ = (uint8_t)c;
        n--;
    }
    uint32_t w = (uint8_t)c * 0x01010101u;
    while (n >= 16) {
        ((uint32_t *)d)[0] = w;
        ((uint32_t *)d)[1] = w;
        ((uint32_t *)d)[2] = w;
        ((uint32_t *)d)[3] = w;
        d += 16;
        n -= 16;
    }
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] - y[i];
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

size_t k_u64_to_str(char *out, uint64_t v, unsigned base, int upper)
{
    char tmp[24];
    size_t n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

struct sink {
    char *buf;
    size_t cap, len;
};

static void put(struct sink *s, char c)
{
    if (s->len + 1 < s->cap)
        s->buf[s->len] = c;
    s->len++;
}

static void put_padded(struct sink *s, const char *str, size_t n, int width, int zero, int left)
{
    size_t pad = width > 0 && (size_t)width > n ? (size_t)width - n : 0;
    if (!left)
        for (size_t i = 0; i < pad; i++)
            put(s, zero ? '0' : ' ');
    for (size_t i = 0; i < n; i++)
        put(s, str[i]);
    if (left)
        for (size_t i = 0; i < pad; i++)
            put(s, ' ');
}

size_t k_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
    struct sink s = {buf, cap, 0};
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&s, *p);
            continue;
        }
        p++;
        int zero = 0, left = 0, width = 0, longs = 0;
        for (;; p++) {
            if (*p == '0')
                zero = 1;
            else if (*p == '-')
                left = 1;
            else
                break;
        }
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (*p++ - '0');
        while (*p == 'l' && longs < 2) {
            longs++;
            p++;
        }
        char num[24];
        size_t n;
        switch (*p) {
        case 'd':
        case 'i': {
            int64_t v = longs == 2 ? va_arg(ap, long long) : longs == 1 ? va_arg(ap, long) : va_arg(ap, int);
            uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            n = 0;
            if (v < 0)
                num[n++] = '-';
            n += k_u64_to_str(num + n, m, 10, 0);
            put_padded(&s, num, n, width, zero, left);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = longs == 2 ? va_arg(ap, unsigned long long)
                                    : longs == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            n = k_u64_to_str(num, v, *p == 'u' ? 10 : 16, *p == 'X');
            put_padded(&s, num, n, width, zero, left);
            break;
        }
        case 'p': {
            uintptr_t v = (uintptr_t)va_arg(ap, void *);
            num[0] = '0';
            num[1] = 'x';
            n = 2 + k_u64_to_str(num + 2, v, 16, 0);
            put_padded(&s, num, n, width, 0, left);
            break;
        }
        case 'c':
            num[0] = (char)va_arg(ap, int);
            put_padded(&s, num, 1, width, 0, left);
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            put_padded(&s, str, strlen(str), width, 0, left);
            break;
        }
        case '%':
            put(&s, '%');
            break;
        case 0:
            p--;
            break;
        default:
            put(&s, '%');
            put(&s, *p);
        }
    }
    if (cap > 0)
        buf[s.len < cap ? s.len : cap - 1] = 0;
    return s.len < cap ? s.len : (cap ? cap - 1 : 0);
}

size_t k_snprintf(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = k_vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}

void k_write(const char *s, size_t len)
{
    uint32_t st = port_irq_save();
    port_console_write(s, len);
    port_irq_restore(st);
}

void k_printf(const char *fmt, ...)
{
    char line[160];
    va_list ap;
    va_start(ap, fmt);
    size_t n = k_vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    k_write(line, n);
}

/*
 * The single-precision soft-float helpers the demo needs that the lx106 libgcc of this toolchain
 * lacks: __floatunsisf and __mulsf3 (its comparisons, __eqsf2/__nesf2, are present) (IEEE 754 binary32, round to nearest even; subnormal
 * results are produced, NaN results are the default quiet NaN).
 */
#include <stdint.h>

float __floatunsisf(uint32_t u);
float __mulsf3(float a, float b);

typedef union {
    float f;
    uint32_t u;
} fbits;

static float from_bits(uint32_t u)
{
    fbits x;
    x.u = u;
    return x.f;
}

static uint32_t to_bits(float f)
{
    fbits x;
    x.f = f;
    return x.u;
}

float __floatunsisf(uint32_t u)
{
    if (u == 0)
        return from_bits(0);
    int e = 31 - __builtin_clz(u);   /* position of the leading one */
    uint32_t m;
    if (e <= 23) {
        m = u << (23 - e);
    } else {
        int sh = e - 23;
        m = u >> sh;
        uint32_t rest = u & ((1u << sh) - 1u), half = 1u << (sh - 1);
        if (rest > half || (rest == half && (m & 1u)))
            m++;
        if (m == 0x1000000u) {
            m >>= 1;
            e++;
        }
    }
    return from_bits(((uint32_t)(e + 127) << 23) | (m & 0x7FFFFFu));
}

/* Mantissa with the hidden bit and unbiased-exponent adjustment for subnormals; 0 for zero. */
static uint32_t unpack(uint32_t u, int *e)
{
    uint32_t m = u & 0x7FFFFFu;
    *e = (int)((u >> 23) & 0xFFu);
    if (*e == 0) {
        if (m == 0)
            return 0;
        *e = 1;
        while (!(m & 0x800000u)) {
            m <<= 1;
            (*e)--;
        }
        return m;
    }
    return m | 0x800000u;
}

float __mulsf3(float a, float b)
{
    uint32_t ua = to_bits(a), ub = to_bits(b);
    uint32_t sign = (ua ^ ub) & 0x80000000u;
    uint32_t aa = ua & 0x7FFFFFFFu, ab = ub & 0x7FFFFFFFu;
    if (aa > 0x7F800000u || ab > 0x7F800000u)
        return from_bits(0x7FC00000u);                       /* NaN operand */
    if (aa == 0x7F800000u || ab == 0x7F800000u) {
        if (aa == 0 || ab == 0)
            return from_bits(0x7FC00000u);                   /* inf x 0 */
        return from_bits(sign | 0x7F800000u);
    }
    int ea, eb;
    uint32_t ma = unpack(ua, &ea), mb = unpack(ub, &eb);
    if (ma == 0 || mb == 0)
        return from_bits(sign);
    uint64_t p = (uint64_t)ma * mb;                          /* in [2^46, 2^48) */
    int e = ea + eb - 127;
    if (p & ((uint64_t)1 << 47))
        e++;
    else
        p <<= 1;                                             /* now in [2^47, 2^48) */
    if (e <= 0) {                                            /* subnormal: shift right, keep a sticky bit */
        int sh = 1 - e;
        if (sh > 26)
            return from_bits(sign);
        uint64_t lost = p & (((uint64_t)1 << sh) - 1u);
        p = (p >> sh) | (lost != 0);
        e = 0;
    }
    uint32_t m = (uint32_t)(p >> 24), rest = (uint32_t)(p & 0xFFFFFFu);
    if (rest > 0x800000u || (rest == 0x800000u && (m & 1u)))
        m++;
    if (e == 0)
        return from_bits(sign | m);                          /* a carry into bit 23 makes it the smallest normal */
    if (m == 0x1000000u) {
        m >>= 1;
        e++;
    }
    if (e >= 0xFF)
        return from_bits(sign | 0x7F800000u);
    return from_bits(sign | ((uint32_t)e << 23) | (m & 0x7FFFFFu));
}

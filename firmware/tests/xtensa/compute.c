/* compute: 32- and 64-bit division, remainder and multiplication through the port's helpers
 * (firmware/ports/esp8266/div.c: the lx106 libgcc lacks them) and float helpers (softfloat.c). */
#include "esp.h"

uint32_t *rt_trap(uint32_t *frame, uint32_t exccause)
{
    puts0("unexpected exception ");
    putu(exccause);
    putc0('\n');
    flush0();
    rt_exit(90);
    return frame;
}

static volatile uint32_t u1 = 1000000007u, u2 = 13u;
static volatile int32_t s1 = -100, s2 = 7;
static volatile uint64_t w1 = 0x0123456789ABCDEFull, w2 = 1000u, w3 = 0xFFFFFFFFFFFFFFFFull, w4 = 0xFFFFFFFFFull;
static volatile int64_t v1 = -0x0123456789ABCDEFll, v2 = 7;
static volatile uint64_t m1 = 0x12345678u, m2 = 0x9ABCDEF0u, m3 = 0xFEDCBA9876543210ull, m4 = 0x0123456789ABCDEFull;
static volatile uint32_t f1 = 7u;

int main(void)
{
    UART0_CLKDIV = 80000000u / 115200u;
    check("udiv32", u1 / u2 == 76923077u);
    check("umod32", u1 % u2 == 6u);
    check("sdiv32", s1 / s2 == -14);
    check("smod32", s1 % s2 == -2);
    check("udiv64", w1 / w2 == 0x4A90BE587DE6ull);
    check("umod64", w1 % w2 == 895u);
    check("udiv64 wide divisor", w3 / w4 == 268435456u && w3 % w4 == 268435455u);
    check("sdiv64", v1 / v2 == -11712218459498127ll);
    check("smod64", v1 % v2 == -6);
    check("mul64", m1 * m2 == 0x0B00EA4E242D2080ull);
    check("mul64 wrap", m3 * m4 == 0x2236D88FE5618CF0ull);
    float f = (float)f1 * 1.5f;
    check("float", f == 10.5f && f != 10.0f);
    finish("compute");
}

/* Integer arithmetic: add/sub/mul/div (32 and 64 bits), long multiplies, shifts by register
 * (including amounts of 32 and more), bit operations. Inputs are volatile so gcc cannot fold;
 * expected values were computed on the host (Python integers). */
#include "rt/rt.h"

static volatile uint32_t va = 0x12345678u, vb = 0x9abcdef0u, vs = 7u, vzero = 0u;
static volatile int32_t vneg = -100, vmin = (int32_t)0x80000000u, vm1 = -1;
static volatile uint64_t wa = 0x0123456789abcdefull, wb = 0xfedcba9876543210ull;

static uint32_t lsl_r(uint32_t x, uint32_t n) {
  uint32_t r;
  __asm__("lsl %0, %1, %2" : "=r"(r) : "r"(x), "r"(n));
  return r;
}
static uint32_t lsr_r(uint32_t x, uint32_t n) {
  uint32_t r;
  __asm__("lsr %0, %1, %2" : "=r"(r) : "r"(x), "r"(n));
  return r;
}
static uint32_t asr_r(uint32_t x, uint32_t n) {
  uint32_t r;
  __asm__("asr %0, %1, %2" : "=r"(r) : "r"(x), "r"(n));
  return r;
}
static uint32_t ror_r(uint32_t x, uint32_t n) {
  uint32_t r;
  __asm__("ror %0, %1, %2" : "=r"(r) : "r"(x), "r"(n));
  return r;
}

int main(void) {
  uint32_t a = va, b = vb, s = vs;
  CHECK("add", a + b, 0xacf13568u);
  CHECK("sub", a - b, 0x77777788u);
  CHECK("mul", a * b, 0x242d2080u);
  CHECK("udiv", a / s, 0x0299c335u);
  CHECK("urem", a % s, 5u);
  CHECK("sdiv", vneg / (int32_t)s, -14);
  CHECK("srem", vneg % (int32_t)s, -2);
  CHECK("mla", a * b + s, 0x242d2087u);
  CHECK("mls", s - a * b, 0xdbd2df87u);
  {
    int32_t q;
    uint32_t u;
    int32_t mn = vmin, m1 = vm1;
    uint32_t z = vzero;
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(q) : "r"(mn), "r"(m1));
    CHECK("sdiv INT_MIN/-1", q, 0x80000000u);
    __asm__ volatile("udiv %0, %1, %2" : "=r"(u) : "r"(a), "r"(z));
    CHECK("udiv by 0 (no trap)", u, 0u);
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(q) : "r"(mn), "r"(z));
    CHECK("sdiv by 0 (no trap)", q, 0u);
  }
  CHECK64("umull", (uint64_t)a * b, 0x0b00ea4e242d2080ull);
  CHECK64("smull", (int64_t)(int32_t)a * (int32_t)b, 0xf8cc93d6242d2080ull);
  CHECK64("umlal", wa + (uint64_t)a * b, 0x0c242fb5add8ee6full);
  CHECK64("smlal", (int64_t)wa + (int64_t)(int32_t)a * (int32_t)b, 0xf9efd93dadd8ee6full);
  CHECK64("add64", wa + wb, 0xffffffffffffffffull);
  CHECK64("sub64", wa - wb, 0x02468acf13579bdfull);
  CHECK64("mul64", wa * wb, 0x2236d88fe5618cf0ull);
  CHECK64("udiv64", wa / 12345u, 0x0000060a45f5207dull);
  CHECK64("urem64", wa % 12345u, 0x221aull);
  CHECK64("sdiv64", -(int64_t)wa / 3, 0xff9ee8dd7cc6bb5bull);
  CHECK64("shl64", wa << 36, 0x9abcdef000000000ull);
  CHECK64("shr64", wa >> 36, 0x123456ull);
  CHECK64("asr64", (uint64_t)((int64_t)wb >> 36), 0xffffffffffedcba9ull);
  CHECK("lsl 0", lsl_r(a, 0), 0x12345678u);
  CHECK("lsl 1", lsl_r(a, 1), 0x2468acf0u);
  CHECK("lsl 31", lsl_r(a, 31), 0u);
  CHECK("lsl 32", lsl_r(a, 32), 0u);
  CHECK("lsl 33", lsl_r(b, 33), 0u);
  CHECK("lsl 256 (low byte only)", lsl_r(a, 256), 0x12345678u);
  CHECK("lsr 4", lsr_r(b, 4), 0x09abcdefu);
  CHECK("lsr 32", lsr_r(b, 32), 0u);
  CHECK("asr 31", asr_r(b, 31), 0xffffffffu);
  CHECK("asr 40", asr_r(b, 40), 0xffffffffu);
  CHECK("asr 40 positive", asr_r(a, 40), 0u);
  CHECK("ror 36", ror_r(a, 36), 0x81234567u);
  CHECK("ror 32", ror_r(a, 32), 0x12345678u);
  CHECK("clz", __builtin_clz(a), 3u);
  {
    uint32_t r;
    __asm__("rbit %0, %1" : "=r"(r) : "r"(a));
    CHECK("rbit", r, 0x1e6a2c48u);
    __asm__("rev %0, %1" : "=r"(r) : "r"(a));
    CHECK("rev", r, 0x78563412u);
    __asm__("rev16 %0, %1" : "=r"(r) : "r"(a));
    CHECK("rev16", r, 0x34127856u);
    __asm__("revsh %0, %1" : "=r"(r) : "r"(b));
    CHECK("revsh", r, 0xfffff0deu);
  }
  CHECK("ubfx", (a >> 5) & 0x3ffu, 0x2b3u);
  CHECK("sbfx", (uint32_t)((int32_t)(b << 10) >> 22), 0xffffffcdu);
  CHECK("bfi", (a & ~(0xffu << 8)) | ((b & 0xffu) << 8), 0x1234f078u);
  return rt_report("arith");
}

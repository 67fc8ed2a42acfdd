/* FPU differential check: thousands of pseudo-random FP operations (operands biased towards
 * zeros, infinities, NaNs with payloads, denormals, near-overflow and close magnitudes) in every
 * rounding mode with FZ, DN and AHP toggled, hashing each result together with the FPSCR after it
 * (NZCV and cumulative flags). The expected per-operation hashes were produced by running this
 * program on QEMU's mps2-an386 (softfloat), so femtosim's FPU is checked bit for bit against an
 * independent implementation, NaN payloads and flags included. */
#include "rt/rt.h"

#define N_ITER 1500u

static uint32_t seed = 0x9e3779b9u;
static uint32_t rnd(void) {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

static const uint32_t specials[] = {
    0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0xffc00001u, 0x7f800001u, 0xff812345u,
    0x7fbfffffu, 0x00000001u, 0x807fffffu, 0x00400000u, 0x00800000u, 0x80800000u, 0x7f7fffffu, 0xff7fffffu,
    0x3f800000u, 0xbf800000u, 0x3f000000u, 0x4b800000u, 0x4f000000u, 0xcf000000u, 0x4f800000u, 0x477ff000u,
    0x33800000u, 0x387fc000u, 0x3eaaaaabu, 0x40490fdbu,
};

static uint32_t operand(void) {
  uint32_t k = rnd() & 7u;
  if (k < 2) return specials[rnd() % (sizeof specials / sizeof specials[0])];
  if (k == 2) return (rnd() & 0x807fffffu) | ((rnd() % 3u) << 23); /* denormal or tiny */
  if (k == 3) return (rnd() & 0x807fffffu) | ((252u + rnd() % 3u) << 23); /* near overflow */
  if (k == 4) return (rnd() & 0x807fffffu) | ((120u + rnd() % 16u) << 23); /* around 1.0 */
  return rnd();
}

static inline uint32_t fbits(float f) {
  union {
    float f;
    uint32_t u;
  } x = {.f = f};
  return x.u;
}
static inline float bitsf(uint32_t u) {
  union {
    uint32_t u;
    float f;
  } x = {.u = u};
  return x.f;
}

typedef uint32_t (*op_fn)(uint32_t fpscr, uint32_t a, uint32_t b, uint32_t c, uint32_t *after);

#define OP3(name, body)                                                                            \
  static uint32_t name(uint32_t fpscr, uint32_t a, uint32_t b, uint32_t c, uint32_t *after) {     \
    float d = bitsf(c), x = bitsf(a), y = bitsf(b);                                              \
    uint32_t f;                                                                                   \
    __asm__ volatile("vmsr fpscr, %[s]\n\t" body "\n\tvmrs %[f], fpscr"                           \
                     : [d] "+&t"(d), [f] "=&r"(f)                                                 \
                     : [s] "r"(fpscr), [x] "t"(x), [y] "t"(y)                                     \
                     : "memory");                                                                 \
    *after = f;                                                                                   \
    return fbits(d);                                                                              \
  }
OP3(op_add, "vadd.f32 %[d], %[x], %[y]")
OP3(op_sub, "vsub.f32 %[d], %[x], %[y]")
OP3(op_mul, "vmul.f32 %[d], %[x], %[y]")
OP3(op_nmul, "vnmul.f32 %[d], %[x], %[y]")
OP3(op_div, "vdiv.f32 %[d], %[x], %[y]")
OP3(op_sqrt, "vsqrt.f32 %[d], %[x]")
OP3(op_mla, "vmla.f32 %[d], %[x], %[y]")
OP3(op_mls, "vmls.f32 %[d], %[x], %[y]")
OP3(op_nmla, "vnmla.f32 %[d], %[x], %[y]")
OP3(op_nmls, "vnmls.f32 %[d], %[x], %[y]")
OP3(op_fma, "vfma.f32 %[d], %[x], %[y]")
OP3(op_fms, "vfms.f32 %[d], %[x], %[y]")
OP3(op_fnma, "vfnma.f32 %[d], %[x], %[y]")
OP3(op_fnms, "vfnms.f32 %[d], %[x], %[y]")
OP3(op_cmp, "vcmp.f32 %[x], %[y]")
OP3(op_cmpe, "vcmpe.f32 %[x], %[y]")
OP3(op_cmpz, "vcmpe.f32 %[x], #0.0")
OP3(op_tos32, "vcvt.s32.f32 %[d], %[x]")
OP3(op_tou32r, "vcvtr.u32.f32 %[d], %[x]")
OP3(op_tos32r, "vcvtr.s32.f32 %[d], %[x]")
OP3(op_froms32, "vcvt.f32.s32 %[d], %[x]")
OP3(op_fromu32, "vcvt.f32.u32 %[d], %[x]")
OP3(op_tofix, "vmov.f32 %[d], %[x]\n\tvcvt.s16.f32 %[d], %[d], #4")
OP3(op_tofixu, "vmov.f32 %[d], %[x]\n\tvcvt.u32.f32 %[d], %[d], #20")
OP3(op_fromfix, "vmov.f32 %[d], %[x]\n\tvcvt.f32.s32 %[d], %[d], #7")
OP3(op_tohalf, "vcvtb.f16.f32 %[d], %[x]")
OP3(op_tohalft, "vcvtt.f16.f32 %[d], %[x]")
OP3(op_fromhalf, "vcvtb.f32.f16 %[d], %[x]")
OP3(op_fromhalft, "vcvtt.f32.f16 %[d], %[x]")

static const struct {
  const char *name;
  op_fn fn;
  uint32_t want;
} ops[] = {
#include "fprand_expected.h"
};

int main(void) {
  for (unsigned k = 0; k < sizeof ops / sizeof ops[0]; k++) {
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < N_ITER; i++) {
      uint32_t ctl = rnd();
      uint32_t fpscr = (ctl & (3u << 22)) | ((ctl & 0x700u) == 0x100u ? 1u << 24 : 0u) |
                       ((ctl & 0x7000u) == 0x1000u ? 1u << 25 : 0u) | ((ctl & 0x70000u) == 0x10000u ? 1u << 26 : 0u);
      uint32_t a = operand(), b = operand(), c = operand(), after;
      uint32_t r = ops[k].fn(fpscr, a, b, c, &after);
#ifdef FPRAND_DUMP
      if (k == FPRAND_DUMP) {
        out_hex(fpscr); out_str(" "); out_hex(a); out_str(" "); out_hex(b); out_str(" "); out_hex(c);
        out_str(" -> "); out_hex(r); out_str(" "); out_hex(after); out_nl();
      }
#endif
      h = (h ^ r) * 16777619u;
      h = (h ^ after) * 16777619u;
    }
    set_fpscr(0);
#ifdef FPRAND_PRINT
    out_str("  FPOP(");
    out_str(ops[k].name);
    out_str(", ");
    out_hex(h);
    out_str("),\n");
#else
    CHECK(ops[k].name, h, ops[k].want);
#endif
  }
  return rt_report("fprand");
}

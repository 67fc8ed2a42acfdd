/* FPv4-SP: arithmetic in all rounding modes, cumulative exception flags, flush-to-zero, default
 * NaN, NaN propagation, comparisons, conversions (integer, fixed point, half precision), fused
 * versus chained multiply-accumulate, and FP loads/stores/moves. Operations under a chosen FPSCR
 * are done in inline asm so gcc cannot move them across the FPSCR writes. Expected values were
 * computed on the host (Python: exact fractions rounded by rule; struct for half precision). */
#include "rt/rt.h"

#define RN (0u << 22)
#define RP (1u << 22)
#define RM (2u << 22)
#define RZ (3u << 22)
#define FZ (1u << 24)
#define DN (1u << 25)
#define IOC 0x01u
#define DZC 0x02u
#define OFC 0x04u
#define UFC 0x08u
#define IXC 0x10u
#define IDC 0x80u

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

static uint32_t flags; /* FPSCR & 0x9f after the last operation */

/* Two-operand operation under FPSCR = fpscr; result bits, flags in `flags`. */
#define FPOP2(name, insn)                                                                       \
  static uint32_t name(uint32_t fpscr, uint32_t a, uint32_t b) {                               \
    float r, x = bitsf(a), y = bitsf(b);                                                       \
    uint32_t f;                                                                                \
    __asm__ volatile("vmsr fpscr, %[s]\n\t" insn " %[r], %[x], %[y]\n\tvmrs %[f], fpscr\n\tvmsr fpscr, %[z]" \
                     : [r] "=&t"(r), [f] "=&r"(f)                                              \
                     : [s] "r"(fpscr), [x] "t"(x), [y] "t"(y), [z] "r"(0)                      \
                     : "memory");                                                              \
    flags = f & 0x9fu;                                                                         \
    return fbits(r);                                                                           \
  }
#define FPOP1(name, insn)                                                                       \
  static uint32_t name(uint32_t fpscr, uint32_t a) {                                           \
    float r, x = bitsf(a);                                                                     \
    uint32_t f;                                                                                \
    __asm__ volatile("vmsr fpscr, %[s]\n\t" insn " %[r], %[x]\n\tvmrs %[f], fpscr\n\tvmsr fpscr, %[z]" \
                     : [r] "=&t"(r), [f] "=&r"(f)                                              \
                     : [s] "r"(fpscr), [x] "t"(x), [z] "r"(0)                                  \
                     : "memory");                                                              \
    flags = f & 0x9fu;                                                                         \
    return fbits(r);                                                                           \
  }
/* Three-operand accumulate forms: d = acc, then "insn d, a, b". */
#define FPOP3(name, insn)                                                                       \
  static uint32_t name(uint32_t fpscr, uint32_t acc, uint32_t a, uint32_t b) {                 \
    float r = bitsf(acc), x = bitsf(a), y = bitsf(b);                                          \
    uint32_t f;                                                                                \
    __asm__ volatile("vmsr fpscr, %[s]\n\t" insn " %[r], %[x], %[y]\n\tvmrs %[f], fpscr\n\tvmsr fpscr, %[z]" \
                     : [r] "+&t"(r), [f] "=&r"(f)                                              \
                     : [s] "r"(fpscr), [x] "t"(x), [y] "t"(y), [z] "r"(0)                      \
                     : "memory");                                                              \
    flags = f & 0x9fu;                                                                         \
    return fbits(r);                                                                           \
  }
FPOP2(vadd, "vadd.f32")
FPOP2(vsub, "vsub.f32")
FPOP2(vmul, "vmul.f32")
FPOP2(vdiv, "vdiv.f32")
FPOP2(vnmul, "vnmul.f32")
FPOP1(vsqrt, "vsqrt.f32")
FPOP1(vcvt_s32, "vcvt.s32.f32")
FPOP1(vcvtr_s32, "vcvtr.s32.f32")
FPOP1(vcvt_u32, "vcvt.u32.f32")
FPOP1(vcvt_f32_s32, "vcvt.f32.s32")
FPOP1(vcvt_f32_u32, "vcvt.f32.u32")
FPOP1(vcvtb_f16, "vcvtb.f16.f32")
FPOP1(vcvtt_f32_f16, "vcvtt.f32.f16")
FPOP3(vmla, "vmla.f32")
FPOP3(vmls, "vmls.f32")
FPOP3(vnmla, "vnmla.f32")
FPOP3(vnmls, "vnmls.f32")
FPOP3(vfma, "vfma.f32")
FPOP3(vfms, "vfms.f32")
FPOP3(vfnma, "vfnma.f32")
FPOP3(vfnms, "vfnms.f32")

/* Compare under FPSCR = 0: returns FPSCR (NZCV and flags). */
static uint32_t vcmp(uint32_t a, uint32_t b, int e) {
  float x = bitsf(a), y = bitsf(b);
  uint32_t f;
  if (e)
    __asm__ volatile("vmsr fpscr, %[z]\n\tvcmpe.f32 %[x], %[y]\n\tvmrs %[f], fpscr" : [f] "=r"(f) : [x] "t"(x), [y] "t"(y), [z] "r"(0) : "memory");
  else
    __asm__ volatile("vmsr fpscr, %[z]\n\tvcmp.f32 %[x], %[y]\n\tvmrs %[f], fpscr" : [f] "=r"(f) : [x] "t"(x), [y] "t"(y), [z] "r"(0) : "memory");
  set_fpscr(0);
  return f;
}

#define CHECKF(name, got, want_bits, want_flags) \
  do {                                           \
    uint32_t g_ = (got);                         \
    CHECK(name, g_, want_bits);                  \
    CHECK(name " flags", flags, want_flags);     \
  } while (0)

static volatile float va = 1.1f, vb = 2.2f;
static volatile int32_t vi100 = 100;

int main(void) {
  const uint32_t A = 0x3f8ccccdu, B = 0x400ccccdu, ONE = 0x3f800000u, THREE = 0x40400000u, TWO = 0x40000000u;
  /* plain C on volatile inputs (round to nearest) */
  CHECK("c add", fbits(va + vb), 0x40533334u);
  CHECK("c sub", fbits(va - vb), 0xbf8ccccdu);
  CHECK("c mul", fbits(va * vb), 0x401ae148u);
  CHECK("c div", fbits(va / vb), 0x3f000000u);
  CHECK("c sqrt", fbits(__builtin_sqrtf(vb)), 0x3fbddacdu);
  {
    float s = 0.0f;
    for (int32_t i = 1; i <= vi100; i++) s += 1.0f / (float)i;
    CHECK("harmonic sum", fbits(s), 0x40a5ff00u);
  }
  /* rounding modes */
  CHECKF("add RN", vadd(RN, A, B), 0x40533334u, IXC);
  CHECKF("add RP", vadd(RP, A, B), 0x40533334u, IXC);
  CHECKF("add RM", vadd(RM, A, B), 0x40533333u, IXC);
  CHECKF("add RZ", vadd(RZ, A, B), 0x40533333u, IXC);
  CHECKF("mul RN", vmul(RN, A, B), 0x401ae148u, IXC);
  CHECKF("mul RP", vmul(RP, A, B), 0x401ae149u, IXC);
  CHECKF("mul RZ", vmul(RZ, A, B), 0x401ae148u, IXC);
  CHECKF("div 1/3 RN", vdiv(RN, ONE, THREE), 0x3eaaaaabu, IXC);
  CHECKF("div 1/3 RP", vdiv(RP, ONE, THREE), 0x3eaaaaabu, IXC);
  CHECKF("div 1/3 RM", vdiv(RM, ONE, THREE), 0x3eaaaaaau, IXC);
  CHECKF("div 1/3 RZ", vdiv(RZ, ONE, THREE), 0x3eaaaaaau, IXC);
  CHECKF("div -1/3 RP", vdiv(RP, ONE | 0x80000000u, THREE), 0xbeaaaaaau, IXC);
  CHECKF("div -1/3 RM", vdiv(RM, ONE | 0x80000000u, THREE), 0xbeaaaaabu, IXC);
  CHECKF("div exact", vdiv(RN, A, B), 0x3f000000u, 0);
  CHECKF("sqrt 2 RN", vsqrt(RN, TWO), 0x3fb504f3u, IXC);
  CHECKF("sqrt 2 RP", vsqrt(RP, TWO), 0x3fb504f4u, IXC);
  CHECKF("sqrt 2 RZ", vsqrt(RZ, TWO), 0x3fb504f3u, IXC);
  CHECKF("sqrt 2.2 RM", vsqrt(RM, B), 0x3fbddaccu, IXC);
  CHECKF("sqrt 4 exact", vsqrt(RZ, 0x40800000u), TWO, 0);
  /* exceptions */
  CHECKF("1/0", vdiv(RN, ONE, 0), 0x7f800000u, DZC);
  CHECKF("0/0", vdiv(RN, 0, 0), 0x7fc00000u, IOC);
  CHECKF("inf-inf", vsub(RN, 0x7f800000u, 0x7f800000u), 0x7fc00000u, IOC);
  CHECKF("sqrt -1", vsqrt(RN, 0xbf800000u), 0x7fc00000u, IOC);
  CHECKF("max*2 RN", vmul(RN, 0x7f7fffffu, TWO), 0x7f800000u, OFC | IXC);
  CHECKF("max*2 RZ", vmul(RZ, 0x7f7fffffu, TWO), 0x7f7fffffu, OFC | IXC);
  CHECKF("-max*2 RP", vmul(RP, 0xff7fffffu, TWO), 0xff7fffffu, OFC | IXC);
  CHECKF("1e-30^2", vmul(RN, 0x0da24260u, 0x0da24260u), 0u, UFC | IXC);
  CHECKF("1e-30^2 RP", vmul(RP, 0x0da24260u, 0x0da24260u), 1u, UFC | IXC);
  CHECKF("exact subnormal", vmul(RN, 0x00800000u, 0x3f000000u), 0x00400000u, 0);
  CHECKF("FZ input", vadd(FZ, 0x00400000u, 0), 0u, IDC);
  CHECKF("FZ output", vmul(FZ, 0x0d800000u, 0x30800000u), 0u, UFC);
  CHECKF("sNaN quietened", vadd(RN, 0x7f800001u, ONE), 0x7fc00001u, IOC);
  CHECKF("sNaN DN", vadd(DN, 0x7f800001u, ONE), 0x7fc00000u, IOC);
  CHECKF("qNaN propagates", vadd(RN, ONE, 0xffc00005u), 0xffc00005u, 0);
  CHECKF("sNaN before qNaN", vmul(RN, 0x7fc00002u, 0xff800003u), 0xffc00003u, IOC);
  CHECKF("vnmul", vnmul(RN, TWO, THREE), 0xc0c00000u, 0);
  /* compare: NZCV in FPSCR[31:28] */
  CHECK("vcmp 1<3", vcmp(ONE, THREE, 0) >> 28, 0x8u);
  CHECK("vcmp 3=3", vcmp(THREE, THREE, 0) >> 28, 0x6u);
  CHECK("vcmp 3>1", vcmp(THREE, ONE, 0) >> 28, 0x2u);
  CHECK("vcmp -0=0", vcmp(0x80000000u, 0, 0) >> 28, 0x6u);
  CHECK("vcmp qNaN", vcmp(0x7fc00000u, ONE, 0), 0x30000000u);
  CHECK("vcmpe qNaN", vcmp(0x7fc00000u, ONE, 1), 0x30000000u | IOC);
  {
    volatile float nan = bitsf(0x7fc00000u);
    float n = nan;
    CHECK_TRUE("nan != nan", n != n);
    CHECK_TRUE("!(nan < 1)", !(n < 1.0f));
  }
  /* conversions */
  CHECKF("cvt 2.7", vcvt_s32(RN, 0x402ccccdu), 2u, IXC);
  CHECKF("cvt -2.7", vcvt_s32(RN, 0xc02ccccdu), 0xfffffffeu, IXC);
  CHECKF("cvt 3e9 sat", vcvt_s32(RN, 0x4f32d05eu), 0x7fffffffu, IOC);
  CHECKF("cvt NaN", vcvt_s32(RN, 0x7fc00000u), 0u, IOC);
  CHECKF("cvt u32 -1", vcvt_u32(RN, 0xbf800000u), 0u, IOC);
  CHECKF("cvt u32 -0.5", vcvt_u32(RN, 0xbf000000u), 0u, IXC);
  CHECKF("cvtr 2.5 RN", vcvtr_s32(RN, 0x40200000u), 2u, IXC);
  CHECKF("cvtr 3.5 RN", vcvtr_s32(RN, 0x40600000u), 4u, IXC);
  CHECKF("cvtr -2.5 RN", vcvtr_s32(RN, 0xc0200000u), 0xfffffffeu, IXC);
  CHECKF("cvtr -2.5 RM", vcvtr_s32(RM, 0xc0200000u), 0xfffffffdu, IXC);
  CHECKF("cvtr 2.1 RP", vcvtr_s32(RP, 0x40066666u), 3u, IXC);
  CHECKF("cvt f32 16777217", vcvt_f32_s32(RN, 16777217u), 0x4b800000u, IXC);
  CHECKF("cvt f32 -1", vcvt_f32_s32(RN, 0xffffffffu), 0xbf800000u, 0);
  CHECKF("cvt f32 u32max", vcvt_f32_u32(RN, 0xffffffffu), 0x4f800000u, IXC);
  CHECKF("cvt f32 u32max RZ", vcvt_f32_u32(RZ, 0xffffffffu), 0x4f7fffffu, IXC);
  {
    float r = bitsf(0x3fc00000u);
    uint32_t u;
    __asm__ volatile("vcvt.s32.f32 %[r], %[r], #16\n\tvmov %[u], %[r]" : [r] "+t"(r), [u] "=r"(u));
    CHECK("cvt fixed s32 #16", u, 0x18000u);
    r = bitsf(0x180u);
    __asm__ volatile("vcvt.f32.u16 %[r], %[r], #8\n\tvmov %[u], %[r]" : [r] "+t"(r), [u] "=r"(u));
    CHECK("cvt fixed u16 #8", u, 0x3fc00000u);
  }
  CHECKF("cvtb f16 1/3", vcvtb_f16(RN, 0x3eaaaaabu) & 0xffffu, 0x3555u, IXC);
  CHECKF("cvtb f16 65520", vcvtb_f16(RN, 0x477ff000u) & 0xffffu, 0x7c00u, OFC | IXC);
  CHECKF("cvtb f16 65504", vcvtb_f16(RN, 0x477fe000u) & 0xffffu, 0x7bffu, 0);
  CHECKF("cvtt f32 f16", vcvtt_f32_f16(RN, 0x3c000000u), ONE, 0);
  CHECKF("cvtt f32 f16 subnormal", vcvtt_f32_f16(RN, 0x00010000u), 0x33800000u, 0);
  /* multiply-accumulate: chained (two roundings) versus fused (one) */
  CHECKF("vmla 10+2*3", vmla(RN, 0x41200000u, TWO, THREE), 0x41800000u, 0);
  CHECKF("vmls 10-2*3", vmls(RN, 0x41200000u, TWO, THREE), 0x40800000u, 0);
  CHECKF("vnmla -10-2*3", vnmla(RN, 0x41200000u, TWO, THREE), 0xc1800000u, 0);
  CHECKF("vnmls -10+2*3", vnmls(RN, 0x41200000u, TWO, THREE), 0xc0800000u, 0);
  CHECKF("vfma 10+2*3", vfma(RN, 0x41200000u, TWO, THREE), 0x41800000u, 0);
  CHECKF("vfms 10-2*3", vfms(RN, 0x41200000u, TWO, THREE), 0x40800000u, 0);
  CHECKF("vfnma -10-2*3", vfnma(RN, 0x41200000u, TWO, THREE), 0xc1800000u, 0);
  CHECKF("vfnms -10+2*3", vfnms(RN, 0x41200000u, TWO, THREE), 0xc0800000u, 0);
  CHECKF("vfma single rounding", vfma(RN, 0xbf800652u, 0x3f80044du, 0x3f800205u), 0x320af810u, 0);
  CHECKF("vmla double rounding", vmla(RN, 0xbf800652u, 0x3f80044du, 0x3f800205u), 0u, IXC);
  CHECK("fmaf builtin", fbits(__builtin_fmaf(bitsf(0x3f80044du) + va * 0.0f, bitsf(0x3f800205u), bitsf(0xbf800652u))), 0x320af810u);
  /* moves, loads and stores */
  {
    float r;
    uint32_t u;
    __asm__ volatile("vmov.f32 %[r], #-1.5\n\tvmov %[u], %[r]" : [r] "=t"(r), [u] "=r"(u));
    CHECK("vmov imm", u, 0xbfc00000u);
    __asm__ volatile("vabs.f32 %[r], %[r]\n\tvmov %[u], %[r]" : [r] "+t"(r), [u] "=r"(u));
    CHECK("vabs", u, 0x3fc00000u);
    __asm__ volatile("vneg.f32 %[r], %[r]\n\tvmov %[u], %[r]" : [r] "+t"(r), [u] "=r"(u));
    CHECK("vneg", u, 0xbfc00000u);
  }
  {
    static uint32_t src[4] = {0x3f800000u, 0x40000000u, 0x40400000u, 0x40800000u};
    static uint32_t dst[6];
    uint32_t *d = dst, *sp0, *sp1;
    __asm__ volatile(
        "mov %[s0], sp\n\t"
        "vldmia %[src], {s16-s19}\n\t"
        "vpush {s16-s19}\n\t"
        "vmov.f32 s16, #1.0\n\t"
        "vpop {s20-s23}\n\t"
        "mov %[s1], sp\n\t"
        "vstmia %[d]!, {s20-s23}\n\t"
        "vldr d8, [%[src], #8]\n\t"
        "vstr d8, [%[d]]\n\t"
        : [d] "+r"(d), [s0] "=&r"(sp0), [s1] "=&r"(sp1)
        : [src] "r"(src)
        : "memory", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23");
    CHECK("vpush/vpop balance", (uint32_t)(sp1 - sp0), 0u);
    CHECK("vstmia writeback", (uint32_t)(d - dst), 4u);
    CHECK("vldm/vpush/vpop/vstm 0", dst[0], 0x3f800000u);
    CHECK("vldm/vpush/vpop/vstm 3", dst[3], 0x40800000u);
    CHECK("vldr/vstr d lo", dst[4], 0x40400000u);
    CHECK("vldr/vstr d hi", dst[5], 0x40800000u);
  }
  {
    uint32_t lo = 0x11223344u, hi = 0x55667788u, x, y;
    __asm__ volatile("vmov d9, %[lo], %[hi]\n\tvmov %[y], %[x], s18, s19"
                     : [x] "=&r"(x), [y] "=&r"(y)
                     : [lo] "r"(lo), [hi] "r"(hi)
                     : "s18", "s19");
    CHECK("vmov d from core: hi", x, 0x55667788u);
    CHECK("vmov d from core: lo", y, 0x11223344u);
  }
  /* VMRS APSR_nzcv drives a conditional branch */
  {
    uint32_t r;
    float x = bitsf(ONE), y = bitsf(THREE);
    __asm__ volatile("vcmp.f32 %[x], %[y]\n\tvmrs APSR_nzcv, fpscr\n\tite mi\n\tmovmi %[r], #1\n\tmovpl %[r], #0"
                     : [r] "=r"(r)
                     : [x] "t"(x), [y] "t"(y)
                     : "cc");
    CHECK("vmrs APSR_nzcv", r, 1u);
  }
  set_fpscr(0);
  return rt_report("fpu");
}

/* DSP extension: SIMD add/subtract (with GE), saturating arithmetic, multiply-accumulate and
 * packing through the arm_acle.h intrinsics (asm where ACLE has none). Inputs volatile; expected
 * values computed on the host (Python, lane by lane). */
#include <arm_acle.h>
#include "rt/rt.h"

static volatile uint32_t vA = 0x7f80ff01u, vB = 0x01800101u, vC = 0x12345678u, vD = 0x9abcdef0u,
                         vE = 0x80017fffu, vF = 0x7fff8000u;

#define ASM2(insn, a, b)                                               \
  ({                                                                  \
    uint32_t r_;                                                      \
    __asm__(insn " %0, %1, %2" : "=r"(r_) : "r"(a), "r"(b));          \
    r_;                                                               \
  })
#define ASM3(insn, a, b, c)                                            \
  ({                                                                  \
    uint32_t r_;                                                      \
    __asm__(insn " %0, %1, %2, %3" : "=r"(r_) : "r"(a), "r"(b), "r"(c)); \
    r_;                                                               \
  })

int main(void) {
  uint32_t A = vA, B = vB, C = vC, D = vD, E = vE, F = vF;
  CHECK("sadd8", __sadd8(A, B), 0x80000002u);
  CHECK("ssub8", __ssub8(A, B), 0x7e00fe00u);
  CHECK("qadd8", __qadd8(A, B), 0x7f800002u);
  CHECK("qsub8", __qsub8(A, B), 0x7e00fe00u);
  CHECK("shadd8", __shadd8(A, B), 0x40800001u);
  CHECK("uadd8", __uadd8(C, D), 0xacf03468u);
  CHECK("uqadd8", __uqadd8(C, D), 0xacf0ffffu);
  CHECK("uqsub8", __uqsub8(C, D), 0u);
  CHECK("uhadd8", __uhadd8(C, D), 0x56789ab4u);
  CHECK("sadd16", __sadd16(E, F), 0x0000ffffu);
  CHECK("qadd16", __qadd16(E, F), 0x0000ffffu);
  CHECK("qsub16", __qsub16(E, F), 0x80007fffu);
  CHECK("shsub16", __shsub16(E, F), 0x80017fffu);
  CHECK("uqsub16", __uqsub16(C, D), 0u);
  CHECK("sasx", __sasx(E, F), 0x00010000u);
  CHECK("ssax", __ssax(E, F), 0x0001fffeu);
  CHECK("qasx", __qasx(E, F), 0x80000000u);
  CHECK("uhsax", __uhsax(C, D), 0x99a2789au);
  CHECK("usad8", __usad8(C, D), 0x210u);
  CHECK("usada8", __usada8(C, D, 1000u), 0x5f8u);
  CHECK("smuad", __smuad(C, D), 0xeda1c6b0u);
  CHECK("smuadx", __smuadx(C, D), 0xdb71d8e0u);
  CHECK("smusd", __smusd(C, D), 0xfc087a50u);
  CHECK("smlad", __smlad(C, D, 100), 0xeda1c714u);
  CHECK("smlsd", __smlsd(C, D, 100), 0xfc087ab4u);
  CHECK64("smlald", __smlald(C, D, 0x100000000ll), 0x00000000eda1c6b0ull);
  CHECK64("smlsld", __smlsld(C, D, -5ll), 0xfffffffffc087a4bull);
  CHECK("smulbb", ASM2("smulbb", C, D), 0xf4d52080u);
  CHECK("smultt", ASM2("smultt", C, D), 0xf8cca630u);
  CHECK("smulbt", ASM2("smulbt", C, D), 0xddcbb020u);
  CHECK("smlabb", __smlabb(C, D, 7), 0xf4d52087u);
  CHECK("smulwb", ASM2("smulwb", C, D), 0xfda61d95u);
  CHECK("smlawt", __smlawt(C, D, 7), 0xf8cc8402u);
  CHECK("smmul", ASM2("smmul", C, D), 0xf8cc93d6u);
  CHECK("smmulr", ASM2("smmulr", C, D), 0xf8cc93d6u);
  CHECK("smmla", ASM3("smmla", C, D, 1u), 0xf8cc93d7u);
  CHECK("smmls", ASM3("smmls", C, D, 1u), 0x07336c2au);
  CHECK("qadd", __qadd(0x7ffffff0 + (int32_t)(A & 0), 0x100), 0x7fffffffu);
  CHECK("qsub", __qsub((int32_t)0x80000010u + (int32_t)(A & 0), 0x100), 0x80000000u);
  CHECK("qdadd", ASM2("qdadd", 0x10000000u | (A & 0), 0x50000000u | (A & 0)), 0x7fffffffu);
  {
    volatile int32_t p300 = 300, m300 = -300, m5 = -5;
    CHECK("ssat 8 300", __ssat(p300, 8), 0x7fu);
    CHECK("ssat 8 -300", __ssat(m300, 8), 0xffffff80u);
    CHECK("usat 8 -5", __usat(m5, 8), 0u);
    CHECK("usat 8 300", __usat(p300, 8), 0xffu);
  }
  CHECK("ssat16", __ssat16(E, 8), 0xff80007fu);
  CHECK("usat16", __usat16(E, 8), 0x000000ffu);
  CHECK("sxtb16", __sxtb16(C), 0x00340078u);
  CHECK("uxtb16", __uxtb16(C), 0x00340078u);
  CHECK("sxtab16", __sxtab16(D, C), 0x9af0df68u);
  CHECK("uxtab16", __uxtab16(D, C), 0x9af0df68u);
  CHECK("sxtah", ASM2("sxtah", D, C), 0x9abd3568u);
  {
    uint32_t r;
    __asm__("pkhbt %0, %1, %2, lsl #8" : "=r"(r) : "r"(C), "r"(D));
    CHECK("pkhbt", r, 0xbcde5678u);
    __asm__("pkhtb %0, %1, %2, asr #8" : "=r"(r) : "r"(C), "r"(D));
    CHECK("pkhtb", r, 0x1234bcdeu);
  }
  /* a small dot product with SMLAD, as CMSIS-DSP kernels do */
  {
    static volatile int16_t x[8] = {1000, -2000, 3000, -4000, 5000, -6000, 7000, -8000};
    static volatile int16_t y[8] = {-3, 5, -7, 11, -13, 17, -19, 23};
    int32_t acc = 0;
    for (int i = 0; i < 8; i += 2) {
      uint32_t xp = (uint16_t)x[i] | ((uint32_t)(uint16_t)x[i + 1] << 16);
      uint32_t yp = (uint16_t)y[i] | ((uint32_t)(uint16_t)y[i + 1] << 16);
      acc = __smlad(xp, yp, acc);
    }
    CHECK("smlad dot product", acc, (uint32_t)-562000);
  }
  return rt_report("dsp");
}

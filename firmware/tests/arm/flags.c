/* Flags and condition codes: NZCV after arithmetic/logic/shift instructions with known inputs
 * (inline asm), every condition code for all 16 NZCV values, the sticky Q flag and the GE flags.
 * Expected values computed on the host. */
#include "rt/rt.h"

static volatile uint32_t v1 = 1, v2 = 2, v3 = 3, v5 = 5, vmax = 0x7fffffffu, vall = 0xffffffffu,
                         vmin = 0x80000000u, vzero = 0;

/* Runs "insn r, a, b" with APSR.NZCVQ preset to pre; returns APSR.NZCVQ after it. */
#define FLAGS3(insn, pre, a, b, res)                                                              \
  ({                                                                                            \
    uint32_t f_;                                                                                \
    __asm__ volatile("msr APSR_nzcvq, %[p]\n\t" insn " %[r], %[x], %[y]\n\tmrs %[f], apsr"          \
                     : [r] "=&r"(res), [f] "=&r"(f_)                                            \
                     : [p] "r"(pre), [x] "r"(a), [y] "r"(b)                                     \
                     : "cc");                                                                   \
    f_ & 0xf8000000u;                                                                           \
  })
/* Compare-type instructions without a destination. */
#define FLAGS2(insn, pre, a, b)                                                                   \
  ({                                                                                            \
    uint32_t f_;                                                                                \
    __asm__ volatile("msr APSR_nzcvq, %[p]\n\t" insn " %[x], %[y]\n\tmrs %[f], apsr"                 \
                     : [f] "=&r"(f_)                                                            \
                     : [p] "r"(pre), [x] "r"(a), [y] "r"(b)                                     \
                     : "cc");                                                                   \
    f_ & 0xf8000000u;                                                                           \
  })
/* Shift by immediate: "insn r, a, #imm". */
#define FLAGSI(insn, pre, a, res)                                                                 \
  ({                                                                                            \
    uint32_t f_;                                                                                \
    __asm__ volatile("msr APSR_nzcvq, %[p]\n\t" insn "\n\tmrs %[f], apsr"                           \
                     : [r] "=&r"(res), [f] "=&r"(f_)                                            \
                     : [p] "r"(pre), [x] "r"(a)                                                 \
                     : "cc");                                                                   \
    f_ & 0xf8000000u;                                                                           \
  })

#define COND_FN(c, inv)                                                                           \
  static uint32_t cond_##c(uint32_t nzcv) {                                                     \
    uint32_t r;                                                                                 \
    __asm__ volatile("msr APSR_nzcvq, %[p]\n\tite " #c "\n\tmov" #c " %[r], #1\n\tmov" #inv " %[r], #0" \
                     : [r] "=r"(r)                                                              \
                     : [p] "r"(nzcv << 28)                                                      \
                     : "cc");                                                                   \
    return r;                                                                                   \
  }
COND_FN(eq, ne)
COND_FN(ne, eq)
COND_FN(cs, cc)
COND_FN(cc, cs)
COND_FN(mi, pl)
COND_FN(pl, mi)
COND_FN(vs, vc)
COND_FN(vc, vs)
COND_FN(hi, ls)
COND_FN(ls, hi)
COND_FN(ge, lt)
COND_FN(lt, ge)
COND_FN(gt, le)
COND_FN(le, gt)

struct cond_case {
  const char *name;
  uint32_t (*fn)(uint32_t);
  uint32_t mask; /* bit i set: the condition passes with NZCV = i */
};
static const struct cond_case conds[] = {
    {"eq", cond_eq, 0xf0f0}, {"ne", cond_ne, 0x0f0f}, {"cs", cond_cs, 0xcccc}, {"cc", cond_cc, 0x3333},
    {"mi", cond_mi, 0xff00}, {"pl", cond_pl, 0x00ff}, {"vs", cond_vs, 0xaaaa}, {"vc", cond_vc, 0x5555},
    {"hi", cond_hi, 0x0c0c}, {"ls", cond_ls, 0xf3f3}, {"ge", cond_ge, 0xaa55}, {"lt", cond_lt, 0x55aa},
    {"gt", cond_gt, 0x0a05}, {"le", cond_le, 0xf5fa},
};

int main(void) {
  uint32_t r;
  const uint32_t C = 0x20000000u, CV = 0x30000000u;
  CHECK("adds 7fffffff+1", FLAGS3("adds", 0, vmax, v1, r), 0x90000000u);
  CHECK("adds result", r, 0x80000000u);
  CHECK("adds ffffffff+1", FLAGS3("adds", 0, vall, v1, r), 0x60000000u);
  CHECK("adds 1+2", FLAGS3("adds", 0, v1, v2, r), 0u);
  CHECK("subs 5-5", FLAGS3("subs", 0, v5, v5, r), 0x60000000u);
  CHECK("subs 3-5", FLAGS3("subs", 0, v3, v5, r), 0x80000000u);
  CHECK("subs 80000000-1", FLAGS3("subs", 0, vmin, v1, r), 0x30000000u);
  CHECK("adcs ffffffff+0+C", FLAGS3("adcs", C, vall, vzero, r), 0x60000000u);
  CHECK("adcs 1+1+C", FLAGS3("adcs", C, v1, v1, r), 0u);
  CHECK("adcs 1+1+C result", r, 3u);
  CHECK("sbcs 5-5 no C", FLAGS3("sbcs", 0, v5, v5, r), 0x80000000u);
  CHECK("sbcs 5-5 no C result", r, 0xffffffffu);
  CHECK("sbcs 5-5 C", FLAGS3("sbcs", C, v5, v5, r), 0x60000000u);
  CHECK("lsls #1", FLAGSI("lsls %[r], %[x], #1", 0, 0x80000001u, r), 0x20000000u);
  CHECK("lsls #1 result", r, 2u);
  CHECK("lsrs #1", FLAGSI("lsrs %[r], %[x], #1", 0, v1, r), 0x60000000u);
  CHECK("asrs #31", FLAGSI("asrs %[r], %[x], #31", 0, vmin, r), 0x80000000u);
  CHECK("rors #1", FLAGSI("rors %[r], %[x], #1", 0, v1, r), 0xa0000000u);
  CHECK("lsls by register 33", FLAGS3("lsls", 0, vall, 33u, r), 0x40000000u);
  CHECK("lsrs by register 32", FLAGS3("lsrs", 0, vmin, 32u, r), 0x60000000u);
  CHECK("cmp 1,2", FLAGS2("cmp", 0, v1, v2), 0x80000000u);
  CHECK("cmn ffffffff,1", FLAGS2("cmn", 0, vall, v1), 0x60000000u);
  CHECK("tst f0,0f keeps C,V", FLAGS2("tst", CV, 0xf0u, 0x0fu), 0x70000000u);
  CHECK("teq 80000000,0", FLAGS2("teq", 0, vmin, vzero), 0x80000000u);
  {
    uint32_t f, m = 0x10000u;
    /* 16-bit MULS (Rd == Rm, low registers): N and Z only */
    __asm__ volatile("msr APSR_nzcvq, %[p]\n\tmov %[r], %[x]\n\tmuls %[r], %[x], %[r]\n\tmrs %[f], apsr"
                     : [r] "=&l"(r), [f] "=&r"(f)
                     : [p] "r"(CV), [x] "l"(m)
                     : "cc");
    CHECK("muls keeps C,V", f & 0xf8000000u, 0x70000000u);
  }
  CHECK("ands shifter carry", FLAGSI("ands %[r], %[x], %[x], lsl #1", 0, vmin, r), 0x60000000u);
  CHECK("orrs keeps V", FLAGS3("orrs", 0x10000000u, vmin, vzero, r), 0x90000000u);

  for (unsigned i = 0; i < sizeof conds / sizeof conds[0]; i++) {
    uint32_t got = 0;
    for (uint32_t nzcv = 0; nzcv < 16; nzcv++) got |= conds[i].fn(nzcv) << nzcv;
    CHECK(conds[i].name, got, conds[i].mask);
  }

  /* Q: sticky saturation flag */
  {
    uint32_t f;
    int32_t q;
    __asm__ volatile("msr APSR_nzcvq, %[z]\n\tqadd %[q], %[a], %[b]\n\tmrs %[f], apsr"
                     : [q] "=&r"(q), [f] "=&r"(f)
                     : [z] "r"(0), [a] "r"(vmax), [b] "r"(v1)
                     : "cc");
    CHECK("qadd saturates", q, 0x7fffffffu);
    CHECK("qadd sets Q", f & 0x08000000u, 0x08000000u);
    __asm__ volatile("msr APSR_nzcvq, %[z]\n\tssat %[q], #8, %[a]\n\tmrs %[f], apsr"
                     : [q] "=&r"(q), [f] "=&r"(f)
                     : [z] "r"(0), [a] "r"(300)
                     : "cc");
    CHECK("ssat #8 300", q, 127u);
    CHECK("ssat sets Q", f & 0x08000000u, 0x08000000u);
    __asm__ volatile("msr APSR_nzcvq, %[z]\n\tusat %[q], #8, %[a]\n\tadds %[q], %[q], #0\n\tmrs %[f], apsr"
                     : [q] "=&r"(q), [f] "=&r"(f)
                     : [z] "r"(0), [a] "r"(5)
                     : "cc");
    CHECK("usat #8 5 (no saturation)", f & 0x08000000u, 0u);
    /* GE flags from SIMD add/sub, consumed by SEL */
    uint32_t res, ge;
    __asm__ volatile("sadd8 %[r], %[a], %[b]\n\tmrs %[g], apsr" : [r] "=&r"(res), [g] "=&r"(ge) : [a] "r"(0x7f80ff01u), [b] "r"(0x01800101u));
    CHECK("sadd8", res, 0x80000002u);
    CHECK("sadd8 GE", ge & 0x000f0000u, 0x000b0000u);
    __asm__ volatile("usub8 %[r], %[a], %[b]\n\tsel %[r], %[c], %[d]\n\tmrs %[g], apsr"
                     : [r] "=&r"(res), [g] "=&r"(ge)
                     : [a] "r"(0x10203040u), [b] "r"(0x20202020u), [c] "r"(0x11111111u), [d] "r"(0x22222222u));
    CHECK("usub8 GE", ge & 0x000f0000u, 0x00070000u);
    CHECK("sel", res, 0x22111111u);
  }
  /* a conditional branch sequence compiled by gcc */
  {
    int32_t x = (int32_t)v3, acc = 0;
    for (int32_t i = -(int32_t)v5; i <= (int32_t)v5; i++) {
      if (i < x) acc += i;
      else if (i == x) acc += 100;
      else acc -= 1000;
    }
    CHECK("branches", acc, (uint32_t)(-5 - 4 - 3 - 2 - 1 + 0 + 1 + 2 + 100 - 2000));
  }
  return rt_report("flags");
}

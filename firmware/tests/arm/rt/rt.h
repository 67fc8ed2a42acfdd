/* Tiny bare-metal runtime for the Cortex-M4F self-checking test programs: semihosting console and
 * exit, minimal formatted output, check macros, core register addresses (ARMv7-M ARM DDI 0403E,
 * chapter B3 "System Address Map"). */
#ifndef RT_H
#define RT_H
#include <stdint.h>

#define REG32(a) (*(volatile uint32_t *)(a))
/* System control block (B3.2.2) */
#define SCB_ICSR REG32(0xE000ED04u)
#define SCB_VTOR REG32(0xE000ED08u)
#define SCB_AIRCR REG32(0xE000ED0Cu)
#define SCB_SCR REG32(0xE000ED10u)
#define SCB_CCR REG32(0xE000ED14u)
#define SCB_SHPR1 REG32(0xE000ED18u)
#define SCB_SHPR2 REG32(0xE000ED1Cu)
#define SCB_SHPR3 REG32(0xE000ED20u)
#define SCB_SHCSR REG32(0xE000ED24u)
#define SCB_CFSR REG32(0xE000ED28u)
#define SCB_HFSR REG32(0xE000ED2Cu)
#define SCB_MMFAR REG32(0xE000ED34u)
#define SCB_BFAR REG32(0xE000ED38u)
#define SCB_CPACR REG32(0xE000ED88u)
#define FPU_FPCCR REG32(0xE000EF34u)
#define FPU_FPCAR REG32(0xE000EF38u)
#define FPU_FPDSCR REG32(0xE000EF3Cu)
/* SysTick (B3.3) */
#define SYST_CSR REG32(0xE000E010u)
#define SYST_RVR REG32(0xE000E014u)
#define SYST_CVR REG32(0xE000E018u)
/* NVIC (B3.4) */
#define NVIC_ISER(n) REG32(0xE000E100u + 4u * (n))
#define NVIC_ICER(n) REG32(0xE000E180u + 4u * (n))
#define NVIC_ISPR(n) REG32(0xE000E200u + 4u * (n))
#define NVIC_ICPR(n) REG32(0xE000E280u + 4u * (n))
#define NVIC_IPR8(n) (*(volatile uint8_t *)(0xE000E400u + (n)))
#define NVIC_STIR REG32(0xE000EF00u)
/* Debug: DEMCR (C1.6.5) and DWT (C1.8) */
#define DEMCR REG32(0xE000EDFCu)
#define DWT_CTRL REG32(0xE0001000u)
#define DWT_CYCCNT REG32(0xE0001004u)

/* Semihosting (ARM IHI 0090): BKPT 0xAB with the operation in r0 and the parameter in r1. */
static inline uint32_t semihost(uint32_t op, const void *param) {
  register uint32_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = param;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void out_str(const char *s);
void out_hex(uint32_t v);
void out_dec(int32_t v);
void out_udec(uint32_t v);
void out_nl(void);
__attribute__((noreturn)) void rt_exit(uint32_t code);

/* Checks: each failing check prints its name with the values and counts a failure. */
extern uint32_t rt_checks, rt_failed;
void rt_check32(const char *name, uint32_t got, uint32_t want);
void rt_check64(const char *name, uint64_t got, uint64_t want);
void rt_check_true(const char *name, int ok);
#define CHECK(name, got, want) rt_check32((name), (uint32_t)(got), (uint32_t)(want))
#define CHECK64(name, got, want) rt_check64((name), (uint64_t)(got), (uint64_t)(want))
#define CHECK_TRUE(name, cond) rt_check_true((name), (cond) ? 1 : 0)
/* Prints "PASS name" (then "# n checks") or "FAIL name: k of n checks failed"; returns the exit
 * code (the number of failed checks). Lines starting with "# " are informational: they may differ
 * between femtosim and QEMU and are left out of the console comparison. */
int rt_report(const char *name);

static inline uint32_t get_apsr(void) {
  uint32_t v;
  __asm__ volatile("mrs %0, apsr" : "=r"(v));
  return v;
}
static inline uint32_t get_ipsr(void) {
  uint32_t v;
  __asm__ volatile("mrs %0, ipsr" : "=r"(v));
  return v;
}
static inline uint32_t get_fpscr(void) {
  uint32_t v;
  __asm__ volatile("vmrs %0, fpscr" : "=r"(v));
  return v;
}
static inline void set_fpscr(uint32_t v) { __asm__ volatile("vmsr fpscr, %0" ::"r"(v) : "memory"); }
static inline void enable_irq(void) { __asm__ volatile("cpsie i" ::: "memory"); }
static inline void disable_irq(void) { __asm__ volatile("cpsid i" ::: "memory"); }
static inline void dsb_isb(void) { __asm__ volatile("dsb\n\tisb" ::: "memory"); }

/* Naked entry stubs pass the stacked exception frame (r0-r3, r12, lr, pc, xPSR) to C. */
#define FRAME_HANDLER(name, cfn)                                        \
  void cfn(uint32_t *frame);                                            \
  __attribute__((naked)) void name(void) {                              \
    __asm__ volatile("tst lr, #4\n\t"                                   \
                     "ite eq\n\t"                                       \
                     "mrseq r0, msp\n\t"                                \
                     "mrsne r0, psp\n\t"                                \
                     "b " #cfn "\n\t");                                 \
  }

#endif

/* Exceptions: SVC (immediate and stacked-register access), PendSV, NVIC interrupts with nested
 * priorities, preemption and tail-chaining, BASEPRI masking, a divide-by-zero UsageFault, an
 * unaligned-access UsageFault and a precise BusFault from an unmapped address, each caught by its
 * handler (which reads CFSR/BFAR and skips the faulting instruction), and FP context preservation
 * across an interrupt whose handler uses the FPU (lazy stacking). */
#include "rt/rt.h"

#define CFSR_DIVBYZERO (1u << 25)
#define CFSR_UNALIGNED (1u << 24)
#define CFSR_BFARVALID (1u << 15)
#define CFSR_PRECISERR (1u << 9)
#define SHCSR_USGFAULTENA (1u << 18)
#define SHCSR_BUSFAULTENA (1u << 17)
#define CCR_DIV_0_TRP (1u << 4)
#define CCR_UNALIGN_TRP (1u << 3)
/* Unmapped on both the nRF52840 and the mps2-an386 memory maps. */
#define UNMAPPED_ADDR 0x30000000u


static volatile uint32_t svc_num, svc_count;
static volatile uint32_t pendsv_count;
static volatile uint32_t fault_cfsr, fault_bfar, fault_count;
static volatile char order[16];
static volatile uint32_t order_n;
static volatile uint32_t irq_ipsr;

static void log_char(char c) {
  if (order_n < sizeof order - 1) order[order_n++] = c;
}

FRAME_HANDLER(SVC_Handler, svc_c)
void svc_c(uint32_t *frame) {
  uint16_t insn = *(const uint16_t *)(frame[6] - 2u);
  svc_num = insn & 0xffu;
  svc_count++;
  frame[0] = frame[0] * 2u + frame[1]; /* return value in the caller's r0 */
}

void PendSV_Handler(void) {
  pendsv_count++;
  irq_ipsr = get_ipsr();
}

/* Length of the Thumb instruction at pc (2 or 4 bytes). */
static uint32_t insn_len(uint32_t pc) {
  uint16_t hw = *(const uint16_t *)pc;
  return (hw & 0xf800u) >= 0xe800u ? 4u : 2u;
}

static void fault_common(uint32_t *frame) {
  fault_cfsr = SCB_CFSR;
  fault_bfar = SCB_BFAR;
  fault_count++;
  SCB_CFSR = fault_cfsr; /* write-one-to-clear */
  frame[6] += insn_len(frame[6]);
}
FRAME_HANDLER(UsageFault_Handler, usage_c)
void usage_c(uint32_t *frame) { fault_common(frame); }
FRAME_HANDLER(BusFault_Handler, bus_c)
void bus_c(uint32_t *frame) { fault_common(frame); }

/* IRQ0: low priority; pends IRQ1 (high: preempts at once) and IRQ3 (lowest: runs after IRQ0). */
void IRQ0_Handler(void) {
  log_char('0');
  NVIC_ISPR(0) = 1u << 1;
  dsb_isb();
  log_char('1');
  NVIC_ISPR(0) = 1u << 3;
  dsb_isb();
  log_char('2');
}
void IRQ1_Handler(void) {
  log_char('H');
  irq_ipsr = get_ipsr();
}
void IRQ3_Handler(void) { log_char('L'); }
/* IRQ2 clobbers FP registers: the interrupted code's values must come back (FP context stacking). */
void IRQ2_Handler(void) {
  __asm__ volatile("vmov.f32 s0, #-2.0\n\tvmov.f32 s15, #3.0\n\tvmov.f32 s16, #4.0" ::: "s0", "s15", "s16");
  log_char('F');
}

static uint32_t svc_call(uint32_t a, uint32_t b) {
  register uint32_t r0 __asm__("r0") = a;
  register uint32_t r1 __asm__("r1") = b;
  __asm__ volatile("svc #42" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static volatile uint32_t vzero = 0, vten = 10;

int main(void) {
  /* SVC */
  CHECK("svc result", svc_call(20, 3), 43u);
  CHECK("svc number", svc_num, 42u);
  CHECK("svc count", svc_count, 1u);

  /* PendSV */
  SCB_ICSR = 1u << 28;
  dsb_isb();
  CHECK("pendsv taken", pendsv_count, 1u);
  CHECK("pendsv ipsr", irq_ipsr, 14u);

  /* NVIC priorities: IRQ1 0x40 > IRQ2 0x60 > IRQ0 0xc0 > IRQ3 0xe0 (smaller is more urgent) */
  NVIC_IPR8(0) = 0xc0;
  NVIC_IPR8(1) = 0x40;
  NVIC_IPR8(2) = 0x60;
  NVIC_IPR8(3) = 0xe0;
  NVIC_ISER(0) = 0xfu;
  NVIC_ISPR(0) = 1u << 0;
  dsb_isb();
  order[order_n] = 0;
  CHECK("nesting order 0", order[0], '0');
  CHECK("nesting order 1", order[1], 'H');
  CHECK("nesting order 2", order[2], '1');
  CHECK("nesting order 3", order[3], '2');
  CHECK("nesting order 4", order[4], 'L');
  CHECK("nesting count", order_n, 5u);
  CHECK("irq1 ipsr", irq_ipsr, 16u + 1u);

  /* BASEPRI masks IRQ3 (0xe0) while it is 0x80; PRIMASK masks everything */
  order_n = 0;
  __asm__ volatile("msr basepri, %0" ::"r"(0x80u));
  NVIC_ISPR(0) = 1u << 3;
  dsb_isb();
  CHECK("basepri masks", order_n, 0u);
  CHECK("pending while masked", (NVIC_ISPR(0) >> 3) & 1u, 1u);
  __asm__ volatile("msr basepri, %0" ::"r"(0u));
  dsb_isb();
  CHECK("taken after basepri cleared", order_n, 1u);
  disable_irq();
  NVIC_ISPR(0) = 1u << 3;
  dsb_isb();
  CHECK("primask masks", order_n, 1u);
  enable_irq();
  dsb_isb();
  CHECK("taken after cpsie", order_n, 2u);

  /* UsageFault: divide by zero with CCR.DIV_0_TRP */
  SCB_SHCSR |= SHCSR_USGFAULTENA | SHCSR_BUSFAULTENA;
  SCB_CCR |= CCR_DIV_0_TRP;
  dsb_isb();
  {
    uint32_t q = 77, n = vten, d = vzero;
    /* The ISB keeps QEMU 7.2 from losing the register written just before the trapping UDIV
       (its TCG does not write back the pending register value when the helper faults). */
    __asm__ volatile("isb\n\tudiv %0, %1, %2" : "+r"(q) : "r"(n), "r"(d) : "memory");
    CHECK("div0 fault taken", fault_count, 1u);
    CHECK("div0 CFSR", fault_cfsr & 0xffff0000u, CFSR_DIVBYZERO);
    CHECK("div0 skipped (destination unchanged)", q, 77u);
  }
  SCB_CCR &= ~CCR_DIV_0_TRP;

  /* UsageFault: unaligned word load with CCR.UNALIGN_TRP */
  SCB_CCR |= CCR_UNALIGN_TRP;
  dsb_isb();
  {
    static uint32_t words[2] = {0x11223344u, 0x55667788u};
    uint32_t v = 5;
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"((uintptr_t)words + 1u) : "memory");
    CHECK("unaligned fault taken", fault_count, 2u);
    CHECK("unaligned CFSR", fault_cfsr & 0xffff0000u, CFSR_UNALIGNED);
  }
  SCB_CCR &= ~CCR_UNALIGN_TRP;
  dsb_isb();

  /* BusFault: precise data abort on an unmapped address */
  {
    uint32_t v = 9;
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(UNMAPPED_ADDR) : "memory");
    CHECK("busfault taken", fault_count, 3u);
    CHECK("busfault CFSR", fault_cfsr & (CFSR_BFARVALID | CFSR_PRECISERR), CFSR_BFARVALID | CFSR_PRECISERR);
    CHECK("busfault BFAR", fault_bfar, UNMAPPED_ADDR);
  }
  CHECK("CFSR cleared", SCB_CFSR, 0u);

  /* FP context across an interrupt that uses the FPU */
  {
    uint32_t s0, s15, s16;
    order_n = 0;
    __asm__ volatile("vmov.f32 s0, #1.5\n\t"
                     "vmov.f32 s15, #0.5\n\t"
                     "vmov.f32 s16, #6.0\n\t"
                     "str %[bit], [%[ispr]]\n\t"
                     "dsb\n\t"
                     "isb\n\t"
                     "vmov %[a], s0\n\t"
                     "vmov %[b], s15\n\t"
                     "vmov %[c], s16\n\t"
                     : [a] "=&r"(s0), [b] "=&r"(s15), [c] "=&r"(s16)
                     : [bit] "r"(1u << 2), [ispr] "r"(&NVIC_ISPR(0))
                     : "memory", "s0", "s15", "s16");
    CHECK("fp irq ran", order_n, 1u);
    CHECK("s0 preserved", s0, 0x3fc00000u);
    CHECK("s15 preserved", s15, 0x3f000000u);
    CHECK_TRUE("s16 callee-saved by handler", s16 == 0x40c00000u);
  }

  return rt_report("exceptions");
}

/* Timers: SysTick down-counting, COUNTFLAG, periodic interrupts (also waking WFI), and the DWT
 * cycle counter (CYCCNT) enabled through DEMCR.TRCENA and DWT_CTRL.CYCCNTENA. QEMU does not model
 * the DWT; the mps2 build (TARGET_MPS2) skips those checks and says so on an informational line. */
#include "rt/rt.h"

#define CSR_ENABLE 1u
#define CSR_TICKINT 2u
#define CSR_CLKSOURCE 4u
#define CSR_COUNTFLAG (1u << 16)

static volatile uint32_t ticks;
void SysTick_Handler(void) { ticks++; }

static volatile uint32_t vloops = 1000;

int main(void) {
  /* free-running, no interrupt */
  SYST_CSR = 0;
  SYST_RVR = 0x00ffffffu;
  SYST_CVR = 0; /* any write clears the counter and COUNTFLAG */
  CHECK("CVR cleared", SYST_CVR, 0u);
  SYST_CSR = CSR_ENABLE | CSR_CLKSOURCE;
  {
    /* the counter reads 0 until its first tick reloads it from RVR */
    uint32_t a = SYST_CVR, b;
    for (uint32_t i = 0; i < 100000u && a == 0; i++) a = SYST_CVR;
    b = a;
    for (uint32_t i = 0; i < 100000u && b == a; i++) b = SYST_CVR;
    CHECK_TRUE("SysTick counts down", b < a);
    CHECK_TRUE("SysTick within reload", a <= 0x00ffffffu && b <= 0x00ffffffu);
  }
  /* COUNTFLAG: set when the counter wraps, cleared by reading CSR */
  SYST_CSR = 0;
  SYST_RVR = 99;
  SYST_CVR = 0;
  SYST_CSR = CSR_ENABLE | CSR_CLKSOURCE;
  {
    uint32_t seen = 0;
    for (uint32_t i = 0; i < 100000u && !seen; i++) seen = SYST_CSR & CSR_COUNTFLAG;
    CHECK_TRUE("COUNTFLAG set on wrap", seen != 0);
  }
  SYST_CSR = 0;
  /* periodic interrupt, waiting with WFI */
  SYST_RVR = 999;
  SYST_CVR = 0;
  ticks = 0;
  SYST_CSR = CSR_ENABLE | CSR_TICKINT | CSR_CLKSOURCE;
  {
    uint32_t guard = 0;
    while (ticks < 5u && guard++ < 1000000u) __asm__ volatile("wfi");
    CHECK_TRUE("5 SysTick interrupts", ticks >= 5u);
  }
  SYST_CSR = 0;
  {
    uint32_t t = ticks;
    for (volatile uint32_t i = 0; i < 2000u; i++) {
    }
    CHECK("no ticks once disabled", ticks, t);
  }
#ifndef TARGET_MPS2
  /* DWT cycle counter */
  DEMCR |= 1u << 24; /* TRCENA */
  DWT_CYCCNT = 0;
  DWT_CTRL |= 1u;    /* CYCCNTENA */
  {
    uint32_t c0 = DWT_CYCCNT;
    for (volatile uint32_t i = 0; i < vloops; i++) {
    }
    uint32_t c1 = DWT_CYCCNT;
    /* each iteration loads, compares, increments and stores a volatile: several cycles */
    CHECK_TRUE("CYCCNT counts the loop", c1 - c0 >= 4u * vloops);
    CHECK_TRUE("CYCCNT plausible", c1 - c0 < 100u * vloops);
    DWT_CTRL &= ~1u;
    uint32_t c2 = DWT_CYCCNT, c3;
    for (volatile uint32_t i = 0; i < 10u; i++) {
    }
    c3 = DWT_CYCCNT;
    CHECK("CYCCNT stopped", c3, c2);
  }
#else
  out_str("# DWT CYCCNT checks skipped (not modelled by QEMU)\n");
#endif
  return rt_report("timers");
}

/* System resets (nRF52840 only): AIRCR.SYSRESETREQ and a watchdog timeout reset the whole chip.
 * After each, POWER.RESETREAS records the cause (SREQ bit 2, DOG bit 1; PS v1.7 POWER), the
 * retained POWER.GPREGRET register still holds the boot stage, RAM keeps its contents (only the
 * runtime's .data/.bss set-up rewrites it), and peripherals are back in their reset state. */
#include "rt/rt.h"

#define POWER 0x40000000u
#define RESETREAS REG32(POWER + 0x400)
#define GPREGRET REG32(POWER + 0x51C)
#define TIMER0 0x40008000u
#define T_START REG32(TIMER0 + 0x000)
#define T_CAPTURE0 REG32(TIMER0 + 0x040)
#define T_PRESCALER REG32(TIMER0 + 0x510)
#define T_CC0 REG32(TIMER0 + 0x540)
#define WDT 0x40010000u
#define WDT_START REG32(WDT + 0x000)
#define WDT_RUNSTATUS REG32(WDT + 0x400)
#define WDT_CRV REG32(WDT + 0x504)

/* Outside .data/.bss: the runtime does not touch it, so it shows RAM kept across a reset. */
static volatile uint32_t *const kept = (volatile uint32_t *)0x2003F000u;

int main(void) {
  uint32_t stage = GPREGRET;
  if (stage == 0) {
    if (RESETREAS != 0) {
      out_str("FAIL reset: RESETREAS not clear at power-on\n");
      return 1;
    }
    T_PRESCALER = 4;
    T_START = 1; /* running when the reset comes: must be stopped after it */
    *kept = 0xC0FFEE01u;
    GPREGRET = 1;
    SCB_AIRCR = 0x05FA0004u; /* VECTKEY | SYSRESETREQ */
    __asm__ volatile("dsb" ::: "memory");
    for (;;)
      ;
  }
  if (stage == 1) {
    CHECK("after SYSRESETREQ: RESETREAS = SREQ", RESETREAS, 1u << 2);
    CHECK("RAM kept across the reset", *kept, 0xC0FFEE01u);
    T_CAPTURE0 = 1;
    CHECK("TIMER0 stopped and cleared by the reset", T_CC0, 0u);
    RESETREAS = 1u << 2; /* write 1 to clear */
    CHECK("RESETREAS cleared", RESETREAS, 0u);
    if (rt_failed) return rt_report("reset");
    GPREGRET = 2;
    WDT_CRV = 0xF; /* (15 + 1) / 32768 s = 488 us */
    WDT_START = 1;
    for (uint32_t i = 0; i < 10000000u; i++) __asm__ volatile("nop");
    out_str("FAIL reset: the watchdog did not reset the chip\n");
    return 1;
  }
  CHECK("third boot after the watchdog", stage, 2u);
  CHECK("after the watchdog: RESETREAS = DOG", RESETREAS, 1u << 1);
  CHECK("WDT stopped by its own reset", WDT_RUNSTATUS, 0u);
  return rt_report("reset");
}

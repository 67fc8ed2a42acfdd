/* Power states (nRF52840 only): sleeps in WFI four times, about 10 ms each, in the states the
 * energy model charges differently (nRF52840 PS v1.7, current consumption scenarios):
 *   A  TIMER1 at 1 MHz, HF clock from HFINT            (ITIMER0)
 *   B  TIMER1 at 1 MHz, HFXO started                   (ITIMER2)
 *   C  TIMER1 at 16 MHz, HFXO started                  (ITIMER4)
 *   D  TIMER1 shut down, HFXO stopped, RTC0 on LFRC    (System ON sleep, RTC wake-up)
 * Wake-ups come from interrupts left pending with PRIMASK set (WFI wakes on a pending enabled
 * interrupt without taking it), so no handler is needed. test/measure/power-states.test.ts runs
 * it and checks the time and energy the model gives each state. */
#include "rt/rt.h"

#define CLOCK 0x40000000u
#define CLOCK_HFCLKSTART REG32(CLOCK + 0x000)
#define CLOCK_HFCLKSTOP REG32(CLOCK + 0x004)
#define CLOCK_LFCLKSTART REG32(CLOCK + 0x008)
#define CLOCK_HFCLKSTARTED REG32(CLOCK + 0x100)
#define CLOCK_LFCLKSTARTED REG32(CLOCK + 0x104)
#define CLOCK_HFCLKSTAT REG32(CLOCK + 0x40C)
#define CLOCK_LFCLKSRC REG32(CLOCK + 0x518)

#define TIMER1 0x40009000u
#define TIMER1_IRQ 9u
#define T_START REG32(TIMER1 + 0x000)
#define T_STOP REG32(TIMER1 + 0x004)
#define T_CLEAR REG32(TIMER1 + 0x00C)
#define T_SHUTDOWN REG32(TIMER1 + 0x010)
#define T_COMPARE0 REG32(TIMER1 + 0x140)
#define T_SHORTS REG32(TIMER1 + 0x200)
#define T_INTENSET REG32(TIMER1 + 0x304)
#define T_BITMODE REG32(TIMER1 + 0x508)
#define T_PRESCALER REG32(TIMER1 + 0x510)
#define T_CC0 REG32(TIMER1 + 0x540)

#define RTC0 0x4000B000u
#define RTC0_IRQ 11u
#define R_START REG32(RTC0 + 0x000)
#define R_COMPARE0 REG32(RTC0 + 0x140)
#define R_INTENSET REG32(RTC0 + 0x304)
#define R_COUNTER REG32(RTC0 + 0x504)
#define R_CC0 REG32(RTC0 + 0x540)

/* Sleeps until `irq` is pending. The caller clears the peripheral's event and then the pending bit:
 * nRF interrupt lines stay asserted while an enabled event is set, so the NVIC would pend it again. */
static void wait_pending(uint32_t irq) {
  uint32_t guard = 0;
  while (!(NVIC_ISPR(0) & (1u << irq)) && guard++ < 100000u) __asm__ volatile("wfi");
}

/* Five TIMER1 periods of `ticks` counts, asleep between them; returns the compares seen. */
static uint32_t timer_phase(uint32_t prescaler, uint32_t ticks) {
  uint32_t seen = 0;
  T_PRESCALER = prescaler;
  T_CC0 = ticks;
  T_CLEAR = 1;
  T_START = 1;
  for (int i = 0; i < 5; i++) {
    wait_pending(TIMER1_IRQ);
    if (T_COMPARE0) {
      T_COMPARE0 = 0;
      seen++;
    }
    (void)T_COMPARE0; /* read back: the event write has reached the peripheral */
    NVIC_ICPR(0) = 1u << TIMER1_IRQ;
  }
  T_STOP = 1;
  return seen;
}

int main(void) {
  __asm__ volatile("cpsid i" ::: "memory");
  T_BITMODE = 3;         /* 32 bit */
  T_SHORTS = 1u << 0;    /* COMPARE0_CLEAR: periodic */
  T_INTENSET = 1u << 16; /* COMPARE0 */
  NVIC_ICPR(0) = 1u << TIMER1_IRQ;
  NVIC_ISER(0) = 1u << TIMER1_IRQ;

  /* A: 1 MHz (PRESCALER 4), 2 ms periods, HFINT */
  CHECK("A: HFCLK from HFINT", CLOCK_HFCLKSTAT & 1u, 0u);
  CHECK("A: five compares at 1 MHz", timer_phase(4, 2000), 5u);

  /* B: HFXO started */
  CLOCK_HFCLKSTARTED = 0;
  CLOCK_HFCLKSTART = 1;
  while (!CLOCK_HFCLKSTARTED)
    ;
  CHECK("B: HFCLK from HFXO", CLOCK_HFCLKSTAT & 0x10001u, 0x10001u);
  CHECK("B: five compares at 1 MHz", timer_phase(4, 2000), 5u);

  /* C: 16 MHz (PRESCALER 0), 2 ms periods */
  CHECK("C: five compares at 16 MHz", timer_phase(0, 32000), 5u);

  /* D: everything fast off, RTC0 on the 32.768 kHz RC oscillator wakes the core after 328 counts */
  T_SHUTDOWN = 1;
  NVIC_ICER(0) = 1u << TIMER1_IRQ;
  CLOCK_HFCLKSTOP = 1;
  CLOCK_LFCLKSRC = 0; /* LFRC */
  CLOCK_LFCLKSTARTED = 0;
  CLOCK_LFCLKSTART = 1;
  while (!CLOCK_LFCLKSTARTED)
    ;
  CHECK("D: HFCLK back on HFINT", CLOCK_HFCLKSTAT & 1u, 0u);
  R_CC0 = 328;
  R_INTENSET = 1u << 16; /* COMPARE0 */
  NVIC_ICPR(0) = 1u << RTC0_IRQ;
  NVIC_ISER(0) = 1u << RTC0_IRQ;
  R_START = 1;
  wait_pending(RTC0_IRQ);
  CHECK("D: RTC compare woke the core", R_COMPARE0, 1u);
  CHECK_TRUE("D: RTC counted to 328", R_COUNTER >= 328u);
  return rt_report("power");
}

/* Self-checking interrupt test: CLINT timer (MTIP), software interrupt (MSIP) and the PLIC
   routing the UART0 transmit watermark (source 3) to MEIP. Exit code = number of failures. */
#include "fe310.h"

static volatile uint32_t timer_irqs, soft_irqs, uart_irqs, other;
static int failures;

uint32_t trap_handler(uint32_t mcause, uint32_t mepc, uint32_t mtval) {
  (void)mtval;
  if (mcause == 0x80000007u) { /* machine timer */
    timer_irqs++;
    /* Re-arm every time: the next one comes 5 ticks later (main waits for three). */
    uint32_t t = CLINT_MTIME_LO;
    CLINT_MTIMECMP_HI = 0;
    CLINT_MTIMECMP_LO = t + 5;
  } else if (mcause == 0x80000003u) {
    soft_irqs++;
    CLINT_MSIP = 0;
  } else if (mcause == 0x8000000bu) {
    uint32_t id = PLIC_CLAIM;
    if (id == 3) {
      uart_irqs++;
      REG32(UART0_BASE + UART_IE) = 0; /* txwm handled: stop it */
    }
    PLIC_CLAIM = id;
  } else {
    other++;
    return mepc + 4;
  }
  return mepc;
}

/* Waits until *counter reaches n without losing a wake-up. Checking the counter and then
   executing WFI with interrupts enabled is racy: an interrupt may be taken at any instruction
   boundary, e.g. between the check and the WFI (QEMU takes it at the start of its next translation
   block, which is the WFI's), and the WFI then sleeps with nothing left to wake it. With
   mstatus.MIE clear, WFI still wakes up on a pending enabled interrupt (Privileged spec §3.3.3);
   setting MIE afterwards takes it before the counter is checked again. */
static void wait_for(volatile uint32_t *counter, uint32_t n) {
  csr_clear(mstatus, 1u << 3);
  while (*counter < n) {
    __asm__ volatile("wfi");
    csr_set(mstatus, 1u << 3);
    csr_clear(mstatus, 1u << 3);
  }
  csr_set(mstatus, 1u << 3);
}

static void check(const char *what, int ok) {
  uart_puts(ok ? "ok   " : "FAIL ");
  uart_puts(what);
  uart_putc('\n');
  if (!ok) failures++;
}

int main(void) {
  REG32(UART0_BASE + UART_DIV) = 138;
  REG32(UART0_BASE + UART_TXCTRL) = 1;
  uart_puts("irq test\n");

  /* Timer: three interrupts 5 lfclk ticks apart, waiting in WFI. */
  CLINT_MTIMECMP_HI = 0xffffffffu;
  CLINT_MTIMECMP_LO = CLINT_MTIME_LO + 5;
  CLINT_MTIMECMP_HI = 0;
  csr_set(mie, 1u << 7);
  csr_set(mstatus, 1u << 3);
  wait_for(&timer_irqs, 3);
  csr_clear(mie, 1u << 7);
  CLINT_MTIMECMP_HI = 0xffffffffu;
  check("CLINT timer interrupt taken at least 3 times", timer_irqs >= 3);

  /* Software interrupt. */
  csr_set(mie, 1u << 3);
  CLINT_MSIP = 1;
  for (volatile int i = 0; i < 10; i++) {}
  check("CLINT software interrupt", soft_irqs == 1 && CLINT_MSIP == 0);

  /* PLIC: UART0 txwm (source 3) once the transmit FIFO is below txcnt = 1 (empty). */
  PLIC_PRIORITY(3) = 1;
  PLIC_THRESHOLD = 0;
  PLIC_ENABLE0 = 1u << 3;
  csr_set(mie, 1u << 11);
  REG32(UART0_BASE + UART_TXCTRL) = 1 | (1u << 16);
  REG32(UART0_BASE + UART_IE) = 1;
  wait_for(&uart_irqs, 1);
  check("PLIC UART0 txwm interrupt claimed as source 3", uart_irqs == 1);
  check("no unexpected traps", other == 0);

  uart_puts(failures ? "irq: FAILED\n" : "irq: PASS\n");
  REG32(UART0_BASE + UART_TXCTRL) = 1 | (1u << 16);
  while (!(REG32(UART0_BASE + UART_IP) & 1)) {}
  return failures;
}

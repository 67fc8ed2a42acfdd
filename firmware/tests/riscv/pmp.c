/* Self-checking PMP and user-mode test (RISC-V Privileged Architecture §3.7, FE310-G002: 8 PMP
   entries, 4-byte granularity): TOR, NA4 and NAPOT entries, R/W/X permissions checked in U-mode,
   U-mode denied where no entry matches, M-mode unaffected by unlocked entries, MPRV, locked
   entries binding M-mode and ignoring writes, access faults with mcause and mtval.
   Prints through UART0; exit code = number of failures. */
#include "fe310.h"

#define PMP_R 0x01u
#define PMP_W 0x02u
#define PMP_X 0x04u
#define PMP_TOR 0x08u
#define PMP_NA4 0x10u
#define PMP_NAPOT 0x18u
#define PMP_L 0x80u
#define MSTATUS_MPP (3u << 11)
#define MSTATUS_MPRV (1u << 17)

static volatile uint32_t fault_cause, fault_tval, faults, ecalls;
static int failures;

/* Words with their own NA4 entries. */
static volatile uint32_t guard __attribute__((aligned(16))) = 0x600d600du;
static volatile uint32_t readonly_word __attribute__((aligned(16))) = 0x12345678u;
static volatile uint32_t locked_word __attribute__((aligned(16)));
/* Code in DTIM, which U-mode may not execute: c.li a0, 1; c.jr ra. */
volatile uint16_t dtim_code[4] __attribute__((aligned(16))) = {0x4505, 0x8082, 0, 0};
extern char user_return[];

uint32_t trap_handler(uint32_t mcause, uint32_t mepc, uint32_t mtval) {
  if (mcause == 8) { /* ecall from U: continue after it in M-mode */
    ecalls++;
    csr_set(mstatus, MSTATUS_MPP);
    return mepc + 4;
  }
  if (faults++ == 0) {
    fault_cause = mcause;
    fault_tval = mtval;
  }
  if (mcause == 1) return (uint32_t)(uintptr_t)user_return; /* fetch fault: back to run_user */
  uint16_t half = *(volatile uint16_t *)mepc;
  return mepc + ((half & 3) == 3 ? 4 : 2);
}

static void check(const char *what, int ok, uint32_t got) {
  uart_puts(ok ? "ok   " : "FAIL ");
  uart_puts(what);
  if (!ok) {
    uart_puts(": got ");
    uart_puthex(got);
  }
  uart_putc('\n');
  if (!ok) failures++;
}

static inline uint32_t napot(uint32_t base, uint32_t size) { return (base >> 2) | ((size >> 3) - 1); }

/* Runs fn in U-mode (mret with MPP = U); fn returns to user_return, still in U-mode, whose ecall
   brings the program back to M-mode. Returns the number of faults fn took. */
static __attribute__((noinline)) uint32_t run_user(void (*fn)(void)) {
  faults = 0;
  fault_cause = fault_tval = 0;
  uint32_t e = ecalls;
  csr_clear(mstatus, MSTATUS_MPP);
  __asm__ volatile("csrw mepc, %0\n la ra, user_return\n mret\n"
                   ".globl user_return\nuser_return: ecall\n" ::"r"(fn)
                   : "ra", "t0", "t1", "t2", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t3", "t4", "t5", "t6", "memory");
  if (ecalls != e + 1) check("back from U-mode through one ecall", 0, ecalls - e);
  return faults;
}

static volatile uint32_t user_value;

static void user_read_guard(void) { user_value = guard; }
static void user_write_readonly(void) {
  user_value = readonly_word;
  readonly_word = 0xdeadbeefu;
}
static void user_touch_clint(void) { user_value = CLINT_MSIP; }
static void user_amo_readonly(void) {
  uint32_t old;
  __asm__ volatile("amoadd.w %0, %2, (%1)" : "=r"(old) : "r"(&readonly_word), "r"(1u) : "memory");
  user_value = old;
}
static void __attribute__((naked)) user_exec_dtim(void) { __asm__ volatile("la t0, dtim_code\n jr t0"); }
static void user_uart(void) {
  REG32(UART0_BASE + UART_TXDATA) = 'u';
  REG32(UART0_BASE + UART_TXDATA) = '\n';
}
static void user_wfi(void) { __asm__ volatile("wfi"); }
static void user_mret(void) { __asm__ volatile("mret"); }

int main(void) {
  REG32(UART0_BASE + UART_DIV) = 138; /* 115200 Bd at 16 MHz */
  REG32(UART0_BASE + UART_TXCTRL) = 1;
  uart_puts("pmp test\n");

  uint32_t dtim = 0x80000000u;
  /* 0: NA4 guard, no permissions. 1: NA4 readonly_word, R. 2: NAPOT flash 512 MiB, RX.
     3: NAPOT DTIM 16 KiB, RW (data and stack). 4 (OFF) + 5 (TOR): UART0, RW. */
  csr_write(pmpaddr0, (uint32_t)&guard >> 2);
  csr_write(pmpaddr1, (uint32_t)&readonly_word >> 2);
  csr_write(pmpaddr2, napot(0x20000000u, 0x20000000u));
  csr_write(pmpaddr3, napot(dtim, 0x4000u));
  csr_write(pmpaddr4, UART0_BASE >> 2);
  csr_write(pmpaddr5, (UART0_BASE + 0x1000u) >> 2);
  csr_write(pmpcfg0, (PMP_NA4) | ((PMP_NA4 | PMP_R) << 8) | ((PMP_NAPOT | PMP_R | PMP_X) << 16) |
                         ((PMP_NAPOT | PMP_R | PMP_W) << 24));
  csr_write(pmpcfg1, ((PMP_TOR | PMP_R | PMP_W) << 8));
  check("pmpcfg0 reads back", csr_read(pmpcfg0) == 0x1b1d1110u, csr_read(pmpcfg0));
  check("pmpcfg1 reads back", csr_read(pmpcfg1) == 0x00000b00u, csr_read(pmpcfg1));
  check("pmpaddr2 reads back (NAPOT)", csr_read(pmpaddr2) == napot(0x20000000u, 0x20000000u), csr_read(pmpaddr2));

  /* M-mode ignores unlocked entries. */
  faults = 0;
  check("M-mode reads the no-access guard word", guard == 0x600d600du && faults == 0, faults);
  readonly_word = 0x12345678u;
  check("M-mode writes the read-only word", faults == 0 && readonly_word == 0x12345678u, faults);

  /* U-mode. */
  check("U-mode: UART0 writes through the TOR entry, return by ecall", run_user(user_uart) == 0, faults);
  static const struct {
    void (*fn)(void);
    uint32_t cause, tval;
    const char *what;
  } cases[] = {
      {user_read_guard, 5, (uint32_t)&guard, "U load from NA4 entry without R: mcause 5, mtval = address"},
      {user_write_readonly, 7, (uint32_t)&readonly_word, "U store to NA4 entry with R only: mcause 7, mtval = address"},
      {user_touch_clint, 5, 0x02000000u, "U load where no entry matches: mcause 5, mtval = address"},
      {user_amo_readonly, 7, (uint32_t)&readonly_word, "U AMO on a read-only word: mcause 7"},
      {user_exec_dtim, 1, (uint32_t)dtim_code, "U fetch from DTIM (no X): mcause 1, mtval = pc"},
      {user_mret, 2, 0x30200073u, "U mret: illegal instruction, mtval = encoding"},
  };
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint32_t f = run_user(cases[i].fn);
    check(cases[i].what, f == 1 && fault_cause == cases[i].cause && fault_tval == cases[i].tval, (fault_cause << 24) ^ fault_tval);
  }
  check("U store did not land", readonly_word == 0x12345678u, readonly_word);
  csr_set(mstatus, 1u << 21); /* TW */
  check("U-mode WFI with TW=1: illegal instruction", run_user(user_wfi) == 1 && fault_cause == 2, fault_cause);
  csr_clear(mstatus, 1u << 21);

  /* MPRV: M-mode loads and stores use MPP's privilege. */
  faults = 0;
  csr_clear(mstatus, MSTATUS_MPP);
  csr_set(mstatus, MSTATUS_MPRV);
  user_value = guard;
  csr_clear(mstatus, MSTATUS_MPRV);
  csr_set(mstatus, MSTATUS_MPP);
  check("MPRV with MPP=U: M-mode load from the guard faults", faults == 1 && fault_cause == 5 && fault_tval == (uint32_t)&guard, faults);

  /* Locked entry: binds M-mode, ignores later writes. Entry 0 (highest priority, ahead of the DTIM
     entry) becomes NA4 over locked_word, R only, locked. */
  csr_write(pmpaddr0, (uint32_t)&locked_word >> 2);
  csr_write(pmpcfg0, (csr_read(pmpcfg0) & ~0xffu) | PMP_L | PMP_NA4 | PMP_R);
  faults = 0;
  uint32_t v = locked_word;
  check("locked R entry: M-mode load allowed", faults == 0 && v == 0, faults);
  locked_word = 1;
  check("locked R entry: M-mode store faults (mcause 7)", faults == 1 && fault_cause == 7 && fault_tval == (uint32_t)&locked_word, faults);
  csr_write(pmpcfg0, 0);
  csr_write(pmpaddr0, 0);
  check("locked entry ignores pmpcfg and pmpaddr writes",
        (csr_read(pmpcfg0) & 0xff) == (PMP_L | PMP_NA4 | PMP_R) && csr_read(pmpaddr0) == (uint32_t)&locked_word >> 2, csr_read(pmpcfg0));
  check("unlocked entries of the same pmpcfg register were written", (csr_read(pmpcfg0) & 0xffffff00u) == 0, csr_read(pmpcfg0));
  faults = 0;
  guard = 1;
  check("M-mode store where no entry matches (entries 1-3 off) passes", faults == 0 && guard == 1, faults);

  uart_puts(failures ? "pmp: FAILED\n" : "pmp: PASS\n");
  REG32(UART0_BASE + UART_TXCTRL) = 1 | (1u << 16); /* txcnt = 1: txwm once the FIFO is empty */
  while (!(REG32(UART0_BASE + UART_IP) & 1)) {}
  return failures;
}

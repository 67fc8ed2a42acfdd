/* Runtime: reset handler, vector table, default handlers, console output and checks. */
#include "rt.h"

extern uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end, __stack_top;
int main(void);

uint32_t rt_checks, rt_failed;

#define SYS_WRITE0 0x04u
#define SYS_EXIT 0x18u
#define SYS_EXIT_EXTENDED 0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

void out_str(const char *s) { semihost(SYS_WRITE0, s); }
void out_nl(void) { out_str("\n"); }

void out_hex(uint32_t v) {
  char b[11];
  b[0] = '0';
  b[1] = 'x';
  for (int i = 0; i < 8; i++) b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  b[10] = 0;
  out_str(b);
}

void out_udec(uint32_t v) {
  char b[12];
  int i = 11;
  b[i] = 0;
  do {
    b[--i] = (char)('0' + v % 10u);
    v /= 10u;
  } while (v);
  out_str(&b[i]);
}

void out_dec(int32_t v) {
  if (v < 0) {
    out_str("-");
    out_udec(0u - (uint32_t)v);
  } else {
    out_udec((uint32_t)v);
  }
}

void rt_exit(uint32_t code) {
  uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, code};
  semihost(SYS_EXIT_EXTENDED, block);
  /* Fallback for hosts without the extended call (the exit code is lost there). */
  semihost(SYS_EXIT, (const void *)(code == 0 ? ADP_STOPPED_APPLICATION_EXIT : 0x20024u));
  for (;;) __asm__ volatile("wfi");
}

void rt_check32(const char *name, uint32_t got, uint32_t want) {
  rt_checks++;
  if (got == want) return;
  rt_failed++;
  out_str("  fail: ");
  out_str(name);
  out_str(" got ");
  out_hex(got);
  out_str(" want ");
  out_hex(want);
  out_nl();
}

void rt_check64(const char *name, uint64_t got, uint64_t want) {
  rt_checks++;
  if (got == want) return;
  rt_failed++;
  out_str("  fail: ");
  out_str(name);
  out_str(" got ");
  out_hex((uint32_t)(got >> 32));
  out_hex((uint32_t)got);
  out_str(" want ");
  out_hex((uint32_t)(want >> 32));
  out_hex((uint32_t)want);
  out_nl();
}

void rt_check_true(const char *name, int ok) {
  rt_checks++;
  if (ok) return;
  rt_failed++;
  out_str("  fail: ");
  out_str(name);
  out_nl();
}

int rt_report(const char *name) {
  if (rt_failed == 0) {
    out_str("PASS ");
    out_str(name);
    out_str("\n# ");
    out_udec(rt_checks);
    out_str(" checks\n");
  } else {
    out_str("FAIL ");
    out_str(name);
    out_str(": ");
    out_udec(rt_failed);
    out_str(" of ");
    out_udec(rt_checks);
    out_str(" checks failed\n");
  }
  return (int)rt_failed;
}

/* gcc may emit calls to these for struct copies and zeroing. */
void *memcpy(void *d, const void *s, unsigned n) {
  uint8_t *dp = d;
  const uint8_t *sp = s;
  while (n--) *dp++ = *sp++;
  return d;
}
void *memset(void *d, int c, unsigned n) {
  uint8_t *dp = d;
  while (n--) *dp++ = (uint8_t)c;
  return d;
}

void Default_Handler(void) {
  out_str("unexpected exception ");
  out_udec(get_ipsr() & 0x1ffu);
  out_str(" CFSR=");
  out_hex(SCB_CFSR);
  out_str(" HFSR=");
  out_hex(SCB_HFSR);
  out_nl();
  rt_exit(255);
}

__attribute__((noreturn)) void Reset_Handler(void) {
  uint32_t *src = &__data_load;
  for (uint32_t *d = &__data_start; d < &__data_end;) *d++ = *src++;
  for (uint32_t *d = &__bss_start; d < &__bss_end;) *d++ = 0;
  SCB_CPACR |= 0xFu << 20; /* CP10, CP11 full access */
  dsb_isb();
  rt_exit((uint32_t)main());
}

#define WEAK __attribute__((weak, alias("Default_Handler")))
void NMI_Handler(void) WEAK;
void HardFault_Handler(void) WEAK;
void MemManage_Handler(void) WEAK;
void BusFault_Handler(void) WEAK;
void UsageFault_Handler(void) WEAK;
void SVC_Handler(void) WEAK;
void DebugMon_Handler(void) WEAK;
void PendSV_Handler(void) WEAK;
void SysTick_Handler(void) WEAK;
void IRQ0_Handler(void) WEAK;
void IRQ1_Handler(void) WEAK;
void IRQ2_Handler(void) WEAK;
void IRQ3_Handler(void) WEAK;

typedef void (*vector_t)(void);
__attribute__((section(".isr_vector"), used)) const vector_t rt_vectors[16 + 48] = {
    (vector_t)&__stack_top,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0,
    0,
    0,
    0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
    IRQ0_Handler,
    IRQ1_Handler,
    IRQ2_Handler,
    IRQ3_Handler,
    [20 ... 63] = Default_Handler,
};

/* FE310-G002 registers used by the self-checking programs (FE310-G002 Manual v1p1). */
#pragma once
#include <stdint.h>
#define REG32(a) (*(volatile uint32_t *)(a))
#define UART0_BASE 0x10013000u
#define UART_TXDATA 0x00
#define UART_RXDATA 0x04
#define UART_TXCTRL 0x08
#define UART_RXCTRL 0x0C
#define UART_IE 0x10
#define UART_IP 0x14
#define UART_DIV 0x18
#define CLINT_MSIP REG32(0x02000000u)
#define CLINT_MTIMECMP_LO REG32(0x02004000u)
#define CLINT_MTIMECMP_HI REG32(0x02004004u)
#define CLINT_MTIME_LO REG32(0x0200BFF8u)
#define CLINT_MTIME_HI REG32(0x0200BFFCu)
#define PLIC_PRIORITY(n) REG32(0x0C000000u + 4u * (n))
#define PLIC_PENDING0 REG32(0x0C001000u)
#define PLIC_ENABLE0 REG32(0x0C002000u)
#define PLIC_THRESHOLD REG32(0x0C200000u)
#define PLIC_CLAIM REG32(0x0C200004u)
#define GPIO_OUTPUT_EN REG32(0x10012008u)
#define GPIO_OUTPUT_VAL REG32(0x1001200Cu)

void rt_exit(int code) __attribute__((noreturn));
uint32_t trap_handler(uint32_t mcause, uint32_t mepc, uint32_t mtval);

static inline void uart_putc(char c) {
  while (REG32(UART0_BASE + UART_TXDATA) & 0x80000000u) {}
  REG32(UART0_BASE + UART_TXDATA) = (uint8_t)c;
}
static inline void uart_puts(const char *s) { while (*s) uart_putc(*s++); }
static inline void uart_puthex(uint32_t v) {
  for (int i = 28; i >= 0; i -= 4) uart_putc("0123456789abcdef"[(v >> i) & 15]);
}
#define csr_read(name) ({ uint32_t __v; __asm__ volatile("csrr %0, " #name : "=r"(__v)); __v; })
#define csr_write(name, v) __asm__ volatile("csrw " #name ", %0" :: "r"(v))
#define csr_set(name, v) __asm__ volatile("csrs " #name ", %0" :: "r"(v))
#define csr_clear(name, v) __asm__ volatile("csrc " #name ", %0" :: "r"(v))

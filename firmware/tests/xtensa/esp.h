/* Shared helpers of the ESP8266 test programs: UART0 output (polled), number formatting, checks.
 * Register facts: Espressif ESP8266 SDK uart_register.h (FIFO 0x00, STATUS 0x1C TXFIFO_CNT 23:16). */
#ifndef ESP_TEST_H
#define ESP_TEST_H
#include <stdint.h>

#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))
#define UART0_FIFO REG32(0x60000000u)
#define UART0_CLKDIV REG32(0x60000014u)
#define UART0_STATUS REG32(0x6000001Cu)

void rt_exit(int code) __attribute__((noreturn));
uint32_t *rt_trap(uint32_t *frame, uint32_t exccause);

static inline void putc0(char c)
{
    while (((UART0_STATUS >> 16) & 0xFFu) >= 126u)
        ;
    UART0_FIFO = (uint8_t)c;
}

static inline void puts0(const char *s)
{
    while (*s)
        putc0(*s++);
}

static inline void putu(uint32_t v)
{
    char b[11];
    int i = 10;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    puts0(&b[i]);
}

static inline void puthex(uint32_t v)
{
    for (int i = 28; i >= 0; i -= 4)
        putc0("0123456789abcdef"[(v >> i) & 15u]);
}

/* Waits until UART0 has sent everything (so the last line is out before the exit). */
static inline void flush0(void)
{
    while ((UART0_STATUS >> 16) & 0xFFu)
        ;
}

static int failures;

static inline void check(const char *what, int ok)
{
    puts0(ok ? "PASS " : "FAIL ");
    puts0(what);
    putc0('\n');
    if (!ok)
        failures++;
}

static inline uint32_t ccount(void)
{
    uint32_t v;
    __asm volatile("rsr %0, ccount" : "=a"(v));
    return v;
}

/* Ends the program: the verdict line, then the semihosting exit with the failure count. */
__attribute__((noreturn)) static inline void finish(const char *name)
{
    puts0(name);
    puts0(failures ? ": FAIL\n" : ": PASS\n");
    flush0();
    rt_exit(failures);
}
#endif

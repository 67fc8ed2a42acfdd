/*
 * Port for ESP-12x boards (ESP8266EX, Xtensa LX106, call0 ABI).
 * Clock: the CPU stays at 80 MHz (DPORT 0x3FF00014 bit 0 clear); APB 80 MHz.
 * Console: UART0 (0x60000000) at 115200 8N1 (CLKDIV = 80 MHz / 115200); RX through the RX-FIFO-full
 * interrupt with threshold 1 on CPU interrupt 5 (ETS_UART_INUM).
 * Kernel tick: CCOMPARE0 (core timer interrupt 6) re-armed by CCOUNT periods of 80 MHz / hz.
 * Context switch: software interrupt 7 (INTSET/INTCLEAR). Cycle counter: CCOUNT.
 * Idle: WAITI 0. Interrupt masking: RSIL 15 / WSR PS.
 * Sensor 0: fixed 100 (25.00 degC). GPIO: pin 0 = GPIO2, the ESP-12 module's blue LED, active low
 * [check the LED pin for the module variant].
 * Register facts: Espressif ESP8266 SDK eagle_soc.h / uart_register.h / gpio_register.h.
 */
#include <stdint.h>
#include "../../kernel/kernel.h"

#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))

const char port_board_name[] = "esp8266-esp-12x";

#define CPU_HZ 80000000u
#define DPORT_CPU_CLOCK REG32(0x3FF00014u)
#define UART0_FIFO REG32(0x60000000u)
#define UART0_INT_ENA REG32(0x6000000Cu)
#define UART0_INT_CLR REG32(0x60000010u)
#define UART0_CLKDIV REG32(0x60000014u)
#define UART0_STATUS REG32(0x6000001Cu)
#define UART0_CONF0 REG32(0x60000020u)
#define UART0_CONF1 REG32(0x60000024u)
#define UART_INT_RXFIFO_FULL 1u
#define UART_INT_RXFIFO_TOUT (1u << 8)
#define UART_TXFIFO_CNT(s) (((s) >> 16) & 0xFFu)
#define UART_RXFIFO_CNT(s) ((s) & 0xFFu)
#define UART_FIFO_LEN 128u

#define GPIO_OUT_W1TS REG32(0x60000304u)
#define GPIO_OUT_W1TC REG32(0x60000308u)
#define GPIO_ENABLE_W1TS REG32(0x60000310u)
#define LED_GPIO 2u

#define INUM_UART 5u
#define INUM_CCOMPARE0 6u
#define INUM_SOFT 7u
#define EXCCAUSE_LEVEL1_INTERRUPT 4u

static uint32_t tick_hz, tick_period, next_cmp;

static inline uint32_t rsr_ccount(void)
{
    uint32_t v;
    __asm volatile("rsr %0, ccount" : "=a"(v));
    return v;
}
static inline uint32_t rsr_intenable(void)
{
    uint32_t v;
    __asm volatile("rsr %0, intenable" : "=a"(v));
    return v;
}
static inline void wsr_intenable(uint32_t v) { __asm volatile("wsr %0, intenable; rsync" ::"a"(v) : "memory"); }
static inline uint32_t rsr_interrupt(void)
{
    uint32_t v;
    __asm volatile("rsr %0, interrupt" : "=a"(v));
    return v;
}
static inline void wsr_ccompare0(uint32_t v) { __asm volatile("wsr %0, ccompare0; rsync" ::"a"(v) : "memory"); }

static void int_enable(uint32_t bit)
{
    uint32_t s = port_irq_save();
    wsr_intenable(rsr_intenable() | (1u << bit));
    port_irq_restore(s);
}

static void int_disable(uint32_t bit)
{
    uint32_t s = port_irq_save();
    wsr_intenable(rsr_intenable() & ~(1u << bit));
    port_irq_restore(s);
}

void port_init(void)
{
    DPORT_CPU_CLOCK = 0;                     /* 80 MHz */
    UART0_CLKDIV = CPU_HZ / 115200u;
    UART0_CONF0 = 0x1Cu;                     /* 8 data bits, 1 stop bit, no parity */
    UART0_INT_ENA = 0;
    UART0_INT_CLR = 0x1FFu;
    GPIO_OUT_W1TS = 1u << LED_GPIO;          /* LED off (active low) */
    GPIO_ENABLE_W1TS = 1u << LED_GPIO;
    int_enable(INUM_SOFT);
}

void port_console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        while (UART_TXFIFO_CNT(UART0_STATUS) >= UART_FIFO_LEN - 1u)
            ;
        UART0_FIFO = (uint8_t)s[i];
    }
}

void port_console_rx_enable(void)
{
    UART0_CONF1 = 1u | (2u << 24) | (1u << 31);   /* full threshold 1; time-out 2 byte times */
    UART0_INT_CLR = 0x1FFu;
    UART0_INT_ENA = UART_INT_RXFIFO_FULL | UART_INT_RXFIFO_TOUT;
    int_enable(INUM_UART);
}

void port_timer_start(uint32_t hz)
{
    tick_hz = hz;
    tick_period = CPU_HZ / hz;
    next_cmp = rsr_ccount() + tick_period;
    wsr_ccompare0(next_cmp);
    int_enable(INUM_CCOMPARE0);
}

void port_timer_stop(void)
{
    int_disable(INUM_CCOMPARE0);
}

uint32_t port_timer_hz(void) { return CPU_HZ / tick_period; }

uint32_t port_cycles(void) { return rsr_ccount(); }

uint32_t port_irq_save(void)
{
    uint32_t ps;
    __asm volatile("rsil %0, 15" : "=a"(ps)::"memory");
    return ps;
}

void port_irq_restore(uint32_t state)
{
    __asm volatile("wsr %0, ps; rsync" ::"a"(state) : "memory");
}

void port_idle(void)
{
    __asm volatile("waiti 0" ::: "memory");
}

void port_request_switch(void)
{
    __asm volatile("wsr %0, intset; rsync" ::"a"(1u << INUM_SOFT) : "memory");
}

/* Frame layout (start.S): a0..a15 words 0..15, SAR 16, PS 17, EPC1 18, pad 19. */
uint32_t *port_thread_stack_init(uint32_t *top, void (*entry)(void *), void *arg)
{
    uint32_t *sp = top - 20;
    for (int i = 0; i < 20; i++)
        sp[i] = 0;
    sp[0] = (uint32_t)(uintptr_t)k_thread_exit;   /* a0: return address */
    sp[1] = (uint32_t)(uintptr_t)top;             /* a1: stack pointer after the frame */
    sp[2] = (uint32_t)(uintptr_t)arg;             /* a2: first argument */
    sp[17] = 0x30u;                               /* PS: UM, EXCM (cleared by rfe), INTLEVEL 0 */
    sp[18] = (uint32_t)(uintptr_t)entry;          /* EPC1 */
    return sp;
}

static void fatal(const char *msg, size_t len)
{
    port_console_write(msg, len);
    for (;;)
        __asm volatile("waiti 15");
}

/* Called from common_entry on the exception stack with the interrupted frame. */
uint32_t *k_trap(uint32_t *sp, uint32_t exccause);
uint32_t *k_trap(uint32_t *sp, uint32_t exccause)
{
    if (exccause != EXCCAUSE_LEVEL1_INTERRUPT) {
        static const char msg[] = "\nfemtosim-demo: FAULT (kernel)\n";
        fatal(msg, sizeof msg - 1);
    }
    uint32_t pending = rsr_interrupt() & rsr_intenable();
    if (pending & (1u << INUM_CCOMPARE0)) {
        next_cmp += tick_period;
        if ((int32_t)(next_cmp - rsr_ccount()) <= 0)   /* missed ticks: re-arm from now */
            next_cmp = rsr_ccount() + tick_period;
        wsr_ccompare0(next_cmp);                       /* also clears interrupt 6 */
        k_tick_isr();
    }
    if (pending & (1u << INUM_UART)) {
        while (UART_RXFIFO_CNT(UART0_STATUS) != 0)
            k_console_rx_isr((char)(UART0_FIFO & 0xFFu));
        UART0_INT_CLR = 0x1FFu;
    }
    if (rsr_interrupt() & (1u << INUM_SOFT)) {
        __asm volatile("wsr %0, intclear; rsync" ::"a"(1u << INUM_SOFT) : "memory");
        sp = k_switch_context(sp);
    }
    return sp;
}

void port_start_first(void)
{
    /* The first software interrupt saves this context into a scratch frame and resumes the chosen thread. */
    port_request_switch();
    __asm volatile("rsil a2, 0" ::: "a2", "memory");
    for (;;)
        __asm volatile("waiti 0");
}

int port_sensor_read(uint32_t id, int32_t *value)
{
    if (id != 0)
        return -1;
    *value = 100;   /* fixed 25.00 degC (0.25 degC units), the reference VM's default */
    return 0;
}

void port_gpio_set(uint32_t pin, uint32_t value)
{
    if (pin != 0)
        return;
    if (value)
        GPIO_OUT_W1TC = 1u << LED_GPIO;
    else
        GPIO_OUT_W1TS = 1u << LED_GPIO;
}

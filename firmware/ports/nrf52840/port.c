/*
 * Port for the nRF52840 DK (Cortex-M4F @ 64 MHz, hard-float).
 * Console: UARTE0 with EasyDMA, TX on P0.06, RX on P0.08, 115200 8N1.
 * Kernel tick: RTC1 on the 32.768 kHz LFCLK, COMPARE[0] re-armed each tick by 32 or 33 counts so the
 * average rate is exactly 1000 Hz (the RTC keeps counting while the core sleeps in WFI).
 * The NVMC instruction cache is enabled (Nordic's performance figures assume it).
 * Sensor 0: the TEMP peripheral (0.25 degC units). GPIO: DK LEDs 1-4 on P0.13-P0.16, active low.
 */
#include "../cortex-m4/cm4.h"
#include "../../kernel/kernel.h"

const char port_board_name[] = "nrf52840dk";

#define CLOCK 0x40000000u
#define CLOCK_TASKS_HFCLKSTART REG32(CLOCK + 0x000)
#define CLOCK_TASKS_LFCLKSTART REG32(CLOCK + 0x008)
#define CLOCK_EVENTS_HFCLKSTARTED REG32(CLOCK + 0x100)
#define CLOCK_EVENTS_LFCLKSTARTED REG32(CLOCK + 0x104)
#define CLOCK_LFCLKSRC REG32(CLOCK + 0x518)

#define UARTE0 0x40002000u
#define UARTE_TASKS_STARTRX REG32(UARTE0 + 0x000)
#define UARTE_TASKS_STARTTX REG32(UARTE0 + 0x008)
#define UARTE_EVENTS_ENDRX REG32(UARTE0 + 0x110)
#define UARTE_EVENTS_ENDTX REG32(UARTE0 + 0x120)
#define UARTE_SHORTS REG32(UARTE0 + 0x200)
#define UARTE_INTENSET REG32(UARTE0 + 0x304)
#define UARTE_ENABLE REG32(UARTE0 + 0x500)
#define UARTE_PSEL_TXD REG32(UARTE0 + 0x50C)
#define UARTE_PSEL_RXD REG32(UARTE0 + 0x514)
#define UARTE_BAUDRATE REG32(UARTE0 + 0x524)
#define UARTE_RXD_PTR REG32(UARTE0 + 0x534)
#define UARTE_RXD_MAXCNT REG32(UARTE0 + 0x538)
#define UARTE_TXD_PTR REG32(UARTE0 + 0x544)
#define UARTE_TXD_MAXCNT REG32(UARTE0 + 0x548)
#define UARTE_BAUD_115200 0x01D7E000u
#define UARTE0_IRQ 2u
#define SHORTS_ENDRX_STARTRX (1u << 5)
#define INT_ENDRX (1u << 4)

#define TEMP 0x4000C000u
#define TEMP_TASKS_START REG32(TEMP + 0x000)
#define TEMP_TASKS_STOP REG32(TEMP + 0x004)
#define TEMP_EVENTS_DATARDY REG32(TEMP + 0x100)
#define TEMP_TEMP REG32(TEMP + 0x508)

#define RTC1 0x40011000u
#define RTC_TASKS_START REG32(RTC1 + 0x000)
#define RTC_TASKS_STOP REG32(RTC1 + 0x004)
#define RTC_TASKS_CLEAR REG32(RTC1 + 0x008)
#define RTC_EVENTS_COMPARE0 REG32(RTC1 + 0x140)
#define RTC_INTENSET REG32(RTC1 + 0x304)
#define RTC_INTENCLR REG32(RTC1 + 0x308)
#define RTC_COUNTER REG32(RTC1 + 0x504)
#define RTC_PRESCALER REG32(RTC1 + 0x508)
#define RTC_CC0 REG32(RTC1 + 0x540)
#define RTC1_IRQ 17u
#define LFCLK_HZ 32768u

#define NVMC_ICACHECNF REG32(0x4001E540u)   /* bit 0 CACHEEN: the flash instruction cache is off after reset */

#define P0 0x50000000u
#define P0_OUTSET REG32(P0 + 0x508)
#define P0_OUTCLR REG32(P0 + 0x50C)
#define P0_DIRSET REG32(P0 + 0x518)
#define LED_FIRST_PIN 13u

#define TX_PIN 6u
#define RX_PIN 8u

static uint8_t tx_buf[64];          /* EasyDMA reads RAM only: output is staged here */
static volatile uint8_t rx_byte;
static uint32_t tick_hz, tick_acc, next_cc;

void port_init(void)
{
    cm4_core_init();
    NVMC_ICACHECNF = 1u;
    CLOCK_EVENTS_HFCLKSTARTED = 0;
    CLOCK_TASKS_HFCLKSTART = 1;
    while (!CLOCK_EVENTS_HFCLKSTARTED)
        ;
    CLOCK_LFCLKSRC = 1;   /* 32.768 kHz crystal */
    CLOCK_EVENTS_LFCLKSTARTED = 0;
    CLOCK_TASKS_LFCLKSTART = 1;
    while (!CLOCK_EVENTS_LFCLKSTARTED)
        ;
    UARTE_PSEL_TXD = TX_PIN;
    UARTE_PSEL_RXD = RX_PIN;
    UARTE_BAUDRATE = UARTE_BAUD_115200;
    UARTE_ENABLE = 8;
    P0_OUTSET = 0xFu << LED_FIRST_PIN;   /* LEDs off (active low) */
    P0_DIRSET = 0xFu << LED_FIRST_PIN;
    cm4_cycles_init();
}

void port_console_write(const char *s, size_t len)
{
    while (len) {
        size_t n = len < sizeof tx_buf ? len : sizeof tx_buf;
        for (size_t i = 0; i < n; i++)
            tx_buf[i] = (uint8_t)s[i];
        UARTE_EVENTS_ENDTX = 0;
        UARTE_TXD_PTR = (uint32_t)(uintptr_t)tx_buf;
        UARTE_TXD_MAXCNT = n;
        UARTE_TASKS_STARTTX = 1;
        while (!UARTE_EVENTS_ENDTX)
            ;
        s += n;
        len -= n;
    }
}

static void uarte0_handler(void)
{
    if (UARTE_EVENTS_ENDRX) {
        UARTE_EVENTS_ENDRX = 0;
        k_console_rx_isr((char)rx_byte);   /* ENDRX_STARTRX already restarted reception */
    }
}

void port_console_rx_enable(void)
{
    UARTE_RXD_PTR = (uint32_t)(uintptr_t)&rx_byte;
    UARTE_RXD_MAXCNT = 1;
    UARTE_SHORTS = SHORTS_ENDRX_STARTRX;
    UARTE_EVENTS_ENDRX = 0;
    UARTE_INTENSET = INT_ENDRX;
    nvic_enable(UARTE0_IRQ, 0x80);
    UARTE_TASKS_STARTRX = 1;
}

/* 32768 / 1000 = 32.768 counts per tick: carry the remainder so the average is exact. */
static uint32_t next_step(void)
{
    tick_acc += LFCLK_HZ;
    uint32_t step = tick_acc / tick_hz;
    tick_acc -= step * tick_hz;
    return step;
}

/* COMPARE fires only when COUNTER reaches CC: when the interrupt came late (console output runs with
 * interrupts masked), count the ticks that passed and re-arm at least 2 counts ahead of COUNTER
 * instead of setting a CC already behind it (which would fire only after the 24-bit wrap, 512 s). */
static void rtc1_handler(void)
{
    if (RTC_EVENTS_COMPARE0) {
        RTC_EVENTS_COMPARE0 = 0;
        for (;;) {
            next_cc = (next_cc + next_step()) & 0xFFFFFFu;
            k_tick_isr();
            uint32_t ahead = (next_cc - RTC_COUNTER) & 0xFFFFFFu;
            if (ahead >= 2 && ahead < 0x800000u)
                break;
        }
        RTC_CC0 = next_cc;
    }
}

void port_timer_start(uint32_t hz)
{
    tick_hz = hz;
    tick_acc = 0;
    RTC_PRESCALER = 0;
    RTC_TASKS_CLEAR = 1;
    next_cc = next_step();
    RTC_CC0 = next_cc;
    RTC_EVENTS_COMPARE0 = 0;
    RTC_INTENSET = 1u << 16;   /* COMPARE[0] */
    nvic_enable(RTC1_IRQ, 0x40);
    RTC_TASKS_START = 1;
}

void port_timer_stop(void)
{
    RTC_TASKS_STOP = 1;
    RTC_INTENCLR = 1u << 16;
    nvic_disable(RTC1_IRQ);
}

uint32_t port_timer_hz(void) { return tick_hz; }

int port_sensor_read(uint32_t id, int32_t *value)
{
    if (id != 0)
        return -1;
    TEMP_EVENTS_DATARDY = 0;
    TEMP_TASKS_START = 1;
    while (!TEMP_EVENTS_DATARDY)
        ;
    TEMP_EVENTS_DATARDY = 0;
    *value = (int32_t)TEMP_TEMP;
    TEMP_TASKS_STOP = 1;
    return 0;
}

void port_gpio_set(uint32_t pin, uint32_t value)
{
    if (pin > 3)
        return;
    if (value)
        P0_OUTCLR = 1u << (LED_FIRST_PIN + pin);
    else
        P0_OUTSET = 1u << (LED_FIRST_PIN + pin);
}

__attribute__((section(".vectors.irq"), used)) const cm4_vector_t nrf52840_irq_vectors[48] = {
    [0 ... UARTE0_IRQ - 1] = cm4_default_handler,
    [UARTE0_IRQ] = uarte0_handler,
    [UARTE0_IRQ + 1 ... RTC1_IRQ - 1] = cm4_default_handler,
    [RTC1_IRQ] = rtc1_handler,
    [RTC1_IRQ + 1 ... 47] = cm4_default_handler,
};

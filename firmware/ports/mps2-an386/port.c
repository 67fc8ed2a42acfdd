/* Port for QEMU's mps2-an386 (Cortex-M4, 25 MHz): CMSDK UART0 console, SysTick kernel tick,
 * a fixed sensor value, FPGA IO LEDs. Lets the same kernel, engine and apps run in QEMU. */
#include "../cortex-m4/cm4.h"
#include "../../kernel/kernel.h"

const char port_board_name[] = "mps2-an386";

#define SYSCLK_HZ 25000000u

#define UART0 0x40004000u
#define UART_DATA REG32(UART0 + 0x00)
#define UART_STATE REG32(UART0 + 0x04)
#define UART_CTRL REG32(UART0 + 0x08)
#define UART_INTCLEAR REG32(UART0 + 0x0C)
#define UART_BAUDDIV REG32(UART0 + 0x10)
#define UART_STATE_TXFULL 1u
#define UART_STATE_RXFULL 2u
#define UART_CTRL_TXEN 1u
#define UART_CTRL_RXEN 2u
#define UART_CTRL_RXIRQ 8u
#define UART0_RX_IRQ 0u

#define FPGAIO_LED REG32(0x40028000u)

static uint32_t tick_hz;

void port_init(void)
{
    cm4_core_init();
    UART_BAUDDIV = SYSCLK_HZ / 115200u;
    UART_CTRL = UART_CTRL_TXEN;
    cm4_cycles_init();
}

void port_console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        while (UART_STATE & UART_STATE_TXFULL)
            ;
        UART_DATA = (uint8_t)s[i];
    }
}

void UART0RX_Handler(void)
{
    UART_INTCLEAR = 2u;
    while (UART_STATE & UART_STATE_RXFULL)
        k_console_rx_isr((char)UART_DATA);
}

void port_console_rx_enable(void)
{
    UART_CTRL |= UART_CTRL_RXEN | UART_CTRL_RXIRQ;
    nvic_enable(UART0_RX_IRQ, 0x80);
}

void SysTick_Handler(void)
{
    k_tick_isr();
}

void port_timer_start(uint32_t hz)
{
    tick_hz = hz;
    SYST_RVR = SYSCLK_HZ / hz - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7u;   /* processor clock, interrupt, enable */
}

void port_timer_stop(void)
{
    SYST_CSR = 0;
}

uint32_t port_timer_hz(void) { return tick_hz; }

int port_sensor_read(uint32_t id, int32_t *value)
{
    if (id != 0)
        return -1;
    *value = 100;   /* fixed 25.00 degC (0.25 degC units), the reference VM's default */
    return 0;
}

void port_gpio_set(uint32_t pin, uint32_t value)
{
    if (pin > 1)
        return;   /* FPGAIO has two user LEDs */
    if (value)
        FPGAIO_LED |= 1u << pin;
    else
        FPGAIO_LED &= ~(1u << pin);
}

__attribute__((section(".vectors.irq"), used)) const cm4_vector_t mps2_irq_vectors[32] = {
    [UART0_RX_IRQ] = UART0RX_Handler,
    [1 ... 31] = cm4_default_handler,
};

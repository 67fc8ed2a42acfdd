/*
 * Port interface: what each board port (firmware/ports/<board>/) supplies to the portable kernel,
 * engine and demo. Everything here is implemented once per architecture/board.
 */
#ifndef FEMTOSIM_PORT_H
#define FEMTOSIM_PORT_H

#include <stdint.h>
#include <stddef.h>

struct k_thread;

/* Board name used in CSV lines (nrf52840dk, hifive1b, mps2-an386). */
extern const char port_board_name[];

/* Clocks, console, cycle counter. Called once from the reset path before kernel start. */
void port_init(void);

/* Console: blocking output of len bytes (polled; callers serialise). */
void port_console_write(const char *s, size_t len);
/* Enable console receive; each received byte is handed to k_console_rx_isr() from the RX interrupt. */
void port_console_rx_enable(void);

/* Kernel tick: start a periodic interrupt at hz that calls k_tick_isr(); stop it for good. */
void port_timer_start(uint32_t hz);
void port_timer_stop(void);
/* Actual tick rate the port programmed (may differ from the request by rounding). */
uint32_t port_timer_hz(void);

/* Free-running core cycle counter (DWT CYCCNT on Cortex-M, mcycle on RISC-V). */
uint32_t port_cycles(void);

/* Interrupt masking: returns the previous state for port_irq_restore. */
uint32_t port_irq_save(void);
void port_irq_restore(uint32_t state);

/* Wait for interrupt (idle). */
void port_idle(void);

/* Context switching: prepare a fresh thread stack; start the first thread (never returns);
 * request a switch at the next opportunity (the switch calls k_switch_context). */
uint32_t *port_thread_stack_init(uint32_t *stack_top, void (*entry)(void *), void *arg);
void port_start_first(void) __attribute__((noreturn));
void port_request_switch(void);

/* Sensor: 0 when id is known (value written), -1 otherwise. Sensor 0 is temperature in 0.25 degC. */
int port_sensor_read(uint32_t id, int32_t *value);
/* LEDs / GPIO: pin 0..3 are the board LEDs where the board has them; value 1 = on. */
void port_gpio_set(uint32_t pin, uint32_t value);

/* Lowest RAM address (used by the malformed-container demo to aim at kernel memory). */
extern char __ram_start[];

#endif

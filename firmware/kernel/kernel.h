/*
 * femtosim firmware kernel: fixed-priority preemptive threads (higher number = higher priority),
 * round robin between equal priorities on each tick, timer-driven sleep, message queues,
 * an idle thread that waits with WFI. The per-architecture context switch lives in the port.
 */
#ifndef FEMTOSIM_KERNEL_H
#define FEMTOSIM_KERNEL_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "port.h"

#define K_MAX_THREADS 12
#define K_TICK_HZ 1000u
#define K_MAX_PRIO 16   /* priorities 0 (idle) .. 15 */

enum k_state { K_DEAD = 0, K_READY, K_SLEEPING, K_BLOCKED };

typedef struct k_thread {
    uint32_t *sp;              /* saved stack pointer: must stay the first member (ports rely on it) */
    uint8_t prio;
    uint8_t state;
    uint8_t id;
    uint32_t wake_tick;
    const char *name;
    uint32_t switches_in;      /* how many times the thread was switched in */
} k_thread_t;

#define K_MSGQ_CAP 8
typedef struct {
    uint32_t buf[K_MSGQ_CAP];
    uint8_t head, count;
    k_thread_t *waiter;
} k_msgq_t;

/* Context-switch hook: called inside the switch with interrupts masked (prev may be NULL). */
typedef void (*k_switch_hook_t)(const k_thread_t *prev, const k_thread_t *next);

void k_init(void);
k_thread_t *k_thread_create(const char *name, uint8_t prio, uint32_t *stack, size_t stack_words,
                            void (*entry)(void *), void *arg);
void k_start(void) __attribute__((noreturn));

void k_yield(void);
void k_sleep_ms(uint32_t ms);
void k_thread_exit(void) __attribute__((noreturn));
k_thread_t *k_current(void);

uint32_t k_ticks(void);
uint64_t k_uptime_us(void);
void k_stop_tick(void);

void k_msgq_init(k_msgq_t *q);
int k_msgq_put(k_msgq_t *q, uint32_t msg);     /* thread or ISR; -1 when full */
uint32_t k_msgq_get(k_msgq_t *q);              /* thread only; blocks */

void k_set_switch_hook(k_switch_hook_t hook);
uint32_t k_switch_count(void);

/* Called by ports. */
void k_tick_isr(void);
uint32_t *k_switch_context(uint32_t *sp);
void k_console_rx_isr(char c);

/* Console line input: blocks until a full line (without the newline) is read; returns its length. */
size_t k_console_readline(char *buf, size_t cap);

#endif

/* Portable part of the femtosim firmware kernel (see kernel.h). */
#include "kernel.h"

static k_thread_t threads[K_MAX_THREADS];
static uint8_t nthreads;
static k_thread_t *current;
static k_thread_t boot_thread;           /* context of the reset path, discarded at the first switch */
static volatile uint32_t ticks;
static volatile bool rotate;             /* round robin requested by the tick */
static volatile bool tick_running;
static k_switch_hook_t switch_hook;
static uint32_t switch_count;

static uint32_t idle_stack[128];

static void idle_entry(void *arg)
{
    (void)arg;
    for (;;)
        port_idle();
}

void k_init(void)
{
    nthreads = 0;
    boot_thread.state = K_DEAD;
    boot_thread.name = "boot";
    current = &boot_thread;
    k_thread_create("idle", 0, idle_stack, sizeof idle_stack / sizeof idle_stack[0], idle_entry, 0);
}

k_thread_t *k_thread_create(const char *name, uint8_t prio, uint32_t *stack, size_t stack_words,
                            void (*entry)(void *), void *arg)
{
    uint32_t s = port_irq_save();
    if (nthreads >= K_MAX_THREADS) {
        port_irq_restore(s);
        return 0;
    }
    if (prio >= K_MAX_PRIO)
        prio = K_MAX_PRIO - 1;
    k_thread_t *t = &threads[nthreads];
    t->id = nthreads;
    nthreads++;
    t->name = name;
    t->prio = prio;
    t->switches_in = 0;
    /* stack top 8-byte aligned (AAPCS, RISC-V psABI wants 16: round down to 16) */
    uint32_t *top = (uint32_t *)(((uintptr_t)(stack + stack_words)) & ~(uintptr_t)15);
    t->sp = port_thread_stack_init(top, entry, arg);
    t->state = K_READY;
    port_irq_restore(s);
    if (current != &boot_thread && prio > current->prio)
        port_request_switch();
    return t;
}

void k_start(void)
{
    port_start_first();
}

k_thread_t *k_current(void) { return current; }
uint32_t k_ticks(void) { return ticks; }
uint32_t k_switch_count(void) { return switch_count; }
void k_set_switch_hook(k_switch_hook_t hook) { switch_hook = hook; }

uint64_t k_uptime_us(void)
{
    return (uint64_t)ticks * (1000000u / K_TICK_HZ);
}

/* Highest-priority ready thread. Among equal priorities the current thread keeps the CPU unless the
 * tick asked for rotation; otherwise the scan starts after the thread of that priority that ran last. */
static uint8_t last_run[K_MAX_PRIO];

static k_thread_t *pick(bool rot)
{
    int top = -1;
    for (uint8_t i = 0; i < nthreads; i++)
        if (threads[i].state == K_READY && threads[i].prio > top)
            top = threads[i].prio;
    if (current->state == K_READY && current->prio == top && !rot)
        return current;
    uint8_t start = last_run[top];
    for (uint8_t i = 1; i <= nthreads; i++) {
        k_thread_t *t = &threads[(start + i) % nthreads];
        if (t->state == K_READY && t->prio == top) {
            last_run[top] = t->id;
            return t;
        }
    }
    return current;   /* not reached: idle is always ready */
}

uint32_t *k_switch_context(uint32_t *sp)
{
    current->sp = sp;
    k_thread_t *prev = current;
    bool rot = rotate;
    rotate = false;
    k_thread_t *next = pick(rot);
    if (next != prev) {
        switch_count++;
        next->switches_in++;
        if (switch_hook)
            switch_hook(prev == &boot_thread ? 0 : prev, next);
        current = next;
    }
    return current->sp;
}

void k_yield(void)
{
    port_request_switch();
}

void k_thread_exit(void)
{
    uint32_t s = port_irq_save();
    current->state = K_DEAD;
    port_request_switch();
    port_irq_restore(s);
    for (;;)
        ;
}

void k_sleep_ms(uint32_t ms)
{
    uint32_t n = (uint32_t)(((uint64_t)ms * K_TICK_HZ + 999u) / 1000u);
    if (n == 0)
        n = 1;
    uint32_t s = port_irq_save();
    current->wake_tick = ticks + n;
    current->state = K_SLEEPING;
    port_request_switch();
    port_irq_restore(s);
}

void k_tick_isr(void)
{
    ticks++;
    bool wake = false, others = false;
    for (uint8_t i = 0; i < nthreads; i++) {
        k_thread_t *t = &threads[i];
        if (t->state == K_SLEEPING && (int32_t)(ticks - t->wake_tick) >= 0) {
            t->state = K_READY;
            wake = true;
        }
        if (t != current && t->state == K_READY && t->prio == current->prio)
            others = true;
    }
    if (others) {
        rotate = true;
        port_request_switch();
    } else if (wake)
        port_request_switch();
}

void k_stop_tick(void)
{
    port_timer_stop();
}

void k_msgq_init(k_msgq_t *q)
{
    q->head = q->count = 0;
    q->waiter = 0;
}

int k_msgq_put(k_msgq_t *q, uint32_t msg)
{
    uint32_t s = port_irq_save();
    if (q->count >= K_MSGQ_CAP) {
        port_irq_restore(s);
        return -1;
    }
    q->buf[(q->head + q->count) % K_MSGQ_CAP] = msg;
    q->count++;
    if (q->waiter) {
        q->waiter->state = K_READY;
        q->waiter = 0;
        port_request_switch();
    }
    port_irq_restore(s);
    return 0;
}

uint32_t k_msgq_get(k_msgq_t *q)
{
    uint32_t s = port_irq_save();
    while (q->count == 0) {
        q->waiter = current;
        current->state = K_BLOCKED;
        port_request_switch();
        port_irq_restore(s);          /* the switch happens here */
        s = port_irq_save();
    }
    uint32_t m = q->buf[q->head];
    q->head = (uint8_t)((q->head + 1) % K_MSGQ_CAP);
    q->count--;
    port_irq_restore(s);
    return m;
}

/* Console receive: the ISR collects a line, readers get whole lines through a queue of lengths. */
#define K_LINE_MAX 64
static char rx_line[K_LINE_MAX];
static uint8_t rx_len;
static char ready_line[K_LINE_MAX];
static k_msgq_t line_q;
static bool line_q_ready;

void k_console_rx_isr(char c)
{
    if (!line_q_ready) {
        k_msgq_init(&line_q);
        line_q_ready = true;
    }
    if (c == '\r' || c == '\n') {
        if (rx_len == 0)
            return;
        for (uint8_t i = 0; i < rx_len; i++)
            ready_line[i] = rx_line[i];
        k_msgq_put(&line_q, rx_len);
        rx_len = 0;
        return;
    }
    if (rx_len < K_LINE_MAX - 1)
        rx_line[rx_len++] = c;
}

size_t k_console_readline(char *buf, size_t cap)
{
    uint32_t s = port_irq_save();
    if (!line_q_ready) {
        k_msgq_init(&line_q);
        line_q_ready = true;
    }
    port_irq_restore(s);
    uint32_t n = k_msgq_get(&line_q);
    s = port_irq_save();
    if (n >= cap)
        n = (uint32_t)cap - 1;
    for (uint32_t i = 0; i < n; i++)
        buf[i] = ready_line[i];
    buf[n] = 0;
    port_irq_restore(s);
    return n;
}

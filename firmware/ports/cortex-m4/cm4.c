/* Cortex-M4 start-up and kernel port (context switch in PendSV, FP context included). */
#include <stdint.h>
#include "cm4.h"
#include "../../kernel/kernel.h"

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[], __stack_top[];
int main(void);
void SysTick_Handler(void);
void PendSV_Handler(void);

__attribute__((noreturn)) void Reset_Handler(void)
{
    uint32_t *src = __data_load, *dst = __data_start;
    while (dst < __data_end)
        *dst++ = *src++;
    for (dst = __bss_start; dst < __bss_end; dst++)
        *dst = 0;
    /* FPU: full access to CP10/CP11; lazy stacking stays on (reset default of FPCCR) */
    SCB_CPACR |= 0xFu << 20;
    __asm volatile("dsb\n isb" ::: "memory");
    main();
    for (;;)
        __asm volatile("wfi");
}

void cm4_default_handler(void)
{
    for (;;)
        ;
}

__attribute__((weak, alias("cm4_default_handler"))) void SysTick_Handler(void);
void NMI_Handler(void) __attribute__((weak, alias("cm4_default_handler")));
void SVC_Handler(void) __attribute__((weak, alias("cm4_default_handler")));

/* Faults: report once on the console, then stop (a fault here is a kernel bug, not a container's). */
void cm4_fault(void);
void HardFault_Handler(void) __attribute__((alias("cm4_fault")));
void MemManage_Handler(void) __attribute__((alias("cm4_fault")));
void BusFault_Handler(void) __attribute__((alias("cm4_fault")));
void UsageFault_Handler(void) __attribute__((alias("cm4_fault")));
void cm4_fault(void)
{
    static const char msg[] = "\nfemtosim-demo: FAULT (kernel)\n";
    port_console_write(msg, sizeof msg - 1);
    for (;;)
        __asm volatile("wfi");
}

__attribute__((section(".vectors"), used)) const cm4_vector_t cm4_system_vectors[16] = {
    (cm4_vector_t)(uintptr_t)__stack_top, Reset_Handler, NMI_Handler, HardFault_Handler,
    MemManage_Handler, BusFault_Handler, UsageFault_Handler, 0, 0, 0, 0, SVC_Handler, 0, 0,
    PendSV_Handler, SysTick_Handler,
};

void cm4_core_init(void)
{
    /* SHPR3: PendSV (bits 23:16) lowest, SysTick (31:24) high */
    SCB_SHPR3 = (SCB_SHPR3 & 0x0000FFFFu) | (0xFFu << 16) | (0x40u << 24);
}

void cm4_cycles_init(void)
{
    SCB_DEMCR |= 1u << 24;   /* TRCENA */
    DWT_CYCCNT = 0;
    DWT_CTRL |= 1u;          /* CYCCNTENA */
}

uint32_t port_cycles(void)
{
    return DWT_CYCCNT;
}

uint32_t port_irq_save(void)
{
    uint32_t primask;
    __asm volatile("mrs %0, primask\n cpsid i" : "=r"(primask)::"memory");
    return primask;
}

void port_irq_restore(uint32_t state)
{
    __asm volatile("msr primask, %0" ::"r"(state) : "memory");
}

void port_idle(void)
{
    __asm volatile("dsb\n wfi" ::: "memory");
}

void port_request_switch(void)
{
    SCB_ICSR = ICSR_PENDSVSET;
    __asm volatile("dsb\n isb" ::: "memory");
}

uint32_t *port_thread_stack_init(uint32_t *top, void (*entry)(void *), void *arg)
{
    uint32_t *sp = top;
    *--sp = 0x01000000u;                            /* xPSR: Thumb */
    *--sp = (uint32_t)(uintptr_t)entry & ~1u;       /* PC */
    *--sp = (uint32_t)(uintptr_t)k_thread_exit;     /* LR */
    *--sp = 0;                                      /* R12 */
    *--sp = 0;                                      /* R3 */
    *--sp = 0;                                      /* R2 */
    *--sp = 0;                                      /* R1 */
    *--sp = (uint32_t)(uintptr_t)arg;               /* R0 */
    *--sp = 0xFFFFFFFDu;                            /* EXC_RETURN: thread, PSP, no FP frame */
    for (int i = 0; i < 8; i++)
        *--sp = 0;                                  /* R11..R4 */
    return sp;
}

/* PendSV: save r4-r11 (+ s16-s31 when the thread used the FPU) on the thread's stack, let the kernel
 * pick the next thread, restore its context. Interrupts are masked while the kernel decides. */
__attribute__((naked)) void PendSV_Handler(void)
{
    __asm volatile(
        "mrs r0, psp\n"
        "tst lr, #0x10\n"
        "it eq\n"
        "vstmdbeq r0!, {s16-s31}\n"
        "stmdb r0!, {r4-r11, lr}\n"
        "cpsid i\n"
        "bl k_switch_context\n"
        "cpsie i\n"
        "ldmia r0!, {r4-r11, lr}\n"
        "tst lr, #0x10\n"
        "it eq\n"
        "vldmiaeq r0!, {s16-s31}\n"
        "msr psp, r0\n"
        "bx lr\n");
}

static uint32_t boot_psp[64] __attribute__((aligned(8)));

void port_start_first(void)
{
    /* run the reset path on a small process stack; the first PendSV discards it */
    __asm volatile(
        "msr psp, %0\n"
        "movs r0, #2\n"
        "msr control, r0\n"
        "isb\n" ::"r"(boot_psp + 64)
        : "r0", "memory");
    port_request_switch();
    __asm volatile("cpsie i" ::: "memory");
    for (;;)
        ;
}

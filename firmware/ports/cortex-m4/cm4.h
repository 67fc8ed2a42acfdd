/* Cortex-M4 (ARMv7E-M) core registers shared by the nrf52840 and mps2-an386 ports. */
#ifndef FEMTOSIM_CM4_H
#define FEMTOSIM_CM4_H
#include <stdint.h>

#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))

#define SCB_ICSR REG32(0xE000ED04u)
#define SCB_VTOR REG32(0xE000ED08u)
#define SCB_SCR REG32(0xE000ED10u)
#define SCB_SHPR3 REG32(0xE000ED20u)
#define SCB_CPACR REG32(0xE000ED88u)
#define SCB_DEMCR REG32(0xE000EDFCu)
#define DWT_CTRL REG32(0xE0001000u)
#define DWT_CYCCNT REG32(0xE0001004u)
#define SYST_CSR REG32(0xE000E010u)
#define SYST_RVR REG32(0xE000E014u)
#define SYST_CVR REG32(0xE000E018u)
#define NVIC_ISER(n) REG32(0xE000E100u + 4u * (n))
#define NVIC_ICER(n) REG32(0xE000E180u + 4u * (n))
#define NVIC_IPR(n) (*(volatile uint8_t *)(uintptr_t)(0xE000E400u + (n)))

#define ICSR_PENDSVSET (1u << 28)

static inline void nvic_enable(unsigned irq, uint8_t prio)
{
    NVIC_IPR(irq) = prio;
    NVIC_ISER(irq / 32) = 1u << (irq % 32);
}
static inline void nvic_disable(unsigned irq)
{
    NVIC_ICER(irq / 32) = 1u << (irq % 32);
}

/* Board-specific interrupt vectors (after the 16 system entries). */
typedef void (*cm4_vector_t)(void);
void cm4_default_handler(void);
/* Cycle counter: DWT CYCCNT (ports call this from port_init). */
void cm4_cycles_init(void);
/* Priorities: SysTick and peripheral interrupts above PendSV, PendSV lowest. */
void cm4_core_init(void);
#endif

/* irq: the FRC1 timer (80 MHz / 16, auto-reload, edge interrupt 9 through DPORT EDGE_INT_ENABLE
 * bit 1), CCOMPARE0 (interrupt 6) woken from WAITI, and the software interrupt 7. */
#include "esp.h"

#define DPORT_EDGE_INT_ENABLE REG32(0x3FF00004u)
#define FRC1_LOAD REG32(0x60000600u)
#define FRC1_COUNT REG32(0x60000604u)
#define FRC1_CTRL REG32(0x60000608u)
#define FRC1_INT REG32(0x6000060Cu)
#define FRC1_ENABLE 0x80u
#define FRC1_AUTOLOAD 0x40u
#define FRC1_DIV16 0x04u

static volatile uint32_t frc1_hits, ccmp_hits, soft_hits, ccmp_at;

static inline uint32_t rsr_interrupt(void)
{
    uint32_t v;
    __asm volatile("rsr %0, interrupt" : "=a"(v));
    return v;
}
static inline void intclear(uint32_t m) { __asm volatile("wsr %0, intclear; rsync" ::"a"(m)); }
static inline void intset(uint32_t m) { __asm volatile("wsr %0, intset; rsync" ::"a"(m)); }
static inline void intenable(uint32_t m) { __asm volatile("wsr %0, intenable; rsync" ::"a"(m)); }
static inline void ccompare0(uint32_t v) { __asm volatile("wsr %0, ccompare0; rsync" ::"a"(v)); }

uint32_t *rt_trap(uint32_t *frame, uint32_t exccause)
{
    if (exccause != 4) {
        puts0("unexpected exception ");
        putu(exccause);
        putc0('\n');
        flush0();
        rt_exit(90);
    }
    uint32_t p = rsr_interrupt();
    if (p & (1u << 9)) {
        FRC1_INT = 1;
        intclear(1u << 9);   /* edge-triggered: latched until cleared */
        frc1_hits++;
    }
    if (p & (1u << 6)) {
        ccmp_at = ccount();
        ccompare0(ccmp_at - 1u);   /* writing CCOMPARE0 clears interrupt 6; the next match is 2^32 cycles away */
        ccmp_hits++;
    }
    if (p & (1u << 7)) {
        intclear(1u << 7);
        soft_hits++;
    }
    return frame;
}

int main(void)
{
    UART0_CLKDIV = 80000000u / 115200u;

    /* software interrupt */
    intenable(1u << 7);
    intset(1u << 7);
    check("soft interrupt 7 taken once", soft_hits == 1);

    /* CCOMPARE0 + WAITI */
    uint32_t t0 = ccount();
    ccompare0(t0 + 20000u);
    intenable((1u << 7) | (1u << 6));
    while (ccmp_hits == 0)
        __asm volatile("waiti 0");
    check("CCOMPARE0 woke WAITI", ccmp_hits == 1);
    check("CCOMPARE0 not early", ccmp_at - t0 >= 20000u);
    check("CCOMPARE0 on time (< 2000 cycles late)", ccmp_at - t0 < 22000u);

    /* FRC1: 5000 ticks at 5 MHz = 1 ms = 80000 cycles per period */
    DPORT_EDGE_INT_ENABLE |= 2u;
    FRC1_LOAD = 5000u;
    uint32_t t1 = ccount();
    FRC1_CTRL = FRC1_ENABLE | FRC1_AUTOLOAD | FRC1_DIV16;
    intenable((1u << 7) | (1u << 6) | (1u << 9));
    while (frc1_hits < 3)
        __asm volatile("waiti 0");
    uint32_t el = ccount() - t1;
    FRC1_CTRL = 0;
    check("FRC1 three periods", frc1_hits == 3);
    check("FRC1 period 1 ms (3 periods in 240000..250000 cycles)", el >= 240000u && el < 250000u);
    check("FRC1 counts down from LOAD", FRC1_COUNT <= 5000u);
    finish("irq");
}

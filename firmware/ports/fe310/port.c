/*
 * Port for the HiFive1 Rev B (FE310-G002, RV32IMAC, machine mode only).
 * Clock: 320 MHz from the PLL fed by the 16 MHz HFXOSC (R = 2, F = 80, Q = 2: 16 / 2 * 80 / 2), as RIOT
 * configures hifive1b; the QSPI flash clock is divided down first (SCKDIV 3: 40 MHz at 320 MHz) and
 * memory-mapped reads use the dual I/O read command (data loads from flash are serial reads: the E31
 * has no data cache, so this halves their cost).
 * Register fields: FE310-G002 manual v1p1, chapter 6 (PRCI) and chapter 14 (QSPI sckdiv).
 * Console: UART0 at 115200 (pins 16/17 via IOF0), RX interrupt through the PLIC (source 3).
 * Kernel tick: CLINT mtimecmp on the 32.768 kHz mtime, re-armed by 32 or 33 counts per tick so the
 * average is exactly 1000 Hz. Context switch: CLINT machine software interrupt (msip).
 * Cycle counter: mcycle. Sensor 0: fixed 100 (25.00 degC). GPIO: LEDs red 22, green 19, blue 21
 * (active low) as pins 0, 1, 2.
 */
#include <stdint.h>
#include "../../kernel/kernel.h"

#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))

const char port_board_name[] = "hifive1b";

#define CLINT_MSIP REG32(0x02000000u)
#define CLINT_MTIMECMP_LO REG32(0x02004000u)
#define CLINT_MTIMECMP_HI REG32(0x02004004u)
#define CLINT_MTIME_LO REG32(0x0200BFF8u)
#define CLINT_MTIME_HI REG32(0x0200BFFCu)
#define MTIME_HZ 32768u

#define PLIC_PRIORITY(n) REG32(0x0C000000u + 4u * (n))
#define PLIC_ENABLE0 REG32(0x0C002000u)
#define PLIC_THRESHOLD REG32(0x0C200000u)
#define PLIC_CLAIM REG32(0x0C200004u)
#define PLIC_UART0 3u

#define PRCI_HFXOSCCFG REG32(0x10008004u)
#define PRCI_PLLCFG REG32(0x10008008u)
#define PRCI_PLLOUTDIV REG32(0x1000800Cu)
#define QSPI0_SCKDIV REG32(0x10014000u)
#define QSPI0_FFMT REG32(0x10014064u)
/* Memory-mapped flash reads with the flash's "Fast Read Dual I/O" command 0xBB (command on one
 * lane, address and data on two, 4 dummy cycles: ISSI IS25LP datasheet), as RIOT sets up the
 * hifive1b. ffmt fields (manual ch. 14): cmd_en 0, addr_len 3:1, pad_cnt 7:4, cmd_proto 9:8,
 * addr_proto 11:10, data_proto 13:12 (0 single, 1 dual), cmd_code 23:16. */
#define FFMT_DUAL_IO ((0xBBu << 16) | (1u << 12) | (1u << 10) | (4u << 4) | (3u << 1) | 1u)
#define PLL_R(x) ((uint32_t)(x) << 0)
#define PLL_F(x) ((uint32_t)(x) << 4)
#define PLL_Q(x) ((uint32_t)(x) << 10)
#define PLL_SEL (1u << 16)
#define PLL_REFSEL (1u << 17)
#define PLL_BYPASS (1u << 18)
#define PLL_LOCK (1u << 31)
#define CORE_HZ 320000000u

#define GPIO_OUTPUT_EN REG32(0x10012008u)
#define GPIO_OUTPUT_VAL REG32(0x1001200Cu)
#define GPIO_IOF_EN REG32(0x10012038u)
#define GPIO_IOF_SEL REG32(0x1001203Cu)

#define UART0_TXDATA REG32(0x10013000u)
#define UART0_RXDATA REG32(0x10013004u)
#define UART0_TXCTRL REG32(0x10013008u)
#define UART0_RXCTRL REG32(0x1001300Cu)
#define UART0_IE REG32(0x10013010u)
#define UART0_DIV REG32(0x10013018u)

#define MSTATUS_MIE 0x8u
#define MIP_MSIP (1u << 3)
#define MIP_MTIP (1u << 7)
#define MIP_MEIP (1u << 11)

static const uint8_t led_pins[3] = {22, 19, 21};
static uint32_t tick_hz, tick_acc;
static uint64_t next_cmp;

static inline void csr_set_mie(uint32_t bits) { __asm volatile("csrs mie, %0" ::"r"(bits)); }
static inline void csr_clear_mie(uint32_t bits) { __asm volatile("csrc mie, %0" ::"r"(bits)); }

void port_init(void)
{
    /* HFXOSC on, wait until ready (bounded), select it with the PLL bypassed */
    PRCI_HFXOSCCFG |= 1u << 30;
    for (uint32_t i = 0; i < 100000u && !(PRCI_HFXOSCCFG & (1u << 31)); i++)
        ;
    PRCI_PLLCFG = PLL_SEL | PLL_REFSEL | PLL_BYPASS;      /* run from HFXOSC while the PLL is set up */
    QSPI0_SCKDIV = 3u;                                     /* flash SCK = tlclk / 8 */
    QSPI0_FFMT = FFMT_DUAL_IO;
    /* Configure the PLL (not selected), wait for lock (bounded), then switch the core to it. */
    PRCI_PLLCFG = PLL_R(1) | PLL_F(39) | PLL_Q(1) | PLL_REFSEL;
    for (uint32_t i = 0; i < 100000u && !(PRCI_PLLCFG & PLL_LOCK); i++)
        ;
    PRCI_PLLOUTDIV = 1u << 8;                              /* plloutdivby1 */
    PRCI_PLLCFG |= PLL_SEL;
    GPIO_IOF_SEL &= ~((1u << 16) | (1u << 17));
    GPIO_IOF_EN |= (1u << 16) | (1u << 17);
    UART0_DIV = CORE_HZ / 115200u - 1u;
    UART0_TXCTRL = 1u;   /* txen, one stop bit */
    uint32_t leds = (1u << 22) | (1u << 19) | (1u << 21);
    GPIO_OUTPUT_VAL |= leds;   /* off */
    GPIO_OUTPUT_EN |= leds;
    CLINT_MSIP = 0;
    csr_set_mie(MIP_MSIP);
}

void port_console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        while ((int32_t)UART0_TXDATA < 0)   /* bit 31: FIFO full */
            ;
        UART0_TXDATA = (uint8_t)s[i];
    }
}

void port_console_rx_enable(void)
{
    UART0_RXCTRL = 1u;   /* rxen, watermark 0: interrupt while the FIFO holds data */
    UART0_IE = 2u;       /* rxwm */
    PLIC_PRIORITY(PLIC_UART0) = 1;
    PLIC_ENABLE0 |= 1u << PLIC_UART0;
    PLIC_THRESHOLD = 0;
    csr_set_mie(MIP_MEIP);
}

static uint64_t mtime(void)
{
    uint32_t hi, lo;
    do {
        hi = CLINT_MTIME_HI;
        lo = CLINT_MTIME_LO;
    } while (hi != CLINT_MTIME_HI);
    return (uint64_t)hi << 32 | lo;
}

static void set_mtimecmp(uint64_t v)
{
    CLINT_MTIMECMP_HI = 0xFFFFFFFFu;   /* no spurious match while the halves are written */
    CLINT_MTIMECMP_LO = (uint32_t)v;
    CLINT_MTIMECMP_HI = (uint32_t)(v >> 32);
}

static uint32_t next_step(void)
{
    tick_acc += MTIME_HZ;
    uint32_t step = tick_acc / tick_hz;
    tick_acc -= step * tick_hz;
    return step;
}

void port_timer_start(uint32_t hz)
{
    tick_hz = hz;
    tick_acc = 0;
    next_cmp = mtime() + next_step();
    set_mtimecmp(next_cmp);
    csr_set_mie(MIP_MTIP);
}

void port_timer_stop(void)
{
    csr_clear_mie(MIP_MTIP);
    set_mtimecmp(UINT64_MAX);
}

uint32_t port_timer_hz(void) { return tick_hz; }

uint32_t port_cycles(void)
{
    uint32_t c;
    __asm volatile("csrr %0, mcycle" : "=r"(c));
    return c;
}

uint32_t port_irq_save(void)
{
    uint32_t s;
    __asm volatile("csrrci %0, mstatus, 8" : "=r"(s)::"memory");
    return s & MSTATUS_MIE;
}

void port_irq_restore(uint32_t state)
{
    if (state & MSTATUS_MIE)
        __asm volatile("csrsi mstatus, 8" ::: "memory");
}

void port_idle(void)
{
    __asm volatile("wfi" ::: "memory");
}

void port_request_switch(void)
{
    CLINT_MSIP = 1;
}

uint32_t *port_thread_stack_init(uint32_t *top, void (*entry)(void *), void *arg)
{
    uint32_t *sp = top - 32;
    uint32_t gp;
    __asm volatile("mv %0, gp" : "=r"(gp));
    for (int i = 0; i < 32; i++)
        sp[i] = 0;
    sp[0] = (uint32_t)(uintptr_t)k_thread_exit;   /* ra */
    sp[1] = gp;
    sp[8] = (uint32_t)(uintptr_t)arg;             /* a0 */
    sp[30] = (uint32_t)(uintptr_t)entry;          /* mepc */
    sp[31] = (3u << 11) | (1u << 7);              /* mstatus: MPP = M, MPIE: interrupts on after mret */
    return sp;
}

/* Called from trap_entry on the trap stack with the interrupted thread's saved frame. */
uint32_t *k_trap(uint32_t *sp, uint32_t mcause);
uint32_t *k_trap(uint32_t *sp, uint32_t mcause)
{
    if ((int32_t)mcause >= 0) {
        static const char msg[] = "\nfemtosim-demo: FAULT (kernel)\n";
        port_console_write(msg, sizeof msg - 1);
        for (;;)
            __asm volatile("wfi");
    }
    switch (mcause & 0x3FFu) {
    case 7:   /* machine timer */
        next_cmp += next_step();
        set_mtimecmp(next_cmp);
        k_tick_isr();
        break;
    case 11: { /* machine external: PLIC */
        uint32_t id = PLIC_CLAIM;
        if (id == PLIC_UART0) {
            for (;;) {
                int32_t d = (int32_t)UART0_RXDATA;
                if (d < 0)
                    break;   /* bit 31: empty */
                k_console_rx_isr((char)d);
            }
        }
        PLIC_CLAIM = id;
        break;
    }
    default:
        break;
    }
    if (CLINT_MSIP) {   /* switch requested (by the thread or by the handler above) */
        CLINT_MSIP = 0;
        sp = k_switch_context(sp);
    }
    return sp;
}

void port_start_first(void)
{
    /* The first software interrupt saves this context into a scratch frame and resumes the chosen thread. */
    port_request_switch();
    __asm volatile("csrsi mstatus, 8" ::: "memory");
    for (;;)
        __asm volatile("wfi");
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
    if (pin > 2)
        return;
    if (value)
        GPIO_OUTPUT_VAL &= ~(1u << led_pins[pin]);
    else
        GPIO_OUTPUT_VAL |= 1u << led_pins[pin];
}

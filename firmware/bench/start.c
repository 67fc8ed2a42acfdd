/* Minimal start-up for the benchmark: copy .data, zero .bss, run main, exit through semihosting. */
#include <stdint.h>
#include "bench_port.h"

extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _estack[];
int main(void);

static void bench_exit(int code) {
#if defined(__XTENSA__)
    simcall(1, (uintptr_t)code, 0, 0);
#else
    uintptr_t block[2] = {0x20026u, (uintptr_t)code};
#endif
#if defined(__XTENSA__)
#elif defined(__riscv)
    semihost(0x18, (uintptr_t)block);
#else
    semihost(0x20, (uintptr_t)block);
#endif
    for (;;) {}
}

void bench_reset(void) {
    uint32_t *s = _sidata, *d = _sdata;
    while (d < _edata) *d++ = *s++;
    for (d = _sbss; d < _ebss; d++) *d = 0;
    bench_exit(main());
}

#if defined(__arm__)
static void default_handler(void) { bench_exit(99); }
__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))_estack, bench_reset, default_handler, default_handler, default_handler,
    default_handler, default_handler, 0, 0, 0, 0, default_handler, default_handler, 0,
    default_handler, default_handler,
};
#elif defined(__riscv)
__attribute__((naked, section(".vectors"), used)) void _start(void) {
    __asm__ volatile(
        ".option push\n.option norelax\n"
        "la gp, __global_pointer$\n"
        ".option pop\n"
        "la sp, _estack\n"
        "j bench_reset\n");
}
#elif defined(__XTENSA__)
/* gcc has no naked functions on Xtensa: the entry is plain assembly, its literals just before it. */
__asm__(".section .vectors, \"ax\"\n"
        ".literal_position\n"
        ".align 4\n"
        ".global _start\n"
        "_start:\n"
        "movi a1, _estack\n"
        "call0 bench_reset\n");
#endif

/* Console and exit for the benchmark through semihosting (ARM BKPT 0xAB, RISC-V slli/ebreak/srai,
 * Xtensa SIMCALL with the Xtensa ISS / QEMU "sim" call numbers: a2 = 1 exit, 4 write). */
#ifndef BENCH_PORT_H
#define BENCH_PORT_H
#include <stdint.h>

#ifndef BENCH_ROUNDS
#define BENCH_ROUNDS 200
#endif
/* Expected checksum for BENCH_ROUNDS rounds (computed by a host build of bench.c: see build.sh). */
#ifndef BENCH_EXPECTED
#define BENCH_EXPECTED 0u
#endif

static inline uintptr_t semihost(uintptr_t op, uintptr_t arg) {
#if defined(__arm__)
    register uintptr_t r0 __asm__("r0") = op;
    register uintptr_t r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
#elif defined(__riscv)
    register uintptr_t a0 __asm__("a0") = op;
    register uintptr_t a1 __asm__("a1") = arg;
    __asm__ volatile(".option push\n.option norvc\n.balign 16\nslli x0, x0, 0x1f\nebreak\nsrai x0, x0, 7\n.option pop"
                     : "+r"(a0) : "r"(a1) : "memory");
    return a0;
#else
    (void)op; (void)arg;
    return 0;
#endif
}

#if defined(__XTENSA__)
static inline uintptr_t simcall(uintptr_t nr, uintptr_t p1, uintptr_t p2, uintptr_t p3) {
    register uintptr_t a2 __asm__("a2") = nr;
    register uintptr_t a3 __asm__("a3") = p1;
    register uintptr_t a4 __asm__("a4") = p2;
    register uintptr_t a5 __asm__("a5") = p3;
    __asm__ volatile("simcall" : "+r"(a2) : "r"(a3), "r"(a4), "r"(a5) : "memory");
    return a2;
}
static inline void bench_print(const char *s) {
    uintptr_t n = 0;
    while (s[n]) n++;
    simcall(4, 1, (uintptr_t)s, n);
}
#elif defined(__arm__) || defined(__riscv)
static inline void bench_print(const char *s) { semihost(0x04, (uintptr_t)s); }
#else
#include <stdio.h>
static inline void bench_print(const char *s) { fputs(s, stdout); }
#endif

static inline void bench_print_hex(uint32_t v) {
    char b[11];
    b[0] = '0';
    b[1] = 'x';
    for (int i = 0; i < 8; i++) b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
    b[10] = 0;
    bench_print(b);
}
#endif

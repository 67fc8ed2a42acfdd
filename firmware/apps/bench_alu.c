/* Micro-benchmark: 64-bit ALU (add, sub, xor, or, and, shifts) in a loop. */
#include "fc_app.h"

FC_APP(bench_alu)
{
    const struct bench_ctx *b = (const struct bench_ctx *)ctx;
    uint64_t x = b->seed, n = b->n;
    FC_NO_UNROLL
    for (uint64_t i = 0; i < n; i++) {
        x += i;
        x ^= x << 7;
        x -= i >> 1;
        x |= i << 40;
        x &= 0x7fffffffffffffffull ^ i;
        x ^= x >> 11;
    }
    return x;
}

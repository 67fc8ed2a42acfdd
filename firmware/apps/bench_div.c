/* Micro-benchmark: 64-bit unsigned division and modulo. */
#include "fc_app.h"

FC_APP(bench_div)
{
    const struct bench_ctx *b = (const struct bench_ctx *)ctx;
    uint64_t x = b->seed | 1, acc = 0, n = b->n;
    FC_NO_UNROLL
    for (uint64_t i = 0; i < n; i++) {
        acc += x / (i + 3);
        acc ^= x % (i + 7);
        x = x / 3 + acc;
    }
    return acc;
}

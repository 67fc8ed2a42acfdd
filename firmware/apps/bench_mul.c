/* Micro-benchmark: 64-bit multiplication. */
#include "fc_app.h"

FC_APP(bench_mul)
{
    const struct bench_ctx *b = (const struct bench_ctx *)ctx;
    uint64_t x = b->seed, y = b->seed ^ 0x5bd1e995, n = b->n;
    FC_NO_UNROLL
    for (uint64_t i = 0; i < n; i++) {
        x = x * 0x9e3779b97f4a7c15ull;
        y = y * x + i;
        x = x * y;
    }
    return x ^ y;
}

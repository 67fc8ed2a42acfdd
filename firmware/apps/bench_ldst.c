/* Micro-benchmark: 64-bit loads and stores on the stack. */
#include "fc_app.h"

FC_APP(bench_ldst)
{
    const struct bench_ctx *b = (const struct bench_ctx *)ctx;
    volatile uint64_t buf[8];
    uint64_t n = b->n;
    for (int k = 0; k < 8; k++)
        buf[k] = b->seed + (uint64_t)k;
    FC_NO_UNROLL
    for (uint64_t i = 0; i < n; i++) {
        uint64_t t0 = buf[0], t1 = buf[1], t2 = buf[2], t3 = buf[3];
        buf[4] = t0;
        buf[5] = t1;
        buf[6] = t2;
        buf[7] = t3;
        buf[0] = buf[7] + 1;
        buf[1] = buf[6];
        buf[2] = buf[5];
        buf[3] = buf[4];
    }
    return buf[0] ^ buf[3];
}

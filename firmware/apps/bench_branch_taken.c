/* Micro-benchmark: taken branches (a minimal loop: the back edge is taken every iteration). */
#include "fc_app.h"

FC_APP(bench_branch_taken)
{
    const struct bench_ctx *b = (const struct bench_ctx *)ctx;
    uint64_t acc = b->seed, n = b->n;
    FC_NO_UNROLL
    for (uint64_t i = 0; i < n; i++)
        acc ^= acc + i;
    return acc;
}

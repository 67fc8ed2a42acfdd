/* Micro-benchmark: untaken conditional branches, straight-line (16 steps x 4 tests that never hold,
 * no loop, so no taken back edge). The context's n is not used. */
#include "fc_app.h"

#define STEP(k)                              \
    v += (k);                                \
    if (v == 0x1111) hits += 1;              \
    if (v == 0x8888) hits += 2;              \
    if (v < 0x10) hits += 3;                 \
    if (v > 0xffffffffffff0000ull) hits += 4;
#define STEP4(k) STEP(k) STEP(k + 1) STEP(k + 2) STEP(k + 3)

FC_APP(bench_branch_untaken)
{
    const struct bench_ctx *b = (const struct bench_ctx *)ctx;
    uint64_t v = b->seed, hits = 0;
    STEP4(1) STEP4(5) STEP4(9) STEP4(13)
    return v + hits;
}

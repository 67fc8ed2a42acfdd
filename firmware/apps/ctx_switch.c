/* Debug snippet for the scheduler hook (runs on every context switch: hot path): counts switches
 * into each thread and returns the total. */
#include "fc_app.h"

static uint32_t switches_in[16];
static uint32_t total;

FC_APP(ctx_switch)
{
    const struct switch_ctx *s = (const struct switch_ctx *)ctx;
    switches_in[s->next & 15]++;
    total++;
    return total;
}

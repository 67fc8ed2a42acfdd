/* Fletcher-32 over the host buffer given as context (FLETCHER_WORDS little-endian 16-bit words). */
#include "fc_app.h"

FC_APP(fletcher32)
{
    const uint16_t *w = (const uint16_t *)ctx;
    uint32_t a = 0xffff, b = 0xffff;
    FC_NO_UNROLL
    for (uint32_t i = 0; i < FLETCHER_WORDS; i++) {
        a += w[i];
        b += a;
    }
    a = (a & 0xffff) + (a >> 16);
    b = (b & 0xffff) + (b >> 16);
    a = (a & 0xffff) + (a >> 16);
    b = (b & 0xffff) + (b >> 16);
    return (uint64_t)(b << 16 | a);
}

/* Console-line hook: reports the line, its length and letter count; publishes the length globally. */
#include "fc_app.h"

FC_APP(console_line)
{
    const struct line_ctx *l = (const struct line_ctx *)ctx;
    uint32_t letters = 0;
    uint32_t n = l->len < 59 ? l->len : 59;
    uint32_t i = 0;
    FC_NO_UNROLL
    while (i < n) {
        uint64_t c = ((uint64_t)(uint8_t)(l->text[i] | 0x20) - 'a') & 0xff;   /* letter -> 0..25 */
        letters += (uint32_t)((c - 26) >> 63);                                 /* branch-free c < 26 */
        i++;
    }
    fc_printf("fc console_line: '%s' len=%u letters=%u\n", l->text, n, letters);
    fc_kv_store_global(0x200, n);
    return letters;
}

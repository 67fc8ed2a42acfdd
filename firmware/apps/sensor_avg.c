/* Moving average of the last 8 readings of sensor 0 (0.25 degC units); state lives in .data/.bss. */
#include "fc_app.h"

#define WINDOW 8
static int32_t window[WINDOW];
static uint32_t next_slot;
static uint32_t filled;

FC_APP(sensor_avg)
{
    (void)ctx;
    int64_t v = fc_sensor_read(0);
    window[next_slot] = (int32_t)v;
    next_slot = (next_slot + 1) % WINDOW;
    if (filled < WINDOW)
        filled++;
    int64_t sum = 0;
    FC_NO_UNROLL
    for (uint32_t i = 0; i < filled; i++)
        sum += window[i];
    /* eBPF has no signed division: divide the magnitude */
    uint64_t mag = sum < 0 ? (uint64_t)-sum : (uint64_t)sum;
    uint64_t avg = mag / filled;
    return sum < 0 ? (uint64_t)0 - avg : avg;
}

/* Counts its runs in the container's local store (key 1) and all runs in the global store (key 0x100). */
#include "fc_app.h"

FC_APP(kv_counter)
{
    (void)ctx;
    int64_t local = 0, global = 0;
    fc_kv_fetch_local(1, &local);
    local++;
    fc_kv_store_local(1, local);
    fc_kv_fetch_global(0x100, &global);
    fc_kv_store_global(0x100, global + 1);
    return (uint64_t)local;
}

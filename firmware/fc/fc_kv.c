/* Key-value stores of the femto-container helpers (docs/femto-abi.md), shared with the native twins. */
#include "fc_kv.h"
#include "../kernel/port.h"

fc_kv_t fc_kv_global;

int fc_kv_store(fc_kv_t *kv, uint32_t key, int64_t value)
{
    uint32_t s = port_irq_save();
    fc_kv_entry_t *free_e = 0;
    for (int i = 0; i < FC_KV_CAPACITY; i++) {
        fc_kv_entry_t *e = &kv->e[i];
        if (e->used && e->key == key) {
            e->value = value;
            port_irq_restore(s);
            return 0;
        }
        if (!e->used && !free_e)
            free_e = e;
    }
    int rc = -1;
    if (free_e) {
        free_e->used = 1;
        free_e->key = key;
        free_e->value = value;
        rc = 0;
    }
    port_irq_restore(s);
    return rc;
}

int64_t fc_kv_fetch(const fc_kv_t *kv, uint32_t key)
{
    uint32_t s = port_irq_save();
    int64_t v = 0;
    for (int i = 0; i < FC_KV_CAPACITY; i++)
        if (kv->e[i].used && kv->e[i].key == key) {
            v = kv->e[i].value;
            break;
        }
    port_irq_restore(s);
    return v;
}


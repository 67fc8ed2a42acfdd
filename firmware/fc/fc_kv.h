/* Key-value stores: per container (local) and one shared by all containers (global). */
#ifndef FEMTOSIM_FC_KV_H
#define FEMTOSIM_FC_KV_H
#include <stdint.h>

#define FC_KV_CAPACITY 16

typedef struct {
    uint32_t key;
    uint32_t used;
    int64_t value;
} fc_kv_entry_t;

typedef struct {
    fc_kv_entry_t e[FC_KV_CAPACITY];
} fc_kv_t;

/* 0 on success, -1 when the table is full and the key is new. Interrupt-safe. */
int fc_kv_store(fc_kv_t *kv, uint32_t key, int64_t value);
/* Value of key, 0 when absent. */
int64_t fc_kv_fetch(const fc_kv_t *kv, uint32_t key);
extern fc_kv_t fc_kv_global;
#endif

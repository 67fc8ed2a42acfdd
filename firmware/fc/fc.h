/*
 * femtosim femto-container engine: rBPF image parsing, pre-flight verification, interpreter with
 * run-time region checks and a taken-branch budget, helpers and key-value stores of docs/femto-abi.md.
 * Written for this project from the published design; see firmware/README.md.
 */
#ifndef FEMTOSIM_FC_H
#define FEMTOSIM_FC_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "fc_kv.h"

#define FC_OK 0
#define FC_ILLEGAL_INSTRUCTION (-1)
#define FC_ILLEGAL_MEM (-2)
#define FC_ILLEGAL_JUMP (-3)
#define FC_ILLEGAL_CALL (-4)
#define FC_ILLEGAL_LEN (-5)
#define FC_ILLEGAL_REGISTER (-6)
#define FC_NO_RETURN (-7)
#define FC_OUT_OF_BRANCHES (-8)
#define FC_ILLEGAL_DIV (-9)
/* Firmware-only (not part of docs/femto-abi.md): header unusable (magic, compressed flag, alignment,
 * .data larger than the container's RAM). */
#define FC_BAD_IMAGE (-10)

#define FC_STACK_SIZE 512
#define FC_DATA_MAX 128
#define FC_MAX_REGIONS 6
#define FC_DEFAULT_BUDGET 200
#define FC_PRINTF_MAX 128

#define FC_R 1u
#define FC_W 2u

typedef struct {
    uintptr_t start;
    uint32_t len;
    uint32_t perm;
} fc_region_t;

typedef struct fc_container {
    uint64_t stack[FC_STACK_SIZE / 8];  /* VM stack, r10 = its top */
    uint8_t data[FC_DATA_MAX];          /* RAM copy of the image's .data */
    const char *name;
    const uint8_t *rodata;
    const uint8_t *text;
    uint32_t data_len, rodata_len, text_len;
    uint32_t entry;                      /* instruction index */
    uint32_t budget;                     /* taken branches per run */
    uint32_t nregions;                   /* region 0 is the context of the current run */
    fc_region_t regions[FC_MAX_REGIONS];
    fc_kv_t kv;
    int32_t last_code;
    uint32_t last_pc;                    /* instruction index where the last run stopped */
    uint32_t runs;
    uint32_t branches;                   /* taken branches of the last run */
} fc_container_t;

/* Load + verify + set up one container (profiled by symbol: keep the name). 0 or an error code. */
int fc_container_start(fc_container_t *c, const char *name, const uint8_t *image, uint32_t len);
/* Same without the pre-flight verifier (trusted images only; used to show the run-time checks). */
int fc_container_start_unverified(fc_container_t *c, const char *name, const uint8_t *image, uint32_t len);
/* One execution (profiled by symbol). ctx may be NULL. Result r0 in *result. 0 or an error code. */
int fc_container_run(fc_container_t *c, void *ctx, uint32_t ctx_len, bool ctx_writable, int64_t *result);
/* Extra host region (e.g. a shared buffer); -1 when the table is full. */
int fc_container_add_region(fc_container_t *c, void *start, uint32_t len, uint32_t perm);

/* Pre-flight verification of a text section alone. */
int fc_verify(const uint8_t *text, uint32_t text_len);

const char *fc_error_name(int code);

/* Output sink for the printf helper (default: the console). */
void fc_output(const char *s, size_t len);

#endif

/*
 * One source, two builds: `clang -target bpf -O2 -c app.c` makes the femto-container (helpers are
 * calls by number, docs/femto-abi.md); the firmware compiles the same file natively with
 * -DFC_NATIVE, where the helpers map to native functions and the entry becomes native_<app>().
 */
#ifndef FC_APP_H
#define FC_APP_H

#ifdef __bpf__
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __INT32_TYPE__ int32_t;
typedef __INT64_TYPE__ int64_t;

static long (*const fc_printf)(const char *fmt, ...) = (void *)0x01;
static void *(*const fc_memcpy)(void *dst, const void *src, uint64_t len) = (void *)0x02;
static long (*const fc_kv_store_local)(uint32_t key, int64_t value) = (void *)0x10;
static long (*const fc_kv_store_global)(uint32_t key, int64_t value) = (void *)0x11;
static long (*const fc_kv_fetch_local)(uint32_t key, int64_t *value) = (void *)0x12;
static long (*const fc_kv_fetch_global)(uint32_t key, int64_t *value) = (void *)0x13;
static uint64_t (*const fc_now_ms)(void) = (void *)0x20;
static uint64_t (*const fc_now_us)(void) = (void *)0x21;
static int64_t (*const fc_sensor_read)(uint32_t id) = (void *)0x30;
static long (*const fc_gpio_set)(uint32_t pin, uint32_t value) = (void *)0x40;

#define FC_APP(name) uint64_t name(void *ctx)
#define FC_NO_UNROLL _Pragma("clang loop unroll(disable)")

#else /* native twin */
#include <stdint.h>
long fc_native_printf(const char *fmt, ...);
void *fc_native_memcpy(void *dst, const void *src, uint64_t len);
long fc_native_kv_store_local(uint32_t key, int64_t value);
long fc_native_kv_store_global(uint32_t key, int64_t value);
long fc_native_kv_fetch_local(uint32_t key, int64_t *value);
long fc_native_kv_fetch_global(uint32_t key, int64_t *value);
uint64_t fc_native_now_ms(void);
uint64_t fc_native_now_us(void);
int64_t fc_native_sensor_read(uint32_t id);
long fc_native_gpio_set(uint32_t pin, uint32_t value);
#define fc_printf fc_native_printf
#define fc_memcpy fc_native_memcpy
#define fc_kv_store_local fc_native_kv_store_local
#define fc_kv_store_global fc_native_kv_store_global
#define fc_kv_fetch_local fc_native_kv_fetch_local
#define fc_kv_fetch_global fc_native_kv_fetch_global
#define fc_now_ms fc_native_now_ms
#define fc_now_us fc_native_now_us
#define fc_sensor_read fc_native_sensor_read
#define fc_gpio_set fc_native_gpio_set

#define FC_APP(name) __attribute__((noinline)) uint64_t native_##name(void *ctx)
#define FC_NO_UNROLL
#endif

/* Contexts the firmware passes (shared with firmware/demo). */
#define FLETCHER_WORDS 64
struct bench_ctx {
    uint64_t seed;
    uint64_t n;      /* iterations, <= 64 keeps the default branch budget */
};
struct switch_ctx {
    uint32_t prev;   /* thread ids; 0xff when none */
    uint32_t next;
};
struct line_ctx {
    uint32_t len;
    char text[60];   /* NUL-terminated */
};

#endif

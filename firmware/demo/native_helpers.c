/* Native implementations of the container helpers, used by the native twins (apps built with -DFC_NATIVE). */
#include <stdarg.h>
#include "../kernel/kernel.h"
#include "../lib/klib.h"
#include "../fc/fc_kv.h"

static fc_kv_t native_kv_local;

long fc_native_printf(const char *fmt, ...)
{
    char out[128];
    va_list ap;
    va_start(ap, fmt);
    size_t n = k_vsnprintf(out, sizeof out, fmt, ap);
    va_end(ap);
    k_write(out, n);
    return (long)n;
}

void *fc_native_memcpy(void *dst, const void *src, uint64_t len) { return memmove(dst, src, (size_t)len); }
long fc_native_kv_store_local(uint32_t key, int64_t value) { return fc_kv_store(&native_kv_local, key, value); }
long fc_native_kv_store_global(uint32_t key, int64_t value) { return fc_kv_store(&fc_kv_global, key, value); }
long fc_native_kv_fetch_local(uint32_t key, int64_t *value) { *value = fc_kv_fetch(&native_kv_local, key); return 0; }
long fc_native_kv_fetch_global(uint32_t key, int64_t *value) { *value = fc_kv_fetch(&fc_kv_global, key); return 0; }
uint64_t fc_native_now_ms(void) { return k_uptime_us() / 1000u; }
uint64_t fc_native_now_us(void) { return k_uptime_us(); }
int64_t fc_native_sensor_read(uint32_t id)
{
    int32_t v;
    return port_sensor_read(id, &v) == 0 ? v : -1;
}
long fc_native_gpio_set(uint32_t pin, uint32_t value)
{
    port_gpio_set(pin, value);
    return 0;
}

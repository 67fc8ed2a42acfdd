/* hello: UART0 output at 115200 8N1 and a small computation; prints "hello: PASS". */
#include "esp.h"

uint32_t *rt_trap(uint32_t *frame, uint32_t exccause)
{
    puts0("unexpected exception ");
    putu(exccause);
    putc0('\n');
    flush0();
    rt_exit(90);
    return frame;
}

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void)
{
    UART0_CLKDIV = 80000000u / 115200u;
    puts0("hello from femtosim on the ESP8266\n");
    uint32_t f = fib(15);
    puts0("fib(15) = ");
    putu(f);
    putc0('\n');
    check("fib(15) == 610", f == 610);
    finish("hello");
}

/* traps: an unaligned 32-bit load (LoadStoreAlignmentCause 9, EXCVADDR = the address), an illegal
 * instruction (ILL, IllegalInstructionCause 0) and SYSCALL (SyscallCause 1) reach the handler, which
 * records them and resumes after the 3-byte instruction. */
#include "esp.h"

static volatile uint32_t last_cause = 0xFFFFFFFFu, last_vaddr, traps;
static volatile uint32_t words[2] = {0x11223344u, 0x55667788u};

uint32_t *rt_trap(uint32_t *frame, uint32_t exccause)
{
    last_cause = exccause;
    last_vaddr = frame[19];
    traps++;
    if (exccause == 4 || traps > 10) {
        puts0("unexpected trap\n");
        flush0();
        rt_exit(90);
    }
    frame[18] += 3;   /* EPC1: skip the 3-byte faulting instruction */
    return frame;
}

int main(void)
{
    UART0_CLKDIV = 80000000u / 115200u;
    uint32_t addr = (uint32_t)(uintptr_t)&words[0] + 1u, v = 0xDEADu;
    __asm volatile("_l32i %0, %1, 0" : "+a"(v) : "a"(addr) : "memory");
    check("unaligned load trapped (cause 9)", traps == 1 && last_cause == 9u);
    check("EXCVADDR is the unaligned address", last_vaddr == addr);
    check("load did not write its register", v == 0xDEADu);
    __asm volatile("ill" ::: "memory");
    check("illegal instruction trapped (cause 0)", traps == 2 && last_cause == 0u);
    __asm volatile("syscall" ::: "memory");
    check("syscall trapped (cause 1)", traps == 3 && last_cause == 1u);
    finish("traps");
}

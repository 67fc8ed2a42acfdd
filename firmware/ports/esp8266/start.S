/* ESP8266EX (Xtensa LX106, call0 ABI, XEA2 exceptions) reset and exception entry for the femtosim
 * firmware kernel. Vectors at VECBASE (set to _vectors): kernel 0x30, user 0x50, double 0x70
 * (Xtensa ISA reference manual, "Exception vectors", XEA2 offsets of the LX106 configuration
 * [check against the LX106 core-isa.h]). Threads run with PS.UM = 1, so level-1 interrupts and
 * exceptions arrive at the user vector with EXCCAUSE 4 (Level1Interrupt) or the exception cause.
 * The entry saves the interrupted context on the current stack: a0..a15, SAR, PS, EPC1 (20 words,
 * 80 bytes), then runs k_trap(frame, exccause) on the exception stack; k_trap returns the frame to
 * resume (another thread's after a context switch). */
#include "frame.h"

    .section .iram.vectors, "ax"
    .balign 256
    .globl _vectors
_vectors:
    .org 0x30                  /* KernelExceptionVector (PS.UM = 0) */
    wsr a0, excsave1
    j common_entry
    .org 0x50                  /* UserExceptionVector (PS.UM = 1) */
    wsr a0, excsave1
    j common_entry
    .org 0x70                  /* DoubleExceptionVector: fatal */
1:  waiti 15
    j 1b

    .section .iram.text, "ax"
    .literal_position
    .balign 4
    .globl _start
_start:
    movi a0, 0
    wsr a0, intenable
    movi a1, 0x2f              /* PS: UM, INTLEVEL 15, EXCM 0 */
    wsr a1, ps
    rsync
    movi a1, __stack_top
    movi a2, _vectors
    wsr a2, vecbase
    /* .data is placed by the loader at its run address (LMA = VMA, as the ESP8266 boot ROM loads
     * DRAM/IRAM segments); .bss is zeroed here. */
    movi a2, __bss_start
    movi a3, __bss_end
2:  bgeu a2, a3, 3f
    s32i a0, a2, 0
    addi a2, a2, 4
    j 2b
3:  call0 main
4:  waiti 0
    j 4b

    .balign 4
common_entry:
    save_frame
    mov a2, a1
    rsr a3, exccause
    movi a1, __stack_top
    call0 k_trap
    mov a1, a2
    restore_frame_rfe

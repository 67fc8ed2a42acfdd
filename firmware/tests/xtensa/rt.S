/* Tiny runtime for the ESP8266 (Xtensa LX106, call0) self-checking test programs: reset entry,
 * VECBASE with kernel/user/double exception vectors, a frame save/restore around the C handler
 * rt_trap(frame, exccause) (frame: a0..a15 words 0..15, SAR 16, PS 17, EPC1 18, EXCVADDR 19), and
 * rt_exit(code): semihosting exit through SIMCALL with a2 = 1 (SYS_exit), a3 = code, the Xtensa
 * ISS / QEMU "sim" convention that femtosim's lx106 core implements. main's return value is the
 * exit code. */
#include "../../ports/esp8266/frame.h"
    .section .vectors, "ax"
    .balign 256
    .globl _vectors
_vectors:
    .org 0x30
    wsr a0, excsave1
    j entry
    .org 0x50
    wsr a0, excsave1
    j entry
    .org 0x70
1:  movi a2, 99
    j rt_exit

    .text
    .literal_position
    .balign 4
    .globl _start
_start:
    movi a0, 0
    wsr a0, intenable
    movi a1, 0x20              /* PS: UM, INTLEVEL 0 */
    wsr a1, ps
    rsync
    movi a1, __stack_top
    movi a2, _vectors
    wsr a2, vecbase
    movi a2, __bss_start
    movi a3, __bss_end
2:  bgeu a2, a3, 3f
    s32i a0, a2, 0
    addi a2, a2, 4
    j 2b
3:  call0 main
    j rt_exit

    .balign 4
    .globl rt_exit
rt_exit:
    mov a3, a2
    movi a2, 1
    simcall
4:  waiti 15
    j 4b

    .balign 4
entry:
    save_frame
    rsr a2, excvaddr
    s32i a2, a1, 76
    mov a2, a1
    rsr a3, exccause
    call0 rt_trap              /* on the interrupted stack, below the frame */
    mov a1, a2
    restore_frame_rfe

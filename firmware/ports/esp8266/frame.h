/* Exception frame of the ESP8266 port and test runtime (assembler, call0 ABI): the interrupted
 * context saved on its own stack, 80 bytes: a0..a15 at words 0..15, SAR 16, PS 17, EPC1 18,
 * word 19 free for the caller (the test runtime keeps EXCVADDR there). The vector stored a2 in
 * EXCSAVE1 and a0 stays untouched until saved. */
#ifndef ESP8266_FRAME_H
#define ESP8266_FRAME_H

#define FRAME 80

    .macro save_frame
    addi a1, a1, -FRAME
    s32i a2, a1, 8
    rsr a2, excsave1
    s32i a2, a1, 0
    addi a2, a1, FRAME
    s32i a2, a1, 4
    s32i a3, a1, 12
    s32i a4, a1, 16
    s32i a5, a1, 20
    s32i a6, a1, 24
    s32i a7, a1, 28
    s32i a8, a1, 32
    s32i a9, a1, 36
    s32i a10, a1, 40
    s32i a11, a1, 44
    s32i a12, a1, 48
    s32i a13, a1, 52
    s32i a14, a1, 56
    s32i a15, a1, 60
    rsr a2, sar
    s32i a2, a1, 64
    rsr a2, ps
    s32i a2, a1, 68
    rsr a2, epc1
    s32i a2, a1, 72
    .endm

    /* Restores the frame at a1 and returns from the exception (PS.EXCM stays set until rfe). */
    .macro restore_frame_rfe
    l32i a2, a1, 64
    wsr a2, sar
    l32i a2, a1, 72
    wsr a2, epc1
    l32i a2, a1, 68
    wsr a2, ps
    rsync
    l32i a0, a1, 0
    l32i a3, a1, 12
    l32i a4, a1, 16
    l32i a5, a1, 20
    l32i a6, a1, 24
    l32i a7, a1, 28
    l32i a8, a1, 32
    l32i a9, a1, 36
    l32i a10, a1, 40
    l32i a11, a1, 44
    l32i a12, a1, 48
    l32i a13, a1, 52
    l32i a14, a1, 56
    l32i a15, a1, 60
    l32i a2, a1, 8
    l32i a1, a1, 4
    rfe
    .endm

#endif

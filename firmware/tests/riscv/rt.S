/* Tiny runtime for the self-checking FE310 programs: stack, gp, data/bss, trap vector, main,
   semihosting exit with main's return value. */
  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  la sp, __stack_top
  la t0, trap_entry
  csrw mtvec, t0
  la a0, __data_load
  la a1, __data_start
  la a2, __data_end
1: bgeu a1, a2, 2f
  lw t0, 0(a0)
  sw t0, 0(a1)
  addi a0, a0, 4
  addi a1, a1, 4
  j 1b
2: la a1, __bss_start
  la a2, __bss_end
3: bgeu a1, a2, 4f
  sw zero, 0(a1)
  addi a1, a1, 4
  j 3b
4: call main
  j rt_exit

/* rt_exit(code): semihosting SYS_EXIT_EXTENDED (0x20) with {ADP_Stopped_ApplicationExit, code}. */
  .globl rt_exit
rt_exit:
  addi sp, sp, -16
  li t0, 0x20026
  sw t0, 0(sp)
  sw a0, 4(sp)
  li a0, 0x20
  mv a1, sp
  .balign 16
  .option push
  .option norvc
  slli zero, zero, 0x1f
  ebreak
  srai zero, zero, 7
  .option pop
5: j 5b

/* Trap entry: saves caller-saved registers and calls trap_handler(mcause, mepc, mtval),
   whose return value becomes the new mepc. */
  .balign 64
trap_entry:
  addi sp, sp, -64
  sw ra, 0(sp)
  sw t0, 4(sp)
  sw t1, 8(sp)
  sw t2, 12(sp)
  sw a0, 16(sp)
  sw a1, 20(sp)
  sw a2, 24(sp)
  sw a3, 28(sp)
  sw a4, 32(sp)
  sw a5, 36(sp)
  sw a6, 40(sp)
  sw a7, 44(sp)
  sw t3, 48(sp)
  sw t4, 52(sp)
  sw t5, 56(sp)
  sw t6, 60(sp)
  csrr a0, mcause
  csrr a1, mepc
  csrr a2, mtval
  call trap_handler
  csrw mepc, a0
  lw ra, 0(sp)
  lw t0, 4(sp)
  lw t1, 8(sp)
  lw t2, 12(sp)
  lw a0, 16(sp)
  lw a1, 20(sp)
  lw a2, 24(sp)
  lw a3, 28(sp)
  lw a4, 32(sp)
  lw a5, 36(sp)
  lw a6, 40(sp)
  lw a7, 44(sp)
  lw t3, 48(sp)
  lw t4, 52(sp)
  lw t5, 56(sp)
  lw t6, 60(sp)
  addi sp, sp, 64
  mret

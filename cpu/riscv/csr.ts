/**
 * CSR numbers and machine-mode constants (RISC-V Privileged Architecture 20211203, tables 2.2-2.5,
 * §3.1.6 mstatus, §3.1.7 mtvec, §3.1.9 mip/mie, §3.1.15 mcause; E31 Core Complex Manual ch. 8
 * "Interrupts" and the FE310-G002 manual ch. 3 for the values of misa/mvendorid/marchid/mimpid).
 */
export const CSR_MSTATUS = 0x300;
export const CSR_MISA = 0x301;
export const CSR_MIE = 0x304;
export const CSR_MTVEC = 0x305;
export const CSR_MCOUNTEREN = 0x306;
export const CSR_MSCRATCH = 0x340;
export const CSR_MEPC = 0x341;
export const CSR_MCAUSE = 0x342;
export const CSR_MTVAL = 0x343;
export const CSR_MIP = 0x344;
export const CSR_PMPCFG0 = 0x3a0;
export const CSR_PMPADDR0 = 0x3b0;
export const CSR_MCYCLE = 0xb00;
export const CSR_MINSTRET = 0xb02;
export const CSR_MCYCLEH = 0xb80;
export const CSR_MINSTRETH = 0xb82;
export const CSR_CYCLE = 0xc00;
export const CSR_TIME = 0xc01;
export const CSR_INSTRET = 0xc02;
export const CSR_CYCLEH = 0xc80;
export const CSR_TIMEH = 0xc81;
export const CSR_INSTRETH = 0xc82;
export const CSR_MVENDORID = 0xf11;
export const CSR_MARCHID = 0xf12;
export const CSR_MIMPID = 0xf13;
export const CSR_MHARTID = 0xf14;

export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_MPIE = 1 << 7;
export const MSTATUS_MPP_SHIFT = 11;
export const MSTATUS_MPP = 3 << MSTATUS_MPP_SHIFT;
/** Loads and stores in M-mode use the privilege in MPP (PMP checks). */
export const MSTATUS_MPRV = 1 << 17;
/** WFI below M-mode raises an illegal-instruction exception. */
export const MSTATUS_TW = 1 << 21;
/** Writable mstatus bits on an M+U core without S-mode or FPU (MPRV and TW exist with U-mode). */
export const MSTATUS_WRITABLE = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TW;

export const MIP_MSIP = 1 << 3;
export const MIP_MTIP = 1 << 7;
export const MIP_MEIP = 1 << 11;
export const MIE_WRITABLE = MIP_MSIP | MIP_MTIP | MIP_MEIP;

export const PRIV_U = 0;
export const PRIV_M = 3;

/** Exception causes (mcause with the interrupt bit clear). */
export const CAUSE_MISALIGNED_FETCH = 0;
export const CAUSE_FETCH_ACCESS = 1;
export const CAUSE_ILLEGAL = 2;
export const CAUSE_BREAKPOINT = 3;
export const CAUSE_MISALIGNED_LOAD = 4;
export const CAUSE_LOAD_ACCESS = 5;
export const CAUSE_MISALIGNED_STORE = 6;
export const CAUSE_STORE_ACCESS = 7;
export const CAUSE_ECALL_U = 8;
export const CAUSE_ECALL_M = 11;

export const CAUSE_NAMES: Record<number, string> = {
  0: 'instruction address misaligned',
  1: 'instruction access fault',
  2: 'illegal instruction',
  3: 'breakpoint',
  4: 'load address misaligned',
  5: 'load access fault',
  6: 'store/AMO address misaligned',
  7: 'store/AMO access fault',
  8: 'environment call from U-mode',
  11: 'environment call from M-mode',
};

/** misa: MXL=1 (RV32), extensions A C I M U. */
export const MISA_E31 = (1 << 30) | (1 << 0) | (1 << 2) | (1 << 8) | (1 << 12) | (1 << 20);
/** JEDEC id of SiFive (bank 10, 0x09 -> 0x489). */
export const MVENDORID_SIFIVE = 0x489;

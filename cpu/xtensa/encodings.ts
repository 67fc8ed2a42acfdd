/**
 * Xtensa LX106 (ESP8266) instruction set as data: the opcode list with its operand layout, the
 * special-register numbers and the exception causes.
 *
 * Configuration (QEMU target/xtensa/core-lx106/core-isa.h): little-endian, 16 address registers,
 * no windowed registers (call0 ABI), code density (16-bit .N forms), NSA/NSAU, MUL16, MUL32 (MULL
 * only: XCHAL_HAVE_MUL32_HIGH 0, no DIV32), ADDX/SUBX, ABS, L32R with absolute literals (LITBASE),
 * no zero-overhead loops, no MIN/MAX, SEXT, CLAMPS, booleans, FP, MAC16, S32C1I, L32AI/S32RI.
 * XEA2 exceptions, 15 interrupts, 2 levels + NMI at level 3, debug level 2, 1 CCOMPARE (int 6).
 * Encoding fields (Xtensa ISA Reference Manual, "Instruction Formats"): op0 = bits 3:0,
 * t = 7:4, s = 11:8, r = 15:12, op1 = 19:16, op2 = 23:20; op0 >= 8 is a 16-bit (narrow) form.
 */

/**
 * Operand layouts, one per instruction: the disassembler prints them, the predecoder fills the
 * immediate. 'r','s','t' name register fields (printed aN); others are immediates.
 */
export const enum Fmt {
  NONE, // no operands
  RST, // ar, as, at
  RT, // ar, at (NEG, ABS, SRL, SRA)
  RS, // ar, as (SLL)
  TS, // at, as (NSA, NSAU, MOV.N)
  S, // as (SSR, SSL, SSA8L, JX, CALLX0)
  T, // at (RSR/WSR/XSR with the SR name in the mnemonic)
  IMM, // imm (SSAI, WAITI, BREAK.N)
  IMM2, // s, t (BREAK)
  TSIMM, // at, as, imm (loads, stores, ADDI, ADDMI, L32I.N)
  RSIMM, // ar, as, imm (ADDI.N)
  RTIMM, // ar, at, imm (SRAI, SRLI)
  RSIMM_SLL, // ar, as, imm (SLLI)
  EXTUI, // ar, at, shift, bits
  TIMM, // at, imm (MOVI, RSIL)
  SIMM, // as, imm (MOVI.N)
  TLIT, // at, literal address (L32R)
  LABEL, // target (J, CALL0)
  SLABEL, // as, target (BEQZ...)
  SCLABEL, // as, const, target (BEQI...)
  STLABEL, // as, at, target (BEQ...)
  SBLABEL, // as, bit, target (BBCI, BBSI)
}

export interface OpInfo {
  name: string;
  fmt: Fmt;
  /** Source register fields read by the instruction: 1 = r, 2 = s, 4 = t (load-use interlock). */
  src: number;
}

// Op ids (a const enum: numeric literals in the interpreter's switch).
export const enum Op {
  ILLEGAL = 0,
  ADD = 1,
  ADDX2 = 2,
  ADDX4 = 3,
  ADDX8 = 4,
  SUB = 5,
  SUBX2 = 6,
  SUBX4 = 7,
  SUBX8 = 8,
  AND = 9,
  OR = 10,
  XOR = 11,
  NEG = 12,
  ABS = 13,
  MOVEQZ = 14,
  MOVNEZ = 15,
  MOVLTZ = 16,
  MOVGEZ = 17,
  MUL16U = 18,
  MUL16S = 19,
  MULL = 20,
  NSA = 21,
  NSAU = 22,
  SLLI = 23,
  SRAI = 24,
  SRLI = 25,
  SRC = 26,
  SRL = 27,
  SLL = 28,
  SRA = 29,
  SSR = 30,
  SSL = 31,
  SSA8L = 32,
  SSA8B = 33,
  SSAI = 34,
  EXTUI = 35,
  MOVI = 36,
  ADDI = 37,
  ADDMI = 38,
  L8UI = 39,
  L16UI = 40,
  L16SI = 41,
  L32I = 42,
  S8I = 43,
  S16I = 44,
  S32I = 45,
  L32R = 46,
  CALL0 = 47,
  CALLX0 = 48,
  J = 49,
  JX = 50,
  RET = 51,
  BEQZ = 52,
  BNEZ = 53,
  BLTZ = 54,
  BGEZ = 55,
  BEQI = 56,
  BNEI = 57,
  BLTI = 58,
  BGEI = 59,
  BLTUI = 60,
  BGEUI = 61,
  BNONE = 62,
  BEQ = 63,
  BLT = 64,
  BLTU = 65,
  BALL = 66,
  BBC = 67,
  BANY = 68,
  BNE = 69,
  BGE = 70,
  BGEU = 71,
  BNALL = 72,
  BBS = 73,
  BBCI = 74,
  BBSI = 75,
  L32I_N = 76,
  S32I_N = 77,
  ADD_N = 78,
  ADDI_N = 79,
  MOVI_N = 80,
  BEQZ_N = 81,
  BNEZ_N = 82,
  MOV_N = 83,
  RET_N = 84,
  BREAK_N = 85,
  NOP_N = 86,
  ILL_N = 87,
  ISYNC = 88,
  RSYNC = 89,
  ESYNC = 90,
  DSYNC = 91,
  EXCW = 92,
  MEMW = 93,
  EXTW = 94,
  NOP = 95,
  RFE = 96,
  RFDE = 97,
  RFI = 98,
  BREAK = 99,
  SYSCALL = 100,
  SIMCALL = 101,
  RSIL = 102,
  WAITI = 103,
  RSR = 104,
  WSR = 105,
  XSR = 106,
  COUNT = 107,
}

const R = 1, S = 2, T = 4;

/** Per-op name, operand layout and source registers, indexed by Op. */
export const OPS: OpInfo[] = [
  { name: 'ill', fmt: Fmt.NONE, src: 0 }, // ILLEGAL
  { name: 'add', fmt: Fmt.RST, src: S | T }, // ADD
  { name: 'addx2', fmt: Fmt.RST, src: S | T }, // ADDX2
  { name: 'addx4', fmt: Fmt.RST, src: S | T }, // ADDX4
  { name: 'addx8', fmt: Fmt.RST, src: S | T }, // ADDX8
  { name: 'sub', fmt: Fmt.RST, src: S | T }, // SUB
  { name: 'subx2', fmt: Fmt.RST, src: S | T }, // SUBX2
  { name: 'subx4', fmt: Fmt.RST, src: S | T }, // SUBX4
  { name: 'subx8', fmt: Fmt.RST, src: S | T }, // SUBX8
  { name: 'and', fmt: Fmt.RST, src: S | T }, // AND
  { name: 'or', fmt: Fmt.RST, src: S | T }, // OR
  { name: 'xor', fmt: Fmt.RST, src: S | T }, // XOR
  { name: 'neg', fmt: Fmt.RT, src: T }, // NEG
  { name: 'abs', fmt: Fmt.RT, src: T }, // ABS
  { name: 'moveqz', fmt: Fmt.RST, src: R | S | T }, // MOVEQZ
  { name: 'movnez', fmt: Fmt.RST, src: R | S | T }, // MOVNEZ
  { name: 'movltz', fmt: Fmt.RST, src: R | S | T }, // MOVLTZ
  { name: 'movgez', fmt: Fmt.RST, src: R | S | T }, // MOVGEZ
  { name: 'mul16u', fmt: Fmt.RST, src: S | T }, // MUL16U
  { name: 'mul16s', fmt: Fmt.RST, src: S | T }, // MUL16S
  { name: 'mull', fmt: Fmt.RST, src: S | T }, // MULL
  { name: 'nsa', fmt: Fmt.TS, src: S }, // NSA
  { name: 'nsau', fmt: Fmt.TS, src: S }, // NSAU
  { name: 'slli', fmt: Fmt.RSIMM_SLL, src: S }, // SLLI
  { name: 'srai', fmt: Fmt.RTIMM, src: T }, // SRAI
  { name: 'srli', fmt: Fmt.RTIMM, src: T }, // SRLI
  { name: 'src', fmt: Fmt.RST, src: S | T }, // SRC
  { name: 'srl', fmt: Fmt.RT, src: T }, // SRL
  { name: 'sll', fmt: Fmt.RS, src: S }, // SLL
  { name: 'sra', fmt: Fmt.RT, src: T }, // SRA
  { name: 'ssr', fmt: Fmt.S, src: S }, // SSR
  { name: 'ssl', fmt: Fmt.S, src: S }, // SSL
  { name: 'ssa8l', fmt: Fmt.S, src: S }, // SSA8L
  { name: 'ssa8b', fmt: Fmt.S, src: S }, // SSA8B
  { name: 'ssai', fmt: Fmt.IMM, src: 0 }, // SSAI
  { name: 'extui', fmt: Fmt.EXTUI, src: T }, // EXTUI
  { name: 'movi', fmt: Fmt.TIMM, src: 0 }, // MOVI
  { name: 'addi', fmt: Fmt.TSIMM, src: S }, // ADDI
  { name: 'addmi', fmt: Fmt.TSIMM, src: S }, // ADDMI
  { name: 'l8ui', fmt: Fmt.TSIMM, src: S }, // L8UI
  { name: 'l16ui', fmt: Fmt.TSIMM, src: S }, // L16UI
  { name: 'l16si', fmt: Fmt.TSIMM, src: S }, // L16SI
  { name: 'l32i', fmt: Fmt.TSIMM, src: S }, // L32I
  { name: 's8i', fmt: Fmt.TSIMM, src: S | T }, // S8I
  { name: 's16i', fmt: Fmt.TSIMM, src: S | T }, // S16I
  { name: 's32i', fmt: Fmt.TSIMM, src: S | T }, // S32I
  { name: 'l32r', fmt: Fmt.TLIT, src: 0 }, // L32R
  { name: 'call0', fmt: Fmt.LABEL, src: 0 }, // CALL0
  { name: 'callx0', fmt: Fmt.S, src: S }, // CALLX0
  { name: 'j', fmt: Fmt.LABEL, src: 0 }, // J
  { name: 'jx', fmt: Fmt.S, src: S }, // JX
  { name: 'ret', fmt: Fmt.NONE, src: 0 }, // RET
  { name: 'beqz', fmt: Fmt.SLABEL, src: S }, // BEQZ
  { name: 'bnez', fmt: Fmt.SLABEL, src: S }, // BNEZ
  { name: 'bltz', fmt: Fmt.SLABEL, src: S }, // BLTZ
  { name: 'bgez', fmt: Fmt.SLABEL, src: S }, // BGEZ
  { name: 'beqi', fmt: Fmt.SCLABEL, src: S }, // BEQI
  { name: 'bnei', fmt: Fmt.SCLABEL, src: S }, // BNEI
  { name: 'blti', fmt: Fmt.SCLABEL, src: S }, // BLTI
  { name: 'bgei', fmt: Fmt.SCLABEL, src: S }, // BGEI
  { name: 'bltui', fmt: Fmt.SCLABEL, src: S }, // BLTUI
  { name: 'bgeui', fmt: Fmt.SCLABEL, src: S }, // BGEUI
  { name: 'bnone', fmt: Fmt.STLABEL, src: S | T }, // BNONE
  { name: 'beq', fmt: Fmt.STLABEL, src: S | T }, // BEQ
  { name: 'blt', fmt: Fmt.STLABEL, src: S | T }, // BLT
  { name: 'bltu', fmt: Fmt.STLABEL, src: S | T }, // BLTU
  { name: 'ball', fmt: Fmt.STLABEL, src: S | T }, // BALL
  { name: 'bbc', fmt: Fmt.STLABEL, src: S | T }, // BBC
  { name: 'bany', fmt: Fmt.STLABEL, src: S | T }, // BANY
  { name: 'bne', fmt: Fmt.STLABEL, src: S | T }, // BNE
  { name: 'bge', fmt: Fmt.STLABEL, src: S | T }, // BGE
  { name: 'bgeu', fmt: Fmt.STLABEL, src: S | T }, // BGEU
  { name: 'bnall', fmt: Fmt.STLABEL, src: S | T }, // BNALL
  { name: 'bbs', fmt: Fmt.STLABEL, src: S | T }, // BBS
  { name: 'bbci', fmt: Fmt.SBLABEL, src: S }, // BBCI
  { name: 'bbsi', fmt: Fmt.SBLABEL, src: S }, // BBSI
  { name: 'l32i.n', fmt: Fmt.TSIMM, src: S }, // L32I_N
  { name: 's32i.n', fmt: Fmt.TSIMM, src: S | T }, // S32I_N
  { name: 'add.n', fmt: Fmt.RST, src: S | T }, // ADD_N
  { name: 'addi.n', fmt: Fmt.RSIMM, src: S }, // ADDI_N
  { name: 'movi.n', fmt: Fmt.SIMM, src: 0 }, // MOVI_N
  { name: 'beqz.n', fmt: Fmt.SLABEL, src: S }, // BEQZ_N
  { name: 'bnez.n', fmt: Fmt.SLABEL, src: S }, // BNEZ_N
  { name: 'mov.n', fmt: Fmt.TS, src: S }, // MOV_N
  { name: 'ret.n', fmt: Fmt.NONE, src: 0 }, // RET_N
  { name: 'break.n', fmt: Fmt.IMM, src: 0 }, // BREAK_N
  { name: 'nop.n', fmt: Fmt.NONE, src: 0 }, // NOP_N
  { name: 'ill.n', fmt: Fmt.NONE, src: 0 }, // ILL_N
  { name: 'isync', fmt: Fmt.NONE, src: 0 }, // ISYNC
  { name: 'rsync', fmt: Fmt.NONE, src: 0 }, // RSYNC
  { name: 'esync', fmt: Fmt.NONE, src: 0 }, // ESYNC
  { name: 'dsync', fmt: Fmt.NONE, src: 0 }, // DSYNC
  { name: 'excw', fmt: Fmt.NONE, src: 0 }, // EXCW
  { name: 'memw', fmt: Fmt.NONE, src: 0 }, // MEMW
  { name: 'extw', fmt: Fmt.NONE, src: 0 }, // EXTW
  { name: 'nop', fmt: Fmt.NONE, src: 0 }, // NOP
  { name: 'rfe', fmt: Fmt.NONE, src: 0 }, // RFE
  { name: 'rfde', fmt: Fmt.NONE, src: 0 }, // RFDE
  { name: 'rfi', fmt: Fmt.IMM, src: 0 }, // RFI
  { name: 'break', fmt: Fmt.IMM2, src: 0 }, // BREAK
  { name: 'syscall', fmt: Fmt.NONE, src: 0 }, // SYSCALL
  { name: 'simcall', fmt: Fmt.NONE, src: 0 }, // SIMCALL
  { name: 'rsil', fmt: Fmt.TIMM, src: 0 }, // RSIL
  { name: 'waiti', fmt: Fmt.IMM, src: 0 }, // WAITI
  { name: 'rsr', fmt: Fmt.T, src: 0 }, // RSR
  { name: 'wsr', fmt: Fmt.T, src: T }, // WSR
  { name: 'xsr', fmt: Fmt.T, src: T }, // XSR
];


/** B4CONST / B4CONSTU tables (ISA Reference Manual, "Branch Immediate" encodings). */
export const B4CONST = [-1, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 32, 64, 128, 256];
export const B4CONSTU = [32768, 65536, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 32, 64, 128, 256];

/** Special registers of the lx106 configuration (numbers: ISA Reference Manual, special register table). */
export const SR = {
  SAR: 3, LITBASE: 5, IBREAKENABLE: 96, DDR: 104, IBREAKA0: 128, DBREAKA0: 144, DBREAKC0: 160,
  EPC1: 177, EPC2: 178, EPC3: 179, DEPC: 192, EPS2: 194, EPS3: 195, EXCSAVE1: 209, EXCSAVE2: 210, EXCSAVE3: 211,
  INTERRUPT: 226, INTCLEAR: 227, INTENABLE: 228, PS: 230, VECBASE: 231, EXCCAUSE: 232, DEBUGCAUSE: 233,
  CCOUNT: 234, PRID: 235, ICOUNT: 236, ICOUNTLEVEL: 237, EXCVADDR: 238, CCOMPARE0: 240,
} as const;

/** Names as xtensa-lx106-elf-objdump prints them in rsr./wsr./xsr. (INTERRUPT is intset for wsr). */
export const SR_NAMES: Record<number, string> = {
  3: 'sar', 5: 'litbase', 96: 'ibreakenable', 104: 'ddr', 128: 'ibreaka0', 144: 'dbreaka0', 160: 'dbreakc0',
  177: 'epc1', 178: 'epc2', 179: 'epc3', 192: 'depc', 194: 'eps2', 195: 'eps3', 209: 'excsave1', 210: 'excsave2', 211: 'excsave3',
  226: 'interrupt', 227: 'intclear', 228: 'intenable', 230: 'ps', 231: 'vecbase', 232: 'exccause', 233: 'debugcause',
  234: 'ccount', 235: 'prid', 236: 'icount', 237: 'icountlevel', 238: 'excvaddr', 240: 'ccompare0',
};

/** EXCCAUSE values (ISA Reference Manual, "Exception Causes"). */
export const Cause = {
  ILLEGAL: 0, SYSCALL: 1, INSTR_FETCH_ERROR: 2, LOAD_STORE_ERROR: 3, LEVEL1_INTERRUPT: 4, DIVIDE_BY_ZERO: 6,
  ALIGNMENT: 9, INST_FETCH_PROHIBITED: 20, LOAD_PROHIBITED: 28, STORE_PROHIBITED: 29,
} as const;
export const CAUSE_NAMES: Record<number, string> = {
  0: 'IllegalInstructionCause', 1: 'SyscallCause', 2: 'InstructionFetchErrorCause', 3: 'LoadStoreErrorCause', 4: 'Level1InterruptCause',
  6: 'IntegerDivideByZeroCause', 9: 'LoadStoreAlignmentCause', 20: 'InstFetchProhibitedCause', 28: 'LoadProhibitedCause', 29: 'StoreProhibitedCause',
};

/** PS fields (ISA Reference Manual, "PS register"). */
export const PS_INTLEVEL = 0xf;
export const PS_EXCM = 0x10;
export const PS_UM = 0x20;

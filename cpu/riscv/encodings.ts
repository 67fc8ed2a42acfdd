/**
 * RV32IMAC + Zicsr + Zifencei + machine-mode instructions as data.
 *
 * Source: The RISC-V Instruction Set Manual, Volume I (Unprivileged, 20191213): chapter 24
 * "RV32/64G Instruction Set Listings" and chapter 16 "C" (tables 16.5-16.7); Volume II
 * (Privileged, 20211203) table 9.3 for MRET/WFI.
 *
 * Every entry names the instruction, its fixed bits (mask/match), the operation it performs (`op`,
 * shared by a compressed form and its 32-bit expansion) and how its operands are extracted. The
 * decoder (decode.ts), the disassembler and the decoder tests are all generated from this table.
 * Overlaps are declared: entries are matched in table order inside an opcode bucket, and an entry
 * may declare fields that must be non-zero (`nonzero`) or zero (`zero`) for it to apply; an entry
 * with `reserved: true` decodes to an illegal instruction (reserved encodings of the C extension).
 */

/** Operations: what the core executes. Compressed instructions map onto these. */
export const enum Op {
  ILLEGAL = 0,
  LUI, AUIPC, JAL, JALR,
  BEQ, BNE, BLT, BGE, BLTU, BGEU,
  LB, LH, LW, LBU, LHU,
  SB, SH, SW,
  ADDI, SLTI, SLTIU, XORI, ORI, ANDI, SLLI, SRLI, SRAI,
  ADD, SUB, SLL, SLT, SLTU, XOR, SRL, SRA, OR, AND,
  FENCE, FENCE_I, ECALL, EBREAK, MRET, WFI,
  CSRRW, CSRRS, CSRRC, CSRRWI, CSRRSI, CSRRCI,
  MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU,
  LR_W, SC_W, AMOSWAP_W, AMOADD_W, AMOXOR_W, AMOAND_W, AMOOR_W, AMOMIN_W, AMOMAX_W, AMOMINU_W, AMOMAXU_W,
  COUNT,
}

/** A register field: [hi, lo] bit positions, plus an offset added (x8 for the 3-bit C registers). */
export interface RegField {
  hi: number;
  lo: number;
  add: number;
}

/** Immediate: pieces [instHi, instLo, immLo] concatenated, then sign-extended from `signBit` (or not). */
export interface ImmSpec {
  pieces: ReadonlyArray<readonly [number, number, number]>;
  /** Bit index of the sign; -1 for an unsigned (zero-extended) immediate. */
  signBit: number;
}

export type Ext = 'I' | 'M' | 'A' | 'C' | 'Zicsr' | 'Zifencei' | 'priv';

/** How the disassembler prints the operands. */
export type Syntax =
  | 'none' | 'rd,imm20' | 'rd,target' | 'rd,imm(rs1)' | 'rs1,rs2,target' | 'rd,rs1,imm' | 'rs2,imm(rs1)'
  | 'rd,rs1,rs2' | 'rd,csr,rs1' | 'rd,csr,uimm' | 'rd,(rs1)' | 'rd,rs2,(rs1)' | 'fence'
  // compressed forms (printed with their own names)
  | 'c:rd,imm' | 'c:rd,rs2' | 'c:rs1' | 'c:target' | 'c:rs1,target' | 'c:rd,imm(sp)' | 'c:rs2,imm(sp)'
  | 'c:rd,imm(rs1)' | 'c:rs2,imm(rs1)' | 'c:rd,sp,imm' | 'c:sp,imm' | 'c:none';

export interface Encoding {
  name: string;
  ext: Ext;
  /** 2 or 4 bytes. */
  size: 2 | 4;
  mask: number;
  match: number;
  op: Op;
  rd?: RegField;
  rs1?: RegField;
  rs2?: RegField;
  imm?: ImmSpec;
  /** Fields that must be non-zero for this entry to match (else the next entry is tried). */
  nonzero?: ReadonlyArray<'rd' | 'rs1' | 'rs2' | 'imm'>;
  /** Fields that must be zero for this entry to match. */
  zero?: ReadonlyArray<'rd' | 'rs1' | 'rs2' | 'imm'>;
  /** Reserved encoding: decodes as illegal. */
  reserved?: boolean;
  syntax: Syntax;
}

// ---- field shorthands -------------------------------------------------------------------------
const R = (hi: number, lo: number, add = 0): RegField => ({ hi, lo, add });
const RD = R(11, 7);
const RS1 = R(19, 15);
const RS2 = R(24, 20);
const X0: RegField = { hi: -1, lo: 0, add: 0 }; // constant register x0
const X1: RegField = { hi: -1, lo: 0, add: 1 }; // constant register ra
const X2: RegField = { hi: -1, lo: 0, add: 2 }; // constant register sp
const CRD_ = R(4, 2, 8); // rd' / rs2' at 4:2
const CRS1_ = R(9, 7, 8); // rs1' / rd' at 9:7
const CRD = R(11, 7);
const CRS2 = R(6, 2);

const imm = (signBit: number, ...pieces: Array<[number, number, number]>): ImmSpec => ({ pieces, signBit });
const I_IMM = imm(11, [31, 20, 0]);
const S_IMM = imm(11, [31, 25, 5], [11, 7, 0]);
const B_IMM = imm(12, [31, 31, 12], [7, 7, 11], [30, 25, 5], [11, 8, 1]);
const U_IMM = imm(31, [31, 12, 12]);
const J_IMM = imm(20, [31, 31, 20], [19, 12, 12], [20, 20, 11], [30, 21, 1]);
const SHAMT = imm(-1, [24, 20, 0]);
const CSR = imm(-1, [31, 20, 0]);
const ZIMM_RS1 = R(19, 15); // uimm of CSRR*I is carried in the rs1 slot

// C immediates (Volume I, chapter 16 figures)
const CI_IMM = imm(5, [12, 12, 5], [6, 2, 0]);
const CI_UIMM = imm(-1, [12, 12, 5], [6, 2, 0]);
const C_LUI_IMM = imm(17, [12, 12, 17], [6, 2, 12]);
const C_ADDI16SP_IMM = imm(9, [12, 12, 9], [6, 6, 4], [5, 5, 6], [4, 3, 7], [2, 2, 5]);
const C_ADDI4SPN_IMM = imm(-1, [12, 11, 4], [10, 7, 6], [6, 6, 2], [5, 5, 3]);
const C_LW_IMM = imm(-1, [12, 10, 3], [6, 6, 2], [5, 5, 6]);
const C_LWSP_IMM = imm(-1, [12, 12, 5], [6, 4, 2], [3, 2, 6]);
const C_SWSP_IMM = imm(-1, [12, 9, 2], [8, 7, 6]);
const C_J_IMM = imm(11, [12, 12, 11], [11, 11, 4], [10, 9, 8], [8, 8, 10], [7, 7, 6], [6, 6, 7], [5, 3, 1], [2, 2, 5]);
const C_B_IMM = imm(8, [12, 12, 8], [11, 10, 3], [6, 5, 6], [4, 3, 1], [2, 2, 5]);
const ZERO_IMM = imm(-1);

// ---- 32-bit encodings -------------------------------------------------------------------------
const OPC = 0x0000007f;
const F3 = 0x0000707f;
const F7 = 0xfe00707f;
const FULL = 0xffffffff;

type E = Omit<Encoding, 'size'>;
const e32 = (x: E): Encoding => ({ ...x, size: 4 });
const e16 = (x: E): Encoding => ({ ...x, size: 2 });

const branch = (name: string, f3: number, op: Op) =>
  e32({ name, ext: 'I', mask: F3, match: 0x63 | (f3 << 12), op, rs1: RS1, rs2: RS2, imm: B_IMM, syntax: 'rs1,rs2,target' });
const load = (name: string, f3: number, op: Op) =>
  e32({ name, ext: 'I', mask: F3, match: 0x03 | (f3 << 12), op, rd: RD, rs1: RS1, imm: I_IMM, syntax: 'rd,imm(rs1)' });
const store = (name: string, f3: number, op: Op) =>
  e32({ name, ext: 'I', mask: F3, match: 0x23 | (f3 << 12), op, rs1: RS1, rs2: RS2, imm: S_IMM, syntax: 'rs2,imm(rs1)' });
const opimm = (name: string, f3: number, op: Op) =>
  e32({ name, ext: 'I', mask: F3, match: 0x13 | (f3 << 12), op, rd: RD, rs1: RS1, imm: I_IMM, syntax: 'rd,rs1,imm' });
const shimm = (name: string, f3: number, f7: number, op: Op) =>
  e32({ name, ext: 'I', mask: F7, match: 0x13 | (f3 << 12) | (f7 << 25), op, rd: RD, rs1: RS1, imm: SHAMT, syntax: 'rd,rs1,imm' });
const rr = (name: string, f3: number, f7: number, op: Op, ext: Ext = 'I') =>
  e32({ name, ext, mask: F7, match: 0x33 | (f3 << 12) | (f7 << 25), op, rd: RD, rs1: RS1, rs2: RS2, syntax: 'rd,rs1,rs2' });
const csr = (name: string, f3: number, op: Op, uimm: boolean) =>
  e32({ name, ext: 'Zicsr', mask: F3, match: 0x73 | (f3 << 12), op, rd: RD, rs1: uimm ? ZIMM_RS1 : RS1, imm: CSR, syntax: uimm ? 'rd,csr,uimm' : 'rd,csr,rs1' });
const amo = (name: string, f5: number, op: Op) =>
  e32({ name, ext: 'A', mask: 0xf800707f, match: 0x2f | (2 << 12) | (f5 << 27), op, rd: RD, rs1: RS1, rs2: RS2, syntax: 'rd,rs2,(rs1)' });

export const ENCODINGS32: Encoding[] = [
  e32({ name: 'lui', ext: 'I', mask: OPC, match: 0x37, op: Op.LUI, rd: RD, imm: U_IMM, syntax: 'rd,imm20' }),
  e32({ name: 'auipc', ext: 'I', mask: OPC, match: 0x17, op: Op.AUIPC, rd: RD, imm: U_IMM, syntax: 'rd,imm20' }),
  e32({ name: 'jal', ext: 'I', mask: OPC, match: 0x6f, op: Op.JAL, rd: RD, imm: J_IMM, syntax: 'rd,target' }),
  e32({ name: 'jalr', ext: 'I', mask: F3, match: 0x67, op: Op.JALR, rd: RD, rs1: RS1, imm: I_IMM, syntax: 'rd,imm(rs1)' }),
  branch('beq', 0, Op.BEQ),
  branch('bne', 1, Op.BNE),
  branch('blt', 4, Op.BLT),
  branch('bge', 5, Op.BGE),
  branch('bltu', 6, Op.BLTU),
  branch('bgeu', 7, Op.BGEU),
  load('lb', 0, Op.LB),
  load('lh', 1, Op.LH),
  load('lw', 2, Op.LW),
  load('lbu', 4, Op.LBU),
  load('lhu', 5, Op.LHU),
  store('sb', 0, Op.SB),
  store('sh', 1, Op.SH),
  store('sw', 2, Op.SW),
  opimm('addi', 0, Op.ADDI),
  opimm('slti', 2, Op.SLTI),
  opimm('sltiu', 3, Op.SLTIU),
  opimm('xori', 4, Op.XORI),
  opimm('ori', 6, Op.ORI),
  opimm('andi', 7, Op.ANDI),
  shimm('slli', 1, 0x00, Op.SLLI),
  shimm('srli', 5, 0x00, Op.SRLI),
  shimm('srai', 5, 0x20, Op.SRAI),
  rr('add', 0, 0x00, Op.ADD),
  rr('sub', 0, 0x20, Op.SUB),
  rr('sll', 1, 0x00, Op.SLL),
  rr('slt', 2, 0x00, Op.SLT),
  rr('sltu', 3, 0x00, Op.SLTU),
  rr('xor', 4, 0x00, Op.XOR),
  rr('srl', 5, 0x00, Op.SRL),
  rr('sra', 5, 0x20, Op.SRA),
  rr('or', 6, 0x00, Op.OR),
  rr('and', 7, 0x00, Op.AND),
  rr('mul', 0, 0x01, Op.MUL, 'M'),
  rr('mulh', 1, 0x01, Op.MULH, 'M'),
  rr('mulhsu', 2, 0x01, Op.MULHSU, 'M'),
  rr('mulhu', 3, 0x01, Op.MULHU, 'M'),
  rr('div', 4, 0x01, Op.DIV, 'M'),
  rr('divu', 5, 0x01, Op.DIVU, 'M'),
  rr('rem', 6, 0x01, Op.REM, 'M'),
  rr('remu', 7, 0x01, Op.REMU, 'M'),
  // FENCE: fm/pred/succ/rs1/rd are ignored by this in-order core (Vol. I §2.7).
  e32({ name: 'fence', ext: 'I', mask: F3, match: 0x0f, op: Op.FENCE, syntax: 'fence' }),
  e32({ name: 'fence.i', ext: 'Zifencei', mask: F3, match: 0x100f, op: Op.FENCE_I, syntax: 'none' }),
  e32({ name: 'ecall', ext: 'I', mask: FULL, match: 0x00000073, op: Op.ECALL, syntax: 'none' }),
  e32({ name: 'ebreak', ext: 'I', mask: FULL, match: 0x00100073, op: Op.EBREAK, syntax: 'none' }),
  e32({ name: 'mret', ext: 'priv', mask: FULL, match: 0x30200073, op: Op.MRET, syntax: 'none' }),
  e32({ name: 'wfi', ext: 'priv', mask: FULL, match: 0x10500073, op: Op.WFI, syntax: 'none' }),
  csr('csrrw', 1, Op.CSRRW, false),
  csr('csrrs', 2, Op.CSRRS, false),
  csr('csrrc', 3, Op.CSRRC, false),
  csr('csrrwi', 5, Op.CSRRWI, true),
  csr('csrrsi', 6, Op.CSRRSI, true),
  csr('csrrci', 7, Op.CSRRCI, true),
  e32({ name: 'lr.w', ext: 'A', mask: 0xf9f0707f, match: 0x1000202f, op: Op.LR_W, rd: RD, rs1: RS1, syntax: 'rd,(rs1)' }),
  amo('sc.w', 0x03, Op.SC_W),
  amo('amoswap.w', 0x01, Op.AMOSWAP_W),
  amo('amoadd.w', 0x00, Op.AMOADD_W),
  amo('amoxor.w', 0x04, Op.AMOXOR_W),
  amo('amoand.w', 0x0c, Op.AMOAND_W),
  amo('amoor.w', 0x08, Op.AMOOR_W),
  amo('amomin.w', 0x10, Op.AMOMIN_W),
  amo('amomax.w', 0x14, Op.AMOMAX_W),
  amo('amominu.w', 0x18, Op.AMOMINU_W),
  amo('amomaxu.w', 0x1c, Op.AMOMAXU_W),
];

// ---- 16-bit encodings (RV32C) -----------------------------------------------------------------
const Q = (f3: number, quadrant: number) => (f3 << 13) | quadrant;
const CQ = 0xe003; // funct3 + quadrant

export const ENCODINGS16: Encoding[] = [
  // Quadrant 0
  e16({ name: 'c.addi4spn', ext: 'C', mask: CQ, match: Q(0, 0), op: Op.ADDI, rd: CRD_, rs1: X2, imm: C_ADDI4SPN_IMM, nonzero: ['imm'], syntax: 'c:rd,sp,imm' }),
  e16({ name: 'c.addi4spn', ext: 'C', mask: CQ, match: Q(0, 0), op: Op.ILLEGAL, reserved: true, syntax: 'c:none' }),
  e16({ name: 'c.lw', ext: 'C', mask: CQ, match: Q(2, 0), op: Op.LW, rd: CRD_, rs1: CRS1_, imm: C_LW_IMM, syntax: 'c:rd,imm(rs1)' }),
  e16({ name: 'c.sw', ext: 'C', mask: CQ, match: Q(6, 0), op: Op.SW, rs2: CRD_, rs1: CRS1_, imm: C_LW_IMM, syntax: 'c:rs2,imm(rs1)' }),
  // Quadrant 1
  e16({ name: 'c.nop', ext: 'C', mask: CQ, match: Q(0, 1), op: Op.ADDI, rd: CRD, rs1: CRD, imm: CI_IMM, zero: ['rd'], syntax: 'c:none' }),
  e16({ name: 'c.addi', ext: 'C', mask: CQ, match: Q(0, 1), op: Op.ADDI, rd: CRD, rs1: CRD, imm: CI_IMM, syntax: 'c:rd,imm' }),
  e16({ name: 'c.jal', ext: 'C', mask: CQ, match: Q(1, 1), op: Op.JAL, rd: X1, imm: C_J_IMM, syntax: 'c:target' }),
  e16({ name: 'c.li', ext: 'C', mask: CQ, match: Q(2, 1), op: Op.ADDI, rd: CRD, rs1: X0, imm: CI_IMM, syntax: 'c:rd,imm' }),
  e16({ name: 'c.addi16sp', ext: 'C', mask: CQ | 0x0f80, match: Q(3, 1) | (2 << 7), op: Op.ADDI, rd: X2, rs1: X2, imm: C_ADDI16SP_IMM, nonzero: ['imm'], syntax: 'c:sp,imm' }),
  e16({ name: 'c.addi16sp', ext: 'C', mask: CQ | 0x0f80, match: Q(3, 1) | (2 << 7), op: Op.ILLEGAL, reserved: true, syntax: 'c:none' }),
  e16({ name: 'c.lui', ext: 'C', mask: CQ, match: Q(3, 1), op: Op.LUI, rd: CRD, imm: C_LUI_IMM, nonzero: ['imm'], syntax: 'c:rd,imm' }),
  e16({ name: 'c.lui', ext: 'C', mask: CQ, match: Q(3, 1), op: Op.ILLEGAL, reserved: true, syntax: 'c:none' }),
  // shamt[5] (bit 12) set is reserved on RV32 (NSE): mask includes bit 12.
  e16({ name: 'c.srli', ext: 'C', mask: CQ | 0x1c00, match: Q(4, 1) | (0 << 10), op: Op.SRLI, rd: CRS1_, rs1: CRS1_, imm: CI_UIMM, syntax: 'c:rd,imm' }),
  e16({ name: 'c.srai', ext: 'C', mask: CQ | 0x1c00, match: Q(4, 1) | (1 << 10), op: Op.SRAI, rd: CRS1_, rs1: CRS1_, imm: CI_UIMM, syntax: 'c:rd,imm' }),
  e16({ name: 'c.andi', ext: 'C', mask: CQ | 0x0c00, match: Q(4, 1) | (2 << 10), op: Op.ANDI, rd: CRS1_, rs1: CRS1_, imm: CI_IMM, syntax: 'c:rd,imm' }),
  e16({ name: 'c.sub', ext: 'C', mask: 0xfc63, match: Q(4, 1) | (3 << 10) | (0 << 5), op: Op.SUB, rd: CRS1_, rs1: CRS1_, rs2: CRD_, syntax: 'c:rd,rs2' }),
  e16({ name: 'c.xor', ext: 'C', mask: 0xfc63, match: Q(4, 1) | (3 << 10) | (1 << 5), op: Op.XOR, rd: CRS1_, rs1: CRS1_, rs2: CRD_, syntax: 'c:rd,rs2' }),
  e16({ name: 'c.or', ext: 'C', mask: 0xfc63, match: Q(4, 1) | (3 << 10) | (2 << 5), op: Op.OR, rd: CRS1_, rs1: CRS1_, rs2: CRD_, syntax: 'c:rd,rs2' }),
  e16({ name: 'c.and', ext: 'C', mask: 0xfc63, match: Q(4, 1) | (3 << 10) | (3 << 5), op: Op.AND, rd: CRS1_, rs1: CRS1_, rs2: CRD_, syntax: 'c:rd,rs2' }),
  e16({ name: 'c.j', ext: 'C', mask: CQ, match: Q(5, 1), op: Op.JAL, rd: X0, imm: C_J_IMM, syntax: 'c:target' }),
  e16({ name: 'c.beqz', ext: 'C', mask: CQ, match: Q(6, 1), op: Op.BEQ, rs1: CRS1_, rs2: X0, imm: C_B_IMM, syntax: 'c:rs1,target' }),
  e16({ name: 'c.bnez', ext: 'C', mask: CQ, match: Q(7, 1), op: Op.BNE, rs1: CRS1_, rs2: X0, imm: C_B_IMM, syntax: 'c:rs1,target' }),
  // Quadrant 2
  e16({ name: 'c.slli', ext: 'C', mask: CQ | 0x1000, match: Q(0, 2), op: Op.SLLI, rd: CRD, rs1: CRD, imm: CI_UIMM, syntax: 'c:rd,imm' }),
  e16({ name: 'c.lwsp', ext: 'C', mask: CQ, match: Q(2, 2), op: Op.LW, rd: CRD, rs1: X2, imm: C_LWSP_IMM, nonzero: ['rd'], syntax: 'c:rd,imm(sp)' }),
  e16({ name: 'c.lwsp', ext: 'C', mask: CQ, match: Q(2, 2), op: Op.ILLEGAL, reserved: true, syntax: 'c:none' }),
  e16({ name: 'c.jr', ext: 'C', mask: 0xf07f, match: 0x8002, op: Op.JALR, rd: X0, rs1: CRD, imm: ZERO_IMM, nonzero: ['rs1'], syntax: 'c:rs1' }),
  e16({ name: 'c.jr', ext: 'C', mask: 0xf07f, match: 0x8002, op: Op.ILLEGAL, reserved: true, syntax: 'c:none' }),
  e16({ name: 'c.mv', ext: 'C', mask: 0xf003, match: 0x8002, op: Op.ADD, rd: CRD, rs1: X0, rs2: CRS2, syntax: 'c:rd,rs2' }),
  e16({ name: 'c.ebreak', ext: 'C', mask: 0xffff, match: 0x9002, op: Op.EBREAK, syntax: 'c:none' }),
  e16({ name: 'c.jalr', ext: 'C', mask: 0xf07f, match: 0x9002, op: Op.JALR, rd: X1, rs1: CRD, imm: ZERO_IMM, syntax: 'c:rs1' }),
  e16({ name: 'c.add', ext: 'C', mask: 0xf003, match: 0x9002, op: Op.ADD, rd: CRD, rs1: CRD, rs2: CRS2, syntax: 'c:rd,rs2' }),
  e16({ name: 'c.swsp', ext: 'C', mask: CQ, match: Q(6, 2), op: Op.SW, rs2: CRS2, rs1: X2, imm: C_SWSP_IMM, syntax: 'c:rs2,imm(sp)' }),
];

/** Names of the operations (for traces and timing tables). */
export const OP_NAMES: string[] = (() => {
  const names: string[] = new Array(Op.COUNT).fill('?');
  names[Op.ILLEGAL] = 'illegal';
  for (const e of ENCODINGS32) names[e.op] = e.name;
  return names;
})();

export const ABI_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];

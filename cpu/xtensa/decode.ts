/**
 * LX106 decoder and disassembler. The decoder is a table walk over the opcode fields (op0, op1,
 * op2, r, t...) as laid out in the Xtensa ISA Reference Manual's opcode maps; anything outside the
 * lx106 configuration decodes to Op.ILLEGAL (the core raises IllegalInstructionCause).
 */
import { Op, OPS, Fmt, B4CONST, B4CONSTU, SR_NAMES } from './encodings.js';

export interface Decoded {
  op: number;
  r: number;
  s: number;
  t: number;
  /** Main immediate (offsets for branches are relative to the instruction address). */
  imm: number;
  /** Second immediate (branch-immediate constant, BBCI bit, EXTUI mask width). */
  imm2: number;
  /** 2 or 3 bytes. */
  len: number;
}

export function newDecoded(): Decoded {
  return { op: Op.ILLEGAL, r: 0, s: 0, t: 0, imm: 0, imm2: 0, len: 3 };
}

/** Instruction length from its first byte (op0 >= 8: narrow). */
export function insnLength(b0: number): number {
  return (b0 & 0x8) !== 0 ? 2 : 3;
}

/** Read-only (PRID, INTERRUPT for XSR) and write-only (INTCLEAR) special registers. */
function srAllowed(op: number, sr: number): boolean {
  if (sr === 235) return op === Op.RSR; // PRID
  if (sr === 227) return op === Op.WSR; // INTCLEAR
  if (sr === 226) return op !== Op.XSR; // INTERRUPT (RSR) / INTSET (WSR)
  return true;
}

const sext = (v: number, bits: number) => (v << (32 - bits)) >> (32 - bits);

/** Decodes the instruction whose bytes are in `w` (little-endian, 2 or 3 significant bytes). */
export function decode(w: number, d: Decoded): Decoded {
  const op0 = w & 0xf;
  const t = (w >>> 4) & 0xf;
  const s = (w >>> 8) & 0xf;
  const r = (w >>> 12) & 0xf;
  d.r = r;
  d.s = s;
  d.t = t;
  d.imm = 0;
  d.imm2 = 0;
  d.op = Op.ILLEGAL;
  if (op0 >= 8) {
    d.len = 2;
    switch (op0) {
      case 8: d.op = Op.L32I_N; d.imm = r << 2; break;
      case 9: d.op = Op.S32I_N; d.imm = r << 2; break;
      case 0xa: d.op = Op.ADD_N; break;
      case 0xb: d.op = Op.ADDI_N; d.imm = t === 0 ? -1 : t; break;
      case 0xc:
        if ((t & 8) === 0) {
          d.op = Op.MOVI_N;
          const v = ((t & 7) << 4) | r;
          d.imm = (v & 0x60) === 0x60 ? v - 128 : v;
        } else {
          d.op = (t & 4) === 0 ? Op.BEQZ_N : Op.BNEZ_N;
          d.imm = (((t & 3) << 4) | r) + 4;
        }
        break;
      case 0xd:
        if (r === 0) d.op = Op.MOV_N;
        else if (r === 15) {
          if (t === 0 && s === 0) d.op = Op.RET_N;
          else if (t === 2) { d.op = Op.BREAK_N; d.imm = s; }
          else if (t === 3 && s === 0) d.op = Op.NOP_N;
          else if (t === 6 && s === 0) d.op = Op.ILL_N;
        }
        break;
    }
    return d;
  }
  d.len = 3;
  const op1 = (w >>> 16) & 0xf;
  const op2 = (w >>> 20) & 0xf;
  switch (op0) {
    case 0: // QRST
      switch (op1) {
        case 0: // RST0
          switch (op2) {
            case 0: // ST0
              switch (r) {
                case 0: { // SNM0
                  const m = t >> 2, n = t & 3;
                  if (m === 0 && n === 0 && s === 0) d.op = Op.ILLEGAL;
                  else if (m === 2 && n === 0 && s === 0) d.op = Op.RET;
                  else if (m === 2 && n === 2) d.op = Op.JX;
                  else if (m === 3 && n === 0) d.op = Op.CALLX0;
                  break;
                }
                case 2: // SYNC
                  if (s === 0) {
                    const m = [Op.ISYNC, Op.RSYNC, Op.ESYNC, Op.DSYNC, -1, -1, -1, -1, Op.EXCW, -1, -1, -1, Op.MEMW, Op.EXTW, -1, Op.NOP][t];
                    if (m >= 0) d.op = m;
                  }
                  break;
                case 3: // RFEI
                  if (t === 0 && s === 0) d.op = Op.RFE;
                  else if (t === 0 && s === 2) d.op = Op.RFDE;
                  else if (t === 1 && s >= 1 && s <= 3) { d.op = Op.RFI; d.imm = s; }
                  break;
                case 4: d.op = Op.BREAK; d.imm = s; d.imm2 = t; break;
                case 5:
                  if (t === 0 && s === 0) d.op = Op.SYSCALL;
                  else if (t === 0 && s === 1) d.op = Op.SIMCALL;
                  break;
                case 6: d.op = Op.RSIL; d.imm = s; break;
                case 7: if (t === 0) { d.op = Op.WAITI; d.imm = s; } break;
              }
              break;
            case 1: d.op = Op.AND; break;
            case 2: d.op = Op.OR; break;
            case 3: d.op = Op.XOR; break;
            case 4: // ST1
              if (r <= 3 && t === 0) d.op = [Op.SSR, Op.SSL, Op.SSA8L, Op.SSA8B][r];
              else if (r === 4 && (t & 0xe) === 0) { d.op = Op.SSAI; d.imm = s | ((t & 1) << 4); }
              else if (r === 14) d.op = Op.NSA;
              else if (r === 15) d.op = Op.NSAU;
              break;
            case 6: if (s === 0) d.op = Op.NEG; else if (s === 1) d.op = Op.ABS; break;
            case 8: d.op = Op.ADD; break;
            case 9: d.op = Op.ADDX2; break;
            case 10: d.op = Op.ADDX4; break;
            case 11: d.op = Op.ADDX8; break;
            case 12: d.op = Op.SUB; break;
            case 13: d.op = Op.SUBX2; break;
            case 14: d.op = Op.SUBX4; break;
            case 15: d.op = Op.SUBX8; break;
          }
          break;
        case 1: // RST1
          switch (op2) {
            case 0: case 1: d.op = Op.SLLI; d.imm = 32 - (((op2 & 1) << 4) | t); break;
            case 2: case 3: d.op = Op.SRAI; d.imm = ((op2 & 1) << 4) | s; break;
            case 4: d.op = Op.SRLI; d.imm = s; break;
            case 6: d.op = Op.XSR; d.imm = (r << 4) | s; break;
            case 8: d.op = Op.SRC; break;
            case 9: if (s === 0) d.op = Op.SRL; break;
            case 10: if (t === 0) d.op = Op.SLL; break;
            case 11: if (s === 0) d.op = Op.SRA; break;
            case 12: d.op = Op.MUL16U; break;
            case 13: d.op = Op.MUL16S; break;
          }
          break;
        case 2: if (op2 === 8) d.op = Op.MULL; break; // RST2: MULL only (no MUL32_HIGH, no DIV32)
        case 3: // RST3
          switch (op2) {
            case 0: d.op = Op.RSR; d.imm = (r << 4) | s; break;
            case 1: d.op = Op.WSR; d.imm = (r << 4) | s; break;
            case 8: d.op = Op.MOVEQZ; break;
            case 9: d.op = Op.MOVNEZ; break;
            case 10: d.op = Op.MOVLTZ; break;
            case 11: d.op = Op.MOVGEZ; break;
          }
          break;
        case 4: case 5: d.op = Op.EXTUI; d.imm = ((op1 & 1) << 4) | s; d.imm2 = op2 + 1; break;
        case 9: // LSC4 (L32E/S32E are windowed-only)
          break;
        case 0xe: case 0xf: break;
      }
      if (d.op === Op.RSR || d.op === Op.WSR || d.op === Op.XSR) {
        if (SR_NAMES[d.imm] === undefined || !srAllowed(d.op, d.imm)) d.op = Op.ILLEGAL;
      }
      break;
    case 1: d.op = Op.L32R; d.imm = ((0xffff0000 | (w >>> 8)) << 2) | 0; break;
    case 2: { // LSAI
      const imm8 = (w >>> 16) & 0xff;
      switch (r) {
        case 0: d.op = Op.L8UI; d.imm = imm8; break;
        case 1: d.op = Op.L16UI; d.imm = imm8 << 1; break;
        case 2: d.op = Op.L32I; d.imm = imm8 << 2; break;
        case 4: d.op = Op.S8I; d.imm = imm8; break;
        case 5: d.op = Op.S16I; d.imm = imm8 << 1; break;
        case 6: d.op = Op.S32I; d.imm = imm8 << 2; break;
        case 9: d.op = Op.L16SI; d.imm = imm8 << 1; break;
        case 10: d.op = Op.MOVI; d.imm = sext((s << 8) | imm8, 12); break;
        case 12: d.op = Op.ADDI; d.imm = sext(imm8, 8); break;
        case 13: d.op = Op.ADDMI; d.imm = sext(imm8, 8) << 8; break;
      }
      break;
    }
    case 5: if (((w >>> 4) & 3) === 0) { d.op = Op.CALL0; d.imm = (sext(w >>> 6, 18) << 2) + 4; } break;
    case 6: { // SI
      const n = (w >>> 4) & 3;
      const m = (w >>> 6) & 3;
      if (n === 0) { d.op = Op.J; d.imm = sext(w >>> 6, 18) + 4; }
      else if (n === 1) { d.op = [Op.BEQZ, Op.BNEZ, Op.BLTZ, Op.BGEZ][m]; d.imm = sext(w >>> 12, 12) + 4; }
      else if (n === 2) { d.op = [Op.BEQI, Op.BNEI, Op.BLTI, Op.BGEI][m]; d.imm = sext(w >>> 16, 8) + 4; d.imm2 = B4CONST[r]; }
      else if (m >= 2) { d.op = m === 2 ? Op.BLTUI : Op.BGEUI; d.imm = sext(w >>> 16, 8) + 4; d.imm2 = B4CONSTU[r]; }
      break;
    }
    case 7: { // B
      d.imm = sext(w >>> 16, 8) + 4;
      d.op = [Op.BNONE, Op.BEQ, Op.BLT, Op.BLTU, Op.BALL, Op.BBC, Op.BBCI, Op.BBCI, Op.BANY, Op.BNE, Op.BGE, Op.BGEU, Op.BNALL, Op.BBS, Op.BBSI, Op.BBSI][r];
      if (d.op === Op.BBCI || d.op === Op.BBSI) d.imm2 = ((r & 1) << 4) | t;
      break;
    }
  }
  return d;
}

const hex = (v: number) => (v >>> 0).toString(16);
/** Immediates as objdump prints them: decimal within -256..255, hex otherwise. */
const num = (v: number) => (v > -256 && v < 256 ? `${v}` : '0x' + hex(v));
/** Special register names by instruction: number 226 is INTERRUPT for RSR and INTSET for WSR. */
function srName(op: number, sr: number): string {
  if (op === Op.WSR && sr === 226) return 'intset';
  return SR_NAMES[sr] ?? `${sr}`;
}

/**
 * Formats a decoded instruction like xtensa-lx106-elf-objdump (mnemonic, tab, operands; branch and
 * call targets and L32R literal addresses as hex addresses). `litbase` is LITBASE when enabled.
 */
export function formatDecoded(d: Decoded, pc: number, litbase = 0): string {
  const info = OPS[d.op];
  let name = info.name;
  const a = (n: number) => 'a' + n;
  let ops = '';
  switch (info.fmt) {
    case Fmt.NONE: break;
    case Fmt.RST: ops = `${a(d.r)}, ${a(d.s)}, ${a(d.t)}`; break;
    case Fmt.RT: ops = `${a(d.r)}, ${a(d.t)}`; break;
    case Fmt.RS: ops = `${a(d.r)}, ${a(d.s)}`; break;
    case Fmt.TS: ops = `${a(d.t)}, ${a(d.s)}`; break;
    case Fmt.S: ops = a(d.s); break;
    case Fmt.T: name = `${name}.${srName(d.op, d.imm)}`; ops = a(d.t); break;
    case Fmt.IMM: ops = `${d.imm}`; break;
    case Fmt.IMM2: ops = `${d.imm}, ${d.imm2}`; break;
    case Fmt.TSIMM: ops = `${a(d.t)}, ${a(d.s)}, ${num(d.imm)}`; break;
    case Fmt.RSIMM: ops = `${a(d.r)}, ${a(d.s)}, ${num(d.imm)}`; break;
    case Fmt.RTIMM: ops = `${a(d.r)}, ${a(d.t)}, ${d.imm}`; break;
    case Fmt.RSIMM_SLL: ops = `${a(d.r)}, ${a(d.s)}, ${d.imm}`; break;
    case Fmt.EXTUI: ops = `${a(d.r)}, ${a(d.t)}, ${d.imm}, ${d.imm2}`; break;
    case Fmt.TIMM: ops = `${a(d.t)}, ${num(d.imm)}`; break;
    case Fmt.SIMM: ops = `${a(d.s)}, ${num(d.imm)}`; break;
    case Fmt.TLIT: ops = `${a(d.t)}, ${hex(litAddr(pc, d.imm, litbase))}`; break;
    case Fmt.LABEL: ops = hex(d.op === Op.CALL0 ? (pc & ~3) + d.imm : pc + d.imm); break;
    case Fmt.SLABEL: ops = `${a(d.s)}, ${hex(pc + d.imm)}`; break;
    case Fmt.SCLABEL: ops = `${a(d.s)}, ${num(d.imm2)}, ${hex(pc + d.imm)}`; break;
    case Fmt.STLABEL: ops = `${a(d.s)}, ${a(d.t)}, ${hex(pc + d.imm)}`; break;
    case Fmt.SBLABEL: ops = `${a(d.s)}, ${d.imm2}, ${hex(pc + d.imm)}`; break;
  }
  return ops === '' ? name : `${name}\t${ops}`;
}

/** L32R address: PC-relative (LITBASE disabled) or LITBASE-relative (LITBASE bit 0 set). */
export function litAddr(pc: number, off: number, litbase: number): number {
  return (litbase & 1) !== 0 ? ((litbase & 0xfffff000) + off) >>> 0 : (((pc + 3) & ~3) + off) >>> 0;
}

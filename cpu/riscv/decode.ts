/**
 * Decoder and disassembler generated from the encoding table (encodings.ts).
 *
 * decode() fills a caller-owned `Decoded` (no allocation); the core packs the result into its
 * predecode cache (see core.ts). Entries are bucketed by major opcode (32-bit) or by
 * quadrant+funct3 (16-bit) and tried in table order, honouring the declared overlaps.
 */
import { ENCODINGS16, ENCODINGS32, Op, ABI_NAMES, type Encoding, type ImmSpec, type RegField } from './encodings.js';

export interface Decoded {
  enc: Encoding | null;
  op: Op;
  rd: number;
  rs1: number;
  rs2: number;
  imm: number;
  /** 2 or 4. */
  size: number;
}

export function newDecoded(): Decoded {
  return { enc: null, op: Op.ILLEGAL, rd: 0, rs1: 0, rs2: 0, imm: 0, size: 4 };
}

function field(w: number, f: RegField | undefined): number {
  if (f === undefined) return 0;
  if (f.hi < 0) return f.add;
  return ((w >>> f.lo) & ((1 << (f.hi - f.lo + 1)) - 1)) + f.add;
}

function immediate(w: number, s: ImmSpec | undefined): number {
  if (s === undefined) return 0;
  let v = 0;
  for (const [hi, lo, to] of s.pieces) v |= ((w >>> lo) & ((2 ** (hi - lo + 1) - 1) >>> 0)) << to;
  if (s.signBit >= 0 && s.signBit < 31) {
    const sh = 31 - s.signBit;
    v = (v << sh) >> sh;
  }
  return v | 0;
}

const buckets32: Encoding[][] = Array.from({ length: 128 }, () => []);
const buckets16: Encoding[][] = Array.from({ length: 32 }, () => []);
for (const e of ENCODINGS32) {
  if ((e.mask & 0x7f) !== 0x7f) throw new Error(`encoding ${e.name}: mask must fix the opcode`);
  buckets32[e.match & 0x7f].push(e);
}
for (const e of ENCODINGS16) {
  if ((e.mask & 0xe003) !== 0xe003) throw new Error(`encoding ${e.name}: mask must fix funct3 and quadrant`);
  buckets16[((e.match >>> 13) << 2) | (e.match & 3)].push(e);
}

function fieldOf(d: Decoded, f: 'rd' | 'rs1' | 'rs2' | 'imm'): number {
  return f === 'rd' ? d.rd : f === 'rs1' ? d.rs1 : f === 'rs2' ? d.rs2 : d.imm;
}

/** True when the halfword starts a 32-bit instruction (low bits 11). */
export function isWide(half: number): boolean {
  return (half & 3) === 3;
}

/**
 * Decodes one instruction: `w` holds the 16-bit parcel (compressed) or the 32-bit word.
 * Unknown and reserved encodings give op ILLEGAL with enc null (unknown) or the reserved entry.
 */
export function decode(w: number, d: Decoded): Decoded {
  const wide = (w & 3) === 3;
  d.size = wide ? 4 : 2;
  const list = wide ? buckets32[w & 0x7f] : buckets16[(((w >>> 13) & 7) << 2) | (w & 3)];
  if (!wide) w &= 0xffff;
  for (const e of list) {
    if (((w & e.mask) >>> 0) !== e.match >>> 0) continue;
    d.enc = e;
    d.op = e.op;
    d.rd = field(w, e.rd);
    d.rs1 = field(w, e.rs1);
    d.rs2 = field(w, e.rs2);
    d.imm = immediate(w, e.imm);
    let ok = true;
    if (e.nonzero) for (const f of e.nonzero) if (fieldOf(d, f) === 0) ok = false;
    if (e.zero) for (const f of e.zero) if (fieldOf(d, f) !== 0) ok = false;
    if (!ok) continue;
    if (e.reserved) d.op = Op.ILLEGAL;
    return d;
  }
  d.enc = null;
  d.op = Op.ILLEGAL;
  d.rd = d.rs1 = d.rs2 = d.imm = 0;
  return d;
}

const CSR_NAMES: Record<number, string> = {
  0x300: 'mstatus', 0x301: 'misa', 0x304: 'mie', 0x305: 'mtvec', 0x340: 'mscratch', 0x341: 'mepc',
  0x342: 'mcause', 0x343: 'mtval', 0x344: 'mip', 0xb00: 'mcycle', 0xb02: 'minstret', 0xb80: 'mcycleh',
  0xb82: 'minstreth', 0xc00: 'cycle', 0xc01: 'time', 0xc02: 'instret', 0xc80: 'cycleh', 0xc81: 'timeh',
  0xc82: 'instreth', 0xf11: 'mvendorid', 0xf12: 'marchid', 0xf13: 'mimpid', 0xf14: 'mhartid',
  0x3a0: 'pmpcfg0', 0x3a1: 'pmpcfg1', 0x320: 'mcountinhibit', 0x7b0: 'dcsr', 0x7b1: 'dpc', 0x7b2: 'dscratch0',
};
for (let i = 0; i < 16; i++) CSR_NAMES[0x3b0 + i] = `pmpaddr${i}`;

export function csrName(n: number): string {
  return CSR_NAMES[n] ?? `0x${n.toString(16)}`;
}

const hex = (v: number) => (v < 0 ? '-0x' + (-v).toString(16) : '0x' + v.toString(16));

/** Disassembles a decoded instruction at pc (GNU-like syntax, ABI register names). */
export function formatDecoded(d: Decoded, pc: number, raw: number): string {
  const e = d.enc;
  const rawHex = d.size === 4 ? (raw >>> 0).toString(16).padStart(8, '0') : (raw & 0xffff).toString(16).padStart(4, '0');
  if (e === null || e.reserved) return `.${d.size === 4 ? 'word' : 'half'} 0x${rawHex} (illegal)`;
  const r = (n: number) => ABI_NAMES[n];
  const tgt = () => '0x' + ((pc + d.imm) >>> 0).toString(16);
  let ops: string;
  switch (e.syntax) {
    case 'none':
    case 'c:none':
      ops = '';
      break;
    case 'rd,imm20':
      ops = `${r(d.rd)}, ${hex(d.imm >>> 12)}`;
      break;
    case 'rd,target':
      ops = `${r(d.rd)}, ${tgt()}`;
      break;
    case 'rd,imm(rs1)':
      ops = `${r(d.rd)}, ${d.imm}(${r(d.rs1)})`;
      break;
    case 'rs1,rs2,target':
      ops = `${r(d.rs1)}, ${r(d.rs2)}, ${tgt()}`;
      break;
    case 'rd,rs1,imm':
      ops = `${r(d.rd)}, ${r(d.rs1)}, ${d.imm}`;
      break;
    case 'rs2,imm(rs1)':
      ops = `${r(d.rs2)}, ${d.imm}(${r(d.rs1)})`;
      break;
    case 'rd,rs1,rs2':
      ops = `${r(d.rd)}, ${r(d.rs1)}, ${r(d.rs2)}`;
      break;
    case 'rd,csr,rs1':
      ops = `${r(d.rd)}, ${csrName(d.imm)}, ${r(d.rs1)}`;
      break;
    case 'rd,csr,uimm':
      ops = `${r(d.rd)}, ${csrName(d.imm)}, ${d.rs1}`;
      break;
    case 'rd,(rs1)':
      ops = `${r(d.rd)}, (${r(d.rs1)})`;
      break;
    case 'rd,rs2,(rs1)':
      ops = `${r(d.rd)}, ${r(d.rs2)}, (${r(d.rs1)})`;
      break;
    case 'fence': {
      const pred = (raw >>> 24) & 15;
      const succ = (raw >>> 20) & 15;
      const s = (m: number) => (m & 8 ? 'i' : '') + (m & 4 ? 'o' : '') + (m & 2 ? 'r' : '') + (m & 1 ? 'w' : '');
      ops = pred === 15 && succ === 15 ? '' : `${s(pred)}, ${s(succ)}`;
      break;
    }
    case 'c:rd,imm':
      ops = `${r(d.rd)}, ${e.op === Op.LUI ? hex(d.imm >>> 12) : d.imm}`;
      break;
    case 'c:rd,rs2':
      ops = `${r(d.rd)}, ${r(d.rs2)}`;
      break;
    case 'c:rs1':
      ops = r(d.rs1);
      break;
    case 'c:target':
      ops = tgt();
      break;
    case 'c:rs1,target':
      ops = `${r(d.rs1)}, ${tgt()}`;
      break;
    case 'c:rd,imm(sp)':
      ops = `${r(d.rd)}, ${d.imm}(sp)`;
      break;
    case 'c:rs2,imm(sp)':
      ops = `${r(d.rs2)}, ${d.imm}(sp)`;
      break;
    case 'c:rd,imm(rs1)':
      ops = `${r(d.rd)}, ${d.imm}(${r(d.rs1)})`;
      break;
    case 'c:rs2,imm(rs1)':
      ops = `${r(d.rs2)}, ${d.imm}(${r(d.rs1)})`;
      break;
    case 'c:rd,sp,imm':
      ops = `${r(d.rd)}, sp, ${d.imm}`;
      break;
    case 'c:sp,imm':
      ops = `sp, ${d.imm}`;
      break;
  }
  return ops ? `${e.name} ${ops}` : e.name;
}

const scratch = newDecoded();
/** Disassembles the instruction whose first parcel (and second, for 32-bit) is given. */
export function disassembleWord(word: number, pc: number): string {
  decode(word, scratch);
  return formatDecoded(scratch, pc, word);
}

/**
 * Thumb decoder built from the encoding table (encodings.ts): patterns are compiled to mask/match
 * pairs and field extractors, bucketed by the top byte of the first halfword. Decoding fills a
 * reusable `Decoded` record; the core copies it into its predecoded-instruction pool.
 */
import { ENC16, ENC32, type EncOpts, type EncRow, type ImmKind } from './encodings.js';
import { Op } from './ops.js';

// Layout of Decoded.x (misc operand bits).
export const X_SHT_MASK = 7; // shift type 0 LSL, 1 LSR, 2 ASR, 3 ROR, 4 RRX
export const X_SHN_SHIFT = 3; // shift amount 0..32 (6 bits)
export const X_S = 1 << 9; // sets flags
export const X_SIT = 1 << 10; // 16-bit form: sets flags only outside an IT block
export const X_P = 1 << 11; // index (pre-indexed / offset)
export const X_U = 1 << 12; // add offset
export const X_W = 1 << 13; // writeback
export const X_CV = 1 << 14; // the immediate has a carry out (ThumbExpandImm_C rotated)
export const X_CO = 1 << 15; // ... and its value
export const X_Q = 1 << 16; // unprivileged access (LDRT...)
export const X_O_SHIFT = 17; // 8-bit op / option field ('o' or 'e' letters)
export const X_COND_SHIFT = 25; // condition of B<c>

export const SH_LSL = 0;
export const SH_LSR = 1;
export const SH_ASR = 2;
export const SH_ROR = 3;
export const SH_RRX = 4;

export interface Field {
  letter: string;
  /** Bit positions (0 = least significant bit of the 16- or 32-bit word), most significant first. */
  bits: number[];
}

export interface Encoding {
  index: number;
  name: string;
  op: Op;
  wide: boolean;
  mask: number;
  match: number;
  fields: Field[];
  opts: EncOpts;
  pattern: string;
}

export interface Decoded {
  enc: Encoding | null;
  op: Op;
  size: number;
  d: number;
  n: number;
  m: number;
  t: number;
  a: number;
  imm: number;
  x: number;
  /** Raw halfwords. */
  hw1: number;
  hw2: number;
}

export function newDecoded(): Decoded {
  return { enc: null, op: Op.UNDEF, size: 2, d: 0, n: 0, m: 0, t: 0, a: 0, imm: 0, x: 0, hw1: 0, hw2: 0 };
}

function compile(row: EncRow, index: number): Encoding {
  const [name, op, pattern, opts = {}] = row;
  const width = pattern.length;
  if (width !== 16 && width !== 32) throw new Error(`encoding ${name}: pattern '${pattern}' has ${width} bits`);
  let mask = 0;
  let match = 0;
  const fields = new Map<string, number[]>();
  for (let i = 0; i < width; i++) {
    const ch = pattern[i];
    const bit = width - 1 - i;
    if (ch === '0' || ch === '1') {
      mask |= 1 << bit;
      if (ch === '1') match |= 1 << bit;
    } else if (ch !== 'x') {
      let f = fields.get(ch);
      if (!f) fields.set(ch, (f = []));
      f.push(bit);
    }
  }
  return {
    index,
    name,
    op,
    wide: width === 32,
    mask: mask >>> 0,
    match: match >>> 0,
    fields: [...fields].map(([letter, bits]) => ({ letter, bits })),
    opts,
    pattern,
  };
}

export const ENCODINGS16: Encoding[] = ENC16.map((r, i) => compile(r, i));
export const ENCODINGS32: Encoding[] = ENC32.map((r, i) => compile(r, ENC16.length + i));

function buckets(list: Encoding[], shift: number): Encoding[][] {
  const out: Encoding[][] = [];
  for (let k = 0; k < 256; k++) {
    const key = (k << shift) >>> 0;
    const km = (0xff << shift) >>> 0;
    out.push(list.filter((e) => ((e.match ^ key) & e.mask & km) === 0));
  }
  return out;
}
const B16 = buckets(ENCODINGS16, 8);
const B32 = buckets(ENCODINGS32, 24);

/** True when hw1 is the first halfword of a 32-bit instruction. */
export function isWide(hw1: number): boolean {
  return hw1 >= 0xe800;
}

/** The first table entry matching the instruction, or null (UNDEFINED). */
export function findEncoding(hw1: number, hw2: number): Encoding | null {
  if (hw1 >= 0xe800) {
    const w = ((hw1 << 16) | hw2) >>> 0;
    for (const e of B32[hw1 >>> 8]) if (((w & e.mask) >>> 0) === e.match) return e;
    return null;
  }
  for (const e of B16[hw1 >>> 8]) if ((hw1 & e.mask) === e.match) return e;
  return null;
}

function field(word: number, bits: number[]): number {
  let v = 0;
  for (const b of bits) v = (v * 2) | ((word >>> b) & 1);
  return v;
}

function sext(v: number, bits: number): number {
  const s = 32 - bits;
  return (v << s) >> s;
}

/** ThumbExpandImm_C (A5.3.2): returns the value; sets carry bits in out.x. */
function thumbExpandImm(imm12: number, out: Decoded): number {
  if ((imm12 >>> 10) === 0) {
    const b = imm12 & 0xff;
    switch ((imm12 >>> 8) & 3) {
      case 0:
        return b;
      case 1:
        return (b << 16) | b;
      case 2:
        return (b << 24) | (b << 8);
      default:
        return (b << 24) | (b << 16) | (b << 8) | b;
    }
  }
  const unrot = 0x80 | (imm12 & 0x7f);
  const rot = imm12 >>> 7;
  const v = ((unrot >>> rot) | (unrot << (32 - rot))) | 0;
  out.x |= X_CV | (v < 0 ? X_CO : 0);
  return v;
}

/** DecodeImmShift (A7.4.2) into out.x. */
function immShift(type: number, imm5: number, out: Decoded): void {
  let t = type;
  let n = imm5;
  if (type === SH_LSR || type === SH_ASR) {
    if (imm5 === 0) n = 32;
  } else if (type === SH_ROR && imm5 === 0) {
    t = SH_RRX;
    n = 1;
  }
  out.x |= t | (n << X_SHN_SHIFT);
}

/**
 * Decodes hw1 (and hw2 for a 32-bit instruction) into out. Unmatched encodings decode as
 * Op.UNDEF. Coprocessor 10/11 space is offered to the FPU decoder (`fpDecode`) when given.
 */
export function decode(hw1: number, hw2: number, out: Decoded, fpDecode?: ((hw1: number, hw2: number) => number) | null): Decoded {
  const wide = hw1 >= 0xe800;
  out.hw1 = hw1;
  out.hw2 = wide ? hw2 : 0;
  out.size = wide ? 4 : 2;
  out.d = out.n = out.m = out.t = out.a = 0;
  out.imm = 0;
  out.x = 0;
  const e = findEncoding(hw1, hw2);
  out.enc = e;
  if (e === null) {
    out.op = Op.UNDEF;
    return out;
  }
  out.op = e.op;
  if (e.op === Op.COPROC && (hw1 & 0x1000) === 0 && ((hw2 >>> 9) & 7) === 5) {
    // cp10 / cp11: the FPU's encodings (fpu.ts); UNDEFINED when it does not claim them.
    const id = fpDecode ? fpDecode(hw1, hw2) : -1;
    out.op = id >= 0 ? Op.FP : Op.UNDEF;
    out.imm = id;
    return out;
  }
  const word = wide ? ((hw1 << 16) | hw2) >>> 0 : hw1;
  const f: Record<string, number> = {};
  for (const fl of e.fields) f[fl.letter] = field(word, fl.bits);
  const fix = e.opts.fix;
  if (fix) for (const k in fix) f[k] = fix[k];
  // registers
  if (f.d !== undefined) out.d = f.d;
  if (f.l !== undefined) out.d = f.l;
  if (f.t !== undefined) out.t = f.t;
  if (f.a !== undefined) out.a = f.a;
  if (f.u !== undefined) out.a = f.u;
  if (f.h !== undefined) out.a = f.h;
  if (f.n !== undefined) out.n = f.n === -1 ? out.d : f.n;
  if (f.m !== undefined) out.m = f.m === -1 ? out.d : f.m;
  // flags and misc bits
  if (f.S) out.x |= X_S;
  if (e.opts.s === 'it') out.x |= X_SIT;
  if (f.P) out.x |= X_P;
  if (f.U) out.x |= X_U;
  if (f.Q) out.x |= X_Q;
  if (f.o !== undefined) out.x |= f.o << X_O_SHIFT;
  if (f.e !== undefined) out.x |= f.e << X_O_SHIFT;
  if (f.c !== undefined) out.x |= f.c << X_COND_SHIFT;
  const i = f.i ?? 0;
  const kind: ImmKind = e.opts.imm ?? 'z';
  switch (kind) {
    case 'z':
      out.imm = i;
      break;
    case 'x2':
      out.imm = i << 1;
      break;
    case 'x4':
      out.imm = i << 2;
      break;
    case 'tei':
      out.imm = thumbExpandImm(i, out);
      break;
    case 'sh':
      immShift(f.y ?? 0, i, out);
      break;
    case 'sat':
      immShift((f.y ?? 0) << 1, i, out);
      break;
    case 'lsl':
      out.x |= i << X_SHN_SHIFT;
      break;
    case 's9':
      out.imm = sext(i << 1, 9);
      break;
    case 's12':
      out.imm = sext(i << 1, 12);
      break;
    case 'bcc':
      out.imm = sext((f.g << 20) | (f.k << 19) | (f.j << 18) | (i << 1), 21);
      break;
    case 'b24': {
      const s = f.g;
      const i1 = (f.j ^ s) ^ 1;
      const i2 = (f.k ^ s) ^ 1;
      out.imm = sext((s << 24) | (i1 << 23) | (i2 << 22) | (i << 1), 25);
      break;
    }
    case 'cbz':
      out.imm = i << 1;
      break;
    case 'push16':
      out.imm = (f.r & 0xff) | ((f.r >>> 8) << 14);
      break;
    case 'pop16':
      out.imm = (f.r & 0xff) | ((f.r >>> 8) << 15);
      break;
    case 'w16':
      out.imm = (f.v << 12) | i;
      break;
  }
  if (f.y !== undefined && kind !== 'sh' && kind !== 'sat') out.x |= f.y; // SHIFT_REG type
  if (f.r !== undefined && kind !== 'push16' && kind !== 'pop16') out.imm = f.r;
  if (f.W === 2) f.W = (out.imm >>> out.n) & 1 ? 0 : 1; // 16-bit LDM: writeback unless Rn is loaded
  if (f.W) out.x |= X_W;
  return out;
}

/**
 * IEEE 754 single-precision arithmetic of the FPv4-SP unit with ARM's choices (DDI 0403E A2.5):
 * FPSCR bits, rounding in all four modes, flush-to-zero, default NaN, NaN propagation, exception
 * flags. Used by fpu.ts (decoding, execution, timing, disassembly), which re-exports all of it.
 */

/** FPSCR bits (DDI 0403E A2.5.3 / B3.2 "Floating-point Status and Control Register"). */
export const FPSCR_N = 1 << 31;
export const FPSCR_Z = 1 << 30;
export const FPSCR_C = 1 << 29;
export const FPSCR_V = 1 << 28;
export const FPSCR_AHP = 1 << 26;
export const FPSCR_DN = 1 << 25;
export const FPSCR_FZ = 1 << 24;
export const FPSCR_RMODE_SHIFT = 22;
export const FPSCR_IDC = 1 << 7;
export const FPSCR_IXC = 1 << 4;
export const FPSCR_UFC = 1 << 3;
export const FPSCR_OFC = 1 << 2;
export const FPSCR_DZC = 1 << 1;
export const FPSCR_IOC = 1 << 0;
/** Bits of FPSCR that exist on the Cortex-M4 (no QC, no trap enables, no vector length/stride). */
export const FPSCR_WRITABLE = 0xf7c0009f;
/** FPDSCR holds the default AHP, DN, FZ and RMode for new FP contexts (bits 26:22). */
export const FPDSCR_WRITABLE = 0x07c00000;

/** Rounding modes (FPSCR.RMode). */
export const RN = 0;
export const RP = 1;
export const RM = 2;
export const RZ = 3;

export const DEFAULT_NAN = 0x7fc00000;

// ---------------------------------------------------------------------------------------------
// IEEE 754 single precision with ARM's choices (DDI 0403E A2.5 "Floating-point data types and
// arithmetic": default NaN, flush-to-zero, NaN propagation; tininess is detected before rounding
// and Underflow is raised only when the result is also inexact).
//
// Every operation computes x = the double nearest to the exact result, plus e, a value whose sign
// is that of (exact - x) whenever x is a single or the midpoint of two singles. round32 then rounds
// x to single in any mode without double-rounding errors: if x is not a single, x and the exact
// value lie on the same side of the nearest single r (x is the nearest double to the exact value and
// r is a double), so sign(exact - r) = sign(x - r); if x is a single, it is sign(e); and a RN tie
// decided by fround at a midpoint x is corrected with sign(e). Residuals:
//   add: TwoSum (exact); mul: 0 (a 24x24-bit product is exact in a double);
//   div: a - x*b (exact when x has <= 25 significant bits); sqrt: a - x*x (likewise);
//   fused multiply-add: product exact, then TwoSum.

export const SIGN = 0x80000000;
const MIN_NORMAL = 2 ** -126;
const TWO128 = 2 ** 128;
const MAX_F32_BITS = 0x7f7fffff;

const cvF = new Float32Array(1);
const cvU = new Uint32Array(cvF.buffer);
/** Bits of a non-NaN number rounded to single. */
export function bitsOf(x: number): number {
  cvF[0] = x;
  return cvU[0];
}
/** Value of non-NaN single bits. */
export function valOf(b: number): number {
  cvU[0] = b;
  return cvF[0];
}

/** Exception flags raised by the instruction being executed (OR-ed into FPSCR by execFp). */
let flags = 0;
/** FPSCR controls of the instruction being executed. */
let rmode = RN;
let fz = false;
let dn = false;
let ahp = false;

/** Sets the rounding/flush/NaN controls from an FPSCR value and clears the pending flags. */
export function fpBegin(fpscr: number): void {
  rmode = (fpscr >>> FPSCR_RMODE_SHIFT) & 3;
  fz = (fpscr & FPSCR_FZ) !== 0;
  dn = (fpscr & FPSCR_DN) !== 0;
  ahp = (fpscr & FPSCR_AHP) !== 0;
  flags = 0;
}
/** Flags raised since fpBegin. */
export function fpFlags(): number {
  return flags;
}

const isNaN32 = (b: number): boolean => (b & 0x7fffffff) > 0x7f800000;
const isSNaN32 = (b: number): boolean => (b & 0x7fc00000) === 0x7f800000 && (b & 0x3fffff) !== 0;
const isInf32 = (b: number): boolean => (b & 0x7fffffff) === 0x7f800000;
const isZero32 = (b: number): boolean => (b & 0x7fffffff) === 0;

/** FPUnpack's flush of a denormal input when FZ is set (IDC). */
function flushIn(b: number): number {
  if (fz && (b & 0x7f800000) === 0 && (b & 0x7fffff) !== 0) {
    flags |= FPSCR_IDC;
    return (b & SIGN) >>> 0;
  }
  return b >>> 0;
}

/** FPProcessNaN: quieten (IOC if signalling) or the default NaN. */
function procNaN(b: number): number {
  if (isSNaN32(b)) flags |= FPSCR_IOC;
  return dn ? DEFAULT_NAN : (b | 0x00400000) >>> 0;
}

/** FPProcessNaNs: the NaN result for two operands, or -1 when neither is a NaN. */
function procNaNs(a: number, b: number): number {
  if (isSNaN32(a)) return procNaN(a);
  if (isSNaN32(b)) return procNaN(b);
  if (isNaN32(a)) return procNaN(a);
  if (isNaN32(b)) return procNaN(b);
  return -1;
}

/** The single next to f32 value r (bits rb, may be +-infinity standing for +-2^128) in direction dir. */
function stepBits(rb: number, dir: number): number {
  if ((rb & 0x7fffffff) === 0) return dir > 0 ? 1 : (SIGN | 1) >>> 0;
  const neg = (rb & SIGN) !== 0;
  return (neg === dir < 0 ? rb + 1 : rb - 1) >>> 0;
}

/** Rounds x (+ residual e, see above) to single bits under rmode/fz, raising IXC/UFC/OFC. x finite. */
function round32(x: number, e: number): number {
  const ax = Math.abs(x);
  let tiny = false;
  if (ax < MIN_NORMAL || (ax === MIN_NORMAL && e !== 0 && e < 0 === x > 0)) {
    if (x === 0 && e === 0) return bitsOf(x);
    if (fz) {
      flags |= FPSCR_UFC;
      return x < 0 ? SIGN : 0;
    }
    tiny = true;
  }
  if (ax > TWO128 || (ax === TWO128 && !(e !== 0 && e < 0 === x > 0))) return overflow(x < 0);
  const r = Math.fround(x); // may be +-Infinity when x is in [max + 2^103, 2^128): stands for +-2^128
  let rb = bitsOf(r);
  const rv = r === Infinity ? TWO128 : r === -Infinity ? -TWO128 : r;
  let s = x > rv ? 1 : x < rv ? -1 : e > 0 ? 1 : e < 0 ? -1 : 0;
  if (s !== 0) {
    if (rmode === RN) {
      if (x !== rv && e !== 0) {
        const r2b = stepBits(rb, s);
        const r2 = (r2b & 0x7fffffff) === 0x7f800000 ? (r2b & SIGN ? -TWO128 : TWO128) : valOf(r2b);
        if (x - rv === r2 - x && e > 0 === s > 0) rb = r2b;
      }
    } else if (rmode === RZ) {
      if (rv !== 0 && s < 0 === rv > 0) rb = stepBits(rb, s);
    } else if (rmode === RP) {
      if (s > 0) rb = stepBits(rb, 1);
    } else if (s < 0) rb = stepBits(rb, -1);
    flags |= FPSCR_IXC;
    if (tiny) flags |= FPSCR_UFC;
    s = 0;
  }
  if ((rb & 0x7fffffff) >= 0x7f800000) return overflow((rb & SIGN) !== 0);
  return rb;
}

/** Result of an overflow (the rounded value with unbounded exponent exceeds the largest single). */
function overflow(neg: boolean): number {
  flags |= FPSCR_OFC | FPSCR_IXC;
  const toInf = rmode === RN || (rmode === RP && !neg) || (rmode === RM && neg);
  return ((neg ? SIGN : 0) | (toInf ? 0x7f800000 : MAX_F32_BITS)) >>> 0;
}

/** Exact zero result of a sum: -0 when both addends are -0, or in round-toward-minus unless both are +0. */
function zeroSum(a: number, b: number): number {
  if ((a & b & SIGN) !== 0) return SIGN;
  return rmode === RM && ((a | b) & SIGN) !== 0 ? SIGN : 0;
}

export function fpAdd(a: number, b: number): number {
  a = flushIn(a);
  b = flushIn(b);
  const nan = procNaNs(a, b);
  if (nan !== -1) return nan;
  if (isInf32(a) && isInf32(b) && ((a ^ b) & SIGN) !== 0) {
    flags |= FPSCR_IOC;
    return DEFAULT_NAN;
  }
  const x = valOf(a);
  const y = valOf(b);
  const s = x + y;
  if (s === Infinity || s === -Infinity) return bitsOf(s); // an infinite operand: exact
  if (s === 0) return zeroSum(a, b);
  const bb = s - x;
  const e = x - (s - bb) + (y - bb);
  return round32(s, e);
}

export function fpSub(a: number, b: number): number {
  // FPSub(a, b) = FPAdd(a, -b) except that a NaN b keeps its own sign.
  if (isNaN32(flushIn(b)) || isNaN32(a)) {
    a = flushIn(a);
    b = flushIn(b);
    return procNaNs(a, b);
  }
  return fpAdd(a, (b ^ SIGN) >>> 0);
}

export function fpMul(a: number, b: number): number {
  a = flushIn(a);
  b = flushIn(b);
  const nan = procNaNs(a, b);
  if (nan !== -1) return nan;
  const sign = (a ^ b) & SIGN;
  if ((isInf32(a) && isZero32(b)) || (isZero32(a) && isInf32(b))) {
    flags |= FPSCR_IOC;
    return DEFAULT_NAN;
  }
  if (isInf32(a) || isInf32(b)) return (sign | 0x7f800000) >>> 0;
  if (isZero32(a) || isZero32(b)) return sign >>> 0;
  return round32(valOf(a) * valOf(b), 0);
}

export function fpDiv(a: number, b: number): number {
  a = flushIn(a);
  b = flushIn(b);
  const nan = procNaNs(a, b);
  if (nan !== -1) return nan;
  const sign = (a ^ b) & SIGN;
  if ((isInf32(a) && isInf32(b)) || (isZero32(a) && isZero32(b))) {
    flags |= FPSCR_IOC;
    return DEFAULT_NAN;
  }
  if (isInf32(a)) return (sign | 0x7f800000) >>> 0;
  if (isZero32(b)) {
    flags |= FPSCR_DZC;
    return (sign | 0x7f800000) >>> 0;
  }
  if (isZero32(a) || isInf32(b)) return sign >>> 0;
  const x = valOf(a);
  const y = valOf(b);
  const q = x / y;
  const t = x - q * y;
  return round32(q, y > 0 ? t : -t);
}

export function fpSqrt(a: number): number {
  a = flushIn(a);
  if (isNaN32(a)) return procNaN(a);
  if (isZero32(a)) return a;
  if ((a & SIGN) !== 0) {
    flags |= FPSCR_IOC;
    return DEFAULT_NAN;
  }
  if (isInf32(a)) return a;
  const x = valOf(a);
  const r = Math.sqrt(x);
  return round32(r, x - r * r);
}

/** FPMulAdd(addend, op1, op2): addend + op1*op2 with a single rounding. */
export function fpMulAdd(ad: number, a: number, b: number): number {
  ad = flushIn(ad);
  a = flushIn(a);
  b = flushIn(b);
  const infZero = (isInf32(a) && isZero32(b)) || (isZero32(a) && isInf32(b));
  let nan = -1;
  if (isSNaN32(ad)) nan = procNaN(ad);
  else if (isSNaN32(a)) nan = procNaN(a);
  else if (isSNaN32(b)) nan = procNaN(b);
  else if (isNaN32(ad)) nan = procNaN(ad);
  else if (isNaN32(a)) nan = procNaN(a);
  else if (isNaN32(b)) nan = procNaN(b);
  if (nan !== -1) {
    if (isNaN32(ad) && !isSNaN32(ad) && infZero) {
      flags |= FPSCR_IOC;
      return DEFAULT_NAN;
    }
    return nan;
  }
  const signP = (a ^ b) & SIGN;
  const infP = isInf32(a) || isInf32(b);
  if (infZero || (isInf32(ad) && infP && (ad & SIGN) !== signP)) {
    flags |= FPSCR_IOC;
    return DEFAULT_NAN;
  }
  if (isInf32(ad)) return ad;
  if (infP) return (signP | 0x7f800000) >>> 0;
  const zeroP = isZero32(a) || isZero32(b);
  if (zeroP && isZero32(ad)) return zeroSum(ad, signP);
  const p = valOf(a) * valOf(b);
  const c = valOf(ad);
  const s = c + p;
  if (s === 0) return rmode === RM ? SIGN : 0;
  const bb = s - c;
  const e = c - (s - bb) + (p - bb);
  return round32(s, e);
}

/** FPCompare: NZCV in bits 31:28. */
export function fpCompare(a: number, b: number, signalAllNaNs: boolean): number {
  a = flushIn(a);
  b = flushIn(b);
  if (isNaN32(a) || isNaN32(b)) {
    if (signalAllNaNs || isSNaN32(a) || isSNaN32(b)) flags |= FPSCR_IOC;
    return 0x30000000;
  }
  const x = valOf(a);
  const y = valOf(b);
  if (x === y) return 0x60000000;
  return x < y ? 0x80000000 | 0 : 0x20000000;
}

/** 2^0 .. 2^32 */
const POW2 = new Float64Array(33).map((_, i) => 2 ** i);

/** Rounds x to an integer in mode m (ties to even for RN). */
function roundInt(x: number, m: number): number {
  switch (m) {
    case RZ:
      return Math.trunc(x);
    case RP:
      return Math.ceil(x);
    case RM:
      return Math.floor(x);
    default: {
      const f = Math.floor(x);
      const d = x - f;
      return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
    }
  }
}

/** FPToFixed: single -> (un)signed size-bit fixed point with fracBits, result sign/zero-extended to 32. */
export function fpToFixed(a: number, fracBits: number, unsigned: boolean, size: number, roundZero: boolean): number {
  a = flushIn(a);
  if (isNaN32(a)) {
    flags |= FPSCR_IOC;
    return 0;
  }
  const x = fracBits === 0 ? valOf(a) : valOf(a) * POW2[fracBits];
  let r = roundInt(x, roundZero ? RZ : rmode);
  const max = size === 32 ? (unsigned ? 4294967295 : 2147483647) : unsigned ? 65535 : 32767;
  const min = unsigned ? 0 : size === 32 ? -2147483648 : -32768;
  if (r > max) {
    flags |= FPSCR_IOC;
    r = max;
  } else if (r < min) {
    flags |= FPSCR_IOC;
    r = min;
  } else if (r !== x) flags |= FPSCR_IXC;
  if (size === 16) return unsigned ? r & 0xffff : (r << 16) >> 16;
  return unsigned ? r >>> 0 : r | 0;
}

/**
 * FixedToFP: (un)signed size-bit fixed point (low bits of v) -> single. VCVT from an integer rounds
 * per FPSCR.RMode; VCVT from fixed point (fraction bits) always rounds to nearest (DDI 0403E, VCVT
 * between floating-point and fixed-point: "The fixed-point to floating-point operation uses the
 * Round to Nearest rounding mode"; QEMU agrees).
 */
export function fpFromFixed(v: number, fracBits: number, unsigned: boolean, size: number, roundNearest: boolean): number {
  let n: number;
  if (size === 16) n = unsigned ? v & 0xffff : (v << 16) >> 16;
  else n = unsigned ? v >>> 0 : v | 0;
  if (n === 0) return 0;
  if (!roundNearest) return round32(fracBits === 0 ? n : n / POW2[fracBits], 0);
  const saved = rmode;
  rmode = RN;
  const r = round32(n / POW2[fracBits], 0);
  rmode = saved;
  return r;
}

/** Half-precision bits (IEEE, or ARM alternative half precision when AHP) -> single bits. */
export function fpHalfToSingle(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 31;
  const frac = h & 0x3ff;
  if (exp === 31 && !ahp) {
    if (frac === 0) return (sign | 0x7f800000) >>> 0;
    if ((frac & 0x200) === 0) flags |= FPSCR_IOC;
    return dn ? DEFAULT_NAN : (sign | 0x7fc00000 | (frac << 13)) >>> 0;
  }
  if (exp === 0) {
    if (frac === 0) return sign >>> 0;
    return ((sign | bitsOf(frac * 2 ** -24)) >>> 0) as number;
  }
  return (sign | ((exp - 15 + 127) << 23) | (frac << 13)) >>> 0;
}

/** Single bits -> half-precision bits (FPConvert with FPRound to 16 bits; FZ does not apply to the output). */
export function fpSingleToHalf(a: number): number {
  a = flushIn(a);
  const sign = (a >>> 16) & 0x8000;
  if (isNaN32(a)) {
    if (ahp) {
      flags |= FPSCR_IOC;
      return sign;
    }
    if (isSNaN32(a)) flags |= FPSCR_IOC;
    return dn ? 0x7e00 : sign | 0x7e00 | ((a >>> 13) & 0x1ff);
  }
  if (isInf32(a)) {
    if (ahp) {
      flags |= FPSCR_IOC;
      return sign | 0x7fff;
    }
    return sign | 0x7c00;
  }
  if (isZero32(a)) return sign;
  const x = Math.abs(valOf(a));
  // ulp of the half-precision result: 2^(exponent - 10), and 2^-24 for subnormals
  const e32 = ((bitsOf(x) >>> 23) & 0xff) - 127;
  const ulpExp = e32 < -14 ? -24 : e32 - 10;
  const q = x * 2 ** -ulpExp;
  const neg = sign !== 0;
  // round the magnitude: RP/RM become toward +inf/-inf of the signed value
  let m = rmode;
  if (neg && m === RP) m = RZ;
  else if (neg && m === RM) m = RP;
  else if (!neg && m === RM) m = RZ;
  const rq = roundInt(q, m === RP ? RP : m);
  const r = rq * 2 ** ulpExp;
  if (rq !== q) {
    flags |= FPSCR_IXC;
    if (x < 2 ** -14) flags |= FPSCR_UFC;
  }
  const maxH = ahp ? 131008 : 65504;
  if (r > maxH) {
    if (ahp) {
      flags = (flags & ~FPSCR_IXC) | FPSCR_IOC;
      return sign | 0x7fff;
    }
    flags |= FPSCR_OFC | FPSCR_IXC;
    const toInf = rmode === RN || (rmode === RP && !neg) || (rmode === RM && neg);
    return sign | (toInf ? 0x7c00 : 0x7bff);
  }
  if (r < 2 ** -14) return sign | Math.round(r * 2 ** 24);
  const rb = bitsOf(r);
  return sign | ((((rb >>> 23) & 0xff) - 127 + 15) << 10) | ((rb >>> 13) & 0x3ff);
}

/** VFPExpandImm for single precision. */
export function vfpExpandImm(imm8: number): number {
  const b6 = (imm8 >> 6) & 1;
  const exp = (b6 ? 0x7c : 0x80) | ((imm8 >> 4) & 3);
  return (((imm8 & 0x80) << 24) | (exp << 23) | ((imm8 & 15) << 19)) >>> 0;
}


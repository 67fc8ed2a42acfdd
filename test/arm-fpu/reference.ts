/**
 * An independent IEEE single-precision rounding oracle for the FPU tests: exact rational arithmetic
 * on BigInt, rounded by the textbook rule (ARM choices: tininess before rounding, Underflow only
 * when inexact, flush-to-zero of tiny results raising only Underflow). Slow and simple on purpose.
 */
export const RN = 0;
export const RP = 1;
export const RM = 2;
export const RZ = 3;
export const IOC = 1;
export const DZC = 2;
export const OFC = 4;
export const UFC = 8;
export const IXC = 16;
export const IDC = 128;

/** A rational n / 2^k (k may be negative) or n / d for division. */
export interface Rat {
  n: bigint; // signed numerator
  d: bigint; // positive denominator
}

const f = new Float32Array(1);
const u = new Uint32Array(f.buffer);
export const bitsOf = (x: number): number => {
  f[0] = x;
  return u[0];
};
export const valOf = (b: number): number => {
  u[0] = b;
  return f[0];
};

/** Exact value of finite single bits (after optional flush). */
export function ratOf(b: number): Rat {
  const e = (b >>> 23) & 0xff;
  const frac = b & 0x7fffff;
  const m = BigInt(e === 0 ? frac : frac | 0x800000);
  const exp = (e === 0 ? 1 : e) - 150;
  const n = b & 0x80000000 ? -m : m;
  return exp >= 0 ? { n: n << BigInt(exp), d: 1n } : { n, d: 1n << BigInt(-exp) };
}

export const add = (a: Rat, b: Rat): Rat => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
export const mul = (a: Rat, b: Rat): Rat => ({ n: a.n * b.n, d: a.d * b.d });
export const div = (a: Rat, b: Rat): Rat => (b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n });

function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let r = BigInt(Math.floor(Math.sqrt(Number(x))));
  // Newton steps to fix the float estimate
  for (;;) {
    const nr = (r + x / r) >> 1n;
    if (nr >= r && r * r <= x && (r + 1n) * (r + 1n) > x) return r;
    r = nr;
    if (r * r <= x && (r + 1n) * (r + 1n) > x) return r;
  }
}

/** sqrt of a positive rational as a rational that rounds the same way (sticky bit far below any ulp). */
export function sqrtRat(a: Rat): Rat {
  const T = 400n;
  // value = a.n / a.d; X = floor(value * 2^(2T)) with exactness flag
  const num = a.n << (2n * T);
  const X = num / a.d;
  const exact = X * a.d === num;
  const s = isqrt(X);
  const sticky = exact && s * s === X ? 0n : 1n;
  return { n: 2n * s + sticky, d: 1n << (T + 1n) };
}

const bitlen = (x: bigint): number => x.toString(2).length;

/** Rounds a nonzero rational to single bits; returns [bits, flags]. */
export function roundRat(r: Rat, mode: number, fz: boolean): [number, number] {
  const neg = r.n < 0n;
  const n = neg ? -r.n : r.n;
  const d = r.d;
  let E = bitlen(n) - bitlen(d);
  const ge = (e: number): boolean => (e >= 0 ? n >= d << BigInt(e) : n << BigInt(-e) >= d);
  if (!ge(E)) E--;
  const sign = neg ? 0x80000000 : 0;
  const tiny = E < -126;
  if (tiny && fz) return [sign, UFC];
  const qe = Math.max(E, -126) - 23;
  let N: bigint;
  let D: bigint;
  if (qe <= 0) {
    N = n << BigInt(-qe);
    D = d;
  } else {
    N = n;
    D = d << BigInt(qe);
  }
  let q = N / D;
  const rem = N % D;
  let flags = 0;
  if (rem !== 0n) {
    flags |= IXC;
    if (tiny) flags |= UFC;
    const twice = 2n * rem;
    const up =
      mode === RN ? twice > D || (twice === D && (q & 1n) === 1n) : mode === RP ? !neg : mode === RM ? neg : false;
    if (up) q += 1n;
  }
  let exp = qe;
  if (q === 1n << 24n) {
    q >>= 1n;
    exp++;
  }
  if (q >= 1n << 23n && exp + 23 > 127) {
    const toInf = mode === RN || (mode === RP && !neg) || (mode === RM && neg);
    return [(sign | (toInf ? 0x7f800000 : 0x7f7fffff)) >>> 0, OFC | IXC];
  }
  if (q < 1n << 23n) return [(sign | Number(q)) >>> 0, flags];
  return [(sign | ((exp + 23 + 127) << 23) | Number(q - (1n << 23n))) >>> 0, flags];
}

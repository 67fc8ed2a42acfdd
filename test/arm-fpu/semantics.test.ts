import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NAN,
  FpuState,
  type FpHost,
  decodeFp,
  execFp,
  fpAdd,
  fpBegin,
  fpCycles,
  fpDiv,
  fpFlags,
  fpMul,
  fpMulAdd,
  fpSqrt,
  fpSub,
  FPSCR_FZ,
  FPSCR_DN,
  FPSCR_AHP,
} from '../../cpu/arm/fpu.js';
import * as R from './reference.js';

// ---- a tiny host: 64 KiB of RAM at 0x20000000 --------------------------------------------------
class TestHost implements FpHost {
  readonly r = new Int32Array(16);
  readonly mem = new DataView(new ArrayBuffer(0x10000));
  nzcv = -1;
  accesses = 0;
  private off(a: number): number {
    const o = (a >>> 0) - 0x20000000;
    if (o < 0 || o + 4 > 0x10000) throw new Error(`bus fault at 0x${(a >>> 0).toString(16)}`);
    return o;
  }
  read32(a: number): number {
    this.accesses++;
    return this.mem.getInt32(this.off(a), true);
  }
  write32(a: number, v: number): void {
    this.accesses++;
    this.mem.setInt32(this.off(a), v, true);
  }
  setNZCV(v: number): void {
    this.nzcv = v >>> 0;
  }
  fpUnaligned(a: number): never {
    throw new Error(`unaligned 0x${(a >>> 0).toString(16)}`);
  }
}

/** Executes one instruction given as its two halfwords. */
function run(fp: FpuState, h: TestHost, hw1: number, hw2: number, pc = 0x1000): void {
  const op = decodeFp(hw1, hw2);
  expect(op, `decode ${hw1.toString(16)} ${hw2.toString(16)}`).toBeGreaterThanOrEqual(0);
  execFp(op, hw1, hw2, pc, h, fp);
}

const B = R.bitsOf;
const hex = (b: number): string => '0x' + (b >>> 0).toString(16).padStart(8, '0');
const MODES = [R.RN, R.RP, R.RM, R.RZ];

// ---- oracle comparison over edge-heavy random operands --------------------------------------------
const N_CASES = Number(process.env.FPU_ORACLE_CASES ?? 3000);
let seed = Number(process.env.FPU_ORACLE_SEED ?? 0x1234567);
function rnd(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
}
function randSingle(): number {
  const sign = rnd() & 0x80000000;
  const k = rnd() % 8;
  const exp =
    k === 0 ? 0 : k === 1 ? 1 + (rnd() % 3) : k === 2 ? 251 + (rnd() % 4) : k === 3 ? 127 : k === 4 ? 100 + (rnd() % 54) : 1 + (rnd() % 254);
  const m = rnd() % 4;
  const frac = m === 0 ? 0 : m === 1 ? 0x7fffff : m === 2 ? (rnd() & 0x7fffff) | 1 : rnd() & 0x7fffff;
  return (sign | (exp << 23) | frac) >>> 0;
}
const isFinite32 = (b: number): boolean => (b & 0x7f800000) !== 0x7f800000;
const isSub = (b: number): boolean => (b & 0x7f800000) === 0 && (b & 0x7fffff) !== 0;

function oracle(op: string, ops: number[], mode: number, fz: boolean): [number, number] | null {
  let flags = 0;
  const vals = ops.map((b) => {
    if (fz && isSub(b)) {
      flags |= R.IDC;
      return (b & 0x80000000) >>> 0;
    }
    return b;
  });
  if (!vals.every(isFinite32)) return null;
  const q = vals.map(R.ratOf);
  let exact: R.Rat;
  switch (op) {
    case 'add':
      exact = R.add(q[0], q[1]);
      break;
    case 'sub':
      exact = R.add(q[0], { n: -q[1].n, d: q[1].d });
      break;
    case 'mul':
      exact = R.mul(q[0], q[1]);
      break;
    case 'div':
      if (q[1].n === 0n) return null;
      exact = R.div(q[0], q[1]);
      break;
    case 'sqrt':
      if (q[0].n <= 0n) return null;
      exact = R.sqrtRat(q[0]);
      break;
    default:
      exact = R.add(q[0], R.mul(q[1], q[2]));
  }
  if (exact.n === 0n) return null;
  const [bits, f] = R.roundRat(exact, mode, fz);
  return [bits, f | flags];
}

function impl(op: string, ops: number[], mode: number, fz: boolean): [number, number] {
  fpBegin((mode << 22) | (fz ? FPSCR_FZ : 0));
  let r: number;
  switch (op) {
    case 'add':
      r = fpAdd(ops[0], ops[1]);
      break;
    case 'sub':
      r = fpSub(ops[0], ops[1]);
      break;
    case 'mul':
      r = fpMul(ops[0], ops[1]);
      break;
    case 'div':
      r = fpDiv(ops[0], ops[1]);
      break;
    case 'sqrt':
      r = fpSqrt(ops[0]);
      break;
    default:
      r = fpMulAdd(ops[0], ops[1], ops[2]);
  }
  return [r >>> 0, fpFlags()];
}

describe('FPv4-SP arithmetic against an exact BigInt oracle (all rounding modes, FZ on/off)', () => {
  const cases: Record<string, () => number[]> = {
    add: () => {
      const a = randSingle();
      // half the time make b close in magnitude (cancellation, ties)
      if (rnd() & 1) return [a, (((a & 0x7f800000) - ((rnd() % 26) << 23)) & 0x7f800000) | (rnd() & 0x807fffff)];
      return [a, randSingle()];
    },
    sub: () => [randSingle(), randSingle()],
    mul: () => [randSingle(), randSingle()],
    div: () => [randSingle(), randSingle()],
    sqrt: () => [randSingle() & 0x7fffffff],
    fma: () => {
      const a = randSingle();
      const b = randSingle();
      // addend near -(a*b) to make cancellation and double-rounding corner cases
      const p = R.valOf(a) * R.valOf(b);
      const c = rnd() & 1 ? B(Math.fround(-p)) + ((rnd() % 5) - 2) : randSingle();
      return [c >>> 0, a, b];
    },
  };
  for (const [op, gen] of Object.entries(cases)) {
    it(`${op}: ${N_CASES} operand sets x 4 modes x FZ on/off`, () => {
      let checked = 0;
      for (let i = 0; i < N_CASES; i++) {
        const ops = gen();
        for (const mode of MODES) {
          for (const fz of [false, true]) {
            const want = oracle(op, ops, mode, fz);
            if (!want) continue;
            const got = impl(op, ops, mode, fz);
            if (got[0] !== want[0] || got[1] !== want[1]) {
              throw new Error(
                `${op}(${ops.map(hex).join(', ')}) mode ${mode} fz ${fz}: got ${hex(got[0])} flags ${got[1]}, want ${hex(want[0])} flags ${want[1]}`,
              );
            }
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(10000);
    });
  }

  it('fma: products that need more than a double (double-rounding corners) are rounded once', () => {
    // a*b = 1 + 2^-23 + 2^-24 + 2^-47 style values: x = (1+2^-12)(1+2^-12) = 1 + 2^-11 + 2^-24
    const a = B(1 + 2 ** -12);
    const c = B(-(2 ** -11));
    // exact: 1 + 2^-24 (a tie in single); RN -> 1.0 (even)
    expect(impl('fma', [c, a, a], R.RN, false)).toEqual([B(1), R.IXC]);
    expect(impl('fma', [c, a, a], R.RP, false)).toEqual([B(1 + 2 ** -23), R.IXC]);
  });
});

describe('special values and flags', () => {
  const sNaN = 0x7f800001;
  const qNaN = 0x7fc00002;
  it('NaN propagation: signalling first, quietened, IOC; DN gives the default NaN', () => {
    expect(impl('add', [B(1), sNaN], R.RN, false)).toEqual([0x7fc00001, R.IOC]);
    expect(impl('add', [qNaN, sNaN], R.RN, false)).toEqual([0x7fc00001, R.IOC]);
    expect(impl('add', [qNaN, 0xffc00005], R.RN, false)).toEqual([qNaN, 0]);
    fpBegin(FPSCR_DN);
    expect(fpMul(qNaN, B(2))).toBe(DEFAULT_NAN);
    // VSUB keeps the NaN operand's sign (FPSub processes NaNs before negating)
    expect(impl('sub', [B(1), 0xffc00000], R.RN, false)[0]).toBe(0xffc00000);
  });
  it('invalid operations give the default NaN with IOC', () => {
    expect(impl('add', [0x7f800000, 0xff800000], R.RN, false)).toEqual([DEFAULT_NAN, R.IOC]);
    expect(impl('mul', [0, 0xff800000], R.RN, false)).toEqual([DEFAULT_NAN, R.IOC]);
    expect(impl('div', [0, 0x80000000], R.RN, false)).toEqual([DEFAULT_NAN, R.IOC]);
    expect(impl('sqrt', [B(-1)], R.RN, false)).toEqual([DEFAULT_NAN, R.IOC]);
    expect(impl('sqrt', [0x80000000], R.RN, false)).toEqual([0x80000000, 0]);
    // FMA: inf*0 + qNaN is invalid (default NaN), while inf*0 + 1 is invalid too
    expect(impl('fma', [qNaN, 0x7f800000, 0], R.RN, false)).toEqual([DEFAULT_NAN, R.IOC]);
    expect(impl('fma', [B(1), 0x7f800000, 0], R.RN, false)).toEqual([DEFAULT_NAN, R.IOC]);
    expect(impl('fma', [0xff800000, 0x7f800000, B(1)], R.RN, false)).toEqual([DEFAULT_NAN, R.IOC]);
  });
  it('division by zero raises DZC', () => {
    expect(impl('div', [B(-3), 0], R.RN, false)).toEqual([0xff800000, R.DZC]);
  });
  it('zero signs of exact sums depend on the rounding mode', () => {
    expect(impl('add', [B(5), B(-5)], R.RN, false)[0]).toBe(0);
    expect(impl('add', [B(5), B(-5)], R.RM, false)[0]).toBe(0x80000000);
    expect(impl('add', [0x80000000, 0x80000000], R.RN, false)[0]).toBe(0x80000000);
    expect(impl('add', [0, 0x80000000], R.RM, false)[0]).toBe(0x80000000);
    expect(impl('fma', [B(-1), B(1), B(1)], R.RM, false)[0]).toBe(0x80000000);
  });
  it('flush-to-zero of inputs (IDC) and tiny outputs (UFC only)', () => {
    expect(impl('add', [1, 0], R.RN, true)).toEqual([0, R.IDC]);
    expect(impl('mul', [B(2 ** -100), B(2 ** -30)], R.RN, true)).toEqual([0, R.UFC]);
    expect(impl('mul', [B(2 ** -100), B(2 ** -30)], R.RN, false)).toEqual([B(2 ** -130), 0]);
    expect(impl('mul', [B(2 ** -100), B(3 * 2 ** -50)], R.RN, false)).toEqual([B(2 ** -148), R.UFC | R.IXC]);
  });
  it('overflow: RN to infinity, RZ to the largest single', () => {
    const max = 0x7f7fffff;
    expect(impl('add', [max, max], R.RN, false)).toEqual([0x7f800000, R.OFC | R.IXC]);
    expect(impl('add', [max, max], R.RZ, false)).toEqual([max, R.OFC | R.IXC]);
    expect(impl('mul', [B(-(2 ** 100)), B(2 ** 100)], R.RP, false)).toEqual([0xff7fffff, R.OFC | R.IXC]);
    // fma whose exact value 2^128 - 4096 rounds to 2^128 in a double: RM/RZ give the largest single, no overflow
    expect(impl('fma', [0xc57fffff, 0xfc800000, 0xc2800000], R.RM, false)).toEqual([max, R.IXC]);
    expect(impl('fma', [0xc57fffff, 0xfc800000, 0xc2800000], R.RN, false)).toEqual([0x7f800000, R.OFC | R.IXC]);
  });
});

describe('instructions through execFp', () => {
  const mk = (): [FpuState, TestHost] => [new FpuState(), new TestHost()];
  it('VADD/VMLA/VFMA/VDIV on registers and cumulative flags in FPSCR', () => {
    const [fp, h] = mk();
    fp.s[1] = 1.5;
    fp.s[2] = 2.25;
    run(fp, h, 0xee30, 0x0a81); // vadd.f32 s0, s1, s2
    expect(fp.s[0]).toBe(3.75);
    run(fp, h, 0xee00, 0x0a81); // vmla.f32 s0, s1, s2 -> 3.75 + 3.375
    expect(fp.s[0]).toBe(7.125);
    fp.s[0] = 1;
    run(fp, h, 0xeea0, 0x0ac1); // vfms.f32 s0, s1, s2 -> 1 - 3.375
    expect(fp.s[0]).toBe(-2.375);
    fp.s[1] = 1;
    fp.s[2] = 3;
    run(fp, h, 0xee80, 0x0a81); // vdiv.f32 s0, s1, s2
    expect(fp.u[0]).toBe(B(1 / 3));
    expect(fp.fpscr & 0x9f).toBe(R.IXC);
    fp.s[2] = 0;
    run(fp, h, 0xee80, 0x0a81);
    expect(fp.fpscr & 0x9f).toBe(R.IXC | R.DZC);
  });
  it('VNMLA/VNMLS/VNMUL/VFNMA/VFNMS signs', () => {
    const [fp, h] = mk();
    const set = (): void => {
      fp.s[0] = 10;
      fp.s[1] = 2;
      fp.s[2] = 3;
    };
    set();
    run(fp, h, 0xee10, 0x0ac1); // vnmla: -10 - 6
    expect(fp.s[0]).toBe(-16);
    set();
    run(fp, h, 0xee10, 0x0a81); // vnmls: -10 + 6
    expect(fp.s[0]).toBe(-4);
    set();
    run(fp, h, 0xee20, 0x0ac1); // vnmul: -6
    expect(fp.s[0]).toBe(-6);
    set();
    run(fp, h, 0xee90, 0x0ac1); // vfnma: -10 - 6
    expect(fp.s[0]).toBe(-16);
    set();
    run(fp, h, 0xee90, 0x0a81); // vfnms: -10 + 6
    expect(fp.s[0]).toBe(-4);
    set();
    run(fp, h, 0xee00, 0x0ac1); // vmls: 10 - 6
    expect(fp.s[0]).toBe(4);
  });
  it('VMOV immediate, VABS, VNEG, VSQRT, register moves with core and doubles', () => {
    const [fp, h] = mk();
    run(fp, h, 0xeef7, 0x1a00); // vmov.f32 s3, #1.0
    expect(fp.s[3]).toBe(1);
    run(fp, h, 0xeebf, 0x0a08); // vmov.f32 s0, #-1.5
    expect(fp.s[0]).toBe(-1.5);
    run(fp, h, 0xeeb0, 0x0ac0); // vabs.f32 s0, s0
    expect(fp.s[0]).toBe(1.5);
    run(fp, h, 0xeeb1, 0x0a40); // vneg.f32 s0, s0
    expect(fp.s[0]).toBe(-1.5);
    fp.s[1] = 2;
    run(fp, h, 0xeeb1, 0x0ae0); // vsqrt.f32 s0, s1
    expect(fp.u[0]).toBe(0x3fb504f3);
    h.r[1] = 0x40490fdb;
    run(fp, h, 0xee02, 0x1a90); // vmov s5, r1
    expect(fp.u[5]).toBe(0x40490fdb);
    run(fp, h, 0xee10, 0x0a10); // vmov r0, s0
    expect(fp.u[0]).toBe(h.r[0] >>> 0);
    h.r[0] = 0x11111111;
    h.r[1] = 0x22222222;
    run(fp, h, 0xec41, 0x0b13); // vmov d3, r0, r1
    expect([fp.u[6], fp.u[7]]).toEqual([0x11111111, 0x22222222]);
    run(fp, h, 0xec53, 0x2a1f); // vmov r2, r3, s30, s31
    fp.u[30] = 7;
    fp.u[31] = 8;
    run(fp, h, 0xec53, 0x2a1f);
    expect([h.r[2], h.r[3]]).toEqual([7, 8]);
    run(fp, h, 0xee20, 0x0b10); // vmov.32 d0[1], r0
    expect(fp.u[1]).toBe(0x11111111);
  });
  it('VCMP/VCMPE set FPSCR.NZCV; VMRS APSR_nzcv copies them to the core', () => {
    const [fp, h] = mk();
    fp.s[0] = 1;
    fp.s[1] = 2;
    run(fp, h, 0xeeb4, 0x0a60); // vcmp.f32 s0, s1
    expect(fp.fpscr >>> 28).toBe(0b1000);
    run(fp, h, 0xeef1, 0xfa10); // vmrs APSR_nzcv, fpscr
    expect(h.nzcv).toBe(0x80000000);
    fp.s[1] = 1;
    run(fp, h, 0xeeb4, 0x0a60);
    expect(fp.fpscr >>> 28).toBe(0b0110);
    fp.s[1] = -1;
    run(fp, h, 0xeeb4, 0x0a60);
    expect(fp.fpscr >>> 28).toBe(0b0010);
    fp.u[1] = 0x7fc00000;
    run(fp, h, 0xeeb4, 0x0a60); // quiet NaN: unordered, no IOC
    expect([fp.fpscr >>> 28, fp.fpscr & 1]).toEqual([0b0011, 0]);
    run(fp, h, 0xeeb4, 0x0ae0); // vcmpe: IOC
    expect(fp.fpscr & 1).toBe(1);
    fp.u[0] = 0x80000000;
    run(fp, h, 0xeeb5, 0x0a40); // vcmp.f32 s0, #0.0 with -0
    expect(fp.fpscr >>> 28).toBe(0b0110);
    h.r[3] = 0xffffffff;
    run(fp, h, 0xeee1, 0x3a10); // vmsr fpscr, r3: only existing bits
    expect(fp.fpscr >>> 0).toBe(0xf7c0009f);
    run(fp, h, 0xeef1, 0x0a10); // vmrs r0, fpscr
    expect(h.r[0] >>> 0).toBe(0xf7c0009f);
  });
  it('VCVT to/from integers, VCVTR, fixed point and half precision', () => {
    const [fp, h] = mk();
    const toS32 = (x: number, rz: boolean, mode = 0): [number, number] => {
      fp.fpscr = mode << 22;
      fp.s[1] = x;
      run(fp, h, 0xeebd, rz ? 0x0ae0 : 0x0a60); // vcvt/vcvtr.s32.f32 s0, s1
      return [fp.u[0] | 0, fp.fpscr & 0x9f];
    };
    expect(toS32(2.5, false)).toEqual([2, R.IXC]);
    expect(toS32(3.5, false)).toEqual([4, R.IXC]);
    expect(toS32(-2.5, false)).toEqual([-2, R.IXC]);
    expect(toS32(-2.5, true)).toEqual([-2, R.IXC]);
    expect(toS32(-2.5, false, R.RM)).toEqual([-3, R.IXC]);
    expect(toS32(2.1, false, R.RP)).toEqual([3, R.IXC]);
    expect(toS32(3e9, true)).toEqual([0x7fffffff, R.IOC]);
    expect(toS32(-3e9, true)).toEqual([-0x80000000, R.IOC]);
    fp.fpscr = 0;
    fp.u[1] = 0x7fc00000;
    run(fp, h, 0xeebd, 0x0ae0);
    expect([fp.u[0], fp.fpscr & 0x9f]).toEqual([0, R.IOC]);
    // unsigned
    fp.fpscr = 0;
    fp.s[1] = -0.5;
    run(fp, h, 0xeebc, 0x0ae0); // vcvt.u32.f32 s0, s1
    expect([fp.u[0], fp.fpscr & 0x9f]).toEqual([0, R.IXC]);
    fp.fpscr = 0;
    fp.s[1] = -1;
    run(fp, h, 0xeebc, 0x0ae0);
    expect([fp.u[0], fp.fpscr & 0x9f]).toEqual([0, R.IOC]);
    // int -> float
    fp.fpscr = 0;
    fp.u[1] = 0x7fffffff;
    run(fp, h, 0xeeb8, 0x0ae0); // vcvt.f32.s32 s0, s1
    expect([fp.s[0], fp.fpscr & 0x9f]).toEqual([2 ** 31, R.IXC]);
    fp.u[1] = 0xffffffff;
    run(fp, h, 0xeeb8, 0x0a60); // vcvt.f32.u32
    expect(fp.s[0]).toBe(2 ** 32);
    run(fp, h, 0xeeb8, 0x0ae0); // vcvt.f32.s32 of -1
    expect(fp.s[0]).toBe(-1);
    // fixed point
    fp.s[0] = 1.5;
    run(fp, h, 0xeebe, 0x0ac8); // vcvt.s32.f32 s0, s0, #16
    expect(fp.u[0]).toBe(0x18000);
    run(fp, h, 0xeeba, 0x0ac8); // vcvt.f32.s32 s0, s0, #16
    expect(fp.s[0]).toBe(1.5);
    // fixed point -> float always rounds to nearest, whatever FPSCR.RMode says
    fp.fpscr = R.RZ << 22;
    fp.u[0] = 0x7fffffff;
    run(fp, h, 0xeeba, 0x0ac8);
    expect([fp.u[0], fp.fpscr & 0x9f]).toEqual([B(2 ** 15), R.IXC]);
    // integer -> float follows FPSCR.RMode
    fp.fpscr = R.RZ << 22;
    fp.u[1] = 0x7fffffff;
    run(fp, h, 0xeeb8, 0x0ae0); // vcvt.f32.s32 s0, s1
    expect(fp.u[0]).toBe(0x4effffff);
    fp.fpscr = 0;
    expect(decodeFp(0xeebe, 0x0a6f)).toBe(-1); // vcvt.s16.f32 with imm4:i = 31: frac_bits < 0
    fp.s[0] = -1;
    fp.fpscr = 0;
    run(fp, h, 0xeebe, 0x0a40); // vcvt.s16.f32 s0, s0, #16 (imm4:i = 0) -> -65536 saturates to -32768
    expect([fp.u[0] | 0, fp.fpscr & 0x9f]).toEqual([-32768, R.IOC]);
    // half precision
    fp.fpscr = 0;
    fp.s[1] = 1;
    fp.u[0] = 0xabcd0000;
    run(fp, h, 0xeeb3, 0x0a60); // vcvtb.f16.f32 s0, s1
    expect(fp.u[0]).toBe(0xabcd3c00);
    fp.s[1] = 65520;
    run(fp, h, 0xeeb3, 0x0ae0); // vcvtt.f16.f32 s0, s1
    expect([fp.u[0] >>> 16, fp.fpscr & 0x9f]).toEqual([0x7c00, R.OFC | R.IXC]);
    fp.fpscr = FPSCR_AHP;
    run(fp, h, 0xeeb3, 0x0ae0);
    // alternative half precision: exponent 31 is normal, 65520 rounds (tie, even) to 65536 = 0x7c00
    expect([fp.u[0] >>> 16, fp.fpscr & 0x9f]).toEqual([0x7c00, R.IXC]);
    fp.fpscr = 0;
    fp.u[1] = 0x7c01 << 16; // signalling half NaN in the top half
    run(fp, h, 0xeeb2, 0x0ae0); // vcvtt.f32.f16 s0, s1
    expect([fp.u[0] >>> 0, fp.fpscr & 0x9f]).toEqual([0x7fc02000, R.IOC]);
    fp.u[1] = 0x0001; // smallest half subnormal
    run(fp, h, 0xeeb2, 0x0a60);
    expect(fp.s[0]).toBe(2 ** -24);
  });
  it('VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP with writeback, PC-relative and alignment faults', () => {
    const [fp, h] = mk();
    h.r[0] = 0x20000100;
    h.mem.setUint32(0x100, 0x3f800000, true);
    h.mem.setUint32(0x104, 0x40000000, true);
    run(fp, h, 0xed90, 0x0a00); // vldr s0, [r0]
    expect(fp.s[0]).toBe(1);
    run(fp, h, 0xed90, 0x1b00); // vldr d1, [r0]
    expect([fp.s[2], fp.s[3]]).toEqual([1, 2]);
    run(fp, h, 0xecb0, 0x0a02); // vldmia r0!, {s0-s1}
    expect(h.r[0]).toBe(0x20000108);
    fp.s[16] = 5;
    fp.s[17] = 6;
    h.r[13] = 0x20001000;
    run(fp, h, 0xed2d, 0x8a02); // vpush {s16-s17}
    expect(h.r[13]).toBe(0x20000ff8);
    expect(h.mem.getFloat32(0xff8, true)).toBe(5);
    expect(h.mem.getFloat32(0xffc, true)).toBe(6);
    fp.s[16] = 0;
    run(fp, h, 0xecbd, 0x8a01); // vpop {s16}
    expect([fp.s[16], h.r[13]]).toEqual([5, 0x20000ffc]);
    run(fp, h, 0xedcd, 0x1a01); // vstr s3, [sp, #4]
    expect(h.mem.getFloat32(0x1000, true)).toBe(2);
    // PC-relative literal: Align(pc + 4, 4) + 8
    h.mem.setUint32(0x10c, 0x41200000, true);
    run(fp, h, 0xed9f, 0x0a02, 0x20000102); // vldr s0, [pc, #8]
    expect(fp.s[0]).toBe(10);
    h.r[0] = 0x20000102;
    expect(() => run(fp, h, 0xed90, 0x0a00)).toThrow(/unaligned 0x20000102/);
    // a faulting VLDM does not write the base back
    h.r[0] = 0x2000fffc;
    expect(() => run(fp, h, 0xecb0, 0x0a02)).toThrow(/bus fault/);
    expect(h.r[0]).toBe(0x2000fffc);
  });
  it('issue cycles follow the Cortex-M4 TRM table', () => {
    const c = (hw1: number, hw2: number): number => fpCycles(decodeFp(hw1, hw2), hw1, hw2);
    expect(c(0xee30, 0x0a81)).toBe(1); // vadd
    expect(c(0xee00, 0x0a81)).toBe(3); // vmla
    expect(c(0xeea0, 0x0a81)).toBe(3); // vfma
    expect(c(0xee80, 0x0a81)).toBe(14); // vdiv
    expect(c(0xeeb1, 0x0ae0)).toBe(14); // vsqrt
    expect(c(0xed90, 0x0a00)).toBe(2); // vldr s
    expect(c(0xed90, 0x1b00)).toBe(3); // vldr d
    expect(c(0xed2d, 0x8a02)).toBe(3); // vpush {s16-s17}
    expect(c(0xed2d, 0x8b04)).toBe(5); // vpush {d8-d9}
    expect(c(0xee10, 0x0a10)).toBe(2); // vmov r0, s0
    expect(c(0xeef1, 0xfa10)).toBe(1); // vmrs
  });
});

describe('FpuState', () => {
  it('stacks S0-S15 and FPSCR for exception frames and restores them', () => {
    const fp = new FpuState();
    const h = new TestHost();
    for (let i = 0; i < 32; i++) fp.u[i] = 0x1000 + i;
    fp.fpscr = 0xf000001f;
    fp.stackContext(h, 0x20000200);
    expect(h.mem.getUint32(0x200, true)).toBe(0x1000);
    expect(h.mem.getUint32(0x23c, true)).toBe(0x100f);
    expect(h.mem.getUint32(0x240, true)).toBe(0xf000001f);
    fp.u.fill(0);
    fp.fpscr = 0;
    fp.unstackContext(h, 0x20000200);
    expect(fp.u[15]).toBe(0x100f);
    expect(fp.u[16]).toBe(0); // S16-S31 are not part of the frame
    expect(fp.fpscr >>> 0).toBe(0xf000001f);
  });
  it('applies FPDSCR defaults (AHP DN FZ RMode) to FPSCR', () => {
    const fp = new FpuState();
    fp.fpscr = 0xf000009f;
    fp.fpdscr = 0x07c00000;
    fp.applyDefaults();
    expect(fp.fpscr >>> 0).toBe(0xf7c0009f);
  });
  it('D registers overlay pairs of S registers', () => {
    const fp = new FpuState();
    fp.d[1] = 1.5;
    expect([fp.u[2], fp.u[3]]).toEqual([0, 0x3ff80000]);
    const out: Record<string, number> = {};
    fp.registers(out);
    expect(out.s3).toBe(0x3ff80000);
    expect(out.fpscr).toBe(0);
  });
});

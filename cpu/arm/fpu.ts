/**
 * FPv4-SP floating-point extension of the Cortex-M4F (ARMv7-M ARM DDI 0403E, chapter A6
 * "Floating-point Instruction Encoding" and the VFP instruction descriptions in A7.7).
 *
 * Contract with the integer core (stable):
 *   - The core fetches a 32-bit Thumb instruction hw1:hw2. When hw1 is in 0xEC00..0xEFFF and
 *     (hw2 >> 9 & 7) === 5 (coprocessor 10 or 11), it calls `decodeFp(hw1, hw2)`. A result < 0
 *     means UNDEFINED (the core raises UsageFault UNDEFINSTR). The op id can be cached.
 *   - Before executing, the core checks CPACR.CP10/CP11 (NOCP UsageFault when disabled), does the
 *     lazy FP state preservation if FPCCR.LSPACT, sets CONTROL.FPCA, and evaluates the IT
 *     condition; then calls `execFp(op, hw1, hw2, pc, host, state)` with pc = address of the
 *     instruction and state the core's FpuState (S0-S31, FPSCR, FPDSCR).
 *   - Memory accesses go through host.read32/host.write32 (which may throw the bus's BusFault);
 *     an unaligned VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP address calls host.fpUnaligned(addr), which must
 *     throw (UsageFault UNALIGNED). Base-register writeback happens only after all accesses.
 *   - `fpCycles(op, hw1, hw2)` gives the issue cycles (Cortex-M4 TRM table); the core adds its
 *     own bus wait states (bus.stall).
 *   - FpuState.stackContext/unstackContext store/load S0-S15 + FPSCR at an exception frame's FP
 *     area; applyDefaults copies FPDSCR into FPSCR; registers() reports s0..s31 and fpscr.
 *
 * Accuracy: every arithmetic result (VADD VSUB VMUL VDIV VSQRT VFMA..., VCVT of all kinds) is
 * correctly rounded in all four rounding modes with ARM's flag rules (fpu-arith.ts; checked against
 * an exact BigInt oracle in test/arm-fpu, and bit for bit against QEMU's softfloat by the fprand
 * firmware in test/arm-programs). Nothing is approximate; the modelled deviations from hardware
 * are the UNPREDICTABLE encodings, which decode as UNDEFINED (see decodeFp).
 */

import {
  FPDSCR_WRITABLE,
  FPSCR_WRITABLE,
  SIGN,
  fpAdd,
  fpBegin,
  fpCompare,
  fpDiv,
  fpFlags,
  fpFromFixed,
  fpHalfToSingle,
  fpMul,
  fpMulAdd,
  fpSingleToHalf,
  fpSqrt,
  fpSub,
  fpToFixed,
  valOf,
  vfpExpandImm,
} from './fpu-arith.js';

export * from './fpu-arith.js';

/** What the FPU needs from the integer core. Implemented by the core; no allocation per call. */
export interface FpHost {
  /** R0..R15; r[13] must hold the active stack pointer. R15 is not read (the pc argument is). */
  readonly r: Int32Array;
  /** Data read of a word (little-endian, through the bus with the core's checks); may throw. */
  read32(addr: number): number;
  /** Data write of a word; may throw. */
  write32(addr: number, value: number): void;
  /** APSR.N Z C V <- bits 31..28 of nzcv (VMRS APSR_nzcv, FPSCR). */
  setNZCV(nzcv: number): void;
  /** Raises the UsageFault for an unaligned FP load/store. Must throw. */
  fpUnaligned(addr: number): never;
}

// ---------------------------------------------------------------------------------------------
// State

export class FpuState {
  readonly buf = new ArrayBuffer(32 * 4);
  /** S0..S31 as floats (never read a NaN through this view: signalling NaNs get quietened by the host). */
  readonly s = new Float32Array(this.buf);
  /** S0..S31 as raw bits; D[n] = u[2n] (low word) : u[2n+1] (high word). */
  readonly u = new Uint32Array(this.buf);
  /** D0..D15 as doubles (host little-endian, as every Node platform is: D[n] overlays S[2n], S[2n+1]). */
  readonly d = new Float64Array(this.buf);
  fpscr = 0;
  fpdscr = 0;

  reset(): void {
    this.u.fill(0);
    this.fpscr = 0;
    this.fpdscr = 0;
  }

  /** FPSCR <- FPDSCR defaults (new FP context: the core calls this when CONTROL.FPCA was 0, FPCCR.ASPEN set). */
  applyDefaults(): void {
    this.fpscr = (this.fpscr & ~FPDSCR_WRITABLE) | (this.fpdscr & FPDSCR_WRITABLE);
  }

  /** Stores S0..S15 and FPSCR to an exception frame's FP area (addr = frame + 0x20; ARMv7-M B1.5.7). */
  stackContext(h: FpHost, addr: number): void {
    const u = this.u;
    for (let i = 0; i < 16; i++) h.write32(addr + 4 * i, u[i] | 0);
    h.write32(addr + 64, this.fpscr | 0);
  }

  /** Reloads S0..S15 and FPSCR from an exception frame's FP area. */
  unstackContext(h: FpHost, addr: number): void {
    const u = this.u;
    for (let i = 0; i < 16; i++) u[i] = h.read32(addr + 4 * i);
    this.fpscr = h.read32(addr + 64) & FPSCR_WRITABLE;
  }

  /** Register values by name (s0..s31, fpscr) for tests and the differential harness. */
  registers(out: Record<string, number>): void {
    for (let i = 0; i < 32; i++) out['s' + i] = this.u[i];
    out.fpscr = this.fpscr >>> 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Encodings (DDI 0403E A6.4 data-processing, A6.5 load/store, A6.6 32-bit transfers, A6.7 64-bit
// transfers). w = hw1 << 16 | hw2; bit numbers below are those of w (ARM-style numbering).
// Single precision only: sz (bit 8) = 1 data-processing forms (double arithmetic) are UNDEFINED on
// FPv4-SP; D registers exist only as pairs of S registers for moves and loads/stores.

export interface FpEncoding {
  /** Short name (op id = index in FP_ENCODINGS). */
  readonly name: string;
  readonly mask: number;
  readonly match: number;
}

const E = (name: string, mask: number, match: number): FpEncoding => ({ name, mask: mask >>> 0, match: match >>> 0 });

/** The encoding table: decoder, disassembler, timing and tests all come from it. Order = op id. */
export const FP_ENCODINGS: readonly FpEncoding[] = [
  // data processing: 1110 1110 o D oo Vn Vd 101 0 N o M 0 Vm  (opc1 = bits 23,21,20; op = bit 6)
  E('vmla', 0xffb00f50, 0xee000a00),
  E('vmls', 0xffb00f50, 0xee000a40),
  E('vnmls', 0xffb00f50, 0xee100a00),
  E('vnmla', 0xffb00f50, 0xee100a40),
  E('vmul', 0xffb00f50, 0xee200a00),
  E('vnmul', 0xffb00f50, 0xee200a40),
  E('vadd', 0xffb00f50, 0xee300a00),
  E('vsub', 0xffb00f50, 0xee300a40),
  E('vdiv', 0xffb00f50, 0xee800a00),
  E('vfnms', 0xffb00f50, 0xee900a00),
  E('vfnma', 0xffb00f50, 0xee900a40),
  E('vfma', 0xffb00f50, 0xeea00a00),
  E('vfms', 0xffb00f50, 0xeea00a40),
  // opc1 = 1x11 "other": VMOV immediate (bits 7 and 5 are (0)), then by opc2 (bits 19:16)
  E('vmov.imm', 0xffb00ff0, 0xeeb00a00),
  E('vmov.reg', 0xffbf0fd0, 0xeeb00a40),
  E('vabs', 0xffbf0fd0, 0xeeb00ac0),
  E('vneg', 0xffbf0fd0, 0xeeb10a40),
  E('vsqrt', 0xffbf0fd0, 0xeeb10ac0),
  E('vcvt.f16', 0xffbe0f50, 0xeeb20a40), // VCVTB/VCVTT: bit 16 = to half, bit 7 = top half
  E('vcmp', 0xffbf0f50, 0xeeb40a40), // bit 7 = E
  E('vcmp.zero', 0xffbf0f7f, 0xeeb50a40),
  E('vcvt.fromint', 0xffbf0f50, 0xeeb80a40), // bit 7 = signed
  E('vcvt.fromfixed', 0xffbe0f50, 0xeeba0a40), // bit 16 = unsigned, bit 7 = 32-bit, imm4:i
  E('vcvt.toint', 0xffbe0f50, 0xeebc0a40), // bit 16 = signed, bit 7 = round toward zero
  E('vcvt.tofixed', 0xffbe0f50, 0xeebe0a40),
  // 32-bit transfers: 1110 1110 AAA L Vn Rt 101 C N BB 1 0000
  E('vmov.tos', 0xfff00f7f, 0xee000a10),
  E('vmov.froms', 0xfff00f7f, 0xee100a10),
  E('vmsr', 0xffff0fff, 0xeee10a10),
  E('vmrs', 0xffff0fff, 0xeef10a10),
  E('vmov.toscalar', 0xffd00f7f, 0xee000b10), // bit 21 = index, D:Vd
  E('vmov.fromscalar', 0xffd00f7f, 0xee100b10),
  // 64-bit transfers: 1110 1100 010 op Rt2 Rt 101 C 00 M 1 Vm
  E('vmov.to2s', 0xfff00fd0, 0xec400a10),
  E('vmov.from2s', 0xfff00fd0, 0xec500a10),
  E('vmov.tod', 0xfff00fd0, 0xec400b10),
  E('vmov.fromd', 0xfff00fd0, 0xec500b10),
  // extension register loads/stores: 1110 110P UDWL Rn Vd 101 sz imm8
  E('vstr', 0xff300e00, 0xed000a00),
  E('vldr', 0xff300e00, 0xed100a00),
  E('vstmia', 0xff900e00, 0xec800a00),
  E('vldmia', 0xff900e00, 0xec900a00),
  E('vstmdb', 0xffb00e00, 0xed200a00),
  E('vldmdb', 0xffb00e00, 0xed300a00),
];

/** Op ids are indices in FP_ENCODINGS, written as literals so that switches on them are jump tables (checked by test/arm-fpu). */
export const OP_VMLA = 0; // vmla
export const OP_VMLS = 1; // vmls
export const OP_VNMLS = 2; // vnmls
export const OP_VNMLA = 3; // vnmla
export const OP_VMUL = 4; // vmul
export const OP_VNMUL = 5; // vnmul
export const OP_VADD = 6; // vadd
export const OP_VSUB = 7; // vsub
export const OP_VDIV = 8; // vdiv
export const OP_VFNMS = 9; // vfnms
export const OP_VFNMA = 10; // vfnma
export const OP_VFMA = 11; // vfma
export const OP_VFMS = 12; // vfms
export const OP_VMOV_IMM = 13; // vmov.imm
export const OP_VMOV_REG = 14; // vmov.reg
export const OP_VABS = 15; // vabs
export const OP_VNEG = 16; // vneg
export const OP_VSQRT = 17; // vsqrt
export const OP_VCVT_F16 = 18; // vcvt.f16
export const OP_VCMP = 19; // vcmp
export const OP_VCMP_ZERO = 20; // vcmp.zero
export const OP_VCVT_FROMINT = 21; // vcvt.fromint
export const OP_VCVT_FROMFIXED = 22; // vcvt.fromfixed
export const OP_VCVT_TOINT = 23; // vcvt.toint
export const OP_VCVT_TOFIXED = 24; // vcvt.tofixed
export const OP_VMOV_TOS = 25; // vmov.tos
export const OP_VMOV_FROMS = 26; // vmov.froms
export const OP_VMSR = 27; // vmsr
export const OP_VMRS = 28; // vmrs
export const OP_VMOV_TOSCALAR = 29; // vmov.toscalar
export const OP_VMOV_FROMSCALAR = 30; // vmov.fromscalar
export const OP_VMOV_TO2S = 31; // vmov.to2s
export const OP_VMOV_FROM2S = 32; // vmov.from2s
export const OP_VMOV_TOD = 33; // vmov.tod
export const OP_VMOV_FROMD = 34; // vmov.fromd
export const OP_VSTR = 35; // vstr
export const OP_VLDR = 36; // vldr
export const OP_VSTMIA = 37; // vstmia
export const OP_VLDMIA = 38; // vldmia
export const OP_VSTMDB = 39; // vstmdb
export const OP_VLDMDB = 40; // vldmdb

/** True when hw1:hw2 lies in the coprocessor 10/11 space this module owns. */
export function isFpSpace(hw1: number, hw2: number): boolean {
  return (hw1 & 0xfc00) === 0xec00 && (hw2 & 0x0e00) === 0x0a00;
}

/**
 * Op id for an FPv4-SP instruction, or -1 (UNDEFINED, or UNPREDICTABLE forms, which this model
 * treats as UNDEFINED: PC/SP as a core transfer register, empty or out-of-range register lists,
 * PC as the base of a store/multiple or with writeback, FLDMX/FSTMX (odd imm8 with D registers)).
 */
export function decodeFp(hw1: number, hw2: number): number {
  if (!isFpSpace(hw1, hw2)) return -1;
  const w = ((hw1 << 16) | hw2) >>> 0;
  let op = -1;
  for (let i = 0; i < FP_ENCODINGS.length; i++) {
    const e = FP_ENCODINGS[i];
    if (((w & e.mask) >>> 0) === e.match) {
      op = i;
      break;
    }
  }
  if (op < 0) return -1;
  const rt = (hw2 >> 12) & 15;
  const rt2 = hw1 & 15;
  const rn = hw1 & 15;
  switch (op) {
    case OP_VMOV_TOSCALAR:
    case OP_VMOV_FROMSCALAR:
      if ((hw2 & 0x80) !== 0) return -1; // D16-D31 do not exist
    // falls through
    case OP_VMOV_TOS:
    case OP_VMOV_FROMS:
    case OP_VMSR:
      if (rt === 15 || rt === 13) return -1;
      break;
    case OP_VMRS:
      if (rt === 13) return -1;
      break;
    case OP_VMOV_TO2S:
    case OP_VMOV_FROM2S:
    case OP_VMOV_TOD:
    case OP_VMOV_FROMD:
      if (rt === 15 || rt === 13 || rt2 === 15 || rt2 === 13) return -1;
      if ((op === OP_VMOV_FROM2S || op === OP_VMOV_FROMD) && rt === rt2) return -1;
      if ((op === OP_VMOV_TOD || op === OP_VMOV_FROMD) && (hw2 & 0x20) !== 0) return -1;
      if ((op === OP_VMOV_TO2S || op === OP_VMOV_FROM2S) && (((hw2 & 15) << 1) | ((hw2 >> 5) & 1)) === 31) return -1;
      break;
    case OP_VSTR:
    case OP_VLDR:
      if (op === OP_VSTR && rn === 15) return -1;
      if ((hw2 & 0x100) !== 0 && (hw1 & 0x40) !== 0) return -1; // D16-D31 do not exist
      break;
    case OP_VSTMIA:
    case OP_VLDMIA:
    case OP_VSTMDB:
    case OP_VLDMDB: {
      if (rn === 15) return -1;
      const imm8 = hw2 & 0xff;
      if ((hw2 & 0x100) !== 0) {
        const d = (((hw1 >> 6) & 1) << 4) | ((hw2 >> 12) & 15);
        if ((imm8 & 1) !== 0) return -1; // FLDMX/FSTMX
        const regs = imm8 >> 1;
        if (regs === 0 || regs > 16 || d + regs > 16) return -1;
      } else {
        const d = (((hw2 >> 12) & 15) << 1) | ((hw1 >> 6) & 1);
        if (imm8 === 0 || d + imm8 > 32) return -1;
      }
      break;
    }
    case OP_VCVT_FROMFIXED:
    case OP_VCVT_TOFIXED: {
      const size = (hw2 & 0x80) !== 0 ? 32 : 16;
      const imm = ((hw2 & 15) << 1) | ((hw2 >> 5) & 1);
      if (size - imm < 0) return -1;
      break;
    }
  }
  return op;
}

// ---------------------------------------------------------------------------------------------
// Execution (one small semantic per instruction, as in the DDI 0403E pseudo-code)

const regD = (hw1: number, hw2: number): number => (((hw2 >> 12) & 15) << 1) | ((hw1 >> 6) & 1);
const regN = (hw1: number, hw2: number): number => ((hw1 & 15) << 1) | ((hw2 >> 7) & 1);
const regM = (hw2: number): number => ((hw2 & 15) << 1) | ((hw2 >> 5) & 1);
/** D register numbers (D:Vd, N:Vn, M:Vm). */
const dregD = (hw1: number, hw2: number): number => (((hw1 >> 6) & 1) << 4) | ((hw2 >> 12) & 15);
const dregM = (hw2: number): number => (((hw2 >> 5) & 1) << 4) | (hw2 & 15);

function checkAligned(h: FpHost, addr: number): void {
  if ((addr & 3) !== 0) h.fpUnaligned(addr >>> 0);
}

/**
 * Executes a decoded FP instruction (op from decodeFp, condition already passed). pc is the
 * address of the instruction (PC-relative VLDR uses Align(pc + 4, 4)).
 */
export function execFp(op: number, hw1: number, hw2: number, pc: number, h: FpHost, fp: FpuState): void {
  if (op >= OP_VMOV_TOS) {
    execTransfer(op, hw1, hw2, pc, h, fp);
    return;
  }
  const u = fp.u;
  fpBegin(fp.fpscr);
  const d = regD(hw1, hw2);
  switch (op) {
    case OP_VADD:
      u[d] = fpAdd(u[regN(hw1, hw2)], u[regM(hw2)]);
      break;
    case OP_VSUB:
      u[d] = fpSub(u[regN(hw1, hw2)], u[regM(hw2)]);
      break;
    case OP_VMUL:
      u[d] = fpMul(u[regN(hw1, hw2)], u[regM(hw2)]);
      break;
    case OP_VNMUL:
      u[d] = fpMul(u[regN(hw1, hw2)], u[regM(hw2)]) ^ SIGN;
      break;
    case OP_VDIV:
      u[d] = fpDiv(u[regN(hw1, hw2)], u[regM(hw2)]);
      break;
    case OP_VMLA:
      u[d] = fpAdd(u[d], fpMul(u[regN(hw1, hw2)], u[regM(hw2)]));
      break;
    case OP_VMLS:
      u[d] = fpAdd(u[d], fpMul(u[regN(hw1, hw2)], u[regM(hw2)]) ^ SIGN);
      break;
    case OP_VNMLA:
      u[d] = fpAdd(u[d] ^ SIGN, fpMul(u[regN(hw1, hw2)], u[regM(hw2)]) ^ SIGN);
      break;
    case OP_VNMLS:
      u[d] = fpAdd(u[d] ^ SIGN, fpMul(u[regN(hw1, hw2)], u[regM(hw2)]));
      break;
    case OP_VFMA:
      u[d] = fpMulAdd(u[d], u[regN(hw1, hw2)], u[regM(hw2)]);
      break;
    case OP_VFMS:
      u[d] = fpMulAdd(u[d], u[regN(hw1, hw2)] ^ SIGN, u[regM(hw2)]);
      break;
    case OP_VFNMA:
      u[d] = fpMulAdd(u[d] ^ SIGN, u[regN(hw1, hw2)] ^ SIGN, u[regM(hw2)]);
      break;
    case OP_VFNMS:
      u[d] = fpMulAdd(u[d] ^ SIGN, u[regN(hw1, hw2)], u[regM(hw2)]);
      break;
    case OP_VSQRT:
      u[d] = fpSqrt(u[regM(hw2)]);
      break;
    case OP_VABS:
      u[d] = u[regM(hw2)] & 0x7fffffff;
      break;
    case OP_VNEG:
      u[d] = u[regM(hw2)] ^ SIGN;
      break;
    case OP_VMOV_REG:
      u[d] = u[regM(hw2)];
      break;
    case OP_VMOV_IMM:
      u[d] = vfpExpandImm(((hw1 & 15) << 4) | (hw2 & 15));
      break;
    case OP_VCMP:
    case OP_VCMP_ZERO: {
      const b = op === OP_VCMP ? u[regM(hw2)] : 0;
      const nzcv = fpCompare(u[d], b, (hw2 & 0x80) !== 0);
      fp.fpscr = ((fp.fpscr & 0x0fffffff) | nzcv) >>> 0;
      break;
    }
    case OP_VCVT_FROMINT:
      u[d] = fpFromFixed(u[regM(hw2)], 0, (hw2 & 0x80) === 0, 32, false);
      break;
    case OP_VCVT_TOINT:
      u[d] = fpToFixed(u[regM(hw2)], 0, (hw1 & 1) === 0, 32, (hw2 & 0x80) !== 0);
      break;
    case OP_VCVT_FROMFIXED:
    case OP_VCVT_TOFIXED: {
      const size = (hw2 & 0x80) !== 0 ? 32 : 16;
      const frac = size - (((hw2 & 15) << 1) | ((hw2 >> 5) & 1));
      const unsigned = (hw1 & 1) !== 0;
      u[d] =
        op === OP_VCVT_TOFIXED ? fpToFixed(u[d], frac, unsigned, size, true) : fpFromFixed(u[d], frac, unsigned, size, true);
      break;
    }
    case OP_VCVT_F16: {
      const top = (hw2 & 0x80) !== 0;
      const m = regM(hw2);
      if ((hw1 & 1) !== 0) {
        const hb = fpSingleToHalf(u[m]);
        u[d] = top ? (u[d] & 0xffff) | (hb << 16) : (u[d] & 0xffff0000) | hb;
      } else {
        u[d] = fpHalfToSingle(top ? u[m] >>> 16 : u[m] & 0xffff);
      }
      break;
    }
    default:
      throw new Error(`execFp: bad op id ${op}`);
  }
  const flags = fpFlags();
  if (flags !== 0) fp.fpscr = (fp.fpscr | flags) >>> 0;
}

/** Moves, system register transfers, loads and stores: no arithmetic, no FPSCR flags. */
function execTransfer(op: number, hw1: number, hw2: number, pc: number, h: FpHost, fp: FpuState): void {
  const u = fp.u;
  const d = regD(hw1, hw2);
  switch (op) {
    case OP_VMOV_TOS:
      u[regN(hw1, hw2)] = h.r[(hw2 >> 12) & 15];
      break;
    case OP_VMOV_FROMS:
      h.r[(hw2 >> 12) & 15] = u[regN(hw1, hw2)];
      break;
    case OP_VMOV_TOSCALAR:
      u[((hw1 & 15) << 1) | ((hw1 >> 5) & 1)] = h.r[(hw2 >> 12) & 15];
      break;
    case OP_VMOV_FROMSCALAR:
      h.r[(hw2 >> 12) & 15] = u[((hw1 & 15) << 1) | ((hw1 >> 5) & 1)];
      break;
    case OP_VMSR:
      fp.fpscr = (h.r[(hw2 >> 12) & 15] & FPSCR_WRITABLE) >>> 0;
      return; // no flags to merge
    case OP_VMRS: {
      const t = (hw2 >> 12) & 15;
      if (t === 15) h.setNZCV(fp.fpscr & 0xf0000000);
      else h.r[t] = fp.fpscr;
      return;
    }
    case OP_VMOV_TO2S: {
      const m = regM(hw2);
      u[m] = h.r[(hw2 >> 12) & 15];
      u[m + 1] = h.r[hw1 & 15];
      break;
    }
    case OP_VMOV_FROM2S: {
      const m = regM(hw2);
      h.r[(hw2 >> 12) & 15] = u[m];
      h.r[hw1 & 15] = u[m + 1];
      break;
    }
    case OP_VMOV_TOD: {
      const m = dregM(hw2) << 1;
      u[m] = h.r[(hw2 >> 12) & 15];
      u[m + 1] = h.r[hw1 & 15];
      break;
    }
    case OP_VMOV_FROMD: {
      const m = dregM(hw2) << 1;
      h.r[(hw2 >> 12) & 15] = u[m];
      h.r[hw1 & 15] = u[m + 1];
      break;
    }
    case OP_VLDR:
    case OP_VSTR: {
      const rn = hw1 & 15;
      const base = rn === 15 ? (pc + 4) & ~3 : h.r[rn];
      const off = (hw2 & 0xff) << 2;
      const addr = ((hw1 & 0x80) !== 0 ? base + off : base - off) | 0;
      checkAligned(h, addr);
      const dbl = (hw2 & 0x100) !== 0;
      const s = dbl ? dregD(hw1, hw2) << 1 : d;
      if (op === OP_VLDR) {
        const lo = h.read32(addr);
        if (dbl) u[s + 1] = h.read32(addr + 4);
        u[s] = lo;
      } else {
        h.write32(addr, u[s] | 0);
        if (dbl) h.write32(addr + 4, u[s + 1] | 0);
      }
      return;
    }
    case OP_VLDMIA:
    case OP_VSTMIA:
    case OP_VLDMDB:
    case OP_VSTMDB: {
      const rn = hw1 & 15;
      const words = hw2 & 0xff;
      const db = op === OP_VLDMDB || op === OP_VSTMDB;
      const base = h.r[rn];
      const addr = db ? (base - (words << 2)) | 0 : base;
      checkAligned(h, addr);
      const s = (hw2 & 0x100) !== 0 ? dregD(hw1, hw2) << 1 : d;
      if (op === OP_VLDMIA || op === OP_VLDMDB) {
        // A fault part-way leaves the registers loaded so far changed (ARMv7-M allows it) and Rn not written back.
        for (let i = 0; i < words; i++) u[s + i] = h.read32(addr + 4 * i);
      } else {
        for (let i = 0; i < words; i++) h.write32(addr + 4 * i, u[s + i] | 0);
      }
      if ((hw1 & 0x20) !== 0) h.r[rn] = db ? addr : (base + (words << 2)) | 0;
      return;
    }
    default:
      throw new Error(`execFp: bad op id ${op}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Timing: Cortex-M4 TRM (ARM DDI 0439B) section 7.2, table "FPU instruction set" (cycles to issue,
// zero wait states; read in the CC13x2/CC26x2 TRM SWCU192 table 3-27, which reproduces it).
// Rows read: VABS 1, VADD 1, VCMP/VCMPE 1, VCVT (all forms) 1, VDIV 14, VLDM 1+N singles / 1+2N
// doubles, VLDR 2 single / 3 double, VMOV imm/reg 1, VMOV core<->single and two cores 2, VMOV
// half of a double (scalar) 1, VMRS/VMSR 1, VMUL 1, VMLA/VMLS/VNMLA/VNMLS 3, VFMA/VFMS/VFNMA/VFNMS 3,
// VNEG 1, VNMUL 1, VPOP 1+N / 1+2N. VPUSH/VSTM, VSTR, VSQRT (14) and VSUB (1) mirror their
// counterparts in the same table [check the exact cells of those rows in DDI 0439B].

/** Issue cycles of a decoded FP instruction (without bus wait states). */
export function fpCycles(op: number, _hw1: number, hw2: number): number {
  switch (op) {
    case OP_VDIV:
    case OP_VSQRT:
      return 14;
    case OP_VMLA:
    case OP_VMLS:
    case OP_VNMLA:
    case OP_VNMLS:
    case OP_VFMA:
    case OP_VFMS:
    case OP_VFNMA:
    case OP_VFNMS:
      return 3;
    case OP_VLDR:
    case OP_VSTR:
      return (hw2 & 0x100) !== 0 ? 3 : 2;
    case OP_VLDMIA:
    case OP_VSTMIA:
    case OP_VLDMDB:
    case OP_VSTMDB:
      return 1 + (hw2 & 0xff); // imm8 counts words: N singles, or 2N for N doubles
    case OP_VMOV_TOS:
    case OP_VMOV_FROMS:
    case OP_VMOV_TO2S:
    case OP_VMOV_FROM2S:
    case OP_VMOV_TOD:
    case OP_VMOV_FROMD:
      return 2;
    default:
      return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Disassembly (GNU objdump syntax)

const CORE_REG_NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'sl', 'fp', 'ip', 'sp', 'lr', 'pc'];

function regList(prefix: string, first: number, count: number): string {
  return count === 1 ? `{${prefix}${first}}` : `{${prefix}${first}-${prefix}${first + count - 1}}`;
}

function immValue(bits: number): string {
  const v = Math.abs(valOf(bits));
  const txt = Number.isInteger(v) ? v.toFixed(1) : String(v);
  return (bits & SIGN ? '-' : ' ') + txt;
}

/**
 * objdump-style text ("mnemonic\toperands") of a decoded FP instruction at pc; cond is the IT
 * condition suffix ("eq", ...) to insert, or ''.
 */
export function disasmFp(op: number, hw1: number, hw2: number, pc: number, cond = ''): string {
  if (op < 0) return 'undefined';
  const name = FP_ENCODINGS[op].name;
  const sd = `s${regD(hw1, hw2)}`;
  const sn = `s${regN(hw1, hw2)}`;
  const sm = `s${regM(hw2)}`;
  const rt = CORE_REG_NAMES[(hw2 >> 12) & 15];
  const rt2 = CORE_REG_NAMES[hw1 & 15];
  const c = cond;
  switch (op) {
    case OP_VMLA:
    case OP_VMLS:
    case OP_VNMLS:
    case OP_VNMLA:
    case OP_VMUL:
    case OP_VNMUL:
    case OP_VADD:
    case OP_VSUB:
    case OP_VDIV:
    case OP_VFNMS:
    case OP_VFNMA:
    case OP_VFMA:
    case OP_VFMS:
      return `${name}${c}.f32\t${sd}, ${sn}, ${sm}`;
    case OP_VMOV_IMM: {
      const imm8 = ((hw1 & 15) << 4) | (hw2 & 15);
      const bits = vfpExpandImm(imm8);
      return `vmov${c}.f32\t${sd}, #${imm8}\t@ 0x${bits.toString(16).padStart(8, '0')} ${immValue(bits)}`;
    }
    case OP_VMOV_REG:
      return `vmov${c}.f32\t${sd}, ${sm}`;
    case OP_VABS:
    case OP_VNEG:
    case OP_VSQRT:
      return `${name}${c}.f32\t${sd}, ${sm}`;
    case OP_VCVT_F16:
      return `vcvt${hw2 & 0x80 ? 't' : 'b'}${c}.${hw1 & 1 ? 'f16.f32' : 'f32.f16'}\t${sd}, ${sm}`;
    case OP_VCMP:
      return `vcmp${hw2 & 0x80 ? 'e' : ''}${c}.f32\t${sd}, ${sm}`;
    case OP_VCMP_ZERO:
      return `vcmp${hw2 & 0x80 ? 'e' : ''}${c}.f32\t${sd}, #0.0`;
    case OP_VCVT_FROMINT:
      return `vcvt${c}.f32.${hw2 & 0x80 ? 's32' : 'u32'}\t${sd}, ${sm}`;
    case OP_VCVT_TOINT:
      return `vcvt${hw2 & 0x80 ? '' : 'r'}${c}.${hw1 & 1 ? 's32' : 'u32'}.f32\t${sd}, ${sm}`;
    case OP_VCVT_FROMFIXED:
    case OP_VCVT_TOFIXED: {
      const size = hw2 & 0x80 ? 32 : 16;
      const frac = size - (((hw2 & 15) << 1) | ((hw2 >> 5) & 1));
      const fx = `${hw1 & 1 ? 'u' : 's'}${size}`;
      const types = op === OP_VCVT_TOFIXED ? `${fx}.f32` : `f32.${fx}`;
      return `vcvt${c}.${types}\t${sd}, ${sd}, #${frac}`;
    }
    case OP_VMOV_TOS:
      return `vmov${c}\t${sn}, ${rt}`;
    case OP_VMOV_FROMS:
      return `vmov${c}\t${rt}, ${sn}`;
    case OP_VMOV_TOSCALAR:
      return `vmov${c}.32\td${hw1 & 15}[${(hw1 >> 5) & 1}], ${rt}`;
    case OP_VMOV_FROMSCALAR:
      return `vmov${c}.32\t${rt}, d${hw1 & 15}[${(hw1 >> 5) & 1}]`;
    case OP_VMSR:
      return `vmsr${c}\tfpscr, ${rt}`;
    case OP_VMRS:
      return `vmrs${c}\t${((hw2 >> 12) & 15) === 15 ? 'APSR_nzcv' : rt}, fpscr`;
    case OP_VMOV_TO2S: {
      const m = regM(hw2);
      return `vmov${c}\ts${m}, s${m + 1}, ${rt}, ${rt2}`;
    }
    case OP_VMOV_FROM2S: {
      const m = regM(hw2);
      return `vmov${c}\t${rt}, ${rt2}, s${m}, s${m + 1}`;
    }
    case OP_VMOV_TOD:
      return `vmov${c}\td${dregM(hw2)}, ${rt}, ${rt2}`;
    case OP_VMOV_FROMD:
      return `vmov${c}\t${rt}, ${rt2}, d${dregM(hw2)}`;
    case OP_VLDR:
    case OP_VSTR: {
      const reg = hw2 & 0x100 ? `d${dregD(hw1, hw2)}` : sd;
      const rn = hw1 & 15;
      const off = (hw2 & 0xff) << 2;
      const up = (hw1 & 0x80) !== 0;
      const offTxt = off === 0 && up ? '' : `, #${up ? '' : '-'}${off}`;
      let txt = `${name}${c}\t${reg}, [${CORE_REG_NAMES[rn]}${offTxt}]`;
      if (rn === 15) txt += `\t@ 0x${((((pc + 4) & ~3) + (up ? off : -off)) >>> 0).toString(16)}`;
      return txt;
    }
    default: {
      // VLDM/VSTM/VPUSH/VPOP
      const rn = hw1 & 15;
      const wb = (hw1 & 0x20) !== 0;
      const dbl = (hw2 & 0x100) !== 0;
      const words = hw2 & 0xff;
      const list = dbl ? regList('d', dregD(hw1, hw2), words >> 1) : regList('s', regD(hw1, hw2), words);
      if (rn === 13 && wb && op === OP_VSTMDB) return `vpush${c}\t${list}`;
      if (rn === 13 && wb && op === OP_VLDMIA) return `vpop${c}\t${list}`;
      return `${name}${c}\t${CORE_REG_NAMES[rn]}${wb ? '!' : ''}, ${list}`;
    }
  }
}

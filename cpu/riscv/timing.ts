/**
 * SiFive E31 cycle model as data, kept apart from the instruction semantics.
 *
 * Source: SiFive E31 Core Complex Manual, §3 "E31 RISC-V Core" (the same text appears in the
 * FE310-G000/G002 manuals, chapter 3):
 *  - §"Execution Pipeline": single-issue, in-order, 5 stages, fully bypassed; "most instructions
 *    have a one-cycle result latency", except LW 2 cycles, LH/LHU/LB/LBU 3 cycles, CSR reads 3,
 *    MUL/MULH/MULHU/MULHSU 5, DIV/DIVU/REM/REMU 2..33 depending on the operand values. "The pipeline
 *    only interlocks on read-after-write and write-after-write hazards."
 *  - "8-bit per cycle hardware multiply and a 1-bit per cycle hardware divide. The multiplier can
 *    only execute one operation at a time and will block until the previous operation completes."
 *  - §"Instruction Fetch Unit": 40-entry branch target buffer (BTB), 128-entry branch history table
 *    (BHT), 2-entry return-address stack (RAS); "correctly predicted control-flow instructions
 *    result in no penalty. Mispredicted control-flow instructions incur a three-cycle penalty."
 *
 * How the core uses it: an instruction issues at the earliest cycle at which its source registers
 * are ready (`ready[r]` = issue cycle of the producer + its result latency) and takes one cycle;
 * multiply/divide also wait for the previous multiply/divide to finish (structural hazard).
 * Write-after-write: only long-latency results are tracked, so a later reader of the register
 * waits for the long-latency producer even if a 1-cycle instruction overwrote it in between; the
 * hardware would have stalled that overwriting instruction instead (the total is the same when
 * the register is read afterwards, which compiled code does).
 */
import { Op } from './encodings.js';

export interface E31Timing {
  /** Result latency per operation (cycles from issue until a dependent instruction can issue). */
  resultLatency: Uint8Array;
  /** Cycles lost on a mispredicted control-flow instruction. */
  mispredictPenalty: number;
  btbEntries: number;
  bhtEntries: number;
  rasEntries: number;
  /**
   * Cycles from a trap (exception or interrupt) or MRET to the first instruction of the target.
   * Not given by the manual: modelled as a pipeline flush equal to the mispredict penalty.
   */
  trapRedirect: number;
}

function latencies(): Uint8Array {
  const t = new Uint8Array(Op.COUNT).fill(1);
  t[Op.LW] = 2; // E31 manual §3.3: "LW has a two-cycle result latency"
  t[Op.LR_W] = 2; // LR.W is a word load
  t[Op.LB] = t[Op.LBU] = t[Op.LH] = t[Op.LHU] = 3; // "LH, LHU, LB, and LBU have a three-cycle result latency"
  for (const op of [Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI]) t[op] = 3; // "CSR reads have a three-cycle result latency"
  t[Op.MUL] = t[Op.MULH] = t[Op.MULHSU] = t[Op.MULHU] = 5; // "MUL, MULH, MULHU, and MULHSU have a 5-cycle result latency"
  // AMOs return the old memory word: a word load (2); SC.W returns its status like a load.
  for (const op of [Op.SC_W, Op.AMOSWAP_W, Op.AMOADD_W, Op.AMOXOR_W, Op.AMOAND_W, Op.AMOOR_W, Op.AMOMIN_W, Op.AMOMAX_W, Op.AMOMINU_W, Op.AMOMAXU_W]) t[op] = 2;
  // DIV/DIVU/REM/REMU: operand dependent, see divLatency().
  return t;
}

export const E31: E31Timing = {
  resultLatency: latencies(),
  mispredictPenalty: 3,
  btbEntries: 40,
  bhtEntries: 128,
  rasEntries: 2,
  trapRedirect: 3,
};

function bitLength(v: number): number {
  return 32 - Math.clz32(v);
}

/**
 * Result latency of DIV/DIVU/REM/REMU. The manual gives only the range 2..33 for a 1-bit per cycle
 * divider. Model (documented simplification): one cycle per quotient bit that can be non-zero,
 * i.e. bitLength(|dividend|) - bitLength(|divisor|) + 1 iterations, plus one cycle, clamped to
 * [2, 33]; division by zero and |dividend| < |divisor| finish in 2.
 */
export function divLatency(a: number, b: number, signed: boolean): number {
  let ua = a >>> 0;
  let ub = b >>> 0;
  if (signed) {
    ua = a < 0 ? -a >>> 0 : ua;
    ub = b < 0 ? -b >>> 0 : ub;
  }
  if (ub === 0) return 2;
  const bits = bitLength(ua) - bitLength(ub) + 1;
  if (bits <= 0) return 2;
  const l = bits + 1;
  return l < 2 ? 2 : l > 33 ? 33 : l;
}

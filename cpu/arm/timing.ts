/**
 * Cortex-M4 cycle model, kept apart from the semantics. Every figure names its source.
 *
 * Sources:
 *  [TRM]  ARM DDI 0439B, Cortex-M4 Technical Reference Manual, table 3-1 "Cortex-M4 instruction set
 *         summary" (zero wait states), as reproduced in TI SWCU192 table 3-25 "Cortex-M4F instruction
 *         set summary"; P = pipeline refill of 1 to 3 cycles "depending on the alignment and width
 *         of the target instruction, and whether the processor manages to speculate the address early";
 *         N = registers transferred.
 *  [LS]   same TRM, section 3.3.2 "Load/store timings" (TI SWCU192 "instruction pairing"): neighbouring
 *         LDR/STR pipeline (the second costs one cycle less when it does not use the first one's loaded
 *         register for its address; nothing pipelines after a store); LDR PC "at least 2 for the load
 *         and 3 for the pipeline reload"; TBB/TBH "2 for the load, 1 for the add, 3 for the reload"; a
 *         load/store whose address depends on the preceding data-processing result stalls one cycle.
 *  [EXC]  TRM section 3.3 / ARM DDI 0439B "Exception model": entry 12 cycles, return 12, tail-chain 6
 *         (zero wait states); FP context adds the extra words.
 *  [MODEL] femtosim's own deterministic choice where the document gives a range; explained inline.
 */
import { Op } from './ops.js';

/** Base cycles of an executed instruction (condition passed), before P, N, stalls and wait states. */
export const BASE = new Uint8Array(Op.COUNT).fill(1); // [TRM] data processing, moves, shifts, extends, bitfield, saturate, DSP, IT, hints: 1

/** Single loads and stores: 2 [TRM]; pipelined after a load: see LS_PIPELINED. */
export const LS_SINGLE = 2;
/** A single LDR/STR following a single load (LDR*, LDREX, STREX) that it does not depend on [LS]. */
export const LS_PIPELINED = 1;
/** Address depends on the preceding data-processing instruction's result [LS]. */
export const ADDR_DEP_STALL = 1;
/** LDRD/STRD: 1 + 2 [TRM] ("cannot be pipelined with preceding or following instructions" [LS]). */
export const LS_DUAL = 3;
/** LDM/STM/PUSH/POP: 1 + N [TRM]. */
export const LSM_BASE = 1;
/** MUL, MLA, MLS, long multiplies and DSP MACs: 1 [TRM: "single-cycle MAC"; TI SWCU192 table 3-25]. */
export const MUL = 1;
/**
 * SDIV/UDIV: 2 to 12 cycles, "division operations terminate early depending on the size of the
 * operands" [TRM note]. [MODEL]: 2 cycles when the quotient is 0 or the divisor is 0, otherwise
 * 2 + ceil(q / 3) capped at 12, where q is the number of significant bits of |quotient|
 * (3 quotient bits per cycle reaches the documented maximum of 12 for a 32-bit quotient... 2+11=13,
 * hence the cap).
 */
export function divCycles(absN: number, absD: number): number {
  if (absD === 0) return 2;
  const q = Math.floor(absN / absD);
  if (q === 0) return 2;
  const bits = 32 - Math.clz32(q);
  const c = 2 + Math.ceil(bits / 3);
  return c > 12 ? 12 : c;
}

/**
 * Pipeline refill P after a taken branch [TRM: 1..3]. [MODEL]:
 *  - targets known at decode (B, B<c>, BL, CBZ/CBNZ): P = 1 ("speculated early");
 *  - register targets (BX, BLX, MOV/ADD PC): P = 2;
 *  - targets loaded from memory (LDR PC, POP/LDM PC, TBB/TBH): P = 3 [LS: "three cycles for the
 *    pipeline reload"];
 *  each +1 when the target is a 32-bit instruction that is not word aligned (its second halfword
 *  is in the next fetch word: "depending on the alignment and width of the target instruction").
 */
export const P_IMM = 1;
export const P_REG = 2;
export const P_LOAD = 3;
export const P_UNALIGNED_WIDE = 1;

/** B<c>, CBZ/CBNZ not taken: 1 [TRM]. Instructions skipped by a failed IT condition: 1 [MODEL]. */
export const NOT_TAKEN = 1;

/** Exception entry / return / tail-chain [EXC]. */
export const EXC_ENTRY = 12;
export const EXC_RETURN = 12;
export const EXC_TAILCHAIN = 6;
/** Extra cycles per additional FP word stacked / unstacked (S0-S15, FPSCR, reserved: 18) [MODEL: 1 per word as the integer frame]. */
export const FP_STACK_WORD = 1;

/** ISB: 1 + B with B = a pipeline refill [TRM]; [MODEL] B = P_REG. DSB/DMB: 1 + B, B = 0 minimum. */
export const ISB_EXTRA = P_REG;

// Per-op base cycles [TRM] (those not 1).
for (const op of [
  Op.LDR_IMM, Op.LDRB_IMM, Op.LDRH_IMM, Op.LDRSB_IMM, Op.LDRSH_IMM, Op.STR_IMM, Op.STRB_IMM, Op.STRH_IMM,
  Op.LDR_REG, Op.LDRB_REG, Op.LDRH_REG, Op.LDRSB_REG, Op.LDRSH_REG, Op.STR_REG, Op.STRB_REG, Op.STRH_REG,
  Op.LDR_LIT, Op.LDRB_LIT, Op.LDRH_LIT, Op.LDRSB_LIT, Op.LDRSH_LIT,
  Op.LDREX, Op.LDREXB, Op.LDREXH, Op.STREX, Op.STREXB, Op.STREXH,
  Op.LDRT, Op.LDRBT, Op.LDRHT, Op.LDRSBT, Op.LDRSHT, Op.STRT, Op.STRBT, Op.STRHT, // [TRM]: as LDR/STR
]) BASE[op] = LS_SINGLE;
for (const op of [Op.LDRD, Op.STRD, Op.LDRD_LIT]) BASE[op] = LS_DUAL;
for (const op of [Op.LDM, Op.LDMDB, Op.STM, Op.STMDB]) BASE[op] = LSM_BASE; // + N added by the core
BASE[Op.TBB] = 3; // [LS] 2 (load) + 1 (add), + P_LOAD when taken (always)
BASE[Op.TBH] = 3;
BASE[Op.PLD] = 1; // [TRM] PLD: 1
BASE[Op.ISB] = 1 + ISB_EXTRA;
BASE[Op.SVC] = 1; // then exception entry
BASE[Op.BKPT] = 1;

/** Ops that are single loads/stores (pipelining rule [LS]); 2 = a load (others may pipeline after it). */
export const LS_KIND = new Uint8Array(Op.COUNT);
for (const op of [
  Op.LDR_IMM, Op.LDRB_IMM, Op.LDRH_IMM, Op.LDRSB_IMM, Op.LDRSH_IMM,
  Op.LDR_REG, Op.LDRB_REG, Op.LDRH_REG, Op.LDRSB_REG, Op.LDRSH_REG,
  Op.LDR_LIT, Op.LDRB_LIT, Op.LDRH_LIT, Op.LDRSB_LIT, Op.LDRSH_LIT,
  Op.LDREX, Op.LDREXB, Op.LDREXH, Op.STREX, Op.STREXB, Op.STREXH, // [LS] "STREX is treated more like an LDR"
  Op.LDRT, Op.LDRBT, Op.LDRHT, Op.LDRSBT, Op.LDRSHT,
]) LS_KIND[op] = 2;
for (const op of [Op.STR_IMM, Op.STRB_IMM, Op.STRH_IMM, Op.STR_REG, Op.STRB_REG, Op.STRH_REG, Op.STRT, Op.STRBT, Op.STRHT]) LS_KIND[op] = 1;

/** Data-processing ops whose result register (d) feeds the address-dependency stall [LS]. */
export const DP_WRITES_D = new Uint8Array(Op.COUNT);
for (let op = Op.MOV_REG; op <= Op.PKHTB; op++) DP_WRITES_D[op] = 1;
for (const op of [Op.TST_REG, Op.TST_IMM, Op.TEQ_REG, Op.TEQ_IMM, Op.CMP_REG, Op.CMP_IMM, Op.CMN_REG, Op.CMN_IMM]) DP_WRITES_D[op] = 0;

/**
 * LX106 cycle model as data, apart from the semantics.
 *
 * The Xtensa LX pipeline is 5 stages (I, R, E, M, W) with single issue; results of ALU operations
 * are bypassed to the next instruction. Figures below that could not be read from a document are
 * marked [check]: they follow the usual 5-stage Xtensa LX behaviour as described in the Xtensa LX
 * Microprocessor Data Book ("Pipeline" chapter), which was not available to read here.
 */
export interface Lx106Timing {
  /** Cycles a taken branch, jump, call or return adds (pipeline refill). [check] data book: branch resolved in E, 2 bubbles for a 5-stage pipeline. */
  takenBranch: number;
  /** A load's result reaches an instruction issued `loadLatency` cycles later (load-use interlock of loadLatency - 1). [check] data book: loads complete in M, one bubble for an immediate use. */
  loadLatency: number;
  /** MUL16U/MUL16S/MULL result latency. [check] lx106 config: MUL32 implemented as a multi-cycle iterative unit is not documented here; 2 cycles assumed. */
  mulLatency: number;
  /** Cycles from an exception or interrupt to the first vector instruction (pipeline flush). [check] */
  exceptionEntry: number;
  /** RFE/RFI/RFDE: like a taken jump. [check] */
  exceptionReturn: number;
  /** WAITI: cycles before sleeping (then the core waits for the interrupt). [check] */
  waiti: number;
  /** ISYNC / RSYNC / ESYNC / DSYNC: pipeline drain. [check] ISYNC refetches (like a taken branch); the others 1 cycle. */
  isync: number;
}

export const LX106: Lx106Timing = {
  takenBranch: 2,
  loadLatency: 2,
  mulLatency: 2,
  exceptionEntry: 3,
  exceptionReturn: 2,
  waiti: 1,
  isync: 2,
};

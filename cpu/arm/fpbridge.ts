/**
 * The integer core's side of the FPv4-SP contract (fpu.ts header): CPACR access check, lazy FP state
 * preservation (B1.5.7), CONTROL.FPCA, and the calls into fpu.ts. fpu.ts is written alongside this
 * core; the functions it has not exported yet leave cp10/cp11 UNDEFINED (NOCP when disabled).
 */
import * as fpu from './fpu.js';
import type { FpHost } from './fpu.js';

interface FpModule {
  decodeFp?: (hw1: number, hw2: number) => number;
  execFp?: (op: number, hw1: number, hw2: number, pc: number, host: FpHost, state?: unknown) => void;
  fpCycles?: (op: number, hw1: number, hw2: number) => number;
  FpuState?: new () => FpStateLike;
}
interface FpStateLike {
  fpscr: number;
  fpdscr: number;
  reset(): void;
  applyDefaults(): void;
  stackContext(h: FpHost, addr: number): void;
  unstackContext(h: FpHost, addr: number): void;
  registers(out: Record<string, number>): void;
}

/** What the bridge needs from the core. */
export interface FpCore extends FpHost {
  cpacr: number;
  fpccr: number;
  fpcar: number;
  fpca: number;
  readonly privileged: boolean;
  raiseUsage(bits: number): never;
}

const M = fpu as unknown as FpModule;
const UFSR_NOCP = 1 << 19;
const FPCCR_LSPACT = 1;
const FPCCR_ASPEN = 1 << 31;

export class FpBridge {
  readonly state: FpStateLike | null;
  /** Decoder handed to decode.ts (null: no FPU or not available yet). */
  readonly decoder: ((hw1: number, hw2: number) => number) | null;
  private readonly exec_: FpModule['execFp'] | null;
  private readonly cycles: FpModule['fpCycles'] | null;

  constructor(
    private readonly core: FpCore,
    readonly present: boolean,
  ) {
    const ok = present && typeof M.decodeFp === 'function' && typeof M.execFp === 'function' && typeof M.FpuState === 'function';
    this.state = ok ? new M.FpuState!() : null;
    this.decoder = ok ? M.decodeFp! : null;
    this.exec_ = ok ? M.execFp! : null;
    this.cycles = ok && typeof M.fpCycles === 'function' ? M.fpCycles : null;
  }

  reset(): void {
    this.state?.reset();
  }

  /** Executes FP op id `op` (encoding hw = hw1:hw2); returns its cycles. */
  exec(op: number, hw: number, pc: number, _it: number): number {
    const c = this.core;
    const access = (c.cpacr >>> 20) & 0xf;
    // CP10 and CP11 must both grant access: 0b01 privileged only, 0b11 full (B3.2.20)
    const cp10 = access & 3;
    if (cp10 === 0 || cp10 === 2 || (cp10 === 1 && !c.privileged) || this.state === null) c.raiseUsage(UFSR_NOCP);
    const st = this.state!;
    if (c.fpccr & FPCCR_LSPACT) {
      // lazy state preservation: store S0-S15 and FPSCR to the reserved frame space
      st.stackContext(c, c.fpcar);
      c.fpccr &= ~FPCCR_LSPACT;
    }
    if (c.fpca === 0 && c.fpccr & FPCCR_ASPEN) {
      c.fpca = 1;
      st.applyDefaults();
    }
    const hw1 = hw >>> 16;
    const hw2 = hw & 0xffff;
    this.exec_!(op, hw1, hw2, pc, c, st);
    return this.cycles ? this.cycles(op, hw1, hw2) : 1;
  }

  stack(addr: number): void {
    this.state?.stackContext(this.core, addr);
  }

  unstack(addr: number): void {
    this.state?.unstackContext(this.core, addr);
  }

  registers(out: Record<string, number>): void {
    this.state?.registers(out);
  }
}

/**
 * Interrupt wiring between the E31 core and the FE310 interrupt controllers.
 *
 * The machine gives every peripheral one interrupt sink: the core (`ctx.irq`). Lines are numbered:
 *  - 1..1023: PLIC sources (the board's `irq` numbers are FE310 PLIC source ids). The core does not
 *    interpret them: it forwards them to the external interrupt controller that registered itself
 *    (the PLIC calls `attachExternalController(this)` when it is built).
 *  - LOCAL_IRQ_BASE + n: core-local interrupt n of mip (3 MSIP, 7 MTIP, 11 MEIP). The CLINT drives
 *    MSIP/MTIP and the PLIC drives MEIP through these, so no peripheral touches core state.
 * The CLINT also offers the core its mtime, for the `time` CSR (`attachTimeSource`).
 */
import type { IrqSink } from '../../peripherals/peripheral.js';

export const LOCAL_IRQ_BASE = 0x10000;
export const IRQ_MSIP = 3;
export const IRQ_MTIP = 7;
export const IRQ_MEIP = 11;

export interface RiscvInterruptHost extends IrqSink {
  /** The PLIC registers itself as the receiver of lines below LOCAL_IRQ_BASE. */
  attachExternalController(c: IrqSink): void;
  /** The CLINT provides mtime (64-bit, as a number) for the time/timeh CSRs. */
  attachTimeSource(f: () => number): void;
}

export function asRiscvHost(sink: IrqSink, who: string): RiscvInterruptHost {
  const h = sink as Partial<RiscvInterruptHost>;
  if (typeof h.attachExternalController !== 'function' || typeof h.attachTimeSource !== 'function') {
    throw new Error(`${who}: this peripheral needs a RISC-V core as its interrupt sink`);
  }
  return sink as RiscvInterruptHost;
}

/**
 * FE310-G002 CLINT (core-local interruptor), base 0x02000000.
 * Source: FE310-G002 Manual v1p1, chapter 9 "Core-Local Interruptor (CLINT)": msip at 0x0000,
 * mtimecmp at 0x4000 (64-bit), mtime at 0xBFF8 (64-bit), counting the low-frequency clock lfclk
 * (32.768 kHz on the HiFive1 Rev B). MTIP = mtime >= mtimecmp; MSIP = msip bit 0.
 *
 * mtime is computed from the core cycle count when read (no per-tick events); one scheduler event
 * is armed at the cycle where mtime reaches mtimecmp. A core clock change re-bases the counter.
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';
import { asRiscvHost, IRQ_MSIP, IRQ_MTIP, LOCAL_IRQ_BASE } from '../../cpu/riscv/irq.js';

export const CLINT_MSIP = 0x0000;
export const CLINT_MTIMECMP_LO = 0x4000;
export const CLINT_MTIMECMP_HI = 0x4004;
export const CLINT_MTIME_LO = 0xbff8;
export const CLINT_MTIME_HI = 0xbffc;

const TWO32 = 4294967296;

export class Clint extends Peripheral {
  readonly lfclkHz: number;
  private msip = 0;
  /** mtimecmp as two exact 32-bit halves (a 64-bit value does not fit a double). */
  private cmpLo = 0xffffffff;
  private cmpHi = 0xffffffff;
  /** mtime = ticks0 + ticksBetween(cycle0, now). */
  private cycle0 = 0;
  private ticks0 = 0;
  private readonly ev: SchedEvent;
  private mtip = false;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.lfclkHz = (desc.config?.lfclkHz as number | undefined) ?? 32768;
    this.ev = ctx.sched.event(`${desc.name}.mtimecmp`, () => this.update());
    ctx.clock.onChange(() => {
      // Keep mtime continuous across a frequency change.
      this.ticks0 = this.mtime;
      this.cycle0 = ctx.sched.now;
      this.update();
    });
    asRiscvHost(ctx.irq, desc.name).attachTimeSource(() => this.mtime);
  }

  /** Reset: msip 0, mtime 0 and counting from now, mtimecmp all ones (its value is undefined after reset). */
  override reset(): void {
    this.msip = 0;
    this.ctx.irq.setIrq(LOCAL_IRQ_BASE + IRQ_MSIP, false);
    this.cmpLo = this.cmpHi = 0xffffffff;
    this.setMtime(0);
  }

  /** mtimecmp as a number; Infinity when beyond 2^53 (never reached by a counter on lfclk). */
  get mtimecmp(): number {
    return this.cmpHi >= 0x200000 ? Infinity : this.cmpHi * TWO32 + this.cmpLo;
  }

  get mtime(): number {
    return this.ticks0 + this.ctx.clock.ticksBetween(this.cycle0, this.ctx.sched.now, this.lfclkHz);
  }

  private setMtime(v: number): void {
    this.ticks0 = v;
    this.cycle0 = this.ctx.sched.now;
    this.update();
  }

  private update(): void {
    const now = this.mtime;
    const pending = now >= this.mtimecmp;
    if (pending !== this.mtip) {
      this.mtip = pending;
      this.ctx.irq.setIrq(LOCAL_IRQ_BASE + IRQ_MTIP, pending);
    }
    if (!pending && this.mtimecmp !== Infinity) {
      this.ctx.sched.at(this.ev, this.ctx.clock.tickToCycle(this.cycle0, this.ticks0, this.mtimecmp, this.lfclkHz));
    } else this.ctx.sched.cancel(this.ev);
  }

  readReg(offset: number): number {
    switch (offset) {
      case CLINT_MSIP:
        return this.msip;
      case CLINT_MTIMECMP_LO:
        return this.cmpLo;
      case CLINT_MTIMECMP_HI:
        return this.cmpHi;
      case CLINT_MTIME_LO:
        return this.mtime % TWO32;
      case CLINT_MTIME_HI:
        return Math.floor(this.mtime / TWO32);
    }
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    switch (offset) {
      case CLINT_MSIP:
        this.msip = value & 1;
        this.ctx.irq.setIrq(LOCAL_IRQ_BASE + IRQ_MSIP, this.msip === 1);
        return;
      case CLINT_MTIMECMP_LO:
        this.cmpLo = value >>> 0;
        this.update();
        return;
      case CLINT_MTIMECMP_HI:
        this.cmpHi = value >>> 0;
        this.update();
        return;
      case CLINT_MTIME_LO:
        this.setMtime(Math.floor(this.mtime / TWO32) * TWO32 + (value >>> 0));
        return;
      case CLINT_MTIME_HI:
        this.setMtime((value >>> 0) * TWO32 + (this.mtime % TWO32));
        return;
    }
    this.unimplemented(offset, true);
  }
}

/**
 * ESP8266EX hardware timers at 0x60000600 (Espressif ESP8266 SDK `eagle_soc.h`, "timer" registers):
 *   FRC1 (interrupt 9, ETS_FRC_TIMER1_INUM): LOAD 0x00, COUNT 0x04 (read-only), CTRL 0x08, INT 0x0C
 *     (write bit 0 to clear). 23-bit down counter [check width: SDK masks loads with 0x7FFFFF].
 *     CTRL: bit 0 interrupt type (0 edge, 1 level), bits 3:2 prescaler (0: /1, 1: /16, 2: /256),
 *     bit 6 auto-reload, bit 7 enable, bit 8 interrupt status (read-only).
 *     Writing LOAD also loads COUNT. On reaching 0 the timer raises its interrupt and, with
 *     auto-reload, continues from LOAD; without, it wraps to 0x7FFFFF and keeps counting [check].
 *     The edge interrupt reaches the CPU only while DPORT EDGE_INT_ENABLE bit 1 is set; it is
 *     signalled as a one-cycle pulse on line 9 (the core latches edge-triggered lines until
 *     INTCLEAR). Level type holds the line while the INT status is set.
 *   FRC2: LOAD 0x20, COUNT 0x24 (32-bit up counter), CTRL 0x28, INT 0x2C, ALARM 0x30. Its alarm
 *     sets the INT status; the CPU interrupt it is wired to is not established [check], so it has no
 *     line here (firmware polling the count or the status works).
 * The counters tick at APB 80 MHz / prescaler whatever the CPU clock; counts are computed when read.
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';
import { APB_HZ } from './uart.js';
import { EDGE_INT_FRC1, type Esp8266Dport, findDport } from './dport.js';

export const FRC1_LOAD = 0x00;
export const FRC1_COUNT = 0x04;
export const FRC1_CTRL = 0x08;
export const FRC1_INT = 0x0c;
export const FRC2_LOAD = 0x20;
export const FRC2_COUNT = 0x24;
export const FRC2_CTRL = 0x28;
export const FRC2_INT = 0x2c;
export const FRC2_ALARM = 0x30;

export const CTRL_LEVEL_INT = 1 << 0;
export const CTRL_AUTOLOAD = 1 << 6;
export const CTRL_ENABLE = 1 << 7;
export const CTRL_INT_STATUS = 1 << 8;
const PRESCALE = [1, 16, 256, 256];
const FRC1_MASK = 0x7fffff;

/** One counter's time base: ticks at `cycle0` were `ticks0` (monotonic count of ticks). */
class TimeBase {
  cycle0 = 0;
  ticks0 = 0;
  hz = 0;
}

export class Esp8266Timer extends Peripheral {
  private f1Load = 0;
  private f1Ctrl = 0;
  private f1Int = false;
  /** FRC1 count at the time base origin. */
  private f1Count0 = 0;
  private readonly f1Base = new TimeBase();
  private readonly f1Ev: SchedEvent;
  private f2Load = 0;
  private f2Ctrl = 0;
  private f2Alarm = 0;
  private f2Int = false;
  private f2Count0 = 0;
  private readonly f2Base = new TimeBase();
  private readonly f2Ev: SchedEvent;
  private readonly dport: Esp8266Dport;
  private coreHz: number;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.dport = findDport(ctx, (desc.config?.dportBase as number | undefined) ?? 0x3ff0_0000);
    this.f1Ev = ctx.sched.event(`${desc.name}.frc1`, () => this.f1Fire());
    this.f2Ev = ctx.sched.event(`${desc.name}.frc2`, () => this.f2Fire());
    this.coreHz = ctx.clock.hz;
    // The counters run on the APB: re-base them when the core clock changes (DPORT 160 MHz switch).
    ctx.clock.onChange(() => this.onClock());
  }

  override reset(): void {
    this.f1Load = this.f1Ctrl = this.f2Load = this.f2Ctrl = this.f2Alarm = 0;
    this.f1Int = this.f2Int = false;
    this.f1Count0 = this.f2Count0 = 0;
    this.ctx.sched.cancel(this.f1Ev);
    this.ctx.sched.cancel(this.f2Ev);
    this.coreHz = this.ctx.clock.hz;
    this.rebase(this.f1Base, 0);
    this.rebase(this.f2Base, 0);
    this.setIrq(false);
  }

  private tickHz(ctrl: number): number {
    return APB_HZ / PRESCALE[(ctrl >>> 2) & 3];
  }

  /** Ticks elapsed since the time base origin (0 while the counter is stopped). */
  private elapsed(tb: TimeBase, ctrl: number): number {
    if ((ctrl & CTRL_ENABLE) === 0) return 0;
    return Math.floor(((this.ctx.sched.now - tb.cycle0) * tb.hz) / this.coreHz);
  }

  private rebase(tb: TimeBase, ctrl: number): void {
    tb.cycle0 = this.ctx.sched.now;
    tb.ticks0 = 0;
    tb.hz = this.tickHz(ctrl);
  }

  private onClock(): void {
    // Counts up to now at the old core frequency, then start a new origin at the new one.
    const c1 = this.frc1Count();
    const c2 = this.frc2Count();
    this.coreHz = this.ctx.clock.hz;
    this.f1Count0 = c1;
    this.f2Count0 = c2;
    this.rebase(this.f1Base, this.f1Ctrl);
    this.rebase(this.f2Base, this.f2Ctrl);
    this.scheduleF1();
    this.scheduleF2();
  }

  /** Cycle at which `ticks` ticks after the origin have elapsed. */
  private cycleAt(tb: TimeBase, ticks: number): number {
    return tb.cycle0 + Math.ceil((ticks * this.coreHz) / tb.hz);
  }

  // ---- FRC1: down counter ----
  frc1Count(): number {
    const e = this.elapsed(this.f1Base, this.f1Ctrl);
    if (e < this.f1Count0 || e === 0) return this.f1Count0 - e;
    // Past zero: auto-reload continues from LOAD (period LOAD), else from the full range.
    const period = this.f1Ctrl & CTRL_AUTOLOAD ? Math.max(this.f1Load, 1) : FRC1_MASK + 1;
    const past = e - this.f1Count0; // ticks after reaching 0
    const r = past % period;
    return r === 0 ? 0 : period - r;
  }

  private scheduleF1(): void {
    this.ctx.sched.cancel(this.f1Ev);
    if ((this.f1Ctrl & CTRL_ENABLE) === 0) return;
    const c = this.frc1Count();
    // Next time the count reaches 0 (from c, or a full period after a 0 now).
    let ticks = c;
    if (c === 0) ticks = this.f1Ctrl & CTRL_AUTOLOAD ? Math.max(this.f1Load, 1) : FRC1_MASK + 1;
    const e = this.elapsed(this.f1Base, this.f1Ctrl);
    this.ctx.sched.at(this.f1Ev, Math.max(this.cycleAt(this.f1Base, e + ticks), this.ctx.sched.now + 1));
  }

  private f1Fire(): void {
    this.f1Int = true;
    if (this.f1Ctrl & CTRL_LEVEL_INT) {
      this.setIrq(true);
    } else if (this.dport.edgeIntEnable & EDGE_INT_FRC1) {
      this.setIrq(true);
      this.setIrq(false);
    }
    // Re-origin at this expiry so that counts stay small and the next period starts exactly here.
    const reload = this.f1Ctrl & CTRL_AUTOLOAD ? this.f1Load : FRC1_MASK + 1;
    this.f1Count0 = reload;
    this.f1Base.cycle0 = this.ctx.sched.now;
    this.scheduleF1();
  }

  // ---- FRC2: up counter with alarm ----
  frc2Count(): number {
    return (this.f2Count0 + this.elapsed(this.f2Base, this.f2Ctrl)) >>> 0;
  }

  private scheduleF2(): void {
    this.ctx.sched.cancel(this.f2Ev);
    if ((this.f2Ctrl & CTRL_ENABLE) === 0) return;
    const c = this.frc2Count();
    const ticks = ((this.f2Alarm - c) >>> 0) || 0x1_0000_0000;
    const e = this.elapsed(this.f2Base, this.f2Ctrl);
    this.ctx.sched.at(this.f2Ev, Math.max(this.cycleAt(this.f2Base, e + ticks), this.ctx.sched.now + 1));
  }

  private f2Fire(): void {
    this.f2Int = true;
    this.scheduleF2();
  }

  readReg(offset: number): number {
    switch (offset) {
      case FRC1_LOAD:
        return this.f1Load;
      case FRC1_COUNT:
        return this.frc1Count();
      case FRC1_CTRL:
        return this.f1Ctrl | (this.f1Int ? CTRL_INT_STATUS : 0);
      case FRC1_INT:
        return this.f1Int ? 1 : 0;
      case FRC2_LOAD:
        return this.f2Load;
      case FRC2_COUNT:
        return this.frc2Count();
      case FRC2_CTRL:
        return this.f2Ctrl | (this.f2Int ? CTRL_INT_STATUS : 0);
      case FRC2_INT:
        return this.f2Int ? 1 : 0;
      case FRC2_ALARM:
        return this.f2Alarm;
    }
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    switch (offset) {
      case FRC1_LOAD:
        this.f1Load = value & FRC1_MASK;
        this.f1Count0 = this.f1Load;
        this.rebase(this.f1Base, this.f1Ctrl);
        this.scheduleF1();
        return;
      case FRC1_CTRL: {
        const c = this.frc1Count();
        this.f1Ctrl = value & 0xcd;
        this.f1Count0 = c;
        this.rebase(this.f1Base, this.f1Ctrl);
        this.scheduleF1();
        if ((this.f1Ctrl & CTRL_LEVEL_INT) === 0) this.setIrq(false);
        else this.setIrq(this.f1Int);
        return;
      }
      case FRC1_INT:
        if (value & 1) {
          this.f1Int = false;
          this.setIrq(false);
        }
        return;
      case FRC2_LOAD:
        this.f2Load = value >>> 0;
        this.f2Count0 = this.f2Load;
        this.rebase(this.f2Base, this.f2Ctrl);
        this.scheduleF2();
        return;
      case FRC2_CTRL: {
        const c = this.frc2Count();
        this.f2Ctrl = value & 0xcd;
        this.f2Count0 = c;
        this.rebase(this.f2Base, this.f2Ctrl);
        this.scheduleF2();
        return;
      }
      case FRC2_INT:
        if (value & 1) this.f2Int = false;
        return;
      case FRC2_ALARM:
        this.f2Alarm = value >>> 0;
        this.scheduleF2();
        return;
      case FRC1_COUNT:
      case FRC2_COUNT:
        return; // read-only
    }
    this.unimplemented(offset, true);
  }
}

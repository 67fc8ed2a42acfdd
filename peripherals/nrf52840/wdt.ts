/**
 * WDT — Watchdog timer (nRF52840 PS v1.7 "WDT"). START runs a down-counter from CRV at the
 * 32.768 kHz LFCLK: timeout = (CRV + 1) / 32768 s. Writing the reload value 0x6E524635 to every
 * RR[n] enabled in RREN reloads it. On timeout EVENTS_TIMEOUT is generated and the chip resets
 * two LFCLK periods later: the model then calls `onReset` (the machine should reset or end the
 * run with a "watchdog reset" reason); until that is wired it reports once and asks the run loop
 * to stop at the next instruction boundary. The watchdog cannot be stopped once started.
 * CONFIG.SLEEP/HALT (pause while sleeping / halted by a debugger) are stored; the model always
 * runs.
 */
import type { PeripheralContext, PeripheralDesc } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';
import { NrfPeripheral, TickCounter } from './common.js';
import { NRF52840_TIMING } from './timing.js';

const TASKS_START = 0x000;
const EVENTS_TIMEOUT = 0x100;
const RUNSTATUS = 0x400;
const REQSTATUS = 0x404;
const CRV = 0x504;
const RREN = 0x508;
const CONFIG = 0x50c;
const RR0 = 0x600;
const RELOAD_VALUE = 0x6e524635;
const RESET_DELAY_TICKS = 2;

export class NrfWdt extends NrfPeripheral {
  private crv = 0xffffffff;
  private rren = 1;
  private config = 1;
  private running = false;
  private reqstatus = 0;
  private readonly tc: TickCounter;
  private readonly timeoutEv: SchedEvent;
  private readonly resetEv: SchedEvent;
  /** Set by the machine: the chip resets (watchdog). */
  onReset: (() => void) | null = null;
  /** Number of watchdog resets requested so far. */
  resets = 0;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.tc = new TickCounter(ctx.clock.hz, NRF52840_TIMING.lfclkHz);
    this.timeoutEv = ctx.sched.event(`${desc.name}.timeout`, () => this.timeout());
    this.resetEv = ctx.sched.event(`${desc.name}.reset`, () => this.chipReset());
    this.intenMask = 1;
    this.shortsMask = 0;
  }

  private arm(): void {
    const now = this.ctx.sched.now;
    this.tc.start(now, 0);
    this.reqstatus = this.rren;
    this.ctx.sched.at(this.timeoutEv, this.tc.cycleOf(this.crv + 1));
  }

  private timeout(): void {
    this.fire(EVENTS_TIMEOUT);
    this.tc.start(this.ctx.sched.now, 0);
    this.ctx.sched.at(this.resetEv, this.tc.cycleOf(RESET_DELAY_TICKS));
  }

  private chipReset(): void {
    this.resets++;
    if (this.onReset !== null) {
      this.onReset();
      return;
    }
    this.ctx.system.reset(`${this.name}: watchdog timeout`, 'watchdog');
  }

  task(offset: number): void {
    if (offset === TASKS_START) {
      if (!this.running) {
        this.running = true;
        this.arm();
      }
    } else this.unimplemented(offset, true);
  }

  protected readOther(offset: number): number {
    switch (offset) {
      case RUNSTATUS:
        return this.running ? 1 : 0;
      case REQSTATUS:
        return this.reqstatus;
      case CRV:
        return this.crv >>> 0;
      case RREN:
        return this.rren;
      case CONFIG:
        return this.config;
    }
    if (offset >= RR0 && offset < RR0 + 32) return 0;
    return this.unimplemented(offset, false);
  }

  protected writeOther(offset: number, value: number): void {
    switch (offset) {
      case CRV:
      case RREN:
      case CONFIG:
        if (this.running) return; // locked while running (PS "WDT", register descriptions)
        if (offset === CRV) this.crv = Math.max(value >>> 0, 0xf);
        else if (offset === RREN) this.rren = value & 0xff;
        else this.config = value & 9;
        return;
    }
    if (offset >= RR0 && offset < RR0 + 32) {
      const n = (offset - RR0) >> 2;
      if (this.running && value >>> 0 === RELOAD_VALUE && (this.rren >> n) & 1) {
        this.reqstatus &= ~(1 << n);
        if (this.reqstatus === 0 && !this.resetEv.armed) this.arm();
      }
      return;
    }
    this.unimplemented(offset, true);
  }

  override reset(): void {
    super.reset();
    this.running = false;
    this.ctx.sched.cancel(this.timeoutEv);
    this.ctx.sched.cancel(this.resetEv);
    this.crv = 0xffffffff;
    this.rren = 1;
    this.config = 1;
    this.reqstatus = 0;
  }
}

export function createWdt(desc: PeripheralDesc, ctx: PeripheralContext): NrfWdt {
  return new NrfWdt(desc, ctx);
}

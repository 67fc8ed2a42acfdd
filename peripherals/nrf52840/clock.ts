/**
 * CLOCK and POWER (nRF52840 PS v1.7 "CLOCK — Clock control" and "POWER — Power supply"): one
 * instance at 0x40000000 (ID 0) since both share the base address, the INTEN register and the
 * interrupt line (POWER_CLOCK_IRQn).
 *
 * HFCLKSTART starts the HFXO: EVENTS_HFCLKSTARTED after its start-up time, then HFCLKSTAT reports
 * SRC = Xtal. The core clock itself does not change (the HFINT and HFXO both give 64 MHz).
 * LFCLKSTART copies LFCLKSRC to LFCLKSRCCOPY and raises EVENTS_LFCLKSTARTED after the start-up
 * time of the selected source. Times come from ./timing.ts.
 *
 * SYSTEMOFF: the chip enters System OFF; only a reset wakes it. The model calls `onSystemOff`
 * (the machine should end the run, or wait for a wake-up source) and, until something is wired,
 * reports once and asks the run loop to stop at the next instruction boundary.
 */
import type { PeripheralContext, PeripheralDesc, ResetKind } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';
import { NrfPeripheral, configNumber, usToCycles } from './common.js';
import { NRF52840_TIMING } from './timing.js';

// CLOCK tasks / events
const TASKS_HFCLKSTART = 0x000;
const TASKS_HFCLKSTOP = 0x004;
const TASKS_LFCLKSTART = 0x008;
const TASKS_LFCLKSTOP = 0x00c;
const TASKS_CAL = 0x010;
const TASKS_CTSTART = 0x014;
const TASKS_CTSTOP = 0x018;
const EVENTS_HFCLKSTARTED = 0x100;
const EVENTS_LFCLKSTARTED = 0x104;
const EVENTS_DONE = 0x10c;
const EVENTS_CTSTARTED = 0x128;
const EVENTS_CTSTOPPED = 0x12c;
// POWER tasks
const TASKS_CONSTLAT = 0x078;
const TASKS_LOWPWR = 0x07c;
// CLOCK registers
const HFCLKRUN = 0x408;
const HFCLKSTAT = 0x40c;
const LFCLKRUN = 0x414;
const LFCLKSTAT = 0x418;
const LFCLKSRCCOPY = 0x41c;
const LFCLKSRC = 0x518;
const HFXODEBOUNCE = 0x528;
const CTIV = 0x538;
const TRACECONFIG = 0x55c;
const LFRCMODE = 0x5b4;
// POWER registers
const RESETREAS = 0x400;
const RAMSTATUS = 0x428;
const USBREGSTATUS = 0x438;
const SYSTEMOFF = 0x500;
const POFCON = 0x510;
const GPREGRET = 0x51c;
const GPREGRET2 = 0x520;
const DCDCEN = 0x578;
const DCDCEN0 = 0x580;
const MAINREGSTATUS = 0x640;
const RAM_POWER0 = 0x900; // RAM[n].POWER at 0x900 + 16n, POWERSET +4, POWERCLR +8, n = 0..8

const STAT_RUNNING = 1 << 16;
const LFSRC_RC = 0;
const LFSRC_XTAL = 1;
const LFSRC_SYNTH = 2;
const RAM_BLOCKS = 9;
const RAM_POWER_RESET = 0xffff; // all sections on, retention off

export class NrfClockPower extends NrfPeripheral {
  private hfxoRunning = false;
  private hfclkRun = false;
  private lfRunning = false;
  private lfRun = false;
  private lfclksrc = 0;
  private lfclksrcCopy = 0;
  private hfxoDebounce = 0x10;
  private ctiv = 0;
  private traceconfig = 0;
  private lfrcmode = 0;
  private resetreas: number;
  private pofcon = 0;
  private gpregret = 0;
  private gpregret2 = 0;
  private dcdcen = 0;
  private dcdcen0 = 0;
  private readonly ramPower = new Uint32Array(RAM_BLOCKS);
  private readonly hfEv: SchedEvent;
  private readonly lfEv: SchedEvent;
  private readonly calEv: SchedEvent;
  /** Set by the machine to end the run on System OFF; default: warn and break. */
  onSystemOff: (() => void) | null = null;
  /** True once firmware wrote SYSTEMOFF. */
  systemOff = false;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.resetreas = configNumber(desc, 'resetReason', 0);
    this.hfEv = ctx.sched.event(`${desc.name}.hfxo`, () => {
      this.hfxoRunning = true;
      ctx.power.set('hfxo', desc.name, true);
      this.fire(EVENTS_HFCLKSTARTED);
    });
    this.lfEv = ctx.sched.event(`${desc.name}.lfclk`, () => {
      this.lfRunning = true;
      this.fire(EVENTS_LFCLKSTARTED);
    });
    this.calEv = ctx.sched.event(`${desc.name}.cal`, () => this.fire(EVENTS_DONE));
    this.ramPower.fill(RAM_POWER_RESET);
  }

  /** LFCLK is running (RTCs and the WDT count it). */
  get lfclkRunning(): boolean {
    return this.lfRunning;
  }

  get hfxoStarted(): boolean {
    return this.hfxoRunning;
  }

  private lfStartUs(src: number): number {
    if (src === LFSRC_XTAL) return NRF52840_TIMING.lfxoStartUs;
    if (src === LFSRC_SYNTH) return NRF52840_TIMING.lfsyntStartUs;
    return NRF52840_TIMING.lfrcStartUs;
  }

  task(offset: number): void {
    const sched = this.ctx.sched;
    switch (offset) {
      case TASKS_HFCLKSTART:
        this.hfclkRun = true;
        if (this.hfxoRunning) this.fire(EVENTS_HFCLKSTARTED);
        else if (!this.hfEv.armed) sched.after(this.hfEv, usToCycles(this.ctx, NRF52840_TIMING.hfxoStartUs));
        return;
      case TASKS_HFCLKSTOP:
        this.hfclkRun = false;
        this.hfxoRunning = false;
        this.ctx.power.set('hfxo', this.name, false);
        sched.cancel(this.hfEv);
        return;
      case TASKS_LFCLKSTART:
        this.lfRun = true;
        this.lfclksrcCopy = this.lfclksrc;
        if (this.lfRunning) this.fire(EVENTS_LFCLKSTARTED);
        else if (!this.lfEv.armed) sched.after(this.lfEv, usToCycles(this.ctx, this.lfStartUs(this.lfclksrc & 3)));
        return;
      case TASKS_LFCLKSTOP:
        this.lfRun = false;
        this.lfRunning = false;
        sched.cancel(this.lfEv);
        return;
      case TASKS_CAL:
        if (!this.calEv.armed) sched.after(this.calEv, usToCycles(this.ctx, NRF52840_TIMING.lfrcCalUs));
        return;
      case TASKS_CTSTART:
        this.fire(EVENTS_CTSTARTED);
        return;
      case TASKS_CTSTOP:
        this.fire(EVENTS_CTSTOPPED);
        return;
      case TASKS_CONSTLAT:
      case TASKS_LOWPWR:
        return; // latency mode: no effect on the model's timing
    }
    this.unimplemented(offset, true);
  }

  protected readOther(offset: number): number {
    switch (offset) {
      case HFCLKRUN:
        return this.hfclkRun ? 1 : 0;
      case HFCLKSTAT:
        // HFINT always runs while the CPU does; SRC = 1 once the HFXO has started.
        return STAT_RUNNING | (this.hfxoRunning ? 1 : 0);
      case LFCLKRUN:
        return this.lfRun ? 1 : 0;
      case LFCLKSTAT:
        return this.lfRunning ? STAT_RUNNING | (this.lfclksrcCopy & 3) : 0;
      case LFCLKSRCCOPY:
        return this.lfclksrcCopy;
      case LFCLKSRC:
        return this.lfclksrc;
      case HFXODEBOUNCE:
        return this.hfxoDebounce;
      case CTIV:
        return this.ctiv;
      case TRACECONFIG:
        return this.traceconfig;
      case LFRCMODE:
        return this.lfrcmode;
      case RESETREAS:
        return this.resetreas;
      case RAMSTATUS:
        return 0;
      case USBREGSTATUS:
        return 0; // VBUS not present
      case SYSTEMOFF:
        return 0;
      case POFCON:
        return this.pofcon;
      case GPREGRET:
        return this.gpregret;
      case GPREGRET2:
        return this.gpregret2;
      case DCDCEN:
        return this.dcdcen;
      case DCDCEN0:
        return this.dcdcen0;
      case MAINREGSTATUS:
        return 0; // normal voltage mode (VDD supply)
    }
    if (offset >= RAM_POWER0 && offset < RAM_POWER0 + RAM_BLOCKS * 16 && (offset & 0xf) <= 8) {
      return this.ramPower[(offset - RAM_POWER0) >> 4];
    }
    return this.unimplemented(offset, false);
  }

  protected writeOther(offset: number, value: number): void {
    switch (offset) {
      case LFCLKSRC:
        this.lfclksrc = value & 0x30003;
        return;
      case HFXODEBOUNCE:
        this.hfxoDebounce = value & 0xff;
        return;
      case CTIV:
        this.ctiv = value & 0x7f;
        return;
      case TRACECONFIG:
        this.traceconfig = value & 0x30003;
        return;
      case LFRCMODE:
        this.lfrcmode = value & 1;
        return;
      case RESETREAS:
        this.resetreas &= ~value; // write 1 to clear
        return;
      case SYSTEMOFF:
        if (value & 1) this.enterSystemOff();
        return;
      case POFCON:
        this.pofcon = value >>> 0;
        return;
      case GPREGRET:
        this.gpregret = value & 0xff;
        return;
      case GPREGRET2:
        this.gpregret2 = value & 0xff;
        return;
      case DCDCEN:
        this.dcdcen = value & 1;
        return;
      case DCDCEN0:
        this.dcdcen0 = value & 1;
        return;
      case HFCLKRUN:
      case HFCLKSTAT:
      case LFCLKRUN:
      case LFCLKSTAT:
      case LFCLKSRCCOPY:
      case MAINREGSTATUS:
      case USBREGSTATUS:
      case RAMSTATUS:
        return; // read-only
    }
    if (offset >= RAM_POWER0 && offset < RAM_POWER0 + RAM_BLOCKS * 16) {
      const n = (offset - RAM_POWER0) >> 4;
      const r = offset & 0xf;
      if (r === 0) this.ramPower[n] = value >>> 0;
      else if (r === 4) this.ramPower[n] |= value;
      else if (r === 8) this.ramPower[n] &= ~value;
      else this.unimplemented(offset, true);
      return;
    }
    this.unimplemented(offset, true);
  }

  private enterSystemOff(): void {
    this.systemOff = true;
    if (this.onSystemOff !== null) {
      this.onSystemOff();
      return;
    }
    this.ctx.system.powerOff(`${this.name}: firmware entered System OFF (POWER.SYSTEMOFF)`);
  }

  /**
   * RESETREAS (PS v1.7, POWER): RESETPIN bit 0, DOG bit 1, SREQ bit 2 (AIRCR.SYSRESETREQ), LOCKUP
   * bit 3; a soft reset keeps the register and the bits accumulate until written 1 to clear.
   */
  override onSystemReset(kind: ResetKind): void {
    this.resetreas |= kind === 'watchdog' ? 1 << 1 : kind === 'software' ? 1 << 2 : kind === 'lockup' ? 1 << 3 : 1 << 0;
  }

  override reset(): void {
    super.reset();
    this.ctx.sched.cancel(this.hfEv);
    this.ctx.sched.cancel(this.lfEv);
    this.ctx.sched.cancel(this.calEv);
    this.hfxoRunning = this.hfclkRun = this.lfRunning = this.lfRun = false;
    this.ctx.power.set('hfxo', this.name, false);
    this.lfclksrc = this.lfclksrcCopy = 0;
    this.systemOff = false;
    this.ramPower.fill(RAM_POWER_RESET);
  }
}

export function createClockPower(desc: PeripheralDesc, ctx: PeripheralContext): NrfClockPower {
  return new NrfClockPower(desc, ctx);
}

/**
 * RTC0..2 (nRF52840 PS v1.7 "RTC — Real-time counter").
 *
 * A 24-bit COUNTER clocked by LFCLK (32.768 kHz) / (PRESCALER + 1), PRESCALER 12 bits and only
 * writable while stopped. Events: TICK (every counter increment), OVRFLW (0xFFFFFF -> 0),
 * COMPARE[n] (COUNTER becomes equal to CC[n]). RTC0 has 3 CC registers, RTC1/2 four
 * (config.channels). EVTEN routes events to the PPI; TICK and OVRFLW are only generated when
 * enabled in INTEN or EVTEN (the PS's power-saving gate), and only then scheduled here, so a
 * running RTC without TICK costs one scheduler event per compare.
 *
 * The "N+2" rule (PS "RTC", "Compare"): with COUNTER = N, writing N or N+1 to a CC register may or
 * may not generate the COMPARE event on silicon. The model fires it (deterministically) and warns
 * once per instance, naming the write, so firmware that depends on it is found here rather than
 * on a board. Not modelled: LFCLK not started (the counter runs whether or not firmware started
 * LFCLK: a warning is given once).
 */
import type { PeripheralContext, PeripheralDesc } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';
import { NrfPeripheral, TickCounter, configNumber } from './common.js';
import { NRF52840_TIMING } from './timing.js';
import { NrfClockPower } from './clock.js';

const CLOCK_BASE = 0x40000000;

const TASKS_START = 0x000;
const TASKS_STOP = 0x004;
const TASKS_CLEAR = 0x008;
const TASKS_TRIGOVRFLW = 0x00c;
const EVENTS_TICK = 0x100;
const EVENTS_OVRFLW = 0x104;
const EVENTS_COMPARE0 = 0x140;
const EVTEN = 0x340;
const EVTENSET = 0x344;
const EVTENCLR = 0x348;
const COUNTER = 0x504;
const PRESCALER = 0x508;
const CC0 = 0x540;

const COUNTER_MASK = 0xffffff;
const PERIOD = 0x1000000;
const BIT_TICK = 1 << 0;
const BIT_OVRFLW = 1 << 1;

export class NrfRtc extends NrfPeripheral {
  private readonly channels: number;
  private readonly cc: Uint32Array;
  private readonly ccEv: SchedEvent[];
  private readonly tickEv: SchedEvent;
  private readonly ovfEv: SchedEvent;
  private evten = 0;
  private prescaler = 0;
  private running = false;
  private held = 0;
  private readonly tc: TickCounter;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.channels = configNumber(desc, 'channels', 4);
    this.cc = new Uint32Array(this.channels);
    this.ccEv = [];
    for (let i = 0; i < this.channels; i++) {
      this.ccEv.push(ctx.sched.event(`${desc.name}.cc${i}`, () => this.compare(i)));
    }
    this.tickEv = ctx.sched.event(`${desc.name}.tick`, () => this.tick());
    this.ovfEv = ctx.sched.event(`${desc.name}.ovrflw`, () => this.overflow());
    const evMask = BIT_TICK | BIT_OVRFLW | (((1 << this.channels) - 1) << 16);
    this.intenMask = evMask;
    this.shortsMask = 0;
    this.routeMask = 0;
    this.tc = new TickCounter(ctx.clock.hz, this.tickHz);
    ctx.clock.onChange(() => {
      this.freeze();
      this.tc.setRate(ctx.clock.hz, this.tickHz);
      if (this.running) this.thaw();
    });
  }

  get tickHz(): number {
    return NRF52840_TIMING.lfclkHz / (this.prescaler + 1);
  }

  get counter(): number {
    if (!this.running) return this.held;
    return this.tc.ticksAt(this.ctx.sched.now) % PERIOD;
  }

  private freeze(): void {
    this.held = this.counter;
  }

  private thaw(): void {
    this.tc.start(this.ctx.sched.now, this.held);
    this.scheduleAll();
  }

  /** Cycle at which the counter next equals `value` (strictly after now). */
  private nextMatch(value: number): number {
    const ticks = this.tc.ticksAt(this.ctx.sched.now);
    let delta = (value & COUNTER_MASK) - (ticks % PERIOD);
    if (delta <= 0) delta += PERIOD;
    return this.tc.cycleOf(ticks + delta);
  }

  private scheduleAll(): void {
    for (let i = 0; i < this.channels; i++) this.scheduleCc(i);
    this.scheduleTick();
    this.scheduleOvf();
  }

  private scheduleCc(i: number): void {
    if (this.running) this.ctx.sched.at(this.ccEv[i], this.nextMatch(this.cc[i]));
    else this.ctx.sched.cancel(this.ccEv[i]);
  }

  private get enabledEvents(): number {
    return this.inten | this.evten;
  }

  private scheduleTick(): void {
    if (this.running && this.enabledEvents & BIT_TICK) {
      const ticks = this.tc.ticksAt(this.ctx.sched.now);
      this.ctx.sched.at(this.tickEv, this.tc.cycleOf(ticks + 1));
    } else this.ctx.sched.cancel(this.tickEv);
  }

  private scheduleOvf(): void {
    if (this.running && this.enabledEvents & BIT_OVRFLW) this.ctx.sched.at(this.ovfEv, this.nextMatch(0));
    else this.ctx.sched.cancel(this.ovfEv);
  }

  private compare(i: number): void {
    this.fire(EVENTS_COMPARE0 + 4 * i);
    this.scheduleCc(i);
  }

  private tick(): void {
    this.fire(EVENTS_TICK);
    this.scheduleTick();
  }

  private overflow(): void {
    this.fire(EVENTS_OVRFLW);
    this.tc.rebase(this.ctx.sched.now);
    this.scheduleOvf();
  }

  task(offset: number): void {
    switch (offset) {
      case TASKS_START:
        if (!this.running) {
          const clock = this.hub.peripheralAt(CLOCK_BASE);
          if (clock instanceof NrfClockPower && !clock.lfclkRunning) {
            this.ctx.diag.warnOnce(`${this.name}:nolfclk`, `warning: ${this.name} started while LFCLK is not running (the model counts anyway)`);
          }
          this.running = true;
          this.thaw();
        }
        return;
      case TASKS_STOP:
        if (this.running) {
          this.freeze();
          this.running = false;
          this.scheduleAll();
        }
        return;
      case TASKS_CLEAR:
        this.held = 0;
        if (this.running) this.thaw();
        return;
      case TASKS_TRIGOVRFLW:
        this.held = 0xfffff0;
        if (this.running) this.thaw();
        return;
    }
    this.unimplemented(offset, true);
  }

  // INTEN changes gate TICK/OVRFLW generation: re-arm them.
  override writeReg(offset: number, value: number): void {
    super.writeReg(offset, value);
    if (offset >= 0x300 && offset <= 0x308) {
      this.scheduleTick();
      this.scheduleOvf();
    }
  }

  protected readOther(offset: number): number {
    switch (offset) {
      case EVTEN:
      case EVTENSET:
      case EVTENCLR:
        return this.evten;
      case COUNTER:
        return this.counter;
      case PRESCALER:
        return this.prescaler;
    }
    if (offset >= CC0 && offset < CC0 + 4 * this.channels) return this.cc[(offset - CC0) >> 2];
    return this.unimplemented(offset, false);
  }

  protected writeOther(offset: number, value: number): void {
    switch (offset) {
      case EVTEN:
      case EVTENSET:
      case EVTENCLR:
        if (offset === EVTEN) this.evten = value & this.intenMask;
        else if (offset === EVTENSET) this.evten |= value & this.intenMask;
        else this.evten &= ~value;
        this.routeMask = this.evten;
        this.scheduleTick();
        this.scheduleOvf();
        return;
      case COUNTER:
        return; // read-only
      case PRESCALER:
        if (this.running) {
          this.ctx.diag.warnOnce(`${this.name}:prescaler`, `warning: ${this.name} PRESCALER written while running (ignored, as on the chip)`);
          return;
        }
        this.prescaler = value & 0xfff;
        this.tc.setRate(this.ctx.clock.hz, this.tickHz);
        return;
    }
    if (offset >= CC0 && offset < CC0 + 4 * this.channels) {
      const i = (offset - CC0) >> 2;
      this.cc[i] = value & COUNTER_MASK;
      if (this.running) {
        const ahead = (this.cc[i] - this.counter) & COUNTER_MASK;
        if (ahead <= 1) {
          this.ctx.diag.warnOnce(
            `${this.name}:n+2`,
            `warning: ${this.name} CC[${i}] = ${this.cc[i]} written with COUNTER = ${this.counter} (N+${ahead}): the PS only guarantees a COMPARE event for CC >= N+2; femtosim fires it, silicon may not`,
          );
        }
      }
      this.scheduleCc(i);
      return;
    }
    this.unimplemented(offset, true);
  }

  override reset(): void {
    super.reset();
    this.running = false;
    this.held = 0;
    this.evten = 0;
    this.routeMask = 0;
    this.prescaler = 0;
    this.cc.fill(0);
    this.tc.setRate(this.ctx.clock.hz, this.tickHz);
    this.scheduleAll();
  }
}

export function createRtc(desc: PeripheralDesc, ctx: PeripheralContext): NrfRtc {
  return new NrfRtc(desc, ctx);
}

/**
 * TIMER0..4 (nRF52840 PS v1.7 "TIMER — Timer/counter").
 *
 * Timer mode counts fTIMER = 16 MHz / 2^PRESCALER (PRESCALER 0..9); counter mode counts
 * TASKS_COUNT. BITMODE selects 16, 8, 24 or 32 bits. COMPARE[n] is generated when the counter
 * becomes equal to CC[n]; SHORTS COMPARE[n]_CLEAR (bit n) and COMPARE[n]_STOP (bit 8 + n).
 * The counter is computed lazily from the core cycle counter; each CC channel owns one scheduler
 * event armed at the exact cycle its match happens. TIMER0..2 have 4 CC registers, TIMER3/4 six
 * (config.channels).
 */
import type { PeripheralContext, PeripheralDesc } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';
import { NrfPeripheral, TickCounter, configNumber } from './common.js';
import { NRF52840_TIMING } from './timing.js';

const TASKS_START = 0x000;
const TASKS_STOP = 0x004;
const TASKS_COUNT = 0x008;
const TASKS_CLEAR = 0x00c;
const TASKS_SHUTDOWN = 0x010;
const TASKS_CAPTURE0 = 0x040;
const EVENTS_COMPARE0 = 0x140;
const MODE = 0x504;
const BITMODE = 0x508;
const PRESCALER = 0x510;
const CC0 = 0x540;

const MODE_TIMER = 0;
const BITMODE_BITS = [16, 8, 24, 32];

export class NrfTimer extends NrfPeripheral {
  private readonly channels: number;
  private readonly cc: Uint32Array;
  private readonly ccEv: SchedEvent[];
  private mode = MODE_TIMER;
  private bitmode = 0;
  private prescaler = 4;
  private running = false;
  /** Counter value while stopped / in counter mode. */
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
    this.intenMask = ((1 << this.channels) - 1) << 16;
    this.shortsMask = ((1 << this.channels) - 1) * 0x101;
    this.tc = new TickCounter(ctx.clock.hz, this.tickHz);
    ctx.clock.onChange(() => {
      this.freeze();
      this.tc.setRate(ctx.clock.hz, this.tickHz);
      this.thaw();
    });
  }

  get tickHz(): number {
    return NRF52840_TIMING.timerBaseHz / 2 ** this.prescaler;
  }

  private get mask(): number {
    const bits = BITMODE_BITS[this.bitmode];
    return bits === 32 ? 0xffffffff : (1 << bits) - 1;
  }

  private get timing(): boolean {
    return this.running && this.mode === MODE_TIMER;
  }

  /** Current counter value. */
  get counter(): number {
    if (!this.timing) return this.held;
    return (this.tc.ticksAt(this.ctx.sched.now) % (this.mask + 1)) >>> 0;
  }

  /** Stops the lazy counter at the current value (before a configuration change). */
  private freeze(): void {
    this.held = this.counter;
  }

  /** Restarts the lazy counter from `held` and re-arms the compare events. */
  private thaw(): void {
    this.tc.start(this.ctx.sched.now, this.held);
    this.scheduleAll();
  }

  private scheduleAll(): void {
    for (let i = 0; i < this.channels; i++) this.schedule(i);
  }

  /** Arms channel i's event at the cycle the counter next equals CC[i]. */
  private schedule(i: number): void {
    const ev = this.ccEv[i];
    if (!this.timing) {
      this.ctx.sched.cancel(ev);
      return;
    }
    const now = this.ctx.sched.now;
    const period = this.mask + 1;
    const ticks = this.tc.ticksAt(now);
    const cur = ticks % period;
    let delta = (this.cc[i] & this.mask) - cur;
    if (delta <= 0) delta += period;
    this.ctx.sched.at(ev, this.tc.cycleOf(ticks + delta));
  }

  private compare(i: number): void {
    this.fire(EVENTS_COMPARE0 + 4 * i);
    if (this.shorts & (1 << i)) {
      // COMPARE[i]_CLEAR: the counter is 0 from this tick on.
      this.held = 0;
      if (this.timing) this.thaw();
    } else if (this.timing) {
      this.schedule(i);
    }
    if (this.shorts & (1 << (8 + i))) {
      this.stop();
      this.updatePower();
    }
  }

  private stop(): void {
    if (!this.running) return;
    this.freeze();
    this.running = false;
    this.scheduleAll();
  }

  /**
   * Power resources (peripherals/power.ts): a running TIMER keeps the HF clock requested; at
   * fTIMER > 1 MHz (PRESCALER < 4) it counts PCLK16M instead of PCLK1M (PS v1.7, TIMER: "PCLK1M
   * is used for fTIMER <= 1 MHz, for lower power").
   */
  private updatePower(): void {
    const p = this.ctx.power;
    p.set('hfclk', this.name, this.running);
    p.set('pclk16m', this.name, this.timing && this.prescaler < 4);
  }

  task(offset: number): void {
    this.handleTask(offset);
    this.updatePower();
  }

  private handleTask(offset: number): void {
    switch (offset) {
      case TASKS_START:
        if (!this.running) {
          this.running = true;
          if (this.mode === MODE_TIMER) this.thaw();
        }
        return;
      case TASKS_STOP:
        this.stop();
        return;
      case TASKS_SHUTDOWN:
        this.stop();
        this.held = 0;
        return;
      case TASKS_CLEAR:
        this.held = 0;
        if (this.timing) this.thaw();
        return;
      case TASKS_COUNT:
        if (this.running && this.mode !== MODE_TIMER) {
          this.held = (this.held + 1) & this.mask;
          for (let i = 0; i < this.channels; i++) {
            if (this.held === (this.cc[i] & this.mask)) this.countMatch(i);
          }
        }
        return;
    }
    if (offset >= TASKS_CAPTURE0 && offset < TASKS_CAPTURE0 + 4 * this.channels) {
      const i = (offset - TASKS_CAPTURE0) >> 2;
      this.cc[i] = this.counter;
      this.schedule(i);
      return;
    }
    this.unimplemented(offset, true);
  }

  private countMatch(i: number): void {
    this.fire(EVENTS_COMPARE0 + 4 * i);
    if (this.shorts & (1 << i)) this.held = 0;
    if (this.shorts & (1 << (8 + i))) {
      this.running = false;
      this.updatePower();
    }
  }

  protected readOther(offset: number): number {
    switch (offset) {
      case MODE:
        return this.mode;
      case BITMODE:
        return this.bitmode;
      case PRESCALER:
        return this.prescaler;
    }
    if (offset >= CC0 && offset < CC0 + 4 * this.channels) return this.cc[(offset - CC0) >> 2];
    return this.unimplemented(offset, false);
  }

  protected writeOther(offset: number, value: number): void {
    switch (offset) {
      case MODE:
        this.freeze();
        this.mode = value & 3;
        if (this.timing) this.thaw();
        else this.scheduleAll();
        this.updatePower();
        return;
      case BITMODE:
        this.freeze();
        this.bitmode = value & 3;
        this.held &= this.mask;
        if (this.timing) this.thaw();
        return;
      case PRESCALER:
        this.freeze();
        this.prescaler = Math.min(value & 0xf, 9);
        this.tc.setRate(this.ctx.clock.hz, this.tickHz);
        if (this.timing) this.thaw();
        this.updatePower();
        return;
    }
    if (offset >= CC0 && offset < CC0 + 4 * this.channels) {
      const i = (offset - CC0) >> 2;
      this.cc[i] = value >>> 0;
      this.schedule(i);
      return;
    }
    this.unimplemented(offset, true);
  }

  override reset(): void {
    super.reset();
    this.running = false;
    this.mode = MODE_TIMER;
    this.bitmode = 0;
    this.prescaler = 4;
    this.held = 0;
    this.cc.fill(0);
    this.tc.setRate(this.ctx.clock.hz, this.tickHz);
    this.scheduleAll();
    this.updatePower();
  }
}

export function createTimer(desc: PeripheralDesc, ctx: PeripheralContext): NrfTimer {
  return new NrfTimer(desc, ctx);
}

/**
 * TEMP — Temperature sensor (nRF52840 PS v1.7 "TEMP"). START -> EVENTS_DATARDY after tTEMP
 * (36 µs, ./timing.ts); TEMP holds the die temperature in 0.25 °C steps (signed). The emulated
 * die temperature is fixed: config.celsius (default 25). The linearisation registers A0..A5,
 * B0..B5, T0..T4 are stored but not applied.
 */
import type { PeripheralContext, PeripheralDesc } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';
import { NrfPeripheral, configNumber, usToCycles } from './common.js';
import { NRF52840_TIMING } from './timing.js';

const TASKS_START = 0x000;
const TASKS_STOP = 0x004;
const EVENTS_DATARDY = 0x100;
const TEMP = 0x508;
const A0 = 0x520; // A0..A5 0x520.., B0..B5 0x540.., T0..T4 0x560..
const CAL_END = 0x574;

export class NrfTemp extends NrfPeripheral {
  private temp = 0;
  private readonly quarterDegrees: number;
  private readonly cal = new Uint32Array((CAL_END - A0) >> 2);
  private readonly ev: SchedEvent;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.quarterDegrees = Math.round(configNumber(desc, 'celsius', 25) * 4);
    this.ev = ctx.sched.event(`${desc.name}.datardy`, () => {
      this.temp = this.quarterDegrees;
      this.fire(EVENTS_DATARDY);
    });
    this.intenMask = 1;
    this.shortsMask = 0;
  }

  task(offset: number): void {
    if (offset === TASKS_START) {
      if (!this.ev.armed) this.ctx.sched.after(this.ev, usToCycles(this.ctx, NRF52840_TIMING.tempConversionUs));
    } else if (offset === TASKS_STOP) this.ctx.sched.cancel(this.ev);
    else this.unimplemented(offset, true);
  }

  protected readOther(offset: number): number {
    if (offset === TEMP) return this.temp;
    if (offset >= A0 && offset < CAL_END) return this.cal[(offset - A0) >> 2];
    return this.unimplemented(offset, false);
  }

  protected writeOther(offset: number, value: number): void {
    if (offset >= A0 && offset < CAL_END) this.cal[(offset - A0) >> 2] = value;
    else if (offset !== TEMP) this.unimplemented(offset, true);
  }

  override reset(): void {
    super.reset();
    this.ctx.sched.cancel(this.ev);
    this.temp = 0;
  }
}

export function createTemp(desc: PeripheralDesc, ctx: PeripheralContext): NrfTemp {
  return new NrfTemp(desc, ctx);
}

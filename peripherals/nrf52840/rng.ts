/**
 * RNG — Random number generator (nRF52840 PS v1.7 "RNG"). Deterministic: values come from the
 * run seed, so a run is reproducible. START produces a byte in VALUE every tRNG (./timing.ts;
 * bias correction CONFIG.DERCEN selects the slower figure) with EVENTS_VALRDY, until STOP or the
 * VALRDY_STOP shortcut.
 */
import type { PeripheralContext, PeripheralDesc } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';
import { NrfPeripheral, SeededRandom, usToCycles } from './common.js';
import { NRF52840_TIMING } from './timing.js';

const TASKS_START = 0x000;
const TASKS_STOP = 0x004;
const EVENTS_VALRDY = 0x100;
const CONFIG = 0x504;
const VALUE = 0x508;
const SHORT_VALRDY_STOP = 1 << 0;

export class NrfRng extends NrfPeripheral {
  private config = 0;
  private value = 0;
  private running = false;
  private readonly rnd: SeededRandom;
  private readonly ev: SchedEvent;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.rnd = new SeededRandom((ctx.seed * 0x2545f491) >>> 0);
    this.ev = ctx.sched.event(`${desc.name}.valrdy`, () => this.ready());
    this.intenMask = 1;
    this.shortsMask = SHORT_VALRDY_STOP;
  }

  private byteCycles(): number {
    return usToCycles(this.ctx, this.config & 1 ? NRF52840_TIMING.rngByteBiasUs : NRF52840_TIMING.rngByteUs);
  }

  private ready(): void {
    this.value = this.rnd.next() & 0xff;
    this.fire(EVENTS_VALRDY);
    if (this.shorts & SHORT_VALRDY_STOP) this.running = false;
    if (this.running) this.ctx.sched.after(this.ev, this.byteCycles());
  }

  task(offset: number): void {
    if (offset === TASKS_START) {
      if (!this.running) {
        this.running = true;
        this.ctx.sched.after(this.ev, this.byteCycles());
      }
    } else if (offset === TASKS_STOP) {
      this.running = false;
      this.ctx.sched.cancel(this.ev);
    } else this.unimplemented(offset, true);
  }

  protected readOther(offset: number): number {
    if (offset === CONFIG) return this.config;
    if (offset === VALUE) return this.value;
    return this.unimplemented(offset, false);
  }

  protected writeOther(offset: number, value: number): void {
    if (offset === CONFIG) this.config = value & 1;
    else if (offset !== VALUE) this.unimplemented(offset, true);
  }

  override reset(): void {
    super.reset();
    this.running = false;
    this.ctx.sched.cancel(this.ev);
    this.config = 0;
    this.value = 0;
  }
}

export function createRng(desc: PeripheralDesc, ctx: PeripheralContext): NrfRng {
  return new NrfRng(desc, ctx);
}

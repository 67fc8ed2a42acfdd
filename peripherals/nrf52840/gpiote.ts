/**
 * GPIOTE — GPIO tasks and events (nRF52840 PS v1.7 "GPIOTE"). Registers: TASKS_OUT/SET/CLR[8],
 * EVENTS_IN[8], EVENTS_PORT, INTENSET/CLR, CONFIG[8]. Task mode (CONFIG.MODE = 3) drives the
 * configured pin through the GPIO port models; event mode (MODE = 1) generates IN[n] on the
 * configured polarity when the pin's level changes (outputs or `NrfGpio.setInput`), and PORT
 * follows the ports' DETECT signal.
 */
import type { PeripheralContext, PeripheralDesc } from '../peripheral.js';
import { NrfPeripheral } from './common.js';
import type { NrfGpio } from './gpio.js';

const TASKS_OUT0 = 0x000;
const TASKS_SET0 = 0x030;
const TASKS_CLR0 = 0x060;
const EVENTS_IN0 = 0x100;
const EVENTS_PORT = 0x17c;
const CONFIG0 = 0x510;
const CHANNELS = 8;
const MODE_EVENT = 1;
const MODE_TASK = 3;

export class NrfGpiote extends NrfPeripheral {
  private readonly config = new Uint32Array(CHANNELS);
  /** GPIO ports by number (from the hub, attached on first use). */
  private ports: NrfGpio[] = [];
  private lastIn: number[] = [];
  private attached = false;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.intenMask = 0xff | (1 << 31);
    this.shortsMask = 0;
  }

  /** Connects the GPIO ports the hub knows (all are built before firmware runs). */
  private attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.ports = this.hub.gpio;
    this.lastIn = this.ports.map((p) => (p ? p.input : 0));
    for (const p of this.ports) {
      if (!p) continue;
      p.onLevels = () => this.pinsChanged();
      p.onDetect = () => this.fire(EVENTS_PORT);
    }
  }

  /** Re-evaluates event-mode channels after pin levels changed. */
  pinsChanged(): void {
    if (this.ports.length === 0) return;
    for (let n = 0; n < CHANNELS; n++) {
      const c = this.config[n];
      if ((c & 3) !== MODE_EVENT) continue;
      const { port, pin } = this.pinOf(c);
      const p = this.ports[port];
      if (!p) continue;
      const was = (this.lastIn[port] >>> pin) & 1;
      const now = (p.input >>> pin) & 1;
      const pol = (c >> 16) & 3; // 1 LoToHi, 2 HiToLo, 3 Toggle
      if (was !== now && ((pol === 1 && now) || (pol === 2 && !now) || pol === 3)) this.fire(EVENTS_IN0 + 4 * n);
    }
    this.lastIn = this.ports.map((p) => (p ? p.input : 0));
  }

  private pinOf(c: number): { port: number; pin: number } {
    return { port: (c >> 13) & 1, pin: (c >> 8) & 0x1f };
  }

  private drive(n: number, op: 'out' | 'set' | 'clr'): void {
    const c = this.config[n];
    if ((c & 3) !== MODE_TASK) return;
    const { port, pin } = this.pinOf(c);
    const p = this.ports[port];
    if (!p) return;
    const bit = 1 << pin;
    const cur = (p.output >>> pin) & 1;
    let level: number;
    if (op === 'set') level = 1;
    else if (op === 'clr') level = 0;
    else {
      const pol = (c >> 16) & 3; // 1 LoToHi, 2 HiToLo, 3 Toggle
      level = pol === 1 ? 1 : pol === 2 ? 0 : pol === 3 ? cur ^ 1 : cur;
    }
    p.writeReg(level ? 0x508 - 0x500 : 0x50c - 0x500, bit); // OUTSET / OUTCLR
  }

  task(offset: number): void {
    this.attach();
    const n = (offset & 0x1f) >> 2;
    if (offset >= TASKS_OUT0 && offset < TASKS_OUT0 + 4 * CHANNELS) this.drive(n, 'out');
    else if (offset >= TASKS_SET0 && offset < TASKS_SET0 + 4 * CHANNELS) this.drive((offset - TASKS_SET0) >> 2, 'set');
    else if (offset >= TASKS_CLR0 && offset < TASKS_CLR0 + 4 * CHANNELS) this.drive((offset - TASKS_CLR0) >> 2, 'clr');
    else this.unimplemented(offset, true);
  }

  protected readOther(offset: number): number {
    if (offset >= CONFIG0 && offset < CONFIG0 + 4 * CHANNELS) return this.config[(offset - CONFIG0) >> 2];
    return this.unimplemented(offset, false);
  }

  protected writeOther(offset: number, value: number): void {
    this.attach();
    if (offset >= CONFIG0 && offset < CONFIG0 + 4 * CHANNELS) {
      const n = (offset - CONFIG0) >> 2;
      this.config[n] = value & 0x133f03;
      if ((value & 3) === MODE_TASK) {
        // Task mode: the pin becomes an output driven to OUTINIT (bit 20).
        const { port, pin } = this.pinOf(value);
        const p = this.ports[port];
        if (p) {
          p.writeReg(0x518 - 0x500, 1 << pin); // DIRSET
          p.writeReg(((value >> 20) & 1 ? 0x508 : 0x50c) - 0x500, 1 << pin);
        }
      }
      this.lastIn = this.ports.map((p) => (p ? p.input : 0));
      return;
    }
    this.unimplemented(offset, true);
  }

  override reset(): void {
    super.reset();
    this.config.fill(0);
  }
}

export function createGpiote(desc: PeripheralDesc, ctx: PeripheralContext): NrfGpiote {
  return new NrfGpiote(desc, ctx);
}

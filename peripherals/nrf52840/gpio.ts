/**
 * GPIO port P0 / P1 (nRF52840 PS v1.7 "GPIO — General purpose input/output").
 *
 * P0 sits at 0x50000000 and P1 at 0x50000300, so their register blocks (OUT at +0x504 ...
 * PIN_CNF[31] at +0x77C) interleave in one 4 KiB page. Each port is therefore mapped as its
 * register window only: desc.base = port base + 0x500, desc.size = 0x280, and offsets below are
 * relative to the port base as in the PS.
 *
 * OUT/OUTSET/OUTCLR, DIR/DIRSET/DIRCLR (DIR mirrors PIN_CNF.DIR), IN (driven pins read their
 * output, undriven inputs their external level set with `setInput`, else their pull resistor,
 * else 0; a disconnected input buffer reads 0), LATCH (set when a pin matches its PIN_CNF.SENSE
 * level, write 1 to clear), DETECTMODE, PIN_CNF[n]. `onOutput` is called on every change of an
 * output level (LEDs), `onDetect` when the DETECT signal rises (GPIOTE PORT event).
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';
import { configNumber, hubFor } from './common.js';

export const GPIO_WINDOW = 0x500;
const OUT = 0x504;
const OUTSET = 0x508;
const OUTCLR = 0x50c;
const IN = 0x510;
const DIR = 0x514;
const DIRSET = 0x518;
const DIRCLR = 0x51c;
const LATCH = 0x520;
const DETECTMODE = 0x524;
const PIN_CNF0 = 0x700;

const CNF_DIR = 1 << 0;
const CNF_INPUT_DISCONNECT = 1 << 1;
const PULL_DOWN = 1;
const PULL_UP = 3;
const SENSE_HIGH = 2;
const SENSE_LOW = 3;
const PIN_CNF_RESET = CNF_INPUT_DISCONNECT;

export type GpioListener = (port: number, pin: number, level: boolean, cycle: number) => void;

export class NrfGpio extends Peripheral {
  readonly port: number;
  private out = 0;
  private latch = 0;
  private detectmode = 0;
  private readonly cnf = new Uint32Array(32).fill(PIN_CNF_RESET);
  /** External drive per pin: bit set in `extMask` = driven, level in `extLevel`. */
  private extMask = 0;
  private extLevel = 0;
  private detect = false;
  onOutput: GpioListener | null = null;
  onDetect: ((port: number) => void) | null = null;
  /** Called whenever pin levels may have changed (GPIOTE event mode). */
  onLevels: (() => void) | null = null;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.port = configNumber(desc, 'port', 0);
    hubFor(ctx).gpio[this.port] = this;
  }

  private get dir(): number {
    let d = 0;
    for (let i = 0; i < 32; i++) d |= (this.cnf[i] & CNF_DIR) << i;
    return d >>> 0;
  }

  private setDir(d: number): void {
    for (let i = 0; i < 32; i++) {
      if ((d >>> i) & 1) this.cnf[i] |= CNF_DIR;
      else this.cnf[i] &= ~CNF_DIR;
    }
  }

  /** Level on the pins (what IN reads). */
  get input(): number {
    const dir = this.dir;
    let v = 0;
    for (let i = 0; i < 32; i++) {
      const c = this.cnf[i];
      if (c & CNF_INPUT_DISCONNECT) continue;
      let level: number;
      if ((dir >>> i) & 1) level = (this.out >>> i) & 1;
      else if ((this.extMask >>> i) & 1) level = (this.extLevel >>> i) & 1;
      else level = ((c >> 2) & 3) === PULL_UP ? 1 : 0;
      v |= level << i;
    }
    return v >>> 0;
  }

  /** Output latch (OUT register). */
  get output(): number {
    return this.out >>> 0;
  }

  /** Drives a pin from outside (button, test); `null` releases it. */
  setInput(pin: number, level: boolean | null): void {
    if (level === null) this.extMask &= ~(1 << pin);
    else {
      this.extMask |= 1 << pin;
      if (level) this.extLevel |= 1 << pin;
      else this.extLevel &= ~(1 << pin);
    }
    this.updateSense();
  }

  private setOut(v: number): void {
    v >>>= 0;
    const changed = (this.out ^ v) >>> 0;
    this.out = v;
    if (changed !== 0 && this.onOutput !== null) {
      const now = this.ctx.sched.now;
      for (let i = 0; i < 32; i++) if ((changed >>> i) & 1) this.onOutput(this.port, i, ((v >>> i) & 1) === 1, now);
    }
    if (changed !== 0) this.updateSense();
  }

  private updateSense(): void {
    if (this.onLevels !== null) this.onLevels();
    const inp = this.input;
    for (let i = 0; i < 32; i++) {
      const sense = (this.cnf[i] >> 16) & 3;
      if ((sense === SENSE_HIGH && (inp >>> i) & 1) || (sense === SENSE_LOW && !((inp >>> i) & 1))) this.latch |= 1 << i;
    }
    let detect = false;
    if (this.detectmode & 1) detect = this.latch !== 0;
    else {
      for (let i = 0; i < 32 && !detect; i++) {
        const sense = (this.cnf[i] >> 16) & 3;
        detect = (sense === SENSE_HIGH && ((inp >>> i) & 1) === 1) || (sense === SENSE_LOW && ((inp >>> i) & 1) === 0);
      }
    }
    if (detect && !this.detect && this.onDetect !== null) this.onDetect(this.port);
    this.detect = detect;
  }

  readReg(offset: number): number {
    const o = offset + GPIO_WINDOW;
    switch (o) {
      case OUT:
      case OUTSET:
      case OUTCLR:
        return this.out >>> 0;
      case IN:
        return this.input;
      case DIR:
      case DIRSET:
      case DIRCLR:
        return this.dir;
      case LATCH:
        return this.latch >>> 0;
      case DETECTMODE:
        return this.detectmode;
    }
    if (o >= PIN_CNF0 && o < PIN_CNF0 + 128) return this.cnf[(o - PIN_CNF0) >> 2];
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    const o = offset + GPIO_WINDOW;
    switch (o) {
      case OUT:
        this.setOut(value);
        return;
      case OUTSET:
        this.setOut(this.out | value);
        return;
      case OUTCLR:
        this.setOut(this.out & ~value);
        return;
      case IN:
        return;
      case DIR:
        this.setDir(value);
        this.updateSense();
        return;
      case DIRSET:
        this.setDir(this.dir | value);
        this.updateSense();
        return;
      case DIRCLR:
        this.setDir(this.dir & ~value);
        this.updateSense();
        return;
      case LATCH:
        this.latch &= ~value;
        this.updateSense();
        return;
      case DETECTMODE:
        this.detectmode = value & 1;
        return;
    }
    if (o >= PIN_CNF0 && o < PIN_CNF0 + 128) {
      this.cnf[(o - PIN_CNF0) >> 2] = value & 0x3070f;
      this.updateSense();
      return;
    }
    this.unimplemented(offset, true);
  }

  override reset(): void {
    this.out = 0;
    this.latch = 0;
    this.detectmode = 0;
    this.cnf.fill(PIN_CNF_RESET);
    this.detect = false;
  }
}

export function createGpio(desc: PeripheralDesc, ctx: PeripheralContext): NrfGpio {
  return new NrfGpio(desc, ctx);
}

// Pull values documented for readers of PIN_CNF (PULL field, bits 2..3).
export const GPIO_PULL = { disabled: 0, down: PULL_DOWN, up: PULL_UP } as const;

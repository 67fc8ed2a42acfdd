/**
 * FE310-G002 GPIO controller, base 0x10012000, 32 pins, PLIC sources 8..39 (pin n -> 8 + n).
 * Source: FE310-G002 Manual v1p1, chapter 17 "General Purpose Input/Output Controller (GPIO)":
 * input_val 0x00, input_en 0x04, output_en 0x08, output_val 0x0C, pue 0x10, ds 0x14, rise_ie 0x18,
 * rise_ip 0x1C, fall_ie 0x20, fall_ip 0x24, high_ie 0x28, high_ip 0x2C, low_ie 0x30, low_ip 0x34,
 * iof_en 0x38, iof_sel 0x3C, out_xor 0x40, passthru_high_ie 0x44, passthru_low_ie 0x48.
 * Pending bits are cleared by writing 1.
 *
 * Nothing drives the pins from outside: a pin reads the level it drives (output_en) or its pull-up
 * (pue) else 0, when input_en is set. The HiFive1 Rev B RGB LED is on pins 19 (green), 21 (blue),
 * 22 (red), active low; LED changes are kept in `ledLog` for tests and tools.
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';

export const GPIO_INPUT_VAL = 0x00;
export const GPIO_INPUT_EN = 0x04;
export const GPIO_OUTPUT_EN = 0x08;
export const GPIO_OUTPUT_VAL = 0x0c;
export const GPIO_PUE = 0x10;
export const GPIO_DS = 0x14;
export const GPIO_RISE_IE = 0x18;
export const GPIO_RISE_IP = 0x1c;
export const GPIO_FALL_IE = 0x20;
export const GPIO_FALL_IP = 0x24;
export const GPIO_HIGH_IE = 0x28;
export const GPIO_HIGH_IP = 0x2c;
export const GPIO_LOW_IE = 0x30;
export const GPIO_LOW_IP = 0x34;
export const GPIO_IOF_EN = 0x38;
export const GPIO_IOF_SEL = 0x3c;
export const GPIO_OUT_XOR = 0x40;
export const GPIO_PASSTHRU_HIGH_IE = 0x44;
export const GPIO_PASSTHRU_LOW_IE = 0x48;

export class Gpio extends Peripheral {
  /** Register file indexed by offset / 4. */
  private readonly r = new Uint32Array(19);
  private level = 0;
  readonly irqBase: number;
  readonly ledLog: Array<{ cycle: number; pins: number }> = [];

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.irqBase = (desc.config?.irqBase as number | undefined) ?? 8;
  }

  /** Reset: every register 0 (pins inputs, no pull-ups, no IOF, no interrupts); the LED log is kept. */
  override reset(): void {
    this.r.fill(0);
    this.prevOut = 0;
    this.update();
  }

  private pinLevels(): number {
    const r = this.r;
    const driven = (r[GPIO_OUTPUT_VAL >> 2] ^ r[GPIO_OUT_XOR >> 2]) & r[GPIO_OUTPUT_EN >> 2];
    const pulled = r[GPIO_PUE >> 2] & ~r[GPIO_OUTPUT_EN >> 2];
    return ((driven | pulled) & r[GPIO_INPUT_EN >> 2]) >>> 0;
  }

  private update(): void {
    const r = this.r;
    const nl = this.pinLevels();
    const rose = nl & ~this.level;
    const fell = this.level & ~nl;
    if (((r[GPIO_OUTPUT_VAL >> 2] ^ this.prevOut) & r[GPIO_OUTPUT_EN >> 2]) !== 0) {
      this.ledLog.push({ cycle: this.ctx.sched.now, pins: r[GPIO_OUTPUT_VAL >> 2] });
      if (this.ledLog.length > 4096) this.ledLog.shift();
    }
    this.prevOut = r[GPIO_OUTPUT_VAL >> 2];
    this.level = nl;
    r[GPIO_RISE_IP >> 2] |= rose;
    r[GPIO_FALL_IP >> 2] |= fell;
    r[GPIO_HIGH_IP >> 2] |= nl;
    r[GPIO_LOW_IP >> 2] |= ~nl & r[GPIO_INPUT_EN >> 2];
    const pend =
      (r[GPIO_RISE_IP >> 2] & r[GPIO_RISE_IE >> 2]) |
      (r[GPIO_FALL_IP >> 2] & r[GPIO_FALL_IE >> 2]) |
      (r[GPIO_HIGH_IP >> 2] & r[GPIO_HIGH_IE >> 2]) |
      (r[GPIO_LOW_IP >> 2] & r[GPIO_LOW_IE >> 2]);
    for (let i = 0; i < 32; i++) {
      const on = ((pend >>> i) & 1) === 1;
      if (on !== (((this.irqState >>> i) & 1) === 1)) this.ctx.irq.setIrq(this.irqBase + i, on);
    }
    this.irqState = pend >>> 0;
  }
  private prevOut = 0;
  private irqState = 0;

  readReg(offset: number): number {
    if (offset === GPIO_INPUT_VAL) return this.pinLevels();
    if (offset <= GPIO_PASSTHRU_LOW_IE && (offset & 3) === 0) return this.r[offset >> 2];
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    if (offset === GPIO_INPUT_VAL) return;
    if (offset > GPIO_PASSTHRU_LOW_IE) {
      this.unimplemented(offset, true);
      return;
    }
    if (offset === GPIO_RISE_IP || offset === GPIO_FALL_IP || offset === GPIO_HIGH_IP || offset === GPIO_LOW_IP) {
      this.r[offset >> 2] &= ~value; // write 1 to clear
    } else this.r[offset >> 2] = value >>> 0;
    this.update();
  }
}

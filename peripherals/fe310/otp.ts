/**
 * FE310-G002 OTP controller, base 0x10010000 (the OTP contents are also memory-mapped read-only at
 * 0x00020000, a board memory region).
 * Source: FE310-G002 Manual v1p1, chapter 21 "One-Time Programmable Memory (OTP) Peripheral":
 * lock 0x00, ck 0x04, oe 0x08, sel 0x0C, we 0x10, mr 0x14, mrr 0x18, mpp 0x1C, vrren 0x20,
 * vppen 0x24, a 0x28, d 0x2C, q 0x30, rsctrl 0x34.
 * Model: the control registers hold their values; q returns the OTP word at address `a` read from
 * the memory-mapped OTP region (blank parts read all ones). Programming is not modelled.
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';

export const OTP_LOCK = 0x00;
export const OTP_A = 0x28;
export const OTP_D = 0x2c;
export const OTP_Q = 0x30;
export const OTP_RSCTRL = 0x34;

export class Otp extends Peripheral {
  private readonly r = new Uint32Array(14);
  readonly memBase: number;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.memBase = (desc.config?.memBase as number | undefined) ?? 0x0002_0000;
    this.r[OTP_RSCTRL >> 2] = 0; // reset value of the read-sequencer control (timing) register
  }

  /** Reset: every control register 0. */
  override reset(): void {
    this.r.fill(0);
  }

  readReg(offset: number): number {
    if (offset === OTP_Q) {
      const v = this.ctx.bus.peek32(this.memBase + 4 * (this.r[OTP_A >> 2] & 0x7ff));
      return v === null ? 0xffffffff : v;
    }
    if (offset <= OTP_RSCTRL) return this.r[offset >> 2];
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    if (offset === OTP_Q) return;
    if (offset === OTP_D || offset === OTP_LOCK || offset <= OTP_RSCTRL) {
      this.r[offset >> 2] = value >>> 0;
      return;
    }
    this.unimplemented(offset, true);
  }
}

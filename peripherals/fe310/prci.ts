/**
 * FE310-G002 PRCI (power, reset, clock, interrupt), base 0x10008000.
 * Source: FE310-G002 Manual v1p1, chapter 6 "Clock Generation": hfrosccfg 0x00 (div 5:0, trim 20:16,
 * en 30, rdy 31), hfxosccfg 0x04 (en 30, rdy 31), pllcfg 0x08 (pllr 2:0, pllf 9:4, pllq 11:10,
 * pllsel 16, pllrefsel 17, pllbypass 18, plllock 31), plloutdiv 0x0C (div 5:0, divby1 8),
 * procmoncfg 0xF0. PLL: out = ref / (r+1) * 2(f+1) / 2^q; plloutdiv: out / 2(div+1) unless divby1.
 * hfclk = pllsel ? PLL path : HFROSC.
 *
 * Model choices (documented): the HFROSC runs at 13.8 MHz with its reset settings (div=4, trim=16)
 * as the manual states for the reset clock, i.e. a 69 MHz base divided by div+1; each trim step
 * away from 16 changes the frequency by 1.5 % (the manual gives only the approximate step).
 * The HFXOSC is the HiFive1 Rev B's 16 MHz crystal. Oscillators are ready and the PLL locks at
 * once (the lock time is not modelled). The core clock (ctx.clock) follows every write.
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';

export const PRCI_HFROSCCFG = 0x00;
export const PRCI_HFXOSCCFG = 0x04;
export const PRCI_PLLCFG = 0x08;
export const PRCI_PLLOUTDIV = 0x0c;
export const PRCI_PROCMONCFG = 0xf0;

const HFROSC_BASE_HZ = 69_000_000;
const HFROSCCFG_RESET = (1 << 30) | (16 << 16) | 4; // en, trim 16, div 4
const HFXOSCCFG_RESET = 1 << 30; // en
const PLLCFG_RESET = (1 << 18) | (1 << 17) | (3 << 10) | (31 << 4) | 1; // bypass, refsel hfxosc, q=3, f=31, r=1
const PLLOUTDIV_RESET = 1 << 8; // divby1
const TRIM_STEP = 0.015;

export class Prci extends Peripheral {
  hfrosccfg = HFROSCCFG_RESET;
  hfxosccfg = HFXOSCCFG_RESET;
  pllcfg = PLLCFG_RESET;
  plloutdiv = PLLOUTDIV_RESET;
  procmoncfg = 0;
  readonly hfxoscHz: number;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.hfxoscHz = (desc.config?.hfxoscHz as number | undefined) ?? 16_000_000;
  }

  /** Reset: back on the HFROSC (13.8 MHz), PLL bypassed; the core clock follows. */
  override reset(): void {
    this.hfrosccfg = HFROSCCFG_RESET;
    this.hfxosccfg = HFXOSCCFG_RESET;
    this.pllcfg = PLLCFG_RESET;
    this.plloutdiv = PLLOUTDIV_RESET;
    this.procmoncfg = 0;
    this.apply();
  }

  get hfroscHz(): number {
    const div = this.hfrosccfg & 0x3f;
    const trim = (this.hfrosccfg >>> 16) & 0x1f;
    return Math.round((HFROSC_BASE_HZ * (1 + TRIM_STEP * (trim - 16))) / (div + 1));
  }

  /** The core clock the current register values select. */
  get hfclkHz(): number {
    const p = this.pllcfg;
    if (((p >>> 16) & 1) === 0) return this.hfroscHz;
    const ref = (p >>> 17) & 1 ? this.hfxoscHz : this.hfroscHz;
    let out: number;
    if ((p >>> 18) & 1) out = ref;
    else {
      const r = (p & 7) + 1;
      const f = 2 * (((p >>> 4) & 0x3f) + 1);
      const q = 1 << ((p >>> 10) & 3);
      out = (ref / r) * f / q;
    }
    if ((this.plloutdiv >>> 8) & 1) return out;
    return out / (2 * ((this.plloutdiv & 0x3f) + 1));
  }

  private apply(): void {
    this.ctx.clock.setHz(this.hfclkHz);
  }

  readReg(offset: number): number {
    switch (offset) {
      case PRCI_HFROSCCFG:
        return (this.hfrosccfg | ((this.hfrosccfg >>> 30) & 1 ? 1 << 31 : 0)) >>> 0;
      case PRCI_HFXOSCCFG:
        return (this.hfxosccfg | ((this.hfxosccfg >>> 30) & 1 ? 1 << 31 : 0)) >>> 0;
      case PRCI_PLLCFG:
        return (this.pllcfg | (1 << 31)) >>> 0; // locked
      case PRCI_PLLOUTDIV:
        return this.plloutdiv;
      case PRCI_PROCMONCFG:
        return this.procmoncfg;
    }
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    switch (offset) {
      case PRCI_HFROSCCFG:
        this.hfrosccfg = value & 0x401f003f;
        this.apply();
        return;
      case PRCI_HFXOSCCFG:
        this.hfxosccfg = value & 0x40000000;
        return;
      case PRCI_PLLCFG:
        this.pllcfg = value & 0x00070ff7;
        this.apply();
        return;
      case PRCI_PLLOUTDIV:
        this.plloutdiv = value & 0x13f;
        this.apply();
        return;
      case PRCI_PROCMONCFG:
        this.procmoncfg = value;
        return;
    }
    this.unimplemented(offset, true);
  }
}

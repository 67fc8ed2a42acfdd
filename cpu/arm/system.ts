/**
 * The Cortex-M4 private peripheral bus (0xE0000000 - 0xE00FFFFF) as one MMIO device: ITM, DWT, and
 * the System Control Space (SysTick, NVIC, SCB, MPU, FP control). Register map: ARM DDI 0403E B3.2
 * (SCS), B3.3 (SysTick), B3.4 (NVIC), B3.5 (MPU), C1.8 (DWT), C1.7 (ITM); Cortex-M4 TRM (DDI 0439B)
 * chapter 4 for the implementation-defined values (CPUID r0p1, MPU 8 regions, FPU feature registers).
 * The core keeps the state the interpreter needs (priorities, pending bits, masks); this file
 * formats it as registers. SysTick is timed with a scheduler event, never polled.
 */
import type { MmioDevice } from '../../peripherals/bus.js';
import type { CpuHost } from '../../machine/cpu.js';
import type { SchedEvent } from '../../peripherals/scheduler.js';
import {
  type CortexM4, EXC_MEMMANAGE, EXC_BUSFAULT, EXC_USAGEFAULT, EXC_SVCALL, EXC_PENDSV, EXC_SYSTICK, EXC_NMI, EXC_DEBUGMON,
  FPCCR_ASPEN, FPCCR_LSPEN, FPCCR_LSPACT,
} from './core.js';

const BASE = 0xe0000000;
// offsets from 0xE0000000
const ITM_STIM0 = 0x0000;
const ITM_TER = 0x0e00;
const ITM_TCR = 0x0e80;
const DWT = 0x1000;
const DWT_CTRL = DWT + 0x00;
const DWT_CYCCNT = DWT + 0x04;
const SCS = 0xe000;
const ICTR = SCS + 0x004;
const ACTLR = SCS + 0x008;
const SYST_CSR = SCS + 0x010;
const SYST_RVR = SCS + 0x014;
const SYST_CVR = SCS + 0x018;
const SYST_CALIB = SCS + 0x01c;
const NVIC_ISER = SCS + 0x100;
const NVIC_ICER = SCS + 0x180;
const NVIC_ISPR = SCS + 0x200;
const NVIC_ICPR = SCS + 0x280;
const NVIC_IABR = SCS + 0x300;
const NVIC_IPR = SCS + 0x400;
const CPUID = SCS + 0xd00;
const ICSR = SCS + 0xd04;
const VTOR = SCS + 0xd08;
const AIRCR = SCS + 0xd0c;
const SCR = SCS + 0xd10;
const CCR = SCS + 0xd14;
const SHPR1 = SCS + 0xd18;
const SHCSR = SCS + 0xd24;
const CFSR = SCS + 0xd28;
const HFSR = SCS + 0xd2c;
const DFSR = SCS + 0xd30;
const MMFAR = SCS + 0xd34;
const BFAR = SCS + 0xd38;
const AFSR = SCS + 0xd3c;
const ID_PFR0 = SCS + 0xd40;
const CPACR = SCS + 0xd88;
const MPU_TYPE = SCS + 0xd90;
const MPU_CTRL = SCS + 0xd94;
const MPU_RNR = SCS + 0xd98;
const MPU_RBAR = SCS + 0xd9c;
const MPU_RASR = SCS + 0xda0;
const DHCSR = SCS + 0xdf0;
const DEMCR = SCS + 0xdfc;
const STIR = SCS + 0xf00;
const FPCCR = SCS + 0xf34;
const FPCAR = SCS + 0xf38;
const FPDSCR = SCS + 0xf3c;
const MVFR0 = SCS + 0xf40;
const MVFR1 = SCS + 0xf44;

/** Cortex-M4 r0p1 (TRM 4.3 "CPUID"). */
const CPUID_VALUE = 0x410fc241;
/** Feature registers of the Cortex-M4 (TRM table 4-2): PFR0, PFR1, DFR0, AFR0, MMFR0-3, ISAR0-4. */
const ID_REGS = [0x30, 0x200, 0x100000, 0, 0x100030, 0, 0x1000000, 0, 0x1101110, 0x2111000, 0x21112231, 0x1111110, 0x1310132];
/** FPv4-SP media and FP feature registers (TRM 7.2). */
const MVFR0_VALUE = 0x10110021;
const MVFR1_VALUE = 0x11000011;

export class SystemSpace implements MmioDevice {
  readonly name = 'PPB';
  readonly base = BASE;
  readonly size = 0x100000;
  readonly waitStates = 0;

  // SysTick (B3.3): the counter is computed from the cycle it was last (re)started
  private stCsr = 0;
  private stRvr = 0;
  /** Cycle at which the counter held stStartVal. */
  private stStart = 0;
  private stStartVal = 0;
  /** Zero crossings already reported through COUNTFLAG. */
  private stFlagSeen = 0;
  private readonly stEvent: SchedEvent;
  // DWT
  private dwtCtrl = 0x40000000; // NUMCOMP = 4
  private cyccntBase = 0;
  private cyccntSince = 0;
  private demcr = 0;
  private actlr = 0;
  private fpdscr = 0;
  private mpuRnr = 0;
  private itmTer = 0;
  private itmTcr = 0;

  constructor(
    private readonly core: CortexM4,
    private readonly host: CpuHost,
  ) {
    this.stEvent = host.sched.event('SysTick', () => this.sysTickFire());
  }

  reset(): void {
    this.stCsr = 0;
    this.stRvr = 0;
    this.stStart = this.host.sched.now;
    this.stStartVal = 0;
    this.stFlagSeen = 0;
    this.host.sched.cancel(this.stEvent);
    this.dwtCtrl = 0x40000000;
    this.cyccntBase = 0;
    this.cyccntSince = this.host.sched.now;
    this.demcr = 0;
    this.actlr = 0;
    this.fpdscr = 0;
    this.mpuRnr = 0;
  }

  // ---------------------------------------------------------------- SysTick

  private get stRunning(): boolean {
    return (this.stCsr & 1) !== 0;
  }

  /** Number of 1->0 transitions of the counter in (stStart, t]. */
  private stZeros(t: number): number {
    const el = t - this.stStart;
    if (el <= 0) return 0;
    const v0 = this.stStartVal;
    const period = this.stRvr + 1;
    // first zero at v0 cycles (if v0 > 0), then every `period` cycles when RVR > 0
    let z = 0;
    let next: number;
    if (v0 > 0) {
      if (el < v0) return 0;
      z = 1;
      next = v0 + period;
    } else next = 1 + this.stRvr; // reload at the first tick, then count down RVR cycles
    if (this.stRvr === 0) return z;
    if (el >= next) z += Math.floor((el - next) / period) + 1;
    return z;
  }

  private stValue(t: number): number {
    if (!this.stRunning) return this.stStartVal;
    const el = t - this.stStart;
    const v0 = this.stStartVal;
    if (el <= v0) return v0 - el;
    const period = this.stRvr + 1;
    const ph = (el - v0) % period;
    return ph === 0 ? 0 : period - ph;
  }

  /** Cycle of the next zero crossing after now, or -1. */
  private stNextZero(): number {
    const now = this.host.sched.now;
    const el = now - this.stStart;
    const v0 = this.stStartVal;
    if (v0 > 0 && el < v0) return this.stStart + v0;
    if (this.stRvr === 0) return -1;
    const period = this.stRvr + 1;
    const first = v0 > 0 ? v0 + period : period;
    if (el < first) return this.stStart + first;
    const k = Math.floor((el - first) / period) + 1;
    return this.stStart + first + k * period;
  }

  private stArm(): void {
    const s = this.host.sched;
    s.cancel(this.stEvent);
    if (!this.stRunning || (this.stCsr & 2) === 0) return;
    const t = this.stNextZero();
    if (t >= 0) s.at(this.stEvent, t);
  }

  private stRestart(value: number): void {
    this.stStart = this.host.sched.now;
    this.stStartVal = value;
    this.stFlagSeen = 0;
  }

  private sysTickFire(): void {
    if (this.stRunning && this.stCsr & 2) this.core.setPending(EXC_SYSTICK);
    this.stArm();
  }

  // ---------------------------------------------------------------- DWT

  get cyccnt(): number {
    const en = (this.dwtCtrl & 1) !== 0 && (this.demcr & (1 << 24)) !== 0;
    return en ? (this.cyccntBase + (this.host.sched.now - this.cyccntSince)) >>> 0 : this.cyccntBase >>> 0;
  }

  private freezeCyccnt(): void {
    this.cyccntBase = this.cyccnt;
    this.cyccntSince = this.host.sched.now;
  }

  // ---------------------------------------------------------------- MmioDevice

  read(offset: number, size: number): number {
    const c = this.core;
    if (offset >= NVIC_IPR && offset < NVIC_IPR + 0xf0) {
      let v = 0;
      for (let i = 0; i < size; i++) {
        const n = 16 + offset - NVIC_IPR + i;
        v |= (n < c.nExc ? c.prio[n] : 0) << (8 * i);
      }
      return v >>> 0;
    }
    if (offset >= SHPR1 && offset < SHPR1 + 12) {
      let v = 0;
      for (let i = 0; i < size; i++) v |= c.prio[4 + offset - SHPR1 + i] << (8 * i);
      return v >>> 0;
    }
    const word = this.readReg(offset & ~3) >>> 0;
    if (size === 4) return word;
    return (word >>> ((offset & 3) * 8)) & (size === 1 ? 0xff : 0xffff);
  }

  write(offset: number, size: number, value: number): void {
    const c = this.core;
    if (offset >= NVIC_IPR && offset < NVIC_IPR + 0xf0) {
      for (let i = 0; i < size; i++) {
        const n = 16 + offset - NVIC_IPR + i;
        if (n < c.nExc) c.prio[n] = (value >>> (8 * i)) & c.prioMask();
      }
      c.nvicChanged();
      return;
    }
    if (offset >= SHPR1 && offset < SHPR1 + 12) {
      for (let i = 0; i < size; i++) {
        const n = 4 + offset - SHPR1 + i;
        if (n === EXC_MEMMANAGE || n === EXC_BUSFAULT || n === EXC_USAGEFAULT || n === EXC_SVCALL || n === EXC_DEBUGMON || n === EXC_PENDSV || n === EXC_SYSTICK) {
          c.prio[n] = (value >>> (8 * i)) & c.prioMask();
        }
      }
      c.nvicChanged();
      return;
    }
    if (size !== 4) {
      // narrow writes to word registers: merge into the byte lane (ITM stimulus ports take bytes)
      if (offset < 0x100 && (offset & ~3) === ITM_STIM0) {
        this.itmWrite(value & (size === 1 ? 0xff : 0xffff), size);
        return;
      }
      const sh = (offset & 3) * 8;
      const mask = (size === 1 ? 0xff : 0xffff) << sh;
      const cur = this.readReg(offset & ~3);
      this.writeReg(offset & ~3, ((cur & ~mask) | ((value << sh) & mask)) >>> 0);
      return;
    }
    this.writeReg(offset, value >>> 0);
  }

  private itmWrite(v: number, size: number): void {
    if ((this.itmTcr & 1) === 0 && (this.itmTer & 1) === 0 && this.itmTcr === 0 && this.itmTer === 0) {
      // ITM not enabled by the firmware: still print (no debugger to configure it)
    }
    for (let i = 0; i < size; i++) this.host.console.write((v >>> (8 * i)) & 0xff);
  }

  private readReg(off: number): number {
    const c = this.core;
    if (off >= ITM_STIM0 && off < ITM_STIM0 + 0x80) return 1; // stimulus port ready
    if (off >= NVIC_ISER && off < NVIC_IABR + 0x40) return this.nvicBits(off);
    if (off >= ID_PFR0 && off < ID_PFR0 + 4 * ID_REGS.length) return ID_REGS[(off - ID_PFR0) >>> 2];
    switch (off) {
      case ITM_TER: return this.itmTer;
      case ITM_TCR: return this.itmTcr;
      case DWT_CTRL: return this.dwtCtrl;
      case DWT_CYCCNT: return this.cyccnt;
      case DWT + 0x08: case DWT + 0x0c: case DWT + 0x10: case DWT + 0x14: case DWT + 0x18: return 0; // CPI/EXC/SLEEP/LSU/FOLD counters read 0
      case DWT + 0x1c: return c.pcv >>> 0; // PCSR
      case ICTR: return Math.ceil(c.irqCount / 32) - 1;
      case ACTLR: return this.actlr;
      case SYST_CSR: {
        const now = this.host.sched.now;
        let v = this.stCsr & 7;
        v |= 4; // CLKSOURCE reads as processor clock
        if (this.stRunning) {
          const z = this.stZeros(now);
          if (z > this.stFlagSeen) v |= 1 << 16;
          this.stFlagSeen = z;
        }
        return v;
      }
      case SYST_RVR: return this.stRvr;
      case SYST_CVR: return this.stValue(this.host.sched.now);
      case SYST_CALIB: return 0xc0000000; // NOREF, SKEW: no calibration value
      case CPUID: return CPUID_VALUE;
      case ICSR: return this.icsr();
      case VTOR: return c.vtor >>> 0;
      case AIRCR: return (0xfa050000 | (c.prigroup << 8)) >>> 0;
      case SCR: return c.scr;
      case CCR: return c.ccr;
      case SHCSR: return this.shcsr();
      case CFSR: return c.cfsr >>> 0;
      case HFSR: return c.hfsr >>> 0;
      case DFSR: return 0;
      case MMFAR: return c.mmfar >>> 0;
      case BFAR: return c.bfar >>> 0;
      case AFSR: return 0;
      case CPACR: return c.cpacr >>> 0;
      case MPU_TYPE: return 8 << 8;
      case MPU_CTRL: return c.mpuCtrl;
      case MPU_RNR: return this.mpuRnr;
      case MPU_RBAR: case MPU_RBAR + 8: case MPU_RBAR + 16: case MPU_RBAR + 24:
        return ((c.mpuRbar[this.mpuRnr] & ~0x1f) | this.mpuRnr) >>> 0;
      case MPU_RASR: case MPU_RASR + 8: case MPU_RASR + 16: case MPU_RASR + 24:
        return c.mpuRasr[this.mpuRnr] >>> 0;
      case DHCSR: return 0;
      case DEMCR: return this.demcr >>> 0;
      case FPCCR: return c.fp.present ? c.fpccr >>> 0 : 0;
      case FPCAR: return c.fpcar >>> 0;
      case FPDSCR: return this.fpdscr;
      case MVFR0: return c.fp.present ? MVFR0_VALUE : 0;
      case MVFR1: return c.fp.present ? MVFR1_VALUE : 0;
      case STIR: return 0;
    }
    if (off >= 0xfd0 + SCS && off < 0x1000 + SCS) return 0; // peripheral / component ID
    this.unknown(off, false);
    return 0;
  }

  private writeReg(off: number, v: number): void {
    const c = this.core;
    if (off >= ITM_STIM0 && off < ITM_STIM0 + 0x80) {
      if (off === ITM_STIM0) this.itmWrite(v, 4);
      return;
    }
    if (off >= NVIC_ISER && off < NVIC_IABR) {
      this.nvicWrite(off, v);
      return;
    }
    switch (off) {
      case ITM_TER: this.itmTer = v; return;
      case ITM_TCR: this.itmTcr = v; return;
      case DWT + 0xfb0: return; // LAR
      case DWT_CTRL:
        this.freezeCyccnt();
        this.dwtCtrl = (this.dwtCtrl & 0xf0000000) | (v & 0x0fffffff);
        return;
      case DWT_CYCCNT:
        this.cyccntBase = v;
        this.cyccntSince = this.host.sched.now;
        return;
      case ACTLR: this.actlr = v & 0x307; return;
      case SYST_CSR: {
        const wasRunning = this.stRunning;
        const cur = this.stValue(this.host.sched.now);
        this.stCsr = v & 7;
        if (!wasRunning && this.stRunning) this.stRestart(cur);
        else if (wasRunning && !this.stRunning) this.stStartVal = cur;
        this.stArm();
        return;
      }
      case SYST_RVR: {
        const cur = this.stValue(this.host.sched.now);
        this.stRvr = v & 0xffffff;
        this.stRestart(cur);
        this.stArm();
        return;
      }
      case SYST_CVR:
        // any write clears the counter and COUNTFLAG (B3.3.4)
        this.stRestart(0);
        this.stArm();
        return;
      case ICSR: this.icsrWrite(v); return;
      case VTOR: c.vtor = v & 0xffffff80; return;
      case AIRCR:
        if ((v >>> 16) !== 0x05fa) return;
        c.prigroup = (v >>> 8) & 7;
        if (v & 4) {
          // SYSRESETREQ (B3.2.6): a system reset, core and peripherals, through the machine when it
          // offers one (it resets the core at the end of this instruction); the core alone otherwise.
          if (this.host.requestSystemReset) this.host.requestSystemReset('the core requested a reset (AIRCR.SYSRESETREQ)');
          else {
            this.host.sched.requestBreak();
            c.reset();
          }
          return;
        }
        if (v & 2) {
          // VECTCLRACTIVE (debug only): clears active state
          c.active.fill(0);
          c.activeCount = 0;
        }
        c.nvicChanged();
        return;
      case SCR: c.scr = v & 0x16; return;
      case CCR: c.ccr = (v & 0x31b) | 0x200; return;
      case SHCSR: this.shcsrWrite(v); return;
      case CFSR: c.cfsr &= ~v; return; // write-one-to-clear
      case HFSR: c.hfsr &= ~v; return;
      case DFSR: case AFSR: return;
      case MMFAR: c.mmfar = v; return;
      case BFAR: c.bfar = v; return;
      case CPACR: c.cpacr = v & 0x00f00000; return;
      case MPU_CTRL:
        c.mpuCtrl = v & 7;
        c.mpuOn = (v & 1) !== 0;
        c.mpuChanged();
        return;
      case MPU_RNR: this.mpuRnr = v & 7; return;
      case MPU_RBAR: case MPU_RBAR + 8: case MPU_RBAR + 16: case MPU_RBAR + 24:
        if (v & 0x10) this.mpuRnr = v & 7;
        c.mpuRbar[this.mpuRnr] = v & ~0x1f;
        c.mpuChanged();
        return;
      case MPU_RASR: case MPU_RASR + 8: case MPU_RASR + 16: case MPU_RASR + 24:
        c.mpuRasr[this.mpuRnr] = v;
        c.mpuChanged();
        return;
      case DHCSR: return;
      case DEMCR:
        this.freezeCyccnt();
        this.demcr = v & 0x010f07f1;
        return;
      case STIR:
        if ((v & 0x1ff) < c.irqCount) c.setPending(16 + (v & 0x1ff));
        return;
      case FPCCR:
        if (c.fp.present) c.fpccr = ((c.fpccr & 0x3fffffff & ~0x17b) | (v & (FPCCR_ASPEN | FPCCR_LSPEN)) | (v & FPCCR_LSPACT)) >>> 0;
        return;
      case FPCAR: c.fpcar = v & ~7; return;
      case FPDSCR:
        this.fpdscr = v & 0x07c00000;
        if (c.fp.state) c.fp.state.fpdscr = this.fpdscr;
        return;
    }
    this.unknown(off, true);
  }

  private unknown(off: number, write: boolean): void {
    const addr = '0x' + (BASE + off).toString(16);
    if (this.host.diag.strict) this.host.bus.raise(BASE + off, 4, write ? 'write' : 'read', `system register ${addr} is not implemented (--strict)`);
    this.host.diag.warnOnce(`PPB:${off}:${write}`, `warning: system register at ${addr} is not implemented (${write ? 'write ignored' : 'read as 0'})`);
  }

  // ---------------------------------------------------------------- NVIC

  private nvicBits(off: number): number {
    const c = this.core;
    const group = (off - NVIC_ISER) >>> 7; // 0 ISER, 1 ICER, 2 ISPR, 3 ICPR, 4 IABR
    const word = ((off - NVIC_ISER) & 0x7f) >>> 2;
    let v = 0;
    for (let b = 0; b < 32; b++) {
      const n = 16 + word * 32 + b;
      if (n >= c.nExc) break;
      const bit = group <= 1 ? c.enabled[n] : group <= 3 ? c.pending[n] : c.active[n];
      if (bit) v |= 1 << b;
    }
    return v >>> 0;
  }

  private nvicWrite(off: number, v: number): void {
    const c = this.core;
    const group = (off - NVIC_ISER) >>> 7;
    const word = ((off - NVIC_ISER) & 0x7f) >>> 2;
    for (let b = 0; b < 32; b++) {
      if (((v >>> b) & 1) === 0) continue;
      const n = 16 + word * 32 + b;
      if (n >= c.nExc) break;
      switch (group) {
        case 0: c.enabled[n] = 1; break;
        case 1: c.enabled[n] = 0; break;
        case 2: c.setPending(n); break;
        case 3:
          c.clearPending(n);
          if (c.level[n]) c.setPending(n); // the line is still asserted: pends again
          break;
      }
    }
    c.nvicChanged();
  }

  // ---------------------------------------------------------------- SCB

  private icsr(): number {
    const c = this.core;
    let v = c.ipsr & 0x1ff; // VECTACTIVE
    // VECTPENDING: highest-priority pending enabled exception
    let best = 0;
    let bp = 1e9;
    for (let i = 2; i < c.nExc; i++) {
      if (!c.pending[i] || (i >= 16 && !c.enabled[i])) continue;
      const p = c.groupPri(i) * 1024 + (i <= 3 ? i - 4 : c.prio[i]);
      if (p < bp) {
        bp = p;
        best = i;
      }
    }
    v |= best << 12;
    let isr = false;
    for (let i = 16; i < c.nExc; i++) if (c.pending[i]) isr = true;
    if (isr) v |= 1 << 22; // ISRPENDING
    // RETTOBASE: only one active exception
    if (c.activeCount <= 1 && c.ipsr !== 0) v |= 1 << 11;
    if (c.pending[EXC_SYSTICK]) v |= 1 << 26;
    if (c.pending[EXC_PENDSV]) v |= 1 << 28;
    if (c.pending[EXC_NMI]) v |= 1 << 31;
    return v >>> 0;
  }

  private icsrWrite(v: number): void {
    const c = this.core;
    if (v & (1 << 31)) c.setPending(EXC_NMI);
    if (v & (1 << 28)) c.setPending(EXC_PENDSV);
    if (v & (1 << 27)) c.clearPending(EXC_PENDSV);
    if (v & (1 << 26)) c.setPending(EXC_SYSTICK);
    if (v & (1 << 25)) c.clearPending(EXC_SYSTICK);
    c.nvicChanged();
  }

  private shcsr(): number {
    const c = this.core;
    let v = 0;
    if (c.active[EXC_MEMMANAGE]) v |= 1 << 0;
    if (c.active[EXC_BUSFAULT]) v |= 1 << 1;
    if (c.active[EXC_USAGEFAULT]) v |= 1 << 3;
    if (c.active[EXC_SVCALL]) v |= 1 << 7;
    if (c.active[EXC_DEBUGMON]) v |= 1 << 8;
    if (c.active[EXC_PENDSV]) v |= 1 << 10;
    if (c.active[EXC_SYSTICK]) v |= 1 << 11;
    if (c.pending[EXC_USAGEFAULT]) v |= 1 << 12;
    if (c.pending[EXC_MEMMANAGE]) v |= 1 << 13;
    if (c.pending[EXC_BUSFAULT]) v |= 1 << 14;
    if (c.pending[EXC_SVCALL]) v |= 1 << 15;
    if (c.enabled[EXC_MEMMANAGE]) v |= 1 << 16;
    if (c.enabled[EXC_BUSFAULT]) v |= 1 << 17;
    if (c.enabled[EXC_USAGEFAULT]) v |= 1 << 18;
    return v;
  }

  private shcsrWrite(v: number): void {
    const c = this.core;
    const set = (n: number, bit: number, arr: Uint8Array, isActive: boolean) => {
      const on = (v >>> bit) & 1;
      if (isActive) {
        if (arr[n] !== on) c.activeCount += on ? 1 : -1;
      }
      arr[n] = on;
    };
    set(EXC_MEMMANAGE, 0, c.active, true);
    set(EXC_BUSFAULT, 1, c.active, true);
    set(EXC_USAGEFAULT, 3, c.active, true);
    set(EXC_SVCALL, 7, c.active, true);
    set(EXC_DEBUGMON, 8, c.active, true);
    set(EXC_PENDSV, 10, c.active, true);
    set(EXC_SYSTICK, 11, c.active, true);
    const pend = (n: number, bit: number) => {
      if ((v >>> bit) & 1) c.setPending(n);
      else c.clearPending(n);
    };
    pend(EXC_USAGEFAULT, 12);
    pend(EXC_MEMMANAGE, 13);
    pend(EXC_BUSFAULT, 14);
    pend(EXC_SVCALL, 15);
    c.enabled[EXC_MEMMANAGE] = (v >>> 16) & 1;
    c.enabled[EXC_BUSFAULT] = (v >>> 17) & 1;
    c.enabled[EXC_USAGEFAULT] = (v >>> 18) & 1;
    c.nvicChanged();
  }
}

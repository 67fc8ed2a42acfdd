/**
 * FE310-G002 always-on domain (AON), base 0x10000000: watchdog (PLIC source 1), RTC (source 2),
 * low-frequency clock, backup registers and PMU.
 * Source: FE310-G002 Manual v1p1, chapters 12-16: wdogcfg 0x000 (scale 3:0, rsten 8, zerocmp 9,
 * enalways 12, encoreawake 13, ip0 28), wdogcount 0x008, wdogs 0x010, wdogfeed 0x018 (0xD09F00D),
 * wdogkey 0x01C (0x51F15E unlocks the next write), wdogcmp0 0x020; rtccfg 0x040 (scale 3:0,
 * enalways 12, ip0 28), rtccountlo 0x048, rtccounthi 0x04C, rtcs 0x050, rtccmp0 0x060;
 * lfrosccfg 0x070, lfclkmux 0x07C; backup registers 0x080-0x0BC; PMU wakeup program 0x100-0x11C,
 * sleep program 0x120-0x13C, pmuie 0x140, pmucause 0x144, pmusleep 0x148, pmukey 0x14C
 * (0x51F15E). Both counters run on lfclk (32.768 kHz on the HiFive1 Rev B, external crystal).
 *
 * Counters are computed from the core cycle count; compare matches are scheduler events.
 *
 * Resets and power (model choices, [check] against the manual's chapter 12 "Watchdog Timer" and
 * chapter 15 "Power Management Unit"):
 *  - With wdogcfg.rsten set, the watchdog comparator firing resets the chip through the machine
 *    (`ctx.system.reset`): the core and every peripheral restart. The AON domain keeps its state
 *    (RTC, lfclk settings, backup registers, PMU programs) except the watchdog itself, which comes
 *    back disabled; pmucause reads resetcause = 2 (watchdog) after it. RIOT's pm_reboot() on the
 *    FE310 reboots this way (wdogcmp0 = 0, rsten | enalways).
 *  - A reset the AON did not cause is taken as the external reset pin: resetcause = 1.
 *  - Writing pmusleep (after the key) enters the PMU sleep sequence, which powers the core off.
 *    Waking up (RTC or the dwakeup pin, pmuie) restarts the chip through its reset path; that
 *    wake-up is not modelled: the run ends (`ctx.system.powerOff`) with the wake-up sources named.
 * pmucause: wakeupcause 1:0 (0 reset, 1 RTC, 2 dwakeup), resetcause 9:8 (0 power-on, 1 external,
 * 2 watchdog).
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';
import type { SchedEvent } from '../scheduler.js';

export const AON_WDOGCFG = 0x000;
export const AON_WDOGCOUNT = 0x008;
export const AON_WDOGS = 0x010;
export const AON_WDOGFEED = 0x018;
export const AON_WDOGKEY = 0x01c;
export const AON_WDOGCMP0 = 0x020;
export const AON_RTCCFG = 0x040;
export const AON_RTCCOUNTLO = 0x048;
export const AON_RTCCOUNTHI = 0x04c;
export const AON_RTCS = 0x050;
export const AON_RTCCMP0 = 0x060;
export const AON_LFROSCCFG = 0x070;
export const AON_LFCLKMUX = 0x07c;
export const AON_BACKUP0 = 0x080;
export const AON_PMUWAKEUPI0 = 0x100;
export const AON_PMUSLEEPI0 = 0x120;
export const AON_PMUIE = 0x140;
export const AON_PMUCAUSE = 0x144;
export const AON_PMUSLEEP = 0x148;
export const AON_PMUKEY = 0x14c;

export const AON_KEY = 0x51f15e;
export const WDOG_FOOD = 0xd09f00d;

const TWO32 = 4294967296;

/** A counter on lfclk that counts while enabled, computed lazily. */
class LfCounter {
  private base = 0;
  private since = -1;
  constructor(private readonly ctx: PeripheralContext, private readonly hz: number) {}
  get value(): number {
    return this.since < 0 ? this.base : this.base + this.ctx.clock.ticksBetween(this.since, this.ctx.sched.now, this.hz);
  }
  set value(v: number) {
    this.base = v;
    if (this.since >= 0) this.since = this.ctx.sched.now;
  }
  get running(): boolean {
    return this.since >= 0;
  }
  run(on: boolean): void {
    if (on === this.running) return;
    this.base = this.value;
    this.since = on ? this.ctx.sched.now : -1;
  }
  /** Core cycle at which the counter reaches `ticks` (running counters only). */
  cycleAt(ticks: number): number {
    return this.ctx.clock.tickToCycle(this.since, this.base, ticks, this.hz);
  }
  rebase(): void {
    if (this.since >= 0) {
      this.base = this.value;
      this.since = this.ctx.sched.now;
    }
  }
}

export class Aon extends Peripheral {
  readonly lfclkHz: number;
  private readonly rtc: LfCounter;
  private readonly wdog: LfCounter;
  private rtccfg = 0;
  private rtccmp0 = 0xffffffff;
  private wdogcfg = 0;
  private wdogcmp0 = 0xffff;
  private unlocked = false;
  private lfrosccfg = 0;
  private lfclkmux = 0;
  private readonly backup = new Uint32Array(16);
  private readonly pmuProg = new Uint32Array(16);
  private pmuie = 0;
  private pmucause = 0;
  private readonly rtcEv: SchedEvent;
  private readonly wdogEv: SchedEvent;
  private rtcIp = false;
  private wdogIp = false;
  private readonly wdogIrq: number;
  /** This AON asked the machine for the reset now in progress (watchdog). */
  private wdogResetRequested = false;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.lfclkHz = (desc.config?.lfclkHz as number | undefined) ?? 32768;
    this.wdogIrq = (desc.config?.wdogIrq as number | undefined) ?? 1;
    this.rtc = new LfCounter(ctx, this.lfclkHz);
    this.wdog = new LfCounter(ctx, this.lfclkHz);
    this.rtcEv = ctx.sched.event(`${desc.name}.rtccmp`, () => this.updateRtc());
    this.wdogEv = ctx.sched.event(`${desc.name}.wdogcmp`, () => this.updateWdog());
    ctx.clock.onChange(() => {
      this.rtc.rebase();
      this.wdog.rebase();
      this.updateRtc();
      this.updateWdog();
    });
  }

  /**
   * Chip reset: the watchdog returns to its reset state (disabled, count 0, wdogcmp0 0xffff); the
   * rest of the always-on domain keeps running. pmucause records why.
   */
  override reset(): void {
    this.pmucause = (this.wdogResetRequested ? 2 : 1) << 8;
    this.wdogResetRequested = false;
    this.wdogcfg = 0;
    this.wdogcmp0 = 0xffff;
    this.wdog.run(false);
    this.wdog.value = 0;
    this.wdogIp = false;
    this.ctx.irq.setIrq(this.wdogIrq, false);
    this.ctx.sched.cancel(this.wdogEv);
    this.unlocked = false;
  }

  private get rtcs(): number {
    return Math.floor(this.rtc.value / 2 ** (this.rtccfg & 0xf)) % TWO32;
  }

  private updateRtc(): void {
    const ip = this.rtcs >= this.rtccmp0;
    if (ip !== this.rtcIp) {
      this.rtcIp = ip;
      this.setIrq(ip);
    }
    if (!ip && this.rtc.running) {
      this.ctx.sched.at(this.rtcEv, this.rtc.cycleAt(this.rtccmp0 * 2 ** (this.rtccfg & 0xf)));
    } else this.ctx.sched.cancel(this.rtcEv);
  }

  private get wdogs(): number {
    return Math.floor(this.wdog.value / 2 ** (this.wdogcfg & 0xf)) & 0xffff;
  }

  private updateWdog(): void {
    const ip = this.wdog.running && this.wdogs >= this.wdogcmp0;
    if (ip && !this.wdogIp) {
      if ((this.wdogcfg >>> 9) & 1) this.wdog.value = 0; // zerocmp
      if ((this.wdogcfg >>> 8) & 1 && !this.wdogResetRequested) {
        this.wdogResetRequested = true;
        this.ctx.system.reset(`${this.name} watchdog (wdogs reached wdogcmp0 = ${this.wdogcmp0} with wdogcfg.rsten set)`, 'watchdog');
      }
    }
    if (ip !== this.wdogIp) {
      this.wdogIp = ip || this.wdogIp;
      this.ctx.irq.setIrq(this.wdogIrq, this.wdogIp);
    }
    if (this.wdog.running && this.wdogs < this.wdogcmp0) {
      this.ctx.sched.at(this.wdogEv, this.wdog.cycleAt(this.wdogcmp0 * 2 ** (this.wdogcfg & 0xf)));
    } else this.ctx.sched.cancel(this.wdogEv);
  }

  readReg(offset: number): number {
    switch (offset) {
      case AON_WDOGCFG:
        return (this.wdogcfg | (this.wdogIp ? 1 << 28 : 0)) >>> 0;
      case AON_WDOGCOUNT:
        return this.wdog.value % 2 ** 31;
      case AON_WDOGS:
        return this.wdogs;
      case AON_WDOGFEED:
      case AON_WDOGKEY:
        return this.unlocked ? 1 : 0;
      case AON_WDOGCMP0:
        return this.wdogcmp0;
      case AON_RTCCFG:
        return (this.rtccfg | (this.rtcIp ? 1 << 28 : 0)) >>> 0;
      case AON_RTCCOUNTLO:
        return this.rtc.value % TWO32;
      case AON_RTCCOUNTHI:
        return Math.floor(this.rtc.value / TWO32) & 0xffff;
      case AON_RTCS:
        return this.rtcs;
      case AON_RTCCMP0:
        return this.rtccmp0;
      case AON_LFROSCCFG:
        return (this.lfrosccfg | (1 << 31)) >>> 0;
      case AON_LFCLKMUX:
        return this.lfclkmux;
      case AON_PMUIE:
        return this.pmuie;
      case AON_PMUCAUSE:
        return this.pmucause;
      case AON_PMUKEY:
        return this.unlocked ? 1 : 0;
      case AON_PMUSLEEP:
        return 0;
    }
    if (offset >= AON_BACKUP0 && offset < AON_BACKUP0 + 64) return this.backup[(offset - AON_BACKUP0) >> 2];
    if (offset >= AON_PMUWAKEUPI0 && offset < AON_PMUWAKEUPI0 + 64) return this.pmuProg[(offset - AON_PMUWAKEUPI0) >> 2];
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    // Watchdog and PMU registers need the key written just before (one write per unlock).
    const keyed = offset <= AON_WDOGCMP0 || (offset >= AON_PMUWAKEUPI0 && offset <= AON_PMUSLEEP);
    if (offset === AON_WDOGKEY || offset === AON_PMUKEY) {
      this.unlocked = value === AON_KEY;
      return;
    }
    if (keyed) {
      if (!this.unlocked) return;
      this.unlocked = false;
    }
    switch (offset) {
      case AON_WDOGCFG:
        this.wdogcfg = value & 0x0000330f;
        if (((value >>> 28) & 1) === 0) this.wdogIp = false;
        this.wdog.run(((value >>> 12) & 1) === 1 || ((value >>> 13) & 1) === 1);
        this.ctx.irq.setIrq(this.wdogIrq, this.wdogIp);
        this.updateWdog();
        return;
      case AON_WDOGCOUNT:
        this.wdog.value = value & 0x7fffffff;
        this.updateWdog();
        return;
      case AON_WDOGFEED:
        if (value === WDOG_FOOD) {
          this.wdog.value = 0;
          this.updateWdog();
        }
        return;
      case AON_WDOGCMP0:
        this.wdogcmp0 = value & 0xffff;
        this.updateWdog();
        return;
      case AON_WDOGS:
        return;
      case AON_RTCCFG:
        this.rtccfg = value & 0x100f;
        this.rtc.run(((value >>> 12) & 1) === 1);
        this.updateRtc();
        return;
      case AON_RTCCOUNTLO:
        this.rtc.value = Math.floor(this.rtc.value / TWO32) * TWO32 + (value >>> 0);
        this.updateRtc();
        return;
      case AON_RTCCOUNTHI:
        this.rtc.value = (value & 0xffff) * TWO32 + (this.rtc.value % TWO32);
        this.updateRtc();
        return;
      case AON_RTCCMP0:
        this.rtccmp0 = value >>> 0;
        this.updateRtc();
        return;
      case AON_RTCS:
        return;
      case AON_LFROSCCFG:
        this.lfrosccfg = value & 0x401f003f;
        return;
      case AON_LFCLKMUX:
        this.lfclkmux = value & 1;
        return;
      case AON_PMUIE:
        this.pmuie = value & 0xf;
        return;
      case AON_PMUCAUSE:
        return;
      case AON_PMUSLEEP: {
        const wake = [(this.pmuie & 2) !== 0 ? 'RTC' : '', (this.pmuie & 4) !== 0 ? 'dwakeup pin' : ''].filter((w) => w !== '').join(' or ');
        this.ctx.system.powerOff(`${this.name}: PMU sleep (core powered down${wake ? `; wake-up by ${wake} is not modelled` : ', no wake-up source enabled'})`);
        return;
      }
    }
    if (offset >= AON_BACKUP0 && offset < AON_BACKUP0 + 64) {
      this.backup[(offset - AON_BACKUP0) >> 2] = value;
      return;
    }
    if (offset >= AON_PMUWAKEUPI0 && offset < AON_PMUWAKEUPI0 + 64) {
      this.pmuProg[(offset - AON_PMUWAKEUPI0) >> 2] = value;
      return;
    }
    this.unimplemented(offset, true);
  }
}

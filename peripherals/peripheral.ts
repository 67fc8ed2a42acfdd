/**
 * Base class and context shared by every peripheral model.
 *
 * A peripheral sees the machine only through `PeripheralContext`: the scheduler (time and events),
 * an interrupt sink (it raises lines, never touches CPU state), the console, the clock, the bus
 * (for DMA) and the diagnostics channel. Register offsets are named constants in each device file.
 */
import type { PowerResources } from './power.js';
import type { Bus, MmioDevice } from './bus.js';
import type { Scheduler } from './scheduler.js';
import type { Console } from './console.js';

/** Interrupt input of the CPU's interrupt controller (NVIC, PLIC, ...). Level-sensitive. */
export interface IrqSink {
  setIrq(line: number, level: boolean): void;
}

/** Core clock. Changes when firmware reprograms a PLL (FE310 PRCI); listeners re-time their events. */
export class Clock {
  private listeners: Array<() => void> = [];
  /** Emulated time (µs) at cycle `baseCycle`, so that time stays continuous across frequency changes. */
  private baseCycle = 0;
  private baseUs = 0;
  constructor(private hzValue: number, private readonly sched: Scheduler) {}
  get hz(): number {
    return this.hzValue;
  }
  /** Changes the core frequency at the current cycle. */
  setHz(hz: number): void {
    if (hz === this.hzValue) return;
    this.baseUs = this.cyclesToUs(this.sched.now);
    this.baseCycle = this.sched.now;
    this.hzValue = hz;
    for (const l of this.listeners) l();
  }
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }
  /** Emulated microseconds at absolute core cycle `cycle` (cycle >= the last frequency change). */
  cyclesToUs(cycle: number): number {
    return this.baseUs + ((cycle - this.baseCycle) * 1e6) / this.hzValue;
  }
  get nowUs(): number {
    return this.cyclesToUs(this.sched.now);
  }
  /** Core cycle at which emulated time reaches `us` (rounded up). */
  usToCycle(us: number): number {
    return this.baseCycle + Math.ceil(((us - this.baseUs) * this.hzValue) / 1e6 - 1e-9);
  }
  /**
   * Core cycle at which a counter running at `tickHz`, which read `ticks0` at core cycle `cycle0`,
   * reaches `ticks`. Uses exact rational arithmetic on integers where possible.
   */
  tickToCycle(cycle0: number, ticks0: number, ticks: number, tickHz: number): number {
    return cycle0 + Math.ceil(((ticks - ticks0) * this.hzValue) / tickHz);
  }
  /** Ticks of a `tickHz` counter elapsed between core cycles cycle0 and cycle. */
  ticksBetween(cycle0: number, cycle: number, tickHz: number): number {
    return Math.floor(((cycle - cycle0) * tickHz) / this.hzValue);
  }
}

export interface Diagnostics {
  /** A warning for the user (stderr), printed once per distinct key. */
  warnOnce(key: string, message: string): void;
  /** --strict: unimplemented registers fault instead of reading zero. */
  readonly strict: boolean;
}

/** Whole-chip events a peripheral can cause (power controller, watchdog). */
/** What caused a system reset (peripherals that record a reset reason read it). */
export type ResetKind = 'watchdog' | 'software' | 'lockup' | 'pin';

export interface SystemControl {
  /** The chip powers down (e.g. nRF52 POWER.SYSTEMOFF): the run ends. */
  powerOff(reason: string): void;
  /**
   * The chip resets (watchdog, the core's reset request): core and peripherals restart, memory is
   * kept. Takes effect at the end of the current instruction.
   */
  reset(reason: string, kind?: ResetKind): void;
}

export interface PeripheralContext {
  readonly sched: Scheduler;
  readonly clock: Clock;
  readonly irq: IrqSink;
  readonly bus: Bus;
  readonly console: Console;
  readonly diag: Diagnostics;
  /** Deterministic pseudo-random source seeded from the board/run options (RNG peripherals). */
  readonly seed: number;
  readonly system: SystemControl;
  /** Shared clocks and domains the energy model charges for (see peripherals/power.ts). */
  readonly power: PowerResources;
}

export interface PeripheralDesc {
  /** Model name, looked up in the device registry (e.g. 'nrf52.uarte'). */
  type: string;
  /** Instance name (e.g. 'UARTE0'). */
  name: string;
  base: number;
  size: number;
  /** Interrupt line on the CPU's (or the platform's) interrupt controller, if any. */
  irq?: number;
  /** Extra wait states on accesses (bus bridge). */
  waitStates?: number;
  /** Model-specific configuration (instance number, clock, variant...). */
  config?: Record<string, unknown>;
}

/** Thrown (through the bus fault mechanism) by --strict accesses to unimplemented registers. */
export abstract class Peripheral implements MmioDevice {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  readonly irqLine: number;
  readonly waitStates: number;
  private irqLevel = false;

  constructor(
    readonly desc: PeripheralDesc,
    protected readonly ctx: PeripheralContext,
  ) {
    this.name = desc.name;
    this.base = desc.base;
    this.size = desc.size;
    this.irqLine = desc.irq ?? -1;
    this.waitStates = desc.waitStates ?? 0;
  }

  /** Reads the 32-bit register at a word-aligned offset. */
  abstract readReg(offset: number): number;
  /** Writes the 32-bit register at a word-aligned offset. */
  abstract writeReg(offset: number, value: number): void;
  /** Back to the reset state. */
  reset(): void {}

  /** After a system reset (all peripherals already reset): models that record the cause read `kind`. */
  onSystemReset(_kind: ResetKind): void {}

  read(offset: number, size: number): number {
    if (size === 4 && (offset & 3) === 0) return this.readReg(offset) >>> 0;
    const word = this.readReg(offset & ~3) >>> 0;
    const shift = (offset & 3) * 8;
    const mask = size === 4 ? 0xffffffff : (1 << (size * 8)) - 1;
    return ((word >>> shift) & mask) >>> 0;
  }

  write(offset: number, size: number, value: number): void {
    if (size === 4 && (offset & 3) === 0) {
      this.writeReg(offset, value >>> 0);
      return;
    }
    // Narrow writes land in their byte lane of the word register.
    const shift = (offset & 3) * 8;
    this.writeReg(offset & ~3, (value << shift) >>> 0);
  }

  /** Drives this peripheral's interrupt line. */
  protected setIrq(level: boolean): void {
    if (this.irqLine < 0 || level === this.irqLevel) return;
    this.irqLevel = level;
    this.ctx.irq.setIrq(this.irqLine, level);
  }

  /**
   * Access to a register the model does not implement: one warning naming the peripheral and
   * offset; reads as zero; with --strict the access faults.
   */
  protected unimplemented(offset: number, write: boolean): number {
    const off = '0x' + offset.toString(16).padStart(3, '0');
    if (this.ctx.diag.strict) {
      this.ctx.bus.raise(this.base + offset, 4, write ? 'write' : 'read', `${this.name}+${off} is not implemented (--strict)`);
    }
    this.ctx.diag.warnOnce(
      `${this.name}:${offset}:${write}`,
      `warning: ${this.name} register at offset ${off} is not implemented (${write ? 'write ignored' : 'read as 0'})`,
    );
    return 0;
  }
}

export type PeripheralFactory = (desc: PeripheralDesc, ctx: PeripheralContext) => Peripheral;

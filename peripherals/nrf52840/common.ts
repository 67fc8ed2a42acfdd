/**
 * Shared machinery of the nRF52840 peripheral models.
 *
 * Nordic peripherals share one register pattern (nRF52840 PS v1.7 "Peripheral interface"):
 *   TASKS_*   0x000..0x0FC   write 1 to trigger
 *   EVENTS_*  0x100..0x17C   set by hardware, cleared by writing 0; readable
 *   SHORTS    0x200          event -> task shortcuts inside the peripheral
 *   INTEN     0x300, INTENSET 0x304, INTENCLR 0x308: bit n enables the event at 0x100 + 4n
 * The interrupt line is level-sensitive: high while any event enabled in INTEN is set.
 *
 * The PPI ("PPI — Programmable peripheral interconnect") connects an event register of one peripheral to a task register of another; the
 * models talk to each other through `NrfHub` (one per machine), addressed by absolute register
 * address exactly like the PPI's EEP/TEP registers.
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';
import type { NrfGpio } from './gpio.js';

/** Register offsets of the common pattern. */
export const TASKS_END = 0x100;
export const EVENTS_BASE = 0x100;
export const EVENTS_END = 0x180;
export const SHORTS = 0x200;
export const INTEN = 0x300;
export const INTENSET = 0x304;
export const INTENCLR = 0x308;

/** Offset of EVENTS register -> its bit in INTEN (and in the internal event mask). */
export function eventBit(offset: number): number {
  return (offset - EVENTS_BASE) >> 2;
}

/** What the UICR needs from the NVMC. */
export interface FlashController {
  /** Checks CONFIG.WEN and the access size (faults like the chip would) and charges tWRITE. */
  beginWrite(what: string, addr: number, size: number): void;
}

/** Per-machine registry of the Nordic models: PPI routing between events and tasks. */
export class NrfHub {
  private readonly byBase = new Map<number, NrfPeripheral>();
  /** Absolute event address -> absolute task addresses (maintained by the PPI). */
  private routes = new Map<number, number[]>();
  /** Flash controller, for the UICR model (writes to UICR go through the NVMC). */
  nvmc: FlashController | null = null;
  /** UICR storage, for the NVMC's ERASEUICR / ERASEALL. */
  uicr: { eraseAll(): void } | null = null;
  /** GPIO ports by port number (GPIOTE drives and watches them). */
  readonly gpio: NrfGpio[] = [];

  register(p: NrfPeripheral): void {
    this.byBase.set(p.base >>> 0, p);
  }

  /** Peripheral owning the register at absolute address addr (its 4 KiB instance window). */
  peripheralAt(addr: number): NrfPeripheral | undefined {
    return this.byBase.get((addr & ~0xfff) >>> 0);
  }

  setRoutes(routes: Map<number, number[]>): void {
    this.routes = routes;
  }

  /** An event was generated at absolute address `addr`: trigger the tasks connected to it. */
  eventFired(addr: number): void {
    const tasks = this.routes.get(addr);
    if (tasks === undefined) return;
    for (let i = 0; i < tasks.length; i++) this.triggerTask(tasks[i]);
  }

  /** Triggers the task register at absolute address `addr` (as the PPI does). */
  triggerTask(addr: number): void {
    const p = this.peripheralAt(addr);
    if (p === undefined) return;
    const off = (addr >>> 0) - p.base;
    if (off >= 0 && off < TASKS_END) p.task(off);
  }
}

const hubs = new WeakMap<PeripheralContext, NrfHub>();

/** The hub shared by every Nordic peripheral built on the same machine context. */
export function hubFor(ctx: PeripheralContext): NrfHub {
  let h = hubs.get(ctx);
  if (h === undefined) {
    h = new NrfHub();
    hubs.set(ctx, h);
  }
  return h;
}

/**
 * Base class for peripherals following the TASKS/EVENTS/SHORTS/INTEN pattern. Subclasses
 * implement `task(offset)` and `readOther`/`writeOther` for their configuration registers, and
 * call `fire(offset)` to generate an event.
 */
export abstract class NrfPeripheral extends Peripheral {
  /** Bit n set: the event at 0x100 + 4n is set. */
  protected events = 0;
  protected inten = 0;
  protected shorts = 0;
  /** Bits of `inten` that exist for this peripheral (others read 0). */
  protected intenMask = 0xffffffff;
  /** Bits of `shorts` that exist. */
  protected shortsMask = 0xffffffff;
  /** Events that also go to the PPI only when enabled here (RTC EVTEN); null: always routed. */
  protected routeMask: number | null = null;
  protected readonly hub: NrfHub;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.hub = hubFor(ctx);
    this.hub.register(this);
  }

  /** A task was triggered (register write of 1, or the PPI). offset is within 0x000..0x0FC. */
  abstract task(offset: number): void;
  /** Registers outside the common pattern. */
  protected abstract readOther(offset: number): number;
  protected abstract writeOther(offset: number, value: number): void;
  /** Called after an event was generated (shortcuts). */
  protected onEvent(_offset: number): void {}

  /** Generates the event at `offset` (EVENTS_*): sets it, updates the IRQ, routes it to the PPI. */
  protected fire(offset: number): void {
    const bit = eventBit(offset);
    this.events |= 1 << bit;
    this.updateIrq();
    if (this.routeMask === null || (this.routeMask >>> bit) & 1) this.hub.eventFired(this.base + offset);
    this.onEvent(offset);
  }

  protected eventSet(offset: number): boolean {
    return ((this.events >>> eventBit(offset)) & 1) === 1;
  }

  protected clearEvent(offset: number): void {
    this.events &= ~(1 << eventBit(offset));
    this.updateIrq();
  }

  protected updateIrq(): void {
    this.setIrq((this.events & this.inten) !== 0);
  }

  readReg(offset: number): number {
    if (offset < TASKS_END) return 0;
    if (offset < EVENTS_END) return (this.events >>> eventBit(offset)) & 1;
    switch (offset) {
      case SHORTS:
        return this.shorts;
      case INTEN:
      case INTENSET:
      case INTENCLR:
        return this.inten;
    }
    return this.readOther(offset);
  }

  writeReg(offset: number, value: number): void {
    if (offset < TASKS_END) {
      if (value & 1) this.task(offset);
      return;
    }
    if (offset < EVENTS_END) {
      // Firmware may only clear events; writing 1 sets it (the PS allows this for testing).
      if (value & 1) this.events |= 1 << eventBit(offset);
      else this.events &= ~(1 << eventBit(offset));
      this.updateIrq();
      return;
    }
    switch (offset) {
      case SHORTS:
        this.shorts = value & this.shortsMask;
        return;
      case INTEN:
        this.inten = value & this.intenMask;
        this.updateIrq();
        return;
      case INTENSET:
        this.inten |= value & this.intenMask;
        this.updateIrq();
        return;
      case INTENCLR:
        this.inten &= ~value;
        this.updateIrq();
        return;
    }
    this.writeOther(offset, value);
  }

  override reset(): void {
    this.events = 0;
    this.inten = 0;
    this.shorts = 0;
    this.updateIrq();
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/**
 * A counter clocked at `tickHz` computed lazily from the core cycle counter, exactly (integer
 * ratio reduced by the gcd of both frequencies, so 16 MHz on a 64 MHz core is 1 tick per 4 cycles
 * and 32.768 kHz is 8 ticks per 15625 cycles). Counts ticks since `baseCycle`.
 */
export class TickCounter {
  private num = 1;
  private den = 1;
  /** Core cycle at which `baseTicks` ticks had elapsed; aligned to a tick edge. */
  baseCycle = 0;
  baseTicks = 0;

  constructor(coreHz: number, tickHz: number) {
    this.setRate(coreHz, tickHz);
  }

  /** Changes the tick frequency (rebase first with `rebase(now)` when the counter is running). */
  setRate(coreHz: number, tickHz: number): void {
    // Frequencies are integers in Hz (fractional ones are scaled by 1000 to stay exact enough).
    let c = coreHz;
    let t = tickHz;
    if (!Number.isInteger(c) || !Number.isInteger(t)) {
      c = Math.round(c * 1000);
      t = Math.round(t * 1000);
    }
    const g = gcd(c, t);
    this.num = t / g;
    this.den = c / g;
  }

  /** Ticks elapsed since baseCycle at core cycle `now` (plus baseTicks). */
  ticksAt(now: number): number {
    return this.baseTicks + Math.floor(((now - this.baseCycle) * this.num) / this.den);
  }

  /** First core cycle at which the tick count reaches `ticks` (ticks >= baseTicks). */
  cycleOf(ticks: number): number {
    return this.baseCycle + Math.ceil(((ticks - this.baseTicks) * this.den) / this.num);
  }

  /** Moves the base to the last tick edge at or before `now` (keeps products small, allows rate changes). */
  rebase(now: number): void {
    const t = this.ticksAt(now);
    this.baseCycle = this.cycleOf(t);
    this.baseTicks = t;
  }

  /** Restarts counting: `ticks` at cycle `now`. */
  start(now: number, ticks = 0): void {
    this.baseCycle = now;
    this.baseTicks = ticks;
  }
}

/** Reads a numeric option from desc.config with a default, rejecting wrong types clearly. */
export function configNumber(desc: PeripheralDesc, key: string, dflt: number): number {
  const v = desc.config?.[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new Error(`peripheral ${desc.name}: config.${key} must be a number`);
  }
  return v;
}

/** Microseconds to core cycles at the context's clock (rounded up, at least 1). */
export function usToCycles(ctx: PeripheralContext, us: number): number {
  return Math.max(1, Math.ceil((us * ctx.clock.hz) / 1e6));
}

/**
 * Deterministic 32-bit generator (a SplitMix-style integer hash stepped by a Weyl sequence):
 * the same seed gives the same sequence on every host.
 */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }
}

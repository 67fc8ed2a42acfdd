/**
 * Test bench for the nRF52840 peripheral models: a real Scheduler, Clock, Bus and Console, a
 * recording IrqSink, and the peripherals of the nrf52840dk board built from the board data (no CPU).
 */
import { Bus } from '../../peripherals/bus.js';
import { Scheduler } from '../../peripherals/scheduler.js';
import { Console } from '../../peripherals/console.js';
import { Clock, type IrqSink, type Peripheral, type PeripheralContext } from '../../peripherals/peripheral.js';
import { PowerResources } from '../../peripherals/power.js';
import { nrf52840dk } from '../../peripherals/boards/nrf52840dk.js';
import { deviceFactories as nrf52840Devices } from '../../peripherals/registry.js';

export class FakeIrq implements IrqSink {
  readonly levels = new Map<number, boolean>();
  readonly log: Array<{ line: number; level: boolean; cycle: number }> = [];
  constructor(private readonly sched: Scheduler) {}
  setIrq(line: number, level: boolean): void {
    this.levels.set(line, level);
    this.log.push({ line, level, cycle: this.sched.now });
  }
  level(line: number): boolean {
    return this.levels.get(line) ?? false;
  }
}

export interface Bench {
  sched: Scheduler;
  clock: Clock;
  bus: Bus;
  console: Console;
  irq: FakeIrq;
  warnings: string[];
  /** powerOff/reset requests the peripherals made. */
  systemEvents: string[];
  ctx: PeripheralContext;
  dev: Map<string, Peripheral>;
  /** Absolute address of a register: instance name + offset. */
  addr(name: string, offset: number): number;
  rd(name: string, offset: number): number;
  wr(name: string, offset: number, value: number): void;
  /** Advances emulated time by `cycles`, firing every due event at its own cycle. */
  advance(cycles: number): void;
  /** Advances to absolute cycle `t`. */
  advanceTo(t: number): void;
  irqOf(name: string): number;
}

export function makeBench(opts: { strict?: boolean; seed?: number; only?: string[] } = {}): Bench {
  const sched = new Scheduler();
  const clock = new Clock(nrf52840dk.clockHz, sched);
  const bus = new Bus();
  for (const m of nrf52840dk.memory) bus.addRegion(m);
  const out: string[] = [];
  const systemEvents: string[] = [];
  const console = new Console((s) => out.push(s));
  const irq = new FakeIrq(sched);
  const warnings: string[] = [];
  const warned = new Set<string>();
  const power = new PowerResources();
  const ctx: PeripheralContext = {
    sched,
    clock,
    irq,
    bus,
    console,
    seed: opts.seed ?? 1,
    power,
    system: {
      powerOff: (reason: string) => systemEvents.push(`off: ${reason}`),
      reset: (reason: string) => systemEvents.push(`reset: ${reason}`),
    },
    diag: {
      strict: opts.strict ?? false,
      warnOnce(key, message) {
        if (warned.has(key)) return;
        warned.add(key);
        warnings.push(message);
      },
    },
  };
  const dev = new Map<string, Peripheral>();
  const descs = new Map(nrf52840dk.peripherals.map((d) => [d.name, d]));
  for (const pd of nrf52840dk.peripherals) {
    if (opts.only && !opts.only.includes(pd.name)) continue;
    const p = nrf52840Devices[pd.type](pd, ctx);
    bus.addDevice(p);
    dev.set(pd.name, p);
  }
  const advanceTo = (t: number) => {
    while (sched.nextTime <= t) {
      sched.now = Math.max(sched.now, sched.nextTime);
      sched.runDue();
    }
    sched.now = t;
    sched.runDue();
  };
  return {
    sched,
    clock,
    bus,
    console,
    irq,
    warnings,
    systemEvents,
    ctx,
    dev,
    addr: (name, offset) => descs.get(name)!.base + offset,
    rd: (name, offset) => bus.read32(descs.get(name)!.base + offset) >>> 0,
    wr: (name, offset, value) => bus.write32(descs.get(name)!.base + offset, value),
    advance: (cycles) => advanceTo(sched.now + cycles),
    advanceTo,
    irqOf: (name) => descs.get(name)!.irq!,
  };
}

/** Data RAM base of the board (for DMA buffers). */
export const RAM = nrf52840dk.memory.find((m) => m.kind === 'ram')!.base;

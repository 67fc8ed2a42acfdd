/**
 * Energy model: integrates the board's power figures (BoardDesc.power) over emulated time, by
 * state: the core running (active current at the running clock) or asleep (WFI with the wake-up
 * timer running), plus per-peripheral adders for the time each peripheral reports being powered.
 *
 * E = V · (I_active · t_active + I_sleep · t_sleep + Σ I_p · t_p)
 *
 * The active figure is quoted at the board's clock. If firmware changes the core clock, time at
 * the other frequency is charged at I_active scaled by f / f_board (dynamic power proportional to
 * frequency) and the result is flagged approximate. Where a board's model has no figure (null),
 * energy is unavailable, never guessed.
 *
 * Peripheral adders: a device model that can tell when it draws current implements
 * `PowerActivity` (duck-typed, optional): `powerActiveUs()` returns the cumulative emulated µs it
 * spent powered. An adder whose device is absent or does not implement it is listed as not applied.
 */
import type { PowerModel } from '../peripherals/boards/types.js';
import type { Machine } from './machine.js';

/** Optional interface of a peripheral model for the energy model's adders. */
export interface PowerActivity {
  /** Cumulative emulated microseconds the device has spent in its powered (current-drawing) state. */
  powerActiveUs(): number;
}

function hasPowerActivity(p: unknown): p is PowerActivity {
  return typeof p === 'object' && p !== null && typeof (p as PowerActivity).powerActiveUs === 'function';
}

/** A span of the run at one core frequency. */
export interface ClockSegment {
  hz: number;
  cycles: number;
  sleepCycles: number;
}

export interface PeripheralEnergy {
  name: string;
  mA: number;
  activeUs: number;
  uJ: number;
  source: string;
}

export interface EnergyReport {
  available: boolean;
  /** Why energy is unavailable (when it is). */
  reason?: string;
  volts: number;
  activeMa: number | null;
  sleepMa: number | null;
  activeUs: number;
  sleepUs: number;
  activeUj: number;
  sleepUj: number;
  peripherals: PeripheralEnergy[];
  /** Adders of the model that could not be applied, with the reason. */
  notApplied: string[];
  totalUj: number;
  /** Average power over the run, mW. */
  averageMw: number;
  /** µJ per active core cycle and per sleeping cycle (for attributing energy to functions). */
  uJPerActiveCycle: number;
  uJPerSleepCycle: number;
  /** Set when the clock left the frequency the active figure is quoted at. */
  approximate?: string;
}

/** The arithmetic, separated from the machine so it can be checked by hand. */
export function integrateEnergy(
  model: PowerModel | undefined,
  boardHz: number,
  segments: ClockSegment[],
  adders: Array<{ name: string; activeUs: number | null }> = [],
): EnergyReport {
  let activeUs = 0;
  let sleepUs = 0;
  let activeCycles = 0;
  let sleepCycles = 0;
  let activeUjRaw = 0; // in mA·µs·V units before scaling
  let approximate: string | undefined;
  const activeMa = model?.active?.mA ?? null;
  const sleepMa = model?.sleep?.mA ?? null;
  for (const s of segments) {
    if (s.cycles <= 0) continue;
    const act = s.cycles - s.sleepCycles;
    const aUs = (act * 1e6) / s.hz;
    const sUs = (s.sleepCycles * 1e6) / s.hz;
    activeUs += aUs;
    sleepUs += sUs;
    activeCycles += act;
    sleepCycles += s.sleepCycles;
    const scale = s.hz / boardHz;
    if (scale !== 1 && act > 0) approximate = `the core ran at ${(s.hz / 1e6).toFixed(3)} MHz; the active figure is quoted at ${(boardHz / 1e6).toFixed(3)} MHz and was scaled linearly`;
    activeUjRaw += aUs * scale;
  }
  const base: EnergyReport = {
    available: false,
    volts: model?.volts ?? 0,
    activeMa,
    sleepMa,
    activeUs,
    sleepUs,
    activeUj: 0,
    sleepUj: 0,
    peripherals: [],
    notApplied: [],
    totalUj: 0,
    averageMw: 0,
    uJPerActiveCycle: 0,
    uJPerSleepCycle: 0,
  };
  if (!model) return { ...base, reason: 'the board has no power model' };
  if (activeMa === null) return { ...base, reason: `no datasheet figure for the active current${model.notes ? ` (${model.notes})` : ''}` };
  if (sleepMa === null && sleepUs > 0) return { ...base, reason: `the core slept but there is no datasheet figure for the sleep current${model.notes ? ` (${model.notes})` : ''}` };
  const V = model.volts;
  // mA · V · µs = nJ; / 1000 = µJ.
  const activeUj = (activeMa * V * activeUjRaw) / 1000;
  const sleepUj = ((sleepMa ?? 0) * V * sleepUs) / 1000;
  const peripherals: PeripheralEnergy[] = [];
  const notApplied: string[] = [];
  for (const [name, st] of Object.entries(model.peripherals ?? {})) {
    const a = adders.find((x) => x.name === name);
    if (!a) {
      notApplied.push(`${name}: no such device on the board`);
      continue;
    }
    if (a.activeUs === null) {
      notApplied.push(`${name}: its model does not report when it is powered`);
      continue;
    }
    peripherals.push({ name, mA: st.mA, activeUs: a.activeUs, uJ: (st.mA * V * a.activeUs) / 1000, source: st.source });
  }
  const totalUj = activeUj + sleepUj + peripherals.reduce((s, p) => s + p.uJ, 0);
  const totalUs = activeUs + sleepUs;
  return {
    ...base,
    available: true,
    activeUj,
    sleepUj,
    peripherals,
    notApplied,
    totalUj,
    // µJ / µs = W; × 1000 = mW.
    averageMw: totalUs > 0 ? (totalUj / totalUs) * 1000 : 0,
    uJPerActiveCycle: activeCycles > 0 ? activeUj / activeCycles : (activeMa * V) / 1000 / (boardHz / 1e6),
    uJPerSleepCycle: sleepCycles > 0 ? sleepUj / sleepCycles : ((sleepMa ?? 0) * V) / 1000 / (boardHz / 1e6),
    approximate,
  };
}

/** Energy of a span of cycles attributed to code (a function, a container run). null when unavailable. */
export function spanEnergyUj(e: EnergyReport, cycles: number, sleepCycles = 0): number | null {
  if (!e.available) return null;
  return (cycles - sleepCycles) * e.uJPerActiveCycle + sleepCycles * e.uJPerSleepCycle;
}

/** Follows a machine's clock so that time at each frequency is integrated at that frequency. */
export class EnergyMeter {
  private segments: ClockSegment[] = [];
  private segStart: number;
  private segSleep: number;
  private hz: number;

  constructor(private readonly machine: Machine) {
    this.segStart = machine.sched.now;
    this.segSleep = machine.sleepCycles;
    this.hz = machine.clock.hz;
    machine.clock.onChange(() => this.cut());
  }

  private cut(): void {
    const m = this.machine;
    this.segments.push({ hz: this.hz, cycles: m.sched.now - this.segStart, sleepCycles: m.sleepCycles - this.segSleep });
    this.segStart = m.sched.now;
    this.segSleep = m.sleepCycles;
    this.hz = m.clock.hz;
  }

  /** The energy of the run so far. */
  report(): EnergyReport {
    const m = this.machine;
    const segs = this.segments.concat({ hz: this.hz, cycles: m.sched.now - this.segStart, sleepCycles: m.sleepCycles - this.segSleep });
    const adders = Object.keys(m.board.power?.peripherals ?? {}).map((name) => {
      const dev = m.peripherals.get(name) ?? [...m.peripherals.entries()].find(([n]) => m.board.peripherals.find((d) => d.name === n)?.type === name)?.[1];
      if (!dev) return { name, activeUs: null as number | null, missing: true };
      return { name, activeUs: hasPowerActivity(dev) ? dev.powerActiveUs() : null };
    });
    return integrateEnergy(
      m.board.power,
      m.board.clockHz,
      segs,
      adders.filter((a) => !('missing' in a)),
    );
  }
}

function fmtUj(uJ: number): string {
  return uJ >= 1e6 ? `${(uJ / 1e6).toFixed(3)} J` : uJ >= 1e3 ? `${(uJ / 1e3).toFixed(3)} mJ` : `${uJ.toFixed(3)} µJ`;
}

export function formatEnergy(e: EnergyReport): string {
  if (!e.available) return `  energy        unavailable: ${e.reason}`;
  const lines = [
    `  energy        ${fmtUj(e.totalUj)} (average ${e.averageMw.toFixed(4)} mW at ${e.volts} V)`,
    `    active      ${fmtUj(e.activeUj)} (${e.activeMa} mA, ${(e.activeUs / 1e3).toFixed(3)} ms)`,
    `    asleep      ${fmtUj(e.sleepUj)} (${e.sleepMa} mA, ${(e.sleepUs / 1e3).toFixed(3)} ms)`,
  ];
  for (const p of e.peripherals) lines.push(`    ${p.name.padEnd(11)} ${fmtUj(p.uJ)} (${p.mA} mA, ${(p.activeUs / 1e3).toFixed(3)} ms)`);
  for (const n of e.notApplied) lines.push(`    not applied: ${n}`);
  if (e.approximate) lines.push(`    approximate: ${e.approximate}`);
  return lines.join('\n');
}

/** `femtosim boards --power`: the power model of each board with its sources. */
export function formatPowerModel(name: string, model: PowerModel | undefined, clockHz: number): string {
  if (!model) return `${name}: no power model`;
  const st = (label: string, s: { mA: number; source: string } | null) =>
    s ? `  ${label.padEnd(8)} ${String(s.mA).padStart(9)} mA  ${s.source}` : `  ${label.padEnd(8)} ${'-'.padStart(9)}     no datasheet figure`;
  const lines = [`${name} (${model.volts} V, active figure at ${(clockHz / 1e6).toFixed(0)} MHz)`, st('active', model.active), st('sleep', model.sleep)];
  for (const [n, s] of Object.entries(model.peripherals ?? {})) lines.push(st(n, s));
  if (model.notes) lines.push(`  notes: ${model.notes}`);
  return lines.join('\n');
}

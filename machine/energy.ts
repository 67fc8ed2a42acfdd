/**
 * Energy model: integrates the board's power figures (BoardDesc.power) over emulated time, by
 * state. A state is what the core does (running or asleep in WFI) and which power resources
 * (peripherals/power.ts: the HF clock, a crystal, a fast peripheral clock...) peripherals hold.
 * For each state the board gives a whole-chip current: the first matching `total` rule of
 * power.states, else the base figure (active or sleep); matching `adder` rules add to it.
 *
 * E = V · Σ_state I(state) · t(state)
 *
 * The figures are quoted at the board's clock. If firmware changes the core clock, the running
 * current is scaled by f / f_board (dynamic power proportional to frequency) and the result is
 * flagged approximate. Where a board's model has no figure (null), energy is unavailable, never
 * guessed.
 */
import type { PowerModel, PowerRule } from '../peripherals/boards/types.js';
import type { Machine } from './machine.js';

/** A span of the run at one core frequency with one set of held power resources. */
export interface ClockSegment {
  hz: number;
  cycles: number;
  sleepCycles: number;
  /** Power resources held during the span (names). Absent: none. */
  resources?: string[];
}

/** Energy of the adders (rules of kind 'adder'), by rule. */
export interface PeripheralEnergy {
  name: string;
  mA: number;
  activeUs: number;
  uJ: number;
  source: string;
}

/** Time and energy spent in one state of the chip. */
export interface StateEnergy {
  cpu: 'active' | 'asleep';
  /** Held power resources, sorted. */
  resources: string[];
  /** Label of the rule (or base figure) that set the total current. */
  label: string;
  /** Total current charged in this state (base or total rule, plus adders; before clock scaling). */
  mA: number;
  us: number;
  uJ: number;
}

export interface EnergyReport {
  available: boolean;
  /** Why energy is unavailable (when it is). */
  reason?: string;
  volts: number;
  /** Average current while the core ran, and while it slept (null when unavailable / never). */
  activeMa: number | null;
  sleepMa: number | null;
  activeUs: number;
  sleepUs: number;
  /** Energy while the core ran / slept, adders included. */
  activeUj: number;
  sleepUj: number;
  /** Energy of each adder rule that applied. */
  peripherals: PeripheralEnergy[];
  /** Time and energy per chip state, largest energy first. */
  states: StateEnergy[];
  /** Peripherals of the model with no datasheet figure of their own (charged only through the resources they hold). */
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

function matches(r: PowerRule, cpu: 'active' | 'asleep', held: ReadonlySet<string>): boolean {
  if (r.cpu !== 'any' && r.cpu !== cpu) return false;
  for (const w of r.when) if (!held.has(w)) return false;
  for (const u of r.unless ?? []) if (held.has(u)) return false;
  return true;
}

/** The current the model gives for one state: total (rule or base), adders, and the label. null: no figure. */
export function stateCurrent(
  model: PowerModel,
  cpu: 'active' | 'asleep',
  resources: readonly string[],
): { mA: number; label: string; adders: PowerRule[] } | null {
  const held = new Set(resources);
  const rules = model.states ?? [];
  const total = rules.find((r) => r.kind === 'total' && matches(r, cpu, held));
  const base = cpu === 'active' ? model.active : model.sleep;
  if (!total && !base) return null;
  const adders = rules.filter((r) => r.kind === 'adder' && matches(r, cpu, held));
  const mA = (total ? total.mA : base!.mA) + adders.reduce((a, r) => a + r.mA, 0);
  return { mA, label: total ? total.label : cpu === 'active' ? 'running' : 'asleep', adders };
}

/** The arithmetic, separated from the machine so it can be checked by hand. */
export function integrateEnergy(model: PowerModel | undefined, boardHz: number, segments: ClockSegment[]): EnergyReport {
  const base: EnergyReport = {
    available: false,
    volts: model?.volts ?? 0,
    activeMa: null,
    sleepMa: null,
    activeUs: 0,
    sleepUs: 0,
    activeUj: 0,
    sleepUj: 0,
    peripherals: [],
    states: [],
    notApplied: model?.noFigure ?? [],
    totalUj: 0,
    averageMw: 0,
    uJPerActiveCycle: 0,
    uJPerSleepCycle: 0,
  };
  let activeUs = 0;
  let sleepUs = 0;
  let activeCycles = 0;
  let sleepCycles = 0;
  for (const s of segments) {
    if (s.cycles <= 0) continue;
    activeUs += ((s.cycles - s.sleepCycles) * 1e6) / s.hz;
    sleepUs += (s.sleepCycles * 1e6) / s.hz;
    activeCycles += s.cycles - s.sleepCycles;
    sleepCycles += s.sleepCycles;
  }
  base.activeUs = activeUs;
  base.sleepUs = sleepUs;
  if (!model) return { ...base, reason: 'the board has no power model' };
  const notes = model.notes ? ` (${model.notes})` : '';
  if (model.active === null) return { ...base, reason: `no datasheet figure for the active current${notes}` };
  const V = model.volts;
  const states = new Map<string, StateEnergy>();
  const adderUse = new Map<PowerRule, { us: number; uJ: number }>();
  let activeUj = 0;
  let sleepUj = 0;
  let approximate: string | undefined;
  for (const s of segments) {
    if (s.cycles <= 0) continue;
    const res = [...(s.resources ?? [])].sort();
    for (const cpu of ['active', 'asleep'] as const) {
      const cyc = cpu === 'active' ? s.cycles - s.sleepCycles : s.sleepCycles;
      if (cyc <= 0) continue;
      const us = (cyc * 1e6) / s.hz;
      const cur = stateCurrent(model, cpu, res);
      if (!cur) return { ...base, reason: `the core slept but there is no datasheet figure for the sleep current${notes}` };
      // Dynamic power follows the core clock: the running current is scaled when the clock differs.
      const scale = cpu === 'active' ? s.hz / boardHz : 1;
      if (scale !== 1) approximate = `the core ran at ${(s.hz / 1e6).toFixed(3)} MHz; the active figure is quoted at ${(boardHz / 1e6).toFixed(3)} MHz and was scaled linearly`;
      const addMa = cur.adders.reduce((a, r) => a + r.mA, 0);
      // mA · V · µs = nJ; / 1000 = µJ. Adders are not scaled (peripheral clocks do not follow the core's).
      const uJ = (((cur.mA - addMa) * scale + addMa) * V * us) / 1000;
      for (const r of cur.adders) {
        const u = adderUse.get(r) ?? { us: 0, uJ: 0 };
        u.us += us;
        u.uJ += (r.mA * V * us) / 1000;
        adderUse.set(r, u);
      }
      if (cpu === 'active') activeUj += uJ;
      else sleepUj += uJ;
      const key = `${cpu}|${res.join(',')}`;
      const st = states.get(key) ?? { cpu, resources: res, label: cur.label, mA: cur.mA, us: 0, uJ: 0 };
      st.us += us;
      st.uJ += uJ;
      states.set(key, st);
    }
  }
  const totalUj = activeUj + sleepUj;
  const totalUs = activeUs + sleepUs;
  const peripherals: PeripheralEnergy[] = [...adderUse].map(([r, u]) => ({ name: r.label, mA: r.mA, activeUs: u.us, uJ: u.uJ, source: r.source }));
  const baseActive = stateCurrent(model, 'active', [])!.mA;
  const baseSleep = model.sleep?.mA ?? 0;
  return {
    ...base,
    available: true,
    activeMa: activeUs > 0 ? (activeUj * 1000) / V / activeUs : null,
    sleepMa: sleepUs > 0 ? (sleepUj * 1000) / V / sleepUs : null,
    activeUj,
    sleepUj,
    peripherals,
    states: [...states.values()].sort((a, b) => b.uJ - a.uJ || a.cpu.localeCompare(b.cpu)),
    totalUj,
    // µJ / µs = W; × 1000 = mW.
    averageMw: totalUs > 0 ? (totalUj / totalUs) * 1000 : 0,
    uJPerActiveCycle: activeCycles > 0 ? activeUj / activeCycles : (baseActive * V) / 1000 / (boardHz / 1e6),
    uJPerSleepCycle: sleepCycles > 0 ? sleepUj / sleepCycles : (baseSleep * V) / 1000 / (boardHz / 1e6),
    approximate,
  };
}

/** Energy of a span of cycles attributed to code (a function, a container run). null when unavailable. */
export function spanEnergyUj(e: EnergyReport, cycles: number, sleepCycles = 0): number | null {
  if (!e.available) return null;
  return (cycles - sleepCycles) * e.uJPerActiveCycle + sleepCycles * e.uJPerSleepCycle;
}

/** Follows a machine's clock and power resources so that each state is integrated at its figures. */
export class EnergyMeter {
  private readonly spans = new Map<string, ClockSegment>();
  private segStart: number;
  private segSleep: number;
  private hz: number;
  private mask: number;

  constructor(private readonly machine: Machine) {
    this.segStart = machine.sched.now;
    this.segSleep = machine.sleepCycles;
    this.hz = machine.clock.hz;
    this.mask = machine.power.mask;
    machine.clock.onChange(() => this.cut());
    machine.power.onChange((next) => this.cut(next));
  }

  /** Closes the span in the state that is ending (clock: after its change; resources: before, with the new mask). */
  private cut(nextMask?: number): void {
    const m = this.machine;
    this.add(this.hz, this.mask, m.sched.now - this.segStart, m.sleepCycles - this.segSleep);
    this.segStart = m.sched.now;
    this.segSleep = m.sleepCycles;
    this.hz = m.clock.hz;
    this.mask = nextMask ?? m.power.mask;
  }

  private add(hz: number, mask: number, cycles: number, sleepCycles: number): void {
    if (cycles <= 0) return;
    const key = `${hz}|${mask}`;
    const s = this.spans.get(key);
    if (s) {
      s.cycles += cycles;
      s.sleepCycles += sleepCycles;
    } else this.spans.set(key, { hz, cycles, sleepCycles, resources: this.machine.power.names(mask) });
  }

  /** The energy of the run so far. */
  report(): EnergyReport {
    const m = this.machine;
    const segs = [...this.spans.values()].map((s) => ({ ...s }));
    const cur = m.sched.now - this.segStart;
    if (cur > 0) segs.push({ hz: this.hz, cycles: cur, sleepCycles: m.sleepCycles - this.segSleep, resources: m.power.names(this.mask) });
    return integrateEnergy(m.board.power, m.board.clockHz, segs);
  }
}

function fmtUj(uJ: number): string {
  return uJ >= 1e6 ? `${(uJ / 1e6).toFixed(3)} J` : uJ >= 1e3 ? `${(uJ / 1e3).toFixed(3)} mJ` : `${uJ.toFixed(3)} µJ`;
}

function fmtMa(mA: number | null): string {
  if (mA === null) return '-';
  return mA >= 1 ? `${mA.toFixed(3)} mA` : `${(mA * 1000).toFixed(2)} µA`;
}

function stateName(st: StateEnergy): string {
  return `${st.cpu}${st.resources.length ? ` [${st.resources.join(', ')}]` : ''}`;
}

export function formatEnergy(e: EnergyReport): string {
  if (!e.available) return `  energy        unavailable: ${e.reason}`;
  const lines = [
    `  energy        ${fmtUj(e.totalUj)} (average ${e.averageMw.toFixed(4)} mW at ${e.volts} V)`,
    `    running     ${fmtUj(e.activeUj)} (average ${fmtMa(e.activeMa)}, ${(e.activeUs / 1e3).toFixed(3)} ms)`,
    `    asleep      ${fmtUj(e.sleepUj)} (average ${fmtMa(e.sleepMa)}, ${(e.sleepUs / 1e3).toFixed(3)} ms)`,
  ];
  if (e.states.length > 1 || e.states.some((s) => s.resources.length)) {
    lines.push('    by state (held clocks/domains in brackets):');
    for (const st of e.states) lines.push(`      ${stateName(st).padEnd(34)} ${fmtUj(st.uJ).padStart(12)}  ${fmtMa(st.mA).padStart(10)}  ${(st.us / 1e3).toFixed(3)} ms  (${st.label})`);
  }
  for (const p of e.peripherals) lines.push(`    adder: ${p.name}: ${fmtUj(p.uJ)} (${fmtMa(p.mA)}, ${(p.activeUs / 1e3).toFixed(3)} ms)`);
  for (const n of e.notApplied) lines.push(`    no figure: ${n}`);
  if (e.approximate) lines.push(`    approximate: ${e.approximate}`);
  return lines.join('\n');
}

/** `femtosim boards --power`: the power model of each board with its sources. */
export function formatPowerModel(name: string, model: PowerModel | undefined, clockHz: number): string {
  if (!model) return `${name}: no power model`;
  const st = (label: string, s: { mA: number; source: string } | null) =>
    s ? `  ${label.padEnd(8)} ${fmtMa(s.mA).padStart(10)}  ${s.source}` : `  ${label.padEnd(8)} ${'-'.padStart(10)}  no datasheet figure`;
  const lines = [`${name} (${model.volts} V, active figure at ${(clockHz / 1e6).toFixed(0)} MHz)`, st('active', model.active), st('sleep', model.sleep)];
  if (model.states?.length) {
    lines.push('  by state (first matching total wins; adders add):');
    for (const r of model.states) {
      const cond = [...r.when, ...(r.unless ?? []).map((u) => `not ${u}`)].join(' + ') || 'always';
      lines.push(`    ${r.kind.padEnd(6)} ${r.cpu.padEnd(6)} ${cond.padEnd(22)} ${fmtMa(r.mA).padStart(10)}  ${r.label}`);
      lines.push(`${' '.repeat(12)}source: ${r.source}${r.derivation ? `; derived: ${r.derivation}` : ''}`);
    }
  }
  for (const n of model.noFigure ?? []) lines.push(`  no figure: ${n}`);
  if (model.notes) lines.push(`  notes: ${model.notes}`);
  return lines.join('\n');
}

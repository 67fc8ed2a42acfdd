/**
 * One measured run of an image (profile, containers, energy, footprint) and the versioned JSON
 * report document built from such runs (schema: docs/report-schema.md). The document holds no
 * timestamps and no host paths beyond the ELF paths given: the same ELFs and inputs give the same
 * bytes on any machine.
 */
import { basename } from 'node:path';
import { Machine, type RunOptions, type RunSummary } from './machine.js';
import { Profiler, type ProfileResult } from './profiler.js';
import { EnergyMeter, type EnergyReport } from './energy.js';
import { ContainerTracker, detectEngine, knownEngines, type ContainersResult } from './containers.js';
import { functionSymbols, type ElfImage } from '../loader/elf.js';
import { computeFootprint, type Footprint } from '../loader/footprint.js';

export const REPORT_SCHEMA = 'femtosim-report';
export const REPORT_SCHEMA_VERSION = 1;

export interface MeasuredRun {
  image: ElfImage;
  machine: Machine;
  summary: RunSummary;
  /** null when the core has no profiler loop variant (setObserver). */
  profile: ProfileResult | null;
  energy: EnergyReport;
  containers: ContainersResult | null;
  footprint: Footprint;
  /** Why profiling or container tracking was not possible, if it was not. */
  notes: string[];
}

export interface MeasureOptions {
  measure?: string[];
  /** Track femto-container runs (default true). */
  containers?: boolean;
}

/** Runs a loaded machine with the profiler, container tracking and energy meter attached. */
export function measureRun(machine: Machine, image: ElfImage, run: RunOptions, opts: MeasureOptions = {}): MeasuredRun {
  const notes: string[] = [];
  const meter = new EnergyMeter(machine);
  const syms = functionSymbols(image);
  const engine = detectEngine(syms.map((s) => s.name));
  let profiler: Profiler | null = null;
  let tracker: ContainerTracker | null = null;
  if (machine.cpu.setObserver) {
    profiler = new Profiler(syms, {
      sleepCycles: () => machine.sleepCycles,
      stalls: machine.cpu.stalls,
      measure: opts.measure,
    });
    if (engine && opts.containers !== false) tracker = new ContainerTracker(machine, profiler, engine);
    profiler.start(machine.cpu.pc, machine.sched.now);
    machine.setObserver(profiler);
  } else {
    notes.push(`the ${machine.board.cpu} core has no profiler loop variant: no per-function or container figures`);
  }
  const summary = machine.run(run);
  const profile = profiler ? profiler.finish(machine.sched.now) : null;
  if (profiler) machine.setObserver(null);
  const energy = meter.report();
  const containers = tracker ? tracker.result(energy) : engine ? null : { engine: null, clockHz: machine.clock.hz, containers: [] };
  const components = knownEngines.map((e) => ({ name: e.id, match: e.footprint })).filter((c) => !engine || c.name === engine.id);
  const footprint = computeFootprint(image, machine.board, engine ? components : []);
  return { image, machine, summary, profile, energy, containers, footprint, notes };
}

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;

/** The JSON form of one measured run (one entry of the report's `images`). */
export function imageReport(r: MeasuredRun, topFunctions = 20) {
  const s = r.summary;
  const fp = r.footprint;
  const e = r.energy;
  return {
    key: `${s.board}:${basename(r.image.path)}`,
    elf: r.image.path,
    elfSha256: r.image.sha256,
    board: s.board,
    arch: s.arch,
    clockHz: s.clockHz,
    footprint: {
      flash: fp.flash,
      ram: fp.ram,
      flashLimit: fp.flashLimit,
      ramLimit: fp.ramLimit,
      regions: fp.regions.map((g) => ({ name: g.name, kind: g.kind, used: g.used, limit: g.limit })),
      sections: fp.sections.map((x) => ({ name: x.name, size: x.size, flash: x.flash, ram: x.ram })),
      components: fp.components.map((c) => ({ name: c.name, flash: c.flash, ram: c.ram, symbols: c.symbols })),
    },
    run: {
      cycles: s.cycles,
      instructions: s.instructions,
      timeUs: round(s.timeUs),
      sleepCycles: s.sleepCycles,
      stopReason: s.stopReason,
      exitCode: s.exitCode,
      fault: s.fault ?? null,
    },
    measured: (r.profile?.measured ?? []).map((m) => ({ name: m.name, count: m.count, min: m.min, median: m.median, max: m.max, total: m.total })),
    topFunctions: (r.profile?.functions ?? []).slice(0, topFunctions).map((f) => ({
      name: f.name,
      self: f.self,
      inclusive: f.inclusive,
      calls: f.calls,
      ...(f.stalls ? { stalls: f.stalls } : {}),
    })),
    containers: r.containers
      ? {
          engine: r.containers.engine?.id ?? null,
          containers: r.containers.containers.map((c) => ({
            name: c.name,
            startupCycles: c.startupCycles,
            startupUs: round(c.startupUs),
            startupUj: c.startupUj === null ? null : round(c.startupUj),
            runs: c.exec.count,
            execCycles: { min: c.exec.min, median: c.exec.median, max: c.exec.max, total: c.exec.total },
            verifyCycles: c.verify ? { first: c.verify.samples[0], min: c.verify.min, median: c.verify.median, max: c.verify.max, total: c.verify.total } : null,
            execUs: round(c.execUs),
            execUj: c.execUj === null ? null : round(c.execUj),
            native: c.native ? { function: c.native.function, medianCycles: c.native.stats.median, us: round(c.native.us), uJ: c.native.uJ === null ? null : round(c.native.uJ) } : null,
            ratio: c.ratio === null ? null : round(c.ratio, 4),
          })),
        }
      : null,
    energy: e.available
      ? {
          available: true,
          volts: e.volts,
          totalUj: round(e.totalUj),
          averageMw: round(e.averageMw),
          activeUj: round(e.activeUj),
          sleepUj: round(e.sleepUj),
          peripherals: e.peripherals.map((p) => ({ name: p.name, uJ: round(p.uJ) })),
          states: e.states.map((st) => ({ cpu: st.cpu, resources: st.resources, label: st.label, mA: round(st.mA, 6), us: round(st.us), uJ: round(st.uJ) })),
          approximate: e.approximate ?? null,
        }
      : { available: false, reason: e.reason ?? 'unavailable' },
    notes: r.notes,
  };
}

export type ImageReport = ReturnType<typeof imageReport>;

export interface ReportDocument {
  schema: typeof REPORT_SCHEMA;
  schemaVersion: number;
  generator: string;
  images: ImageReport[];
}

export function reportDocument(images: ImageReport[]): ReportDocument {
  return { schema: REPORT_SCHEMA, schemaVersion: REPORT_SCHEMA_VERSION, generator: 'femtosim', images };
}

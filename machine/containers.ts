/**
 * Femto-container measurements: which engine an image holds (by its symbols), and for every
 * container its start-up (load + pre-flight verification + set-up) and executions, in cycles, µs
 * at the board's clock and µJ, with the container/native ratio where the image has a native twin.
 *
 * How a call is tied to a container: at the call of a start-up or execution function the
 * profiler's watcher reads the engine's handle argument (the container / VM struct pointer) through
 * Cpu.callArg (optional hook, machine/cpu.ts) or, without it, registers() by ABI name (r0..r3 on
 * ARM, a0..a7 on RISC-V). Where the start-up call also passes the container's name (the project's
 * engine: fc_container_start(c, name, image, len)), the name is read from memory; otherwise the
 * container is named by its handle address.
 *
 * Only outermost calls count (an execute wrapper calling the interpreter is one run; a start-up
 * calling the verifier is one start-up). Start-up calls nested inside an execution (RIOT's engines
 * verify on the first execute) are charged to start-up and subtracted from that execution.
 */
import type { Machine } from './machine.js';
import type { Profiler } from './profiler.js';
import { measureStats, type MeasureStats } from './profiler.js';
import { spanEnergyUj, type EnergyReport } from './energy.js';
import { ENGINE_PROFILES } from '../femto-host/engines.js';

/** An engine as the measurement layer uses it (built from femto-host/engines.ts). */
export interface EngineProfile {
  id: string;
  name: string;
  /** Start-up functions (load, set-up, pre-flight verification). */
  startup: string[];
  /** Functions that run a container once (wrappers and interpreter: only the outermost call counts). */
  execute: string[];
  /** Marker symbols: any one present identifies the engine. */
  markers: string[];
  /** Argument index of the container handle in start-up and execute calls. */
  handleArg: number;
  /** Argument index of a C string naming the container in start-up calls, if the engine passes one. */
  nameArg?: number;
  /** Prefix of the native twin of container <name>: prefix + name. */
  nativePrefix?: string;
  /** Symbols belonging to the engine (footprint component). */
  footprint: RegExp;
}

/** What femto-host's table does not say: calling convention details and footprint patterns. */
const MEASUREMENT_DETAILS: Record<string, Pick<EngineProfile, 'handleArg' | 'nameArg' | 'nativePrefix' | 'footprint'>> = {
  // fc_container_start(fc_container_t *c, const char *name, ...), fc_container_run(fc_container_t *c, ...)
  'femtosim-fc': { handleArg: 0, nameArg: 1, nativePrefix: 'native_', footprint: /^fc_/ },
  // f12r_setup(f12r_t *), f12r_execute[_ctx](f12r_t *, ...)
  'riot-femto-container': { handleArg: 0, footprint: /^_?f12r_/ },
  // bpf_setup(bpf_t *), bpf_execute[_ctx](bpf_t *, ...)
  'riot-sys-bpf': { handleArg: 0, footprint: /^_?bpf_/ },
};

/** Engines femtosim knows: femto-host's table of symbols plus the details above. */
export const knownEngines: EngineProfile[] = ENGINE_PROFILES.map((p) => ({
  id: p.engine,
  name: p.title,
  startup: [...p.startupSymbols, ...p.verifySymbols],
  execute: [...p.executeSymbols],
  markers: [...p.markerSymbols],
  ...(MEASUREMENT_DETAILS[p.engine] ?? { handleArg: 0, footprint: /^$/ }),
}));

/** The first engine whose marker symbols the image holds and whose execute function it has. */
export function detectEngine(symbolNames: Iterable<string>, engines: EngineProfile[] = knownEngines): EngineProfile | null {
  const names = new Set(symbolNames);
  for (const e of engines) {
    if (e.markers.some((f) => names.has(f)) && e.execute.some((f) => names.has(f))) return e;
  }
  return null;
}

export interface ContainerRun {
  /** Execution cycles (nested start-up excluded). */
  cycles: number;
  sleepCycles: number;
  /** Cycles at which the run started. */
  at: number;
}

export interface ContainerReport {
  name: string;
  handle: number;
  startupCycles: number;
  startupCalls: number;
  startupUs: number;
  startupUj: number | null;
  runs: ContainerRun[];
  exec: MeasureStats;
  /** Median execution µs / µJ. */
  execUs: number;
  execUj: number | null;
  native: { function: string; stats: MeasureStats; us: number; uJ: number | null } | null;
  /** Median container execution / median native call. */
  ratio: number | null;
}

export interface ContainersResult {
  engine: { id: string; name: string } | null;
  clockHz: number;
  containers: ContainerReport[];
}

function readCString(m: Machine, addr: number, max = 64): string | null {
  const r = m.bus.regionAt(addr >>> 0);
  if (!r) return null;
  let s = '';
  for (let i = 0; i < max; i++) {
    const off = (addr >>> 0) - r.base + i;
    if (off >= r.size) return null;
    const c = r.u8[off];
    if (c === 0) return s;
    if (c < 0x20 || c > 0x7e) return null;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Argument n of the call being delivered: the core's hook, or registers() by ABI name. */
export function callArgument(m: Machine, n: number): number {
  const cpu = m.cpu;
  if (cpu.callArg) return cpu.callArg(n) >>> 0;
  const regs = cpu.registers();
  const names = m.board.arch === 'riscv' ? [`a${n}`, `x${10 + n}`] : m.board.arch === 'xtensa' ? [`a${2 + n}`] : [`r${n}`];
  for (const k of names) if (k in regs) return regs[k] >>> 0;
  return 0;
}

interface Acc {
  name: string;
  handle: number;
  startupCycles: number;
  startupCalls: number;
  runs: ContainerRun[];
}

/** Watches an engine's functions on a profiler; call result() after the profiler finished. */
export class ContainerTracker {
  private readonly byHandle = new Map<number, Acc>();
  private readonly order: Acc[] = [];
  /** Open execute calls (null: nested in another execute), with nested start-up cycles so far. */
  private readonly execStack: Array<{ acc: Acc; nested: number; at: number } | null> = [];
  /** Open start-up calls (null: nested in another start-up). */
  private readonly startStack: Array<Acc | null> = [];
  private readonly nativeSamples = new Map<string, number[]>();

  constructor(
    private readonly machine: Machine,
    private readonly profiler: Profiler,
    readonly engine: EngineProfile,
  ) {
    const has = (f: string) => profiler.names.includes(f);
    for (const f of engine.startup.filter(has)) {
      profiler.watch(f, {
        enter: () => this.startStack.push(this.startStack.some((x) => x !== null) ? null : this.accFor(true)),
        exit: (_now, cycles) => {
          const acc = this.startStack.pop();
          if (!acc) return;
          acc.startupCycles += cycles;
          acc.startupCalls++;
          // Inside an execution (verification on first run): not execution time.
          for (let i = this.execStack.length - 1; i >= 0; i--) {
            const e = this.execStack[i];
            if (e) {
              e.nested += cycles;
              break;
            }
          }
        },
      });
    }
    for (const f of engine.execute.filter(has)) {
      profiler.watch(f, {
        enter: (now) => this.execStack.push(this.execStack.some((x) => x !== null) ? null : { acc: this.accFor(false), nested: 0, at: now }),
        exit: (_now, cycles, sleep) => {
          const e = this.execStack.pop();
          if (!e) return;
          e.acc.runs.push({ cycles: cycles - e.nested, sleepCycles: sleep, at: e.at });
        },
      });
    }
    if (engine.nativePrefix) {
      for (const f of profiler.names) {
        if (!f.startsWith(engine.nativePrefix)) continue;
        const samples: number[] = [];
        this.nativeSamples.set(f, samples);
        profiler.watch(f, { enter() {}, exit: (_n, cycles) => samples.push(cycles) });
      }
    }
  }

  private accFor(isStartup: boolean): Acc {
    const handle = callArgument(this.machine, this.engine.handleArg);
    let acc = this.byHandle.get(handle);
    let name: string | null = null;
    if (isStartup && this.engine.nameArg !== undefined) name = readCString(this.machine, callArgument(this.machine, this.engine.nameArg));
    if (!acc) {
      acc = { name: name ?? `container@0x${handle.toString(16).padStart(8, '0')}`, handle, startupCycles: 0, startupCalls: 0, runs: [] };
      this.byHandle.set(handle, acc);
      this.order.push(acc);
    } else if (name && isStartup && acc.startupCalls > 0 && name !== acc.name) {
      // The same struct reused for another container: a new entry.
      acc = { name, handle, startupCycles: 0, startupCalls: 0, runs: [] };
      this.byHandle.set(handle, acc);
      this.order.push(acc);
    } else if (name) acc.name = name;
    return acc;
  }

  result(energy: EnergyReport | null): ContainersResult {
    const hz = this.machine.clock.hz;
    const us = (c: number) => (c * 1e6) / hz;
    const uj = (c: number, s = 0) => (energy ? spanEnergyUj(energy, c, s) : null);
    const containers = this.order.map((a): ContainerReport => {
      const exec = measureStats(a.name, a.runs.map((r) => r.cycles));
      const nf = this.engine.nativePrefix ? this.engine.nativePrefix + a.name : '';
      const ns = this.nativeSamples.get(nf);
      const native = ns && ns.length ? measureStats(nf, ns) : null;
      return {
        name: a.name,
        handle: a.handle,
        startupCycles: a.startupCycles,
        startupCalls: a.startupCalls,
        startupUs: us(a.startupCycles),
        startupUj: uj(a.startupCycles),
        runs: a.runs,
        exec,
        execUs: us(exec.median),
        execUj: uj(exec.median),
        native: native ? { function: nf, stats: native, us: us(native.median), uJ: uj(native.median) } : null,
        ratio: native && native.median > 0 && exec.count > 0 ? exec.median / native.median : null,
      };
    });
    return { engine: { id: this.engine.id, name: this.engine.name }, clockHz: hz, containers };
  }
}

function f(n: number | null, digits: number): string {
  return n === null ? '-' : n.toFixed(digits);
}

export function formatContainers(r: ContainersResult): string {
  if (!r.engine) return 'no femto-container engine found in the image (looked for: ' + knownEngines.map((e) => e.execute.join('/')).join(', ') + ')';
  const lines = [`engine: ${r.engine.name}, clock ${(r.clockHz / 1e6).toFixed(3)} MHz`];
  if (r.containers.length === 0) {
    lines.push('no container was started or run during the emulated time (raise --max-time?)');
    return lines.join('\n');
  }
  lines.push('container            start-up cyc      µs       µJ   runs  exec cyc (median)      µs       µJ   native cyc  ratio');
  for (const c of r.containers) {
    lines.push(
      `${c.name.padEnd(20)} ${String(c.startupCycles).padStart(12)} ${f(c.startupUs, 2).padStart(7)} ${f(c.startupUj, 3).padStart(8)} ${String(c.exec.count).padStart(6)} ${String(c.exec.median).padStart(18)} ${f(c.execUs, 2).padStart(7)} ${f(c.execUj, 3).padStart(8)} ${(c.native ? String(c.native.stats.median) : '-').padStart(12)} ${(c.ratio === null ? '-' : c.ratio.toFixed(1) + 'x').padStart(6)}`,
    );
  }
  return lines.join('\n');
}

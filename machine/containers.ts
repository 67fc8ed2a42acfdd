/**
 * Femto-container measurements: which engine an image holds (by its symbols), and for every
 * container its start-up (load + set-up + pre-flight verification before the first run) and its
 * executions, in cycles, µs at the board's clock and µJ, with the container/native ratio where the
 * image has a native twin.
 *
 * How a call is tied to a container: at the call of a start-up or execution function the
 * profiler's watcher reads the engine's handle argument (the container / VM struct pointer) through
 * Cpu.callArg (machine/cpu.ts: r0..r3 on ARM, a0..a7 on RISC-V). Where the start-up call also passes the container's name (the project's
 * engine: fc_container_start(c, name, image, len)), the name is read from memory; otherwise the
 * container is named by its handle address. An execution function reached by a plain branch (no
 * call event, so no readable arguments) is charged to the container last set up or run.
 *
 * One run is one outermost call of an execution function, from the call to the return of the whole
 * tail chain: RIOT's f12r_execute_ctx ends in a plain branch to f12r_run, which returns straight to
 * the caller, and the run covers both. Execution calls nested in a run (a wrapper calling the
 * interpreter) belong to it. A pre-flight verification called from inside a run (RIOT's engines
 * verify on every f12r_run / bpf_run, fully only the first time) is part of the run and is also
 * reported on its own (verify cycles per run); one called outside any run and start-up counts as
 * start-up. Activations are told apart by the profiler's serials, so runs on several threads
 * (preempted, or run from a context-switch hook) do not mix.
 */
import type { Machine } from './machine.js';
import { ENTRY_CALL, type EntryKind, type Profiler } from './profiler.js';
import { measureStats, type MeasureStats } from './profiler.js';
import { spanEnergyUj, type EnergyReport } from './energy.js';
import { ENGINE_PROFILES } from '../femto-host/engines.js';

/** An engine as the measurement layer uses it (built from femto-host/engines.ts). */
export interface EngineProfile {
  id: string;
  name: string;
  /** Start-up functions (load, set-up). */
  startup: string[];
  /** Pre-flight verification functions (start-up when called outside a run). */
  verify: string[];
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
  // f12r_setup(f12r_t *), f12r_execute[_ctx](f12r_t *, ...), f12r_verify_preflight(f12r_t *)
  'riot-femto-container': { handleArg: 0, footprint: /^_?f12r_/ },
  // bpf_setup(bpf_t *), bpf_execute[_ctx](bpf_t *, ...)
  'riot-sys-bpf': { handleArg: 0, footprint: /^_?bpf_/ },
};

/** Engines femtosim knows: femto-host's table of symbols plus the details above. */
export const knownEngines: EngineProfile[] = ENGINE_PROFILES.map((p) => ({
  id: p.engine,
  name: p.title,
  startup: [...p.startupSymbols],
  verify: [...p.verifySymbols],
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
  /** Execution cycles: call to return of the outermost execution call (verification included). */
  cycles: number;
  /** Of those, cycles in pre-flight verification called during the run. */
  verifyCycles: number;
  sleepCycles: number;
  /** Cycles at which the run started. */
  at: number;
}

export interface ContainerReport {
  name: string;
  handle: number;
  /** Set-up and verification outside runs (load, f12r_setup / fc_container_start, ...). */
  startupCycles: number;
  startupCalls: number;
  startupUs: number;
  startupUj: number | null;
  runs: ContainerRun[];
  exec: MeasureStats;
  /** Verification cycles per run (samples in run order), null when no run verified. */
  verify: MeasureStats | null;
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

/** A printable NUL-terminated string at addr (a container name), or null. */
function readCString(m: Machine, addr: number, max = 64): string | null {
  const s = m.bus.peekString(addr >>> 0, max);
  return s !== null && /^[\x20-\x7e]*$/.test(s) ? s : null;
}

/** Argument n of the call being delivered (the core's callArg hook; 0 for a core without it). */
export function callArgument(m: Machine, n: number): number {
  return m.cpu.callArg ? m.cpu.callArg(n) >>> 0 : 0;
}

const handleName = (handle: number) => (handle < 0 ? 'container@?' : `container@0x${handle.toString(16).padStart(8, '0')}`);

interface Acc {
  name: string;
  handle: number;
  startupCycles: number;
  startupCalls: number;
  runs: ContainerRun[];
}

interface OpenRun {
  acc: Acc;
  at: number;
  verify: number;
}

/** Watches an engine's functions on a profiler; call result() after the profiler finished. */
export class ContainerTracker {
  private readonly byHandle = new Map<number, Acc>();
  private readonly order: Acc[] = [];
  /** Open execution activations by serial (nested ones share their run). */
  private readonly runs = new Map<number, { run: OpenRun; outer: boolean }>();
  /** Open start-up activations by serial (null: nested in another start-up or inside a run). */
  private readonly startups = new Map<number, Acc | null>();
  /** Open verification activations by serial: the run they verify in, the container they start, or null (nested). */
  private readonly verifies = new Map<number, { run: OpenRun | null; acc: Acc | null }>();
  private readonly nativeSamples = new Map<string, number[]>();
  private readonly engineFns: Uint8Array;
  private last: Acc | null = null;

  constructor(
    private readonly machine: Machine,
    private readonly profiler: Profiler,
    readonly engine: EngineProfile,
  ) {
    const has = (f: string) => profiler.names.includes(f);
    this.engineFns = profiler.functionFlags([...engine.startup, ...engine.verify, ...engine.execute]);
    for (const f of engine.execute.filter(has)) {
      profiler.watch(f, {
        enter: (now, serial, how) => {
          const outer = this.runs.get(profiler.enclosing(this.engineFns));
          if (outer) this.runs.set(serial, { run: outer.run, outer: false });
          else this.runs.set(serial, { run: { acc: this.accFor(false, how), at: now, verify: 0 }, outer: true });
        },
        exit: (_now, cycles, sleep, serial) => {
          const e = this.runs.get(serial);
          if (!e) return;
          this.runs.delete(serial);
          if (e.outer) e.run.acc.runs.push({ cycles, verifyCycles: e.run.verify, sleepCycles: sleep, at: e.run.at });
        },
      });
    }
    for (const f of engine.startup.filter((x) => has(x) && !engine.execute.includes(x))) {
      profiler.watch(f, {
        enter: (_now, serial, how) => {
          const enc = profiler.enclosing(this.engineFns);
          this.startups.set(serial, enc >= 0 ? null : this.accFor(true, how));
        },
        exit: (_now, cycles, _sleep, serial) => {
          const acc = this.startups.get(serial);
          this.startups.delete(serial);
          if (!acc) return;
          acc.startupCycles += cycles;
          acc.startupCalls++;
        },
      });
    }
    for (const f of engine.verify.filter((x) => has(x) && !engine.execute.includes(x) && !engine.startup.includes(x))) {
      profiler.watch(f, {
        enter: (_now, serial, how) => {
          const enc = profiler.enclosing(this.engineFns);
          const inRun = this.runs.get(enc);
          if (inRun) this.verifies.set(serial, { run: inRun.run, acc: null });
          else if (enc >= 0) this.verifies.set(serial, { run: null, acc: null });
          else this.verifies.set(serial, { run: null, acc: this.accFor(false, how) });
        },
        exit: (_now, cycles, _sleep, serial) => {
          const v = this.verifies.get(serial);
          this.verifies.delete(serial);
          if (v?.run) v.run.verify += cycles;
          else if (v?.acc) {
            v.acc.startupCycles += cycles;
            v.acc.startupCalls++;
          }
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

  private newAcc(name: string, handle: number): Acc {
    const acc = { name, handle, startupCycles: 0, startupCalls: 0, runs: [] };
    this.byHandle.set(handle, acc);
    this.order.push(acc);
    return acc;
  }

  private accFor(isStartup: boolean, how: EntryKind): Acc {
    if (how !== ENTRY_CALL) {
      // Entered by a plain branch: the argument registers no longer hold the call's arguments.
      return (this.last ??= this.newAcc(handleName(-1), -1));
    }
    const handle = callArgument(this.machine, this.engine.handleArg);
    let acc = this.byHandle.get(handle);
    let name: string | null = null;
    if (isStartup && this.engine.nameArg !== undefined) name = readCString(this.machine, callArgument(this.machine, this.engine.nameArg));
    if (!acc) acc = this.newAcc(name ?? handleName(handle), handle);
    else if (isStartup && acc.startupCalls > 0) {
      // The same struct set up again (a slot reused, a stack-allocated handle in a loop): a new container.
      acc = this.newAcc(name ?? handleName(handle), handle);
    } else if (name) acc.name = name;
    this.last = acc;
    return acc;
  }

  result(energy: EnergyReport | null): ContainersResult {
    // Handle-named containers set up more than once on one handle: numbered in set-up order.
    const seen = new Map<string, number>();
    for (const a of this.order) seen.set(a.name, (seen.get(a.name) ?? 0) + 1);
    const nth = new Map<string, number>();
    const displayName = (a: Acc) => {
      if (a.name !== handleName(a.handle) || (seen.get(a.name) ?? 0) < 2) return a.name;
      const k = (nth.get(a.name) ?? 0) + 1;
      nth.set(a.name, k);
      return `${a.name}#${k}`;
    };
    const hz = this.machine.clock.hz;
    const us = (c: number) => (c * 1e6) / hz;
    const uj = (c: number, s = 0) => (energy ? spanEnergyUj(energy, c, s) : null);
    const containers = this.order.map((a): ContainerReport => {
      const exec = measureStats(a.name, a.runs.map((r) => r.cycles));
      const verify = a.runs.some((r) => r.verifyCycles > 0) ? measureStats(a.name, a.runs.map((r) => r.verifyCycles)) : null;
      const nf = this.engine.nativePrefix ? this.engine.nativePrefix + a.name : '';
      const ns = this.nativeSamples.get(nf);
      const native = ns && ns.length ? measureStats(nf, ns) : null;
      return {
        name: displayName(a),
        handle: a.handle,
        startupCycles: a.startupCycles,
        startupCalls: a.startupCalls,
        startupUs: us(a.startupCycles),
        startupUj: uj(a.startupCycles),
        runs: a.runs,
        exec,
        verify,
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
  const verifying = r.containers.some((c) => c.verify);
  const w = Math.max(20, ...r.containers.map((c) => c.name.length));
  lines.push(
    'container'.padEnd(w) + ' start-up cyc      µs       µJ   runs  exec cyc (median)      µs       µJ' + (verifying ? '  verify/run' : '') + '   native cyc  ratio',
  );
  for (const c of r.containers) {
    lines.push(
      `${c.name.padEnd(w)} ${String(c.startupCycles).padStart(12)} ${f(c.startupUs, 2).padStart(7)} ${f(c.startupUj, 3).padStart(8)} ${String(c.exec.count).padStart(6)} ${String(c.exec.median).padStart(18)} ${f(c.execUs, 2).padStart(7)} ${f(c.execUj, 3).padStart(8)}` +
        (verifying ? ` ${(c.verify ? String(c.verify.median) : '-').padStart(11)}` : '') +
        ` ${(c.native ? String(c.native.stats.median) : '-').padStart(12)} ${(c.ratio === null ? '-' : c.ratio.toFixed(1) + 'x').padStart(6)}`,
    );
  }
  if (verifying) lines.push('verify/run: median cycles of pre-flight verification called inside each run (an engine behaviour; included in exec cyc)');
  for (const c of r.containers) {
    const s = c.verify?.samples;
    if (!s || s.length < 2) continue;
    const rest = s.slice(1);
    lines.push(
      `  ${c.name}: verification ${s[0]} cycles in the first run, then median ${measureStats('', rest).median} ` +
        `(min ${Math.min(...rest)}, max ${Math.max(...rest)}); ${c.verify!.total} cycles over ${s.length} runs`,
    );
  }
  return lines.join('\n');
}

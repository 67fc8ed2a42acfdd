/**
 * A machine: one board (CPU, bus, peripherals, clock) with a firmware image loaded, and the run
 * loop that drives it in emulated time.
 */
import { Bus, isBusFault } from '../peripherals/bus.js';
import { Scheduler } from '../peripherals/scheduler.js';
import { Console } from '../peripherals/console.js';
import { PowerResources } from '../peripherals/power.js';
import { Clock, type ResetKind, type Diagnostics, type Peripheral, type PeripheralContext } from '../peripherals/peripheral.js';
import type { BoardDesc } from '../peripherals/boards/types.js';
import { deviceFactories } from '../peripherals/registry.js';
import { cpuFactories } from '../cpu/index.js';
import type { Cpu, CpuHost, ExecObserver } from './cpu.js';
import { checkImageForBoard, type ElfImage } from '../loader/elf.js';
import { Semihosting } from './semihosting.js';
import { UserError } from './errors.js';

export type StopReason = 'until' | 'exit' | 'max-cycles' | 'max-time' | 'idle' | 'lockup' | 'fault' | 'system-off' | 'break';

export interface RunOptions {
  /** Stop when the console output matches. */
  until?: RegExp;
  /** Budget in core cycles. */
  maxCycles?: number;
  /** Budget in emulated milliseconds. */
  maxTimeMs?: number;
  /** Stop (successfully) when the core sleeps with nothing scheduled. */
  exitOnIdle?: boolean;
  /**
   * Stop (successfully, reason 'break') when this returns true; asked between slices, so a caller
   * that sets its condition from inside an instruction also calls sched.requestBreak().
   */
  breakWhen?: () => boolean;
}

export interface RunSummary {
  board: string;
  arch: string;
  clockHz: number;
  cycles: number;
  instructions: number;
  timeUs: number;
  sleepCycles: number;
  sleepShare: number;
  stopReason: StopReason;
  exitCode: number;
  /** Fault / lockup report (registers, PC, disassembly) when the run ended on one. */
  fault?: string;
}

export interface MachineOptions {
  /** Where console output goes (default: kept in memory only). */
  consoleSink?: (chunk: string) => void;
  strict?: boolean;
  /** Seed for deterministic "random" peripherals. */
  seed?: number;
  /** Where warnings go (default stderr). */
  warn?: (msg: string) => void;
}

export class Machine implements CpuHost {
  readonly bus = new Bus();
  readonly sched = new Scheduler();
  readonly clock: Clock;
  readonly console: Console;
  readonly diag: Diagnostics;
  readonly cpu: Cpu;
  readonly peripherals = new Map<string, Peripheral>();
  readonly semihosting: Semihosting;
  image: ElfImage | null = null;
  /** Cycles spent asleep (WFI/WFE with the clock skipped forward). */
  sleepCycles = 0;
  /** Clocks and domains held by peripherals, for the energy model. */
  readonly power = new PowerResources();
  private exitCode: number | null = null;
  private powerOffReason: string | null = null;
  private pendingReset: string | null = null;
  private pendingResetKind: ResetKind = 'pin';
  /** System resets so far (watchdog, reset requests), with their reasons. */
  readonly resets: Array<{ cycle: number; reason: string }> = [];
  private readonly warn: (msg: string) => void;

  constructor(
    readonly board: BoardDesc,
    opts: MachineOptions = {},
  ) {
    const warned = new Set<string>();
    const warn = opts.warn ?? ((m: string) => process.stderr.write(m + '\n'));
    this.warn = warn;
    this.diag = {
      strict: opts.strict ?? false,
      warnOnce(key: string, message: string) {
        if (warned.has(key)) return;
        warned.add(key);
        warn(message);
      },
    };
    this.clock = new Clock(board.clockHz, this.sched);
    this.console = new Console(opts.consoleSink ?? (() => {}));
    this.console.onMatch = () => this.sched.requestBreak();
    for (const m of board.memory) this.bus.addRegion(m);
    const cpuFactory = cpuFactories[board.cpu];
    if (!cpuFactory) throw new UserError(`board ${board.name}: no model for CPU core '${board.cpu}'`);
    this.cpu = cpuFactory(this);
    const ctx: PeripheralContext = {
      sched: this.sched,
      clock: this.clock,
      irq: this.cpu,
      bus: this.bus,
      console: this.console,
      diag: this.diag,
      seed: opts.seed ?? 1,
      power: this.power,
      system: {
        powerOff: (reason) => {
          this.powerOffReason = reason;
          this.sched.requestBreak();
        },
        reset: (reason, kind) => {
          this.pendingReset = reason;
          this.pendingResetKind = kind ?? 'pin';
          this.sched.requestBreak();
        },
      },
    };
    for (const pd of board.peripherals) {
      const f = deviceFactories[pd.type];
      if (!f) throw new UserError(`board ${board.name}: no model for peripheral type '${pd.type}' (${pd.name})`);
      const p = f(pd, ctx);
      this.bus.addDevice(p);
      this.peripherals.set(pd.name, p);
    }
    this.semihosting = new Semihosting(this.bus, this.console, () => this.clock.nowUs);
  }

  /** Loads the image's segments at their load addresses and resets the core. */
  load(img: ElfImage): void {
    checkImageForBoard(img, this.board);
    for (const seg of img.segments) {
      if (seg.data.length && !this.bus.loadBytes(seg.paddr, seg.data)) {
        throw new UserError(`${img.path}: cannot load segment at 0x${seg.paddr.toString(16)}`);
      }
    }
    this.image = img;
    this.cpu.reset();
  }

  requestSystemReset(reason: string): void {
    this.pendingReset = reason;
    this.pendingResetKind = 'software';
    this.sched.requestBreak();
  }

  semihost(op: number, param: number): number {
    const r = this.semihosting.call(op, param);
    if (r.exitCode !== null) {
      this.exitCode = r.exitCode;
      this.sched.requestBreak();
    }
    return r.value;
  }

  setObserver(obs: ExecObserver | null): void {
    if (!this.cpu.setObserver) throw new UserError(`the ${this.board.cpu} core does not support profiling`);
    this.cpu.setObserver(obs);
  }

  /**
   * One step: a one-cycle budget ends after exactly one instruction (or one exception entry);
   * asleep, the machine goes on to the next event instead. opts.maxCycles still bounds it. Used by
   * the tracer and the debugger; emulated time is the same as in an uninterrupted run.
   */
  step(opts: RunOptions = {}): RunSummary {
    const sched = this.sched;
    const next = this.cpu.sleeping ? Math.max(sched.now + 1, sched.nextTime) : sched.now + 1;
    return this.run({ ...opts, maxCycles: Math.min(next, opts.maxCycles ?? Infinity) });
  }

  /** Runs until a stop condition; returns the summary. May be called again to continue. */
  run(opts: RunOptions = {}): RunSummary {
    const sched = this.sched;
    const cpu = this.cpu;
    this.console.setUntil(opts.until ?? null);
    let reason: StopReason | null = null;
    let fault: string | undefined;
    const maxCycles = opts.maxCycles ?? Infinity;
    for (;;) {
      let end = maxCycles;
      let endReason: StopReason = 'max-cycles';
      if (opts.maxTimeMs !== undefined) {
        const t = this.clock.usToCycle(opts.maxTimeMs * 1000);
        if (t < end) {
          end = t;
          endReason = 'max-time';
        }
      }
      if (this.console.matched) {
        reason = 'until';
        break;
      }
      if (opts.breakWhen !== undefined && opts.breakWhen()) {
        reason = 'break';
        break;
      }
      if (this.exitCode !== null) {
        reason = 'exit';
        break;
      }
      if (this.powerOffReason !== null) {
        reason = 'system-off';
        break;
      }
      if (this.pendingReset !== null) this.systemReset();
      if (cpu.halted) {
        reason = cpu.halted.kind === 'exit' ? 'exit' : cpu.halted.kind;
        if (reason === 'exit') this.exitCode = cpu.halted.code;
        else fault = this.faultReport(cpu.halted.message);
        break;
      }
      if (sched.now >= end) {
        reason = endReason;
        break;
      }
      sched.beginSlice(end);
      if (cpu.sleeping) {
        const next = sched.nextTime;
        if (next === Infinity) {
          if (opts.exitOnIdle || end === Infinity) {
            reason = 'idle';
            break;
          }
          this.sleepCycles += end - sched.now;
          sched.now = end;
          continue;
        }
        const to = next < end ? next : end;
        this.sleepCycles += to - sched.now;
        sched.now = to;
      } else {
        try {
          cpu.run();
        } catch (e) {
          if (isBusFault(e)) {
            // A fault the core did not turn into an exception: report it as unhandled.
            fault = this.faultReport(`unhandled bus fault: ${e.describe()}`);
            reason = 'fault';
            break;
          }
          throw e;
        }
      }
      sched.runDue();
    }
    this.console.flush();
    const cycles = sched.now;
    let exitCode: number;
    switch (reason) {
      case 'until':
      case 'break':
        exitCode = 0;
        break;
      case 'exit':
        exitCode = this.exitCode ?? 0;
        break;
      case 'idle':
        exitCode = opts.exitOnIdle ? 0 : 124;
        break;
      case 'system-off':
        exitCode = 0;
        break;
      case 'max-cycles':
      case 'max-time':
        exitCode = 124;
        break;
      default:
        exitCode = 3;
    }
    return {
      board: this.board.name,
      arch: this.board.arch,
      clockHz: this.clock.hz,
      cycles,
      instructions: cpu.instructions,
      timeUs: this.clock.cyclesToUs(cycles),
      sleepCycles: this.sleepCycles,
      sleepShare: cycles > 0 ? this.sleepCycles / cycles : 0,
      stopReason: reason,
      exitCode,
      fault,
    };
  }

  /** Chip reset: every peripheral and the core restart; memory keeps its contents; time goes on. */
  private systemReset(): void {
    const reason = this.pendingReset!;
    this.pendingReset = null;
    this.resets.push({ cycle: this.sched.now, reason });
    this.warn(`femtosim: system reset at cycle ${this.sched.now}: ${reason}`);
    this.power.releaseAll();
    for (const p of this.peripherals.values()) p.reset();
    for (const p of this.peripherals.values()) p.onSystemReset(this.pendingResetKind);
    this.cpu.reset();
  }

  faultReport(message: string): string {
    const pc = this.cpu.pc >>> 0;
    let dis: string;
    try {
      dis = this.cpu.disassemble(pc);
    } catch {
      dis = '<unreadable>';
    }
    return `${message}\n  at pc=0x${pc.toString(16).padStart(8, '0')}: ${dis}\n${this.cpu.registerDump()}`;
  }
}

export function formatSummary(s: RunSummary): string {
  const us = s.timeUs;
  const time = us >= 1e6 ? `${(us / 1e6).toFixed(6)} s` : us >= 1e3 ? `${(us / 1e3).toFixed(3)} ms` : `${us.toFixed(3)} µs`;
  return [
    `femtosim: ${s.board} (${s.arch}, ${(s.clockHz / 1e6).toFixed(3)} MHz)`,
    `  cycles        ${s.cycles}`,
    `  instructions  ${s.instructions}`,
    `  emulated time ${time}`,
    `  asleep        ${(s.sleepShare * 100).toFixed(1)}% (${s.sleepCycles} cycles)`,
    `  stop reason   ${s.stopReason} (exit code ${s.exitCode})`,
  ].join('\n');
}

/**
 * The contract between the machine (run loop, CLI, profiler) and a CPU core of any architecture.
 */
import type { Bus } from '../peripherals/bus.js';
import type { Scheduler } from '../peripherals/scheduler.js';
import type { Clock, Diagnostics, IrqSink } from '../peripherals/peripheral.js';
import type { Console } from '../peripherals/console.js';
import type { BoardDesc } from '../peripherals/boards/types.js';
import type { ElfImage } from '../loader/elf.js';

export type Arch = 'arm' | 'riscv' | 'xtensa';

/** What the core may ask of the machine. */
export interface CpuHost {
  readonly bus: Bus;
  readonly sched: Scheduler;
  readonly clock: Clock;
  readonly console: Console;
  readonly diag: Diagnostics;
  readonly board: BoardDesc;
  /** The loaded firmware image (null before load): cores whose reset address depends on it read it. */
  readonly image?: ElfImage | null;
  /** A semihosting call (ARM BKPT 0xAB / RISC-V slli-ebreak-srai): returns the value for the result register. */
  semihost(op: number, param: number): number;
  /** A reset request from the core (ARMv7-M AIRCR.SYSRESETREQ): the whole chip resets after this instruction. */
  requestSystemReset?(reason: string): void;
}

export type HaltKind = 'exit' | 'lockup' | 'fault';

export interface HaltInfo {
  kind: HaltKind;
  /** Exit code (for 'exit'). */
  code: number;
  /** Human-readable description (fault kind, address...). */
  message: string;
}

/** Per-instruction observer used by the profiler's loop variant (never by the plain loop). */
export interface ExecObserver {
  /** Called after a control transfer: kind 'call' | 'ret' | 'exc' (exception entry) | 'eret' (exception return) | 'jump'. */
  onControl(kind: 'call' | 'ret' | 'exc' | 'eret' | 'tail', from: number, to: number, now: number): void;
}

export interface Cpu extends IrqSink {
  readonly arch: Arch;
  /** Architectural reset (reads the vector table / starts at the reset address). */
  reset(): void;
  /** Executes instructions while sched.now < sched.limit, or until it sleeps or halts. */
  run(): void;
  /** In WFI/WFE (or equivalent) and not yet woken. */
  readonly sleeping: boolean;
  /** Non-null once the core stopped for good (exit, lockup, unhandled fault). */
  readonly halted: HaltInfo | null;
  /** Retired instructions. */
  readonly instructions: number;
  readonly pc: number;
  /** Register file formatted for fault reports. */
  registerDump(): string;
  /** Disassembly of the instruction at addr (for fault reports and traces). */
  disassemble(addr: number): string;
  /** Register values by name (for tests and the differential harness). */
  registers(): Record<string, number>;
  /** Optional profiler loop variant. */
  setObserver?(obs: ExecObserver | null): void;
  /** Optional: stall cycles by cause, cumulative since reset (see StallCounters). */
  readonly stalls?: StallCounters;
  /**
   * Optional: the n-th integer argument register per the ABI (AAPCS r0..r3, RISC-V a0..a7), read
   * while the observer's 'call' event for that call is being delivered. Used by measurements that
   * must tell calls apart (which container a run concerns). A core without it reports no arguments (0).
   */
  callArg?(n: number): number;
}

/**
 * Optional extension: stall cycles the timing model charged, by cause, as cumulative counters the
 * core increments in place (no allocation). The profiler reads them at each control event and
 * attributes the deltas to the running function. A core fills the causes its model knows and
 * leaves the others at 0.
 */
export interface StallCounters {
  /** Instruction fetch wait states: flash wait states, cache or prefetch-buffer misses. */
  fetch: number;
  /** Load-use interlocks (a result needed before the load delivered it). */
  loadUse: number;
  /** Branch penalties: pipeline refill, mispredictions. */
  branch: number;
}

export type CpuFactory = (host: CpuHost) => Cpu;

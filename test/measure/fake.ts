/**
 * A scripted fake core for measurement tests: at given cycles it reports control events to the
 * observer, sets argument registers, sleeps or exits. It stands in for the real cores so that the
 * profiler, containers, energy and report layers are tested on exact, hand-checked numbers.
 */
import { writeFileSync } from 'node:fs';
import { Machine } from '../../machine/machine.js';
import { cpuFactories } from '../../cpu/index.js';
import { boards } from '../../peripherals/boards/index.js';
import { nrf52840dk } from '../../peripherals/boards/nrf52840dk.js';
import type { Cpu, CpuHost, ExecObserver, HaltInfo, StallCounters } from '../../machine/cpu.js';
import type { BoardDesc } from '../../peripherals/boards/types.js';
import { EM_ARM, parseElf } from '../../loader/elf.js';
import { buildElf } from '../helpers/elf-builder.js';

export type Step =
  | { at: number; kind: 'call' | 'ret' | 'exc' | 'eret' | 'tail'; from: number; to: number; args?: number[] }
  | { at: number; kind: 'sleep'; until: number }
  | { at: number; kind: 'stall'; fetch?: number; loadUse?: number; branch?: number }
  | { at: number; kind: 'exit'; code?: number };

export class ScriptCpu implements Cpu {
  readonly arch = 'arm' as const;
  sleeping = false;
  halted: HaltInfo | null = null;
  instructions = 0;
  pc = 0;
  obs: ExecObserver | null = null;
  stalls: StallCounters = { fetch: 0, loadUse: 0, branch: 0 };
  private args: number[] = [0, 0, 0, 0];
  private i = 0;
  private wake = -1;
  private readonly wakeEv;
  constructor(
    private host: CpuHost,
    private script: Step[],
    entry: number,
  ) {
    this.pc = entry;
    this.wakeEv = host.sched.event('fake-wake', () => {
      this.sleeping = false;
    });
  }
  reset() {}
  setIrq() {}
  setObserver(o: ExecObserver | null) {
    this.obs = o;
  }
  run() {
    const s = this.host.sched;
    while (s.now < s.limit && !this.sleeping && !this.halted) {
      const st = this.script[this.i];
      if (!st) {
        this.halted = { kind: 'exit', code: 0, message: '' };
        return;
      }
      if (st.at > s.now) {
        // Execute straight-line code up to the next step (or the slice limit).
        const to = Math.min(st.at, s.limit);
        this.instructions += to - s.now;
        s.now = to;
        continue;
      }
      this.i++;
      switch (st.kind) {
        case 'sleep':
          this.sleeping = true;
          s.at(this.wakeEv, st.until);
          break;
        case 'stall':
          this.stalls.fetch += st.fetch ?? 0;
          this.stalls.loadUse += st.loadUse ?? 0;
          this.stalls.branch += st.branch ?? 0;
          break;
        case 'exit':
          this.halted = { kind: 'exit', code: st.code ?? 0, message: '' };
          break;
        default:
          if (st.args) this.args = st.args;
          this.pc = st.to;
          this.obs?.onControl(st.kind, st.from, st.to, s.now);
      }
    }
  }
  registerDump() {
    return '';
  }
  disassemble() {
    return '';
  }
  callArg(n: number) {
    return this.args[n] ?? 0;
  }
  registers() {
    return { r0: this.args[0] ?? 0, r1: this.args[1] ?? 0, r2: this.args[2] ?? 0, r3: this.args[3] ?? 0, pc: this.pc };
  }
}

/** Functions of the fake image: name -> [address, size]. */
export type FnMap = Record<string, [number, number]>;

export const FAKE_CPU = 'fake-measure';

/**
 * A board like the nRF52840 DK but with the scripted core and no peripherals; its power model keeps
 * the DK's base figures (3.3 mA running, 3.16 uA asleep) without the state rules, which need the
 * CLOCK/TIMER/UARTE models to hold resources.
 */
export const fakeBoard: BoardDesc = {
  ...nrf52840dk,
  name: 'fake-nrf',
  cpu: FAKE_CPU,
  peripherals: [],
  console: undefined,
  power: { ...nrf52840dk.power!, states: [], noFigure: [] },
};
if (!boards.includes(fakeBoard)) boards.push(fakeBoard);

let currentScript: Step[] = [];
cpuFactories[FAKE_CPU] = (host) => new ScriptCpu(host, currentScript, 0x100);

export function fakeElf(fns: FnMap, extraData?: { addr: number; bytes: Uint8Array }): Buffer {
  return buildElf({
    machine: EM_ARM,
    entry: 0x101,
    segments: [
      { vaddr: 0x100, data: new Uint8Array(0x2000), flags: 5, name: '.text' },
      ...(extraData ? [{ vaddr: extraData.addr, data: extraData.bytes, flags: 6, name: '.data' }] : []),
    ],
    symbols: Object.entries(fns).map(([name, [value, size]]) => ({ name, value: value | 1, size, type: 2, section: 1 })),
  });
}

/** A machine on the fake board with the image loaded and the script armed. */
export function fakeMachine(fns: FnMap, script: Step[], extraData?: { addr: number; bytes: Uint8Array }) {
  currentScript = script;
  const image = parseElf(fakeElf(fns, extraData), 'fake.elf');
  const machine = new Machine(fakeBoard, { warn: () => {} });
  machine.load(image);
  return { machine, image };
}

/** Writes the fake image to a file and sets the script the next machine (any process-local CLI call) will run. */
export function fakeElfFile(path: string, fns: FnMap, script: Step[], extraData?: { addr: number; bytes: Uint8Array }): string {
  currentScript = script;
  writeFileSync(path, fakeElf(fns, extraData));
  return path;
}

/**
 * `npm run bench`: emulated speed (MIPS) on the bundled compute benchmark, per board, plain and with
 * the profiler attached. Host wall time is used here only to measure the emulator itself; the
 * emulated cycle counts printed are deterministic.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { functionSymbols, readElfFile } from '../loader/elf.js';
import { Profiler } from '../machine/profiler.js';
import { findBoard } from '../peripherals/boards/index.js';
import { Machine } from '../machine/machine.js';
import type { ExecObserver } from '../machine/cpu.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const targets = [
  { board: 'nrf52840dk', elf: 'firmware/bench/prebuilt/bench-nrf52840dk.elf' },
  { board: 'hifive1b', elf: 'firmware/bench/prebuilt/bench-hifive1b.elf' },
  { board: 'esp8266-esp-12x', elf: 'firmware/bench/prebuilt/bench-esp8266-esp-12x.elf' },
];

interface Result {
  board: string;
  mode: string;
  instructions: number;
  cycles: number;
  seconds: number;
  mips: number;
  exitCode: number;
}

function runOnce(board: string, elf: string, profiled: boolean): Result {
  const img = readElfFile(resolve(root, elf));
  const m = new Machine(findBoard(board));
  m.load(img);
  let observer: ExecObserver | null = null;
  if (profiled) {
    observer = new Profiler(functionSymbols(img), { sleepCycles: () => m.sleepCycles });
    m.setObserver(observer);
  }
  const t0 = process.hrtime.bigint();
  const s = m.run({ maxCycles: 2_000_000_000 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { board, mode: observer ? 'profiled' : 'plain', instructions: s.instructions, cycles: s.cycles, seconds, mips: s.instructions / seconds / 1e6, exitCode: s.exitCode };
}

const results: Result[] = [];
for (const t of targets) {
  try {
    // Each mode is warmed up first (three runs: V8 settles the core's loop over several), so that JIT
    // (re)compilation is not measured; best of three.
    const best = (p: boolean) => {
      for (let i = 0; i < 3; i++) runOnce(t.board, t.elf, p);
      return [runOnce(t.board, t.elf, p), runOnce(t.board, t.elf, p), runOnce(t.board, t.elf, p)].sort((a, b) => b.mips - a.mips)[0];
    };
    results.push(best(false));
    results.push(best(true));
  } catch (e) {
    console.log(`${t.board}: not measured (${(e as Error).message})`);
  }
}
console.log('board            mode       instructions        cycles   host s     MIPS  exit');
for (const r of results) {
  console.log(
    `${r.board.padEnd(16)} ${r.mode.padEnd(9)} ${String(r.instructions).padStart(13)} ${String(r.cycles).padStart(13)} ${r.seconds.toFixed(3).padStart(8)} ${r.mips.toFixed(1).padStart(8)}  ${r.exitCode}`,
  );
}
for (const b of new Set(results.map((r) => r.board))) {
  const plain = results.find((r) => r.board === b && r.mode === 'plain');
  const prof = results.find((r) => r.board === b && r.mode === 'profiled');
  if (plain && prof) console.log(`${b}: profiling keeps ${((100 * prof.mips) / plain.mips).toFixed(0)}% of plain speed`);
}

/**
 * The Cortex-M4F self-checking programs (firmware/tests/arm/prebuilt/*.elf) run in femtosim on the
 * nRF52840 DK: each must exit 0 with its "PASS <name>" line, and twice with identical cycle
 * counts. When qemu-system-arm is installed, the QEMU build of the same program (prebuilt/mps2/)
 * runs on mps2-an386 and the console outputs must agree (lines starting with "# " are
 * informational and left out); with gdb-multiarch too, the registers at the exit call must agree.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, type RunSummary } from '../../machine/machine.js';
import { nrf52840dk } from '../../peripherals/boards/nrf52840dk.js';
import { readElfFile, type ElfImage } from '../../loader/elf.js';
import { haveGdb, haveQemu, qemuRegistersAt, runQemu } from './qemu.js';

const DIR = join(import.meta.dirname, '../../firmware/tests/arm/prebuilt');
const PROGRAMS = ['arith', 'flags', 'dsp', 'fpu', 'fprand', 'exceptions', 'timers', 'mpu'];
const MAX_CYCLES = 200_000_000;

interface SimRun {
  summary: RunSummary;
  output: string;
  regs: Record<string, number>;
}

function runSim(img: ElfImage): SimRun {
  let output = '';
  const m = new Machine(nrf52840dk, { consoleSink: (s) => (output += s), warn: () => {} });
  m.load(img);
  const summary = m.run({ maxCycles: MAX_CYCLES });
  return { summary, output, regs: m.cpu.registers() };
}

const compared = (out: string): string[] =>
  out
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l !== '' && !l.startsWith('# '));

/** Address of the first BKPT 0xAB in rt_exit (the SYS_EXIT_EXTENDED call). */
function exitBkpt(img: ElfImage): number {
  const sym = img.symbols.find((s) => s.name === 'rt_exit');
  if (!sym) throw new Error(`${img.path}: no rt_exit symbol`);
  const start = sym.value & ~1;
  for (const seg of img.segments) {
    for (let a = start; a + 1 < seg.paddr + seg.data.length && a < start + sym.size; a += 2) {
      const o = a - seg.paddr;
      if (o >= 0 && seg.data[o] === 0xab && seg.data[o + 1] === 0xbe) return a;
    }
  }
  throw new Error(`${img.path}: no BKPT 0xAB in rt_exit`);
}

describe.each(PROGRAMS)('Cortex-M4 program %s', (name) => {
  const elf = join(DIR, `${name}.elf`);
  const qemuElf = join(DIR, 'mps2', `${name}.elf`);
  // one femtosim run shared by the comparisons below (the first test makes a second one)
  let cached: SimRun | null = null;
  const simOnce = (): SimRun => (cached ??= runSim(readElfFile(elf)));

  it('the prebuilt ELFs exist (firmware/tests/arm/build.sh)', () => {
    expect(existsSync(elf), elf).toBe(true);
    expect(existsSync(qemuElf), qemuElf).toBe(true);
  });

  it('passes in femtosim (exit code 0, PASS line) with identical cycles on a second run', () => {
    const img = readElfFile(elf);
    const a = simOnce();
    expect(a.output, a.summary.fault ?? '').toContain(`PASS ${name}\n`);
    expect(a.output).not.toContain('fail:');
    expect(a.summary.stopReason).toBe('exit');
    expect(a.summary.exitCode).toBe(0);
    const b = runSim(img);
    expect(b.summary.cycles).toBe(a.summary.cycles);
    expect(b.summary.instructions).toBe(a.summary.instructions);
    expect(b.output).toBe(a.output);
  });

  it.skipIf(!haveQemu)('matches QEMU mps2-an386 console output (qemu-system-arm installed)', () => {
    const q = runQemu(qemuElf);
    expect(q.output).toContain(`PASS ${name}\n`);
    expect(q.exitCode).toBe(0);
    expect(compared(simOnce().output)).toEqual(compared(q.output));
  });

  const sameImage = existsSync(elf) && existsSync(qemuElf) && readFileSync(elf).equals(readFileSync(qemuElf));
  it.skipIf(!haveQemu || !haveGdb || !sameImage)(
    'registers at the exit call match QEMU (gdbstub + gdb-multiarch; only where both builds are the same image)',
    () => {
      const img = readElfFile(elf);
      const want = qemuRegistersAt(qemuElf, exitBkpt(img));
      const sim = simOnce();
      // femtosim stops after the BKPT: r0 holds the semihosting result and pc moved on; the rest is unchanged.
      const names = [
        ...Array.from({ length: 12 }, (_, i) => `r${i + 1}`),
        'sp',
        'lr',
        ...Array.from({ length: 32 }, (_, i) => `s${i}`),
        'fpscr',
      ];
      const diffs: string[] = [];
      for (const n of names) {
        const w = n === 'r12' ? (want.r12 ?? want.ip) : want[n];
        const g = sim.regs[n] ?? (n === 'r12' ? sim.regs.ip : undefined);
        if (w === undefined) diffs.push(`${n}: missing in QEMU's register dump`);
        else if (g === undefined) diffs.push(`${n}: femtosim's registers() does not report it`);
        else if (g >>> 0 !== w >>> 0) diffs.push(`${n}: femtosim 0x${(g >>> 0).toString(16)} qemu 0x${(w >>> 0).toString(16)}`);
      }
      const flagsMask = 0xf80f0000; // NZCVQ and GE
      if (sim.regs.xpsr !== undefined && want.xpsr !== undefined && ((sim.regs.xpsr ^ want.xpsr) & flagsMask) !== 0) {
        diffs.push(`xpsr flags: femtosim 0x${(sim.regs.xpsr >>> 0).toString(16)} qemu 0x${(want.xpsr >>> 0).toString(16)}`);
      }
      expect(diffs).toEqual([]);
    },
  );
});

const haveGcc = spawnSync('arm-none-eabi-gcc', ['--version'], { stdio: 'pipe' }).status === 0;

describe('build reproducibility', () => {
  it.skipIf(!haveGcc)('firmware/tests/arm/build.sh --check: the prebuilt ELFs are what the sources build to (arm-none-eabi-gcc installed)', () => {
    const r = spawnSync(join(DIR, '..', 'build.sh'), ['--check'], { encoding: 'utf8', timeout: 120000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('all prebuilt ELFs match');
    expect(r.status).toBe(0);
  });
});

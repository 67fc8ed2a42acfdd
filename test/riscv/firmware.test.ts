/**
 * Self-checking FE310 programs (firmware/tests/riscv/prebuilt, built by build.sh) in femtosim, and
 * in QEMU (sifive_e, revb) as a differential oracle when qemu-system-riscv32 is installed.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Machine } from '../../machine/machine.js';
import { hifive1b } from '../../peripherals/boards/hifive1b.js';
import { readElfFile } from '../../loader/elf.js';

const dir = fileURLToPath(new URL('../../firmware/tests/riscv/', import.meta.url));
const elf = (p: string) => `${dir}prebuilt/${p}.elf`;

function femtosim(p: string) {
  const out: string[] = [];
  const m = new Machine(hifive1b, { consoleSink: (s) => out.push(s), warn: () => {} });
  m.load(readElfFile(elf(p)));
  const s = m.run({ maxTimeMs: 10_000 });
  return { s, out: out.join(''), m };
}

const hasQemu = spawnSync('qemu-system-riscv32', ['--version']).status === 0;
const hasGcc = spawnSync('riscv64-unknown-elf-gcc', ['--version']).status === 0;

const EXPECT: Record<string, RegExp> = {
  hello: /hello from femtosim on the FE310\nfib\(15\) = 610\n/,
  compute: /crc=6527df79 sum=1052640 q=763930578 m=-129955554372960\n/,
  traps: /traps: PASS\n/,
  irq: /irq: PASS\n/,
  pmp: /pmp: PASS\n/,
};

describe('FE310 self-checking programs in femtosim', () => {
  for (const [p, re] of Object.entries(EXPECT)) {
    it(`${p} prints its results and exits 0`, () => {
      const { s, out } = femtosim(p);
      expect(out).toMatch(re);
      expect(out).not.toMatch(/FAIL/);
      expect([s.stopReason, s.exitCode]).toEqual(['exit', 0]);
    });
  }
  it('runs are deterministic (cycles, instructions, output)', () => {
    const a = femtosim('compute');
    const b = femtosim('compute');
    expect([a.s.cycles, a.s.instructions, a.out]).toEqual([b.s.cycles, b.s.instructions, b.out]);
  });
});

describe.skipIf(!hasQemu)('differential: the same ELFs in QEMU sifive_e (revb)', () => {
  // irq.elf waits for interrupts race-free (see wait_for in irq.c): QEMU takes an interrupt at the
  // start of its next translation block, which made an earlier check-then-WFI loop sleep forever.
  const qemu = (p: string) => {
    // -icount: mcycle and minstret count instructions (without it QEMU 7.2 reads both from the
    // host's tick counter, and traps.c's "mcycle advances at least as fast as minstret" is random).
    const args = ['-M', 'sifive_e,revb=true', '-nographic', '-icount', 'shift=0', '-semihosting-config', 'enable=on,target=native', '-kernel', elf(p)];
    // Output goes to a file: through a pipe, QEMU's stdio chardev drops what it could not write at
    // once when the semihosting exit ends the process (observed: UART text cut after ~300 bytes).
    const file = join(tmpdir(), `femtosim-qemu-${process.pid}-${p}.txt`);
    const fd = openSync(file, 'w');
    try {
      const q = spawnSync('qemu-system-riscv32', args, { timeout: 20000, stdio: ['ignore', fd, fd] });
      // Semihosting text goes to QEMU's stderr, UART0 text to its stdout (-nographic).
      const out = readFileSync(file, 'latin1').replace(/\r\n/g, '\n').replace(/^qemu-system-riscv32: .*\n/gm, '');
      return { status: q.status, out };
    } finally {
      closeSync(fd);
      rmSync(file, { force: true });
    }
  };
  for (const p of ['hello', 'compute', 'traps', 'irq', 'pmp']) {
    it(`${p}: same console text and exit code`, () => {
      const { s, out } = femtosim(p);
      const q = qemu(p);
      expect(out).toBe(q.out);
      expect(s.exitCode).toBe(q.status);
    });
  }
});
if (!hasQemu) console.warn('test/riscv/firmware.test.ts: qemu-system-riscv32 not found: differential tests skipped');

describe.skipIf(!hasGcc)('build.sh --check', () => {
  it('the committed prebuilt ELFs are what the sources build to', () => {
    const out = execFileSync('sh', [`${dir}build.sh`, '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/match/);
  });
});
if (!hasGcc) console.warn('test/riscv/firmware.test.ts: riscv64-unknown-elf-gcc not found: build.sh --check skipped');

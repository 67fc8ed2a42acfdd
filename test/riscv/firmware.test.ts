/**
 * Self-checking FE310 programs (firmware/tests/riscv/prebuilt, built by build.sh) in femtosim, and
 * in QEMU (sifive_e, revb) as a differential oracle when qemu-system-riscv32 is installed.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
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
  // Accepted difference: irq.elf's UART0 transmit-watermark interrupt through the PLIC does not
  // arrive in QEMU 7.2 (the program waits for it forever there), so irq is not compared.
  for (const p of ['hello', 'compute', 'traps']) {
    it(`${p}: same console text and exit code`, () => {
      const q = spawnSync('qemu-system-riscv32', ['-M', 'sifive_e,revb=true', '-nographic', '-semihosting-config', 'enable=on,target=native', '-kernel', elf(p)], { timeout: 20000, encoding: 'latin1' });
      const { s, out } = femtosim(p);
      // Semihosting text goes to QEMU's stderr, UART0 text to its stdout (-nographic).
      const qout = (q.stdout + q.stderr).replace(/\r\n/g, '\n').replace(/^qemu-system-riscv32: .*\n/gm, '');
      expect(out).toBe(qout);
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

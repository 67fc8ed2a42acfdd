/**
 * Functional differential against QEMU: the same semihosting programs under
 * `qemu-system-xtensa -M sim -cpu lx106 -semihosting` and femtosim give the same console output and
 * exit code. Skipped when qemu-system-xtensa is not installed.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fixture, runElf } from './helpers.js';

const QEMU = 'qemu-system-xtensa';
const haveQemu = spawnSync(QEMU, ['--version'], { stdio: 'ignore' }).status === 0;
if (!haveQemu) console.warn(`test/xtensa-core/qemu.test.ts: ${QEMU} not found, QEMU differential skipped`);

describe.skipIf(!haveQemu)('LX106 vs QEMU (qemu-system-xtensa -M sim -cpu lx106)', () => {
  for (const prog of ['hello', 'alu', 'exc', 'bench']) {
    it(`${prog}.elf: same console output and exit code`, () => {
      const q = spawnSync(QEMU, ['-M', 'sim', '-cpu', 'lx106', '-semihosting', '-nographic', '-monitor', 'none', '-kernel', fixture(`${prog}.elf`)], {
        timeout: 20_000,
        encoding: 'utf8',
      });
      const f = runElf(`${prog}.elf`);
      expect(f.s.stopReason).toBe('exit');
      expect(f.out).toBe(q.stdout);
      expect(f.s.exitCode).toBe(q.status);
    }, 30_000);
  }
});

/**
 * ESP8266 (esp8266-esp-12x) firmware on femtosim's CLI: the self-checking programs of
 * firmware/tests/xtensa (built by its build.sh) and the prebuilt demo, on the LX106 core.
 */
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { femtosim, ROOT } from '../helpers/cli.js';

const hasGcc = spawnSync('xtensa-lx106-elf-gcc', ['--version']).status === 0;
const TESTS = resolve(ROOT, 'firmware/tests/xtensa');
const elf = (p: string) => resolve(TESTS, 'prebuilt', `${p}.elf`);

/** Expected console lines per program: every check line, then the verdict. */
const EXPECT: Record<string, string[]> = {
  hello: ['hello from femtosim on the ESP8266', 'fib(15) = 610', 'PASS fib(15) == 610', 'hello: PASS'],
  compute: [
    'PASS udiv32', 'PASS umod32', 'PASS sdiv32', 'PASS smod32', 'PASS udiv64', 'PASS umod64', 'PASS udiv64 wide divisor',
    'PASS sdiv64', 'PASS smod64', 'PASS mul64', 'PASS mul64 wrap', 'PASS float', 'compute: PASS',
  ],
  irq: [
    'PASS soft interrupt 7 taken once', 'PASS CCOMPARE0 woke WAITI', 'PASS CCOMPARE0 not early',
    'PASS CCOMPARE0 on time (< 2000 cycles late)', 'PASS FRC1 three periods',
    'PASS FRC1 period 1 ms (3 periods in 240000..250000 cycles)', 'PASS FRC1 counts down from LOAD', 'irq: PASS',
  ],
  traps: [
    'PASS unaligned load trapped (cause 9)', 'PASS EXCVADDR is the unaligned address', 'PASS load did not write its register',
    'PASS illegal instruction trapped (cause 0)', 'PASS syscall trapped (cause 1)', 'traps: PASS',
  ],
};

describe('ESP8266 test programs: build', () => {
  it('every program has a prebuilt ELF', () => {
    for (const p of Object.keys(EXPECT)) expect(existsSync(elf(p)), p).toBe(true);
  });
  it.skipIf(!hasGcc)('build.sh --check reproduces the prebuilt ELFs', () => {
    const r = spawnSync('sh', [resolve(TESTS, 'build.sh'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  it('the board is listed for the xtensa architecture', () => {
    const r = femtosim(['boards']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/esp8266-esp-12x\s+xtensa\s+lx106\s+80 MHz/);
  });
});

describe('ESP8266 test programs in femtosim', () => {
  for (const [p, lines] of Object.entries(EXPECT)) {
    it(`${p} prints every check as PASS and exits 0`, () => {
      const r = femtosim(['run', elf(p), '--board', 'esp8266-esp-12x', '--max-time', '2000', '--quiet']);
      const out = r.stdout.replace(/\r/g, '');
      expect(out).not.toMatch(/FAIL/);
      expect(out.trimEnd().split('\n')).toEqual(lines);
      expect(r.code).toBe(0);
    });
  }
  it('the board is chosen by default for Xtensa ELF images', () => {
    const r = femtosim(['run', elf('hello'), '--max-time', '100', '--quiet']);
    expect(r.stdout).toMatch(/hello: PASS/);
    expect(r.code).toBe(0);
  });
  it('the demo (with the femto-container engine) runs to its end', () => {
    const demo = resolve(ROOT, 'firmware/prebuilt/esp8266-esp-12x/femtosim-demo.elf');
    const r = femtosim(['run', demo, '--until', 'femtosim-demo: done', '--max-time', '5000', '--quiet']);
    expect(r.stdout).toMatch(/femtosim-demo: done/);
    expect(r.stdout).not.toMatch(/FAULT/);
  });
});

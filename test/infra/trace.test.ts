/** `femtosim trace`: one instruction at a time through the ordinary run loop, changing nothing the firmware sees. */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { femtosim } from '../helpers/cli.js';
import { readElfFile, functionSymbols } from '../../loader/elf.js';

const ARM = 'firmware/tests/arm/prebuilt/timers.elf';
const RV = 'firmware/tests/riscv/prebuilt/irq.elf';
const dir = mkdtempSync(join(tmpdir(), 'femtosim-trace-'));
const field = (text: string, name: string) => Number(new RegExp(`${name}\\s+(\\d+)`).exec(text)![1]);

describe('femtosim trace', () => {
  for (const elf of [ARM, RV]) {
    it(`${elf}: a whole traced run has the cycles and instructions of a plain run (interrupts and sleep included)`, () => {
      const plain = femtosim(['run', elf]);
      const out = join(dir, elf.replace(/\W/g, '_'));
      const t = femtosim(['trace', elf, '--count', '10000000', '--out', out]);
      expect(t.code, t.stderr).toBe(0);
      expect(field(t.stderr, 'cycles')).toBe(field(plain.stderr, 'cycles'));
      expect(field(t.stderr, 'instructions')).toBe(field(plain.stderr, 'instructions'));
      const lines = readFileSync(out, 'utf8').split('\n').filter((l) => /^\s*\d+ \+\d+/.test(l));
      expect(lines.length).toBe(field(plain.stderr, 'instructions'));
      // each line's start cycle plus its cost is the next line's start (no gaps, no overlap)
      const starts = lines.slice(0, 200).map((l) => /^\s*(\d+) \+(\d+)/.exec(l)!.slice(1).map(Number));
      for (let i = 0; i + 1 < starts.length; i++) expect(starts[i][0] + starts[i][1]).toBeLessThanOrEqual(starts[i + 1][0]);
    });
  }

  it('--from starts at the first call of the function; --regs shows what each instruction changed', () => {
    const main = functionSymbols(readElfFile(ARM)).find((s) => s.name === 'main')!.value;
    const t = femtosim(['trace', ARM, '--from', 'main', '--count', '5', '--regs']);
    expect(t.code, t.stderr).toBe(0);
    const lines = t.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^-- main entered at cycle \d+$/);
    expect(lines[1]).toContain(`0x${main.toString(16).padStart(8, '0')} main `);
    expect(lines.slice(1).filter((l) => l.includes('main+0x'))).toHaveLength(4);
    expect(lines[1]).toMatch(/push.*; .*sp=0x/);
  });

  it('console output appears as "| " lines in order with the instructions', () => {
    const t = femtosim(['trace', 'firmware/tests/riscv/prebuilt/hello.elf', '--count', '100000']);
    expect(t.stdout).toMatch(/\n\| .+/);
  });

  it('an unknown --from function is a clear error (exit 2)', () => {
    const t = femtosim(['trace', ARM, '--from', 'no_such_function']);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/--from: no function 'no_such_function'/);
    expect(t.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

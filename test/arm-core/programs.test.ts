/** Whole programs built with arm-none-eabi-gcc (sources and build.sh in fixtures/). */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Machine } from '../../machine/machine.js';
import { findBoard } from '../../peripherals/boards/index.js';
import { readElfFile } from '../../loader/elf.js';

const fixture = (n: string) => fileURLToPath(new URL(`./fixtures/${n}`, import.meta.url));

function runElf(name: string) {
  let out = '';
  const m = new Machine(findBoard('nrf52840dk'), { consoleSink: (s) => (out += s), warn: () => {} });
  m.load(readElfFile(fixture(name)));
  const s = m.run({ maxCycles: 50_000_000 });
  return { out, s, m };
}

describe('programs on the nRF52840 DK', () => {
  it('hello: boots from the vector table, prints through semihosting, exits with main()\'s code', () => {
    const { out, s } = runElf('hello.elf');
    expect(out).toBe('hello from cortex-m4\nsum=121 fib(15)=610\nbig%1000=469\n');
    expect(s.stopReason).toBe('exit');
    expect(s.exitCode).toBe(7);
  });
  it('exceptions: SVC, PendSV, nested IRQs by priority, BASEPRI, SysTick+WFI, fault escalation, CYCCNT', () => {
    const { out, s } = runElf('exc.elf');
    const [log, rest] = out.split('\n');
    expect(log).toBe('log: 1 2 10 20 11 30 10 20 11');
    expect(rest).toMatch(/^svc=42 ticks=3 z=0 usage=1 hard=1 cfsr=512 forced=1 cyc=\d+$/);
    expect(s.exitCode).toBe(0);
    expect(s.sleepCycles).toBeGreaterThan(0); // WFI slept until the SysTick events
  });
  it('is deterministic: same program, same cycles and instructions', () => {
    const a = runElf('bench.elf').s;
    const b = runElf('bench.elf').s;
    expect(a.cycles).toBe(b.cycles);
    expect(a.instructions).toBe(b.instructions);
  });
  it('bench: CRC-32 and fib agree with the host computation', () => {
    // crc: 20 x CRC-32 of buf[i] = i*7+3 (python binascii.crc32), masked to 31 bits
    expect(runElf('bench.elf').out).toBe('crc=1221997188 fib=46368\n');
  });
});

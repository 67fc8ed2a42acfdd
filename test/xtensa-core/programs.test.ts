/** Whole programs built with xtensa-lx106-elf-gcc/as (sources and build.sh in fixtures/). */
import { describe, expect, it } from 'vitest';
import { runElf } from './helpers.js';

describe('LX106 programs', () => {
  it('hello: C arithmetic, loads/stores, calls, own division helpers; simcall write and exit', () => {
    const { out, s } = runElf('hello.elf');
    expect(out).toBe('hello from lx106\nfails=0\n');
    expect(s.stopReason).toBe('exit');
    expect(s.exitCode).toBe(0);
  });
  it('alu: ~150 hand-written checks of every instruction group (exit code = first failing check)', () => {
    const { s } = runElf('alu.elf');
    expect(s.stopReason).toBe('exit');
    expect(s.exitCode).toBe(0);
  });
  it('exc: alignment, illegal, syscall, BREAK (debug vector), CCOMPARE0 + WAITI, INTSET software interrupt', () => {
    const { out, s } = runElf('exc.elf');
    expect(out).toBe('align vaddr ok=1\nsyscall a2=42\nbreaks=1\nticks=3 elapsed>=9000: 1\nsoft=1\nlog: 9 0 1 4 4 4 4\nprid=0x00000001\n');
    expect(s.exitCode).toBe(5);
    expect(s.sleepCycles).toBeGreaterThan(5000); // WAITI slept until the CCOMPARE0 events
  });
  it('bench: CRC-32 and sieve agree with the host; deterministic cycles', () => {
    const a = runElf('bench.elf');
    expect(a.out).toBe('crc=0x76de2acd primes=1028\n');
    const b = runElf('bench.elf');
    expect(b.s.cycles).toBe(a.s.cycles);
    expect(b.s.instructions).toBe(a.s.instructions);
  });
});

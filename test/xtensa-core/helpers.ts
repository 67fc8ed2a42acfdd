/**
 * Test-only LX106 machine: a BoardDesc with the memories the fixtures use (the same addresses
 * exist in QEMU's "sim" machine with -cpu lx106, see `info mtree`): IRAM1 0x40100000, DRAM at
 * 0x3FFE8000 (ESP8266 user DRAM, inside XCHAL_DATARAM0) and QEMU's sysrom at 0x50000000 (reset stub).
 * Independent of the ESP8266 board being written elsewhere.
 */
import { fileURLToPath } from 'node:url';
import { Machine } from '../../machine/machine.js';
import type { BoardDesc } from '../../peripherals/boards/types.js';
import { readElfFile } from '../../loader/elf.js';
import type { Lx106Core } from '../../cpu/xtensa/core.js';

export const IRAM = 0x4010_0000;
export const DRAM = 0x3ffe_8000;

export function testBoard(opts: { fetchWait?: number } = {}): BoardDesc {
  return {
    name: 'lx106-test',
    description: 'LX106 core test board (test-only memory map)',
    arch: 'xtensa',
    cpu: 'lx106',
    elfMachine: 94,
    clockHz: 80_000_000,
    memory: [
      { name: 'iram', base: IRAM, size: 0x8000, kind: 'ram', access: 'rwx', fetchWait: opts.fetchWait ?? 0 },
      { name: 'dram', base: DRAM, size: 0x14000, kind: 'ram', access: 'rw' },
      { name: 'sysrom', base: 0x5000_0000, size: 0x100, kind: 'ram', access: 'rx' },
    ],
    peripherals: [],
    sources: ['QEMU target/xtensa/core-lx106/core-isa.h (local memories)'],
  };
}

export const fixture = (n: string) => fileURLToPath(new URL(`./fixtures/${n}`, import.meta.url));

export function runElf(name: string, opts: { maxCycles?: number; fetchWait?: number } = {}) {
  let out = '';
  const m = new Machine(testBoard(opts), { consoleSink: (s) => (out += s), warn: () => {} });
  m.load(readElfFile(fixture(name)));
  const s = m.run({ maxCycles: opts.maxCycles ?? 50_000_000 });
  return { out, s, m, cpu: m.cpu as unknown as Lx106Core };
}

/** A machine with raw code bytes at IRAM and the core starting there (no ELF). */
export function machineWithCode(bytes: number[], opts: { fetchWait?: number } = {}) {
  let out = '';
  const m = new Machine(testBoard(opts), { consoleSink: (s) => (out += s), warn: () => {} });
  if (!m.bus.loadBytes(IRAM, Uint8Array.from(bytes))) throw new Error('cannot load test code');
  m.cpu.reset();
  const cpu = m.cpu as unknown as Lx106Core;
  cpu.pc = IRAM;
  return { m, cpu, out: () => out };
}

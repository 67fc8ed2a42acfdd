import { describe, it, expect } from 'vitest';
import { Machine } from '../../machine/machine.js';
import { nrf52840dk } from '../../peripherals/boards/nrf52840dk.js';
import { readElfFile } from '../../loader/elf.js';
import type { BoardDesc } from '../../peripherals/boards/types.js';

const ELF = 'firmware/bench/prebuilt/bench-nrf52840dk.elf';

function run(board: BoardDesc) {
  const m = new Machine(board, { warn: () => {} });
  m.load(readElfFile(ELF));
  const s = m.run({ maxCycles: 1e9 });
  expect(s.exitCode).toBe(0);
  return { cycles: s.cycles, stalls: { ...m.cpu.stalls! } };
}

describe('Cortex-M4 stall counters', () => {
  it('fetch stalls account exactly for the flash wait states; branch refills and interlocks are counted', () => {
    // The benchmark never enables the NVMC cache: every fetch word pays the flash wait states.
    const slow = run(nrf52840dk);
    const flat: BoardDesc = { ...nrf52840dk, memory: nrf52840dk.memory.map((r) => ({ ...r, fetchWait: 0, readWait: 0 })), peripherals: nrf52840dk.peripherals.filter((p) => p.name !== 'NVMC') };
    const fast = run(flat);
    expect(slow.stalls.fetch).toBeGreaterThan(0);
    expect(fast.stalls.fetch).toBe(0);
    expect(slow.cycles - fast.cycles).toBe(slow.stalls.fetch);
    expect(slow.stalls.branch).toBe(fast.stalls.branch);
    expect(slow.stalls.branch).toBeGreaterThan(0);
    expect(slow.stalls.loadUse).toBe(fast.stalls.loadUse);
  });
});

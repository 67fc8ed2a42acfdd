/**
 * SiFive HiFive1 Rev B: FE310-G002, E31 core (RV32IMAC).
 * Memory map: FE310-G002 manual v1p1, chapter 4 "Memory Map" (QSPI flash XIP at 0x20000000, the
 * board's bootloader jumps to 0x20010000; DTIM 16 KiB at 0x80000000).
 */
import type { BoardDesc } from './types.js';
import { EM_RISCV } from '../../loader/elf.js';

export const hifive1b: BoardDesc = {
  name: 'hifive1b',
  description: 'SiFive HiFive1 Rev B (FE310-G002, E31 RV32IMAC, 4 MiB QSPI flash, 16 KiB DTIM)',
  arch: 'riscv',
  cpu: 'e31',
  elfMachine: EM_RISCV,
  clockHz: 16_000_000,
  memory: [
    { name: 'flash', base: 0x2000_0000, size: 0x40_0000, kind: 'flash', access: 'rx', source: 'FE310-G002 manual ch. 4; HiFive1 Rev B: 4 MiB ISSI flash' },
    { name: 'dtim', base: 0x8000_0000, size: 0x4000, kind: 'ram', access: 'rwx', source: 'FE310-G002 manual ch. 4' },
  ],
  peripherals: [],
  console: 'UART0',
  cpuConfig: { resetVector: 0x2001_0000 },
  sources: ['SiFive FE310-G002 Manual v1p1', 'SiFive E31 Core Complex Manual v2p0'],
};

/**
 * SiFive HiFive1 Rev B: FE310-G002, E31 core (RV32IMAC).
 * Memory map: FE310-G002 manual v1p1, chapter 4 "Memory Map" (OTP 8 KiB memory-mapped at
 * 0x00020000, QSPI flash XIP at 0x20000000, DTIM 16 KiB at 0x80000000); peripherals: the same
 * table; PLIC source ids: chapter 10 (1 watchdog, 2 RTC, 3 UART0, 4 UART1, 5 QSPI0, 8-39 GPIO).
 *
 * Start address: the board's boot loader (in flash at 0x20000000) jumps to 0x20010000, where
 * firmware for this board is linked. femtosim starts there when the image loads something at that
 * address, else at the ELF entry point (images linked for DTIM or elsewhere).
 *
 * Clock: the core starts on the HFROSC at its reset setting, 13.8 MHz (FE310-G002 manual ch. 6:
 * "approximately 13.8 MHz" at reset; the real part varies, trim is per chip). Firmware changes it
 * through the PRCI (RIOT: 320 MHz from the 16 MHz HFXOSC through the PLL); the core clock follows.
 * Instruction fetches from flash go through the 16 KiB I-cache model attached by the QSPI0
 * controller (miss cost from its sckdiv/ffmt settings, see peripherals/fe310/qspi.ts).
 */
import type { BoardDesc } from './types.js';
import { EM_RISCV } from '../../loader/elf.js';

export const hifive1b: BoardDesc = {
  name: 'hifive1b',
  description: 'SiFive HiFive1 Rev B (FE310-G002, E31 RV32IMAC, 4 MiB QSPI flash, 16 KiB DTIM)',
  arch: 'riscv',
  cpu: 'e31',
  elfMachine: EM_RISCV,
  clockHz: 13_800_000,
  memory: [
    { name: 'otp', base: 0x0002_0000, size: 0x2000, kind: 'rom', access: 'rx', source: 'FE310-G002 manual ch. 4 (OTP read port)' },
    { name: 'flash', base: 0x2000_0000, size: 0x40_0000, kind: 'flash', access: 'rx', source: 'FE310-G002 manual ch. 4; HiFive1 Rev B: 4 MiB ISSI flash' },
    { name: 'dtim', base: 0x8000_0000, size: 0x4000, kind: 'ram', access: 'rwx', source: 'FE310-G002 manual ch. 4' },
  ],
  // The PLIC comes first: it attaches itself to the core before any source can be raised.
  peripherals: [
    { type: 'fe310.plic', name: 'PLIC', base: 0x0c00_0000, size: 0x400_0000, config: { sources: 52 } },
    { type: 'fe310.clint', name: 'CLINT', base: 0x0200_0000, size: 0x1_0000, config: { lfclkHz: 32768 } },
    { type: 'fe310.aon', name: 'AON', base: 0x1000_0000, size: 0x1000, irq: 2, config: { lfclkHz: 32768, wdogIrq: 1 } },
    { type: 'fe310.prci', name: 'PRCI', base: 0x1000_8000, size: 0x1000, config: { hfxoscHz: 16_000_000 } },
    { type: 'fe310.otp', name: 'OTP', base: 0x1001_0000, size: 0x1000, config: { memBase: 0x0002_0000 } },
    { type: 'fe310.gpio', name: 'GPIO0', base: 0x1001_2000, size: 0x1000, config: { irqBase: 8 } },
    // UART div reset value: 0x21F? not confirmed in the manual's register table [check]; firmware sets it.
    { type: 'fe310.uart', name: 'UART0', base: 0x1001_3000, size: 0x1000, irq: 3, config: { console: true, resetDiv: 0x21f } },
    { type: 'fe310.qspi', name: 'QSPI0', base: 0x1001_4000, size: 0x1000, irq: 5, config: { flashBase: 0x2000_0000, icacheBytes: 16384, lineBytes: 32 } },
    { type: 'fe310.uart', name: 'UART1', base: 0x1002_3000, size: 0x1000, irq: 4, config: { console: false, resetDiv: 0x21f } },
  ],
  console: 'UART0',
  // PMP: 8 entries with 4-byte granularity (E31 Core Complex Manual, "Physical Memory Protection";
  // FE310-G002 manual ch. 3) [check the granularity against the manual's PMP section].
  cpuConfig: { resetVector: 0x2001_0000, hartId: 0, pmpEntries: 8 },
  power: {
    volts: 3.3,
    active: null,
    sleep: null,
    notes: 'SiFive publishes no electrical (current consumption) table for the FE310-G002: energy is reported as unavailable rather than estimated.',
  },
  sources: ['SiFive FE310-G002 Manual v1p1', 'SiFive E31 Core Complex Manual v2p0', 'RISC-V Privileged Architecture 20211203'],
};

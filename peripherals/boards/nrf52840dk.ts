/**
 * Nordic nRF52840 DK (PCA10056): nRF52840 SoC, Cortex-M4F at 64 MHz.
 * Memory map: nRF52840 Product Specification v1.7, section 4.2 "Memory" (flash 1 MiB at 0x00000000,
 * RAM 256 KiB at 0x20000000); peripherals: section 7 "Peripherals" instantiation table (ID = IRQ number).
 */
import type { BoardDesc } from './types.js';
import { EM_ARM } from '../../loader/elf.js';

export const nrf52840dk: BoardDesc = {
  name: 'nrf52840dk',
  description: 'Nordic nRF52840 DK (nRF52840, Cortex-M4F @ 64 MHz, 1 MiB flash, 256 KiB RAM)',
  arch: 'arm',
  cpu: 'cortex-m4f',
  elfMachine: EM_ARM,
  clockHz: 64_000_000,
  memory: [
    { name: 'flash', base: 0x0000_0000, size: 0x10_0000, kind: 'flash', access: 'rx', source: 'nRF52840 PS v1.7 §4.2' },
    { name: 'ram', base: 0x2000_0000, size: 0x4_0000, kind: 'ram', access: 'rwx', source: 'nRF52840 PS v1.7 §4.2' },
  ],
  peripherals: [],
  console: 'UARTE0',
  cpuConfig: { irqCount: 48, priorityBits: 3, fpu: true, mpu: true },
  sources: ['nRF52840 Product Specification v1.7', 'ARM DDI 0439B Cortex-M4 TRM', 'ARM DDI 0403E ARMv7-M ARM'],
};

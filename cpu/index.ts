/** CPU core registry: core model name (board.cpu) -> factory. */
import type { CpuFactory } from '../machine/cpu.js';
import { createCortexM4 } from './arm/index.js';
import { createE31 } from './riscv/index.js';
import { createLx106 } from './xtensa/index.js';

export const cpuFactories: Record<string, CpuFactory> = {
  'cortex-m4f': createCortexM4,
  e31: createE31,
  lx106: createLx106,
};

/** CPU core registry: core model name (board.cpu) -> factory. */
import type { CpuFactory } from '../machine/cpu.js';
import { createCortexM4 } from './arm/index.js';
import { createE31 } from './riscv/index.js';

export const cpuFactories: Record<string, CpuFactory> = {
  'cortex-m4f': createCortexM4,
  e31: createE31,
};

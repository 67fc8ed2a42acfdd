/** Cortex-M4F core factory. */
import type { Cpu, CpuHost } from '../../machine/cpu.js';
import { CortexM4 } from './core.js';

export { CortexM4 } from './core.js';

export function createCortexM4(host: CpuHost): Cpu {
  return new CortexM4(host);
}

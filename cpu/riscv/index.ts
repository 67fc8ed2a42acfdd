/** SiFive E31 (RV32IMAC) core factory. */
import type { Cpu, CpuHost } from '../../machine/cpu.js';
import { E31Core } from './core.js';

export function createE31(host: CpuHost): Cpu {
  return new E31Core(host);
}

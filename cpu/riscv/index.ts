/** SiFive E31 (RV32IMAC) core factory. */
import type { Cpu, CpuHost } from '../../machine/cpu.js';
import { UserError } from '../../machine/errors.js';

export function createE31(_host: CpuHost): Cpu {
  throw new UserError('the E31 RISC-V core is not available yet');
}

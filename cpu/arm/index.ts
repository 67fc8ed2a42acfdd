/** Cortex-M4F core factory. */
import type { Cpu, CpuHost } from '../../machine/cpu.js';
import { UserError } from '../../machine/errors.js';

export function createCortexM4(_host: CpuHost): Cpu {
  throw new UserError('the Cortex-M4 core is not available yet');
}

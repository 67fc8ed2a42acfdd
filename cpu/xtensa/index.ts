/** Xtensa LX106 (ESP8266) core factory. */
import type { Cpu, CpuHost } from '../../machine/cpu.js';
import { Lx106Core } from './core.js';

export function createLx106(host: CpuHost): Cpu {
  return new Lx106Core(host);
}

/**
 * ESP8266EX DPORT block at 0x3FF00000: the system registers the SDK writes directly.
 * Facts (Espressif ESP8266 SDK `eagle_soc.h` / `ets_sys.h` and the SDK's CPU-frequency code):
 *   0x00 NMI / interrupt routing (stored; the NMI routing of FRC1 is not modelled [check])
 *   0x04 EDGE_INT_ENABLE: bit 1 = FRC1 timer edge interrupt enable (TM1_EDGE_INT_ENABLE)
 *   0x0C cache / flash-map control written by Cache_Read_Enable (stored only)
 *   0x14 CPU clock: bit 0 set = CPU at 160 MHz, clear = 80 MHz (the APB stays at 80 MHz)
 *   0x28 peripheral IO swap (UART pin swap; stored only)
 * Other offsets: one warning, read as 0.
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';

export const DPORT_NMI = 0x00;
export const DPORT_EDGE_INT_ENABLE = 0x04;
export const DPORT_CACHE_CTRL = 0x0c;
export const DPORT_CPU_CLOCK = 0x14;
export const DPORT_PERI_IO_SWAP = 0x28;
export const EDGE_INT_FRC1 = 1 << 1;

export class Esp8266Dport extends Peripheral {
  private nmi = 0;
  private edge = 0;
  private cache = 0;
  private cpuClk = 0;
  private swap = 0;
  /** Called when EDGE_INT_ENABLE changes (the FRC1 model re-evaluates its edge output). */
  private readonly edgeListeners: Array<() => void> = [];
  private readonly baseHz: number;
  private readonly fastHz: number;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.baseHz = (desc.config?.cpuHz as number | undefined) ?? 80_000_000;
    this.fastHz = (desc.config?.fastCpuHz as number | undefined) ?? 160_000_000;
  }

  override reset(): void {
    this.nmi = this.edge = this.cache = this.cpuClk = this.swap = 0;
    this.ctx.clock.setHz(this.baseHz);
  }

  get edgeIntEnable(): number {
    return this.edge;
  }

  onEdgeChange(fn: () => void): void {
    this.edgeListeners.push(fn);
  }

  readReg(offset: number): number {
    switch (offset) {
      case DPORT_NMI:
        return this.nmi;
      case DPORT_EDGE_INT_ENABLE:
        return this.edge;
      case DPORT_CACHE_CTRL:
        return this.cache;
      case DPORT_CPU_CLOCK:
        return this.cpuClk;
      case DPORT_PERI_IO_SWAP:
        return this.swap;
    }
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    switch (offset) {
      case DPORT_NMI:
        this.nmi = value >>> 0;
        return;
      case DPORT_EDGE_INT_ENABLE:
        this.edge = value >>> 0;
        for (const fn of this.edgeListeners) fn();
        return;
      case DPORT_CACHE_CTRL:
        this.cache = value >>> 0;
        return;
      case DPORT_CPU_CLOCK:
        this.cpuClk = value >>> 0;
        this.ctx.clock.setHz(value & 1 ? this.fastHz : this.baseHz);
        return;
      case DPORT_PERI_IO_SWAP:
        this.swap = value >>> 0;
        return;
    }
    this.unimplemented(offset, true);
  }
}

/** The DPORT instance on the bus at `base` (the FRC1 model finds its edge-enable register there). */
export function findDport(ctx: PeripheralContext, base: number): Esp8266Dport {
  const d = ctx.bus.deviceAt(base);
  if (!(d instanceof Esp8266Dport)) throw new Error(`ESP8266 timer: no DPORT device at 0x${base.toString(16)} (list DPORT before the timer in the board)`);
  return d;
}

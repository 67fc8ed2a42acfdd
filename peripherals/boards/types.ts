/**
 * Boards as data: a board names its CPU, clock, memory map (with limits and timing), peripherals
 * (with base addresses and IRQ lines) and power figures. Adding a board with known peripherals is
 * writing one of these objects.
 */
import type { MemoryRegionDesc } from '../bus.js';
import type { PeripheralDesc } from '../peripheral.js';
import type { Arch } from '../../machine/cpu.js';

export interface PowerState {
  /** Current in mA drawn in this state. */
  mA: number;
  source: string;
}

export interface PowerModel {
  /** Supply voltage the figures are quoted at. */
  volts: number;
  /** CPU running from flash at the board clock. null where no datasheet figure exists. */
  active: PowerState | null;
  /** Sleeping (WFI) with the wake-up timer running. */
  sleep: PowerState | null;
  /** Extra current per active peripheral, by peripheral instance or type name. */
  peripherals?: Record<string, PowerState>;
  notes?: string;
}

export interface BoardDesc {
  name: string;
  description: string;
  arch: Arch;
  /** Core model, looked up in the CPU registry ('cortex-m4f', 'e31', ...). */
  cpu: string;
  /** ELF e_machine this board runs (EM_ARM 40, EM_RISCV 243, EM_XTENSA 94). */
  elfMachine: number;
  /** Core clock at reset / as the board's usual firmware runs it, Hz. */
  clockHz: number;
  memory: MemoryRegionDesc[];
  peripherals: PeripheralDesc[];
  /** Instance name of the console UART. */
  console?: string;
  /** Core-specific configuration (interrupt count, cache geometry, reset vector...). */
  cpuConfig?: Record<string, unknown>;
  power?: PowerModel;
  /** Datasheets and manuals the figures come from. */
  sources: string[];
}

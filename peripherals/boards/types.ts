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

/**
 * A figure for one state of the chip, chosen by what the CPU does and which power resources
 * (peripherals/power.ts) are held.
 */
export interface PowerRule {
  /** Short name shown in reports ('asleep, HF clock from HFXO'). */
  label: string;
  /** CPU state the figure applies to. */
  cpu: 'active' | 'asleep' | 'any';
  /** Resources that must all be held. */
  when: string[];
  /** Resources that must not be held. */
  unless?: string[];
  /**
   * 'total': the whole chip's current in this state, replacing the base figure (active or sleep);
   * the first matching total in the list wins, so list the most specific first.
   * 'adder': added on top of whichever total applies.
   */
  kind: 'total' | 'adder';
  mA: number;
  source: string;
  /** Set when the figure is not one datasheet cell but computed from several (with the arithmetic). */
  derivation?: string;
}

export interface PowerModel {
  /** Supply voltage the figures are quoted at. */
  volts: number;
  /** CPU running from flash at the board clock, no rule matching. null where no datasheet figure exists. */
  active: PowerState | null;
  /** Sleeping (WFI) with the wake-up timer running, no rule matching. */
  sleep: PowerState | null;
  /** State-dependent figures (see PowerRule), evaluated against the held power resources. */
  states?: PowerRule[];
  /** Peripherals whose own current the datasheet does not give (listed by `boards --power`). */
  noFigure?: string[];
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
  /**
   * The boot ROM loads initialised RAM sections (code in IRAM, .data) from the firmware image in
   * flash (ESP8266), so they count in the flash footprint as well as in RAM.
   */
  ramImageInFlash?: boolean;
  /** Datasheets and manuals the figures come from. */
  sources: string[];
}

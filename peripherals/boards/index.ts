/** All boards femtosim knows, and the default board per architecture. */
import type { BoardDesc } from './types.js';
import type { Arch } from '../../machine/cpu.js';
import { nrf52840dk } from './nrf52840dk.js';
import { hifive1b } from './hifive1b.js';
import { esp8266Esp12x } from './esp8266.js';
import { UserError } from '../../machine/errors.js';

export const boards: BoardDesc[] = [nrf52840dk, hifive1b, esp8266Esp12x];

export const defaultBoardForArch: Record<Arch, string | undefined> = {
  arm: 'nrf52840dk',
  riscv: 'hifive1b',
  xtensa: 'esp8266-esp-12x',
};

export function findBoard(name: string): BoardDesc {
  const b = boards.find((x) => x.name === name);
  if (!b) throw new UserError(`unknown board '${name}' (known boards: ${boards.map((x) => x.name).join(', ')})`);
  return b;
}

export function boardForMachine(machine: number): BoardDesc | undefined {
  const b = boards.find((x) => x.elfMachine === machine);
  return b ? findBoard(defaultBoardForArch[b.arch] ?? b.name) : undefined;
}

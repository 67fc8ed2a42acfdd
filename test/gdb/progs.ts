/**
 * Tiny ARM images for the gdb tests, built in memory (no toolchain): a vector table at 0 and a few
 * Thumb instructions at 0x10.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildElf } from '../helpers/elf-builder.js';
import { EM_ARM } from '../../loader/elf.js';

function armImage(path: string, thumb: number[]): string {
  const code = new Uint8Array(64);
  const dv = new DataView(code.buffer);
  dv.setUint32(0, 0x20001000, true); // initial SP
  dv.setUint32(4, 0x11, true); // reset vector: 0x10, Thumb
  thumb.forEach((h, i) => dv.setUint16(0x10 + 2 * i, h, true));
  writeFileSync(path, buildElf({ machine: EM_ARM, entry: 0x11, segments: [{ vaddr: 0, data: code, name: '.text', flags: 5 }], symbols: [{ name: 'main', value: 0x11, size: 2 * thumb.length, type: 2 }] }));
  return path;
}

/** `b .` forever: only an interrupt from gdb stops it. */
export function spinElf(dir: string): string {
  return armImage(join(dir, 'spin.elf'), [0xe7fe]);
}

/** Loads from 0x80000000 (unmapped) with no fault handlers: an unhandled fault. */
export function faultElf(dir: string): string {
  // movs r0,#1; lsls r0,r0,#31; ldr r0,[r0]; b .
  return armImage(join(dir, 'fault.elf'), [0x2001, 0x07c0, 0x6800, 0xe7fe]);
}

/** `wfi; b .` with no interrupt source: asleep with nothing scheduled. */
export function idleElf(dir: string): string {
  return armImage(join(dir, 'idle.elf'), [0xbf30, 0xe7fe]);
}

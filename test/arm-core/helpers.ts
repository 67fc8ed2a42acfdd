/** Test harness for the Cortex-M4 core: a bare nRF52840-DK memory map with hand-assembled code. */
import { Machine } from '../../machine/machine.js';
import { findBoard } from '../../peripherals/boards/index.js';
import type { CortexM4 } from '../../cpu/arm/core.js';

export const CODE = 0x100;
export const HANDLER = 0x400;
export const STACK = 0x20001000;

/**
 * A machine whose flash holds a vector table (SP = STACK, reset = CODE, every exception -> HANDLER,
 * where `b .` waits) and `code` (halfwords) at CODE. No peripherals and no wait states unless
 * `waits` (flat fetch wait states per 32-bit fetch), so cycle counts are the core's own.
 */
export function codeMachine(code: number[], handler: number[] = [0xe7fe], waits = 0): { m: Machine; cpu: CortexM4 } {
  const b = findBoard('nrf52840dk');
  const memory = b.memory.map((r) => ({ ...r, fetchWait: waits, readWait: 0, writeWait: 0 }));
  const board = { ...b, memory, peripherals: [] };
  const m = new Machine(board);
  const img = new Uint8Array(0x800);
  const dv = new DataView(img.buffer);
  dv.setUint32(0, STACK, true);
  dv.setUint32(4, CODE | 1, true);
  for (let i = 2; i < 64; i++) dv.setUint32(4 * i, HANDLER | 1, true);
  code.forEach((h, i) => dv.setUint16(CODE + 2 * i, h, true));
  handler.forEach((h, i) => dv.setUint16(HANDLER + 2 * i, h, true));
  m.bus.loadBytes(0, img);
  m.cpu.reset();
  return { m, cpu: m.cpu as CortexM4 };
}

/** Executes one instruction (or takes one pending exception). */
export function step(m: Machine): void {
  m.sched.beginSlice(m.sched.now + 1);
  m.cpu.run();
  m.sched.runDue();
}

/** Steps until the instruction at pc is `b .` (0xe7fe); returns the cycle count then. */
export function runToLoop(m: Machine, max = 10000): number {
  for (let i = 0; i < max; i++) {
    const pc = m.cpu.pc;
    if (m.bus.peek8(pc) === 0xfe && m.bus.peek8(pc + 1) === 0xe7) return m.sched.now;
    if (m.cpu.halted) throw new Error(`halted: ${m.cpu.halted.message}`);
    step(m);
  }
  throw new Error(`no 'b .' reached after ${max} steps (pc=0x${m.cpu.pc.toString(16)})`);
}

export function regs(m: Machine): Record<string, number> {
  return m.cpu.registers();
}

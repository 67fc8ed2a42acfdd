import { describe, expect, it } from 'vitest';
import { disassemble } from '../../femto-host/disasm.js';
import { assemble, I, wide, EXIT } from './asm.js';

describe('disassembler', () => {
  it('formats every instruction kind', () => {
    const text = assemble(
      I(0x07, 1, 0, 0, -8), I(0x0f, 1, 2), I(0x87, 3), I(0x05, 0, 0, 2), I(0x1d, 1, 2, -3), I(0xa5, 4, 0, 1, 10),
      I(0x85, 0, 0, 0, 1), I(0x85, 0, 0, 0, 0x99), I(0x85, 1, 1, 0, 4), I(0x79, 0, 10, -8), I(0x62, 10, 0, -4, 7), I(0x73, 1, 2, 3),
      wide(0x18, 5, 0x123456789n), wide(0xb8, 6, 16n), wide(0xd8, 7, 4n), I(0x0c, 1, 2), EXIT,
    );
    const lines = disassemble(text, { labels: new Map([[0, 'main']]) }).map((l) => (l.endsWith(':') ? l : l.slice(l.lastIndexOf('  ') + 2)));
    expect(lines).toEqual([
      'main:', 'add r1, -8 (0xfffffff8)', 'add r1, r2', 'neg r3', 'ja +2 ; -> 6', 'jeq r1, r2, -3 ; -> 2', 'jlt r4, 10 (0xa), +1 ; -> 7',
      'call 0x1 ; printf', 'call 0x99 ; unknown helper', 'call local +4 ; bpf-to-bpf call -> 13', 'ldxdw r0, [r10-8]', 'stw [r10-4], 7',
      'stxb [r1+3], r2', 'lddw r5, 0x123456789', 'lddwd r6, .data+16', 'lddwr r7, .rodata+4',
      '.insn 0x0c ; ALU32 instructions are not supported (compile without -mcpu=v3 / -mattr=+alu32)', 'exit',
    ]);
  });
  it('reports a truncated text', () => {
    expect(disassemble(new Uint8Array(12)).at(-1)).toBe('  (4 trailing bytes: text length is not a multiple of 8)');
  });
});

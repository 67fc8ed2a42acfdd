/**
 * eBPF opcodes accepted by femtosim's femto-container ABI (docs/femto-abi.md), as data.
 * The verifier, the interpreter, the packer and the disassembler all read this one table.
 * Encoding: byte 0 opcode, byte 1 dst (low nibble) / src (high nibble), bytes 2-3 off (s16), bytes 4-7 imm (s32).
 */

export type OpKind =
  | 'alu' // ALU64 op dst, src|imm
  | 'neg' // ALU64 neg dst
  | 'ja' // unconditional jump
  | 'jcc' // conditional jump
  | 'call'
  | 'exit'
  | 'ldx'
  | 'st'
  | 'stx'
  | 'lddw' // 0x18: dst = imm64 (two slots)
  | 'lddwd' // 0xB8: dst = .data base + imm (two slots)
  | 'lddwr'; // 0xD8: dst = .rodata base + imm (two slots)

export interface OpInfo {
  readonly opcode: number;
  readonly mnemonic: string;
  readonly kind: OpKind;
  /** true: second operand is the src register; false: the immediate */
  readonly useSrc: boolean;
  /** memory access width in bytes (ldx/st/stx) */
  readonly size: number;
  /** instruction writes its dst register */
  readonly writesDst: boolean;
}

const table: OpInfo[] = [];
function add(opcode: number, mnemonic: string, kind: OpKind, useSrc: boolean, size: number, writesDst: boolean): void {
  table.push({ opcode, mnemonic, kind, useSrc, size, writesDst });
}

/** ALU operation codes (bits 7..4) of class BPF_ALU64 (0x07). */
export const ALU_OPS: ReadonlyArray<readonly [number, string]> = [
  [0x0, 'add'], [0x1, 'sub'], [0x2, 'mul'], [0x3, 'div'], [0x4, 'or'], [0x5, 'and'], [0x6, 'lsh'],
  [0x7, 'rsh'], [0x9, 'mod'], [0xa, 'xor'], [0xb, 'mov'], [0xc, 'arsh'],
];
for (const [code, name] of ALU_OPS) {
  add((code << 4) | 0x07, name, 'alu', false, 0, true);
  add((code << 4) | 0x0f, name, 'alu', true, 0, true);
}
// neg: clang emits 0x87; RIOT's engine registers 0x8f. The femtosim ABI accepts both.
add(0x87, 'neg', 'neg', false, 0, true);
add(0x8f, 'neg', 'neg', true, 0, true);

/** Conditional jump codes (bits 7..4) of class BPF_JMP (0x05). */
export const JMP_OPS: ReadonlyArray<readonly [number, string]> = [
  [0x1, 'jeq'], [0x2, 'jgt'], [0x3, 'jge'], [0x4, 'jset'], [0x5, 'jne'], [0x6, 'jsgt'], [0x7, 'jsge'],
  [0xa, 'jlt'], [0xb, 'jle'], [0xc, 'jslt'], [0xd, 'jsle'],
];
add(0x05, 'ja', 'ja', false, 0, false);
for (const [code, name] of JMP_OPS) {
  add((code << 4) | 0x05, name, 'jcc', false, 0, false);
  add((code << 4) | 0x0d, name, 'jcc', true, 0, false);
}
add(0x85, 'call', 'call', false, 0, false);
add(0x95, 'exit', 'exit', false, 0, false);

/** Memory size field (bits 4..3): W=0x00, H=0x08, B=0x10, DW=0x18. */
export const MEM_SIZES: ReadonlyArray<readonly [number, number, string]> = [
  [0x00, 4, 'w'], [0x08, 2, 'h'], [0x10, 1, 'b'], [0x18, 8, 'dw'],
];
for (const [bits, size, suffix] of MEM_SIZES) {
  add(0x61 | bits, 'ldx' + suffix, 'ldx', true, size, true);
  add(0x62 | bits, 'st' + suffix, 'st', false, size, false);
  add(0x63 | bits, 'stx' + suffix, 'stx', true, size, false);
}
add(0x18, 'lddw', 'lddw', false, 0, true);
add(0xb8, 'lddwd', 'lddwd', false, 0, true);
add(0xd8, 'lddwr', 'lddwr', false, 0, true);

/** Opcode → info, undefined for opcodes the ABI rejects with -1. */
export const OPCODES: ReadonlyArray<OpInfo | undefined> = (() => {
  const byOp: (OpInfo | undefined)[] = new Array(256).fill(undefined);
  for (const info of table) byOp[info.opcode] = info;
  return byOp;
})();

export function isWide(opcode: number): boolean {
  return opcode === 0x18 || opcode === 0xb8 || opcode === 0xd8;
}

/** Why an opcode is not accepted, for error messages (class-level explanation). */
export function unsupportedReason(opcode: number): string {
  const cls = opcode & 0x07;
  if (cls === 0x04) {
    return (opcode & 0xf0) === 0xd0 ? 'byte swap (BPF_END) is not supported' : 'ALU32 instructions are not supported (compile without -mcpu=v3 / -mattr=+alu32)';
  }
  if (cls === 0x06) return 'JMP32 instructions are not supported (compile without -mcpu=v3)';
  if (cls === 0x00 || cls === 0x01) return 'legacy packet load or unknown load opcode';
  if (cls === 0x03 && (opcode & 0xe0) === 0xc0) return 'atomic operations are not supported';
  return 'unknown opcode';
}

/** Call instruction with src=1 (BPF_PSEUDO_CALL) is a bpf-to-bpf local call. */
export const PSEUDO_CALL_SRC = 1;

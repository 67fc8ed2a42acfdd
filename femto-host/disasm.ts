/** eBPF disassembler for `fc inspect` and for VM error reports (syntax close to the Linux/ubpf assemblers). */
import { OPCODES, isWide, unsupportedReason } from './opcodes.js';

/** Helper names by id (docs/femto-abi.md). */
export const HELPER_NAMES: Readonly<Record<number, string>> = {
  0x01: 'printf', 0x02: 'memcpy', 0x10: 'kv_store_local', 0x11: 'kv_store_global', 0x12: 'kv_fetch_local',
  0x13: 'kv_fetch_global', 0x20: 'now_ms', 0x21: 'now_us', 0x30: 'sensor_read', 0x40: 'gpio_set',
};

export interface DecodedInsn {
  opcode: number;
  dst: number;
  src: number;
  off: number;
  imm: number;
  /** second-slot immediate for two-slot instructions, else 0 */
  imm2: number;
  /** 1 or 2 slots */
  slots: number;
}

export function decodeAt(text: Uint8Array, pc: number): DecodedInsn {
  const b = pc * 8;
  const dv = new DataView(text.buffer, text.byteOffset, text.byteLength);
  const opcode = text[b];
  const wide = isWide(opcode) && b + 16 <= text.length;
  return {
    opcode,
    dst: text[b + 1] & 0xf,
    src: text[b + 1] >> 4,
    off: dv.getInt16(b + 2, true),
    imm: dv.getInt32(b + 4, true),
    imm2: wide ? dv.getInt32(b + 12, true) : 0,
    slots: wide ? 2 : 1,
  };
}

const signed = (n: number) => (n < 0 ? `-${-n}` : `+${n}`);
const immStr = (n: number) => (n < 0 || n > 9 ? `${n} (0x${(n >>> 0).toString(16)})` : `${n}`);

/** One instruction as text; `pc` is the instruction index (used for jump targets). */
export function formatInsn(i: DecodedInsn, pc: number): string {
  const info = OPCODES[i.opcode];
  if (!info) return `.insn 0x${i.opcode.toString(16).padStart(2, '0')} ; ${unsupportedReason(i.opcode)}`;
  const r = (n: number) => `r${n}`;
  const operand = info.useSrc ? r(i.src) : immStr(i.imm);
  switch (info.kind) {
    case 'alu':
      return `${info.mnemonic} ${r(i.dst)}, ${operand}`;
    case 'neg':
      return `neg ${r(i.dst)}`;
    case 'ja':
      return `ja ${signed(i.off)} ; -> ${pc + 1 + i.off}`;
    case 'jcc':
      return `${info.mnemonic} ${r(i.dst)}, ${operand}, ${signed(i.off)} ; -> ${pc + 1 + i.off}`;
    case 'call': {
      const name = HELPER_NAMES[i.imm];
      if (i.src === 1) return `call local ${signed(i.imm)} ; bpf-to-bpf call -> ${pc + 1 + i.imm}`;
      return `call 0x${(i.imm >>> 0).toString(16)}${name ? ` ; ${name}` : ' ; unknown helper'}`;
    }
    case 'exit':
      return 'exit';
    case 'ldx':
      return `${info.mnemonic} ${r(i.dst)}, [${r(i.src)}${signed(i.off)}]`;
    case 'st':
      return `${info.mnemonic} [${r(i.dst)}${signed(i.off)}], ${immStr(i.imm)}`;
    case 'stx':
      return `${info.mnemonic} [${r(i.dst)}${signed(i.off)}], ${r(i.src)}`;
    case 'lddw': {
      const v = (BigInt(i.imm2 >>> 0) << 32n) | BigInt(i.imm >>> 0);
      return `lddw ${r(i.dst)}, 0x${v.toString(16)}`;
    }
    case 'lddwd':
    case 'lddwr': {
      const base = info.kind === 'lddwd' ? '.data' : '.rodata';
      return `${info.mnemonic} ${r(i.dst)}, ${base}${signed(i.imm)}${i.imm2 ? ` (high word ${i.imm2})` : ''}`;
    }
  }
}

export interface DisasmOptions {
  /** function names by text byte offset, printed as labels */
  labels?: ReadonlyMap<number, string>;
}

/** Disassembles a text section: one line per instruction with index, byte offset, raw bytes and text. */
export function disassemble(text: Uint8Array, opts: DisasmOptions = {}): string[] {
  const lines: string[] = [];
  const n = Math.floor(text.length / 8);
  for (let pc = 0; pc < n; ) {
    const label = opts.labels?.get(pc * 8);
    if (label !== undefined) lines.push(`${label}:`);
    const insn = decodeAt(text, pc);
    const raw = Array.from(text.subarray(pc * 8, pc * 8 + 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(`${String(pc).padStart(5)}  ${(pc * 8).toString(16).padStart(4, '0')}:  ${raw}  ${formatInsn(insn, pc)}`);
    pc += insn.slots;
  }
  if (text.length % 8 !== 0) lines.push(`  (${text.length % 8} trailing bytes: text length is not a multiple of 8)`);
  return lines;
}

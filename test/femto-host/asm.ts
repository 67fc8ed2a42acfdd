/** Tiny eBPF encoder for hand-written test programs. */
export type Insn = [op: number, dst: number, src: number, off: number, imm: number];

export const I = (op: number, dst = 0, src = 0, off = 0, imm = 0): Insn[] => [[op, dst, src, off, imm]];
/** two-slot load (0x18 lddw, 0xb8, 0xd8) of a 64-bit value */
export const wide = (op: number, dst: number, value: bigint): Insn[] => {
  const v = BigInt.asUintN(64, value);
  return [
    [op, dst, 0, 0, Number(BigInt.asIntN(32, v & 0xffffffffn))],
    [0, 0, 0, 0, Number(BigInt.asIntN(32, v >> 32n))],
  ];
};
export const EXIT = I(0x95);
export const movi = (dst: number, imm: number) => I(0xb7, dst, 0, 0, imm);
export const movr = (dst: number, src: number) => I(0xbf, dst, src);

export function assemble(...parts: Insn[][]): Uint8Array {
  const insns = parts.flat();
  const out = new Uint8Array(insns.length * 8);
  const dv = new DataView(out.buffer);
  insns.forEach(([op, dst, src, off, imm], i) => {
    out[i * 8] = op;
    out[i * 8 + 1] = (dst & 0xf) | ((src & 0xf) << 4);
    dv.setInt16(i * 8 + 2, off, true);
    dv.setInt32(i * 8 + 4, imm, true);
  });
  return out;
}

export const prog = (...parts: Insn[][]) => ({ data: new Uint8Array(16), rodata: new Uint8Array(16), text: assemble(...parts), functions: [] });

/** Shared capstone-wasm set-up for the FP decoder tests (Thumb + M-class). */
import { Capstone, Const, loadCapstone } from 'capstone-wasm';

let cs: Capstone | null = null;

export async function thumbCapstone(): Promise<Capstone> {
  if (cs) return cs;
  await loadCapstone();
  cs = new Capstone(Const.CS_ARCH_ARM, Const.CS_MODE_THUMB | Const.CS_MODE_MCLASS);
  return cs;
}

/** Capstone's text for the 32-bit Thumb instruction hw1:hw2, or null when it does not decode it. */
export function csText(c: Capstone, hw1: number, hw2: number): string | null {
  const bytes = Uint8Array.of(hw1 & 0xff, hw1 >> 8, hw2 & 0xff, hw2 >> 8);
  let out;
  try {
    out = c.disasm(bytes, { address: 0x1000, count: 1 });
  } catch {
    return null; // capstone-wasm throws when nothing decodes
  }
  if (out.length !== 1 || out[0].size !== 4) return null;
  return `${out[0].mnemonic}\t${out[0].opStr}`;
}

// capstone-wasm ships index.d.ts but its package.json "exports" hides it from NodeNext resolution;
// this declares the part the FPU decoder tests use.
declare module 'capstone-wasm' {
  export interface Insn {
    size: number;
    mnemonic: string;
    opStr: string;
  }
  export class Capstone {
    constructor(arch: number, mode: number);
    disasm(data: Uint8Array, options?: { address?: number; count?: number }): Insn[];
  }
  export const Const: { CS_ARCH_ARM: number; CS_MODE_THUMB: number; CS_MODE_MCLASS: number };
  export function loadCapstone(): Promise<void>;
}

/** Test helpers: a tiny RV32 encoder and a HiFive1 Rev B machine running code placed in DTIM. */
import { Machine } from '../../machine/machine.js';
import { hifive1b } from '../../peripherals/boards/hifive1b.js';
import type { E31Core } from '../../cpu/riscv/core.js';

export const DTIM = hifive1b.memory.find((m) => m.name === 'dtim')!.base;
export const FLASH = hifive1b.memory.find((m) => m.name === 'flash')!.base + 0x10000;

const R = (f7: number, rs2: number, rs1: number, f3: number, rd: number, op: number) => ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const I = (imm: number, rs1: number, f3: number, rd: number, op: number) => (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const S = (imm: number, rs2: number, rs1: number, f3: number, op: number) => ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | op) >>> 0;
const B = (imm: number, rs2: number, rs1: number, f3: number) =>
  ((((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | 0x63) >>> 0;

export const rv = {
  addi: (rd: number, rs1: number, imm: number) => I(imm, rs1, 0, rd, 0x13),
  add: (rd: number, rs1: number, rs2: number) => R(0, rs2, rs1, 0, rd, 0x33),
  sub: (rd: number, rs1: number, rs2: number) => R(0x20, rs2, rs1, 0, rd, 0x33),
  lui: (rd: number, imm20: number) => (((imm20 & 0xfffff) << 12) | (rd << 7) | 0x37) >>> 0,
  lw: (rd: number, rs1: number, imm: number) => I(imm, rs1, 2, rd, 0x03),
  lb: (rd: number, rs1: number, imm: number) => I(imm, rs1, 0, rd, 0x03),
  lh: (rd: number, rs1: number, imm: number) => I(imm, rs1, 1, rd, 0x03),
  sw: (rs2: number, rs1: number, imm: number) => S(imm, rs2, rs1, 2, 0x23),
  mul: (rd: number, rs1: number, rs2: number) => R(1, rs2, rs1, 0, rd, 0x33),
  mulh: (rd: number, rs1: number, rs2: number) => R(1, rs2, rs1, 1, rd, 0x33),
  mulhsu: (rd: number, rs1: number, rs2: number) => R(1, rs2, rs1, 2, rd, 0x33),
  mulhu: (rd: number, rs1: number, rs2: number) => R(1, rs2, rs1, 3, rd, 0x33),
  div: (rd: number, rs1: number, rs2: number) => R(1, rs2, rs1, 4, rd, 0x33),
  divu: (rd: number, rs1: number, rs2: number) => R(1, rs2, rs1, 5, rd, 0x33),
  rem: (rd: number, rs1: number, rs2: number) => R(1, rs2, rs1, 6, rd, 0x33),
  remu: (rd: number, rs1: number, rs2: number) => R(1, rs2, rs1, 7, rd, 0x33),
  beq: (rs1: number, rs2: number, off: number) => B(off, rs2, rs1, 0),
  bne: (rs1: number, rs2: number, off: number) => B(off, rs2, rs1, 1),
  jal: (rd: number, off: number) =>
    ((((off >> 20) & 1) << 31) | (((off >> 1) & 0x3ff) << 21) | (((off >> 11) & 1) << 20) | (((off >> 12) & 0xff) << 12) | (rd << 7) | 0x6f) >>> 0,
  csrrw: (rd: number, csr: number, rs1: number) => I(csr, rs1, 1, rd, 0x73),
  csrrs: (rd: number, csr: number, rs1: number) => I(csr, rs1, 2, rd, 0x73),
  csrrc: (rd: number, csr: number, rs1: number) => I(csr, rs1, 3, rd, 0x73),
  csrrwi: (rd: number, csr: number, uimm: number) => I(csr, uimm, 5, rd, 0x73),
  lr: (rd: number, rs1: number) => R(0x08, 0, rs1, 2, rd, 0x2f),
  sc: (rd: number, rs1: number, rs2: number) => R(0x0c, rs2, rs1, 2, rd, 0x2f),
  amoadd: (rd: number, rs1: number, rs2: number) => R(0x00, rs2, rs1, 2, rd, 0x2f),
  amomaxu: (rd: number, rs1: number, rs2: number) => R(0x70, rs2, rs1, 2, rd, 0x2f),
  ecall: () => 0x00000073,
  ebreak: () => 0x00100073,
  mret: () => 0x30200073,
  wfi: () => 0x10500073,
  /** Semihosting exit with status in a1... (sequence: slli x0,x0,31; ebreak; srai x0,x0,7). */
  semihostingCall: () => [0x01f01013, 0x00100073, 0x40705013],
  /** Loop forever (jal x0, 0). */
  halt: () => 0x0000006f,
};

export const MCYCLE = 0xb00;
export const MINSTRET = 0xb02;

/** A machine with the words placed at `base` (DTIM by default) and the core starting there. */
export function machineWith(words: number[], base = DTIM, opts: { console?: string[] } = {}) {
  const out: string[] = opts.console ?? [];
  const m = new Machine(hifive1b, { consoleSink: (s) => out.push(s), warn: () => {} });
  const bytes = new Uint8Array(words.length * 4);
  new DataView(bytes.buffer).setUint32(0, 0);
  words.forEach((w, i) => new DataView(bytes.buffer).setUint32(i * 4, w >>> 0, true));
  if (!m.bus.loadBytes(base, bytes)) throw new Error('cannot load test code');
  m.cpu.reset();
  const cpu = m.cpu as unknown as E31Core;
  cpu.pc = base;
  return { m, cpu, out };
}

/** Runs until the core reaches the final `halt` (pc stops moving) or the budget ends. */
export function runTo(m: Machine, addr: number, maxCycles = 1_000_000) {
  let s;
  for (let budget = 1000; budget <= maxCycles; budget *= 2) {
    s = m.run({ maxCycles: budget });
    if (m.cpu.pc === addr || m.cpu.halted) break;
  }
  return s!;
}

/**
 * Decoder (generated from cpu/riscv/encodings.ts) against capstone (@alexaltea/capstone-js):
 * every 16-bit encoding and a deterministic sample of 32-bit ones. Compared: whether the word is a
 * valid RV32IMAC+Zicsr+Zifencei instruction, and the instruction (capstone's aliases mapped back to
 * the base instruction). Accepted differences are listed in ACCEPTED with their reason.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { createRequire } from 'node:module';
import { decode, newDecoded } from '../../cpu/riscv/decode.js';
import { Op } from '../../cpu/riscv/encodings.js';

const require = createRequire(import.meta.url);

interface CsInsn { size: number; mnemonic: string; op_str: string }
interface Cs { disasm(b: number[], addr: number): CsInsn[]; close(): void }
let cs: Cs;

beforeAll(async () => {
  const mod = require('@alexaltea/capstone-js');
  const M = await (mod.default ?? mod)();
  cs = new M.Capstone(M.ARCH_RISCV, M.MODE_RISCV32 | M.MODE_RISCVC);
});

/** capstone alias -> base instruction. */
const ALIAS: Record<string, string> = {
  j: 'jal', jr: 'jalr', ret: 'jalr', mv: 'addi', li: 'addi', nop: 'addi', not: 'xori', neg: 'sub',
  seqz: 'sltiu', snez: 'sltu', sltz: 'slt', sgtz: 'slt', beqz: 'beq', bnez: 'bne', blez: 'bge',
  bgez: 'bge', bltz: 'blt', bgtz: 'blt', bgt: 'blt', ble: 'bge', bgtu: 'bltu', bleu: 'bgeu',
  csrr: 'csrrs', csrw: 'csrrw', csrs: 'csrrs', csrc: 'csrrc', csrwi: 'csrrwi', csrsi: 'csrrsi', csrci: 'csrrci',
  rdcycle: 'csrrs', rdtime: 'csrrs', rdinstret: 'csrrs', rdcycleh: 'csrrs', rdtimeh: 'csrrs', rdinstreth: 'csrrs',
  frcsr: 'csrrs', fscsr: 'csrrw', frrm: 'csrrs', fsrm: 'csrrw', frflags: 'csrrs', fsflags: 'csrrw',
  fsrmi: 'csrrwi', fsflagsi: 'csrrwi', 'fence.tso': 'fence', pause: 'fence', unimp: 'csrrw',
};

function norm(m: string): string {
  const base = m.replace(/\.(aqrl|aq|rl)$/, '');
  return ALIAS[base] ?? base;
}

function capstone(word: number, size: number): string | null {
  const bytes = [word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, (word >>> 24) & 0xff].slice(0, size);
  let r: CsInsn[];
  try {
    r = cs.disasm(bytes, 0x1000);
  } catch {
    return null;
  }
  return r.length === 1 && r[0].size === size ? r[0].mnemonic : null;
}

function ours(word: number): string | null {
  const d = decode(word, newDecoded());
  if (d.op === Op.ILLEGAL || !d.enc) return null;
  // c.nop is our name for c.addi x0 (a HINT when imm != 0)
  return d.enc.name;
}

/** Differences accepted on purpose, by predicate and reason. */
const ACCEPTED: Array<{ why: string; test: (w: number, cs: string | null, us: string | null) => boolean }> = [
  { why: 'capstone decodes F/D (FP load/store/ops, c.flw/c.fsw/c.fld/c.fsd...) which the E31 lacks', test: (_w, c) => c !== null && /^(c\.)?f(l|s)(w|d)(sp)?$|^f[a-z]/.test(c) && !/^fence/.test(c) },
  { why: 'capstone 5 names c.addi x0,imm (a HINT) and c.nop with nonzero imm differently', test: (_w, c, u) => u === 'c.nop' || c === 'c.nop' },
  { why: 'HINT encodings (rd = x0 / shamt 0) that capstone rejects; the spec reserves them as no-ops', test: (_w, c, u) => c === null && u !== null && /^c\.(li|lui|mv|add|slli|addi|srli|srai)$/.test(u) },
  { why: 'capstone prints c.unimp for 0x0000 (defined illegal); both treat it as illegal or capstone names it', test: (w) => (w & 0xffff) === 0 },
  { why: 'capstone 5 rejects FENCE with non-zero fm/rs1/rd bits that decoders must accept as FENCE', test: (w, c, u) => u === 'fence' && c === null },
  { why: 'capstone 5 accepts sret/uret/dret/sfence.vma/hfence, privileged instructions the E31 (M+U) does not have', test: (_w, c, u) => u === null && c !== null && /^(sret|uret|dret|sfence\.vma|hfence|wrs|sinval|hinval)/.test(c) },
  { why: 'capstone 5 decodes RV64/RV128-only or Zb*/Zk* encodings in RV32 mode', test: (_w, c, u) => u === null && c !== null && /(w|d)$|^(c\.(ld|sd|addiw|subw|addw|ldsp|sdsp|lq|sq)|andn|orn|xnor|clz|ctz|cpop|rol|ror|sh[123]add|min|max|sext|zext|rev8|orc|bclr|bext|binv|bset|clmul|aes|sha|sm[34]|xperm|pack|brev|zip|unzip|czero|cbo|prefetch)/.test(c) },
  { why: 'Zifencei: FENCE.I imm/rs1/rd are reserved and ignored by base implementations (Vol. I §3.1); capstone requires zeros', test: (_w, c, u) => u === 'fence.i' && c === null },
  { why: 'RV64 shift encodings (shamt[5] = 1) that capstone accepts in RV32 mode; they are illegal on RV32', test: (w, c, u) => u === null && c !== null && /^(slli|srli|srai)$/.test(c) && ((w >>> 25) & 1) === 1 },
  { why: 'RV32C: c.slli/c.srli/c.srai with shamt[5] = 1 are reserved for custom extensions on RV32 (Vol. I §16.5); capstone accepts them', test: (w, c, u) => u === null && c !== null && /^c\.(slli|srli|srai)$/.test(c) && ((w >>> 12) & 1) === 1 },
  { why: 'encodings the C extension reserves (c.lui/c.addi16sp/c.addi4spn with imm 0, c.lwsp rd=0, c.jr rs1=0; declared reserved in encodings.ts) that capstone decodes', test: (w, c, u) => u === null && c !== null && decode(w, newDecoded()).enc?.reserved === true },
];

function compare(words: Iterable<number>, size: 2 | 4) {
  const mismatches: string[] = [];
  const accepted = new Map<string, number>();
  let n = 0;
  for (const w of words) {
    n++;
    const c = capstone(w, size);
    const u = ours(w);
    const cn = c === null ? null : norm(c);
    const un = u === null ? null : u;
    if (cn === un || (cn !== null && un !== null && norm(un) === cn)) continue;
    const acc = ACCEPTED.find((a) => a.test(w, c, u));
    if (acc) {
      accepted.set(acc.why, (accepted.get(acc.why) ?? 0) + 1);
      continue;
    }
    if (mismatches.length < 20) mismatches.push(`0x${w.toString(16)}: capstone=${c} ours=${u}`);
    else mismatches.push('');
  }
  return { n, mismatches, accepted };
}

describe('RISC-V decoder vs capstone', () => {
  it('agrees on every 16-bit encoding', () => {
    const words = function* () {
      for (let w = 0; w < 0x10000; w++) if ((w & 3) !== 3) yield w;
    };
    const r = compare(words(), 2);
    expect(r.n).toBe(49152);
    expect(r.mismatches.filter(Boolean).slice(0, 20), `${r.mismatches.length} mismatches`).toEqual([]);
  });

  it('agrees on a deterministic sample of 32-bit encodings', () => {
    // Half uniformly random words, half forced into the opcodes RV32IMAC uses (more valid ones).
    const opcodes = [0x03, 0x0f, 0x13, 0x17, 0x23, 0x2f, 0x33, 0x37, 0x63, 0x67, 0x6f, 0x73];
    const words = function* () {
      let s = 0x12345678;
      for (let i = 0; i < 120000; i++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        let w = (s ^ (s >>> 15) ^ Math.imul(i, 0x9e3779b1)) >>> 0;
        if (i & 1) w = ((w & ~0x7f) | opcodes[(w >>> 7) % opcodes.length]) >>> 0;
        else w = (w | 3) >>> 0;
        yield w;
      }
    };
    const r = compare(words(), 4);
    expect(r.mismatches.filter(Boolean).slice(0, 20), `${r.mismatches.length} mismatches`).toEqual([]);
  });
});

/**
 * Packs a clang BPF relocatable object into an rBPF image (docs/femto-abi.md).
 * .data, .data.<x>, .bss, .bss.<x> → image .data; .rodata and .rodata.<x> → image .rodata (function names appended);
 * .text → image .text with LDDW relocations against data/rodata rewritten to 0xB8/0xD8 (imm = offset).
 */
import { FemtoInputError, hex } from './errors.js';
import {
  parseElf, ElfObject, ElfSection, ElfSymbol, SHF_ALLOC, SHF_EXECINSTR, SHT_NOBITS, SHN_UNDEF, SHN_ABS, SHN_COMMON,
  STT_FUNC, STT_SECTION, STB_GLOBAL, STB_WEAK,
} from './elf.js';
import { appendNames, writeImage, FcImage, FcFunction } from './image.js';
import { OPCODES, isWide, unsupportedReason, PSEUDO_CALL_SRC } from './opcodes.js';

export const R_BPF_NONE = 0;
export const R_BPF_64_64 = 1;
export const R_BPF_64_ABS64 = 2;
export const R_BPF_64_ABS32 = 3;
export const R_BPF_64_NODYLD32 = 4;
export const R_BPF_64_32 = 10;
const RELOC_NAMES: Record<number, string> = {
  0: 'R_BPF_NONE', 1: 'R_BPF_64_64', 2: 'R_BPF_64_ABS64', 3: 'R_BPF_64_ABS32', 4: 'R_BPF_64_NODYLD32', 10: 'R_BPF_64_32',
};
const relocName = (t: number) => RELOC_NAMES[t] ?? `type ${t}`;

export type Region = 'data' | 'rodata';

export interface Placement {
  section: string;
  region: Region;
  /** offset of the section inside the image region */
  offset: number;
  size: number;
}

export interface PackOptions {
  version?: number;
  source?: string;
}

export interface PackResult {
  image: Omit<FcImage, 'warnings'>;
  bytes: Uint8Array;
  placements: Placement[];
  /** relocations applied: text offset, region, final imm */
  relocations: { textOffset: number; symbol: string; region: Region; imm: number }[];
  warnings: string[];
}

function isDataSection(s: ElfSection): boolean {
  return s.name === '.data' || s.name.startsWith('.data.') || s.name === '.bss' || s.name.startsWith('.bss.');
}
function isRodataSection(s: ElfSection): boolean {
  return s.name === '.rodata' || s.name.startsWith('.rodata.');
}

export function packObject(bytes: Uint8Array, opts: PackOptions = {}): PackResult {
  const source = opts.source ?? 'object';
  const elf = parseElf(bytes, source);
  return packElf(elf, opts);
}

export function packElf(elf: ElfObject, opts: PackOptions = {}): PackResult {
  const source = opts.source ?? 'object';
  const fail: (s: string) => never = (s) => {
    throw new FemtoInputError(`${source}: ${s}`);
  };
  const warnings: string[] = [];
  const text = elf.sections.find((s) => s.name === '.text');
  for (const s of elf.sections) {
    if (s !== text && s.flags & SHF_EXECINSTR && s.size > 0) {
      fail(`code in section ${s.name} is not supported: femto-container functions must be in .text (remove section attributes / SEC())`);
    }
  }
  if (!text || text.size === 0) fail('no code: the .text section is missing or empty');
  const textSec = text as ElfSection;
  if (textSec.size % 8 !== 0) fail(`.text is ${textSec.size} bytes, not a multiple of 8`);
  if (textSec.size > 0x10000) fail(`.text is ${textSec.size} bytes; function offsets in the image are u16 (max 65536 bytes)`);

  // Layout of data and rodata.
  const placements: Placement[] = [];
  const placeOf = new Map<number, Placement>();
  const sizes: Record<Region, number> = { data: 0, rodata: 0 };
  const ordered = [
    ...elf.sections.filter((s) => s.flags & SHF_ALLOC && isDataSection(s) && s.type !== SHT_NOBITS),
    ...elf.sections.filter((s) => s.flags & SHF_ALLOC && isDataSection(s) && s.type === SHT_NOBITS),
    ...elf.sections.filter((s) => s.flags & SHF_ALLOC && isRodataSection(s)),
  ];
  for (const s of ordered) {
    const region: Region = isRodataSection(s) ? 'rodata' : 'data';
    const align = Math.max(1, s.addralign);
    const offset = Math.ceil(sizes[region] / align) * align;
    const p: Placement = { section: s.name, region, offset, size: s.size };
    placements.push(p);
    placeOf.set(s.index, p);
    sizes[region] = offset + s.size;
  }
  for (const s of elf.sections) {
    if (s.flags & SHF_ALLOC && s.size > 0 && s !== textSec && !placeOf.has(s.index)) {
      warnings.push(`section ${s.name} (${s.size} bytes) is not part of the image and was left out`);
    }
  }
  const data = new Uint8Array(Math.ceil(sizes.data / 8) * 8);
  let rodata: Uint8Array = new Uint8Array(sizes.rodata);
  for (const s of ordered) {
    const p = placeOf.get(s.index) as Placement;
    if (s.type !== SHT_NOBITS) (p.region === 'data' ? data : rodata).set(s.bytes, p.offset);
  }

  // Functions (for messages and the function table).
  const funcs = elf.symbols
    .filter((y) => y.type === STT_FUNC && y.shndx === textSec.index)
    .sort((a, b) => a.value - b.value || a.name.localeCompare(b.name));
  const funcAt = (off: number): string => {
    let best: ElfSymbol | undefined;
    for (const f of funcs) if (f.value <= off && (best === undefined || f.value >= best.value)) best = f;
    return best ? `${best.name}+${hex(off - best.value)}` : '?';
  };
  const at = (off: number) => `.text+${hex(off)} (in ${funcAt(off)})`;
  const symName = (y: ElfSymbol) => (y.type === STT_SECTION ? elf.sections[y.shndx]?.name ?? `section ${y.shndx}` : y.name || `symbol #${y.index}`);

  const out = textSec.bytes.slice();
  const dv = new DataView(out.buffer);
  const relocations: PackResult['relocations'] = [];
  const relocated = new Set<number>();

  for (const rs of elf.relocSections) {
    const target = elf.sections[rs.target];
    if (!target || !(target.flags & SHF_ALLOC)) continue; // debug info, BTF: not part of the image
    // Sections left out of the image (.eh_frame from -g builds...): their relocations do not matter.
    if (target !== textSec && !placeOf.has(target.index)) continue;
    if (target !== textSec) {
      if (rs.relocs.length === 0) continue;
      const r = rs.relocs[0];
      const y = elf.symbols[r.symbol];
      fail(
        `${target.name}+${hex(r.offset)} holds the address of ${symName(y)} (${relocName(r.type)}): pointers inside initialised data are not supported (the image has no absolute addresses); take addresses at run time instead`,
      );
    }
    for (const r of rs.relocs) {
      const y = elf.symbols[r.symbol];
      const name = symName(y);
      if (r.offset % 8 !== 0 || r.offset + 8 > out.length) fail(`relocation ${relocName(r.type)} against ${name} at ${at(r.offset)} is not on an instruction`);
      const opcode = out[r.offset];
      if (r.type === R_BPF_NONE) continue;
      if (r.type === R_BPF_64_32) {
        if (y.shndx === SHN_UNDEF) fail(`call to undefined external function ${name} at ${at(r.offset)}: only helper calls by number are available`);
        fail(`bpf-to-bpf call to ${name} at ${at(r.offset)}: local calls are not supported by RIOT's femto-container engine; make the callee static inline (__attribute__((always_inline)))`);
      }
      if (r.type !== R_BPF_64_64) fail(`unsupported relocation ${relocName(r.type)} against ${name} at ${at(r.offset)}`);
      if (opcode !== 0x18 || r.offset + 16 > out.length) {
        fail(`relocation R_BPF_64_64 against ${name} at ${at(r.offset)} patches opcode ${hex(opcode, 2)}, expected an LDDW (0x18)`);
      }
      if (y.shndx === SHN_UNDEF) fail(`undefined symbol ${name} referenced at ${at(r.offset)}`);
      if (y.shndx === SHN_COMMON) fail(`common symbol ${name} referenced at ${at(r.offset)}: compile with -fno-common`);
      const addend = r.addend ?? dv.getInt32(r.offset + 4, true) + dv.getInt32(r.offset + 12, true) * 0x100000000;
      if (y.shndx === SHN_ABS) {
        const v = y.value + addend;
        dv.setUint32(r.offset + 4, v % 0x100000000 >>> 0, true);
        dv.setUint32(r.offset + 12, Math.floor(v / 0x100000000) >>> 0, true);
        relocated.add(r.offset);
        continue;
      }
      if (y.shndx === textSec.index) fail(`address of function ${name} taken at ${at(r.offset)}: function pointers are not supported`);
      const p = placeOf.get(y.shndx);
      if (!p) {
        const sec = elf.sections[y.shndx];
        fail(`relocation against ${name} at ${at(r.offset)} points into section ${sec ? sec.name : y.shndx}, which is not packed (only .data*, .bss*, .rodata*)`);
      }
      const pl = p as Placement;
      const imm = pl.offset + (y.type === STT_SECTION ? 0 : y.value) + addend;
      if (imm < 0 || imm > 0x7fffffff) fail(`relocated offset ${imm} for ${name} at ${at(r.offset)} does not fit the 32-bit immediate`);
      out[r.offset] = pl.region === 'data' ? 0xb8 : 0xd8;
      dv.setInt32(r.offset + 4, imm, true);
      dv.setInt32(r.offset + 12, 0, true);
      relocated.add(r.offset);
      relocations.push({ textOffset: r.offset, symbol: name, region: pl.region, imm });
    }
  }

  // Instruction check: only what the femtosim ABI accepts.
  for (let off = 0; off < out.length; off += 8) {
    const op = out[off];
    const info = OPCODES[op];
    if (!info || op === 0xb8 && !relocated.has(off) || op === 0xd8 && !relocated.has(off)) {
      fail(`unsupported instruction ${hex(op, 2)} at ${at(off)}: ${info ? 'femto relative load without a relocation' : unsupportedReason(op)}`);
    }
    if (info.kind === 'call' && out[off + 1] >> 4 === PSEUDO_CALL_SRC) {
      const target = off + 8 + dv.getInt32(off + 4, true) * 8;
      fail(`bpf-to-bpf call to ${funcAt(target)} at ${at(off)}: local calls are not supported by RIOT's femto-container engine; make the callee static inline (__attribute__((always_inline)))`);
    }
    if (isWide(op)) {
      if (off + 16 > out.length) fail(`LDDW at ${at(off)} is cut off by the end of .text`);
      off += 8;
    }
  }

  const exported = funcs.filter((f) => f.bind === STB_GLOBAL || f.bind === STB_WEAK);
  const named = appendNames(rodata, exported.map((f) => f.name));
  rodata = named.rodata;
  if (rodata.length > 0x10000) fail(`.rodata with names is ${rodata.length} bytes; name offsets are u16`);
  const functions: FcFunction[] = exported.map((f, i) => ({ name: f.name, nameOffset: named.offsets[i], flags: 0, textOffset: f.value }));
  const image = { version: opts.version ?? 0, flags: 0, data, rodata, text: out, functions };
  const bytesOut = writeImage(image);
  const padded = new Uint8Array(Math.ceil(rodata.length / 8) * 8);
  padded.set(rodata);
  return { image: { ...image, rodata: padded }, bytes: bytesOut, placements, relocations, warnings };
}

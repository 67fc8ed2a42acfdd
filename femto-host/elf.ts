/** Minimal reader for ELF64 little-endian relocatable objects (what `clang -target bpf -c` emits). */
import { FemtoInputError } from './errors.js';

export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const EM_BPF = 247;
export const ET_REL = 1;

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
  /** file bytes (empty for SHT_NOBITS) */
  bytes: Uint8Array;
}

export interface ElfSymbol {
  index: number;
  name: string;
  type: number;
  bind: number;
  shndx: number;
  value: number;
  size: number;
}

export interface ElfReloc {
  offset: number;
  type: number;
  symbol: number;
  /** explicit addend for SHT_RELA, undefined for SHT_REL (addend lives in the patched field) */
  addend: number | undefined;
}

export interface ElfRelocSection {
  section: ElfSection;
  /** index of the section the relocations patch (sh_info) */
  target: number;
  relocs: ElfReloc[];
}

export interface ElfObject {
  machine: number;
  sections: ElfSection[];
  symbols: ElfSymbol[];
  relocSections: ElfRelocSection[];
}

export function parseElf(bytes: Uint8Array, source = 'object'): ElfObject {
  const fail: (s: string) => never = (s) => {
    throw new FemtoInputError(`${source}: ${s}`);
  };
  if (bytes.length < 64) fail(`file is ${bytes.length} bytes, too short for an ELF64 header`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) fail('not an ELF file (bad magic)');
  if (bytes[4] !== 2) fail('not a 64-bit ELF file (expected clang -target bpf output)');
  if (bytes[5] !== 1) fail('not a little-endian ELF file (use -target bpf or bpfel, not bpfeb)');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);
  const u64 = (o: number, what: string): number => {
    const hi = dv.getUint32(o + 4, true);
    if (hi > 0x1fffff) fail(`${what} value is too large`);
    return hi * 0x100000000 + dv.getUint32(o, true);
  };
  const type = u16(16);
  const machine = u16(18);
  if (type !== ET_REL) fail(`ELF type ${type} is not a relocatable object (ET_REL = 1); pack the output of clang -c, not a linked file`);
  if (machine !== EM_BPF) fail(`ELF machine ${machine} is not BPF (247); compile with clang -target bpf`);
  const shoff = u64(0x28, 'e_shoff');
  const shentsize = u16(0x3a);
  const shnum = u16(0x3c);
  const shstrndx = u16(0x3e);
  if (shentsize !== 64) fail(`section header size ${shentsize}, expected 64`);
  if (shoff + shnum * 64 > bytes.length) fail(`section header table (${shnum} entries at offset ${shoff}) runs past the end of the file`);
  if (shstrndx >= shnum) fail(`section name table index ${shstrndx} out of range (${shnum} sections)`);

  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * 64;
    const s = {
      index: i,
      nameOff: u32(h),
      type: u32(h + 4),
      flags: u64(h + 8, 'sh_flags'),
      offset: u64(h + 24, 'sh_offset'),
      size: u64(h + 32, 'sh_size'),
      link: u32(h + 40),
      info: u32(h + 44),
      addralign: u64(h + 48, 'sh_addralign'),
      entsize: u64(h + 56, 'sh_entsize'),
    };
    if (s.type !== SHT_NOBITS && s.type !== 0 && s.offset + s.size > bytes.length) {
      fail(`section ${i} (${s.size} bytes at offset ${s.offset}) runs past the end of the file`);
    }
    raw.push(s);
  }
  const strAt = (tab: Uint8Array, off: number): string => {
    let end = off;
    while (end < tab.length && tab[end] !== 0) end++;
    let str = '';
    for (let i = off; i < end; i++) str += String.fromCharCode(tab[i]);
    return str;
  };
  const shstr = raw[shstrndx];
  const shstrBytes = bytes.subarray(shstr.offset, shstr.offset + shstr.size);
  const sections: ElfSection[] = raw.map((s) => ({
    index: s.index,
    name: strAt(shstrBytes, s.nameOff),
    type: s.type,
    flags: s.flags,
    offset: s.offset,
    size: s.size,
    link: s.link,
    info: s.info,
    addralign: s.addralign,
    entsize: s.entsize,
    bytes: s.type === SHT_NOBITS || s.type === 0 ? new Uint8Array(0) : bytes.subarray(s.offset, s.offset + s.size),
  }));

  const symbols: ElfSymbol[] = [];
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab) {
    if (symtab.link >= sections.length) fail('.symtab links to a missing string table');
    const strtab = sections[symtab.link].bytes;
    const n = Math.floor(symtab.size / 24);
    for (let i = 0; i < n; i++) {
      const o = symtab.offset + i * 24;
      const info = bytes[o + 4];
      symbols.push({
        index: i,
        name: strAt(strtab, u32(o)),
        type: info & 0xf,
        bind: info >> 4,
        shndx: u16(o + 6),
        value: u64(o + 8, 'st_value'),
        size: u64(o + 16, 'st_size'),
      });
    }
  }

  const relocSections: ElfRelocSection[] = [];
  for (const s of sections) {
    if (s.type !== SHT_REL && s.type !== SHT_RELA) continue;
    const ent = s.type === SHT_REL ? 16 : 24;
    const relocs: ElfReloc[] = [];
    for (let i = 0; i < Math.floor(s.size / ent); i++) {
      const o = s.offset + i * ent;
      const r: ElfReloc = {
        offset: u64(o, 'r_offset'),
        type: u32(o + 8),
        symbol: u32(o + 12),
        addend: s.type === SHT_RELA ? Number(dv.getBigInt64(o + 16, true)) : undefined,
      };
      if (r.symbol >= symbols.length) fail(`relocation ${i} in ${s.name} names symbol ${r.symbol}, beyond the ${symbols.length}-entry symbol table`);
      relocs.push(r);
    }
    relocSections.push({ section: s, target: s.info, relocs });
  }
  return { machine, sections, symbols, relocSections };
}

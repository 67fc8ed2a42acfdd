/**
 * ELF32 loading: headers through elfy, the symbol table through our own reader (elfy has none),
 * and checks of every loadable segment against the board's memory map.
 */
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { BoardDesc } from '../peripherals/boards/types.js';
import type { MemoryRegionDesc } from '../peripherals/bus.js';
import { UserError } from '../machine/errors.js';

const require = createRequire(import.meta.url);
// elfy is CommonJS without types.
const elfy = require('elfy') as { parse(buf: Buffer): ElfyFile };

interface ElfyProgram {
  type: string;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: Record<string, boolean>;
}
interface ElfySection {
  name: string;
  type: string | number;
  flags: Record<string, boolean>;
  addr: number;
  off: number;
  size: number;
  link: number;
  info: number;
  entsize: number;
  data: Buffer;
}
interface ElfyFile {
  class: string;
  endian: string;
  entry: number;
  body: { programs: ElfyProgram[]; sections: ElfySection[] };
}

export const EM_ARM = 40;
export const EM_XTENSA = 94;
export const EM_RISCV = 243;

export const MACHINE_NAMES: Record<number, string> = {
  [EM_ARM]: 'ARM',
  [EM_XTENSA]: 'Xtensa',
  [EM_RISCV]: 'RISC-V',
  3: 'x86',
  62: 'x86-64',
  183: 'AArch64',
  247: 'BPF',
};

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  /** STT_*: 0 notype, 1 object, 2 func, 3 section, 4 file. */
  type: number;
  /** STB_*: 0 local, 1 global, 2 weak. */
  bind: number;
  shndx: number;
  section: string;
}

export interface ElfSegment {
  /** Load (physical) address. */
  paddr: number;
  vaddr: number;
  data: Uint8Array;
  memsz: number;
  flags: string;
  /** Names of the allocated sections this segment holds (for error messages). */
  sections: string[];
}

export interface ElfSection {
  name: string;
  addr: number;
  size: number;
  /** SHT_NOBITS (bss-like): occupies memory, not file. */
  nobits: boolean;
  alloc: boolean;
  write: boolean;
  exec: boolean;
  /** Load address (LMA) when it differs from addr (initialised data stored in flash). */
  lma: number;
}

export interface ElfImage {
  path: string;
  machine: number;
  machineName: string;
  entry: number;
  flags: number;
  segments: ElfSegment[];
  sections: ElfSection[];
  symbols: ElfSymbol[];
  sha256: string;
  size: number;
}

const SHT_SYMTAB = 2;
const SHT_NOBITS = 8;

/** Parses an ELF file; throws UserError with a clear message on anything malformed. */
export function parseElf(buf: Buffer, path = '<buffer>'): ElfImage {
  const bad = (why: string): never => {
    throw new UserError(`${path}: not a valid ELF file: ${why}`);
  };
  if (buf.length < 52) bad(`only ${buf.length} bytes, an ELF32 header needs 52`);
  if (buf[0] !== 0x7f || buf[1] !== 0x45 || buf[2] !== 0x4c || buf[3] !== 0x46) bad('bad magic (expected 7f 45 4c 46)');
  if (buf[4] !== 1) bad(buf[4] === 2 ? '64-bit ELF (ELFCLASS64); microcontroller images are ELF32' : `unknown ELF class ${buf[4]}`);
  if (buf[5] !== 1) bad('big-endian ELF; the supported cores are little-endian');
  const machine = buf.readUInt16LE(18);
  const flags = buf.readUInt32LE(36);
  const phoff = buf.readUInt32LE(28);
  const shoff = buf.readUInt32LE(32);
  const phentsize = buf.readUInt16LE(42);
  const phnum = buf.readUInt16LE(44);
  const shentsize = buf.readUInt16LE(46);
  const shnum = buf.readUInt16LE(48);
  if (phnum > 0 && (phentsize !== 32 || phoff + phnum * 32 > buf.length)) bad('program header table lies outside the file');
  if (shnum > 0 && (shentsize !== 40 || shoff + shnum * 40 > buf.length)) bad('section header table lies outside the file');
  if (buf.readUInt16LE(16) !== 2) bad(`e_type ${buf.readUInt16LE(16)} is not an executable (ET_EXEC)`);

  let file: ElfyFile;
  try {
    file = elfy.parse(buf);
  } catch (e) {
    return bad((e as Error).message);
  }
  const rawSections = file.body.sections;
  for (const s of rawSections) {
    const t = typeof s.type === 'number' ? s.type : sectionTypeNumber(buf, shoff, rawSections.indexOf(s));
    if (t !== SHT_NOBITS && s.size > 0 && s.off + s.size > buf.length) bad(`section ${s.name || '#' + rawSections.indexOf(s)} extends past the end of the file`);
  }

  const sections: ElfSection[] = rawSections
    .map((s, i) => {
      const flagsRaw = buf.readUInt32LE(shoff + i * 40 + 8);
      const type = buf.readUInt32LE(shoff + i * 40 + 4);
      return {
        name: s.name,
        addr: s.addr >>> 0,
        size: s.size >>> 0,
        nobits: type === SHT_NOBITS,
        alloc: (flagsRaw & 2) !== 0,
        write: (flagsRaw & 1) !== 0,
        exec: (flagsRaw & 4) !== 0,
        lma: s.addr >>> 0,
      };
    });

  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * 32;
    const type = buf.readUInt32LE(o);
    if (type !== 1) continue; // PT_LOAD
    const offset = buf.readUInt32LE(o + 4);
    const vaddr = buf.readUInt32LE(o + 8);
    const paddr = buf.readUInt32LE(o + 12);
    const filesz = buf.readUInt32LE(o + 16);
    const memsz = buf.readUInt32LE(o + 20);
    const pflags = buf.readUInt32LE(o + 24);
    if (offset + filesz > buf.length) bad(`segment ${i} (offset 0x${offset.toString(16)}, ${filesz} bytes) extends past the end of the file`);
    if (filesz > memsz) bad(`segment ${i} has p_filesz ${filesz} > p_memsz ${memsz}`);
    const secs = sections.filter((s) => s.alloc && s.size > 0 && s.addr >= vaddr && s.addr < vaddr + Math.max(memsz, 1));
    for (const s of secs) s.lma = (paddr + (s.addr - vaddr)) >>> 0;
    segments.push({
      paddr,
      vaddr,
      data: new Uint8Array(buf.buffer, buf.byteOffset + offset, filesz),
      memsz,
      flags: (pflags & 4 ? 'r' : '-') + (pflags & 2 ? 'w' : '-') + (pflags & 1 ? 'x' : '-'),
      sections: secs.map((s) => s.name),
    });
  }
  if (segments.length === 0) bad('no loadable (PT_LOAD) segment');

  const symbols = readSymbols(buf, shoff, shnum, sections, bad);
  return {
    path,
    machine,
    machineName: MACHINE_NAMES[machine] ?? `e_machine ${machine}`,
    entry: buf.readUInt32LE(24),
    flags,
    segments,
    sections,
    symbols,
    sha256: createHash('sha256').update(buf).digest('hex'),
    size: buf.length,
  };
}

function sectionTypeNumber(buf: Buffer, shoff: number, i: number): number {
  return buf.readUInt32LE(shoff + i * 40 + 4);
}

/** Our own .symtab reader: Elf32_Sym entries (16 bytes) with names from the linked string table. */
function readSymbols(buf: Buffer, shoff: number, shnum: number, sections: ElfSection[], bad: (w: string) => never): ElfSymbol[] {
  const out: ElfSymbol[] = [];
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * 40;
    if (buf.readUInt32LE(h + 4) !== SHT_SYMTAB) continue;
    const off = buf.readUInt32LE(h + 16);
    const size = buf.readUInt32LE(h + 20);
    const link = buf.readUInt32LE(h + 24);
    if (link >= shnum) bad('.symtab links to a missing string table');
    const sh = shoff + link * 40;
    const stroff = buf.readUInt32LE(sh + 16);
    const strsize = buf.readUInt32LE(sh + 20);
    if (off + size > buf.length || stroff + strsize > buf.length) bad('.symtab or its string table extends past the end of the file');
    for (let p = off; p + 16 <= off + size; p += 16) {
      const nameOff = buf.readUInt32LE(p);
      const info = buf[p + 12];
      const shndx = buf.readUInt16LE(p + 14);
      let end = stroff + nameOff;
      if (nameOff >= strsize) continue;
      while (end < stroff + strsize && buf[end] !== 0) end++;
      const name = buf.toString('latin1', stroff + nameOff, end);
      if (!name) continue;
      out.push({
        name,
        value: buf.readUInt32LE(p + 4),
        size: buf.readUInt32LE(p + 8),
        type: info & 0xf,
        bind: info >> 4,
        shndx,
        section: shndx > 0 && shndx < sections.length ? sections[shndx].name : '',
      });
    }
  }
  return out;
}

export function readElfFile(path: string): ElfImage {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message})`);
  }
  return parseElf(buf, path);
}

function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

/** Checks e_machine against the board, and every segment against the board's memory map. */
export function checkImageForBoard(img: ElfImage, board: BoardDesc): void {
  if (img.machine !== board.elfMachine) {
    throw new UserError(
      `${img.path}: wrong architecture: the ELF is for ${img.machineName} but board ${board.name} runs ${MACHINE_NAMES[board.elfMachine] ?? board.elfMachine} images (core ${board.cpu})`,
    );
  }
  for (const seg of img.segments) {
    // File-backed part at the load address, then the zero-filled tail (bss) at the run address.
    checkRange(img, board, seg, seg.paddr, seg.data.length, 'load');
    if (seg.memsz > 0) checkRange(img, board, seg, seg.vaddr, seg.memsz, 'run');
  }
}

function checkRange(img: ElfImage, board: BoardDesc, seg: ElfSegment, addr: number, size: number, what: string): void {
  if (size === 0) return;
  const region = findRegion(board.memory, addr);
  const secs = seg.sections.length ? seg.sections.join(', ') : 'segment';
  if (!region) {
    throw new UserError(
      `${img.path}: section ${secs} at ${hex(addr)} (${size} bytes, ${what} address) lies outside the memory of board ${board.name} (${board.memory
        .map((m) => `${m.name} ${hex(m.base)}..${hex(m.base + m.size - 1)}`)
        .join(', ')})`,
    );
  }
  if (addr + size > region.base + region.size) {
    throw new UserError(
      `${img.path}: section ${secs} at ${hex(addr)} (${size} bytes, ${what} address) ends at ${hex(addr + size - 1)}, beyond ${region.name} of board ${board.name} (${region.size} bytes, last address ${hex(region.base + region.size - 1)})`,
    );
  }
}

export function findRegion(memory: MemoryRegionDesc[], addr: number): MemoryRegionDesc | undefined {
  addr >>>= 0;
  return memory.find((m) => addr >= m.base && addr < m.base + m.size);
}

/** Function symbols sorted by address, Thumb bit cleared (for profilers and fault reports). */
export function functionSymbols(img: ElfImage): ElfSymbol[] {
  const mask = img.machine === EM_ARM ? ~1 : ~0;
  const seen = new Set<number>();
  return img.symbols
    .filter((s) => s.type === 2 && s.shndx !== 0)
    .map((s) => ({ ...s, value: (s.value & mask) >>> 0 }))
    .sort((a, b) => a.value - b.value || b.bind - a.bind)
    .filter((s) => (seen.has(s.value) ? false : (seen.add(s.value), true)));
}

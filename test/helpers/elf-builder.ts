/**
 * Builds small ELF32 little-endian executables in memory, for loader and CLI tests that must not
 * depend on a cross toolchain.
 */
export interface BuildSegment {
  vaddr: number;
  paddr?: number;
  data: Uint8Array;
  memsz?: number;
  flags?: number; // PF_X 1, PF_W 2, PF_R 4
  name?: string; // section name
  nobits?: boolean;
}

export interface BuildSymbol {
  name: string;
  value: number;
  size: number;
  type: number; // STT_FUNC 2, STT_OBJECT 1
  section?: number; // section index (1-based over segments), default 1
}

export function buildElf(opts: { machine: number; entry?: number; segments: BuildSegment[]; symbols?: BuildSymbol[]; elfClass?: number; type?: number }): Buffer {
  const segs = opts.segments;
  const syms = opts.symbols ?? [];
  // Layout: header(52) | phdrs | segment data | shstrtab | strtab | symtab | shdrs
  const phoff = 52;
  let off = phoff + segs.length * 32;
  const dataOffs: number[] = [];
  for (const s of segs) {
    dataOffs.push(off);
    off += s.nobits ? 0 : s.data.length;
  }
  const secNames = ['', ...segs.map((s, i) => s.name ?? `.sec${i}`), '.shstrtab', '.strtab', '.symtab'];
  const shstr: number[] = [];
  const shNameOff: number[] = [];
  for (const n of secNames) {
    shNameOff.push(shstr.length);
    for (const c of Buffer.from(n)) shstr.push(c);
    shstr.push(0);
  }
  const shstrOff = off;
  off += shstr.length;
  const str: number[] = [0];
  const symNameOff: number[] = [];
  for (const s of syms) {
    symNameOff.push(str.length);
    for (const c of Buffer.from(s.name)) str.push(c);
    str.push(0);
  }
  const strOff = off;
  off += str.length;
  off = (off + 3) & ~3;
  const symOff = off;
  off += 16 * (syms.length + 1);
  const shoff = off;
  const nsec = secNames.length;
  off += nsec * 40;
  const b = Buffer.alloc(off);
  b.set([0x7f, 0x45, 0x4c, 0x46, opts.elfClass ?? 1, 1, 1, 0]);
  b.writeUInt16LE(opts.type ?? 2, 16);
  b.writeUInt16LE(opts.machine, 18);
  b.writeUInt32LE(1, 20);
  b.writeUInt32LE(opts.entry ?? segs[0]?.vaddr ?? 0, 24);
  b.writeUInt32LE(phoff, 28);
  b.writeUInt32LE(shoff, 32);
  b.writeUInt16LE(52, 40);
  b.writeUInt16LE(32, 42);
  b.writeUInt16LE(segs.length, 44);
  b.writeUInt16LE(40, 46);
  b.writeUInt16LE(nsec, 48);
  b.writeUInt16LE(segs.length + 1, 50);
  segs.forEach((s, i) => {
    const p = phoff + i * 32;
    b.writeUInt32LE(1, p);
    b.writeUInt32LE(dataOffs[i], p + 4);
    b.writeUInt32LE(s.vaddr >>> 0, p + 8);
    b.writeUInt32LE((s.paddr ?? s.vaddr) >>> 0, p + 12);
    b.writeUInt32LE(s.nobits ? 0 : s.data.length, p + 16);
    b.writeUInt32LE(s.memsz ?? s.data.length, p + 20);
    b.writeUInt32LE(s.flags ?? 5, p + 24);
    b.writeUInt32LE(4, p + 28);
    if (!s.nobits) b.set(s.data, dataOffs[i]);
  });
  b.set(shstr, shstrOff);
  b.set(str, strOff);
  syms.forEach((s, i) => {
    const p = symOff + 16 * (i + 1);
    b.writeUInt32LE(symNameOff[i], p);
    b.writeUInt32LE(s.value >>> 0, p + 4);
    b.writeUInt32LE(s.size, p + 8);
    b[p + 12] = (1 << 4) | s.type;
    b.writeUInt16LE(s.section ?? 1, p + 14);
  });
  const sh = (i: number, name: number, type: number, flags: number, addr: number, o: number, size: number, link = 0, entsize = 0) => {
    const p = shoff + i * 40;
    b.writeUInt32LE(name, p);
    b.writeUInt32LE(type, p + 4);
    b.writeUInt32LE(flags, p + 8);
    b.writeUInt32LE(addr >>> 0, p + 12);
    b.writeUInt32LE(o, p + 16);
    b.writeUInt32LE(size, p + 20);
    b.writeUInt32LE(link, p + 24);
    b.writeUInt32LE(0, p + 28);
    b.writeUInt32LE(4, p + 32);
    b.writeUInt32LE(entsize, p + 36);
  };
  segs.forEach((s, i) => {
    const fl = 2 | ((s.flags ?? 5) & 1 ? 4 : 0) | ((s.flags ?? 5) & 2 ? 1 : 0);
    sh(i + 1, shNameOff[i + 1], s.nobits ? 8 : 1, fl, s.vaddr, dataOffs[i], s.memsz ?? s.data.length);
  });
  const k = segs.length + 1;
  sh(k, shNameOff[k], 3, 0, 0, shstrOff, shstr.length);
  sh(k + 1, shNameOff[k + 1], 3, 0, 0, strOff, str.length);
  sh(k + 2, shNameOff[k + 2], 2, 0, 0, symOff, 16 * (syms.length + 1), k + 1, 16);
  return b;
}

/**
 * Footprint of an image against its board: flash and RAM per section, per symbol and per
 * component, and the share of each memory region's limit in use.
 */
import type { BoardDesc } from '../peripherals/boards/types.js';
import { findRegion, type ElfImage } from './elf.js';

export interface SectionUse {
  name: string;
  /** Run address. */
  addr: number;
  /** Load address (differs from addr for initialised data copied from flash). */
  lma: number;
  size: number;
  /** Bytes this section takes in flash (its load image). */
  flash: number;
  /** Bytes this section takes in RAM at run time. */
  ram: number;
}

export interface RegionUse {
  name: string;
  kind: string;
  base: number;
  limit: number;
  used: number;
  share: number;
}

export interface SymbolUse {
  name: string;
  addr: number;
  size: number;
  type: 'func' | 'object' | 'other';
  memory: 'flash' | 'ram';
  section: string;
}

export interface ComponentUse {
  name: string;
  flash: number;
  ram: number;
  symbols: number;
}

export interface Footprint {
  board: string;
  flash: number;
  ram: number;
  flashLimit: number;
  ramLimit: number;
  sections: SectionUse[];
  regions: RegionUse[];
  symbols: SymbolUse[];
  components: ComponentUse[];
}

/** A component groups symbols whose name matches one of its patterns. */
export interface ComponentRule {
  name: string;
  match: RegExp;
}

export function computeFootprint(img: ElfImage, board: BoardDesc, components: ComponentRule[] = []): Footprint {
  const sections: SectionUse[] = [];
  const regionUse = new Map<string, number>();
  for (const s of img.sections) {
    if (!s.alloc || s.size === 0) continue;
    const runRegion = findRegion(board.memory, s.addr);
    const loadRegion = s.nobits ? undefined : findRegion(board.memory, s.lma);
    // Bytes in the flash image: sections loaded from a non-RAM region, and on boards whose boot ROM
    // copies the RAM segments out of the flash image (ESP8266), every initialised RAM section too.
    const flash = loadRegion && (loadRegion.kind !== 'ram' || board.ramImageInFlash === true) ? s.size : 0;
    const ram = runRegion && runRegion.kind === 'ram' ? s.size : 0;
    if (loadRegion && !s.nobits) regionUse.set(loadRegion.name, (regionUse.get(loadRegion.name) ?? 0) + s.size);
    if (runRegion && runRegion !== loadRegion) regionUse.set(runRegion.name, (regionUse.get(runRegion.name) ?? 0) + s.size);
    sections.push({ name: s.name, addr: s.addr, lma: s.lma, size: s.size, flash, ram });
  }
  const regions: RegionUse[] = board.memory.map((m) => {
    const used = regionUse.get(m.name) ?? 0;
    return { name: m.name, kind: m.kind, base: m.base, limit: m.size, used, share: used / m.size };
  });
  // The flash the firmware image may fill: the board's flash regions (not boot ROM or OTP), or every
  // non-RAM region on a board that declares no flash.
  const flashRegions = board.memory.some((m) => m.kind === 'flash') ? board.memory.filter((m) => m.kind === 'flash') : board.memory.filter((m) => m.kind !== 'ram');
  const flashLimit = flashRegions.reduce((a, m) => a + m.size, 0);
  const ramLimit = board.memory.filter((m) => m.kind === 'ram').reduce((a, m) => a + m.size, 0);

  const symbols: SymbolUse[] = [];
  const secByName = new Map(img.sections.map((s) => [s.name, s]));
  for (const sym of img.symbols) {
    if (sym.size === 0 || sym.shndx === 0 || sym.type === 3 || sym.type === 4) continue;
    const sec = secByName.get(sym.section);
    const r = findRegion(board.memory, sym.value);
    if (!r) continue;
    const inRam = r.kind === 'ram';
    symbols.push({
      name: sym.name,
      addr: sym.value,
      size: sym.size,
      type: sym.type === 2 ? 'func' : sym.type === 1 ? 'object' : 'other',
      memory: inRam ? 'ram' : 'flash',
      section: sec?.name ?? sym.section,
    });
    // Initialised data lives in both: it is counted as RAM here (its flash copy shows per section).
  }
  symbols.sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));

  const comps = new Map<string, ComponentUse>();
  for (const c of components) comps.set(c.name, { name: c.name, flash: 0, ram: 0, symbols: 0 });
  const other: ComponentUse = { name: 'other', flash: 0, ram: 0, symbols: 0 };
  for (const s of symbols) {
    const rule = components.find((c) => c.match.test(s.name));
    const c = rule ? comps.get(rule.name)! : other;
    if (s.memory === 'ram') c.ram += s.size;
    else c.flash += s.size;
    c.symbols++;
  }
  return {
    board: board.name,
    flash: sections.reduce((a, s) => a + s.flash, 0),
    ram: sections.reduce((a, s) => a + s.ram, 0),
    flashLimit,
    ramLimit,
    sections,
    regions,
    symbols,
    components: [...comps.values(), other],
  };
}

function pct(a: number, b: number): string {
  return b > 0 ? ((100 * a) / b).toFixed(1) + '%' : '-';
}

export function formatFootprint(fp: Footprint, top = 10): string {
  const lines: string[] = [];
  lines.push(`board ${fp.board}: flash ${fp.flash} / ${fp.flashLimit} bytes (${pct(fp.flash, fp.flashLimit)}), RAM ${fp.ram} / ${fp.ramLimit} bytes (${pct(fp.ram, fp.ramLimit)})`);
  lines.push('');
  lines.push('section                  address     size     flash       RAM');
  for (const s of fp.sections) {
    lines.push(
      `${s.name.padEnd(22)} 0x${s.addr.toString(16).padStart(8, '0')} ${String(s.size).padStart(8)} ${String(s.flash).padStart(9)} ${String(s.ram).padStart(9)}`,
    );
  }
  lines.push('');
  lines.push('region       used / limit');
  for (const r of fp.regions) lines.push(`${r.name.padEnd(12)} ${r.used} / ${r.limit} (${pct(r.used, r.limit)})`);
  if (fp.components.length > 1) {
    lines.push('');
    lines.push('component            flash      RAM  symbols');
    for (const c of fp.components) lines.push(`${c.name.padEnd(18)} ${String(c.flash).padStart(7)} ${String(c.ram).padStart(8)} ${String(c.symbols).padStart(8)}`);
  }
  lines.push('');
  lines.push(`largest symbols (top ${top}):`);
  for (const s of fp.symbols.slice(0, top)) {
    lines.push(`  ${String(s.size).padStart(7)}  ${s.memory.padEnd(5)} ${s.type.padEnd(6)} ${s.name}`);
  }
  return lines.join('\n');
}

/**
 * The system bus: memory regions (flash, RAM, ROM) backed by typed arrays, MMIO devices, and
 * faults on unmapped or forbidden accesses.
 *
 * Lookup is a page table of 4 KiB pages, one table for reads and one for writes:
 *   0                 unmapped        -> BusFault
 *   1..32767          memory region index + 1 (page wholly inside the region, permission granted)
 *   -1..-32767        MMIO device index + 1
 *   SLOW (-32768)     partial page or a write to read-only memory: decided by the slow path
 * RAM and flash take the first branch: one table load, one typed-array access.
 *
 * Faults are reported by throwing the bus's preallocated `BusFault` object; the CPU catches it at
 * the instruction boundary and raises its architecture's exception (BusFault, access fault, ...).
 *
 * Every access adds the target's wait states to `stall`; the CPU's timing model consumes it.
 * Values: 8/16-bit reads return zero-extended numbers, 32-bit reads return a signed int32.
 * All targets are little-endian.
 */

export type AccessKind = 'read' | 'write' | 'fetch';

export class BusFault {
  addr = 0;
  size = 0;
  kind: AccessKind = 'read';
  reason = '';
  /** Marker so catch blocks can tell a guest bus fault from a host bug. */
  readonly isBusFault = true;
  describe(): string {
    const a = '0x' + (this.addr >>> 0).toString(16).padStart(8, '0');
    return `${this.kind} of ${this.size} byte(s) at ${a}: ${this.reason}`;
  }
}

export function isBusFault(e: unknown): e is BusFault {
  return typeof e === 'object' && e !== null && (e as BusFault).isBusFault === true;
}

export type RegionKind = 'flash' | 'ram' | 'rom';

export interface MemoryRegionDesc {
  name: string;
  base: number;
  size: number;
  kind: RegionKind;
  /** Access rights: any of r, w, x. */
  access: string;
  /** Wait states added to a data read / write / instruction fetch (core cycles). Default 0. */
  readWait?: number;
  writeWait?: number;
  fetchWait?: number;
  /** Where this figure comes from (datasheet section). */
  source?: string;
}

/** Timing of instruction fetches through a cache or prefetch buffer (owned by a board peripheral). */
export interface FetchModel {
  /** Extra core cycles (wait states) to fetch the aligned `lineBytes` word/line holding addr. */
  fetch(addr: number): number;
  /** Bytes delivered by one fetch (the core calls fetch once per such unit it consumes). */
  readonly fetchBytes: number;
  /** Hits and misses so far (for stall reports). */
  readonly hits: number;
  readonly misses: number;
}

/**
 * Timing of data reads through a controller whose cost depends on the access sequence (a serial
 * flash read in memory-mapped mode). Returns the wait states of a read of `size` bytes at addr.
 */
export interface ReadModel {
  read(addr: number, size: number): number;
}

export class MemRegion {
  readonly end: number;
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly i32: Int32Array;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly executable: boolean;
  readonly readWait: number;
  readonly writeWait: number;
  readonly fetchWait: number;
  /**
   * Optional handler for writes the region does not accept directly (flash programming through a
   * controller). Returns true when the write was handled, false to fault.
   */
  writeHook: ((offset: number, size: number, value: number) => boolean) | null = null;
  /**
   * Predecoded-instruction cache owned by the CPU (one entry per 2^codeShift bytes), cleared by the
   * bus when the memory under it is written. Null until the CPU executes from this region.
   */
  codeCache: Int32Array | null = null;
  codeShift = 1;
  /**
   * Optional dynamic fetch-timing model in front of this region (flash cache, XIP I-cache).
   * When set, the CPU calls it for instruction fetches instead of adding the flat fetchWait.
   */
  fetchModel: FetchModel | null = null;
  /** Optional dynamic data-read timing (replaces the flat readWait when set). */
  readModel: ReadModel | null = null;

  constructor(readonly desc: MemoryRegionDesc) {
    this.end = desc.base + desc.size;
    const buf = new ArrayBuffer((desc.size + 3) & ~3);
    this.u8 = new Uint8Array(buf);
    this.u16 = new Uint16Array(buf);
    this.i32 = new Int32Array(buf);
    this.readable = desc.access.includes('r');
    this.writable = desc.access.includes('w');
    this.executable = desc.access.includes('x');
    this.readWait = desc.readWait ?? 0;
    this.writeWait = desc.writeWait ?? 0;
    this.fetchWait = desc.fetchWait ?? 0;
    if (desc.kind === 'flash') this.u8.fill(0xff);
  }
  get name(): string {
    return this.desc.name;
  }
  get base(): number {
    return this.desc.base;
  }
  get size(): number {
    return this.desc.size;
  }
  contains(addr: number): boolean {
    return addr >= this.desc.base && addr < this.end;
  }
  /** Invalidates predecoded instructions overlapping [offset, offset+size). */
  invalidateCode(offset: number, size: number): void {
    const cc = this.codeCache;
    if (cc === null) return;
    const sh = this.codeShift;
    let a = (offset - 3) >> sh;
    if (a < 0) a = 0;
    const b = (offset + size - 1) >> sh;
    for (; a <= b && a < cc.length; a++) cc[a] = 0;
  }
}

/** A memory-mapped device as the bus sees it. */
export interface MmioDevice {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  /** Extra wait states for an access to this device (bus bridge), core cycles. */
  readonly waitStates: number;
  /** offset is relative to base; size is 1, 2 or 4. Returns the zero-extended value. */
  read(offset: number, size: number): number;
  write(offset: number, size: number, value: number): void;
}

const PAGE_SHIFT = 12;
const SLOW = -32768;

export class Bus {
  readonly regions: MemRegion[] = [];
  readonly devices: MmioDevice[] = [];
  private readonly rpages = new Int16Array(1 << (32 - PAGE_SHIFT));
  private readonly wpages = new Int16Array(1 << (32 - PAGE_SHIFT));
  /** Wait states accumulated by accesses since the CPU last consumed them. */
  stall = 0;
  readonly fault = new BusFault();

  addRegion(desc: MemoryRegionDesc): MemRegion {
    const r = new MemRegion(desc);
    this.checkOverlap(desc.name, desc.base, desc.size);
    this.regions.push(r);
    const id = this.regions.length;
    this.mapPages(desc.base, desc.size, r.readable ? id : 0, r.writable ? id : SLOW);
    return r;
  }

  addDevice(dev: MmioDevice): void {
    this.checkOverlap(dev.name, dev.base, dev.size);
    this.devices.push(dev);
    const id = -this.devices.length;
    this.mapPages(dev.base, dev.size, id, id);
  }

  private checkOverlap(name: string, base: number, size: number): void {
    const end = base + size;
    for (const r of this.regions) {
      if (base < r.end && r.base < end) throw new Error(`${name} overlaps memory region ${r.name}`);
    }
    for (const d of this.devices) {
      if (base < d.base + d.size && d.base < end) throw new Error(`${name} overlaps device ${d.name}`);
    }
  }

  private mapPages(base: number, size: number, rid: number, wid: number): void {
    const first = Math.floor(base / 4096);
    const last = Math.floor((base + size - 1) / 4096);
    for (let p = first; p <= last; p++) {
      const whole = p * 4096 >= base && (p + 1) * 4096 <= base + size;
      const cur = this.rpages[p];
      if (!whole || cur !== 0) {
        // Shared or partial page: resolved by the slow path.
        this.rpages[p] = SLOW;
        this.wpages[p] = SLOW;
      } else {
        this.rpages[p] = rid === 0 ? SLOW : rid;
        this.wpages[p] = wid;
      }
    }
  }

  /** The memory region holding addr, or null. */
  regionAt(addr: number): MemRegion | null {
    addr >>>= 0;
    for (const r of this.regions) if (addr >= r.base && addr < r.end) return r;
    return null;
  }

  deviceAt(addr: number): MmioDevice | null {
    addr >>>= 0;
    for (const d of this.devices) if (addr >= d.base && addr < d.base + d.size) return d;
    return null;
  }

  read8(addr: number): number {
    const id = this.rpages[addr >>> PAGE_SHIFT];
    if (id > 0) {
      const r = this.regions[id - 1];
      this.stall += r.readModel === null ? r.readWait : r.readModel.read(addr >>> 0, 1);
      return r.u8[(addr >>> 0) - r.desc.base];
    }
    if (id < 0 && id !== SLOW) return this.deviceRead(-id - 1, addr >>> 0, 1);
    return this.slowRead(addr >>> 0, 1, 'read');
  }

  read16(addr: number): number {
    const id = this.rpages[addr >>> PAGE_SHIFT];
    if (id > 0 && (addr & 0xfff) <= 0xffe) {
      const r = this.regions[id - 1];
      this.stall += r.readModel === null ? r.readWait : r.readModel.read(addr >>> 0, 2);
      const o = (addr >>> 0) - r.desc.base;
      if ((o & 1) === 0) return r.u16[o >> 1];
      return r.u8[o] | (r.u8[o + 1] << 8);
    }
    if (id < 0 && id !== SLOW) return this.deviceRead(-id - 1, addr >>> 0, 2);
    return this.slowRead(addr >>> 0, 2, 'read');
  }

  read32(addr: number): number {
    const id = this.rpages[addr >>> PAGE_SHIFT];
    if (id > 0 && (addr & 0xfff) <= 0xffc) {
      const r = this.regions[id - 1];
      this.stall += r.readModel === null ? r.readWait : r.readModel.read(addr >>> 0, 4);
      const o = (addr >>> 0) - r.desc.base;
      if ((o & 3) === 0) return r.i32[o >> 2];
      const u = r.u8;
      return u[o] | (u[o + 1] << 8) | (u[o + 2] << 16) | (u[o + 3] << 24);
    }
    if (id < 0 && id !== SLOW) return this.deviceRead(-id - 1, addr >>> 0, 4) | 0;
    return this.slowRead(addr >>> 0, 4, 'read') | 0;
  }

  write8(addr: number, value: number): void {
    const id = this.wpages[addr >>> PAGE_SHIFT];
    if (id > 0) {
      const r = this.regions[id - 1];
      this.stall += r.writeWait;
      const o = (addr >>> 0) - r.desc.base;
      r.u8[o] = value;
      if (r.codeCache !== null) r.invalidateCode(o, 1);
      return;
    }
    if (id < 0 && id !== SLOW) {
      this.deviceWrite(-id - 1, addr >>> 0, 1, value & 0xff);
      return;
    }
    this.slowWrite(addr >>> 0, 1, value & 0xff);
  }

  write16(addr: number, value: number): void {
    const id = this.wpages[addr >>> PAGE_SHIFT];
    if (id > 0 && (addr & 0xfff) <= 0xffe) {
      const r = this.regions[id - 1];
      this.stall += r.writeWait;
      const o = (addr >>> 0) - r.desc.base;
      if ((o & 1) === 0) r.u16[o >> 1] = value;
      else {
        r.u8[o] = value;
        r.u8[o + 1] = value >> 8;
      }
      if (r.codeCache !== null) r.invalidateCode(o, 2);
      return;
    }
    if (id < 0 && id !== SLOW) {
      this.deviceWrite(-id - 1, addr >>> 0, 2, value & 0xffff);
      return;
    }
    this.slowWrite(addr >>> 0, 2, value & 0xffff);
  }

  write32(addr: number, value: number): void {
    const id = this.wpages[addr >>> PAGE_SHIFT];
    if (id > 0 && (addr & 0xfff) <= 0xffc) {
      const r = this.regions[id - 1];
      this.stall += r.writeWait;
      const o = (addr >>> 0) - r.desc.base;
      if ((o & 3) === 0) r.i32[o >> 2] = value;
      else {
        const u = r.u8;
        u[o] = value;
        u[o + 1] = value >> 8;
        u[o + 2] = value >> 16;
        u[o + 3] = value >> 24;
      }
      if (r.codeCache !== null) r.invalidateCode(o, 4);
      return;
    }
    if (id < 0 && id !== SLOW) {
      this.deviceWrite(-id - 1, addr >>> 0, 4, value >>> 0);
      return;
    }
    this.slowWrite(addr >>> 0, 4, value >>> 0);
  }

  /**
   * Checks that [addr, addr+size) may be fetched as instructions and returns its region (the CPU
   * then reads the region's arrays directly and keeps its decode cache there). Throws BusFault.
   */
  fetchRegion(addr: number, size: number): MemRegion {
    addr >>>= 0;
    const r = this.regionAt(addr);
    if (r === null || !r.executable || addr + size > r.end) {
      const d = r === null ? this.deviceAt(addr) : null;
      this.raise(addr, size, 'fetch', r === null ? (d ? `instruction fetch from device ${d.name}` : 'unmapped address') : !r.executable ? `region ${r.name} is not executable` : `crosses the end of ${r.name}`);
    }
    return r!;
  }

  /** Throws the bus fault for this access. */
  raise(addr: number, size: number, kind: AccessKind, reason: string): never {
    const f = this.fault;
    f.addr = addr >>> 0;
    f.size = size;
    f.kind = kind;
    f.reason = reason;
    throw f;
  }

  /** A page wholly inside one device: dispatch without searching. */
  private deviceRead(i: number, addr: number, size: number): number {
    const d = this.devices[i];
    const off = addr - d.base;
    if (off + size > d.size) return this.slowRead(addr, size, 'read');
    this.stall += d.waitStates;
    return d.read(off, size) >>> 0;
  }

  private deviceWrite(i: number, addr: number, size: number, value: number): void {
    const d = this.devices[i];
    const off = addr - d.base;
    if (off + size > d.size) {
      this.slowWrite(addr, size, value);
      return;
    }
    this.stall += d.waitStates;
    d.write(off, size, value);
  }

  private slowRead(addr: number, size: number, kind: AccessKind): number {
    if (addr + size > 0x1_0000_0000) this.raise(addr, size, kind, 'wraps the address space');
    const r = this.regionAt(addr);
    if (r !== null) {
      if (!r.readable) this.raise(addr, size, kind, `region ${r.name} is not readable`);
      if (addr + size > r.end) this.raise(addr, size, kind, `crosses the end of ${r.name}`);
      this.stall += r.readModel === null ? r.readWait : r.readModel.read(addr, size);
      const o = addr - r.base;
      let v = 0;
      for (let i = size - 1; i >= 0; i--) v = (v << 8) | r.u8[o + i];
      return v >>> 0;
    }
    const d = this.deviceAt(addr);
    if (d !== null) {
      if (addr + size > d.base + d.size) this.raise(addr, size, kind, `crosses the end of ${d.name}`);
      this.stall += d.waitStates;
      return d.read(addr - d.base, size) >>> 0;
    }
    return this.raise(addr, size, kind, 'unmapped address');
  }

  private slowWrite(addr: number, size: number, value: number): void {
    if (addr + size > 0x1_0000_0000) this.raise(addr, size, 'write', 'wraps the address space');
    const r = this.regionAt(addr);
    if (r !== null) {
      if (addr + size > r.end) this.raise(addr, size, 'write', `crosses the end of ${r.name}`);
      const o = addr - r.base;
      if (!r.writable) {
        if (r.writeHook !== null && r.writeHook(o, size, value)) {
          r.invalidateCode(o, size);
          return;
        }
        this.raise(addr, size, 'write', `region ${r.name} is read-only`);
      }
      this.stall += r.writeWait;
      for (let i = 0; i < size; i++) r.u8[o + i] = value >>> (8 * i);
      r.invalidateCode(o, size);
      return;
    }
    const d = this.deviceAt(addr);
    if (d !== null) {
      if (addr + size > d.base + d.size) this.raise(addr, size, 'write', `crosses the end of ${d.name}`);
      this.stall += d.waitStates;
      d.write(addr - d.base, size, value);
      return;
    }
    this.raise(addr, size, 'write', 'unmapped address');
  }

  /** Debugger/loader access: no timing, no device side effects, no faults (returns false). */
  loadBytes(addr: number, data: Uint8Array): boolean {
    addr >>>= 0;
    const r = this.regionAt(addr);
    if (r === null || addr + data.length > r.end) return false;
    r.u8.set(data, addr - r.base);
    r.invalidateCode(addr - r.base, data.length);
    return true;
  }

  /** Debugger access: reads memory without side effects; devices read as null. */
  peek8(addr: number): number | null {
    const r = this.regionAt(addr);
    return r === null ? null : r.u8[(addr >>> 0) - r.base];
  }

  peek32(addr: number): number | null {
    addr >>>= 0;
    const r = this.regionAt(addr);
    if (r === null || addr + 4 > r.end) return null;
    const o = addr - r.base;
    return (r.u8[o] | (r.u8[o + 1] << 8) | (r.u8[o + 2] << 16) | (r.u8[o + 3] << 24)) >>> 0;
  }

  /** Reads a NUL-terminated string (at most max bytes) without side effects. */
  peekString(addr: number, max = 4096): string | null {
    const bytes: number[] = [];
    for (let i = 0; i < max; i++) {
      const b = this.peek8(addr + i);
      if (b === null) return null;
      if (b === 0) break;
      bytes.push(b);
    }
    return Buffer.from(bytes).toString('latin1');
  }
}

/**
 * NVMC — Non-volatile memory controller (nRF52840 PS v1.7 "NVMC"), with the flash instruction
 * cache (ICACHECNF, IHIT, IMISS).
 *
 * Flash programming: the flash and UICR memory regions are read-only on the bus; the NVMC
 * installs their `writeHook`. With CONFIG.WEN = Wen a word-aligned 32-bit write ANDs the value
 * into flash (bits only go 1 -> 0); byte/halfword writes fault (the PS: "will result in a hard
 * fault"); writes with WEN = Ren fault too, with a message naming CONFIG. ERASEPAGE / ERASEALL /
 * ERASEUICR need CONFIG.WEN = Een. The CPU is halted during the operation (PS: "The CPU is halted
 * if the CPU executes code from the flash while the NVMC is writing"): the model charges tWRITE /
 * tERASEPAGE as bus stall cycles to the access that started it, and READY reads 1 afterwards.
 *
 * Instruction cache: a FetchModel attached to the flash region (see ./timing.ts for the geometry
 * and the penalty figures and what is assumed). With ICACHECNF.CACHEEN = 0 every 32-bit fetch
 * pays the flash wait states; with it set, a fetch hitting a valid line is free and a miss pays
 * the line fill. IHIT/IMISS count while ICACHECNF.CACHEPROFEN = 1; writing them resets them.
 */
import type { PeripheralContext, PeripheralDesc } from '../peripheral.js';
import type { FetchModel, MemRegion } from '../bus.js';
import { Peripheral } from '../peripheral.js';
import { configNumber, hubFor, type FlashController } from './common.js';
import { NRF52840_TIMING } from './timing.js';

const READY = 0x400;
const READYNEXT = 0x408;
const CONFIG = 0x504;
const ERASEPAGE = 0x508; // also ERASEPCR1 (deprecated alias)
const ERASEALL = 0x50c;
const ERASEPCR0 = 0x510;
const ERASEUICR = 0x514;
const ERASEPAGEPARTIAL = 0x518;
const ERASEPAGEPARTIALCFG = 0x51c;
const ICACHECNF = 0x540;
const IHIT = 0x548;
const IMISS = 0x54c;

const CONFIG_REN = 0;
const CONFIG_WEN = 1;
const CONFIG_EEN = 2;
const ICACHECNF_CACHEEN = 1 << 0;
const ICACHECNF_CACHEPROFEN = 1 << 8;

/** The flash instruction cache in front of the flash region (set-associative, LRU). */
export class FlashCache implements FetchModel {
  readonly fetchBytes = 4;
  /** Every hit / miss since construction (stall reports). */
  hits = 0;
  misses = 0;
  /** The IHIT / IMISS registers: count only while profiling is enabled. */
  profHits = 0;
  profMisses = 0;
  enabled = false;
  profiling = false;
  private readonly tags: Int32Array;
  private readonly lru: Uint8Array; // per set: index of the least recently used way (2 ways) / age order
  private readonly sets: number;
  private readonly lineShift: number;
  /** Line of the previous fetch (-1 after an invalidation). */
  private lastLine = -1;

  constructor(
    readonly bytes: number,
    readonly ways: number,
    readonly lineBytes: number,
    /** Wait states per 32-bit fetch with the cache off. */
    readonly uncachedWait: number,
    /** Wait states for a line fill on a miss. */
    readonly missPenalty: number,
  ) {
    if (bytes % (ways * lineBytes) !== 0 || (lineBytes & (lineBytes - 1)) !== 0) {
      throw new Error(`flash cache geometry ${bytes} B / ${ways} ways / ${lineBytes} B lines is not valid`);
    }
    this.sets = bytes / (ways * lineBytes);
    this.lineShift = Math.log2(lineBytes);
    this.tags = new Int32Array(this.sets * ways).fill(-1);
    this.lru = new Uint8Array(this.sets * ways);
    this.invalidate();
  }

  invalidate(): void {
    this.lastLine = -1;
    this.tags.fill(-1);
    for (let s = 0; s < this.sets; s++) for (let w = 0; w < this.ways; w++) this.lru[s * this.ways + w] = w;
  }

  fetch(addr: number): number {
    if (!this.enabled) return this.uncachedWait;
    const line = (addr >>> this.lineShift) | 0;
    // The line fetched last is the most recently used way of its set: a hit that changes nothing.
    if (line === this.lastLine) {
      this.hits++;
      if (this.profiling) this.profHits++;
      return 0;
    }
    this.lastLine = line;
    const set = line % this.sets;
    const base = set * this.ways;
    const tags = this.tags;
    const lru = this.lru;
    for (let w = 0; w < this.ways; w++) {
      if (tags[base + w] === line) {
        this.touch(base, w);
        this.hits++;
        if (this.profiling) this.profHits++;
        return 0;
      }
    }
    // Miss: replace the least recently used way (age == ways - 1).
    let victim = 0;
    for (let w = 0; w < this.ways; w++) if (lru[base + w] === this.ways - 1) victim = w;
    tags[base + victim] = line;
    this.touch(base, victim);
    this.misses++;
    if (this.profiling) this.profMisses++;
    return this.missPenalty;
  }

  /** Makes way w the most recently used (age 0), ageing the ways younger than it. */
  private touch(base: number, w: number): void {
    const lru = this.lru;
    const age = lru[base + w];
    for (let i = 0; i < this.ways; i++) if (lru[base + i] < age) lru[base + i]++;
    lru[base + w] = 0;
  }
}

export class NrfNvmc extends Peripheral implements FlashController {
  private config = CONFIG_REN;
  private icachecnf = 0;
  private readonly flash: MemRegion | null;
  private readonly uicr: MemRegion | null;
  private readonly pageSize: number;
  readonly cache: FlashCache;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    const name = (k: string, d: string) => {
      const v = desc.config?.[k];
      return typeof v === 'string' ? v : d;
    };
    this.flash = ctx.bus.regions.find((r) => r.name === name('flashRegion', 'flash')) ?? null;
    this.uicr = ctx.bus.regions.find((r) => r.name === name('uicrRegion', 'uicr')) ?? null;
    this.pageSize = configNumber(desc, 'pageSize', 4096);
    const T = NRF52840_TIMING;
    this.cache = new FlashCache(
      configNumber(desc, 'cacheBytes', T.cacheBytes),
      configNumber(desc, 'cacheWays', T.cacheWays),
      configNumber(desc, 'cacheLineBytes', T.cacheLineBytes),
      configNumber(desc, 'flashWaitCacheOff', T.flashWaitCacheOff),
      configNumber(desc, 'cacheMissPenalty', T.cacheMissPenalty),
    );
    if (this.flash !== null) {
      this.flash.writeHook = (o, size, v) => this.program(this.flash!, o, size, v);
      this.flash.fetchModel = this.cache;
    }
    if (this.uicr !== null) this.uicr.writeHook = (o, size, v) => this.program(this.uicr!, o, size, v);
    hubFor(ctx).nvmc = this;
  }

  beginWrite(what: string, addr: number, size: number): void {
    if (this.config !== CONFIG_WEN) {
      this.ctx.bus.raise(addr, size, 'write', `${what} write while NVMC.CONFIG.WEN is not Wen (writes need NVMC.CONFIG = 1)`);
    }
    if (size !== 4 || (addr & 3) !== 0) {
      this.ctx.bus.raise(addr, size, 'write', `${what} is written by whole aligned 32-bit words only (NVMC)`);
    }
    this.stallUs(NRF52840_TIMING.flashWriteUs);
  }

  private stallUs(us: number): void {
    this.ctx.bus.stall += Math.ceil((us * this.ctx.clock.hz) / 1e6);
  }

  /** A CPU write to flash or UICR. */
  private program(r: MemRegion, offset: number, size: number, value: number): boolean {
    this.beginWrite(r.name, r.base + offset, size);
    r.i32[offset >> 2] &= value | 0;
    this.cacheWrite();
    return true;
  }

  private cacheWrite(): void {
    // Flash contents changed under the cache: drop it (the emulator does not track cached data).
    this.cache.invalidate();
  }

  private erase(r: MemRegion, offset: number, len: number, us: number): void {
    r.u8.fill(0xff, offset, offset + len);
    r.invalidateCode(offset, len);
    this.stallUs(us);
    this.cacheWrite();
  }

  readReg(offset: number): number {
    switch (offset) {
      case READY:
      case READYNEXT:
        return 1;
      case CONFIG:
        return this.config;
      case ICACHECNF:
        return this.icachecnf;
      case IHIT:
        return this.cache.profHits >>> 0;
      case IMISS:
        return this.cache.profMisses >>> 0;
      case ERASEPAGE:
      case ERASEALL:
      case ERASEPCR0:
      case ERASEUICR:
      case ERASEPAGEPARTIAL:
        return 0;
      case ERASEPAGEPARTIALCFG:
        return 0;
    }
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    switch (offset) {
      case CONFIG:
        this.config = value & 3;
        return;
      case ICACHECNF:
        this.icachecnf = value & (ICACHECNF_CACHEEN | ICACHECNF_CACHEPROFEN);
        if (!(this.icachecnf & ICACHECNF_CACHEEN)) this.cache.invalidate();
        this.cache.enabled = (this.icachecnf & ICACHECNF_CACHEEN) !== 0;
        this.cache.profiling = (this.icachecnf & ICACHECNF_CACHEPROFEN) !== 0;
        return;
      case IHIT:
        this.cache.profHits = 0;
        return;
      case IMISS:
        this.cache.profMisses = 0;
        return;
      case ERASEPAGE:
      case ERASEPCR0:
      case ERASEPAGEPARTIAL:
        this.erasePage(value >>> 0);
        return;
      case ERASEALL:
        if (value & 1) {
          this.needErase('ERASEALL');
          if (this.flash) this.erase(this.flash, 0, this.flash.size, 0);
          if (this.uicr) this.erase(this.uicr, 0, this.uicr.size, 0);
          hubFor(this.ctx).uicr?.eraseAll();
          this.stallUs(NRF52840_TIMING.flashEraseAllUs);
        }
        return;
      case ERASEUICR:
        if (value & 1) {
          this.needErase('ERASEUICR');
          if (this.uicr) this.erase(this.uicr, 0, this.uicr.size, 0);
          hubFor(this.ctx).uicr?.eraseAll();
          this.stallUs(NRF52840_TIMING.flashEraseUicrUs);
        }
        return;
      case ERASEPAGEPARTIALCFG:
        return;
      case READY:
      case READYNEXT:
        return;
    }
    this.unimplemented(offset, true);
  }

  private needErase(reg: string): void {
    if (this.config !== CONFIG_EEN) {
      this.ctx.bus.raise(this.base + ERASEPAGE, 4, 'write', `NVMC.${reg} while CONFIG.WEN is not Een (erasing needs NVMC.CONFIG = 2)`);
    }
  }

  private erasePage(addr: number): void {
    this.needErase('ERASEPAGE');
    const r = this.flash;
    if (r === null || addr < r.base || addr >= r.end) {
      this.ctx.diag.warnOnce(`${this.name}:erase:${addr}`, `warning: NVMC.ERASEPAGE 0x${addr.toString(16)} is not a flash page address (ignored)`);
      return;
    }
    const off = (addr - r.base) & ~(this.pageSize - 1);
    this.erase(r, off, this.pageSize, NRF52840_TIMING.flashErasePageUs);
  }

  override reset(): void {
    this.config = CONFIG_REN;
    this.icachecnf = 0;
    this.cache.enabled = false;
    this.cache.profiling = false;
    this.cache.invalidate();
  }
}

export function createNvmc(desc: PeripheralDesc, ctx: PeripheralContext): NrfNvmc {
  return new NrfNvmc(desc, ctx);
}

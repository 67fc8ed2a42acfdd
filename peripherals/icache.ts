/**
 * A set-associative (2-way, LRU) instruction cache in front of a serial flash, as a bus fetch-timing
 * model: a hit costs nothing beyond the pipelined fetch, a miss refills the whole line. Shared by
 * the FE310 (E31 I-cache in front of the QSPI flash, peripherals/fe310/qspi.ts) and the ESP8266
 * (flash cache, peripherals/esp8266/flashcache.ts); the owning controller sets the miss cost, or
 * gives a FlashLink whose transfer cost depends on the access sequence.
 */
import type { FetchModel } from './bus.js';

/** The controller's serial link as seen by memory-mapped reads: wait cycles of a read of `bytes` at flash address addr. */
export interface FlashLink {
  transfer(addr: number, bytes: number): number;
}

export class ICache implements FetchModel {
  readonly fetchBytes: number;
  /** When set, misses are line reads on this link (sequential fills continue the transaction); else each costs missCycles. */
  link: FlashLink | null = null;
  hits = 0;
  misses = 0;
  readonly sets: number;
  readonly ways = 2;
  /** Line number (address >>> lineShift) held by each way, -1 when empty. */
  private readonly tags: Int32Array;
  /** Way to replace next per set (LRU for 2 ways). */
  private readonly lru: Uint8Array;
  private readonly lineShift: number;
  private readonly setMask: number;
  /** Current miss cost in core cycles (recomputed when the controller is reprogrammed). */
  missCycles = 0;

  constructor(sizeBytes = 16384, lineBytes = 32) {
    const pow2 = (v: number) => Number.isInteger(v) && v > 0 && (v & (v - 1)) === 0;
    if (!pow2(lineBytes) || !pow2(sizeBytes) || sizeBytes < 2 * lineBytes) {
      throw new Error(`I-cache: size ${sizeBytes} and line ${lineBytes} bytes must be powers of two with at least one set of two ways`);
    }
    this.fetchBytes = lineBytes;
    this.lineShift = 31 - Math.clz32(lineBytes);
    this.sets = sizeBytes / (lineBytes * 2);
    this.setMask = this.sets - 1;
    this.tags = new Int32Array(this.sets * 2).fill(-1);
    this.lru = new Uint8Array(this.sets);
  }

  /** Extra cycles to fetch the line holding addr: 0 on a hit, the refill cost on a miss. */
  fetch(addr: number): number {
    const line = addr >>> this.lineShift;
    const set = line & this.setMask;
    const i = set << 1;
    const tags = this.tags;
    if (tags[i] === line) {
      this.lru[set] = 1;
      this.hits++;
      return 0;
    }
    if (tags[i + 1] === line) {
      this.lru[set] = 0;
      this.hits++;
      return 0;
    }
    const way = this.lru[set];
    tags[i + way] = line;
    this.lru[set] = way ^ 1;
    this.misses++;
    return this.link === null ? this.missCycles : this.link.transfer(line << this.lineShift, this.fetchBytes);
  }

  /** Empties the cache (FENCE.I does not need it: the model caches timing, not contents). */
  invalidate(): void {
    this.tags.fill(-1);
    this.lru.fill(0);
  }

}

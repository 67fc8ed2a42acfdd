/**
 * ESP8266EX flash cache: code and read-only data at 0x40200000 are read from the SPI flash through
 * the cache that occupies part of the 64 KiB instruction RAM (ESP8266EX datasheet §3.1.2: 64 KiB
 * IRAM of which 32 KiB serve as flash cache by default; SDK linker scripts: iram1_0_seg 0x40100000
 * 32 KiB, irom0_0_seg 0x40201010...). This model sits on the flash controller's register window
 * (SPI0, 0x60000200; its registers are not modelled: accesses warn and read 0) and attaches a timing
 * model to the flash region: instruction fetches and data loads from flash hit or miss in a cache
 * (the shared 2-way LRU model of peripherals/icache.ts).
 *
 * Figures (data, [check] where not read in a document):
 *   cache size 32 KiB (datasheet §3.1.2) — associativity and line size are not published: 2-way
 *     [check], 32-byte lines [check];
 *   miss = one SPI flash read of a line: the SDK's default flash mode is QIO at 40 MHz SPI clock
 *     (ESP8266 flash download tool defaults) [check]; a fast-read quad I/O (0xEB) transaction is
 *     8 command clocks + 6 address clocks (24 bits on 4 lanes) + 6 mode/dummy clocks + 2 clocks per
 *     byte of data → 20 + 2 x 32 = 84 SPI clocks = 2.1 µs per line, i.e. 168 cycles at 80 MHz CPU,
 *     336 at 160 MHz (the flash runs at the same speed when the CPU clock doubles).
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';
import { ICache } from '../icache.js';

export class Esp8266FlashCache extends Peripheral {
  readonly cache: ICache;
  private readonly spiHz: number;
  private readonly lineClocks: number;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    const c = desc.config ?? {};
    const line = (c.lineBytes as number | undefined) ?? 32;
    this.cache = new ICache((c.cacheBytes as number | undefined) ?? 32768, line);
    this.spiHz = (c.spiHz as number | undefined) ?? 40_000_000;
    const overhead = (c.overheadClocks as number | undefined) ?? 20;
    const perByte = (c.clocksPerByte as number | undefined) ?? 2;
    this.lineClocks = overhead + perByte * line;
    const flashBase = (c.flashBase as number | undefined) ?? 0x4020_0000;
    const region = ctx.bus.regionAt(flashBase);
    if (!region) throw new Error(`${desc.name}: no memory region at the flash base 0x${flashBase.toString(16)}`);
    region.fetchModel = this.cache;
    region.readModel = { read: (addr: number) => this.cache.fetch(addr) };
    this.recompute();
    ctx.clock.onChange(() => this.recompute());
  }

  /** Miss cost in core cycles at the current core clock. */
  private recompute(): void {
    this.cache.missCycles = Math.ceil((this.lineClocks * this.ctx.clock.hz) / this.spiHz);
  }

  override reset(): void {
    this.cache.invalidate();
    this.recompute();
  }

  readReg(offset: number): number {
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number): void {
    this.unimplemented(offset, true);
  }
}

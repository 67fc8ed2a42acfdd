/**
 * FE310-G002 QSPI0 flash controller (base 0x10014000, PLIC source 5) and the E31 instruction
 * cache in front of the memory-mapped flash (0x20000000).
 *
 * Registers: FE310-G002 Manual v1p1, chapter 19 "Serial Peripheral Interface (SPI)": sckdiv 0x00
 * (reset 3; f_sck = f_in / (2 (div + 1))), sckmode 0x04, csid 0x10, csdef 0x14, csmode 0x18,
 * delay0 0x28 (cssck 7:0, sckcs 23:16; reset 1/1), delay1 0x2C, fmt 0x40, txdata 0x48 (full 31),
 * rxdata 0x4C (empty 31), txmark 0x50, rxmark 0x54, fctrl 0x60 (en 0, reset 1), ffmt 0x64
 * (cmd_en 0, addr_len 3:1, pad_cnt 7:4, cmd_proto 9:8, addr_proto 11:10, data_proto 13:12,
 * cmd_code 23:16, pad_code 31:24; reset: read command 0x03, 3 address bytes, all single-lane),
 * ie 0x70, ip 0x74.
 *
 * I-cache: E31 Core Complex Manual §3.1 / FE310-G002 manual ch. 3: 16 KiB, 2-way set associative,
 * 32-byte lines. Model: 256 sets, LRU replacement; a hit costs nothing beyond the pipelined fetch;
 * a miss refills the whole 32-byte line through one flash read transaction in the memory-mapped
 * format programmed in ffmt, costing (in core cycles, with f_in = tlclk = core clock):
 *   2 (sckdiv + 1) x [ cssck + (cmd_en ? 8 / lanes(cmd_proto) : 0) + 8 addr_len / lanes(addr_proto)
 *                       + pad_cnt + 256 / lanes(data_proto) + sckcs ]
 * (critical-word-first delivery is not modelled: the core waits for the full line). With the reset
 * settings this is 8 x (1 + 8 + 24 + 256 + 1) = 2320 cycles per miss; firmware that switches to
 * quad I/O and a small sckdiv brings it down to tens of cycles (RIOT, freedom-metal).
 * Sequential reads continue the open transaction: the controller keeps chip select asserted after a
 * memory-mapped read, and a read whose first byte follows the last byte transferred only clocks its
 * data ("merge" in the SPIFlashMap of SiFive's sifive-blocks, which the FE310 instantiates). So a
 * line fill or a data load costs the full transaction above after a jump, and only
 * 2 (sckdiv + 1) x 8 bytes / lanes(data_proto) when it continues where the previous one ended.
 * Data loads from the memory-mapped flash do not go through the I-cache (the E31 on the FE310 has no
 * data cache): each is a read of its own size (1, 2 or 4 bytes) on the same link, charged as the
 * flash region's read wait states through the bus's ReadModel hook. At the reset settings a word
 * load after a jump costs 8 x (1 + 8 + 24 + 32 + 1) = 528 cycles, a sequential one 8 x 32 = 256.
 * Not modelled [check]: the TileLink crossing to the controller, CS de-assertion by other traffic.
 * Direct (non memory-mapped) transfers through txdata complete at once; every byte sent shifts in
 * 0x00 from the flash (enough for status polling, e.g. WIP = 0).
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';
import { ICache, type FlashLink } from '../icache.js';


export const QSPI_SCKDIV = 0x00;
export const QSPI_SCKMODE = 0x04;
export const QSPI_CSID = 0x10;
export const QSPI_CSDEF = 0x14;
export const QSPI_CSMODE = 0x18;
export const QSPI_DELAY0 = 0x28;
export const QSPI_DELAY1 = 0x2c;
export const QSPI_FMT = 0x40;
export const QSPI_TXDATA = 0x48;
export const QSPI_RXDATA = 0x4c;
export const QSPI_TXMARK = 0x50;
export const QSPI_RXMARK = 0x54;
export const QSPI_FCTRL = 0x60;
export const QSPI_FFMT = 0x64;
export const QSPI_IE = 0x70;
export const QSPI_IP = 0x74;

const LANES = [1, 2, 4, 4];
const DELAY0_RESET = 0x00010001;
const DELAY1_RESET = 0x00000001;
const FMT_RESET = 0x00080008; // single lane, len 8
const FFMT_RESET = (0x03 << 16) | (3 << 1) | 1; // read command 0x03, 3 address bytes, cmd_en

export class Qspi extends Peripheral implements FlashLink {
  readonly icache: ICache;
  /** Flash address following the last byte the link transferred; -1 when no transaction is open. */
  private next = -1;
  /** Core cycles per SCK cycle, and the fixed (command, address, pad, CS delays) part of a fresh read. */
  private sckCore = 8;
  private headSck = 0;
  private dataBitsPerSck = 1;
  private sckdiv = 3;
  private sckmode = 0;
  private csid = 0;
  private csdef = 1;
  private csmode = 0;
  private delay0 = DELAY0_RESET;
  private delay1 = DELAY1_RESET;
  private fmt = FMT_RESET;
  private txmark = 0;
  private rxmark = 0;
  private fctrl = 1;
  private ffmt = FFMT_RESET;
  private ie = 0;
  private readonly rx: number[] = [];

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    const c = desc.config ?? {};
    this.icache = new ICache((c.icacheBytes as number | undefined) ?? 16384, (c.lineBytes as number | undefined) ?? 32);
    const flashBase = (c.flashBase as number | undefined) ?? 0x2000_0000;
    const region = ctx.bus.regionAt(flashBase);
    if (!region) throw new Error(`${desc.name}: no memory region at the flash base 0x${flashBase.toString(16)}`);
    region.fetchModel = this.icache;
    region.readModel = { read: (addr: number, size: number) => this.transfer(addr, size) };
    this.icache.link = this;
    this.recompute();
  }

  /** Reset: controller registers to their reset values, FIFO empty, I-cache invalidated. */
  override reset(): void {
    this.sckdiv = 3;
    this.sckmode = this.csid = this.csmode = this.txmark = this.rxmark = this.ie = 0;
    this.csdef = 1;
    this.delay0 = DELAY0_RESET;
    this.delay1 = DELAY1_RESET;
    this.fmt = FMT_RESET;
    this.fctrl = 1;
    this.ffmt = FFMT_RESET;
    this.rx.length = 0;
    this.icache.invalidate();
    this.recompute();
  }

  /** SCK cycles of one memory-mapped line read opening a transaction, per the ffmt/delay0 settings. */
  get lineSckCycles(): number {
    return this.headSck + (8 * 32) / this.dataBitsPerSck;
  }

  private recompute(): void {
    const f = this.ffmt;
    const cmd = f & 1 ? 8 / LANES[(f >>> 8) & 3] : 0;
    const addr = (8 * ((f >>> 1) & 7)) / LANES[(f >>> 10) & 3];
    const pad = (f >>> 4) & 0xf;
    const cssck = this.delay0 & 0xff;
    const sckcs = (this.delay0 >>> 16) & 0xff;
    this.headSck = cssck + Math.ceil(cmd) + Math.ceil(addr) + pad + sckcs;
    this.dataBitsPerSck = LANES[(f >>> 12) & 3];
    this.sckCore = 2 * (this.sckdiv + 1);
    this.icache.missCycles = this.sckCore * this.lineSckCycles;
    this.next = -1; // reprogramming the controller ends any open transaction
  }

  /** A memory-mapped read of `bytes` at flash address addr on the link: wait cycles. */
  transfer(addr: number, bytes: number): number {
    const data = Math.ceil((8 * bytes) / this.dataBitsPerSck);
    const sck = addr === this.next ? data : this.headSck + data;
    this.next = addr + bytes;
    return this.sckCore * sck;
  }


  readReg(offset: number): number {
    switch (offset) {
      case QSPI_SCKDIV:
        return this.sckdiv;
      case QSPI_SCKMODE:
        return this.sckmode;
      case QSPI_CSID:
        return this.csid;
      case QSPI_CSDEF:
        return this.csdef;
      case QSPI_CSMODE:
        return this.csmode;
      case QSPI_DELAY0:
        return this.delay0;
      case QSPI_DELAY1:
        return this.delay1;
      case QSPI_FMT:
        return this.fmt;
      case QSPI_TXDATA:
        return 0; // never full: transfers complete at once
      case QSPI_RXDATA:
        return this.rx.length ? this.rx.shift()! : 0x80000000;
      case QSPI_TXMARK:
        return this.txmark;
      case QSPI_RXMARK:
        return this.rxmark;
      case QSPI_FCTRL:
        return this.fctrl;
      case QSPI_FFMT:
        return this.ffmt;
      case QSPI_IE:
        return this.ie;
      case QSPI_IP:
        // txwm: tx FIFO below txmark (always, it drains at once); rxwm: rx FIFO above rxmark.
        return (this.txmark > 0 ? 1 : 0) | (this.rx.length > this.rxmark ? 2 : 0);
    }
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, value: number): void {
    switch (offset) {
      case QSPI_SCKDIV:
        this.sckdiv = value & 0xfff;
        this.recompute();
        return;
      case QSPI_SCKMODE:
        this.sckmode = value & 3;
        return;
      case QSPI_CSID:
        this.csid = value;
        return;
      case QSPI_CSDEF:
        this.csdef = value;
        return;
      case QSPI_CSMODE:
        this.csmode = value & 3;
        return;
      case QSPI_DELAY0:
        this.delay0 = value & 0x00ff00ff;
        this.recompute();
        return;
      case QSPI_DELAY1:
        this.delay1 = value & 0x00ff00ff;
        return;
      case QSPI_FMT:
        this.fmt = value & 0x000f000f;
        return;
      case QSPI_TXDATA:
        // dir (fmt bit 3) = 0: the received byte is queued (the flash answers 0x00).
        if (((this.fmt >>> 3) & 1) === 0 && this.rx.length < 8) this.rx.push(0);
        this.next = -1; // a direct transfer ends the memory-mapped transaction
        return;
      case QSPI_RXDATA:
        return;
      case QSPI_TXMARK:
        this.txmark = value & 7;
        return;
      case QSPI_RXMARK:
        this.rxmark = value & 7;
        return;
      case QSPI_FCTRL:
        this.fctrl = value & 1;
        this.next = -1;
        return;
      case QSPI_FFMT:
        this.ffmt = value >>> 0;
        this.recompute();
        return;
      case QSPI_IE:
        this.ie = value & 3;
        return;
      case QSPI_IP:
        return;
    }
    this.unimplemented(offset, true);
  }
}

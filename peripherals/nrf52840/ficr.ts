/**
 * FICR — Factory information configuration registers (nRF52840 PS v1.7 "FICR"), read-only at
 * 0x10000000, and UICR — User information configuration registers ("UICR"), flash-backed at
 * 0x10001000.
 *
 * FICR values describe an nRF52840-QIAA: CODEPAGESIZE 4096, CODESIZE 256 pages, INFO.PART
 * 0x52840, INFO.RAM 256 (KiB), INFO.FLASH 1024 (KiB). DEVICEID, DEVICEADDR, ER and IR are per-chip
 * random on silicon; here they come from the run seed (config.deviceId overrides DEVICEID) so runs
 * are reproducible. 0x10000130/0x10000134 are the undocumented part/revision words Nordic's errata
 * checks (nrfx) read: part 8 = nRF52840, revision config.revision (default 4 = newest known
 * silicon, so errata workarounds for early revisions are not taken).
 *
 * UICR is flash: it reads 0xFFFFFFFF when erased (PSELRESET, NFCPINS, REGOUT0, APPROTECT...),
 * config.values {offset: value} presets words as a programmed chip would have them, and CPU writes
 * go through the NVMC (CONFIG.WEN, word access, tWRITE) like flash writes.
 */
import { Peripheral, type PeripheralContext, type PeripheralDesc } from '../peripheral.js';
import { SeededRandom, configNumber, hubFor } from './common.js';

const CODEPAGESIZE = 0x010;
const CODESIZE = 0x014;
const DEVICEID0 = 0x060;
const DEVICEID1 = 0x064;
const ER0 = 0x080; // ER[0..3]
const IR0 = 0x090; // IR[0..3]
const DEVICEADDRTYPE = 0x0a0;
const DEVICEADDR0 = 0x0a4;
const DEVICEADDR1 = 0x0a8;
const INFO_PART = 0x100;
const INFO_VARIANT = 0x104;
const INFO_PACKAGE = 0x108;
const INFO_RAM = 0x10c;
const INFO_FLASH = 0x110;
const ERRATA_PART = 0x130;
const ERRATA_REVISION = 0x134;

const PART_NRF52840 = 0x52840;
const VARIANT_AAD0 = 0x41414430; // "AAD0"
const PACKAGE_QI = 0x2004;

export class NrfFicr extends Peripheral {
  private readonly words = new Map<number, number>();

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    const rnd = new SeededRandom((ctx.seed ^ 0x52840) >>> 0);
    const w = this.words;
    w.set(CODEPAGESIZE, configNumber(desc, 'codePageSize', 4096));
    w.set(CODESIZE, configNumber(desc, 'codeSize', 256));
    const id0 = rnd.next();
    const id1 = rnd.next();
    w.set(DEVICEID0, configNumber(desc, 'deviceIdLow', id0) >>> 0);
    w.set(DEVICEID1, configNumber(desc, 'deviceIdHigh', id1) >>> 0);
    for (let i = 0; i < 4; i++) w.set(ER0 + 4 * i, rnd.next());
    for (let i = 0; i < 4; i++) w.set(IR0 + 4 * i, rnd.next());
    w.set(DEVICEADDRTYPE, 1); // random static address
    w.set(DEVICEADDR0, rnd.next());
    w.set(DEVICEADDR1, rnd.next() | 0xffff0000); // upper half reads 1s on silicon (16 significant bits)
    w.set(INFO_PART, PART_NRF52840);
    w.set(INFO_VARIANT, VARIANT_AAD0);
    w.set(INFO_PACKAGE, PACKAGE_QI);
    w.set(INFO_RAM, configNumber(desc, 'ramKiB', 256));
    w.set(INFO_FLASH, configNumber(desc, 'flashKiB', 1024));
    w.set(ERRATA_PART, 8);
    w.set(ERRATA_REVISION, configNumber(desc, 'revision', 4));
  }

  readReg(offset: number): number {
    const v = this.words.get(offset);
    if (v !== undefined) return v >>> 0;
    return this.unimplemented(offset, false);
  }

  writeReg(offset: number, _value: number): void {
    // Read-only: the chip ignores writes; reported once so firmware bugs show.
    this.ctx.diag.warnOnce(`${this.name}:w`, `warning: write to read-only ${this.name} at offset 0x${offset.toString(16)} (ignored)`);
  }
}

export class NrfUicr extends Peripheral {
  readonly words: Uint32Array;

  constructor(desc: PeripheralDesc, ctx: PeripheralContext) {
    super(desc, ctx);
    this.words = new Uint32Array(desc.size >> 2).fill(0xffffffff);
    this.preset();
    hubFor(ctx).uicr = this;
  }

  private preset(): void {
    const values = this.desc.config?.values;
    if (values === undefined) return;
    if (typeof values !== 'object' || values === null) throw new Error(`peripheral ${this.name}: config.values must map offsets to words`);
    for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
      const off = Number(k);
      if (!Number.isInteger(off) || off < 0 || off >= this.size || off & 3 || typeof v !== 'number') {
        throw new Error(`peripheral ${this.name}: config.values[${k}] must be a word offset inside UICR with a numeric value`);
      }
      this.words[off >> 2] = v >>> 0;
    }
  }

  eraseAll(): void {
    this.words.fill(0xffffffff);
  }

  readReg(offset: number): number {
    return this.words[offset >> 2];
  }

  override write(offset: number, size: number, value: number): void {
    const nvmc = hubFor(this.ctx).nvmc;
    const addr = this.base + offset;
    if (nvmc === null) this.ctx.bus.raise(addr, size, 'write', 'UICR write but the board has no NVMC model');
    nvmc.beginWrite('UICR', addr, size);
    this.words[offset >> 2] &= value;
  }

  writeReg(offset: number, value: number): void {
    this.write(offset, 4, value);
  }

  override reset(): void {
    // Non-volatile: contents survive a reset.
  }
}

export function createFicr(desc: PeripheralDesc, ctx: PeripheralContext): NrfFicr {
  return new NrfFicr(desc, ctx);
}

export function createUicr(desc: PeripheralDesc, ctx: PeripheralContext): NrfUicr {
  return new NrfUicr(desc, ctx);
}

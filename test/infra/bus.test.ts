import { describe, it, expect } from 'vitest';
import { Bus, isBusFault, type MmioDevice } from '../../peripherals/bus.js';

function mkBus() {
  const bus = new Bus();
  const flash = bus.addRegion({ name: 'flash', base: 0, size: 0x10000, kind: 'flash', access: 'rx', fetchWait: 2 });
  const ram = bus.addRegion({ name: 'ram', base: 0x20000000, size: 0x1800, kind: 'ram', access: 'rwx', readWait: 0, writeWait: 1 });
  const log: string[] = [];
  const dev: MmioDevice = {
    name: 'DEV',
    base: 0x40000000,
    size: 0x100,
    waitStates: 3,
    read(o, s) {
      log.push(`r${s}@${o}`);
      return 0xcafebabe;
    },
    write(o, s, v) {
      log.push(`w${s}@${o}=${v.toString(16)}`);
    },
  };
  bus.addDevice(dev);
  return { bus, flash, ram, log };
}

function fault(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (isBusFault(e)) return { addr: e.addr, kind: e.kind, reason: e.reason, size: e.size };
    throw e;
  }
  throw new Error('expected a bus fault');
}

describe('Bus', () => {
  it('reads and writes RAM little-endian at every width and alignment', () => {
    const { bus } = mkBus();
    bus.write32(0x20000000, 0x11223344);
    expect(bus.read8(0x20000000)).toBe(0x44);
    expect(bus.read16(0x20000002)).toBe(0x1122);
    expect(bus.read32(0x20000000)).toBe(0x11223344);
    bus.write32(0x20000101, 0xdeadbeef); // unaligned
    expect(bus.read32(0x20000101) >>> 0).toBe(0xdeadbeef);
    expect(bus.read16(0x20000103)).toBe(0xdead);
    bus.write16(0x20000011, 0xabcd);
    expect(bus.read8(0x20000011)).toBe(0xcd);
    expect(bus.read8(0x20000012)).toBe(0xab);
    bus.write8(0x20000020, 0x1ff);
    expect(bus.read8(0x20000020)).toBe(0xff);
    expect(bus.read32(0x20000000 + 0x17fc)).toBe(0); // last word of a partial page
  });

  it('faults on unmapped addresses and beyond the end of a region', () => {
    const { bus } = mkBus();
    expect(fault(() => bus.read32(0x30000000))).toMatchObject({ addr: 0x30000000, kind: 'read', reason: 'unmapped address' });
    expect(fault(() => bus.read8(0x20001800))).toMatchObject({ kind: 'read' });
    expect(fault(() => bus.write32(0x200017fe, 1)).reason).toMatch(/crosses the end of ram/);
    expect(fault(() => bus.read32(0xfffffffe)).reason).toMatch(/wraps/);
  });

  it('refuses writes to flash unless a controller hook takes them', () => {
    const { bus, flash } = mkBus();
    expect(bus.read32(0x100)).toBe(-1); // erased flash
    expect(fault(() => bus.write32(0x100, 0)).reason).toMatch(/read-only/);
    const writes: string[] = [];
    flash.writeHook = (o, s, v) => {
      writes.push(`${o}:${s}:${v}`);
      flash.u8[o] &= v;
      return true;
    };
    bus.write8(0x100, 0x0f);
    expect(writes).toEqual(['256:1:15']);
    expect(bus.read8(0x100)).toBe(0x0f);
  });

  it('dispatches MMIO with offsets and sizes and counts wait states', () => {
    const { bus, log } = mkBus();
    bus.stall = 0;
    expect(bus.read32(0x40000010) >>> 0).toBe(0xcafebabe);
    bus.write16(0x40000022, 0x1234);
    expect(log).toEqual(['r4@16', 'w2@34=1234']);
    expect(bus.stall).toBe(6);
    bus.stall = 0;
    bus.write32(0x20000000, 1);
    bus.read32(0x20000000);
    expect(bus.stall).toBe(1);
    expect(fault(() => bus.read32(0x40000100)).reason).toBe('unmapped address');
  });

  it('clears predecoded instructions when code memory is written', () => {
    const { bus, ram } = mkBus();
    ram.codeCache = new Int32Array(ram.size >> 1).fill(7);
    bus.write32(0x20000010, 0);
    expect(Array.from(ram.codeCache.slice(6, 11))).toEqual([0, 0, 0, 0, 7]);
    expect(ram.codeCache[5]).toBe(7);
  });

  it('checks instruction fetch permissions', () => {
    const { bus } = mkBus();
    expect(bus.fetchRegion(0x10, 2).name).toBe('flash');
    expect(fault(() => bus.fetchRegion(0x40000000, 2)).reason).toMatch(/device DEV/);
    expect(fault(() => bus.fetchRegion(0x50000000, 2)).kind).toBe('fetch');
  });

  it('rejects overlapping regions and devices', () => {
    const { bus } = mkBus();
    expect(() => bus.addRegion({ name: 'x', base: 0x8000, size: 0x1000, kind: 'ram', access: 'rw' })).toThrow(/overlaps memory region flash/);
  });
});

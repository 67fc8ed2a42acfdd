/**
 * FE310 chip resets and power: the AON watchdog resets the machine (RIOT's pm_reboot path), the
 * PMU sleep ends the run, and every FE310 peripheral's reset() restores its reset state and
 * cancels its events.
 */
import { describe, it, expect } from 'vitest';
import { Machine } from '../../machine/machine.js';
import { hifive1b } from '../../peripherals/boards/hifive1b.js';
import type { Peripheral } from '../../peripherals/peripheral.js';
import { rv, machineWith, DTIM } from './helpers.js';

const dev = (n: string) => hifive1b.peripherals.find((p) => p.name === n)!;
const AON = dev('AON').base;
const WDOGCFG = AON + 0x000, WDOGCOUNT = AON + 0x008, WDOGKEY = AON + 0x01c, WDOGCMP0 = AON + 0x020;
const RTCCFG = AON + 0x040, RTCCOUNTLO = AON + 0x048, BACKUP0 = AON + 0x080;
const PMUIE = AON + 0x140, PMUCAUSE = AON + 0x144, PMUSLEEP = AON + 0x148, PMUKEY = AON + 0x14c;
const KEY = 0x51f15e;
const RSTEN = 1 << 8, ZEROCMP = 1 << 9, ENALWAYS = 1 << 12;

/** A machine spinning in DTIM (jal x0, 0), run in steps. */
function spinning() {
  const warnings: string[] = [];
  const m = new Machine(hifive1b, { warn: (w) => warnings.push(w) });
  m.bus.loadBytes(DTIM, new Uint8Array([0x6f, 0, 0, 0]));
  m.cpu.reset();
  (m.cpu as unknown as { pc: number }).pc = DTIM;
  return { m, warnings };
}

describe('AON watchdog', () => {
  it('without rsten: the comparator raises PLIC source 1 and the run goes on', () => {
    const { m } = spinning();
    m.bus.write32(WDOGKEY, KEY);
    m.bus.write32(WDOGCMP0, 10);
    m.bus.write32(WDOGKEY, KEY);
    m.bus.write32(WDOGCFG, ENALWAYS);
    const s = m.run({ maxTimeMs: 1 }); // 10 lfclk ticks = 305 µs
    expect(s.stopReason).toBe('max-time');
    expect(m.resets).toEqual([]);
    expect(m.bus.read32(WDOGCFG) >>> 28).toBe(1); // wdogip
    expect(m.bus.read32(0x0c001000) & 2).toBe(2); // PLIC pending, source 1
  });

  it('with rsten: the chip resets when wdogs reaches wdogcmp0 (pm_reboot style: cmp 0)', () => {
    const { m } = spinning();
    m.bus.write32(RTCCFG, ENALWAYS); // RTC on
    m.bus.write32(BACKUP0, 0xcafe);
    m.run({ maxTimeMs: 1 });
    const rtcBefore = m.bus.read32(RTCCOUNTLO);
    expect(rtcBefore).toBeGreaterThan(20);
    const at = m.sched.now;
    m.bus.write32(WDOGKEY, KEY);
    m.bus.write32(WDOGCMP0, 0);
    m.bus.write32(WDOGKEY, KEY);
    m.bus.write32(WDOGCFG, RSTEN | ENALWAYS | ZEROCMP | 0xf);
    m.run({ maxTimeMs: 2 });
    expect(m.resets.length).toBe(1);
    expect(m.resets[0].cycle).toBe(at);
    expect(m.resets[0].reason).toMatch(/AON watchdog .*rsten/);
    // Watchdog back to its reset state; the rest of the AON domain kept running; cause recorded.
    expect([m.bus.read32(WDOGCFG), m.bus.read32(WDOGCOUNT), m.bus.read32(WDOGCMP0)]).toEqual([0, 0, 0xffff]);
    expect(m.bus.read32(RTCCOUNTLO)).toBeGreaterThanOrEqual(rtcBefore);
    expect(m.bus.read32(RTCCFG) & ENALWAYS).toBe(ENALWAYS); // still counting
    expect(m.bus.read32(BACKUP0)).toBe(0xcafe);
    expect((m.bus.read32(PMUCAUSE) >>> 8) & 3).toBe(2);
    // The core restarted at the reset vector (empty flash here: it stops on a fault there).
    expect(m.cpu.instructions).toBeLessThan(10);
  });

  it('firmware doing it: a program that arms the watchdog restarts once per expiry', () => {
    // li t0, AON; li t1, KEY; sw t1, 0x1c(t0); sw zero, 0x20(t0); sw t1, 0x1c(t0); li t2, cfg; sw t2, 0(t0); spin
    const T0 = 5, T1 = 6, T2 = 7;
    const li = (rd: number, v: number) => {
      const lo = (v << 20) >> 20;
      return [rv.lui(rd, ((v - lo) >>> 12) & 0xfffff), rv.addi(rd, rd, lo)];
    };
    const prog = [
      ...li(T0, AON), ...li(T1, KEY),
      rv.sw(T1, T0, 0x1c), rv.sw(0, T0, 0x20), rv.sw(T1, T0, 0x1c),
      ...li(T2, RSTEN | ENALWAYS | ZEROCMP), rv.sw(T2, T0, 0), rv.halt(),
    ];
    const { m } = machineWith(prog, DTIM);
    // After the reset the core starts at the reset vector: point it at the program again.
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, rv.lui(T0, DTIM >>> 12), true);
    new DataView(bytes.buffer).setUint32(4, (0x67 | (T0 << 15)) >>> 0, true); // jalr x0, 0(t0)
    m.bus.loadBytes(0x2001_0000, bytes);
    m.run({ maxTimeMs: 5 });
    expect(m.resets.length).toBeGreaterThanOrEqual(2);
    expect(m.resets.every((r) => /watchdog/.test(r.reason))).toBe(true);
  });
});

describe('AON PMU', () => {
  it('pmusleep (after the key) powers the core off: the run ends as system-off', () => {
    const { m } = spinning();
    m.bus.write32(PMUKEY, KEY);
    m.bus.write32(PMUIE, 2);
    m.bus.write32(PMUKEY, KEY);
    m.bus.write32(PMUSLEEP, 0);
    const s = m.run({ maxTimeMs: 1 });
    expect([s.stopReason, s.exitCode]).toEqual(['system-off', 0]);
  });
  it('pmusleep without the key is ignored', () => {
    const { m } = spinning();
    m.bus.write32(PMUSLEEP, 0);
    expect(m.run({ maxTimeMs: 1 }).stopReason).toBe('max-time');
  });
});

/** Registers without read side effects, per peripheral (offsets). */
const PROBE: Record<string, number[]> = {
  PLIC: [0x4, 0x8, 0xc, 0x1000, 0x2000, 0x2004, 0x200000],
  CLINT: [0x0, 0x4000, 0x4004, 0xbff8, 0xbffc],
  AON: [0x0, 0x8, 0x10, 0x20],
  PRCI: [0x0, 0x4, 0x8, 0xc, 0xf0],
  OTP: [0x0, 0x4, 0x8, 0xc, 0x10, 0x34],
  GPIO0: [0x4, 0x8, 0xc, 0x10, 0x18, 0x1c, 0x20, 0x38, 0x3c, 0x40],
  UART0: [0x0, 0x8, 0xc, 0x10, 0x14, 0x18],
  UART1: [0x0, 0x8, 0xc, 0x10, 0x14, 0x18],
  QSPI0: [0x0, 0x4, 0x10, 0x14, 0x18, 0x28, 0x2c, 0x40, 0x50, 0x54, 0x60, 0x64, 0x70],
};

describe('FE310 peripherals reset()', () => {
  it('PLIC: a source still asserted after the reset (the AON RTC keeps running) is pending again', () => {
    const { m } = spinning();
    m.bus.write32(AON + 0x060, 0); // rtccmp0 = 0: the RTC comparator fires at once
    m.bus.write32(RTCCFG, ENALWAYS);
    expect(m.bus.read32(0x0c001000) & 4).toBe(4); // source 2 pending
    m.bus.write32(0x0c000008, 1); // priority of source 2
    for (const p of m.peripherals.values()) p.reset();
    expect(m.bus.read32(0x0c001000) & 4).toBe(0); // cleared by the reset...
    m.sched.runDue();
    expect(m.bus.read32(0x0c001000) & 4).toBe(4); // ...and forwarded again by its gateway
    expect(m.bus.read32(0x0c000008)).toBe(0); // priorities are back to 0
  });


  it('every peripheral comes back to the values it had at power-on, with no event left armed', () => {
    const { m } = spinning();
    const snap = () => {
      const out: Record<string, number[]> = {};
      for (const [name, offs] of Object.entries(PROBE)) out[name] = offs.map((o) => (m.peripherals.get(name) as Peripheral).read(o, 4));
      return out;
    };
    expect([...m.peripherals.keys()].sort()).toEqual(Object.keys(PROBE).sort());
    const fresh = snap();
    // Scribble over everything (AON watchdog and PMU registers need the key before each write).
    for (const [name, offs] of Object.entries(PROBE)) {
      const p = m.peripherals.get(name) as Peripheral;
      for (const o of offs) {
        if (name === 'AON') p.write(0x1c, 4, KEY);
        p.write(o, 4, 0x5a5a5a5a);
      }
    }
    for (const n of ['UART0', 'UART1']) {
      const u = m.peripherals.get(n)!;
      u.write(0x08, 4, 1);
      u.write(0x0c, 4, 1);
      u.write(0x00, 4, 0x41); // a frame on the wire: its event is armed
    }
    m.bus.write32(0x02004000, 100); // mtimecmp soon
    m.bus.write32(0x02004004, 0);
    const aon = m.peripherals.get('AON')!;
    aon.write(0x1c, 4, KEY);
    aon.write(0x20, 4, 3);
    aon.write(0x1c, 4, KEY);
    aon.write(0x0, 4, ENALWAYS); // watchdog counting toward 3
    expect(m.sched.nextTime).toBeLessThan(Infinity);
    for (const p of m.peripherals.values()) p.reset();
    m.sched.runDue(); // the PLIC gateways look at the sources once everything has reset
    expect(m.sched.nextTime).toBe(Infinity);
    const after = snap();
    // The clock went back to the HFROSC; mtime restarted from 0 (and has not ticked since).
    expect(after).toEqual(fresh);
    expect(m.clock.hz).toBe(hifive1b.clockHz);
    expect(m.cpu.registers().mip & ((1 << 3) | (1 << 7) | (1 << 11))).toBe(0);
  });
});

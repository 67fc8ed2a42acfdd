import { describe, it, expect } from 'vitest';
import { makeBench, RAM } from './harness.js';
import { isBusFault } from '../../peripherals/bus.js';
import type { NrfNvmc } from '../../peripherals/nrf52840/nvmc.js';
import type { NrfGpio } from '../../peripherals/nrf52840/gpio.js';
import type { NrfWdt } from '../../peripherals/nrf52840/wdt.js';

const MHZ = 64;

describe('CLOCK / POWER', () => {
  it('HFCLKSTART -> HFCLKSTARTED after the HFXO start-up time (360 µs), with the IRQ when enabled', () => {
    const b = makeBench();
    expect(b.rd('CLOCK', 0x40c)).toBe(0x10000); // HFCLKSTAT: HFINT running
    b.wr('CLOCK', 0x304, 1); // INTENSET HFCLKSTARTED
    b.wr('CLOCK', 0x000, 1);
    expect(b.rd('CLOCK', 0x408)).toBe(1); // HFCLKRUN
    b.advance(360 * MHZ - 1);
    expect(b.rd('CLOCK', 0x100)).toBe(0);
    b.advance(1);
    expect(b.rd('CLOCK', 0x100)).toBe(1);
    expect(b.rd('CLOCK', 0x40c)).toBe(0x10001);
    expect(b.irq.level(0)).toBe(true);
  });

  it('LFCLKSTART copies LFCLKSRC; start-up time depends on the source', () => {
    const b = makeBench();
    b.wr('CLOCK', 0x518, 0); // RC
    b.wr('CLOCK', 0x008, 1);
    b.advance(600 * MHZ);
    expect(b.rd('CLOCK', 0x104)).toBe(1);
    expect(b.rd('CLOCK', 0x418)).toBe(0x10000); // LFCLKSTAT running, SRC RC
    b.wr('CLOCK', 0x00c, 1); // stop
    b.wr('CLOCK', 0x104, 0);
    b.wr('CLOCK', 0x518, 1); // Xtal: 250 ms
    b.wr('CLOCK', 0x008, 1);
    expect(b.rd('CLOCK', 0x41c)).toBe(1); // LFCLKSRCCOPY
    b.advance(250_000 * MHZ - 1);
    expect(b.rd('CLOCK', 0x104)).toBe(0);
    b.advance(1);
    expect(b.rd('CLOCK', 0x418)).toBe(0x10001);
  });

  it('POWER: RESETREAS write-1-to-clear, GPREGRET, DCDCEN, SYSTEMOFF reported', () => {
    const b = makeBench();
    b.wr('CLOCK', 0x51c, 0x1ab);
    expect(b.rd('CLOCK', 0x51c)).toBe(0xab);
    b.wr('CLOCK', 0x578, 1);
    expect(b.rd('CLOCK', 0x578)).toBe(1);
    b.wr('CLOCK', 0x500, 1);
    expect(b.systemEvents).toEqual(['off: CLOCK: firmware entered System OFF (POWER.SYSTEMOFF)']);
  });
});

describe('NVMC, FICR, UICR', () => {
  it('writes flash words only with CONFIG.WEN, ANDing bits, charging tWRITE; erases pages with EEN', () => {
    const b = makeBench();
    const flashAddr = 0x8_0000;
    const write = () => b.bus.write32(flashAddr, 0x12345678);
    let err: unknown;
    try {
      write();
    } catch (e) {
      err = e;
    }
    expect(isBusFault(err) && err.reason).toMatch(/CONFIG\.WEN/);
    b.wr('NVMC', 0x504, 1);
    b.bus.stall = 0;
    write();
    expect(b.bus.stall).toBe(41 * MHZ);
    expect(b.bus.read32(flashAddr) >>> 0).toBe(0x12345678);
    b.bus.write32(flashAddr, 0xffff00ff);
    expect(b.bus.read32(flashAddr) >>> 0).toBe(0x12340078);
    expect(() => b.bus.write8(flashAddr + 4, 0)).toThrow();
    b.wr('NVMC', 0x504, 2);
    b.wr('NVMC', 0x508, flashAddr + 0x10);
    expect(b.bus.read32(flashAddr) >>> 0).toBe(0xffffffff);
    expect(b.rd('NVMC', 0x400)).toBe(1);
  });

  it('instruction cache: fetch wait states off vs on, IHIT/IMISS with profiling', () => {
    const b = makeBench();
    const flash = b.bus.regionAt(0)!;
    const nvmc = b.dev.get('NVMC') as NrfNvmc;
    expect(flash.fetchModel).toBe(nvmc.cache);
    expect(flash.fetchModel!.fetch(0x100)).toBe(2); // cache off: W_FLASH
    b.wr('NVMC', 0x540, 0x101); // CACHEEN | CACHEPROFEN
    expect(flash.fetchModel!.fetch(0x100)).toBe(3); // miss
    expect(flash.fetchModel!.fetch(0x104)).toBe(0); // same 16-byte line
    expect(flash.fetchModel!.fetch(0x10c)).toBe(0);
    expect(flash.fetchModel!.fetch(0x110)).toBe(3); // next line
    // 2 ways: lines 0x100, 0x100 + 1 KiB, 0x100 + 2 KiB share a set (64 sets x 16 B = 1 KiB per way).
    expect(flash.fetchModel!.fetch(0x500)).toBe(3);
    expect(flash.fetchModel!.fetch(0x100)).toBe(0);
    expect(flash.fetchModel!.fetch(0x900)).toBe(3); // evicts 0x500 (least recently used)
    expect(flash.fetchModel!.fetch(0x100)).toBe(0);
    expect(flash.fetchModel!.fetch(0x500)).toBe(3);
    expect(b.rd('NVMC', 0x548)).toBe(4); // IHIT
    expect(b.rd('NVMC', 0x54c)).toBe(5); // IMISS
    b.wr('NVMC', 0x548, 0);
    expect(b.rd('NVMC', 0x548)).toBe(0);
  });

  it('FICR describes an nRF52840 with a seed-derived DEVICEID; UICR reads erased and programs via NVMC', () => {
    const b1 = makeBench({ seed: 7 });
    const b2 = makeBench({ seed: 7 });
    const b3 = makeBench({ seed: 8 });
    expect(b1.rd('FICR', 0x010)).toBe(4096);
    expect(b1.rd('FICR', 0x014)).toBe(256);
    expect(b1.rd('FICR', 0x100)).toBe(0x52840);
    expect(b1.rd('FICR', 0x10c)).toBe(256);
    expect(b1.rd('FICR', 0x110)).toBe(1024);
    expect(b1.rd('FICR', 0x060)).toBe(b2.rd('FICR', 0x060));
    expect(b1.rd('FICR', 0x060)).not.toBe(b3.rd('FICR', 0x060));
    expect(b1.rd('UICR', 0x200)).toBe(0xffffffff); // PSELRESET[0]
    expect(b1.rd('UICR', 0x20c)).toBe(0xffffffff); // NFCPINS
    expect(b1.rd('UICR', 0x304)).toBe(0xffffffff); // REGOUT0
    expect(() => b1.wr('UICR', 0x20c, 0xfffffffe)).toThrow();
    b1.wr('NVMC', 0x504, 1);
    b1.wr('UICR', 0x20c, 0xfffffffe);
    expect(b1.rd('UICR', 0x20c)).toBe(0xfffffffe);
    b1.wr('NVMC', 0x504, 2);
    b1.wr('NVMC', 0x514, 1); // ERASEUICR
    expect(b1.rd('UICR', 0x20c)).toBe(0xffffffff);
  });
});

describe('GPIO, RNG, TEMP, WDT', () => {
  it('GPIO OUT/DIR/IN/PIN_CNF and output change notifications (LEDs)', () => {
    const b = makeBench();
    const p0 = b.dev.get('P0') as NrfGpio;
    const changes: string[] = [];
    p0.onOutput = (port, pin, level) => changes.push(`${port}.${pin}=${level ? 1 : 0}`);
    const P0 = 0x5000_0000, P1 = 0x5000_0300;
    b.bus.write32(P0 + 0x518, 1 << 13); // DIRSET LED1 (P0.13)
    expect(b.bus.read32(P0 + 0x700 + 13 * 4) & 1).toBe(1); // PIN_CNF mirrors DIR
    b.bus.write32(P0 + 0x508, 1 << 13); // OUTSET
    b.bus.write32(P0 + 0x50c, 1 << 13); // OUTCLR
    expect(changes).toEqual(['0.13=1', '0.13=0']);
    b.bus.write32(P0 + 0x700 + 11 * 4, 3 << 2); // button P0.11: input connected, pull-up
    expect((b.bus.read32(P0 + 0x510) >>> 11) & 1).toBe(1);
    p0.setInput(11, false); // pressed
    expect((b.bus.read32(P0 + 0x510) >>> 11) & 1).toBe(0);
    b.bus.write32(P1 + 0x504, 0x5);
    expect(b.bus.read32(P1 + 0x504)).toBe(5);
    expect(b.bus.read32(P0 + 0x504)).toBe(0);
  });

  it('RNG: seeded, reproducible, VALRDY every 30 µs; TEMP: DATARDY after 36 µs', () => {
    const vals = (seed: number) => {
      const b = makeBench({ seed });
      b.wr('RNG', 0x000, 1);
      const out: number[] = [];
      for (let i = 0; i < 8; i++) {
        b.advance(30 * MHZ - 1);
        expect(b.rd('RNG', 0x100)).toBe(0);
        b.advance(1);
        expect(b.rd('RNG', 0x100)).toBe(1);
        out.push(b.rd('RNG', 0x508));
        b.wr('RNG', 0x100, 0);
      }
      return out;
    };
    const a = vals(3);
    expect(vals(3)).toEqual(a);
    expect(vals(4)).not.toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(4);

    const b = makeBench();
    b.wr('TEMP', 0x000, 1);
    b.advance(36 * MHZ - 1);
    expect(b.rd('TEMP', 0x100)).toBe(0);
    b.advance(1);
    expect(b.rd('TEMP', 0x100)).toBe(1);
    expect(b.rd('TEMP', 0x508)).toBe(100); // 25 °C in 0.25 °C units
  });

  it('WDT: timeout after (CRV + 1) / 32768 s unless reloaded, then a reset request', () => {
    const b = makeBench();
    const wdt = b.dev.get('WDT') as NrfWdt;
    let resets = 0;
    wdt.onReset = () => resets++;
    b.wr('WDT', 0x504, 32767); // 1 s
    b.wr('WDT', 0x000, 1);
    b.advance(32 * 1_000_000); // 0.5 s
    b.wr('WDT', 0x600, 0x6e524635); // RR[0]
    b.advance(64_000_000 - 1);
    expect(b.rd('WDT', 0x100)).toBe(0);
    b.advance(1);
    expect(b.rd('WDT', 0x100)).toBe(1);
    expect(resets).toBe(0);
    b.advance(3907); // 2 LFCLK periods
    expect(resets).toBe(1);
    b.wr('WDT', 0x504, 15); // locked while running
    expect(b.rd('WDT', 0x504)).toBe(32767);
  });

  it('unknown registers warn once and read 0; --strict faults', () => {
    const b = makeBench();
    expect(b.rd('TIMER0', 0x7f0)).toBe(0);
    expect(b.rd('TIMER0', 0x7f0)).toBe(0);
    expect(b.warnings.filter((w) => /TIMER0.*0x7f0/.test(w)).length).toBe(1);
    const s = makeBench({ strict: true });
    expect(() => s.rd('RTC1', 0x7f0)).toThrow();
  });
});

void RAM;

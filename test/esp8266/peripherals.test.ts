/**
 * ESP8266 peripheral models driven through the bus, without a CPU: a real Scheduler, Clock, Bus and
 * Console, a recording IrqSink, and the peripherals of the esp8266-esp-12x board built from the
 * board data with the ESP8266 device table.
 */
import { describe, it, expect } from 'vitest';
import { Bus } from '../../peripherals/bus.js';
import { Scheduler } from '../../peripherals/scheduler.js';
import { Console } from '../../peripherals/console.js';
import { Clock, type IrqSink, type PeripheralContext } from '../../peripherals/peripheral.js';
import { PowerResources } from '../../peripherals/power.js';
import { esp8266Esp12x as board } from '../../peripherals/boards/esp8266.js';
import { esp8266Devices } from '../../peripherals/esp8266/index.js';
import { createUnmodelled } from '../../peripherals/unmodelled.js';
import { findBoard, boardForMachine } from '../../peripherals/boards/index.js';

class RecIrq implements IrqSink {
  readonly log: Array<{ line: number; level: boolean; cycle: number }> = [];
  readonly levels = new Map<number, boolean>();
  constructor(private readonly sched: Scheduler) {}
  setIrq(line: number, level: boolean): void {
    this.levels.set(line, level);
    this.log.push({ line, level, cycle: this.sched.now });
  }
}

function bench(opts: { strict?: boolean } = {}) {
  const sched = new Scheduler();
  const clock = new Clock(board.clockHz, sched);
  const bus = new Bus();
  for (const m of board.memory) bus.addRegion(m);
  const out: string[] = [];
  const console = new Console((s) => out.push(s));
  const irq = new RecIrq(sched);
  const warnings: string[] = [];
  const warned = new Set<string>();
  const ctx: PeripheralContext = {
    sched, clock, irq, bus, console, seed: 1, power: new PowerResources(),
    system: { powerOff: () => {}, reset: () => {} },
    diag: {
      strict: opts.strict ?? false,
      warnOnce(key, message) {
        if (warned.has(key)) return;
        warned.add(key);
        warnings.push(message);
      },
    },
  };
  for (const d of board.peripherals) {
    const f = d.type === 'unmodelled' ? createUnmodelled : esp8266Devices[d.type];
    if (!f) throw new Error(`no model ${d.type}`);
    const p = f(d, ctx);
    bus.addDevice(p);
    p.reset();
  }
  const base = (n: string) => board.peripherals.find((p) => p.name === n)!.base;
  const advanceTo = (t: number) => {
    for (;;) {
      const next = sched.nextTime;
      if (next > t) break;
      sched.now = next;
      sched.runDue();
    }
    sched.now = t;
  };
  return {
    sched, clock, bus, console, irq, warnings, out,
    rd: (n: string, off: number) => bus.read32(base(n) + off),
    wr: (n: string, off: number, v: number) => bus.write32(base(n) + off, v),
    advance: (c: number) => advanceTo(sched.now + c),
    advanceTo,
  };
}

const FIFO = 0x00, INT_RAW = 0x04, INT_ST = 0x08, INT_ENA = 0x0c, INT_CLR = 0x10, CLKDIV = 0x14, STATUS = 0x1c, CONF0 = 0x20, CONF1 = 0x24;
const LOAD = 0x00, COUNT = 0x04, CTRL = 0x08, INT = 0x0c;
const ENABLE = 0x80, AUTOLOAD = 0x40, DIV16 = 0x04, DIV256 = 0x08, LEVEL = 0x01;

describe('esp8266-esp-12x board data', () => {
  it('is registered as the xtensa default and matches Xtensa ELF images', () => {
    expect(findBoard('esp8266-esp-12x')).toBe(board);
    expect(boardForMachine(94)?.name).toBe('esp8266-esp-12x');
    expect(board.cpu).toBe('lx106');
    expect(board.arch).toBe('xtensa');
  });
  it('maps IRAM, DRAM and flash; the boot ROM faults with its name', () => {
    const b = bench();
    b.bus.write32(0x3ffe_8000, 0x12345678);
    expect(b.bus.read32(0x3ffe_8000)).toBe(0x12345678);
    expect(b.bus.read32(0x3fff_bffc)).toBe(0);
    expect(() => b.bus.read32(0x3fff_c000)).toThrow();
    b.bus.write32(0x4010_7ffc, 7);
    expect(b.bus.read32(0x4010_7ffc)).toBe(7);
    expect(b.bus.fetchRegion(0x4020_0000, 4).name).toBe('flash');
    expect(() => b.bus.fetchRegion(0x4000_1000, 4)).toThrow();
    try {
      b.bus.fetchRegion(0x4000_1000, 4);
    } catch (e) {
      expect((e as { reason: string }).reason).toMatch(/bootrom-unavailable/);
    }
    expect(() => b.bus.fetchRegion(0x3ffe_8000, 4)).toThrow(); // DRAM is not executable
  });
  it('unmodelled blocks warn once and read 0; --strict faults', () => {
    const b = bench();
    expect(b.bus.read32(0x6000_0900)).toBe(0);
    b.bus.write32(0x6000_0900, 1);
    expect(b.warnings.some((w) => /WDT register at offset 0x000/.test(w))).toBe(true);
    const s = bench({ strict: true });
    expect(() => s.bus.read32(0x6000_0800)).toThrow();
  });
});

describe('UART0', () => {
  it('transmits each byte after one frame at CLKDIV (115200 8N1 at 80 MHz: 6940 cycles)', () => {
    const b = bench();
    b.wr('UART0', CLKDIV, 694);
    b.wr('UART0', FIFO, 0x41);
    b.wr('UART0', FIFO, 0x42);
    expect(b.rd('UART0', STATUS) >>> 16).toBe(2);
    b.advance(6939);
    b.console.flush();
    expect(b.console.output).toBe('');
    b.advance(1);
    b.console.flush();
    expect(b.console.output).toBe('A');
    expect((b.rd('UART0', STATUS) >>> 16) & 0xff).toBe(1);
    b.advance(6940);
    b.console.flush();
    expect(b.console.output).toBe('AB');
    expect(b.rd('UART0', STATUS)).toBe(0);
  });
  it('frame length follows CONF0 (7 data bits, 2 stop bits) and the core clock (160 MHz doubles the cycles)', () => {
    const b = bench();
    b.wr('UART0', CLKDIV, 100);
    b.wr('UART0', CONF0, (2 << 2) | (3 << 4)); // 7 data, 2 stop -> 10 bits
    b.wr('DPORT', 0x14, 1); // CPU 160 MHz
    expect(b.clock.hz).toBe(160_000_000);
    b.wr('UART0', FIFO, 0x31);
    b.advance(1999);
    b.console.flush();
    expect(b.console.output).toBe('');
    b.advance(1);
    b.console.flush();
    expect(b.console.output).toBe('1');
  });
  it('TXFIFO_EMPTY interrupt below the threshold, masked by INT_ENA, level on line 5', () => {
    const b = bench();
    b.wr('UART0', CLKDIV, 10);
    b.wr('UART0', CONF1, 2 << 8); // empty threshold 2
    for (let i = 0; i < 3; i++) b.wr('UART0', FIFO, 0x30 + i);
    expect(b.rd('UART0', INT_RAW) & 2).toBe(0);
    b.wr('UART0', INT_ENA, 2);
    expect(b.irq.levels.get(5) ?? false).toBe(false);
    b.advance(100); // one frame done: 2 left, still not below 2
    expect(b.rd('UART0', INT_ST)).toBe(0);
    b.advance(100);
    expect(b.rd('UART0', INT_ST)).toBe(2);
    expect(b.irq.levels.get(5)).toBe(true);
    b.wr('UART0', INT_ENA, 0);
    expect(b.irq.levels.get(5)).toBe(false);
  });
  it('RX from the console input with RXFIFO_FULL and time-out interrupts; FIFO read pops', () => {
    const b = bench();
    b.wr('UART0', CLKDIV, 10);
    b.wr('UART0', CONF1, 2 | (3 << 24) | 0x8000_0000); // full at 2, time-out after 3 byte times
    b.wr('UART0', INT_ENA, 0x101);
    b.console.feed('xyz');
    b.advance(100);
    expect(b.rd('UART0', STATUS) & 0xff).toBe(1);
    expect(b.rd('UART0', INT_RAW) & 1).toBe(0);
    b.advance(100);
    expect(b.rd('UART0', INT_ST) & 1).toBe(1);
    expect(b.irq.levels.get(5)).toBe(true);
    b.advance(100);
    expect(b.rd('UART0', STATUS) & 0xff).toBe(3);
    b.advance(300); // no more input: time-out
    expect(b.rd('UART0', INT_RAW) & 0x100).toBe(0x100);
    expect([b.rd('UART0', FIFO), b.rd('UART0', FIFO), b.rd('UART0', FIFO)]).toEqual([0x78, 0x79, 0x7a]);
    b.wr('UART0', INT_CLR, 0x100);
    expect(b.rd('UART0', INT_RAW)).toBe(0);
    expect(b.irq.levels.get(5)).toBe(false);
  });
  it('TXFIFO reset drops pending bytes; UART1 does not reach the console', () => {
    const b = bench();
    b.wr('UART0', CLKDIV, 10);
    b.wr('UART0', FIFO, 0x41);
    b.wr('UART0', FIFO, 0x42);
    b.wr('UART0', CONF0, 0x1c | (1 << 18));
    b.wr('UART0', CONF0, 0x1c);
    expect(b.rd('UART0', STATUS)).toBe(0);
    b.wr('UART1', FIFO, 0x43);
    b.advance(1000);
    b.console.flush();
    expect(b.console.output).toBe('');
  });
});

describe('FRC1 timer', () => {
  it('counts down at 80 MHz / 16 and pulses edge interrupt 9 only with DPORT edge enable', () => {
    const b = bench();
    b.wr('TIMER', LOAD, 100);
    b.wr('TIMER', CTRL, ENABLE | DIV16);
    b.advance(16 * 40);
    expect(b.rd('TIMER', COUNT)).toBe(60);
    b.advance(16 * 60);
    expect(b.rd('TIMER', INT)).toBe(1);
    expect(b.irq.log.filter((e) => e.line === 9)).toEqual([]); // edge enable off
    b.wr('TIMER', INT, 1);
    expect(b.rd('TIMER', INT)).toBe(0);
    // Again with the edge enable set, auto-reload
    b.wr('DPORT', 0x04, 2);
    b.wr('TIMER', LOAD, 50);
    b.wr('TIMER', CTRL, ENABLE | AUTOLOAD | DIV16);
    const t0 = b.sched.now;
    b.advance(16 * 50 * 3);
    const pulses = b.irq.log.filter((e) => e.line === 9 && e.level);
    expect(pulses.map((e) => e.cycle - t0)).toEqual([800, 1600, 2400]);
    expect(b.irq.levels.get(9)).toBe(false); // a pulse, not a level
    b.advance(16 * 10);
    expect(b.rd('TIMER', COUNT)).toBe(40);
  });
  it('level type holds line 9 until INT is cleared; prescaler 256; without auto-reload wraps to 0x7fffff', () => {
    const b = bench();
    b.wr('TIMER', LOAD, 4);
    b.wr('TIMER', CTRL, ENABLE | DIV256 | LEVEL);
    b.advance(256 * 4);
    expect(b.irq.levels.get(9)).toBe(true);
    expect(b.rd('TIMER', CTRL) & 0x100).toBe(0x100);
    b.advance(256 * 3);
    expect(b.rd('TIMER', COUNT)).toBe(0x7fffff - 2);
    b.wr('TIMER', INT, 1);
    expect(b.irq.levels.get(9)).toBe(false);
  });
  it('keeps APB time when the CPU switches to 160 MHz', () => {
    const b = bench();
    b.wr('TIMER', LOAD, 1000);
    b.wr('TIMER', CTRL, ENABLE);
    b.advance(200); // 200 ticks at 80 MHz
    b.wr('DPORT', 0x14, 1);
    b.advance(200); // 100 ticks at 160 MHz
    expect(b.rd('TIMER', COUNT)).toBe(700);
  });
  it('FRC2 counts up and flags its alarm', () => {
    const b = bench();
    b.wr('TIMER', 0x20, 5);
    b.wr('TIMER', 0x30, 105);
    b.wr('TIMER', 0x28, ENABLE | DIV16);
    b.advance(16 * 99);
    expect(b.rd('TIMER', 0x24)).toBe(104);
    expect(b.rd('TIMER', 0x2c)).toBe(0);
    b.advance(16);
    expect(b.rd('TIMER', 0x2c)).toBe(1);
  });
});

describe('GPIO and flash cache', () => {
  it('GPIO W1TS/W1TC and IN loopback', () => {
    const b = bench();
    b.wr('GPIO', 0x10, 0x4); // enable GPIO2
    b.wr('GPIO', 0x04, 0x6);
    expect(b.rd('GPIO', 0x00)).toBe(6);
    expect(b.rd('GPIO', 0x18)).toBe(4);
    b.wr('GPIO', 0x08, 0x4);
    expect(b.rd('GPIO', 0x18)).toBe(0);
  });
  it('flash reads miss once per 32-byte line: 168 cycles at 80 MHz, 336 at 160 MHz', () => {
    const b = bench();
    const flash = b.bus.regionAt(0x4020_0000)!;
    expect(flash.fetchModel!.fetch(0x4020_0000)).toBe(168);
    expect(flash.fetchModel!.fetch(0x4020_001c)).toBe(0);
    b.bus.stall = 0;
    b.bus.read32(0x4020_0020);
    expect(b.bus.stall).toBe(168);
    b.wr('DPORT', 0x14, 1);
    expect(flash.fetchModel!.fetch(0x4020_0040)).toBe(336);
  });
});

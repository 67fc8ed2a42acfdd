import { describe, it, expect } from 'vitest';
import { nrf52840dk } from '../../peripherals/boards/nrf52840dk.js';
import { deviceFactories as nrf52840Devices } from '../../peripherals/registry.js';
import { makeBench } from './harness.js';
import type { NrfGpio } from '../../peripherals/nrf52840/gpio.js';

describe('nrf52840dk peripheral table', () => {
  it('APB peripherals sit at 0x40000000 + ID * 0x1000 with IRQ = ID, and every type has a model', () => {
    for (const p of nrf52840dk.peripherals) {
      expect(nrf52840Devices[p.type], p.type).toBeTypeOf('function');
      if (p.base >= 0x4000_0000 && p.base < 0x5000_0000) {
        expect(p.size).toBe(0x1000);
        const id = (p.base - 0x4000_0000) / 0x1000;
        if (p.irq !== undefined) expect(p.irq, p.name).toBe(id);
      }
    }
    const byName = new Map(nrf52840dk.peripherals.map((p) => [p.name, p]));
    expect(byName.get('UARTE0')!.irq).toBe(2);
    expect(byName.get('UARTE1')!.base).toBe(0x4002_8000);
    expect(byName.get('UARTE1')!.irq).toBe(40);
    expect(['TIMER0', 'TIMER1', 'TIMER2', 'TIMER3', 'TIMER4'].map((n) => byName.get(n)!.irq)).toEqual([8, 9, 10, 26, 27]);
    expect(['RTC0', 'RTC1', 'RTC2'].map((n) => byName.get(n)!.irq)).toEqual([11, 17, 36]);
  });

  it('all peripherals map onto one bus without overlaps', () => {
    const b = makeBench();
    expect(b.dev.size).toBe(nrf52840dk.peripherals.length);
  });
});

describe('GPIOTE', () => {
  it('task mode drives a GPIO pin; event mode raises IN[n] on the configured edge', () => {
    const b = makeBench();
    const P0 = 0x5000_0000;
    // CONFIG[0]: task mode (3), pin P0.13, polarity toggle (3), OUTINIT high
    b.wr('GPIOTE', 0x510, 3 | (13 << 8) | (3 << 16) | (1 << 20));
    expect((b.bus.read32(P0 + 0x504) >>> 13) & 1).toBe(1);
    b.wr('GPIOTE', 0x000, 1); // TASKS_OUT[0]: toggle
    expect((b.bus.read32(P0 + 0x504) >>> 13) & 1).toBe(0);
    b.wr('GPIOTE', 0x030, 1); // TASKS_SET[0]
    expect((b.bus.read32(P0 + 0x504) >>> 13) & 1).toBe(1);
    // CONFIG[1]: event mode, P1.2, HiToLo (2)
    const p1 = b.dev.get('P1') as NrfGpio;
    b.bus.write32(0x5000_0300 + 0x700 + 2 * 4, 0); // input connected
    p1.setInput(2, true);
    b.wr('GPIOTE', 0x514, 1 | (2 << 8) | (1 << 13) | (2 << 16));
    b.wr('GPIOTE', 0x304, 1 << 1);
    p1.setInput(2, true);
    expect(b.rd('GPIOTE', 0x104)).toBe(0);
    p1.setInput(2, false);
    expect(b.rd('GPIOTE', 0x104)).toBe(1);
    expect(b.irq.level(b.irqOf('GPIOTE'))).toBe(true);
  });
});

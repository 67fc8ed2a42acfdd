import { describe, it, expect } from 'vitest';
import { integrateEnergy, spanEnergyUj, formatEnergy, formatPowerModel, stateCurrent } from '../../machine/energy.js';
import { nrf52840dk } from '../../peripherals/boards/nrf52840dk.js';
import { hifive1b } from '../../peripherals/boards/hifive1b.js';
import { esp8266Esp12x } from '../../peripherals/boards/esp8266.js';
import type { PowerModel } from '../../peripherals/boards/types.js';
import { fakeMachine } from './fake.js';
import { measureRun } from '../../machine/report.js';

const HZ = 64_000_000;

describe('energy integration', () => {
  it('charges active time at the active current: 1 s at 3.3 mA and 3 V is 9900 µJ', () => {
    const e = integrateEnergy(nrf52840dk.power, HZ, [{ hz: HZ, cycles: 64_000_000, sleepCycles: 0, resources: ['hfxo'] }]);
    expect(e.available).toBe(true);
    expect(e.activeUs).toBeCloseTo(1e6, 6);
    expect(e.activeUj).toBeCloseTo(9900, 9);
    expect(e.sleepUj).toBe(0);
    expect(e.totalUj).toBeCloseTo(9900, 9);
    expect(e.averageMw).toBeCloseTo(9.9, 9);
    // One cycle: 3.3 mA · 3 V / 64 MHz = 0.1546875 nJ.
    expect(e.uJPerActiveCycle).toBeCloseTo(1.546875e-4, 12);
  });

  it('charges sleep at the sleep current and averages power over the whole run', () => {
    const e = integrateEnergy(nrf52840dk.power, HZ, [{ hz: HZ, cycles: 64_000_000, sleepCycles: 0, resources: ['hfxo'] }, { hz: HZ, cycles: 64_000_000, sleepCycles: 64_000_000 }]);
    expect(e.sleepUs).toBeCloseTo(1e6, 6);
    expect(e.sleepUj).toBeCloseTo(9.48, 9); // 3.16 µA · 3 V · 1 s
    expect(e.totalUj).toBeCloseTo(9909.48, 9);
    expect(e.averageMw).toBeCloseTo(9909.48 / 2 / 1000, 9);
    expect(spanEnergyUj(e, 640, 64)).toBeCloseTo(576 * 1.546875e-4 + 64 * (9.48 / 64e6), 12);
  });

  it('reproduces the datasheet cells from the state rules (nRF52840 TIMER scenarios, CPU running)', () => {
    const m = nrf52840dk.power!;
    const mA = (cpu: 'active' | 'asleep', res: string[]) => stateCurrent(m, cpu, res)!.mA;
    expect(mA('active', ['hfxo'])).toBeCloseTo(3.3, 9); // ICPU0
    expect(mA('active', ['hfxo', 'hfclk'])).toBeCloseTo(3.3, 9);
    expect(mA('active', [])).toBeCloseTo(3.072, 9); // HFINT: ICPU0 - (ITIMER2 - ITIMER0)
    expect(mA('asleep', [])).toBeCloseTo(0.00316, 9); // ION_RAMON_RTC
    expect(mA('asleep', ['hfclk'])).toBeCloseTo(0.418, 9); // ITIMER0
    expect(mA('asleep', ['hfclk', 'hfxo'])).toBeCloseTo(0.646, 9); // ITIMER2
    expect(mA('asleep', ['hfclk', 'pclk16m'])).toBeCloseTo(0.595, 9); // ITIMER3
    expect(mA('asleep', ['hfclk', 'hfxo', 'pclk16m'])).toBeCloseTo(0.823, 9); // ITIMER4
    expect(stateCurrent(m, 'asleep', ['hfclk'])!.label).toMatch(/HFINT/);
  });

  it('integrates each state at its own figure and reports the split', () => {
    const e = integrateEnergy(nrf52840dk.power, HZ, [
      { hz: HZ, cycles: 64_000_000, sleepCycles: 0, resources: ['hfxo'] },
      { hz: HZ, cycles: 64_000_000, sleepCycles: 64_000_000, resources: ['hfxo'] },
      { hz: HZ, cycles: 64_000_000, sleepCycles: 64_000_000, resources: ['hfclk', 'pclk16m'] },
      { hz: HZ, cycles: 64_000_000, sleepCycles: 64_000_000, resources: [] },
    ]);
    // 1 s of each: running on HFXO 3.3 mA, asleep with HFXO 646 uA, asleep with a 16 MHz TIMER on
    // HFINT 418 + 177 uA, asleep with nothing 3.16 uA; all at 3 V.
    expect(e.activeUj).toBeCloseTo(9900, 6);
    expect(e.sleepUj).toBeCloseTo(3 * (646 + 595 + 3.16), 6);
    expect(e.sleepMa).toBeCloseTo((0.646 + 0.595 + 0.00316) / 3, 9);
    expect(e.states.map((s) => `${s.cpu}:${s.resources.join('+')}`)).toEqual(['active:hfxo', 'asleep:hfxo', 'asleep:hfclk+pclk16m', 'asleep:']);
    expect(e.peripherals).toEqual([{ name: 'TIMER faster than 1 MHz (PCLK16M)', mA: 0.177, activeUs: 1e6, uJ: expect.closeTo(531, 6), source: expect.stringMatching(/ITIMER3/) }]);
    expect(e.notApplied.join('\n')).toMatch(/UARTE/);
    const text = formatEnergy(e);
    expect(text).toMatch(/asleep \[hfxo\]/);
    expect(text).toMatch(/no figure: UARTE/);
  });

  it('scales the active figure when the clock changes, and says it is approximate', () => {
    const e = integrateEnergy(nrf52840dk.power, HZ, [
      { hz: HZ, cycles: 64_000_000, sleepCycles: 0, resources: ['hfxo'] },
      { hz: 32_000_000, cycles: 32_000_000, sleepCycles: 0, resources: ['hfxo'] },
    ]);
    expect(e.activeUs).toBeCloseTo(2e6, 6);
    expect(e.activeUj).toBeCloseTo(9900 + 4950, 6);
    expect(e.approximate).toMatch(/32\.000 MHz/);
  });

  it('is unavailable on the FE310 (no published figure), never guessed', () => {
    const e = integrateEnergy(hifive1b.power, hifive1b.clockHz, [{ hz: hifive1b.clockHz, cycles: 1000, sleepCycles: 0 }]);
    expect(e.available).toBe(false);
    expect(e.reason).toMatch(/no datasheet figure/);
    expect(spanEnergyUj(e, 100)).toBeNull();
    expect(formatEnergy(e)).toMatch(/unavailable/);
    expect(hifive1b.power!.active).toBeNull();
    expect(hifive1b.power!.sleep).toBeNull();
  });

  it('every figure of the power models names its source', () => {
    for (const b of [nrf52840dk, hifive1b, esp8266Esp12x]) {
      const p = b.power!;
      expect(p).toBeDefined();
      for (const s of [p.active, p.sleep, ...(p.states ?? [])]) if (s) expect(s.source).toMatch(/PS v1\.7|datasheet|manual/i);
      expect(formatPowerModel(b.name, p, b.clockHz)).toContain(b.name);
    }
    expect(formatPowerModel('hifive1b', hifive1b.power, hifive1b.clockHz)).toMatch(/no datasheet figure/);
  });

  it('integrates a machine run: active and sleep cycles from the run loop', () => {
    const { machine, image } = fakeMachine({ main: [0x100, 0x40] }, [
      { at: 6400, kind: 'sleep', until: 6400 + 64_000 },
      { at: 6400 + 64_000 + 6400, kind: 'exit' },
    ]);
    const r = measureRun(machine, image, {});
    expect(r.summary.sleepCycles).toBe(64_000);
    expect(r.energy.activeUs).toBeCloseTo(200, 9);
    expect(r.energy.sleepUs).toBeCloseTo(1000, 9);
    expect(r.energy.totalUj).toBeCloseTo(3.3 * 3 * 200 / 1000 + 0.00316 * 3 * 1000 / 1000, 9);
    expect(formatEnergy(r.energy)).toMatch(/energy\s+1\.989 µJ/);
  });
});

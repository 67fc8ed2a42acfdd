/**
 * End to end: a compiled nRF52840 program (firmware/tests/arm/power.c) sleeps about 10 ms in each of
 * four chip states; the report's energy split must charge each state at the PS figure for it.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { femtosim } from '../helpers/cli.js';
import { renderHtml } from '../../machine/html.js';

const ELF = 'firmware/tests/arm/prebuilt/power.elf';

interface State {
  cpu: string;
  resources: string[];
  label: string;
  mA: number;
  us: number;
  uJ: number;
}

describe('nRF52840 energy by chip state (compiled program)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'femtosim-power-'));
  const json = join(dir, 'r.json');
  const r = femtosim(['report', ELF, '--json', json]);

  it('the program passes its own checks', () => {
    expect(r.code, r.stderr).toBe(0);
  });

  it('splits the sleep into the four states at their figures', () => {
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    const e = doc.images[0].energy;
    expect(e.available).toBe(true);
    const asleep = (res: string[]) => (e.states as State[]).find((s) => s.cpu === 'asleep' && s.resources.join('+') === res.join('+'))!;
    const cases: Array<[string[], number]> = [
      [['hfclk'], 0.418], // ITIMER0
      [['hfclk', 'hfxo'], 0.646], // ITIMER2
      [['hfclk', 'hfxo', 'pclk16m'], 0.823], // ITIMER4 = ITIMER2 + (ITIMER3 - ITIMER0)
      [[], 0.00316], // ION_RAMON_RTC
    ];
    for (const [res, mA] of cases) {
      const s = asleep(res);
      expect(s, res.join('+')).toBeDefined();
      expect(s.mA).toBeCloseTo(mA, 9);
      // Five 2 ms TIMER periods (or 328 RTC counts) asleep, minus the few cycles awake in between.
      expect(s.us).toBeGreaterThan(9900);
      expect(s.us).toBeLessThan(10100);
      expect(s.uJ).toBeCloseTo((mA * 3 * s.us) / 1000, 3);
    }
    const total = (e.states as State[]).reduce((a, s) => a + s.uJ, 0);
    expect(total).toBeCloseTo(e.totalUj, 3);
    expect(e.peripherals).toEqual([{ name: 'TIMER faster than 1 MHz (PCLK16M)', uJ: expect.any(Number) }]);
  });

  it('the HTML report shows the split by chip state', () => {
    const html = renderHtml(JSON.parse(readFileSync(json, 'utf8')));
    expect(html).toContain('Energy by chip state');
    expect(html).toMatch(/<td>asleep<\/td><td>hfclk, hfxo, pclk16m<\/td><td>asleep, HFXO running<\/td><td>823\.00 µA<\/td>/);
  });

  it('is deterministic: the same report twice', () => {
    const json2 = join(dir, 'r2.json');
    expect(femtosim(['report', ELF, '--json', json2]).code).toBe(0);
    expect(readFileSync(json2, 'utf8')).toBe(readFileSync(json, 'utf8'));
  });
});

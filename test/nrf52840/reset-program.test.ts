/** System resets on a compiled program (firmware/tests/arm/reset.c): SYSRESETREQ, then the watchdog. */
import { describe, it, expect } from 'vitest';
import { femtosim } from '../helpers/cli.js';

describe('nRF52840 system reset (compiled program)', () => {
  const r = femtosim(['run', 'firmware/tests/arm/prebuilt/reset.elf', '--max-time', '100']);

  it('resets the whole chip on AIRCR.SYSRESETREQ and on a watchdog timeout, recording RESETREAS', () => {
    expect(r.stdout).toContain('PASS reset');
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('reports each reset with its cycle and cause, in order', () => {
    const resets = [...r.stderr.matchAll(/system reset at cycle (\d+): (.*)/g)];
    expect(resets.map((m) => m[2])).toEqual(['the core requested a reset (AIRCR.SYSRESETREQ)', 'WDT: watchdog timeout']);
    // The watchdog fires (CRV + 1) / 32768 s = 488.3 us after it started (31,250 cycles at 64 MHz), plus its start-up.
    const gap = Number(resets[1][1]) - Number(resets[0][1]);
    expect(gap).toBeGreaterThan(31_250);
    expect(gap).toBeLessThan(40_000);
  });
});

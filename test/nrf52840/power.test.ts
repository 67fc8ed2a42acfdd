import { describe, it, expect } from 'vitest';
import { makeBench, RAM } from './harness.js';
import { PowerResources } from '../../peripherals/power.js';

// Offsets (nRF52840 PS): CLOCK, TIMER, UARTE.
const HFCLKSTART = 0x000, HFCLKSTOP = 0x004;
const T_START = 0x000, T_STOP = 0x004, T_SHUTDOWN = 0x010, T_COMPARE_STOP_SHORT0 = 1 << 8, T_SHORTS = 0x200;
const T_MODE = 0x504, T_PRESCALER = 0x510, T_CC0 = 0x540;
const U_STARTRX = 0x000, U_STOPRX = 0x004, U_STARTTX = 0x008, U_STOPTX = 0x00c, U_ENABLE = 0x500;
const U_TXD_PTR = 0x544, U_TXD_MAXCNT = 0x548, U_BAUDRATE = 0x524, U_RXD_PTR = 0x534, U_RXD_MAXCNT = 0x538;

const held = (b: ReturnType<typeof makeBench>) => b.ctx.power.names(b.ctx.power.mask);

describe('power resources (peripherals/power.ts)', () => {
  it('counts holders per resource and tells listeners before each change', () => {
    const p = new PowerResources();
    const seen: string[][] = [];
    p.onChange(() => seen.push(p.names(p.mask)));
    p.set('hfclk', 'TIMER0', true);
    p.set('hfclk', 'TIMER0', true); // idempotent per requester
    p.set('hfclk', 'UARTE0', true);
    p.set('hfclk', 'TIMER0', false);
    expect(p.isOn('hfclk')).toBe(true); // UARTE0 still holds it
    p.set('hfclk', 'UARTE0', false);
    expect(p.isOn('hfclk')).toBe(false);
    p.set('hfxo', 'CLOCK', true);
    p.releaseAll();
    expect(p.mask).toBe(0);
    // Listeners see the state that is ending: none, then hfclk, then none, then hfxo.
    expect(seen).toEqual([[], ['hfclk'], [], ['hfxo']]);
  });
});

describe('nRF52840 models hold the resources the PS says they request', () => {
  it('CLOCK: the HFXO is held from HFCLKSTARTED until HFCLKSTOP', () => {
    const b = makeBench();
    b.wr('CLOCK', HFCLKSTART, 1);
    expect(held(b)).toEqual([]); // still starting
    b.advance(64 * 400);
    expect(held(b)).toEqual(['hfxo']);
    b.wr('CLOCK', HFCLKSTOP, 1);
    expect(held(b)).toEqual([]);
  });

  it('TIMER: running holds the HF clock; above 1 MHz also PCLK16M; STOP, SHUTDOWN and a STOP short release', () => {
    const b = makeBench();
    b.wr('TIMER0', T_PRESCALER, 4); // 1 MHz: PCLK1M
    b.wr('TIMER0', T_START, 1);
    expect(held(b)).toEqual(['hfclk']);
    b.wr('TIMER0', T_PRESCALER, 0); // 16 MHz while running
    expect(held(b)).toEqual(['hfclk', 'pclk16m']);
    b.wr('TIMER0', T_STOP, 1);
    expect(held(b)).toEqual([]);
    b.wr('TIMER0', T_MODE, 2); // low-power counter mode: no PCLK16M even at PRESCALER 0
    b.wr('TIMER0', T_START, 1);
    expect(held(b)).toEqual(['hfclk']);
    b.wr('TIMER0', T_SHUTDOWN, 1);
    expect(held(b)).toEqual([]);
    b.wr('TIMER0', T_MODE, 0);
    b.wr('TIMER0', T_CC0, 10);
    b.wr('TIMER0', T_SHORTS, T_COMPARE_STOP_SHORT0);
    b.wr('TIMER0', T_START, 1);
    expect(held(b)).toEqual(['hfclk', 'pclk16m']);
    b.advance(4 * 10); // 10 ticks at 16 MHz: COMPARE0 stops the timer
    expect(held(b)).toEqual([]);
  });

  it('UARTE: the transmitter holds the HF clock from STARTTX to STOPTX, the receiver from STARTRX to STOPRX', () => {
    const b = makeBench();
    b.wr('UARTE0', U_ENABLE, 8);
    b.wr('UARTE0', U_BAUDRATE, 0x01d60000);
    b.bus.write8(RAM + 0x100, 0x41);
    b.wr('UARTE0', U_TXD_PTR, RAM + 0x100);
    b.wr('UARTE0', U_TXD_MAXCNT, 1);
    b.wr('UARTE0', U_STARTTX, 1);
    expect(held(b)).toEqual(['hfclk']);
    b.advance(20_000); // ENDTX: the transmitter stays on until STOPTX
    expect(held(b)).toEqual(['hfclk']);
    b.wr('UARTE0', U_STOPTX, 1);
    expect(held(b)).toEqual([]);
    b.wr('UARTE0', U_RXD_PTR, RAM + 0x200);
    b.wr('UARTE0', U_RXD_MAXCNT, 4);
    b.wr('UARTE0', U_STARTRX, 1);
    expect(held(b)).toEqual(['hfclk']);
    b.wr('UARTE0', U_STOPRX, 1);
    expect(held(b)).toEqual([]);
    b.wr('UARTE0', U_STARTRX, 1);
    b.wr('UARTE0', U_ENABLE, 0); // disabling releases everything
    expect(held(b)).toEqual([]);
  });
});
